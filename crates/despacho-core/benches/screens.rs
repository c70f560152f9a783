//! The backend behind each screen on the generated ten-year office (issue 9): percentiles of
//! each call against its budget (≤ 50 ms at the 95th percentile; the year's statements ≤ 200 ms),
//! printed as Markdown rows for docs/PERFORMANCE.md, then a few criterion runs. The desk and the
//! global search are in `ten_years`.
//!
//! `cargo bench -p despacho-core --bench screens` (the store is generated once, about a minute,
//! into `TEN_YEARS_DB` or the temporary folder, and shared with `ten_years`). `SCREENS=ledger`
//! measures only the rows whose name contains `ledger`; `-- nomatch` skips criterion's runs.
use std::time::Duration;

use chrono::{Datelike, Local};
use criterion::{criterion_group, criterion_main, Criterion};
use despacho_core::audit::{self, AuditFilter};
use despacho_core::ledger::{self, EntryFilter};
use despacho_core::members::{self, MemberFilter};
use despacho_core::sessions::{self, SessionFilter};
use despacho_core::users::{self, Language};
use despacho_core::{
    agenda, agreements, assistance, budget, compliance, dues, elections, lists, minutes, missions,
    statements,
};

#[path = "support/ten_years_store.rs"]
mod support;
use support::{measure, ten_year_store};

const RUNS: usize = 100;

fn bench(c: &mut Criterion) {
    let store = ten_year_store();
    let conn = store.conn();
    let sg = users::first_admin(conn).unwrap();
    let today = Local::now().date_naive();
    let year = today.year() as u16;
    let one = |sql: &str| -> String { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    // The session with the most agenda items and minutes: the heaviest agenda builder.
    let busiest = one(
        "SELECT session_id FROM agenda_items WHERE deleted_at IS NULL
         GROUP BY session_id ORDER BY count(*) DESC LIMIT 1",
    );
    let member = one("SELECT id FROM members ORDER BY acronym LIMIT 1");
    let account = one(
        "SELECT a.code FROM journal_lines l JOIN accounts a ON a.id = l.account_id
         GROUP BY a.code ORDER BY count(*) DESC LIMIT 1",
    );
    let total_entries: u32 = conn
        .query_row("SELECT count(*) FROM journal_entries", [], |r| r.get(0))
        .unwrap();
    let audit_rows: u32 = conn
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();

    eprintln!("| screen: call | result | p50 | p95 | max | budget |\n|---|---|---|---|---|---|");
    measure("members: list (default filter)", RUNS, 50.0, || {
        let l = members::list_members(conn, &MemberFilter::default()).unwrap();
        format!("{} members", l.len())
    });
    measure("members: detail", RUNS, 50.0, || {
        let d = members::get_member(conn, &member).unwrap();
        format!("{} contacts", d.contacts.len())
    });
    measure("sessions: list (newest first)", RUNS, 50.0, || {
        let f = SessionFilter {
            descending: true,
            ..Default::default()
        };
        format!(
            "{} sessions",
            sessions::list_sessions(conn, &f).unwrap().len()
        )
    });
    measure(
        "sessions: agenda builder (busiest session)",
        RUNS,
        50.0,
        || {
            let a = agenda::agenda(conn, &busiest).unwrap();
            format!("{} items", a.items.len())
        },
    );
    measure("sessions: minutes (busiest session)", RUNS, 50.0, || {
        let m = minutes::minutes(conn, &busiest).unwrap();
        format!("{} entries", m.entries.len())
    });
    measure("sessions: attendance and quorum", RUNS, 50.0, || {
        let a = sessions::attendance(conn, &busiest).unwrap();
        format!("{} lines", a.lines.len())
    });
    for (what, offset, limit) in [
        ("ledger: first window (200, newest first)", 0, 200),
        ("ledger: window at the middle (offset 50,000)", 50_000, 200),
        (
            "ledger: last window",
            total_entries.saturating_sub(200),
            200,
        ),
    ] {
        measure(what, RUNS, 50.0, || {
            let p = ledger::list_entries(
                conn,
                &EntryFilter {
                    limit,
                    offset,
                    ..Default::default()
                },
            )
            .unwrap();
            format!("{} of {}", p.entries.len(), p.total)
        });
    }
    measure(
        &format!("ledger: by account {account} (first window)"),
        RUNS,
        50.0,
        || {
            let p = ledger::list_entries(
                conn,
                &EntryFilter {
                    account: Some(account.clone()),
                    limit: 200,
                    ..Default::default()
                },
            )
            .unwrap();
            format!("{} of {}", p.entries.len(), p.total)
        },
    );
    measure(
        &format!("ledger: by account {account} (window at the middle)"),
        RUNS,
        50.0,
        || {
            let p = ledger::list_entries(
                conn,
                &EntryFilter {
                    account: Some(account.clone()),
                    limit: 200,
                    offset: 25_000,
                    ..Default::default()
                },
            )
            .unwrap();
            format!("{} of {}", p.entries.len(), p.total)
        },
    );
    measure(
        &format!(
            "ledger: by account {account} and year {} (first window)",
            year - 1
        ),
        RUNS,
        50.0,
        || {
            let p = ledger::list_entries(
                conn,
                &EntryFilter {
                    account: Some(account.clone()),
                    year: Some(year - 1),
                    limit: 200,
                    ..Default::default()
                },
            )
            .unwrap();
            format!("{} of {}", p.entries.len(), p.total)
        },
    );
    measure(
        "ledger: text search \"cuota\" (many matches)",
        RUNS,
        50.0,
        || {
            let p = ledger::list_entries(
                conn,
                &EntryFilter {
                    text: Some("cuota".into()),
                    limit: 200,
                    ..Default::default()
                },
            )
            .unwrap();
            format!("{} of {}", p.entries.len(), p.total)
        },
    );
    measure("ledger: text search \"viaticos\"", RUNS, 50.0, || {
        let p = ledger::list_entries(
            conn,
            &EntryFilter {
                text: Some("viaticos".into()),
                limit: 200,
                ..Default::default()
            },
        )
        .unwrap();
        format!("{} of {}", p.entries.len(), p.total)
    });
    measure("ledger: trial balance of the year", 30, 50.0, || {
        let t = ledger::trial_balance(conn, year, Language::Es).unwrap();
        format!("{} accounts", t.len())
    });
    measure("dues: status of every member", RUNS, 50.0, || {
        format!("{} members", dues::dues_status(conn, today).unwrap().len())
    });
    measure("dues: one member's status", RUNS, 50.0, || {
        let s = dues::member_status(conn, &member, today).unwrap();
        format!("owes {} {}", s.owed, s.currency)
    });
    measure("budget: the year's budget", RUNS, 50.0, || {
        let b = budget::get_budget(conn, year, Language::Es).unwrap();
        format!("{} lines", b.lines.len())
    });
    measure("budget: budget vs actual of the year", 30, 50.0, || {
        let b = budget::budget_vs_actual(conn, year, Language::Es).unwrap();
        format!("{} lines", b.lines.len())
    });
    measure(
        &format!("finance: the statements of {}", year - 1),
        20,
        200.0,
        || {
            let s = statements::statements(conn, year - 1, Language::Es).unwrap();
            format!("year {}", s.year)
        },
    );
    measure("cooperation: missions", RUNS, 50.0, || {
        let l = missions::list_missions(conn, &Default::default()).unwrap();
        format!("{} missions", l.len())
    });
    measure("cooperation: requests", RUNS, 50.0, || {
        let l = assistance::list_requests(conn, &Default::default()).unwrap();
        format!("{} requests", l.len())
    });
    measure("cooperation: agreements", RUNS, 50.0, || {
        let l = agreements::list_agreements(conn, &Default::default()).unwrap();
        format!("{} agreements", l.len())
    });
    measure("cooperation: a list of every contact", RUNS, 50.0, || {
        format!(
            "{} recipients",
            lists::resolve(conn, &Default::default()).unwrap().len()
        )
    });
    measure(
        "compliance: attention (overdue, due in 30 days)",
        RUNS,
        50.0,
        || {
            let a = compliance::attention(conn, today, 30).unwrap();
            format!("{} overdue, {} due soon", a.overdue_count, a.due_soon_count)
        },
    );
    measure("elections: calls", RUNS, 50.0, || {
        format!("{} calls", elections::list_calls(conn).unwrap().len())
    });
    for (what, offset) in [
        ("audit: first window (200)", 0),
        ("audit: window at the end", audit_rows.saturating_sub(200)),
    ] {
        measure(what, RUNS, 50.0, || {
            let p = audit::search(
                conn,
                &sg,
                &AuditFilter {
                    limit: 200,
                    offset,
                    ..Default::default()
                },
            )
            .unwrap();
            format!("{} of {}", p.entries.len(), p.total)
        });
    }

    c.bench_function("ledger window at the middle (ten years)", |b| {
        b.iter(|| {
            ledger::list_entries(
                conn,
                &EntryFilter {
                    limit: 200,
                    offset: 50_000,
                    ..Default::default()
                },
            )
            .unwrap()
        })
    });
    c.bench_function("statements of last year (ten years)", |b| {
        b.iter(|| statements::statements(conn, year - 1, Language::Es).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
