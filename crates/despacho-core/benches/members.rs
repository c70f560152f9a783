//! Backend time behind the member screens: list (default, search, filter), detail, create,
//! import preview and export, on a directory of ~95 members and ~1,500 contacts.
use criterion::{criterion_group, criterion_main, Criterion};
use despacho_core::members::{self, Category, ContactInput, MemberFilter, MemberInput};
use despacho_core::users::{self, Language, NewUser, Role};
use despacho_core::Store;

fn populated() -> (Store, users::User, String) {
    let mut store = Store::open_in_memory().unwrap();
    let admin = users::create_first_admin(
        &mut store,
        NewUser {
            username: "sg".into(),
            full_name: "SG".into(),
            role: Role::SecretaryGeneral,
            is_admin: true,
            password: "bench password".into(),
            language: Language::Es,
        },
    )
    .unwrap();
    let countries = [
        "MX", "PE", "CO", "AR", "BR", "CL", "UY", "CR", "GT", "PA", "US", "CA", "BZ", "AG", "BB",
    ];
    let mut first = String::new();
    for i in 0..95 {
        let m = members::create_member(
            &mut store,
            &admin,
            &MemberInput {
                name: format!("Instituto de Seguridad Social número {i}"),
                acronym: format!("ISS{i}"),
                country: countries[i % countries.len()].into(),
                category: Some(if i % 3 == 0 {
                    Category::Associate
                } else {
                    Category::Titular
                }),
                subregion: Some((i % 5 + 1) as u8),
                admission_date: Some("1990-01-01".into()),
                ..Default::default()
            },
        )
        .unwrap();
        for j in 0..16 {
            members::add_contact(
                &mut store,
                &admin,
                &m.id,
                &ContactInput {
                    name: format!("Persona {i}-{j}"),
                    position: "Enlace".into(),
                    email: Some(format!("p{i}.{j}@example.org")),
                    phone: None,
                    languages: vec![Language::Es],
                },
            )
            .unwrap();
        }
        if i == 0 {
            first = m.id;
        }
    }
    (store, admin, first)
}

fn bench(c: &mut Criterion) {
    let (mut store, admin, first) = populated();
    c.bench_function("members_list_default", |b| {
        b.iter(|| members::list_members(store.conn(), &MemberFilter::default()).unwrap())
    });
    let search = MemberFilter {
        search: Some("Persona 42-7".into()),
        ..Default::default()
    };
    c.bench_function("members_list_search_contacts", |b| {
        b.iter(|| members::list_members(store.conn(), &search).unwrap())
    });
    let filter = MemberFilter {
        country: Some("MX".into()),
        category: Some(Category::Titular),
        ..Default::default()
    };
    c.bench_function("members_list_filter", |b| {
        b.iter(|| members::list_members(store.conn(), &filter).unwrap())
    });
    c.bench_function("member_detail", |b| {
        b.iter(|| members::get_member(store.conn(), &first).unwrap())
    });
    let csv = members::export_csv(store.conn()).unwrap();
    c.bench_function("members_export_csv", |b| {
        b.iter(|| members::export_csv(store.conn()).unwrap())
    });
    c.bench_function("members_import_preview_95_rows", |b| {
        b.iter(|| members::preview_import(store.conn(), csv.as_bytes()).unwrap())
    });
    let mut n = 0u32;
    c.bench_function("member_update_with_audit", |b| {
        b.iter(|| {
            n += 1;
            let input = MemberInput {
                name: format!("Instituto renombrado {n}"),
                acronym: "ISS0".into(),
                country: "MX".into(),
                category: Some(Category::Associate),
                ..Default::default()
            };
            members::update_member(&mut store, &admin, &first, &input).unwrap()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
