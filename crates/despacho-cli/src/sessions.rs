//! `bodies`, `sessions`, `agenda` and `export ics`: the sessions of the bodies from the command
//! line. Each command calls one despacho-core operation; no rule lives here.

use std::path::PathBuf;

use clap::Subcommand;
use despacho_core::agenda::{self, Agenda};
use despacho_core::sessions::{self, SessionFilter, SessionInput, SessionKind, SessionStatus};
use despacho_core::users::Language;
use despacho_core::{bodies, calendar, AppError, ErrorCode, Store};

use crate::{actor, Out};

#[derive(Subcommand)]
pub enum BodiesCmd {
    /// List the bodies and their rules.
    List,
}

#[derive(Subcommand)]
pub enum SessionsCmd {
    /// List sessions, in date order.
    List {
        /// A body's code or id.
        #[arg(long)]
        body: Option<String>,
        #[arg(long, value_parser = parse_status)]
        status: Option<SessionStatus>,
    },
    /// Show one session.
    Show { id: String },
    /// Add a session; prints its id.
    Add {
        /// The body's code (GA, CPISS…) or id.
        #[arg(long)]
        body: String,
        #[arg(long)]
        name: String,
        /// YYYY-MM-DDTHH:MM in --tz (or RFC 3339 with an offset).
        #[arg(long)]
        start: String,
        #[arg(long)]
        end: Option<String>,
        /// IANA time zone.
        #[arg(long, default_value = sessions::DEFAULT_TIME_ZONE)]
        tz: String,
        #[arg(long)]
        venue: Option<String>,
        /// Virtual meeting link.
        #[arg(long)]
        link: Option<String>,
        /// Working languages, the main one first.
        #[arg(long, value_delimiter = ',', value_parser = parse_language, default_value = "es")]
        languages: Vec<Language>,
        /// Default: the body's next.
        #[arg(long)]
        ordinal: Option<u32>,
        #[arg(long, value_parser = parse_kind, default_value = "ordinary")]
        kind: SessionKind,
    },
    /// Move a session forward: convened, held, closed.
    Status {
        id: String,
        #[arg(value_parser = parse_status)]
        status: SessionStatus,
    },
}

#[derive(Subcommand)]
pub enum AgendaCmd {
    /// Show a session's agenda: numbers, start times, titles.
    Show {
        session: String,
        /// The language of the titles (default: the session's main language).
        #[arg(long, value_parser = parse_language)]
        lang: Option<Language>,
    },
    /// Import agenda items from CSV (all rows or none).
    Import {
        session: String,
        file: PathBuf,
        /// Only check the file and show what would be imported.
        #[arg(long)]
        dry_run: bool,
    },
    /// Approve a session's agenda.
    Approve { session: String },
}

#[derive(Subcommand)]
pub enum ExportCmd {
    /// A year's budget against actual as XLSX (or CSV when the file ends in .csv).
    Budget {
        #[arg(long)]
        year: u16,
        #[arg(long, default_value = "es", value_parser = parse_language)]
        lang: Language,
        #[arg(long)]
        out: PathBuf,
    },
    /// A year's financial statements as XLSX, one sheet per statement.
    Statements {
        #[arg(long)]
        year: u16,
        #[arg(long, default_value = "es", value_parser = parse_language)]
        lang: Language,
        #[arg(long)]
        out: PathBuf,
    },
    /// A dissemination list's contacts as CSV or vCard 4.0 (.vcf).
    Contacts {
        /// The list's name.
        #[arg(long)]
        list: String,
        #[arg(long, value_enum)]
        format: crate::cooperation::ContactsFormat,
        #[arg(long)]
        out: PathBuf,
    },
    /// Sessions as an iCalendar (.ics) file: one session, or all.
    Ics {
        #[arg(long)]
        session: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
}

fn parse_status(s: &str) -> Result<SessionStatus, String> {
    SessionStatus::parse(s)
        .ok_or_else(|| format!("unknown status '{s}'; one of: planned, convened, held, closed"))
}
fn parse_kind(s: &str) -> Result<SessionKind, String> {
    SessionKind::parse(s).ok_or_else(|| format!("unknown kind '{s}'; ordinary or extraordinary"))
}
fn parse_language(s: &str) -> Result<Language, String> {
    Language::parse(s.trim())
        .ok_or_else(|| format!("unknown language '{s}'; one of: es, en, pt, fr"))
}

fn session_line(s: &sessions::Session) -> String {
    format!(
        "{}  {:<9} {}  {:<9} agenda {} (rev. {}, {} items)  {}",
        s.id,
        s.body_code,
        &s.starts_at[..16.min(s.starts_at.len())].replace('T', " "),
        s.status.as_str(),
        s.agenda_status.as_str(),
        s.agenda_revision,
        s.item_count,
        s.name
    )
}

fn agenda_text(a: &Agenda, lang: Language) -> String {
    let mut out = format!(
        "agenda {} (revision {}), {} min\n",
        a.status.as_str(),
        a.revision,
        a.total_minutes
    );
    for i in &a.items {
        out.push_str(&format!(
            "{}  {}{:<5} {}{}\n",
            i.start_time,
            "  ".repeat(usize::from(i.depth)),
            i.number,
            i.title(lang),
            if i.presenter.is_empty() {
                String::new()
            } else {
                format!(" — {}", i.presenter)
            }
        ));
    }
    out.trim_end().to_string()
}

fn read(file: &PathBuf) -> Result<Vec<u8>, AppError> {
    std::fs::read(file).map_err(|e| {
        AppError::new(
            ErrorCode::InvalidValue,
            format!("cannot read {}: {e}", file.display()),
        )
    })
}

pub fn bodies_cmd(store: &mut Store, out: &Out, cmd: BodiesCmd) -> Result<(), AppError> {
    match cmd {
        BodiesCmd::List => {
            let list = bodies::list_bodies(store.conn())?;
            out.print(&list, |l| {
                l.iter()
                    .map(|b| {
                        format!(
                            "{}  {:<10} {:<11} {:>3} seats  {}",
                            b.id,
                            b.code,
                            b.kind.as_str(),
                            b.seat_count,
                            b.names.es
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(())
}

pub fn sessions_cmd(
    store: &mut Store,
    as_user: &Option<String>,
    out: &Out,
    cmd: SessionsCmd,
) -> Result<(), AppError> {
    match cmd {
        SessionsCmd::List { body, status } => {
            let filter = SessionFilter {
                body,
                status,
                ..Default::default()
            };
            let list = sessions::list_sessions(store.conn(), &filter)?;
            out.print(&list, |l| {
                l.iter().map(session_line).collect::<Vec<_>>().join("\n")
            });
        }
        SessionsCmd::Show { id } => {
            let s = sessions::get_session(store.conn(), &id)?;
            let q = sessions::quorum(store.conn(), &id)?;
            let value = serde_json::json!({ "session": s, "quorum": q });
            out.print(&value, |_| {
                format!(
                    "{}\nbody: {} ({})\nordinal: {} ({})\nkind: {}\nstarts: {} ({})\nends: {}\nvenue: {}\nlink: {}\nlanguages: {}\nstatus: {}\nagenda: {} (revision {}, {} items)\nquorum: {}/{} present of {} voting — {}",
                    s.name, s.body_names.es, s.body_code, s.ordinal, s.ordinal_roman, s.kind.as_str(),
                    s.starts_at, s.time_zone, s.ends_at.as_deref().unwrap_or(""), s.venue,
                    s.virtual_link.as_deref().unwrap_or(""),
                    s.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(","),
                    s.status.as_str(), s.agenda_status.as_str(), s.agenda_revision, s.item_count,
                    q.present_voting, q.required, q.voting_members,
                    if q.reached { "reached" } else { "not reached" }
                )
            });
        }
        SessionsCmd::Add {
            body,
            name,
            start,
            end,
            tz,
            venue,
            link,
            languages,
            ordinal,
            kind,
        } => {
            let actor = actor(store, as_user)?;
            let s = sessions::create_session(
                store,
                &actor,
                &SessionInput {
                    body_id: body,
                    ordinal,
                    name,
                    kind,
                    starts_at: start,
                    ends_at: end,
                    time_zone: tz,
                    venue: venue.unwrap_or_default(),
                    virtual_link: link,
                    languages,
                },
            )?;
            out.print(&s, |s| s.id.clone());
        }
        SessionsCmd::Status { id, status } => {
            let actor = actor(store, as_user)?;
            let s = sessions::set_session_status(store, &actor, &id, status)?;
            out.print(&s, session_line);
        }
    }
    Ok(())
}

pub fn agenda_cmd(
    store: &mut Store,
    as_user: &Option<String>,
    out: &Out,
    cmd: AgendaCmd,
) -> Result<(), AppError> {
    match cmd {
        AgendaCmd::Show { session, lang } => {
            let s = sessions::get_session(store.conn(), &session)?;
            let a = agenda::agenda(store.conn(), &s.id)?;
            let lang = lang.unwrap_or_else(|| s.main_language());
            out.print(&a, |a| agenda_text(a, lang));
        }
        AgendaCmd::Import {
            session,
            file,
            dry_run,
        } => {
            let bytes = read(&file)?;
            if dry_run {
                let p = agenda::preview_csv(store.conn(), &session, &bytes)?;
                out.print(&p, |p| {
                    let mut s = format!("{} item(s), {} problem(s)", p.rows.len(), p.issues.len());
                    for i in &p.issues {
                        s.push_str(&format!("\nline {}: {}", i.line, i.message));
                    }
                    s
                });
                if !p.is_valid() {
                    return Err(AppError::new(
                        ErrorCode::ImportInvalid,
                        "the file has problems; nothing would be imported",
                    ));
                }
            } else {
                let actor = actor(store, as_user)?;
                let before = agenda::agenda(store.conn(), &session)?.items.len();
                let a = agenda::import_csv(store, &actor, &session, &bytes)?;
                let lang = a.languages.first().copied().unwrap_or_default();
                out.print(&a, |a| {
                    format!(
                        "imported {} item(s)\n{}",
                        a.items.len() - before,
                        agenda_text(a, lang)
                    )
                });
            }
        }
        AgendaCmd::Approve { session } => {
            let actor = actor(store, as_user)?;
            let a = agenda::approve_agenda(store, &actor, &session)?;
            out.print(&a, |a| format!("agenda approved (revision {})", a.revision));
        }
    }
    Ok(())
}

pub fn export_cmd(store: &mut Store, out: &Out, cmd: ExportCmd) -> Result<(), AppError> {
    match cmd {
        ExportCmd::Budget {
            year,
            lang,
            out: path,
        } => {
            let report = crate::finance::budget_report(store, year, lang)?;
            crate::finance::export_report(out, &report, &path)?;
        }
        ExportCmd::Statements {
            year,
            lang,
            out: path,
        } => {
            let report = crate::finance::statements_report(store, year, lang)?;
            crate::finance::export_report(out, &report, &path)?;
        }
        ExportCmd::Contacts {
            list,
            format,
            out: path,
        } => crate::cooperation::export_contacts(store, out, &list, format, &path)?,
        ExportCmd::Ics { session, out: path } => {
            let ics = match &session {
                Some(id) => calendar::session_ics(store.conn(), id)?,
                None => calendar::all_ics(store.conn())?,
            };
            std::fs::write(&path, ics.as_bytes()).map_err(|e| {
                AppError::new(
                    ErrorCode::Storage,
                    format!("cannot write {}: {e}", path.display()),
                )
            })?;
            let n = ics.matches("BEGIN:VEVENT").count();
            out.print(&serde_json::json!({ "path": path, "sessions": n }), |_| {
                format!("exported {n} session(s) to {}", path.display())
            });
        }
    }
    Ok(())
}
