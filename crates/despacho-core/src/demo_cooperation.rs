//! Demo data for Linking & Cooperation: a plausible year of agreements (one ending within the
//! desk's 90 days), technical assistance requests at every step, missions (one under way
//! today, one completed with its report filed and its cost posted), publications and two
//! dissemination lists. Dated relative to today and written through the same operations the
//! app uses, inside the demo's one transaction.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use specta::Type;

use crate::agreements::{self, AgreementInput, AgreementStatus};
use crate::assistance::{
    self, DeliverableInput, ExpertInput, RequestInput, RequestStatus, RequestStatusChange,
};
use crate::dues::Amount;
use crate::error::Result;
use crate::lists::{self, ListCriteria, ListInput};
use crate::members::Category;
use crate::missions::{
    self, ActualCostInput, Leg, MissionInput, MissionStatus, MissionStatusChange, Traveller,
};
use crate::publications::{
    self, Channel, DisseminationInput, PublicationInput, PublicationKind, PublicationStatus,
    Version,
};
use crate::store::Within;
use crate::users::{Language, Permission, User};

/// What the cooperation demo added.
#[derive(Debug, Clone, Default, Serialize, Type, PartialEq)]
pub struct CooperationDemo {
    pub agreements: u16,
    pub requests: u16,
    pub missions: u16,
    pub publications: u16,
    pub lists: u16,
}

const CASS_ACTUARIAL: &str = "01940000-0000-7000-8000-000000000004";
const CASS_HEALTH: &str = "01940000-0000-7000-8000-000000000006";
const CASS_RISKS: &str = "01940000-0000-7000-8000-000000000007";

fn member(tx: &Transaction, acronym: &str, country: &str) -> Result<Option<String>> {
    Ok(tx
        .query_row(
            "SELECT id FROM members WHERE acronym = ?1 AND country = ?2 AND deleted_at IS NULL",
            params![acronym, country],
            |r| r.get(0),
        )
        .optional()?)
}

fn contact(tx: &Transaction, member_id: &str) -> Result<Option<String>> {
    Ok(tx
        .query_row(
            "SELECT id FROM contacts WHERE member_id = ?1 AND deleted_at IS NULL ORDER BY name LIMIT 1",
            [member_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Loads the cooperation demo inside the demo's transaction. Skipped (all zeros) when the
/// acting administrator may not edit Linking & Cooperation's records, or the demo members are
/// missing.
pub fn load(tx: &Transaction, actor: &User, today: NaiveDate) -> Result<CooperationDemo> {
    let mut out = CooperationDemo::default();
    if !actor.can(Permission::EditCooperation) {
        return Ok(out);
    }
    let (Some(imss), Some(essalud), Some(ssb)) = (
        member(tx, "IMSS", "MX")?,
        member(tx, "EsSalud", "PE")?,
        member(tx, "SSB", "BZ")?,
    ) else {
        return Ok(out);
    };
    let d = |days: i64| (today + Duration::days(days)).to_string();
    let mut s = Within(tx);

    // Agreements: one with IMSS ending within 90 days, one with another organization for years,
    // one with EsSalud expired, one draft with SSB.
    let mut agreement = |s: &mut Within,
                         member_id: Option<&str>,
                         other: &str,
                         subject: &str,
                         from: i64,
                         to: i64,
                         notice: Option<u16>,
                         status: &[AgreementStatus]|
     -> Result<String> {
        let a = agreements::create_agreement(
            s,
            actor,
            &AgreementInput {
                member_id: member_id.map(str::to_string),
                counterpart_name: other.to_string(),
                subject: subject.to_string(),
                signed_on: Some(d(from - 10)),
                valid_from: Some(d(from)),
                valid_to: Some(d(to)),
                notice_days: notice,
                renewal_date: None,
                notes: String::new(),
            },
        )?;
        for st in status {
            agreements::set_agreement_status(s, actor, &a.id, *st)?;
        }
        out.agreements += 1;
        Ok(a.id)
    };
    let imss_agreement = agreement(
        &mut s,
        Some(&imss),
        "",
        "Convenio de cooperación técnica en materia actuarial",
        -1035,
        60,
        Some(90),
        &[AgreementStatus::InForce],
    )?;
    agreement(
        &mut s,
        None,
        "Organización Iberoamericana de Seguridad Social (OISS)",
        "Memorando de entendimiento para el intercambio de información",
        -400,
        1060,
        Some(120),
        &[AgreementStatus::InForce],
    )?;
    agreement(
        &mut s,
        Some(&essalud),
        "",
        "Convenio marco de capacitación",
        -1500,
        -30,
        None,
        &[AgreementStatus::InForce, AgreementStatus::Expired],
    )?;
    agreements::create_agreement(
        &mut s,
        actor,
        &AgreementInput {
            member_id: Some(ssb.clone()),
            subject: "Technical cooperation on contribution collection".into(),
            ..Default::default()
        },
    )?;
    out.agreements += 1;

    // Technical assistance requests at every step.
    let change = |status, on: i64, reason: &str, outcome: &str| RequestStatusChange {
        status,
        on: Some(d(on)),
        reason: reason.into(),
        outcome: outcome.into(),
    };
    let mut request = |s: &mut Within,
                       member_id: &str,
                       area: &str,
                       title: &str,
                       received: i64|
     -> Result<String> {
        out.requests += 1;
        Ok(assistance::create_request(
            s,
            actor,
            &RequestInput {
                received_on: d(received),
                member_id: member_id.to_string(),
                contact_id: contact(tx, member_id)?,
                area_id: Some(area.to_string()),
                title: title.to_string(),
                description: String::new(),
            },
        )?
        .id)
    };
    let closed = request(
        &mut s,
        &essalud,
        CASS_HEALTH,
        "Modelo de atención primaria en salud",
        -320,
    )?;
    assistance::set_request_status(
        &mut s,
        actor,
        &closed,
        &change(RequestStatus::UnderAssessment, -310, "", ""),
    )?;
    assistance::set_request_status(
        &mut s,
        actor,
        &closed,
        &change(
            RequestStatus::Approved,
            -300,
            "Dentro del programa de trabajo de la CASS de Salud",
            "",
        ),
    )?;
    assistance::add_expert(
        &mut s,
        actor,
        &closed,
        &ExpertInput {
            name: "Dra. Carmen Ruiz".into(),
            role: "Especialista en salud pública".into(),
            external: true,
        },
    )?;
    assistance::set_request_status(
        &mut s,
        actor,
        &closed,
        &change(RequestStatus::InProgress, -280, "", ""),
    )?;
    assistance::set_request_status(
        &mut s,
        actor,
        &closed,
        &change(
            RequestStatus::Closed,
            -200,
            "",
            "Informe con recomendaciones entregado y presentado a la dirección",
        ),
    )?;

    let active = request(
        &mut s,
        &imss,
        CASS_ACTUARIAL,
        "Valuación actuarial del seguro de invalidez y vida",
        -90,
    )?;
    assistance::set_request_status(
        &mut s,
        actor,
        &active,
        &change(RequestStatus::UnderAssessment, -85, "", ""),
    )?;
    assistance::set_request_status(
        &mut s,
        actor,
        &active,
        &change(
            RequestStatus::Approved,
            -75,
            "Prioridad del programa actuarial",
            "",
        ),
    )?;
    assistance::add_expert(
        &mut s,
        actor,
        &active,
        &ExpertInput {
            name: "Luis Gómez".into(),
            role: "Actuario".into(),
            external: false,
        },
    )?;
    let detail = assistance::add_deliverable(
        &mut s,
        actor,
        &active,
        &DeliverableInput {
            title: "Nota metodológica".into(),
            due_on: Some(d(-20)),
        },
    )?;
    assistance::add_deliverable(
        &mut s,
        actor,
        &active,
        &DeliverableInput {
            title: "Informe de valuación".into(),
            due_on: Some(d(30)),
        },
    )?;
    assistance::set_request_status(
        &mut s,
        actor,
        &active,
        &change(RequestStatus::InProgress, -60, "", ""),
    )?;
    assistance::deliver(&mut s, actor, &detail.deliverables[0].id, Some(&d(-22)))?;

    let assessed = request(
        &mut s,
        &ssb,
        CASS_RISKS,
        "Occupational injury benefit review",
        -20,
    )?;
    assistance::set_request_status(
        &mut s,
        actor,
        &assessed,
        &change(RequestStatus::UnderAssessment, -15, "", ""),
    )?;
    request(
        &mut s,
        &essalud,
        CASS_ACTUARIAL,
        "Proyección financiera del régimen de pensiones",
        -3,
    )?;

    // Missions: one completed with its report, one under way today, one planned.
    let mission = |purpose: &str,
                   country: &str,
                   city: &str,
                   start: i64,
                   end: i64,
                   request: &str,
                   agreement: Option<&str>,
                   traveller: &str| MissionInput {
        purpose: purpose.into(),
        country: country.into(),
        city: city.into(),
        start_date: d(start),
        end_date: d(end),
        travellers: vec![Traveller {
            name: traveller.into(),
            role: "Jefe de misión".into(),
        }],
        itinerary: vec![
            Leg {
                on_date: d(start),
                from: "Ciudad de México".into(),
                to: city.into(),
                transport: "avión".into(),
                notes: String::new(),
            },
            Leg {
                on_date: d(end),
                from: city.into(),
                to: "Ciudad de México".into(),
                transport: "avión".into(),
                notes: String::new(),
            },
        ],
        request_ids: vec![request.to_string()],
        session_ids: vec![],
        agreement_ids: agreement.map(|a| vec![a.to_string()]).unwrap_or_default(),
        estimated_cost: Some(Amount {
            amount: "4800.00".into(),
            currency: "USD".into(),
        }),
        notes: String::new(),
    };
    let status = |on: i64, st| MissionStatusChange {
        status: st,
        on: Some(d(on)),
    };
    let past = missions::create_mission(
        &mut s,
        actor,
        &mission(
            "Diagnóstico de atención primaria",
            "PE",
            "Lima",
            -270,
            -266,
            &closed,
            None,
            "Dra. Carmen Ruiz",
        ),
    )?;
    missions::set_mission_status(
        &mut s,
        actor,
        &past.id,
        &status(-275, MissionStatus::Approved),
    )?;
    missions::set_mission_status(
        &mut s,
        actor,
        &past.id,
        &status(-270, MissionStatus::UnderWay),
    )?;
    missions::set_mission_status(
        &mut s,
        actor,
        &past.id,
        &status(-266, MissionStatus::Completed),
    )?;
    missions::write_report(
        &mut s,
        actor,
        &past.id,
        "Se visitaron tres centros de atención primaria y se acordaron las recomendaciones.",
    )?;
    missions::set_mission_status(
        &mut s,
        actor,
        &past.id,
        &status(-260, MissionStatus::ReportFiled),
    )?;
    missions::record_actual_cost(
        &mut s,
        actor,
        &past.id,
        &ActualCostInput {
            cost: Amount {
                amount: "4635.20".into(),
                currency: "USD".into(),
            },
            paid_on: d(-262),
            budget_line: "3.1".into(),
            cash_account: "1102".into(),
        },
    )?;
    let now_mission = missions::create_mission(
        &mut s,
        actor,
        &mission(
            "Misión de asistencia técnica actuarial",
            "MX",
            "Monterrey",
            -2,
            3,
            &active,
            Some(&imss_agreement),
            "Luis Gómez",
        ),
    )?;
    missions::set_mission_status(
        &mut s,
        actor,
        &now_mission.id,
        &status(-10, MissionStatus::Approved),
    )?;
    missions::set_mission_status(
        &mut s,
        actor,
        &now_mission.id,
        &status(-2, MissionStatus::UnderWay),
    )?;
    missions::create_mission(
        &mut s,
        actor,
        &mission(
            "Reunión de evaluación del régimen de riesgos",
            "BZ",
            "Belmopan",
            40,
            43,
            &assessed,
            None,
            "Secretaría General",
        ),
    )?;
    out.missions = 3;

    // Dissemination lists and publications.
    let spanish = lists::create_list(
        &mut s,
        actor,
        &ListInput {
            name: "Enlaces en español".into(),
            criteria: ListCriteria {
                languages: vec![Language::Es],
                ..Default::default()
            },
        },
    )?;
    lists::create_list(
        &mut s,
        actor,
        &ListInput {
            name: "Miembros titulares, Subregión IV".into(),
            criteria: ListCriteria {
                categories: vec![Category::Titular],
                subregions: vec![4],
                ..Default::default()
            },
        },
    )?;
    out.lists = 2;
    let version = |l, t: &str| Version {
        language: l,
        title: t.into(),
        summary: String::new(),
    };
    let mut publication = |s: &mut Within,
                           kind,
                           vs: Vec<Version>,
                           steps: &[PublicationStatus],
                           sent: Option<i64>|
     -> Result<()> {
        let p = publications::create_publication(
            s,
            actor,
            &PublicationInput {
                kind,
                versions: vs,
                published_on: None,
                notes: String::new(),
            },
        )?;
        for st in steps {
            publications::set_publication_status(s, actor, &p.id, *st)?;
        }
        if let Some(on) = sent {
            publications::record_dissemination(
                s,
                actor,
                &p.id,
                &DisseminationInput {
                    list_id: Some(spanish.id.clone()),
                    channel: Channel::Email,
                    sent_on: Some(d(on)),
                    notes: String::new(),
                },
            )?;
            publications::record_dissemination(
                s,
                actor,
                &p.id,
                &DisseminationInput {
                    list_id: None,
                    channel: Channel::Web,
                    sent_on: Some(d(on)),
                    notes: String::new(),
                },
            )?;
        }
        out.publications += 1;
        Ok(())
    };
    let through = [PublicationStatus::Review, PublicationStatus::Approved];
    publication(
        &mut s,
        PublicationKind::Report,
        vec![
            version(Language::Es, "Informe sobre la seguridad social en América"),
            version(Language::En, "Report on Social Security in the Americas"),
            version(
                Language::Pt,
                "Relatório sobre a seguridade social nas Américas",
            ),
        ],
        &through,
        Some(-150),
    )?;
    publication(
        &mut s,
        PublicationKind::Bulletin,
        vec![version(Language::Es, "Boletín CISS, primer trimestre")],
        &through,
        Some(-45),
    )?;
    publication(&mut s, PublicationKind::Statement, vec![version(Language::Es, "Declaración sobre la protección social de las personas trabajadoras de plataformas"), version(Language::En, "Statement on social protection of platform workers")], &through, None)?;
    publication(
        &mut s,
        PublicationKind::Bulletin,
        vec![version(Language::Es, "Boletín CISS, segundo trimestre")],
        &[PublicationStatus::Review],
        None,
    )?;
    publication(
        &mut s,
        PublicationKind::Publication,
        vec![version(
            Language::Es,
            "Cuadernos de seguridad social: pensiones no contributivas",
        )],
        &[],
        None,
    )?;
    Ok(out)
}
