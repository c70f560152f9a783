//! `obligations list|complete`: the compliance register from the command line. Each command
//! calls one despacho-core operation; no rule lives here.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use despacho_core::compliance;
use despacho_core::obligations::{self, EvidenceInput, Occurrence};
use despacho_core::users::User;
use despacho_core::{store, AppError, Store};

use crate::Out;

#[derive(Subcommand)]
pub enum ObligationsCmd {
    /// Occurrences to act on: without options, the overdue ones and those due within 30 days.
    /// Each line starts with the occurrence id that `obligations complete` takes.
    List {
        /// Only the occurrences due from today to today + DAYS.
        #[arg(long, value_name = "DAYS")]
        due_within: Option<u16>,
        /// Only the overdue occurrences.
        #[arg(long)]
        overdue: bool,
        /// The day to count from (default: today), YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Record an occurrence as done, with a file as evidence.
    Complete {
        /// The occurrence id (from `obligations list`).
        id: String,
        /// The file that shows it was done (copied into the data folder).
        #[arg(long)]
        evidence: PathBuf,
        /// What was done.
        #[arg(long, default_value = "")]
        note: String,
        /// The date the evidence takes effect (default: today), YYYY-MM-DD.
        #[arg(long)]
        effective: Option<String>,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date (YYYY-MM-DD)"))
}

fn line(o: &Occurrence) -> String {
    format!(
        "{}  {}  {:>5}d  {:<11} {:<5} {}{}",
        o.id,
        o.due_on,
        o.days_left,
        o.status.as_str(),
        o.unit_code.as_deref().unwrap_or("-"),
        o.obligation_title,
        if o.overdue { "  [overdue]" } else { "" }
    )
}

pub fn obligations_cmd(
    store: &mut Store,
    actor: &User,
    out: &Out,
    cmd: ObligationsCmd,
) -> Result<(), AppError> {
    match cmd {
        ObligationsCmd::List {
            due_within,
            overdue,
            today,
        } => {
            let today = today.unwrap_or_else(store::today);
            let mut list = Vec::new();
            let both = due_within.is_none() && !overdue;
            if overdue || both {
                list.extend(compliance::overdue(store.conn(), today)?);
            }
            if due_within.is_some() || both {
                list.extend(compliance::due_soon(
                    store.conn(),
                    today,
                    due_within.unwrap_or(30),
                )?);
            }
            out.print(&list, |l| {
                if l.is_empty() {
                    "nothing overdue or due".to_string()
                } else {
                    l.iter().map(line).collect::<Vec<_>>().join("\n")
                }
            });
        }
        ObligationsCmd::Complete {
            id,
            evidence,
            note,
            effective,
        } => {
            let d = obligations::complete_occurrence(
                store,
                actor,
                &id,
                &EvidenceInput {
                    title: String::new(),
                    path: Some(evidence.to_string_lossy().to_string()),
                    note,
                    effective_on: effective,
                },
            )?;
            out.print(&d, |d| format!("done: {}", line(&d.occurrence)));
        }
    }
    Ok(())
}
