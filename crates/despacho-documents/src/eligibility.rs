//! The eligibility report of an election call, printed from the store: a signed version's
//! frozen snapshot, or the current draft marked DRAFT. Per position, a candidate ×
//! requirement table of verdict marks, each candidate's reasons (translated from the core's
//! reason codes and parameters), the eligible candidates, and the signature block.

use std::collections::BTreeMap;

use despacho_core::elections::{
    self, EligibilityCell, EligibilityReason, EligibilityVerdict, VerdictSource,
};
use despacho_core::users::Language;
use despacho_core::AppError;
use rusqlite::Connection;
use serde::Serialize;

use crate::model::Lang;
use crate::session::{document_error, lang, store_letterhead};
use crate::strings::{eligibility as s, Ymd};
use crate::view::LetterheadView;

#[derive(Debug, Serialize)]
struct RequirementView {
    n: String,
    text: String,
}

#[derive(Debug, Serialize)]
struct ReasonView {
    n: String,
    requirement: String,
    verdict: &'static str,
    verdict_label: String,
    text: String,
}

#[derive(Debug, Serialize)]
struct CandidateView {
    name: String,
    nationality: String,
    nominated: String,
    withdrawn: bool,
    eligible: bool,
    /// One verdict code per requirement of the position (`met`, `not_met`, `pending`).
    marks: Vec<&'static str>,
    reasons: Vec<ReasonView>,
}

#[derive(Debug, Serialize)]
struct PositionView {
    name: String,
    seats: String,
    requirements: Vec<RequirementView>,
    candidates: Vec<CandidateView>,
    eligible: Vec<String>,
}

#[derive(Debug, Serialize)]
struct SignatureView {
    by: String,
    on: String,
    version: u32,
}

#[derive(Debug, Serialize)]
struct EligibilityView {
    code: &'static str,
    t: BTreeMap<&'static str, String>,
    letterhead: LetterheadView,
    call: String,
    session: String,
    session_date: String,
    venue: String,
    period: String,
    positions: Vec<PositionView>,
    signature: Option<SignatureView>,
    draft: bool,
    generated: String,
}

const KEYS: [&str; 31] = [
    "title",
    "short",
    "call",
    "session",
    "period",
    "venue",
    "requirements",
    "candidate",
    "eligible_col",
    "nominated_by",
    "received",
    "withdrawn",
    "eligible_list",
    "none_eligible",
    "no_candidates",
    "legend",
    "reasons",
    "evidence",
    "signed_by",
    "signed_on",
    "version",
    "sg",
    "draft",
    "draft_note",
    "generated",
    "page",
    "of",
    "v:met",
    "v:not_met",
    "v:pending",
    "to",
];

fn long_date(value: &str, l: Lang) -> String {
    Ymd::parse(value)
        .map(|d| d.long(l))
        .unwrap_or_else(|| value.to_string())
}

/// A reason in words: its code's text with the parameters filled in (dates in words,
/// categories translated); the English message when the code is unknown.
fn reason_text(r: &EligibilityReason, l: Lang) -> String {
    let key = format!("r:{}", r.code);
    let mut text = s(&key, l);
    if text == key {
        return r.message.clone();
    }
    for (name, value) in &r.params {
        let value = match name.as_str() {
            "received_on" | "closes_on" | "as_of" => long_date(value, l),
            "category" => s(&format!("cat:{value}"), l),
            _ => value.clone(),
        };
        text = text.replace(&format!("{{{name}}}"), &value);
    }
    text
}

fn cell_text(c: &EligibilityCell, l: Lang) -> String {
    let mut parts = Vec::new();
    match c.source {
        VerdictSource::Automatic => parts.push(reason_text(&c.reason, l)),
        VerdictSource::Manual | VerdictSource::Override => {
            if c.note.is_empty() {
                parts.push(reason_text(&c.reason, l));
            } else {
                parts.push(c.note.clone());
            }
            if c.source == VerdictSource::Override {
                let auto = c
                    .automatic_reason
                    .as_ref()
                    .map(|r| reason_text(r, l))
                    .unwrap_or_default();
                parts.push(format!(
                    "({}; {}: {})",
                    s("by_hand", l),
                    s("automatic_was", l),
                    auto.trim_end_matches('.')
                ));
            }
        }
    }
    if !c.evidence.is_empty() && c.source != VerdictSource::Automatic {
        parts.push(format!(
            "{}: {}.",
            s("evidence", l),
            c.evidence.trim_end_matches('.')
        ));
    }
    parts.join(" ")
}

fn verdict_code(v: EligibilityVerdict) -> &'static str {
    v.as_str()
}

/// Renders the eligibility report of `call_id` in `language`: signed version `version`, or
/// without a version the latest signed one while the call is signed, else the draft.
/// `generated_on` (`YYYY-MM-DD`) is printed and fixes the PDF's creation date.
pub fn render(
    conn: &Connection,
    call_id: &str,
    language: Language,
    version: Option<u32>,
    generated_on: &str,
) -> Result<Vec<u8>, AppError> {
    let view = elections::report_view(conn, call_id, version)?;
    let l = lang(language);
    let r = &view.report;
    let c = &r.call;
    let positions = r
        .positions
        .iter()
        .map(|p| {
            let name = if p.position.name.is_empty() {
                s(&format!("pos:{}", p.position.kind.as_str()), l)
            } else {
                p.position.name.clone()
            };
            let seats = format!(
                "{} {}",
                p.position.seats,
                s(
                    if p.position.seats == 1 {
                        "seat"
                    } else {
                        "seats"
                    },
                    l
                )
            );
            let requirements: Vec<RequirementView> = p
                .requirements
                .iter()
                .enumerate()
                .map(|(i, q)| RequirementView {
                    n: (i + 1).to_string(),
                    text: q.text(language).to_string(),
                })
                .collect();
            let candidates = p
                .candidates
                .iter()
                .map(|cand| {
                    let pp = &cand.postulation;
                    let reasons = cand
                        .cells
                        .iter()
                        .map(|cell| {
                            let i = p
                                .requirements
                                .iter()
                                .position(|q| q.id == cell.requirement_id)
                                .unwrap_or(0);
                            ReasonView {
                                n: (i + 1).to_string(),
                                requirement: requirements
                                    .get(i)
                                    .map(|q| q.text.clone())
                                    .unwrap_or_default(),
                                verdict: verdict_code(cell.verdict),
                                verdict_label: s(&format!("v:{}", cell.verdict.as_str()), l),
                                text: cell_text(cell, l),
                            }
                        })
                        .collect();
                    CandidateView {
                        name: pp.candidate_name.clone(),
                        nationality: pp.nationality.clone(),
                        nominated: format!(
                            "{} {}; {} {}",
                            s("nominated_by", l),
                            pp.nominators
                                .iter()
                                .map(|n| format!("{} ({})", n.acronym, n.country))
                                .collect::<Vec<_>>()
                                .join(", "),
                            s("received", l),
                            long_date(&pp.received_on, l)
                        ),
                        withdrawn: pp.withdrawn,
                        eligible: cand.eligible,
                        marks: cand.cells.iter().map(|x| verdict_code(x.verdict)).collect(),
                        reasons,
                    }
                })
                .collect();
            let eligible = p
                .candidates
                .iter()
                .filter(|x| x.eligible)
                .map(|x| {
                    format!(
                        "{} ({})",
                        x.postulation.candidate_name, x.postulation.nationality
                    )
                })
                .collect();
            PositionView {
                name,
                seats,
                requirements,
                candidates,
                eligible,
            }
        })
        .collect();
    let signature = view.signature.as_ref().map(|sig| SignatureView {
        by: sig.signed_by_name.clone(),
        on: long_date(sig.signed_at.get(..10).unwrap_or(""), l),
        version: sig.version,
    });
    let generated = long_date(generated_on, l);
    let data = EligibilityView {
        code: l.code(),
        t: KEYS.iter().map(|k| (*k, s(k, l))).collect(),
        letterhead: LetterheadView::new(&store_letterhead(conn)?),
        call: c.title.clone(),
        session: c.session_name.clone(),
        session_date: long_date(&c.session_date, l),
        venue: c.session_venue.clone(),
        period: format!(
            "{} {} {}",
            long_date(&c.opens_on, l),
            s("to", l),
            long_date(&c.closes_on, l)
        ),
        positions,
        signature,
        draft: view.draft,
        generated,
    };
    let letterhead = store_letterhead(conn)?;
    crate::render_data(
        "/eligibility.typ",
        &data,
        letterhead.logo_png.as_ref(),
        generated_on,
        "eligibility",
    )
    .map_err(document_error)
}
