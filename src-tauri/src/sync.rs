//! Commands of travel mode and sync (ADR 0007): this site and its peers, the sync folder,
//! "sync now" and "prepare for travel" with their progress, the import at start, and the
//! conflict inbox. Each is a few lines over one `despacho-core` operation; the long ones run
//! on a blocking thread so the window never waits.

use std::sync::atomic::{AtomicBool, Ordering};

use despacho_core::sync::bundle::{self, ExportReport, FolderItem, FolderReport};
use despacho_core::sync::{self, conflicts::Conflict, Peer, Site, Status, Take, TravelCheck};
use despacho_core::{AppError, ErrorCode};
use serde::Serialize;
use specta::Type;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::{AppState, Result};

/// One step of a sync: a bundle read or written, `done` of `total`.
#[derive(Clone, Serialize, Type)]
pub struct SyncProgress {
    pub done: u32,
    pub total: u32,
    pub item: FolderItem,
}

fn progress(channel: &Channel<SyncProgress>) -> impl FnMut(usize, usize, &FolderItem) + '_ {
    move |done, total, item| {
        let _ = channel.send(SyncProgress {
            done: u32::try_from(done).unwrap_or(u32::MAX),
            total: u32::try_from(total).unwrap_or(u32::MAX),
            item: item.clone(),
        });
    }
}

/// Runs `f` with the store and the signed-in user on a blocking thread.
async fn blocking<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&mut despacho_core::Store, &despacho_core::users::User) -> Result<T> + Send + 'static,
) -> Result<T> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let user = state.user()?;
        let mut store = state.store()?;
        f(&mut store, &user)
    })
    .await
    .map_err(|e| AppError::new(ErrorCode::Internal, format!("the sync stopped: {e}")))?
}

/// This site, its peers (last bundle each way, changes waiting), the folder, open conflicts.
#[tauri::command]
#[specta::specta]
pub async fn sync_status(state: State<'_, AppState>) -> Result<Status> {
    state.user()?;
    sync::status(state.store()?.conn())
}

/// This site's key for the peers' administrators: `<site id>:<public key hex>` (the key pair
/// is created on first use).
#[tauri::command]
#[specta::specta]
pub async fn sync_site_key(state: State<'_, AppState>) -> Result<String> {
    state.user()?;
    sync::site_key(&mut *state.store()?)
}

/// Renames this site (administrators).
#[tauri::command]
#[specta::specta]
pub async fn sync_site_rename(state: State<'_, AppState>, name: String) -> Result<Site> {
    sync::site::set_site_name(&mut *state.store()?, &state.user()?, &name)
}

/// Enrols a peer with the key its administrator gave (administrators).
#[tauri::command]
#[specta::specta]
pub async fn sync_peer_add(state: State<'_, AppState>, name: String, key: String) -> Result<Peer> {
    sync::add_peer(&mut *state.store()?, &state.user()?, &name, &key)
}

/// Sets the sync folder (administrators): an absolute path to an existing folder this user
/// may write in. Returns the folder as remembered.
#[tauri::command]
#[specta::specta]
pub async fn sync_folder_set(state: State<'_, AppState>, path: String) -> Result<String> {
    let user = state.user()?;
    user.require(despacho_core::users::Permission::ManageSettings)?;
    let dir = bundle::check_folder(&path)?;
    bundle::set_folder(&mut *state.store()?, &user, &dir.display().to_string())
}

/// Sync now: imports every bundle for this site in the folder, then writes the outgoing bundle
/// for each peer; one progress event per bundle read or written.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(app: AppHandle, on_progress: Channel<SyncProgress>) -> Result<FolderReport> {
    blocking(app, move |store, user| {
        bundle::run_folder(store, user, progress(&on_progress))
    })
    .await
}

/// Prepare for travel: sync now, then check that this store holds everything the peers put in
/// the folder and that everything made here was written for them (or what is missing).
#[tauri::command]
#[specta::specta]
pub async fn sync_prepare_travel(
    app: AppHandle,
    on_progress: Channel<SyncProgress>,
) -> Result<TravelCheck> {
    blocking(app, move |store, user| {
        sync::prepare_for_travel(store, user, progress(&on_progress))
    })
    .await
}

static STARTED: AtomicBool = AtomicBool::new(false);

/// The import at start: once per app run, after sign-in, the bundles for this site in the sync
/// folder are imported (nothing is written there). `None` when it already ran, when no folder
/// is set, or when the folder held nothing for this site.
#[tauri::command]
#[specta::specta]
pub async fn sync_on_start(app: AppHandle) -> Result<Option<FolderReport>> {
    if STARTED.swap(true, Ordering::SeqCst) {
        return Ok(None);
    }
    let r = blocking(app, |store, user| {
        bundle::import_folder(store, user, |_, _, _| {})
    })
    .await;
    if r.is_err() {
        // Not done: the next sign-in tries again.
        STARTED.store(false, Ordering::SeqCst);
    }
    Ok(r?.filter(|r| !r.items.is_empty()))
}

/// Writes again, into the sync folder, bundle #`seq` for `peer`, whose file was lost.
#[tauri::command]
#[specta::specta]
pub async fn sync_resend(app: AppHandle, peer: String, seq: u32) -> Result<ExportReport> {
    blocking(app, move |store, user| {
        bundle::resend_to_folder(store, user, &peer, seq)
    })
    .await
}

/// The conflict inbox: open conflicts first; resolved ones too when asked.
#[tauri::command]
#[specta::specta]
pub async fn sync_conflicts(
    state: State<'_, AppState>,
    include_resolved: bool,
) -> Result<Vec<Conflict>> {
    state.user()?;
    sync::list_conflicts(state.store()?.conn(), include_resolved)
}

/// Resolves a conflict keeping this site's value or the other site's (administrators).
#[tauri::command]
#[specta::specta]
pub async fn sync_conflict_resolve(
    state: State<'_, AppState>,
    id: String,
    take: Take,
) -> Result<Conflict> {
    sync::resolve(&mut *state.store()?, &state.user()?, &id, take)
}
