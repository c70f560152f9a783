//! `elections list|show`: election calls, their postulations and the requirement ×
//! postulation matrix from the command line. Each command calls one despacho-core operation;
//! no rule lives here.

use clap::Subcommand;
use despacho_core::elections::{self, EligibilityVerdict};
use despacho_core::users::Language;
use despacho_core::{AppError, Store};

use crate::Out;

#[derive(Subcommand)]
pub enum ElectionsCmd {
    /// List election calls, the latest closing date first.
    List,
    /// A call with its positions, requirements, postulations and the matrix of verdicts.
    Show {
        /// The call's id.
        call: String,
    },
}

fn mark(v: EligibilityVerdict) -> &'static str {
    match v {
        EligibilityVerdict::Met => "met",
        EligibilityVerdict::NotMet => "NOT MET",
        EligibilityVerdict::Pending => "pending",
    }
}

pub fn elections_cmd(store: &Store, out: &Out, cmd: ElectionsCmd) -> Result<(), AppError> {
    match cmd {
        ElectionsCmd::List => {
            let list = elections::list_calls(store.conn())?;
            out.print(&list, |l| {
                l.iter()
                    .map(|c| {
                        format!(
                            "{}  {:<7} {} → {}  {} postulation(s)  {} — {}",
                            c.id,
                            c.status.as_str(),
                            c.opens_on,
                            c.closes_on,
                            c.postulation_count,
                            c.title,
                            c.session_name
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ElectionsCmd::Show { call } => {
            let d = elections::get_call(store.conn(), &call)?;
            out.print(&d, |d| {
                let mut lines = vec![
                    format!("{} ({})", d.call.title, d.call.status.as_str()),
                    format!(
                        "{} — {}; postulations {} → {}",
                        d.call.session_name, d.call.session_date, d.call.opens_on, d.call.closes_on
                    ),
                ];
                for pos in &d.positions {
                    let name = if pos.name.is_empty() {
                        pos.kind.as_str()
                    } else {
                        &pos.name
                    };
                    lines.push(String::new());
                    lines.push(format!("{name} ({} seat(s))", pos.seats));
                    for p in d.postulations.iter().filter(|p| p.position_id == pos.id) {
                        let nominators: Vec<&str> =
                            p.nominators.iter().map(|n| n.acronym.as_str()).collect();
                        lines.push(format!(
                            "  {} ({}) received {} by {}{}",
                            p.candidate_name,
                            p.nationality,
                            p.received_on,
                            nominators.join(", "),
                            if p.withdrawn { " — WITHDRAWN" } else { "" }
                        ));
                        for c in d.cells.iter().filter(|c| c.postulation_id == p.id) {
                            let req = d
                                .requirements
                                .iter()
                                .find(|r| r.id == c.requirement_id)
                                .map(|r| r.text(Language::Es))
                                .unwrap_or("");
                            lines.push(format!(
                                "    [{:<7}] {req}: {}",
                                mark(c.verdict),
                                c.reason.message
                            ));
                        }
                    }
                }
                lines.join("\n")
            });
        }
    }
    Ok(())
}
