//! Commands of the administration: the audit viewer and its chain check, user accounts
//! (reset a password, deactivate, change one's own password), the idle lock, and backups.
//! Each is a few lines over one `despacho-core` operation.

use chrono::Utc;
use despacho_core::audit::{self, AuditFilter, AuditPage, ChainReport};
use despacho_core::backup::{self, BackupFile, BackupReport, BackupSettings};
use despacho_core::users::{self, Account, Permission};
use despacho_core::{store, AppError, ErrorCode};
use tauri::State;

use crate::{write_download, AppState, ExportResult, Result};

// ---- the audit viewer (Auditor and Secretary-General)

#[tauri::command]
#[specta::specta]
pub async fn audit_search(state: State<'_, AppState>, filter: AuditFilter) -> Result<AuditPage> {
    let user = state.user()?;
    audit::search(state.store()?.conn(), &user, &filter)
}

/// Every row matching the filter as CSV in the Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn audit_export(state: State<'_, AppState>, filter: AuditFilter) -> Result<ExportResult> {
    let user = state.user()?;
    let csv = audit::export_csv(state.store()?.conn(), &user, &filter)?;
    let path = write_download(
        &format!("despacho-auditoria-{}.csv", store::today()),
        csv.as_bytes(),
    )?;
    Ok(ExportResult {
        path,
        rows: csv.lines().count().saturating_sub(1) as u32,
    })
}

/// Verifies the tamper-evident chain of the audit log.
#[tauri::command]
#[specta::specta]
pub async fn audit_chain_check(state: State<'_, AppState>) -> Result<ChainReport> {
    state.user()?.require(Permission::ViewAudit)?;
    audit::verify_chain(state.store()?.conn())
}

// ---- accounts

#[tauri::command]
#[specta::specta]
pub async fn accounts_list(state: State<'_, AppState>) -> Result<Vec<Account>> {
    let user = state.user()?;
    users::accounts(state.store()?.conn(), &user)
}

#[tauri::command]
#[specta::specta]
pub async fn account_reset_password(
    state: State<'_, AppState>,
    user_id: String,
    password: String,
) -> Result<Account> {
    users::reset_password(&mut *state.store()?, &state.user()?, &user_id, &password)
}

#[tauri::command]
#[specta::specta]
pub async fn account_set_active(
    state: State<'_, AppState>,
    user_id: String,
    active: bool,
) -> Result<Account> {
    users::set_active(&mut *state.store()?, &state.user()?, &user_id, active)
}

/// The signed-in user changes their own password (also after an administrator's reset).
#[tauri::command]
#[specta::specta]
pub async fn password_change(
    state: State<'_, AppState>,
    current: String,
    new_password: String,
) -> Result<Account> {
    users::change_password(
        &mut *state.store()?,
        &state.user()?,
        &current,
        &new_password,
    )
}

/// Seconds to wait before this user name may try to sign in again (0: now).
#[tauri::command]
#[specta::specta]
pub async fn sign_in_wait(state: State<'_, AppState>, username: String) -> Result<u32> {
    users::sign_in_wait_seconds(state.store()?.conn(), &username, Utc::now())
}

/// Minutes without activity before the app locks (asks for the password again).
#[tauri::command]
#[specta::specta]
pub async fn idle_lock_get(state: State<'_, AppState>) -> Result<u32> {
    users::idle_lock_minutes(state.store()?.conn())
}

#[tauri::command]
#[specta::specta]
pub async fn idle_lock_set(state: State<'_, AppState>, minutes: u32) -> Result<u32> {
    users::set_idle_lock_minutes(&mut *state.store()?, &state.user()?, minutes)
}

// ---- backups

#[tauri::command]
#[specta::specta]
pub async fn backup_settings_get(state: State<'_, AppState>) -> Result<Option<BackupSettings>> {
    state.user()?.require(Permission::ManageSettings)?;
    backup::settings(state.store()?.conn())
}

#[tauri::command]
#[specta::specta]
pub async fn backup_settings_set(
    state: State<'_, AppState>,
    settings: BackupSettings,
) -> Result<BackupSettings> {
    backup::set_settings(&mut *state.store()?, &state.user()?, &settings)
}

/// Backs up the store now into the configured folder (verified after writing).
#[tauri::command]
#[specta::specta]
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupReport> {
    let user = state.user()?;
    user.require(Permission::ManageSettings)?;
    let store = state.store()?;
    let settings = backup::settings(store.conn())?.ok_or_else(|| {
        AppError::field(
            ErrorCode::Required,
            "folder",
            "choose the backup folder first",
        )
    })?;
    let dest = std::path::Path::new(&settings.folder).join(backup::scheduled_name(Utc::now()));
    backup::backup_to(&store, &dest)
}

#[tauri::command]
#[specta::specta]
pub async fn backups_list(state: State<'_, AppState>) -> Result<Vec<BackupFile>> {
    state.user()?.require(Permission::ManageSettings)?;
    match backup::settings(state.store()?.conn())? {
        Some(s) => backup::list_backups(std::path::Path::new(&s.folder)),
        None => Ok(Vec::new()),
    }
}

/// Runs the scheduled backup when it is due (at start and every hour, from the app itself).
pub fn run_scheduled_backup(state: &AppState) {
    // Nothing to back up while the store is locked.
    let Ok(mut store) = state.store() else {
        return;
    };
    if let Err(e) = backup::run_scheduled(&mut store, None, Utc::now()) {
        eprintln!("despacho: scheduled backup failed: {}", e.message);
    }
}
