//! The restore drill: a store with the demo, a backup, later changes, a restore that brings
//! back exactly the backed-up data (members, dues, statements) and passes `check`; refused
//! restores (a text file, a truncated copy, a missing file) change nothing.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn cli(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_despacho-cli"))
        .env("DESPACHO_PASSPHRASE", "frase de paso de las pruebas")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = cli(db, args, None);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    serde_json::from_str(&ok(db, &a)).unwrap()
}

fn this_year() -> String {
    String::from_utf8(Command::new("date").arg("+%Y").output().unwrap().stdout)
        .unwrap()
        .trim()
        .to_string()
}

/// What the drill compares: members, dues status and the statements of the year.
fn snapshot(db: &Path) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
    let mut statements = json(db, &["statements", "--year", &this_year()]);
    // Generated-at stamps are not data.
    if let Some(o) = statements.as_object_mut() {
        o.remove("generated_at");
    }
    (
        json(db, &["members", "list", "--archived"]),
        json(db, &["dues", "status"]),
        statements,
    )
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn restore_drill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let out = cli(
        &db,
        &["init", "--admin", "sg", "--password-stdin"],
        Some("una clave larga\n"),
    );
    assert!(out.status.success());
    ok(&db, &["demo"]);
    let before = snapshot(&db);

    let saved: PathBuf = dir.path().join("backups").join("drill.db");
    let report = json(&db, &["backup", "--out", saved.to_str().unwrap()]);
    assert_eq!(report["integrity"], "ok");
    assert_eq!(report["sha256"].as_str().unwrap().len(), 64);
    assert!(report["bytes"].as_u64().unwrap() > 0);

    // Later changes: a member, a dues payment (journal, allocations), an archive.
    let added = json(
        &db,
        &[
            "members",
            "add",
            "--name",
            "Instituto Posterior",
            "--acronym",
            "IPOST",
            "--country",
            "UY",
            "--category",
            "titular",
        ],
    );
    let owing = before.1.as_array().unwrap().iter().find(|s| {
        s["owed"]
            .as_str()
            .map(|o| o != "0.00" && o != "0")
            .unwrap_or(false)
    });
    let owing = owing.expect("the demo has a member that owes dues");
    ok(
        &db,
        &[
            "dues",
            "pay",
            owing["member_acronym"].as_str().unwrap(),
            "--amount",
            "100.00",
        ],
    );
    let first = before.0.as_array().unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(&db, &["members", "archive", &first]);
    let changed = snapshot(&db);
    assert_ne!(changed.0, before.0);
    assert_ne!(changed.1, before.1);
    assert_ne!(changed.2, before.2);

    // Without --yes: shows both sides and exits 2, nothing replaced.
    let store_bytes = std::fs::read(&db).unwrap();
    let ask = cli(&db, &["restore", saved.to_str().unwrap()], None);
    assert_eq!(ask.status.code(), Some(2));
    let text = String::from_utf8_lossy(&ask.stdout);
    assert!(
        text.contains("--yes") && text.contains("would replace"),
        "{text}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), store_bytes);

    let r = json(&db, &["restore", saved.to_str().unwrap(), "--yes"]);
    let safety = PathBuf::from(r["safety_backup"].as_str().unwrap());
    assert!(safety.exists());

    let after = snapshot(&db);
    assert_eq!(after.0, before.0, "members as backed up");
    assert_eq!(after.1, before.1, "dues as backed up");
    assert_eq!(after.2, before.2, "statements as backed up");
    assert!(!after
        .0
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["id"] == added["id"]));
    assert_eq!(json(&db, &["check"])["integrity"], "ok");
    // The safety backup holds the later changes.
    let s = json(&safety, &["members", "list", "--archived"]);
    assert!(s.as_array().unwrap().iter().any(|m| m["id"] == added["id"]));

    // Refusals change nothing: a text file, a truncated copy, a missing file.
    let text_file = dir.path().join("notes.txt");
    std::fs::write(&text_file, "esto no es una copia de seguridad\n").unwrap();
    let bytes = std::fs::read(&saved).unwrap();
    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let missing = dir.path().join("missing.db");
    for (bad, code) in [
        (&text_file, "invalid_format"),
        (&truncated, "invalid_format"),
        (&missing, "not_found"),
    ] {
        let listing = files(dir.path());
        for args in [
            vec!["restore", bad.to_str().unwrap(), "--yes"],
            vec!["restore", bad.to_str().unwrap()],
        ] {
            let out = cli(&db, &args, None);
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(code), "{args:?}: {err}");
            assert_eq!(files(dir.path()), listing, "{args:?} changed a file");
        }
    }
    assert_eq!(snapshot(&db), before);
}

#[test]
fn scheduled_backups_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    assert!(cli(
        &db,
        &["init", "--admin", "sg", "--password-stdin"],
        Some("una clave larga\n"),
    )
    .status
    .success());
    let folder = dir.path().join("copies");
    assert!(ok(&db, &["backup", "--scheduled"]).contains("not set up"));
    let s = json(
        &db,
        &[
            "backup",
            "settings",
            "--folder",
            folder.to_str().unwrap(),
            "--every-hours",
            "6",
            "--keep",
            "3",
        ],
    );
    assert_eq!(s["settings"]["keep"], 3);
    let bad = cli(&db, &["backup", "settings", "--keep", "0"], None);
    assert_eq!(bad.status.code(), Some(1));
    let r = json(&db, &["backup", "--scheduled"]);
    assert_eq!(r["integrity"], "ok");
    assert!(ok(&db, &["backup", "--scheduled"]).contains("no backup due"));
    let list = json(&db, &["backup", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["path"], r["path"]);
}
