//! The organization's letterhead on printed documents: its name, address and logo, set by an
//! administrator. Until then documents carry a neutral default (never a copy of the emblem).

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::attachments;
use crate::audit;
use crate::error::{AppError, ErrorCode, Result};
use crate::store::{now, Store};
use crate::users::{Permission, User};
use crate::validate;

pub const DEFAULT_ORGANIZATION: &str =
    "Conferencia Interamericana de Seguridad Social — Secretaría General";
pub const DEFAULT_ADDRESS: &str = "Ciudad de México";
/// Logos larger than this are refused.
pub const MAX_LOGO_BYTES: u64 = 2 * 1024 * 1024;

const KEY_ORGANIZATION: &str = "letterhead.organization";
const KEY_ADDRESS: &str = "letterhead.address";
const KEY_LOGO: &str = "letterhead.logo_sha256";

/// The letterhead as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Letterhead {
    pub organization: String,
    pub address: String,
    /// The logo (PNG) kept in the data folder, by its SHA-256; none prints a text wordmark.
    pub logo_sha256: Option<String>,
}

/// What an administrator changes. `logo_path` is a PNG file to use from now on.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct LetterheadInput {
    pub organization: String,
    pub address: String,
    pub logo_path: Option<String>,
    /// Go back to the text wordmark.
    pub remove_logo: bool,
}

fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn put(tx: &Transaction, key: &str, value: Option<&str>, actor: &User) -> Result<()> {
    match value {
        Some(v) => tx.execute(
            "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![key, v, now(), actor.id],
        )?,
        None => tx.execute("DELETE FROM settings WHERE key = ?1", [key])?,
    };
    Ok(())
}

pub fn letterhead(conn: &Connection) -> Result<Letterhead> {
    Ok(Letterhead {
        organization: setting(conn, KEY_ORGANIZATION)?
            .unwrap_or_else(|| DEFAULT_ORGANIZATION.to_string()),
        address: setting(conn, KEY_ADDRESS)?.unwrap_or_else(|| DEFAULT_ADDRESS.to_string()),
        logo_sha256: setting(conn, KEY_LOGO)?,
    })
}

/// The logo's bytes, if one is set and its file is present.
pub fn logo_png(conn: &Connection, letterhead: &Letterhead) -> Result<Option<Vec<u8>>> {
    let Some(sha) = &letterhead.logo_sha256 else {
        return Ok(None);
    };
    let path = attachments::file_path(&attachments::data_dir(conn)?, sha);
    Ok(std::fs::read(path).ok())
}

/// Sets the letterhead (administrators). A new logo must be a PNG of at most 2 MB; it is kept
/// in the data folder like attachments.
pub fn set_letterhead(
    store: &mut Store,
    actor: &User,
    input: &LetterheadInput,
) -> Result<Letterhead> {
    actor.require(Permission::ManageSettings)?;
    let organization = validate::required_text("organization", &input.organization, 200)?;
    let address = validate::optional_text("address", &input.address, 300)?;
    let logo = match input
        .logo_path
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(path) if !input.remove_logo => Some(keep_logo(store.conn(), Path::new(path))?),
        _ => None,
    };
    store.transaction(|tx| {
        put(tx, KEY_ORGANIZATION, Some(&organization), actor)?;
        put(tx, KEY_ADDRESS, Some(&address), actor)?;
        if input.remove_logo {
            put(tx, KEY_LOGO, None, actor)?;
        } else if let Some(sha) = &logo {
            put(tx, KEY_LOGO, Some(sha), actor)?;
        }
        audit::record(
            tx,
            Some(&actor.id),
            "settings.letterhead",
            "settings",
            None,
            &json!({ "organization": organization, "address": address, "logo": logo, "remove_logo": input.remove_logo }),
        )?;
        letterhead(tx)
    })
}

fn keep_logo(conn: &Connection, path: &Path) -> Result<String> {
    let bad = |m: &str| AppError::field(ErrorCode::InvalidValue, "logo_path", m.to_string());
    let meta = std::fs::metadata(path).map_err(|_| {
        AppError::field(
            ErrorCode::NotFound,
            "logo_path",
            format!("no file at {}", path.display()),
        )
    })?;
    if meta.len() > MAX_LOGO_BYTES {
        return Err(bad("the logo is larger than 2 MB"));
    }
    let mut head = [0u8; 8];
    let read = std::io::Read::read(
        &mut std::fs::File::open(path).map_err(|_| bad("the logo cannot be read"))?,
        &mut head,
    )
    .map_err(|_| bad("the logo cannot be read"))?;
    if read < 8 || head != *b"\x89PNG\r\n\x1a\n" {
        return Err(AppError::field(
            ErrorCode::InvalidFormat,
            "logo_path",
            "the logo must be a PNG image",
        ));
    }
    Ok(attachments::keep_file(&attachments::data_dir(conn)?, path)?.0)
}
