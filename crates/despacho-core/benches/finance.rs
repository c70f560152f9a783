//! Backend time behind the statements screen: the four statements of a year of 20,000
//! journal entries (about 50,000 lines, USD and MXN) with its comparative year, plus the
//! first page of the journal list and the trial balance.
use criterion::{criterion_group, criterion_main, Criterion};
use despacho_core::ledger::{self, EntryFilter, EntryInput, EntryKind, EntrySource, LineInput};
use despacho_core::statements;
use despacho_core::users::{self, Language, NewUser, Role};
use despacho_core::Store;

const ACCOUNTS: [&str; 12] = [
    "1101", "1102", "1201", "1301", "1501", "2101", "2201", "4101", "4201", "5101", "5301", "5501",
];

fn line(account: &str, debit: String, credit: String) -> LineInput {
    LineInput {
        account: account.into(),
        debit,
        credit,
        ..Default::default()
    }
}

fn populated(entries: usize) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let admin = users::create_first_admin(
        &mut store,
        NewUser {
            username: "sg".into(),
            full_name: "SG".into(),
            role: Role::SecretaryGeneral,
            is_admin: true,
            password: "bench password".into(),
            language: Language::Es,
        },
    )
    .unwrap();
    store
        .transaction(|tx| {
            for i in 0..entries {
                let day = 1 + (i % 365) as u64;
                let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
                    + chrono::Days::new(day - 1);
                let a = ACCOUNTS[i % ACCOUNTS.len()];
                let b = ACCOUNTS[(i * 7 + 3) % ACCOUNTS.len()];
                let b = if a == b { "1102" } else { b };
                let cents = 10_000 + (i as i64 * 7919) % 5_000_000;
                let half = cents / 2;
                let mxn = i % 3 == 0;
                let input = EntryInput {
                    entry_date: date.to_string(),
                    description: format!("Movimiento {i}"),
                    kind: EntryKind::Regular,
                    reference: format!("B-{i}"),
                    currency: if mxn { "MXN" } else { "USD" }.into(),
                    rate: mxn.then(|| "0.0573".to_string()),
                    lines: vec![
                        line(
                            a,
                            format!("{}.{:02}", cents / 100, cents % 100),
                            String::new(),
                        ),
                        line(
                            b,
                            String::new(),
                            format!("{}.{:02}", half / 100, half % 100),
                        ),
                        line(
                            "1102",
                            String::new(),
                            format!("{}.{:02}", (cents - half) / 100, (cents - half) % 100),
                        ),
                    ],
                };
                let valid = ledger::validate_entry(tx, &input)?;
                ledger::post_valid(tx, &admin.id, &valid, EntrySource::Demo)?;
            }
            Ok(())
        })
        .unwrap();
    store
}

fn bench(c: &mut Criterion) {
    let store = populated(20_000);
    let st = statements::statements(store.conn(), 2024, Language::Es).unwrap();
    assert!(st.checks.balanced && st.checks.cash_reconciles && st.checks.net_assets_reconcile);
    c.bench_function("statements_2024_20k_entries", |b| {
        b.iter(|| statements::statements(store.conn(), 2024, Language::Es).unwrap())
    });
    c.bench_function("trial_balance_2024_20k_entries", |b| {
        b.iter(|| ledger::trial_balance(store.conn(), 2024, Language::Es).unwrap())
    });
    c.bench_function("journal_first_page_20k_entries", |b| {
        b.iter(|| ledger::list_entries(store.conn(), &EntryFilter::default()).unwrap())
    });
    let by_account = EntryFilter {
        account: Some("5301".into()),
        offset: 500,
        ..Default::default()
    };
    c.bench_function("journal_page_by_account_20k_entries", |b| {
        b.iter(|| ledger::list_entries(store.conn(), &by_account).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
