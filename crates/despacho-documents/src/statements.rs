//! The finance documents, from the store: the statements for the General Assembly (IPSAS 1
//! statements, budget against actual per IPSAS 24, the notes), the budget comparison and a
//! budget projection, read through `despacho-core` and laid out as [`FinancialReport`]s for
//! PDF, XLSX and CSV. The shell and the CLI both print and export through here.

use despacho_core::budget::{self, BudgetVsActual, Comparison, LineKind};
use despacho_core::projection::{self, ProjectionView};
use despacho_core::statements::{self, StatementRow, StatementSection, Statements};
use despacho_core::users::Language;
use despacho_core::AppError;
use rusqlite::Connection;

use crate::finance::{
    ColumnKind, FinancialReport, Orientation, ReportNote, ReportRow, ReportTable, RowStyle,
};
use crate::session::{document_error, lang, store_letterhead};

/// Fixed wording of the finance documents: (es, en, pt, fr).
fn t(key: &str, l: Language) -> String {
    let w: [&str; 4] = match key {
        "statements" => ["Estados financieros", "Financial statements", "Demonstrações financeiras", "États financiers"],
        "subtitle" => [
            "Ejercicio {y}, con cifras comparativas de {p}",
            "Fiscal year {y}, with {p} comparative figures",
            "Exercício de {y}, com valores comparativos de {p}",
            "Exercice {y}, avec les chiffres comparatifs de {p}",
        ],
        "position" => [
            "Estado de situación financiera al 31 de diciembre",
            "Statement of financial position at 31 December",
            "Balanço patrimonial em 31 de dezembro",
            "État de la situation financière au 31 décembre",
        ],
        "performance" => [
            "Estado de rendimiento financiero (ingresos y gastos)",
            "Statement of financial performance (income and expenditure)",
            "Demonstração do resultado (receitas e despesas)",
            "État de la performance financière (produits et charges)",
        ],
        "net_assets" => [
            "Estado de cambios en el patrimonio neto",
            "Statement of changes in net assets",
            "Demonstração das mutações do patrimônio líquido",
            "État de l'évolution de l'actif net",
        ],
        "cash_flow" => [
            "Estado de flujos de efectivo (método directo)",
            "Cash flow statement (direct method)",
            "Demonstração dos fluxos de caixa (método direto)",
            "Tableau des flux de trésorerie (méthode directe)",
        ],
        "bva" => [
            "Estado de comparación de importes presupuestados y reales (NICSP 24)",
            "Statement of comparison of budget and actual amounts (IPSAS 24)",
            "Demonstração comparativa dos valores orçados e realizados (IPSAS 24)",
            "État de comparaison des montants budgétés et réels (IPSAS 24)",
        ],
        "budget" => ["Presupuesto", "Budget", "Orçamento", "Budget"],
        "budget_subtitle" => [
            "Ejercicio {y}: presupuesto original, final y ejecución",
            "Fiscal year {y}: original and final budget, and actual",
            "Exercício de {y}: orçamento original, final e execução",
            "Exercice {y} : budget initial, budget final et exécution",
        ],
        "by_unit" => ["Ejecución por unidad", "Execution by unit", "Execução por unidade", "Exécution par unité"],
        "original" => ["Original", "Original", "Original", "Initial"],
        "final" => ["Final", "Final", "Final", "Final"],
        "actual" => ["Real", "Actual", "Realizado", "Réel"],
        "difference" => ["Diferencia", "Difference", "Diferença", "Écart"],
        "explanation" => ["Explicación", "Explanation", "Explicação", "Explication"],
        "revenue" => ["Ingresos", "Revenue", "Receitas", "Produits"],
        "expense" => ["Gastos", "Expenses", "Despesas", "Charges"],
        "net" => ["Resultado neto", "Net result", "Resultado líquido", "Résultat net"],
        "total_revenue" => ["Total de ingresos", "Total revenue", "Total das receitas", "Total des produits"],
        "total_expense" => ["Total de gastos", "Total expenses", "Total das despesas", "Total des charges"],
        "note_dues" => [
            "Cuotas por cobrar por miembro, con antigüedad",
            "Dues receivable by member, with ageing",
            "Contribuições a receber por membro, com antiguidade",
            "Contributions à recevoir par membre, avec leur ancienneté",
        ],
        "note_dues_text" => [
            "Saldo de las cuotas facturadas y no pagadas al 31 de diciembre de {y}, por institución miembro y por antigüedad desde su vencimiento.",
            "Dues invoiced and unpaid at 31 December {y}, by member institution and by time since they fell due.",
            "Contribuições faturadas e não pagas em 31 de dezembro de {y}, por instituição membro e por tempo desde o vencimento.",
            "Contributions facturées et non payées au 31 décembre {y}, par institution membre et selon l'ancienneté depuis leur échéance.",
        ],
        "note_dues_none" => [
            "Al 31 de diciembre de {y} ninguna institución miembro adeudaba cuotas.",
            "At 31 December {y} no member institution owed dues.",
            "Em 31 de dezembro de {y} nenhuma instituição membro devia contribuições.",
            "Au 31 décembre {y}, aucune institution membre ne devait de contributions.",
        ],
        "note_budget_none" => [
            "El ejercicio {y} no tiene presupuesto registrado; no se presenta la comparación.",
            "Fiscal year {y} has no budget on record; the comparison is not presented.",
            "O exercício de {y} não tem orçamento registrado; a comparação não é apresentada.",
            "L'exercice {y} n'a pas de budget enregistré ; la comparaison n'est pas présentée.",
        ],
        "member" => ["Institución miembro", "Member institution", "Instituição membro", "Institution membre"],
        "not_due" => ["Por vencer", "Not yet due", "A vencer", "Non échu"],
        "up_to_1" => ["Hasta 1 año", "Up to 1 year", "Até 1 ano", "Jusqu'à 1 an"],
        "one_to_2" => ["1 a 2 años", "1–2 years", "1 a 2 anos", "1 à 2 ans"],
        "over_2" => ["Más de 2 años", "Over 2 years", "Mais de 2 anos", "Plus de 2 ans"],
        "total" => ["Total", "Total", "Total", "Total"],
        "projection_subtitle" => [
            "Base: ejercicio {y}; escenarios lado a lado",
            "Base: fiscal year {y}; scenarios side by side",
            "Base: exercício de {y}; cenários lado a lado",
            "Base : exercice {y} ; scénarios côte à côte",
        ],
        "balance" => ["Saldo", "Balance", "Saldo", "Solde"],
        "scenario:base" => ["Base", "Base", "Base", "Référence"],
        "scenario:prudent" => ["Prudente", "Prudent", "Prudente", "Prudent"],
        "scenario:optimistic" => ["Optimista", "Optimistic", "Otimista", "Optimiste"],
        _ => [key, key, key, key],
    };
    let i = match l {
        Language::Es => 0,
        Language::En => 1,
        Language::Pt => 2,
        Language::Fr => 3,
    };
    w[i].to_string()
}

fn years(s: &str, y: u16, p: u16) -> String {
    s.replace("{y}", &y.to_string())
        .replace("{p}", &p.to_string())
}

fn row(label: &str, values: Vec<String>, style: RowStyle, indent: u8) -> ReportRow {
    ReportRow {
        label: label.to_string(),
        values,
        style,
        indent,
    }
}

fn pair(r: &StatementRow) -> Vec<String> {
    vec![r.amount.clone(), r.previous.clone()]
}

/// A statement row (label, year, previous year) as a report row.
fn line(r: &StatementRow, style: RowStyle, indent: u8) -> ReportRow {
    row(&r.label, pair(r), style, indent)
}

fn push_section(rows: &mut Vec<ReportRow>, s: &StatementSection) {
    rows.push(row(&s.label, vec![], RowStyle::Heading, 0));
    for r in &s.rows {
        rows.push(line(r, RowStyle::Normal, 1));
    }
    rows.push(line(&s.total, RowStyle::Subtotal, 0));
}

fn two_years(title: String, s: &Statements, rows: Vec<ReportRow>) -> ReportTable {
    ReportTable {
        title,
        columns: vec![
            String::new(),
            s.year.to_string(),
            s.previous_year.to_string(),
        ],
        column_kinds: vec![],
        rows,
        orientation: Orientation::Portrait,
    }
}

fn comparison(c: &Comparison, explanation: Option<&str>) -> Vec<String> {
    let mut v = vec![
        c.original.clone(),
        c.final_budget.clone(),
        c.actual.clone(),
        c.variance.clone(),
    ];
    if let Some(e) = explanation {
        v.push(e.to_string());
    }
    v
}

/// The IPSAS 24 comparison as a table: chapters, lines with their explanation, totals.
fn budget_table(b: &BudgetVsActual, l: Language) -> ReportTable {
    let mut rows = Vec::new();
    for kind in [LineKind::Revenue, LineKind::Expense] {
        rows.push(row(
            &t(
                if kind == LineKind::Revenue {
                    "revenue"
                } else {
                    "expense"
                },
                l,
            ),
            vec![],
            RowStyle::Heading,
            0,
        ));
        for ch in b.chapters.iter().filter(|c| c.kind == kind) {
            rows.push(row(
                &format!("{} {}", ch.code, ch.name),
                vec![],
                RowStyle::Heading,
                1,
            ));
            for line in b.lines.iter().filter(|x| x.chapter_code == ch.code) {
                rows.push(row(
                    &format!("{} {}", line.code, line.name),
                    comparison(&line.amounts, Some(&line.explanation)),
                    RowStyle::Normal,
                    2,
                ));
            }
            rows.push(row(
                &format!("{} {}", t("total", l), ch.name),
                comparison(&ch.amounts, Some("")),
                RowStyle::Subtotal,
                1,
            ));
        }
        let (key, total) = if kind == LineKind::Revenue {
            ("total_revenue", &b.revenue)
        } else {
            ("total_expense", &b.expense)
        };
        rows.push(row(
            &t(key, l),
            comparison(total, Some("")),
            RowStyle::Subtotal,
            0,
        ));
    }
    rows.push(row(
        &t("net", l),
        comparison(&b.net, Some("")),
        RowStyle::Total,
        0,
    ));
    ReportTable {
        title: t("bva", l),
        columns: vec![
            String::new(),
            t("original", l),
            t("final", l),
            t("actual", l),
            t("difference", l),
            t("explanation", l),
        ],
        column_kinds: vec![
            ColumnKind::Amount,
            ColumnKind::Amount,
            ColumnKind::Amount,
            ColumnKind::Amount,
            ColumnKind::Text,
        ],
        rows,
        orientation: Orientation::Landscape,
    }
}

fn unit_table(b: &BudgetVsActual, l: Language) -> ReportTable {
    let mut rows = Vec::new();
    for u in &b.units {
        rows.push(row(
            &format!("{} — {}", u.code, u.name),
            vec![],
            RowStyle::Heading,
            0,
        ));
        rows.push(row(
            &t("revenue", l),
            comparison(&u.revenue, None),
            RowStyle::Normal,
            1,
        ));
        rows.push(row(
            &t("expense", l),
            comparison(&u.expense, None),
            RowStyle::Normal,
            1,
        ));
    }
    ReportTable {
        title: t("by_unit", l),
        columns: vec![
            String::new(),
            t("original", l),
            t("final", l),
            t("actual", l),
            t("difference", l),
        ],
        column_kinds: vec![],
        rows,
        orientation: Orientation::Auto,
    }
}

/// The statements for the General Assembly as a printable report.
pub fn statements_report(
    conn: &Connection,
    year: u16,
    language: Language,
    generated_on: &str,
) -> Result<FinancialReport, AppError> {
    let s = statements::statements(conn, year, language)?;
    let l = language;
    let (y, p) = (s.year, s.previous_year);

    let pos = &s.position;
    let mut rows = Vec::new();
    push_section(&mut rows, &pos.current_assets);
    push_section(&mut rows, &pos.non_current_assets);
    rows.push(line(&pos.total_assets, RowStyle::Total, 0));
    push_section(&mut rows, &pos.current_liabilities);
    push_section(&mut rows, &pos.non_current_liabilities);
    rows.push(line(&pos.total_liabilities, RowStyle::Subtotal, 0));
    push_section(&mut rows, &pos.net_assets);
    rows.push(line(
        &pos.total_liabilities_and_net_assets,
        RowStyle::Total,
        0,
    ));
    let position = two_years(t("position", l), &s, rows);

    let perf = &s.performance;
    let mut rows = Vec::new();
    push_section(&mut rows, &perf.revenue);
    push_section(&mut rows, &perf.expenses);
    rows.push(line(&perf.surplus, RowStyle::Total, 0));
    let performance = two_years(t("performance", l), &s, rows);

    let na = &s.net_assets;
    let mut rows = vec![
        line(&na.opening, RowStyle::Normal, 0),
        line(&na.surplus, RowStyle::Normal, 0),
    ];
    for r in &na.other_movements {
        rows.push(line(r, RowStyle::Normal, 1));
    }
    rows.push(line(&na.closing, RowStyle::Total, 0));
    let net_assets = two_years(t("net_assets", l), &s, rows);

    let cf = &s.cash_flow;
    let mut rows = Vec::new();
    push_section(&mut rows, &cf.operating);
    push_section(&mut rows, &cf.investing);
    push_section(&mut rows, &cf.financing);
    rows.push(line(&cf.net_change, RowStyle::Subtotal, 0));
    rows.push(line(&cf.opening_cash, RowStyle::Normal, 0));
    rows.push(line(&cf.closing_cash, RowStyle::Total, 0));
    let cash_flow = two_years(t("cash_flow", l), &s, rows);

    let mut sections = vec![position, performance, net_assets, cash_flow];
    let mut notes = Vec::new();
    match &s.budget_vs_actual {
        Some(b) => sections.push(budget_table(b, l)),
        None => notes.push(ReportNote {
            number: String::new(),
            title: t("bva", l),
            text: years(&t("note_budget_none", l), y, p),
            tables: vec![],
        }),
    }

    let dues = &s.notes.dues_receivable;
    let mut rows: Vec<ReportRow> = dues
        .iter()
        .map(|d| {
            row(
                &format!("{} — {}", d.member_acronym, d.member_name),
                vec![
                    d.ageing.current.clone(),
                    d.ageing.up_to_1_year.clone(),
                    d.ageing.one_to_2_years.clone(),
                    d.ageing.over_2_years.clone(),
                    d.total.clone(),
                ],
                RowStyle::Normal,
                0,
            )
        })
        .collect();
    if !dues.is_empty() {
        let sum = |f: &dyn Fn(&despacho_core::dues::MemberReceivable) -> &str| -> String {
            add_all(dues.iter().map(f))
        };
        rows.push(row(
            &t("total", l),
            vec![
                sum(&|d| &d.ageing.current),
                sum(&|d| &d.ageing.up_to_1_year),
                sum(&|d| &d.ageing.one_to_2_years),
                sum(&|d| &d.ageing.over_2_years),
                sum(&|d| &d.total),
            ],
            RowStyle::Total,
            0,
        ));
    }
    notes.push(ReportNote {
        number: (notes.len() + 1).to_string(),
        title: t("note_dues", l),
        text: years(
            &t(
                if dues.is_empty() {
                    "note_dues_none"
                } else {
                    "note_dues_text"
                },
                l,
            ),
            y,
            p,
        ),
        tables: if dues.is_empty() {
            vec![]
        } else {
            vec![ReportTable {
                title: t("note_dues", l),
                columns: vec![
                    t("member", l),
                    t("not_due", l),
                    t("up_to_1", l),
                    t("one_to_2", l),
                    t("over_2", l),
                    t("total", l),
                ],
                column_kinds: vec![],
                rows,
                orientation: Orientation::Auto,
            }]
        },
    });

    Ok(FinancialReport {
        letterhead: store_letterhead(conn)?,
        language: lang(l),
        title: t("statements", l),
        subtitle: years(&t("subtitle", l), y, p),
        currency: s.currency.clone(),
        generated_on: generated_on.to_string(),
        sections,
        notes,
        compact: false,
    })
}

/// Adds decimal strings exactly (the dues are all in one currency per member; the note's
/// totals are in the reporting currency, as every receivable is).
fn add_all<'a>(values: impl Iterator<Item = &'a str>) -> String {
    use rust_decimal::Decimal;
    let mut total = Decimal::ZERO;
    for v in values {
        total += v.parse::<Decimal>().unwrap_or(Decimal::ZERO);
    }
    let mut s = total.round_dp(2);
    s.rescale(2);
    s.to_string()
}

/// A year's budget against actual (with the per-unit execution) as a report.
pub fn budget_report(
    conn: &Connection,
    year: u16,
    language: Language,
    generated_on: &str,
) -> Result<FinancialReport, AppError> {
    let b = budget::budget_vs_actual(conn, year, language)?;
    Ok(FinancialReport {
        letterhead: store_letterhead(conn)?,
        language: lang(language),
        title: t("budget", language),
        subtitle: years(&t("budget_subtitle", language), year, year),
        currency: b.currency.clone(),
        generated_on: generated_on.to_string(),
        sections: vec![budget_table(&b, language), unit_table(&b, language)],
        notes: vec![],
        compact: false,
    })
}

/// A stored projection, every scenario side by side, as a report.
pub fn projection_report(
    conn: &Connection,
    projection_id: &str,
    language: Language,
    generated_on: &str,
) -> Result<FinancialReport, AppError> {
    let v = projection::run_projection(conn, projection_id, language)?;
    projection_document(conn, &v, language, generated_on)
}

/// A projection already run (stored or previewed) as a report.
pub fn projection_document(
    conn: &Connection,
    v: &ProjectionView,
    language: Language,
    generated_on: &str,
) -> Result<FinancialReport, AppError> {
    let l = language;
    let mut columns = vec![String::new()];
    for s in &v.scenarios {
        for y in &v.years {
            columns.push(format!("{} {y}", scenario_label(&s.name, l)));
        }
    }
    let values = |pick: &dyn Fn(&despacho_core::projection::ScenarioResult) -> Vec<String>| {
        v.scenarios.iter().flat_map(pick).collect::<Vec<String>>()
    };
    let mut rows = Vec::new();
    for ch in &v.chapters {
        rows.push(row(
            &format!("{} {}", ch.code, ch.name),
            vec![],
            RowStyle::Heading,
            0,
        ));
        for line in v.lines.iter().filter(|x| x.chapter_code == ch.code) {
            rows.push(row(
                &format!("{} {}", line.code, line.name),
                values(&|s| {
                    s.lines
                        .iter()
                        .find(|a| a.id == line.line_id)
                        .map(|a| a.amounts.clone())
                        .unwrap_or_else(|| vec![String::new(); v.years.len()])
                }),
                RowStyle::Normal,
                1,
            ));
        }
        rows.push(row(
            &format!("{} {}", t("total", l), ch.name),
            values(&|s| {
                s.chapters
                    .iter()
                    .find(|a| a.id == ch.code)
                    .map(|a| a.amounts.clone())
                    .unwrap_or_else(|| vec![String::new(); v.years.len()])
            }),
            RowStyle::Subtotal,
            0,
        ));
    }
    rows.push(row(
        &t("total_revenue", l),
        values(&|s| s.revenue.clone()),
        RowStyle::Subtotal,
        0,
    ));
    rows.push(row(
        &t("total_expense", l),
        values(&|s| s.expense.clone()),
        RowStyle::Subtotal,
        0,
    ));
    rows.push(row(
        &t("balance", l),
        values(&|s| s.balance.clone()),
        RowStyle::Total,
        0,
    ));
    Ok(FinancialReport {
        letterhead: store_letterhead(conn)?,
        language: lang(l),
        title: v.name.clone(),
        subtitle: years(&t("projection_subtitle", l), v.base_year, v.base_year),
        currency: v.currency.clone(),
        generated_on: generated_on.to_string(),
        sections: vec![ReportTable {
            title: v.name.clone(),
            columns,
            column_kinds: vec![],
            rows,
            orientation: Orientation::Auto,
        }],
        notes: vec![],
        compact: false,
    })
}

/// A scenario's name: the default ones translated, the others as typed.
fn scenario_label(name: &str, l: Language) -> String {
    match name {
        "base" | "prudent" | "optimistic" => t(&format!("scenario:{name}"), l),
        other => other.to_string(),
    }
}

/// Prints a report to PDF.
pub fn pdf(report: &FinancialReport) -> Result<Vec<u8>, AppError> {
    crate::render_financial_report(report).map_err(document_error)
}

/// Exports a report to XLSX.
pub fn xlsx(report: &FinancialReport) -> Result<Vec<u8>, AppError> {
    crate::financial_report_xlsx(report).map_err(document_error)
}

/// The mission order and itinerary of a mission (travellers, itinerary, links, costs, purpose),
/// printed through the same report layout: every column is text.
pub fn mission_order(
    conn: &Connection,
    mission_id: &str,
    language: Language,
    generated_on: &str,
) -> Result<FinancialReport, AppError> {
    let p = despacho_core::missions::mission_for_print(conn, mission_id)?;
    let m = &p.mission;
    let l = language;
    let w = |key: &str| -> String {
        let t: [&str; 4] = match key {
            "title" => [
                "Orden de misión",
                "Mission order",
                "Ordem de missão",
                "Ordre de mission",
            ],
            "mission" => ["La misión", "The mission", "A missão", "La mission"],
            "purpose" => ["Objeto", "Purpose", "Objetivo", "Objet"],
            "destination" => ["Destino", "Destination", "Destino", "Destination"],
            "dates" => ["Fechas", "Dates", "Datas", "Dates"],
            "days" => ["Días", "Days", "Dias", "Jours"],
            "status" => ["Estado", "Status", "Situação", "Statut"],
            "estimated" => [
                "Costo estimado",
                "Estimated cost",
                "Custo estimado",
                "Coût estimé",
            ],
            "actual" => ["Costo real", "Actual cost", "Custo real", "Coût réel"],
            "travellers" => ["Viajeros", "Travellers", "Viajantes", "Voyageurs"],
            "name" => ["Nombre", "Name", "Nome", "Nom"],
            "role" => ["Función", "Role", "Função", "Fonction"],
            "itinerary" => ["Itinerario", "Itinerary", "Itinerário", "Itinéraire"],
            "date" => ["Fecha", "Date", "Data", "Date"],
            "from" => ["Desde", "From", "De", "De"],
            "to" => ["Hasta", "To", "Para", "À"],
            "transport" => ["Transporte", "Transport", "Transporte", "Transport"],
            "notes" => ["Notas", "Notes", "Notas", "Notes"],
            "links" => ["Vínculos", "Links", "Vínculos", "Liens"],
            "request" => [
                "Solicitud de asistencia",
                "Assistance request",
                "Pedido de assistência",
                "Demande d'assistance",
            ],
            "session" => ["Sesión", "Session", "Sessão", "Session"],
            "agreement" => ["Convenio", "Agreement", "Convênio", "Accord"],
            "none" => ["—", "—", "—", "—"],
            "st:planned" => ["Planificada", "Planned", "Planejada", "Planifiée"],
            "st:approved" => ["Aprobada", "Approved", "Aprovada", "Approuvée"],
            "st:under_way" => ["En curso", "Under way", "Em andamento", "En cours"],
            "st:completed" => ["Concluida", "Completed", "Concluída", "Terminée"],
            "st:report_filed" => [
                "Informe presentado",
                "Report filed",
                "Relatório apresentado",
                "Rapport déposé",
            ],
            "st:cancelled" => ["Cancelada", "Cancelled", "Cancelada", "Annulée"],
            _ => [key, key, key, key],
        };
        t[match l {
            Language::Es => 0,
            Language::En => 1,
            Language::Pt => 2,
            Language::Fr => 3,
        }]
        .to_string()
    };
    let text_table = |title: String, columns: Vec<String>, rows: Vec<ReportRow>| ReportTable {
        title,
        column_kinds: vec![ColumnKind::Text; columns.len() - 1],
        columns,
        rows,
        orientation: Orientation::Portrait,
    };
    let money = |a: &Option<despacho_core::dues::Amount>| match a {
        Some(a) => format!("{} {}", a.currency, a.amount),
        None => w("none"),
    };
    let status = w(&format!(
        "st:{}",
        serde_json::to_value(m.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    ));
    let facts = vec![
        row(&w("purpose"), vec![m.purpose.clone()], RowStyle::Normal, 0),
        row(
            &w("destination"),
            vec![format!("{}, {}", m.city, m.country)],
            RowStyle::Normal,
            0,
        ),
        row(
            &w("dates"),
            vec![format!("{} – {}", m.start_date, m.end_date)],
            RowStyle::Normal,
            0,
        ),
        row(&w("days"), vec![p.days.to_string()], RowStyle::Normal, 0),
        row(&w("status"), vec![status], RowStyle::Normal, 0),
        row(
            &w("estimated"),
            vec![money(&m.estimated_cost)],
            RowStyle::Normal,
            0,
        ),
        row(
            &w("actual"),
            vec![money(&m.actual_cost)],
            RowStyle::Normal,
            0,
        ),
    ];
    let mut sections = vec![text_table(
        w("mission"),
        vec![String::new(), String::new()],
        facts,
    )];
    sections.push(text_table(
        w("travellers"),
        vec![w("name"), w("role")],
        m.travellers
            .iter()
            .map(|t| row(&t.name, vec![t.role.clone()], RowStyle::Normal, 0))
            .collect(),
    ));
    if !m.itinerary.is_empty() {
        sections.push(text_table(
            w("itinerary"),
            vec![w("date"), w("from"), w("to"), w("transport"), w("notes")],
            m.itinerary
                .iter()
                .map(|g| {
                    row(
                        &g.on_date,
                        vec![
                            g.from.clone(),
                            g.to.clone(),
                            g.transport.clone(),
                            g.notes.clone(),
                        ],
                        RowStyle::Normal,
                        0,
                    )
                })
                .collect(),
        ));
    }
    let links: Vec<ReportRow> = [
        (&p.requests, "request"),
        (&p.sessions, "session"),
        (&p.agreements, "agreement"),
    ]
    .iter()
    .flat_map(|(list, kind)| {
        list.iter()
            .map(move |k| row(&w(kind), vec![k.label.clone()], RowStyle::Normal, 0))
    })
    .collect();
    if !links.is_empty() {
        sections.push(text_table(
            w("links"),
            vec![String::new(), String::new()],
            links,
        ));
    }
    let notes = if m.notes.trim().is_empty() {
        vec![]
    } else {
        vec![ReportNote {
            number: String::new(),
            title: w("notes"),
            text: m.notes.clone(),
            tables: vec![],
        }]
    };
    Ok(FinancialReport {
        letterhead: store_letterhead(conn)?,
        language: lang(l),
        title: w("title"),
        subtitle: m.purpose.clone(),
        // Each amount carries its currency: no "figures in" line.
        currency: String::new(),
        generated_on: generated_on.to_string(),
        sections,
        notes,
        compact: true,
    })
}
