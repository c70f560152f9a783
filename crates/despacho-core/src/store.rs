//! The local SQLite store: where it lives, how it is opened (pragmas), and its migrations.
//!
//! One `Store` owns the single writer connection. Every write goes through
//! [`Store::transaction`], so an operation and its audit row commit together or not at all.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction};

use crate::error::{AppError, ErrorCode, Result};

/// Forward-only migrations, applied in order through `PRAGMA user_version`.
/// A shipped migration is never edited: add a new file instead.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_users_audit.sql"),
    include_str!("../migrations/0002_members_bodies.sql"),
    include_str!("../migrations/0003_sessions.sql"),
    include_str!("../migrations/0004_standard_bodies.sql"),
    include_str!("../migrations/0005_finance.sql"),
    include_str!("../migrations/0006_audit_chain_accounts.sql"),
    include_str!("../migrations/0007_cooperation.sql"),
    include_str!("../migrations/0008_search.sql"),
    include_str!("../migrations/0009_regulations.sql"),
    include_str!("../migrations/0010_elections.sql"),
    include_str!("../migrations/0011_compliance.sql"),
    include_str!("../migrations/0012_search_rules.sql"),
    include_str!("../migrations/0013_sync.sql"),
    include_str!("../migrations/0014_desk_indexes.sql"),
    include_str!("../migrations/0015_budget_actuals.sql"),
    include_str!("../migrations/0016_ledger_window.sql"),
    include_str!("../migrations/0017_account_years.sql"),
];

/// The schema version whose migration adds the audit chain: the rows written before it are
/// sealed by Rust in that migration's transaction ([`crate::audit::seal_legacy`]).
const AUDIT_CHAIN_VERSION: i64 = 6;

/// The schema version a store has after all migrations.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Environment variable that overrides the default store path (tests, administrators).
pub const DB_ENV: &str = "DESPACHO_DB";

/// The default store: `despacho/despacho.db` in the user's data folder
/// (`~/.local/share` on Linux, `%APPDATA%` on Windows, `~/Library/Application Support` on macOS),
/// unless `DESPACHO_DB` names another file.
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("despacho")
        .join("despacho.db")
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The SQLCipher data key, for an encrypted store (ADR 0008).
    key: Option<crate::crypt::DataKey>,
}

impl Store {
    /// Opens (creating if needed) an **unencrypted** store at `path` and brings its schema up
    /// to date: for tests, benchmarks and tools. The app and the CLI open their store through
    /// [`Store::open_with_key`] (see [`crate::crypt`]).
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_inner(path, None)
    }

    /// Opens (creating if needed) the store at `path` encrypted with `key` (SQLCipher), and
    /// brings its schema up to date. `wrong_passphrase` when the key does not open the file.
    pub fn open_with_key(path: &Path, key: &crate::crypt::DataKey) -> Result<Store> {
        Self::open_inner(path, Some(key))
    }

    fn open_inner(path: &Path, key: Option<&crate::crypt::DataKey>) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                AppError::new(
                    ErrorCode::Storage,
                    format!("cannot create folder {}: {e}", dir.display()),
                )
            })?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        if let Some(key) = key {
            crate::crypt::apply_key(&conn, key)?;
            crate::crypt::check_readable(&conn)?;
        } else {
            crate::crypt::check_readable(&conn).map_err(|e| {
                if e.code == ErrorCode::WrongPassphrase {
                    AppError::new(
                        ErrorCode::Locked,
                        "the store is encrypted: unlock it with its passphrase",
                    )
                } else {
                    e
                }
            })?;
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            key: key.cloned(),
        };
        store.prepare()?;
        store.migrate()?;
        Ok(store)
    }

    /// A store in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: PathBuf::from(":memory:"),
            key: None,
        };
        store.prepare()?;
        store.migrate()?;
        Ok(store)
    }

    fn prepare(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "busy_timeout", 5000)?;
        // Bound the page cache (negative = KiB): ~8 MiB whatever the store's size.
        self.conn.pragma_update(None, "cache_size", -8192)?;
        Ok(())
    }

    /// Applies every migration newer than the store's `user_version`, each in its own transaction.
    fn migrate(&mut self) -> Result<()> {
        let current: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if current > SCHEMA_VERSION {
            return Err(AppError::new(
                ErrorCode::Storage,
                format!("the store has schema version {current}, newer than this Despacho ({SCHEMA_VERSION}); update Despacho"),
            ));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            if (i + 1) as i64 == AUDIT_CHAIN_VERSION {
                crate::audit::seal_legacy(&tx)?;
            }
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        // The sync's capture triggers follow the tables as they are now (ADR 0007).
        let tx = self.conn.transaction()?;
        crate::sync::capture::install(&tx)?;
        tx.commit()?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The data key of an encrypted store (`None` for an unencrypted one).
    pub fn key(&self) -> Option<&crate::crypt::DataKey> {
        self.key.as_ref()
    }

    /// The connection for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction: committed if `f` succeeds, rolled back (nothing written) if not.
    pub fn transaction<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`: the problems found (empty when healthy).
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        for row in st.query_map([], |r| r.get::<_, String>(0))? {
            let line = row?;
            if line != "ok" {
                out.push(line);
            }
        }
        let mut st = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = st.query_map([], |r| {
            Ok(format!(
                "foreign key broken in {} row {}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?
            ))
        })?;
        for row in rows {
            out.push(row?);
        }
        out.extend(kept_sums_drift(&self.conn)?);
        Ok(out)
    }
}

/// The sums kept by triggers on the journal — budget actuals per year and budget line
/// (migration 0015), debits and credits per year and account (0017) — against the journal's own
/// sums: one problem per table, year and key where they differ.
fn kept_sums_drift(conn: &Connection) -> Result<Vec<String>> {
    const KEPT_SUMS: [(&str, &str, &str, &str); 2] = [
        (
            "budget_actuals",
            "budget actuals",
            "SELECT fiscal_year, budget_line_id, debit_rep, credit_rep, lines FROM budget_actuals
             WHERE lines <> 0 OR debit_rep <> 0 OR credit_rep <> 0",
            "SELECT e.fiscal_year, l.budget_line_id, sum(l.debit_rep), sum(l.credit_rep), count(*)
             FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
             WHERE e.kind <> 'closing' AND l.budget_line_id IS NOT NULL
             GROUP BY e.fiscal_year, l.budget_line_id",
        ),
        (
            "account_years",
            "account totals",
            "SELECT year, account_id, debit_rep, credit_rep, lines FROM account_years
             WHERE lines <> 0 OR debit_rep <> 0 OR credit_rep <> 0",
            "SELECT CAST(substr(e.entry_date, 1, 4) AS INTEGER), l.account_id, sum(l.debit_rep), sum(l.credit_rep), count(*)
             FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
             GROUP BY 1, l.account_id",
        ),
    ];
    let mut out = Vec::new();
    for (table, what, kept, summed) in KEPT_SUMS {
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            [table],
            |r| r.get(0),
        )?;
        if !exists {
            continue;
        }
        for (a, b) in [(kept, summed), (summed, kept)] {
            let mut st = conn.prepare(&format!("SELECT * FROM ({a} EXCEPT {b}) ORDER BY 1, 2"))?;
            let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (year, key) = row?;
                let problem =
                    format!("{what} of {year} for {key} differ from the journal's lines ({table})");
                if !out.contains(&problem) {
                    out.push(problem);
                }
            }
        }
    }
    Ok(out)
}

/// Where an operation writes: a [`Store`] (the operation runs in its own transaction) or
/// [`Within`] an enclosing transaction (several operations that must succeed or fail
/// together, such as loading the demo data). Operations written against `Scope` keep the
/// one-transaction rule either way.
pub trait Scope {
    /// Runs `f` in this scope's transaction: its own, or the enclosing one.
    fn transaction<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T>;
    /// The connection for reads (inside the enclosing transaction, if any).
    fn conn(&self) -> &Connection;
}

impl Scope for Store {
    fn transaction<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        Store::transaction(self, f)
    }
    fn conn(&self) -> &Connection {
        Store::conn(self)
    }
}

/// The shell holds the store behind a mutex: its guard is the store.
impl Scope for std::sync::MutexGuard<'_, Store> {
    fn transaction<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        Store::transaction(self, f)
    }
    fn conn(&self) -> &Connection {
        Store::conn(self)
    }
}

/// An enclosing transaction: operations run inside it, and nothing commits until it does.
pub struct Within<'a, 'c>(pub &'a Transaction<'c>);

impl Scope for Within<'_, '_> {
    fn transaction<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        f(self.0)
    }
    fn conn(&self) -> &Connection {
        self.0
    }
}

/// One app per store: held for as long as the app runs, released when dropped (or when the
/// process dies — the operating system drops the lock, so a crash never leaves it stuck).
#[derive(Debug)]
pub struct InstanceLock {
    _file: std::fs::File,
    path: PathBuf,
}

impl InstanceLock {
    /// Takes the lock of the store at `db` (the file `<db>.lock` beside it), or says that
    /// another Despacho already has that store open.
    pub fn acquire(db: &Path) -> Result<InstanceLock> {
        let path = PathBuf::from(format!("{}.lock", db.display()));
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                AppError::new(
                    ErrorCode::Storage,
                    format!("cannot create {}: {e}", dir.display()),
                )
            })?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| {
                AppError::new(
                    ErrorCode::Storage,
                    format!("cannot open {}: {e}", path.display()),
                )
            })?;
        match file.try_lock() {
            Ok(()) => Ok(InstanceLock { _file: file, path }),
            Err(std::fs::TryLockError::WouldBlock) => Err(AppError::new(
                ErrorCode::Unavailable,
                format!(
                    "Despacho is already open with the store {}; use that window",
                    db.display()
                ),
            )),
            Err(std::fs::TryLockError::Error(e)) => Err(AppError::new(
                ErrorCode::Storage,
                format!("cannot lock {}: {e}", path.display()),
            )),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A new primary key: a UUIDv7 (time-ordered) as text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The current instant, UTC, RFC 3339 with milliseconds.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Today's date (local calendar) as `YYYY-MM-DD`.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The user's Downloads folder (exports go there), else the home folder.
pub fn downloads_dir() -> PathBuf {
    dirs::download_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
}
