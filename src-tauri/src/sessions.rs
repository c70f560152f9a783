//! Commands of the sessions of the bodies: bodies and seats, sessions and attendance, the
//! agenda builder, attachments, minutes, resolutions, action items and the calendar export.
//! Each is a few lines over one `despacho-core` operation.

use despacho_core::agenda::{self, Agenda, AgendaChange, AgendaImportPreview, ItemInput};
use despacho_core::attachments::{self, AttachmentInput};
use despacho_core::bodies::{self, Body, BodyInput, BodyRules, Seat, SeatInput, TemplateItem};
use despacho_core::minutes::{
    self, ActionItem, ActionItemInput, ActionStatus, Minutes, MinutesEntryInput, Resolution,
    ResolutionInput,
};
use despacho_core::sessions::{
    self, AttendanceInput, AttendanceSheet, Session, SessionFilter, SessionInput, SessionKind,
    SessionStatus,
};
use despacho_core::{calendar, store, validate};
use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::{AppState, ExportResult, Result};

// ---- bodies and seats

#[tauri::command]
#[specta::specta]
pub async fn bodies_list(state: State<'_, AppState>) -> Result<Vec<Body>> {
    state.user()?;
    bodies::list_bodies(state.store()?.conn())
}

#[tauri::command]
#[specta::specta]
pub async fn body_create(state: State<'_, AppState>, input: BodyInput) -> Result<Body> {
    bodies::create_body(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn body_update_rules(
    state: State<'_, AppState>,
    id: String,
    rules: BodyRules,
) -> Result<Body> {
    bodies::update_body_rules(&mut *state.store()?, &state.user()?, &id, &rules)
}

#[tauri::command]
#[specta::specta]
pub async fn body_template(state: State<'_, AppState>, id: String) -> Result<Vec<TemplateItem>> {
    state.user()?;
    bodies::agenda_template(state.store()?.conn(), &id)
}

#[tauri::command]
#[specta::specta]
pub async fn body_set_template(
    state: State<'_, AppState>,
    id: String,
    items: Vec<TemplateItem>,
) -> Result<Vec<TemplateItem>> {
    bodies::set_agenda_template(&mut *state.store()?, &state.user()?, &id, &items)
}

/// The seats of a body; with `on` (`YYYY-MM-DD`), only those whose term covers that date.
#[tauri::command]
#[specta::specta]
pub async fn seats_list(
    state: State<'_, AppState>,
    body_id: String,
    on: Option<String>,
) -> Result<Vec<Seat>> {
    state.user()?;
    let on = validate::date("on", on.as_deref())?;
    bodies::list_seats(state.store()?.conn(), &body_id, on)
}

#[tauri::command]
#[specta::specta]
pub async fn seats_terms_ending(state: State<'_, AppState>, days: u16) -> Result<Vec<Seat>> {
    state.user()?;
    bodies::seats_with_terms_ending(state.store()?.conn(), days)
}

#[tauri::command]
#[specta::specta]
pub async fn seat_add(
    state: State<'_, AppState>,
    body_id: String,
    input: SeatInput,
) -> Result<Seat> {
    bodies::add_seat(&mut *state.store()?, &state.user()?, &body_id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn seat_update(state: State<'_, AppState>, id: String, input: SeatInput) -> Result<Seat> {
    bodies::update_seat(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn seat_remove(state: State<'_, AppState>, id: String) -> Result<()> {
    bodies::remove_seat(&mut *state.store()?, &state.user()?, &id)
}

// ---- sessions and attendance

#[tauri::command]
#[specta::specta]
pub async fn sessions_list(
    state: State<'_, AppState>,
    filter: SessionFilter,
) -> Result<Vec<Session>> {
    state.user()?;
    sessions::list_sessions(state.store()?.conn(), &filter)
}

#[tauri::command]
#[specta::specta]
pub async fn session_get(state: State<'_, AppState>, id: String) -> Result<Session> {
    state.user()?;
    sessions::get_session(state.store()?.conn(), &id)
}

/// The next ordinal of a body's sessions of a kind and the name it suggests
/// (e.g. "CXII Reunión Ordinaria del Comité Permanente").
#[derive(Serialize, Type)]
pub struct SessionSuggestion {
    pub ordinal: u32,
    pub name: String,
}

#[tauri::command]
#[specta::specta]
pub async fn session_suggest(
    state: State<'_, AppState>,
    body_id: String,
    kind: SessionKind,
) -> Result<SessionSuggestion> {
    state.user()?;
    let store = state.store()?;
    let ordinal = sessions::next_ordinal(store.conn(), &body_id, kind)?;
    Ok(SessionSuggestion {
        ordinal,
        name: sessions::suggested_name(store.conn(), &body_id, ordinal, kind)?,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn session_create(state: State<'_, AppState>, input: SessionInput) -> Result<Session> {
    sessions::create_session(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn session_update(
    state: State<'_, AppState>,
    id: String,
    input: SessionInput,
) -> Result<Session> {
    sessions::update_session(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn session_set_status(
    state: State<'_, AppState>,
    id: String,
    status: SessionStatus,
) -> Result<Session> {
    sessions::set_session_status(&mut *state.store()?, &state.user()?, &id, status)
}

#[tauri::command]
#[specta::specta]
pub async fn session_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    sessions::delete_session(&mut *state.store()?, &state.user()?, &id)
}

#[tauri::command]
#[specta::specta]
pub async fn attendance_get(
    state: State<'_, AppState>,
    session_id: String,
) -> Result<AttendanceSheet> {
    state.user()?;
    sessions::attendance(state.store()?.conn(), &session_id)
}

#[tauri::command]
#[specta::specta]
pub async fn attendance_set(
    state: State<'_, AppState>,
    session_id: String,
    input: AttendanceInput,
) -> Result<AttendanceSheet> {
    sessions::set_attendance(&mut *state.store()?, &state.user()?, &session_id, &input)
}

// ---- the agenda builder

#[tauri::command]
#[specta::specta]
pub async fn agenda_get(state: State<'_, AppState>, session_id: String) -> Result<Agenda> {
    state.user()?;
    agenda::agenda(state.store()?.conn(), &session_id)
}

#[tauri::command]
#[specta::specta]
pub async fn agenda_changes(
    state: State<'_, AppState>,
    session_id: String,
) -> Result<Vec<AgendaChange>> {
    state.user()?;
    agenda::changes(state.store()?.conn(), &session_id)
}

/// Adds an item at `position` (0-based; the end when absent) among its siblings.
#[tauri::command]
#[specta::specta]
pub async fn agenda_add_item(
    state: State<'_, AppState>,
    session_id: String,
    parent_id: Option<String>,
    position: Option<u16>,
    input: ItemInput,
) -> Result<Agenda> {
    let user = state.user()?;
    agenda::add_item(
        &mut *state.store()?,
        &user,
        &session_id,
        parent_id.as_deref(),
        position,
        &input,
    )
}

#[tauri::command]
#[specta::specta]
pub async fn agenda_update_item(
    state: State<'_, AppState>,
    item_id: String,
    input: ItemInput,
) -> Result<Agenda> {
    agenda::update_item(&mut *state.store()?, &state.user()?, &item_id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn agenda_delete_item(state: State<'_, AppState>, item_id: String) -> Result<Agenda> {
    agenda::delete_item(&mut *state.store()?, &state.user()?, &item_id)
}

/// Moves an item under `new_parent` (top level when absent) at `new_position` (0-based).
#[tauri::command]
#[specta::specta]
pub async fn agenda_move_item(
    state: State<'_, AppState>,
    item_id: String,
    new_parent: Option<String>,
    new_position: u16,
) -> Result<Agenda> {
    let user = state.user()?;
    agenda::move_item(
        &mut *state.store()?,
        &user,
        &item_id,
        new_parent.as_deref(),
        new_position,
    )
}

/// The keyboard moves of the builder.
#[derive(Debug, Clone, Copy, serde::Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ItemStep {
    Up,
    Down,
    Indent,
    Outdent,
}

#[tauri::command]
#[specta::specta]
pub async fn agenda_step_item(
    state: State<'_, AppState>,
    item_id: String,
    step: ItemStep,
) -> Result<Agenda> {
    let user = state.user()?;
    let mut store = state.store()?;
    match step {
        ItemStep::Up => agenda::move_item_up(&mut store, &user, &item_id),
        ItemStep::Down => agenda::move_item_down(&mut store, &user, &item_id),
        ItemStep::Indent => agenda::indent_item(&mut store, &user, &item_id),
        ItemStep::Outdent => agenda::outdent_item(&mut store, &user, &item_id),
    }
}

#[tauri::command]
#[specta::specta]
pub async fn agenda_approve(state: State<'_, AppState>, session_id: String) -> Result<Agenda> {
    agenda::approve_agenda(&mut *state.store()?, &state.user()?, &session_id)
}

#[tauri::command]
#[specta::specta]
pub async fn agenda_from_template(
    state: State<'_, AppState>,
    session_id: String,
) -> Result<Agenda> {
    agenda::start_from_template(&mut *state.store()?, &state.user()?, &session_id)
}

#[tauri::command]
#[specta::specta]
pub async fn agenda_copy_from(
    state: State<'_, AppState>,
    session_id: String,
    from_session_id: String,
) -> Result<Agenda> {
    agenda::copy_from_session(
        &mut *state.store()?,
        &state.user()?,
        &session_id,
        &from_session_id,
    )
}

/// Checks a CSV file's text (`csv`) or a pasted list (`text`) and shows what an import would do.
#[tauri::command]
#[specta::specta]
pub async fn agenda_import_preview(
    state: State<'_, AppState>,
    session_id: String,
    source: AgendaSource,
) -> Result<AgendaImportPreview> {
    state.user()?;
    let store = state.store()?;
    match source {
        AgendaSource::Csv(csv) => agenda::preview_csv(store.conn(), &session_id, csv.as_bytes()),
        AgendaSource::Text(text) => agenda::preview_text(store.conn(), &session_id, &text),
    }
}

#[tauri::command]
#[specta::specta]
pub async fn agenda_import(
    state: State<'_, AppState>,
    session_id: String,
    source: AgendaSource,
) -> Result<Agenda> {
    let user = state.user()?;
    let mut store = state.store()?;
    match source {
        AgendaSource::Csv(csv) => {
            agenda::import_csv(&mut store, &user, &session_id, csv.as_bytes())
        }
        AgendaSource::Text(text) => agenda::import_text(&mut store, &user, &session_id, &text),
    }
}

/// Where agenda items come from: a CSV file's text or a list pasted into the builder.
#[derive(Debug, Clone, serde::Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AgendaSource {
    Csv(String),
    Text(String),
}

/// Keeps a file (chosen in the system's file dialog) as an item's attachment.
#[tauri::command]
#[specta::specta]
pub async fn attachment_add(
    state: State<'_, AppState>,
    item_id: String,
    input: AttachmentInput,
) -> Result<Agenda> {
    attachments::add_attachment(&mut *state.store()?, &state.user()?, &item_id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn attachment_remove(state: State<'_, AppState>, id: String) -> Result<Agenda> {
    attachments::remove_attachment(&mut *state.store()?, &state.user()?, &id)
}

// ---- minutes, resolutions, action items

#[tauri::command]
#[specta::specta]
pub async fn minutes_get(state: State<'_, AppState>, session_id: String) -> Result<Minutes> {
    state.user()?;
    minutes::minutes(state.store()?.conn(), &session_id)
}

#[tauri::command]
#[specta::specta]
pub async fn minutes_set_entry(
    state: State<'_, AppState>,
    item_id: String,
    input: MinutesEntryInput,
) -> Result<Minutes> {
    minutes::set_minutes_entry(&mut *state.store()?, &state.user()?, &item_id, &input)
}

/// Approves a session's minutes at a later session of the same body.
#[tauri::command]
#[specta::specta]
pub async fn minutes_approve(
    state: State<'_, AppState>,
    session_id: String,
    at_session_id: String,
) -> Result<Minutes> {
    minutes::approve_minutes(
        &mut *state.store()?,
        &state.user()?,
        &session_id,
        &at_session_id,
    )
}

#[tauri::command]
#[specta::specta]
pub async fn resolutions_list(
    state: State<'_, AppState>,
    session_id: String,
) -> Result<Vec<Resolution>> {
    state.user()?;
    minutes::resolutions(state.store()?.conn(), &session_id)
}

#[tauri::command]
#[specta::specta]
pub async fn resolution_adopt(
    state: State<'_, AppState>,
    session_id: String,
    input: ResolutionInput,
) -> Result<Resolution> {
    minutes::adopt_resolution(&mut *state.store()?, &state.user()?, &session_id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn action_items_open(state: State<'_, AppState>) -> Result<Vec<ActionItem>> {
    state.user()?;
    minutes::open_action_items(state.store()?.conn(), 200)
}

#[tauri::command]
#[specta::specta]
pub async fn action_item_add(
    state: State<'_, AppState>,
    session_id: String,
    input: ActionItemInput,
) -> Result<ActionItem> {
    minutes::add_action_item(&mut *state.store()?, &state.user()?, &session_id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn action_item_update(
    state: State<'_, AppState>,
    id: String,
    input: ActionItemInput,
) -> Result<ActionItem> {
    minutes::update_action_item(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn action_item_set_status(
    state: State<'_, AppState>,
    id: String,
    status: ActionStatus,
) -> Result<ActionItem> {
    minutes::set_action_item_status(&mut *state.store()?, &state.user()?, &id, status)
}

// ---- calendar

/// Writes one session (or every session) as an iCalendar file in the Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn calendar_export(
    state: State<'_, AppState>,
    session_id: Option<String>,
) -> Result<ExportResult> {
    state.user()?;
    let store = state.store()?;
    let (ics, name) = match &session_id {
        Some(id) => (
            calendar::session_ics(store.conn(), id)?,
            format!("despacho-sesion-{}.ics", &id[..8.min(id.len())]),
        ),
        None => (
            calendar::all_ics(store.conn())?,
            format!("despacho-sesiones-{}.ics", store::today()),
        ),
    };
    let rows = ics.matches("BEGIN:VEVENT").count() as u32;
    let path = crate::write_download(&name, ics.as_bytes())?;
    Ok(ExportResult { path, rows })
}
