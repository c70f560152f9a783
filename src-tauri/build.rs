fn main() {
    // The app's Tauri configuration sits at the repository root (docs/adr/0001-root-tauri-config.md).
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("tauri-build failed");
}
