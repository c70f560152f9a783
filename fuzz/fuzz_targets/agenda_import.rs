//! The agenda imports' previews: a CSV file and a pasted list, into the demo's next
//! Standing Committee session.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;
use std::sync::{LazyLock, Mutex};

static STORE: LazyLock<Mutex<(despacho_core::Store, String)>> = LazyLock::new(|| {
    let store = common::demo_store();
    let id: String = store
        .conn()
        .query_row("SELECT id FROM sessions ORDER BY starts_at DESC LIMIT 1", [], |r| r.get(0))
        .expect("a demo session");
    Mutex::new((store, id))
});

fuzz_target!(|data: &[u8]| {
    let guard = STORE.lock().unwrap();
    let (store, session) = &*guard;
    let _ = despacho_core::agenda::preview_csv(store.conn(), session, data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = despacho_core::agenda::preview_text(store.conn(), session, text);
    }
});
