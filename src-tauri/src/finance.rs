//! Commands of Managing & Finances: the chart of accounts, exchange rates and the journal;
//! member dues (scales, invoices, payments, arrears, payment plans, the arrears rule).
//! Each is a few lines over one `despacho-core` operation.

use despacho_core::budget::{
    self, Budget, BudgetChapter, BudgetLine, BudgetLineInput, BudgetVsActual, LineNames, Revision,
    TransferInput,
};
use despacho_core::dues::{
    self, ArrearsRule, DuesInvoice, DuesPayment, DuesScale, DuesStatus, InvoiceFilter, InvoiceRun,
    InvoiceRunInput, PaymentInput, PaymentPlan, PaymentPlanInput, ScaleInput,
};
use despacho_core::ledger::{self, Account, EntryInput, ExchangeRate, JournalEntry, Unit};
use despacho_core::projection::{
    self, OneOff, OneOffInput, Projection, ProjectionInput, ProjectionSummary, ProjectionView,
    Scenario, ScenarioInput,
};
use despacho_core::store;
use tauri::State;

use crate::{AppState, Result};

// ---- the books

#[tauri::command]
#[specta::specta]
pub async fn finance_units(state: State<'_, AppState>) -> Result<Vec<Unit>> {
    let user = state.user()?;
    ledger::list_units(state.store().conn(), user.language)
}

#[tauri::command]
#[specta::specta]
pub async fn finance_accounts(state: State<'_, AppState>) -> Result<Vec<Account>> {
    let user = state.user()?;
    ledger::list_accounts(state.store().conn(), user.language)
}

#[tauri::command]
#[specta::specta]
pub async fn rates_list(state: State<'_, AppState>) -> Result<Vec<ExchangeRate>> {
    state.user()?;
    ledger::list_rates(state.store().conn(), 200)
}

#[tauri::command]
#[specta::specta]
pub async fn rate_set(state: State<'_, AppState>, input: ExchangeRate) -> Result<ExchangeRate> {
    ledger::set_rate(&mut state.store(), &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn entry_post(state: State<'_, AppState>, input: EntryInput) -> Result<JournalEntry> {
    ledger::post_entry(&mut state.store(), &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn entry_get(state: State<'_, AppState>, id: String) -> Result<JournalEntry> {
    let user = state.user()?;
    ledger::get_entry(state.store().conn(), &id, user.language)
}

// ---- dues

#[tauri::command]
#[specta::specta]
pub async fn dues_status(state: State<'_, AppState>) -> Result<Vec<DuesStatus>> {
    state.user()?;
    dues::dues_status(state.store().conn(), store::today())
}

#[tauri::command]
#[specta::specta]
pub async fn dues_member_status(
    state: State<'_, AppState>,
    member_id: String,
) -> Result<DuesStatus> {
    state.user()?;
    dues::member_status(state.store().conn(), &member_id, store::today())
}

#[tauri::command]
#[specta::specta]
pub async fn dues_scales(state: State<'_, AppState>, year: u16) -> Result<Vec<DuesScale>> {
    state.user()?;
    dues::list_scales(state.store().conn(), year)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_scale_set(state: State<'_, AppState>, input: ScaleInput) -> Result<DuesScale> {
    dues::set_scale(&mut state.store(), &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_scale_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    dues::delete_scale(&mut state.store(), &state.user()?, &id)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_invoice_year(
    state: State<'_, AppState>,
    input: InvoiceRunInput,
) -> Result<InvoiceRun> {
    dues::invoice_year(&mut state.store(), &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_invoices(
    state: State<'_, AppState>,
    filter: InvoiceFilter,
) -> Result<Vec<DuesInvoice>> {
    state.user()?;
    dues::list_invoices(state.store().conn(), &filter)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_payments(
    state: State<'_, AppState>,
    member_id: String,
) -> Result<Vec<DuesPayment>> {
    state.user()?;
    dues::list_payments(state.store().conn(), &member_id)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_record_payment(
    state: State<'_, AppState>,
    input: PaymentInput,
) -> Result<DuesPayment> {
    dues::record_payment(&mut state.store(), &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_plans(state: State<'_, AppState>, member_id: String) -> Result<Vec<PaymentPlan>> {
    state.user()?;
    dues::list_plans(state.store().conn(), &member_id)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_plan_create(
    state: State<'_, AppState>,
    input: PaymentPlanInput,
) -> Result<PaymentPlan> {
    dues::create_plan(&mut state.store(), &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_plan_end(
    state: State<'_, AppState>,
    id: String,
    completed: bool,
) -> Result<PaymentPlan> {
    let user = state.user()?;
    let mut store = state.store();
    if completed {
        dues::complete_plan(&mut store, &user, &id)
    } else {
        dues::cancel_plan(&mut store, &user, &id)
    }
}

#[tauri::command]
#[specta::specta]
pub async fn arrears_rule_get(state: State<'_, AppState>) -> Result<ArrearsRule> {
    state.user()?;
    dues::arrears_rule(state.store().conn())
}

#[tauri::command]
#[specta::specta]
pub async fn arrears_rule_set(
    state: State<'_, AppState>,
    rule: ArrearsRule,
) -> Result<ArrearsRule> {
    dues::set_arrears_rule(&mut state.store(), &state.user()?, &rule)
}

// ---- budget

#[tauri::command]
#[specta::specta]
pub async fn budget_structure(
    state: State<'_, AppState>,
    include_archived: bool,
) -> Result<Vec<BudgetChapter>> {
    let user = state.user()?;
    budget::list_structure(state.store().conn(), user.language, include_archived)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_line_create(
    state: State<'_, AppState>,
    input: BudgetLineInput,
) -> Result<BudgetLine> {
    budget::create_line(&mut state.store(), &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_line_rename(
    state: State<'_, AppState>,
    id: String,
    names: LineNames,
) -> Result<BudgetLine> {
    budget::rename_line(&mut state.store(), &state.user()?, &id, &names)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_line_archive(state: State<'_, AppState>, id: String) -> Result<()> {
    budget::archive_line(&mut state.store(), &state.user()?, &id)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_get(state: State<'_, AppState>, year: u16) -> Result<Budget> {
    let user = state.user()?;
    budget::get_budget(state.store().conn(), year, user.language)
}

/// Original amounts per line: `[line_id, amount]` pairs.
#[tauri::command]
#[specta::specta]
pub async fn budget_set_original(
    state: State<'_, AppState>,
    year: u16,
    amounts: Vec<(String, String)>,
) -> Result<Budget> {
    budget::set_original(&mut state.store(), &state.user()?, year, &amounts)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_approve(state: State<'_, AppState>, year: u16) -> Result<Budget> {
    budget::approve_budget(&mut state.store(), &state.user()?, year)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_revisions(state: State<'_, AppState>, year: u16) -> Result<Vec<Revision>> {
    state.user()?;
    budget::list_revisions(state.store().conn(), year)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_propose_revision(
    state: State<'_, AppState>,
    year: u16,
    reason: String,
    transfers: Vec<TransferInput>,
) -> Result<Revision> {
    budget::propose_revision(
        &mut state.store(),
        &state.user()?,
        year,
        &reason,
        &transfers,
    )
}

#[tauri::command]
#[specta::specta]
pub async fn budget_decide_revision(
    state: State<'_, AppState>,
    id: String,
    approve: bool,
    note: String,
) -> Result<Revision> {
    budget::decide_revision(&mut state.store(), &state.user()?, &id, approve, &note)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_vs_actual(state: State<'_, AppState>, year: u16) -> Result<BudgetVsActual> {
    let user = state.user()?;
    budget::budget_vs_actual(state.store().conn(), year, user.language)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_set_explanation(
    state: State<'_, AppState>,
    year: u16,
    line_id: String,
    text: String,
) -> Result<()> {
    budget::set_explanation(&mut state.store(), &state.user()?, year, &line_id, &text)
}

// ---- projection

#[tauri::command]
#[specta::specta]
pub async fn projections_list(state: State<'_, AppState>) -> Result<Vec<ProjectionSummary>> {
    state.user()?;
    projection::list_projections(state.store().conn())
}

#[tauri::command]
#[specta::specta]
pub async fn projection_get(state: State<'_, AppState>, id: String) -> Result<Projection> {
    state.user()?;
    projection::get_projection(state.store().conn(), &id)
}

#[tauri::command]
#[specta::specta]
pub async fn projection_create(
    state: State<'_, AppState>,
    input: ProjectionInput,
) -> Result<Projection> {
    projection::create_projection(&mut state.store(), &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn projection_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    projection::delete_projection(&mut state.store(), &state.user()?, &id)
}

#[tauri::command]
#[specta::specta]
pub async fn projection_update_scenario(
    state: State<'_, AppState>,
    scenario_id: String,
    input: ScenarioInput,
) -> Result<Scenario> {
    projection::update_scenario(&mut state.store(), &state.user()?, &scenario_id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn projection_add_one_off(
    state: State<'_, AppState>,
    input: OneOffInput,
) -> Result<OneOff> {
    projection::add_one_off(&mut state.store(), &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn projection_remove_one_off(state: State<'_, AppState>, id: String) -> Result<()> {
    projection::remove_one_off(&mut state.store(), &state.user()?, &id)
}

#[tauri::command]
#[specta::specta]
pub async fn projection_run(state: State<'_, AppState>, id: String) -> Result<ProjectionView> {
    let user = state.user()?;
    projection::run_projection(state.store().conn(), &id, user.language)
}
