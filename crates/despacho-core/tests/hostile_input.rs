//! Random and hostile input never panics, always answers Ok or a typed error naming a field,
//! and writes nothing on error.
mod common;

use common::*;
use despacho_core::members::{self, Category, MemberInput, MemberStatus};
use proptest::prelude::*;

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        Just("'; DROP TABLE members; --".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("\u{202E}evil\u{202C}".to_string()),
        Just("a\u{0}b".to_string()),
        Just("x".repeat(10_000)),
        Just(String::new()),
        Just("IMSS".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn member_creation_is_total(
        name in hostile_text(),
        acronym in hostile_text(),
        country in prop_oneof![Just("MX".to_string()), Just("mx".to_string()), "[A-Za-z]{0,3}", hostile_text()],
        category in proptest::option::of(prop_oneof![Just(Category::Titular), Just(Category::Linked)]),
        subregion in proptest::option::of(any::<u8>()),
        date in proptest::option::of(prop_oneof![Just("2020-02-29".to_string()), "[0-9-]{0,12}", hostile_text()]),
        email in proptest::option::of(prop_oneof![Just("a@b.org".to_string()), hostile_text()]),
        website in proptest::option::of(prop_oneof![Just("www.b.org".to_string()), hostile_text()]),
        notes in hostile_text(),
    ) {
        let (mut store, admin) = store_with_admin();
        let input = MemberInput { name, acronym, country, category, subregion, admission_date: date, status: MemberStatus::Active, website, email, notes };
        let before = fingerprint(&store);
        match members::create_member(&mut store, &admin, &input) {
            Ok(m) => {
                prop_assert_eq!(members::get_member(store.conn(), &m.id).unwrap().member, m);
            }
            Err(e) => {
                prop_assert!(e.field.is_some(), "validation errors name their field: {:?}", e);
                prop_assert_eq!(fingerprint(&store), before);
            }
        }
    }

    #[test]
    fn import_preview_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let (store, _) = store_with_admin();
        let p = members::preview_import(store.conn(), &bytes).unwrap();
        prop_assert!(p.is_valid() || !p.issues.is_empty());
    }
}

/// A bundle whose framing and checksum are right but whose file lengths overflow when added
/// (u64::MAX + 2) is garbled — a typed refusal, not an arithmetic-overflow panic — and
/// nothing is written. Found by the hostile-input review of the sync reader (issue 8 item 5).
#[test]
fn a_sync_bundle_whose_file_lengths_overflow_is_refused_not_a_panic() {
    use despacho_core::sync::bundle::{self, Refusal, SyncError, FORMAT, MAGIC};
    use sha2::{Digest, Sha256};
    let (mut store, admin) = store_with_admin();
    let body = serde_json::json!({
        "header": {
            "format": FORMAT, "from": "a", "from_name": "A", "to": "b", "seq": 1, "prev_seq": 0,
            "created_at": "2026-01-01T00:00:00Z", "schema_version": 1, "vector": {}
        },
        "changes": [],
        "files": [{ "sha256": "00", "len": u64::MAX }, { "sha256": "00", "len": 2 }],
    })
    .to_string();
    let blobs = [7u8];
    let mut file = MAGIC.to_vec();
    file.extend(FORMAT.to_be_bytes());
    file.extend((body.len() as u64).to_be_bytes());
    file.extend(body.as_bytes());
    file.extend((blobs.len() as u64).to_be_bytes());
    file.extend(blobs);
    let sum = Sha256::digest(&file);
    file.extend(sum);
    file.extend([0u8; 64]);
    let before = fingerprint(&store);
    match bundle::import(&mut store, &admin, &file) {
        Err(SyncError::Refused(Refusal::Garbled(why))) => {
            assert!(why.contains("do not add up"), "{why}")
        }
        other => panic!("expected a garbled refusal, got {other:?}"),
    }
    assert_eq!(fingerprint(&store), before);
}
