//! The bodies of the organization (General Assembly, Standing Committee, CIESS Directive
//! Board, CASS commissions…), their rules (quorum, resolution numbering, agenda template) and
//! their composition (seats held by a member institution and/or a person, with voice and
//! maybe vote, for a term).

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::error::{AppError, ErrorCode, Result};
use crate::store::{new_id, now, today, Store};
use crate::users::{Permission, User};
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    Assembly,
    Committee,
    Board,
    Commission,
    Other,
}

impl BodyKind {
    pub const ALL: [BodyKind; 5] = [
        BodyKind::Assembly,
        BodyKind::Committee,
        BodyKind::Board,
        BodyKind::Commission,
        BodyKind::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            BodyKind::Assembly => "assembly",
            BodyKind::Committee => "committee",
            BodyKind::Board => "board",
            BodyKind::Commission => "commission",
            BodyKind::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<BodyKind> {
        BodyKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How many voting members must be present for a session to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuorumRule {
    /// More than half of the voting members: ⌊n/2⌋ + 1.
    MajorityOfVoting,
    /// Two thirds of the voting members, rounded up: ⌈2n/3⌉.
    TwoThirdsOfVoting,
    /// A fixed number of voting members.
    Fixed { number: u16 },
}

impl QuorumRule {
    /// The voting members required when the body has `voting` of them.
    pub fn required(self, voting: u16) -> u16 {
        let n = u32::from(voting);
        let r = match self {
            QuorumRule::MajorityOfVoting => n / 2 + 1,
            QuorumRule::TwoThirdsOfVoting => (2 * n).div_ceil(3).max(1),
            QuorumRule::Fixed { number } => u32::from(number),
        };
        r.min(u32::from(u16::MAX)) as u16
    }

    fn to_columns(self) -> (&'static str, Option<u16>) {
        match self {
            QuorumRule::MajorityOfVoting => ("majority_of_voting", None),
            QuorumRule::TwoThirdsOfVoting => ("two_thirds_of_voting", None),
            QuorumRule::Fixed { number } => ("fixed", Some(number)),
        }
    }

    fn from_columns(rule: &str, fixed: Option<u16>) -> QuorumRule {
        match (rule, fixed) {
            ("two_thirds_of_voting", _) => QuorumRule::TwoThirdsOfVoting,
            ("fixed", Some(number)) => QuorumRule::Fixed { number },
            _ => QuorumRule::MajorityOfVoting,
        }
    }
}

/// Who the voting members of a body are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum Membership {
    /// The body's seats that have a vote (Standing Committee, boards, commissions).
    #[default]
    Seats,
    /// Every member institution that may vote (the General Assembly: titular members).
    AllMembers,
}

impl Membership {
    pub fn as_str(self) -> &'static str {
        match self {
            Membership::Seats => "seats",
            Membership::AllMembers => "all_members",
        }
    }
    pub fn parse(s: &str) -> Membership {
        if s == "all_members" {
            Membership::AllMembers
        } else {
            Membership::Seats
        }
    }
}

/// A name in the four languages of the organization.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct BodyNames {
    pub es: String,
    pub en: String,
    pub pt: String,
    pub fr: String,
}

impl BodyNames {
    pub fn get(&self, lang: crate::users::Language) -> &str {
        use crate::users::Language;
        let s = match lang {
            Language::Es => &self.es,
            Language::En => &self.en,
            Language::Pt => &self.pt,
            Language::Fr => &self.fr,
        };
        if s.is_empty() {
            &self.es
        } else {
            s
        }
    }
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Body {
    pub id: String,
    pub code: String,
    pub names: BodyNames,
    pub kind: BodyKind,
    pub membership: Membership,
    pub quorum_rule: QuorumRule,
    /// e.g. `{body}/{year}/R-{n:02}`; see [`resolution_reference`].
    pub resolution_pattern: String,
    pub seat_count: u32,
    pub session_count: u32,
}

/// What an administrator fills in to create a body.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct BodyInput {
    pub code: String,
    pub names: BodyNames,
    pub kind: BodyKind,
    pub rules: BodyRules,
}

/// The configurable rules of a body.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct BodyRules {
    pub membership: Membership,
    pub quorum_rule: QuorumRule,
    pub resolution_pattern: String,
}

impl Default for BodyRules {
    fn default() -> Self {
        BodyRules {
            membership: Membership::Seats,
            quorum_rule: QuorumRule::MajorityOfVoting,
            resolution_pattern: DEFAULT_RESOLUTION_PATTERN.into(),
        }
    }
}

pub const DEFAULT_RESOLUTION_PATTERN: &str = "{body}/{year}/R-{n:02}";

const BODY_COLUMNS: &str =
    "b.id, b.code, b.name_es, b.name_en, b.name_pt, b.name_fr, b.kind, b.membership,
     b.quorum_rule, b.quorum_fixed, b.resolution_pattern,
     (SELECT count(*) FROM seats s WHERE s.body_id = b.id AND s.deleted_at IS NULL),
     (SELECT count(*) FROM sessions x WHERE x.body_id = b.id AND x.deleted_at IS NULL)";

fn body_from_row(r: &Row) -> rusqlite::Result<Body> {
    Ok(Body {
        id: r.get(0)?,
        code: r.get(1)?,
        names: BodyNames {
            es: r.get(2)?,
            en: r.get(3)?,
            pt: r.get(4)?,
            fr: r.get(5)?,
        },
        kind: BodyKind::parse(&r.get::<_, String>(6)?).unwrap_or(BodyKind::Other),
        membership: Membership::parse(&r.get::<_, String>(7)?),
        quorum_rule: QuorumRule::from_columns(&r.get::<_, String>(8)?, r.get(9)?),
        resolution_pattern: r.get(10)?,
        seat_count: r.get(11)?,
        session_count: r.get(12)?,
    })
}

/// Every live body, in the order of the Statute (assembly, committee, board, commissions…).
pub fn list_bodies(conn: &Connection) -> Result<Vec<Body>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {BODY_COLUMNS} FROM bodies b WHERE b.deleted_at IS NULL
         ORDER BY CASE b.kind WHEN 'assembly' THEN 1 WHEN 'committee' THEN 2 WHEN 'board' THEN 3 WHEN 'commission' THEN 4 ELSE 5 END, b.code"
    ))?;
    let rows = st.query_map([], body_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub fn get_body(conn: &Connection, id: &str) -> Result<Body> {
    conn.query_row(
        &format!("SELECT {BODY_COLUMNS} FROM bodies b WHERE b.id = ?1 AND b.deleted_at IS NULL"),
        [id],
        body_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("body", id))
}

/// A body by its id or its code (`CPISS`, case-insensitive).
pub fn find_body(conn: &Connection, id_or_code: &str) -> Result<Body> {
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM bodies WHERE (id = ?1 OR code = ?1 COLLATE NOCASE) AND deleted_at IS NULL",
            [id_or_code.trim()],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => get_body(conn, &id),
        None => Err(AppError::field(
            ErrorCode::NotFound,
            "body",
            format!("no body with the id or code '{}'", id_or_code.trim()),
        )),
    }
}

fn validate_rules(rules: &BodyRules) -> Result<String> {
    if let QuorumRule::Fixed { number } = rules.quorum_rule {
        if number == 0 {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "quorum_rule",
                "a fixed quorum is at least 1",
            ));
        }
    }
    let pattern = validate::required_text("resolution_pattern", &rules.resolution_pattern, 80)?;
    resolution_reference(&pattern, "X", 2000, 1, 1)?;
    Ok(pattern)
}

/// Creates a body (administrators).
pub fn create_body(store: &mut Store, actor: &User, input: &BodyInput) -> Result<Body> {
    actor.require(Permission::ManageBodies)?;
    let code = validate::required_text("code", &input.code, 20)?.to_uppercase();
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(AppError::field(
            ErrorCode::InvalidFormat,
            "code",
            "a body code holds letters, digits, '-' and '_' only",
        ));
    }
    let es = validate::required_text("name_es", &input.names.es, 200)?;
    let en = validate::optional_text("name_en", &input.names.en, 200)?;
    let pt = validate::optional_text("name_pt", &input.names.pt, 200)?;
    let fr = validate::optional_text("name_fr", &input.names.fr, 200)?;
    let pattern = validate_rules(&input.rules)?;
    let (rule, fixed) = input.rules.quorum_rule.to_columns();
    store.transaction(|tx| {
        let taken: bool = tx
            .query_row(
                "SELECT 1 FROM bodies WHERE code = ?1 COLLATE NOCASE",
                [&code],
                |_| Ok(true),
            )
            .optional()?
            .unwrap_or(false);
        if taken {
            return Err(AppError::field(
                ErrorCode::Duplicate,
                "code",
                format!("a body with the code {code} exists"),
            ));
        }
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO bodies (id, code, name_es, name_en, name_pt, name_fr, kind, membership, quorum_rule, quorum_fixed, resolution_pattern, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)",
            params![id, code, es, en, pt, fr, input.kind.as_str(), input.rules.membership.as_str(), rule, fixed, pattern, at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "bodies.create", "body", Some(&id), &json!({ "code": code, "name_es": es }))?;
        get_body(tx, &id)
    })
}

/// Sets a body's quorum rule, membership and resolution pattern (administrators).
pub fn update_body_rules(
    store: &mut Store,
    actor: &User,
    body_id: &str,
    rules: &BodyRules,
) -> Result<Body> {
    actor.require(Permission::ManageBodies)?;
    let pattern = validate_rules(rules)?;
    let (rule, fixed) = rules.quorum_rule.to_columns();
    store.transaction(|tx| {
        let before = get_body(tx, body_id)?;
        tx.execute(
            "UPDATE bodies SET membership = ?2, quorum_rule = ?3, quorum_fixed = ?4, resolution_pattern = ?5, updated_at = ?6, updated_by = ?7 WHERE id = ?1",
            params![body_id, rules.membership.as_str(), rule, fixed, pattern, now(), actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "bodies.update_rules",
            "body",
            Some(body_id),
            &json!({ "before": { "membership": before.membership.as_str(), "quorum_rule": before.quorum_rule, "resolution_pattern": before.resolution_pattern },
                     "after": { "membership": rules.membership.as_str(), "quorum_rule": rules.quorum_rule, "resolution_pattern": pattern } }),
        )?;
        get_body(tx, body_id)
    })
}

/// Renders a resolution reference from a body's pattern. Placeholders: `{body}` (the body's
/// code), `{year}`, `{yy}`, `{session}` (the session's ordinal in Roman numerals), `{n}` and
/// `{n:0W}` (the number zero-padded to W digits, W from 1 to 9). The pattern must hold `{n…}`.
pub fn resolution_reference(
    pattern: &str,
    body_code: &str,
    year: i32,
    session_ordinal: u32,
    n: u32,
) -> Result<String> {
    let bad = |m: String| AppError::field(ErrorCode::InvalidFormat, "resolution_pattern", m);
    let mut out = String::new();
    let mut rest = pattern;
    let mut has_number = false;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| bad(format!("'{pattern}' has a '{{' without '}}'")))?;
        let token = &after[..close];
        match token {
            "body" => out.push_str(body_code),
            "year" => out.push_str(&format!("{year:04}")),
            "yy" => out.push_str(&format!("{:02}", year.rem_euclid(100))),
            "session" => out.push_str(&crate::sessions::roman(session_ordinal)),
            "n" => {
                has_number = true;
                out.push_str(&n.to_string())
            }
            t if t.starts_with("n:0") && t.len() == 4 && t.as_bytes()[3].is_ascii_digit() => {
                let width = usize::from(t.as_bytes()[3] - b'0');
                if width == 0 {
                    return Err(bad(format!("'{{{t}}}' pads to 0 digits")));
                }
                has_number = true;
                out.push_str(&format!("{n:0width$}"));
            }
            t => {
                return Err(bad(format!(
                    "unknown placeholder '{{{t}}}' (body, year, yy, session, n, n:02)"
                )))
            }
        }
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(bad(format!("'{pattern}' has a '}}' without '{{'")));
    }
    out.push_str(rest);
    if !has_number {
        return Err(bad(format!(
            "'{pattern}' lacks the resolution number {{n}} or {{n:02}}"
        )));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Agenda template

/// One default item of a body's agenda.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct TemplateItem {
    pub kind: crate::agenda::ItemKind,
    pub titles: BodyNames,
    pub presenter: String,
    pub duration_minutes: u16,
}

/// The body's agenda template, in order.
pub fn agenda_template(conn: &Connection, body_id: &str) -> Result<Vec<TemplateItem>> {
    let mut st = conn.prepare_cached(
        "SELECT kind, title_es, title_en, title_pt, title_fr, presenter, duration_minutes
         FROM agenda_template_items WHERE body_id = ?1 AND deleted_at IS NULL ORDER BY position, id",
    )?;
    let rows = st.query_map([body_id], |r| {
        Ok(TemplateItem {
            kind: crate::agenda::ItemKind::parse(&r.get::<_, String>(0)?)
                .unwrap_or(crate::agenda::ItemKind::Information),
            titles: BodyNames {
                es: r.get(1)?,
                en: r.get(2)?,
                pt: r.get(3)?,
                fr: r.get(4)?,
            },
            presenter: r.get(5)?,
            duration_minutes: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Replaces the body's agenda template (administrators).
pub fn set_agenda_template(
    store: &mut Store,
    actor: &User,
    body_id: &str,
    items: &[TemplateItem],
) -> Result<Vec<TemplateItem>> {
    actor.require(Permission::ManageBodies)?;
    let mut valid = Vec::new();
    for t in items {
        valid.push(TemplateItem {
            kind: t.kind,
            titles: BodyNames {
                es: validate::required_text("title_es", &t.titles.es, 500)?,
                en: validate::optional_text("title_en", &t.titles.en, 500)?,
                pt: validate::optional_text("title_pt", &t.titles.pt, 500)?,
                fr: validate::optional_text("title_fr", &t.titles.fr, 500)?,
            },
            presenter: validate::optional_text("presenter", &t.presenter, 200)?,
            duration_minutes: crate::agenda::check_duration(t.duration_minutes)?,
        });
    }
    store.transaction(|tx| {
        get_body(tx, body_id)?;
        set_agenda_template_tx(tx, actor, body_id, &valid)?;
        audit::record(
            tx,
            Some(&actor.id),
            "bodies.set_agenda_template",
            "body",
            Some(body_id),
            &json!({ "items": valid.len() }),
        )?;
        agenda_template(tx, body_id)
    })
}

pub(crate) fn set_agenda_template_tx(
    tx: &Transaction,
    actor: &User,
    body_id: &str,
    items: &[TemplateItem],
) -> Result<()> {
    let at = now();
    tx.execute(
        "UPDATE agenda_template_items SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE body_id = ?1 AND deleted_at IS NULL",
        params![body_id, at, actor.id],
    )?;
    for (i, t) in items.iter().enumerate() {
        tx.execute(
            "INSERT INTO agenda_template_items (id, body_id, position, kind, title_es, title_en, title_pt, title_fr, presenter, duration_minutes, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
            params![new_id(), body_id, i as i64, t.kind.as_str(), t.titles.es, t.titles.en, t.titles.pt, t.titles.fr, t.presenter, t.duration_minutes, at, actor.id],
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Seats

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SeatRole {
    President,
    VicePresident,
    Coordinator,
    Secretary,
    TechnicalSecretary,
    Comptroller,
    Director,
    Representative,
    Member,
}

impl SeatRole {
    pub const ALL: [SeatRole; 9] = [
        SeatRole::President,
        SeatRole::VicePresident,
        SeatRole::Coordinator,
        SeatRole::Secretary,
        SeatRole::TechnicalSecretary,
        SeatRole::Comptroller,
        SeatRole::Director,
        SeatRole::Representative,
        SeatRole::Member,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SeatRole::President => "president",
            SeatRole::VicePresident => "vice_president",
            SeatRole::Coordinator => "coordinator",
            SeatRole::Secretary => "secretary",
            SeatRole::TechnicalSecretary => "technical_secretary",
            SeatRole::Comptroller => "comptroller",
            SeatRole::Director => "director",
            SeatRole::Representative => "representative",
            SeatRole::Member => "member",
        }
    }
    pub fn parse(s: &str) -> Option<SeatRole> {
        SeatRole::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A seat in a body.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Seat {
    pub id: String,
    pub body_id: String,
    pub body_code: String,
    pub member_id: Option<String>,
    pub member_acronym: Option<String>,
    pub member_name: Option<String>,
    pub person_name: String,
    pub role: SeatRole,
    /// False: voice only (the Secretary-General, the Comptroller, the CIESS Director…).
    pub has_vote: bool,
    /// `YYYY-MM-DD`.
    pub term_from: Option<String>,
    pub term_to: Option<String>,
    pub position: u16,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct SeatInput {
    pub member_id: Option<String>,
    pub person_name: String,
    pub role: SeatRole,
    pub has_vote: bool,
    pub term_from: Option<String>,
    pub term_to: Option<String>,
}

const SEAT_COLUMNS: &str =
    "s.id, s.body_id, b.code, s.member_id, m.acronym, m.name, s.person_name, s.role, s.has_vote,
     s.term_from, s.term_to, s.position";
const SEAT_FROM: &str =
    "seats s JOIN bodies b ON b.id = s.body_id LEFT JOIN members m ON m.id = s.member_id";

pub(crate) fn seat_from_row(r: &Row) -> rusqlite::Result<Seat> {
    Ok(Seat {
        id: r.get(0)?,
        body_id: r.get(1)?,
        body_code: r.get(2)?,
        member_id: r.get(3)?,
        member_acronym: r.get(4)?,
        member_name: r.get(5)?,
        person_name: r.get(6)?,
        role: SeatRole::parse(&r.get::<_, String>(7)?).unwrap_or(SeatRole::Member),
        has_vote: r.get(8)?,
        term_from: r.get(9)?,
        term_to: r.get(10)?,
        position: r.get(11)?,
    })
}

/// The body's seats; with `on`, only those whose term covers that date.
pub fn list_seats(conn: &Connection, body_id: &str, on: Option<NaiveDate>) -> Result<Vec<Seat>> {
    let on = on.map(|d| d.to_string());
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SEAT_COLUMNS} FROM {SEAT_FROM}
         WHERE s.body_id = ?1 AND s.deleted_at IS NULL
           AND (?2 IS NULL OR ((s.term_from IS NULL OR s.term_from <= ?2) AND (s.term_to IS NULL OR s.term_to >= ?2)))
         ORDER BY s.position, s.id"
    ))?;
    let rows = st.query_map(params![body_id, on], seat_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub fn get_seat(conn: &Connection, id: &str) -> Result<Seat> {
    conn.query_row(
        &format!("SELECT {SEAT_COLUMNS} FROM {SEAT_FROM} WHERE s.id = ?1 AND s.deleted_at IS NULL"),
        [id],
        seat_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("seat", id))
}

/// Seats of every body whose term ends between today and `days` days from today, soonest first.
pub fn seats_with_terms_ending(conn: &Connection, days: u16) -> Result<Vec<Seat>> {
    let from = today();
    let to = from
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(from);
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SEAT_COLUMNS} FROM {SEAT_FROM}
         WHERE s.deleted_at IS NULL AND b.deleted_at IS NULL AND s.term_to BETWEEN ?1 AND ?2
         ORDER BY s.term_to, b.code, s.position"
    ))?;
    let rows = st.query_map(params![from.to_string(), to.to_string()], seat_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

struct ValidSeat {
    member_id: Option<String>,
    person_name: String,
    term_from: Option<String>,
    term_to: Option<String>,
}

fn validate_seat(conn: &Connection, input: &SeatInput) -> Result<ValidSeat> {
    let person_name = validate::optional_text("person_name", &input.person_name, 200)?;
    let member_id = input
        .member_id
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_string);
    if let Some(m) = &member_id {
        crate::members::require_live_member(conn, m)?;
    } else if person_name.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "person_name",
            "a seat is held by a member institution, a person, or both",
        ));
    }
    let term_from = validate::date("term_from", input.term_from.as_deref())?;
    let term_to = validate::date("term_to", input.term_to.as_deref())?;
    if let (Some(f), Some(t)) = (term_from, term_to) {
        if t < f {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "term_to",
                "the term ends before it starts",
            ));
        }
    }
    Ok(ValidSeat {
        member_id,
        person_name,
        term_from: term_from.map(|d| d.to_string()),
        term_to: term_to.map(|d| d.to_string()),
    })
}

/// Adds a seat to a body.
pub fn add_seat(store: &mut Store, actor: &User, body_id: &str, input: &SeatInput) -> Result<Seat> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| add_seat_tx(tx, actor, body_id, input))
}

pub(crate) fn add_seat_tx(
    tx: &Transaction,
    actor: &User,
    body_id: &str,
    input: &SeatInput,
) -> Result<Seat> {
    get_body(tx, body_id)?;
    let v = validate_seat(tx, input)?;
    let position: i64 = tx.query_row(
        "SELECT ifnull(max(position) + 1, 0) FROM seats WHERE body_id = ?1 AND deleted_at IS NULL",
        [body_id],
        |r| r.get(0),
    )?;
    let id = new_id();
    let at = now();
    tx.execute(
        "INSERT INTO seats (id, body_id, member_id, person_name, role, has_vote, term_from, term_to, position, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
        params![id, body_id, v.member_id, v.person_name, input.role.as_str(), input.has_vote, v.term_from, v.term_to, position, at, actor.id],
    )?;
    audit::record(
        tx,
        Some(&actor.id),
        "seats.create",
        "seat",
        Some(&id),
        &json!({ "body_id": body_id, "role": input.role.as_str(), "has_vote": input.has_vote, "member_id": v.member_id, "person_name": v.person_name }),
    )?;
    get_seat(tx, &id)
}

pub fn update_seat(store: &mut Store, actor: &User, id: &str, input: &SeatInput) -> Result<Seat> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        get_seat(tx, id)?;
        let v = validate_seat(tx, input)?;
        tx.execute(
            "UPDATE seats SET member_id = ?2, person_name = ?3, role = ?4, has_vote = ?5, term_from = ?6, term_to = ?7, updated_at = ?8, updated_by = ?9 WHERE id = ?1",
            params![id, v.member_id, v.person_name, input.role.as_str(), input.has_vote, v.term_from, v.term_to, now(), actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "seats.update",
            "seat",
            Some(id),
            &json!({ "role": input.role.as_str(), "has_vote": input.has_vote, "term_to": v.term_to }),
        )?;
        get_seat(tx, id)
    })
}

/// Removes a seat (a tombstone; past attendance keeps pointing at it).
pub fn remove_seat(store: &mut Store, actor: &User, id: &str) -> Result<()> {
    actor.require(Permission::EditSessions)?;
    store.transaction(|tx| {
        let s = get_seat(tx, id)?;
        let at = now();
        tx.execute(
            "UPDATE seats SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![id, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "seats.delete",
            "seat",
            Some(id),
            &json!({ "body_id": s.body_id, "role": s.role.as_str() }),
        )
    })
}
