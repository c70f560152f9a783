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
use despacho_core::ledger::{
    self, Account, AccountBalance, EntryAttachment, EntryFilter, EntryInput, EntryPage,
    ExchangeRate, FiscalYear, JournalEntry, LedgerImportPreview, LedgerImportReport, Unit,
};
use despacho_core::projection::{
    self, OneOff, OneOffInput, Projection, ProjectionInput, ProjectionSummary, ProjectionView,
    Scenario, ScenarioInput,
};
use despacho_core::statements::{self, Statements};
use despacho_core::store;
use despacho_core::users::Language;
use despacho_core::{AppError, ErrorCode};
use despacho_documents::statements as docs;
use serde::Deserialize;
use specta::Type;
use tauri::State;
use tauri::{AppHandle, Manager};

use crate::print::{keep_pdf, PrintedDocument};
use crate::{write_download, AppState, ExportResult, Result};

// ---- the books

#[tauri::command]
#[specta::specta]
pub async fn finance_units(state: State<'_, AppState>) -> Result<Vec<Unit>> {
    let user = state.user()?;
    ledger::list_units(state.store()?.conn(), user.language)
}

#[tauri::command]
#[specta::specta]
pub async fn finance_accounts(state: State<'_, AppState>) -> Result<Vec<Account>> {
    let user = state.user()?;
    ledger::list_accounts(state.store()?.conn(), user.language)
}

#[tauri::command]
#[specta::specta]
pub async fn rates_list(state: State<'_, AppState>) -> Result<Vec<ExchangeRate>> {
    state.user()?;
    ledger::list_rates(state.store()?.conn(), 200)
}

#[tauri::command]
#[specta::specta]
pub async fn rate_set(state: State<'_, AppState>, input: ExchangeRate) -> Result<ExchangeRate> {
    ledger::set_rate(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn entry_post(state: State<'_, AppState>, input: EntryInput) -> Result<JournalEntry> {
    ledger::post_entry(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn entry_get(state: State<'_, AppState>, id: String) -> Result<JournalEntry> {
    let user = state.user()?;
    ledger::get_entry(state.store()?.conn(), &id, user.language)
}

// ---- dues

#[tauri::command]
#[specta::specta]
pub async fn dues_status(state: State<'_, AppState>) -> Result<Vec<DuesStatus>> {
    state.user()?;
    dues::dues_status(state.store()?.conn(), store::today())
}

#[tauri::command]
#[specta::specta]
pub async fn dues_member_status(
    state: State<'_, AppState>,
    member_id: String,
) -> Result<DuesStatus> {
    state.user()?;
    dues::member_status(state.store()?.conn(), &member_id, store::today())
}

#[tauri::command]
#[specta::specta]
pub async fn dues_scales(state: State<'_, AppState>, year: u16) -> Result<Vec<DuesScale>> {
    state.user()?;
    dues::list_scales(state.store()?.conn(), year)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_scale_set(state: State<'_, AppState>, input: ScaleInput) -> Result<DuesScale> {
    dues::set_scale(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_scale_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    dues::delete_scale(&mut *state.store()?, &state.user()?, &id)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_invoice_year(
    state: State<'_, AppState>,
    input: InvoiceRunInput,
) -> Result<InvoiceRun> {
    dues::invoice_year(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_invoices(
    state: State<'_, AppState>,
    filter: InvoiceFilter,
) -> Result<Vec<DuesInvoice>> {
    state.user()?;
    dues::list_invoices(state.store()?.conn(), &filter)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_payments(
    state: State<'_, AppState>,
    member_id: String,
) -> Result<Vec<DuesPayment>> {
    state.user()?;
    dues::list_payments(state.store()?.conn(), &member_id)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_record_payment(
    state: State<'_, AppState>,
    input: PaymentInput,
) -> Result<DuesPayment> {
    dues::record_payment(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_plans(state: State<'_, AppState>, member_id: String) -> Result<Vec<PaymentPlan>> {
    state.user()?;
    dues::list_plans(state.store()?.conn(), &member_id)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_plan_create(
    state: State<'_, AppState>,
    input: PaymentPlanInput,
) -> Result<PaymentPlan> {
    dues::create_plan(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn dues_plan_end(
    state: State<'_, AppState>,
    id: String,
    completed: bool,
) -> Result<PaymentPlan> {
    let user = state.user()?;
    let mut store = state.store()?;
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
    dues::arrears_rule(state.store()?.conn())
}

#[tauri::command]
#[specta::specta]
pub async fn arrears_rule_set(
    state: State<'_, AppState>,
    rule: ArrearsRule,
) -> Result<ArrearsRule> {
    dues::set_arrears_rule(&mut *state.store()?, &state.user()?, &rule)
}

// ---- budget

#[tauri::command]
#[specta::specta]
pub async fn budget_structure(
    state: State<'_, AppState>,
    include_archived: bool,
) -> Result<Vec<BudgetChapter>> {
    let user = state.user()?;
    budget::list_structure(state.store()?.conn(), user.language, include_archived)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_line_create(
    state: State<'_, AppState>,
    input: BudgetLineInput,
) -> Result<BudgetLine> {
    budget::create_line(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_line_rename(
    state: State<'_, AppState>,
    id: String,
    names: LineNames,
) -> Result<BudgetLine> {
    budget::rename_line(&mut *state.store()?, &state.user()?, &id, &names)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_line_archive(state: State<'_, AppState>, id: String) -> Result<()> {
    budget::archive_line(&mut *state.store()?, &state.user()?, &id)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_get(state: State<'_, AppState>, year: u16) -> Result<Budget> {
    let user = state.user()?;
    budget::get_budget(state.store()?.conn(), year, user.language)
}

/// Original amounts per line: `[line_id, amount]` pairs.
#[tauri::command]
#[specta::specta]
pub async fn budget_set_original(
    state: State<'_, AppState>,
    year: u16,
    amounts: Vec<(String, String)>,
) -> Result<Budget> {
    budget::set_original(&mut *state.store()?, &state.user()?, year, &amounts)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_approve(state: State<'_, AppState>, year: u16) -> Result<Budget> {
    budget::approve_budget(&mut *state.store()?, &state.user()?, year)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_revisions(state: State<'_, AppState>, year: u16) -> Result<Vec<Revision>> {
    state.user()?;
    budget::list_revisions(state.store()?.conn(), year)
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
        &mut *state.store()?,
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
    budget::decide_revision(&mut *state.store()?, &state.user()?, &id, approve, &note)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_vs_actual(state: State<'_, AppState>, year: u16) -> Result<BudgetVsActual> {
    let user = state.user()?;
    budget::budget_vs_actual(state.store()?.conn(), year, user.language)
}

#[tauri::command]
#[specta::specta]
pub async fn budget_set_explanation(
    state: State<'_, AppState>,
    year: u16,
    line_id: String,
    text: String,
) -> Result<()> {
    budget::set_explanation(&mut *state.store()?, &state.user()?, year, &line_id, &text)
}

// ---- projection

#[tauri::command]
#[specta::specta]
pub async fn projections_list(state: State<'_, AppState>) -> Result<Vec<ProjectionSummary>> {
    state.user()?;
    projection::list_projections(state.store()?.conn())
}

#[tauri::command]
#[specta::specta]
pub async fn projection_get(state: State<'_, AppState>, id: String) -> Result<Projection> {
    state.user()?;
    projection::get_projection(state.store()?.conn(), &id)
}

#[tauri::command]
#[specta::specta]
pub async fn projection_create(
    state: State<'_, AppState>,
    input: ProjectionInput,
) -> Result<Projection> {
    projection::create_projection(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn projection_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    projection::delete_projection(&mut *state.store()?, &state.user()?, &id)
}

#[tauri::command]
#[specta::specta]
pub async fn projection_update_scenario(
    state: State<'_, AppState>,
    scenario_id: String,
    input: ScenarioInput,
) -> Result<Scenario> {
    projection::update_scenario(&mut *state.store()?, &state.user()?, &scenario_id, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn projection_add_one_off(
    state: State<'_, AppState>,
    input: OneOffInput,
) -> Result<OneOff> {
    projection::add_one_off(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
pub async fn projection_remove_one_off(state: State<'_, AppState>, id: String) -> Result<()> {
    projection::remove_one_off(&mut *state.store()?, &state.user()?, &id)
}

#[tauri::command]
#[specta::specta]
pub async fn projection_run(state: State<'_, AppState>, id: String) -> Result<ProjectionView> {
    let user = state.user()?;
    projection::run_projection(state.store()?.conn(), &id, user.language)
}

// ---- the journal

#[tauri::command]
#[specta::specta]
pub async fn ledger_entries(state: State<'_, AppState>, filter: EntryFilter) -> Result<EntryPage> {
    state.user()?;
    ledger::list_entries(state.store()?.conn(), &filter)
}

/// The documents attached to an entry (vouchers, invoices, bank slips).
#[tauri::command]
#[specta::specta]
pub async fn entry_attachments(
    state: State<'_, AppState>,
    entry_id: String,
) -> Result<Vec<EntryAttachment>> {
    state.user()?;
    ledger::entry_attachments(state.store()?.conn(), &entry_id)
}

/// Attaches a file chosen in the system's open dialog to an entry.
#[tauri::command]
#[specta::specta]
pub async fn entry_attachment_add(
    state: State<'_, AppState>,
    entry_id: String,
    path: String,
) -> Result<EntryAttachment> {
    ledger::add_entry_attachment(&mut *state.store()?, &state.user()?, &entry_id, &path)
}

#[tauri::command]
#[specta::specta]
pub async fn ledger_trial_balance(
    state: State<'_, AppState>,
    year: u16,
) -> Result<Vec<AccountBalance>> {
    let user = state.user()?;
    ledger::trial_balance(state.store()?.conn(), year, user.language)
}

#[tauri::command]
#[specta::specta]
pub async fn fiscal_years(state: State<'_, AppState>) -> Result<Vec<FiscalYear>> {
    state.user()?;
    ledger::list_fiscal_years(state.store()?.conn())
}

#[tauri::command]
#[specta::specta]
pub async fn fiscal_year_close(state: State<'_, AppState>, year: u16) -> Result<FiscalYear> {
    ledger::close_fiscal_year(&mut *state.store()?, &state.user()?, year)
}

#[tauri::command]
#[specta::specta]
pub async fn ledger_import_preview(
    state: State<'_, AppState>,
    csv: String,
) -> Result<LedgerImportPreview> {
    state.user()?;
    ledger::preview_ledger_import(state.store()?.conn(), csv.as_bytes())
}

#[tauri::command]
#[specta::specta]
pub async fn ledger_import(state: State<'_, AppState>, csv: String) -> Result<LedgerImportReport> {
    ledger::import_ledger(&mut *state.store()?, &state.user()?, csv.as_bytes())
}

#[tauri::command]
#[specta::specta]
pub async fn bank_statement_preview(
    state: State<'_, AppState>,
    csv: String,
    bank_account: String,
    counterpart_account: String,
) -> Result<LedgerImportPreview> {
    state.user()?;
    ledger::preview_bank_statement(
        state.store()?.conn(),
        csv.as_bytes(),
        &bank_account,
        &counterpart_account,
    )
}

#[tauri::command]
#[specta::specta]
pub async fn bank_statement_import(
    state: State<'_, AppState>,
    csv: String,
    bank_account: String,
    counterpart_account: String,
) -> Result<LedgerImportReport> {
    ledger::import_bank_statement(
        &mut *state.store()?,
        &state.user()?,
        csv.as_bytes(),
        &bank_account,
        &counterpart_account,
    )
}

// ---- statements, printed and exported reports

#[tauri::command]
#[specta::specta]
pub async fn statements_get(state: State<'_, AppState>, year: u16) -> Result<Statements> {
    let user = state.user()?;
    statements::statements(state.store()?.conn(), year, user.language)
}

/// Which finance report to print or export.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum FinanceReport {
    /// The statements for the General Assembly, with the budget comparison and the notes.
    Statements { year: u16 },
    /// A year's budget against actual, with execution by unit.
    Budget { year: u16 },
    /// A stored projection, its scenarios side by side.
    Projection { id: String },
}

impl FinanceReport {
    fn build(
        &self,
        conn: &rusqlite::Connection,
        language: Language,
    ) -> Result<despacho_documents::FinancialReport> {
        let today = despacho_core::store::today().to_string();
        match self {
            FinanceReport::Statements { year } => {
                docs::statements_report(conn, *year, language, &today)
            }
            FinanceReport::Budget { year } => docs::budget_report(conn, *year, language, &today),
            FinanceReport::Projection { id } => docs::projection_report(conn, id, language, &today),
        }
    }

    fn file_stem(&self) -> String {
        match self {
            FinanceReport::Statements { year } => format!("estados-financieros-{year}"),
            FinanceReport::Budget { year } => format!("presupuesto-{year}"),
            FinanceReport::Projection { id } => {
                format!("proyeccion-{}", id.get(..8).unwrap_or(id))
            }
        }
    }
}

/// Prints a finance report to PDF (kept under `prints/`, previewed, then saved, opened or
/// printed through the same commands as a session's documents).
#[tauri::command]
#[specta::specta]
pub async fn finance_print(
    app: AppHandle,
    report: FinanceReport,
    language: Language,
) -> Result<PrintedDocument> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.user()?;
        let store = state.store()?;
        let doc = report.build(store.conn(), language)?;
        let pdf = docs::pdf(&doc)?;
        keep_pdf(
            store.conn(),
            &format!("{}-{}.pdf", report.file_stem(), language.as_str()),
            &pdf,
        )
    })
    .await
    .map_err(|e| AppError::new(ErrorCode::Internal, format!("rendering stopped: {e}")))?
}

/// The file format of an export.
#[derive(Debug, Clone, Copy, Deserialize, Type, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// One worksheet per table.
    Xlsx,
    /// The first table (the main statement or comparison), machine-readable.
    Csv,
}

/// Exports a finance report to the user's Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn finance_export(
    state: State<'_, AppState>,
    report: FinanceReport,
    language: Language,
    format: ExportFormat,
) -> Result<ExportResult> {
    state.user()?;
    let doc = report.build(state.store()?.conn(), language)?;
    let rows = doc.tables().map(|t| t.rows.len() as u32).sum();
    let (bytes, ext) = match format {
        ExportFormat::Xlsx => (docs::xlsx(&doc)?, "xlsx"),
        ExportFormat::Csv => {
            let first = doc.tables().next().ok_or_else(|| {
                AppError::new(ErrorCode::InvalidValue, "the report has no table to export")
            })?;
            (
                despacho_documents::financial_report_csv(first).into_bytes(),
                "csv",
            )
        }
    };
    let path = write_download(
        &format!("{}-{}.{ext}", report.file_stem(), language.as_str()),
        &bytes,
    )?;
    Ok(ExportResult { path, rows })
}
