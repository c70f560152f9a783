//! Information products: publications, bulletins, reports and statements, each with language
//! versions (es/en/pt/fr, a title each) and files; workflow draft → review → approved →
//! disseminated; and the dissemination log (what went to which list, how, when, by whom, to
//! how many recipients).

use std::collections::BTreeSet;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::cooperation::{self, Document, DocumentOwner};
use crate::error::{AppError, ErrorCode, Result};
use crate::lists;
use crate::store::{new_id, now, today, Scope};
use crate::users::{Language, Permission, User};
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PublicationKind {
    Publication,
    Bulletin,
    Report,
    Statement,
}

impl PublicationKind {
    pub const ALL: [PublicationKind; 4] = [
        PublicationKind::Publication,
        PublicationKind::Bulletin,
        PublicationKind::Report,
        PublicationKind::Statement,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            PublicationKind::Publication => "publication",
            PublicationKind::Bulletin => "bulletin",
            PublicationKind::Report => "report",
            PublicationKind::Statement => "statement",
        }
    }
    pub fn parse(s: &str) -> Option<PublicationKind> {
        PublicationKind::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PublicationStatus {
    Draft,
    Review,
    Approved,
    Disseminated,
}

impl PublicationStatus {
    pub const ALL: [PublicationStatus; 4] = [
        PublicationStatus::Draft,
        PublicationStatus::Review,
        PublicationStatus::Approved,
        PublicationStatus::Disseminated,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            PublicationStatus::Draft => "draft",
            PublicationStatus::Review => "review",
            PublicationStatus::Approved => "approved",
            PublicationStatus::Disseminated => "disseminated",
        }
    }
    pub fn parse(s: &str) -> Option<PublicationStatus> {
        PublicationStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
    /// Moves [`set_publication_status`] makes; `disseminated` comes from recording a
    /// dissemination.
    pub fn next(self) -> &'static [PublicationStatus] {
        match self {
            PublicationStatus::Draft => &[PublicationStatus::Review],
            PublicationStatus::Review => &[PublicationStatus::Draft, PublicationStatus::Approved],
            PublicationStatus::Approved | PublicationStatus::Disseminated => &[],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
#[serde(rename = "DisseminationChannel")]
pub enum Channel {
    Email,
    Post,
    Web,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Post => "post",
            Channel::Web => "web",
        }
    }
    fn parse(s: &str) -> Channel {
        match s {
            "email" => Channel::Email,
            "post" => Channel::Post,
            _ => Channel::Web,
        }
    }
}

/// A language version of an information product.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct Version {
    pub language: Language,
    pub title: String,
    pub summary: String,
}

/// One row of the dissemination log.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Dissemination {
    pub id: String,
    pub publication_id: String,
    pub list_id: Option<String>,
    pub list_name: String,
    pub channel: Channel,
    pub sent_on: String,
    pub sent_by: Option<String>,
    pub recipients: u32,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Publication {
    pub id: String,
    pub kind: PublicationKind,
    pub status: PublicationStatus,
    pub published_on: Option<String>,
    pub notes: String,
    /// In the order es, en, pt, fr.
    pub versions: Vec<Version>,
    pub files: Vec<Document>,
    pub log: Vec<Dissemination>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct PublicationSummary {
    pub id: String,
    pub kind: PublicationKind,
    pub status: PublicationStatus,
    /// The Spanish title, else the first version's.
    pub title: String,
    pub languages: Vec<Language>,
    pub published_on: Option<String>,
    pub disseminations: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct PublicationInput {
    pub kind: PublicationKind,
    pub versions: Vec<Version>,
    pub published_on: Option<String>,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct DisseminationInput {
    /// The list it went to (required for e-mail and post).
    pub list_id: Option<String>,
    pub channel: Channel,
    /// Today when empty; never in the future.
    pub sent_on: Option<String>,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct PublicationFilter {
    pub kind: Option<PublicationKind>,
    pub status: Option<PublicationStatus>,
    /// Matches any version's title or summary.
    pub search: Option<String>,
}

fn validate_input(input: &PublicationInput) -> Result<(Vec<Version>, Option<String>, String)> {
    let mut seen = BTreeSet::new();
    let mut versions = Vec::new();
    for (i, v) in input.versions.iter().enumerate() {
        if !seen.insert(v.language) {
            return Err(AppError::field(
                ErrorCode::Duplicate,
                &format!("versions[{i}].language"),
                format!("there is already a version in {}", v.language.as_str()),
            ));
        }
        versions.push(Version {
            language: v.language,
            title: validate::required_text(&format!("versions[{i}].title"), &v.title, 500)?,
            summary: validate::long_text(&format!("versions[{i}].summary"), &v.summary, 5000)?,
        });
    }
    if versions.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "versions",
            "an information product has at least one language version",
        ));
    }
    versions.sort_by_key(|v| v.language);
    let published_on = cooperation::optional_date("published_on", input.published_on.as_deref())?
        .map(|d| d.to_string());
    let notes = validate::long_text("notes", &input.notes, 10_000)?;
    Ok((versions, published_on, notes))
}

fn versions(conn: &Connection, id: &str) -> Result<Vec<Version>> {
    let mut st = conn.prepare_cached(
        "SELECT language, title, summary FROM publication_versions WHERE publication_id = ?1 AND deleted_at IS NULL
         ORDER BY CASE language WHEN 'es' THEN 1 WHEN 'en' THEN 2 WHEN 'pt' THEN 3 ELSE 4 END",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(Version {
            language: Language::parse(&r.get::<_, String>(0)?).unwrap_or_default(),
            title: r.get(1)?,
            summary: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn log_from_row(r: &Row) -> rusqlite::Result<Dissemination> {
    Ok(Dissemination {
        id: r.get(0)?,
        publication_id: r.get(1)?,
        list_id: r.get(2)?,
        list_name: r.get(3)?,
        channel: Channel::parse(&r.get::<_, String>(4)?),
        sent_on: r.get(5)?,
        sent_by: r.get(6)?,
        recipients: r.get(7)?,
        notes: r.get(8)?,
    })
}

/// The dissemination log of a publication, oldest first.
pub fn dissemination_log(conn: &Connection, publication_id: &str) -> Result<Vec<Dissemination>> {
    let mut st = conn.prepare_cached(
        "SELECT d.id, d.publication_id, d.list_id, d.list_name, d.channel, d.sent_on, u.full_name, d.recipients, d.notes
         FROM dissemination_log d LEFT JOIN users u ON u.id = d.sent_by WHERE d.publication_id = ?1 ORDER BY d.sent_on, d.created_at, d.id",
    )?;
    let rows = st.query_map([publication_id], log_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// One information product with its versions, files and log.
pub fn get_publication(conn: &Connection, id: &str) -> Result<Publication> {
    let (kind, status, published_on, notes, updated_at): (String, String, Option<String>, String, String) = conn
        .query_row(
            "SELECT kind, status, published_on, notes, updated_at FROM publications WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("publication", id))?;
    Ok(Publication {
        id: id.to_string(),
        kind: PublicationKind::parse(&kind).unwrap_or(PublicationKind::Publication),
        status: PublicationStatus::parse(&status).unwrap_or(PublicationStatus::Draft),
        published_on,
        notes,
        versions: versions(conn, id)?,
        files: cooperation::documents(conn, DocumentOwner::Publication, id)?,
        log: dissemination_log(conn, id)?,
        updated_at,
    })
}

/// Information products matching `filter`, newest first.
pub fn list_publications(
    conn: &Connection,
    filter: &PublicationFilter,
) -> Result<Vec<PublicationSummary>> {
    let mut sql = String::from(
        "SELECT p.id, p.kind, p.status, p.published_on, (SELECT count(*) FROM dissemination_log d WHERE d.publication_id = p.id)
         FROM publications p WHERE p.deleted_at IS NULL",
    );
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(k) = filter.kind {
        args.push(k.as_str().to_string().into());
        sql.push_str(&format!(" AND p.kind = ?{}", args.len()));
    }
    if let Some(s) = filter.status {
        args.push(s.as_str().to_string().into());
        sql.push_str(&format!(" AND p.status = ?{}", args.len()));
    }
    if let Some(s) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        args.push(cooperation::like(s).into());
        let n = args.len();
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM publication_versions v WHERE v.publication_id = p.id AND v.deleted_at IS NULL
                 AND (v.title LIKE ?{n} ESCAPE '\\' OR v.summary LIKE ?{n} ESCAPE '\\'))"
        ));
    }
    sql.push_str(" ORDER BY coalesce(p.published_on, substr(p.created_at, 1, 10)) DESC, p.id DESC");
    let mut st = conn.prepare_cached(&sql)?;
    let rows: Vec<(String, String, String, Option<String>, u32)> = st
        .query_map(rusqlite::params_from_iter(args), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, kind, status, published_on, disseminations) in rows {
        let vs = versions(conn, &id)?;
        out.push(PublicationSummary {
            title: vs.first().map(|v| v.title.clone()).unwrap_or_default(),
            languages: vs.iter().map(|v| v.language).collect(),
            id,
            kind: PublicationKind::parse(&kind).unwrap_or(PublicationKind::Publication),
            status: PublicationStatus::parse(&status).unwrap_or(PublicationStatus::Draft),
            published_on,
            disseminations,
        });
    }
    Ok(out)
}

fn write_versions(
    tx: &rusqlite::Transaction,
    actor: &User,
    id: &str,
    vs: &[Version],
) -> Result<()> {
    let at = now();
    tx.execute(
        "UPDATE publication_versions SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE publication_id = ?1 AND deleted_at IS NULL",
        params![id, at, actor.id],
    )?;
    for v in vs {
        tx.execute(
            "INSERT INTO publication_versions (id, publication_id, language, title, summary, created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
            params![new_id(), id, v.language.as_str(), v.title, v.summary, at, actor.id],
        )?;
    }
    Ok(())
}

/// Creates an information product (a draft).
pub fn create_publication(
    store: &mut impl Scope,
    actor: &User,
    input: &PublicationInput,
) -> Result<Publication> {
    actor.require(Permission::EditCooperation)?;
    let (vs, published_on, notes) = validate_input(input)?;
    store.transaction(|tx| {
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO publications (id, kind, published_on, notes, created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
            params![id, input.kind.as_str(), published_on, notes, at, actor.id],
        )?;
        write_versions(tx, actor, &id, &vs)?;
        audit::record(tx, Some(&actor.id), "publications.create", "publication", Some(&id),
            &json!({ "kind": input.kind.as_str(), "title": vs[0].title, "languages": vs.iter().map(|v| v.language.as_str()).collect::<Vec<_>>() }))?;
        get_publication(tx, &id)
    })
}

/// Replaces a product's versions and fields while it is a draft or in review.
pub fn update_publication(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &PublicationInput,
) -> Result<Publication> {
    actor.require(Permission::EditCooperation)?;
    let (vs, published_on, notes) = validate_input(input)?;
    store.transaction(|tx| {
        let p = get_publication(tx, id)?;
        if !matches!(p.status, PublicationStatus::Draft | PublicationStatus::Review) {
            return Err(AppError::field(ErrorCode::InvalidValue, "status", format!("the publication is {}; it no longer changes", p.status.as_str())));
        }
        tx.execute(
            "UPDATE publications SET kind = ?2, published_on = ?3, notes = ?4, updated_at = ?5, updated_by = ?6 WHERE id = ?1",
            params![id, input.kind.as_str(), published_on, notes, now(), actor.id],
        )?;
        write_versions(tx, actor, id, &vs)?;
        audit::record(tx, Some(&actor.id), "publications.update", "publication", Some(id), &json!({ "title": vs[0].title }))?;
        get_publication(tx, id)
    })
}

/// Moves a product: draft → review, review → draft (sent back) or approved. It becomes
/// disseminated when a dissemination is recorded.
pub fn set_publication_status(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    status: PublicationStatus,
) -> Result<Publication> {
    actor.require(Permission::EditCooperation)?;
    store.transaction(|tx| {
        let p = get_publication(tx, id)?;
        if !p.status.next().contains(&status) {
            let hint = if status == PublicationStatus::Disseminated {
                "; record a dissemination instead"
            } else {
                ""
            };
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                format!(
                    "a publication cannot go from {} to {}{hint}",
                    p.status.as_str(),
                    status.as_str()
                ),
            ));
        }
        tx.execute(
            "UPDATE publications SET status = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![id, status.as_str(), now(), actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "publications.set_status",
            "publication",
            Some(id),
            &json!({ "from": p.status.as_str(), "to": status.as_str() }),
        )?;
        get_publication(tx, id)
    })
}

/// Records that an approved (or already disseminated) product went out: to a list by e-mail or
/// post (the recipient count is the list's now), or on the web. The product becomes
/// disseminated, with the day of its first dissemination as its publication date if it had none.
pub fn record_dissemination(
    store: &mut impl Scope,
    actor: &User,
    publication_id: &str,
    input: &DisseminationInput,
) -> Result<Publication> {
    actor.require(Permission::EditCooperation)?;
    let sent_on = cooperation::event_date("sent_on", input.sent_on.as_deref(), today())?;
    let list_id = cooperation::opt_id("list_id", input.list_id.as_deref())?;
    let notes = validate::long_text("notes", &input.notes, 5000)?;
    if list_id.is_none() && input.channel != Channel::Web {
        return Err(AppError::field(
            ErrorCode::Required,
            "list_id",
            "sending by e-mail or post needs a dissemination list",
        ));
    }
    store.transaction(|tx| {
        let p = get_publication(tx, publication_id)?;
        if !matches!(p.status, PublicationStatus::Approved | PublicationStatus::Disseminated) {
            return Err(AppError::field(ErrorCode::InvalidValue, "status", "only an approved publication is disseminated"));
        }
        let (list_name, count) = match &list_id {
            Some(l) => {
                let list = lists::get_list(tx, l).map_err(|e| AppError { field: Some("list_id".into()), ..e })?;
                (list.name, list.recipient_count)
            }
            None => (String::new(), 0),
        };
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO dissemination_log (id, publication_id, list_id, list_name, channel, sent_on, sent_by, recipients, notes, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?7)",
            params![id, publication_id, list_id, list_name, input.channel.as_str(), sent_on.to_string(), actor.id, count, notes, at],
        )?;
        tx.execute(
            "UPDATE publications SET status = 'disseminated', published_on = coalesce(published_on, ?2), updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![publication_id, sent_on.to_string(), at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "publications.disseminate", "publication", Some(publication_id),
            &json!({ "list": list_name, "channel": input.channel.as_str(), "sent_on": sent_on.to_string(), "recipients": count, "from": p.status.as_str() }))?;
        get_publication(tx, publication_id)
    })
}
