//! The agenda of a session: items and sub-items (one level), numbered from their order
//! (1, 1.1…; numbers are computed, never stored), titles and annotations per language, start
//! times computed from the session's start, attachments, reordering, templates, imports from
//! CSV and from pasted lists, approval and revisions.
//!
//! Time runs through the agenda in reading order: an item starts when the one before it ends;
//! a heading's own duration (often 0) comes before its sub-items.
//!
//! Revisions: an agenda is provisional, then approved. A change made once the agenda has been
//! approved starts a new revision (its number goes up by one) and makes it provisional again,
//! so that the revised agenda is approved anew; every change after the first approval (and
//! each approval) is written to a visible log.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, SecondsFormat};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::attachments::{self, Attachment};
use crate::audit;
use crate::bodies;
use crate::error::{AppError, ErrorCode, Result};
use crate::import::{self, ImportIssue};
use crate::sessions::{self, Session, SessionPrint, SessionStatus};
use crate::store::{new_id, now, Store};
use crate::users::{Language, Permission, User};
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Information,
    Deliberation,
    Decision,
    Election,
}

impl ItemKind {
    pub const ALL: [ItemKind; 4] = [
        ItemKind::Information,
        ItemKind::Deliberation,
        ItemKind::Decision,
        ItemKind::Election,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Information => "information",
            ItemKind::Deliberation => "deliberation",
            ItemKind::Decision => "decision",
            ItemKind::Election => "election",
        }
    }
    /// Accepts the English code and the usual Spanish, Portuguese and French words.
    pub fn parse(s: &str) -> Option<ItemKind> {
        match s.trim().to_lowercase().as_str() {
            "information" | "información" | "informacion" | "informativo" | "informação"
            | "informacao" => Some(ItemKind::Information),
            "deliberation" | "deliberación" | "deliberacion" | "deliberação" | "deliberacao"
            | "délibération" => Some(ItemKind::Deliberation),
            "decision" | "decisión" | "decisão" | "decisao" | "décision" => {
                Some(ItemKind::Decision)
            }
            "election" | "elección" | "eleccion" | "eleição" | "eleicao" | "élection" => {
                Some(ItemKind::Election)
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AgendaStatus {
    Provisional,
    Approved,
}

impl AgendaStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AgendaStatus::Provisional => "provisional",
            AgendaStatus::Approved => "approved",
        }
    }
    pub fn parse(s: &str) -> AgendaStatus {
        if s == "approved" {
            AgendaStatus::Approved
        } else {
            AgendaStatus::Provisional
        }
    }
}

/// The longest item: a day.
pub const MAX_DURATION_MINUTES: u16 = 1440;
pub const MAX_IMPORT_ROWS: usize = 500;

pub(crate) fn check_duration(minutes: u16) -> Result<u16> {
    if minutes > MAX_DURATION_MINUTES {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "duration_minutes",
            format!("an item lasts at most {MAX_DURATION_MINUTES} minutes"),
        ));
    }
    Ok(minutes)
}

/// An agenda item as shown: number, depth and start time computed.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AgendaItem {
    pub id: String,
    pub parent_id: Option<String>,
    /// "3", "3.1".
    pub number: String,
    /// 0 for items, 1 for sub-items.
    pub depth: u8,
    /// Place among its siblings, from 0.
    pub position: u16,
    pub kind: ItemKind,
    pub presenter: String,
    pub duration_minutes: u16,
    /// RFC 3339, in the session's time zone.
    pub starts_at: String,
    /// `HH:MM`, local to the session.
    pub start_time: String,
    pub titles: BTreeMap<Language, String>,
    pub notes: BTreeMap<Language, String>,
    pub attachments: Vec<Attachment>,
    pub has_sub_items: bool,
}

impl AgendaItem {
    /// The title in `lang`, else in the first language that has one.
    pub fn title(&self, lang: Language) -> &str {
        self.titles
            .get(&lang)
            .filter(|t| !t.is_empty())
            .or_else(|| self.titles.values().find(|t| !t.is_empty()))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// One entry of the revision log.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AgendaChange {
    pub revision: u32,
    pub at: String,
    pub user_name: Option<String>,
    /// The operation (`agenda.add_item`, `agenda.approve`…), for the UI to translate.
    pub change: String,
    /// An English description ("added 4. Informe del Contralor").
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Agenda {
    pub session_id: String,
    pub status: AgendaStatus,
    pub revision: u32,
    /// When the agenda was last approved.
    pub approved_at: Option<String>,
    pub languages: Vec<Language>,
    pub items: Vec<AgendaItem>,
    pub total_minutes: u32,
    /// The log of changes since the first approval, newest last.
    pub changes: Vec<AgendaChange>,
}

/// What a user fills in for an item. Titles: the session's main language is required, the
/// others optional; notes are the annotations of the annotated agenda.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ItemInput {
    pub kind: ItemKind,
    pub presenter: String,
    pub duration_minutes: u16,
    pub titles: BTreeMap<Language, String>,
    pub notes: BTreeMap<Language, String>,
}

struct RawItem {
    id: String,
    parent_id: Option<String>,
    position: u16,
    kind: ItemKind,
    presenter: String,
    duration_minutes: u16,
}

fn raw_items(conn: &Connection, session_id: &str) -> Result<Vec<RawItem>> {
    let mut st = conn.prepare_cached(
        "SELECT id, parent_id, position, kind, presenter, duration_minutes FROM agenda_items
         WHERE session_id = ?1 AND deleted_at IS NULL ORDER BY position, created_at, id",
    )?;
    let rows = st.query_map([session_id], |r| {
        Ok(RawItem {
            id: r.get(0)?,
            parent_id: r.get(1)?,
            position: r.get(2)?,
            kind: ItemKind::parse(&r.get::<_, String>(3)?).unwrap_or(ItemKind::Information),
            presenter: r.get(4)?,
            duration_minutes: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

type Texts = BTreeMap<String, (BTreeMap<Language, String>, BTreeMap<Language, String>)>;

fn texts(conn: &Connection, session_id: &str) -> Result<Texts> {
    let mut st = conn.prepare_cached(
        "SELECT t.item_id, t.language, t.title, t.note FROM agenda_item_texts t
         JOIN agenda_items i ON i.id = t.item_id
         WHERE i.session_id = ?1 AND i.deleted_at IS NULL AND t.deleted_at IS NULL",
    )?;
    let mut out: Texts = BTreeMap::new();
    let rows = st.query_map([session_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for row in rows {
        let (item, lang, title, note) = row?;
        let Some(lang) = Language::parse(&lang) else {
            continue;
        };
        let e = out.entry(item).or_default();
        if !title.is_empty() {
            e.0.insert(lang, title);
        }
        if !note.is_empty() {
            e.1.insert(lang, note);
        }
    }
    Ok(out)
}

/// The items in reading order with their numbers, depths and start times.
fn ordered_items(conn: &Connection, session: &Session) -> Result<Vec<AgendaItem>> {
    let raw = raw_items(conn, &session.id)?;
    let mut texts = texts(conn, &session.id)?;
    let mut attachments: BTreeMap<String, Vec<Attachment>> = BTreeMap::new();
    for a in attachments::session_attachments(conn, &session.id)? {
        attachments.entry(a.item_id.clone()).or_default().push(a);
    }
    let start = session.start_local()?;
    let mut clock: DateTime<Tz> = start;
    let mut out = Vec::with_capacity(raw.len());
    let mut make = |r: &RawItem, number: String, depth: u8, has_sub_items: bool| {
        let (titles, notes) = texts.remove(&r.id).unwrap_or_default();
        let item = AgendaItem {
            id: r.id.clone(),
            parent_id: r.parent_id.clone(),
            number,
            depth,
            position: r.position,
            kind: r.kind,
            presenter: r.presenter.clone(),
            duration_minutes: r.duration_minutes,
            starts_at: clock.to_rfc3339_opts(SecondsFormat::Secs, false),
            start_time: clock.format("%H:%M").to_string(),
            titles,
            notes,
            attachments: attachments.remove(&r.id).unwrap_or_default(),
            has_sub_items,
        };
        clock += Duration::minutes(i64::from(r.duration_minutes));
        item
    };
    let tops: Vec<&RawItem> = raw.iter().filter(|r| r.parent_id.is_none()).collect();
    for (i, top) in tops.iter().enumerate() {
        let children: Vec<&RawItem> = raw
            .iter()
            .filter(|r| r.parent_id.as_deref() == Some(&top.id))
            .collect();
        let n = i + 1;
        out.push(make(top, n.to_string(), 0, !children.is_empty()));
        for (j, child) in children.iter().enumerate() {
            out.push(make(child, format!("{n}.{}", j + 1), 1, false));
        }
    }
    Ok(out)
}

/// The agenda of a session.
pub fn agenda(conn: &Connection, session_id: &str) -> Result<Agenda> {
    let session = sessions::get_session(conn, session_id)?;
    let items = ordered_items(conn, &session)?;
    let approved_at: Option<String> = conn.query_row(
        "SELECT agenda_approved_at FROM sessions WHERE id = ?1",
        [&session.id],
        |r| r.get(0),
    )?;
    let total_minutes = items.iter().map(|i| u32::from(i.duration_minutes)).sum();
    Ok(Agenda {
        session_id: session.id.clone(),
        status: session.agenda_status,
        revision: session.agenda_revision,
        approved_at,
        languages: session.languages.clone(),
        items,
        total_minutes,
        changes: changes(conn, &session.id)?,
    })
}

/// The revision log of a session's agenda, oldest first.
pub fn changes(conn: &Connection, session_id: &str) -> Result<Vec<AgendaChange>> {
    let mut st = conn.prepare_cached(
        "SELECT c.revision, c.at, u.full_name, c.change, c.summary FROM agenda_changes c
         LEFT JOIN users u ON u.id = c.user_id WHERE c.session_id = ?1 ORDER BY c.at, c.id",
    )?;
    let rows = st.query_map([session_id], |r| {
        Ok(AgendaChange {
            revision: r.get(0)?,
            at: r.get(1)?,
            user_name: r.get(2)?,
            change: r.get(3)?,
            summary: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The session an item belongs to.
pub(crate) fn item_session(conn: &Connection, item_id: &str) -> Result<String> {
    conn.query_row(
        "SELECT session_id FROM agenda_items WHERE id = ?1 AND deleted_at IS NULL",
        [item_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("agenda item", item_id))
}

/// The session, if its agenda may still change (not once the session was held).
pub(crate) fn editable(conn: &Connection, session_id: &str) -> Result<Session> {
    let s = sessions::get_session(conn, session_id)?;
    if s.status >= SessionStatus::Held {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "status",
            format!(
                "the session is {}; its agenda no longer changes",
                s.status.as_str()
            ),
        ));
    }
    Ok(s)
}

/// After a change to the agenda: a new revision if it was approved, the revision log once it
/// has ever been approved, and the audit row.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record_change(
    tx: &Transaction,
    actor: &User,
    session: &Session,
    change: &str,
    entity: &str,
    entity_id: &str,
    description: &str,
    summary: &serde_json::Value,
) -> Result<()> {
    let (status, revision, approved_at): (String, u32, Option<String>) = tx.query_row(
        "SELECT agenda_status, agenda_revision, agenda_approved_at FROM sessions WHERE id = ?1",
        [&session.id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let at = now();
    let mut revision = revision;
    if AgendaStatus::parse(&status) == AgendaStatus::Approved {
        revision += 1;
        tx.execute(
            "UPDATE sessions SET agenda_status = 'provisional', agenda_revision = ?2 WHERE id = ?1",
            params![session.id, revision],
        )?;
    }
    tx.execute(
        "UPDATE sessions SET updated_at = ?2, updated_by = ?3 WHERE id = ?1",
        params![session.id, at, actor.id],
    )?;
    if approved_at.is_some() {
        log_change(tx, actor, &session.id, revision, change, description)?;
    }
    let mut summary = summary.clone();
    if let Some(o) = summary.as_object_mut() {
        o.insert("session_id".into(), json!(session.id));
        o.insert("revision".into(), json!(revision));
    }
    audit::record(
        tx,
        Some(&actor.id),
        change,
        entity,
        Some(entity_id),
        &summary,
    )
}

fn log_change(
    tx: &Transaction,
    actor: &User,
    session_id: &str,
    revision: u32,
    change: &str,
    description: &str,
) -> Result<()> {
    let at = now();
    tx.execute(
        "INSERT INTO agenda_changes (id, session_id, revision, at, user_id, change, summary, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?4, ?4, ?5)",
        params![new_id(), session_id, revision, at, actor.id, change, description],
    )?;
    Ok(())
}

struct ValidTexts {
    titles: BTreeMap<Language, String>,
    notes: BTreeMap<Language, String>,
}

fn validate_texts(
    main: Language,
    titles: &BTreeMap<Language, String>,
    notes: &BTreeMap<Language, String>,
) -> Result<ValidTexts> {
    let mut out = ValidTexts {
        titles: BTreeMap::new(),
        notes: BTreeMap::new(),
    };
    for (lang, t) in titles {
        let t = validate::optional_text(&format!("title_{}", lang.as_str()), t, 500)?;
        if !t.is_empty() {
            out.titles.insert(*lang, t);
        }
    }
    for (lang, n) in notes {
        let n = validate::long_text(&format!("note_{}", lang.as_str()), n, 5000)?;
        if !n.is_empty() {
            out.notes.insert(*lang, n);
        }
    }
    if !out.titles.contains_key(&main) {
        let field = format!("title_{}", main.as_str());
        return Err(AppError::field(
            ErrorCode::Required,
            &field,
            format!(
                "the title in the session's main language ({}) is required",
                main.as_str()
            ),
        ));
    }
    Ok(out)
}

struct ValidItem {
    kind: ItemKind,
    presenter: String,
    duration_minutes: u16,
    texts: ValidTexts,
}

fn validate_item(main: Language, input: &ItemInput) -> Result<ValidItem> {
    Ok(ValidItem {
        kind: input.kind,
        presenter: validate::optional_text("presenter", &input.presenter, 200)?,
        duration_minutes: check_duration(input.duration_minutes)?,
        texts: validate_texts(main, &input.titles, &input.notes)?,
    })
}

fn write_texts(tx: &Transaction, actor: &User, item_id: &str, texts: &ValidTexts) -> Result<()> {
    let at = now();
    for lang in Language::ALL {
        let title = texts.titles.get(&lang).cloned().unwrap_or_default();
        let note = texts.notes.get(&lang).cloned().unwrap_or_default();
        if title.is_empty() && note.is_empty() {
            tx.execute(
                "UPDATE agenda_item_texts SET deleted_at = ?3, updated_at = ?3, updated_by = ?4
                 WHERE item_id = ?1 AND language = ?2 AND deleted_at IS NULL",
                params![item_id, lang.as_str(), at, actor.id],
            )?;
        } else {
            tx.execute(
                "INSERT INTO agenda_item_texts (id, item_id, language, title, note, created_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)
                 ON CONFLICT(item_id, language) DO UPDATE SET title = excluded.title, note = excluded.note,
                   updated_at = excluded.updated_at, updated_by = excluded.updated_by, deleted_at = NULL",
                params![new_id(), item_id, lang.as_str(), title, note, at, actor.id],
            )?;
        }
    }
    Ok(())
}

/// Live sibling ids under `parent` (None: the top level), in order.
fn siblings(tx: &Connection, session_id: &str, parent: Option<&str>) -> Result<Vec<String>> {
    let mut st = tx.prepare_cached(
        "SELECT id FROM agenda_items WHERE session_id = ?1 AND parent_id IS ?2 AND deleted_at IS NULL
         ORDER BY position, created_at, id",
    )?;
    let rows = st.query_map(params![session_id, parent], |r| r.get(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn renumber(tx: &Transaction, ids: &[String]) -> Result<()> {
    for (i, id) in ids.iter().enumerate() {
        tx.execute(
            "UPDATE agenda_items SET position = ?2 WHERE id = ?1 AND position IS NOT ?2",
            params![id, i as i64],
        )?;
    }
    Ok(())
}

/// Checks that `parent` is a live top-level item of the session.
fn check_parent(tx: &Connection, session_id: &str, parent: &str) -> Result<()> {
    let row: Option<(String, Option<String>)> = tx
        .query_row(
            "SELECT session_id, parent_id FROM agenda_items WHERE id = ?1 AND deleted_at IS NULL",
            [parent],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        None => Err(AppError::field(
            ErrorCode::NotFound,
            "parent_id",
            format!("agenda item {parent} does not exist"),
        )),
        Some((s, _)) if s != session_id => Err(AppError::field(
            ErrorCode::InvalidValue,
            "parent_id",
            "the parent item belongs to another session",
        )),
        Some((_, Some(_))) => Err(AppError::field(
            ErrorCode::InvalidValue,
            "parent_id",
            "sub-items have no sub-items of their own (one level: 1, 1.1)",
        )),
        Some(_) => Ok(()),
    }
}

fn insert_item(
    tx: &Transaction,
    actor: &User,
    session_id: &str,
    parent: Option<&str>,
    position: Option<u16>,
    v: &ValidItem,
) -> Result<String> {
    let mut ids = siblings(tx, session_id, parent)?;
    let id = new_id();
    let at = now();
    tx.execute(
        "INSERT INTO agenda_items (id, session_id, parent_id, position, kind, presenter, duration_minutes, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
        params![id, session_id, parent, ids.len() as i64, v.kind.as_str(), v.presenter, v.duration_minutes, at, actor.id],
    )?;
    write_texts(tx, actor, &id, &v.texts)?;
    let at_pos = position
        .map(usize::from)
        .unwrap_or(ids.len())
        .min(ids.len());
    ids.insert(at_pos, id.clone());
    renumber(tx, &ids)?;
    Ok(id)
}

fn number_and_title(conn: &Connection, session_id: &str, item_id: &str) -> Result<String> {
    let a = agenda(conn, session_id)?;
    let main = a.languages.first().copied().unwrap_or_default();
    Ok(a.items
        .iter()
        .find(|i| i.id == item_id)
        .map(|i| format!("{}. {}", i.number, i.title(main)))
        .unwrap_or_default())
}

/// Adds an item at the end of the agenda, or under `parent_id` (a sub-item), at `position`
/// among its siblings (None: last).
pub fn add_item(
    store: &mut Store,
    actor: &User,
    session_id: &str,
    parent_id: Option<&str>,
    position: Option<u16>,
    input: &ItemInput,
) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        add_item_tx(tx, actor, session_id, parent_id, position, input)?;
        agenda(tx, session_id.trim())
    })
}

/// [`add_item`] inside an enclosing transaction (another operation adds an item as part of
/// its own change, e.g. submitting a regulation project); returns the new item's id. The
/// caller has checked `Permission::EditSessions`.
pub(crate) fn add_item_tx(
    tx: &Transaction,
    actor: &User,
    session_id: &str,
    parent_id: Option<&str>,
    position: Option<u16>,
    input: &ItemInput,
) -> Result<String> {
    let session = editable(tx, session_id)?;
    let v = validate_item(session.main_language(), input)?;
    if let Some(p) = parent_id {
        check_parent(tx, &session.id, p)?;
    }
    let id = insert_item(tx, actor, &session.id, parent_id, position, &v)?;
    let what = number_and_title(tx, &session.id, &id)?;
    record_change(
        tx,
        actor,
        &session,
        "agenda.add_item",
        "agenda_item",
        &id,
        &format!("added {what}"),
        &json!({ "item": what }),
    )?;
    Ok(id)
}

/// Replaces an item's kind, presenter, duration, titles and notes.
pub fn update_item(
    store: &mut Store,
    actor: &User,
    item_id: &str,
    input: &ItemInput,
) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        let session_id = item_session(tx, item_id)?;
        let session = editable(tx, &session_id)?;
        let v = validate_item(session.main_language(), input)?;
        tx.execute(
            "UPDATE agenda_items SET kind = ?2, presenter = ?3, duration_minutes = ?4, updated_at = ?5, updated_by = ?6 WHERE id = ?1",
            params![item_id, v.kind.as_str(), v.presenter, v.duration_minutes, now(), actor.id],
        )?;
        write_texts(tx, actor, item_id, &v.texts)?;
        let what = number_and_title(tx, &session_id, item_id)?;
        record_change(
            tx,
            actor,
            &session,
            "agenda.update_item",
            "agenda_item",
            item_id,
            &format!("changed {what}"),
            &json!({ "item": what, "duration_minutes": v.duration_minutes, "kind": v.kind.as_str() }),
        )?;
        agenda(tx, &session_id)
    })
}

/// Deletes an item and its sub-items (tombstones); the others close ranks.
pub fn delete_item(store: &mut Store, actor: &User, item_id: &str) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        let session_id = item_session(tx, item_id)?;
        let session = editable(tx, &session_id)?;
        let what = number_and_title(tx, &session_id, item_id)?;
        let parent: Option<String> = tx.query_row(
            "SELECT parent_id FROM agenda_items WHERE id = ?1",
            [item_id],
            |r| r.get(0),
        )?;
        let at = now();
        tx.execute(
            "UPDATE agenda_items SET deleted_at = ?2, updated_at = ?2, updated_by = ?3
             WHERE (id = ?1 OR parent_id = ?1) AND deleted_at IS NULL",
            params![item_id, at, actor.id],
        )?;
        renumber(tx, &siblings(tx, &session_id, parent.as_deref())?)?;
        record_change(
            tx,
            actor,
            &session,
            "agenda.delete_item",
            "agenda_item",
            item_id,
            &format!("removed {what}"),
            &json!({ "item": what }),
        )?;
        agenda(tx, &session_id)
    })
}

/// Moves an item to `new_position` (from 0, clamped) among the children of `new_parent`
/// (None: the top level). An item with sub-items stays at the top level. A move to where the
/// item already is writes nothing.
pub fn move_item(
    store: &mut Store,
    actor: &User,
    item_id: &str,
    new_parent: Option<&str>,
    new_position: u16,
) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| move_item_tx(tx, actor, item_id, new_parent, new_position))
}

fn move_item_tx(
    tx: &Transaction,
    actor: &User,
    item_id: &str,
    new_parent: Option<&str>,
    new_position: u16,
) -> Result<Agenda> {
    let session_id = item_session(tx, item_id)?;
    let session = editable(tx, &session_id)?;
    let old_parent: Option<String> = tx.query_row(
        "SELECT parent_id FROM agenda_items WHERE id = ?1",
        [item_id],
        |r| r.get(0),
    )?;
    if let Some(p) = new_parent {
        if p == item_id {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "parent_id",
                "an item cannot be its own parent",
            ));
        }
        check_parent(tx, &session_id, p)?;
        if !siblings(tx, &session_id, Some(item_id))?.is_empty() {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "parent_id",
                "an item with sub-items stays at the top level",
            ));
        }
    }
    let mut old_siblings = siblings(tx, &session_id, old_parent.as_deref())?;
    let old_index = old_siblings.iter().position(|i| i == item_id);
    old_siblings.retain(|i| i != item_id);
    let same_parent = old_parent.as_deref() == new_parent;
    let mut new_siblings = if same_parent {
        old_siblings.clone()
    } else {
        siblings(tx, &session_id, new_parent)?
    };
    let to = usize::from(new_position).min(new_siblings.len());
    if same_parent && old_index == Some(to) {
        return agenda(tx, &session_id);
    }
    let before = number_and_title(tx, &session_id, item_id)?;
    new_siblings.insert(to, item_id.to_string());
    tx.execute(
        "UPDATE agenda_items SET parent_id = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
        params![item_id, new_parent, now(), actor.id],
    )?;
    if !same_parent {
        renumber(tx, &old_siblings)?;
    }
    renumber(tx, &new_siblings)?;
    let after = agenda(tx, &session_id)?;
    let number = after
        .items
        .iter()
        .find(|i| i.id == item_id)
        .map(|i| i.number.clone())
        .unwrap_or_default();
    record_change(
        tx,
        actor,
        &session,
        "agenda.move_item",
        "agenda_item",
        item_id,
        &format!("moved {before} to {number}"),
        &json!({ "item": before, "to": number }),
    )?;
    agenda(tx, &session_id)
}

fn place(tx: &Connection, item_id: &str) -> Result<(String, Option<String>, usize, usize)> {
    let session_id = item_session(tx, item_id)?;
    let parent: Option<String> = tx.query_row(
        "SELECT parent_id FROM agenda_items WHERE id = ?1",
        [item_id],
        |r| r.get(0),
    )?;
    let sibs = siblings(tx, &session_id, parent.as_deref())?;
    let index = sibs.iter().position(|i| i == item_id).unwrap_or(0);
    Ok((session_id, parent, index, sibs.len()))
}

/// Keyboard: one place up among its siblings (nothing at the top).
pub fn move_item_up(store: &mut Store, actor: &User, item_id: &str) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        let (session_id, parent, index, _) = place(tx, item_id)?;
        if index == 0 {
            return agenda(tx, &session_id);
        }
        move_item_tx(tx, actor, item_id, parent.as_deref(), (index - 1) as u16)
    })
}

/// Keyboard: one place down among its siblings (nothing at the bottom).
pub fn move_item_down(store: &mut Store, actor: &User, item_id: &str) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        let (session_id, parent, index, len) = place(tx, item_id)?;
        if index + 1 >= len {
            return agenda(tx, &session_id);
        }
        move_item_tx(tx, actor, item_id, parent.as_deref(), (index + 1) as u16)
    })
}

/// Keyboard (Tab): a top-level item becomes the last sub-item of the item above it.
pub fn indent_item(store: &mut Store, actor: &User, item_id: &str) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        let (session_id, parent, index, _) = place(tx, item_id)?;
        if parent.is_some() || index == 0 {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "parent_id",
                "only a top-level item below another one can become a sub-item",
            ));
        }
        let above = siblings(tx, &session_id, None)?[index - 1].clone();
        let n = siblings(tx, &session_id, Some(&above))?.len();
        move_item_tx(tx, actor, item_id, Some(&above), n as u16)
    })
}

/// Keyboard (Shift+Tab): a sub-item becomes the top-level item right after its parent.
pub fn outdent_item(store: &mut Store, actor: &User, item_id: &str) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        let (session_id, parent, _, _) = place(tx, item_id)?;
        let Some(parent) = parent else {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "parent_id",
                "the item is already at the top level",
            ));
        };
        let tops = siblings(tx, &session_id, None)?;
        let at = tops.iter().position(|i| *i == parent).unwrap_or(0) + 1;
        move_item_tx(tx, actor, item_id, None, at as u16)
    })
}

/// Approves the agenda (the body adopted it). Refused when already approved or empty.
pub fn approve_agenda(store: &mut Store, actor: &User, session_id: &str) -> Result<Agenda> {
    actor.require(Permission::ApproveSessionRecords)?;
    store.transaction(|tx| approve_agenda_tx(tx, actor, session_id))
}

pub(crate) fn approve_agenda_tx(
    tx: &Transaction,
    actor: &User,
    session_id: &str,
) -> Result<Agenda> {
    let s = sessions::get_session(tx, session_id)?;
    if s.status == SessionStatus::Closed {
        return Err(sessions::closed());
    }
    if s.agenda_status == AgendaStatus::Approved {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "agenda_status",
            "the agenda is already approved",
        ));
    }
    if s.item_count == 0 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "agenda_status",
            "an empty agenda cannot be approved",
        ));
    }
    let at = now();
    tx.execute(
        "UPDATE sessions SET agenda_status = 'approved', agenda_approved_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
        params![s.id, at, actor.id],
    )?;
    log_change(
        tx,
        actor,
        &s.id,
        s.agenda_revision,
        "agenda.approve",
        &format!("approved revision {}", s.agenda_revision),
    )?;
    audit::record(
        tx,
        Some(&actor.id),
        "agenda.approve",
        "session",
        Some(&s.id),
        &json!({ "revision": s.agenda_revision, "items": s.item_count }),
    )?;
    agenda(tx, &s.id)
}

/// Appends the body's agenda template to the session's agenda.
pub fn start_from_template(store: &mut Store, actor: &User, session_id: &str) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        let session = editable(tx, session_id)?;
        let template = bodies::agenda_template(tx, &session.body_id)?;
        if template.is_empty() {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "template",
                format!("the body {} has no agenda template", session.body_code),
            ));
        }
        let main = session.main_language();
        for t in &template {
            let mut titles = BTreeMap::new();
            for lang in Language::ALL {
                let title = t.titles.get(lang);
                if !title.is_empty()
                    && (lang == main || title != t.titles.es || lang == Language::Es)
                {
                    titles.insert(lang, title.to_string());
                }
            }
            let v = ValidItem {
                kind: t.kind,
                presenter: t.presenter.clone(),
                duration_minutes: t.duration_minutes,
                texts: ValidTexts {
                    titles,
                    notes: BTreeMap::new(),
                },
            };
            insert_item(tx, actor, &session.id, None, None, &v)?;
        }
        record_change(
            tx,
            actor,
            &session,
            "agenda.start_from_template",
            "session",
            &session.id,
            &format!(
                "added {} item(s) from the {} template",
                template.len(),
                session.body_code
            ),
            &json!({ "items": template.len() }),
        )?;
        agenda(tx, &session.id)
    })
}

/// Appends a copy of another session's agenda (items, sub-items, texts, attachments).
pub fn copy_from_session(
    store: &mut Store,
    actor: &User,
    session_id: &str,
    from_session_id: &str,
) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        let session = editable(tx, session_id)?;
        if from_session_id == session_id {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "from_session_id",
                "a session cannot copy its own agenda",
            ));
        }
        let from = agenda(tx, from_session_id)?;
        let mut new_ids: BTreeMap<String, String> = BTreeMap::new();
        let at = now();
        for item in &from.items {
            let v = ValidItem {
                kind: item.kind,
                presenter: item.presenter.clone(),
                duration_minutes: item.duration_minutes,
                texts: ValidTexts {
                    titles: item.titles.clone(),
                    notes: item.notes.clone(),
                },
            };
            let parent = item.parent_id.as_ref().and_then(|p| new_ids.get(p)).cloned();
            let id = insert_item(tx, actor, &session.id, parent.as_deref(), None, &v)?;
            for (k, a) in item.attachments.iter().enumerate() {
                tx.execute(
                    "INSERT INTO agenda_attachments (id, item_id, title, file_name, sha256, size_bytes, position, created_at, updated_at, updated_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
                    params![new_id(), id, a.title, a.file_name, a.sha256, a.size_bytes, k as i64, at, actor.id],
                )?;
            }
            new_ids.insert(item.id.clone(), id);
        }
        let from_name = sessions::get_session(tx, from_session_id)?.name;
        record_change(
            tx,
            actor,
            &session,
            "agenda.copy_from_session",
            "session",
            &session.id,
            &format!("copied {} item(s) from {from_name}", from.items.len()),
            &json!({ "from_session_id": from_session_id, "items": from.items.len() }),
        )?;
        agenda(tx, &session.id)
    })
}

// ---------------------------------------------------------------------------------------------
// Imports: CSV and pasted lists

/// One item read from an import.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AgendaImportRow {
    pub line: u32,
    /// As normalized: "3", "3.1".
    pub number: String,
    pub kind: ItemKind,
    pub presenter: String,
    pub duration_minutes: u16,
    pub titles: BTreeMap<Language, String>,
    pub notes: BTreeMap<Language, String>,
    pub ok: bool,
}

/// What an agenda import would add, before anything is written.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AgendaImportPreview {
    /// `,` or `;` for CSV; empty for a pasted list.
    pub delimiter: String,
    /// In agenda order (by number).
    pub rows: Vec<AgendaImportRow>,
    pub issues: Vec<ImportIssue>,
    pub ignored_columns: Vec<String>,
}

impl AgendaImportPreview {
    pub fn is_valid(&self) -> bool {
        self.issues.is_empty() && !self.rows.is_empty()
    }
}

/// "3", "3.", "3.1", "3.1." → (3, Some(1)). More than two levels or non-numbers are refused.
fn parse_number(s: &str) -> std::result::Result<(u32, Option<u32>), String> {
    let s = s.trim();
    let parts: Vec<&str> = s.trim_end_matches('.').split('.').collect();
    let nums: Option<Vec<u32>> = parts
        .iter()
        .map(|p| p.parse::<u32>().ok().filter(|n| *n > 0 && *n < 10_000))
        .collect();
    match nums.as_deref() {
        _ if s.is_empty() => Err("the item number is required (1, 1.1…)".into()),
        Some([a]) => Ok((*a, None)),
        Some([a, b]) => Ok((*a, Some(*b))),
        Some(_) => Err(format!(
            "'{s}' has more than two levels; sub-items go one level deep (3.1)"
        )),
        None => Err(format!("'{s}' is not an item number (1, 1.1…)")),
    }
}

struct Parsed {
    line: u32,
    key: Option<(u32, Option<u32>)>,
    row: AgendaImportRow,
}

/// Checks numbers (unique, sub-items under a parent in the file), orders the rows, and
/// finishes the preview.
fn finish_preview(mut parsed: Vec<Parsed>, preview: &mut AgendaImportPreview) {
    let mut bad_lines: Vec<u32> = preview.issues.iter().map(|i| i.line).collect();
    let keys: Vec<(u32, Option<u32>, u32)> = parsed
        .iter()
        .filter_map(|p| p.key.map(|(a, b)| (a, b, p.line)))
        .collect();
    for p in &parsed {
        let Some((a, b)) = p.key else { continue };
        if let Some((_, _, first)) = keys
            .iter()
            .find(|(x, y, l)| (*x, *y) == (a, b) && *l < p.line)
        {
            preview.issues.push(ImportIssue::at(
                p.line,
                AppError::field(
                    ErrorCode::Duplicate,
                    "number",
                    format!("the number {} repeats line {first}", p.row.number),
                ),
            ));
            bad_lines.push(p.line);
        } else if b.is_some() && !keys.iter().any(|(x, y, _)| *x == a && y.is_none()) {
            preview.issues.push(ImportIssue::at(
                p.line,
                AppError::field(
                    ErrorCode::InvalidValue,
                    "number",
                    format!("sub-item {} has no item {a} in the file", p.row.number),
                ),
            ));
            bad_lines.push(p.line);
        }
    }
    parsed.sort_by_key(|p| (p.key.unwrap_or((u32::MAX, None)), p.line));
    preview.issues.sort_by_key(|i| i.line);
    preview.rows = parsed
        .into_iter()
        .map(|mut p| {
            p.row.ok = !bad_lines.contains(&p.line);
            p.row
        })
        .collect();
    if preview.rows.is_empty() && preview.issues.is_empty() {
        preview
            .issues
            .push(ImportIssue::file("there are no items to import"));
    }
}

/// Validates one row's fields; pushes its issues.
#[allow(clippy::too_many_arguments)]
fn parse_row(
    line: u32,
    main: Language,
    number: &str,
    kind: &str,
    presenter: &str,
    duration: &str,
    titles: BTreeMap<Language, String>,
    notes: BTreeMap<Language, String>,
    issues: &mut Vec<ImportIssue>,
) -> Parsed {
    let mut push = |e: AppError| issues.push(ImportIssue::at(line, e));
    let key = match parse_number(number) {
        Ok(k) => Some(k),
        Err(m) => {
            push(AppError::field(
                if number.trim().is_empty() {
                    ErrorCode::Required
                } else {
                    ErrorCode::InvalidFormat
                },
                "number",
                m,
            ));
            None
        }
    };
    let kind_value = if kind.trim().is_empty() {
        ItemKind::Information
    } else {
        ItemKind::parse(kind).unwrap_or_else(|| {
            push(AppError::field(
                ErrorCode::InvalidValue,
                "kind",
                format!(
                    "unknown kind '{}' (information, deliberation, decision, election)",
                    kind.trim()
                ),
            ));
            ItemKind::Information
        })
    };
    let duration_minutes = match duration.trim() {
        "" => 0,
        d => match d.parse::<u16>().ok().filter(|m| *m <= MAX_DURATION_MINUTES) {
            Some(m) => m,
            None => {
                push(AppError::field(
                    ErrorCode::InvalidValue,
                    "duration_minutes",
                    format!("'{d}' is not a duration in minutes (0 to {MAX_DURATION_MINUTES})"),
                ));
                0
            }
        },
    };
    let presenter = match validate::optional_text("presenter", presenter, 200) {
        Ok(p) => p,
        Err(e) => {
            push(e);
            String::new()
        }
    };
    let (titles, notes) = match validate_texts(main, &titles, &notes) {
        Ok(v) => (v.titles, v.notes),
        Err(e) => {
            push(e);
            (titles, notes)
        }
    };
    let number = match key {
        Some((a, Some(b))) => format!("{a}.{b}"),
        Some((a, None)) => a.to_string(),
        None => number.trim().to_string(),
    };
    Parsed {
        line,
        key,
        row: AgendaImportRow {
            line,
            number,
            kind: kind_value,
            presenter,
            duration_minutes,
            titles,
            notes,
            ok: true,
        },
    }
}

/// Reads agenda items from CSV (header row; UTF-8 with or without BOM; `,` or `;`; quoted
/// fields may hold commas and line breaks). Columns: `number` and `title` (in the session's
/// main language) required; `kind`, `presenter`, `duration_minutes`, `title_<lang>` for the
/// other languages (`title_en`, `title_pt`, `title_fr`, `title_es`), `note` and `note_<lang>`
/// optional. `number` gives the order and the nesting (`3`, `3.1`). Writes nothing.
pub fn preview_csv(
    conn: &Connection,
    session_id: &str,
    bytes: &[u8],
) -> Result<AgendaImportPreview> {
    let session = sessions::get_session(conn, session_id)?;
    let main = session.main_language();
    let mut preview = AgendaImportPreview {
        delimiter: ",".into(),
        rows: vec![],
        issues: vec![],
        ignored_columns: vec![],
    };
    if bytes.len() > crate::members::MAX_IMPORT_BYTES {
        preview
            .issues
            .push(ImportIssue::file("the file is larger than 5 MB"));
        return Ok(preview);
    }
    let text = match import::decode(bytes) {
        Ok(t) => t,
        Err(issue) => {
            preview.issues.push(issue);
            return Ok(preview);
        }
    };
    let delimiter = import::delimiter(text);
    preview.delimiter = (delimiter as char).to_string();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => {
            preview.issues.push(ImportIssue::file(format!(
                "cannot read the header row: {e}"
            )));
            return Ok(preview);
        }
    };
    let missing: Vec<&str> = ["number", "title"]
        .into_iter()
        .filter(|c| !headers.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        preview.issues.push(ImportIssue::file(format!(
            "the header row lacks the column(s): {}",
            missing.join(", ")
        )));
        return Ok(preview);
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let other_langs: Vec<Language> = Language::ALL.into_iter().filter(|l| *l != main).collect();
    let mut known: Vec<String> = [
        "number",
        "title",
        "kind",
        "presenter",
        "duration_minutes",
        "note",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for l in &other_langs {
        known.push(format!("title_{}", l.as_str()));
        known.push(format!("note_{}", l.as_str()));
    }
    preview.ignored_columns = headers
        .iter()
        .filter(|h| !known.contains(h))
        .cloned()
        .collect();
    let mut parsed = Vec::new();
    let mut issues = Vec::new();
    for (n, record) in reader.records().enumerate() {
        if n >= MAX_IMPORT_ROWS {
            issues.push(ImportIssue::file(format!(
                "the file has more than {MAX_IMPORT_ROWS} rows"
            )));
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map(|p| p.line() as u32)
                    .unwrap_or(n as u32 + 2);
                issues.push(ImportIssue::at(
                    line,
                    AppError::new(ErrorCode::ImportInvalid, format!("unreadable row: {e}")),
                ));
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // The line the record starts on (quoted fields may span lines).
        let line = record
            .position()
            .map(|p| p.line() as u32)
            .unwrap_or(n as u32 + 2);
        let get = |name: &str| {
            col(name)
                .and_then(|j| record.get(j))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        // A title or presenter broken over lines in a spreadsheet cell reads as one line.
        let one_line = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut titles = BTreeMap::new();
        let mut notes = BTreeMap::new();
        titles.insert(main, one_line(get("title")));
        notes.insert(main, get("note"));
        for l in &other_langs {
            titles.insert(*l, one_line(get(&format!("title_{}", l.as_str()))));
            notes.insert(*l, get(&format!("note_{}", l.as_str())));
        }
        parsed.push(parse_row(
            line,
            main,
            &get("number"),
            &get("kind"),
            &one_line(get("presenter")),
            &get("duration_minutes"),
            titles,
            notes,
            &mut issues,
        ));
    }
    preview.issues = issues;
    finish_preview(parsed, &mut preview);
    Ok(preview)
}

/// Reads agenda items from a pasted list, one item a line: `1. Apertura`, `1.1 Quórum`,
/// `2) Informe`, optionally ending with a duration `(30 min)`. Titles go in the session's main
/// language; blank lines are skipped. Writes nothing.
pub fn preview_text(
    conn: &Connection,
    session_id: &str,
    text: &str,
) -> Result<AgendaImportPreview> {
    let session = sessions::get_session(conn, session_id)?;
    let main = session.main_language();
    let mut preview = AgendaImportPreview {
        delimiter: String::new(),
        rows: vec![],
        issues: vec![],
        ignored_columns: vec![],
    };
    let mut parsed = Vec::new();
    let mut issues = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (n, raw) in text.lines().enumerate() {
        let line = n as u32 + 1;
        let l = raw.trim();
        if l.is_empty() {
            continue;
        }
        if parsed.len() >= MAX_IMPORT_ROWS {
            issues.push(ImportIssue::file(format!(
                "more than {MAX_IMPORT_ROWS} items"
            )));
            break;
        }
        let number_len = l
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(l.len());
        let (number, rest) = l.split_at(number_len);
        let rest = rest.strip_prefix(')').unwrap_or(rest);
        let title_raw = rest.trim();
        if number.is_empty() || (!rest.is_empty() && !rest.starts_with(char::is_whitespace)) {
            issues.push(ImportIssue::at(
                line,
                AppError::field(
                    ErrorCode::InvalidFormat,
                    "number",
                    format!("'{l}' does not start with an item number (1., 1.1)"),
                ),
            ));
            continue;
        }
        let (title, duration) = split_duration(title_raw);
        let mut titles = BTreeMap::new();
        titles.insert(main, title.to_string());
        parsed.push(parse_row(
            line,
            main,
            number,
            "",
            "",
            &duration,
            titles,
            BTreeMap::new(),
            &mut issues,
        ));
    }
    preview.issues = issues;
    finish_preview(parsed, &mut preview);
    Ok(preview)
}

/// "Informe (30 min)" → ("Informe", "30").
fn split_duration(title: &str) -> (&str, String) {
    if let Some(open) = title.rfind('(') {
        if let Some(inner) = title[open + 1..].strip_suffix(')') {
            let inner = inner.trim();
            for unit in ["minutes", "minutos", "min.", "min", "'"] {
                if let Some(n) = inner.strip_suffix(unit) {
                    let n = n.trim();
                    if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
                        return (title[..open].trim_end(), n.to_string());
                    }
                }
            }
        }
    }
    (title, String::new())
}

fn import_rows(
    store: &mut Store,
    actor: &User,
    session_id: &str,
    preview: AgendaImportPreview,
    source: &str,
) -> Result<Agenda> {
    if !preview.is_valid() {
        return Err(import::refused(&preview.issues));
    }
    store.transaction(|tx| {
        let session = editable(tx, session_id)?;
        let mut parents: BTreeMap<String, String> = BTreeMap::new();
        for row in &preview.rows {
            let v = ValidItem {
                kind: row.kind,
                presenter: row.presenter.clone(),
                duration_minutes: row.duration_minutes,
                texts: validate_texts(session.main_language(), &row.titles, &row.notes)?,
            };
            let parent = row
                .number
                .split_once('.')
                .and_then(|(top, _)| parents.get(top))
                .cloned();
            let id = insert_item(tx, actor, &session.id, parent.as_deref(), None, &v)?;
            if !row.number.contains('.') {
                parents.insert(row.number.clone(), id);
            }
        }
        let n = preview.rows.len();
        record_change(
            tx,
            actor,
            &session,
            "agenda.import",
            "session",
            &session.id,
            &format!("imported {n} item(s) from {source}"),
            &json!({ "items": n, "source": source }),
        )?;
        agenda(tx, &session.id)
    })
}

/// Imports every item of the CSV file, or none (the error lists the rows and why).
pub fn import_csv(
    store: &mut Store,
    actor: &User,
    session_id: &str,
    bytes: &[u8],
) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    editable(store.conn(), session_id)?;
    let preview = preview_csv(store.conn(), session_id, bytes)?;
    import_rows(store, actor, session_id, preview, "a CSV file")
}

/// Imports every item of a pasted list, or none.
pub fn import_text(
    store: &mut Store,
    actor: &User,
    session_id: &str,
    text: &str,
) -> Result<Agenda> {
    actor.require(Permission::EditSessions)?;
    editable(store.conn(), session_id)?;
    let preview = preview_text(store.conn(), session_id, text)?;
    import_rows(store, actor, session_id, preview, "a pasted list")
}

// ---------------------------------------------------------------------------------------------
// For the printed agenda

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AttachmentPrint {
    pub title: String,
    pub file_name: String,
    pub sha256: String,
    /// Where the file is (absolute when the store is a file).
    pub path: String,
    pub size_bytes: u32,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AgendaPrintItem {
    pub id: String,
    pub number: String,
    pub depth: u8,
    /// `HH:MM`, local to the session.
    pub start_time: String,
    pub duration_minutes: u16,
    pub kind: ItemKind,
    pub presenter: String,
    pub titles: BTreeMap<Language, String>,
    pub notes: BTreeMap<Language, String>,
    pub attachments: Vec<AttachmentPrint>,
}

/// Everything a printed agenda needs, in order.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AgendaPrint {
    pub session: SessionPrint,
    pub agenda_status: AgendaStatus,
    pub revision: u32,
    pub approved_at: Option<String>,
    pub total_minutes: u32,
    pub items: Vec<AgendaPrintItem>,
}

pub fn agenda_for_print(conn: &Connection, session_id: &str) -> Result<AgendaPrint> {
    let session = sessions::get_session(conn, session_id)?;
    let a = agenda(conn, session_id)?;
    let dir = attachments::data_dir(conn).ok();
    let path_of = |sha: &str| {
        dir.as_ref()
            .map(|d| attachments::file_path(d, sha).to_string_lossy().to_string())
            .unwrap_or_else(|| format!("attachments/{sha}"))
    };
    Ok(AgendaPrint {
        session: sessions::session_print(&session)?,
        agenda_status: a.status,
        revision: a.revision,
        approved_at: a.approved_at,
        total_minutes: a.total_minutes,
        items: a
            .items
            .into_iter()
            .map(|i| AgendaPrintItem {
                attachments: i
                    .attachments
                    .iter()
                    .map(|x| AttachmentPrint {
                        title: x.title.clone(),
                        file_name: x.file_name.clone(),
                        sha256: x.sha256.clone(),
                        path: path_of(&x.sha256),
                        size_bytes: x.size_bytes,
                    })
                    .collect(),
                id: i.id,
                number: i.number,
                depth: i.depth,
                start_time: i.start_time,
                duration_minutes: i.duration_minutes,
                kind: i.kind,
                presenter: i.presenter,
                titles: i.titles,
                notes: i.notes,
            })
            .collect(),
    })
}

/// For the demo loader: adds an item inside its transaction (no revision bookkeeping).
pub(crate) fn add_item_in(
    tx: &Transaction,
    actor: &User,
    session_id: &str,
    parent: Option<&str>,
    input: &ItemInput,
) -> Result<String> {
    let session = sessions::get_session(tx, session_id)?;
    let v = validate_item(session.main_language(), input)?;
    insert_item(tx, actor, session_id, parent, None, &v)
}
