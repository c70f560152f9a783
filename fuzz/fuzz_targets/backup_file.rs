//! A file offered for restore: any bytes are refused with a typed error or verified, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("offered.db");
    std::fs::write(&path, data).expect("write");
    let _ = despacho_core::backup::verify_file(&path);
});
