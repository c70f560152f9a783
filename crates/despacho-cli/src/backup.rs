//! `backup` and `restore`: online backups, the scheduled backup, their settings and list, and
//! restoring a backup over the store (with `--yes`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use despacho_core::backup::{self, BackupInfo, BackupReport, BackupSettings};
use despacho_core::users::User;
use despacho_core::{AppError, ErrorCode, Store};

use crate::Out;

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, arg_required_else_help = true)]
pub struct BackupArgs {
    /// Write an online backup of the store to FILE (checked before it gets that name).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Run the scheduled backup if one is due (settings: `backup settings`).
    #[arg(long, conflicts_with = "out")]
    scheduled: bool,
    #[command(subcommand)]
    cmd: Option<BackupCmd>,
}

#[derive(Subcommand)]
pub enum BackupCmd {
    /// The scheduled backups in the folder (default: the configured one), oldest first.
    List {
        #[arg(long)]
        folder: Option<PathBuf>,
    },
    /// Show the scheduled-backup settings, or set them (administrators).
    Settings {
        #[arg(long)]
        folder: Option<String>,
        #[arg(long)]
        every_hours: Option<u32>,
        #[arg(long)]
        keep: Option<u32>,
    },
}

fn report_text(r: &BackupReport) -> String {
    let mut s = format!(
        "backup written to {}\n{} bytes, {} pages, integrity {}, schema version {}\nsha256 {}",
        r.path, r.bytes, r.pages, r.integrity, r.schema_version, r.sha256
    );
    for p in &r.pruned {
        s.push_str(&format!("\ndeleted old backup {p}"));
    }
    s
}

pub fn backup_cmd(
    store: &mut Store,
    actor: impl FnOnce(&Store) -> Result<User, AppError>,
    out: &Out,
    args: BackupArgs,
) -> Result<(), AppError> {
    match (args.out, args.scheduled, args.cmd) {
        (Some(dest), _, _) => {
            let r = backup::backup_to(store, &dest)?;
            out.print(&r, report_text);
        }
        (None, true, _) => {
            let r = backup::run_scheduled(store, None, chrono::Utc::now())?;
            out.print(&r, |r| match r {
                Some(r) => report_text(r),
                None if backup::settings(store.conn()).ok().flatten().is_none() => {
                    "scheduled backups are not set up (backup settings --folder …)".into()
                }
                None => "no backup due".into(),
            });
        }
        (None, false, Some(BackupCmd::List { folder })) => {
            let folder = match folder {
                Some(f) => f,
                None => PathBuf::from(
                    backup::settings(store.conn())?
                        .ok_or_else(|| {
                            AppError::field(
                                ErrorCode::Required,
                                "folder",
                                "no backup folder is set: pass --folder",
                            )
                        })?
                        .folder,
                ),
            };
            let list = backup::list_backups(&folder)?;
            out.print(&list, |l| {
                l.iter()
                    .map(|f| format!("{}  {:>12} bytes  {}", f.taken_at, f.bytes, f.path))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        (
            None,
            false,
            Some(BackupCmd::Settings {
                folder,
                every_hours,
                keep,
            }),
        ) => {
            let current = backup::settings(store.conn())?;
            let s = if folder.is_none() && every_hours.is_none() && keep.is_none() {
                current
            } else {
                let actor = actor(store)?;
                let base = current.unwrap_or(BackupSettings {
                    folder: String::new(),
                    every_hours: 24,
                    keep: 14,
                });
                let input = BackupSettings {
                    folder: folder.unwrap_or(base.folder),
                    every_hours: every_hours.unwrap_or(base.every_hours),
                    keep: keep.unwrap_or(base.keep),
                };
                Some(backup::set_settings(store, &actor, &input)?)
            };
            let last = backup::last_run(store.conn())?.map(|d| d.to_rfc3339());
            out.print(
                &serde_json::json!({ "settings": s, "last_run_at": last }),
                |_| match &s {
                    Some(s) => format!(
                        "folder: {}\nevery: {} hour(s)\nkeep: {}\nlast run: {}",
                        s.folder,
                        s.every_hours,
                        s.keep,
                        last.as_deref().unwrap_or("never")
                    ),
                    None => "scheduled backups are not set up".into(),
                },
            );
        }
        (None, false, None) => {
            return Err(AppError::new(
                ErrorCode::Required,
                "say --out FILE, --scheduled, list or settings",
            ))
        }
    }
    Ok(())
}

fn info_text(what: &str, i: &BackupInfo) -> String {
    format!(
        "{what} {}\n  schema version {} (this Despacho: {}), integrity {}\n  {} user(s), {} member institution(s), {} journal entr(ies), {} audit row(s)\n  last change: {}",
        i.path,
        i.schema_version,
        i.latest_schema_version,
        i.integrity,
        i.users,
        i.members,
        i.journal_entries,
        i.audit_rows,
        i.last_audit_at.as_deref().unwrap_or("none")
    )
}

/// `restore FILE [--yes]`, run before the store is opened (nothing may hold it).
pub fn restore_cmd(
    store_path: &Path,
    file: &Path,
    yes: bool,
    key: Option<&despacho_core::crypt::DataKey>,
    out: &Out,
) -> Result<ExitCode, AppError> {
    if yes {
        let had_keys = despacho_core::crypt::keys_path(store_path).exists();
        let r = backup::restore_from_with(file, store_path, key)?;
        // A new computer: the store's key file comes from beside the backup.
        let backup_keys = despacho_core::crypt::keys_path(file);
        if !had_keys && key.is_some() && backup_keys.exists() {
            std::fs::copy(&backup_keys, despacho_core::crypt::keys_path(store_path)).map_err(
                |e| {
                    AppError::new(
                        despacho_core::ErrorCode::Storage,
                        format!("cannot copy the key file: {e}"),
                    )
                },
            )?;
        }
        out.print(&r, |r| {
            format!(
                "{}\nrestored into {} (schema version now {})\nthe store as it was is kept in {}",
                info_text("restored", &r.restored),
                r.store_path,
                r.schema_version,
                r.safety_backup.as_deref().unwrap_or("(there was no store)")
            )
        });
        return Ok(ExitCode::SUCCESS);
    }
    let incoming = backup::verify_file_with(file, key)?;
    let current = if store_path.exists() {
        // The current store, read through the backup check (it is not changed).
        Some(backup::verify_file_with(store_path, key).map_err(|e| e.message))
    } else {
        None
    };
    let current_json = match &current {
        Some(Ok(i)) => serde_json::to_value(i).expect("serializable"),
        Some(Err(m)) => serde_json::json!({ "path": store_path, "problem": m }),
        None => serde_json::Value::Null,
    };
    out.print(
        &serde_json::json!({
            "would_replace": current_json,
            "with": incoming,
            "confirm": "run again with --yes",
        }),
        |_| {
            let now = match &current {
                Some(Ok(i)) => info_text("this would replace the store", i),
                Some(Err(m)) => format!("this would replace the store {} ({m})", store_path.display()),
                None => format!("there is no store at {} yet", store_path.display()),
            };
            format!(
                "{now}\n{}\nevery change made after the backup would be lost (a safety backup of the current store is kept next to it)\nrun again with --yes to restore",
                info_text("with the backup", &incoming)
            )
        },
    );
    Ok(ExitCode::from(2))
}
