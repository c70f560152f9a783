//! The finance demo: three fiscal years that make every finance screen show something real.

mod common;

use chrono::Datelike;
use despacho_core::budget;
use despacho_core::demo;
use despacho_core::dues::{self, VotingReason};
use despacho_core::projection;
use despacho_core::store::today;
use despacho_core::users::{Language, Role};

#[test]
fn the_demo_has_three_years_of_dues_books_budgets_and_a_projection() {
    let (mut store, admin) = common::store_with_admin();
    let report = demo::load(&mut store, &admin).unwrap();
    let f = &report.finance;
    assert_eq!(f.years, 3);
    assert!(f.invoices >= 2 * 25, "{f:?}");
    assert!(f.payments >= 2 * 22, "{f:?}");
    assert!(f.entries > 100, "{f:?}");

    // Members in arrears: two without the vote, one kept by its payment plan.
    let status = dues::dues_status(store.conn(), today()).unwrap();
    let by = |acronym: &str| status.iter().find(|s| s.member_acronym == acronym).unwrap();
    for (acronym, _) in despacho_core::demo_finance::ARREARS {
        assert!(
            by(acronym).years_owed >= 2,
            "{acronym} owes two years or more"
        );
    }
    assert!(!by("IESS").may_vote);
    assert_eq!(by("IESS").reason, VotingReason::InArrears);
    assert!(by("IHSS").may_vote);
    assert_eq!(by("IHSS").reason, VotingReason::PaymentPlan);
    assert!(!by("CNS").may_vote);
    assert!(by("IMSS").may_vote);
    assert_eq!(by("IMSS").owed, "0.00");
    let without_vote = status.iter().filter(|s| !s.may_vote).count();
    assert!(without_vote >= 2);

    // Last year's budget vs actual has actuals on revenue and expense lines, and a revision waits.
    let last = (today().year() - 1) as u16;
    let bva = budget::budget_vs_actual(store.conn(), last, Language::Es).unwrap();
    let line = |code: &str| bva.lines.iter().find(|l| l.code == code).unwrap();
    assert_ne!(
        line("I.1").amounts.actual,
        "0.00",
        "dues income counts against I.1"
    );
    assert_ne!(
        line("1.1").amounts.actual,
        "0.00",
        "salaries in pesos count in dollars"
    );
    assert_ne!(line("2.1").explanation, "");
    let revisions = budget::list_revisions(store.conn(), last).unwrap();
    assert_eq!(revisions.len(), 1);

    // The triennial projection runs.
    let projections = projection::list_projections(store.conn()).unwrap();
    assert_eq!(projections.len(), 1);
    let view = projection::run_projection(store.conn(), &projections[0].id, Language::Es).unwrap();
    assert_eq!(view.scenarios.len(), 3);

    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn the_desk_shows_this_years_spending_per_unit_only_when_the_year_has_a_budget() {
    let (mut store, admin) = common::store_with_admin();
    let desk = despacho_core::desk::desk(store.conn(), Language::Es).unwrap();
    assert_eq!(desk.budget_execution, None, "no budget, no section");
    assert_eq!(desk.obligations, None, "no obligations, no section");
    assert!(desk.postulations_to_review.is_empty());

    demo::load(&mut store, &admin).unwrap();
    let year = today().year() as u16;
    let exec = despacho_core::desk::desk(store.conn(), Language::En)
        .unwrap()
        .budget_execution
        .expect("the demo has a budget for this year");
    assert_eq!(exec.year, year);
    assert!(!exec.units.is_empty());
    // Each unit agrees with the year's budget comparison, and the units add up to the total.
    let bva = budget::budget_vs_actual(store.conn(), year, Language::En).unwrap();
    let dec = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    let mut final_sum = rust_decimal::Decimal::ZERO;
    for u in &exec.units {
        let full = bva.units.iter().find(|b| b.code == u.code).unwrap();
        assert_eq!(u.final_budget, full.expense.final_budget);
        assert_eq!(u.actual, full.expense.actual);
        assert_eq!(u.name, full.name, "named in the asked language");
        assert!(u.final_budget != "0.00" || u.actual != "0.00");
        if let Some(p) = &u.executed_pct {
            let expected = (dec(&u.actual) * rust_decimal::Decimal::ONE_HUNDRED
                / dec(&u.final_budget))
            .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            assert_eq!(dec(p), expected, "{}", u.code);
        } else {
            assert_eq!(u.final_budget, "0.00");
        }
        final_sum += dec(&u.final_budget);
    }
    assert_eq!(final_sum, dec(&exec.total.final_budget));
    assert_eq!(exec.total.actual, bva.expense.actual);
    assert!(
        exec.units.iter().any(|u| u.actual != "0.00"),
        "the demo has spent this year"
    );
}

#[test]
fn an_administrator_who_may_not_keep_the_books_gets_the_demo_without_finance() {
    let (mut store, admin) = common::store_with_admin();
    let chief = common::user_with_role(&mut store, &admin, "jefa", Role::ChiefOfStaff);
    let mut chief_admin = chief.clone();
    chief_admin.is_admin = true;
    let report = demo::load(&mut store, &chief_admin).unwrap();
    assert_eq!(report.finance.entries, 0);
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM journal_entries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn the_demo_statements_tie_and_the_year_before_last_is_closed() {
    use despacho_core::ledger::{self, FiscalYearStatus};
    use despacho_core::statements;
    let (mut store, admin) = common::store_with_admin();
    demo::load(&mut store, &admin).unwrap();
    let y = today().year() as u16;
    let closed = ledger::fiscal_year(store.conn(), y - 2).unwrap().unwrap();
    assert_eq!(closed.status, FiscalYearStatus::Closed);
    for year in [y - 1, y] {
        let s = statements::statements(store.conn(), year, Language::Es).unwrap();
        let c = &s.checks;
        assert!(
            c.balanced && c.net_assets_reconcile && c.cash_reconciles && c.journal_balances,
            "{year}: {c:?}"
        );
        assert!(s.budget_vs_actual.is_some());
        assert_ne!(s.performance.surplus.amount, "0.00");
    }
    // The opening balances are not a flow of the first year: they are its opening cash.
    let first = statements::statements(store.conn(), y - 2, Language::Es).unwrap();
    let flows: Vec<_> = first
        .cash_flow
        .operating
        .rows
        .iter()
        .chain(&first.cash_flow.financing.rows)
        .filter_map(|r| r.account_code.as_deref())
        .collect();
    assert!(
        !flows.contains(&"3101") && !flows.contains(&"3201"),
        "{flows:?}"
    );
    assert_ne!(first.cash_flow.opening_cash.amount, "0.00");
    assert!(first.checks.cash_reconciles);
    let last = statements::statements(store.conn(), y - 1, Language::Es).unwrap();
    let owing: Vec<_> = last
        .notes
        .dues_receivable
        .iter()
        .map(|r| r.member_acronym.as_str())
        .collect();
    for (acronym, _) in despacho_core::demo_finance::ARREARS {
        assert!(
            owing.contains(&acronym),
            "{acronym} owes at the end of last year: {owing:?}"
        );
    }
}
