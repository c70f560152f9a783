//! The store's encryption (ADR 0008): opening at start (silently when the keyring holds the
//! key), the unlock screen, protecting an unencrypted store, and the administrator's key
//! settings. Each command is a few lines over `despacho_core::crypt`.

use std::path::Path;

use despacho_core::crypt::{self, DataKey, EncryptReport, KeyStatus, StoreFile};
use despacho_core::users::Permission;
use despacho_core::{AppError, ErrorCode, Store};
use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::{info, AppInfo, AppState, Result};

/// Where the store stands, for the first screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StoreState {
    New,
    Plaintext,
    Locked,
    Open,
}

/// The state of a store that is not open.
pub fn closed_state(path: &Path) -> Result<StoreState> {
    Ok(match crypt::inspect(path)? {
        StoreFile::Missing => StoreState::New,
        StoreFile::Plaintext => StoreState::Plaintext,
        StoreFile::Encrypted => StoreState::Locked,
    })
}

/// At start: the store when its key is in the keyring (only asked when the key file says it is
/// there), else `None`. The flag says the keyring failed (the UI tells the user why the
/// passphrase is asked).
pub fn open_at_start(path: &Path) -> Result<(Option<Store>, bool)> {
    if crypt::inspect(path)? != StoreFile::Encrypted {
        return Ok((None, false));
    }
    match crypt::keyring::recall(path) {
        Ok(Some(key)) => Ok((Some(Store::open_with_key(path, &key)?), false)),
        Ok(None) => Ok((None, false)),
        Err(e) => {
            eprintln!(
                "despacho: the keyring could not give the store's key ({}); asking for the passphrase",
                e.message
            );
            Ok((None, true))
        }
    }
}

/// Keeps the open store's key in the keyring; a failure is noted for the UI, never fatal.
pub fn remember(state: &AppState, store: &Store) {
    let ok = match store.key() {
        Some(key) => crypt::keyring::remember(&state.path, key)
            .inspect_err(|e| {
                eprintln!(
                    "despacho: cannot keep the key in the keyring: {}",
                    e.message
                )
            })
            .is_ok(),
        None => false,
    };
    *state
        .keyring_problem
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = !ok;
}

fn open_with(state: &AppState, key: &DataKey, remember_it: bool) -> Result<AppInfo> {
    let store = Store::open_with_key(&state.path, key)?;
    if remember_it {
        remember(state, &store);
    }
    *state.raw_store() = Some(store);
    info(state)
}

fn ensure_locked(state: &AppState) -> Result<()> {
    if state.raw_store().is_some() {
        return Err(AppError::new(
            ErrorCode::AlreadyInitialized,
            "the store is already open",
        ));
    }
    Ok(())
}

/// Unlocks the store with its passphrase (`wrong_passphrase` on the field `passphrase`);
/// with `remember`, the key is kept in the keyring for the next starts.
#[tauri::command]
#[specta::specta]
pub async fn store_unlock(
    state: State<'_, AppState>,
    passphrase: String,
    remember: bool,
) -> Result<AppInfo> {
    ensure_locked(&state)?;
    let key = crypt::unlock(&state.path, &passphrase)?;
    open_with(&state, &key, remember)
}

/// Unlocks the store with the recovery key and sets a new passphrase at once (the passphrase
/// was forgotten). Refusals: `wrong_passphrase` / `invalid_format` on `recovery_key`, the
/// passphrase rules on `passphrase`.
#[tauri::command]
#[specta::specta]
pub async fn store_unlock_recovery(
    state: State<'_, AppState>,
    recovery_key: String,
    new_passphrase: String,
    remember: bool,
) -> Result<AppInfo> {
    ensure_locked(&state)?;
    crypt::check_passphrase(&new_passphrase)?;
    let key = crypt::unlock_with_recovery(&state.path, &recovery_key)?;
    crypt::rewrap_passphrase(&state.path, &key, &new_passphrase)?;
    open_with(&state, &key, remember)
}

/// Encrypts an unencrypted store in place under a new passphrase (a verified backup first,
/// named in the report with the recovery key, shown once).
#[tauri::command]
#[specta::specta]
pub async fn store_protect(
    state: State<'_, AppState>,
    passphrase: String,
    remember: bool,
) -> Result<EncryptReport> {
    ensure_locked(&state)?;
    let path = state.path.clone();
    // The work runs off the async threads; the UI shows its progress indicator meanwhile.
    let (store, report) =
        tauri::async_runtime::spawn_blocking(move || crypt::encrypt_in_place(&path, &passphrase))
            .await
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))??;
    if remember {
        self::remember(&state, &store);
    }
    *state.raw_store() = Some(store);
    Ok(report)
}

/// The key file's status (administrators).
#[tauri::command]
#[specta::specta]
pub async fn store_key_status(state: State<'_, AppState>) -> Result<KeyStatus> {
    state.user()?.require(Permission::ManageSettings)?;
    let store = state.store()?;
    crypt::status(store.path())
}

/// Changes the passphrase (administrators; the current one is checked: `wrong_passphrase` on
/// `current`, the rules on `new_passphrase`).
#[tauri::command]
#[specta::specta]
pub async fn store_passphrase_change(
    state: State<'_, AppState>,
    current: String,
    new_passphrase: String,
) -> Result<()> {
    let user = state.user()?;
    crypt::change_passphrase(&mut *state.store()?, &user, &current, &new_passphrase)
}

/// Issues a new recovery key (administrators; the current passphrase is checked); returned
/// to be shown once.
#[tauri::command]
#[specta::specta]
pub async fn store_recovery_issue(state: State<'_, AppState>, current: String) -> Result<String> {
    let user = state.user()?;
    crypt::issue_recovery_key(&mut *state.store()?, &user, &current)
}

/// Keeps the key in the keyring, or removes it (administrators). `unavailable` when the keyring
/// cannot keep it.
#[tauri::command]
#[specta::specta]
pub async fn store_remember_set(state: State<'_, AppState>, remember: bool) -> Result<KeyStatus> {
    state.user()?.require(Permission::ManageSettings)?;
    let store = state.store()?;
    if remember {
        let key = store
            .key()
            .ok_or_else(|| AppError::new(ErrorCode::InvalidValue, "this store is not encrypted"))?;
        crypt::keyring::remember(store.path(), key)?;
    } else {
        crypt::keyring::forget(store.path())?;
    }
    crypt::status(store.path())
}
