//! The store: migrations, pragmas, the frozen-schema upgrade.
mod common;

use despacho_core::store::{self, Store, SCHEMA_VERSION};
use despacho_core::users;

#[test]
fn a_new_store_has_the_latest_schema_and_the_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/despacho.db");
    let store = Store::open(&path).unwrap();
    assert!(path.exists());
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let pragma = |p: &str| {
        store
            .conn()
            .pragma_query_value(None, p, |r| r.get::<_, rusqlite::types::Value>(0))
            .unwrap()
    };
    assert_eq!(
        pragma("journal_mode"),
        rusqlite::types::Value::Text("wal".into())
    );
    assert_eq!(pragma("foreign_keys"), rusqlite::types::Value::Integer(1));
    assert_eq!(pragma("synchronous"), rusqlite::types::Value::Integer(2)); // FULL
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn every_table_has_an_explicit_text_primary_key_and_the_row_conventions() {
    let store = Store::open_in_memory().unwrap();
    let mut st = store
        .conn()
        // Skipped: SQLite's own tables, and the global search's FTS5 index `search_index`
        // (a virtual table, `CREATE VIRTUAL TABLE`) with the shadow tables FTS5 creates for it
        // (`search_index_data`, `_idx`, `_content`, `_docsize`, `_config`). FTS5 decides their
        // shape (integer keys, no updated_at); they hold no record of their own, only an index
        // derived from the records, rebuilt by triggers in the same transaction as each change.
        // The map from records to index rows, `search_docs`, is an ordinary table and is checked.
        // Also skipped: `budget_actuals` (migration 0015) and `account_years` (0017), each
        // year's sums per budget line and per account kept by triggers on the journal — no
        // record of their own either, keyed by (year, line or account).
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
               AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
               AND name NOT IN ('budget_actuals', 'account_years')
               AND NOT (name LIKE 'search_index_%' AND name IN
                 (SELECT 'search_index_' || s FROM (SELECT 'data' AS s UNION ALL SELECT 'idx'
                   UNION ALL SELECT 'content' UNION ALL SELECT 'docsize' UNION ALL SELECT 'config')))",
        )
        .unwrap();
    let tables: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(tables.len() >= 6, "{tables:?}");
    assert!(tables.iter().any(|t| t == "search_docs"), "{tables:?}");
    for t in tables {
        let mut st = store
            .conn()
            .prepare(&format!("PRAGMA table_info({t})"))
            .unwrap();
        let cols: Vec<(String, String, bool, i64)> = st
            .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?, r.get(5)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let pk: Vec<_> = cols.iter().filter(|c| c.3 > 0).collect();
        assert_eq!(pk.len(), 1, "{t} must have exactly one primary key column");
        assert_eq!(pk[0].1, "TEXT", "{t}'s key is TEXT");
        assert!(pk[0].2, "{t}'s key is NOT NULL");
        if t != "audit_log" {
            for needed in ["updated_at", "updated_by"] {
                assert!(cols.iter().any(|c| c.0 == needed), "{t} lacks {needed}");
            }
        }
    }
}

#[test]
fn a_frozen_v1_store_upgrades_to_the_latest_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("fixtures/schema_v1.sql"))
            .unwrap();
        assert_eq!(
            conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
                .unwrap(),
            1
        );
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let sg = users::first_admin(store.conn()).unwrap();
    assert_eq!(sg.username, "sg");
    assert_eq!(sg.full_name, "Secretaría General");
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0, "v2 tables exist after the upgrade");
    assert!(store.integrity_problems().unwrap().is_empty());
    drop(store);
    // Opening again is a no-op.
    assert_eq!(
        Store::open(&path).unwrap().schema_version().unwrap(),
        SCHEMA_VERSION
    );
}

#[test]
fn a_store_from_a_newer_despacho_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert_eq!(err.code, despacho_core::ErrorCode::Storage);
    assert!(err.message.contains("newer"), "{}", err.message);
}

#[test]
fn ids_are_uuid_v7_and_timestamps_utc() {
    let id = store::new_id();
    assert_eq!(uuid_version(&id), 7);
    let now = store::now();
    assert!(now.ends_with('Z') && now.len() == 24, "{now}");
}

fn uuid_version(id: &str) -> u32 {
    id.chars().nth(14).unwrap().to_digit(16).unwrap()
}

#[test]
fn every_store_starts_with_the_organizations_bodies() {
    let store = Store::open_in_memory().unwrap();
    let bodies = despacho_core::bodies::list_bodies(store.conn()).unwrap();
    let codes: Vec<&str> = bodies.iter().map(|b| b.code.as_str()).collect();
    for code in [
        "GA",
        "CPISS",
        "CIESS-JD",
        "CASS-ACT",
        "CASS-AOSS",
        "CASS-SAL",
        "CASS-RP",
        "CASS-ORG",
        "CASS-JUR",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let ga = despacho_core::bodies::find_body(store.conn(), "GA").unwrap();
    assert_eq!(
        ga.id, "01940000-0000-7000-8000-000000000001",
        "fixed ids, the same in every store"
    );
}

#[test]
fn one_app_per_store_and_the_lock_goes_with_its_holder() {
    use despacho_core::store::InstanceLock;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub").join("despacho.db");
    let first = InstanceLock::acquire(&db).unwrap();
    let second = InstanceLock::acquire(&db).unwrap_err();
    assert_eq!(second.code, despacho_core::ErrorCode::Unavailable);
    assert!(second.message.contains("already open"));
    // Another store is not affected.
    let other = InstanceLock::acquire(&dir.path().join("other.db")).unwrap();
    drop(first);
    let again = InstanceLock::acquire(&db).unwrap();
    assert!(again.path().ends_with("despacho.db.lock"));
    drop(other);
}
