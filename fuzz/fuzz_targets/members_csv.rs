//! The member-institution CSV import's preview: any bytes give a preview or a typed error.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use std::sync::Mutex;

static STORE: LazyLock<Mutex<despacho_core::Store>> = LazyLock::new(|| Mutex::new(common::demo_store()));

fuzz_target!(|data: &[u8]| {
    let store = STORE.lock().unwrap();
    let _ = despacho_core::members::preview_import(store.conn(), data);
});
