//! A 30-item agenda rendered warm (fonts, templates and standard library already loaded).
//! Budget: 150 ms (issue 3); record the figure in docs/PERFORMANCE.md.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{criterion_group, criterion_main, Criterion};
use despacho_documents::{render_agenda, Lang};

fn bench(c: &mut Criterion) {
    let doc = support::long_agenda(30);
    let plain = support::options(&[Lang::Es], false);
    let bilingual = support::options(&[Lang::Es, Lang::En], true);
    render_agenda(&doc, &plain).unwrap();
    c.bench_function("agenda_30_items_es_warm", |b| {
        b.iter(|| render_agenda(&doc, &plain).unwrap())
    });
    // An edit between renders (a new title each time) defeats the memoized layout of the
    // changed item: closer to the preview refreshing while a user types.
    let mut edited = doc.clone();
    let mut n = 0u64;
    c.bench_function("agenda_30_items_es_warm_after_edit", |b| {
        b.iter(|| {
            n += 1;
            edited.items[3]
                .title
                .insert(Lang::Es, format!("Título editado {n}"));
            render_agenda(&edited, &plain).unwrap()
        })
    });
    c.bench_function("agenda_30_items_es_en_annotated_warm", |b| {
        b.iter(|| render_agenda(&doc, &bilingual).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
