//! Crash safety: `despacho-cli torture` runs a deterministic stream of real operations (members,
//! contacts, journal entries, dues payments), one transaction each, printing
//! `committed <n> <kind> <id>` after each commit. The harness SIGKILLs it at a seeded random
//! moment, then opens the store and checks that it is sound, that every operation reported as
//! committed is there, and that nothing is half-applied.
//!
//! 50 trials run with the suite; `DESPACHO_CRASH_TRIALS=1000 cargo test -p despacho-cli --test
//! crash -- --nocapture` runs the long version (docs/RELIABILITY.md). `DESPACHO_CRASH_SEED`
//! changes the seed.
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use despacho_core::rng::Rng;
use despacho_core::Store;

const BIN: &str = env!("CARGO_BIN_EXE_despacho-cli");

#[derive(Debug, Clone)]
struct Committed {
    n: u64,
    kind: String,
    id: String,
}

fn parse_log(stdout: &[String]) -> Result<Vec<Committed>, String> {
    let mut out = Vec::new();
    for (i, line) in stdout.iter().enumerate() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            ["committed", n, kind, id] => {
                let n: u64 = n.parse().map_err(|_| format!("bad line {line:?}"))?;
                if n != i as u64 + 1 {
                    return Err(format!("operation {n} reported out of order"));
                }
                out.push(Committed {
                    n,
                    kind: kind.to_string(),
                    id: id.to_string(),
                });
            }
            _ => return Err(format!("unexpected output {line:?}")),
        }
    }
    Ok(out)
}

/// A store with its first administrator, to copy for each trial.
fn template(dir: &Path) -> PathBuf {
    let db = dir.join("template.db");
    let mut child = Command::new(BIN)
        .env("DESPACHO_PASSPHRASE", "frase de paso de las pruebas")
        .arg("--db")
        .arg(&db)
        .args(["init", "--admin", "sg", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"una clave larga\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
    assert!(!dir.join("template.db-wal").exists());
    db
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Everything that must hold after a crash. Returns the problems found (empty when sound).
fn verify(db: &Path, committed: &[Committed]) -> Vec<String> {
    let mut problems = Vec::new();
    let opened = despacho_core::crypt::unlock(db, "frase de paso de las pruebas")
        .and_then(|key| Store::open_with_key(db, &key));
    let store = match opened {
        Ok(s) => s,
        Err(e) => return vec![format!("the store does not open: {}", e.message)],
    };
    problems.extend(
        store
            .integrity_problems()
            .unwrap()
            .into_iter()
            .map(|p| format!("integrity: {p}")),
    );
    // Every operation reported as committed is there.
    for c in committed {
        let table = match c.kind.as_str() {
            "member" => "members",
            "contact" => "contacts",
            "entry" => "journal_entries",
            "payment" => "dues_payments",
            k => {
                problems.push(format!("unknown kind {k}"));
                continue;
            }
        };
        let n: i64 = store
            .conn()
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE id = ?1"),
                [&c.id],
                |r| r.get(0),
            )
            .unwrap();
        if n != 1 {
            problems.push(format!(
                "operation {} ({} {}) was reported committed but is missing",
                c.n, c.kind, c.id
            ));
        }
    }
    // Every record has its audit row, and every audit row its record.
    for (table, op) in [
        ("members", "members.create"),
        ("contacts", "contacts.create"),
        (
            "journal_entries WHERE source = 'manual'",
            "ledger.post_entry",
        ),
        ("dues_payments", "dues.record_payment"),
    ] {
        let id_table = table.split_whitespace().next().unwrap();
        let where_ = table.strip_prefix(id_table).unwrap_or("");
        let where_and = if where_.trim().is_empty() {
            String::new()
        } else {
            format!("AND {}", where_.trim().trim_start_matches("WHERE"))
        };
        let orphans = count(
            &store,
            &format!(
                "SELECT count(*) FROM {id_table} t WHERE NOT EXISTS
                 (SELECT 1 FROM audit_log a WHERE a.entity_id = t.id AND a.operation = '{op}') {where_and}"
            ),
        );
        if orphans > 0 {
            problems.push(format!(
                "{orphans} row(s) of {id_table} without their audit row"
            ));
        }
        let ghosts = count(
            &store,
            &format!(
                "SELECT count(*) FROM audit_log a WHERE a.operation = '{op}' AND NOT EXISTS
                 (SELECT 1 FROM {id_table} t WHERE t.id = a.entity_id)"
            ),
        );
        if ghosts > 0 {
            problems.push(format!(
                "{ghosts} audit row(s) of {op} without their record"
            ));
        }
    }
    // Every journal entry is whole: at least two lines, balanced in its currency and in USD.
    let broken = count(
        &store,
        "SELECT count(*) FROM journal_entries e WHERE
           (SELECT count(*) FROM journal_lines l WHERE l.entry_id = e.id) < 2
           OR (SELECT sum(debit_minor) - sum(credit_minor) FROM journal_lines l WHERE l.entry_id = e.id) != 0
           OR (SELECT sum(debit_rep) - sum(credit_rep) FROM journal_lines l WHERE l.entry_id = e.id) != 0",
    );
    if broken > 0 {
        problems.push(format!(
            "{broken} journal entr(ies) incomplete or unbalanced"
        ));
    }
    // Every payment is whole: posted, and applied + held = received.
    let broken = count(
        &store,
        "SELECT count(*) FROM dues_payments p WHERE p.entry_id IS NULL
           OR NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = p.entry_id)
           OR p.amount_minor != p.unapplied_minor
              + coalesce((SELECT sum(amount_minor) FROM dues_allocations a WHERE a.payment_id = p.id), 0)",
    );
    if broken > 0 {
        problems.push(format!("{broken} dues payment(s) half-applied"));
    }
    // At most the one operation in flight at the kill may be present without its line.
    let present = count(&store, "SELECT count(*) FROM members")
        + count(&store, "SELECT count(*) FROM contacts")
        + count(
            &store,
            "SELECT count(*) FROM journal_entries WHERE source = 'manual'",
        )
        + count(&store, "SELECT count(*) FROM dues_payments");
    let reported = committed.len() as i64;
    if present < reported || present > reported + 1 {
        problems.push(format!(
            "{present} operation(s) in the store for {reported} reported committed"
        ));
    }
    problems
}

struct Trial {
    killed: bool,
    committed: usize,
    problems: Vec<String>,
}

fn trial(template: &Path, dir: &Path, seed: u64, kill_after: Duration) -> Trial {
    let db = dir.join(format!("trial-{seed}.db"));
    std::fs::copy(template, &db).unwrap();
    copy_keys(template, &db);
    let mut child = Command::new(BIN)
        .env("DESPACHO_PASSPHRASE", "frase de paso de las pruebas")
        .arg("--db")
        .arg(&db)
        .args(["torture", "--ops", "100000", "--seed", &seed.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
    });
    std::thread::sleep(kill_after);
    let killed = child.try_wait().unwrap().is_none();
    // Child::kill sends SIGKILL on Unix.
    let _ = child.kill();
    let status = child.wait().unwrap();
    let lines = reader.join().unwrap();
    let mut problems = Vec::new();
    if !killed {
        let mut err = String::new();
        let _ = std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err);
        problems.push(format!("the writer ended by itself ({status}): {err}"));
    }
    let committed = match parse_log(&lines) {
        Ok(c) => c,
        Err(e) => {
            problems.push(e);
            Vec::new()
        }
    };
    problems.extend(verify(&db, &committed));
    if problems.is_empty() {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    Trial {
        killed,
        committed: committed.len(),
        problems,
    }
}

#[test]
fn killing_the_writer_at_random_moments_loses_nothing_committed_and_half_applies_nothing() {
    let trials: u64 = std::env::var("DESPACHO_CRASH_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let seed: u64 = std::env::var("DESPACHO_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_260_101);
    let dir = tempfile::tempdir().unwrap();
    let template = template(dir.path());
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    let (mut kills, mut ops, mut failures) = (0u64, 0usize, Vec::new());
    for t in 0..trials {
        let trial_seed = rng.next_u64() % 1_000_000_007;
        let kill_after = Duration::from_millis(5 + rng.next_u64() % 196);
        let r = trial(&template, dir.path(), trial_seed, kill_after);
        kills += u64::from(r.killed);
        ops += r.committed;
        if !r.problems.is_empty() {
            failures.push(format!(
                "trial {t} (seed {trial_seed}, kill after {kill_after:?}): {}",
                r.problems.join("; ")
            ));
        }
    }
    println!(
        "crash trials: {trials}, kills: {kills}, committed operations verified: {ops}, failures: {}, time: {:.1} s (seed {seed})",
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(kills, trials, "every trial must kill a running writer");
    assert!(ops > 0, "the writer committed nothing before the kills");
}

/// The harness can fail: half-applied writes and lost commits put into a store by hand are
/// reported.
#[test]
fn the_verifier_catches_half_applied_writes_and_lost_commits() {
    let dir = tempfile::tempdir().unwrap();
    let template = template(dir.path());
    let fresh = |name: &str| -> (PathBuf, Vec<Committed>) {
        let db = dir.path().join(name);
        std::fs::copy(&template, &db).unwrap();
        copy_keys(&template, &db);
        let out = Command::new(BIN)
            .env("DESPACHO_PASSPHRASE", "frase de paso de las pruebas")
            .arg("--db")
            .arg(&db)
            .args(["torture", "--ops", "40", "--seed", "11"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let lines: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        let committed = parse_log(&lines).unwrap();
        assert_eq!(committed.len(), 40);
        assert!(verify(&db, &committed).is_empty());
        for kind in ["member", "contact", "entry", "payment"] {
            assert!(committed.iter().any(|c| c.kind == kind), "{kind}");
        }
        (db, committed)
    };
    let tamper = |db: &Path, sql: &str| {
        sql_conn(db)
            .execute_batch(&format!("PRAGMA foreign_keys = OFF; {sql}"))
            .unwrap();
    };
    let id_of = |c: &[Committed], kind: &str| c.iter().find(|c| c.kind == kind).unwrap().id.clone();

    let (db, c) = fresh("lines.db");
    tamper(
        &db,
        &format!(
            "DELETE FROM journal_lines WHERE entry_id = '{}' AND line_no = 1",
            id_of(&c, "entry")
        ),
    );
    let p = verify(&db, &c);
    assert!(p.iter().any(|p| p.contains("unbalanced")), "{p:?}");

    let (db, c) = fresh("audit.db");
    tamper(
        &db,
        &format!(
            "DELETE FROM audit_log WHERE entity_id = '{}'",
            id_of(&c, "member")
        ),
    );
    let p = verify(&db, &c);
    assert!(
        p.iter().any(|p| p.contains("without their audit row")),
        "{p:?}"
    );

    let (db, c) = fresh("payment.db");
    tamper(
        &db,
        &format!(
            "UPDATE dues_payments SET entry_id = NULL WHERE id = '{}'",
            id_of(&c, "payment")
        ),
    );
    let p = verify(&db, &c);
    assert!(p.iter().any(|p| p.contains("half-applied")), "{p:?}");

    let (db, c) = fresh("lost.db");
    let contact = id_of(&c, "contact");
    tamper(
        &db,
        &format!("DELETE FROM contacts WHERE id = '{contact}'; DELETE FROM audit_log WHERE entity_id = '{contact}';"),
    );
    let p = verify(&db, &c);
    assert!(
        p.iter()
            .any(|p| p.contains("reported committed but is missing")),
        "{p:?}"
    );

    // Two operations beyond the log: more than the one that may be in flight.
    let (db, c) = fresh("extra.db");
    let p = verify(&db, &c[..38]);
    assert!(
        p.iter().any(|p| p.contains("for 38 reported committed")),
        "{p:?}"
    );
    assert!(verify(&db, &c[..39]).is_empty());
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

/// The encrypted store's key file travels with each copy of the template.
fn copy_keys(from: &Path, to: &Path) {
    std::fs::copy(
        despacho_core::crypt::keys_path(from),
        despacho_core::crypt::keys_path(to),
    )
    .unwrap();
}
