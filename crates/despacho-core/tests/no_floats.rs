//! "No amount ever passes through a float": the finance modules hold no `f32`/`f64` at all,
//! so an amount can only be integer minor units or a `rust_decimal::Decimal`.

#[test]
fn the_finance_modules_use_no_floating_point() {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    for module in [
        "money.rs",
        "ledger.rs",
        "dues.rs",
        "budget.rs",
        "projection.rs",
        "statements.rs",
        "demo_finance.rs",
    ] {
        let text = std::fs::read_to_string(format!("{src}/{module}")).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for float in ["f32", "f64", "as_f64", "to_f64", "from_f64"] {
                let hit = code.match_indices(float).any(|(i, _)| {
                    let before = code[..i].chars().last();
                    let after = code[i + float.len()..].chars().next();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                        && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
                });
                assert!(!hit, "{module}:{}: a float in finance code: {line}", n + 1);
            }
        }
    }
}
