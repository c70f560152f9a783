//! The shell stays locked down: a test fails when the window's capabilities or the content
//! security policy widen. Widening on purpose means changing the expectation here, in review.

use std::collections::BTreeSet;

fn json(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_main_window_has_only_the_permissions_it_uses() {
    let dir = format!("{}/src-tauri/capabilities", env!("CARGO_MANIFEST_DIR"));
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(
        files,
        vec!["default.json"],
        "one capability file, reviewed here"
    );
    let cap = json("src-tauri/capabilities/default.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert!(
        cap.get("remote").is_none(),
        "no remote origin may call the app"
    );
    let granted: BTreeSet<&str> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("plain permission identifiers, no scopes"))
        .collect();
    let expected: BTreeSet<&str> = ["core:default", "dialog:allow-open", "dialog:allow-save"]
        .into_iter()
        .collect();
    assert_eq!(granted, expected);
    for p in &granted {
        for broad in ["fs:", "shell:", "http:", "process:", "opener:", "updater:"] {
            assert!(!p.starts_with(broad), "{p} is a broad permission");
        }
    }
}

#[test]
fn the_content_security_policy_allows_no_inline_script_and_no_remote_origin() {
    let conf = json("tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP string");
    let directives: Vec<(String, Vec<String>)> = csp
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut parts = d.split_whitespace().map(str::to_string);
            (parts.next().unwrap(), parts.collect())
        })
        .collect();
    let get = |name: &str| {
        directives
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("the CSP lacks {name}"))
    };
    assert_eq!(get("default-src"), vec!["'self'"]);
    assert_eq!(
        get("script-src"),
        vec!["'self'"],
        "no inline or remote script"
    );
    // Exactly these directives and sources; anything more is a widening to review.
    let expected: Vec<(&str, Vec<&str>)> = vec![
        ("default-src", vec!["'self'"]),
        ("img-src", vec!["'self'", "data:", "blob:", "asset:"]),
        ("style-src", vec!["'self'", "'unsafe-inline'"]),
        ("script-src", vec!["'self'"]),
        ("worker-src", vec!["'self'", "blob:"]),
        ("connect-src", vec!["ipc:", "http://ipc.localhost"]),
    ];
    let actual: Vec<(&str, Vec<&str>)> = directives
        .iter()
        .map(|(n, v)| (n.as_str(), v.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(actual, expected);
    for (_, sources) in &directives {
        for s in sources {
            assert!(
                !s.contains("unsafe-eval") && s != "*" && s != "https:" && s != "http:",
                "{s} widens the policy"
            );
            if s.starts_with("http") {
                assert_eq!(s, "http://ipc.localhost", "no remote origin: {s}");
            }
        }
    }
    // The window's dangerous switches stay off.
    assert!(conf["app"]
        .get("withGlobalTauri")
        .is_none_or(|v| v == false));
    assert!(conf["app"]["security"]
        .get("dangerousDisableAssetCspModification")
        .is_none());
}
