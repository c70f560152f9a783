//! The record of a session: minutes per agenda item (draft → approved at a later session),
//! resolutions numbered per body and year, and action items that reach the desk.

use std::collections::BTreeMap;

use chrono::Datelike;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::agenda::{self, ItemKind};
use crate::audit;
use crate::bodies;
use crate::error::{AppError, ErrorCode, Result};
use crate::sessions::{self, AttendanceSheet, SessionPrint, SessionRef, SessionStatus};
use crate::store::{new_id, now, Store};
use crate::users::{Language, Permission, Role, User};
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MinutesStatus {
    Draft,
    Approved,
}

/// The minutes of one agenda item.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct MinutesEntry {
    pub item_id: String,
    pub number: String,
    pub depth: u8,
    /// In the session's main language.
    pub title: String,
    pub discussion: String,
    pub decision: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct MinutesEntryInput {
    pub discussion: String,
    pub decision: String,
}

/// A resolution of a body.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Resolution {
    pub id: String,
    pub body_id: String,
    pub session_id: String,
    pub item_id: Option<String>,
    pub year: i32,
    pub number: u32,
    /// e.g. `CPISS/2026/R-03`, fixed when adopted.
    pub reference: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ResolutionInput {
    pub item_id: Option<String>,
    pub title: String,
    pub text: String,
}

/// The office's units, which own action items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OwnerUnit {
    SecretaryGeneral,
    ChiefOfStaff,
    ManagingFinances,
    LinkingCooperation,
}

impl OwnerUnit {
    pub const ALL: [OwnerUnit; 4] = [
        OwnerUnit::SecretaryGeneral,
        OwnerUnit::ChiefOfStaff,
        OwnerUnit::ManagingFinances,
        OwnerUnit::LinkingCooperation,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerUnit::SecretaryGeneral => "secretary_general",
            OwnerUnit::ChiefOfStaff => "chief_of_staff",
            OwnerUnit::ManagingFinances => "managing_finances",
            OwnerUnit::LinkingCooperation => "linking_cooperation",
        }
    }
    pub fn parse(s: &str) -> Option<OwnerUnit> {
        OwnerUnit::ALL.into_iter().find(|u| u.as_str() == s)
    }
    fn role(self) -> Role {
        match self {
            OwnerUnit::SecretaryGeneral => Role::SecretaryGeneral,
            OwnerUnit::ChiefOfStaff => Role::ChiefOfStaff,
            OwnerUnit::ManagingFinances => Role::ManagingFinances,
            OwnerUnit::LinkingCooperation => Role::LinkingCooperation,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    Done,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ActionItem {
    pub id: String,
    pub session_id: String,
    pub session_name: String,
    pub body_code: String,
    pub item_id: Option<String>,
    pub description: String,
    pub owner_unit: OwnerUnit,
    pub person: String,
    /// `YYYY-MM-DD`.
    pub due_date: Option<String>,
    pub status: ActionStatus,
    pub done_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ActionItemInput {
    pub item_id: Option<String>,
    pub description: String,
    pub owner_unit: OwnerUnit,
    pub person: String,
    pub due_date: Option<String>,
}

/// The record of a session.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Minutes {
    pub session_id: String,
    pub status: MinutesStatus,
    /// The later session at which these minutes were approved.
    pub approved_at_session: Option<SessionRef>,
    /// Minutes of earlier sessions approved at this one.
    pub approves_minutes_of: Vec<SessionRef>,
    /// One entry per agenda item, in agenda order (empty texts where nothing is written).
    pub entries: Vec<MinutesEntry>,
    pub resolutions: Vec<Resolution>,
    pub action_items: Vec<ActionItem>,
}

fn minutes_row(
    conn: &Connection,
    session_id: &str,
) -> Result<Option<(MinutesStatus, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT status, approved_at_session_id FROM minutes WHERE session_id = ?1 AND deleted_at IS NULL",
            [session_id],
            |r| {
                let s: String = r.get(0)?;
                Ok((
                    if s == "approved" {
                        MinutesStatus::Approved
                    } else {
                        MinutesStatus::Draft
                    },
                    r.get(1)?,
                ))
            },
        )
        .optional()?)
}

/// The minutes of a session (draft and empty until something is written).
pub fn minutes(conn: &Connection, session_id: &str) -> Result<Minutes> {
    let session = sessions::get_session(conn, session_id)?;
    let main = session.main_language();
    let (status, approved_at) =
        minutes_row(conn, &session.id)?.unwrap_or((MinutesStatus::Draft, None));
    let mut st = conn.prepare_cached(
        "SELECT item_id, discussion, decision FROM minutes_entries WHERE session_id = ?1 AND deleted_at IS NULL",
    )?;
    let mut texts: BTreeMap<String, (String, String)> = BTreeMap::new();
    for row in st.query_map([&session.id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (item, d, x) = row?;
        texts.insert(item, (d, x));
    }
    let entries = agenda::agenda(conn, &session.id)?
        .items
        .into_iter()
        .map(|i| {
            let (discussion, decision) = texts.remove(&i.id).unwrap_or_default();
            MinutesEntry {
                title: i.title(main).to_string(),
                item_id: i.id,
                number: i.number,
                depth: i.depth,
                discussion,
                decision,
            }
        })
        .collect();
    let mut st = conn.prepare_cached(
        "SELECT session_id FROM minutes WHERE approved_at_session_id = ?1 AND deleted_at IS NULL",
    )?;
    let approves: Vec<String> = st
        .query_map([&session.id], |r| r.get(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut approves_minutes_of = approves
        .iter()
        .map(|id| sessions::session_ref(conn, id))
        .collect::<Result<Vec<_>>>()?;
    approves_minutes_of.sort_by(|a, b| a.starts_at.cmp(&b.starts_at));
    Ok(Minutes {
        session_id: session.id.clone(),
        status,
        approved_at_session: approved_at
            .map(|id| sessions::session_ref(conn, &id))
            .transpose()?,
        approves_minutes_of,
        entries,
        resolutions: resolutions(conn, &session.id)?,
        action_items: session_action_items(conn, &session.id)?,
    })
}

fn ensure_minutes(tx: &Transaction, actor: &User, session_id: &str) -> Result<()> {
    let at = now();
    tx.execute(
        "INSERT INTO minutes (id, session_id, created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?3, ?4)
         ON CONFLICT(session_id) DO NOTHING",
        params![new_id(), session_id, at, actor.id],
    )?;
    Ok(())
}

/// A session whose record may be written: convened, held or closed (not planned), with its
/// minutes not yet approved.
fn recordable(conn: &Connection, session_id: &str) -> Result<sessions::Session> {
    let s = sessions::get_session(conn, session_id)?;
    if s.status == SessionStatus::Planned {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "status",
            "the session has not been convened yet",
        ));
    }
    if let Some((MinutesStatus::Approved, _)) = minutes_row(conn, session_id)? {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "minutes_status",
            "the minutes are approved; they no longer change",
        ));
    }
    Ok(s)
}

/// Writes the minutes of one agenda item.
pub fn set_minutes_entry(
    store: &mut Store,
    actor: &User,
    item_id: &str,
    input: &MinutesEntryInput,
) -> Result<Minutes> {
    actor.require(Permission::EditSessions)?;
    let discussion = validate::long_text("discussion", &input.discussion, 50_000)?;
    let decision = validate::long_text("decision", &input.decision, 20_000)?;
    store.transaction(|tx| {
        let session_id = set_minutes_entry_tx(tx, actor, item_id, &discussion, &decision)?;
        minutes(tx, &session_id)
    })
}

pub(crate) fn set_minutes_entry_tx(
    tx: &Transaction,
    actor: &User,
    item_id: &str,
    discussion: &str,
    decision: &str,
) -> Result<String> {
    let session_id = agenda::item_session(tx, item_id)?;
    recordable(tx, &session_id)?;
    ensure_minutes(tx, actor, &session_id)?;
    let at = now();
    tx.execute(
        "INSERT INTO minutes_entries (id, session_id, item_id, discussion, decision, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)
         ON CONFLICT(item_id) DO UPDATE SET discussion = excluded.discussion, decision = excluded.decision,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by, deleted_at = NULL",
        params![new_id(), session_id, item_id, discussion, decision, at, actor.id],
    )?;
    audit::record(
        tx,
        Some(&actor.id),
        "minutes.set_entry",
        "agenda_item",
        Some(item_id),
        &json!({ "session_id": session_id, "discussion_chars": discussion.chars().count(), "decision_chars": decision.chars().count() }),
    )?;
    Ok(session_id)
}

/// Approves a session's minutes at a later session of the same body (convened or held).
pub fn approve_minutes(
    store: &mut Store,
    actor: &User,
    session_id: &str,
    at_session_id: &str,
) -> Result<Minutes> {
    actor.require(Permission::ApproveSessionRecords)?;
    store.transaction(|tx| {
        let s = recordable(tx, session_id)?;
        if s.status < SessionStatus::Held {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                "only the minutes of a session that was held can be approved",
            ));
        }
        let at = sessions::get_session(tx, at_session_id).map_err(|e| {
            AppError::field(ErrorCode::NotFound, "at_session_id", e.message)
        })?;
        if at.body_id != s.body_id || at.id == s.id || at.start_local()? <= s.start_local()? {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "at_session_id",
                "minutes are approved at a later session of the same body",
            ));
        }
        if at.status == SessionStatus::Planned {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "at_session_id",
                "the approving session has not been convened yet",
            ));
        }
        ensure_minutes(tx, actor, &s.id)?;
        tx.execute(
            "UPDATE minutes SET status = 'approved', approved_at_session_id = ?2, updated_at = ?3, updated_by = ?4 WHERE session_id = ?1",
            params![s.id, at.id, now(), actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "minutes.approve",
            "session",
            Some(&s.id),
            &json!({ "approved_at_session_id": at.id, "approved_at": at.name }),
        )?;
        minutes(tx, &s.id)
    })
}

// ---------------------------------------------------------------------------------------------
// Resolutions

const RESOLUTION_COLUMNS: &str =
    "id, body_id, session_id, item_id, year, number, reference, title, text";

fn resolution_from_row(r: &Row) -> rusqlite::Result<Resolution> {
    Ok(Resolution {
        id: r.get(0)?,
        body_id: r.get(1)?,
        session_id: r.get(2)?,
        item_id: r.get(3)?,
        year: r.get(4)?,
        number: r.get(5)?,
        reference: r.get(6)?,
        title: r.get(7)?,
        text: r.get(8)?,
    })
}

/// A session's resolutions, in number order.
pub fn resolutions(conn: &Connection, session_id: &str) -> Result<Vec<Resolution>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {RESOLUTION_COLUMNS} FROM resolutions WHERE session_id = ?1 AND deleted_at IS NULL ORDER BY year, number"
    ))?;
    let rows = st.query_map([session_id], resolution_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The register of a body's resolutions (all years), newest first.
pub fn body_resolutions(conn: &Connection, body_id: &str) -> Result<Vec<Resolution>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {RESOLUTION_COLUMNS} FROM resolutions WHERE body_id = ?1 AND deleted_at IS NULL ORDER BY year DESC, number DESC"
    ))?;
    let rows = st.query_map([body_id], resolution_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Adopts a resolution at a session (convened or held): the next number of the body in the
/// session's year, and its reference from the body's pattern.
pub fn adopt_resolution(
    store: &mut Store,
    actor: &User,
    session_id: &str,
    input: &ResolutionInput,
) -> Result<Resolution> {
    actor.require(Permission::ApproveSessionRecords)?;
    store.transaction(|tx| adopt_resolution_tx(tx, actor, session_id, input))
}

pub(crate) fn adopt_resolution_tx(
    tx: &Transaction,
    actor: &User,
    session_id: &str,
    input: &ResolutionInput,
) -> Result<Resolution> {
    let title = validate::required_text("title", &input.title, 500)?;
    let text = validate::long_text("text", &input.text, 50_000)?;
    let s = sessions::get_session(tx, session_id)?;
    if !matches!(s.status, SessionStatus::Convened | SessionStatus::Held) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "status",
            "resolutions are adopted at a convened or held session",
        ));
    }
    let item_id = input
        .item_id
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty());
    if let Some(item) = item_id {
        if agenda::item_session(tx, item)? != s.id {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "item_id",
                "the agenda item belongs to another session",
            ));
        }
    }
    let body = bodies::get_body(tx, &s.body_id)?;
    let year = s.start_local()?.year();
    let number: u32 = tx.query_row(
        "SELECT ifnull(max(number), 0) + 1 FROM resolutions WHERE body_id = ?1 AND year = ?2",
        params![body.id, year],
        |r| r.get(0),
    )?;
    let reference = bodies::resolution_reference(
        &body.resolution_pattern,
        &body.code,
        year,
        s.ordinal,
        number,
    )?;
    let id = new_id();
    let at = now();
    tx.execute(
        "INSERT INTO resolutions (id, body_id, session_id, item_id, year, number, reference, title, text, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
        params![id, body.id, s.id, item_id, year, number, reference, title, text, at, actor.id],
    )?;
    audit::record(
        tx,
        Some(&actor.id),
        "resolutions.adopt",
        "resolution",
        Some(&id),
        &json!({ "reference": reference, "session_id": s.id, "title": title }),
    )?;
    tx.query_row(
        &format!("SELECT {RESOLUTION_COLUMNS} FROM resolutions WHERE id = ?1"),
        [&id],
        resolution_from_row,
    )
    .map_err(Into::into)
}

// ---------------------------------------------------------------------------------------------
// Action items

const ACTION_COLUMNS: &str = "a.id, a.session_id, s.name, b.code, a.item_id, a.description, a.owner_unit, a.person, a.due_date, a.status, a.done_at";
const ACTION_FROM: &str =
    "action_items a JOIN sessions s ON s.id = a.session_id JOIN bodies b ON b.id = s.body_id";

fn action_from_row(r: &Row) -> rusqlite::Result<ActionItem> {
    Ok(ActionItem {
        id: r.get(0)?,
        session_id: r.get(1)?,
        session_name: r.get(2)?,
        body_code: r.get(3)?,
        item_id: r.get(4)?,
        description: r.get(5)?,
        owner_unit: OwnerUnit::parse(&r.get::<_, String>(6)?).unwrap_or(OwnerUnit::ChiefOfStaff),
        person: r.get(7)?,
        due_date: r.get(8)?,
        status: if r.get::<_, String>(9)? == "done" {
            ActionStatus::Done
        } else {
            ActionStatus::Open
        },
        done_at: r.get(10)?,
    })
}

fn session_action_items(conn: &Connection, session_id: &str) -> Result<Vec<ActionItem>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {ACTION_COLUMNS} FROM {ACTION_FROM} WHERE a.session_id = ?1 AND a.deleted_at IS NULL
         ORDER BY a.due_date IS NULL, a.due_date, a.created_at, a.id"
    ))?;
    let rows = st.query_map([session_id], action_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Open action items of every session, soonest due first (undated last).
pub fn open_action_items(conn: &Connection, limit: u32) -> Result<Vec<ActionItem>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {ACTION_COLUMNS} FROM {ACTION_FROM}
         WHERE a.status = 'open' AND a.deleted_at IS NULL AND s.deleted_at IS NULL
         ORDER BY a.due_date IS NULL, a.due_date, a.created_at, a.id LIMIT ?1"
    ))?;
    let rows = st.query_map([limit], action_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn get_action_item(conn: &Connection, id: &str) -> Result<ActionItem> {
    conn.query_row(
        &format!(
            "SELECT {ACTION_COLUMNS} FROM {ACTION_FROM} WHERE a.id = ?1 AND a.deleted_at IS NULL"
        ),
        [id],
        action_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("action item", id))
}

struct ValidAction {
    item_id: Option<String>,
    description: String,
    person: String,
    due_date: Option<String>,
}

fn validate_action(
    conn: &Connection,
    session_id: &str,
    input: &ActionItemInput,
) -> Result<ValidAction> {
    let description = validate::required_text("description", &input.description, 1000)?;
    let person = validate::optional_text("person", &input.person, 200)?;
    let due_date = validate::date("due_date", input.due_date.as_deref())?.map(|d| d.to_string());
    let item_id = input
        .item_id
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(str::to_string);
    if let Some(item) = &item_id {
        if agenda::item_session(conn, item)? != session_id {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "item_id",
                "the agenda item belongs to another session",
            ));
        }
    }
    Ok(ValidAction {
        item_id,
        description,
        person,
        due_date,
    })
}

/// Adds an action item decided at a session.
pub fn add_action_item(
    store: &mut Store,
    actor: &User,
    session_id: &str,
    input: &ActionItemInput,
) -> Result<ActionItem> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| add_action_item_tx(tx, actor, session_id, input))
}

pub(crate) fn add_action_item_tx(
    tx: &Transaction,
    actor: &User,
    session_id: &str,
    input: &ActionItemInput,
) -> Result<ActionItem> {
    let s = sessions::get_session(tx, session_id)?;
    let v = validate_action(tx, &s.id, input)?;
    let id = new_id();
    let at = now();
    tx.execute(
        "INSERT INTO action_items (id, session_id, item_id, description, owner_unit, person, due_date, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
        params![id, s.id, v.item_id, v.description, input.owner_unit.as_str(), v.person, v.due_date, at, actor.id],
    )?;
    audit::record(
        tx,
        Some(&actor.id),
        "action_items.create",
        "action_item",
        Some(&id),
        &json!({ "session_id": s.id, "owner_unit": input.owner_unit.as_str(), "due_date": v.due_date }),
    )?;
    get_action_item(tx, &id)
}

pub fn update_action_item(
    store: &mut Store,
    actor: &User,
    id: &str,
    input: &ActionItemInput,
) -> Result<ActionItem> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        let a = get_action_item(tx, id)?;
        let v = validate_action(tx, &a.session_id, input)?;
        tx.execute(
            "UPDATE action_items SET item_id = ?2, description = ?3, owner_unit = ?4, person = ?5, due_date = ?6, updated_at = ?7, updated_by = ?8 WHERE id = ?1",
            params![id, v.item_id, v.description, input.owner_unit.as_str(), v.person, v.due_date, now(), actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "action_items.update",
            "action_item",
            Some(id),
            &json!({ "owner_unit": input.owner_unit.as_str(), "due_date": v.due_date }),
        )?;
        get_action_item(tx, id)
    })
}

/// Marks an action item done or open again: those who edit sessions, or the owner unit.
pub fn set_action_item_status(
    store: &mut Store,
    actor: &User,
    id: &str,
    status: ActionStatus,
) -> Result<ActionItem> {
    let a = get_action_item(store.conn(), id)?;
    if !(actor.can(Permission::EditSessions) || actor.role == a.owner_unit.role()) {
        actor.require(Permission::EditSessions)?;
    }
    store.transaction(|tx| {
        let at = now();
        let (s, done_at) = match status {
            ActionStatus::Open => ("open", None),
            ActionStatus::Done => ("done", Some(at.clone())),
        };
        tx.execute(
            "UPDATE action_items SET status = ?2, done_at = ?3, updated_at = ?4, updated_by = ?5 WHERE id = ?1 AND deleted_at IS NULL",
            params![id, s, done_at, at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "action_items.set_status", "action_item", Some(id), &json!({ "status": s }))?;
        get_action_item(tx, id)
    })
}

// ---------------------------------------------------------------------------------------------
// For the printed minutes

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct MinutesPrintItem {
    pub item_id: String,
    pub number: String,
    pub depth: u8,
    pub kind: ItemKind,
    pub presenter: String,
    pub titles: BTreeMap<Language, String>,
    pub discussion: String,
    pub decision: String,
    /// References of the resolutions adopted under this item.
    pub resolutions: Vec<String>,
}

/// Everything printed minutes need.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct MinutesPrint {
    pub session: SessionPrint,
    pub status: MinutesStatus,
    pub approved_at_session: Option<SessionRef>,
    pub attendance: AttendanceSheet,
    pub items: Vec<MinutesPrintItem>,
    pub resolutions: Vec<Resolution>,
    pub action_items: Vec<ActionItem>,
}

pub fn minutes_for_print(conn: &Connection, session_id: &str) -> Result<MinutesPrint> {
    let session = sessions::get_session(conn, session_id)?;
    let m = minutes(conn, session_id)?;
    let items = agenda::agenda(conn, session_id)?.items;
    let print_items = items
        .into_iter()
        .zip(m.entries.iter())
        .map(|(i, e)| MinutesPrintItem {
            resolutions: m
                .resolutions
                .iter()
                .filter(|r| r.item_id.as_deref() == Some(&i.id))
                .map(|r| r.reference.clone())
                .collect(),
            item_id: i.id,
            number: i.number,
            depth: i.depth,
            kind: i.kind,
            presenter: i.presenter,
            titles: i.titles,
            discussion: e.discussion.clone(),
            decision: e.decision.clone(),
        })
        .collect();
    Ok(MinutesPrint {
        session: sessions::session_print(&session)?,
        status: m.status,
        approved_at_session: m.approved_at_session,
        attendance: sessions::attendance(conn, session_id)?,
        items: print_items,
        resolutions: m.resolutions,
        action_items: m.action_items,
    })
}
