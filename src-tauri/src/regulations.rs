//! Commands of regulation projects: projects, articles, versions, the redline comparison,
//! comments, submission to a Standing Committee session (with the draft's PDF attached to the
//! agenda item), the committee's decision, and the printed draft and comparison. Each is a
//! few lines over one `despacho-core` operation.

use despacho_core::regulations::{
    self, Redline, RegulationArticleInput, RegulationDecision, RegulationProject,
    RegulationProjectDetail, RegulationProjectInput, RegulationVersion,
};
use despacho_core::sessions::Session;
use despacho_core::store;
use despacho_core::users::Language;
use despacho_core::{AppError, ErrorCode};
use tauri::{AppHandle, Manager, State};

use crate::print::{keep_pdf, PrintedDocument};
use crate::{AppState, Result};

#[tauri::command]
#[specta::specta]
pub async fn regulations_list(state: State<'_, AppState>) -> Result<Vec<RegulationProject>> {
    state.user()?;
    regulations::list_projects(state.store()?.conn())
}

#[tauri::command]
#[specta::specta]
pub async fn regulation_get(
    state: State<'_, AppState>,
    id: String,
) -> Result<RegulationProjectDetail> {
    state.user()?;
    regulations::get_project(state.store()?.conn(), &id)
}

#[tauri::command]
#[specta::specta]
pub async fn regulation_create(
    state: State<'_, AppState>,
    input: RegulationProjectInput,
) -> Result<RegulationProjectDetail> {
    regulations::create_project(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn regulation_update(
    state: State<'_, AppState>,
    id: String,
    input: RegulationProjectInput,
) -> Result<RegulationProjectDetail> {
    regulations::update_project(&mut *state.store()?, &state.user()?, &id, &input)
}

/// Adds an article at `position` (from 0; None: last).
#[tauri::command]
#[specta::specta]
pub async fn regulation_article_add(
    state: State<'_, AppState>,
    project_id: String,
    position: Option<u16>,
    input: RegulationArticleInput,
) -> Result<RegulationProjectDetail> {
    regulations::add_article(
        &mut *state.store()?,
        &state.user()?,
        &project_id,
        position,
        &input,
    )
}

#[tauri::command]
#[specta::specta]
pub async fn regulation_article_update(
    state: State<'_, AppState>,
    article_id: String,
    input: RegulationArticleInput,
) -> Result<RegulationProjectDetail> {
    regulations::update_article(&mut *state.store()?, &state.user()?, &article_id, &input)
}

/// Moves an article to `position` (from 0).
#[tauri::command]
#[specta::specta]
pub async fn regulation_article_move(
    state: State<'_, AppState>,
    article_id: String,
    position: u16,
) -> Result<RegulationProjectDetail> {
    regulations::move_article(&mut *state.store()?, &state.user()?, &article_id, position)
}

#[tauri::command]
#[specta::specta]
pub async fn regulation_article_remove(
    state: State<'_, AppState>,
    article_id: String,
) -> Result<RegulationProjectDetail> {
    regulations::remove_article(&mut *state.store()?, &state.user()?, &article_id)
}

#[tauri::command]
#[specta::specta]
pub async fn regulation_save_version(
    state: State<'_, AppState>,
    project_id: String,
    label: String,
) -> Result<RegulationProjectDetail> {
    regulations::save_version(&mut *state.store()?, &state.user()?, &project_id, &label)
}

#[tauri::command]
#[specta::specta]
pub async fn regulation_versions(
    state: State<'_, AppState>,
    project_id: String,
) -> Result<Vec<RegulationVersion>> {
    state.user()?;
    regulations::list_versions(state.store()?.conn(), &project_id)
}

/// Compares two versions (None: the working copy) in one language.
#[tauri::command]
#[specta::specta]
pub async fn regulation_compare(
    state: State<'_, AppState>,
    project_id: String,
    from: Option<u32>,
    to: Option<u32>,
    language: Language,
) -> Result<Redline> {
    state.user()?;
    regulations::compare(state.store()?.conn(), &project_id, from, to, language)
}

#[tauri::command]
#[specta::specta]
pub async fn regulation_comment_add(
    state: State<'_, AppState>,
    article_id: String,
    body: String,
) -> Result<RegulationProjectDetail> {
    regulations::add_comment(&mut *state.store()?, &state.user()?, &article_id, &body)
}

#[tauri::command]
#[specta::specta]
pub async fn regulation_comment_resolve(
    state: State<'_, AppState>,
    comment_id: String,
    resolved: bool,
) -> Result<RegulationProjectDetail> {
    regulations::resolve_comment(&mut *state.store()?, &state.user()?, &comment_id, resolved)
}

/// The Standing Committee sessions a project may be submitted to.
#[tauri::command]
#[specta::specta]
pub async fn regulation_eligible_sessions(state: State<'_, AppState>) -> Result<Vec<Session>> {
    state.user()?;
    regulations::eligible_sessions(state.store()?.conn())
}

/// Submits a project to a Standing Committee session: renders the draft (Spanish, the
/// working copy, which the submission saves as a version if it changed) and attaches it to
/// the agenda item the submission adds.
#[tauri::command]
#[specta::specta]
pub async fn regulation_submit(
    app: AppHandle,
    project_id: String,
    session_id: String,
) -> Result<RegulationProjectDetail> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let user = state.user()?;
        let mut store = state.store()?;
        let pdf = despacho_documents::regulation::draft_pdf(
            store.conn(),
            &project_id,
            None,
            Language::Es,
            &store::today().to_string(),
        )?;
        let short = project_id.get(..8).unwrap_or(&project_id);
        let kept = keep_pdf(
            store.conn(),
            &format!("proyecto-{short}-{}.pdf", store::today()),
            &pdf,
        )?;
        regulations::submit(
            &mut store,
            &user,
            &project_id,
            &session_id,
            Some(std::path::Path::new(&kept.path)),
        )
    })
    .await
    .map_err(|e| AppError::new(ErrorCode::Internal, format!("submission stopped: {e}")))?
}

/// Records the Standing Committee's decision (a return needs its note).
#[tauri::command]
#[specta::specta]
pub async fn regulation_record_decision(
    state: State<'_, AppState>,
    project_id: String,
    decision: RegulationDecision,
    note: String,
    decided_on: Option<String>,
) -> Result<RegulationProjectDetail> {
    regulations::record_decision(
        &mut *state.store()?,
        &state.user()?,
        &project_id,
        decision,
        &note,
        decided_on.as_deref(),
    )
}

/// The project an agenda item was added for, if any.
#[tauri::command]
#[specta::specta]
pub async fn regulation_for_agenda_item(
    state: State<'_, AppState>,
    agenda_item_id: String,
) -> Result<Option<RegulationProject>> {
    state.user()?;
    regulations::project_for_agenda_item(state.store()?.conn(), &agenda_item_id)
}

/// The draft as PDF: a saved version, or (None) the working copy.
#[tauri::command]
#[specta::specta]
pub async fn print_regulation(
    app: AppHandle,
    project_id: String,
    version: Option<u32>,
    language: Language,
) -> Result<PrintedDocument> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.user()?;
        let store = state.store()?;
        let pdf = despacho_documents::regulation::draft_pdf(
            store.conn(),
            &project_id,
            version,
            language,
            &store::today().to_string(),
        )?;
        let short = project_id.get(..8).unwrap_or(&project_id);
        let v = version.map_or("trabajo".to_string(), |v| format!("v{v}"));
        keep_pdf(
            store.conn(),
            &format!("proyecto-{short}-{v}-{}.pdf", language.as_str()),
            &pdf,
        )
    })
    .await
    .map_err(|e| AppError::new(ErrorCode::Internal, format!("rendering stopped: {e}")))?
}

/// The redline comparison as PDF (None: the working copy).
#[tauri::command]
#[specta::specta]
pub async fn print_regulation_redline(
    app: AppHandle,
    project_id: String,
    from: Option<u32>,
    to: Option<u32>,
    language: Language,
) -> Result<PrintedDocument> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.user()?;
        let store = state.store()?;
        let pdf = despacho_documents::regulation::redline_pdf(
            store.conn(),
            &project_id,
            from,
            to,
            language,
            &store::today().to_string(),
        )?;
        let short = project_id.get(..8).unwrap_or(&project_id);
        let side = |v: Option<u32>| v.map_or("trabajo".to_string(), |v| format!("v{v}"));
        keep_pdf(
            store.conn(),
            &format!(
                "comparacion-{short}-{}-{}-{}.pdf",
                side(from),
                side(to),
                language.as_str()
            ),
            &pdf,
        )
    })
    .await
    .map_err(|e| AppError::new(ErrorCode::Internal, format!("rendering stopped: {e}")))?
}
