//! What Linking & Cooperation's modules share (`agreements`, `assistance`, `missions`,
//! `publications`, `lists`): dates, amounts, the event rows of a record's history, and the
//! documents kept with a record (copied like agenda attachments, `attachments::keep_file`).

use std::path::PathBuf;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::attachments;
use crate::audit;
use crate::dues::Amount;
use crate::error::{AppError, ErrorCode, Result};
use crate::ledger;
use crate::money::{self, Money};
use crate::store::{new_id, now, Scope};
use crate::users::{Language, Permission, User};
use crate::validate;

/// A date that must be given (`YYYY-MM-DD`).
pub(crate) fn required_date(field: &str, value: &str) -> Result<NaiveDate> {
    validate::date(field, Some(value))?
        .ok_or_else(|| AppError::field(ErrorCode::Required, field, format!("{field} is required")))
}

/// A date that may be empty.
pub(crate) fn optional_date(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>> {
    validate::date(field, value)
}

/// The date a change happened: `today` when not given; never in the future.
pub(crate) fn event_date(field: &str, value: Option<&str>, today: NaiveDate) -> Result<NaiveDate> {
    let d = optional_date(field, value)?.unwrap_or(today);
    if d > today {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            format!("{d} is in the future: record a change when it happens"),
        ));
    }
    Ok(d)
}

/// A positive amount of money (minor units) and its currency; `field` names the amount.
pub(crate) fn amount(field: &str, value: &Amount) -> Result<Money> {
    let currency = ledger::currency(&format!("{field}.currency"), &value.currency)?;
    if value.amount.trim().is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            field,
            "the amount is required",
        ));
    }
    let m = Money::parse(&value.amount, &currency).map_err(|e| AppError {
        field: Some(field.to_string()),
        ..e
    })?;
    if m.minor <= 0 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            "the amount must be greater than zero",
        ));
    }
    if m.minor > 1_000_000_000_000 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            "the amount is too large",
        ));
    }
    Ok(m)
}

/// Minor units and currency as they cross IPC (a decimal string).
pub(crate) fn to_amount(minor: Option<i64>, currency: Option<String>) -> Option<Amount> {
    let (minor, currency) = (minor?, currency?);
    let exp = money::exponent(&currency).unwrap_or(2);
    Some(Amount {
        amount: rust_decimal::Decimal::new(minor, exp).to_string(),
        currency,
    })
}

/// `%text%` for LIKE with `\` as escape.
pub(crate) fn like(text: &str) -> String {
    format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// An optional id: trimmed, `None` when empty, refused when absurdly long.
pub(crate) fn opt_id(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    Ok(Some(validate::optional_text(field, v, 64)?))
}

/// Refuses an id that names no live row of `table` (the error names `field`).
pub(crate) fn require_row(conn: &Connection, table: &str, id: &str, field: &str) -> Result<()> {
    let found = conn
        .query_row(
            &format!("SELECT 1 FROM {table} WHERE id = ?1 AND deleted_at IS NULL"),
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if found {
        Ok(())
    } else {
        Err(AppError::field(
            ErrorCode::NotFound,
            field,
            format!("{id} does not exist"),
        ))
    }
}

/// Whose history an event belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EventOwner {
    Request,
    Mission,
}

impl EventOwner {
    pub fn as_str(self) -> &'static str {
        match self {
            EventOwner::Request => "request",
            EventOwner::Mission => "mission",
        }
    }
}

/// One row of a record's history.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct TimelineEvent {
    pub id: String,
    pub owner: EventOwner,
    pub owner_id: String,
    /// What the owner is called (the request's title, the mission's purpose).
    pub owner_label: String,
    /// The day it happened, `YYYY-MM-DD`.
    pub on_date: String,
    /// When it was recorded (UTC, RFC 3339).
    pub at: String,
    /// e.g. `created`, `status:approved`, `expert_added`, `deliverable_delivered`.
    pub kind: String,
    pub summary: String,
    pub user_name: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn record_event(
    tx: &Transaction,
    actor: &User,
    owner: EventOwner,
    owner_id: &str,
    on_date: NaiveDate,
    kind: &str,
    summary: &str,
) -> Result<()> {
    let at = now();
    tx.execute(
        "INSERT INTO cooperation_events (id, owner_kind, owner_id, on_date, at, kind, summary, user_id, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?5, ?8)",
        params![new_id(), owner.as_str(), owner_id, on_date.to_string(), at, kind, summary, actor.id],
    )?;
    Ok(())
}

fn event_from_row(r: &Row) -> rusqlite::Result<TimelineEvent> {
    let owner: String = r.get(1)?;
    Ok(TimelineEvent {
        id: r.get(0)?,
        owner: if owner == "mission" {
            EventOwner::Mission
        } else {
            EventOwner::Request
        },
        owner_id: r.get(2)?,
        owner_label: r.get(3)?,
        on_date: r.get(4)?,
        at: r.get(5)?,
        kind: r.get(6)?,
        summary: r.get(7)?,
        user_name: r.get(8)?,
    })
}

/// The events of the given owners, chronological (day, then recording order).
pub(crate) fn events(
    conn: &Connection,
    requests: &[String],
    missions: &[String],
) -> Result<Vec<TimelineEvent>> {
    let mut st = conn.prepare_cached(
        "SELECT e.id, e.owner_kind, e.owner_id,
                CASE e.owner_kind WHEN 'request' THEN (SELECT title FROM assistance_requests WHERE id = e.owner_id)
                                  ELSE (SELECT purpose FROM missions WHERE id = e.owner_id) END,
                e.on_date, e.at, e.kind, e.summary, u.full_name
         FROM cooperation_events e LEFT JOIN users u ON u.id = e.user_id
         WHERE e.owner_kind = ?1 AND e.owner_id = ?2",
    )?;
    let mut out = Vec::new();
    for (kind, ids) in [("request", requests), ("mission", missions)] {
        for id in ids {
            for row in st.query_map(params![kind, id], event_from_row)? {
                out.push(row?);
            }
        }
    }
    out.sort_by(|a, b| (&a.on_date, &a.at, &a.id).cmp(&(&b.on_date, &b.at, &b.id)));
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Documents

/// What a document is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DocumentOwner {
    Agreement,
    Mission,
    Publication,
}

impl DocumentOwner {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentOwner::Agreement => "agreement",
            DocumentOwner::Mission => "mission",
            DocumentOwner::Publication => "publication",
        }
    }
    fn table(self) -> &'static str {
        match self {
            DocumentOwner::Agreement => "agreements",
            DocumentOwner::Mission => "missions",
            DocumentOwner::Publication => "publications",
        }
    }
}

/// A document kept with an agreement, a mission (its report) or a publication (a language
/// version's file). The file is `<data dir>/attachments/<sha256>`.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Document {
    pub id: String,
    pub owner: DocumentOwner,
    pub owner_id: String,
    /// The language version a publication's file belongs to.
    pub language: Option<Language>,
    pub title: String,
    pub file_name: String,
    pub sha256: String,
    pub size_bytes: u32,
}

/// What a user gives to attach a document.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct DocumentInput {
    pub title: String,
    /// The file to copy into the data folder.
    pub path: String,
    /// For a publication: the language version the file belongs to.
    pub language: Option<Language>,
}

fn document_from_row(r: &Row) -> rusqlite::Result<Document> {
    let owner: String = r.get(1)?;
    let lang: Option<String> = r.get(3)?;
    Ok(Document {
        id: r.get(0)?,
        owner: match owner.as_str() {
            "agreement" => DocumentOwner::Agreement,
            "mission" => DocumentOwner::Mission,
            _ => DocumentOwner::Publication,
        },
        owner_id: r.get(2)?,
        language: lang.as_deref().and_then(Language::parse),
        title: r.get(4)?,
        file_name: r.get(5)?,
        sha256: r.get(6)?,
        size_bytes: r.get(7)?,
    })
}

const DOCUMENT_COLUMNS: &str =
    "id, owner_kind, owner_id, language, title, file_name, sha256, size_bytes";

/// The live documents of a record, in the order they were attached.
pub fn documents(conn: &Connection, owner: DocumentOwner, owner_id: &str) -> Result<Vec<Document>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {DOCUMENT_COLUMNS} FROM cooperation_documents WHERE owner_kind = ?1 AND owner_id = ?2 AND deleted_at IS NULL ORDER BY created_at, id"
    ))?;
    let rows = st.query_map(params![owner.as_str(), owner_id], document_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Attaches a document to a record: the file is copied into the data folder first (an orphan
/// copy is harmless), then the row and its audit row are written in one transaction.
pub fn attach_document(
    store: &mut impl Scope,
    actor: &User,
    owner: DocumentOwner,
    owner_id: &str,
    input: &DocumentInput,
) -> Result<Document> {
    actor.require(Permission::EditCooperation)?;
    let title = validate::required_text("title", &input.title, 300)?;
    if input.language.is_some() && owner != DocumentOwner::Publication {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "language",
            "only a publication's files belong to a language version",
        ));
    }
    require_row(store.conn(), owner.table(), owner_id, "owner_id")?;
    let source = PathBuf::from(input.path.trim());
    let file_name = source
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let dir = attachments::data_dir(store.conn())?;
    let (sha, size) = attachments::keep_file(&dir, &source)?;
    store.transaction(|tx| {
        require_row(tx, owner.table(), owner_id, "owner_id")?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO cooperation_documents (id, owner_kind, owner_id, language, title, file_name, sha256, size_bytes, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
            params![id, owner.as_str(), owner_id, input.language.map(|l| l.as_str()), title, file_name, sha, size as i64, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "cooperation.attach_document",
            owner.as_str(),
            Some(owner_id),
            &json!({ "document_id": id, "title": title, "sha256": sha, "size_bytes": size }),
        )?;
        Ok(tx.query_row(
            &format!("SELECT {DOCUMENT_COLUMNS} FROM cooperation_documents WHERE id = ?1"),
            [&id],
            document_from_row,
        )?)
    })
}

/// Removes a document from its record (a tombstone; the file stays: others may share it).
pub fn remove_document(store: &mut impl Scope, actor: &User, id: &str) -> Result<()> {
    actor.require(Permission::EditCooperation)?;
    store.transaction(|tx| {
        let d = tx
            .query_row(
                &format!("SELECT {DOCUMENT_COLUMNS} FROM cooperation_documents WHERE id = ?1 AND deleted_at IS NULL"),
                [id],
                document_from_row,
            )
            .optional()?
            .ok_or_else(|| AppError::not_found("document", id))?;
        let at = now();
        tx.execute(
            "UPDATE cooperation_documents SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![id, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "cooperation.remove_document",
            d.owner.as_str(),
            Some(&d.owner_id),
            &json!({ "document_id": id, "title": d.title }),
        )
    })
}
