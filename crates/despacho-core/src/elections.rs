//! Elections: a call for postulations for a General Assembly session (positions, opening and
//! closing dates, requirements), the postulations received (candidate, nationality, nominating
//! members, documents), the requirement × postulation matrix of verdicts, and the eligibility
//! report the Secretary-General signs off.
//!
//! Automatic verdicts are computed when read, from the data of the other modules (members,
//! dues), never stored; a verdict set by hand (a declaration, or an override of an automatic
//! verdict, which needs a note) is stored. A signed report is frozen as a JSON snapshot with
//! its version; the call is then locked until an amendment starts, and the next sign-off is
//! the next version.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::attachments;
use crate::audit;
use crate::bodies::BodyNames;
use crate::countries;
use crate::dues::{self, InvoiceFilter, VotingReason};
use crate::error::{AppError, ErrorCode, Result};
use crate::members::{self, Category, MemberStatus};
use crate::sessions;
use crate::store::{new_id, now, today, Scope};
use crate::users::{Language, Permission, User};
use crate::validate;

/// The General Assembly (fixed id, migration 0004): election calls are for its sessions.
pub const GENERAL_ASSEMBLY: &str = "01940000-0000-7000-8000-000000000001";

// ---------------------------------------------------------------------------------------------
// Types

/// A call's life: open (receiving postulations) → closed → signed (the eligibility report is
/// signed and the call locked). An amendment moves a signed call back to closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ElectionCallStatus {
    Open,
    Closed,
    Signed,
}

impl ElectionCallStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ElectionCallStatus::Open => "open",
            ElectionCallStatus::Closed => "closed",
            ElectionCallStatus::Signed => "signed",
        }
    }
    pub fn parse(s: &str) -> ElectionCallStatus {
        match s {
            "closed" => ElectionCallStatus::Closed,
            "signed" => ElectionCallStatus::Signed,
            _ => ElectionCallStatus::Open,
        }
    }
}

/// An election call.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ElectionCall {
    pub id: String,
    /// The General Assembly session that elects.
    pub session_id: String,
    pub session_name: String,
    pub session_body_names: BodyNames,
    /// The session's local start date, `YYYY-MM-DD`.
    pub session_date: String,
    pub session_venue: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub opens_on: String,
    pub closes_on: String,
    pub status: ElectionCallStatus,
    /// The sitting Secretary-General's nationality (ISO 3166-1 alpha-2), for the Comptroller
    /// rule when no Secretary-General is elected in this call.
    pub sitting_sg_nationality: Option<String>,
    pub notes: String,
    /// How many versions of the eligibility report were signed.
    pub signed_versions: u32,
    /// A signed report is being amended (unlocked; the next sign-off is a new version).
    pub amending: bool,
    pub postulation_count: u32,
    pub updated_at: String,
}

/// What a user fills in to create or edit a call.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct ElectionCallInput {
    /// A General Assembly session.
    pub session_id: String,
    pub title: String,
    pub opens_on: String,
    pub closes_on: String,
    pub sitting_sg_nationality: Option<String>,
    pub notes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ElectionPositionKind {
    President,
    VicePresident,
    SecretaryGeneral,
    Comptroller,
    CiessDirector,
    Other,
}

impl ElectionPositionKind {
    pub const ALL: [ElectionPositionKind; 6] = [
        ElectionPositionKind::President,
        ElectionPositionKind::VicePresident,
        ElectionPositionKind::SecretaryGeneral,
        ElectionPositionKind::Comptroller,
        ElectionPositionKind::CiessDirector,
        ElectionPositionKind::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ElectionPositionKind::President => "president",
            ElectionPositionKind::VicePresident => "vice_president",
            ElectionPositionKind::SecretaryGeneral => "secretary_general",
            ElectionPositionKind::Comptroller => "comptroller",
            ElectionPositionKind::CiessDirector => "ciess_director",
            ElectionPositionKind::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<ElectionPositionKind> {
        ElectionPositionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A position to be elected.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ElectionPosition {
    pub id: String,
    pub call_id: String,
    pub kind: ElectionPositionKind,
    /// The name of an `other` position (empty for the others: the UI names them by kind).
    pub name: String,
    /// How many are elected (e.g. three Vice-Presidents).
    pub seats: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ElectionPositionInput {
    pub kind: ElectionPositionKind,
    pub name: String,
    pub seats: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ElectionRequirementKind {
    /// A document to present (CV, work plan, letter of acceptance…): met when a document
    /// tagged with the requirement is attached.
    Document,
    /// A declaration: its verdict is set by hand.
    Declaration,
    /// A rule checked from the store's data.
    Rule,
}

impl ElectionRequirementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ElectionRequirementKind::Document => "document",
            ElectionRequirementKind::Declaration => "declaration",
            ElectionRequirementKind::Rule => "rule",
        }
    }
    pub fn parse(s: &str) -> ElectionRequirementKind {
        match s {
            "document" => ElectionRequirementKind::Document,
            "rule" => ElectionRequirementKind::Rule,
            _ => ElectionRequirementKind::Declaration,
        }
    }
}

/// The rules the app checks from data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EligibilityRule {
    /// The postulation was received on or before the closing date.
    ReceivedBeforeClosing,
    /// Every nominating member is a titular (full) member, active.
    NominatorTitular,
    /// Every nominating member is current in its dues on the closing date (the arrears rule).
    NominatorCurrentInDues,
    /// The Comptroller's nationality differs from the Secretary-General's.
    ComptrollerNationalityDiffersFromSg,
}

impl EligibilityRule {
    pub const ALL: [EligibilityRule; 4] = [
        EligibilityRule::ReceivedBeforeClosing,
        EligibilityRule::NominatorTitular,
        EligibilityRule::NominatorCurrentInDues,
        EligibilityRule::ComptrollerNationalityDiffersFromSg,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            EligibilityRule::ReceivedBeforeClosing => "received_before_closing",
            EligibilityRule::NominatorTitular => "nominator_titular",
            EligibilityRule::NominatorCurrentInDues => "nominator_current_in_dues",
            EligibilityRule::ComptrollerNationalityDiffersFromSg => {
                "comptroller_nationality_differs_from_sg"
            }
        }
    }
    pub fn parse(s: &str) -> Option<EligibilityRule> {
        EligibilityRule::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A requirement of the call, for every position or for one.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ElectionRequirement {
    pub id: String,
    pub call_id: String,
    /// None: every position of the call.
    pub position_id: Option<String>,
    pub kind: ElectionRequirementKind,
    pub rule: Option<EligibilityRule>,
    /// The requirement's text per language (Spanish always).
    pub texts: BTreeMap<Language, String>,
}

impl ElectionRequirement {
    /// The text in `lang`, else in Spanish.
    pub fn text(&self, lang: Language) -> &str {
        self.texts
            .get(&lang)
            .filter(|t| !t.is_empty())
            .or_else(|| self.texts.get(&Language::Es))
            .map(String::as_str)
            .unwrap_or("")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct ElectionRequirementInput {
    pub position_id: Option<String>,
    pub kind: ElectionRequirementKind,
    /// Required for (and only for) a `rule`.
    pub rule: Option<EligibilityRule>,
    /// Spanish required; the other languages optional.
    pub texts: BTreeMap<Language, String>,
}

/// A member institution that nominates a candidate.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct Nominator {
    pub member_id: String,
    pub acronym: String,
    pub name: String,
    pub country: String,
}

/// A document presented with a postulation; the file is `<data dir>/attachments/<sha256>`.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct PostulationDocument {
    pub id: String,
    pub postulation_id: String,
    /// The requirement the document answers, if any.
    pub requirement_id: Option<String>,
    pub title: String,
    pub file_name: String,
    pub sha256: String,
    pub size_bytes: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct PostulationDocumentInput {
    pub title: String,
    /// The file to copy into the data folder.
    pub path: String,
    pub requirement_id: Option<String>,
}

/// A postulation (candidacy).
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct Postulation {
    pub id: String,
    pub call_id: String,
    pub position_id: String,
    pub candidate_name: String,
    /// ISO 3166-1 alpha-2.
    pub nationality: String,
    /// `YYYY-MM-DD`.
    pub received_on: String,
    pub notes: String,
    pub withdrawn: bool,
    pub withdrawn_on: Option<String>,
    pub nominators: Vec<Nominator>,
    pub documents: Vec<PostulationDocument>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct PostulationInput {
    pub position_id: String,
    pub candidate_name: String,
    pub nationality: String,
    /// The nominating member institutions (at least one).
    pub nominator_ids: Vec<String>,
    pub received_on: String,
    pub notes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EligibilityVerdict {
    Met,
    NotMet,
    /// Not decided yet (a fact to record, a declaration to check): not yet eligible.
    Pending,
}

impl EligibilityVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            EligibilityVerdict::Met => "met",
            EligibilityVerdict::NotMet => "not_met",
            EligibilityVerdict::Pending => "pending",
        }
    }
    pub fn parse(s: &str) -> EligibilityVerdict {
        match s {
            "met" => EligibilityVerdict::Met,
            "not_met" => EligibilityVerdict::NotMet,
            _ => EligibilityVerdict::Pending,
        }
    }
}

/// Where a verdict comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum VerdictSource {
    /// Computed from the data (rules, documents).
    Automatic,
    /// Set by hand (a declaration).
    Manual,
    /// Set by hand over an automatic verdict (with a note).
    Override,
}

/// Why a verdict is what it is: a code and its parameters (the UI and the printed report
/// translate them), with an English message for logs and the CLI.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct EligibilityReason {
    /// e.g. `received_after_closing`, `nominator_in_arrears`, `document_not_presented`.
    pub code: String,
    pub params: BTreeMap<String, String>,
    pub message: String,
}

fn reason(code: &str, params: &[(&str, String)], message: String) -> EligibilityReason {
    EligibilityReason {
        code: code.to_string(),
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        message,
    }
}

/// One requirement × postulation cell of the matrix.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct EligibilityCell {
    pub postulation_id: String,
    pub requirement_id: String,
    pub verdict: EligibilityVerdict,
    pub source: VerdictSource,
    pub reason: EligibilityReason,
    /// What supports the verdict: document titles, or the text a user recorded.
    pub evidence: String,
    /// The document that answers a document requirement (the first, if several).
    pub document_id: Option<String>,
    /// The reasoned note of a verdict set by hand.
    pub note: String,
    /// For an override: what the data say.
    pub automatic_verdict: Option<EligibilityVerdict>,
    pub automatic_reason: Option<EligibilityReason>,
    /// Who set a verdict by hand, and when (UTC, RFC 3339).
    pub set_by: Option<String>,
    pub set_at: Option<String>,
}

/// A verdict set by hand.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct VerdictInput {
    pub verdict: EligibilityVerdict,
    pub evidence: String,
    /// Required when overriding an automatic verdict.
    pub note: String,
}

/// A call with everything the election screen shows.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ElectionCallDetail {
    pub call: ElectionCall,
    pub positions: Vec<ElectionPosition>,
    pub requirements: Vec<ElectionRequirement>,
    pub postulations: Vec<Postulation>,
    /// The matrix: one cell per postulation × requirement that applies to its position.
    pub cells: Vec<EligibilityCell>,
    pub versions: Vec<EligibilitySignature>,
}

/// A candidate's row in the report.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct EligibilityCandidate {
    pub postulation: Postulation,
    /// In the order of the position's requirements.
    pub cells: Vec<EligibilityCell>,
    /// Every requirement met and not withdrawn.
    pub eligible: bool,
}

/// A position in the report.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct EligibilityPosition {
    pub position: ElectionPosition,
    /// The requirements that apply to this position, in the call's order.
    pub requirements: Vec<ElectionRequirement>,
    pub candidates: Vec<EligibilityCandidate>,
    /// The eligible candidates' postulation ids, in the candidates' order.
    pub eligible: Vec<String>,
}

/// The eligibility report: per position, each candidate with its verdicts, and who is eligible.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct EligibilityReport {
    pub call: ElectionCall,
    pub positions: Vec<EligibilityPosition>,
    /// When the report was computed (UTC, RFC 3339).
    pub computed_at: String,
}

/// A signed version of the eligibility report.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq)]
pub struct EligibilitySignature {
    pub version: u32,
    pub signed_by: String,
    pub signed_by_name: String,
    /// UTC, RFC 3339.
    pub signed_at: String,
}

/// The report to show or print: a signed version, or the current draft.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct EligibilityReportView {
    /// None for the draft.
    pub signature: Option<EligibilitySignature>,
    pub draft: bool,
    pub report: EligibilityReport,
}

// ---------------------------------------------------------------------------------------------
// Reading

const CALL_COLUMNS: &str = "c.id, c.session_id, c.title, c.opens_on, c.closes_on, c.status, c.sitting_sg_nationality, c.notes, c.updated_at,
     (SELECT count(*) FROM eligibility_reports r WHERE r.call_id = c.id),
     (SELECT count(*) FROM postulations p WHERE p.call_id = c.id AND p.deleted_at IS NULL)";

struct CallRow {
    id: String,
    session_id: String,
    title: String,
    opens_on: String,
    closes_on: String,
    status: ElectionCallStatus,
    sitting_sg_nationality: Option<String>,
    notes: String,
    updated_at: String,
    versions: u32,
    postulations: u32,
}

fn call_row(r: &Row) -> rusqlite::Result<CallRow> {
    Ok(CallRow {
        id: r.get(0)?,
        session_id: r.get(1)?,
        title: r.get(2)?,
        opens_on: r.get(3)?,
        closes_on: r.get(4)?,
        status: ElectionCallStatus::parse(&r.get::<_, String>(5)?),
        sitting_sg_nationality: r.get(6)?,
        notes: r.get(7)?,
        updated_at: r.get(8)?,
        versions: r.get(9)?,
        postulations: r.get(10)?,
    })
}

fn complete_call(conn: &Connection, c: CallRow) -> Result<ElectionCall> {
    let s = sessions::get_session(conn, &c.session_id)?;
    let date = s.start_local()?.date_naive().to_string();
    Ok(ElectionCall {
        amending: c.versions > 0 && c.status != ElectionCallStatus::Signed,
        id: c.id,
        session_id: c.session_id,
        session_name: s.name,
        session_body_names: s.body_names,
        session_date: date,
        session_venue: s.venue,
        title: c.title,
        opens_on: c.opens_on,
        closes_on: c.closes_on,
        status: c.status,
        sitting_sg_nationality: c.sitting_sg_nationality,
        notes: c.notes,
        signed_versions: c.versions,
        postulation_count: c.postulations,
        updated_at: c.updated_at,
    })
}

fn load_call(conn: &Connection, id: &str) -> Result<ElectionCall> {
    let row = conn
        .query_row(
            &format!(
                "SELECT {CALL_COLUMNS} FROM election_calls c WHERE c.id = ?1 AND c.deleted_at IS NULL"
            ),
            [id.trim()],
            call_row,
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("election call", id))?;
    complete_call(conn, row)
}

/// Every election call, the latest closing date first.
pub fn list_calls(conn: &Connection) -> Result<Vec<ElectionCall>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {CALL_COLUMNS} FROM election_calls c WHERE c.deleted_at IS NULL ORDER BY c.closes_on DESC, c.id"
    ))?;
    let rows = st.query_map([], call_row)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(|r| complete_call(conn, r)).collect()
}

fn position_from_row(r: &Row) -> rusqlite::Result<ElectionPosition> {
    Ok(ElectionPosition {
        id: r.get(0)?,
        call_id: r.get(1)?,
        kind: ElectionPositionKind::parse(&r.get::<_, String>(2)?)
            .unwrap_or(ElectionPositionKind::Other),
        name: r.get(3)?,
        seats: r.get(4)?,
    })
}

const POSITION_COLUMNS: &str = "id, call_id, kind, name, seats";

/// The positions of a call, in the order they were added.
pub fn positions(conn: &Connection, call_id: &str) -> Result<Vec<ElectionPosition>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {POSITION_COLUMNS} FROM election_positions WHERE call_id = ?1 AND deleted_at IS NULL ORDER BY sort, id"
    ))?;
    let rows = st.query_map([call_id], position_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn load_position(conn: &Connection, id: &str) -> Result<ElectionPosition> {
    conn.query_row(
        &format!("SELECT {POSITION_COLUMNS} FROM election_positions WHERE id = ?1 AND deleted_at IS NULL"),
        [id.trim()],
        position_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("position", id))
}

const REQUIREMENT_COLUMNS: &str =
    "id, call_id, position_id, kind, rule_code, text_es, text_en, text_pt, text_fr";

fn requirement_from_row(r: &Row) -> rusqlite::Result<ElectionRequirement> {
    let mut texts = BTreeMap::new();
    for (i, lang) in Language::ALL.into_iter().enumerate() {
        let t: String = r.get(5 + i)?;
        if !t.is_empty() {
            texts.insert(lang, t);
        }
    }
    let rule: Option<String> = r.get(4)?;
    Ok(ElectionRequirement {
        id: r.get(0)?,
        call_id: r.get(1)?,
        position_id: r.get(2)?,
        kind: ElectionRequirementKind::parse(&r.get::<_, String>(3)?),
        rule: rule.as_deref().and_then(EligibilityRule::parse),
        texts,
    })
}

/// The requirements of a call, in the order they were added.
pub fn requirements(conn: &Connection, call_id: &str) -> Result<Vec<ElectionRequirement>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {REQUIREMENT_COLUMNS} FROM election_requirements WHERE call_id = ?1 AND deleted_at IS NULL ORDER BY sort, id"
    ))?;
    let rows = st.query_map([call_id], requirement_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn load_requirement(conn: &Connection, id: &str) -> Result<ElectionRequirement> {
    conn.query_row(
        &format!("SELECT {REQUIREMENT_COLUMNS} FROM election_requirements WHERE id = ?1 AND deleted_at IS NULL"),
        [id.trim()],
        requirement_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("requirement", id))
}

const DOCUMENT_COLUMNS: &str =
    "d.id, d.postulation_id, d.requirement_id, d.title, d.file_name, d.sha256, d.size_bytes";

fn document_from_row(r: &Row) -> rusqlite::Result<PostulationDocument> {
    Ok(PostulationDocument {
        id: r.get(0)?,
        postulation_id: r.get(1)?,
        requirement_id: r.get(2)?,
        title: r.get(3)?,
        file_name: r.get(4)?,
        sha256: r.get(5)?,
        size_bytes: r.get(6)?,
    })
}

fn documents(conn: &Connection, postulation_id: &str) -> Result<Vec<PostulationDocument>> {
    // A document tagged with a requirement since removed counts as untagged.
    let mut st = conn.prepare_cached(
        "SELECT d.id, d.postulation_id,
                (SELECT q.id FROM election_requirements q WHERE q.id = d.requirement_id AND q.deleted_at IS NULL),
                d.title, d.file_name, d.sha256, d.size_bytes
         FROM postulation_documents d WHERE d.postulation_id = ?1 AND d.deleted_at IS NULL ORDER BY d.created_at, d.id"
    )?;
    let rows = st.query_map([postulation_id], document_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn nominators(conn: &Connection, postulation_id: &str) -> Result<Vec<Nominator>> {
    let ids: Vec<String> = {
        let mut st = conn.prepare_cached(
            "SELECT member_id FROM postulation_nominators WHERE postulation_id = ?1 AND deleted_at IS NULL ORDER BY sort, id",
        )?;
        let rows = st.query_map([postulation_id], |r| r.get(0))?;
        rows.collect::<Result<Vec<_>, _>>()?
    };
    ids.into_iter()
        .map(|id| {
            let m = members::get_member(conn, &id)?.member;
            Ok(Nominator {
                member_id: m.id,
                acronym: m.acronym,
                name: m.name,
                country: m.country,
            })
        })
        .collect()
}

const POSTULATION_COLUMNS: &str = "p.id, p.call_id, p.position_id, p.candidate_name, p.nationality, p.received_on, p.notes, p.withdrawn, p.withdrawn_on, p.updated_at";

fn postulation_from_row(r: &Row) -> rusqlite::Result<Postulation> {
    Ok(Postulation {
        id: r.get(0)?,
        call_id: r.get(1)?,
        position_id: r.get(2)?,
        candidate_name: r.get(3)?,
        nationality: r.get(4)?,
        received_on: r.get(5)?,
        notes: r.get(6)?,
        withdrawn: r.get(7)?,
        withdrawn_on: r.get(8)?,
        updated_at: r.get(9)?,
        nominators: Vec::new(),
        documents: Vec::new(),
    })
}

fn complete_postulation(conn: &Connection, mut p: Postulation) -> Result<Postulation> {
    p.nominators = nominators(conn, &p.id)?;
    p.documents = documents(conn, &p.id)?;
    Ok(p)
}

/// The postulations of a call: by position, then date received and candidate.
pub fn postulations(conn: &Connection, call_id: &str) -> Result<Vec<Postulation>> {
    let list = {
        let mut st = conn.prepare_cached(&format!(
            "SELECT {POSTULATION_COLUMNS} FROM postulations p JOIN election_positions o ON o.id = p.position_id
             WHERE p.call_id = ?1 AND p.deleted_at IS NULL
             ORDER BY o.sort, o.id, p.received_on, p.candidate_name COLLATE NOCASE, p.id"
        ))?;
        let rows = st.query_map([call_id], postulation_from_row)?;
        rows.collect::<Result<Vec<_>, _>>()?
    };
    list.into_iter()
        .map(|p| complete_postulation(conn, p))
        .collect()
}

/// One postulation with its nominators and documents.
pub fn get_postulation(conn: &Connection, id: &str) -> Result<Postulation> {
    let p = conn
        .query_row(
            &format!(
                "SELECT {POSTULATION_COLUMNS} FROM postulations p WHERE p.id = ?1 AND p.deleted_at IS NULL"
            ),
            [id.trim()],
            postulation_from_row,
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("postulation", id))?;
    complete_postulation(conn, p)
}

/// The signed versions of a call's report, oldest first.
pub fn report_versions(conn: &Connection, call_id: &str) -> Result<Vec<EligibilitySignature>> {
    let mut st = conn.prepare_cached(
        "SELECT r.version, r.signed_by, coalesce(u.full_name, ''), r.signed_at FROM eligibility_reports r
         LEFT JOIN users u ON u.id = r.signed_by WHERE r.call_id = ?1 ORDER BY r.version",
    )?;
    let rows = st.query_map([call_id], |r| {
        Ok(EligibilitySignature {
            version: r.get(0)?,
            signed_by: r.get(1)?,
            signed_by_name: r.get(2)?,
            signed_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A call with its positions, requirements, postulations, matrix and signed versions.
pub fn get_call(conn: &Connection, id: &str) -> Result<ElectionCallDetail> {
    let call = load_call(conn, id)?;
    let positions = positions(conn, &call.id)?;
    let requirements = requirements(conn, &call.id)?;
    let postulations = postulations(conn, &call.id)?;
    let cells = matrix_of(conn, &call, &positions, &requirements, &postulations)?;
    let versions = report_versions(conn, &call.id)?;
    Ok(ElectionCallDetail {
        call,
        positions,
        requirements,
        postulations,
        cells,
        versions,
    })
}

/// The requirement × postulation matrix of a call.
pub fn matrix(conn: &Connection, call_id: &str) -> Result<Vec<EligibilityCell>> {
    Ok(get_call(conn, call_id)?.cells)
}

// ---------------------------------------------------------------------------------------------
// The verdicts

/// Whether `req` applies to a postulation for `position`.
fn applies(req: &ElectionRequirement, position: &ElectionPosition) -> bool {
    if req.position_id.as_deref().is_some_and(|p| p != position.id) {
        return false;
    }
    req.rule != Some(EligibilityRule::ComptrollerNationalityDiffersFromSg)
        || position.kind == ElectionPositionKind::Comptroller
}

struct Manual {
    verdict: EligibilityVerdict,
    evidence: String,
    note: String,
    set_by: Option<String>,
    set_at: String,
}

fn manual_verdicts(conn: &Connection, call_id: &str) -> Result<BTreeMap<(String, String), Manual>> {
    let mut st = conn.prepare_cached(
        "SELECT v.postulation_id, v.requirement_id, v.verdict, v.evidence, v.note, u.full_name, v.updated_at
         FROM eligibility_verdicts v JOIN postulations p ON p.id = v.postulation_id
         LEFT JOIN users u ON u.id = v.updated_by
         WHERE p.call_id = ?1 AND v.deleted_at IS NULL",
    )?;
    let rows = st.query_map([call_id], |r| {
        Ok((
            (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
            Manual {
                verdict: EligibilityVerdict::parse(&r.get::<_, String>(2)?),
                evidence: r.get(3)?,
                note: r.get(4)?,
                set_by: r.get(5)?,
                set_at: r.get(6)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<BTreeMap<_, _>, _>>()?)
}

/// The worse of two verdicts (not met, then pending, then met).
fn worse(a: EligibilityVerdict, b: EligibilityVerdict) -> EligibilityVerdict {
    let rank = |v| match v {
        EligibilityVerdict::NotMet => 2,
        EligibilityVerdict::Pending => 1,
        EligibilityVerdict::Met => 0,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

struct Auto {
    verdict: EligibilityVerdict,
    reason: EligibilityReason,
    evidence: String,
    document_id: Option<String>,
}

fn auto(verdict: EligibilityVerdict, reason: EligibilityReason) -> Auto {
    Auto {
        verdict,
        reason,
        evidence: String::new(),
        document_id: None,
    }
}

fn day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("stored date {s}: {e}")))
}

fn rule_received(call: &ElectionCall, p: &Postulation) -> Auto {
    let params = [
        ("received_on", p.received_on.clone()),
        ("closes_on", call.closes_on.clone()),
    ];
    if p.received_on <= call.closes_on {
        auto(
            EligibilityVerdict::Met,
            reason(
                "received_on_time",
                &params,
                format!(
                    "received on {}, on or before the closing date {}",
                    p.received_on, call.closes_on
                ),
            ),
        )
    } else {
        auto(
            EligibilityVerdict::NotMet,
            reason(
                "received_after_closing",
                &params,
                format!(
                    "received on {}, after the closing date {}",
                    p.received_on, call.closes_on
                ),
            ),
        )
    }
}

fn no_nominator() -> Auto {
    auto(
        EligibilityVerdict::NotMet,
        reason(
            "no_nominator",
            &[],
            "no member institution nominates the candidate".into(),
        ),
    )
}

fn acronyms(p: &Postulation) -> String {
    p.nominators
        .iter()
        .map(|n| n.acronym.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn rule_titular(conn: &Connection, p: &Postulation) -> Result<Auto> {
    if p.nominators.is_empty() {
        return Ok(no_nominator());
    }
    for n in &p.nominators {
        let m = members::get_member(conn, &n.member_id)?.member;
        if m.archived || m.status != MemberStatus::Active {
            let status = if m.archived {
                "archived"
            } else {
                m.status.as_str()
            };
            return Ok(auto(
                EligibilityVerdict::NotMet,
                reason(
                    "nominator_not_active",
                    &[("member", m.acronym.clone()), ("status", status.into())],
                    format!("the nominating member {} is {status}", m.acronym),
                ),
            ));
        }
        if m.category != Category::Titular {
            return Ok(auto(
                EligibilityVerdict::NotMet,
                reason(
                    "nominator_not_titular",
                    &[
                        ("member", m.acronym.clone()),
                        ("category", m.category.as_str().into()),
                    ],
                    format!(
                        "the nominating member {} is {}, not a titular member",
                        m.acronym,
                        m.category.as_str()
                    ),
                ),
            ));
        }
    }
    Ok(auto(
        EligibilityVerdict::Met,
        reason(
            "nominators_titular",
            &[("members", acronyms(p))],
            format!("titular members: {}", acronyms(p)),
        ),
    ))
}

fn rule_dues(conn: &Connection, call: &ElectionCall, p: &Postulation) -> Result<Auto> {
    if p.nominators.is_empty() {
        return Ok(no_nominator());
    }
    let as_of = day(&call.closes_on)?;
    let mut out: Option<Auto> = None;
    let keep = |a: Auto, out: &mut Option<Auto>| {
        let replace = match out {
            None => true,
            Some(o) => worse(o.verdict, a.verdict) != o.verdict,
        };
        if replace {
            *out = Some(a);
        }
    };
    for n in &p.nominators {
        let invoiced = dues::list_invoices(
            conn,
            &InvoiceFilter {
                member_id: Some(n.member_id.clone()),
                ..Default::default()
            },
        )?
        .iter()
        .any(|i| i.issue_date <= call.closes_on);
        if !invoiced {
            keep(
                auto(
                    EligibilityVerdict::Pending,
                    reason(
                        "dues_not_recorded",
                        &[("member", n.acronym.clone()), ("as_of", call.closes_on.clone())],
                        format!(
                            "the store has no dues data for {}: record by hand whether it is current in its dues on {}",
                            n.acronym, call.closes_on
                        ),
                    ),
                ),
                &mut out,
            );
            continue;
        }
        let right = dues::voting_right(conn, &n.member_id, as_of)?;
        let years = right.years_owed.to_string();
        let a = match right.reason {
            VotingReason::GoodStanding | VotingReason::PaymentPlan if right.may_vote => continue,
            VotingReason::InArrears | VotingReason::GoodStanding | VotingReason::PaymentPlan => {
                auto(
                    EligibilityVerdict::NotMet,
                    reason(
                        "nominator_in_arrears",
                        &[
                            ("member", n.acronym.clone()),
                            ("years_owed", years.clone()),
                            ("as_of", call.closes_on.clone()),
                        ],
                        format!(
                            "{} owes dues for {years} fiscal year(s) on {} (arrears rule)",
                            n.acronym, call.closes_on
                        ),
                    ),
                )
            }
            VotingReason::NotActive | VotingReason::Archived => auto(
                EligibilityVerdict::NotMet,
                reason(
                    "nominator_not_active",
                    &[
                        ("member", n.acronym.clone()),
                        (
                            "status",
                            if right.reason == VotingReason::Archived {
                                "archived".into()
                            } else {
                                "not_active".into()
                            },
                        ),
                    ],
                    format!("the nominating member {} is not active", n.acronym),
                ),
            ),
        };
        keep(a, &mut out);
    }
    Ok(out.unwrap_or_else(|| {
        auto(
            EligibilityVerdict::Met,
            reason(
                "nominators_current",
                &[("members", acronyms(p)), ("as_of", call.closes_on.clone())],
                format!(
                    "current in their dues on {}: {}",
                    call.closes_on,
                    acronyms(p)
                ),
            ),
        )
    }))
}

fn rule_comptroller(
    call: &ElectionCall,
    positions: &[ElectionPosition],
    all: &[Postulation],
    p: &Postulation,
) -> Auto {
    let sg_positions: Vec<&str> = positions
        .iter()
        .filter(|o| o.kind == ElectionPositionKind::SecretaryGeneral)
        .map(|o| o.id.as_str())
        .collect();
    let sg: Vec<&Postulation> = all
        .iter()
        .filter(|q| !q.withdrawn && sg_positions.contains(&q.position_id.as_str()))
        .collect();
    let mine = p.nationality.clone();
    if sg.is_empty() {
        return match &call.sitting_sg_nationality {
            None => auto(
                EligibilityVerdict::Pending,
                reason(
                    "sg_nationality_unknown",
                    &[("nationality", mine)],
                    "no Secretary-General candidate in this call and the sitting Secretary-General's nationality is not recorded".into(),
                ),
            ),
            Some(n) if *n == mine => auto(
                EligibilityVerdict::NotMet,
                reason(
                    "same_nationality_as_sitting_sg",
                    &[("nationality", mine.clone())],
                    format!("the candidate's nationality ({mine}) is the sitting Secretary-General's"),
                ),
            ),
            Some(n) => auto(
                EligibilityVerdict::Met,
                reason(
                    "differs_from_sitting_sg",
                    &[("nationality", mine.clone()), ("sg_nationality", n.clone())],
                    format!("the candidate's nationality ({mine}) differs from the sitting Secretary-General's ({n})"),
                ),
            ),
        };
    }
    let same: Vec<&Postulation> = sg
        .iter()
        .copied()
        .filter(|q| q.nationality == mine)
        .collect();
    let names = |v: &[&Postulation]| {
        v.iter()
            .map(|q| format!("{} ({})", q.candidate_name, q.nationality))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if same.is_empty() {
        auto(
            EligibilityVerdict::Met,
            reason(
                "differs_from_sg_candidates",
                &[("nationality", mine.clone()), ("candidates", names(&sg))],
                format!(
                    "the candidate's nationality ({mine}) differs from every Secretary-General candidate's: {}",
                    names(&sg)
                ),
            ),
        )
    } else if same.len() == sg.len() {
        auto(
            EligibilityVerdict::NotMet,
            reason(
                "same_nationality_as_sg_candidates",
                &[("nationality", mine.clone()), ("candidates", names(&same))],
                format!(
                    "the candidate's nationality ({mine}) is that of the Secretary-General candidate(s): {}",
                    names(&same)
                ),
            ),
        )
    } else {
        auto(
            EligibilityVerdict::Pending,
            reason(
                "depends_on_sg_election",
                &[("nationality", mine.clone()), ("candidates", names(&same))],
                format!(
                    "eligible unless the Assembly elects a Secretary-General of the same nationality ({mine}): {}",
                    names(&same)
                ),
            ),
        )
    }
}

fn document_verdict(req: &ElectionRequirement, p: &Postulation) -> Auto {
    let docs: Vec<&PostulationDocument> = p
        .documents
        .iter()
        .filter(|d| d.requirement_id.as_deref() == Some(req.id.as_str()))
        .collect();
    if docs.is_empty() {
        return auto(
            EligibilityVerdict::NotMet,
            reason(
                "document_not_presented",
                &[],
                "document not presented".into(),
            ),
        );
    }
    let titles = docs
        .iter()
        .map(|d| d.title.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    Auto {
        verdict: EligibilityVerdict::Met,
        reason: reason(
            "document_presented",
            &[("titles", titles.clone())],
            format!("presented: {titles}"),
        ),
        evidence: titles,
        document_id: docs.first().map(|d| d.id.clone()),
    }
}

fn matrix_of(
    conn: &Connection,
    call: &ElectionCall,
    positions: &[ElectionPosition],
    requirements: &[ElectionRequirement],
    postulations: &[Postulation],
) -> Result<Vec<EligibilityCell>> {
    let manual = manual_verdicts(conn, &call.id)?;
    let mut out = Vec::new();
    for p in postulations {
        let Some(position) = positions.iter().find(|o| o.id == p.position_id) else {
            continue;
        };
        for req in requirements.iter().filter(|r| applies(r, position)) {
            let computed = match (req.kind, req.rule) {
                (ElectionRequirementKind::Document, _) => Some(document_verdict(req, p)),
                (ElectionRequirementKind::Rule, Some(rule)) => Some(match rule {
                    EligibilityRule::ReceivedBeforeClosing => rule_received(call, p),
                    EligibilityRule::NominatorTitular => rule_titular(conn, p)?,
                    EligibilityRule::NominatorCurrentInDues => rule_dues(conn, call, p)?,
                    EligibilityRule::ComptrollerNationalityDiffersFromSg => {
                        rule_comptroller(call, positions, postulations, p)
                    }
                }),
                _ => None,
            };
            let by_hand = manual.get(&(p.id.clone(), req.id.clone()));
            let cell = match (by_hand, computed) {
                (Some(m), computed) => {
                    let source = if computed.is_some() {
                        VerdictSource::Override
                    } else {
                        VerdictSource::Manual
                    };
                    let code = if source == VerdictSource::Override {
                        "overridden_by_hand"
                    } else {
                        "set_by_hand"
                    };
                    let who = m.set_by.clone().unwrap_or_default();
                    EligibilityCell {
                        postulation_id: p.id.clone(),
                        requirement_id: req.id.clone(),
                        verdict: m.verdict,
                        source,
                        reason: reason(
                            code,
                            &[("by", who.clone()), ("note", m.note.clone())],
                            if m.note.is_empty() {
                                format!("set by hand by {who}")
                            } else {
                                m.note.clone()
                            },
                        ),
                        evidence: m.evidence.clone(),
                        document_id: None,
                        note: m.note.clone(),
                        automatic_verdict: computed.as_ref().map(|a| a.verdict),
                        automatic_reason: computed.map(|a| a.reason),
                        set_by: m.set_by.clone(),
                        set_at: Some(m.set_at.clone()),
                    }
                }
                (None, Some(a)) => EligibilityCell {
                    postulation_id: p.id.clone(),
                    requirement_id: req.id.clone(),
                    verdict: a.verdict,
                    source: VerdictSource::Automatic,
                    reason: a.reason,
                    evidence: a.evidence,
                    document_id: a.document_id,
                    note: String::new(),
                    automatic_verdict: None,
                    automatic_reason: None,
                    set_by: None,
                    set_at: None,
                },
                (None, None) => EligibilityCell {
                    postulation_id: p.id.clone(),
                    requirement_id: req.id.clone(),
                    verdict: EligibilityVerdict::Pending,
                    source: VerdictSource::Manual,
                    reason: reason(
                        "declaration_not_recorded",
                        &[],
                        "the declaration's verdict is not recorded yet".into(),
                    ),
                    evidence: String::new(),
                    document_id: None,
                    note: String::new(),
                    automatic_verdict: None,
                    automatic_reason: None,
                    set_by: None,
                    set_at: None,
                },
            };
            out.push(cell);
        }
    }
    Ok(out)
}

/// The eligibility report as the data stand now (the draft).
pub fn eligibility_report(conn: &Connection, call_id: &str) -> Result<EligibilityReport> {
    let d = get_call(conn, call_id)?;
    let mut out = Vec::new();
    for position in &d.positions {
        let reqs: Vec<ElectionRequirement> = d
            .requirements
            .iter()
            .filter(|r| applies(r, position))
            .cloned()
            .collect();
        let mut candidates = Vec::new();
        for p in d
            .postulations
            .iter()
            .filter(|p| p.position_id == position.id)
        {
            let cells: Vec<EligibilityCell> = reqs
                .iter()
                .filter_map(|r| {
                    d.cells
                        .iter()
                        .find(|c| c.postulation_id == p.id && c.requirement_id == r.id)
                        .cloned()
                })
                .collect();
            let eligible =
                !p.withdrawn && cells.iter().all(|c| c.verdict == EligibilityVerdict::Met);
            candidates.push(EligibilityCandidate {
                postulation: p.clone(),
                cells,
                eligible,
            });
        }
        let eligible = candidates
            .iter()
            .filter(|c| c.eligible)
            .map(|c| c.postulation.id.clone())
            .collect();
        out.push(EligibilityPosition {
            position: position.clone(),
            requirements: reqs,
            candidates,
            eligible,
        });
    }
    Ok(EligibilityReport {
        call: d.call,
        positions: out,
        computed_at: now(),
    })
}

/// The report to print or show: signed version `version` (refused if there is none), or,
/// without a version, the latest signed version while the call is signed, else the draft.
pub fn report_view(
    conn: &Connection,
    call_id: &str,
    version: Option<u32>,
) -> Result<EligibilityReportView> {
    let call = load_call(conn, call_id)?;
    let wanted = match version {
        Some(v) => Some(v),
        None if call.status == ElectionCallStatus::Signed => Some(call.signed_versions),
        None => None,
    };
    let Some(v) = wanted else {
        return Ok(EligibilityReportView {
            signature: None,
            draft: true,
            report: eligibility_report(conn, &call.id)?,
        });
    };
    let snapshot: String = conn
        .query_row(
            "SELECT snapshot FROM eligibility_reports WHERE call_id = ?1 AND version = ?2",
            params![call.id, v],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| {
            AppError::field(
                ErrorCode::NotFound,
                "version",
                format!("the eligibility report of this call has no signed version {v}"),
            )
        })?;
    let report: EligibilityReport = serde_json::from_str(&snapshot).map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("signed report version {v} cannot be read: {e}"),
        )
    })?;
    let signature = report_versions(conn, &call.id)?
        .into_iter()
        .find(|s| s.version == v);
    Ok(EligibilityReportView {
        signature,
        draft: false,
        report,
    })
}

// ---------------------------------------------------------------------------------------------
// Writing

fn locked() -> AppError {
    AppError::field(
        ErrorCode::InvalidValue,
        "status",
        "the eligibility report of this call is signed: start an amendment to change it",
    )
}

/// Loads a call for a change: refused while its report is signed.
fn unlocked_call(conn: &Connection, id: &str) -> Result<ElectionCall> {
    let c = load_call(conn, id)?;
    if c.status == ElectionCallStatus::Signed {
        return Err(locked());
    }
    Ok(c)
}

struct ValidCall {
    session_id: String,
    title: String,
    opens_on: NaiveDate,
    closes_on: NaiveDate,
    sitting_sg_nationality: Option<String>,
    notes: String,
}

fn required_date(field: &str, value: &str) -> Result<NaiveDate> {
    validate::date(field, Some(value))?
        .ok_or_else(|| AppError::field(ErrorCode::Required, field, format!("{field} is required")))
}

fn nationality(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            field,
            format!("{field} is required"),
        ));
    }
    countries::normalize(v).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidFormat,
            field,
            format!("'{v}' is not an ISO 3166-1 alpha-2 country code"),
        )
    })
}

fn validate_call(input: &ElectionCallInput) -> Result<ValidCall> {
    let session_id = validate::required_text("session_id", &input.session_id, 64)?;
    let title = validate::required_text("title", &input.title, 300)?;
    let opens_on = required_date("opens_on", &input.opens_on)?;
    let closes_on = required_date("closes_on", &input.closes_on)?;
    if closes_on < opens_on {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "closes_on",
            "the call cannot close before it opens",
        ));
    }
    let sitting_sg_nationality = match input
        .sitting_sg_nationality
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(n) => Some(nationality("sitting_sg_nationality", n)?),
        None => None,
    };
    let notes = validate::long_text("notes", &input.notes, 10_000)?;
    Ok(ValidCall {
        session_id,
        title,
        opens_on,
        closes_on,
        sitting_sg_nationality,
        notes,
    })
}

/// Refuses a session that is not a live General Assembly session.
fn check_session(conn: &Connection, id: &str) -> Result<()> {
    let s = sessions::get_session(conn, id).map_err(|e| AppError {
        field: Some("session_id".into()),
        ..e
    })?;
    if s.body_id != GENERAL_ASSEMBLY {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "session_id",
            format!(
                "{} is a session of {}, not of the General Assembly",
                s.name, s.body_code
            ),
        ));
    }
    Ok(())
}

/// Opens a call for postulations for a General Assembly session.
pub fn create_call(
    store: &mut impl Scope,
    actor: &User,
    input: &ElectionCallInput,
) -> Result<ElectionCall> {
    actor.require(Permission::ManageElections)?;
    let v = validate_call(input)?;
    store.transaction(|tx| {
        check_session(tx, &v.session_id)?;
        let id = new_id();
        tx.execute(
            "INSERT INTO election_calls (id, session_id, title, opens_on, closes_on, sitting_sg_nationality, notes, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            params![id, v.session_id, v.title, v.opens_on.to_string(), v.closes_on.to_string(), v.sitting_sg_nationality, v.notes, now(), actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.create_call",
            "election_call",
            Some(&id),
            &json!({ "session_id": v.session_id, "title": v.title, "opens_on": v.opens_on.to_string(), "closes_on": v.closes_on.to_string() }),
        )?;
        load_call(tx, &id)
    })
}

/// Replaces a call's fields (not its status).
pub fn update_call(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &ElectionCallInput,
) -> Result<ElectionCall> {
    actor.require(Permission::ManageElections)?;
    let v = validate_call(input)?;
    store.transaction(|tx| {
        let c = unlocked_call(tx, id)?;
        check_session(tx, &v.session_id)?;
        tx.execute(
            "UPDATE election_calls SET session_id = ?2, title = ?3, opens_on = ?4, closes_on = ?5, sitting_sg_nationality = ?6, notes = ?7, updated_at = ?8, updated_by = ?9 WHERE id = ?1",
            params![c.id, v.session_id, v.title, v.opens_on.to_string(), v.closes_on.to_string(), v.sitting_sg_nationality, v.notes, now(), actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.update_call",
            "election_call",
            Some(&c.id),
            &json!({ "session_id": v.session_id, "title": v.title, "opens_on": v.opens_on.to_string(), "closes_on": v.closes_on.to_string(), "sitting_sg_nationality": v.sitting_sg_nationality }),
        )?;
        load_call(tx, &c.id)
    })
}

/// Closes an open call (no more postulations expected; the report can be signed).
pub fn close_call(store: &mut impl Scope, actor: &User, id: &str) -> Result<ElectionCall> {
    actor.require(Permission::ManageElections)?;
    store.transaction(|tx| {
        let c = unlocked_call(tx, id)?;
        if c.status != ElectionCallStatus::Open {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                "the call is already closed",
            ));
        }
        set_status(tx, actor, &c.id, ElectionCallStatus::Closed)?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.close_call",
            "election_call",
            Some(&c.id),
            &json!({ "from": "open", "to": "closed" }),
        )?;
        load_call(tx, &c.id)
    })
}

fn set_status(tx: &Transaction, actor: &User, id: &str, s: ElectionCallStatus) -> Result<()> {
    tx.execute(
        "UPDATE election_calls SET status = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
        params![id, s.as_str(), now(), actor.id],
    )?;
    Ok(())
}

/// Marks the call changed (its `updated_at`), for every change of what it holds.
fn touch(tx: &Transaction, actor: &User, call_id: &str) -> Result<()> {
    tx.execute(
        "UPDATE election_calls SET updated_at = ?2, updated_by = ?3 WHERE id = ?1",
        params![call_id, now(), actor.id],
    )?;
    Ok(())
}

fn validate_position(input: &ElectionPositionInput) -> Result<(String, u8)> {
    let name = validate::optional_text("name", &input.name, 200)?;
    if input.kind == ElectionPositionKind::Other && name.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "name",
            "a position of kind 'other' needs its name",
        ));
    }
    if !(1..=20).contains(&input.seats) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "seats",
            "a position has 1 to 20 seats",
        ));
    }
    Ok((name, input.seats))
}

/// The positions the General Assembly elects: the President, two Vice-Presidents, the
/// Secretary-General and the Comptroller — added to a call in that order (the demo and the
/// generated office use it).
pub fn add_standard_positions(
    store: &mut impl Scope,
    actor: &User,
    call_id: &str,
) -> Result<Vec<ElectionPosition>> {
    [
        (ElectionPositionKind::President, 1),
        (ElectionPositionKind::VicePresident, 2),
        (ElectionPositionKind::SecretaryGeneral, 1),
        (ElectionPositionKind::Comptroller, 1),
    ]
    .into_iter()
    .map(|(kind, seats)| {
        add_position(
            store,
            actor,
            call_id,
            &ElectionPositionInput {
                kind,
                name: String::new(),
                seats,
            },
        )
    })
    .collect()
}

/// Adds a position to a call.
pub fn add_position(
    store: &mut impl Scope,
    actor: &User,
    call_id: &str,
    input: &ElectionPositionInput,
) -> Result<ElectionPosition> {
    actor.require(Permission::ManageElections)?;
    let (name, seats) = validate_position(input)?;
    store.transaction(|tx| {
        let c = unlocked_call(tx, call_id)?;
        let sort: i64 = tx.query_row(
            "SELECT coalesce(max(sort), 0) + 1 FROM election_positions WHERE call_id = ?1",
            [&c.id],
            |r| r.get(0),
        )?;
        let id = new_id();
        tx.execute(
            "INSERT INTO election_positions (id, call_id, kind, name, seats, sort, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
            params![id, c.id, input.kind.as_str(), name, seats, sort, now(), actor.id],
        )?;
        touch(tx, actor, &c.id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.add_position",
            "election_call",
            Some(&c.id),
            &json!({ "position_id": id, "kind": input.kind.as_str(), "name": name, "seats": seats }),
        )?;
        load_position(tx, &id)
    })
}

/// Changes a position (its kind, name and seats).
pub fn update_position(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &ElectionPositionInput,
) -> Result<ElectionPosition> {
    actor.require(Permission::ManageElections)?;
    let (name, seats) = validate_position(input)?;
    store.transaction(|tx| {
        let before = load_position(tx, id)?;
        unlocked_call(tx, &before.call_id)?;
        tx.execute(
            "UPDATE election_positions SET kind = ?2, name = ?3, seats = ?4, updated_at = ?5, updated_by = ?6 WHERE id = ?1",
            params![before.id, input.kind.as_str(), name, seats, now(), actor.id],
        )?;
        touch(tx, actor, &before.call_id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.update_position",
            "election_call",
            Some(&before.call_id),
            &json!({ "position_id": before.id, "kind": input.kind.as_str(), "name": name, "seats": seats }),
        )?;
        load_position(tx, &before.id)
    })
}

/// Removes a position that no live postulation is for (a tombstone).
pub fn remove_position(store: &mut impl Scope, actor: &User, id: &str) -> Result<()> {
    actor.require(Permission::ManageElections)?;
    store.transaction(|tx| {
        let p = load_position(tx, id)?;
        unlocked_call(tx, &p.call_id)?;
        let used: i64 = tx.query_row(
            "SELECT count(*) FROM postulations WHERE position_id = ?1 AND deleted_at IS NULL",
            [&p.id],
            |r| r.get(0),
        )?;
        if used > 0 {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "position_id",
                format!("{used} postulation(s) are for this position: remove them first"),
            ));
        }
        let at = now();
        tx.execute(
            "UPDATE election_positions SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![p.id, at, actor.id],
        )?;
        tx.execute(
            "UPDATE election_requirements SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE position_id = ?1 AND deleted_at IS NULL",
            params![p.id, at, actor.id],
        )?;
        touch(tx, actor, &p.call_id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.remove_position",
            "election_call",
            Some(&p.call_id),
            &json!({ "position_id": p.id, "kind": p.kind.as_str() }),
        )
    })
}

struct ValidRequirement {
    position_id: Option<String>,
    kind: ElectionRequirementKind,
    rule: Option<EligibilityRule>,
    texts: [String; 4],
}

fn validate_requirement(input: &ElectionRequirementInput) -> Result<ValidRequirement> {
    let position_id = input
        .position_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| validate::optional_text("position_id", s, 64))
        .transpose()?;
    match (input.kind, input.rule) {
        (ElectionRequirementKind::Rule, None) => {
            return Err(AppError::field(
                ErrorCode::Required,
                "rule",
                "a rule requirement names the rule the app checks",
            ))
        }
        (ElectionRequirementKind::Document | ElectionRequirementKind::Declaration, Some(_)) => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "rule",
                "only a rule requirement names a rule",
            ))
        }
        _ => {}
    }
    let mut texts: [String; 4] = Default::default();
    for (i, lang) in Language::ALL.into_iter().enumerate() {
        let field = format!("texts.{}", lang.as_str());
        let raw = input.texts.get(&lang).map(String::as_str).unwrap_or("");
        texts[i] = if lang == Language::Es {
            validate::required_text(&field, raw, 2000)?
        } else {
            validate::optional_text(&field, raw, 2000)?
        };
    }
    Ok(ValidRequirement {
        position_id,
        kind: input.kind,
        rule: input.rule,
        texts,
    })
}

fn check_requirement_position(tx: &Transaction, call_id: &str, v: &ValidRequirement) -> Result<()> {
    let Some(pid) = &v.position_id else {
        return Ok(());
    };
    let p = load_position(tx, pid).map_err(|e| AppError {
        field: Some("position_id".into()),
        ..e
    })?;
    if p.call_id != call_id {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "position_id",
            "the position belongs to another call",
        ));
    }
    if v.rule == Some(EligibilityRule::ComptrollerNationalityDiffersFromSg)
        && p.kind != ElectionPositionKind::Comptroller
    {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "position_id",
            "the nationality rule is about the Comptroller's position",
        ));
    }
    Ok(())
}

/// Adds a requirement to a call (for every position, or for one).
pub fn add_requirement(
    store: &mut impl Scope,
    actor: &User,
    call_id: &str,
    input: &ElectionRequirementInput,
) -> Result<ElectionRequirement> {
    actor.require(Permission::ManageElections)?;
    let v = validate_requirement(input)?;
    store.transaction(|tx| {
        let c = unlocked_call(tx, call_id)?;
        check_requirement_position(tx, &c.id, &v)?;
        let sort: i64 = tx.query_row(
            "SELECT coalesce(max(sort), 0) + 1 FROM election_requirements WHERE call_id = ?1",
            [&c.id],
            |r| r.get(0),
        )?;
        let id = new_id();
        let [es, en, pt, fr] = &v.texts;
        tx.execute(
            "INSERT INTO election_requirements (id, call_id, position_id, kind, rule_code, text_es, text_en, text_pt, text_fr, sort, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
            params![id, c.id, v.position_id, v.kind.as_str(), v.rule.map(|r| r.as_str()), es, en, pt, fr, sort, now(), actor.id],
        )?;
        touch(tx, actor, &c.id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.add_requirement",
            "election_call",
            Some(&c.id),
            &json!({ "requirement_id": id, "kind": v.kind.as_str(), "rule": v.rule.map(|r| r.as_str()), "text": es }),
        )?;
        load_requirement(tx, &id)
    })
}

/// Changes a requirement.
pub fn update_requirement(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &ElectionRequirementInput,
) -> Result<ElectionRequirement> {
    actor.require(Permission::ManageElections)?;
    let v = validate_requirement(input)?;
    store.transaction(|tx| {
        let before = load_requirement(tx, id)?;
        unlocked_call(tx, &before.call_id)?;
        check_requirement_position(tx, &before.call_id, &v)?;
        let [es, en, pt, fr] = &v.texts;
        tx.execute(
            "UPDATE election_requirements SET position_id = ?2, kind = ?3, rule_code = ?4, text_es = ?5, text_en = ?6, text_pt = ?7, text_fr = ?8, updated_at = ?9, updated_by = ?10 WHERE id = ?1",
            params![before.id, v.position_id, v.kind.as_str(), v.rule.map(|r| r.as_str()), es, en, pt, fr, now(), actor.id],
        )?;
        touch(tx, actor, &before.call_id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.update_requirement",
            "election_call",
            Some(&before.call_id),
            &json!({ "requirement_id": before.id, "kind": v.kind.as_str(), "rule": v.rule.map(|r| r.as_str()), "text": es }),
        )?;
        load_requirement(tx, &before.id)
    })
}

/// Removes a requirement (a tombstone; its verdicts no longer count).
pub fn remove_requirement(store: &mut impl Scope, actor: &User, id: &str) -> Result<()> {
    actor.require(Permission::ManageElections)?;
    store.transaction(|tx| {
        let r = load_requirement(tx, id)?;
        unlocked_call(tx, &r.call_id)?;
        let at = now();
        tx.execute(
            "UPDATE election_requirements SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![r.id, at, actor.id],
        )?;
        tx.execute(
            "UPDATE eligibility_verdicts SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE requirement_id = ?1 AND deleted_at IS NULL",
            params![r.id, at, actor.id],
        )?;
        touch(tx, actor, &r.call_id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.remove_requirement",
            "election_call",
            Some(&r.call_id),
            &json!({ "requirement_id": r.id, "text": r.text(Language::Es) }),
        )
    })
}

struct ValidPostulation {
    position_id: String,
    candidate_name: String,
    nationality: String,
    nominators: Vec<String>,
    received_on: NaiveDate,
    notes: String,
}

fn validate_postulation(input: &PostulationInput) -> Result<ValidPostulation> {
    let position_id = validate::required_text("position_id", &input.position_id, 64)?;
    let candidate_name = validate::required_text("candidate_name", &input.candidate_name, 200)?;
    let nationality = nationality("nationality", &input.nationality)?;
    let mut nominators: Vec<String> = Vec::new();
    for id in &input.nominator_ids {
        let id = validate::optional_text("nominator_ids", id, 64)?;
        if !id.is_empty() && !nominators.contains(&id) {
            nominators.push(id);
        }
    }
    if nominators.is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "nominator_ids",
            "a postulation is nominated by at least one member institution",
        ));
    }
    if nominators.len() > 20 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "nominator_ids",
            "at most 20 nominating members",
        ));
    }
    let received_on = required_date("received_on", &input.received_on)?;
    if received_on > today() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "received_on",
            "the date received is in the future",
        ));
    }
    let notes = validate::long_text("notes", &input.notes, 10_000)?;
    Ok(ValidPostulation {
        position_id,
        candidate_name,
        nationality,
        nominators,
        received_on,
        notes,
    })
}

fn check_postulation(tx: &Transaction, call_id: &str, v: &ValidPostulation) -> Result<()> {
    let p = load_position(tx, &v.position_id).map_err(|e| AppError {
        field: Some("position_id".into()),
        ..e
    })?;
    if p.call_id != call_id {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "position_id",
            "the position belongs to another call",
        ));
    }
    for m in &v.nominators {
        members::require_live_member(tx, m).map_err(|e| AppError {
            field: Some("nominator_ids".into()),
            ..e
        })?;
    }
    Ok(())
}

fn write_nominators(tx: &Transaction, actor: &User, id: &str, v: &ValidPostulation) -> Result<()> {
    let at = now();
    tx.execute(
        "UPDATE postulation_nominators SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE postulation_id = ?1 AND deleted_at IS NULL",
        params![id, at, actor.id],
    )?;
    for (i, m) in v.nominators.iter().enumerate() {
        tx.execute(
            "INSERT INTO postulation_nominators (id, postulation_id, member_id, sort, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
            params![new_id(), id, m, i as i64, at, actor.id],
        )?;
    }
    Ok(())
}

fn postulation_summary(v: &ValidPostulation) -> serde_json::Value {
    json!({ "position_id": v.position_id, "candidate_name": v.candidate_name, "nationality": v.nationality,
            "nominators": v.nominators, "received_on": v.received_on.to_string() })
}

/// Records a postulation received for a call.
pub fn create_postulation(
    store: &mut impl Scope,
    actor: &User,
    call_id: &str,
    input: &PostulationInput,
) -> Result<Postulation> {
    actor.require(Permission::ManageElections)?;
    let v = validate_postulation(input)?;
    store.transaction(|tx| {
        let c = unlocked_call(tx, call_id)?;
        check_postulation(tx, &c.id, &v)?;
        let id = new_id();
        tx.execute(
            "INSERT INTO postulations (id, call_id, position_id, candidate_name, nationality, received_on, notes, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            params![id, c.id, v.position_id, v.candidate_name, v.nationality, v.received_on.to_string(), v.notes, now(), actor.id],
        )?;
        write_nominators(tx, actor, &id, &v)?;
        touch(tx, actor, &c.id)?;
        audit::record(tx, Some(&actor.id), "elections.create_postulation", "postulation", Some(&id), &postulation_summary(&v))?;
        get_postulation(tx, &id)
    })
}

fn unlocked_postulation(tx: &Connection, id: &str) -> Result<Postulation> {
    let p = get_postulation(tx, id)?;
    unlocked_call(tx, &p.call_id)?;
    Ok(p)
}

/// Replaces a postulation's fields and nominating members.
pub fn update_postulation(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &PostulationInput,
) -> Result<Postulation> {
    actor.require(Permission::ManageElections)?;
    let v = validate_postulation(input)?;
    store.transaction(|tx| {
        let p = unlocked_postulation(tx, id)?;
        check_postulation(tx, &p.call_id, &v)?;
        tx.execute(
            "UPDATE postulations SET position_id = ?2, candidate_name = ?3, nationality = ?4, received_on = ?5, notes = ?6, updated_at = ?7, updated_by = ?8 WHERE id = ?1",
            params![p.id, v.position_id, v.candidate_name, v.nationality, v.received_on.to_string(), v.notes, now(), actor.id],
        )?;
        write_nominators(tx, actor, &p.id, &v)?;
        touch(tx, actor, &p.call_id)?;
        audit::record(tx, Some(&actor.id), "elections.update_postulation", "postulation", Some(&p.id), &postulation_summary(&v))?;
        get_postulation(tx, &p.id)
    })
}

/// Marks a postulation withdrawn (today) or takes the withdrawal back.
pub fn set_withdrawn(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    withdrawn: bool,
) -> Result<Postulation> {
    actor.require(Permission::ManageElections)?;
    store.transaction(|tx| {
        let p = unlocked_postulation(tx, id)?;
        if p.withdrawn == withdrawn {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "withdrawn",
                if withdrawn {
                    "the postulation is already withdrawn"
                } else {
                    "the postulation is not withdrawn"
                },
            ));
        }
        tx.execute(
            "UPDATE postulations SET withdrawn = ?2, withdrawn_on = ?3, updated_at = ?4, updated_by = ?5 WHERE id = ?1",
            params![p.id, withdrawn, withdrawn.then(|| today().to_string()), now(), actor.id],
        )?;
        touch(tx, actor, &p.call_id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.set_withdrawn",
            "postulation",
            Some(&p.id),
            &json!({ "withdrawn": withdrawn, "candidate_name": p.candidate_name }),
        )?;
        get_postulation(tx, &p.id)
    })
}

/// Removes a postulation recorded by mistake (a tombstone; a candidate who steps back is
/// withdrawn instead).
pub fn delete_postulation(store: &mut impl Scope, actor: &User, id: &str) -> Result<()> {
    actor.require(Permission::ManageElections)?;
    store.transaction(|tx| {
        let p = unlocked_postulation(tx, id)?;
        let at = now();
        tx.execute(
            "UPDATE postulations SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![p.id, at, actor.id],
        )?;
        touch(tx, actor, &p.call_id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.delete_postulation",
            "postulation",
            Some(&p.id),
            &json!({ "candidate_name": p.candidate_name }),
        )
    })
}

fn check_document_requirement(
    tx: &Connection,
    p: &Postulation,
    requirement_id: Option<&str>,
) -> Result<()> {
    let Some(rid) = requirement_id else {
        return Ok(());
    };
    let r = load_requirement(tx, rid).map_err(|e| AppError {
        field: Some("requirement_id".into()),
        ..e
    })?;
    if r.call_id != p.call_id {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "requirement_id",
            "the requirement belongs to another call",
        ));
    }
    if r.kind != ElectionRequirementKind::Document {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "requirement_id",
            "only a document requirement is answered by a document",
        ));
    }
    Ok(())
}

/// Attaches a document to a postulation, tagged with the requirement it answers (if any).
/// The file is copied into the data folder first (an orphan copy is harmless), then the row
/// and its audit row are written in one transaction.
pub fn attach_document(
    store: &mut impl Scope,
    actor: &User,
    postulation_id: &str,
    input: &PostulationDocumentInput,
) -> Result<PostulationDocument> {
    actor.require(Permission::ManageElections)?;
    let title = validate::required_text("title", &input.title, 300)?;
    let requirement_id = input
        .requirement_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    {
        let p = unlocked_postulation(store.conn(), postulation_id)?;
        check_document_requirement(store.conn(), &p, requirement_id.as_deref())?;
    }
    let source = PathBuf::from(input.path.trim());
    let file_name = source
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let dir = attachments::data_dir(store.conn())?;
    let (sha, size) = attachments::keep_file(&dir, &source)?;
    store.transaction(|tx| {
        let p = unlocked_postulation(tx, postulation_id)?;
        check_document_requirement(tx, &p, requirement_id.as_deref())?;
        let id = new_id();
        tx.execute(
            "INSERT INTO postulation_documents (id, postulation_id, requirement_id, title, file_name, sha256, size_bytes, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            params![id, p.id, requirement_id, title, file_name, sha, size as i64, now(), actor.id],
        )?;
        touch(tx, actor, &p.call_id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.attach_document",
            "postulation",
            Some(&p.id),
            &json!({ "document_id": id, "title": title, "requirement_id": requirement_id, "sha256": sha, "size_bytes": size }),
        )?;
        Ok(tx.query_row(
            &format!("SELECT {DOCUMENT_COLUMNS} FROM postulation_documents d WHERE d.id = ?1"),
            [&id],
            document_from_row,
        )?)
    })
}

/// Removes a document from its postulation (a tombstone; the file stays: others may share it).
pub fn remove_document(store: &mut impl Scope, actor: &User, id: &str) -> Result<()> {
    actor.require(Permission::ManageElections)?;
    store.transaction(|tx| {
        let d = tx
            .query_row(
                &format!("SELECT {DOCUMENT_COLUMNS} FROM postulation_documents d WHERE d.id = ?1 AND d.deleted_at IS NULL"),
                [id.trim()],
                document_from_row,
            )
            .optional()?
            .ok_or_else(|| AppError::not_found("document", id))?;
        let p = unlocked_postulation(tx, &d.postulation_id)?;
        let at = now();
        tx.execute(
            "UPDATE postulation_documents SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![d.id, at, actor.id],
        )?;
        touch(tx, actor, &p.call_id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.remove_document",
            "postulation",
            Some(&p.id),
            &json!({ "document_id": d.id, "title": d.title }),
        )
    })
}

/// The postulation and requirement of a cell, checked to belong together.
fn cell_parts(
    tx: &Connection,
    postulation_id: &str,
    requirement_id: &str,
) -> Result<(Postulation, ElectionRequirement)> {
    let p = unlocked_postulation(tx, postulation_id)?;
    let r = load_requirement(tx, requirement_id).map_err(|e| AppError {
        field: Some("requirement_id".into()),
        ..e
    })?;
    let position = load_position(tx, &p.position_id)?;
    if r.call_id != p.call_id || !applies(&r, &position) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "requirement_id",
            "the requirement does not apply to this postulation",
        ));
    }
    Ok((p, r))
}

/// Sets a cell's verdict by hand: a declaration's verdict, or an override of an automatic
/// verdict (which needs a reasoned note; it is recorded as an override).
pub fn set_verdict(
    store: &mut impl Scope,
    actor: &User,
    postulation_id: &str,
    requirement_id: &str,
    input: &VerdictInput,
) -> Result<EligibilityCell> {
    actor.require(Permission::ManageElections)?;
    let evidence = validate::long_text("evidence", &input.evidence, 2000)?;
    let note = validate::long_text("note", &input.note, 4000)?;
    store.transaction(|tx| {
        let (p, r) = cell_parts(tx, postulation_id, requirement_id)?;
        let overrides = r.kind != ElectionRequirementKind::Declaration;
        if overrides && note.is_empty() {
            return Err(AppError::field(
                ErrorCode::Required,
                "note",
                "overriding an automatic verdict needs a reasoned note",
            ));
        }
        let at = now();
        tx.execute(
            "UPDATE eligibility_verdicts SET deleted_at = ?3, updated_at = ?3, updated_by = ?4 WHERE postulation_id = ?1 AND requirement_id = ?2 AND deleted_at IS NULL",
            params![p.id, r.id, at, actor.id],
        )?;
        tx.execute(
            "INSERT INTO eligibility_verdicts (id, postulation_id, requirement_id, verdict, evidence, note, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
            params![new_id(), p.id, r.id, input.verdict.as_str(), evidence, note, at, actor.id],
        )?;
        touch(tx, actor, &p.call_id)?;
        audit::record(
            tx,
            Some(&actor.id),
            if overrides { "elections.override_verdict" } else { "elections.set_verdict" },
            "postulation",
            Some(&p.id),
            &json!({ "requirement_id": r.id, "verdict": input.verdict.as_str(), "manual_override": overrides, "note": note }),
        )?;
        find_cell(tx, &p, &r.id)
    })
}

/// Clears a verdict set by hand: the automatic verdict applies again (a declaration goes back
/// to pending).
pub fn clear_verdict(
    store: &mut impl Scope,
    actor: &User,
    postulation_id: &str,
    requirement_id: &str,
) -> Result<EligibilityCell> {
    actor.require(Permission::ManageElections)?;
    store.transaction(|tx| {
        let (p, r) = cell_parts(tx, postulation_id, requirement_id)?;
        let n = tx.execute(
            "UPDATE eligibility_verdicts SET deleted_at = ?3, updated_at = ?3, updated_by = ?4 WHERE postulation_id = ?1 AND requirement_id = ?2 AND deleted_at IS NULL",
            params![p.id, r.id, now(), actor.id],
        )?;
        if n == 0 {
            return Err(AppError::field(
                ErrorCode::NotFound,
                "requirement_id",
                "no verdict was set by hand for this requirement",
            ));
        }
        touch(tx, actor, &p.call_id)?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.clear_verdict",
            "postulation",
            Some(&p.id),
            &json!({ "requirement_id": r.id }),
        )?;
        find_cell(tx, &p, &r.id)
    })
}

fn find_cell(conn: &Connection, p: &Postulation, requirement_id: &str) -> Result<EligibilityCell> {
    matrix(conn, &p.call_id)?
        .into_iter()
        .find(|c| c.postulation_id == p.id && c.requirement_id == requirement_id)
        .ok_or_else(|| AppError::new(ErrorCode::Internal, "the cell is not in the matrix"))
}

/// The Secretary-General signs off the eligibility report of a closed call: the report as it
/// stands is frozen as the next version, and the call is locked.
pub fn sign_eligibility(
    store: &mut impl Scope,
    actor: &User,
    call_id: &str,
) -> Result<EligibilitySignature> {
    actor.require(Permission::SignEligibility)?;
    store.transaction(|tx| {
        let c = unlocked_call(tx, call_id)?;
        if c.status != ElectionCallStatus::Closed {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                "close the call before signing its eligibility report",
            ));
        }
        let version = c.signed_versions + 1;
        set_status(tx, actor, &c.id, ElectionCallStatus::Signed)?;
        // The snapshot holds the call as signed (status and version count included).
        let report = eligibility_report(tx, &c.id)?;
        let report = EligibilityReport {
            call: ElectionCall {
                signed_versions: version,
                amending: false,
                ..report.call
            },
            ..report
        };
        let snapshot = serde_json::to_string(&report)
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("snapshot: {e}")))?;
        let at = now();
        tx.execute(
            "INSERT INTO eligibility_reports (id, call_id, version, signed_by, signed_at, snapshot, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?5, ?4)",
            params![new_id(), c.id, version, actor.id, at, snapshot],
        )?;
        let eligible: usize = report.positions.iter().map(|p| p.eligible.len()).sum();
        audit::record(
            tx,
            Some(&actor.id),
            "elections.sign_eligibility",
            "election_call",
            Some(&c.id),
            &json!({ "version": version, "eligible": eligible }),
        )?;
        report_versions(tx, &c.id)?
            .into_iter()
            .find(|s| s.version == version)
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "the signed version is missing"))
    })
}

/// Starts an amendment of a signed report: the call is unlocked (closed), and the next
/// sign-off is a new version. The signed versions stay as they were.
pub fn start_amendment(
    store: &mut impl Scope,
    actor: &User,
    call_id: &str,
    reason: &str,
) -> Result<ElectionCall> {
    actor.require(Permission::ManageElections)?;
    let reason = validate::required_text("reason", reason, 2000)?;
    store.transaction(|tx| {
        let c = load_call(tx, call_id)?;
        if c.status != ElectionCallStatus::Signed {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                "only a signed eligibility report is amended",
            ));
        }
        set_status(tx, actor, &c.id, ElectionCallStatus::Closed)?;
        audit::record(
            tx,
            Some(&actor.id),
            "elections.start_amendment",
            "election_call",
            Some(&c.id),
            &json!({ "after_version": c.signed_versions, "reason": reason }),
        )?;
        load_call(tx, &c.id)
    })
}
