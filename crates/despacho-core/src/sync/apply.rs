//! Applying a peer's changes, field by field.
//!
//! Every field keeps the value of its latest change by stamp (HLC, then site id): the same on
//! every site whatever the order in which changes arrive, so the stores converge. A change is
//! *concurrent* with the local winner of a field when its origin had not seen that winner
//! (its `prev` stamp for the field is not the winner's); a concurrent change to the same field
//! with another value is a conflict, recorded in `sync_conflicts` (the later stamp stays the
//! provisional winner). A tombstone concurrent with edits of the record, and two records that
//! collide on a UNIQUE rule, are recorded too.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::capture::{SyncedTable, META_COLUMNS};
use super::stamp;
use crate::error::{AppError, ErrorCode, Result};
use crate::store::now;

/// One change as it travels in a bundle.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Change {
    pub origin: String,
    pub oseq: i64,
    pub hlc: i64,
    pub tbl: String,
    pub row: String,
    pub op: String,
    pub data: Map<String, Value>,
    /// What the origin held of the row before this change: `{column: stamp}`.
    #[serde(default)]
    pub prev: BTreeMap<String, String>,
    pub at: String,
    pub user: Option<String>,
}

impl Change {
    pub fn stamp(&self) -> String {
        stamp(self.hlc, &self.origin)
    }
}

pub fn value_to_json(v: ValueRef) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(super::site::hex(b)),
    }
}

pub fn json_to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

/// The latest change of one field, as this store holds it.
#[derive(Debug, Clone)]
pub struct Winner {
    pub stamp: String,
    pub origin: String,
    pub user: Option<String>,
    pub at: String,
}

/// For each field of a row, its latest change (by stamp) among the log rows before `before`
/// (the local log position; all of them when `None`).
pub fn row_winners(
    conn: &Connection,
    tbl: &str,
    row: &str,
    before: Option<i64>,
) -> Result<HashMap<String, Winner>> {
    let mut st = conn.prepare_cached(
        "SELECT origin, hlc, data, updated_by, updated_at, cols FROM sync_log
         WHERE tbl = ?1 AND row_id = ?2 AND seq < ?3",
    )?;
    let mut q = st.query(params![tbl, row, before.unwrap_or(i64::MAX)])?;
    let mut out: HashMap<String, Winner> = HashMap::new();
    while let Some(r) = q.next()? {
        let origin: String = r.get(0)?;
        let s = stamp(r.get(1)?, &origin);
        let keys: Vec<String> = match r.get::<_, Option<String>>(5)? {
            Some(cols) => cols.split(',').map(str::to_string).collect(),
            None => {
                let data: String = r.get(2)?;
                let Ok(Value::Object(map)) = serde_json::from_str::<Value>(&data) else {
                    continue;
                };
                map.into_iter().map(|(k, _)| k).collect()
            }
        };
        for k in &keys {
            if out.get(k).is_none_or(|w| w.stamp < s) {
                out.insert(
                    k.to_string(),
                    Winner {
                        stamp: s.clone(),
                        origin: origin.clone(),
                        user: r.get(3)?,
                        at: r.get(4)?,
                    },
                );
            }
        }
    }
    Ok(out)
}

/// Logs a change made here outside the capture triggers (a rename on a UNIQUE rule, a
/// conflict's resolution), exactly as the triggers would.
pub(crate) fn log_local_change(
    tx: &Connection,
    tbl: &str,
    row: &str,
    data: &Map<String, Value>,
    user: Option<&str>,
) -> Result<()> {
    tx.execute_batch(
        "UPDATE sync_clock SET hlc = max(hlc + 1, CAST(unixepoch('subsec') * 1000 AS INTEGER) << 16), next_oseq = next_oseq + 1, next_seq = next_seq + 1;",
    )?;
    tx.execute(
        "INSERT INTO sync_log (id, seq, origin, oseq, hlc, tbl, row_id, op, data, prev, updated_at, updated_by)
         SELECT site || ':' || printf('%012d', next_oseq - 1), next_seq - 1, site, next_oseq - 1, hlc, ?1, ?2, 'U', ?3, NULL,
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?4 FROM sync_clock",
        params![tbl, row, Value::Object(data.clone()).to_string(), user],
    )?;
    Ok(())
}

/// One side of a conflict.
pub(crate) struct Side {
    pub value: Value,
    pub stamp: String,
    pub site: String,
    pub user: Option<String>,
    pub at: String,
}

fn conflict_id(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update(b"\x1f");
    }
    super::site::hex(&h.finalize()[..16])
}

#[allow(clippy::too_many_arguments)]
fn record_conflict(
    tx: &Transaction,
    id: &str,
    kind: &str,
    tbl: &str,
    row: &str,
    field: &str,
    local: Side,
    remote: Side,
    other_row: Option<&str>,
    detail: &str,
) -> Result<()> {
    let local_is_a = local.stamp <= remote.stamp;
    let (a, b) = if local_is_a {
        (local, remote)
    } else {
        (remote, local)
    };
    let at = now();
    tx.execute(
        "INSERT INTO sync_conflicts (id, kind, tbl, row_id, field,
           a_value, a_stamp, a_site, a_user, a_at, b_value, b_stamp, b_site, b_user, b_at,
           local_side, other_row, detail, detected_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19)
         ON CONFLICT (id) DO NOTHING",
        params![
            id, kind, tbl, row, field,
            a.value.to_string(), a.stamp, a.site, a.user, a.at,
            b.value.to_string(), b.stamp, b.site, b.user, b.at,
            if local_is_a { "a" } else { "b" }, other_row, detail, at
        ],
    )?;
    Ok(())
}

/// What applying a bundle did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Applied {
    pub applied: u32,
    pub skipped: u32,
    pub conflicts: u32,
}

pub(crate) struct Applier<'t, 'c> {
    tx: &'t Transaction<'c>,
    me: String,
    tables: HashMap<String, std::rc::Rc<SyncedTable>>,
    vector: BTreeMap<String, i64>,
    /// The clock as the applier moves it (written back by [`Self::flush_clock`]): one UPDATE
    /// per bundle instead of one per change.
    next_seq: i64,
    hlc: i64,
    unique: HashMap<String, Vec<UniqueIndex>>,
    /// A rename of the incoming record (it yielded on a UNIQUE rule), logged after it.
    pending_rename: Option<(String, String, String, Value)>,
    pub stats: Applied,
}

#[derive(Debug, Clone)]
struct UniqueIndex {
    name: String,
    /// (column, collation, declared type)
    cols: Vec<(String, String, String)>,
    partial: Option<String>,
}

fn unique_indexes(conn: &Connection, table: &str) -> Result<Vec<UniqueIndex>> {
    let types: HashMap<String, String> = {
        let mut st = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let list: Vec<(String, bool, String)> = {
        let mut st = conn.prepare(&format!("PRAGMA index_list(\"{table}\")"))?;
        let rows = st.query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let mut out = Vec::new();
    for (name, unique, origin) in list {
        if !unique || origin == "pk" {
            continue;
        }
        let mut cols = Vec::new();
        let mut st = conn.prepare(&format!("PRAGMA index_xinfo(\"{name}\")"))?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let key: bool = r.get(5)?;
            let col: Option<String> = r.get(2)?;
            if let (true, Some(c)) = (key, col) {
                let coll: String = r.get(4)?;
                let ty = types.get(&c).cloned().unwrap_or_default();
                cols.push((c, coll, ty));
            }
        }
        let sql: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [&name],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let partial = sql.and_then(|s| {
            let upper = s.to_ascii_uppercase();
            upper.rfind(" WHERE ").map(|i| s[i + 7..].to_string())
        });
        out.push(UniqueIndex {
            name,
            cols,
            partial,
        });
    }
    Ok(out)
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == 2067 || f.extended_code == 1555)
}

impl<'t, 'c> Applier<'t, 'c> {
    pub fn new(tx: &'t Transaction<'c>) -> Result<Self> {
        let me = super::site::site(tx)?.id;
        let tables = super::capture::synced_tables(tx)?
            .into_iter()
            .map(|t| (t.name.clone(), std::rc::Rc::new(t)))
            .collect();
        let (hlc, next_seq) = tx.query_row("SELECT hlc, next_seq FROM sync_clock", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(Applier {
            tx,
            me,
            tables,
            vector: super::my_vector(tx)?,
            next_seq,
            hlc,
            unique: HashMap::new(),
            pending_rename: None,
            stats: Applied::default(),
        })
    }

    fn quiet(&self, on: bool) -> Result<()> {
        if on {
            self.tx.execute(
                "INSERT INTO sync_applying (id, updated_at) VALUES ('applying', ?1) ON CONFLICT (id) DO NOTHING",
                [now()],
            )?;
        } else {
            self.tx.execute("DELETE FROM sync_applying", [])?;
        }
        Ok(())
    }

    pub fn begin(&self) -> Result<()> {
        // A bundle touches many tables: keep their statements prepared (SQLite compiles the
        // tables' triggers into each one).
        self.tx.set_prepared_statement_cache_capacity(256);
        self.tx.pragma_update(None, "defer_foreign_keys", true)?;
        self.quiet(true)
    }

    /// Writes the clock the applier moved (before anything else uses `sync_clock`).
    fn flush_clock(&self) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE sync_clock SET hlc = max(hlc, ?1), next_seq = max(next_seq, ?2)",
            )?
            .execute(params![self.hlc, self.next_seq])?;
        Ok(())
    }

    /// Reads the clock again after something else moved it (a change logged here).
    fn reload_clock(&mut self) -> Result<()> {
        (self.hlc, self.next_seq) =
            self.tx
                .query_row("SELECT hlc, next_seq FROM sync_clock", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        Ok(())
    }

    /// Ends the application: accounts for users of other sites, writes the vector and the
    /// clock, and lets the capture triggers work again.
    pub fn finish(self) -> Result<Applied> {
        self.flush_clock()?;
        self.placeholder_users()?;
        let at = now();
        for (origin, oseq) in &self.vector {
            if *origin == self.me {
                continue;
            }
            self.tx.execute(
                "INSERT INTO sync_vector (id, oseq, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET oseq = max(oseq, excluded.oseq), updated_at = excluded.updated_at",
                params![origin, oseq, at],
            )?;
        }
        self.quiet(false)?;
        Ok(self.stats)
    }

    /// Records referring to accounts of another site (accounts never sync): a disabled local
    /// placeholder account with that id keeps the reference valid.
    fn placeholder_users(&self) -> Result<()> {
        let violations: Vec<(String, i64, String, i64)> = {
            let mut st = self.tx.prepare("PRAGMA foreign_key_check")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        for (table, rowid, parent, fkid) in violations {
            if parent != "users" {
                continue;
            }
            let from: Option<String> = {
                let mut st = self
                    .tx
                    .prepare(&format!("PRAGMA foreign_key_list(\"{table}\")"))?;
                let rows =
                    st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(3)?)))?;
                let all: Vec<(i64, String)> = rows.collect::<std::result::Result<_, _>>()?;
                all.into_iter().find(|(id, _)| *id == fkid).map(|(_, c)| c)
            };
            let Some(from) = from else { continue };
            let user: Option<String> = self.tx.query_row(
                &format!("SELECT \"{from}\" FROM \"{table}\" WHERE rowid = ?1"),
                [rowid],
                |r| r.get(0),
            )?;
            if let Some(u) = user {
                let at = now();
                self.tx.execute(
                    "INSERT INTO users (id, username, full_name, role, is_admin, password_hash, active, created_at, updated_at)
                     VALUES (?1, 'remote-' || ?1, 'User of another site', 'staff', 0, '!', 0, ?2, ?2)
                     ON CONFLICT DO NOTHING",
                    params![u, at],
                )?;
            }
        }
        Ok(())
    }

    /// Appends the change to the local log (for relaying) and moves the clock past it.
    fn log(&mut self, c: &Change) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO sync_log (id, seq, origin, oseq, hlc, tbl, row_id, op, data, prev, updated_at, updated_by)
                 VALUES (?1 || ':' || printf('%012d', ?2), ?11, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                c.origin,
                c.oseq,
                c.hlc,
                c.tbl,
                c.row,
                c.op,
                serde_json::to_string(&c.data).unwrap_or_default(),
                serde_json::to_string(&c.prev).unwrap_or_default(),
                c.at,
                c.user,
                self.next_seq
            ])?;
        self.next_seq += 1;
        self.hlc = self.hlc.max(c.hlc);
        Ok(())
    }

    /// Applies one change (skipped if this store already holds it).
    pub fn apply(&mut self, c: &Change) -> Result<()> {
        if c.origin == self.me {
            self.stats.skipped += 1;
            return Ok(());
        }
        let have = self.vector.get(&c.origin).copied().unwrap_or(0);
        if c.oseq <= have {
            self.stats.skipped += 1;
            return Ok(());
        }
        if c.oseq != have + 1 {
            return Err(AppError::new(
                ErrorCode::ImportInvalid,
                format!(
                    "the bundle skips changes of site {}: it holds #{} but this store has only up to #{have}",
                    c.origin, c.oseq
                ),
            ));
        }
        let Some(table) = self.tables.get(&c.tbl).cloned() else {
            return Err(AppError::new(
                ErrorCode::ImportInvalid,
                format!("the bundle changes table {}, which this Despacho does not have (update Despacho)", c.tbl),
            ));
        };
        if let Some(col) = c.data.keys().find(|k| !table.has(k)) {
            return Err(AppError::new(
                ErrorCode::ImportInvalid,
                format!("the bundle changes {}.{col}, which this Despacho does not have (update Despacho)", c.tbl),
            ));
        }
        let winners = row_winners(self.tx, &c.tbl, &c.row, None)?;
        let current = self.current_row(&table, &c.row)?;
        match (c.op.as_str(), current) {
            ("D", Some(_)) => {
                self.tx.execute(
                    &format!("DELETE FROM \"{}\" WHERE id = ?1", c.tbl),
                    [&c.row],
                )?;
            }
            ("D", None) => {}
            (_, None) if c.op == "I" => {
                if c.tbl == "audit_log" {
                    self.insert_audit(c)?;
                } else {
                    self.write_row(&table, &c.row, c.data.clone(), true, c)?;
                }
            }
            (_, None) => {} // an edit of a record this store does not have (nothing to change)
            (_, Some(row)) => self.merge(&table, c, &row, &winners)?,
        }
        self.log(c)?;
        if let Some((tbl, row, col, value)) = self.pending_rename.take() {
            let mut data = Map::new();
            data.insert(col, value);
            self.flush_clock()?;
            log_local_change(self.tx, &tbl, &row, &data, None)?;
            self.reload_clock()?;
        }
        self.vector.insert(c.origin.clone(), c.oseq);
        self.stats.applied += 1;
        Ok(())
    }

    fn insert_audit(&self, c: &Change) -> Result<()> {
        let s = |k: &str| c.data.get(k).and_then(Value::as_str).map(str::to_string);
        crate::audit::append_foreign(
            self.tx,
            &c.row,
            &s("at").unwrap_or_default(),
            s("user_id").as_deref(),
            &s("operation").unwrap_or_default(),
            &s("entity").unwrap_or_default(),
            s("entity_id").as_deref(),
            &s("summary").unwrap_or_default(),
        )
    }

    fn current_row(&self, t: &SyncedTable, id: &str) -> Result<Option<Map<String, Value>>> {
        let list = t
            .columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let mut st = self
            .tx
            .prepare_cached(&format!("SELECT {list} FROM \"{}\" WHERE id = ?1", t.name))?;
        Ok(st
            .query_row([id], |r| {
                let mut m = Map::new();
                for (i, c) in t.columns.iter().enumerate() {
                    m.insert(c.clone(), value_to_json(r.get_ref(i)?));
                }
                Ok(m)
            })
            .optional()?)
    }

    /// Field-by-field merge of a change into an existing row.
    fn merge(
        &mut self,
        t: &SyncedTable,
        c: &Change,
        row: &Map<String, Value>,
        winners: &HashMap<String, Winner>,
    ) -> Result<()> {
        let cs = c.stamp();
        let mut set = Map::new();
        for (col, val) in &c.data {
            if col == "id" {
                continue;
            }
            let local = row.get(col).cloned().unwrap_or(Value::Null);
            let w = winners.get(col);
            let wins = w.is_none_or(|w| w.stamp < cs);
            if wins && local != *val {
                set.insert(col.clone(), val.clone());
            }
            if let Some(w) = w {
                let concurrent = c.prev.get(col) != Some(&w.stamp) && w.origin != c.origin;
                if concurrent && local != *val && !META_COLUMNS.contains(&col.as_str()) {
                    let id = conflict_id(&[
                        "field",
                        &c.tbl,
                        &c.row,
                        col,
                        &w.stamp.clone().min(cs.clone()),
                        &w.stamp.clone().max(cs.clone()),
                    ]);
                    record_conflict(
                        self.tx,
                        &id,
                        "field",
                        &c.tbl,
                        &c.row,
                        col,
                        Side {
                            value: local,
                            stamp: w.stamp.clone(),
                            site: w.origin.clone(),
                            user: w.user.clone(),
                            at: w.at.clone(),
                        },
                        Side {
                            value: val.clone(),
                            stamp: cs.clone(),
                            site: c.origin.clone(),
                            user: c.user.clone(),
                            at: c.at.clone(),
                        },
                        None,
                        "",
                    )?;
                    self.stats.conflicts += 1;
                }
            }
        }
        self.edit_delete(t, c, row, winners)?;
        if !set.is_empty() {
            self.write_row(t, &c.row, set, false, c)?;
        }
        Ok(())
    }

    /// A tombstone concurrent with edits of the same record (either way round): one conflict
    /// per tombstone, whose id every site computes alike.
    fn edit_delete(
        &mut self,
        t: &SyncedTable,
        c: &Change,
        row: &Map<String, Value>,
        winners: &HashMap<String, Winner>,
    ) -> Result<()> {
        if !t.has("deleted_at") {
            return Ok(());
        }
        let edited = |k: &str| k != "deleted_at" && k != "id" && !META_COLUMNS.contains(&k);
        let cs = c.stamp();
        let incoming_tombstone = c.data.get("deleted_at").is_some_and(|v| !v.is_null());
        if incoming_tombstone {
            // Local edits the deleting site had not seen.
            let unseen: Vec<(&String, &Winner)> = winners
                .iter()
                .filter(|(k, w)| {
                    edited(k) && w.origin != c.origin && c.prev.get(*k).is_none_or(|p| *p < w.stamp)
                })
                .collect();
            if let Some((_, latest)) = unseen.iter().max_by(|a, b| a.1.stamp.cmp(&b.1.stamp)) {
                let fields: Map<String, Value> = unseen
                    .iter()
                    .map(|(k, _)| ((*k).clone(), row.get(*k).cloned().unwrap_or(Value::Null)))
                    .collect();
                let id = conflict_id(&["edit_delete", &c.tbl, &c.row, &cs]);
                record_conflict(
                    self.tx,
                    &id,
                    "edit_delete",
                    &c.tbl,
                    &c.row,
                    "deleted_at",
                    Side {
                        value: Value::Object(fields),
                        stamp: latest.stamp.clone(),
                        site: latest.origin.clone(),
                        user: latest.user.clone(),
                        at: latest.at.clone(),
                    },
                    Side {
                        value: c.data["deleted_at"].clone(),
                        stamp: cs.clone(),
                        site: c.origin.clone(),
                        user: c.user.clone(),
                        at: c.at.clone(),
                    },
                    None,
                    "deleted on one site, edited on another",
                )?;
                self.stats.conflicts += 1;
            }
        } else if c.data.keys().any(|k| edited(k)) {
            let deleted = row.get("deleted_at").is_some_and(|v| !v.is_null());
            if let (true, Some(t_w)) = (deleted, winners.get("deleted_at")) {
                if t_w.origin != c.origin
                    && c.prev.get("deleted_at") != Some(&t_w.stamp)
                    && t_w.stamp > c.prev.get("deleted_at").cloned().unwrap_or_default()
                {
                    let fields: Map<String, Value> = c
                        .data
                        .iter()
                        .filter(|(k, _)| edited(k))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    let id = conflict_id(&["edit_delete", &c.tbl, &c.row, &t_w.stamp]);
                    record_conflict(
                        self.tx,
                        &id,
                        "edit_delete",
                        &c.tbl,
                        &c.row,
                        "deleted_at",
                        Side {
                            value: row["deleted_at"].clone(),
                            stamp: t_w.stamp.clone(),
                            site: t_w.origin.clone(),
                            user: t_w.user.clone(),
                            at: t_w.at.clone(),
                        },
                        Side {
                            value: Value::Object(fields),
                            stamp: cs,
                            site: c.origin.clone(),
                            user: c.user.clone(),
                            at: c.at.clone(),
                        },
                        None,
                        "deleted on one site, edited on another",
                    )?;
                    self.stats.conflicts += 1;
                }
            }
        }
        Ok(())
    }

    /// Writes a row (insert or update of `values`); a UNIQUE collision with another record is
    /// resolved deterministically ([`Self::unique_collision`]) and retried.
    fn write_row(
        &mut self,
        t: &SyncedTable,
        id: &str,
        mut values: Map<String, Value>,
        insert: bool,
        c: &Change,
    ) -> Result<()> {
        for _attempt in 0..5 {
            let (sql, args): (String, Vec<SqlValue>) = if insert {
                let cols: Vec<&String> = values.keys().collect();
                (
                    format!(
                        "INSERT INTO \"{}\" ({}) VALUES ({})",
                        t.name,
                        cols.iter()
                            .map(|c| format!("\"{c}\""))
                            .collect::<Vec<_>>()
                            .join(", "),
                        (1..=cols.len())
                            .map(|i| format!("?{i}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    values.values().map(json_to_sql).collect(),
                )
            } else {
                let cols: Vec<&String> = values.keys().collect();
                let mut args: Vec<SqlValue> = values.values().map(json_to_sql).collect();
                args.push(SqlValue::Text(id.to_string()));
                (
                    format!(
                        "UPDATE \"{}\" SET {} WHERE id = ?{}",
                        t.name,
                        cols.iter()
                            .enumerate()
                            .map(|(i, c)| format!("\"{c}\" = ?{}", i + 1))
                            .collect::<Vec<_>>()
                            .join(", "),
                        cols.len() + 1
                    ),
                    args,
                )
            };
            match self
                .tx
                .prepare_cached(&sql)
                .and_then(|mut st| st.execute(rusqlite::params_from_iter(args.iter())))
            {
                Ok(_) => return Ok(()),
                Err(e) if is_unique_violation(&e) => {
                    if !self.unique_collision(t, id, &mut values, insert, c)? {
                        break;
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
        // Could not be placed beside the other record: kept out, and shown.
        let id_c = conflict_id(&["unique", &t.name, id, &c.stamp()]);
        record_conflict(
            self.tx,
            &id_c,
            "unique",
            &t.name,
            id,
            "*",
            Side {
                value: Value::Null,
                stamp: String::new(),
                site: self.me.clone(),
                user: None,
                at: now(),
            },
            Side {
                value: Value::Object(values),
                stamp: c.stamp(),
                site: c.origin.clone(),
                user: c.user.clone(),
                at: c.at.clone(),
            },
            None,
            "the incoming change collides on a uniqueness rule and was not applied",
        )?;
        self.stats.conflicts += 1;
        Ok(())
    }

    /// Two records collide on a UNIQUE rule: both are kept. The record with the greater id (the
    /// later-created, ids being UUIDv7) yields: its last text column in the rule gets the visible
    /// suffix `~<last 6 of its id>` (a number column takes the next free number). When the
    /// yielding record is the local one, the rename is a local change that syncs. Returns false
    /// when no collision could be identified.
    fn unique_collision(
        &mut self,
        t: &SyncedTable,
        id: &str,
        values: &mut Map<String, Value>,
        insert: bool,
        c: &Change,
    ) -> Result<bool> {
        if !self.unique.contains_key(&t.name) {
            let u = unique_indexes(self.tx, &t.name)?;
            self.unique.insert(t.name.clone(), u);
        }
        let indexes = self.unique[&t.name].clone();
        // The row as it would be.
        let mut full = if insert {
            Map::new()
        } else {
            self.current_row(t, id)?.unwrap_or_default()
        };
        for (k, v) in values.iter() {
            full.insert(k.clone(), v.clone());
        }
        for ix in indexes {
            let vals: Vec<Value> = ix
                .cols
                .iter()
                .map(|(c, _, _)| full.get(c).cloned().unwrap_or(Value::Null))
                .collect();
            if vals.iter().any(Value::is_null) {
                continue;
            }
            let cond = ix
                .cols
                .iter()
                .enumerate()
                .map(|(i, (c, coll, _))| format!("\"{c}\" = ?{} COLLATE {coll}", i + 2))
                .collect::<Vec<_>>()
                .join(" AND ");
            let partial = ix
                .partial
                .as_deref()
                .map(|p| format!(" AND ({p})"))
                .unwrap_or_default();
            let mut args: Vec<SqlValue> = vec![SqlValue::Text(id.to_string())];
            args.extend(vals.iter().map(json_to_sql));
            let other: Option<String> = self
                .tx
                .query_row(
                    &format!(
                        "SELECT id FROM \"{}\" WHERE id <> ?1 AND {cond}{partial} LIMIT 1",
                        t.name
                    ),
                    rusqlite::params_from_iter(args.iter()),
                    |r| r.get(0),
                )
                .optional()?;
            let Some(other) = other else { continue };
            // The column that yields.
            let pick = ix
                .cols
                .iter()
                .rev()
                .find(|(c, _, ty)| ty.eq_ignore_ascii_case("TEXT") && !c.ends_with("_id"))
                .or_else(|| {
                    ix.cols
                        .iter()
                        .rev()
                        .find(|(_, _, ty)| ty.to_ascii_uppercase().contains("INT"))
                });
            let Some((col, _, ty)) = pick.cloned() else {
                return Ok(false);
            };
            let loser = if id > other.as_str() {
                id.to_string()
            } else {
                other.clone()
            };
            let tail = &loser[loser.len().saturating_sub(6)..];
            let loser_value = if loser == id {
                full.get(&col).cloned().unwrap_or(Value::Null)
            } else {
                self.current_row(t, &other)?
                    .and_then(|r| r.get(&col).cloned())
                    .unwrap_or(Value::Null)
            };
            let new_value = if ty.eq_ignore_ascii_case("TEXT") {
                let base = loser_value.as_str().unwrap_or_default();
                Value::String(format!("{base}~{tail}"))
            } else {
                let max: i64 = self.tx.query_row(
                    &format!("SELECT coalesce(max(\"{col}\"), 0) FROM \"{}\"", t.name),
                    [],
                    |r| r.get(0),
                )?;
                Value::from(max + 1)
            };
            // The rename is a local change (it syncs, so every site agrees on it).
            self.flush_clock()?;
            self.quiet(false)?;
            if loser == id {
                values.insert(col.clone(), new_value.clone());
            } else {
                self.tx.execute(
                    &format!("UPDATE \"{}\" SET \"{col}\" = ?1 WHERE id = ?2", t.name),
                    params![json_to_sql(&new_value), other],
                )?;
            }
            self.quiet(true)?;
            self.reload_clock()?;
            let pair = if id < other.as_str() {
                [id, other.as_str()]
            } else {
                [other.as_str(), id]
            };
            let cid = conflict_id(&["unique", &t.name, &ix.name, pair[0], pair[1]]);
            let local_w = row_winners(self.tx, &t.name, &other, None)?
                .get(&col)
                .cloned();
            record_conflict(
                self.tx,
                &cid,
                "unique",
                &t.name,
                &loser,
                &col,
                Side {
                    value: Value::String(format!(
                        "{} {} {}",
                        other,
                        col,
                        if loser == other {
                            &new_value
                        } else {
                            &loser_value
                        }
                    )),
                    stamp: local_w
                        .as_ref()
                        .map(|w| w.stamp.clone())
                        .unwrap_or_default(),
                    site: local_w
                        .as_ref()
                        .map(|w| w.origin.clone())
                        .unwrap_or_else(|| self.me.clone()),
                    user: local_w.as_ref().and_then(|w| w.user.clone()),
                    at: local_w.as_ref().map(|w| w.at.clone()).unwrap_or_default(),
                },
                Side {
                    value: Value::String(format!(
                        "{} {} {}",
                        id,
                        col,
                        if loser == id {
                            &new_value
                        } else {
                            &loser_value
                        }
                    )),
                    stamp: c.stamp(),
                    site: c.origin.clone(),
                    user: c.user.clone(),
                    at: c.at.clone(),
                },
                Some(&other),
                &format!(
                    "two records share {} ({}); the later one was renamed",
                    ix.name,
                    ix.cols
                        .iter()
                        .map(|c| c.0.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )?;
            self.stats.conflicts += 1;
            if loser == id {
                self.pending_rename = Some((t.name.clone(), id.to_string(), col, new_value));
            }
            return Ok(true);
        }
        Ok(false)
    }
}
