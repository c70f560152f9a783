//! A regulation project printed from a store: the demo's draft and its redline comparison,
//! read back with `pdftotext`; user text is data, never markup.

use despacho_core::regulations::{self, RegulationProjectInput, Texts};
use despacho_core::users::{self, Language, NewUser, Role, User};
use despacho_core::{demo, ErrorCode, Store};
use despacho_documents::regulation::{draft_pdf, redline_pdf};

mod support;
use support::text_of;

fn demo_store() -> (Store, User) {
    let mut store = Store::open_in_memory().unwrap();
    let admin = users::create_first_admin(
        &mut store,
        NewUser {
            username: "sg".into(),
            full_name: "SG".into(),
            role: Role::SecretaryGeneral,
            is_admin: true,
            password: "una clave larga".into(),
            language: Language::Es,
        },
    )
    .unwrap();
    demo::load(&mut store, &admin).unwrap();
    (store, admin)
}

/// Words joined by single spaces (pdftotext lays out justified lines with several).
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_draft_and_the_redline_print_in_spanish_and_english() {
    let (store, _) = demo_store();
    let id = regulations::list_projects(store.conn()).unwrap()[0]
        .id
        .clone();

    let pdf = draft_pdf(store.conn(), &id, Some(2), Language::Es, "2026-03-02").unwrap();
    let text = flat(&text_of(&pdf));
    assert!(text.contains("Reforma al Reglamento Financiero"), "{text}");
    assert!(text.contains("PROYECTO"), "{text}");
    assert!(
        text.contains("Versión 2 · Versión revisada tras consultas"),
        "{text}"
    );
    assert!(text.contains("Artículo 3. Presupuesto"), "{text}");
    assert!(text.contains("seis meses del presupuesto"), "{text}");
    assert!(!text.contains("Transferencias entre capítulos"), "{text}");
    // Version 1 still prints its article 5.
    let v1 = flat(&text_of(
        &draft_pdf(store.conn(), &id, Some(1), Language::Es, "2026-03-02").unwrap(),
    ));
    assert!(
        v1.contains("Artículo 5. Transferencias entre capítulos"),
        "{v1}"
    );

    let pdf = redline_pdf(
        store.conn(),
        &id,
        Some(1),
        Some(2),
        Language::Es,
        "2026-03-02",
    )
    .unwrap();
    let text = flat(&text_of(&pdf));
    assert!(text.contains("Comparación de versiones"), "{text}");
    assert!(
        text.contains("Leyenda: texto suprimido texto añadido"),
        "{text}"
    );
    assert!(
        text.contains("artículo nuevo: 1 · artículo suprimido: 1 · artículo modificado: 3"),
        "{text}"
    );
    assert!(
        text.contains("tres seis meses"),
        "both words print, the old struck through: {text}"
    );
    assert!(text.contains("ARTÍCULO SUPRIMIDO"), "{text}");
    assert_eq!(despacho_documents::page_count(&pdf), Some(1));

    let en = flat(&text_of(
        &redline_pdf(
            store.conn(),
            &id,
            Some(1),
            Some(2),
            Language::En,
            "2026-03-02",
        )
        .unwrap(),
    ));
    assert!(
        en.contains("Amendment to the Financial Regulations"),
        "{en}"
    );
    assert!(en.contains("Comparison of versions"), "{en}");
    assert!(
        en.contains("within the first six months no later than 30 April"),
        "{en}"
    );

    let e = redline_pdf(
        store.conn(),
        &id,
        Some(1),
        Some(5),
        Language::Es,
        "2026-03-02",
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn user_text_is_not_markup_and_french_strings_print() {
    let (mut store, admin) = demo_store();
    let mut titles = Texts::new();
    titles.insert(Language::Es, "#set text(red) *x* $y$ <z>".into());
    let p = regulations::create_project(
        &mut store,
        &admin,
        &RegulationProjectInput {
            titles,
            instrument: "= No es un título".into(),
            languages: vec![],
        },
    )
    .unwrap();
    let pdf = draft_pdf(
        store.conn(),
        &p.project.id,
        None,
        Language::Fr,
        "2026-03-02",
    )
    .unwrap();
    let text = flat(&text_of(&pdf));
    assert!(text.contains("#set text(red) *x* $y$ <z>"), "{text}");
    assert!(text.contains("= NO ES UN"), "{text}");
    assert!(text.contains("Le projet n'a pas d'articles."), "{text}");
    assert!(text.contains("PROJET"), "{text}");
}
