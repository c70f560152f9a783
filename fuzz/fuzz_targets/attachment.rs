//! A document attached to an agenda item: the attachment reader copies the file's bytes
//! into the data folder under their SHA-256 (nothing parses them: no type sniffing) and
//! keeps the file's name and the title the user typed. The fuzzer chooses the bytes, the
//! file name and the title: every input gives the agenda or a typed refusal, never a panic;
//! an attached file is kept byte for byte under its hash, and a refused one writes no row.
#![no_main]
#[path = "common.rs"]
mod common;
use despacho_core::attachments::AttachmentInput;
use despacho_core::attachments;
use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};
use std::sync::{LazyLock, Mutex};

struct Fixture {
    store: despacho_core::Store,
    user: despacho_core::users::User,
    dir: tempfile::TempDir,
    item: String,
}

static FIXTURE: LazyLock<Mutex<Fixture>> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, user) = common::demo_store_at(&dir.path().join("office.db"));
    // An item of an agenda that can still be edited.
    let item: String = store
        .conn()
        .query_row(
            "SELECT i.id FROM agenda_items i JOIN sessions s ON s.id = i.session_id
             WHERE i.deleted_at IS NULL AND s.agenda_status = 'provisional' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap_or_else(|_| {
            store
                .conn()
                .query_row("SELECT id FROM agenda_items WHERE deleted_at IS NULL LIMIT 1", [], |r| r.get(0))
                .expect("an agenda item")
        });
    Mutex::new(Fixture { store, user, dir, item })
});

fn rows(store: &despacho_core::Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM agenda_attachments", [], |r| r.get(0))
        .expect("count")
}

fuzz_target!(|data: &[u8]| {
    let mut fx = FIXTURE.lock().unwrap_or_else(|p| p.into_inner());
    // [name length][title length][name][title][content]
    let (Some(&n), Some(&t)) = (data.first(), data.get(1)) else {
        return;
    };
    let rest = &data[2..];
    let n = (n as usize).min(rest.len());
    let (name, rest) = rest.split_at(n);
    let t = (t as usize).min(rest.len());
    let (title, content) = rest.split_at(t);
    let name = String::from_utf8_lossy(name).to_string();
    let title = String::from_utf8_lossy(title).to_string();
    // A file the user could pick: a name the file system accepts, in a folder of its own.
    let folder = fx.dir.path().join("picked");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("folder");
    let path = if name.is_empty() || name.contains(['/', '\0']) || name == "." || name == ".." || name.len() > 255 {
        folder.join("documento.pdf")
    } else {
        folder.join(&name)
    };
    if std::fs::write(&path, content).is_err() {
        return;
    }
    let before = rows(&fx.store);
    let Fixture { store, user, item, .. } = &mut *fx;
    let input = AttachmentInput { title, path: path.display().to_string() };
    match attachments::add_attachment(store, user, item, &input) {
        Ok(_) => {
            let sha: String = Sha256::digest(content).iter().map(|b| format!("{b:02x}")).collect();
            let data_dir = attachments::data_dir(store.conn()).expect("data dir");
            let kept = std::fs::read(attachments::file_path(&data_dir, &sha)).expect("kept file");
            assert_eq!(kept, content, "the kept file is the attached one");
            assert_eq!(rows(store), before + 1);
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            assert_eq!(rows(store), before, "a refused attachment wrote a row");
        }
    }
});
