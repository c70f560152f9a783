//! `despacho-cli`: the same operations as the app, for administrators and scripts.
//! Exit codes: 0 success, 1 refused operation (reason on stderr), 2 usage error.

mod backup;
mod compliance;
mod cooperation;
mod elections;
mod finance;
mod key;
mod print;
mod regulations;
mod sessions;
mod sync;
mod torture;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use despacho_core::audit::{self, AuditFilter};
use despacho_core::members::{self, Category, MemberFilter, MemberInput, MemberStatus};
use despacho_core::search::{self, SearchKind, SearchResults, TextSegment};
use despacho_core::users::{self, Language, NewUser, Role, User};
use despacho_core::{demo, store, AppError, ErrorCode, Store};
use serde::Serialize;

#[derive(Parser)]
#[command(
    name = "despacho-cli",
    version,
    about = "Despacho for administrators and scripts"
)]
struct Cli {
    /// The store (default: $DESPACHO_DB, else despacho/despacho.db in the user's data folder).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// Print results as JSON.
    #[arg(long, global = true)]
    json: bool,
    /// Act as this user (default: the store's first administrator).
    #[arg(long = "as", global = true, value_name = "USER")]
    as_user: Option<String>,
    /// Unlock the encrypted store with its recovery key instead of the passphrase
    /// (the passphrase comes from $DESPACHO_PASSPHRASE, the keyring, or a prompt).
    #[arg(long, global = true, value_name = "KEY")]
    recovery_key: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create (or upgrade) the store; with --admin, also its first administrator.
    Init {
        /// User name of the first administrator.
        #[arg(long)]
        admin: Option<String>,
        /// Full name of the first administrator (default: the user name).
        #[arg(long)]
        full_name: Option<String>,
        /// Read the administrator's password from standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Start a new installation from another site's snapshot (`sync snapshot`).
        #[arg(long, value_name = "FILE", conflicts_with_all = ["admin", "password_stdin"])]
        from_snapshot: Option<PathBuf>,
        /// With --from-snapshot: this site's name (e.g. "Laptop SG").
        #[arg(long, requires = "from_snapshot")]
        site_name: Option<String>,
    },
    /// Load the demo data (bodies, member institutions, sessions) into a store without members.
    Demo,
    /// Fill a store without members with a deterministic office of N years (benchmarks):
    /// members and contacts, sessions with agendas and minutes, ~10,000 journal entries a year,
    /// dues, budgets, requests, missions, publications and documents' metadata.
    Generate {
        /// How many years, ending today (1–30).
        #[arg(long, default_value_t = 10)]
        years: u16,
        /// The same seed gives the same content.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// User accounts.
    #[command(subcommand)]
    Users(UsersCmd),
    /// Member institutions.
    #[command(subcommand)]
    Members(MembersCmd),
    /// Integrity check, schema version and the audit chain (exit 1 naming the first broken row).
    Check,
    /// The store's encryption: status, change the passphrase, a new recovery key, reset the
    /// passphrase with the recovery key, remember or forget the key in the keyring.
    #[command(subcommand)]
    Key(key::KeyCmd),
    /// Offline sync with other installations: status, key, peers, export, import, folder, snapshot.
    #[command(subcommand)]
    Sync(sync::SyncCmd),
    /// The conflict inbox of the sync: list, resolve.
    #[command(subcommand)]
    Conflicts(sync::ConflictsCmd),
    /// One sha256 of the synced content: equal on two stores exactly when they hold the same data.
    Digest,
    /// The audit log: list (filtered, paged) and export to CSV (the Auditor, the Secretary-General).
    #[command(subcommand)]
    Audit(AuditCmd),
    /// The role × operation table, computed from the code's permission rules.
    Permissions {
        /// Print it as the Markdown of docs/PERMISSIONS.md.
        #[arg(long)]
        markdown: bool,
    },
    /// The bodies (General Assembly, Standing Committee…).
    #[command(subcommand)]
    Bodies(sessions::BodiesCmd),
    /// Sessions of the bodies.
    #[command(subcommand)]
    Sessions(sessions::SessionsCmd),
    /// Session agendas.
    #[command(subcommand)]
    Agenda(sessions::AgendaCmd),
    /// Exports (iCalendar).
    #[command(subcommand)]
    Export(sessions::ExportCmd),
    /// Documents as PDF: a session's agenda, minutes or dossier; the financial statements.
    #[command(subcommand)]
    Print(print::PrintCmd),
    /// Member dues: invoices, payments, arrears and voting rights.
    #[command(subcommand)]
    Dues(finance::DuesCmd),
    /// The journal: import, list, trial balance, closing a fiscal year.
    #[command(subcommand)]
    Ledger(finance::LedgerCmd),
    /// The budget against actual, and budget projections.
    #[command(subcommand)]
    Budget(finance::BudgetCmd),
    /// Agreements with members and other organizations.
    #[command(subcommand)]
    Agreements(cooperation::AgreementsCmd),
    /// Technical assistance requests.
    #[command(subcommand)]
    Assistance(cooperation::AssistanceCmd),
    /// Missions (official travel).
    #[command(subcommand)]
    Missions(cooperation::MissionsCmd),
    /// Information products (publications, bulletins, reports, statements).
    #[command(subcommand)]
    Publications(cooperation::PublicationsCmd),
    /// Regulation projects: list, show, and the word-by-word comparison of two versions.
    #[command(subcommand)]
    Regulations(regulations::RegulationsCmd),
    /// Election calls, postulations and the eligibility matrix.
    #[command(subcommand)]
    Elections(elections::ElectionsCmd),
    /// The compliance register: occurrences overdue and due soon; complete one with evidence.
    #[command(subcommand)]
    Obligations(compliance::ObligationsCmd),
    /// Search every kind of record (accents and case do not matter; the last word may be the
    /// beginning of a word). A query that starts with '-' goes after `--`.
    Search {
        /// The words to look for (quote several: "seguridad social").
        query: String,
        /// At most this many hits of each kind (0: only the counts).
        #[arg(long, default_value_t = 10)]
        limit: u32,
    },
    /// The financial statements of a fiscal year (IPSAS), with the previous year as comparative.
    Statements {
        #[arg(long)]
        year: u16,
        #[arg(long, default_value = "es", value_parser = parse_language)]
        lang: Language,
    },
    /// Backups: an online copy now (--out FILE), the scheduled one if due (--scheduled), the
    /// scheduled backups' settings and list.
    Backup(backup::BackupArgs),
    /// Replace the store with a backup. Without --yes, shows what would be replaced and exits 2.
    Restore {
        file: PathBuf,
        /// Confirm: replace the store (a safety backup of it is kept next to it).
        #[arg(long)]
        yes: bool,
    },
    /// A deterministic stream of real operations, one transaction each, printing
    /// `committed <n> <kind> <id>` after each commit (the crash-safety harness).
    #[command(hide = true)]
    Torture {
        #[arg(long)]
        ops: u32,
        #[arg(long)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum UsersCmd {
    /// Add a user account.
    Add {
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long)]
        full_name: Option<String>,
        /// Make the account an administrator.
        #[arg(long)]
        admin: bool,
        #[arg(long, value_parser = parse_language, default_value = "es")]
        language: Language,
        /// Read the password from standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List user accounts.
    List,
    /// Set a new password for a user (administrators); read from standard input.
    ResetPassword {
        name: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Deactivate an account: it can no longer sign in (administrators).
    Deactivate { name: String },
    /// Reactivate a deactivated account (administrators).
    Reactivate { name: String },
}

#[derive(Args, Clone, Default)]
struct AuditFilterArgs {
    /// Only rows by this user (user name).
    #[arg(long)]
    user: Option<String>,
    /// Only operations starting with this (e.g. `members.` or `users.sign_in`).
    #[arg(long)]
    operation: Option<String>,
    /// Only rows about this kind of record (member, session, user…).
    #[arg(long)]
    entity: Option<String>,
    /// Only rows about this record.
    #[arg(long)]
    entity_id: Option<String>,
    /// From this date (YYYY-MM-DD, UTC, inclusive).
    #[arg(long)]
    from: Option<String>,
    /// Until this date (YYYY-MM-DD, UTC, inclusive).
    #[arg(long)]
    to: Option<String>,
    /// Text in the summary, operation, record or user name.
    #[arg(long)]
    text: Option<String>,
}

#[derive(Subcommand)]
enum AuditCmd {
    /// List audit rows, newest first.
    List {
        #[command(flatten)]
        filter: AuditFilterArgs,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// Export every matching audit row as CSV.
    Export {
        #[command(flatten)]
        filter: AuditFilterArgs,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum MembersCmd {
    /// List member institutions.
    List {
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        country: Option<String>,
        #[arg(long, value_parser = parse_category)]
        category: Option<Category>,
        #[arg(long)]
        subregion: Option<u8>,
        /// Include archived members.
        #[arg(long)]
        archived: bool,
    },
    /// Show one member institution and its contacts.
    Show { id: String },
    /// Add a member institution.
    Add(MemberFields),
    /// Change fields of a member institution.
    Update {
        id: String,
        #[command(flatten)]
        fields: MemberFields,
    },
    /// Archive a member institution.
    Archive { id: String },
    /// Restore an archived member institution.
    Restore { id: String },
    /// Import member institutions from CSV (all rows or none).
    Import {
        file: PathBuf,
        /// Only check the file and show what would be imported.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export every member institution as CSV.
    Export {
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Args, Default)]
struct MemberFields {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    acronym: Option<String>,
    #[arg(long)]
    country: Option<String>,
    #[arg(long, value_parser = parse_category)]
    category: Option<Category>,
    #[arg(long)]
    subregion: Option<u8>,
    #[arg(long)]
    admission_date: Option<String>,
    #[arg(long, value_parser = parse_status)]
    status: Option<MemberStatus>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    website: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

impl MemberFields {
    fn apply(self, mut m: MemberInput) -> MemberInput {
        let blank = |s: String| Some(s).filter(|s| !s.trim().is_empty());
        if let Some(v) = self.name {
            m.name = v
        }
        if let Some(v) = self.acronym {
            m.acronym = v
        }
        if let Some(v) = self.country {
            m.country = v
        }
        if let Some(v) = self.category {
            m.category = Some(v)
        }
        if let Some(v) = self.subregion {
            m.subregion = Some(v)
        }
        if let Some(v) = self.admission_date {
            m.admission_date = blank(v)
        }
        if let Some(v) = self.status {
            m.status = v
        }
        if let Some(v) = self.email {
            m.email = blank(v)
        }
        if let Some(v) = self.website {
            m.website = blank(v)
        }
        if let Some(v) = self.notes {
            m.notes = v
        }
        m
    }
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| {
        format!(
            "unknown role '{s}'; one of: {}",
            Role::ALL.map(|r| r.as_str()).join(", ")
        )
    })
}
fn parse_language(s: &str) -> Result<Language, String> {
    Language::parse(s).ok_or_else(|| format!("unknown language '{s}'; one of: es, en, pt, fr"))
}
fn parse_category(s: &str) -> Result<Category, String> {
    Category::parse(s).ok_or_else(|| {
        format!("unknown category '{s}'; one of: titular, associate, adherent, linked")
    })
}
fn parse_status(s: &str) -> Result<MemberStatus, String> {
    MemberStatus::parse(s)
        .ok_or_else(|| format!("unknown status '{s}'; one of: active, suspended, withdrawn"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("despacho-cli: {} ({})", e.message, e.code.as_str());
            ExitCode::from(1)
        }
    }
}

fn read_password() -> Result<String, AppError> {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).map_err(|e| {
        AppError::new(
            ErrorCode::InvalidValue,
            format!("cannot read the password from standard input: {e}"),
        )
    })?;
    Ok(s.trim_end_matches(['\n', '\r']).to_string())
}

struct Out {
    json: bool,
}

impl Out {
    fn print<T: Serialize>(&self, value: &T, text: impl FnOnce(&T) -> String) {
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(value).expect("serializable")
            );
        } else {
            println!("{}", text(value));
        }
    }
}

fn actor(store: &Store, as_user: &Option<String>) -> Result<User, AppError> {
    match as_user {
        Some(name) => users::find_by_username(store.conn(), name),
        None => users::first_admin(store.conn()),
    }
}

fn member_line(m: &members::Member) -> String {
    format!(
        "{}  {:<12} {}  {:<9} {}{}",
        m.id,
        m.acronym,
        m.country,
        m.category.as_str(),
        m.name,
        if m.archived { "  [archived]" } else { "" }
    )
}

/// The plural English name of a kind, for the text output.
fn kind_label(kind: SearchKind) -> &'static str {
    match kind {
        SearchKind::Member => "members",
        SearchKind::Contact => "contacts",
        SearchKind::Session => "sessions",
        SearchKind::AgendaItem => "agenda items",
        SearchKind::Minutes => "minutes",
        SearchKind::Resolution => "resolutions",
        SearchKind::ActionItem => "action items",
        SearchKind::Agreement => "agreements",
        SearchKind::Request => "assistance requests",
        SearchKind::Mission => "missions",
        SearchKind::Publication => "publications",
        SearchKind::BudgetLine => "budget lines",
        SearchKind::Obligation => "obligations",
        SearchKind::Postulation => "postulations",
        SearchKind::Regulation => "regulation projects",
    }
}

/// Segments as text, the hits between « and ».
fn marked(segments: &[TextSegment]) -> String {
    segments
        .iter()
        .map(|s| {
            if s.hit {
                format!("«{}»", s.text)
            } else {
                s.text.clone()
            }
        })
        .collect()
}

/// Search results as text: one block per kind, each hit on a line (id, title, and the record
/// it belongs to), its snippet below.
fn search_text(r: &SearchResults) -> String {
    if r.groups.is_empty() {
        return format!("nothing found for \"{}\"", r.query);
    }
    let mut lines = Vec::new();
    for g in &r.groups {
        let shown = if (g.hits.len() as u32) < g.total {
            format!(" (first {})", g.hits.len())
        } else {
            String::new()
        };
        lines.push(format!("{}: {}{shown}", kind_label(g.kind), g.total));
        for h in &g.hits {
            let mut line = format!("  {}  {}", h.record_id, marked(&h.title_segments));
            if let Some(p) = &h.parent_id {
                line.push_str(&format!("  (in {p})"));
            }
            if h.archived {
                line.push_str("  [archived]");
            }
            lines.push(line);
            let snippet = marked(&h.snippet);
            if !snippet.is_empty() {
                lines.push(format!("      {}", snippet.replace(['\n', '\r'], " ")));
            }
        }
    }
    lines.join("\n")
}

fn run(cli: Cli) -> Result<ExitCode, AppError> {
    let path = cli.db.clone().unwrap_or_else(store::default_path);
    let out = Out { json: cli.json };
    // A restore works on the files while nothing holds the store open.
    if let Command::Restore { file, yes } = &cli.command {
        let key = key::key_for_restore(&path, file, cli.recovery_key.as_deref())?;
        return backup::restore_cmd(&path, file, *yes, key.as_ref(), &out);
    }
    // So does a new store from a snapshot.
    if let Command::Init {
        from_snapshot: Some(file),
        site_name,
        ..
    } = &cli.command
    {
        sync::init_from_snapshot(file, &path, site_name.as_deref(), &out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut store = key::open_store(&path, cli.recovery_key.as_deref())?;
    match cli.command {
        Command::Init {
            admin,
            full_name,
            password_stdin,
            ..
        } => {
            if let Some(username) = admin {
                if !password_stdin {
                    return Err(AppError::new(
                        ErrorCode::Required,
                        "--admin needs --password-stdin",
                    ));
                }
                let user = users::create_first_admin(
                    &mut store,
                    NewUser {
                        full_name: full_name.unwrap_or_else(|| username.clone()),
                        username,
                        role: Role::SecretaryGeneral,
                        is_admin: true,
                        password: read_password()?,
                        language: Language::Es,
                    },
                )?;
                out.print(&user, |u| {
                    format!(
                        "store {} ready; administrator '{}' created",
                        path.display(),
                        u.username
                    )
                });
            } else {
                let version = store.schema_version()?;
                out.print(
                    &serde_json::json!({ "path": path, "schema_version": version }),
                    |_| format!("store {} ready (schema version {version})", path.display()),
                );
            }
        }
        Command::Demo => {
            let actor = actor(&store, &cli.as_user)?;
            let r = demo::load(&mut store, &actor)?;
            out.print(&r, |r| {
                format!(
                    "demo data loaded: {} bodies, {} members, {} contacts, {} sessions, {} agreements, {} requests, {} missions, {} publications",
                    r.bodies, r.members, r.contacts, r.sessions, r.cooperation.agreements, r.cooperation.requests,
                    r.cooperation.missions, r.cooperation.publications
                )
            });
        }
        Command::Generate { years, seed } => {
            let actor = actor(&store, &cli.as_user)?;
            let started = std::time::Instant::now();
            let quiet = out.json;
            let r =
                despacho_core::generate::generate(&mut store, &actor, years, seed, &mut |step| {
                    if !quiet {
                        eprintln!("generating {step}…");
                    }
                })?;
            let seconds = started.elapsed().as_secs_f32();
            out.print(&r, |r| {
                format!(
                    "generated {} years in {seconds:.1} s: {} members, {} contacts, {} sessions, {} agenda items, {} journal entries, {} requests, {} missions, {} documents",
                    r.years, r.members, r.contacts, r.sessions, r.agenda_items, r.journal_entries, r.requests, r.missions, r.documents
                )
            });
        }
        Command::Users(UsersCmd::Add {
            name,
            role,
            full_name,
            admin,
            language,
            password_stdin: _,
        }) => {
            let actor = actor(&store, &cli.as_user)?;
            let user = users::add_user(
                &mut store,
                &actor,
                NewUser {
                    full_name: full_name.unwrap_or_else(|| name.clone()),
                    username: name,
                    role,
                    is_admin: admin,
                    password: read_password()?,
                    language,
                },
            )?;
            out.print(&user, |u| {
                format!(
                    "user '{}' ({}) created: {}",
                    u.username,
                    u.role.as_str(),
                    u.id
                )
            });
        }
        Command::Users(UsersCmd::List) => {
            let list = users::list_users(store.conn())?;
            out.print(&list, |l| {
                l.iter()
                    .map(|u| {
                        format!(
                            "{}  {:<16} {:<20} {}{}",
                            u.id,
                            u.username,
                            u.role.as_str(),
                            u.full_name,
                            if u.is_admin { "  [admin]" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Users(UsersCmd::ResetPassword {
            name,
            password_stdin: _,
        }) => {
            let actor = actor(&store, &cli.as_user)?;
            let target = users::account_by_username(store.conn(), &name)?;
            let a = users::reset_password(&mut store, &actor, &target.user.id, &read_password()?)?;
            out.print(&a, |a| {
                format!(
                    "password of '{}' reset{}",
                    a.user.username,
                    if a.must_change_password {
                        "; they will be asked to choose a new one"
                    } else {
                        ""
                    }
                )
            });
        }
        Command::Users(cmd @ (UsersCmd::Deactivate { .. } | UsersCmd::Reactivate { .. })) => {
            let (name, active) = match cmd {
                UsersCmd::Deactivate { name } => (name, false),
                UsersCmd::Reactivate { name } => (name, true),
                _ => unreachable!(),
            };
            let actor = actor(&store, &cli.as_user)?;
            let target = users::account_by_username(store.conn(), &name)?;
            let a = users::set_active(&mut store, &actor, &target.user.id, active)?;
            out.print(&a, |a| {
                format!(
                    "user '{}' {}",
                    a.user.username,
                    if a.active {
                        "reactivated"
                    } else {
                        "deactivated"
                    }
                )
            });
        }
        Command::Audit(cmd) => {
            let actor = actor(&store, &cli.as_user)?;
            audit_cmd(&store, &actor, &out, cmd)?
        }
        Command::Permissions { markdown } => {
            if markdown {
                print!("{}", users::permissions_markdown());
            } else {
                let rows: Vec<_> = users::permission_matrix()
                    .into_iter()
                    .map(|(p, grants)| {
                        serde_json::json!({
                            "permission": p.as_str(),
                            "describe": p.describe(),
                            "roles": grants.iter().map(|(r, g)| (r.as_str(), *g)).collect::<std::collections::BTreeMap<_, _>>(),
                        })
                    })
                    .collect();
                out.print(&rows, |_| {
                    users::permission_matrix()
                        .into_iter()
                        .map(|(p, grants)| {
                            let who: Vec<String> = grants
                                .iter()
                                .filter(|(_, g)| *g != users::Grant::No)
                                .map(|(r, g)| match g {
                                    users::Grant::Yes => r.as_str().to_string(),
                                    g => format!("{} ({})", r.as_str(), g.as_str()),
                                })
                                .collect();
                            format!("{:<24} {}", p.as_str(), who.join(", "))
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                });
            }
        }
        Command::Members(cmd) => members_cmd(&mut store, &cli.as_user, &out, cmd)?,
        Command::Bodies(cmd) => sessions::bodies_cmd(&mut store, &out, cmd)?,
        Command::Sessions(cmd) => sessions::sessions_cmd(&mut store, &cli.as_user, &out, cmd)?,
        Command::Agenda(cmd) => sessions::agenda_cmd(&mut store, &cli.as_user, &out, cmd)?,
        Command::Export(cmd) => sessions::export_cmd(&mut store, &out, cmd)?,
        Command::Print(cmd) => print::print_cmd(&store, &out, cmd)?,
        Command::Dues(cmd) => {
            let actor = actor(&store, &cli.as_user)?;
            finance::dues_cmd(&mut store, &actor, &out, cmd)?
        }
        Command::Ledger(cmd) => {
            let actor = actor(&store, &cli.as_user)?;
            finance::ledger_cmd(&mut store, &actor, &out, cmd)?
        }
        Command::Budget(cmd) => {
            let actor = actor(&store, &cli.as_user)?;
            finance::budget_cmd(&store, &actor, &out, cmd)?
        }
        Command::Statements { year, lang } => finance::statements_cmd(&store, &out, year, lang)?,
        Command::Search { query, limit } => {
            let results = search::search(store.conn(), &query, limit)?;
            out.print(&results, search_text);
        }
        Command::Agreements(cmd) => cooperation::agreements_cmd(&store, &out, cmd)?,
        Command::Obligations(cmd) => {
            let actor = actor(&store, &cli.as_user)?;
            compliance::obligations_cmd(&mut store, &actor, &out, cmd)?
        }
        Command::Assistance(cmd) => cooperation::assistance_cmd(&store, &out, cmd)?,
        Command::Missions(cmd) => cooperation::missions_cmd(&store, &out, cmd)?,
        Command::Publications(cmd) => cooperation::publications_cmd(&store, &out, cmd)?,
        Command::Regulations(cmd) => regulations::regulations_cmd(&store, &out, cmd)?,
        Command::Elections(cmd) => elections::elections_cmd(&store, &out, cmd)?,
        Command::Backup(args) => {
            let as_user = cli.as_user.clone();
            backup::backup_cmd(&mut store, |s| actor(s, &as_user), &out, args)?
        }
        Command::Restore { .. } => unreachable!("handled before the store is opened"),
        Command::Sync(cmd) => {
            let as_user = cli.as_user.clone();
            sync::sync_cmd(&mut store, |s| actor(s, &as_user), &out, cmd)?
        }
        Command::Conflicts(cmd) => {
            let as_user = cli.as_user.clone();
            sync::conflicts_cmd(&mut store, |s| actor(s, &as_user), &out, cmd)?
        }
        Command::Digest => sync::digest_cmd(&store, &out)?,
        Command::Torture { ops, seed } => {
            let actor = actor(&store, &cli.as_user)?;
            torture::run(&mut store, &actor, ops, seed)?
        }
        Command::Key(cmd) => {
            let actor = actor(&store, &cli.as_user).ok();
            key::key_cmd(&mut store, actor, &out, cmd)?;
        }
        Command::Check => {
            let problems = store.integrity_problems()?;
            let version = store.schema_version()?;
            let chain = audit::verify_chain(store.conn())?;
            let report = serde_json::json!({
                "path": path, "schema_version": version, "latest_schema_version": store::SCHEMA_VERSION,
                "integrity": if problems.is_empty() { "ok" } else { "broken" }, "problems": problems,
                "audit_chain": chain,
            });
            out.print(&report, |_| {
                let mut s = format!(
                    "schema version {version} (latest {})\nintegrity: ",
                    store::SCHEMA_VERSION
                );
                s.push_str(&if problems.is_empty() {
                    "ok".to_string()
                } else {
                    problems.join("\n")
                });
                s.push_str(&format!("\naudit chain: {} row(s), ", chain.rows));
                s.push_str(match &chain.first_broken {
                    None => "ok",
                    Some(_) => "BROKEN",
                });
                s
            });
            if !problems.is_empty() {
                return Err(AppError::new(
                    ErrorCode::Storage,
                    "the store failed its integrity check",
                ));
            }
            if let Some(b) = chain.first_broken {
                return Err(AppError::new(
                    ErrorCode::Storage,
                    format!(
                        "the audit chain is broken at row {} (id {}, {}, {}): {}",
                        b.seq
                            .map(|s| s.to_string())
                            .unwrap_or_else(|| "without a place".into()),
                        b.id,
                        b.at,
                        b.operation,
                        b.reason
                    ),
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn members_cmd(
    store: &mut Store,
    as_user: &Option<String>,
    out: &Out,
    cmd: MembersCmd,
) -> Result<(), AppError> {
    match cmd {
        MembersCmd::List {
            search,
            country,
            category,
            subregion,
            archived,
        } => {
            let filter = MemberFilter {
                search,
                country,
                category,
                subregion,
                include_archived: archived,
                ..Default::default()
            };
            let list = members::list_members(store.conn(), &filter)?;
            out.print(&list, |l| {
                l.iter().map(member_line).collect::<Vec<_>>().join("\n")
            });
        }
        MembersCmd::Show { id } => {
            let d = members::get_member(store.conn(), &id)?;
            out.print(&d, |d| {
                let m = &d.member;
                let mut s = format!(
                    "{} ({})\ncountry: {}\ncategory: {}\nsubregion: {}\nadmission: {}\nstatus: {}\ne-mail: {}\nwebsite: {}\n",
                    m.name, m.acronym, m.country, m.category.as_str(),
                    m.subregion.map(|s| s.to_string()).unwrap_or_default(),
                    m.admission_date.as_deref().unwrap_or(""), m.status.as_str(),
                    m.email.as_deref().unwrap_or(""), m.website.as_deref().unwrap_or("")
                );
                for c in &d.contacts {
                    s.push_str(&format!("contact: {} — {} {}\n", c.name, c.position, c.email.as_deref().unwrap_or("")));
                }
                s.trim_end().to_string()
            });
        }
        MembersCmd::Add(fields) => {
            let actor = actor(store, as_user)?;
            let m = members::create_member(store, &actor, &fields.apply(MemberInput::default()))?;
            out.print(&m, |m| format!("created {}", member_line(m)));
        }
        MembersCmd::Update { id, fields } => {
            let actor = actor(store, as_user)?;
            let current = members::get_member(store.conn(), &id)?.member;
            let m = members::update_member(
                store,
                &actor,
                &id,
                &fields.apply(MemberInput::from(&current)),
            )?;
            out.print(&m, |m| format!("updated {}", member_line(m)));
        }
        MembersCmd::Archive { id } => {
            let actor = actor(store, as_user)?;
            let m = members::set_archived(store, &actor, &id, true)?;
            out.print(&m, |m| format!("archived {}", member_line(m)));
        }
        MembersCmd::Restore { id } => {
            let actor = actor(store, as_user)?;
            let m = members::set_archived(store, &actor, &id, false)?;
            out.print(&m, |m| format!("restored {}", member_line(m)));
        }
        MembersCmd::Import { file, dry_run } => {
            let bytes = std::fs::read(&file).map_err(|e| {
                AppError::new(
                    ErrorCode::InvalidValue,
                    format!("cannot read {}: {e}", file.display()),
                )
            })?;
            if dry_run {
                let p = members::preview_import(store.conn(), &bytes)?;
                out.print(&p, |p| {
                    let mut s = format!("{} row(s), {} problem(s)", p.rows.len(), p.issues.len());
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
                let r = members::import_members(store, &actor, &bytes)?;
                out.print(&r, |r| {
                    format!("imported {} member institution(s)", r.created)
                });
            }
        }
        MembersCmd::Export { out: path } => {
            let csv = members::export_csv(store.conn())?;
            std::fs::write(&path, csv.as_bytes()).map_err(|e| {
                AppError::new(
                    ErrorCode::Storage,
                    format!("cannot write {}: {e}", path.display()),
                )
            })?;
            let n = csv.lines().count().saturating_sub(1);
            out.print(&serde_json::json!({ "path": path, "members": n }), |_| {
                format!("exported {n} member institution(s) to {}", path.display())
            });
        }
    }
    Ok(())
}

impl AuditFilterArgs {
    fn filter(self, store: &Store) -> Result<AuditFilter, AppError> {
        let user_id = match self.user {
            Some(name) => Some(users::account_by_username(store.conn(), &name)?.user.id),
            None => None,
        };
        Ok(AuditFilter {
            user_id,
            operation: self.operation,
            entity: self.entity,
            entity_id: self.entity_id,
            from: self.from,
            to: self.to,
            text: self.text,
            limit: 0,
            offset: 0,
        })
    }
}

fn audit_cmd(store: &Store, actor: &User, out: &Out, cmd: AuditCmd) -> Result<(), AppError> {
    match cmd {
        AuditCmd::List {
            filter,
            limit,
            offset,
        } => {
            let f = AuditFilter {
                limit,
                offset,
                ..filter.filter(store)?
            };
            let page = audit::search(store.conn(), actor, &f)?;
            out.print(&page, |p| {
                let mut lines: Vec<String> = p
                    .entries
                    .iter()
                    .map(|e| {
                        format!(
                            "{:>6}  {}  {:<20} {:<28} {} {}  {}",
                            e.seq,
                            e.at,
                            e.user_name.as_deref().unwrap_or("-"),
                            e.operation,
                            e.entity,
                            e.entity_id.as_deref().unwrap_or(""),
                            e.summary
                        )
                    })
                    .collect();
                lines.push(format!(
                    "{} of {} row(s) from {}",
                    p.entries.len(),
                    p.total,
                    offset
                ));
                lines.join("\n")
            });
        }
        AuditCmd::Export { filter, out: path } => {
            let csv = audit::export_csv(store.conn(), actor, &filter.filter(store)?)?;
            std::fs::write(&path, csv.as_bytes()).map_err(|e| {
                AppError::new(
                    ErrorCode::Storage,
                    format!("cannot write {}: {e}", path.display()),
                )
            })?;
            let n = csv.matches("\r\n").count().saturating_sub(1);
            out.print(&serde_json::json!({ "path": path, "rows": n }), |_| {
                format!("exported audit rows to {}", path.display())
            });
        }
    }
    Ok(())
}
