//! `print agenda|minutes|dossier|statements|mission|regulation|redline|eligibility|compliance`: documents as PDF, rendered by
//! despacho-documents.

use std::path::PathBuf;

use clap::Subcommand;
use despacho_core::users::Language;
use despacho_core::{store, AppError, ErrorCode, Store};
use despacho_documents::session::{self, DocumentKind, PrintRequest};

use crate::Out;

#[derive(Subcommand)]
pub enum PrintCmd {
    /// A session's agenda: one language, or two side by side (es+en).
    Agenda {
        session: String,
        /// es, en, pt, fr, or a pair such as es+en.
        #[arg(long, default_value = "es", value_parser = parse_languages)]
        lang: Langs,
        /// Print each item's note (the annotated agenda).
        #[arg(long)]
        annotated: bool,
        #[arg(long)]
        out: PathBuf,
    },
    /// A session's minutes.
    Minutes {
        session: String,
        #[arg(long, default_value = "es", value_parser = parse_languages)]
        lang: Langs,
        #[arg(long)]
        out: PathBuf,
    },
    /// A mission's order and itinerary.
    Mission {
        mission: String,
        #[arg(long, default_value = "es", value_parser = parse_one_language)]
        lang: Language,
        #[arg(long)]
        out: PathBuf,
    },
    /// The financial statements for the General Assembly (IPSAS), with the notes.
    Statements {
        #[arg(long)]
        year: u16,
        #[arg(long, default_value = "es", value_parser = parse_one_language)]
        lang: Language,
        #[arg(long)]
        out: PathBuf,
    },
    /// A regulation project's draft, at a saved version or (default) the working copy.
    Regulation {
        project: String,
        /// A version number, or `working` (the default).
        #[arg(long, value_parser = crate::regulations::parse_version)]
        version: Option<crate::regulations::Version>,
        #[arg(long, default_value = "es", value_parser = parse_one_language)]
        lang: Language,
        #[arg(long)]
        out: PathBuf,
    },
    /// The compliance report for a period: per instrument, the obligations and their
    /// occurrences (due date, status, evidence, sign-off), and a summary.
    Compliance {
        /// YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        to: String,
        #[arg(long, default_value = "es", value_parser = parse_one_language)]
        lang: Language,
        #[arg(long)]
        out: PathBuf,
    },
    /// The redline comparison of two versions of a regulation project.
    Redline {
        project: String,
        /// A version number, or `working`.
        #[arg(long, value_parser = crate::regulations::parse_version)]
        from: crate::regulations::Version,
        /// A version number, or `working`.
        #[arg(long, value_parser = crate::regulations::parse_version)]
        to: crate::regulations::Version,
        #[arg(long, default_value = "es", value_parser = parse_one_language)]
        lang: Language,
        #[arg(long)]
        out: PathBuf,
    },
    /// The eligibility report of an election call: a signed version (--version N, default the
    /// latest while the call is signed), or the current draft marked DRAFT.
    Eligibility {
        call: String,
        #[arg(long, default_value = "es", value_parser = parse_one_language)]
        lang: Language,
        #[arg(long)]
        version: Option<u32>,
        #[arg(long)]
        out: PathBuf,
    },
    /// The agenda followed by every PDF attached to its items, in one file.
    Dossier {
        session: String,
        #[arg(long, default_value = "es", value_parser = parse_languages)]
        lang: Langs,
        #[arg(long)]
        out: PathBuf,
    },
}

fn parse_one_language(s: &str) -> Result<Language, String> {
    Language::parse(s.trim())
        .ok_or_else(|| format!("unknown language '{s}'; one of: es, en, pt, fr"))
}

/// One language or a pair for a bilingual document.
#[derive(Clone, Debug)]
pub struct Langs(Vec<Language>);

/// `es` or `es+en`.
fn parse_languages(s: &str) -> Result<Langs, String> {
    s.split('+')
        .map(|l| {
            Language::parse(l.trim()).ok_or_else(|| {
                format!("unknown language '{l}'; use es, en, pt, fr or a pair like es+en")
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Langs)
}

pub fn print_cmd(store: &Store, out: &Out, cmd: PrintCmd) -> Result<(), AppError> {
    let (session_id, kind, languages, path) = match cmd {
        PrintCmd::Agenda {
            session,
            lang,
            annotated,
            out,
        } => (
            session,
            if annotated {
                DocumentKind::AnnotatedAgenda
            } else {
                DocumentKind::Agenda
            },
            lang,
            out,
        ),
        PrintCmd::Minutes { session, lang, out } => (session, DocumentKind::Minutes, lang, out),
        PrintCmd::Dossier { session, lang, out } => (session, DocumentKind::Dossier, lang, out),
        PrintCmd::Statements {
            year,
            lang,
            out: path,
        } => return crate::finance::print_statements(store, out, year, lang, &path),
        PrintCmd::Eligibility {
            call,
            lang,
            version,
            out: path,
        } => {
            let pdf = despacho_documents::eligibility::render(
                store.conn(),
                &call,
                lang,
                version,
                &store::today().to_string(),
            )?;
            return write_pdf(out, &path, &pdf);
        }
        PrintCmd::Compliance {
            from,
            to,
            lang,
            out: path,
        } => {
            let pdf = despacho_documents::compliance::compliance_report(
                store.conn(),
                &from,
                &to,
                lang,
                &store::today().to_string(),
            )?;
            return write_pdf(out, &path, &pdf);
        }
        PrintCmd::Mission {
            mission,
            lang,
            out: path,
        } => {
            let doc = despacho_documents::statements::mission_order(
                store.conn(),
                &mission,
                lang,
                &store::today().to_string(),
            )?;
            let pdf = despacho_documents::statements::pdf(&doc)?;
            return write_pdf(out, &path, &pdf);
        }
        PrintCmd::Regulation {
            project,
            version,
            lang,
            out: path,
        } => {
            let pdf = despacho_documents::regulation::draft_pdf(
                store.conn(),
                &project,
                version.and_then(|v| v.0),
                lang,
                &store::today().to_string(),
            )?;
            return write_pdf(out, &path, &pdf);
        }
        PrintCmd::Redline {
            project,
            from,
            to,
            lang,
            out: path,
        } => {
            let pdf = despacho_documents::regulation::redline_pdf(
                store.conn(),
                &project,
                from.0,
                to.0,
                lang,
                &store::today().to_string(),
            )?;
            return write_pdf(out, &path, &pdf);
        }
    };
    let request = PrintRequest {
        kind,
        languages: languages.0,
    };
    let pdf = session::render(
        store.conn(),
        &session_id,
        &request,
        &store::today().to_string(),
    )?;
    write_pdf(out, &path, &pdf)
}

fn write_pdf(out: &Out, path: &std::path::Path, pdf: &[u8]) -> Result<(), AppError> {
    std::fs::write(path, pdf).map_err(|e| {
        AppError::new(
            ErrorCode::Storage,
            format!("cannot write {}: {e}", path.display()),
        )
    })?;
    let pages = despacho_documents::page_count(pdf).unwrap_or(0);
    out.print(
        &serde_json::json!({ "path": path, "pages": pages, "bytes": pdf.len() }),
        |_| format!("wrote {} ({pages} page(s))", path.display()),
    );
    Ok(())
}
