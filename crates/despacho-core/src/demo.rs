//! Demo data: the bodies of the organization and a set of member institutions drawn from
//! DOMAIN.md, so that a fresh store shows something real. Subregion assignments and
//! admission dates are illustrative, not official.

use rusqlite::params;
use serde::Serialize;
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::error::{AppError, ErrorCode, Result};
use crate::members::{Category, ContactInput, MemberInput, MemberStatus};
use crate::store::{new_id, now, Store};
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
    let body_count = BODIES.len() as u32;
    let member_count = members.len() as u32;
    let contact_count = contacts.len() as u32;
    store.transaction(|tx| {
        let at = now();
        for (code, kind, es, en, pt, fr) in BODIES {
            tx.execute(
                "INSERT OR IGNORE INTO bodies (id, code, name_es, name_en, name_pt, name_fr, kind, created_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
                params![new_id(), code, es, en, pt, fr, kind, at, actor.id],
            )?;
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
        audit::record(tx, Some(&actor.id), "demo.load", "store", None, &json!({ "bodies": body_count, "members": member_count, "contacts": contact_count }))?;
        Ok(DemoReport { bodies: body_count, members: member_count, contacts: contact_count })
    })
}
