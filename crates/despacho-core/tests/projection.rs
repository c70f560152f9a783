mod common;

use common::{fingerprint, member, store_with_admin, user_with_role};
use despacho_core::budget::{self, CostCurrency, Driver, LineKind};
use despacho_core::ledger::{self, ExchangeRate};
use despacho_core::members;
use despacho_core::projection::{
    self, BaseLine, BaseSource, OneOffInput, ProjectionBase, ProjectionInput, ProjectionView,
    ScenarioDrivers, ScenarioInput,
};
use despacho_core::users::{Language, Role, User};
use despacho_core::{ErrorCode, Store};
use proptest::prelude::*;
use rust_decimal::Decimal;

const DUES: &str = "01940000-0000-7000-8004-000000000001";
const CIESS_SERVICES: &str = "01940000-0000-7000-8004-000000000002";
const SALARIES: &str = "01940000-0000-7000-8004-000000000011";
const ASSEMBLY: &str = "01940000-0000-7000-8004-000000000021";
const MISSIONS: &str = "01940000-0000-7000-8004-000000000031";
const PUBLICATIONS: &str = "01940000-0000-7000-8004-000000000041";
const HQ: &str = "01940000-0000-7000-8004-000000000051";

fn projection_fingerprint(store: &Store) -> Vec<i64> {
    let mut out: Vec<i64> = [
        "audit_log",
        "projections",
        "projection_scenarios",
        "projection_one_offs",
    ]
    .iter()
    .map(|t| {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect();
    out.push(fingerprint(store).3);
    out
}

/// An approved 2025 budget and two USD→MXN rates in 2025 (20 and 18: average 19).
fn store_with_2025() -> (Store, User, User) {
    let (mut store, sg) = store_with_admin();
    let fin = user_with_role(&mut store, &sg, "fin", Role::ManagingFinances);
    let amounts: Vec<(String, String)> = [
        (DUES, "500000"),
        (CIESS_SERVICES, "40000"),
        (SALARIES, "300000"),
        (ASSEMBLY, "50000"),
        (MISSIONS, "20000"),
        (PUBLICATIONS, "10000.50"),
        (HQ, "60000"),
    ]
    .iter()
    .map(|(l, a)| (l.to_string(), a.to_string()))
    .collect();
    budget::set_original(&mut store, &fin, 2025, &amounts).unwrap();
    budget::approve_budget(&mut store, &sg, 2025).unwrap();
    for (day, rate) in [("2025-01-01", "20"), ("2025-07-01", "18")] {
        ledger::set_rate(
            &mut store,
            &fin,
            &ExchangeRate {
                on_date: day.into(),
                from_currency: "USD".into(),
                to_currency: "MXN".into(),
                rate: rate.into(),
            },
        )
        .unwrap();
    }
    (store, sg, fin)
}

fn input(years: u8) -> ProjectionInput {
    ProjectionInput {
        name: "Programa y presupuesto 2026-2028".into(),
        base_year: 2025,
        base_source: BaseSource::FinalBudget,
        years,
        base_sessions: 2,
        base_missions: 10,
    }
}

fn drivers(inflation: &str) -> ScenarioInput {
    ScenarioInput {
        inflation: inflation.into(),
        mxn_per_usd: "20".into(),
        salary_increase: "0.05".into(),
        staffing_change: "0.10".into(),
        sessions: 3,
        missions: 5,
        collection_rate: "0.9".into(),
    }
}

fn line<'a>(view: &'a ProjectionView, scenario: &str, id: &str) -> &'a [String] {
    &view
        .scenarios
        .iter()
        .find(|s| s.name == scenario)
        .unwrap()
        .lines
        .iter()
        .find(|l| l.id == id)
        .unwrap()
        .amounts
}

fn scenario<'a>(view: &'a ProjectionView, name: &str) -> &'a projection::ScenarioResult {
    view.scenarios.iter().find(|s| s.name == name).unwrap()
}

#[test]
fn default_scenarios_start_from_the_base_year_rate() {
    let (mut store, _sg, fin) = store_with_2025();
    let p = projection::create_projection(&mut store, &fin, &input(3)).unwrap();
    let names: Vec<&str> = p.scenarios.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["base", "prudent", "optimistic"]);
    let rates: Vec<&str> = p
        .scenarios
        .iter()
        .map(|s| s.drivers.mxn_per_usd.as_str())
        .collect();
    assert_eq!(rates, ["19", "17.1", "20.9"]);
    assert_ne!(p.scenarios[0].drivers, p.scenarios[1].drivers);
    assert_ne!(p.scenarios[1].drivers, p.scenarios[2].drivers);
    let list = projection::list_projections(store.conn()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].scenario_count, 3);
    let view = projection::run_projection(store.conn(), &p.id, Language::En).unwrap();
    assert_eq!(view.years, [2026, 2027, 2028]);
    assert_eq!(view.base_mxn_per_usd.as_deref(), Some("19"));
    assert_eq!(view.scenarios.len(), 3);
    // The prudent scenario spends more than the optimistic one in every year.
    for y in 0..3 {
        let prudent: Decimal = scenario(&view, "prudent").expense[y].parse().unwrap();
        let optimistic: Decimal = scenario(&view, "optimistic").expense[y].parse().unwrap();
        assert!(prudent > optimistic, "year {y}: {prudent} vs {optimistic}");
    }
}

#[test]
fn projection_matches_hand_computed_figures() {
    let (mut store, _sg, fin) = store_with_2025();
    let p = projection::create_projection(&mut store, &fin, &input(3)).unwrap();
    let base_id = p.scenarios[0].id.clone();
    projection::update_scenario(&mut store, &fin, &base_id, &drivers("0.10")).unwrap();
    let v = projection::run_projection(store.conn(), &p.id, Language::En).unwrap();
    // Dues: the base year has no scales, so they stay at the final budget.
    assert_eq!(line(&v, "base", DUES), ["500000.00"; 3]);
    // CIESS services: 40,000 × 1.1^k.
    assert_eq!(
        line(&v, "base", CIESS_SERVICES),
        ["44000.00", "48400.00", "53240.00"]
    );
    // Salaries (MXN): 300,000 × 1.05^k × 1.10 × 19/20.
    // k=3: 300,000 × 1.157625 × 1.1 × 0.95 = 362,915.4375 → 362,915.44.
    assert_eq!(
        line(&v, "base", SALARIES),
        ["329175.00", "345633.75", "362915.44"]
    );
    // General Assembly: 50,000 × 1.1^k × 3/2.
    assert_eq!(
        line(&v, "base", ASSEMBLY),
        ["82500.00", "90750.00", "99825.00"]
    );
    // Missions: 20,000 × 1.1^k × 5/10.
    assert_eq!(
        line(&v, "base", MISSIONS),
        ["11000.00", "12100.00", "13310.00"]
    );
    // Publications: 10,000.50 × 1.21 = 12,100.605 → 12,100.61 (half away from zero).
    assert_eq!(
        line(&v, "base", PUBLICATIONS),
        ["11000.55", "12100.61", "13310.67"]
    );
    // Headquarters (MXN): 60,000 × 1.1^k × 19/20.
    assert_eq!(line(&v, "base", HQ), ["62700.00", "68970.00", "75867.00"]);
    let s = scenario(&v, "base");
    assert_eq!(s.revenue[0], "544000.00");
    assert_eq!(s.expense[0], "496375.55");
    assert_eq!(s.balance[0], "47624.45");
    let ch2 = s.chapters.iter().find(|c| c.id == "2").unwrap();
    assert_eq!(ch2.amounts[0], "82500.00");

    // One point more inflation: revenue +400 (CIESS services), expense +1,520.01
    // (Assembly +750, missions +100, publications +100.01, headquarters +570; salaries do
    // not follow inflation).
    projection::update_scenario(&mut store, &fin, &base_id, &drivers("0.11")).unwrap();
    let w = projection::run_projection(store.conn(), &p.id, Language::En).unwrap();
    let s = scenario(&w, "base");
    assert_eq!(s.revenue[0], "544400.00");
    assert_eq!(s.expense[0], "497895.56");
    assert_eq!(line(&w, "base", SALARIES)[0], "329175.00");
}

#[test]
fn dues_follow_the_scales_times_the_collection_rate() {
    let (mut store, sg, fin) = store_with_2025();
    let mut ids = Vec::new();
    for (name, acr) in [("Uno", "UNO"), ("Dos", "DOS"), ("Tres", "TRES")] {
        ids.push(
            members::create_member(&mut store, &sg, &member(name, acr, "MX"))
                .unwrap()
                .id,
        );
    }
    let at = "2025-01-01T00:00:00.000Z";
    store
        .conn()
        .execute(
            "INSERT INTO dues_scales (id, fiscal_year, category, amount_minor, currency, created_at, updated_at) VALUES ('s1', 2025, 'titular', 1000000, 'USD', ?1, ?1)",
            [at],
        )
        .unwrap();
    store
        .conn()
        .execute(
            "INSERT INTO dues_scales (id, fiscal_year, member_id, amount_minor, currency, created_at, updated_at) VALUES ('s2', 2025, ?1, 2500000, 'USD', ?2, ?2)",
            [ids[2].as_str(), at],
        )
        .unwrap();
    let p = projection::create_projection(&mut store, &fin, &input(1)).unwrap();
    projection::update_scenario(&mut store, &fin, &p.scenarios[0].id, &drivers("0.10")).unwrap();
    let v = projection::run_projection(store.conn(), &p.id, Language::En).unwrap();
    // (10,000 + 10,000 + 25,000) × 0.9, whatever the inflation.
    assert_eq!(v.dues_called.as_deref(), Some("45000.00"));
    assert_eq!(line(&v, "base", DUES), ["40500.00"]);
    assert_eq!(v.years, [2026]);
}

#[test]
fn one_offs_add_to_their_line_and_year_and_can_be_removed() {
    let (mut store, _sg, fin) = store_with_2025();
    let p = projection::create_projection(&mut store, &fin, &input(3)).unwrap();
    let sid = p.scenarios[0].id.clone();
    projection::update_scenario(&mut store, &fin, &sid, &drivers("0.10")).unwrap();
    let o = projection::add_one_off(
        &mut store,
        &fin,
        &OneOffInput {
            scenario_id: sid.clone(),
            year_offset: 2,
            line_id: PUBLICATIONS.into(),
            amount: "1000".into(),
            description: "Anniversary book".into(),
        },
    )
    .unwrap();
    assert_eq!(o.amount, "1000.00");
    let v = projection::run_projection(store.conn(), &p.id, Language::En).unwrap();
    assert_eq!(
        line(&v, "base", PUBLICATIONS),
        ["11000.55", "13100.61", "13310.67"]
    );
    // Other scenarios are untouched: prudent (6 %) is 10,000.50 × 1.06² = 11,236.56.
    assert_eq!(line(&v, "prudent", PUBLICATIONS)[1], "11236.56");
    assert_eq!(
        projection::get_projection(store.conn(), &p.id)
            .unwrap()
            .scenarios[1]
            .one_offs
            .len(),
        0
    );
    projection::remove_one_off(&mut store, &fin, &o.id).unwrap();
    let v = projection::run_projection(store.conn(), &p.id, Language::En).unwrap();
    assert_eq!(line(&v, "base", PUBLICATIONS)[1], "12100.61");
    // Removing twice: not found.
    let e = projection::remove_one_off(&mut store, &fin, &o.id).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);

    projection::delete_projection(&mut store, &fin, &p.id).unwrap();
    assert!(projection::list_projections(store.conn())
        .unwrap()
        .is_empty());
    let e = projection::run_projection(store.conn(), &p.id, Language::En).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn actual_base_reads_the_journal() {
    let (mut store, _sg, fin) = store_with_2025();
    ledger::post_entry(
        &mut store,
        &fin,
        &ledger::EntryInput {
            entry_date: "2025-06-01".into(),
            description: "Missions".into(),
            kind: ledger::EntryKind::Regular,
            reference: String::new(),
            currency: "USD".into(),
            rate: Some("1".into()),
            lines: vec![
                ledger::LineInput {
                    account: "5301".into(),
                    debit: "1234.56".into(),
                    budget_line_id: Some(MISSIONS.into()),
                    ..Default::default()
                },
                ledger::LineInput {
                    account: "1102".into(),
                    credit: "1234.56".into(),
                    ..Default::default()
                },
            ],
        },
    )
    .unwrap();
    let p = projection::create_projection(
        &mut store,
        &fin,
        &ProjectionInput {
            base_source: BaseSource::Actual,
            ..input(1)
        },
    )
    .unwrap();
    let v = projection::run_projection(store.conn(), &p.id, Language::En).unwrap();
    let m = v.lines.iter().find(|l| l.line_id == MISSIONS).unwrap();
    assert_eq!(m.base, "1234.56");
    let s = v.lines.iter().find(|l| l.line_id == SALARIES).unwrap();
    assert_eq!(s.base, "0.00");
}

#[test]
fn refusals_for_roles_without_the_right() {
    let (mut store, sg, fin) = store_with_2025();
    let p = projection::create_projection(&mut store, &fin, &input(3)).unwrap();
    let sid = p.scenarios[0].id.clone();
    let o = projection::add_one_off(
        &mut store,
        &fin,
        &OneOffInput {
            scenario_id: sid.clone(),
            year_offset: 1,
            line_id: HQ.into(),
            amount: "-500".into(),
            description: "Lease renegotiated".into(),
        },
    )
    .unwrap();
    for (name, role) in [
        ("staff", Role::Staff),
        ("auditor", Role::Auditor),
        ("linking", Role::LinkingCooperation),
    ] {
        let u = user_with_role(&mut store, &sg, name, role);
        let before = projection_fingerprint(&store);
        let errs = [
            projection::create_projection(&mut store, &u, &input(1)).unwrap_err(),
            projection::update_scenario(&mut store, &u, &sid, &drivers("0.1")).unwrap_err(),
            projection::add_one_off(
                &mut store,
                &u,
                &OneOffInput {
                    scenario_id: sid.clone(),
                    year_offset: 1,
                    line_id: HQ.into(),
                    amount: "1".into(),
                    description: "x".into(),
                },
            )
            .unwrap_err(),
            projection::remove_one_off(&mut store, &u, &o.id).unwrap_err(),
            projection::delete_projection(&mut store, &u, &p.id).unwrap_err(),
        ];
        for e in errs {
            assert_eq!(e.code, ErrorCode::Forbidden, "{name}: {e:?}");
        }
        assert_eq!(projection_fingerprint(&store), before, "{name}");
        // Reading is open to every role.
        projection::run_projection(store.conn(), &p.id, Language::Es).unwrap();
    }
}

#[test]
fn bad_rates_unknown_ids_and_hostile_strings_write_nothing() {
    let (mut store, _sg, fin) = store_with_2025();
    let p = projection::create_projection(&mut store, &fin, &input(1)).unwrap();
    let sid = p.scenarios[0].id.clone();
    let before = projection_fingerprint(&store);
    let with = |f: &dyn Fn(&mut ScenarioInput)| {
        let mut d = drivers("0.04");
        f(&mut d);
        d
    };
    let bad: Vec<(ScenarioInput, ErrorCode, &str)> = vec![
        (
            with(&|d| d.inflation = "1.5".into()),
            ErrorCode::InvalidValue,
            "inflation",
        ),
        (
            with(&|d| d.inflation = "-0.51".into()),
            ErrorCode::InvalidValue,
            "inflation",
        ),
        (
            with(&|d| d.inflation = "4%".into()),
            ErrorCode::InvalidFormat,
            "inflation",
        ),
        (
            with(&|d| d.inflation = "'; DROP TABLE projections; --".into()),
            ErrorCode::InvalidFormat,
            "inflation",
        ),
        (
            with(&|d| d.mxn_per_usd = "0".into()),
            ErrorCode::InvalidValue,
            "mxn_per_usd",
        ),
        (
            with(&|d| d.mxn_per_usd = "-18".into()),
            ErrorCode::InvalidValue,
            "mxn_per_usd",
        ),
        (
            with(&|d| d.salary_increase = "2".into()),
            ErrorCode::InvalidValue,
            "salary_increase",
        ),
        (
            with(&|d| d.staffing_change = "-0.9".into()),
            ErrorCode::InvalidValue,
            "staffing_change",
        ),
        (
            with(&|d| d.collection_rate = "1.01".into()),
            ErrorCode::InvalidValue,
            "collection_rate",
        ),
        (
            with(&|d| d.collection_rate = "-0.1".into()),
            ErrorCode::InvalidValue,
            "collection_rate",
        ),
        (
            with(&|d| d.inflation = "0.00000000001".into()),
            ErrorCode::InvalidValue,
            "inflation",
        ),
    ];
    for (d, code, field) in bad {
        let e = projection::update_scenario(&mut store, &fin, &sid, &d).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (code, Some(field)), "{d:?}");
    }
    let one_off = |scenario: &str, year: u8, line: &str, amount: &str, desc: &str| OneOffInput {
        scenario_id: scenario.into(),
        year_offset: year,
        line_id: line.into(),
        amount: amount.into(),
        description: desc.into(),
    };
    let cases = vec![
        (
            projection::update_scenario(&mut store, &fin, "missing", &drivers("0.1")).unwrap_err(),
            ErrorCode::NotFound,
            "scenario_id",
        ),
        (
            projection::add_one_off(&mut store, &fin, &one_off("missing", 1, HQ, "1", "x"))
                .unwrap_err(),
            ErrorCode::NotFound,
            "scenario_id",
        ),
        (
            projection::add_one_off(&mut store, &fin, &one_off(&sid, 2, HQ, "1", "x")).unwrap_err(),
            ErrorCode::InvalidValue,
            "year_offset",
        ),
        (
            projection::add_one_off(&mut store, &fin, &one_off(&sid, 1, "<img>", "1", "x"))
                .unwrap_err(),
            ErrorCode::NotFound,
            "line_id",
        ),
        (
            projection::add_one_off(&mut store, &fin, &one_off(&sid, 1, HQ, "1e9", "x"))
                .unwrap_err(),
            ErrorCode::InvalidFormat,
            "amount",
        ),
        (
            projection::add_one_off(&mut store, &fin, &one_off(&sid, 1, HQ, "0", "x")).unwrap_err(),
            ErrorCode::InvalidValue,
            "amount",
        ),
        (
            projection::add_one_off(&mut store, &fin, &one_off(&sid, 1, HQ, "1", "a\u{0}b"))
                .unwrap_err(),
            ErrorCode::InvalidFormat,
            "description",
        ),
        (
            projection::delete_projection(&mut store, &fin, "missing").unwrap_err(),
            ErrorCode::NotFound,
            "projection_id",
        ),
        (
            projection::create_projection(
                &mut store,
                &fin,
                &ProjectionInput {
                    years: 2,
                    ..input(1)
                },
            )
            .unwrap_err(),
            ErrorCode::InvalidValue,
            "years",
        ),
        (
            projection::create_projection(
                &mut store,
                &fin,
                &ProjectionInput {
                    base_sessions: 0,
                    ..input(1)
                },
            )
            .unwrap_err(),
            ErrorCode::InvalidValue,
            "base_sessions",
        ),
        (
            projection::create_projection(
                &mut store,
                &fin,
                &ProjectionInput {
                    base_year: 2024,
                    ..input(1)
                },
            )
            .unwrap_err(),
            ErrorCode::NotFound,
            "base_year",
        ),
        (
            projection::create_projection(
                &mut store,
                &fin,
                &ProjectionInput {
                    name: "x".repeat(201),
                    ..input(1)
                },
            )
            .unwrap_err(),
            ErrorCode::TooLong,
            "name",
        ),
    ];
    for (e, code, field) in cases {
        assert_eq!((e.code, e.field.as_deref()), (code, Some(field)), "{e:?}");
    }
    assert_eq!(projection_fingerprint(&store), before);
}

// ---- the pure computation -------------------------------------------------------------------

fn base_line(i: usize, kind: LineKind, driver: Driver, mxn: bool, minor: i64) -> BaseLine {
    BaseLine {
        line_id: format!("l{i}"),
        chapter_code: format!("{}", i % 3),
        chapter_name: String::new(),
        code: format!("{i}"),
        name: String::new(),
        kind,
        driver,
        cost_currency: if mxn {
            CostCurrency::Mxn
        } else {
            CostCurrency::Usd
        },
        base_minor: minor,
    }
}

fn rate(per_mille: i64) -> Decimal {
    Decimal::new(per_mille, 3)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// For random drivers and lines, each year's expense (revenue) total is the sum of the
    /// projected expense (revenue) lines, the chapters add up to the same, and the balance is
    /// revenue − expense.
    #[test]
    fn totals_are_sums_of_rounded_lines(
        lines in proptest::collection::vec((any::<bool>(), 0usize..6, any::<bool>(), 0i64..10_000_000_000), 1..15),
        inflation in -500i64..=1000, salary in -500i64..=1000, staffing in -500i64..=1000,
        collection in 0i64..=1000, mxn in 1i64..40_000, base_mxn in proptest::option::of(1i64..40_000),
        sessions in 0u16..20, missions in 0u16..50, dues in proptest::option::of(0i64..10_000_000_000),
        three in any::<bool>(),
    ) {
        let drivers_all = [Driver::Inflation, Driver::Salaries, Driver::Sessions, Driver::Missions, Driver::Dues, Driver::Fixed];
        let base = ProjectionBase {
            base_year: 2025,
            lines: lines.iter().enumerate().map(|(i, (rev, d, peso, minor))| base_line(
                i,
                if *rev { LineKind::Revenue } else { LineKind::Expense },
                drivers_all[*d], *peso, *minor)).collect(),
            base_mxn_per_usd: base_mxn.map(|m| Decimal::new(m, 3)),
            base_sessions: 3,
            base_missions: 7,
            dues_scale_minor: dues,
        };
        let s = ScenarioDrivers {
            inflation: rate(inflation),
            mxn_per_usd: Decimal::new(mxn, 3),
            salary_increase: rate(salary),
            staffing_change: rate(staffing),
            sessions,
            missions,
            collection_rate: rate(collection),
            one_offs: vec![],
        };
        let years = if three { 3 } else { 1 };
        let r = projection::project(&base, &s, years).unwrap();
        prop_assert_eq!(r.years.len(), usize::from(years));
        for y in 0..usize::from(years) {
            let sum = |k: LineKind| -> i64 {
                base.lines.iter().zip(&r.lines).filter(|(b, _)| b.kind == k).map(|(_, p)| p.amounts[y]).sum()
            };
            prop_assert_eq!(r.expense[y], sum(LineKind::Expense));
            prop_assert_eq!(r.revenue[y], sum(LineKind::Revenue));
            prop_assert_eq!(r.balance[y], r.revenue[y] - r.expense[y]);
            let chapters: i64 = r.chapters.iter().map(|c| c.amounts[y]).sum();
            prop_assert_eq!(chapters, r.revenue[y] + r.expense[y]);
        }
    }

    /// More inflation never lowers the expense total when every base amount is positive.
    #[test]
    fn more_inflation_costs_more(
        minors in proptest::collection::vec(0i64..1_000_000_000, 1..10),
        inflation in -500i64..1000,
    ) {
        let base = ProjectionBase {
            base_year: 2025,
            lines: minors.iter().enumerate().map(|(i, m)| base_line(i, LineKind::Expense, Driver::Inflation, i % 2 == 0, *m)).collect(),
            base_mxn_per_usd: Some(Decimal::new(19, 0)),
            base_sessions: 1,
            base_missions: 1,
            dues_scale_minor: None,
        };
        let mut s = ScenarioDrivers {
            inflation: rate(inflation),
            mxn_per_usd: Decimal::new(20, 0),
            salary_increase: Decimal::ZERO,
            staffing_change: Decimal::ZERO,
            sessions: 1,
            missions: 1,
            collection_rate: Decimal::ONE,
            one_offs: vec![],
        };
        let low = projection::project(&base, &s, 3).unwrap();
        s.inflation = rate(inflation + 1);
        let high = projection::project(&base, &s, 3).unwrap();
        for y in 0..3 {
            prop_assert!(high.expense[y] >= low.expense[y]);
        }
    }
}

#[test]
fn project_refuses_other_horizons() {
    let base = ProjectionBase {
        base_year: 2025,
        lines: vec![],
        base_mxn_per_usd: None,
        base_sessions: 1,
        base_missions: 1,
        dues_scale_minor: None,
    };
    let s = projection::parse_drivers(&drivers("0.04")).unwrap();
    let e = projection::project(&base, &s, 2).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("years"));
    assert!(projection::project(&base, &s, 1).unwrap().lines.is_empty());
}
