//! Minutes, resolutions (numbered per body and year), action items and the desk.
mod common;

use common::*;
use despacho_core::agenda;
use despacho_core::bodies::{self, BodyRules, QuorumRule};
use despacho_core::minutes::{
    self, ActionItemInput, ActionStatus, MinutesEntryInput, MinutesStatus, OwnerUnit,
    ResolutionInput,
};
use despacho_core::sessions::{self, SessionStatus};
use despacho_core::users::{Role, User};
use despacho_core::{desk, ErrorCode, Store};

fn held(store: &mut Store, admin: &User, body_id: &str, start: &str) -> String {
    let s = new_session(store, admin, body_id, start).id;
    sessions::set_session_status(store, admin, &s, SessionStatus::Held).unwrap();
    s
}

fn resolution(title: &str) -> ResolutionInput {
    ResolutionInput {
        item_id: None,
        title: title.into(),
        text: "Se resuelve.".into(),
    }
}

#[test]
fn resolutions_are_numbered_per_body_and_year() {
    let (mut store, admin) = store_with_admin();
    // The Standing Committee is one of the bodies every store starts with.
    let cp = despacho_core::bodies::find_body(store.conn(), "CPISS").unwrap();
    let jd = new_body(&mut store, &admin, "JD", QuorumRule::MajorityOfVoting);
    let s2025 = held(&mut store, &admin, &cp.id, "2025-11-20T10:00");
    // 31 December at 20:00 in Mexico City is already 2026 in UTC: the local year counts.
    let s2025b = held(&mut store, &admin, &cp.id, "2025-12-31T20:00");
    let s2026 = held(&mut store, &admin, &cp.id, "2026-03-10T10:00");
    let jd2026 = held(&mut store, &admin, &jd.id, "2026-03-11T10:00");
    let refs = |store: &mut Store, s: &str, n: usize| -> Vec<String> {
        (0..n)
            .map(|i| {
                minutes::adopt_resolution(store, &admin, s, &resolution(&format!("R{i}")))
                    .unwrap()
                    .reference
            })
            .collect()
    };
    assert_eq!(
        refs(&mut store, &s2025, 2),
        ["CPISS/2025/R-01", "CPISS/2025/R-02"]
    );
    assert_eq!(refs(&mut store, &s2025b, 1), ["CPISS/2025/R-03"]);
    assert_eq!(
        refs(&mut store, &s2026, 2),
        ["CPISS/2026/R-01", "CPISS/2026/R-02"]
    );
    assert_eq!(
        refs(&mut store, &jd2026, 1),
        ["JD/2026/R-01"],
        "each body counts alone"
    );
    // A new pattern applies to new resolutions; adopted references never change.
    bodies::update_body_rules(
        &mut store,
        &admin,
        &cp.id,
        &BodyRules {
            resolution_pattern: "Res. {n}/{year} ({body})".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(refs(&mut store, &s2026, 1), ["Res. 3/2026 (CPISS)"]);
    let register = minutes::body_resolutions(store.conn(), &cp.id).unwrap();
    assert_eq!(register.len(), 6);
    assert_eq!(register[0].reference, "Res. 3/2026 (CPISS)");
    assert_eq!(register[5].reference, "CPISS/2025/R-01");
    assert_eq!(
        minutes::resolutions(store.conn(), &s2025).unwrap()[1].number,
        2
    );

    // Refused: a planned session, no title, a staff member; nothing written.
    let planned = new_session(&mut store, &admin, &cp.id, "2026-12-01T10:00").id;
    let staff = user_with_role(&mut store, &admin, "staff", Role::Staff);
    let before = sessions_fingerprint(&store);
    let e = minutes::adopt_resolution(&mut store, &admin, &planned, &resolution("X")).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("status"))
    );
    let e = minutes::adopt_resolution(&mut store, &admin, &s2026, &resolution(" ")).unwrap_err();
    assert_eq!(e.code, ErrorCode::Required);
    let e = minutes::adopt_resolution(&mut store, &staff, &s2026, &resolution("X")).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(sessions_fingerprint(&store), before);
}

#[test]
fn minutes_per_item_approved_at_a_later_session_linked_both_ways() {
    let (mut store, admin) = store_with_admin();
    let cp = new_body(&mut store, &admin, "CP", QuorumRule::MajorityOfVoting);
    let other = new_body(&mut store, &admin, "JD", QuorumRule::MajorityOfVoting);
    let first = new_session(&mut store, &admin, &cp.id, "2025-11-20T10:00").id;
    agenda::add_item(
        &mut store,
        &admin,
        &first,
        None,
        None,
        &item("Apertura", 10),
    )
    .unwrap();
    let a = agenda::add_item(
        &mut store,
        &admin,
        &first,
        None,
        None,
        &item("Presupuesto", 30),
    )
    .unwrap();
    let budget = a.items[1].id.clone();
    let entry = MinutesEntryInput {
        discussion: "Se discutió el presupuesto.\nHubo consenso.".into(),
        decision: "Se aprobó.".into(),
    };
    // Not before the session is convened.
    let e = minutes::set_minutes_entry(&mut store, &admin, &budget, &entry).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    sessions::set_session_status(&mut store, &admin, &first, SessionStatus::Held).unwrap();
    let staff = user_with_role(&mut store, &admin, "staff", Role::Staff);
    let m = minutes::set_minutes_entry(&mut store, &staff, &budget, &entry).unwrap();
    assert_eq!(m.status, MinutesStatus::Draft);
    assert_eq!(m.entries.len(), 2);
    assert_eq!(
        (m.entries[1].number.as_str(), m.entries[1].title.as_str()),
        ("2", "Presupuesto")
    );
    assert_eq!(m.entries[1].decision, "Se aprobó.");
    assert!(m.entries[0].discussion.is_empty());

    let next = new_session(&mut store, &admin, &cp.id, "2026-11-20T10:00").id;
    let elsewhere = held(&mut store, &admin, &other.id, "2026-01-10T10:00");
    let earlier = held(&mut store, &admin, &cp.id, "2025-06-01T10:00");
    let before = sessions_fingerprint(&store);
    for (at, why) in [
        (&next, "not convened yet"),
        (&elsewhere, "another body"),
        (&earlier, "an earlier session"),
        (&first, "itself"),
    ] {
        let e = minutes::approve_minutes(&mut store, &admin, &first, at).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidValue, "{why}");
    }
    let e = minutes::approve_minutes(&mut store, &staff, &first, &next).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(sessions_fingerprint(&store), before);

    sessions::set_session_status(&mut store, &admin, &next, SessionStatus::Convened).unwrap();
    let m = minutes::approve_minutes(&mut store, &admin, &first, &next).unwrap();
    assert_eq!(m.status, MinutesStatus::Approved);
    assert_eq!(m.approved_at_session.as_ref().unwrap().id, next);
    let later = minutes::minutes(store.conn(), &next).unwrap();
    assert_eq!(later.approves_minutes_of.len(), 1);
    assert_eq!(later.approves_minutes_of[0].id, first);
    // Approved minutes no longer change.
    let e = minutes::set_minutes_entry(&mut store, &admin, &budget, &entry).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("minutes_status"))
    );

    let p = minutes::minutes_for_print(store.conn(), &first).unwrap();
    assert_eq!(p.items.len(), 2);
    assert_eq!(
        p.items[1].discussion,
        "Se discutió el presupuesto.\nHubo consenso."
    );
    assert_eq!(p.approved_at_session.unwrap().id, next);
}

#[test]
fn action_items_reach_the_desk_in_due_order() {
    let (mut store, admin) = store_with_admin();
    let cp = new_body(&mut store, &admin, "CP", QuorumRule::MajorityOfVoting);
    let s = held(&mut store, &admin, &cp.id, "2026-03-10T10:00");
    let input = |d: &str, due: Option<&str>, unit| ActionItemInput {
        item_id: None,
        description: d.into(),
        owner_unit: unit,
        person: "Responsable".into(),
        due_date: due.map(Into::into),
    };
    minutes::add_action_item(
        &mut store,
        &admin,
        &s,
        &input("Sin fecha", None, OwnerUnit::ChiefOfStaff),
    )
    .unwrap();
    minutes::add_action_item(
        &mut store,
        &admin,
        &s,
        &input("Después", Some("2026-06-30"), OwnerUnit::LinkingCooperation),
    )
    .unwrap();
    let first = minutes::add_action_item(
        &mut store,
        &admin,
        &s,
        &input("Antes", Some("2026-04-15"), OwnerUnit::ManagingFinances),
    )
    .unwrap();
    let before = sessions_fingerprint(&store);
    let e = minutes::add_action_item(
        &mut store,
        &admin,
        &s,
        &input("Mala fecha", Some("2026-02-30"), OwnerUnit::ChiefOfStaff),
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidFormat, Some("due_date"))
    );
    let e = minutes::add_action_item(
        &mut store,
        &admin,
        &s,
        &input(" ", None, OwnerUnit::ChiefOfStaff),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Required);
    assert_eq!(sessions_fingerprint(&store), before);

    let open: Vec<String> = minutes::open_action_items(store.conn(), 10)
        .unwrap()
        .into_iter()
        .map(|a| a.description)
        .collect();
    assert_eq!(open, ["Antes", "Después", "Sin fecha"]);
    let d = desk::desk(store.conn(), despacho_core::users::Language::Es).unwrap();
    assert_eq!(d.open_action_items[0].description, "Antes");
    assert_eq!(d.open_action_items[0].body_code, "CP");

    // The owner unit may close its own item; another unit may not; the auditor never.
    let finance = user_with_role(&mut store, &admin, "fin", Role::ManagingFinances);
    let linking = user_with_role(&mut store, &admin, "vin", Role::LinkingCooperation);
    let auditor = user_with_role(&mut store, &admin, "aud", Role::Auditor);
    let before = sessions_fingerprint(&store);
    for u in [&linking, &auditor] {
        let e = minutes::set_action_item_status(&mut store, u, &first.id, ActionStatus::Done)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
    }
    assert_eq!(sessions_fingerprint(&store), before);
    let done = minutes::set_action_item_status(&mut store, &finance, &first.id, ActionStatus::Done)
        .unwrap();
    assert_eq!(done.status, ActionStatus::Done);
    assert!(done.done_at.is_some());
    assert_eq!(
        minutes::open_action_items(store.conn(), 10).unwrap().len(),
        2
    );
}

#[test]
fn the_desk_lists_upcoming_sessions_with_their_agenda_status() {
    let (mut store, admin) = store_with_admin();
    let cp = new_body(&mut store, &admin, "CP", QuorumRule::MajorityOfVoting);
    let today = despacho_core::store::today();
    let soon = new_session(
        &mut store,
        &admin,
        &cp.id,
        &format!("{}T10:00", today + chrono::Duration::days(7)),
    );
    new_session(
        &mut store,
        &admin,
        &cp.id,
        &format!("{}T10:00", today - chrono::Duration::days(30)),
    );
    let later = new_session(
        &mut store,
        &admin,
        &cp.id,
        &format!("{}T10:00", today + chrono::Duration::days(60)),
    );
    agenda::add_item(
        &mut store,
        &admin,
        &soon.id,
        None,
        None,
        &item("Apertura", 10),
    )
    .unwrap();
    agenda::approve_agenda(&mut store, &admin, &soon.id).unwrap();
    let d = desk::desk(store.conn(), despacho_core::users::Language::Es).unwrap();
    let ids: Vec<&str> = d.upcoming_sessions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [soon.id.as_str(), later.id.as_str()]);
    assert_eq!(
        d.upcoming_sessions[0].agenda_status,
        despacho_core::agenda::AgendaStatus::Approved
    );
    assert_eq!(d.upcoming_sessions[0].item_count, 1);
}
