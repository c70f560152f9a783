//! `agreements`, `assistance`, `missions`, `publications` list commands and
//! `export contacts`: Linking & Cooperation from the command line. Each command calls one
//! despacho-core operation; no rule lives here.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use despacho_core::agreements::{self, AgreementFilter, AgreementStatus};
use despacho_core::assistance::{self, RequestFilter, RequestStatus};
use despacho_core::missions::{self, MissionFilter, MissionStatus};
use despacho_core::publications::{self, PublicationFilter, PublicationStatus};
use despacho_core::{lists, AppError, ErrorCode, Store};

use crate::Out;

#[derive(Subcommand)]
pub enum AgreementsCmd {
    /// List agreements, the ones ending soonest first.
    List {
        #[arg(long, value_parser = |s: &str| AgreementStatus::parse(s).ok_or_else(|| format!("unknown status '{s}'")))]
        status: Option<AgreementStatus>,
        #[arg(long)]
        search: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum AssistanceCmd {
    /// List technical assistance requests, newest first.
    List {
        #[arg(long, value_parser = |s: &str| RequestStatus::parse(s).ok_or_else(|| format!("unknown status '{s}'")))]
        status: Option<RequestStatus>,
        /// Only requests not declined or closed.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        search: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum MissionsCmd {
    /// List missions, latest first.
    List {
        #[arg(long, value_parser = |s: &str| MissionStatus::parse(s).ok_or_else(|| format!("unknown status '{s}'")))]
        status: Option<MissionStatus>,
        #[arg(long)]
        country: Option<String>,
        #[arg(long)]
        search: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum PublicationsCmd {
    /// List information products, newest first.
    List {
        #[arg(long, value_parser = |s: &str| PublicationStatus::parse(s).ok_or_else(|| format!("unknown status '{s}'")))]
        status: Option<PublicationStatus>,
        #[arg(long)]
        search: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ContactsFormat {
    Csv,
    Vcf,
}

pub fn agreements_cmd(store: &Store, out: &Out, cmd: AgreementsCmd) -> Result<(), AppError> {
    let AgreementsCmd::List { status, search } = cmd;
    let list = agreements::list_agreements(
        store.conn(),
        &AgreementFilter {
            status,
            member_id: None,
            search,
        },
    )?;
    out.print(&list, |l| {
        l.iter()
            .map(|a| {
                format!(
                    "{}  {:<10} {:<10} {}  — {}",
                    a.id,
                    a.status.as_str(),
                    a.valid_to.as_deref().unwrap_or("-"),
                    a.counterpart,
                    a.subject
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

pub fn assistance_cmd(store: &Store, out: &Out, cmd: AssistanceCmd) -> Result<(), AppError> {
    let AssistanceCmd::List {
        status,
        open,
        search,
    } = cmd;
    let list = assistance::list_requests(
        store.conn(),
        &RequestFilter {
            status,
            open_only: open,
            search,
            ..Default::default()
        },
    )?;
    out.print(&list, |l| {
        l.iter()
            .map(|r| {
                format!(
                    "{}  {}  {:<16} {:<8} {}",
                    r.id,
                    r.received_on,
                    r.status.as_str(),
                    r.member_acronym,
                    r.title
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

pub fn missions_cmd(store: &Store, out: &Out, cmd: MissionsCmd) -> Result<(), AppError> {
    let MissionsCmd::List {
        status,
        country,
        search,
    } = cmd;
    let list = missions::list_missions(
        store.conn(),
        &MissionFilter {
            status,
            country,
            search,
        },
    )?;
    out.print(&list, |l| {
        l.iter()
            .map(|m| {
                format!(
                    "{}  {} → {}  {:<12} {}, {}  {}",
                    m.id,
                    m.start_date,
                    m.end_date,
                    m.status.as_str(),
                    m.city,
                    m.country,
                    m.purpose
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

pub fn publications_cmd(store: &Store, out: &Out, cmd: PublicationsCmd) -> Result<(), AppError> {
    let PublicationsCmd::List { status, search } = cmd;
    let list = publications::list_publications(
        store.conn(),
        &PublicationFilter {
            status,
            search,
            ..Default::default()
        },
    )?;
    out.print(&list, |l| {
        l.iter()
            .map(|p| {
                let langs: Vec<&str> = p.languages.iter().map(|l| l.as_str()).collect();
                format!(
                    "{}  {:<12} {:<11} [{}] {}",
                    p.id,
                    p.status.as_str(),
                    p.kind.as_str(),
                    langs.join(","),
                    p.title
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

/// `export contacts --list NAME --format csv|vcf --out FILE`.
pub fn export_contacts(
    store: &Store,
    out: &Out,
    list: &str,
    format: ContactsFormat,
    path: &PathBuf,
) -> Result<(), AppError> {
    let l = lists::find_list(store.conn(), list)?;
    let text = match format {
        ContactsFormat::Csv => lists::export_csv(store.conn(), &l.id)?,
        ContactsFormat::Vcf => lists::export_vcard(store.conn(), &l.id)?,
    };
    std::fs::write(path, text.as_bytes()).map_err(|e| {
        AppError::new(
            ErrorCode::Storage,
            format!("cannot write {}: {e}", path.display()),
        )
    })?;
    let n = l.recipient_count;
    out.print(
        &serde_json::json!({ "path": path, "list": l.name, "contacts": n }),
        |_| {
            format!(
                "exported {n} contact(s) of '{}' to {}",
                l.name,
                path.display()
            )
        },
    );
    Ok(())
}
