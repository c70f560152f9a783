//! Elections: calls, postulations, the requirement × postulation matrix (every automatic rule,
//! documents, verdicts set by hand), the signed eligibility report, its lock and amendments.
//! Every refusal leaves the store as it was.
mod common;

use std::collections::BTreeMap;

use common::*;
use despacho_core::dues::{self, InvoiceRunInput, PaymentInput, ScaleInput};
use despacho_core::elections::{
    self, ElectionCall, ElectionCallInput, ElectionCallStatus, ElectionPosition,
    ElectionPositionInput, ElectionPositionKind, ElectionRequirement, ElectionRequirementInput,
    ElectionRequirementKind, EligibilityCell, EligibilityRule, EligibilityVerdict, Postulation,
    PostulationDocumentInput, PostulationInput, VerdictInput, VerdictSource, GENERAL_ASSEMBLY,
};
use despacho_core::members::{self, Category, Member};
use despacho_core::store::Store;
use despacho_core::users::{Language, Role, User};
use despacho_core::ErrorCode;

const STANDING_COMMITTEE: &str = "01940000-0000-7000-8000-000000000002";

/// Row counts of every table an elections operation could write, plus total changes.
fn fp(store: &Store) -> Vec<i64> {
    let mut out: Vec<i64> = [
        "audit_log",
        "election_calls",
        "election_positions",
        "election_requirements",
        "postulations",
        "postulation_nominators",
        "postulation_documents",
        "eligibility_verdicts",
        "eligibility_reports",
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

fn add_member(store: &mut Store, sg: &User, acronym: &str, category: Category) -> Member {
    let mut input = member(&format!("Instituto {acronym}"), acronym, "MX");
    input.category = Some(category);
    members::create_member(store, sg, &input).unwrap()
}

fn texts(es: &str) -> BTreeMap<Language, String> {
    let mut t = BTreeMap::new();
    t.insert(Language::Es, es.to_string());
    t.insert(Language::En, format!("{es} (en)"));
    t
}

fn call_input(session_id: &str) -> ElectionCallInput {
    ElectionCallInput {
        session_id: session_id.into(),
        title: "Convocatoria a elección de autoridades 2027".into(),
        opens_on: "2026-01-05".into(),
        closes_on: "2026-02-01".into(),
        sitting_sg_nationality: None,
        notes: String::new(),
    }
}

struct Fixture {
    store: Store,
    sg: User,
    call: ElectionCall,
    sg_pos: ElectionPosition,
    comptroller: ElectionPosition,
    president: ElectionPosition,
    /// Titular, paid its dues.
    current: Member,
    /// Titular, owes 2024 and 2025 on the closing date.
    arrears: Member,
    /// Associate (paid).
    associate: Member,
    /// Titular, admitted after the invoicing runs: no dues data.
    newcomer: Member,
}

fn fixture() -> Fixture {
    let (mut store, sg) = store_with_admin();
    let current = add_member(&mut store, &sg, "CUR", Category::Titular);
    let arrears = add_member(&mut store, &sg, "ARR", Category::Titular);
    let associate = add_member(&mut store, &sg, "ASO", Category::Associate);
    for y in [2024u16, 2025, 2026] {
        for cat in [Category::Titular, Category::Associate] {
            dues::set_scale(
                &mut store,
                &sg,
                &ScaleInput {
                    fiscal_year: y,
                    category: Some(cat),
                    member_id: None,
                    amount: "5000".into(),
                    currency: "USD".into(),
                },
            )
            .unwrap();
        }
        dues::invoice_year(
            &mut store,
            &sg,
            &InvoiceRunInput {
                fiscal_year: y,
                issue_date: format!("{y}-01-15"),
                due_date: None,
            },
        )
        .unwrap();
    }
    for m in [&current, &associate] {
        dues::record_payment(
            &mut store,
            &sg,
            &PaymentInput {
                member_id: m.id.clone(),
                received_on: "2026-01-20".into(),
                amount: "15000".into(),
                currency: "USD".into(),
                reference: "SPEI".into(),
                bank_account: "1102".into(),
            },
        )
        .unwrap();
    }
    let newcomer = add_member(&mut store, &sg, "NEW", Category::Titular);
    let ga = new_session(&mut store, &sg, GENERAL_ASSEMBLY, "2027-03-10T10:00");
    let call = elections::create_call(&mut store, &sg, &call_input(&ga.id)).unwrap();
    let pos = |store: &mut Store, kind, seats| {
        elections::add_position(
            store,
            &sg,
            &call.id,
            &ElectionPositionInput {
                kind,
                name: String::new(),
                seats,
            },
        )
        .unwrap()
    };
    let president = pos(&mut store, ElectionPositionKind::President, 1);
    let sg_pos = pos(&mut store, ElectionPositionKind::SecretaryGeneral, 1);
    let comptroller = pos(&mut store, ElectionPositionKind::Comptroller, 1);
    Fixture {
        store,
        sg,
        call,
        sg_pos,
        comptroller,
        president,
        current,
        arrears,
        associate,
        newcomer,
    }
}

fn rule(f: &mut Fixture, rule: EligibilityRule) -> ElectionRequirement {
    elections::add_requirement(
        &mut f.store,
        &f.sg,
        &f.call.id,
        &ElectionRequirementInput {
            position_id: None,
            kind: ElectionRequirementKind::Rule,
            rule: Some(rule),
            texts: texts(rule.as_str()),
        },
    )
    .unwrap()
}

fn requirement(f: &mut Fixture, kind: ElectionRequirementKind, es: &str) -> ElectionRequirement {
    elections::add_requirement(
        &mut f.store,
        &f.sg,
        &f.call.id,
        &ElectionRequirementInput {
            position_id: None,
            kind,
            rule: None,
            texts: texts(es),
        },
    )
    .unwrap()
}

fn postulate(
    f: &mut Fixture,
    position: &ElectionPosition,
    name: &str,
    nationality: &str,
    nominators: &[&Member],
    received: &str,
) -> Postulation {
    elections::create_postulation(
        &mut f.store,
        &f.sg,
        &f.call.id,
        &PostulationInput {
            position_id: position.id.clone(),
            candidate_name: name.into(),
            nationality: nationality.into(),
            nominator_ids: nominators.iter().map(|m| m.id.clone()).collect(),
            received_on: received.into(),
            notes: String::new(),
        },
    )
    .unwrap()
}

fn cell(f: &Fixture, p: &Postulation, r: &ElectionRequirement) -> EligibilityCell {
    elections::matrix(f.store.conn(), &f.call.id)
        .unwrap()
        .into_iter()
        .find(|c| c.postulation_id == p.id && c.requirement_id == r.id)
        .unwrap_or_else(|| panic!("no cell for {} × {}", p.candidate_name, r.id))
}

fn verdict(f: &Fixture, p: &Postulation, r: &ElectionRequirement) -> (EligibilityVerdict, String) {
    let c = cell(f, p, r);
    (c.verdict, c.reason.code)
}

#[test]
fn received_before_closing_is_checked_against_the_closing_date() {
    let mut f = fixture();
    let r = rule(&mut f, EligibilityRule::ReceivedBeforeClosing);
    let pres = f.president.clone();
    let cur = f.current.clone();
    let on_time = postulate(&mut f, &pres, "Ana Pérez", "MX", &[&cur], "2026-02-01");
    let late = postulate(&mut f, &pres, "Luis Gómez", "CO", &[&cur], "2026-02-02");
    assert_eq!(
        verdict(&f, &on_time, &r),
        (EligibilityVerdict::Met, "received_on_time".into())
    );
    let c = cell(&f, &late, &r);
    assert_eq!(c.verdict, EligibilityVerdict::NotMet);
    assert_eq!(c.source, VerdictSource::Automatic);
    assert_eq!(c.reason.code, "received_after_closing");
    assert_eq!(c.reason.params["received_on"], "2026-02-02");
    assert_eq!(c.reason.params["closes_on"], "2026-02-01");
    // Moving the closing date moves the verdict.
    let mut input = call_input(&f.call.session_id);
    input.closes_on = "2026-02-05".into();
    elections::update_call(&mut f.store, &f.sg, &f.call.id, &input).unwrap();
    assert_eq!(verdict(&f, &late, &r).0, EligibilityVerdict::Met);
}

#[test]
fn nominators_must_be_active_titular_members() {
    let mut f = fixture();
    let r = rule(&mut f, EligibilityRule::NominatorTitular);
    let pres = f.president.clone();
    let (cur, aso, arr) = (f.current.clone(), f.associate.clone(), f.arrears.clone());
    let good = postulate(
        &mut f,
        &pres,
        "Ana Pérez",
        "MX",
        &[&cur, &arr],
        "2026-01-20",
    );
    let bad = postulate(
        &mut f,
        &pres,
        "Luis Gómez",
        "CO",
        &[&cur, &aso],
        "2026-01-20",
    );
    assert_eq!(
        verdict(&f, &good, &r),
        (EligibilityVerdict::Met, "nominators_titular".into())
    );
    let c = cell(&f, &bad, &r);
    assert_eq!(
        (c.verdict, c.reason.code.as_str()),
        (EligibilityVerdict::NotMet, "nominator_not_titular")
    );
    assert_eq!(c.reason.params["member"], "ASO");
    assert_eq!(c.reason.params["category"], "associate");
    // An archived titular member no longer nominates validly.
    members::set_archived(&mut f.store, &f.sg, &arr.id, true).unwrap();
    assert_eq!(
        verdict(&f, &good, &r),
        (EligibilityVerdict::NotMet, "nominator_not_active".into())
    );
}

#[test]
fn nominators_must_be_current_in_dues_on_the_closing_date() {
    let mut f = fixture();
    let r = rule(&mut f, EligibilityRule::NominatorCurrentInDues);
    let pres = f.president.clone();
    let (cur, arr, new) = (f.current.clone(), f.arrears.clone(), f.newcomer.clone());
    let paid = postulate(&mut f, &pres, "Ana Pérez", "MX", &[&cur], "2026-01-20");
    let owing = postulate(
        &mut f,
        &pres,
        "Luis Gómez",
        "CO",
        &[&cur, &arr],
        "2026-01-20",
    );
    let unknown = postulate(&mut f, &pres, "Rosa Díaz", "PE", &[&new], "2026-01-20");
    assert_eq!(
        verdict(&f, &paid, &r),
        (EligibilityVerdict::Met, "nominators_current".into())
    );
    let c = cell(&f, &owing, &r);
    assert_eq!(c.verdict, EligibilityVerdict::NotMet);
    assert_eq!(c.reason.code, "nominator_in_arrears");
    assert_eq!(c.reason.params["member"], "ARR");
    assert_eq!(c.reason.params["years_owed"], "2");
    assert_eq!(c.reason.params["as_of"], "2026-02-01");
    let c = cell(&f, &unknown, &r);
    assert_eq!(
        (c.verdict, c.reason.code.as_str()),
        (EligibilityVerdict::Pending, "dues_not_recorded")
    );
    assert!(
        c.reason.message.contains("record by hand"),
        "{}",
        c.reason.message
    );
    // Recording the fact by hand (an override with its note) decides the cell.
    let err = elections::set_verdict(
        &mut f.store,
        &f.sg,
        &unknown.id,
        &r.id,
        &VerdictInput {
            verdict: EligibilityVerdict::Met,
            evidence: String::new(),
            note: "  ".into(),
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::Required, Some("note"))
    );
    let c = elections::set_verdict(
        &mut f.store,
        &f.sg,
        &unknown.id,
        &r.id,
        &VerdictInput {
            verdict: EligibilityVerdict::Met,
            evidence: "Constancia de la Dirección de Finanzas".into(),
            note: "Al corriente según constancia del 30 de enero".into(),
        },
    )
    .unwrap();
    assert_eq!(c.verdict, EligibilityVerdict::Met);
    assert_eq!(c.source, VerdictSource::Override);
    assert_eq!(c.automatic_verdict, Some(EligibilityVerdict::Pending));
    assert_eq!(c.reason.code, "overridden_by_hand");
    // With a closing date before the 2025 invoice fell due, the arrears member owed one year:
    // below the rule's two years.
    let mut input = call_input(&f.call.session_id);
    input.closes_on = "2025-03-01".into();
    input.opens_on = "2025-01-01".into();
    elections::update_call(&mut f.store, &f.sg, &f.call.id, &input).unwrap();
    assert_eq!(verdict(&f, &owing, &r).0, EligibilityVerdict::Met);
}

#[test]
fn the_comptrollers_nationality_must_differ_from_the_secretary_generals() {
    let mut f = fixture();
    let r = rule(&mut f, EligibilityRule::ComptrollerNationalityDiffersFromSg);
    let (sgp, comp, pres) = (f.sg_pos.clone(), f.comptroller.clone(), f.president.clone());
    let cur = f.current.clone();
    let c_mx = postulate(&mut f, &comp, "Jorge Ramírez", "MX", &[&cur], "2026-01-20");
    let c_cl = postulate(&mut f, &comp, "Paula Soto", "CL", &[&cur], "2026-01-20");
    let president = postulate(&mut f, &pres, "Ana Pérez", "MX", &[&cur], "2026-01-20");
    // The rule applies to the Comptroller's postulations only.
    assert!(elections::matrix(f.store.conn(), &f.call.id)
        .unwrap()
        .iter()
        .all(|c| c.postulation_id != president.id));
    // No Secretary-General candidate, no sitting Secretary-General's nationality: pending.
    assert_eq!(
        verdict(&f, &c_mx, &r),
        (EligibilityVerdict::Pending, "sg_nationality_unknown".into())
    );
    // The sitting Secretary-General's nationality, recorded on the call.
    let mut input = call_input(&f.call.session_id);
    input.sitting_sg_nationality = Some("mx".into());
    let call = elections::update_call(&mut f.store, &f.sg, &f.call.id, &input).unwrap();
    assert_eq!(call.sitting_sg_nationality.as_deref(), Some("MX"));
    assert_eq!(
        verdict(&f, &c_mx, &r),
        (
            EligibilityVerdict::NotMet,
            "same_nationality_as_sitting_sg".into()
        )
    );
    assert_eq!(
        verdict(&f, &c_cl, &r),
        (EligibilityVerdict::Met, "differs_from_sitting_sg".into())
    );
    // A Secretary-General candidate in this call takes precedence over the sitting one.
    let sg_ar = postulate(&mut f, &sgp, "Martín Acosta", "AR", &[&cur], "2026-01-20");
    assert_eq!(
        verdict(&f, &c_mx, &r),
        (EligibilityVerdict::Met, "differs_from_sg_candidates".into())
    );
    let sg_cl = postulate(&mut f, &sgp, "Camila Rojas", "CL", &[&cur], "2026-01-20");
    // Chilean Comptroller: eligible unless the Chilean Secretary-General candidate wins.
    let c = cell(&f, &c_cl, &r);
    assert_eq!(
        (c.verdict, c.reason.code.as_str()),
        (EligibilityVerdict::Pending, "depends_on_sg_election")
    );
    assert!(c.reason.params["candidates"].contains("Camila Rojas"));
    // Only Chilean Secretary-General candidates left: not met.
    elections::set_withdrawn(&mut f.store, &f.sg, &sg_ar.id, true).unwrap();
    assert_eq!(
        verdict(&f, &c_cl, &r),
        (
            EligibilityVerdict::NotMet,
            "same_nationality_as_sg_candidates".into()
        )
    );
    assert_eq!(verdict(&f, &c_mx, &r).0, EligibilityVerdict::Met);
    let _ = sg_cl;
}

#[test]
fn a_document_requirement_is_met_once_its_document_is_attached() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = fixture();
    // A store on disk keeps attached files: copy the fixture's data into one.
    let path = dir.path().join("s.db");
    f.store
        .conn()
        .execute("VACUUM INTO ?1", [path.to_str().unwrap()])
        .unwrap();
    f.store = Store::open(&path).unwrap();
    let plan = requirement(&mut f, ElectionRequirementKind::Document, "Plan de trabajo");
    let cv = requirement(
        &mut f,
        ElectionRequirementKind::Document,
        "Currículum vitae",
    );
    let pres = f.president.clone();
    let cur = f.current.clone();
    let p = postulate(&mut f, &pres, "Ana Pérez", "MX", &[&cur], "2026-01-20");
    let c = cell(&f, &p, &plan);
    assert_eq!(
        (c.verdict, c.reason.code.as_str(), c.reason.message.as_str()),
        (
            EligibilityVerdict::NotMet,
            "document_not_presented",
            "document not presented"
        )
    );
    let file = dir.path().join("plan.pdf");
    std::fs::write(&file, b"%PDF-1.4 plan de trabajo").unwrap();
    // A document tagged with another requirement does not answer this one.
    let doc = elections::attach_document(
        &mut f.store,
        &f.sg,
        &p.id,
        &PostulationDocumentInput {
            title: "Plan de trabajo 2027-2030".into(),
            path: file.display().to_string(),
            requirement_id: Some(plan.id.clone()),
        },
    )
    .unwrap();
    assert_eq!(doc.file_name, "plan.pdf");
    assert!(dir.path().join("attachments").join(&doc.sha256).exists());
    let c = cell(&f, &p, &plan);
    assert_eq!(c.verdict, EligibilityVerdict::Met);
    assert_eq!(c.reason.code, "document_presented");
    assert_eq!(c.evidence, "Plan de trabajo 2027-2030");
    assert_eq!(c.document_id.as_deref(), Some(doc.id.as_str()));
    assert_eq!(verdict(&f, &p, &cv).0, EligibilityVerdict::NotMet);
    // A declaration is answered by hand, not by a document.
    let decl = requirement(
        &mut f,
        ElectionRequirementKind::Declaration,
        "Declaración jurada",
    );
    let before = fp(&f.store);
    let err = elections::attach_document(
        &mut f.store,
        &f.sg,
        &p.id,
        &PostulationDocumentInput {
            title: "Declaración".into(),
            path: file.display().to_string(),
            requirement_id: Some(decl.id.clone()),
        },
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("requirement_id"));
    assert_eq!(fp(&f.store), before);
    // Removing the document makes the requirement not met again.
    elections::remove_document(&mut f.store, &f.sg, &doc.id).unwrap();
    assert_eq!(verdict(&f, &p, &plan).0, EligibilityVerdict::NotMet);
}

#[test]
fn declarations_are_set_by_hand_and_overrides_need_a_note() {
    let mut f = fixture();
    let decl = requirement(
        &mut f,
        ElectionRequirementKind::Declaration,
        "Declaración jurada",
    );
    let r = rule(&mut f, EligibilityRule::ReceivedBeforeClosing);
    let pres = f.president.clone();
    let cur = f.current.clone();
    let p = postulate(&mut f, &pres, "Ana Pérez", "MX", &[&cur], "2026-02-03");
    assert_eq!(
        verdict(&f, &p, &decl),
        (
            EligibilityVerdict::Pending,
            "declaration_not_recorded".into()
        )
    );
    // A declaration needs no note.
    let c = elections::set_verdict(
        &mut f.store,
        &f.sg,
        &p.id,
        &decl.id,
        &VerdictInput {
            verdict: EligibilityVerdict::Met,
            evidence: "Declaración firmada el 15 de enero".into(),
            note: String::new(),
        },
    )
    .unwrap();
    assert_eq!(
        (c.verdict, c.source),
        (EligibilityVerdict::Met, VerdictSource::Manual)
    );
    assert_eq!(c.evidence, "Declaración firmada el 15 de enero");
    assert_eq!(c.set_by.as_deref(), Some("sg full name"));
    // Overriding the automatic "received after closing" needs a note; refused, nothing written.
    let before = fp(&f.store);
    let err = elections::set_verdict(
        &mut f.store,
        &f.sg,
        &p.id,
        &r.id,
        &VerdictInput {
            verdict: EligibilityVerdict::Met,
            evidence: String::new(),
            note: String::new(),
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::Required, Some("note"))
    );
    assert_eq!(fp(&f.store), before);
    let c = elections::set_verdict(
        &mut f.store,
        &f.sg,
        &p.id,
        &r.id,
        &VerdictInput {
            verdict: EligibilityVerdict::Met,
            evidence: "Acuse del correo del 1 de febrero, 23:50".into(),
            note: "Enviada por correo antes del cierre; se recibió en papel después.".into(),
        },
    )
    .unwrap();
    assert_eq!(c.source, VerdictSource::Override);
    assert_eq!(c.automatic_verdict, Some(EligibilityVerdict::NotMet));
    assert_eq!(
        c.automatic_reason.as_ref().map(|r| r.code.as_str()),
        Some("received_after_closing")
    );
    let audit: String = f
        .store
        .conn()
        .query_row(
            "SELECT operation || ' ' || summary FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(audit.starts_with("elections.override_verdict"), "{audit}");
    assert!(audit.contains("\"manual_override\":true"), "{audit}");
    // Clearing it restores the automatic verdict.
    let c = elections::clear_verdict(&mut f.store, &f.sg, &p.id, &r.id).unwrap();
    assert_eq!(
        (c.verdict, c.source),
        (EligibilityVerdict::NotMet, VerdictSource::Automatic)
    );
    let err = elections::clear_verdict(&mut f.store, &f.sg, &p.id, &r.id).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn the_report_lists_the_eligible_and_sign_off_locks_until_an_amendment() {
    let mut f = fixture();
    let r = rule(&mut f, EligibilityRule::ReceivedBeforeClosing);
    let d = rule(&mut f, EligibilityRule::NominatorCurrentInDues);
    let (pres, sgp) = (f.president.clone(), f.sg_pos.clone());
    let (cur, arr) = (f.current.clone(), f.arrears.clone());
    let ana = postulate(&mut f, &pres, "Ana Pérez", "MX", &[&cur], "2026-01-20");
    let luis = postulate(&mut f, &pres, "Luis Gómez", "CO", &[&arr], "2026-01-20");
    let gone = postulate(&mut f, &pres, "Rosa Díaz", "PE", &[&cur], "2026-01-21");
    elections::set_withdrawn(&mut f.store, &f.sg, &gone.id, true).unwrap();
    let _sg = postulate(&mut f, &sgp, "Martín Acosta", "AR", &[&cur], "2026-02-09");

    let report = elections::eligibility_report(f.store.conn(), &f.call.id).unwrap();
    let president = &report.positions[0];
    assert_eq!(president.position.kind, ElectionPositionKind::President);
    assert_eq!(president.requirements.len(), 2);
    assert_eq!(president.candidates.len(), 3);
    assert_eq!(president.eligible, vec![ana.id.clone()]);
    let luis_row = president
        .candidates
        .iter()
        .find(|c| c.postulation.id == luis.id)
        .unwrap();
    assert!(!luis_row.eligible);
    assert_eq!(luis_row.cells[1].requirement_id, d.id);
    assert_eq!(luis_row.cells[1].verdict, EligibilityVerdict::NotMet);
    assert!(report.positions[1].eligible.is_empty(), "received late");
    let view = elections::report_view(f.store.conn(), &f.call.id, None).unwrap();
    assert!(view.draft && view.signature.is_none());

    // The Chief of Staff manages elections but does not sign; an open call is not signed.
    let chief = user_with_role(&mut f.store, &f.sg, "chief", Role::ChiefOfStaff);
    let before = fp(&f.store);
    let err = elections::sign_eligibility(&mut f.store, &chief, &f.call.id).unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    let err = elections::sign_eligibility(&mut f.store, &f.sg, &f.call.id).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("status"));
    assert_eq!(fp(&f.store), before);

    elections::close_call(&mut f.store, &chief, &f.call.id).unwrap();
    let v1 = elections::sign_eligibility(&mut f.store, &f.sg, &f.call.id).unwrap();
    assert_eq!(v1.version, 1);
    assert_eq!(v1.signed_by, f.sg.id);
    let call = elections::get_call(f.store.conn(), &f.call.id)
        .unwrap()
        .call;
    assert_eq!(call.status, ElectionCallStatus::Signed);
    assert_eq!((call.signed_versions, call.amending), (1, false));

    // Locked: every change is refused and nothing is written.
    let before = fp(&f.store);
    let refusals = [
        elections::set_withdrawn(&mut f.store, &f.sg, &ana.id, true).unwrap_err(),
        elections::set_verdict(
            &mut f.store,
            &f.sg,
            &luis.id,
            &d.id,
            &VerdictInput {
                verdict: EligibilityVerdict::Met,
                evidence: String::new(),
                note: "Pagó el 31 de enero".into(),
            },
        )
        .unwrap_err(),
        elections::create_postulation(
            &mut f.store,
            &f.sg,
            &f.call.id,
            &PostulationInput {
                position_id: pres.id.clone(),
                candidate_name: "Otra persona".into(),
                nationality: "UY".into(),
                nominator_ids: vec![cur.id.clone()],
                received_on: "2026-01-25".into(),
                notes: String::new(),
            },
        )
        .unwrap_err(),
        elections::update_call(
            &mut f.store,
            &f.sg,
            &f.call.id,
            &call_input(&call.session_id),
        )
        .unwrap_err(),
        elections::remove_requirement(&mut f.store, &f.sg, &r.id).unwrap_err(),
        elections::add_position(
            &mut f.store,
            &f.sg,
            &f.call.id,
            &ElectionPositionInput {
                kind: ElectionPositionKind::CiessDirector,
                name: String::new(),
                seats: 1,
            },
        )
        .unwrap_err(),
        elections::sign_eligibility(&mut f.store, &f.sg, &f.call.id).unwrap_err(),
    ];
    for e in &refusals {
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidValue, Some("status")),
            "{e:?}"
        );
    }
    assert_eq!(fp(&f.store), before);
    let signed = elections::report_view(f.store.conn(), &f.call.id, None).unwrap();
    assert!(!signed.draft);
    assert_eq!(signed.signature.as_ref().map(|s| s.version), Some(1));

    // An amendment needs a reason and the permission; it unlocks the call.
    let staff = user_with_role(&mut f.store, &f.sg, "staff", Role::Staff);
    let err = elections::start_amendment(&mut f.store, &staff, &f.call.id, "x").unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    let err = elections::start_amendment(&mut f.store, &chief, &f.call.id, " ").unwrap_err();
    assert_eq!(err.field.as_deref(), Some("reason"));
    let call = elections::start_amendment(
        &mut f.store,
        &chief,
        &f.call.id,
        "Constancia de pago de ARR recibida",
    )
    .unwrap();
    assert_eq!(call.status, ElectionCallStatus::Closed);
    assert!(call.amending);
    elections::set_verdict(
        &mut f.store,
        &f.sg,
        &luis.id,
        &d.id,
        &VerdictInput {
            verdict: EligibilityVerdict::Met,
            evidence: "Recibo de pago".into(),
            note: "Pagó los adeudos el 31 de enero; el depósito se registró después.".into(),
        },
    )
    .unwrap();
    let v2 = elections::sign_eligibility(&mut f.store, &f.sg, &f.call.id).unwrap();
    assert_eq!(v2.version, 2);
    // Version 1 stays as it was signed; version 2 has both candidates eligible.
    let old = elections::report_view(f.store.conn(), &f.call.id, Some(1)).unwrap();
    assert_eq!(old.report.positions[0].eligible, vec![ana.id.clone()]);
    assert_eq!(old.report.call.signed_versions, 1);
    let new = elections::report_view(f.store.conn(), &f.call.id, None).unwrap();
    assert_eq!(new.signature.as_ref().map(|s| s.version), Some(2));
    assert_eq!(new.report.positions[0].eligible.len(), 2);
    let err = elections::report_view(f.store.conn(), &f.call.id, Some(3)).unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::NotFound, Some("version"))
    );
    assert_eq!(
        elections::get_call(f.store.conn(), &f.call.id)
            .unwrap()
            .versions
            .len(),
        2
    );
}

#[test]
fn refusals_are_typed_and_write_nothing() {
    let mut f = fixture();
    let cur = f.current.clone();
    let staff = user_with_role(&mut f.store, &f.sg, "staff", Role::Staff);
    let auditor = user_with_role(&mut f.store, &f.sg, "auditor", Role::Auditor);
    let cpiss = new_session(&mut f.store, &f.sg, STANDING_COMMITTEE, "2027-05-10T10:00");
    let ga = f.call.session_id.clone();
    let pres = f.president.clone();
    let good = PostulationInput {
        position_id: pres.id.clone(),
        candidate_name: "Ana Pérez".into(),
        nationality: "MX".into(),
        nominator_ids: vec![cur.id.clone()],
        received_on: "2026-01-20".into(),
        notes: String::new(),
    };
    let before = fp(&f.store);
    let cases: Vec<(despacho_core::AppError, ErrorCode, Option<&str>)> = vec![
        (
            elections::create_call(&mut f.store, &staff, &call_input(&ga)).unwrap_err(),
            ErrorCode::Forbidden,
            None,
        ),
        (
            elections::create_postulation(&mut f.store, &auditor, &f.call.id, &good).unwrap_err(),
            ErrorCode::Forbidden,
            None,
        ),
        (
            elections::create_call(&mut f.store, &f.sg, &call_input(&cpiss.id)).unwrap_err(),
            ErrorCode::InvalidValue,
            Some("session_id"),
        ),
        (
            elections::create_call(&mut f.store, &f.sg, &call_input("no-such-session"))
                .unwrap_err(),
            ErrorCode::NotFound,
            Some("session_id"),
        ),
        (
            elections::create_call(
                &mut f.store,
                &f.sg,
                &ElectionCallInput {
                    closes_on: "2026-01-01".into(),
                    ..call_input(&ga)
                },
            )
            .unwrap_err(),
            ErrorCode::InvalidValue,
            Some("closes_on"),
        ),
        (
            elections::create_postulation(&mut f.store, &f.sg, "no-such-call", &good).unwrap_err(),
            ErrorCode::NotFound,
            None,
        ),
        (
            elections::create_postulation(
                &mut f.store,
                &f.sg,
                &f.call.id,
                &PostulationInput {
                    position_id: "no-such-position".into(),
                    ..good.clone()
                },
            )
            .unwrap_err(),
            ErrorCode::NotFound,
            Some("position_id"),
        ),
        (
            elections::create_postulation(
                &mut f.store,
                &f.sg,
                &f.call.id,
                &PostulationInput {
                    nominator_ids: vec!["no-such-member".into()],
                    ..good.clone()
                },
            )
            .unwrap_err(),
            ErrorCode::NotFound,
            Some("nominator_ids"),
        ),
        (
            elections::create_postulation(
                &mut f.store,
                &f.sg,
                &f.call.id,
                &PostulationInput {
                    nominator_ids: vec![],
                    ..good.clone()
                },
            )
            .unwrap_err(),
            ErrorCode::Required,
            Some("nominator_ids"),
        ),
        (
            elections::create_postulation(
                &mut f.store,
                &f.sg,
                &f.call.id,
                &PostulationInput {
                    nationality: "XX".into(),
                    ..good.clone()
                },
            )
            .unwrap_err(),
            ErrorCode::InvalidFormat,
            Some("nationality"),
        ),
        (
            elections::create_postulation(
                &mut f.store,
                &f.sg,
                &f.call.id,
                &PostulationInput {
                    received_on: "2099-01-01".into(),
                    ..good.clone()
                },
            )
            .unwrap_err(),
            ErrorCode::InvalidValue,
            Some("received_on"),
        ),
        (
            elections::add_requirement(
                &mut f.store,
                &f.sg,
                &f.call.id,
                &ElectionRequirementInput {
                    position_id: None,
                    kind: ElectionRequirementKind::Rule,
                    rule: None,
                    texts: texts("Regla"),
                },
            )
            .unwrap_err(),
            ErrorCode::Required,
            Some("rule"),
        ),
        (
            elections::add_requirement(
                &mut f.store,
                &f.sg,
                &f.call.id,
                &ElectionRequirementInput {
                    position_id: None,
                    kind: ElectionRequirementKind::Document,
                    rule: None,
                    texts: BTreeMap::from([(Language::En, "CV".to_string())]),
                },
            )
            .unwrap_err(),
            ErrorCode::Required,
            Some("texts.es"),
        ),
        (
            elections::add_requirement(
                &mut f.store,
                &f.sg,
                &f.call.id,
                &ElectionRequirementInput {
                    position_id: Some(pres.id.clone()),
                    kind: ElectionRequirementKind::Rule,
                    rule: Some(EligibilityRule::ComptrollerNationalityDiffersFromSg),
                    texts: texts("Nacionalidad"),
                },
            )
            .unwrap_err(),
            ErrorCode::InvalidValue,
            Some("position_id"),
        ),
        (
            elections::add_position(
                &mut f.store,
                &f.sg,
                &f.call.id,
                &ElectionPositionInput {
                    kind: ElectionPositionKind::Other,
                    name: String::new(),
                    seats: 1,
                },
            )
            .unwrap_err(),
            ErrorCode::Required,
            Some("name"),
        ),
        (
            elections::add_position(
                &mut f.store,
                &f.sg,
                &f.call.id,
                &ElectionPositionInput {
                    kind: ElectionPositionKind::VicePresident,
                    name: String::new(),
                    seats: 0,
                },
            )
            .unwrap_err(),
            ErrorCode::InvalidValue,
            Some("seats"),
        ),
        (
            elections::set_withdrawn(&mut f.store, &f.sg, "no-such-postulation", true).unwrap_err(),
            ErrorCode::NotFound,
            None,
        ),
        (
            elections::close_call(&mut f.store, &staff, &f.call.id).unwrap_err(),
            ErrorCode::Forbidden,
            None,
        ),
    ];
    for (err, code, field) in cases {
        assert_eq!((err.code, err.field.as_deref()), (code, field), "{err:?}");
    }
    assert_eq!(fp(&f.store), before);

    // A position with postulations is not removed.
    let p = postulate(&mut f, &pres, "Ana Pérez", "MX", &[&cur], "2026-01-20");
    let before = fp(&f.store);
    let err = elections::remove_position(&mut f.store, &f.sg, &pres.id).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("position_id"));
    assert_eq!(fp(&f.store), before);
    // Deleting the postulation, then the position, works; lists follow.
    elections::delete_postulation(&mut f.store, &f.sg, &p.id).unwrap();
    elections::remove_position(&mut f.store, &f.sg, &pres.id).unwrap();
    let d = elections::get_call(f.store.conn(), &f.call.id).unwrap();
    assert_eq!(d.positions.len(), 2);
    assert!(d.postulations.is_empty());
    assert_eq!(elections::list_calls(f.store.conn()).unwrap().len(), 1);
    let _ = f.newcomer;
    let _ = f.arrears;
    let _ = f.associate;
}

#[test]
fn the_demo_has_a_call_with_a_missing_work_plan_and_a_nominator_in_arrears() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let sg = users_first_admin(&mut store);
    let r = despacho_core::demo::load(&mut store, &sg).unwrap();
    assert_eq!(r.elections.calls, 1);
    assert!(r.elections.postulations >= 5);
    assert!(r.elections.documents > 10);
    let calls = elections::list_calls(store.conn()).unwrap();
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert_eq!(call.status, ElectionCallStatus::Closed);
    assert!(call.session_date > despacho_core::store::today().to_string());
    let d = elections::get_call(store.conn(), &call.id).unwrap();
    assert_eq!(d.positions.len(), 4);
    assert_eq!(d.positions[1].seats, 2);
    assert_eq!(d.requirements.len(), 8);
    let plan = &d.requirements[1];
    let missing: Vec<&EligibilityCell> = d
        .cells
        .iter()
        .filter(|c| c.requirement_id == plan.id && c.verdict == EligibilityVerdict::NotMet)
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].reason.code, "document_not_presented");
    let arrears: Vec<&EligibilityCell> = d
        .cells
        .iter()
        .filter(|c| c.reason.code == "nominator_in_arrears")
        .collect();
    assert_eq!(arrears.len(), 1, "{arrears:?}");
    assert_eq!(arrears[0].reason.params["member"], "IESS");
    let report = elections::eligibility_report(store.conn(), &call.id).unwrap();
    let eligible: usize = report.positions.iter().map(|p| p.eligible.len()).sum();
    assert!(eligible >= 3, "{eligible}");
}

fn users_first_admin(store: &mut Store) -> User {
    despacho_core::users::create_first_admin(store, new_user("sg", Role::SecretaryGeneral)).unwrap()
}
