//! Commands of compliance: instruments and their articles, obligations, occurrences (the
//! views, status, evidence, sign-off), what needs attention at start, and the compliance
//! report printed. Each is a few lines over one `despacho-core` operation.

use despacho_core::compliance::{
    self, ComplianceAttention, ComplianceReport, InstrumentOccurrences, OccurrenceQuery,
    UnitOccurrences,
};
use despacho_core::instruments::{self, Article, ArticleInput, Instrument, InstrumentInput};
use despacho_core::obligations::{
    self, EvidenceInput, Obligation, ObligationFilter, ObligationInput, Occurrence,
    OccurrenceDetail, OccurrenceStatusChange,
};
use despacho_core::users::Language;
use despacho_core::{store, AppError, ErrorCode};
use tauri::{AppHandle, Manager, State};

use crate::print::{keep_pdf, PrintedDocument};
use crate::{AppState, Result};

// ---- instruments

#[tauri::command]
#[specta::specta]
pub async fn instruments_list(
    state: State<'_, AppState>,
    include_archived: bool,
) -> Result<Vec<Instrument>> {
    state.user()?;
    instruments::list_instruments(state.store()?.conn(), include_archived)
}

#[tauri::command]
#[specta::specta]
pub async fn instrument_get(state: State<'_, AppState>, id: String) -> Result<Instrument> {
    state.user()?;
    instruments::get_instrument(state.store()?.conn(), &id)
}

#[tauri::command]
#[specta::specta]
pub async fn instrument_create(
    state: State<'_, AppState>,
    input: InstrumentInput,
    articles: Vec<ArticleInput>,
) -> Result<Instrument> {
    instruments::create_instrument(&mut *state.store()?, &state.user()?, &input, &articles)
}

#[tauri::command]
#[specta::specta]
pub async fn instrument_update(
    state: State<'_, AppState>,
    id: String,
    input: InstrumentInput,
) -> Result<Instrument> {
    instruments::update_instrument(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn instrument_archive(state: State<'_, AppState>, id: String) -> Result<()> {
    instruments::archive_instrument(&mut *state.store()?, &state.user()?, &id)
}

#[tauri::command]
#[specta::specta]
pub async fn article_add(
    state: State<'_, AppState>,
    instrument_id: String,
    input: ArticleInput,
) -> Result<Article> {
    instruments::add_article(&mut *state.store()?, &state.user()?, &instrument_id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn article_update(
    state: State<'_, AppState>,
    id: String,
    input: ArticleInput,
) -> Result<Article> {
    instruments::update_article(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn article_archive(state: State<'_, AppState>, id: String) -> Result<()> {
    instruments::archive_article(&mut *state.store()?, &state.user()?, &id)
}

// ---- obligations

#[tauri::command]
#[specta::specta]
pub async fn obligations_list(
    state: State<'_, AppState>,
    filter: ObligationFilter,
) -> Result<Vec<Obligation>> {
    state.user()?;
    obligations::list_obligations(state.store()?.conn(), &filter)
}

#[tauri::command]
#[specta::specta]
pub async fn obligation_get(state: State<'_, AppState>, id: String) -> Result<Obligation> {
    state.user()?;
    obligations::get_obligation(state.store()?.conn(), &id)
}

#[tauri::command]
#[specta::specta]
pub async fn obligation_create(
    state: State<'_, AppState>,
    input: ObligationInput,
) -> Result<Obligation> {
    obligations::create_obligation(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn obligation_update(
    state: State<'_, AppState>,
    id: String,
    input: ObligationInput,
) -> Result<Obligation> {
    obligations::update_obligation(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn obligation_archive(state: State<'_, AppState>, id: String) -> Result<()> {
    obligations::archive_obligation(&mut *state.store()?, &state.user()?, &id)
}

// ---- occurrences and views

#[tauri::command]
#[specta::specta]
pub async fn occurrences_list(
    state: State<'_, AppState>,
    query: OccurrenceQuery,
) -> Result<Vec<Occurrence>> {
    state.user()?;
    compliance::list_occurrences(state.store()?.conn(), &query, store::today())
}

#[tauri::command]
#[specta::specta]
pub async fn occurrences_due_soon(
    state: State<'_, AppState>,
    within_days: u16,
) -> Result<Vec<Occurrence>> {
    state.user()?;
    compliance::due_soon(state.store()?.conn(), store::today(), within_days)
}

#[tauri::command]
#[specta::specta]
pub async fn occurrences_overdue(state: State<'_, AppState>) -> Result<Vec<Occurrence>> {
    state.user()?;
    compliance::overdue(state.store()?.conn(), store::today())
}

#[tauri::command]
#[specta::specta]
pub async fn occurrences_by_unit(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Vec<UnitOccurrences>> {
    let user = state.user()?;
    compliance::by_unit(
        state.store()?.conn(),
        &from,
        &to,
        store::today(),
        user.language,
    )
}

#[tauri::command]
#[specta::specta]
pub async fn occurrences_by_instrument(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Vec<InstrumentOccurrences>> {
    state.user()?;
    compliance::by_instrument(state.store()?.conn(), &from, &to, store::today())
}

#[tauri::command]
#[specta::specta]
pub async fn occurrence_get(state: State<'_, AppState>, id: String) -> Result<OccurrenceDetail> {
    state.user()?;
    obligations::get_occurrence(state.store()?.conn(), &id, store::today())
}

#[tauri::command]
#[specta::specta]
pub async fn occurrence_set_status(
    state: State<'_, AppState>,
    id: String,
    change: OccurrenceStatusChange,
) -> Result<OccurrenceDetail> {
    obligations::set_occurrence_status(&mut *state.store()?, &state.user()?, &id, &change)
}

#[tauri::command]
#[specta::specta]
pub async fn occurrence_add_evidence(
    state: State<'_, AppState>,
    id: String,
    input: EvidenceInput,
) -> Result<OccurrenceDetail> {
    obligations::add_evidence(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn occurrence_remove_evidence(
    state: State<'_, AppState>,
    evidence_id: String,
) -> Result<()> {
    obligations::remove_evidence(&mut *state.store()?, &state.user()?, &evidence_id)
}

#[tauri::command]
#[specta::specta]
pub async fn occurrence_sign_off(
    state: State<'_, AppState>,
    id: String,
    note: String,
) -> Result<OccurrenceDetail> {
    obligations::sign_off_occurrence(&mut *state.store()?, &state.user()?, &id, &note)
}

/// What is overdue or due within `within_days` (the desktop notification at start).
#[tauri::command]
#[specta::specta]
pub async fn compliance_attention(
    state: State<'_, AppState>,
    within_days: u16,
) -> Result<ComplianceAttention> {
    state.user()?;
    compliance::attention(state.store()?.conn(), store::today(), within_days)
}

/// The compliance report's data for a period (the screen version of the printed report).
#[tauri::command]
#[specta::specta]
pub async fn compliance_report(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<ComplianceReport> {
    state.user()?;
    compliance::report(state.store()?.conn(), &from, &to, store::today())
}

/// The compliance report for a period as PDF, in the chosen language.
#[tauri::command]
#[specta::specta]
pub async fn print_compliance(
    app: AppHandle,
    from: String,
    to: String,
    language: Language,
) -> Result<PrintedDocument> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.user()?;
        let store = state.store()?;
        let pdf = despacho_documents::compliance::compliance_report(
            store.conn(),
            &from,
            &to,
            language,
            &store::today().to_string(),
        )?;
        keep_pdf(
            store.conn(),
            &format!("cumplimiento-{from}-{to}-{}.pdf", language.as_str()),
            &pdf,
        )
    })
    .await
    .map_err(|e| AppError::new(ErrorCode::Internal, format!("rendering stopped: {e}")))?
}
