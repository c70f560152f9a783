//! What compliance shows: occurrences due soon and overdue, grouped by unit or by
//! instrument, what needs attention when the app starts, and the data of the compliance
//! report for a period (instrument → obligation → occurrences with evidence and sign-off).
//! Everything here reads; the instruments are in `instruments`, the obligations, their
//! recurrence and the changes of occurrences in `obligations`.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::cooperation;
use crate::error::{AppError, ErrorCode, Result};
use crate::instruments::{self, Instrument, InstrumentKind};
use crate::ledger;
use crate::obligations::{
    self, Evidence, Obligation, ObligationFilter, Occurrence, OccurrenceStatus,
};
use crate::users::Language;

/// How far back the overdue view looks at most (ten years).
const OVERDUE_HORIZON_DAYS: i64 = 3653;

/// The longest period a view or report covers (eleven years).
const MAX_PERIOD_DAYS: i64 = 4018;

/// What a view of occurrences is asked for.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct OccurrenceQuery {
    /// `YYYY-MM-DD`; both included.
    pub from: String,
    pub to: String,
    pub unit_id: Option<String>,
    pub instrument_id: Option<String>,
    pub obligation_id: Option<String>,
    /// Only occurrences with this status.
    pub status: Option<OccurrenceStatus>,
}

/// A period `[from, to]` checked.
pub fn period(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate)> {
    let f = cooperation::required_date("from", from)?;
    let t = cooperation::required_date("to", to)?;
    if t < f {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "to",
            "the period ends before it starts",
        ));
    }
    if (t - f).num_days() > MAX_PERIOD_DAYS {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "to",
            "a period covers at most eleven years",
        ));
    }
    Ok((f, t))
}

fn filter_of(q: &OccurrenceQuery) -> ObligationFilter {
    ObligationFilter {
        unit_id: q.unit_id.clone(),
        instrument_id: q.instrument_id.clone(),
        obligation_id: q.obligation_id.clone(),
    }
}

/// The occurrences due in a period, in due order.
pub fn list_occurrences(
    conn: &Connection,
    query: &OccurrenceQuery,
    today: NaiveDate,
) -> Result<Vec<Occurrence>> {
    let (from, to) = period(&query.from, &query.to)?;
    let mut out = obligations::occurrences_between(conn, &filter_of(query), from, to, today)?;
    if let Some(s) = query.status {
        out.retain(|o| o.status == s);
    }
    Ok(out)
}

/// An occurrence still to be done whose session (if any) still stands: what "due" lists.
fn still_due(o: &Occurrence) -> bool {
    o.status.is_open() && !o.session_cancelled
}

/// Open occurrences due from `today` to `today + within_days`, soonest first.
pub fn due_soon(conn: &Connection, today: NaiveDate, within_days: u16) -> Result<Vec<Occurrence>> {
    let to = today + Duration::days(i64::from(within_days));
    let mut out = obligations::open_occurrences_between(
        conn,
        &ObligationFilter::default(),
        today,
        to,
        today,
    )?;
    out.retain(still_due);
    Ok(out)
}

/// Open occurrences whose due date has passed, the oldest first.
pub fn overdue(conn: &Connection, today: NaiveDate) -> Result<Vec<Occurrence>> {
    let Some(yesterday) = today.pred_opt() else {
        return Ok(Vec::new());
    };
    let from = today - Duration::days(OVERDUE_HORIZON_DAYS);
    let mut out = obligations::open_occurrences_between(
        conn,
        &ObligationFilter::default(),
        from,
        yesterday,
        today,
    )?;
    out.retain(|o| o.overdue);
    Ok(out)
}

/// The counts of a group of occurrences.
#[derive(Debug, Clone, Default, Serialize, Type, PartialEq)]
pub struct ComplianceCounts {
    pub total: u32,
    pub pending: u32,
    pub in_progress: u32,
    pub done: u32,
    pub waived: u32,
    /// Open and past due (also counted as pending or in progress).
    pub overdue: u32,
    /// Done or waived and signed off.
    pub signed_off: u32,
}

impl ComplianceCounts {
    fn add(&mut self, o: &Occurrence) {
        self.total += 1;
        match o.status {
            OccurrenceStatus::Pending => self.pending += 1,
            OccurrenceStatus::InProgress => self.in_progress += 1,
            OccurrenceStatus::Done => self.done += 1,
            OccurrenceStatus::Waived => self.waived += 1,
        }
        if o.overdue {
            self.overdue += 1;
        }
        if o.signed_off_by.is_some() {
            self.signed_off += 1;
        }
    }
    fn of(list: &[Occurrence]) -> ComplianceCounts {
        let mut c = ComplianceCounts::default();
        for o in list {
            c.add(o);
        }
        c
    }
}

/// The occurrences of a period for one unit.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct UnitOccurrences {
    /// `None`: obligations without a responsible unit.
    pub unit: Option<ledger::Unit>,
    pub counts: ComplianceCounts,
    pub occurrences: Vec<Occurrence>,
}

/// The occurrences of a period grouped by responsible unit (in the units' order; the ones
/// without a unit last), units named in `lang`.
pub fn by_unit(
    conn: &Connection,
    from: &str,
    to: &str,
    today: NaiveDate,
    lang: Language,
) -> Result<Vec<UnitOccurrences>> {
    let all = list_occurrences(
        conn,
        &OccurrenceQuery {
            from: from.into(),
            to: to.into(),
            ..Default::default()
        },
        today,
    )?;
    let mut out = Vec::new();
    for u in ledger::list_units(conn, lang)? {
        let occ: Vec<Occurrence> = all
            .iter()
            .filter(|o| o.unit_id.as_deref() == Some(u.id.as_str()))
            .cloned()
            .collect();
        if !occ.is_empty() {
            out.push(UnitOccurrences {
                unit: Some(u),
                counts: ComplianceCounts::of(&occ),
                occurrences: occ,
            });
        }
    }
    let none: Vec<Occurrence> = all.into_iter().filter(|o| o.unit_id.is_none()).collect();
    if !none.is_empty() {
        out.push(UnitOccurrences {
            unit: None,
            counts: ComplianceCounts::of(&none),
            occurrences: none,
        });
    }
    Ok(out)
}

/// The occurrences of a period for one instrument.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct InstrumentOccurrences {
    pub instrument_id: String,
    pub kind: InstrumentKind,
    pub title: String,
    pub counts: ComplianceCounts,
    pub occurrences: Vec<Occurrence>,
}

/// The occurrences of a period grouped by the instrument their obligation cites (an
/// obligation citing two instruments appears under both), the Statute first.
pub fn by_instrument(
    conn: &Connection,
    from: &str,
    to: &str,
    today: NaiveDate,
) -> Result<Vec<InstrumentOccurrences>> {
    let (f, t) = period(from, to)?;
    let mut out = Vec::new();
    for i in instruments::list_instruments(conn, false)? {
        let occ = obligations::occurrences_between(
            conn,
            &ObligationFilter {
                instrument_id: Some(i.id.clone()),
                ..Default::default()
            },
            f,
            t,
            today,
        )?;
        if !occ.is_empty() {
            out.push(InstrumentOccurrences {
                instrument_id: i.id,
                kind: i.kind,
                title: i.title,
                counts: ComplianceCounts::of(&occ),
                occurrences: occ,
            });
        }
    }
    Ok(out)
}

/// What the app tells the user when it starts.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ComplianceAttention {
    pub today: String,
    pub within_days: u16,
    pub overdue_count: u32,
    pub due_soon_count: u32,
    /// The oldest overdue occurrences (at most five).
    pub overdue: Vec<Occurrence>,
    /// The soonest occurrences due (at most five).
    pub due_soon: Vec<Occurrence>,
}

/// Counts and the first few occurrences overdue and due within `within_days` of `today`.
pub fn attention(
    conn: &Connection,
    today: NaiveDate,
    within_days: u16,
) -> Result<ComplianceAttention> {
    // One pass over the register for both (the same as `overdue` and `due_soon`).
    let horizon = today - Duration::days(OVERDUE_HORIZON_DAYS);
    let to = today + Duration::days(i64::from(within_days));
    let all = obligations::open_occurrences_between(
        conn,
        &ObligationFilter::default(),
        horizon,
        to,
        today,
    )?;
    let today_text = today.to_string();
    let (mut late, mut soon): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|o| o.due_on < today_text);
    late.retain(|o| o.overdue);
    soon.retain(still_due);
    let (overdue_count, due_soon_count) = (late.len() as u32, soon.len() as u32);
    late.truncate(5);
    soon.truncate(5);
    Ok(ComplianceAttention {
        today: today.to_string(),
        within_days,
        overdue_count,
        due_soon_count,
        overdue: late,
        due_soon: soon,
    })
}

// ---------------------------------------------------------------------------------------------
// The compliance report

/// An occurrence as the report shows it.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ReportOccurrence {
    pub occurrence: Occurrence,
    pub evidence: Vec<Evidence>,
}

/// An obligation in the report, with its occurrences in the period.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ReportObligation {
    pub obligation: Obligation,
    /// The numbers of the articles it cites in this instrument.
    pub article_numbers: Vec<String>,
    pub occurrences: Vec<ReportOccurrence>,
}

/// An instrument in the report.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ReportInstrument {
    pub instrument_id: String,
    pub kind: InstrumentKind,
    pub title: String,
    pub adopted_on: Option<String>,
    pub obligations: Vec<ReportObligation>,
    pub counts: ComplianceCounts,
}

/// The compliance report's data for a period.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ComplianceReport {
    pub from: String,
    pub to: String,
    /// The day it was drawn up (what is overdue depends on it).
    pub today: String,
    pub instruments: Vec<ReportInstrument>,
    /// Every occurrence of the period counted once.
    pub summary: ComplianceCounts,
}

/// The report for `[from, to]`: per instrument (the Statute first), each obligation citing it
/// with its occurrences in the period, their evidence and sign-off; and the summary.
pub fn report(
    conn: &Connection,
    from: &str,
    to: &str,
    today: NaiveDate,
) -> Result<ComplianceReport> {
    let (f, t) = period(from, to)?;
    let all = obligations::occurrences_between(conn, &ObligationFilter::default(), f, t, today)?;
    let summary = ComplianceCounts::of(&all);
    let mut by_obligation: BTreeMap<String, Vec<Occurrence>> = BTreeMap::new();
    for o in all {
        by_obligation
            .entry(o.obligation_id.clone())
            .or_default()
            .push(o);
    }
    let evidence_of = |o: &Occurrence| -> Result<Vec<Evidence>> {
        if o.stored {
            obligations::evidence(conn, &o.id)
        } else {
            Ok(Vec::new())
        }
    };
    let mut out = Vec::new();
    let instruments: Vec<Instrument> = instruments::list_instruments(conn, false)?;
    for i in instruments {
        let mut obs = Vec::new();
        let mut counts = ComplianceCounts::default();
        for ob in obligations::list_obligations(
            conn,
            &ObligationFilter {
                instrument_id: Some(i.id.clone()),
                ..Default::default()
            },
        )? {
            let occ = by_obligation.get(&ob.id).cloned().unwrap_or_default();
            if occ.is_empty() {
                continue;
            }
            let mut rows = Vec::new();
            for o in occ {
                counts.add(&o);
                rows.push(ReportOccurrence {
                    evidence: evidence_of(&o)?,
                    occurrence: o,
                });
            }
            let article_numbers = ob
                .articles
                .iter()
                .filter(|a| a.instrument_id == i.id)
                .map(|a| a.number.clone())
                .collect();
            obs.push(ReportObligation {
                obligation: ob,
                article_numbers,
                occurrences: rows,
            });
        }
        if !obs.is_empty() {
            out.push(ReportInstrument {
                instrument_id: i.id,
                kind: i.kind,
                title: i.title,
                adopted_on: i.adopted_on,
                obligations: obs,
                counts,
            });
        }
    }
    Ok(ComplianceReport {
        from: f.to_string(),
        to: t.to_string(),
        today: today.to_string(),
        instruments: out,
        summary,
    })
}
