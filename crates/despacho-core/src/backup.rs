//! Backups and restore.
//!
//! A backup is an online copy of the store taken with SQLite's backup API while the store stays
//! open. It is written to a temporary file next to its destination, checked there
//! (`PRAGMA integrity_check`, schema version), made self-contained (rollback journal, no `-wal`
//! file needed) and only then renamed to its final name: a half-written file never carries the
//! final name.
//!
//! An administrator sets a folder, a period and how many backups to keep ([`set_settings`]);
//! the shell calls [`run_scheduled`] at start and every hour, which writes
//! `despacho-YYYYMMDD-HHMMSS.db` (UTC) when one is [`due`] and deletes the oldest files of that
//! pattern beyond the number to keep. Nothing else in the folder is ever touched.
//!
//! Restoring ([`restore_from`]) works over paths while no connection holds the store: it checks
//! the backup ([`verify_file`]), takes a safety backup of the current store next to it
//! (`<store>.before-restore-<timestamp>.db`), replaces the store file atomically, and opens the
//! result so that migrations bring an older backup up to date.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use specta::Type;

use crate::audit;
use crate::crypt::{self, DataKey};
use crate::error::{AppError, ErrorCode, Result};
use crate::store::{now, Store, SCHEMA_VERSION};
use crate::users::{Permission, User};
use crate::validate;

const KEY_FOLDER: &str = "backup.folder";
const KEY_EVERY_HOURS: &str = "backup.every_hours";
const KEY_KEEP: &str = "backup.keep";
const KEY_LAST_RUN: &str = "backup.last_run_at";

/// Scheduled backups' file names: `despacho-YYYYMMDD-HHMMSS.db`.
const PREFIX: &str = "despacho-";
const SUFFIX: &str = ".db";
const STAMP: &str = "%Y%m%d-%H%M%S";

/// Tables every Despacho store has had since its first schema version.
const CORE_TABLES: [&str; 3] = ["settings", "users", "audit_log"];

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BackupReport {
    pub path: String,
    /// A number for the UI (exact up to 2^53).
    #[specta(type = f64)]
    pub bytes: u64,
    /// A number for the UI (exact up to 2^53).
    #[specta(type = f64)]
    pub pages: i64,
    /// `"ok"`: a backup that fails its check is never kept.
    pub integrity: String,
    /// A number for the UI (exact up to 2^53).
    #[specta(type = f64)]
    pub schema_version: i64,
    pub sha256: String,
    /// UTC, RFC 3339.
    pub taken_at: String,
    /// Older scheduled backups deleted because more than `keep` were present.
    pub pruned: Vec<String>,
}

/// Scheduled backups, as an administrator sets them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BackupSettings {
    /// An absolute folder path; created if missing.
    pub folder: String,
    /// Hours between backups, 1 to 168.
    pub every_hours: u32,
    /// How many scheduled backups to keep, 1 to 100.
    pub keep: u32,
}

/// A scheduled backup file found in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BackupFile {
    pub path: String,
    pub name: String,
    /// A number for the UI (exact up to 2^53).
    #[specta(type = f64)]
    pub bytes: u64,
    /// From the file name, UTC, RFC 3339.
    pub taken_at: String,
}

/// What a backup file holds, as checked before a restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BackupInfo {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    pub schema_version: i64,
    /// This Despacho's schema version (an older backup is upgraded when restored).
    pub latest_schema_version: i64,
    pub integrity: String,
    pub users: i64,
    pub members: i64,
    /// Journal entries (0 for a store from before the finance schema).
    pub journal_entries: i64,
    pub audit_rows: i64,
    /// When the last change recorded in the file was made.
    pub last_audit_at: Option<String>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RestoreReport {
    pub store_path: String,
    /// The backup that was restored, as checked.
    pub restored: BackupInfo,
    /// The copy of the store as it was before the restore (absent when there was no store).
    pub safety_backup: Option<String>,
    /// The store's schema version after opening it (migrations applied).
    pub schema_version: i64,
}

fn storage(msg: String) -> AppError {
    AppError::new(ErrorCode::Storage, msg)
}

fn io(what: &str, path: &Path, e: std::io::Error) -> AppError {
    storage(format!("cannot {what} {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Taking a backup
// ---------------------------------------------------------------------------------------------

/// A temporary name next to `dest`, which no backup pattern matches.
fn temp_next_to(dest: &Path, tag: &str) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "despacho".to_string());
    let nanos = Utc::now().timestamp_subsec_nanos();
    dest.with_file_name(format!(".{name}.{tag}-{}-{nanos}", std::process::id()))
}

fn sync_dir(dir: &Path) {
    // Makes the rename durable on Unix; directories cannot be opened this way on Windows.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn sha256_of(path: &Path) -> Result<String> {
    let mut f = File::open(path).map_err(|e| io("read", path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(|e| io("read", path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>())
}

fn integrity(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    let lines = st
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
}

/// Copies `src` into a new file at `tmp` with the backup API, checks the copy and makes it a
/// self-contained rollback-journal database. Returns (pages, schema version).
fn copy_checked(src: &Connection, tmp: &Path, key: Option<&DataKey>) -> Result<(i64, i64)> {
    let mut dst = Connection::open(tmp)?;
    // An encrypted store is copied page by page into a file keyed the same way.
    if let Some(key) = key {
        crypt::apply_key(&dst, key)?;
    }
    {
        let b = rusqlite::backup::Backup::new(src, &mut dst)?;
        b.run_to_completion(1024, Duration::ZERO, None)?;
    }
    // The copy carries the source's WAL flag; a backup is one file that opens anywhere.
    let mode: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(storage(format!(
            "the backup copy stayed in journal mode {mode}"
        )));
    }
    let problems = integrity(&dst)?;
    if !problems.is_empty() {
        return Err(storage(format!(
            "the backup copy failed its integrity check: {}",
            problems.join("; ")
        )));
    }
    let version: i64 = dst.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let source_version: i64 = src.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version != source_version || !(1..=SCHEMA_VERSION).contains(&version) {
        return Err(storage(format!(
            "the backup copy has schema version {version}, the store {source_version}"
        )));
    }
    let pages: i64 = dst.pragma_query_value(None, "page_count", |r| r.get(0))?;
    dst.close().map_err(|(_, e)| AppError::from(e))?;
    File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| io("sync", tmp, e))?;
    Ok((pages, version))
}

/// Writes an online backup of `store` to `dest` (replacing a file there): copied with the
/// backup API into a temporary file next to `dest`, checked, then renamed. On any error no file
/// is left under `dest`'s name (an older file there stays as it was).
/// An encrypted store's backup is encrypted with the same data key, and the store's key file
/// is copied beside it (`<backup>.keys`), so that the backup opens with the passphrase or the
/// recovery key of the day it was taken.
pub fn backup_to(store: &Store, dest: &Path) -> Result<BackupReport> {
    let report = backup_conn_keyed(store.conn(), dest, store.key())?;
    if store.key().is_some() {
        crypt::copy_key_file(store.path(), dest)?;
    }
    Ok(report)
}

pub(crate) fn backup_conn_keyed(
    src: &Connection,
    dest: &Path,
    key: Option<&DataKey>,
) -> Result<BackupReport> {
    if dest.as_os_str().is_empty() || dest.is_dir() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "out",
            format!("{} is not a file name", dest.display()),
        ));
    }
    let dir = parent_of(dest);
    std::fs::create_dir_all(&dir).map_err(|e| io("create folder", &dir, e))?;
    let tmp = temp_next_to(dest, "backup-tmp");
    let taken_at = now();
    let copied = copy_checked(src, &tmp, key);
    let (pages, schema_version) = match copied {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(tmp.with_extension("tmp-journal"));
            return Err(e);
        }
    };
    let finish = || -> Result<(u64, String)> {
        let sha256 = sha256_of(&tmp)?;
        let bytes = std::fs::metadata(&tmp)
            .map_err(|e| io("read", &tmp, e))?
            .len();
        std::fs::rename(&tmp, dest).map_err(|e| io("rename the backup to", dest, e))?;
        sync_dir(&dir);
        Ok((bytes, sha256))
    };
    let (bytes, sha256) = finish().inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(BackupReport {
        path: dest.display().to_string(),
        bytes,
        pages,
        integrity: "ok".to_string(),
        schema_version,
        sha256,
        taken_at,
        pruned: Vec::new(),
    })
}

// ---------------------------------------------------------------------------------------------
// Scheduled backups
// ---------------------------------------------------------------------------------------------

fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn put(tx: &Transaction, key: &str, value: &str, actor_id: Option<&str>) -> Result<()> {
    tx.execute(
        "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        params![key, value, now(), actor_id],
    )?;
    Ok(())
}

/// The scheduled-backup settings, or `None` while an administrator has not set them.
pub fn settings(conn: &Connection) -> Result<Option<BackupSettings>> {
    let (Some(folder), Some(every), Some(keep)) = (
        setting(conn, KEY_FOLDER)?,
        setting(conn, KEY_EVERY_HOURS)?,
        setting(conn, KEY_KEEP)?,
    ) else {
        return Ok(None);
    };
    let bad = |k: &str| storage(format!("the setting {k} is damaged"));
    Ok(Some(BackupSettings {
        folder,
        every_hours: every.parse().map_err(|_| bad(KEY_EVERY_HOURS))?,
        keep: keep.parse().map_err(|_| bad(KEY_KEEP))?,
    }))
}

/// When the last scheduled backup was written.
pub fn last_run(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    Ok(setting(conn, KEY_LAST_RUN)?
        .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|d| d.with_timezone(&Utc)))
}

/// Sets the scheduled backups (administrators). The folder must be an absolute path; it is
/// created if missing.
pub fn set_settings(
    store: &mut Store,
    actor: &User,
    input: &BackupSettings,
) -> Result<BackupSettings> {
    actor.require(Permission::ManageSettings)?;
    let folder = validate::required_text("folder", &input.folder, 1000)?;
    if !Path::new(&folder).is_absolute() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "folder",
            "the backup folder must be an absolute path",
        ));
    }
    if !(1..=168).contains(&input.every_hours) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "every_hours",
            "backups run every 1 to 168 hours",
        ));
    }
    if !(1..=100).contains(&input.keep) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "keep",
            "keep between 1 and 100 backups",
        ));
    }
    let path = Path::new(&folder);
    if path.exists() && !path.is_dir() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "folder",
            format!("{folder} is a file, not a folder"),
        ));
    }
    std::fs::create_dir_all(path).map_err(|e| {
        AppError::field(
            ErrorCode::InvalidValue,
            "folder",
            format!("cannot create the folder {folder}: {e}"),
        )
    })?;
    let out = BackupSettings {
        folder,
        every_hours: input.every_hours,
        keep: input.keep,
    };
    store.transaction(|tx| {
        put(tx, KEY_FOLDER, &out.folder, Some(&actor.id))?;
        put(
            tx,
            KEY_EVERY_HOURS,
            &out.every_hours.to_string(),
            Some(&actor.id),
        )?;
        put(tx, KEY_KEEP, &out.keep.to_string(), Some(&actor.id))?;
        audit::record(
            tx,
            Some(&actor.id),
            "settings.backup",
            "settings",
            None,
            &json!({ "folder": out.folder, "every_hours": out.every_hours, "keep": out.keep }),
        )?;
        Ok(())
    })?;
    Ok(out)
}

/// Is a scheduled backup due at `now`? Never when backups are not set up.
pub fn due(conn: &Connection, now: DateTime<Utc>) -> Result<bool> {
    let Some(s) = settings(conn)? else {
        return Ok(false);
    };
    Ok(match last_run(conn)? {
        None => true,
        Some(last) => now - last >= chrono::Duration::hours(i64::from(s.every_hours)),
    })
}

/// The scheduled backup's name for an instant.
pub fn scheduled_name(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format(STAMP))
}

fn parse_scheduled_name(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    // Exactly `YYYYMMDD-HHMMSS`: chrono alone would accept shorter fields.
    let shape = stamp.len() == 15
        && stamp
            .char_indices()
            .all(|(i, c)| if i == 8 { c == '-' } else { c.is_ascii_digit() });
    if !shape {
        return None;
    }
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|d| d.and_utc())
}

/// The scheduled backups in `folder` (files named `despacho-YYYYMMDD-HHMMSS.db`), oldest first.
pub fn list_backups(folder: &Path) -> Result<Vec<BackupFile>> {
    let entries = std::fs::read_dir(folder).map_err(|e| {
        AppError::field(
            ErrorCode::NotFound,
            "folder",
            format!("cannot read the folder {}: {e}", folder.display()),
        )
    })?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io("read", folder, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(at) = parse_scheduled_name(&name) else {
            continue;
        };
        let meta = entry.metadata().map_err(|e| io("read", &entry.path(), e))?;
        if !meta.is_file() {
            continue;
        }
        out.push(BackupFile {
            path: entry.path().display().to_string(),
            name,
            bytes: meta.len(),
            taken_at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Runs the scheduled backup if one is [`due`] at `now`: writes and checks
/// `despacho-YYYYMMDD-HHMMSS.db` in the folder, records the run (audited, by `actor` or by the
/// system when `None`), then deletes the oldest scheduled backups beyond `keep`. Returns
/// `None` when nothing was due. Anyone signed in (or the shell's timer) may trigger it: the
/// policy itself is an administrator's.
pub fn run_scheduled(
    store: &mut Store,
    actor: Option<&User>,
    now: DateTime<Utc>,
) -> Result<Option<BackupReport>> {
    if !due(store.conn(), now)? {
        return Ok(None);
    }
    let s = settings(store.conn())?.expect("due implies settings");
    let folder = PathBuf::from(&s.folder);
    std::fs::create_dir_all(&folder).map_err(|e| io("create folder", &folder, e))?;
    let dest = folder.join(scheduled_name(now));
    if dest.exists() {
        return Err(AppError::new(
            ErrorCode::Duplicate,
            format!("{} already exists", dest.display()),
        ));
    }
    let mut report = backup_to(store, &dest)?;
    let actor_id = actor.map(|a| a.id.as_str());
    store.transaction(|tx| {
        put(
            tx,
            KEY_LAST_RUN,
            &now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            actor_id,
        )?;
        audit::record(
            tx,
            actor_id,
            "backup.scheduled",
            "backup",
            None,
            &json!({ "path": report.path, "bytes": report.bytes, "sha256": report.sha256 }),
        )
    })?;
    let files = list_backups(&folder)?;
    let excess = files.len().saturating_sub(s.keep as usize);
    for f in files.into_iter().take(excess) {
        if Path::new(&f.path) == dest {
            continue;
        }
        std::fs::remove_file(&f.path).map_err(|e| io("delete", Path::new(&f.path), e))?;
        let _ = std::fs::remove_file(crypt::keys_path(Path::new(&f.path)));
        report.pruned.push(f.path);
    }
    Ok(Some(report))
}

// ---------------------------------------------------------------------------------------------
// Checking a backup and restoring it
// ---------------------------------------------------------------------------------------------

fn bad_file(code: ErrorCode, msg: String) -> AppError {
    AppError::field(code, "file", msg)
}

fn table_exists(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Opens a database file for reading without creating anything beside it: with no `-wal` file
/// there is nothing but the file to read, and `immutable=1` keeps SQLite from creating `-shm`
/// and `-wal` files (a read-only connection to a WAL-mode file would otherwise leave them).
fn open_read_only(path: &Path, key: Option<&DataKey>) -> Result<Connection> {
    let conn = open_read_only_plain(path)?;
    if let Some(key) = key {
        crypt::apply_key(&conn, key)?;
    }
    Ok(conn)
}

fn open_read_only_plain(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if sidecar(path, "-wal").exists() {
        return Connection::open_with_flags(path, flags);
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for b in abs.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(b as char)
            }
            b'\\' => uri.push('/'),
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
}

/// Checks a backup file without changing it: it must be a SQLite database holding a Despacho
/// store no newer than this version, and pass `PRAGMA integrity_check`. Refusals are typed:
/// `not_found` (no file), `invalid_format` (not a Despacho store, or damaged), `invalid_value`
/// (newer than this Despacho).
pub fn verify_file(path: &Path) -> Result<BackupInfo> {
    verify_file_with(path, None)
}

/// [`verify_file`] for a file that may be encrypted: an unencrypted file is read as is, an
/// encrypted one with `key` (`locked` without a key, `wrong_passphrase` when the key does
/// not open it).
pub fn verify_file_with(path: &Path, key: Option<&DataKey>) -> Result<BackupInfo> {
    let meta = std::fs::metadata(path).map_err(|_| {
        bad_file(
            ErrorCode::NotFound,
            format!("no file at {}", path.display()),
        )
    })?;
    if !meta.is_file() {
        return Err(bad_file(
            ErrorCode::InvalidValue,
            format!("{} is not a file", path.display()),
        ));
    }
    let mut head = [0u8; 100];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| io("read", path, e))?;
    let plaintext = n >= 100 && &head[..16] == crypt::SQLITE_HEADER;
    if !plaintext && n >= 100 && key.is_none() {
        return Err(bad_file(
            ErrorCode::InvalidFormat,
            format!(
                "{} is not a Despacho store (not a SQLite database, or encrypted: its store's key is needed)",
                path.display()
            ),
        ));
    }
    if n < 100 {
        return Err(bad_file(
            ErrorCode::InvalidFormat,
            format!(
                "{} is not a Despacho store (not a SQLite database)",
                path.display()
            ),
        ));
    }
    let damaged = |e: AppError| {
        bad_file(
            ErrorCode::InvalidFormat,
            format!("{} is damaged: {}", path.display(), e.message),
        )
    };
    let conn = open_read_only(path, if plaintext { None } else { key }).map_err(damaged)?;
    if !plaintext {
        crypt::check_readable(&conn).map_err(|e| {
            if e.code == ErrorCode::WrongPassphrase {
                bad_file(
                    ErrorCode::WrongPassphrase,
                    format!(
                        "{} is not a store encrypted with this store's key (or not a Despacho store)",
                        path.display()
                    ),
                )
            } else {
                damaged(e)
            }
        })?;
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| damaged(e.into()))?;
    for t in CORE_TABLES {
        if version < 1 || !table_exists(&conn, t).map_err(damaged)? {
            return Err(bad_file(
                ErrorCode::InvalidFormat,
                format!("{} is not a Despacho store", path.display()),
            ));
        }
    }
    if version > SCHEMA_VERSION {
        return Err(bad_file(
            ErrorCode::InvalidValue,
            format!(
                "{} has schema version {version}, newer than this Despacho ({SCHEMA_VERSION}); update Despacho first",
                path.display()
            ),
        ));
    }
    let problems = integrity(&conn).map_err(damaged)?;
    if !problems.is_empty() {
        return Err(bad_file(
            ErrorCode::InvalidFormat,
            format!(
                "{} is damaged (integrity check: {})",
                path.display(),
                problems.into_iter().take(5).collect::<Vec<_>>().join("; ")
            ),
        ));
    }
    let count = |sql: &str| -> Result<i64> {
        conn.query_row(sql, [], |r| r.get(0))
            .map_err(|e| damaged(e.into()))
    };
    let members = if table_exists(&conn, "members")? {
        count("SELECT count(*) FROM members")?
    } else {
        0
    };
    let journal_entries = if table_exists(&conn, "journal_entries")? {
        count("SELECT count(*) FROM journal_entries")?
    } else {
        0
    };
    let info = BackupInfo {
        path: path.display().to_string(),
        bytes: meta.len(),
        sha256: sha256_of(path)?,
        schema_version: version,
        latest_schema_version: SCHEMA_VERSION,
        integrity: "ok".to_string(),
        users: count("SELECT count(*) FROM users")?,
        members,
        journal_entries,
        audit_rows: count("SELECT count(*) FROM audit_log")?,
        last_audit_at: conn
            .query_row("SELECT max(at) FROM audit_log", [], |r| r.get(0))
            .map_err(|e| damaged(e.into()))?,
    };
    Ok(info)
}

/// The safety backup's name for a store: `<store>.before-restore-<YYYYMMDD-HHMMSS>.db`.
pub fn safety_backup_path(store_path: &Path, at: DateTime<Utc>) -> PathBuf {
    let name = store_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "despacho.db".to_string());
    store_path.with_file_name(format!("{name}.before-restore-{}.db", at.format(STAMP)))
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Takes the safety backup of the current store and leaves it as one file with no `-wal`.
/// Leaving WAL mode needs the only connection, which proves that no other process (the app)
/// holds the store open; the check comes before anything is written.
fn secure_current(store_path: &Path, safety: &Path, key: Option<&DataKey>) -> Result<()> {
    let in_use = || {
        AppError::new(
            ErrorCode::Unavailable,
            "the store is in use: close Despacho, then restore",
        )
    };
    let Ok(conn) = Connection::open_with_flags(
        store_path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return raw_copy(store_path, safety);
    };
    let encrypted = crypt::inspect(store_path)? == crypt::StoreFile::Encrypted;
    let key = if encrypted { key } else { None };
    if let Some(key) = key {
        crypt::apply_key(&conn, key)?;
    }
    match conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    }) {
        Ok(mode) if mode.eq_ignore_ascii_case("delete") => {}
        Ok(_) => return Err(in_use()),
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ) =>
        {
            return Err(in_use())
        }
        // A damaged store: keep its files as they are.
        Err(_) => {
            drop(conn);
            return raw_copy(store_path, safety);
        }
    }
    if backup_conn_keyed(&conn, safety, key).is_err() {
        drop(conn);
        return raw_copy(store_path, safety);
    }
    if key.is_some() {
        crypt::copy_key_file(store_path, safety)?;
    }
    conn.close().map_err(|(_, e)| AppError::from(e))?;
    Ok(())
}

fn raw_copy(store_path: &Path, safety: &Path) -> Result<()> {
    let failed = |e: std::io::Error| {
        storage(format!(
            "the safety backup of the current store failed, nothing was restored: {e}"
        ))
    };
    std::fs::copy(store_path, safety).map_err(failed)?;
    let wal = sidecar(store_path, "-wal");
    if wal.exists() {
        let to = sidecar(safety, "-wal");
        std::fs::copy(&wal, &to).map_err(failed)?;
    }
    Ok(())
}

/// Replaces the store at `store_path` with the backup at `backup`. Call it while nothing holds
/// the store open (the CLI, or the shell before opening its store): the backup is checked
/// first, then copied next to the store and checked again, a safety backup of the current store
/// is written to `<store>.before-restore-<timestamp>.db`, and the copy is renamed over the
/// store. The restored store is then opened, which applies any newer migrations. On a refusal
/// the store is left as it was.
pub fn restore_from(backup: &Path, store_path: &Path) -> Result<RestoreReport> {
    restore_from_with(backup, store_path, None)
}

/// [`restore_from`] for an encrypted store: `key` is the store's data key. The backup must be
/// encrypted with the same key (backups of this store are); an unencrypted backup (from
/// before encryption) is encrypted with `key` before it replaces the store.
pub fn restore_from_with(
    backup: &Path,
    store_path: &Path,
    key: Option<&DataKey>,
) -> Result<RestoreReport> {
    let info = verify_file_with(backup, key)?;
    let dir = parent_of(store_path);
    std::fs::create_dir_all(&dir).map_err(|e| io("create folder", &dir, e))?;
    let tmp = temp_next_to(store_path, "restore-tmp");
    let cleanup = |e: AppError| {
        let _ = std::fs::remove_file(&tmp);
        e
    };
    std::fs::copy(backup, &tmp).map_err(|e| cleanup(io("copy", backup, e)))?;
    File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| cleanup(io("sync", &tmp, e)))?;
    // The copy is what gets restored: check it, not only the original.
    let copy = verify_file_with(&tmp, key).map_err(cleanup)?;
    if copy.sha256 != info.sha256 {
        return Err(cleanup(storage(format!(
            "{} changed while it was being restored",
            backup.display()
        ))));
    }
    // An unencrypted backup restored into an encrypted store is encrypted first.
    if let Some(key) = key {
        if crypt::inspect(&tmp)? == crypt::StoreFile::Plaintext {
            let enc = temp_next_to(store_path, "restore-enc");
            let plain = Connection::open_with_flags(
                &tmp,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| cleanup(e.into()))?;
            let exported = crypt::export_to(&plain, &enc, key);
            drop(plain);
            if let Err(e) = exported {
                let _ = std::fs::remove_file(&enc);
                return Err(cleanup(e));
            }
            std::fs::rename(&enc, &tmp).map_err(|e| cleanup(io("replace", &tmp, e)))?;
        }
    }
    let safety = if store_path.exists() {
        let path = safety_backup_path(store_path, Utc::now());
        secure_current(store_path, &path, key).map_err(cleanup)?;
        Some(path.display().to_string())
    } else {
        None
    };
    // A leftover write-ahead log must not be replayed onto the restored file.
    for suffix in ["-wal", "-shm", "-journal"] {
        let p = sidecar(store_path, suffix);
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| cleanup(io("delete", &p, e)))?;
        }
    }
    std::fs::rename(&tmp, store_path).map_err(|e| cleanup(io("replace", store_path, e)))?;
    sync_dir(&dir);
    let store = match key {
        Some(key) => Store::open_with_key(store_path, key)?,
        None => Store::open(store_path)?,
    };
    let schema_version = store.schema_version()?;
    let problems = store.integrity_problems()?;
    if !problems.is_empty() {
        return Err(storage(format!(
            "the restored store failed its check: {}",
            problems.join("; ")
        )));
    }
    Ok(RestoreReport {
        store_path: store_path.display().to_string(),
        restored: info,
        safety_backup: safety,
        schema_version,
    })
}
