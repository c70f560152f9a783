//! Linking & Cooperation: agreements, technical assistance, missions, publications and
//! dissemination lists. Every refusal leaves the store as it was.
mod common;

use chrono::{Datelike, Duration};
use common::*;
use despacho_core::agreements::{self, AgreementInput, AgreementStatus, ReminderKind};
use despacho_core::assistance::{
    self, DeliverableInput, ExpertInput, RequestInput, RequestStatus, RequestStatusChange,
};
use despacho_core::budget;
use despacho_core::dues::Amount;
use despacho_core::lists::{self, ListCriteria, ListInput};
use despacho_core::members::{self, Category, ContactInput};
use despacho_core::missions::{
    self, ActualCostInput, Leg, MissionInput, MissionStatus, MissionStatusChange, Traveller,
};
use despacho_core::publications::{
    self, Channel, DisseminationInput, PublicationInput, PublicationKind, PublicationStatus,
    Version,
};
use despacho_core::store::{today, Store};
use despacho_core::users::{Language, Role, User};
use despacho_core::{desk, ErrorCode};

const CASS_HEALTH: &str = "01940000-0000-7000-8000-000000000006";
const STANDING_COMMITTEE: &str = "01940000-0000-7000-8000-000000000002";

/// Row counts of every table an operation of these modules could write, plus total changes.
fn coop_fp(store: &Store) -> Vec<i64> {
    let mut out: Vec<i64> = [
        "audit_log",
        "agreements",
        "cooperation_documents",
        "assistance_requests",
        "assistance_experts",
        "assistance_deliverables",
        "cooperation_events",
        "missions",
        "mission_travellers",
        "mission_legs",
        "mission_links",
        "publications",
        "publication_versions",
        "dissemination_lists",
        "dissemination_log",
        "journal_entries",
        "journal_lines",
        "fiscal_years",
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

fn d(days: i64) -> String {
    (today() + Duration::days(days)).to_string()
}

struct World {
    store: Store,
    sg: User,
    staff: User,
    auditor: User,
    finance: User,
    linking: User,
    imss: String,
    imss_contact: String,
}

fn world() -> World {
    let (mut store, sg) = store_with_admin();
    let staff = user_with_role(&mut store, &sg, "staff", Role::Staff);
    let auditor = user_with_role(&mut store, &sg, "auditor", Role::Auditor);
    let finance = user_with_role(&mut store, &sg, "finance", Role::ManagingFinances);
    let linking = user_with_role(&mut store, &sg, "linking", Role::LinkingCooperation);
    let imss = members::create_member(
        &mut store,
        &sg,
        &member("Instituto Mexicano del Seguro Social", "IMSS", "MX"),
    )
    .unwrap()
    .id;
    let imss_contact = members::add_contact(
        &mut store,
        &sg,
        &imss,
        &ContactInput {
            name: "Ana Pérez".into(),
            email: Some("ana@example.org".into()),
            languages: vec![Language::Es],
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    World {
        store,
        sg,
        staff,
        auditor,
        finance,
        linking,
        imss,
        imss_contact,
    }
}

fn forbidden_for_all<T: std::fmt::Debug>(
    w: &mut World,
    mut op: impl FnMut(&mut Store, &User) -> despacho_core::Result<T>,
) {
    for u in [w.staff.clone(), w.auditor.clone(), w.finance.clone()] {
        let before = coop_fp(&w.store);
        let e = op(&mut w.store, &u).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden, "{:?} {e:?}", u.role);
        assert_eq!(coop_fp(&w.store), before, "{:?} wrote something", u.role);
    }
}

fn refused<T: std::fmt::Debug>(
    store: &mut Store,
    code: ErrorCode,
    field: Option<&str>,
    op: impl FnOnce(&mut Store) -> despacho_core::Result<T>,
) {
    let before = coop_fp(store);
    let e = op(store).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (code, field), "{e:?}");
    assert_eq!(
        coop_fp(store),
        before,
        "a refused operation wrote something: {e:?}"
    );
}

fn agreement_input(member_id: Option<&str>, other: &str) -> AgreementInput {
    AgreementInput {
        member_id: member_id.map(str::to_string),
        counterpart_name: other.into(),
        subject: "Cooperación técnica en actuaría".into(),
        signed_on: Some(d(-300)),
        valid_from: Some(d(-300)),
        valid_to: Some(d(60)),
        notice_days: Some(90),
        renewal_date: None,
        notes: String::new(),
    }
}

#[test]
fn agreements_workflow_reminders_and_refusals() {
    let mut w = world();
    let a = agreements::create_agreement(
        &mut w.store,
        &w.linking,
        &agreement_input(Some(&w.imss), ""),
    )
    .unwrap();
    assert_eq!(a.status, AgreementStatus::Draft);
    assert_eq!(a.counterpart, "Instituto Mexicano del Seguro Social");
    assert_eq!(a.notice_date, Some(d(60 - 90)));
    let other = agreements::create_agreement(
        &mut w.store,
        &w.sg,
        &AgreementInput {
            valid_to: Some(d(400)),
            notice_days: None,
            ..agreement_input(None, "Organización Iberoamericana de Seguridad Social")
        },
    )
    .unwrap();

    let input = agreement_input(Some(&w.imss), "");
    forbidden_for_all(&mut w, |s, u| agreements::create_agreement(s, u, &input));
    let id = a.id.clone();
    forbidden_for_all(&mut w, |s, u| {
        agreements::set_agreement_status(s, u, &id, AgreementStatus::InForce)
    });

    // Impossible and hostile input.
    let sg = w.sg.clone();
    let imss = w.imss.clone();
    refused(
        &mut w.store,
        ErrorCode::InvalidValue,
        Some("valid_to"),
        |s| {
            agreements::create_agreement(
                s,
                &sg,
                &AgreementInput {
                    valid_to: Some(d(-400)),
                    ..agreement_input(Some(&imss), "")
                },
            )
        },
    );
    refused(
        &mut w.store,
        ErrorCode::Required,
        Some("counterpart_name"),
        |s| agreements::create_agreement(s, &sg, &agreement_input(None, "  ")),
    );
    refused(
        &mut w.store,
        ErrorCode::InvalidValue,
        Some("counterpart_name"),
        |s| agreements::create_agreement(s, &sg, &agreement_input(Some(&imss), "OISS")),
    );
    refused(&mut w.store, ErrorCode::NotFound, Some("member_id"), |s| {
        agreements::create_agreement(
            s,
            &sg,
            &agreement_input(Some("nope'; DROP TABLE agreements; --"), ""),
        )
    });
    refused(
        &mut w.store,
        ErrorCode::InvalidFormat,
        Some("subject"),
        |s| {
            agreements::create_agreement(
                s,
                &sg,
                &AgreementInput {
                    subject: "a\u{0}b".into(),
                    ..agreement_input(Some(&imss), "")
                },
            )
        },
    );
    refused(
        &mut w.store,
        ErrorCode::InvalidFormat,
        Some("valid_from"),
        |s| {
            agreements::create_agreement(
                s,
                &sg,
                &AgreementInput {
                    valid_from: Some("2024-02-30".into()),
                    ..agreement_input(Some(&imss), "")
                },
            )
        },
    );
    refused(
        &mut w.store,
        ErrorCode::InvalidValue,
        Some("signed_on"),
        |s| {
            agreements::create_agreement(
                s,
                &sg,
                &AgreementInput {
                    signed_on: Some(d(5)),
                    ..agreement_input(Some(&imss), "")
                },
            )
        },
    );

    // Transitions.
    refused(&mut w.store, ErrorCode::InvalidValue, Some("status"), |s| {
        agreements::set_agreement_status(s, &sg, &id, AgreementStatus::Expired)
    });
    refused(&mut w.store, ErrorCode::NotFound, None, |s| {
        agreements::set_agreement_status(s, &sg, "missing", AgreementStatus::InForce)
    });
    let unsigned = agreements::create_agreement(
        &mut w.store,
        &sg,
        &AgreementInput {
            signed_on: None,
            ..agreement_input(None, "BID")
        },
    )
    .unwrap();
    refused(&mut w.store, ErrorCode::Required, Some("signed_on"), |s| {
        agreements::set_agreement_status(s, &sg, &unsigned.id, AgreementStatus::InForce)
    });
    let a =
        agreements::set_agreement_status(&mut w.store, &w.linking, &id, AgreementStatus::InForce)
            .unwrap();
    assert_eq!(a.status, AgreementStatus::InForce);
    agreements::set_agreement_status(&mut w.store, &sg, &other.id, AgreementStatus::InForce)
        .unwrap();
    refused(&mut w.store, ErrorCode::InvalidValue, Some("status"), |s| {
        agreements::set_agreement_status(s, &sg, &id, AgreementStatus::Draft)
    });

    // Reminders: the IMSS agreement ends in 60 days; the other in 400.
    let due = agreements::due(w.store.conn(), today(), 90).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].agreement.id.as_str(), due[0].kind, due[0].days_left),
        (id.as_str(), ReminderKind::Expiry, 60)
    );
    assert!(
        agreements::due(w.store.conn(), today(), 30).unwrap()[0].kind == ReminderKind::Notice,
        "notice date passed 30 days ago"
    );
    let later = agreements::due(w.store.conn(), today() + Duration::days(61), 0).unwrap();
    assert_eq!(later[0].kind, ReminderKind::Overdue);
    assert_eq!(
        desk::desk(w.store.conn(), despacho_core::users::Language::Es)
            .unwrap()
            .agreements_expiring
            .len(),
        1
    );

    // Filters.
    let f = |status, search: &str| agreements::AgreementFilter {
        status,
        member_id: None,
        search: Some(search.into()),
    };
    assert_eq!(
        agreements::list_agreements(w.store.conn(), &f(None, "iberoamericana"))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        agreements::list_agreements(w.store.conn(), &f(Some(AgreementStatus::Draft), ""))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        agreements::list_agreements(w.store.conn(), &f(None, "%"))
            .unwrap()
            .len(),
        0,
        "LIKE wildcards are literal"
    );
    agreements::set_agreement_status(&mut w.store, &sg, &id, AgreementStatus::Renewed).unwrap();
    refused(&mut w.store, ErrorCode::InvalidValue, Some("status"), |s| {
        agreements::set_agreement_status(s, &sg, &id, AgreementStatus::Terminated)
    });
}

fn request_input(w: &World) -> RequestInput {
    RequestInput {
        received_on: d(-30),
        member_id: w.imss.clone(),
        contact_id: Some(w.imss_contact.clone()),
        area_id: Some(CASS_HEALTH.into()),
        title: "Valuación actuarial del seguro de invalidez".into(),
        description: "Apoyo para revisar supuestos".into(),
    }
}

fn change(status: RequestStatus, on: i64, reason: &str, outcome: &str) -> RequestStatusChange {
    RequestStatusChange {
        status,
        on: Some(d(on)),
        reason: reason.into(),
        outcome: outcome.into(),
    }
}

fn mission_input(request: Option<&str>) -> MissionInput {
    MissionInput {
        purpose: "Misión de asistencia técnica".into(),
        country: "pe".into(),
        city: "Lima".into(),
        start_date: d(-3),
        end_date: d(2),
        travellers: vec![Traveller {
            name: "Luis Gómez".into(),
            role: "Actuario".into(),
        }],
        itinerary: vec![
            Leg {
                on_date: d(2),
                from: "Lima".into(),
                to: "Ciudad de México".into(),
                transport: "avión".into(),
                notes: String::new(),
            },
            Leg {
                on_date: d(-3),
                from: "Ciudad de México".into(),
                to: "Lima".into(),
                transport: "avión".into(),
                notes: String::new(),
            },
        ],
        request_ids: request.map(|r| vec![r.to_string()]).unwrap_or_default(),
        session_ids: vec![],
        agreement_ids: vec![],
        estimated_cost: Some(Amount {
            amount: "4500.00".into(),
            currency: "USD".into(),
        }),
        notes: String::new(),
    }
}

#[test]
fn technical_assistance_workflow_and_timeline() {
    let mut w = world();
    let sg = w.sg.clone();
    let input = request_input(&w);
    forbidden_for_all(&mut w, |s, u| assistance::create_request(s, u, &input));
    // Refusals: area not a commission, contact of another member, future date, hostile text.
    refused(
        &mut w.store,
        ErrorCode::InvalidValue,
        Some("area_id"),
        |s| {
            assistance::create_request(
                s,
                &sg,
                &RequestInput {
                    area_id: Some(STANDING_COMMITTEE.into()),
                    ..input.clone()
                },
            )
        },
    );
    refused(
        &mut w.store,
        ErrorCode::InvalidValue,
        Some("received_on"),
        |s| {
            assistance::create_request(
                s,
                &sg,
                &RequestInput {
                    received_on: d(1),
                    ..input.clone()
                },
            )
        },
    );
    let essalud = members::create_member(
        &mut w.store,
        &sg,
        &member("Seguro Social de Salud", "EsSalud", "PE"),
    )
    .unwrap()
    .id;
    refused(
        &mut w.store,
        ErrorCode::InvalidValue,
        Some("contact_id"),
        |s| {
            assistance::create_request(
                s,
                &sg,
                &RequestInput {
                    member_id: essalud.clone(),
                    ..input.clone()
                },
            )
        },
    );
    refused(&mut w.store, ErrorCode::TooLong, Some("title"), |s| {
        assistance::create_request(
            s,
            &sg,
            &RequestInput {
                title: "x".repeat(301),
                ..input.clone()
            },
        )
    });

    let r = assistance::create_request(&mut w.store, &w.linking, &input).unwrap();
    assert_eq!(
        (r.status, r.area_code.as_deref(), r.contact_name.as_deref()),
        (RequestStatus::Received, Some("CASS-SAL"), Some("Ana Pérez"))
    );
    let id = r.id.clone();
    // Bad transitions; a decision needs its reason, closing its outcome.
    refused(&mut w.store, ErrorCode::InvalidValue, Some("status"), |s| {
        assistance::set_request_status(s, &sg, &id, &change(RequestStatus::Approved, -20, "ok", ""))
    });
    assistance::set_request_status(
        &mut w.store,
        &sg,
        &id,
        &change(RequestStatus::UnderAssessment, -25, "", ""),
    )
    .unwrap();
    refused(&mut w.store, ErrorCode::Required, Some("reason"), |s| {
        assistance::set_request_status(s, &sg, &id, &change(RequestStatus::Approved, -20, " ", ""))
    });
    refused(&mut w.store, ErrorCode::InvalidValue, Some("on"), |s| {
        assistance::set_request_status(s, &sg, &id, &change(RequestStatus::Approved, -40, "ok", ""))
    });
    refused(&mut w.store, ErrorCode::InvalidValue, Some("on"), |s| {
        assistance::set_request_status(s, &sg, &id, &change(RequestStatus::Approved, 3, "ok", ""))
    });
    let ch = change(RequestStatus::Approved, -20, "Prioridad del programa", "");
    forbidden_for_all(&mut w, |s, u| {
        assistance::set_request_status(s, u, &id, &ch)
    });
    assistance::set_request_status(&mut w.store, &sg, &id, &ch).unwrap();
    assistance::add_expert(
        &mut w.store,
        &sg,
        &id,
        &ExpertInput {
            name: "Luis Gómez".into(),
            role: "Actuario".into(),
            external: false,
        },
    )
    .unwrap();
    let detail = assistance::add_deliverable(
        &mut w.store,
        &sg,
        &id,
        &DeliverableInput {
            title: "Informe técnico".into(),
            due_on: Some(d(10)),
        },
    )
    .unwrap();
    refused(&mut w.store, ErrorCode::InvalidValue, Some("due_on"), |s| {
        assistance::add_deliverable(
            s,
            &sg,
            &id,
            &DeliverableInput {
                title: "x".into(),
                due_on: Some(d(-60)),
            },
        )
    });
    let m = missions::create_mission(&mut w.store, &w.linking, &mission_input(Some(&id))).unwrap();
    assistance::set_request_status(
        &mut w.store,
        &sg,
        &id,
        &change(RequestStatus::InProgress, -5, "", ""),
    )
    .unwrap();
    missions::set_mission_status(
        &mut w.store,
        &sg,
        &m.id,
        &MissionStatusChange {
            status: MissionStatus::Approved,
            on: Some(d(-4)),
        },
    )
    .unwrap();
    missions::set_mission_status(
        &mut w.store,
        &sg,
        &m.id,
        &MissionStatusChange {
            status: MissionStatus::UnderWay,
            on: Some(d(-3)),
        },
    )
    .unwrap();
    assistance::deliver(&mut w.store, &sg, &detail.deliverables[0].id, Some(&d(-1))).unwrap();
    refused(
        &mut w.store,
        ErrorCode::InvalidValue,
        Some("delivered_on"),
        |s| assistance::deliver(s, &sg, &detail.deliverables[0].id, None),
    );
    refused(&mut w.store, ErrorCode::Required, Some("outcome"), |s| {
        assistance::set_request_status(s, &sg, &id, &change(RequestStatus::Closed, 0, "", ""))
    });

    let desk = desk::desk(w.store.conn(), despacho_core::users::Language::Es).unwrap();
    assert_eq!(
        (desk.open_request_count, desk.missions_under_way.len()),
        (1, 1)
    );
    assistance::set_request_status(
        &mut w.store,
        &sg,
        &id,
        &change(RequestStatus::Closed, 0, "", "Valuación entregada"),
    )
    .unwrap();
    refused(&mut w.store, ErrorCode::InvalidValue, Some("status"), |s| {
        assistance::add_expert(
            s,
            &sg,
            &id,
            &ExpertInput {
                name: "X".into(),
                ..Default::default()
            },
        )
    });
    assert_eq!(
        desk::desk(w.store.conn(), despacho_core::users::Language::Es)
            .unwrap()
            .open_requests
            .len(),
        0
    );

    // The timeline: the request's events and its mission's, by day.
    let t = assistance::timeline(w.store.conn(), &id).unwrap();
    let days: Vec<&str> = t.iter().map(|e| e.on_date.as_str()).collect();
    let mut sorted = days.clone();
    sorted.sort();
    assert_eq!(days, sorted);
    let kinds: Vec<&str> = t.iter().map(|e| e.kind.as_str()).collect();
    let pos = |k: &str| {
        kinds
            .iter()
            .position(|x| *x == k)
            .unwrap_or_else(|| panic!("{k} missing in {kinds:?}"))
    };
    assert_eq!(kinds[0], "received");
    assert!(pos("status:under_assessment") < pos("status:approved"));
    assert!(pos("status:approved") < pos("status:in_progress"));
    assert!(
        pos("status:in_progress") < pos("status:under_way"),
        "the mission's events join the request's"
    );
    assert!(pos("status:under_way") < pos("deliverable_delivered"));
    assert_eq!(*kinds.last().unwrap(), "status:closed");
    assert!(t.iter().any(|e| e.kind == "status:under_way"
        && e.owner == despacho_core::cooperation::EventOwner::Mission));
    assert_eq!(
        assistance::get_request(w.store.conn(), &id)
            .unwrap()
            .missions
            .len(),
        1
    );
    assert!(assistance::timeline(w.store.conn(), "missing").is_err());
}

#[test]
fn missions_workflow_print_and_refusals() {
    let mut w = world();
    let sg = w.sg.clone();
    let input = mission_input(None);
    forbidden_for_all(&mut w, |s, u| missions::create_mission(s, u, &input));
    refused(
        &mut w.store,
        ErrorCode::InvalidValue,
        Some("end_date"),
        |s| {
            missions::create_mission(
                s,
                &sg,
                &MissionInput {
                    start_date: d(5),
                    end_date: d(1),
                    ..mission_input(None)
                },
            )
        },
    );
    refused(
        &mut w.store,
        ErrorCode::InvalidFormat,
        Some("country"),
        |s| {
            missions::create_mission(
                s,
                &sg,
                &MissionInput {
                    country: "XX".into(),
                    ..mission_input(None)
                },
            )
        },
    );
    refused(
        &mut w.store,
        ErrorCode::InvalidValue,
        Some("itinerary[0].on_date"),
        |s| {
            let mut m = mission_input(None);
            m.itinerary[0].on_date = d(30);
            missions::create_mission(s, &sg, &m)
        },
    );
    refused(&mut w.store, ErrorCode::Required, Some("travellers"), |s| {
        missions::create_mission(
            s,
            &sg,
            &MissionInput {
                travellers: vec![],
                ..mission_input(None)
            },
        )
    });
    refused(
        &mut w.store,
        ErrorCode::NotFound,
        Some("request_ids"),
        |s| missions::create_mission(s, &sg, &mission_input(Some("missing"))),
    );
    refused(
        &mut w.store,
        ErrorCode::InvalidFormat,
        Some("estimated_cost"),
        |s| {
            missions::create_mission(
                s,
                &sg,
                &MissionInput {
                    estimated_cost: Some(Amount {
                        amount: "1e3".into(),
                        currency: "USD".into(),
                    }),
                    ..mission_input(None)
                },
            )
        },
    );
    refused(
        &mut w.store,
        ErrorCode::InvalidFormat,
        Some("start_date"),
        |s| {
            missions::create_mission(
                s,
                &sg,
                &MissionInput {
                    start_date: "2025-13-01".into(),
                    ..mission_input(None)
                },
            )
        },
    );

    let m = missions::create_mission(&mut w.store, &w.linking, &input).unwrap();
    assert_eq!(
        (m.status, m.country.as_str()),
        (MissionStatus::Planned, "PE")
    );
    assert_eq!(m.itinerary[0].on_date, d(-3), "legs in date order");
    assert_eq!(m.estimated_cost.as_ref().unwrap().amount, "4500.00");
    let id = m.id.clone();
    refused(&mut w.store, ErrorCode::InvalidValue, Some("status"), |s| {
        missions::set_mission_status(
            s,
            &sg,
            &id,
            &MissionStatusChange {
                status: MissionStatus::Completed,
                on: None,
            },
        )
    });
    missions::set_mission_status(
        &mut w.store,
        &sg,
        &id,
        &MissionStatusChange {
            status: MissionStatus::Approved,
            on: None,
        },
    )
    .unwrap();
    assert_eq!(
        missions::under_way(w.store.conn(), today()).unwrap().len(),
        1,
        "approved and within its dates"
    );
    assert_eq!(
        missions::under_way(w.store.conn(), today() + Duration::days(10))
            .unwrap()
            .len(),
        0
    );
    missions::set_mission_status(
        &mut w.store,
        &sg,
        &id,
        &MissionStatusChange {
            status: MissionStatus::UnderWay,
            on: None,
        },
    )
    .unwrap();
    refused(&mut w.store, ErrorCode::InvalidValue, Some("status"), |s| {
        missions::set_mission_status(
            s,
            &sg,
            &id,
            &MissionStatusChange {
                status: MissionStatus::Cancelled,
                on: None,
            },
        )
    });
    missions::set_mission_status(
        &mut w.store,
        &sg,
        &id,
        &MissionStatusChange {
            status: MissionStatus::Completed,
            on: None,
        },
    )
    .unwrap();
    refused(&mut w.store, ErrorCode::Required, Some("report"), |s| {
        missions::set_mission_status(
            s,
            &sg,
            &id,
            &MissionStatusChange {
                status: MissionStatus::ReportFiled,
                on: None,
            },
        )
    });
    missions::write_report(
        &mut w.store,
        &w.linking,
        &id,
        "Se revisaron los supuestos.\nSe acordó un plan.",
    )
    .unwrap();
    let filed = missions::set_mission_status(
        &mut w.store,
        &sg,
        &id,
        &MissionStatusChange {
            status: MissionStatus::ReportFiled,
            on: None,
        },
    )
    .unwrap();
    assert_eq!(filed.report_filed_on, Some(d(0)));
    refused(&mut w.store, ErrorCode::InvalidValue, Some("status"), |s| {
        missions::update_mission(s, &sg, &id, &mission_input(None))
    });

    let p = missions::mission_for_print(w.store.conn(), &id).unwrap();
    assert_eq!(
        (
            p.days,
            p.mission.travellers.len(),
            p.mission.itinerary.len()
        ),
        (6, 1, 2)
    );
    assert!(missions::mission_for_print(w.store.conn(), "missing").is_err());
    let list = missions::list_missions(
        w.store.conn(),
        &missions::MissionFilter {
            search: Some("gómez".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        list.len(),
        1,
        "search finds a traveller (SQLite LIKE folds ASCII only; ó matches itself)"
    );
}

fn open_books(w: &mut World) -> String {
    let year = today().year() as u16;
    let line_id: String = w
        .store
        .conn()
        .query_row("SELECT id FROM budget_lines WHERE code = '3.1'", [], |r| {
            r.get(0)
        })
        .unwrap();
    budget::set_original(
        &mut w.store,
        &w.sg,
        year,
        &[(line_id.clone(), "30000.00".into())],
    )
    .unwrap();
    line_id
}

#[test]
fn a_mission_cost_posts_to_the_ledger_against_its_budget_line() {
    let mut w = world();
    let line_id = open_books(&mut w);
    let sg = w.sg.clone();
    let m = missions::create_mission(&mut w.store, &sg, &mission_input(None)).unwrap();
    let cost = ActualCostInput {
        cost: Amount {
            amount: "3875.40".into(),
            currency: "USD".into(),
        },
        paid_on: d(0),
        budget_line: "3.1".into(),
        cash_account: "1102".into(),
    };
    refused(&mut w.store, ErrorCode::InvalidValue, Some("status"), |s| {
        missions::record_actual_cost(s, &sg, &m.id, &cost)
    });
    missions::set_mission_status(
        &mut w.store,
        &sg,
        &m.id,
        &MissionStatusChange {
            status: MissionStatus::Approved,
            on: None,
        },
    )
    .unwrap();
    missions::set_mission_status(
        &mut w.store,
        &sg,
        &m.id,
        &MissionStatusChange {
            status: MissionStatus::UnderWay,
            on: None,
        },
    )
    .unwrap();
    refused(
        &mut w.store,
        ErrorCode::InvalidValue,
        Some("budget_line"),
        |s| {
            missions::record_actual_cost(
                s,
                &sg,
                &m.id,
                &ActualCostInput {
                    budget_line: "1.1".into(),
                    ..cost.clone()
                },
            )
        },
    );
    refused(
        &mut w.store,
        ErrorCode::InvalidValue,
        Some("cash_account"),
        |s| {
            missions::record_actual_cost(
                s,
                &sg,
                &m.id,
                &ActualCostInput {
                    cash_account: "5301".into(),
                    ..cost.clone()
                },
            )
        },
    );
    refused(&mut w.store, ErrorCode::InvalidValue, Some("cost"), |s| {
        missions::record_actual_cost(
            s,
            &sg,
            &m.id,
            &ActualCostInput {
                cost: Amount {
                    amount: "-5".into(),
                    currency: "USD".into(),
                },
                ..cost.clone()
            },
        )
    });
    for u in [w.staff.clone(), w.auditor.clone()] {
        refused(&mut w.store, ErrorCode::Forbidden, None, |s| {
            missions::record_actual_cost(s, &u, &m.id, &cost)
        });
    }

    // Linking & Cooperation records the cost; it is not posted (no ManageFinances).
    let recorded = missions::record_actual_cost(&mut w.store, &w.linking, &m.id, &cost).unwrap();
    assert_eq!(
        (
            recorded.actual_cost.as_ref().unwrap().amount.as_str(),
            recorded.actual_entry_id.as_ref()
        ),
        ("3875.40", None)
    );
    let entries = |s: &Store| {
        s.conn()
            .query_row("SELECT count(*) FROM journal_entries", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap()
    };
    assert_eq!(entries(&w.store), 0);
    let linking = w.linking.clone();
    refused(&mut w.store, ErrorCode::Forbidden, None, |s| {
        missions::post_actual_cost(s, &linking, &m.id, "1102")
    });
    // Managing & Finances posts it.
    let posted = missions::post_actual_cost(&mut w.store, &w.finance, &m.id, "1102").unwrap();
    let entry_id = posted.actual_entry_id.clone().unwrap();
    let (dr, cr): (i64, i64) = w
        .store
        .conn()
        .query_row(
            "SELECT sum(debit_rep), sum(credit_rep) FROM journal_lines WHERE entry_id = ?1",
            [&entry_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((dr, cr), (387_540, 387_540), "the entry balances");
    let on_line: i64 = w.store.conn().query_row(
        "SELECT sum(l.debit_rep) FROM journal_lines l JOIN accounts a ON a.id = l.account_id WHERE l.budget_line_id = ?1 AND a.code = '5301'", [&line_id], |r| r.get(0)).unwrap();
    assert_eq!(on_line, 387_540);
    let bva =
        budget::budget_vs_actual(w.store.conn(), today().year() as u16, Language::Es).unwrap();
    let line = bva.lines.iter().find(|l| l.code == "3.1").unwrap();
    assert_eq!(
        (line.amounts.actual.as_str(), line.amounts.variance.as_str()),
        ("3875.40", "26124.60")
    );
    refused(&mut w.store, ErrorCode::InvalidValue, Some("cost"), |s| {
        missions::record_actual_cost(s, &sg, &m.id, &cost)
    });
    refused(&mut w.store, ErrorCode::InvalidValue, Some("cost"), |s| {
        missions::post_actual_cost(s, &sg, &m.id, "1102")
    });

    // The Secretary-General keeps the books too: a second mission posts at once.
    let m2 = missions::create_mission(&mut w.store, &sg, &mission_input(None)).unwrap();
    missions::set_mission_status(
        &mut w.store,
        &sg,
        &m2.id,
        &MissionStatusChange {
            status: MissionStatus::Approved,
            on: None,
        },
    )
    .unwrap();
    missions::set_mission_status(
        &mut w.store,
        &sg,
        &m2.id,
        &MissionStatusChange {
            status: MissionStatus::UnderWay,
            on: None,
        },
    )
    .unwrap();
    let m2 = missions::record_actual_cost(
        &mut w.store,
        &sg,
        &m2.id,
        &ActualCostInput {
            budget_line: "3.2".into(),
            ..cost.clone()
        },
    )
    .unwrap();
    assert!(m2.actual_entry_id.is_some());
    assert_eq!(entries(&w.store), 2);
}

fn contact(
    store: &mut Store,
    sg: &User,
    member_id: &str,
    name: &str,
    email: &str,
    langs: Vec<Language>,
) -> String {
    members::add_contact(
        store,
        sg,
        member_id,
        &ContactInput {
            name: name.into(),
            position: "Enlace".into(),
            email: Some(email.into()),
            phone: None,
            languages: langs,
        },
    )
    .unwrap()
    .id
}

#[test]
fn dissemination_lists_resolve_by_category_country_subregion_and_language() {
    let mut w = world();
    let sg = w.sg.clone();
    let mk = |store: &mut Store, name: &str, acr: &str, country: &str, cat: Category, sub: u8| {
        members::create_member(
            store,
            &sg,
            &members::MemberInput {
                category: Some(cat),
                subregion: Some(sub),
                ..member(name, acr, country)
            },
        )
        .unwrap()
        .id
    };
    let bz = mk(
        &mut w.store,
        "Social Security Board",
        "SSB",
        "BZ",
        Category::Titular,
        4,
    );
    let br = mk(
        &mut w.store,
        "Ministério da Previdência",
        "MPS",
        "BR",
        Category::Associate,
        5,
    );
    let ar = mk(
        &mut w.store,
        "Archivada",
        "ARC",
        "AR",
        Category::Associate,
        5,
    );
    contact(
        &mut w.store,
        &sg,
        &bz,
        "John Smith",
        "john@example.org",
        vec![Language::En],
    );
    contact(
        &mut w.store,
        &sg,
        &br,
        "Maria Silva",
        "maria@example.org",
        vec![Language::Pt, Language::Es],
    );
    let gone = contact(
        &mut w.store,
        &sg,
        &br,
        "Pedro Gone",
        "pedro@example.org",
        vec![Language::Pt],
    );
    contact(
        &mut w.store,
        &sg,
        &ar,
        "Archived Contact",
        "arc@example.org",
        vec![Language::Es],
    );
    members::delete_contact(&mut w.store, &sg, &gone).unwrap();
    members::set_archived(&mut w.store, &sg, &ar, true).unwrap();

    let names = |c: ListCriteria, s: &Store| -> Vec<String> {
        lists::resolve(s.conn(), &c)
            .unwrap()
            .into_iter()
            .map(|r| r.contact_name)
            .collect()
    };
    assert_eq!(
        names(ListCriteria::default(), &w.store),
        ["Maria Silva", "John Smith", "Ana Pérez"],
        "by country: BR, BZ, MX"
    );
    assert_eq!(
        names(
            ListCriteria {
                categories: vec![Category::Associate],
                ..Default::default()
            },
            &w.store
        ),
        ["Maria Silva"]
    );
    assert_eq!(
        names(
            ListCriteria {
                countries: vec!["mx".into()],
                ..Default::default()
            },
            &w.store
        ),
        ["Ana Pérez"]
    );
    assert_eq!(
        names(
            ListCriteria {
                subregions: vec![4],
                ..Default::default()
            },
            &w.store
        ),
        ["John Smith"]
    );
    assert_eq!(
        names(
            ListCriteria {
                languages: vec![Language::Es],
                ..Default::default()
            },
            &w.store
        ),
        ["Maria Silva", "Ana Pérez"]
    );
    assert_eq!(
        names(
            ListCriteria {
                languages: vec![Language::Fr],
                ..Default::default()
            },
            &w.store
        ),
        Vec::<String>::new()
    );

    let input = ListInput {
        name: "Boletín en español".into(),
        criteria: ListCriteria {
            languages: vec![Language::Es],
            ..Default::default()
        },
    };
    forbidden_for_all(&mut w, |s, u| lists::create_list(s, u, &input));
    refused(
        &mut w.store,
        ErrorCode::InvalidValue,
        Some("subregions"),
        |s| {
            lists::create_list(
                s,
                &sg,
                &ListInput {
                    name: "x".into(),
                    criteria: ListCriteria {
                        subregions: vec![6],
                        ..Default::default()
                    },
                },
            )
        },
    );
    refused(
        &mut w.store,
        ErrorCode::InvalidFormat,
        Some("countries"),
        |s| {
            lists::create_list(
                s,
                &sg,
                &ListInput {
                    name: "x".into(),
                    criteria: ListCriteria {
                        countries: vec!["ZZ".into()],
                        ..Default::default()
                    },
                },
            )
        },
    );
    let list = lists::create_list(&mut w.store, &w.linking, &input).unwrap();
    assert_eq!(list.recipient_count, 2);
    refused(&mut w.store, ErrorCode::Duplicate, Some("name"), |s| {
        lists::create_list(
            s,
            &sg,
            &ListInput {
                name: "BOLETÍN EN ESPAÑOL".into(),
                ..input.clone()
            },
        )
    });
    assert_eq!(
        lists::find_list(w.store.conn(), "Boletín en español")
            .unwrap()
            .id,
        list.id
    );
    // Resolved dynamically: a new Spanish-reading contact joins the saved list.
    contact(
        &mut w.store,
        &sg,
        &bz,
        "Rosa Díaz",
        "rosa@example.org",
        vec![Language::Es],
    );
    assert_eq!(
        lists::get_list(w.store.conn(), &list.id)
            .unwrap()
            .recipient_count,
        3
    );
}

#[test]
fn list_exports_csv_and_vcard_exactly() {
    let mut w = world();
    let sg = w.sg.clone();
    let org = members::create_member(
        &mut w.store,
        &sg,
        &member("Caja; de \"Seguro\", Social\\Norte", "CSSN", "PA"),
    )
    .unwrap()
    .id;
    members::add_contact(
        &mut w.store,
        &sg,
        &org,
        &ContactInput {
            name: "José Ñúñez, Jr.".into(),
            position:
                "Director de Relaciones Internacionales y Cooperación Técnica Interinstitucional"
                    .into(),
            email: Some("jose@example.org".into()),
            phone: Some("+507 123-4567".into()),
            languages: vec![Language::Es, Language::En],
        },
    )
    .unwrap();
    let list = lists::create_list(
        &mut w.store,
        &sg,
        &ListInput {
            name: "Panamá".into(),
            criteria: ListCriteria {
                countries: vec!["PA".into()],
                ..Default::default()
            },
        },
    )
    .unwrap();
    let csv = lists::export_csv(w.store.conn(), &list.id).unwrap();
    assert_eq!(
        csv,
        "name,position,email,phone,languages,organization,acronym,country,category\r\n\
         \"José Ñúñez, Jr.\",Director de Relaciones Internacionales y Cooperación Técnica Interinstitucional,jose@example.org,+507 123-4567,\"es,en\",\"Caja; de \"\"Seguro\"\", Social\\Norte\",CSSN,PA,titular\r\n"
    );
    let vcf = lists::export_vcard(w.store.conn(), &list.id).unwrap();
    let contact_id = lists::recipients(w.store.conn(), &list.id).unwrap()[0]
        .contact_id
        .clone();
    let expected = format!(
        "BEGIN:VCARD\r\n\
         VERSION:4.0\r\n\
         UID:urn:uuid:{contact_id}\r\n\
         FN:José Ñúñez\\, Jr.\r\n\
         ORG:Caja\\; de \"Seguro\"\\, Social\\\\Norte\r\n\
         TITLE:Director de Relaciones Internacionales y Cooperación Técnica Interi\r\n \
         nstitucional\r\n\
         EMAIL;TYPE=work:jose@example.org\r\n\
         TEL;TYPE=work;VALUE=text:+507 123-4567\r\n\
         LANG;PREF=1:es\r\n\
         LANG;PREF=2:en\r\n\
         END:VCARD\r\n"
    );
    assert_eq!(vcf, expected);
    let title = vcf.split("\r\n").find(|l| l.starts_with("TITLE:")).unwrap();
    assert_eq!(
        title.len(),
        75,
        "the first line of a folded value holds 75 octets (ó and é take two)"
    );
    for line in vcf.split("\r\n") {
        assert!(line.len() <= 75, "folded at 75 octets: {line}");
        assert!(!line.contains('\n'));
    }
    // Escaping of line breaks.
    assert_eq!(
        lists::escape_vcard("a\nb\r\nc;d,e\\f"),
        "a\\nb\\nc\\;d\\,e\\\\f"
    );
    assert!(lists::export_vcard(w.store.conn(), "missing").is_err());
}

#[test]
fn publications_workflow_and_dissemination_log() {
    let mut w = world();
    let sg = w.sg.clone();
    let input = PublicationInput {
        kind: PublicationKind::Bulletin,
        versions: vec![
            Version {
                language: Language::En,
                title: "Social Security Bulletin 12".into(),
                summary: String::new(),
            },
            Version {
                language: Language::Es,
                title: "Boletín de Seguridad Social 12".into(),
                summary: "Pensiones".into(),
            },
        ],
        published_on: None,
        notes: String::new(),
    };
    forbidden_for_all(&mut w, |s, u| {
        publications::create_publication(s, u, &input)
    });
    refused(&mut w.store, ErrorCode::Required, Some("versions"), |s| {
        publications::create_publication(
            s,
            &sg,
            &PublicationInput {
                versions: vec![],
                ..input.clone()
            },
        )
    });
    refused(
        &mut w.store,
        ErrorCode::Duplicate,
        Some("versions[1].language"),
        |s| {
            let mut i = input.clone();
            i.versions[1].language = Language::En;
            publications::create_publication(s, &sg, &i)
        },
    );
    let p = publications::create_publication(&mut w.store, &w.linking, &input).unwrap();
    assert_eq!(
        p.versions[0].language,
        Language::Es,
        "versions in es, en, pt, fr order"
    );
    let list = lists::create_list(
        &mut w.store,
        &sg,
        &ListInput {
            name: "Todos".into(),
            criteria: ListCriteria::default(),
        },
    )
    .unwrap();
    let send = DisseminationInput {
        list_id: Some(list.id.clone()),
        channel: Channel::Email,
        sent_on: None,
        notes: String::new(),
    };
    let id = p.id.clone();
    refused(&mut w.store, ErrorCode::InvalidValue, Some("status"), |s| {
        publications::record_dissemination(s, &sg, &id, &send)
    });
    refused(&mut w.store, ErrorCode::InvalidValue, Some("status"), |s| {
        publications::set_publication_status(s, &sg, &id, PublicationStatus::Approved)
    });
    publications::set_publication_status(&mut w.store, &sg, &id, PublicationStatus::Review)
        .unwrap();
    publications::set_publication_status(&mut w.store, &sg, &id, PublicationStatus::Draft).unwrap();
    publications::set_publication_status(&mut w.store, &sg, &id, PublicationStatus::Review)
        .unwrap();
    forbidden_for_all(&mut w, |s, u| {
        publications::set_publication_status(s, u, &id, PublicationStatus::Approved)
    });
    publications::set_publication_status(&mut w.store, &sg, &id, PublicationStatus::Approved)
        .unwrap();
    refused(&mut w.store, ErrorCode::InvalidValue, Some("status"), |s| {
        publications::set_publication_status(s, &sg, &id, PublicationStatus::Disseminated)
    });
    refused(&mut w.store, ErrorCode::InvalidValue, Some("status"), |s| {
        publications::update_publication(s, &sg, &id, &input)
    });
    refused(&mut w.store, ErrorCode::Required, Some("list_id"), |s| {
        publications::record_dissemination(
            s,
            &sg,
            &id,
            &DisseminationInput {
                list_id: None,
                ..send.clone()
            },
        )
    });
    refused(&mut w.store, ErrorCode::NotFound, Some("list_id"), |s| {
        publications::record_dissemination(
            s,
            &sg,
            &id,
            &DisseminationInput {
                list_id: Some("missing".into()),
                ..send.clone()
            },
        )
    });
    refused(
        &mut w.store,
        ErrorCode::InvalidValue,
        Some("sent_on"),
        |s| {
            publications::record_dissemination(
                s,
                &sg,
                &id,
                &DisseminationInput {
                    sent_on: Some(d(1)),
                    ..send.clone()
                },
            )
        },
    );
    let p = publications::record_dissemination(&mut w.store, &w.linking, &id, &send).unwrap();
    assert_eq!(
        (p.status, p.published_on.clone()),
        (PublicationStatus::Disseminated, Some(d(0)))
    );
    assert_eq!(
        (
            p.log.len(),
            p.log[0].recipients,
            p.log[0].list_name.as_str(),
            p.log[0].channel
        ),
        (1, 1, "Todos", Channel::Email)
    );
    assert_eq!(p.log[0].sent_by.as_deref(), Some("linking full name"));
    let p = publications::record_dissemination(
        &mut w.store,
        &sg,
        &id,
        &DisseminationInput {
            list_id: None,
            channel: Channel::Web,
            sent_on: None,
            notes: "sitio web".into(),
        },
    )
    .unwrap();
    assert_eq!(p.log.len(), 2);
    let listed = publications::list_publications(
        w.store.conn(),
        &publications::PublicationFilter {
            search: Some("boletín".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        (
            listed.len(),
            listed[0].title.as_str(),
            listed[0].disseminations
        ),
        (1, "Boletín de Seguridad Social 12", 2)
    );
}

#[test]
fn documents_are_kept_with_agreements_missions_and_publications() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let sg = despacho_core::users::create_first_admin(
        &mut store,
        new_user("sg", Role::SecretaryGeneral),
    )
    .unwrap();
    let staff = user_with_role(&mut store, &sg, "staff", Role::Staff);
    let a = agreements::create_agreement(&mut store, &sg, &agreement_input(None, "OISS")).unwrap();
    let file = dir.path().join("convenio.pdf");
    std::fs::write(&file, b"%PDF-1.4 convenio").unwrap();
    use despacho_core::cooperation::{self, DocumentInput, DocumentOwner};
    let input = DocumentInput {
        title: "Convenio firmado".into(),
        path: file.display().to_string(),
        language: None,
    };
    let before = coop_fp(&store);
    assert_eq!(
        cooperation::attach_document(&mut store, &staff, DocumentOwner::Agreement, &a.id, &input)
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        cooperation::attach_document(&mut store, &sg, DocumentOwner::Mission, &a.id, &input)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(coop_fp(&store), before);
    let doc =
        cooperation::attach_document(&mut store, &sg, DocumentOwner::Agreement, &a.id, &input)
            .unwrap();
    assert!(dir.path().join("attachments").join(&doc.sha256).exists());
    let detail = agreements::get_agreement(store.conn(), &a.id).unwrap();
    assert_eq!(
        (detail.agreement.document_count, detail.documents.len()),
        (1, 1)
    );
    cooperation::remove_document(&mut store, &sg, &doc.id).unwrap();
    assert_eq!(
        agreements::get_agreement(store.conn(), &a.id)
            .unwrap()
            .documents
            .len(),
        0
    );
}

#[test]
fn the_demo_fills_the_desk_with_cooperation() {
    let (mut store, sg) = store_with_admin();
    let r = despacho_core::demo::load(&mut store, &sg).unwrap();
    assert_eq!(
        (
            r.cooperation.agreements,
            r.cooperation.requests,
            r.cooperation.missions,
            r.cooperation.publications,
            r.cooperation.lists
        ),
        (4, 4, 3, 5, 2)
    );
    let desk = desk::desk(store.conn(), despacho_core::users::Language::Es).unwrap();
    assert_eq!(desk.missions_under_way.len(), 1);
    assert_eq!(desk.missions_under_way[0].city, "Monterrey");
    assert!(desk
        .agreements_expiring
        .iter()
        .any(|a| a.kind == ReminderKind::Expiry && a.days_left == 60));
    assert_eq!(desk.open_request_count, 3);
    assert!(lists::list_lists(store.conn())
        .unwrap()
        .iter()
        .all(|l| l.recipient_count > 0));
    // The completed mission's cost is in the books against line 3.1.
    let posted: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM missions WHERE actual_entry_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(posted, 1);
    let request = assistance::list_requests(
        store.conn(),
        &assistance::RequestFilter {
            search: Some("Valuación".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let t = assistance::timeline(store.conn(), &request[0].id).unwrap();
    assert!(t.iter().any(|e| e.kind == "status:under_way"), "{t:?}");
    assert!(store.integrity_problems().unwrap().is_empty());
}
