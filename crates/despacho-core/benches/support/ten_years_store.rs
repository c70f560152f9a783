//! The generated ten-year office shared by the benches that read it (`screens`, `ten_years`):
//! `generate --years 10 --seed 1` into `TEN_YEARS_DB`
//! (default: a file in the temporary folder), generated once and reused while its schema is
//! current. User `sg`, password `contraseña de prueba 1` (the start-up scripts sign in with it).
use std::path::PathBuf;
use std::time::{Duration, Instant};

use despacho_core::store::SCHEMA_VERSION;
use despacho_core::users::{self, Language, NewUser, Role};
use despacho_core::{generate, Store};

pub fn ten_year_path() -> PathBuf {
    std::env::var_os("TEN_YEARS_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("despacho-ten-years-seed1.db"))
}

pub fn ten_year_store() -> Store {
    let path = ten_year_path();
    if path.exists() {
        let store = Store::open(&path).unwrap();
        let version: i64 = store
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        // A store generated before the generator filled every module is made again.
        let (members, obligations): (i64, i64) = store
            .conn()
            .query_row(
                "SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM obligations)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        if version == SCHEMA_VERSION && members >= 95 && obligations >= 500 {
            eprintln!("reusing {}", path.display());
            return store;
        }
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    let mut store = Store::open(&path).unwrap();
    let admin = users::create_first_admin(
        &mut store,
        NewUser {
            username: "sg".into(),
            full_name: "Secretaría General".into(),
            role: Role::SecretaryGeneral,
            is_admin: true,
            password: "contraseña de prueba 1".into(),
            language: Language::Es,
        },
    )
    .unwrap();
    let started = Instant::now();
    let report = generate::generate(&mut store, &admin, 10, 1, &mut |s| {
        eprintln!("generating {s}…")
    })
    .unwrap();
    eprintln!("generated in {:?}: {report:?}", started.elapsed());
    store.conn().execute_batch("ANALYZE;").unwrap();
    store
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Runs `f` `runs` times; prints what it said, p50, p95 and the maximum, and whether the p95
/// is within `budget_ms`. Returns the p95.
/// `SCREENS=ledger` measures only the rows whose name contains `ledger` (the others are skipped
/// and return zero).
pub fn measure(what: &str, runs: usize, budget_ms: f64, mut f: impl FnMut() -> String) -> Duration {
    if let Ok(only) = std::env::var("SCREENS") {
        if !what.contains(only.as_str()) {
            return Duration::ZERO;
        }
    }
    let mut times = Vec::with_capacity(runs);
    let mut said = String::new();
    for _ in 0..runs {
        let t = Instant::now();
        said = f();
        times.push(t.elapsed());
    }
    times.sort();
    let (p50, p95) = (percentile(&times, 0.5), percentile(&times, 0.95));
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "| {what} | {said} | {:.2} ms | {:.2} ms | {:.2} ms | {budget_ms} ms{} |",
        ms(p50),
        ms(p95),
        ms(times[times.len() - 1]),
        if ms(p95) <= budget_ms {
            ""
        } else {
            " — **missed**"
        }
    );
    p95
}
