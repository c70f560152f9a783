//! Runs one SQL statement against a store and prints its rows, tab-separated — for `EXPLAIN QUERY
//! PLAN` and quick looks while profiling. The distribution's `sqlite3` is too old for the
//! schema (it cannot parse `ORDER BY` inside aggregates), so this uses the bundled SQLite.
//!
//! `cargo run -q -p despacho-core --example sql -- STORE.db "EXPLAIN QUERY PLAN SELECT …"`
//! opens the store read-only; `--write` first (`-- --write STORE.db "CREATE INDEX …"`) allows
//! changes, for trying an index on a copy.
use rusqlite::types::ValueRef;

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let write = args.next_if(|a| a == "--write").is_some();
    let (Some(db), Some(sql)) = (args.next(), args.next()) else {
        eprintln!("usage: sql STORE.db \"SQL\"");
        std::process::exit(2);
    };
    let flags = if write {
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
    } else {
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
    };
    let conn = rusqlite::Connection::open_with_flags(&db, flags).expect("open the store");
    // `SQL_REPEAT=N` runs the statement N times first, so that the time printed is warm.
    let repeat: usize = std::env::var("SQL_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    // The bound the app sets (store.rs).
    conn.execute_batch("PRAGMA cache_size = -8192")
        .expect("cache size");
    let mut st = conn.prepare(&sql).expect("prepare");
    for _ in 0..repeat {
        let mut rows = st.query([]).expect("query");
        while rows.next().expect("step").is_some() {}
    }
    let n = st.column_count();
    let started = std::time::Instant::now();
    let mut rows = st.query([]).expect("query");
    while let Some(r) = rows.next().expect("step") {
        let cells: Vec<String> = (0..n)
            .map(|i| match r.get_ref(i).expect("cell") {
                ValueRef::Null => "NULL".into(),
                ValueRef::Integer(v) => v.to_string(),
                ValueRef::Real(v) => v.to_string(),
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                ValueRef::Blob(b) => format!("<{} bytes>", b.len()),
            })
            .collect();
        println!("{}", cells.join("\t"));
    }
    eprintln!("({:?})", started.elapsed());
}
