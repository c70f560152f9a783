//! Demo data for elections: the call for the election of authorities at the next General
//! Assembly (created through the sessions' operations when the demo has none ahead), with its
//! positions (President, two Vice-Presidents, Secretary-General, Comptroller), requirements
//! (curriculum, work plan, letter of acceptance, sworn declaration and the four rules) and
//! seven postulations: one without its work plan, one nominated by a member in arrears (IESS,
//! see `demo_finance::ARREARS`), one Comptroller of the Secretary-General candidate's
//! nationality. The call is closed and its report still a draft. Written through the same
//! operations the app uses, inside the demo's one transaction.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use specta::Type;

use crate::attachments;
use crate::elections::{
    self, ElectionCallInput, ElectionRequirementInput, ElectionRequirementKind, EligibilityRule,
    EligibilityVerdict, PostulationDocumentInput, PostulationInput, VerdictInput, GENERAL_ASSEMBLY,
};
use crate::error::Result;
use crate::sessions::{self, SessionFilter, SessionInput, SessionKind};
use crate::store::{new_id, Within};
use crate::users::{Language, Permission, User};

/// What the elections demo added.
#[derive(Debug, Clone, Default, Serialize, Type, PartialEq)]
pub struct ElectionsDemo {
    pub calls: u16,
    pub postulations: u16,
    /// Documents attached (none when the store keeps no files, e.g. in memory).
    pub documents: u16,
}

fn member(tx: &Transaction, acronym: &str, country: &str) -> Result<Option<String>> {
    Ok(tx
        .query_row(
            "SELECT id FROM members WHERE acronym = ?1 AND country = ?2 AND deleted_at IS NULL",
            params![acronym, country],
            |r| r.get(0),
        )
        .optional()?)
}

fn texts(es: &str, en: &str, pt: &str, fr: &str) -> BTreeMap<Language, String> {
    [
        (Language::Es, es),
        (Language::En, en),
        (Language::Pt, pt),
        (Language::Fr, fr),
    ]
    .into_iter()
    .map(|(l, t)| (l, t.to_string()))
    .collect()
}

/// The next General Assembly session: the first one ahead, else a new one in four months.
fn next_assembly(tx: &Transaction, actor: &User, today: NaiveDate) -> Result<String> {
    let ahead = sessions::list_sessions(
        tx,
        &SessionFilter {
            body: Some(GENERAL_ASSEMBLY.into()),
            from_date: Some(Utc::now().date_naive().to_string()),
            ..Default::default()
        },
    )?;
    if let Some(s) = ahead.into_iter().next() {
        return Ok(s.id);
    }
    let ordinal = sessions::next_ordinal(tx, GENERAL_ASSEMBLY, SessionKind::Ordinary)?;
    let name = sessions::suggested_name(tx, GENERAL_ASSEMBLY, ordinal, SessionKind::Ordinary)?;
    let day = today + Duration::days(120);
    sessions::create_session_in(
        tx,
        actor,
        &SessionInput {
            body_id: GENERAL_ASSEMBLY.into(),
            ordinal: Some(ordinal),
            name,
            kind: SessionKind::Ordinary,
            starts_at: format!("{day}T09:30"),
            ends_at: Some(format!("{}T14:00", day + Duration::days(1))),
            time_zone: "America/Asuncion".into(),
            venue: "Asunción, Paraguay".into(),
            virtual_link: None,
            languages: vec![Language::Es, Language::En, Language::Pt],
        },
    )
}

/// (candidate, nationality, position index, nominators, received days before today, documents
/// presented as requirement indexes 0 CV, 1 work plan, 2 letter of acceptance)
type DemoPostulation = (
    &'static str,
    &'static str,
    usize,
    &'static [(&'static str, &'static str)],
    i64,
    &'static [usize],
);

const POSTULATIONS: [DemoPostulation; 7] = [
    (
        "María Fernanda Cordero Vargas",
        "CR",
        0,
        &[("CCSS", "CR"), ("CSS", "PA")],
        41,
        &[0, 1, 2],
    ),
    (
        "Juan Carlos Benítez Ortiz",
        "PY",
        1,
        &[("IPS", "PY")],
        37,
        // No work plan.
        &[0, 2],
    ),
    (
        "Gabriela Ríos Salazar",
        "EC",
        1,
        // IESS is in arrears (demo finance).
        &[("IESS", "EC")],
        33,
        &[0, 1, 2],
    ),
    (
        "Ricardo Almeida Souza",
        "BR",
        1,
        &[("MTP", "BR"), ("BPS", "UY")],
        29,
        &[0, 1, 2],
    ),
    (
        "Alejandro Torres Medina",
        "MX",
        2,
        &[("IMSS", "MX"), ("ISSSTE", "MX")],
        44,
        &[0, 1, 2],
    ),
    (
        "Lucía Montenegro Paz",
        "GT",
        3,
        &[("IGSS", "GT")],
        26,
        &[0, 1, 2],
    ),
    (
        "Héctor Villalobos Ruiz",
        "MX",
        3,
        &[("ISSSTE", "MX")],
        20,
        &[0, 1, 2],
    ),
];

/// Loads the elections demo inside the demo's transaction. Skipped (all zeros) when the
/// acting administrator may not manage elections or the demo members are missing.
pub fn load(tx: &Transaction, actor: &User, today: NaiveDate) -> Result<ElectionsDemo> {
    let mut out = ElectionsDemo::default();
    if !actor.can(Permission::ManageElections) || member(tx, "IMSS", "MX")?.is_none() {
        return Ok(out);
    }
    let d = |days: i64| (today - Duration::days(days)).to_string();
    let session_id = next_assembly(tx, actor, today)?;
    let mut s = Within(tx);
    let call = elections::create_call(
        &mut s,
        actor,
        &ElectionCallInput {
            session_id,
            title: "Convocatoria para la elección de autoridades de la CISS".into(),
            opens_on: d(60),
            closes_on: d(15),
            sitting_sg_nationality: Some("MX".into()),
            notes: "Convocatoria circulada a los miembros titulares por correo y publicada en el sitio de la CISS.".into(),
        },
    )?;
    out.calls += 1;
    let positions = elections::add_standard_positions(&mut s, actor, &call.id)?;
    let mut reqs = Vec::new();
    for (kind, rule, t) in [
        (
            ElectionRequirementKind::Document,
            None,
            texts(
                "Currículum vitae actualizado",
                "Up-to-date curriculum vitae",
                "Currículo atualizado",
                "Curriculum vitae à jour",
            ),
        ),
        (
            ElectionRequirementKind::Document,
            None,
            texts(
                "Plan de trabajo para el periodo",
                "Work plan for the term",
                "Plano de trabalho para o mandato",
                "Plan de travail pour le mandat",
            ),
        ),
        (
            ElectionRequirementKind::Document,
            None,
            texts(
                "Carta de aceptación de la candidatura",
                "Letter of acceptance of the candidacy",
                "Carta de aceitação da candidatura",
                "Lettre d'acceptation de la candidature",
            ),
        ),
        (
            ElectionRequirementKind::Declaration,
            None,
            texts(
                "Declaración jurada de no tener conflicto de intereses",
                "Sworn declaration of no conflict of interest",
                "Declaração juramentada de ausência de conflito de interesses",
                "Déclaration sur l'honneur d'absence de conflit d'intérêts",
            ),
        ),
        (
            ElectionRequirementKind::Rule,
            Some(EligibilityRule::ReceivedBeforeClosing),
            texts(
                "Postulación recibida a más tardar en la fecha de cierre",
                "Postulation received by the closing date",
                "Candidatura recebida até a data de encerramento",
                "Candidature reçue au plus tard à la date de clôture",
            ),
        ),
        (
            ElectionRequirementKind::Rule,
            Some(EligibilityRule::NominatorTitular),
            texts(
                "Propuesta por un miembro titular",
                "Nominated by a titular member",
                "Indicada por um membro titular",
                "Présentée par un membre titulaire",
            ),
        ),
        (
            ElectionRequirementKind::Rule,
            Some(EligibilityRule::NominatorCurrentInDues),
            texts(
                "El miembro proponente está al corriente en sus cuotas",
                "The nominating member is current in its dues",
                "O membro proponente está em dia com as suas contribuições",
                "Le membre proposant est à jour de ses cotisations",
            ),
        ),
        (
            ElectionRequirementKind::Rule,
            Some(EligibilityRule::ComptrollerNationalityDiffersFromSg),
            texts(
                "Nacionalidad del Contralor distinta de la del Secretario General",
                "The Comptroller's nationality differs from the Secretary-General's",
                "Nacionalidade do Controlador diferente da do Secretário-Geral",
                "Nationalité du Contrôleur différente de celle du Secrétaire général",
            ),
        ),
    ] {
        reqs.push(elections::add_requirement(
            &mut s,
            actor,
            &call.id,
            &ElectionRequirementInput {
                position_id: None,
                kind,
                rule,
                texts: t,
            },
        )?);
    }
    // Documents need a store on disk (the files go to its data folder).
    let files = attachments::data_dir(tx)
        .ok()
        .map(|_| std::env::temp_dir().join(format!("despacho-demo-elections-{}", new_id())));
    if let Some(dir) = &files {
        std::fs::create_dir_all(dir).map_err(|e| {
            crate::AppError::new(crate::ErrorCode::Storage, format!("demo files: {e}"))
        })?;
    }
    let doc_names = [
        ("Currículum vitae", "cv"),
        ("Plan de trabajo", "plan-de-trabajo"),
        ("Carta de aceptación", "carta-de-aceptacion"),
    ];
    let result = (|| -> Result<()> {
        for (name, nationality, pos, nominators, received, docs) in POSTULATIONS {
            let mut ids = Vec::new();
            for (a, c) in nominators {
                if let Some(id) = member(tx, a, c)? {
                    ids.push(id);
                }
            }
            if ids.is_empty() {
                continue;
            }
            let p = elections::create_postulation(
                &mut s,
                actor,
                &call.id,
                &PostulationInput {
                    position_id: positions[pos].id.clone(),
                    candidate_name: name.into(),
                    nationality: nationality.into(),
                    nominator_ids: ids,
                    received_on: d(received),
                    notes: String::new(),
                },
            )?;
            out.postulations += 1;
            if let Some(dir) = &files {
                for i in docs {
                    let (title, slug) = doc_names[*i];
                    let surname = name.split(' ').nth(2).unwrap_or(name).to_lowercase();
                    let path = dir.join(format!("{slug}-{surname}.txt"));
                    std::fs::write(
                        &path,
                        format!("{title} — {name}\n(documento de demostración)\n"),
                    )
                    .map_err(|e| {
                        crate::AppError::new(crate::ErrorCode::Storage, format!("demo files: {e}"))
                    })?;
                    elections::attach_document(
                        &mut s,
                        actor,
                        &p.id,
                        &PostulationDocumentInput {
                            title: format!("{title} — {name}"),
                            path: path.display().to_string(),
                            requirement_id: Some(reqs[*i].id.clone()),
                        },
                    )?;
                    out.documents += 1;
                }
            }
            // The sworn declarations were all received and checked.
            elections::set_verdict(
                &mut s,
                actor,
                &p.id,
                &reqs[3].id,
                &VerdictInput {
                    verdict: EligibilityVerdict::Met,
                    evidence: "Declaración jurada firmada, recibida con la postulación".into(),
                    note: String::new(),
                },
            )?;
        }
        Ok(())
    })();
    if let Some(dir) = &files {
        let _ = std::fs::remove_dir_all(dir);
    }
    result?;
    elections::close_call(&mut s, actor, &call.id)?;
    Ok(out)
}
