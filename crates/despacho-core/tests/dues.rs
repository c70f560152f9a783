//! Member dues: scales, invoices, payments applied oldest-first, arrears, payment plans and the
//! arrears rule, and how the rule reaches a session's quorum.
mod common;

use std::cell::{Cell, RefCell};

use chrono::NaiveDate;
use common::*;
use despacho_core::bodies::{self, Membership, QuorumRule, SeatInput, SeatRole};
use despacho_core::dues::{
    self, ArrearsRule, InstalmentInput, InvoiceFilter, InvoiceRunInput, PaymentInput,
    PaymentPlanInput, PlanStatus, ScaleInput, SkipReason, VotingReason,
};
use despacho_core::ledger::{self, ExchangeRate};
use despacho_core::members::{self, Category, Member, MemberStatus};
use despacho_core::sessions::{self, AttendanceInput, AttendanceStatus};
use despacho_core::users::{Language, Role, User};
use despacho_core::{ErrorCode, Store};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn add_member(store: &mut Store, admin: &User, acronym: &str, category: Category) -> Member {
    let mut input = member(&format!("Instituto {acronym}"), acronym, "MX");
    input.category = Some(category);
    members::create_member(store, admin, &input).unwrap()
}

fn scale(
    year: u16,
    category: Option<Category>,
    member_id: Option<&str>,
    amount: &str,
) -> ScaleInput {
    ScaleInput {
        fiscal_year: year,
        category,
        member_id: member_id.map(Into::into),
        amount: amount.into(),
        currency: "USD".into(),
    }
}

fn run(year: u16, issue: &str) -> InvoiceRunInput {
    InvoiceRunInput {
        fiscal_year: year,
        issue_date: issue.into(),
        due_date: None,
    }
}

fn payment(member_id: &str, on: &str, amount: &str) -> PaymentInput {
    PaymentInput {
        member_id: member_id.into(),
        received_on: on.into(),
        amount: amount.into(),
        currency: "USD".into(),
        reference: "SPEI 0001".into(),
        bank_account: "1102".into(),
    }
}

fn plan(member_id: &str, agreed_on: &str) -> PaymentPlanInput {
    PaymentPlanInput {
        member_id: member_id.into(),
        agreed_on: agreed_on.into(),
        terms: "Pago de los adeudos 2024–2025 en dos partes.\nAcuerdo del Comité.".into(),
        currency: "USD".into(),
        instalments: vec![
            InstalmentInput {
                due_date: "2026-09-30".into(),
                amount: "5000".into(),
            },
            InstalmentInput {
                due_date: "2027-03-31".into(),
                amount: "5000".into(),
            },
        ],
    }
}

/// Every row of every table a dues operation could write, as text: equal before and after a
/// refused operation proves nothing was written.
fn dues_fingerprint(store: &Store) -> Vec<String> {
    let tables = [
        "audit_log",
        "settings",
        "fiscal_years",
        "exchange_rates",
        "journal_entries",
        "journal_lines",
        "dues_scales",
        "dues_invoices",
        "dues_payments",
        "dues_allocations",
        "payment_plans",
        "payment_plan_instalments",
        "members",
    ];
    let mut out = Vec::new();
    for t in tables {
        let mut st = store
            .conn()
            .prepare(&format!("SELECT * FROM {t} ORDER BY rowid"))
            .unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut line = String::from(t);
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!("|{v:?}"));
                }
                Ok(line)
            })
            .unwrap();
        for row in rows {
            out.push(row.unwrap());
        }
    }
    out
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Debit minus credit of an account, in the entries' currency, for one member.
fn balance(store: &Store, account: &str, member_id: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT coalesce(sum(l.debit_minor - l.credit_minor), 0) FROM journal_lines l
             JOIN accounts a ON a.id = l.account_id WHERE a.code = ?1 AND l.member_id = ?2",
            [account, member_id],
            |r| r.get(0),
        )
        .unwrap()
}

fn minor(s: &str) -> i64 {
    let d: rust_decimal::Decimal = s.parse().unwrap();
    (d * rust_decimal::Decimal::from(100)).try_into().unwrap()
}

#[test]
fn invoicing_is_idempotent_and_each_invoice_is_a_balanced_entry() {
    let (mut store, sg) = store_with_admin();
    let a = add_member(&mut store, &sg, "AAA", Category::Titular);
    let b = add_member(&mut store, &sg, "BBB", Category::Associate);
    let c = add_member(&mut store, &sg, "CCC", Category::Titular);
    let d = add_member(&mut store, &sg, "DDD", Category::Titular);
    let e = add_member(&mut store, &sg, "EEE", Category::Titular);
    let f = add_member(&mut store, &sg, "FFF", Category::Linked);
    let g = add_member(&mut store, &sg, "GGG", Category::Adherent);
    let mut suspended = members::MemberInput::from(&d);
    suspended.status = MemberStatus::Suspended;
    members::update_member(&mut store, &sg, &d.id, &suspended).unwrap();
    members::set_archived(&mut store, &sg, &e.id, true).unwrap();

    dues::set_scale(
        &mut store,
        &sg,
        &scale(2026, Some(Category::Titular), None, "5000"),
    )
    .unwrap();
    dues::set_scale(
        &mut store,
        &sg,
        &scale(2026, Some(Category::Associate), None, "2000.5"),
    )
    .unwrap();
    dues::set_scale(
        &mut store,
        &sg,
        &scale(2026, Some(Category::Adherent), None, "0"),
    )
    .unwrap();
    // The member's own row wins over its category's; setting it twice replaces it.
    dues::set_scale(&mut store, &sg, &scale(2026, None, Some(&c.id), "7000")).unwrap();
    dues::set_scale(&mut store, &sg, &scale(2026, None, Some(&c.id), "7500")).unwrap();
    let scales = dues::list_scales(store.conn(), 2026).unwrap();
    assert_eq!(scales.len(), 4);
    assert_eq!(scales[3].member_acronym.as_deref(), Some("CCC"));
    assert_eq!(scales[3].amount, "7500.00");

    let first = dues::invoice_year(&mut store, &sg, &run(2026, "2026-01-15")).unwrap();
    let by = |m: &Member| first.created.iter().find(|i| i.member_id == m.id).cloned();
    assert_eq!(first.created.len(), 3, "{first:?}");
    assert_eq!(by(&a).unwrap().amount, "5000.00");
    assert_eq!(by(&b).unwrap().amount, "2000.50");
    assert_eq!(by(&c).unwrap().amount, "7500.00");
    let mut numbers: Vec<_> = first.created.iter().map(|i| i.number.clone()).collect();
    numbers.sort();
    assert_eq!(
        numbers,
        ["CISS-2026-0001", "CISS-2026-0002", "CISS-2026-0003"]
    );
    assert!(first.created.iter().all(|i| i.due_date == "2026-03-31"));
    let skip = |m: &Member| {
        first
            .skipped
            .iter()
            .find(|s| s.member_id == m.id)
            .map(|s| s.reason)
    };
    assert_eq!(skip(&d), Some(SkipReason::NotActive));
    assert_eq!(skip(&f), Some(SkipReason::NoScale));
    assert_eq!(skip(&g), Some(SkipReason::Exempt));
    assert_eq!(skip(&e), None, "archived members are not considered");

    for inv in &first.created {
        let entry =
            ledger::get_entry(store.conn(), inv.entry_id.as_ref().unwrap(), Language::En).unwrap();
        assert_eq!(entry.source, ledger::EntrySource::DuesInvoice);
        assert_eq!(entry.reference, inv.number);
        assert_eq!(entry.lines.len(), 2);
        assert_eq!(
            (
                entry.lines[0].account_code.as_str(),
                entry.lines[0].debit.as_str()
            ),
            ("1201", inv.amount.as_str())
        );
        assert_eq!(
            (
                entry.lines[1].account_code.as_str(),
                entry.lines[1].credit.as_str()
            ),
            ("4101", inv.amount.as_str())
        );
        assert!(entry
            .lines
            .iter()
            .all(|l| l.member_id.as_deref() == Some(&inv.member_id)));
    }
    let unbalanced = count(
        &store,
        "SELECT count(*) FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id
           HAVING sum(debit_minor) <> sum(credit_minor) OR sum(debit_rep) <> sum(credit_rep))",
    );
    assert_eq!(unbalanced, 0);

    // Running again creates nothing.
    let entries = count(&store, "SELECT count(*) FROM journal_entries");
    let again = dues::invoice_year(&mut store, &sg, &run(2026, "2026-02-01")).unwrap();
    assert!(again.created.is_empty());
    assert_eq!(
        again
            .skipped
            .iter()
            .filter(|s| s.reason == SkipReason::AlreadyInvoiced)
            .count(),
        3
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM journal_entries"),
        entries
    );
    assert_eq!(count(&store, "SELECT count(*) FROM dues_invoices"), 3);

    // A scale row cannot be removed once its year is invoiced; another year's can.
    let err = dues::delete_scale(&mut store, &sg, &scales[0].id).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidValue);
    let s27 = dues::set_scale(
        &mut store,
        &sg,
        &scale(2027, Some(Category::Titular), None, "5100"),
    )
    .unwrap();
    dues::delete_scale(&mut store, &sg, &s27.id).unwrap();
    assert!(dues::list_scales(store.conn(), 2027).unwrap().is_empty());
    dues::set_scale(
        &mut store,
        &sg,
        &scale(2027, Some(Category::Titular), None, "5200"),
    )
    .unwrap();
}

#[test]
fn invoices_in_another_currency_need_the_rate_of_the_issue_date() {
    let (mut store, sg) = store_with_admin();
    let m = add_member(&mut store, &sg, "IMSS", Category::Titular);
    let mut s = scale(2026, None, Some(&m.id), "100000");
    s.currency = "MXN".into();
    dues::set_scale(&mut store, &sg, &s).unwrap();
    let before = dues_fingerprint(&store);
    let err = dues::invoice_year(&mut store, &sg, &run(2026, "2026-01-15")).unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::NotFound, Some("rate"))
    );
    assert!(err.message.contains("MXN/USD"), "{}", err.message);
    assert!(err.message.contains("2026-01-15"), "{}", err.message);
    assert_eq!(dues_fingerprint(&store), before, "nothing written");

    ledger::set_rate(
        &mut store,
        &sg,
        &ExchangeRate {
            on_date: "2026-01-02".into(),
            from_currency: "MXN".into(),
            to_currency: "USD".into(),
            rate: "0.05".into(),
        },
    )
    .unwrap();
    let r = dues::invoice_year(&mut store, &sg, &run(2026, "2026-01-15")).unwrap();
    let inv = &r.created[0];
    assert_eq!(
        (inv.currency.as_str(), inv.amount.as_str()),
        ("MXN", "100000.00")
    );
    let entry =
        ledger::get_entry(store.conn(), inv.entry_id.as_ref().unwrap(), Language::En).unwrap();
    assert_eq!(entry.rate, "0.05");
    assert_eq!(entry.lines[0].debit_reporting, "5000.00");

    // A payment in USD for MXN invoices is refused, with the currency named.
    let before = dues_fingerprint(&store);
    let err =
        dues::record_payment(&mut store, &sg, &payment(&m.id, "2026-02-01", "10")).unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::InvalidValue, Some("currency"))
    );
    assert!(err.message.contains("MXN"), "{}", err.message);
    assert_eq!(dues_fingerprint(&store), before);
    let mut ok = payment(&m.id, "2026-02-01", "40000");
    ok.currency = "MXN".into();
    ok.bank_account = "1101".into();
    let p = dues::record_payment(&mut store, &sg, &ok).unwrap();
    assert_eq!(p.allocations.len(), 1);
    assert_eq!(p.unapplied, "0.00");
}

#[test]
fn payments_go_to_the_oldest_invoice_first_and_credit_pays_the_next_invoice() {
    let (mut store, sg) = store_with_admin();
    let m = add_member(&mut store, &sg, "ESSALUD", Category::Titular);
    for (y, amount) in [(2024u16, "1000"), (2025, "1200"), (2026, "1500")] {
        dues::set_scale(
            &mut store,
            &sg,
            &scale(y, Some(Category::Titular), None, amount),
        )
        .unwrap();
        dues::invoice_year(&mut store, &sg, &run(y, &format!("{y}-01-15"))).unwrap();
    }
    // 1500 pays 2024 (1000) and 500 of 2025.
    let p = dues::record_payment(&mut store, &sg, &payment(&m.id, "2026-04-01", "1500")).unwrap();
    let alloc: Vec<_> = p
        .allocations
        .iter()
        .map(|a| (a.fiscal_year, a.amount.as_str()))
        .collect();
    assert_eq!(alloc, [(2024, "1000.00"), (2025, "500.00")]);
    let entry =
        ledger::get_entry(store.conn(), p.entry_id.as_ref().unwrap(), Language::En).unwrap();
    assert_eq!(entry.source, ledger::EntrySource::DuesPayment);
    let codes: Vec<_> = entry
        .lines
        .iter()
        .map(|l| (l.account_code.as_str(), l.debit.as_str(), l.credit.as_str()))
        .collect();
    assert_eq!(
        codes,
        [("1102", "1500.00", "0.00"), ("1201", "0.00", "1500.00")]
    );

    // 3000 pays 700 of 2025, 1500 of 2026, and 800 is held in advance.
    let p = dues::record_payment(&mut store, &sg, &payment(&m.id, "2026-05-01", "3000")).unwrap();
    assert_eq!(p.unapplied, "800.00");
    let entry =
        ledger::get_entry(store.conn(), p.entry_id.as_ref().unwrap(), Language::En).unwrap();
    let codes: Vec<_> = entry
        .lines
        .iter()
        .map(|l| (l.account_code.as_str(), l.debit.as_str(), l.credit.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("1102", "3000.00", "0.00"),
            ("1201", "0.00", "2200.00"),
            ("2201", "0.00", "800.00")
        ]
    );
    let st = dues::member_status(store.conn(), &m.id, day("2026-06-01")).unwrap();
    assert_eq!((st.owed.as_str(), st.years_owed), ("0.00", 0));
    assert_eq!(st.credit[0].amount, "800.00");

    // The 2027 invoice takes the credit at once.
    dues::set_scale(
        &mut store,
        &sg,
        &scale(2027, Some(Category::Titular), None, "1500"),
    )
    .unwrap();
    let r = dues::invoice_year(&mut store, &sg, &run(2027, "2027-01-15")).unwrap();
    let inv = &r.created[0];
    assert_eq!((inv.paid.as_str(), inv.open.as_str()), ("800.00", "700.00"));
    let entry =
        ledger::get_entry(store.conn(), inv.entry_id.as_ref().unwrap(), Language::En).unwrap();
    assert_eq!(entry.lines.len(), 4);
    assert_eq!(balance(&store, "1201", &m.id), 70000);
    assert_eq!(balance(&store, "2201", &m.id), 0);
    let payments = dues::list_payments(store.conn(), &m.id).unwrap();
    assert_eq!(payments[1].unapplied, "0.00");
    assert_eq!(payments[1].allocations.len(), 3);
    let open = dues::list_invoices(
        store.conn(),
        &InvoiceFilter {
            member_id: Some(m.id.clone()),
            fiscal_year: None,
            open_only: true,
        },
    )
    .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].fiscal_year, 2027);
}

#[test]
fn payments_are_applied_oldest_first_whatever_the_amounts() {
    let (store, sg) = store_with_admin();
    let store = RefCell::new(store);
    let counter = Cell::new(0u32);
    let mut runner = TestRunner::new(Config {
        cases: 40,
        ..Config::default()
    });
    // Ops: None issues the next year's invoice; Some(cents) records a payment.
    let strategy = (
        prop::collection::vec(1i64..=500_000, 1..=4),
        prop::collection::vec(prop::option::weighted(0.6, 1i64..=900_000), 1..=12),
    );
    runner
        .run(&strategy, |(amounts, ops)| {
            let mut guard = store.borrow_mut();
            let store = &mut *guard;
            let n = counter.get();
            counter.set(n + 1);
            let m = add_member(store, &sg, &format!("P{n:03}"), Category::Titular);
            let mut next = 0usize;
            let mut year = 2019u16;
            let (mut invoiced, mut paid) = (0i64, 0i64);
            for op in ops {
                match op {
                    None if next < amounts.len() => {
                        year = 2020 + next as u16;
                        let cents = amounts[next];
                        next += 1;
                        let s = scale(
                            year,
                            None,
                            Some(&m.id),
                            &format!("{}.{:02}", cents / 100, cents % 100),
                        );
                        dues::set_scale(store, &sg, &s).unwrap();
                        let r =
                            dues::invoice_year(store, &sg, &run(year, &format!("{year}-01-15")))
                                .unwrap();
                        prop_assert!(r.created.iter().any(|i| i.member_id == m.id));
                        invoiced += cents;
                    }
                    None => {}
                    Some(cents) => {
                        let p = dues::record_payment(
                            store,
                            &sg,
                            &payment(
                                &m.id,
                                &format!("{year}-06-01"),
                                &format!("{}.{:02}", cents / 100, cents % 100),
                            ),
                        )
                        .unwrap();
                        paid += cents;
                        let allocated: i64 = p.allocations.iter().map(|a| minor(&a.amount)).sum();
                        prop_assert_eq!(allocated + minor(&p.unapplied), cents);
                    }
                }
                let invoices = dues::list_invoices(
                    store.conn(),
                    &InvoiceFilter {
                        member_id: Some(m.id.clone()),
                        ..Default::default()
                    },
                )
                .unwrap();
                // Oldest first: after the first invoice with an open balance, every later one
                // is untouched (no newer invoice received money while an older one is open).
                if let Some(first_open) = invoices.iter().position(|i| minor(&i.open) > 0) {
                    for later in &invoices[first_open + 1..] {
                        prop_assert_eq!(minor(&later.paid), 0, "{:?}", invoices);
                    }
                }
                let open: i64 = invoices.iter().map(|i| minor(&i.open)).sum();
                let payments = dues::list_payments(store.conn(), &m.id).unwrap();
                let unapplied: i64 = payments.iter().map(|p| minor(&p.unapplied)).sum();
                for p in &payments {
                    let allocated: i64 = p.allocations.iter().map(|a| minor(&a.amount)).sum();
                    prop_assert_eq!(allocated + minor(&p.unapplied), minor(&p.amount));
                }
                prop_assert!(
                    open == 0 || unapplied == 0,
                    "credit held while invoices are open"
                );
                prop_assert_eq!(balance(store, "1201", &m.id), open);
                prop_assert_eq!(-balance(store, "2201", &m.id), unapplied);
                prop_assert_eq!(paid - invoiced, unapplied - open);
                let st = dues::member_status(store.conn(), &m.id, day("2030-01-01")).unwrap();
                prop_assert_eq!(minor(&st.owed), open);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn arrears_suspend_the_vote_unless_a_plan_keeps_it_and_paying_restores_it() {
    let (mut store, sg) = store_with_admin();
    let m = add_member(&mut store, &sg, "BPS", Category::Titular);
    let ok = add_member(&mut store, &sg, "CCSS", Category::Titular);
    for y in [2024u16, 2025, 2026] {
        dues::set_scale(
            &mut store,
            &sg,
            &scale(y, Some(Category::Titular), None, "5000"),
        )
        .unwrap();
        dues::invoice_year(&mut store, &sg, &run(y, &format!("{y}-01-15"))).unwrap();
    }
    dues::record_payment(&mut store, &sg, &payment(&ok.id, "2026-01-20", "15000")).unwrap();
    assert_eq!(
        dues::arrears_rule(store.conn()).unwrap(),
        ArrearsRule::default()
    );

    // 1 February 2026: 2024 and 2025 are past due, 2026 is not yet.
    let on = day("2026-02-01");
    let st = dues::member_status(store.conn(), &m.id, on).unwrap();
    assert_eq!(
        (st.owed.as_str(), st.years_owed, st.oldest_year),
        ("15000.00", 2, Some(2024))
    );
    assert_eq!(st.ageing.current, "5000.00");
    assert_eq!(st.ageing.up_to_1_year, "5000.00");
    assert_eq!(st.ageing.one_to_2_years, "5000.00");
    assert_eq!(st.ageing.over_2_years, "0.00");
    assert!(!st.may_vote);
    assert_eq!(st.reason, VotingReason::InArrears);
    let right = dues::voting_right(store.conn(), &m.id, on).unwrap();
    assert_eq!(
        (right.may_vote, right.reason, right.years_owed),
        (false, VotingReason::InArrears, 2)
    );
    // One year owed is not enough to lose the vote (before 2025 fell due).
    let earlier = dues::voting_right(store.conn(), &m.id, day("2025-03-01")).unwrap();
    assert_eq!((earlier.may_vote, earlier.years_owed), (true, 1));
    assert!(
        dues::voting_right(store.conn(), &ok.id, on)
            .unwrap()
            .may_vote
    );

    let all = dues::dues_status(store.conn(), on).unwrap();
    assert_eq!(all.len(), 2);
    let ageing = dues::receivable_ageing(store.conn(), on).unwrap();
    assert_eq!(ageing.len(), 1);
    assert_eq!(
        (ageing[0].member_id.as_str(), ageing[0].total.as_str()),
        (m.id.as_str(), "15000.00")
    );

    // An agreed plan keeps the vote from the day it was agreed.
    let p = dues::create_plan(&mut store, &sg, &plan(&m.id, "2026-01-25")).unwrap();
    assert_eq!(
        (p.status, p.total.as_str(), p.instalments.len()),
        (PlanStatus::Active, "10000.00", 2)
    );
    let right = dues::voting_right(store.conn(), &m.id, on).unwrap();
    assert_eq!(
        (right.may_vote, right.reason),
        (true, VotingReason::PaymentPlan)
    );
    assert!(
        !dues::voting_right(store.conn(), &m.id, day("2026-01-24"))
            .unwrap()
            .may_vote
    );
    assert!(
        dues::member_status(store.conn(), &m.id, on)
            .unwrap()
            .has_active_plan
    );
    let dup = dues::create_plan(&mut store, &sg, &plan(&m.id, "2026-01-26")).unwrap_err();
    assert_eq!(dup.code, ErrorCode::Duplicate);

    // The Secretary-General may decide that plans do not keep the vote.
    dues::set_arrears_rule(
        &mut store,
        &sg,
        &ArrearsRule {
            arrears_years: 2,
            plan_keeps_vote: false,
        },
    )
    .unwrap();
    assert!(
        !dues::voting_right(store.conn(), &m.id, on)
            .unwrap()
            .may_vote
    );
    // …or that three years are needed.
    dues::set_arrears_rule(
        &mut store,
        &sg,
        &ArrearsRule {
            arrears_years: 3,
            plan_keeps_vote: false,
        },
    )
    .unwrap();
    assert!(
        dues::voting_right(store.conn(), &m.id, on)
            .unwrap()
            .may_vote
    );
    dues::set_arrears_rule(&mut store, &sg, &ArrearsRule::default()).unwrap();

    // Paying the oldest year brings the vote back.
    let done = dues::cancel_plan(&mut store, &sg, &p.id).unwrap();
    assert_eq!(done.status, PlanStatus::Cancelled);
    assert!(
        !dues::voting_right(store.conn(), &m.id, on.max(despacho_core::store::today()))
            .unwrap()
            .may_vote
    );
    dues::record_payment(&mut store, &sg, &payment(&m.id, "2026-02-01", "5000")).unwrap();
    let right = dues::voting_right(store.conn(), &m.id, on).unwrap();
    assert_eq!(
        (right.may_vote, right.reason, right.years_owed),
        (true, VotingReason::GoodStanding, 1)
    );
    let st = dues::member_status(store.conn(), &m.id, on).unwrap();
    assert_eq!((st.owed.as_str(), st.oldest_year), ("10000.00", Some(2025)));
    // Before the plan and that payment, it was in arrears.
    assert!(
        !dues::voting_right(store.conn(), &m.id, day("2026-01-24"))
            .unwrap()
            .may_vote
    );

    let plans = dues::list_plans(store.conn(), &m.id).unwrap();
    assert_eq!(plans.len(), 1);
    let again = dues::complete_plan(&mut store, &sg, &p.id).unwrap_err();
    assert_eq!(again.code, ErrorCode::InvalidValue);
}

#[test]
fn a_session_quorum_counts_only_members_that_may_vote_on_its_date() {
    let (mut store, sg) = store_with_admin();
    let a = add_member(&mut store, &sg, "ISSSTE", Category::Titular);
    let b = add_member(&mut store, &sg, "IESS", Category::Associate);
    let body = new_body(&mut store, &sg, "CP", QuorumRule::MajorityOfVoting);
    for m in [&a, &b] {
        bodies::add_seat(
            &mut store,
            &sg,
            &body.id,
            &SeatInput {
                member_id: Some(m.id.clone()),
                person_name: format!("Delegada de {}", m.acronym),
                role: SeatRole::Member,
                has_vote: true,
                term_from: None,
                term_to: None,
            },
        )
        .unwrap();
    }
    let s = new_session(&mut store, &sg, &body.id, "2026-06-10T10:00");
    let before = sessions::quorum(store.conn(), &s.id).unwrap();
    assert_eq!(before.voting_members, 2);

    for y in [2024u16, 2025] {
        dues::set_scale(&mut store, &sg, &scale(y, None, Some(&a.id), "5000")).unwrap();
        dues::invoice_year(&mut store, &sg, &run(y, &format!("{y}-01-15"))).unwrap();
    }
    let sheet = sessions::attendance(store.conn(), &s.id).unwrap();
    assert_eq!(sheet.quorum.voting_members, 1, "ISSSTE owes two years");
    let line = sheet
        .lines
        .iter()
        .find(|l| l.member_id.as_deref() == Some(&a.id))
        .unwrap();
    assert!(!line.may_vote);
    assert!(
        !sessions::member_may_vote(store.conn(), Membership::Seats, &a.id, day("2026-06-10"))
            .unwrap()
    );
    assert!(
        sessions::member_may_vote(store.conn(), Membership::Seats, &a.id, day("2025-03-10"))
            .unwrap()
    );
    let refused = sessions::set_attendance(
        &mut store,
        &sg,
        &s.id,
        &AttendanceInput {
            seat_id: line.seat_id.clone(),
            member_id: None,
            status: AttendanceStatus::Present,
            attendee: "Delegada".into(),
            represented_by: String::new(),
            with_vote: Some(true),
        },
    )
    .unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidValue);
    let present = sessions::set_attendance(
        &mut store,
        &sg,
        &s.id,
        &AttendanceInput {
            seat_id: line.seat_id.clone(),
            member_id: None,
            status: AttendanceStatus::Present,
            attendee: "Delegada".into(),
            represented_by: String::new(),
            with_vote: None,
        },
    )
    .unwrap();
    assert_eq!(present.quorum.present_voting, 0, "present with voice only");

    // A session held before the arrears counted both.
    let earlier = new_session(&mut store, &sg, &body.id, "2025-02-10T10:00");
    assert_eq!(
        sessions::quorum(store.conn(), &earlier.id)
            .unwrap()
            .voting_members,
        2
    );

    // A plan agreed before the session keeps the vote.
    dues::create_plan(&mut store, &sg, &plan(&a.id, "2026-05-01")).unwrap();
    assert_eq!(
        sessions::quorum(store.conn(), &s.id)
            .unwrap()
            .voting_members,
        2
    );
}

#[test]
fn refusals_are_typed_and_write_nothing() {
    let (mut store, sg) = store_with_admin();
    let m = add_member(&mut store, &sg, "ANSES", Category::Titular);
    dues::set_scale(
        &mut store,
        &sg,
        &scale(2025, Some(Category::Titular), None, "5000"),
    )
    .unwrap();
    dues::invoice_year(&mut store, &sg, &run(2025, "2025-01-15")).unwrap();
    let p = dues::create_plan(&mut store, &sg, &plan(&m.id, "2026-01-25")).unwrap();
    let finance = user_with_role(&mut store, &sg, "finanzas", Role::ManagingFinances);

    // Roles.
    for role in [
        Role::Staff,
        Role::Auditor,
        Role::LinkingCooperation,
        Role::ChiefOfStaff,
    ] {
        let u = user_with_role(&mut store, &sg, &format!("u_{}", role.as_str()), role);
        let before = dues_fingerprint(&store);
        let errs = [
            dues::set_scale(
                &mut store,
                &u,
                &scale(2026, Some(Category::Titular), None, "1"),
            )
            .unwrap_err(),
            dues::delete_scale(&mut store, &u, "x").unwrap_err(),
            dues::invoice_year(&mut store, &u, &run(2026, "2026-01-15")).unwrap_err(),
            dues::record_payment(&mut store, &u, &payment(&m.id, "2026-01-15", "1")).unwrap_err(),
            dues::create_plan(&mut store, &u, &plan(&m.id, "2026-01-25")).unwrap_err(),
            dues::cancel_plan(&mut store, &u, &p.id).unwrap_err(),
            dues::complete_plan(&mut store, &u, &p.id).unwrap_err(),
            dues::set_arrears_rule(&mut store, &u, &ArrearsRule::default()).unwrap_err(),
        ];
        for e in errs {
            assert_eq!(e.code, ErrorCode::Forbidden, "{role:?}: {e:?}");
        }
        assert_eq!(dues_fingerprint(&store), before);
    }
    // Managing & Finances keeps the books but does not change the arrears rule.
    let e = dues::set_arrears_rule(&mut store, &finance, &ArrearsRule::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let before = dues_fingerprint(&store);
    let same_now = |store: &Store| assert_eq!(dues_fingerprint(store), before);

    let check = |store: &mut Store, r: despacho_core::Result<_>, code: ErrorCode, field: &str| {
        let e: despacho_core::AppError = match r {
            Ok(v) => panic!("expected {code:?} on {field}, got {v:?}"),
            Err(e) => e,
        };
        assert_eq!((e.code, e.field.as_deref()), (code, Some(field)), "{e:?}");
        same_now(store);
    };

    // Unknown or hostile member ids.
    for id in ["nope", "'; DROP TABLE members; --", "   "] {
        let code = if id.trim().is_empty() {
            ErrorCode::Required
        } else {
            ErrorCode::NotFound
        };
        let r = dues::record_payment(&mut store, &finance, &payment(id, "2026-01-15", "10"))
            .map(|_| ());
        check(&mut store, r, code, "member_id");
        let r = dues::create_plan(&mut store, &finance, &plan(id, "2026-01-25")).map(|_| ());
        check(&mut store, r, code, "member_id");
        if !id.trim().is_empty() {
            let r = dues::set_scale(&mut store, &finance, &scale(2026, None, Some(id), "1"))
                .map(|_| ());
            check(&mut store, r, ErrorCode::NotFound, "member_id");
            let r = dues::member_status(store.conn(), id, day("2026-01-01")).map(|_| ());
            check(&mut store, r, ErrorCode::NotFound, "member_id");
            let r = dues::voting_right(store.conn(), id, day("2026-01-01")).map(|_| ());
            check(&mut store, r, ErrorCode::NotFound, "member_id");
        }
    }
    // Amounts: negative, zero, overflowing, not a number, too many for i64.
    for (amount, code) in [
        ("-10", ErrorCode::InvalidValue),
        ("0", ErrorCode::InvalidValue),
        ("99999999999999999999", ErrorCode::InvalidValue),
        ("92233720368547758.07", ErrorCode::InvalidValue),
        ("10000000000000.01", ErrorCode::InvalidValue),
        ("1e3", ErrorCode::InvalidFormat),
        ("NaN", ErrorCode::InvalidFormat),
        ("1,000.00", ErrorCode::InvalidFormat),
        ("+5", ErrorCode::InvalidFormat),
        ("", ErrorCode::Required),
    ] {
        let r = dues::record_payment(&mut store, &finance, &payment(&m.id, "2026-01-15", amount))
            .map(|_| ());
        check(&mut store, r, code, "amount");
        if amount != "0" {
            let r = dues::set_scale(
                &mut store,
                &finance,
                &scale(2026, Some(Category::Linked), None, amount),
            )
            .map(|_| ());
            check(&mut store, r, code, "amount");
        }
        let mut bad = plan(&m.id, "2026-01-25");
        bad.instalments[1].amount = amount.into();
        let r = dues::create_plan(&mut store, &finance, &bad).map(|_| ());
        check(&mut store, r, code, "instalments[1].amount");
    }
    // Currencies: unknown, and not the open invoices' currency.
    let mut p1 = payment(&m.id, "2026-01-15", "10");
    p1.currency = "usd".into();
    let r = dues::record_payment(&mut store, &finance, &p1).map(|_| ());
    check(&mut store, r, ErrorCode::InvalidValue, "currency");
    p1.currency = "MXN".into();
    let r = dues::record_payment(&mut store, &finance, &p1).map(|_| ());
    check(&mut store, r, ErrorCode::InvalidValue, "currency");
    // Bank accounts: not a bank, unknown.
    let mut p2 = payment(&m.id, "2026-01-15", "10");
    p2.bank_account = "4101".into();
    let r = dues::record_payment(&mut store, &finance, &p2).map(|_| ());
    check(&mut store, r, ErrorCode::InvalidValue, "bank_account");
    p2.bank_account = "9999".into();
    let r = dues::record_payment(&mut store, &finance, &p2).map(|_| ());
    check(&mut store, r, ErrorCode::NotFound, "bank_account");
    // Hostile strings.
    let mut p3 = payment(&m.id, "2026-01-15", "10");
    p3.reference = "ref\u{0}\u{1b}[31m".into();
    let r = dues::record_payment(&mut store, &finance, &p3).map(|_| ());
    check(&mut store, r, ErrorCode::InvalidFormat, "reference");
    p3.reference = "x".repeat(101);
    let r = dues::record_payment(&mut store, &finance, &p3).map(|_| ());
    check(&mut store, r, ErrorCode::TooLong, "reference");
    let mut p4 = payment(&m.id, "2026-02-30", "10");
    let r = dues::record_payment(&mut store, &finance, &p4).map(|_| ());
    check(&mut store, r, ErrorCode::InvalidFormat, "received_on");
    p4.received_on = "2026-01-15'; --".into();
    let r = dues::record_payment(&mut store, &finance, &p4).map(|_| ());
    check(&mut store, r, ErrorCode::InvalidFormat, "received_on");
    let mut bad_plan = plan(&m.id, "2026-01-25");
    bad_plan.terms = "pagará\u{7}".into();
    let r = dues::create_plan(&mut store, &finance, &bad_plan).map(|_| ());
    check(&mut store, r, ErrorCode::InvalidFormat, "terms");
    bad_plan.terms = "  ".into();
    let r = dues::create_plan(&mut store, &finance, &bad_plan).map(|_| ());
    check(&mut store, r, ErrorCode::Required, "terms");
    let mut bad_plan = plan(&m.id, "2026-01-25");
    bad_plan.instalments[0].due_date = "2025-12-31".into();
    let r = dues::create_plan(&mut store, &finance, &bad_plan).map(|_| ());
    check(
        &mut store,
        r,
        ErrorCode::InvalidValue,
        "instalments[0].due_date",
    );
    bad_plan.instalments.clear();
    let r = dues::create_plan(&mut store, &finance, &bad_plan).map(|_| ());
    check(&mut store, r, ErrorCode::Required, "instalments");
    // Scales: both a category and a member, neither, an implausible year.
    let mut both = scale(2026, Some(Category::Titular), Some(&m.id), "1");
    let r = dues::set_scale(&mut store, &finance, &both).map(|_| ());
    check(&mut store, r, ErrorCode::InvalidValue, "category");
    both.member_id = None;
    both.category = None;
    let r = dues::set_scale(&mut store, &finance, &both).map(|_| ());
    check(&mut store, r, ErrorCode::InvalidValue, "category");
    let r = dues::set_scale(
        &mut store,
        &finance,
        &scale(1200, Some(Category::Titular), None, "1"),
    )
    .map(|_| ());
    check(&mut store, r, ErrorCode::InvalidValue, "fiscal_year");
    let r = dues::invoice_year(&mut store, &finance, &run(9999, "2026-01-15")).map(|_| ());
    check(&mut store, r, ErrorCode::InvalidValue, "fiscal_year");
    let r = dues::invoice_year(&mut store, &finance, &run(2026, "15/01/2026")).map(|_| ());
    check(&mut store, r, ErrorCode::InvalidFormat, "issue_date");
    let r = dues::delete_scale(&mut store, &finance, "nope").map(|_| ());
    let e = r.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    same_now(&store);
    // The arrears rule: at most ten years.
    let r = dues::set_arrears_rule(
        &mut store,
        &sg,
        &ArrearsRule {
            arrears_years: 11,
            plan_keeps_vote: true,
        },
    )
    .map(|_| ());
    check(&mut store, r, ErrorCode::InvalidValue, "arrears_years");

    // A closed fiscal year takes no invoice, payment or scale change.
    store
        .conn()
        .execute(
            "UPDATE fiscal_years SET status = 'closed' WHERE year = 2025",
            [],
        )
        .unwrap();
    let before = dues_fingerprint(&store);
    let closed = |store: &Store| assert_eq!(dues_fingerprint(store), before);
    let e = dues::record_payment(&mut store, &finance, &payment(&m.id, "2025-12-20", "10"))
        .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("received_on"))
    );
    closed(&store);
    dues::set_scale(
        &mut store,
        &finance,
        &scale(2026, Some(Category::Titular), None, "10"),
    )
    .unwrap();
    let before = dues_fingerprint(&store);
    let e = dues::invoice_year(&mut store, &finance, &run(2026, "2025-12-15")).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("issue_date"))
    );
    let e = dues::set_scale(
        &mut store,
        &finance,
        &scale(2025, Some(Category::Linked), None, "10"),
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("fiscal_year"))
    );
    assert_eq!(dues_fingerprint(&store), before);
    // The same payment dated in an open year goes through.
    dues::record_payment(&mut store, &finance, &payment(&m.id, "2026-01-20", "10")).unwrap();
}
