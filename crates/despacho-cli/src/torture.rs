//! `despacho-cli torture` (hidden): a deterministic stream of real operations for the
//! crash-safety harness (`tests/crash.rs`). Each operation is one call into the core, so one
//! transaction with its audit row; after each commit it prints `committed <n> <kind> <id>` and
//! flushes, so that whatever the harness read before killing the process was committed.

use std::io::Write;

use despacho_core::dues::{self, PaymentInput};
use despacho_core::ledger::{self, EntryInput, EntryKind, LineInput};
use despacho_core::members::{self, Category, ContactInput, MemberInput};
use despacho_core::rng::Rng;
use despacho_core::users::User;
use despacho_core::{store, AppError, Store};

const COUNTRIES: [&str; 6] = ["MX", "AR", "BR", "CL", "CO", "PE"];

fn money(minor: u64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

pub fn run(store: &mut Store, actor: &User, ops: u32, seed: u64) -> Result<(), AppError> {
    let mut rng = Rng::new(seed);
    let mut members_made: Vec<String> = Vec::new();
    let today = store::today().to_string();
    let stdout = std::io::stdout();
    for n in 1..=ops {
        let pick = if members_made.is_empty() {
            0
        } else {
            rng.below(4)
        };
        let (kind, id) = match pick {
            0 => {
                let m = members::create_member(
                    store,
                    actor,
                    &MemberInput {
                        name: format!("Institución de prueba {seed}-{n}"),
                        acronym: format!("T{n}"),
                        country: (*rng.pick(&COUNTRIES)).into(),
                        category: Some(Category::Titular),
                        ..Default::default()
                    },
                )?;
                members_made.push(m.id.clone());
                ("member", m.id)
            }
            1 => {
                let member = rng.pick(&members_made);
                let c = members::add_contact(
                    store,
                    actor,
                    member,
                    &ContactInput {
                        name: format!("Contacto {n}"),
                        position: "Enlace".into(),
                        ..Default::default()
                    },
                )?;
                ("contact", c.id)
            }
            2 => {
                let k = 1 + rng.below(3);
                let mut lines = Vec::new();
                let mut total = 0;
                for _ in 0..k {
                    let a = 1 + rng.below(1_000_000);
                    total += a;
                    lines.push(LineInput {
                        account: "5101".into(),
                        debit: money(a),
                        memo: format!("gasto {n}"),
                        ..Default::default()
                    });
                }
                lines.push(LineInput {
                    account: "1102".into(),
                    credit: money(total),
                    memo: format!("pago {n}"),
                    ..Default::default()
                });
                let e = ledger::post_entry(
                    store,
                    actor,
                    &EntryInput {
                        entry_date: today.clone(),
                        description: format!("Asiento de prueba {n}"),
                        kind: EntryKind::Regular,
                        reference: format!("T-{n}"),
                        currency: "USD".into(),
                        rate: None,
                        lines,
                    },
                )?;
                ("entry", e.id)
            }
            _ => {
                let member = rng.pick(&members_made);
                let p = dues::record_payment(
                    store,
                    actor,
                    &PaymentInput {
                        member_id: member.clone(),
                        received_on: today.clone(),
                        amount: money(1 + rng.below(500_000)),
                        currency: "USD".into(),
                        reference: format!("TR-{n}"),
                        bank_account: "1102".into(),
                    },
                )?;
                ("payment", p.id)
            }
        };
        let mut out = stdout.lock();
        writeln!(out, "committed {n} {kind} {id}")
            .and_then(|_| out.flush())
            .map_err(|e| {
                AppError::new(
                    despacho_core::ErrorCode::Unavailable,
                    format!("stdout: {e}"),
                )
            })?;
    }
    Ok(())
}
