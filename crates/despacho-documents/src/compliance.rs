//! The compliance report for a period: the bridge from the store (`compliance::report`) to
//! `templates/compliance.typ`. Per instrument (the Statute first), the obligations citing
//! it with their occurrences — due date, status, evidence, sign-off — and a summary of done,
//! waived, overdue and pending occurrences. Every string reaches Typst as JSON data.

use std::collections::HashMap;

use despacho_core::compliance::{self, ComplianceCounts};
use despacho_core::instruments::InstrumentKind;
use despacho_core::ledger;
use despacho_core::obligations::{Occurrence, OccurrenceStatus, Recurrence};
use despacho_core::users::Language;
use despacho_core::{AppError, ErrorCode};
use rusqlite::Connection;
use serde::Serialize;

use crate::model::{Lang, Letterhead};
use crate::session::{document_error, lang, store_letterhead};
use crate::strings::{compliance_strings, date_range, month_name, ComplianceStrings, Ymd};
use crate::view::LetterheadView;
use crate::world::DocWorld;
use crate::{compile, datetime, parse_date, to_json, view, DocumentError};

#[derive(Debug, Serialize)]
struct SummaryCell {
    key: &'static str,
    label: &'static str,
    value: String,
}

#[derive(Debug, Serialize)]
struct OccurrenceView {
    due: String,
    session: Option<String>,
    status: &'static str,
    /// `overdue`, `done`, `waived`, `pending`, `in_progress` (the colour).
    status_key: &'static str,
    evidence: Vec<String>,
    note: String,
    sign_off: Option<String>,
}

#[derive(Debug, Serialize)]
struct ObligationView {
    title: String,
    articles: String,
    recurrence: String,
    unit: String,
    responsible: String,
    occurrences: Vec<OccurrenceView>,
}

#[derive(Debug, Serialize)]
struct InstrumentView {
    kind: &'static str,
    title: String,
    adopted: Option<String>,
    counts: String,
    obligations: Vec<ObligationView>,
}

#[derive(Debug, Serialize)]
struct ReportView {
    lang: &'static str,
    t: ComplianceStrings,
    letterhead: LetterheadView,
    period: String,
    generated: String,
    summary: Vec<SummaryCell>,
    instruments: Vec<InstrumentView>,
}

fn kind_label(t: &ComplianceStrings, k: InstrumentKind) -> &'static str {
    match k {
        InstrumentKind::Statute => t.k_statute,
        InstrumentKind::Regulations => t.k_regulations,
        InstrumentKind::HeadquartersAgreement => t.k_headquarters_agreement,
        InstrumentKind::PresidencyDetermination => t.k_presidency_determination,
        InstrumentKind::BodyResolution => t.k_body_resolution,
        InstrumentKind::Other => t.k_other,
    }
}

fn long(l: Lang, iso: &str) -> String {
    Ymd::parse(iso).map_or_else(|| iso.to_string(), |d| d.long(l))
}

/// "31 de enero", "January 31"… without the year.
fn day_month(l: Lang, month: u8, day: u8) -> String {
    let m = month_name(l, month);
    match l {
        Lang::Es | Lang::Pt => format!("{day} de {m}"),
        Lang::En => format!("{m} {day}"),
        Lang::Fr => format!("{day} {m}"),
    }
}

fn recurrence_text(
    t: &ComplianceStrings,
    l: Lang,
    r: &Recurrence,
    body_code: Option<&str>,
) -> String {
    match r {
        Recurrence::Once { date } => format!("{} {}", t.r_once, long(l, date)),
        Recurrence::Yearly { month, day } => {
            format!("{} {}", t.r_yearly, day_month(l, *month, *day))
        }
        Recurrence::Monthly { day } => format!("{} {day}", t.r_monthly),
        Recurrence::Quarterly { day, start_month } => {
            let months: Vec<&str> = (0..4)
                .map(|k| month_name(l, ((start_month - 1 + 3 * k) % 12) + 1))
                .collect();
            format!("{} {day} ({})", t.r_quarterly, months.join(", "))
        }
        Recurrence::BeforeSessions {
            days_before,
            ordinary_only,
            ..
        } => {
            let body = body_code.map(|b| format!(" ({b})")).unwrap_or_default();
            let n = days_before.unsigned_abs();
            let phrase = match (days_before.signum(), ordinary_only) {
                (0, _) => return format!("{}{body}", t.r_on_the_day),
                (1, false) => t.r_before,
                (1, true) => t.r_before_ordinary,
                (_, false) => t.r_after,
                (_, true) => t.r_after_ordinary,
            };
            format!("{n} {phrase}{body}")
        }
    }
}

fn status_of(t: &ComplianceStrings, o: &Occurrence) -> (&'static str, &'static str) {
    if o.overdue && o.status == OccurrenceStatus::InProgress {
        return (t.st_overdue_in_progress, "overdue");
    }
    if o.overdue {
        return (t.st_overdue, "overdue");
    }
    match o.status {
        OccurrenceStatus::Pending => (t.st_pending, "pending"),
        OccurrenceStatus::InProgress => (t.st_in_progress, "in_progress"),
        OccurrenceStatus::Done => (t.st_done, "done"),
        OccurrenceStatus::Waived => (t.st_waived, "waived"),
    }
}

fn counts_text(t: &ComplianceStrings, c: &ComplianceCounts, obligations: usize) -> String {
    format!(
        "{obligations} {} · {} {} · {} {} · {} {} · {} {}",
        t.obligations,
        c.done,
        t.done.to_lowercase(),
        c.waived,
        t.waived.to_lowercase(),
        c.overdue,
        t.overdue.to_lowercase(),
        c.pending + c.in_progress - c.overdue,
        t.pending.to_lowercase(),
    )
}

/// The compliance report's PDF for `[from, to]`, in `language`, as of `today`
/// (`YYYY-MM-DD`: what is overdue depends on it).
pub fn compliance_report(
    conn: &Connection,
    from: &str,
    to: &str,
    language: Language,
    today: &str,
) -> Result<Vec<u8>, AppError> {
    let day = despacho_core::validate::date("today", Some(today))?
        .ok_or_else(|| AppError::field(ErrorCode::Required, "today", "today is required"))?;
    let r = compliance::report(conn, from, to, day)?;
    let l = lang(language);
    let t = compliance_strings(l);
    let units: HashMap<String, ledger::Unit> = ledger::list_units(conn, language)?
        .into_iter()
        .map(|u| (u.id.clone(), u))
        .collect();
    let mut instruments = Vec::new();
    for i in &r.instruments {
        let mut obligations = Vec::new();
        for o in &i.obligations {
            let ob = &o.obligation;
            let articles = format!(
                "{} {}",
                if o.article_numbers.len() > 1 {
                    t.articles
                } else {
                    t.article
                },
                o.article_numbers.join(", ")
            );
            let mut occurrences = Vec::new();
            for ro in &o.occurrences {
                let c = &ro.occurrence;
                let (status, status_key) = status_of(&t, c);
                let evidence = ro
                    .evidence
                    .iter()
                    .map(|e| {
                        let what = match (&e.file_name, e.title.as_str()) {
                            (Some(f), title) if title.is_empty() || title == f => f.clone(),
                            (Some(f), title) => format!("{title} ({f})"),
                            (None, title) if !title.is_empty() => format!("{title}: {}", e.note),
                            (None, _) => e.note.clone(),
                        };
                        format!("{what} — {} {}", t.effective, e.effective_on)
                    })
                    .collect();
                let sign_off = c.signed_off_at.as_ref().map(|at| {
                    let who = c.signed_off_by_name.clone().unwrap_or_default();
                    let mut s = format!("{who}, {}", at.get(..10).unwrap_or(at));
                    if !c.sign_off_note.is_empty() {
                        s.push_str(&format!(" — {}", c.sign_off_note));
                    }
                    s
                });
                let session = c.session_name.as_ref().map(|n| {
                    if c.session_cancelled {
                        format!("{n} ({})", t.cancelled)
                    } else {
                        n.clone()
                    }
                });
                let mut note = c.note.clone();
                if let (Some(who), true) = (&c.completed_by_name, c.stored) {
                    if matches!(c.status, OccurrenceStatus::Done | OccurrenceStatus::Waived) {
                        note = if note.is_empty() {
                            format!("{} {who}", t.recorded_by)
                        } else {
                            format!("{note} ({} {who})", t.recorded_by)
                        };
                    }
                }
                occurrences.push(OccurrenceView {
                    due: c.due_on.clone(),
                    session,
                    status,
                    status_key,
                    evidence,
                    note,
                    sign_off,
                });
            }
            let unit = ob
                .unit_id
                .as_ref()
                .and_then(|u| units.get(u))
                .map(|u| format!("{} — {}", u.code, u.name))
                .unwrap_or_default();
            obligations.push(ObligationView {
                title: ob.title.clone(),
                articles,
                recurrence: recurrence_text(&t, l, &ob.recurrence, ob.body_code.as_deref()),
                unit,
                responsible: ob.responsible_name.clone(),
                occurrences,
            });
        }
        instruments.push(InstrumentView {
            kind: kind_label(&t, i.kind),
            title: i.title.clone(),
            adopted: i
                .adopted_on
                .as_ref()
                .map(|a| format!("{} {}", t.adopted, long(l, a))),
            counts: counts_text(&t, &i.counts, i.obligations.len()),
            obligations,
        });
    }
    let s = &r.summary;
    let summary = vec![
        SummaryCell {
            key: "total",
            label: t.total,
            value: s.total.to_string(),
        },
        SummaryCell {
            key: "done",
            label: t.done,
            value: s.done.to_string(),
        },
        SummaryCell {
            key: "waived",
            label: t.waived,
            value: s.waived.to_string(),
        },
        SummaryCell {
            key: "overdue",
            label: t.overdue,
            value: s.overdue.to_string(),
        },
        SummaryCell {
            key: "pending",
            label: t.pending,
            value: (s.pending + s.in_progress - s.overdue).to_string(),
        },
        SummaryCell {
            key: "signed_off",
            label: t.signed_off,
            value: s.signed_off.to_string(),
        },
    ];
    let period = match (Ymd::parse(&r.from), Ymd::parse(&r.to)) {
        (Some(f), Some(to)) => date_range(l, f, Some(to)),
        _ => format!("{} – {}", r.from, r.to),
    };
    let letterhead = store_letterhead(conn)?;
    let view = ReportView {
        lang: l.code(),
        period,
        generated: long(l, today),
        letterhead: LetterheadView::new(&letterhead),
        summary,
        instruments,
        t,
    };
    render(&view, &letterhead, today).map_err(document_error)
}

fn render(
    view: &ReportView,
    letterhead: &Letterhead,
    today: &str,
) -> Result<Vec<u8>, DocumentError> {
    let generated = parse_date("generated_on", today)?;
    let mut world = DocWorld::new("/compliance.typ", datetime(generated)?);
    world.add_file("/data.json", to_json(view)?);
    if let Some(logo) = &letterhead.logo_png {
        world.add_file(view::LOGO_PATH, logo.clone());
    }
    compile(&world, generated, "compliance")
}
