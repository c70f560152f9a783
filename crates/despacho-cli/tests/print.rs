//! `print agenda|minutes|dossier` from the command line.
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

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn prints_the_agenda_bilingual_the_dossier_and_the_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    ok(&db, &["init", "--admin", "sg", "--password-stdin"]);
    ok(&db, &["demo"]);
    let list: serde_json::Value =
        serde_json::from_str(&ok(&db, &["--json", "sessions", "list", "--body", "CPISS"])).unwrap();
    let cpiss = list[0]["id"].as_str().unwrap().to_string();
    let list: serde_json::Value =
        serde_json::from_str(&ok(&db, &["--json", "sessions", "list", "--body", "GA"])).unwrap();
    let ga = list[0]["id"].as_str().unwrap().to_string();

    let agenda = dir.path().join("agenda.pdf");
    let report: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "--json",
            "print",
            "agenda",
            &cpiss,
            "--lang",
            "es+en",
            "--annotated",
            "--out",
            agenda.to_str().unwrap(),
        ],
    ))
    .unwrap();
    assert!(report["pages"].as_u64().unwrap() >= 1);
    assert!(std::fs::read(&agenda).unwrap().starts_with(b"%PDF-"));
    let text = pdftotext(&agenda);
    assert!(
        text.contains("Orden del día") && text.contains("Agenda"),
        "{text}"
    );

    let dossier = dir.path().join("dossier.pdf");
    ok(
        &db,
        &[
            "print",
            "dossier",
            &cpiss,
            "--out",
            dossier.to_str().unwrap(),
        ],
    );
    assert!(pdftotext(&dossier).contains("Orden del día"));

    let minutes = dir.path().join("acta.pdf");
    ok(
        &db,
        &[
            "print",
            "minutes",
            &ga,
            "--lang",
            "es",
            "--out",
            minutes.to_str().unwrap(),
        ],
    );
    assert!(pdftotext(&minutes).contains("Acta"));

    // A language that does not exist is a usage error; a session that does not exist is refused.
    let out = cli(
        &db,
        &["print", "agenda", &cpiss, "--lang", "de", "--out", "x.pdf"],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let out = cli(
        &db,
        &[
            "print",
            "agenda",
            "nope",
            "--out",
            dir.path().join("x.pdf").to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !dir.path().join("x.pdf").exists(),
        "nothing written on a refusal"
    );
}
