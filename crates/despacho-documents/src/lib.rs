//! Despacho's printed documents — session agendas (plain, annotated, bilingual), minutes,
//! session dossiers and financial reports — rendered to PDF in-process with Typst; the
//! financial reports also export to XLSX and CSV ([`finance`]).
//!
//! The input is a plain model ([`model`]), independent of `despacho-core`. Each render turns
//! it into a JSON file that the templates under `assets/templates/` read with `json(..)`:
//! user text is data, never markup, so a title such as `#set text(red) *x*` prints as typed.
//! Fonts (Libertinus Serif, from `typst-assets`) and the Typst standard library load once per
//! process ([`Renderer::global`]); output is byte-identical for identical input (the PDF's
//! creation date is the options' `generated_on`).

pub mod compliance;
pub mod eligibility;
pub mod finance;
pub mod model;
pub mod regulation;
pub mod session;
pub mod statements;
mod strings;
mod view;
mod world;

use std::sync::OnceLock;

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

pub use finance::{
    financial_report_csv, financial_report_xlsx, format_amount, ColumnKind, FinancialReport,
    Orientation, ReportNote, ReportRow, ReportTable, RowStyle,
};
pub use model::*;

use strings::Ymd;
use world::{DocWorld, Shared};

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The input is not printable as given (a malformed date, no language…).
    #[error("invalid document input: {0}")]
    InvalidInput(String),
    /// An annex of a dossier is not a PDF that can be read.
    #[error("annex {number} is not a readable PDF: {reason}")]
    Annex { number: String, reason: String },
    /// Typst could not lay out the document (a template bug or an unreadable logo).
    #[error("typesetting failed: {0}")]
    Typeset(String),
    /// The PDF could not be written.
    #[error("PDF export failed: {0}")]
    Export(String),
    /// The XLSX workbook could not be written.
    #[error("spreadsheet export failed: {0}")]
    Spreadsheet(String),
}

/// Renders documents. Holds nothing per document; the fonts, the templates and the Typst
/// standard library are loaded once per process, on first use, and shared by every render.
#[derive(Debug, Clone, Copy)]
pub struct Renderer {
    _private: (),
}

static RENDERER: OnceLock<Renderer> = OnceLock::new();

impl Renderer {
    /// The process-wide renderer.
    pub fn global() -> &'static Renderer {
        RENDERER.get_or_init(|| Renderer { _private: () })
    }

    /// Loads the fonts, templates and standard library now (e.g. on a background thread at
    /// start-up) instead of on the first render.
    pub fn warm_up(&self) {
        let _ = Shared::get();
    }

    /// The agenda of a session: single-language or bilingual, plain or annotated.
    pub fn render_agenda(
        &self,
        doc: &AgendaDocument,
        opts: &AgendaOptions,
    ) -> Result<Vec<u8>, DocumentError> {
        self.render_agenda_with_annexes(doc, opts, &[])
    }

    /// The session dossier: the agenda, then every page of every annex, in one PDF with
    /// continuous page numbers and a bookmark per agenda item and per annex.
    pub fn render_dossier(
        &self,
        doc: &AgendaDocument,
        opts: &AgendaOptions,
        annexes: &[Annex],
    ) -> Result<Vec<u8>, DocumentError> {
        self.render_agenda_with_annexes(doc, opts, annexes)
    }

    /// The minutes of a session.
    pub fn render_minutes(
        &self,
        doc: &MinutesDocument,
        opts: &MinutesOptions,
    ) -> Result<Vec<u8>, DocumentError> {
        let generated = parse_date("generated_on", &opts.generated_on)?;
        let data = view::minutes(doc, opts)?;
        let mut world = DocWorld::new("/minutes.typ", datetime(generated)?);
        world.add_file("/data.json", to_json(&data)?);
        if let Some(logo) = &doc.letterhead.logo_png {
            world.add_file(view::LOGO_PATH, logo.clone());
        }
        compile(&world, generated, "minutes")
    }

    /// A financial report (statements, budget against actual, notes, projection).
    pub fn render_financial_report(
        &self,
        report: &FinancialReport,
    ) -> Result<Vec<u8>, DocumentError> {
        let generated = parse_date("generated_on", &report.generated_on)?;
        let data = finance::report_view(report)?;
        let mut world = DocWorld::new("/statements.typ", datetime(generated)?);
        world.add_file("/data.json", to_json(&data)?);
        if let Some(logo) = &report.letterhead.logo_png {
            world.add_file(view::LOGO_PATH, logo.clone());
        }
        compile(&world, generated, "financial-report")
    }

    fn render_agenda_with_annexes(
        &self,
        doc: &AgendaDocument,
        opts: &AgendaOptions,
        annexes: &[Annex],
    ) -> Result<Vec<u8>, DocumentError> {
        let generated = parse_date("generated_on", &opts.generated_on)?;
        let mut annex_views = Vec::with_capacity(annexes.len());
        for (index, annex) in annexes.iter().enumerate() {
            let pages = count_pages(annex)?;
            annex_views.push(view::AnnexView {
                number: annex.number.clone(),
                title: annex.title.clone(),
                path: view::annex_path(index),
                pages,
            });
        }
        let data = view::agenda(doc, opts, annex_views)?;
        let mut world = DocWorld::new("/agenda.typ", datetime(generated)?);
        world.add_file("/data.json", to_json(&data)?);
        if let Some(logo) = &doc.letterhead.logo_png {
            world.add_file(view::LOGO_PATH, logo.clone());
        }
        for (index, annex) in annexes.iter().enumerate() {
            world.add_file(&view::annex_path(index), annex.pdf_bytes.clone());
        }
        compile(&world, generated, "agenda")
    }
}

/// Renders an agenda with the process-wide [`Renderer`].
pub fn render_agenda(doc: &AgendaDocument, opts: &AgendaOptions) -> Result<Vec<u8>, DocumentError> {
    Renderer::global().render_agenda(doc, opts)
}

/// Renders minutes with the process-wide [`Renderer`].
pub fn render_minutes(
    doc: &MinutesDocument,
    opts: &MinutesOptions,
) -> Result<Vec<u8>, DocumentError> {
    Renderer::global().render_minutes(doc, opts)
}

/// Renders a session dossier with the process-wide [`Renderer`].
pub fn render_dossier(
    agenda: &AgendaDocument,
    opts: &AgendaOptions,
    annexes: &[Annex],
) -> Result<Vec<u8>, DocumentError> {
    Renderer::global().render_dossier(agenda, opts, annexes)
}

/// Renders a financial report with the process-wide [`Renderer`].
pub fn render_financial_report(report: &FinancialReport) -> Result<Vec<u8>, DocumentError> {
    Renderer::global().render_financial_report(report)
}

/// The number of pages of a PDF, if it can be read.
pub fn page_count(pdf: &[u8]) -> Option<u32> {
    hayro_syntax::Pdf::new(pdf.to_vec())
        .ok()
        .map(|p| p.pages().len() as u32)
}

fn count_pages(annex: &Annex) -> Result<usize, DocumentError> {
    let error = |reason: String| DocumentError::Annex {
        number: annex.number.clone(),
        reason,
    };
    let pdf =
        hayro_syntax::Pdf::new(annex.pdf_bytes.clone()).map_err(|e| error(format!("{e:?}")))?;
    match pdf.pages().len() {
        0 => Err(error("it has no pages".to_owned())),
        n => Ok(n),
    }
}

/// Renders `template` (a path under `assets/templates/`) reading `data` as `/data.json`, with
/// the letterhead's logo if any.
pub(crate) fn render_data(
    template: &str,
    data: &impl serde::Serialize,
    logo_png: Option<&Vec<u8>>,
    generated_on: &str,
    kind: &str,
) -> Result<Vec<u8>, DocumentError> {
    let generated = parse_date("generated_on", generated_on)?;
    let mut world = DocWorld::new(template, datetime(generated)?);
    world.add_file("/data.json", to_json(data)?);
    if let Some(logo) = logo_png {
        world.add_file(view::LOGO_PATH, logo.clone());
    }
    compile(&world, generated, kind)
}

fn parse_date(field: &str, value: &str) -> Result<Ymd, DocumentError> {
    Ymd::parse(value).ok_or_else(|| {
        DocumentError::InvalidInput(format!("{field} must be a date YYYY-MM-DD, not {value:?}"))
    })
}

fn datetime(date: Ymd) -> Result<Datetime, DocumentError> {
    Datetime::from_ymd_hms(date.year, date.month, date.day, 0, 0, 0)
        .ok_or_else(|| DocumentError::InvalidInput(format!("{date:?} is out of range")))
}

fn to_json(value: &impl serde::Serialize) -> Result<Vec<u8>, DocumentError> {
    serde_json::to_vec(value).map_err(|e| DocumentError::InvalidInput(e.to_string()))
}

fn compile(world: &DocWorld, generated: Ymd, kind: &str) -> Result<Vec<u8>, DocumentError> {
    let result = typst::compile::<PagedDocument>(world).output;
    // Keep Typst's memoization cache bounded in a long-running app while still letting
    // consecutive renders reuse it.
    typst::comemo::evict(10);
    let document = result.map_err(|diags| DocumentError::Typeset(describe(world, &diags)))?;
    let options = PdfOptions {
        ident: Smart::Custom(format!("despacho-{kind}")),
        creator: Smart::Custom(Some(format!(
            "Despacho {} (Typst)",
            env!("CARGO_PKG_VERSION")
        ))),
        timestamp: Some(Timestamp::new_utc(datetime(generated)?)),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options)
        .map_err(|diags| DocumentError::Export(describe(world, &diags)))
}

fn describe(world: &DocWorld, diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let mut s = d.message.to_string();
            let file = d.span.id().and_then(|id| world.source(id).ok());
            if let (Some(file), Some(range)) = (file, world.range(d.span)) {
                let line = file.text()[..range.start].matches('\n').count() + 1;
                let path = file.id().vpath().get_with_slash().to_owned();
                s = format!("{path}:{line}: {s}");
            }
            for hint in &d.hints {
                s.push_str(" (hint: ");
                s.push_str(&hint.v);
                s.push(')');
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}
