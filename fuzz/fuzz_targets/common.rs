// One store with the demo data per fuzzing process; the readers under test only read it.
use despacho_core::users::{self, Language, NewUser, Role};
use despacho_core::{demo, Store};

#[allow(dead_code)]
pub fn demo_store() -> Store {
    let mut store = Store::open_in_memory().expect("store");
    let admin = users::create_first_admin(
        &mut store,
        NewUser {
            full_name: "Fuzz".into(),
            username: "fuzz".into(),
            role: Role::SecretaryGeneral,
            is_admin: true,
            password: "una clave bastante larga".into(),
            language: Language::Es,
        },
    )
    .expect("admin");
    demo::load(&mut store, &admin).expect("demo");
    store
}

/// The demo store in a file at `path` (attachments and sync keys live beside it), with its
/// administrator.
#[allow(dead_code)]
pub fn demo_store_at(path: &std::path::Path) -> (Store, users::User) {
    let mut store = Store::open(path).expect("store");
    let admin = users::create_first_admin(
        &mut store,
        NewUser {
            full_name: "Fuzz".into(),
            username: "fuzz".into(),
            role: Role::SecretaryGeneral,
            is_admin: true,
            password: "una clave bastante larga".into(),
            language: Language::Es,
        },
    )
    .expect("admin");
    demo::load(&mut store, &admin).expect("demo");
    (store, admin)
}
