//! Warming the desk (`desk::warm`, issue 9): after it, the desk reads every page it needs from
//! SQLite's page cache; without it, the first desk of a newly opened store reads from the file.
mod common;

use despacho_core::users::{self, Language, Role};
use despacho_core::{desk, generate, Store};

/// Bytes this process has read through read(2)/pread(2) so far (Linux: `rchar` of
/// /proc/self/io). SQLite reads the store's pages with pread (no memory map): what it finds
/// in its page cache costs no read.
fn bytes_read() -> u64 {
    let io = std::fs::read_to_string("/proc/self/io").unwrap();
    io.lines()
        .find_map(|l| l.strip_prefix("rchar: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Bytes read while reading the desk once.
fn read_by_one_desk(store: &Store) -> u64 {
    let before = bytes_read();
    let d = desk::desk(store.conn(), Language::Es).unwrap();
    assert!(d.members.total > 0, "the generated office has members");
    bytes_read() - before
}

#[test]
fn after_warming_the_first_desk_reads_nothing_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    {
        let mut store = Store::open(&path).unwrap();
        let admin =
            users::create_first_admin(&mut store, common::new_user("sg", Role::SecretaryGeneral))
                .unwrap();
        generate::generate(&mut store, &admin, 1, 3, &mut |_| {}).unwrap();
    }

    // A newly opened store: the first desk reads its pages from the file, the second does not.
    let cold = Store::open(&path).unwrap();
    let first = read_by_one_desk(&cold);
    assert!(
        first >= 20 * 4096,
        "a cold desk reads pages from the file: {first} bytes"
    );
    let again = read_by_one_desk(&cold);
    assert!(again < 4096, "the same desk again is cached: {again} bytes");
    drop(cold);

    // Warmed right after opening: the first desk finds every page in the cache.
    let warmed = Store::open(&path).unwrap();
    let before = bytes_read();
    desk::warm(warmed.conn()).unwrap();
    let warming = bytes_read() - before;
    assert!(
        warming >= first,
        "warming read what the cold desk read: {warming} bytes"
    );
    let after = read_by_one_desk(&warmed);
    assert!(
        after < 4096,
        "the first desk after warming read {after} bytes"
    );
}
