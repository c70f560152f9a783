//! The organization's instruments — the Statute, the Regulations, the Headquarters Agreement,
//! the Presidency's determinations and the resolutions of its bodies — and their articles
//! (number as printed, text). Obligations (`obligations`) cite articles as their source.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::cooperation;
use crate::error::{AppError, ErrorCode, Result};
use crate::store::{new_id, now, today, Scope};
use crate::users::{Permission, User};
use crate::validate;

/// What kind of instrument it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentKind {
    Statute,
    Regulations,
    HeadquartersAgreement,
    PresidencyDetermination,
    BodyResolution,
    Other,
}

impl InstrumentKind {
    pub const ALL: [InstrumentKind; 6] = [
        InstrumentKind::Statute,
        InstrumentKind::Regulations,
        InstrumentKind::HeadquartersAgreement,
        InstrumentKind::PresidencyDetermination,
        InstrumentKind::BodyResolution,
        InstrumentKind::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            InstrumentKind::Statute => "statute",
            InstrumentKind::Regulations => "regulations",
            InstrumentKind::HeadquartersAgreement => "headquarters_agreement",
            InstrumentKind::PresidencyDetermination => "presidency_determination",
            InstrumentKind::BodyResolution => "body_resolution",
            InstrumentKind::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<InstrumentKind> {
        InstrumentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// The order instruments are listed in: the Statute first.
    fn rank(self) -> u8 {
        self as u8
    }
}

/// An article of an instrument.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Article {
    pub id: String,
    pub instrument_id: String,
    /// As printed: "12", "12 bis".
    pub number: String,
    pub text: String,
}

/// An instrument with its live articles.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Instrument {
    pub id: String,
    pub kind: InstrumentKind,
    pub title: String,
    /// The body that adopted it (resolutions).
    pub body_id: Option<String>,
    pub body_code: Option<String>,
    /// `YYYY-MM-DD`.
    pub adopted_on: Option<String>,
    pub notes: String,
    pub articles: Vec<Article>,
    /// Live obligations citing one of its articles.
    pub obligation_count: u32,
    pub archived: bool,
    pub updated_at: String,
}

/// What a user fills in to create or edit an instrument.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct InstrumentInput {
    pub kind: InstrumentKind,
    pub title: String,
    pub body_id: Option<String>,
    pub adopted_on: Option<String>,
    pub notes: String,
}

/// What a user fills in to add or edit an article.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ArticleInput {
    pub number: String,
    pub text: String,
}

struct Valid {
    kind: InstrumentKind,
    title: String,
    body_id: Option<String>,
    adopted_on: Option<NaiveDate>,
    notes: String,
}

fn validate_input(input: &InstrumentInput) -> Result<Valid> {
    let title = validate::required_text("title", &input.title, 300)?;
    let body_id = cooperation::opt_id("body_id", input.body_id.as_deref())?;
    if input.kind == InstrumentKind::BodyResolution && body_id.is_none() {
        return Err(AppError::field(
            ErrorCode::Required,
            "body_id",
            "a resolution names the body that adopted it",
        ));
    }
    let adopted_on = cooperation::optional_date("adopted_on", input.adopted_on.as_deref())?;
    if adopted_on.is_some_and(|d| d > today()) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "adopted_on",
            "the adoption date is in the future",
        ));
    }
    let notes = validate::long_text("notes", &input.notes, 10_000)?;
    Ok(Valid {
        kind: input.kind,
        title,
        body_id,
        adopted_on,
        notes,
    })
}

fn validate_article(input: &ArticleInput) -> Result<(String, String)> {
    let number = validate::required_text("number", &input.number, 40)?;
    let text = validate::long_text("text", &input.text, 20_000)?;
    Ok((number, text))
}

fn article_from_row(r: &Row) -> rusqlite::Result<Article> {
    Ok(Article {
        id: r.get(0)?,
        instrument_id: r.get(1)?,
        number: r.get(2)?,
        text: r.get(3)?,
    })
}

/// The live articles of an instrument, in the order they were added.
pub fn articles(conn: &Connection, instrument_id: &str) -> Result<Vec<Article>> {
    let mut st = conn.prepare_cached(
        "SELECT id, instrument_id, number, text FROM instrument_articles
         WHERE instrument_id = ?1 AND deleted_at IS NULL ORDER BY position, created_at, id",
    )?;
    let rows = st.query_map([instrument_id], article_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// One live article.
pub fn get_article(conn: &Connection, id: &str) -> Result<Article> {
    conn.query_row(
        "SELECT a.id, a.instrument_id, a.number, a.text FROM instrument_articles a
         JOIN instruments i ON i.id = a.instrument_id
         WHERE a.id = ?1 AND a.deleted_at IS NULL AND i.deleted_at IS NULL",
        [id],
        article_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("article", id))
}

const COLUMNS: &str = "i.id, i.kind, i.title, i.body_id, b.code, i.adopted_on, i.notes, i.deleted_at IS NOT NULL, i.updated_at,
    (SELECT count(DISTINCT oa.obligation_id) FROM obligation_articles oa
       JOIN instrument_articles a ON a.id = oa.article_id
       JOIN obligations o ON o.id = oa.obligation_id
     WHERE a.instrument_id = i.id AND oa.deleted_at IS NULL AND a.deleted_at IS NULL AND o.deleted_at IS NULL)";
const FROM: &str = "FROM instruments i LEFT JOIN bodies b ON b.id = i.body_id";

fn from_row(r: &Row) -> rusqlite::Result<Instrument> {
    Ok(Instrument {
        id: r.get(0)?,
        kind: InstrumentKind::parse(&r.get::<_, String>(1)?).unwrap_or(InstrumentKind::Other),
        title: r.get(2)?,
        body_id: r.get(3)?,
        body_code: r.get(4)?,
        adopted_on: r.get(5)?,
        notes: r.get(6)?,
        archived: r.get(7)?,
        updated_at: r.get(8)?,
        obligation_count: r.get(9)?,
        articles: Vec::new(),
    })
}

/// One instrument (archived ones too) with its articles.
pub fn get_instrument(conn: &Connection, id: &str) -> Result<Instrument> {
    let mut i = conn
        .query_row(
            &format!("SELECT {COLUMNS} {FROM} WHERE i.id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("instrument", id))?;
    i.articles = articles(conn, id)?;
    Ok(i)
}

fn load_live(conn: &Connection, id: &str) -> Result<Instrument> {
    let i = get_instrument(conn, id)?;
    if i.archived {
        return Err(AppError::not_found("instrument", id));
    }
    Ok(i)
}

/// The instruments with their articles: the Statute first, then by kind, adoption and title.
/// Archived ones only when asked.
pub fn list_instruments(conn: &Connection, include_archived: bool) -> Result<Vec<Instrument>> {
    let filter = if include_archived {
        ""
    } else {
        "WHERE i.deleted_at IS NULL"
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} {FROM} {filter} ORDER BY i.adopted_on, i.title COLLATE NOCASE, i.id"
    ))?;
    let rows = st.query_map([], from_row)?;
    let mut out = rows.collect::<Result<Vec<_>, _>>()?;
    for i in &mut out {
        i.articles = articles(conn, &i.id)?;
    }
    out.sort_by_key(|i| i.kind.rank());
    Ok(out)
}

fn check_body(conn: &Connection, v: &Valid) -> Result<()> {
    if let Some(b) = &v.body_id {
        cooperation::require_row(conn, "bodies", b, "body_id")?;
    }
    Ok(())
}

/// Records a new instrument, with the articles given (none is fine: add them later).
pub fn create_instrument(
    store: &mut impl Scope,
    actor: &User,
    input: &InstrumentInput,
    articles: &[ArticleInput],
) -> Result<Instrument> {
    actor.require(Permission::EditCompliance)?;
    let v = validate_input(input)?;
    let mut arts = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        let (n, t) = validate_article(a).map_err(|e| AppError {
            field: e.field.map(|f| format!("articles[{i}].{f}")),
            ..e
        })?;
        if arts.iter().any(|(m, _): &(String, String)| *m == n) {
            return Err(AppError::field(
                ErrorCode::Duplicate,
                &format!("articles[{i}].number"),
                format!("article {n} appears twice"),
            ));
        }
        arts.push((n, t));
    }
    store.transaction(|tx| {
        check_body(tx, &v)?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO instruments (id, kind, title, body_id, adopted_on, notes, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
            params![id, v.kind.as_str(), v.title, v.body_id, v.adopted_on.map(|d| d.to_string()), v.notes, at, actor.id],
        )?;
        for (pos, (n, t)) in arts.iter().enumerate() {
            tx.execute(
                "INSERT INTO instrument_articles (id, instrument_id, number, text, position, created_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
                params![new_id(), id, n, t, pos as i64, at, actor.id],
            )?;
        }
        audit::record(tx, Some(&actor.id), "instruments.create", "instrument", Some(&id),
            &json!({ "kind": v.kind.as_str(), "title": v.title, "articles": arts.len() }))?;
        get_instrument(tx, &id)
    })
}

/// Replaces an instrument's fields (not its articles).
pub fn update_instrument(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &InstrumentInput,
) -> Result<Instrument> {
    actor.require(Permission::EditCompliance)?;
    let v = validate_input(input)?;
    store.transaction(|tx| {
        load_live(tx, id)?;
        check_body(tx, &v)?;
        tx.execute(
            "UPDATE instruments SET kind = ?2, title = ?3, body_id = ?4, adopted_on = ?5, notes = ?6, updated_at = ?7, updated_by = ?8 WHERE id = ?1",
            params![id, v.kind.as_str(), v.title, v.body_id, v.adopted_on.map(|d| d.to_string()), v.notes, now(), actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "instruments.update", "instrument", Some(id),
            &json!({ "kind": v.kind.as_str(), "title": v.title }))?;
        get_instrument(tx, id)
    })
}

/// Archives an instrument (a tombstone). Refused while a live obligation cites it.
pub fn archive_instrument(store: &mut impl Scope, actor: &User, id: &str) -> Result<()> {
    actor.require(Permission::EditCompliance)?;
    store.transaction(|tx| {
        let i = load_live(tx, id)?;
        if i.obligation_count > 0 {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "id",
                format!(
                    "{} obligation(s) cite this instrument: archive them or change their source first",
                    i.obligation_count
                ),
            ));
        }
        let at = now();
        tx.execute(
            "UPDATE instruments SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![id, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "instruments.archive",
            "instrument",
            Some(id),
            &json!({ "title": i.title }),
        )
    })
}

fn number_taken(
    conn: &Connection,
    instrument_id: &str,
    number: &str,
    except: Option<&str>,
) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM instrument_articles WHERE instrument_id = ?1 AND number = ?2 AND deleted_at IS NULL AND id <> ifnull(?3, '')",
            params![instrument_id, number, except],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn duplicate_number(number: &str) -> AppError {
    AppError::field(
        ErrorCode::Duplicate,
        "number",
        format!("the instrument already has an article {number}"),
    )
}

/// Adds an article at the end of an instrument.
pub fn add_article(
    store: &mut impl Scope,
    actor: &User,
    instrument_id: &str,
    input: &ArticleInput,
) -> Result<Article> {
    actor.require(Permission::EditCompliance)?;
    let (number, text) = validate_article(input)?;
    store.transaction(|tx| {
        load_live(tx, instrument_id)?;
        if number_taken(tx, instrument_id, &number, None)? {
            return Err(duplicate_number(&number));
        }
        let pos: i64 = tx.query_row(
            "SELECT ifnull(max(position), -1) + 1 FROM instrument_articles WHERE instrument_id = ?1",
            [instrument_id],
            |r| r.get(0),
        )?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO instrument_articles (id, instrument_id, number, text, position, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
            params![id, instrument_id, number, text, pos, at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "instruments.add_article", "instrument", Some(instrument_id),
            &json!({ "article_id": id, "number": number }))?;
        get_article(tx, &id)
    })
}

/// Replaces an article's number and text.
pub fn update_article(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &ArticleInput,
) -> Result<Article> {
    actor.require(Permission::EditCompliance)?;
    let (number, text) = validate_article(input)?;
    store.transaction(|tx| {
        let a = get_article(tx, id)?;
        if number_taken(tx, &a.instrument_id, &number, Some(id))? {
            return Err(duplicate_number(&number));
        }
        tx.execute(
            "UPDATE instrument_articles SET number = ?2, text = ?3, updated_at = ?4, updated_by = ?5 WHERE id = ?1",
            params![id, number, text, now(), actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "instruments.update_article", "instrument", Some(&a.instrument_id),
            &json!({ "article_id": id, "number": number }))?;
        get_article(tx, id)
    })
}

/// Archives an article (a tombstone). Refused while a live obligation cites it.
pub fn archive_article(store: &mut impl Scope, actor: &User, id: &str) -> Result<()> {
    actor.require(Permission::EditCompliance)?;
    store.transaction(|tx| {
        let a = get_article(tx, id)?;
        let citing: i64 = tx.query_row(
            "SELECT count(*) FROM obligation_articles oa JOIN obligations o ON o.id = oa.obligation_id
             WHERE oa.article_id = ?1 AND oa.deleted_at IS NULL AND o.deleted_at IS NULL",
            [id],
            |r| r.get(0),
        )?;
        if citing > 0 {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "id",
                format!("{citing} obligation(s) cite article {}", a.number),
            ));
        }
        let at = now();
        tx.execute(
            "UPDATE instrument_articles SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![id, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "instruments.archive_article",
            "instrument",
            Some(&a.instrument_id),
            &json!({ "article_id": id, "number": a.number }),
        )
    })
}
