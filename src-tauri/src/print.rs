//! Printing: render a session's document to a PDF kept in the data folder's `prints/`, hand
//! its bytes to the UI's preview, then save a copy, open it in the system's viewer, or send it
//! to the system's printer. No browser print dialog is ever opened.

use std::path::{Path, PathBuf};

use base64::Engine;
use despacho_core::agenda;
use despacho_core::attachments;
use despacho_core::users::Language;
use despacho_core::{store, AppError, ErrorCode};
use despacho_documents::session::{self, DocumentKind, PrintRequest};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;

use crate::{AppState, Result};

/// How to print an agenda or a dossier.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct PrintOptions {
    /// One language, or two for a bilingual agenda (side by side).
    pub languages: Vec<Language>,
    /// Print each item's note (the annotated agenda).
    pub annotated: bool,
}

/// A rendered document: where it is kept, its page count, and its bytes for the preview.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PrintedDocument {
    pub path: String,
    pub pages: u32,
    pub pdf_base64: String,
}

/// Renders off the async runtime's threads (Typst's first render takes a while) and keeps the file.
async fn render(
    app: AppHandle,
    session_id: String,
    request: PrintRequest,
) -> Result<PrintedDocument> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.user()?;
        let store = state.store()?;
        let pdf = session::render(
            store.conn(),
            &session_id,
            &request,
            &store::today().to_string(),
        )?;
        let langs: Vec<&str> = request.languages.iter().map(|l| l.as_str()).collect();
        let short = session_id.get(..8).unwrap_or(&session_id);
        keep_pdf(
            store.conn(),
            &format!(
                "{}-{short}-{}.pdf",
                request.kind.file_stem(),
                langs.join("+")
            ),
            &pdf,
        )
    })
    .await
    .map_err(|e| AppError::new(ErrorCode::Internal, format!("rendering stopped: {e}")))?
}

/// Keeps a rendered PDF under the data folder's `prints/` as `name` and returns it for the
/// preview (only files kept there may then be saved, opened or printed).
pub(crate) fn keep_pdf(
    conn: &rusqlite::Connection,
    name: &str,
    pdf: &[u8],
) -> Result<PrintedDocument> {
    let path = prints_dir(conn)?.join(name);
    std::fs::write(&path, pdf).map_err(|e| {
        AppError::new(
            ErrorCode::Storage,
            format!("cannot write {}: {e}", path.display()),
        )
    })?;
    Ok(PrintedDocument {
        path: path.display().to_string(),
        pages: despacho_documents::page_count(pdf).unwrap_or(0),
        pdf_base64: base64::engine::general_purpose::STANDARD.encode(pdf),
    })
}

fn prints_dir(conn: &rusqlite::Connection) -> Result<PathBuf> {
    let dir = attachments::data_dir(conn)?.join("prints");
    std::fs::create_dir_all(&dir).map_err(|e| {
        AppError::new(
            ErrorCode::Storage,
            format!("cannot create {}: {e}", dir.display()),
        )
    })?;
    Ok(dir)
}

/// Only files this app rendered (under `prints/`) may be saved, opened or printed.
fn printed_file(state: &AppState, path: &str) -> Result<PathBuf> {
    state.user()?;
    let dir = prints_dir(state.store()?.conn())?;
    let refused = || {
        AppError::new(
            ErrorCode::NotFound,
            "that document was not printed by Despacho; print it again",
        )
    };
    let file = Path::new(path).canonicalize().map_err(|_| refused())?;
    let dir = dir.canonicalize().map_err(|_| refused())?;
    if file.starts_with(&dir) && file.extension().is_some_and(|e| e == "pdf") {
        Ok(file)
    } else {
        Err(refused())
    }
}

#[tauri::command]
#[specta::specta]
pub async fn print_agenda(
    app: AppHandle,
    session_id: String,
    options: PrintOptions,
) -> Result<PrintedDocument> {
    let kind = if options.annotated {
        DocumentKind::AnnotatedAgenda
    } else {
        DocumentKind::Agenda
    };
    render(
        app,
        session_id,
        PrintRequest {
            kind,
            languages: options.languages,
        },
    )
    .await
}

/// The minutes, in the session's main working language.
#[tauri::command]
#[specta::specta]
pub async fn print_minutes(app: AppHandle, session_id: String) -> Result<PrintedDocument> {
    let main = {
        let state = app.state::<AppState>();
        state.user()?;
        let store = state.store()?;
        agenda::agenda_for_print(store.conn(), &session_id)?
            .session
            .languages
            .first()
            .copied()
            .unwrap_or(Language::Es)
    };
    render(
        app,
        session_id,
        PrintRequest {
            kind: DocumentKind::Minutes,
            languages: vec![main],
        },
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn print_dossier(
    app: AppHandle,
    session_id: String,
    options: PrintOptions,
) -> Result<PrintedDocument> {
    render(
        app,
        session_id,
        PrintRequest {
            kind: DocumentKind::Dossier,
            languages: options.languages,
        },
    )
    .await
}

/// Copies a printed document to `destination` (chosen in the system's save dialog).
#[tauri::command]
#[specta::specta]
pub async fn document_save(
    state: State<'_, AppState>,
    path: String,
    destination: String,
) -> Result<()> {
    let file = printed_file(&state, &path)?;
    let dest = PathBuf::from(&destination);
    if dest.as_os_str().is_empty() || dest.is_dir() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "destination",
            "choose a file name to save the PDF as",
        ));
    }
    std::fs::copy(&file, &dest).map(|_| ()).map_err(|e| {
        AppError::new(
            ErrorCode::Storage,
            format!("cannot save {}: {e}", dest.display()),
        )
    })
}

/// Opens a printed document in the system's PDF viewer.
#[tauri::command]
#[specta::specta]
pub async fn document_open(app: AppHandle, state: State<'_, AppState>, path: String) -> Result<()> {
    let file = printed_file(&state, &path)?;
    app.opener()
        .open_path(file.display().to_string(), None::<&str>)
        .map_err(|e| {
            AppError::new(
                ErrorCode::Unavailable,
                format!("no program could open the PDF: {e}"),
            )
        })
}

/// Sends a printed document to the system's default printer (CUPS `lp`).
#[tauri::command]
#[specta::specta]
pub async fn document_print(state: State<'_, AppState>, path: String) -> Result<()> {
    let file = printed_file(&state, &path)?;
    let status = std::process::Command::new("lp")
        .arg("--")
        .arg(&file)
        .output()
        .map_err(|e| {
            AppError::new(
                ErrorCode::Unavailable,
                format!("no printing system found (lp): {e}"),
            )
        })?;
    if status.status.success() {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::Unavailable,
            format!(
                "the printer refused the document: {}",
                String::from_utf8_lossy(&status.stderr).trim()
            ),
        ))
    }
}

/// The eligibility report of an election call as PDF: signed version `version`, or (no version)
/// the latest signed one while the call is signed, else the current draft marked DRAFT.
#[tauri::command]
#[specta::specta]
pub async fn print_eligibility(
    app: AppHandle,
    call_id: String,
    language: Language,
    version: Option<u32>,
) -> Result<PrintedDocument> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.user()?;
        let store = state.store()?;
        let pdf = despacho_documents::eligibility::render(
            store.conn(),
            &call_id,
            language,
            version,
            &store::today().to_string(),
        )?;
        let short = call_id.get(..8).unwrap_or(&call_id);
        let v = version.map(|v| format!("-v{v}")).unwrap_or_default();
        keep_pdf(
            store.conn(),
            &format!(
                "informe-de-elegibilidad-{short}{v}-{}.pdf",
                language.as_str()
            ),
            &pdf,
        )
    })
    .await
    .map_err(|e| AppError::new(ErrorCode::Internal, format!("rendering stopped: {e}")))?
}

/// A mission's order and itinerary as PDF, in the chosen language.
#[tauri::command]
#[specta::specta]
pub async fn print_mission(
    app: AppHandle,
    mission_id: String,
    language: Language,
) -> Result<PrintedDocument> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.user()?;
        let store = state.store()?;
        let doc = despacho_documents::statements::mission_order(
            store.conn(),
            &mission_id,
            language,
            &store::today().to_string(),
        )?;
        let pdf = despacho_documents::statements::pdf(&doc)?;
        let short = mission_id.get(..8).unwrap_or(&mission_id);
        keep_pdf(
            store.conn(),
            &format!("orden-de-mision-{short}-{}.pdf", language.as_str()),
            &pdf,
        )
    })
    .await
    .map_err(|e| AppError::new(ErrorCode::Internal, format!("rendering stopped: {e}")))?
}
