//! Member dues: the scale the General Assembly fixes (per category, or per member), the yearly
//! invoices, the payments applied to the **oldest debt first**, arrears and their ageing,
//! payment plans, and the arrears rule that suspends a member's vote.
//!
//! Decisions:
//! - **Scales.** A row is for a category *or* for one member; the member's own row wins over
//!   its category's. A scale of zero exempts the member (no invoice). A scale row can be
//!   removed only while its fiscal year has no invoice at all (removal is a tombstone); it can
//!   be changed at any time (members admitted later in the year), issued invoices keep their
//!   amount. A closed fiscal year's scales do not change.
//! - **Invoices.** [`invoice_year`] issues, in one transaction, one invoice per live, active,
//!   unarchived member admitted by the end of the year that has a scale and no invoice for the
//!   year yet, so that a second run creates nothing. Each invoice posts Dr 1201 / Cr 4101 (the
//!   member on both lines) in its currency, at the recorded rate to USD on the issue date.
//! - **One currency at a time.** A member's open invoices share one currency: a member whose
//!   open invoices are in another currency than this year's scale is skipped
//!   ([`SkipReason::OpenInOtherCurrency`]) until they are paid. A payment must be in the
//!   currency of the member's open invoices.
//! - **Payments** go to the oldest open invoice first (fiscal year, then issue date, then
//!   number), across invoices; what is left is held as dues received in advance (2201) on the
//!   payment (`unapplied`). Posting: Dr bank / Cr 1201 (applied) / Cr 2201 (unapplied).
//! - **Credit is applied when an invoice is issued.** Unapplied credit in the invoice's
//!   currency (oldest payment first) pays the new invoice at once: the invoice's entry also
//!   carries Dr 2201 / Cr 1201, and the payment's `unapplied` shrinks by the allocation, so
//!   that for every payment `allocations + unapplied = amount` always holds.
//! - **Arrears.** As of a date, an invoice issued on or before it is open by its amount less
//!   what payments received on or before that date paid of it; it is overdue once its due date
//!   has passed. `years_owed` counts the fiscal years with an overdue open balance. With the
//!   arrears rule's `arrears_years` (default 2) or more, the member loses its vote, unless a
//!   payment plan was active that day and `plan_keeps_vote` (default true). `arrears_years = 0`
//!   turns the rule off.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::error::{AppError, ErrorCode, Result};
use crate::ledger::{self, EntryKind, EntrySource, ValidEntry, ValidLine, REPORTING_CURRENCY};
use crate::members::{self, Category};
use crate::money::{self, Money};
use crate::store::{new_id, now, today, Scope, Store};
use crate::users::{Permission, User};
use crate::validate;

/// Dues receivable.
pub const RECEIVABLE_ACCOUNT: &str = "1201";
/// Dues received in advance (unapplied credit).
pub const ADVANCE_ACCOUNT: &str = "2201";
/// Member dues (revenue).
pub const REVENUE_ACCOUNT: &str = "4101";

/// The largest amount accepted (in minor units): ten trillion units of any currency.
pub const MAX_AMOUNT_MINOR: i64 = 1_000_000_000_000_000;

const KEY_ARREARS_YEARS: &str = "finance.arrears_years";
const KEY_PLAN_KEEPS_VOTE: &str = "finance.plan_keeps_vote";
/// Default of the arrears rule: two full years owed suspend the vote.
pub const DEFAULT_ARREARS_YEARS: u8 = 2;
/// At most this many years in the arrears rule.
pub const MAX_ARREARS_YEARS: u8 = 10;
const MAX_INSTALMENTS: usize = 120;

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// An amount with its currency, as it crosses IPC.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Eq)]
pub struct Amount {
    /// Decimal string, e.g. `"1250.00"`.
    pub amount: String,
    pub currency: String,
}

fn dec(minor: i128, currency: &str) -> String {
    let exp = money::exponent(currency).unwrap_or(2);
    Decimal::try_from_i128_with_scale(minor, exp)
        .map(|d| d.to_string())
        .unwrap_or_else(|_| minor.to_string())
}

/// Parses an amount of `currency` (minor units), naming `field` on any error. Zero is allowed
/// only when `allow_zero`; negative and too large amounts are refused.
fn parse_amount(field: &str, value: &str, currency: &str, allow_zero: bool) -> Result<i64> {
    if value.trim().is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            field,
            "the amount is required",
        ));
    }
    // Plain decimals only: no exponent ("1e3"), no sign but a leading minus, no separators.
    let plain = value.trim().strip_prefix('-').unwrap_or(value.trim());
    if plain.is_empty()
        || plain.matches('.').count() > 1
        || !plain.chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        return Err(AppError::field(
            ErrorCode::InvalidFormat,
            field,
            format!("'{}' is not an amount (e.g. 1250.00)", value.trim()),
        ));
    }
    let m = Money::parse(value, currency).map_err(|e| AppError {
        field: Some(field.to_string()),
        ..e
    })?;
    if m.minor < 0 || (m.minor == 0 && !allow_zero) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            if allow_zero {
                "the amount cannot be negative"
            } else {
                "the amount must be greater than zero"
            },
        ));
    }
    if m.minor > MAX_AMOUNT_MINOR {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            "the amount is too large",
        ));
    }
    Ok(m.minor)
}

fn required_date(field: &str, value: &str) -> Result<NaiveDate> {
    validate::date(field, Some(value))?
        .ok_or_else(|| AppError::field(ErrorCode::Required, field, format!("{field} is required")))
}

fn fiscal_year(field: &str, year: u16) -> Result<i32> {
    let y = i32::from(year);
    if !(1900..=2200).contains(&y) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            format!("{year} is not a plausible fiscal year"),
        ));
    }
    Ok(y)
}

fn year_is_closed(conn: &Connection, year: i32) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT status FROM fiscal_years WHERE year = ?1",
            [year],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .as_deref()
        == Some("closed"))
}

/// The ledger names the entry's date `entry_date`; dues name it after their own input.
fn rename_field(e: AppError, from: &str, to: &str) -> AppError {
    if e.field.as_deref() == Some(from) {
        AppError {
            field: Some(to.to_string()),
            ..e
        }
    } else {
        e
    }
}

fn member_id_field(value: &str) -> Result<String> {
    let id = value.trim();
    if id.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "member_id",
            "the member institution is required",
        ));
    }
    let id = validate::optional_text("member_id", id, 64)?;
    Ok(id)
}

fn line(account_id: &str, debit: i64, credit: i64, member_id: &str, memo: &str) -> ValidLine {
    ValidLine {
        account_id: account_id.to_string(),
        debit,
        credit,
        budget_line_id: None,
        unit_id: None,
        member_id: Some(member_id.to_string()),
        memo: memo.to_string(),
    }
}

fn rate_to_reporting(
    conn: &Connection,
    currency: &str,
    on: NaiveDate,
    what: &str,
) -> Result<Decimal> {
    ledger::rate_on(conn, currency, REPORTING_CURRENCY, on).map_err(|e| {
        if e.code == ErrorCode::NotFound {
            AppError::field(
                ErrorCode::NotFound,
                "rate",
                format!(
                    "cannot post {what} in {currency}: there is no {currency}/{REPORTING_CURRENCY} exchange rate on or before {on}; record the rate first"
                ),
            )
        } else {
            e
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Scales
// ---------------------------------------------------------------------------------------------

/// A row of the dues scale: for a category, or for one member (which wins over its category).
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ScaleInput {
    pub fiscal_year: u16,
    pub category: Option<Category>,
    pub member_id: Option<String>,
    /// Decimal string; zero exempts.
    pub amount: String,
    pub currency: String,
}

/// A row of the dues scale as stored.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct DuesScale {
    pub id: String,
    pub fiscal_year: u16,
    pub category: Option<Category>,
    pub member_id: Option<String>,
    pub member_acronym: Option<String>,
    pub amount: String,
    pub currency: String,
}

const SCALE_SELECT: &str =
    "SELECT s.id, s.fiscal_year, s.category, s.member_id, m.acronym, s.amount_minor, s.currency
     FROM dues_scales s LEFT JOIN members m ON m.id = s.member_id";

fn scale_from_row(r: &rusqlite::Row) -> rusqlite::Result<DuesScale> {
    let currency: String = r.get(6)?;
    Ok(DuesScale {
        id: r.get(0)?,
        fiscal_year: r.get(1)?,
        category: r
            .get::<_, Option<String>>(2)?
            .as_deref()
            .and_then(Category::parse),
        member_id: r.get(3)?,
        member_acronym: r.get(4)?,
        amount: dec(i128::from(r.get::<_, i64>(5)?), &currency),
        currency,
    })
}

/// The scale of a fiscal year: categories first (titular, associate, adherent, linked), then
/// members' own rows by acronym.
pub fn list_scales(conn: &Connection, year: u16) -> Result<Vec<DuesScale>> {
    let mut st = conn.prepare_cached(&format!(
        "{SCALE_SELECT} WHERE s.fiscal_year = ?1 AND s.deleted_at IS NULL
         ORDER BY s.member_id IS NOT NULL,
           CASE s.category WHEN 'titular' THEN 1 WHEN 'associate' THEN 2 WHEN 'adherent' THEN 3 ELSE 4 END,
           m.acronym COLLATE NOCASE, s.id"
    ))?;
    let rows = st.query_map([year], scale_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn get_scale(conn: &Connection, id: &str) -> Result<DuesScale> {
    conn.query_row(
        &format!("{SCALE_SELECT} WHERE s.id = ?1 AND s.deleted_at IS NULL"),
        [id],
        scale_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("dues scale", id))
}

/// Sets (creates or replaces) the scale of a category or of one member for a fiscal year.
pub fn set_scale(store: &mut impl Scope, actor: &User, input: &ScaleInput) -> Result<DuesScale> {
    actor.require(Permission::ManageFinances)?;
    let year = fiscal_year("fiscal_year", input.fiscal_year)?;
    let member_id = match input.member_id.as_deref().map(str::trim) {
        Some(m) if !m.is_empty() => Some(member_id_field(m)?),
        _ => None,
    };
    if input.category.is_some() == member_id.is_some() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "category",
            "a scale row is for a category or for one member institution, not both",
        ));
    }
    let currency = ledger::currency("currency", &input.currency)?;
    let amount = parse_amount("amount", &input.amount, &currency, true)?;
    store.transaction(|tx| {
        if let Some(m) = &member_id {
            members::require_live_member(tx, m)?;
        }
        if year_is_closed(tx, year)? {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "fiscal_year",
                format!("fiscal year {year} is closed"),
            ));
        }
        let category = input.category.map(Category::as_str);
        let existing: Option<String> = tx
            .query_row(
                "SELECT id FROM dues_scales WHERE fiscal_year = ?1 AND deleted_at IS NULL
                   AND ((?2 IS NOT NULL AND category = ?2) OR (?3 IS NOT NULL AND member_id = ?3))",
                params![year, category, member_id],
                |r| r.get(0),
            )
            .optional()?;
        let at = now();
        let id = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE dues_scales SET amount_minor = ?2, currency = ?3, updated_at = ?4, updated_by = ?5 WHERE id = ?1",
                    params![id, amount, currency, at, actor.id],
                )?;
                id
            }
            None => {
                let id = new_id();
                tx.execute(
                    "INSERT INTO dues_scales (id, fiscal_year, category, member_id, amount_minor, currency, created_at, updated_at, updated_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
                    params![id, year, category, member_id, amount, currency, at, actor.id],
                )?;
                id
            }
        };
        audit::record(
            tx,
            Some(&actor.id),
            "dues.set_scale",
            "dues_scale",
            Some(&id),
            &json!({ "fiscal_year": year, "category": category, "member_id": member_id, "amount": dec(i128::from(amount), &currency), "currency": currency }),
        )?;
        get_scale(tx, &id)
    })
}

/// Removes a scale row, only while its fiscal year has no invoice (issued invoices were
/// computed from the scale as it stood; removing it afterwards would hide why).
pub fn delete_scale(store: &mut Store, actor: &User, id: &str) -> Result<()> {
    actor.require(Permission::ManageFinances)?;
    store.transaction(|tx| {
        let scale = get_scale(tx, id)?;
        let invoiced: i64 = tx.query_row(
            "SELECT count(*) FROM dues_invoices WHERE fiscal_year = ?1",
            [scale.fiscal_year],
            |r| r.get(0),
        )?;
        if invoiced > 0 {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "id",
                format!(
                    "fiscal year {} already has invoices; change the scale instead of removing it",
                    scale.fiscal_year
                ),
            ));
        }
        let at = now();
        tx.execute(
            "UPDATE dues_scales SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![scale.id, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "dues.delete_scale",
            "dues_scale",
            Some(&scale.id),
            &json!({ "fiscal_year": scale.fiscal_year, "category": scale.category, "member_id": scale.member_id }),
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Invoices
// ---------------------------------------------------------------------------------------------

/// What the yearly invoicing run needs.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct InvoiceRunInput {
    pub fiscal_year: u16,
    /// `YYYY-MM-DD`: the invoices' date, and the date of their journal entries.
    pub issue_date: String,
    /// `YYYY-MM-DD`; empty: 31 March of the fiscal year.
    pub due_date: Option<String>,
}

/// An invoice of a member's dues for a fiscal year.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct DuesInvoice {
    pub id: String,
    pub member_id: String,
    pub member_acronym: String,
    pub fiscal_year: u16,
    /// e.g. `CISS-2026-0001`.
    pub number: String,
    pub issue_date: String,
    pub due_date: String,
    pub currency: String,
    /// Decimal strings in `currency`.
    pub amount: String,
    pub paid: String,
    pub open: String,
    pub entry_id: Option<String>,
}

/// Why the run issued no invoice to a member.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// The member already has this year's invoice.
    AlreadyInvoiced,
    /// Neither the member nor its category has a scale for the year.
    NoScale,
    /// The scale is zero: the member is exempt.
    Exempt,
    /// The member is suspended or has withdrawn.
    NotActive,
    /// The member was admitted after the fiscal year.
    NotYetAdmitted,
    /// The member still owes invoices in another currency than this year's scale.
    OpenInOtherCurrency,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct InvoiceSkip {
    pub member_id: String,
    pub member_acronym: String,
    pub reason: SkipReason,
}

/// What an invoicing run did.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct InvoiceRun {
    pub fiscal_year: u16,
    pub created: Vec<DuesInvoice>,
    pub skipped: Vec<InvoiceSkip>,
}

/// Filter of [`list_invoices`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type, PartialEq)]
pub struct InvoiceFilter {
    pub member_id: Option<String>,
    pub fiscal_year: Option<u16>,
    /// Only invoices with an open balance.
    pub open_only: bool,
}

const INVOICE_SELECT: &str = "SELECT i.id, i.member_id, m.acronym, i.fiscal_year, i.number, i.issue_date, i.due_date, i.currency, i.amount_minor,
       (SELECT coalesce(sum(a.amount_minor), 0) FROM dues_allocations a WHERE a.invoice_id = i.id), i.entry_id
     FROM dues_invoices i JOIN members m ON m.id = i.member_id";

fn invoice_from_row(r: &rusqlite::Row) -> rusqlite::Result<DuesInvoice> {
    let currency: String = r.get(7)?;
    let amount = i128::from(r.get::<_, i64>(8)?);
    let paid = i128::from(r.get::<_, i64>(9)?);
    Ok(DuesInvoice {
        id: r.get(0)?,
        member_id: r.get(1)?,
        member_acronym: r.get(2)?,
        fiscal_year: r.get(3)?,
        number: r.get(4)?,
        issue_date: r.get(5)?,
        due_date: r.get(6)?,
        amount: dec(amount, &currency),
        paid: dec(paid, &currency),
        open: dec(amount - paid, &currency),
        currency,
        entry_id: r.get(10)?,
    })
}

/// Invoices, oldest first (fiscal year, issue date, number).
pub fn list_invoices(conn: &Connection, filter: &InvoiceFilter) -> Result<Vec<DuesInvoice>> {
    // A member's invoices are read through the `(member_id, fiscal_year)` index: an
    // `?1 IS NULL OR` condition would scan every invoice of the store.
    let member = if filter.member_id.is_some() {
        "i.member_id = ?1"
    } else {
        "?1 IS NULL"
    };
    let mut st = conn.prepare_cached(&format!(
        "{INVOICE_SELECT} WHERE {member} AND (?2 IS NULL OR i.fiscal_year = ?2)
         ORDER BY i.fiscal_year, i.issue_date, i.number"
    ))?;
    let rows = st.query_map(
        params![
            filter.member_id.as_deref().map(str::trim),
            filter.fiscal_year
        ],
        invoice_from_row,
    )?;
    let mut out = rows.collect::<Result<Vec<_>, _>>()?;
    if filter.open_only {
        out.retain(|i| i.open.parse::<Decimal>().unwrap_or_default() > Decimal::ZERO);
    }
    Ok(out)
}

/// Whether the store holds any dues invoice of the member issued on or before `on` (whether
/// finance has dues data to judge the member by on that date).
pub fn invoiced_by(conn: &Connection, member_id: &str, on: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM dues_invoices WHERE member_id = ?1 AND issue_date <= ?2)",
        )?
        .query_row(params![member_id.trim(), on], |r| r.get(0))?)
}

fn get_invoice(conn: &Connection, id: &str) -> Result<DuesInvoice> {
    conn.query_row(
        &format!("{INVOICE_SELECT} WHERE i.id = ?1"),
        [id],
        invoice_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("dues invoice", id))
}

/// An open invoice now (all allocations counted), for applying money.
struct OpenNow {
    id: String,
    number: String,
    currency: String,
    open: i64,
}

fn open_invoices_now(tx: &Connection, member_id: &str) -> Result<Vec<OpenNow>> {
    let mut st = tx.prepare_cached(
        "SELECT i.id, i.number, i.currency,
                i.amount_minor - (SELECT coalesce(sum(a.amount_minor), 0) FROM dues_allocations a WHERE a.invoice_id = i.id)
         FROM dues_invoices i WHERE i.member_id = ?1
         ORDER BY i.fiscal_year, i.issue_date, i.number",
    )?;
    let rows = st.query_map([member_id], |r| {
        Ok(OpenNow {
            id: r.get(0)?,
            number: r.get(1)?,
            currency: r.get(2)?,
            open: r.get(3)?,
        })
    })?;
    let mut out = rows.collect::<Result<Vec<_>, _>>()?;
    out.retain(|i| i.open > 0);
    Ok(out)
}

fn insert_allocation(
    tx: &Transaction,
    payment_id: &str,
    invoice_id: &str,
    amount: i64,
    actor: &User,
) -> Result<()> {
    tx.execute(
        "INSERT INTO dues_allocations (id, payment_id, invoice_id, amount_minor, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![new_id(), payment_id, invoice_id, amount, now(), actor.id],
    )?;
    Ok(())
}

struct Candidate {
    member_id: String,
    acronym: String,
    status: String,
    admitted: Option<String>,
    scale: Option<(i64, String)>,
    invoiced: bool,
}

/// Issues the fiscal year's invoices (see the module's notes), all in one transaction with
/// their journal entries and one audit row. Running it again creates nothing more.
pub fn invoice_year(
    store: &mut impl Scope,
    actor: &User,
    input: &InvoiceRunInput,
) -> Result<InvoiceRun> {
    actor.require(Permission::ManageFinances)?;
    let year = fiscal_year("fiscal_year", input.fiscal_year)?;
    let issue_date = required_date("issue_date", &input.issue_date)?;
    let due_date = match input
        .due_date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(d) => required_date("due_date", d)?,
        None => NaiveDate::from_ymd_opt(year, 3, 31).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidValue,
                "fiscal_year",
                "no 31 March in that year",
            )
        })?,
    };
    store.transaction(|tx| {
        ledger::require_open_year(tx, ledger::fiscal_year_of(issue_date), &actor.id)
            .map_err(|e| rename_field(e, "entry_date", "issue_date"))?;
        let receivable = ledger::account_id_by_code(tx, RECEIVABLE_ACCOUNT, "account")?;
        let revenue = ledger::account_id_by_code(tx, REVENUE_ACCOUNT, "account")?;
        let advance = ledger::account_id_by_code(tx, ADVANCE_ACCOUNT, "account")?;
        // Dues income counts against the budget's dues line (the first live revenue line on
        // the dues account), so that budget vs actual shows it.
        let dues_line: Option<String> = tx
            .query_row(
                "SELECT id FROM budget_lines WHERE account_id = ?1 AND kind = 'revenue' AND deleted_at IS NULL ORDER BY code LIMIT 1",
                [&revenue],
                |r| r.get(0),
            )
            .optional()?;
        let candidates: Vec<Candidate> = {
            let mut st = tx.prepare_cached(
                "SELECT m.id, m.acronym, m.status, m.admission_date,
                        CASE WHEN ms.id IS NOT NULL THEN ms.amount_minor ELSE cs.amount_minor END,
                        CASE WHEN ms.id IS NOT NULL THEN ms.currency ELSE cs.currency END,
                        EXISTS (SELECT 1 FROM dues_invoices i WHERE i.member_id = m.id AND i.fiscal_year = ?1)
                 FROM members m
                 LEFT JOIN dues_scales ms ON ms.member_id = m.id AND ms.fiscal_year = ?1 AND ms.deleted_at IS NULL
                 LEFT JOIN dues_scales cs ON cs.category = m.category AND cs.fiscal_year = ?1 AND cs.deleted_at IS NULL
                 WHERE m.deleted_at IS NULL AND m.archived_at IS NULL
                 ORDER BY m.country, m.acronym COLLATE NOCASE, m.id",
            )?;
            let rows = st.query_map([year], |r| {
                let amount: Option<i64> = r.get(4)?;
                let currency: Option<String> = r.get(5)?;
                Ok(Candidate {
                    member_id: r.get(0)?,
                    acronym: r.get(1)?,
                    status: r.get(2)?,
                    admitted: r.get(3)?,
                    scale: amount.zip(currency),
                    invoiced: r.get(6)?,
                })
            })?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        let year_end = format!("{year:04}-12-31");
        let mut next: i64 = tx.query_row(
            "SELECT coalesce(max(CAST(substr(number, 11) AS INTEGER)), 0) + 1 FROM dues_invoices WHERE fiscal_year = ?1",
            [year],
            |r| r.get(0),
        )?;
        let mut rates: HashMap<String, Decimal> = HashMap::new();
        let mut created_ids = Vec::new();
        let mut skipped = Vec::new();
        for c in candidates {
            let skip = |reason| InvoiceSkip {
                member_id: c.member_id.clone(),
                member_acronym: c.acronym.clone(),
                reason,
            };
            if c.invoiced {
                skipped.push(skip(SkipReason::AlreadyInvoiced));
                continue;
            }
            if c.status != "active" {
                skipped.push(skip(SkipReason::NotActive));
                continue;
            }
            if c.admitted.as_deref().is_some_and(|d| d > year_end.as_str()) {
                skipped.push(skip(SkipReason::NotYetAdmitted));
                continue;
            }
            let Some((amount, currency)) = c.scale.clone() else {
                skipped.push(skip(SkipReason::NoScale));
                continue;
            };
            if amount == 0 {
                skipped.push(skip(SkipReason::Exempt));
                continue;
            }
            if open_invoices_now(tx, &c.member_id)?
                .iter()
                .any(|i| i.currency != currency)
            {
                skipped.push(skip(SkipReason::OpenInOtherCurrency));
                continue;
            }
            let rate = match rates.get(&currency) {
                Some(r) => *r,
                None => {
                    let r = rate_to_reporting(tx, &currency, issue_date, &format!("the {year} dues invoices"))?;
                    rates.insert(currency.clone(), r);
                    r
                }
            };
            let number = format!("CISS-{year:04}-{next:04}");
            next += 1;
            let invoice_id = new_id();
            let at = now();
            tx.execute(
                "INSERT INTO dues_invoices (id, member_id, fiscal_year, number, issue_date, due_date, amount_minor, currency, created_at, created_by, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?10)",
                params![invoice_id, c.member_id, year, number, issue_date.to_string(), due_date.to_string(), amount, currency, at, actor.id],
            )?;
            let memo = format!("{number} {}", c.acronym);
            let mut lines = vec![
                line(&receivable, amount, 0, &c.member_id, &memo),
                ValidLine {
                    budget_line_id: dues_line.clone(),
                    ..line(&revenue, 0, amount, &c.member_id, &memo)
                },
            ];
            // Credit held from earlier payments in this currency pays the new invoice at once.
            let credits: Vec<(String, i64)> = {
                let mut st = tx.prepare_cached(
                    "SELECT id, unapplied_minor FROM dues_payments
                     WHERE member_id = ?1 AND currency = ?2 AND unapplied_minor > 0
                     ORDER BY received_on, created_at, id",
                )?;
                let rows = st.query_map(params![c.member_id, currency], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<Result<Vec<_>, _>>()?
            };
            let mut left = amount;
            let mut applied = 0i64;
            for (payment_id, unapplied) in credits {
                if left == 0 {
                    break;
                }
                let take = unapplied.min(left);
                insert_allocation(tx, &payment_id, &invoice_id, take, actor)?;
                tx.execute(
                    "UPDATE dues_payments SET unapplied_minor = unapplied_minor - ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
                    params![payment_id, take, now(), actor.id],
                )?;
                left -= take;
                applied += take;
            }
            if applied > 0 {
                let memo = format!("{number} {}: saldo a favor aplicado", c.acronym);
                lines.push(line(&advance, applied, 0, &c.member_id, &memo));
                lines.push(line(&receivable, 0, applied, &c.member_id, &memo));
            }
            let entry = ValidEntry {
                date: issue_date,
                description: format!("Cuota {year} — {} ({number})", c.acronym),
                kind: EntryKind::Regular,
                reference: number.clone(),
                currency: currency.clone(),
                rate,
                lines,
            };
            let entry_id = ledger::post_valid(tx, &actor.id, &entry, EntrySource::DuesInvoice)
                .map_err(|e| rename_field(e, "entry_date", "issue_date"))?;
            tx.execute(
                "UPDATE dues_invoices SET entry_id = ?2 WHERE id = ?1",
                params![invoice_id, entry_id],
            )?;
            created_ids.push(invoice_id);
        }
        let created = created_ids
            .iter()
            .map(|id| get_invoice(tx, id))
            .collect::<Result<Vec<_>>>()?;
        audit::record(
            tx,
            Some(&actor.id),
            "dues.invoice_year",
            "dues_invoice",
            None,
            &json!({
                "fiscal_year": year,
                "issue_date": issue_date.to_string(),
                "due_date": due_date.to_string(),
                "created": created.iter().map(|i| i.number.as_str()).collect::<Vec<_>>(),
                "skipped": skipped.len(),
            }),
        )?;
        Ok(InvoiceRun {
            fiscal_year: input.fiscal_year,
            created,
            skipped,
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Payments
// ---------------------------------------------------------------------------------------------

/// A payment received from a member.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct PaymentInput {
    pub member_id: String,
    /// `YYYY-MM-DD`.
    pub received_on: String,
    /// Decimal string, positive.
    pub amount: String,
    pub currency: String,
    /// The bank's reference (transfer number…).
    pub reference: String,
    /// The code of the bank account that received it, e.g. `"1102"` (Bank USD).
    pub bank_account: String,
}

/// How much of a payment went to an invoice.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct DuesAllocation {
    pub invoice_id: String,
    pub invoice_number: String,
    pub fiscal_year: u16,
    pub amount: String,
}

/// A recorded payment and how it was applied.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct DuesPayment {
    pub id: String,
    pub member_id: String,
    pub received_on: String,
    pub currency: String,
    pub amount: String,
    pub reference: String,
    /// Still held as dues received in advance.
    pub unapplied: String,
    pub allocations: Vec<DuesAllocation>,
    pub entry_id: Option<String>,
}

fn get_payment(conn: &Connection, id: &str) -> Result<DuesPayment> {
    let mut p = conn
        .query_row(
            "SELECT id, member_id, received_on, currency, amount_minor, reference, unapplied_minor, entry_id
             FROM dues_payments WHERE id = ?1",
            [id],
            |r| {
                let currency: String = r.get(3)?;
                Ok(DuesPayment {
                    id: r.get(0)?,
                    member_id: r.get(1)?,
                    received_on: r.get(2)?,
                    amount: dec(i128::from(r.get::<_, i64>(4)?), &currency),
                    reference: r.get(5)?,
                    unapplied: dec(i128::from(r.get::<_, i64>(6)?), &currency),
                    entry_id: r.get(7)?,
                    currency,
                    allocations: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("dues payment", id))?;
    let mut st = conn.prepare_cached(
        "SELECT a.invoice_id, i.number, i.fiscal_year, a.amount_minor FROM dues_allocations a
         JOIN dues_invoices i ON i.id = a.invoice_id WHERE a.payment_id = ?1
         ORDER BY i.fiscal_year, i.issue_date, i.number",
    )?;
    let cur = p.currency.clone();
    p.allocations = st
        .query_map([id], |r| {
            Ok(DuesAllocation {
                invoice_id: r.get(0)?,
                invoice_number: r.get(1)?,
                fiscal_year: r.get(2)?,
                amount: dec(i128::from(r.get::<_, i64>(3)?), &cur),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(p)
}

/// A member's payments, oldest first.
pub fn list_payments(conn: &Connection, member_id: &str) -> Result<Vec<DuesPayment>> {
    let ids: Vec<String> = {
        let mut st = conn.prepare_cached(
            "SELECT id FROM dues_payments WHERE member_id = ?1 ORDER BY received_on, created_at, id",
        )?;
        let rows = st.query_map([member_id.trim()], |r| r.get(0))?;
        rows.collect::<Result<Vec<_>, _>>()?
    };
    ids.iter().map(|id| get_payment(conn, id)).collect()
}

/// Records a payment: applied to the member's oldest open invoices first, the remainder held
/// as dues received in advance; posted Dr bank / Cr 1201 / Cr 2201 in the same transaction.
pub fn record_payment(
    store: &mut impl Scope,
    actor: &User,
    input: &PaymentInput,
) -> Result<DuesPayment> {
    actor.require(Permission::ManageFinances)?;
    let member_id = member_id_field(&input.member_id)?;
    let received_on = required_date("received_on", &input.received_on)?;
    let currency = ledger::currency("currency", &input.currency)?;
    let amount = parse_amount("amount", &input.amount, &currency, false)?;
    let reference = validate::optional_text("reference", &input.reference, 100)?;
    let bank_code = validate::required_text("bank_account", &input.bank_account, 10)?;
    let id = store.transaction(|tx| {
        members::require_live_member(tx, &member_id)?;
        let bank: (String, String) = tx
            .query_row(
                "SELECT id, cash_flow FROM accounts WHERE code = ?1 AND deleted_at IS NULL",
                [&bank_code],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| {
                AppError::field(
                    ErrorCode::NotFound,
                    "bank_account",
                    format!("there is no account with code '{bank_code}'"),
                )
            })?;
        if bank.1 != "cash" {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "bank_account",
                format!("account {bank_code} is not a bank account"),
            ));
        }
        let open = open_invoices_now(tx, &member_id)?;
        if let Some(other) = open.iter().find(|i| i.currency != currency) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "currency",
                format!(
                    "the member's open invoices are in {} (e.g. {}); record the payment in {}",
                    other.currency, other.number, other.currency
                ),
            ));
        }
        let rate = rate_to_reporting(tx, &currency, received_on, "the payment")?;
        let acronym: String = tx.query_row(
            "SELECT acronym FROM members WHERE id = ?1",
            [&member_id],
            |r| r.get(0),
        )?;
        let payment_id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO dues_payments (id, member_id, received_on, amount_minor, currency, reference, unapplied_minor, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?7, ?8)",
            params![payment_id, member_id, received_on.to_string(), amount, currency, reference, at, actor.id],
        )?;
        let mut left = amount;
        let mut applied_to = Vec::new();
        for inv in &open {
            if left == 0 {
                break;
            }
            let take = inv.open.min(left);
            insert_allocation(tx, &payment_id, &inv.id, take, actor)?;
            applied_to.push(inv.number.clone());
            left -= take;
        }
        let applied = amount - left;
        tx.execute(
            "UPDATE dues_payments SET unapplied_minor = ?2 WHERE id = ?1",
            params![payment_id, left],
        )?;
        let memo = if reference.is_empty() {
            format!("{acronym} pago de cuotas")
        } else {
            format!("{acronym} pago de cuotas {reference}")
        };
        let memo: String = memo.chars().take(200).collect();
        let mut lines = vec![line(&bank.0, amount, 0, &member_id, &memo)];
        if applied > 0 {
            let receivable = ledger::account_id_by_code(tx, RECEIVABLE_ACCOUNT, "account")?;
            lines.push(line(&receivable, 0, applied, &member_id, &memo));
        }
        if left > 0 {
            let advance = ledger::account_id_by_code(tx, ADVANCE_ACCOUNT, "account")?;
            lines.push(line(&advance, 0, left, &member_id, &memo));
        }
        let entry = ValidEntry {
            date: received_on,
            description: format!("Pago de cuotas — {acronym}"),
            kind: EntryKind::Regular,
            reference: reference.clone(),
            currency: currency.clone(),
            rate,
            lines,
        };
        let entry_id = ledger::post_valid(tx, &actor.id, &entry, EntrySource::DuesPayment)
            .map_err(|e| rename_field(e, "entry_date", "received_on"))?;
        tx.execute(
            "UPDATE dues_payments SET entry_id = ?2 WHERE id = ?1",
            params![payment_id, entry_id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "dues.record_payment",
            "dues_payment",
            Some(&payment_id),
            &json!({
                "member_id": member_id,
                "received_on": received_on.to_string(),
                "amount": dec(i128::from(amount), &currency),
                "currency": currency,
                "applied_to": applied_to,
                "unapplied": dec(i128::from(left), &currency),
            }),
        )?;
        Ok(payment_id)
    })?;
    get_payment(store.conn(), &id)
}

// ---------------------------------------------------------------------------------------------
// The arrears rule
// ---------------------------------------------------------------------------------------------

/// When arrears suspend a member's vote.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type, PartialEq, Eq)]
pub struct ArrearsRule {
    /// With this many fiscal years owed past their due date, the member loses its vote
    /// (0: never).
    pub arrears_years: u8,
    /// An active payment plan keeps the vote.
    pub plan_keeps_vote: bool,
}

impl Default for ArrearsRule {
    fn default() -> Self {
        ArrearsRule {
            arrears_years: DEFAULT_ARREARS_YEARS,
            plan_keeps_vote: true,
        }
    }
}

fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The arrears rule in force (defaults: 2 years, a plan keeps the vote).
pub fn arrears_rule(conn: &Connection) -> Result<ArrearsRule> {
    let d = ArrearsRule::default();
    let arrears_years = setting(conn, KEY_ARREARS_YEARS)?
        .and_then(|v| v.trim().parse::<u8>().ok())
        .filter(|y| *y <= MAX_ARREARS_YEARS)
        .unwrap_or(d.arrears_years);
    let plan_keeps_vote = match setting(conn, KEY_PLAN_KEEPS_VOTE)?
        .as_deref()
        .map(str::trim)
    {
        Some("0") | Some("false") => false,
        Some("1") | Some("true") => true,
        _ => d.plan_keeps_vote,
    };
    Ok(ArrearsRule {
        arrears_years,
        plan_keeps_vote,
    })
}

/// Changes the arrears rule (the Secretary-General only).
pub fn set_arrears_rule(
    store: &mut Store,
    actor: &User,
    rule: &ArrearsRule,
) -> Result<ArrearsRule> {
    actor.require(Permission::ApproveFinances)?;
    if rule.arrears_years > MAX_ARREARS_YEARS {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "arrears_years",
            format!("at most {MAX_ARREARS_YEARS} years"),
        ));
    }
    store.transaction(|tx| {
        let before = arrears_rule(tx)?;
        let at = now();
        for (key, value) in [
            (KEY_ARREARS_YEARS, rule.arrears_years.to_string()),
            (KEY_PLAN_KEEPS_VOTE, if rule.plan_keeps_vote { "1" } else { "0" }.to_string()),
        ] {
            tx.execute(
                "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                params![key, value, at, actor.id],
            )?;
        }
        audit::record(
            tx,
            Some(&actor.id),
            "dues.set_arrears_rule",
            "settings",
            None,
            &json!({ "before": before, "after": rule }),
        )?;
        arrears_rule(tx)
    })
}

// ---------------------------------------------------------------------------------------------
// Arrears, ageing and the right to vote
// ---------------------------------------------------------------------------------------------

/// Why a member may or may not vote.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum VotingReason {
    /// Owes fewer years than the arrears rule allows (or the rule is off).
    GoodStanding,
    /// In arrears, but an agreed payment plan keeps the vote.
    PaymentPlan,
    /// In arrears: the vote is suspended.
    InArrears,
    /// The member is suspended or has withdrawn.
    NotActive,
    /// The member is archived.
    Archived,
}

/// A member's right to vote on a date, as far as its standing and dues go (the body's own
/// rules, such as "only titular members vote in the Assembly", are the sessions' business).
#[derive(Debug, Clone, Copy, Serialize, Type, PartialEq, Eq)]
pub struct VotingRight {
    pub may_vote: bool,
    pub reason: VotingReason,
    pub years_owed: u16,
}

/// What a member owes, by how long it is overdue. Decimal strings.
#[derive(Debug, Clone, Serialize, Type, PartialEq, Eq)]
pub struct Ageing {
    /// Not yet due.
    pub current: String,
    /// Overdue by up to one year.
    pub up_to_1_year: String,
    /// Overdue by one to two years.
    pub one_to_2_years: String,
    /// Overdue by more than two years.
    pub over_2_years: String,
}

/// A member's dues standing on a date.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct DuesStatus {
    pub member_id: String,
    pub member_acronym: String,
    pub member_name: String,
    pub category: Category,
    /// The currency of the open invoices (else of the latest invoice, else USD).
    pub currency: String,
    /// Decimal string: the open balance of invoices issued by then.
    pub owed: String,
    pub ageing: Ageing,
    /// Fiscal years with an open balance past its due date.
    pub years_owed: u16,
    /// The oldest fiscal year with an open balance.
    pub oldest_year: Option<u16>,
    /// Unapplied credit (dues received in advance) held now, per currency.
    pub credit: Vec<Amount>,
    pub has_active_plan: bool,
    pub may_vote: bool,
    pub reason: VotingReason,
}

/// A member's receivable by age, for the notes to the statements.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct MemberReceivable {
    pub member_id: String,
    pub member_acronym: String,
    pub member_name: String,
    pub currency: String,
    pub total: String,
    pub ageing: Ageing,
    pub years_owed: u16,
}

#[derive(Default)]
struct Tally {
    currency: Option<String>,
    total: i128,
    buckets: [i128; 4],
    years_owed: u16,
    oldest_year: Option<u16>,
}

/// Open invoices as of `as_of` (issued by then, less payments received by then), oldest first,
/// for one member or all.
fn tallies(
    conn: &Connection,
    member_id: Option<&str>,
    as_of: NaiveDate,
) -> Result<HashMap<String, Tally>> {
    let filter = if member_id.is_some() {
        "i.member_id = ?2"
    } else {
        "?2 IS NULL"
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT i.member_id, i.fiscal_year, i.due_date, i.currency,
                i.amount_minor - (SELECT coalesce(sum(a.amount_minor), 0) FROM dues_allocations a
                                  JOIN dues_payments p ON p.id = a.payment_id
                                  WHERE a.invoice_id = i.id AND p.received_on <= ?1)
         FROM dues_invoices i
         WHERE {filter} AND i.issue_date <= ?1
         ORDER BY i.member_id, i.fiscal_year, i.issue_date, i.number"
    ))?;
    let rows = st.query_map(params![as_of.to_string(), member_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, u16>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let one = as_of.checked_sub_months(Months::new(12));
    let two = as_of.checked_sub_months(Months::new(24));
    let mut out: HashMap<String, Tally> = HashMap::new();
    for row in rows {
        let (member, year, due, currency, open) = row?;
        if open <= 0 {
            continue;
        }
        let due = NaiveDate::parse_from_str(&due, "%Y-%m-%d").unwrap_or(as_of);
        let t = out.entry(member).or_default();
        if t.currency.as_deref().is_some_and(|c| c != currency) {
            // One currency at a time (see the module's notes): other currencies are not summed.
            continue;
        }
        t.currency = Some(currency);
        let open = i128::from(open);
        t.total += open;
        t.oldest_year = Some(t.oldest_year.map_or(year, |y| y.min(year)));
        let bucket = if due >= as_of {
            0
        } else if one.is_none_or(|d| due >= d) {
            1
        } else if two.is_none_or(|d| due >= d) {
            2
        } else {
            3
        };
        t.buckets[bucket] += open;
        if bucket > 0 {
            t.years_owed = t.years_owed.saturating_add(1);
        }
    }
    Ok(out)
}

fn plan_active_on_sql() -> &'static str {
    "agreed_on <= ?1 AND (ended_on IS NULL OR ended_on > ?1)"
}

fn decide(
    rule: &ArrearsRule,
    archived: bool,
    status: &str,
    years_owed: u16,
    plan: bool,
) -> VotingRight {
    let (may_vote, reason) = if archived {
        (false, VotingReason::Archived)
    } else if status != "active" {
        (false, VotingReason::NotActive)
    } else if rule.arrears_years == 0 || years_owed < u16::from(rule.arrears_years) {
        (true, VotingReason::GoodStanding)
    } else if plan && rule.plan_keeps_vote {
        (true, VotingReason::PaymentPlan)
    } else {
        (false, VotingReason::InArrears)
    };
    VotingRight {
        may_vote,
        reason,
        years_owed,
    }
}

fn ageing_of(t: &Tally, currency: &str) -> Ageing {
    Ageing {
        current: dec(t.buckets[0], currency),
        up_to_1_year: dec(t.buckets[1], currency),
        one_to_2_years: dec(t.buckets[2], currency),
        over_2_years: dec(t.buckets[3], currency),
    }
}

/// The dues standing of every live member on `as_of` (archived members are left out), in a
/// handful of queries whatever the number of members.
pub fn dues_status(conn: &Connection, as_of: NaiveDate) -> Result<Vec<DuesStatus>> {
    statuses(conn, None, as_of)
}

/// One member's dues standing on `as_of` (archived members too).
pub fn member_status(conn: &Connection, member_id: &str, as_of: NaiveDate) -> Result<DuesStatus> {
    members::require_live_member(conn, member_id.trim())?;
    statuses(conn, Some(member_id.trim()), as_of)?
        .pop()
        .ok_or_else(|| AppError::not_found("member institution", member_id))
}

fn statuses(
    conn: &Connection,
    member_id: Option<&str>,
    as_of: NaiveDate,
) -> Result<Vec<DuesStatus>> {
    let rule = arrears_rule(conn)?;
    let mut tallies = tallies(conn, member_id, as_of)?;
    let day = as_of.to_string();
    let filter = match member_id {
        Some(_) => "m.id = ?1",
        None => "?1 IS NULL AND m.archived_at IS NULL",
    };
    let mut plans: HashMap<String, ()> = HashMap::new();
    {
        let mut st = conn.prepare_cached(&format!(
            "SELECT DISTINCT member_id FROM payment_plans WHERE {} AND (?2 IS NULL OR member_id = ?2)",
            plan_active_on_sql()
        ))?;
        for m in st.query_map(params![day, member_id], |r| r.get::<_, String>(0))? {
            plans.insert(m?, ());
        }
    }
    let mut credits: HashMap<String, Vec<Amount>> = HashMap::new();
    let mut last_currency: HashMap<String, String> = HashMap::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT member_id, currency, sum(unapplied_minor) FROM dues_payments
             WHERE unapplied_minor > 0 AND (?1 IS NULL OR member_id = ?1)
             GROUP BY member_id, currency ORDER BY member_id, currency",
        )?;
        let rows = st.query_map(params![member_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (m, c, minor) = row?;
            credits.entry(m).or_default().push(Amount {
                amount: dec(i128::from(minor), &c),
                currency: c,
            });
        }
        let mut st = conn.prepare_cached(
            "SELECT member_id, currency FROM dues_invoices i
             WHERE (?1 IS NULL OR member_id = ?1)
               AND fiscal_year = (SELECT max(fiscal_year) FROM dues_invoices j WHERE j.member_id = i.member_id)",
        )?;
        for row in st.query_map(params![member_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })? {
            let (m, c) = row?;
            last_currency.insert(m, c);
        }
    }
    let mut st = conn.prepare_cached(&format!(
        "SELECT m.id, m.acronym, m.name, m.category, m.status, m.archived_at IS NOT NULL FROM members m
         WHERE m.deleted_at IS NULL AND {filter}
         ORDER BY m.country, m.acronym COLLATE NOCASE, m.id"
    ))?;
    let rows = st.query_map(params![member_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, bool>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, acronym, name, category, status, archived) = row?;
        let t = tallies.remove(&id).unwrap_or_default();
        let currency = t
            .currency
            .clone()
            .or_else(|| last_currency.get(&id).cloned())
            .unwrap_or_else(|| REPORTING_CURRENCY.to_string());
        let has_plan = plans.contains_key(&id);
        let right = decide(&rule, archived, &status, t.years_owed, has_plan);
        out.push(DuesStatus {
            member_acronym: acronym,
            member_name: name,
            category: Category::parse(&category).unwrap_or(Category::Titular),
            owed: dec(t.total, &currency),
            ageing: ageing_of(&t, &currency),
            years_owed: t.years_owed,
            oldest_year: t.oldest_year,
            credit: credits.remove(&id).unwrap_or_default(),
            has_active_plan: has_plan,
            may_vote: right.may_vote,
            reason: right.reason,
            currency,
            member_id: id,
        });
    }
    Ok(out)
}

/// The dues receivable on `as_of`, member by member (only those that owe), with its ageing.
pub fn receivable_ageing(conn: &Connection, as_of: NaiveDate) -> Result<Vec<MemberReceivable>> {
    let mut tallies = tallies(conn, None, as_of)?;
    let mut st = conn.prepare_cached(
        "SELECT id, acronym, name FROM members WHERE deleted_at IS NULL
         ORDER BY country, acronym COLLATE NOCASE, id",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, acronym, name) = row?;
        let Some(t) = tallies.remove(&id) else {
            continue;
        };
        let Some(currency) = t.currency.clone() else {
            continue;
        };
        out.push(MemberReceivable {
            member_id: id,
            member_acronym: acronym,
            member_name: name,
            total: dec(t.total, &currency),
            ageing: ageing_of(&t, &currency),
            years_owed: t.years_owed,
            currency,
        });
    }
    Ok(out)
}

/// Whether a member may vote on `on` as far as its standing and dues go (see [`VotingRight`]).
pub fn voting_right(conn: &Connection, member_id: &str, on: NaiveDate) -> Result<VotingRight> {
    let id = member_id.trim();
    let (status, archived): (String, bool) = conn
        .query_row(
            "SELECT status, archived_at IS NOT NULL FROM members WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| {
            AppError::field(
                ErrorCode::NotFound,
                "member_id",
                format!("member institution {id} does not exist"),
            )
        })?;
    let rule = arrears_rule(conn)?;
    let years_owed = years_owed(conn, id, on)?;
    let plan = has_plan_on(conn, id, on)?;
    Ok(decide(&rule, archived, &status, years_owed, plan))
}

/// Whether the dues rule lets a member vote on `on` (the member's standing aside): what the
/// sessions add to their own rules. A store without invoices always says yes.
pub fn dues_allow_vote(conn: &Connection, member_id: &str, on: NaiveDate) -> Result<bool> {
    let rule = arrears_rule(conn)?;
    if rule.arrears_years == 0 {
        return Ok(true);
    }
    let owed = years_owed(conn, member_id, on)?;
    if owed < u16::from(rule.arrears_years) {
        return Ok(true);
    }
    Ok(rule.plan_keeps_vote && has_plan_on(conn, member_id, on)?)
}

fn years_owed(conn: &Connection, member_id: &str, on: NaiveDate) -> Result<u16> {
    let n: i64 = conn.query_row(
        "SELECT count(DISTINCT i.fiscal_year) FROM dues_invoices i
         WHERE i.member_id = ?2 AND i.issue_date <= ?1 AND i.due_date < ?1
           AND i.amount_minor > (SELECT coalesce(sum(a.amount_minor), 0) FROM dues_allocations a
                                 JOIN dues_payments p ON p.id = a.payment_id
                                 WHERE a.invoice_id = i.id AND p.received_on <= ?1)",
        params![on.to_string(), member_id],
        |r| r.get(0),
    )?;
    Ok(u16::try_from(n).unwrap_or(u16::MAX))
}

fn has_plan_on(conn: &Connection, member_id: &str, on: NaiveDate) -> Result<bool> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT 1 FROM payment_plans WHERE {} AND member_id = ?2 LIMIT 1",
                plan_active_on_sql()
            ),
            params![on.to_string(), member_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

// ---------------------------------------------------------------------------------------------
// Payment plans
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct InstalmentInput {
    /// `YYYY-MM-DD`.
    pub due_date: String,
    /// Decimal string, positive.
    pub amount: String,
}

/// A payment plan agreed with a member in arrears.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct PaymentPlanInput {
    pub member_id: String,
    /// `YYYY-MM-DD`.
    pub agreed_on: String,
    /// The agreed terms, as written (may span lines).
    pub terms: String,
    pub currency: String,
    pub instalments: Vec<InstalmentInput>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Active,
    Completed,
    Cancelled,
}

impl PlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Active => "active",
            PlanStatus::Completed => "completed",
            PlanStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<PlanStatus> {
        [
            PlanStatus::Active,
            PlanStatus::Completed,
            PlanStatus::Cancelled,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Instalment {
    pub due_date: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct PaymentPlan {
    pub id: String,
    pub member_id: String,
    pub agreed_on: String,
    pub terms: String,
    pub currency: String,
    pub status: PlanStatus,
    /// The day it was completed or cancelled.
    pub ended_on: Option<String>,
    /// Sum of the instalments (decimal string).
    pub total: String,
    pub instalments: Vec<Instalment>,
}

fn get_plan(conn: &Connection, id: &str) -> Result<PaymentPlan> {
    let mut plan = conn
        .query_row(
            "SELECT id, member_id, agreed_on, terms, currency, status, ended_on FROM payment_plans WHERE id = ?1",
            [id],
            |r| {
                Ok(PaymentPlan {
                    id: r.get(0)?,
                    member_id: r.get(1)?,
                    agreed_on: r.get(2)?,
                    terms: r.get(3)?,
                    currency: r.get(4)?,
                    status: PlanStatus::parse(&r.get::<_, String>(5)?).unwrap_or(PlanStatus::Active),
                    ended_on: r.get(6)?,
                    total: String::new(),
                    instalments: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("payment plan", id))?;
    let mut st = conn.prepare_cached(
        "SELECT due_date, amount_minor FROM payment_plan_instalments WHERE plan_id = ?1 ORDER BY due_date, id",
    )?;
    let rows: Vec<(String, i64)> = st
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    let total: i128 = rows.iter().map(|r| i128::from(r.1)).sum();
    plan.total = dec(total, &plan.currency);
    plan.instalments = rows
        .into_iter()
        .map(|(due_date, minor)| Instalment {
            due_date,
            amount: dec(i128::from(minor), &plan.currency),
        })
        .collect();
    Ok(plan)
}

/// A member's payment plans, newest first.
pub fn list_plans(conn: &Connection, member_id: &str) -> Result<Vec<PaymentPlan>> {
    let ids: Vec<String> = {
        let mut st = conn.prepare_cached(
            "SELECT id FROM payment_plans WHERE member_id = ?1 ORDER BY agreed_on DESC, created_at DESC, id DESC",
        )?;
        let rows = st.query_map([member_id.trim()], |r| r.get(0))?;
        rows.collect::<Result<Vec<_>, _>>()?
    };
    ids.iter().map(|id| get_plan(conn, id)).collect()
}

/// Records a payment plan agreed with a member (one active plan per member).
pub fn create_plan(
    store: &mut impl Scope,
    actor: &User,
    input: &PaymentPlanInput,
) -> Result<PaymentPlan> {
    actor.require(Permission::ManageFinances)?;
    let member_id = member_id_field(&input.member_id)?;
    let agreed_on = required_date("agreed_on", &input.agreed_on)?;
    let terms = validate::long_text("terms", &input.terms, 4000)?;
    if terms.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "terms",
            "the terms are required",
        ));
    }
    let currency = ledger::currency("currency", &input.currency)?;
    if input.instalments.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "instalments",
            "a plan needs at least one instalment",
        ));
    }
    if input.instalments.len() > MAX_INSTALMENTS {
        return Err(AppError::field(
            ErrorCode::TooLong,
            "instalments",
            format!("a plan has at most {MAX_INSTALMENTS} instalments"),
        ));
    }
    let mut instalments = Vec::with_capacity(input.instalments.len());
    let mut total: i64 = 0;
    for (i, inst) in input.instalments.iter().enumerate() {
        let due = required_date(&format!("instalments[{i}].due_date"), &inst.due_date)?;
        if due < agreed_on {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                &format!("instalments[{i}].due_date"),
                "an instalment cannot fall due before the plan was agreed",
            ));
        }
        let amount = parse_amount(
            &format!("instalments[{i}].amount"),
            &inst.amount,
            &currency,
            false,
        )?;
        total = total
            .checked_add(amount)
            .filter(|t| *t <= MAX_AMOUNT_MINOR)
            .ok_or_else(|| {
                AppError::field(
                    ErrorCode::InvalidValue,
                    "instalments",
                    "the instalments add up to too much",
                )
            })?;
        instalments.push((due, amount));
    }
    let id = store.transaction(|tx| {
        members::require_live_member(tx, &member_id)?;
        let active: Option<String> = tx
            .query_row(
                "SELECT id FROM payment_plans WHERE member_id = ?1 AND status = 'active'",
                [&member_id],
                |r| r.get(0),
            )
            .optional()?;
        if active.is_some() {
            return Err(AppError::field(
                ErrorCode::Duplicate,
                "member_id",
                "the member already has an active payment plan; complete or cancel it first",
            ));
        }
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO payment_plans (id, member_id, agreed_on, terms, currency, status, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, 'active', ?6, ?6, ?7)",
            params![id, member_id, agreed_on.to_string(), terms, currency, at, actor.id],
        )?;
        for (due, amount) in &instalments {
            tx.execute(
                "INSERT INTO payment_plan_instalments (id, plan_id, due_date, amount_minor, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![new_id(), id, due.to_string(), amount, at, actor.id],
            )?;
        }
        audit::record(
            tx,
            Some(&actor.id),
            "dues.create_plan",
            "payment_plan",
            Some(&id),
            &json!({ "member_id": member_id, "agreed_on": agreed_on.to_string(), "instalments": instalments.len(), "total": dec(i128::from(total), &currency), "currency": currency }),
        )?;
        Ok(id)
    })?;
    get_plan(store.conn(), &id)
}

fn end_plan(store: &mut Store, actor: &User, id: &str, to: PlanStatus) -> Result<PaymentPlan> {
    actor.require(Permission::ManageFinances)?;
    let id = id.trim();
    store.transaction(|tx| {
        let plan = get_plan(tx, id)?;
        if plan.status != PlanStatus::Active {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                format!("the plan is already {}", plan.status.as_str()),
            ));
        }
        let day = today().max(
            NaiveDate::parse_from_str(&plan.agreed_on, "%Y-%m-%d").unwrap_or_else(|_| today()),
        );
        let at = now();
        tx.execute(
            "UPDATE payment_plans SET status = ?2, ended_on = ?3, updated_at = ?4, updated_by = ?5 WHERE id = ?1",
            params![id, to.as_str(), day.to_string(), at, actor.id],
        )?;
        let op = match to {
            PlanStatus::Completed => "dues.complete_plan",
            _ => "dues.cancel_plan",
        };
        audit::record(
            tx,
            Some(&actor.id),
            op,
            "payment_plan",
            Some(id),
            &json!({ "member_id": plan.member_id, "ended_on": day.to_string() }),
        )?;
        get_plan(tx, id)
    })
}

/// Cancels an active plan (the member stopped honouring it): from today, it no longer keeps
/// the vote.
pub fn cancel_plan(store: &mut Store, actor: &User, id: &str) -> Result<PaymentPlan> {
    end_plan(store, actor, id, PlanStatus::Cancelled)
}

/// Marks an active plan completed (all instalments paid).
pub fn complete_plan(store: &mut Store, actor: &User, id: &str) -> Result<PaymentPlan> {
    end_plan(store, actor, id, PlanStatus::Completed)
}
