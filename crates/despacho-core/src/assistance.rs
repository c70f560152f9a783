//! Technical assistance requests from members: received → under assessment → approved or
//! declined (a decision with its reason) → in progress → closed (with the outcome); assigned
//! experts, deliverables, linked missions, and the whole history on one timeline (every change
//! is an event row; the missions' events join it).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::cooperation::{self, EventOwner, TimelineEvent};
use crate::error::{AppError, ErrorCode, Result};
use crate::members;
use crate::store::{new_id, now, today, Scope};
use crate::users::{Permission, User};
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Received,
    UnderAssessment,
    Approved,
    Declined,
    InProgress,
    Closed,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 6] = [
        RequestStatus::Received,
        RequestStatus::UnderAssessment,
        RequestStatus::Approved,
        RequestStatus::Declined,
        RequestStatus::InProgress,
        RequestStatus::Closed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Received => "received",
            RequestStatus::UnderAssessment => "under_assessment",
            RequestStatus::Approved => "approved",
            RequestStatus::Declined => "declined",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
    pub fn next(self) -> &'static [RequestStatus] {
        match self {
            RequestStatus::Received => &[RequestStatus::UnderAssessment],
            RequestStatus::UnderAssessment => &[RequestStatus::Approved, RequestStatus::Declined],
            RequestStatus::Approved => &[RequestStatus::InProgress],
            RequestStatus::InProgress => &[RequestStatus::Closed],
            RequestStatus::Declined | RequestStatus::Closed => &[],
        }
    }
    /// Still open (not declined, not closed).
    pub fn is_open(self) -> bool {
        !matches!(self, RequestStatus::Declined | RequestStatus::Closed)
    }
}

/// A technical assistance request.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AssistanceRequest {
    pub id: String,
    /// `YYYY-MM-DD`.
    pub received_on: String,
    pub member_id: String,
    pub member_acronym: String,
    pub member_name: String,
    pub contact_id: Option<String>,
    pub contact_name: Option<String>,
    /// The CASS area (a commission body).
    pub area_id: Option<String>,
    pub area_code: Option<String>,
    pub title: String,
    pub description: String,
    pub status: RequestStatus,
    pub decision_reason: String,
    pub decided_on: Option<String>,
    pub outcome: String,
    pub closed_on: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct RequestInput {
    pub received_on: String,
    pub member_id: String,
    /// A contact of that member.
    pub contact_id: Option<String>,
    /// A CASS (a body of kind commission).
    pub area_id: Option<String>,
    pub title: String,
    pub description: String,
}

/// A move in the workflow: the new status, the day it happened (today when empty), the
/// decision's reason (approve, decline) or the outcome (close).
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct RequestStatusChange {
    pub status: RequestStatus,
    pub on: Option<String>,
    pub reason: String,
    pub outcome: String,
}

/// An expert assigned to a request: a staff member or an external expert.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Expert {
    pub id: String,
    pub name: String,
    pub role: String,
    pub external: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct ExpertInput {
    pub name: String,
    pub role: String,
    pub external: bool,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Deliverable {
    pub id: String,
    pub title: String,
    pub due_on: Option<String>,
    pub delivered_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct DeliverableInput {
    pub title: String,
    pub due_on: Option<String>,
}

/// A mission linked to a request (or an agreement, a session).
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct MissionRef {
    pub id: String,
    pub purpose: String,
    pub status: String,
    pub start_date: String,
    pub end_date: String,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct RequestDetail {
    pub request: AssistanceRequest,
    pub experts: Vec<Expert>,
    pub deliverables: Vec<Deliverable>,
    pub missions: Vec<MissionRef>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct RequestFilter {
    pub status: Option<RequestStatus>,
    /// Only requests not declined or closed.
    pub open_only: bool,
    pub member_id: Option<String>,
    pub area_id: Option<String>,
    /// Matches the title, the description or the member's name or acronym.
    pub search: Option<String>,
}

const COLUMNS: &str = "r.id, r.received_on, r.member_id, m.acronym, m.name, r.contact_id, c.name, r.area_id, b.code,
     r.title, r.description, r.status, r.decision_reason, r.decided_on, r.outcome, r.closed_on, r.updated_at";
const FROM: &str = "FROM assistance_requests r JOIN members m ON m.id = r.member_id
     LEFT JOIN contacts c ON c.id = r.contact_id LEFT JOIN bodies b ON b.id = r.area_id";

fn from_row(r: &Row) -> rusqlite::Result<AssistanceRequest> {
    Ok(AssistanceRequest {
        id: r.get(0)?,
        received_on: r.get(1)?,
        member_id: r.get(2)?,
        member_acronym: r.get(3)?,
        member_name: r.get(4)?,
        contact_id: r.get(5)?,
        contact_name: r.get(6)?,
        area_id: r.get(7)?,
        area_code: r.get(8)?,
        title: r.get(9)?,
        description: r.get(10)?,
        status: RequestStatus::parse(&r.get::<_, String>(11)?).unwrap_or(RequestStatus::Received),
        decision_reason: r.get(12)?,
        decided_on: r.get(13)?,
        outcome: r.get(14)?,
        closed_on: r.get(15)?,
        updated_at: r.get(16)?,
    })
}

fn load(conn: &Connection, id: &str) -> Result<AssistanceRequest> {
    conn.query_row(
        &format!("SELECT {COLUMNS} {FROM} WHERE r.id = ?1 AND r.deleted_at IS NULL"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("technical assistance request", id))
}

/// Requests matching `filter`, newest first.
pub fn list_requests(conn: &Connection, filter: &RequestFilter) -> Result<Vec<AssistanceRequest>> {
    let mut sql = format!("SELECT {COLUMNS} {FROM} WHERE r.deleted_at IS NULL");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(s) = filter.status {
        args.push(s.as_str().to_string().into());
        sql.push_str(&format!(" AND r.status = ?{}", args.len()));
    }
    if filter.open_only {
        sql.push_str(" AND r.status NOT IN ('declined','closed')");
    }
    for (col, v) in [
        ("r.member_id", &filter.member_id),
        ("r.area_id", &filter.area_id),
    ] {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            args.push(v.to_string().into());
            sql.push_str(&format!(" AND {col} = ?{}", args.len()));
        }
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
            " AND (r.title LIKE ?{n} ESCAPE '\\' OR r.description LIKE ?{n} ESCAPE '\\' OR m.name LIKE ?{n} ESCAPE '\\' OR m.acronym LIKE ?{n} ESCAPE '\\')"
        ));
    }
    sql.push_str(" ORDER BY r.received_on DESC, r.id DESC");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(args), from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Open requests (not declined or closed), oldest first: what the desk lists.
pub fn open_requests(conn: &Connection, limit: u32) -> Result<Vec<AssistanceRequest>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} {FROM} WHERE r.deleted_at IS NULL AND r.status NOT IN ('declined','closed')
         ORDER BY r.received_on, r.id LIMIT ?1"
    ))?;
    let rows = st.query_map([limit], from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The missions linked to a record (`kind` = request, session or agreement).
pub fn linked_missions(conn: &Connection, kind: &str, target_id: &str) -> Result<Vec<MissionRef>> {
    let mut st = conn.prepare_cached(
        "SELECT m.id, m.purpose, m.status, m.start_date, m.end_date FROM mission_links l JOIN missions m ON m.id = l.mission_id
         WHERE l.kind = ?1 AND l.target_id = ?2 AND l.deleted_at IS NULL AND m.deleted_at IS NULL ORDER BY m.start_date, m.id",
    )?;
    let rows = st.query_map(params![kind, target_id], |r| {
        Ok(MissionRef {
            id: r.get(0)?,
            purpose: r.get(1)?,
            status: r.get(2)?,
            start_date: r.get(3)?,
            end_date: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A request with its experts, deliverables and missions.
pub fn get_request(conn: &Connection, id: &str) -> Result<RequestDetail> {
    let request = load(conn, id)?;
    let mut st = conn.prepare_cached(
        "SELECT id, name, role, external FROM assistance_experts WHERE request_id = ?1 AND deleted_at IS NULL ORDER BY position, id",
    )?;
    let experts = st
        .query_map([id], |r| {
            Ok(Expert {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                external: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut st = conn.prepare_cached(
        "SELECT id, title, due_on, delivered_on FROM assistance_deliverables WHERE request_id = ?1 AND deleted_at IS NULL
         ORDER BY due_on IS NULL, due_on, position, id",
    )?;
    let deliverables = st
        .query_map([id], |r| {
            Ok(Deliverable {
                id: r.get(0)?,
                title: r.get(1)?,
                due_on: r.get(2)?,
                delivered_on: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RequestDetail {
        missions: linked_missions(conn, "request", id)?,
        request,
        experts,
        deliverables,
    })
}

/// The request's whole history: its own events and those of its missions, chronological.
pub fn timeline(conn: &Connection, request_id: &str) -> Result<Vec<TimelineEvent>> {
    load(conn, request_id)?;
    let missions: Vec<String> = linked_missions(conn, "request", request_id)?
        .into_iter()
        .map(|m| m.id)
        .collect();
    cooperation::events(conn, &[request_id.to_string()], &missions)
}

struct Valid {
    received_on: NaiveDate,
    member_id: String,
    contact_id: Option<String>,
    area_id: Option<String>,
    title: String,
    description: String,
}

fn validate_input(input: &RequestInput) -> Result<Valid> {
    let received_on = cooperation::required_date("received_on", &input.received_on)?;
    if received_on > today() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "received_on",
            "a request cannot be received in the future",
        ));
    }
    let member_id = cooperation::opt_id("member_id", Some(&input.member_id))?.ok_or_else(|| {
        AppError::field(
            ErrorCode::Required,
            "member_id",
            "the requesting member is required",
        )
    })?;
    Ok(Valid {
        received_on,
        member_id,
        contact_id: cooperation::opt_id("contact_id", input.contact_id.as_deref())?,
        area_id: cooperation::opt_id("area_id", input.area_id.as_deref())?,
        title: validate::required_text("title", &input.title, 300)?,
        description: validate::long_text("description", &input.description, 20_000)?,
    })
}

fn check_refs(conn: &Connection, v: &Valid) -> Result<()> {
    members::require_live_member(conn, &v.member_id)?;
    if let Some(c) = &v.contact_id {
        let of: Option<String> = conn
            .query_row(
                "SELECT member_id FROM contacts WHERE id = ?1 AND deleted_at IS NULL",
                [c],
                |r| r.get(0),
            )
            .optional()?;
        match of {
            None => {
                return Err(AppError::field(
                    ErrorCode::NotFound,
                    "contact_id",
                    format!("contact {c} does not exist"),
                ))
            }
            Some(m) if m != v.member_id => {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "contact_id",
                    "the contact is not a contact of the requesting member",
                ))
            }
            _ => {}
        }
    }
    if let Some(a) = &v.area_id {
        let kind: Option<String> = conn
            .query_row(
                "SELECT kind FROM bodies WHERE id = ?1 AND deleted_at IS NULL",
                [a],
                |r| r.get(0),
            )
            .optional()?;
        match kind.as_deref() {
            None => {
                return Err(AppError::field(
                    ErrorCode::NotFound,
                    "area_id",
                    format!("body {a} does not exist"),
                ))
            }
            Some("commission") => {}
            Some(_) => {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "area_id",
                    "the topic area is one of the American Social Security Commissions (CASS)",
                ))
            }
        }
    }
    Ok(())
}

fn event(
    tx: &Transaction,
    actor: &User,
    id: &str,
    on: NaiveDate,
    kind: &str,
    summary: &str,
) -> Result<()> {
    cooperation::record_event(tx, actor, EventOwner::Request, id, on, kind, summary)
}

/// Registers a request (status received).
pub fn create_request(
    store: &mut impl Scope,
    actor: &User,
    input: &RequestInput,
) -> Result<AssistanceRequest> {
    actor.require(Permission::EditCooperation)?;
    let v = validate_input(input)?;
    store.transaction(|tx| {
        check_refs(tx, &v)?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO assistance_requests (id, received_on, member_id, contact_id, area_id, title, description, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            params![id, v.received_on.to_string(), v.member_id, v.contact_id, v.area_id, v.title, v.description, at, actor.id],
        )?;
        event(tx, actor, &id, v.received_on, "received", &v.title)?;
        audit::record(tx, Some(&actor.id), "assistance.create", "assistance_request", Some(&id),
            &json!({ "member_id": v.member_id, "title": v.title, "received_on": v.received_on.to_string() }))?;
        load(tx, &id)
    })
}

fn editable(conn: &Connection, id: &str) -> Result<AssistanceRequest> {
    let r = load(conn, id)?;
    if !r.status.is_open() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "status",
            format!("the request is {}; it no longer changes", r.status.as_str()),
        ));
    }
    Ok(r)
}

/// Replaces a request's fields while it is open.
pub fn update_request(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &RequestInput,
) -> Result<AssistanceRequest> {
    actor.require(Permission::EditCooperation)?;
    let v = validate_input(input)?;
    store.transaction(|tx| {
        editable(tx, id)?;
        check_refs(tx, &v)?;
        tx.execute(
            "UPDATE assistance_requests SET received_on = ?2, member_id = ?3, contact_id = ?4, area_id = ?5, title = ?6, description = ?7,
               updated_at = ?8, updated_by = ?9 WHERE id = ?1",
            params![id, v.received_on.to_string(), v.member_id, v.contact_id, v.area_id, v.title, v.description, now(), actor.id],
        )?;
        event(tx, actor, id, today(), "updated", &v.title)?;
        audit::record(tx, Some(&actor.id), "assistance.update", "assistance_request", Some(id), &json!({ "title": v.title }))?;
        load(tx, id)
    })
}

/// Moves a request along its workflow. Approving or declining needs the reason; closing needs
/// the outcome; the day of the change is not before the request was received nor in the future.
pub fn set_request_status(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    change: &RequestStatusChange,
) -> Result<AssistanceRequest> {
    actor.require(Permission::EditCooperation)?;
    let on = cooperation::event_date("on", change.on.as_deref(), today())?;
    let reason = validate::long_text("reason", &change.reason, 5000)?;
    let outcome = validate::long_text("outcome", &change.outcome, 20_000)?;
    let to = change.status;
    if matches!(to, RequestStatus::Approved | RequestStatus::Declined) && reason.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "reason",
            "a decision states its reason",
        ));
    }
    if to == RequestStatus::Closed && outcome.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "outcome",
            "closing a request states its outcome",
        ));
    }
    store.transaction(|tx| {
        let r = load(tx, id)?;
        if !r.status.next().contains(&to) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                format!("a request cannot go from {} to {}", r.status.as_str(), to.as_str()),
            ));
        }
        if on.to_string() < r.received_on {
            return Err(AppError::field(ErrorCode::InvalidValue, "on", "the change is dated before the request was received"));
        }
        let at = now();
        match to {
            RequestStatus::Approved | RequestStatus::Declined => tx.execute(
                "UPDATE assistance_requests SET status = ?2, decision_reason = ?3, decided_on = ?4, updated_at = ?5, updated_by = ?6 WHERE id = ?1",
                params![id, to.as_str(), reason, on.to_string(), at, actor.id],
            )?,
            RequestStatus::Closed => tx.execute(
                "UPDATE assistance_requests SET status = ?2, outcome = ?3, closed_on = ?4, updated_at = ?5, updated_by = ?6 WHERE id = ?1",
                params![id, to.as_str(), outcome, on.to_string(), at, actor.id],
            )?,
            _ => tx.execute(
                "UPDATE assistance_requests SET status = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
                params![id, to.as_str(), at, actor.id],
            )?,
        };
        let summary = match to {
            RequestStatus::Approved | RequestStatus::Declined => reason.clone(),
            RequestStatus::Closed => outcome.clone(),
            _ => String::new(),
        };
        event(tx, actor, id, on, &format!("status:{}", to.as_str()), &summary)?;
        audit::record(tx, Some(&actor.id), "assistance.set_status", "assistance_request", Some(id),
            &json!({ "from": r.status.as_str(), "to": to.as_str(), "on": on.to_string() }))?;
        load(tx, id)
    })
}

/// Assigns an expert (staff or external) to an open request.
pub fn add_expert(
    store: &mut impl Scope,
    actor: &User,
    request_id: &str,
    input: &ExpertInput,
) -> Result<RequestDetail> {
    actor.require(Permission::EditCooperation)?;
    let name = validate::required_text("name", &input.name, 200)?;
    let role = validate::optional_text("role", &input.role, 200)?;
    store.transaction(|tx| {
        editable(tx, request_id)?;
        let at = now();
        tx.execute(
            "INSERT INTO assistance_experts (id, request_id, name, role, external, position, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, (SELECT count(*) FROM assistance_experts WHERE request_id = ?2), ?6, ?6, ?7)",
            params![new_id(), request_id, name, role, input.external, at, actor.id],
        )?;
        let kind = if input.external { "external" } else { "staff" };
        event(tx, actor, request_id, today(), "expert_added", format!("{name} ({kind}) {role}").trim())?;
        audit::record(tx, Some(&actor.id), "assistance.add_expert", "assistance_request", Some(request_id),
            &json!({ "name": name, "role": role, "external": input.external }))?;
        get_request(tx, request_id)
    })
}

/// Removes an expert from a request (a tombstone).
pub fn remove_expert(
    store: &mut impl Scope,
    actor: &User,
    expert_id: &str,
) -> Result<RequestDetail> {
    actor.require(Permission::EditCooperation)?;
    store.transaction(|tx| {
        let (request_id, name): (String, String) = tx
            .query_row(
                "SELECT request_id, name FROM assistance_experts WHERE id = ?1 AND deleted_at IS NULL",
                [expert_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| AppError::not_found("expert", expert_id))?;
        editable(tx, &request_id)?;
        let at = now();
        tx.execute(
            "UPDATE assistance_experts SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![expert_id, at, actor.id],
        )?;
        event(tx, actor, &request_id, today(), "expert_removed", &name)?;
        audit::record(tx, Some(&actor.id), "assistance.remove_expert", "assistance_request", Some(&request_id), &json!({ "name": name }))?;
        get_request(tx, &request_id)
    })
}

/// Adds a deliverable to an open request.
pub fn add_deliverable(
    store: &mut impl Scope,
    actor: &User,
    request_id: &str,
    input: &DeliverableInput,
) -> Result<RequestDetail> {
    actor.require(Permission::EditCooperation)?;
    let title = validate::required_text("title", &input.title, 300)?;
    let due_on = cooperation::optional_date("due_on", input.due_on.as_deref())?;
    store.transaction(|tx| {
        let r = editable(tx, request_id)?;
        if due_on.is_some_and(|d| d.to_string() < r.received_on) {
            return Err(AppError::field(ErrorCode::InvalidValue, "due_on", "the deliverable is due before the request was received"));
        }
        let at = now();
        tx.execute(
            "INSERT INTO assistance_deliverables (id, request_id, title, due_on, position, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, (SELECT count(*) FROM assistance_deliverables WHERE request_id = ?2), ?5, ?5, ?6)",
            params![new_id(), request_id, title, due_on.map(|d| d.to_string()), at, actor.id],
        )?;
        event(tx, actor, request_id, today(), "deliverable_added", &title)?;
        audit::record(tx, Some(&actor.id), "assistance.add_deliverable", "assistance_request", Some(request_id),
            &json!({ "title": title, "due_on": due_on.map(|d| d.to_string()) }))?;
        get_request(tx, request_id)
    })
}

/// Marks a deliverable delivered on a day (today when empty).
pub fn deliver(
    store: &mut impl Scope,
    actor: &User,
    deliverable_id: &str,
    on: Option<&str>,
) -> Result<RequestDetail> {
    actor.require(Permission::EditCooperation)?;
    let on = cooperation::event_date("on", on, today())?;
    store.transaction(|tx| {
        let (request_id, title, delivered): (String, String, Option<String>) = tx
            .query_row(
                "SELECT request_id, title, delivered_on FROM assistance_deliverables WHERE id = ?1 AND deleted_at IS NULL",
                [deliverable_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| AppError::not_found("deliverable", deliverable_id))?;
        let r = editable(tx, &request_id)?;
        if delivered.is_some() {
            return Err(AppError::field(ErrorCode::InvalidValue, "delivered_on", "the deliverable was already delivered"));
        }
        if on.to_string() < r.received_on {
            return Err(AppError::field(ErrorCode::InvalidValue, "on", "delivered before the request was received"));
        }
        tx.execute(
            "UPDATE assistance_deliverables SET delivered_on = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![deliverable_id, on.to_string(), now(), actor.id],
        )?;
        event(tx, actor, &request_id, on, "deliverable_delivered", &title)?;
        audit::record(tx, Some(&actor.id), "assistance.deliver", "assistance_request", Some(&request_id),
            &json!({ "title": title, "on": on.to_string() }))?;
        get_request(tx, &request_id)
    })
}
