//! The budget: its structure (chapters and lines, each line with its unit, account and
//! projection driver), a budget per fiscal year in the reporting currency (USD), revisions
//! (transfers between lines, proposed by one person and decided by another), and the budget
//! against actual comparison in the shape of IPSAS 24 (original, final, actual, difference).
//!
//! * The **original** budget is set while the year's budget is a draft; approving it (the
//!   Secretary-General) freezes it.
//! * The **final** budget of a line is its original plus the approved transfers into it
//!   minus the approved transfers out of it. Transfers conserve the total: the final total of
//!   a kind (revenue, expense) equals its original total.
//! * The **actual** of a line is the sum, over the journal lines that carry its
//!   `budget_line_id` in entries of that fiscal year (closing entries excepted), in the
//!   reporting currency: `debit − credit` for expense lines, `credit − debit` for revenue lines.
//! * The **variance** is signed so that a positive figure is favourable: `final − actual` for
//!   expense lines (money left unspent), `actual − final` for revenue lines (more collected
//!   than budgeted). `variance_pct` is the variance over the final budget × 100, one decimal,
//!   half away from zero; absent when the final budget is zero.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::error::{AppError, ErrorCode, Result};
use crate::ledger::{self, name_column, REPORTING_CURRENCY};
use crate::money::Money;
use crate::store::{new_id, now, today, Scope, Store};
use crate::users::{Language, Permission, User};
use crate::validate;

/// The currency every budget is kept in.
pub const BUDGET_CURRENCY: &str = REPORTING_CURRENCY;

const MAX_TRANSFERS: usize = 100;
const MAX_AMOUNTS: usize = 1000;

// ---------------------------------------------------------------------------------------------
// Structure
// ---------------------------------------------------------------------------------------------

/// Whether a chapter (and its lines) brings money in or spends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Revenue,
    Expense,
}

impl LineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Revenue => "revenue",
            LineKind::Expense => "expense",
        }
    }
    pub fn parse(s: &str) -> Option<LineKind> {
        match s {
            "revenue" => Some(LineKind::Revenue),
            "expense" => Some(LineKind::Expense),
            _ => None,
        }
    }
}

/// What moves a line in a projection (see `projection`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Driver {
    /// Grows with inflation.
    Inflation,
    /// Grows with salary increases and staffing changes.
    Salaries,
    /// Scales with the number of statutory sessions, and grows with inflation.
    Sessions,
    /// Scales with the number of missions, and grows with inflation.
    Missions,
    /// Member dues: the Assembly's scales times the collection rate.
    Dues,
    /// Stays as it is.
    Fixed,
}

impl Driver {
    pub const ALL: [Driver; 6] = [
        Driver::Inflation,
        Driver::Salaries,
        Driver::Sessions,
        Driver::Missions,
        Driver::Dues,
        Driver::Fixed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Driver::Inflation => "inflation",
            Driver::Salaries => "salaries",
            Driver::Sessions => "sessions",
            Driver::Missions => "missions",
            Driver::Dues => "dues",
            Driver::Fixed => "fixed",
        }
    }
    pub fn parse(s: &str) -> Option<Driver> {
        Driver::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// The currency a line's costs are really incurred in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
pub enum CostCurrency {
    #[serde(rename = "USD")]
    Usd,
    /// Salaries and the headquarters in Mexico City.
    #[serde(rename = "MXN")]
    Mxn,
}

impl CostCurrency {
    pub fn as_str(self) -> &'static str {
        match self {
            CostCurrency::Usd => "USD",
            CostCurrency::Mxn => "MXN",
        }
    }
    pub fn parse(s: &str) -> CostCurrency {
        if s == "MXN" {
            CostCurrency::Mxn
        } else {
            CostCurrency::Usd
        }
    }
}

/// A line's name in the four languages; an empty name shows the Spanish one.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct LineNames {
    pub es: String,
    pub en: String,
    pub pt: String,
    pub fr: String,
}

/// A budget line.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct BudgetLine {
    pub id: String,
    pub chapter_id: String,
    pub chapter_code: String,
    pub code: String,
    /// The name in the requested language.
    pub name: String,
    pub names: LineNames,
    pub kind: LineKind,
    pub driver: Driver,
    pub cost_currency: CostCurrency,
    pub unit_id: String,
    pub unit_code: String,
    pub account_code: String,
    pub position: u32,
    pub archived: bool,
}

/// A chapter with its lines.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct BudgetChapter {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: LineKind,
    pub position: u32,
    pub lines: Vec<BudgetLine>,
}

fn localized(col: &str, alias: &str) -> String {
    format!("coalesce(nullif({alias}.{col}, ''), {alias}.name_es)")
}

fn line_select(lang: Language) -> String {
    let col = name_column(lang);
    format!(
        "SELECT l.id, l.chapter_id, c.code, l.code, {}, l.name_es, l.name_en, l.name_pt, l.name_fr,
                l.kind, l.driver, l.cost_currency, l.unit_id, u.code, a.code, l.position, l.deleted_at IS NOT NULL
         FROM budget_lines l
         JOIN budget_chapters c ON c.id = l.chapter_id
         JOIN units u ON u.id = l.unit_id
         JOIN accounts a ON a.id = l.account_id",
        localized(col, "l")
    )
}

fn line_from_row(r: &rusqlite::Row) -> rusqlite::Result<BudgetLine> {
    Ok(BudgetLine {
        id: r.get(0)?,
        chapter_id: r.get(1)?,
        chapter_code: r.get(2)?,
        code: r.get(3)?,
        name: r.get(4)?,
        names: LineNames {
            es: r.get(5)?,
            en: r.get(6)?,
            pt: r.get(7)?,
            fr: r.get(8)?,
        },
        kind: LineKind::parse(&r.get::<_, String>(9)?).unwrap_or(LineKind::Expense),
        driver: Driver::parse(&r.get::<_, String>(10)?).unwrap_or(Driver::Fixed),
        cost_currency: CostCurrency::parse(&r.get::<_, String>(11)?),
        unit_id: r.get(12)?,
        unit_code: r.get(13)?,
        account_code: r.get(14)?,
        position: r.get::<_, i64>(15)?.clamp(0, i64::from(u32::MAX)) as u32,
        archived: r.get(16)?,
    })
}

/// Every chapter (by position) with its lines (by position), named in `lang`. Archived lines
/// are left out unless `include_archived`.
pub fn list_structure(
    conn: &Connection,
    lang: Language,
    include_archived: bool,
) -> Result<Vec<BudgetChapter>> {
    let col = name_column(lang);
    let mut st = conn.prepare_cached(&format!(
        "SELECT c.id, c.code, {}, c.kind, c.position FROM budget_chapters c
         WHERE c.deleted_at IS NULL ORDER BY c.position, c.code",
        localized(col, "c")
    ))?;
    let mut chapters = st
        .query_map([], |r| {
            Ok(BudgetChapter {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                kind: LineKind::parse(&r.get::<_, String>(3)?).unwrap_or(LineKind::Expense),
                position: r.get::<_, i64>(4)?.clamp(0, i64::from(u32::MAX)) as u32,
                lines: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut st = conn.prepare_cached(&format!(
        "{} ORDER BY l.position, l.code",
        line_select(lang)
    ))?;
    let lines = st
        .query_map([], line_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    for line in lines {
        if line.archived && !include_archived {
            continue;
        }
        if let Some(c) = chapters.iter_mut().find(|c| c.id == line.chapter_id) {
            c.lines.push(line);
        }
    }
    Ok(chapters)
}

/// One budget line (archived or not).
pub fn get_line(conn: &Connection, id: &str, lang: Language) -> Result<BudgetLine> {
    conn.query_row(
        &format!("{} WHERE l.id = ?1", line_select(lang)),
        [id],
        line_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("budget line", id))
}

/// A live line, or `not_found` naming `field`.
fn live_line(conn: &Connection, id: &str, field: &str) -> Result<BudgetLine> {
    match get_line(conn, id.trim(), Language::Es) {
        Ok(l) if !l.archived => Ok(l),
        Ok(_) => Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            format!("budget line {} is archived", id.trim()),
        )),
        Err(e) if e.code == ErrorCode::NotFound => Err(AppError::field(
            ErrorCode::NotFound,
            field,
            format!("budget line {} does not exist", id.trim()),
        )),
        Err(e) => Err(e),
    }
}

/// What is filled in to create a budget line. Its kind is its chapter's.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct BudgetLineInput {
    pub chapter_id: String,
    /// e.g. `3.3`: letters, digits, `.` and `-`.
    pub code: String,
    pub names: LineNames,
    pub unit_id: String,
    /// The account's code in the chart (`5301`), of the chapter's kind.
    pub account_code: String,
    pub driver: Driver,
    pub cost_currency: CostCurrency,
}

fn validate_names(names: &LineNames) -> Result<LineNames> {
    Ok(LineNames {
        es: validate::required_text("names.es", &names.es, 200)?,
        en: validate::optional_text("names.en", &names.en, 200)?,
        pt: validate::optional_text("names.pt", &names.pt, 200)?,
        fr: validate::optional_text("names.fr", &names.fr, 200)?,
    })
}

/// Creates a budget line at the end of its chapter.
pub fn create_line(store: &mut Store, actor: &User, input: &BudgetLineInput) -> Result<BudgetLine> {
    actor.require(Permission::ManageFinances)?;
    let code = validate::required_text("code", &input.code, 20)?;
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        return Err(AppError::field(
            ErrorCode::InvalidFormat,
            "code",
            "a line code holds letters, digits, '.' and '-' only",
        ));
    }
    let names = validate_names(&input.names)?;
    let line_id = store.transaction(|tx| {
        let chapter: Option<(String, i64)> = tx
            .query_row(
                "SELECT kind, (SELECT coalesce(max(position), 0) + 1 FROM budget_lines WHERE chapter_id = c.id)
                 FROM budget_chapters c WHERE c.id = ?1 AND c.deleted_at IS NULL",
                [input.chapter_id.trim()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (kind, position) = chapter.ok_or_else(|| {
            AppError::field(ErrorCode::NotFound, "chapter_id", "the chapter does not exist")
        })?;
        let unit: Option<i64> = tx
            .query_row(
                "SELECT 1 FROM units WHERE id = ?1 AND deleted_at IS NULL",
                [input.unit_id.trim()],
                |r| r.get(0),
            )
            .optional()?;
        if unit.is_none() {
            return Err(AppError::field(ErrorCode::NotFound, "unit_id", "the unit does not exist"));
        }
        let account_id = ledger::account_id_by_code(tx, &input.account_code, "account_code")?;
        let account_kind: String =
            tx.query_row("SELECT kind FROM accounts WHERE id = ?1", [&account_id], |r| r.get(0))?;
        if account_kind != kind {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "account_code",
                format!("a line of a {kind} chapter needs a {kind} account"),
            ));
        }
        let taken: Option<i64> = tx
            .query_row("SELECT 1 FROM budget_lines WHERE code = ?1 COLLATE NOCASE", [&code], |r| r.get(0))
            .optional()?;
        if taken.is_some() {
            return Err(AppError::field(
                ErrorCode::Duplicate,
                "code",
                format!("a budget line with the code {code} exists"),
            ));
        }
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO budget_lines (id, chapter_id, code, name_es, name_en, name_pt, name_fr, kind, unit_id, account_id, driver, cost_currency, position, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15)",
            params![id, input.chapter_id.trim(), code, names.es, names.en, names.pt, names.fr, kind, input.unit_id.trim(), account_id,
                    input.driver.as_str(), input.cost_currency.as_str(), position, at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "budget.create_line", "budget_line", Some(&id), &json!({"code": code, "name_es": names.es}))?;
        Ok(id)
    })?;
    get_line(store.conn(), &line_id, actor.language)
}

/// Renames a budget line (its four names).
pub fn rename_line(
    store: &mut Store,
    actor: &User,
    line_id: &str,
    names: &LineNames,
) -> Result<BudgetLine> {
    actor.require(Permission::ManageFinances)?;
    let names = validate_names(names)?;
    store.transaction(|tx| {
        let before = live_line(tx, line_id, "line_id")?;
        tx.execute(
            "UPDATE budget_lines SET name_es = ?2, name_en = ?3, name_pt = ?4, name_fr = ?5, updated_at = ?6, updated_by = ?7 WHERE id = ?1",
            params![before.id, names.es, names.en, names.pt, names.fr, now(), actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "budget.rename_line",
            "budget_line",
            Some(&before.id),
            &json!({"code": before.code, "before": before.names.es, "after": names.es}),
        )?;
        Ok(())
    })?;
    get_line(store.conn(), line_id.trim(), actor.language)
}

/// Archives a budget line (a tombstone): it takes no new amounts, transfers or projections,
/// but stays in the years where it has figures.
pub fn archive_line(store: &mut Store, actor: &User, line_id: &str) -> Result<()> {
    actor.require(Permission::ManageFinances)?;
    store.transaction(|tx| {
        let line = live_line(tx, line_id, "line_id")?;
        let at = now();
        tx.execute(
            "UPDATE budget_lines SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![line.id, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "budget.archive_line",
            "budget_line",
            Some(&line.id),
            &json!({"code": line.code}),
        )?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// The budget of a fiscal year
// ---------------------------------------------------------------------------------------------

/// Where a year's budget stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BudgetStatus {
    Draft,
    Approved,
}

/// A line's original and final budget.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct BudgetAmount {
    pub line_id: String,
    pub code: String,
    pub name: String,
    pub kind: LineKind,
    /// Decimal strings in the budget's currency.
    pub original: String,
    pub final_budget: String,
}

/// A fiscal year's budget.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Budget {
    pub year: u16,
    pub currency: String,
    pub status: BudgetStatus,
    pub approved_on: Option<String>,
    pub approved_by: Option<String>,
    pub lines: Vec<BudgetAmount>,
    pub original_revenue: String,
    pub original_expense: String,
    pub final_revenue: String,
    pub final_expense: String,
}

/// The `(id, status)` of a year's budget.
fn budget_row(conn: &Connection, year: u16) -> Result<Option<(String, BudgetStatus)>> {
    Ok(conn
        .query_row(
            "SELECT id, status FROM budgets WHERE fiscal_year = ?1",
            [year],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    if r.get::<_, String>(1)? == "approved" {
                        BudgetStatus::Approved
                    } else {
                        BudgetStatus::Draft
                    },
                ))
            },
        )
        .optional()?)
}

fn require_budget(conn: &Connection, year: u16) -> Result<(String, BudgetStatus)> {
    budget_row(conn, year)?.ok_or_else(|| {
        AppError::field(
            ErrorCode::NotFound,
            "year",
            format!("there is no budget for {year}"),
        )
    })
}

fn check_year(year: u16) -> Result<()> {
    if !(1900..=2200).contains(&year) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "year",
            format!("{year} is not a plausible fiscal year"),
        ));
    }
    Ok(())
}

fn too_large(field: &str) -> AppError {
    AppError::field(ErrorCode::InvalidValue, field, "the amounts are too large")
}

fn add(a: i64, b: i64) -> Result<i64> {
    a.checked_add(b).ok_or_else(|| too_large("amount"))
}

fn sub(a: i64, b: i64) -> Result<i64> {
    a.checked_sub(b).ok_or_else(|| too_large("amount"))
}

/// Minor units of USD as the decimal string that crosses IPC.
pub(crate) fn usd(minor: i64) -> String {
    Decimal::new(minor, 2).to_string()
}

/// Parses a plain decimal USD amount (`-1234.50`; no exponent, no thousands separator) to
/// minor units, rounding half away from zero.
pub(crate) fn parse_usd(field: &str, value: &str) -> Result<i64> {
    let v = value.trim();
    let digits = v.strip_prefix('-').unwrap_or(v);
    let plain = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if !plain {
        return Err(AppError::field(
            ErrorCode::InvalidFormat,
            field,
            format!("'{v}' is not an amount"),
        ));
    }
    Ok(Money::parse(v, BUDGET_CURRENCY)
        .map_err(|e| AppError {
            field: Some(field.to_string()),
            ..e
        })?
        .minor)
}

/// Parses a non-negative (or, with `positive`, strictly positive) USD amount.
fn parse_amount(field: &str, value: &str, positive: bool) -> Result<i64> {
    let minor = parse_usd(field, value)?;
    if minor < 0 || (positive && minor == 0) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            if positive {
                "the amount must be positive"
            } else {
                "the amount may not be negative"
            },
        ));
    }
    Ok(minor)
}

/// Per line: (original, final) in minor units, for a budget (final = original + approved
/// transfers in − approved transfers out). Lines without an amount row but touched by
/// transfers have an original of 0.
pub(crate) fn original_and_final(
    conn: &Connection,
    budget_id: &str,
) -> Result<HashMap<String, (i64, i64)>> {
    let mut out: HashMap<String, (i64, i64)> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT line_id, original_minor FROM budget_amounts WHERE budget_id = ?1",
    )?;
    for row in st.query_map([budget_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })? {
        let (line, amount) = row?;
        out.insert(line, (amount, amount));
    }
    let mut st = conn.prepare_cached(
        "SELECT t.from_line_id, t.to_line_id, t.amount_minor FROM budget_transfers t
         JOIN budget_revisions r ON r.id = t.revision_id
         WHERE r.budget_id = ?1 AND r.status = 'approved'",
    )?;
    for row in st.query_map([budget_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        let (from, to, amount) = row?;
        let f = out.entry(from).or_insert((0, 0));
        f.1 = sub(f.1, amount)?;
        let t = out.entry(to).or_insert((0, 0));
        t.1 = add(t.1, amount)?;
    }
    Ok(out)
}

/// A fiscal year's budget with each line's original and final amounts.
pub fn get_budget(conn: &Connection, year: u16, lang: Language) -> Result<Budget> {
    let (head, amounts) = conn
        .query_row(
            "SELECT id, currency, status, approved_on, approved_by FROM budgets WHERE fiscal_year = ?1",
            [year],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            },
        )
        .optional()?
        .map(|h| -> Result<_> {
            let a = original_and_final(conn, &h.0)?;
            Ok((h, a))
        })
        .transpose()?
        .ok_or_else(|| {
            AppError::field(
                ErrorCode::NotFound,
                "year",
                format!("there is no budget for {year}"),
            )
        })?;
    let mut lines = Vec::new();
    let (mut orev, mut oexp, mut frev, mut fexp) = (0i64, 0i64, 0i64, 0i64);
    for chapter in list_structure(conn, lang, true)? {
        for line in chapter.lines {
            let Some(&(original, fin)) = amounts.get(&line.id) else {
                continue;
            };
            match line.kind {
                LineKind::Revenue => {
                    orev = add(orev, original)?;
                    frev = add(frev, fin)?;
                }
                LineKind::Expense => {
                    oexp = add(oexp, original)?;
                    fexp = add(fexp, fin)?;
                }
            }
            lines.push(BudgetAmount {
                line_id: line.id,
                code: line.code,
                name: line.name,
                kind: line.kind,
                original: usd(original),
                final_budget: usd(fin),
            });
        }
    }
    Ok(Budget {
        year,
        currency: head.1,
        status: if head.2 == "approved" {
            BudgetStatus::Approved
        } else {
            BudgetStatus::Draft
        },
        approved_on: head.3,
        approved_by: head.4,
        lines,
        original_revenue: usd(orev),
        original_expense: usd(oexp),
        final_revenue: usd(frev),
        final_expense: usd(fexp),
    })
}

/// One line's original amount, as typed.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct OriginalAmount {
    pub line_id: String,
    /// Decimal string in USD, ≥ 0.
    pub amount: String,
}

/// Sets the original amounts of some lines of a year's budget while it is a draft (creating the
/// draft if the year has none). Lines not named keep their amounts.
pub fn set_original(
    store: &mut impl Scope,
    actor: &User,
    year: u16,
    amounts: &[(String, String)],
) -> Result<Budget> {
    actor.require(Permission::ManageFinances)?;
    check_year(year)?;
    if amounts.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "amounts",
            "give at least one line's amount",
        ));
    }
    if amounts.len() > MAX_AMOUNTS {
        return Err(AppError::field(
            ErrorCode::TooLong,
            "amounts",
            format!("at most {MAX_AMOUNTS} lines at once"),
        ));
    }
    let mut parsed = Vec::with_capacity(amounts.len());
    let mut seen = HashSet::new();
    for (i, (line_id, amount)) in amounts.iter().enumerate() {
        let minor = parse_amount(&format!("amounts[{i}].amount"), amount, false)?;
        let id = line_id.trim().to_string();
        if !seen.insert(id.clone()) {
            return Err(AppError::field(
                ErrorCode::Duplicate,
                &format!("amounts[{i}].line_id"),
                "the same line is given twice",
            ));
        }
        parsed.push((id, minor));
    }
    store.transaction(|tx| {
        for (i, (id, _)) in parsed.iter().enumerate() {
            live_line(tx, id, &format!("amounts[{i}].line_id"))?;
        }
        let at = now();
        let budget_id = match budget_row(tx, year)? {
            Some((_, BudgetStatus::Approved)) => {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "year",
                    format!("the {year} budget is approved: its original amounts are frozen; propose a revision"),
                ))
            }
            Some((id, BudgetStatus::Draft)) => id,
            None => {
                let id = new_id();
                tx.execute(
                    "INSERT INTO budgets (id, fiscal_year, currency, status, created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, 'draft', ?4, ?4, ?5)",
                    params![id, year, BUDGET_CURRENCY, at, actor.id],
                )?;
                id
            }
        };
        let mut up = tx.prepare_cached(
            "INSERT INTO budget_amounts (id, budget_id, line_id, original_minor, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (budget_id, line_id) DO UPDATE SET original_minor = excluded.original_minor, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )?;
        for (id, minor) in &parsed {
            up.execute(params![new_id(), budget_id, id, minor, at, actor.id])?;
        }
        tx.execute("UPDATE budgets SET updated_at = ?2, updated_by = ?3 WHERE id = ?1", params![budget_id, at, actor.id])?;
        audit::record(
            tx,
            Some(&actor.id),
            "budget.set_original",
            "budget",
            Some(&budget_id),
            &json!({"year": year, "lines": parsed.iter().map(|(l, m)| json!({"line_id": l, "amount": usd(*m)})).collect::<Vec<_>>()}),
        )?;
        Ok(())
    })?;
    get_budget(store.conn(), year, actor.language)
}

/// Approves a year's draft budget (the Secretary-General): its original amounts are frozen.
pub fn approve_budget(store: &mut impl Scope, actor: &User, year: u16) -> Result<Budget> {
    actor.require(Permission::ApproveFinances)?;
    check_year(year)?;
    store.transaction(|tx| {
        let (id, status) = require_budget(tx, year)?;
        if status == BudgetStatus::Approved {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "year",
                format!("the {year} budget is already approved"),
            ));
        }
        let lines: i64 = tx.query_row(
            "SELECT count(*) FROM budget_amounts WHERE budget_id = ?1",
            [&id],
            |r| r.get(0),
        )?;
        if lines == 0 {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "year",
                format!("the {year} budget has no amounts"),
            ));
        }
        let at = now();
        tx.execute(
            "UPDATE budgets SET status = 'approved', approved_on = ?2, approved_by = ?3, updated_at = ?4, updated_by = ?3 WHERE id = ?1",
            params![id, today().to_string(), actor.id, at],
        )?;
        audit::record(tx, Some(&actor.id), "budget.approve", "budget", Some(&id), &json!({"year": year}))?;
        Ok(())
    })?;
    get_budget(store.conn(), year, actor.language)
}

// ---------------------------------------------------------------------------------------------
// Revisions
// ---------------------------------------------------------------------------------------------

/// A transfer as proposed.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct TransferInput {
    pub from_line_id: String,
    pub to_line_id: String,
    /// Decimal string in USD, > 0.
    pub amount: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RevisionStatus {
    Proposed,
    Approved,
    Rejected,
}

impl RevisionStatus {
    fn parse(s: &str) -> RevisionStatus {
        match s {
            "approved" => RevisionStatus::Approved,
            "rejected" => RevisionStatus::Rejected,
            _ => RevisionStatus::Proposed,
        }
    }
}

/// A transfer of a revision.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Transfer {
    pub from_line_id: String,
    pub from_code: String,
    pub to_line_id: String,
    pub to_code: String,
    pub amount: String,
}

/// A budget revision: transfers between lines, numbered per budget.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Revision {
    pub id: String,
    pub year: u16,
    pub number: u32,
    pub reason: String,
    pub status: RevisionStatus,
    pub proposed_by: String,
    pub proposed_by_name: String,
    pub proposed_at: String,
    pub decided_by: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<String>,
    pub decision_note: String,
    pub transfers: Vec<Transfer>,
}

const REVISION_SELECT: &str = "SELECT r.id, b.fiscal_year, r.number, r.reason, r.status, r.proposed_by, pu.full_name, r.proposed_at,
        r.decided_by, du.full_name, r.decided_at, r.decision_note
 FROM budget_revisions r JOIN budgets b ON b.id = r.budget_id
 JOIN users pu ON pu.id = r.proposed_by LEFT JOIN users du ON du.id = r.decided_by";

fn revisions_where(
    conn: &Connection,
    clause: &str,
    arg: &dyn rusqlite::ToSql,
) -> Result<Vec<Revision>> {
    let mut st = conn.prepare_cached(&format!(
        "{REVISION_SELECT} WHERE {clause} ORDER BY r.number"
    ))?;
    let mut out = st
        .query_map([arg], |r| {
            Ok(Revision {
                id: r.get(0)?,
                year: r.get(1)?,
                number: r.get::<_, i64>(2)?.clamp(0, i64::from(u32::MAX)) as u32,
                reason: r.get(3)?,
                status: RevisionStatus::parse(&r.get::<_, String>(4)?),
                proposed_by: r.get(5)?,
                proposed_by_name: r.get(6)?,
                proposed_at: r.get(7)?,
                decided_by: r.get(8)?,
                decided_by_name: r.get(9)?,
                decided_at: r.get(10)?,
                decision_note: r.get(11)?,
                transfers: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut st = conn.prepare_cached(
        "SELECT t.from_line_id, f.code, t.to_line_id, o.code, t.amount_minor FROM budget_transfers t
         JOIN budget_lines f ON f.id = t.from_line_id JOIN budget_lines o ON o.id = t.to_line_id
         WHERE t.revision_id = ?1 ORDER BY t.rowid",
    )?;
    for rev in &mut out {
        rev.transfers = st
            .query_map([&rev.id], |r| {
                Ok(Transfer {
                    from_line_id: r.get(0)?,
                    from_code: r.get(1)?,
                    to_line_id: r.get(2)?,
                    to_code: r.get(3)?,
                    amount: usd(r.get(4)?),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
    }
    Ok(out)
}

/// One revision with its transfers.
pub fn get_revision(conn: &Connection, id: &str) -> Result<Revision> {
    revisions_where(conn, "r.id = ?1", &id.trim())?
        .pop()
        .ok_or_else(|| {
            AppError::field(
                ErrorCode::NotFound,
                "revision_id",
                format!("budget revision {} does not exist", id.trim()),
            )
        })
}

/// A year's revisions, by number.
pub fn list_revisions(conn: &Connection, year: u16) -> Result<Vec<Revision>> {
    revisions_where(conn, "b.fiscal_year = ?1", &year)
}

/// Applies `transfers` to the finals, refusing any that would make a line negative.
fn apply_transfers(
    finals: &mut HashMap<String, (i64, i64)>,
    transfers: &[(String, String, i64)],
    codes: &HashMap<String, String>,
) -> Result<()> {
    for (i, (from, to, amount)) in transfers.iter().enumerate() {
        let f = finals.entry(from.clone()).or_insert((0, 0));
        let left = sub(f.1, *amount)?;
        if left < 0 {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                &format!("transfers[{i}].amount"),
                format!(
                    "the transfer would leave line {} with a negative final budget ({})",
                    codes.get(from).map(String::as_str).unwrap_or(from),
                    usd(left)
                ),
            ));
        }
        f.1 = left;
        let t = finals.entry(to.clone()).or_insert((0, 0));
        t.1 = add(t.1, *amount)?;
    }
    Ok(())
}

/// Proposes a revision of an approved budget: transfers between lines of the same kind, none
/// leaving a line's final budget negative. Another person decides it.
pub fn propose_revision(
    store: &mut impl Scope,
    actor: &User,
    year: u16,
    reason: &str,
    transfers: &[TransferInput],
) -> Result<Revision> {
    actor.require(Permission::ManageFinances)?;
    check_year(year)?;
    let reason = validate::long_text("reason", reason, 2000)?;
    if reason.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "reason",
            "a revision needs its reason",
        ));
    }
    if transfers.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "transfers",
            "a revision needs at least one transfer",
        ));
    }
    if transfers.len() > MAX_TRANSFERS {
        return Err(AppError::field(
            ErrorCode::TooLong,
            "transfers",
            format!("a revision has at most {MAX_TRANSFERS} transfers"),
        ));
    }
    let mut parsed = Vec::with_capacity(transfers.len());
    for (i, t) in transfers.iter().enumerate() {
        let amount = parse_amount(&format!("transfers[{i}].amount"), &t.amount, true)?;
        let (from, to) = (
            t.from_line_id.trim().to_string(),
            t.to_line_id.trim().to_string(),
        );
        if from == to {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                &format!("transfers[{i}].to_line_id"),
                "a transfer goes from one line to another",
            ));
        }
        parsed.push((from, to, amount));
    }
    let id = store.transaction(|tx| {
        let (budget_id, status) = require_budget(tx, year)?;
        if status != BudgetStatus::Approved {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "year",
                format!("the {year} budget is still a draft: change its original amounts instead"),
            ));
        }
        let mut codes = HashMap::new();
        for (i, (from, to, _)) in parsed.iter().enumerate() {
            let f = live_line(tx, from, &format!("transfers[{i}].from_line_id"))?;
            let t = live_line(tx, to, &format!("transfers[{i}].to_line_id"))?;
            if f.kind != t.kind {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    &format!("transfers[{i}].to_line_id"),
                    "a transfer stays within revenue or within expense",
                ));
            }
            codes.insert(f.id, f.code);
            codes.insert(t.id, t.code);
        }
        let mut finals = original_and_final(tx, &budget_id)?;
        apply_transfers(&mut finals, &parsed, &codes)?;
        let number: i64 = tx.query_row(
            "SELECT coalesce(max(number), 0) + 1 FROM budget_revisions WHERE budget_id = ?1",
            [&budget_id],
            |r| r.get(0),
        )?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO budget_revisions (id, budget_id, number, reason, status, proposed_by, proposed_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, 'proposed', ?5, ?6, ?6, ?5)",
            params![id, budget_id, number, reason, actor.id, at],
        )?;
        let mut ins = tx.prepare_cached(
            "INSERT INTO budget_transfers (id, revision_id, from_line_id, to_line_id, amount_minor, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (from, to, amount) in &parsed {
            ins.execute(params![new_id(), id, from, to, amount, at, actor.id])?;
        }
        audit::record(
            tx,
            Some(&actor.id),
            "budget.propose_revision",
            "budget_revision",
            Some(&id),
            &json!({"year": year, "number": number, "transfers": parsed.len()}),
        )?;
        Ok(id)
    })?;
    get_revision(store.conn(), &id)
}

/// Approves or rejects a proposed revision. The Secretary-General only, and never one's own
/// proposal (a second signature).
pub fn decide_revision(
    store: &mut impl Scope,
    actor: &User,
    revision_id: &str,
    approve: bool,
    note: &str,
) -> Result<Revision> {
    actor.require(Permission::ApproveFinances)?;
    let note = validate::long_text("note", note, 2000)?;
    let id = revision_id.trim().to_string();
    store.transaction(|tx| {
        let rev = get_revision(tx, &id)?;
        if rev.proposed_by == actor.id {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                "a budget revision must be decided by someone other than the person who proposed it",
            ));
        }
        if rev.status != RevisionStatus::Proposed {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "revision_id",
                format!("revision {} has already been decided", rev.number),
            ));
        }
        if approve {
            let (budget_id, _) = require_budget(tx, rev.year)?;
            let mut finals = original_and_final(tx, &budget_id)?;
            let mut codes = HashMap::new();
            let mut moves = Vec::new();
            for t in &rev.transfers {
                codes.insert(t.from_line_id.clone(), t.from_code.clone());
                let amount = parse_amount("amount", &t.amount, true)?;
                moves.push((t.from_line_id.clone(), t.to_line_id.clone(), amount));
            }
            apply_transfers(&mut finals, &moves, &codes)?;
        }
        let at = now();
        tx.execute(
            "UPDATE budget_revisions SET status = ?2, decided_by = ?3, decided_at = ?4, decision_note = ?5, updated_at = ?4, updated_by = ?3 WHERE id = ?1",
            params![id, if approve { "approved" } else { "rejected" }, actor.id, at, note],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            if approve { "budget.approve_revision" } else { "budget.reject_revision" },
            "budget_revision",
            Some(&id),
            &json!({"year": rev.year, "number": rev.number, "note": note}),
        )?;
        Ok(())
    })?;
    get_revision(store.conn(), &id)
}

// ---------------------------------------------------------------------------------------------
// Budget against actual (IPSAS 24)
// ---------------------------------------------------------------------------------------------

/// Original, final, actual and the favourable-positive variance, as decimal strings.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Comparison {
    pub original: String,
    pub final_budget: String,
    pub actual: String,
    /// Positive is favourable: `final − actual` for expense, `actual − final` for revenue.
    pub variance: String,
    /// Variance over final × 100, one decimal; absent when the final budget is zero.
    pub variance_pct: Option<String>,
}

/// A line of the comparison.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ComparisonLine {
    pub chapter_code: String,
    pub chapter_name: String,
    pub line_id: String,
    pub code: String,
    pub name: String,
    pub unit_code: String,
    pub unit_name: String,
    pub kind: LineKind,
    pub amounts: Comparison,
    /// Why actual differs from final.
    pub explanation: String,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ChapterComparison {
    pub code: String,
    pub name: String,
    pub kind: LineKind,
    pub amounts: Comparison,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct UnitComparison {
    pub code: String,
    pub name: String,
    pub revenue: Comparison,
    pub expense: Comparison,
}

/// The statement of comparison of budget and actual amounts of a fiscal year.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct BudgetVsActual {
    pub year: u16,
    pub currency: String,
    pub status: BudgetStatus,
    pub lines: Vec<ComparisonLine>,
    pub chapters: Vec<ChapterComparison>,
    pub units: Vec<UnitComparison>,
    pub revenue: Comparison,
    pub expense: Comparison,
    /// Revenue − expense (surplus positive); its variance is the sum of both variances and
    /// it carries no percentage.
    pub net: Comparison,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Sums {
    original: i64,
    fin: i64,
    actual: i64,
}

impl Sums {
    fn plus(self, o: Sums) -> Result<Sums> {
        Ok(Sums {
            original: add(self.original, o.original)?,
            fin: add(self.fin, o.fin)?,
            actual: add(self.actual, o.actual)?,
        })
    }
    fn compare(self, kind: LineKind) -> Result<Comparison> {
        let variance = match kind {
            LineKind::Expense => sub(self.fin, self.actual)?,
            LineKind::Revenue => sub(self.actual, self.fin)?,
        };
        Ok(Comparison {
            original: usd(self.original),
            final_budget: usd(self.fin),
            actual: usd(self.actual),
            variance: usd(variance),
            variance_pct: pct(variance, self.fin),
        })
    }
}

/// `part / whole × 100`, one decimal, half away from zero; `None` when `whole` is 0.
pub fn pct(part: i64, whole: i64) -> Option<String> {
    if whole == 0 {
        return None;
    }
    let v = Decimal::from(part)
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(Decimal::from(whole))?
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    Some(format!("{v:.1}"))
}

/// Per budget line: the actual of `year` in minor units of the reporting currency, signed by
/// the line's kind (closing entries left out).
pub(crate) fn actuals(conn: &Connection, year: u16) -> Result<HashMap<String, i64>> {
    let mut st = conn.prepare_cached(
        "SELECT l.budget_line_id, bl.kind, coalesce(sum(l.debit_rep), 0), coalesce(sum(l.credit_rep), 0)
         FROM journal_lines l
         JOIN journal_entries e ON e.id = l.entry_id
         JOIN budget_lines bl ON bl.id = l.budget_line_id
         WHERE e.fiscal_year = ?1 AND e.kind <> 'closing' AND l.budget_line_id IS NOT NULL
         GROUP BY l.budget_line_id, bl.kind",
    )?;
    let mut out = HashMap::new();
    for row in st.query_map([year], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })? {
        let (line, kind, debit, credit) = row?;
        let v = if kind == "revenue" {
            sub(credit, debit)?
        } else {
            sub(debit, credit)?
        };
        out.insert(line, v);
    }
    Ok(out)
}

/// Budget against actual for `year`, named in `lang`: every live line, plus archived lines
/// with figures that year, then chapter subtotals, unit totals, revenue, expense and net.
pub fn budget_vs_actual(conn: &Connection, year: u16, lang: Language) -> Result<BudgetVsActual> {
    let (budget_id, status) = require_budget(conn, year)?;
    let currency: String = conn.query_row(
        "SELECT currency FROM budgets WHERE id = ?1",
        [&budget_id],
        |r| r.get(0),
    )?;
    let budgeted = original_and_final(conn, &budget_id)?;
    let actual = actuals(conn, year)?;
    let mut explanations: HashMap<String, String> = HashMap::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT line_id, explanation FROM budget_amounts WHERE budget_id = ?1",
        )?;
        for row in st.query_map([&budget_id], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (l, e) = row?;
            explanations.insert(l, e);
        }
    }
    let col = name_column(lang);
    let unit_names: HashMap<String, (String, String)> = {
        let mut st = conn.prepare_cached(&format!("SELECT id, code, {col} FROM units"))?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))?;
        rows.collect::<Result<_, _>>()?
    };

    let mut lines = Vec::new();
    let mut chapters = Vec::new();
    let mut units: Vec<(String, String, Sums, Sums)> = Vec::new();
    let (mut rev, mut exp) = (Sums::default(), Sums::default());
    for chapter in list_structure(conn, lang, true)? {
        let mut ch = Sums::default();
        let mut any = false;
        for line in chapter.lines {
            let (original, fin) = budgeted.get(&line.id).copied().unwrap_or((0, 0));
            let act = actual.get(&line.id).copied().unwrap_or(0);
            let has_figures = budgeted.contains_key(&line.id) || actual.contains_key(&line.id);
            if line.archived && !has_figures {
                continue;
            }
            any = true;
            let s = Sums {
                original,
                fin,
                actual: act,
            };
            ch = ch.plus(s)?;
            match line.kind {
                LineKind::Revenue => rev = rev.plus(s)?,
                LineKind::Expense => exp = exp.plus(s)?,
            }
            let (ucode, uname) = unit_names
                .get(&line.unit_id)
                .cloned()
                .unwrap_or_else(|| (line.unit_code.clone(), line.unit_code.clone()));
            let slot = match units.iter().position(|u| u.0 == ucode) {
                Some(i) => i,
                None => {
                    units.push((
                        ucode.clone(),
                        uname.clone(),
                        Sums::default(),
                        Sums::default(),
                    ));
                    units.len() - 1
                }
            };
            match line.kind {
                LineKind::Revenue => units[slot].2 = units[slot].2.plus(s)?,
                LineKind::Expense => units[slot].3 = units[slot].3.plus(s)?,
            }
            lines.push(ComparisonLine {
                chapter_code: chapter.code.clone(),
                chapter_name: chapter.name.clone(),
                explanation: explanations.get(&line.id).cloned().unwrap_or_default(),
                line_id: line.id,
                code: line.code,
                name: line.name,
                unit_code: ucode,
                unit_name: uname,
                kind: line.kind,
                amounts: s.compare(line.kind)?,
            });
        }
        if any {
            chapters.push(ChapterComparison {
                code: chapter.code,
                name: chapter.name,
                kind: chapter.kind,
                amounts: ch.compare(chapter.kind)?,
            });
        }
    }
    units.sort_by(|a, b| a.0.cmp(&b.0));
    let units = units
        .into_iter()
        .map(|(code, name, r, e)| {
            Ok(UnitComparison {
                code,
                name,
                revenue: r.compare(LineKind::Revenue)?,
                expense: e.compare(LineKind::Expense)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let net_variance = add(sub(rev.actual, rev.fin)?, sub(exp.fin, exp.actual)?)?;
    let net = Comparison {
        original: usd(sub(rev.original, exp.original)?),
        final_budget: usd(sub(rev.fin, exp.fin)?),
        actual: usd(sub(rev.actual, exp.actual)?),
        variance: usd(net_variance),
        variance_pct: None,
    };
    Ok(BudgetVsActual {
        year,
        currency,
        status,
        lines,
        chapters,
        units,
        revenue: rev.compare(LineKind::Revenue)?,
        expense: exp.compare(LineKind::Expense)?,
        net,
    })
}

/// What the desk shows of a year's budget: spending per unit and in all.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct BudgetExecution {
    pub year: u16,
    pub currency: String,
    pub status: BudgetStatus,
    /// Units with an expense budget or expense actuals, by code.
    pub units: Vec<UnitExecution>,
    pub total: UnitExecution,
}

/// A unit's spending: final budget, actual, and actual over final × 100 (one decimal; absent
/// when the final budget is zero).
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct UnitExecution {
    pub code: String,
    pub name: String,
    pub final_budget: String,
    pub actual: String,
    pub executed_pct: Option<String>,
}

impl UnitExecution {
    fn of(code: String, name: String, c: &Comparison) -> Result<UnitExecution> {
        let fin = parse_usd("final_budget", &c.final_budget)?;
        let actual = parse_usd("actual", &c.actual)?;
        Ok(UnitExecution {
            code,
            name,
            final_budget: c.final_budget.clone(),
            actual: c.actual.clone(),
            executed_pct: pct(actual, fin),
        })
    }
}

/// The budget execution of `year` per unit, or `None` when the year has no budget.
pub fn execution(conn: &Connection, year: u16, lang: Language) -> Result<Option<BudgetExecution>> {
    if budget_row(conn, year)?.is_none() {
        return Ok(None);
    }
    let c = budget_vs_actual(conn, year, lang)?;
    let zero = usd(0);
    let units = c
        .units
        .into_iter()
        .filter(|u| u.expense.final_budget != zero || u.expense.actual != zero)
        .map(|u| UnitExecution::of(u.code, u.name, &u.expense))
        .collect::<Result<Vec<_>>>()?;
    Ok(Some(BudgetExecution {
        year,
        currency: c.currency,
        status: c.status,
        units,
        total: UnitExecution::of(String::new(), String::new(), &c.expense)?,
    }))
}

/// Records why a line's actual differs from its final budget (IPSAS 24 explanations).
pub fn set_explanation(
    store: &mut impl Scope,
    actor: &User,
    year: u16,
    line_id: &str,
    text: &str,
) -> Result<()> {
    actor.require(Permission::ManageFinances)?;
    check_year(year)?;
    let text = validate::long_text("explanation", text, 4000)?;
    store.transaction(|tx| {
        let (budget_id, _) = require_budget(tx, year)?;
        let line = get_line(tx, line_id.trim(), Language::Es).map_err(|e| AppError {
            field: Some("line_id".into()),
            ..e
        })?;
        let at = now();
        insert_or_explain(tx, &budget_id, &line.id, &text, &at, &actor.id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "budget.set_explanation",
            "budget",
            Some(&budget_id),
            &json!({"year": year, "line": line.code, "explanation": text}),
        )?;
        Ok(())
    })
}

fn insert_or_explain(
    tx: &Transaction,
    budget_id: &str,
    line_id: &str,
    text: &str,
    at: &str,
    actor_id: &str,
) -> Result<()> {
    // A line without an amount row has an original of zero; the row keeps it so.
    tx.execute(
        "INSERT INTO budget_amounts (id, budget_id, line_id, original_minor, explanation, updated_at, updated_by) VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6)
         ON CONFLICT (budget_id, line_id) DO UPDATE SET explanation = excluded.explanation, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        params![new_id(), budget_id, line_id, text, at, actor_id],
    )?;
    Ok(())
}
