//! `sync`, `conflicts` and `digest`: offline sync between installations (ADR 0007).

use std::path::{Path, PathBuf};

use clap::Subcommand;
use despacho_core::sync::{self, bundle, Take};
use despacho_core::users::User;
use despacho_core::{AppError, Store};

use crate::Out;

#[derive(Subcommand)]
pub enum SyncCmd {
    /// This site, its peers, the last bundle each way, the changes waiting to go out.
    Status,
    /// Print this site's key (`<site id>:<public key>`) for the peers' administrators.
    Key,
    /// Rename this site (administrators).
    Name { name: String },
    /// Enrolled peers.
    #[command(subcommand)]
    Peers(PeersCmd),
    /// Write the bundle for a peer: every change it has not acknowledged.
    Export {
        #[arg(long)]
        peer: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Write again bundle #N, whose file was lost (the peer waits for it); it carries
        /// everything the peer has not acknowledged.
        #[arg(long, value_name = "N")]
        resend: Option<u32>,
    },
    /// Import a peer's bundle (refused with no change if tampered, foreign, truncated…).
    Import { file: PathBuf },
    /// Remember the sync folder (PATH), or with --run: import every bundle for this site found
    /// there and write the outgoing bundle for each peer.
    Folder {
        path: Option<String>,
        #[arg(long, conflicts_with = "path")]
        run: bool,
    },
    /// Prepare for travel: sync the folder, then check that this store holds everything the
    /// peers put there and has written everything made here for them (exit 1 if not).
    Travel,
    /// Write a full copy of the store for a new installation (`init --from-snapshot FILE`).
    Snapshot {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum PeersCmd {
    /// Enrol a peer with the key its `sync key` printed.
    Add {
        name: String,
        #[arg(long)]
        key: String,
    },
    List,
}

#[derive(Subcommand)]
pub enum ConflictsCmd {
    /// The conflict inbox (open ones; --all for resolved ones too).
    List {
        #[arg(long)]
        all: bool,
    },
    /// Keep this site's side (local) or the other site's (remote); the choice syncs.
    Resolve {
        id: String,
        #[arg(long, value_parser = parse_take)]
        take: Take,
    },
}

fn parse_take(s: &str) -> Result<Take, String> {
    match s {
        "local" => Ok(Take::Local),
        "remote" => Ok(Take::Remote),
        _ => Err(format!("'{s}': local or remote")),
    }
}

fn peer_line(p: &sync::Peer) -> String {
    format!(
        "{}  {}  sent #{}  received #{}",
        p.name, p.id, p.last_sent_seq, p.last_received_seq
    )
}

pub fn sync_cmd(
    store: &mut Store,
    actor: impl FnOnce(&Store) -> Result<User, AppError>,
    out: &Out,
    cmd: SyncCmd,
) -> Result<(), AppError> {
    match cmd {
        SyncCmd::Status => {
            let s = sync::status(store.conn())?;
            out.print(&s, |s| {
                let mut lines = vec![
                    format!("site {} ({})", s.site.name, s.site.id),
                    format!(
                        "changes made here waiting to go out: {}; open conflicts: {}",
                        s.waiting, s.open_conflicts
                    ),
                ];
                if let Some(f) = &s.folder {
                    lines.push(format!("sync folder: {f}"));
                }
                for p in &s.peers {
                    lines.push(format!(
                        "peer {}: {} change(s) waiting; last out {}; last in {}",
                        p.peer.name,
                        p.waiting,
                        p.last_out
                            .as_ref()
                            .map(|b| format!("#{} at {}", b.seq, b.at))
                            .unwrap_or_else(|| "never".into()),
                        p.last_in
                            .as_ref()
                            .map(|b| format!("#{} at {}", b.seq, b.at))
                            .unwrap_or_else(|| "never".into()),
                    ));
                }
                lines.join("\n")
            });
        }
        SyncCmd::Key => {
            let key = sync::site_key(store)?;
            out.print(&serde_json::json!({ "key": key }), |_| key.clone());
        }
        SyncCmd::Name { name } => {
            let actor = actor(store)?;
            let s = sync::site::set_site_name(store, &actor, &name)?;
            out.print(&s, |s| format!("this site is now {} ({})", s.name, s.id));
        }
        SyncCmd::Peers(PeersCmd::Add { name, key }) => {
            let actor = actor(store)?;
            let p = sync::add_peer(store, &actor, &name, &key)?;
            out.print(&p, |p| format!("peer enrolled: {}", peer_line(p)));
        }
        SyncCmd::Peers(PeersCmd::List) => {
            let list = sync::peers(store.conn())?;
            out.print(&list, |l| {
                if l.is_empty() {
                    "no peers enrolled".into()
                } else {
                    l.iter().map(peer_line).collect::<Vec<_>>().join("\n")
                }
            });
        }
        SyncCmd::Export {
            peer,
            out: file,
            resend,
        } => {
            let actor = actor(store)?;
            let r = match resend {
                Some(n) => sync::resend(store, &actor, &peer, n, &file)?,
                None => sync::export(store, &actor, &peer, &file)?,
            };
            out.print(&r, |r| {
                format!(
                    "bundle #{} for {} written to {}: {} change(s), {} file(s), {} bytes",
                    r.seq, r.peer, r.path, r.changes, r.files, r.bytes
                )
            });
        }
        SyncCmd::Import { file } => {
            let actor = actor(store)?;
            let r = sync::import_file(store, &actor, &file)?;
            out.print(&r, |r| {
                if r.already_imported {
                    format!("bundle #{} from {} was already imported: nothing changed", r.seq, r.from_name)
                } else {
                    format!(
                        "bundle #{} from {} imported: {} change(s) applied, {} already here, {} conflict(s), {} file(s)",
                        r.seq, r.from_name, r.applied, r.skipped, r.conflicts, r.files
                    )
                }
            });
        }
        SyncCmd::Folder { path, run } => {
            let actor = actor(store)?;
            if run {
                let json = out.json;
                let r = bundle::run_folder(store, &actor, |done, total, _| {
                    if !json {
                        eprintln!("[{done}/{total}]");
                    }
                })?;
                out.print(&r, |r| {
                    let mut lines = vec![format!("sync folder {}", r.folder)];
                    for i in &r.items {
                        lines.push(format!("{}: {} — {}", i.outcome, i.file, i.message));
                    }
                    lines.join("\n")
                });
            } else if let Some(p) = path {
                let f = bundle::set_folder(store, &actor, &p)?;
                out.print(&serde_json::json!({ "folder": f }), |_| {
                    format!("sync folder set to {f}")
                });
            } else {
                let f = bundle::folder(store.conn())?;
                out.print(&serde_json::json!({ "folder": f }), |_| {
                    f.clone().unwrap_or_else(|| "no sync folder set".into())
                });
            }
        }
        SyncCmd::Travel => {
            let actor = actor(store)?;
            let json = out.json;
            let c = sync::prepare_for_travel(store, &actor, |done, total, item| {
                if !json {
                    eprintln!("[{done}/{total}] {}: {}", item.outcome, item.message);
                }
            })?;
            out.print(&c, |c| {
                let mut lines = Vec::new();
                for p in &c.peers {
                    lines.push(format!(
                        "{}: last bundle imported #{}; bundle #{} written ({} change(s)); {} change(s) not yet confirmed",
                        p.name,
                        p.imported_seq,
                        p.sent_seq.map(|s| s.to_string()).unwrap_or_else(|| "-".into()),
                        p.sent_changes,
                        p.unconfirmed
                    ));
                }
                for p in &c.problems {
                    lines.push(format!("missing: {}", p.message));
                }
                lines.push(if c.ready {
                    "ready to travel: this store holds everything".into()
                } else {
                    "NOT ready to travel".into()
                });
                lines.join("\n")
            });
            if !c.ready {
                return Err(AppError::new(
                    despacho_core::ErrorCode::InvalidValue,
                    format!("not ready to travel: {} problem(s)", c.problems.len()),
                ));
            }
        }
        SyncCmd::Snapshot { out: file } => {
            let actor = actor(store)?;
            let r = sync::snapshot(store, &actor, &file)?;
            out.print(&r, |r| format!("snapshot written to {} ({} bytes); start the new installation with init --from-snapshot", r.path, r.bytes));
        }
    }
    Ok(())
}

pub fn conflicts_cmd(
    store: &mut Store,
    actor: impl FnOnce(&Store) -> Result<User, AppError>,
    out: &Out,
    cmd: ConflictsCmd,
) -> Result<(), AppError> {
    let line = |c: &sync::Conflict| {
        let side = |s: &sync::conflicts::ConflictSide| {
            format!(
                "{}{} by {} at {} on {}",
                s.value,
                if s.local { " (here)" } else { "" },
                s.user_name
                    .clone()
                    .or(s.user.clone())
                    .unwrap_or_else(|| "?".into()),
                s.at.clone().unwrap_or_default(),
                s.site_name
                    .clone()
                    .or(s.site.clone())
                    .unwrap_or_else(|| "?".into()),
            )
        };
        format!(
            "{}  {} {}.{} of {}{}\n  a: {}\n  b: {}",
            c.id,
            c.kind,
            c.table,
            c.field,
            c.record_id,
            match &c.resolved_take {
                Some(t) => format!("  [resolved: {t}]"),
                None => String::new(),
            },
            side(&c.a),
            side(&c.b)
        )
    };
    match cmd {
        ConflictsCmd::List { all } => {
            let list = sync::list_conflicts(store.conn(), all)?;
            out.print(&list, |l| {
                if l.is_empty() {
                    "no conflicts".into()
                } else {
                    l.iter().map(line).collect::<Vec<_>>().join("\n")
                }
            });
        }
        ConflictsCmd::Resolve { id, take } => {
            let actor = actor(store)?;
            let c = sync::resolve(store, &actor, &id, take)?;
            out.print(&c, line);
        }
    }
    Ok(())
}

pub fn digest_cmd(store: &Store, out: &Out) -> Result<(), AppError> {
    let d = sync::digest(store.conn())?;
    out.print(&serde_json::json!({ "digest": d }), |_| d.clone());
    Ok(())
}

/// `init --from-snapshot FILE`: a new store at `db` from another site's snapshot.
pub fn init_from_snapshot(
    snapshot: &Path,
    db: &Path,
    name: Option<&str>,
    out: &Out,
) -> Result<(), AppError> {
    if db.exists() {
        return Err(AppError::new(
            despacho_core::ErrorCode::AlreadyInitialized,
            format!(
                "{} already exists; a snapshot starts a new store",
                db.display()
            ),
        ));
    }
    let (source, passphrase) = crate::key::snapshot_keys(snapshot)?;
    let (store, recovery) = sync::site::init_from_snapshot_with(
        snapshot,
        db,
        name,
        source.as_ref(),
        Some(&passphrase),
    )?;
    if let Some(r) = &recovery {
        crate::key::print_recovery(r);
    }
    let s = sync::site(store.conn())?;
    let key = {
        let mut store = store;
        sync::site_key(&mut store)?
    };
    out.print(
        &serde_json::json!({ "path": db, "site": s, "key": key }),
        |_| {
            format!(
                "store {} ready from the snapshot; this site is {} ({}).\nEnrol it on the other sites with: sync peers add {} --key {key}",
                db.display(),
                s.name,
                s.id,
                s.name
            )
        },
    );
    Ok(())
}
