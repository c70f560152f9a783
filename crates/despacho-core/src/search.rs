//! Global search over every kind of record: members, contacts, sessions, agenda items,
//! minutes, resolutions, action items, agreements, assistance requests, missions,
//! publications and budget lines.
//!
//! The index is the FTS5 table `search_index` (migration 0008), accent- and case-insensitive
//! (`unicode61 remove_diacritics 2`: "aprobacion" finds "Aprobación"). Triggers keep it up to
//! date in the same transaction as every change, so this module only reads it.
//!
//! The user's text is never handed to FTS5 as a query: it is cut into words (runs of letters
//! and digits; everything else — quotes, `*`, `-`, parentheses, `:` — separates words), each
//! word is quoted as a literal, the last one also matches as a prefix when it has two letters
//! or more ("seguri" finds "Seguridad"), and all must match. Operators such as `NEAR`, `OR` or `NOT` are just words.
//!
//! Hits are marked here, not by FTS5's `highlight()`/`snippet()`: those re-run the match for
//! each hit (~0.2–3 ms each, seconds for a one-letter query over 12 kinds), while reading a
//! hit's stored text by rowid costs microseconds. The marking folds words as the tokenizer does
//! (lower case, no diacritics) and applies the same whole-word / last-word-prefix rule; it only
//! shows where the hits are, the index decides what matches. Titles and snippets come as
//! segments `{text, hit}`, never as markup.
//!
//! Ranking, within each kind: a member whose acronym is exactly the query comes first; then
//! bm25 with a title hit weighing ten times a body hit; ties by id. The kinds come in a
//! fixed order ([`SearchKind::ALL`]), and a kind without hits is left out.
//!
//! Reading: whoever is signed in may read every record, so the search shows everything. When
//! roles restrict reading, filter the groups here.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{AppError, ErrorCode, Result};

/// At most this many words of a query are searched; the rest are ignored (a search box holds
/// a few words; this bounds the work whatever is pasted into it).
pub const MAX_TERMS: usize = 16;
/// The most hits returned per kind.
pub const MAX_LIMIT_PER_KIND: u32 = 100;
/// How many words a snippet of a record's body shows, and how many of them come before the
/// first hit.
const SNIPPET_WORDS: usize = 24;
const SNIPPET_BEFORE: usize = 6;

/// The kinds of record the search finds, in the order their groups are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Member,
    Contact,
    Session,
    AgendaItem,
    Minutes,
    Resolution,
    ActionItem,
    Agreement,
    Request,
    Mission,
    Publication,
    BudgetLine,
    Obligation,
    Postulation,
    Regulation,
}

impl SearchKind {
    /// Every kind, in the order of the groups.
    pub const ALL: [SearchKind; 15] = [
        SearchKind::Member,
        SearchKind::Contact,
        SearchKind::Session,
        SearchKind::AgendaItem,
        SearchKind::Minutes,
        SearchKind::Resolution,
        SearchKind::ActionItem,
        SearchKind::Agreement,
        SearchKind::Request,
        SearchKind::Mission,
        SearchKind::Publication,
        SearchKind::BudgetLine,
        SearchKind::Obligation,
        SearchKind::Postulation,
        SearchKind::Regulation,
    ];

    /// The kind's name in the index (and in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::Member => "member",
            SearchKind::Contact => "contact",
            SearchKind::Session => "session",
            SearchKind::AgendaItem => "agenda_item",
            SearchKind::Minutes => "minutes",
            SearchKind::Resolution => "resolution",
            SearchKind::ActionItem => "action_item",
            SearchKind::Agreement => "agreement",
            SearchKind::Request => "request",
            SearchKind::Mission => "mission",
            SearchKind::Publication => "publication",
            SearchKind::BudgetLine => "budget_line",
            SearchKind::Obligation => "obligation",
            SearchKind::Postulation => "postulation",
            SearchKind::Regulation => "regulation",
        }
    }

    pub fn parse(s: &str) -> Option<SearchKind> {
        SearchKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A piece of text, marked when it is (part of) what was searched for. The UI renders the
/// segments as text, emphasizing the hits: no markup ever comes from the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TextSegment {
    pub text: String,
    pub hit: bool,
}

/// One record found.
///
/// What to open: `record_id` is the record of the group's kind; `parent_id` is the record it
/// belongs to — the member of a contact, agreement or request; the session of an agenda item,
/// minutes entry, resolution or action item; the body of a session; the chapter of a budget
/// line — and none for members, missions and publications.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SearchHit {
    pub record_id: String,
    pub parent_id: Option<String>,
    /// The record's title as indexed (titles in several languages: the main language first,
    /// joined with " / "; a member: "Name (ACRONYM)"; a resolution: its reference and title).
    pub title: String,
    /// The same title, with the hits marked.
    pub title_segments: Vec<TextSegment>,
    /// A few words of the record's other text around the hits (its beginning when the hits
    /// are all in the title); empty when the record has no other text.
    pub snippet: Vec<TextSegment>,
    /// bm25 relevance, higher is better. Hits come in rank order, except that a member whose
    /// acronym is the query comes first.
    pub rank: f64,
    /// An archived member (still found, so that old records can be traced).
    pub archived: bool,
}

/// The hits of one kind.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SearchGroup {
    pub kind: SearchKind,
    /// How many records of this kind match (the hits are the first of them).
    pub total: u32,
    pub hits: Vec<SearchHit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SearchResults {
    /// The query as given (trimmed).
    pub query: String,
    /// The words searched for (the last one also as a prefix).
    pub terms: Vec<String>,
    /// One group per kind with hits, in the order of [`SearchKind::ALL`].
    pub groups: Vec<SearchGroup>,
}

/// The words of a query: runs of letters and digits, at most [`MAX_TERMS`].
pub fn terms(query: &str) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(MAX_TERMS)
        .map(str::to_string)
        .collect()
}

/// Whether the last word also matches as the beginning of longer words: from two letters on
/// (a one-letter prefix matches most of the store, and ranking all of it is the slowest query
/// there is — ~0.3 s on a ten-year store — for results nobody reads).
fn is_prefix(last: &str) -> bool {
    last.chars().nth(1).is_some()
}

/// The FTS5 expression for `terms`: each word a quoted literal (a word holds only letters and
/// digits, so no quote can end it early), the last one also a prefix, all of them required.
fn match_expression(terms: &[String]) -> String {
    let mut out = String::new();
    for (i, t) in terms.iter().enumerate() {
        if i > 0 {
            out.push_str(" AND ");
        }
        out.push('"');
        out.push_str(t);
        out.push('"');
        if i + 1 == terms.len() && is_prefix(t) {
            out.push('*');
        }
    }
    out
}

/// Searches every kind of record for `query`; at most `limit_per_kind` hits per kind (capped
/// at [`MAX_LIMIT_PER_KIND`]; 0 gives the totals only). An empty or blank query is refused
/// (`required`); a query without any letter or digit finds nothing.
pub fn search(conn: &Connection, query: &str, limit_per_kind: u32) -> Result<SearchResults> {
    let query = query.trim();
    if query.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "query",
            "type something to search for",
        ));
    }
    let terms = terms(query);
    let mut results = SearchResults {
        query: query.to_string(),
        terms,
        groups: Vec::new(),
    };
    if results.terms.is_empty() {
        return Ok(results);
    }
    let expr = match_expression(&results.terms);
    let limit = limit_per_kind.min(MAX_LIMIT_PER_KIND);

    // Score every match (bm25 needs the match) from the index alone: an index row's rowid
    // holds its kind in its low four bits (migration 0008), so grouping reads no stored
    // column. Grouping, counting and keeping the best of each kind are done here rather than
    // with SQL window functions: half the time on tens of thousands of matches.
    let mut first: Vec<i64> = Vec::new();
    {
        // The members whose acronym is the query: first in their group.
        let mut st = conn.prepare_cached(
            "SELECT d.doc FROM members m JOIN search_docs d ON d.id = 'member:' || m.id
             WHERE m.acronym = ?1 COLLATE NOCASE",
        )?;
        for doc in st.query_map([query], |r| r.get::<_, i64>(0))? {
            first.push(doc?);
        }
    }
    let mut by_kind: Vec<Vec<(bool, f64, i64)>> = vec![Vec::new(); SearchKind::ALL.len()];
    {
        let mut st = conn.prepare_cached(
            "SELECT rowid, bm25(search_index, 0.0, 0.0, 0.0, 10.0, 1.0)
             FROM search_index WHERE search_index MATCH ?1",
        )?;
        let mut rows = st.query([&expr])?;
        while let Some(r) = rows.next()? {
            let doc: i64 = r.get(0)?;
            let score: f64 = r.get(1)?;
            // A kind this version does not know (a store from a newer Despacho): not shown.
            if let Some(group) = usize::try_from(doc & 15)
                .ok()
                .and_then(|k| by_kind.get_mut(k))
            {
                group.push((!first.contains(&doc), score, doc));
            }
        }
    }
    let mut found = Vec::new();
    for (k, mut matches) in by_kind.into_iter().enumerate() {
        if matches.is_empty() {
            continue;
        }
        let total = matches.len();
        // bm25: lower is better. Ties: the earlier indexed first.
        let order = |a: &(bool, f64, i64), b: &(bool, f64, i64)| {
            a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2))
        };
        let keep = (limit as usize).clamp(1, total);
        if keep < total {
            matches.select_nth_unstable_by(keep - 1, order);
            matches.truncate(keep);
        }
        matches.sort_unstable_by(order);
        for (_, score, doc) in matches {
            found.push((SearchKind::ALL[k], doc, score, total));
        }
    }

    let mut stored = conn.prepare_cached(
        "SELECT kind, record_id, parent_id, title, body FROM search_index WHERE rowid = ?1",
    )?;
    let mut archived =
        conn.prepare_cached("SELECT archived_at IS NOT NULL FROM members WHERE id = ?1")?;
    let words = Words::new(&results.terms);
    for (kind, doc, score, total) in found {
        if results.groups.last().map(|g| g.kind) != Some(kind) {
            results.groups.push(SearchGroup {
                kind,
                total: u32::try_from(total).unwrap_or(u32::MAX),
                hits: Vec::new(),
            });
        }
        if limit == 0 {
            continue;
        }
        let (kind_name, record_id, parent_id, title, body): (
            String,
            String,
            Option<String>,
            String,
            String,
        ) = stored.query_row([doc], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        if kind_name != kind.as_str() {
            return Err(AppError::new(
                ErrorCode::Internal,
                format!(
                    "search index row {doc} is a {kind_name}, filed as a {}",
                    kind.as_str()
                ),
            ));
        }
        let is_archived = kind == SearchKind::Member
            && archived
                .query_row([&record_id], |r| r.get::<_, bool>(0))
                .optional()?
                .unwrap_or(false);
        if let Some(group) = results.groups.last_mut() {
            group.hits.push(SearchHit {
                record_id,
                parent_id,
                title_segments: words.marked(&title),
                title,
                snippet: words.snippet(&body),
                rank: -score,
                archived: is_archived,
            });
        }
    }
    Ok(results)
}

/// Lower-case letters of U+00C0..U+017F without their diacritics (the others unchanged), as
/// the index's tokenizer folds them (unicode61, remove_diacritics 2).
const FOLDED_LATIN: &str = "aaaaaaæceeeeiiiiðnooooo×øuuuuyþßaaaaaaæceeeeiiiiðnooooo÷øuuuuyþyaaaaaaccccccccddđđeeeeeeeeeegggggggghhħħiiiiiiiiiıĳĳjjkkĸllllllŀŀłłnnnnnnŉŋŋooooooœœrrrrrrssssssssttttŧŧuuuuuuuuuuuuwwyyyzzzzzzſ";

fn folded_latin() -> &'static [char] {
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| FOLDED_LATIN.chars().collect())
}

/// A word as the index compares it: lower case, without diacritics.
fn fold(word: &str) -> String {
    let table = folded_latin();
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        let code = c as usize;
        if (0x300..=0x36F).contains(&code) {
            continue; // a combining diacritic
        }
        match code.checked_sub(0xC0).and_then(|i| table.get(i)) {
            Some(f) => out.push(*f),
            None => out.push(c),
        }
    }
    out
}

/// The byte ranges of the words of `text` (runs of letters and digits, as for the query).
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// The query's words, folded, to mark the hits in a record's text: the same rules as the
/// match (each word whole, the last one also as a prefix). Marking only shows where the hits
/// are; which records match is the index's decision.
struct Words {
    whole: Vec<String>,
    prefix: Option<String>,
}

impl Words {
    fn new(terms: &[String]) -> Words {
        Words {
            whole: terms.iter().map(|t| fold(t)).collect(),
            prefix: terms.last().filter(|t| is_prefix(t)).map(|t| fold(t)),
        }
    }

    fn is_hit(&self, word: &str) -> bool {
        let w = fold(word);
        self.whole.contains(&w)
            || self
                .prefix
                .as_ref()
                .is_some_and(|p| w.starts_with(p.as_str()))
    }

    /// The whole text, its hits marked.
    fn marked(&self, text: &str) -> Vec<TextSegment> {
        let spans = word_spans(text);
        let mut out = Vec::new();
        let mut at = 0;
        for (s, e) in spans {
            if self.is_hit(&text[s..e]) {
                push(&mut out, &text[at..s], false);
                push(&mut out, &text[s..e], true);
                at = e;
            }
        }
        push(&mut out, &text[at..], false);
        out
    }

    /// A few words of the text around its first hit (its beginning when it has none), with
    /// "…" where it was cut.
    fn snippet(&self, text: &str) -> Vec<TextSegment> {
        let spans = word_spans(text);
        if spans.is_empty() {
            return Vec::new();
        }
        let first = spans
            .iter()
            .position(|&(s, e)| self.is_hit(&text[s..e]))
            .unwrap_or(0);
        let end = (first.saturating_sub(SNIPPET_BEFORE) + SNIPPET_WORDS).min(spans.len());
        let start = end.saturating_sub(SNIPPET_WORDS);
        let from = if start == 0 { 0 } else { spans[start].0 };
        let to = if end == spans.len() {
            text.len()
        } else {
            spans[end - 1].1
        };
        let mut out = Vec::new();
        if start > 0 {
            push(&mut out, "…", false);
        }
        for seg in self.marked(&text[from..to]) {
            push(&mut out, &seg.text, seg.hit);
        }
        if end < spans.len() {
            push(&mut out, "…", false);
        }
        out
    }
}

/// Appends text to the segments, merged with the last one when both are hits or both not.
fn push(out: &mut Vec<TextSegment>, text: &str, hit: bool) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.hit == hit => last.text.push_str(text),
        _ => out.push(TextSegment {
            text: text.to_string(),
            hit,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_and_the_last_is_a_prefix() {
        let t = terms(r#"  "Aprobación" del-acta* NEAR(x, 3) OR title:foo ^bar  "#);
        assert_eq!(
            t,
            [
                "Aprobación",
                "del",
                "acta",
                "NEAR",
                "x",
                "3",
                "OR",
                "title",
                "foo",
                "bar"
            ]
        );
        assert_eq!(
            match_expression(&t[..3]),
            r#""Aprobación" AND "del" AND "acta"*"#
        );
        assert!(terms("*** \"\" () - :").is_empty());
        // A one-letter last word is a whole word.
        assert_eq!(match_expression(&terms("plan a")), r#""plan" AND "a""#);
        assert_eq!(match_expression(&terms("plan ab")), r#""plan" AND "ab"*"#);
        assert_eq!(match_expression(&terms("é")), r#""é""#);
        assert_eq!(terms(&"a ".repeat(1000)).len(), MAX_TERMS);
    }

    fn seg(text: &str, hit: bool) -> TextSegment {
        TextSegment {
            text: text.into(),
            hit,
        }
    }

    #[test]
    fn words_fold_as_the_index_does() {
        assert_eq!(fold("Aprobación"), "aprobacion");
        assert_eq!(fold("ÉXITO Ñandú Çà Œuvre"), "exito nandu ca œuvre");
        assert_eq!(fold("Sa\u{0301}o"), "sao");
        assert_eq!(fold("IMSS"), "imss");
    }

    #[test]
    fn hits_are_marked_as_segments() {
        let w = Words::new(&["seguridad".into(), "soc".into()]);
        assert_eq!(
            w.marked("La Seguridad Social, y la «seguridad»."),
            vec![
                seg("La ", false),
                seg("Seguridad", true),
                seg(" ", false),
                seg("Social", true),
                seg(", y la «", false),
                seg("seguridad", true),
                seg("».", false),
            ]
        );
        // Only the last word is a prefix.
        let w = Words::new(&["segu".into(), "social".into()]);
        assert_eq!(w.marked("Seguridad"), vec![seg("Seguridad", false)]);
        assert!(w.marked("").is_empty());
    }

    #[test]
    fn a_snippet_shows_the_words_around_the_first_hit() {
        let text = (1..=60)
            .map(|i| {
                if i == 40 {
                    "Aprobación".to_string()
                } else {
                    format!("w{i}")
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let w = Words::new(&["aprobacion".into()]);
        let s = w.snippet(&text);
        assert_eq!(s.first(), Some(&seg("…w34 w35 w36 w37 w38 w39 ", false)));
        assert_eq!(s[1], seg("Aprobación", true));
        assert_eq!(
            s.last().unwrap().text,
            " w41 w42 w43 w44 w45 w46 w47 w48 w49 w50 w51 w52 w53 w54 w55 w56 w57…"
        );
        // No hit: the beginning; short text: all of it.
        let s = Words::new(&["nada".into()]).snippet(&text);
        assert!(s[0].text.starts_with("w1 w2") && s[0].text.ends_with("w24…"));
        assert_eq!(
            Words::new(&["x".into()]).snippet("Director, x"),
            vec![seg("Director, ", false), seg("x", true)]
        );
        assert!(w.snippet(" — ").is_empty());
    }

    #[test]
    fn kinds_round_trip_in_their_order() {
        for (i, k) in SearchKind::ALL.into_iter().enumerate() {
            assert_eq!(SearchKind::parse(k.as_str()), Some(k));
            assert_eq!(SearchKind::ALL[i], k);
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::String(k.as_str().into())
            );
        }
    }
}
