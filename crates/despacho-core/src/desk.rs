//! The Secretary-General's desk: what the home screen shows. Only sections whose features
//! exist in the store appear here.

use chrono::Datelike;
use rusqlite::Connection;
use serde::Serialize;
use specta::Type;

use crate::agreements::{self, AgreementReminder};
use crate::assistance::{self, AssistanceRequest};
use crate::audit::{self, AuditEntry};
use crate::bodies::{self, Seat};
use crate::budget::{self, BudgetExecution};
use crate::compliance::{self, ComplianceAttention};
use crate::elections::{self, ElectionCall, ElectionCallStatus, EligibilityVerdict};
use crate::error::Result;
use crate::members::{self, MemberCounts};
use crate::minutes::{self, ActionItem};
use crate::missions::{self, MissionSummary};
use crate::sessions::{self, Session};
use crate::store::today;
use crate::users::Language;

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Desk {
    pub members: MemberCounts,
    /// The latest changes in the store, newest first.
    pub recent: Vec<AuditEntry>,
    /// Sessions not closed, from yesterday on, soonest first, with their agenda status.
    pub upcoming_sessions: Vec<Session>,
    /// Open action items of every session, soonest due first.
    pub open_action_items: Vec<ActionItem>,
    /// Seats whose term ends within [`TERMS_AHEAD_DAYS`], soonest first.
    pub terms_ending: Vec<Seat>,
    /// Missions travelling today.
    pub missions_under_way: Vec<MissionSummary>,
    /// Agreements in force that end, reach their renewal or notice date within
    /// [`AGREEMENTS_AHEAD_DAYS`] (or ended and are still marked in force), soonest first.
    pub agreements_expiring: Vec<AgreementReminder>,
    /// Technical assistance requests not declined or closed, oldest first (at most 10).
    pub open_requests: Vec<AssistanceRequest>,
    /// How many requests are open in all.
    pub open_request_count: u32,
    /// This year's spending per unit, when the year has a budget.
    pub budget_execution: Option<BudgetExecution>,
    /// Obligations overdue and due within [`OBLIGATIONS_AHEAD_DAYS`], when any obligation exists.
    pub obligations: Option<ComplianceAttention>,
    /// Election calls whose eligibility report is not signed (or is being amended), with
    /// their postulations awaiting a verdict.
    pub postulations_to_review: Vec<CallToReview>,
}

/// An election call on the desk: how many postulations still have a requirement pending.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct CallToReview {
    pub call: ElectionCall,
    pub pending_postulations: u32,
}

/// How far ahead the desk lists obligations due.
pub const OBLIGATIONS_AHEAD_DAYS: u16 = 30;

/// How far ahead the desk warns of agreements ending.
pub const AGREEMENTS_AHEAD_DAYS: u16 = 90;

/// How far ahead the desk warns of seats whose term ends.
pub const TERMS_AHEAD_DAYS: u16 = 90;

/// The desk, with the names of units and budget lines in `lang`.
pub fn desk(conn: &Connection, lang: Language) -> Result<Desk> {
    Ok(Desk {
        members: members::member_counts(conn)?,
        recent: audit::recent(conn, 12)?,
        upcoming_sessions: sessions::upcoming_sessions(conn, 5)?,
        open_action_items: minutes::open_action_items(conn, 10)?,
        terms_ending: bodies::seats_with_terms_ending(conn, TERMS_AHEAD_DAYS)?,
        missions_under_way: missions::under_way(conn, today())?,
        agreements_expiring: agreements::due(conn, today(), AGREEMENTS_AHEAD_DAYS)?,
        open_requests: assistance::open_requests(conn, 10)?,
        open_request_count: conn.query_row(
            "SELECT count(*) FROM assistance_requests WHERE deleted_at IS NULL AND status NOT IN ('declined','closed')",
            [],
            |r| r.get(0),
        )?,
        budget_execution: budget::execution(conn, today().year() as u16, lang)?,
        obligations: obligations_due(conn)?,
        postulations_to_review: calls_to_review(conn)?,
    })
}

/// Reads what the desk shows, and drops it: the pages it needs are then in SQLite's page cache
/// (decrypted, for an encrypted store) when the desk is asked for. The app does this while the
/// sign-in screen waits for the password (issue 9: the first desk of a start read every page
/// cold). Writes nothing.
pub fn warm(conn: &Connection) -> Result<()> {
    desk(conn, Language::Es).map(|_| ())
}

fn obligations_due(conn: &Connection) -> Result<Option<ComplianceAttention>> {
    let any: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM obligations WHERE deleted_at IS NULL)",
        [],
        |r| r.get(0),
    )?;
    if !any {
        return Ok(None);
    }
    Ok(Some(compliance::attention(
        conn,
        today(),
        OBLIGATIONS_AHEAD_DAYS,
    )?))
}

/// Election calls whose eligibility report is not signed (or is being amended), with how many
/// postulations still have a requirement pending: the desk's section, public for the bench.
pub fn calls_to_review(conn: &Connection) -> Result<Vec<CallToReview>> {
    let mut out = Vec::new();
    for call in elections::list_calls(conn)? {
        if call.status == ElectionCallStatus::Signed && !call.amending {
            continue;
        }
        let detail = elections::get_call(conn, &call.id)?;
        let withdrawn: std::collections::HashSet<&str> = detail
            .postulations
            .iter()
            .filter(|p| p.withdrawn)
            .map(|p| p.id.as_str())
            .collect();
        let mut pending: Vec<&str> = detail
            .cells
            .iter()
            .filter(|c| {
                c.verdict == EligibilityVerdict::Pending
                    && !withdrawn.contains(c.postulation_id.as_str())
            })
            .map(|c| c.postulation_id.as_str())
            .collect();
        pending.sort_unstable();
        pending.dedup();
        out.push(CallToReview {
            pending_postulations: pending.len() as u32,
            call,
        });
    }
    Ok(out)
}
