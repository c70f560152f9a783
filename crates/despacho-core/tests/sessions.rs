//! Bodies, seats, sessions, status, attendance and quorum, calendar export, demo data.
mod common;

use common::*;
use despacho_core::agenda::{self, AgendaStatus};
use despacho_core::bodies::{
    self, BodyInput, BodyKind, BodyNames, BodyRules, Membership, QuorumRule, SeatInput, SeatRole,
};
use despacho_core::sessions::{
    self, roman, AttendanceInput, AttendanceStatus, SessionFilter, SessionKind, SessionStatus,
};
use despacho_core::users::{Language, Role, User};
use despacho_core::{calendar, demo, desk, members, minutes, ErrorCode, Store};

#[test]
fn roman_numerals() {
    for (n, r) in [
        (1, "I"),
        (4, "IV"),
        (9, "IX"),
        (14, "XIV"),
        (31, "XXXI"),
        (40, "XL"),
        (90, "XC"),
        (112, "CXII"),
        (400, "CD"),
        (1994, "MCMXCIV"),
        (3999, "MMMCMXCIX"),
    ] {
        assert_eq!(roman(n), r, "{n}");
    }
    assert_eq!(roman(0), "0");
}

#[test]
fn quorum_rules() {
    assert_eq!(QuorumRule::MajorityOfVoting.required(10), 6);
    assert_eq!(QuorumRule::MajorityOfVoting.required(9), 5);
    assert_eq!(QuorumRule::MajorityOfVoting.required(35), 18);
    assert_eq!(QuorumRule::TwoThirdsOfVoting.required(9), 6);
    assert_eq!(QuorumRule::TwoThirdsOfVoting.required(10), 7);
    assert_eq!(QuorumRule::TwoThirdsOfVoting.required(35), 24);
    assert_eq!(QuorumRule::Fixed { number: 4 }.required(10), 4);
}

#[test]
fn bodies_are_created_by_administrators_with_valid_rules() {
    let (mut store, admin) = store_with_admin();
    let chief = user_with_role(&mut store, &admin, "chief", Role::ChiefOfStaff);
    let input = BodyInput {
        code: "cass-x".into(),
        names: BodyNames {
            es: "CASS de Prueba".into(),
            ..Default::default()
        },
        kind: BodyKind::Commission,
        rules: BodyRules::default(),
    };
    let before = sessions_fingerprint(&store);
    assert_eq!(
        bodies::create_body(&mut store, &chief, &input)
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    let mut bad = input.clone();
    bad.rules.resolution_pattern = "{body}/{year}".into();
    let e = bodies::create_body(&mut store, &admin, &bad).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidFormat, Some("resolution_pattern"))
    );
    bad.rules.resolution_pattern = "{body}/{month}/{n}".into();
    assert_eq!(
        bodies::create_body(&mut store, &admin, &bad)
            .unwrap_err()
            .code,
        ErrorCode::InvalidFormat
    );
    bad.rules = BodyRules {
        quorum_rule: QuorumRule::Fixed { number: 0 },
        ..Default::default()
    };
    assert_eq!(
        bodies::create_body(&mut store, &admin, &bad)
            .unwrap_err()
            .code,
        ErrorCode::InvalidValue
    );
    assert_eq!(sessions_fingerprint(&store), before);

    let b = bodies::create_body(&mut store, &admin, &input).unwrap();
    assert_eq!(b.code, "CASS-X");
    assert_eq!(b.quorum_rule, QuorumRule::MajorityOfVoting);
    let e = bodies::create_body(&mut store, &admin, &input).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Duplicate, Some("code"))
    );
    let b = bodies::update_body_rules(
        &mut store,
        &admin,
        &b.id,
        &BodyRules {
            membership: Membership::AllMembers,
            quorum_rule: QuorumRule::Fixed { number: 3 },
            resolution_pattern: "{body}-{session}/{yy}/{n:03}".into(),
        },
    )
    .unwrap();
    assert_eq!(b.quorum_rule, QuorumRule::Fixed { number: 3 });
    assert_eq!(bodies::find_body(store.conn(), "cass-x").unwrap().id, b.id);
    assert_eq!(
        bodies::resolution_reference(&b.resolution_pattern, "CASS-X", 2026, 12, 7).unwrap(),
        "CASS-X-XII/26/007"
    );
    let json = serde_json::to_value(&b).unwrap();
    assert_eq!(
        json["quorum_rule"],
        serde_json::json!({ "kind": "fixed", "number": 3 })
    );
}

#[test]
fn seats_and_terms_ending_soon() {
    let (mut store, admin) = store_with_admin();
    let body = new_body(&mut store, &admin, "CP", QuorumRule::MajorityOfVoting);
    let m = members::create_member(&mut store, &admin, &member("Instituto", "INS", "MX")).unwrap();
    let today = despacho_core::store::today();
    let day = |d: i64| Some((today + chrono::Duration::days(d)).to_string());
    let seat = |member_id: Option<String>, person: &str, role, vote, to| SeatInput {
        member_id,
        person_name: person.into(),
        role,
        has_vote: vote,
        term_from: day(-700),
        term_to: to,
    };
    bodies::add_seat(
        &mut store,
        &admin,
        &body.id,
        &seat(Some(m.id.clone()), "", SeatRole::President, true, day(20)),
    )
    .unwrap();
    bodies::add_seat(
        &mut store,
        &admin,
        &body.id,
        &seat(
            None,
            "Secretaría General",
            SeatRole::Secretary,
            false,
            day(200),
        ),
    )
    .unwrap();
    let before = sessions_fingerprint(&store);
    let e = bodies::add_seat(
        &mut store,
        &admin,
        &body.id,
        &seat(None, " ", SeatRole::Member, true, None),
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Required, Some("person_name"))
    );
    let mut backwards = seat(None, "X", SeatRole::Member, true, day(-800));
    backwards.term_from = day(-700);
    let e = bodies::add_seat(&mut store, &admin, &body.id, &backwards).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("term_to"));
    let auditor = user_with_role(&mut store, &admin, "aud", Role::Auditor);
    let before2 = sessions_fingerprint(&store);
    assert_eq!(
        bodies::add_seat(
            &mut store,
            &auditor,
            &body.id,
            &seat(None, "X", SeatRole::Member, true, None)
        )
        .unwrap_err()
        .code,
        ErrorCode::Forbidden
    );
    assert_eq!(sessions_fingerprint(&store), before2);
    assert_ne!(before, before2, "the auditor account was added");

    let ending = bodies::seats_with_terms_ending(store.conn(), 30).unwrap();
    assert_eq!(ending.len(), 1);
    assert_eq!(ending[0].member_acronym.as_deref(), Some("INS"));
    assert_eq!(
        bodies::seats_with_terms_ending(store.conn(), 365)
            .unwrap()
            .len(),
        2
    );
    let list = bodies::list_seats(store.conn(), &body.id, None).unwrap();
    assert_eq!(list.len(), 2);
    assert!(!list[1].has_vote);
}

#[test]
fn sessions_validate_their_times_zone_link_and_languages() {
    let (mut store, admin) = store_with_admin();
    let body = new_body(&mut store, &admin, "CP", QuorumRule::MajorityOfVoting);
    let before = sessions_fingerprint(&store);
    let check = |store: &mut Store, f: &dyn Fn(&mut sessions::SessionInput), code, field: &str| {
        let mut input = session_input(&body.id, "2026-05-04T10:00");
        f(&mut input);
        let e = sessions::create_session(store, &admin, &input).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (code, Some(field)),
            "{}",
            e.message
        );
    };
    check(
        &mut store,
        &|i| i.time_zone = "Mars/Olympus".into(),
        ErrorCode::InvalidValue,
        "time_zone",
    );
    check(
        &mut store,
        &|i| i.starts_at = "04/05/2026 10:00".into(),
        ErrorCode::InvalidFormat,
        "starts_at",
    );
    check(
        &mut store,
        &|i| i.ends_at = Some("2026-05-04T09:00".into()),
        ErrorCode::InvalidValue,
        "ends_at",
    );
    check(
        &mut store,
        &|i| i.virtual_link = Some("zoom meeting".into()),
        ErrorCode::InvalidFormat,
        "virtual_link",
    );
    check(
        &mut store,
        &|i| i.languages = vec![],
        ErrorCode::Required,
        "languages",
    );
    check(
        &mut store,
        &|i| i.languages = vec![Language::Es, Language::Es],
        ErrorCode::Duplicate,
        "languages",
    );
    check(
        &mut store,
        &|i| i.name = "".into(),
        ErrorCode::Required,
        "name",
    );
    // 02:30 on 8 March 2026 does not exist in New York.
    check(
        &mut store,
        &|i| {
            i.time_zone = "America/New_York".into();
            i.starts_at = "2026-03-08T02:30".into();
        },
        ErrorCode::InvalidValue,
        "starts_at",
    );
    assert_eq!(sessions_fingerprint(&store), before);

    let mut input = session_input(&body.id, "2026-05-04T10:00");
    input.ends_at = Some("2026-05-05 13:30".into());
    input.virtual_link = Some("meet.example.org/cp".into());
    let s = sessions::create_session(&mut store, &admin, &input).unwrap();
    assert_eq!(s.starts_at, "2026-05-04T10:00:00-06:00");
    assert_eq!(s.ends_at.as_deref(), Some("2026-05-05T13:30:00-06:00"));
    assert_eq!(
        s.virtual_link.as_deref(),
        Some("https://meet.example.org/cp")
    );
    assert_eq!((s.ordinal, s.ordinal_roman.as_str()), (1, "I"));
    assert_eq!(
        (s.status, s.agenda_status, s.agenda_revision),
        (SessionStatus::Planned, AgendaStatus::Provisional, 1)
    );
    // RFC 3339 with another offset is converted into the session's zone.
    let mut input = session_input(&body.id, "2026-06-01T15:00:00Z");
    input.ordinal = Some(5);
    let s5 = sessions::create_session(&mut store, &admin, &input).unwrap();
    assert_eq!(s5.starts_at, "2026-06-01T09:00:00-06:00");
    // Ordinals: next after the highest; a taken one is refused; extraordinary count apart.
    let s6 = new_session(&mut store, &admin, &body.id, "2026-07-01T10:00");
    assert_eq!(s6.ordinal, 6);
    let e = sessions::create_session(&mut store, &admin, &input).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Duplicate, Some("ordinal"))
    );
    input.kind = SessionKind::Extraordinary;
    input.ordinal = None;
    assert_eq!(
        sessions::create_session(&mut store, &admin, &input)
            .unwrap()
            .ordinal,
        1
    );

    let list = sessions::list_sessions(
        store.conn(),
        &SessionFilter {
            body: Some("cp".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(list.len(), 4);
    assert!(list
        .windows(2)
        .all(|w| w[0].starts_at <= w[1].starts_at || w[0].time_zone != w[1].time_zone));
}

#[test]
fn suggested_names_use_roman_ordinals() {
    let (mut store, admin) = store_with_admin();
    demo::load(&mut store, &admin).unwrap();
    let cpiss = bodies::find_body(store.conn(), "CPISS").unwrap();
    let ga = bodies::find_body(store.conn(), "GA").unwrap();
    let jd = bodies::find_body(store.conn(), "CIESS-JD").unwrap();
    assert_eq!(
        sessions::suggested_name(store.conn(), &cpiss.id, 112, SessionKind::Ordinary).unwrap(),
        "CXII Reunión del Comité Permanente Interamericano de Seguridad Social"
    );
    assert_eq!(
        sessions::suggested_name(store.conn(), &ga.id, 31, SessionKind::Ordinary).unwrap(),
        "XXXI Asamblea General"
    );
    assert_eq!(
        sessions::suggested_name(store.conn(), &jd.id, 2, SessionKind::Extraordinary).unwrap(),
        "II Reunión Extraordinaria de la Junta Directiva del CIESS"
    );
}

#[test]
fn status_moves_only_forward() {
    let (mut store, admin) = store_with_admin();
    let body = new_body(&mut store, &admin, "CP", QuorumRule::MajorityOfVoting);
    let s = new_session(&mut store, &admin, &body.id, "2026-05-04T10:00");
    let staff = user_with_role(&mut store, &admin, "staff", Role::Staff);
    let before = sessions_fingerprint(&store);
    let e = sessions::set_session_status(&mut store, &staff, &s.id, SessionStatus::Convened)
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = sessions::set_session_status(&mut store, &admin, &s.id, SessionStatus::Planned)
        .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("status"))
    );
    assert_eq!(sessions_fingerprint(&store), before);
    let s1 =
        sessions::set_session_status(&mut store, &admin, &s.id, SessionStatus::Convened).unwrap();
    assert_eq!(s1.status, SessionStatus::Convened);
    let e = sessions::delete_session(&mut store, &admin, &s.id).unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::InvalidValue,
        "only planned sessions are deleted"
    );
    sessions::set_session_status(&mut store, &admin, &s.id, SessionStatus::Closed).unwrap();
    for back in [
        SessionStatus::Planned,
        SessionStatus::Convened,
        SessionStatus::Held,
        SessionStatus::Closed,
    ] {
        let e = sessions::set_session_status(&mut store, &admin, &s.id, back).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidValue, "{back:?}");
    }
    // A closed session does not change.
    let e = sessions::update_session(
        &mut store,
        &admin,
        &s.id,
        &session_input(&body.id, "2026-05-05T10:00"),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    let planned = new_session(&mut store, &admin, &body.id, "2026-08-04T10:00");
    sessions::delete_session(&mut store, &admin, &planned.id).unwrap();
    assert_eq!(
        sessions::get_session(store.conn(), &planned.id)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

fn attend(
    store: &mut Store,
    u: &User,
    s: &str,
    seat: Option<&str>,
    member: Option<&str>,
    st: AttendanceStatus,
) -> sessions::AttendanceSheet {
    sessions::set_attendance(
        store,
        u,
        s,
        &AttendanceInput {
            seat_id: seat.map(Into::into),
            member_id: member.map(Into::into),
            status: st,
            attendee: "Delegada".into(),
            represented_by: if st == AttendanceStatus::Represented {
                "Suplente".into()
            } else {
                String::new()
            },
            with_vote: None,
        },
    )
    .unwrap()
}

#[test]
fn quorum_of_a_seat_body_follows_its_rule_and_the_attendance() {
    let (mut store, admin) = store_with_admin();
    let body = new_body(&mut store, &admin, "CP", QuorumRule::MajorityOfVoting);
    let mut seats = Vec::new();
    for i in 0..5 {
        let s = bodies::add_seat(
            &mut store,
            &admin,
            &body.id,
            &SeatInput {
                member_id: None,
                person_name: format!("Vocal {i}"),
                role: SeatRole::Member,
                has_vote: true,
                term_from: None,
                term_to: None,
            },
        )
        .unwrap();
        seats.push(s.id);
    }
    let voice = bodies::add_seat(
        &mut store,
        &admin,
        &body.id,
        &SeatInput {
            member_id: None,
            person_name: "Secretaría General".into(),
            role: SeatRole::Secretary,
            has_vote: false,
            term_from: None,
            term_to: None,
        },
    )
    .unwrap();
    // A seat whose term ended before the session does not count.
    bodies::add_seat(
        &mut store,
        &admin,
        &body.id,
        &SeatInput {
            member_id: None,
            person_name: "Ex vocal".into(),
            role: SeatRole::Member,
            has_vote: true,
            term_from: Some("2020-01-01".into()),
            term_to: Some("2023-01-01".into()),
        },
    )
    .unwrap();
    let s = new_session(&mut store, &admin, &body.id, "2026-05-04T10:00").id;
    let q = sessions::quorum(store.conn(), &s).unwrap();
    assert_eq!(
        (q.voting_members, q.present_voting, q.required, q.reached),
        (5, 0, 3, false)
    );

    let staff = user_with_role(&mut store, &admin, "staff", Role::Staff);
    attend(
        &mut store,
        &staff,
        &s,
        Some(&seats[0]),
        None,
        AttendanceStatus::Present,
    );
    let sheet = attend(
        &mut store,
        &admin,
        &s,
        Some(&voice.id),
        None,
        AttendanceStatus::Present,
    );
    assert_eq!(
        sheet.quorum.present_voting, 1,
        "voice-only seats do not count"
    );
    assert!(
        !sheet
            .lines
            .iter()
            .find(|l| l.seat_id.as_deref() == Some(&voice.id))
            .unwrap()
            .with_vote
    );
    attend(
        &mut store,
        &admin,
        &s,
        Some(&seats[1]),
        None,
        AttendanceStatus::Absent,
    );
    let sheet = attend(
        &mut store,
        &admin,
        &s,
        Some(&seats[2]),
        None,
        AttendanceStatus::Represented,
    );
    assert_eq!(
        (sheet.quorum.present_voting, sheet.quorum.reached),
        (2, false)
    );
    let sheet = attend(
        &mut store,
        &admin,
        &s,
        Some(&seats[3]),
        None,
        AttendanceStatus::Present,
    );
    assert_eq!(
        (
            sheet.quorum.voting_members,
            sheet.quorum.present_voting,
            sheet.quorum.required,
            sheet.quorum.reached
        ),
        (5, 3, 3, true)
    );
    // Recording again changes the line (no duplicates).
    let sheet = attend(
        &mut store,
        &admin,
        &s,
        Some(&seats[3]),
        None,
        AttendanceStatus::Absent,
    );
    assert_eq!(
        (sheet.quorum.present_voting, sheet.quorum.reached),
        (2, false)
    );
    assert_eq!(sheet.lines.len(), 6);

    // Another rule, the same attendance.
    bodies::update_body_rules(
        &mut store,
        &admin,
        &body.id,
        &BodyRules {
            quorum_rule: QuorumRule::Fixed { number: 2 },
            ..Default::default()
        },
    )
    .unwrap();
    let q = sessions::quorum(store.conn(), &s).unwrap();
    assert_eq!((q.required, q.reached), (2, true));
    bodies::update_body_rules(
        &mut store,
        &admin,
        &body.id,
        &BodyRules {
            quorum_rule: QuorumRule::TwoThirdsOfVoting,
            ..Default::default()
        },
    )
    .unwrap();
    let q = sessions::quorum(store.conn(), &s).unwrap();
    assert_eq!((q.required, q.reached), (4, false));

    // Refusals write nothing: a vote for a voice-only seat, a representation without a name,
    // neither seat nor member, an auditor.
    let before = sessions_fingerprint(&store);
    let mut input = AttendanceInput {
        seat_id: Some(voice.id.clone()),
        member_id: None,
        status: AttendanceStatus::Present,
        attendee: String::new(),
        represented_by: String::new(),
        with_vote: Some(true),
    };
    let e = sessions::set_attendance(&mut store, &admin, &s, &input).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("with_vote"))
    );
    input.with_vote = None;
    input.status = AttendanceStatus::Represented;
    let e = sessions::set_attendance(&mut store, &admin, &s, &input).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("represented_by"));
    input.status = AttendanceStatus::Present;
    input.seat_id = None;
    assert_eq!(
        sessions::set_attendance(&mut store, &admin, &s, &input)
            .unwrap_err()
            .code,
        ErrorCode::Required
    );
    input.seat_id = Some(seats[4].clone());
    let auditor = user_with_role(&mut store, &admin, "aud", Role::Auditor);
    let before_aud = sessions_fingerprint(&store);
    assert_ne!(before, before_aud);
    assert_eq!(
        sessions::set_attendance(&mut store, &auditor, &s, &input)
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert_eq!(sessions_fingerprint(&store), before_aud);
}

#[test]
fn in_the_general_assembly_only_active_titular_members_vote() {
    let (mut store, admin) = store_with_admin();
    demo::load(&mut store, &admin).unwrap();
    let ga = bodies::find_body(store.conn(), "GA").unwrap();
    assert_eq!(ga.membership, Membership::AllMembers);
    let s = new_session(&mut store, &admin, &ga.id, "2027-11-20T09:00").id;
    let counts = members::member_counts(store.conn()).unwrap();
    let all = members::list_members(store.conn(), &Default::default()).unwrap();
    let titular_active: Vec<_> = all
        .iter()
        .filter(|m| {
            m.category == members::Category::Titular && m.status == members::MemberStatus::Active
        })
        .collect();
    let q = sessions::quorum(store.conn(), &s).unwrap();
    // The demo leaves two titular members in arrears without a payment plan (IESS, CNS):
    // they do not vote; IHSS keeps its vote through its plan.
    let in_arrears = titular_active
        .iter()
        .filter(|m| ["IESS", "CNS"].contains(&m.acronym.as_str()))
        .count();
    assert_eq!(in_arrears, 2);
    assert_eq!(q.voting_members as usize, titular_active.len() - in_arrears);
    assert!(
        q.voting_members < counts.titular as u16,
        "the suspended titular member does not vote"
    );
    // An associate member speaks: present, but without vote.
    let associate = all
        .iter()
        .find(|m| m.category == members::Category::Associate)
        .unwrap();
    let sheet = attend(
        &mut store,
        &admin,
        &s,
        None,
        Some(&associate.id),
        AttendanceStatus::Present,
    );
    assert_eq!(sheet.quorum.present_voting, 0);
    let line = sheet
        .lines
        .iter()
        .find(|l| l.member_id.as_deref() == Some(&associate.id))
        .unwrap();
    assert!(!line.may_vote && !line.with_vote);
    for m in titular_active
        .iter()
        .filter(|m| !["IESS", "CNS"].contains(&m.acronym.as_str()))
        .take(q.required as usize)
    {
        attend(
            &mut store,
            &admin,
            &s,
            None,
            Some(&m.id),
            AttendanceStatus::Present,
        );
    }
    let q = sessions::quorum(store.conn(), &s).unwrap();
    assert!(q.reached);
    assert_eq!(q.present_voting, q.required);
    assert!(
        sessions::member_may_vote(
            store.conn(),
            Membership::Seats,
            &associate.id,
            chrono::NaiveDate::from_ymd_opt(2027, 11, 20).unwrap()
        )
        .unwrap(),
        "an associate member may vote where it holds a voting seat"
    );
}

#[test]
fn ics_export_of_one_session_or_all() {
    let (mut store, admin) = store_with_admin();
    let body = new_body(&mut store, &admin, "CP", QuorumRule::MajorityOfVoting);
    let mut input = session_input(&body.id, "2026-05-04T10:00");
    input.name = "CXII Reunión, ordinaria; del Comité \\ Permanente Interamericano de Seguridad Social — sede".into();
    input.venue = "Calle San Ramón s/n, Ciudad de México".into();
    input.virtual_link = Some("https://meet.example.org/cp?x=1,2".into());
    let s = sessions::create_session(&mut store, &admin, &input).unwrap();
    agenda::add_item(&mut store, &admin, &s.id, None, None, &item("Apertura", 30)).unwrap();
    let ics = calendar::session_ics(store.conn(), &s.id).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !ics.replace("\r\n", "").contains('\n'),
        "every line ends with CRLF"
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains(&format!("UID:{}@{}\r\n", s.id, calendar::UID_DOMAIN)));
    assert!(
        unfolded.contains("DTSTART:20260504T160000Z\r\n"),
        "{unfolded}"
    );
    assert!(
        unfolded.contains("DTEND:20260504T163000Z\r\n"),
        "end from the agenda's length"
    );
    assert!(unfolded.contains(
        "SUMMARY:CXII Reunión\\, ordinaria\\; del Comité \\\\ Permanente Interamericano de Seguridad Social — sede\r\n"
    ));
    assert!(unfolded.contains("LOCATION:Calle San Ramón s/n\\, Ciudad de México\r\n"));
    assert!(unfolded.contains("URL:https://meet.example.org/cp?x=1,2\r\n"));
    assert!(unfolded.contains("\\n\\n1 Apertura (10:00)"), "{unfolded}");
    assert!(unfolded.contains("STATUS:TENTATIVE"));
    assert!(unfolded.contains("DTSTAMP:"));
    // The summary is long enough to be folded.
    assert!(ics.contains("\r\n "));

    new_session(&mut store, &admin, &body.id, "2026-09-04T10:00");
    let all = calendar::all_ics(store.conn()).unwrap();
    assert_eq!(all.matches("BEGIN:VEVENT").count(), 2);
    assert_eq!(all.matches("BEGIN:VCALENDAR").count(), 1);
}

#[test]
fn demo_data_has_sessions_an_approved_agenda_and_a_record() {
    let (mut store, admin) = store_with_admin();
    let r = demo::load(&mut store, &admin).unwrap();
    assert_eq!(r.sessions, 2);
    let d = desk::desk(store.conn(), despacho_core::users::Language::Es).unwrap();
    let next = &d.upcoming_sessions[0];
    assert_eq!(next.body_code, "CPISS");
    assert_eq!(next.ordinal_roman, "CXII");
    assert_eq!(next.agenda_status, AgendaStatus::Approved);
    assert!(next.item_count >= 10);
    let a = agenda::agenda(store.conn(), &next.id).unwrap();
    assert!(a
        .items
        .iter()
        .all(|i| i.titles.contains_key(&Language::Es) && i.titles.contains_key(&Language::En)));
    assert!(a.items.iter().any(|i| i.number == "4.2"));
    assert!(d.open_action_items.len() >= 2);
    assert!(d
        .open_action_items
        .windows(2)
        .all(|w| w[0].due_date <= w[1].due_date));
    let ga = sessions::list_sessions(
        store.conn(),
        &SessionFilter {
            body: Some("GA".into()),
            ..Default::default()
        },
    )
    .unwrap();
    // The last Assembly (closed, with its record) and the next one, which the elections demo
    // calls postulations for.
    assert_eq!(ga.len(), 2);
    assert_eq!(ga[0].status, SessionStatus::Closed);
    assert_eq!(ga[1].status, SessionStatus::Planned);
    let m = minutes::minutes(store.conn(), &ga[0].id).unwrap();
    assert_eq!(m.resolutions.len(), 3);
    assert!(m.resolutions[0].reference.starts_with("GA/"));
    assert!(m.entries.iter().any(|e| !e.decision.is_empty()));
    assert!(sessions::quorum(store.conn(), &ga[0].id).unwrap().reached);
    assert!(!bodies::seats_with_terms_ending(store.conn(), 60)
        .unwrap()
        .is_empty());
    assert!(store.integrity_problems().unwrap().is_empty());
}
