//! The fixed strings of the documents in es/en/pt/fr (Spanish is the source), and dates.

use serde::Serialize;

use crate::model::{ItemKind, Lang, Participation, SessionKind};

/// The fixed strings of one language, handed to the templates as a JSON object.
#[derive(Debug, Clone, Serialize)]
pub struct Strings {
    pub language: &'static str,
    pub agenda: &'static str,
    pub provisional: &'static str,
    pub presenter: &'static str,
    pub documents: &'static str,
    pub time: &'static str,
    pub item: &'static str,
    pub kind: &'static str,
    pub minutes: &'static str,
    pub resolution: &'static str,
    pub page: &'static str,
    pub of: &'static str,
    pub revision: &'static str,
    pub venue: &'static str,
    pub link: &'static str,
    pub date: &'static str,
    pub generated: &'static str,
    pub annexes: &'static str,
    pub annex: &'static str,
    pub attendance: &'static str,
    pub member: &'static str,
    pub person: &'static str,
    pub participation: &'static str,
    pub discussion: &'static str,
    pub decision: &'static str,
    pub action_items: &'static str,
    pub action: &'static str,
    pub owner: &'static str,
    pub due: &'static str,
    pub draft: &'static str,
    pub approved_minutes: &'static str,
    pub items: &'static str,
    pub minutes_abbr: &'static str,
}

pub fn strings(lang: Lang) -> Strings {
    match lang {
        Lang::Es => Strings {
            language: "Español",
            agenda: "Orden del día",
            provisional: "PROVISIONAL",
            presenter: "Presenta",
            documents: "Documentos",
            time: "Hora",
            item: "Punto",
            kind: "Tipo",
            minutes: "Acta",
            resolution: "Resolución",
            page: "Página",
            of: "de",
            revision: "Revisión",
            venue: "Sede",
            link: "Enlace",
            date: "Fecha",
            generated: "Generado el",
            annexes: "Anexos",
            annex: "Anexo",
            attendance: "Asistencia",
            member: "Miembro",
            person: "Representante",
            participation: "Participación",
            discussion: "Deliberación",
            decision: "Decisión",
            action_items: "Acciones de seguimiento",
            action: "Acción",
            owner: "Responsable",
            due: "Fecha límite",
            draft: "PROYECTO",
            approved_minutes: "Acta aprobada",
            items: "Puntos del orden del día",
            minutes_abbr: "min",
        },
        Lang::En => Strings {
            language: "English",
            agenda: "Agenda",
            provisional: "PROVISIONAL",
            presenter: "Presented by",
            documents: "Documents",
            time: "Time",
            item: "Item",
            kind: "Type",
            minutes: "Minutes",
            resolution: "Resolution",
            page: "Page",
            of: "of",
            revision: "Revision",
            venue: "Venue",
            link: "Link",
            date: "Date",
            generated: "Generated on",
            annexes: "Annexes",
            annex: "Annex",
            attendance: "Attendance",
            member: "Member",
            person: "Representative",
            participation: "Participation",
            discussion: "Discussion",
            decision: "Decision",
            action_items: "Action items",
            action: "Action",
            owner: "Owner",
            due: "Due",
            draft: "DRAFT",
            approved_minutes: "Approved minutes",
            items: "Agenda items",
            minutes_abbr: "min",
        },
        Lang::Pt => Strings {
            language: "Português",
            agenda: "Ordem do dia",
            provisional: "PROVISÓRIA",
            presenter: "Apresenta",
            documents: "Documentos",
            time: "Hora",
            item: "Item",
            kind: "Tipo",
            minutes: "Ata",
            resolution: "Resolução",
            page: "Página",
            of: "de",
            revision: "Revisão",
            venue: "Local",
            link: "Link",
            date: "Data",
            generated: "Gerado em",
            annexes: "Anexos",
            annex: "Anexo",
            attendance: "Presenças",
            member: "Membro",
            person: "Representante",
            participation: "Participação",
            discussion: "Deliberação",
            decision: "Decisão",
            action_items: "Ações de acompanhamento",
            action: "Ação",
            owner: "Responsável",
            due: "Prazo",
            draft: "MINUTA",
            approved_minutes: "Ata aprovada",
            items: "Itens da ordem do dia",
            minutes_abbr: "min",
        },
        Lang::Fr => Strings {
            language: "Français",
            agenda: "Ordre du jour",
            provisional: "PROVISOIRE",
            presenter: "Présenté par",
            documents: "Documents",
            time: "Heure",
            item: "Point",
            kind: "Type",
            minutes: "Procès-verbal",
            resolution: "Résolution",
            page: "Page",
            of: "sur",
            revision: "Révision",
            venue: "Lieu",
            link: "Lien",
            date: "Date",
            generated: "Généré le",
            annexes: "Annexes",
            annex: "Annexe",
            attendance: "Présences",
            member: "Membre",
            person: "Représentant",
            participation: "Participation",
            discussion: "Délibérations",
            decision: "Décision",
            action_items: "Actions de suivi",
            action: "Action",
            owner: "Responsable",
            due: "Échéance",
            draft: "PROJET",
            approved_minutes: "Procès-verbal approuvé",
            items: "Points de l’ordre du jour",
            minutes_abbr: "min",
        },
    }
}

/// The fixed strings of the financial reports.
#[derive(Debug, Clone, Serialize)]
pub struct FinanceStrings {
    pub page: &'static str,
    pub of: &'static str,
    pub generated: &'static str,
    pub contents: &'static str,
    pub notes: &'static str,
    pub note: &'static str,
    /// Followed by the currency code: "Cifras en USD".
    pub amounts_in: &'static str,
    /// The name of a worksheet whose title is empty: "Hoja 2".
    pub sheet: &'static str,
}

pub fn finance_strings(lang: Lang) -> FinanceStrings {
    match lang {
        Lang::Es => FinanceStrings {
            page: "Página",
            of: "de",
            generated: "Generado el",
            contents: "Contenido",
            notes: "Notas",
            note: "Nota",
            amounts_in: "Cifras en",
            sheet: "Hoja",
        },
        Lang::En => FinanceStrings {
            page: "Page",
            of: "of",
            generated: "Generated on",
            contents: "Contents",
            notes: "Notes",
            note: "Note",
            amounts_in: "Amounts in",
            sheet: "Sheet",
        },
        Lang::Pt => FinanceStrings {
            page: "Página",
            of: "de",
            generated: "Gerado em",
            contents: "Sumário",
            notes: "Notas explicativas",
            note: "Nota",
            amounts_in: "Valores em",
            sheet: "Planilha",
        },
        Lang::Fr => FinanceStrings {
            page: "Page",
            of: "sur",
            generated: "Généré le",
            contents: "Sommaire",
            notes: "Notes",
            note: "Note",
            amounts_in: "Montants en",
            sheet: "Feuille",
        },
    }
}

/// The fixed strings of the compliance report.
#[derive(Debug, Clone, Serialize)]
pub struct ComplianceStrings {
    pub office: &'static str,
    pub title: &'static str,
    pub period: &'static str,
    pub as_of: &'static str,
    pub generated: &'static str,
    pub page: &'static str,
    pub of: &'static str,
    pub summary: &'static str,
    pub total: &'static str,
    pub done: &'static str,
    pub waived: &'static str,
    pub overdue: &'static str,
    pub pending: &'static str,
    pub in_progress: &'static str,
    pub signed_off: &'static str,
    pub st_pending: &'static str,
    pub st_in_progress: &'static str,
    pub st_done: &'static str,
    pub st_waived: &'static str,
    pub st_overdue: &'static str,
    pub st_overdue_in_progress: &'static str,
    pub due: &'static str,
    pub status: &'static str,
    pub evidence: &'static str,
    pub sign_off: &'static str,
    pub effective: &'static str,
    pub recorded_by: &'static str,
    pub article: &'static str,
    pub articles: &'static str,
    pub nothing: &'static str,
    pub cancelled: &'static str,
    pub adopted: &'static str,
    pub obligations: &'static str,
    pub r_once: &'static str,
    pub r_yearly: &'static str,
    pub r_monthly: &'static str,
    pub r_quarterly: &'static str,
    pub r_before: &'static str,
    pub r_before_ordinary: &'static str,
    pub r_after: &'static str,
    pub r_after_ordinary: &'static str,
    pub r_on_the_day: &'static str,
    pub k_statute: &'static str,
    pub k_regulations: &'static str,
    pub k_headquarters_agreement: &'static str,
    pub k_presidency_determination: &'static str,
    pub k_body_resolution: &'static str,
    pub k_other: &'static str,
}

pub fn compliance_strings(lang: Lang) -> ComplianceStrings {
    match lang {
        Lang::Es => ComplianceStrings {
            office: "Secretaría General",
            title: "Informe de cumplimiento normativo",
            period: "Periodo",
            as_of: "Situación al",
            generated: "Generado el",
            page: "Página",
            of: "de",
            summary: "Resumen",
            total: "Vencimientos",
            done: "Cumplidas",
            waived: "Dispensadas",
            overdue: "Vencidas",
            pending: "Pendientes",
            in_progress: "En curso",
            signed_off: "Con visto bueno",
            st_pending: "Pendiente",
            st_in_progress: "En curso",
            st_done: "Cumplida",
            st_waived: "Dispensada",
            st_overdue: "Vencida",
            st_overdue_in_progress: "Vencida, en curso",
            due: "Vence",
            status: "Estado",
            evidence: "Evidencia y notas",
            sign_off: "Visto bueno",
            effective: "vigente desde",
            recorded_by: "Registró",
            article: "Art.",
            articles: "Arts.",
            nothing: "Ninguna obligación vence en el periodo.",
            cancelled: "sesión cancelada",
            adopted: "adoptado el",
            obligations: "obligaciones",
            r_once: "Una vez, el",
            r_yearly: "Cada año, el",
            r_monthly: "Cada mes, el día",
            r_quarterly: "Cada trimestre, el día",
            r_before: "días antes de cada sesión",
            r_before_ordinary: "días antes de cada sesión ordinaria",
            r_after: "días después de cada sesión",
            r_after_ordinary: "días después de cada sesión ordinaria",
            r_on_the_day: "El día de cada sesión",
            k_statute: "Estatuto",
            k_regulations: "Reglamento",
            k_headquarters_agreement: "Acuerdo de Sede",
            k_presidency_determination: "Determinación de la Presidencia",
            k_body_resolution: "Resolución de un órgano",
            k_other: "Otro instrumento",
        },
        Lang::En => ComplianceStrings {
            office: "General Secretariat",
            title: "Compliance report",
            period: "Period",
            as_of: "Status as of",
            generated: "Generated on",
            page: "Page",
            of: "of",
            summary: "Summary",
            total: "Occurrences",
            done: "Done",
            waived: "Waived",
            overdue: "Overdue",
            pending: "Pending",
            in_progress: "In progress",
            signed_off: "Signed off",
            st_pending: "Pending",
            st_in_progress: "In progress",
            st_done: "Done",
            st_waived: "Waived",
            st_overdue: "Overdue",
            st_overdue_in_progress: "Overdue, in progress",
            due: "Due",
            status: "Status",
            evidence: "Evidence and notes",
            sign_off: "Sign-off",
            effective: "effective",
            recorded_by: "Recorded by",
            article: "Art.",
            articles: "Arts.",
            nothing: "No obligation falls due in the period.",
            cancelled: "session cancelled",
            adopted: "adopted",
            obligations: "obligations",
            r_once: "Once, on",
            r_yearly: "Every year on",
            r_monthly: "Every month on day",
            r_quarterly: "Every quarter on day",
            r_before: "days before each session",
            r_before_ordinary: "days before each ordinary session",
            r_after: "days after each session",
            r_after_ordinary: "days after each ordinary session",
            r_on_the_day: "On the day of each session",
            k_statute: "Statute",
            k_regulations: "Regulations",
            k_headquarters_agreement: "Headquarters Agreement",
            k_presidency_determination: "Presidency determination",
            k_body_resolution: "Resolution of a body",
            k_other: "Other instrument",
        },
        Lang::Pt => ComplianceStrings {
            office: "Secretaria-Geral",
            title: "Relatório de cumprimento normativo",
            period: "Período",
            as_of: "Situação em",
            generated: "Gerado em",
            page: "Página",
            of: "de",
            summary: "Resumo",
            total: "Vencimentos",
            done: "Cumpridas",
            waived: "Dispensadas",
            overdue: "Vencidas",
            pending: "Pendentes",
            in_progress: "Em andamento",
            signed_off: "Com visto",
            st_pending: "Pendente",
            st_in_progress: "Em andamento",
            st_done: "Cumprida",
            st_waived: "Dispensada",
            st_overdue: "Vencida",
            st_overdue_in_progress: "Vencida, em andamento",
            due: "Vencimento",
            status: "Situação",
            evidence: "Evidências e notas",
            sign_off: "Visto",
            effective: "vigente desde",
            recorded_by: "Registrado por",
            article: "Art.",
            articles: "Arts.",
            nothing: "Nenhuma obrigação vence no período.",
            cancelled: "sessão cancelada",
            adopted: "adotado em",
            obligations: "obrigações",
            r_once: "Uma vez, em",
            r_yearly: "Todo ano, em",
            r_monthly: "Todo mês, no dia",
            r_quarterly: "Todo trimestre, no dia",
            r_before: "dias antes de cada sessão",
            r_before_ordinary: "dias antes de cada sessão ordinária",
            r_after: "dias depois de cada sessão",
            r_after_ordinary: "dias depois de cada sessão ordinária",
            r_on_the_day: "No dia de cada sessão",
            k_statute: "Estatuto",
            k_regulations: "Regulamento",
            k_headquarters_agreement: "Acordo de Sede",
            k_presidency_determination: "Determinação da Presidência",
            k_body_resolution: "Resolução de um órgão",
            k_other: "Outro instrumento",
        },
        Lang::Fr => ComplianceStrings {
            office: "Secrétariat général",
            title: "Rapport de conformité",
            period: "Période",
            as_of: "Situation au",
            generated: "Généré le",
            page: "Page",
            of: "sur",
            summary: "Résumé",
            total: "Échéances",
            done: "Accomplies",
            waived: "Dispensées",
            overdue: "En retard",
            pending: "À venir",
            in_progress: "En cours",
            signed_off: "Visées",
            st_pending: "À venir",
            st_in_progress: "En cours",
            st_done: "Accomplie",
            st_waived: "Dispensée",
            st_overdue: "En retard",
            st_overdue_in_progress: "En retard, en cours",
            due: "Échéance",
            status: "Statut",
            evidence: "Pièces et notes",
            sign_off: "Visa",
            effective: "en vigueur le",
            recorded_by: "Enregistré par",
            article: "Art.",
            articles: "Art.",
            nothing: "Aucune obligation n'arrive à échéance pendant la période.",
            cancelled: "séance annulée",
            adopted: "adopté le",
            obligations: "obligations",
            r_once: "Une fois, le",
            r_yearly: "Chaque année, le",
            r_monthly: "Chaque mois, le",
            r_quarterly: "Chaque trimestre, le",
            r_before: "jours avant chaque séance",
            r_before_ordinary: "jours avant chaque séance ordinaire",
            r_after: "jours après chaque séance",
            r_after_ordinary: "jours après chaque séance ordinaire",
            r_on_the_day: "Le jour de chaque séance",
            k_statute: "Statut",
            k_regulations: "Règlement",
            k_headquarters_agreement: "Accord de siège",
            k_presidency_determination: "Décision de la Présidence",
            k_body_resolution: "Résolution d'un organe",
            k_other: "Autre instrument",
        },
    }
}

/// The name of a month (1–12) in `lang`, lower case.
pub fn month_name(lang: Lang, month: u8) -> &'static str {
    let row = match lang {
        Lang::Es => 0,
        Lang::En => 1,
        Lang::Pt => 2,
        Lang::Fr => 3,
    };
    MONTHS[row][usize::from(month.clamp(1, 12) - 1)]
}

pub fn item_kind(lang: Lang, kind: ItemKind) -> &'static str {
    use ItemKind::*;
    match (lang, kind) {
        (Lang::Es, Information) => "Información",
        (Lang::Es, Deliberation) => "Deliberación",
        (Lang::Es, Decision) => "Decisión",
        (Lang::Es, Election) => "Elección",
        (Lang::En, Information) => "Information",
        (Lang::En, Deliberation) => "Deliberation",
        (Lang::En, Decision) => "Decision",
        (Lang::En, Election) => "Election",
        (Lang::Pt, Information) => "Informação",
        (Lang::Pt, Deliberation) => "Deliberação",
        (Lang::Pt, Decision) => "Decisão",
        (Lang::Pt, Election) => "Eleição",
        (Lang::Fr, Information) => "Information",
        (Lang::Fr, Deliberation) => "Délibération",
        (Lang::Fr, Decision) => "Décision",
        (Lang::Fr, Election) => "Élection",
    }
}

pub fn session_kind(lang: Lang, kind: SessionKind) -> &'static str {
    use SessionKind::*;
    match (lang, kind) {
        (Lang::Es, Ordinary) => "Sesión ordinaria",
        (Lang::Es, Extraordinary) => "Sesión extraordinaria",
        (Lang::En, Ordinary) => "Ordinary session",
        (Lang::En, Extraordinary) => "Extraordinary session",
        (Lang::Pt, Ordinary) => "Sessão ordinária",
        (Lang::Pt, Extraordinary) => "Sessão extraordinária",
        (Lang::Fr, Ordinary) => "Session ordinaire",
        (Lang::Fr, Extraordinary) => "Session extraordinaire",
    }
}

pub fn participation(lang: Lang, p: Participation) -> &'static str {
    match (lang, p) {
        (Lang::Es, Participation::Vote) => "Voz y voto",
        (Lang::Es, Participation::Voice) => "Voz",
        (Lang::En, Participation::Vote) => "Voice and vote",
        (Lang::En, Participation::Voice) => "Voice",
        (Lang::Pt, Participation::Vote) => "Voz e voto",
        (Lang::Pt, Participation::Voice) => "Voz",
        (Lang::Fr, Participation::Vote) => "Voix délibérative",
        (Lang::Fr, Participation::Voice) => "Voix consultative",
    }
}

const MONTHS: [[&str; 12]; 4] = [
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
];

/// A calendar date parsed from `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ymd {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Ymd {
    pub fn parse(s: &str) -> Option<Ymd> {
        let s = s.trim();
        let mut parts = s.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let ymd = Ymd {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let days_in_month = match ymd.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (ymd.year % 4 == 0 && ymd.year % 100 != 0) || ymd.year % 400 == 0 => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month).contains(&ymd.day).then_some(ymd)
    }

    fn month_name(self, lang: Lang) -> &'static str {
        let row = match lang {
            Lang::Es => 0,
            Lang::En => 1,
            Lang::Pt => 2,
            Lang::Fr => 3,
        };
        MONTHS[row][usize::from(self.month - 1)]
    }

    fn day_str(self, lang: Lang) -> String {
        if lang == Lang::Fr && self.day == 1 {
            "1er".to_owned()
        } else {
            self.day.to_string()
        }
    }

    /// "17 de marzo de 2026", "17 March 2026", "17 de março de 2026", "17 mars 2026".
    pub fn long(self, lang: Lang) -> String {
        let (d, m, y) = (self.day_str(lang), self.month_name(lang), self.year);
        match lang {
            Lang::Es | Lang::Pt => format!("{d} de {m} de {y}"),
            Lang::En | Lang::Fr => format!("{d} {m} {y}"),
        }
    }
}

/// A date or a date range in words: "17–18 de marzo de 2026".
pub fn date_range(lang: Lang, start: Ymd, end: Option<Ymd>) -> String {
    match end {
        None => start.long(lang),
        Some(end) if end == start => start.long(lang),
        Some(end) if end.year == start.year && end.month == start.month => {
            let tail = end.long(lang);
            let tail = tail
                .strip_prefix(&end.day_str(lang))
                .unwrap_or(&tail)
                .to_owned();
            format!("{}–{}{}", start.day_str(lang), end.day_str(lang), tail)
        }
        Some(end) => format!("{} – {}", start.long(lang), end.long(lang)),
    }
}

/// The eligibility report's fixed strings, position names and reason texts, as
/// `(key, [es, en, pt, fr])`. A reason text names its parameters as `{name}`.
pub(crate) const ELIGIBILITY: &[(&str, [&str; 4])] = &[
    ("title", ["Informe de elegibilidad de las postulaciones", "Eligibility report on the postulations", "Relatório de elegibilidade das candidaturas", "Rapport d'éligibilité des candidatures"]),
    ("short", ["Informe de elegibilidad", "Eligibility report", "Relatório de elegibilidade", "Rapport d'éligibilité"]),
    ("call", ["Convocatoria", "Call", "Convocatória", "Appel"]),
    ("session", ["Sesión", "Session", "Sessão", "Session"]),
    ("period", ["Plazo de recepción", "Receiving period", "Prazo de recebimento", "Période de réception"]),
    ("to", ["al", "to", "a", "au"]),
    ("venue", ["Sede", "Venue", "Sede", "Lieu"]),
    ("requirements", ["Requisitos", "Requirements", "Requisitos", "Conditions"]),
    ("candidate", ["Candidatura", "Candidate", "Candidatura", "Candidature"]),
    ("eligible_col", ["Elegible", "Eligible", "Elegível", "Éligible"]),
    ("nominated_by", ["Propuesta por", "Nominated by", "Indicada por", "Présentée par"]),
    ("received", ["recibida el", "received on", "recebida em", "reçue le"]),
    ("withdrawn", ["Retirada", "Withdrawn", "Retirada", "Retirée"]),
    ("eligible_list", ["Candidaturas elegibles", "Eligible candidates", "Candidaturas elegíveis", "Candidatures éligibles"]),
    ("none_eligible", ["Ninguna candidatura cumple todos los requisitos.", "No candidate meets every requirement.", "Nenhuma candidatura cumpre todos os requisitos.", "Aucune candidature ne remplit toutes les conditions."]),
    ("no_candidates", ["No se recibieron postulaciones para este cargo.", "No postulation was received for this position.", "Não foram recebidas candidaturas para este cargo.", "Aucune candidature n'a été reçue pour ce poste."]),
    ("seat", ["puesto", "seat", "vaga", "siège"]),
    ("seats", ["puestos", "seats", "vagas", "sièges"]),
    ("legend", ["✓ cumple · ✗ no cumple · ? pendiente (aún no elegible)", "✓ met · ✗ not met · ? pending (not yet eligible)", "✓ cumpre · ✗ não cumpre · ? pendente (ainda não elegível)", "✓ remplie · ✗ non remplie · ? en attente (pas encore éligible)"]),
    ("reasons", ["Motivación", "Reasons", "Fundamentação", "Motifs"]),
    ("v:met", ["Cumple", "Met", "Cumpre", "Remplie"]),
    ("v:not_met", ["No cumple", "Not met", "Não cumpre", "Non remplie"]),
    ("v:pending", ["Pendiente", "Pending", "Pendente", "En attente"]),
    ("evidence", ["Evidencia", "Evidence", "Evidência", "Preuve"]),
    ("by_hand", ["decisión registrada a mano", "decision recorded by hand", "decisão registrada manualmente", "décision saisie manuellement"]),
    ("automatic_was", ["el dato automático decía", "the data said", "o dado automático dizia", "les données indiquaient"]),
    ("signed_by", ["Firmado por", "Signed by", "Assinado por", "Signé par"]),
    ("signed_on", ["Fecha de firma", "Signed on", "Data da assinatura", "Date de signature"]),
    ("version", ["Versión", "Version", "Versão", "Version"]),
    ("sg", ["Secretario General", "Secretary-General", "Secretário-Geral", "Secrétaire général"]),
    ("draft", ["PROYECTO", "DRAFT", "MINUTA", "PROJET"]),
    ("draft_note", ["Proyecto sin firmar: los dictámenes pueden cambiar hasta la firma del Secretario General.", "Unsigned draft: the verdicts may change until the Secretary-General signs the report.", "Minuta não assinada: os pareceres podem mudar até a assinatura do Secretário-Geral.", "Projet non signé : les avis peuvent changer jusqu'à la signature du Secrétaire général."]),
    ("generated", ["Generado el", "Generated on", "Gerado em", "Généré le"]),
    ("page", ["Página", "Page", "Página", "Page"]),
    ("of", ["de", "of", "de", "sur"]),
    ("pos:president", ["Presidencia", "President", "Presidência", "Présidence"]),
    ("pos:vice_president", ["Vicepresidencia", "Vice-President", "Vice-Presidência", "Vice-présidence"]),
    ("pos:secretary_general", ["Secretaría General", "Secretary-General", "Secretaria-Geral", "Secrétariat général"]),
    ("pos:comptroller", ["Contraloría", "Comptroller", "Controladoria", "Contrôleur"]),
    ("pos:ciess_director", ["Dirección del CIESS", "CIESS Director", "Direção do CIESS", "Direction du CIESS"]),
    ("cat:titular", ["titular", "titular", "titular", "titulaire"]),
    ("cat:associate", ["asociado", "associate", "associado", "associé"]),
    ("cat:adherent", ["adherente", "adherent", "aderente", "adhérent"]),
    ("cat:linked", ["vinculado", "linked", "vinculado", "lié"]),
    ("r:received_on_time", ["Recibida el {received_on}, dentro del plazo (cierre: {closes_on}).", "Received on {received_on}, by the closing date ({closes_on}).", "Recebida em {received_on}, dentro do prazo (encerramento: {closes_on}).", "Reçue le {received_on}, dans le délai (clôture : {closes_on})."]),
    ("r:received_after_closing", ["Recibida el {received_on}, después del cierre ({closes_on}).", "Received on {received_on}, after the closing date ({closes_on}).", "Recebida em {received_on}, após o encerramento ({closes_on}).", "Reçue le {received_on}, après la clôture ({closes_on})."]),
    ("r:no_nominator", ["Ningún miembro propone la candidatura.", "No member nominates the candidate.", "Nenhum membro indica a candidatura.", "Aucun membre ne présente la candidature."]),
    ("r:nominator_not_active", ["El miembro proponente {member} no está activo.", "The nominating member {member} is not active.", "O membro proponente {member} não está ativo.", "Le membre proposant {member} n'est pas actif."]),
    ("r:nominator_not_titular", ["El miembro proponente {member} no es titular (es {category}).", "The nominating member {member} is not titular ({category}).", "O membro proponente {member} não é titular ({category}).", "Le membre proposant {member} n'est pas titulaire ({category})."]),
    ("r:nominators_titular", ["Miembros titulares: {members}.", "Titular members: {members}.", "Membros titulares: {members}.", "Membres titulaires : {members}."]),
    ("r:dues_not_recorded", ["No hay datos de cuotas de {member}: debe registrarse a mano si estaba al corriente al {as_of}.", "No dues data for {member}: record by hand whether it was current on {as_of}.", "Sem dados de contribuições de {member}: registrar manualmente se estava em dia em {as_of}.", "Aucune donnée de cotisations pour {member} : saisir manuellement s'il était à jour au {as_of}."]),
    ("r:nominator_in_arrears", ["{member} adeuda cuotas de {years_owed} ejercicio(s) al {as_of} (regla de atrasos).", "{member} owes dues for {years_owed} fiscal year(s) on {as_of} (arrears rule).", "{member} deve contribuições de {years_owed} exercício(s) em {as_of} (regra de atrasos).", "{member} doit des cotisations pour {years_owed} exercice(s) au {as_of} (règle des arriérés)."]),
    ("r:nominators_current", ["Al corriente en sus cuotas al {as_of}: {members}.", "Current in their dues on {as_of}: {members}.", "Em dia com as contribuições em {as_of}: {members}.", "À jour de leurs cotisations au {as_of} : {members}."]),
    ("r:sg_nationality_unknown", ["Sin candidaturas a la Secretaría General ni nacionalidad registrada del Secretario General en funciones.", "No Secretary-General candidate and no recorded nationality of the sitting Secretary-General.", "Sem candidaturas à Secretaria-Geral nem nacionalidade registrada do Secretário-Geral em exercício.", "Aucune candidature au Secrétariat général ni nationalité enregistrée du Secrétaire général en fonctions."]),
    ("r:same_nationality_as_sitting_sg", ["Misma nacionalidad ({nationality}) que el Secretario General en funciones.", "Same nationality ({nationality}) as the sitting Secretary-General.", "Mesma nacionalidade ({nationality}) do Secretário-Geral em exercício.", "Même nationalité ({nationality}) que le Secrétaire général en fonctions."]),
    ("r:differs_from_sitting_sg", ["Nacionalidad ({nationality}) distinta de la del Secretario General en funciones ({sg_nationality}).", "Nationality ({nationality}) differs from the sitting Secretary-General's ({sg_nationality}).", "Nacionalidade ({nationality}) diferente da do Secretário-Geral em exercício ({sg_nationality}).", "Nationalité ({nationality}) différente de celle du Secrétaire général en fonctions ({sg_nationality})."]),
    ("r:differs_from_sg_candidates", ["Nacionalidad ({nationality}) distinta de la de las candidaturas a la Secretaría General: {candidates}.", "Nationality ({nationality}) differs from every Secretary-General candidate's: {candidates}.", "Nacionalidade ({nationality}) diferente da das candidaturas à Secretaria-Geral: {candidates}.", "Nationalité ({nationality}) différente de celle des candidatures au Secrétariat général : {candidates}."]),
    ("r:same_nationality_as_sg_candidates", ["Misma nacionalidad ({nationality}) que la candidatura a la Secretaría General: {candidates}.", "Same nationality ({nationality}) as the Secretary-General candidate(s): {candidates}.", "Mesma nacionalidade ({nationality}) da candidatura à Secretaria-Geral: {candidates}.", "Même nationalité ({nationality}) que la candidature au Secrétariat général : {candidates}."]),
    ("r:depends_on_sg_election", ["Elegible salvo que se elija una candidatura a la Secretaría General de la misma nacionalidad ({nationality}): {candidates}.", "Eligible unless a Secretary-General of the same nationality ({nationality}) is elected: {candidates}.", "Elegível salvo se for eleita uma candidatura à Secretaria-Geral da mesma nacionalidade ({nationality}): {candidates}.", "Éligible sauf si une candidature au Secrétariat général de même nationalité ({nationality}) est élue : {candidates}."]),
    ("r:document_not_presented", ["Documento no presentado.", "Document not presented.", "Documento não apresentado.", "Document non présenté."]),
    ("r:document_presented", ["Presentado: {titles}.", "Presented: {titles}.", "Apresentado: {titles}.", "Présenté : {titles}."]),
    ("r:declaration_not_recorded", ["Declaración aún no verificada.", "Declaration not yet checked.", "Declaração ainda não verificada.", "Déclaration pas encore vérifiée."]),
    ("r:set_by_hand", ["Verificado por {by}.", "Checked by {by}.", "Verificado por {by}.", "Vérifié par {by}."]),
];

/// An eligibility report string in `lang` (the key itself when unknown).
pub(crate) fn eligibility(key: &str, lang: Lang) -> String {
    ELIGIBILITY
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, t)| {
            t[match lang {
                Lang::Es => 0,
                Lang::En => 1,
                Lang::Pt => 2,
                Lang::Fr => 3,
            }]
            .to_string()
        })
        .unwrap_or_else(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words() {
        let a = Ymd::parse("2026-03-17").unwrap();
        let b = Ymd::parse("2026-03-18").unwrap();
        let c = Ymd::parse("2026-04-01").unwrap();
        assert_eq!(a.long(Lang::Es), "17 de marzo de 2026");
        assert_eq!(a.long(Lang::En), "17 March 2026");
        assert_eq!(c.long(Lang::Fr), "1er avril 2026");
        assert_eq!(date_range(Lang::Es, a, Some(b)), "17–18 de marzo de 2026");
        assert_eq!(date_range(Lang::En, a, Some(b)), "17–18 March 2026");
        assert_eq!(
            date_range(Lang::Pt, a, Some(c)),
            "17 de março de 2026 – 1 de abril de 2026"
        );
        assert!(Ymd::parse("2026-02-30").is_none());
        assert!(Ymd::parse("2026-3-1").is_none());
        assert!(Ymd::parse("2024-02-29").is_some());
    }
}

/// The fixed strings of a regulation project's draft and of its redline comparison.
#[derive(Debug, Clone, Serialize)]
pub struct RegulationStrings {
    pub page: &'static str,
    pub of: &'static str,
    pub generated: &'static str,
    /// The boxed mark: "PROYECTO".
    pub project: &'static str,
    pub instrument: &'static str,
    pub version: &'static str,
    pub working_copy: &'static str,
    pub article: &'static str,
    pub comparison: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub legend: &'static str,
    pub deleted: &'static str,
    pub inserted: &'static str,
    pub added: &'static str,
    pub removed: &'static str,
    pub changed: &'static str,
    pub unchanged: &'static str,
    pub no_articles: &'static str,
}

pub fn regulation_strings(lang: Lang) -> RegulationStrings {
    match lang {
        Lang::Es => RegulationStrings {
            page: "Página",
            of: "de",
            generated: "Generado el",
            project: "PROYECTO",
            instrument: "Instrumento",
            version: "Versión",
            working_copy: "Texto de trabajo (sin guardar como versión)",
            article: "Artículo",
            comparison: "Comparación de versiones",
            from: "Texto anterior",
            to: "Texto nuevo",
            legend: "Leyenda",
            deleted: "texto suprimido",
            inserted: "texto añadido",
            added: "artículo nuevo",
            removed: "artículo suprimido",
            changed: "artículo modificado",
            unchanged: "sin cambios",
            no_articles: "El proyecto no tiene artículos.",
        },
        Lang::En => RegulationStrings {
            page: "Page",
            of: "of",
            generated: "Generated on",
            project: "DRAFT",
            instrument: "Instrument",
            version: "Version",
            working_copy: "Working text (not saved as a version)",
            article: "Article",
            comparison: "Comparison of versions",
            from: "Previous text",
            to: "New text",
            legend: "Legend",
            deleted: "deleted text",
            inserted: "inserted text",
            added: "new article",
            removed: "deleted article",
            changed: "amended article",
            unchanged: "unchanged",
            no_articles: "The project has no articles.",
        },
        Lang::Pt => RegulationStrings {
            page: "Página",
            of: "de",
            generated: "Gerado em",
            project: "PROJETO",
            instrument: "Instrumento",
            version: "Versão",
            working_copy: "Texto de trabalho (não salvo como versão)",
            article: "Artigo",
            comparison: "Comparação de versões",
            from: "Texto anterior",
            to: "Texto novo",
            legend: "Legenda",
            deleted: "texto suprimido",
            inserted: "texto acrescentado",
            added: "artigo novo",
            removed: "artigo suprimido",
            changed: "artigo alterado",
            unchanged: "sem alterações",
            no_articles: "O projeto não tem artigos.",
        },
        Lang::Fr => RegulationStrings {
            page: "Page",
            of: "sur",
            generated: "Généré le",
            project: "PROJET",
            instrument: "Instrument",
            version: "Version",
            working_copy: "Texte de travail (non enregistré comme version)",
            article: "Article",
            comparison: "Comparaison des versions",
            from: "Texte antérieur",
            to: "Nouveau texte",
            legend: "Légende",
            deleted: "texte supprimé",
            inserted: "texte ajouté",
            added: "nouvel article",
            removed: "article supprimé",
            changed: "article modifié",
            unchanged: "sans changement",
            no_articles: "Le projet n'a pas d'articles.",
        },
    }
}
