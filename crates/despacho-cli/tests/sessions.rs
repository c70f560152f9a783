//! despacho-cli: bodies, sessions, agendas and the calendar export.
use std::io::Write;
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
    let mut input = child.stdin.take().unwrap();
    input.write_all(b"una clave larga\n").unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = cli(db, args);
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

fn store() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    ok(&db, &["init", "--admin", "sg", "--password-stdin"]);
    ok(&db, &["demo"]);
    (dir, db)
}

#[test]
fn bodies_sessions_and_agendas_from_the_command_line() {
    let (dir, db) = store();
    let bodies = json(&db, &["bodies", "list"]);
    let codes: Vec<&str> = bodies
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["code"].as_str().unwrap())
        .collect();
    assert_eq!(&codes[..3], ["GA", "CPISS", "CIESS-JD"]);
    assert!(ok(&db, &["bodies", "list"]).contains("Comité Permanente"));

    let list = json(&db, &["sessions", "list"]);
    assert_eq!(
        list.as_array().unwrap().len(),
        3,
        "the committee, the past Assembly and the next one (elections demo)"
    );
    let committee = json(&db, &["sessions", "list", "--body", "CPISS"]);
    let cid = committee[0]["id"].as_str().unwrap().to_string();
    let shown = json(&db, &["sessions", "show", &cid]);
    assert_eq!(shown["session"]["ordinal_roman"], "CXII");
    assert_eq!(shown["session"]["agenda_status"], "approved");
    // Ten voting seats, one held by a member the demo leaves in arrears without a plan.
    assert_eq!(shown["quorum"]["voting_members"], 9);
    let text = ok(&db, &["agenda", "show", &cid]);
    assert!(
        text.contains("10:00  1     Verificación del quórum"),
        "{text}"
    );
    assert!(text.contains("4.2"), "{text}");
    let en = ok(&db, &["agenda", "show", &cid, "--lang", "en"]);
    assert!(en.contains("Roll call, quorum and opening"), "{en}");

    // A new session: the id alone on stdout.
    let out = ok(
        &db,
        &[
            "sessions",
            "add",
            "--body",
            "CPISS",
            "--name",
            "CXIII Reunión del Comité Permanente",
            "--start",
            "2027-03-15T09:30",
            "--end",
            "2027-03-15T17:00",
            "--venue",
            "Ciudad de México",
            "--languages",
            "es,en",
        ],
    );
    let id = out.trim().to_string();
    assert_eq!(id.len(), 36, "{out}");
    let s = json(&db, &["sessions", "show", &id]);
    assert_eq!(s["session"]["starts_at"], "2027-03-15T09:30:00-06:00");
    assert_eq!(s["session"]["time_zone"], "America/Mexico_City");
    assert_eq!(s["session"]["languages"], serde_json::json!(["es", "en"]));
    assert_eq!(s["session"]["ordinal"], 113);

    let csv = dir.path().join("agenda.csv");
    std::fs::write(
        &csv,
        "\u{feff}number;title;kind;presenter;duration_minutes;title_en\n1;Apertura;information;Presidencia;15;Opening\n2;Informes;information;;0;Reports\n2.1;\"Informe, financiero\";decision;DEAF;30;Financial report\n",
    )
    .unwrap();
    let dry = json(
        &db,
        &["agenda", "import", &id, csv.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(dry["rows"].as_array().unwrap().len(), 3);
    assert_eq!(
        json(&db, &["agenda", "show", &id])["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert!(
        ok(&db, &["agenda", "import", &id, csv.to_str().unwrap()]).contains("imported 3 item(s)")
    );
    let a = json(&db, &["agenda", "show", &id]);
    let items = a["items"].as_array().unwrap();
    assert_eq!(items[2]["number"], "2.1");
    assert_eq!(items[2]["titles"]["es"], "Informe, financiero");
    assert_eq!(items[2]["start_time"], "09:45");
    assert_eq!(json(&db, &["agenda", "approve", &id])["status"], "approved");
    assert_eq!(
        json(&db, &["sessions", "status", &id, "convened"])["status"],
        "convened"
    );

    let ics = dir.path().join("all.ics");
    let r = json(&db, &["export", "ics", "--out", ics.to_str().unwrap()]);
    // The demo's three sessions and the one made above.
    assert_eq!(r["sessions"], 4);
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 4);
    let one = dir.path().join("one.ics");
    ok(
        &db,
        &[
            "export",
            "ics",
            "--session",
            &id,
            "--out",
            one.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&one).unwrap();
    assert!(text.contains("DTSTART:20270315T153000Z"), "{text}");
    assert!(text.contains(&format!("UID:{id}@")));
}

#[test]
fn refusals_exit_1_and_usage_errors_exit_2() {
    let (dir, db) = store();
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
    let add = |extra: &[&str]| {
        let mut a = vec![
            "sessions",
            "add",
            "--body",
            "CPISS",
            "--name",
            "X",
            "--start",
            "2027-01-10T10:00",
        ];
        a.extend_from_slice(extra);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let run = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        cli(&db, &refs)
    };
    let before = json(&db, &["sessions", "list"]).as_array().unwrap().len();
    // Refused operations: exit 1, code on stderr, nothing written.
    for (extra, code) in [
        (vec!["--tz", "Mars/Olympus"], "invalid_value"),
        (vec!["--end", "2027-01-09T10:00"], "invalid_value"),
        (vec!["--link", "no link"], "invalid_format"),
    ] {
        let out = run(add(&extra));
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(code),
            "{extra:?}"
        );
    }
    let mut as_auditor = vec!["--as".to_string(), "auditora".to_string()];
    as_auditor.extend(add(&[]));
    let out = run(as_auditor);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("forbidden"));
    let out = cli(
        &db,
        &[
            "sessions",
            "add",
            "--body",
            "NOPE",
            "--name",
            "X",
            "--start",
            "2027-01-10T10:00",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not_found"));
    assert_eq!(
        json(&db, &["sessions", "list"]).as_array().unwrap().len(),
        before
    );

    let id = ok(
        &db,
        &add(&[]).iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .trim()
    .to_string();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "number,title\n1,Bien\n1.1.1,Mal\n").unwrap();
    let out = cli(&db, &["agenda", "import", &id, bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 3"));
    assert_eq!(
        json(&db, &["agenda", "show", &id])["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // A session only moves forward.
    ok(&db, &["sessions", "status", &id, "held"]);
    assert_eq!(
        cli(&db, &["sessions", "status", &id, "convened"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        cli(&db, &["sessions", "show", "no-such-id"]).status.code(),
        Some(1)
    );

    // Usage errors: exit 2.
    assert_eq!(
        cli(&db, &["sessions", "add", "--name", "X"]).status.code(),
        Some(2)
    );
    assert_eq!(
        cli(
            &db,
            &[
                "sessions",
                "add",
                "--body",
                "GA",
                "--name",
                "X",
                "--start",
                "2027-01-01T10:00",
                "--languages",
                "es,de"
            ]
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        cli(&db, &["sessions", "status", &id, "reopened"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(cli(&db, &["export", "ics"]).status.code(), Some(2));
    assert_eq!(cli(&db, &["agenda", "frobnicate"]).status.code(), Some(2));
}

#[test]
fn cooperation_lists_and_contact_exports_from_the_command_line() {
    let (dir, db) = store();
    for (cmd, min) in [
        ("agreements", 4),
        ("assistance", 4),
        ("missions", 3),
        ("publications", 5),
    ] {
        let list = json(&db, &[cmd, "list"]);
        assert_eq!(list.as_array().unwrap().len(), min, "{cmd}");
    }
    let under_way = json(&db, &["missions", "list", "--status", "under_way"]);
    assert_eq!(under_way[0]["city"], "Monterrey");

    // The mission order prints, with its purpose, travellers and itinerary.
    let id = under_way[0]["id"].as_str().unwrap().to_string();
    let pdf = dir.path().join("orden.pdf");
    let printed = json(
        &db,
        &[
            "print",
            "mission",
            &id,
            "--lang",
            "es",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(printed["pages"].as_u64().unwrap() >= 1);
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in ["Orden de misión", "Viajeros", "Monterrey", "En curso"] {
        assert!(
            text.contains(expected),
            "the mission order lacks {expected}:\n{text}"
        );
    }
    let missing = cli(
        &db,
        &["print", "mission", "nope", "--out", pdf.to_str().unwrap()],
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(ok(&db, &["agreements", "list"]).contains("OISS"));
    let open = json(&db, &["assistance", "list", "--open"]);
    assert_eq!(open.as_array().unwrap().len(), 3);

    let vcf = dir.path().join("enlaces.vcf");
    let r = json(
        &db,
        &[
            "export",
            "contacts",
            "--list",
            "Enlaces en español",
            "--format",
            "vcf",
            "--out",
            vcf.to_str().unwrap(),
        ],
    );
    let n = r["contacts"].as_u64().unwrap();
    let text = std::fs::read_to_string(&vcf).unwrap();
    assert_eq!(
        text.matches("BEGIN:VCARD\r\nVERSION:4.0\r\n").count() as u64,
        n
    );
    assert!(text.ends_with("END:VCARD\r\n"));
    let csv = dir.path().join("enlaces.csv");
    ok(
        &db,
        &[
            "export",
            "contacts",
            "--list",
            "enlaces en español",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with(
        "name,position,email,phone,languages,organization,acronym,country,category\r\n"
    ));
    assert_eq!(text.lines().count() as u64, n + 1);
    // An unknown list is refused (exit 1) and writes nothing.
    let missing = dir.path().join("none.vcf");
    let out = cli(
        &db,
        &[
            "export",
            "contacts",
            "--list",
            "Nadie",
            "--format",
            "vcf",
            "--out",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!missing.exists());
    // A bad format is a usage error (exit 2).
    assert_eq!(
        cli(
            &db,
            &["export", "contacts", "--list", "x", "--format", "pdf", "--out", "x"]
        )
        .status
        .code(),
        Some(2)
    );
}
