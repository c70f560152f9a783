mod common;

use common::{fingerprint, store_with_admin, user_with_role};
use despacho_core::budget::{
    self, BudgetLineInput, BudgetStatus, CostCurrency, Driver, LineKind, LineNames, RevisionStatus,
    TransferInput,
};
use despacho_core::ledger::{self, EntryInput, EntryKind, LineInput};
use despacho_core::users::{Language, Role, User};
use despacho_core::{ErrorCode, Store};
use proptest::prelude::*;

// Seeded lines (migration 0005).
const DUES: &str = "01940000-0000-7000-8004-000000000001";
const CIESS_SERVICES: &str = "01940000-0000-7000-8004-000000000002";
const SALARIES: &str = "01940000-0000-7000-8004-000000000011";
const ASSEMBLY: &str = "01940000-0000-7000-8004-000000000021";
const MISSIONS: &str = "01940000-0000-7000-8004-000000000031";
const PUBLICATIONS: &str = "01940000-0000-7000-8004-000000000041";
const SG_UNIT: &str = "01940000-0000-7000-8001-000000000001";
const STAFF_CHAPTER: &str = "01940000-0000-7000-8003-000000000001";

/// Every budget table's count, the audit log and the connection's total changes.
fn finance_fingerprint(store: &Store) -> Vec<i64> {
    let mut out: Vec<i64> = [
        "audit_log",
        "budget_chapters",
        "budget_lines",
        "budgets",
        "budget_amounts",
        "budget_revisions",
        "budget_transfers",
        "journal_entries",
    ]
    .iter()
    .map(|t| {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect();
    let fp = fingerprint(store);
    out.push(fp.3);
    out
}

fn amounts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(l, a)| (l.to_string(), a.to_string()))
        .collect()
}

fn transfer(from: &str, to: &str, amount: &str) -> TransferInput {
    TransferInput {
        from_line_id: from.into(),
        to_line_id: to.into(),
        amount: amount.into(),
    }
}

/// An approved 2025 budget; returns (store, SG, finance officer).
fn approved_budget() -> (Store, User, User) {
    let (mut store, sg) = store_with_admin();
    let fin = user_with_role(&mut store, &sg, "fin", Role::ManagingFinances);
    budget::set_original(
        &mut store,
        &fin,
        2025,
        &amounts(&[
            (DUES, "500000"),
            (CIESS_SERVICES, "40000"),
            (SALARIES, "300000"),
            (ASSEMBLY, "50000"),
            (MISSIONS, "20000"),
            (PUBLICATIONS, "10000.50"),
        ]),
    )
    .unwrap();
    budget::approve_budget(&mut store, &sg, 2025).unwrap();
    (store, sg, fin)
}

fn line_final(store: &Store, year: u16, line: &str) -> String {
    budget::get_budget(store.conn(), year, Language::En)
        .unwrap()
        .lines
        .into_iter()
        .find(|l| l.line_id == line)
        .unwrap()
        .final_budget
}

#[test]
fn structure_is_seeded_and_named_per_language() {
    let (store, _) = store_with_admin();
    let en = budget::list_structure(store.conn(), Language::En, false).unwrap();
    let codes: Vec<&str> = en.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["I", "1", "2", "3", "4", "5", "6"]);
    assert_eq!(en[0].kind, LineKind::Revenue);
    assert_eq!(en[2].name, "Statutory meetings");
    let meetings: Vec<&str> = en[2].lines.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        meetings,
        [
            "General Assembly",
            "Standing Committee",
            "American Social Security Commissions (CASS)"
        ]
    );
    let es = budget::list_structure(store.conn(), Language::Es, false).unwrap();
    assert_eq!(es[1].lines[0].name, "Sueldos y prestaciones");
    assert_eq!(es[1].lines[0].cost_currency, CostCurrency::Mxn);
    assert_eq!(es[1].lines[0].driver, Driver::Salaries);
}

#[test]
fn create_rename_and_archive_a_line() {
    let (mut store, sg) = store_with_admin();
    let fin = user_with_role(&mut store, &sg, "fin", Role::ManagingFinances);
    let input = BudgetLineInput {
        chapter_id: STAFF_CHAPTER.into(),
        code: "1.2".into(),
        names: LineNames {
            es: "Consultores".into(),
            en: "Consultants".into(),
            ..Default::default()
        },
        unit_id: SG_UNIT.into(),
        account_code: "5101".into(),
        driver: Driver::Inflation,
        cost_currency: CostCurrency::Usd,
    };
    let line = budget::create_line(&mut store, &fin, &input).unwrap();
    assert_eq!(line.kind, LineKind::Expense);
    assert_eq!(line.position, 2);
    // Portuguese falls back to Spanish.
    let pt = budget::get_line(store.conn(), &line.id, Language::Pt).unwrap();
    assert_eq!(pt.name, "Consultores");
    // Duplicate code, wrong-kind account.
    let e = budget::create_line(&mut store, &fin, &input).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Duplicate, Some("code"))
    );
    let e = budget::create_line(
        &mut store,
        &fin,
        &BudgetLineInput {
            code: "1.3".into(),
            account_code: "4101".into(),
            ..input.clone()
        },
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("account_code"));

    let renamed = budget::rename_line(
        &mut store,
        &fin,
        &line.id,
        &LineNames {
            es: "Consultorías".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(renamed.names.es, "Consultorías");
    budget::archive_line(&mut store, &fin, &line.id).unwrap();
    let live = budget::list_structure(store.conn(), Language::Es, false).unwrap();
    assert!(live[1].lines.iter().all(|l| l.id != line.id));
    // An archived line takes no amounts.
    let e = budget::set_original(&mut store, &fin, 2026, &amounts(&[(&line.id, "1")])).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("amounts[0].line_id"));
}

#[test]
fn original_is_frozen_once_approved() {
    let (mut store, sg, fin) = approved_budget();
    let b = budget::get_budget(store.conn(), 2025, Language::En).unwrap();
    assert_eq!(b.status, BudgetStatus::Approved);
    assert_eq!(b.currency, "USD");
    assert_eq!(b.original_revenue, "540000.00");
    assert_eq!(b.original_expense, "380000.50");
    let before = finance_fingerprint(&store);
    let e = budget::set_original(&mut store, &fin, 2025, &amounts(&[(DUES, "1")])).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("year"))
    );
    let e = budget::approve_budget(&mut store, &sg, 2025).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    assert_eq!(finance_fingerprint(&store), before);
}

#[test]
fn only_the_secretary_general_approves_a_budget() {
    let (mut store, sg) = store_with_admin();
    let fin = user_with_role(&mut store, &sg, "fin", Role::ManagingFinances);
    budget::set_original(&mut store, &fin, 2026, &amounts(&[(DUES, "10")])).unwrap();
    let before = finance_fingerprint(&store);
    let e = budget::approve_budget(&mut store, &fin, 2026).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(finance_fingerprint(&store), before);
    // An empty year cannot be approved.
    let e = budget::approve_budget(&mut store, &sg, 2027).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn revision_approval_is_refused_to_the_proposer_and_to_managing_finances() {
    let (mut store, sg, fin) = approved_budget();
    // Proposed by the Secretary-General: she cannot decide it herself.
    let rev = budget::propose_revision(
        &mut store,
        &sg,
        2025,
        "More missions",
        &[transfer(PUBLICATIONS, MISSIONS, "1000")],
    )
    .unwrap();
    assert_eq!(rev.number, 1);
    assert_eq!(rev.status, RevisionStatus::Proposed);
    let before = finance_fingerprint(&store);
    let e = budget::decide_revision(&mut store, &sg, &rev.id, true, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(e.message.contains("proposed"), "{}", e.message);
    // Managing & Finances lacks ApproveFinances.
    let e = budget::decide_revision(&mut store, &fin, &rev.id, true, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(finance_fingerprint(&store), before);
    assert_eq!(line_final(&store, 2025, MISSIONS), "20000.00");

    // Proposed by the finance officer, approved by the Secretary-General.
    let rev2 = budget::propose_revision(
        &mut store,
        &fin,
        2025,
        "Assembly venue",
        &[transfer(PUBLICATIONS, ASSEMBLY, "500.25")],
    )
    .unwrap();
    assert_eq!(rev2.number, 2);
    let done = budget::decide_revision(&mut store, &sg, &rev2.id, true, "Agreed").unwrap();
    assert_eq!(done.status, RevisionStatus::Approved);
    assert_eq!(done.decided_by.as_deref(), Some(sg.id.as_str()));
    // Decided once only.
    let e = budget::decide_revision(&mut store, &sg, &rev2.id, false, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    assert_eq!(budget::list_revisions(store.conn(), 2025).unwrap().len(), 2);
}

#[test]
fn approved_transfers_move_the_final_budget_and_rejected_ones_do_not() {
    let (mut store, sg, fin) = approved_budget();
    let rejected = budget::propose_revision(
        &mut store,
        &fin,
        2025,
        "Try",
        &[transfer(SALARIES, MISSIONS, "7000")],
    )
    .unwrap();
    budget::decide_revision(&mut store, &sg, &rejected.id, false, "No").unwrap();
    assert_eq!(line_final(&store, 2025, SALARIES), "300000.00");
    assert_eq!(line_final(&store, 2025, MISSIONS), "20000.00");

    let approved = budget::propose_revision(
        &mut store,
        &fin,
        2025,
        "Missions to the Caribbean",
        &[
            transfer(SALARIES, MISSIONS, "7000"),
            transfer(PUBLICATIONS, MISSIONS, "0.50"),
        ],
    )
    .unwrap();
    budget::decide_revision(&mut store, &sg, &approved.id, true, "").unwrap();
    assert_eq!(line_final(&store, 2025, SALARIES), "293000.00");
    assert_eq!(line_final(&store, 2025, MISSIONS), "27000.50");
    assert_eq!(line_final(&store, 2025, PUBLICATIONS), "10000.00");
    let b = budget::get_budget(store.conn(), 2025, Language::En).unwrap();
    assert_eq!(b.final_expense, b.original_expense);
    // The original stays as approved.
    let sal = b.lines.iter().find(|l| l.line_id == SALARIES).unwrap();
    assert_eq!(sal.original, "300000.00");
}

#[test]
fn transfers_may_not_make_a_line_negative_nor_cross_kinds() {
    let (mut store, sg, fin) = approved_budget();
    let before = finance_fingerprint(&store);
    let e = budget::propose_revision(
        &mut store,
        &fin,
        2025,
        "Too much",
        &[transfer(MISSIONS, ASSEMBLY, "20000.01")],
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("transfers[0].amount"))
    );
    // Cumulative within one revision.
    let e = budget::propose_revision(
        &mut store,
        &fin,
        2025,
        "Twice",
        &[
            transfer(MISSIONS, ASSEMBLY, "15000"),
            transfer(MISSIONS, PUBLICATIONS, "5001"),
        ],
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("transfers[1].amount"));
    let e = budget::propose_revision(
        &mut store,
        &fin,
        2025,
        "Same",
        &[transfer(MISSIONS, MISSIONS, "1")],
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("transfers[0].to_line_id"));
    let e = budget::propose_revision(
        &mut store,
        &fin,
        2025,
        "Cross",
        &[transfer(DUES, MISSIONS, "1")],
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("transfers[0].to_line_id"));
    assert_eq!(finance_fingerprint(&store), before);

    // Two proposals that each fit but not together: the second approval is refused.
    let a = budget::propose_revision(
        &mut store,
        &fin,
        2025,
        "A",
        &[transfer(MISSIONS, ASSEMBLY, "15000")],
    )
    .unwrap();
    let b = budget::propose_revision(
        &mut store,
        &fin,
        2025,
        "B",
        &[transfer(MISSIONS, PUBLICATIONS, "15000")],
    )
    .unwrap();
    budget::decide_revision(&mut store, &sg, &a.id, true, "").unwrap();
    let before = finance_fingerprint(&store);
    let e = budget::decide_revision(&mut store, &sg, &b.id, true, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    assert_eq!(finance_fingerprint(&store), before);
    assert_eq!(
        budget::get_revision(store.conn(), &b.id).unwrap().status,
        RevisionStatus::Proposed
    );
}

#[test]
fn a_draft_budget_takes_no_revision() {
    let (mut store, sg) = store_with_admin();
    budget::set_original(&mut store, &sg, 2026, &amounts(&[(MISSIONS, "10")])).unwrap();
    let e = budget::propose_revision(
        &mut store,
        &sg,
        2026,
        "x",
        &[transfer(MISSIONS, ASSEMBLY, "1")],
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("year"));
}

fn post(store: &mut Store, actor: &User, date: &str, lines: Vec<LineInput>) {
    ledger::post_entry(
        store,
        actor,
        &EntryInput {
            entry_date: date.into(),
            description: "Test entry".into(),
            kind: EntryKind::Regular,
            reference: String::new(),
            currency: "USD".into(),
            rate: Some("1".into()),
            lines,
        },
    )
    .unwrap();
}

fn dr(account: &str, amount: &str, line: Option<&str>) -> LineInput {
    LineInput {
        account: account.into(),
        debit: amount.into(),
        budget_line_id: line.map(String::from),
        ..Default::default()
    }
}

fn cr(account: &str, amount: &str, line: Option<&str>) -> LineInput {
    LineInput {
        account: account.into(),
        credit: amount.into(),
        budget_line_id: line.map(String::from),
        ..Default::default()
    }
}

/// Missions: 26,000 spent less a 1,000 refund in 2025, and 999 in 2024 (another year's entry,
/// which does not count in 2025).
fn missions_spending(store: &mut Store, fin: &User) {
    post(
        store,
        fin,
        "2025-03-10",
        vec![
            dr("5301", "26000", Some(MISSIONS)),
            cr("1102", "26000", None),
        ],
    );
    post(
        store,
        fin,
        "2025-04-10",
        vec![dr("1102", "1000", None), cr("5301", "1000", Some(MISSIONS))],
    );
    post(
        store,
        fin,
        "2024-12-31",
        vec![dr("5301", "999", Some(MISSIONS)), cr("1102", "999", None)],
    );
}

#[test]
fn budget_against_actual_from_posted_entries() {
    let (mut store, sg, fin) = approved_budget();
    let rev = budget::propose_revision(
        &mut store,
        &fin,
        2025,
        "Missions",
        &[transfer(PUBLICATIONS, MISSIONS, "5000")],
    )
    .unwrap();
    budget::decide_revision(&mut store, &sg, &rev.id, true, "").unwrap();
    // Missions: 26,000 spent less a 1,000 refund = 25,000 against a final 25,000.
    missions_spending(&mut store, &fin);
    // Publications: 3,000.25 spent against a final 5,000.50.
    post(
        &mut store,
        &fin,
        "2025-05-10",
        vec![
            dr("5401", "3000.25", Some(PUBLICATIONS)),
            cr("1102", "3000.25", None),
        ],
    );
    // Dues: 510,000 collected against 500,000.
    post(
        &mut store,
        &fin,
        "2025-01-15",
        vec![dr("1102", "510000", None), cr("4101", "510000", Some(DUES))],
    );
    budget::set_explanation(
        &mut store,
        &fin,
        2025,
        PUBLICATIONS,
        "Printing moved to 2026",
    )
    .unwrap();

    let r = budget::budget_vs_actual(store.conn(), 2025, Language::En).unwrap();
    assert_eq!(r.currency, "USD");
    let line = |id: &str| r.lines.iter().find(|l| l.line_id == id).unwrap();
    let m = &line(MISSIONS).amounts;
    assert_eq!(
        (
            m.original.as_str(),
            m.final_budget.as_str(),
            m.actual.as_str(),
            m.variance.as_str()
        ),
        ("20000.00", "25000.00", "25000.00", "0.00")
    );
    assert_eq!(m.variance_pct.as_deref(), Some("0.0"));
    let p = line(PUBLICATIONS);
    assert_eq!(p.amounts.final_budget, "5000.50");
    assert_eq!(p.amounts.actual, "3000.25");
    assert_eq!(p.amounts.variance, "2000.25"); // favourable: unspent
    assert_eq!(p.amounts.variance_pct.as_deref(), Some("40.0")); // 2000.25 / 5000.50
    assert_eq!(p.explanation, "Printing moved to 2026");
    let d = &line(DUES).amounts;
    assert_eq!(d.actual, "510000.00");
    assert_eq!(d.variance, "10000.00"); // favourable: more collected
    assert_eq!(d.variance_pct.as_deref(), Some("2.0"));
    // Salaries: budgeted, nothing spent.
    assert_eq!(line(SALARIES).amounts.variance, "300000.00");
    // A line with no budget and no actual has no percentage.
    assert_eq!(
        line(ledger_line_standing_committee()).amounts.variance_pct,
        None
    );

    assert_eq!(r.expense.original, "380000.50");
    assert_eq!(r.expense.final_budget, "380000.50");
    assert_eq!(r.expense.actual, "28000.25");
    assert_eq!(r.expense.variance, "352000.25");
    assert_eq!(r.revenue.actual, "510000.00");
    assert_eq!(r.net.actual, "481999.75");
    assert_eq!(r.net.final_budget, "159999.50");
    // Revenue −30,000 (CIESS services uncollected −40,000, dues +10,000) + expense 352,000.25.
    assert_eq!(r.net.variance, "322000.25");
    let ch3 = r.chapters.iter().find(|c| c.code == "3").unwrap();
    assert_eq!(ch3.amounts.actual, "25000.00");
    let devc = r.units.iter().find(|u| u.code == "DEVC").unwrap();
    // DEVC holds missions (3.1) and publications (4.1) among the budgeted lines.
    assert_eq!(devc.expense.actual, "28000.25");
    assert_eq!(devc.expense.final_budget, "30000.50");
}

fn ledger_line_standing_committee() -> &'static str {
    "01940000-0000-7000-8004-000000000022"
}

#[test]
fn refusals_for_roles_without_the_right() {
    let (mut store, sg, _fin) = approved_budget();
    for (name, role) in [
        ("staff", Role::Staff),
        ("auditor", Role::Auditor),
        ("linking", Role::LinkingCooperation),
        ("chief", Role::ChiefOfStaff),
    ] {
        let u = user_with_role(&mut store, &sg, name, role);
        let before = finance_fingerprint(&store);
        let errs = [
            budget::set_original(&mut store, &u, 2026, &amounts(&[(DUES, "1")])).unwrap_err(),
            budget::approve_budget(&mut store, &u, 2025).unwrap_err(),
            budget::propose_revision(
                &mut store,
                &u,
                2025,
                "x",
                &[transfer(MISSIONS, ASSEMBLY, "1")],
            )
            .unwrap_err(),
            budget::set_explanation(&mut store, &u, 2025, DUES, "x").unwrap_err(),
            budget::archive_line(&mut store, &u, DUES).unwrap_err(),
            budget::rename_line(
                &mut store,
                &u,
                DUES,
                &LineNames {
                    es: "x".into(),
                    ..Default::default()
                },
            )
            .unwrap_err(),
        ];
        for e in errs {
            assert_eq!(e.code, ErrorCode::Forbidden, "{name}: {e:?}");
        }
        assert_eq!(finance_fingerprint(&store), before, "{name}");
    }
}

#[test]
fn unknown_ids_hostile_strings_and_bad_amounts_write_nothing() {
    let (mut store, sg, fin) = approved_budget();
    let before = finance_fingerprint(&store);
    let cases: Vec<(despacho_core::AppError, ErrorCode, Option<&str>)> = vec![
        (
            budget::set_original(&mut store, &fin, 2026, &amounts(&[("nope", "1")])).unwrap_err(),
            ErrorCode::NotFound,
            Some("amounts[0].line_id"),
        ),
        (
            budget::set_original(
                &mut store,
                &fin,
                2026,
                &amounts(&[("'; DROP TABLE budgets; --", "1")]),
            )
            .unwrap_err(),
            ErrorCode::NotFound,
            Some("amounts[0].line_id"),
        ),
        (
            budget::set_original(&mut store, &fin, 2026, &amounts(&[(DUES, "-1")])).unwrap_err(),
            ErrorCode::InvalidValue,
            Some("amounts[0].amount"),
        ),
        (
            budget::set_original(&mut store, &fin, 2026, &amounts(&[(DUES, "1e3")])).unwrap_err(),
            ErrorCode::InvalidFormat,
            Some("amounts[0].amount"),
        ),
        (
            budget::set_original(&mut store, &fin, 2026, &amounts(&[(DUES, "NaN")])).unwrap_err(),
            ErrorCode::InvalidFormat,
            Some("amounts[0].amount"),
        ),
        (
            budget::set_original(
                &mut store,
                &fin,
                2026,
                &amounts(&[(DUES, "99999999999999999999")]),
            )
            .unwrap_err(),
            ErrorCode::InvalidValue,
            Some("amounts[0].amount"),
        ),
        (
            budget::set_original(
                &mut store,
                &fin,
                2026,
                &amounts(&[(DUES, "1"), (DUES, "2")]),
            )
            .unwrap_err(),
            ErrorCode::Duplicate,
            Some("amounts[1].line_id"),
        ),
        (
            budget::set_original(&mut store, &fin, 3000, &amounts(&[(DUES, "1")])).unwrap_err(),
            ErrorCode::InvalidValue,
            Some("year"),
        ),
        (
            budget::propose_revision(
                &mut store,
                &fin,
                2025,
                "bad\u{0}reason",
                &[transfer(MISSIONS, ASSEMBLY, "1")],
            )
            .unwrap_err(),
            ErrorCode::InvalidFormat,
            Some("reason"),
        ),
        (
            budget::propose_revision(
                &mut store,
                &fin,
                2025,
                "x",
                &[transfer(MISSIONS, ASSEMBLY, "0")],
            )
            .unwrap_err(),
            ErrorCode::InvalidValue,
            Some("transfers[0].amount"),
        ),
        (
            budget::propose_revision(
                &mut store,
                &fin,
                2025,
                "x",
                &[transfer("<script>", ASSEMBLY, "1")],
            )
            .unwrap_err(),
            ErrorCode::NotFound,
            Some("transfers[0].from_line_id"),
        ),
        (
            budget::propose_revision(
                &mut store,
                &fin,
                2024,
                "x",
                &[transfer(MISSIONS, ASSEMBLY, "1")],
            )
            .unwrap_err(),
            ErrorCode::NotFound,
            Some("year"),
        ),
        (
            budget::propose_revision(
                &mut store,
                &fin,
                2025,
                "  ",
                &[transfer(MISSIONS, ASSEMBLY, "1")],
            )
            .unwrap_err(),
            ErrorCode::Required,
            Some("reason"),
        ),
        (
            budget::decide_revision(&mut store, &sg, "missing", true, "").unwrap_err(),
            ErrorCode::NotFound,
            Some("revision_id"),
        ),
        (
            budget::set_explanation(&mut store, &fin, 2025, DUES, &"x".repeat(4001)).unwrap_err(),
            ErrorCode::TooLong,
            Some("explanation"),
        ),
        (
            budget::set_explanation(&mut store, &fin, 2025, "missing", "x").unwrap_err(),
            ErrorCode::NotFound,
            Some("line_id"),
        ),
        (
            budget::rename_line(
                &mut store,
                &fin,
                DUES,
                &LineNames {
                    es: "a\u{7}b".into(),
                    ..Default::default()
                },
            )
            .unwrap_err(),
            ErrorCode::InvalidFormat,
            Some("names.es"),
        ),
        (
            budget::archive_line(&mut store, &fin, "missing").unwrap_err(),
            ErrorCode::NotFound,
            Some("line_id"),
        ),
    ];
    for (e, code, field) in cases {
        assert_eq!((e.code, e.field.as_deref()), (code, field), "{e:?}");
    }
    assert_eq!(finance_fingerprint(&store), before);
    // Hostile text that is allowed is stored verbatim, not interpreted.
    let hostile = "Robert'); DROP TABLE budget_lines;-- <b>ñ</b>";
    budget::set_explanation(&mut store, &fin, 2025, DUES, hostile).unwrap();
    let r = budget::budget_vs_actual(store.conn(), 2025, Language::Es).unwrap();
    assert_eq!(
        r.lines
            .iter()
            .find(|l| l.line_id == DUES)
            .unwrap()
            .explanation,
        hostile
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever transfers are approved, each kind's final total equals its original total and
    /// no line's final budget is negative.
    #[test]
    fn transfers_conserve_the_total(moves in proptest::collection::vec((0usize..4, 0usize..4, 1i64..3_000_000), 1..8)) {
        let (mut store, sg, fin) = approved_budget();
        let lines = [SALARIES, ASSEMBLY, MISSIONS, PUBLICATIONS];
        for (f, t, cents) in moves {
            if f == t { continue; }
            let amount = format!("{}.{:02}", cents / 100, cents % 100);
            if let Ok(rev) = budget::propose_revision(&mut store, &fin, 2025, "move", &[transfer(lines[f], lines[t], &amount)]) {
                let _ = budget::decide_revision(&mut store, &sg, &rev.id, true, "");
            }
        }
        let b = budget::get_budget(store.conn(), 2025, Language::En).unwrap();
        prop_assert_eq!(&b.final_expense, &b.original_expense);
        prop_assert_eq!(&b.final_revenue, &b.original_revenue);
        for l in &b.lines {
            prop_assert!(!l.final_budget.starts_with('-'), "{:?}", l);
        }
    }
}

/// The year's actuals per budget line are kept by triggers (migration 0015): whatever reaches
/// the journal — an operation, or a sync bundle's rows in any order, moved, changed or removed —
/// the kept sums equal the journal's, `integrity_problems` finds no drift, and a hand-edited
/// sum is reported.
#[test]
fn kept_budget_actuals_follow_every_change_to_the_journal() {
    let (mut store, _sg, fin) = approved_budget();
    missions_spending(&mut store, &fin);
    // 2025 through the statement; 2024 has no budget: its kept sum directly (cents).
    let actual = |store: &Store, year: u16| {
        if year == 2024 {
            let cents: i64 = store
                .conn()
                .query_row(
                    "SELECT debit_rep - credit_rep FROM budget_actuals WHERE fiscal_year = 2024 AND budget_line_id = ?1 AND lines > 0",
                    [MISSIONS],
                    |r| r.get(0),
                )
                .unwrap_or(0);
            return format!("{}.{:02}", cents / 100, cents % 100);
        }
        budget::budget_vs_actual(store.conn(), year, Language::En)
            .unwrap()
            .lines
            .into_iter()
            .find(|l| l.line_id == MISSIONS)
            .unwrap()
            .amounts
            .actual
    };
    assert_eq!(actual(&store, 2025), "25000.00");
    assert_eq!(actual(&store, 2024), "999.00");
    assert!(store.integrity_problems().unwrap().is_empty());

    let conn = store.conn();
    let entry_of = |date: &str| -> String {
        conn.query_row(
            "SELECT id FROM journal_entries WHERE entry_date = ?1",
            [date],
            |r| r.get(0),
        )
        .unwrap()
    };
    // What a sync bundle may do: move an entry to another year, turn one into a closing entry
    // (left out) and back, change a line's amount and budget line, remove a line.
    let march = entry_of("2025-03-10");
    conn.execute(
        "UPDATE journal_entries SET fiscal_year = 2024, number = 900 WHERE id = ?1",
        [&march],
    )
    .unwrap();
    assert_eq!(actual(&store, 2025), "-1000.00");
    assert_eq!(actual(&store, 2024), "26999.00");
    conn.execute(
        "UPDATE journal_entries SET kind = 'closing' WHERE id = ?1",
        [&march],
    )
    .unwrap();
    assert_eq!(actual(&store, 2024), "999.00");
    conn.execute(
        "UPDATE journal_entries SET kind = 'regular', fiscal_year = 2025, number = 901 WHERE id = ?1",
        [&march],
    )
    .unwrap();
    assert_eq!(actual(&store, 2025), "25000.00");
    conn.execute(
        "UPDATE journal_lines SET debit_rep = 3000000, debit_minor = 3000000 WHERE entry_id = ?1 AND budget_line_id IS NOT NULL",
        [&march],
    )
    .unwrap();
    assert_eq!(actual(&store, 2025), "29000.00");
    conn.execute(
        "UPDATE journal_lines SET budget_line_id = ?2 WHERE entry_id = ?1 AND budget_line_id IS NOT NULL",
        [&march, &PUBLICATIONS.to_string()],
    )
    .unwrap();
    assert_eq!(actual(&store, 2025), "-1000.00");
    assert!(store.integrity_problems().unwrap().is_empty());

    // Rows arriving lines first (a bundle applies with foreign keys deferred), then removed.
    let april = entry_of("2025-04-10");
    let copy = "01940000-0000-7000-8fff-000000000001";
    conn.execute_batch("PRAGMA defer_foreign_keys = ON; BEGIN")
        .unwrap();
    conn.execute(
        "INSERT INTO journal_lines (id, entry_id, line_no, account_id, debit_minor, credit_minor, debit_rep, credit_rep, budget_line_id, unit_id, member_id, memo, updated_at, updated_by)
         SELECT id || 'x', ?2, line_no, account_id, debit_minor, credit_minor, debit_rep, credit_rep, budget_line_id, unit_id, member_id, memo, updated_at, updated_by
         FROM journal_lines WHERE entry_id = ?1",
        [&april, &copy.to_string()],
    )
    .unwrap();
    assert_eq!(
        actual(&store, 2025),
        "-1000.00",
        "a line counts once its entry exists"
    );
    conn.execute(
        "INSERT INTO journal_entries (id, fiscal_year, number, entry_date, description, kind, source, reference, currency, rate, created_at, created_by, updated_at, updated_by)
         SELECT ?2, fiscal_year, number + 1000, entry_date, description, kind, source, reference, currency, rate, created_at, created_by, updated_at, updated_by
         FROM journal_entries WHERE id = ?1",
        [&april, &copy.to_string()],
    )
    .unwrap();
    conn.execute_batch("COMMIT").unwrap();
    assert_eq!(actual(&store, 2025), "-2000.00");
    assert!(store.integrity_problems().unwrap().is_empty());
    conn.execute("DELETE FROM journal_lines WHERE entry_id = ?1", [copy])
        .unwrap();
    conn.execute("DELETE FROM journal_entries WHERE id = ?1", [copy])
        .unwrap();
    assert_eq!(actual(&store, 2025), "-1000.00");
    assert!(store.integrity_problems().unwrap().is_empty());

    // A sum edited by hand is drift, named by year and line.
    conn.execute(
        "UPDATE budget_actuals SET debit_rep = debit_rep + 1 WHERE fiscal_year = 2024",
        [],
    )
    .unwrap();
    let problems = store.integrity_problems().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("2024") && problems[0].contains(MISSIONS),
        "{problems:?}"
    );
}
