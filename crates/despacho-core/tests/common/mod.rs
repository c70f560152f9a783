#![allow(dead_code)]
use despacho_core::members::{Category, MemberInput};
use despacho_core::users::{self, Language, NewUser, Role, User};
use despacho_core::Store;

pub fn store_with_admin() -> (Store, User) {
    let mut store = Store::open_in_memory().unwrap();
    let admin =
        users::create_first_admin(&mut store, new_user("sg", Role::SecretaryGeneral)).unwrap();
    (store, admin)
}

pub fn new_user(username: &str, role: Role) -> NewUser {
    NewUser {
        username: username.into(),
        full_name: format!("{username} full name"),
        role,
        is_admin: false,
        password: "correct horse battery".into(),
        language: Language::Es,
    }
}

pub fn user_with_role(store: &mut Store, admin: &User, username: &str, role: Role) -> User {
    users::add_user(store, admin, new_user(username, role)).unwrap()
}

pub fn member(name: &str, acronym: &str, country: &str) -> MemberInput {
    MemberInput {
        name: name.into(),
        acronym: acronym.into(),
        country: country.into(),
        category: Some(Category::Titular),
        admission_date: Some("1990-05-01".into()),
        ..Default::default()
    }
}

/// Everything in the store that an operation could have written.
pub fn fingerprint(store: &Store) -> (i64, i64, i64, i64) {
    let c = |sql: &str| {
        store
            .conn()
            .query_row(sql, [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    (
        c("SELECT count(*) FROM audit_log"),
        c("SELECT count(*) FROM members"),
        c("SELECT count(*) FROM contacts"),
        c("SELECT total_changes()"),
    )
}

// ---- sessions of the bodies -----------------------------------------------------------------

use despacho_core::agenda::{ItemInput, ItemKind};
use despacho_core::bodies::{self, Body, BodyInput, BodyKind, BodyNames, BodyRules, QuorumRule};
use despacho_core::sessions::{self, Session, SessionInput, SessionKind};

/// Counts of every table of the sessions schema, plus the audit log and total changes.
pub fn sessions_fingerprint(store: &Store) -> Vec<i64> {
    let tables = [
        "audit_log",
        "bodies",
        "seats",
        "sessions",
        "attendance",
        "agenda_items",
        "agenda_item_texts",
        "agenda_attachments",
        "agenda_changes",
        "agenda_template_items",
        "minutes",
        "minutes_entries",
        "resolutions",
        "action_items",
    ];
    let mut out: Vec<i64> = tables
        .iter()
        .map(|t| {
            store
                .conn()
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap()
        })
        .collect();
    out.push(
        store
            .conn()
            .query_row("SELECT total_changes()", [], |r| r.get(0))
            .unwrap(),
    );
    out
}

pub fn new_body(store: &mut Store, admin: &User, code: &str, rule: QuorumRule) -> Body {
    bodies::create_body(
        store,
        admin,
        &BodyInput {
            code: code.into(),
            names: BodyNames {
                es: format!("Comité {code}"),
                en: format!("{code} Committee"),
                pt: String::new(),
                fr: String::new(),
            },
            kind: BodyKind::Committee,
            rules: BodyRules {
                quorum_rule: rule,
                ..Default::default()
            },
        },
    )
    .unwrap()
}

pub fn session_input(body_id: &str, start: &str) -> SessionInput {
    SessionInput {
        body_id: body_id.into(),
        ordinal: None,
        name: "Reunión de prueba".into(),
        kind: SessionKind::Ordinary,
        starts_at: start.into(),
        ends_at: None,
        time_zone: "America/Mexico_City".into(),
        venue: "Sede de la CISS".into(),
        virtual_link: None,
        languages: vec![Language::Es, Language::En],
    }
}

pub fn new_session(store: &mut Store, user: &User, body_id: &str, start: &str) -> Session {
    sessions::create_session(store, user, &session_input(body_id, start)).unwrap()
}

pub fn item(es: &str, minutes: u16) -> ItemInput {
    let mut titles = std::collections::BTreeMap::new();
    titles.insert(Language::Es, es.to_string());
    ItemInput {
        kind: ItemKind::Information,
        presenter: String::new(),
        duration_minutes: minutes,
        titles,
        notes: Default::default(),
    }
}
