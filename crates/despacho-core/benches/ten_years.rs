//! The backend behind the desk and the global search on a generated ten-year office
//! (`generate --years 10 --seed 1`: 95 members, 1,520 contacts, ~150 sessions with ~3,000 agenda
//! items and their minutes, ~100,000 journal entries, ~1,000 requests and ~900 missions,
//! ~20,000 documents' metadata). The store is generated once into `TEN_YEARS_DB` (default: a
//! file in the temporary folder) and reused while it has the current schema.
//!
//! Before the criterion runs, prints p50/p95/max over 200 runs of each measured call, since the
//! budgets are p95: desk ≤ 50 ms, search ≤ 50 ms.
//!
//! `cargo bench -p despacho-core --bench ten_years`
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use despacho_core::users::Language;
use despacho_core::{desk, search};

// The store is the one `screens` reads; this bench times with its own `measure` (CPU time too).
#[allow(dead_code)]
#[path = "support/ten_years_store.rs"]
mod support;
use support::{percentile, ten_year_store};

/// The CPU time this thread has used (Linux's scheduler statistics, in nanoseconds; zero
/// elsewhere): on a shared machine it says what a call costs when the wall clock also counts
/// the waiting for a core.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

fn measure(what: &str, mut f: impl FnMut() -> String) {
    let mut times = Vec::with_capacity(200);
    let mut cpu = Vec::with_capacity(200);
    let mut said = String::new();
    for _ in 0..200 {
        let (t, c) = (Instant::now(), thread_cpu());
        said = f();
        times.push(t.elapsed());
        cpu.push(thread_cpu().saturating_sub(c));
    }
    times.sort();
    cpu.sort();
    eprintln!(
        "{what}: {said}; p50 {:?}, p95 {:?}, max {:?}; CPU p50 {:?}, p95 {:?}",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        times[times.len() - 1],
        percentile(&cpu, 0.5),
        percentile(&cpu, 0.95),
    );
}

const QUERIES: &[&str] = &[
    "aprobacion",
    "seguridad social",
    "valuacion actuarial",
    "mision",
    "garcia",
    "se",
];

fn bench(c: &mut Criterion) {
    let store = ten_year_store();
    // `TEN_YEARS_CACHE_KIB=N` tries another page cache than the store's 8 MiB (an experiment:
    // the desk's sections evict each other's pages).
    if let Some(kib) = std::env::var("TEN_YEARS_CACHE_KIB")
        .ok()
        .and_then(|v| v.parse::<i64>().ok())
    {
        store
            .conn()
            .pragma_update(None, "cache_size", -kib)
            .unwrap();
        eprintln!("page cache: {kib} KiB");
    }
    let count = |sql: &str| -> i64 { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    eprintln!(
        "store: {} members, {} contacts, {} sessions, {} agenda items, {} journal entries, {} requests, {} missions, {} documents, {} obligations with {} occurrences acted on, {} postulations, {} audit rows",
        count("SELECT count(*) FROM members"),
        count("SELECT count(*) FROM contacts"),
        count("SELECT count(*) FROM sessions"),
        count("SELECT count(*) FROM agenda_items"),
        count("SELECT count(*) FROM journal_entries"),
        count("SELECT count(*) FROM assistance_requests"),
        count("SELECT count(*) FROM missions"),
        count("SELECT count(*) FROM agenda_attachments") + count("SELECT count(*) FROM cooperation_documents"),
        count("SELECT count(*) FROM obligations"),
        count("SELECT count(*) FROM obligation_occurrences"),
        count("SELECT count(*) FROM postulations"),
        count("SELECT count(*) FROM audit_log"),
    );
    measure("desk", || {
        let d = desk::desk(store.conn(), Language::Es).unwrap();
        format!(
            "{} sessions, {} action items, {} missions under way, {} units",
            d.upcoming_sessions.len(),
            d.open_action_items.len(),
            d.missions_under_way.len(),
            d.budget_execution.map(|b| b.units.len()).unwrap_or(0)
        )
    });
    // Each section of the desk alone, to see where its time goes.
    let conn = store.conn();
    let today = chrono::Local::now().date_naive();
    let n = |v: usize| format!("{v} rows");
    measure("  desk: members counts", || {
        format!("{:?}", despacho_core::members::member_counts(conn).unwrap())
            .len()
            .to_string()
    });
    measure("  desk: recent audit", || {
        n(despacho_core::audit::recent(conn, 12).unwrap().len())
    });
    measure("  desk: upcoming sessions", || {
        n(despacho_core::sessions::upcoming_sessions(conn, 5)
            .unwrap()
            .len())
    });
    measure("  desk: open action items", || {
        n(despacho_core::minutes::open_action_items(conn, 10)
            .unwrap()
            .len())
    });
    measure("  desk: terms ending", || {
        n(
            despacho_core::bodies::seats_with_terms_ending(conn, desk::TERMS_AHEAD_DAYS)
                .unwrap()
                .len(),
        )
    });
    measure("  desk: missions under way", || {
        n(despacho_core::missions::under_way(conn, today)
            .unwrap()
            .len())
    });
    measure("  desk: agreements due", || {
        n(
            despacho_core::agreements::due(conn, today, desk::AGREEMENTS_AHEAD_DAYS)
                .unwrap()
                .len(),
        )
    });
    measure("  desk: open requests", || {
        n(despacho_core::assistance::open_requests(conn, 10)
            .unwrap()
            .len())
    });
    measure("  desk: budget execution", || {
        use chrono::Datelike;
        format!(
            "{:?}",
            despacho_core::budget::execution(conn, today.year() as u16, Language::Es)
                .unwrap()
                .map(|b| b.units.len())
        )
    });
    measure("  desk: compliance attention", || {
        let a = despacho_core::compliance::attention(conn, today, desk::OBLIGATIONS_AHEAD_DAYS)
            .unwrap();
        format!("{a:?}").len().to_string()
    });
    // What the desk reads: the calls not signed (or being amended), each with its matrix.
    measure("  desk: election calls to review", || {
        n(desk::calls_to_review(conn).unwrap().len())
    });
    for q in QUERIES {
        measure(&format!("search {q:?}"), || {
            let r = search::search(store.conn(), q, 10).unwrap();
            format!("{} matches", r.groups.iter().map(|g| g.total).sum::<u32>())
        });
    }
    c.bench_function("desk (ten years)", |b| {
        b.iter(|| desk::desk(store.conn(), Language::Es).unwrap())
    });
    c.bench_function("search \"seguridad social\" (ten years)", |b| {
        b.iter(|| search::search(store.conn(), "seguridad social", 10).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
