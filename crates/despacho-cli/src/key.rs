//! The store's encryption from the command line (ADR 0008): how the CLI opens the store, and
//! `key status|change|recovery|reset|remember|forget`.
//!
//! The passphrase comes from `DESPACHO_PASSPHRASE` (the hook for scripts and tests), else from
//! the keyring when the key file says the key was remembered there, else from a prompt on the
//! terminal, else the command is refused (`locked`, exit 1). `--recovery-key KEY` unlocks with
//! the recovery key instead. A new passphrase (`key change`, `key reset`) comes from
//! `DESPACHO_NEW_PASSPHRASE` or a prompt (asked twice).

use std::io::IsTerminal;
use std::path::Path;

use clap::Subcommand;
use despacho_core::crypt::{self, DataKey, StoreFile};
use despacho_core::{AppError, ErrorCode, Store};

use crate::Out;

pub const PASSPHRASE_ENV: &str = "DESPACHO_PASSPHRASE";
pub const NEW_PASSPHRASE_ENV: &str = "DESPACHO_NEW_PASSPHRASE";
/// The passphrase of a snapshot's site, for `init --from-snapshot` (default: `DESPACHO_PASSPHRASE`).
pub const SNAPSHOT_PASSPHRASE_ENV: &str = "DESPACHO_SNAPSHOT_PASSPHRASE";

#[derive(Subcommand)]
pub enum KeyCmd {
    /// Whether the store is encrypted, where its key file is, whether the key is remembered.
    Status,
    /// Change the passphrase (administrators): the current one, then the new one
    /// (DESPACHO_NEW_PASSPHRASE or a prompt). The store is not rewritten.
    Change,
    /// Issue a new recovery key (administrators; the old one stops working). Shown once.
    Recovery,
    /// Set a new passphrase after unlocking with --recovery-key (a forgotten passphrase).
    Reset,
    /// Keep the key in this computer's keyring, so that the passphrase is not asked.
    Remember,
    /// Remove the key from the keyring.
    Forget,
}

fn env_value(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn locked(what: &str) -> AppError {
    AppError::new(
        ErrorCode::Locked,
        format!("the store is encrypted: {what} (set {PASSPHRASE_ENV}, or run on a terminal)"),
    )
}

fn prompt(text: &str) -> Result<String, AppError> {
    if !std::io::stdin().is_terminal() && !std::io::stderr().is_terminal() {
        return Err(locked("no passphrase given"));
    }
    rpassword::prompt_password(text).map_err(|_| locked("no passphrase given"))
}

/// The passphrase of an existing store: the environment, else a prompt.
fn passphrase_for(path: &Path) -> Result<String, AppError> {
    if let Some(p) = env_value(PASSPHRASE_ENV) {
        return Ok(p);
    }
    prompt(&format!("Passphrase of {}: ", path.display()))
}

/// A new passphrase: `env` (checked against the rules), else asked twice on the terminal.
fn new_passphrase(env: &str, what: &str) -> Result<String, AppError> {
    if let Some(p) = env_value(env) {
        crypt::check_passphrase(&p)?;
        return Ok(p);
    }
    let p = prompt(&format!(
        "{what} (at least {} characters): ",
        crypt::MIN_PASSPHRASE_LEN
    ))?;
    crypt::check_passphrase(&p)?;
    let again = prompt("The same again: ")?;
    if again != p {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "passphrase_repeat",
            "the two passphrases differ",
        ));
    }
    Ok(p)
}

fn show_recovery(recovery: &str) {
    eprintln!(
        "RECOVERY KEY (shown once; write it down and keep it apart from this computer):\n    {recovery}\n\
         It opens the store if the passphrase is forgotten: despacho-cli --recovery-key KEY key reset"
    );
}

/// The data key of an encrypted store: the recovery key if given, else the passphrase from
/// the environment, else the keyring (only when the key file says the key is there), else a
/// prompt.
pub fn unlock_key(path: &Path, recovery: Option<&str>) -> Result<DataKey, AppError> {
    if let Some(r) = recovery {
        return crypt::unlock_with_recovery(path, r);
    }
    if let Some(p) = env_value(PASSPHRASE_ENV) {
        return crypt::unlock(path, &p);
    }
    match crypt::keyring::recall(path) {
        Ok(Some(key)) => return Ok(key),
        Ok(None) => {}
        Err(e) => eprintln!(
            "despacho-cli: the keyring could not give the key ({}); asking for the passphrase",
            e.message
        ),
    }
    crypt::unlock(path, &passphrase_for(path)?)
}

/// Opens the store at `path` the only way the CLI does, encrypted: a missing store is created
/// under a new passphrase (its recovery key printed once), a plaintext one is encrypted in place
/// after a verified backup, an encrypted one is unlocked.
pub fn open_store(path: &Path, recovery: Option<&str>) -> Result<Store, AppError> {
    match crypt::inspect(path)? {
        StoreFile::Missing => {
            let p = new_passphrase(PASSPHRASE_ENV, "Passphrase for the new store")?;
            let (store, recovery) = crypt::create_store(path, &p)?;
            eprintln!("new encrypted store {}", path.display());
            show_recovery(&recovery);
            Ok(store)
        }
        StoreFile::Plaintext => {
            let p = new_passphrase(
                PASSPHRASE_ENV,
                "The store is not encrypted yet; passphrase to encrypt it",
            )?;
            let (store, r) = crypt::encrypt_in_place(path, &p)?;
            eprintln!(
                "the store {} is now encrypted ({} tables, {} rows checked).\n\
                 The unencrypted copy taken first is {} — it is NOT encrypted: keep it somewhere safe or delete it.",
                r.store_path, r.tables, r.rows, r.backup
            );
            show_recovery(&r.recovery_key);
            Ok(store)
        }
        StoreFile::Encrypted => {
            let key = unlock_key(path, recovery)?;
            Store::open_with_key(path, &key)
        }
    }
}

pub fn key_cmd(
    store: &mut Store,
    actor: Option<despacho_core::users::User>,
    out: &Out,
    cmd: KeyCmd,
) -> Result<(), AppError> {
    let path = store.path().to_path_buf();
    match cmd {
        KeyCmd::Status => {
            let s = crypt::status(&path)?;
            out.print(&s, |s| {
                format!(
                    "encrypted: {}\nkey file: {}\nkey derivation: {}\nremembered in the keyring: {}",
                    if s.encrypted { "yes" } else { "no" },
                    s.key_file,
                    s.kdf,
                    if s.remembered { "yes" } else { "no" }
                )
            });
        }
        KeyCmd::Change => {
            let actor = actor.ok_or_else(no_actor)?;
            let current = passphrase_for(&path)?;
            let new = new_passphrase(NEW_PASSPHRASE_ENV, "New passphrase")?;
            crypt::change_passphrase(store, &actor, &current, &new)?;
            out.print(&serde_json::json!({ "changed": true }), |_| {
                "passphrase changed".to_string()
            });
        }
        KeyCmd::Recovery => {
            let actor = actor.ok_or_else(no_actor)?;
            let current = passphrase_for(&path)?;
            let r = crypt::issue_recovery_key(store, &actor, &current)?;
            out.print(&serde_json::json!({ "recovery_key": r }), |_| {
                "a new recovery key was issued; the previous one no longer works".to_string()
            });
            show_recovery(&r);
        }
        KeyCmd::Reset => {
            let key = store.key().cloned().ok_or_else(|| {
                AppError::new(ErrorCode::InvalidValue, "this store is not encrypted")
            })?;
            let new = new_passphrase(NEW_PASSPHRASE_ENV, "New passphrase")?;
            crypt::rewrap_passphrase(&path, &key, &new)?;
            out.print(&serde_json::json!({ "changed": true }), |_| {
                "the passphrase was set again".to_string()
            });
        }
        KeyCmd::Remember => {
            let key = store.key().cloned().ok_or_else(|| {
                AppError::new(ErrorCode::InvalidValue, "this store is not encrypted")
            })?;
            crypt::keyring::remember(&path, &key)?;
            out.print(&serde_json::json!({ "remembered": true }), |_| {
                "the key is kept in this computer's keyring".to_string()
            });
        }
        KeyCmd::Forget => {
            crypt::keyring::forget(&path)?;
            out.print(&serde_json::json!({ "remembered": false }), |_| {
                "the key was removed from the keyring".to_string()
            });
        }
    }
    Ok(())
}

fn no_actor() -> AppError {
    AppError::new(
        ErrorCode::NotInitialized,
        "the store has no administrator yet",
    )
}

/// The data key for a restore: the current store's (when it is encrypted), else the
/// backup's own key file's (a new computer), else none (an unencrypted backup into no store).
pub fn key_for_restore(
    store_path: &Path,
    backup: &Path,
    recovery: Option<&str>,
) -> Result<Option<DataKey>, AppError> {
    if crypt::inspect(store_path)? == StoreFile::Encrypted {
        return unlock_key(store_path, recovery).map(Some);
    }
    if crypt::inspect(backup)? == StoreFile::Encrypted {
        return unlock_key(backup, recovery).map(Some);
    }
    Ok(None)
}

/// `init --from-snapshot`: the snapshot's key (from its key file, with the source site's
/// passphrase), and a passphrase for the new store.
pub fn snapshot_keys(snapshot: &Path) -> Result<(Option<DataKey>, String), AppError> {
    let source = if crypt::inspect(snapshot)? == StoreFile::Encrypted {
        let p = match env_value(SNAPSHOT_PASSPHRASE_ENV).or_else(|| env_value(PASSPHRASE_ENV)) {
            Some(p) => p,
            None => prompt(&format!(
                "Passphrase of the site that wrote {}: ",
                snapshot.display()
            ))?,
        };
        Some(crypt::unlock(snapshot, &p)?)
    } else {
        None
    };
    let new = new_passphrase(PASSPHRASE_ENV, "Passphrase for the new store")?;
    Ok((source, new))
}

pub fn print_recovery(recovery: &str) {
    show_recovery(recovery);
}
