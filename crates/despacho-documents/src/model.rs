//! The plain input model of the printed documents.
//!
//! Deliberately independent of `despacho-core`: the core converts its sessions, agendas and
//! minutes into these types. All text is data: it reaches Typst as a JSON file read by the
//! templates, never spliced into markup, so `#`, `*`, `$`, `[`, `<` in a title print as typed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A language of the documents. Spanish is the source and the fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Es,
    En,
    Pt,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Es, Lang::En, Lang::Pt, Lang::Fr];

    /// The ISO 639-1 code (`es`, `en`, `pt`, `fr`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
            Lang::Pt => "pt",
            Lang::Fr => "fr",
        }
    }

    /// Parses `es`, `en`, `pt` or `fr` (case-insensitive).
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// A text given in one or more languages.
pub type Localized = BTreeMap<Lang, String>;

/// The organization's letterhead, as an administrator sets it in the settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letterhead {
    pub organization: String,
    pub address: String,
    /// A PNG logo. `None` prints a neutral text wordmark (never a made-up emblem).
    #[serde(default)]
    pub logo_png: Option<Vec<u8>>,
}

impl Default for Letterhead {
    fn default() -> Self {
        Letterhead {
            organization: "Conferencia Interamericana de Seguridad Social — Secretaría General"
                .to_owned(),
            address: "Ciudad de México".to_owned(),
            logo_png: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionKind {
    Ordinary,
    Extraordinary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AgendaStatus {
    Provisional,
    Approved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Information,
    Deliberation,
    Decision,
    Election,
}

/// A session agenda, as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaDocument {
    #[serde(default)]
    pub letterhead: Letterhead,
    pub body_name: Localized,
    pub session_name: Localized,
    pub kind: SessionKind,
    /// `YYYY-MM-DD`.
    pub start_date: String,
    /// `HH:MM`, local to `time_zone`.
    pub start_time: String,
    /// `YYYY-MM-DD`, for sessions over several days.
    #[serde(default)]
    pub end_date: Option<String>,
    /// As the user should read it, e.g. `America/Mexico_City` or `UTC−6`.
    pub time_zone: String,
    #[serde(default)]
    pub venue: Option<String>,
    #[serde(default)]
    pub virtual_link: Option<String>,
    pub status: AgendaStatus,
    pub revision: u32,
    pub items: Vec<AgendaLine>,
}

/// One item or sub-item of an agenda, in print order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaLine {
    /// As numbered by the agenda builder: `3`, `3.1`…
    pub number: String,
    /// 0 for an item, 1 for a sub-item, …
    pub depth: u8,
    /// `HH:MM`, computed by the core from the session's start and the durations.
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    pub kind: ItemKind,
    #[serde(default)]
    pub presenter: Option<String>,
    pub title: Localized,
    /// The annotation printed in the annotated agenda.
    #[serde(default)]
    pub note: Localized,
    /// References or titles of the attached documents.
    #[serde(default)]
    pub documents: Vec<String>,
}

/// How to print an agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaOptions {
    /// One language, or two printed side by side (bilingual).
    pub languages: Vec<Lang>,
    /// Print each item's note (the annotated agenda).
    pub annotated: bool,
    /// `YYYY-MM-DD`: the date printed as the generation date and the PDF's creation date,
    /// so that identical input gives identical bytes.
    pub generated_on: String,
}

/// A PDF attached to an agenda item, appended to the dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annex {
    /// The agenda item it belongs to, e.g. `3.1`.
    pub number: String,
    pub title: String,
    pub pdf_bytes: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Participation {
    Vote,
    Voice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    /// The member institution (or seat) represented.
    pub member: String,
    pub person: String,
    pub vote_or_voice: Participation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// E.g. `CPISS/2026/R-03`.
    pub number: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesItem {
    pub number: String,
    pub title: String,
    #[serde(default)]
    pub discussion: String,
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub resolutions: Vec<Resolution>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    pub description: String,
    /// Owner unit and/or person.
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub due: String,
}

/// The minutes of a session. Their text is in the language they were recorded in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesDocument {
    #[serde(default)]
    pub letterhead: Letterhead,
    pub body_name: Localized,
    pub session_name: Localized,
    /// `YYYY-MM-DD`.
    pub date: String,
    #[serde(default)]
    pub venue: Option<String>,
    pub attendance: Vec<Attendance>,
    pub items: Vec<MinutesItem>,
    #[serde(default)]
    pub action_items: Vec<ActionItem>,
    /// Approved at a later session; a draft prints a visible DRAFT mark.
    pub approved: bool,
}

/// How to print minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesOptions {
    /// The language of the fixed strings and of the body/session names.
    pub language: Lang,
    /// `YYYY-MM-DD`, see [`AgendaOptions::generated_on`].
    pub generated_on: String,
}
