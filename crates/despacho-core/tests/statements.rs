//! The financial statements: a worked example with figures checked by hand, and properties
//! that must hold for any stream of entries (position balances, net assets and cash tie).
mod common;

use common::*;
use despacho_core::ledger::{self, EntryInput, EntryKind, FiscalYearStatus, LineInput};
use despacho_core::statements::{self, StatementRow, StatementSection, Statements};
use despacho_core::users::{Language, User};
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

#[allow(clippy::too_many_arguments)]
fn post(
    store: &mut Store,
    u: &User,
    date: &str,
    cur: &str,
    rate: Option<&str>,
    dr: &str,
    cr: &str,
    amount: &str,
) {
    ledger::post_entry(
        store,
        u,
        &EntryInput {
            entry_date: date.into(),
            description: "Prueba".into(),
            kind: EntryKind::Regular,
            reference: String::new(),
            currency: cur.into(),
            rate: rate.map(str::to_string),
            lines: vec![line(dr, amount, ""), line(cr, "", amount)],
        },
    )
    .unwrap();
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn amounts(r: &StatementRow) -> (&str, &str) {
    (r.amount.as_str(), r.previous.as_str())
}

fn find<'a>(s: &'a StatementSection, code: &str) -> &'a StatementRow {
    s.rows
        .iter()
        .find(|r| r.account_code.as_deref() == Some(code))
        .unwrap_or_else(|| panic!("no row {code} in {}", s.key))
}

/// The worked example of the module docs: an opening, dues, salaries (USD and MXN),
/// equipment, a transfer between banks, dues received in advance and a transfer to reserves.
fn worked_example() -> (Store, User) {
    let (mut store, sg) = store_with_admin();
    let s = &mut store;
    post(
        s,
        &sg,
        "2023-01-02",
        "USD",
        None,
        "1102",
        "3101",
        "10000.00",
    );
    post(s, &sg, "2023-03-01", "USD", None, "1201", "4101", "5000.00");
    post(s, &sg, "2023-04-01", "USD", None, "1102", "1201", "3000.00");
    post(s, &sg, "2023-05-01", "USD", None, "5101", "1102", "2000.00");
    post(s, &sg, "2023-06-01", "USD", None, "1501", "1102", "1500.00");
    post(
        s,
        &sg,
        "2024-01-10",
        "MXN",
        Some("0.058"),
        "1101",
        "1102",
        "34500.00",
    );
    post(
        s,
        &sg,
        "2024-02-01",
        "MXN",
        Some("0.058"),
        "5101",
        "1101",
        "17250.00",
    );
    post(s, &sg, "2024-03-01", "USD", None, "1201", "4101", "5000.00");
    post(s, &sg, "2024-03-15", "USD", None, "1102", "2201", "2500.00");
    post(s, &sg, "2024-12-31", "USD", None, "3101", "3201", "1000.00");
    (store, sg)
}

#[test]
fn worked_example_figures() {
    let (store, _) = worked_example();
    let st = statements::statements(store.conn(), 2024, Language::En).unwrap();
    assert_eq!(
        (st.year, st.previous_year, st.currency.as_str()),
        (2024, 2023, "USD")
    );
    assert!(
        st.checks.balanced
            && st.checks.net_assets_reconcile
            && st.checks.cash_reconciles
            && st.checks.journal_balances
    );

    let p = &st.position;
    assert_eq!(
        amounts(find(&p.current_assets, "1102")),
        ("9999.00", "9500.00")
    );
    assert_eq!(
        amounts(find(&p.current_assets, "1101")),
        ("1000.50", "0.00")
    );
    assert_eq!(
        amounts(find(&p.current_assets, "1201")),
        ("7000.00", "2000.00")
    );
    assert_eq!(amounts(&p.non_current_assets.total), ("1500.00", "1500.00"));
    assert_eq!(amounts(&p.total_assets), ("19499.50", "13000.00"));
    assert_eq!(
        amounts(find(&p.current_liabilities, "2201")),
        ("2500.00", "0.00")
    );
    assert_eq!(amounts(&p.total_liabilities), ("2500.00", "0.00"));
    assert_eq!(
        amounts(find(&p.net_assets, "3101")),
        ("9000.00", "10000.00")
    );
    assert_eq!(amounts(find(&p.net_assets, "3201")), ("1000.00", "0.00"));
    let ops = p
        .net_assets
        .rows
        .iter()
        .find(|r| r.key == "surplus_from_operations")
        .unwrap();
    assert_eq!(amounts(ops), ("6999.50", "3000.00"));
    assert_eq!(ops.label, "Accumulated surplus (deficit) from operations");
    assert_eq!(amounts(&p.net_assets.total), ("16999.50", "13000.00"));
    assert_eq!(
        amounts(&p.total_liabilities_and_net_assets),
        ("19499.50", "13000.00")
    );
    assert_eq!(find(&p.current_assets, "1102").label, "Bank (USD)");

    let f = &st.performance;
    assert_eq!(amounts(find(&f.revenue, "4101")), ("5000.00", "5000.00"));
    assert_eq!(amounts(find(&f.expenses, "5101")), ("1000.50", "2000.00"));
    assert_eq!(amounts(&f.surplus), ("3999.50", "3000.00"));

    let n = &st.net_assets;
    assert_eq!(amounts(&n.opening), ("13000.00", "0.00"));
    assert_eq!(amounts(&n.surplus), ("3999.50", "3000.00"));
    let other: Vec<(&str, &str, &str)> = n
        .other_movements
        .iter()
        .map(|r| {
            (
                r.account_code.as_deref().unwrap(),
                r.amount.as_str(),
                r.previous.as_str(),
            )
        })
        .collect();
    assert_eq!(
        other,
        [
            ("3101", "-1000.00", "10000.00"),
            ("3201", "1000.00", "0.00")
        ]
    );
    assert_eq!(amounts(&n.closing), ("16999.50", "13000.00"));

    let c = &st.cash_flow;
    assert_eq!(
        amounts(find(&c.operating, "5101")),
        ("-1000.50", "-2000.00")
    );
    assert_eq!(amounts(find(&c.operating, "2201")), ("2500.00", "0.00"));
    assert_eq!(amounts(find(&c.operating, "1201")), ("0.00", "3000.00"));
    assert_eq!(amounts(&c.operating.total), ("1499.50", "11000.00"));
    assert_eq!(amounts(&c.investing.total), ("0.00", "-1500.00"));
    assert_eq!(amounts(&c.financing.total), ("0.00", "0.00"));
    assert_eq!(amounts(&c.net_change), ("1499.50", "9500.00"));
    assert_eq!(amounts(&c.opening_cash), ("9500.00", "0.00"));
    assert_eq!(amounts(&c.closing_cash), ("10999.50", "9500.00"));
    // The transfer between banks is no flow.
    assert!(c
        .operating
        .rows
        .iter()
        .all(|r| r.account_code.as_deref() != Some("1101")));

    let es = statements::statements(store.conn(), 2024, Language::Es).unwrap();
    assert_eq!(es.position.total_assets.label, "Total del activo");
    assert_eq!(
        find(&es.performance.revenue, "4101").label,
        "Cuotas de los miembros"
    );
}

#[test]
fn closed_years_are_marked_and_bad_years_refused() {
    let (mut store, sg) = worked_example();
    ledger::close_fiscal_year(&mut store, &sg, 2023).unwrap();
    let st = statements::statements(store.conn(), 2024, Language::Fr).unwrap();
    assert_eq!(
        (st.year_status, st.previous_year_status),
        (FiscalYearStatus::Open, FiscalYearStatus::Closed)
    );
    // A year with no entries yet: zeros, still balanced.
    let empty = statements::statements(store.conn(), 2030, Language::Pt).unwrap();
    assert_eq!(empty.position.total_assets.amount, "19499.50");
    assert_eq!(empty.performance.surplus.amount, "0.00");
    for y in [0u16, 1900, 2201, u16::MAX] {
        let e = statements::statements(store.conn(), y, Language::Es).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidValue, Some("year"))
        );
    }
}

// ---- properties ------------------------------------------------------------------------------

const ACCOUNTS: [&str; 17] = [
    "1101", "1102", "1201", "1301", "1501", "2101", "2201", "2501", "3101", "3201", "4101", "4201",
    "4301", "5101", "5301", "5601", "5701",
];

fn sum_rows(rows: &[StatementRow]) -> Decimal {
    rows.iter().map(|r| d(&r.amount)).sum()
}

fn sql_cents(store: &Store, sql: &str) -> Decimal {
    Decimal::new(
        store
            .conn()
            .query_row(sql, [], |r| r.get::<_, i64>(0))
            .unwrap(),
        2,
    )
}

/// What the statements must satisfy, checked from their figures and from the journal itself.
fn check_ties(store: &Store, st: &Statements) -> Result<(), TestCaseError> {
    prop_assert!(
        st.checks.balanced
            && st.checks.net_assets_reconcile
            && st.checks.cash_reconciles
            && st.checks.journal_balances,
        "{:?}",
        st.checks
    );
    let p = &st.position;
    for pick in [
        |r: &StatementRow| d(&r.amount),
        |r: &StatementRow| d(&r.previous),
    ] {
        prop_assert_eq!(
            pick(&p.total_assets),
            pick(&p.total_liabilities_and_net_assets)
        );
        prop_assert_eq!(
            pick(&p.total_assets),
            pick(&p.current_assets.total) + pick(&p.non_current_assets.total)
        );
        prop_assert_eq!(
            pick(&p.total_liabilities_and_net_assets),
            pick(&p.total_liabilities) + pick(&p.net_assets.total)
        );
        let n = &st.net_assets;
        let other: Decimal = n.other_movements.iter().map(pick).sum();
        prop_assert_eq!(
            pick(&n.opening) + pick(&n.surplus) + other,
            pick(&n.closing)
        );
        prop_assert_eq!(pick(&n.closing), pick(&p.net_assets.total));
        let c = &st.cash_flow;
        prop_assert_eq!(
            pick(&c.opening_cash) + pick(&c.net_change),
            pick(&c.closing_cash)
        );
        prop_assert_eq!(
            pick(&c.net_change),
            pick(&c.operating.total) + pick(&c.investing.total) + pick(&c.financing.total)
        );
    }
    prop_assert_eq!(
        sum_rows(&p.current_assets.rows),
        d(&p.current_assets.total.amount)
    );
    // From the journal directly.
    let y = st.year;
    let cash = sql_cents(store, &format!(
        "SELECT coalesce(sum(l.debit_rep - l.credit_rep), 0) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         JOIN accounts a ON a.id = l.account_id WHERE a.cash_flow = 'cash' AND e.entry_date <= '{y}-12-31'"));
    prop_assert_eq!(d(&st.cash_flow.closing_cash.amount), cash);
    let surplus = sql_cents(store, &format!(
        "SELECT coalesce(sum(l.credit_rep - l.debit_rep), 0) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         JOIN accounts a ON a.id = l.account_id WHERE a.kind IN ('revenue','expense') AND e.fiscal_year = {y}"));
    prop_assert_eq!(d(&st.performance.surplus.amount), surplus);
    let assets = sql_cents(store, &format!(
        "SELECT coalesce(sum(l.debit_rep - l.credit_rep), 0) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
         JOIN accounts a ON a.id = l.account_id WHERE a.kind = 'asset' AND e.entry_date <= '{y}-12-31'"));
    prop_assert_eq!(d(&p.total_assets.amount), assets);
    Ok(())
}

/// (year offset, day of year, lines (account, is debit, cents), MXN rate in 1/100000).
type RandomEntry = (u8, u16, Vec<(usize, bool, u32)>, Option<u32>);

fn random_entry() -> impl Strategy<Value = RandomEntry> {
    (
        0u8..2,    // year offset (2023 or 2024)
        0u16..365, // day of year
        prop::collection::vec((0..ACCOUNTS.len(), any::<bool>(), 1u32..5_000_000), 1..5),
        prop::option::of(1u32..30_000), // MXN rate in 1/100000 (None: USD)
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn statements_tie_for_any_stream_of_entries(entries in prop::collection::vec(random_entry(), 1..40)) {
        let (mut store, sg) = store_with_admin();
        for (yo, day, raw, rate) in entries {
            let date = chrono::NaiveDate::from_yo_opt(2023 + i32::from(yo), 1).unwrap() + chrono::Days::new(u64::from(day));
            let cents = |c: i64| Decimal::new(c, 2).to_string();
            let mut net = 0i64;
            let mut lines = Vec::new();
            for &(a, debit, c) in &raw {
                let c = i64::from(c);
                if debit { net += c; lines.push(line(ACCOUNTS[a], &cents(c), "")); }
                else { net -= c; lines.push(line(ACCOUNTS[a], "", &cents(c))); }
            }
            let tail = ACCOUNTS[(raw[0].0 + 7) % ACCOUNTS.len()];
            match net {
                0 => { lines.push(line(tail, "0.01", "")); lines.push(line("1102", "", "0.01")); }
                n if n > 0 => lines.push(line(tail, "", &cents(n))),
                n => lines.push(line(tail, &cents(-n), "")),
            }
            let (currency, rate) = match rate {
                Some(r) => ("MXN", Some(Decimal::new(i64::from(r), 5).to_string())),
                None => ("USD", None),
            };
            ledger::post_entry(&mut store, &sg, &EntryInput {
                entry_date: date.to_string(),
                description: "Movimiento".into(),
                kind: EntryKind::Regular,
                reference: String::new(),
                currency: currency.into(),
                rate,
                lines,
            }).unwrap();
        }
        let y23 = statements::statements(store.conn(), 2023, Language::Es).unwrap();
        let y24 = statements::statements(store.conn(), 2024, Language::Es).unwrap();
        check_ties(&store, &y23)?;
        check_ties(&store, &y24)?;
        // The comparative column is the previous year's statement.
        prop_assert_eq!(&y24.position.total_assets.previous, &y23.position.total_assets.amount);
        prop_assert_eq!(&y24.net_assets.opening.amount, &y23.net_assets.closing.amount);
        prop_assert_eq!(&y24.cash_flow.opening_cash.amount, &y23.cash_flow.closing_cash.amount);
        prop_assert_eq!(&y24.performance.surplus.previous, &y23.performance.surplus.amount);
    }
}
