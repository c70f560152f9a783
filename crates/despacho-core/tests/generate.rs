//! The generated office (`generate`): deterministic content from a seed, every module filled,
//! and a store that passes the same checks as one written by hand.
mod common;

use chrono::Datelike;
use despacho_core::generate::{self, GenerateReport};
use despacho_core::store::today;
use despacho_core::users::{Language, Role};
use despacho_core::{audit, desk, search, statements, Store};

/// What the content is, without ids and write timestamps: names, dates, amounts, in order.
fn content(store: &Store) -> Vec<String> {
    let q = |sql: &str| -> Vec<String> {
        let mut st = store.conn().prepare(sql).unwrap();
        let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
        rows.map(|r| r.unwrap()).collect()
    };
    let mut out = Vec::new();
    out.extend(q("SELECT name || '|' || acronym || '|' || country || '|' || category || '|' || admission_date FROM members ORDER BY name, country"));
    out.extend(q(
        "SELECT name || '|' || email || '|' || phone FROM contacts ORDER BY name, email, phone",
    ));
    out.extend(q(
        "SELECT name || '|' || starts_at || '|' || status FROM sessions ORDER BY starts_at, name",
    ));
    out.extend(q("SELECT fiscal_year || '|' || number || '|' || entry_date || '|' || description || '|' || currency FROM journal_entries ORDER BY fiscal_year, number"));
    out.extend(q(
        "SELECT printf('%d|%d', sum(debit_minor), sum(credit_minor)) FROM journal_lines",
    ));
    out.extend(q("SELECT title || '|' || received_on || '|' || status FROM assistance_requests ORDER BY received_on, title, status"));
    out.extend(q("SELECT title || '|' || recurrence || '|' || coalesce(month, '') || '|' || coalesce(day, '') || '|' || responsible_name FROM obligations ORDER BY title"));
    out.extend(q("SELECT o.title || '|' || c.due_on || '|' || c.status FROM obligation_occurrences c JOIN obligations o ON o.id = c.obligation_id ORDER BY o.title, c.due_on, c.status"));
    out.extend(q("SELECT candidate_name || '|' || nationality || '|' || received_on FROM postulations ORDER BY candidate_name, received_on"));
    out
}

fn generated(years: u16, seed: u64) -> (Store, GenerateReport) {
    let (mut store, admin) = common::store_with_admin();
    let mut steps = Vec::new();
    let report = generate::generate(&mut store, &admin, years, seed, &mut |s| {
        steps.push(s.to_string())
    })
    .unwrap();
    assert!(
        steps.iter().any(|s| s == "finance")
            && steps.last().map(String::as_str) == Some("elections")
    );
    (store, report)
}

#[test]
fn the_same_seed_gives_the_same_office_and_another_seed_another() {
    let (a, ra) = generated(1, 7);
    let (b, rb) = generated(1, 7);
    let (c, _) = generated(1, 8);
    assert_eq!(ra, rb);
    let (ca, cb, cc) = (content(&a), content(&b), content(&c));
    assert_eq!(ca, cb, "same seed, same content");
    assert_ne!(ca, cc, "another seed, other content");

    // A year of the office, in every module.
    assert_eq!(ra.members, 95);
    assert_eq!(ra.contacts, 95 * 16);
    assert!(ra.sessions >= 10, "{ra:?}");
    assert!(ra.agenda_items >= 15 * ra.sessions, "{ra:?}");
    assert!(
        ra.journal_entries >= 7_000,
        "about 10,000 entries a year: {ra:?}"
    );
    assert!(ra.requests >= 50 && ra.missions >= 40, "{ra:?}");
    assert!(ra.documents >= 1_500, "{ra:?}");
    let count = |sql: &str| -> i64 { a.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT count(*) FROM journal_entries") as u32,
        ra.journal_entries
    );
    assert_eq!(
        count("SELECT count(*) FROM agenda_items") as u32,
        ra.agenda_items
    );
    assert_eq!(
        count("SELECT count(*) FROM agenda_attachments")
            + count("SELECT count(*) FROM cooperation_documents"),
        i64::from(ra.documents)
    );
}

#[test]
fn a_generated_store_is_sound_searchable_and_its_books_tie() {
    let (store, report) = generated(2, 1);
    assert_eq!(report.years, 2);
    assert!(store.integrity_problems().unwrap().is_empty());
    assert!(
        audit::verify_chain(store.conn()).unwrap().ok,
        "the audit chain holds"
    );
    let year = today().year() as u16;
    let s = statements::statements(store.conn(), year - 1, Language::Es).unwrap();
    let c = &s.checks;
    assert!(
        c.balanced && c.net_assets_reconcile && c.cash_reconciles && c.journal_balances,
        "{c:?}"
    );
    // Every entry balances in USD.
    let unbalanced: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id HAVING sum(debit_rep) <> sum(credit_rep))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unbalanced, 0);
    // The search index was kept as the rows were written.
    let hits = search::search(store.conn(), "seguridad social", 10).unwrap();
    assert!(!hits.groups.is_empty());
    // Obligations over the years: the past acted on, the recent partly left open.
    assert_eq!(report.obligations, 500);
    let open_past: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM obligation_occurrences WHERE status IN ('done','waived') AND due_on > date('now')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(open_past, 0, "nothing in the future is done yet");
    assert!(report.occurrences > 500 * 2, "{report:?}");
    // The elections: the last call's postulations wait for review; the earlier are signed.
    assert!(report.election_calls >= 1 && report.postulations == 8 * report.election_calls);
    // The desk has something in each of its sections of records over time.
    let d = desk::desk(store.conn(), Language::Es).unwrap();
    assert_eq!(d.members.total, 95);
    assert!(!d.open_action_items.is_empty());
    assert!(d.budget_execution.is_some());
    let o = d.obligations.expect("obligations on the desk");
    assert!(
        o.overdue_count > 0 && o.due_soon_count > 0,
        "some overdue, some due soon: {} / {}",
        o.overdue_count,
        o.due_soon_count
    );
    assert_eq!(d.postulations_to_review.len(), 1, "only the latest call");
    assert_eq!(d.postulations_to_review[0].pending_postulations, 4);
}

#[test]
fn generating_is_refused_on_a_store_with_members_or_without_the_rights() {
    let (mut store, admin) = common::store_with_admin();
    let staff = common::user_with_role(&mut store, &admin, "staff", Role::Staff);
    let before = common::fingerprint(&store);
    let err = generate::generate(&mut store, &staff, 1, 1, &mut |_| {}).unwrap_err();
    assert_eq!(err.code, despacho_core::ErrorCode::Forbidden);
    let err = generate::generate(&mut store, &admin, 0, 1, &mut |_| {}).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("years"));
    assert_eq!(common::fingerprint(&store), before);
    despacho_core::members::create_member(
        &mut store,
        &admin,
        &common::member("Instituto", "IX", "MX"),
    )
    .unwrap();
    let before = common::fingerprint(&store);
    assert!(generate::generate(&mut store, &admin, 1, 1, &mut |_| {}).is_err());
    assert_eq!(common::fingerprint(&store), before);
}
