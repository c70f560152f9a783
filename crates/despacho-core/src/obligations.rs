//! Obligations drawn from the instruments' articles: who answers for them (a unit of the
//! ledger and a person) and when they fall due — a recurrence, computed by the pure
//! [`due_dates`]. Each due date is an **occurrence** with a status (pending → in progress →
//! done / waived), evidence (files, notes, each with the date it takes effect) and a
//! reviewer's sign-off.
//!
//! Occurrences nobody has touched are computed when read (never written by a read); the
//! first change writes the row, keyed by (obligation, key): the due date for calendar
//! recurrences, `s:<session id>` for those relative to a body's sessions. A session that moves
//! keeps its occurrence, whose due date follows the session; a deleted (cancelled) session
//! drops its untouched occurrence.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::attachments;
use crate::audit;
use crate::cooperation;
use crate::error::{AppError, ErrorCode, Result};
use crate::instruments::{self, InstrumentKind};
use crate::sessions::{self, SessionFilter, SessionKind};
use crate::store::{new_id, now, today, Scope};
use crate::users::{Permission, User};
use crate::validate;

// ---------------------------------------------------------------------------------------------
// Recurrence (pure)

/// When an obligation falls due, as it crosses IPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Recurrence {
    /// Once, on `date` (`YYYY-MM-DD`).
    Once { date: String },
    /// Every year on `month`/`day` (29 February falls on the 28th in other years).
    Yearly { month: u8, day: u8 },
    /// Every month on `day` (31 falls on the last day of shorter months).
    Monthly { day: u8 },
    /// Every three months on `day`, in `start_month` and every third month after it
    /// (`start_month` 3: March, June, September, December).
    Quarterly { day: u8, start_month: u8 },
    /// `days_before` days before each session of the body (negative: after it), only the
    /// ordinary sessions if `ordinary_only`.
    BeforeSessions {
        body_id: String,
        days_before: i16,
        ordinary_only: bool,
    },
}

/// A recurrence checked and ready to compute with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Once(NaiveDate),
    Yearly {
        month: u32,
        day: u32,
    },
    Monthly {
        day: u32,
    },
    Quarterly {
        day: u32,
        start_month: u32,
    },
    Sessions {
        days_before: i32,
        ordinary_only: bool,
    },
}

/// A session of the body an obligation follows: its date in its own time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDay {
    pub session_id: String,
    pub date: NaiveDate,
    pub ordinary: bool,
}

/// One due date computed from a recurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// What identifies the occurrence: the date (`YYYY-MM-DD`) or `s:<session id>`.
    pub key: String,
    pub due_on: NaiveDate,
    pub session_id: Option<String>,
}

fn last_day(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map(|d| d.day())
        .unwrap_or(28)
}

/// `day` of the month, or its last day if the month is shorter.
pub fn clamped(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day.min(last_day(year, month)))
}

fn date_due(d: NaiveDate) -> Due {
    Due {
        key: d.to_string(),
        due_on: d,
        session_id: None,
    }
}

/// The due date of a session occurrence.
pub fn session_due(session_date: NaiveDate, days_before: i32) -> NaiveDate {
    session_date - Duration::days(i64::from(days_before))
}

/// The due dates of `rule` from `from` to `to` (both included), in date order. `sessions`
/// are the live sessions of the body a session rule follows (ignored by the others): a
/// cancelled session is simply not among them.
pub fn due_dates(rule: &Rule, from: NaiveDate, to: NaiveDate, sessions: &[SessionDay]) -> Vec<Due> {
    let mut out = Vec::new();
    if to < from {
        return out;
    }
    let months = || {
        let mut ym = (from.year(), from.month());
        std::iter::from_fn(move || {
            if (ym.0, ym.1) > (to.year(), to.month()) {
                return None;
            }
            let cur = ym;
            ym = if ym.1 == 12 {
                (ym.0 + 1, 1)
            } else {
                (ym.0, ym.1 + 1)
            };
            Some(cur)
        })
    };
    match *rule {
        Rule::Once(d) => {
            if d >= from && d <= to {
                out.push(date_due(d));
            }
        }
        Rule::Yearly { month, day } => {
            for y in from.year()..=to.year() {
                if let Some(d) = clamped(y, month, day) {
                    if d >= from && d <= to {
                        out.push(date_due(d));
                    }
                }
            }
        }
        Rule::Monthly { day } => {
            for (y, m) in months() {
                if let Some(d) = clamped(y, m, day).filter(|d| *d >= from && *d <= to) {
                    out.push(date_due(d));
                }
            }
        }
        Rule::Quarterly { day, start_month } => {
            for (y, m) in months() {
                if (m + 12 - start_month) % 3 != 0 {
                    continue;
                }
                if let Some(d) = clamped(y, m, day).filter(|d| *d >= from && *d <= to) {
                    out.push(date_due(d));
                }
            }
        }
        Rule::Sessions {
            days_before,
            ordinary_only,
        } => {
            for s in sessions {
                if ordinary_only && !s.ordinary {
                    continue;
                }
                let d = session_due(s.date, days_before);
                if d >= from && d <= to {
                    out.push(Due {
                        key: format!("s:{}", s.session_id),
                        due_on: d,
                        session_id: Some(s.session_id.clone()),
                    });
                }
            }
            out.sort_by(|a, b| (a.due_on, &a.key).cmp(&(b.due_on, &b.key)));
        }
    }
    out
}

fn bad_recurrence(field: &str, message: &str) -> AppError {
    AppError::field(ErrorCode::InvalidValue, field, message)
}

/// Checks a recurrence; returns the rule and, for session rules, the body id.
pub fn check_recurrence(r: &Recurrence) -> Result<(Rule, Option<String>)> {
    let day_ok = |day: u8, max: u8| {
        if day == 0 || day > max {
            Err(bad_recurrence(
                "recurrence.day",
                &format!("the day is between 1 and {max}"),
            ))
        } else {
            Ok(u32::from(day))
        }
    };
    let month_ok = |m: u8, field: &str| {
        if m == 0 || m > 12 {
            Err(bad_recurrence(field, "the month is between 1 and 12"))
        } else {
            Ok(u32::from(m))
        }
    };
    Ok(match r {
        Recurrence::Once { date } => (
            Rule::Once(cooperation::required_date("recurrence.date", date)?),
            None,
        ),
        Recurrence::Yearly { month, day } => {
            let month = month_ok(*month, "recurrence.month")?;
            // The longest the month can be (February: 29).
            let max = last_day(2000, month) as u8;
            let day = day_ok(*day, max)?;
            (Rule::Yearly { month, day }, None)
        }
        Recurrence::Monthly { day } => (
            Rule::Monthly {
                day: day_ok(*day, 31)?,
            },
            None,
        ),
        Recurrence::Quarterly { day, start_month } => (
            Rule::Quarterly {
                day: day_ok(*day, 31)?,
                start_month: month_ok(*start_month, "recurrence.start_month")?,
            },
            None,
        ),
        Recurrence::BeforeSessions {
            body_id,
            days_before,
            ordinary_only,
        } => {
            let body = validate::required_text("recurrence.body_id", body_id, 64)?;
            if days_before.unsigned_abs() > 366 {
                return Err(bad_recurrence(
                    "recurrence.days_before",
                    "at most 366 days before or after the session",
                ));
            }
            (
                Rule::Sessions {
                    days_before: i32::from(*days_before),
                    ordinary_only: *ordinary_only,
                },
                Some(body),
            )
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Obligations

/// An article an obligation cites, with its instrument.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct SourceArticle {
    pub article_id: String,
    pub number: String,
    pub instrument_id: String,
    pub instrument_kind: InstrumentKind,
    pub instrument_title: String,
}

/// An obligation.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Obligation {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The responsible unit (a cost centre of the ledger).
    pub unit_id: Option<String>,
    pub unit_code: Option<String>,
    /// The unit's name in Spanish.
    pub unit_name: Option<String>,
    pub responsible_name: String,
    pub responsible_user_id: Option<String>,
    pub recurrence: Recurrence,
    /// The body of a session recurrence.
    pub body_code: Option<String>,
    /// Occurrences are due from this date (`YYYY-MM-DD`) …
    pub starts_on: String,
    /// … and until this one, if set.
    pub ends_on: Option<String>,
    pub articles: Vec<SourceArticle>,
    pub archived: bool,
    pub updated_at: String,
}

/// What a user fills in to create or edit an obligation.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ObligationInput {
    pub title: String,
    pub description: String,
    pub unit_id: Option<String>,
    pub responsible_name: String,
    pub responsible_user_id: Option<String>,
    pub recurrence: Recurrence,
    /// Default: today (a one-off obligation uses its date).
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// At least one article of a live instrument.
    pub article_ids: Vec<String>,
}

/// Filters of the obligation list and the occurrence views; empty = everything.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct ObligationFilter {
    pub unit_id: Option<String>,
    pub instrument_id: Option<String>,
    pub obligation_id: Option<String>,
}

struct Valid {
    title: String,
    description: String,
    unit_id: Option<String>,
    responsible_name: String,
    responsible_user_id: Option<String>,
    rule: Rule,
    body_id: Option<String>,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    article_ids: Vec<String>,
}

fn validate_input(input: &ObligationInput) -> Result<Valid> {
    let title = validate::required_text("title", &input.title, 300)?;
    let description = validate::long_text("description", &input.description, 10_000)?;
    let unit_id = cooperation::opt_id("unit_id", input.unit_id.as_deref())?;
    let responsible_name =
        validate::optional_text("responsible_name", &input.responsible_name, 200)?;
    let responsible_user_id =
        cooperation::opt_id("responsible_user_id", input.responsible_user_id.as_deref())?;
    let (rule, body_id) = check_recurrence(&input.recurrence)?;
    let starts_on = match rule {
        Rule::Once(d) => d,
        _ => cooperation::optional_date("starts_on", input.starts_on.as_deref())?
            .unwrap_or_else(today),
    };
    let ends_on = match rule {
        Rule::Once(_) => None,
        _ => cooperation::optional_date("ends_on", input.ends_on.as_deref())?,
    };
    if ends_on.is_some_and(|e| e < starts_on) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "ends_on",
            "the obligation cannot end before it starts",
        ));
    }
    let mut article_ids: Vec<String> = Vec::new();
    for a in &input.article_ids {
        if let Some(a) = cooperation::opt_id("article_ids", Some(a))? {
            if !article_ids.contains(&a) {
                article_ids.push(a);
            }
        }
    }
    if article_ids.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "article_ids",
            "an obligation cites at least one article of an instrument",
        ));
    }
    Ok(Valid {
        title,
        description,
        unit_id,
        responsible_name,
        responsible_user_id,
        rule,
        body_id,
        starts_on,
        ends_on,
        article_ids,
    })
}

fn check_refs(conn: &Connection, v: &Valid) -> Result<()> {
    if let Some(u) = &v.unit_id {
        cooperation::require_row(conn, "units", u, "unit_id")?;
    }
    if let Some(u) = &v.responsible_user_id {
        let found = conn
            .query_row("SELECT 1 FROM users WHERE id = ?1", [u], |_| Ok(()))
            .optional()?
            .is_some();
        if !found {
            return Err(AppError::field(
                ErrorCode::NotFound,
                "responsible_user_id",
                format!("{u} does not exist"),
            ));
        }
    }
    if let Some(b) = &v.body_id {
        cooperation::require_row(conn, "bodies", b, "recurrence.body_id")?;
    }
    for a in &v.article_ids {
        instruments::get_article(conn, a).map_err(|_| {
            AppError::field(
                ErrorCode::NotFound,
                "article_ids",
                format!("article {a} does not exist"),
            )
        })?;
    }
    Ok(())
}

const COLUMNS: &str = "o.id, o.title, o.description, o.unit_id, u.code, u.name_es, o.responsible_name, o.responsible_user_id,
    o.recurrence, o.due_on, o.month, o.day, o.body_id, o.days_before, o.ordinary_only, b.code, o.starts_on, o.ends_on,
    o.deleted_at IS NOT NULL, o.updated_at";
const FROM: &str =
    "FROM obligations o LEFT JOIN units u ON u.id = o.unit_id LEFT JOIN bodies b ON b.id = o.body_id";

fn from_row(r: &Row) -> rusqlite::Result<Obligation> {
    let kind: String = r.get(8)?;
    let month: Option<u8> = r.get(10)?;
    let day: Option<u8> = r.get(11)?;
    let recurrence = match kind.as_str() {
        "once" => Recurrence::Once {
            date: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
        },
        "yearly" => Recurrence::Yearly {
            month: month.unwrap_or(1),
            day: day.unwrap_or(1),
        },
        "monthly" => Recurrence::Monthly {
            day: day.unwrap_or(1),
        },
        "quarterly" => Recurrence::Quarterly {
            day: day.unwrap_or(1),
            start_month: month.unwrap_or(3),
        },
        _ => Recurrence::BeforeSessions {
            body_id: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
            days_before: r.get::<_, Option<i16>>(13)?.unwrap_or(0),
            ordinary_only: r.get(14)?,
        },
    };
    Ok(Obligation {
        id: r.get(0)?,
        title: r.get(1)?,
        description: r.get(2)?,
        unit_id: r.get(3)?,
        unit_code: r.get(4)?,
        unit_name: r.get(5)?,
        responsible_name: r.get(6)?,
        responsible_user_id: r.get(7)?,
        recurrence,
        body_code: r.get(15)?,
        starts_on: r.get(16)?,
        ends_on: r.get(17)?,
        archived: r.get(18)?,
        updated_at: r.get(19)?,
        articles: Vec::new(),
    })
}

fn source_articles(conn: &Connection, obligation_id: &str) -> Result<Vec<SourceArticle>> {
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.number, i.id, i.kind, i.title FROM obligation_articles oa
         JOIN instrument_articles a ON a.id = oa.article_id JOIN instruments i ON i.id = a.instrument_id
         WHERE oa.obligation_id = ?1 AND oa.deleted_at IS NULL AND a.deleted_at IS NULL AND i.deleted_at IS NULL
         ORDER BY i.kind, i.title, a.position, a.id",
    )?;
    let rows = st.query_map([obligation_id], |r| {
        Ok(SourceArticle {
            article_id: r.get(0)?,
            number: r.get(1)?,
            instrument_id: r.get(2)?,
            instrument_kind: InstrumentKind::parse(&r.get::<_, String>(3)?)
                .unwrap_or(InstrumentKind::Other),
            instrument_title: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// One obligation (archived ones too) with its source articles.
pub fn get_obligation(conn: &Connection, id: &str) -> Result<Obligation> {
    let mut o = conn
        .query_row(
            &format!("SELECT {COLUMNS} {FROM} WHERE o.id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("obligation", id))?;
    o.articles = source_articles(conn, id)?;
    Ok(o)
}

fn load_live(conn: &Connection, id: &str) -> Result<Obligation> {
    let o = get_obligation(conn, id)?;
    if o.archived {
        return Err(AppError::not_found("obligation", id));
    }
    Ok(o)
}

/// The live obligations matching `filter`, by title.
pub fn list_obligations(conn: &Connection, filter: &ObligationFilter) -> Result<Vec<Obligation>> {
    list_obligations_with(conn, filter, true)
}

/// The obligations, with their source articles only if `articles` (reading them is a query
/// per obligation, which the lists of what is due do without).
fn list_obligations_with(
    conn: &Connection,
    filter: &ObligationFilter,
    articles: bool,
) -> Result<Vec<Obligation>> {
    let mut sql = format!("SELECT {COLUMNS} {FROM} WHERE o.deleted_at IS NULL");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let clean = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if let Some(u) = clean(&filter.unit_id) {
        args.push(u.into());
        sql.push_str(&format!(" AND o.unit_id = ?{}", args.len()));
    }
    if let Some(o) = clean(&filter.obligation_id) {
        args.push(o.into());
        sql.push_str(&format!(" AND o.id = ?{}", args.len()));
    }
    if let Some(i) = clean(&filter.instrument_id) {
        args.push(i.into());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM obligation_articles oa JOIN instrument_articles a ON a.id = oa.article_id
               WHERE oa.obligation_id = o.id AND oa.deleted_at IS NULL AND a.deleted_at IS NULL AND a.instrument_id = ?{})",
            args.len()
        ));
    }
    sql.push_str(" ORDER BY o.title COLLATE NOCASE, o.id");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(args), from_row)?;
    let mut out = rows.collect::<Result<Vec<_>, _>>()?;
    if articles {
        for o in &mut out {
            o.articles = source_articles(conn, &o.id)?;
        }
    }
    Ok(out)
}

fn summary(v: &Valid) -> serde_json::Value {
    json!({ "title": v.title, "unit_id": v.unit_id, "responsible_name": v.responsible_name,
            "recurrence": format!("{:?}", v.rule), "body_id": v.body_id, "articles": v.article_ids })
}

fn write_fields(tx: &Transaction, id: &str, v: &Valid, actor: &User) -> Result<()> {
    let (kind, due_on, month, day, days_before, ordinary_only) = match v.rule {
        Rule::Once(d) => ("once", Some(d.to_string()), None, None, None, false),
        Rule::Yearly { month, day } => ("yearly", None, Some(month), Some(day), None, false),
        Rule::Monthly { day } => ("monthly", None, None, Some(day), None, false),
        Rule::Quarterly { day, start_month } => {
            ("quarterly", None, Some(start_month), Some(day), None, false)
        }
        Rule::Sessions {
            days_before,
            ordinary_only,
        } => (
            "before_sessions",
            None,
            None,
            None,
            Some(days_before),
            ordinary_only,
        ),
    };
    tx.execute(
        "UPDATE obligations SET title = ?2, description = ?3, unit_id = ?4, responsible_name = ?5, responsible_user_id = ?6,
           recurrence = ?7, due_on = ?8, month = ?9, day = ?10, body_id = ?11, days_before = ?12, ordinary_only = ?13,
           starts_on = ?14, ends_on = ?15, updated_at = ?16, updated_by = ?17 WHERE id = ?1",
        params![id, v.title, v.description, v.unit_id, v.responsible_name, v.responsible_user_id, kind, due_on, month, day,
                v.body_id, days_before, ordinary_only, v.starts_on.to_string(), v.ends_on.map(|d| d.to_string()), now(), actor.id],
    )?;
    // The source articles: tombstone the ones dropped, add the new ones.
    let current: Vec<String> = {
        let mut st = tx.prepare_cached(
            "SELECT article_id FROM obligation_articles WHERE obligation_id = ?1 AND deleted_at IS NULL",
        )?;
        let rows = st.query_map([id], |r| r.get(0))?;
        rows.collect::<Result<Vec<_>, _>>()?
    };
    let at = now();
    for a in &current {
        if !v.article_ids.contains(a) {
            tx.execute(
                "UPDATE obligation_articles SET deleted_at = ?3, updated_at = ?3, updated_by = ?4
                 WHERE obligation_id = ?1 AND article_id = ?2 AND deleted_at IS NULL",
                params![id, a, at, actor.id],
            )?;
        }
    }
    for a in &v.article_ids {
        if !current.contains(a) {
            tx.execute(
                "INSERT INTO obligation_articles (id, obligation_id, article_id, created_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
                params![new_id(), id, a, at, actor.id],
            )?;
        }
    }
    Ok(())
}

/// Records a new obligation.
pub fn create_obligation(
    store: &mut impl Scope,
    actor: &User,
    input: &ObligationInput,
) -> Result<Obligation> {
    actor.require(Permission::EditCompliance)?;
    let v = validate_input(input)?;
    store.transaction(|tx| {
        check_refs(tx, &v)?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO obligations (id, title, recurrence, starts_on, created_at, updated_at, updated_by)
             VALUES (?1, ?2, 'once', ?3, ?4, ?4, ?5)",
            params![id, v.title, v.starts_on.to_string(), at, actor.id],
        )?;
        write_fields(tx, &id, &v, actor)?;
        audit::record(tx, Some(&actor.id), "obligations.create", "obligation", Some(&id), &summary(&v))?;
        get_obligation(tx, &id)
    })
}

/// Replaces an obligation's fields. Occurrences already acted on keep their status and
/// evidence; untouched ones follow the new recurrence.
pub fn update_obligation(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &ObligationInput,
) -> Result<Obligation> {
    actor.require(Permission::EditCompliance)?;
    let v = validate_input(input)?;
    store.transaction(|tx| {
        load_live(tx, id)?;
        check_refs(tx, &v)?;
        write_fields(tx, id, &v, actor)?;
        audit::record(
            tx,
            Some(&actor.id),
            "obligations.update",
            "obligation",
            Some(id),
            &summary(&v),
        )?;
        get_obligation(tx, id)
    })
}

/// Archives an obligation (a tombstone): its occurrences leave the views.
pub fn archive_obligation(store: &mut impl Scope, actor: &User, id: &str) -> Result<()> {
    actor.require(Permission::EditCompliance)?;
    store.transaction(|tx| {
        let o = load_live(tx, id)?;
        let at = now();
        tx.execute(
            "UPDATE obligations SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![id, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "obligations.archive",
            "obligation",
            Some(id),
            &json!({ "title": o.title }),
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Occurrences

/// Where an occurrence stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OccurrenceStatus {
    Pending,
    InProgress,
    Done,
    Waived,
}

impl OccurrenceStatus {
    pub const ALL: [OccurrenceStatus; 4] = [
        OccurrenceStatus::Pending,
        OccurrenceStatus::InProgress,
        OccurrenceStatus::Done,
        OccurrenceStatus::Waived,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OccurrenceStatus::Pending => "pending",
            OccurrenceStatus::InProgress => "in_progress",
            OccurrenceStatus::Done => "done",
            OccurrenceStatus::Waived => "waived",
        }
    }
    pub fn parse(s: &str) -> Option<OccurrenceStatus> {
        OccurrenceStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
    /// Still to be done (pending or in progress).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            OccurrenceStatus::Pending | OccurrenceStatus::InProgress
        )
    }
}

/// One due date of an obligation.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Occurrence {
    /// The row's id once written, else `v:<obligation id>:<key>`; either is accepted by the
    /// operations on occurrences.
    pub id: String,
    /// Whether the row exists (someone acted on it).
    pub stored: bool,
    pub obligation_id: String,
    pub obligation_title: String,
    pub unit_id: Option<String>,
    pub unit_code: Option<String>,
    pub responsible_name: String,
    /// The date (`YYYY-MM-DD`) or `s:<session id>`.
    pub key: String,
    /// `YYYY-MM-DD`; for a session occurrence it follows the session.
    pub due_on: String,
    /// Days from today to the due date (negative when passed).
    pub days_left: i32,
    pub session_id: Option<String>,
    pub session_name: Option<String>,
    /// The session was deleted after the occurrence was acted on.
    pub session_cancelled: bool,
    pub status: OccurrenceStatus,
    /// Open and past its due date.
    pub overdue: bool,
    /// The reason it was waived, or a note on what was done.
    pub note: String,
    pub completed_by: Option<String>,
    pub completed_by_name: Option<String>,
    pub completed_at: Option<String>,
    pub signed_off_by: Option<String>,
    pub signed_off_by_name: Option<String>,
    pub signed_off_at: Option<String>,
    pub sign_off_note: String,
    pub evidence_count: u32,
}

/// Evidence of an occurrence: a file, a note, or both.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Evidence {
    pub id: String,
    pub occurrence_id: String,
    pub title: String,
    pub file_name: Option<String>,
    /// The file is `<data dir>/attachments/<sha256>`.
    pub sha256: Option<String>,
    pub size_bytes: Option<u32>,
    pub note: String,
    /// `YYYY-MM-DD`.
    pub effective_on: String,
    pub created_at: String,
}

/// An occurrence with its evidence.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct OccurrenceDetail {
    pub occurrence: Occurrence,
    pub evidence: Vec<Evidence>,
}

/// What a user gives to add evidence: a file to copy, a note, or both.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct EvidenceInput {
    pub title: String,
    /// A file to copy into the data folder.
    pub path: Option<String>,
    pub note: String,
    /// The date the evidence takes effect; default today, never in the future.
    pub effective_on: Option<String>,
}

/// A status change: waiving needs a reason (`note`); done needs evidence or a note.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct OccurrenceStatusChange {
    pub status: OccurrenceStatus,
    pub note: String,
}

struct Stored {
    id: String,
    key: String,
    session_id: Option<String>,
    due_on: String,
    status: OccurrenceStatus,
    note: String,
    completed_by: Option<String>,
    completed_by_name: Option<String>,
    completed_at: Option<String>,
    signed_off_by: Option<String>,
    signed_off_by_name: Option<String>,
    signed_off_at: Option<String>,
    sign_off_note: String,
    evidence_count: u32,
}

const STORED_COLUMNS: &str = "c.id, c.key, c.session_id, c.due_on, c.status, c.note, c.completed_by, cu.full_name, c.completed_at,
    c.signed_off_by, su.full_name, c.signed_off_at, c.sign_off_note,
    (SELECT count(*) FROM obligation_evidence e WHERE e.occurrence_id = c.id AND e.deleted_at IS NULL), c.obligation_id";
const STORED_FROM: &str = "FROM obligation_occurrences c LEFT JOIN users cu ON cu.id = c.completed_by LEFT JOIN users su ON su.id = c.signed_off_by";

fn stored_from_row(r: &Row) -> rusqlite::Result<(String, Stored)> {
    Ok((
        r.get(14)?,
        Stored {
            id: r.get(0)?,
            key: r.get(1)?,
            session_id: r.get(2)?,
            due_on: r.get(3)?,
            status: OccurrenceStatus::parse(&r.get::<_, String>(4)?)
                .unwrap_or(OccurrenceStatus::Pending),
            note: r.get(5)?,
            completed_by: r.get(6)?,
            completed_by_name: r.get(7)?,
            completed_at: r.get(8)?,
            signed_off_by: r.get(9)?,
            signed_off_by_name: r.get(10)?,
            signed_off_at: r.get(11)?,
            sign_off_note: r.get(12)?,
            evidence_count: r.get(13)?,
        },
    ))
}

/// What is stored of the occurrences of one obligation in a period: the rows to build from,
/// and the keys of the done and waived ones to skip (only gathered apart with `open_only`),
/// sorted and joined with commas by SQLite — ten years of keys without a string or a hash
/// each.
#[derive(Default)]
struct StoredOf {
    rows: Vec<Stored>,
    closed: String,
}

/// The rows of occurrences that can fall in `from..=to`, per obligation — of `obligation`, or
/// of every obligation at once (one query instead of one per obligation): those of calendar
/// recurrences whose date is in it (a calendar occurrence's key is its date) and every session
/// occurrence (its date follows the session). With `open_only`, only the pending and
/// in-progress rows in full, and the keys of the done and waived ones apart, so that the
/// caller skips them before building anything.
fn stored_rows(
    conn: &Connection,
    obligation: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
    open_only: bool,
) -> Result<HashMap<String, StoredOf>> {
    let (from, to) = (from.to_string(), to.to_string());
    // Literal conditions rather than parameters, so that SQLite seeks by the indexes on
    // (obligation, key) and (obligation, status) instead of reading every row.
    let one = if obligation.is_some() {
        "c.obligation_id = ?3 AND"
    } else {
        ""
    };
    let which = if open_only {
        "AND c.status IN ('pending','in_progress')"
    } else {
        ""
    };
    let mut args = vec![from.as_str(), to.as_str()];
    args.extend(obligation);
    let args = params_from_iter(args);
    let mut out: HashMap<String, StoredOf> = HashMap::new();
    let mut st = conn.prepare_cached(&format!(
        "SELECT {STORED_COLUMNS} {STORED_FROM} WHERE {one} c.deleted_at IS NULL
           AND (c.session_id IS NOT NULL OR c.due_on BETWEEN ?1 AND ?2) {which}"
    ))?;
    for row in st.query_map(args.clone(), stored_from_row)? {
        let (obligation_id, stored) = row?;
        out.entry(obligation_id).or_default().rows.push(stored);
    }
    if open_only {
        let mut st = conn.prepare_cached(&format!(
            "SELECT obligation_id, group_concat(key, ',') FROM (
               SELECT c.obligation_id, c.key FROM obligation_occurrences c WHERE {one} c.deleted_at IS NULL
                 AND c.status IN ('done','waived') AND (c.session_id IS NOT NULL OR c.due_on BETWEEN ?1 AND ?2)
               ORDER BY c.obligation_id, c.key)
             GROUP BY obligation_id"
        ))?;
        for row in st.query_map(args, |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
            let (obligation_id, keys) = row?;
            out.entry(obligation_id).or_default().closed = keys;
        }
    }
    Ok(out)
}

/// The live sessions of a body, as the recurrence sees them.
pub(crate) struct BodySessions {
    pub days: Vec<SessionDay>,
    pub names: HashMap<String, String>,
}

pub(crate) fn body_sessions(conn: &Connection, body_id: &str) -> Result<BodySessions> {
    let list = sessions::list_sessions(
        conn,
        &SessionFilter {
            body: Some(body_id.to_string()),
            ..Default::default()
        },
    )?;
    let mut days = Vec::new();
    let mut names = HashMap::new();
    for s in list {
        // `starts_at` carries the session's own offset: its first ten characters are the
        // session's date where it is held.
        let Some(date) = s
            .starts_at
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        names.insert(s.id.clone(), s.name.clone());
        days.push(SessionDay {
            session_id: s.id,
            date,
            ordinary: s.kind == SessionKind::Ordinary,
        });
    }
    Ok(BodySessions { days, names })
}

/// The name of a session, live or deleted (for an occurrence whose session was cancelled).
fn session_name(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT name FROM sessions WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The date of a session, live or deleted: a cancelled session keeps the date it had.
fn session_date_any(conn: &Connection, id: &str) -> Result<Option<NaiveDate>> {
    let d: Option<String> = conn
        .query_row(
            "SELECT substr(starts_at, 1, 10) FROM sessions WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(d.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
}

pub(crate) fn rule_of(o: &Obligation) -> Result<(Rule, Option<String>)> {
    check_recurrence(&o.recurrence)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
}

fn virtual_id(obligation_id: &str, key: &str) -> String {
    format!("v:{obligation_id}:{key}")
}

fn build(
    o: &Obligation,
    key: &str,
    due_on: NaiveDate,
    session: Option<(&str, Option<String>, bool)>,
    stored: Option<&Stored>,
    today: NaiveDate,
) -> Occurrence {
    let status = stored.map_or(OccurrenceStatus::Pending, |s| s.status);
    let cancelled = session.as_ref().is_some_and(|s| s.2);
    Occurrence {
        id: stored.map_or_else(|| virtual_id(&o.id, key), |s| s.id.clone()),
        stored: stored.is_some(),
        obligation_id: o.id.clone(),
        obligation_title: o.title.clone(),
        unit_id: o.unit_id.clone(),
        unit_code: o.unit_code.clone(),
        responsible_name: o.responsible_name.clone(),
        key: key.to_string(),
        due_on: due_on.to_string(),
        days_left: (due_on - today).num_days() as i32,
        session_id: session.as_ref().map(|s| s.0.to_string()),
        session_name: session.and_then(|s| s.1),
        session_cancelled: cancelled,
        status,
        overdue: status.is_open() && due_on < today && !cancelled,
        note: stored.map(|s| s.note.clone()).unwrap_or_default(),
        completed_by: stored.and_then(|s| s.completed_by.clone()),
        completed_by_name: stored.and_then(|s| s.completed_by_name.clone()),
        completed_at: stored.and_then(|s| s.completed_at.clone()),
        signed_off_by: stored.and_then(|s| s.signed_off_by.clone()),
        signed_off_by_name: stored.and_then(|s| s.signed_off_by_name.clone()),
        signed_off_at: stored.and_then(|s| s.signed_off_at.clone()),
        sign_off_note: stored.map(|s| s.sign_off_note.clone()).unwrap_or_default(),
        evidence_count: stored.map_or(0, |s| s.evidence_count),
    }
}

/// The occurrences of the live obligations matching `filter` due from `from` to `to`, in due
/// order: the ones the recurrence gives, plus the ones acted on whose date the recurrence no
/// longer gives (a changed recurrence, a cancelled session) when they are no longer merely
/// pending.
pub fn occurrences_between(
    conn: &Connection,
    filter: &ObligationFilter,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<Occurrence>> {
    occurrences_in(conn, filter, from, to, today, false)
}

/// [`occurrences_between`] keeping only the open occurrences (pending or in progress): what is
/// due and what is overdue. The done and waived ones are skipped before they are built, which
/// is what keeps ten years of a register cheap to look through.
pub fn open_occurrences_between(
    conn: &Connection,
    filter: &ObligationFilter,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<Occurrence>> {
    occurrences_in(conn, filter, from, to, today, true)
}

fn occurrences_in(
    conn: &Connection,
    filter: &ObligationFilter,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    open_only: bool,
) -> Result<Vec<Occurrence>> {
    let mut out = Vec::new();
    let mut cache: HashMap<String, BodySessions> = HashMap::new();
    // What is open is read for all the obligations at once; a period's full list, obligation
    // by obligation (it may be one obligation's page).
    let mut batch = if open_only {
        Some(stored_rows(conn, None, from, to, true)?)
    } else {
        None
    };
    for o in list_obligations_with(conn, filter, !open_only)? {
        let (rule, body) = rule_of(&o)?;
        let lo = from.max(day(&o.starts_on));
        let hi = o.ends_on.as_deref().map_or(to, |e| to.min(day(e)));
        let sessions = match &body {
            Some(b) => {
                if !cache.contains_key(b) {
                    cache.insert(b.clone(), body_sessions(conn, b)?);
                }
                cache.get(b)
            }
            None => None,
        };
        let empty = Vec::new();
        let days = sessions.map_or(&empty, |s| &s.days);
        let generated = due_dates(&rule, lo, hi, days);
        let StoredOf { rows, closed } = match &mut batch {
            Some(all) => all.remove(&o.id).unwrap_or_default(),
            None => stored_rows(conn, Some(&o.id), from, to, false)?
                .remove(&o.id)
                .unwrap_or_default(),
        };
        let mut stored: HashMap<String, Stored> =
            rows.into_iter().map(|s| (s.key.clone(), s)).collect();
        let session_info = |id: &str| -> Result<(Option<String>, bool)> {
            match sessions.and_then(|s| s.names.get(id)) {
                Some(n) => Ok((Some(n.clone()), false)),
                None => Ok((session_name(conn, id)?, true)),
            }
        };
        // Keys are dates or `s:<session id>`: no commas; SQLite sorted them bytewise, as
        // `str` compares.
        let closed: Vec<&str> = closed.split(',').filter(|k| !k.is_empty()).collect();
        for g in &generated {
            if closed.binary_search(&g.key.as_str()).is_ok() {
                continue;
            }
            let s = stored.remove(&g.key);
            let info = match &g.session_id {
                Some(id) => Some((id.as_str(), session_info(id)?)),
                None => None,
            };
            out.push(build(
                &o,
                &g.key,
                g.due_on,
                info.as_ref().map(|(id, (n, c))| (*id, n.clone(), *c)),
                s.as_ref(),
                today,
            ));
        }
        // Acted on, but no longer given by the recurrence in this period.
        for s in stored.values() {
            if s.status == OccurrenceStatus::Pending && s.evidence_count == 0 {
                continue;
            }
            let (due, info) = match &s.session_id {
                Some(id) => {
                    let date = match days.iter().find(|d| &d.session_id == id) {
                        Some(d) => Some(d.date),
                        None => session_date_any(conn, id)?,
                    };
                    let due = match (date, rule) {
                        (Some(d), Rule::Sessions { days_before, .. }) => {
                            session_due(d, days_before)
                        }
                        _ => day(&s.due_on),
                    };
                    (due, Some((id.as_str(), session_info(id)?)))
                }
                None => (day(&s.due_on), None),
            };
            if due < from || due > to {
                continue;
            }
            out.push(build(
                &o,
                &s.key,
                due,
                info.as_ref().map(|(id, (n, c))| (*id, n.clone(), *c)),
                Some(s),
                today,
            ));
        }
    }
    out.sort_by(|a, b| {
        (&a.due_on, &a.obligation_title, &a.id).cmp(&(&b.due_on, &b.obligation_title, &b.id))
    });
    Ok(out)
}

fn evidence_from_row(r: &Row) -> rusqlite::Result<Evidence> {
    Ok(Evidence {
        id: r.get(0)?,
        occurrence_id: r.get(1)?,
        title: r.get(2)?,
        file_name: r.get(3)?,
        sha256: r.get(4)?,
        size_bytes: r.get(5)?,
        note: r.get(6)?,
        effective_on: r.get(7)?,
        created_at: r.get(8)?,
    })
}

const EVIDENCE_COLUMNS: &str =
    "id, occurrence_id, title, file_name, sha256, size_bytes, note, effective_on, created_at";

/// The live evidence of a written occurrence, by effective date.
pub fn evidence(conn: &Connection, occurrence_id: &str) -> Result<Vec<Evidence>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {EVIDENCE_COLUMNS} FROM obligation_evidence WHERE occurrence_id = ?1 AND deleted_at IS NULL ORDER BY effective_on, created_at, id"
    ))?;
    let rows = st.query_map([occurrence_id], evidence_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Resolves an occurrence id (a row's id or `v:<obligation>:<key>`) to its obligation, key
/// and due date, checking that the recurrence gives it. `None` for the row when not written.
struct Resolved {
    obligation: Obligation,
    key: String,
    due_on: NaiveDate,
    session_id: Option<String>,
    row_id: Option<String>,
}

fn unknown_occurrence(id: &str) -> AppError {
    AppError::not_found("occurrence", id)
}

fn resolve(conn: &Connection, id: &str) -> Result<Resolved> {
    let id = id.trim();
    if let Some(rest) = id.strip_prefix("v:") {
        let (ob, key) = rest.split_once(':').ok_or_else(|| unknown_occurrence(id))?;
        let o = load_live(conn, ob).map_err(|_| unknown_occurrence(id))?;
        let (rule, body) = rule_of(&o)?;
        let lo = day(&o.starts_on);
        let hi = o.ends_on.as_deref().map_or(NaiveDate::MAX, day);
        let due = if let Some(sid) = key.strip_prefix("s:") {
            let b = body.ok_or_else(|| unknown_occurrence(id))?;
            let days = body_sessions(conn, &b)?.days;
            let Some(s) = days.iter().find(|d| d.session_id == sid) else {
                return Err(unknown_occurrence(id));
            };
            due_dates(&rule, lo, hi, std::slice::from_ref(s))
        } else {
            let d =
                NaiveDate::parse_from_str(key, "%Y-%m-%d").map_err(|_| unknown_occurrence(id))?;
            due_dates(&rule, d.max(lo), d.min(hi), &[])
        };
        let g = due
            .into_iter()
            .find(|g| g.key == key)
            .ok_or_else(|| unknown_occurrence(id))?;
        let row_id = conn
            .query_row(
                "SELECT id FROM obligation_occurrences WHERE obligation_id = ?1 AND key = ?2 AND deleted_at IS NULL",
                params![o.id, key],
                |r| r.get(0),
            )
            .optional()?;
        return Ok(Resolved {
            obligation: o,
            key: g.key,
            due_on: g.due_on,
            session_id: g.session_id,
            row_id,
        });
    }
    let (ob, s) = conn
        .query_row(
            &format!(
                "SELECT {STORED_COLUMNS} {STORED_FROM} WHERE c.id = ?1 AND c.deleted_at IS NULL"
            ),
            [id],
            stored_from_row,
        )
        .optional()?
        .ok_or_else(|| unknown_occurrence(id))?;
    let o = load_live(conn, &ob).map_err(|_| unknown_occurrence(id))?;
    let mut due_on = day(&s.due_on);
    if let (Some(sid), (Rule::Sessions { days_before, .. }, Some(b))) =
        (&s.session_id, rule_of(&o)?)
    {
        let date = match body_sessions(conn, &b)?
            .days
            .iter()
            .find(|d| &d.session_id == sid)
        {
            Some(d) => Some(d.date),
            None => session_date_any(conn, sid)?,
        };
        if let Some(d) = date {
            due_on = session_due(d, days_before);
        }
    }
    Ok(Resolved {
        obligation: o,
        key: s.key,
        due_on,
        session_id: s.session_id,
        row_id: Some(s.id),
    })
}

/// One occurrence with its evidence.
pub fn get_occurrence(conn: &Connection, id: &str, today: NaiveDate) -> Result<OccurrenceDetail> {
    let r = resolve(conn, id)?;
    let stored = match &r.row_id {
        Some(row) => Some(
            conn.query_row(
                &format!("SELECT {STORED_COLUMNS} {STORED_FROM} WHERE c.id = ?1"),
                [row],
                stored_from_row,
            )?
            .1,
        ),
        None => None,
    };
    let session = match &r.session_id {
        Some(sid) => {
            let live = r.obligation.recurrence.clone();
            let body = match live {
                Recurrence::BeforeSessions { body_id, .. } => Some(body_id),
                _ => None,
            };
            let names = match body {
                Some(b) => body_sessions(conn, &b)?.names,
                None => HashMap::new(),
            };
            Some(match names.get(sid) {
                Some(n) => (sid.as_str(), Some(n.clone()), false),
                None => (sid.as_str(), session_name(conn, sid)?, true),
            })
        }
        None => None,
    };
    let occurrence = build(
        &r.obligation,
        &r.key,
        r.due_on,
        session,
        stored.as_ref(),
        today,
    );
    let evidence = match &r.row_id {
        Some(row) => evidence(conn, row)?,
        None => Vec::new(),
    };
    Ok(OccurrenceDetail {
        occurrence,
        evidence,
    })
}

/// The occurrence's row, written now if nobody acted on it yet.
fn materialize(tx: &Transaction, actor: &User, r: &Resolved) -> Result<String> {
    if let Some(id) = &r.row_id {
        return Ok(id.clone());
    }
    let id = new_id();
    let at = now();
    tx.execute(
        "INSERT INTO obligation_occurrences (id, obligation_id, key, session_id, due_on, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
        params![id, r.obligation.id, r.key, r.session_id, r.due_on.to_string(), at, actor.id],
    )?;
    Ok(id)
}

fn row_state(
    tx: &Transaction,
    row: &str,
) -> Result<(OccurrenceStatus, Option<String>, Option<String>, u32)> {
    Ok(tx.query_row(
        "SELECT status, completed_by, signed_off_by,
                (SELECT count(*) FROM obligation_evidence e WHERE e.occurrence_id = c.id AND e.deleted_at IS NULL)
         FROM obligation_occurrences c WHERE id = ?1",
        [row],
        |r| {
            Ok((
                OccurrenceStatus::parse(&r.get::<_, String>(0)?).unwrap_or(OccurrenceStatus::Pending),
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
            ))
        },
    )?)
}

fn signed_off() -> AppError {
    AppError::field(
        ErrorCode::InvalidValue,
        "status",
        "the occurrence was signed off: it can no longer change",
    )
}

type State = (OccurrenceStatus, Option<String>, Option<String>, u32);

/// Status, completed by, signed off by and evidence count; an occurrence not written yet is
/// pending, with nothing.
fn state(tx: &Transaction, r: &Resolved) -> Result<State> {
    match &r.row_id {
        Some(row) => row_state(tx, row),
        None => Ok((OccurrenceStatus::Pending, None, None, 0)),
    }
}

/// Checks a status change before anything is written; `adding` is evidence given with it.
fn check_status(
    st: &State,
    change: &OccurrenceStatusChange,
    note: &str,
    adding: u32,
) -> Result<()> {
    let (from, _, signed, evidence_count) = st;
    if signed.is_some() {
        return Err(signed_off());
    }
    if *from == change.status {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "status",
            format!("the occurrence is already {}", from.as_str()),
        ));
    }
    match change.status {
        OccurrenceStatus::Waived if note.is_empty() => Err(AppError::field(
            ErrorCode::Required,
            "note",
            "waiving an occurrence needs the reason",
        )),
        OccurrenceStatus::Done if note.is_empty() && evidence_count + adding == 0 => {
            Err(AppError::field(
                ErrorCode::Required,
                "evidence",
                "an occurrence is done with evidence or a note on what was done",
            ))
        }
        _ => Ok(()),
    }
}

fn set_status_tx(
    tx: &Transaction,
    actor: &User,
    row: &str,
    from: OccurrenceStatus,
    change: &OccurrenceStatusChange,
    note: &str,
) -> Result<()> {
    let at = now();
    let closing = matches!(
        change.status,
        OccurrenceStatus::Done | OccurrenceStatus::Waived
    );
    tx.execute(
        "UPDATE obligation_occurrences SET status = ?2, note = CASE WHEN ?3 = '' THEN note ELSE ?3 END,
           completed_by = ?4, completed_at = ?5, updated_at = ?6, updated_by = ?7 WHERE id = ?1",
        params![
            row,
            change.status.as_str(),
            note,
            closing.then_some(actor.id.as_str()),
            closing.then_some(at.as_str()),
            at,
            actor.id
        ],
    )?;
    audit::record(
        tx,
        Some(&actor.id),
        "obligations.set_status",
        "occurrence",
        Some(row),
        &json!({ "from": from.as_str(), "to": change.status.as_str(), "note": note }),
    )?;
    Ok(())
}

/// Moves an occurrence to another status. Waiving needs the reason; done needs evidence or
/// a note; a signed-off occurrence no longer changes. Going back to pending or in progress
/// clears who completed it.
pub fn set_occurrence_status(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    change: &OccurrenceStatusChange,
) -> Result<OccurrenceDetail> {
    actor.require(Permission::EditCompliance)?;
    let note = validate::long_text("note", &change.note, 5_000)?;
    store.transaction(|tx| {
        let r = resolve(tx, id)?;
        let st = state(tx, &r)?;
        check_status(&st, change, &note, 0)?;
        let row = materialize(tx, actor, &r)?;
        set_status_tx(tx, actor, &row, st.0, change, &note)?;
        get_occurrence(tx, &row, today())
    })
}

struct ValidEvidence {
    title: String,
    source: Option<PathBuf>,
    note: String,
    effective_on: NaiveDate,
}

fn validate_evidence(input: &EvidenceInput) -> Result<ValidEvidence> {
    let title = validate::optional_text("title", &input.title, 300)?;
    let note = validate::long_text("note", &input.note, 5_000)?;
    let source = input
        .path
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    if source.is_none() && note.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "path",
            "evidence is a file, a note, or both",
        ));
    }
    let effective_on =
        cooperation::event_date("effective_on", input.effective_on.as_deref(), today())?;
    Ok(ValidEvidence {
        title,
        source,
        note,
        effective_on,
    })
}

/// Copies the file (before the transaction: an orphan copy is harmless).
fn keep(store: &impl Scope, v: &ValidEvidence) -> Result<Option<(String, String, u64)>> {
    let Some(src) = &v.source else {
        return Ok(None);
    };
    let file_name = src
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let dir = attachments::data_dir(store.conn())?;
    let (sha, size) = attachments::keep_file(&dir, src)?;
    Ok(Some((file_name, sha, size)))
}

fn add_evidence_tx(
    tx: &Transaction,
    actor: &User,
    row: &str,
    v: &ValidEvidence,
    file: &Option<(String, String, u64)>,
) -> Result<String> {
    let id = new_id();
    let at = now();
    let title = if v.title.is_empty() {
        file.as_ref().map(|f| f.0.clone()).unwrap_or_default()
    } else {
        v.title.clone()
    };
    tx.execute(
        "INSERT INTO obligation_evidence (id, occurrence_id, title, file_name, sha256, size_bytes, note, effective_on, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
        params![id, row, title, file.as_ref().map(|f| &f.0), file.as_ref().map(|f| &f.1), file.as_ref().map(|f| f.2 as i64),
                v.note, v.effective_on.to_string(), at, actor.id],
    )?;
    audit::record(
        tx,
        Some(&actor.id),
        "obligations.add_evidence",
        "occurrence",
        Some(row),
        &json!({ "evidence_id": id, "title": title, "sha256": file.as_ref().map(|f| &f.1), "effective_on": v.effective_on.to_string() }),
    )?;
    Ok(id)
}

/// Adds evidence (a file copied into the data folder, a note, or both) to an occurrence.
pub fn add_evidence(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &EvidenceInput,
) -> Result<OccurrenceDetail> {
    actor.require(Permission::EditCompliance)?;
    let v = validate_evidence(input)?;
    resolve(store.conn(), id)?;
    let file = keep(store, &v)?;
    store.transaction(|tx| {
        let r = resolve(tx, id)?;
        if state(tx, &r)?.2.is_some() {
            return Err(signed_off());
        }
        let row = materialize(tx, actor, &r)?;
        add_evidence_tx(tx, actor, &row, &v, &file)?;
        get_occurrence(tx, &row, today())
    })
}

/// Records an occurrence as done with a piece of evidence (and an optional note), in one
/// transaction.
pub fn complete_occurrence(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    evidence: &EvidenceInput,
) -> Result<OccurrenceDetail> {
    actor.require(Permission::EditCompliance)?;
    let v = validate_evidence(evidence)?;
    resolve(store.conn(), id)?;
    let file = keep(store, &v)?;
    store.transaction(|tx| {
        let r = resolve(tx, id)?;
        let st = state(tx, &r)?;
        let change = OccurrenceStatusChange {
            status: OccurrenceStatus::Done,
            note: v.note.clone(),
        };
        check_status(&st, &change, &v.note, 1)?;
        let row = materialize(tx, actor, &r)?;
        add_evidence_tx(tx, actor, &row, &v, &file)?;
        set_status_tx(tx, actor, &row, st.0, &change, &v.note)?;
        get_occurrence(tx, &row, today())
    })
}

/// Removes a piece of evidence (a tombstone; the file stays: others may share it). Refused
/// once the occurrence is signed off, or when it is done and this is all that shows it.
pub fn remove_evidence(store: &mut impl Scope, actor: &User, evidence_id: &str) -> Result<()> {
    actor.require(Permission::EditCompliance)?;
    store.transaction(|tx| {
        let e = tx
            .query_row(
                &format!("SELECT {EVIDENCE_COLUMNS} FROM obligation_evidence WHERE id = ?1 AND deleted_at IS NULL"),
                [evidence_id],
                evidence_from_row,
            )
            .optional()?
            .ok_or_else(|| AppError::not_found("evidence", evidence_id))?;
        let (status, _, signed, count) = row_state(tx, &e.occurrence_id)?;
        if signed.is_some() {
            return Err(signed_off());
        }
        let note: String = tx.query_row(
            "SELECT note FROM obligation_occurrences WHERE id = ?1",
            [&e.occurrence_id],
            |r| r.get(0),
        )?;
        if status == OccurrenceStatus::Done && count <= 1 && note.is_empty() {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "evidence_id",
                "this is the only evidence of an occurrence that is done",
            ));
        }
        let at = now();
        tx.execute(
            "UPDATE obligation_evidence SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![evidence_id, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "obligations.remove_evidence",
            "occurrence",
            Some(&e.occurrence_id),
            &json!({ "evidence_id": evidence_id, "title": e.title }),
        )
    })
}

/// A reviewer signs off a done or waived occurrence — not one they completed themselves.
/// After sign-off the occurrence no longer changes.
pub fn sign_off_occurrence(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    note: &str,
) -> Result<OccurrenceDetail> {
    actor.require(Permission::ReviewCompliance)?;
    let note = validate::long_text("note", note, 5_000)?;
    store.transaction(|tx| {
        let r = resolve(tx, id)?;
        let Some(row) = r.row_id.clone() else {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                "only a done or waived occurrence can be signed off",
            ));
        };
        let (status, completed_by, signed, _) = row_state(tx, &row)?;
        if signed.is_some() {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                "the occurrence is already signed off",
            ));
        }
        if !matches!(status, OccurrenceStatus::Done | OccurrenceStatus::Waived) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                "only a done or waived occurrence can be signed off",
            ));
        }
        if completed_by.as_deref() == Some(actor.id.as_str()) {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                "a reviewer does not sign off an occurrence they completed themselves",
            ));
        }
        let at = now();
        tx.execute(
            "UPDATE obligation_occurrences SET signed_off_by = ?2, signed_off_at = ?3, sign_off_note = ?4, updated_at = ?3, updated_by = ?2 WHERE id = ?1",
            params![row, actor.id, at, note],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "obligations.sign_off",
            "occurrence",
            Some(&row),
            &json!({ "status": status.as_str(), "note": note }),
        )?;
        get_occurrence(tx, &row, today())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn dates(v: Vec<Due>) -> Vec<String> {
        v.into_iter().map(|d| d.due_on.to_string()).collect()
    }

    #[test]
    fn monthly_on_the_31st_falls_on_the_last_day_of_short_months() {
        let got = dates(due_dates(
            &Rule::Monthly { day: 31 },
            d("2027-01-01"),
            d("2027-04-30"),
            &[],
        ));
        assert_eq!(
            got,
            ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]
        );
        let leap = dates(due_dates(
            &Rule::Monthly { day: 30 },
            d("2028-02-01"),
            d("2028-02-29"),
            &[],
        ));
        assert_eq!(leap, ["2028-02-29"]);
    }

    #[test]
    fn yearly_on_29_february_is_the_28th_in_other_years() {
        let got = dates(due_dates(
            &Rule::Yearly { month: 2, day: 29 },
            d("2027-01-01"),
            d("2029-12-31"),
            &[],
        ));
        assert_eq!(got, ["2027-02-28", "2028-02-29", "2029-02-28"]);
    }

    #[test]
    fn the_range_bounds_are_included() {
        let got = dates(due_dates(
            &Rule::Monthly { day: 15 },
            d("2027-03-15"),
            d("2027-05-15"),
            &[],
        ));
        assert_eq!(got, ["2027-03-15", "2027-04-15", "2027-05-15"]);
        assert!(due_dates(
            &Rule::Monthly { day: 15 },
            d("2027-03-16"),
            d("2027-03-20"),
            &[]
        )
        .is_empty());
        assert!(due_dates(
            &Rule::Monthly { day: 15 },
            d("2027-03-20"),
            d("2027-03-16"),
            &[]
        )
        .is_empty());
    }

    #[test]
    fn quarterly_in_the_months_of_the_cycle() {
        let got = dates(due_dates(
            &Rule::Quarterly {
                day: 31,
                start_month: 3,
            },
            d("2027-01-01"),
            d("2027-12-31"),
            &[],
        ));
        assert_eq!(
            got,
            ["2027-03-31", "2027-06-30", "2027-09-30", "2027-12-31"]
        );
        let feb = dates(due_dates(
            &Rule::Quarterly {
                day: 30,
                start_month: 2,
            },
            d("2027-01-01"),
            d("2028-03-01"),
            &[],
        ));
        assert_eq!(
            feb,
            [
                "2027-02-28",
                "2027-05-30",
                "2027-08-30",
                "2027-11-30",
                "2028-02-29"
            ]
        );
    }

    #[test]
    fn session_rules_follow_the_sessions_given() {
        let s = |id: &str, date: &str, ordinary: bool| SessionDay {
            session_id: id.into(),
            date: d(date),
            ordinary,
        };
        let sessions = [
            s("a", "2027-03-10", true),
            s("b", "2027-05-02", false),
            s("c", "2027-09-30", true),
        ];
        let rule = Rule::Sessions {
            days_before: 30,
            ordinary_only: true,
        };
        let got = due_dates(&rule, d("2027-01-01"), d("2027-12-31"), &sessions);
        assert_eq!(dates(got.clone()), ["2027-02-08", "2027-08-31"]);
        assert_eq!(got[0].key, "s:a");
        assert_eq!(got[0].session_id.as_deref(), Some("a"));
        let all = Rule::Sessions {
            days_before: -5,
            ordinary_only: false,
        };
        assert_eq!(
            dates(due_dates(&all, d("2027-01-01"), d("2027-12-31"), &sessions)),
            ["2027-03-15", "2027-05-07", "2027-10-05"]
        );
        // The session moved: same key, new date.
        let moved = [s("a", "2027-04-20", true)];
        let got = due_dates(&rule, d("2027-01-01"), d("2027-12-31"), &moved);
        assert_eq!(
            (got[0].key.as_str(), got[0].due_on),
            ("s:a", d("2027-03-21"))
        );
        // Cancelled: not among the sessions, no due date.
        assert!(due_dates(&rule, d("2027-01-01"), d("2027-12-31"), &[]).is_empty());
    }

    #[test]
    fn recurrences_are_checked() {
        assert!(check_recurrence(&Recurrence::Yearly { month: 2, day: 29 }).is_ok());
        assert!(check_recurrence(&Recurrence::Yearly { month: 2, day: 30 }).is_err());
        assert!(check_recurrence(&Recurrence::Yearly { month: 4, day: 31 }).is_err());
        assert!(check_recurrence(&Recurrence::Yearly { month: 13, day: 1 }).is_err());
        assert!(check_recurrence(&Recurrence::Monthly { day: 0 }).is_err());
        assert!(check_recurrence(&Recurrence::Monthly { day: 32 }).is_err());
        assert!(check_recurrence(&Recurrence::Quarterly {
            day: 1,
            start_month: 0
        })
        .is_err());
        assert!(check_recurrence(&Recurrence::Once {
            date: "2027-02-30".into()
        })
        .is_err());
        let e = check_recurrence(&Recurrence::BeforeSessions {
            body_id: "x".into(),
            days_before: 400,
            ordinary_only: false,
        })
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("recurrence.days_before"));
    }
}
