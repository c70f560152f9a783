//! Desktop notifications (the operating system's notification area, over D-Bus on Linux),
//! without a plugin or a capability: one command, whose text the UI composes in the user's
//! language. Best effort — a machine without a notification service just shows nothing.

use despacho_core::validate;
use tauri::State;

use crate::{AppState, Result};

/// Shows `title` and `body` as a desktop notification from Despacho. Refuses empty or overlong
/// text and control characters (a typed error, like every command); returns at once — the
/// notification is sent from a thread of its own, so a slow or missing notification service
/// never holds the app.
#[tauri::command]
#[specta::specta]
pub async fn desktop_notify(state: State<'_, AppState>, title: String, body: String) -> Result<()> {
    state.user()?;
    let title = validate::required_text("title", &title, 120)?;
    let body = validate::long_text("body", &body, 600)?;
    std::thread::spawn(move || {
        let shown = notify_rust::Notification::new()
            .appname("Despacho")
            .summary(&title)
            .body(&body)
            .show();
        if let Err(e) = shown {
            eprintln!("despacho: desktop notification not shown: {e}");
        }
    });
    Ok(())
}
