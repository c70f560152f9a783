//! The agenda builder: numbering, reordering, start times, revisions, imports, attachments.
mod common;

use common::*;
use despacho_core::agenda::{self, Agenda, AgendaStatus, ItemKind};
use despacho_core::attachments::{self, AttachmentInput};
use despacho_core::bodies::{self, BodyNames, QuorumRule, TemplateItem};
use despacho_core::sessions::{self, SessionStatus};
use despacho_core::users::{Language, Role};
use despacho_core::{ErrorCode, Store};

fn numbered(a: &Agenda) -> Vec<String> {
    a.items
        .iter()
        .map(|i| format!("{} {}", i.number, i.title(Language::Es)))
        .collect()
}

fn id_of(a: &Agenda, title: &str) -> String {
    a.items
        .iter()
        .find(|i| i.title(Language::Es) == title)
        .unwrap_or_else(|| panic!("no item {title}"))
        .id
        .clone()
}

fn setup() -> (Store, despacho_core::users::User, String) {
    let (mut store, admin) = store_with_admin();
    let body = new_body(&mut store, &admin, "CP", QuorumRule::MajorityOfVoting);
    let s = new_session(&mut store, &admin, &body.id, "2026-03-10T09:00");
    (store, admin, s.id)
}

fn add(
    store: &mut Store,
    u: &despacho_core::users::User,
    s: &str,
    title: &str,
    min: u16,
) -> Agenda {
    agenda::add_item(store, u, s, None, None, &item(title, min)).unwrap()
}

#[test]
fn numbers_follow_the_order_after_inserts_moves_and_deletes() {
    let (mut store, admin, s) = setup();
    for t in ["Apertura", "Orden del día", "Informe", "Clausura"] {
        add(&mut store, &admin, &s, t, 10);
    }
    // Insert at position 1; a sub-item under "Informe" at the front.
    let a = agenda::add_item(&mut store, &admin, &s, None, Some(1), &item("Quórum", 5)).unwrap();
    let informe = id_of(&a, "Informe");
    agenda::add_item(
        &mut store,
        &admin,
        &s,
        Some(&informe),
        None,
        &item("Finanzas", 10),
    )
    .unwrap();
    let a = agenda::add_item(
        &mut store,
        &admin,
        &s,
        Some(&informe),
        Some(0),
        &item("Actividades", 10),
    )
    .unwrap();
    assert_eq!(
        numbered(&a),
        [
            "1 Apertura",
            "2 Quórum",
            "3 Orden del día",
            "4 Informe",
            "4.1 Actividades",
            "4.2 Finanzas",
            "5 Clausura"
        ]
    );
    assert_eq!(a.items[4].depth, 1);
    assert!(a.items[3].has_sub_items);

    // Delete "Quórum": the others close ranks.
    let a = agenda::delete_item(&mut store, &admin, &id_of(&a, "Quórum")).unwrap();
    assert_eq!(
        numbered(&a)[1..4],
        ["2 Orden del día", "3 Informe", "3.1 Actividades"]
    );

    // Deleting a heading deletes its sub-items.
    let a = agenda::delete_item(&mut store, &admin, &informe).unwrap();
    assert_eq!(
        numbered(&a),
        ["1 Apertura", "2 Orden del día", "3 Clausura"]
    );
    // Positions are dense (no holes left by deletions).
    let positions: Vec<u16> = a.items.iter().map(|i| i.position).collect();
    assert_eq!(positions, [0, 1, 2]);
}

#[test]
fn reordering_by_position_by_keyboard_and_across_parents() {
    let (mut store, admin, s) = setup();
    for t in ["A", "B", "C", "D"] {
        add(&mut store, &admin, &s, t, 10);
    }
    let a = agenda::agenda(store.conn(), &s).unwrap();
    let (ia, ib, ic, id) = (
        id_of(&a, "A"),
        id_of(&a, "B"),
        id_of(&a, "C"),
        id_of(&a, "D"),
    );
    // D to the top.
    let a = agenda::move_item(&mut store, &admin, &id, None, 0).unwrap();
    assert_eq!(numbered(&a), ["1 D", "2 A", "3 B", "4 C"]);
    // Keyboard: A down, then C up.
    agenda::move_item_down(&mut store, &admin, &ia).unwrap();
    let a = agenda::move_item_up(&mut store, &admin, &ic).unwrap();
    assert_eq!(numbered(&a), ["1 D", "2 B", "3 C", "4 A"]);
    // Up at the top changes nothing and writes nothing.
    let before = sessions_fingerprint(&store);
    let a = agenda::move_item_up(&mut store, &admin, &id).unwrap();
    assert_eq!(numbered(&a), ["1 D", "2 B", "3 C", "4 A"]);
    assert_eq!(sessions_fingerprint(&store), before);
    // C under B (a sub-item), then A under B at the front.
    agenda::move_item(&mut store, &admin, &ic, Some(&ib), 0).unwrap();
    let a = agenda::move_item(&mut store, &admin, &ia, Some(&ib), 0).unwrap();
    assert_eq!(numbered(&a), ["1 D", "2 B", "2.1 A", "2.2 C"]);
    // A sub-item moves under another parent.
    let a = agenda::move_item(&mut store, &admin, &ic, Some(&id), 5).unwrap();
    assert_eq!(numbered(&a), ["1 D", "1.1 C", "2 B", "2.1 A"]);
    // Outdent A (after its parent B), indent it back (under B).
    let a = agenda::outdent_item(&mut store, &admin, &ia).unwrap();
    assert_eq!(numbered(&a), ["1 D", "1.1 C", "2 B", "3 A"]);
    let a = agenda::indent_item(&mut store, &admin, &ia).unwrap();
    assert_eq!(numbered(&a), ["1 D", "1.1 C", "2 B", "2.1 A"]);

    // Refused: two levels, an item under itself, a heading with sub-items under another.
    let e = agenda::move_item(&mut store, &admin, &ib, Some(&ic), 0).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("parent_id"))
    );
    let e = agenda::move_item(&mut store, &admin, &ib, Some(&ib), 0).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    let e = agenda::move_item(&mut store, &admin, &id, Some(&ib), 0).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue, "D has sub-items");
    let e = agenda::add_item(&mut store, &admin, &s, Some(&ia), None, &item("X", 1)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue, "no third level");
}

#[test]
fn start_times_run_from_the_session_start_in_its_time_zone() {
    let (mut store, admin, s) = setup();
    add(&mut store, &admin, &s, "Apertura", 15);
    let a = add(&mut store, &admin, &s, "Informes", 0);
    let informes = id_of(&a, "Informes");
    agenda::add_item(
        &mut store,
        &admin,
        &s,
        Some(&informes),
        None,
        &item("Presidencia", 20),
    )
    .unwrap();
    agenda::add_item(
        &mut store,
        &admin,
        &s,
        Some(&informes),
        None,
        &item("Secretaría", 45),
    )
    .unwrap();
    let a = add(&mut store, &admin, &s, "Clausura", 10);
    let times: Vec<&str> = a.items.iter().map(|i| i.start_time.as_str()).collect();
    assert_eq!(times, ["09:00", "09:15", "09:15", "09:35", "10:20"]);
    assert_eq!(a.total_minutes, 90);
    // Mexico City is UTC−6 (no daylight saving time since 2022).
    assert_eq!(a.items[4].starts_at, "2026-03-10T10:20:00-06:00");
    // Reordering moves the times with the items.
    let a = agenda::move_item(&mut store, &admin, &id_of(&a, "Clausura"), None, 0).unwrap();
    assert_eq!(a.items[1].start_time, "09:10");

    // A session across a daylight-saving change (New York, 8 March 2026 at 02:00).
    let body = bodies::find_body(store.conn(), "CP").unwrap();
    let mut input = session_input(&body.id, "2026-03-08T01:00");
    input.time_zone = "America/New_York".into();
    let ny = sessions::create_session(&mut store, &admin, &input).unwrap();
    assert_eq!(ny.starts_at, "2026-03-08T01:00:00-05:00");
    agenda::add_item(&mut store, &admin, &ny.id, None, None, &item("Uno", 90)).unwrap();
    let a = agenda::add_item(&mut store, &admin, &ny.id, None, None, &item("Dos", 10)).unwrap();
    assert_eq!(
        a.items[1].start_time, "03:30",
        "01:00 EST + 90 min = 03:30 EDT"
    );
}

#[test]
fn titles_need_the_main_language_and_durations_are_bounded() {
    let (mut store, admin, s) = setup();
    let before = sessions_fingerprint(&store);
    let mut only_en = item("x", 5);
    only_en.titles.clear();
    only_en.titles.insert(Language::En, "Opening".into());
    let e = agenda::add_item(&mut store, &admin, &s, None, None, &only_en).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Required, Some("title_es"))
    );
    let e = agenda::add_item(&mut store, &admin, &s, None, None, &item("Larga", 1441)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("duration_minutes"));
    assert_eq!(sessions_fingerprint(&store), before, "nothing written");

    let mut both = item("Apertura", 5);
    both.titles.insert(Language::En, "Opening".into());
    both.notes.insert(
        Language::Es,
        "Palabras de la Presidencia.\nSegunda línea.".into(),
    );
    let a = agenda::add_item(&mut store, &admin, &s, None, None, &both).unwrap();
    assert_eq!(a.items[0].titles[&Language::En], "Opening");
    assert_eq!(
        a.items[0].notes[&Language::Es],
        "Palabras de la Presidencia.\nSegunda línea."
    );
    // Editing replaces the texts: the English title goes away.
    let a = agenda::update_item(
        &mut store,
        &admin,
        &a.items[0].id,
        &item("Inauguración", 10),
    )
    .unwrap();
    assert_eq!(a.items[0].title(Language::Es), "Inauguración");
    assert!(!a.items[0].titles.contains_key(&Language::En));
    assert!(a.items[0].notes.is_empty());
}

#[test]
fn a_change_after_approval_makes_a_new_revision_with_a_log() {
    let (mut store, admin, s) = setup();
    let e = agenda::approve_agenda(&mut store, &admin, &s).unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::InvalidValue,
        "an empty agenda is not approved"
    );
    add(&mut store, &admin, &s, "Apertura", 10);
    let a = add(&mut store, &admin, &s, "Informe", 30);
    assert_eq!((a.status, a.revision), (AgendaStatus::Provisional, 1));
    assert!(
        a.changes.is_empty(),
        "changes before the first approval are not logged"
    );

    let a = agenda::approve_agenda(&mut store, &admin, &s).unwrap();
    assert_eq!((a.status, a.revision), (AgendaStatus::Approved, 1));
    assert!(a.approved_at.is_some());
    let e = agenda::approve_agenda(&mut store, &admin, &s).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue, "already approved");

    // A change: revision 2, provisional again, logged.
    let a = add(&mut store, &admin, &s, "Asuntos generales", 15);
    assert_eq!((a.status, a.revision), (AgendaStatus::Provisional, 2));
    // A second change in the same revision does not bump it again.
    let a =
        agenda::move_item(&mut store, &admin, &id_of(&a, "Asuntos generales"), None, 1).unwrap();
    assert_eq!(a.revision, 2);
    let a = agenda::approve_agenda(&mut store, &admin, &s).unwrap();
    assert_eq!((a.status, a.revision), (AgendaStatus::Approved, 2));
    let a = agenda::delete_item(&mut store, &admin, &id_of(&a, "Informe")).unwrap();
    assert_eq!(a.revision, 3);
    let log: Vec<(u32, &str, &str)> = a
        .changes
        .iter()
        .map(|c| (c.revision, c.change.as_str(), c.summary.as_str()))
        .collect();
    assert_eq!(
        log,
        [
            (1, "agenda.approve", "approved revision 1"),
            (2, "agenda.add_item", "added 3. Asuntos generales"),
            (2, "agenda.move_item", "moved 3. Asuntos generales to 2"),
            (2, "agenda.approve", "approved revision 2"),
            (3, "agenda.delete_item", "removed 3. Informe"),
        ]
    );
    assert!(a
        .changes
        .iter()
        .all(|c| c.user_name.as_deref() == Some("sg full name")));
    let s2 = sessions::get_session(store.conn(), &s).unwrap();
    assert_eq!(
        (s2.agenda_status, s2.agenda_revision),
        (AgendaStatus::Provisional, 3)
    );
}

#[test]
fn the_agenda_is_frozen_once_the_session_is_held() {
    let (mut store, admin, s) = setup();
    let a = add(&mut store, &admin, &s, "Apertura", 10);
    sessions::set_session_status(&mut store, &admin, &s, SessionStatus::Held).unwrap();
    let before = sessions_fingerprint(&store);
    let e = agenda::add_item(&mut store, &admin, &s, None, None, &item("Tarde", 5)).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("status"))
    );
    let e = agenda::move_item(&mut store, &admin, &a.items[0].id, None, 0).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue);
    assert_eq!(sessions_fingerprint(&store), before);
}

#[test]
fn roles_on_the_agenda_and_refusals_write_nothing() {
    let (mut store, admin, s) = setup();
    let a = add(&mut store, &admin, &s, "Apertura", 10);
    let staff = user_with_role(&mut store, &admin, "staff", Role::Staff);
    let auditor = user_with_role(&mut store, &admin, "aud", Role::Auditor);
    let finance = user_with_role(&mut store, &admin, "fin", Role::ManagingFinances);
    // Staff drafts agendas but does not approve them.
    agenda::add_item(&mut store, &staff, &s, None, None, &item("Informe", 10)).unwrap();
    let before = sessions_fingerprint(&store);
    let e = agenda::approve_agenda(&mut store, &staff, &s).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    for u in [&auditor, &finance] {
        let e = agenda::add_item(&mut store, u, &s, None, None, &item("X", 1)).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
        let e = agenda::move_item(&mut store, u, &a.items[0].id, None, 1).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
        let e = agenda::delete_item(&mut store, u, &a.items[0].id).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
        let e = agenda::import_text(&mut store, u, &s, "1. Uno").unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
    }
    assert_eq!(sessions_fingerprint(&store), before);
}

#[test]
fn template_and_copy_from_a_previous_session() {
    let (mut store, admin, s) = setup();
    let body = bodies::find_body(store.conn(), "CP").unwrap();
    let e = agenda::start_from_template(&mut store, &admin, &s).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidValue, "no template yet");
    let t = |es: &str, en: &str, kind| TemplateItem {
        kind,
        titles: BodyNames {
            es: es.into(),
            en: en.into(),
            ..Default::default()
        },
        presenter: "Presidencia".into(),
        duration_minutes: 10,
    };
    let staff = user_with_role(&mut store, &admin, "staff", Role::Staff);
    let tpl = [
        t("Quórum", "Quorum", ItemKind::Information),
        t("Orden del día", "Agenda", ItemKind::Decision),
        t("Asuntos generales", "", ItemKind::Deliberation),
    ];
    let e = bodies::set_agenda_template(&mut store, &staff, &body.id, &tpl).unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::Forbidden,
        "templates are for administrators"
    );
    bodies::set_agenda_template(&mut store, &admin, &body.id, &tpl).unwrap();
    let a = agenda::start_from_template(&mut store, &admin, &s).unwrap();
    assert_eq!(
        numbered(&a),
        ["1 Quórum", "2 Orden del día", "3 Asuntos generales"]
    );
    assert_eq!(a.items[0].titles[&Language::En], "Quorum");
    assert!(!a.items[2].titles.contains_key(&Language::En));
    assert_eq!(a.items[1].kind, ItemKind::Decision);

    let sub = agenda::add_item(
        &mut store,
        &admin,
        &s,
        Some(&a.items[2].id),
        None,
        &item("Varios", 5),
    )
    .unwrap();
    assert_eq!(sub.items.len(), 4);
    let next = new_session(&mut store, &admin, &body.id, "2026-09-10T09:00");
    add(&mut store, &admin, &next.id, "Bienvenida", 5);
    let copied = agenda::copy_from_session(&mut store, &admin, &next.id, &s).unwrap();
    assert_eq!(
        numbered(&copied),
        [
            "1 Bienvenida",
            "2 Quórum",
            "3 Orden del día",
            "4 Asuntos generales",
            "4.1 Varios"
        ]
    );
    assert_eq!(copied.items[1].titles[&Language::En], "Quorum");
    // The source is untouched.
    assert_eq!(agenda::agenda(store.conn(), &s).unwrap().items.len(), 4);
}

const GOOD_CSV: &str = "\u{feff}number;title;kind;presenter;duration_minutes;title_en\n\
1;Apertura y quórum;información;Presidencia;10;Opening and quorum\n\
3;\"Informes; del año\";information;Secretaría General;0;Reports\n\
3.2;Informe financiero;decision;\"Dirección, Finanzas\";20;Financial report\n\
3.1;\"Informe de actividades\nprimera parte\";information;SG;15;\n\
2;Orden del día;decision;Presidencia;5;Agenda\n";

#[test]
fn csv_import_orders_and_nests_by_number() {
    let (mut store, admin, s) = setup();
    let p = agenda::preview_csv(store.conn(), &s, GOOD_CSV.as_bytes()).unwrap();
    assert!(p.is_valid(), "{:?}", p.issues);
    assert_eq!(p.delimiter, ";");
    let nums: Vec<&str> = p.rows.iter().map(|r| r.number.as_str()).collect();
    assert_eq!(nums, ["1", "2", "3", "3.1", "3.2"]);
    // The quoted line break counts: 3.1 starts on line 5.
    assert_eq!(p.rows[3].line, 5);
    assert_eq!(p.rows[4].line, 4);
    let a = agenda::import_csv(&mut store, &admin, &s, GOOD_CSV.as_bytes()).unwrap();
    assert_eq!(
        numbered(&a),
        [
            "1 Apertura y quórum",
            "2 Orden del día",
            "3 Informes; del año",
            "3.1 Informe de actividades primera parte",
            "3.2 Informe financiero"
        ]
    );
    assert_eq!(a.items[4].presenter, "Dirección, Finanzas");
    assert_eq!(a.items[4].kind, ItemKind::Decision);
    assert_eq!(a.items[0].titles[&Language::En], "Opening and quorum");
    assert_eq!(a.items[4].start_time, "09:30");

    // Comma-separated, no BOM, optional columns absent: appended after the existing items.
    let a = agenda::import_csv(
        &mut store,
        &admin,
        &s,
        b"number,title\n1,Asuntos generales\n2,Clausura\n",
    )
    .unwrap();
    assert_eq!(numbered(&a)[5..], ["4 Asuntos generales", "5 Clausura"]);
}

#[test]
fn csv_import_with_bad_rows_writes_nothing_and_names_each_row() {
    let (mut store, admin, s) = setup();
    let bad = "number,title,kind,presenter,duration_minutes\n\
1,Apertura,information,,10\n\
2,,decision,,5\n\
2.1.1,Demasiado hondo,,,\n\
4.1,Sin padre,,,\n\
1,Repetido,,,\n\
5,Tipo raro,votación,,abc\n";
    let before = sessions_fingerprint(&store);
    let p = agenda::preview_csv(store.conn(), &s, bad.as_bytes()).unwrap();
    assert!(!p.is_valid());
    let mut by_line: Vec<(u32, Option<&str>)> = p
        .issues
        .iter()
        .map(|i| (i.line, i.field.as_deref()))
        .collect();
    by_line.sort();
    assert_eq!(
        by_line,
        [
            (3, Some("title_es")),
            (4, Some("number")),
            (5, Some("number")),
            (6, Some("number")),
            (7, Some("duration_minutes")),
            (7, Some("kind")),
        ]
    );
    assert!(p.rows.iter().find(|r| r.line == 2).unwrap().ok);
    assert!(!p.rows.iter().find(|r| r.line == 6).unwrap().ok);
    let e = agenda::import_csv(&mut store, &admin, &s, bad.as_bytes()).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImportInvalid);
    assert!(e.message.contains("line 3"), "{}", e.message);
    assert_eq!(sessions_fingerprint(&store), before, "nothing written");

    // Missing columns, not UTF-8, empty.
    let p = agenda::preview_csv(store.conn(), &s, b"numero,titulo\n1,x\n").unwrap();
    assert!(
        p.issues[0].message.contains("number, title"),
        "{:?}",
        p.issues
    );
    let p = agenda::preview_csv(store.conn(), &s, b"number,title\n1,Apertura \xe9\n").unwrap();
    assert_eq!(p.issues.len(), 1);
    let p = agenda::preview_csv(store.conn(), &s, b"number,title\n").unwrap();
    assert!(!p.is_valid());
}

#[test]
fn a_pasted_list_imports_with_the_same_rules() {
    let (mut store, admin, s) = setup();
    let text = "1. Apertura (10 min)\n1.1 Quórum\n\n2) Orden del día\n3. Clausura\n";
    let a = agenda::import_text(&mut store, &admin, &s, text).unwrap();
    assert_eq!(
        numbered(&a),
        ["1 Apertura", "1.1 Quórum", "2 Orden del día", "3 Clausura"]
    );
    assert_eq!(a.items[0].duration_minutes, 10);
    assert_eq!(a.items[2].start_time, "09:10");

    let before = sessions_fingerprint(&store);
    let e = agenda::import_text(
        &mut store,
        &admin,
        &s,
        "1. Bien\nsin número\n2.1 Huérfano\n",
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::ImportInvalid);
    let p = agenda::preview_text(store.conn(), &s, "1. Bien\nsin número\n2.1 Huérfano\n").unwrap();
    let lines: Vec<u32> = p.issues.iter().map(|i| i.line).collect();
    assert_eq!(lines, [2, 3]);
    assert_eq!(sessions_fingerprint(&store), before);
}

#[test]
fn attachments_are_content_addressed_in_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("despacho.db")).unwrap();
    let admin = despacho_core::users::create_first_admin(
        &mut store,
        new_user("sg", Role::SecretaryGeneral),
    )
    .unwrap();
    let body = new_body(&mut store, &admin, "CP", QuorumRule::MajorityOfVoting);
    let s = new_session(&mut store, &admin, &body.id, "2026-03-10T09:00").id;
    let a = add(&mut store, &admin, &s, "Informe financiero", 20);
    let item_id = a.items[0].id.clone();
    let file = dir.path().join("estados financieros.pdf");
    std::fs::write(&file, b"%PDF-1.4 demo").unwrap();
    let input = |title: &str, path: &std::path::Path| AttachmentInput {
        title: title.into(),
        path: path.to_string_lossy().to_string(),
    };
    let a = attachments::add_attachment(
        &mut store,
        &admin,
        &item_id,
        &input("Estados financieros", &file),
    )
    .unwrap();
    let att = &a.items[0].attachments[0];
    assert_eq!(att.file_name, "estados financieros.pdf");
    assert_eq!(att.size_bytes, 13);
    let kept = dir.path().join("attachments").join(&att.sha256);
    assert_eq!(std::fs::read(&kept).unwrap(), b"%PDF-1.4 demo");
    // The same content again is kept once.
    let copy = dir.path().join("copia.pdf");
    std::fs::write(&copy, b"%PDF-1.4 demo").unwrap();
    let a =
        attachments::add_attachment(&mut store, &admin, &item_id, &input("Copia", &copy)).unwrap();
    assert_eq!(a.items[0].attachments.len(), 2);
    assert_eq!(
        std::fs::read_dir(dir.path().join("attachments"))
            .unwrap()
            .count(),
        1
    );
    // The print view has titles and paths.
    let p = agenda::agenda_for_print(store.conn(), &s).unwrap();
    assert_eq!(p.items[0].attachments[0].title, "Estados financieros");
    assert_eq!(std::path::Path::new(&p.items[0].attachments[0].path), kept);

    // Refused: no file, too big, no title; nothing written.
    let before = sessions_fingerprint(&store);
    let e = attachments::add_attachment(
        &mut store,
        &admin,
        &item_id,
        &input("X", &dir.path().join("none.pdf")),
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::NotFound, Some("path"))
    );
    let big = dir.path().join("big.bin");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(attachments::MAX_ATTACHMENT_BYTES + 1).unwrap();
    let e = attachments::add_attachment(&mut store, &admin, &item_id, &input("Grande", &big))
        .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidValue, Some("path"))
    );
    let e =
        attachments::add_attachment(&mut store, &admin, &item_id, &input(" ", &file)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Required);
    assert_eq!(sessions_fingerprint(&store), before);

    let a =
        attachments::remove_attachment(&mut store, &admin, &a.items[0].attachments[1].id).unwrap();
    assert_eq!(a.items[0].attachments.len(), 1);
}

#[test]
fn the_print_view_gathers_the_session_and_items() {
    let (mut store, admin, s) = setup();
    let mut first = item("Apertura", 10);
    first.titles.insert(Language::En, "Opening".into());
    first.notes.insert(Language::Es, "Nota anotada".into());
    first.presenter = "Presidencia".into();
    let a = agenda::add_item(&mut store, &admin, &s, None, None, &first).unwrap();
    agenda::add_item(
        &mut store,
        &admin,
        &s,
        Some(&a.items[0].id),
        None,
        &item("Quórum", 5),
    )
    .unwrap();
    agenda::approve_agenda(&mut store, &admin, &s).unwrap();
    let p = agenda::agenda_for_print(store.conn(), &s).unwrap();
    assert_eq!(p.session.body_code, "CP");
    assert_eq!(p.session.body_names.en, "CP Committee");
    assert_eq!(
        (p.session.start_date.as_str(), p.session.start_time.as_str()),
        ("2026-03-10", "09:00")
    );
    assert_eq!(p.session.languages, [Language::Es, Language::En]);
    assert_eq!((p.agenda_status, p.revision), (AgendaStatus::Approved, 1));
    assert_eq!(p.items.len(), 2);
    assert_eq!(
        (
            p.items[1].number.as_str(),
            p.items[1].depth,
            p.items[1].start_time.as_str()
        ),
        ("1.1", 1, "09:10")
    );
    assert_eq!(p.items[0].notes[&Language::Es], "Nota anotada");
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["items"][0]["titles"]["en"], "Opening");
    assert_eq!(json["agenda_status"], "approved");
}

mod hostile {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(150))]
        /// Any bytes or text: a preview (never a panic), and a refused import writes nothing.
        #[test]
        fn agenda_imports_are_total(
            bytes in proptest::collection::vec(any::<u8>(), 0..400),
            lines in proptest::collection::vec(
                prop_oneof!["[0-9.)]{0,6} ?.{0,20}( \\([0-9]{1,4} ?(min|')\\))?", Just("1..1 x".to_string()), Just("(".to_string())],
                0..12,
            ),
        ) {
            let (mut store, admin, s) = setup();
            let before = sessions_fingerprint(&store);
            let text = lines.join("\n");
            let csv = agenda::preview_csv(store.conn(), &s, &bytes).unwrap();
            let pasted = agenda::preview_text(store.conn(), &s, &text).unwrap();
            if !csv.is_valid() {
                prop_assert!(agenda::import_csv(&mut store, &admin, &s, &bytes).is_err());
            }
            if !pasted.is_valid() {
                prop_assert_eq!(agenda::import_text(&mut store, &admin, &s, &text).unwrap_err().code, ErrorCode::ImportInvalid);
            }
            if !csv.is_valid() && !pasted.is_valid() {
                prop_assert_eq!(sessions_fingerprint(&store), before);
            }
        }
    }
}
