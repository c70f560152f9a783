//! Runs the desk N times on a store (for a profiler): `desk_loop STORE [N] [SECTION]`.
use despacho_core::users::Language;
use despacho_core::{desk, Store};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("store path");
    let n: usize = args.next().map_or(200, |s| s.parse().unwrap());
    let store = Store::open(std::path::Path::new(&path)).unwrap();
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(desk::desk(store.conn(), Language::Es).unwrap());
    }
    eprintln!("{:?} per desk", t.elapsed() / n as u32);
}
