//! A file offered as an incoming sync bundle (issue 7's reader): through `bundle::import_file`,
//! as the sync folder's import reads it, against a store holding the demo data with one
//! enrolled peer. Any bytes give an import report or a typed refusal, never a panic, and a
//! refused bundle changes nothing.
//!
//! Three shapes of input, chosen by the first byte, so that the fuzzer gets past the
//! checksum (which it cannot forge by chance):
//! - raw: the bytes are the file;
//! - framed: the bytes are the JSON body and the attached files, wrapped in the real framing
//!   (magic, format, lengths) with a correct SHA-256, so the JSON reader, the file list and
//!   the header checks are reached (the signature, which needs the peer's private key, fails);
//! - files: a valid body from this store's site to itself whose file list takes its lengths
//!   from the bytes (lengths that overflow, that do not add up, that point past the end).
#![no_main]
#[path = "common.rs"]
mod common;
use despacho_core::sync::bundle::{self, SyncError, FORMAT, MAGIC};
use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};
use std::sync::{LazyLock, Mutex};

struct Fixture {
    store: despacho_core::Store,
    user: despacho_core::users::User,
    dir: tempfile::TempDir,
    site: String,
    peer: String,
}

static FIXTURE: LazyLock<Mutex<Fixture>> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, user) = common::demo_store_at(&dir.path().join("office.db"));
    // A second site's key, enrolled as a peer of this one.
    let (mut other, other_user) = common::demo_store_at(&dir.path().join("laptop.db"));
    let other_key = despacho_core::sync::site_key(&mut other).expect("other key");
    let _ = other_user;
    let peer = despacho_core::sync::add_peer(&mut store, &user, "Laptop", &other_key).expect("peer");
    let site = despacho_core::sync::site_key(&mut store).expect("key");
    let site = site.split(':').next().unwrap_or_default().to_string();
    Mutex::new(Fixture { store, user, dir, site, peer: peer.id })
});

fn frame(json: &[u8], blobs: &[u8]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend(FORMAT.to_be_bytes());
    out.extend((json.len() as u64).to_be_bytes());
    out.extend(json);
    out.extend((blobs.len() as u64).to_be_bytes());
    out.extend(blobs);
    let sum = Sha256::digest(&out);
    out.extend(sum);
    out.extend([0u8; 64]);
    out
}

fn total_changes(store: &despacho_core::Store) -> i64 {
    store
        .conn()
        .query_row("SELECT total_changes()", [], |r| r.get(0))
        .expect("total_changes")
}

fuzz_target!(|data: &[u8]| {
    let mut fx = FIXTURE.lock().unwrap_or_else(|p| p.into_inner());
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let file = match mode % 3 {
        0 => rest.to_vec(),
        1 => {
            let cut = rest.first().map(|b| *b as usize).unwrap_or(0).min(rest.len());
            let (json, blobs) = rest.split_at(cut);
            frame(json, blobs)
        }
        _ => {
            let lens: Vec<u64> = rest
                .chunks(8)
                .take(4)
                .map(|c| {
                    let mut b = [0u8; 8];
                    b[..c.len()].copy_from_slice(c);
                    u64::from_le_bytes(b)
                })
                .collect();
            let files: Vec<serde_json::Value> = lens
                .iter()
                .map(|l| serde_json::json!({ "sha256": "00", "len": l }))
                .collect();
            let body = serde_json::json!({
                "header": {
                    "format": FORMAT, "from": fx.peer, "from_name": "Laptop", "to": fx.site,
                    "seq": 1, "prev_seq": 0, "created_at": "2026-01-01T00:00:00Z",
                    "schema_version": 1, "vector": {}
                },
                "changes": [],
                "files": files,
            });
            let blob_len = rest.len().min(64);
            frame(body.to_string().as_bytes(), &rest[..blob_len])
        }
    };
    let path = fx.dir.path().join("incoming.despacho-sync");
    std::fs::write(&path, &file).expect("write");
    let before = total_changes(&fx.store);
    let Fixture { store, user, .. } = &mut *fx;
    match bundle::import_file(store, user, &path) {
        Ok(_) => {}
        Err(SyncError::Refused(_)) | Err(SyncError::App(_)) => {
            assert_eq!(total_changes(store), before, "a refused bundle wrote to the store");
        }
    }
});
