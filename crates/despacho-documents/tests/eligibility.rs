//! The eligibility report printed from the demo store: the draft (marked DRAFT) and a signed
//! version, in Spanish and English, read back with `pdftotext`.

use despacho_core::elections;
use despacho_core::users::{self, Language, NewUser, Role, User};
use despacho_core::{demo, ErrorCode, Store};
use despacho_documents::eligibility::render;

mod support;
use support::text_of;

fn demo_store() -> (tempfile::TempDir, Store, User) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db")).unwrap();
    let admin = users::create_first_admin(
        &mut store,
        NewUser {
            username: "sg".into(),
            full_name: "Laura Méndez".into(),
            role: Role::SecretaryGeneral,
            is_admin: true,
            password: "una clave larga".into(),
            language: Language::Es,
        },
    )
    .unwrap();
    demo::load(&mut store, &admin).unwrap();
    (dir, store, admin)
}

#[test]
fn the_draft_and_the_signed_report_print_the_verdicts_and_their_reasons() {
    let (_dir, mut store, sg) = demo_store();
    let call = elections::list_calls(store.conn()).unwrap()[0].id.clone();
    let es = text_of(&render(store.conn(), &call, Language::Es, None, "2026-11-28").unwrap());
    for needle in [
        "Informe de elegibilidad",
        "PROYECTO",
        "Presidencia",
        "Vicepresidencia (2 puestos)",
        "Juan Carlos Benítez Ortiz",
        "No cumple. Documento no presentado.",
        "IESS adeuda cuotas",
        "Candidaturas elegibles",
        "Misma nacionalidad (MX)",
    ] {
        assert!(es.contains(needle), "{needle:?} missing in:\n{es}");
    }
    let en = text_of(&render(store.conn(), &call, Language::En, None, "2026-11-28").unwrap());
    for needle in [
        "Eligibility report",
        "DRAFT",
        "Not met. Document not presented.",
        "Eligible candidates",
    ] {
        assert!(en.contains(needle), "{needle:?} missing in:\n{en}");
    }
    assert!(!en.contains("Signed by"));

    let v1 = elections::sign_eligibility(&mut store, &sg, &call).unwrap();
    let signed = text_of(&render(store.conn(), &call, Language::En, None, "2026-11-28").unwrap());
    assert!(!signed.contains("DRAFT"), "{signed}");
    assert!(signed.contains("Signed by"));
    assert!(signed.contains("Laura Méndez"));
    assert!(
        signed.contains(&format!("Version {}", v1.version)),
        "{signed}"
    );
    for l in [Language::Pt, Language::Fr] {
        let pdf = render(store.conn(), &call, l, Some(1), "2026-11-28").unwrap();
        assert!(despacho_documents::page_count(&pdf).unwrap() >= 2);
    }
    let err = render(store.conn(), &call, Language::Es, Some(2), "2026-11-28").unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}
