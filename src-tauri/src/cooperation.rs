//! Commands of Linking & Cooperation: agreements, technical assistance requests, missions,
//! information products, dissemination lists and their exports; and the global search.
//! Each is a few lines over one `despacho-core` operation.

use despacho_core::agreements::{
    self, Agreement, AgreementDetail, AgreementFilter, AgreementInput, AgreementStatus,
};
use despacho_core::assistance::{
    self, AssistanceRequest, DeliverableInput, ExpertInput, RequestDetail, RequestFilter,
    RequestInput, RequestStatus, RequestStatusChange,
};
use despacho_core::cooperation::{self, Document, DocumentInput, DocumentOwner, TimelineEvent};
use despacho_core::lists::{self, DisseminationList, ListCriteria, ListInput, Recipient};
use despacho_core::missions::{
    self, ActualCostInput, Mission, MissionFilter, MissionInput, MissionStatus,
    MissionStatusChange, MissionSummary,
};
use despacho_core::publications::{
    self, DisseminationInput, Publication, PublicationFilter, PublicationInput, PublicationStatus,
    PublicationSummary,
};
use despacho_core::search::{self, SearchResults};
use despacho_core::store;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use crate::{write_download, AppState, ExportResult, Result};

// ---- workflows

/// The moves each workflow allows from each status, as the core defines them: the UI offers
/// only these and the core still refuses any other.
#[derive(Serialize, Type)]
pub struct CooperationWorkflows {
    pub agreements: Vec<(AgreementStatus, Vec<AgreementStatus>)>,
    pub requests: Vec<(RequestStatus, Vec<RequestStatus>)>,
    pub missions: Vec<(MissionStatus, Vec<MissionStatus>)>,
    pub publications: Vec<(PublicationStatus, Vec<PublicationStatus>)>,
}

#[tauri::command]
#[specta::specta]
pub async fn cooperation_workflows(state: State<'_, AppState>) -> Result<CooperationWorkflows> {
    state.user()?;
    Ok(CooperationWorkflows {
        agreements: AgreementStatus::ALL
            .iter()
            .map(|s| (*s, s.next().to_vec()))
            .collect(),
        requests: RequestStatus::ALL
            .iter()
            .map(|s| (*s, s.next().to_vec()))
            .collect(),
        missions: MissionStatus::ALL
            .iter()
            .map(|s| (*s, s.next().to_vec()))
            .collect(),
        publications: PublicationStatus::ALL
            .iter()
            .map(|s| (*s, s.next().to_vec()))
            .collect(),
    })
}

// ---- agreements

#[tauri::command]
#[specta::specta]
pub async fn agreements_list(
    state: State<'_, AppState>,
    filter: AgreementFilter,
) -> Result<Vec<Agreement>> {
    state.user()?;
    agreements::list_agreements(state.store()?.conn(), &filter)
}

#[tauri::command]
#[specta::specta]
pub async fn agreement_get(state: State<'_, AppState>, id: String) -> Result<AgreementDetail> {
    state.user()?;
    agreements::get_agreement(state.store()?.conn(), &id)
}

#[tauri::command]
#[specta::specta]
pub async fn agreement_create(
    state: State<'_, AppState>,
    input: AgreementInput,
) -> Result<Agreement> {
    agreements::create_agreement(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn agreement_update(
    state: State<'_, AppState>,
    id: String,
    input: AgreementInput,
) -> Result<Agreement> {
    agreements::update_agreement(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn agreement_set_status(
    state: State<'_, AppState>,
    id: String,
    status: AgreementStatus,
) -> Result<Agreement> {
    agreements::set_agreement_status(&mut *state.store()?, &state.user()?, &id, status)
}

// ---- technical assistance

#[tauri::command]
#[specta::specta]
pub async fn requests_list(
    state: State<'_, AppState>,
    filter: RequestFilter,
) -> Result<Vec<AssistanceRequest>> {
    state.user()?;
    assistance::list_requests(state.store()?.conn(), &filter)
}

#[tauri::command]
#[specta::specta]
pub async fn request_get(state: State<'_, AppState>, id: String) -> Result<RequestDetail> {
    state.user()?;
    assistance::get_request(state.store()?.conn(), &id)
}

/// The request's whole history, its missions' events included, in order.
#[tauri::command]
#[specta::specta]
pub async fn request_timeline(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<TimelineEvent>> {
    state.user()?;
    assistance::timeline(state.store()?.conn(), &id)
}

#[tauri::command]
#[specta::specta]
pub async fn request_create(
    state: State<'_, AppState>,
    input: RequestInput,
) -> Result<AssistanceRequest> {
    assistance::create_request(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn request_update(
    state: State<'_, AppState>,
    id: String,
    input: RequestInput,
) -> Result<AssistanceRequest> {
    assistance::update_request(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn request_set_status(
    state: State<'_, AppState>,
    id: String,
    change: RequestStatusChange,
) -> Result<AssistanceRequest> {
    assistance::set_request_status(&mut *state.store()?, &state.user()?, &id, &change)
}

#[tauri::command]
#[specta::specta]
pub async fn request_add_expert(
    state: State<'_, AppState>,
    request_id: String,
    input: ExpertInput,
) -> Result<RequestDetail> {
    assistance::add_expert(&mut *state.store()?, &state.user()?, &request_id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn request_remove_expert(
    state: State<'_, AppState>,
    expert_id: String,
) -> Result<RequestDetail> {
    assistance::remove_expert(&mut *state.store()?, &state.user()?, &expert_id)
}

#[tauri::command]
#[specta::specta]
pub async fn request_add_deliverable(
    state: State<'_, AppState>,
    request_id: String,
    input: DeliverableInput,
) -> Result<RequestDetail> {
    assistance::add_deliverable(&mut *state.store()?, &state.user()?, &request_id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn request_deliver(
    state: State<'_, AppState>,
    deliverable_id: String,
    on: Option<String>,
) -> Result<RequestDetail> {
    assistance::deliver(
        &mut *state.store()?,
        &state.user()?,
        &deliverable_id,
        on.as_deref(),
    )
}

// ---- missions

#[tauri::command]
#[specta::specta]
pub async fn missions_list(
    state: State<'_, AppState>,
    filter: MissionFilter,
) -> Result<Vec<MissionSummary>> {
    state.user()?;
    missions::list_missions(state.store()?.conn(), &filter)
}

#[tauri::command]
#[specta::specta]
pub async fn mission_get(state: State<'_, AppState>, id: String) -> Result<Mission> {
    state.user()?;
    missions::get_mission(state.store()?.conn(), &id)
}

#[tauri::command]
#[specta::specta]
pub async fn mission_timeline(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<TimelineEvent>> {
    state.user()?;
    missions::mission_timeline(state.store()?.conn(), &id)
}

#[tauri::command]
#[specta::specta]
pub async fn mission_create(state: State<'_, AppState>, input: MissionInput) -> Result<Mission> {
    missions::create_mission(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn mission_update(
    state: State<'_, AppState>,
    id: String,
    input: MissionInput,
) -> Result<Mission> {
    missions::update_mission(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn mission_set_status(
    state: State<'_, AppState>,
    id: String,
    change: MissionStatusChange,
) -> Result<Mission> {
    missions::set_mission_status(&mut *state.store()?, &state.user()?, &id, &change)
}

#[tauri::command]
#[specta::specta]
pub async fn mission_write_report(
    state: State<'_, AppState>,
    id: String,
    report: String,
) -> Result<Mission> {
    missions::write_report(&mut *state.store()?, &state.user()?, &id, &report)
}

#[tauri::command]
#[specta::specta]
pub async fn mission_record_actual_cost(
    state: State<'_, AppState>,
    id: String,
    input: ActualCostInput,
) -> Result<Mission> {
    missions::record_actual_cost(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn mission_post_actual_cost(
    state: State<'_, AppState>,
    id: String,
    cash_account: String,
) -> Result<Mission> {
    missions::post_actual_cost(&mut *state.store()?, &state.user()?, &id, &cash_account)
}

// ---- documents of agreements, missions and publications

#[tauri::command]
#[specta::specta]
pub async fn cooperation_document_attach(
    state: State<'_, AppState>,
    owner: DocumentOwner,
    owner_id: String,
    input: DocumentInput,
) -> Result<Document> {
    cooperation::attach_document(
        &mut *state.store()?,
        &state.user()?,
        owner,
        &owner_id,
        &input,
    )
}

#[tauri::command]
#[specta::specta]
pub async fn cooperation_document_remove(state: State<'_, AppState>, id: String) -> Result<()> {
    cooperation::remove_document(&mut *state.store()?, &state.user()?, &id)
}

// ---- information products

#[tauri::command]
#[specta::specta]
pub async fn publications_list(
    state: State<'_, AppState>,
    filter: PublicationFilter,
) -> Result<Vec<PublicationSummary>> {
    state.user()?;
    publications::list_publications(state.store()?.conn(), &filter)
}

#[tauri::command]
#[specta::specta]
pub async fn publication_get(state: State<'_, AppState>, id: String) -> Result<Publication> {
    state.user()?;
    publications::get_publication(state.store()?.conn(), &id)
}

#[tauri::command]
#[specta::specta]
pub async fn publication_create(
    state: State<'_, AppState>,
    input: PublicationInput,
) -> Result<Publication> {
    publications::create_publication(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn publication_update(
    state: State<'_, AppState>,
    id: String,
    input: PublicationInput,
) -> Result<Publication> {
    publications::update_publication(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn publication_set_status(
    state: State<'_, AppState>,
    id: String,
    status: PublicationStatus,
) -> Result<Publication> {
    publications::set_publication_status(&mut *state.store()?, &state.user()?, &id, status)
}

#[tauri::command]
#[specta::specta]
pub async fn publication_record_dissemination(
    state: State<'_, AppState>,
    id: String,
    input: DisseminationInput,
) -> Result<Publication> {
    publications::record_dissemination(&mut *state.store()?, &state.user()?, &id, &input)
}

// ---- dissemination lists

#[tauri::command]
#[specta::specta]
pub async fn lists_list(state: State<'_, AppState>) -> Result<Vec<DisseminationList>> {
    state.user()?;
    lists::list_lists(state.store()?.conn())
}

/// Who a list with these criteria reaches now (the list builder's live preview).
#[tauri::command]
#[specta::specta]
pub async fn list_resolve(
    state: State<'_, AppState>,
    criteria: ListCriteria,
) -> Result<Vec<Recipient>> {
    state.user()?;
    lists::resolve(state.store()?.conn(), &criteria)
}

#[tauri::command]
#[specta::specta]
pub async fn list_create(
    state: State<'_, AppState>,
    input: ListInput,
) -> Result<DisseminationList> {
    lists::create_list(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn list_update(
    state: State<'_, AppState>,
    id: String,
    input: ListInput,
) -> Result<DisseminationList> {
    lists::update_list(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn list_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    lists::delete_list(&mut *state.store()?, &state.user()?, &id)
}

/// The file format of a list export.
#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum ListExportFormat {
    /// CSV, one row per recipient.
    Csv,
    /// vCard 4.0 (RFC 6350), one card per recipient.
    Vcf,
}

/// Writes a list's recipients as CSV or vCard to the user's Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn list_export(
    state: State<'_, AppState>,
    id: String,
    format: ListExportFormat,
) -> Result<ExportResult> {
    state.user()?;
    let (text, ext, rows) = {
        let store = state.store()?;
        let rows = lists::get_list(store.conn(), &id)?.recipient_count;
        match format {
            ListExportFormat::Csv => (lists::export_csv(store.conn(), &id)?, "csv", rows),
            ListExportFormat::Vcf => (lists::export_vcard(store.conn(), &id)?, "vcf", rows),
        }
    };
    let path = write_download(
        &format!("despacho-lista-{}.{ext}", store::today()),
        text.as_bytes(),
    )?;
    Ok(ExportResult { path, rows })
}

// ---- global search

/// The most hits shown per kind in the search box.
const SEARCH_HITS_PER_KIND: u32 = 8;

#[tauri::command]
#[specta::specta]
pub async fn search(state: State<'_, AppState>, query: String) -> Result<SearchResults> {
    state.user()?;
    search::search(state.store()?.conn(), &query, SEARCH_HITS_PER_KIND)
}
