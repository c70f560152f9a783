//! Encryption at rest (ADR 0008): the data key wrapped under the passphrase and the recovery
//! key, wrong keys refused with nothing written, re-wrapping, the key file's damage, the
//! plaintext store encrypted in place (and a failure in the middle), no plaintext on disk,
//! encrypted backups and restore, snapshots into a store with its own key.
mod common;

use std::path::{Path, PathBuf};

use common::{member, new_user};
use despacho_core::crypt::{self, FailAt, StoreFile};
use despacho_core::users::{self, Role, User};
use despacho_core::{backup, members, sync, ErrorCode, Store};

const PASS: &str = "una frase de paso bastante larga";
const NAME: &str = "Instituto Zafiro de Previsión";

fn encrypted_store(dir: &Path) -> (Store, User, PathBuf, String) {
    let path = dir.join("despacho.db");
    let (mut store, recovery) = crypt::create_store(&path, PASS).unwrap();
    let admin =
        users::create_first_admin(&mut store, new_user("sg", Role::SecretaryGeneral)).unwrap();
    members::create_member(&mut store, &admin, &member(NAME, "IZP", "MX")).unwrap();
    (store, admin, path, recovery)
}

/// The error of a result whose success type has no `Debug` (a store).
fn err<T>(r: Result<T, despacho_core::AppError>) -> despacho_core::AppError {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn members_in(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every byte of the store's files on disk (the store, its -wal), for plaintext searches.
fn bytes_on_disk(path: &Path) -> Vec<u8> {
    let mut all = std::fs::read(path).unwrap();
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    if let Ok(w) = std::fs::read(wal) {
        all.extend(w);
    }
    all
}

#[test]
fn a_new_store_is_encrypted_on_disk_and_opens_with_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, path, recovery) = encrypted_store(dir.path());
    // Eight groups of four.
    assert_eq!(recovery.split('-').count(), 8);
    assert!(store.key().is_some());
    drop(store);
    assert_eq!(crypt::inspect(&path).unwrap(), StoreFile::Encrypted);
    let bytes = bytes_on_disk(&path);
    assert_ne!(&bytes[..16], crypt::SQLITE_HEADER);
    assert!(
        !contains(&bytes, "Zafiro".as_bytes()),
        "a member's name is in clear on disk"
    );
    assert!(
        !contains(&bytes, b"CREATE TABLE"),
        "the schema is in clear on disk"
    );
    // The key file holds no key in clear, only wrapped keys.
    let kf = std::fs::read_to_string(crypt::keys_path(&path)).unwrap();
    let key = crypt::unlock(&path, PASS).unwrap();
    assert!(!kf.contains(&key.to_hex()));
    let store = Store::open_with_key(&path, &key).unwrap();
    assert_eq!(members_in(&store), 1);
    // Opened without its key, the store is refused as locked.
    drop(store);
    assert_eq!(err(Store::open(&path)).code, ErrorCode::Locked);
}

#[test]
fn a_wrong_passphrase_or_recovery_key_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, path, recovery) = encrypted_store(dir.path());
    drop(store);
    let before_db = std::fs::read(&path).unwrap();
    let before_keys = std::fs::read(crypt::keys_path(&path)).unwrap();
    let e = crypt::unlock(&path, "otra frase de paso larga").unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongPassphrase);
    assert_eq!(e.field.as_deref(), Some("passphrase"));
    // A well-formed recovery key that is not this store's.
    let mut other: Vec<char> = recovery.chars().collect();
    other[0] = if other[0] == 'A' { 'B' } else { 'A' };
    let other: String = other.into_iter().collect();
    let e = crypt::unlock_with_recovery(&path, &other).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongPassphrase);
    assert_eq!(e.field.as_deref(), Some("recovery_key"));
    // Not a recovery key at all.
    let e = crypt::unlock_with_recovery(&path, "hola").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidFormat);
    // A random key does not open the store either.
    let e = err(Store::open_with_key(
        &path,
        &crypt::DataKey::random().unwrap(),
    ));
    assert_eq!(e.code, ErrorCode::WrongPassphrase);
    assert_eq!(std::fs::read(&path).unwrap(), before_db);
    assert_eq!(std::fs::read(crypt::keys_path(&path)).unwrap(), before_keys);
}

#[test]
fn the_recovery_key_opens_the_store_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, path, recovery) = encrypted_store(dir.path());
    drop(store);
    let typed = recovery.to_lowercase().replace('-', " ");
    let key = crypt::unlock_with_recovery(&path, &typed).unwrap();
    assert_eq!(key, crypt::unlock(&path, PASS).unwrap());
    // After a recovery the passphrase can be set again (re-wrapped, nothing else changes).
    crypt::rewrap_passphrase(&path, &key, "la nueva frase de paso").unwrap();
    assert_eq!(
        crypt::unlock(&path, PASS).unwrap_err().code,
        ErrorCode::WrongPassphrase
    );
    let store = Store::open_with_key(
        &path,
        &crypt::unlock(&path, "la nueva frase de paso").unwrap(),
    )
    .unwrap();
    assert_eq!(members_in(&store), 1);
}

#[test]
fn changing_the_passphrase_rewraps_the_key_and_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, admin, path, recovery) = encrypted_store(dir.path());
    let db_before = std::fs::metadata(&path).unwrap().len();
    // The current passphrase is checked; a short new one is refused; nothing changes.
    let kf_before = std::fs::read(crypt::keys_path(&path)).unwrap();
    let e = crypt::change_passphrase(&mut store, &admin, "no es la frase", "otra frase muy larga")
        .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::WrongPassphrase, Some("current"))
    );
    let e = crypt::change_passphrase(&mut store, &admin, PASS, "corta").unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("new_passphrase"))
    );
    assert_eq!(std::fs::read(crypt::keys_path(&path)).unwrap(), kf_before);
    // Only administrators.
    let staff = users::add_user(&mut store, &admin, new_user("staff", Role::Staff)).unwrap();
    let e = crypt::change_passphrase(&mut store, &staff, PASS, "otra frase muy larga").unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    crypt::change_passphrase(&mut store, &admin, PASS, "otra frase muy larga").unwrap();
    let audited: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE operation = 'store.passphrase_change'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    drop(store);
    assert_eq!(
        crypt::unlock(&path, PASS).unwrap_err().code,
        ErrorCode::WrongPassphrase
    );
    let key = crypt::unlock(&path, "otra frase muy larga").unwrap();
    // The recovery key still opens it: it wraps the same data key.
    assert_eq!(crypt::unlock_with_recovery(&path, &recovery).unwrap(), key);
    let store = Store::open_with_key(&path, &key).unwrap();
    assert_eq!(members_in(&store), 1);
    // The store itself was not rewritten for the change (only the audit row was added).
    assert!(std::fs::metadata(&path).unwrap().len() >= db_before);
}

#[test]
fn a_new_recovery_key_replaces_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, admin, path, old) = encrypted_store(dir.path());
    let e = crypt::issue_recovery_key(&mut store, &admin, "no es la frase").unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongPassphrase);
    assert!(crypt::unlock_with_recovery(&path, &old).is_ok());
    let new = crypt::issue_recovery_key(&mut store, &admin, PASS).unwrap();
    assert_ne!(new, old);
    assert_eq!(
        crypt::unlock_with_recovery(&path, &old).unwrap_err().code,
        ErrorCode::WrongPassphrase
    );
    assert_eq!(
        crypt::unlock_with_recovery(&path, &new).unwrap(),
        *store.key().unwrap()
    );
    assert!(crypt::unlock(&path, PASS).is_ok());
}

#[test]
fn a_damaged_key_file_is_named_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, path, _) = encrypted_store(dir.path());
    drop(store);
    let kp = crypt::keys_path(&path);
    let good = std::fs::read_to_string(&kp).unwrap();
    // Not JSON.
    std::fs::write(&kp, &good[..good.len() / 2]).unwrap();
    let e = crypt::unlock(&path, PASS).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidFormat);
    assert!(e.message.contains("key file"), "{}", e.message);
    // The wrapped key altered: the passphrase no longer unwraps it (AEAD).
    let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
    let ct = v["passphrase"]["ciphertext"].as_str().unwrap().to_string();
    let flipped = format!(
        "{}{}",
        if ct.starts_with('0') { "1" } else { "0" },
        &ct[1..]
    );
    v["passphrase"]["ciphertext"] = flipped.into();
    std::fs::write(&kp, v.to_string()).unwrap();
    assert_eq!(
        crypt::unlock(&path, PASS).unwrap_err().code,
        ErrorCode::WrongPassphrase
    );
    // The key check altered: the unwrapped key is refused as not this file's.
    let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
    v["key_check"] = "0000000000000000".into();
    std::fs::write(&kp, v.to_string()).unwrap();
    assert_eq!(
        crypt::unlock(&path, PASS).unwrap_err().code,
        ErrorCode::InvalidFormat
    );
    // A newer version.
    let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
    v["version"] = 9.into();
    std::fs::write(&kp, v.to_string()).unwrap();
    assert_eq!(
        crypt::unlock(&path, PASS).unwrap_err().code,
        ErrorCode::InvalidValue
    );
    // Missing.
    std::fs::remove_file(&kp).unwrap();
    let e = crypt::unlock(&path, PASS).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert!(e.message.contains("missing"));
    std::fs::write(&kp, good).unwrap();
    assert!(crypt::unlock(&path, PASS).is_ok());
}

fn plaintext_store(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("despacho.db");
    let mut store = Store::open(&path).unwrap();
    let admin =
        users::create_first_admin(&mut store, new_user("sg", Role::SecretaryGeneral)).unwrap();
    for i in 0..n {
        let name = if i == 0 {
            NAME.to_string()
        } else {
            format!("Instituto {i}")
        };
        members::create_member(&mut store, &admin, &member(&name, &format!("I{i}"), "MX")).unwrap();
    }
    path
}

fn counts(store: &Store) -> Vec<(String, i64)> {
    let names: Vec<String> = {
        let mut st = store
            .conn()
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap();
        let v = st
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        v
    };
    names
        .into_iter()
        .map(|n| {
            let c = store
                .conn()
                .query_row(&format!("SELECT count(*) FROM \"{n}\""), [], |r| r.get(0))
                .unwrap();
            (n, c)
        })
        .collect()
}

#[test]
fn a_plaintext_store_is_encrypted_in_place_after_a_verified_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = plaintext_store(dir.path(), 30);
    let before = {
        let s = Store::open(&path).unwrap();
        counts(&s)
    };
    assert!(contains(&bytes_on_disk(&path), "Zafiro".as_bytes()));
    assert_eq!(crypt::inspect(&path).unwrap(), StoreFile::Plaintext);
    let (store, report) = crypt::encrypt_in_place(&path, PASS).unwrap();
    assert_eq!(counts(&store), before);
    assert_eq!(members_in(&store), 30);
    assert_eq!(
        store.schema_version().unwrap(),
        despacho_core::store::SCHEMA_VERSION
    );
    assert_eq!(report.tables as usize, before.len());
    assert_eq!(
        report.rows,
        before.iter().map(|(_, c)| *c as u64).sum::<u64>()
    );
    assert!(store.integrity_problems().unwrap().is_empty());
    drop(store);
    // The backup is the plaintext store as it was, and it verifies.
    let backup = PathBuf::from(&report.backup);
    assert!(backup.exists());
    assert!(report.backup.contains("before-encryption"));
    let info = backup::verify_file(&backup).unwrap();
    assert_eq!(info.members, 30);
    // The store is now encrypted: no member name in clear, no SQLite header, no stale -wal.
    assert_eq!(crypt::inspect(&path).unwrap(), StoreFile::Encrypted);
    assert!(!contains(&bytes_on_disk(&path), "Zafiro".as_bytes()));
    assert!(
        !PathBuf::from(format!("{}-wal", path.display())).exists() || {
            // A -wal of the encrypted store (after the reopen) is encrypted too.
            !contains(&bytes_on_disk(&path), "Zafiro".as_bytes())
        }
    );
    let key = crypt::unlock(&path, PASS).unwrap();
    assert_eq!(
        crypt::unlock_with_recovery(&path, &report.recovery_key).unwrap(),
        key
    );
    let store = Store::open_with_key(&path, &key).unwrap();
    assert_eq!(counts(&store), before);
    // A second encryption is refused: it is not a plaintext store any more.
    drop(store);
    assert_eq!(
        err(crypt::encrypt_in_place(&path, PASS)).code,
        ErrorCode::InvalidValue
    );
}

#[test]
fn a_failure_in_the_middle_of_the_encryption_leaves_the_original_intact() {
    for fail in [FailAt::AfterBackup, FailAt::AfterExport] {
        let dir = tempfile::tempdir().unwrap();
        let path = plaintext_store(dir.path(), 5);
        let before = counts(&Store::open(&path).unwrap());
        assert!(crypt::encrypt_in_place_failing(&path, PASS, fail).is_err());
        assert_eq!(
            crypt::inspect(&path).unwrap(),
            StoreFile::Plaintext,
            "{fail:?}"
        );
        assert!(
            !crypt::keys_path(&path).exists(),
            "{fail:?}: a key file was left"
        );
        // No temporary encrypted copy left behind.
        let leftovers: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("encrypt-tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        let store = Store::open(&path).unwrap();
        assert_eq!(counts(&store), before, "{fail:?}");
        drop(store);
        // And it can be encrypted afterwards.
        let (store, _) = crypt::encrypt_in_place(&path, PASS).unwrap();
        assert_eq!(counts(&store), before);
    }
    // A weak passphrase is refused before anything is written.
    let dir = tempfile::tempdir().unwrap();
    let path = plaintext_store(dir.path(), 1);
    let e = err(crypt::encrypt_in_place(&path, "corta"));
    assert_eq!(e.field.as_deref(), Some("passphrase"));
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(names.len() <= 3, "only the store and its -wal/-shm");
}

#[test]
fn encrypted_backups_restore_with_the_same_key() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, admin, path, recovery) = encrypted_store(dir.path());
    let out = dir.path().join("backups").join("copy.db");
    let r = backup::backup_to(&store, &out).unwrap();
    assert_eq!(r.integrity, "ok");
    // The backup is encrypted, and its key file is beside it.
    assert_eq!(crypt::inspect(&out).unwrap(), StoreFile::Encrypted);
    assert!(!contains(
        &std::fs::read(&out).unwrap(),
        "Zafiro".as_bytes()
    ));
    assert!(crypt::keys_path(&out).exists());
    // Without the key the backup is refused; with it, verified.
    assert_eq!(
        backup::verify_file(&out).unwrap_err().code,
        ErrorCode::InvalidFormat
    );
    let info = backup::verify_file_with(&out, store.key()).unwrap();
    assert_eq!(info.members, 1);
    // The backup's own key file opens it with the passphrase and the recovery key.
    assert_eq!(crypt::unlock(&out, PASS).unwrap(), *store.key().unwrap());
    assert_eq!(
        crypt::unlock_with_recovery(&out, &recovery).unwrap(),
        *store.key().unwrap()
    );
    // Another store's key does not.
    let e = backup::verify_file_with(&out, Some(&crypt::DataKey::random().unwrap())).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongPassphrase);
    // More data after the backup, then restore: the member added later is gone.
    members::create_member(&mut store, &admin, &member("Otro Instituto", "OI", "AR")).unwrap();
    assert_eq!(members_in(&store), 2);
    let key = store.key().unwrap().clone();
    drop(store);
    let rr = backup::restore_from_with(&out, &path, Some(&key)).unwrap();
    assert!(rr.safety_backup.is_some());
    let safety = PathBuf::from(rr.safety_backup.unwrap());
    assert_eq!(crypt::inspect(&safety).unwrap(), StoreFile::Encrypted);
    assert_eq!(
        backup::verify_file_with(&safety, Some(&key))
            .unwrap()
            .members,
        2
    );
    let store = Store::open_with_key(&path, &key).unwrap();
    assert_eq!(members_in(&store), 1);
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn an_unencrypted_backup_is_encrypted_when_restored_into_an_encrypted_store() {
    let dir = tempfile::tempdir().unwrap();
    let plain_dir = dir.path().join("plain");
    let plain = plaintext_store(&plain_dir, 3);
    let old_backup = dir.path().join("old.db");
    backup::backup_to(&Store::open(&plain).unwrap(), &old_backup).unwrap();
    let (store, _, path, _) = encrypted_store(dir.path());
    let key = store.key().unwrap().clone();
    drop(store);
    backup::restore_from_with(&old_backup, &path, Some(&key)).unwrap();
    assert_eq!(crypt::inspect(&path).unwrap(), StoreFile::Encrypted);
    let store = Store::open_with_key(&path, &key).unwrap();
    assert_eq!(members_in(&store), 3);
    drop(store);
    assert!(!contains(&bytes_on_disk(&path), "Zafiro".as_bytes()));
}

#[test]
fn a_snapshot_starts_a_store_with_its_own_key() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, admin, _, _) = encrypted_store(dir.path());
    let snap = dir.path().join("office.snapshot");
    sync::site::snapshot(&mut store, &admin, &snap).unwrap();
    assert_eq!(crypt::inspect(&snap).unwrap(), StoreFile::Encrypted);
    // The new site unlocks the snapshot with the office's passphrase (its key file is beside it).
    let source = crypt::unlock(&snap, PASS).unwrap();
    let laptop = dir.path().join("laptop").join("despacho.db");
    let (new, recovery) = sync::site::init_from_snapshot_with(
        &snap,
        &laptop,
        Some("Laptop"),
        Some(&source),
        Some("la frase del portátil"),
    )
    .unwrap();
    assert_eq!(members_in(&new), 1);
    let new_key = new.key().unwrap().clone();
    assert_ne!(new_key, source, "the new installation has its own data key");
    drop(new);
    assert_eq!(
        crypt::unlock(&laptop, "la frase del portátil").unwrap(),
        new_key
    );
    assert_eq!(
        crypt::unlock_with_recovery(&laptop, &recovery.unwrap()).unwrap(),
        new_key
    );
    assert_eq!(
        crypt::unlock(&laptop, PASS).unwrap_err().code,
        ErrorCode::WrongPassphrase
    );
    assert!(!contains(&bytes_on_disk(&laptop), "Zafiro".as_bytes()));
    // Without the office's key the snapshot is refused and no store is left.
    let other = dir.path().join("other").join("despacho.db");
    let e = err(sync::site::init_from_snapshot_with(
        &snap,
        &other,
        None,
        None,
        Some("la frase del portátil"),
    ));
    assert_eq!(e.code, ErrorCode::InvalidFormat);
    assert!(!other.exists());
}

#[test]
fn the_keyring_is_not_consulted_unless_the_key_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, path, _) = encrypted_store(dir.path());
    drop(store);
    assert!(!crypt::is_remembered(&path));
    // Not remembered: no keyring call at all, whatever the machine has.
    assert_eq!(crypt::keyring::recall(&path).unwrap(), None);
    assert!(!crypt::status(&path).unwrap().remembered);
}

/// What SQLCipher costs when opening a store with the demo data, and for a read-heavy query:
/// `cargo test -p despacho-core --release --test crypt -- --ignored --nocapture cost`
/// (figures in docs/PERFORMANCE.md).
#[test]
#[ignore]
fn cost_of_encryption() {
    use std::time::Instant;
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain").join("despacho.db");
    {
        let mut store = Store::open(&plain).unwrap();
        let admin =
            users::create_first_admin(&mut store, new_user("sg", Role::SecretaryGeneral)).unwrap();
        despacho_core::demo::load(&mut store, &admin).unwrap();
    }
    let enc_dir = dir.path().join("enc");
    std::fs::create_dir_all(&enc_dir).unwrap();
    let enc = enc_dir.join("despacho.db");
    std::fs::copy(&plain, &enc).unwrap();
    let (store, _) = crypt::encrypt_in_place(&enc, PASS).unwrap();
    let key = store.key().unwrap().clone();
    drop(store);
    let median = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v[v.len() / 2]
    };
    let query = |s: &Store| {
        s.conn()
            .query_row(
                "SELECT count(*), sum(length(summary)) FROM audit_log",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
    };
    for (label, encrypted) in [("plaintext", false), ("encrypted", true)] {
        let (mut opens, mut reads) = (Vec::new(), Vec::new());
        for _ in 0..21 {
            let t = Instant::now();
            let s = if encrypted {
                Store::open_with_key(&enc, &key).unwrap()
            } else {
                Store::open(&plain).unwrap()
            };
            opens.push(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            query(&s);
            members::list_members(s.conn(), &Default::default()).unwrap();
            reads.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "{label}: open median {:.2} ms, audit scan + members list median {:.2} ms",
            median(opens),
            median(reads)
        );
    }
    let t = Instant::now();
    crypt::unlock(&enc, PASS).unwrap();
    println!(
        "unwrapping the key with the passphrase (argon2id): {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
}
