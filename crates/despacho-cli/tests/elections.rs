//! `elections list|show` and `print eligibility` from the command line.
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
fn lists_shows_and_prints_the_demo_call() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    ok(&db, &["init", "--admin", "sg", "--password-stdin"]);
    ok(&db, &["demo"]);
    let list: serde_json::Value =
        serde_json::from_str(&ok(&db, &["--json", "elections", "list"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["status"], "closed");
    let call = list[0]["id"].as_str().unwrap().to_string();
    let text = ok(&db, &["elections", "list"]);
    assert!(text.contains("Convocatoria"), "{text}");

    let show: serde_json::Value =
        serde_json::from_str(&ok(&db, &["--json", "elections", "show", &call])).unwrap();
    assert_eq!(show["call"]["id"], call.as_str());
    assert_eq!(show["positions"].as_array().unwrap().len(), 4);
    assert_eq!(show["requirements"].as_array().unwrap().len(), 8);
    assert!(show["postulations"].as_array().unwrap().len() >= 5);
    let cells = show["cells"].as_array().unwrap();
    assert!(cells
        .iter()
        .any(|c| c["verdict"] == "not_met" && c["reason"]["code"] == "document_not_presented"));
    assert!(cells.iter().any(|c| c["verdict"] == "not_met"
        && c["reason"]["code"] == "nominator_in_arrears"
        && c["reason"]["params"]["member"] == "IESS"));
    let text = ok(&db, &["elections", "show", &call]);
    assert!(
        text.contains("[NOT MET] Plan de trabajo para el periodo: document not presented"),
        "{text}"
    );

    let pdf = dir.path().join("eligibility.pdf");
    let report: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "--json",
            "print",
            "eligibility",
            &call,
            "--lang",
            "es",
            "--out",
            pdf.to_str().unwrap(),
        ],
    ))
    .unwrap();
    assert!(report["pages"].as_u64().unwrap() >= 2);
    let text = pdftotext(&pdf);
    assert!(text.contains("PROYECTO"), "{text}");
    assert!(
        text.contains("No cumple. Documento no presentado."),
        "{text}"
    );

    // Refusals: an unknown call (1), a signed version that does not exist (1), a bad language (2).
    let out = cli(&db, &["elections", "show", "no-such-call"], "");
    assert_eq!(out.status.code(), Some(1));
    let out = cli(
        &db,
        &[
            "print",
            "eligibility",
            &call,
            "--version",
            "1",
            "--out",
            pdf.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cli(
        &db,
        &[
            "print",
            "eligibility",
            &call,
            "--lang",
            "de",
            "--out",
            pdf.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
}
