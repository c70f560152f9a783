//! Operations: roles, validation, one transaction with its audit row, nothing written on error.
mod common;

use common::*;
use despacho_core::members::{
    self, Category, ContactInput, MemberFilter, MemberSort, MemberStatus,
};
use despacho_core::users::{self, Language, Role};
use despacho_core::{audit, demo, ErrorCode};

#[test]
fn first_admin_once_then_sign_in() {
    let (mut store, admin) = store_with_admin();
    assert!(admin.is_admin);
    assert!(!users::needs_setup(store.conn()).unwrap());
    let again = users::create_first_admin(&mut store, new_user("other", Role::Staff)).unwrap_err();
    assert_eq!(again.code, ErrorCode::AlreadyInitialized);

    let u = users::sign_in(&mut store, "SG", "correct horse battery").unwrap();
    assert_eq!(u.id, admin.id, "user names are case-insensitive");
    for (name, pw) in [
        ("sg", "wrong password!"),
        ("nobody", "correct horse battery"),
    ] {
        assert_eq!(
            users::sign_in(&mut store, name, pw).unwrap_err().code,
            ErrorCode::InvalidCredentials
        );
    }
    let hash: String = store
        .conn()
        .query_row("SELECT password_hash FROM users", [], |r| r.get(0))
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
}

#[test]
fn weak_passwords_and_duplicate_user_names_are_refused() {
    let (mut store, admin) = store_with_admin();
    let mut short = new_user("ana", Role::Staff);
    short.password = "short".into();
    let e = users::add_user(&mut store, &admin, short).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("password"))
    );
    let e = users::add_user(&mut store, &admin, new_user("SG", Role::Staff)).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Duplicate, Some("username"))
    );
}

#[test]
fn only_administrators_manage_users() {
    let (mut store, admin) = store_with_admin();
    let staff = user_with_role(&mut store, &admin, "staff", Role::Staff);
    let before = fingerprint(&store);
    let e = users::add_user(&mut store, &staff, new_user("x", Role::Staff)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(fingerprint(&store).0, before.0);
}

#[test]
fn roles_are_enforced_on_member_writes() {
    let (mut store, admin) = store_with_admin();
    let allowed = [
        Role::SecretaryGeneral,
        Role::ChiefOfStaff,
        Role::LinkingCooperation,
    ];
    for (i, role) in Role::ALL.into_iter().enumerate() {
        let u = user_with_role(&mut store, &admin, &format!("u{i}"), role);
        let before = fingerprint(&store);
        let r =
            members::create_member(&mut store, &u, &member("Instituto", &format!("I{i}"), "MX"));
        if allowed.contains(&role) {
            assert!(r.is_ok(), "{role:?} may create members");
        } else {
            assert_eq!(
                r.unwrap_err().code,
                ErrorCode::Forbidden,
                "{role:?} may not"
            );
            assert_eq!(fingerprint(&store), before, "nothing written for {role:?}");
        }
    }
}

#[test]
fn create_writes_the_member_and_its_audit_row_together() {
    let (mut store, admin) = store_with_admin();
    let audits = audit::count(store.conn()).unwrap();
    let m = members::create_member(
        &mut store,
        &admin,
        &member("Instituto Mexicano del Seguro Social", "IMSS", "mx"),
    )
    .unwrap();
    assert_eq!(m.country, "MX", "country codes are normalized");
    assert_eq!(m.status, MemberStatus::Active);
    assert_eq!(audit::count(store.conn()).unwrap(), audits + 1);
    let last = &audit::recent(store.conn(), 1).unwrap()[0];
    assert_eq!(last.operation, "members.create");
    assert_eq!(last.entity_id.as_deref(), Some(m.id.as_str()));
    assert_eq!(last.user_id.as_deref(), Some(admin.id.as_str()));
    assert!(last.summary.contains("IMSS"));
    let updated_by: String = store
        .conn()
        .query_row(
            "SELECT updated_by FROM members WHERE id = ?1",
            [&m.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(updated_by, admin.id);
}

#[test]
fn invalid_members_name_their_field_and_write_nothing() {
    let (mut store, admin) = store_with_admin();
    type Edit = Box<dyn Fn(&mut despacho_core::members::MemberInput)>;
    let cases: Vec<(Edit, ErrorCode, &str)> = vec![
        (
            Box::new(|m| m.name = "  ".into()),
            ErrorCode::Required,
            "name",
        ),
        (
            Box::new(|m| m.acronym = String::new()),
            ErrorCode::Required,
            "acronym",
        ),
        (
            Box::new(|m| m.country = "XX".into()),
            ErrorCode::InvalidFormat,
            "country",
        ),
        (
            Box::new(|m| m.country = "Mexico".into()),
            ErrorCode::InvalidFormat,
            "country",
        ),
        (
            Box::new(|m| m.category = None),
            ErrorCode::Required,
            "category",
        ),
        (
            Box::new(|m| m.email = Some("not-an-email".into())),
            ErrorCode::InvalidFormat,
            "email",
        ),
        (
            Box::new(|m| m.website = Some("ftp://x.org".into())),
            ErrorCode::InvalidFormat,
            "website",
        ),
        (
            Box::new(|m| m.admission_date = Some("2023-02-30".into())),
            ErrorCode::InvalidFormat,
            "admission_date",
        ),
        (
            Box::new(|m| m.admission_date = Some("2999-01-01".into())),
            ErrorCode::InvalidValue,
            "admission_date",
        ),
        (
            Box::new(|m| m.subregion = Some(6)),
            ErrorCode::InvalidValue,
            "subregion",
        ),
        (
            Box::new(|m| m.name = "x".repeat(201)),
            ErrorCode::TooLong,
            "name",
        ),
        (
            Box::new(|m| m.name = "IMSS\u{7}".into()),
            ErrorCode::InvalidFormat,
            "name",
        ),
    ];
    let before = fingerprint(&store);
    for (edit, code, field) in cases {
        let mut input = member("Instituto", "INS", "MX");
        edit(&mut input);
        let e = members::create_member(&mut store, &admin, &input).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (code, Some(field)),
            "{input:?}"
        );
    }
    assert_eq!(fingerprint(&store), before);
}

#[test]
fn one_acronym_per_country() {
    let (mut store, admin) = store_with_admin();
    members::create_member(
        &mut store,
        &admin,
        &member("Instituto de Previsión Social", "IPS", "PY"),
    )
    .unwrap();
    // Same acronym in another country is fine.
    let cl = members::create_member(
        &mut store,
        &admin,
        &member("Instituto de Previsión Social", "IPS", "CL"),
    )
    .unwrap();
    let before = fingerprint(&store);
    let e = members::create_member(&mut store, &admin, &member("Otro", "ips", "PY")).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Duplicate, Some("acronym"))
    );
    // Moving CL's record onto PY's acronym is refused too; editing itself is fine.
    let mut to_py = member("Instituto de Previsión Social", "IPS", "PY");
    to_py.category = Some(Category::Associate);
    assert_eq!(
        members::update_member(&mut store, &admin, &cl.id, &to_py)
            .unwrap_err()
            .code,
        ErrorCode::Duplicate
    );
    assert_eq!(fingerprint(&store), before);
    let mut same = member("Instituto de Previsión Social (Chile)", "IPS", "CL");
    same.email = Some("contacto@ips.gob.cl".into());
    let updated = members::update_member(&mut store, &admin, &cl.id, &same).unwrap();
    assert_eq!(updated.name, "Instituto de Previsión Social (Chile)");
    let last = &audit::recent(store.conn(), 1).unwrap()[0];
    assert_eq!(last.operation, "members.update");
    assert!(
        last.summary.contains("\"name\"") && last.summary.contains("\"email\""),
        "{}",
        last.summary
    );
    assert!(
        !last.summary.contains("\"country\""),
        "only changed fields: {}",
        last.summary
    );
}

#[test]
fn list_search_filter_sort_and_archive() {
    let (mut store, admin) = store_with_admin();
    demo::load(&mut store, &admin).unwrap();
    let all = members::list_members(store.conn(), &MemberFilter::default()).unwrap();
    assert_eq!(all.len(), demo::MEMBERS.len());
    let names: Vec<String> = all.iter().map(|m| m.name.to_lowercase()).collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "sorted by name");

    fn list(s: &despacho_core::Store, f: MemberFilter) -> Vec<members::Member> {
        members::list_members(s.conn(), &f).unwrap()
    }
    macro_rules! by {
        ($f:expr) => {
            list(&store, $f)
        };
    }
    let mx = by!(MemberFilter {
        country: Some("MX".into()),
        ..Default::default()
    });
    assert_eq!(mx.len(), 4);
    assert!(mx.iter().all(|m| m.country == "MX"));
    let found = by!(MemberFilter {
        search: Some("essalud".into()),
        ..Default::default()
    });
    assert_eq!(
        found.iter().map(|m| m.acronym.as_str()).collect::<Vec<_>>(),
        ["EsSalud"]
    );
    let by_contact = by!(MemberFilter {
        search: Some("Relaciones Internacionales".into()),
        ..Default::default()
    });
    assert_eq!(by_contact.len(), 1, "search reaches contact names");
    assert!(
        by!(MemberFilter {
            search: Some("100%".into()),
            ..Default::default()
        })
        .is_empty(),
        "% is literal"
    );
    let associates = by!(MemberFilter {
        category: Some(Category::Associate),
        ..Default::default()
    });
    assert!(!associates.is_empty() && associates.iter().all(|m| m.category == Category::Associate));
    let sub4 = by!(MemberFilter {
        subregion: Some(4),
        ..Default::default()
    });
    assert!(sub4.iter().any(|m| m.country == "US") && sub4.iter().all(|m| m.subregion == Some(4)));
    let suspended = by!(MemberFilter {
        status: Some(MemberStatus::Suspended),
        ..Default::default()
    });
    assert_eq!(suspended.len(), 1);
    let desc = by!(MemberFilter {
        sort: MemberSort::Acronym,
        descending: true,
        ..Default::default()
    });
    let acr: Vec<String> = desc.iter().map(|m| m.acronym.to_lowercase()).collect();
    assert!(acr.windows(2).all(|w| w[0] >= w[1]), "{acr:?}");

    let imss = mx.iter().find(|m| m.acronym == "IMSS").unwrap();
    let archived = members::set_archived(&mut store, &admin, &imss.id, true).unwrap();
    assert!(archived.archived);
    assert_eq!(by!(MemberFilter::default()).len(), all.len() - 1);
    assert_eq!(
        by!(MemberFilter {
            include_archived: true,
            ..Default::default()
        })
        .len(),
        all.len()
    );
    members::set_archived(&mut store, &admin, &imss.id, false).unwrap();
    assert_eq!(by!(MemberFilter::default()).len(), all.len());
    assert_eq!(
        members::set_archived(&mut store, &admin, "nope", true)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

#[test]
fn contacts_add_edit_and_delete_as_tombstones() {
    let (mut store, admin) = store_with_admin();
    let m = members::create_member(
        &mut store,
        &admin,
        &member("Caja Costarricense de Seguro Social", "CCSS", "CR"),
    )
    .unwrap();
    let input = ContactInput {
        name: "María Fernández".into(),
        position: "Enlace internacional".into(),
        email: Some("mfernandez@ccss.sa.cr".into()),
        phone: Some("+506 2539-0000".into()),
        languages: vec![Language::Es, Language::En],
    };
    let c = members::add_contact(&mut store, &admin, &m.id, &input).unwrap();
    assert_eq!(c.languages, vec![Language::Es, Language::En]);
    let bad = ContactInput {
        email: Some("maria@".into()),
        ..input.clone()
    };
    let e = members::add_contact(&mut store, &admin, &m.id, &bad).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidFormat, Some("contact_email"))
    );
    let e = members::add_contact(
        &mut store,
        &admin,
        &m.id,
        &ContactInput {
            phone: Some("call me".into()),
            ..input.clone()
        },
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("phone"));
    let edited = members::update_contact(
        &mut store,
        &admin,
        &c.id,
        &ContactInput {
            position: "Directora".into(),
            ..input.clone()
        },
    )
    .unwrap();
    assert_eq!(edited.position, "Directora");
    assert_eq!(
        members::get_member(store.conn(), &m.id)
            .unwrap()
            .contacts
            .len(),
        1
    );
    members::delete_contact(&mut store, &admin, &c.id).unwrap();
    assert!(members::get_member(store.conn(), &m.id)
        .unwrap()
        .contacts
        .is_empty());
    let tomb: Option<String> = store
        .conn()
        .query_row(
            "SELECT deleted_at FROM contacts WHERE id = ?1",
            [&c.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(tomb.is_some(), "deleted contacts stay as tombstones");
    assert_eq!(
        members::delete_contact(&mut store, &admin, &c.id)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

#[test]
fn language_is_remembered_per_user() {
    let (mut store, admin) = store_with_admin();
    let u = users::set_language(&mut store, &admin, Language::Pt).unwrap();
    assert_eq!(u.language, Language::Pt);
    assert_eq!(
        users::sign_in(&mut store, "sg", "correct horse battery")
            .unwrap()
            .language,
        Language::Pt
    );
}

#[test]
fn demo_loads_once_and_needs_an_administrator() {
    let (mut store, admin) = store_with_admin();
    let staff = user_with_role(&mut store, &admin, "staff", Role::Staff);
    assert_eq!(
        demo::load(&mut store, &staff).unwrap_err().code,
        ErrorCode::Forbidden
    );
    let r = demo::load(&mut store, &admin).unwrap();
    assert!(r.members >= 25, "{r:?}");
    assert_eq!(r.bodies, 0, "the standing bodies were already there");
    assert!(
        despacho_core::bodies::list_bodies(store.conn())
            .unwrap()
            .len()
            >= 9
    );
    let before = fingerprint(&store);
    assert!(demo::load(&mut store, &admin).is_err());
    assert_eq!(fingerprint(&store), before);
    let desk = despacho_core::desk::desk(store.conn(), despacho_core::users::Language::Es).unwrap();
    assert_eq!(desk.members.total, r.members);
    assert_eq!(
        desk.members.titular + desk.members.associate + desk.members.adherent + desk.members.linked,
        r.members
    );
    assert_eq!(desk.recent[0].operation, "demo.load");
    // Obligations due and overdue, and the election call whose postulations await review.
    let due = desk.obligations.as_ref().expect("the demo has obligations");
    assert!(due.overdue_count >= 1 && due.due_soon_count >= 1, "{due:?}");
    assert!(due.overdue.iter().all(|o| o.overdue) && due.due_soon.iter().all(|o| !o.overdue));
    assert_eq!(desk.postulations_to_review.len(), 1);
    let review = &desk.postulations_to_review[0];
    assert!(review.call.postulation_count >= 5);
    assert!(review.pending_postulations <= review.call.postulation_count);
    assert!(
        !desk.terms_ending.is_empty()
            && desk.terms_ending.iter().all(|s| s.term_to.as_deref()
                <= Some(&*(despacho_core::store::today() + chrono::Days::new(90)).to_string())),
        "the demo shows seats whose term ends soon: {:?}",
        desk.terms_ending
    );
}
