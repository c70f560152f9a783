//! Global search on a large store: ~95 members, ~1,500 contacts, ~100 sessions with ~3,000
//! agenda items (two languages each), ~1,000 minutes entries, ~2,000 missions (two travellers
//! each), generated with direct inserts in one transaction (the triggers index them as they
//! go). `SEARCH_BENCH_SCALE=10` multiplies the sessions, agenda, minutes and missions by ten;
//! `SEARCH_BENCH_MMAP_MIB=256` reads the store memory-mapped.
//!
//! Before the criterion runs, prints p50/p95/max over 200 runs of each typical query (limit 10
//! per kind), since the target is a p95: ≤ 50 ms.
//!
//! `cargo bench -p despacho-core --bench search`
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use despacho_core::search;
use despacho_core::Store;
use rusqlite::params;

const WORDS: &[&str] = &[
    "seguridad",
    "social",
    "pensiones",
    "salud",
    "actuarial",
    "evaluación",
    "cooperación",
    "técnica",
    "informe",
    "aprobación",
    "acta",
    "reforma",
    "cobertura",
    "financiamiento",
    "riesgos",
    "trabajo",
    "prestaciones",
    "invalidez",
    "vejez",
    "muerte",
    "maternidad",
    "desempleo",
    "afiliación",
    "recaudación",
    "cotizaciones",
    "digitalización",
    "gobernanza",
    "auditoría",
    "presupuesto",
    "capacitación",
    "diagnóstico",
    "sostenibilidad",
    "demografía",
    "envejecimiento",
    "longevidad",
    "informalidad",
    "protección",
    "universal",
    "atención",
    "primaria",
    "hospitalaria",
    "medicamentos",
    "farmacia",
    "tecnologías",
    "información",
    "estadísticas",
    "indicadores",
    "calidad",
    "servicio",
    "asegurados",
    "beneficiarios",
    "jubilación",
    "régimen",
    "contributivo",
    "solidario",
    "fondo",
    "inversiones",
    "reservas",
    "valuación",
    "proyecciones",
];
const COUNTRIES: &[&str] = &[
    "MX", "PE", "CO", "AR", "BR", "CL", "UY", "CR", "GT", "PA", "US", "CA", "BZ", "AG", "BB",
];
const CITIES: &[&str] = &[
    "Ciudad de México",
    "Lima",
    "Bogotá",
    "Buenos Aires",
    "Brasilia",
    "Santiago",
    "Montevideo",
    "San José",
    "Guatemala",
    "Panamá",
];
const NAMES: &[&str] = &[
    "Ana", "Luis", "María", "José", "Carmen", "Jorge", "Lucía", "Pedro", "Rosa", "Andrés",
];
const SURNAMES: &[&str] = &[
    "Pérez",
    "Gómez",
    "Rodríguez",
    "Núñez",
    "Álvarez",
    "Ibáñez",
    "Quiroga",
    "Méndez",
    "Castro",
    "Herrera",
];

/// A small deterministic generator (no extra dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next() % from.len()]
    }
    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| self.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

struct Counts {
    members: usize,
    contacts: usize,
    agenda_items: usize,
    minutes: usize,
    missions: usize,
    index_rows: i64,
}

fn populated(dir: &std::path::Path) -> (Store, Counts) {
    let scale: usize = std::env::var("SEARCH_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1);
    let mut store = Store::open(&dir.join("search-bench.db")).unwrap();
    let mut rng = Lcg(42);
    let at = "2025-01-01T00:00:00.000Z";
    let mut counts = Counts {
        members: 0,
        contacts: 0,
        agenda_items: 0,
        minutes: 0,
        missions: 0,
        index_rows: 0,
    };
    store
        .transaction(|tx| {
            let body: String = tx.query_row("SELECT id FROM bodies WHERE code = 'CPISS'", [], |r| r.get(0))?;
            let mut member_ids = Vec::new();
            for i in 0..95 {
                let id = format!("m{i:04}");
                let acronym = if i == 7 { "IMSS".to_string() } else { format!("ISS{i}") };
                tx.execute(
                    "INSERT INTO members (id, name, acronym, country, category, notes, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, 'titular', ?5, ?6, ?6)",
                    params![id, format!("Instituto de {} número {i}", rng.words(3)), acronym,
                            COUNTRIES[i % COUNTRIES.len()], rng.words(8), at],
                )?;
                for j in 0..16 {
                    tx.execute(
                        "INSERT INTO contacts (id, member_id, name, position, email, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                        params![format!("c{i:04}-{j:02}"), id,
                                format!("{} {} {}", rng.pick(NAMES), rng.pick(SURNAMES), rng.pick(SURNAMES)),
                                format!("Jefe de {}", rng.words(2)),
                                format!("p{i}.{j}@example.org"), at],
                    )?;
                    counts.contacts += 1;
                }
                member_ids.push(id);
                counts.members += 1;
            }
            for s in 0..100 * scale {
                let sid = format!("s{s:05}");
                tx.execute(
                    "INSERT INTO sessions (id, body_id, ordinal, name, kind, starts_at, starts_at_utc, time_zone, venue, languages, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, 'ordinary', '2025-05-04T10:00:00-06:00', '2025-05-04T16:00:00Z', 'America/Mexico_City', ?5, 'es,en', ?6, ?6)",
                    params![sid, body, (s + 1) as i64, format!("Reunión ordinaria {}", s + 1), rng.pick(CITIES), at],
                )?;
                for k in 0..30 {
                    let iid = format!("i{s:05}-{k:02}");
                    tx.execute(
                        "INSERT INTO agenda_items (id, session_id, position, kind, created_at, updated_at)
                         VALUES (?1, ?2, ?3, 'information', ?4, ?4)",
                        params![iid, sid, k as i64, at],
                    )?;
                    let title = if k == 0 { "Aprobación del acta de la reunión anterior".to_string() } else { rng.words(5) };
                    for (lang, t, note) in [("es", title.clone(), rng.words(20)), ("en", format!("Item {k} {}", rng.words(2)), String::new())] {
                        tx.execute(
                            "INSERT INTO agenda_item_texts (id, item_id, language, title, note, created_at, updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                            params![format!("{iid}-{lang}"), iid, lang, t, note, at],
                        )?;
                    }
                    counts.agenda_items += 1;
                    if k < 10 {
                        tx.execute(
                            "INSERT INTO minutes_entries (id, session_id, item_id, discussion, decision, created_at, updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                            params![format!("e{s:05}-{k:02}"), sid, iid, rng.words(60), rng.words(15), at],
                        )?;
                        counts.minutes += 1;
                    }
                }
            }
            for x in 0..2000 * scale {
                let mid = format!("x{x:06}");
                tx.execute(
                    "INSERT INTO missions (id, purpose, country, city, start_date, end_date, notes, report, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, '2025-03-02', '2025-03-06', ?5, ?6, ?7, ?7)",
                    params![mid, format!("Misión de {}", rng.words(4)), rng.pick(COUNTRIES), rng.pick(CITIES),
                            rng.words(10), rng.words(40), at],
                )?;
                for t in 0..2 {
                    tx.execute(
                        "INSERT INTO mission_travellers (id, mission_id, name, position, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                        params![format!("{mid}-t{t}"), mid, format!("{} {}", rng.pick(NAMES), rng.pick(SURNAMES)), t, at],
                    )?;
                }
                counts.missions += 1;
            }
            let _ = member_ids;
            Ok(())
        })
        .unwrap();
    store
        .conn()
        .execute_batch("INSERT INTO search_index(search_index) VALUES ('optimize'); ANALYZE;")
        .unwrap();
    // SEARCH_BENCH_MMAP_MIB: memory-mapped reads (the store's page cache is bounded to ~8 MiB).
    if let Some(mib) = std::env::var("SEARCH_BENCH_MMAP_MIB")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
    {
        store
            .conn()
            .pragma_update(None, "mmap_size", mib * 1024 * 1024)
            .unwrap();
    }
    counts.index_rows = store
        .conn()
        .query_row("SELECT count(*) FROM search_index", [], |r| r.get(0))
        .unwrap();
    (store, counts)
}

const QUERIES: &[&str] = &[
    "aprobacion del acta",
    "seguridad social",
    "imss",
    "pension",
    "evaluacion actuarial",
    "nunez",
    "se",
    "s",
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let (mut store, n) = populated(dir.path());
    eprintln!(
        "store: {} members, {} contacts, {} agenda items, {} minutes entries, {} missions; {} index rows; generated and indexed in {:?}",
        n.members, n.contacts, n.agenda_items, n.minutes, n.missions, n.index_rows, started.elapsed()
    );
    for q in QUERIES {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..200 {
            let t = Instant::now();
            let r = search::search(store.conn(), q, 10).unwrap();
            times.push(t.elapsed());
            found = r.groups.iter().map(|g| g.total).sum::<u32>();
        }
        times.sort();
        eprintln!(
            "search {q:?}: {found} matches; p50 {:?}, p95 {:?}, max {:?}",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            times[times.len() - 1]
        );
    }
    c.bench_function(
        "search typical (\"aprobacion del acta\", 10 per kind)",
        |b| b.iter(|| search::search(store.conn(), "aprobacion del acta", 10).unwrap()),
    );
    c.bench_function(
        "search common words (\"seguridad social\", 10 per kind)",
        |b| b.iter(|| search::search(store.conn(), "seguridad social", 10).unwrap()),
    );
    c.bench_function("search a two-letter prefix (\"se\", 10 per kind)", |b| {
        b.iter(|| search::search(store.conn(), "se", 10).unwrap())
    });
    // What the index adds to a write: a mission's text changed and re-indexed.
    let mut i = 0u64;
    c.bench_function(
        "update one mission's purpose (re-indexed in the transaction)",
        |b| {
            b.iter(|| {
                i += 1;
                store
                    .transaction(|tx| {
                        tx.execute(
                            "UPDATE missions SET purpose = ?1 WHERE id = 'x000001'",
                            [format!("Misión de evaluación {i}")],
                        )?;
                        Ok(())
                    })
                    .unwrap()
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
