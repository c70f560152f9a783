//! despacho-cli for Managing & Finances: dues, the ledger, the budget, projections,
//! statements, their PDF and their XLSX/CSV exports.
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

/// The current year on the local calendar, which the demo's dates follow.
fn this_year() -> u16 {
    std::process::Command::new("date")
        .arg("+%Y")
        .output()
        .map(|o| String::from_utf8(o.stdout).unwrap().trim().parse().unwrap())
        .unwrap()
}

fn demo_store(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("store.db");
    ok(
        &db,
        &["init", "--admin", "sg", "--password-stdin"],
        Some("una clave larga\n"),
    );
    let demo = json(&db, &["demo"]);
    assert_eq!(demo["finance"]["years"], 3);
    db
}

#[test]
fn dues_status_payment_and_the_vote() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let status = json(&db, &["dues", "status"]);
    let cns = status
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["member_acronym"] == "CNS")
        .unwrap()
        .clone();
    assert_eq!(cns["may_vote"], false);
    assert!(cns["years_owed"].as_u64().unwrap() >= 2);
    // Amounts cross as decimal strings, never numbers.
    assert!(cns["owed"].is_string());
    let owed = cns["owed"].as_str().unwrap().to_string();

    // A refused payment (an amount with an exponent) exits 1 and changes nothing.
    let out = cli(&db, &["dues", "pay", "CNS", "--amount", "4.5e4"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid_format"));

    let paid = json(&db, &["dues", "pay", "CNS", "--amount", &owed]);
    assert_eq!(paid["unapplied"], "0.00");
    assert!(paid["allocations"].as_array().unwrap().len() >= 2);
    let after = json(&db, &["dues", "status"]);
    let cns = after
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["member_acronym"] == "CNS")
        .unwrap();
    assert_eq!(cns["may_vote"], true);
    assert_eq!(cns["owed"], "0.00");

    // Invoicing a year again creates nothing more.
    let y = this_year().to_string();
    let run = json(&db, &["dues", "invoice", "--year", &y]);
    assert_eq!(run["created"].as_array().unwrap().len(), 0);
}

#[test]
fn budget_projection_statements_print_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let last = (this_year() - 1).to_string();

    let budget = json(&db, &["budget", "show", "--year", &last]);
    assert_eq!(budget["currency"], "USD");
    assert!(budget["lines"].as_array().unwrap().len() >= 10);

    let p = json(&db, &["budget", "project", "--base", &last, "--years", "3"]);
    assert_eq!(p["scenarios"].as_array().unwrap().len(), 3);
    assert_eq!(p["years"].as_array().unwrap().len(), 3);
    let one = json(
        &db,
        &[
            "budget",
            "project",
            "--base",
            &last,
            "--years",
            "1",
            "--scenario",
            "prudent",
        ],
    );
    assert_eq!(one["scenarios"].as_array().unwrap().len(), 1);
    assert_eq!(one["scenarios"][0]["name"], "prudent");
    let out = cli(
        &db,
        &["budget", "project", "--base", &last, "--years", "2"],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "1 or 3 years only");

    let s = json(&db, &["statements", "--year", &last]);
    for check in [
        "balanced",
        "net_assets_reconcile",
        "cash_reconciles",
        "journal_balances",
    ] {
        assert_eq!(s["checks"][check], true, "{check}");
    }
    assert!(s["budget_vs_actual"].is_object());

    let pdf = dir.path().join("estados.pdf");
    let printed = json(
        &db,
        &[
            "print",
            "statements",
            "--year",
            &last,
            "--lang",
            "en",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(printed["pages"].as_u64().unwrap() >= 5);
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    for title in [
        "Statement of financial position",
        "Statement of financial performance",
        "Statement of changes in net assets",
        "Cash flow statement",
        "IPSAS 24",
        "Dues receivable by member",
    ] {
        assert!(text.contains(title), "the PDF lacks {title}");
    }

    let xlsx = dir.path().join("presupuesto.xlsx");
    json(
        &db,
        &[
            "export",
            "budget",
            "--year",
            &last,
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an XLSX is a zip");
    let csv = dir.path().join("presupuesto.csv");
    json(
        &db,
        &[
            "export",
            "budget",
            "--year",
            &last,
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert!(csv.lines().next().unwrap().contains("Original"));
    assert!(csv.contains("1.1 Sueldos y prestaciones"));
}

#[test]
fn ledger_import_is_all_or_nothing_and_closing_locks_a_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let y = this_year();
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!(
            "date,reference,description,account,debit,credit,currency\n\
             {y}-01-20,R-1,Papelería,5501,120.50,,USD\n\
             {y}-01-20,R-1,Papelería,1102,,120.50,USD\n"
        ),
    )
    .unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "date,reference,description,account,debit,credit,currency\n\
             {y}-01-21,R-2,Renta,5501,100.00,,USD\n\
             {y}-01-21,R-2,Renta,9999,,100.00,USD\n"
        ),
    )
    .unwrap();
    let before = json(&db, &["ledger", "list", "--limit", "1"])["total"].clone();
    let out = cli(&db, &["ledger", "import", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&db, &["ledger", "list", "--limit", "1"])["total"],
        before
    );
    let r = json(&db, &["ledger", "import", good.to_str().unwrap()]);
    assert_eq!(r["entries"], 1);

    // The year before last is closed by the demo: posting into it is refused.
    let closed = dir.path().join("closed.csv");
    std::fs::write(
        &closed,
        format!(
            "date,reference,description,account,debit,credit,currency\n\
             {}-06-01,R-3,Tarde,5501,1.00,,USD\n\
             {}-06-01,R-3,Tarde,1102,,1.00,USD\n",
            y - 2,
            y - 2
        ),
    )
    .unwrap();
    let out = cli(&db, &["ledger", "import", closed.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let tb = json(
        &db,
        &["ledger", "trial-balance", "--year", &(y - 1).to_string()],
    );
    assert!(tb.as_array().unwrap().len() > 5);
}
