//! Accounts: password rules, sign-in throttling (injected clock), administrator resets,
//! deactivation, the idle lock, and the role × operation table.
mod common;

use chrono::{DateTime, Duration, Utc};
use common::*;
use despacho_core::audit::{self, AuditFilter};
use despacho_core::users::{self, Grant, Permission, Role};
use despacho_core::{ErrorCode, Store};

const PW: &str = "correct horse battery";

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2030-01-01T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn field_err(r: despacho_core::Result<()>) -> (ErrorCode, Option<String>) {
    let e = r.unwrap_err();
    (e.code, e.field)
}

#[test]
fn password_rules() {
    let ok = [
        "correct horse battery",
        "Abcdefghijkl",
        "123456789012a",
        "una clave larga",
    ];
    for p in ok {
        users::check_password("ana", p).unwrap_or_else(|e| panic!("{p}: {e:?}"));
    }
    let pw = Some("password".to_string());
    for (p, code) in [
        ("short1A", ErrorCode::InvalidValue),
        ("abcdefghijk", ErrorCode::InvalidValue),      // 11
        ("abcdefghijklmnop", ErrorCode::InvalidValue), // one class
        ("ABCDEFGHIJKLMNOP", ErrorCode::InvalidValue),
        ("1234567890123", ErrorCode::InvalidValue),
        ("!!!!!!!!!!!!!!", ErrorCode::InvalidValue),
        ("my name is ANA 2024", ErrorCode::InvalidValue), // contains the user name
    ] {
        assert_eq!(
            field_err(users::check_password("ana", p)),
            (code, pw.clone()),
            "{p}"
        );
    }
    let long = format!("{}A", "a".repeat(200));
    assert_eq!(
        field_err(users::check_password("ana", &long)),
        (ErrorCode::TooLong, pw.clone())
    );
    users::check_password("ana", &long[1..]).unwrap(); // exactly 200
                                                       // Counted in characters, not bytes.
    users::check_password("ana", "ñañañañañaÑ1").unwrap();

    // Applied by every way of setting a password.
    let mut store = Store::open_in_memory().unwrap();
    let mut first = new_user("sg", Role::SecretaryGeneral);
    first.password = "sgsgsgsgsgsgsgsg".into();
    let before = fingerprint(&store);
    let e = users::create_first_admin(&mut store, first).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("password"));
    assert_eq!(fingerprint(&store), before);
    let admin =
        users::create_first_admin(&mut store, new_user("sg", Role::SecretaryGeneral)).unwrap();
    let mut weak = new_user("maria", Role::Staff);
    weak.password = "Maria-2024-xyz".into();
    let before = fingerprint(&store);
    let e = users::add_user(&mut store, &admin, weak).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("password"))
    );
    assert_eq!(fingerprint(&store), before);
    let staff = user_with_role(&mut store, &admin, "maria", Role::Staff);
    let before = fingerprint(&store);
    let e = users::reset_password(&mut store, &admin, &staff.id, "short").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("password"));
    assert_eq!(fingerprint(&store), before);
}

#[test]
fn throttling_timeline_with_an_injected_clock() {
    let (mut store, admin) = store_with_admin();
    let ana = user_with_role(&mut store, &admin, "ana", Role::Staff);
    let t = t0();
    let fail = |store: &mut Store, at: DateTime<Utc>| {
        users::sign_in_at(store, "ana", "wrong password!", at).unwrap_err()
    };
    // Four failures: still plain wrong credentials, no wait.
    for i in 0..4 {
        assert_eq!(
            fail(&mut store, t + Duration::seconds(i)).code,
            ErrorCode::InvalidCredentials
        );
    }
    assert_eq!(
        users::sign_in_wait_seconds(store.conn(), "ana", t).unwrap(),
        0
    );
    // The fifth failure locks for 30 s.
    assert_eq!(
        fail(&mut store, t + Duration::seconds(4)).code,
        ErrorCode::InvalidCredentials
    );
    let t5 = t + Duration::seconds(4);
    assert_eq!(
        users::sign_in_wait_seconds(store.conn(), "ANA ", t5).unwrap(),
        30
    );
    // During the lock even the right password is refused, with the seconds to wait, and nothing
    // is written.
    let before = fingerprint(&store);
    let e = users::sign_in_at(&mut store, "ana", PW, t5 + Duration::seconds(10)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(e.message.contains("20 seconds"), "{}", e.message);
    assert_eq!(fingerprint(&store), before);
    // The delay doubles with each further failure after the lock ends, capped at 15 minutes.
    let mut now = t5;
    for expected in [60, 120, 240, 480, 900, 900, 900] {
        now += Duration::seconds(
            users::sign_in_wait_seconds(store.conn(), "ana", now).unwrap() as i64,
        );
        assert_eq!(fail(&mut store, now).code, ErrorCode::InvalidCredentials);
        assert_eq!(
            users::sign_in_wait_seconds(store.conn(), "ana", now).unwrap(),
            expected
        );
    }
    // The counters live in the store: they survive a restart (here: accounts read them back).
    let acc = users::accounts(store.conn(), &admin).unwrap();
    let a = acc.iter().find(|a| a.user.id == ana.id).unwrap();
    assert_eq!(a.failed_sign_ins, 12);
    assert!(a.locked_until.is_some());
    // After the wait the right password works and resets the count.
    now += Duration::seconds(900);
    assert_eq!(
        users::sign_in_at(&mut store, "ana", PW, now).unwrap().id,
        ana.id
    );
    assert_eq!(
        users::sign_in_wait_seconds(store.conn(), "ana", now).unwrap(),
        0
    );
    for i in 0..4 {
        fail(&mut store, now + Duration::seconds(i));
    }
    assert_eq!(
        users::sign_in_wait_seconds(store.conn(), "ana", now).unwrap(),
        0,
        "count restarted"
    );

    // Failures are audited, without the password.
    let failed = audit::search(
        store.conn(),
        &admin,
        &AuditFilter {
            operation: Some("users.sign_in_failed".into()),
            limit: 500,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(failed.total, 16);
    assert!(failed
        .entries
        .iter()
        .all(|e| !e.summary.contains("wrong password")));
    assert!(failed
        .entries
        .iter()
        .all(|e| e.user_id.as_deref() == Some(ana.id.as_str())));
    // Other user names are not affected.
    users::sign_in_at(&mut store, "sg", PW, now).unwrap();
}

#[test]
fn throttling_survives_a_restart_and_treats_unknown_names_alike() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let t = t0();
    {
        let mut store = Store::open(&path).unwrap();
        users::create_first_admin(&mut store, new_user("sg", Role::SecretaryGeneral)).unwrap();
        for i in 0..5 {
            users::sign_in_at(
                &mut store,
                "sg",
                "wrong password!",
                t + Duration::seconds(i),
            )
            .unwrap_err();
            users::sign_in_at(
                &mut store,
                "ghost",
                "wrong password!",
                t + Duration::seconds(i),
            )
            .unwrap_err();
        }
    }
    let mut store = Store::open(&path).unwrap();
    let later = t + Duration::seconds(10);
    for name in ["sg", "ghost"] {
        assert_eq!(
            users::sign_in_wait_seconds(store.conn(), name, later).unwrap(),
            24,
            "{name}"
        );
        let e = users::sign_in_at(&mut store, name, PW, later).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden, "{name}");
    }
    assert!(users::sign_in_at(&mut store, "sg", PW, t + Duration::seconds(40)).is_ok());
}

#[test]
fn throttle_delays() {
    let d: Vec<i64> = (0..14).map(users::throttle_delay).collect();
    assert_eq!(
        d,
        [0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900, 900]
    );
    assert_eq!(users::throttle_delay(u32::MAX), 900);
}

#[test]
fn an_administrator_resets_a_password_audited() {
    let (mut store, admin) = store_with_admin();
    let ana = user_with_role(&mut store, &admin, "ana", Role::Staff);
    let chief = user_with_role(&mut store, &admin, "chief", Role::ChiefOfStaff);
    let auditor = user_with_role(&mut store, &admin, "auditor", Role::Auditor);
    // Lock ana out first: the reset clears the lock.
    let t = t0();
    for i in 0..5 {
        users::sign_in_at(
            &mut store,
            "ana",
            "wrong password!",
            t + Duration::seconds(i),
        )
        .unwrap_err();
    }
    for who in [&ana, &chief, &auditor] {
        let before = fingerprint(&store);
        let e = users::reset_password(&mut store, who, &ana.id, "Nueva clave 2030").unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
        assert_eq!(fingerprint(&store), before);
    }
    let before = fingerprint(&store);
    let e =
        users::reset_password(&mut store, &admin, "no-such-user", "Nueva clave 2030").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(fingerprint(&store), before);

    let acc = users::reset_password(&mut store, &admin, &ana.id, "Nueva clave 2030").unwrap();
    assert!(acc.must_change_password);
    assert_eq!(acc.failed_sign_ins, 0);
    let now = t + Duration::seconds(6);
    users::sign_in_at(&mut store, "ana", PW, now).unwrap_err();
    users::sign_in_at(&mut store, "ana", "Nueva clave 2030", now).unwrap();
    let rows = audit::search(
        store.conn(),
        &admin,
        &AuditFilter {
            operation: Some("users.reset_password".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(rows.total, 1);
    let r = &rows.entries[0];
    assert_eq!(
        (r.user_id.as_deref(), r.entity_id.as_deref()),
        (Some(admin.id.as_str()), Some(ana.id.as_str()))
    );
    assert!(!r.summary.contains("Nueva"), "{}", r.summary);

    // The user then chooses their own.
    let e = users::change_password(&mut store, &ana, "wrong", "Otra clave 2031").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
    let acc =
        users::change_password(&mut store, &ana, "Nueva clave 2030", "Otra clave 2031").unwrap();
    assert!(!acc.must_change_password);
    assert!(audit::verify_chain(store.conn()).unwrap().ok);
}

#[test]
fn deactivated_accounts_cannot_sign_in() {
    let (mut store, admin) = store_with_admin();
    let ana = user_with_role(&mut store, &admin, "ana", Role::Staff);
    let e = users::set_active(&mut store, &ana, &admin.id, false).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let before = fingerprint(&store);
    let e = users::set_active(&mut store, &admin, &admin.id, false).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("user_id"));
    assert_eq!(fingerprint(&store), before);

    let acc = users::set_active(&mut store, &admin, &ana.id, false).unwrap();
    assert!(!acc.active);
    let e = users::sign_in(&mut store, "ana", PW).unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::InvalidCredentials,
        "the same answer as a wrong password"
    );
    assert!(
        users::set_active(&mut store, &admin, &ana.id, true)
            .unwrap()
            .active
    );
    users::sign_in(&mut store, "ana", PW).unwrap();

    // The last active administrator stays.
    let mut other = new_user("admin2", Role::ChiefOfStaff);
    other.is_admin = true;
    let admin2 = users::add_user(&mut store, &admin, other).unwrap();
    users::set_active(&mut store, &admin2, &admin.id, false).unwrap();
    let before = fingerprint(&store);
    // admin2 is now the only active administrator; a deactivated admin cannot act, but even
    // if one could, admin2 cannot remove itself.
    assert!(users::set_active(&mut store, &admin2, &admin2.id, false).is_err());
    assert_eq!(fingerprint(&store), before);
    let ops: Vec<String> = audit::recent(store.conn(), 3)
        .unwrap()
        .into_iter()
        .map(|e| e.operation)
        .collect();
    assert!(ops.contains(&"users.deactivate".to_string()), "{ops:?}");
}

#[test]
fn idle_lock_setting() {
    let (mut store, admin) = store_with_admin();
    let staff = user_with_role(&mut store, &admin, "ana", Role::Staff);
    assert_eq!(users::idle_lock_minutes(store.conn()).unwrap(), 15);
    assert_eq!(
        users::set_idle_lock_minutes(&mut store, &admin, 5).unwrap(),
        5
    );
    assert_eq!(users::idle_lock_minutes(store.conn()).unwrap(), 5);
    for m in [0, 241, u32::MAX] {
        let before = fingerprint(&store);
        let e = users::set_idle_lock_minutes(&mut store, &admin, m).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidValue, Some("idle_lock_minutes"))
        );
        assert_eq!(fingerprint(&store), before);
    }
    let e = users::set_idle_lock_minutes(&mut store, &staff, 30).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(
        users::set_idle_lock_minutes(&mut store, &admin, 240).unwrap(),
        240
    );
    assert_eq!(users::idle_lock_minutes(store.conn()).unwrap(), 240);
}

/// The expected table, written out by hand: a change to `User::can` fails this test until the
/// table (and docs/PERMISSIONS.md) are updated.
#[test]
fn the_permission_matrix_matches_the_expected_table_exhaustively() {
    use Grant::{AdminOnly as A, No as N, Yes as Y};
    // Columns: Secretary-General, Chief of Staff, Managing & Finances, Linking & Cooperation,
    // Staff, Auditor (Role::ALL).
    let expected: [(Permission, [Grant; 6]); 15] = [
        (Permission::EditMembers, [Y, Y, N, Y, N, N]),
        (Permission::EditSessions, [Y, Y, N, N, Y, N]),
        (Permission::ApproveSessionRecords, [Y, Y, N, N, N, N]),
        (Permission::ManageFinances, [Y, N, Y, N, N, N]),
        (Permission::ApproveFinances, [Y, N, N, N, N, N]),
        (Permission::ViewAudit, [Y, N, N, N, N, Y]),
        (Permission::EditCooperation, [Y, Y, N, Y, N, N]),
        (Permission::EditCompliance, [Y, Y, N, N, Y, N]),
        (Permission::ReviewCompliance, [Y, Y, N, N, N, N]),
        (Permission::ManageElections, [Y, Y, N, N, N, N]),
        (Permission::SignEligibility, [Y, N, N, N, N, N]),
        (Permission::ManageBodies, [A, A, A, A, A, N]),
        (Permission::ManageSettings, [A, A, A, A, A, N]),
        (Permission::ManageUsers, [A, A, A, A, A, N]),
        (Permission::LoadDemo, [A, A, A, A, A, N]),
    ];
    let matrix = users::permission_matrix();
    assert_eq!(matrix.len(), expected.len());
    for ((p, grants), (ep, eg)) in matrix.iter().zip(expected.iter()) {
        assert_eq!(p, ep);
        let roles: Vec<Role> = grants.iter().map(|(r, _)| *r).collect();
        assert_eq!(roles, Role::ALL.to_vec());
        let got: Vec<Grant> = grants.iter().map(|(_, g)| *g).collect();
        assert_eq!(got, eg.to_vec(), "{p:?}");
    }
    // Exhaustive over users too: every role × admin flag × permission agrees with the table.
    for (p, row) in expected {
        for (i, role) in Role::ALL.into_iter().enumerate() {
            for is_admin in [false, true] {
                let u = users::User {
                    id: "x".into(),
                    username: "x".into(),
                    full_name: "x".into(),
                    role,
                    is_admin,
                    language: Default::default(),
                };
                let want = match row[i] {
                    Y => true,
                    A => is_admin,
                    _ => false,
                };
                assert_eq!(u.can(p), want, "{role:?} admin={is_admin} {p:?}");
                assert_eq!(u.require(p).is_ok(), want);
            }
        }
    }
    // Every permission is in the table once.
    let mut names: Vec<&str> = Permission::ALL.iter().map(|p| p.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), Permission::ALL.len());
}

#[test]
fn docs_permissions_md_is_the_generated_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/PERMISSIONS.md");
    let on_disk = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        on_disk,
        users::permissions_markdown(),
        "docs/PERMISSIONS.md is stale: run `despacho-cli permissions --markdown > docs/PERMISSIONS.md`"
    );
}
