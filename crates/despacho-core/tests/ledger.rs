//! The journal: listing, trial balance, attachments, closing years, imports; and the rules
//! that must hold whatever the input (balance in both currencies, nothing written on error).
mod common;

use common::*;
use despacho_core::ledger::{
    self, EntryFilter, EntryInput, EntryKind, EntrySource, ExchangeRate, FiscalYearStatus,
    LineInput,
};
use despacho_core::users::{Language, Role, User};
use despacho_core::{ErrorCode, Store};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn line(account: &str, debit: &str, credit: &str) -> LineInput {
    LineInput {
        account: account.into(),
        debit: debit.into(),
        credit: credit.into(),
        ..Default::default()
    }
}

fn entry(date: &str, currency: &str, rate: Option<&str>, lines: Vec<LineInput>) -> EntryInput {
    EntryInput {
        entry_date: date.into(),
        description: format!("Asiento del {date}"),
        kind: EntryKind::Regular,
        reference: String::new(),
        currency: currency.into(),
        rate: rate.map(str::to_string),
        lines,
    }
}

fn usd(date: &str, dr: &str, cr: &str, amount: &str) -> EntryInput {
    entry(
        date,
        "USD",
        None,
        vec![line(dr, amount, ""), line(cr, "", amount)],
    )
}

/// Rows of every ledger table, with the audit log and total changes.
fn ledger_fingerprint(store: &Store) -> Vec<i64> {
    let mut out: Vec<i64> = [
        "audit_log",
        "journal_entries",
        "journal_lines",
        "journal_attachments",
        "fiscal_years",
        "exchange_rates",
    ]
    .iter()
    .map(|t| {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect();
    let f = fingerprint(store);
    out.extend([f.0, f.1, f.2, f.3]);
    out
}

fn set_mxn_rate(store: &mut Store, admin: &User, date: &str, rate: &str) {
    ledger::set_rate(
        store,
        admin,
        &ExchangeRate {
            on_date: date.into(),
            from_currency: "MXN".into(),
            to_currency: "USD".into(),
            rate: rate.into(),
        },
    )
    .unwrap();
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Σdebit = Σcredit per entry, in the entry's currency and in the reporting currency.
fn every_entry_balances(store: &Store) -> bool {
    let bad: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id
              HAVING sum(debit_minor) <> sum(credit_minor) OR sum(debit_rep) <> sum(credit_rep))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    bad == 0
}

// ---- listing ---------------------------------------------------------------------------------

/// Every window of every filter is exactly its slice of the whole list, newest first (date,
/// then fiscal year and number), whichever end of the list the window is read from.
#[test]
fn journal_windows_are_exact_slices_from_either_end() {
    let (mut store, admin) = store_with_admin();
    // Posted out of date order, several entries a day: numbers do not follow dates.
    let days = [
        "2024-02-03",
        "2023-11-20",
        "2024-02-03",
        "2024-01-15",
        "2023-11-20",
        "2024-02-03",
        "2023-12-31",
        "2024-01-15",
        "2023-11-20",
        "2024-03-01",
        "2024-02-03",
        "2023-12-31",
        "2024-01-02",
        "2024-03-01",
        "2023-11-20",
        "2024-01-15",
        "2024-02-03",
        "2023-12-31",
        "2024-03-01",
        "2024-01-02",
        "2023-11-20",
        "2024-02-03",
        "2024-01-15",
    ];
    let mut posted = Vec::new();
    for (i, date) in days.iter().enumerate() {
        let (dr, cr) = if i % 3 == 0 {
            ("5101", "1102")
        } else {
            ("1102", "4101")
        };
        let mut e = usd(date, dr, cr, &format!("{}.00", 100 + i));
        e.description = if i % 4 == 0 {
            format!("Cuota 100% del {date}")
        } else {
            format!("Pago del {date}")
        };
        posted.push(ledger::post_entry(&mut store, &admin, &e).unwrap());
    }
    posted.sort_by(|a, b| {
        (&b.entry_date, b.fiscal_year, b.number).cmp(&(&a.entry_date, a.fiscal_year, a.number))
    });
    type Keep = Box<dyn Fn(&ledger::JournalEntry) -> bool>;
    let filters: Vec<(EntryFilter, Keep)> = vec![
        (EntryFilter::default(), Box::new(|_| true)),
        (
            EntryFilter {
                account: Some("5101".into()),
                ..Default::default()
            },
            Box::new(|e| e.lines.iter().any(|l| l.account_code == "5101")),
        ),
        (
            EntryFilter {
                account: Some("1102".into()),
                year: Some(2024),
                ..Default::default()
            },
            Box::new(|e| e.fiscal_year == 2024),
        ),
        (
            // `%` is literal: only the "Cuota 100%" entries.
            EntryFilter {
                text: Some("CUOTA 100%".into()),
                ..Default::default()
            },
            Box::new(|e| e.description.starts_with("Cuota 100%")),
        ),
        (
            EntryFilter {
                text: Some("_".into()),
                ..Default::default()
            },
            Box::new(|_| false),
        ),
        (
            EntryFilter {
                from: Some("2023-12-31".into()),
                to: Some("2024-02-03".into()),
                ..Default::default()
            },
            Box::new(|e| ("2023-12-31".."2024-02-04").contains(&e.entry_date.as_str())),
        ),
    ];
    for (filter, keep) in &filters {
        let expected: Vec<(u16, u32)> = posted
            .iter()
            .filter(|e| keep(e))
            .map(|e| (e.fiscal_year, e.number))
            .collect();
        assert!(
            expected.len() != 1,
            "a filter of one entry tests little: {filter:?}"
        );
        for limit in [1u32, 2, 3, 5, 7] {
            for offset in 0..=expected.len() as u32 + 1 {
                let page = ledger::list_entries(
                    store.conn(),
                    &EntryFilter {
                        limit,
                        offset,
                        ..filter.clone()
                    },
                )
                .unwrap();
                assert_eq!(page.total as usize, expected.len(), "{filter:?}");
                let got: Vec<(u16, u32)> = page
                    .entries
                    .iter()
                    .map(|e| (e.fiscal_year, e.number))
                    .collect();
                let from = (offset as usize).min(expected.len());
                let to = (from + limit as usize).min(expected.len());
                assert_eq!(
                    got,
                    expected[from..to],
                    "{filter:?} limit {limit} offset {offset}"
                );
            }
        }
    }
}

#[test]
fn journal_list_is_paged_newest_first_and_filtered() {
    let (mut store, admin) = store_with_admin();
    for d in 1..=7 {
        let date = format!("2024-03-{d:02}");
        let (dr, cr) = if d % 2 == 0 {
            ("5101", "1102")
        } else {
            ("1102", "4101")
        };
        let mut e = usd(&date, dr, cr, &format!("{d}00.00"));
        e.reference = format!("REF-{d}");
        ledger::post_entry(&mut store, &admin, &e).unwrap();
    }
    let page = ledger::list_entries(
        store.conn(),
        &EntryFilter {
            limit: 3,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(page.total, 7);
    let dates: Vec<&str> = page.entries.iter().map(|e| e.entry_date.as_str()).collect();
    assert_eq!(dates, ["2024-03-07", "2024-03-06", "2024-03-05"]);
    assert_eq!(page.entries[0].total, "700.00");
    assert_eq!(page.entries[0].total_reporting, "700.00");
    assert_eq!(page.entries[0].lines, 2);
    let page3 = ledger::list_entries(
        store.conn(),
        &EntryFilter {
            limit: 3,
            offset: 6,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(page3.entries.len(), 1);
    assert_eq!(page3.entries[0].entry_date, "2024-03-01");

    let salaries = ledger::list_entries(
        store.conn(),
        &EntryFilter {
            account: Some("5101".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(salaries.total, 3);
    let text = ledger::list_entries(
        store.conn(),
        &EntryFilter {
            text: Some("ref-4".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(text.total, 1);
    let range = ledger::list_entries(
        store.conn(),
        &EntryFilter {
            from: Some("2024-03-02".into()),
            to: Some("2024-03-04".into()),
            year: Some(2024),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(range.total, 3);
    let none = ledger::list_entries(
        store.conn(),
        &EntryFilter {
            year: Some(2023),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((none.total, none.entries.len()), (0, 0));
    // Hostile text is a parameter, not SQL.
    let hostile = ledger::list_entries(
        store.conn(),
        &EntryFilter {
            text: Some("'; DROP TABLE journal_entries; --".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(hostile.total, 0);
    let e = ledger::list_entries(
        store.conn(),
        &EntryFilter {
            from: Some("2024-02-30".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidFormat, Some("from"))
    );
    let e = ledger::list_entries(
        store.conn(),
        &EntryFilter {
            account: Some("9999".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

// ---- trial balance ---------------------------------------------------------------------------

#[test]
fn trial_balance_balances_and_carries_earlier_years() {
    let (mut store, admin) = store_with_admin();
    set_mxn_rate(&mut store, &admin, "2023-01-01", "0.055");
    ledger::post_entry(
        &mut store,
        &admin,
        &usd("2023-05-01", "1102", "4101", "1000.00"),
    )
    .unwrap();
    ledger::post_entry(
        &mut store,
        &admin,
        &usd("2023-06-01", "5101", "1102", "400.00"),
    )
    .unwrap();
    ledger::post_entry(
        &mut store,
        &admin,
        &entry(
            "2024-02-01",
            "MXN",
            None,
            vec![line("5501", "1000.01", ""), line("1101", "", "1000.01")],
        ),
    )
    .unwrap();
    let tb = ledger::trial_balance(store.conn(), 2024, Language::En).unwrap();
    let sum =
        |f: fn(&ledger::AccountBalance) -> &str| -> Decimal { tb.iter().map(|r| dec(f(r))).sum() };
    assert_eq!(sum(|r| &r.debit), sum(|r| &r.credit));
    assert_eq!(sum(|r| &r.opening), Decimal::ZERO);
    assert_eq!(sum(|r| &r.closing), Decimal::ZERO);
    let bank = tb.iter().find(|r| r.account_code == "1102").unwrap();
    assert_eq!(
        (bank.opening.as_str(), bank.closing.as_str()),
        ("600.00", "600.00")
    );
    let hq = tb.iter().find(|r| r.account_code == "5501").unwrap();
    // 1000.01 MXN × 0.055 = 55.00055 → 55.00
    assert_eq!((hq.opening.as_str(), hq.debit.as_str()), ("0.00", "55.00"));
    let carried = tb.iter().find(|r| r.account_code.is_empty()).unwrap();
    assert_eq!(carried.opening, "-600.00");
}

/// The yearly totals per account behind the trial balance are kept by triggers (migration
/// 0017): an entry moved to another year, a line changed, lines arriving before their entry and
/// removed again — the trial balance follows, `integrity_problems` finds no drift, and a
/// hand-edited total is reported.
#[test]
fn the_trial_balance_follows_every_change_to_the_journal() {
    let (mut store, admin) = store_with_admin();
    ledger::post_entry(
        &mut store,
        &admin,
        &usd("2023-05-01", "1102", "4101", "1000.00"),
    )
    .unwrap();
    ledger::post_entry(
        &mut store,
        &admin,
        &usd("2023-06-01", "5101", "1102", "400.00"),
    )
    .unwrap();
    let bank = |store: &Store, year: u16| {
        let tb = ledger::trial_balance(store.conn(), year, Language::En).unwrap();
        let b = tb
            .iter()
            .find(|r| r.account_code == "1102")
            .unwrap()
            .clone();
        (b.opening, b.debit, b.credit, b.closing)
    };
    let s = |a: &str, b: &str, c: &str, d: &str| -> (String, String, String, String) {
        (a.into(), b.into(), c.into(), d.into())
    };
    assert_eq!(bank(&store, 2024), s("600.00", "0.00", "0.00", "600.00"));
    assert!(store.integrity_problems().unwrap().is_empty());
    let conn = store.conn();
    let june: String = conn
        .query_row(
            "SELECT id FROM journal_entries WHERE entry_date = '2023-06-01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // What a sync bundle may do: move the entry into 2024, change a line's amount.
    conn.execute(
        "UPDATE journal_entries SET entry_date = '2024-01-15' WHERE id = ?1",
        [&june],
    )
    .unwrap();
    assert_eq!(bank(&store, 2024), s("1000.00", "0.00", "400.00", "600.00"));
    conn.execute(
        "UPDATE journal_lines SET credit_rep = 50000, credit_minor = 50000 WHERE entry_id = ?1 AND credit_rep > 0",
        [&june],
    )
    .unwrap();
    assert_eq!(bank(&store, 2024), s("1000.00", "0.00", "500.00", "500.00"));
    assert!(store.integrity_problems().unwrap().is_empty());
    // Lines before their entry (foreign keys deferred while a bundle applies), then removed.
    let copy = "01940000-0000-7000-8fff-0000000000aa";
    conn.execute_batch("PRAGMA defer_foreign_keys = ON; BEGIN")
        .unwrap();
    conn.execute(
        "INSERT INTO journal_lines (id, entry_id, line_no, account_id, debit_minor, credit_minor, debit_rep, credit_rep, budget_line_id, unit_id, member_id, memo, updated_at, updated_by)
         SELECT id || 'x', ?2, line_no, account_id, debit_minor, credit_minor, debit_rep, credit_rep, budget_line_id, unit_id, member_id, memo, updated_at, updated_by
         FROM journal_lines WHERE entry_id = ?1",
        [&june, &copy.to_string()],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO journal_entries (id, fiscal_year, number, entry_date, description, kind, source, reference, currency, rate, created_at, created_by, updated_at, updated_by)
         SELECT ?2, fiscal_year, number + 1000, entry_date, description, kind, source, reference, currency, rate, created_at, created_by, updated_at, updated_by
         FROM journal_entries WHERE id = ?1",
        [&june, &copy.to_string()],
    )
    .unwrap();
    conn.execute_batch("COMMIT").unwrap();
    assert_eq!(bank(&store, 2024), s("1000.00", "0.00", "1000.00", "0.00"));
    assert!(store.integrity_problems().unwrap().is_empty());
    conn.execute("DELETE FROM journal_lines WHERE entry_id = ?1", [copy])
        .unwrap();
    conn.execute("DELETE FROM journal_entries WHERE id = ?1", [copy])
        .unwrap();
    assert_eq!(bank(&store, 2024), s("1000.00", "0.00", "500.00", "500.00"));
    assert!(store.integrity_problems().unwrap().is_empty());
    // A total edited by hand is drift, named by year and account.
    conn.execute(
        "UPDATE account_years SET debit_rep = debit_rep + 1 WHERE year = 2023",
        [],
    )
    .unwrap();
    let problems = store.integrity_problems().unwrap();
    assert!(!problems.is_empty(), "{problems:?}");
    assert!(
        problems
            .iter()
            .all(|p| p.contains("2023") && p.contains("account_years")),
        "{problems:?}"
    );
}

// ---- closing -------------------------------------------------------------------------------

#[test]
fn closing_locks_the_year_in_order_and_only_for_the_secretary_general() {
    let (mut store, admin) = store_with_admin();
    let finance = user_with_role(&mut store, &admin, "fin", Role::ManagingFinances);
    ledger::post_entry(
        &mut store,
        &finance,
        &usd("2022-12-31", "1102", "4101", "10.00"),
    )
    .unwrap();
    ledger::post_entry(
        &mut store,
        &finance,
        &usd("2023-03-01", "1102", "4101", "20.00"),
    )
    .unwrap();

    let before = ledger_fingerprint(&store);
    let e = ledger::close_fiscal_year(&mut store, &finance, 2022).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = ledger::close_fiscal_year(&mut store, &admin, 2023).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("year"))
    );
    assert!(e.message.contains("2022"), "{}", e.message);
    let this_year = chrono::Local::now()
        .format("%Y")
        .to_string()
        .parse::<u16>()
        .unwrap();
    let e = ledger::close_fiscal_year(&mut store, &admin, this_year).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    assert_eq!(ledger_fingerprint(&store), before);

    let y = ledger::close_fiscal_year(&mut store, &admin, 2022).unwrap();
    assert_eq!(y.status, FiscalYearStatus::Closed);
    assert_eq!(y.closed_by.as_deref(), Some(admin.id.as_str()));
    assert!(y.closed_at.is_some());
    let e = ledger::close_fiscal_year(&mut store, &admin, 2022).unwrap_err();
    assert!(e.message.contains("already closed"));

    // Posting into the closed year is refused and writes nothing.
    let before = ledger_fingerprint(&store);
    let e = ledger::post_entry(
        &mut store,
        &finance,
        &usd("2022-06-30", "5101", "1102", "5.00"),
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("entry_date"))
    );
    assert!(e.message.contains("closed"));
    assert_eq!(ledger_fingerprint(&store), before);

    // The correction goes in an open year as an adjusting entry.
    let mut adj = usd("2023-01-10", "5101", "1102", "5.00");
    adj.kind = EntryKind::Adjusting;
    let posted = ledger::post_entry(&mut store, &finance, &adj).unwrap();
    assert_eq!(
        (posted.kind, posted.fiscal_year),
        (EntryKind::Adjusting, 2023)
    );

    ledger::close_fiscal_year(&mut store, &admin, 2023).unwrap();
    let years = ledger::list_fiscal_years(store.conn()).unwrap();
    assert!(years.iter().all(|y| y.status == FiscalYearStatus::Closed));
    let audit: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE operation = 'ledger.close_fiscal_year'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audit, 2);
}

// ---- attachments ---------------------------------------------------------------------------

#[test]
fn attachments_go_to_the_data_folder_also_for_closed_years() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("despacho.db")).unwrap();
    let admin = despacho_core::users::create_first_admin(
        &mut store,
        new_user("sg", Role::SecretaryGeneral),
    )
    .unwrap();
    let posted = ledger::post_entry(
        &mut store,
        &admin,
        &usd("2022-02-01", "5501", "1102", "80.00"),
    )
    .unwrap();
    ledger::close_fiscal_year(&mut store, &admin, 2022).unwrap();
    let file = dir.path().join("factura 0001.pdf");
    std::fs::write(&file, b"%PDF-1.4 factura").unwrap();
    let a = ledger::add_entry_attachment(&mut store, &admin, &posted.id, file.to_str().unwrap())
        .unwrap();
    assert_eq!(a.file_name, "factura 0001.pdf");
    assert!(dir.path().join("attachments").join(&a.sha256).is_file());
    assert_eq!(
        ledger::entry_attachments(store.conn(), &posted.id).unwrap(),
        vec![a]
    );
    let page = ledger::list_entries(store.conn(), &EntryFilter::default()).unwrap();
    assert_eq!(page.entries[0].attachments, 1);

    let staff = user_with_role(&mut store, &admin, "staff", Role::Staff);
    let before = ledger_fingerprint(&store);
    let e = ledger::add_entry_attachment(&mut store, &staff, &posted.id, file.to_str().unwrap())
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e =
        ledger::add_entry_attachment(&mut store, &admin, "no-such-entry", file.to_str().unwrap())
            .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = ledger::add_entry_attachment(&mut store, &admin, &posted.id, "/no/such/file.pdf")
        .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::NotFound, Some("path"))
    );
    assert_eq!(ledger_fingerprint(&store), before);
}

// ---- roles -----------------------------------------------------------------------------------

#[test]
fn only_finance_roles_write_the_books() {
    let (mut store, admin) = store_with_admin();
    let csv = std::fs::read("tests/fixtures/ledger_ok.csv").unwrap();
    let bank = std::fs::read("tests/fixtures/bank_statement.csv").unwrap();
    for (name, role) in [
        ("staff", Role::Staff),
        ("auditor", Role::Auditor),
        ("linking", Role::LinkingCooperation),
        ("chief", Role::ChiefOfStaff),
    ] {
        let u = user_with_role(&mut store, &admin, name, role);
        let before = ledger_fingerprint(&store);
        let refusals = [
            ledger::post_entry(&mut store, &u, &usd("2024-01-02", "1102", "4101", "1.00")).err(),
            ledger::import_ledger(&mut store, &u, &csv).err(),
            ledger::import_bank_statement(&mut store, &u, &bank, "1102", "1301").err(),
            ledger::close_fiscal_year(&mut store, &u, 2020).err(),
        ];
        for r in refusals {
            assert_eq!(r.map(|e| e.code), Some(ErrorCode::Forbidden), "{name}");
        }
        assert_eq!(ledger_fingerprint(&store), before, "{name}");
    }
}

// ---- imports -------------------------------------------------------------------------------

#[test]
fn journal_import_groups_rows_and_posts_every_entry() {
    let (mut store, admin) = store_with_admin();
    let csv = std::fs::read("tests/fixtures/ledger_ok.csv").unwrap();
    let preview = ledger::preview_ledger_import(store.conn(), &csv).unwrap();
    assert!(preview.issues.is_empty(), "{:?}", preview.issues);
    assert_eq!(preview.delimiter, ";");
    assert_eq!(preview.entries.len(), 3);
    assert_eq!(
        (preview.entries[2].first_line, preview.entries[2].last_line),
        (6, 8)
    );
    assert_eq!(preview.entries[2].input.lines[1].memo, "Viaje; Lima");
    assert_eq!(preview.entries[2].input.rate.as_deref(), Some("0.058"));

    let report = ledger::import_ledger(&mut store, &admin, &csv).unwrap();
    assert_eq!((report.entries, report.lines), (3, 7));
    let payroll = ledger::get_entry(store.conn(), &report.entry_ids[2], Language::Es).unwrap();
    assert_eq!(payroll.source, EntrySource::Import);
    assert_eq!(payroll.currency, "MXN");
    assert_eq!(payroll.total, "187250.50");
    let rep: Vec<(&str, &str)> = payroll
        .lines
        .iter()
        .map(|l| (l.debit_reporting.as_str(), l.credit_reporting.as_str()))
        .collect();
    assert_eq!(
        rep,
        [
            ("9860.00", "0.00"),
            ("1000.53", "0.00"),
            ("0.00", "10860.53")
        ]
    );
    assert!(payroll.lines[0].unit_id.is_some());
    assert!(every_entry_balances(&store));
}

#[test]
fn journal_import_with_one_bad_row_in_the_middle_writes_nothing() {
    let (mut store, admin) = store_with_admin();
    let csv = std::fs::read("tests/fixtures/ledger_bad_middle.csv").unwrap();
    let preview = ledger::preview_ledger_import(store.conn(), &csv).unwrap();
    assert_eq!(preview.entries.len(), 3);
    assert_eq!(
        preview.entries.iter().map(|e| e.ok).collect::<Vec<_>>(),
        [true, false, true]
    );
    assert_eq!(preview.issues.len(), 1);
    let issue = &preview.issues[0];
    assert_eq!(
        (issue.line, issue.code, issue.field.as_deref()),
        (4, ErrorCode::NotFound, Some("account"))
    );
    let before = ledger_fingerprint(&store);
    let e = ledger::import_ledger(&mut store, &admin, &csv).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImportInvalid);
    assert!(e.message.contains("line 4"), "{}", e.message);
    assert_eq!(ledger_fingerprint(&store), before);
}

#[test]
fn journal_import_reports_each_bad_row() {
    let (mut store, admin) = store_with_admin();
    ledger::post_entry(
        &mut store,
        &admin,
        &usd("2020-01-01", "1102", "4101", "1.00"),
    )
    .unwrap();
    ledger::close_fiscal_year(&mut store, &admin, 2020).unwrap();
    let csv =
        "date,reference,description,account,debit,credit,currency,rate,budget_line,unit,memo\n\
        2024-01-01,A,Descuadrado,1102,10.00,,USD,,,,\n\
        2024-01-01,A,,4101,,9.99,USD,,,,\n\
        2020-05-05,B,Año cerrado,1102,1.00,,USD,,,,\n\
        2020-05-05,B,,4101,,1.00,USD,,,,\n\
        2024-13-01,C,Fecha imposible,1102,1.00,,USD,,,,\n\
        2024-13-01,C,,4101,,1.00,USD,,,,\n\
        2024-01-02,D,Desbordado,1102,99999999999999999999,,USD,,,,\n\
        2024-01-02,D,,4101,,1.00,USD,,,,\n\
        2024-01-03,E,Moneda mezclada,1102,1.00,,USD,,,,\n\
        2024-01-03,E,,4101,,1.00,EUR,,,,\n\
        2024-01-04,F,Unidad,1102,1.00,,USD,,,XX,\n\
        2024-01-04,F,,4101,,1.00,USD,,,,\n\
        2024-01-05,G,Sin tasa MXN,1101,1.00,,MXN,,,,\n\
        2024-01-05,G,,4101,,1.00,MXN,,,,\n";
    let preview = ledger::preview_ledger_import(store.conn(), csv.as_bytes()).unwrap();
    let got: Vec<(u32, Option<&str>)> = preview
        .issues
        .iter()
        .map(|i| (i.line, i.field.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (2, Some("debit")),
            (4, Some("date")),
            (6, Some("date")),
            (8, Some("debit")),
            (11, Some("currency")),
            (12, Some("unit")),
            (14, Some("rate")),
        ]
    );
    let before = ledger_fingerprint(&store);
    assert_eq!(
        ledger::import_ledger(&mut store, &admin, csv.as_bytes())
            .unwrap_err()
            .code,
        ErrorCode::ImportInvalid
    );
    // Files that are not journals at all.
    for bad in [
        &b"\xff\xfe not utf-8"[..],
        b"",
        b"a,b,c\n1,2,3\n",
        b"date,description,account,debit,credit,currency\n",
    ] {
        let p = ledger::preview_ledger_import(store.conn(), bad).unwrap();
        assert!(!p.is_valid());
        assert_eq!(
            ledger::import_ledger(&mut store, &admin, bad)
                .unwrap_err()
                .code,
            ErrorCode::ImportInvalid
        );
    }
    assert_eq!(ledger_fingerprint(&store), before);
}

#[test]
fn bank_statement_import_posts_receipts_and_payments() {
    let (mut store, admin) = store_with_admin();
    let csv = std::fs::read("tests/fixtures/bank_statement.csv").unwrap();
    let preview = ledger::preview_bank_statement(store.conn(), &csv, "1102", "1301").unwrap();
    assert!(preview.is_valid(), "{:?}", preview.issues);
    let report = ledger::import_bank_statement(&mut store, &admin, &csv, "1102", "1301").unwrap();
    assert_eq!((report.entries, report.lines), (3, 6));
    let receipt = ledger::get_entry(store.conn(), &report.entry_ids[0], Language::Es).unwrap();
    assert_eq!(receipt.lines[0].account_code, "1102");
    assert_eq!(
        (
            receipt.lines[0].debit.as_str(),
            receipt.lines[1].credit.as_str()
        ),
        ("25000.00", "25000.00")
    );
    assert_eq!(receipt.reference, "TR-881");
    assert_eq!(receipt.source, EntrySource::Import);
    let fee = ledger::get_entry(store.conn(), &report.entry_ids[1], Language::Es).unwrap();
    assert_eq!(
        (fee.lines[0].credit.as_str(), fee.lines[1].debit.as_str()),
        ("35.50", "35.50")
    );

    // The MXN bank needs the day's rate; the entries are in MXN.
    let e = ledger::preview_bank_statement(store.conn(), &csv, "1101", "1301").unwrap();
    assert!(e.issues.iter().all(|i| i.field.as_deref() == Some("rate")));
    set_mxn_rate(&mut store, &admin, "2024-01-01", "0.0571");
    let r = ledger::import_bank_statement(&mut store, &admin, &csv, "1101", "1301").unwrap();
    let mxn = ledger::get_entry(store.conn(), &r.entry_ids[0], Language::Es).unwrap();
    assert_eq!(
        (mxn.currency.as_str(), mxn.lines[0].debit_reporting.as_str()),
        ("MXN", "1427.50")
    );
    assert!(every_entry_balances(&store));

    // Wrong accounts are refused before the file is read.
    let before = ledger_fingerprint(&store);
    for (bank, counter, field) in [
        ("4101", "1301", "bank_account"),
        ("9999", "1301", "bank_account"),
        ("1102", "1102", "counterpart_account"),
        ("1102", "0000", "counterpart_account"),
    ] {
        let e = ledger::import_bank_statement(&mut store, &admin, &csv, bank, counter).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{bank} {counter}");
    }
    // One bad row (of several kinds) and nothing is written.
    let bad = std::fs::read("tests/fixtures/bank_statement_bad.csv").unwrap();
    let p = ledger::preview_bank_statement(store.conn(), &bad, "1102", "1301").unwrap();
    let got: Vec<(u32, Option<&str>)> = p
        .issues
        .iter()
        .map(|i| (i.line, i.field.as_deref()))
        .collect();
    assert_eq!(
        got,
        [(3, Some("date")), (4, Some("amount")), (5, Some("amount"))]
    );
    assert_eq!(
        ledger::import_bank_statement(&mut store, &admin, &bad, "1102", "1301")
            .unwrap_err()
            .code,
        ErrorCode::ImportInvalid
    );
    assert_eq!(ledger_fingerprint(&store), before);
}

// ---- properties ------------------------------------------------------------------------------

const ACCOUNTS: [&str; 12] = [
    "1101", "1102", "1201", "1301", "1501", "2101", "2201", "3201", "4101", "4301", "5101", "5701",
];

fn random_lines() -> impl Strategy<Value = Vec<(usize, bool, u64)>> {
    // (account, is debit, cents); at least one debit and one credit are forced below.
    prop::collection::vec((0..ACCOUNTS.len(), any::<bool>(), 1u64..100_000_000), 1..8)
}

fn balanced_lines(raw: &[(usize, bool, u64)], tail_account: usize) -> Vec<LineInput> {
    let cents = |c: i64| Decimal::new(c, 2).to_string();
    let mut lines = Vec::new();
    let mut net: i64 = 0;
    for &(a, is_debit, c) in raw {
        let c = c as i64;
        if is_debit {
            net += c;
            lines.push(line(ACCOUNTS[a], &cents(c), ""));
        } else {
            net -= c;
            lines.push(line(ACCOUNTS[a], "", &cents(c)));
        }
    }
    match net {
        0 => {
            lines.push(line(ACCOUNTS[tail_account], "1.00", ""));
            lines.push(line(
                ACCOUNTS[(tail_account + 1) % ACCOUNTS.len()],
                "",
                "1.00",
            ));
        }
        n if n > 0 => lines.push(line(ACCOUNTS[tail_account], "", &cents(n))),
        n => lines.push(line(ACCOUNTS[tail_account], &cents(-n), "")),
    }
    lines
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the amounts and the rate, a posted entry balances in its currency and in USD.
    #[test]
    fn posted_entries_balance_in_both_currencies(
        entries in prop::collection::vec((random_lines(), 0..ACCOUNTS.len(), 1u32..200_000, any::<bool>()), 1..6),
    ) {
        let (mut store, admin) = store_with_admin();
        for (raw, tail, rate_milli, mxn) in entries {
            let lines = balanced_lines(&raw, tail);
            // Rates from 0.00001 to 2.0 with up to five decimals.
            let rate = Decimal::new(i64::from(rate_milli), 5).to_string();
            let input = if mxn {
                entry("2024-06-15", "MXN", Some(&rate), lines)
            } else {
                entry("2024-06-15", "USD", None, lines)
            };
            let posted = ledger::post_entry(&mut store, &admin, &input).unwrap();
            let dr: Decimal = posted.lines.iter().map(|l| dec(&l.debit_reporting)).sum();
            let cr: Decimal = posted.lines.iter().map(|l| dec(&l.credit_reporting)).sum();
            prop_assert_eq!(dr, cr);
            let d: Decimal = posted.lines.iter().map(|l| dec(&l.debit)).sum();
            let c: Decimal = posted.lines.iter().map(|l| dec(&l.credit)).sum();
            prop_assert_eq!(d, c);
            prop_assert_eq!(posted.total, d.to_string());
        }
        prop_assert!(every_entry_balances(&store));
    }

    /// Invalid or hostile input is a typed error and writes nothing.
    #[test]
    fn invalid_entries_write_nothing(
        date in prop_oneof![
            Just("2024-02-30".to_string()), Just("2021-06-01".to_string()), Just("24-01-01".to_string()),
            Just("2024-06-01".to_string()), Just("9999-12-31".to_string()), ".{0,12}",
        ],
        account in prop_oneof![Just("1102".to_string()), Just("9999".to_string()), Just("'; DROP TABLE accounts; --".to_string()), ".{0,6}"],
        amount in prop_oneof![
            Just("100.00".to_string()), Just("99999999999999999999".to_string()), Just("9223372036854775807".to_string()),
            Just("-5".to_string()), Just("1e3".to_string()), Just("NaN".to_string()), ".{0,8}",
        ],
        other in prop_oneof![Just("100.00".to_string()), Just("99.99".to_string())],
        description in prop_oneof![Just("Pago".to_string()), Just(String::new()), Just("a\u{0}b".to_string()), Just("x".repeat(301)), Just("<script>".to_string())],
        currency in prop_oneof![Just("USD".to_string()), Just("usd".to_string()), Just("XX".to_string()), Just("MXN".to_string())],
        role in prop_oneof![Just(Role::SecretaryGeneral), Just(Role::Staff), Just(Role::Auditor), Just(Role::LinkingCooperation)],
    ) {
        let (mut store, admin) = store_with_admin();
        ledger::post_entry(&mut store, &admin, &usd("2021-01-01", "1102", "4101", "1.00")).unwrap();
        ledger::close_fiscal_year(&mut store, &admin, 2021).unwrap();
        let user = if role == Role::SecretaryGeneral { admin.clone() } else { user_with_role(&mut store, &admin, "u", role) };
        let mut input = entry(&date, &currency, None, vec![line(&account, &amount, ""), line("4101", "", &other)]);
        input.description = description;
        let before = ledger_fingerprint(&store);
        match ledger::post_entry(&mut store, &user, &input) {
            Ok(posted) => {
                // Only the one fully valid combination may pass.
                prop_assert_eq!(role, Role::SecretaryGeneral);
                prop_assert_eq!(posted.entry_date.as_str(), "2024-06-01");
                prop_assert!(every_entry_balances(&store));
            }
            Err(e) => {
                prop_assert!(matches!(
                    e.code,
                    ErrorCode::InvalidValue | ErrorCode::InvalidFormat | ErrorCode::Required
                        | ErrorCode::TooLong | ErrorCode::NotFound | ErrorCode::Forbidden
                ), "{:?}", e);
                prop_assert!(e.field.is_some() || e.code == ErrorCode::Forbidden, "{:?}", e);
                prop_assert_eq!(ledger_fingerprint(&store), before);
            }
        }
    }
}
