//! The store's encryption from the command line (ADR 0008): the passphrase from the
//! environment, a clear refusal without one, the recovery key printed once and accepted,
//! `key change|recovery|reset|status|remember`, and a plaintext store encrypted in place.
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const PASS: &str = "frase de paso de las pruebas";

fn run(db: &Path, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_despacho-cli"));
    cmd.env_remove("DESPACHO_PASSPHRASE")
        .env_remove("DESPACHO_NEW_PASSPHRASE")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    if let Some(s) = stdin {
        child
            .stdin
            .as_mut()
            .unwrap()
            .write_all(s.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn with_pass(db: &Path, args: &[&str]) -> Output {
    run(db, args, &[("DESPACHO_PASSPHRASE", PASS)], None)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn recovery_in(text: &str) -> String {
    let line = text
        .lines()
        .skip_while(|l| !l.starts_with("RECOVERY KEY"))
        .nth(1)
        .expect("the recovery key is printed");
    line.trim().to_string()
}

fn new_store(db: &Path) -> String {
    let o = run(
        db,
        &["init", "--admin", "sg", "--password-stdin"],
        &[("DESPACHO_PASSPHRASE", PASS)],
        Some("una clave larga\n"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o2 = with_pass(
        db,
        &[
            "members",
            "add",
            "--name",
            "Instituto Zafiro",
            "--acronym",
            "IZ",
            "--country",
            "MX",
            "--category",
            "titular",
        ],
    );
    assert!(o2.status.success(), "{}", stderr(&o2));
    recovery_in(&stderr(&o))
}

#[test]
fn a_new_store_is_encrypted_and_needs_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("despacho.db");
    let recovery = new_store(&db);
    assert_eq!(recovery.split('-').count(), 8);
    let bytes = std::fs::read(&db).unwrap();
    assert_ne!(&bytes[..15], b"SQLite format 3");
    assert!(!bytes.windows(6).any(|w| w == b"Zafiro"));

    // No passphrase and no terminal: refused, typed, exit 1.
    let o = run(&db, &["members", "list"], &[], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("(locked)"), "{}", stderr(&o));
    // A wrong one: refused, nothing written.
    let before = std::fs::read(&db).unwrap();
    let o = run(
        &db,
        &["members", "list"],
        &[("DESPACHO_PASSPHRASE", "otra frase cualquiera")],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("(wrong_passphrase)"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&db).unwrap(), before);
    // The right one.
    let o = with_pass(&db, &["--json", "members", "list"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("Instituto Zafiro"));
    // The recovery key, as typed, without any passphrase.
    let o = run(
        &db,
        &[
            "--recovery-key",
            &recovery.to_lowercase(),
            "--json",
            "members",
            "list",
        ],
        &[],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(
        &db,
        &["--json", "key", "status"],
        &[("DESPACHO_PASSPHRASE", PASS)],
        None,
    );
    let status: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(status["encrypted"], true);
    assert_eq!(status["remembered"], false);
}

#[test]
fn change_the_passphrase_issue_a_recovery_key_and_reset_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("despacho.db");
    let old_recovery = new_store(&db);
    // A short new passphrase is refused.
    let o = run(
        &db,
        &["key", "change"],
        &[
            ("DESPACHO_PASSPHRASE", PASS),
            ("DESPACHO_NEW_PASSPHRASE", "corta"),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let o = run(
        &db,
        &["key", "change"],
        &[
            ("DESPACHO_PASSPHRASE", PASS),
            ("DESPACHO_NEW_PASSPHRASE", "la segunda frase de paso"),
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(with_pass(&db, &["members", "list"]).status.code(), Some(1));
    let second = [("DESPACHO_PASSPHRASE", "la segunda frase de paso")];
    assert!(run(&db, &["members", "list"], &second, None)
        .status
        .success());
    // A new recovery key: the old one stops working.
    let o = run(&db, &["--json", "key", "recovery"], &second, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let new_recovery = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
        ["recovery_key"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(new_recovery, old_recovery);
    let o = run(
        &db,
        &["--recovery-key", &old_recovery, "members", "list"],
        &[],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    // Forgotten passphrase: reset it with the recovery key.
    let o = run(
        &db,
        &["--recovery-key", &new_recovery, "key", "reset"],
        &[("DESPACHO_NEW_PASSPHRASE", "la tercera frase de paso")],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        run(&db, &["members", "list"], &second, None).status.code(),
        Some(1)
    );
    let o = run(
        &db,
        &["--json", "members", "list"],
        &[("DESPACHO_PASSPHRASE", "la tercera frase de paso")],
        None,
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("Instituto Zafiro"));
}

#[test]
fn a_plaintext_store_is_encrypted_in_place_by_the_first_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("despacho.db");
    {
        let mut store = despacho_core::Store::open(&db).unwrap();
        let admin = despacho_core::users::create_first_admin(
            &mut store,
            despacho_core::users::NewUser {
                username: "sg".into(),
                full_name: "SG".into(),
                role: despacho_core::users::Role::SecretaryGeneral,
                is_admin: true,
                password: "una clave larga".into(),
                language: despacho_core::users::Language::Es,
            },
        )
        .unwrap();
        despacho_core::demo::load(&mut store, &admin).unwrap();
    }
    assert_eq!(&std::fs::read(&db).unwrap()[..15], b"SQLite format 3");
    let o = with_pass(&db, &["--json", "members", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let members: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(members.as_array().unwrap().len() >= 25);
    let err = stderr(&o);
    assert!(
        err.contains("is now encrypted") && err.contains("before-encryption"),
        "{err}"
    );
    assert!(err.contains("RECOVERY KEY"));
    assert_ne!(&std::fs::read(&db).unwrap()[..15], b"SQLite format 3");
    let backup = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("before-encryption"))
        .expect("the verified backup is kept beside the store");
    assert_eq!(&std::fs::read(&backup).unwrap()[..15], b"SQLite format 3");
    // The check passes on the encrypted store.
    assert!(with_pass(&db, &["check"]).status.success());
}
