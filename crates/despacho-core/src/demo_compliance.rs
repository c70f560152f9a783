//! Demo data for compliance: the Statute, the Regulations, the Headquarters Agreement, a
//! Presidency determination and a Standing Committee resolution with a few articles each;
//! about twenty obligations of every recurrence kind; some occurrences done (with notes),
//! one waived, one in progress, the rest pending — some overdue, some due soon. Dated from
//! today and written through the same operations the app uses, inside the demo's one
//! transaction.

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Transaction;
use serde::Serialize;
use specta::Type;

use crate::bodies;
use crate::error::Result;
use crate::instruments::{self, ArticleInput, InstrumentInput, InstrumentKind};
use crate::obligations::{
    self, ObligationFilter, ObligationInput, OccurrenceStatus, OccurrenceStatusChange, Recurrence,
};
use crate::store::Within;
use crate::users::{Permission, User};

/// What the compliance demo added.
#[derive(Debug, Clone, Default, Serialize, Type, PartialEq)]
pub struct ComplianceDemo {
    pub instruments: u16,
    pub articles: u16,
    pub obligations: u16,
    /// Occurrences acted on (done, waived, in progress).
    pub occurrences: u16,
}

const UNIT_SG: &str = "01940000-0000-7000-8001-000000000001";
const UNIT_DEAF: &str = "01940000-0000-7000-8001-000000000002";
const UNIT_DEVC: &str = "01940000-0000-7000-8001-000000000003";
const UNIT_CIESS: &str = "01940000-0000-7000-8001-000000000004";

type Arts = &'static [(&'static str, &'static str)];

const STATUTE: Arts = &[
    ("1", "La Conferencia Interamericana de Seguridad Social es un organismo internacional técnico, de carácter permanente, que tiene por finalidad contribuir al desarrollo de la seguridad social en los países de América."),
    ("12", "La Asamblea General se reunirá en sesión ordinaria cada tres años, en la sede y fecha que ella misma determine."),
    ("18", "El Comité Permanente Interamericano de Seguridad Social se reunirá en sesión ordinaria una vez al año y en sesión extraordinaria cuando lo convoque el Presidente."),
    ("24", "Corresponde al Secretario General presentar a la Asamblea General el informe de actividades de la Conferencia y someter al Comité Permanente el proyecto de programa y presupuesto."),
    ("24 bis", "El Secretario General velará por el cumplimiento del Estatuto, del Reglamento, del Acuerdo de Sede y de las determinaciones de la Presidencia."),
    ("30", "Los recursos de la Conferencia se integran con las cuotas de sus miembros, que fija y revisa la Asamblea General."),
];

const REGULATIONS: Arts = &[
    ("8", "Los documentos de trabajo de las sesiones del Comité Permanente se remitirán a sus integrantes con una antelación no menor de quince días naturales."),
    ("15", "La Secretaría General llevará la contabilidad de la Conferencia conforme a las Normas Internacionales de Contabilidad del Sector Público y conciliará mensualmente sus cuentas bancarias."),
    ("15 bis", "Los estados financieros anuales se someterán a auditoría externa dentro de los tres meses siguientes al cierre del ejercicio."),
    ("40", "La Contraloría rendirá al Comité Permanente un informe anual sobre la gestión financiera de la Conferencia."),
    ("52", "La Secretaría General notificará a los miembros, dentro del primer mes de cada ejercicio, el monto de sus cuotas."),
];

const HEADQUARTERS: Arts = &[
    ("3", "El Gobierno reconoce la personalidad jurídica internacional de la Conferencia y su capacidad para contratar, adquirir y disponer de bienes."),
    ("7", "La Conferencia, sus bienes, ingresos y haberes estarán exentos de todo impuesto directo; la exención se acreditará ante la autoridad fiscal en los plazos que esta determine."),
    ("12", "La Conferencia comunicará a la Secretaría de Relaciones Exteriores, cada año, la lista de sus funcionarios internacionales y sus familiares dependientes."),
    ("14", "Los vehículos oficiales de la Conferencia se registrarán con placas diplomáticas, cuyo refrendo es anual."),
];

const DETERMINATION: Arts = &[
    ("1", "La Secretaría General informará trimestralmente a la Presidencia sobre la ejecución del programa y presupuesto."),
    ("2", "El informe trimestral se presentará dentro de los últimos días del trimestre que corresponda."),
    ("3", "Los acuerdos de cooperación próximos a vencer se informarán a la Presidencia con noventa días de anticipación."),
];

const RESOLUTION: Arts = &[
    ("1", "Se instruye a la Secretaría General a presentar al Comité Permanente, en cada sesión ordinaria, un informe sobre el estado de las cuotas y los miembros en mora."),
    ("2", "Se instruye a la Secretaría General a publicar las resoluciones del Comité dentro de los diez días siguientes a cada sesión."),
];

fn articles(arts: Arts) -> Vec<ArticleInput> {
    arts.iter()
        .map(|(n, t)| ArticleInput {
            number: n.to_string(),
            text: t.to_string(),
        })
        .collect()
}

/// Loads the compliance demo when the acting user may edit compliance.
pub fn load(tx: &Transaction, actor: &User, today: NaiveDate) -> Result<ComplianceDemo> {
    let mut out = ComplianceDemo::default();
    if !actor.can(Permission::EditCompliance) {
        return Ok(out);
    }
    let cpiss = bodies::find_body(tx, "CPISS")?;
    let ga = bodies::find_body(tx, "GA")?;
    let mut s = Within(tx);
    let year = today.year();

    let mut instrument = |s: &mut Within,
                          kind: InstrumentKind,
                          title: &str,
                          body: Option<&str>,
                          adopted: &str,
                          arts: Arts|
     -> Result<Vec<String>> {
        let i = instruments::create_instrument(
            s,
            actor,
            &InstrumentInput {
                kind,
                title: title.into(),
                body_id: body.map(str::to_string),
                adopted_on: Some(adopted.into()),
                notes: String::new(),
            },
            &articles(arts),
        )?;
        out.instruments += 1;
        out.articles += i.articles.len() as u16;
        Ok(i.articles.into_iter().map(|a| a.id).collect())
    };
    let st = instrument(
        &mut s,
        InstrumentKind::Statute,
        "Estatuto de la Conferencia Interamericana de Seguridad Social",
        None,
        "1942-09-16",
        STATUTE,
    )?;
    let rg = instrument(
        &mut s,
        InstrumentKind::Regulations,
        "Reglamento de la Conferencia Interamericana de Seguridad Social",
        None,
        "2019-11-28",
        REGULATIONS,
    )?;
    let hq = instrument(
        &mut s,
        InstrumentKind::HeadquartersAgreement,
        "Acuerdo de Sede entre el Gobierno de los Estados Unidos Mexicanos y la CISS",
        None,
        "1953-06-22",
        HEADQUARTERS,
    )?;
    let pd = instrument(
        &mut s,
        InstrumentKind::PresidencyDetermination,
        &format!(
            "Determinación de la Presidencia 01/{} sobre informes trimestrales",
            year - 1
        ),
        None,
        &format!("{}-02-15", year - 1),
        DETERMINATION,
    )?;
    let rs = instrument(
        &mut s,
        InstrumentKind::BodyResolution,
        &format!(
            "Resolución CPISS/{}/R-07 sobre cuotas y publicidad de resoluciones",
            year - 1
        ),
        Some(&cpiss.id),
        &format!("{}-03-20", year - 1),
        RESOLUTION,
    )?;

    let since = format!("{}-01-01", year - 1);
    #[allow(clippy::type_complexity)]
    let list: Vec<(&str, &str, &str, &str, Recurrence, Vec<&String>)> = vec![
        ("Presentar el proyecto de presupuesto al Comité Permanente 30 días antes de su sesión ordinaria",
         "Proyecto de programa y presupuesto del ejercicio siguiente, con la nota de la Dirección de Administración.",
         UNIT_DEAF, "Dirección Ejecutiva de Administración y Finanzas",
         Recurrence::BeforeSessions { body_id: cpiss.id.clone(), days_before: 30, ordinary_only: true }, vec![&st[3]]),
        ("Remitir los documentos de trabajo al Comité Permanente 15 días antes de cada sesión",
         "Orden del día anotado, informes y proyectos de resolución.",
         UNIT_SG, "Jefatura de Gabinete",
         Recurrence::BeforeSessions { body_id: cpiss.id.clone(), days_before: 15, ordinary_only: false }, vec![&rg[0]]),
        ("Informe sobre el estado de las cuotas y los miembros en mora en cada sesión ordinaria del Comité",
         "", UNIT_DEAF, "Tesorería",
         Recurrence::BeforeSessions { body_id: cpiss.id.clone(), days_before: 7, ordinary_only: true }, vec![&rs[0], &st[5]]),
        ("Publicar las resoluciones del Comité Permanente dentro de los 10 días siguientes a la sesión",
         "", UNIT_DEVC, "Comunicación institucional",
         Recurrence::BeforeSessions { body_id: cpiss.id.clone(), days_before: -10, ordinary_only: false }, vec![&rs[1]]),
        ("Informe de actividades a la Asamblea General 30 días antes de su sesión ordinaria",
         "Informe del Secretario General sobre el trienio.",
         UNIT_SG, "Secretario General",
         Recurrence::BeforeSessions { body_id: ga.id.clone(), days_before: 30, ordinary_only: true }, vec![&st[3], &st[1]]),
        ("Informe anual de actividades de la Secretaría General",
         "Se presenta al Comité Permanente y se publica en el sitio de la Conferencia.",
         UNIT_SG, "Jefatura de Gabinete",
         Recurrence::Yearly { month: 1, day: 31 }, vec![&st[3]]),
        ("Conciliación bancaria mensual",
         "Conciliación de las cuentas en MXN y USD con los estados de cuenta del banco.",
         UNIT_DEAF, "Contabilidad",
         Recurrence::Monthly { day: 31 }, vec![&rg[1]]),
        ("Informe trimestral a la Presidencia sobre la ejecución del presupuesto",
         "", UNIT_SG, "Jefatura de Gabinete",
         Recurrence::Quarterly { day: 28, start_month: 3 }, vec![&pd[0], &pd[1]]),
        ("Informe a la Presidencia de los acuerdos de cooperación próximos a vencer",
         "", UNIT_DEVC, "Dirección Ejecutiva de Vinculación y Cooperación",
         Recurrence::Quarterly { day: 15, start_month: 1 }, vec![&pd[2]]),
        ("Auditoría externa de los estados financieros del ejercicio anterior",
         "Contratar y recibir el dictamen del auditor externo.",
         UNIT_DEAF, "Dirección Ejecutiva de Administración y Finanzas",
         Recurrence::Yearly { month: 3, day: 31 }, vec![&rg[2]]),
        ("Informe anual de la Contraloría al Comité Permanente",
         "La Secretaría General facilita la información que la Contraloría solicite.",
         UNIT_SG, "Contraloría (enlace: Jefatura de Gabinete)",
         Recurrence::Yearly { month: 2, day: 29 }, vec![&rg[3]]),
        ("Notificar a los miembros el monto de sus cuotas del ejercicio",
         "", UNIT_DEAF, "Tesorería",
         Recurrence::Yearly { month: 1, day: 31 }, vec![&rg[4], &st[5]]),
        ("Comunicar a la Secretaría de Relaciones Exteriores la lista de funcionarios internacionales",
         "", UNIT_SG, "Recursos Humanos",
         Recurrence::Yearly { month: 3, day: 15 }, vec![&hq[2]]),
        ("Refrendo anual de las placas diplomáticas de los vehículos oficiales",
         "", UNIT_DEAF, "Servicios Generales",
         Recurrence::Yearly { month: 4, day: 30 }, vec![&hq[3]]),
        ("Renovación de la constancia de exención fiscal ante el SAT (Acuerdo de Sede)",
         "Trámite único para acreditar la exención del artículo 7 del Acuerdo de Sede.",
         UNIT_DEAF, "Dirección Ejecutiva de Administración y Finanzas",
         Recurrence::Once { date: (today + Duration::days(12)).to_string() }, vec![&hq[1]]),
        ("Actualizar el poder notarial del Secretario General ante notario público",
         "", UNIT_SG, "Asesoría Jurídica",
         Recurrence::Once { date: (today - Duration::days(20)).to_string() }, vec![&hq[0]]),
        ("Informe mensual de actividades académicas del CIESS",
         "", UNIT_CIESS, "Dirección del CIESS",
         Recurrence::Monthly { day: 5 }, vec![&st[0]]),
        ("Revisión trimestral del registro de cumplimiento normativo",
         "Verificar que cada obligación del registro tiene responsable y evidencia.",
         UNIT_SG, "Jefatura de Gabinete",
         Recurrence::Quarterly { day: 31, start_month: 3 }, vec![&st[4]]),
        ("Respaldo y verificación mensual de los archivos de la Secretaría",
         "", UNIT_SG, "Informática",
         Recurrence::Monthly { day: 1 }, vec![&st[4]]),
        ("Declaración anual de las cuotas recibidas a la Contraloría",
         "", UNIT_DEAF, "Tesorería",
         Recurrence::Yearly { month: 6, day: 30 }, vec![&st[5]]),
    ];
    for (title, description, unit, person, recurrence, arts) in list {
        obligations::create_obligation(
            &mut s,
            actor,
            &ObligationInput {
                title: title.into(),
                description: description.into(),
                unit_id: Some(unit.into()),
                responsible_name: person.into(),
                responsible_user_id: None,
                recurrence,
                starts_on: Some(since.clone()),
                ends_on: None,
                article_ids: arts.into_iter().cloned().collect(),
            },
        )?;
        out.obligations += 1;
    }

    // The past: most occurrences of last year and this year done, a few left overdue, one
    // waived and one in progress.
    let past = obligations::occurrences_between(
        tx,
        &ObligationFilter::default(),
        NaiveDate::from_ymd_opt(year - 1, 1, 1).unwrap_or(today),
        today,
        today,
    )?;
    let mut n = 0usize;
    for occ in past {
        n += 1;
        let late = occ.days_left >= -45;
        let change = if occ.obligation_title.starts_with("Refrendo")
            && occ.due_on.starts_with(&(year - 1).to_string())
        {
            Some((
                OccurrenceStatus::Waived,
                "Los vehículos se dieron de baja en ese ejercicio; no hubo refrendo que tramitar.",
            ))
        } else if late && n.is_multiple_of(3) {
            // Recent and left undone: overdue.
            None
        } else if late && n % 3 == 1 {
            Some((OccurrenceStatus::InProgress, ""))
        } else if occ.obligation_title.starts_with("Actualizar el poder") {
            None
        } else {
            Some((
                OccurrenceStatus::Done,
                "Cumplido en tiempo; constancia en el expediente de la Secretaría General.",
            ))
        };
        if let Some((status, note)) = change {
            obligations::set_occurrence_status(
                &mut s,
                actor,
                &occ.id,
                &OccurrenceStatusChange {
                    status,
                    note: note.into(),
                },
            )?;
            out.occurrences += 1;
        }
    }
    Ok(out)
}
