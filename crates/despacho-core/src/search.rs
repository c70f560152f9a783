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
//! word is quoted as a literal, the last one also matches as a prefix ("seguri" finds
//! "Seguridad"), and all must match. Operators such as `NEAR`, `OR` or `NOT` are just words.
//!
//! Ranking, within each kind: a member whose acronym is exactly the query comes first; then
//! bm25 with a title hit weighing ten times a body hit; ties by id. The kinds come in a
//! fixed order ([`SearchKind::ALL`]), and a kind without hits is left out.
//!
//! Reading: whoever is signed in may read every record, so the search shows everything. When
//! roles restrict reading, filter the groups here.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{AppError, ErrorCode, Result};

/// At most this many words of a query are searched; the rest are ignored (a search box holds
/// a few words; this bounds the work whatever is pasted into it).
pub const MAX_TERMS: usize = 16;
/// The most hits returned per kind.
pub const MAX_LIMIT_PER_KIND: u32 = 100;
/// How many words a snippet of a record's body shows around the hits.
const SNIPPET_TOKENS: i32 = 24;
/// Markers put around hits by FTS5 and turned into segments here (private-use characters, so
/// they never reach the UI and nothing is ever returned as markup).
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

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
}

impl SearchKind {
    /// Every kind, in the order of the groups.
    pub const ALL: [SearchKind; 12] = [
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
        }
    }

    pub fn parse(s: &str) -> Option<SearchKind> {
        SearchKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    fn position(self) -> usize {
        SearchKind::ALL
            .iter()
            .position(|k| *k == self)
            .unwrap_or(usize::MAX)
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
        if i + 1 == terms.len() {
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

    // Every match is ranked (bm25 needs the match), but only the first `limit` of each kind
    // are read further; the exact-acronym member goes first.
    let mut st = conn.prepare_cached(
        "WITH matched AS (
           SELECT rowid AS doc, kind, record_id, bm25(search_index, 0.0, 0.0, 0.0, 10.0, 1.0) AS score
           FROM search_index WHERE search_index MATCH ?1
         ),
         ranked AS (
           SELECT doc, kind, record_id, score,
             row_number() OVER (PARTITION BY kind ORDER BY
               CASE WHEN kind = 'member' AND record_id IN
                 (SELECT id FROM members WHERE acronym = ?2 COLLATE NOCASE) THEN 0 ELSE 1 END,
               score, record_id) AS position,
             count(*) OVER (PARTITION BY kind) AS total
           FROM matched
         )
         SELECT doc, kind, record_id, score, total FROM ranked
         WHERE position <= max(?3, 1) ORDER BY kind, position",
    )?;
    let rows = st.query_map(params![expr, query, limit], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, f64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut found: Vec<(SearchKind, i64, String, f64, i64)> = Vec::new();
    for row in rows {
        let (doc, kind, record_id, score, total) = row?;
        // A kind this version does not know (a newer store): not shown.
        if let Some(kind) = SearchKind::parse(&kind) {
            found.push((kind, doc, record_id, score, total));
        }
    }
    // Stable: keeps each kind's rank order.
    found.sort_by_key(|f| f.0.position());

    let mut detail = conn.prepare_cached(
        "SELECT parent_id, title,
           highlight(search_index, 3, ?3, ?4),
           snippet(search_index, 4, ?3, ?4, '…', ?5)
         FROM search_index WHERE search_index MATCH ?1 AND rowid = ?2",
    )?;
    let mut archived =
        conn.prepare_cached("SELECT archived_at IS NOT NULL FROM members WHERE id = ?1")?;
    for (kind, doc, record_id, score, total) in found {
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
        let (parent_id, title, marked_title, snippet): (Option<String>, String, String, String) =
            detail.query_row(
                params![
                    expr,
                    doc,
                    OPEN.to_string(),
                    CLOSE.to_string(),
                    SNIPPET_TOKENS
                ],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
        let is_archived = kind == SearchKind::Member
            && archived
                .query_row([&record_id], |r| r.get::<_, bool>(0))
                .optional()?
                .unwrap_or(false);
        if let Some(group) = results.groups.last_mut() {
            group.hits.push(SearchHit {
                record_id,
                parent_id,
                title,
                title_segments: segments(&marked_title),
                snippet: segments(&snippet),
                rank: -score,
                archived: is_archived,
            });
        }
    }
    Ok(results)
}

/// Splits text marked by FTS5 (hits between [`OPEN`] and [`CLOSE`]) into segments. The
/// markers never appear in the segments; adjacent pieces of the same kind are merged.
fn segments(marked: &str) -> Vec<TextSegment> {
    let mut out: Vec<TextSegment> = Vec::new();
    let mut hit = false;
    let mut current = String::new();
    let flush = |text: &mut String, hit: bool, out: &mut Vec<TextSegment>| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.hit == hit => last.text.push_str(text),
            _ => out.push(TextSegment {
                text: text.clone(),
                hit,
            }),
        }
        text.clear();
    };
    for c in marked.chars() {
        match c {
            OPEN => {
                flush(&mut current, hit, &mut out);
                hit = true;
            }
            CLOSE => {
                flush(&mut current, hit, &mut out);
                hit = false;
            }
            c => current.push(c),
        }
    }
    flush(&mut current, hit, &mut out);
    out
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
        assert_eq!(terms(&"a ".repeat(1000)).len(), MAX_TERMS);
    }

    #[test]
    fn marked_text_becomes_segments() {
        let s = segments("la \u{E000}Seguridad\u{E001} social \u{E000}y\u{E001}");
        assert_eq!(
            s,
            vec![
                TextSegment {
                    text: "la ".into(),
                    hit: false
                },
                TextSegment {
                    text: "Seguridad".into(),
                    hit: true
                },
                TextSegment {
                    text: " social ".into(),
                    hit: false
                },
                TextSegment {
                    text: "y".into(),
                    hit: true
                },
            ]
        );
        assert!(segments("").is_empty());
    }

    #[test]
    fn kinds_round_trip_in_their_order() {
        for (i, k) in SearchKind::ALL.into_iter().enumerate() {
            assert_eq!(SearchKind::parse(k.as_str()), Some(k));
            assert_eq!(k.position(), i);
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::String(k.as_str().into())
            );
        }
    }
}
