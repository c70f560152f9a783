//! Agreements with member institutions and other organizations: counterpart, subject,
//! signature, validity, notice and renewal dates, documents and status
//! (draft → in force → expired / terminated / renewed), with reminders as expiry approaches.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::cooperation::{self, Document, DocumentOwner};
use crate::error::{AppError, ErrorCode, Result};
use crate::members;
use crate::store::{new_id, now, today, Scope};
use crate::users::{Permission, User};
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AgreementStatus {
    Draft,
    InForce,
    Expired,
    Terminated,
    Renewed,
}

impl AgreementStatus {
    pub const ALL: [AgreementStatus; 5] = [
        AgreementStatus::Draft,
        AgreementStatus::InForce,
        AgreementStatus::Expired,
        AgreementStatus::Terminated,
        AgreementStatus::Renewed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            AgreementStatus::Draft => "draft",
            AgreementStatus::InForce => "in_force",
            AgreementStatus::Expired => "expired",
            AgreementStatus::Terminated => "terminated",
            AgreementStatus::Renewed => "renewed",
        }
    }
    pub fn parse(s: &str) -> Option<AgreementStatus> {
        AgreementStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
    /// The statuses an agreement may move to from this one.
    pub fn next(self) -> &'static [AgreementStatus] {
        match self {
            AgreementStatus::Draft => &[AgreementStatus::InForce],
            AgreementStatus::InForce => &[
                AgreementStatus::Expired,
                AgreementStatus::Terminated,
                AgreementStatus::Renewed,
            ],
            _ => &[],
        }
    }
}

/// An agreement.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Agreement {
    pub id: String,
    /// The member institution that is the counterpart, if it is one.
    pub member_id: Option<String>,
    pub member_acronym: Option<String>,
    /// The other organization's name when the counterpart is not a member.
    pub counterpart_name: String,
    /// Who the counterpart is, for display: the member's name or the other organization's.
    pub counterpart: String,
    pub subject: String,
    /// `YYYY-MM-DD`.
    pub signed_on: Option<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    /// Days before `valid_to` by which renewal is decided.
    pub notice_days: Option<u16>,
    /// `valid_to − notice_days`.
    pub notice_date: Option<String>,
    pub renewal_date: Option<String>,
    pub status: AgreementStatus,
    pub notes: String,
    pub document_count: u32,
    pub updated_at: String,
}

/// What a user fills in to create or edit an agreement.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct AgreementInput {
    /// A member institution, or empty when the counterpart is another organization.
    pub member_id: Option<String>,
    /// The other organization's name (when `member_id` is empty).
    pub counterpart_name: String,
    pub subject: String,
    pub signed_on: Option<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub notice_days: Option<u16>,
    pub renewal_date: Option<String>,
    pub notes: String,
}

/// An agreement with its documents.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AgreementDetail {
    pub agreement: Agreement,
    pub documents: Vec<Document>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct AgreementFilter {
    pub status: Option<AgreementStatus>,
    /// A member institution's id.
    pub member_id: Option<String>,
    /// Matches the subject, the counterpart's name or the member's name or acronym.
    pub search: Option<String>,
}

struct Valid {
    member_id: Option<String>,
    counterpart_name: String,
    subject: String,
    signed_on: Option<NaiveDate>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    notice_days: Option<u16>,
    renewal_date: Option<NaiveDate>,
    notes: String,
}

fn validate_input(input: &AgreementInput) -> Result<Valid> {
    let member_id = cooperation::opt_id("member_id", input.member_id.as_deref())?;
    let counterpart_name =
        validate::optional_text("counterpart_name", &input.counterpart_name, 300)?;
    if member_id.is_none() && counterpart_name.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "counterpart_name",
            "the counterpart is required: a member institution or another organization's name",
        ));
    }
    if member_id.is_some() && !counterpart_name.is_empty() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "counterpart_name",
            "the counterpart is either a member institution or another organization, not both",
        ));
    }
    let subject = validate::required_text("subject", &input.subject, 500)?;
    let signed_on = cooperation::optional_date("signed_on", input.signed_on.as_deref())?;
    if signed_on.is_some_and(|d| d > today()) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "signed_on",
            "the signature date is in the future",
        ));
    }
    let valid_from = cooperation::optional_date("valid_from", input.valid_from.as_deref())?;
    let valid_to = cooperation::optional_date("valid_to", input.valid_to.as_deref())?;
    if let (Some(f), Some(t)) = (valid_from, valid_to) {
        if t < f {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "valid_to",
                "the agreement cannot end before it starts",
            ));
        }
    }
    if let Some(n) = input.notice_days {
        if n > 3650 {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "notice_days",
                "the notice is at most 3650 days",
            ));
        }
        if valid_to.is_none() {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "notice_days",
                "a notice period needs the date the agreement ends",
            ));
        }
    }
    let renewal_date = cooperation::optional_date("renewal_date", input.renewal_date.as_deref())?;
    if let (Some(r), Some(f)) = (renewal_date, valid_from) {
        if r < f {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "renewal_date",
                "the renewal date is before the agreement starts",
            ));
        }
    }
    let notes = validate::long_text("notes", &input.notes, 10_000)?;
    Ok(Valid {
        member_id,
        counterpart_name,
        subject,
        signed_on,
        valid_from,
        valid_to,
        notice_days: input.notice_days,
        renewal_date,
        notes,
    })
}

const COLUMNS: &str = "a.id, a.member_id, m.acronym, a.counterpart_name, coalesce(m.name, a.counterpart_name), a.subject,
     a.signed_on, a.valid_from, a.valid_to, a.notice_days, a.renewal_date, a.status, a.notes, a.updated_at,
     (SELECT count(*) FROM cooperation_documents d WHERE d.owner_kind = 'agreement' AND d.owner_id = a.id AND d.deleted_at IS NULL)";
const FROM: &str = "FROM agreements a LEFT JOIN members m ON m.id = a.member_id";

fn from_row(r: &Row) -> rusqlite::Result<Agreement> {
    let valid_to: Option<String> = r.get(8)?;
    let notice_days: Option<u16> = r.get(9)?;
    let notice_date = match (&valid_to, notice_days) {
        (Some(t), Some(n)) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .map(|d| (d - Duration::days(i64::from(n))).to_string()),
        _ => None,
    };
    Ok(Agreement {
        id: r.get(0)?,
        member_id: r.get(1)?,
        member_acronym: r.get(2)?,
        counterpart_name: r.get(3)?,
        counterpart: r.get(4)?,
        subject: r.get(5)?,
        signed_on: r.get(6)?,
        valid_from: r.get(7)?,
        valid_to,
        notice_days,
        notice_date,
        renewal_date: r.get(10)?,
        status: AgreementStatus::parse(&r.get::<_, String>(11)?).unwrap_or(AgreementStatus::Draft),
        notes: r.get(12)?,
        updated_at: r.get(13)?,
        document_count: r.get(14)?,
    })
}

fn load(conn: &Connection, id: &str) -> Result<Agreement> {
    conn.query_row(
        &format!("SELECT {COLUMNS} {FROM} WHERE a.id = ?1 AND a.deleted_at IS NULL"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("agreement", id))
}

/// One agreement with its documents.
pub fn get_agreement(conn: &Connection, id: &str) -> Result<AgreementDetail> {
    Ok(AgreementDetail {
        agreement: load(conn, id)?,
        documents: cooperation::documents(conn, DocumentOwner::Agreement, id)?,
    })
}

/// Agreements matching `filter`, the ones ending soonest first (open-ended last).
pub fn list_agreements(conn: &Connection, filter: &AgreementFilter) -> Result<Vec<Agreement>> {
    let mut sql = format!("SELECT {COLUMNS} {FROM} WHERE a.deleted_at IS NULL");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(s) = filter.status {
        args.push(s.as_str().to_string().into());
        sql.push_str(&format!(" AND a.status = ?{}", args.len()));
    }
    if let Some(m) = filter
        .member_id
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        args.push(m.to_string().into());
        sql.push_str(&format!(" AND a.member_id = ?{}", args.len()));
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
            " AND (a.subject LIKE ?{n} ESCAPE '\\' OR a.counterpart_name LIKE ?{n} ESCAPE '\\' OR ifnull(m.name,'') LIKE ?{n} ESCAPE '\\' OR ifnull(m.acronym,'') LIKE ?{n} ESCAPE '\\')"
        ));
    }
    sql.push_str(" ORDER BY a.valid_to IS NULL, a.valid_to, a.subject COLLATE NOCASE, a.id");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(args), from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn check_member(conn: &Connection, v: &Valid) -> Result<()> {
    if let Some(m) = &v.member_id {
        members::require_live_member(conn, m)?;
    }
    Ok(())
}

fn summary(v: &Valid) -> serde_json::Value {
    json!({ "member_id": v.member_id, "counterpart_name": v.counterpart_name, "subject": v.subject,
            "valid_from": v.valid_from.map(|d| d.to_string()), "valid_to": v.valid_to.map(|d| d.to_string()) })
}

/// Records a new agreement (as a draft).
pub fn create_agreement(
    store: &mut impl Scope,
    actor: &User,
    input: &AgreementInput,
) -> Result<Agreement> {
    actor.require(Permission::EditCooperation)?;
    let v = validate_input(input)?;
    store.transaction(|tx| {
        check_member(tx, &v)?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO agreements (id, member_id, counterpart_name, subject, signed_on, valid_from, valid_to, notice_days, renewal_date, notes, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
            params![id, v.member_id, v.counterpart_name, v.subject, v.signed_on.map(|d| d.to_string()), v.valid_from.map(|d| d.to_string()),
                    v.valid_to.map(|d| d.to_string()), v.notice_days, v.renewal_date.map(|d| d.to_string()), v.notes, at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "agreements.create", "agreement", Some(&id), &summary(&v))?;
        load(tx, &id)
    })
}

/// Replaces an agreement's fields (not its status).
pub fn update_agreement(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &AgreementInput,
) -> Result<Agreement> {
    actor.require(Permission::EditCooperation)?;
    let v = validate_input(input)?;
    store.transaction(|tx| {
        let before = load(tx, id)?;
        check_member(tx, &v)?;
        if before.status != AgreementStatus::Draft && (v.signed_on.is_none() || v.valid_from.is_none()) {
            return Err(AppError::field(
                ErrorCode::Required,
                if v.signed_on.is_none() { "signed_on" } else { "valid_from" },
                "an agreement that entered into force keeps its signature and start dates",
            ));
        }
        tx.execute(
            "UPDATE agreements SET member_id = ?2, counterpart_name = ?3, subject = ?4, signed_on = ?5, valid_from = ?6, valid_to = ?7,
               notice_days = ?8, renewal_date = ?9, notes = ?10, updated_at = ?11, updated_by = ?12 WHERE id = ?1",
            params![id, v.member_id, v.counterpart_name, v.subject, v.signed_on.map(|d| d.to_string()), v.valid_from.map(|d| d.to_string()),
                    v.valid_to.map(|d| d.to_string()), v.notice_days, v.renewal_date.map(|d| d.to_string()), v.notes, now(), actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "agreements.update", "agreement", Some(id), &summary(&v))?;
        load(tx, id)
    })
}

/// Moves an agreement along draft → in force → expired / terminated / renewed. Entering into
/// force needs the signature and start dates.
pub fn set_agreement_status(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    status: AgreementStatus,
) -> Result<Agreement> {
    actor.require(Permission::EditCooperation)?;
    store.transaction(|tx| {
        let a = load(tx, id)?;
        if !a.status.next().contains(&status) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                format!(
                    "an agreement cannot go from {} to {}",
                    a.status.as_str(),
                    status.as_str()
                ),
            ));
        }
        if status == AgreementStatus::InForce {
            if a.signed_on.is_none() {
                return Err(AppError::field(
                    ErrorCode::Required,
                    "signed_on",
                    "an agreement enters into force once signed",
                ));
            }
            if a.valid_from.is_none() {
                return Err(AppError::field(
                    ErrorCode::Required,
                    "valid_from",
                    "an agreement in force needs the date it starts",
                ));
            }
        }
        tx.execute(
            "UPDATE agreements SET status = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![id, status.as_str(), now(), actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "agreements.set_status",
            "agreement",
            Some(id),
            &json!({ "from": a.status.as_str(), "to": status.as_str() }),
        )?;
        load(tx, id)
    })
}

/// Why an agreement needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// The date to decide on renewal is near (or passed) and the agreement has not ended.
    Notice,
    /// The renewal date is near.
    Renewal,
    /// The agreement ends soon.
    Expiry,
    /// It ended but is still marked in force.
    Overdue,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AgreementReminder {
    pub agreement: Agreement,
    pub kind: ReminderKind,
    /// The date the reminder is about, `YYYY-MM-DD`.
    pub date: String,
    /// Days from today to `date` (negative when passed).
    pub days_left: i32,
}

/// Agreements in force that need attention within `within_days` of `today`: ended but still in
/// force, ending, at their renewal date, or past their notice date. One reminder per
/// agreement (the most pressing), soonest first.
pub fn due(
    conn: &Connection,
    today: NaiveDate,
    within_days: u16,
) -> Result<Vec<AgreementReminder>> {
    let horizon = today + Duration::days(i64::from(within_days));
    let list = list_agreements(
        conn,
        &AgreementFilter {
            status: Some(AgreementStatus::InForce),
            ..Default::default()
        },
    )?;
    let day = |s: &Option<String>| {
        s.as_deref()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
    };
    let mut out = Vec::new();
    for a in list {
        let (to, notice, renewal) = (day(&a.valid_to), day(&a.notice_date), day(&a.renewal_date));
        let hit = match to {
            Some(t) if t < today => Some((ReminderKind::Overdue, t)),
            Some(t) if t <= horizon => Some((ReminderKind::Expiry, t)),
            _ => match renewal {
                Some(r) if r >= today && r <= horizon => Some((ReminderKind::Renewal, r)),
                _ => match notice {
                    Some(n) if n <= horizon => Some((ReminderKind::Notice, n)),
                    _ => None,
                },
            },
        };
        if let Some((kind, d)) = hit {
            out.push(AgreementReminder {
                agreement: a,
                kind,
                date: d.to_string(),
                days_left: (d - today).num_days() as i32,
            });
        }
    }
    out.sort_by(|a, b| (a.days_left, &a.agreement.id).cmp(&(b.days_left, &b.agreement.id)));
    Ok(out)
}
