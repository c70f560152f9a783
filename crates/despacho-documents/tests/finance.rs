//! Financial reports: the IPSAS statements for the General Assembly in es/en/pt/fr, read back
//! from the PDF (`pdftotext -layout`, `pdfinfo`), from the XLSX (unzipped, XML read) and from
//! the CSV.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::Command;

use despacho_documents::*;

const IMG: &str = "<img src=x onerror=alert(1)>";
const EXIT: &str = "#exit()";
const MARKUP: &str = "#set text(red) *bold* $x$ <tag> [link]";

fn idx(lang: Lang) -> usize {
    match lang {
        Lang::Es => 0,
        Lang::En => 1,
        Lang::Pt => 2,
        Lang::Fr => 3,
    }
}

// Rows are written "STYLE INDENT [-]|es|en|pt|fr": N normal, H heading, S subtotal (sum of
// the normal rows since the last subtotal or total), T total (since the last total);
// "-" makes the row's amounts negative.
const POSITION: &[&str] = &[
    "H0|Activo|Assets|Ativo|Actif",
    "H1|Activo corriente|Current assets|Ativo circulante|Actifs courants",
    "N2|Efectivo y equivalentes de efectivo|Cash and cash equivalents|Caixa e equivalentes de caixa|Trésorerie et équivalents de trésorerie",
    "N2|Cuotas por cobrar de los miembros (nota 5)|Contributions receivable from members (note 5)|Cuotas a receber dos membros (nota 5)|Contributions à recevoir des membres (note 5)",
    "N2-|Provisión para cuotas de cobro dudoso|Allowance for doubtful contributions|Provisão para cuotas de cobrança duvidosa|Provision pour contributions douteuses",
    "N2|Otras cuentas por cobrar|Other receivables|Outras contas a receber|Autres créances",
    "N2|Pagos anticipados|Prepayments|Despesas antecipadas|Charges payées d’avance",
    "S1|Total del activo corriente|Total current assets|Total do ativo circulante|Total des actifs courants",
    "H1|Activo no corriente|Non-current assets|Ativo não circulante|Actifs non courants",
    "N2|Propiedades, planta y equipo|Property, plant and equipment|Imobilizado|Immobilisations corporelles",
    "N2|Activos intangibles|Intangible assets|Ativos intangíveis|Immobilisations incorporelles",
    "S1|Total del activo no corriente|Total non-current assets|Total do ativo não circulante|Total des actifs non courants",
    "T0|Total del activo|Total assets|Total do ativo|Total de l’actif",
    "H0|Pasivo|Liabilities|Passivo|Passif",
    "N1|Cuentas por pagar|Accounts payable|Contas a pagar|Dettes fournisseurs",
    "N1|Cuotas cobradas por anticipado|Contributions received in advance|Cuotas recebidas antecipadamente|Contributions reçues d’avance",
    "N1|Prestaciones a los empleados|Employee benefits|Benefícios a empregados|Avantages du personnel",
    "S0|Total del pasivo|Total liabilities|Total do passivo|Total du passif",
    "H0|Activos netos|Net assets|Ativos líquidos|Actifs nets",
    "N1|Superávit acumulado|Accumulated surplus|Superávit acumulado|Excédent cumulé",
    "N1|Reservas|Reserves|Reservas|Réserves",
    "S0|Total de activos netos|Total net assets|Total dos ativos líquidos|Total des actifs nets",
    "T0|Total del pasivo y activos netos|Total liabilities and net assets|Total do passivo e ativos líquidos|Total du passif et des actifs nets",
];

const PERFORMANCE: &[&str] = &[
    "H0|Ingresos|Revenue|Receitas|Produits",
    "N1|Cuotas de los miembros|Assessed contributions|Cuotas dos membros|Contributions mises en recouvrement",
    "N1|Contribuciones voluntarias|Voluntary contributions|Contribuições voluntárias|Contributions volontaires",
    "N1|Cursos y formación (CIESS)|Courses and training (CIESS)|Cursos e formação (CIESS)|Cours et formation (CIESS)",
    "N1|Ingresos financieros|Finance income|Receitas financeiras|Produits financiers",
    "S0|Total de ingresos|Total revenue|Total das receitas|Total des produits",
    "H0|Gastos|Expenses|Despesas|Charges",
    "N1-|Sueldos y prestaciones de los empleados|Wages, salaries and employee benefits|Salários e benefícios dos empregados|Traitements et avantages du personnel",
    "N1-|Viajes y reuniones estatutarias|Travel and statutory meetings|Viagens e reuniões estatutárias|Voyages et réunions statutaires",
    "N1-|Servicios contractuales|Contractual services|Serviços contratuais|Services contractuels",
    "N1-|Depreciación y amortización|Depreciation and amortization|Depreciação e amortização|Amortissements",
    "N1-|Gastos generales de funcionamiento|General operating expenses|Despesas gerais de funcionamento|Frais généraux de fonctionnement",
    "S0|Total de gastos|Total expenses|Total das despesas|Total des charges",
    "T0|Superávit (déficit) del ejercicio|Surplus (deficit) for the year|Superávit (déficit) do exercício|Excédent (déficit) de l’exercice",
];

const CHANGES: &[&str] = &[
    "N0|Saldo al 1 de enero de 2025|Balance at 1 January 2025|Saldo em 1 de janeiro de 2025|Solde au 1er janvier 2025",
    "N1|Superávit del ejercicio 2025|Surplus for 2025|Superávit do exercício 2025|Excédent de l’exercice 2025",
    "N1-|Transferencia a la reserva de operaciones|Transfer to the operating reserve|Transferência para a reserva operacional|Virement à la réserve de fonctionnement",
    "S0|Saldo al 31 de diciembre de 2025|Balance at 31 December 2025|Saldo em 31 de dezembro de 2025|Solde au 31 décembre 2025",
    "N1|Superávit del ejercicio 2026|Surplus for 2026|Superávit do exercício 2026|Excédent de l’exercice 2026",
    "N1-|Ganancias actuariales reconocidas en activos netos|Actuarial gains recognized in net assets|Ganhos atuariais reconhecidos nos ativos líquidos|Gains actuariels comptabilisés dans les actifs nets",
    "T0|Saldo al 31 de diciembre de 2026|Balance at 31 December 2026|Saldo em 31 de dezembro de 2026|Solde au 31 décembre 2026",
];

const CASH: &[&str] = &[
    "H0|Flujos de efectivo de las actividades de operación|Cash flows from operating activities|Fluxos de caixa das atividades operacionais|Flux de trésorerie liés aux activités opérationnelles",
    "N1|Cuotas recibidas de los miembros|Contributions received from members|Cuotas recebidas dos membros|Contributions reçues des membres",
    "N1|Otros cobros|Other receipts|Outros recebimentos|Autres encaissements",
    "N1-|Pagos a los empleados|Payments to employees|Pagamentos a empregados|Paiements au personnel",
    "N1-|Pagos a proveedores|Payments to suppliers|Pagamentos a fornecedores|Paiements aux fournisseurs",
    "S0|Flujos netos de efectivo de las actividades de operación|Net cash flows from operating activities|Fluxos de caixa líquidos das atividades operacionais|Flux nets de trésorerie liés aux activités opérationnelles",
    "H0|Flujos de efectivo de las actividades de inversión|Cash flows from investing activities|Fluxos de caixa das atividades de investimento|Flux de trésorerie liés aux activités d’investissement",
    "N1-|Adquisición de propiedades, planta y equipo|Purchase of property, plant and equipment|Aquisição de imobilizado|Acquisition d’immobilisations corporelles",
    "N1|Intereses cobrados|Interest received|Juros recebidos|Intérêts perçus",
    "S0|Flujos netos de efectivo de las actividades de inversión|Net cash flows from investing activities|Fluxos de caixa líquidos das atividades de investimento|Flux nets de trésorerie liés aux activités d’investissement",
    "T0|Aumento (disminución) neto del efectivo|Net increase (decrease) in cash|Aumento (diminuição) líquido de caixa|Augmentation (diminution) nette de la trésorerie",
];

const BUDGET_LINES: [[&str; 4]; 25] = [
    [
        "Sueldos del personal de plantilla",
        "Salaries of established staff",
        "Salários do pessoal efetivo",
        "Traitements du personnel permanent",
    ],
    [
        "Prestaciones y seguros del personal",
        "Staff benefits and insurance",
        "Benefícios e seguros do pessoal",
        "Prestations et assurances du personnel",
    ],
    [
        "Consultores y expertos",
        "Consultants and experts",
        "Consultores e especialistas",
        "Consultants et experts",
    ],
    [
        "Traducción e interpretación",
        "Translation and interpretation",
        "Tradução e interpretação",
        "Traduction et interprétation",
    ],
    [
        "Viajes del personal",
        "Staff travel",
        "Viagens do pessoal",
        "Voyages du personnel",
    ],
    [
        "Asamblea General",
        "General Assembly",
        "Assembleia Geral",
        "Assemblée générale",
    ],
    [
        "Comité Permanente",
        "Standing Committee",
        "Comitê Permanente",
        "Comité permanent",
    ],
    [
        "Comisiones Americanas de Seguridad Social",
        "American Social Security Commissions",
        "Comissões Americanas de Seguridade Social",
        "Commissions américaines de sécurité sociale",
    ],
    ["Subregiones", "Subregions", "Sub-regiões", "Sous-régions"],
    [
        "Centro Interamericano de Estudios de Seguridad Social",
        "Inter-American Center for Social Security Studies",
        "Centro Interamericano de Estudos de Seguridade Social",
        "Centre interaméricain d’études de sécurité sociale",
    ],
    [
        "Becas de formación",
        "Training fellowships",
        "Bolsas de formação",
        "Bourses de formation",
    ],
    [
        "Publicaciones e informe sobre la seguridad social",
        "Publications and social security report",
        "Publicações e relatório sobre a seguridade social",
        "Publications et rapport sur la sécurité sociale",
    ],
    [
        "Biblioteca y centro de documentación",
        "Library and documentation centre",
        "Biblioteca e centro de documentação",
        "Bibliothèque et centre de documentation",
    ],
    [
        "Tecnologías de la información",
        "Information technology",
        "Tecnologias da informação",
        "Technologies de l’information",
    ],
    [
        "Licencias de programas informáticos",
        "Software licences",
        "Licenças de software",
        "Licences de logiciels",
    ],
    [
        "Comunicaciones y telefonía",
        "Communications and telephony",
        "Comunicações e telefonia",
        "Communications et téléphonie",
    ],
    [
        "Mantenimiento del edificio de la sede",
        "Maintenance of the headquarters building",
        "Manutenção do edifício da sede",
        "Entretien du bâtiment du siège",
    ],
    [
        "Servicios públicos",
        "Utilities",
        "Serviços públicos",
        "Services publics",
    ],
    [
        "Seguridad y vigilancia",
        "Security services",
        "Segurança e vigilância",
        "Sécurité et surveillance",
    ],
    [
        "Suministros de oficina",
        "Office supplies",
        "Material de escritório",
        "Fournitures de bureau",
    ],
    [
        "Mobiliario y equipo",
        "Furniture and equipment",
        "Mobiliário e equipamento",
        "Mobilier et équipement",
    ],
    [
        "Auditoría externa",
        "External audit",
        "Auditoria externa",
        "Audit externe",
    ],
    [
        "Servicios bancarios",
        "Bank charges",
        "Serviços bancários",
        "Frais bancaires",
    ],
    [
        "Seguros de bienes",
        "Property insurance",
        "Seguros de bens",
        "Assurance des biens",
    ],
    ["Imprevistos", "Contingencies", "Imprevistos", "Imprévus"],
];

const EXPLANATIONS: [[&str; 4]; 3] = [
    [
        "Menor gasto por la reprogramación de la reunión regional al ejercicio siguiente",
        "Lower spending: the regional meeting was moved to the next year",
        "Menor gasto pela reprogramação da reunião regional para o exercício seguinte",
        "Dépenses moindres : la réunion régionale a été reportée à l’exercice suivant",
    ],
    [
        "Mayor gasto por la renovación de equipos informáticos aprobada por el Comité Permanente",
        "Higher spending: IT equipment renewal approved by the Standing Committee",
        "Maior gasto pela renovação de equipamentos de informática aprovada pelo Comitê Permanente",
        "Dépenses accrues : renouvellement du matériel informatique approuvé par le Comité permanent",
    ],
    [MARKUP, MARKUP, MARKUP, MARKUP],
];

const MEMBERS: [&str; 30] = [
    "Instituto Mexicano del Seguro Social",
    "Instituto de Seguridad y Servicios Sociales de los Trabajadores del Estado",
    "Administración Nacional de la Seguridad Social (ANSES)",
    "Instituto Nacional do Seguro Social (INSS)",
    "Caja Costarricense de Seguro Social",
    "Instituto Ecuatoriano de Seguridad Social",
    "Seguro Social de Salud (EsSalud)",
    "Banco de Previsión Social",
    "Instituto de Previsión Social",
    "Caja Nacional de Salud",
    "Instituto Guatemalteco de Seguridad Social",
    "Instituto Salvadoreño del Seguro Social",
    "Instituto Hondureño de Seguridad Social",
    "Instituto Nicaragüense de Seguridad Social",
    "Caja de Seguro Social",
    "Consejo Nacional de Seguridad Social",
    "Instituto Dominicano de Seguros Sociales",
    "Social Security Administration",
    "Employment and Social Development Canada",
    "National Insurance Scheme of Jamaica",
    "National Insurance Board of Trinidad and Tobago",
    "Social Security Board Belize",
    "National Insurance Services Barbados",
    "Superintendencia de Pensiones",
    "Instituto de Seguridad Social de las Fuerzas Armadas",
    "Régie de l’assurance maladie du Québec",
    "Office d’Assurance Vieillesse (ONA) d’Haïti",
    "Caixa de Previdência dos Funcionários do Banco do Brasil",
    IMG,
    EXIT,
];

const AGEING: [&str; 4] = [
    "Miembro|Corriente|1 año|2 años|3 años o más|Total",
    "Member|Current|1 year|2 years|3 years or more|Total",
    "Membro|Corrente|1 ano|2 anos|3 anos ou mais|Total",
    "Membre|Courant|1 an|2 ans|3 ans ou plus|Total",
];

/// Deterministic, varied amounts in cents.
fn cents(seed: u64) -> i64 {
    let x = seed.wrapping_mul(2_654_435_761).wrapping_add(0x9E37) % 97_000_000;
    (x + 150_000) as i64
}

fn dec(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

/// Builds a table from the compact row notation, with `ncols` amount columns.
fn statement(title: &str, columns: &[&str], spec: &[&str], lang: Lang, seed: u64) -> ReportTable {
    let n = columns.len() - 1;
    let mut since_sub = vec![0i64; n];
    let mut since_total = vec![0i64; n];
    let rows = spec
        .iter()
        .enumerate()
        .map(|(r, line)| {
            let mut parts = line.split('|');
            let head = parts.next().unwrap();
            let label = parts.nth(idx(lang)).unwrap().to_owned();
            let style = match &head[..1] {
                "N" => RowStyle::Normal,
                "H" => RowStyle::Heading,
                "S" => RowStyle::Subtotal,
                _ => RowStyle::Total,
            };
            let indent = head[1..2].parse().unwrap();
            let values = match style {
                RowStyle::Heading => Vec::new(),
                RowStyle::Normal => (0..n)
                    .map(|c| {
                        let mut v = cents(seed * 1000 + r as u64 * 10 + c as u64);
                        if head.ends_with('-') {
                            v = -v;
                        }
                        since_sub[c] += v;
                        since_total[c] += v;
                        dec(v)
                    })
                    .collect(),
                RowStyle::Subtotal => (0..n)
                    .map(|c| dec(std::mem::take(&mut since_sub[c])))
                    .collect(),
                RowStyle::Total => {
                    since_sub.iter_mut().for_each(|v| *v = 0);
                    (0..n)
                        .map(|c| dec(std::mem::take(&mut since_total[c])))
                        .collect()
                }
            };
            ReportRow {
                label,
                values,
                style,
                indent,
            }
        })
        .collect();
    ReportTable {
        title: title.to_owned(),
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        column_kinds: Vec::new(),
        rows,
        orientation: Orientation::Auto,
    }
}

fn pick(l: Lang, t: [&'static str; 4]) -> &'static str {
    t[idx(l)]
}

fn budget_vs_actual(lang: Lang) -> ReportTable {
    let mut rows = Vec::new();
    let (mut o, mut f, mut a) = (0i64, 0i64, 0i64);
    for (i, line) in BUDGET_LINES.iter().enumerate() {
        let original = cents(7000 + i as u64);
        let final_ = original + if i % 4 == 0 { 250_000 } else { 0 };
        let actual = final_ - cents(9000 + i as u64) / 20 + if i % 7 == 3 { 1_200_000 } else { 0 };
        let diff = final_ - actual;
        let explanation = match i {
            4 => pick(lang, EXPLANATIONS[0]),
            13 => pick(lang, EXPLANATIONS[1]),
            20 => pick(lang, EXPLANATIONS[2]),
            _ => "",
        };
        let label = if i == 24 {
            format!("{} {EXIT}", pick(lang, *line))
        } else {
            pick(lang, *line).to_owned()
        };
        rows.push(ReportRow {
            label,
            values: vec![
                dec(original),
                dec(final_),
                dec(actual),
                dec(diff),
                explanation.to_owned(),
            ],
            style: RowStyle::Normal,
            indent: 0,
        });
        (o, f, a) = (o + original, f + final_, a + actual);
    }
    rows.push(ReportRow {
        label: pick(lang, ["Total", "Total", "Total", "Total"]).to_owned(),
        values: vec![dec(o), dec(f), dec(a), dec(f - a), String::new()],
        style: RowStyle::Total,
        indent: 0,
    });
    ReportTable {
        title: pick(
            lang,
            [
                "Estado de comparación de los importes presupuestados y reales",
                "Statement of comparison of budget and actual amounts",
                "Demonstração da comparação dos valores orçados e realizados",
                "État de comparaison des montants budgétisés et réels",
            ],
        )
        .to_owned(),
        columns: match lang {
            Lang::Es => [
                "Partida",
                "Presupuesto original",
                "Presupuesto final",
                "Importe real",
                "Diferencia",
                "Explicación",
            ],
            Lang::En => [
                "Line",
                "Original budget",
                "Final budget",
                "Actual amounts",
                "Difference",
                "Explanation",
            ],
            Lang::Pt => [
                "Rubrica",
                "Orçamento original",
                "Orçamento final",
                "Valor realizado",
                "Diferença",
                "Explicação",
            ],
            Lang::Fr => [
                "Rubrique",
                "Budget initial",
                "Budget final",
                "Montants réels",
                "Écart",
                "Explication",
            ],
        }
        .map(str::to_owned)
        .to_vec(),
        column_kinds: vec![
            ColumnKind::Amount,
            ColumnKind::Amount,
            ColumnKind::Amount,
            ColumnKind::Amount,
            ColumnKind::Text,
        ],
        rows,
        orientation: Orientation::Auto,
    }
}

fn dues_by_member(lang: Lang) -> ReportTable {
    let mut totals = [0i64; 5];
    let mut rows: Vec<ReportRow> = MEMBERS
        .iter()
        .enumerate()
        .map(|(m, name)| {
            let mut buckets: Vec<i64> = (0..4)
                .map(|b| {
                    if (m + b) % 3 == 0 {
                        0
                    } else {
                        cents(500 + m as u64 * 4 + b as u64) / 10
                    }
                })
                .collect();
            buckets.push(buckets.iter().sum());
            for (t, v) in totals.iter_mut().zip(&buckets) {
                *t += v;
            }
            ReportRow {
                label: (*name).to_owned(),
                values: buckets
                    .into_iter()
                    .map(|v| if v == 0 { String::new() } else { dec(v) })
                    .collect(),
                style: RowStyle::Normal,
                indent: 0,
            }
        })
        .collect();
    rows.push(ReportRow {
        label: "Total".to_owned(),
        values: totals.iter().map(|v| dec(*v)).collect(),
        style: RowStyle::Total,
        indent: 0,
    });
    ReportTable {
        title: pick(
            lang,
            [
                "Cuotas por cobrar por miembro y antigüedad",
                "Contributions receivable by member and age",
                "Cuotas a receber por membro e antiguidade",
                "Contributions à recevoir par membre et ancienneté",
            ],
        )
        .to_owned(),
        columns: AGEING[idx(lang)].split('|').map(str::to_owned).collect(),
        column_kinds: Vec::new(),
        rows,
        orientation: Orientation::Auto,
    }
}

fn report(lang: Lang) -> FinancialReport {
    let years = |l: Lang| -> Vec<&'static str> { vec![pick(l, ["", "", "", ""]), "2026", "2025"] };
    let net_assets_cols = match lang {
        Lang::Es => vec![
            "",
            "Superávit acumulado",
            "Reservas",
            "Total de activos netos",
        ],
        Lang::En => vec!["", "Accumulated surplus", "Reserves", "Total net assets"],
        Lang::Pt => vec![
            "",
            "Superávit acumulado",
            "Reservas",
            "Total dos ativos líquidos",
        ],
        Lang::Fr => vec!["", "Excédent cumulé", "Réserves", "Total des actifs nets"],
    };
    FinancialReport {
        letterhead: Letterhead::default(),
        language: lang,
        title: pick(lang, ["Estados financieros", "Financial statements", "Demonstrações financeiras", "États financiers"]).to_owned(),
        subtitle: pick(lang, [
            "Ejercicio 2026, con cifras comparativas de 2025",
            "Fiscal year 2026, with 2025 comparative",
            "Exercício de 2026, com valores comparativos de 2025",
            "Exercice 2026, avec chiffres comparatifs de 2025",
        ])
        .to_owned(),
        currency: "USD".to_owned(),
        generated_on: "2026-03-01".to_owned(),
        sections: vec![
            statement(
                pick(lang, ["Estado de situación financiera", "Statement of financial position", "Demonstração da posição financeira", "État de la situation financière"]),
                &years(lang),
                POSITION,
                lang,
                1,
            ),
            statement(
                pick(lang, ["Estado de rendimiento financiero", "Statement of financial performance", "Demonstração do desempenho financeiro", "État de la performance financière"]),
                &years(lang),
                PERFORMANCE,
                lang,
                2,
            ),
            statement(
                pick(lang, ["Estado de cambios en los activos netos", "Statement of changes in net assets", "Demonstração das mutações nos ativos líquidos", "État des variations de l’actif net"]),
                &net_assets_cols,
                CHANGES,
                lang,
                3,
            ),
            statement(
                pick(lang, ["Estado de flujos de efectivo", "Cash flow statement", "Demonstração dos fluxos de caixa", "Tableau des flux de trésorerie"]),
                &years(lang),
                CASH,
                lang,
                4,
            ),
            budget_vs_actual(lang),
        ],
        notes: vec![
            ReportNote {
                number: "1".to_owned(),
                title: pick(lang, ["Entidad informante", "Reporting entity", "Entidade que reporta", "Entité présentant les états financiers"]).to_owned(),
                text: pick(lang, [
                    "La Conferencia Interamericana de Seguridad Social es un organismo internacional técnico.\n\nSus estados financieros se preparan conforme a las IPSAS.",
                    "The Inter-American Conference on Social Security is a technical international organization.\n\nIts financial statements are prepared under IPSAS.",
                    "A Conferência Interamericana de Seguridade Social é um organismo internacional técnico.\n\nSuas demonstrações financeiras são preparadas segundo as IPSAS.",
                    "La Conférence interaméricaine de sécurité sociale est une organisation internationale technique.\n\nSes états financiers sont établis selon les normes IPSAS.",
                ])
                .to_owned(),
                tables: vec![],
            },
            ReportNote {
                number: "5".to_owned(),
                title: pick(lang, ["Cuotas por cobrar", "Contributions receivable", "Cuotas a receber", "Contributions à recevoir"]).to_owned(),
                text: format!("{IMG} {MARKUP}"),
                tables: vec![dues_by_member(lang)],
            },
        ],
        compact: false,
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("despacho-documents");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch(name);
    std::fs::write(&path, bytes).unwrap();
    if let Ok(dir) = std::env::var("DESPACHO_DOCS_SAMPLES") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(PathBuf::from(dir).join(name), bytes).unwrap();
    }
    path
}

fn pdftotext(path: &PathBuf) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn pdf_pages(path: &PathBuf) -> usize {
    let out = Command::new("pdfinfo").arg(path).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Whitespace (including the no-break spaces of French figures) collapsed to single spaces.
fn flat(text: &str) -> String {
    text.replace(['\u{202F}', '\u{A0}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each needle after the previous one. A label wrapped over two lines of the layout text has
/// the figures of its row between its parts, so a needle not found whole must have its words
/// in order, close together.
fn assert_in_order(haystack: &str, needles: &[String]) {
    let mut from = 0;
    for needle in needles {
        let needle = flat(needle);
        if let Some(at) = haystack[from..].find(&needle) {
            from += at + needle.len();
            continue;
        }
        let start = from;
        for word in needle.split(' ') {
            match haystack[from..].find(word) {
                Some(at) if from + at - start < needle.len() + 160 => from += at + word.len(),
                _ => panic!(
                    "{needle:?} not found in order after byte {start}:\n{}",
                    &haystack[start..(start + 600).min(haystack.len())]
                ),
            }
        }
    }
}

/// The figure as the test expects it printed (written apart from the crate's formatter).
fn printed(lang: Lang, value: &str) -> String {
    let (neg, digits) = match value.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, value),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let (group, mark) = match lang {
        Lang::En | Lang::Es => (',', '.'),
        Lang::Pt => ('.', ','),
        Lang::Fr => (' ', ','),
    };
    let mut s = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            s.push(group);
        }
        s.push(c);
    }
    if !frac.is_empty() {
        s.push(mark);
        s.push_str(frac);
    }
    if neg {
        format!("({s})")
    } else {
        s
    }
}

fn check_pdf(lang: Lang, page_word: &str, of: &str) {
    let r = report(lang);
    let pdf = render_financial_report(&r).unwrap();
    let path = save(&format!("statements-{}.pdf", lang.code()), &pdf);
    let text = flat(&pdftotext(&path));
    let pages = pdf_pages(&path);
    assert!((7..=16).contains(&pages), "{lang:?}: {pages} pages");

    let mut needles = vec![r.title.clone(), r.subtitle.clone()];
    // The table of contents lists every statement, in order.
    needles.extend(r.sections.iter().map(|s| s.title.clone()));
    for table in r.tables() {
        needles.push(table.title.clone());
        for row in &table.rows {
            needles.push(row.label.clone());
            if row.style == RowStyle::Total {
                for v in row.values.iter().filter(|v| !v.is_empty()) {
                    needles.push(printed(lang, v));
                }
            }
        }
    }
    assert_in_order(&text, &needles);
    assert!(
        text.contains(&format!("{page_word} 1 {of} {pages}")),
        "{lang:?}: page 1 of {pages}"
    );
    assert!(text.contains(&format!("{page_word} {pages} {of} {pages}")));
    for hostile in [IMG, EXIT, MARKUP] {
        assert!(
            text.contains(hostile),
            "{hostile:?} printed literally in {lang:?}"
        );
    }
    // Negative figures print in parentheses, never with a minus sign.
    let negative = &r.sections[1].rows[7].values[0];
    assert!(negative.starts_with('-'));
    assert!(
        text.contains(&printed(lang, negative)),
        "{lang:?}: {negative}"
    );
    assert!(!text.contains(&format!("-{}", printed(lang, &negative[1..]))));
}

#[test]
fn statements_in_spanish() {
    check_pdf(Lang::Es, "Página", "de");
}

#[test]
fn statements_in_english() {
    check_pdf(Lang::En, "Page", "of");
}

#[test]
fn statements_in_portuguese() {
    check_pdf(Lang::Pt, "Página", "de");
}

#[test]
fn statements_in_french() {
    check_pdf(Lang::Fr, "Page", "sur");
}

#[test]
fn portuguese_figures_are_grouped_with_points_and_spanish_as_in_mexico() {
    let pt = report(Lang::Pt);
    let v = &pt.sections[0].rows[12].values[0]; // Total do ativo
    let cents: i64 = v.replace('.', "").parse().unwrap();
    assert!(cents > 10_000_000, "the fixture total has thousands: {v}");
    assert!(printed(Lang::Pt, v).contains('.') && printed(Lang::Pt, v).contains(','));
    assert_eq!(
        format_amount(Lang::Pt, "-1234567.50").unwrap(),
        "(1.234.567,50)"
    );
    assert_eq!(
        format_amount(Lang::Es, "-1234567.50").unwrap(),
        "(1,234,567.50)"
    );
    assert_eq!(
        format_amount(Lang::En, "-1234567.50").unwrap(),
        "(1,234,567.50)"
    );
    assert_eq!(
        format_amount(Lang::Pt, "1234567.50").unwrap(),
        "1.234.567,50"
    );
    assert_eq!(
        format_amount(Lang::Fr, "1234567.50").unwrap(),
        "1\u{202F}234\u{202F}567,50"
    );
}

#[test]
fn identical_input_gives_identical_bytes() {
    let r = report(Lang::Fr);
    assert_eq!(
        render_financial_report(&r).unwrap(),
        render_financial_report(&r).unwrap()
    );
    assert_eq!(
        financial_report_xlsx(&r).unwrap(),
        financial_report_xlsx(&r).unwrap()
    );
}

#[test]
fn malformed_amounts_and_shapes_are_refused() {
    let mut r = report(Lang::En);
    r.sections[0].rows[2].values[0] = "1,234.50".to_owned();
    let err = render_financial_report(&r).unwrap_err();
    assert!(
        matches!(err, DocumentError::InvalidInput(ref m) if m.contains("1,234.50")),
        "{err}"
    );
    assert!(matches!(
        financial_report_xlsx(&r),
        Err(DocumentError::InvalidInput(_))
    ));

    let mut r = report(Lang::En);
    r.sections[1].rows[1].values.push("1.00".to_owned());
    assert!(matches!(
        render_financial_report(&r),
        Err(DocumentError::InvalidInput(_))
    ));

    let mut r = report(Lang::En);
    r.sections[4].column_kinds.pop();
    assert!(matches!(
        render_financial_report(&r),
        Err(DocumentError::InvalidInput(_))
    ));

    let mut r = report(Lang::En);
    r.generated_on = "2026-13-01".to_owned();
    assert!(matches!(
        render_financial_report(&r),
        Err(DocumentError::InvalidInput(_))
    ));
}

#[test]
fn a_projection_prints_scenarios_side_by_side_on_one_page() {
    let years = ["2027", "2028", "2029"];
    let mut rows = Vec::new();
    for (i, label) in [
        "Cuotas de los miembros",
        "Otros ingresos",
        "Gastos de personal",
        "Otros gastos",
    ]
    .iter()
    .enumerate()
    {
        rows.push(ReportRow {
            label: (*label).to_owned(),
            values: (0..6)
                .map(|c| {
                    dec(if i >= 2 {
                        -cents(c + i as u64 * 10)
                    } else {
                        cents(c + i as u64 * 10)
                    })
                })
                .collect(),
            style: RowStyle::Normal,
            indent: 1,
        });
    }
    let table = ReportTable {
        title: "Proyección 2027–2029: escenario base y escenario de mora".to_owned(),
        columns: std::iter::once(String::new())
            .chain(years.iter().map(|y| format!("Base {y}")))
            .chain(years.iter().map(|y| format!("Mora {y}")))
            .collect(),
        column_kinds: Vec::new(),
        rows,
        orientation: Orientation::Auto,
    };
    let r = FinancialReport {
        letterhead: Letterhead::default(),
        language: Lang::Es,
        title: "Proyección presupuestaria".to_owned(),
        subtitle: String::new(),
        currency: "USD".to_owned(),
        generated_on: "2026-03-01".to_owned(),
        sections: vec![table],
        notes: vec![],
        compact: false,
    };
    let path = save("projection-es.pdf", &render_financial_report(&r).unwrap());
    assert_eq!(pdf_pages(&path), 1);
    let text = flat(&pdftotext(&path));
    assert!(
        !text.contains("Contenido"),
        "no table of contents for one table"
    );
    assert_in_order(
        &text,
        &[
            "Base 2027".into(),
            "Mora 2029".into(),
            "Cuotas de los miembros".into(),
            "Otros gastos".into(),
        ],
    );
}

#[test]
fn a_long_table_breaks_across_pages_and_repeats_its_header() {
    let mut r = report(Lang::En);
    let members = &mut r.notes[1].tables[0];
    let total = members.rows.pop().unwrap();
    let first: Vec<ReportRow> = members.rows.clone();
    for copy in 1..4 {
        members.rows.extend(first.iter().map(|row| ReportRow {
            label: format!("{} ({copy})", row.label),
            ..row.clone()
        }));
    }
    members.rows.push(total);
    let path = save("long-table-en.pdf", &render_financial_report(&r).unwrap());
    let pages = pdf_pages(&path);
    let last_pages: Vec<String> = (pages - 2..=pages)
        .map(|p| {
            let out = Command::new("pdftotext")
                .args(["-layout", "-f", &p.to_string(), "-l", &p.to_string()])
                .arg(&path)
                .arg("-")
                .output()
                .unwrap();
            flat(&String::from_utf8(out.stdout).unwrap())
        })
        .collect();
    // 121 rows over the last pages: each page of the table starts with the column headings
    // (under the running header; a wrapped heading puts "more" on a second line).
    for text in &last_pages {
        let top: String = text.chars().take(160).collect();
        for heading in [
            "Member",
            "Current",
            "1 year",
            "2 years",
            "3 years or",
            "more Total",
        ] {
            assert!(top.contains(heading), "header not repeated:\n{text}");
        }
    }
    assert!(last_pages[2].contains("#exit() (3)") && last_pages[2].contains("Total"));
}

// --- XLSX, read back with zip and a few lines of XML scanning ---

fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the XLSX is a zip");
    let mut files = HashMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        files.insert(f.name().unwrap().into_owned(), s);
    }
    files
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The value of an attribute in an XML tag's text.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    Some(&tag[at..at + tag[at..].find('"')?])
}

fn shared_strings(files: &HashMap<String, String>) -> Vec<String> {
    let Some(xml) = files.get("xl/sharedStrings.xml") else {
        return Vec::new();
    };
    xml.split("<si>")
        .skip(1)
        .map(|si| {
            let t = &si[si.find("<t").unwrap()..];
            let t = &t[t.find('>').unwrap() + 1..];
            unescape(&t[..t.find("</t>").unwrap()])
        })
        .collect()
}

/// Cell reference → (is a string, value).
fn cells(sheet: &str, strings: &[String]) -> HashMap<String, (bool, String)> {
    let mut out = HashMap::new();
    for c in sheet.split("<c ").skip(1) {
        let tag = &c[..c.find('>').unwrap()];
        let r = attr(&format!(" {tag}"), "r").unwrap().to_owned();
        let Some(v) = c
            .find("<v>")
            .map(|at| &c[at + 3..at + 3 + c[at + 3..].find("</v>").unwrap()])
        else {
            continue;
        };
        let is_string = attr(&format!(" {tag}"), "t") == Some("s");
        let value = if is_string {
            strings[v.parse::<usize>().unwrap()].clone()
        } else {
            v.to_owned()
        };
        out.insert(r, (is_string, value));
    }
    out
}

#[test]
fn xlsx_has_a_sheet_per_table_with_numeric_cells() {
    let r = report(Lang::Es);
    let bytes = financial_report_xlsx(&r).unwrap();
    save("statements-es.xlsx", &bytes);
    let files = unzip(&bytes);
    let workbook = &files["xl/workbook.xml"];
    let names: Vec<String> = workbook
        .split("<sheet ")
        .skip(1)
        .map(|s| unescape(attr(&format!(" {s}"), "name").unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            "Estado de situación financiera",
            "Estado de rendimiento financier",
            "Estado de cambios en los activo",
            "Estado de flujos de efectivo",
            "Estado de comparación de los im",
            "Cuotas por cobrar por miembro y",
        ]
    );
    assert!(
        files["docProps/core.xml"].contains("2026-03-01T00:00:00Z"),
        "{}",
        files["docProps/core.xml"]
    );
    let strings = shared_strings(&files);

    // Statement of financial position: title, headings on row 4 (frozen), the total.
    let sheet = &files["xl/worksheets/sheet1.xml"];
    assert!(
        sheet.contains("state=\"frozen\"")
            && sheet.contains("ySplit=\"4\"")
            && sheet.contains("xSplit=\"1\""),
        "{sheet}"
    );
    let c = cells(sheet, &strings);
    assert_eq!(c["A1"].1, "Estado de situación financiera");
    assert_eq!(c["B4"], (true, "2026".to_owned()));
    let total_row = &r.sections[0].rows[12];
    assert_eq!(total_row.label, "Total del activo");
    assert_eq!(c["A17"].1, "Total del activo");
    let (is_string, v) = &c["B17"];
    assert!(!is_string, "amounts are numbers");
    assert_eq!(
        v.parse::<f64>().unwrap(),
        total_row.values[0].parse::<f64>().unwrap()
    );
    let negative = &r.sections[0].rows[4].values[1];
    assert!(negative.starts_with('-'));
    assert_eq!(
        c["C9"].1.parse::<f64>().unwrap(),
        negative.parse::<f64>().unwrap()
    );
    let styles = &files["xl/styles.xml"];
    assert!(styles.contains("formatCode=\"#,##0.00\""), "{styles}");

    // Budget against actual: the explanation is a string cell; markup stays text.
    let c = cells(&files["xl/worksheets/sheet5.xml"], &strings);
    assert_eq!(c["F4"].1, "Explicación");
    assert_eq!(c["F25"], (true, MARKUP.to_owned()));
    assert_eq!(c["A29"].1, format!("Imprevistos {EXIT}"));
    // Dues by member: 30 members, hostile names as plain strings, the total.
    let c = cells(&files["xl/worksheets/sheet6.xml"], &strings);
    assert_eq!(c["A5"].1, MEMBERS[0]);
    assert_eq!(c["A33"], (true, IMG.to_owned()));
    assert_eq!(c["A34"], (true, EXIT.to_owned()));
    assert_eq!(c["A35"].1, "Total");
    let total = r.notes[1].tables[0].rows[30].values[4]
        .parse::<f64>()
        .unwrap();
    assert_eq!(c["F35"].1.parse::<f64>().unwrap(), total);
}

/// RFC 4180 records.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CRLF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

#[test]
fn csv_round_trips_every_table() {
    let mut r = report(Lang::Es);
    r.sections[0].rows[2].label = "Efectivo, \"caja\" y\nbancos".to_owned();
    for table in r.tables() {
        let csv = financial_report_csv(table);
        assert!(!csv.starts_with('\u{FEFF}'));
        let records = parse_csv(&csv);
        assert_eq!(records[0], table.columns);
        assert_eq!(records.len(), table.rows.len() + 1);
        for (record, row) in records[1..].iter().zip(&table.rows) {
            assert_eq!(record.len(), table.columns.len());
            assert_eq!(record[0], row.label);
            for (i, field) in record[1..].iter().enumerate() {
                assert_eq!(field, row.values.get(i).map(String::as_str).unwrap_or(""));
            }
        }
    }
    let csv = financial_report_csv(&r.sections[0]);
    assert!(
        csv.contains("\"Efectivo, \"\"caja\"\" y\nbancos\","),
        "{csv}"
    );
}
