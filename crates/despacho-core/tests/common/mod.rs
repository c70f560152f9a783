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
