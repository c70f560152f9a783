//! Start-up measured from outside (issue 9): with `DESPACHO_EXIT_AFTER_FIRST_PAINT=1` the UI
//! calls `first_paint` two animation frames after its first screen mounted with its data; the
//! shell prints `first-paint-ms=<ms> screen=<name>` on stdout and exits with status 0, so that
//! a script can time the whole process (`scripts/startup.sh`). Without the variable the UI never
//! calls it (`AppInfo::measure_first_paint` is false) and the command refuses.

use despacho_core::{AppError, ErrorCode};

use crate::Result;

/// The environment variable that turns the measurement on.
pub const EXIT_AFTER_FIRST_PAINT: &str = "DESPACHO_EXIT_AFTER_FIRST_PAINT";

/// Whether this run measures its first paint and leaves.
pub fn measuring() -> bool {
    std::env::var_os(EXIT_AFTER_FIRST_PAINT).is_some_and(|v| v == "1")
}

/// Milliseconds since the kernel started this process: `/proc/uptime` (centiseconds) minus the
/// process's start time (`/proc/self/stat` field 22, in USER_HZ = 100 ticks per second on
/// Linux). Both count from boot, so the figure includes the dynamic loader and everything
/// before `main`; its resolution is 10 ms.
pub fn process_age_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Field 2 (the command name) may hold spaces and parentheses: count from the last ')'.
    let after = &stat[stat.rfind(')')? + 1..];
    // `after` starts at field 3; field 22 is the 20th from there.
    let start_ticks: f64 = after.split_whitespace().nth(19)?.parse().ok()?;
    let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
    let uptime_s: f64 = uptime.split_whitespace().next()?.parse().ok()?;
    Some((uptime_s * 1000.0 - start_ticks * 10.0).max(0.0))
}

/// While measuring, prints `startup-mark <name> <ms since the process started>` on stderr: the
/// steps of a start (`scripts/startup.sh` shows them), to see where the time goes.
pub fn mark(name: &str) {
    if measuring() {
        eprintln!(
            "startup-mark {name} {:.0}",
            process_age_ms().unwrap_or(-1.0)
        );
    }
}

/// Called by the UI when its first screen is painted, only while measuring: prints the
/// milliseconds since the process started and exits with status 0.
#[tauri::command]
#[specta::specta]
pub async fn first_paint<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    screen: String,
) -> Result<()> {
    if !measuring() {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            format!("{EXIT_AFTER_FIRST_PAINT} is not set"),
        ));
    }
    let ms = process_age_ms().unwrap_or(-1.0);
    let screen: String = screen
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(32)
        .collect();
    println!("first-paint-ms={ms:.0} screen={screen}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    app.exit(0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_process_has_an_age() {
        let age = process_age_ms().expect("Linux /proc");
        // This test process started less than an hour ago and not in the future.
        assert!((0.0..3_600_000.0).contains(&age), "{age}");
    }
}
