//! The books: the office's units (cost centres), the chart of accounts, fiscal years, exchange
//! rates by date and the double-entry journal.
//!
//! Every entry balances: its debits equal its credits in the entry's currency and in the
//! reporting currency (USD). Amounts are integer minor units; conversion to the reporting
//! currency uses the rate stored on the entry, line by line, rounding half away from zero;
//! the rounding residual, if any, goes to the largest line of the short side (rule R1), so
//! that the converted entry balances to the cent too. A closed fiscal year's entries never
//! change: corrections are adjusting entries in an open year.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::error::{AppError, ErrorCode, Result};
use crate::money::{self, Money};
use crate::store::{new_id, now, Scope, Store};
use crate::users::{Language, Permission, User};
use crate::validate;

/// The reporting currency of the statements and the budget.
pub const REPORTING_CURRENCY: &str = "USD";
/// The currency of the office's day-to-day operations (Mexico City headquarters).
pub const OPERATING_CURRENCY: &str = "MXN";

// ---------------------------------------------------------------------------------------------
// Units and accounts
// ---------------------------------------------------------------------------------------------

/// One of the office's units: a cost centre of the ledger and the budget.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Unit {
    pub id: String,
    pub code: String,
    pub name: String,
}

/// The office's units, named in `lang`.
pub fn list_units(conn: &Connection, lang: Language) -> Result<Vec<Unit>> {
    let col = name_column(lang);
    let mut st = conn.prepare_cached(&format!(
        "SELECT id, code, {col} FROM units WHERE deleted_at IS NULL ORDER BY code"
    ))?;
    let rows = st.query_map([], |r| {
        Ok(Unit {
            id: r.get(0)?,
            code: r.get(1)?,
            name: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Where an account sits in the statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Asset,
    Liability,
    NetAssets,
    Revenue,
    Expense,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Asset => "asset",
            AccountKind::Liability => "liability",
            AccountKind::NetAssets => "net_assets",
            AccountKind::Revenue => "revenue",
            AccountKind::Expense => "expense",
        }
    }

    pub fn parse(s: &str) -> Option<AccountKind> {
        [
            AccountKind::Asset,
            AccountKind::Liability,
            AccountKind::NetAssets,
            AccountKind::Revenue,
            AccountKind::Expense,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// Assets and expenses grow with debits; the others with credits.
    pub fn debit_normal(self) -> bool {
        matches!(self, AccountKind::Asset | AccountKind::Expense)
    }
}

/// How an account's movements against cash show in the cash-flow statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CashFlowClass {
    Cash,
    Operating,
    Investing,
    Financing,
}

impl CashFlowClass {
    pub fn parse(s: &str) -> Option<CashFlowClass> {
        match s {
            "cash" => Some(CashFlowClass::Cash),
            "operating" => Some(CashFlowClass::Operating),
            "investing" => Some(CashFlowClass::Investing),
            "financing" => Some(CashFlowClass::Financing),
            _ => None,
        }
    }
}

/// An account of the chart.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Account {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: AccountKind,
    pub current: bool,
    pub cash_flow: CashFlowClass,
}

/// The chart of accounts, by code, named in `lang`.
pub fn list_accounts(conn: &Connection, lang: Language) -> Result<Vec<Account>> {
    let col = name_column(lang);
    let mut st = conn.prepare_cached(&format!(
        "SELECT id, code, {col}, kind, current, cash_flow FROM accounts WHERE deleted_at IS NULL ORDER BY code"
    ))?;
    let rows = st.query_map([], |r| {
        Ok(Account {
            id: r.get(0)?,
            code: r.get(1)?,
            name: r.get(2)?,
            kind: AccountKind::parse(&r.get::<_, String>(3)?).unwrap_or(AccountKind::Asset),
            current: r.get::<_, i64>(4)? == 1,
            cash_flow: CashFlowClass::parse(&r.get::<_, String>(5)?)
                .unwrap_or(CashFlowClass::Operating),
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The account with this code (live), or `not_found` naming `field`.
pub fn account_id_by_code(conn: &Connection, code: &str, field: &str) -> Result<String> {
    conn.query_row(
        "SELECT id FROM accounts WHERE code = ?1 AND deleted_at IS NULL",
        [code.trim()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| {
        AppError::field(
            ErrorCode::NotFound,
            field,
            format!("there is no account with code '{}'", code.trim()),
        )
    })
}

/// The column holding names in `lang` (units, accounts, budget chapters and lines).
pub fn name_column(lang: Language) -> &'static str {
    match lang {
        Language::Es => "name_es",
        Language::En => "name_en",
        Language::Pt => "name_pt",
        Language::Fr => "name_fr",
    }
}

// ---------------------------------------------------------------------------------------------
// Fiscal years
// ---------------------------------------------------------------------------------------------

/// The fiscal year a date falls in (the calendar year).
pub fn fiscal_year_of(date: NaiveDate) -> i32 {
    date.year()
}

/// Whether a fiscal year is open for entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FiscalYearStatus {
    Open,
    Closed,
}

/// Creates the fiscal year `year` (open) if the store does not have it yet.
pub fn ensure_fiscal_year(tx: &Transaction, year: i32, actor_id: &str) -> Result<FiscalYearStatus> {
    if !(1900..=2200).contains(&year) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "year",
            format!("{year} is not a plausible fiscal year"),
        ));
    }
    let status: Option<String> = tx
        .query_row(
            "SELECT status FROM fiscal_years WHERE year = ?1",
            [year],
            |r| r.get(0),
        )
        .optional()?;
    match status.as_deref() {
        Some("closed") => Ok(FiscalYearStatus::Closed),
        Some(_) => Ok(FiscalYearStatus::Open),
        None => {
            let at = now();
            tx.execute(
                "INSERT INTO fiscal_years (id, year, start_date, end_date, status, created_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?5, ?6)",
                params![new_id(), year, format!("{year:04}-01-01"), format!("{year:04}-12-31"), at, actor_id],
            )?;
            Ok(FiscalYearStatus::Open)
        }
    }
}

/// Refuses to write into a closed fiscal year.
pub fn require_open_year(tx: &Transaction, year: i32, actor_id: &str) -> Result<()> {
    match ensure_fiscal_year(tx, year, actor_id)? {
        FiscalYearStatus::Open => Ok(()),
        FiscalYearStatus::Closed => Err(AppError::field(
            ErrorCode::InvalidValue,
            "entry_date",
            format!("fiscal year {year} is closed; record an adjusting entry in an open year"),
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Exchange rates
// ---------------------------------------------------------------------------------------------

/// Parses a positive decimal rate (`"17.25"`), with at most 10 decimal places.
pub fn parse_rate(field: &str, value: &str) -> Result<Decimal> {
    let d: Decimal = value.trim().parse().map_err(|_| {
        AppError::field(
            ErrorCode::InvalidFormat,
            field,
            format!("'{value}' is not a rate"),
        )
    })?;
    if d <= Decimal::ZERO || d.scale() > 10 || d > Decimal::from(1_000_000) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            "a rate must be positive, below 1,000,000 and have at most 10 decimals",
        ));
    }
    Ok(d.normalize())
}

/// Units of `to` per unit of `from` on `date`: the latest rate on or before that date
/// (directly, or the inverse of the opposite rate). `1` when the currencies are the same.
pub fn rate_on(conn: &Connection, from: &str, to: &str, date: NaiveDate) -> Result<Decimal> {
    if from == to {
        return Ok(Decimal::ONE);
    }
    let day = date.to_string();
    let direct: Option<(String, String)> = conn
        .query_row(
            "SELECT rate, on_date FROM exchange_rates WHERE from_currency = ?1 AND to_currency = ?2 AND on_date <= ?3
             ORDER BY on_date DESC LIMIT 1",
            params![from, to, day],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let inverse: Option<(String, String)> = conn
        .query_row(
            "SELECT rate, on_date FROM exchange_rates WHERE from_currency = ?2 AND to_currency = ?1 AND on_date <= ?3
             ORDER BY on_date DESC LIMIT 1",
            params![from, to, day],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let pick = match (direct, inverse) {
        (Some(d), Some(i)) => {
            if d.1 >= i.1 {
                Some((d.0, false))
            } else {
                Some((i.0, true))
            }
        }
        (Some(d), None) => Some((d.0, false)),
        (None, Some(i)) => Some((i.0, true)),
        (None, None) => None,
    };
    let (text, inverted) = pick.ok_or_else(|| {
        AppError::field(
            ErrorCode::NotFound,
            "rate",
            format!("there is no {from}/{to} exchange rate on or before {day}"),
        )
    })?;
    let rate = parse_rate("rate", &text)?;
    if inverted {
        // Twelve decimals are plenty for a rate; amounts are rounded to the cent afterwards.
        Ok((Decimal::ONE / rate).round_dp(12).normalize())
    } else {
        Ok(rate)
    }
}

/// An exchange rate as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ExchangeRate {
    pub on_date: String,
    pub from_currency: String,
    pub to_currency: String,
    /// Decimal string: units of `to_currency` per unit of `from_currency`.
    pub rate: String,
}

/// Records (or replaces) the rate of a currency pair on a date.
pub fn set_rate(store: &mut Store, actor: &User, input: &ExchangeRate) -> Result<ExchangeRate> {
    actor.require(Permission::ManageFinances)?;
    let day = validate::date("on_date", Some(&input.on_date))?
        .ok_or_else(|| AppError::field(ErrorCode::Required, "on_date", "the date is required"))?;
    let from = currency("from_currency", &input.from_currency)?;
    let to = currency("to_currency", &input.to_currency)?;
    if from == to {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "to_currency",
            "a rate needs two different currencies",
        ));
    }
    let rate = parse_rate("rate", &input.rate)?;
    let out = ExchangeRate {
        on_date: day.to_string(),
        from_currency: from,
        to_currency: to,
        rate: rate.to_string(),
    };
    store.transaction(|tx| {
        let at = now();
        tx.execute(
            "INSERT INTO exchange_rates (id, on_date, from_currency, to_currency, rate, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)
             ON CONFLICT (from_currency, to_currency, on_date) DO UPDATE SET rate = excluded.rate, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![new_id(), out.on_date, out.from_currency, out.to_currency, out.rate, at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "ledger.set_rate", "exchange_rate", None, &json!(out))?;
        Ok(())
    })?;
    Ok(out)
}

/// The recorded rates, newest first (at most `limit`).
pub fn list_rates(conn: &Connection, limit: u32) -> Result<Vec<ExchangeRate>> {
    let mut st = conn.prepare_cached(
        "SELECT on_date, from_currency, to_currency, rate FROM exchange_rates ORDER BY on_date DESC, from_currency, to_currency LIMIT ?1",
    )?;
    let rows = st.query_map([limit], |r| {
        Ok(ExchangeRate {
            on_date: r.get(0)?,
            from_currency: r.get(1)?,
            to_currency: r.get(2)?,
            rate: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A known ISO 4217 code, upper-case.
pub fn currency(field: &str, value: &str) -> Result<String> {
    let c = value.trim();
    if c.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            field,
            "the currency is required",
        ));
    }
    if money::exponent(c).is_none() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            format!("'{c}' is not an ISO 4217 currency code"),
        ));
    }
    Ok(c.to_string())
}

// ---------------------------------------------------------------------------------------------
// The journal
// ---------------------------------------------------------------------------------------------

/// What kind of entry this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Regular,
    /// A correction of an earlier (possibly closed) year, recorded in an open year.
    Adjusting,
    Opening,
    Closing,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Regular => "regular",
            EntryKind::Adjusting => "adjusting",
            EntryKind::Opening => "opening",
            EntryKind::Closing => "closing",
        }
    }
    pub fn parse(s: &str) -> Option<EntryKind> {
        [
            EntryKind::Regular,
            EntryKind::Adjusting,
            EntryKind::Opening,
            EntryKind::Closing,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// Where an entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EntrySource {
    Manual,
    Import,
    DuesInvoice,
    DuesPayment,
    Demo,
}

impl EntrySource {
    pub fn as_str(self) -> &'static str {
        match self {
            EntrySource::Manual => "manual",
            EntrySource::Import => "import",
            EntrySource::DuesInvoice => "dues_invoice",
            EntrySource::DuesPayment => "dues_payment",
            EntrySource::Demo => "demo",
        }
    }
    pub fn parse(s: &str) -> Option<EntrySource> {
        [
            EntrySource::Manual,
            EntrySource::Import,
            EntrySource::DuesInvoice,
            EntrySource::DuesPayment,
            EntrySource::Demo,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One line of an entry as the user (or an import) gives it. Exactly one of `debit` and
/// `credit` is a positive decimal string; the other is empty or zero.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type, PartialEq)]
pub struct LineInput {
    /// The account's code in the chart (e.g. "5101").
    pub account: String,
    pub debit: String,
    pub credit: String,
    pub budget_line_id: Option<String>,
    pub unit_id: Option<String>,
    pub member_id: Option<String>,
    pub memo: String,
}

/// A journal entry as the user (or an import) gives it.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct EntryInput {
    /// `YYYY-MM-DD`.
    pub entry_date: String,
    pub description: String,
    pub kind: EntryKind,
    pub reference: String,
    /// ISO 4217 code of the amounts.
    pub currency: String,
    /// Units of the reporting currency per unit of `currency`; when absent, the recorded rate
    /// on the entry's date is used (and stored on the entry).
    pub rate: Option<String>,
    pub lines: Vec<LineInput>,
}

/// A validated line, in minor units.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidLine {
    pub account_id: String,
    pub debit: i64,
    pub credit: i64,
    pub budget_line_id: Option<String>,
    pub unit_id: Option<String>,
    pub member_id: Option<String>,
    pub memo: String,
}

/// A validated entry, ready to post.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidEntry {
    pub date: NaiveDate,
    pub description: String,
    pub kind: EntryKind,
    pub reference: String,
    pub currency: String,
    pub rate: Decimal,
    pub lines: Vec<ValidLine>,
}

const MAX_LINES: usize = 500;

fn amount_field(i: usize, side: &str) -> String {
    format!("lines[{i}].{side}")
}

fn parse_side(i: usize, side: &str, value: &str, currency: &str) -> Result<i64> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(0);
    }
    let m = Money::parse(v, currency).map_err(|e| AppError {
        field: Some(amount_field(i, side)),
        ..e
    })?;
    if m.minor < 0 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            &amount_field(i, side),
            "amounts are positive: put a negative debit in the credit column",
        ));
    }
    Ok(m.minor)
}

/// Validates an entry against the store (accounts, budget lines, units, members, rate)
/// without writing. Posting calls it again inside its transaction.
pub fn validate_entry(conn: &Connection, input: &EntryInput) -> Result<ValidEntry> {
    let date = validate::date("entry_date", Some(&input.entry_date))?.ok_or_else(|| {
        AppError::field(
            ErrorCode::Required,
            "entry_date",
            "the entry's date is required",
        )
    })?;
    let description = validate::required_text("description", &input.description, 300)?;
    let reference = validate::optional_text("reference", &input.reference, 100)?;
    let currency = currency("currency", &input.currency)?;
    if input.lines.len() < 2 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "lines",
            "an entry needs at least two lines",
        ));
    }
    if input.lines.len() > MAX_LINES {
        return Err(AppError::field(
            ErrorCode::TooLong,
            "lines",
            format!("an entry has at most {MAX_LINES} lines"),
        ));
    }
    let rate = match input
        .rate
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(r) => {
            let r = parse_rate("rate", r)?;
            if currency == REPORTING_CURRENCY && r != Decimal::ONE {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "rate",
                    "an entry in the reporting currency has rate 1",
                ));
            }
            r
        }
        None => rate_on(conn, &currency, REPORTING_CURRENCY, date)?,
    };
    let mut lines = Vec::with_capacity(input.lines.len());
    let (mut debits, mut credits) = (0i64, 0i64);
    for (i, l) in input.lines.iter().enumerate() {
        let debit = parse_side(i, "debit", &l.debit, &currency)?;
        let credit = parse_side(i, "credit", &l.credit, &currency)?;
        if (debit == 0) == (credit == 0) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                &amount_field(i, "debit"),
                format!("line {} needs either a debit or a credit", i + 1),
            ));
        }
        let account_id = account_id_by_code(conn, &l.account, &format!("lines[{i}].account"))?;
        let budget_line_id = opt_ref(
            conn,
            "budget_lines",
            l.budget_line_id.as_deref(),
            &format!("lines[{i}].budget_line_id"),
        )?;
        let unit_id = opt_ref(
            conn,
            "units",
            l.unit_id.as_deref(),
            &format!("lines[{i}].unit_id"),
        )?;
        let member_id = opt_ref(
            conn,
            "members",
            l.member_id.as_deref(),
            &format!("lines[{i}].member_id"),
        )?;
        let memo = validate::optional_text(&format!("lines[{i}].memo"), &l.memo, 200)?;
        debits = debits.checked_add(debit).ok_or_else(too_large)?;
        credits = credits.checked_add(credit).ok_or_else(too_large)?;
        lines.push(ValidLine {
            account_id,
            debit,
            credit,
            budget_line_id,
            unit_id,
            member_id,
            memo,
        });
    }
    if debits != credits {
        let exp = money::exponent(&currency).unwrap_or(2);
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "lines",
            format!(
                "the entry does not balance: debits {} ≠ credits {}",
                Decimal::new(debits, exp),
                Decimal::new(credits, exp)
            ),
        ));
    }
    Ok(ValidEntry {
        date,
        description,
        kind: input.kind,
        reference,
        currency,
        rate,
        lines,
    })
}

fn too_large() -> AppError {
    AppError::field(
        ErrorCode::InvalidValue,
        "lines",
        "the amounts are too large",
    )
}

fn opt_ref(
    conn: &Connection,
    table: &str,
    id: Option<&str>,
    field: &str,
) -> Result<Option<String>> {
    let Some(id) = id.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let live = match table {
        "members" => "archived_at IS NULL AND deleted_at IS NULL",
        _ => "deleted_at IS NULL",
    };
    let found: Option<i64> = conn
        .query_row(
            &format!("SELECT 1 FROM {table} WHERE id = ?1 AND {live}"),
            [id],
            |r| r.get(0),
        )
        .optional()?;
    if found.is_none() {
        return Err(AppError::field(
            ErrorCode::NotFound,
            field,
            format!("{id} does not exist"),
        ));
    }
    Ok(Some(id.to_string()))
}

/// Converts each line to the reporting currency at `rate` (half away from zero), then puts
/// the rounding residual on the largest line of the short side (rule R1), so that the
/// converted debits equal the converted credits. Returns (debit_rep, credit_rep) per line.
pub fn convert_lines(
    lines: &[ValidLine],
    currency: &str,
    rate: Decimal,
) -> Result<Vec<(i64, i64)>> {
    let conv = |minor: i64| -> Result<i64> {
        if minor == 0 {
            return Ok(0);
        }
        Ok(Money {
            minor,
            currency: currency.to_string(),
        }
        .convert(rate, REPORTING_CURRENCY)?
        .minor)
    };
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        out.push((conv(l.debit)?, conv(l.credit)?));
    }
    let d: i64 = out.iter().map(|x| x.0).sum();
    let c: i64 = out.iter().map(|x| x.1).sum();
    if d != c {
        let debit_short = d < c;
        let diff = (d - c).abs();
        let idx = out
            .iter()
            .enumerate()
            .filter(|(_, x)| if debit_short { x.0 > 0 } else { x.1 > 0 })
            .max_by_key(|(i, x)| (if debit_short { x.0 } else { x.1 }, std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
            .ok_or_else(too_large)?;
        if debit_short {
            out[idx].0 += diff;
        } else {
            out[idx].1 += diff;
        }
    }
    Ok(out)
}

/// Posts a validated entry inside `tx` (the caller's transaction, which also writes the audit
/// row). Refuses closed years. Numbers the entry within its fiscal year. Returns its id.
pub fn post_valid(
    tx: &Transaction,
    actor_id: &str,
    entry: &ValidEntry,
    source: EntrySource,
) -> Result<String> {
    let year = fiscal_year_of(entry.date);
    require_open_year(tx, year, actor_id)?;
    let rep = convert_lines(&entry.lines, &entry.currency, entry.rate)?;
    let number: i64 = tx.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM journal_entries WHERE fiscal_year = ?1",
        [year],
        |r| r.get(0),
    )?;
    let id = new_id();
    let at = now();
    tx.execute(
        "INSERT INTO journal_entries (id, fiscal_year, number, entry_date, description, kind, source, reference, currency, rate, created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?11, ?12)",
        params![
            id,
            year,
            number,
            entry.date.to_string(),
            entry.description,
            entry.kind.as_str(),
            source.as_str(),
            entry.reference,
            entry.currency,
            entry.rate.to_string(),
            at,
            actor_id
        ],
    )?;
    let mut ins = tx.prepare_cached(
        "INSERT INTO journal_lines (id, entry_id, line_no, account_id, debit_minor, credit_minor, debit_rep, credit_rep, budget_line_id, unit_id, member_id, memo, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for (i, (l, (dr, cr))) in entry.lines.iter().zip(rep).enumerate() {
        ins.execute(params![
            new_id(),
            id,
            (i + 1) as i64,
            l.account_id,
            l.debit,
            l.credit,
            dr,
            cr,
            l.budget_line_id,
            l.unit_id,
            l.member_id,
            l.memo,
            at,
            actor_id
        ])?;
    }
    Ok(id)
}

/// Posts a journal entry typed or imported by a user: validated, balanced, in an open year,
/// in one transaction with its audit row.
pub fn post_entry(store: &mut Store, actor: &User, input: &EntryInput) -> Result<JournalEntry> {
    actor.require(Permission::ManageFinances)?;
    let id = store.transaction(|tx| {
        let valid = validate_entry(tx, input)?;
        let id = post_valid(tx, &actor.id, &valid, EntrySource::Manual)?;
        audit::record(
            tx,
            Some(&actor.id),
            "ledger.post_entry",
            "journal_entry",
            Some(&id),
            &json!({"date": valid.date.to_string(), "description": valid.description, "lines": valid.lines.len()}),
        )?;
        Ok(id)
    })?;
    get_entry(store.conn(), &id, actor.language)
}

/// One line of a posted entry.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct JournalLine {
    pub line_no: u32,
    pub account_code: String,
    pub account_name: String,
    /// Decimal strings in the entry's currency ("0" on the other side).
    pub debit: String,
    pub credit: String,
    /// Decimal strings in the reporting currency.
    pub debit_reporting: String,
    pub credit_reporting: String,
    pub budget_line_id: Option<String>,
    pub unit_id: Option<String>,
    pub member_id: Option<String>,
    pub memo: String,
}

/// A posted journal entry.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct JournalEntry {
    pub id: String,
    pub fiscal_year: u16,
    pub number: u32,
    pub entry_date: String,
    pub description: String,
    pub kind: EntryKind,
    pub source: EntrySource,
    pub reference: String,
    pub currency: String,
    /// The rate stored on the entry (decimal string).
    pub rate: String,
    /// Sum of debits in the entry's currency (decimal string).
    pub total: String,
    pub lines: Vec<JournalLine>,
}

fn dec(minor: i64, currency: &str) -> String {
    Decimal::new(minor, money::exponent(currency).unwrap_or(2)).to_string()
}

/// One posted entry with its lines.
pub fn get_entry(conn: &Connection, id: &str, lang: Language) -> Result<JournalEntry> {
    let head = conn
        .query_row(
            "SELECT id, fiscal_year, number, entry_date, description, kind, source, reference, currency, rate
             FROM journal_entries WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("journal entry", id))?;
    let col = name_column(lang);
    let mut st = conn.prepare_cached(&format!(
        "SELECT l.line_no, a.code, a.{col}, l.debit_minor, l.credit_minor, l.debit_rep, l.credit_rep, l.budget_line_id, l.unit_id, l.member_id, l.memo
         FROM journal_lines l JOIN accounts a ON a.id = l.account_id WHERE l.entry_id = ?1 ORDER BY l.line_no"
    ))?;
    let cur = head.8.clone();
    let mut total = 0i64;
    let lines = st
        .query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, String>(10)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|l| {
            total += l.3;
            JournalLine {
                line_no: l.0 as u32,
                account_code: l.1,
                account_name: l.2,
                debit: dec(l.3, &cur),
                credit: dec(l.4, &cur),
                debit_reporting: dec(l.5, REPORTING_CURRENCY),
                credit_reporting: dec(l.6, REPORTING_CURRENCY),
                budget_line_id: l.7,
                unit_id: l.8,
                member_id: l.9,
                memo: l.10,
            }
        })
        .collect();
    Ok(JournalEntry {
        id: head.0,
        fiscal_year: head.1 as u16,
        number: head.2 as u32,
        entry_date: head.3,
        description: head.4,
        kind: EntryKind::parse(&head.5).unwrap_or(EntryKind::Regular),
        source: EntrySource::parse(&head.6).unwrap_or(EntrySource::Manual),
        reference: head.7,
        currency: cur.clone(),
        rate: head.9,
        total: dec(total, &cur),
        lines,
    })
}

// ---------------------------------------------------------------------------------------------
// Fiscal years: listing and closing
// ---------------------------------------------------------------------------------------------

/// A fiscal year as recorded.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct FiscalYear {
    pub year: u16,
    pub start_date: String,
    pub end_date: String,
    pub status: FiscalYearStatus,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
}

fn fiscal_year_from_row(r: &rusqlite::Row) -> rusqlite::Result<FiscalYear> {
    Ok(FiscalYear {
        year: r.get::<_, i64>(0)? as u16,
        start_date: r.get(1)?,
        end_date: r.get(2)?,
        status: if r.get::<_, String>(3)? == "closed" {
            FiscalYearStatus::Closed
        } else {
            FiscalYearStatus::Open
        },
        closed_at: r.get(4)?,
        closed_by: r.get(5)?,
    })
}

const FISCAL_YEAR_COLUMNS: &str = "year, start_date, end_date, status, closed_at, closed_by";

/// The fiscal years the store knows, newest first.
pub fn list_fiscal_years(conn: &Connection) -> Result<Vec<FiscalYear>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {FISCAL_YEAR_COLUMNS} FROM fiscal_years ORDER BY year DESC"
    ))?;
    let rows = st.query_map([], fiscal_year_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// One fiscal year, or `None` when the store has never used it.
pub fn fiscal_year(conn: &Connection, year: u16) -> Result<Option<FiscalYear>> {
    Ok(conn
        .query_row(
            &format!("SELECT {FISCAL_YEAR_COLUMNS} FROM fiscal_years WHERE year = ?1"),
            [year],
            fiscal_year_from_row,
        )
        .optional()?)
}

/// Closes (locks) a fiscal year: from then on no entry dated in it can be posted; corrections
/// are adjusting entries in an open year. There is no reopening.
///
/// Choices: the books are not zeroed by closing entries (the statements compute the
/// accumulated surplus from all years' revenue and expenses), so closing only locks. Years
/// close in order: closing is refused while an earlier year is still open, so that a closed
/// year's comparative figures can no longer move either. A year can only be closed after its
/// last day (`today` is given by the caller's clock through [`chrono::Local`]).
pub fn close_fiscal_year(store: &mut impl Scope, actor: &User, year: u16) -> Result<FiscalYear> {
    actor.require(Permission::ApproveFinances)?;
    let y = i32::from(year);
    if !(1900..=2200).contains(&y) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "year",
            format!("{year} is not a plausible fiscal year"),
        ));
    }
    let today = chrono::Local::now().date_naive();
    let end = NaiveDate::from_ymd_opt(y, 12, 31).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "year",
            "not a plausible fiscal year",
        )
    })?;
    if today <= end {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "year",
            format!(
                "fiscal year {year} has not ended yet; it can be closed from {}",
                end.succ_opt().unwrap_or(end)
            ),
        ));
    }
    store.transaction(|tx| {
        if let Some(FiscalYear { status: FiscalYearStatus::Closed, .. }) = fiscal_year(tx, year)? {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "year",
                format!("fiscal year {year} is already closed"),
            ));
        }
        let earlier_open: Option<i64> = tx
            .query_row(
                "SELECT min(year) FROM fiscal_years WHERE year < ?1 AND status = 'open'",
                [y],
                |r| r.get(0),
            )?;
        if let Some(e) = earlier_open {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "year",
                format!("fiscal year {e} is still open; close the years in order"),
            ));
        }
        ensure_fiscal_year(tx, y, &actor.id)?;
        let at = now();
        tx.execute(
            "UPDATE fiscal_years SET status = 'closed', closed_at = ?2, closed_by = ?3, updated_at = ?2, updated_by = ?3 WHERE year = ?1",
            params![y, at, actor.id],
        )?;
        let entries: i64 = tx.query_row(
            "SELECT count(*) FROM journal_entries WHERE fiscal_year = ?1",
            [y],
            |r| r.get(0),
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "ledger.close_fiscal_year",
            "fiscal_year",
            None,
            &json!({ "year": year, "entries": entries }),
        )?;
        fiscal_year(tx, year)?.ok_or_else(|| AppError::not_found("fiscal year", &year.to_string()))
    })
}

// ---------------------------------------------------------------------------------------------
// Listing the journal
// ---------------------------------------------------------------------------------------------

/// Which entries to list. Every criterion is optional; `limit` 0 means the default page (50),
/// and a page holds at most 500 entries.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type, PartialEq)]
pub struct EntryFilter {
    pub year: Option<u16>,
    /// An account code: entries with at least one line on it.
    pub account: Option<String>,
    /// Found in the description or the reference (case-insensitive for ASCII).
    pub text: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub to: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

/// One entry in the journal list.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct EntrySummary {
    pub id: String,
    pub fiscal_year: u16,
    pub number: u32,
    pub entry_date: String,
    pub description: String,
    pub kind: EntryKind,
    pub source: EntrySource,
    pub reference: String,
    pub currency: String,
    /// Sum of debits in the entry's currency (decimal string).
    pub total: String,
    /// Sum of debits in the reporting currency (decimal string).
    pub total_reporting: String,
    pub lines: u32,
    pub attachments: u32,
}

/// A page of the journal and how many entries match in all.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct EntryPage {
    pub entries: Vec<EntrySummary>,
    pub total: u32,
}

const DEFAULT_PAGE: u32 = 50;
const MAX_PAGE: u32 = 500;

/// The entries matching `filter`, newest first (date, then number), one page at a time: only
/// the page's rows are read, whatever the size of the journal.
pub fn list_entries(conn: &Connection, filter: &EntryFilter) -> Result<EntryPage> {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(y) = filter.year {
        args.push(i64::from(y).into());
        clauses.push(format!("e.fiscal_year = ?{}", args.len()));
    }
    let mut account = None;
    if let Some(code) = filter
        .account
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let id = account_id_by_code(conn, code, "account")?;
        args.push(id.clone().into());
        // One probe of `journal_lines_account_entry` per entry, walking the journal in order:
        // a window stops as soon as it is full.
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM journal_lines l WHERE l.account_id = ?{} AND l.entry_id = e.id)",
            args.len()
        ));
        account = Some(id);
    }
    let mut text_filter = false;
    if let Some(text) = filter.text.as_deref() {
        let t = validate::optional_text("text", text, 200)?;
        if !t.is_empty() {
            // LIKE folds ASCII case (as SQLite's lower() did), without a lowered copy of each
            // description; the user's `%`, `_` and `\` are literal.
            args.push(crate::cooperation::like(&t.to_lowercase()).into());
            let n = args.len();
            clauses.push(format!(
                "(e.description LIKE ?{n} ESCAPE '\\' OR e.reference LIKE ?{n} ESCAPE '\\')"
            ));
            text_filter = true;
        }
    }
    if let Some(d) = validate::date("from", filter.from.as_deref())? {
        args.push(d.to_string().into());
        clauses.push(format!("e.entry_date >= ?{}", args.len()));
    }
    if let Some(d) = validate::date("to", filter.to.as_deref())? {
        args.push(d.to_string().into());
        clauses.push(format!("e.entry_date <= ?{}", args.len()));
    }
    let wh = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let count = || -> Result<i64> {
        Ok(match (&account, clauses.len()) {
            // The account alone: its entries counted from the index alone.
            (Some(id), 1) => conn.query_row(
                "SELECT count(DISTINCT entry_id) FROM journal_lines WHERE account_id = ?1",
                [id],
                |r| r.get(0),
            )?,
            _ => conn.query_row(
                &format!("SELECT count(*) FROM journal_entries e {wh}"),
                rusqlite::params_from_iter(args.iter()),
                |r| r.get(0),
            )?,
        })
    };
    let limit = match filter.limit {
        0 => DEFAULT_PAGE,
        n => n.min(MAX_PAGE),
    };
    let offset = u64::from(filter.offset);
    let mut page_args = args.clone();
    // The window's entries in order (`p.id`), and, with a text filter, the count of all the
    // matches (`p.total`).
    let (inner, mut total, take, skip) = if text_filter {
        // The matches are few or many, anywhere in the journal: one pass over the table finds,
        // counts and sorts them all (`count(*) OVER ()`), rather than walking the order's
        // index and reading the rows one by one (`+` keeps the planner off that index).
        (
            format!(
                "SELECT e.id, count(*) OVER () AS total FROM journal_entries e {wh}
                 ORDER BY +e.entry_date DESC, +e.fiscal_year DESC, +e.number DESC"
            ),
            None,
            u64::from(limit),
            offset,
        )
    } else {
        let total = count()?;
        let total_u = total.max(0) as u64;
        if offset >= total_u {
            return Ok(EntryPage {
                entries: Vec::new(),
                total: u32::try_from(total).unwrap_or(u32::MAX),
            });
        }
        // Read from the order's index (`journal_entries_order`), and a window in the older
        // half from the oldest end (fewer entries skipped): rows [offset, offset + limit)
        // newest first are rows [total - offset - limit, total - offset) oldest first.
        let (direction, skip, take) = if offset * 2 > total_u {
            let end = total_u - offset;
            let start = end.saturating_sub(u64::from(limit));
            ("ASC", start, end - start)
        } else {
            ("DESC", offset, u64::from(limit))
        };
        (
            format!(
                "SELECT e.id, NULL AS total FROM journal_entries e {wh}
                 ORDER BY e.entry_date {direction}, e.fiscal_year {direction}, e.number {direction}"
            ),
            Some(total),
            take,
            skip,
        )
    };
    page_args.push((take as i64).into());
    let lim = page_args.len();
    page_args.push((skip as i64).into());
    let off = page_args.len();
    let mut st = conn.prepare(&format!(
        "SELECT e.id, e.fiscal_year, e.number, e.entry_date, e.description, e.kind, e.source, e.reference, e.currency,
                (SELECT coalesce(sum(debit_minor), 0) FROM journal_lines WHERE entry_id = e.id),
                (SELECT coalesce(sum(debit_rep), 0) FROM journal_lines WHERE entry_id = e.id),
                (SELECT count(*) FROM journal_lines WHERE entry_id = e.id),
                (SELECT count(*) FROM journal_attachments WHERE entry_id = e.id AND deleted_at IS NULL),
                p.total
         FROM ({inner} LIMIT ?{lim} OFFSET ?{off}) p
         JOIN journal_entries e ON e.id = p.id
         ORDER BY e.entry_date DESC, e.fiscal_year DESC, e.number DESC"
    ))?;
    let mut entries = Vec::new();
    let mut rows = st.query(rusqlite::params_from_iter(page_args.iter()))?;
    while let Some(r) = rows.next()? {
        let currency: String = r.get(8)?;
        if total.is_none() {
            total = r.get(13)?;
        }
        entries.push(EntrySummary {
            id: r.get(0)?,
            fiscal_year: r.get::<_, i64>(1)? as u16,
            number: r.get::<_, i64>(2)? as u32,
            entry_date: r.get(3)?,
            description: r.get(4)?,
            kind: EntryKind::parse(&r.get::<_, String>(5)?).unwrap_or(EntryKind::Regular),
            source: EntrySource::parse(&r.get::<_, String>(6)?).unwrap_or(EntrySource::Manual),
            reference: r.get(7)?,
            total: dec(r.get(9)?, &currency),
            total_reporting: dec(r.get(10)?, REPORTING_CURRENCY),
            currency,
            lines: r.get::<_, i64>(11)? as u32,
            attachments: r.get::<_, i64>(12)? as u32,
        });
    }
    // An empty first window: nothing matches; an empty window further on says nothing of
    // the number of matches: count them.
    let total = match total {
        Some(t) => t,
        None if offset == 0 => 0,
        None => count()?,
    };
    Ok(EntryPage {
        entries,
        total: u32::try_from(total).unwrap_or(u32::MAX),
    })
}

// ---------------------------------------------------------------------------------------------
// Trial balance
// ---------------------------------------------------------------------------------------------

/// One account of the trial balance of a fiscal year, in the reporting currency.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AccountBalance {
    pub account_code: String,
    pub account_name: String,
    pub kind: AccountKind,
    /// Balance at the start of the year (debit minus credit; revenue and expense accounts
    /// start at zero: their earlier movements are in the accumulated surplus row).
    pub opening: String,
    /// The year's debits and credits.
    pub debit: String,
    pub credit: String,
    /// `opening + debit - credit`: positive is a debit balance.
    pub closing: String,
}

/// The trial balance of `year`: every account with a balance or a movement, by code, plus,
/// when earlier years had revenue or expenses, a row without a code for the surplus they
/// left (code `""`, kind net_assets). Debits equal credits; openings and closings sum to zero.
pub fn trial_balance(conn: &Connection, year: u16, lang: Language) -> Result<Vec<AccountBalance>> {
    let col = name_column(lang);
    let mut st = conn.prepare(&format!(
        // Each year's debits and credits per account are kept by triggers on the journal
        // (migration 0017, `account_years`): the opening balances sum a few rows per account
        // instead of every line of the earlier years.
        "WITH before AS (
            SELECT account_id, sum(debit_rep) - sum(credit_rep) AS bal
            FROM account_years WHERE year < ?1 AND lines > 0 GROUP BY account_id),
          during AS (
            SELECT account_id, debit_rep AS dr, credit_rep AS cr
            FROM account_years WHERE year = ?1 AND lines > 0)
         SELECT a.code, a.{col}, a.kind, coalesce(b.bal, 0), coalesce(d.dr, 0), coalesce(d.cr, 0)
         FROM accounts a LEFT JOIN before b ON b.account_id = a.id LEFT JOIN during d ON d.account_id = a.id
         WHERE b.account_id IS NOT NULL OR d.account_id IS NOT NULL
         ORDER BY a.code"
    ))?;
    let rows = st
        .query_map(params![year], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let usd = |v: i128| dec128(v, REPORTING_CURRENCY);
    let mut out = Vec::with_capacity(rows.len() + 1);
    let mut carried: i128 = 0;
    for (code, name, kind, before, dr, cr) in rows {
        let kind = AccountKind::parse(&kind).unwrap_or(AccountKind::Asset);
        let opening = if matches!(kind, AccountKind::Revenue | AccountKind::Expense) {
            carried += i128::from(before);
            0
        } else {
            i128::from(before)
        };
        out.push(AccountBalance {
            account_code: code,
            account_name: name,
            kind,
            opening: usd(opening),
            debit: usd(i128::from(dr)),
            credit: usd(i128::from(cr)),
            closing: usd(opening + i128::from(dr) - i128::from(cr)),
        });
    }
    if carried != 0 {
        out.push(AccountBalance {
            account_code: String::new(),
            account_name: String::new(),
            kind: AccountKind::NetAssets,
            opening: usd(carried),
            debit: usd(0),
            credit: usd(0),
            closing: usd(carried),
        });
    }
    Ok(out)
}

/// A decimal string of `minor` units of `currency`, from a wide integer (totals).
pub fn dec128(minor: i128, currency: &str) -> String {
    Decimal::try_from_i128_with_scale(minor, money::exponent(currency).unwrap_or(2))
        .map(|d| d.to_string())
        .unwrap_or_else(|_| "overflow".into())
}

// ---------------------------------------------------------------------------------------------
// Attachments of entries
// ---------------------------------------------------------------------------------------------

/// A document attached to a journal entry (invoice, receipt, bank advice).
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct EntryAttachment {
    pub id: String,
    pub entry_id: String,
    pub file_name: String,
    pub sha256: String,
    pub size_bytes: u32,
    pub created_at: String,
}

/// The live attachments of an entry, oldest first.
pub fn entry_attachments(conn: &Connection, entry_id: &str) -> Result<Vec<EntryAttachment>> {
    let mut st = conn.prepare_cached(
        "SELECT id, entry_id, file_name, sha256, size_bytes, created_at FROM journal_attachments
         WHERE entry_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id",
    )?;
    let rows = st.query_map([entry_id], |r| {
        Ok(EntryAttachment {
            id: r.get(0)?,
            entry_id: r.get(1)?,
            file_name: r.get(2)?,
            sha256: r.get(3)?,
            size_bytes: r.get::<_, i64>(4)? as u32,
            created_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn require_entry(conn: &Connection, entry_id: &str) -> Result<()> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM journal_entries WHERE id = ?1",
            [entry_id],
            |r| r.get(0),
        )
        .optional()?;
    found
        .map(|_| ())
        .ok_or_else(|| AppError::not_found("journal entry", entry_id))
}

/// Attaches a document to a posted entry. The file is copied into the data folder first
/// (content-addressed, see [`crate::attachments::keep_file`]); the row and its audit row are
/// written in one transaction.
///
/// Attaching to an entry of a **closed** year is allowed: evidence does not change the
/// amounts, and auditors often ask for a missing voucher after the year is closed. The
/// attachment is audited like any other write.
pub fn add_entry_attachment(
    store: &mut Store,
    actor: &User,
    entry_id: &str,
    path: &str,
) -> Result<EntryAttachment> {
    actor.require(Permission::ManageFinances)?;
    let source = std::path::PathBuf::from(validate::required_text("path", path, 4000)?);
    let file_name = source
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    require_entry(store.conn(), entry_id)?;
    let dir = crate::attachments::data_dir(store.conn())?;
    let (sha, size) = crate::attachments::keep_file(&dir, &source)?;
    store.transaction(|tx| {
        require_entry(tx, entry_id)?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO journal_attachments (id, entry_id, file_name, sha256, size_bytes, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)",
            params![id, entry_id, file_name, sha, size as i64, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "ledger.add_entry_attachment",
            "journal_attachment",
            Some(&id),
            &json!({ "entry_id": entry_id, "file_name": file_name, "sha256": sha, "size_bytes": size }),
        )?;
        Ok(EntryAttachment {
            id,
            entry_id: entry_id.to_string(),
            file_name,
            sha256: sha,
            size_bytes: size as u32,
            created_at: at,
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Imports: a journal file and a bank statement (preview, then all or nothing)
// ---------------------------------------------------------------------------------------------

pub use crate::import::ImportIssue;

/// Import files larger than this are refused.
pub const MAX_LEDGER_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// Import files with more data rows than this are refused.
pub const MAX_LEDGER_IMPORT_ROWS: usize = 100_000;

/// The columns of a journal import file (`budget_line` and `unit` by code, optional).
pub const LEDGER_CSV_COLUMNS: [&str; 11] = [
    "date",
    "reference",
    "description",
    "account",
    "debit",
    "credit",
    "currency",
    "rate",
    "budget_line",
    "unit",
    "memo",
];
const LEDGER_REQUIRED: [&str; 6] = [
    "date",
    "description",
    "account",
    "debit",
    "credit",
    "currency",
];

/// The columns of a bank-statement file; `amount` is signed (+ receipt, − payment).
pub const BANK_CSV_COLUMNS: [&str; 4] = ["date", "description", "amount", "reference"];

/// One entry an import would post, with the file lines it comes from.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ImportedEntry {
    pub first_line: u32,
    pub last_line: u32,
    pub input: EntryInput,
    pub ok: bool,
}

/// What an import would post, before anything is written; `issues` name the file line and
/// the column (`field`) at fault.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct LedgerImportPreview {
    /// `,` or `;`.
    pub delimiter: String,
    pub entries: Vec<ImportedEntry>,
    pub issues: Vec<ImportIssue>,
}

impl LedgerImportPreview {
    pub fn is_valid(&self) -> bool {
        self.issues.is_empty() && !self.entries.is_empty()
    }
}

/// The outcome of an import.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct LedgerImportReport {
    pub entries: u32,
    pub lines: u32,
    /// Ids of the posted entries, in file order.
    pub entry_ids: Vec<String>,
}

struct CsvFile {
    delimiter: u8,
    headers: Vec<String>,
    rows: Vec<(u32, csv::StringRecord)>,
}

/// Decodes and splits a file, or pushes the file-level issue into `issues`.
fn read_csv(bytes: &[u8], required: &[&str], issues: &mut Vec<ImportIssue>) -> Option<CsvFile> {
    if bytes.len() > MAX_LEDGER_IMPORT_BYTES {
        issues.push(ImportIssue::file(format!(
            "the file is larger than {} MB",
            MAX_LEDGER_IMPORT_BYTES / 1024 / 1024
        )));
        return None;
    }
    let text = match crate::import::decode(bytes) {
        Ok(t) => t,
        Err(issue) => {
            issues.push(issue);
            return None;
        }
    };
    let delimiter = crate::import::delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => {
            issues.push(ImportIssue::file(format!(
                "cannot read the header row: {e}"
            )));
            return None;
        }
    };
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !headers.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        issues.push(ImportIssue::file(format!(
            "the header row lacks the column(s): {}",
            missing.join(", ")
        )));
        return None;
    }
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let line = u32::try_from(n).unwrap_or(u32::MAX).saturating_add(2);
        if n >= MAX_LEDGER_IMPORT_ROWS {
            issues.push(ImportIssue::file(format!(
                "the file has more than {MAX_LEDGER_IMPORT_ROWS} rows"
            )));
            return None;
        }
        match record {
            Ok(r) if r.iter().all(|c| c.trim().is_empty()) => {}
            Ok(r) => rows.push((line, r)),
            Err(e) => issues.push(ImportIssue {
                line,
                code: ErrorCode::ImportInvalid,
                field: None,
                message: format!("unreadable row: {e}"),
            }),
        }
    }
    Some(CsvFile {
        delimiter,
        headers,
        rows,
    })
}

impl CsvFile {
    fn get<'a>(&self, record: &'a csv::StringRecord, column: &str) -> &'a str {
        self.headers
            .iter()
            .position(|h| h == column)
            .and_then(|i| record.get(i))
            .unwrap_or("")
            .trim()
    }

    /// An amount or rate as written: with `;` as separator, a decimal comma (`1234,50`) is
    /// read as a decimal point.
    fn number(&self, record: &csv::StringRecord, column: &str) -> String {
        let v = self.get(record, column);
        if self.delimiter == b';' && v.contains(',') && !v.contains('.') {
            v.replace(',', ".")
        } else {
            v.to_string()
        }
    }
}

fn code_to_id(conn: &Connection, table: &str, code: &str, field: &str) -> Result<Option<String>> {
    if code.is_empty() {
        return Ok(None);
    }
    conn.query_row(
        &format!("SELECT id FROM {table} WHERE code = ?1 AND deleted_at IS NULL"),
        [code],
        |r| r.get(0),
    )
    .optional()?
    .map(Some)
    .ok_or_else(|| {
        AppError::field(
            ErrorCode::NotFound,
            field,
            format!("there is no {field} with code '{code}'"),
        )
    })
}

/// The file column a validation error of line `i` of an entry names.
fn csv_field(field: Option<&str>) -> (Option<usize>, Option<String>) {
    let Some(f) = field else { return (None, None) };
    if let Some(rest) = f.strip_prefix("lines[") {
        if let Some((i, col)) = rest.split_once("].") {
            let col = match col {
                "budget_line_id" => "budget_line",
                "unit_id" => "unit",
                "member_id" => "member",
                other => other,
            };
            return (i.parse().ok(), Some(col.to_string()));
        }
    }
    let col = match f {
        "entry_date" => "date",
        "lines" => "debit",
        other => other,
    };
    (None, Some(col.to_string()))
}

/// Checks a grouped entry against the store (like posting would) and records any issue.
fn check_entry(
    conn: &Connection,
    lines: &[u32],
    input: &EntryInput,
    issues: &mut Vec<ImportIssue>,
) -> Result<bool> {
    let first = lines.first().copied().unwrap_or(1);
    match validate_entry(conn, input) {
        Ok(valid) => {
            let year = fiscal_year_of(valid.date);
            let closed: Option<String> = conn
                .query_row(
                    "SELECT status FROM fiscal_years WHERE year = ?1",
                    [year],
                    |r| r.get(0),
                )
                .optional()?;
            if !(1900..=2200).contains(&year) || closed.as_deref() == Some("closed") {
                issues.push(ImportIssue {
                    line: first,
                    code: ErrorCode::InvalidValue,
                    field: Some("date".into()),
                    message: format!(
                        "fiscal year {year} is closed or not a plausible fiscal year; record an adjusting entry in an open year"
                    ),
                });
                return Ok(false);
            }
            Ok(true)
        }
        Err(e) if e.code == ErrorCode::Storage || e.code == ErrorCode::Internal => Err(e),
        Err(e) => {
            let (i, field) = csv_field(e.field.as_deref());
            let line = i.and_then(|i| lines.get(i).copied()).unwrap_or(first);
            issues.push(ImportIssue {
                line,
                code: e.code,
                field,
                message: e.message,
            });
            Ok(false)
        }
    }
}

/// Reads a journal file and checks every entry against the rules and the store, writing
/// nothing. Consecutive rows with the same date and reference form one entry; the entry's
/// description, currency and rate are those of its first row (later rows must agree or leave
/// them empty).
pub fn preview_ledger_import(conn: &Connection, bytes: &[u8]) -> Result<LedgerImportPreview> {
    let mut preview = LedgerImportPreview {
        delimiter: ",".into(),
        entries: vec![],
        issues: vec![],
    };
    let Some(file) = read_csv(bytes, &LEDGER_REQUIRED, &mut preview.issues) else {
        return Ok(preview);
    };
    preview.delimiter = (file.delimiter as char).to_string();
    // Group consecutive rows by (date, reference).
    let mut groups: Vec<Vec<&(u32, csv::StringRecord)>> = Vec::new();
    for row in &file.rows {
        let key = (file.get(&row.1, "date"), file.get(&row.1, "reference"));
        match groups.last_mut() {
            Some(g)
                if {
                    let head = &g[0].1;
                    (file.get(head, "date"), file.get(head, "reference")) == key
                } =>
            {
                g.push(row)
            }
            _ => groups.push(vec![row]),
        }
    }
    for g in groups {
        let head = &g[0].1;
        let currency = file.get(head, "currency").to_string();
        let rate = file.number(head, "rate");
        let mut ok = true;
        let mut line_inputs = Vec::with_capacity(g.len());
        let mut line_nos = Vec::with_capacity(g.len());
        for (line, rec) in &g {
            line_nos.push(*line);
            let mut issue = |field: &str, e: AppError| {
                ok = false;
                preview.issues.push(ImportIssue {
                    line: *line,
                    code: e.code,
                    field: Some(field.to_string()),
                    message: e.message,
                });
            };
            for (col, head_value) in [("currency", currency.as_str()), ("rate", rate.as_str())] {
                let v = if col == "rate" {
                    file.number(rec, col)
                } else {
                    file.get(rec, col).to_string()
                };
                if !v.is_empty() && v != head_value {
                    issue(
                        col,
                        AppError::field(
                            ErrorCode::InvalidValue,
                            col,
                            format!("the rows of one entry share its {col} ('{head_value}' on its first row, '{v}' here)"),
                        ),
                    );
                }
            }
            let budget_line_id = match code_to_id(
                conn,
                "budget_lines",
                file.get(rec, "budget_line"),
                "budget_line",
            ) {
                Ok(v) => v,
                Err(e) if e.code == ErrorCode::NotFound => {
                    issue("budget_line", e);
                    None
                }
                Err(e) => return Err(e),
            };
            let unit_id = match code_to_id(conn, "units", file.get(rec, "unit"), "unit") {
                Ok(v) => v,
                Err(e) if e.code == ErrorCode::NotFound => {
                    issue("unit", e);
                    None
                }
                Err(e) => return Err(e),
            };
            line_inputs.push(LineInput {
                account: file.get(rec, "account").to_string(),
                debit: file.number(rec, "debit"),
                credit: file.number(rec, "credit"),
                budget_line_id,
                unit_id,
                member_id: None,
                memo: file.get(rec, "memo").to_string(),
            });
        }
        let input = EntryInput {
            entry_date: file.get(head, "date").to_string(),
            description: file.get(head, "description").to_string(),
            kind: EntryKind::Regular,
            reference: file.get(head, "reference").to_string(),
            currency,
            rate: Some(rate).filter(|r| !r.is_empty()),
            lines: line_inputs,
        };
        if ok {
            ok = check_entry(conn, &line_nos, &input, &mut preview.issues)?;
        }
        preview.entries.push(ImportedEntry {
            first_line: line_nos[0],
            last_line: *line_nos.last().unwrap_or(&line_nos[0]),
            input,
            ok,
        });
    }
    if preview.entries.is_empty() && preview.issues.is_empty() {
        preview
            .issues
            .push(ImportIssue::file("the file has no data rows"));
    }
    Ok(preview)
}

/// Posts what a valid preview holds, all in one transaction with one audit row.
fn post_preview(
    store: &mut Store,
    actor: &User,
    preview: &LedgerImportPreview,
    operation: &str,
) -> Result<LedgerImportReport> {
    if !preview.is_valid() {
        return Err(crate::import::refused(&preview.issues));
    }
    store.transaction(|tx| {
        let mut report = LedgerImportReport {
            entries: 0,
            lines: 0,
            entry_ids: Vec::with_capacity(preview.entries.len()),
        };
        for e in &preview.entries {
            let valid = validate_entry(tx, &e.input).map_err(|err| AppError {
                message: format!("line {}: {}", e.first_line, err.message),
                ..err
            })?;
            let id = post_valid(tx, &actor.id, &valid, EntrySource::Import)?;
            report.entries += 1;
            report.lines += valid.lines.len() as u32;
            report.entry_ids.push(id);
        }
        audit::record(
            tx,
            Some(&actor.id),
            operation,
            "journal_entry",
            None,
            &json!({ "entries": report.entries, "lines": report.lines }),
        )?;
        Ok(report)
    })
}

/// Imports a journal file: every entry or none. A file with any bad row writes nothing, and
/// the error lists the rows and why.
pub fn import_ledger(store: &mut Store, actor: &User, bytes: &[u8]) -> Result<LedgerImportReport> {
    actor.require(Permission::ManageFinances)?;
    let preview = preview_ledger_import(store.conn(), bytes)?;
    post_preview(store, actor, &preview, "ledger.import")
}

/// The currency a bank account is kept in (the reporting currency when the chart says none).
fn account_currency(conn: &Connection, account_id: &str) -> Result<String> {
    let c: Option<String> = conn.query_row(
        "SELECT currency FROM accounts WHERE id = ?1",
        [account_id],
        |r| r.get(0),
    )?;
    Ok(c.unwrap_or_else(|| REPORTING_CURRENCY.to_string()))
}

/// Reads a bank statement (`date,description,amount,reference`; amount signed, in the bank
/// account's currency) into one two-line entry per row: a receipt (+) debits the bank and
/// credits `counterpart_account_code`; a payment (−) the reverse. Rates come from the
/// recorded exchange rates on each date. Writes nothing.
pub fn preview_bank_statement(
    conn: &Connection,
    bytes: &[u8],
    bank_account_code: &str,
    counterpart_account_code: &str,
) -> Result<LedgerImportPreview> {
    let bank_id = account_id_by_code(conn, bank_account_code, "bank_account")?;
    let cash: String = conn.query_row(
        "SELECT cash_flow FROM accounts WHERE id = ?1",
        [&bank_id],
        |r| r.get(0),
    )?;
    if cash != "cash" {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "bank_account",
            format!(
                "account {} is not a bank or cash account",
                bank_account_code.trim()
            ),
        ));
    }
    let counter_id = account_id_by_code(conn, counterpart_account_code, "counterpart_account")?;
    if counter_id == bank_id {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "counterpart_account",
            "the counterpart must be another account",
        ));
    }
    let bank_code = bank_account_code.trim().to_string();
    let counter_code = counterpart_account_code.trim().to_string();
    let currency = account_currency(conn, &bank_id)?;
    let mut preview = LedgerImportPreview {
        delimiter: ",".into(),
        entries: vec![],
        issues: vec![],
    };
    let Some(file) = read_csv(
        bytes,
        &["date", "description", "amount"],
        &mut preview.issues,
    ) else {
        return Ok(preview);
    };
    preview.delimiter = (file.delimiter as char).to_string();
    for (line, rec) in &file.rows {
        let amount_text = file.number(rec, "amount");
        let parsed = if amount_text.is_empty() {
            Err(AppError::field(
                ErrorCode::Required,
                "amount",
                "the amount is required",
            ))
        } else {
            Money::parse(&amount_text, &currency).map_err(|e| AppError {
                field: Some("amount".into()),
                ..e
            })
        };
        let (debit, credit) = match parsed {
            Ok(m) if m.minor == 0 => {
                preview.issues.push(ImportIssue::at(
                    *line,
                    AppError::field(ErrorCode::InvalidValue, "amount", "the amount is zero"),
                ));
                (String::new(), String::new())
            }
            Ok(m) if m.minor > 0 => (m.to_decimal_string(), String::new()),
            Ok(m) => (
                String::new(),
                Money {
                    minor: m.minor.checked_neg().unwrap_or(i64::MAX),
                    currency: currency.clone(),
                }
                .to_decimal_string(),
            ),
            Err(e) => {
                preview.issues.push(ImportIssue::at(*line, e));
                (String::new(), String::new())
            }
        };
        let bad_amount = debit.is_empty() && credit.is_empty();
        let input = EntryInput {
            entry_date: file.get(rec, "date").to_string(),
            description: file.get(rec, "description").to_string(),
            kind: EntryKind::Regular,
            reference: file.get(rec, "reference").to_string(),
            currency: currency.clone(),
            rate: None,
            lines: vec![
                LineInput {
                    account: bank_code.clone(),
                    debit: debit.clone(),
                    credit: credit.clone(),
                    ..Default::default()
                },
                LineInput {
                    account: counter_code.clone(),
                    debit: credit,
                    credit: debit,
                    ..Default::default()
                },
            ],
        };
        let ok = if bad_amount {
            false
        } else {
            let before = preview.issues.len();
            let ok = check_entry(conn, &[*line, *line], &input, &mut preview.issues)?;
            // Line-level fields of a statement row are its amount.
            for i in &mut preview.issues[before..] {
                if matches!(i.field.as_deref(), Some("debit" | "credit")) {
                    i.field = Some("amount".into());
                }
            }
            ok
        };
        preview.entries.push(ImportedEntry {
            first_line: *line,
            last_line: *line,
            input,
            ok,
        });
    }
    if preview.entries.is_empty() && preview.issues.is_empty() {
        preview
            .issues
            .push(ImportIssue::file("the file has no data rows"));
    }
    Ok(preview)
}

/// Imports a bank statement: one entry per row, every row or none.
pub fn import_bank_statement(
    store: &mut Store,
    actor: &User,
    bytes: &[u8],
    bank_account_code: &str,
    counterpart_account_code: &str,
) -> Result<LedgerImportReport> {
    actor.require(Permission::ManageFinances)?;
    let preview = preview_bank_statement(
        store.conn(),
        bytes,
        bank_account_code,
        counterpart_account_code,
    )?;
    post_preview(store, actor, &preview, "ledger.import_bank_statement")
}
