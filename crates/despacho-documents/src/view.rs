//! What the templates receive as `/data.json`: the input with every text already resolved
//! to the printed language(s), dates in words and fixed strings looked up. The templates only
//! lay it out.

use serde::Serialize;

use crate::model::{
    AgendaDocument, AgendaOptions, AgendaStatus, Lang, Letterhead, Localized, MinutesDocument,
    MinutesOptions,
};
use crate::strings::{self, date_range, Strings, Ymd};
use crate::DocumentError;

pub const LOGO_PATH: &str = "/logo.png";

pub fn annex_path(index: usize) -> String {
    format!("/annex-{index}.pdf")
}

#[derive(Debug, Serialize)]
pub struct LetterheadView {
    organization: String,
    address: String,
    logo: Option<&'static str>,
}

impl LetterheadView {
    pub(crate) fn new(l: &Letterhead) -> LetterheadView {
        LetterheadView {
            organization: l.organization.clone(),
            address: l.address.clone(),
            logo: l.logo_png.as_ref().map(|_| LOGO_PATH),
        }
    }
}

/// One printed language: its code and fixed strings.
#[derive(Debug, Serialize)]
pub struct LangView {
    code: &'static str,
    t: Strings,
}

#[derive(Debug, Serialize)]
pub struct AnnexView {
    pub number: String,
    pub title: String,
    pub path: String,
    pub pages: usize,
}

#[derive(Debug, Serialize)]
pub struct ItemView {
    number: String,
    depth: u8,
    time: Option<String>,
    duration: Option<u32>,
    presenter: Option<String>,
    documents: Vec<String>,
    /// One entry per printed language, in the order of `langs`.
    kind: Vec<&'static str>,
    title: Vec<String>,
    note: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct AgendaView {
    letterhead: LetterheadView,
    langs: Vec<LangView>,
    body: Vec<String>,
    session: Vec<String>,
    session_kind: Vec<&'static str>,
    when: Vec<String>,
    generated: Vec<String>,
    start_time: String,
    time_zone: String,
    venue: Option<String>,
    link: Option<String>,
    provisional: bool,
    revision: u32,
    annotated: bool,
    has_times: bool,
    items: Vec<ItemView>,
    annexes: Vec<AnnexView>,
}

/// The text in `lang`, else in Spanish, else in any language given.
fn pick(text: &Localized, lang: Lang) -> String {
    text.get(&lang)
        .filter(|s| !s.trim().is_empty())
        .or_else(|| text.get(&Lang::Es).filter(|s| !s.trim().is_empty()))
        .or_else(|| text.values().find(|s| !s.trim().is_empty()))
        .cloned()
        .unwrap_or_default()
}

/// Only the text in `lang` (notes are not worth printing in another language).
fn exact(text: &Localized, lang: Lang) -> String {
    text.get(&lang).cloned().unwrap_or_default()
}

fn date(field: &str, value: &str) -> Result<Ymd, DocumentError> {
    Ymd::parse(value).ok_or_else(|| {
        DocumentError::InvalidInput(format!("{field} must be a date YYYY-MM-DD, not {value:?}"))
    })
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

pub fn agenda(
    doc: &AgendaDocument,
    opts: &AgendaOptions,
    annexes: Vec<AnnexView>,
) -> Result<AgendaView, DocumentError> {
    let langs = &opts.languages;
    if langs.is_empty() || langs.len() > 2 {
        return Err(DocumentError::InvalidInput(format!(
            "an agenda prints in one language or two side by side, not {}",
            langs.len()
        )));
    }
    if langs.len() == 2 && langs[0] == langs[1] {
        return Err(DocumentError::InvalidInput(
            "a bilingual agenda needs two different languages".to_owned(),
        ));
    }
    let start = date("start_date", &doc.start_date)?;
    let end = match &doc.end_date {
        Some(end) if !end.trim().is_empty() => Some(date("end_date", end)?),
        _ => None,
    };
    let generated = date("generated_on", &opts.generated_on)?;
    let per_lang = |f: &dyn Fn(Lang) -> String| langs.iter().map(|&l| f(l)).collect::<Vec<_>>();
    let items = doc
        .items
        .iter()
        .map(|line| ItemView {
            number: line.number.trim().to_owned(),
            depth: line.depth.min(4),
            time: non_empty(&line.start_time),
            duration: line.duration_minutes.filter(|&m| m > 0),
            presenter: non_empty(&line.presenter),
            documents: line
                .documents
                .iter()
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty())
                .collect(),
            kind: langs
                .iter()
                .map(|&l| strings::item_kind(l, line.kind))
                .collect(),
            title: per_lang(&|l| pick(&line.title, l)),
            note: if opts.annotated {
                per_lang(&|l| exact(&line.note, l))
            } else {
                Vec::new()
            },
        })
        .collect::<Vec<_>>();
    Ok(AgendaView {
        letterhead: LetterheadView::new(&doc.letterhead),
        langs: langs
            .iter()
            .map(|&l| LangView {
                code: l.code(),
                t: strings::strings(l),
            })
            .collect(),
        body: per_lang(&|l| pick(&doc.body_name, l)),
        session: per_lang(&|l| pick(&doc.session_name, l)),
        session_kind: langs
            .iter()
            .map(|&l| strings::session_kind(l, doc.kind))
            .collect(),
        when: per_lang(&|l| date_range(l, start, end)),
        generated: per_lang(&|l| generated.long(l)),
        start_time: doc.start_time.trim().to_owned(),
        time_zone: doc.time_zone.trim().to_owned(),
        venue: non_empty(&doc.venue),
        link: non_empty(&doc.virtual_link),
        provisional: doc.status == AgendaStatus::Provisional,
        revision: doc.revision,
        annotated: opts.annotated,
        has_times: items
            .iter()
            .any(|i| i.time.is_some() || i.duration.is_some()),
        items,
        annexes,
    })
}

#[derive(Debug, Serialize)]
pub struct AttendanceView {
    member: String,
    person: String,
    participation: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ActionView {
    description: String,
    owner: String,
    due: String,
}

#[derive(Debug, Serialize)]
pub struct MinutesView {
    letterhead: LetterheadView,
    lang: LangView,
    body: String,
    session: String,
    when: String,
    generated: String,
    venue: Option<String>,
    approved: bool,
    attendance: Vec<AttendanceView>,
    items: Vec<crate::model::MinutesItem>,
    actions: Vec<ActionView>,
}

pub fn minutes(doc: &MinutesDocument, opts: &MinutesOptions) -> Result<MinutesView, DocumentError> {
    let lang = opts.language;
    let when = date("date", &doc.date)?;
    let generated = date("generated_on", &opts.generated_on)?;
    let actions = doc
        .action_items
        .iter()
        .map(|a| {
            Ok(ActionView {
                description: a.description.clone(),
                owner: a.owner.clone(),
                due: match Ymd::parse(&a.due) {
                    Some(d) => d.long(lang),
                    None if a.due.trim().is_empty() => String::new(),
                    None => {
                        return Err(DocumentError::InvalidInput(format!(
                            "the due date of an action item must be YYYY-MM-DD, not {:?}",
                            a.due
                        )))
                    }
                },
            })
        })
        .collect::<Result<Vec<_>, DocumentError>>()?;
    Ok(MinutesView {
        letterhead: LetterheadView::new(&doc.letterhead),
        lang: LangView {
            code: lang.code(),
            t: strings::strings(lang),
        },
        body: pick(&doc.body_name, lang),
        session: pick(&doc.session_name, lang),
        when: when.long(lang),
        generated: generated.long(lang),
        venue: non_empty(&doc.venue),
        approved: doc.approved,
        attendance: doc
            .attendance
            .iter()
            .map(|a| AttendanceView {
                member: a.member.clone(),
                person: a.person.clone(),
                participation: strings::participation(lang, a.vote_or_voice),
            })
            .collect(),
        items: doc.items.clone(),
        actions,
    })
}
