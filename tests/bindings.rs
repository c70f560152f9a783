//! The TypeScript bindings in `ui/src/lib/ipc/bindings.ts` are generated from the Rust
//! commands and types. This test regenerates them and fails when the committed file differs.
//! To refresh them: `DESPACHO_WRITE_BINDINGS=1 cargo test -p despacho --test bindings`.

use std::path::Path;

#[test]
fn typescript_bindings_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed_path = root.join(despacho_app::BINDINGS_PATH);
    let fresh_path =
        std::env::temp_dir().join(format!("despacho-bindings-{}.ts", std::process::id()));
    despacho_app::specta_builder::<tauri::Wry>()
        .export(specta_typescript::Typescript::default(), &fresh_path)
        .expect("export the bindings");
    let fresh = std::fs::read_to_string(&fresh_path).unwrap();
    let _ = std::fs::remove_file(&fresh_path);
    assert!(
        fresh.contains("membersList") && fresh.contains("export type AppError"),
        "unexpected export:\n{fresh}"
    );
    if std::env::var_os("DESPACHO_WRITE_BINDINGS").is_some() {
        std::fs::create_dir_all(committed_path.parent().unwrap()).unwrap();
        std::fs::write(&committed_path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is out of date with the Rust commands and types; regenerate it with \
         `DESPACHO_WRITE_BINDINGS=1 cargo test -p despacho --test bindings` and commit it",
        despacho_app::BINDINGS_PATH
    );
}
