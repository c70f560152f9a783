//! Compliance: instruments, obligations and their recurrence, occurrences (status, evidence,
//! sign-off), the views and the report. Every refusal leaves the store as it was.
mod common;

use chrono::{Duration, NaiveDate};
use common::*;
use despacho_core::compliance::{self, OccurrenceQuery};
use despacho_core::instruments::{self, ArticleInput, InstrumentInput, InstrumentKind};
use despacho_core::obligations::{
    self, due_dates, EvidenceInput, ObligationFilter, ObligationInput, OccurrenceStatus,
    OccurrenceStatusChange, Recurrence, Rule, SessionDay,
};
use despacho_core::sessions::{self, SessionKind};
use despacho_core::store::{today, Store};
use despacho_core::users::{Language, Role, User};
use despacho_core::ErrorCode;

const STANDING_COMMITTEE: &str = "01940000-0000-7000-8000-000000000002";
const UNIT_SG: &str = "01940000-0000-7000-8001-000000000001";
const UNIT_DEAF: &str = "01940000-0000-7000-8001-000000000002";

fn fp(store: &Store) -> Vec<i64> {
    let mut out: Vec<i64> = [
        "audit_log",
        "instruments",
        "instrument_articles",
        "obligations",
        "obligation_articles",
        "obligation_occurrences",
        "obligation_evidence",
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

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ds(days: i64) -> String {
    (today() + Duration::days(days)).to_string()
}

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    sg: User,
    chief: User,
    staff: User,
    auditor: User,
    finance: User,
    statute: String,
    art_12: String,
    art_12bis: String,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let sg = despacho_core::users::create_first_admin(
        &mut store,
        new_user("sg", Role::SecretaryGeneral),
    )
    .unwrap();
    let chief = user_with_role(&mut store, &sg, "chief", Role::ChiefOfStaff);
    let staff = user_with_role(&mut store, &sg, "staff", Role::Staff);
    let auditor = user_with_role(&mut store, &sg, "auditor", Role::Auditor);
    let finance = user_with_role(&mut store, &sg, "finance", Role::ManagingFinances);
    let statute = instruments::create_instrument(
        &mut store,
        &staff,
        &InstrumentInput {
            kind: InstrumentKind::Statute,
            title: "Estatuto de la CISS".into(),
            body_id: None,
            adopted_on: Some("1942-09-16".into()),
            notes: String::new(),
        },
        &[
            ArticleInput {
                number: "12".into(),
                text: "El Secretario General presentará el proyecto de presupuesto.".into(),
            },
            ArticleInput {
                number: "12 bis".into(),
                text: "Informe anual de actividades.".into(),
            },
        ],
    )
    .unwrap();
    let art_12 = statute.articles[0].id.clone();
    let art_12bis = statute.articles[1].id.clone();
    World {
        _dir: dir,
        store,
        sg,
        chief,
        staff,
        auditor,
        finance,
        statute: statute.id,
        art_12,
        art_12bis,
    }
}

fn obligation(title: &str, recurrence: Recurrence, articles: &[&str]) -> ObligationInput {
    ObligationInput {
        title: title.into(),
        description: String::new(),
        unit_id: Some(UNIT_SG.into()),
        responsible_name: "Jefatura de Gabinete".into(),
        responsible_user_id: None,
        recurrence,
        starts_on: Some("2020-01-01".into()),
        ends_on: None,
        article_ids: articles.iter().map(|a| a.to_string()).collect(),
    }
}

fn monthly(w: &mut World, day: u8) -> String {
    let a = w.art_12.clone();
    obligations::create_obligation(
        &mut w.store,
        &w.staff,
        &obligation("Conciliación bancaria", Recurrence::Monthly { day }, &[&a]),
    )
    .unwrap()
    .id
}

fn change(status: OccurrenceStatus, note: &str) -> OccurrenceStatusChange {
    OccurrenceStatusChange {
        status,
        note: note.into(),
    }
}

fn session_at(w: &mut World, days: i64, kind: SessionKind) -> sessions::Session {
    let mut input = session_input(
        STANDING_COMMITTEE,
        &format!("{}T10:00", today() + Duration::days(days)),
    );
    input.kind = kind;
    sessions::create_session(&mut w.store, &w.sg, &input).unwrap()
}

// ---- recurrence -------------------------------------------------------------------------------

#[test]
fn recurrence_month_ends_and_leap_years() {
    let dates = |r: Rule, f: &str, t: &str| -> Vec<String> {
        due_dates(&r, day(f), day(t), &[])
            .into_iter()
            .map(|d| d.due_on.to_string())
            .collect()
    };
    assert_eq!(
        dates(Rule::Monthly { day: 31 }, "2028-01-01", "2028-06-30"),
        [
            "2028-01-31",
            "2028-02-29",
            "2028-03-31",
            "2028-04-30",
            "2028-05-31",
            "2028-06-30"
        ]
    );
    assert_eq!(
        dates(Rule::Monthly { day: 29 }, "2027-02-01", "2027-03-31"),
        ["2027-02-28", "2027-03-29"]
    );
    assert_eq!(
        dates(
            Rule::Yearly { month: 2, day: 29 },
            "2099-01-01",
            "2101-12-31"
        ),
        ["2099-02-28", "2100-02-28", "2101-02-28"],
        "2100 is not a leap year"
    );
    assert_eq!(
        dates(
            Rule::Yearly { month: 2, day: 29 },
            "2000-01-01",
            "2000-12-31"
        ),
        ["2000-02-29"],
        "2000 is"
    );
    assert_eq!(
        dates(
            Rule::Yearly { month: 12, day: 31 },
            "2027-12-31",
            "2028-12-30"
        ),
        ["2027-12-31"]
    );
    assert_eq!(
        dates(
            Rule::Quarterly {
                day: 31,
                start_month: 1
            },
            "2027-01-01",
            "2027-12-31"
        ),
        ["2027-01-31", "2027-04-30", "2027-07-31", "2027-10-31"]
    );
    assert_eq!(
        dates(Rule::Once(day("2027-05-05")), "2027-05-06", "2027-12-31"),
        Vec::<String>::new()
    );
    // Across a year end.
    assert_eq!(
        dates(Rule::Monthly { day: 5 }, "2027-11-10", "2028-02-04"),
        ["2027-12-05", "2028-01-05"]
    );
}

#[test]
fn recurrence_relative_to_sessions_that_move_or_are_cancelled() {
    let s = |id: &str, date: &str, ordinary: bool| SessionDay {
        session_id: id.into(),
        date: day(date),
        ordinary,
    };
    let rule = Rule::Sessions {
        days_before: 30,
        ordinary_only: true,
    };
    let before = due_dates(
        &rule,
        day("2027-01-01"),
        day("2027-12-31"),
        &[s("x", "2027-06-15", true), s("y", "2027-07-01", false)],
    );
    assert_eq!(before.len(), 1);
    assert_eq!(
        (before[0].key.as_str(), before[0].due_on),
        ("s:x", day("2027-05-16"))
    );
    let moved = due_dates(
        &rule,
        day("2027-01-01"),
        day("2027-12-31"),
        &[s("x", "2027-03-01", true)],
    );
    assert_eq!(
        (moved[0].key.as_str(), moved[0].due_on),
        ("s:x", day("2027-01-30"))
    );
    // The due date crosses into the previous year: outside the range.
    assert!(due_dates(
        &rule,
        day("2027-01-01"),
        day("2027-12-31"),
        &[s("x", "2027-01-20", true)]
    )
    .is_empty());
}

// ---- instruments ------------------------------------------------------------------------------

#[test]
fn instruments_with_articles_and_their_refusals() {
    let mut w = world();
    let list = instruments::list_instruments(w.store.conn(), false).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].articles.len(), 2);
    assert_eq!(list[0].articles[1].number, "12 bis");

    let before = fp(&w.store);
    let base = InstrumentInput {
        kind: InstrumentKind::BodyResolution,
        title: "Resolución CP/2026/R-03".into(),
        body_id: None,
        adopted_on: None,
        notes: String::new(),
    };
    let e = instruments::create_instrument(&mut w.store, &w.staff, &base, &[]).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Required, Some("body_id"))
    );
    let with_body = InstrumentInput {
        body_id: Some(STANDING_COMMITTEE.into()),
        ..base.clone()
    };
    for who in [&w.auditor, &w.finance] {
        let e = instruments::create_instrument(&mut w.store, who, &with_body, &[]).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
    }
    let e = instruments::create_instrument(
        &mut w.store,
        &w.staff,
        &InstrumentInput {
            adopted_on: Some(ds(3)),
            ..with_body.clone()
        },
        &[],
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("adopted_on"));
    let e = instruments::create_instrument(
        &mut w.store,
        &w.staff,
        &InstrumentInput {
            body_id: Some("nope".into()),
            ..base.clone()
        },
        &[],
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::NotFound, Some("body_id"))
    );
    let twice = [
        ArticleInput {
            number: "1".into(),
            text: "a".into(),
        },
        ArticleInput {
            number: "1".into(),
            text: "b".into(),
        },
    ];
    let e = instruments::create_instrument(&mut w.store, &w.staff, &with_body, &twice).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Duplicate, Some("articles[1].number"))
    );
    let e = instruments::add_article(
        &mut w.store,
        &w.staff,
        &w.statute.clone(),
        &ArticleInput {
            number: "12 bis".into(),
            text: String::new(),
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Duplicate);
    assert_eq!(fp(&w.store), before, "refusals write nothing");

    // Edit, add, archive.
    let r = instruments::create_instrument(&mut w.store, &w.chief, &with_body, &[]).unwrap();
    assert_eq!(r.body_code.as_deref(), Some("CPISS"));
    let a = instruments::add_article(
        &mut w.store,
        &w.staff,
        &r.id,
        &ArticleInput {
            number: "Único".into(),
            text: "Se aprueba.".into(),
        },
    )
    .unwrap();
    let a = instruments::update_article(
        &mut w.store,
        &w.staff,
        &a.id,
        &ArticleInput {
            number: "1".into(),
            text: "Se aprueba el informe.".into(),
        },
    )
    .unwrap();
    assert_eq!(a.number, "1");
    let r = instruments::update_instrument(
        &mut w.store,
        &w.staff,
        &r.id,
        &InstrumentInput {
            title: "Resolución CP/2026/R-04".into(),
            ..with_body.clone()
        },
    )
    .unwrap();
    assert_eq!(r.title, "Resolución CP/2026/R-04");
    // The statute's article 12 is cited: neither it nor the statute can be archived.
    let art = w.art_12.clone();
    obligations::create_obligation(
        &mut w.store,
        &w.staff,
        &obligation("x", Recurrence::Monthly { day: 1 }, &[&art]),
    )
    .unwrap();
    let before = fp(&w.store);
    assert!(instruments::archive_article(&mut w.store, &w.staff, &art).is_err());
    assert!(instruments::archive_instrument(&mut w.store, &w.staff, &w.statute.clone()).is_err());
    assert_eq!(fp(&w.store), before);
    instruments::archive_article(&mut w.store, &w.staff, &a.id).unwrap();
    instruments::archive_instrument(&mut w.store, &w.staff, &r.id).unwrap();
    assert_eq!(
        instruments::list_instruments(w.store.conn(), false)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        instruments::list_instruments(w.store.conn(), true)
            .unwrap()
            .len(),
        2
    );
    assert!(instruments::update_instrument(&mut w.store, &w.staff, &r.id, &with_body).is_err());
}

// ---- obligations ------------------------------------------------------------------------------

#[test]
fn obligations_are_validated_and_nothing_is_written_on_refusal() {
    let mut w = world();
    let a = w.art_12.clone();
    let before = fp(&w.store);
    let cases: Vec<(ObligationInput, ErrorCode, &str)> = vec![
        (
            obligation("", Recurrence::Monthly { day: 1 }, &[&a]),
            ErrorCode::Required,
            "title",
        ),
        (
            obligation("x", Recurrence::Monthly { day: 1 }, &[]),
            ErrorCode::Required,
            "article_ids",
        ),
        (
            obligation("x", Recurrence::Monthly { day: 1 }, &["nope"]),
            ErrorCode::NotFound,
            "article_ids",
        ),
        (
            obligation("x", Recurrence::Monthly { day: 32 }, &[&a]),
            ErrorCode::InvalidValue,
            "recurrence.day",
        ),
        (
            obligation("x", Recurrence::Yearly { month: 2, day: 30 }, &[&a]),
            ErrorCode::InvalidValue,
            "recurrence.day",
        ),
        (
            obligation(
                "x",
                Recurrence::Quarterly {
                    day: 1,
                    start_month: 13,
                },
                &[&a],
            ),
            ErrorCode::InvalidValue,
            "recurrence.start_month",
        ),
        (
            obligation(
                "x",
                Recurrence::Once {
                    date: "2027-13-01".into(),
                },
                &[&a],
            ),
            ErrorCode::InvalidFormat,
            "recurrence.date",
        ),
        (
            obligation(
                "x",
                Recurrence::BeforeSessions {
                    body_id: "nope".into(),
                    days_before: 30,
                    ordinary_only: true,
                },
                &[&a],
            ),
            ErrorCode::NotFound,
            "recurrence.body_id",
        ),
        (
            ObligationInput {
                unit_id: Some("nope".into()),
                ..obligation("x", Recurrence::Monthly { day: 1 }, &[&a])
            },
            ErrorCode::NotFound,
            "unit_id",
        ),
        (
            ObligationInput {
                responsible_user_id: Some("nope".into()),
                ..obligation("x", Recurrence::Monthly { day: 1 }, &[&a])
            },
            ErrorCode::NotFound,
            "responsible_user_id",
        ),
        (
            ObligationInput {
                ends_on: Some("2019-12-31".into()),
                ..obligation("x", Recurrence::Monthly { day: 1 }, &[&a])
            },
            ErrorCode::InvalidValue,
            "ends_on",
        ),
        (
            ObligationInput {
                starts_on: Some("01/02/2027".into()),
                ..obligation("x", Recurrence::Monthly { day: 1 }, &[&a])
            },
            ErrorCode::InvalidFormat,
            "starts_on",
        ),
    ];
    for (input, code, field) in cases {
        let e = obligations::create_obligation(&mut w.store, &w.staff, &input).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (code, Some(field)),
            "{input:?}"
        );
    }
    let ok = obligation("Conciliación", Recurrence::Monthly { day: 1 }, &[&a]);
    for who in [&w.auditor, &w.finance] {
        let e = obligations::create_obligation(&mut w.store, who, &ok).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
    }
    assert_eq!(fp(&w.store), before);

    let o = obligations::create_obligation(&mut w.store, &w.staff, &ok).unwrap();
    assert_eq!(o.unit_code.as_deref(), Some("SG"));
    assert_eq!(o.articles.len(), 1);
    assert_eq!(o.articles[0].instrument_title, "Estatuto de la CISS");
    // Edit: change the recurrence and the articles (one dropped, one added).
    let b = w.art_12bis.clone();
    let o = obligations::update_obligation(
        &mut w.store,
        &w.chief,
        &o.id,
        &ObligationInput {
            unit_id: Some(UNIT_DEAF.into()),
            ..obligation(
                "Conciliación bancaria",
                Recurrence::Yearly { month: 2, day: 29 },
                &[&b],
            )
        },
    )
    .unwrap();
    assert_eq!(o.recurrence, Recurrence::Yearly { month: 2, day: 29 });
    assert_eq!(
        o.articles
            .iter()
            .map(|a| a.number.as_str())
            .collect::<Vec<_>>(),
        ["12 bis"]
    );
    assert_eq!(o.unit_code.as_deref(), Some("DEAF"));
    let by_instrument = obligations::list_obligations(
        w.store.conn(),
        &ObligationFilter {
            instrument_id: Some(w.statute.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(by_instrument.len(), 1);
    // A one-off obligation is due on its date, whatever `starts_on` says.
    let once = obligations::create_obligation(
        &mut w.store,
        &w.staff,
        &ObligationInput {
            starts_on: Some("2030-01-01".into()),
            ..obligation(
                "Renovar exención",
                Recurrence::Once {
                    date: "2027-03-31".into(),
                },
                &[&a],
            )
        },
    )
    .unwrap();
    assert_eq!(once.starts_on, "2027-03-31");
    let occ = obligations::occurrences_between(
        w.store.conn(),
        &ObligationFilter {
            obligation_id: Some(once.id.clone()),
            ..Default::default()
        },
        day("2027-01-01"),
        day("2027-12-31"),
        day("2027-01-01"),
    )
    .unwrap();
    assert_eq!(occ.len(), 1);
    assert_eq!(occ[0].due_on, "2027-03-31");
    assert!(!occ[0].stored);
    obligations::archive_obligation(&mut w.store, &w.staff, &once.id).unwrap();
    assert!(obligations::archive_obligation(&mut w.store, &w.staff, &once.id).is_err());
    assert_eq!(
        obligations::list_obligations(w.store.conn(), &Default::default())
            .unwrap()
            .len(),
        1
    );
}

// ---- occurrences ------------------------------------------------------------------------------

#[test]
fn occurrence_transitions_and_refusals() {
    let mut w = world();
    let ob = monthly(&mut w, 31);
    let list = obligations::occurrences_between(
        w.store.conn(),
        &Default::default(),
        day("2026-01-01"),
        day("2026-03-31"),
        day("2026-03-15"),
    )
    .unwrap();
    assert_eq!(
        list.iter().map(|o| o.due_on.as_str()).collect::<Vec<_>>(),
        ["2026-01-31", "2026-02-28", "2026-03-31"]
    );
    assert!(list[0].overdue && list[1].overdue && !list[2].overdue);
    assert_eq!(list[2].days_left, 16);
    let feb = list[1].id.clone();
    assert_eq!(feb, format!("v:{ob}:2026-02-28"));

    let before = fp(&w.store);
    // Unknown ids, refused roles, waiving without a reason, done without evidence.
    for bad in [
        "nope".to_string(),
        format!("v:{ob}:2026-02-27"),
        format!("v:{ob}:2026-02-30"),
        format!("v:{ob}:2019-12-31"),
        "v:nope:2026-02-28".to_string(),
        format!("v:{ob}"),
    ] {
        let e = obligations::set_occurrence_status(
            &mut w.store,
            &w.staff,
            &bad,
            &change(OccurrenceStatus::InProgress, ""),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound, "{bad}");
    }
    for who in [&w.auditor, &w.finance] {
        let e = obligations::set_occurrence_status(
            &mut w.store,
            who,
            &feb,
            &change(OccurrenceStatus::InProgress, ""),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
    }
    let e = obligations::set_occurrence_status(
        &mut w.store,
        &w.staff,
        &feb,
        &change(OccurrenceStatus::Waived, "  "),
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Required, Some("note"))
    );
    let e = obligations::set_occurrence_status(
        &mut w.store,
        &w.staff,
        &feb,
        &change(OccurrenceStatus::Done, ""),
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Required, Some("evidence"))
    );
    let e = obligations::set_occurrence_status(
        &mut w.store,
        &w.staff,
        &feb,
        &change(OccurrenceStatus::Pending, ""),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("status"), "already pending");
    // Sign-off of something not done.
    let e = obligations::sign_off_occurrence(&mut w.store, &w.chief, &feb, "").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("status"));
    // Evidence: nothing given, a missing file, a future effective date.
    let e = obligations::add_evidence(&mut w.store, &w.staff, &feb, &EvidenceInput::default())
        .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Required, Some("path"))
    );
    let e = obligations::add_evidence(
        &mut w.store,
        &w.staff,
        &feb,
        &EvidenceInput {
            path: Some("/no/such/file.pdf".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = obligations::add_evidence(
        &mut w.store,
        &w.staff,
        &feb,
        &EvidenceInput {
            note: "x".into(),
            effective_on: Some(ds(2)),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("effective_on"));
    assert_eq!(fp(&w.store), before, "refusals write nothing");

    // pending → in progress writes the row; the id changes to the row's, the key stays.
    let d = obligations::set_occurrence_status(
        &mut w.store,
        &w.staff,
        &feb,
        &change(OccurrenceStatus::InProgress, ""),
    )
    .unwrap();
    assert!(d.occurrence.stored);
    assert_eq!(d.occurrence.status, OccurrenceStatus::InProgress);
    assert_eq!(d.occurrence.key, "2026-02-28");
    let row = d.occurrence.id.clone();
    assert!(!row.starts_with("v:"));
    // The virtual id still names the same occurrence.
    let again = obligations::get_occurrence(w.store.conn(), &feb, today()).unwrap();
    assert_eq!(again.occurrence.id, row);

    // Evidence: a file copied into the data folder, content-addressed.
    let file = w._dir.path().join("conciliacion.pdf");
    std::fs::write(&file, b"%PDF-1.4 conciliacion de febrero").unwrap();
    let d = obligations::add_evidence(
        &mut w.store,
        &w.staff,
        &row,
        &EvidenceInput {
            title: String::new(),
            path: Some(file.to_string_lossy().into()),
            note: String::new(),
            effective_on: Some("2026-03-02".into()),
        },
    )
    .unwrap();
    assert_eq!(d.evidence.len(), 1);
    let ev = &d.evidence[0];
    assert_eq!(ev.title, "conciliacion.pdf");
    assert_eq!(ev.effective_on, "2026-03-02");
    let sha = ev.sha256.clone().unwrap();
    assert!(w._dir.path().join("attachments").join(&sha).exists());
    // Done (evidence present); the staff member completed it.
    let d = obligations::set_occurrence_status(
        &mut w.store,
        &w.staff,
        &row,
        &change(OccurrenceStatus::Done, ""),
    )
    .unwrap();
    assert_eq!(
        d.occurrence.completed_by.as_deref(),
        Some(w.staff.id.as_str())
    );
    // The only evidence of a done occurrence without a note stays.
    let before = fp(&w.store);
    let e = obligations::remove_evidence(&mut w.store, &w.staff, &d.evidence[0].id).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("evidence_id"));
    // Sign-off: not by staff (role), not by who completed it.
    let e = obligations::sign_off_occurrence(&mut w.store, &w.staff, &row, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(fp(&w.store), before);

    // The chief completes another one and may not sign it off; the SG may.
    let jan = format!("v:{ob}:2026-01-31");
    let d2 = obligations::set_occurrence_status(
        &mut w.store,
        &w.chief,
        &jan,
        &change(OccurrenceStatus::Waived, "Cuenta cerrada en enero"),
    )
    .unwrap();
    let before = fp(&w.store);
    let e = obligations::sign_off_occurrence(&mut w.store, &w.chief, &d2.occurrence.id, "")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(e.message.contains("themselves"));
    assert_eq!(fp(&w.store), before);
    let s =
        obligations::sign_off_occurrence(&mut w.store, &w.sg, &d2.occurrence.id, "Visto").unwrap();
    assert_eq!(
        s.occurrence.signed_off_by.as_deref(),
        Some(w.sg.id.as_str())
    );
    assert_eq!(s.occurrence.note, "Cuenta cerrada en enero");

    let s = obligations::sign_off_occurrence(&mut w.store, &w.chief, &row, "Conforme").unwrap();
    assert_eq!(
        s.occurrence.signed_off_by_name.as_deref(),
        Some("chief full name")
    );
    // After sign-off nothing changes: status, evidence, a second sign-off.
    let before = fp(&w.store);
    let e = obligations::set_occurrence_status(
        &mut w.store,
        &w.staff,
        &row,
        &change(OccurrenceStatus::InProgress, ""),
    )
    .unwrap_err();
    assert!(e.message.contains("signed off"));
    assert!(obligations::add_evidence(
        &mut w.store,
        &w.staff,
        &row,
        &EvidenceInput {
            note: "x".into(),
            ..Default::default()
        }
    )
    .is_err());
    assert!(obligations::remove_evidence(&mut w.store, &w.staff, &s.evidence[0].id).is_err());
    let e = obligations::sign_off_occurrence(&mut w.store, &w.sg, &row, "").unwrap_err();
    assert!(e.message.contains("already"));
    assert_eq!(fp(&w.store), before);

    // Reopen before sign-off clears who completed it.
    let mar = format!("v:{ob}:2026-03-31");
    let d3 = obligations::set_occurrence_status(
        &mut w.store,
        &w.staff,
        &mar,
        &change(OccurrenceStatus::Done, "Hecha"),
    )
    .unwrap();
    assert_eq!(d3.occurrence.note, "Hecha");
    let d3 = obligations::set_occurrence_status(
        &mut w.store,
        &w.staff,
        &d3.occurrence.id,
        &change(OccurrenceStatus::InProgress, ""),
    )
    .unwrap();
    assert_eq!(d3.occurrence.completed_by, None);
    // The audit trail has a row per change.
    let n: i64 = w
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE operation LIKE 'obligations.%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1 + 1 + 1 + 1 + 1 + 1 + 1 + 2);
}

#[test]
fn complete_with_a_file_in_one_step() {
    let mut w = world();
    let ob = monthly(&mut w, 10);
    let id = format!("v:{ob}:2026-05-10");
    let file = w._dir.path().join("acta.pdf");
    std::fs::write(&file, b"acta").unwrap();
    let before = fp(&w.store);
    let e = obligations::complete_occurrence(
        &mut w.store,
        &w.auditor,
        &id,
        &EvidenceInput {
            path: Some(file.to_string_lossy().into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(fp(&w.store), before);
    let d = obligations::complete_occurrence(
        &mut w.store,
        &w.staff,
        &id,
        &EvidenceInput {
            path: Some(file.to_string_lossy().into()),
            note: "Conciliado sin diferencias".into(),
            effective_on: Some("2026-05-09".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(d.occurrence.status, OccurrenceStatus::Done);
    assert_eq!(d.occurrence.evidence_count, 1);
    assert_eq!(d.evidence[0].file_name.as_deref(), Some("acta.pdf"));
    // Completing again is refused (already done) and writes nothing.
    let before = fp(&w.store);
    assert!(obligations::complete_occurrence(
        &mut w.store,
        &w.staff,
        &d.occurrence.id,
        &EvidenceInput {
            note: "otra".into(),
            ..Default::default()
        },
    )
    .is_err());
    assert_eq!(fp(&w.store), before);
}

#[test]
fn a_session_that_moves_moves_the_due_date_and_a_cancelled_one_drops_it() {
    let mut w = world();
    let a = w.art_12.clone();
    let ordinary = session_at(&mut w, 60, SessionKind::Ordinary);
    let _extra = session_at(&mut w, 75, SessionKind::Extraordinary);
    let later = session_at(&mut w, 200, SessionKind::Ordinary);
    let ob = obligations::create_obligation(
        &mut w.store,
        &w.staff,
        &obligation(
            "Presentar el proyecto de presupuesto",
            Recurrence::BeforeSessions {
                body_id: STANDING_COMMITTEE.into(),
                days_before: 30,
                ordinary_only: true,
            },
            &[&a],
        ),
    )
    .unwrap();
    assert_eq!(ob.body_code.as_deref(), Some("CPISS"));
    let q = OccurrenceQuery {
        from: ds(0),
        to: ds(365),
        ..Default::default()
    };
    let list = compliance::list_occurrences(w.store.conn(), &q, today()).unwrap();
    assert_eq!(list.len(), 2, "the extraordinary session does not count");
    assert_eq!(list[0].due_on, ds(30));
    assert_eq!(list[0].session_id.as_deref(), Some(ordinary.id.as_str()));
    assert_eq!(list[0].session_name.as_deref(), Some("Reunión de prueba"));
    assert_eq!(list[1].due_on, ds(170));
    // Act on the first: written with the session's key.
    let d = obligations::set_occurrence_status(
        &mut w.store,
        &w.staff,
        &list[0].id,
        &change(OccurrenceStatus::InProgress, ""),
    )
    .unwrap();
    let row = d.occurrence.id.clone();
    assert_eq!(d.occurrence.key, format!("s:{}", ordinary.id));
    // The session moves ten days later: same occurrence, due ten days later.
    let mut input = session_input(
        STANDING_COMMITTEE,
        &format!("{}T10:00", today() + Duration::days(70)),
    );
    input.ordinal = Some(ordinary.ordinal);
    sessions::update_session(&mut w.store, &w.sg, &ordinary.id, &input).unwrap();
    let list = compliance::list_occurrences(w.store.conn(), &q, today()).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        (list[0].id.as_str(), list[0].due_on.as_str()),
        (row.as_str(), ds(40).as_str())
    );
    assert_eq!(
        obligations::get_occurrence(w.store.conn(), &row, today())
            .unwrap()
            .occurrence
            .due_on,
        ds(40)
    );
    // The later session is cancelled (deleted): its untouched occurrence goes.
    let untouched = list[1].id.clone();
    sessions::delete_session(&mut w.store, &w.sg, &later.id).unwrap();
    let list = compliance::list_occurrences(w.store.conn(), &q, today()).unwrap();
    assert_eq!(list.len(), 1);
    assert!(obligations::get_occurrence(w.store.conn(), &untouched, today()).is_err());
    // Cancel the first too: the occurrence acted on stays, marked, out of the due views.
    sessions::delete_session(&mut w.store, &w.sg, &ordinary.id).unwrap();
    let list = compliance::list_occurrences(w.store.conn(), &q, today()).unwrap();
    assert_eq!(list.len(), 1);
    assert!(list[0].session_cancelled);
    assert_eq!(list[0].due_on, ds(40), "the date its session had");
    assert!(compliance::due_soon(w.store.conn(), today(), 60)
        .unwrap()
        .is_empty());
}

// ---- views and report --------------------------------------------------------------------------

#[test]
fn views_attention_and_report() {
    let mut w = world();
    let (a, b) = (w.art_12.clone(), w.art_12bis.clone());
    let hq = instruments::create_instrument(
        &mut w.store,
        &w.staff,
        &InstrumentInput {
            kind: InstrumentKind::HeadquartersAgreement,
            title: "Acuerdo de Sede".into(),
            body_id: None,
            adopted_on: None,
            notes: String::new(),
        },
        &[ArticleInput {
            number: "7".into(),
            text: "Exenciones.".into(),
        }],
    )
    .unwrap();
    let hq_art = hq.articles[0].id.clone();
    let t = day("2026-06-15");
    // Monthly on the 10th (SG, statute 12), yearly 30 June (DEAF, statute 12 bis + HQ 7),
    // once 2026-06-01 (no unit, HQ 7).
    obligations::create_obligation(
        &mut w.store,
        &w.staff,
        &obligation("Mensual", Recurrence::Monthly { day: 10 }, &[&a]),
    )
    .unwrap();
    obligations::create_obligation(
        &mut w.store,
        &w.staff,
        &ObligationInput {
            unit_id: Some(UNIT_DEAF.into()),
            ..obligation(
                "Anual",
                Recurrence::Yearly { month: 6, day: 30 },
                &[&b, &hq_art],
            )
        },
    )
    .unwrap();
    let once = obligations::create_obligation(
        &mut w.store,
        &w.staff,
        &ObligationInput {
            unit_id: None,
            ..obligation(
                "Exención",
                Recurrence::Once {
                    date: "2026-06-01".into(),
                },
                &[&hq_art],
            )
        },
    )
    .unwrap();

    let soon = compliance::due_soon(w.store.conn(), t, 30).unwrap();
    assert_eq!(
        soon.iter()
            .map(|o| (o.obligation_title.as_str(), o.due_on.as_str()))
            .collect::<Vec<_>>(),
        [("Anual", "2026-06-30"), ("Mensual", "2026-07-10")]
    );
    let late = compliance::overdue(w.store.conn(), t).unwrap();
    // Monthly since 2020-01-10 through 2026-06-10 (78) + the yearly ones 2020..2025 (6) + once.
    assert_eq!(late.len(), 78 + 6 + 1);
    assert!(late.iter().all(|o| o.overdue && o.days_left < 0));
    // Done occurrences are not overdue.
    obligations::set_occurrence_status(
        &mut w.store,
        &w.staff,
        &format!("v:{}:2026-06-01", once.id),
        &change(OccurrenceStatus::Done, "Renovada"),
    )
    .unwrap();
    assert_eq!(compliance::overdue(w.store.conn(), t).unwrap().len(), 84);

    let att = compliance::attention(w.store.conn(), t, 30).unwrap();
    assert_eq!((att.overdue_count, att.due_soon_count), (84, 2));
    assert_eq!(att.overdue.len(), 5);
    assert_eq!(att.overdue[0].due_on, "2020-01-10", "the oldest first");
    assert_eq!(att.due_soon.len(), 2);

    let units =
        compliance::by_unit(w.store.conn(), "2026-06-01", "2026-06-30", t, Language::Es).unwrap();
    assert_eq!(
        units
            .iter()
            .map(|u| u.unit.as_ref().map(|u| u.code.as_str()))
            .collect::<Vec<_>>(),
        [Some("DEAF"), Some("SG"), None]
    );
    assert_eq!(units[2].counts.done, 1);
    assert_eq!(units[1].counts.total, 1);
    let inst = compliance::by_instrument(w.store.conn(), "2026-06-01", "2026-06-30", t).unwrap();
    assert_eq!(
        inst.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(),
        ["Estatuto de la CISS", "Acuerdo de Sede"]
    );
    assert_eq!(inst[0].counts.total, 2);
    assert_eq!(
        inst[1].counts.total, 2,
        "the yearly one cites both instruments"
    );

    let r = compliance::report(w.store.conn(), "2026-01-01", "2026-06-30", t).unwrap();
    assert_eq!(r.instruments.len(), 2);
    assert_eq!(r.instruments[0].kind, InstrumentKind::Statute);
    let hq_r = &r.instruments[1];
    assert_eq!(hq_r.obligations.len(), 2);
    let ex = hq_r
        .obligations
        .iter()
        .find(|o| o.obligation.title == "Exención")
        .unwrap();
    assert_eq!(ex.article_numbers, ["7"]);
    assert_eq!(ex.occurrences[0].occurrence.status, OccurrenceStatus::Done);
    // The summary counts each occurrence once: 6 monthly + 1 yearly + 1 once.
    assert_eq!(
        (
            r.summary.total,
            r.summary.done,
            r.summary.overdue,
            r.summary.pending
        ),
        (8, 1, 6, 7)
    );
    let done = compliance::list_occurrences(
        w.store.conn(),
        &OccurrenceQuery {
            from: "2026-01-01".into(),
            to: "2026-12-31".into(),
            status: Some(OccurrenceStatus::Done),
            ..Default::default()
        },
        t,
    )
    .unwrap();
    assert_eq!(done.len(), 1);

    // Bad periods.
    for (f, to, field) in [
        ("2026-02-01", "2026-01-01", "to"),
        ("2026-02-30", "2026-03-01", "from"),
        ("", "2026-03-01", "from"),
        ("2000-01-01", "2026-01-01", "to"),
    ] {
        let e = compliance::report(w.store.conn(), f, to, t).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{f}..{to}");
    }
}

#[test]
fn the_demo_has_every_recurrence_kind_and_something_done_overdue_and_due_soon() {
    let (mut store, admin) = store_with_admin();
    let r = despacho_core::demo::load(&mut store, &admin).unwrap();
    assert_eq!(r.compliance.instruments, 5);
    assert!(r.compliance.obligations >= 18, "{:?}", r.compliance);
    let list = instruments::list_instruments(store.conn(), false).unwrap();
    let kinds: Vec<InstrumentKind> = list.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [
            InstrumentKind::Statute,
            InstrumentKind::Regulations,
            InstrumentKind::HeadquartersAgreement,
            InstrumentKind::PresidencyDetermination,
            InstrumentKind::BodyResolution
        ]
    );
    assert!(list.iter().all(|i| i.articles.len() >= 2));
    let obs = obligations::list_obligations(store.conn(), &Default::default()).unwrap();
    for kind in ["once", "yearly", "monthly", "quarterly", "before_sessions"] {
        assert!(
            obs.iter()
                .any(|o| serde_json::to_value(&o.recurrence).unwrap()["kind"] == kind),
            "{kind}"
        );
    }
    let att = compliance::attention(store.conn(), today(), 30).unwrap();
    assert!(att.overdue_count >= 1 && att.due_soon_count >= 3, "{att:?}");
    let year = chrono::Datelike::year(&today());
    let report = compliance::report(
        store.conn(),
        &format!("{}-01-01", year - 1),
        &today().to_string(),
        today(),
    )
    .unwrap();
    assert!(report.summary.done >= 10, "{:?}", report.summary);
    assert!(
        report.summary.waived >= 1 && report.summary.in_progress >= 1,
        "{:?}",
        report.summary
    );
    // Budget draft due 30 days before the Standing Committee session three weeks ahead.
    let budget = obs
        .iter()
        .find(|o| o.title.starts_with("Presentar el proyecto de presupuesto"))
        .unwrap();
    let occ = compliance::list_occurrences(
        store.conn(),
        &OccurrenceQuery {
            from: ds(-60),
            to: ds(60),
            obligation_id: Some(budget.id.clone()),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    assert_eq!(occ.len(), 1);
    assert_eq!(occ[0].due_on, ds(21 - 30));
}

/// The fast path of what is due and overdue (`open_occurrences_between`, which skips the done
/// and waived occurrences by key) gives exactly the open occurrences of the full computation,
/// over periods that cut through calendar and session occurrences, before and after an
/// occurrence is done and another waived.
#[test]
fn the_open_occurrences_are_the_open_ones_of_the_full_computation() {
    let (mut store, admin) = store_with_admin();
    despacho_core::demo::load(&mut store, &admin).unwrap();
    let t = today();
    let check = |store: &Store| {
        for (from, to) in [(-800, 0), (-400, -1), (-60, 60), (0, 30), (-10, 400)] {
            let (f, e) = (t + Duration::days(from), t + Duration::days(to));
            let mut full = obligations::occurrences_between(
                store.conn(),
                &ObligationFilter::default(),
                f,
                e,
                t,
            )
            .unwrap();
            full.retain(|o| o.status.is_open());
            let open = obligations::open_occurrences_between(
                store.conn(),
                &ObligationFilter::default(),
                f,
                e,
                t,
            )
            .unwrap();
            assert!(!full.is_empty(), "{from}..{to} has open occurrences");
            assert_eq!(open, full, "{from}..{to}");
        }
    };
    check(&store);
    let open = obligations::open_occurrences_between(
        store.conn(),
        &ObligationFilter::default(),
        t - Duration::days(400),
        t + Duration::days(30),
        t,
    )
    .unwrap();
    let before = open.len();
    obligations::set_occurrence_status(
        &mut store,
        &admin,
        &open[0].id,
        &change(OccurrenceStatus::Done, "Hecho."),
    )
    .unwrap();
    obligations::set_occurrence_status(
        &mut store,
        &admin,
        &open[1].id,
        &change(OccurrenceStatus::Waived, "No aplicó."),
    )
    .unwrap();
    check(&store);
    let after = obligations::open_occurrences_between(
        store.conn(),
        &ObligationFilter::default(),
        t - Duration::days(400),
        t + Duration::days(30),
        t,
    )
    .unwrap();
    assert_eq!(
        after.len(),
        before - 2,
        "the two closed ones left the open list"
    );
}

/// The start-up reminder and the desk read what is overdue and due soon in one pass: the same
/// occurrences, in the same order, as the two views.
#[test]
fn attention_in_one_pass_equals_the_overdue_and_due_soon_views() {
    let (mut store, admin) = store_with_admin();
    despacho_core::demo::load(&mut store, &admin).unwrap();
    for within in [7u16, 30, 90] {
        let a = compliance::attention(store.conn(), today(), within).unwrap();
        let late = compliance::overdue(store.conn(), today()).unwrap();
        let soon = compliance::due_soon(store.conn(), today(), within).unwrap();
        assert!(!late.is_empty() && !soon.is_empty());
        assert_eq!(a.overdue_count as usize, late.len());
        assert_eq!(a.due_soon_count as usize, soon.len());
        assert_eq!(a.overdue, late.into_iter().take(5).collect::<Vec<_>>());
        assert_eq!(a.due_soon, soon.into_iter().take(5).collect::<Vec<_>>());
    }
}
