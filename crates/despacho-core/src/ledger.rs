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
use crate::store::{new_id, now, Store};
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
