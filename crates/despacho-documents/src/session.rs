//! A session's printed documents, from the store: reads the agenda and minutes through
//! `despacho-core` and renders them. The shell and the CLI both print through here.

use despacho_core::agenda::{
    self, AgendaPrint, AgendaStatus as CoreAgendaStatus, ItemKind as CoreItemKind,
};
use despacho_core::minutes::{self, MinutesStatus, OwnerUnit};
use despacho_core::sessions::{AttendanceStatus, SessionKind as CoreSessionKind, SessionPrint};
use despacho_core::users::Language;
use despacho_core::{AppError, ErrorCode};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::*;
use crate::DocumentError;

/// Which document of a session to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Agenda,
    AnnotatedAgenda,
    Minutes,
    /// The agenda followed by every PDF attached to its items.
    Dossier,
}

impl DocumentKind {
    pub fn file_stem(self) -> &'static str {
        match self {
            DocumentKind::Agenda => "orden-del-dia",
            DocumentKind::AnnotatedAgenda => "orden-del-dia-anotado",
            DocumentKind::Minutes => "acta",
            DocumentKind::Dossier => "expediente",
        }
    }
}

/// What to print: the document and its language(s) — one, or two side by side (agendas only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PrintRequest {
    pub kind: DocumentKind,
    pub languages: Vec<Language>,
}

pub(crate) fn lang(l: Language) -> Lang {
    match l {
        Language::Es => Lang::Es,
        Language::En => Lang::En,
        Language::Pt => Lang::Pt,
        Language::Fr => Lang::Fr,
    }
}

fn localized(map: &std::collections::BTreeMap<Language, String>) -> Localized {
    map.iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (lang(*k), v.clone()))
        .collect()
}

fn names(s: &SessionPrint) -> (Localized, Localized) {
    let body = Language::ALL
        .iter()
        .map(|l| (lang(*l), s.body_names.get(*l).to_string()))
        .collect();
    let session = [(Lang::Es, s.name.clone())].into_iter().collect();
    (body, session)
}

pub(crate) fn document_error(e: DocumentError) -> AppError {
    match e {
        DocumentError::Annex { number, reason } => AppError::new(
            ErrorCode::InvalidValue,
            format!("the document attached to item {number} is not a readable PDF: {reason}"),
        ),
        DocumentError::InvalidInput(m) => AppError::new(ErrorCode::InvalidValue, m),
        other => AppError::new(ErrorCode::Internal, other.to_string()),
    }
}

fn agenda_document(p: &AgendaPrint, letterhead: Letterhead) -> AgendaDocument {
    let (body_name, session_name) = names(&p.session);
    AgendaDocument {
        letterhead,
        body_name,
        session_name,
        kind: match p.session.kind {
            CoreSessionKind::Ordinary => SessionKind::Ordinary,
            CoreSessionKind::Extraordinary => SessionKind::Extraordinary,
        },
        start_date: p.session.start_date.clone(),
        start_time: p.session.start_time.clone(),
        end_date: p
            .session
            .end_date
            .clone()
            .filter(|d| *d != p.session.start_date),
        time_zone: p.session.time_zone.clone(),
        venue: Some(p.session.venue.clone()).filter(|v| !v.trim().is_empty()),
        virtual_link: p.session.virtual_link.clone(),
        status: match p.agenda_status {
            CoreAgendaStatus::Provisional => AgendaStatus::Provisional,
            CoreAgendaStatus::Approved => AgendaStatus::Approved,
        },
        revision: p.revision,
        items: p
            .items
            .iter()
            .map(|i| AgendaLine {
                number: i.number.clone(),
                depth: i.depth,
                start_time: Some(i.start_time.clone()).filter(|t| !t.is_empty()),
                duration_minutes: Some(u32::from(i.duration_minutes)).filter(|d| *d > 0),
                kind: match i.kind {
                    CoreItemKind::Information => ItemKind::Information,
                    CoreItemKind::Deliberation => ItemKind::Deliberation,
                    CoreItemKind::Decision => ItemKind::Decision,
                    CoreItemKind::Election => ItemKind::Election,
                },
                presenter: Some(i.presenter.clone()).filter(|p| !p.trim().is_empty()),
                title: localized(&i.titles),
                note: localized(&i.notes),
                documents: i.attachments.iter().map(|a| a.title.clone()).collect(),
            })
            .collect(),
    }
}

/// The letterhead an administrator set (name, address, logo), or the neutral default.
pub(crate) fn store_letterhead(conn: &Connection) -> Result<Letterhead, AppError> {
    let lh = despacho_core::letterhead::letterhead(conn)?;
    let logo_png = despacho_core::letterhead::logo_png(conn, &lh)?;
    Ok(Letterhead {
        organization: lh.organization,
        address: lh.address,
        logo_png,
    })
}

/// Renders a session's document. `generated_on` (`YYYY-MM-DD`) is printed and fixes the PDF's
/// creation date, so the same store and request give the same bytes.
pub fn render(
    conn: &Connection,
    session_id: &str,
    request: &PrintRequest,
    generated_on: &str,
) -> Result<Vec<u8>, AppError> {
    let languages: Vec<Lang> = request.languages.iter().map(|l| lang(*l)).collect();
    let max = if request.kind == DocumentKind::Minutes {
        1
    } else {
        2
    };
    if languages.is_empty()
        || languages.len() > max
        || (languages.len() == 2 && languages[0] == languages[1])
    {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "languages",
            format!(
                "choose one language{}",
                if max == 2 {
                    ", or two different ones for a bilingual agenda"
                } else {
                    ""
                }
            ),
        ));
    }
    match request.kind {
        DocumentKind::Agenda | DocumentKind::AnnotatedAgenda | DocumentKind::Dossier => {
            let print = agenda::agenda_for_print(conn, session_id)?;
            if print.items.is_empty() {
                return Err(AppError::new(
                    ErrorCode::InvalidValue,
                    "the agenda has no items to print",
                ));
            }
            let doc = agenda_document(&print, store_letterhead(conn)?);
            let opts = AgendaOptions {
                languages,
                annotated: request.kind == DocumentKind::AnnotatedAgenda,
                generated_on: generated_on.to_string(),
            };
            if request.kind != DocumentKind::Dossier {
                return crate::render_agenda(&doc, &opts).map_err(document_error);
            }
            let mut annexes = Vec::new();
            for item in &print.items {
                for a in &item.attachments {
                    let bytes = std::fs::read(&a.path).map_err(|e| {
                        AppError::new(
                            ErrorCode::Storage,
                            format!("cannot read the attachment '{}': {e}", a.title),
                        )
                    })?;
                    // Only PDFs are appended; other files stay listed under their item.
                    if bytes.starts_with(b"%PDF-") {
                        annexes.push(Annex {
                            number: item.number.clone(),
                            title: a.title.clone(),
                            pdf_bytes: bytes,
                        });
                    }
                }
            }
            crate::render_dossier(&doc, &opts, &annexes).map_err(document_error)
        }
        DocumentKind::Minutes => {
            let m = minutes::minutes_for_print(conn, session_id)?;
            let (body_name, session_name) = names(&m.session);
            let main = m.session.languages.first().copied().unwrap_or(Language::Es);
            let title = |titles: &std::collections::BTreeMap<Language, String>| {
                titles
                    .get(&request.languages[0])
                    .or_else(|| titles.get(&main))
                    .cloned()
                    .unwrap_or_default()
            };
            let doc = MinutesDocument {
                letterhead: store_letterhead(conn)?,
                body_name,
                session_name,
                date: m.session.start_date.clone(),
                venue: Some(m.session.venue.clone()).filter(|v| !v.trim().is_empty()),
                attendance: m
                    .attendance
                    .lines
                    .iter()
                    .filter(|l| !matches!(l.status, Some(AttendanceStatus::Absent) | None))
                    .map(|l| Attendance {
                        member: l
                            .member_name
                            .clone()
                            .unwrap_or_else(|| l.person_name.clone()),
                        person: [l.attendee.as_str(), l.represented_by.as_str()]
                            .into_iter()
                            .find(|p| !p.trim().is_empty())
                            .unwrap_or(l.person_name.as_str())
                            .to_string(),
                        vote_or_voice: if l.with_vote {
                            Participation::Vote
                        } else {
                            Participation::Voice
                        },
                    })
                    .collect(),
                items: m
                    .items
                    .iter()
                    .map(|i| MinutesItem {
                        number: i.number.clone(),
                        title: title(&i.titles),
                        discussion: i.discussion.clone(),
                        decision: i.decision.clone(),
                        resolutions: m
                            .resolutions
                            .iter()
                            .filter(|r| r.item_id.as_deref() == Some(i.item_id.as_str()))
                            .map(|r| Resolution {
                                number: r.reference.clone(),
                                text: r.text.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
                action_items: m
                    .action_items
                    .iter()
                    .map(|a| ActionItem {
                        description: a.description.clone(),
                        owner: [
                            unit_name(a.owner_unit, languages[0]).to_string(),
                            a.person.clone(),
                        ]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" — "),
                        due: a.due_date.clone().unwrap_or_default(),
                    })
                    .collect(),
                approved: m.status == MinutesStatus::Approved,
            };
            let opts = MinutesOptions {
                language: languages[0],
                generated_on: generated_on.to_string(),
            };
            crate::render_minutes(&doc, &opts).map_err(document_error)
        }
    }
}

/// The office's units as the printed minutes name them.
fn unit_name(unit: OwnerUnit, lang: Lang) -> &'static str {
    match (unit, lang) {
        (OwnerUnit::SecretaryGeneral, Lang::Es) => "Secretaría General",
        (OwnerUnit::SecretaryGeneral, Lang::En) => "General Secretariat",
        (OwnerUnit::SecretaryGeneral, Lang::Pt) => "Secretaria-Geral",
        (OwnerUnit::SecretaryGeneral, Lang::Fr) => "Secrétariat général",
        (OwnerUnit::ChiefOfStaff, Lang::Es) => "Jefatura de Oficina",
        (OwnerUnit::ChiefOfStaff, Lang::En) => "Chief of Staff",
        (OwnerUnit::ChiefOfStaff, Lang::Pt) => "Chefia de Gabinete",
        (OwnerUnit::ChiefOfStaff, Lang::Fr) => "Chef de cabinet",
        (OwnerUnit::ManagingFinances, Lang::Es) => {
            "Dirección Ejecutiva de Administración y Finanzas"
        }
        (OwnerUnit::ManagingFinances, Lang::En) => "Executive Direction for Managing and Finances",
        (OwnerUnit::ManagingFinances, Lang::Pt) => "Direção Executiva de Administração e Finanças",
        (OwnerUnit::ManagingFinances, Lang::Fr) => {
            "Direction exécutive de l'administration et des finances"
        }
        (OwnerUnit::LinkingCooperation, Lang::Es) => {
            "Dirección Ejecutiva de Vinculación y Cooperación"
        }
        (OwnerUnit::LinkingCooperation, Lang::En) => {
            "Executive Direction for Linking and Cooperation"
        }
        (OwnerUnit::LinkingCooperation, Lang::Pt) => "Direção Executiva de Vinculação e Cooperação",
        (OwnerUnit::LinkingCooperation, Lang::Fr) => {
            "Direction exécutive des relations et de la coopération"
        }
    }
}
