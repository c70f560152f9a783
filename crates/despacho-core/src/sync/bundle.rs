//! Bundles: the file one site writes for another.
//!
//! Layout (all lengths big-endian):
//!
//! ```text
//! "DESPACHO-SYNC\n"   14 bytes, the magic
//! format               u32 (FORMAT = 1)
//! body length          u64, then the body: JSON {header, changes, files}
//! blobs length         u64, then the attachments' bytes, one after another (files[i].len each)
//! sha256               32 bytes over everything before it
//! signature            64 bytes, ed25519 by the sending site over everything before it
//! ```
//!
//! A bundle is numbered per pair of sites (`seq`, with its predecessor `prev_seq = seq - 1`),
//! and carries the sender's vector (what it holds of each site's changes): that is how the
//! receiver learns what the sender has acknowledged.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, Verifier};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use specta::Type;

use super::apply::{row_winners, Applier, Change};
use super::site::{self, hex};
use super::{my_vector, peer_acked, stamp};
use crate::attachments;
use crate::error::{AppError, ErrorCode, Result};
use crate::store::{new_id, now, Store, SCHEMA_VERSION};
use crate::users::{Permission, User};

pub const MAGIC: &[u8; 14] = b"DESPACHO-SYNC\n";
pub const FORMAT: u32 = 1;
/// The file name extension of bundles in a sync folder.
pub const EXTENSION: &str = "despacho-sync";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Header {
    pub format: u32,
    pub from: String,
    pub from_name: String,
    /// The receiving site's id.
    pub to: String,
    pub seq: u32,
    pub prev_seq: u32,
    pub created_at: String,
    pub schema_version: i64,
    /// What the sender holds: `{site: last change number}` (its acknowledgements).
    pub vector: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct FileEntry {
    sha256: String,
    len: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Body {
    header: Header,
    changes: Vec<Change>,
    files: Vec<FileEntry>,
}

/// Why a bundle was refused. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("not a Despacho sync bundle ({0})")]
    Garbled(String),
    #[error("the bundle is truncated (incomplete file)")]
    Truncated,
    #[error("the bundle has format version {found}; this Despacho reads version {expected}")]
    WrongVersion { found: u32, expected: u32 },
    #[error("the bundle was altered after it was signed ({0})")]
    Tampered(String),
    #[error("the bundle comes from site {name} ({site}), which is not an enrolled peer")]
    UnknownSite { site: String, name: String },
    #[error("the bundle is addressed to another site ({to})")]
    NotForThisSite { to: String },
    #[error("bundle #{seq} from {peer} cannot be imported before #{missing}: import bundle #{missing} first")]
    MissingPredecessor {
        peer: String,
        seq: u32,
        missing: u32,
    },
    #[error(
        "the bundle was written by a newer Despacho (schema {found} > {ours}); update Despacho"
    )]
    NewerSchema { found: i64, ours: i64 },
}

/// A refused bundle, or an error of the store.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Refused(Refusal),
    #[error("{0}")]
    App(AppError),
}

impl From<AppError> for SyncError {
    fn from(e: AppError) -> Self {
        SyncError::App(e)
    }
}

impl From<rusqlite::Error> for SyncError {
    fn from(e: rusqlite::Error) -> Self {
        SyncError::App(e.into())
    }
}

impl From<SyncError> for AppError {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::App(e) => e,
            SyncError::Refused(r) => {
                AppError::field(ErrorCode::ImportInvalid, "bundle", r.to_string())
            }
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename = "SyncExportReport")]
pub struct ExportReport {
    pub path: String,
    pub peer: String,
    pub seq: u32,
    pub changes: u32,
    pub files: u32,
    #[specta(type = f64)]
    pub bytes: u64,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename = "SyncImportReport")]
pub struct ImportReport {
    pub from: String,
    pub from_name: String,
    pub seq: u32,
    /// The bundle had been imported before: nothing changed.
    pub already_imported: bool,
    pub applied: u32,
    /// Changes this store already held.
    pub skipped: u32,
    pub conflicts: u32,
    pub files: u32,
}

fn io(path: &Path, e: std::io::Error) -> AppError {
    AppError::new(
        ErrorCode::Storage,
        format!("cannot use {}: {e}", path.display()),
    )
}

/// The changes this store holds that the peer has not acknowledged, in local log order, with
/// the `prev` stamps of changes made here.
fn pending_changes(conn: &Connection, peer_id: &str) -> Result<Vec<Change>> {
    let acked = peer_acked(conn, peer_id)?;
    let mut rows: Vec<(i64, Change, bool)> = Vec::new();
    let mut st = conn.prepare(
        "SELECT seq, origin, oseq, hlc, tbl, row_id, op, data, prev, updated_at, updated_by, cols
         FROM sync_log WHERE id > ?1 AND id <= ?2",
    )?;
    for (origin, have) in my_vector(conn)? {
        if origin == peer_id {
            continue;
        }
        let from = acked.get(&origin).copied().unwrap_or(0);
        if have <= from {
            continue;
        }
        let lo = format!("{origin}:{from:012}");
        let hi = format!("{origin}:{have:012}");
        let mut q = st.query(params![lo, hi])?;
        while let Some(r) = q.next()? {
            let data: String = r.get(7)?;
            let prev: Option<String> = r.get(8)?;
            let mut data = match serde_json::from_str::<Value>(&data) {
                Ok(Value::Object(m)) => m,
                _ => serde_json::Map::new(),
            };
            // An update made here logged the whole row: only the changed columns travel.
            if let Some(cols) = r.get::<_, Option<String>>(11)? {
                let keep: Vec<&str> = cols.split(',').collect();
                data.retain(|k, _| keep.contains(&k.as_str()));
            }
            rows.push((
                r.get(0)?,
                Change {
                    origin: r.get(1)?,
                    oseq: r.get(2)?,
                    hlc: r.get(3)?,
                    tbl: r.get(4)?,
                    row: r.get(5)?,
                    op: r.get(6)?,
                    data,
                    prev: prev
                        .as_deref()
                        .and_then(|p| serde_json::from_str(p).ok())
                        .unwrap_or_default(),
                    at: r.get(9)?,
                    user: r.get(10)?,
                },
                prev.is_none(),
            ));
        }
    }
    rows.sort_by_key(|r| r.0);
    let mut out = Vec::with_capacity(rows.len());
    for (seq, mut c, needs_prev) in rows {
        if needs_prev && c.op != "I" {
            c.prev = row_winners(conn, &c.tbl, &c.row, Some(seq))?
                .into_iter()
                .map(|(k, w)| (k, w.stamp))
                .collect();
        }
        out.push(c);
    }
    Ok(out)
}

/// Writes the bundle for `peer` (by name) at `out`: every change it has not acknowledged and
/// the attached files those changes refer to.
pub fn export(store: &mut Store, actor: &User, peer: &str, out: &Path) -> Result<ExportReport> {
    export_numbered(store, actor, peer, out, None)
}

/// Writes again bundle #`seq` for `peer`, a number already sent, whose file was lost: the
/// receiver waits for it before it imports any later one. Like every export it carries every
/// change the peer has not acknowledged, so it holds at least what the lost one held; a
/// receiver that did get the lost one ignores it (already imported). The count of bundles sent
/// does not move back.
pub fn resend(
    store: &mut Store,
    actor: &User,
    peer: &str,
    seq: u32,
    out: &Path,
) -> Result<ExportReport> {
    let p = site::peer_by_name(store.conn(), peer)?;
    if seq == 0 || seq > p.last_sent_seq {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "seq",
            format!(
                "bundle #{seq} was never sent to {}: the bundles sent are #1 to #{}",
                p.name, p.last_sent_seq
            ),
        ));
    }
    export_numbered(store, actor, peer, out, Some(seq))
}

fn export_numbered(
    store: &mut Store,
    actor: &User,
    peer: &str,
    out: &Path,
    resend: Option<u32>,
) -> Result<ExportReport> {
    let key = site::signing_key(store)?;
    let me = site::site(store.conn())?;
    let peer = site::peer_by_name(store.conn(), peer)?;
    let changes = pending_changes(store.conn(), &peer.id)?;
    // Attachments referred to by the changes (content-addressed: `sha256` columns).
    let mut files = Vec::new();
    let mut blobs = Vec::new();
    let data_dir = attachments::data_dir(store.conn()).ok();
    if let Some(dir) = &data_dir {
        let mut seen = std::collections::BTreeSet::new();
        for c in &changes {
            let Some(sha) = c.data.get("sha256").and_then(Value::as_str) else {
                continue;
            };
            if sha.len() != 64 || !seen.insert(sha.to_string()) {
                continue;
            }
            if let Ok(bytes) = std::fs::read(attachments::file_path(dir, sha)) {
                files.push(FileEntry {
                    sha256: sha.to_string(),
                    len: bytes.len() as u64,
                });
                blobs.extend_from_slice(&bytes);
            }
        }
    }
    let seq = resend.unwrap_or(peer.last_sent_seq + 1);
    let body = Body {
        header: Header {
            format: FORMAT,
            from: me.id.clone(),
            from_name: me.name.clone(),
            to: peer.id.clone(),
            seq,
            prev_seq: seq - 1,
            created_at: now(),
            schema_version: SCHEMA_VERSION,
            vector: my_vector(store.conn())?,
        },
        changes,
        files,
    };
    let json = serde_json::to_vec(&body).map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("cannot encode the bundle: {e}"),
        )
    })?;
    let mut bytes = Vec::with_capacity(json.len() + blobs.len() + 200);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_be_bytes());
    bytes.extend_from_slice(&(json.len() as u64).to_be_bytes());
    bytes.extend_from_slice(&json);
    bytes.extend_from_slice(&(blobs.len() as u64).to_be_bytes());
    bytes.extend_from_slice(&blobs);
    let sum = Sha256::digest(&bytes);
    bytes.extend_from_slice(&sum);
    let sig = key.sign(&bytes);
    bytes.extend_from_slice(&sig.to_bytes());
    // Written beside its destination, then renamed: a half-written bundle never has its name.
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    let tmp = PathBuf::from(format!("{}.partial", out.display()));
    std::fs::write(&tmp, &bytes).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, out).map_err(|e| io(out, e))?;
    let report = ExportReport {
        path: out.display().to_string(),
        peer: peer.name.clone(),
        seq,
        changes: body.changes.len() as u32,
        files: body.files.len() as u32,
        bytes: bytes.len() as u64,
    };
    store.transaction(|tx| {
        let at = now();
        tx.execute(
            "UPDATE sync_peers SET last_sent_seq = max(last_sent_seq, ?2), last_export_at = ?3, updated_at = ?3 WHERE id = ?1",
            params![peer.id, seq, at],
        )?;
        tx.execute(
            "INSERT INTO sync_bundles (id, peer_id, direction, seq, changes, files, sha256, path, updated_at, updated_by)
             VALUES (?1, ?2, 'out', ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![new_id(), peer.id, seq, report.changes, report.files, hex(&sum), report.path, at, actor.id],
        )?;
        Ok(())
    })?;
    Ok(report)
}

/// A bundle read and checked (checksum and framing; the signature needs the peer's key).
struct Parsed {
    body: Body,
    blobs: Vec<u8>,
    signed: usize,
    signature: Signature,
    sha256: String,
}

fn parse(bytes: &[u8]) -> std::result::Result<Parsed, Refusal> {
    if bytes.len() < MAGIC.len() {
        return Err(if MAGIC.starts_with(bytes) && !bytes.is_empty() {
            Refusal::Truncated
        } else {
            Refusal::Garbled("the file does not start like a bundle".into())
        });
    }
    if &bytes[..MAGIC.len()] != MAGIC {
        return Err(Refusal::Garbled(
            "the file does not start like a bundle".into(),
        ));
    }
    let mut at = MAGIC.len();
    let take = |at: &mut usize, n: usize| -> std::result::Result<&[u8], Refusal> {
        let end = at.checked_add(n).ok_or(Refusal::Truncated)?;
        let s = bytes.get(*at..end).ok_or(Refusal::Truncated)?;
        *at = end;
        Ok(s)
    };
    let format = u32::from_be_bytes(
        take(&mut at, 4)?
            .try_into()
            .map_err(|_| Refusal::Truncated)?,
    );
    if format != FORMAT {
        return Err(Refusal::WrongVersion {
            found: format,
            expected: FORMAT,
        });
    }
    let json_len = u64::from_be_bytes(
        take(&mut at, 8)?
            .try_into()
            .map_err(|_| Refusal::Truncated)?,
    );
    let json_len = usize::try_from(json_len).map_err(|_| Refusal::Truncated)?;
    let json = take(&mut at, json_len)?;
    let blob_len = u64::from_be_bytes(
        take(&mut at, 8)?
            .try_into()
            .map_err(|_| Refusal::Truncated)?,
    );
    let blob_len = usize::try_from(blob_len).map_err(|_| Refusal::Truncated)?;
    let blobs = take(&mut at, blob_len)?;
    let before_sum = at;
    let sum = take(&mut at, 32)?;
    let signed = at;
    let sig = take(&mut at, 64)?;
    if at != bytes.len() {
        return Err(Refusal::Garbled(
            "there are bytes after the signature".into(),
        ));
    }
    let computed = Sha256::digest(&bytes[..before_sum]);
    if computed.as_slice() != sum {
        return Err(Refusal::Tampered(
            "its sha256 checksum does not match".into(),
        ));
    }
    let body: Body = serde_json::from_slice(json)
        .map_err(|e| Refusal::Garbled(format!("its content cannot be read: {e}")))?;
    let total: u64 = body.files.iter().map(|f| f.len).sum();
    if total != blob_len as u64 {
        return Err(Refusal::Garbled("the attached files do not add up".into()));
    }
    let signature = Signature::from_bytes(sig.try_into().map_err(|_| Refusal::Truncated)?);
    Ok(Parsed {
        body,
        blobs: blobs.to_vec(),
        signed,
        signature,
        sha256: hex(sum),
    })
}

/// Imports the bundle at `path`.
pub fn import_file(
    store: &mut Store,
    actor: &User,
    path: &Path,
) -> std::result::Result<ImportReport, SyncError> {
    let bytes = std::fs::read(path).map_err(|e| SyncError::App(io(path, e)))?;
    import(store, actor, &bytes)
}

/// Imports a peer's bundle in one transaction. A refused bundle changes nothing; a bundle
/// imported before is ignored (`already_imported`).
pub fn import(
    store: &mut Store,
    actor: &User,
    bytes: &[u8],
) -> std::result::Result<ImportReport, SyncError> {
    let parsed = parse(bytes).map_err(SyncError::Refused)?;
    let h = &parsed.body.header;
    let me = site::site(store.conn())?;
    let peer = store
        .conn()
        .query_row(
            "SELECT public_key, last_received_seq, name FROM sync_peers WHERE id = ?1",
            [&h.from],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?;
    let Some((public, last, peer_name)) = peer else {
        return Err(SyncError::Refused(Refusal::UnknownSite {
            site: h.from.clone(),
            name: h.from_name.clone(),
        }));
    };
    let key = site::parse_public_key(&public).ok_or_else(|| {
        SyncError::App(AppError::new(
            ErrorCode::Storage,
            "the peer's stored key is damaged",
        ))
    })?;
    key.verify(&bytes[..parsed.signed], &parsed.signature)
        .map_err(|_| {
            SyncError::Refused(Refusal::Tampered("its signature is not the peer's".into()))
        })?;
    if h.to != me.id {
        return Err(SyncError::Refused(Refusal::NotForThisSite {
            to: h.to.clone(),
        }));
    }
    if h.format != FORMAT {
        return Err(SyncError::Refused(Refusal::WrongVersion {
            found: h.format,
            expected: FORMAT,
        }));
    }
    if h.schema_version > SCHEMA_VERSION {
        return Err(SyncError::Refused(Refusal::NewerSchema {
            found: h.schema_version,
            ours: SCHEMA_VERSION,
        }));
    }
    let mut report = ImportReport {
        from: h.from.clone(),
        from_name: peer_name.clone(),
        seq: h.seq,
        already_imported: false,
        applied: 0,
        skipped: 0,
        conflicts: 0,
        files: 0,
    };
    if h.seq <= last {
        report.already_imported = true;
        return Ok(report);
    }
    if h.prev_seq != last {
        return Err(SyncError::Refused(Refusal::MissingPredecessor {
            peer: peer_name,
            seq: h.seq,
            missing: last + 1,
        }));
    }
    // Attached files first (content-addressed: a file that is kept without its rows is harmless).
    if !parsed.body.files.is_empty() {
        let dir = attachments::data_dir(store.conn())?;
        let mut at = 0usize;
        for f in &parsed.body.files {
            let len = usize::try_from(f.len).unwrap_or(usize::MAX);
            let content = &parsed.blobs[at..at + len];
            at += len;
            if hex(&Sha256::digest(content)) != f.sha256 {
                return Err(SyncError::Refused(Refusal::Tampered(format!(
                    "the attached file {} does not match its hash",
                    f.sha256
                ))));
            }
            let dest = attachments::file_path(&dir, &f.sha256);
            if !dest.exists() {
                if let Some(d) = dest.parent() {
                    std::fs::create_dir_all(d).map_err(|e| SyncError::App(io(d, e)))?;
                }
                let tmp = PathBuf::from(format!("{}.partial", dest.display()));
                std::fs::write(&tmp, content).map_err(|e| SyncError::App(io(&tmp, e)))?;
                std::fs::rename(&tmp, &dest).map_err(|e| SyncError::App(io(&dest, e)))?;
                report.files += 1;
            }
        }
    }
    let body = &parsed.body;
    // A large bundle writes more pages than the usual page cache holds: give it room for the
    // transaction (no spilling into the WAL before the commit), then the usual size again.
    let cache: i64 = store
        .conn()
        .pragma_query_value(None, "cache_size", |r| r.get(0))?;
    if body.changes.len() > 1000 {
        store.conn().pragma_update(None, "cache_size", -65536)?;
    }
    let applied = store.transaction(|tx| {
        let mut applier = Applier::new(tx)?;
        applier.begin()?;
        for c in &body.changes {
            applier.apply(c)?;
        }
        let stats = applier.finish()?;
        // What the peer holds (its acknowledgements), merged with what we knew.
        let mut acked = peer_acked(tx, &body.header.from)?;
        for (k, v) in &body.header.vector {
            let e = acked.entry(k.clone()).or_insert(0);
            *e = (*e).max(*v);
        }
        let at = now();
        tx.execute(
            "UPDATE sync_peers SET last_received_seq = ?2, acked = ?3, last_import_at = ?4, updated_at = ?4 WHERE id = ?1",
            params![body.header.from, body.header.seq, serde_json::to_string(&acked).unwrap_or_default(), at],
        )?;
        tx.execute(
            "INSERT INTO sync_bundles (id, peer_id, direction, seq, changes, files, sha256, path, updated_at, updated_by)
             VALUES (?1, ?2, 'in', ?3, ?4, ?5, ?6, NULL, ?7, ?8)",
            params![new_id(), body.header.from, body.header.seq, body.changes.len() as u32, body.files.len() as u32, parsed.sha256, at, actor.id],
        )?;
        Ok(stats)
    });
    store.conn().pragma_update(None, "cache_size", cache)?;
    let stats = applied?;
    report.applied = stats.applied;
    report.skipped = stats.skipped;
    report.conflicts = stats.conflicts;
    Ok(report)
}

// ---------------------------------------------------------------------------------------------
// The sync folder

const KEY_FOLDER: &str = "sync.folder";

/// The remembered sync folder.
pub fn folder(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [KEY_FOLDER],
            |r| r.get(0),
        )
        .optional()?)
}

/// Checks that `path` can serve as the sync folder: an absolute path to an existing folder in
/// which this user may write (a test file is written and removed).
pub fn check_folder(path: &str) -> Result<PathBuf> {
    let p = Path::new(path.trim());
    let bad = |msg: String| AppError::field(ErrorCode::InvalidValue, "folder", msg);
    if path.trim().is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "folder",
            "the sync folder is required",
        ));
    }
    if !p.is_absolute() {
        return Err(bad("the sync folder must be an absolute path".into()));
    }
    let meta = std::fs::metadata(p).map_err(|_| {
        AppError::field(
            ErrorCode::NotFound,
            "folder",
            format!("{} does not exist", p.display()),
        )
    })?;
    if !meta.is_dir() {
        return Err(bad(format!("{} is not a folder", p.display())));
    }
    let probe = p.join(format!(".despacho-write-test-{}", new_id()));
    std::fs::write(&probe, b"")
        .map_err(|e| bad(format!("cannot write in {}: {e}", p.display())))?;
    let _ = std::fs::remove_file(&probe);
    Ok(p.to_path_buf())
}

/// Remembers the sync folder (administrators).
pub fn set_folder(store: &mut Store, actor: &User, path: &str) -> Result<String> {
    actor.require(Permission::ManageSettings)?;
    let p = Path::new(path.trim());
    if path.trim().is_empty() || !p.is_absolute() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "folder",
            "the sync folder must be an absolute path",
        ));
    }
    std::fs::create_dir_all(p).map_err(|e| io(p, e))?;
    let value = p.display().to_string();
    store.transaction(|tx| {
        tx.execute(
            "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![KEY_FOLDER, value, now(), actor.id],
        )?;
        Ok(())
    })?;
    Ok(value)
}

/// The name of a bundle from one site to another in a sync folder.
pub fn folder_file_name(from: &str, to: &str, seq: u32) -> String {
    format!("{from}-to-{to}-{seq:06}.{EXTENSION}")
}

/// One bundle found in the folder and what became of it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename = "SyncFolderItem")]
pub struct FolderItem {
    pub file: String,
    /// "imported", "already_imported", "refused", "waiting" (its predecessor is not there:
    /// see `missing`) or "exported".
    pub outcome: String,
    pub message: String,
    /// The peer the bundle comes from or goes to (its name, when known).
    pub peer: Option<String>,
    /// The bundle's number (when known).
    pub seq: Option<u32>,
    /// For a bundle that waits: the number of the bundle to import first.
    pub missing: Option<u32>,
    /// Changes applied (imported) or written (exported).
    pub changes: u32,
    /// Conflicts found while importing.
    pub conflicts: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename = "SyncFolderReport")]
pub struct FolderReport {
    pub folder: String,
    pub items: Vec<FolderItem>,
}

/// The bundle number in a folder file's name (`<from>-to-<to>-<seq>.despacho-sync`).
fn seq_of_file(p: &Path) -> Option<u32> {
    let stem = p.file_stem()?.to_str()?;
    stem.rsplit('-').next()?.parse().ok()
}

/// Imports every bundle addressed to this site found in the folder (in order, retrying those
/// that wait for a predecessor), then writes the outgoing bundle for each peer there. Imported
/// bundles are removed from the folder; refused ones stay, and so do those still waiting for a
/// predecessor (outcome "waiting", `missing` names it). `progress(done, total, item)` is called
/// after each bundle read or written. At the end the log is pruned ([`super::prune`]).
pub fn run_folder(
    store: &mut Store,
    actor: &User,
    progress: impl FnMut(usize, usize, &FolderItem),
) -> Result<FolderReport> {
    sync_folder(store, actor, true, progress)
}

/// Imports the bundles for this site found in the sync folder, writing nothing there (the
/// import when the app starts). `Ok(None)` when no folder is set.
pub fn import_folder(
    store: &mut Store,
    actor: &User,
    progress: impl FnMut(usize, usize, &FolderItem),
) -> Result<Option<FolderReport>> {
    if folder(store.conn())?.is_none() {
        return Ok(None);
    }
    sync_folder(store, actor, false, progress).map(Some)
}

fn sync_folder(
    store: &mut Store,
    actor: &User,
    write: bool,
    mut progress: impl FnMut(usize, usize, &FolderItem),
) -> Result<FolderReport> {
    let dir = folder(store.conn())?.ok_or_else(|| {
        AppError::field(
            ErrorCode::NotFound,
            "folder",
            "no sync folder is set (sync folder PATH)",
        )
    })?;
    let me = site::site(store.conn())?;
    let suffix = format!("-to-{}-", me.id);
    let mut incoming: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| io(Path::new(&dir), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.contains(&suffix) && name.ends_with(&format!(".{EXTENSION}"))
        })
        .collect();
    incoming.sort();
    let peers = if write {
        site::peers(store.conn())?
    } else {
        Vec::new()
    };
    let known = site::peers(store.conn())?;
    let peer_name = |file: &Path| -> Option<String> {
        let name = file.file_name()?.to_str()?;
        let from = name.split("-to-").next()?;
        known.iter().find(|p| p.id == from).map(|p| p.name.clone())
    };
    let total = incoming.len() + peers.len();
    let mut done = 0;
    let mut items: Vec<FolderItem> = Vec::new();
    let mut step = |item: FolderItem, items: &mut Vec<FolderItem>| {
        done += 1;
        progress(done, total, &item);
        items.push(item);
    };
    // Import, retrying while progress is made (a bundle may wait for its predecessor).
    loop {
        let mut progressed = false;
        let mut left = Vec::new();
        for p in incoming {
            let file = p.display().to_string();
            match import_file(store, actor, &p) {
                Ok(r) => {
                    let _ = std::fs::remove_file(&p);
                    progressed = true;
                    step(
                        FolderItem {
                            file,
                            outcome: if r.already_imported {
                                "already_imported"
                            } else {
                                "imported"
                            }
                            .into(),
                            message: format!(
                                "bundle #{} from {}: {} changes, {} conflicts",
                                r.seq, r.from_name, r.applied, r.conflicts
                            ),
                            peer: Some(r.from_name),
                            seq: Some(r.seq),
                            missing: None,
                            changes: r.applied,
                            conflicts: r.conflicts,
                        },
                        &mut items,
                    );
                }
                Err(SyncError::Refused(Refusal::MissingPredecessor { .. })) => left.push(p),
                Err(e) => step(
                    FolderItem {
                        peer: peer_name(&p),
                        seq: seq_of_file(&p),
                        file,
                        outcome: "refused".into(),
                        message: e.to_string(),
                        missing: None,
                        changes: 0,
                        conflicts: 0,
                    },
                    &mut items,
                ),
            }
        }
        incoming = left;
        if !progressed || incoming.is_empty() {
            break;
        }
    }
    for p in incoming {
        let file = p.display().to_string();
        let (outcome, message, missing) = match import_file(store, actor, &p) {
            Err(SyncError::Refused(r @ Refusal::MissingPredecessor { missing, .. })) => {
                ("waiting", r.to_string(), Some(missing))
            }
            Err(e) => ("refused", e.to_string(), None),
            Ok(_) => ("imported", String::new(), None),
        };
        step(
            FolderItem {
                peer: peer_name(&p),
                seq: seq_of_file(&p),
                file,
                outcome: outcome.into(),
                message,
                missing,
                changes: 0,
                conflicts: 0,
            },
            &mut items,
        );
    }
    for peer in &peers {
        let seq = site::get_peer(store.conn(), &peer.id)?.last_sent_seq + 1;
        let out = Path::new(&dir).join(folder_file_name(&me.id, &peer.id, seq));
        let r = export(store, actor, &peer.name, &out)?;
        step(
            FolderItem {
                file: r.path,
                outcome: "exported".into(),
                message: format!(
                    "bundle #{} for {}: {} changes, {} files",
                    r.seq, r.peer, r.changes, r.files
                ),
                peer: Some(r.peer),
                seq: Some(r.seq),
                missing: None,
                changes: r.changes,
                conflicts: 0,
            },
            &mut items,
        );
    }
    if write {
        // What every peer now holds and nobody needs any more leaves the log.
        super::prune(store)?;
    }
    Ok(FolderReport { folder: dir, items })
}

/// Writes again, into the sync folder, bundle #`seq` for `peer` (see [`resend`]).
pub fn resend_to_folder(
    store: &mut Store,
    actor: &User,
    peer: &str,
    seq: u32,
) -> Result<ExportReport> {
    let dir = folder(store.conn())?.ok_or_else(|| {
        AppError::field(
            ErrorCode::NotFound,
            "folder",
            "no sync folder is set (sync folder PATH)",
        )
    })?;
    let me = site::site(store.conn())?;
    let p = site::peer_by_name(store.conn(), peer)?;
    let out = Path::new(&dir).join(folder_file_name(&me.id, &p.id, seq));
    resend(store, actor, peer, seq, &out)
}

/// The stamp of a change, for display (`<hlc time> @ <site>`).
pub fn describe_stamp(hlc: i64, site: &str) -> String {
    format!("{} {}", super::hlc_time(hlc), stamp(hlc, site))
}
