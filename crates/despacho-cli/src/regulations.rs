//! `regulations list|show|diff`: regulation projects from the command line. Each command
//! calls one despacho-core operation; no rule lives here.

use clap::Subcommand;
use despacho_core::regulations::{self, RegulationStatus};
use despacho_core::users::Language;
use despacho_core::{AppError, Store};

use crate::Out;

#[derive(Subcommand)]
pub enum RegulationsCmd {
    /// List regulation projects, the most recently changed first.
    List,
    /// A project with its articles, versions, comments and submissions.
    Show { project: String },
    /// The word-by-word comparison between two versions: `[-deleted-]{+inserted+}`.
    Diff {
        project: String,
        /// A version number, or `working` for the working copy.
        #[arg(long, value_parser = parse_version)]
        from: Version,
        /// A version number, or `working` for the working copy.
        #[arg(long, value_parser = parse_version)]
        to: Version,
        #[arg(long, default_value = "es", value_parser = parse_language)]
        lang: Language,
    },
}

/// A saved version's number, or the working copy (None).
#[derive(Clone, Copy, Debug)]
pub struct Version(pub Option<u32>);

pub fn parse_version(s: &str) -> Result<Version, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("working") {
        return Ok(Version(None));
    }
    s.parse::<u32>()
        .ok()
        .filter(|n| *n >= 1)
        .map(|n| Version(Some(n)))
        .ok_or_else(|| format!("'{s}' is not a version: a number from 1, or 'working'"))
}

pub fn parse_language(s: &str) -> Result<Language, String> {
    Language::parse(s.trim())
        .ok_or_else(|| format!("unknown language '{s}'; one of: es, en, pt, fr"))
}

fn status(s: RegulationStatus) -> &'static str {
    s.as_str()
}

pub fn regulations_cmd(store: &Store, out: &Out, cmd: RegulationsCmd) -> Result<(), AppError> {
    match cmd {
        RegulationsCmd::List => {
            let list = regulations::list_projects(store.conn())?;
            out.print(&list, |l| {
                l.iter()
                    .map(|p| {
                        format!(
                            "{}  {:<9} v{:<3} {:>3} art.{}  {}",
                            p.id,
                            status(p.status),
                            p.version_count,
                            p.article_count,
                            if p.has_unsaved_changes { " *" } else { "  " },
                            p.title(Language::Es)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        RegulationsCmd::Show { project } => {
            let d = regulations::get_project(store.conn(), &project)?;
            out.print(&d, |d| {
                let mut s = format!(
                    "{} ({})\n{}\nstatus: {}; versions: {}\n",
                    d.project.title(Language::Es),
                    d.project.id,
                    d.project.instrument,
                    status(d.project.status),
                    d.versions
                        .iter()
                        .map(|v| format!("{} {}", v.number, v.label))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                for a in &d.articles {
                    let heading = regulations::texts_get(&a.headings, Language::Es);
                    s.push_str(&format!("\n{}. {}\n", a.number, heading));
                    s.push_str(&format!(
                        "  {}\n",
                        regulations::texts_get(&a.texts, Language::Es)
                    ));
                    for c in d.comments.iter().filter(|c| c.article_id == a.id) {
                        s.push_str(&format!(
                            "  > {}{}: {}\n",
                            c.author_name.as_deref().unwrap_or("?"),
                            if c.resolved { " (resolved)" } else { "" },
                            c.body
                        ));
                    }
                }
                for x in &d.submissions {
                    s.push_str(&format!(
                        "\nsubmitted v{} to {} on {}: {}{}\n",
                        x.version_number,
                        x.session_name,
                        &x.submitted_at[..10.min(x.submitted_at.len())],
                        x.decision.map(|d| d.as_str()).unwrap_or("pending"),
                        if x.decision_note.is_empty() {
                            String::new()
                        } else {
                            format!(" — {}", x.decision_note)
                        }
                    ));
                }
                s
            });
        }
        RegulationsCmd::Diff {
            project,
            from,
            to,
            lang,
        } => {
            let r = regulations::compare(store.conn(), &project, from.0, to.0, lang)?;
            out.print(&r, regulations::redline_text);
        }
    }
    Ok(())
}
