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
