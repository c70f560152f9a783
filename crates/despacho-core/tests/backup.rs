//! Backups: online copies checked before they get their name, the schedule and its pruning,
//! checking a file before a restore, and restoring with a safety backup.
mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use common::{member, new_user, user_with_role};
use despacho_core::backup::{self, BackupSettings};
use despacho_core::users::{self, Role, User};
use despacho_core::{audit, members, store, ErrorCode, Store};

fn file_store(dir: &Path) -> (Store, User, PathBuf) {
    let path = dir.join("store.db");
    let mut store = Store::open(&path).unwrap();
    let admin =
        users::create_first_admin(&mut store, new_user("sg", Role::SecretaryGeneral)).unwrap();
    (store, admin, path)
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn member_count(path: &Path) -> i64 {
    let s = Store::open(path).unwrap();
    s.conn()
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_online_backup_is_checked_and_only_then_named() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, admin, _) = file_store(dir.path());
    members::create_member(&mut store, &admin, &member("Instituto A", "IA", "MX")).unwrap();
    let out = dir.path().join("out");
    let dest = out.join("copy.db");
    let r = backup::backup_to(&store, &dest).unwrap();
    assert_eq!(r.integrity, "ok");
    assert_eq!(r.schema_version, store::SCHEMA_VERSION);
    assert!(r.pages > 0 && r.bytes > 0 && r.sha256.len() == 64);
    // Only the backup itself: no temporary file, no -wal or -journal beside it.
    assert_eq!(names(&out), vec!["copy.db"]);
    let info = backup::verify_file(&dest).unwrap();
    assert_eq!(info.members, 1);
    assert_eq!(info.sha256, r.sha256);
    assert_eq!(info.schema_version, store::SCHEMA_VERSION);
    // A self-contained file: rollback journal, not WAL.
    let header = std::fs::read(&dest).unwrap();
    assert_eq!((header[18], header[19]), (1, 1));
    // The store is still open and writable after the backup.
    members::create_member(&mut store, &admin, &member("Instituto B", "IB", "AR")).unwrap();
    assert_eq!(backup::verify_file(&dest).unwrap().members, 1);
}

#[test]
fn a_backup_to_a_folder_name_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, _) = file_store(dir.path());
    let target = dir.path().join("folder");
    std::fs::create_dir(&target).unwrap();
    let e = backup::backup_to(&store, &target).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    assert!(names(&target).is_empty());
}

#[test]
fn backup_settings_are_validated_audited_and_for_administrators() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, admin, _) = file_store(dir.path());
    let folder = dir.path().join("backups").display().to_string();
    let audit_before = audit::count(store.conn()).unwrap();
    let good = BackupSettings {
        folder: folder.clone(),
        every_hours: 24,
        keep: 7,
    };
    let cases = [
        (
            BackupSettings {
                every_hours: 0,
                ..good.clone()
            },
            "every_hours",
        ),
        (
            BackupSettings {
                every_hours: 169,
                ..good.clone()
            },
            "every_hours",
        ),
        (
            BackupSettings {
                keep: 0,
                ..good.clone()
            },
            "keep",
        ),
        (
            BackupSettings {
                keep: 101,
                ..good.clone()
            },
            "keep",
        ),
        (
            BackupSettings {
                folder: "relative/dir".into(),
                ..good.clone()
            },
            "folder",
        ),
        (
            BackupSettings {
                folder: "  ".into(),
                ..good.clone()
            },
            "folder",
        ),
    ];
    for (input, field) in cases {
        let e = backup::set_settings(&mut store, &admin, &input).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{input:?}");
    }
    let staff = user_with_role(&mut store, &admin, "staff", Role::Staff);
    let audit_before = audit_before + 1; // adding the user
    let e = backup::set_settings(&mut store, &staff, &good).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(audit::count(store.conn()).unwrap(), audit_before);
    assert_eq!(backup::settings(store.conn()).unwrap(), None);
    assert!(!backup::due(store.conn(), Utc::now()).unwrap());

    assert_eq!(
        backup::set_settings(&mut store, &admin, &good).unwrap(),
        good
    );
    assert_eq!(backup::settings(store.conn()).unwrap(), Some(good));
    assert_eq!(audit::count(store.conn()).unwrap(), audit_before + 1);
    assert!(Path::new(&folder).is_dir());
}

#[test]
fn scheduled_backups_run_when_due_and_keep_the_last_n() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, admin, _) = file_store(dir.path());
    let folder = dir.path().join("backups");
    // Not set up: nothing is due, nothing is written.
    assert_eq!(
        backup::run_scheduled(&mut store, None, at("2030-01-01T08:00:00Z")).unwrap(),
        None
    );
    backup::set_settings(
        &mut store,
        &admin,
        &BackupSettings {
            folder: folder.display().to_string(),
            every_hours: 24,
            keep: 2,
        },
    )
    .unwrap();
    // Files the schedule does not own.
    std::fs::write(folder.join("despacho-notes.db"), "keep me").unwrap();
    std::fs::write(folder.join("despacho-2020010-000000.db"), "keep me").unwrap();
    std::fs::write(folder.join("other.db"), "keep me").unwrap();

    let t0 = at("2030-01-01T08:00:00Z");
    let r = backup::run_scheduled(&mut store, Some(&admin), t0)
        .unwrap()
        .unwrap();
    assert!(r.path.ends_with("despacho-20300101-080000.db"));
    assert_eq!(backup::last_run(store.conn()).unwrap(), Some(t0));
    assert!(!backup::due(store.conn(), t0 + Duration::hours(23)).unwrap());
    assert_eq!(
        backup::run_scheduled(&mut store, None, t0 + Duration::hours(23)).unwrap(),
        None
    );
    assert!(backup::due(store.conn(), t0 + Duration::hours(24)).unwrap());
    let r2 = backup::run_scheduled(&mut store, None, t0 + Duration::hours(24))
        .unwrap()
        .unwrap();
    assert!(r2.pruned.is_empty());
    let r3 = backup::run_scheduled(&mut store, None, t0 + Duration::hours(49))
        .unwrap()
        .unwrap();
    assert_eq!(r3.pruned.len(), 1);
    assert!(r3.pruned[0].ends_with("despacho-20300101-080000.db"));
    let list = backup::list_backups(&folder).unwrap();
    assert_eq!(
        list.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        vec!["despacho-20300102-080000.db", "despacho-20300103-090000.db"]
    );
    assert_eq!(list[1].taken_at, "2030-01-03T09:00:00Z");
    for f in &list {
        backup::verify_file(Path::new(&f.path)).unwrap();
    }
    // Foreign files untouched; no temporary files left.
    assert_eq!(
        names(&folder),
        vec![
            "despacho-2020010-000000.db",
            "despacho-20300102-080000.db",
            "despacho-20300103-090000.db",
            "despacho-notes.db",
            "other.db"
        ]
    );
    // Each scheduled run is audited (the system's runs with no user).
    let runs: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE operation = 'backup.scheduled'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(runs, 3);
}

#[test]
fn verify_file_refuses_what_is_not_a_sound_despacho_store() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, _) = file_store(dir.path());
    let good = dir.path().join("good.db");
    backup::backup_to(&store, &good).unwrap();

    let missing = backup::verify_file(&dir.path().join("nope.db")).unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
    assert_eq!(missing.field.as_deref(), Some("file"));

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database at all, just some words\n".repeat(10)).unwrap();
    assert_eq!(
        backup::verify_file(&text).unwrap_err().code,
        ErrorCode::InvalidFormat
    );

    let bytes = std::fs::read(&good).unwrap();
    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(
        backup::verify_file(&truncated).unwrap_err().code,
        ErrorCode::InvalidFormat
    );

    // A page of the copy overwritten with garbage.
    let mut damaged = bytes.clone();
    let page = 4096;
    for b in &mut damaged[page * 2..page * 3] {
        *b = 0x5a;
    }
    let damaged_path = dir.path().join("damaged.db");
    std::fs::write(&damaged_path, &damaged).unwrap();
    assert_eq!(
        backup::verify_file(&damaged_path).unwrap_err().code,
        ErrorCode::InvalidFormat
    );

    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); PRAGMA user_version = 3;")
        .unwrap();
    assert_eq!(
        backup::verify_file(&other).unwrap_err().code,
        ErrorCode::InvalidFormat
    );

    let newer = dir.path().join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", store::SCHEMA_VERSION + 1)
        .unwrap();
    let e = backup::verify_file(&newer).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    assert!(e.message.contains("newer"), "{}", e.message);
}

#[test]
fn restore_replaces_the_store_and_keeps_a_safety_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, admin, path) = file_store(dir.path());
    members::create_member(&mut store, &admin, &member("Instituto A", "IA", "MX")).unwrap();
    let saved = dir.path().join("saved.db");
    backup::backup_to(&store, &saved).unwrap();
    members::create_member(&mut store, &admin, &member("Instituto B", "IB", "AR")).unwrap();
    drop(store);

    let r = backup::restore_from(&saved, &path).unwrap();
    assert_eq!(r.restored.members, 1);
    assert_eq!(r.schema_version, store::SCHEMA_VERSION);
    assert_eq!(member_count(&path), 1);
    // The safety backup holds the store as it was, later change included.
    let safety = PathBuf::from(r.safety_backup.unwrap());
    assert!(safety
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("store.db.before-restore-"));
    assert_eq!(backup::verify_file(&safety).unwrap().members, 2);
    // And it restores too.
    backup::restore_from(&safety, &path).unwrap();
    assert_eq!(member_count(&path), 2);
    assert!(!names(dir.path()).iter().any(|n| n.contains("tmp")));
}

#[test]
fn an_older_backup_is_upgraded_when_restored() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v1.db");
    {
        let c = rusqlite::Connection::open(&old).unwrap();
        c.execute_batch(store::MIGRATIONS[0]).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
    }
    assert_eq!(backup::verify_file(&old).unwrap().schema_version, 1);
    let path = dir.path().join("store.db");
    let r = backup::restore_from(&old, &path).unwrap();
    assert_eq!(r.safety_backup, None);
    assert_eq!(r.schema_version, store::SCHEMA_VERSION);
    assert_eq!(member_count(&path), 0);
}

#[test]
fn refused_restores_leave_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, admin, path) = file_store(dir.path());
    members::create_member(&mut store, &admin, &member("Instituto A", "IA", "MX")).unwrap();
    let good = dir.path().join("good.db");
    backup::backup_to(&store, &good).unwrap();
    members::create_member(&mut store, &admin, &member("Instituto B", "IB", "AR")).unwrap();

    // While the store is open elsewhere (the app), a restore is refused before writing.
    let listing = names(dir.path());
    let e = backup::restore_from(&good, &path).unwrap_err();
    assert_eq!(e.code, ErrorCode::Unavailable, "{}", e.message);
    assert_eq!(names(dir.path()), listing);
    members::create_member(&mut store, &admin, &member("Instituto C", "IC", "CL")).unwrap();
    drop(store);
    assert_eq!(member_count(&path), 3);

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    for bad in [text, truncated, dir.path().join("missing.db")] {
        let before = std::fs::read(&path).unwrap();
        let listing = names(dir.path());
        assert!(backup::restore_from(&bad, &path).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), before, "{}", bad.display());
        assert_eq!(names(dir.path()), listing);
    }
    assert_eq!(member_count(&path), 3);
}
