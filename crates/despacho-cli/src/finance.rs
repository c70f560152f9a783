//! Managing & Finances on the command line: `dues`, `ledger`, `budget`, `statements`, and
//! the finance parts of `print` and `export`.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use despacho_core::budget;
use despacho_core::dues::{self, InvoiceRunInput, PaymentInput};
use despacho_core::ledger::{self, EntryFilter};
use despacho_core::projection::{self, BaseSource, ProjectionInput};
use despacho_core::statements;
use despacho_core::users::{Language, User};
use despacho_core::{members, store, AppError, ErrorCode, Store};
use despacho_documents::statements as docs;

use crate::Out;

#[derive(Subcommand)]
pub enum DuesCmd {
    /// Issue the year's dues invoices to every active member with a scale (idempotent).
    Invoice {
        #[arg(long)]
        year: u16,
        /// Issue date (default: today).
        #[arg(long)]
        issue_date: Option<String>,
        /// Due date (default: 31 March of the year).
        #[arg(long)]
        due_date: Option<String>,
    },
    /// Per member: what it owes, years in arrears, ageing and its voting right.
    Status {
        /// As of this date (default: today).
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Record a payment from a member (by acronym or id), applied to its oldest invoice first.
    Pay {
        member: String,
        #[arg(long)]
        amount: String,
        #[arg(long, default_value = "USD")]
        currency: String,
        /// Date received (default: today).
        #[arg(long)]
        on: Option<String>,
        /// The bank account's code in the chart.
        #[arg(long, default_value = "1102")]
        bank: String,
        #[arg(long, default_value = "")]
        reference: String,
    },
}

#[derive(Subcommand)]
pub enum LedgerCmd {
    /// Import journal entries from a CSV file (all or nothing).
    Import { file: PathBuf },
    /// The journal, newest first.
    List {
        #[arg(long)]
        year: Option<u16>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Balances per account for a fiscal year.
    TrialBalance {
        #[arg(long)]
        year: u16,
    },
    /// Close a fiscal year: its entries can no longer change.
    Close {
        #[arg(long)]
        year: u16,
    },
}

#[derive(Subcommand)]
pub enum BudgetCmd {
    /// A year's budget against actual (IPSAS 24).
    Show {
        #[arg(long)]
        year: u16,
    },
    /// Project the budget 1 or 3 years from a base year, with the three default scenarios.
    Project {
        #[arg(long)]
        base: u16,
        #[arg(long, default_value_t = 3)]
        years: u8,
        /// Only this scenario (base, prudent, optimistic).
        #[arg(long)]
        scenario: Option<String>,
        /// Project from the base year's actuals (default) or its final budget.
        #[arg(long, default_value = "actual", value_parser = parse_source)]
        source: BaseSource,
        /// Sessions and missions in the base year (what the drivers scale from).
        #[arg(long, default_value_t = 3)]
        sessions: u16,
        #[arg(long, default_value_t = 6)]
        missions: u16,
    },
}

fn parse_source(s: &str) -> Result<BaseSource, String> {
    match s {
        "actual" => Ok(BaseSource::Actual),
        "final-budget" | "final_budget" => Ok(BaseSource::FinalBudget),
        _ => Err(format!("unknown source '{s}'; actual or final-budget")),
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    std::fs::write(path, bytes).map_err(|e| {
        AppError::new(
            ErrorCode::Storage,
            format!("cannot write {}: {e}", path.display()),
        )
    })
}

fn member_id(store: &Store, key: &str) -> Result<String, AppError> {
    let all = members::list_members(store.conn(), &Default::default())?;
    let found: Vec<_> = all
        .iter()
        .filter(|m| m.id == key || m.acronym.eq_ignore_ascii_case(key))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(AppError::not_found("member institution", key)),
        _ => Err(AppError::new(
            ErrorCode::InvalidValue,
            format!("'{key}' names several member institutions; use the id"),
        )),
    }
}

pub fn dues_cmd(store: &mut Store, actor: &User, out: &Out, cmd: DuesCmd) -> Result<(), AppError> {
    match cmd {
        DuesCmd::Invoice {
            year,
            issue_date,
            due_date,
        } => {
            let run = dues::invoice_year(
                store,
                actor,
                &InvoiceRunInput {
                    fiscal_year: year,
                    issue_date: issue_date.unwrap_or_else(|| store::today().to_string()),
                    due_date,
                },
            )?;
            out.print(&run, |r| {
                format!(
                    "{}: {} invoice(s) issued, {} member(s) skipped",
                    r.fiscal_year,
                    r.created.len(),
                    r.skipped.len()
                )
            });
        }
        DuesCmd::Status { as_of } => {
            let day = match as_of {
                Some(d) => {
                    despacho_core::validate::date("as_of", Some(&d))?.unwrap_or_else(store::today)
                }
                None => store::today(),
            };
            let list = dues::dues_status(store.conn(), day)?;
            out.print(&list, |l| {
                l.iter()
                    .map(|s| {
                        format!(
                            "{:<12} owes {:>12} {}  years in arrears {}  {}",
                            s.member_acronym,
                            s.owed,
                            s.currency,
                            s.years_owed,
                            if s.may_vote { "votes" } else { "NO VOTE" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        DuesCmd::Pay {
            member,
            amount,
            currency,
            on,
            bank,
            reference,
        } => {
            let member_id = member_id(store, &member)?;
            let p = dues::record_payment(
                store,
                actor,
                &PaymentInput {
                    member_id,
                    received_on: on.unwrap_or_else(|| store::today().to_string()),
                    amount,
                    currency,
                    reference,
                    bank_account: bank,
                },
            )?;
            out.print(&p, |p| {
                format!(
                    "payment {} {} applied to {} invoice(s); {} held as credit",
                    p.amount,
                    p.currency,
                    p.allocations.len(),
                    p.unapplied
                )
            });
        }
    }
    Ok(())
}

pub fn ledger_cmd(
    store: &mut Store,
    actor: &User,
    out: &Out,
    cmd: LedgerCmd,
) -> Result<(), AppError> {
    match cmd {
        LedgerCmd::Import { file } => {
            let bytes = std::fs::read(&file).map_err(|e| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("cannot read {}: {e}", file.display()),
                )
            })?;
            let report = ledger::import_ledger(store, actor, &bytes)?;
            out.print(&report, |r| format!("imported {} entries", r.entries));
        }
        LedgerCmd::List { year, limit } => {
            let page = ledger::list_entries(
                store.conn(),
                &EntryFilter {
                    year,
                    limit,
                    ..Default::default()
                },
            )?;
            out.print(&page, |p| {
                p.entries
                    .iter()
                    .map(|e| {
                        format!(
                            "{}-{:05}  {}  {:>14} {}  {}",
                            e.fiscal_year,
                            e.number,
                            e.entry_date,
                            e.total,
                            e.currency,
                            e.description
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        LedgerCmd::TrialBalance { year } => {
            let list = ledger::trial_balance(store.conn(), year, actor.language)?;
            out.print(&list, |l| {
                l.iter()
                    .map(|a| {
                        format!(
                            "{:<5} {:<40} {:>14}",
                            a.account_code, a.account_name, a.closing
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        LedgerCmd::Close { year } => {
            let y = ledger::close_fiscal_year(store, actor, year)?;
            out.print(&y, |y| format!("fiscal year {} closed", y.year));
        }
    }
    Ok(())
}

pub fn budget_cmd(store: &Store, actor: &User, out: &Out, cmd: BudgetCmd) -> Result<(), AppError> {
    match cmd {
        BudgetCmd::Show { year } => {
            let b = budget::budget_vs_actual(store.conn(), year, actor.language)?;
            out.print(&b, |b| {
                let mut lines: Vec<String> = b
                    .lines
                    .iter()
                    .map(|l| {
                        format!(
                            "{:<5} {:<44} final {:>13}  actual {:>13}  difference {:>13}",
                            l.code,
                            l.name,
                            l.amounts.final_budget,
                            l.amounts.actual,
                            l.amounts.variance
                        )
                    })
                    .collect();
                lines.push(format!(
                    "net: final {}  actual {}  ({})",
                    b.net.final_budget, b.net.actual, b.currency
                ));
                lines.join("\n")
            });
        }
        BudgetCmd::Project {
            base,
            years,
            scenario,
            source,
            sessions,
            missions,
        } => {
            let mut view = projection::preview_projection(
                store.conn(),
                &ProjectionInput {
                    name: format!("{base} + {years}"),
                    base_year: base,
                    base_source: source,
                    years,
                    base_sessions: sessions,
                    base_missions: missions,
                },
                actor.language,
            )?;
            if let Some(name) = scenario {
                view.scenarios
                    .retain(|s| s.name.eq_ignore_ascii_case(&name));
                if view.scenarios.is_empty() {
                    return Err(AppError::field(
                        ErrorCode::NotFound,
                        "scenario",
                        format!("no scenario '{name}'; base, prudent or optimistic"),
                    ));
                }
            }
            out.print(&view, |v| {
                v.scenarios
                    .iter()
                    .map(|s| {
                        v.years
                            .iter()
                            .enumerate()
                            .map(|(i, y)| {
                                format!(
                                    "{:<11} {y}  revenue {:>14}  expense {:>14}  balance {:>14}",
                                    s.name, s.revenue[i], s.expense[i], s.balance[i]
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(())
}

pub fn statements_cmd(store: &Store, out: &Out, year: u16, lang: Language) -> Result<(), AppError> {
    let s = statements::statements(store.conn(), year, lang)?;
    out.print(&s, |s| {
        let p = &s.position;
        format!(
            "{} (comparative {})\ntotal assets {}\ntotal liabilities {}\nnet assets {}\nsurplus {}\ncash at year end {}\nchecks: balanced {}, net assets reconcile {}, cash reconciles {}",
            s.year,
            s.previous_year,
            p.total_assets.amount,
            p.total_liabilities.amount,
            p.net_assets.total.amount,
            s.performance.surplus.amount,
            s.cash_flow.closing_cash.amount,
            s.checks.balanced,
            s.checks.net_assets_reconcile,
            s.checks.cash_reconciles
        )
    });
    Ok(())
}

/// `print statements`: the statements for the General Assembly as PDF.
pub fn print_statements(
    store: &Store,
    out: &Out,
    year: u16,
    lang: Language,
    path: &Path,
) -> Result<(), AppError> {
    let report = docs::statements_report(store.conn(), year, lang, &store::today().to_string())?;
    let pdf = docs::pdf(&report)?;
    write(path, &pdf)?;
    let pages = despacho_documents::page_count(&pdf).unwrap_or(0);
    out.print(
        &serde_json::json!({ "path": path, "pages": pages, "bytes": pdf.len() }),
        |_| format!("wrote {} ({pages} page(s))", path.display()),
    );
    Ok(())
}

/// `export budget` / `export statements`: XLSX, or CSV of the first table when the file
/// ends in `.csv`.
pub fn export_report(
    out: &Out,
    report: &despacho_documents::FinancialReport,
    path: &Path,
) -> Result<(), AppError> {
    let csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let bytes = if csv {
        let first = report.tables().next().ok_or_else(|| {
            AppError::new(ErrorCode::InvalidValue, "the report has no table to export")
        })?;
        despacho_documents::financial_report_csv(first).into_bytes()
    } else {
        docs::xlsx(report)?
    };
    write(path, &bytes)?;
    out.print(
        &serde_json::json!({ "path": path, "bytes": bytes.len(), "format": if csv { "csv" } else { "xlsx" } }),
        |_| format!("exported {}", path.display()),
    );
    Ok(())
}

pub fn budget_report(
    store: &Store,
    year: u16,
    lang: Language,
) -> Result<despacho_documents::FinancialReport, AppError> {
    docs::budget_report(store.conn(), year, lang, &store::today().to_string())
}

pub fn statements_report(
    store: &Store,
    year: u16,
    lang: Language,
) -> Result<despacho_documents::FinancialReport, AppError> {
    docs::statements_report(store.conn(), year, lang, &store::today().to_string())
}
