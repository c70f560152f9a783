//! `obligations list|complete` and `print compliance` from the command line.
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn cli(db: &Path, args: &[&str]) -> Output {
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
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"una clave larga").unwrap();
    child.wait_with_output().unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = cli(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(db, &all)).unwrap()
}

#[test]
fn list_complete_and_print_the_compliance_register() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    ok(&db, &["init", "--admin", "sg", "--password-stdin"]);
    ok(&db, &["demo"]);

    let overdue = json(&db, &["obligations", "list", "--overdue"]);
    let overdue = overdue.as_array().unwrap();
    assert!(!overdue.is_empty());
    assert!(overdue.iter().all(|o| o["overdue"] == true));
    let soon = json(&db, &["obligations", "list", "--due-within", "30"]);
    let soon = soon.as_array().unwrap();
    assert!(soon.len() >= 3);
    assert!(soon
        .iter()
        .all(|o| o["overdue"] == false && o["days_left"].as_i64().unwrap() <= 30));
    let both = json(&db, &["obligations", "list"]);
    assert_eq!(both.as_array().unwrap().len(), overdue.len() + soon.len());
    // The text lists start with the occurrence ids.
    let text = ok(&db, &["obligations", "list", "--overdue"]);
    let first_id = overdue[0]["id"].as_str().unwrap();
    assert!(text.lines().next().unwrap().starts_with(first_id), "{text}");
    assert!(text.contains("[overdue]"));

    // Complete the first overdue one with a file.
    let evidence = dir.path().join("constancia.pdf");
    std::fs::write(&evidence, b"%PDF-1.4 constancia").unwrap();
    let done = json(
        &db,
        &[
            "obligations",
            "complete",
            first_id,
            "--evidence",
            evidence.to_str().unwrap(),
            "--note",
            "Entregado a la Presidencia",
        ],
    );
    assert_eq!(done["occurrence"]["status"], "done");
    assert_eq!(done["evidence"][0]["file_name"], "constancia.pdf");
    let sha = done["evidence"][0]["sha256"].as_str().unwrap();
    assert!(dir.path().join("attachments").join(sha).exists());
    let after = json(&db, &["obligations", "list", "--overdue"]);
    assert_eq!(after.as_array().unwrap().len(), overdue.len() - 1);

    // Refusals: again (already done), an unknown id, a missing file, a future effective
    // date, the Auditor; usage errors exit 2.
    let again = cli(
        &db,
        &[
            "obligations",
            "complete",
            first_id,
            "--evidence",
            evidence.to_str().unwrap(),
        ],
    );
    assert_eq!(again.status.code(), Some(1));
    let unknown = cli(
        &db,
        &[
            "obligations",
            "complete",
            "nope",
            "--evidence",
            evidence.to_str().unwrap(),
        ],
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("not_found"));
    let second = overdue
        .get(1)
        .map(|o| o["id"].as_str().unwrap().to_string());
    if let Some(second) = &second {
        let missing = cli(
            &db,
            &[
                "obligations",
                "complete",
                second,
                "--evidence",
                "/no/such.pdf",
            ],
        );
        assert_eq!(missing.status.code(), Some(1));
        let future = cli(
            &db,
            &[
                "obligations",
                "complete",
                second,
                "--evidence",
                evidence.to_str().unwrap(),
                "--effective",
                "2999-01-01",
            ],
        );
        assert_eq!(future.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&future.stderr).contains("future"));
        ok(
            &db,
            &[
                "users",
                "add",
                "auditora",
                "--role",
                "auditor",
                "--password-stdin",
            ],
        );
        let forbidden = cli(
            &db,
            &[
                "--as",
                "auditora",
                "obligations",
                "complete",
                second,
                "--evidence",
                evidence.to_str().unwrap(),
            ],
        );
        assert_eq!(forbidden.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&forbidden.stderr).contains("forbidden"));
    }
    assert_eq!(
        cli(&db, &["obligations", "list", "--due-within", "many"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        cli(&db, &["obligations", "complete", first_id])
            .status
            .code(),
        Some(2)
    );

    // The report.
    let pdf = dir.path().join("cumplimiento.pdf");
    let r = json(
        &db,
        &[
            "print",
            "compliance",
            "--from",
            "2020-01-01",
            "--to",
            "2030-12-31",
            "--lang",
            "fr",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(r["pages"].as_u64().unwrap() >= 2);
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for needle in [
        "Rapport de conformité",
        "Accord de siège",
        "Estatuto de la Conferencia",
        "constancia.pdf",
        "Entregado a la Presidencia",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    let bad = cli(
        &db,
        &[
            "print",
            "compliance",
            "--from",
            "2026-05-01",
            "--to",
            "2026-01-01",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        cli(
            &db,
            &[
                "print",
                "compliance",
                "--from",
                "2026-01-01",
                "--to",
                "2026-02-01",
                "--lang",
                "de",
                "--out",
                "x.pdf"
            ]
        )
        .status
        .code(),
        Some(2)
    );
}
