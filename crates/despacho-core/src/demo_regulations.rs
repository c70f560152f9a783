//! Demo data for regulation projects: a reform of the Financial Regulations with six articles
//! (Spanish, some in English), two saved versions with real-looking changes between them (an
//! article added, two renumbered, words changed, one article dropped) and comments, written
//! through the same operations the app uses, inside the demo's one transaction. The project
//! stays in draft: submitting it would reopen the demo session's approved agenda.

use rusqlite::Transaction;
use serde::Serialize;
use specta::Type;

use crate::error::Result;
use crate::regulations::{self, RegulationArticleInput, RegulationProjectInput, Texts};
use crate::store::Within;
use crate::users::{Language, Permission, User};

/// What the regulations demo added.
#[derive(Debug, Clone, Default, Serialize, Type, PartialEq)]
pub struct RegulationsDemo {
    pub projects: u16,
    pub versions: u16,
    pub comments: u16,
}

fn texts(es: &str, en: &str) -> Texts {
    let mut t = Texts::new();
    t.insert(Language::Es, es.to_string());
    if !en.is_empty() {
        t.insert(Language::En, en.to_string());
    }
    t
}

fn article(number: &str, heading: (&str, &str), text: (&str, &str)) -> RegulationArticleInput {
    RegulationArticleInput {
        number: number.into(),
        headings: texts(heading.0, heading.1),
        texts: texts(text.0, text.1),
    }
}

/// Loads the regulations demo inside the demo's transaction; skipped (all zeros) when the
/// acting administrator may not edit compliance records.
pub fn load(tx: &Transaction, actor: &User) -> Result<RegulationsDemo> {
    let mut out = RegulationsDemo::default();
    if !actor.can(Permission::EditCompliance) {
        return Ok(out);
    }
    let mut s = Within(tx);
    let p = regulations::create_project(
        &mut s,
        actor,
        &RegulationProjectInput {
            titles: texts(
                "Reforma al Reglamento Financiero",
                "Amendment to the Financial Regulations",
            ),
            instrument: "Reglamento Financiero de la CISS".into(),
            languages: vec![Language::Es, Language::En],
        },
    )?;
    let id = p.project.id.clone();
    out.projects += 1;

    // Version 1: the first draft.
    let first = [
        article(
            "1",
            ("Objeto", "Purpose"),
            (
                "El presente Reglamento establece las normas para la gestión financiera de la Conferencia Interamericana de Seguridad Social.",
                "These Regulations set the rules for the financial management of the Inter-American Conference on Social Security.",
            ),
        ),
        article(
            "2",
            ("Ejercicio financiero", "Financial period"),
            (
                "El ejercicio financiero comprende del 1 de enero al 31 de diciembre de cada año.",
                "The financial period runs from 1 January to 31 December of each year.",
            ),
        ),
        article(
            "3",
            ("Cuotas", "Dues"),
            (
                "Las cuotas de los miembros se pagarán dentro de los primeros seis meses del ejercicio financiero. La Secretaría General informará al Comité Permanente de los atrasos.",
                "Members' dues shall be paid within the first six months of the financial period. The General Secretariat shall report arrears to the Standing Committee.",
            ),
        ),
        article(
            "4",
            ("Fondo de reserva", ""),
            (
                "Se constituye un fondo de reserva equivalente a tres meses del presupuesto ordinario de gastos.",
                "",
            ),
        ),
        article(
            "5",
            ("Transferencias entre capítulos", ""),
            (
                "El Secretario General podrá autorizar transferencias entre capítulos del presupuesto hasta por el cinco por ciento de cada capítulo.",
                "",
            ),
        ),
        article(
            "6",
            ("Auditoría externa", "External audit"),
            (
                "Los estados financieros serán auditados cada año por un auditor externo independiente designado por el Comité Permanente.",
                "The financial statements shall be audited each year by an independent external auditor appointed by the Standing Committee.",
            ),
        ),
    ];
    let mut ids = Vec::new();
    for a in &first {
        let d = regulations::add_article(&mut s, actor, &id, None, a)?;
        ids.push(d.articles.last().map(|x| x.id.clone()).unwrap_or_default());
    }
    regulations::save_version(&mut s, actor, &id, "Primer borrador")?;
    out.versions += 1;

    // Comments on the first draft.
    let d = regulations::add_comment(
        &mut s,
        actor,
        &ids[2],
        "Conviene alinear el plazo con la regla de atrasos que aplica el módulo de cuotas (30 de abril).",
    )?;
    regulations::add_comment(
        &mut s,
        actor,
        &ids[4],
        "La Contraloría sugiere que las transferencias superiores al porcentaje se informen al Comité Permanente.",
    )?;
    out.comments += 2;
    let _ = d;

    // Version 2, after consultations: article 5 dropped (merged into the new article on the
    // budget), dues due by 30 April, reserve raised, a new article 3, the rest renumbered.
    regulations::remove_article(&mut s, actor, &ids[4])?;
    regulations::update_article(
        &mut s,
        actor,
        &ids[5],
        &article(
            "6",
            ("Auditoría externa", "External audit"),
            (
                "Los estados financieros serán auditados cada año por un auditor externo independiente designado por el Comité Permanente, que recibirá también el informe de la Contraloría.",
                "The financial statements shall be audited each year by an independent external auditor appointed by the Standing Committee, which shall also receive the Comptroller's report.",
            ),
        ),
    )?;
    regulations::update_article(
        &mut s,
        actor,
        &ids[3],
        &article(
            "5",
            ("Fondo de reserva", "Reserve fund"),
            (
                "Se constituye un fondo de reserva equivalente a seis meses del presupuesto ordinario de gastos, que sólo podrá utilizarse con autorización del Comité Permanente.",
                "A reserve fund equal to six months of the regular expenditure budget is established; it may be used only with the Standing Committee's authorization.",
            ),
        ),
    )?;
    regulations::update_article(
        &mut s,
        actor,
        &ids[2],
        &article(
            "4",
            ("Cuotas", "Dues"),
            (
                "Las cuotas de los miembros se pagarán a más tardar el 30 de abril de cada ejercicio financiero. La Secretaría General informará al Comité Permanente de los atrasos y de los planes de pago convenidos.",
                "Members' dues shall be paid no later than 30 April of each financial period. The General Secretariat shall report arrears and agreed payment plans to the Standing Committee.",
            ),
        ),
    )?;
    regulations::add_article(
        &mut s,
        actor,
        &id,
        Some(2),
        &article(
            "3",
            ("Presupuesto", "Budget"),
            (
                "El Comité Permanente aprobará el presupuesto anual en su reunión ordinaria. Las transferencias entre capítulos que excedan el cinco por ciento requerirán su autorización.",
                "The Standing Committee shall approve the annual budget at its ordinary meeting. Transfers between chapters exceeding five per cent shall require its authorization.",
            ),
        ),
    )?;
    let d = regulations::save_version(&mut s, actor, &id, "Versión revisada tras consultas")?;
    out.versions += 1;

    // A comment on the revised text, and the first one resolved.
    let dues_comment = d
        .comments
        .iter()
        .find(|c| c.article_id == ids[2])
        .map(|c| c.id.clone());
    if let Some(c) = dues_comment {
        regulations::resolve_comment(&mut s, actor, &c, true)?;
    }
    regulations::add_comment(
        &mut s,
        actor,
        &ids[3],
        "Verificar con Administración y Finanzas el monto de seis meses frente al presupuesto vigente.",
    )?;
    out.comments += 1;
    Ok(out)
}
