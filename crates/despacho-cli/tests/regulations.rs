//! `regulations list|show|diff` and `print regulation|redline` from the command line.
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn cli(db: &Path, args: &[&str], stdin: &str) -> Output {
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
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = cli(db, args, "una clave larga");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn demo(dir: &Path) -> (std::path::PathBuf, String) {
    let db = dir.join("r.db");
    ok(&db, &["init", "--admin", "sg", "--password-stdin"]);
    ok(&db, &["demo"]);
    let list: serde_json::Value =
        serde_json::from_str(&ok(&db, &["--json", "regulations", "list"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["status"], "draft");
    assert_eq!(list[0]["version_count"], 2);
    assert_eq!(list[0]["titles"]["es"], "Reforma al Reglamento Financiero");
    let id = list[0]["id"].as_str().unwrap().to_string();
    (db, id)
}

#[test]
fn lists_shows_and_diffs_the_demo_project() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = demo(dir.path());

    let show: serde_json::Value =
        serde_json::from_str(&ok(&db, &["--json", "regulations", "show", &id])).unwrap();
    assert_eq!(show["articles"].as_array().unwrap().len(), 6);
    assert_eq!(show["versions"][1]["number"], 2);
    // The comment on the dropped article 5 goes with it.
    assert_eq!(show["comments"].as_array().unwrap().len(), 2);

    let text = ok(
        &db,
        &["regulations", "diff", &id, "--from", "1", "--to", "2"],
    );
    assert!(text.contains("1 added, 1 removed, 3 changed"), "{text}");
    assert!(
        text.contains("equivalente a [-tres-]{+seis+} meses"),
        "{text}"
    );
    assert!(text.contains("~ [-3-]{+4+}. Cuotas"), "{text}");
    let en = ok(
        &db,
        &[
            "regulations",
            "diff",
            &id,
            "--from",
            "1",
            "--to",
            "2",
            "--lang",
            "en",
        ],
    );
    assert!(en.contains("language: en"), "{en}");
    assert!(
        en.contains("equal to [-three-]{+six+}") || en.contains("{+Reserve fund+}"),
        "{en}"
    );
    // Version 2 and the working copy are the same.
    let same: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "--json",
            "regulations",
            "diff",
            &id,
            "--from",
            "2",
            "--to",
            "working",
        ],
    ))
    .unwrap();
    assert_eq!(
        (
            same["added"].as_u64(),
            same["removed"].as_u64(),
            same["changed"].as_u64()
        ),
        (Some(0), Some(0), Some(0))
    );
    assert_eq!(same["articles"][0]["text"][0]["kind"], "equal");

    // Unknown version: refused (1); not a version: usage (2).
    let out = cli(
        &db,
        &["regulations", "diff", &id, "--from", "1", "--to", "9"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not_found"));
    let out = cli(
        &db,
        &["regulations", "diff", &id, "--from", "0", "--to", "2"],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let out = cli(&db, &["regulations", "show", "nope"], "");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn prints_the_draft_and_the_redline() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = demo(dir.path());
    let draft = dir.path().join("draft.pdf");
    let report: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "--json",
            "print",
            "regulation",
            &id,
            "--version",
            "1",
            "--out",
            draft.to_str().unwrap(),
        ],
    ))
    .unwrap();
    assert_eq!(report["pages"], 1);
    assert!(std::fs::read(&draft).unwrap().starts_with(b"%PDF"));
    let red = dir.path().join("redline.pdf");
    ok(
        &db,
        &[
            "print",
            "redline",
            &id,
            "--from",
            "1",
            "--to",
            "working",
            "--lang",
            "pt",
            "--out",
            red.to_str().unwrap(),
        ],
    );
    let text = Command::new("pdftotext")
        .arg(&red)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Comparação de versões"), "{text}");
    let out = cli(
        &db,
        &[
            "print",
            "redline",
            &id,
            "--from",
            "1",
            "--to",
            "3",
            "--out",
            red.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
}
