//! CSV import (all-or-nothing, BOM, `;`) and export that round-trips.
mod common;

use common::*;
use despacho_core::members::{self, Category, MemberFilter};
use despacho_core::users::Role;
use despacho_core::ErrorCode;

const GOOD: &str = "name,acronym,country,category,admission_date,email,website\n\
Instituto Mexicano del Seguro Social,IMSS,MX,titular,1943-01-19,internacional@imss.gob.mx,www.imss.gob.mx\n\
\"Seguro Social de Salud, Perú\",EsSalud,PE,titular,1999-05-20,,https://www.essalud.gob.pe\n\
Caixa de Previdência,CPS,BR,asociado,,,\n";

#[test]
fn a_good_file_imports_every_row() {
    let (mut store, admin) = store_with_admin();
    let preview = members::preview_import(store.conn(), GOOD.as_bytes()).unwrap();
    assert!(preview.is_valid(), "{:?}", preview.issues);
    assert_eq!(preview.rows.len(), 3);
    assert_eq!(preview.rows[1].input.name, "Seguro Social de Salud, Perú");
    assert_eq!(
        preview.rows[2].input.category,
        Some(Category::Associate),
        "Spanish category words"
    );
    let r = members::import_members(&mut store, &admin, GOOD.as_bytes()).unwrap();
    assert_eq!(r.created, 3);
    let list = members::list_members(store.conn(), &MemberFilter::default()).unwrap();
    assert_eq!(list.len(), 3);
    let imss = list.iter().find(|m| m.acronym == "IMSS").unwrap();
    assert_eq!(imss.website.as_deref(), Some("https://www.imss.gob.mx"));
}

#[test]
fn semicolons_and_a_bom_from_spanish_spreadsheets() {
    let (mut store, admin) = store_with_admin();
    let text = "\u{feff}name;acronym;country;category;admission_date;email;website\r\n\
Caja Costarricense de Seguro Social;CCSS;CR;titular;1943-01-19;;\r\n\
Instituto Guatemalteco de Seguridad Social;IGSS;gt;Titular;;;\r\n";
    let preview = members::preview_import(store.conn(), text.as_bytes()).unwrap();
    assert_eq!(preview.delimiter, ";");
    assert!(preview.is_valid(), "{:?}", preview.issues);
    assert_eq!(
        members::import_members(&mut store, &admin, text.as_bytes())
            .unwrap()
            .created,
        2
    );
    assert_eq!(
        members::list_members(store.conn(), &MemberFilter::default()).unwrap()[0].name,
        "Caja Costarricense de Seguro Social"
    );
}

#[test]
fn one_bad_row_imports_nothing_and_says_which_rows_and_why() {
    let (mut store, admin) = store_with_admin();
    members::create_member(
        &mut store,
        &admin,
        &member("Banco de Previsión Social", "BPS", "UY"),
    )
    .unwrap();
    let text = "name,acronym,country,category,admission_date,email,website\n\
Bueno,OK1,MX,titular,,,\n\
Sin correo válido,BAD1,MX,titular,,correo@,\n\
País desconocido,BAD2,ZZ,titular,,,\n\
Repetido en el archivo,OK1,MX,associate,,,\n\
Ya existe,BPS,UY,titular,,,\n\
Categoría rara,BAD3,AR,honoraria,,,\n\
Fecha imposible,BAD4,AR,titular,2023-02-30,,\n";
    let before = fingerprint(&store);
    let preview = members::preview_import(store.conn(), text.as_bytes()).unwrap();
    assert!(!preview.is_valid());
    let by_line: Vec<(u32, Option<&str>, ErrorCode)> = preview
        .issues
        .iter()
        .map(|i| (i.line, i.field.as_deref(), i.code))
        .collect();
    assert_eq!(
        by_line,
        vec![
            (3, Some("email"), ErrorCode::InvalidFormat),
            (4, Some("country"), ErrorCode::InvalidFormat),
            (5, Some("acronym"), ErrorCode::Duplicate),
            (6, Some("acronym"), ErrorCode::Duplicate),
            (7, Some("category"), ErrorCode::InvalidValue),
            (8, Some("admission_date"), ErrorCode::InvalidFormat),
        ]
    );
    assert!(
        preview.issues[2].message.contains("line 2"),
        "{}",
        preview.issues[2].message
    );
    let e = members::import_members(&mut store, &admin, text.as_bytes()).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImportInvalid);
    assert!(
        e.message.contains("line 3") && e.message.contains("line 8"),
        "{}",
        e.message
    );
    assert_eq!(fingerprint(&store), before, "nothing was written");
}

#[test]
fn files_that_are_not_member_lists_are_refused() {
    let (store, _) = store_with_admin();
    let issues = |bytes: &[u8]| members::preview_import(store.conn(), bytes).unwrap().issues;
    assert!(issues(b"name,acronym\nA,B\n")[0]
        .message
        .contains("country, category"));
    assert!(issues(b"")[0].code == ErrorCode::ImportInvalid);
    assert!(issues(b"name,acronym,country,category\n")[0]
        .message
        .contains("no data rows"));
    assert!(
        issues(b"name,acronym,country,category\nInstituto de Previsi\xf3n,IPS,CL,titular\n")[0]
            .message
            .contains("UTF-8")
    );
    let huge = vec![b'a'; members::MAX_IMPORT_BYTES + 1];
    assert!(issues(&huge)[0].message.contains("larger"));
}

#[test]
fn import_needs_the_right_role() {
    let (mut store, admin) = store_with_admin();
    let auditor = user_with_role(&mut store, &admin, "auditor", Role::Auditor);
    assert_eq!(
        members::import_members(&mut store, &auditor, GOOD.as_bytes())
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
}

#[test]
fn export_round_trips_with_accents_intact() {
    let (mut store, admin) = store_with_admin();
    despacho_core::demo::load(&mut store, &admin).unwrap();
    let mut notes = member("Instituto Nacional de Previsão, \"Pensões\"", "INP", "BR");
    notes.notes = "Línea 1\nLínea 2; con acentos: ñ, ç, é".into();
    notes.subregion = Some(3);
    members::create_member(&mut store, &admin, &notes).unwrap();
    let csv = members::export_csv(store.conn()).unwrap();
    assert!(csv.starts_with(
        "name,acronym,country,category,subregion,admission_date,status,email,website,notes\n"
    ));
    assert!(csv.contains("ISSSTELEÓN") && csv.contains("Nicaragüense"));

    let (mut other, admin2) = store_with_admin();
    let r = members::import_members(&mut other, &admin2, csv.as_bytes()).unwrap();
    assert_eq!(r.created as usize, despacho_core::demo::MEMBERS.len() + 1);
    let strip = |mut v: Vec<members::Member>| {
        for m in &mut v {
            m.id.clear();
            m.created_at.clear();
            m.updated_at.clear();
            m.contact_count = 0;
        }
        v
    };
    let all = MemberFilter {
        include_archived: true,
        ..Default::default()
    };
    assert_eq!(
        strip(members::list_members(other.conn(), &all).unwrap()),
        strip(members::list_members(store.conn(), &all).unwrap())
    );
    assert_eq!(
        members::export_csv(other.conn()).unwrap(),
        csv,
        "a second export is byte-identical"
    );
}
