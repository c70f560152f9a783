//! The letterhead: defaults, an administrator's changes, PNG logos only, nothing written on error.
mod common;

use common::*;
use despacho_core::letterhead::{self, LetterheadInput};
use despacho_core::users::{self, Role};
use despacho_core::{ErrorCode, Store};

fn file_store(dir: &std::path::Path) -> (Store, despacho_core::users::User) {
    let mut store = Store::open(&dir.join("store.db")).unwrap();
    let admin =
        users::create_first_admin(&mut store, new_user("sg", Role::SecretaryGeneral)).unwrap();
    (store, admin)
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

#[test]
fn defaults_then_an_administrators_letterhead_with_a_logo() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, admin) = file_store(dir.path());
    let lh = letterhead::letterhead(store.conn()).unwrap();
    assert_eq!(lh.organization, letterhead::DEFAULT_ORGANIZATION);
    assert_eq!(lh.logo_sha256, None);

    let logo = dir.path().join("logo.png");
    std::fs::write(&logo, PNG).unwrap();
    let input = LetterheadInput {
        organization: "Conferencia Interamericana de Seguridad Social".into(),
        address: "Calle San Ramón s/n, Ciudad de México".into(),
        logo_path: Some(logo.display().to_string()),
        remove_logo: false,
    };
    let lh = letterhead::set_letterhead(&mut store, &admin, &input).unwrap();
    assert_eq!(lh.address, "Calle San Ramón s/n, Ciudad de México");
    assert_eq!(
        letterhead::logo_png(store.conn(), &lh).unwrap().as_deref(),
        Some(PNG)
    );
    // Changing the text keeps the logo; removing it goes back to the wordmark.
    let lh = letterhead::set_letterhead(
        &mut store,
        &admin,
        &LetterheadInput {
            logo_path: None,
            ..input.clone()
        },
    )
    .unwrap();
    assert!(lh.logo_sha256.is_some());
    let lh = letterhead::set_letterhead(
        &mut store,
        &admin,
        &LetterheadInput {
            logo_path: None,
            remove_logo: true,
            ..input
        },
    )
    .unwrap();
    assert_eq!(lh.logo_sha256, None);
}

#[test]
fn refusals_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, admin) = file_store(dir.path());
    let staff = user_with_role(&mut store, &admin, "staff", Role::ChiefOfStaff);
    let not_png = dir.path().join("logo.jpg");
    std::fs::write(&not_png, b"\xff\xd8\xff\xe0 not a png").unwrap();
    let base = LetterheadInput {
        organization: "CISS".into(),
        address: String::new(),
        logo_path: None,
        remove_logo: false,
    };
    let before = fingerprint(&store);
    let e = letterhead::set_letterhead(&mut store, &staff, &base).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = letterhead::set_letterhead(
        &mut store,
        &admin,
        &LetterheadInput {
            organization: " ".into(),
            ..base.clone()
        },
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Required, Some("organization"))
    );
    let e = letterhead::set_letterhead(
        &mut store,
        &admin,
        &LetterheadInput {
            logo_path: Some(not_png.display().to_string()),
            ..base.clone()
        },
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidFormat, Some("logo_path"))
    );
    let e = letterhead::set_letterhead(
        &mut store,
        &admin,
        &LetterheadInput {
            logo_path: Some("/no/such/file.png".into()),
            ..base
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(fingerprint(&store).0, before.0, "no audit row");
    assert_eq!(
        letterhead::letterhead(store.conn()).unwrap().organization,
        letterhead::DEFAULT_ORGANIZATION
    );
}
