//! Two installations with their own data folders sync through the command line: keys and
//! peers, a sync folder, an edit that travels, a conflicting edit in the inbox and its
//! resolution, a laptop from a snapshot, refused bundles (exit 1, nothing changed), `digest`
//! and `check` on every store.
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

fn office(dir: &Path, name: &str) -> PathBuf {
    let db = dir.join(name).join("despacho.db");
    let out = cli(
        &db,
        &[
            "init",
            "--admin",
            &format!("admin{name}"),
            "--password-stdin",
        ],
        Some("correct horse battery"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    ok(&db, &["sync", "name", name]);
    db
}

fn key(db: &Path) -> String {
    json(db, &["sync", "key"])["key"]
        .as_str()
        .unwrap()
        .to_string()
}

fn digest(db: &Path) -> String {
    json(db, &["digest"])["digest"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn two_installations_sync_through_a_folder_and_show_a_conflict() {
    let tmp = tempfile::tempdir().unwrap();
    let a = office(tmp.path(), "A");
    let b = office(tmp.path(), "B");
    ok(&a, &["sync", "peers", "add", "B", "--key", &key(&b)]);
    ok(&b, &["sync", "peers", "add", "A", "--key", &key(&a)]);
    let folder = tmp.path().join("shared");
    let f = folder.display().to_string();
    ok(&a, &["sync", "folder", &f]);
    ok(&b, &["sync", "folder", &f]);

    let m = json(
        &a,
        &[
            "members",
            "add",
            "--name",
            "Instituto",
            "--acronym",
            "INS",
            "--country",
            "MX",
            "--category",
            "titular",
        ],
    );
    let id = m["id"].as_str().unwrap().to_string();
    let st = json(&a, &["sync", "status"]);
    assert!(st["peers"][0]["waiting"].as_u64().unwrap() > 0, "{st}");
    for _ in 0..2 {
        ok(&a, &["sync", "folder", "--run"]);
        ok(&b, &["sync", "folder", "--run"]);
    }
    ok(&a, &["sync", "folder", "--run"]);
    // The edit made in A appears in B.
    let shown = json(&b, &["members", "show", &id]);
    assert_eq!(shown["member"]["acronym"], "INS");
    assert_eq!(digest(&a), digest(&b));

    // A conflicting edit appears in the inbox of both.
    ok(&a, &["members", "update", &id, "--notes", "de A"]);
    ok(&b, &["members", "update", &id, "--notes", "de B"]);
    for _ in 0..2 {
        ok(&a, &["sync", "folder", "--run"]);
        ok(&b, &["sync", "folder", "--run"]);
    }
    let inbox = json(&b, &["conflicts", "list"]);
    assert_eq!(inbox.as_array().unwrap().len(), 1, "{inbox}");
    assert_eq!(inbox[0]["field"], "notes");
    let cid = inbox[0]["id"].as_str().unwrap().to_string();
    assert_eq!(json(&a, &["conflicts", "list"])[0]["id"], cid.as_str());
    assert_eq!(digest(&a), digest(&b));
    // B keeps A's value ("remote" seen from B); A gets the decision.
    let r = json(&b, &["conflicts", "resolve", &cid, "--take", "remote"]);
    assert!(r["resolved_take"].is_string());
    for _ in 0..2 {
        ok(&b, &["sync", "folder", "--run"]);
        ok(&a, &["sync", "folder", "--run"]);
    }
    assert_eq!(
        json(&a, &["members", "show", &id])["member"]["notes"],
        "de A"
    );
    assert!(json(&a, &["conflicts", "list"])
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(digest(&a), digest(&b));
    ok(&a, &["check"]);
    ok(&b, &["check"]);
}

#[test]
fn a_laptop_from_a_snapshot_and_refused_bundles() {
    let tmp = tempfile::tempdir().unwrap();
    let a = office(tmp.path(), "A");
    ok(
        &a,
        &[
            "members",
            "add",
            "--name",
            "Instituto",
            "--acronym",
            "INS",
            "--country",
            "MX",
            "--category",
            "titular",
        ],
    );
    let snap = tmp.path().join("snap.db");
    ok(&a, &["sync", "snapshot", "--out", snap.to_str().unwrap()]);
    let l = tmp.path().join("L").join("despacho.db");
    let r = json(
        &l,
        &[
            "init",
            "--from-snapshot",
            snap.to_str().unwrap(),
            "--site-name",
            "L",
        ],
    );
    let lkey = r["key"].as_str().unwrap().to_string();
    assert_eq!(digest(&a), digest(&l));
    ok(&a, &["sync", "peers", "add", "L", "--key", &lkey]);
    // Refusing to start over an existing store.
    assert_eq!(
        cli(
            &l,
            &["init", "--from-snapshot", snap.to_str().unwrap()],
            None
        )
        .status
        .code(),
        Some(1)
    );

    ok(
        &l,
        &[
            "members",
            "add",
            "--name",
            "En misión",
            "--acronym",
            "MIS",
            "--country",
            "MX",
            "--category",
            "titular",
        ],
    );
    let bundle = tmp.path().join("l-a.despacho-sync");
    let peers = json(&l, &["sync", "peers", "list"]);
    let a_name = peers[0]["name"].as_str().unwrap().to_string();
    ok(
        &l,
        &[
            "sync",
            "export",
            "--peer",
            &a_name,
            "--out",
            bundle.to_str().unwrap(),
        ],
    );
    let before = digest(&a);
    // Truncated and tampered copies: exit 1, nothing changed.
    let bytes = std::fs::read(&bundle).unwrap();
    let cut = tmp.path().join("cut.despacho-sync");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let out = cli(&a, &["sync", "import", cut.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("truncated"));
    let mut bad = bytes.clone();
    let i = bad.windows(3).position(|w| w == b"MIS").unwrap();
    bad[i] = b'X';
    let bad_path = tmp.path().join("bad.despacho-sync");
    std::fs::write(&bad_path, &bad).unwrap();
    let out = cli(&a, &["sync", "import", bad_path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("altered"));
    assert_eq!(digest(&a), before);
    // The real one; then again (ignored).
    let r = json(&a, &["sync", "import", bundle.to_str().unwrap()]);
    assert_eq!(r["already_imported"], false);
    assert!(r["applied"].as_u64().unwrap() > 0);
    let after = digest(&a);
    let r = json(&a, &["sync", "import", bundle.to_str().unwrap()]);
    assert_eq!(r["already_imported"], true);
    assert_eq!(digest(&a), after);
    ok(&a, &["check"]);
    ok(&l, &["check"]);
}

#[test]
fn prepare_for_travel_names_a_lost_bundle_until_it_is_written_again() {
    let tmp = tempfile::tempdir().unwrap();
    let a = office(tmp.path(), "A");
    let b = office(tmp.path(), "B");
    let (ka, kb) = (key(&a), key(&b));
    ok(&a, &["sync", "peers", "add", "B", "--key", &kb]);
    ok(&b, &["sync", "peers", "add", "A", "--key", &ka]);
    let folder = tmp.path().join("shared");
    std::fs::create_dir_all(&folder).unwrap();
    let f = folder.display().to_string();
    ok(&a, &["sync", "folder", &f]);
    ok(&b, &["sync", "folder", &f]);
    let add = |db: &Path, acronym: &str| {
        ok(
            db,
            &[
                "members",
                "add",
                "--name",
                acronym,
                "--acronym",
                acronym,
                "--country",
                "MX",
                "--category",
                "titular",
            ],
        );
    };
    add(&a, "UNO");
    ok(&a, &["sync", "folder", "--run"]);
    // A's first bundle for B is lost; its second arrives.
    for e in std::fs::read_dir(&folder).unwrap() {
        let p = e.unwrap().path();
        if p.to_string_lossy().ends_with("-000001.despacho-sync") {
            std::fs::remove_file(p).unwrap();
        }
    }
    add(&a, "DOS");
    ok(&a, &["sync", "folder", "--run"]);
    let out = cli(&b, &["--json", "sync", "travel"], None);
    assert_eq!(out.status.code(), Some(1), "not ready: exit 1");
    let check: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(check["ready"], false);
    let gap = &check["problems"][0];
    assert_eq!(gap["kind"], "waiting");
    assert_eq!(gap["missing"], 1);
    assert_eq!(gap["peer"], "A");
    // A writes #1 again (a number never sent is refused); B is then ready.
    let again = tmp.path().join("again.despacho-sync");
    let refused = cli(
        &a,
        &[
            "sync",
            "export",
            "--peer",
            "B",
            "--out",
            again.to_str().unwrap(),
            "--resend",
            "9",
        ],
        None,
    );
    assert_eq!(refused.status.code(), Some(1));
    let r = json(
        &a,
        &[
            "sync",
            "export",
            "--peer",
            "B",
            "--out",
            again.to_str().unwrap(),
            "--resend",
            "1",
        ],
    );
    assert_eq!(r["seq"], 1);
    ok(&b, &["sync", "import", again.to_str().unwrap()]);
    let check = json(&b, &["sync", "travel"]);
    assert_eq!(check["ready"], true, "{check}");
    let names = json(&b, &["members", "list"]).to_string();
    assert!(names.contains("UNO") && names.contains("DOS"), "{names}");
}
