//! despacho-cli: `check` names a hand-edited audit row; the audit viewer; password resets;
//! the permissions table.
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

fn store_with_members(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("store.db");
    ok(
        &db,
        &["init", "--admin", "sg", "--password-stdin"],
        Some("una clave larga\n"),
    );
    for (name, acronym) in [
        ("Instituto A", "IA"),
        ("Instituto B", "IB"),
        ("Instituto C", "IC"),
    ] {
        ok(
            &db,
            &[
                "members",
                "add",
                "--name",
                name,
                "--acronym",
                acronym,
                "--country",
                "MX",
                "--category",
                "titular",
            ],
            None,
        );
    }
    db
}

#[test]
fn check_names_a_hand_edited_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_members(dir.path());
    let report = json(&db, &["check"]);
    assert_eq!(report["audit_chain"]["ok"], true, "{report}");
    assert_eq!(report["audit_chain"]["rows"], 4);
    assert!(ok(&db, &["check"], None).contains("audit chain: 4 row(s), ok"));

    // As with the sqlite tool: plain SQL on the file.
    let (id, seq): (String, i64) = {
        let conn = sql_conn(&db);
        let row = conn
            .query_row("SELECT id, seq FROM audit_log WHERE seq = 3", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        conn.execute(
            "UPDATE audit_log SET summary = '{\"name\":\"Otro instituto\"}' WHERE seq = 3",
            [],
        )
        .unwrap();
        row
    };
    let out = cli(&db, &["check"], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&id) && stderr.contains("row 3"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("BROKEN"));

    let out = cli(&db, &["--json", "check"], None);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let b = &report["audit_chain"]["first_broken"];
    assert_eq!(
        (b["seq"].as_i64(), b["id"].as_str()),
        (Some(seq), Some(id.as_str())),
        "{report}"
    );
    assert_eq!(b["operation"], "members.create");
}

#[test]
fn check_detects_a_deleted_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_members(dir.path());
    sql_conn(&db)
        .execute("DELETE FROM audit_log WHERE seq = 2", [])
        .unwrap();
    let out = cli(&db, &["--json", "check"], None);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["audit_chain"]["first_broken"]["seq"], 3, "{report}");
}

#[test]
fn audit_list_and_export_for_the_auditor_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_members(dir.path());
    ok(
        &db,
        &[
            "users",
            "add",
            "aud",
            "--role",
            "auditor",
            "--password-stdin",
        ],
        Some("una clave larga\n"),
    );
    ok(
        &db,
        &["users", "add", "ana", "--role", "staff", "--password-stdin"],
        Some("una clave larga\n"),
    );

    let page = json(
        &db,
        &[
            "--as",
            "aud",
            "audit",
            "list",
            "--operation",
            "members.",
            "--limit",
            "2",
        ],
    );
    assert_eq!(page["total"], 3);
    assert_eq!(page["entries"].as_array().unwrap().len(), 2);
    assert_eq!(page["entries"][0]["operation"], "members.create");
    assert!(page["entries"][0]["seq"].as_i64() > page["entries"][1]["seq"].as_i64());
    let by_user = json(&db, &["audit", "list", "--user", "sg"]);
    assert_eq!(by_user["total"], 6, "{by_user}");
    let today = ok(
        &db,
        &[
            "audit",
            "list",
            "--from",
            "2000-01-01",
            "--to",
            "2999-12-31",
        ],
        None,
    );
    assert!(today.contains("of 6 row(s)"), "{today}");

    let csv = dir.path().join("audit.csv");
    let out = json(
        &db,
        &[
            "--as",
            "aud",
            "audit",
            "export",
            "--operation",
            "users.",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(out["rows"], 3);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("seq,id,at,"), "{text}");
    assert_eq!(text.matches("\r\n").count(), 4);

    let refused = cli(&db, &["--as", "ana", "audit", "list"], None);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("forbidden"));
    let bad = cli(&db, &["audit", "list", "--from", "2024-02-30"], None);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn users_reset_password_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_members(dir.path());
    ok(
        &db,
        &["users", "add", "ana", "--role", "staff", "--password-stdin"],
        Some("una clave larga\n"),
    );
    let weak = cli(
        &db,
        &["users", "reset-password", "ana", "--password-stdin"],
        Some("short\n"),
    );
    assert_eq!(weak.status.code(), Some(1));
    let refused = cli(
        &db,
        &[
            "--as",
            "ana",
            "users",
            "reset-password",
            "sg",
            "--password-stdin",
        ],
        Some("Nueva clave 2030\n"),
    );
    assert_eq!(refused.status.code(), Some(1));
    let r: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "--json",
            "users",
            "reset-password",
            "ana",
            "--password-stdin",
        ],
        Some("Nueva clave 2030\n"),
    ))
    .unwrap();
    assert_eq!(r["user"]["username"], "ana");
    assert_eq!(r["must_change_password"], true);
    let audit = json(
        &db,
        &["audit", "list", "--operation", "users.reset_password"],
    );
    assert_eq!(audit["total"], 1);
    assert_eq!(audit["entries"][0]["user_name"], "sg");

    ok(&db, &["users", "deactivate", "ana"], None);
    let list = json(&db, &["audit", "list", "--operation", "users.deactivate"]);
    assert_eq!(list["total"], 1);
    ok(&db, &["users", "reactivate", "ana"], None);
}

#[test]
fn permissions_markdown_is_docs_permissions_md() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let md = ok(&db, &["permissions", "--markdown"], None);
    let docs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/PERMISSIONS.md"
    ))
    .unwrap();
    assert_eq!(
        md, docs,
        "regenerate docs/PERMISSIONS.md with `despacho-cli permissions --markdown`"
    );
    let rows = json(&db, &["permissions"]);
    let audit = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["permission"] == "view_audit")
        .unwrap();
    assert_eq!(audit["roles"]["auditor"], "yes");
    assert_eq!(audit["roles"]["staff"], "no");
}

/// A plain SQL connection on the encrypted store, as the sqlite tool keyed with the store's
/// data key would have (`PRAGMA key`).
fn sql_conn(db: &Path) -> rusqlite::Connection {
    let key = despacho_core::crypt::unlock(db, "frase de paso de las pruebas").unwrap();
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.to_hex()))
        .unwrap();
    conn
}
