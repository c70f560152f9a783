//! Demo data: the bodies of the organization and a set of member institutions drawn from
//! DOMAIN.md, so that a fresh store shows something real. Subregion assignments and
//! admission dates are illustrative, not official.

use std::collections::BTreeMap;

use rusqlite::{params, Transaction};
use serde::Serialize;
use serde_json::json;
use specta::Type;

use crate::agenda::{self, ItemInput, ItemKind};
use crate::audit;
use crate::bodies::{self, BodyNames, SeatInput, SeatRole, TemplateItem};
use crate::error::{AppError, ErrorCode, Result};
use crate::members::{Category, ContactInput, MemberInput, MemberStatus};
use crate::minutes::{self, ActionItemInput, OwnerUnit, ResolutionInput};
use crate::sessions::{
    self, AttendanceInput, AttendanceStatus, SessionInput, SessionKind, SessionStatus,
};
use crate::store::{new_id, now, today, Store};
use crate::users::{Language, Permission, User};

/// (code, kind, es, en, pt, fr)
pub const BODIES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "GA",
        "assembly",
        "Asamblea General",
        "General Assembly",
        "Assembleia Geral",
        "Assemblée générale",
    ),
    (
        "CPISS",
        "committee",
        "Comité Permanente Interamericano de Seguridad Social",
        "Inter-American Standing Committee on Social Security",
        "Comitê Permanente Interamericano de Seguridade Social",
        "Comité permanent interaméricain de sécurité sociale",
    ),
    (
        "CIESS-JD",
        "board",
        "Junta Directiva del CIESS",
        "CIESS Directive Board",
        "Junta Diretiva do CIESS",
        "Conseil de direction du CIESS",
    ),
    (
        "CASS-ACT",
        "commission",
        "CASS de Actuaría y Financiamiento",
        "CASS on Actuarial Science and Financing",
        "CASS de Atuária e Financiamento",
        "CASS d'actuariat et de financement",
    ),
    (
        "CASS-AOSS",
        "commission",
        "CASS de Adultos Mayores, Discapacidad y Servicios Sociales",
        "CASS on Older Persons, Disability and Social Services",
        "CASS de Idosos, Deficiência e Serviços Sociais",
        "CASS des personnes âgées, du handicap et des services sociaux",
    ),
    (
        "CASS-SAL",
        "commission",
        "CASS de Salud",
        "CASS on Health",
        "CASS de Saúde",
        "CASS de la santé",
    ),
    (
        "CASS-RP",
        "commission",
        "CASS de Riesgos del Trabajo",
        "CASS on Occupational Risks",
        "CASS de Riscos do Trabalho",
        "CASS des risques professionnels",
    ),
    (
        "CASS-ORG",
        "commission",
        "CASS de Organización y Sistemas Administrativos",
        "CASS on Organization and Administrative Systems",
        "CASS de Organização e Sistemas Administrativos",
        "CASS d'organisation et de systèmes administratifs",
    ),
    (
        "CASS-JUR",
        "commission",
        "CASS Jurídico-Social",
        "CASS on Social and Legal Affairs",
        "CASS Jurídico-Social",
        "CASS juridico-sociale",
    ),
];

/// (name, acronym, country, category, subregion, admission date, status, website)
pub type DemoMember = (
    &'static str,
    &'static str,
    &'static str,
    Category,
    u8,
    &'static str,
    MemberStatus,
    &'static str,
);

pub const MEMBERS: &[DemoMember] = &[
    (
        "Instituto Mexicano del Seguro Social",
        "IMSS",
        "MX",
        Category::Titular,
        5,
        "1943-01-19",
        MemberStatus::Active,
        "https://www.imss.gob.mx",
    ),
    (
        "Instituto de Seguridad y Servicios Sociales de los Trabajadores del Estado",
        "ISSSTE",
        "MX",
        Category::Titular,
        5,
        "1960-12-30",
        MemberStatus::Active,
        "https://www.gob.mx/issste",
    ),
    (
        "Instituto de Seguridad Social de los Trabajadores del Estado de Chiapas",
        "ISSTECH",
        "MX",
        Category::Associate,
        5,
        "1990-06-15",
        MemberStatus::Active,
        "",
    ),
    (
        "Instituto de Seguridad y Servicios Sociales de los Trabajadores del Estado de Nuevo León",
        "ISSSTELEÓN",
        "MX",
        Category::Associate,
        5,
        "1994-03-10",
        MemberStatus::Active,
        "",
    ),
    (
        "Seguro Social de Salud",
        "EsSalud",
        "PE",
        Category::Titular,
        1,
        "1999-05-20",
        MemberStatus::Active,
        "https://www.essalud.gob.pe",
    ),
    (
        "Instituto de Seguridad Social de la Policía Nacional",
        "ISSPOL",
        "EC",
        Category::Associate,
        1,
        "2005-09-01",
        MemberStatus::Active,
        "",
    ),
    (
        "Instituto Ecuatoriano de Seguridad Social",
        "IESS",
        "EC",
        Category::Titular,
        1,
        "1943-01-19",
        MemberStatus::Active,
        "https://www.iess.gob.ec",
    ),
    (
        "Positiva Compañía de Seguros",
        "Positiva",
        "CO",
        Category::Associate,
        1,
        "2012-11-08",
        MemberStatus::Active,
        "https://www.positiva.gov.co",
    ),
    (
        "Caja Nacional de Salud",
        "CNS",
        "BO",
        Category::Titular,
        1,
        "1956-12-14",
        MemberStatus::Active,
        "",
    ),
    (
        "Instituto Venezolano de los Seguros Sociales",
        "IVSS",
        "VE",
        Category::Titular,
        1,
        "1944-10-01",
        MemberStatus::Suspended,
        "",
    ),
    (
        "Caja Costarricense de Seguro Social",
        "CCSS",
        "CR",
        Category::Titular,
        2,
        "1943-01-19",
        MemberStatus::Active,
        "https://www.ccss.sa.cr",
    ),
    (
        "Instituto Guatemalteco de Seguridad Social",
        "IGSS",
        "GT",
        Category::Titular,
        2,
        "1947-03-05",
        MemberStatus::Active,
        "https://www.igssgt.org",
    ),
    (
        "Caja de Seguro Social",
        "CSS",
        "PA",
        Category::Titular,
        2,
        "1946-07-01",
        MemberStatus::Active,
        "https://www.css.gob.pa",
    ),
    (
        "Instituto Hondureño de Seguridad Social",
        "IHSS",
        "HN",
        Category::Titular,
        2,
        "1962-08-01",
        MemberStatus::Active,
        "",
    ),
    (
        "Instituto Salvadoreño del Seguro Social",
        "ISSS",
        "SV",
        Category::Titular,
        2,
        "1954-05-28",
        MemberStatus::Active,
        "",
    ),
    (
        "Instituto Nicaragüense de Seguridad Social",
        "INSS",
        "NI",
        Category::Titular,
        2,
        "1957-02-11",
        MemberStatus::Active,
        "",
    ),
    (
        "Administración Nacional de la Seguridad Social",
        "ANSES",
        "AR",
        Category::Titular,
        3,
        "1992-02-01",
        MemberStatus::Active,
        "https://www.anses.gob.ar",
    ),
    (
        "Banco de Previsión Social",
        "BPS",
        "UY",
        Category::Titular,
        3,
        "1968-03-01",
        MemberStatus::Active,
        "https://www.bps.gub.uy",
    ),
    (
        "Instituto de Previsión Social",
        "IPS",
        "PY",
        Category::Titular,
        3,
        "1950-06-18",
        MemberStatus::Active,
        "",
    ),
    (
        "Instituto de Previsión Social",
        "IPS",
        "CL",
        Category::Titular,
        3,
        "2009-01-01",
        MemberStatus::Active,
        "https://www.ips.gob.cl",
    ),
    (
        "Ministério do Trabalho e Previdência",
        "MTP",
        "BR",
        Category::Titular,
        3,
        "1943-01-19",
        MemberStatus::Active,
        "",
    ),
    (
        "Antigua and Barbuda Social Security Board",
        "ABSSB",
        "AG",
        Category::Titular,
        4,
        "1975-04-01",
        MemberStatus::Active,
        "",
    ),
    (
        "Social Security Board",
        "SSB",
        "BZ",
        Category::Titular,
        4,
        "1982-07-01",
        MemberStatus::Active,
        "https://www.socialsecurity.org.bz",
    ),
    (
        "Anguilla Social Security Board",
        "ASSB",
        "AI",
        Category::Associate,
        4,
        "1985-01-01",
        MemberStatus::Active,
        "",
    ),
    (
        "National Insurance Scheme",
        "NIS",
        "BB",
        Category::Titular,
        4,
        "1967-10-01",
        MemberStatus::Active,
        "",
    ),
    (
        "Social Security Administration",
        "SSA",
        "US",
        Category::Titular,
        4,
        "1943-01-19",
        MemberStatus::Active,
        "https://www.ssa.gov",
    ),
    (
        "Employment and Social Development Canada",
        "ESDC",
        "CA",
        Category::Adherent,
        4,
        "2001-06-01",
        MemberStatus::Active,
        "",
    ),
    (
        "Consejo Nacional de Seguridad Social",
        "CNSS",
        "DO",
        Category::Linked,
        5,
        "2003-08-20",
        MemberStatus::Active,
        "",
    ),
];

/// What the demo loader added.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct DemoReport {
    pub bodies: u32,
    pub members: u32,
    pub contacts: u32,
    /// Sessions with their agendas (a Standing Committee session ahead, a General Assembly past).
    pub sessions: u32,
    /// Three fiscal years of finance (when the administrator may keep the books).
    pub finance: crate::demo_finance::FinanceDemo,
    /// A year of Linking & Cooperation (when the administrator may edit it).
    pub cooperation: crate::demo_cooperation::CooperationDemo,
    /// A regulation project with two versions (when the administrator may edit compliance).
    pub regulations: crate::demo_regulations::RegulationsDemo,
    /// An election call for the next General Assembly (when the administrator may manage
    /// elections).
    pub elections: crate::demo_elections::ElectionsDemo,
    /// The instruments, about twenty obligations and their occurrences (when the
    /// administrator may edit compliance).
    pub compliance: crate::demo_compliance::ComplianceDemo,
}

/// Loads the demo data once; refused if the store already has member institutions.
pub fn load(store: &mut Store, actor: &User) -> Result<DemoReport> {
    actor.require(Permission::LoadDemo)?;
    let existing: i64 = store.conn().query_row(
        "SELECT count(*) FROM members WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    if existing > 0 {
        return Err(AppError::new(
            ErrorCode::InvalidValue,
            "demo data goes only into a store without member institutions",
        ));
    }
    let mut members = Vec::new();
    for (name, acronym, country, category, subregion, date, status, website) in MEMBERS {
        members.push(MemberInput {
            name: name.to_string(),
            acronym: acronym.to_string(),
            country: country.to_string(),
            category: Some(*category),
            subregion: Some(*subregion),
            admission_date: Some(date.to_string()),
            status: *status,
            website: Some(website.to_string()).filter(|w| !w.is_empty()),
            email: None,
            notes: String::new(),
        });
    }
    let contacts = [
        (
            "IMSS",
            "MX",
            ContactInput {
                name: "Coordinación de Asuntos Internacionales".into(),
                position: "Enlace con la CISS".into(),
                email: Some("enlace.ciss@example.org".into()),
                phone: Some("+52 55 5238 2700".into()),
                languages: vec![Language::Es, Language::En],
            },
        ),
        (
            "EsSalud",
            "PE",
            ContactInput {
                name: "Oficina de Relaciones Internacionales".into(),
                position: "Enlace con la CISS".into(),
                email: Some("internacional@example.org".into()),
                phone: None,
                languages: vec![Language::Es],
            },
        ),
        (
            "SSB",
            "BZ",
            ContactInput {
                name: "International Relations Desk".into(),
                position: "CISS liaison".into(),
                email: Some("liaison@example.org".into()),
                phone: None,
                languages: vec![Language::En, Language::Es],
            },
        ),
    ];
    let member_count = members.len() as u32;
    let contact_count = contacts.len() as u32;
    store.transaction(|tx| {
        let at = now();
        // The standing bodies exist in every store (migration 0004); this adds any missing.
        let mut bodies_added = 0u32;
        for (code, kind, es, en, pt, fr) in BODIES {
            bodies_added += tx.execute(
                "INSERT OR IGNORE INTO bodies (id, code, name_es, name_en, name_pt, name_fr, kind, created_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
                params![new_id(), code, es, en, pt, fr, kind, at, actor.id],
            )? as u32;
        }
        for m in &members {
            tx.execute(
                "INSERT INTO members (id, name, acronym, country, category, subregion, admission_date, status, website, email, notes, created_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, '', ?10, ?10, ?11)",
                params![new_id(), m.name, m.acronym, m.country, m.category.map(|c| c.as_str()), m.subregion, m.admission_date, m.status.as_str(), m.website, at, actor.id],
            )?;
        }
        for (acronym, country, c) in &contacts {
            let member_id: String = tx.query_row("SELECT id FROM members WHERE acronym = ?1 AND country = ?2", params![acronym, country], |r| r.get(0))?;
            let langs: Vec<&str> = c.languages.iter().map(|l| l.as_str()).collect();
            tx.execute(
                "INSERT INTO contacts (id, member_id, name, position, email, phone, languages, created_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
                params![new_id(), member_id, c.name, c.position, c.email, c.phone, langs.join(","), at, actor.id],
            )?;
        }
        let session_count = load_sessions(tx, actor)?;
        let finance = crate::demo_finance::load(tx, actor, today())?;
        let cooperation = crate::demo_cooperation::load(tx, actor, today())?;
        let regulations = crate::demo_regulations::load(tx, actor)?;
        let elections = crate::demo_elections::load(tx, actor, today())?;
        let compliance = crate::demo_compliance::load(tx, actor, today())?;
        audit::record(tx, Some(&actor.id), "demo.load", "store", None, &json!({ "bodies": bodies_added, "members": member_count, "contacts": contact_count, "sessions": session_count, "finance": finance, "cooperation": cooperation, "regulations": regulations, "elections": elections, "compliance": compliance }))?;
        Ok(DemoReport { bodies: bodies_added, members: member_count, contacts: contact_count, sessions: session_count, finance, cooperation, regulations, elections, compliance })
    })
}

// ---------------------------------------------------------------------------------------------
// Sessions

/// (es, en, kind, presenter, minutes, sub-items as (es, en, kind, presenter, minutes))
type DemoItem = (
    &'static str,
    &'static str,
    ItemKind,
    &'static str,
    u16,
    &'static [(&'static str, &'static str, ItemKind, &'static str, u16)],
);

/// A typical Standing Committee agenda (DOMAIN.md).
pub const COMMITTEE_AGENDA: &[DemoItem] = &[
    (
        "Verificación del quórum e inauguración",
        "Roll call, quorum and opening",
        ItemKind::Information,
        "Presidencia",
        10,
        &[],
    ),
    (
        "Aprobación del orden del día",
        "Adoption of the agenda",
        ItemKind::Decision,
        "Presidencia",
        5,
        &[],
    ),
    (
        "Aprobación del acta de la reunión anterior",
        "Approval of the minutes of the previous meeting",
        ItemKind::Decision,
        "Secretaría General",
        10,
        &[],
    ),
    (
        "Informe de actividades y financiero de la CISS",
        "CISS activity and financial report",
        ItemKind::Information,
        "Secretaría General",
        0,
        &[
            (
                "Informe de actividades",
                "Activity report",
                ItemKind::Information,
                "Secretaría General",
                20,
            ),
            (
                "Estados financieros al cierre del ejercicio",
                "Financial statements at year end",
                ItemKind::Information,
                "Dirección Ejecutiva de Administración y Finanzas",
                15,
            ),
        ],
    ),
    (
        "Informe anual de la Contraloría",
        "Comptroller's annual report",
        ItemKind::Information,
        "Contraloría",
        20,
        &[],
    ),
    (
        "Informe, programa y presupuesto del CIESS",
        "CIESS report, programme and budget",
        ItemKind::Decision,
        "Dirección del CIESS",
        25,
        &[],
    ),
    (
        "Programa y presupuesto para el próximo año",
        "Programme and budget for next year",
        ItemKind::Decision,
        "Secretaría General",
        30,
        &[],
    ),
    (
        "Informes de las CASS y de las subregiones",
        "Reports of the CASS and the subregions",
        ItemKind::Information,
        "Presidencias de las CASS y coordinaciones subregionales",
        30,
        &[],
    ),
    (
        "Convenios de cooperación",
        "Cooperation agreements",
        ItemKind::Decision,
        "Dirección Ejecutiva de Vinculación y Cooperación",
        15,
        &[],
    ),
    (
        "Membresía y cuotas en mora",
        "Membership and arrears",
        ItemKind::Decision,
        "Dirección Ejecutiva de Administración y Finanzas",
        15,
        &[],
    ),
    (
        "Proyectos de reglamento",
        "Draft regulations",
        ItemKind::Deliberation,
        "Secretaría General",
        20,
        &[],
    ),
    (
        "Asuntos generales",
        "Other business",
        ItemKind::Deliberation,
        "Presidencia",
        15,
        &[],
    ),
    (
        "Clausura",
        "Closing",
        ItemKind::Information,
        "Presidencia",
        5,
        &[],
    ),
];

/// A typical General Assembly agenda (DOMAIN.md).
pub const ASSEMBLY_AGENDA: &[DemoItem] = &[
    (
        "Inauguración y verificación del quórum",
        "Opening and quorum",
        ItemKind::Information,
        "Presidencia",
        15,
        &[],
    ),
    (
        "Aprobación del orden del día",
        "Adoption of the agenda",
        ItemKind::Decision,
        "Presidencia",
        5,
        &[],
    ),
    (
        "Informe de la Presidencia",
        "Report of the Presidency",
        ItemKind::Information,
        "Presidencia",
        20,
        &[],
    ),
    (
        "Informe de la Secretaría General",
        "Secretary-General's report",
        ItemKind::Information,
        "Secretaría General",
        30,
        &[],
    ),
    (
        "Estados financieros y auditoría externa",
        "Financial statements and external audit",
        ItemKind::Decision,
        "Dirección Ejecutiva de Administración y Finanzas",
        20,
        &[],
    ),
    (
        "Informe de la Contraloría",
        "Comptroller's report",
        ItemKind::Information,
        "Contraloría",
        15,
        &[],
    ),
    (
        "Programa y presupuesto",
        "Programme and budget",
        ItemKind::Decision,
        "Secretaría General",
        30,
        &[],
    ),
    (
        "Cuotas de los miembros",
        "Members' dues",
        ItemKind::Decision,
        "Dirección Ejecutiva de Administración y Finanzas",
        15,
        &[],
    ),
    (
        "Admisión de miembros",
        "Admissions",
        ItemKind::Decision,
        "Secretaría General",
        10,
        &[],
    ),
    (
        "Reformas al Estatuto y al Reglamento",
        "Amendments to the Statute and Regulations",
        ItemKind::Decision,
        "Comité Permanente",
        20,
        &[],
    ),
    (
        "Elecciones",
        "Elections",
        ItemKind::Election,
        "Presidencia",
        0,
        &[
            (
                "Presidencia y Vicepresidencias",
                "President and Vice-Presidents",
                ItemKind::Election,
                "Presidencia",
                20,
            ),
            (
                "Contraloría",
                "Comptroller",
                ItemKind::Election,
                "Presidencia",
                10,
            ),
        ],
    ),
    (
        "Sede y fecha de la próxima Asamblea",
        "Seat and date of the next Assembly",
        ItemKind::Decision,
        "Presidencia",
        10,
        &[],
    ),
    (
        "Clausura",
        "Closing",
        ItemKind::Information,
        "Presidencia",
        5,
        &[],
    ),
];

fn item_input(es: &str, en: &str, kind: ItemKind, presenter: &str, minutes: u16) -> ItemInput {
    let mut titles = BTreeMap::new();
    titles.insert(Language::Es, es.to_string());
    titles.insert(Language::En, en.to_string());
    ItemInput {
        kind,
        presenter: presenter.to_string(),
        duration_minutes: minutes,
        titles,
        notes: BTreeMap::new(),
    }
}

/// Adds the agenda; returns the item ids in reading order.
fn add_agenda(
    tx: &Transaction,
    actor: &User,
    session_id: &str,
    items: &[DemoItem],
) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for (es, en, kind, presenter, minutes, subs) in items {
        let id = agenda::add_item_in(
            tx,
            actor,
            session_id,
            None,
            &item_input(es, en, *kind, presenter, *minutes),
        )?;
        ids.push(id.clone());
        for (es, en, kind, presenter, minutes) in *subs {
            ids.push(agenda::add_item_in(
                tx,
                actor,
                session_id,
                Some(&id),
                &item_input(es, en, *kind, presenter, *minutes),
            )?);
        }
    }
    Ok(ids)
}

fn template(items: &[DemoItem]) -> Vec<TemplateItem> {
    items
        .iter()
        .map(|(es, en, kind, presenter, minutes, _)| TemplateItem {
            kind: *kind,
            titles: BodyNames {
                es: es.to_string(),
                en: en.to_string(),
                pt: String::new(),
                fr: String::new(),
            },
            presenter: presenter.to_string(),
            duration_minutes: *minutes,
        })
        .collect()
}

fn member_id(tx: &Transaction, acronym: &str, country: &str) -> Result<String> {
    Ok(tx.query_row(
        "SELECT id FROM members WHERE acronym = ?1 AND country = ?2 AND deleted_at IS NULL",
        params![acronym, country],
        |r| r.get(0),
    )?)
}

/// The Standing Committee's composition, its next session (in three weeks, agenda approved)
/// and a past General Assembly with minutes, resolutions and action items.
fn load_sessions(tx: &Transaction, actor: &User) -> Result<u32> {
    let ga = bodies::find_body(tx, "GA")?;
    let cpiss = bodies::find_body(tx, "CPISS")?;
    let at = now();
    tx.execute(
        "UPDATE bodies SET membership = 'all_members', updated_at = ?2, updated_by = ?3 WHERE id = ?1",
        params![ga.id, at, actor.id],
    )?;
    bodies::set_agenda_template_tx(tx, actor, &ga.id, &template(ASSEMBLY_AGENDA))?;
    bodies::set_agenda_template_tx(tx, actor, &cpiss.id, &template(COMMITTEE_AGENDA))?;

    // The Standing Committee: terms of three years; one ends within two months.
    let today = today();
    let day = |d: i64| (today + chrono::Duration::days(d)).to_string();
    // (member acronym and country, person, role, vote, term ends in days)
    type DemoSeat<'a> = (Option<(&'a str, &'a str)>, &'a str, SeatRole, bool, i64);
    let seats: [DemoSeat; 13] = [
        (Some(("IMSS", "MX")), "", SeatRole::President, true, 400),
        (Some(("CCSS", "CR")), "", SeatRole::VicePresident, true, 400),
        (
            Some(("EsSalud", "PE")),
            "",
            SeatRole::VicePresident,
            true,
            45,
        ),
        (
            Some(("ANSES", "AR")),
            "",
            SeatRole::VicePresident,
            true,
            400,
        ),
        (Some(("IESS", "EC")), "", SeatRole::Coordinator, true, 400),
        (Some(("IGSS", "GT")), "", SeatRole::Coordinator, true, 400),
        (Some(("BPS", "UY")), "", SeatRole::Coordinator, true, 400),
        (Some(("SSB", "BZ")), "", SeatRole::Coordinator, true, 400),
        (Some(("ISSSTE", "MX")), "", SeatRole::Coordinator, true, 400),
        (
            Some(("ISSTECH", "MX")),
            "",
            SeatRole::Representative,
            true,
            400,
        ),
        (
            None,
            "Secretaría General de la CISS",
            SeatRole::Secretary,
            false,
            400,
        ),
        (
            None,
            "Contraloría de la CISS",
            SeatRole::Comptroller,
            false,
            400,
        ),
        (None, "Dirección del CIESS", SeatRole::Director, false, 400),
    ];
    for (member, person, role, has_vote, ends_in) in seats {
        let member_id = member.map(|(a, c)| member_id(tx, a, c)).transpose()?;
        bodies::add_seat_tx(
            tx,
            actor,
            &cpiss.id,
            &SeatInput {
                member_id,
                person_name: person.to_string(),
                role,
                has_vote,
                term_from: Some(day(ends_in - 3 * 365)),
                term_to: Some(day(ends_in)),
            },
        )?;
    }

    // The next Standing Committee session, in three weeks, agenda approved.
    let start = format!("{}T10:00", today + chrono::Duration::days(21));
    let end = format!("{}T18:00", today + chrono::Duration::days(21));
    let name = sessions::suggested_name(tx, &cpiss.id, 112, SessionKind::Ordinary)?;
    let committee = sessions::create_session_in(
        tx,
        actor,
        &SessionInput {
            body_id: cpiss.id.clone(),
            ordinal: Some(112),
            name,
            kind: SessionKind::Ordinary,
            starts_at: start,
            ends_at: Some(end),
            time_zone: sessions::DEFAULT_TIME_ZONE.into(),
            venue: "Sede de la CISS, San Ramón s/n, Ciudad de México".into(),
            virtual_link: Some("https://meet.example.org/cpiss-cxii".into()),
            languages: vec![Language::Es, Language::En],
        },
    )?;
    add_agenda(tx, actor, &committee, COMMITTEE_AGENDA)?;
    agenda::approve_agenda_tx(tx, actor, &committee)?;
    sessions::set_session_status_tx(tx, actor, &committee, SessionStatus::Convened)?;

    // The last General Assembly, some months ago: held and closed, with its record.
    let past = today - chrono::Duration::days(200);
    let name = sessions::suggested_name(tx, &ga.id, 31, SessionKind::Ordinary)?;
    let assembly = sessions::create_session_in(
        tx,
        actor,
        &SessionInput {
            body_id: ga.id.clone(),
            ordinal: Some(31),
            name,
            kind: SessionKind::Ordinary,
            starts_at: format!("{past}T09:30"),
            ends_at: Some(format!("{}T14:00", past + chrono::Duration::days(1))),
            time_zone: "America/Panama".into(),
            venue: "Ciudad de Panamá".into(),
            virtual_link: None,
            languages: vec![Language::Es, Language::En, Language::Pt],
        },
    )?;
    let items = add_agenda(tx, actor, &assembly, ASSEMBLY_AGENDA)?;
    agenda::approve_agenda_tx(tx, actor, &assembly)?;
    sessions::set_session_status_tx(tx, actor, &assembly, SessionStatus::Convened)?;
    for (acronym, country) in [
        ("IMSS", "MX"),
        ("CCSS", "CR"),
        ("CSS", "PA"),
        ("EsSalud", "PE"),
        ("ANSES", "AR"),
        ("BPS", "UY"),
        ("IESS", "EC"),
        ("IGSS", "GT"),
        ("SSA", "US"),
        ("ABSSB", "AG"),
        ("ISSSTE", "MX"),
        ("IHSS", "HN"),
        ("ISSS", "SV"),
        ("ISSTECH", "MX"),
    ] {
        let id = member_id(tx, acronym, country)?;
        sessions::set_attendance_tx(
            tx,
            actor,
            &assembly,
            &AttendanceInput {
                seat_id: None,
                member_id: Some(id),
                status: AttendanceStatus::Present,
                attendee: String::new(),
                represented_by: String::new(),
                with_vote: None,
            },
        )?;
    }
    sessions::set_session_status_tx(tx, actor, &assembly, SessionStatus::Held)?;
    let record = [
        (0, "La Presidencia inauguró la Asamblea y la Secretaría General verificó el quórum.", "Se declaró el quórum."),
        (1, "Sin observaciones.", "Se aprobó el orden del día."),
        (3, "La Secretaría General presentó su informe de actividades del trienio.", "La Asamblea tomó nota del informe."),
        (4, "La Dirección Ejecutiva de Administración y Finanzas presentó los estados financieros auditados.", "Se aprobaron los estados financieros y el dictamen de la auditoría externa."),
        (6, "Se presentó el programa y presupuesto del trienio.", "Se aprobó el programa y presupuesto."),
        (7, "Se discutió la escala de cuotas.", "Se mantuvo la escala de cuotas vigente."),
    ];
    for (i, discussion, decision) in record {
        minutes::set_minutes_entry_tx(tx, actor, &items[i], discussion, decision)?;
    }
    for (i, title) in [
        (4, "Aprobación de los estados financieros auditados"),
        (6, "Aprobación del programa y presupuesto"),
        (7, "Escala de cuotas de los miembros"),
    ] {
        minutes::adopt_resolution_tx(
            tx,
            actor,
            &assembly,
            &ResolutionInput {
                item_id: Some(items[i].clone()),
                title: title.into(),
                text: format!("La Asamblea General resuelve: {title}."),
            },
        )?;
    }
    minutes::add_action_item_tx(
        tx,
        actor,
        &assembly,
        &ActionItemInput {
            item_id: Some(items[7].clone()),
            description: "Notificar a los miembros la escala de cuotas aprobada".into(),
            owner_unit: OwnerUnit::ManagingFinances,
            person: "Dirección Ejecutiva de Administración y Finanzas".into(),
            due_date: Some(day(10)),
        },
    )?;
    minutes::add_action_item_tx(
        tx,
        actor,
        &assembly,
        &ActionItemInput {
            item_id: Some(items[6].clone()),
            description: "Publicar el programa aprobado en el sitio de la CISS".into(),
            owner_unit: OwnerUnit::LinkingCooperation,
            person: String::new(),
            due_date: Some(day(30)),
        },
    )?;
    sessions::set_session_status_tx(tx, actor, &assembly, SessionStatus::Closed)?;
    Ok(2)
}
