//! Sample documents shared by the tests and the benchmark.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::process::{Command, Stdio};

use despacho_documents::*;

pub const HOSTILE: &str = "#set text(red) *bold* $x$ <tag> [link]";

pub fn loc(es: &str, en: &str, pt: &str, fr: &str) -> Localized {
    BTreeMap::from([
        (Lang::Es, es.to_owned()),
        (Lang::En, en.to_owned()),
        (Lang::Pt, pt.to_owned()),
        (Lang::Fr, fr.to_owned()),
    ])
}

/// (number, depth, kind, title es/en/pt/fr)
pub const ITEMS: [(&str, u8, ItemKind, [&str; 4]); 12] = [
    (
        "1",
        0,
        ItemKind::Information,
        [
            "Apertura de la sesión y verificación del quórum",
            "Opening of the session and quorum",
            "Abertura da sessão e verificação do quórum",
            "Ouverture de la session et vérification du quorum",
        ],
    ),
    (
        "2",
        0,
        ItemKind::Decision,
        [
            "Aprobación del orden del día",
            "Adoption of the agenda",
            "Aprovação da ordem do dia",
            "Adoption de l’ordre du jour",
        ],
    ),
    (
        "3",
        0,
        ItemKind::Information,
        [
            "Informe de la Secretaría General",
            "Report of the General Secretariat",
            "Relatório da Secretaria-Geral",
            "Rapport du Secrétariat général",
        ],
    ),
    (
        "3.1",
        1,
        ItemKind::Deliberation,
        [
            "Cotizações: situación de los pagos",
            "Cotizações: status of payments",
            "Cotizações: situação dos pagamentos",
            "Cotizações : état des paiements",
        ],
    ),
    (
        "3.2",
        1,
        ItemKind::Information,
        [
            "Sécurité sociale en las Américas",
            "Sécurité sociale in the Americas",
            "Sécurité sociale nas Américas",
            "Sécurité sociale dans les Amériques",
        ],
    ),
    (
        "4",
        0,
        ItemKind::Decision,
        [
            "Estados financieros y auditoría externa",
            "Financial statements and external audit",
            "Demonstrações financeiras e auditoria externa",
            "États financiers et audit externe",
        ],
    ),
    (
        "5",
        0,
        ItemKind::Information,
        [
            "Informe de la Contraloría",
            "Report of the Comptroller",
            "Relatório da Controladoria",
            "Rapport du Contrôleur",
        ],
    ),
    (
        "6",
        0,
        ItemKind::Decision,
        [
            "Programa y presupuesto 2027",
            "Programme and budget 2027",
            "Programa e orçamento 2027",
            "Programme et budget 2027",
        ],
    ),
    (
        "6.1",
        1,
        ItemKind::Deliberation,
        [HOSTILE, HOSTILE, HOSTILE, HOSTILE],
    ),
    (
        "7",
        0,
        ItemKind::Election,
        [
            "Elección de la Vicepresidencia",
            "Election of the Vice-Presidency",
            "Eleição da Vice-Presidência",
            "Élection de la Vice-présidence",
        ],
    ),
    (
        "8",
        0,
        ItemKind::Decision,
        [
            "Sede y fecha de la próxima reunión",
            "Venue and date of the next meeting",
            "Sede e data da próxima reunião",
            "Lieu et date de la prochaine réunion",
        ],
    ),
    (
        "9",
        0,
        ItemKind::Information,
        ["Clausura", "Closing", "Encerramento", "Clôture"],
    ),
];

pub fn note_for(number: &str) -> Localized {
    loc(
        &format!("Nota explicativa del punto {number}: la Secretaría presenta el documento y propone un proyecto de acuerdo."),
        &format!("Explanatory note on item {number}: the Secretariat introduces the document and proposes a draft decision."),
        &format!("Nota explicativa do item {number}: a Secretaria apresenta o documento e propõe um projeto de decisão."),
        &format!("Note explicative du point {number} : le Secrétariat présente le document et propose un projet de décision."),
    )
}

pub fn agenda(status: AgendaStatus) -> AgendaDocument {
    let mut minutes = 9 * 60;
    let items = ITEMS
        .iter()
        .enumerate()
        .map(|(i, (number, depth, kind, t))| {
            let duration = if *depth == 0 && i % 3 == 0 { 15 } else { 20 };
            let line = AgendaLine {
                number: (*number).to_owned(),
                depth: *depth,
                start_time: Some(format!("{:02}:{:02}", minutes / 60, minutes % 60)),
                duration_minutes: Some(duration),
                kind: *kind,
                presenter: match i % 4 {
                    0 => Some("Presidencia".to_owned()),
                    1 => Some("Secretaría General".to_owned()),
                    2 => Some("Dirección Ejecutiva de Administración y Finanzas".to_owned()),
                    _ => None,
                },
                title: loc(t[0], t[1], t[2], t[3]),
                note: note_for(number),
                documents: if i % 2 == 0 {
                    vec![format!("CPISS/CXII/{}", i + 1)]
                } else {
                    Vec::new()
                },
            };
            minutes += duration;
            line
        })
        .collect();
    AgendaDocument {
        letterhead: Letterhead::default(),
        body_name: loc(
            "Comité Permanente Interamericano de Seguridad Social",
            "Inter-American Standing Committee on Social Security",
            "Comitê Permanente Interamericano de Seguridade Social",
            "Comité permanent interaméricain de sécurité sociale",
        ),
        session_name: loc(
            "CXII Reunión del Comité Permanente",
            "112th Meeting of the Standing Committee",
            "CXII Reunião do Comitê Permanente",
            "CXIIe Réunion du Comité permanent",
        ),
        kind: SessionKind::Ordinary,
        start_date: "2026-03-17".to_owned(),
        start_time: "09:00".to_owned(),
        end_date: Some("2026-03-18".to_owned()),
        time_zone: "America/Mexico_City".to_owned(),
        venue: Some("Sede de la CISS, San Ramón s/n, Ciudad de México".to_owned()),
        virtual_link: Some("https://meet.example.org/cpiss-cxii".to_owned()),
        status,
        revision: 2,
        items,
    }
}

/// An agenda of `n` top-level items with two sub-items every fifth item.
pub fn long_agenda(n: usize) -> AgendaDocument {
    let mut doc = agenda(AgendaStatus::Approved);
    doc.items.clear();
    let mut count = 0;
    let mut top = 0;
    while count < n {
        top += 1;
        let base = &ITEMS[top % ITEMS.len()];
        let t = base.3;
        doc.items.push(AgendaLine {
            number: top.to_string(),
            depth: 0,
            start_time: Some(format!("{:02}:{:02}", 9 + count / 4, (count % 4) * 15)),
            duration_minutes: Some(15),
            kind: base.2,
            presenter: Some("Secretaría General".to_owned()),
            title: loc(t[0], t[1], t[2], t[3]),
            note: note_for(&top.to_string()),
            documents: vec![format!("CPISS/CXII/{top}")],
        });
        count += 1;
        if top % 5 == 0 {
            for sub in 1..=2 {
                if count >= n {
                    break;
                }
                doc.items.push(AgendaLine {
                    number: format!("{top}.{sub}"),
                    depth: 1,
                    start_time: None,
                    duration_minutes: Some(10),
                    kind: ItemKind::Deliberation,
                    presenter: None,
                    title: loc(
                        "Subpunto de trabajo",
                        "Working sub-item",
                        "Subitem de trabalho",
                        "Sous-point de travail",
                    ),
                    note: Localized::new(),
                    documents: Vec::new(),
                });
                count += 1;
            }
        }
    }
    doc
}

pub fn options(langs: &[Lang], annotated: bool) -> AgendaOptions {
    AgendaOptions {
        languages: langs.to_vec(),
        annotated,
        generated_on: "2026-03-01".to_owned(),
    }
}

pub fn minutes(approved: bool) -> MinutesDocument {
    MinutesDocument {
        letterhead: Letterhead::default(),
        body_name: loc(
            "Asamblea General",
            "General Assembly",
            "Assembleia Geral",
            "Assemblée générale",
        ),
        session_name: loc(
            "XXXI Asamblea General",
            "31st General Assembly",
            "XXXI Assembleia Geral",
            "XXXIe Assemblée générale",
        ),
        date: "2026-02-10".to_owned(),
        venue: Some("Ciudad de México".to_owned()),
        attendance: vec![
            Attendance {
                member: "Instituto Mexicano del Seguro Social".to_owned(),
                person: "María José Núñez".to_owned(),
                vote_or_voice: Participation::Vote,
            },
            Attendance {
                member: "Seguro Social de Salud (EsSalud)".to_owned(),
                person: "José Peña".to_owned(),
                vote_or_voice: Participation::Vote,
            },
            Attendance {
                member: "Secretaría General".to_owned(),
                person: "Secretario General".to_owned(),
                vote_or_voice: Participation::Voice,
            },
        ],
        items: vec![
            MinutesItem {
                number: "1".to_owned(),
                title: "Apertura y quórum".to_owned(),
                discussion: "La Presidencia abrió la sesión y verificó el quórum.".to_owned(),
                decision: "Se declaró instalada la sesión.".to_owned(),
                resolutions: vec![],
            },
            MinutesItem {
                number: "2".to_owned(),
                title: "Aprobación del orden del día".to_owned(),
                discussion: "Sin observaciones.".to_owned(),
                decision: "Se aprobó el orden del día por unanimidad.".to_owned(),
                resolutions: vec![Resolution {
                    number: "AG/2026/R-01".to_owned(),
                    text: "Aprobar el orden del día de la XXXI Asamblea General.".to_owned(),
                }],
            },
            MinutesItem {
                number: "3".to_owned(),
                title: "Cuotas de los miembros".to_owned(),
                discussion: "Se discutieron las Cotizações y la Sécurité sociale.".to_owned(),
                decision: "Se aprobó la escala de cuotas 2027.".to_owned(),
                resolutions: vec![
                    Resolution {
                        number: "AG/2026/R-02".to_owned(),
                        text: "Aprobar la escala de cuotas para 2027.".to_owned(),
                    },
                    Resolution {
                        number: "AG/2026/R-03".to_owned(),
                        text: format!("Tomar nota del texto {HOSTILE}."),
                    },
                ],
            },
        ],
        action_items: vec![ActionItem {
            description: "Notificar la escala de cuotas a los miembros".to_owned(),
            owner: "Dirección Ejecutiva de Administración y Finanzas".to_owned(),
            due: "2026-03-31".to_owned(),
        }],
        approved,
    }
}

/// The text of a PDF as `pdftotext -layout` reads it (poppler-utils, installed by CI).
pub fn text_of(pdf: &[u8]) -> String {
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext (poppler-utils) is installed");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), pdf).unwrap();
    String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
}
