//! despacho-cli end to end: exit codes, --json, --as, import/export.
use std::io::Write;
use std::path::Path;
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
    // The command may finish without reading its input: a closed pipe is not a failure.
    let _ = input.write_all(stdin.unwrap_or("").as_bytes());
    drop(input);
    child.wait_with_output().unwrap()
}

fn ok(db: &Path, args: &[&str], stdin: Option<&str>) -> String {
    let out = cli(db, args, stdin);
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
    serde_json::from_str(&ok(db, &a, None)).unwrap()
}

#[test]
fn an_administrator_session_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    ok(
        &db,
        &[
            "init",
            "--admin",
            "sg",
            "--full-name",
            "Secretaría General",
            "--password-stdin",
        ],
        Some("una clave larga\n"),
    );
    assert!(ok(&db, &["check"], None).contains("integrity: ok"));
    assert_eq!(json(&db, &["check"])["integrity"], "ok");

    let demo = json(&db, &["demo"]);
    let n = demo["members"].as_u64().unwrap();
    assert!(n >= 25);
    let list = json(&db, &["members", "list"]);
    assert_eq!(list.as_array().unwrap().len() as u64, n);
    let mx = json(
        &db,
        &[
            "members",
            "list",
            "--country",
            "MX",
            "--category",
            "associate",
        ],
    );
    assert_eq!(mx.as_array().unwrap().len(), 2);

    let created = json(
        &db,
        &[
            "members",
            "add",
            "--name",
            "Instituto de Seguridad Social del Estado",
            "--acronym",
            "ISSEMYM",
            "--country",
            "MX",
            "--category",
            "titular",
            "--admission-date",
            "2001-03-04",
        ],
    );
    let id = created["id"].as_str().unwrap().to_string();
    let updated = json(
        &db,
        &[
            "members",
            "update",
            &id,
            "--email",
            "contacto@issemym.gob.mx",
            "--status",
            "suspended",
        ],
    );
    assert_eq!(updated["email"], "contacto@issemym.gob.mx");
    assert_eq!(
        updated["name"], "Instituto de Seguridad Social del Estado",
        "unchanged fields stay"
    );
    let shown = json(&db, &["members", "show", &id]);
    assert_eq!(shown["member"]["status"], "suspended");

    let csv = dir.path().join("out.csv");
    ok(
        &db,
        &["members", "export", "--out", csv.to_str().unwrap()],
        None,
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("ISSSTELEÓN"));
    let db2 = dir.path().join("other.db");
    ok(
        &db2,
        &["init", "--admin", "admin", "--password-stdin"],
        Some("otra clave larga"),
    );
    assert!(
        ok(&db2, &["members", "import", csv.to_str().unwrap()], None)
            .contains(&format!("imported {}", n + 1))
    );

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
        Some("clave de auditoría"),
    );
    let users = json(&db, &["users", "list"]);
    assert_eq!(users.as_array().unwrap().len(), 2);
    // Acting as the auditor, writes are refused with exit code 1 and the reason on stderr.
    let out = cli(&db, &["--as", "auditora", "members", "archive", &id], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("forbidden"));
    ok(&db, &["members", "archive", &id], None);
    assert_eq!(
        json(&db, &["members", "list"]).as_array().unwrap().len() as u64,
        n
    );
    assert_eq!(
        json(&db, &["members", "list", "--archived"])
            .as_array()
            .unwrap()
            .len() as u64,
        n + 1
    );
}

#[test]
fn refusals_exit_1_and_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    // No administrator yet.
    let out = cli(&db, &["members", "add", "--name", "X"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not_initialized"));
    ok(
        &db,
        &["init", "--admin", "sg", "--password-stdin"],
        Some("una clave larga"),
    );
    // A bad e-mail: refused, named, nothing written.
    let out = cli(
        &db,
        &[
            "members",
            "add",
            "--name",
            "Instituto",
            "--acronym",
            "I",
            "--country",
            "MX",
            "--category",
            "titular",
            "--email",
            "malo@",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid_format"));
    assert_eq!(json(&db, &["members", "list"]).as_array().unwrap().len(), 0);
    // Bad import file: nothing imported, rows named.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "name;acronym;country;category\nBueno;B;MX;titular\nMalo;M;QQ;titular\n",
    )
    .unwrap();
    let out = cli(&db, &["members", "import", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 3"));
    assert_eq!(json(&db, &["members", "list"]).as_array().unwrap().len(), 0);
    // Usage errors.
    assert_eq!(
        cli(&db, &["members", "frobnicate"], None).status.code(),
        Some(2)
    );
    assert_eq!(
        cli(
            &db,
            &["users", "add", "x", "--role", "king", "--password-stdin"],
            None
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        cli(&db, &["members", "show", "no-such-id"], None)
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn search_finds_every_kind_grouped_as_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    ok(
        &db,
        &["init", "--admin", "sg", "--password-stdin"],
        Some("una clave larga"),
    );
    ok(&db, &["demo"], None);
    // Accents and case do not matter; the exact acronym comes first among the members.
    let r = json(&db, &["search", "imss", "--limit", "3"]);
    assert_eq!(r["query"], "imss");
    let groups = r["groups"].as_array().unwrap();
    assert_eq!(groups[0]["kind"], "member");
    let first = &groups[0]["hits"][0];
    assert!(
        first["title"].as_str().unwrap().contains("(IMSS)"),
        "{first}"
    );
    assert!(groups
        .iter()
        .all(|g| g["hits"].as_array().unwrap().len() <= 3));
    let text = ok(&db, &["search", "SEGURO social"], None);
    assert!(text.starts_with("members: "), "{text}");
    assert!(text.contains("«Seguro»"), "{text}");
    // Hostile text is just words; a blank query is refused (exit 1, required).
    ok(&db, &["search", "\"NEAR( OR *"], None);
    ok(&db, &["search", "--", "-imss"], None);
    let out = cli(&db, &["search", "  "], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("required"));
}
