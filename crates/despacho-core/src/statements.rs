//! The financial statements of a fiscal year in the form international organizations use
//! (IPSAS 1 and 2), with the previous year as comparative, in the reporting currency: the
//! statement of financial position at 31 December, the statement of financial performance,
//! the statement of changes in net assets and the cash-flow statement (direct method).
//!
//! Every figure comes from the reporting-currency columns of the journal (`debit_rep`,
//! `credit_rep`), aggregated in SQL by account over a date range: the lines are never loaded
//! into memory. Sums are integers of minor units (cents), widened to `i128` for totals, and
//! cross IPC as decimal strings.
//!
//! The books are not zeroed by closing entries (closing a year only locks it), so the net
//! assets are the net-asset accounts plus the accumulated surplus: all years' revenue minus
//! expenses through the date. Because every entry balances in the reporting currency (rule
//! R1 of the ledger), assets equal liabilities plus net assets to the cent.
//!
//! Cash flows (direct method): for every entry that moves a cash account (`cash_flow =
//! 'cash'`), each counterpart line (any non-cash line of the same entry) is classified by its
//! own account's class (operating, investing, financing) for its own amount (credit minus
//! debit). This is the pro-rata allocation of the entry's net cash movement across its
//! counterparts with each counterpart's exact share: a balanced entry's counterpart lines sum
//! exactly to its net cash movement, so there is no rounding residual to place, and opening
//! cash plus the net flows equals closing cash exactly. Transfers between cash accounts have
//! no counterpart and do not show. Opening-balance entries (kind `opening`) are not flows:
//! the cash they bring counts in the opening cash of their year.

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::Serialize;
use specta::Type;

use crate::budget::{self, BudgetVsActual};
use crate::dues::{self, MemberReceivable};
use crate::error::{AppError, ErrorCode, Result};
use crate::ledger::{
    self, dec128, name_column, AccountKind, CashFlowClass, FiscalYearStatus, REPORTING_CURRENCY,
};
use crate::users::Language;

/// One line of a statement: an account (with its code) or a heading/total (without), with
/// the figure of the year and of the previous year (decimal strings, reporting currency).
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct StatementRow {
    /// A stable key for the UI (`account:5101`, `total_assets`, …).
    pub key: String,
    pub account_code: Option<String>,
    /// In the language asked for.
    pub label: String,
    pub amount: String,
    pub previous: String,
}

/// A group of rows with its total.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct StatementSection {
    pub key: String,
    pub label: String,
    pub rows: Vec<StatementRow>,
    pub total: StatementRow,
}

/// Statement of financial position at 31 December.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct FinancialPosition {
    pub current_assets: StatementSection,
    pub non_current_assets: StatementSection,
    pub total_assets: StatementRow,
    pub current_liabilities: StatementSection,
    pub non_current_liabilities: StatementSection,
    pub total_liabilities: StatementRow,
    /// The net-asset accounts plus the accumulated surplus from operations.
    pub net_assets: StatementSection,
    pub total_liabilities_and_net_assets: StatementRow,
}

/// Statement of financial performance.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct FinancialPerformance {
    pub revenue: StatementSection,
    pub expenses: StatementSection,
    /// Revenue minus expenses.
    pub surplus: StatementRow,
}

/// Statement of changes in net assets: opening + surplus + other movements = closing.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ChangesInNetAssets {
    pub opening: StatementRow,
    pub surplus: StatementRow,
    /// Movements recorded directly in net-asset accounts, by account.
    pub other_movements: Vec<StatementRow>,
    pub closing: StatementRow,
}

/// Cash-flow statement, direct method.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct CashFlowStatement {
    pub operating: StatementSection,
    pub investing: StatementSection,
    pub financing: StatementSection,
    pub net_change: StatementRow,
    pub opening_cash: StatementRow,
    pub closing_cash: StatementRow,
}

/// The statements' own consistency checks (both years). Each is recomputed independently of
/// the totals it checks.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct StatementChecks {
    /// Assets = liabilities + net assets.
    pub balanced: bool,
    /// Opening + surplus + other movements = closing net assets = net assets in the position.
    pub net_assets_reconcile: bool,
    /// Opening cash + net flows = closing cash = cash in the position.
    pub cash_reconciles: bool,
    /// Reporting-currency debits equal credits over the whole journal through 31 December.
    pub journal_balances: bool,
}

/// The statements of a fiscal year with the previous year as comparative.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Statements {
    pub year: u16,
    pub previous_year: u16,
    /// The reporting currency (ISO 4217).
    pub currency: String,
    /// Whether the year is closed (figures final) or open (figures may still move).
    pub year_status: FiscalYearStatus,
    pub previous_year_status: FiscalYearStatus,
    pub position: FinancialPosition,
    pub performance: FinancialPerformance,
    pub net_assets: ChangesInNetAssets,
    pub cash_flow: CashFlowStatement,
    /// Statement of comparison of budget and actual amounts (IPSAS 24); absent when the year
    /// has no budget.
    pub budget_vs_actual: Option<BudgetVsActual>,
    pub notes: StatementNotes,
    pub checks: StatementChecks,
}

/// The notes to the statements that come from the registers.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct StatementNotes {
    /// Dues receivable at 31 December, by member, with ageing (members that owe).
    pub dues_receivable: Vec<MemberReceivable>,
}

// ---------------------------------------------------------------------------------------------
// Labels of the rows that are not accounts
// ---------------------------------------------------------------------------------------------

fn label(key: &str, lang: Language) -> &'static str {
    let t: [&'static str; 4] = match key {
        "current_assets" => [
            "Activo corriente",
            "Current assets",
            "Ativo circulante",
            "Actifs courants",
        ],
        "non_current_assets" => [
            "Activo no corriente",
            "Non-current assets",
            "Ativo não circulante",
            "Actifs non courants",
        ],
        "total_current_assets" => [
            "Total del activo corriente",
            "Total current assets",
            "Total do ativo circulante",
            "Total des actifs courants",
        ],
        "total_non_current_assets" => [
            "Total del activo no corriente",
            "Total non-current assets",
            "Total do ativo não circulante",
            "Total des actifs non courants",
        ],
        "total_assets" => [
            "Total del activo",
            "Total assets",
            "Total do ativo",
            "Total des actifs",
        ],
        "current_liabilities" => [
            "Pasivo corriente",
            "Current liabilities",
            "Passivo circulante",
            "Passifs courants",
        ],
        "non_current_liabilities" => [
            "Pasivo no corriente",
            "Non-current liabilities",
            "Passivo não circulante",
            "Passifs non courants",
        ],
        "total_current_liabilities" => [
            "Total del pasivo corriente",
            "Total current liabilities",
            "Total do passivo circulante",
            "Total des passifs courants",
        ],
        "total_non_current_liabilities" => [
            "Total del pasivo no corriente",
            "Total non-current liabilities",
            "Total do passivo não circulante",
            "Total des passifs non courants",
        ],
        "total_liabilities" => [
            "Total del pasivo",
            "Total liabilities",
            "Total do passivo",
            "Total des passifs",
        ],
        "net_assets" => [
            "Activos netos",
            "Net assets",
            "Ativos líquidos",
            "Actif net",
        ],
        "total_net_assets" => [
            "Total de activos netos",
            "Total net assets",
            "Total dos ativos líquidos",
            "Total de l'actif net",
        ],
        "surplus_from_operations" => [
            "Superávit (déficit) acumulado de las operaciones",
            "Accumulated surplus (deficit) from operations",
            "Superávit (déficit) acumulado das operações",
            "Excédent (déficit) cumulé des opérations",
        ],
        "total_liabilities_and_net_assets" => [
            "Total del pasivo y activos netos",
            "Total liabilities and net assets",
            "Total do passivo e ativos líquidos",
            "Total des passifs et de l'actif net",
        ],
        "revenue" => ["Ingresos", "Revenue", "Receitas", "Produits"],
        "total_revenue" => [
            "Total de ingresos",
            "Total revenue",
            "Total das receitas",
            "Total des produits",
        ],
        "expenses" => ["Gastos", "Expenses", "Despesas", "Charges"],
        "total_expenses" => [
            "Total de gastos",
            "Total expenses",
            "Total das despesas",
            "Total des charges",
        ],
        "surplus" => [
            "Superávit (déficit) del ejercicio",
            "Surplus (deficit) for the year",
            "Superávit (déficit) do exercício",
            "Excédent (déficit) de l'exercice",
        ],
        "opening_net_assets" => [
            "Activos netos al inicio del ejercicio",
            "Net assets at the beginning of the year",
            "Ativos líquidos no início do exercício",
            "Actif net en début d'exercice",
        ],
        "closing_net_assets" => [
            "Activos netos al cierre del ejercicio",
            "Net assets at the end of the year",
            "Ativos líquidos no fim do exercício",
            "Actif net en fin d'exercice",
        ],
        "operating" => [
            "Flujos de efectivo de las actividades de operación",
            "Cash flows from operating activities",
            "Fluxos de caixa das atividades operacionais",
            "Flux de trésorerie liés aux activités opérationnelles",
        ],
        "investing" => [
            "Flujos de efectivo de las actividades de inversión",
            "Cash flows from investing activities",
            "Fluxos de caixa das atividades de investimento",
            "Flux de trésorerie liés aux activités d'investissement",
        ],
        "financing" => [
            "Flujos de efectivo de las actividades de financiación",
            "Cash flows from financing activities",
            "Fluxos de caixa das atividades de financiamento",
            "Flux de trésorerie liés aux activités de financement",
        ],
        "net_operating" => [
            "Flujos netos de operación",
            "Net cash flows from operating activities",
            "Fluxos líquidos operacionais",
            "Flux nets liés aux activités opérationnelles",
        ],
        "net_investing" => [
            "Flujos netos de inversión",
            "Net cash flows from investing activities",
            "Fluxos líquidos de investimento",
            "Flux nets liés aux activités d'investissement",
        ],
        "net_financing" => [
            "Flujos netos de financiación",
            "Net cash flows from financing activities",
            "Fluxos líquidos de financiamento",
            "Flux nets liés aux activités de financement",
        ],
        "net_change" => [
            "Aumento (disminución) neto del efectivo",
            "Net increase (decrease) in cash",
            "Aumento (diminuição) líquido de caixa",
            "Augmentation (diminution) nette de la trésorerie",
        ],
        "opening_cash" => [
            "Efectivo al inicio del ejercicio",
            "Cash at the beginning of the year",
            "Caixa no início do exercício",
            "Trésorerie en début d'exercice",
        ],
        "closing_cash" => [
            "Efectivo al cierre del ejercicio",
            "Cash at the end of the year",
            "Caixa no fim do exercício",
            "Trésorerie en fin d'exercice",
        ],
        _ => ["", "", "", ""],
    };
    match lang {
        Language::Es => t[0],
        Language::En => t[1],
        Language::Pt => t[2],
        Language::Fr => t[3],
    }
}

// ---------------------------------------------------------------------------------------------
// Aggregation
// ---------------------------------------------------------------------------------------------

struct AccountInfo {
    id: String,
    code: String,
    name: String,
    kind: AccountKind,
    current: bool,
    cash_flow: CashFlowClass,
}

fn chart(conn: &Connection, lang: Language) -> Result<Vec<AccountInfo>> {
    // Deleted accounts too: their past lines still count.
    let col = name_column(lang);
    let mut st = conn.prepare_cached(&format!(
        "SELECT id, code, {col}, kind, current, cash_flow FROM accounts ORDER BY code"
    ))?;
    let rows = st.query_map([], |r| {
        Ok(AccountInfo {
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

/// Debit minus credit (reporting currency) per account over the entries dated in the calendar
/// years `from..=to`, from the yearly totals kept by triggers on the journal (`account_years`,
/// migration 0017: a few rows per account instead of every line since the beginning). Also
/// returns Σdebit and Σcredit.
fn movements(conn: &Connection, from: u16, to: u16) -> Result<(HashMap<String, i128>, i128, i128)> {
    let mut st = conn.prepare_cached(
        "SELECT account_id, sum(debit_rep), sum(credit_rep) FROM account_years
         WHERE year >= ?1 AND year <= ?2 AND lines > 0
         GROUP BY account_id",
    )?;
    let mut out = HashMap::new();
    let (mut dr, mut cr) = (0i128, 0i128);
    let rows = st.query_map(params![from, to], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (id, d, c) = row?;
        dr += i128::from(d);
        cr += i128::from(c);
        out.insert(id, i128::from(d) - i128::from(c));
    }
    Ok((out, dr, cr))
}

/// Credit minus debit per non-cash account, over the lines of entries dated `from..=to` that
/// move at least one cash account: the cash each counterpart brought in (+) or took out (−).
/// The `+` before `l.account_id` (here and in [`opening_entries_cash`]) keeps SQLite from
/// starting at the cash accounts' lines of every year through `journal_lines_account_entry`
/// (migration 0016): it walks the year's entries by date instead (131 → 18 ms on the ten-year
/// office).
fn cash_counterparts(conn: &Connection, from: &str, to: &str) -> Result<HashMap<String, i128>> {
    let mut st = conn.prepare_cached(
        "WITH cash AS (SELECT id FROM accounts WHERE cash_flow = 'cash'),
              moved AS (SELECT DISTINCT e.id FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                        WHERE e.entry_date >= ?1 AND e.entry_date <= ?2 AND e.kind <> 'opening'
                          AND +l.account_id IN cash)
         SELECT l.account_id, sum(l.credit_rep) - sum(l.debit_rep)
         FROM moved m JOIN journal_lines l ON l.entry_id = m.id
         WHERE l.account_id NOT IN cash
         GROUP BY l.account_id",
    )?;
    let rows = st.query_map(params![from, to], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, v) = row?;
        out.insert(id, i128::from(v));
    }
    Ok(out)
}

/// The cash brought in by opening-balance entries dated `from..=to`: the books' first
/// balances are cash the organization already held, not a flow of the year, so they count
/// in the opening cash.
fn opening_entries_cash(conn: &Connection, from: &str, to: &str) -> Result<i128> {
    let v: i64 = conn.query_row(
        "SELECT coalesce(sum(l.debit_rep) - sum(l.credit_rep), 0)
         FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
         JOIN accounts a ON a.id = +l.account_id
         WHERE e.kind = 'opening' AND e.entry_date >= ?1 AND e.entry_date <= ?2 AND a.cash_flow = 'cash'",
        params![from, to],
        |r| r.get(0),
    )?;
    Ok(i128::from(v))
}

/// A figure for the year and the previous year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Pair {
    cur: i128,
    prev: i128,
}

impl std::ops::Add for Pair {
    type Output = Pair;
    fn add(self, o: Pair) -> Pair {
        Pair {
            cur: self.cur + o.cur,
            prev: self.prev + o.prev,
        }
    }
}

impl std::ops::Neg for Pair {
    type Output = Pair;
    fn neg(self) -> Pair {
        Pair {
            cur: -self.cur,
            prev: -self.prev,
        }
    }
}

impl std::iter::Sum for Pair {
    fn sum<I: Iterator<Item = Pair>>(iter: I) -> Pair {
        iter.fold(Pair::default(), |a, b| a + b)
    }
}

fn row(key: &str, code: Option<&str>, label: &str, p: Pair) -> StatementRow {
    StatementRow {
        key: key.to_string(),
        account_code: code.map(str::to_string),
        label: label.to_string(),
        amount: dec128(p.cur, REPORTING_CURRENCY),
        previous: dec128(p.prev, REPORTING_CURRENCY),
    }
}

fn total_row(key: &str, lang: Language, p: Pair) -> StatementRow {
    row(key, None, label(key, lang), p)
}

fn account_row(a: &AccountInfo, p: Pair) -> StatementRow {
    row(&format!("account:{}", a.code), Some(&a.code), &a.name, p)
}

/// Builds a section from the accounts chosen by `pick`, each with its figure from `figure`;
/// accounts with zero in both years are left out. Returns the section and its total.
fn section(
    key: &str,
    total_key: &str,
    lang: Language,
    accounts: &[AccountInfo],
    pick: impl Fn(&AccountInfo) -> bool,
    figure: impl Fn(&AccountInfo) -> Pair,
    extra: Vec<(StatementRow, Pair)>,
) -> (StatementSection, Pair) {
    let mut rows = Vec::new();
    let mut total = Pair::default();
    for a in accounts.iter().filter(|a| pick(a)) {
        let p = figure(a);
        if p != Pair::default() {
            total = total + p;
            rows.push(account_row(a, p));
        }
    }
    for (r, p) in extra {
        total = total + p;
        rows.push(r);
    }
    (
        StatementSection {
            key: key.to_string(),
            label: label(key, lang).to_string(),
            rows,
            total: total_row(total_key, lang, total),
        },
        total,
    )
}

fn status_of(conn: &Connection, year: u16) -> Result<FiscalYearStatus> {
    Ok(ledger::fiscal_year(conn, year)?
        .map(|y| y.status)
        .unwrap_or(FiscalYearStatus::Open))
}

/// The statements of `year` with `year - 1` as comparative, labelled in `lang`.
pub fn statements(conn: &Connection, year: u16, lang: Language) -> Result<Statements> {
    if !(1901..=2200).contains(&year) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "year",
            format!("{year} is not a plausible fiscal year"),
        ));
    }
    let prev = year - 1;
    let accounts = chart(conn, lang)?;
    let start = |y: u16| format!("{y:04}-01-01");
    let end = |y: u16| format!("{y:04}-12-31");

    // Three aggregations give every balance: before the previous year, the previous year's
    // movements and the year's movements.
    let (before, b_dr, b_cr) = movements(conn, 0, prev - 1)?;
    let (moved_prev, p_dr, p_cr) = movements(conn, prev, prev)?;
    let (moved_cur, c_dr, c_cr) = movements(conn, year, year)?;
    let get = |m: &HashMap<String, i128>, id: &str| m.get(id).copied().unwrap_or(0);
    // Debit-minus-credit balance of an account at the end of each year.
    let closing = |a: &AccountInfo| {
        let p = get(&before, &a.id) + get(&moved_prev, &a.id);
        Pair {
            cur: p + get(&moved_cur, &a.id),
            prev: p,
        }
    };
    let opening = |a: &AccountInfo| Pair {
        cur: get(&before, &a.id) + get(&moved_prev, &a.id),
        prev: get(&before, &a.id),
    };
    let moved = |a: &AccountInfo| Pair {
        cur: get(&moved_cur, &a.id),
        prev: get(&moved_prev, &a.id),
    };
    let is = |k: AccountKind| move |a: &AccountInfo| a.kind == k;
    let operations =
        |a: &AccountInfo| matches!(a.kind, AccountKind::Revenue | AccountKind::Expense);

    // --- Statement of financial position -----------------------------------------------------
    let (current_assets, ca) = section(
        "current_assets",
        "total_current_assets",
        lang,
        &accounts,
        |a| a.kind == AccountKind::Asset && a.current,
        closing,
        vec![],
    );
    let (non_current_assets, nca) = section(
        "non_current_assets",
        "total_non_current_assets",
        lang,
        &accounts,
        |a| a.kind == AccountKind::Asset && !a.current,
        closing,
        vec![],
    );
    let (current_liabilities, cl) = section(
        "current_liabilities",
        "total_current_liabilities",
        lang,
        &accounts,
        |a| a.kind == AccountKind::Liability && a.current,
        |a| -closing(a),
        vec![],
    );
    let (non_current_liabilities, ncl) = section(
        "non_current_liabilities",
        "total_non_current_liabilities",
        lang,
        &accounts,
        |a| a.kind == AccountKind::Liability && !a.current,
        |a| -closing(a),
        vec![],
    );
    let accumulated: Pair = -accounts
        .iter()
        .filter(|a| operations(a))
        .map(closing)
        .sum::<Pair>();
    let (net_assets_section, na) = section(
        "net_assets",
        "total_net_assets",
        lang,
        &accounts,
        is(AccountKind::NetAssets),
        |a| -closing(a),
        vec![(
            total_row("surplus_from_operations", lang, accumulated),
            accumulated,
        )],
    );
    let assets = ca + nca;
    let liabilities = cl + ncl;
    let position = FinancialPosition {
        current_assets,
        non_current_assets,
        total_assets: total_row("total_assets", lang, assets),
        current_liabilities,
        non_current_liabilities,
        total_liabilities: total_row("total_liabilities", lang, liabilities),
        net_assets: net_assets_section,
        total_liabilities_and_net_assets: total_row(
            "total_liabilities_and_net_assets",
            lang,
            liabilities + na,
        ),
    };

    // --- Statement of financial performance --------------------------------------------------
    let (revenue, rev) = section(
        "revenue",
        "total_revenue",
        lang,
        &accounts,
        is(AccountKind::Revenue),
        |a| -moved(a),
        vec![],
    );
    let (expenses, exp) = section(
        "expenses",
        "total_expenses",
        lang,
        &accounts,
        is(AccountKind::Expense),
        moved,
        vec![],
    );
    let surplus = rev + -exp;
    let performance = FinancialPerformance {
        revenue,
        expenses,
        surplus: total_row("surplus", lang, surplus),
    };

    // --- Statement of changes in net assets --------------------------------------------------
    let net_assets_at = |f: &dyn Fn(&AccountInfo) -> Pair| -> Pair {
        -accounts
            .iter()
            .filter(|a| a.kind == AccountKind::NetAssets || operations(a))
            .map(f)
            .sum::<Pair>()
    };
    let opening_na = net_assets_at(&opening);
    let closing_na = net_assets_at(&closing);
    let mut other = Pair::default();
    let mut other_movements = Vec::new();
    for a in accounts.iter().filter(|a| a.kind == AccountKind::NetAssets) {
        let p = -moved(a);
        if p != Pair::default() {
            other = other + p;
            other_movements.push(account_row(a, p));
        }
    }
    let net_assets = ChangesInNetAssets {
        opening: total_row("opening_net_assets", lang, opening_na),
        surplus: total_row("surplus", lang, surplus),
        other_movements,
        closing: total_row("closing_net_assets", lang, closing_na),
    };

    // --- Cash-flow statement -----------------------------------------------------------------
    let flows_cur = cash_counterparts(conn, &start(year), &end(year))?;
    let flows_prev = cash_counterparts(conn, &start(prev), &end(prev))?;
    let flow = |a: &AccountInfo| Pair {
        cur: get(&flows_cur, &a.id),
        prev: get(&flows_prev, &a.id),
    };
    let class = |c: CashFlowClass| move |a: &AccountInfo| a.cash_flow == c;
    let (operating, op) = section(
        "operating",
        "net_operating",
        lang,
        &accounts,
        class(CashFlowClass::Operating),
        flow,
        vec![],
    );
    let (investing, inv) = section(
        "investing",
        "net_investing",
        lang,
        &accounts,
        class(CashFlowClass::Investing),
        flow,
        vec![],
    );
    let (financing, fin) = section(
        "financing",
        "net_financing",
        lang,
        &accounts,
        class(CashFlowClass::Financing),
        flow,
        vec![],
    );
    let cash = class(CashFlowClass::Cash);
    let opening_cash: Pair = accounts
        .iter()
        .filter(|a| cash(a))
        .map(opening)
        .sum::<Pair>()
        + Pair {
            cur: opening_entries_cash(conn, &start(year), &end(year))?,
            prev: opening_entries_cash(conn, &start(prev), &end(prev))?,
        };
    let closing_cash: Pair = accounts.iter().filter(|a| cash(a)).map(closing).sum();
    let net_change = op + inv + fin;
    let cash_flow = CashFlowStatement {
        operating,
        investing,
        financing,
        net_change: total_row("net_change", lang, net_change),
        opening_cash: total_row("opening_cash", lang, opening_cash),
        closing_cash: total_row("closing_cash", lang, closing_cash),
    };

    // --- Checks ------------------------------------------------------------------------------
    let position_cash: Pair = accounts
        .iter()
        .filter(|a| a.kind == AccountKind::Asset && cash(a))
        .map(closing)
        .sum();
    let checks = StatementChecks {
        balanced: assets == liabilities + na,
        net_assets_reconcile: opening_na + surplus + other == closing_na && closing_na == na,
        cash_reconciles: opening_cash + net_change == closing_cash && closing_cash == position_cash,
        journal_balances: b_dr == b_cr && p_dr == p_cr && c_dr == c_cr,
    };

    Ok(Statements {
        year,
        previous_year: prev,
        currency: REPORTING_CURRENCY.to_string(),
        year_status: status_of(conn, year)?,
        previous_year_status: status_of(conn, prev)?,
        position,
        performance,
        net_assets,
        cash_flow,
        budget_vs_actual: match budget::budget_vs_actual(conn, year, lang) {
            Ok(b) => Some(b),
            Err(e) if e.code == ErrorCode::NotFound => None,
            Err(e) => return Err(e),
        },
        notes: StatementNotes {
            dues_receivable: dues::receivable_ageing(
                conn,
                chrono::NaiveDate::from_ymd_opt(i32::from(year), 12, 31).unwrap_or_default(),
            )?,
        },
        checks,
    })
}
