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
