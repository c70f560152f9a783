//! This installation's site identity, its signing key, and the enrolled peers.
//!
//! The site (id, name, public key) is a row of `sync_site`, created when the store is first
//! opened. The **private key is a file beside the store**, `<store>.sync-key` (the 32-byte seed
//! in hex, created with mode 0600 on Unix): backups and snapshots copy the store, and a key
//! kept in the store would travel with every copy — a laptop started from an office snapshot
//! could then sign as the office. A store in memory keeps its key in memory (tests).

use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::error::{AppError, ErrorCode, Result};
use crate::store::{new_id, now, Store};
use crate::users::{Permission, User};
use crate::validate;

/// This installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename = "SyncSite")]
pub struct Site {
    pub id: String,
    pub name: String,
    /// Hex ed25519 public key (none until the key is first needed).
    pub public_key: Option<String>,
}

/// An enrolled peer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename = "SyncPeer")]
pub struct Peer {
    pub id: String,
    pub name: String,
    pub public_key: String,
    pub last_sent_seq: u32,
    pub last_received_seq: u32,
    pub last_export_at: Option<String>,
    pub last_import_at: Option<String>,
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn unhex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

/// Creates the site row and the clock row if the store has none (first open after the sync migration, 0013).
pub(crate) fn ensure_site(tx: &Transaction) -> Result<()> {
    let has: bool = tx.query_row("SELECT count(*) > 0 FROM sync_site", [], |r| r.get(0))?;
    if !has {
        let id = new_id();
        let name = format!("site-{}", &id[id.len() - 6..]);
        let at = now();
        tx.execute(
            "INSERT INTO sync_site (id, name, public_key, created_at, updated_at) VALUES (?1, ?2, NULL, ?3, ?3)",
            params![id, name, at],
        )?;
    }
    let site: String = tx.query_row("SELECT id FROM sync_site", [], |r| r.get(0))?;
    tx.execute(
        "INSERT INTO sync_clock (id, site, hlc, next_oseq, next_seq, updated_at)
         VALUES ('local', ?1, 0, 1, 1, ?2) ON CONFLICT (id) DO NOTHING",
        params![site, now()],
    )?;
    Ok(())
}

pub fn site(conn: &Connection) -> Result<Site> {
    Ok(
        conn.query_row("SELECT id, name, public_key FROM sync_site", [], |r| {
            Ok(Site {
                id: r.get(0)?,
                name: r.get(1)?,
                public_key: r.get(2)?,
            })
        })?,
    )
}

/// The file that holds the site's private key.
pub fn key_path(store_path: &Path) -> PathBuf {
    PathBuf::from(format!("{}.sync-key", store_path.display()))
}

thread_local! {
    static MEMORY_KEYS: std::cell::RefCell<std::collections::HashMap<String, [u8; 32]>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

fn random_seed() -> Result<[u8; 32]> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("no randomness: {e}")))?;
    Ok(seed)
}

fn write_key_file(path: &Path, seed: &[u8; 32]) -> Result<()> {
    let tmp = PathBuf::from(format!("{}.tmp", path.display()));
    let io = |e: std::io::Error| {
        AppError::new(
            ErrorCode::Storage,
            format!("cannot write the sync key {}: {e}", path.display()),
        )
    };
    {
        use std::io::Write;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp).map_err(io)?;
        f.write_all(hex(seed).as_bytes()).map_err(io)?;
        f.sync_all().map_err(io)?;
    }
    std::fs::rename(&tmp, path).map_err(io)
}

/// This site's signing key; created (with the public key stored in `sync_site`) on first use.
pub fn signing_key(store: &mut Store) -> Result<SigningKey> {
    let s = site(store.conn())?;
    let in_memory = store.path().as_os_str() == ":memory:";
    let existing: Option<[u8; 32]> = if in_memory {
        MEMORY_KEYS.with(|m| m.borrow().get(&s.id).copied())
    } else {
        let p = key_path(store.path());
        match std::fs::read_to_string(&p) {
            Ok(text) => Some(
                unhex(&text)
                    .and_then(|b| <[u8; 32]>::try_from(b).ok())
                    .ok_or_else(|| {
                        AppError::new(
                            ErrorCode::Storage,
                            format!("the sync key {} is damaged", p.display()),
                        )
                    })?,
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(AppError::new(
                    ErrorCode::Storage,
                    format!("cannot read the sync key {}: {e}", p.display()),
                ))
            }
        }
    };
    if let Some(seed) = existing {
        let key = SigningKey::from_bytes(&seed);
        let public = hex(key.verifying_key().as_bytes());
        if s.public_key.as_deref() != Some(public.as_str()) {
            if s.public_key.is_some() {
                return Err(AppError::new(
                    ErrorCode::Storage,
                    "the sync key beside the store is not this site's key (was the store copied?); use init --from-snapshot for a new installation",
                ));
            }
            store.transaction(|tx| {
                tx.execute(
                    "UPDATE sync_site SET public_key = ?1, updated_at = ?2",
                    params![public, now()],
                )?;
                Ok(())
            })?;
        }
        return Ok(key);
    }
    if s.public_key.is_some() {
        return Err(AppError::new(
            ErrorCode::Storage,
            format!(
                "this site's private key ({}) is missing; peers cannot trust new bundles",
                key_path(store.path()).display()
            ),
        ));
    }
    let seed = random_seed()?;
    if in_memory {
        MEMORY_KEYS.with(|m| m.borrow_mut().insert(s.id.clone(), seed));
    } else {
        write_key_file(&key_path(store.path()), &seed)?;
    }
    let key = SigningKey::from_bytes(&seed);
    let public = hex(key.verifying_key().as_bytes());
    store.transaction(|tx| {
        tx.execute(
            "UPDATE sync_site SET public_key = ?1, updated_at = ?2",
            params![public, now()],
        )?;
        Ok(())
    })?;
    Ok(key)
}

/// What an administrator gives another site to enrol this one: `<site id>:<public key hex>`.
pub fn site_key(store: &mut Store) -> Result<String> {
    let key = signing_key(store)?;
    let s = site(store.conn())?;
    Ok(format!("{}:{}", s.id, hex(key.verifying_key().as_bytes())))
}

/// Renames this site (administrators).
pub fn set_site_name(store: &mut Store, actor: &User, name: &str) -> Result<Site> {
    actor.require(Permission::ManageUsers)?;
    let name = validate::required_text("name", name, 80)?;
    store.transaction(|tx| {
        tx.execute(
            "UPDATE sync_site SET name = ?1, updated_at = ?2, updated_by = ?3",
            params![name, now(), actor.id],
        )?;
        Ok(())
    })?;
    site(store.conn())
}

pub(crate) fn parse_public_key(hex_key: &str) -> Option<VerifyingKey> {
    let bytes = <[u8; 32]>::try_from(unhex(hex_key)?).ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// Enrols a peer from the key its administrator gave (`<site id>:<public key hex>`).
pub fn add_peer(store: &mut Store, actor: &User, name: &str, key: &str) -> Result<Peer> {
    actor.require(Permission::ManageUsers)?;
    let name = validate::required_text("name", name, 80)?;
    let bad = || {
        AppError::field(
            ErrorCode::InvalidFormat,
            "key",
            "the key must be '<site id>:<64 hex digits>' as printed by `sync key` on the peer",
        )
    };
    let (site_id, public) = key.trim().split_once(':').ok_or_else(bad)?;
    if uuid::Uuid::parse_str(site_id).is_err() || parse_public_key(public).is_none() {
        return Err(bad());
    }
    let me = site(store.conn())?;
    if me.id == site_id {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "key",
            "that is this site's own key",
        ));
    }
    store.transaction(|tx| {
        let taken: Option<String> = tx
            .query_row(
                "SELECT id FROM sync_peers WHERE name = ?1 COLLATE NOCASE OR id = ?2",
                params![name, site_id],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            return Err(AppError::field(
                ErrorCode::Duplicate,
                "name",
                format!("a peer named {name} or with that site id is already enrolled"),
            ));
        }
        let at = now();
        tx.execute(
            "INSERT INTO sync_peers (id, name, public_key, created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
            params![site_id, name, public.to_ascii_lowercase(), at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "sync.peer_add",
            "sync_peer",
            Some(site_id),
            &json!({ "name": name }),
        )?;
        Ok(())
    })?;
    get_peer(store.conn(), site_id)
}

fn peer_from_row(r: &rusqlite::Row) -> rusqlite::Result<Peer> {
    Ok(Peer {
        id: r.get(0)?,
        name: r.get(1)?,
        public_key: r.get(2)?,
        last_sent_seq: r.get(3)?,
        last_received_seq: r.get(4)?,
        last_export_at: r.get(5)?,
        last_import_at: r.get(6)?,
    })
}

const PEER_COLUMNS: &str =
    "id, name, public_key, last_sent_seq, last_received_seq, last_export_at, last_import_at";

pub fn get_peer(conn: &Connection, id: &str) -> Result<Peer> {
    conn.query_row(
        &format!("SELECT {PEER_COLUMNS} FROM sync_peers WHERE id = ?1"),
        [id],
        peer_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("peer", id))
}

pub fn peer_by_name(conn: &Connection, name: &str) -> Result<Peer> {
    conn.query_row(
        &format!("SELECT {PEER_COLUMNS} FROM sync_peers WHERE name = ?1 COLLATE NOCASE"),
        [name],
        peer_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::field(ErrorCode::NotFound, "peer", format!("no peer named {name}")))
}

pub fn peers(conn: &Connection) -> Result<Vec<Peer>> {
    let mut st = conn.prepare(&format!(
        "SELECT {PEER_COLUMNS} FROM sync_peers ORDER BY name"
    ))?;
    let rows = st.query_map([], peer_from_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Writes a full copy of the store (SQLite's backup API, checked) for a new installation.
pub fn snapshot(
    store: &mut Store,
    actor: &User,
    out: &Path,
) -> Result<crate::backup::BackupReport> {
    actor.require(Permission::ManageUsers)?;
    // The snapshot carries the public key, so that the new installation can enrol this site.
    signing_key(store)?;
    crate::backup::backup_to(store, out)
}

/// Starts a new installation at `db` from a snapshot of another site: the store is copied,
/// gets a new site identity and key, and enrols the snapshot's site as a peer that holds
/// everything the snapshot holds. Refused if `db` already exists.
pub fn init_from_snapshot(snapshot: &Path, db: &Path, name: Option<&str>) -> Result<Store> {
    init_from_snapshot_with(snapshot, db, name, None, None).map(|(s, _)| s)
}

/// [`init_from_snapshot`] into an encrypted store (ADR 0008): the snapshot is read with
/// `source_key` (the snapshot's site's data key, unwrapped from the key file written beside
/// the snapshot with that site's passphrase or recovery key; `None` for an unencrypted
/// snapshot), and the new store is written under a fresh data key of its own, wrapped under
/// `new_passphrase`. Returns the store and its recovery key (to be shown once). Without
/// `new_passphrase` the new store is unencrypted (tests).
pub fn init_from_snapshot_with(
    snapshot: &Path,
    db: &Path,
    name: Option<&str>,
    source_key: Option<&crate::crypt::DataKey>,
    new_passphrase: Option<&str>,
) -> Result<(Store, Option<String>)> {
    use crate::crypt;
    if db.exists() {
        return Err(AppError::new(
            ErrorCode::AlreadyInitialized,
            format!(
                "{} already exists; a snapshot starts a new store",
                db.display()
            ),
        ));
    }
    if let Some(p) = new_passphrase {
        crypt::check_passphrase(p)?;
    }
    crate::backup::verify_file_with(snapshot, source_key)?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            AppError::new(
                ErrorCode::Storage,
                format!("cannot create {}: {e}", dir.display()),
            )
        })?;
    }
    let copy_failed = |e: std::io::Error| {
        AppError::new(ErrorCode::Storage, format!("cannot copy the snapshot: {e}"))
    };
    let (mut store, recovery) = match new_passphrase {
        None => {
            std::fs::copy(snapshot, db).map_err(copy_failed)?;
            (Store::open(db)?, None)
        }
        Some(passphrase) => {
            // A copy of the snapshot is exported into the new store under a fresh key.
            let tmp = PathBuf::from(format!("{}.snapshot-tmp", db.display()));
            std::fs::copy(snapshot, &tmp).map_err(copy_failed)?;
            let key = crypt::DataKey::random()?;
            let exported = export_snapshot(&tmp, db, source_key, &key);
            let _ = std::fs::remove_file(&tmp);
            if let Err(e) = exported {
                crypt::remove_new_store(db);
                return Err(e);
            }
            let shown = crypt::new_key_file(db, &key, passphrase).inspect_err(|_| {
                crypt::remove_new_store(db);
            })?;
            (Store::open_with_key(db, &key)?, Some(shown))
        }
    };
    let old = site(store.conn())?;
    let Some(old_key) = old.public_key.clone() else {
        return Err(AppError::new(
            ErrorCode::InvalidValue,
            "the snapshot has no site key (write it with `sync snapshot`)",
        ));
    };
    let vector = super::my_vector(store.conn())?;
    let new = new_id();
    let name = name
        .map(str::to_string)
        .unwrap_or_else(|| format!("site-{}", &new[new.len() - 6..]));
    store.transaction(|tx| {
        let at = now();
        tx.execute(
            "UPDATE sync_site SET id = ?1, name = ?2, public_key = NULL, created_at = ?3, updated_at = ?3, updated_by = NULL",
            params![new, name, at],
        )?;
        let old_next: i64 = tx.query_row("SELECT next_oseq FROM sync_clock", [], |r| r.get(0))?;
        tx.execute(
            "UPDATE sync_clock SET site = ?1, next_oseq = 1, updated_at = ?2",
            params![new, at],
        )?;
        if old_next > 1 {
            tx.execute(
                "INSERT INTO sync_vector (id, oseq, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET oseq = excluded.oseq",
                params![old.id, old_next - 1, at],
            )?;
        }
        // A new pair of sites: bundle numbers start again; what each peer holds stays known.
        tx.execute(
            "UPDATE sync_peers SET last_sent_seq = 0, last_received_seq = 0, last_export_at = NULL, last_import_at = NULL",
            [],
        )?;
        tx.execute("DELETE FROM sync_bundles", [])?;
        tx.execute(
            "INSERT INTO sync_peers (id, name, public_key, acked, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![
                old.id,
                unique_peer_name(tx, &old.name)?,
                old_key,
                serde_json::to_string(&vector).unwrap_or_else(|_| "{}".into()),
                at
            ],
        )?;
        Ok(())
    })?;
    let _ = std::fs::remove_file(key_path(db));
    signing_key(&mut store)?;
    Ok((store, recovery))
}

/// Exports the copy of a snapshot at `tmp` (read with `source_key` when it is encrypted) into
/// a new store at `db` under `key`.
fn export_snapshot(
    tmp: &Path,
    db: &Path,
    source_key: Option<&crate::crypt::DataKey>,
    key: &crate::crypt::DataKey,
) -> Result<()> {
    use crate::crypt;
    let conn = Connection::open(tmp)?;
    if crypt::inspect(tmp)? == crypt::StoreFile::Encrypted {
        let k = source_key.ok_or_else(|| {
            AppError::new(
                ErrorCode::Locked,
                "the snapshot is encrypted: its key is needed",
            )
        })?;
        crypt::apply_key(&conn, k)?;
    }
    crypt::export_to(&conn, db, key)?;
    Ok(())
}

fn unique_peer_name(tx: &Transaction, base: &str) -> Result<String> {
    let mut name = base.to_string();
    let mut n = 2;
    while tx.query_row(
        "SELECT count(*) > 0 FROM sync_peers WHERE name = ?1 COLLATE NOCASE",
        [&name],
        |r| r.get::<_, bool>(0),
    )? {
        name = format!("{base}-{n}");
        n += 1;
    }
    Ok(name)
}
