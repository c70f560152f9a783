//! A bare Tauri v2 window: one static page (`dist/`) that calls `first_paint` two animation
//! frames after it is shown. With `DESPACHO_EXIT_AFTER_FIRST_PAINT=1` it prints
//! `first-paint-ms=<ms> screen=bare` (milliseconds since the kernel started the process, as
//! Despacho's `src-tauri/src/perf.rs` measures them) and exits with status 0; otherwise it stays
//! open, idle (for the memory comparison). While measuring it also prints the steps Despacho
//! prints (`startup-mark main|setup|page-load-started|page-load-finished <ms>` on stderr).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Milliseconds since the kernel started this process (`/proc/uptime` minus `/proc/self/stat`
/// field 22, in USER_HZ = 100 ticks per second); 10 ms resolution. The same code as Despacho's.
fn process_age_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = &stat[stat.rfind(')')? + 1..];
    let start_ticks: f64 = after.split_whitespace().nth(19)?.parse().ok()?;
    let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
    let uptime_s: f64 = uptime.split_whitespace().next()?.parse().ok()?;
    Some((uptime_s * 1000.0 - start_ticks * 10.0).max(0.0))
}

#[tauri::command]
fn first_paint(app: tauri::AppHandle, screen: String) {
    let ms = process_age_ms().unwrap_or(-1.0);
    let screen: String = screen
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(32)
        .collect();
    println!("first-paint-ms={ms:.0} screen={screen}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    if std::env::var_os("DESPACHO_EXIT_AFTER_FIRST_PAINT").is_some_and(|v| v == "1") {
        app.exit(0);
    }
}

/// While measuring, `startup-mark <step> <ms>` on stderr, as Despacho prints its own steps.
fn mark(step: &str) {
    if std::env::var_os("DESPACHO_EXIT_AFTER_FIRST_PAINT").is_some_and(|v| v == "1") {
        eprintln!(
            "startup-mark {step} {:.0}",
            process_age_ms().unwrap_or(-1.0)
        );
    }
}

fn main() {
    mark("main");
    tauri::Builder::default()
        .setup(|_| {
            mark("setup");
            Ok(())
        })
        .on_page_load(|_, payload| {
            mark(match payload.event() {
                tauri::webview::PageLoadEvent::Started => "page-load-started",
                tauri::webview::PageLoadEvent::Finished => "page-load-finished",
            })
        })
        .invoke_handler(tauri::generate_handler![first_paint])
        .run(tauri::generate_context!())
        .expect("error while running the bare window");
}
