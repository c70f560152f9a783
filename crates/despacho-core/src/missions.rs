//! Missions (official travel): purpose, destination, dates, travellers, links to technical
//! assistance requests, sessions and agreements, itinerary, estimated and actual cost (the
//! actual cost posted to the journal against budget line 3.1 or 3.2 when the user keeps the
//! books), the mission report with its documents, and the status
//! planned → approved → under way → completed → report filed (or cancelled before travel).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::cooperation::{self, Document, DocumentOwner, EventOwner, TimelineEvent};
use crate::countries;
use crate::dues::Amount;
use crate::error::{AppError, ErrorCode, Result};
use crate::ledger::{self, EntryKind, EntrySource, ValidEntry, ValidLine};
use crate::store::{new_id, now, today, Scope};
use crate::users::{Permission, User};
use crate::validate;

/// The budget lines a mission's cost is charged to.
pub const BUDGET_LINES: [&str; 2] = ["3.1", "3.2"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MissionStatus {
    Planned,
    Approved,
    UnderWay,
    Completed,
    ReportFiled,
    Cancelled,
}

impl MissionStatus {
    pub const ALL: [MissionStatus; 6] = [
        MissionStatus::Planned,
        MissionStatus::Approved,
        MissionStatus::UnderWay,
        MissionStatus::Completed,
        MissionStatus::ReportFiled,
        MissionStatus::Cancelled,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            MissionStatus::Planned => "planned",
            MissionStatus::Approved => "approved",
            MissionStatus::UnderWay => "under_way",
            MissionStatus::Completed => "completed",
            MissionStatus::ReportFiled => "report_filed",
            MissionStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<MissionStatus> {
        MissionStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
    pub fn next(self) -> &'static [MissionStatus] {
        match self {
            MissionStatus::Planned => &[MissionStatus::Approved, MissionStatus::Cancelled],
            MissionStatus::Approved => &[MissionStatus::UnderWay, MissionStatus::Cancelled],
            MissionStatus::UnderWay => &[MissionStatus::Completed],
            MissionStatus::Completed => &[MissionStatus::ReportFiled],
            MissionStatus::ReportFiled | MissionStatus::Cancelled => &[],
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct Traveller {
    pub name: String,
    pub role: String,
}

/// One leg of the itinerary.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct Leg {
    /// `YYYY-MM-DD`.
    pub on_date: String,
    pub from: String,
    pub to: String,
    pub transport: String,
    pub notes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Request,
    Session,
    Agreement,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Request => "request",
            LinkKind::Session => "session",
            LinkKind::Agreement => "agreement",
        }
    }
}

/// A record a mission is linked to, with what it is called.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct MissionLink {
    pub kind: LinkKind,
    pub id: String,
    pub label: String,
}

/// A mission as lists show it.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct MissionSummary {
    pub id: String,
    pub purpose: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub city: String,
    pub start_date: String,
    pub end_date: String,
    pub status: MissionStatus,
    /// Travellers' names, in order.
    pub travellers: Vec<String>,
    pub estimated_cost: Option<Amount>,
    pub actual_cost: Option<Amount>,
}

/// A mission with everything it holds.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Mission {
    pub id: String,
    pub purpose: String,
    pub country: String,
    pub city: String,
    pub start_date: String,
    pub end_date: String,
    pub status: MissionStatus,
    pub travellers: Vec<Traveller>,
    pub itinerary: Vec<Leg>,
    pub links: Vec<MissionLink>,
    pub estimated_cost: Option<Amount>,
    pub actual_cost: Option<Amount>,
    pub actual_paid_on: Option<String>,
    /// The budget line code the actual cost is charged to ("3.1" or "3.2").
    pub actual_budget_line: Option<String>,
    /// The journal entry that posted the actual cost, once posted.
    pub actual_entry_id: Option<String>,
    pub report: String,
    pub report_filed_on: Option<String>,
    pub notes: String,
    pub documents: Vec<Document>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct MissionInput {
    pub purpose: String,
    pub country: String,
    pub city: String,
    pub start_date: String,
    pub end_date: String,
    pub travellers: Vec<Traveller>,
    pub itinerary: Vec<Leg>,
    pub request_ids: Vec<String>,
    pub session_ids: Vec<String>,
    pub agreement_ids: Vec<String>,
    pub estimated_cost: Option<Amount>,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct MissionStatusChange {
    pub status: MissionStatus,
    /// The day it happened (today when empty).
    pub on: Option<String>,
}

/// The actual cost of a mission, and where it is charged.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ActualCostInput {
    pub cost: Amount,
    pub paid_on: String,
    /// "3.1" (technical assistance missions) or "3.2" (official travel of the Secretariat).
    pub budget_line: String,
    /// The cash account paid from (e.g. "1102"), used when the cost is posted.
    pub cash_account: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct MissionFilter {
    pub status: Option<MissionStatus>,
    pub country: Option<String>,
    /// Matches the purpose, the city or a traveller's name.
    pub search: Option<String>,
}

/// Everything the printed mission order / itinerary needs.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct MissionPrint {
    pub mission: Mission,
    /// Days from start to end, both included.
    pub days: u16,
    /// Linked requests, sessions and agreements by kind, with their labels.
    pub requests: Vec<MissionLink>,
    pub sessions: Vec<MissionLink>,
    pub agreements: Vec<MissionLink>,
}

struct Valid {
    purpose: String,
    country: String,
    city: String,
    start: NaiveDate,
    end: NaiveDate,
    travellers: Vec<Traveller>,
    legs: Vec<(NaiveDate, Leg)>,
    links: Vec<(LinkKind, String)>,
    estimated: Option<(i64, String)>,
    notes: String,
}

fn validate_input(input: &MissionInput) -> Result<Valid> {
    let purpose = validate::required_text("purpose", &input.purpose, 500)?;
    let country_raw = validate::required_text("country", &input.country, 10)?;
    let country = countries::normalize(&country_raw).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidFormat,
            "country",
            format!("'{country_raw}' is not an ISO 3166-1 alpha-2 country code"),
        )
    })?;
    let city = validate::required_text("city", &input.city, 200)?;
    let start = cooperation::required_date("start_date", &input.start_date)?;
    let end = cooperation::required_date("end_date", &input.end_date)?;
    if end < start {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "end_date",
            "the mission cannot end before it starts",
        ));
    }
    if (end - start).num_days() > 366 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "end_date",
            "a mission lasts at most a year",
        ));
    }
    if input.travellers.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "travellers",
            "a mission needs at least one traveller",
        ));
    }
    if input.travellers.len() > 50 {
        return Err(AppError::field(
            ErrorCode::TooLong,
            "travellers",
            "at most 50 travellers",
        ));
    }
    let mut travellers = Vec::new();
    for (i, t) in input.travellers.iter().enumerate() {
        travellers.push(Traveller {
            name: validate::required_text(&format!("travellers[{i}].name"), &t.name, 200)?,
            role: validate::optional_text(&format!("travellers[{i}].role"), &t.role, 200)?,
        });
    }
    if input.itinerary.len() > 200 {
        return Err(AppError::field(
            ErrorCode::TooLong,
            "itinerary",
            "at most 200 legs",
        ));
    }
    let mut legs = Vec::new();
    for (i, l) in input.itinerary.iter().enumerate() {
        let f = |n: &str| format!("itinerary[{i}].{n}");
        let d = cooperation::required_date(&f("on_date"), &l.on_date)?;
        if d < start || d > end {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                &f("on_date"),
                "the leg is outside the mission's dates",
            ));
        }
        legs.push((
            d,
            Leg {
                on_date: d.to_string(),
                from: validate::required_text(&f("from"), &l.from, 200)?,
                to: validate::required_text(&f("to"), &l.to, 200)?,
                transport: validate::optional_text(&f("transport"), &l.transport, 200)?,
                notes: validate::long_text(&f("notes"), &l.notes, 2000)?,
            },
        ));
    }
    legs.sort_by_key(|(d, _)| *d);
    let mut links = Vec::new();
    for (kind, ids, field) in [
        (LinkKind::Request, &input.request_ids, "request_ids"),
        (LinkKind::Session, &input.session_ids, "session_ids"),
        (LinkKind::Agreement, &input.agreement_ids, "agreement_ids"),
    ] {
        for id in ids {
            let id = cooperation::opt_id(field, Some(id))?
                .ok_or_else(|| AppError::field(ErrorCode::Required, field, "an empty id"))?;
            if !links.contains(&(kind, id.clone())) {
                links.push((kind, id));
            }
        }
    }
    let estimated = match &input.estimated_cost {
        Some(a) if !a.amount.trim().is_empty() => {
            let m = cooperation::amount("estimated_cost", a)?;
            Some((m.minor, m.currency))
        }
        _ => None,
    };
    Ok(Valid {
        purpose,
        country,
        city,
        start,
        end,
        travellers,
        legs,
        links,
        estimated,
        notes: validate::long_text("notes", &input.notes, 10_000)?,
    })
}

fn check_links(conn: &Connection, v: &Valid) -> Result<()> {
    for (kind, id) in &v.links {
        let (table, field) = match kind {
            LinkKind::Request => ("assistance_requests", "request_ids"),
            LinkKind::Session => ("sessions", "session_ids"),
            LinkKind::Agreement => ("agreements", "agreement_ids"),
        };
        cooperation::require_row(conn, table, id, field)?;
    }
    Ok(())
}

const SUMMARY_COLUMNS: &str =
    "m.id, m.purpose, m.country, m.city, m.start_date, m.end_date, m.status,
     m.estimated_minor, m.estimated_currency, m.actual_minor, m.actual_currency";

fn summary_from_row(r: &Row) -> rusqlite::Result<MissionSummary> {
    Ok(MissionSummary {
        id: r.get(0)?,
        purpose: r.get(1)?,
        country: r.get(2)?,
        city: r.get(3)?,
        start_date: r.get(4)?,
        end_date: r.get(5)?,
        status: MissionStatus::parse(&r.get::<_, String>(6)?).unwrap_or(MissionStatus::Planned),
        travellers: Vec::new(),
        estimated_cost: cooperation::to_amount(r.get(7)?, r.get(8)?),
        actual_cost: cooperation::to_amount(r.get(9)?, r.get(10)?),
    })
}

fn traveller_names(conn: &Connection, id: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT name FROM mission_travellers WHERE mission_id = ?1 AND deleted_at IS NULL ORDER BY position, id",
    )?;
    let rows = st.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn with_travellers(
    conn: &Connection,
    mut list: Vec<MissionSummary>,
) -> Result<Vec<MissionSummary>> {
    for m in &mut list {
        m.travellers = traveller_names(conn, &m.id)?;
    }
    Ok(list)
}

/// Missions matching `filter`, latest start first.
pub fn list_missions(conn: &Connection, filter: &MissionFilter) -> Result<Vec<MissionSummary>> {
    let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM missions m WHERE m.deleted_at IS NULL");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(s) = filter.status {
        args.push(s.as_str().to_string().into());
        sql.push_str(&format!(" AND m.status = ?{}", args.len()));
    }
    if let Some(c) = filter
        .country
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        args.push(c.to_ascii_uppercase().into());
        sql.push_str(&format!(" AND m.country = ?{}", args.len()));
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
            " AND (m.purpose LIKE ?{n} ESCAPE '\\' OR m.city LIKE ?{n} ESCAPE '\\'
               OR EXISTS (SELECT 1 FROM mission_travellers t WHERE t.mission_id = m.id AND t.deleted_at IS NULL AND t.name LIKE ?{n} ESCAPE '\\'))"
        ));
    }
    sql.push_str(" ORDER BY m.start_date DESC, m.id DESC");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(args), summary_from_row)?;
    let list = rows.collect::<Result<Vec<_>, _>>()?;
    with_travellers(conn, list)
}

/// Missions travelling on `today`: under way, or approved with `today` within their dates.
pub fn under_way(conn: &Connection, today: NaiveDate) -> Result<Vec<MissionSummary>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM missions m WHERE m.deleted_at IS NULL
           AND (m.status = 'under_way' OR (m.status = 'approved' AND m.start_date <= ?1 AND m.end_date >= ?1))
         ORDER BY m.end_date, m.id"
    ))?;
    let rows = st.query_map([today.to_string()], summary_from_row)?;
    let list = rows.collect::<Result<Vec<_>, _>>()?;
    with_travellers(conn, list)
}

fn link_label(conn: &Connection, kind: LinkKind, id: &str) -> Result<String> {
    let sql = match kind {
        LinkKind::Request => "SELECT title FROM assistance_requests WHERE id = ?1",
        LinkKind::Session => {
            "SELECT name || ' (' || substr(starts_at, 1, 10) || ')' FROM sessions WHERE id = ?1"
        }
        LinkKind::Agreement => "SELECT subject FROM agreements WHERE id = ?1",
    };
    Ok(conn
        .query_row(sql, [id], |r| r.get::<_, String>(0))
        .optional()?
        .unwrap_or_default())
}

/// One mission with its travellers, itinerary, links and documents.
pub fn get_mission(conn: &Connection, id: &str) -> Result<Mission> {
    let row = conn
        .query_row(
            "SELECT id, purpose, country, city, start_date, end_date, status, estimated_minor, estimated_currency, actual_minor, actual_currency,
                    actual_paid_on, actual_budget_line, actual_entry_id, report, report_filed_on, notes, updated_at
             FROM missions WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            |r| {
                Ok(Mission {
                    id: r.get(0)?,
                    purpose: r.get(1)?,
                    country: r.get(2)?,
                    city: r.get(3)?,
                    start_date: r.get(4)?,
                    end_date: r.get(5)?,
                    status: MissionStatus::parse(&r.get::<_, String>(6)?).unwrap_or(MissionStatus::Planned),
                    estimated_cost: cooperation::to_amount(r.get(7)?, r.get(8)?),
                    actual_cost: cooperation::to_amount(r.get(9)?, r.get(10)?),
                    actual_paid_on: r.get(11)?,
                    actual_budget_line: r.get(12)?,
                    actual_entry_id: r.get(13)?,
                    report: r.get(14)?,
                    report_filed_on: r.get(15)?,
                    notes: r.get(16)?,
                    updated_at: r.get(17)?,
                    travellers: Vec::new(),
                    itinerary: Vec::new(),
                    links: Vec::new(),
                    documents: Vec::new(),
                })
            },
        )
        .optional()?;
    let mut m = row.ok_or_else(|| AppError::not_found("mission", id))?;
    let mut st = conn.prepare_cached(
        "SELECT name, role FROM mission_travellers WHERE mission_id = ?1 AND deleted_at IS NULL ORDER BY position, id",
    )?;
    m.travellers = st
        .query_map([id], |r| {
            Ok(Traveller {
                name: r.get(0)?,
                role: r.get(1)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut st = conn.prepare_cached(
        "SELECT on_date, from_place, to_place, transport, notes FROM mission_legs WHERE mission_id = ?1 AND deleted_at IS NULL ORDER BY on_date, position, id",
    )?;
    m.itinerary = st
        .query_map([id], |r| {
            Ok(Leg {
                on_date: r.get(0)?,
                from: r.get(1)?,
                to: r.get(2)?,
                transport: r.get(3)?,
                notes: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut st = conn.prepare_cached(
        "SELECT kind, target_id FROM mission_links WHERE mission_id = ?1 AND deleted_at IS NULL
         ORDER BY CASE kind WHEN 'request' THEN 1 WHEN 'session' THEN 2 ELSE 3 END, created_at, id",
    )?;
    let raw: Vec<(String, String)> = st
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    for (k, target) in raw {
        let kind = match k.as_str() {
            "request" => LinkKind::Request,
            "session" => LinkKind::Session,
            _ => LinkKind::Agreement,
        };
        m.links.push(MissionLink {
            kind,
            label: link_label(conn, kind, &target)?,
            id: target,
        });
    }
    m.documents = cooperation::documents(conn, DocumentOwner::Mission, id)?;
    Ok(m)
}

/// Everything the printed mission order needs.
pub fn mission_for_print(conn: &Connection, id: &str) -> Result<MissionPrint> {
    let mission = get_mission(conn, id)?;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    let days = ((day(&mission.end_date) - day(&mission.start_date)).num_days() + 1)
        .clamp(0, i64::from(u16::MAX)) as u16;
    let of = |k: LinkKind| {
        mission
            .links
            .iter()
            .filter(|l| l.kind == k)
            .cloned()
            .collect::<Vec<_>>()
    };
    Ok(MissionPrint {
        requests: of(LinkKind::Request),
        sessions: of(LinkKind::Session),
        agreements: of(LinkKind::Agreement),
        days,
        mission,
    })
}

/// A mission's own history (its events), chronological.
pub fn mission_timeline(conn: &Connection, id: &str) -> Result<Vec<TimelineEvent>> {
    get_mission(conn, id)?;
    cooperation::events(conn, &[], &[id.to_string()])
}

fn write_children(tx: &Transaction, actor: &User, id: &str, v: &Valid) -> Result<()> {
    let at = now();
    for table in ["mission_travellers", "mission_legs", "mission_links"] {
        tx.execute(
            &format!("UPDATE {table} SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE mission_id = ?1 AND deleted_at IS NULL"),
            params![id, at, actor.id],
        )?;
    }
    for (i, t) in v.travellers.iter().enumerate() {
        tx.execute(
            "INSERT INTO mission_travellers (id, mission_id, name, role, position, created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
            params![new_id(), id, t.name, t.role, i as i64, at, actor.id],
        )?;
    }
    for (i, (d, l)) in v.legs.iter().enumerate() {
        tx.execute(
            "INSERT INTO mission_legs (id, mission_id, on_date, from_place, to_place, transport, notes, position, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
            params![new_id(), id, d.to_string(), l.from, l.to, l.transport, l.notes, i as i64, at, actor.id],
        )?;
    }
    for (kind, target) in &v.links {
        tx.execute(
            "INSERT INTO mission_links (id, mission_id, kind, target_id, created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
            params![new_id(), id, kind.as_str(), target, at, actor.id],
        )?;
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
    cooperation::record_event(tx, actor, EventOwner::Mission, id, on, kind, summary)
}

/// Plans a mission (status planned).
pub fn create_mission(
    store: &mut impl Scope,
    actor: &User,
    input: &MissionInput,
) -> Result<Mission> {
    actor.require(Permission::EditCooperation)?;
    let v = validate_input(input)?;
    store.transaction(|tx| {
        check_links(tx, &v)?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO missions (id, purpose, country, city, start_date, end_date, estimated_minor, estimated_currency, notes, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
            params![id, v.purpose, v.country, v.city, v.start.to_string(), v.end.to_string(),
                    v.estimated.as_ref().map(|e| e.0), v.estimated.as_ref().map(|e| e.1.clone()), v.notes, at, actor.id],
        )?;
        write_children(tx, actor, &id, &v)?;
        event(tx, actor, &id, today().min(v.start), "planned", &format!("{} — {}, {}", v.purpose, v.city, v.country))?;
        audit::record(tx, Some(&actor.id), "missions.create", "mission", Some(&id),
            &json!({ "purpose": v.purpose, "country": v.country, "city": v.city, "start": v.start.to_string(), "end": v.end.to_string() }))?;
        get_mission(tx, &id)
    })
}

/// Replaces a mission's fields, travellers, itinerary and links (until it is completed).
pub fn update_mission(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &MissionInput,
) -> Result<Mission> {
    actor.require(Permission::EditCooperation)?;
    let v = validate_input(input)?;
    store.transaction(|tx| {
        let m = get_mission(tx, id)?;
        if !matches!(m.status, MissionStatus::Planned | MissionStatus::Approved | MissionStatus::UnderWay) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                format!("the mission is {}; it no longer changes", m.status.as_str()),
            ));
        }
        check_links(tx, &v)?;
        tx.execute(
            "UPDATE missions SET purpose = ?2, country = ?3, city = ?4, start_date = ?5, end_date = ?6, estimated_minor = ?7, estimated_currency = ?8,
               notes = ?9, updated_at = ?10, updated_by = ?11 WHERE id = ?1",
            params![id, v.purpose, v.country, v.city, v.start.to_string(), v.end.to_string(),
                    v.estimated.as_ref().map(|e| e.0), v.estimated.as_ref().map(|e| e.1.clone()), v.notes, now(), actor.id],
        )?;
        write_children(tx, actor, id, &v)?;
        event(tx, actor, id, today(), "updated", &v.purpose)?;
        audit::record(tx, Some(&actor.id), "missions.update", "mission", Some(id),
            &json!({ "purpose": v.purpose, "start": v.start.to_string(), "end": v.end.to_string() }))?;
        get_mission(tx, id)
    })
}

/// Moves a mission along its status. Under way from its first day; completed not before its
/// first day; the report is filed once written.
pub fn set_mission_status(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    change: &MissionStatusChange,
) -> Result<Mission> {
    actor.require(Permission::EditCooperation)?;
    let on = cooperation::event_date("on", change.on.as_deref(), today())?;
    let to = change.status;
    store.transaction(|tx| {
        let m = get_mission(tx, id)?;
        if !m.status.next().contains(&to) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                format!("a mission cannot go from {} to {}", m.status.as_str(), to.as_str()),
            ));
        }
        if matches!(to, MissionStatus::UnderWay | MissionStatus::Completed) && on.to_string() < m.start_date {
            return Err(AppError::field(ErrorCode::InvalidValue, "on", "the mission has not started on that day"));
        }
        if to == MissionStatus::ReportFiled && m.report.trim().is_empty() {
            return Err(AppError::field(ErrorCode::Required, "report", "write the mission report before filing it"));
        }
        let filed = (to == MissionStatus::ReportFiled).then(|| on.to_string());
        tx.execute(
            "UPDATE missions SET status = ?2, report_filed_on = coalesce(?3, report_filed_on), updated_at = ?4, updated_by = ?5 WHERE id = ?1",
            params![id, to.as_str(), filed, now(), actor.id],
        )?;
        event(tx, actor, id, on, &format!("status:{}", to.as_str()), "")?;
        audit::record(tx, Some(&actor.id), "missions.set_status", "mission", Some(id),
            &json!({ "from": m.status.as_str(), "to": to.as_str(), "on": on.to_string() }))?;
        get_mission(tx, id)
    })
}

/// Writes the mission report (under way or completed, before it is filed).
pub fn write_report(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    report: &str,
) -> Result<Mission> {
    actor.require(Permission::EditCooperation)?;
    let report = validate::long_text("report", report, 100_000)?;
    store.transaction(|tx| {
        let m = get_mission(tx, id)?;
        if !matches!(m.status, MissionStatus::UnderWay | MissionStatus::Completed) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                "the report is written while the mission is under way or completed, before it is filed",
            ));
        }
        tx.execute(
            "UPDATE missions SET report = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![id, report, now(), actor.id],
        )?;
        event(tx, actor, id, today(), "report_written", "")?;
        audit::record(tx, Some(&actor.id), "missions.write_report", "mission", Some(id), &json!({ "chars": report.chars().count() }))?;
        get_mission(tx, id)
    })
}

struct Posting {
    line_id: String,
    account_id: String,
    unit_id: String,
}

fn budget_line(conn: &Connection, code: &str) -> Result<Posting> {
    let code = code.trim();
    if !BUDGET_LINES.contains(&code) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "budget_line",
            format!(
                "a mission is charged to budget line {} or {}",
                BUDGET_LINES[0], BUDGET_LINES[1]
            ),
        ));
    }
    conn.query_row(
        "SELECT id, account_id, unit_id FROM budget_lines WHERE code = ?1 AND deleted_at IS NULL",
        [code],
        |r| {
            Ok(Posting {
                line_id: r.get(0)?,
                account_id: r.get(1)?,
                unit_id: r.get(2)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| {
        AppError::field(
            ErrorCode::NotFound,
            "budget_line",
            format!("budget line {code} does not exist"),
        )
    })
}

fn cash_account(conn: &Connection, code: &str) -> Result<String> {
    let code = validate::required_text("cash_account", code, 10)?;
    let (id, class): (String, String) = conn
        .query_row(
            "SELECT id, cash_flow FROM accounts WHERE code = ?1 AND deleted_at IS NULL",
            [&code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| {
            AppError::field(
                ErrorCode::NotFound,
                "cash_account",
                format!("there is no account with code '{code}'"),
            )
        })?;
    if class != "cash" {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "cash_account",
            format!("account {code} is not a cash account"),
        ));
    }
    Ok(id)
}

/// Posts the mission's recorded actual cost: Dr the budget line's expense account (carrying
/// the line and its unit) / Cr the cash account, at the rate of the day paid. Returns the entry.
fn post(tx: &Transaction, actor: &User, m: &Mission, cash_code: &str) -> Result<String> {
    let (Some(cost), Some(paid_on), Some(line_code)) =
        (&m.actual_cost, &m.actual_paid_on, &m.actual_budget_line)
    else {
        return Err(AppError::field(
            ErrorCode::Required,
            "cost",
            "record the mission's actual cost first",
        ));
    };
    let posting = budget_line(tx, line_code)?;
    let cash = cash_account(tx, cash_code)?;
    let money = cooperation::amount("cost", cost)?;
    let date = cooperation::required_date("paid_on", paid_on)?;
    let rate =
        ledger::rate_on(tx, &money.currency, ledger::REPORTING_CURRENCY, date).map_err(|e| {
            if e.code == ErrorCode::NotFound {
                AppError::field(
                    ErrorCode::NotFound,
                    "rate",
                    format!(
                        "there is no {}/{} rate on or before {date}; record the rate first",
                        money.currency,
                        ledger::REPORTING_CURRENCY
                    ),
                )
            } else {
                e
            }
        })?;
    let entry = ValidEntry {
        date,
        description: format!("Misión: {} ({}, {})", m.purpose, m.city, m.country)
            .chars()
            .take(300)
            .collect(),
        kind: EntryKind::Regular,
        reference: format!("MIS-{}", &m.id[m.id.len().saturating_sub(8)..]),
        currency: money.currency.clone(),
        rate,
        lines: vec![
            ValidLine {
                account_id: posting.account_id,
                debit: money.minor,
                credit: 0,
                budget_line_id: Some(posting.line_id),
                unit_id: Some(posting.unit_id),
                member_id: None,
                memo: String::new(),
            },
            ValidLine {
                account_id: cash,
                debit: 0,
                credit: money.minor,
                budget_line_id: None,
                unit_id: None,
                member_id: None,
                memo: String::new(),
            },
        ],
    };
    let entry_id = ledger::post_valid(tx, &actor.id, &entry, EntrySource::Manual).map_err(|e| {
        if e.field.as_deref() == Some("entry_date") {
            AppError {
                field: Some("paid_on".into()),
                ..e
            }
        } else {
            e
        }
    })?;
    tx.execute(
        "UPDATE missions SET actual_entry_id = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
        params![m.id, entry_id, now(), actor.id],
    )?;
    Ok(entry_id)
}

/// Records the mission's actual cost (once it is under way or later). When the user keeps the
/// books (ManageFinances) it is posted to the journal at once; otherwise it waits for
/// [`post_actual_cost`]. A posted cost no longer changes here (correct it in the ledger).
pub fn record_actual_cost(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &ActualCostInput,
) -> Result<Mission> {
    if !actor.can(Permission::EditCooperation) && !actor.can(Permission::ManageFinances) {
        actor.require(Permission::EditCooperation)?;
    }
    let money = cooperation::amount("cost", &input.cost)?;
    let paid_on = cooperation::required_date("paid_on", &input.paid_on)?;
    if paid_on > today() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "paid_on",
            "the cost is recorded once paid",
        ));
    }
    let posts = actor.can(Permission::ManageFinances);
    store.transaction(|tx| {
        let m = get_mission(tx, id)?;
        if !matches!(m.status, MissionStatus::UnderWay | MissionStatus::Completed | MissionStatus::ReportFiled) {
            return Err(AppError::field(ErrorCode::InvalidValue, "status", "the actual cost is recorded once the mission is under way"));
        }
        if m.actual_entry_id.is_some() {
            return Err(AppError::field(ErrorCode::InvalidValue, "cost", "the actual cost is posted to the books; correct it in the ledger"));
        }
        budget_line(tx, &input.budget_line)?;
        if posts {
            cash_account(tx, &input.cash_account)?;
        }
        tx.execute(
            "UPDATE missions SET actual_minor = ?2, actual_currency = ?3, actual_paid_on = ?4, actual_budget_line = ?5, updated_at = ?6, updated_by = ?7 WHERE id = ?1",
            params![id, money.minor, money.currency, paid_on.to_string(), input.budget_line.trim(), now(), actor.id],
        )?;
        let amount = format!("{} {}", money.to_decimal_string(), money.currency);
        event(tx, actor, id, paid_on, "actual_cost", &amount)?;
        let entry_id = if posts {
            let m = get_mission(tx, id)?;
            Some(post(tx, actor, &m, &input.cash_account)?)
        } else {
            None
        };
        audit::record(tx, Some(&actor.id), "missions.record_actual_cost", "mission", Some(id),
            &json!({ "amount": money.to_decimal_string(), "currency": money.currency, "budget_line": input.budget_line.trim(), "entry_id": entry_id }))?;
        get_mission(tx, id)
    })
}

/// Posts a mission's recorded (not yet posted) actual cost to the journal: for those who keep
/// the books.
pub fn post_actual_cost(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    cash_account_code: &str,
) -> Result<Mission> {
    actor.require(Permission::ManageFinances)?;
    store.transaction(|tx| {
        let m = get_mission(tx, id)?;
        if m.actual_entry_id.is_some() {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "cost",
                "the actual cost is already posted",
            ));
        }
        let entry_id = post(tx, actor, &m, cash_account_code)?;
        audit::record(
            tx,
            Some(&actor.id),
            "missions.post_actual_cost",
            "mission",
            Some(id),
            &json!({ "entry_id": entry_id }),
        )?;
        get_mission(tx, id)
    })
}
