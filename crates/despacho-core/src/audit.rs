//! The audit log: one row per successful write, in the same transaction as the write.
//!
//! The rows form a **tamper-evident chain**: each row has its place (`seq`, 1, 2, 3… in
//! insertion order), the hash of the previous row (`prev_hash`; the first row holds
//! [`GENESIS_HASH`]) and its own `hash`, the hex SHA-256 of a canonical serialization of its
//! fields and `prev_hash` ([`row_hash`]). Editing, deleting or reordering a row by hand breaks
//! the chain at that row, and [`verify_chain`] names it. (Without a secret key, someone who
//! recomputes every later hash, or who removes the newest rows, is not detected: the chain makes
//! a casual edit with the sqlite tool evident, not a determined rewrite.)
//!
//! The log is read through [`search`] and [`export_csv`] (the audit viewer: the Auditor and the
//! Secretary-General) and [`recent`] (the desk).

use rusqlite::{params, Connection, OptionalExtension, ToSql, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;

use crate::error::{AppError, ErrorCode, Result};
use crate::store::{new_id, now};
use crate::users::{Permission, User};
use crate::validate;

/// The `prev_hash` of the first row of the chain.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit row: who did what to which record, when, and a summary of the change.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AuditEntry {
    pub id: String,
    pub at: String,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub operation: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub summary: String,
}

/// The fields of a row that its hash covers.
struct Sealed<'a> {
    seq: i64,
    id: &'a str,
    at: &'a str,
    user_id: Option<&'a str>,
    operation: &'a str,
    entity: &'a str,
    entity_id: Option<&'a str>,
    summary: &'a str,
    prev_hash: &'a str,
}

/// The hash of a row: hex SHA-256 of `despacho-audit-v1` and a JSON array of
/// `[seq, id, at, user_id, operation, entity, entity_id, summary, prev_hash]` (nulls as `null`).
/// JSON quoting makes the serialization unambiguous whatever the fields contain.
fn row_hash(r: &Sealed) -> String {
    let canonical = serde_json::json!([
        r.seq,
        r.id,
        r.at,
        r.user_id,
        r.operation,
        r.entity,
        r.entity_id,
        r.summary,
        r.prev_hash
    ]);
    let mut h = Sha256::new();
    h.update(b"despacho-audit-v1\n");
    h.update(canonical.to_string().as_bytes());
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The last sealed row's place and hash (or 0 and [`GENESIS_HASH`] for an empty chain).
fn chain_head(tx: &Connection) -> Result<(i64, String)> {
    Ok(tx
        .query_row(
            "SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)),
        )
        .optional()?
        .map(|(seq, hash)| (seq, hash.unwrap_or_default()))
        .unwrap_or((0, GENESIS_HASH.to_string())))
}

/// Writes an audit row inside the operation's transaction, chained after the last one.
pub fn record(
    tx: &Transaction,
    user_id: Option<&str>,
    operation: &str,
    entity: &str,
    entity_id: Option<&str>,
    summary: &serde_json::Value,
) -> Result<()> {
    let (id, at, summary) = (new_id(), now(), summary.to_string());
    append(
        tx, &id, &at, user_id, operation, entity, entity_id, &summary,
    )
}

/// An audit row written at another site, received in a sync bundle: it keeps its id, time,
/// user and content, and takes the next place in **this** store's chain (its `seq`,
/// `prev_hash` and `hash` are local; ADR 0007), so that [`verify_chain`] keeps verifying.
#[allow(clippy::too_many_arguments)]
pub fn append_foreign(
    tx: &Connection,
    id: &str,
    at: &str,
    user_id: Option<&str>,
    operation: &str,
    entity: &str,
    entity_id: Option<&str>,
    summary: &str,
) -> Result<()> {
    append(tx, id, at, user_id, operation, entity, entity_id, summary)
}

#[allow(clippy::too_many_arguments)]
fn append(
    tx: &Connection,
    id: &str,
    at: &str,
    user_id: Option<&str>,
    operation: &str,
    entity: &str,
    entity_id: Option<&str>,
    summary: &str,
) -> Result<()> {
    let (last, prev_hash) = chain_head(tx)?;
    let seq = last + 1;
    let hash = row_hash(&Sealed {
        seq,
        id,
        at,
        user_id,
        operation,
        entity,
        entity_id,
        summary,
        prev_hash: &prev_hash,
    });
    tx.execute(
        "INSERT INTO audit_log (id, at, user_id, operation, entity, entity_id, summary, seq, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![id, at, user_id, operation, entity, entity_id, summary, seq, prev_hash, hash],
    )?;
    Ok(())
}

struct LegacyRow {
    id: String,
    at: String,
    user_id: Option<String>,
    operation: String,
    entity: String,
    entity_id: Option<String>,
    summary: String,
}

/// Seals the rows written before the chain existed (schema < 6), in their order by `(at, id)`.
/// Called once, by the migration that adds the chain, in its transaction; a second call finds
/// nothing to seal. Rows inserted later without a hash are *not* sealed: they are tampering,
/// and [`verify_chain`] reports them.
pub fn seal_legacy(tx: &Transaction) -> Result<u32> {
    let (mut seq, mut prev) = chain_head(tx)?;
    let rows: Vec<LegacyRow> = {
        let mut st = tx.prepare(
            "SELECT id, at, user_id, operation, entity, entity_id, summary FROM audit_log
             WHERE hash IS NULL ORDER BY at, id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(LegacyRow {
                id: r.get(0)?,
                at: r.get(1)?,
                user_id: r.get(2)?,
                operation: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                summary: r.get(6)?,
            })
        })?;
        rows.collect::<Result<_, _>>()?
    };
    let mut up =
        tx.prepare("UPDATE audit_log SET seq = ?2, prev_hash = ?3, hash = ?4 WHERE id = ?1")?;
    for row in &rows {
        seq += 1;
        let hash = row_hash(&Sealed {
            seq,
            id: &row.id,
            at: &row.at,
            user_id: row.user_id.as_deref(),
            operation: &row.operation,
            entity: &row.entity,
            entity_id: row.entity_id.as_deref(),
            summary: &row.summary,
            prev_hash: &prev,
        });
        up.execute(params![row.id, seq, prev, hash])?;
        prev = hash;
    }
    Ok(rows.len() as u32)
}

/// The first row where the chain breaks, and why.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct BrokenRow {
    /// Its place in the chain (none for a row inserted by hand without one).
    pub seq: Option<u32>,
    pub id: String,
    pub at: String,
    pub operation: String,
    pub reason: String,
}

/// What [`verify_chain`] found.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ChainReport {
    /// Rows in the audit log.
    pub rows: u32,
    pub ok: bool,
    pub first_broken: Option<BrokenRow>,
}

/// Walks the chain in order (streaming, one row at a time) and names the first row that was
/// edited (its hash no longer matches its fields), follows a deleted row (a gap in `seq`, or a
/// `prev_hash` that is not the previous row's hash), was moved (its `seq` is covered by its
/// hash), or was inserted by hand (no seal).
pub fn verify_chain(conn: &Connection) -> Result<ChainReport> {
    let rows: u32 = conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
    let mut st = conn.prepare(
        "SELECT seq, id, at, user_id, operation, entity, entity_id, summary, prev_hash, hash
         FROM audit_log ORDER BY seq IS NULL, seq, at, id",
    )?;
    let mut q = st.query([])?;
    let mut expected_seq = 1i64;
    let mut prev = GENESIS_HASH.to_string();
    let mut first_broken = None;
    while let Some(r) = q.next()? {
        let seq: Option<i64> = r.get(0)?;
        let id: String = r.get(1)?;
        let at: String = r.get(2)?;
        let operation: String = r.get(4)?;
        let prev_hash: Option<String> = r.get(8)?;
        let hash: Option<String> = r.get(9)?;
        let broken = |reason: String| BrokenRow {
            seq: seq.and_then(|n| u32::try_from(n).ok()),
            id: id.clone(),
            at: at.clone(),
            operation: operation.clone(),
            reason,
        };
        let (Some(seq_v), Some(prev_hash), Some(hash)) = (seq, prev_hash, hash) else {
            first_broken = Some(broken(
                "the row is not sealed: it was inserted outside Despacho".into(),
            ));
            break;
        };
        if seq_v != expected_seq {
            first_broken = Some(broken(if seq_v > expected_seq {
                format!(
                    "rows {expected_seq}..{} of the chain are missing (deleted)",
                    seq_v - 1
                )
            } else {
                format!("the row's place {seq_v} is out of order (expected {expected_seq})")
            }));
            break;
        }
        if prev_hash != prev {
            first_broken = Some(broken(
                "the row does not follow the previous row's hash (a row before it was deleted, replaced or moved)".into(),
            ));
            break;
        }
        let user_id: Option<String> = r.get(3)?;
        let entity: String = r.get(5)?;
        let entity_id: Option<String> = r.get(6)?;
        let summary: String = r.get(7)?;
        let actual = row_hash(&Sealed {
            seq: seq_v,
            id: &id,
            at: &at,
            user_id: user_id.as_deref(),
            operation: &operation,
            entity: &entity,
            entity_id: entity_id.as_deref(),
            summary: &summary,
            prev_hash: &prev_hash,
        });
        if actual != hash {
            first_broken = Some(broken(
                "the row's content does not match its hash (it was edited)".into(),
            ));
            break;
        }
        prev = hash;
        expected_seq += 1;
    }
    Ok(ChainReport {
        rows,
        ok: first_broken.is_none(),
        first_broken,
    })
}

/// The most recent audit rows, newest first.
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.at, a.user_id, u.full_name, a.operation, a.entity, a.entity_id, a.summary
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
         ORDER BY a.seq DESC LIMIT ?1",
    )?;
    let rows = st.query_map([limit], |r| {
        Ok(AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            user_id: r.get(2)?,
            user_name: r.get(3)?,
            operation: r.get(4)?,
            entity: r.get(5)?,
            entity_id: r.get(6)?,
            summary: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// How many audit rows the store holds (tests use it to prove nothing was written).
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
}

// ---- the audit viewer -----------------------------------------------------------------------

/// Rows per page when the filter asks for none; the most a page may hold.
pub const DEFAULT_PAGE: u32 = 50;
pub const MAX_PAGE: u32 = 500;

/// What the audit viewer asks for. Every criterion is optional; dates are `YYYY-MM-DD` (UTC,
/// inclusive); `operation` matches a prefix (`members.` gives every member operation); `text`
/// searches the summary, operation, record and user name.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Type, PartialEq)]
pub struct AuditFilter {
    pub user_id: Option<String>,
    pub operation: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub text: Option<String>,
    /// Rows per page (0: [`DEFAULT_PAGE`]; at most [`MAX_PAGE`]).
    pub limit: u32,
    pub offset: u32,
}

/// One row as the audit viewer shows it.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AuditRecord {
    /// Its place in the chain.
    pub seq: u32,
    pub id: String,
    pub at: String,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub operation: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub summary: String,
}

/// A page of the audit log, newest first, and how many rows match in all.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AuditPage {
    pub entries: Vec<AuditRecord>,
    pub total: u32,
}

/// The WHERE clause and its parameters for a filter (validated).
fn filter_sql(f: &AuditFilter) -> Result<(String, Vec<Box<dyn ToSql>>)> {
    let mut clauses: Vec<&str> = Vec::new();
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    let text = |field: &str, v: &Option<String>| -> Result<Option<String>> {
        match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => Ok(Some(validate::required_text(field, v, 200)?)),
        }
    };
    if let Some(v) = text("user_id", &f.user_id)? {
        clauses.push("a.user_id = ?");
        args.push(Box::new(v));
    }
    if let Some(v) = text("operation", &f.operation)? {
        clauses.push("substr(a.operation, 1, length(?)) = ?");
        args.push(Box::new(v.clone()));
        args.push(Box::new(v));
    }
    if let Some(v) = text("entity", &f.entity)? {
        clauses.push("a.entity = ?");
        args.push(Box::new(v));
    }
    if let Some(v) = text("entity_id", &f.entity_id)? {
        clauses.push("a.entity_id = ?");
        args.push(Box::new(v));
    }
    let from = validate::date("from", f.from.as_deref())?;
    let to = validate::date("to", f.to.as_deref())?;
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "to",
                "the end date is before the start date",
            ));
        }
    }
    if let Some(d) = from {
        clauses.push("a.at >= ?");
        args.push(Box::new(d.format("%Y-%m-%d").to_string()));
    }
    if let Some(d) = to.and_then(|d| d.succ_opt()) {
        clauses.push("a.at < ?");
        args.push(Box::new(d.format("%Y-%m-%d").to_string()));
    }
    if let Some(v) = text("text", &f.text)? {
        clauses.push(
            "(instr(lower(a.summary), lower(?)) > 0 OR instr(lower(a.operation), lower(?)) > 0
              OR instr(lower(a.entity), lower(?)) > 0 OR instr(lower(coalesce(a.entity_id, '')), lower(?)) > 0
              OR instr(lower(coalesce(u.full_name, '')), lower(?)) > 0 OR instr(lower(coalesce(u.username, '')), lower(?)) > 0)",
        );
        for _ in 0..6 {
            args.push(Box::new(v.clone()));
        }
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    Ok((sql, args))
}

const RECORD_COLUMNS: &str =
    "a.seq, a.id, a.at, a.user_id, u.full_name, a.operation, a.entity, a.entity_id, a.summary";

fn record_from_row(r: &rusqlite::Row) -> rusqlite::Result<AuditRecord> {
    Ok(AuditRecord {
        seq: u32::try_from(r.get::<_, Option<i64>>(0)?.unwrap_or(0)).unwrap_or(u32::MAX),
        id: r.get(1)?,
        at: r.get(2)?,
        user_id: r.get(3)?,
        user_name: r.get(4)?,
        operation: r.get(5)?,
        entity: r.get(6)?,
        entity_id: r.get(7)?,
        summary: r.get(8)?,
    })
}

/// A page of the audit log matching `filter`, newest first (the Auditor and the
/// Secretary-General).
pub fn search(conn: &Connection, actor: &User, filter: &AuditFilter) -> Result<AuditPage> {
    actor.require(Permission::ViewAudit)?;
    let limit = match filter.limit {
        0 => DEFAULT_PAGE,
        n if n > MAX_PAGE => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "limit",
                format!("a page holds at most {MAX_PAGE} rows"),
            ))
        }
        n => n,
    };
    let (where_sql, mut args) = filter_sql(filter)?;
    let from = "FROM audit_log a LEFT JOIN users u ON u.id = a.user_id";
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) {from} {where_sql}"),
        rusqlite::params_from_iter(args.iter().map(|a| a.as_ref())),
        |r| r.get(0),
    )?;
    args.push(Box::new(limit));
    args.push(Box::new(filter.offset));
    let mut st = conn.prepare(&format!(
        "SELECT {RECORD_COLUMNS} {from} {where_sql} ORDER BY a.seq DESC LIMIT ? OFFSET ?"
    ))?;
    let rows = st.query_map(
        rusqlite::params_from_iter(args.iter().map(|a| a.as_ref())),
        record_from_row,
    )?;
    Ok(AuditPage {
        entries: rows.collect::<Result<Vec<_>, _>>()?,
        total,
    })
}

/// Every row matching `filter` (its `limit` and `offset` are ignored), newest first, as CSV
/// (RFC 4180: comma, CRLF, quotes doubled) for the external auditor.
pub fn export_csv(conn: &Connection, actor: &User, filter: &AuditFilter) -> Result<String> {
    actor.require(Permission::ViewAudit)?;
    let (where_sql, args) = filter_sql(filter)?;
    let mut st = conn.prepare(&format!(
        "SELECT {RECORD_COLUMNS}, u.username, a.prev_hash, a.hash
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id {where_sql}
         ORDER BY a.seq DESC, a.at DESC, a.id DESC"
    ))?;
    let mut q = st.query(rusqlite::params_from_iter(args.iter().map(|a| a.as_ref())))?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let csv_err =
        |e: csv::Error| AppError::new(ErrorCode::Internal, format!("cannot write CSV: {e}"));
    w.write_record([
        "seq",
        "id",
        "at",
        "user_id",
        "username",
        "user_name",
        "operation",
        "entity",
        "entity_id",
        "summary",
        "prev_hash",
        "hash",
    ])
    .map_err(csv_err)?;
    while let Some(r) = q.next()? {
        let rec = record_from_row(r)?;
        let username: Option<String> = r.get(9)?;
        let prev_hash: Option<String> = r.get(10)?;
        let hash: Option<String> = r.get(11)?;
        w.write_record([
            rec.seq.to_string().as_str(),
            &rec.id,
            &rec.at,
            rec.user_id.as_deref().unwrap_or(""),
            username.as_deref().unwrap_or(""),
            rec.user_name.as_deref().unwrap_or(""),
            &rec.operation,
            &rec.entity,
            rec.entity_id.as_deref().unwrap_or(""),
            &rec.summary,
            prev_hash.as_deref().unwrap_or(""),
            hash.as_deref().unwrap_or(""),
        ])
        .map_err(csv_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))
}
