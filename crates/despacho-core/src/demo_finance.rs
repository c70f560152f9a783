//! Demo data for Managing & Finances: three fiscal years (the current one and the two before)
//! of plausible figures — exchange rates, an opening balance, the dues scale, yearly invoices
//! and payments (three members in arrears, one of them with a payment plan), the approved
//! budgets with one revision waiting for a second signature, monthly journal entries against
//! the budget lines, and a triennial projection. Everything is dated relative to today and
//! written through the same operations the app uses, inside the demo's one transaction.
// Amounts in minor units are written dollars_cents: 430_000_00 is USD 430,000.00.
#![allow(clippy::inconsistent_digit_grouping)]

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{params, Transaction};
use serde::Serialize;
use specta::Type;

use crate::budget::{self, TransferInput};
use crate::dues::{
    self, InstalmentInput, InvoiceRunInput, PaymentInput, PaymentPlanInput, ScaleInput,
};
use crate::error::Result;
use crate::ledger::{self, EntryKind, EntrySource, ValidEntry, ValidLine};
use crate::members::Category;
use crate::projection::{self, BaseSource, ProjectionInput};
use crate::store::{new_id, now, Within};
use crate::users::{Permission, User};

/// What the finance demo added.
#[derive(Debug, Clone, Default, Serialize, Type, PartialEq)]
pub struct FinanceDemo {
    pub years: u16,
    pub entries: u32,
    pub invoices: u32,
    pub payments: u32,
    /// Members left in arrears (two of them without the vote).
    pub in_arrears: u16,
}

/// Members left in arrears: (acronym, country, what happens). The first stops paying two
/// years ago; the second too, but agrees a payment plan; the third paid half of the year
/// before last and nothing since.
pub const ARREARS: [(&str, &str); 3] = [("IESS", "EC"), ("IHSS", "HN"), ("CNS", "BO")];

/// Dues per category and year, in USD.
pub(crate) const SCALE: [(Category, &str); 4] = [
    (Category::Titular, "18000.00"),
    (Category::Associate, "9000.00"),
    (Category::Adherent, "4500.00"),
    (Category::Linked, "2250.00"),
];

/// Original budget per line code, in USD (the current year; earlier years 4 % less).
pub(crate) const BUDGET: [(&str, i64); 12] = [
    ("I.1", 43_000_000),
    ("I.2", 18_000_000),
    ("I.3", 1_800_000),
    ("1.1", 35_000_000),
    ("2.1", 6_000_000),
    ("2.2", 3_600_000),
    ("2.3", 1_200_000),
    ("3.1", 3_000_000),
    ("3.2", 1_200_000),
    ("4.1", 1_800_000),
    ("5.1", 8_200_000),
    ("6.1", 4_000_000),
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Pesos per dollar on the first of a month: around 17–20, moving smoothly.
pub(crate) fn mxn_per_usd(y: i32, m: u32) -> String {
    let k = (y * 12 + m as i32) as i64;
    let cents = 1_700 + ((k * 37) % 260) + ((k * 11) % 40);
    format!("{}.{:02}", cents / 100, cents % 100)
}

struct Books<'a, 'c> {
    tx: &'a Transaction<'c>,
    actor: &'a User,
    entries: u32,
}

impl Books<'_, '_> {
    fn account(&self, code: &str) -> Result<String> {
        ledger::account_id_by_code(self.tx, code, "account")
    }

    fn budget_line(&self, code: &str) -> Result<Option<String>> {
        if code.is_empty() {
            return Ok(None);
        }
        Ok(Some(self.tx.query_row(
            "SELECT id FROM budget_lines WHERE code = ?1 AND deleted_at IS NULL",
            [code],
            |r| r.get(0),
        )?))
    }

    /// Posts `minor` (in `currency`) as Dr `debit` / Cr `credit`, the budget line on the side
    /// that is revenue or expense, at the recorded rate of the day.
    #[allow(clippy::too_many_arguments)]
    fn post(
        &mut self,
        on: NaiveDate,
        description: &str,
        kind: EntryKind,
        currency: &str,
        debit: &str,
        credit: &str,
        minor: i64,
        budget_code: &str,
        unit: Option<&str>,
    ) -> Result<()> {
        let budget_line_id = self.budget_line(budget_code)?;
        let unit_id = match unit {
            Some(code) => Some(self.tx.query_row(
                "SELECT id FROM units WHERE code = ?1",
                [code],
                |r| r.get::<_, String>(0),
            )?),
            None => None,
        };
        let debit_is_pl = debit.starts_with('4') || debit.starts_with('5');
        let rate = ledger::rate_on(self.tx, currency, ledger::REPORTING_CURRENCY, on)?;
        let line = |account_id: String, dr: i64, cr: i64, pl: bool| ValidLine {
            account_id,
            debit: dr,
            credit: cr,
            budget_line_id: if pl { budget_line_id.clone() } else { None },
            unit_id: if pl { unit_id.clone() } else { None },
            member_id: None,
            memo: String::new(),
        };
        let entry = ValidEntry {
            date: on,
            description: description.to_string(),
            kind,
            reference: String::new(),
            currency: currency.to_string(),
            rate,
            lines: vec![
                line(self.account(debit)?, minor, 0, debit_is_pl),
                line(self.account(credit)?, 0, minor, !debit_is_pl),
            ],
        };
        ledger::post_valid(self.tx, &self.actor.id, &entry, EntrySource::Demo)?;
        self.entries += 1;
        Ok(())
    }
}

fn member(tx: &Transaction, acronym: &str, country: &str) -> Result<String> {
    Ok(tx.query_row(
        "SELECT id FROM members WHERE acronym = ?1 AND country = ?2 AND deleted_at IS NULL",
        params![acronym, country],
        |r| r.get(0),
    )?)
}

/// Loads the finance demo inside the demo's transaction. Skipped (all zeros) when the acting
/// administrator may not keep the books.
pub fn load(tx: &Transaction, actor: &User, today: NaiveDate) -> Result<FinanceDemo> {
    if !actor.can(Permission::ManageFinances) {
        return Ok(FinanceDemo::default());
    }
    let y = today.year();
    let first = y - 2;
    let at = now();

    // Exchange rates: USD→MXN on the first of every month up to this one.
    for year in first..=y {
        for m in 1..=12 {
            let on = date(year, m, 1);
            if on > today {
                break;
            }
            tx.execute(
                "INSERT OR IGNORE INTO exchange_rates (id, on_date, from_currency, to_currency, rate, created_at, updated_at, updated_by)
                 VALUES (?1, ?2, 'USD', 'MXN', ?3, ?4, ?4, ?5)",
                params![new_id(), on.to_string(), mxn_per_usd(year, m), at, actor.id],
            )?;
        }
    }

    let mut books = Books {
        tx,
        actor,
        entries: 0,
    };
    let opening = date(first, 1, 1);
    for (debit, credit, minor) in [
        ("1102", "3101", 61_000_000),
        ("1102", "3201", 30_000_000),
        ("1501", "2501", 6_000_000),
    ] {
        books.post(
            opening,
            "Saldos iniciales",
            EntryKind::Opening,
            "USD",
            debit,
            credit,
            minor,
            "",
            None,
        )?;
    }

    let mut scope = Within(tx);
    let mut invoices = 0u32;
    let mut payments = 0u32;
    let arrears: Vec<String> = ARREARS
        .iter()
        .map(|(a, c)| member(tx, a, c))
        .collect::<Result<_>>()?;

    for year in first..=y {
        let fy = year as u16;
        // The dues scale and the year's invoices.
        for (category, amount) in SCALE {
            dues::set_scale(
                &mut scope,
                actor,
                &ScaleInput {
                    fiscal_year: fy,
                    category: Some(category),
                    member_id: None,
                    amount: amount.to_string(),
                    currency: "USD".into(),
                },
            )?;
        }
        let issue = date(year, 1, 15);
        if issue <= today {
            let run = dues::invoice_year(
                &mut scope,
                actor,
                &InvoiceRunInput {
                    fiscal_year: fy,
                    issue_date: issue.to_string(),
                    due_date: None,
                },
            )?;
            invoices += run.created.len() as u32;
            for (i, inv) in run.created.iter().enumerate() {
                let in_arrears = arrears.iter().position(|m| *m == inv.member_id);
                let amount = match in_arrears {
                    // The third pays half of the year before last, then stops.
                    Some(2) if year == first => half(&inv.amount),
                    Some(_) => continue,
                    None => inv.amount.clone(),
                };
                let on = date(year, 3, 1) + Duration::days((i as i64 * 9) % 200);
                if on >= today {
                    continue;
                }
                dues::record_payment(
                    &mut scope,
                    actor,
                    &PaymentInput {
                        member_id: inv.member_id.clone(),
                        received_on: on.to_string(),
                        amount,
                        currency: inv.currency.clone(),
                        reference: format!("TRF-{}-{:03}", year, i + 1),
                        bank_account: "1102".into(),
                    },
                )?;
                payments += 1;
            }
        }

        // Budget: originals, approved in the November before.
        let factor = 100 - 4 * (y - year) as i64;
        let mut amounts = Vec::new();
        for (code, minor) in BUDGET {
            if let Some(id) = books.budget_line(code)? {
                let v = minor * factor / 100;
                amounts.push((id, format!("{}.{:02}", v / 100, v % 100)));
            }
        }
        budget::set_original(&mut scope, actor, fy, &amounts)?;
        if actor.can(Permission::ApproveFinances) {
            budget::approve_budget(&mut scope, actor, fy)?;
        }

        // The year's journal: month by month, up to today.
        let pct = |v: i64| v * factor / 100;
        for m in 1..=12u32 {
            let end = date(year, m, 25);
            if end >= today {
                break;
            }
            let mxn = |usd: i64| -> i64 {
                let rate: i64 = mxn_per_usd(year, m)
                    .replace('.', "")
                    .parse()
                    .unwrap_or(1800);
                usd * rate / 100
            };
            books.post(
                end,
                "Traspaso a la cuenta en pesos",
                EntryKind::Regular,
                "USD",
                "1101",
                "1102",
                pct(3_600_000),
                "",
                None,
            )?;
            books.post(
                end,
                "Nómina del mes",
                EntryKind::Regular,
                "MXN",
                "5101",
                "1101",
                mxn(pct(2_900_000)),
                "1.1",
                Some("SG"),
            )?;
            books.post(
                end,
                "Gastos de operación de la sede",
                EntryKind::Regular,
                "MXN",
                "5501",
                "1101",
                mxn(pct(680_000)),
                "5.1",
                Some("DEAF"),
            )?;
            books.post(
                end,
                "Publicaciones y difusión",
                EntryKind::Regular,
                "USD",
                "5401",
                "1102",
                pct(145_000),
                "4.1",
                Some("DEVC"),
            )?;
            books.post(
                end,
                "Intereses bancarios",
                EntryKind::Regular,
                "USD",
                "1102",
                "4301",
                150_000,
                "I.3",
                Some("DEAF"),
            )?;
            if m % 2 == 0 {
                books.post(
                    end,
                    "Misión de asistencia técnica",
                    EntryKind::Regular,
                    "USD",
                    "5301",
                    "1102",
                    pct(520_000),
                    "3.1",
                    Some("DEVC"),
                )?;
            }
            if m % 3 == 0 {
                books.post(
                    end,
                    "Cursos y servicios del CIESS",
                    EntryKind::Regular,
                    "USD",
                    "1102",
                    "4201",
                    4_500_000,
                    "I.2",
                    Some("CIESS"),
                )?;
                books.post(
                    end,
                    "Viajes oficiales",
                    EntryKind::Regular,
                    "USD",
                    "5301",
                    "1102",
                    pct(310_000),
                    "3.2",
                    Some("SG"),
                )?;
            }
            match m {
                2 => books.post(
                    end,
                    "Contribución anual al CIESS",
                    EntryKind::Regular,
                    "USD",
                    "5501",
                    "1102",
                    pct(4_000_000),
                    "6.1",
                    Some("CIESS"),
                )?,
                6 => books.post(
                    end,
                    "Reunión del Comité Permanente",
                    EntryKind::Regular,
                    "USD",
                    "5201",
                    "1102",
                    pct(3_840_000),
                    "2.2",
                    Some("SG"),
                )?,
                7 if year == y - 1 => books.post(
                    end,
                    "Equipo de cómputo",
                    EntryKind::Regular,
                    "USD",
                    "1501",
                    "1102",
                    1_800_000,
                    "",
                    None,
                )?,
                9 => books.post(
                    end,
                    "Reuniones de las CASS",
                    EntryKind::Regular,
                    "USD",
                    "5201",
                    "1102",
                    pct(1_130_000),
                    "2.3",
                    Some("DEVC"),
                )?,
                11 if year == y - 1 => books.post(
                    end,
                    "Asamblea General",
                    EntryKind::Regular,
                    "USD",
                    "5201",
                    "1102",
                    7_180_000,
                    "2.1",
                    Some("SG"),
                )?,
                12 => books.post(
                    end,
                    "Depreciación del ejercicio",
                    EntryKind::Regular,
                    "USD",
                    "5601",
                    "1501",
                    1_200_000,
                    "",
                    Some("DEAF"),
                )?,
                _ => {}
            }
        }
    }

    // Last year: the Assembly cost more than budgeted; a transfer waits for a second signature.
    let last = (y - 1) as u16;
    if actor.can(Permission::ApproveFinances) {
        if let (Some(from), Some(to)) = (books.budget_line("3.1")?, books.budget_line("2.1")?) {
            budget::propose_revision(
                &mut scope,
                actor,
                last,
                "La Asamblea General costó más de lo previsto; se cubre con economías en misiones.",
                &[TransferInput {
                    from_line_id: from,
                    to_line_id: to,
                    amount: "12000.00".into(),
                }],
            )?;
        }
        if let Some(line) = books.budget_line("2.1")? {
            budget::set_explanation(
                &mut scope,
                actor,
                last,
                &line,
                "Sede de la Asamblea con mayor número de delegaciones; revisión 1 en trámite.",
            )?;
        }
    }

    // The second member in arrears agreed a plan this year.
    let plan_day = date(y, 2, 10).min(today);
    dues::create_plan(
        &mut scope,
        actor,
        &PaymentPlanInput {
            member_id: arrears[1].clone(),
            agreed_on: plan_day.to_string(),
            terms: "Pago de los adeudos en cuatro parcialidades trimestrales.".into(),
            currency: "USD".into(),
            instalments: (0..4)
                .map(|q| InstalmentInput {
                    due_date: (plan_day + Duration::days(90 * (q + 1))).to_string(),
                    amount: "9000.00".into(),
                })
                .collect(),
        },
    )?;

    // The year before last is closed: its figures are final.
    if actor.can(Permission::ApproveFinances) {
        ledger::close_fiscal_year(&mut scope, actor, first as u16)?;
    }

    // The triennial programme for the Assembly, from this year's final budget.
    projection::create_projection(
        &mut scope,
        actor,
        &ProjectionInput {
            name: format!("Programa y presupuesto {}–{}", y + 1, y + 3),
            base_year: y as u16,
            base_source: BaseSource::FinalBudget,
            years: 3,
            base_sessions: 3,
            base_missions: 6,
        },
    )?;

    Ok(FinanceDemo {
        years: 3,
        entries: books.entries,
        invoices,
        payments,
        in_arrears: ARREARS.len() as u16,
    })
}

fn half(amount: &str) -> String {
    let cents: i64 = amount.replace('.', "").parse().unwrap_or(0) / 2;
    format!("{}.{:02}", cents / 100, cents % 100)
}
