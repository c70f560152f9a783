//! A member institution named `<img src=x onerror=alert(1)>` (issue 8, item 5) is text in
//! printed documents too: the name is accepted by the member operations and the statements'
//! dues-receivable note prints it literally (read back with `pdftotext`), with no markup
//! evaluated and nothing dropped.

use despacho_core::members::{self, MemberInput};
use despacho_core::users::{self, Language, NewUser, Role};
use despacho_core::{demo, statements, Store};

mod support;
use support::text_of;

const IMG: &str = "<img src=x onerror=alert(1)>";

#[test]
fn a_member_named_like_markup_prints_as_that_text_in_the_statements() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db")).unwrap();
    let sg = users::create_first_admin(
        &mut store,
        NewUser {
            username: "sg".into(),
            full_name: "Laura Méndez".into(),
            role: Role::SecretaryGeneral,
            is_admin: true,
            password: "una clave larga 1".into(),
            language: Language::Es,
        },
    )
    .unwrap();
    demo::load(&mut store, &sg).unwrap();

    // A year whose statements list a member owing dues at its end.
    let today = despacho_core::store::today().to_string();
    let this_year: u16 = today[..4].parse().unwrap();
    let (year, debtor) = (this_year.saturating_sub(3)..=this_year)
        .rev()
        .find_map(|y| {
            let s = statements::statements(store.conn(), y, Language::Es).ok()?;
            let d = s.notes.dues_receivable.first()?.member_id.clone();
            Some((y, d))
        })
        .expect("a year with dues receivable in the demo");

    let m = members::get_member(store.conn(), &debtor).unwrap().member;
    let input = MemberInput {
        name: IMG.into(),
        acronym: m.acronym.clone(),
        country: m.country.clone(),
        category: Some(m.category),
        subregion: m.subregion,
        admission_date: m.admission_date.clone(),
        status: m.status,
        website: m.website.clone(),
        email: m.email.clone(),
        notes: m.notes.clone(),
    };
    let renamed = members::update_member(&mut store, &sg, &debtor, &input).unwrap();
    assert_eq!(renamed.name, IMG, "the name is kept as typed");

    for lang in [Language::Es, Language::En] {
        let report =
            despacho_documents::statements::statements_report(store.conn(), year, lang, &today)
                .unwrap();
        let pdf = despacho_documents::statements::pdf(&report).unwrap();
        if let Some(out) = std::env::var_os("DESPACHO_KEEP_PDF") {
            std::fs::write(
                format!("{}-{}.pdf", out.to_string_lossy(), lang.as_str()),
                &pdf,
            )
            .unwrap();
        }
        let text = text_of(&pdf);
        let line = format!("{} — {IMG}", m.acronym);
        assert!(
            text.contains(&line),
            "{line:?} missing from the statements ({lang:?}):\n{text}"
        );
    }
}
