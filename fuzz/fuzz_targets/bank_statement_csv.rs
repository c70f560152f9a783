//! The bank-statement CSV import's preview (USD bank against interest income).
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;
use std::sync::{LazyLock, Mutex};

static STORE: LazyLock<Mutex<despacho_core::Store>> = LazyLock::new(|| Mutex::new(common::demo_store()));

fuzz_target!(|data: &[u8]| {
    let store = STORE.lock().unwrap();
    let _ = despacho_core::ledger::preview_bank_statement(store.conn(), data, "1102", "4301");
});
