//! Regulation projects: articles, immutable versions, the redline, comments, submission to a
//! Standing Committee session (the agenda item linked both ways) and the committee's decision.
//! Every refusal leaves the store as it was.
mod common;

use chrono::Duration;
use common::*;
use despacho_core::agenda;
use despacho_core::bodies::QuorumRule;
use despacho_core::regulations::{
    self, ArticleChange, RegulationArticleInput, RegulationDecision, RegulationProjectDetail,
    RegulationProjectInput, RegulationStatus, Texts, STANDING_COMMITTEE_BODY_ID,
};
use despacho_core::sessions::{self, SessionStatus};
use despacho_core::store::{today, Store};
use despacho_core::users::{Language, Role, User};
use despacho_core::ErrorCode;

/// Row counts of every table these operations could write, plus total changes.
fn fp(store: &Store) -> Vec<i64> {
    let mut out: Vec<i64> = [
        "audit_log",
        "regulation_projects",
        "regulation_articles",
        "regulation_versions",
        "regulation_version_articles",
        "regulation_comments",
        "regulation_submissions",
        "agenda_items",
        "agenda_item_texts",
        "agenda_attachments",
        "agenda_changes",
    ]
    .iter()
    .map(|t| {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect();
    out.push(
        store
            .conn()
            .query_row("SELECT total_changes()", [], |r| r.get(0))
            .unwrap(),
    );
    out
}

fn texts(es: &str, en: Option<&str>) -> Texts {
    let mut t = Texts::new();
    t.insert(Language::Es, es.to_string());
    if let Some(en) = en {
        t.insert(Language::En, en.to_string());
    }
    t
}

fn project_input(title: &str) -> RegulationProjectInput {
    RegulationProjectInput {
        titles: texts(title, Some("Financial Regulations reform")),
        instrument: "Reglamento Financiero".into(),
        languages: vec![Language::Es, Language::En],
    }
}

fn article(number: &str, heading: &str, es: &str) -> RegulationArticleInput {
    RegulationArticleInput {
        number: number.into(),
        headings: texts(heading, None),
        texts: texts(es, None),
    }
}

/// A project with three articles and version 1 saved.
fn project(store: &mut Store, user: &User) -> RegulationProjectDetail {
    let p = regulations::create_project(
        store,
        user,
        &project_input("Reforma al Reglamento Financiero"),
    )
    .unwrap();
    let id = p.project.id.clone();
    regulations::add_article(
        store,
        user,
        &id,
        None,
        &article(
            "1",
            "Objeto",
            "El presente Reglamento rige la gestión financiera.",
        ),
    )
    .unwrap();
    regulations::add_article(
        store,
        user,
        &id,
        None,
        &article(
            "2",
            "Cuotas",
            "Las cuotas se pagan el primer día del ejercicio.",
        ),
    )
    .unwrap();
    regulations::add_article(
        store,
        user,
        &id,
        None,
        &article(
            "3",
            "Reservas",
            "El fondo de reserva equivale a tres meses de gasto.",
        ),
    )
    .unwrap();
    regulations::save_version(store, user, &id, "Primer borrador").unwrap()
}

fn future(days: i64) -> String {
    format!("{}T10:00", today() + Duration::days(days))
}

fn committee_session(store: &mut Store, user: &User, days: i64) -> String {
    new_session(store, user, STANDING_COMMITTEE_BODY_ID, &future(days)).id
}

#[test]
fn versions_are_numbered_immutable_and_compared_by_article() {
    let (mut store, sg) = store_with_admin();
    let p = project(&mut store, &sg);
    let id = p.project.id.clone();
    assert_eq!(p.versions.len(), 1);
    assert_eq!((p.versions[0].number, p.versions[0].article_count), (1, 3));
    assert!(!p.project.has_unsaved_changes);

    // Nothing changed: saving again is refused, and writes nothing.
    let before = fp(&store);
    let e = regulations::save_version(&mut store, &sg, &id, "otra").unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("version"))
    );
    assert_eq!(fp(&store), before);

    // A new article 2, the old 2 and 3 renumbered, a word changed, a removal.
    let a = p.articles.clone();
    regulations::update_article(
        &mut store,
        &sg,
        &a[2].id,
        &article(
            "4",
            "Reservas",
            "El fondo de reserva equivale a seis meses de gasto.",
        ),
    )
    .unwrap();
    regulations::update_article(
        &mut store,
        &sg,
        &a[1].id,
        &article(
            "3",
            "Cuotas",
            "Las cuotas se pagan el primer día del ejercicio.",
        ),
    )
    .unwrap();
    regulations::add_article(
        &mut store,
        &sg,
        &id,
        Some(1),
        &article("2", "Presupuesto", "El presupuesto es anual."),
    )
    .unwrap();
    let d = regulations::get_project(store.conn(), &id).unwrap();
    assert!(d.project.has_unsaved_changes);
    assert_eq!(
        d.articles
            .iter()
            .map(|x| x.number.as_str())
            .collect::<Vec<_>>(),
        ["1", "2", "3", "4"]
    );
    let d = regulations::save_version(&mut store, &sg, &id, "Tras consultas").unwrap();
    assert_eq!(
        d.versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        [1, 2]
    );
    regulations::remove_article(&mut store, &sg, &a[0].id).unwrap();

    // Version 1 still holds what it held.
    let v1 = regulations::regulation_text(store.conn(), &id, Some(1)).unwrap();
    assert_eq!(v1.articles.len(), 3);
    assert_eq!(
        v1.articles[2].texts[&Language::Es],
        "El fondo de reserva equivale a tres meses de gasto."
    );

    let r = regulations::compare(store.conn(), &id, Some(1), Some(2), Language::Es).unwrap();
    assert_eq!((r.added, r.removed, r.changed), (1, 0, 2));
    let reserves = r.articles.iter().find(|x| x.article_id == a[2].id).unwrap();
    assert_eq!(reserves.change, ArticleChange::Changed);
    assert_eq!(regulations::segments_text(&reserves.number), "[-3-]{+4+}");
    assert_eq!(
        regulations::segments_text(&reserves.text),
        "El fondo de reserva equivale a [-tres-]{+seis+} meses de gasto."
    );
    let text = regulations::redline_text(&r);
    assert!(text.contains("+ {+2+}. {+Presupuesto+}"), "{text}");
    assert!(text.contains("~ [-2-]{+3+}. Cuotas"), "{text}");

    // Against the working copy: article 1 removed.
    let r = regulations::compare(store.conn(), &id, Some(2), None, Language::Es).unwrap();
    assert_eq!((r.added, r.removed, r.changed), (0, 1, 0));
    assert_eq!(r.articles[0].change, ArticleChange::Removed);
    // Identical versions compare as unchanged.
    let r = regulations::compare(store.conn(), &id, Some(2), Some(2), Language::Es).unwrap();
    assert!(r
        .articles
        .iter()
        .all(|x| x.change == ArticleChange::Unchanged));

    // The store itself refuses to change a saved version.
    assert!(store
        .conn()
        .execute("UPDATE regulation_version_articles SET text_es = 'x'", [])
        .is_err());
    assert!(store
        .conn()
        .execute("DELETE FROM regulation_versions", [])
        .is_err());

    // Unknown version and project.
    let e = regulations::compare(store.conn(), &id, Some(9), None, Language::Es).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = regulations::get_project(store.conn(), "nope").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn articles_are_validated_ordered_and_moved() {
    let (mut store, sg) = store_with_admin();
    let p = project(&mut store, &sg);
    let id = p.project.id.clone();
    let before = fp(&store);
    for (input, code, field) in [
        (article("", "x", "Texto."), ErrorCode::Required, "number"),
        (article("4", "x", "  "), ErrorCode::Required, "text_es"),
        (
            article("2", "x", "Repetido."),
            ErrorCode::Duplicate,
            "number",
        ),
    ] {
        let e = regulations::add_article(&mut store, &sg, &id, None, &input).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (code, Some(field)),
            "{input:?}"
        );
    }
    let e = regulations::create_project(&mut store, &sg, &RegulationProjectInput::default())
        .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Required, Some("title_es"))
    );
    let e = regulations::add_article(&mut store, &sg, "nope", None, &article("9", "", "T."))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(fp(&store), before);

    let d = regulations::move_article(&mut store, &sg, &p.articles[2].id, 0).unwrap();
    assert_eq!(
        d.articles
            .iter()
            .map(|a| a.number.as_str())
            .collect::<Vec<_>>(),
        ["3", "1", "2"]
    );
    assert_eq!(
        d.articles.iter().map(|a| a.position).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    assert!(d.project.has_unsaved_changes, "an order change is a change");
    let d = regulations::remove_article(&mut store, &sg, &p.articles[0].id).unwrap();
    assert_eq!(
        d.articles
            .iter()
            .map(|a| (a.number.as_str(), a.position))
            .collect::<Vec<_>>(),
        [("3", 0), ("2", 1)]
    );
}

#[test]
fn roles_comments_and_refusals_write_nothing() {
    let (mut store, sg) = store_with_admin();
    let auditor = user_with_role(&mut store, &sg, "aud", Role::Auditor);
    let finance = user_with_role(&mut store, &sg, "fin", Role::ManagingFinances);
    let staff = user_with_role(&mut store, &sg, "staff", Role::Staff);
    let p = project(&mut store, &staff);
    let id = p.project.id.clone();
    let art = p.articles[0].id.clone();
    let before = fp(&store);
    for u in [&auditor, &finance] {
        let e = regulations::create_project(&mut store, u, &project_input("X")).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
        let e = regulations::add_comment(&mut store, u, &art, "No.").unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
        let e =
            regulations::update_article(&mut store, u, &art, &article("1", "", "T.")).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
    }
    let e = regulations::add_comment(&mut store, &staff, &art, "   ").unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Required, Some("body"))
    );
    let e = regulations::add_comment(&mut store, &staff, "nope", "Hola").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(fp(&store), before);

    let d = regulations::add_comment(
        &mut store,
        &staff,
        &art,
        "¿Incluir a los miembros adherentes?",
    )
    .unwrap();
    assert_eq!(d.comments.len(), 1);
    assert_eq!(d.project.open_comments, 1);
    assert_eq!(d.articles[0].open_comments, 1);
    assert_eq!(
        d.comments[0].author_name.as_deref(),
        Some("staff full name")
    );
    let c = d.comments[0].id.clone();
    let d = regulations::resolve_comment(&mut store, &sg, &c, true).unwrap();
    assert!(d.comments[0].resolved);
    assert_eq!(d.project.open_comments, 0);
    let before = fp(&store);
    let e = regulations::resolve_comment(&mut store, &sg, &c, true).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    assert_eq!(fp(&store), before);
    let _ = id;
}

#[test]
fn submission_adds_the_agenda_item_linked_both_ways_and_the_decision_follows() {
    let (mut store, sg) = store_with_admin();
    let staff = user_with_role(&mut store, &sg, "staff", Role::Staff);
    let p = project(&mut store, &staff);
    let id = p.project.id.clone();
    // A change after version 1: submitting saves version 2 first.
    regulations::update_article(
        &mut store,
        &staff,
        &p.articles[0].id,
        &article(
            "1",
            "Objeto",
            "Este Reglamento rige la gestión financiera de la CISS.",
        ),
    )
    .unwrap();

    let committee = committee_session(&mut store, &sg, 30);
    let other_body = new_body(&mut store, &sg, "OTRO", QuorumRule::MajorityOfVoting);
    let elsewhere = new_session(&mut store, &sg, &other_body.id, &future(30));
    let past = committee_session(&mut store, &sg, -10);
    let held = committee_session(&mut store, &sg, 40);
    for st in [SessionStatus::Convened, SessionStatus::Held] {
        sessions::set_session_status(&mut store, &sg, &held, st).unwrap();
    }

    let eligible: Vec<String> = regulations::eligible_sessions(store.conn())
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(eligible.len(), 1);
    assert_eq!(eligible[0], committee);

    let auditor = user_with_role(&mut store, &sg, "aud", Role::Auditor);
    let before = fp(&store);
    for (user, session, code) in [
        (&staff, elsewhere.id.as_str(), ErrorCode::InvalidValue),
        (&staff, past.as_str(), ErrorCode::InvalidValue),
        (&staff, held.as_str(), ErrorCode::InvalidValue),
        (&staff, "nope", ErrorCode::NotFound),
        (&auditor, committee.as_str(), ErrorCode::Forbidden),
    ] {
        let e = regulations::submit(&mut store, user, &id, session, None).unwrap_err();
        assert_eq!(e.code, code, "{session}: {e:?}");
    }
    let e = regulations::submit(&mut store, &staff, "nope", &committee, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(fp(&store), before);

    let d = regulations::submit(&mut store, &staff, &id, &committee, None).unwrap();
    assert_eq!(d.project.status, RegulationStatus::Submitted);
    assert_eq!(d.versions.len(), 2, "the changed working copy was saved");
    assert_eq!(d.submissions.len(), 1);
    let s = &d.submissions[0];
    assert_eq!(
        (s.version_number, s.session_id.as_str()),
        (2, committee.as_str())
    );
    assert_eq!(d.project.session_id.as_deref(), Some(committee.as_str()));
    assert_eq!(
        d.project.agenda_item_id.as_deref(),
        Some(s.agenda_item_id.as_str())
    );
    // The agenda has the item, titled in the session's languages.
    let a = agenda::agenda(store.conn(), &committee).unwrap();
    let item = a.items.iter().find(|i| i.id == s.agenda_item_id).unwrap();
    assert_eq!(
        item.titles[&Language::Es],
        "Reforma al Reglamento Financiero"
    );
    assert_eq!(item.titles[&Language::En], "Financial Regulations reform");
    assert_eq!(item.kind, agenda::ItemKind::Decision);
    // And the item finds its project.
    let back = regulations::project_for_agenda_item(store.conn(), &item.id)
        .unwrap()
        .unwrap();
    assert_eq!(back.id, id);
    assert!(regulations::project_for_agenda_item(store.conn(), "nope")
        .unwrap()
        .is_none());

    // Submitted: the text does not change, and it is not submitted twice.
    let before = fp(&store);
    let e = regulations::update_article(
        &mut store,
        &staff,
        &p.articles[0].id,
        &article("1", "", "Otro."),
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("status"))
    );
    let e = regulations::add_article(&mut store, &staff, &id, None, &article("9", "", "Otro."))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    let e = regulations::submit(&mut store, &staff, &id, &committee, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    // Staff may not record the decision; a return needs its reason.
    let e = regulations::record_decision(
        &mut store,
        &staff,
        &id,
        RegulationDecision::Approved,
        "",
        None,
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = regulations::record_decision(
        &mut store,
        &sg,
        &id,
        RegulationDecision::Returned,
        " ",
        None,
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Required, Some("note"))
    );
    assert_eq!(fp(&store), before);

    // Returned: editable again, and submitted again (no new version when nothing changed).
    let d = regulations::record_decision(
        &mut store,
        &sg,
        &id,
        RegulationDecision::Returned,
        "Precisar el artículo 3.",
        None,
    )
    .unwrap();
    assert_eq!(d.project.status, RegulationStatus::Returned);
    assert_eq!(
        d.submissions[0].decision,
        Some(RegulationDecision::Returned)
    );
    assert_eq!(
        d.submissions[0].decided_on.as_deref(),
        Some(today().to_string().as_str())
    );
    regulations::update_article(
        &mut store,
        &staff,
        &p.articles[2].id,
        &article(
            "3",
            "Reservas",
            "El fondo de reserva equivale a cuatro meses de gasto.",
        ),
    )
    .unwrap();
    let d = regulations::submit(&mut store, &staff, &id, &committee, None).unwrap();
    assert_eq!(d.versions.len(), 3);
    assert_eq!(d.submissions.len(), 2);
    let d =
        regulations::record_decision(&mut store, &sg, &id, RegulationDecision::Approved, "", None)
            .unwrap();
    assert_eq!(d.project.status, RegulationStatus::Approved);
    let e =
        regulations::record_decision(&mut store, &sg, &id, RegulationDecision::Approved, "", None)
            .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    let e = regulations::save_version(&mut store, &sg, &id, "x").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
}

#[test]
fn the_draft_pdf_is_attached_to_the_agenda_item() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("despacho.db")).unwrap();
    let sg = despacho_core::users::create_first_admin(
        &mut store,
        new_user("sg", Role::SecretaryGeneral),
    )
    .unwrap();
    let p = project(&mut store, &sg);
    let committee = committee_session(&mut store, &sg, 15);
    let pdf = dir.path().join("proyecto-v1.pdf");
    std::fs::write(&pdf, b"%PDF-1.7 test").unwrap();
    // A missing file is refused before anything is written.
    let before = fp(&store);
    let e = regulations::submit(
        &mut store,
        &sg,
        &p.project.id,
        &committee,
        Some(&dir.path().join("none.pdf")),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(fp(&store), before);
    let d = regulations::submit(&mut store, &sg, &p.project.id, &committee, Some(&pdf)).unwrap();
    let s = &d.submissions[0];
    assert_eq!(d.versions.len(), 1, "nothing changed since version 1");
    let a = agenda::agenda(store.conn(), &committee).unwrap();
    let item = a.items.iter().find(|i| i.id == s.agenda_item_id).unwrap();
    assert_eq!(item.attachments.len(), 1);
    assert_eq!(Some(item.attachments[0].id.clone()), s.attachment_id);
    assert_eq!(item.attachments[0].file_name, "proyecto-v1.pdf");
}

#[test]
fn the_demo_has_a_project_with_two_versions_and_a_readable_redline() {
    let (mut store, admin) = store_with_admin();
    let r = despacho_core::demo::load(&mut store, &admin).unwrap();
    assert_eq!(
        (
            r.regulations.projects,
            r.regulations.versions,
            r.regulations.comments
        ),
        (1, 2, 3)
    );
    let list = regulations::list_projects(store.conn()).unwrap();
    assert_eq!(list.len(), 1);
    let p = &list[0];
    assert_eq!(p.title(Language::Es), "Reforma al Reglamento Financiero");
    assert_eq!(
        (p.status, p.article_count, p.version_count),
        (RegulationStatus::Draft, 6, 2)
    );
    assert!(!p.has_unsaved_changes);
    let r = regulations::compare(store.conn(), &p.id, Some(1), Some(2), Language::Es).unwrap();
    assert_eq!((r.added, r.removed, r.changed), (1, 1, 3));
    let text = regulations::redline_text(&r);
    assert!(text.contains("[-tres-]{+seis+} meses"), "{text}");
    assert!(text.contains("~ [-4-]{+5+}. Fondo de reserva"), "{text}");
    // English: the article without English text until version 2 shows its heading added.
    let r = regulations::compare(store.conn(), &p.id, Some(1), Some(2), Language::En).unwrap();
    assert!(regulations::redline_text(&r).contains("{+Reserve fund+}"));
    // The demo session's agenda stays approved.
    let committee = despacho_core::regulations::eligible_sessions(store.conn()).unwrap();
    assert_eq!(committee.len(), 1);
    assert_eq!(committee[0].agenda_status, agenda::AgendaStatus::Approved);
}
