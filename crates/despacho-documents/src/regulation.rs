//! A regulation project printed: the draft (its articles at a version or in the working
//! copy) and the redline comparison of two versions (deletions struck through in red,
//! insertions underlined in green, a legend), in one language, with
//! `assets/templates/regulation.typ`. The plain model below is independent of the core; the
//! bridge functions ([`draft_pdf`], [`redline_pdf`]) read the store through
//! `despacho_core::regulations`.

use despacho_core::regulations::{self, ArticleChange, RedlineKind, RegulationVersion};
use despacho_core::users::Language;
use despacho_core::AppError;
use rusqlite::Connection;
use serde::Serialize;

use crate::model::{Lang, Letterhead};
use crate::session::{document_error, lang, store_letterhead};
use crate::strings::{regulation_strings, RegulationStrings, Ymd};
use crate::view::{LetterheadView, LOGO_PATH};
use crate::world::DocWorld;
use crate::{compile, datetime, parse_date, to_json, DocumentError};

/// One article of the printed draft.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DraftArticle {
    pub number: String,
    pub heading: String,
    pub text: String,
}

/// A run of text in a comparison: `equal`, `insert` or `delete`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Segment {
    pub kind: &'static str,
    pub text: String,
}

/// One article of the printed comparison.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RedlineArticle {
    /// `added`, `removed`, `changed` or `unchanged`.
    pub change: &'static str,
    pub number: Vec<Segment>,
    pub heading: Vec<Segment>,
    pub text: Vec<Segment>,
}

/// What the draft or the comparison prints.
#[derive(Debug, Clone)]
pub struct RegulationDocument {
    pub letterhead: Letterhead,
    pub language: Lang,
    pub title: String,
    pub instrument: String,
    /// `YYYY-MM-DD`: printed, and the PDF's creation date.
    pub generated_on: String,
    pub body: RegulationBody,
}

#[derive(Debug, Clone)]
pub enum RegulationBody {
    Draft {
        /// "Versión 2 · Primer borrador · 3 de marzo de 2026" or the working copy's line.
        version: String,
        articles: Vec<DraftArticle>,
    },
    Redline {
        from: String,
        to: String,
        /// "1 artículo nuevo · 1 artículo suprimido · 3 artículos modificados".
        summary: String,
        articles: Vec<RedlineArticle>,
    },
}

#[derive(Serialize)]
struct View<'a> {
    letterhead: LetterheadView,
    lang: &'static str,
    t: RegulationStrings,
    title: &'a str,
    instrument: &'a str,
    generated: String,
    mode: &'static str,
    version: &'a str,
    articles: Option<&'a [DraftArticle]>,
    from: &'a str,
    to: &'a str,
    summary: &'a str,
    redline: Option<&'a [RedlineArticle]>,
}

/// Renders the draft or the comparison.
pub fn render(doc: &RegulationDocument) -> Result<Vec<u8>, DocumentError> {
    let generated = parse_date("generated_on", &doc.generated_on)?;
    let (mode, version, articles, from, to, summary, redline) = match &doc.body {
        RegulationBody::Draft { version, articles } => (
            "draft",
            version.as_str(),
            Some(articles.as_slice()),
            "",
            "",
            "",
            None,
        ),
        RegulationBody::Redline {
            from,
            to,
            summary,
            articles,
        } => (
            "redline",
            "",
            None,
            from.as_str(),
            to.as_str(),
            summary.as_str(),
            Some(articles.as_slice()),
        ),
    };
    let view = View {
        letterhead: LetterheadView::new(&doc.letterhead),
        lang: doc.language.code(),
        t: regulation_strings(doc.language),
        title: &doc.title,
        instrument: &doc.instrument,
        generated: generated.long(doc.language),
        mode,
        version,
        articles,
        from,
        to,
        summary,
        redline,
    };
    let mut world = DocWorld::new("/regulation.typ", datetime(generated)?);
    world.add_file("/data.json", to_json(&view)?);
    if let Some(logo) = &doc.letterhead.logo_png {
        world.add_file(LOGO_PATH, logo.clone());
    }
    compile(&world, generated, "regulation")
}

fn version_line(v: Option<&RegulationVersion>, language: Language) -> String {
    let t = regulation_strings(lang(language));
    match v {
        None => t.working_copy.to_string(),
        Some(v) => {
            let mut s = format!("{} {}", t.version, v.number);
            if !v.label.is_empty() {
                s.push_str(" · ");
                s.push_str(&v.label);
            }
            if let Some(d) = v.created_at.get(..10).and_then(Ymd::parse) {
                s.push_str(" · ");
                s.push_str(&d.long(lang(language)));
            }
            s
        }
    }
}

/// The draft of a project at `version` (None: the working copy) in `language` (an article
/// without text in that language prints its Spanish text).
pub fn draft_document(
    conn: &Connection,
    project_id: &str,
    version: Option<u32>,
    language: Language,
    generated_on: &str,
) -> Result<RegulationDocument, AppError> {
    let text = regulations::regulation_text(conn, project_id, version)?;
    Ok(RegulationDocument {
        letterhead: store_letterhead(conn)?,
        language: lang(language),
        title: text.project.title(language).to_string(),
        instrument: text.project.instrument.clone(),
        generated_on: generated_on.to_string(),
        body: RegulationBody::Draft {
            version: version_line(text.version.as_ref(), language),
            articles: text
                .articles
                .iter()
                .map(|a| DraftArticle {
                    number: a.number.clone(),
                    heading: regulations::texts_get(&a.headings, language).to_string(),
                    text: regulations::texts_get(&a.texts, language).to_string(),
                })
                .collect(),
        },
    })
}

fn segments(s: &[regulations::RedlineSegment]) -> Vec<Segment> {
    s.iter()
        .map(|x| Segment {
            kind: match x.kind {
                RedlineKind::Equal => "equal",
                RedlineKind::Insert => "insert",
                RedlineKind::Delete => "delete",
            },
            text: x.text.clone(),
        })
        .collect()
}

/// The comparison of `from` and `to` (versions; None: the working copy) in `language`.
pub fn redline_document(
    conn: &Connection,
    project_id: &str,
    from: Option<u32>,
    to: Option<u32>,
    language: Language,
    generated_on: &str,
) -> Result<RegulationDocument, AppError> {
    let a = regulations::regulation_text(conn, project_id, from)?;
    let b = regulations::regulation_text(conn, project_id, to)?;
    let r = regulations::compare(conn, project_id, from, to, language)?;
    let t = regulation_strings(lang(language));
    let summary = [
        (r.added, t.added),
        (r.removed, t.removed),
        (r.changed, t.changed),
    ]
    .iter()
    .map(|(n, what)| format!("{what}: {n}"))
    .collect::<Vec<_>>()
    .join(" · ");
    Ok(RegulationDocument {
        letterhead: store_letterhead(conn)?,
        language: lang(language),
        title: a.project.title(language).to_string(),
        instrument: a.project.instrument.clone(),
        generated_on: generated_on.to_string(),
        body: RegulationBody::Redline {
            from: version_line(a.version.as_ref(), language),
            to: version_line(b.version.as_ref(), language),
            summary,
            articles: r
                .articles
                .iter()
                .map(|x| RedlineArticle {
                    change: match x.change {
                        ArticleChange::Added => "added",
                        ArticleChange::Removed => "removed",
                        ArticleChange::Changed => "changed",
                        ArticleChange::Unchanged => "unchanged",
                    },
                    number: segments(&x.number),
                    heading: segments(&x.heading),
                    text: segments(&x.text),
                })
                .collect(),
        },
    })
}

/// The draft as PDF.
pub fn draft_pdf(
    conn: &Connection,
    project_id: &str,
    version: Option<u32>,
    language: Language,
    generated_on: &str,
) -> Result<Vec<u8>, AppError> {
    let doc = draft_document(conn, project_id, version, language, generated_on)?;
    render(&doc).map_err(document_error)
}

/// The comparison as PDF.
pub fn redline_pdf(
    conn: &Connection,
    project_id: &str,
    from: Option<u32>,
    to: Option<u32>,
    language: Language,
    generated_on: &str,
) -> Result<Vec<u8>, AppError> {
    let doc = redline_document(conn, project_id, from, to, language, generated_on)?;
    render(&doc).map_err(document_error)
}
