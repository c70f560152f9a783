//! Commands of elections: calls for a General Assembly session, their positions and
//! requirements, postulations and their documents, the requirement × postulation matrix and
//! its verdicts, the eligibility report, its sign-off and amendments. Each is a few lines over
//! one `despacho-core` operation.

use despacho_core::elections::{
    self, ElectionCall, ElectionCallDetail, ElectionCallInput, ElectionPosition,
    ElectionPositionInput, ElectionRequirement, ElectionRequirementInput, EligibilityCell,
    EligibilityReportView, EligibilitySignature, Postulation, PostulationDocument,
    PostulationDocumentInput, PostulationInput, VerdictInput,
};
use tauri::State;

use crate::{AppState, Result};

// ---- calls

#[tauri::command]
#[specta::specta]
pub async fn elections_list(state: State<'_, AppState>) -> Result<Vec<ElectionCall>> {
    state.user()?;
    elections::list_calls(state.store()?.conn())
}

/// A call with its positions, requirements, postulations, matrix and signed versions.
#[tauri::command]
#[specta::specta]
pub async fn election_get(state: State<'_, AppState>, id: String) -> Result<ElectionCallDetail> {
    state.user()?;
    elections::get_call(state.store()?.conn(), &id)
}

#[tauri::command]
#[specta::specta]
pub async fn election_create(
    state: State<'_, AppState>,
    input: ElectionCallInput,
) -> Result<ElectionCall> {
    elections::create_call(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn election_update(
    state: State<'_, AppState>,
    id: String,
    input: ElectionCallInput,
) -> Result<ElectionCall> {
    elections::update_call(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn election_close(state: State<'_, AppState>, id: String) -> Result<ElectionCall> {
    elections::close_call(&mut *state.store()?, &state.user()?, &id)
}

// ---- positions

#[tauri::command]
#[specta::specta]
pub async fn election_position_add(
    state: State<'_, AppState>,
    call_id: String,
    input: ElectionPositionInput,
) -> Result<ElectionPosition> {
    elections::add_position(&mut *state.store()?, &state.user()?, &call_id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn election_position_update(
    state: State<'_, AppState>,
    id: String,
    input: ElectionPositionInput,
) -> Result<ElectionPosition> {
    elections::update_position(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn election_position_remove(state: State<'_, AppState>, id: String) -> Result<()> {
    elections::remove_position(&mut *state.store()?, &state.user()?, &id)
}

// ---- requirements

#[tauri::command]
#[specta::specta]
pub async fn election_requirement_add(
    state: State<'_, AppState>,
    call_id: String,
    input: ElectionRequirementInput,
) -> Result<ElectionRequirement> {
    elections::add_requirement(&mut *state.store()?, &state.user()?, &call_id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn election_requirement_update(
    state: State<'_, AppState>,
    id: String,
    input: ElectionRequirementInput,
) -> Result<ElectionRequirement> {
    elections::update_requirement(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn election_requirement_remove(state: State<'_, AppState>, id: String) -> Result<()> {
    elections::remove_requirement(&mut *state.store()?, &state.user()?, &id)
}

// ---- postulations

#[tauri::command]
#[specta::specta]
pub async fn postulation_create(
    state: State<'_, AppState>,
    call_id: String,
    input: PostulationInput,
) -> Result<Postulation> {
    elections::create_postulation(&mut *state.store()?, &state.user()?, &call_id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn postulation_update(
    state: State<'_, AppState>,
    id: String,
    input: PostulationInput,
) -> Result<Postulation> {
    elections::update_postulation(&mut *state.store()?, &state.user()?, &id, &input)
}

/// Withdraws a postulation (today), or takes the withdrawal back.
#[tauri::command]
#[specta::specta]
pub async fn postulation_set_withdrawn(
    state: State<'_, AppState>,
    id: String,
    withdrawn: bool,
) -> Result<Postulation> {
    elections::set_withdrawn(&mut *state.store()?, &state.user()?, &id, withdrawn)
}

/// Removes a postulation recorded by mistake.
#[tauri::command]
#[specta::specta]
pub async fn postulation_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    elections::delete_postulation(&mut *state.store()?, &state.user()?, &id)
}

#[tauri::command]
#[specta::specta]
pub async fn postulation_document_attach(
    state: State<'_, AppState>,
    postulation_id: String,
    input: PostulationDocumentInput,
) -> Result<PostulationDocument> {
    elections::attach_document(
        &mut *state.store()?,
        &state.user()?,
        &postulation_id,
        &input,
    )
}

#[tauri::command]
#[specta::specta]
pub async fn postulation_document_remove(state: State<'_, AppState>, id: String) -> Result<()> {
    elections::remove_document(&mut *state.store()?, &state.user()?, &id)
}

// ---- the matrix and the report

#[tauri::command]
#[specta::specta]
pub async fn election_matrix(
    state: State<'_, AppState>,
    call_id: String,
) -> Result<Vec<EligibilityCell>> {
    state.user()?;
    elections::matrix(state.store()?.conn(), &call_id)
}

/// Sets a verdict by hand (a declaration, or an override of an automatic verdict with a note).
#[tauri::command]
#[specta::specta]
pub async fn eligibility_set_verdict(
    state: State<'_, AppState>,
    postulation_id: String,
    requirement_id: String,
    input: VerdictInput,
) -> Result<EligibilityCell> {
    elections::set_verdict(
        &mut *state.store()?,
        &state.user()?,
        &postulation_id,
        &requirement_id,
        &input,
    )
}

/// Clears a verdict set by hand: the automatic one applies again.
#[tauri::command]
#[specta::specta]
pub async fn eligibility_clear_verdict(
    state: State<'_, AppState>,
    postulation_id: String,
    requirement_id: String,
) -> Result<EligibilityCell> {
    elections::clear_verdict(
        &mut *state.store()?,
        &state.user()?,
        &postulation_id,
        &requirement_id,
    )
}

/// The report: a signed version, or (no version) the latest signed one while the call is
/// signed, else the current draft.
#[tauri::command]
#[specta::specta]
pub async fn eligibility_report(
    state: State<'_, AppState>,
    call_id: String,
    version: Option<u32>,
) -> Result<EligibilityReportView> {
    state.user()?;
    elections::report_view(state.store()?.conn(), &call_id, version)
}

/// The Secretary-General signs the report off: a new frozen version; the call is locked.
#[tauri::command]
#[specta::specta]
pub async fn eligibility_sign(
    state: State<'_, AppState>,
    call_id: String,
) -> Result<EligibilitySignature> {
    elections::sign_eligibility(&mut *state.store()?, &state.user()?, &call_id)
}

/// Unlocks a signed call for an amendment (the next sign-off is a new version).
#[tauri::command]
#[specta::specta]
pub async fn election_start_amendment(
    state: State<'_, AppState>,
    call_id: String,
    reason: String,
) -> Result<ElectionCall> {
    elections::start_amendment(&mut *state.store()?, &state.user()?, &call_id, &reason)
}
