//! The annual budget projection: from a base year (its actuals or its final budget), each
//! scenario's drivers project every live budget line one or three years ahead.
//!
//! [`project`] is a pure computation; the stored projections (a name, a base year and source,
//! a horizon, and scenarios with drivers and one-off items) feed it through
//! [`run_projection`], which sets every scenario side by side.
//!
//! ## How a line moves (year `k` = 1, 2, 3 after the base year; `B` its base amount)
//! * `fixed`: `B`.
//! * `inflation`: `B × (1 + inflation)^k`.
//! * `salaries`: `B × (1 + salary_increase)^k × (1 + staffing_change)` (the staffing change
//!   happens once, in year 1, and stays).
//! * `sessions`: `B × (1 + inflation)^k × sessions / base_sessions`; `missions` likewise with
//!   `missions / base_missions`. The base counts are parameters of the projection (the
//!   sessions and missions the base year paid for, at least 1); a scenario's counts are per
//!   projected year.
//! * `dues`: the Assembly fixes the dues, so inflation does not move them. When the base year
//!   has dues scales, the first dues-driven line (by position) is the sum over active member
//!   institutions of their scale (a member's own row wins over its category's; other currencies
//!   converted to USD at the rate of the base year's 31 December) × `collection_rate`; further
//!   dues lines, and every dues line when the base year has no scales, stay at `B`.
//! * Lines whose costs are incurred in pesos (`cost_currency` MXN: salaries, headquarters) are
//!   converted to MXN at the base year's average USD→MXN rate (the mean of the rates recorded
//!   that year; the scenario's own rate when there are none), moved as above, and converted
//!   back at the scenario's `mxn_per_usd`: the factor `base rate / scenario rate` applies.
//! * One-off items are added to their line and year after rounding.
//!
//! Rounding: everything is computed in `Decimal` and each line-year is rounded to the cent,
//! half away from zero; chapter, revenue and expense totals are sums of the rounded lines, and
//! the balance is revenue − expense, so the printed figures always add up.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::budget::{self, usd, CostCurrency, Driver, LineKind};
use crate::error::{AppError, ErrorCode, Result};
use crate::ledger::{self, REPORTING_CURRENCY};
use crate::money::Money;
use crate::store::{new_id, now, Scope, Store};
use crate::users::{Language, Permission, User};
use crate::validate;

/// The USD→MXN rate the default scenarios start from when the base year has no recorded rate.
pub const DEFAULT_MXN_PER_USD: &str = "18";

// ---------------------------------------------------------------------------------------------
// The pure computation
// ---------------------------------------------------------------------------------------------

/// One line of the base year.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseLine {
    pub line_id: String,
    pub chapter_code: String,
    pub chapter_name: String,
    pub code: String,
    pub name: String,
    pub kind: LineKind,
    pub driver: Driver,
    pub cost_currency: CostCurrency,
    /// Minor units of USD.
    pub base_minor: i64,
}

/// What a projection starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionBase {
    pub base_year: u16,
    pub lines: Vec<BaseLine>,
    /// The base year's average MXN per USD, if any rate was recorded that year.
    pub base_mxn_per_usd: Option<Decimal>,
    /// Sessions and missions the base year paid for (≥ 1).
    pub base_sessions: u16,
    pub base_missions: u16,
    /// The dues the scales of the base year call for (active members), minor units of USD;
    /// `None` when the base year has no scale.
    pub dues_scale_minor: Option<i64>,
}

/// A one-off item: an amount (either sign) added to a line in one projected year.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOffItem {
    /// 1..=3: years after the base year.
    pub year_offset: u8,
    pub line_id: String,
    pub amount_minor: i64,
}

/// A scenario's drivers, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioDrivers {
    pub inflation: Decimal,
    pub mxn_per_usd: Decimal,
    pub salary_increase: Decimal,
    pub staffing_change: Decimal,
    pub sessions: u16,
    pub missions: u16,
    pub collection_rate: Decimal,
    pub one_offs: Vec<OneOffItem>,
}

/// The projected amounts of a line, one per projected year (minor units of USD).
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectedLine {
    pub line_id: String,
    pub amounts: Vec<i64>,
}

/// A chapter's totals per projected year.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectedChapter {
    pub code: String,
    pub kind: LineKind,
    pub amounts: Vec<i64>,
}

/// What [`project`] computes, in the order of the base lines.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionResult {
    /// The calendar years projected.
    pub years: Vec<u16>,
    pub lines: Vec<ProjectedLine>,
    pub chapters: Vec<ProjectedChapter>,
    pub revenue: Vec<i64>,
    pub expense: Vec<i64>,
    /// Revenue − expense.
    pub balance: Vec<i64>,
}

fn overflow() -> AppError {
    AppError::new(
        ErrorCode::InvalidValue,
        "the projected amounts are too large",
    )
}

fn mul(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(overflow)
}

fn pow(base: Decimal, k: u32) -> Result<Decimal> {
    (0..k).try_fold(Decimal::ONE, |acc, _| mul(acc, base))
}

fn ratio(count: u16, base: u16) -> Result<Decimal> {
    if base == 0 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "base_sessions",
            "base counts are at least 1",
        ));
    }
    Decimal::from(count)
        .checked_div(Decimal::from(base))
        .ok_or_else(overflow)
}

fn cents(d: Decimal) -> Result<i64> {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|m| m.to_i64())
        .ok_or_else(overflow)
}

fn add(a: i64, b: i64) -> Result<i64> {
    a.checked_add(b).ok_or_else(overflow)
}

/// Projects every base line `years` (1 or 3) years ahead under one scenario.
pub fn project(
    base: &ProjectionBase,
    scenario: &ScenarioDrivers,
    years: u8,
) -> Result<ProjectionResult> {
    if years != 1 && years != 3 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "years",
            "a projection looks 1 or 3 years ahead",
        ));
    }
    if scenario.mxn_per_usd <= Decimal::ZERO {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "mxn_per_usd",
            "the exchange rate must be positive",
        ));
    }
    let base_rate = base
        .base_mxn_per_usd
        .filter(|r| *r > Decimal::ZERO)
        .unwrap_or(scenario.mxn_per_usd);
    let peso_factor = base_rate
        .checked_div(scenario.mxn_per_usd)
        .ok_or_else(overflow)?;
    let first_dues = base
        .lines
        .iter()
        .position(|l| l.driver == Driver::Dues)
        .filter(|_| base.dues_scale_minor.is_some());
    let n = usize::from(years);
    let mut lines = Vec::with_capacity(base.lines.len());
    for (i, line) in base.lines.iter().enumerate() {
        let b = Decimal::new(line.base_minor, 2);
        let mut amounts = Vec::with_capacity(n);
        for k in 1..=u32::from(years) {
            let inflation = pow(Decimal::ONE + scenario.inflation, k)?;
            let mut v = match line.driver {
                Driver::Fixed => b,
                Driver::Inflation => mul(b, inflation)?,
                Driver::Salaries => mul(
                    mul(b, pow(Decimal::ONE + scenario.salary_increase, k)?)?,
                    Decimal::ONE + scenario.staffing_change,
                )?,
                Driver::Sessions => mul(
                    mul(b, inflation)?,
                    ratio(scenario.sessions, base.base_sessions)?,
                )?,
                Driver::Missions => mul(
                    mul(b, inflation)?,
                    ratio(scenario.missions, base.base_missions)?,
                )?,
                Driver::Dues => match (first_dues == Some(i), base.dues_scale_minor) {
                    (true, Some(scale)) => mul(Decimal::new(scale, 2), scenario.collection_rate)?,
                    _ => b,
                },
            };
            if line.cost_currency == CostCurrency::Mxn {
                v = mul(v, peso_factor)?;
            }
            let mut minor = cents(v)?;
            for o in &scenario.one_offs {
                if u32::from(o.year_offset) == k && o.line_id == line.line_id {
                    minor = add(minor, o.amount_minor)?;
                }
            }
            amounts.push(minor);
        }
        lines.push(ProjectedLine {
            line_id: line.line_id.clone(),
            amounts,
        });
    }
    let mut chapters: Vec<ProjectedChapter> = Vec::new();
    let (mut revenue, mut expense) = (vec![0i64; n], vec![0i64; n]);
    for (line, projected) in base.lines.iter().zip(&lines) {
        let slot = match chapters.iter().position(|c| c.code == line.chapter_code) {
            Some(i) => i,
            None => {
                chapters.push(ProjectedChapter {
                    code: line.chapter_code.clone(),
                    kind: line.kind,
                    amounts: vec![0; n],
                });
                chapters.len() - 1
            }
        };
        let total = match line.kind {
            LineKind::Revenue => &mut revenue,
            LineKind::Expense => &mut expense,
        };
        for (y, a) in projected.amounts.iter().enumerate() {
            chapters[slot].amounts[y] = add(chapters[slot].amounts[y], *a)?;
            total[y] = add(total[y], *a)?;
        }
    }
    let balance = revenue
        .iter()
        .zip(&expense)
        .map(|(r, e)| r.checked_sub(*e).ok_or_else(overflow))
        .collect::<Result<Vec<_>>>()?;
    Ok(ProjectionResult {
        years: (1..=u16::from(years))
            .map(|k| base.base_year.saturating_add(k))
            .collect(),
        lines,
        chapters,
        revenue,
        expense,
        balance,
    })
}

// ---------------------------------------------------------------------------------------------
// Drivers as typed
// ---------------------------------------------------------------------------------------------

/// A scenario's drivers as they cross IPC: rates are decimal strings (`"0.045"` = 4.5 %).
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ScenarioInput {
    /// Yearly inflation, −0.5..=1.
    pub inflation: String,
    /// Pesos per US dollar, > 0.
    pub mxn_per_usd: String,
    /// Yearly salary increase, −0.5..=1.
    pub salary_increase: String,
    /// Change in staff from year 1 (0.05 = +5 % staff), −0.5..=1.
    pub staffing_change: String,
    /// Statutory sessions per projected year.
    pub sessions: u16,
    /// Missions per projected year.
    pub missions: u16,
    /// Share of the dues called that is collected, 0..=1.
    pub collection_rate: String,
}

fn decimal(field: &str, value: &str) -> Result<Decimal> {
    let d: Decimal = value.trim().parse().map_err(|_| {
        AppError::field(
            ErrorCode::InvalidFormat,
            field,
            format!("'{}' is not a decimal number", value.trim()),
        )
    })?;
    if d.scale() > 10 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            "at most 10 decimals",
        ));
    }
    Ok(d.normalize())
}

fn bounded(field: &str, value: &str, low: Decimal, high: Decimal) -> Result<Decimal> {
    let d = decimal(field, value)?;
    if d < low || d > high {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            format!("{field} must be between {low} and {high}"),
        ));
    }
    Ok(d)
}

/// Validates typed drivers (without one-offs).
pub fn parse_drivers(input: &ScenarioInput) -> Result<ScenarioDrivers> {
    let (low, high) = (Decimal::new(-5, 1), Decimal::ONE);
    Ok(ScenarioDrivers {
        inflation: bounded("inflation", &input.inflation, low, high)?,
        mxn_per_usd: ledger::parse_rate("mxn_per_usd", &input.mxn_per_usd)?,
        salary_increase: bounded("salary_increase", &input.salary_increase, low, high)?,
        staffing_change: bounded("staffing_change", &input.staffing_change, low, high)?,
        sessions: input.sessions,
        missions: input.missions,
        collection_rate: bounded(
            "collection_rate",
            &input.collection_rate,
            Decimal::ZERO,
            Decimal::ONE,
        )?,
        one_offs: Vec::new(),
    })
}

// ---------------------------------------------------------------------------------------------
// Stored projections
// ---------------------------------------------------------------------------------------------

/// What a projection starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BaseSource {
    /// The base year's actuals (journal lines carrying a budget line).
    Actual,
    /// The base year's final budget.
    FinalBudget,
}

impl BaseSource {
    pub fn as_str(self) -> &'static str {
        match self {
            BaseSource::Actual => "actual",
            BaseSource::FinalBudget => "final_budget",
        }
    }
    fn parse(s: &str) -> BaseSource {
        if s == "actual" {
            BaseSource::Actual
        } else {
            BaseSource::FinalBudget
        }
    }
}

/// What is filled in to create a projection.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ProjectionInput {
    pub name: String,
    pub base_year: u16,
    pub base_source: BaseSource,
    /// 1 or 3.
    pub years: u8,
    /// Sessions and missions the base year paid for (≥ 1).
    pub base_sessions: u16,
    pub base_missions: u16,
}

/// A one-off item as stored.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct OneOff {
    pub id: String,
    pub scenario_id: String,
    pub year_offset: u8,
    pub line_id: String,
    pub line_code: String,
    /// Decimal string in USD (either sign).
    pub amount: String,
    pub description: String,
}

/// A one-off item as typed.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct OneOffInput {
    pub scenario_id: String,
    /// 1..=the projection's years.
    pub year_offset: u8,
    pub line_id: String,
    /// Decimal string in USD, non-zero (negative lowers the line).
    pub amount: String,
    pub description: String,
}

/// A scenario and its drivers.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Scenario {
    pub id: String,
    pub name: String,
    pub position: u32,
    pub drivers: ScenarioInput,
    pub one_offs: Vec<OneOff>,
}

/// A stored projection with its scenarios.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Projection {
    pub id: String,
    pub name: String,
    pub base_year: u16,
    pub base_source: BaseSource,
    pub years: u8,
    pub base_sessions: u16,
    pub base_missions: u16,
    pub updated_at: String,
    pub scenarios: Vec<Scenario>,
}

/// A projection in a list.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ProjectionSummary {
    pub id: String,
    pub name: String,
    pub base_year: u16,
    pub base_source: BaseSource,
    pub years: u8,
    pub scenario_count: u32,
    pub updated_at: String,
}

/// The live projections, newest base year first.
pub fn list_projections(conn: &Connection) -> Result<Vec<ProjectionSummary>> {
    let mut st = conn.prepare_cached(
        "SELECT p.id, p.name, p.base_year, p.base_source, p.years,
                (SELECT count(*) FROM projection_scenarios s WHERE s.projection_id = p.id), p.updated_at
         FROM projections p WHERE p.deleted_at IS NULL ORDER BY p.base_year DESC, p.name",
    )?;
    let rows = st.query_map([], |r| {
        Ok(ProjectionSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            base_year: r.get(2)?,
            base_source: BaseSource::parse(&r.get::<_, String>(3)?),
            years: r.get(4)?,
            scenario_count: r.get(5)?,
            updated_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn scenario_rows(conn: &Connection, clause: &str, arg: &str) -> Result<Vec<Scenario>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT id, name, position, inflation, mxn_per_usd, salary_increase, staffing_change, sessions, missions, collection_rate
         FROM projection_scenarios WHERE {clause} ORDER BY position, name"
    ))?;
    let mut out = st
        .query_map([arg], |r| {
            Ok(Scenario {
                id: r.get(0)?,
                name: r.get(1)?,
                position: r.get(2)?,
                drivers: ScenarioInput {
                    inflation: r.get(3)?,
                    mxn_per_usd: r.get(4)?,
                    salary_increase: r.get(5)?,
                    staffing_change: r.get(6)?,
                    sessions: r.get(7)?,
                    missions: r.get(8)?,
                    collection_rate: r.get(9)?,
                },
                one_offs: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut st = conn.prepare_cached(
        "SELECT o.id, o.scenario_id, o.year_offset, o.line_id, l.code, o.amount_minor, o.description
         FROM projection_one_offs o JOIN budget_lines l ON l.id = o.line_id
         WHERE o.scenario_id = ?1 AND o.deleted_at IS NULL ORDER BY o.year_offset, l.code, o.rowid",
    )?;
    for s in &mut out {
        s.one_offs = st
            .query_map([&s.id], |r| {
                Ok(OneOff {
                    id: r.get(0)?,
                    scenario_id: r.get(1)?,
                    year_offset: r.get(2)?,
                    line_id: r.get(3)?,
                    line_code: r.get(4)?,
                    amount: usd(r.get(5)?),
                    description: r.get(6)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
    }
    Ok(out)
}

/// One live projection with its scenarios and one-offs.
pub fn get_projection(conn: &Connection, id: &str) -> Result<Projection> {
    let id = id.trim();
    let mut p = conn
        .query_row(
            "SELECT id, name, base_year, base_source, years, base_sessions, base_missions, updated_at
             FROM projections WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            |r| {
                Ok(Projection {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    base_year: r.get(2)?,
                    base_source: BaseSource::parse(&r.get::<_, String>(3)?),
                    years: r.get(4)?,
                    base_sessions: r.get(5)?,
                    base_missions: r.get(6)?,
                    updated_at: r.get(7)?,
                    scenarios: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| {
            AppError::field(
                ErrorCode::NotFound,
                "projection_id",
                format!("projection {id} does not exist"),
            )
        })?;
    p.scenarios = scenario_rows(conn, "projection_id = ?1", &p.id)?;
    Ok(p)
}

/// The mean of the USD→MXN rates recorded in `year` (MXN→USD rates inverted), six decimals.
pub fn base_mxn_per_usd(conn: &Connection, year: u16) -> Result<Option<Decimal>> {
    let mut st = conn.prepare_cached(
        "SELECT from_currency, rate FROM exchange_rates
         WHERE on_date BETWEEN ?1 AND ?2
           AND ((from_currency = 'USD' AND to_currency = 'MXN') OR (from_currency = 'MXN' AND to_currency = 'USD'))",
    )?;
    let rows = st
        .query_map(
            params![format!("{year:04}-01-01"), format!("{year:04}-12-31")],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let mut sum = Decimal::ZERO;
    let mut n = 0u32;
    for (from, text) in rows {
        let rate = ledger::parse_rate("rate", &text)?;
        let r = if from == "USD" {
            rate
        } else {
            Decimal::ONE.checked_div(rate).ok_or_else(overflow)?
        };
        sum = sum.checked_add(r).ok_or_else(overflow)?;
        n += 1;
    }
    if n == 0 {
        return Ok(None);
    }
    Ok(Some(
        (sum / Decimal::from(n))
            .round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
    ))
}

/// What the dues scales of `year` call for from the active members, in minor units of USD;
/// `None` when the year has no scale.
pub fn dues_called(conn: &Connection, year: u16) -> Result<Option<i64>> {
    let scales: i64 = conn.query_row(
        "SELECT count(*) FROM dues_scales WHERE fiscal_year = ?1",
        [year],
        |r| r.get(0),
    )?;
    if scales == 0 {
        return Ok(None);
    }
    let mut st = conn.prepare_cached(
        "SELECT coalesce(ms.amount_minor, cs.amount_minor), coalesce(ms.currency, cs.currency)
         FROM members m
         LEFT JOIN dues_scales ms ON ms.member_id = m.id AND ms.fiscal_year = ?1
         LEFT JOIN dues_scales cs ON cs.category = m.category AND cs.fiscal_year = ?1
         WHERE m.status = 'active' AND m.archived_at IS NULL AND m.deleted_at IS NULL",
    )?;
    let rows = st
        .query_map([year], |r| {
            Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<String>>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let year_end = NaiveDate::from_ymd_opt(i32::from(year), 12, 31).ok_or_else(overflow)?;
    let mut total = 0i64;
    for (amount, currency) in rows {
        let (Some(minor), Some(currency)) = (amount, currency) else {
            continue;
        };
        let in_usd = if currency == REPORTING_CURRENCY {
            minor
        } else {
            let rate = ledger::rate_on(conn, &currency, REPORTING_CURRENCY, year_end)?;
            Money { minor, currency }
                .convert(rate, REPORTING_CURRENCY)?
                .minor
        };
        total = add(total, in_usd)?;
    }
    Ok(Some(total))
}

/// The base of a stored projection: every live budget line with its base-year amount.
pub fn projection_base(
    conn: &Connection,
    projection: &Projection,
    lang: Language,
) -> Result<ProjectionBase> {
    let year = projection.base_year;
    let amounts: HashMap<String, i64> = match projection.base_source {
        BaseSource::Actual => budget::actuals(conn, year)?,
        BaseSource::FinalBudget => {
            let budget_id: String = conn
                .query_row(
                    "SELECT id FROM budgets WHERE fiscal_year = ?1",
                    [year],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| {
                    AppError::field(
                        ErrorCode::NotFound,
                        "base_year",
                        format!("there is no budget for {year}"),
                    )
                })?;
            budget::original_and_final(conn, &budget_id)?
                .into_iter()
                .map(|(k, (_, fin))| (k, fin))
                .collect()
        }
    };
    let mut lines = Vec::new();
    for chapter in budget::list_structure(conn, lang, false)? {
        for l in chapter.lines {
            lines.push(BaseLine {
                base_minor: amounts.get(&l.id).copied().unwrap_or(0),
                line_id: l.id,
                chapter_code: chapter.code.clone(),
                chapter_name: chapter.name.clone(),
                code: l.code,
                name: l.name,
                kind: l.kind,
                driver: l.driver,
                cost_currency: l.cost_currency,
            });
        }
    }
    Ok(ProjectionBase {
        base_year: year,
        lines,
        base_mxn_per_usd: base_mxn_per_usd(conn, year)?,
        base_sessions: projection.base_sessions,
        base_missions: projection.base_missions,
        dues_scale_minor: dues_called(conn, year)?,
    })
}

fn validate_projection(input: &ProjectionInput) -> Result<String> {
    let name = validate::required_text("name", &input.name, 200)?;
    if !(1900..=2200).contains(&input.base_year) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "base_year",
            format!("{} is not a plausible fiscal year", input.base_year),
        ));
    }
    if input.years != 1 && input.years != 3 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "years",
            "a projection looks 1 or 3 years ahead",
        ));
    }
    if input.base_sessions == 0 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "base_sessions",
            "the base year's sessions are at least 1",
        ));
    }
    if input.base_missions == 0 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "base_missions",
            "the base year's missions are at least 1",
        ));
    }
    Ok(name)
}

/// The three default scenarios: base, prudent (higher inflation and salaries, a stronger
/// peso, lower collection) and optimistic (the reverse).
pub fn default_scenarios(
    base_rate: Decimal,
    sessions: u16,
    missions: u16,
) -> Vec<(&'static str, ScenarioInput)> {
    let rate = |f: Decimal| {
        (base_rate * f)
            .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
            .normalize()
            .to_string()
    };
    let s = |inflation: &str, r: String, salary: &str, collection: &str| ScenarioInput {
        inflation: inflation.into(),
        mxn_per_usd: r,
        salary_increase: salary.into(),
        staffing_change: "0".into(),
        sessions,
        missions,
        collection_rate: collection.into(),
    };
    vec![
        ("base", s("0.04", rate(Decimal::ONE), "0.05", "0.9")),
        (
            "prudent",
            s("0.06", rate(Decimal::new(9, 1)), "0.07", "0.8"),
        ),
        (
            "optimistic",
            s("0.03", rate(Decimal::new(11, 1)), "0.04", "0.95"),
        ),
    ]
}

/// Creates a projection with the default scenarios "base", "prudent" and "optimistic".
pub fn create_projection(
    store: &mut impl Scope,
    actor: &User,
    input: &ProjectionInput,
) -> Result<Projection> {
    actor.require(Permission::ManageFinances)?;
    let name = validate_projection(input)?;
    let id = store.transaction(|tx| {
        if input.base_source == BaseSource::FinalBudget {
            let has: Option<i64> = tx
                .query_row(
                    "SELECT 1 FROM budgets WHERE fiscal_year = ?1",
                    [input.base_year],
                    |r| r.get(0),
                )
                .optional()?;
            if has.is_none() {
                return Err(AppError::field(
                    ErrorCode::NotFound,
                    "base_year",
                    format!("there is no budget for {}", input.base_year),
                ));
            }
        }
        let base_rate = base_mxn_per_usd(tx, input.base_year)?
            .unwrap_or_else(|| DEFAULT_MXN_PER_USD.parse().unwrap_or(Decimal::ONE));
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO projections (id, name, base_year, base_source, years, base_sessions, base_missions, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            params![id, name, input.base_year, input.base_source.as_str(), input.years, input.base_sessions, input.base_missions, at, actor.id],
        )?;
        for (pos, (sname, d)) in default_scenarios(base_rate, input.base_sessions, input.base_missions)
            .into_iter()
            .enumerate()
        {
            tx.execute(
                "INSERT INTO projection_scenarios (id, projection_id, name, position, inflation, mxn_per_usd, salary_increase, staffing_change, sessions, missions, collection_rate, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![new_id(), id, sname, pos as i64, d.inflation, d.mxn_per_usd, d.salary_increase, d.staffing_change, d.sessions, d.missions, d.collection_rate, at, actor.id],
            )?;
        }
        audit::record(
            tx,
            Some(&actor.id),
            "projection.create",
            "projection",
            Some(&id),
            &json!({"name": name, "base_year": input.base_year, "base_source": input.base_source.as_str(), "years": input.years}),
        )?;
        Ok(id)
    })?;
    get_projection(store.conn(), &id)
}

/// The live projection a scenario belongs to.
fn scenario_projection(conn: &Connection, scenario_id: &str) -> Result<(String, u8)> {
    conn.query_row(
        "SELECT p.id, p.years FROM projection_scenarios s JOIN projections p ON p.id = s.projection_id
         WHERE s.id = ?1 AND p.deleted_at IS NULL",
        [scenario_id.trim()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| {
        AppError::field(
            ErrorCode::NotFound,
            "scenario_id",
            format!("scenario {} does not exist", scenario_id.trim()),
        )
    })
}

fn touch(tx: &Connection, projection_id: &str, at: &str, actor_id: &str) -> Result<()> {
    tx.execute(
        "UPDATE projections SET updated_at = ?2, updated_by = ?3 WHERE id = ?1",
        params![projection_id, at, actor_id],
    )?;
    Ok(())
}

/// Sets a scenario's drivers.
pub fn update_scenario(
    store: &mut impl Scope,
    actor: &User,
    scenario_id: &str,
    input: &ScenarioInput,
) -> Result<Scenario> {
    actor.require(Permission::ManageFinances)?;
    let d = parse_drivers(input)?;
    let id = scenario_id.trim().to_string();
    store.transaction(|tx| {
        let (projection_id, _) = scenario_projection(tx, &id)?;
        let at = now();
        tx.execute(
            "UPDATE projection_scenarios SET inflation = ?2, mxn_per_usd = ?3, salary_increase = ?4, staffing_change = ?5, sessions = ?6, missions = ?7, collection_rate = ?8, updated_at = ?9, updated_by = ?10 WHERE id = ?1",
            params![id, d.inflation.to_string(), d.mxn_per_usd.to_string(), d.salary_increase.to_string(), d.staffing_change.to_string(), d.sessions, d.missions, d.collection_rate.to_string(), at, actor.id],
        )?;
        touch(tx, &projection_id, &at, &actor.id)?;
        audit::record(tx, Some(&actor.id), "projection.update_scenario", "projection_scenario", Some(&id), &json!({
            "inflation": d.inflation.to_string(), "mxn_per_usd": d.mxn_per_usd.to_string(), "salary_increase": d.salary_increase.to_string(),
            "staffing_change": d.staffing_change.to_string(), "sessions": d.sessions, "missions": d.missions, "collection_rate": d.collection_rate.to_string()
        }))?;
        Ok(())
    })?;
    scenario_rows(store.conn(), "id = ?1", &id)?
        .pop()
        .ok_or_else(|| AppError::not_found("scenario", &id))
}

/// Adds a one-off item to a scenario.
pub fn add_one_off(store: &mut impl Scope, actor: &User, input: &OneOffInput) -> Result<OneOff> {
    actor.require(Permission::ManageFinances)?;
    let description = validate::required_text("description", &input.description, 300)?;
    let amount = budget::parse_usd("amount", &input.amount)?;
    if amount == 0 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "amount",
            "a one-off item has an amount",
        ));
    }
    let id = store.transaction(|tx| {
        let (projection_id, years) = scenario_projection(tx, &input.scenario_id)?;
        if input.year_offset == 0 || input.year_offset > years {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "year_offset",
                format!("the projection covers years 1 to {years}"),
            ));
        }
        let line = budget::get_line(tx, input.line_id.trim(), Language::Es)
            .ok()
            .filter(|l| !l.archived)
            .ok_or_else(|| {
                AppError::field(ErrorCode::NotFound, "line_id", "the budget line does not exist")
            })?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO projection_one_offs (id, scenario_id, year_offset, line_id, amount_minor, description, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, input.scenario_id.trim(), input.year_offset, line.id, amount, description, at, actor.id],
        )?;
        touch(tx, &projection_id, &at, &actor.id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "projection.add_one_off",
            "projection_one_off",
            Some(&id),
            &json!({"scenario_id": input.scenario_id.trim(), "year_offset": input.year_offset, "line": line.code, "amount": usd(amount), "description": description}),
        )?;
        Ok(id)
    })?;
    let scenario = scenario_rows(store.conn(), "id = ?1", input.scenario_id.trim())?;
    scenario
        .into_iter()
        .flat_map(|s| s.one_offs)
        .find(|o| o.id == id)
        .ok_or_else(|| AppError::not_found("one-off item", &id))
}

/// Removes a one-off item (a tombstone).
pub fn remove_one_off(store: &mut Store, actor: &User, one_off_id: &str) -> Result<()> {
    actor.require(Permission::ManageFinances)?;
    let id = one_off_id.trim().to_string();
    store.transaction(|tx| {
        let scenario_id: String = tx
            .query_row(
                "SELECT scenario_id FROM projection_one_offs WHERE id = ?1 AND deleted_at IS NULL",
                [&id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| {
                AppError::field(
                    ErrorCode::NotFound,
                    "one_off_id",
                    format!("one-off item {id} does not exist"),
                )
            })?;
        let (projection_id, _) = scenario_projection(tx, &scenario_id)?;
        let at = now();
        tx.execute(
            "UPDATE projection_one_offs SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![id, at, actor.id],
        )?;
        touch(tx, &projection_id, &at, &actor.id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "projection.remove_one_off",
            "projection_one_off",
            Some(&id),
            &json!({}),
        )?;
        Ok(())
    })
}

/// Deletes a projection (a tombstone).
pub fn delete_projection(store: &mut Store, actor: &User, projection_id: &str) -> Result<()> {
    actor.require(Permission::ManageFinances)?;
    store.transaction(|tx| {
        let p = get_projection(tx, projection_id)?;
        let at = now();
        tx.execute(
            "UPDATE projections SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![p.id, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "projection.delete",
            "projection",
            Some(&p.id),
            &json!({"name": p.name}),
        )?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Every scenario side by side
// ---------------------------------------------------------------------------------------------

/// A line as the projection shows it.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ViewLine {
    pub line_id: String,
    pub chapter_code: String,
    pub code: String,
    pub name: String,
    pub kind: LineKind,
    pub driver: Driver,
    pub cost_currency: CostCurrency,
    /// The base-year amount (decimal string, USD).
    pub base: String,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ViewChapter {
    pub code: String,
    pub name: String,
    pub kind: LineKind,
}

/// Amounts per projected year (decimal strings, USD), aligned with `ProjectionView::years`.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct YearAmounts {
    pub id: String,
    pub amounts: Vec<String>,
}

/// One scenario's projection. `lines` and `chapters` follow the order of the view's.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ScenarioResult {
    pub scenario_id: String,
    pub name: String,
    pub drivers: ScenarioInput,
    /// `id` is the line's id.
    pub lines: Vec<YearAmounts>,
    /// `id` is the chapter's code.
    pub chapters: Vec<YearAmounts>,
    pub revenue: Vec<String>,
    pub expense: Vec<String>,
    /// Revenue − expense.
    pub balance: Vec<String>,
}

/// A projection run: every scenario side by side.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ProjectionView {
    pub id: String,
    pub name: String,
    pub base_year: u16,
    pub base_source: BaseSource,
    pub currency: String,
    /// The calendar years projected.
    pub years: Vec<u16>,
    /// The base year's average MXN per USD, when rates were recorded.
    pub base_mxn_per_usd: Option<String>,
    /// The dues the base year's scales call for, when it has scales.
    pub dues_called: Option<String>,
    pub lines: Vec<ViewLine>,
    pub chapters: Vec<ViewChapter>,
    pub scenarios: Vec<ScenarioResult>,
}

fn strings(v: &[i64]) -> Vec<String> {
    v.iter().map(|m| usd(*m)).collect()
}

/// Runs a stored projection: its base, then every scenario.
pub fn run_projection(
    conn: &Connection,
    projection_id: &str,
    lang: Language,
) -> Result<ProjectionView> {
    view_of(conn, get_projection(conn, projection_id)?, lang)
}

/// An unsaved projection with the three default scenarios, run at once (the command line's
/// `budget project`): nothing is written.
pub fn preview_projection(
    conn: &Connection,
    input: &ProjectionInput,
    lang: Language,
) -> Result<ProjectionView> {
    let name = validate_projection(input)?;
    let base_rate = base_mxn_per_usd(conn, input.base_year)?
        .unwrap_or_else(|| DEFAULT_MXN_PER_USD.parse().unwrap_or(Decimal::ONE));
    let scenarios = default_scenarios(base_rate, input.base_sessions, input.base_missions)
        .into_iter()
        .enumerate()
        .map(|(i, (name, drivers))| Scenario {
            id: String::new(),
            name: name.to_string(),
            position: i as u32,
            drivers,
            one_offs: Vec::new(),
        })
        .collect();
    let p = Projection {
        id: String::new(),
        name,
        base_year: input.base_year,
        base_source: input.base_source,
        years: input.years,
        base_sessions: input.base_sessions,
        base_missions: input.base_missions,
        updated_at: String::new(),
        scenarios,
    };
    view_of(conn, p, lang)
}

fn view_of(conn: &Connection, p: Projection, lang: Language) -> Result<ProjectionView> {
    let base = projection_base(conn, &p, lang)?;
    let mut chapters: Vec<ViewChapter> = Vec::new();
    for l in &base.lines {
        if !chapters.iter().any(|c| c.code == l.chapter_code) {
            chapters.push(ViewChapter {
                code: l.chapter_code.clone(),
                name: l.chapter_name.clone(),
                kind: l.kind,
            });
        }
    }
    let mut scenarios = Vec::with_capacity(p.scenarios.len());
    let mut years = Vec::new();
    for s in &p.scenarios {
        let mut drivers = parse_drivers(&s.drivers).map_err(|e| AppError {
            message: format!("scenario '{}': {}", s.name, e.message),
            ..e
        })?;
        drivers.one_offs = s
            .one_offs
            .iter()
            .map(|o| {
                Ok(OneOffItem {
                    year_offset: o.year_offset,
                    line_id: o.line_id.clone(),
                    amount_minor: Money::parse(&o.amount, REPORTING_CURRENCY)?.minor,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let r = project(&base, &drivers, p.years)?;
        years = r.years.clone();
        scenarios.push(ScenarioResult {
            scenario_id: s.id.clone(),
            name: s.name.clone(),
            drivers: s.drivers.clone(),
            lines: r
                .lines
                .iter()
                .map(|l| YearAmounts {
                    id: l.line_id.clone(),
                    amounts: strings(&l.amounts),
                })
                .collect(),
            chapters: r
                .chapters
                .iter()
                .map(|c| YearAmounts {
                    id: c.code.clone(),
                    amounts: strings(&c.amounts),
                })
                .collect(),
            revenue: strings(&r.revenue),
            expense: strings(&r.expense),
            balance: strings(&r.balance),
        });
    }
    if years.is_empty() {
        years = (1..=u16::from(p.years))
            .map(|k| p.base_year.saturating_add(k))
            .collect();
    }
    Ok(ProjectionView {
        id: p.id,
        name: p.name,
        base_year: p.base_year,
        base_source: p.base_source,
        currency: REPORTING_CURRENCY.to_string(),
        years,
        base_mxn_per_usd: base.base_mxn_per_usd.map(|d| d.to_string()),
        dues_called: base.dues_scale_minor.map(usd),
        lines: base
            .lines
            .iter()
            .map(|l| ViewLine {
                line_id: l.line_id.clone(),
                chapter_code: l.chapter_code.clone(),
                code: l.code.clone(),
                name: l.name.clone(),
                kind: l.kind,
                driver: l.driver,
                cost_currency: l.cost_currency,
                base: usd(l.base_minor),
            })
            .collect(),
        chapters,
        scenarios,
    })
}
