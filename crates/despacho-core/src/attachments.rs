//! Documents attached to agenda items. The file is copied into the data folder (the folder of
//! the store file) as `attachments/<sha256>`: content-addressed, so the same file attached
//! twice is kept once and a file never changes under its name. The file is copied before the
//! transaction (an orphan copy is harmless); the row is written in the operation's transaction.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use specta::Type;

use crate::agenda::{self, Agenda};
use crate::error::{AppError, ErrorCode, Result};
use crate::store::{new_id, now, Store};
use crate::users::{Permission, User};
use crate::validate;

/// Files larger than this are refused.
pub const MAX_ATTACHMENT_BYTES: u64 = 50 * 1024 * 1024;

/// A document attached to an agenda item.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Attachment {
    pub id: String,
    pub item_id: String,
    pub title: String,
    /// The name of the file the user attached.
    pub file_name: String,
    pub sha256: String,
    pub size_bytes: u32,
}

/// What a user gives to attach a document.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct AttachmentInput {
    pub title: String,
    /// The file to copy into the data folder.
    pub path: String,
}

/// The data folder of a store: the folder its file is in. An in-memory store has none.
pub fn data_dir(conn: &Connection) -> Result<PathBuf> {
    match conn.path().filter(|p| !p.is_empty()) {
        Some(p) => Ok(Path::new(p)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))),
        None => Err(AppError::new(
            ErrorCode::Storage,
            "a store in memory keeps no attached files",
        )),
    }
}

/// Where the file with this content lives.
pub fn file_path(data_dir: &Path, sha256: &str) -> PathBuf {
    data_dir.join("attachments").join(sha256)
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> AppError {
    AppError::new(
        ErrorCode::Storage,
        format!("cannot {what} {}: {e}", path.display()),
    )
}

/// Copies `source` into `<data_dir>/attachments/<sha256>`; returns (sha256, size).
/// Refuses a missing file, a folder, or a file larger than [`MAX_ATTACHMENT_BYTES`].
pub fn keep_file(data_dir: &Path, source: &Path) -> Result<(String, u64)> {
    let meta = std::fs::metadata(source).map_err(|_| {
        AppError::field(
            ErrorCode::NotFound,
            "path",
            format!("no file at {}", source.display()),
        )
    })?;
    if !meta.is_file() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "path",
            format!("{} is not a file", source.display()),
        ));
    }
    let too_big = || {
        AppError::field(
            ErrorCode::InvalidValue,
            "path",
            format!(
                "the file is larger than {} MB",
                MAX_ATTACHMENT_BYTES / 1024 / 1024
            ),
        )
    };
    if meta.len() > MAX_ATTACHMENT_BYTES {
        return Err(too_big());
    }
    let dir = data_dir.join("attachments");
    std::fs::create_dir_all(&dir).map_err(|e| io_error("create", &dir, e))?;
    let tmp = dir.join(format!(".incoming-{}", new_id()));
    let result = (|| {
        let mut input = File::open(source).map_err(|e| io_error("read", source, e))?;
        let mut out = File::create(&tmp).map_err(|e| io_error("write", &tmp, e))?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = input
                .read(&mut buf)
                .map_err(|e| io_error("read", source, e))?;
            if n == 0 {
                break;
            }
            size += n as u64;
            if size > MAX_ATTACHMENT_BYTES {
                return Err(too_big());
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])
                .map_err(|e| io_error("write", &tmp, e))?;
        }
        out.sync_all().map_err(|e| io_error("write", &tmp, e))?;
        let sha: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let dest = file_path(data_dir, &sha);
        if dest.exists() {
            std::fs::remove_file(&tmp).map_err(|e| io_error("remove", &tmp, e))?;
        } else {
            std::fs::rename(&tmp, &dest).map_err(|e| io_error("write", &dest, e))?;
        }
        Ok((sha, size))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

const ATTACHMENT_COLUMNS: &str = "a.id, a.item_id, a.title, a.file_name, a.sha256, a.size_bytes";

fn attachment_from_row(r: &Row) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(0)?,
        item_id: r.get(1)?,
        title: r.get(2)?,
        file_name: r.get(3)?,
        sha256: r.get(4)?,
        size_bytes: r.get(5)?,
    })
}

/// Every live attachment of a session's live items, in item and attachment order.
pub fn session_attachments(conn: &Connection, session_id: &str) -> Result<Vec<Attachment>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {ATTACHMENT_COLUMNS} FROM agenda_attachments a JOIN agenda_items i ON i.id = a.item_id
         WHERE i.session_id = ?1 AND i.deleted_at IS NULL AND a.deleted_at IS NULL ORDER BY a.position, a.created_at, a.id"
    ))?;
    let rows = st.query_map([session_id], attachment_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn get_attachment(conn: &Connection, id: &str) -> Result<Attachment> {
    conn.query_row(
        &format!("SELECT {ATTACHMENT_COLUMNS} FROM agenda_attachments a WHERE a.id = ?1 AND a.deleted_at IS NULL"),
        [id],
        attachment_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("attachment", id))
}

/// Attaches a document to an agenda item: the file is copied into the data folder first,
/// then the row (and the agenda's revision log) are written in one transaction.
pub fn add_attachment(
    store: &mut Store,
    actor: &User,
    item_id: &str,
    input: &AttachmentInput,
) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    let title = validate::required_text("title", &input.title, 300)?;
    let source = PathBuf::from(input.path.trim());
    let file_name = source
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let session_id = agenda::item_session(store.conn(), item_id)?;
    agenda::editable(store.conn(), &session_id)?;
    let dir = data_dir(store.conn())?;
    let (sha, size) = keep_file(&dir, &source)?;
    store.transaction(|tx| {
        attach_kept_file_tx(tx, actor, item_id, &title, &file_name, &sha, size)?;
        agenda::agenda(tx, &session_id)
    })
}

/// Writes the row of a file already kept by [`keep_file`] inside an enclosing transaction
/// (with the agenda's revision log); returns the attachment's id. The caller has checked
/// `Permission::EditSessions` and validated the title.
pub(crate) fn attach_kept_file_tx(
    tx: &Transaction,
    actor: &User,
    item_id: &str,
    title: &str,
    file_name: &str,
    sha: &str,
    size: u64,
) -> Result<String> {
    let session_id = agenda::item_session(tx, item_id)?;
    let session = agenda::editable(tx, &session_id)?;
    let id = new_id();
    let at = now();
    let position: i64 = tx.query_row(
        "SELECT ifnull(max(position) + 1, 0) FROM agenda_attachments WHERE item_id = ?1 AND deleted_at IS NULL",
        [item_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO agenda_attachments (id, item_id, title, file_name, sha256, size_bytes, position, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
        params![id, item_id, title, file_name, sha, size as i64, position, at, actor.id],
    )?;
    agenda::record_change(
        tx,
        actor,
        &session,
        "agenda.add_attachment",
        "agenda_attachment",
        &id,
        &format!("attached '{title}'"),
        &json!({ "item_id": item_id, "title": title, "sha256": sha, "size_bytes": size }),
    )?;
    Ok(id)
}

/// Removes an attachment from its item (a tombstone; the file stays: others may share it).
pub fn remove_attachment(store: &mut Store, actor: &User, id: &str) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        let a = get_attachment(tx, id)?;
        let session_id = agenda::item_session(tx, &a.item_id)?;
        let session = agenda::editable(tx, &session_id)?;
        let at = now();
        tx.execute(
            "UPDATE agenda_attachments SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![id, at, actor.id],
        )?;
        agenda::record_change(
            tx,
            actor,
            &session,
            "agenda.remove_attachment",
            "agenda_attachment",
            id,
            &format!("removed the attachment '{}'", a.title),
            &json!({ "item_id": a.item_id, "title": a.title }),
        )?;
        agenda::agenda(tx, &session_id)
    })
}
