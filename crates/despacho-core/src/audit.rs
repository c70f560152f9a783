//! The audit log: one row per successful write, in the same transaction as the write.

use rusqlite::{params, Connection, Transaction};
use serde::Serialize;
use specta::Type;

use crate::error::Result;
use crate::store::{new_id, now};

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

/// Writes an audit row inside the operation's transaction.
pub fn record(
    tx: &Transaction,
    user_id: Option<&str>,
    operation: &str,
    entity: &str,
    entity_id: Option<&str>,
    summary: &serde_json::Value,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (id, at, user_id, operation, entity, entity_id, summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![new_id(), now(), user_id, operation, entity, entity_id, summary.to_string()],
    )?;
    Ok(())
}

/// The most recent audit rows, newest first.
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.at, a.user_id, u.full_name, a.operation, a.entity, a.entity_id, a.summary
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
         ORDER BY a.at DESC, a.id DESC LIMIT ?1",
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
