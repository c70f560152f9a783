//! The tamper-evident audit chain and the audit viewer (search, paging, CSV export).
mod common;

use common::*;
use despacho_core::audit::{self, AuditFilter, GENESIS_HASH};
use despacho_core::users::{self, Role};
use despacho_core::{demo, members, ErrorCode, Store};

/// A store on disk after many operations of different modules (the demo loads bodies, members,
/// sessions, agendas, minutes and three years of finance through the real operations).
fn busy_store() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let mut store = Store::open(&path).unwrap();
    let admin =
        users::create_first_admin(&mut store, new_user("sg", Role::SecretaryGeneral)).unwrap();
    demo::load(&mut store, &admin).unwrap();
    let staff = user_with_role(&mut store, &admin, "ana", Role::Staff);
    let _ = users::sign_in(&mut store, "ana", "wrong password!").unwrap_err();
    users::sign_in(&mut store, "ana", "correct horse battery").unwrap();
    users::set_language(&mut store, &staff, users::Language::En).unwrap();
    members::create_member(&mut store, &admin, &member("Instituto X", "IX", "MX")).unwrap();
    (dir, path)
}

fn raw(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

fn seq_row(conn: &rusqlite::Connection, seq: i64) -> (String, String) {
    conn.query_row(
        "SELECT id, operation FROM audit_log WHERE seq = ?1",
        [seq],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn the_chain_verifies_after_many_operations_of_different_modules() {
    let (_dir, path) = busy_store();
    let store = Store::open(&path).unwrap();
    let report = audit::verify_chain(store.conn()).unwrap();
    assert!(report.ok, "{report:?}");
    assert!(report.first_broken.is_none());
    assert_eq!(report.rows as i64, audit::count(store.conn()).unwrap());
    assert!(report.rows > 100, "{}", report.rows);
    // Every module wrote into the same chain.
    let ops: Vec<String> = {
        let mut st = store
            .conn()
            .prepare(
                "SELECT DISTINCT substr(operation, 1, instr(operation, '.') - 1) FROM audit_log",
            )
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for module in [
        "users", "members", "seats", "sessions", "agenda", "ledger", "dues", "budget",
    ] {
        assert!(
            ops.iter().any(|o| o == module),
            "{module} missing from {ops:?}"
        );
    }
    // seq runs 1..=n without gaps, the first row starts from the genesis hash.
    let (min, max, n): (i64, i64, i64) = store
        .conn()
        .query_row(
            "SELECT min(seq), max(seq), count(*) FROM audit_log",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((min, max), (1, n));
    let first: String = store
        .conn()
        .query_row("SELECT prev_hash FROM audit_log WHERE seq = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(first, GENESIS_HASH);
}

#[test]
fn a_hand_edited_row_is_named() {
    let (_dir, path) = busy_store();
    let conn = raw(&path);
    let (id, op) = seq_row(&conn, 42);
    conn.execute(
        "UPDATE audit_log SET summary = '{\"amount\":\"1.00\"}' WHERE seq = 42",
        [],
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let r = audit::verify_chain(store.conn()).unwrap();
    assert!(!r.ok);
    let b = r.first_broken.unwrap();
    assert_eq!(
        (b.seq, b.id.as_str(), b.operation.as_str()),
        (Some(42), id.as_str(), op.as_str())
    );
    assert!(b.reason.contains("edited"), "{}", b.reason);
}

#[test]
fn every_field_of_a_row_is_covered_by_its_hash() {
    let (_dir, path) = busy_store();
    for (column, value) in [
        ("at", "'2001-01-01T00:00:00.000Z'"),
        ("user_id", "NULL"),
        ("operation", "'members.delete'"),
        ("entity", "'nothing'"),
        ("entity_id", "'x'"),
        ("id", "'0190e000-0000-7000-8000-000000000000'"),
        ("hash", "'00'"),
    ] {
        let copy = path.with_extension(format!("{column}.db"));
        std::fs::copy(&path, &copy).unwrap();
        // WAL may hold recent pages: copy through a checkpointed connection instead.
        let conn = raw(&path);
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        drop(conn);
        std::fs::copy(&path, &copy).unwrap();
        let conn = raw(&copy);
        conn.execute(
            &format!("UPDATE audit_log SET {column} = {value} WHERE seq = 7"),
            [],
        )
        .unwrap();
        let r = audit::verify_chain(&conn).unwrap();
        assert_eq!(
            r.first_broken.map(|b| b.seq),
            Some(Some(7)),
            "editing {column}"
        );
    }
}

#[test]
fn a_deleted_row_in_the_middle_is_detected() {
    let (_dir, path) = busy_store();
    let conn = raw(&path);
    let (next_id, _) = seq_row(&conn, 31);
    conn.execute("DELETE FROM audit_log WHERE seq = 30", [])
        .unwrap();
    let r = audit::verify_chain(&conn).unwrap();
    let b = r.first_broken.expect("broken");
    assert_eq!((b.seq, b.id), (Some(31), next_id));
    assert!(b.reason.contains("deleted"), "{}", b.reason);

    // Renumbering the rest to hide the gap still breaks the chain at the same row.
    conn.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq > 30", [])
        .unwrap();
    let b = audit::verify_chain(&conn)
        .unwrap()
        .first_broken
        .expect("broken");
    assert_eq!(b.seq, Some(30));
}

#[test]
fn reordered_rows_are_detected() {
    let (_dir, path) = busy_store();
    let conn = raw(&path);
    let (id20, _) = seq_row(&conn, 20);
    // Swap the places of rows 20 and 21.
    conn.execute_batch(
        "UPDATE audit_log SET seq = -1 WHERE seq = 20;
         UPDATE audit_log SET seq = 20 WHERE seq = 21;
         UPDATE audit_log SET seq = 21 WHERE seq = -1;",
    )
    .unwrap();
    let b = audit::verify_chain(&conn)
        .unwrap()
        .first_broken
        .expect("broken");
    assert_eq!(b.seq, Some(20));
    assert_ne!(b.id, id20);
}

#[test]
fn a_row_inserted_by_hand_is_detected_and_never_sealed_later() {
    let (_dir, path) = busy_store();
    let conn = raw(&path);
    conn.execute(
        "INSERT INTO audit_log (id, at, user_id, operation, entity, entity_id, summary)
         VALUES ('forged', '2000-01-01T00:00:00.000Z', NULL, 'ledger.post', 'entry', NULL, '{}')",
        [],
    )
    .unwrap();
    drop(conn);
    // Opening the store (and writing more) must not seal the forged row into the chain.
    let mut store = Store::open(&path).unwrap();
    let admin = users::first_admin(store.conn()).unwrap();
    members::create_member(&mut store, &admin, &member("Instituto Y", "IY", "AR")).unwrap();
    let b = audit::verify_chain(store.conn())
        .unwrap()
        .first_broken
        .expect("broken");
    assert_eq!((b.seq, b.id.as_str()), (None, "forged"));
    assert!(b.reason.contains("not sealed"), "{}", b.reason);
}

#[test]
fn rows_written_before_the_chain_are_sealed_once_by_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("fixtures/schema_v1.sql"))
            .unwrap();
        // More legacy rows, out of insertion order by time: they are chained by (at, id).
        conn.execute_batch(
            "INSERT INTO audit_log (id, at, user_id, operation, entity, entity_id, summary) VALUES
               ('b', '2024-03-02T00:00:00.000Z', NULL, 'members.update', 'member', 'm1', '{}'),
               ('a', '2024-03-01T00:00:00.000Z', NULL, 'members.create', 'member', 'm1', '{}');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let n = audit::count(store.conn()).unwrap();
    assert!(n >= 3);
    let r = audit::verify_chain(store.conn()).unwrap();
    assert!(r.ok, "{r:?}");
    let order: Vec<String> = {
        let mut st = store
            .conn()
            .prepare("SELECT id FROM audit_log ORDER BY seq")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let pos = |id: &str| order.iter().position(|x| x == id).unwrap();
    assert!(pos("a") < pos("b"), "{order:?}");
    // New rows continue the chain; reopening changes nothing.
    let sg = users::first_admin(store.conn()).unwrap();
    members::create_member(&mut store, &sg, &member("Instituto Z", "IZ", "CL")).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    let r = audit::verify_chain(store.conn()).unwrap();
    assert!(r.ok, "{r:?}");
    assert_eq!(r.rows as i64, n + 1);
}

// ---- the audit viewer -------------------------------------------------------------------------

#[test]
fn the_audit_viewer_is_for_the_auditor_and_the_secretary_general() {
    let (mut store, admin) = store_with_admin();
    let auditor = user_with_role(&mut store, &admin, "auditor", Role::Auditor);
    assert!(audit::search(store.conn(), &admin, &AuditFilter::default()).is_ok());
    assert!(audit::search(store.conn(), &auditor, &AuditFilter::default()).is_ok());
    assert!(audit::export_csv(store.conn(), &auditor, &AuditFilter::default()).is_ok());
    for role in [
        Role::ChiefOfStaff,
        Role::ManagingFinances,
        Role::LinkingCooperation,
        Role::Staff,
    ] {
        // Even as administrators.
        let mut input = new_user(&format!("u{}", role.as_str().len()), role);
        input.username = format!("user_{}", role.as_str());
        input.is_admin = true;
        let u = users::add_user(&mut store, &admin, input).unwrap();
        let before = fingerprint(&store);
        let e = audit::search(store.conn(), &u, &AuditFilter::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden, "{role:?}");
        let e = audit::export_csv(store.conn(), &u, &AuditFilter::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden, "{role:?}");
        assert_eq!(fingerprint(&store), before);
    }
}

#[test]
fn audit_search_filters_and_pages_newest_first() {
    let (mut store, admin) = store_with_admin();
    let ana = user_with_role(&mut store, &admin, "ana", Role::LinkingCooperation);
    for i in 0..30 {
        let who = if i % 3 == 0 { &admin } else { &ana };
        members::create_member(
            &mut store,
            who,
            &member(&format!("Instituto {i:02}"), &format!("I{i:02}"), "MX"),
        )
        .unwrap();
    }
    let all = audit::count(store.conn()).unwrap() as u32;
    let page = |f: AuditFilter| audit::search(store.conn(), &admin, &f).unwrap();

    // Paging: newest first, pages do not overlap, total is the whole match.
    let p1 = page(AuditFilter {
        limit: 10,
        ..Default::default()
    });
    let p2 = page(AuditFilter {
        limit: 10,
        offset: 10,
        ..Default::default()
    });
    assert_eq!((p1.total, p1.entries.len()), (all, 10));
    assert_eq!(p2.entries.len(), 10);
    let seqs: Vec<u32> = p1
        .entries
        .iter()
        .chain(&p2.entries)
        .map(|e| e.seq)
        .collect();
    assert!(seqs.windows(2).all(|w| w[0] == w[1] + 1), "{seqs:?}");
    assert_eq!(seqs[0], all);
    assert_eq!(p1.entries[0].operation, "members.create");
    let tail = page(AuditFilter {
        limit: 10,
        offset: all - 3,
        ..Default::default()
    });
    assert_eq!(tail.entries.len(), 3);
    assert_eq!(tail.entries.last().unwrap().seq, 1);

    // By user, by operation prefix, by record, by text.
    let by_ana = page(AuditFilter {
        user_id: Some(ana.id.clone()),
        limit: 500,
        ..Default::default()
    });
    assert_eq!(by_ana.total, 20);
    assert!(by_ana
        .entries
        .iter()
        .all(|e| e.user_id.as_deref() == Some(ana.id.as_str())));
    assert_eq!(
        by_ana.entries[0].user_name.as_deref(),
        Some("ana full name")
    );
    let users_ops = page(AuditFilter {
        operation: Some("users.".into()),
        ..Default::default()
    });
    assert_eq!(users_ops.total, 2, "{users_ops:?}");
    let m = &p1.entries[0];
    let one = page(AuditFilter {
        entity: Some("member".into()),
        entity_id: m.entity_id.clone(),
        ..Default::default()
    });
    assert_eq!(one.total, 1);
    assert_eq!(one.entries[0].id, m.id);
    let text = page(AuditFilter {
        text: Some("instituto 07".into()),
        ..Default::default()
    });
    assert_eq!(text.total, 1, "{text:?}");
    let text_user = page(AuditFilter {
        text: Some("ANA FULL".into()),
        ..Default::default()
    });
    assert_eq!(text_user.total, 20);
    let none = page(AuditFilter {
        operation: Some("ledger.".into()),
        ..Default::default()
    });
    assert_eq!((none.total, none.entries.len()), (0, 0));

    // Dates (UTC, inclusive).
    let today = chrono::Utc::now().date_naive();
    let d = |n: i64| {
        (today + chrono::Duration::days(n))
            .format("%Y-%m-%d")
            .to_string()
    };
    assert_eq!(
        page(AuditFilter {
            from: Some(d(0)),
            to: Some(d(0)),
            ..Default::default()
        })
        .total,
        all
    );
    assert_eq!(
        page(AuditFilter {
            from: Some(d(1)),
            ..Default::default()
        })
        .total,
        0
    );
    assert_eq!(
        page(AuditFilter {
            to: Some(d(-1)),
            ..Default::default()
        })
        .total,
        0
    );

    // Bad filters are typed errors on their field.
    for (f, field) in [
        (
            AuditFilter {
                from: Some("2024-13-01".into()),
                ..Default::default()
            },
            "from",
        ),
        (
            AuditFilter {
                from: Some(d(1)),
                to: Some(d(0)),
                ..Default::default()
            },
            "to",
        ),
        (
            AuditFilter {
                limit: 501,
                ..Default::default()
            },
            "limit",
        ),
    ] {
        let e = audit::search(store.conn(), &admin, &f).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{e:?}");
    }
}

#[test]
fn audit_export_is_rfc4180_with_the_same_filter() {
    let (mut store, admin) = store_with_admin();
    let mut m = member("Instituto \"Comillas\", y coma", "IC", "MX");
    m.notes = "línea 1\nlínea 2".into();
    members::create_member(&mut store, &admin, &m).unwrap();
    let csv = audit::export_csv(
        store.conn(),
        &admin,
        &AuditFilter {
            operation: Some("members.".into()),
            limit: 1,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(csv.starts_with("seq,id,at,user_id,username,user_name,operation,entity,entity_id,summary,prev_hash,hash\r\n"), "{csv}");
    let mut rd = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][6], "members.create");
    assert!(rows[0][9].contains("Comillas"), "{:?}", &rows[0]);
    assert_eq!(&rows[0][4], "sg");
    assert_eq!(rows[0][11].len(), 64);
    // Every row when unfiltered, ignoring the page size.
    let all = audit::export_csv(
        store.conn(),
        &admin,
        &AuditFilter {
            limit: 1,
            ..Default::default()
        },
    )
    .unwrap();
    let n = csv::Reader::from_reader(all.as_bytes()).records().count() as i64;
    assert_eq!(n, audit::count(store.conn()).unwrap());
}
