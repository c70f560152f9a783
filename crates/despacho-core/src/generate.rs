//! `generate`: a deterministic office of N years for benchmarks and sizing (issue 9). Same
//! seed, same content (names, dates, amounts, order); only the UUIDv7 ids and the write
//! timestamps differ. Everything goes through the operations the app uses (or, for the bulk
//! rows the demo also writes directly — members, contacts, document metadata — the same
//! INSERTs), inside one transaction, so the search index, the audit chain and the books'
//! invariants hold exactly as they would after years of use.
//!
//! Volumes per year (ten years ≈ the issue's decade): ~9–10 members joining in the first
//! year (95 in all) with 16 contacts each, 15 sessions of ~20 agenda items with their minutes,
//! resolutions and action items, ~10,000 journal entries, dues for every member, a budget
//! and a revision, 100 assistance requests and 100 missions, 10 agreements, 20 publications
//! and ~2,000 documents' metadata (the files themselves are not written: the rows name
//! content that is not in the attachment store).

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{params, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};
use specta::Type;
use std::collections::BTreeMap;

use crate::agenda::{self, ItemInput, ItemKind};
use crate::agreements::{self, AgreementInput, AgreementStatus};
use crate::assistance::{self, ExpertInput, RequestInput, RequestStatus, RequestStatusChange};
use crate::audit;
use crate::bodies;
use crate::budget::{self, TransferInput};
use crate::demo_finance::{mxn_per_usd, BUDGET, SCALE};
use crate::dues::{self, Amount, InvoiceRunInput, PaymentInput, ScaleInput};
use crate::elections::{
    self, ElectionCallInput, ElectionRequirementInput, ElectionRequirementKind, EligibilityRule,
    EligibilityVerdict, PostulationInput, VerdictInput,
};
use crate::error::{AppError, ErrorCode, Result};
use crate::instruments::{self, ArticleInput, InstrumentInput, InstrumentKind};
use crate::ledger::{self, EntryKind, EntrySource, ValidEntry, ValidLine};
use crate::members::Category;
use crate::minutes::{self, ActionItemInput, OwnerUnit, ResolutionInput};
use crate::missions::{self, Leg, MissionInput, MissionStatus, MissionStatusChange, Traveller};
use crate::obligations::{self, ObligationFilter, ObligationInput, Recurrence};
use crate::publications::{self, PublicationInput, PublicationKind, PublicationStatus, Version};
use crate::rng::Rng;
use crate::sessions::{self, SessionInput, SessionKind, SessionStatus};
use crate::store::{new_id, now, today, Store, Within};
use crate::users::{Language, Permission, User};

/// What `generate` wrote.
#[derive(Debug, Clone, Default, Serialize, Type, PartialEq)]
pub struct GenerateReport {
    pub years: u16,
    pub members: u32,
    pub contacts: u32,
    pub sessions: u32,
    pub agenda_items: u32,
    pub minutes_entries: u32,
    pub resolutions: u32,
    pub journal_entries: u32,
    pub invoices: u32,
    pub payments: u32,
    pub budgets: u32,
    pub revisions: u32,
    pub requests: u32,
    pub missions: u32,
    pub agreements: u32,
    pub publications: u32,
    pub documents: u32,
    pub obligations: u32,
    /// Occurrences acted on (done, waived, in progress), written as stored rows.
    pub occurrences: u32,
    pub election_calls: u32,
    pub postulations: u32,
}

/// (country, subregion, Spanish adjective for names)
const COUNTRIES: [(&str, u8, &str); 32] = [
    ("MX", 2, "México"),
    ("GT", 2, "Guatemala"),
    ("SV", 2, "El Salvador"),
    ("HN", 2, "Honduras"),
    ("NI", 2, "Nicaragua"),
    ("CR", 2, "Costa Rica"),
    ("PA", 2, "Panamá"),
    ("BZ", 3, "Belice"),
    ("CU", 3, "Cuba"),
    ("DO", 3, "República Dominicana"),
    ("HT", 3, "Haití"),
    ("JM", 3, "Jamaica"),
    ("BB", 3, "Barbados"),
    ("TT", 3, "Trinidad y Tobago"),
    ("AG", 3, "Antigua y Barbuda"),
    ("BS", 3, "Bahamas"),
    ("CO", 4, "Colombia"),
    ("EC", 4, "Ecuador"),
    ("PE", 4, "Perú"),
    ("BO", 4, "Bolivia"),
    ("VE", 4, "Venezuela"),
    ("AR", 5, "Argentina"),
    ("BR", 5, "Brasil"),
    ("CL", 5, "Chile"),
    ("PY", 5, "Paraguay"),
    ("UY", 5, "Uruguay"),
    ("US", 1, "Estados Unidos"),
    ("CA", 1, "Canadá"),
    ("GY", 3, "Guyana"),
    ("SR", 3, "Surinam"),
    ("LC", 3, "Santa Lucía"),
    ("GD", 3, "Granada"),
];

/// (name, acronym) patterns of social security institutions.
const INSTITUTIONS: [(&str, &str); 12] = [
    ("Instituto de Seguridad Social", "ISS"),
    ("Caja de Seguro Social", "CSS"),
    ("Instituto de Previsión Social", "IPS"),
    ("Banco de Previsión Social", "BPS"),
    ("Instituto Nacional de Pensiones", "INP"),
    ("Superintendencia de Pensiones", "SP"),
    ("Fondo Nacional de Salud", "FONASA"),
    ("Instituto de Seguridad y Servicios Sociales", "ISSS"),
    ("Caja Nacional de Salud", "CNS"),
    ("Administración Nacional de Seguridad Social", "ANSES"),
    ("Instituto de Seguros Sociales", "ISSO"),
    (
        "Comisión Nacional del Sistema de Ahorro para el Retiro",
        "CONSAR",
    ),
];

const GIVEN: [&str; 16] = [
    "Ana", "Luis", "María", "Jorge", "Carmen", "Pedro", "Lucía", "Andrés", "Sofía", "Miguel",
    "Elena", "Ricardo", "Paula", "Fernando", "Isabel", "Tomás",
];
const FAMILY: [&str; 16] = [
    "García",
    "Rodríguez",
    "Martínez",
    "López",
    "Hernández",
    "González",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Flores",
    "Rivera",
    "Gómez",
    "Díaz",
    "Morales",
    "Ortiz",
];
const POSITIONS: [&str; 8] = [
    "Enlace con la CISS",
    "Director General",
    "Directora de Asuntos Internacionales",
    "Jefe de Prestaciones",
    "Actuaria en jefe",
    "Coordinador de Salud",
    "Asesora jurídica",
    "Director de Finanzas",
];
const TOPICS: [&str; 12] = [
    "Valuación actuarial del régimen de pensiones",
    "Modelo de atención primaria en salud",
    "Prevención de riesgos del trabajo",
    "Cobertura de trabajadores independientes",
    "Sistemas de información y afiliación",
    "Inversión de las reservas técnicas",
    "Cuidados de largo plazo",
    "Prestaciones por desempleo",
    "Digitalización de trámites",
    "Seguro de invalidez y vida",
    "Pensiones no contributivas",
    "Gestión de la cobranza de cotizaciones",
];
/// (account, budget line, unit, description, minimum and spread in cents, currency)
const EXPENSES: [(&str, &str, &str, &str, i64, i64, &str); 8] = [
    (
        "5101",
        "1.1",
        "SG",
        "Honorarios y servicios profesionales",
        200_000,
        900_000,
        "MXN",
    ),
    (
        "5501",
        "5.1",
        "DEAF",
        "Gastos de operación de la sede",
        50_000,
        400_000,
        "MXN",
    ),
    (
        "5401",
        "4.1",
        "DEVC",
        "Publicaciones y difusión",
        20_000,
        150_000,
        "USD",
    ),
    (
        "5301",
        "3.1",
        "DEVC",
        "Viáticos de misión de asistencia técnica",
        30_000,
        250_000,
        "USD",
    ),
    (
        "5301",
        "3.2",
        "SG",
        "Pasajes de viaje oficial",
        40_000,
        200_000,
        "USD",
    ),
    (
        "5201",
        "2.1",
        "SG",
        "Servicios de reunión de órganos",
        30_000,
        300_000,
        "USD",
    ),
    (
        "5501",
        "6.1",
        "CIESS",
        "Apoyo a cursos del CIESS",
        50_000,
        300_000,
        "MXN",
    ),
    (
        "5501",
        "5.1",
        "DEAF",
        "Mantenimiento del edificio sede",
        40_000,
        250_000,
        "MXN",
    ),
];

/// Journal entries per working day (≈ 10,000 a year with the dues and the payroll).
const ENTRIES_PER_DAY: u32 = 38;

/// What the generated obligations ask of the Secretariat.
const TASKS: [&str; 12] = [
    "presentar el informe de ejecución del presupuesto",
    "conciliar las cuentas bancarias",
    "remitir los documentos de trabajo a los integrantes",
    "publicar las resoluciones adoptadas",
    "notificar a los miembros el monto de sus cuotas",
    "comunicar la lista de funcionarios internacionales",
    "renovar los seguros de la sede",
    "informar a la Presidencia sobre los acuerdos próximos a vencer",
    "respaldar y verificar los archivos",
    "rendir el informe de la Contraloría",
    "actualizar el registro de firmas autorizadas",
    "revisar el inventario de bienes",
];

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn cents(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

/// Fills an empty store (no member institutions) with `years` years of the office ending
/// today, from `seed`. Needs an administrator who is the Secretary-General (every module's
/// permission). `progress` hears what is being written.
pub fn generate(
    store: &mut Store,
    actor: &User,
    years: u16,
    seed: u64,
    progress: &mut dyn FnMut(&str),
) -> Result<GenerateReport> {
    for p in [
        Permission::LoadDemo,
        Permission::EditMembers,
        Permission::EditSessions,
        Permission::ApproveSessionRecords,
        Permission::ManageFinances,
        Permission::ApproveFinances,
        Permission::EditCooperation,
        Permission::EditCompliance,
        Permission::ManageElections,
        Permission::SignEligibility,
    ] {
        actor.require(p)?;
    }
    if !(1..=30).contains(&years) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "years",
            "generate between 1 and 30 years",
        ));
    }
    let existing: i64 = store.conn().query_row(
        "SELECT count(*) FROM members WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    if existing > 0 {
        return Err(AppError::new(
            ErrorCode::InvalidValue,
            "generated data goes only into a store without member institutions",
        ));
    }
    store.transaction(|tx| {
        let mut g = Gen {
            tx,
            actor,
            rng: Rng::new(seed),
            today: today(),
            first_year: today().year() - i32::from(years) + 1,
            report: GenerateReport {
                years,
                ..Default::default()
            },
            members: Vec::new(),
        };
        progress("members");
        g.members_and_contacts()?;
        progress("sessions");
        g.sessions()?;
        progress("finance");
        g.finance(progress)?;
        progress("cooperation");
        g.cooperation()?;
        progress("documents");
        g.documents()?;
        progress("compliance");
        g.compliance()?;
        progress("elections");
        g.elections()?;
        audit::record(
            tx,
            Some(&actor.id),
            "generate.run",
            "store",
            None,
            &serde_json::json!({ "seed": seed, "report": g.report }),
        )?;
        Ok(g.report)
    })
}

struct Gen<'a, 'c> {
    tx: &'a Transaction<'c>,
    actor: &'a User,
    rng: Rng,
    today: NaiveDate,
    first_year: i32,
    report: GenerateReport,
    /// (id, category)
    members: Vec<(String, Category)>,
}

impl Gen<'_, '_> {
    fn day(&self, y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(self.today)
    }

    fn person(&mut self) -> String {
        let g = *self.rng.pick(&GIVEN);
        let f1 = *self.rng.pick(&FAMILY);
        let f2 = *self.rng.pick(&FAMILY);
        format!("{g} {f1} {f2}")
    }

    fn members_and_contacts(&mut self) -> Result<()> {
        let at = now();
        let admitted = self.day(self.first_year - 20, 1, 1);
        let mut ins_member = self.tx.prepare_cached(
            "INSERT INTO members (id, name, acronym, country, category, subregion, admission_date, status, website, email, notes, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'active', NULL, ?8, '', ?9, ?9, ?10)",
        )?;
        let mut ins_contact = self.tx.prepare_cached(
            "INSERT INTO contacts (id, member_id, name, position, email, phone, languages, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
        )?;
        for i in 0..95usize {
            let (country, subregion, country_name) = COUNTRIES[i % COUNTRIES.len()];
            let (pattern, acronym) = INSTITUTIONS[(i / COUNTRIES.len() + i) % INSTITUTIONS.len()];
            let category = match i % 10 {
                0..=6 => Category::Titular,
                7 | 8 => Category::Associate,
                _ => Category::Adherent,
            };
            let id = new_id();
            let domain = format!(
                "{}.{}.example.org",
                acronym.to_lowercase(),
                country.to_lowercase()
            );
            ins_member.execute(params![
                id,
                format!("{pattern} de {country_name}"),
                acronym,
                country,
                category.as_str(),
                subregion,
                (admitted + Duration::days(self.rng.below(7000) as i64)).to_string(),
                format!("ciss@{domain}"),
                at,
                self.actor.id
            ])?;
            let langs = match country {
                "BR" => "pt,es",
                "US" | "CA" | "JM" | "BB" | "TT" | "AG" | "BS" | "GY" | "LC" | "GD" | "BZ" => "en",
                "HT" => "fr,es",
                "SR" => "en,es",
                _ => "es",
            };
            for c in 0..16u32 {
                let name = self.person();
                let position = *self.rng.pick(&POSITIONS);
                ins_contact.execute(params![
                    new_id(),
                    id,
                    name,
                    position,
                    format!("contacto{c}@{domain}"),
                    format!(
                        "+{} {:04} {:04}",
                        1 + self.rng.below(598),
                        self.rng.below(10_000),
                        self.rng.below(10_000)
                    ),
                    langs,
                    at,
                    self.actor.id
                ])?;
                self.report.contacts += 1;
            }
            self.members.push((id, category));
            self.report.members += 1;
        }
        Ok(())
    }

    fn sessions(&mut self) -> Result<()> {
        let tx = self.tx;
        let actor = self.actor;
        // (body code, sessions a year, month of the first, kind)
        let plan: [(&str, u32, u32); 9] = [
            ("GA", 1, 11),
            ("CPISS", 3, 3),
            ("CIESS-JD", 2, 4),
            ("CASS-ACT", 1, 5),
            ("CASS-AOSS", 1, 6),
            ("CASS-SAL", 2, 2),
            ("CASS-RP", 1, 8),
            ("CASS-ORG", 2, 5),
            ("CASS-JUR", 2, 7),
        ];
        for (code, per_year, first_month) in plan {
            let body = bodies::find_body(tx, code)?;
            let mut ordinal = 40u32;
            for year in self.first_year..=self.today.year() {
                for k in 0..per_year {
                    let month = (first_month + k * (12 / per_year)).min(12);
                    let dd = 10 + self.rng.below(10) as u32;
                    let start = self.day(year, month, dd);
                    if start > self.today + Duration::days(120) {
                        continue;
                    }
                    ordinal += 1;
                    let kind = if k == per_year - 1 && per_year > 1 && year % 3 == 0 {
                        SessionKind::Extraordinary
                    } else {
                        SessionKind::Ordinary
                    };
                    let name = sessions::suggested_name(tx, &body.id, ordinal, kind)?;
                    let session = sessions::create_session_in(
                        tx,
                        actor,
                        &SessionInput {
                            body_id: body.id.clone(),
                            ordinal: Some(ordinal),
                            name,
                            kind,
                            starts_at: format!("{start}T10:00"),
                            ends_at: Some(format!("{start}T18:00")),
                            time_zone: sessions::DEFAULT_TIME_ZONE.into(),
                            venue: format!("Sede de la CISS · sala {}", 1 + self.rng.below(4)),
                            virtual_link: None,
                            languages: vec![Language::Es, Language::En],
                        },
                    )?;
                    self.report.sessions += 1;
                    let items = self.agenda(&session, code)?;
                    if start > self.today {
                        continue;
                    }
                    agenda::approve_agenda_tx(tx, actor, &session)?;
                    sessions::set_session_status_tx(tx, actor, &session, SessionStatus::Convened)?;
                    sessions::set_session_status_tx(tx, actor, &session, SessionStatus::Held)?;
                    for (n, item) in items.iter().enumerate() {
                        minutes::set_minutes_entry_tx(
                            tx,
                            actor,
                            item,
                            &format!("Se presentó el punto {} y se abrió el debate; intervinieron {} delegaciones.", n + 1, 2 + self.rng.below(9)),
                            if n % 3 == 0 { "Se aprobó por consenso." } else { "Se tomó nota." },
                        )?;
                        self.report.minutes_entries += 1;
                    }
                    for r in 0..3usize {
                        let item = &items[(4 + r * 5) % items.len()];
                        let topic = *self.rng.pick(&TOPICS);
                        minutes::adopt_resolution_tx(
                            tx,
                            actor,
                            &session,
                            &ResolutionInput {
                                item_id: Some(item.clone()),
                                title: topic.to_string(),
                                text: format!("El órgano resuelve aprobar lo relativo a: {topic}."),
                            },
                        )?;
                        self.report.resolutions += 1;
                    }
                    for a in 0..2u32 {
                        let due = start + Duration::days(30 + 30 * i64::from(a));
                        minutes::add_action_item_tx(
                            tx,
                            actor,
                            &session,
                            &ActionItemInput {
                                item_id: Some(items[(a as usize * 7) % items.len()].clone()),
                                description: format!(
                                    "Dar seguimiento a: {}",
                                    self.rng.pick(&TOPICS)
                                ),
                                owner_unit: *self.rng.pick(&OwnerUnit::ALL),
                                person: self.person(),
                                due_date: Some(due.to_string()),
                            },
                        )?;
                    }
                    sessions::set_session_status_tx(tx, actor, &session, SessionStatus::Closed)?;
                }
            }
        }
        Ok(())
    }

    /// About twenty items: the fixed opening, topics with a sub-item or two, the closing.
    fn agenda(&mut self, session: &str, body: &str) -> Result<Vec<String>> {
        let item = |es: &str, en: &str, kind: ItemKind| {
            let mut titles = BTreeMap::new();
            titles.insert(Language::Es, es.to_string());
            titles.insert(Language::En, en.to_string());
            ItemInput {
                kind,
                presenter: "Secretaría General".into(),
                duration_minutes: 15,
                titles,
                notes: BTreeMap::new(),
            }
        };
        let mut ids = Vec::new();
        for (es, en, kind) in [
            (
                "Verificación del quórum e inauguración",
                "Roll call, quorum and opening",
                ItemKind::Information,
            ),
            (
                "Aprobación del orden del día",
                "Adoption of the agenda",
                ItemKind::Decision,
            ),
            (
                "Aprobación del acta de la reunión anterior",
                "Approval of the previous minutes",
                ItemKind::Decision,
            ),
        ] {
            ids.push(agenda::add_item_in(
                self.tx,
                self.actor,
                session,
                None,
                &item(es, en, kind),
            )?);
        }
        let topics = 14 + self.rng.below(4) as usize;
        for t in 0..topics {
            let topic = *self.rng.pick(&TOPICS);
            let kind = *self.rng.pick(&[
                ItemKind::Information,
                ItemKind::Deliberation,
                ItemKind::Decision,
            ]);
            let id = agenda::add_item_in(
                self.tx,
                self.actor,
                session,
                None,
                &item(
                    &format!("{topic} ({body})"),
                    &format!("Item {} ({body})", t + 4),
                    kind,
                ),
            )?;
            ids.push(id.clone());
            if t % 5 == 0 {
                ids.push(agenda::add_item_in(
                    self.tx,
                    self.actor,
                    session,
                    Some(&id),
                    &item(
                        "Informe del grupo de trabajo",
                        "Working group report",
                        ItemKind::Information,
                    ),
                )?);
            }
        }
        ids.push(agenda::add_item_in(
            self.tx,
            self.actor,
            session,
            None,
            &item(
                "Asuntos generales y clausura",
                "Other business and closing",
                ItemKind::Information,
            ),
        )?);
        self.report.agenda_items += ids.len() as u32;
        Ok(ids)
    }

    fn finance(&mut self, progress: &mut dyn FnMut(&str)) -> Result<()> {
        let tx = self.tx;
        let actor = self.actor;
        let at = now();
        let last = self.today.year();
        for year in self.first_year..=last {
            for m in 1..=12 {
                let on = self.day(year, m, 1);
                if on > self.today {
                    break;
                }
                tx.execute(
                    "INSERT OR IGNORE INTO exchange_rates (id, on_date, from_currency, to_currency, rate, created_at, updated_at, updated_by)
                     VALUES (?1, ?2, 'USD', 'MXN', ?3, ?4, ?4, ?5)",
                    params![new_id(), on.to_string(), mxn_per_usd(year, m), at, actor.id],
                )?;
            }
        }
        let account = |code: &str| ledger::account_id_by_code(tx, code, "account");
        let line_id = |code: &str| -> Result<String> {
            Ok(tx.query_row(
                "SELECT id FROM budget_lines WHERE code = ?1 AND deleted_at IS NULL",
                [code],
                |r| r.get(0),
            )?)
        };
        let unit_id = |code: &str| -> Result<String> {
            Ok(tx.query_row("SELECT id FROM units WHERE code = ?1", [code], |r| r.get(0))?)
        };
        let expenses: Vec<(String, String, String, &str, i64, i64, &str)> = EXPENSES
            .iter()
            .map(|(acc, line, unit, what, min, spread, cur)| {
                Ok((
                    account(acc)?,
                    line_id(line)?,
                    unit_id(unit)?,
                    *what,
                    *min,
                    *spread,
                    *cur,
                ))
            })
            .collect::<Result<_>>()?;
        let bank_mxn = account("1101")?;
        let bank_usd = account("1102")?;
        let mut scope = Within(tx);

        let opening = self.day(self.first_year, 1, 1);
        for (debit, credit, minor) in [
            ("1102", "3101", 61_000_000i64),
            ("1102", "3201", 30_000_000),
        ] {
            let rate = ledger::rate_on(tx, "USD", ledger::REPORTING_CURRENCY, opening)?;
            ledger::post_valid(
                tx,
                &actor.id,
                &ValidEntry {
                    date: opening,
                    description: "Saldos iniciales".into(),
                    kind: EntryKind::Opening,
                    reference: String::new(),
                    currency: "USD".into(),
                    rate,
                    lines: vec![
                        plain_line(account(debit)?, minor, 0),
                        plain_line(account(credit)?, 0, minor),
                    ],
                },
                EntrySource::Demo,
            )?;
            self.report.journal_entries += 1;
        }

        for year in self.first_year..=last {
            progress(&format!("finance {year}"));
            let fy = year as u16;
            for (category, amount) in SCALE {
                dues::set_scale(
                    &mut scope,
                    actor,
                    &ScaleInput {
                        fiscal_year: fy,
                        category: Some(category),
                        member_id: None,
                        amount: amount.to_string(),
                        currency: "USD".into(),
                    },
                )?;
            }
            let issue = self.day(year, 1, 15);
            if issue <= self.today {
                let run = dues::invoice_year(
                    &mut scope,
                    actor,
                    &InvoiceRunInput {
                        fiscal_year: fy,
                        issue_date: issue.to_string(),
                        due_date: None,
                    },
                )?;
                self.report.invoices += run.created.len() as u32;
                self.report.journal_entries += run.created.len() as u32;
                for (i, inv) in run.created.iter().enumerate() {
                    // One member in twelve stops paying in the last three years.
                    if i % 12 == 5 && year > last - 3 {
                        continue;
                    }
                    let on = self.day(year, 2, 1) + Duration::days(self.rng.below(240) as i64);
                    if on >= self.today {
                        continue;
                    }
                    dues::record_payment(
                        &mut scope,
                        actor,
                        &PaymentInput {
                            member_id: inv.member_id.clone(),
                            received_on: on.to_string(),
                            amount: inv.amount.clone(),
                            currency: inv.currency.clone(),
                            reference: format!("TRF-{year}-{:03}", i + 1),
                            bank_account: "1102".into(),
                        },
                    )?;
                    self.report.payments += 1;
                    self.report.journal_entries += 1;
                }
            }

            // The budget: approved originals, 3 % more every year, and one revision.
            let factor = 100 - 3 * i64::from(last - year);
            let mut amounts = Vec::new();
            for (code, minor) in BUDGET {
                amounts.push((line_id(code)?, cents(minor * factor / 100)));
            }
            budget::set_original(&mut scope, actor, fy, &amounts)?;
            budget::approve_budget(&mut scope, actor, fy)?;
            self.report.budgets += 1;
            budget::propose_revision(
                &mut scope,
                actor,
                fy,
                "Ajuste de medio año entre partidas de viajes y publicaciones",
                &[TransferInput {
                    from_line_id: line_id("4.1")?,
                    to_line_id: line_id("3.1")?,
                    // A tenth of the publications line.
                    amount: cents(
                        BUDGET
                            .iter()
                            .find(|(c, _)| *c == "4.1")
                            .map_or(0, |(_, m)| m * factor / 1000),
                    ),
                }],
            )?;
            self.report.revisions += 1;

            // The journal: every working day up to today.
            let mut on = self.day(year, 1, 2);
            let end = self.day(year, 12, 31).min(self.today - Duration::days(1));
            while on <= end {
                if on.weekday().number_from_monday() <= 5 {
                    let mxn_rate = ledger::rate_on(tx, "MXN", ledger::REPORTING_CURRENCY, on)?;
                    let usd_rate = ledger::rate_on(tx, "USD", ledger::REPORTING_CURRENCY, on)?;
                    for n in 0..ENTRIES_PER_DAY {
                        let (acc, line, unit, what, min, spread, cur) = self.rng.pick(&expenses);
                        let minor = min + self.rng.below(*spread as u64) as i64;
                        let (bank, rate) = if *cur == "MXN" {
                            (&bank_mxn, mxn_rate)
                        } else {
                            (&bank_usd, usd_rate)
                        };
                        let expense = ValidLine {
                            account_id: acc.clone(),
                            debit: minor,
                            credit: 0,
                            budget_line_id: Some(line.clone()),
                            unit_id: Some(unit.clone()),
                            member_id: None,
                            memo: String::new(),
                        };
                        ledger::post_valid(
                            tx,
                            &actor.id,
                            &ValidEntry {
                                date: on,
                                description: (*what).to_string(),
                                kind: EntryKind::Regular,
                                reference: format!("{}-{:05}", on.format("%Y%m%d"), n),
                                currency: (*cur).to_string(),
                                rate,
                                lines: vec![expense, plain_line(bank.clone(), 0, minor)],
                            },
                            EntrySource::Demo,
                        )?;
                        self.report.journal_entries += 1;
                    }
                }
                on += Duration::days(1);
            }
        }
        // The years before last are closed, in order.
        for year in self.first_year..last - 1 {
            ledger::close_fiscal_year(&mut scope, actor, year as u16)?;
            self.report.journal_entries += 1;
        }
        Ok(())
    }

    fn cooperation(&mut self) -> Result<()> {
        let tx = self.tx;
        let actor = self.actor;
        let mut s = Within(tx);
        let areas: Vec<String> = {
            let mut st =
                tx.prepare("SELECT id FROM bodies WHERE kind = 'commission' ORDER BY code")?;
            let rows = st.query_map([], |r| r.get(0))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        let d = |x: NaiveDate| Some(x.to_string());
        for year in self.first_year..=self.today.year() {
            // Agreements.
            for k in 0..10u32 {
                let (member_id, _) = self.rng.pick(&self.members).clone();
                let from = self.day(year, 1 + k, 1);
                if from > self.today {
                    break;
                }
                let a = agreements::create_agreement(
                    &mut s,
                    actor,
                    &AgreementInput {
                        member_id: Some(member_id),
                        counterpart_name: String::new(),
                        subject: format!("Convenio de cooperación: {}", self.rng.pick(&TOPICS)),
                        signed_on: d(from - Duration::days(10)),
                        valid_from: d(from),
                        valid_to: d(from + Duration::days(365 * (1 + self.rng.below(4) as i64))),
                        notice_days: Some(90),
                        renewal_date: None,
                        notes: String::new(),
                    },
                )?;
                agreements::set_agreement_status(&mut s, actor, &a.id, AgreementStatus::InForce)?;
                self.report.agreements += 1;
            }
            // Publications.
            for k in 0..20u32 {
                let kind = *self.rng.pick(&[
                    PublicationKind::Bulletin,
                    PublicationKind::Report,
                    PublicationKind::Publication,
                    PublicationKind::Statement,
                ]);
                let topic = *self.rng.pick(&TOPICS);
                let p = publications::create_publication(
                    &mut s,
                    actor,
                    &PublicationInput {
                        kind,
                        versions: vec![
                            Version {
                                language: Language::Es,
                                title: format!("{topic} — {year}/{k:02}"),
                                summary: format!("Análisis de {}", topic.to_lowercase()),
                            },
                            Version {
                                language: Language::En,
                                title: format!("Social security brief {year}/{k:02}"),
                                summary: String::new(),
                            },
                        ],
                        published_on: None,
                        notes: String::new(),
                    },
                )?;
                for st in [PublicationStatus::Review, PublicationStatus::Approved] {
                    publications::set_publication_status(&mut s, actor, &p.id, st)?;
                }
                self.report.publications += 1;
            }
            // Requests, each with a mission.
            for k in 0..100u32 {
                let received = self.day(year, 1, 5)
                    + Duration::days(i64::from(k) * 3 + self.rng.below(3) as i64);
                if received > self.today - Duration::days(5) {
                    break;
                }
                let (member_id, _) = self.rng.pick(&self.members).clone();
                let topic = *self.rng.pick(&TOPICS);
                let r = assistance::create_request(
                    &mut s,
                    actor,
                    &RequestInput {
                        received_on: received.to_string(),
                        member_id,
                        contact_id: None,
                        area_id: Some(self.rng.pick(&areas).clone()),
                        title: topic.to_string(),
                        description: format!(
                            "Solicitud de asistencia técnica sobre {}.",
                            topic.to_lowercase()
                        ),
                    },
                )?;
                self.report.requests += 1;
                let change =
                    |status, on: NaiveDate, reason: &str, outcome: &str| RequestStatusChange {
                        status,
                        on: Some(on.to_string()),
                        reason: reason.into(),
                        outcome: outcome.into(),
                    };
                let age = (self.today - received).num_days();
                assistance::set_request_status(
                    &mut s,
                    actor,
                    &r.id,
                    &change(
                        RequestStatus::UnderAssessment,
                        received + Duration::days(2),
                        "",
                        "",
                    ),
                )?;
                if age < 10 {
                    continue;
                }
                if k % 9 == 4 {
                    assistance::set_request_status(
                        &mut s,
                        actor,
                        &r.id,
                        &change(
                            RequestStatus::Declined,
                            received + Duration::days(8),
                            "Fuera del programa de trabajo del año",
                            "",
                        ),
                    )?;
                    continue;
                }
                assistance::set_request_status(
                    &mut s,
                    actor,
                    &r.id,
                    &change(
                        RequestStatus::Approved,
                        received + Duration::days(8),
                        "Dentro del programa de trabajo de la CASS",
                        "",
                    ),
                )?;
                let expert = self.person();
                assistance::add_expert(
                    &mut s,
                    actor,
                    &r.id,
                    &ExpertInput {
                        name: expert.clone(),
                        role: "Especialista".into(),
                        external: k % 2 == 0,
                    },
                )?;
                let start = received + Duration::days(20 + self.rng.below(20) as i64);
                let end = start + Duration::days(3 + self.rng.below(4) as i64);
                let (country, _, _) = *self.rng.pick(&COUNTRIES);
                let m = missions::create_mission(
                    &mut s,
                    actor,
                    &MissionInput {
                        purpose: format!("Misión: {topic}"),
                        country: country.into(),
                        city: "Capital".into(),
                        start_date: start.to_string(),
                        end_date: end.to_string(),
                        travellers: vec![Traveller {
                            name: expert,
                            role: "Experto".into(),
                        }],
                        itinerary: vec![
                            Leg {
                                on_date: start.to_string(),
                                from: "Ciudad de México".into(),
                                to: "Capital".into(),
                                transport: "avión".into(),
                                notes: String::new(),
                            },
                            Leg {
                                on_date: end.to_string(),
                                from: "Capital".into(),
                                to: "Ciudad de México".into(),
                                transport: "avión".into(),
                                notes: String::new(),
                            },
                        ],
                        request_ids: vec![r.id.clone()],
                        session_ids: vec![],
                        agreement_ids: vec![],
                        estimated_cost: Some(Amount {
                            amount: cents(300_000 + self.rng.below(400_000) as i64),
                            currency: "USD".into(),
                        }),
                        notes: String::new(),
                    },
                )?;
                self.report.missions += 1;
                let status = |st, on: NaiveDate| MissionStatusChange {
                    status: st,
                    on: Some(on.to_string()),
                };
                if start - Duration::days(5) > self.today {
                    continue;
                }
                missions::set_mission_status(
                    &mut s,
                    actor,
                    &m.id,
                    &status(MissionStatus::Approved, start - Duration::days(5)),
                )?;
                if start > self.today {
                    continue;
                }
                missions::set_mission_status(
                    &mut s,
                    actor,
                    &m.id,
                    &status(MissionStatus::UnderWay, start),
                )?;
                if end >= self.today {
                    continue;
                }
                missions::set_mission_status(
                    &mut s,
                    actor,
                    &m.id,
                    &status(MissionStatus::Completed, end),
                )?;
                assistance::set_request_status(
                    &mut s,
                    actor,
                    &r.id,
                    &change(RequestStatus::InProgress, start, "", ""),
                )?;
                if end + Duration::days(7) >= self.today {
                    continue;
                }
                missions::write_report(
                    &mut s,
                    actor,
                    &m.id,
                    "Se realizaron las reuniones previstas y se acordaron recomendaciones.",
                )?;
                missions::set_mission_status(
                    &mut s,
                    actor,
                    &m.id,
                    &status(MissionStatus::ReportFiled, end + Duration::days(7)),
                )?;
                assistance::set_request_status(
                    &mut s,
                    actor,
                    &r.id,
                    &change(
                        RequestStatus::Closed,
                        end + Duration::days(7),
                        "",
                        "Recomendaciones entregadas a la institución",
                    ),
                )?;
            }
        }
        Ok(())
    }

    /// Documents' metadata: three per agenda item, eight per mission, ten per publication and
    /// agreement. Content-addressed names of content not in the attachment store.
    /// Ten instruments of twenty articles, 500 obligations of every recurrence kind from the
    /// first year on, and their occurrences up to today acted on as an office would: done,
    /// with a few waived, and the recent ones partly left open (some overdue, some in
    /// progress). The occurrences are written as rows directly, like the bulk documents.
    fn compliance(&mut self) -> Result<()> {
        let tx = self.tx;
        let actor = self.actor;
        let mut s = Within(tx);
        let kinds = [
            (InstrumentKind::Statute, "Estatuto de la Conferencia"),
            (InstrumentKind::Regulations, "Reglamento de la Conferencia"),
            (InstrumentKind::Regulations, "Reglamento Financiero"),
            (InstrumentKind::Regulations, "Reglamento del Personal"),
            (InstrumentKind::HeadquartersAgreement, "Acuerdo de Sede"),
            (
                InstrumentKind::PresidencyDetermination,
                "Determinación de la Presidencia 01",
            ),
            (
                InstrumentKind::PresidencyDetermination,
                "Determinación de la Presidencia 02",
            ),
            (
                InstrumentKind::BodyResolution,
                "Resolución del Comité Permanente R-07",
            ),
            (
                InstrumentKind::BodyResolution,
                "Resolución de la Asamblea General R-12",
            ),
            (InstrumentKind::Other, "Lineamientos de control interno"),
        ];
        let cpiss = bodies::find_body(tx, "CPISS")?.id;
        let ga = bodies::find_body(tx, "GA")?.id;
        // A resolution names the body that adopted it.
        let kinds = kinds.into_iter().map(|(kind, title)| {
            let body = match (kind, title.contains("Asamblea")) {
                (InstrumentKind::BodyResolution, true) => Some(ga.clone()),
                (InstrumentKind::BodyResolution, false) => Some(cpiss.clone()),
                _ => None,
            };
            (kind, title, body)
        });
        let mut articles: Vec<String> = Vec::new();
        for (n, (kind, title, body_id)) in kinds.enumerate() {
            let arts: Vec<ArticleInput> = (1..=20)
                .map(|a| ArticleInput {
                    number: if a % 7 == 0 { format!("{} bis", a - 1) } else { a.to_string() },
                    text: format!(
                        "Artículo {a} de {title}: la Secretaría General {} dentro de los plazos que este instrumento señala.",
                        TASKS[(n + a) % TASKS.len()]
                    ),
                })
                .collect();
            let i = instruments::create_instrument(
                &mut s,
                actor,
                &InstrumentInput {
                    kind,
                    title: title.into(),
                    body_id,
                    adopted_on: Some(self.day(self.first_year - 5 - n as i32, 3, 15).to_string()),
                    notes: String::new(),
                },
                &arts,
            )?;
            articles.extend(i.articles.into_iter().map(|a| a.id));
        }
        let units: Vec<String> = {
            let mut st = tx.prepare("SELECT id FROM units ORDER BY code")?;
            let rows = st.query_map([], |r| r.get(0))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        let since = self.day(self.first_year, 1, 1).to_string();
        for n in 0..500usize {
            let task = TASKS[n % TASKS.len()];
            let (recurrence, every) = match n % 10 {
                0..=2 => (
                    Recurrence::Monthly {
                        day: 1 + self.rng.below(31) as u8,
                    },
                    "mensual",
                ),
                3 | 4 => (
                    Recurrence::Quarterly {
                        day: 1 + self.rng.below(31) as u8,
                        start_month: 1 + self.rng.below(3) as u8,
                    },
                    "trimestral",
                ),
                5..=8 => (
                    Recurrence::Yearly {
                        month: 1 + self.rng.below(12) as u8,
                        day: 1 + self.rng.below(28) as u8,
                    },
                    "anual",
                ),
                _ => (
                    Recurrence::BeforeSessions {
                        body_id: if n % 20 == 9 {
                            ga.clone()
                        } else {
                            cpiss.clone()
                        },
                        days_before: [30, 15, 7, -10][self.rng.below(4) as usize],
                        ordinary_only: n % 3 == 0,
                    },
                    "por sesión",
                ),
            };
            let article = self.rng.pick(&articles).clone();
            let responsible = self.person();
            obligations::create_obligation(
                &mut s,
                actor,
                &ObligationInput {
                    title: format!("{} ({every}, n.º {})", capitalize(task), n + 1),
                    description: String::new(),
                    unit_id: Some(units[n % units.len()].clone()),
                    responsible_name: responsible,
                    responsible_user_id: None,
                    recurrence,
                    starts_on: Some(since.clone()),
                    ends_on: None,
                    article_ids: vec![article],
                },
            )?;
            self.report.obligations += 1;
        }
        let past = obligations::occurrences_between(
            tx,
            &ObligationFilter::default(),
            self.day(self.first_year, 1, 1),
            self.today,
            self.today,
        )?;
        let at = now();
        let mut ins = tx.prepare_cached(
            "INSERT INTO obligation_occurrences (id, obligation_id, key, session_id, due_on, status, note, completed_by, completed_at, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?8)",
        )?;
        for o in past {
            let recent = o.days_left >= -45;
            let roll = self.rng.below(100);
            let (status, note) = if recent && roll < 25 {
                continue; // left undone: overdue
            } else if recent && roll < 40 {
                ("in_progress", "")
            } else if roll < 2 {
                (
                    "waived",
                    "No aplicó en ese periodo; consta en el expediente.",
                )
            } else {
                ("done", "Cumplido en tiempo; constancia en el expediente.")
            };
            let done = status == "done" || status == "waived";
            ins.execute(params![
                new_id(),
                o.obligation_id,
                o.key,
                o.session_id,
                o.due_on,
                status,
                note,
                self.actor.id,
                if done { Some(&at) } else { None },
                at,
            ])?;
            self.report.occurrences += 1;
        }
        Ok(())
    }

    /// The elections of the last four General Assembly sessions held or called: each with its
    /// positions, the usual requirements and eight postulations; the three earlier ones
    /// closed and signed, the latest closed with its verdicts to review.
    fn elections(&mut self) -> Result<()> {
        let tx = self.tx;
        let actor = self.actor;
        let ga = bodies::find_body(tx, "GA")?.id;
        let mut assemblies: Vec<(String, String)> = {
            let mut st = tx.prepare(
                "SELECT id, substr(starts_at, 1, 10) FROM sessions WHERE body_id = ?1 AND deleted_at IS NULL ORDER BY starts_at DESC LIMIT 10",
            )?;
            let rows = st.query_map([&ga], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        // Every third Assembly elects, the latest included.
        assemblies = assemblies.into_iter().step_by(3).take(4).collect();
        assemblies.reverse();
        let titular: Vec<String> = self
            .members
            .iter()
            .filter(|(_, c)| *c == Category::Titular)
            .map(|(id, _)| id.clone())
            .collect();
        let mut s = Within(tx);
        let count = assemblies.len();
        for (k, (session_id, date)) in assemblies.into_iter().enumerate() {
            let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or(self.today);
            let closes = date - Duration::days(45);
            let call = elections::create_call(
                &mut s,
                actor,
                &ElectionCallInput {
                    session_id,
                    title: format!(
                        "Convocatoria para la elección de autoridades {}",
                        date.year()
                    ),
                    opens_on: (closes - Duration::days(60)).to_string(),
                    closes_on: closes.to_string(),
                    sitting_sg_nationality: Some("MX".into()),
                    notes: String::new(),
                },
            )?;
            self.report.election_calls += 1;
            let positions = elections::add_standard_positions(&mut s, actor, &call.id)?;
            let mut declaration = None;
            for (kind, rule, es) in [
                (
                    ElectionRequirementKind::Document,
                    None,
                    "Currículum vitae actualizado",
                ),
                (
                    ElectionRequirementKind::Document,
                    None,
                    "Plan de trabajo para el periodo",
                ),
                (
                    ElectionRequirementKind::Declaration,
                    None,
                    "Declaración jurada de no tener conflicto de intereses",
                ),
                (
                    ElectionRequirementKind::Rule,
                    Some(EligibilityRule::ReceivedBeforeClosing),
                    "Postulación recibida a más tardar en la fecha de cierre",
                ),
                (
                    ElectionRequirementKind::Rule,
                    Some(EligibilityRule::NominatorTitular),
                    "Propuesta por un miembro titular",
                ),
                (
                    ElectionRequirementKind::Rule,
                    Some(EligibilityRule::NominatorCurrentInDues),
                    "El miembro proponente está al corriente en sus cuotas",
                ),
                (
                    ElectionRequirementKind::Rule,
                    Some(EligibilityRule::ComptrollerNationalityDiffersFromSg),
                    "Nacionalidad del Contralor distinta de la del Secretario General",
                ),
            ] {
                let r = elections::add_requirement(
                    &mut s,
                    actor,
                    &call.id,
                    &ElectionRequirementInput {
                        position_id: None,
                        kind,
                        rule,
                        texts: BTreeMap::from([(Language::Es, es.to_string())]),
                    },
                )?;
                if kind == ElectionRequirementKind::Declaration {
                    declaration = Some(r.id);
                }
            }
            let mut postulations = Vec::new();
            for p in 0..8usize {
                let nominator = self.rng.pick(&titular).clone();
                let (country, _, _) = *self.rng.pick(&COUNTRIES);
                let name = self.person();
                let post = elections::create_postulation(
                    &mut s,
                    actor,
                    &call.id,
                    &PostulationInput {
                        position_id: positions[p % positions.len()].id.clone(),
                        candidate_name: name,
                        nationality: country.into(),
                        nominator_ids: vec![nominator],
                        received_on: (closes - Duration::days(1 + self.rng.below(50) as i64))
                            .to_string(),
                        notes: String::new(),
                    },
                )?;
                self.report.postulations += 1;
                postulations.push(post.id);
            }
            let latest = k + 1 == count;
            if let Some(req) = &declaration {
                for (p, id) in postulations.iter().enumerate() {
                    if latest && p % 2 == 0 {
                        continue; // to review
                    }
                    elections::set_verdict(
                        &mut s,
                        actor,
                        id,
                        req,
                        &VerdictInput {
                            verdict: EligibilityVerdict::Met,
                            evidence: "Declaración jurada firmada, recibida con la postulación"
                                .into(),
                            note: String::new(),
                        },
                    )?;
                }
            }
            elections::close_call(&mut s, actor, &call.id)?;
            if !latest {
                elections::sign_eligibility(&mut s, actor, &call.id)?;
            }
        }
        Ok(())
    }

    fn documents(&mut self) -> Result<()> {
        let tx = self.tx;
        let at = now();
        let sha = |s: &str| format!("{:x}", Sha256::digest(s.as_bytes()));
        let ids = |sql: &str| -> Result<Vec<String>> {
            let mut st = tx.prepare(sql)?;
            let rows = st.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<std::result::Result<_, _>>()?)
        };
        {
            let mut ins = tx.prepare_cached(
                "INSERT INTO agenda_attachments (id, item_id, title, file_name, sha256, size_bytes, position, created_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            )?;
            for item in ids("SELECT id FROM agenda_items ORDER BY id")? {
                for (p, (title, file)) in [
                    ("Nota explicativa", "nota.pdf"),
                    ("Presentación", "presentacion.pptx"),
                    ("Proyecto de resolución", "proyecto.docx"),
                ]
                .iter()
                .enumerate()
                {
                    ins.execute(params![
                        new_id(),
                        item,
                        title,
                        file,
                        sha(&format!("{item}{p}")),
                        20_000 + self.rng.below(2_000_000) as i64,
                        p as i64,
                        at,
                        self.actor.id
                    ])?;
                    self.report.documents += 1;
                }
            }
        }
        let mut ins = tx.prepare_cached(
            "INSERT INTO cooperation_documents (id, owner_kind, owner_id, language, title, file_name, sha256, size_bytes, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
        )?;
        for (kind, sql, per) in [
            ("mission", "SELECT id FROM missions ORDER BY id", 8),
            ("publication", "SELECT id FROM publications ORDER BY id", 10),
            ("agreement", "SELECT id FROM agreements ORDER BY id", 10),
        ] {
            for owner in ids(sql)? {
                for k in 0..per {
                    let language =
                        (kind == "publication").then_some(if k % 2 == 0 { "es" } else { "en" });
                    ins.execute(params![
                        new_id(),
                        kind,
                        owner,
                        language,
                        format!("Documento {}", k + 1),
                        format!("documento-{}.pdf", k + 1),
                        sha(&format!("{owner}{k}")),
                        10_000 + self.rng.below(3_000_000) as i64,
                        at,
                        self.actor.id
                    ])?;
                    self.report.documents += 1;
                }
            }
        }
        Ok(())
    }
}

fn plain_line(account_id: String, debit: i64, credit: i64) -> ValidLine {
    ValidLine {
        account_id,
        debit,
        credit,
        budget_line_id: None,
        unit_id: None,
        member_id: None,
        memo: String::new(),
    }
}
