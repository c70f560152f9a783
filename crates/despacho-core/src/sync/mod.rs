//! Offline sync between installations through signed bundles (ADR 0007).
//!
//! * [`capture`] — which tables sync (discovered from `sqlite_master`), and the triggers that
//!   log every change to them in `sync_log` with a hybrid-logical-clock stamp and its origin.
//! * [`site`] — this site's identity and key, enrolled peers, snapshots for a new installation.
//! * [`bundle`] — the bundle file (header, changes, attachments, sha256, ed25519 signature),
//!   `export` for a peer and `import` (one transaction, refusals typed as [`Refusal`]).
//! * [`apply`] — applying a peer's changes field by field (last writer wins by stamp) and
//!   recording conflicts; [`conflicts`] lists and resolves them.
//! * [`digest`] — one sha256 over the synced content.

pub mod apply;
pub mod bundle;
pub mod capture;
pub mod conflicts;
pub mod site;

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};
use specta::Type;

pub use bundle::{export, import, import_file, resend, ImportReport, Refusal, SyncError};
pub use conflicts::{list_conflicts, resolve, Conflict, Take};
pub use site::{add_peer, init_from_snapshot, peers, site, site_key, snapshot, Peer, Site};

use crate::error::Result;

/// The stamp of a change: its HLC (16 hex digits) and its origin site, `<hlc>@<site>`. Stamps
/// compare as strings in the order (hlc, site): the later HLC wins, the site id breaks ties.
pub fn stamp(hlc: i64, site: &str) -> String {
    format!("{hlc:016x}@{site}")
}

/// The wall-clock time of an HLC (RFC 3339, UTC, milliseconds).
pub fn hlc_time(hlc: i64) -> String {
    chrono::DateTime::from_timestamp_millis(hlc >> 16)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// What this store holds of each site's changes: `{site id: last change number}`.
pub fn my_vector(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    let mut out = BTreeMap::new();
    let mut st = conn.prepare("SELECT id, oseq FROM sync_vector")?;
    for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (k, v) = r?;
        out.insert(k, v);
    }
    let (site, next): (String, i64) =
        conn.query_row("SELECT site, next_oseq FROM sync_clock", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    if next > 1 {
        out.insert(site, next - 1);
    }
    Ok(out)
}

/// One peer as `sync status` shows it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename = "SyncPeerStatus")]
pub struct PeerStatus {
    pub peer: Peer,
    /// Changes this store holds that the peer has not acknowledged.
    pub waiting: u32,
    /// The last bundle written for the peer and the last imported from it: seq and when.
    pub last_out: Option<BundleRecord>,
    pub last_in: Option<BundleRecord>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename = "SyncBundleRecord")]
pub struct BundleRecord {
    pub seq: u32,
    pub changes: u32,
    pub files: u32,
    pub at: String,
    pub path: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename = "SyncStatus")]
pub struct Status {
    pub site: Site,
    pub peers: Vec<PeerStatus>,
    /// Changes made here that some enrolled peer has not acknowledged.
    pub waiting: u32,
    /// Conflicts not yet resolved.
    pub open_conflicts: u32,
    pub folder: Option<String>,
}

/// Changes held here that a peer with this acknowledgement vector lacks (its own excluded).
pub(crate) fn waiting_for(
    conn: &Connection,
    peer_id: &str,
    acked: &BTreeMap<String, i64>,
) -> Result<u32> {
    let mut n = 0i64;
    for (origin, have) in my_vector(conn)? {
        if origin == peer_id {
            continue;
        }
        n += (have - acked.get(&origin).copied().unwrap_or(0)).max(0);
    }
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub(crate) fn peer_acked(conn: &Connection, peer_id: &str) -> Result<BTreeMap<String, i64>> {
    let text: String = conn.query_row(
        "SELECT acked FROM sync_peers WHERE id = ?1",
        [peer_id],
        |r| r.get(0),
    )?;
    Ok(serde_json::from_str(&text).unwrap_or_default())
}

fn last_bundle(conn: &Connection, peer: &str, dir: &str) -> Result<Option<BundleRecord>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT seq, changes, files, updated_at, path FROM sync_bundles
             WHERE peer_id = ?1 AND direction = ?2 ORDER BY seq DESC LIMIT 1",
            [peer, dir],
            |r| {
                Ok(BundleRecord {
                    seq: r.get(0)?,
                    changes: r.get(1)?,
                    files: r.get(2)?,
                    at: r.get(3)?,
                    path: r.get(4)?,
                })
            },
        )
        .optional()?)
}

pub fn status(conn: &Connection) -> Result<Status> {
    let mut out = Vec::new();
    let me = site(conn)?;
    let mut waiting_here = 0u32;
    for p in peers(conn)? {
        let acked = peer_acked(conn, &p.id)?;
        let waiting = waiting_for(conn, &p.id, &acked)?;
        let mine = my_vector(conn)?.get(&me.id).copied().unwrap_or(0)
            - acked.get(&me.id).copied().unwrap_or(0);
        waiting_here = waiting_here.max(u32::try_from(mine.max(0)).unwrap_or(u32::MAX));
        out.push(PeerStatus {
            last_out: last_bundle(conn, &p.id, "out")?,
            last_in: last_bundle(conn, &p.id, "in")?,
            peer: p,
            waiting,
        });
    }
    let open_conflicts: u32 = conn.query_row(
        "SELECT count(*) FROM sync_conflicts c WHERE NOT EXISTS (SELECT 1 FROM conflict_resolutions r WHERE r.id = c.id)",
        [],
        |r| r.get(0),
    )?;
    Ok(Status {
        site: me,
        peers: out,
        waiting: waiting_here,
        open_conflicts,
        folder: bundle::folder(conn)?,
    })
}

/// One peer in the check before travel.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename = "TravelPeer")]
pub struct TravelPeer {
    pub id: String,
    pub name: String,
    /// The last bundle of the peer's imported here, and when.
    pub imported_seq: u32,
    pub imported_at: Option<String>,
    /// The bundle just written for the peer (its number and how many changes it carries).
    pub sent_seq: Option<u32>,
    pub sent_changes: u32,
    /// Changes the peer held when it wrote its last bundle that this store lacks.
    pub behind: u32,
    /// Changes held here that the peer has not confirmed yet (they are in the bundles written
    /// for it; it confirms them in its next bundle).
    pub unconfirmed: u32,
}

/// Something that keeps the laptop from holding everything.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename = "TravelProblem")]
pub struct TravelProblem {
    /// "refused" (a bundle in the folder could not be imported), "waiting" (a bundle waits for
    /// `missing`, which is not in the folder), "behind" (the peer held `count` changes this
    /// store lacks), "not_sent" (no bundle could be written for the peer), "no_peers".
    pub kind: String,
    pub peer: Option<String>,
    /// The bundle file in the folder, for "refused" and "waiting".
    pub file: Option<String>,
    pub seq: Option<u32>,
    pub missing: Option<u32>,
    pub count: u32,
    pub message: String,
}

/// The result of "prepare for travel": the folder synced, then whether this store holds
/// everything every peer had put in the folder and has written everything made here for them.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename = "TravelCheck")]
pub struct TravelCheck {
    pub ready: bool,
    pub report: bundle::FolderReport,
    pub peers: Vec<TravelPeer>,
    pub problems: Vec<TravelProblem>,
}

/// Syncs the folder (import, then export for every peer) and checks that nothing is missing:
/// every bundle for this site in the folder imported (none refused, none waiting for a lost
/// predecessor), nothing a peer held when it wrote its last bundle lacking here, and a bundle
/// written for every peer with everything it has not acknowledged.
pub fn prepare_for_travel(
    store: &mut crate::store::Store,
    actor: &crate::users::User,
    progress: impl FnMut(usize, usize, &bundle::FolderItem),
) -> Result<TravelCheck> {
    let report = bundle::run_folder(store, actor, progress)?;
    let conn = store.conn();
    let mine = my_vector(conn)?;
    let mut problems = Vec::new();
    for i in &report.items {
        if i.outcome == "refused" || i.outcome == "waiting" {
            problems.push(TravelProblem {
                kind: i.outcome.clone(),
                peer: i.peer.clone(),
                file: Some(i.file.clone()),
                seq: i.seq,
                missing: i.missing,
                count: 0,
                message: i.message.clone(),
            });
        }
    }
    let all = peers(conn)?;
    if all.is_empty() {
        problems.push(TravelProblem {
            kind: "no_peers".into(),
            peer: None,
            file: None,
            seq: None,
            missing: None,
            count: 0,
            message: "no peer is enrolled: there is nobody to sync with".into(),
        });
    }
    let mut out = Vec::new();
    for p in all {
        let acked = peer_acked(conn, &p.id)?;
        let behind: i64 = acked
            .iter()
            .map(|(o, n)| (n - mine.get(o).copied().unwrap_or(0)).max(0))
            .sum();
        let behind = u32::try_from(behind).unwrap_or(u32::MAX);
        if behind > 0 {
            problems.push(TravelProblem {
                kind: "behind".into(),
                peer: Some(p.name.clone()),
                file: None,
                seq: None,
                missing: None,
                count: behind,
                message: format!(
                    "{} held {behind} change(s) this store lacks when it wrote its last bundle",
                    p.name
                ),
            });
        }
        let sent = report
            .items
            .iter()
            .find(|i| i.outcome == "exported" && i.peer.as_deref() == Some(p.name.as_str()));
        if sent.is_none() {
            problems.push(TravelProblem {
                kind: "not_sent".into(),
                peer: Some(p.name.clone()),
                file: None,
                seq: None,
                missing: None,
                count: 0,
                message: format!("no bundle was written for {}", p.name),
            });
        }
        out.push(TravelPeer {
            unconfirmed: waiting_for(conn, &p.id, &acked)?,
            id: p.id,
            name: p.name,
            imported_seq: p.last_received_seq,
            imported_at: p.last_import_at,
            sent_seq: sent.and_then(|i| i.seq),
            sent_changes: sent.map(|i| i.changes).unwrap_or(0),
            behind,
        });
    }
    Ok(TravelCheck {
        ready: problems.is_empty(),
        report,
        peers: out,
        problems,
    })
}

/// One sha256 over the synced content: every synced table by name, its rows by id, each row's
/// synced columns by name with typed values. Two stores have the same digest exactly when they
/// hold the same synced data (local columns such as the audit chain's are left out).
pub fn digest(conn: &Connection) -> Result<String> {
    let mut h = Sha256::new();
    h.update(b"despacho-sync-digest-v1\n");
    for t in capture::synced_tables(conn)? {
        let mut cols = t.columns.clone();
        cols.sort();
        let list = cols
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        h.update(format!("table {} {}\n", t.name, cols.join(",")).as_bytes());
        let mut st = conn.prepare(&format!("SELECT {list} FROM \"{}\" ORDER BY id", t.name))?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let mut row = Vec::with_capacity(cols.len());
            for i in 0..cols.len() {
                row.push(apply::value_to_json(r.get_ref(i)?));
            }
            h.update(serde_json::Value::Array(row).to_string().as_bytes());
            h.update(b"\n");
        }
    }
    Ok(site::hex(&h.finalize()))
}

/// What [`prune`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename = "SyncPruneReport")]
pub struct PruneReport {
    /// Log rows emptied now (their data dropped).
    pub removed: u32,
    /// Log rows in all.
    pub kept: u32,
}

/// Empties the change log of what nobody needs any more, so that it grows by a few bytes per
/// edit instead of by a copy of the record: an update (`U`) that every enrolled peer has
/// acknowledged, placed before every change some peer still lacks, and **superseded** — each of
/// its columns changed again, with a later stamp, by a row that stays — keeps its number, stamp
/// and record but loses its data (`{}`) and columns. It no longer decides any field (the latest
/// stamp of each field is what merges, conflicts and `prev` read) and nobody will need its
/// values; its number stays so that each site's changes remain a gap-free sequence (a peer
/// enrolled later receives it as an empty change, and every record with its current values).
/// Inserts, deletions and the latest change of every field are kept whole. Nothing is emptied
/// while no peer is enrolled.
pub fn prune(store: &mut crate::store::Store) -> Result<PruneReport> {
    store.transaction(|tx| {
        let all = peers(tx)?;
        let total: u32 = tx.query_row("SELECT count(*) FROM sync_log", [], |r| r.get(0))?;
        if all.is_empty() {
            return Ok(PruneReport {
                removed: 0,
                kept: total,
            });
        }
        // For each origin, the last change every peer holds (a peer holds its own changes).
        let mut floor: BTreeMap<String, i64> = BTreeMap::new();
        let origins: Vec<String> = my_vector(tx)?.into_keys().collect();
        for o in &origins {
            let mut min = i64::MAX;
            for p in &all {
                let have = if *o == p.id {
                    i64::MAX
                } else {
                    peer_acked(tx, &p.id)?.get(o).copied().unwrap_or(0)
                };
                min = min.min(have);
            }
            floor.insert(o.clone(), min);
        }
        // The first change (local order) some peer still lacks: nothing from there on goes.
        let mut horizon = i64::MAX;
        for (o, f) in &floor {
            let first: Option<i64> = tx.query_row(
                "SELECT min(seq) FROM sync_log WHERE id > ?1 AND id < ?2",
                rusqlite::params![format!("{o}:{f:012}"), format!("{o}:~")],
                |r| r.get(0),
            )?;
            if let Some(s) = first {
                horizon = horizon.min(s);
            }
        }
        // Origins not in the vector (none expected) are never pruned.
        let mut doomed: Vec<String> = Vec::new();
        {
            let mut st = tx.prepare(
                "SELECT id, tbl, row_id, origin, oseq, hlc, op, cols, data FROM sync_log
                 WHERE seq < ?1 ORDER BY tbl, row_id",
            )?;
            let mut q = st.query([horizon])?;
            // One record at a time: its rows, their stamps and columns.
            type Row = (String, String, i64, String, bool, Vec<String>);
            let mut current: Option<(String, String)> = None;
            let mut rows: Vec<Row> = Vec::new();
            let flush = |rows: &mut Vec<Row>, doomed: &mut Vec<String>| {
                let mut latest: std::collections::HashMap<&str, &str> =
                    std::collections::HashMap::new();
                for r in rows.iter() {
                    for c in &r.5 {
                        let e = latest.entry(c.as_str()).or_insert(r.3.as_str());
                        if r.3.as_str() > *e {
                            *e = r.3.as_str();
                        }
                    }
                }
                for r in rows.iter() {
                    let superseded = !r.5.is_empty()
                        && r.5
                            .iter()
                            .all(|c| latest.get(c.as_str()).is_some_and(|w| *w > r.3.as_str()));
                    if r.4 && superseded {
                        doomed.push(r.0.clone());
                    }
                }
                rows.clear();
            };
            while let Some(r) = q.next()? {
                let id: String = r.get(0)?;
                let key = (r.get::<_, String>(1)?, r.get::<_, String>(2)?);
                if current.as_ref() != Some(&key) {
                    flush(&mut rows, &mut doomed);
                    current = Some(key);
                }
                let origin: String = r.get(3)?;
                let oseq: i64 = r.get(4)?;
                let acked = floor.get(&origin).is_some_and(|f| oseq <= *f);
                let op: String = r.get(6)?;
                let cols: Vec<String> = match r.get::<_, Option<String>>(7)? {
                    Some(c) => c
                        .split(',')
                        .filter(|c| !c.is_empty())
                        .map(str::to_string)
                        .collect(),
                    None => {
                        match serde_json::from_str::<serde_json::Value>(&r.get::<_, String>(8)?) {
                            Ok(serde_json::Value::Object(m)) => {
                                m.into_iter().map(|(k, _)| k).collect()
                            }
                            _ => Vec::new(),
                        }
                    }
                };
                rows.push((
                    id,
                    origin.clone(),
                    oseq,
                    stamp(r.get(5)?, &origin),
                    acked && op == "U",
                    cols,
                ));
            }
            flush(&mut rows, &mut doomed);
        }
        let mut del =
            tx.prepare("UPDATE sync_log SET data = '{}', cols = NULL, prev = NULL WHERE id = ?1")?;
        for id in &doomed {
            del.execute([id])?;
        }
        let removed = u32::try_from(doomed.len()).unwrap_or(u32::MAX);
        Ok(PruneReport {
            removed,
            kept: total,
        })
    })
}
