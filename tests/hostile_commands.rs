//! Hostile input against every command the UI can call (issue 8, item 5).
//!
//! The list of commands and the types of their arguments come from tauri-specta itself (the
//! same builder the app mounts and the bindings are exported from), so a new command is swept
//! without anyone adding it here. Each command is called through Tauri's IPC on the mock
//! runtime, over a copy of an encrypted store holding the demo data, signed in as the
//! Secretary-General (an administrator) and as the Auditor (who may change nothing), with
//! arguments generated from its types: hostile strings (10,000 characters, control
//! characters, right-to-left override, markup, SQL), plausible ones (real ids of the store,
//! dates, amounts, paths inside a temporary folder), extreme numbers, impossible dates,
//! unknown ids. Every call must answer (no panic, no hang) with Ok or a typed `AppError`
//! (a code of `ErrorCode`, a message), or be refused by the IPC layer before the command runs
//! (arguments of the wrong shape); and when it fails, the store must be exactly as before
//! (a hash of every row of every table).
//!
//! `DESPACHO_HOSTILE_SEED` (default 20261128) and `DESPACHO_HOSTILE_CASES` (cases per command
//! and role, default 20) change the run; `DESPACHO_HOSTILE_ONLY=cmd1,cmd2` sweeps some commands
//! only (for reproducing a finding). The seed is printed on failure.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use despacho_app::{specta_builder, AppState};
use despacho_core::crypt::DataKey;
use despacho_core::rng::Rng;
use despacho_core::users::{self, Language, NewUser, Role, User};
use despacho_core::Store;
use serde_json::{json, Map, Value};
use specta::datatype::{DataType, Fields, NamedReferenceType, Primitive, Reference};
use specta::{Format as _, Types};
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponse};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

/// Commands that are not swept, each with why. The test fails when one of these is no longer
/// registered, and when a registered command is neither swept nor here.
const EXCLUDED: &[(&str, &str)] = &[
    (
        "document_open",
        "hands a printed PDF to the desktop's viewer (another program); its only check — the \
         file was printed by Despacho under prints/ — is shared with document_save, swept",
    ),
    (
        "document_print",
        "sends a printed PDF to the system's printer (lp); same check as document_save, swept",
    ),
];

/// Tables an operation may write while refusing, with why.
const WRITES_ON_REFUSAL: &[(&str, &str, &str)] = &[
    (
        "sign_in",
        "sign_in_throttle",
        "a failed sign-in is counted to throttle the next attempts (ADR 0005)",
    ),
    (
        "sign_in",
        "audit_log",
        "a failed sign-in is audited (the user name, never the password; ADR 0005)",
    ),
    (
        "sign_in",
        "sync_log",
        "the audit row's change, logged for sync (ADR 0007)",
    ),
    ("sign_in", "sync_clock", "the sync log's clock (ADR 0007)"),
];

const PASSPHRASE: &str = "correct horse battery staple 7";
const PASSWORD: &str = "correct horse battery 9";

// ---- the commands and their types, from tauri-specta ------------------------------------------

struct Command {
    name: String,
    args: Vec<(String, DataType)>,
}

struct Spec {
    commands: Vec<Command>,
    types: Types,
}

/// A `LanguageExt` that keeps what an exporter receives instead of writing a file.
struct Collect(Arc<Mutex<Option<Spec>>>);

impl tauri_specta::LanguageExt for Collect {
    type Error = std::io::Error;
    fn export(self, cfg: &tauri_specta::BuilderConfiguration, _: &Path) -> std::io::Result<()> {
        let err = |e: specta::FormatError| std::io::Error::other(format!("{e:?}"));
        // The serde view (renames, tags, flattening), as the TypeScript exporter sees it with
        // `disable_serde_phases`.
        let types = specta_serde::Format
            .map_types(&cfg.types)
            .map_err(err)?
            .into_owned();
        let mut commands = Vec::new();
        for f in &cfg.commands {
            let mut args = Vec::new();
            for (name, dt) in f.args() {
                let dt = specta_serde::Format
                    .map_type(&cfg.types, dt)
                    .map_err(err)?
                    .into_owned();
                args.push((name.to_string(), dt));
            }
            commands.push(Command {
                name: f.name().to_string(),
                args,
            });
        }
        *self.0.lock().unwrap() = Some(Spec { commands, types });
        Ok(())
    }
}

fn spec() -> Spec {
    let out = Arc::new(Mutex::new(None));
    specta_builder::<MockRuntime>()
        .export(Collect(out.clone()), Path::new("unused"))
        .expect("collect the commands");
    let spec = out.lock().unwrap().take().expect("collected");
    spec
}

/// Tauri's argument names: the Rust names in camelCase.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in name.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

// ---- a deterministic generator ----------------------------------------------------------------

fn hostile_strings() -> Vec<String> {
    vec![
        "x".repeat(10_000),
        "ñ".repeat(5_000),
        "a\u{0}b".into(),
        "\u{0}".into(),
        "line\nbreak\r\ttab\u{7}\u{1b}[31m".into(),
        "\u{202E}gnp.exe\u{202C}".into(),
        "\u{200F}\u{200E}\u{2066}rtl\u{2069}".into(),
        "<img src=x onerror=alert(1)>".into(),
        "<script>alert(1)</script>".into(),
        "#set page(width: 1pt)\n#panic(\"x\")".into(),
        "'; DROP TABLE members; --".into(),
        "\" OR 1=1 --".into(),
        "%s%s%n{0}{}".into(),
        "👩‍👩‍👧‍👦🏳️‍🌈".into(),
        "e\u{301}\u{301}\u{301}\u{301}Z\u{36B}\u{33F}".into(),
        "\u{FEFF}BOM".into(),
        "\u{D7FF}\u{FFFD}\u{10FFFF}".into(),
        String::new(),
        "   ".into(),
        "\t\n".into(),
        "null".into(),
        "undefined".into(),
        "0".into(),
        "-1".into(),
        "1e400".into(),
        "99999999999999999999999.99".into(),
        "NaN".into(),
        "-0".into(),
        "2025-02-30".into(),
        "0000-00-00".into(),
        "9999-12-31".into(),
        "yesterday".into(),
        "00000000-0000-0000-0000-000000000000".into(),
        "0196e0f0-0000-7000-8000-000000000000".into(),
        "../../../../etc/passwd".into(),
        "a,b;c\"d".into(),
        "=HYPERLINK(\"http://x\")".into(),
    ]
}

/// Pools of plausible values, by the kind of field.
struct Pools {
    /// table → ids of its live rows.
    ids: BTreeMap<String, Vec<String>>,
    all_ids: Vec<String>,
    hostile: Vec<String>,
    dir: PathBuf,
}

/// `missions` → `mission`, `journal_entries` → `journal_entry`.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else {
        word.strip_suffix('s').unwrap_or(word).to_string()
    }
}

fn today() -> String {
    despacho_core::store::today().to_string()
}

impl Pools {
    fn ids_for(&self, hint: &str) -> Vec<String> {
        let hint = singular(hint);
        if hint.is_empty() {
            return Vec::new();
        }
        // The table named so (`missions`, `journal_entries`, `election_calls`) first; else
        // the tables that start with the word (`mission_legs`, …).
        let exact: Vec<String> = self
            .ids
            .iter()
            .filter(|(t, _)| {
                let t = singular(t);
                t == hint || t.ends_with(&format!("_{hint}"))
            })
            .flat_map(|(_, ids)| ids.iter().cloned())
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        self.ids
            .iter()
            .filter(|(t, _)| singular(t).starts_with(&format!("{hint}_")))
            .flat_map(|(_, ids)| ids.iter().cloned())
            .collect()
    }

    fn string(&self, rng: &mut Rng, field: &str, command: &str, hostile: u64) -> String {
        let f = field.to_ascii_lowercase();
        if rng.chance(hostile) {
            return rng.pick(&self.hostile).clone();
        }
        // Ids: of the table the field or the command names, else any id.
        if f == "id"
            || f.ends_with("_id")
            || f.ends_with("id") && f.len() > 2 && !f.ends_with("valid")
        {
            let hint = if f == "id" {
                command.split('_').next().unwrap_or("")
            } else {
                f.trim_end_matches("_id").trim_end_matches("id")
            };
            let mut ids = self.ids_for(hint);
            if ids.is_empty() && f == "id" {
                // agenda_update_item → agenda_item(s), occurrence_… → occurrences
                let words: Vec<&str> = command.split('_').collect();
                for w in words.windows(2) {
                    ids.extend(self.ids_for(&format!("{}_{}", w[0], w[1])));
                }
                for w in &words {
                    ids.extend(self.ids_for(w));
                }
            }
            if hostile <= 5 && !ids.is_empty() {
                return rng.pick(&ids).clone();
            }
            return match rng.index(10) {
                0..=6 if !ids.is_empty() => rng.pick(&ids).clone(),
                0..=7 => rng.pick(&self.all_ids).clone(),
                _ => rng
                    .pick(&[
                        "0196e0f0-0000-7000-8000-000000000000".to_string(),
                        "v:0196e0f0-0000-7000-8000-000000000000:2026-01-01".to_string(),
                        "not-an-id".to_string(),
                    ])
                    .clone(),
            };
        }
        let dir = self.dir.display().to_string();
        let choices: Vec<String> = if f.contains("path")
            || f.contains("folder")
            || f.contains("destination")
            || f == "file"
            || f.contains("logo")
        {
            vec![
                format!("{dir}/out"),
                format!("{dir}/out.pdf"),
                format!("{dir}/sub/../escaped.csv"),
                format!("!{dir}/missing/deeper/x.db"),
                format!("{dir}/files/sample.png"),
                format!("{dir}/files/sample.pdf"),
                format!("{dir}/files"),
                dir.clone(),
                "!relative/x.pdf".into(),
            ]
        } else if f.ends_with("_at") || f == "at" {
            vec![
                format!("{}T10:00:00-06:00", today()),
                "2027-03-15T09:30:00Z".into(),
                "!2025-02-30T10:00:00Z".into(),
                "!2026-13-01T25:61:00+99:00".into(),
            ]
        } else if f.contains("date")
            || f == "from"
            || f == "to"
            || f.contains("as_of")
            || f == "on"
            || f.contains("until")
            || f.contains("since")
            || f.contains("deadline")
            || f.ends_with("_on")
            || f.contains("start")
            || f.contains("end")
            || f.contains("due")
            || f.contains("day")
        {
            vec![
                today(),
                "2025-06-30".into(),
                "2024-02-29".into(),
                "2023-01-01".into(),
                "2027-12-31".into(),
                "!2025-02-30".into(),
                "!0000-00-00".into(),
                "!9999-12-31".into(),
                "!yesterday".into(),
            ]
        } else if f.contains("amount")
            || f.contains("rate")
            || f.contains("cost")
            || f.contains("percent")
            || f.contains("debit")
            || f.contains("credit")
            || f.contains("value")
            || f.contains("inflation")
            || f.contains("total")
        {
            vec![
                "100.00".into(),
                "0.5".into(),
                "17.25".into(),
                "0".into(),
                "!-1".into(),
                "!1e400".into(),
                "!99999999999999999999999.99".into(),
                "!NaN".into(),
                "!12,50".into(),
                "!0.001".into(),
            ]
        } else if f.contains("currency") {
            vec![
                "USD".into(),
                "MXN".into(),
                "EUR".into(),
                "!usd".into(),
                "!XXX".into(),
            ]
        } else if f.contains("countr") || f.contains("nationalit") {
            vec!["MX".into(), "BR".into(), "!ZZ".into(), "!mx".into()]
        } else if f.contains("email") {
            vec!["ana@ciss.org".into(), "!a@b".into(), "!@@".into()]
        } else if f.contains("url") || f.contains("website") || f.contains("link") {
            vec![
                "https://ciss-bienestar.org".into(),
                "!javascript:alert(1)".into(),
            ]
        } else if f.contains("passphrase") || f == "current" {
            vec![PASSPHRASE.into(), "!wrong passphrase 12345".into()]
        } else if f.contains("password") {
            vec![
                PASSWORD.into(),
                "!Another passw0rd long".into(),
                "!short".into(),
            ]
        } else if f.contains("username") {
            vec!["sg".into(), "auditor".into(), "!nobody".into()]
        } else if f.contains("zone") {
            vec![
                "America/Mexico_City".into(),
                "Europe/Madrid".into(),
                "!Mars/Olympus".into(),
            ]
        } else if f == "csv" || f.contains("text") || f.contains("pasted") {
            vec![
                "name,acronym,country\nInstituto <img src=x onerror=alert(1)>,IX,MX\n".into(),
                "fecha,cuenta,debe,haber\n2025-01-01,1101,100.00,\n".into(),
                "1. Apertura\n2. Informe\n   2.1 Cuentas\n".into(),
                "!\u{FEFF}a;b\n\"unterminated\n".into(),
            ]
        } else if f.contains("code") {
            vec![
                "CP".into(),
                "AG".into(),
                "1101".into(),
                "4101".into(),
                "!X".into(),
            ]
        } else if f.contains("key") {
            vec![
                "0196e0f0-0000-7000-8000-000000000000:00".into(),
                "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567".into(),
            ]
        } else {
            vec![
                "Informe anual".into(),
                "Comité Permanente".into(),
                "Instituto Mexicano del Seguro Social".into(),
                today(),
                "100.00".into(),
            ]
        };
        // Values marked `!` are wrong in some way (an impossible date, an unknown currency…):
        // left out of the mostly plausible cases.
        let plausible = hostile <= 5;
        let choices: Vec<String> = choices
            .into_iter()
            .filter(|c| !(plausible && c.starts_with('!')))
            .map(|c| c.strip_prefix('!').map(str::to_string).unwrap_or(c))
            .collect();
        if !plausible && rng.chance(15) && !self.all_ids.is_empty() {
            return rng.pick(&self.all_ids).clone();
        }
        rng.pick(&choices).clone()
    }
}

struct Gen<'a> {
    rng: Rng,
    types: &'a Types,
    pools: &'a Pools,
    command: String,
    /// Arguments of a shape the IPC refuses (a number out of range, a missing field).
    malformed: bool,
    /// How often (%) a string is taken from the hostile pool rather than a plausible one.
    hostile: u64,
}

impl Gen<'_> {
    fn int(&mut self, field: &str, lo: i128, hi: i128) -> Value {
        let f = field.to_ascii_lowercase();
        let year = (chrono_year() as i128).clamp(lo, hi);
        let mut pool: Vec<i128> = vec![0, 1, 2, 3, 7, 12, 30, 100, lo, hi, hi - 1, lo + 1];
        if f.contains("year") {
            pool = vec![year, year - 1, year - 2, year + 1, year + 30, 1900, 0, hi];
        } else if f.contains("seq") || f.contains("version") || f == "from" || f == "to" {
            pool = vec![1, 2, 3, 0, 99, hi];
        }
        if self.hostile <= 5 {
            // Mostly plausible: small positive numbers, this year and its neighbours.
            pool = if f.contains("year") {
                vec![year, year - 1, year - 2]
            } else {
                vec![1, 2, 3, 5, 30]
            };
        }
        if self.rng.chance(3) {
            // Out of range for the type: the IPC refuses it before the command runs.
            self.malformed = true;
            return json!(if self.rng.chance(50) {
                (lo - 1) as f64
            } else {
                (hi as f64) * 2.0
            });
        }
        let v = (*self.rng.pick(&pool)).clamp(lo, hi);
        match i64::try_from(v) {
            Ok(v) => json!(v),
            Err(_) => json!(v as f64),
        }
    }

    fn value(
        &mut self,
        dt: &DataType,
        field: &str,
        generics: &[(String, DataType)],
        depth: usize,
    ) -> Value {
        if depth > 12 {
            return Value::Null;
        }
        match dt {
            DataType::Primitive(p) => {
                use Primitive as P;
                match p {
                    P::bool => json!(self.rng.chance(50)),
                    P::i8 => self.int(field, i8::MIN.into(), i8::MAX.into()),
                    P::i16 => self.int(field, i16::MIN.into(), i16::MAX.into()),
                    P::i32 => self.int(field, i32::MIN.into(), i32::MAX.into()),
                    P::i64 | P::isize => self.int(field, i64::MIN.into(), i64::MAX.into()),
                    P::u8 => self.int(field, 0, u8::MAX.into()),
                    P::u16 => self.int(field, 0, u16::MAX.into()),
                    P::u32 => self.int(field, 0, u32::MAX.into()),
                    P::u64 | P::usize => self.int(field, 0, u64::MAX.into()),
                    P::f32 | P::f64 => json!(*self.rng.pick(&[0.0, 1.5, -1.0, 1e300, 100.0])),
                    P::char => json!(*self.rng.pick(&["a", "\u{0}", "ñ"])),
                    _ => json!(self.pools.string(
                        &mut self.rng,
                        field,
                        &self.command.clone(),
                        self.hostile
                    )),
                }
            }
            DataType::List(l) => {
                let n = match l.length {
                    Some(n) => n,
                    None => match self.rng.index(10) {
                        0 => 0,
                        1..=5 => 1,
                        6..=8 => 2,
                        _ => 4,
                    },
                };
                let item = singular(field);
                Value::Array(
                    (0..n)
                        .map(|_| self.value(&l.ty, &item, generics, depth + 1))
                        .collect(),
                )
            }
            DataType::Map(m) => {
                let mut out = Map::new();
                for _ in 0..self.rng.index(3) {
                    let k = match self.value(m.key_ty(), field, generics, depth + 1) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    let v = self.value(m.value_ty(), field, generics, depth + 1);
                    out.insert(k, v);
                }
                Value::Object(out)
            }
            DataType::Struct(s) => self.fields(&s.fields, field, generics, depth),
            DataType::Enum(e) => {
                let live: Vec<_> = e.variants.iter().filter(|(_, v)| !v.skip).collect();
                if live.is_empty() {
                    return Value::Null;
                }
                let (name, v) = *self.rng.pick(&live);
                match &v.fields {
                    Fields::Unit => json!(name.to_string()),
                    fields => self.fields(fields, field, generics, depth),
                }
            }
            DataType::Tuple(t) => {
                if t.elements.is_empty() {
                    Value::Null
                } else {
                    Value::Array(
                        t.elements
                            .iter()
                            .map(|e| self.value(e, field, generics, depth + 1))
                            .collect(),
                    )
                }
            }
            DataType::Nullable(inner) => {
                if self.rng.chance(30) {
                    Value::Null
                } else {
                    self.value(inner, field, generics, depth + 1)
                }
            }
            DataType::Intersection(parts) => {
                let mut out = Map::new();
                for p in parts {
                    if let Value::Object(o) = self.value(p, field, generics, depth + 1) {
                        out.extend(o);
                    }
                }
                Value::Object(out)
            }
            DataType::Generic(g) => {
                let name = g.name().to_string();
                match generics.iter().find(|(n, _)| *n == name) {
                    Some((_, dt)) => {
                        let dt = dt.clone();
                        self.value(&dt, field, &[], depth + 1)
                    }
                    None => Value::Null,
                }
            }
            DataType::Reference(Reference::Named(r)) => match &r.inner {
                NamedReferenceType::Inline { dt, .. } => self.value(dt, field, generics, depth + 1),
                NamedReferenceType::Reference { generics: g, .. } => {
                    let Some(ndt) = self.types.get(r) else {
                        return Value::Null;
                    };
                    let Some(ty) = ndt.ty.clone() else {
                        // `tauri::ipc::Channel`: the id of a JavaScript callback.
                        return if ndt.name == "TAURI_CHANNEL" {
                            json!("__CHANNEL__:7")
                        } else {
                            Value::Null
                        };
                    };
                    let g: Vec<(String, DataType)> = g
                        .iter()
                        .map(|(k, v)| (k.name().to_string(), v.clone()))
                        .collect();
                    self.value(&ty, field, &g, depth + 1)
                }
                NamedReferenceType::Recursive(_) => Value::Null,
            },
            DataType::Reference(Reference::Opaque(o)) => {
                if o.type_name().contains("Channel") {
                    json!("__CHANNEL__:7")
                } else {
                    Value::Null
                }
            }
        }
    }

    fn fields(
        &mut self,
        fields: &Fields,
        field: &str,
        generics: &[(String, DataType)],
        depth: usize,
    ) -> Value {
        match fields {
            Fields::Unit => Value::Null,
            Fields::Unnamed(u) => {
                let live: Vec<_> = u.fields.iter().filter_map(|f| f.ty.as_ref()).collect();
                if live.len() == 1 {
                    self.value(live[0], field, generics, depth + 1)
                } else {
                    Value::Array(
                        live.iter()
                            .map(|t| self.value(t, field, generics, depth + 1))
                            .collect(),
                    )
                }
            }
            Fields::Named(n) => {
                let mut out = Map::new();
                for (name, f) in &n.fields {
                    let Some(ty) = &f.ty else { continue };
                    if f.optional && self.rng.chance(30) {
                        continue;
                    }
                    if self.rng.chance(1) {
                        // A missing field: the IPC refuses it.
                        self.malformed = true;
                        continue;
                    }
                    let v = self.value(ty, name, generics, depth + 1);
                    out.insert(name.to_string(), v);
                }
                Value::Object(out)
            }
        }
    }
}

fn chrono_year() -> i32 {
    use chrono::Datelike;
    despacho_core::store::today().year()
}

// ---- the store --------------------------------------------------------------------------------

/// A hash of every row of every table (order-independent within a table), so that a refused
/// call can be shown to have written nothing — whatever the table.
fn fingerprint(conn: &rusqlite::Connection, skip: &[&str]) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in tables {
        if skip.contains(&t.as_str()) {
            continue;
        }
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        let mut sum: u64 = 0;
        let mut count: u64 = 0;
        while let Some(row) = rows.next().unwrap() {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for i in 0..n {
                match row.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Null => 0u8.hash(&mut h),
                    rusqlite::types::ValueRef::Integer(v) => v.hash(&mut h),
                    rusqlite::types::ValueRef::Real(v) => v.to_bits().hash(&mut h),
                    rusqlite::types::ValueRef::Text(v) => v.hash(&mut h),
                    rusqlite::types::ValueRef::Blob(v) => v.hash(&mut h),
                }
            }
            sum = sum.wrapping_add(h.finish());
            count += 1;
        }
        out.insert(t, sum ^ count.rotate_left(32));
    }
    out
}

fn total_changes(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT total_changes()", [], |r| r.get(0))
        .unwrap()
}

struct Fixture {
    dir: PathBuf,
    template: PathBuf,
    work: PathBuf,
    key: DataKey,
    users: Vec<(Role, User)>,
    pristine: BTreeMap<String, u64>,
}

fn copy_store(from: &Path, to: &Path) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", to.display()));
    }
    std::fs::copy(from, to).unwrap();
    std::fs::copy(
        format!("{}.keys", from.display()),
        format!("{}.keys", to.display()),
    )
    .unwrap();
}

fn fixture() -> Fixture {
    let dir = std::env::temp_dir().join(format!("despacho-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("template")).unwrap();
    std::fs::create_dir_all(dir.join("work")).unwrap();
    std::fs::create_dir_all(dir.join("files")).unwrap();
    std::fs::create_dir_all(dir.join("home/.config")).unwrap();
    std::fs::write(dir.join("files/sample.png"), b"\x89PNG\r\n\x1a\nnot really").unwrap();
    std::fs::write(dir.join("files/sample.pdf"), b"%PDF-1.7\n%%EOF\n").unwrap();
    // Exports go to "Downloads" (here: the temporary home), relative paths stay in the
    // temporary folder, and no desktop service (keyring, notifications) is reached.
    std::env::set_var("HOME", dir.join("home"));
    std::env::set_var("XDG_CONFIG_HOME", dir.join("home/.config"));
    std::env::set_var("XDG_DATA_HOME", dir.join("home/.local/share"));
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/despacho-bus",
    );
    std::env::set_current_dir(&dir).unwrap();

    let template = dir.join("template/despacho.db");
    let (mut store, _recovery) = despacho_core::crypt::create_store(&template, PASSPHRASE).unwrap();
    let new_user = |username: &str, role: Role, is_admin: bool| NewUser {
        username: username.into(),
        full_name: format!("{username} <img src=x onerror=alert(1)>"),
        role,
        is_admin,
        password: PASSWORD.into(),
        language: Language::Es,
    };
    let sg = users::create_first_admin(&mut store, new_user("sg", Role::SecretaryGeneral, true))
        .unwrap();
    despacho_core::demo::load(&mut store, &sg).unwrap();
    let auditor =
        users::add_user(&mut store, &sg, new_user("auditor", Role::Auditor, false)).unwrap();
    let key = store.key().expect("encrypted").clone();
    let pristine = fingerprint(store.conn(), &[]);
    drop(store);
    let work = dir.join("work/despacho.db");
    Fixture {
        dir,
        template,
        work,
        key,
        users: vec![(Role::SecretaryGeneral, sg), (Role::Auditor, auditor)],
        pristine,
    }
}

impl Fixture {
    fn fresh_store(&self) -> Store {
        copy_store(&self.template, &self.work);
        Store::open_with_key(&self.work, &self.key).unwrap()
    }

    fn pools(&self, store: &Store) -> Pools {
        let conn = store.conn();
        let tables: Vec<String> = conn
            .prepare("SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'id')")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut ids = BTreeMap::new();
        let mut all = Vec::new();
        for t in tables {
            let v: Vec<String> = conn
                .prepare(&format!(
                    "SELECT CAST(id AS TEXT) FROM \"{t}\" ORDER BY id LIMIT 40"
                ))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            all.extend(v.iter().take(5).cloned());
            if !v.is_empty() {
                ids.insert(t, v);
            }
        }
        Pools {
            ids,
            all_ids: all,
            hostile: hostile_strings(),
            dir: self.dir.join("files"),
        }
    }
}

// ---- the IPC ----------------------------------------------------------------------------------

enum Answer {
    Ok(Value),
    Err(Value),
    /// No answer: the command's task was dropped (a panic).
    Gone,
}

fn invoke(
    webview: &WebviewWindow<MockRuntime>,
    cmd: &str,
    body: Value,
    limit: Duration,
) -> Option<Answer> {
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(body),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    let webview: &tauri::Webview<MockRuntime> = webview.as_ref();
    webview.clone().on_message(
        request,
        Box::new(move |_w, _c, response, _cb, _err| {
            let _ = tx.send(response);
        }),
    );
    match rx.recv_timeout(limit) {
        Ok(InvokeResponse::Ok(b)) => {
            Some(Answer::Ok(b.deserialize::<Value>().unwrap_or(Value::Null)))
        }
        Ok(InvokeResponse::Err(e)) => Some(Answer::Err(e.0)),
        // The command's task ended without answering: it panicked.
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Some(Answer::Gone),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => None,
    }
}

/// Every string under an `id`-like key of an answer: later cases use them (occurrence ids,
/// versions… that no table lists).
fn harvest(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                if let Value::String(s) = v {
                    if (k == "id" || k.ends_with("_id") || k.ends_with("Id"))
                        && s.len() < 200
                        && out.len() < 4000
                        && !out.contains(s)
                    {
                        out.push(s.clone());
                    }
                } else {
                    harvest(v, out);
                }
            }
        }
        Value::Array(a) => a.iter().take(20).for_each(|v| harvest(v, out)),
        _ => {}
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 400 {
        format!(
            "{}… ({} bytes)",
            &s[..s
                .char_indices()
                .take_while(|(i, _)| *i < 400)
                .last()
                .map(|(i, c)| i + c.len_utf8())
                .unwrap_or(0)],
            s.len()
        )
    } else {
        s
    }
}

#[derive(Default)]
struct Tally {
    ok: u32,
    refused: u32,
    ipc_refused: u32,
    codes: BTreeMap<String, u32>,
    /// `code:field` of the refusals (`DESPACHO_HOSTILE_VERBOSE`).
    fields: BTreeMap<String, u32>,
}

#[test]
fn every_command_answers_hostile_input_with_ok_or_a_typed_error_and_writes_nothing_when_refused() {
    let seed: u64 = std::env::var("DESPACHO_HOSTILE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261128);
    let cases: u32 = std::env::var("DESPACHO_HOSTILE_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let only: Option<BTreeSet<String>> = std::env::var("DESPACHO_HOSTILE_ONLY")
        .ok()
        .map(|s| s.split(',').map(|s| s.trim().to_string()).collect());

    let panics: Arc<Mutex<Vec<String>>> = Arc::default();
    {
        let panics = panics.clone();
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let where_ = std::thread::current().name().unwrap_or("?").to_string();
            panics
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(format!("{info} (thread {where_})"));
            default(info);
        }));
    }

    let spec = spec();
    let started = Instant::now();
    let fx = fixture();

    // The commands registered, against the exclusions.
    let registered: BTreeSet<&str> = spec.commands.iter().map(|c| c.name.as_str()).collect();
    for (name, _) in EXCLUDED {
        assert!(
            registered.contains(name),
            "{name} is excluded but no longer registered: remove it from EXCLUDED"
        );
    }
    assert!(
        registered.len() > 250,
        "only {} commands collected",
        registered.len()
    );

    // The error codes, from the registered `ErrorCode` type itself.
    let codes: BTreeSet<String> = spec
        .types
        .into_unsorted_iter()
        .find(|t| t.name == "ErrorCode")
        .and_then(|t| t.ty.clone())
        .map(|ty| {
            let mut g = Gen {
                rng: Rng::new(1),
                types: &spec.types,
                pools: &fx.pools(&fx.fresh_store()),
                command: String::new(),
                malformed: false,
                hostile: 0,
            };
            let mut out = BTreeSet::new();
            for _ in 0..2000 {
                if let Value::String(s) = g.value(&ty, "", &[], 0) {
                    out.insert(s);
                }
            }
            out
        })
        .unwrap_or_default();
    assert!(
        codes.contains("not_found") && codes.contains("forbidden") && codes.len() >= 15,
        "error codes: {codes:?}"
    );

    let store = fx.fresh_store();
    let mut pools = fx.pools(&store);
    let state = AppState::for_tests(fx.work.clone(), Some(store), None);
    let app = mock_builder()
        .manage(state)
        .invoke_handler(specta_builder::<MockRuntime>().invoke_handler())
        .build(mock_context(noop_assets()))
        .expect("the mock app");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let state = tauri::Manager::state::<AppState>(&app);
    let mut store_dirty = false;

    let mut findings: Vec<String> = Vec::new();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut calls = 0u32;
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    let mut harvested: Vec<String> = Vec::new();

    for (ci, command) in spec.commands.iter().enumerate() {
        if EXCLUDED.iter().any(|(n, _)| *n == command.name) {
            continue;
        }
        if only.as_ref().is_some_and(|o| !o.contains(&command.name)) {
            continue;
        }
        let allowed: Vec<&str> = WRITES_ON_REFUSAL
            .iter()
            .filter(|(c, _, _)| *c == command.name)
            .map(|(_, t, _)| *t)
            .collect();
        let pristine: BTreeMap<String, u64> = fx
            .pristine
            .iter()
            .filter(|(t, _)| !allowed.contains(&t.as_str()))
            .map(|(t, h)| (t.clone(), *h))
            .collect();
        let tally = tallies.entry(command.name.clone()).or_default();
        for (ri, (role, user)) in fx.users.iter().enumerate() {
            for case in 0..cases {
                let case_seed = seed ^ ((ci as u64) << 32) ^ ((ri as u64) << 24) ^ case as u64;
                let mut g = Gen {
                    rng: Rng::new(case_seed),
                    types: &spec.types,
                    pools: &pools,
                    command: command.name.clone(),
                    malformed: false,
                    // One case in three mostly plausible (to get past the first checks), the
                    // others mostly hostile.
                    hostile: if case % 3 == 0 { 5 } else { 45 },
                };
                let mut body = Map::new();
                for (name, dt) in &command.args {
                    let v = g.value(dt, name, &[], 0);
                    body.insert(camel(name), v);
                }
                let body = Value::Object(body);

                // A clean store (when the last call changed it) and the role signed in.
                let store = state.replace_for_tests(None, None);
                let store = match store {
                    Some(s) if !store_dirty => s,
                    _ => {
                        drop(store);
                        fx.fresh_store()
                    }
                };
                let before = total_changes(&store);
                state.replace_for_tests(Some(store), Some(user.clone()));
                panics.lock().unwrap().clear();

                let t0 = Instant::now();
                let answer = invoke(
                    &webview,
                    &command.name,
                    body.clone(),
                    Duration::from_secs(120),
                );
                let took = t0.elapsed();
                calls += 1;
                let what = format!(
                    "{} as {role:?}, case {case} (DESPACHO_HOSTILE_SEED={seed} DESPACHO_HOSTILE_ONLY={}) with {}",
                    command.name,
                    command.name,
                    short(&body)
                );
                slowest.push((took, format!("{} as {role:?} case {case}", command.name)));
                let Some(answer) = answer else {
                    let p = panics.lock().unwrap().clone();
                    panic!("{what}: no answer within 120 s; panics: {p:?}");
                };
                let p = std::mem::take(&mut *panics.lock().unwrap());
                if !p.is_empty() {
                    findings.push(format!("PANIC {what}: {p:?}"));
                }

                // The store after the call.
                let store = state.replace_for_tests(None, None);
                let Some(store) = store else {
                    findings.push(format!("{what}: the store was closed by the call"));
                    store_dirty = true;
                    continue;
                };
                let changed = total_changes(&store) != before;
                match &answer {
                    Answer::Gone => {
                        if p.is_empty() {
                            findings.push(format!("NO ANSWER {what}"));
                        }
                        // Whatever it left, the next call starts from a clean store.
                        store_dirty = true;
                        state.replace_for_tests(Some(store), None);
                        continue;
                    }
                    Answer::Ok(v) => {
                        tally.ok += 1;
                        harvest(v, &mut harvested);
                    }
                    Answer::Err(e) => {
                        let typed = e.get("code").and_then(Value::as_str).map(str::to_string);
                        let message = e.get("message").and_then(Value::as_str).unwrap_or("");
                        match typed {
                            Some(code) => {
                                tally.refused += 1;
                                let field = e.get("field").and_then(Value::as_str).unwrap_or("-");
                                *tally.codes.entry(code.clone()).or_default() += 1;
                                *tally.fields.entry(format!("{code}:{field}")).or_default() += 1;
                                if !codes.contains(&code) || message.trim().is_empty() {
                                    findings.push(format!("UNTYPED {what}: {e}"));
                                }
                                if code == "internal" {
                                    findings.push(format!("INTERNAL {what}: {e}"));
                                }
                            }
                            None => {
                                // Refused by the IPC layer before the command ran: only for
                                // arguments of the wrong shape.
                                let s = e.as_str().unwrap_or("");
                                if s.contains("invalid args") || s.contains("missing required key")
                                {
                                    tally.ipc_refused += 1;
                                    if !g.malformed {
                                        findings.push(format!(
                                            "IPC-REFUSED (generator or command) {what}: {e}"
                                        ));
                                    }
                                } else {
                                    findings.push(format!("UNTYPED {what}: {e}"));
                                }
                            }
                        }
                        if changed {
                            let now = fingerprint(store.conn(), &allowed);
                            if now != pristine {
                                let diff: Vec<&String> = now
                                    .iter()
                                    .filter(|(t, h)| pristine.get(*t) != Some(h))
                                    .map(|(t, _)| t)
                                    .collect();
                                findings.push(format!(
                                    "WRITE ON REFUSAL {what}: {e}; tables changed: {diff:?}"
                                ));
                            }
                        }
                    }
                }
                store_dirty = changed;
                state.replace_for_tests(Some(store), None);
            }
        }
        // Ids that answers named (occurrences, versions, …) join the pools.
        if !harvested.is_empty() {
            let known: BTreeSet<String> = pools.all_ids.iter().cloned().collect();
            for id in harvested.drain(..) {
                if !known.contains(&id) && pools.all_ids.len() < 3000 {
                    let table = command.name.split('_').next().unwrap_or("").to_string();
                    pools.ids.entry(table).or_default().push(id.clone());
                    pools.all_ids.push(id);
                }
            }
        }
    }

    // The report.
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    let swept = tallies.len();
    let never_ok: Vec<&String> = tallies
        .iter()
        .filter(|(_, t)| t.ok == 0)
        .map(|(n, _)| n)
        .collect();
    let never_reached: Vec<&String> = tallies
        .iter()
        .filter(|(_, t)| t.ok + t.refused == 0)
        .map(|(n, _)| n)
        .collect();
    let mut totals = Tally::default();
    for t in tallies.values() {
        totals.ok += t.ok;
        totals.refused += t.refused;
        totals.ipc_refused += t.ipc_refused;
        for (c, n) in &t.codes {
            *totals.codes.entry(c.clone()).or_default() += n;
        }
    }
    eprintln!(
        "hostile sweep: seed {seed}, {swept} commands × {} roles × {cases} cases = {calls} calls in {:.0?}: \
         {} ok, {} typed refusals {:?}, {} refused by the IPC (malformed arguments); excluded: {:?}",
        fx.users.len(),
        started.elapsed(),
        totals.ok,
        totals.refused,
        totals.codes,
        totals.ipc_refused,
        EXCLUDED.iter().map(|(n, _)| *n).collect::<Vec<_>>()
    );
    eprintln!("never Ok ({}): {never_ok:?}", never_ok.len());
    eprintln!("slowest: {:?}", &slowest[..slowest.len().min(8)]);
    if std::env::var_os("DESPACHO_HOSTILE_VERBOSE").is_some() {
        for (n, t) in &tallies {
            eprintln!(
                "  {n}: ok {} refused {} ipc {} {:?}",
                t.ok, t.refused, t.ipc_refused, t.fields
            );
        }
    }
    let _ = std::fs::remove_dir_all(&fx.dir);

    if only.is_none() {
        let missing: Vec<&&str> = registered
            .iter()
            .filter(|n| !tallies.contains_key(**n) && !EXCLUDED.iter().any(|(e, _)| e == *n))
            .collect();
        assert!(
            missing.is_empty(),
            "registered but neither swept nor excluded: {missing:?}"
        );
    }
    assert!(
        findings.is_empty(),
        "seed {seed}: {} findings:\n{}",
        findings.len(),
        findings.join("\n")
    );
    assert!(
        never_reached.is_empty(),
        "the generator never got these commands past the IPC's argument check: {never_reached:?}"
    );
}
