//! The Tauri shell: window setup and thin commands. Each command takes the state, calls one
//! operation of `despacho-core`, and returns its result or its `AppError`. No SQL and no
//! business rules here.

use std::sync::Mutex;

mod admin;
mod compliance;
mod cooperation;
mod crypt;
mod elections;
mod finance;
mod notify;
mod perf;
mod print;
mod regulations;
mod rendering;
mod sessions;
mod sync;

use despacho_core::demo::{self, DemoReport};
use despacho_core::desk::{self, Desk};
use despacho_core::letterhead::{self, Letterhead, LetterheadInput};
use despacho_core::members::{
    self, Contact, ContactInput, ImportPreview, ImportReport, Member, MemberDetail, MemberFilter,
    MemberInput,
};
use despacho_core::users::{self, Language, NewUser, User};
use despacho_core::{store, AppError, ErrorCode, Store};
use serde::Serialize;
use specta::Type;
use tauri::State;
use tauri_specta::{collect_commands, Builder, ErrorHandlingMode};

pub(crate) type Result<T> = std::result::Result<T, AppError>;

/// The open store and who is signed in.
pub struct AppState {
    /// `None` until the store's key is known (ADR 0008): every command that touches the store
    /// is refused with `locked` until then.
    store: Mutex<Option<Store>>,
    /// Where the store is (opened or not).
    path: std::path::PathBuf,
    user: Mutex<Option<User>>,
    /// The keyring failed at the last attempt (to read or keep the key): the UI says so.
    keyring_problem: Mutex<bool>,
    /// One app per store: held while the app runs.
    _instance: Option<store::InstanceLock>,
}

/// The open store, held for one command.
pub(crate) struct StoreGuard<'a>(std::sync::MutexGuard<'a, Option<Store>>);

impl std::ops::Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.0.as_ref().expect("checked when the guard was made")
    }
}

impl std::ops::DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.0.as_mut().expect("checked when the guard was made")
    }
}

impl store::Scope for StoreGuard<'_> {
    fn transaction<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        Store::transaction(self, f)
    }
    fn conn(&self) -> &rusqlite::Connection {
        Store::conn(self)
    }
}

impl AppState {
    /// A state over `store` (at `path`) with `user` signed in, for tests that mount the
    /// commands on Tauri's mock runtime. The app builds its state in `run()`.
    #[doc(hidden)]
    pub fn for_tests(path: std::path::PathBuf, store: Option<Store>, user: Option<User>) -> Self {
        AppState {
            store: Mutex::new(store),
            path,
            user: Mutex::new(user),
            keyring_problem: Mutex::new(false),
            _instance: None,
        }
    }

    /// Puts `store` and `user` in place and returns the store that was there (tests).
    #[doc(hidden)]
    pub fn replace_for_tests(&self, store: Option<Store>, user: Option<User>) -> Option<Store> {
        self.set_user(user);
        std::mem::replace(&mut *self.raw_store(), store)
    }

    /// The store, or `locked` while its key is not known.
    fn store(&self) -> Result<StoreGuard<'_>> {
        let guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            return Err(AppError::new(
                ErrorCode::Locked,
                "the store is locked: unlock it with its passphrase first",
            ));
        }
        Ok(StoreGuard(guard))
    }
    fn raw_store(&self) -> std::sync::MutexGuard<'_, Option<Store>> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }
    fn user(&self) -> Result<User> {
        self.user
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| AppError::new(ErrorCode::NotSignedIn, "sign in first"))
    }
    fn set_user(&self, user: Option<User>) {
        *self.user.lock().unwrap_or_else(|p| p.into_inner()) = user;
    }
}

/// What the UI needs to know at start.
#[derive(Serialize, Type)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    /// `new` (first start: setup asks for a passphrase), `plaintext` (an unencrypted store to
    /// protect), `locked` (ask the passphrase) or `open`.
    pub store: crypt::StoreState,
    pub needs_setup: bool,
    pub user: Option<User>,
    /// The keyring could not give or keep the key: the passphrase is asked at each start.
    pub keyring_problem: bool,
    /// `DESPACHO_EXIT_AFTER_FIRST_PAINT=1`: call `first_paint` once the first screen is painted.
    pub measure_first_paint: bool,
}

pub(crate) fn info(state: &AppState) -> Result<AppInfo> {
    let guard = state.raw_store();
    let (store_state, needs_setup) = match guard.as_ref() {
        Some(store) => (crypt::StoreState::Open, users::needs_setup(store.conn())?),
        None => {
            let s = crypt::closed_state(&state.path)?;
            (s, s == crypt::StoreState::New)
        }
    };
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: state.path.display().to_string(),
        store: store_state,
        needs_setup,
        user: state.user.lock().unwrap_or_else(|p| p.into_inner()).clone(),
        keyring_problem: *state
            .keyring_problem
            .lock()
            .unwrap_or_else(|p| p.into_inner()),
        measure_first_paint: perf::measuring(),
    })
}

#[tauri::command]
#[specta::specta]
async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    perf::mark("app-info");
    info(&state)
}

/// What the first start created.
#[derive(Serialize, Type)]
pub struct SetupResult {
    pub user: User,
    /// The new store's recovery key, to be shown once (absent when the store already existed).
    pub recovery_key: Option<String>,
}

/// Creates the first administrator and signs them in; optionally loads demo data. On a first
/// start (no store yet) the store is created first, encrypted under `passphrase` (ADR 0008),
/// its key kept in the keyring when `remember`; if the administrator cannot be created, the
/// new store is removed again.
#[tauri::command]
#[specta::specta]
async fn setup_first_admin(
    state: State<'_, AppState>,
    input: NewUser,
    load_demo: bool,
    passphrase: String,
    remember: bool,
) -> Result<SetupResult> {
    let mut guard = state.raw_store();
    let mut recovery_key = None;
    let created = guard.is_none();
    if created {
        if crypt::closed_state(&state.path)? != crypt::StoreState::New {
            return Err(AppError::new(
                ErrorCode::Locked,
                "the store is locked: unlock it with its passphrase first",
            ));
        }
        // Both checked before anything is written.
        users::check_password(&input.username, &input.password)?;
        despacho_core::crypt::check_passphrase(&passphrase)?;
        let (store, recovery) = despacho_core::crypt::create_store(&state.path, &passphrase)?;
        *guard = Some(store);
        recovery_key = Some(recovery);
    }
    let store = guard.as_mut().expect("opened above");
    let user = match users::create_first_admin(store, input) {
        Ok(u) => u,
        Err(e) => {
            if created {
                *guard = None;
                despacho_core::crypt::remove_new_store(&state.path);
            }
            return Err(e);
        }
    };
    if load_demo {
        demo::load(store, &user)?;
    }
    if created && remember {
        crypt::remember(&state, store);
    }
    state.set_user(Some(user.clone()));
    Ok(SetupResult { user, recovery_key })
}

#[tauri::command]
#[specta::specta]
async fn sign_in(state: State<'_, AppState>, username: String, password: String) -> Result<User> {
    let user = users::sign_in(&mut *state.store()?, &username, &password)?;
    state.set_user(Some(user.clone()));
    Ok(user)
}

#[tauri::command]
#[specta::specta]
async fn sign_out(state: State<'_, AppState>) -> Result<()> {
    state.set_user(None);
    Ok(())
}

#[tauri::command]
#[specta::specta]
async fn set_language(state: State<'_, AppState>, language: Language) -> Result<User> {
    let user = users::set_language(&mut *state.store()?, &state.user()?, language)?;
    state.set_user(Some(user.clone()));
    Ok(user)
}

#[tauri::command]
#[specta::specta]
async fn users_list(state: State<'_, AppState>) -> Result<Vec<User>> {
    let user = state.user()?;
    user.require(users::Permission::ManageUsers)?;
    users::list_users(state.store()?.conn())
}

#[tauri::command]
#[specta::specta]
async fn users_add(state: State<'_, AppState>, input: NewUser) -> Result<User> {
    users::add_user(&mut *state.store()?, &state.user()?, input)
}

/// Reads the desk's pages into the store's cache while the sign-in screen waits for the
/// password (the UI asks once the screen is painted), so that the first desk after a start does
/// not read them cold (issue 9). Needs the store open, nobody signed in (when someone is, the
/// desk has been read already); returns nothing and writes nothing.
#[tauri::command]
#[specta::specta]
async fn store_warm(state: State<'_, AppState>) -> Result<()> {
    if state.user().is_ok() {
        return Ok(());
    }
    desk::warm(state.store()?.conn())
}

#[tauri::command]
#[specta::specta]
async fn desk_summary(state: State<'_, AppState>) -> Result<Desk> {
    let user = state.user()?;
    desk::desk(state.store()?.conn(), user.language)
}

#[tauri::command]
#[specta::specta]
async fn demo_load(state: State<'_, AppState>) -> Result<DemoReport> {
    demo::load(&mut *state.store()?, &state.user()?)
}

#[tauri::command]
#[specta::specta]
async fn members_list(state: State<'_, AppState>, filter: MemberFilter) -> Result<Vec<Member>> {
    state.user()?;
    members::list_members(state.store()?.conn(), &filter)
}

#[tauri::command]
#[specta::specta]
async fn member_get(state: State<'_, AppState>, id: String) -> Result<MemberDetail> {
    state.user()?;
    members::get_member(state.store()?.conn(), &id)
}

#[tauri::command]
#[specta::specta]
async fn member_create(state: State<'_, AppState>, input: MemberInput) -> Result<Member> {
    members::create_member(&mut *state.store()?, &state.user()?, &input)
}

#[tauri::command]
#[specta::specta]
async fn member_update(
    state: State<'_, AppState>,
    id: String,
    input: MemberInput,
) -> Result<Member> {
    members::update_member(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
async fn member_set_archived(
    state: State<'_, AppState>,
    id: String,
    archived: bool,
) -> Result<Member> {
    members::set_archived(&mut *state.store()?, &state.user()?, &id, archived)
}

#[tauri::command]
#[specta::specta]
async fn contact_add(
    state: State<'_, AppState>,
    member_id: String,
    input: ContactInput,
) -> Result<Contact> {
    members::add_contact(&mut *state.store()?, &state.user()?, &member_id, &input)
}

#[tauri::command]
#[specta::specta]
async fn contact_update(
    state: State<'_, AppState>,
    id: String,
    input: ContactInput,
) -> Result<Contact> {
    members::update_contact(&mut *state.store()?, &state.user()?, &id, &input)
}

#[tauri::command]
#[specta::specta]
async fn contact_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    members::delete_contact(&mut *state.store()?, &state.user()?, &id)
}

/// Checks a CSV file's text and shows what an import would do; writes nothing.
#[tauri::command]
#[specta::specta]
async fn members_import_preview(state: State<'_, AppState>, csv: String) -> Result<ImportPreview> {
    state.user()?;
    members::preview_import(state.store()?.conn(), csv.as_bytes())
}

#[tauri::command]
#[specta::specta]
async fn members_import(state: State<'_, AppState>, csv: String) -> Result<ImportReport> {
    members::import_members(&mut *state.store()?, &state.user()?, csv.as_bytes())
}

/// Where an export was written.
#[derive(Serialize, Type)]
pub struct ExportResult {
    pub path: String,
    pub rows: u32,
}

/// Writes every member institution as CSV to the user's Downloads folder.
#[tauri::command]
#[specta::specta]
async fn members_export(state: State<'_, AppState>) -> Result<ExportResult> {
    state.user()?;
    let csv = members::export_csv(state.store()?.conn())?;
    let path = write_download(
        &format!("despacho-miembros-{}.csv", store::today()),
        csv.as_bytes(),
    )?;
    Ok(ExportResult {
        path,
        rows: csv.lines().count().saturating_sub(1) as u32,
    })
}

/// Writes `bytes` as `name` in the user's Downloads folder; returns the path written.
pub(crate) fn write_download(name: &str, bytes: &[u8]) -> Result<String> {
    let dir = store::downloads_dir();
    let path = dir.join(name);
    std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::write(&path, bytes))
        .map_err(|e| {
            AppError::new(
                ErrorCode::Storage,
                format!("cannot write {}: {e}", path.display()),
            )
        })?;
    Ok(path.display().to_string())
}

#[tauri::command]
#[specta::specta]
async fn letterhead_get(state: State<'_, AppState>) -> Result<Letterhead> {
    state.user()?;
    letterhead::letterhead(state.store()?.conn())
}

/// Sets the letterhead of printed documents (administrators); the logo is a PNG file path
/// chosen in the system's file dialog.
#[tauri::command]
#[specta::specta]
async fn letterhead_set(state: State<'_, AppState>, input: LetterheadInput) -> Result<Letterhead> {
    letterhead::set_letterhead(&mut *state.store()?, &state.user()?, &input)
}

/// The commands and types that cross IPC; `tests/bindings.rs` exports them to TypeScript.
///
/// Generic over the runtime so that tests can mount the same commands on Tauri's mock
/// runtime (`tests/hostile_commands.rs`); the app uses `tauri::Wry`. Commands that take the
/// `AppHandle` are generic too: `::<tauri::Wry>` below only names the instance whose types
/// specta reads (the same for every runtime); Tauri's handler drops it and uses `R`.
pub fn specta_builder<R: tauri::Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .error_handling(ErrorHandlingMode::Throw)
        .disable_serde_phases()
        .typ::<AppError>()
        .commands(collect_commands![
            app_info,
            setup_first_admin,
            sign_in,
            sign_out,
            set_language,
            users_list,
            users_add,
            desk_summary,
            store_warm,
            demo_load,
            members_list,
            member_get,
            member_create,
            member_update,
            member_set_archived,
            contact_add,
            contact_update,
            contact_delete,
            members_import_preview,
            members_import,
            members_export,
            letterhead_get,
            letterhead_set,
            crypt::store_unlock,
            crypt::store_unlock_recovery,
            crypt::store_protect,
            crypt::store_key_status,
            crypt::store_passphrase_change,
            crypt::store_recovery_issue,
            crypt::store_remember_set,
            admin::audit_search,
            admin::audit_export,
            admin::audit_chain_check,
            admin::accounts_list,
            admin::account_reset_password,
            admin::account_set_active,
            admin::password_change,
            admin::sign_in_wait,
            admin::idle_lock_get,
            admin::idle_lock_set,
            admin::backup_settings_get,
            admin::backup_settings_set,
            admin::backup_now,
            admin::backups_list,
            print::print_mission::<tauri::Wry>,
            print::print_eligibility::<tauri::Wry>,
            finance::finance_units,
            finance::finance_accounts,
            finance::rates_list,
            finance::rate_set,
            finance::entry_post,
            finance::entry_get,
            finance::dues_status,
            finance::dues_member_status,
            finance::dues_scales,
            finance::dues_scale_set,
            finance::dues_scale_delete,
            finance::dues_invoice_year,
            finance::dues_invoices,
            finance::dues_payments,
            finance::dues_record_payment,
            finance::dues_plans,
            finance::dues_plan_create,
            finance::dues_plan_end,
            finance::arrears_rule_get,
            finance::arrears_rule_set,
            finance::budget_structure,
            finance::budget_line_create,
            finance::budget_line_rename,
            finance::budget_line_archive,
            finance::budget_get,
            finance::budget_set_original,
            finance::budget_approve,
            finance::budget_revisions,
            finance::budget_propose_revision,
            finance::budget_decide_revision,
            finance::budget_vs_actual,
            finance::budget_set_explanation,
            finance::projections_list,
            finance::projection_get,
            finance::projection_create,
            finance::projection_delete,
            finance::projection_update_scenario,
            finance::projection_add_one_off,
            finance::projection_remove_one_off,
            finance::projection_run,
            finance::ledger_entries,
            finance::entry_attachments,
            finance::entry_attachment_add,
            finance::ledger_trial_balance,
            finance::fiscal_years,
            finance::fiscal_year_close,
            finance::ledger_import_preview,
            finance::ledger_import,
            finance::bank_statement_preview,
            finance::bank_statement_import,
            finance::statements_get,
            finance::finance_print::<tauri::Wry>,
            finance::finance_export,
            elections::elections_list,
            elections::election_get,
            elections::election_create,
            elections::election_update,
            elections::election_close,
            elections::election_position_add,
            elections::election_position_update,
            elections::election_position_remove,
            elections::election_requirement_add,
            elections::election_requirement_update,
            elections::election_requirement_remove,
            elections::postulation_create,
            elections::postulation_update,
            elections::postulation_set_withdrawn,
            elections::postulation_delete,
            elections::postulation_document_attach,
            elections::postulation_document_remove,
            elections::election_matrix,
            elections::eligibility_set_verdict,
            elections::eligibility_clear_verdict,
            elections::eligibility_report,
            elections::eligibility_sign,
            elections::election_start_amendment,
            compliance::instruments_list,
            compliance::instrument_get,
            compliance::instrument_create,
            compliance::instrument_update,
            compliance::instrument_archive,
            compliance::article_add,
            compliance::article_update,
            compliance::article_archive,
            compliance::obligations_list,
            compliance::obligation_get,
            compliance::obligation_create,
            compliance::obligation_update,
            compliance::obligation_archive,
            compliance::occurrences_list,
            compliance::occurrences_due_soon,
            compliance::occurrences_overdue,
            compliance::occurrences_by_unit,
            compliance::occurrences_by_instrument,
            compliance::occurrence_get,
            compliance::occurrence_set_status,
            compliance::occurrence_add_evidence,
            compliance::occurrence_remove_evidence,
            compliance::occurrence_sign_off,
            compliance::compliance_attention,
            notify::desktop_notify,
            compliance::compliance_report,
            compliance::print_compliance::<tauri::Wry>,
            cooperation::agreements_list,
            cooperation::agreement_get,
            cooperation::agreement_create,
            cooperation::agreement_update,
            cooperation::agreement_set_status,
            cooperation::requests_list,
            cooperation::request_get,
            cooperation::request_timeline,
            cooperation::request_create,
            cooperation::request_update,
            cooperation::request_set_status,
            cooperation::request_add_expert,
            cooperation::request_remove_expert,
            cooperation::request_add_deliverable,
            cooperation::request_deliver,
            cooperation::missions_list,
            cooperation::mission_get,
            cooperation::mission_timeline,
            cooperation::mission_create,
            cooperation::mission_update,
            cooperation::mission_set_status,
            cooperation::mission_write_report,
            cooperation::mission_record_actual_cost,
            cooperation::mission_post_actual_cost,
            cooperation::cooperation_document_attach,
            cooperation::cooperation_document_remove,
            cooperation::publications_list,
            cooperation::publication_get,
            cooperation::publication_create,
            cooperation::publication_update,
            cooperation::publication_set_status,
            cooperation::publication_record_dissemination,
            cooperation::lists_list,
            cooperation::list_resolve,
            cooperation::list_create,
            cooperation::list_update,
            cooperation::list_delete,
            cooperation::list_export,
            cooperation::cooperation_workflows,
            cooperation::search,
            regulations::regulations_list,
            regulations::regulation_get,
            regulations::regulation_create,
            regulations::regulation_update,
            regulations::regulation_article_add,
            regulations::regulation_article_update,
            regulations::regulation_article_move,
            regulations::regulation_article_remove,
            regulations::regulation_save_version,
            regulations::regulation_versions,
            regulations::regulation_compare,
            regulations::regulation_comment_add,
            regulations::regulation_comment_resolve,
            regulations::regulation_eligible_sessions,
            regulations::regulation_submit::<tauri::Wry>,
            regulations::regulation_record_decision,
            regulations::regulation_for_agenda_item,
            regulations::print_regulation::<tauri::Wry>,
            regulations::print_regulation_redline::<tauri::Wry>,
            sessions::bodies_list,
            sessions::body_create,
            sessions::body_update_rules,
            sessions::body_template,
            sessions::body_set_template,
            sessions::seats_list,
            sessions::seats_terms_ending,
            sessions::seat_add,
            sessions::seat_update,
            sessions::seat_remove,
            sessions::sessions_list,
            sessions::session_get,
            sessions::session_suggest,
            sessions::session_create,
            sessions::session_update,
            sessions::session_set_status,
            sessions::session_delete,
            sessions::attendance_get,
            sessions::attendance_set,
            sessions::agenda_get,
            sessions::agenda_changes,
            sessions::agenda_add_item,
            sessions::agenda_update_item,
            sessions::agenda_delete_item,
            sessions::agenda_move_item,
            sessions::agenda_step_item,
            sessions::agenda_approve,
            sessions::agenda_from_template,
            sessions::agenda_copy_from,
            sessions::agenda_import_preview,
            sessions::agenda_import,
            sessions::attachment_add,
            sessions::attachment_remove,
            sessions::minutes_get,
            sessions::minutes_set_entry,
            sessions::minutes_approve,
            sessions::resolutions_list,
            sessions::resolution_adopt,
            sessions::action_items_open,
            sessions::action_item_add,
            sessions::action_item_update,
            sessions::action_item_set_status,
            sessions::calendar_export,
            print::print_agenda::<tauri::Wry>,
            print::print_minutes::<tauri::Wry>,
            print::print_dossier::<tauri::Wry>,
            print::document_save,
            print::document_open::<tauri::Wry>,
            print::document_print,
            sync::sync_status,
            sync::sync_site_key,
            sync::sync_site_rename,
            sync::sync_peer_add,
            sync::sync_folder_set,
            sync::sync_now::<tauri::Wry>,
            sync::sync_prepare_travel::<tauri::Wry>,
            sync::sync_on_start::<tauri::Wry>,
            sync::sync_resend::<tauri::Wry>,
            sync::sync_conflicts,
            sync::sync_conflict_resolve,
            perf::first_paint::<tauri::Wry>,
        ])
}

/// The path of the generated bindings, relative to the repository root.
pub const BINDINGS_PATH: &str = "ui/src/lib/ipc/bindings.ts";

pub fn run() {
    // Freed buffers go back to the system instead of staying in the heap (12–17 MiB on the desk
    // of the ten-year store; crates/despacho-malloc).
    despacho_malloc::bound_retention();
    // Without a GPU, WebKit's accelerated compositing runs on emulated OpenGL: turned off before
    // GTK starts (rendering.rs, ADR 0009). Still one thread here, as setting a variable needs.
    let rendering = rendering::apply();
    perf::mark("main");
    perf::mark(&format!("rendering-{}", rendering.name()));
    if rendering == rendering::Rendering::SoftwareNoCompositing {
        eprintln!(
            "despacho: no GPU render node (or Mesa told to draw on the processor): \
             WebKit's accelerated compositing is off ({}=0 keeps it on)",
            rendering::DISABLE_COMPOSITING
        );
    }
    let path = store::default_path();
    // One app per store: a second Despacho on the same store says so and leaves.
    // A Despacho that is closing may hold the lock for a moment: wait up to five seconds.
    let mut lock = store::InstanceLock::acquire(&path);
    for _ in 0..50 {
        match &lock {
            Err(e) if e.code == ErrorCode::Unavailable => {
                std::thread::sleep(std::time::Duration::from_millis(100));
                lock = store::InstanceLock::acquire(&path);
            }
            _ => break,
        }
    }
    // The store is opened only once its key is known (ADR 0008): silently when the keyring
    // holds it (and the key file says so), else after the unlock screen.
    let mut keyring_problem = false;
    let (store, instance, already_open) = match lock {
        Ok(lock) => match crypt::open_at_start(&path) {
            Ok((store, problem)) => {
                keyring_problem = problem;
                (store, Some(lock), None)
            }
            Err(e) => {
                eprintln!(
                    "despacho: cannot open the store {}: {}",
                    path.display(),
                    e.message
                );
                std::process::exit(1);
            }
        },
        Err(e) if e.code == ErrorCode::Unavailable => {
            eprintln!("despacho: {}", e.message);
            // Never opened: the window is hidden and the app leaves when the notice closes.
            (None, None, Some(path.display().to_string()))
        }
        Err(e) => {
            eprintln!("despacho: {}", e.message);
            std::process::exit(1);
        }
    };
    perf::mark("store-inspected");
    let builder = specta_builder::<tauri::Wry>();
    perf::mark("commands-collected");
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(AppState {
            store: Mutex::new(store),
            path: path.clone(),
            user: Mutex::new(None),
            keyring_problem: Mutex::new(keyring_problem),
            _instance: instance,
        })
        .on_page_load(|_, payload| {
            perf::mark(match payload.event() {
                tauri::webview::PageLoadEvent::Started => "page-load-started",
                tauri::webview::PageLoadEvent::Finished => "page-load-finished",
            })
        })
        .setup(move |app| {
            perf::mark("setup");
            if already_open.is_none() {
                // Scheduled backups: at start, then every hour, when the policy says one is due.
                let handle = app.handle().clone();
                std::thread::spawn(move || loop {
                    use tauri::Manager;
                    admin::run_scheduled_backup(&handle.state::<AppState>());
                    std::thread::sleep(std::time::Duration::from_secs(3600));
                });
            }
            if let Some(db) = already_open.clone() {
                use tauri::Manager;
                use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
                if let Some(window) = app.get_webview_window("main") {
                    let _ = window.hide();
                }
                let handle = app.handle().clone();
                app.dialog()
                    .message(format!(
                        "Despacho ya está abierto con estos datos ({db}). Use esa ventana.\n\n\
                         Despacho is already open with this store. Use that window."
                    ))
                    .title("Despacho")
                    .kind(MessageDialogKind::Warning)
                    .show(move |_| handle.exit(0));
            }
            Ok(())
        })
        .invoke_handler(builder.invoke_handler())
        .run(tauri::generate_context!())
        .expect("error while running Despacho");
}
