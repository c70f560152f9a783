//! Sessions of the bodies: when and where they meet, in which languages, their status
//! (planned → convened → held → closed), who attended and whether there is a quorum.

use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::agenda::AgendaStatus;
use crate::audit;
use crate::bodies::{self, BodyKind, BodyNames, Membership, QuorumRule, Seat, SeatRole};
use crate::error::{AppError, ErrorCode, Result};
use crate::store::{new_id, now, Store};
use crate::users::{Language, Permission, User};
use crate::validate;

/// The time zone of the CISS seat, the default for new sessions.
pub const DEFAULT_TIME_ZONE: &str = "America/Mexico_City";

/// `n` in Roman numerals (1 to 3999; other values as decimal digits): 112 → "CXII".
pub fn roman(n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    #[default]
    Ordinary,
    Extraordinary,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Ordinary => "ordinary",
            SessionKind::Extraordinary => "extraordinary",
        }
    }
    pub fn parse(s: &str) -> Option<SessionKind> {
        match s {
            "ordinary" => Some(SessionKind::Ordinary),
            "extraordinary" => Some(SessionKind::Extraordinary),
            _ => None,
        }
    }
}

/// A session's life: planned → convened → held → closed. Only forward moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Planned,
    Convened,
    Held,
    Closed,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 4] = [
        SessionStatus::Planned,
        SessionStatus::Convened,
        SessionStatus::Held,
        SessionStatus::Closed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Planned => "planned",
            SessionStatus::Convened => "convened",
            SessionStatus::Held => "held",
            SessionStatus::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<SessionStatus> {
        SessionStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// A session of a body.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Session {
    pub id: String,
    pub body_id: String,
    pub body_code: String,
    pub body_names: BodyNames,
    pub ordinal: u32,
    /// The ordinal in Roman numerals ("CXII").
    pub ordinal_roman: String,
    pub name: String,
    pub kind: SessionKind,
    /// RFC 3339 with the offset of `time_zone` at that instant.
    pub starts_at: String,
    pub ends_at: Option<String>,
    /// IANA time zone name.
    pub time_zone: String,
    pub venue: String,
    pub virtual_link: Option<String>,
    /// The working languages; the first is the main one.
    pub languages: Vec<Language>,
    pub status: SessionStatus,
    pub agenda_status: AgendaStatus,
    pub agenda_revision: u32,
    pub item_count: u32,
    pub created_at: String,
    pub updated_at: String,
}

impl Session {
    pub fn main_language(&self) -> Language {
        self.languages.first().copied().unwrap_or_default()
    }
    /// The start in the session's own time zone.
    pub fn start_local(&self) -> Result<DateTime<Tz>> {
        let tz = parse_zone(&self.time_zone)?;
        let fixed = DateTime::parse_from_rfc3339(&self.starts_at)
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("stored start: {e}")))?;
        Ok(fixed.with_timezone(&tz))
    }
    pub fn end_local(&self) -> Result<Option<DateTime<Tz>>> {
        let tz = parse_zone(&self.time_zone)?;
        self.ends_at
            .as_deref()
            .map(|e| {
                DateTime::parse_from_rfc3339(e)
                    .map(|d| d.with_timezone(&tz))
                    .map_err(|e| AppError::new(ErrorCode::Internal, format!("stored end: {e}")))
            })
            .transpose()
    }
}

/// What a user fills in to create or edit a session.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct SessionInput {
    pub body_id: String,
    /// None: the body's next ordinal for this kind of session.
    pub ordinal: Option<u32>,
    pub name: String,
    pub kind: SessionKind,
    /// `YYYY-MM-DDTHH:MM` (or with seconds, or a space instead of `T`) in `time_zone`, or
    /// RFC 3339 with an offset.
    pub starts_at: String,
    pub ends_at: Option<String>,
    /// IANA name, e.g. `America/Mexico_City`.
    pub time_zone: String,
    pub venue: String,
    pub virtual_link: Option<String>,
    pub languages: Vec<Language>,
}

/// An IANA time zone name, validated.
pub fn parse_zone(name: &str) -> Result<Tz> {
    Tz::from_str(name.trim()).map_err(|_| {
        AppError::field(
            ErrorCode::InvalidValue,
            "time_zone",
            format!(
                "'{}' is not an IANA time zone (e.g. America/Mexico_City)",
                name.trim()
            ),
        )
    })
}

/// A date and time in `tz`: local `YYYY-MM-DDTHH:MM[:SS]` or RFC 3339 with an offset.
pub fn parse_datetime(field: &str, value: &str, tz: Tz) -> Result<DateTime<Tz>> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            field,
            format!("{field} is required"),
        ));
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(v) {
        return Ok(d.with_timezone(&tz));
    }
    let naive = [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(v, f).ok())
    .ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidFormat,
            field,
            format!("'{v}' is not a date and time (YYYY-MM-DDTHH:MM)"),
        )
    })?;
    match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(d) => Ok(d),
        // A time that occurs twice (clocks going back): the first occurrence.
        chrono::LocalResult::Ambiguous(first, _) => Ok(first),
        chrono::LocalResult::None => Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            format!("{v} does not exist in {tz} (the clocks change then)"),
        )),
    }
}

fn rfc3339(d: &DateTime<Tz>) -> String {
    d.to_rfc3339_opts(SecondsFormat::Secs, false)
}

fn utc(d: &DateTime<Tz>) -> String {
    d.with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

const SESSION_COLUMNS: &str = "s.id, s.body_id, b.code, b.name_es, b.name_en, b.name_pt, b.name_fr, s.ordinal, s.name, s.kind,
     s.starts_at, s.ends_at, s.time_zone, s.venue, s.virtual_link, s.languages, s.status,
     s.agenda_status, s.agenda_revision, s.created_at, s.updated_at,
     (SELECT count(*) FROM agenda_items i WHERE i.session_id = s.id AND i.deleted_at IS NULL)";
const SESSION_FROM: &str = "sessions s JOIN bodies b ON b.id = s.body_id";

fn session_from_row(r: &Row) -> rusqlite::Result<Session> {
    let ordinal: u32 = r.get(7)?;
    let langs: String = r.get(15)?;
    Ok(Session {
        id: r.get(0)?,
        body_id: r.get(1)?,
        body_code: r.get(2)?,
        body_names: BodyNames {
            es: r.get(3)?,
            en: r.get(4)?,
            pt: r.get(5)?,
            fr: r.get(6)?,
        },
        ordinal,
        ordinal_roman: roman(ordinal),
        name: r.get(8)?,
        kind: SessionKind::parse(&r.get::<_, String>(9)?).unwrap_or_default(),
        starts_at: r.get(10)?,
        ends_at: r.get(11)?,
        time_zone: r.get(12)?,
        venue: r.get(13)?,
        virtual_link: r.get(14)?,
        languages: langs.split(',').filter_map(Language::parse).collect(),
        status: SessionStatus::parse(&r.get::<_, String>(16)?).unwrap_or(SessionStatus::Planned),
        agenda_status: AgendaStatus::parse(&r.get::<_, String>(17)?),
        agenda_revision: r.get(18)?,
        created_at: r.get(19)?,
        updated_at: r.get(20)?,
        item_count: r.get(21)?,
    })
}

pub fn get_session(conn: &Connection, id: &str) -> Result<Session> {
    conn.query_row(
        &format!(
            "SELECT {SESSION_COLUMNS} FROM {SESSION_FROM} WHERE s.id = ?1 AND s.deleted_at IS NULL"
        ),
        [id.trim()],
        session_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("session", id))
}

/// Filters of the session list; empty = every live session.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct SessionFilter {
    /// A body id or code.
    pub body: Option<String>,
    pub status: Option<SessionStatus>,
    /// Only sessions starting at or after this date (`YYYY-MM-DD`, UTC).
    pub from_date: Option<String>,
    /// Newest first (default: in date order).
    pub descending: bool,
}

pub fn list_sessions(conn: &Connection, filter: &SessionFilter) -> Result<Vec<Session>> {
    let mut sql =
        format!("SELECT {SESSION_COLUMNS} FROM {SESSION_FROM} WHERE s.deleted_at IS NULL");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(b) = filter.body.as_deref().filter(|b| !b.trim().is_empty()) {
        args.push(bodies::find_body(conn, b)?.id.into());
        sql.push_str(&format!(" AND s.body_id = ?{}", args.len()));
    }
    if let Some(st) = filter.status {
        args.push(st.as_str().to_string().into());
        sql.push_str(&format!(" AND s.status = ?{}", args.len()));
    }
    if let Some(d) = validate::date("from_date", filter.from_date.as_deref())? {
        args.push(d.to_string().into());
        sql.push_str(&format!(" AND s.starts_at_utc >= ?{}", args.len()));
    }
    let dir = if filter.descending { "DESC" } else { "ASC" };
    sql.push_str(&format!(" ORDER BY s.starts_at_utc {dir}, s.id"));
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(args), session_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Sessions not closed that start from yesterday on, soonest first (for the desk).
pub fn upcoming_sessions(conn: &Connection, limit: u32) -> Result<Vec<Session>> {
    let since = (Utc::now() - chrono::Duration::days(1)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SESSION_COLUMNS} FROM {SESSION_FROM}
         WHERE s.deleted_at IS NULL AND s.status <> 'closed' AND s.starts_at_utc >= ?1
         ORDER BY s.starts_at_utc, s.id LIMIT ?2"
    ))?;
    let rows = st.query_map(params![since, limit], session_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The body's next ordinal for this kind of session (one more than the highest so far).
pub fn next_ordinal(conn: &Connection, body_id: &str, kind: SessionKind) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT ifnull(max(ordinal), 0) + 1 FROM sessions WHERE body_id = ?1 AND kind = ?2 AND deleted_at IS NULL",
        params![body_id, kind.as_str()],
        |r| r.get(0),
    )?)
}

/// The usual Spanish name of a session: "XXXI Asamblea General",
/// "CXII Reunión del Comité Permanente Interamericano de Seguridad Social",
/// "II Reunión Extraordinaria de la Junta Directiva del CIESS".
pub fn suggested_name(
    conn: &Connection,
    body_id: &str,
    ordinal: u32,
    kind: SessionKind,
) -> Result<String> {
    let body = bodies::get_body(conn, body_id)?;
    let r = roman(ordinal);
    let extra = kind == SessionKind::Extraordinary;
    Ok(match body.kind {
        BodyKind::Assembly => format!(
            "{r} {}{}",
            body.names.es,
            if extra { " Extraordinaria" } else { "" }
        ),
        k => {
            let article = match k {
                BodyKind::Committee => "del",
                BodyKind::Board | BodyKind::Commission => "de la",
                _ => "de",
            };
            format!(
                "{r} Reunión {}{article} {}",
                if extra { "Extraordinaria " } else { "" },
                body.names.es
            )
        }
    })
}

struct ValidSession {
    ordinal: Option<u32>,
    name: String,
    starts_at: String,
    starts_at_utc: String,
    ends_at: Option<String>,
    time_zone: String,
    venue: String,
    virtual_link: Option<String>,
    languages: String,
}

fn validate_session(input: &SessionInput) -> Result<ValidSession> {
    let name = validate::required_text("name", &input.name, 300)?;
    if input.ordinal == Some(0) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "ordinal",
            "the ordinal is 1 or more",
        ));
    }
    let tz = parse_zone(if input.time_zone.trim().is_empty() {
        DEFAULT_TIME_ZONE
    } else {
        &input.time_zone
    })?;
    let start = parse_datetime("starts_at", &input.starts_at, tz)?;
    let end = match input
        .ends_at
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        Some(e) => Some(parse_datetime("ends_at", e, tz)?),
        None => None,
    };
    if let Some(e) = &end {
        if *e <= start {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "ends_at",
                "the session ends before it starts",
            ));
        }
        if *e - start > chrono::Duration::days(31) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "ends_at",
                "a session lasts at most 31 days",
            ));
        }
    }
    let venue = validate::optional_text("venue", &input.venue, 300)?;
    let virtual_link = validate::url("virtual_link", input.virtual_link.as_deref())?;
    if input.languages.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "languages",
            "a session has at least one working language",
        ));
    }
    let mut langs: Vec<&str> = Vec::new();
    for l in &input.languages {
        if langs.contains(&l.as_str()) {
            return Err(AppError::field(
                ErrorCode::Duplicate,
                "languages",
                format!("the language {} is listed twice", l.as_str()),
            ));
        }
        langs.push(l.as_str());
    }
    Ok(ValidSession {
        ordinal: input.ordinal,
        name,
        starts_at: rfc3339(&start),
        starts_at_utc: utc(&start),
        ends_at: end.as_ref().map(rfc3339),
        time_zone: tz.name().to_string(),
        venue,
        virtual_link,
        languages: langs.join(","),
    })
}

fn check_ordinal_free(
    tx: &Transaction,
    body_id: &str,
    kind: SessionKind,
    ordinal: u32,
    except: Option<&str>,
) -> Result<()> {
    let other: Option<String> = tx
        .query_row(
            "SELECT name FROM sessions WHERE body_id = ?1 AND kind = ?2 AND ordinal = ?3 AND deleted_at IS NULL AND id IS NOT ?4",
            params![body_id, kind.as_str(), ordinal, except],
            |r| r.get(0),
        )
        .optional()?;
    match other {
        Some(name) => Err(AppError::field(
            ErrorCode::Duplicate,
            "ordinal",
            format!(
                "the body already has a {} session number {ordinal} ({name})",
                kind.as_str()
            ),
        )),
        None => Ok(()),
    }
}

/// Creates a session (planned, provisional agenda, revision 1).
pub fn create_session(store: &mut Store, actor: &User, input: &SessionInput) -> Result<Session> {
    actor.require(Permission::EditSessions)?;
    let v = validate_session(input)?;
    store
        .transaction(|tx| create_session_tx(tx, actor, input, &v).map(|id| get_session(tx, &id))?)
}

fn create_session_tx(
    tx: &Transaction,
    actor: &User,
    input: &SessionInput,
    v: &ValidSession,
) -> Result<String> {
    let body = bodies::find_body(tx, &input.body_id)?;
    let ordinal = match v.ordinal {
        Some(o) => o,
        None => next_ordinal(tx, &body.id, input.kind)?,
    };
    check_ordinal_free(tx, &body.id, input.kind, ordinal, None)?;
    let id = new_id();
    let at = now();
    tx.execute(
        "INSERT INTO sessions (id, body_id, ordinal, name, kind, starts_at, starts_at_utc, ends_at, time_zone, venue, virtual_link, languages, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)",
        params![id, body.id, ordinal, v.name, input.kind.as_str(), v.starts_at, v.starts_at_utc, v.ends_at, v.time_zone, v.venue, v.virtual_link, v.languages, at, actor.id],
    )?;
    audit::record(
        tx,
        Some(&actor.id),
        "sessions.create",
        "session",
        Some(&id),
        &json!({ "body": body.code, "ordinal": ordinal, "name": v.name, "starts_at": v.starts_at }),
    )?;
    Ok(id)
}

/// For the demo loader: creates a session inside its transaction.
pub(crate) fn create_session_in(
    tx: &Transaction,
    actor: &User,
    input: &SessionInput,
) -> Result<String> {
    let v = validate_session(input)?;
    create_session_tx(tx, actor, input, &v)
}

/// Replaces a session's fields (not its body). A closed session cannot change.
pub fn update_session(
    store: &mut Store,
    actor: &User,
    id: &str,
    input: &SessionInput,
) -> Result<Session> {
    actor.require(Permission::EditSessions)?;
    let v = validate_session(input)?;
    store.transaction(|tx| {
        let before = get_session(tx, id)?;
        if before.status == SessionStatus::Closed {
            return Err(closed());
        }
        let body = bodies::find_body(tx, &input.body_id)?;
        if body.id != before.body_id {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "body_id",
                "a session cannot move to another body",
            ));
        }
        let ordinal = v.ordinal.unwrap_or(before.ordinal);
        check_ordinal_free(tx, &body.id, input.kind, ordinal, Some(id))?;
        tx.execute(
            "UPDATE sessions SET ordinal = ?2, name = ?3, kind = ?4, starts_at = ?5, starts_at_utc = ?6, ends_at = ?7, time_zone = ?8,
               venue = ?9, virtual_link = ?10, languages = ?11, updated_at = ?12, updated_by = ?13 WHERE id = ?1",
            params![id, ordinal, v.name, input.kind.as_str(), v.starts_at, v.starts_at_utc, v.ends_at, v.time_zone, v.venue, v.virtual_link, v.languages, now(), actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "sessions.update",
            "session",
            Some(id),
            &json!({ "name": [before.name, v.name], "starts_at": [before.starts_at, v.starts_at] }),
        )?;
        get_session(tx, id)
    })
}

pub(crate) fn closed() -> AppError {
    AppError::field(
        ErrorCode::InvalidValue,
        "status",
        "the session is closed; its record no longer changes",
    )
}

/// Moves a session forward (planned → convened → held → closed; steps may be skipped).
/// Going back, or staying, is refused.
pub fn set_session_status(
    store: &mut Store,
    actor: &User,
    id: &str,
    status: SessionStatus,
) -> Result<Session> {
    actor.require(Permission::ApproveSessionRecords)?;
    store.transaction(|tx| set_session_status_tx(tx, actor, id, status))
}

pub(crate) fn set_session_status_tx(
    tx: &Transaction,
    actor: &User,
    id: &str,
    status: SessionStatus,
) -> Result<Session> {
    let s = get_session(tx, id)?;
    if status <= s.status {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "status",
            format!(
                "a {} session cannot become {}: a session only moves forward (planned → convened → held → closed)",
                s.status.as_str(),
                status.as_str()
            ),
        ));
    }
    tx.execute(
        "UPDATE sessions SET status = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
        params![id, status.as_str(), now(), actor.id],
    )?;
    audit::record(
        tx,
        Some(&actor.id),
        "sessions.set_status",
        "session",
        Some(id),
        &json!({ "from": s.status.as_str(), "to": status.as_str() }),
    )?;
    get_session(tx, id)
}

/// Deletes a planned session (a tombstone). Sessions past planning keep their record.
pub fn delete_session(store: &mut Store, actor: &User, id: &str) -> Result<()> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        let s = get_session(tx, id)?;
        if s.status != SessionStatus::Planned {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                "only a planned session can be deleted",
            ));
        }
        let at = now();
        tx.execute(
            "UPDATE sessions SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![id, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "sessions.delete",
            "session",
            Some(id),
            &json!({ "name": s.name }),
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Attendance and quorum

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    Present,
    Absent,
    /// Someone else attended on the seat's or member's behalf (`represented_by`).
    Represented,
}

impl AttendanceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AttendanceStatus::Present => "present",
            AttendanceStatus::Absent => "absent",
            AttendanceStatus::Represented => "represented",
        }
    }
    pub fn parse(s: &str) -> Option<AttendanceStatus> {
        match s {
            "present" => Some(AttendanceStatus::Present),
            "absent" => Some(AttendanceStatus::Absent),
            "represented" => Some(AttendanceStatus::Represented),
            _ => None,
        }
    }
}

/// The quorum of a session, computed from the body's rule and the attendance.
#[derive(Debug, Clone, Copy, Serialize, Type, PartialEq)]
pub struct Quorum {
    pub rule: QuorumRule,
    /// Voting seats (or members that may vote) on the session's date.
    pub voting_members: u16,
    /// Of those, present or represented with vote.
    pub present_voting: u16,
    pub required: u16,
    pub reached: bool,
}

/// One line of the attendance sheet: a seat, or a member institution (all-members bodies).
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AttendanceLine {
    /// The attendance record, once one is recorded.
    pub id: Option<String>,
    pub seat_id: Option<String>,
    pub member_id: Option<String>,
    pub member_acronym: Option<String>,
    pub member_name: Option<String>,
    /// The seat's holder (seats only).
    pub person_name: String,
    pub role: Option<SeatRole>,
    /// Whether this seat or member may vote in this session.
    pub may_vote: bool,
    /// None: not recorded yet.
    pub status: Option<AttendanceStatus>,
    /// Who actually attended.
    pub attendee: String,
    pub represented_by: String,
    pub with_vote: bool,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AttendanceSheet {
    pub session_id: String,
    pub lines: Vec<AttendanceLine>,
    pub quorum: Quorum,
}

/// Records a seat's or a member's attendance (one of `seat_id` / `member_id`).
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct AttendanceInput {
    pub seat_id: Option<String>,
    pub member_id: Option<String>,
    pub status: AttendanceStatus,
    pub attendee: String,
    pub represented_by: String,
    /// None: with vote whenever the seat or member may vote.
    pub with_vote: Option<bool>,
}

/// Whether a member institution may vote, on the date `on`, in a body whose voting members
/// are counted by `membership`: the member is live, not archived and active; in an
/// all-members body (the General Assembly) it must also be titular, as only titular members
/// vote there (Statute); and the dues rule must not suspend its vote on that date
/// ([`crate::dues::dues_allow_vote`]: arrears of the configured number of years, unless an
/// agreed payment plan keeps the vote). A store without dues invoices behaves as if the dues
/// rule did not exist.
pub fn member_may_vote(
    conn: &Connection,
    membership: Membership,
    member_id: &str,
    on: NaiveDate,
) -> Result<bool> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT category, status FROM members WHERE id = ?1 AND deleted_at IS NULL AND archived_at IS NULL",
            [member_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let standing = match row {
        None => false,
        Some((category, status)) => {
            status == "active" && (membership == Membership::Seats || category == "titular")
        }
    };
    Ok(standing && crate::dues::dues_allow_vote(conn, member_id, on)?)
}

fn seat_may_vote(conn: &Connection, seat: &Seat, on: NaiveDate) -> Result<bool> {
    Ok(seat.has_vote
        && match &seat.member_id {
            Some(m) => member_may_vote(conn, Membership::Seats, m, on)?,
            None => true,
        })
}

/// The session's local date (for seat terms).
fn session_date(s: &Session) -> Result<NaiveDate> {
    Ok(s.start_local()?.date_naive())
}

struct Recorded {
    id: String,
    seat_id: Option<String>,
    member_id: Option<String>,
    status: AttendanceStatus,
    attendee: String,
    represented_by: String,
    with_vote: bool,
}

fn recorded(conn: &Connection, session_id: &str) -> Result<Vec<Recorded>> {
    let mut st = conn.prepare_cached(
        "SELECT id, seat_id, member_id, status, attendee, represented_by, with_vote FROM attendance
         WHERE session_id = ?1 AND deleted_at IS NULL",
    )?;
    let rows = st.query_map([session_id], |r| {
        Ok(Recorded {
            id: r.get(0)?,
            seat_id: r.get(1)?,
            member_id: r.get(2)?,
            status: AttendanceStatus::parse(&r.get::<_, String>(3)?)
                .unwrap_or(AttendanceStatus::Absent),
            attendee: r.get(4)?,
            represented_by: r.get(5)?,
            with_vote: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The attendance sheet of a session and its quorum.
pub fn attendance(conn: &Connection, session_id: &str) -> Result<AttendanceSheet> {
    let s = get_session(conn, session_id)?;
    let body = bodies::get_body(conn, &s.body_id)?;
    let on = session_date(&s)?;
    let seats = bodies::list_seats(conn, &body.id, Some(on))?;
    let records = recorded(conn, session_id)?;
    let mut lines = Vec::new();
    let attending = |r: &Recorded| r.status != AttendanceStatus::Absent && r.with_vote;
    let mut voting = 0u32;
    let mut present = 0u32;
    for seat in &seats {
        let may_vote = seat_may_vote(conn, seat, on)?;
        let rec = records
            .iter()
            .find(|r| r.seat_id.as_deref() == Some(&seat.id));
        if body.membership == Membership::Seats && may_vote {
            voting += 1;
            if rec.is_some_and(attending) {
                present += 1;
            }
        }
        lines.push(AttendanceLine {
            id: rec.map(|r| r.id.clone()),
            seat_id: Some(seat.id.clone()),
            member_id: seat.member_id.clone(),
            member_acronym: seat.member_acronym.clone(),
            member_name: seat.member_name.clone(),
            person_name: seat.person_name.clone(),
            role: Some(seat.role),
            may_vote,
            status: rec.map(|r| r.status),
            attendee: rec.map(|r| r.attendee.clone()).unwrap_or_default(),
            represented_by: rec.map(|r| r.represented_by.clone()).unwrap_or_default(),
            with_vote: rec.is_some_and(|r| r.with_vote),
        });
    }
    // Member institutions: every live one in an all-members body; else those recorded.
    let mut st = conn.prepare_cached(
        "SELECT id, acronym, name FROM members WHERE deleted_at IS NULL AND archived_at IS NULL
         ORDER BY country, acronym COLLATE NOCASE, id",
    )?;
    let members: Vec<(String, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    for (id, acronym, name) in members {
        let rec = records.iter().find(|r| r.member_id.as_deref() == Some(&id));
        if body.membership == Membership::Seats && rec.is_none() {
            continue;
        }
        let may_vote = member_may_vote(conn, body.membership, &id, on)?;
        if body.membership == Membership::AllMembers && may_vote {
            voting += 1;
            if rec.is_some_and(attending) {
                present += 1;
            }
        }
        lines.push(AttendanceLine {
            id: rec.map(|r| r.id.clone()),
            seat_id: None,
            member_id: Some(id),
            member_acronym: Some(acronym),
            member_name: Some(name),
            person_name: String::new(),
            role: None,
            may_vote,
            status: rec.map(|r| r.status),
            attendee: rec.map(|r| r.attendee.clone()).unwrap_or_default(),
            represented_by: rec.map(|r| r.represented_by.clone()).unwrap_or_default(),
            with_vote: rec.is_some_and(|r| r.with_vote),
        });
    }
    let cap = |n: u32| n.min(u32::from(u16::MAX)) as u16;
    let voting_members = cap(voting);
    let present_voting = cap(present);
    let required = body.quorum_rule.required(voting_members);
    Ok(AttendanceSheet {
        session_id: s.id,
        lines,
        quorum: Quorum {
            rule: body.quorum_rule,
            voting_members,
            present_voting,
            required,
            reached: voting_members > 0 && present_voting >= required,
        },
    })
}

/// The quorum alone.
pub fn quorum(conn: &Connection, session_id: &str) -> Result<Quorum> {
    Ok(attendance(conn, session_id)?.quorum)
}

/// Records (or changes) one line of attendance; returns the sheet with the quorum recomputed.
pub fn set_attendance(
    store: &mut Store,
    actor: &User,
    session_id: &str,
    input: &AttendanceInput,
) -> Result<AttendanceSheet> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        set_attendance_tx(tx, actor, session_id, input)?;
        attendance(tx, session_id)
    })
}

pub(crate) fn set_attendance_tx(
    tx: &Transaction,
    actor: &User,
    session_id: &str,
    input: &AttendanceInput,
) -> Result<()> {
    let attendee = validate::optional_text("attendee", &input.attendee, 200)?;
    let represented_by = validate::optional_text("represented_by", &input.represented_by, 200)?;
    if input.status == AttendanceStatus::Represented && represented_by.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "represented_by",
            "say who represented the seat or member",
        ));
    }
    let s = get_session(tx, session_id)?;
    if s.status == SessionStatus::Closed {
        return Err(closed());
    }
    let body = bodies::get_body(tx, &s.body_id)?;
    let seat_id = input
        .seat_id
        .as_deref()
        .map(str::trim)
        .filter(|x| !x.is_empty());
    let member_id = input
        .member_id
        .as_deref()
        .map(str::trim)
        .filter(|x| !x.is_empty());
    let may_vote = match (seat_id, member_id) {
        (Some(seat_id), None) => {
            let seat = bodies::get_seat(tx, seat_id)?;
            if seat.body_id != s.body_id {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "seat_id",
                    "the seat belongs to another body",
                ));
            }
            seat_may_vote(tx, &seat, session_date(&s)?)?
        }
        (None, Some(member_id)) => {
            crate::members::require_live_member(tx, member_id)?;
            member_may_vote(tx, body.membership, member_id, session_date(&s)?)?
        }
        _ => {
            return Err(AppError::field(
                ErrorCode::Required,
                "seat_id",
                "name either a seat or a member institution",
            ))
        }
    };
    let with_vote = match (input.status, input.with_vote) {
        (AttendanceStatus::Absent, _) => false,
        (_, Some(true)) if !may_vote => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "with_vote",
                "this seat or member has a voice but no vote in this session",
            ))
        }
        (_, Some(v)) => v,
        (_, None) => may_vote,
    };
    let existing: Option<String> = tx
        .query_row(
            "SELECT id FROM attendance WHERE session_id = ?1 AND (seat_id = ?2 OR member_id = ?3) AND deleted_at IS NULL",
            params![session_id, seat_id, member_id],
            |r| r.get(0),
        )
        .optional()?;
    let at = now();
    let id = match existing {
        Some(id) => {
            tx.execute(
                "UPDATE attendance SET status = ?2, attendee = ?3, represented_by = ?4, with_vote = ?5, updated_at = ?6, updated_by = ?7 WHERE id = ?1",
                params![id, input.status.as_str(), attendee, represented_by, with_vote, at, actor.id],
            )?;
            id
        }
        None => {
            let id = new_id();
            tx.execute(
                "INSERT INTO attendance (id, session_id, seat_id, member_id, status, attendee, represented_by, with_vote, created_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
                params![id, session_id, seat_id, member_id, input.status.as_str(), attendee, represented_by, with_vote, at, actor.id],
            )?;
            id
        }
    };
    audit::record(
        tx,
        Some(&actor.id),
        "sessions.set_attendance",
        "attendance",
        Some(&id),
        &json!({ "session_id": session_id, "seat_id": seat_id, "member_id": member_id, "status": input.status.as_str(), "with_vote": with_vote }),
    )
}

/// A short reference to a session (for links between records).
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct SessionRef {
    pub id: String,
    pub name: String,
    pub starts_at: String,
}

pub(crate) fn session_ref(conn: &Connection, id: &str) -> Result<SessionRef> {
    let s = get_session(conn, id)?;
    Ok(SessionRef {
        id: s.id,
        name: s.name,
        starts_at: s.starts_at,
    })
}

/// A session's start as `DateTime<FixedOffset>` (for callers that only need the instant).
pub fn start_instant(s: &Session) -> Result<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(&s.starts_at)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("stored start: {e}")))
}

/// A session as printed documents need it.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct SessionPrint {
    pub id: String,
    pub body_code: String,
    pub body_names: BodyNames,
    pub name: String,
    pub ordinal: u32,
    pub ordinal_roman: String,
    pub kind: SessionKind,
    pub status: SessionStatus,
    /// RFC 3339 with the zone's offset.
    pub starts_at: String,
    pub ends_at: Option<String>,
    pub time_zone: String,
    /// Local `YYYY-MM-DD` and `HH:MM`.
    pub start_date: String,
    pub start_time: String,
    pub end_date: Option<String>,
    pub end_time: Option<String>,
    pub venue: String,
    pub virtual_link: Option<String>,
    /// The working languages; the first is the main one.
    pub languages: Vec<Language>,
}

pub fn session_print(s: &Session) -> Result<SessionPrint> {
    let start = s.start_local()?;
    let end = s.end_local()?;
    Ok(SessionPrint {
        id: s.id.clone(),
        body_code: s.body_code.clone(),
        body_names: s.body_names.clone(),
        name: s.name.clone(),
        ordinal: s.ordinal,
        ordinal_roman: s.ordinal_roman.clone(),
        kind: s.kind,
        status: s.status,
        starts_at: s.starts_at.clone(),
        ends_at: s.ends_at.clone(),
        time_zone: s.time_zone.clone(),
        start_date: start.format("%Y-%m-%d").to_string(),
        start_time: start.format("%H:%M").to_string(),
        end_date: end.map(|e| e.format("%Y-%m-%d").to_string()),
        end_time: end.map(|e| e.format("%H:%M").to_string()),
        venue: s.venue.clone(),
        virtual_link: s.virtual_link.clone(),
        languages: s.languages.clone(),
    })
}
