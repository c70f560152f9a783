//! The compliance report PDF from a store: per instrument, obligations and occurrences with
//! evidence and sign-off, and the summary, in the four languages; user text prints literally.
use std::path::Path;
use std::process::Command;

use despacho_core::instruments::{self, ArticleInput, InstrumentInput, InstrumentKind};
use despacho_core::obligations::{
    self, EvidenceInput, ObligationInput, OccurrenceStatus, OccurrenceStatusChange, Recurrence,
};
use despacho_core::users::{self, Language, NewUser, Role};
use despacho_core::Store;
use despacho_documents::compliance::compliance_report;

fn new_user(name: &str, role: Role) -> NewUser {
    NewUser {
        username: name.into(),
        full_name: format!("{name} Pérez"),
        role,
        is_admin: false,
        password: "correct horse battery".into(),
        language: Language::Es,
    }
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_compliance_report_by_instrument_with_evidence_sign_off_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let sg = users::create_first_admin(&mut store, new_user("sg", Role::SecretaryGeneral)).unwrap();
    let staff = users::add_user(&mut store, &sg, new_user("ana", Role::Staff)).unwrap();
    let hq = instruments::create_instrument(
        &mut store,
        &staff,
        &InstrumentInput {
            kind: InstrumentKind::HeadquartersAgreement,
            title: "Acuerdo de Sede #set $x$".into(),
            body_id: None,
            adopted_on: Some("1953-06-22".into()),
            notes: String::new(),
        },
        &[ArticleInput {
            number: "7 bis".into(),
            text: "Exenciones.".into(),
        }],
    )
    .unwrap();
    let ob = obligations::create_obligation(
        &mut store,
        &staff,
        &ObligationInput {
            title: "Conciliación bancaria <mensual> *urgente*".into(),
            description: String::new(),
            unit_id: Some("01940000-0000-7000-8001-000000000002".into()),
            responsible_name: "Contabilidad".into(),
            responsible_user_id: None,
            recurrence: Recurrence::Monthly { day: 31 },
            starts_on: Some("2026-01-01".into()),
            ends_on: None,
            article_ids: vec![hq.articles[0].id.clone()],
        },
    )
    .unwrap();
    let file = dir.path().join("conciliacion-enero.pdf");
    std::fs::write(&file, b"%PDF-1.4 enero").unwrap();
    let jan = format!("v:{}:2026-01-31", ob.id);
    let d = obligations::complete_occurrence(
        &mut store,
        &staff,
        &jan,
        &EvidenceInput {
            title: String::new(),
            path: Some(file.to_string_lossy().into()),
            note: String::new(),
            effective_on: Some("2026-02-02".into()),
        },
    )
    .unwrap();
    obligations::sign_off_occurrence(&mut store, &sg, &d.occurrence.id, "Conforme").unwrap();
    obligations::set_occurrence_status(
        &mut store,
        &staff,
        &format!("v:{}:2026-02-28", ob.id),
        &OccurrenceStatusChange {
            status: OccurrenceStatus::Waived,
            note: "Cuenta cerrada".into(),
        },
    )
    .unwrap();

    for (lang, title, overdue, waived, feb) in [
        (
            Language::Es,
            "Informe de cumplimiento normativo",
            "Vencida",
            "Dispensada",
            "1 de enero de 2026",
        ),
        (
            Language::En,
            "Compliance report",
            "Overdue",
            "Waived",
            "February",
        ),
        (
            Language::Pt,
            "Relatório de cumprimento normativo",
            "Vencida",
            "Dispensada",
            "fevereiro",
        ),
        (
            Language::Fr,
            "Rapport de conformité",
            "En retard",
            "Dispensée",
            "février",
        ),
    ] {
        // Today 2026-04-15: March is overdue, April and May pending.
        let pdf = compliance_report(store.conn(), "2026-01-01", "2026-05-31", lang, "2026-04-15")
            .unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let path = dir.path().join(format!("c-{lang:?}.pdf"));
        std::fs::write(&path, &pdf).unwrap();
        // Kept for looking at, like the other documents' samples.
        if let Ok(samples) = std::env::var("DESPACHO_DOCS_SAMPLES") {
            std::fs::create_dir_all(&samples).unwrap();
            std::fs::write(
                Path::new(&samples).join(format!("compliance-{lang:?}.pdf")),
                &pdf,
            )
            .unwrap();
        }
        let text = pdftotext(&path);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in [
            title,
            "Acuerdo de Sede #set $x$",
            "Conciliación bancaria <mensual> *urgente*",
            "7 bis",
            "conciliacion-enero.pdf",
            "2026-02-02",
            "sg Pérez, ",
            "Conforme",
            "Cuenta cerrada",
            "2026-01-31",
            "2026-03-31",
            "2026-05-31",
            overdue,
            waived,
            "DEAF",
        ] {
            assert!(flat.contains(needle), "{lang:?}: {needle} not in {flat}");
        }
        // The period in words.
        assert!(flat.contains(feb) || lang != Language::Es, "{flat}");
        // Summary: 5 occurrences, 1 done, 1 waived, 1 overdue, 2 pending, 1 signed off.
        let figures = text
            .lines()
            .find(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                w.len() == 6 && w.iter().all(|x| x.parse::<u32>().is_ok())
            })
            .unwrap_or_else(|| panic!("no summary line in {text}"));
        assert_eq!(
            figures.split_whitespace().collect::<Vec<_>>(),
            ["5", "1", "1", "1", "2", "1"]
        );
    }
    // A bad period is refused with the field.
    let e = compliance_report(
        store.conn(),
        "2026-05-01",
        "2026-01-01",
        Language::Es,
        "2026-04-15",
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("to"));
}
