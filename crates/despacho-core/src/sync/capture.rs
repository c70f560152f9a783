//! Change capture: which tables sync, and the triggers that log every change to them.
//!
//! The synced tables are discovered from `sqlite_master` at every open: every ordinary table
//! with an `id` column except the local-only ones ([`is_local_table`]). For each, three
//! triggers (`sync_i_<t>`, `sync_u_<t>`, `sync_d_<t>`) append a row to `sync_log` with the
//! changed columns' new values, a hybrid-logical-clock stamp and this site as origin. They stay
//! quiet while a bundle is applied (a row in `sync_applying`). The triggers are regenerated when
//! a table's columns change (their SQL is compared with `sqlite_master`).

use rusqlite::{Connection, Transaction};

use crate::error::Result;

/// Tables that never sync: accounts and sign-in state, machine settings, the search index and
/// the sums kept per year (budget actuals, account totals: kept by triggers on the synced tables), the sync bookkeeping itself, and SQLite's own tables.
pub fn is_local_table(name: &str) -> bool {
    matches!(
        name,
        "users"
            | "sign_in_throttle"
            | "settings"
            | "search_docs"
            | "budget_actuals"
            | "account_years"
    ) || name.starts_with("search_index")
        || name.starts_with("sync_")
        || name.starts_with("sqlite_")
}

/// Columns that are this store's own and never travel (nor count in the digest): the audit
/// log's place in the local hash chain (ADR 0005/0007).
pub fn local_columns(table: &str) -> &'static [&'static str] {
    match table {
        "audit_log" => &["seq", "prev_hash", "hash"],
        _ => &[],
    }
}

/// Bookkeeping columns: merged last-writer-wins like the others, but a concurrent change of them
/// alone is never a conflict (every edit changes them).
pub const META_COLUMNS: [&str; 3] = ["updated_at", "updated_by", "created_at"];

/// A synced table and its synced columns (in table order, `id` first among them).
#[derive(Debug, Clone)]
pub struct SyncedTable {
    pub name: String,
    pub columns: Vec<String>,
}

impl SyncedTable {
    pub fn has(&self, col: &str) -> bool {
        self.columns.iter().any(|c| c == col)
    }
}

/// The synced tables, sorted by name.
pub fn synced_tables(conn: &Connection) -> Result<Vec<SyncedTable>> {
    let names: Vec<String> = {
        let mut st = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
               AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
        )?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let mut out = Vec::new();
    for name in names.into_iter().filter(|n| !is_local_table(n)) {
        let cols: Vec<String> = {
            let mut st = conn.prepare(&format!("PRAGMA table_info(\"{name}\")"))?;
            let rows = st.query_map([], |r| r.get::<_, String>(1))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        if !cols.iter().any(|c| c == "id") {
            continue; // not a record table (the conventions test keeps this from happening)
        }
        let local = local_columns(&name);
        let columns = cols
            .into_iter()
            .filter(|c| !local.contains(&c.as_str()))
            .collect();
        out.push(SyncedTable { name, columns });
    }
    Ok(out)
}

/// The SQL that bumps the clock; `(SELECT …)` reads of `sync_clock` after it see the new values.
const BUMP: &str = "UPDATE sync_clock SET hlc = max(hlc + 1, CAST(unixepoch('subsec') * 1000 AS INTEGER) << 16), next_oseq = next_oseq + 1, next_seq = next_seq + 1;";

/// The log row of a change; `{cols}` (the changed columns of an update, comma-separated) is
/// filled in by the caller, NULL (every column) otherwise. An update logs the whole new row
/// and the names of the columns that changed: cheaper to compile into every statement than
/// picking the changed values in SQL; the export keeps only the changed ones.
fn log_insert(table: &str, row: &str, op: &str, data: &str, user: &str) -> String {
    format!(
        "INSERT INTO sync_log (id, seq, origin, oseq, hlc, tbl, row_id, op, data, cols, prev, updated_at, updated_by)
  SELECT site || ':' || printf('%012d', next_oseq - 1), next_seq - 1, site, next_oseq - 1, hlc, '{table}', {row}, '{op}', {data}, {{cols}}, NULL,
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), {user} FROM sync_clock;"
    )
}

/// The three capture triggers of a table: (name, SQL).
pub fn triggers(t: &SyncedTable) -> Vec<(String, String)> {
    let name = &t.name;
    let user = |rec: &str| {
        if t.has("updated_by") {
            format!("{rec}.updated_by")
        } else if t.has("user_id") {
            format!("{rec}.user_id")
        } else {
            "NULL".into()
        }
    };
    let all = t
        .columns
        .iter()
        .map(|c| format!("'{c}', NEW.\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let changed_any = t
        .columns
        .iter()
        .map(|c| format!("OLD.\"{c}\" IS NOT NEW.\"{c}\""))
        .collect::<Vec<_>>()
        .join(" OR ");
    let changed = t
        .columns
        .iter()
        .map(|c| format!("CASE WHEN OLD.\"{c}\" IS NOT NEW.\"{c}\" THEN '{c}' END"))
        .collect::<Vec<_>>()
        .join(", ");
    let quiet = "NOT EXISTS (SELECT 1 FROM sync_applying)";
    vec![
        (
            format!("sync_i_{name}"),
            format!(
                "CREATE TRIGGER \"sync_i_{name}\" AFTER INSERT ON \"{name}\" WHEN {quiet}\nBEGIN\n  {BUMP}\n  {}\nEND",
                log_insert(name, "NEW.id", "I", &format!("json_object({all})"), &user("NEW"))
                    .replace("{cols}", "NULL")
            ),
        ),
        (
            format!("sync_u_{name}"),
            format!(
                "CREATE TRIGGER \"sync_u_{name}\" AFTER UPDATE ON \"{name}\" WHEN {quiet} AND ({changed_any})\nBEGIN\n  {BUMP}\n  {}\nEND",
                log_insert(name, "NEW.id", "U", &format!("json_object({all})"), &user("NEW"))
                    .replace("{cols}", &format!("concat_ws(',', {changed})"))
            ),
        ),
        (
            format!("sync_d_{name}"),
            format!(
                "CREATE TRIGGER \"sync_d_{name}\" AFTER DELETE ON \"{name}\" WHEN {quiet}\nBEGIN\n  {BUMP}\n  {}\nEND",
                log_insert(name, "OLD.id", "D", "'{}'", &user("OLD")).replace("{cols}", "NULL")
            ),
        ),
    ]
}

/// Creates the site and the clock on first use, and (re)creates the capture triggers that are
/// missing or out of date; drops those of tables that no longer exist or sync.
pub fn install(tx: &Transaction) -> Result<()> {
    super::site::ensure_site(tx)?;
    let tables = synced_tables(tx)?;
    let existing: Vec<(String, String)> = {
        let mut st = tx.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let mut wanted = Vec::new();
    for t in &tables {
        for (name, sql) in triggers(t) {
            match existing.iter().find(|(n, _)| *n == name) {
                Some((_, s)) if *s == sql => {}
                Some(_) => {
                    tx.execute_batch(&format!("DROP TRIGGER \"{name}\";\n{sql};"))?;
                }
                None => tx.execute_batch(&format!("{sql};"))?,
            }
            wanted.push(name);
        }
    }
    for (name, _) in existing {
        if !wanted.contains(&name) {
            tx.execute_batch(&format!("DROP TRIGGER \"{name}\";"))?;
        }
    }
    Ok(())
}
