//! The conflict inbox: what [`super::apply`] recorded, and how a user resolves it.
//!
//! Until a conflict is resolved every site shows its provisional winner (the later stamp).
//! Resolving writes the chosen value as a **new change** (a later stamp, so it wins everywhere)
//! and a row of `conflict_resolutions`, a synced table: every site that receives it shows the
//! conflict as resolved.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use specta::Type;

use crate::audit;
use crate::error::{AppError, ErrorCode, Result};
use crate::store::{now, Store};
use crate::users::{Permission, User};

/// Which side a resolution keeps, as this site sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", rename = "ConflictTake")]
pub enum Take {
    Local,
    Remote,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
#[serde(rename = "ConflictSide")]
pub struct ConflictSide {
    /// The value, as JSON text (for an edit against a deletion: the edited fields).
    pub value: String,
    pub stamp: String,
    pub site: Option<String>,
    /// The peer's name (or this site's).
    pub site_name: Option<String>,
    pub user: Option<String>,
    pub user_name: Option<String>,
    pub at: Option<String>,
    /// This site's side.
    pub local: bool,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
#[serde(rename = "SyncConflict")]
pub struct Conflict {
    pub id: String,
    /// "field", "edit_delete" or "unique".
    pub kind: String,
    pub table: String,
    pub record_id: String,
    pub field: String,
    /// The earlier side and the later one (the provisional winner of a field conflict).
    pub a: ConflictSide,
    pub b: ConflictSide,
    pub other_record_id: Option<String>,
    pub detail: String,
    pub detected_at: String,
    /// "a" or "b" when resolved.
    pub resolved_take: Option<String>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<String>,
    /// A readable name of the record (its name, title, acronym…), when it has one.
    pub label: Option<String>,
}

const SQL: &str = "SELECT c.id, c.kind, c.tbl, c.row_id, c.field,
   c.a_value, c.a_stamp, c.a_site, coalesce(pa.name, sa.name), c.a_user, ua.full_name, c.a_at,
   c.b_value, c.b_stamp, c.b_site, coalesce(pb.name, sb.name), c.b_user, ub.full_name, c.b_at,
   c.local_side, c.other_row, c.detail, c.detected_at, r.take, r.updated_by, r.updated_at
 FROM sync_conflicts c
 LEFT JOIN sync_peers pa ON pa.id = c.a_site LEFT JOIN sync_site sa ON sa.id = c.a_site
 LEFT JOIN sync_peers pb ON pb.id = c.b_site LEFT JOIN sync_site sb ON sb.id = c.b_site
 LEFT JOIN users ua ON ua.id = c.a_user LEFT JOIN users ub ON ub.id = c.b_user
 LEFT JOIN conflict_resolutions r ON r.id = c.id";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Conflict> {
    let local: String = r.get(19)?;
    let side = |o: usize, is_local: bool| -> rusqlite::Result<ConflictSide> {
        Ok(ConflictSide {
            value: r
                .get::<_, Option<String>>(o)?
                .unwrap_or_else(|| "null".into()),
            stamp: r.get::<_, Option<String>>(o + 1)?.unwrap_or_default(),
            site: r.get(o + 2)?,
            site_name: r.get(o + 3)?,
            user: r.get(o + 4)?,
            user_name: r.get(o + 5)?,
            at: r.get(o + 6)?,
            local: is_local,
        })
    };
    Ok(Conflict {
        id: r.get(0)?,
        kind: r.get(1)?,
        table: r.get(2)?,
        record_id: r.get(3)?,
        field: r.get(4)?,
        a: side(5, local == "a")?,
        b: side(12, local == "b")?,
        other_record_id: r.get(20)?,
        detail: r.get(21)?,
        detected_at: r.get(22)?,
        resolved_take: r.get(23)?,
        resolved_by: r.get(24)?,
        resolved_at: r.get(25)?,
        label: None,
    })
}

/// The columns that name a record, by preference.
const LABEL_COLUMNS: [&str; 8] = [
    "name",
    "title",
    "full_name",
    "acronym",
    "subject",
    "code",
    "number",
    "summary",
];

/// A readable name of a synced record: the first of its naming columns that has a value.
pub fn record_label(conn: &Connection, table: &str, id: &str) -> Result<Option<String>> {
    let tables = super::capture::synced_tables(conn)?;
    let Some(t) = tables.iter().find(|t| t.name == table) else {
        return Ok(None);
    };
    for col in LABEL_COLUMNS {
        if !t.has(col) {
            continue;
        }
        let v: Option<Option<String>> = conn
            .query_row(
                &format!("SELECT CAST(\"{col}\" AS TEXT) FROM \"{table}\" WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(Some(v)) = v.filter(|v| v.as_deref().is_some_and(|s| !s.trim().is_empty())) {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

fn labelled(conn: &Connection, mut c: Conflict) -> Result<Conflict> {
    c.label = record_label(conn, &c.table, &c.record_id)?;
    Ok(c)
}

/// The conflicts recorded here, open ones first, newest first; resolved ones only if asked.
pub fn list_conflicts(conn: &Connection, include_resolved: bool) -> Result<Vec<Conflict>> {
    let mut st = conn.prepare(&format!(
        "{SQL} {} ORDER BY r.id IS NOT NULL, c.detected_at DESC, c.id",
        if include_resolved {
            ""
        } else {
            "WHERE r.id IS NULL"
        }
    ))?;
    let rows = st.query_map([], from_row)?;
    let list: Vec<Conflict> = rows.collect::<std::result::Result<_, _>>()?;
    list.into_iter().map(|c| labelled(conn, c)).collect()
}

pub fn get_conflict(conn: &Connection, id: &str) -> Result<Conflict> {
    let c = conn
        .query_row(&format!("{SQL} WHERE c.id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| AppError::not_found("conflict", id))?;
    labelled(conn, c)
}

/// Resolves a conflict by keeping this site's side or the other's. The chosen value becomes a
/// new change that syncs; the resolution syncs too.
pub fn resolve(store: &mut Store, actor: &User, id: &str, take: Take) -> Result<Conflict> {
    actor.require(Permission::ManageSettings)?;
    let c = get_conflict(store.conn(), id)?;
    if c.resolved_take.is_some() {
        return Err(AppError::new(
            ErrorCode::InvalidValue,
            format!("conflict {id} is already resolved"),
        ));
    }
    let local_is_a = c.a.local;
    let take_a = (take == Take::Local) == local_is_a;
    let chosen = if take_a { &c.a } else { &c.b };
    let value: Value = serde_json::from_str(&chosen.value).unwrap_or(Value::Null);
    let tables = super::capture::synced_tables(store.conn())?;
    let table = tables
        .iter()
        .find(|t| t.name == c.table)
        .ok_or_else(|| AppError::not_found("table", &c.table))?
        .clone();
    store.transaction(|tx| {
        let at = now();
        let mut set = serde_json::Map::new();
        match c.kind.as_str() {
            "field" => {
                set.insert(c.field.clone(), value.clone());
            }
            "edit_delete" => {
                // The deletion's side holds the time of deletion; the edit's side, the fields.
                if value.is_object() {
                    set.insert("deleted_at".into(), Value::Null);
                } else {
                    set.insert("deleted_at".into(), value.clone());
                }
            }
            _ => {} // unique: both records are kept; the resolution is a decision on record
        }
        if !set.is_empty() {
            if table.has("updated_at") {
                set.insert("updated_at".into(), Value::String(at.clone()));
            }
            if table.has("updated_by") {
                set.insert("updated_by".into(), Value::String(actor.id.clone()));
            }
            let cols: Vec<&String> = set.keys().collect();
            let sql = format!(
                "UPDATE \"{}\" SET {} WHERE id = ?{}",
                c.table,
                cols.iter()
                    .enumerate()
                    .map(|(i, k)| format!("\"{k}\" = ?{}", i + 1))
                    .collect::<Vec<_>>()
                    .join(", "),
                cols.len() + 1
            );
            let mut args: Vec<rusqlite::types::Value> =
                set.values().map(super::apply::json_to_sql).collect();
            args.push(rusqlite::types::Value::Text(c.record_id.clone()));
            // Written without the capture triggers, then logged whole: the chosen value itself
            // is the change (even where it equals what this site shows), so every site
            // converges on it.
            tx.execute(
                "INSERT INTO sync_applying (id, updated_at) VALUES ('resolving', ?1)",
                [&at],
            )?;
            tx.execute(&sql, rusqlite::params_from_iter(args.iter()))?;
            tx.execute("DELETE FROM sync_applying", [])?;
            super::apply::log_local_change(tx, &c.table, &c.record_id, &set, Some(&actor.id))?;
        }
        tx.execute(
            "INSERT INTO conflict_resolutions (id, take, value, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
            params![c.id, if take_a { "a" } else { "b" }, chosen.value, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "sync.conflict_resolve",
            "sync_conflict",
            Some(&c.id),
            &json!({ "table": c.table, "record_id": c.record_id, "field": c.field, "take": if take_a { "a" } else { "b" }, "value": value }),
        )?;
        Ok(())
    })?;
    get_conflict(store.conn(), id)
}
