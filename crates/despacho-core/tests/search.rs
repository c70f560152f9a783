//! Global search: accents and case, prefixes, ranking, the index following every change in the
//! same transaction, and hostile queries.
mod common;

use common::*;
use despacho_core::agenda::{self, ItemInput};
use despacho_core::members::{self, ContactInput};
use despacho_core::missions::{self, MissionInput, Traveller};
use despacho_core::search::{self, SearchHit, SearchKind, SearchResults};
use despacho_core::store::{self, Store};
use despacho_core::users::{Language, User};
use despacho_core::{AppError, ErrorCode};
use proptest::prelude::*;

fn find(store: &Store, q: &str) -> SearchResults {
    search::search(store.conn(), q, 20).unwrap_or_else(|e| panic!("{q:?}: {e:?}"))
}

/// The hits of one kind, in order.
fn hits(store: &Store, q: &str, kind: SearchKind) -> Vec<SearchHit> {
    find(store, q)
        .groups
        .into_iter()
        .find(|g| g.kind == kind)
        .map(|g| g.hits)
        .unwrap_or_default()
}

fn ids(store: &Store, q: &str, kind: SearchKind) -> Vec<String> {
    hits(store, q, kind)
        .into_iter()
        .map(|h| h.record_id)
        .collect()
}

/// Everything the index holds, in a stable order.
fn index_dump(store: &Store) -> Vec<(String, String, Option<String>, String, String)> {
    let mut st = store
        .conn()
        .prepare("SELECT kind, record_id, parent_id, title, body FROM search_index ORDER BY kind, record_id")
        .unwrap();
    st.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// What the index should hold: every live record, from the migration's views.
fn expected_index(store: &Store) -> Vec<(String, String, Option<String>, String, String)> {
    let union = SearchKind::ALL
        .iter()
        .map(|k| {
            format!(
                "SELECT '{k}' AS kind, record_id, parent_id, title, body FROM search_source_{k}",
                k = k.as_str()
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let mut st = store
        .conn()
        .prepare(&format!("{union} ORDER BY kind, record_id"))
        .unwrap();
    st.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn assert_index_current(store: &Store) {
    let (got, want) = (index_dump(store), expected_index(store));
    assert_eq!(got.len(), want.len(), "index rows vs live records");
    assert_eq!(got, want);
    let docs: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM search_docs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        docs as usize,
        got.len(),
        "one search_docs row per index row"
    );
    store
        .conn()
        .execute(
            "INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .expect("FTS5 integrity check");
}

fn mission_input(purpose: &str, notes: &str, travellers: &[&str]) -> MissionInput {
    MissionInput {
        purpose: purpose.into(),
        country: "CR".into(),
        city: "San José".into(),
        start_date: "2031-03-02".into(),
        end_date: "2031-03-06".into(),
        // A mission needs a traveller; this one's name is in none of the queries.
        travellers: (if travellers.is_empty() {
            &["Elena Ruiz"][..]
        } else {
            travellers
        })
        .iter()
        .map(|n| Traveller {
            name: n.to_string(),
            role: String::new(),
        })
        .collect(),
        notes: notes.into(),
        ..Default::default()
    }
}

fn titled(es: &str, en: &str, note_es: &str) -> ItemInput {
    let mut i = item(es, 10);
    if !en.is_empty() {
        i.titles.insert(Language::En, en.into());
    }
    if !note_es.is_empty() {
        i.notes.insert(Language::Es, note_es.into());
    }
    i
}

struct World {
    store: Store,
    sg: User,
    session: String,
}

fn world() -> World {
    let (mut store, sg) = store_with_admin();
    let body = new_body(
        &mut store,
        &sg,
        "CT",
        despacho_core::bodies::QuorumRule::MajorityOfVoting,
    );
    let session = new_session(&mut store, &sg, &body.id, "2031-05-04T10:00:00-06:00").id;
    World { store, sg, session }
}

fn add_item(w: &mut World, input: &ItemInput) -> String {
    let agenda = agenda::add_item(&mut w.store, &w.sg, &w.session, None, None, input).unwrap();
    agenda.items.last().unwrap().id.clone()
}

#[test]
fn accents_and_case_do_not_matter() {
    let mut w = world();
    let item = add_item(
        &mut w,
        &titled("Aprobación del acta", "Approval of the minutes", ""),
    );
    for q in [
        "aprobacion",
        "Aprobacion del acta",
        "APROBACIÓN",
        "aprobación DEL ACTA",
        "approval",
    ] {
        assert_eq!(
            ids(&w.store, q, SearchKind::AgendaItem),
            [item.as_str()],
            "{q}"
        );
    }
    // Accents in the query fold too.
    let m = members::create_member(
        &mut w.store,
        &w.sg,
        &member("Instituto Mexicano del Seguro Social", "IMSS", "MX"),
    )
    .unwrap();
    for q in [
        "IMSS",
        "imss",
        "Imss",
        "instituto mexicano",
        "MÉXICANO",
        "méxicano",
    ] {
        assert_eq!(ids(&w.store, q, SearchKind::Member), [m.id.as_str()], "{q}");
    }
    assert!(ids(&w.store, "aprobaciones", SearchKind::AgendaItem).is_empty());
}

#[test]
fn the_last_word_is_a_prefix_the_others_are_whole_words() {
    let mut w = world();
    let ccss = members::create_member(
        &mut w.store,
        &w.sg,
        &member("Caja Costarricense de Seguridad Social", "CCSS", "CR"),
    )
    .unwrap()
    .id;
    assert_eq!(ids(&w.store, "seguri", SearchKind::Member), [ccss.as_str()]);
    assert_eq!(
        ids(&w.store, "caja cost", SearchKind::Member),
        [ccss.as_str()]
    );
    assert_eq!(
        ids(&w.store, "Seguridad", SearchKind::Member),
        [ccss.as_str()]
    );
    // Only the last word is a prefix; every word must match.
    assert!(ids(&w.store, "cost caja", SearchKind::Member).is_empty());
    assert!(ids(&w.store, "seguridad pension", SearchKind::Member).is_empty());
}

#[test]
fn a_title_hit_ranks_above_a_body_hit_and_the_exact_acronym_first() {
    let mut w = world();
    // The word twice in a short body against once in a long title: with title and body
    // weighed alike, bm25 would rank the body hit first.
    let in_notes = missions::create_mission(
        &mut w.store,
        &w.sg,
        &mission_input("Visita técnica", "Actuaría, actuaría.", &[]),
    )
    .unwrap()
    .id;
    let in_title = missions::create_mission(
        &mut w.store,
        &w.sg,
        &mission_input(
            "Seguimiento del programa regional de formación continua en actuaría para los institutos miembros",
            "",
            &[],
        ),
    )
    .unwrap()
    .id;
    let found = hits(&w.store, "actuaria", SearchKind::Mission);
    assert_eq!(
        found
            .iter()
            .map(|h| h.record_id.clone())
            .collect::<Vec<_>>(),
        [in_title.as_str(), in_notes.as_str()]
    );
    assert!(found[0].rank > found[1].rank, "{found:?}");

    // "IMSS Bienestar (IMSSB)" holds the prefix twice in a short title: bm25 alone ranks it
    // above "Instituto Mexicano del Seguro Social (IMSS)"; the exact acronym still comes first.
    let bienestar = members::create_member(
        &mut w.store,
        &w.sg,
        &member("IMSS Bienestar", "IMSSB", "MX"),
    )
    .unwrap()
    .id;
    let imss = members::create_member(
        &mut w.store,
        &w.sg,
        &member("Instituto Mexicano del Seguro Social", "IMSS", "MX"),
    )
    .unwrap()
    .id;
    for q in ["IMSS", "imss", " imss "] {
        let found = hits(&w.store, q, SearchKind::Member);
        assert_eq!(
            found
                .iter()
                .map(|h| h.record_id.clone())
                .collect::<Vec<_>>(),
            [imss.as_str(), bienestar.as_str()],
            "{q}"
        );
        assert!(
            found[1].rank > found[0].rank,
            "the acronym, not bm25, put IMSS first: {found:?}"
        );
    }
    assert_eq!(
        ids(&w.store, "imssb", SearchKind::Member),
        [bienestar.as_str()]
    );
}

#[test]
fn results_are_grouped_by_kind_in_a_fixed_order_with_totals_and_segments() {
    let mut w = world();
    let m = members::create_member(
        &mut w.store,
        &w.sg,
        &member("Instituto de Previsión Social", "IPS", "PY"),
    )
    .unwrap();
    members::add_contact(
        &mut w.store,
        &w.sg,
        &m.id,
        &ContactInput {
            name: "Rosa Previsión".into(),
            position: "Jefa de previsión social".into(),
            ..Default::default()
        },
    )
    .unwrap();
    for n in 0..3 {
        missions::create_mission(
            &mut w.store,
            &w.sg,
            &mission_input(&format!("Misión {n}"), "Sobre previsión social", &[]),
        )
        .unwrap();
    }
    add_item(&mut w, &titled("Informe de previsión social", "", ""));

    let r = search::search(w.store.conn(), "prevision", 2).unwrap();
    let kinds: Vec<SearchKind> = r.groups.iter().map(|g| g.kind).collect();
    assert_eq!(
        kinds,
        [
            SearchKind::Member,
            SearchKind::Contact,
            SearchKind::AgendaItem,
            SearchKind::Mission
        ]
    );
    let missions = &r.groups[3];
    assert_eq!((missions.total, missions.hits.len()), (3, 2));
    assert_eq!(r.terms, ["prevision"]);

    // The title and the snippet come as segments; the hits are marked, the rest is text.
    let contact = &r.groups[1].hits[0];
    assert_eq!(contact.parent_id.as_deref(), Some(m.id.as_str()));
    assert_eq!(contact.title, "Rosa Previsión");
    let marked: Vec<(&str, bool)> = contact
        .title_segments
        .iter()
        .map(|s| (s.text.as_str(), s.hit))
        .collect();
    assert_eq!(marked, [("Rosa ", false), ("Previsión", true)]);
    assert!(contact
        .snippet
        .iter()
        .any(|s| s.hit && s.text == "previsión"));
    let all: String = contact.snippet.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(all, "Jefa de previsión social IPS");
    assert!(!all.contains('\u{E000}') && !all.contains('\u{E001}'));

    // Limit 0: the totals only.
    let r = search::search(w.store.conn(), "prevision", 0).unwrap();
    assert_eq!(r.groups.len(), 4);
    assert!(r.groups.iter().all(|g| g.hits.is_empty() && g.total > 0));
}

#[test]
fn the_index_follows_every_change_of_a_member_in_the_same_transaction() {
    let mut w = world();
    let m = members::create_member(
        &mut w.store,
        &w.sg,
        &member("Banco de Previsión Social", "BPS", "UY"),
    )
    .unwrap();
    assert_eq!(ids(&w.store, "banco", SearchKind::Member), [m.id.as_str()]);
    let contact = members::add_contact(
        &mut w.store,
        &w.sg,
        &m.id,
        &ContactInput {
            name: "Jorge Álvarez".into(),
            position: "Gerente".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        ids(&w.store, "alvarez", SearchKind::Contact),
        [contact.id.as_str()]
    );
    // The contact's text carries its member's acronym.
    assert_eq!(
        ids(&w.store, "alvarez bps", SearchKind::Contact),
        [contact.id.as_str()]
    );

    // Update: the old words leave, the new ones come; the contact follows the acronym.
    members::update_member(
        &mut w.store,
        &w.sg,
        &m.id,
        &members::MemberInput {
            name: "Caja de Jubilaciones".into(),
            acronym: "CJU".into(),
            ..members::MemberInput::from(&m)
        },
    )
    .unwrap();
    assert!(ids(&w.store, "banco", SearchKind::Member).is_empty());
    assert_eq!(
        ids(&w.store, "jubilaciones", SearchKind::Member),
        [m.id.as_str()]
    );
    assert!(ids(&w.store, "alvarez bps", SearchKind::Contact).is_empty());
    assert_eq!(
        ids(&w.store, "alvarez cju", SearchKind::Contact),
        [contact.id.as_str()]
    );
    assert_index_current(&w.store);

    // Archive: still found, marked archived; restored: unmarked.
    members::set_archived(&mut w.store, &w.sg, &m.id, true).unwrap();
    let h = hits(&w.store, "jubilaciones", SearchKind::Member);
    assert_eq!(h.len(), 1);
    assert!(h[0].archived);
    members::set_archived(&mut w.store, &w.sg, &m.id, false).unwrap();
    assert!(!hits(&w.store, "jubilaciones", SearchKind::Member)[0].archived);

    // A contact deleted (tombstone) leaves the index.
    members::delete_contact(&mut w.store, &w.sg, &contact.id).unwrap();
    assert!(ids(&w.store, "alvarez", SearchKind::Contact).is_empty());

    // A refused operation leaves the index as it was.
    let other = members::create_member(
        &mut w.store,
        &w.sg,
        &member("Instituto de Seguridad Social", "ISS", "UY"),
    )
    .unwrap();
    let before = index_dump(&w.store);
    let e = members::update_member(
        &mut w.store,
        &w.sg,
        &other.id,
        &members::MemberInput {
            name: "Nombre que no debe quedar".into(),
            acronym: "CJU".into(),
            ..members::MemberInput::from(&other)
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Duplicate);
    assert_eq!(index_dump(&w.store), before);

    // A change that fails after writing (inside the transaction, triggers fired) rolls the
    // index back with it.
    let e = w
        .store
        .transaction(|tx| -> despacho_core::Result<()> {
            tx.execute(
                "UPDATE members SET name = 'Nombre revertido' WHERE id = ?1",
                [&other.id],
            )?;
            let inside: i64 = tx.query_row(
                "SELECT count(*) FROM search_index WHERE search_index MATCH '\"revertido\"'",
                [],
                |r| r.get(0),
            )?;
            assert_eq!(inside, 1, "the index changes inside the transaction");
            Err(AppError::new(ErrorCode::Internal, "fails after writing"))
        })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Internal);
    assert!(ids(&w.store, "revertido", SearchKind::Member).is_empty());
    assert_eq!(index_dump(&w.store), before);

    // Delete (a tombstone, as sync writes it): gone from the index, with what hangs from it.
    let c2 = members::add_contact(
        &mut w.store,
        &w.sg,
        &other.id,
        &ContactInput {
            name: "Lucía Méndez".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        ids(&w.store, "lucia", SearchKind::Contact),
        [c2.id.as_str()]
    );
    w.store
        .transaction(|tx| {
            tx.execute(
                "UPDATE members SET deleted_at = ?2 WHERE id = ?1",
                [&other.id, &store::now()],
            )?;
            Ok(())
        })
        .unwrap();
    assert!(ids(&w.store, "seguridad", SearchKind::Member).is_empty());
    assert!(ids(&w.store, "lucia", SearchKind::Contact).is_empty());
    assert_index_current(&w.store);
}

#[test]
fn the_index_follows_the_agenda_and_the_session() {
    let mut w = world();
    let a = add_item(
        &mut w,
        &titled("Informe del tesorero", "Treasurer's report", ""),
    );
    let b = add_item(
        &mut w,
        &titled("Asuntos varios", "", "Incluye el calendario"),
    );
    assert_eq!(
        ids(&w.store, "tesorero", SearchKind::AgendaItem),
        [a.as_str()]
    );
    assert_eq!(
        ids(&w.store, "treasurer", SearchKind::AgendaItem),
        [a.as_str()]
    );
    assert_eq!(
        ids(&w.store, "calendario", SearchKind::AgendaItem),
        [b.as_str()]
    );
    let h = &hits(&w.store, "tesorero", SearchKind::AgendaItem)[0];
    assert_eq!(h.title, "Informe del tesorero / Treasurer's report");
    assert_eq!(h.parent_id.as_deref(), Some(w.session.as_str()));

    // Rename: old title gone, new one found; the English title removed too.
    agenda::update_item(
        &mut w.store,
        &w.sg,
        &a,
        &titled("Estados financieros auditados", "", ""),
    )
    .unwrap();
    assert!(ids(&w.store, "tesorero", SearchKind::AgendaItem).is_empty());
    assert!(ids(&w.store, "treasurer", SearchKind::AgendaItem).is_empty());
    assert_eq!(
        ids(&w.store, "auditados", SearchKind::AgendaItem),
        [a.as_str()]
    );
    // Moves renumber the items and leave the index as it was.
    let before = index_dump(&w.store);
    agenda::move_item_up(&mut w.store, &w.sg, &b).unwrap();
    assert_eq!(index_dump(&w.store), before);

    agenda::delete_item(&mut w.store, &w.sg, &b).unwrap();
    assert!(ids(&w.store, "calendario", SearchKind::AgendaItem).is_empty());
    assert_index_current(&w.store);

    // The session found by its name and venue; deleting it takes its items along.
    assert_eq!(
        ids(&w.store, "sede ciss", SearchKind::Session),
        [w.session.as_str()]
    );
    despacho_core::sessions::delete_session(&mut w.store, &w.sg, &w.session).unwrap();
    assert!(ids(&w.store, "reunion", SearchKind::Session).is_empty());
    assert!(ids(&w.store, "auditados", SearchKind::AgendaItem).is_empty());
    assert_index_current(&w.store);
}

#[test]
fn the_index_follows_missions_and_their_travellers() {
    let mut w = world();
    let m = missions::create_mission(
        &mut w.store,
        &w.sg,
        &mission_input("Asistencia técnica en pensiones", "", &["Marta Quiroga"]),
    )
    .unwrap();
    assert_eq!(
        ids(&w.store, "pensiones", SearchKind::Mission),
        [m.id.as_str()]
    );
    assert_eq!(
        ids(&w.store, "quiroga", SearchKind::Mission),
        [m.id.as_str()]
    );
    assert_eq!(
        ids(&w.store, "san jose", SearchKind::Mission),
        [m.id.as_str()]
    );
    missions::update_mission(
        &mut w.store,
        &w.sg,
        &m.id,
        &MissionInput {
            city: "Montevideo".into(),
            country: "UY".into(),
            ..mission_input("Evaluación actuarial", "", &["Pablo Ibáñez"])
        },
    )
    .unwrap();
    assert!(ids(&w.store, "pensiones", SearchKind::Mission).is_empty());
    assert!(ids(&w.store, "quiroga", SearchKind::Mission).is_empty());
    assert_eq!(
        ids(&w.store, "evaluacion", SearchKind::Mission),
        [m.id.as_str()]
    );
    assert_eq!(
        ids(&w.store, "ibanez", SearchKind::Mission),
        [m.id.as_str()]
    );
    assert_eq!(
        ids(&w.store, "montevideo", SearchKind::Mission),
        [m.id.as_str()]
    );
    assert_index_current(&w.store);

    // A refused update (end before start) leaves the index as it was.
    let before = index_dump(&w.store);
    let e = missions::update_mission(
        &mut w.store,
        &w.sg,
        &m.id,
        &MissionInput {
            start_date: "2031-03-09".into(),
            ..mission_input("Nunca indexada", "", &[])
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue, "{e:?}");
    assert_eq!(index_dump(&w.store), before);
}

#[test]
fn the_demo_store_is_fully_indexed_and_every_kind_is_found() {
    let (mut store, sg) = store_with_admin();
    despacho_core::demo::load(&mut store, &sg).unwrap();
    assert_index_current(&store);
    let kinds: Vec<String> = {
        let mut st = store
            .conn()
            .prepare("SELECT DISTINCT kind FROM search_index ORDER BY kind")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for k in kinds {
        assert!(SearchKind::parse(&k).is_some(), "unknown kind {k}");
    }
    // Budget lines from the migration's fixed chart are found in any of their languages.
    assert!(!ids(&store, "Asamblea General", SearchKind::BudgetLine).is_empty());
    assert!(!ids(&store, "assemblee generale", SearchKind::BudgetLine).is_empty());
}

#[test]
fn obligations_postulations_and_regulation_projects_are_found_and_follow_their_changes() {
    let (mut store, sg) = store_with_admin();
    despacho_core::demo::load(&mut store, &sg).unwrap();
    assert_index_current(&store);
    // Every demo record of the three kinds is indexed once.
    let count = |sql: &str| -> i64 { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    for (kind, table) in [
        ("obligation", "obligations"),
        ("postulation", "postulations"),
        ("regulation", "regulation_projects"),
    ] {
        let live = count(&format!(
            "SELECT count(*) FROM {table} WHERE deleted_at IS NULL"
        ));
        assert!(live > 0, "the demo has {table}");
        assert_eq!(
            count(&format!(
                "SELECT count(*) FROM search_index WHERE kind = '{kind}'"
            )),
            live
        );
    }
    // Found without accents or capitals, opening the record (a postulation: its call).
    let obligation: (String, String) = store
        .conn()
        .query_row(
            "SELECT id, title FROM obligations WHERE deleted_at IS NULL ORDER BY title LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let word = obligation
        .1
        .split_whitespace()
        .max_by_key(|w| w.chars().count())
        .unwrap()
        .to_lowercase()
        .replace(['á', 'à'], "a")
        .replace('é', "e")
        .replace('í', "i")
        .replace('ó', "o")
        .replace('ú', "u")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    assert!(
        ids(&store, &word, SearchKind::Obligation).contains(&obligation.0),
        "{word:?} finds {obligation:?}"
    );
    let (postulation, call, candidate): (String, String, String) = store
        .conn()
        .query_row(
            "SELECT id, call_id, candidate_name FROM postulations ORDER BY candidate_name LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let surname = candidate.split_whitespace().last().unwrap().to_uppercase();
    let hit = hits(&store, &surname, SearchKind::Postulation)
        .into_iter()
        .find(|h| h.record_id == postulation)
        .expect("the candidate is found by surname");
    assert_eq!(hit.parent_id.as_deref(), Some(call.as_str()));
    assert!(!ids(&store, "reglamento", SearchKind::Regulation).is_empty());

    // A change re-indexes in its transaction; a tombstone leaves the index.
    store
        .conn()
        .execute(
            "UPDATE obligations SET title = 'Renovación de la exención zeppelínica' WHERE id = ?1",
            [&obligation.0],
        )
        .unwrap();
    assert_eq!(
        ids(&store, "zeppelinica", SearchKind::Obligation),
        std::slice::from_ref(&obligation.0)
    );
    store
        .conn()
        .execute(
            "UPDATE postulations SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE id = ?1",
            [&postulation],
        )
        .unwrap();
    assert!(!ids(&store, &surname, SearchKind::Postulation).contains(&postulation));
    assert_index_current(&store);
}

#[test]
fn records_written_before_the_migration_are_indexed_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in &store::MIGRATIONS[..7] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 7).unwrap();
        conn.execute_batch(
            "INSERT INTO members (id, name, acronym, country, category, created_at, updated_at)
               VALUES ('m1', 'Instituto Salvadoreño del Seguro Social', 'ISSS', 'SV', 'titular', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');
             INSERT INTO members (id, name, acronym, country, category, created_at, updated_at, deleted_at)
               VALUES ('m2', 'Borrado', 'BOR', 'SV', 'titular', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z');
             INSERT INTO contacts (id, member_id, name, position, created_at, updated_at)
               VALUES ('c1', 'm1', 'Ramón Núñez', 'Director', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), store::SCHEMA_VERSION);
    assert_eq!(ids(&store, "salvadoreno", SearchKind::Member), ["m1"]);
    assert_eq!(ids(&store, "nunez", SearchKind::Contact), ["c1"]);
    assert!(ids(&store, "borrado", SearchKind::Member).is_empty());
    assert_index_current(&store);
}

#[test]
fn hostile_queries_never_fail_and_blank_ones_are_required() {
    let mut w = world();
    members::create_member(
        &mut w.store,
        &w.sg,
        &member("Instituto Mexicano del Seguro Social", "IMSS", "MX"),
    )
    .unwrap();
    for blank in ["", " ", "\t\n", "\u{3000}"] {
        let e = search::search(w.store.conn(), blank, 10).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::Required, Some("query"))
        );
    }
    let long = "x".repeat(10_000);
    let words = "seguro ".repeat(2_000);
    for q in [
        "\"",
        "\"\"",
        "\"imss",
        "imss\"",
        "*",
        "imss*",
        "*imss",
        "NEAR(",
        "NEAR(imss seguro, 2)",
        "imss OR seguro",
        "OR",
        "AND",
        "NOT",
        "imss NOT seguro",
        "-imss",
        "imss -",
        "(",
        ")",
        "((imss)",
        "imss)",
        "title:imss",
        "{title body}: imss",
        "^imss",
        "imss + seguro",
        "'; DROP TABLE members; --",
        "\" OR 1=1 --",
        "imss'); DELETE FROM search_index; --",
        "\u{200F}imss\u{200E}",
        "\u{202E}ssmi",
        "\u{0000}",
        "ि",
        "imss ि",
        "🙂 imss",
        long.as_str(),
        words.as_str(),
    ] {
        let r = search::search(w.store.conn(), q, 10);
        assert!(r.is_ok(), "{q:?}: {r:?}");
    }
    // The operators are words that must match too (an OR would find the member), and the
    // store is intact.
    assert!(find(&w.store, "nada OR imss").groups.is_empty());
    assert!(find(&w.store, "imss OR seguro").groups.is_empty());
    assert_eq!(find(&w.store, "imss seguro").groups.len(), 1);
    assert_eq!(find(&w.store, "NEAR(imss seguro, 2)").groups.len(), 0);
    assert_eq!(find(&w.store, "\u{200F}imss\u{200E}").groups.len(), 1);
    assert_eq!(find(&w.store, "-imss").groups.len(), 1);
    assert!(find(&w.store, "*** \"\" ()").groups.is_empty());
    assert_eq!(find(&w.store, "imss").groups.len(), 1);
    assert_index_current(&w.store);
}

/// Any text, as a query, gives results or (blank text only) `required`; never another error,
/// never a panic. One store for all the cases (opening one per case would dominate the run).
#[test]
fn any_text_is_a_safe_query() {
    use proptest::test_runner::{Config, TestRunner};
    let store = Store::open_in_memory().unwrap();
    store
        .conn()
        .execute_batch(
            "INSERT INTO members (id, name, acronym, country, category, created_at, updated_at)
             VALUES ('m1', 'Caja de Seguro Social', 'CSS', 'PA', 'titular', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
        )
        .unwrap();
    let strategies = prop_oneof![
        any::<String>(),
        "\\PC{0,60}",
        // FTS5's syntax, in any order, around words that are in the store.
        "([\"*()\\-:^{}+,. ]|NEAR|OR|AND|NOT|caja|seguro|CSS|title|body){0,24}",
    ];
    let mut runner = TestRunner::new(Config::with_cases(2_000));
    runner
        .run(&strategies, |q| {
            match search::search(store.conn(), &q, 5) {
                Ok(_) => prop_assert!(!q.trim().is_empty()),
                Err(e) => {
                    prop_assert_eq!(e.code, ErrorCode::Required, "{:?}: {:?}", q, e);
                    prop_assert!(q.trim().is_empty());
                }
            }
            Ok(())
        })
        .unwrap();
}
