//! The journal CSV import's preview.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;
use std::sync::{LazyLock, Mutex};

static STORE: LazyLock<Mutex<despacho_core::Store>> = LazyLock::new(|| Mutex::new(common::demo_store()));

fuzz_target!(|data: &[u8]| {
    let store = STORE.lock().unwrap();
    let _ = despacho_core::ledger::preview_ledger_import(store.conn(), data);
});
