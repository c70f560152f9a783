//! Regulation projects: drafts of the organization's rules that the General Secretariat
//! prepares for the Standing Committee. A project has a title per language, the instrument it
//! amends or creates, and ordered articles (number, heading and text per language; Spanish
//! required). "Save version" snapshots the articles (immutable, numbered 1, 2, 3…); a redline
//! compares any two versions (or a version and the working copy) word by word, matching
//! articles by their id so that renumbering shows as a number change. Comments per article.
//!
//! Status: draft → submitted → approved | returned. The working copy changes only in draft
//! (or returned: the committee sent it back, it is edited and submitted again). Submitting
//! adds an item to the agenda of a chosen Standing Committee session (through the agenda's
//! operations, in the same transaction), attaches the draft's PDF when the caller rendered
//! one, and records the link both ways (the submission row names the agenda item;
//! [`project_for_agenda_item`] finds the project from the item). The committee's decision is
//! recorded with `ReviewCompliance`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::agenda::{self, ItemInput, ItemKind};
use crate::attachments;
use crate::audit;
use crate::error::{AppError, ErrorCode, Result};
use crate::sessions::{self, Session, SessionStatus};
use crate::store::{new_id, now, today, Scope};
use crate::users::{Language, Permission, User};
use crate::validate;

/// The Standing Committee (CPISS): seeded with this fixed id by migration 0004.
pub const STANDING_COMMITTEE_BODY_ID: &str = "01940000-0000-7000-8000-000000000002";

/// Texts per language.
pub type Texts = BTreeMap<Language, String>;

// ---------------------------------------------------------------------------------------------
// Types

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RegulationStatus {
    Draft,
    Submitted,
    Approved,
    Returned,
}

impl RegulationStatus {
    pub const ALL: [RegulationStatus; 4] = [
        RegulationStatus::Draft,
        RegulationStatus::Submitted,
        RegulationStatus::Approved,
        RegulationStatus::Returned,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RegulationStatus::Draft => "draft",
            RegulationStatus::Submitted => "submitted",
            RegulationStatus::Approved => "approved",
            RegulationStatus::Returned => "returned",
        }
    }
    pub fn parse(s: &str) -> Option<RegulationStatus> {
        RegulationStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
    /// May the working copy change (articles, title, versions)? In draft, and once returned.
    pub fn editable(self) -> bool {
        matches!(self, RegulationStatus::Draft | RegulationStatus::Returned)
    }
}

/// The Standing Committee's decision on a submitted project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RegulationDecision {
    Approved,
    Returned,
}

impl RegulationDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            RegulationDecision::Approved => "approved",
            RegulationDecision::Returned => "returned",
        }
    }
    pub fn parse(s: &str) -> Option<RegulationDecision> {
        match s {
            "approved" => Some(RegulationDecision::Approved),
            "returned" => Some(RegulationDecision::Returned),
            _ => None,
        }
    }
}

/// A regulation project as listed.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct RegulationProject {
    pub id: String,
    /// Spanish required.
    pub titles: Texts,
    /// The instrument it amends or creates.
    pub instrument: String,
    /// Working languages, Spanish first.
    pub languages: Vec<Language>,
    pub status: RegulationStatus,
    pub article_count: u32,
    pub version_count: u32,
    /// The working copy differs from the last saved version (or none was saved).
    pub has_unsaved_changes: bool,
    pub open_comments: u32,
    /// The session and agenda item of the latest submission, if any.
    pub session_id: Option<String>,
    pub agenda_item_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl RegulationProject {
    /// The title in `lang`, else in Spanish.
    pub fn title(&self, lang: Language) -> &str {
        texts_get(&self.titles, lang)
    }
}

/// The text in `lang`, else the Spanish one.
pub fn texts_get(t: &Texts, lang: Language) -> &str {
    t.get(&lang)
        .filter(|s| !s.is_empty())
        .or_else(|| t.get(&Language::Es))
        .map(String::as_str)
        .unwrap_or("")
}

/// What a user fills in to create or edit a project.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct RegulationProjectInput {
    pub titles: Texts,
    pub instrument: String,
    /// Must include Spanish (empty: Spanish only).
    pub languages: Vec<Language>,
}

/// An article of the working copy.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct RegulationArticle {
    pub id: String,
    /// Place in the draft, from 0.
    pub position: u16,
    /// "1", "5 bis", "Transitorio primero".
    pub number: String,
    pub headings: Texts,
    pub texts: Texts,
    pub open_comments: u32,
}

/// What a user fills in for an article.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct RegulationArticleInput {
    pub number: String,
    pub headings: Texts,
    /// Spanish required.
    pub texts: Texts,
}

/// A saved version (immutable).
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct RegulationVersion {
    pub id: String,
    pub number: u32,
    pub label: String,
    pub created_at: String,
    pub created_by: Option<String>,
    pub created_by_name: Option<String>,
    pub article_count: u32,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct RegulationComment {
    pub id: String,
    pub article_id: String,
    pub author_id: Option<String>,
    pub author_name: Option<String>,
    pub body: String,
    pub resolved: bool,
    pub resolved_at: Option<String>,
    pub resolved_by_name: Option<String>,
    pub created_at: String,
}

/// One submission to a Standing Committee session and the committee's decision.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct RegulationSubmission {
    pub id: String,
    pub version_number: u32,
    pub session_id: String,
    pub session_name: String,
    /// RFC 3339.
    pub session_starts_at: String,
    pub agenda_item_id: String,
    /// The draft's PDF attached to the agenda item, if one was.
    pub attachment_id: Option<String>,
    pub submitted_at: String,
    pub submitted_by_name: Option<String>,
    pub decision: Option<RegulationDecision>,
    pub decision_note: String,
    /// `YYYY-MM-DD`.
    pub decided_on: Option<String>,
}

/// A project with its articles, versions, comments and submissions.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct RegulationProjectDetail {
    pub project: RegulationProject,
    pub articles: Vec<RegulationArticle>,
    /// Oldest first.
    pub versions: Vec<RegulationVersion>,
    /// Oldest first.
    pub comments: Vec<RegulationComment>,
    /// Oldest first.
    pub submissions: Vec<RegulationSubmission>,
}

/// An article as saved in a version (or as it is in the working copy).
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ArticleSnapshot {
    /// The stable id of the article (the same across versions and renumbering).
    pub article_id: String,
    pub number: String,
    pub headings: Texts,
    pub texts: Texts,
}

/// The text of a project at a version or in its working copy (for printing).
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct RegulationText {
    pub project: RegulationProject,
    /// None: the working copy.
    pub version: Option<RegulationVersion>,
    pub articles: Vec<ArticleSnapshot>,
}

// ---------------------------------------------------------------------------------------------
// The word-by-word diff (pure)

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RedlineKind {
    Equal,
    Insert,
    Delete,
}

/// A run of text that is the same in both, only in the newer, or only in the older.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RedlineSegment {
    pub kind: RedlineKind,
    pub text: String,
}

/// Cuts text into words (runs of letters and digits, accents included), runs of whitespace,
/// and single other characters (punctuation), so that the tokens concatenated give the text back.
pub fn tokenize(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Other,
    }
    let class = |c: char| {
        if c.is_alphanumeric() {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut current: Option<Class> = None;
    for (i, c) in text.char_indices() {
        let k = class(c);
        match current {
            Some(prev) if prev == k && k != Class::Other => {}
            Some(_) => {
                out.push(&text[start..i]);
                start = i;
            }
            None => {}
        }
        current = Some(k);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The word-by-word difference from `old` to `new`. The equal and deleted segments give `old`
/// back, the equal and inserted ones give `new`. Adjacent changes are grouped (a deletion
/// before an insertion), and whitespace alone between two changes joins them, so that
/// "[-the red-]{+a blue+} car" reads as one replacement.
pub fn diff_words(old: &str, new: &str) -> Vec<RedlineSegment> {
    let a = tokenize(old);
    let b = tokenize(new);
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
    // Raw segments, one per op.
    let mut raw: Vec<(RedlineKind, String)> = Vec::new();
    for op in ops {
        match op {
            similar::DiffOp::Equal { old_index, len, .. } => {
                raw.push((RedlineKind::Equal, a[old_index..old_index + len].concat()))
            }
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => raw.push((
                RedlineKind::Delete,
                a[old_index..old_index + old_len].concat(),
            )),
            similar::DiffOp::Insert {
                new_index, new_len, ..
            } => raw.push((
                RedlineKind::Insert,
                b[new_index..new_index + new_len].concat(),
            )),
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                raw.push((
                    RedlineKind::Delete,
                    a[old_index..old_index + old_len].concat(),
                ));
                raw.push((
                    RedlineKind::Insert,
                    b[new_index..new_index + new_len].concat(),
                ));
            }
        }
    }
    // Group runs of changes; whitespace-only equal runs between two changes join the group.
    let mut out: Vec<RedlineSegment> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if raw[i].0 == RedlineKind::Equal {
            push_segment(&mut out, RedlineKind::Equal, &raw[i].1);
            i += 1;
            continue;
        }
        let (mut del, mut ins) = (String::new(), String::new());
        loop {
            match raw.get(i) {
                Some((RedlineKind::Delete, t)) => del.push_str(t),
                Some((RedlineKind::Insert, t)) => ins.push_str(t),
                Some((RedlineKind::Equal, t))
                    if t.chars().all(char::is_whitespace)
                        && raw.get(i + 1).is_some_and(|n| n.0 != RedlineKind::Equal) =>
                {
                    del.push_str(t);
                    ins.push_str(t);
                }
                _ => break,
            }
            i += 1;
        }
        push_segment(&mut out, RedlineKind::Delete, &del);
        push_segment(&mut out, RedlineKind::Insert, &ins);
    }
    out
}

fn push_segment(out: &mut Vec<RedlineSegment>, kind: RedlineKind, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => out.push(RedlineSegment {
            kind,
            text: text.to_string(),
        }),
    }
}

/// The segments as readable text: `[-deleted-]`, `{+inserted+}`, the rest as is.
pub fn segments_text(segments: &[RedlineSegment]) -> String {
    let mut s = String::new();
    for seg in segments {
        match seg.kind {
            RedlineKind::Equal => s.push_str(&seg.text),
            RedlineKind::Delete => {
                s.push_str("[-");
                s.push_str(&seg.text);
                s.push_str("-]");
            }
            RedlineKind::Insert => {
                s.push_str("{+");
                s.push_str(&seg.text);
                s.push_str("+}");
            }
        }
    }
    s
}

/// The text on one side of the segments: the old one (`RedlineKind::Delete`) or the new one.
pub fn rebuild(segments: &[RedlineSegment], side: RedlineKind) -> String {
    segments
        .iter()
        .filter(|s| s.kind == RedlineKind::Equal || s.kind == side)
        .map(|s| s.text.as_str())
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ArticleChange {
    Added,
    Removed,
    Changed,
    Unchanged,
}

/// One article in a comparison.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ArticleRedline {
    pub article_id: String,
    pub change: ArticleChange,
    /// None when added.
    pub number_from: Option<String>,
    /// None when removed.
    pub number_to: Option<String>,
    pub number: Vec<RedlineSegment>,
    pub heading: Vec<RedlineSegment>,
    pub text: Vec<RedlineSegment>,
}

/// Compares two lists of articles in one language, matching them by article id. The result
/// follows the newer order; a removed article is placed after the article that preceded it
/// in the older list.
pub fn compare_articles(
    from: &[ArticleSnapshot],
    to: &[ArticleSnapshot],
    lang: Language,
) -> Vec<ArticleRedline> {
    let text = |t: &Texts| t.get(&lang).cloned().unwrap_or_default();
    let old: HashMap<&str, &ArticleSnapshot> =
        from.iter().map(|a| (a.article_id.as_str(), a)).collect();
    let new_ids: HashMap<&str, usize> = to
        .iter()
        .enumerate()
        .map(|(i, a)| (a.article_id.as_str(), i))
        .collect();
    let mut out: Vec<ArticleRedline> = to
        .iter()
        .map(|n| match old.get(n.article_id.as_str()) {
            Some(o) => {
                let number = diff_words(&o.number, &n.number);
                let heading = diff_words(&text(&o.headings), &text(&n.headings));
                let body = diff_words(&text(&o.texts), &text(&n.texts));
                let same = |s: &[RedlineSegment]| s.iter().all(|x| x.kind == RedlineKind::Equal);
                let change = if same(&number) && same(&heading) && same(&body) {
                    ArticleChange::Unchanged
                } else {
                    ArticleChange::Changed
                };
                ArticleRedline {
                    article_id: n.article_id.clone(),
                    change,
                    number_from: Some(o.number.clone()),
                    number_to: Some(n.number.clone()),
                    number,
                    heading,
                    text: body,
                }
            }
            None => ArticleRedline {
                article_id: n.article_id.clone(),
                change: ArticleChange::Added,
                number_from: None,
                number_to: Some(n.number.clone()),
                number: diff_words("", &n.number),
                heading: diff_words("", &text(&n.headings)),
                text: diff_words("", &text(&n.texts)),
            },
        })
        .collect();
    // Removed articles, after their predecessor in the older list (that is still there).
    let mut anchor: Option<String> = None;
    for o in from {
        if new_ids.contains_key(o.article_id.as_str()) {
            anchor = Some(o.article_id.clone());
            continue;
        }
        let at = match &anchor {
            Some(id) => out
                .iter()
                .position(|r| &r.article_id == id)
                .map(|p| p + 1)
                .unwrap_or(0),
            None => 0,
        };
        // After any removed articles already placed behind the same anchor.
        let mut at = at;
        while at < out.len() && out[at].change == ArticleChange::Removed {
            at += 1;
        }
        out.insert(
            at,
            ArticleRedline {
                article_id: o.article_id.clone(),
                change: ArticleChange::Removed,
                number_from: Some(o.number.clone()),
                number_to: None,
                number: diff_words(&o.number, ""),
                heading: diff_words(&text(&o.headings), ""),
                text: diff_words(&text(&o.texts), ""),
            },
        );
        anchor = Some(o.article_id.clone());
    }
    out
}

/// A comparison between two states of a project, in one language.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Redline {
    pub project_id: String,
    pub language: Language,
    /// None: the working copy.
    pub from_version: Option<u32>,
    pub to_version: Option<u32>,
    pub from_label: String,
    pub to_label: String,
    pub articles: Vec<ArticleRedline>,
    pub added: u32,
    pub removed: u32,
    pub changed: u32,
}

/// The comparison as readable text (the CLI's `regulations diff`).
pub fn redline_text(r: &Redline) -> String {
    let side = |v: Option<u32>, label: &str| match v {
        Some(n) if label.is_empty() => format!("version {n}"),
        Some(n) => format!("version {n} ({label})"),
        None => "working copy".to_string(),
    };
    let mut s = format!(
        "--- {}\n+++ {}\nlanguage: {}; {} added, {} removed, {} changed\n",
        side(r.from_version, &r.from_label),
        side(r.to_version, &r.to_label),
        r.language.as_str(),
        r.added,
        r.removed,
        r.changed
    );
    for a in &r.articles {
        let mark = match a.change {
            ArticleChange::Added => '+',
            ArticleChange::Removed => '-',
            ArticleChange::Changed => '~',
            ArticleChange::Unchanged => '=',
        };
        s.push('\n');
        s.push(mark);
        s.push(' ');
        s.push_str(&segments_text(&a.number));
        let heading = segments_text(&a.heading);
        if !heading.is_empty() {
            s.push_str(". ");
            s.push_str(&heading);
        }
        s.push('\n');
        for line in segments_text(&a.text).lines() {
            s.push_str("  ");
            s.push_str(line);
            s.push('\n');
        }
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Validation

fn check_languages(langs: &[Language]) -> Vec<Language> {
    let mut out = vec![Language::Es];
    for l in langs {
        if !out.contains(l) {
            out.push(*l);
        }
    }
    out
}

fn check_texts(
    prefix: &str,
    texts: &Texts,
    max: usize,
    multiline: bool,
    spanish_required: bool,
) -> Result<Texts> {
    let mut out = Texts::new();
    for (lang, t) in texts {
        let field = format!("{prefix}_{}", lang.as_str());
        let v = if multiline {
            validate::long_text(&field, t, max)?
        } else {
            validate::optional_text(&field, t, max)?
        };
        if !v.is_empty() {
            out.insert(*lang, v);
        }
    }
    if spanish_required && !out.contains_key(&Language::Es) {
        let field = format!("{prefix}_es");
        return Err(AppError::field(
            ErrorCode::Required,
            &field,
            format!("the {prefix} in Spanish is required"),
        ));
    }
    Ok(out)
}

struct ValidProject {
    titles: Texts,
    instrument: String,
    languages: Vec<Language>,
}

fn validate_project(input: &RegulationProjectInput) -> Result<ValidProject> {
    Ok(ValidProject {
        titles: check_texts("title", &input.titles, 500, false, true)?,
        instrument: validate::optional_text("instrument", &input.instrument, 300)?,
        languages: check_languages(&input.languages),
    })
}

struct ValidArticle {
    number: String,
    headings: Texts,
    texts: Texts,
}

fn validate_article(input: &RegulationArticleInput) -> Result<ValidArticle> {
    Ok(ValidArticle {
        number: validate::required_text("number", &input.number, 60)?,
        headings: check_texts("heading", &input.headings, 300, false, false)?,
        texts: check_texts("text", &input.texts, 20_000, true, true)?,
    })
}

fn col(t: &Texts, lang: Language) -> &str {
    t.get(&lang).map(String::as_str).unwrap_or("")
}

// ---------------------------------------------------------------------------------------------
// Reads

fn lang_map(r: &Row, start: usize) -> rusqlite::Result<Texts> {
    let mut out = Texts::new();
    for (i, lang) in Language::ALL.into_iter().enumerate() {
        let v: String = r.get(start + i)?;
        if !v.is_empty() {
            out.insert(lang, v);
        }
    }
    Ok(out)
}

fn parse_languages(s: &str) -> Vec<Language> {
    check_languages(&s.split(',').filter_map(Language::parse).collect::<Vec<_>>())
}

const PROJECT_COLUMNS: &str = "p.id, p.title_es, p.title_en, p.title_pt, p.title_fr, p.instrument, p.languages, p.status, p.created_at, p.updated_at,
    (SELECT count(*) FROM regulation_articles a WHERE a.project_id = p.id AND a.deleted_at IS NULL),
    (SELECT count(*) FROM regulation_versions v WHERE v.project_id = p.id),
    (SELECT count(*) FROM regulation_comments c JOIN regulation_articles a ON a.id = c.article_id
       WHERE c.project_id = p.id AND c.resolved = 0 AND c.deleted_at IS NULL AND a.deleted_at IS NULL),
    (SELECT s.session_id FROM regulation_submissions s WHERE s.project_id = p.id ORDER BY s.submitted_at DESC, s.id DESC LIMIT 1),
    (SELECT s.agenda_item_id FROM regulation_submissions s WHERE s.project_id = p.id ORDER BY s.submitted_at DESC, s.id DESC LIMIT 1)";

fn project_from_row(r: &Row) -> rusqlite::Result<RegulationProject> {
    Ok(RegulationProject {
        id: r.get(0)?,
        titles: lang_map(r, 1)?,
        instrument: r.get(5)?,
        languages: parse_languages(&r.get::<_, String>(6)?),
        status: RegulationStatus::parse(&r.get::<_, String>(7)?).unwrap_or(RegulationStatus::Draft),
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
        article_count: r.get(10)?,
        version_count: r.get(11)?,
        open_comments: r.get(12)?,
        session_id: r.get(13)?,
        agenda_item_id: r.get(14)?,
        has_unsaved_changes: false,
    })
}

fn load_project(conn: &Connection, id: &str) -> Result<RegulationProject> {
    let mut p = conn
        .query_row(
            &format!("SELECT {PROJECT_COLUMNS} FROM regulation_projects p WHERE p.id = ?1 AND p.deleted_at IS NULL"),
            [id.trim()],
            project_from_row,
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("regulation project", id))?;
    p.has_unsaved_changes = unsaved(conn, &p)?;
    Ok(p)
}

fn unsaved(conn: &Connection, p: &RegulationProject) -> Result<bool> {
    let last = last_version_number(conn, &p.id)?;
    Ok(match last {
        None => p.article_count > 0,
        Some(n) => working_snapshot(conn, &p.id)? != version_snapshot(conn, &p.id, n)?,
    })
}

/// Every live regulation project, the most recently changed first.
pub fn list_projects(conn: &Connection) -> Result<Vec<RegulationProject>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {PROJECT_COLUMNS} FROM regulation_projects p WHERE p.deleted_at IS NULL ORDER BY p.updated_at DESC, p.id"
    ))?;
    let rows = st.query_map([], project_from_row)?;
    let mut out = rows.collect::<Result<Vec<_>, _>>()?;
    for p in &mut out {
        p.has_unsaved_changes = unsaved(conn, p)?;
    }
    Ok(out)
}

const ARTICLE_COLUMNS: &str = "a.id, a.position, a.number, a.heading_es, a.heading_en, a.heading_pt, a.heading_fr,
    a.text_es, a.text_en, a.text_pt, a.text_fr,
    (SELECT count(*) FROM regulation_comments c WHERE c.article_id = a.id AND c.resolved = 0 AND c.deleted_at IS NULL)";

fn articles(conn: &Connection, project_id: &str) -> Result<Vec<RegulationArticle>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {ARTICLE_COLUMNS} FROM regulation_articles a WHERE a.project_id = ?1 AND a.deleted_at IS NULL ORDER BY a.position, a.id"
    ))?;
    let rows = st.query_map([project_id], |r| {
        Ok(RegulationArticle {
            id: r.get(0)?,
            position: r.get(1)?,
            number: r.get(2)?,
            headings: lang_map(r, 3)?,
            texts: lang_map(r, 7)?,
            open_comments: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn working_snapshot(conn: &Connection, project_id: &str) -> Result<Vec<ArticleSnapshot>> {
    Ok(articles(conn, project_id)?
        .into_iter()
        .map(|a| ArticleSnapshot {
            article_id: a.id,
            number: a.number,
            headings: a.headings,
            texts: a.texts,
        })
        .collect())
}

fn version_snapshot(
    conn: &Connection,
    project_id: &str,
    number: u32,
) -> Result<Vec<ArticleSnapshot>> {
    let version = load_version(conn, project_id, number)?;
    let mut st = conn.prepare_cached(
        "SELECT article_id, number, heading_es, heading_en, heading_pt, heading_fr, text_es, text_en, text_pt, text_fr
         FROM regulation_version_articles WHERE version_id = ?1 ORDER BY position, id",
    )?;
    let rows = st.query_map([&version.id], |r| {
        Ok(ArticleSnapshot {
            article_id: r.get(0)?,
            number: r.get(1)?,
            headings: lang_map(r, 2)?,
            texts: lang_map(r, 6)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

const VERSION_COLUMNS: &str = "v.id, v.number, v.label, v.created_at, v.created_by, u.full_name,
    (SELECT count(*) FROM regulation_version_articles x WHERE x.version_id = v.id)";

fn version_from_row(r: &Row) -> rusqlite::Result<RegulationVersion> {
    Ok(RegulationVersion {
        id: r.get(0)?,
        number: r.get(1)?,
        label: r.get(2)?,
        created_at: r.get(3)?,
        created_by: r.get(4)?,
        created_by_name: r.get(5)?,
        article_count: r.get(6)?,
    })
}

fn load_version(conn: &Connection, project_id: &str, number: u32) -> Result<RegulationVersion> {
    conn.query_row(
        &format!("SELECT {VERSION_COLUMNS} FROM regulation_versions v LEFT JOIN users u ON u.id = v.created_by
                  WHERE v.project_id = ?1 AND v.number = ?2"),
        params![project_id, number],
        version_from_row,
    )
    .optional()?
    .ok_or_else(|| {
        AppError::field(
            ErrorCode::NotFound,
            "version",
            format!("the project has no version {number}"),
        )
    })
}

/// The saved versions of a project, oldest first.
pub fn list_versions(conn: &Connection, project_id: &str) -> Result<Vec<RegulationVersion>> {
    let p = load_project(conn, project_id)?;
    let mut st = conn.prepare_cached(&format!(
        "SELECT {VERSION_COLUMNS} FROM regulation_versions v LEFT JOIN users u ON u.id = v.created_by
         WHERE v.project_id = ?1 ORDER BY v.number"
    ))?;
    let rows = st.query_map([&p.id], version_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn last_version_number(conn: &Connection, project_id: &str) -> Result<Option<u32>> {
    Ok(conn.query_row(
        "SELECT max(number) FROM regulation_versions WHERE project_id = ?1",
        [project_id],
        |r| r.get(0),
    )?)
}

fn comments(conn: &Connection, project_id: &str) -> Result<Vec<RegulationComment>> {
    let mut st = conn.prepare_cached(
        "SELECT c.id, c.article_id, c.author_id, u.full_name, c.body, c.resolved, c.resolved_at, r.full_name, c.created_at
         FROM regulation_comments c JOIN regulation_articles a ON a.id = c.article_id
         LEFT JOIN users u ON u.id = c.author_id LEFT JOIN users r ON r.id = c.resolved_by
         WHERE c.project_id = ?1 AND c.deleted_at IS NULL AND a.deleted_at IS NULL ORDER BY c.created_at, c.id",
    )?;
    let rows = st.query_map([project_id], |r| {
        Ok(RegulationComment {
            id: r.get(0)?,
            article_id: r.get(1)?,
            author_id: r.get(2)?,
            author_name: r.get(3)?,
            body: r.get(4)?,
            resolved: r.get::<_, i64>(5)? != 0,
            resolved_at: r.get(6)?,
            resolved_by_name: r.get(7)?,
            created_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn submissions(conn: &Connection, project_id: &str) -> Result<Vec<RegulationSubmission>> {
    let mut st = conn.prepare_cached(
        "SELECT x.id, x.version_number, x.session_id, s.name, s.starts_at, x.agenda_item_id, x.attachment_id,
                x.submitted_at, u.full_name, x.decision, x.decision_note, x.decided_on
         FROM regulation_submissions x JOIN sessions s ON s.id = x.session_id
         LEFT JOIN users u ON u.id = x.submitted_by
         WHERE x.project_id = ?1 ORDER BY x.submitted_at, x.id",
    )?;
    let rows = st.query_map([project_id], |r| {
        Ok(RegulationSubmission {
            id: r.get(0)?,
            version_number: r.get(1)?,
            session_id: r.get(2)?,
            session_name: r.get(3)?,
            session_starts_at: r.get(4)?,
            agenda_item_id: r.get(5)?,
            attachment_id: r.get(6)?,
            submitted_at: r.get(7)?,
            submitted_by_name: r.get(8)?,
            decision: r
                .get::<_, Option<String>>(9)?
                .as_deref()
                .and_then(RegulationDecision::parse),
            decision_note: r.get(10)?,
            decided_on: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A project with its articles, versions, comments and submissions.
pub fn get_project(conn: &Connection, id: &str) -> Result<RegulationProjectDetail> {
    let project = load_project(conn, id)?;
    Ok(RegulationProjectDetail {
        articles: articles(conn, &project.id)?,
        versions: list_versions(conn, &project.id)?,
        comments: comments(conn, &project.id)?,
        submissions: submissions(conn, &project.id)?,
        project,
    })
}

/// The text of a project at `version` (None: the working copy).
pub fn regulation_text(
    conn: &Connection,
    project_id: &str,
    version: Option<u32>,
) -> Result<RegulationText> {
    let project = load_project(conn, project_id)?;
    Ok(match version {
        Some(n) => RegulationText {
            version: Some(load_version(conn, &project.id, n)?),
            articles: version_snapshot(conn, &project.id, n)?,
            project,
        },
        None => RegulationText {
            version: None,
            articles: working_snapshot(conn, &project.id)?,
            project,
        },
    })
}

/// Compares `from` with `to` (version numbers; None: the working copy) in `lang`.
pub fn compare(
    conn: &Connection,
    project_id: &str,
    from: Option<u32>,
    to: Option<u32>,
    lang: Language,
) -> Result<Redline> {
    let a = regulation_text(conn, project_id, from)?;
    let b = regulation_text(conn, project_id, to)?;
    let articles = compare_articles(&a.articles, &b.articles, lang);
    let count = |k: ArticleChange| articles.iter().filter(|x| x.change == k).count() as u32;
    Ok(Redline {
        project_id: a.project.id.clone(),
        language: lang,
        from_version: from,
        to_version: to,
        from_label: a.version.map(|v| v.label).unwrap_or_default(),
        to_label: b.version.map(|v| v.label).unwrap_or_default(),
        added: count(ArticleChange::Added),
        removed: count(ArticleChange::Removed),
        changed: count(ArticleChange::Changed),
        articles,
    })
}

/// The project whose submission added this agenda item, if any (the agenda item's side of
/// the link).
pub fn project_for_agenda_item(
    conn: &Connection,
    agenda_item_id: &str,
) -> Result<Option<RegulationProject>> {
    let id: Option<String> = conn
        .query_row(
            "SELECT x.project_id FROM regulation_submissions x JOIN regulation_projects p ON p.id = x.project_id
             WHERE x.agenda_item_id = ?1 AND p.deleted_at IS NULL",
            [agenda_item_id.trim()],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| load_project(conn, &id)).transpose()
}

/// The sessions a project may be submitted to: the Standing Committee's, not yet held, that
/// start in the future, soonest first.
pub fn eligible_sessions(conn: &Connection) -> Result<Vec<Session>> {
    let now = Utc::now();
    Ok(sessions::list_sessions(
        conn,
        &sessions::SessionFilter {
            body: Some(STANDING_COMMITTEE_BODY_ID.into()),
            ..Default::default()
        },
    )?
    .into_iter()
    .filter(|s| check_session(s, now).is_ok())
    .collect())
}

/// Why a session cannot receive a project, if it cannot.
fn check_session(s: &Session, now: DateTime<Utc>) -> Result<()> {
    if s.body_id != STANDING_COMMITTEE_BODY_ID {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "session_id",
            "regulation projects go to a session of the Standing Committee",
        ));
    }
    if s.status >= SessionStatus::Held {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "session_id",
            format!(
                "the session is {}; its agenda no longer changes",
                s.status.as_str()
            ),
        ));
    }
    let starts = DateTime::parse_from_rfc3339(&s.starts_at)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("stored start: {e}")))?;
    if starts.with_timezone(&Utc) <= now {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "session_id",
            "the session has already started",
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Writes

fn editable_project(conn: &Connection, id: &str) -> Result<RegulationProject> {
    let p = load_project(conn, id)?;
    if !p.status.editable() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "status",
            format!(
                "the project is {}; its text changes only in draft or once returned",
                p.status.as_str()
            ),
        ));
    }
    Ok(p)
}

fn touch(tx: &Transaction, actor: &User, project_id: &str) -> Result<()> {
    tx.execute(
        "UPDATE regulation_projects SET updated_at = ?2, updated_by = ?3 WHERE id = ?1",
        params![project_id, now(), actor.id],
    )?;
    Ok(())
}

/// Creates a project (a draft without articles).
pub fn create_project(
    store: &mut impl Scope,
    actor: &User,
    input: &RegulationProjectInput,
) -> Result<RegulationProjectDetail> {
    actor.require(Permission::EditCompliance)?;
    let v = validate_project(input)?;
    store.transaction(|tx| {
        let id = new_id();
        let at = now();
        let langs: Vec<&str> = v.languages.iter().map(|l| l.as_str()).collect();
        tx.execute(
            "INSERT INTO regulation_projects (id, title_es, title_en, title_pt, title_fr, instrument, languages, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?9)",
            params![id, col(&v.titles, Language::Es), col(&v.titles, Language::En), col(&v.titles, Language::Pt), col(&v.titles, Language::Fr),
                    v.instrument, langs.join(","), at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "regulations.create", "regulation_project", Some(&id),
            &json!({ "title": col(&v.titles, Language::Es), "instrument": v.instrument }))?;
        get_project(tx, &id)
    })
}

/// Replaces a project's titles, instrument and working languages (draft or returned only).
pub fn update_project(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &RegulationProjectInput,
) -> Result<RegulationProjectDetail> {
    actor.require(Permission::EditCompliance)?;
    let v = validate_project(input)?;
    store.transaction(|tx| {
        let p = editable_project(tx, id)?;
        let langs: Vec<&str> = v.languages.iter().map(|l| l.as_str()).collect();
        tx.execute(
            "UPDATE regulation_projects SET title_es = ?2, title_en = ?3, title_pt = ?4, title_fr = ?5, instrument = ?6, languages = ?7,
               updated_at = ?8, updated_by = ?9 WHERE id = ?1",
            params![p.id, col(&v.titles, Language::Es), col(&v.titles, Language::En), col(&v.titles, Language::Pt), col(&v.titles, Language::Fr),
                    v.instrument, langs.join(","), now(), actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "regulations.update", "regulation_project", Some(&p.id),
            &json!({ "title": col(&v.titles, Language::Es), "instrument": v.instrument }))?;
        get_project(tx, &p.id)
    })
}

fn check_number_free(
    tx: &Connection,
    project_id: &str,
    number: &str,
    except: Option<&str>,
) -> Result<()> {
    let taken: Option<String> = tx
        .query_row(
            "SELECT id FROM regulation_articles WHERE project_id = ?1 AND deleted_at IS NULL
               AND lower(trim(number)) = lower(trim(?2)) AND id IS NOT ?3",
            params![project_id, number, except],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Err(AppError::field(
            ErrorCode::Duplicate,
            "number",
            format!("the project already has an article {number}"),
        ));
    }
    Ok(())
}

fn live_article_ids(tx: &Connection, project_id: &str) -> Result<Vec<String>> {
    let mut st = tx.prepare_cached(
        "SELECT id FROM regulation_articles WHERE project_id = ?1 AND deleted_at IS NULL ORDER BY position, id",
    )?;
    let rows = st.query_map([project_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn renumber(tx: &Transaction, ids: &[String]) -> Result<()> {
    for (i, id) in ids.iter().enumerate() {
        tx.execute(
            "UPDATE regulation_articles SET position = ?2 WHERE id = ?1 AND position IS NOT ?2",
            params![id, i as i64],
        )?;
    }
    Ok(())
}

/// The project an article belongs to (live articles only).
fn article_project(conn: &Connection, article_id: &str) -> Result<(String, String)> {
    conn.query_row(
        "SELECT project_id, number FROM regulation_articles WHERE id = ?1 AND deleted_at IS NULL",
        [article_id.trim()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("article", article_id))
}

/// Adds an article at `position` (None: last).
pub fn add_article(
    store: &mut impl Scope,
    actor: &User,
    project_id: &str,
    position: Option<u16>,
    input: &RegulationArticleInput,
) -> Result<RegulationProjectDetail> {
    actor.require(Permission::EditCompliance)?;
    let v = validate_article(input)?;
    store.transaction(|tx| {
        let p = editable_project(tx, project_id)?;
        check_number_free(tx, &p.id, &v.number, None)?;
        let mut ids = live_article_ids(tx, &p.id)?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO regulation_articles (id, project_id, position, number, heading_es, heading_en, heading_pt, heading_fr,
               text_es, text_en, text_pt, text_fr, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)",
            params![id, p.id, ids.len() as i64, v.number,
                    col(&v.headings, Language::Es), col(&v.headings, Language::En), col(&v.headings, Language::Pt), col(&v.headings, Language::Fr),
                    col(&v.texts, Language::Es), col(&v.texts, Language::En), col(&v.texts, Language::Pt), col(&v.texts, Language::Fr),
                    at, actor.id],
        )?;
        let at_pos = position.map(usize::from).unwrap_or(ids.len()).min(ids.len());
        ids.insert(at_pos, id.clone());
        renumber(tx, &ids)?;
        touch(tx, actor, &p.id)?;
        audit::record(tx, Some(&actor.id), "regulations.add_article", "regulation_article", Some(&id),
            &json!({ "project_id": p.id, "number": v.number, "position": at_pos }))?;
        get_project(tx, &p.id)
    })
}

/// Replaces an article's number, headings and texts.
pub fn update_article(
    store: &mut impl Scope,
    actor: &User,
    article_id: &str,
    input: &RegulationArticleInput,
) -> Result<RegulationProjectDetail> {
    actor.require(Permission::EditCompliance)?;
    let v = validate_article(input)?;
    store.transaction(|tx| {
        let (project_id, before) = article_project(tx, article_id)?;
        let p = editable_project(tx, &project_id)?;
        check_number_free(tx, &p.id, &v.number, Some(article_id.trim()))?;
        tx.execute(
            "UPDATE regulation_articles SET number = ?2, heading_es = ?3, heading_en = ?4, heading_pt = ?5, heading_fr = ?6,
               text_es = ?7, text_en = ?8, text_pt = ?9, text_fr = ?10, updated_at = ?11, updated_by = ?12 WHERE id = ?1",
            params![article_id.trim(), v.number,
                    col(&v.headings, Language::Es), col(&v.headings, Language::En), col(&v.headings, Language::Pt), col(&v.headings, Language::Fr),
                    col(&v.texts, Language::Es), col(&v.texts, Language::En), col(&v.texts, Language::Pt), col(&v.texts, Language::Fr),
                    now(), actor.id],
        )?;
        touch(tx, actor, &p.id)?;
        audit::record(tx, Some(&actor.id), "regulations.update_article", "regulation_article", Some(article_id.trim()),
            &json!({ "project_id": p.id, "number_before": before, "number": v.number }))?;
        get_project(tx, &p.id)
    })
}

/// Moves an article to `position` (from 0; past the end: last).
pub fn move_article(
    store: &mut impl Scope,
    actor: &User,
    article_id: &str,
    position: u16,
) -> Result<RegulationProjectDetail> {
    actor.require(Permission::EditCompliance)?;
    store.transaction(|tx| {
        let (project_id, number) = article_project(tx, article_id)?;
        let p = editable_project(tx, &project_id)?;
        let mut ids = live_article_ids(tx, &p.id)?;
        let id = article_id.trim().to_string();
        let from = ids.iter().position(|x| *x == id).unwrap_or(0);
        ids.remove(from);
        let to = usize::from(position).min(ids.len());
        ids.insert(to, id.clone());
        renumber(tx, &ids)?;
        touch(tx, actor, &p.id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "regulations.move_article",
            "regulation_article",
            Some(&id),
            &json!({ "project_id": p.id, "number": number, "from": from, "to": to }),
        )?;
        get_project(tx, &p.id)
    })
}

/// Removes an article from the working copy (a tombstone: saved versions keep it).
pub fn remove_article(
    store: &mut impl Scope,
    actor: &User,
    article_id: &str,
) -> Result<RegulationProjectDetail> {
    actor.require(Permission::EditCompliance)?;
    store.transaction(|tx| {
        let (project_id, number) = article_project(tx, article_id)?;
        let p = editable_project(tx, &project_id)?;
        let at = now();
        tx.execute(
            "UPDATE regulation_articles SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![article_id.trim(), at, actor.id],
        )?;
        renumber(tx, &live_article_ids(tx, &p.id)?)?;
        touch(tx, actor, &p.id)?;
        audit::record(tx, Some(&actor.id), "regulations.remove_article", "regulation_article", Some(article_id.trim()),
            &json!({ "project_id": p.id, "number": number }))?;
        get_project(tx, &p.id)
    })
}

/// Writes a version from the working copy; returns its number.
fn save_version_tx(tx: &Transaction, actor: &User, project_id: &str, label: &str) -> Result<u32> {
    let number = last_version_number(tx, project_id)?.unwrap_or(0) + 1;
    let id = new_id();
    let at = now();
    tx.execute(
        "INSERT INTO regulation_versions (id, project_id, number, label, created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6)",
        params![id, project_id, number, label, at, actor.id],
    )?;
    for (i, a) in articles(tx, project_id)?.into_iter().enumerate() {
        tx.execute(
            "INSERT INTO regulation_version_articles (id, version_id, article_id, position, number, heading_es, heading_en, heading_pt, heading_fr,
               text_es, text_en, text_pt, text_fr, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15)",
            params![new_id(), id, a.id, i as i64, a.number,
                    col(&a.headings, Language::Es), col(&a.headings, Language::En), col(&a.headings, Language::Pt), col(&a.headings, Language::Fr),
                    col(&a.texts, Language::Es), col(&a.texts, Language::En), col(&a.texts, Language::Pt), col(&a.texts, Language::Fr),
                    at, actor.id],
        )?;
    }
    audit::record(
        tx,
        Some(&actor.id),
        "regulations.save_version",
        "regulation_version",
        Some(&id),
        &json!({ "project_id": project_id, "number": number, "label": label }),
    )?;
    Ok(number)
}

/// Saves the working copy as the next version, with a label. Refused when the project has no
/// article or nothing changed since the last version.
pub fn save_version(
    store: &mut impl Scope,
    actor: &User,
    project_id: &str,
    label: &str,
) -> Result<RegulationProjectDetail> {
    actor.require(Permission::EditCompliance)?;
    let label = validate::optional_text("label", label, 200)?;
    store.transaction(|tx| {
        let p = editable_project(tx, project_id)?;
        if p.article_count == 0 {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "articles",
                "a version needs at least one article",
            ));
        }
        if !p.has_unsaved_changes {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "version",
                "nothing changed since the last saved version",
            ));
        }
        save_version_tx(tx, actor, &p.id, &label)?;
        touch(tx, actor, &p.id)?;
        get_project(tx, &p.id)
    })
}

/// Adds a comment to an article (in any status: reviewers comment on submitted drafts too).
pub fn add_comment(
    store: &mut impl Scope,
    actor: &User,
    article_id: &str,
    body: &str,
) -> Result<RegulationProjectDetail> {
    actor.require(Permission::EditCompliance)?;
    let body = validate::long_text("body", body, 5000)?;
    if body.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "body",
            "the comment is empty",
        ));
    }
    store.transaction(|tx| {
        let (project_id, number) = article_project(tx, article_id)?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO regulation_comments (id, project_id, article_id, author_id, body, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?4)",
            params![id, project_id, article_id.trim(), actor.id, body, at],
        )?;
        audit::record(tx, Some(&actor.id), "regulations.add_comment", "regulation_comment", Some(&id),
            &json!({ "project_id": project_id, "article": number }))?;
        get_project(tx, &project_id)
    })
}

/// Marks a comment resolved (or open again).
pub fn resolve_comment(
    store: &mut impl Scope,
    actor: &User,
    comment_id: &str,
    resolved: bool,
) -> Result<RegulationProjectDetail> {
    actor.require(Permission::EditCompliance)?;
    store.transaction(|tx| {
        let (project_id, was): (String, i64) = tx
            .query_row(
                "SELECT project_id, resolved FROM regulation_comments WHERE id = ?1 AND deleted_at IS NULL",
                [comment_id.trim()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| AppError::not_found("comment", comment_id))?;
        if (was != 0) == resolved {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "resolved",
                if resolved { "the comment is already resolved" } else { "the comment is already open" },
            ));
        }
        let at = now();
        tx.execute(
            "UPDATE regulation_comments SET resolved = ?2, resolved_at = ?3, resolved_by = ?4, updated_at = ?5, updated_by = ?6 WHERE id = ?1",
            params![comment_id.trim(), resolved as i64, resolved.then(|| at.clone()), resolved.then(|| actor.id.clone()), at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "regulations.resolve_comment", "regulation_comment", Some(comment_id.trim()),
            &json!({ "project_id": project_id, "resolved": resolved }))?;
        get_project(tx, &project_id)
    })
}

/// Submits a project to a Standing Committee session: saves a version if the working copy
/// changed since the last one, adds a decision item to the session's agenda (titled in the
/// session's languages; on an approved agenda this starts a new revision, as every agenda
/// change does), attaches `draft_pdf` (the rendered draft, if the caller has one) to the item,
/// records the submission (linking the project and the item both ways) and marks the project
/// submitted. Refused for a session of another body, one that started, was held or closed.
pub fn submit(
    store: &mut impl Scope,
    actor: &User,
    project_id: &str,
    session_id: &str,
    draft_pdf: Option<&Path>,
) -> Result<RegulationProjectDetail> {
    actor.require(Permission::EditCompliance)?;
    actor.require(Permission::EditSessions)?;
    // Check what can be checked before copying the file (an orphan copy is harmless anyway).
    {
        let conn = store.conn();
        let p = editable_project(conn, project_id)?;
        if p.article_count == 0 {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "articles",
                "a project without articles cannot be submitted",
            ));
        }
        let s = sessions::get_session(conn, session_id).map_err(|e| AppError {
            field: Some("session_id".into()),
            ..e
        })?;
        check_session(&s, Utc::now())?;
    }
    let kept = match draft_pdf {
        Some(path) => {
            let dir = attachments::data_dir(store.conn())?;
            let (sha, size) = attachments::keep_file(&dir, path)?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| "proyecto.pdf".into());
            Some((sha, size, name))
        }
        None => None,
    };
    store.transaction(|tx| {
        let p = editable_project(tx, project_id)?;
        let session = sessions::get_session(tx, session_id)?;
        check_session(&session, Utc::now())?;
        let version = if p.has_unsaved_changes {
            save_version_tx(tx, actor, &p.id, &format!("Presentada a {}", session.name))?
        } else {
            last_version_number(tx, &p.id)?.unwrap_or(0)
        };
        let mut titles = BTreeMap::new();
        for lang in &session.languages {
            if let Some(t) = p.titles.get(lang).filter(|t| !t.is_empty()) {
                titles.insert(*lang, t.clone());
            }
        }
        titles
            .entry(session.main_language())
            .or_insert_with(|| p.title(Language::Es).to_string());
        let mut notes = BTreeMap::new();
        if !p.instrument.is_empty() {
            notes.insert(Language::Es, format!("{} — versión {version}", p.instrument));
        }
        let item_id = agenda::add_item_tx(
            tx,
            actor,
            &session.id,
            None,
            None,
            &ItemInput {
                kind: ItemKind::Decision,
                presenter: "Secretaría General".into(),
                duration_minutes: 20,
                titles,
                notes,
            },
        )?;
        let attachment_id = match &kept {
            Some((sha, size, name)) => Some(attachments::attach_kept_file_tx(
                tx,
                actor,
                &item_id,
                &format!("Proyecto: {} (versión {version})", p.title(Language::Es)),
                name,
                sha,
                *size,
            )?),
            None => None,
        };
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO regulation_submissions (id, project_id, version_number, session_id, agenda_item_id, attachment_id, submitted_at, submitted_by,
               created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?7, ?8)",
            params![id, p.id, version, session.id, item_id, attachment_id, at, actor.id],
        )?;
        tx.execute(
            "UPDATE regulation_projects SET status = 'submitted', updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![p.id, at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "regulations.submit", "regulation_project", Some(&p.id),
            &json!({ "session_id": session.id, "agenda_item_id": item_id, "version": version, "attached": attachment_id.is_some() }))?;
        get_project(tx, &p.id)
    })
}

/// Records the Standing Committee's decision on the submitted project: approved, or returned
/// with a note (the project can then be edited and submitted again). `decided_on` defaults to
/// today and is not in the future.
pub fn record_decision(
    store: &mut impl Scope,
    actor: &User,
    project_id: &str,
    decision: RegulationDecision,
    note: &str,
    decided_on: Option<&str>,
) -> Result<RegulationProjectDetail> {
    actor.require(Permission::ReviewCompliance)?;
    let note = validate::long_text("note", note, 5000)?;
    if decision == RegulationDecision::Returned && note.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "note",
            "say why the committee returned the project",
        ));
    }
    let on = validate::date("decided_on", decided_on)?.unwrap_or_else(today);
    if on > today() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "decided_on",
            "the decision date is in the future",
        ));
    }
    store.transaction(|tx| {
        let p = load_project(tx, project_id)?;
        if p.status != RegulationStatus::Submitted {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                format!("the project is {}; only a submitted project gets a decision", p.status.as_str()),
            ));
        }
        let sub: String = tx.query_row(
            "SELECT id FROM regulation_submissions WHERE project_id = ?1 ORDER BY submitted_at DESC, id DESC LIMIT 1",
            [&p.id],
            |r| r.get(0),
        )?;
        let at = now();
        tx.execute(
            "UPDATE regulation_submissions SET decision = ?2, decision_note = ?3, decided_on = ?4, decided_by = ?5, updated_at = ?6, updated_by = ?5 WHERE id = ?1",
            params![sub, decision.as_str(), note, on.to_string(), actor.id, at],
        )?;
        tx.execute(
            "UPDATE regulation_projects SET status = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![p.id, decision.as_str(), at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "regulations.decide", "regulation_project", Some(&p.id),
            &json!({ "decision": decision.as_str(), "decided_on": on.to_string(), "note": note }))?;
        get_project(tx, &p.id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(old: &str, new: &str) -> Vec<RedlineSegment> {
        let d = diff_words(old, new);
        assert_eq!(rebuild(&d, RedlineKind::Delete), old);
        assert_eq!(rebuild(&d, RedlineKind::Insert), new);
        d
    }

    #[test]
    fn tokens_keep_everything() {
        let t = tokenize("Artículo 5 bis.—  Las cuotas, (anuales)");
        assert_eq!(t.concat(), "Artículo 5 bis.—  Las cuotas, (anuales)");
        assert_eq!(
            t,
            vec![
                "Artículo",
                " ",
                "5",
                " ",
                "bis",
                ".",
                "—",
                "  ",
                "Las",
                " ",
                "cuotas",
                ",",
                " ",
                "(",
                "anuales",
                ")"
            ]
        );
    }

    #[test]
    fn word_change_with_accents() {
        let d = check(
            "La Comisión aprobará el presupuesto.",
            "La Comisión revisará el presupuesto.",
        );
        assert_eq!(
            segments_text(&d),
            "La Comisión [-aprobará-]{+revisará+} el presupuesto."
        );
    }

    #[test]
    fn accent_only_change_is_a_word_change() {
        let d = check("el articulo 3", "el artículo 3");
        assert_eq!(segments_text(&d), "el [-articulo-]{+artículo+} 3");
    }

    #[test]
    fn punctuation_changes_alone() {
        let d = check("los fondos, las cuotas", "los fondos; las cuotas");
        assert_eq!(segments_text(&d), "los fondos[-,-]{+;+} las cuotas");
    }

    #[test]
    fn whitespace_changes_are_seen() {
        let d = check("dos  espacios", "dos espacios");
        assert_eq!(segments_text(&d), "dos[-  -]{+ +}espacios");
        let d = check("línea\nnueva", "línea nueva");
        assert_eq!(segments_text(&d), "línea[-\n-]{+ +}nueva");
    }

    #[test]
    fn adjacent_changes_group_across_spaces() {
        let d = check("the red car", "a blue car");
        assert_eq!(segments_text(&d), "[-the red-]{+a blue+} car");
    }

    #[test]
    fn empty_and_identical() {
        assert!(check("", "").is_empty());
        assert_eq!(
            segments_text(&check("", "Nuevo texto.")),
            "{+Nuevo texto.+}"
        );
        assert_eq!(
            segments_text(&check("Texto suprimido.", "")),
            "[-Texto suprimido.-]"
        );
        let same = check("Igual, idéntico.", "Igual, idéntico.");
        assert_eq!(
            same,
            vec![RedlineSegment {
                kind: RedlineKind::Equal,
                text: "Igual, idéntico.".into()
            }]
        );
    }

    fn art(id: &str, number: &str, es: &str) -> ArticleSnapshot {
        ArticleSnapshot {
            article_id: id.into(),
            number: number.into(),
            headings: Texts::new(),
            texts: [(Language::Es, es.to_string())].into_iter().collect(),
        }
    }

    #[test]
    fn articles_match_by_id() {
        let from = vec![
            art("a", "1", "Uno."),
            art("b", "2", "Dos."),
            art("c", "3", "Tres."),
        ];
        let to = vec![
            art("a", "1", "Uno."),
            art("n", "2", "Nuevo."),
            art("c", "3", "Tres y más."),
        ];
        let r = compare_articles(&from, &to, Language::Es);
        let kinds: Vec<(&str, ArticleChange)> = r
            .iter()
            .map(|x| (x.article_id.as_str(), x.change))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("a", ArticleChange::Unchanged),
                ("b", ArticleChange::Removed),
                ("n", ArticleChange::Added),
                ("c", ArticleChange::Changed),
            ]
        );
        // Renumbering is a change of number, not a removal and an addition.
        let r = compare_articles(
            &[art("a", "3", "Texto.")],
            &[art("a", "4", "Texto.")],
            Language::Es,
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].change, ArticleChange::Changed);
        assert_eq!(segments_text(&r[0].number), "[-3-]{+4+}");
        assert!(r[0].text.iter().all(|s| s.kind == RedlineKind::Equal));
        // Another language without text: unchanged there.
        let r = compare_articles(&from, &from, Language::En);
        assert!(r.iter().all(|x| x.change == ArticleChange::Unchanged));
        assert!(compare_articles(&[], &[], Language::Es).is_empty());
    }
}
