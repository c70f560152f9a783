//! A session's documents printed from a store: the demo's Standing Committee agenda and the
//! General Assembly's minutes, read back with `pdftotext`.
use std::process::Command;

use despacho_core::agenda;
use despacho_core::sessions::{self, SessionFilter};
use despacho_core::users::{self, Language, NewUser, Role};
use despacho_core::{demo, ErrorCode, Store};
use despacho_documents::session::{render, DocumentKind, PrintRequest};

mod support;
use support::text_of;

fn demo_store() -> Store {
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
    store
}

fn session_of(store: &Store, body: &str) -> String {
    let filter = SessionFilter {
        body: Some(body.into()),
        ..Default::default()
    };
    sessions::list_sessions(store.conn(), &filter).unwrap()[0]
        .id
        .clone()
}

fn assert_in_order(text: &str, needles: &[String]) {
    let mut from = 0;
    for n in needles {
        let at = text[from..]
            .find(n.as_str())
            .unwrap_or_else(|| panic!("{n:?} missing or out of order in:\n{text}"));
        from += at + n.len();
    }
}

#[test]
fn the_demo_agenda_prints_every_item_in_order_in_each_language() {
    let store = demo_store();
    let id = session_of(&store, "CPISS");
    let print = agenda::agenda_for_print(store.conn(), &id).unwrap();
    assert!(print.items.len() >= 10);
    for (lang, heading) in [(Language::Es, "Orden del día"), (Language::En, "Agenda")] {
        let pdf = render(
            store.conn(),
            &id,
            &PrintRequest {
                kind: DocumentKind::Agenda,
                languages: vec![lang],
            },
            "2026-11-27",
        )
        .unwrap();
        let text = text_of(&pdf);
        assert!(text.contains(heading), "{lang:?}: {text}");
        assert!(!text.contains("PROVISIONAL"), "the demo agenda is approved");
        let titles: Vec<String> = print
            .items
            .iter()
            .map(|i| {
                i.titles
                    .get(&lang)
                    .or(i.titles.get(&Language::Es))
                    .unwrap()
                    .clone()
            })
            .collect();
        // Long titles may wrap: their first three words are enough to fix the order.
        let heads: Vec<String> = titles
            .iter()
            .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .collect();
        assert_in_order(&text, &heads);
    }
    let bilingual = render(
        store.conn(),
        &id,
        &PrintRequest {
            kind: DocumentKind::Agenda,
            languages: vec![Language::Es, Language::En],
        },
        "2026-11-27",
    )
    .unwrap();
    let text = text_of(&bilingual);
    assert!(text.contains("Orden del día") && text.contains("Agenda"));
    let same = render(
        store.conn(),
        &id,
        &PrintRequest {
            kind: DocumentKind::Agenda,
            languages: vec![Language::Es, Language::En],
        },
        "2026-11-27",
    )
    .unwrap();
    assert_eq!(bilingual, same, "deterministic");
}

#[test]
fn the_demo_minutes_print_their_resolutions() {
    let store = demo_store();
    let id = session_of(&store, "GA");
    let m = despacho_core::minutes::minutes_for_print(store.conn(), &id).unwrap();
    assert!(!m.resolutions.is_empty());
    let pdf = render(
        store.conn(),
        &id,
        &PrintRequest {
            kind: DocumentKind::Minutes,
            languages: vec![Language::Es],
        },
        "2026-11-27",
    )
    .unwrap();
    let text = text_of(&pdf);
    assert!(text.contains("Acta"), "{text}");
    let refs: Vec<String> = m.resolutions.iter().map(|r| r.reference.clone()).collect();
    assert_in_order(&text, &refs);
}

#[test]
fn bad_requests_are_refused_with_a_typed_error() {
    let store = demo_store();
    let id = session_of(&store, "CPISS");
    let req = |kind, languages| PrintRequest { kind, languages };
    let e = render(
        store.conn(),
        &id,
        &req(DocumentKind::Agenda, vec![]),
        "2026-11-27",
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("languages"))
    );
    let e = render(
        store.conn(),
        &id,
        &req(DocumentKind::Agenda, vec![Language::Es, Language::Es]),
        "2026-11-27",
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    let e = render(
        store.conn(),
        &id,
        &req(DocumentKind::Minutes, vec![Language::Es, Language::En]),
        "2026-11-27",
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    let e = render(
        store.conn(),
        "no-such-session",
        &req(DocumentKind::Agenda, vec![Language::Es]),
        "2026-11-27",
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn the_letterhead_set_in_the_settings_heads_the_agenda() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
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
    let logo = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/icons/128x128.png"
    );
    despacho_core::letterhead::set_letterhead(
        &mut store,
        &admin,
        &despacho_core::letterhead::LetterheadInput {
            organization: "Organización de Prueba Ñandú".into(),
            address: "Avenida Siempre Viva 742, São Paulo".into(),
            logo_path: Some(logo.into()),
            remove_logo: false,
        },
    )
    .unwrap();
    let id = session_of(&store, "CPISS");
    let pdf = render(
        store.conn(),
        &id,
        &PrintRequest {
            kind: DocumentKind::Agenda,
            languages: vec![Language::Es],
        },
        "2026-11-27",
    )
    .unwrap();
    let text = text_of(&pdf);
    assert!(
        text.contains("Organización de Prueba Ñandú") && text.contains("São Paulo"),
        "{text}"
    );
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let images = Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&images.stdout);
    assert!(
        listing.lines().count() > 2,
        "the logo is embedded:\n{listing}"
    );
}

#[test]
fn the_mission_order_is_one_page_with_its_travellers_and_itinerary() {
    let store = demo_store();
    let filter = despacho_core::missions::MissionFilter::default();
    let missions = despacho_core::missions::list_missions(store.conn(), &filter).unwrap();
    let filed = missions
        .iter()
        .find(|m| m.purpose == "Diagnóstico de atención primaria")
        .unwrap();
    for lang in [Language::Es, Language::En] {
        let report = despacho_documents::statements::mission_order(
            store.conn(),
            &filed.id,
            lang,
            "2026-03-01",
        )
        .unwrap();
        assert!(report.compact);
        let pdf = despacho_documents::statements::pdf(&report).unwrap();
        let text = text_of(&pdf);
        assert_eq!(text.matches('\u{c}').count(), 1, "one page: {text}");
        let (order, travellers, itinerary) = match lang {
            Language::Es => ("Orden de misión", "Viajeros", "Itinerario"),
            _ => ("Mission order", "Travellers", "Itinerary"),
        };
        assert_in_order(
            &text,
            &[
                order,
                "Diagnóstico de atención primaria",
                travellers,
                "Dra. Carmen Ruiz",
                itinerary,
                "Lima",
            ]
            .map(String::from),
        );
        assert!(
            !text.contains("Contenido") && !text.contains("Contents"),
            "no table of contents"
        );
    }
}
