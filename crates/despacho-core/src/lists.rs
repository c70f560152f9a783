//! Dissemination lists: saved filters over member institutions and their contacts (category,
//! country, subregion, contact language), resolved to recipients each time they are read, so
//! that archived members, withdrawn members and deleted contacts drop out by themselves.
//! Exported as CSV and as vCard 4.0 (RFC 6350) for the mail program.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::calendar::fold_line;
use crate::countries;
use crate::error::{AppError, ErrorCode, Result};
use crate::members::Category;
use crate::store::{new_id, now, Scope};
use crate::users::{Language, Permission, User};
use crate::validate;

/// Who a list reaches. Each criterion is a set; an empty set matches everything.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct ListCriteria {
    pub categories: Vec<Category>,
    /// ISO 3166-1 alpha-2 codes.
    pub countries: Vec<String>,
    /// 1–5.
    pub subregions: Vec<u8>,
    /// Contacts who read at least one of these languages.
    pub languages: Vec<Language>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct ListInput {
    pub name: String,
    pub criteria: ListCriteria,
}

/// A saved dissemination list and how many recipients it resolves to now.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct DisseminationList {
    pub id: String,
    pub name: String,
    pub criteria: ListCriteria,
    pub recipient_count: u32,
}

/// A contact the list reaches.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Recipient {
    pub contact_id: String,
    pub contact_name: String,
    pub position: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: Vec<Language>,
    pub member_id: String,
    pub member_name: String,
    pub member_acronym: String,
    pub country: String,
    pub category: Category,
    pub subregion: Option<u8>,
}

fn validate_input(input: &ListInput) -> Result<(String, ListCriteria)> {
    let name = validate::required_text("name", &input.name, 200)?;
    let c = &input.criteria;
    let mut countries_out = Vec::new();
    for code in &c.countries {
        let n = countries::normalize(code).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidFormat,
                "countries",
                format!(
                    "'{}' is not an ISO 3166-1 alpha-2 country code",
                    code.trim()
                ),
            )
        })?;
        if !countries_out.contains(&n) {
            countries_out.push(n);
        }
    }
    countries_out.sort();
    if let Some(s) = c.subregions.iter().find(|s| !(1..=5).contains(*s)) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "subregions",
            format!("subregion {s} does not exist (I to V, 1 to 5)"),
        ));
    }
    let mut subregions = c.subregions.clone();
    subregions.sort_unstable();
    subregions.dedup();
    let mut categories: Vec<Category> = Vec::new();
    for k in Category::ALL {
        if c.categories.contains(&k) {
            categories.push(k);
        }
    }
    let mut languages: Vec<Language> = Vec::new();
    for l in Language::ALL {
        if c.languages.contains(&l) {
            languages.push(l);
        }
    }
    Ok((
        name,
        ListCriteria {
            categories,
            countries: countries_out,
            subregions,
            languages,
        },
    ))
}

fn join<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(",")
}

fn criteria_from(
    categories: &str,
    countries: &str,
    subregions: &str,
    languages: &str,
) -> ListCriteria {
    let split = |s: &str| {
        s.split(',')
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    ListCriteria {
        categories: split(categories)
            .iter()
            .filter_map(|c| Category::parse(c))
            .collect(),
        countries: split(countries),
        subregions: split(subregions)
            .iter()
            .filter_map(|s| s.parse().ok())
            .collect(),
        languages: split(languages)
            .iter()
            .filter_map(|l| Language::parse(l))
            .collect(),
    }
}

fn list_from_row(r: &Row) -> rusqlite::Result<(String, String, ListCriteria)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        criteria_from(
            &r.get::<_, String>(2)?,
            &r.get::<_, String>(3)?,
            &r.get::<_, String>(4)?,
            &r.get::<_, String>(5)?,
        ),
    ))
}

/// The contacts matching `criteria`: contacts (not deleted) of live, unarchived, not withdrawn
/// members; ordered by country, member acronym and contact name.
pub fn resolve(conn: &Connection, criteria: &ListCriteria) -> Result<Vec<Recipient>> {
    let mut sql = String::from(
        "SELECT c.id, c.name, c.position, c.email, c.phone, c.languages, m.id, m.name, m.acronym, m.country, m.category, m.subregion
         FROM contacts c JOIN members m ON m.id = c.member_id
         WHERE c.deleted_at IS NULL AND m.deleted_at IS NULL AND m.archived_at IS NULL AND m.status <> 'withdrawn'",
    );
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut any_of = |col: &str, values: Vec<rusqlite::types::Value>, sql: &mut String| {
        if values.is_empty() {
            return;
        }
        let mut marks = Vec::new();
        for v in values {
            args.push(v);
            marks.push(format!("?{}", args.len()));
        }
        sql.push_str(&format!(" AND {col} IN ({})", marks.join(",")));
    };
    any_of(
        "m.category",
        criteria
            .categories
            .iter()
            .map(|c| c.as_str().to_string().into())
            .collect(),
        &mut sql,
    );
    any_of(
        "m.country",
        criteria
            .countries
            .iter()
            .map(|c| c.trim().to_ascii_uppercase().into())
            .collect(),
        &mut sql,
    );
    any_of(
        "m.subregion",
        criteria
            .subregions
            .iter()
            .map(|s| i64::from(*s).into())
            .collect(),
        &mut sql,
    );
    sql.push_str(" ORDER BY m.country, m.acronym COLLATE NOCASE, c.name COLLATE NOCASE, c.id");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(args), |r| {
        let langs: String = r.get(5)?;
        Ok(Recipient {
            contact_id: r.get(0)?,
            contact_name: r.get(1)?,
            position: r.get(2)?,
            email: r.get(3)?,
            phone: r.get(4)?,
            languages: langs.split(',').filter_map(Language::parse).collect(),
            member_id: r.get(6)?,
            member_name: r.get(7)?,
            member_acronym: r.get(8)?,
            country: r.get(9)?,
            category: Category::parse(&r.get::<_, String>(10)?).unwrap_or(Category::Titular),
            subregion: r.get(11)?,
        })
    })?;
    let mut out = rows.collect::<Result<Vec<_>, _>>()?;
    if !criteria.languages.is_empty() {
        out.retain(|r| r.languages.iter().any(|l| criteria.languages.contains(l)));
    }
    Ok(out)
}

fn load(conn: &Connection, id: &str) -> Result<DisseminationList> {
    let (id, name, criteria) = conn
        .query_row(
            "SELECT id, name, categories, countries, subregions, languages FROM dissemination_lists WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            list_from_row,
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("dissemination list", id))?;
    let recipient_count = resolve(conn, &criteria)?.len() as u32;
    Ok(DisseminationList {
        id,
        name,
        criteria,
        recipient_count,
    })
}

/// A saved list by id.
pub fn get_list(conn: &Connection, id: &str) -> Result<DisseminationList> {
    load(conn, id)
}

/// A saved list by its name (case-insensitive).
pub fn find_list(conn: &Connection, name: &str) -> Result<DisseminationList> {
    let wanted = name.trim().to_lowercase();
    let found = list_lists(conn)?
        .into_iter()
        .find(|l| l.name.to_lowercase() == wanted);
    found.ok_or_else(|| {
        AppError::field(
            ErrorCode::NotFound,
            "list",
            format!("there is no dissemination list named '{}'", name.trim()),
        )
    })
}

/// Every saved list, by name.
pub fn list_lists(conn: &Connection) -> Result<Vec<DisseminationList>> {
    let ids: Vec<String> = {
        let mut st = conn.prepare_cached("SELECT id FROM dissemination_lists WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE, id")?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<Result<Vec<_>, _>>()?
    };
    ids.iter().map(|id| load(conn, id)).collect()
}

/// The recipients a saved list reaches now.
pub fn recipients(conn: &Connection, list_id: &str) -> Result<Vec<Recipient>> {
    let l = load(conn, list_id)?;
    resolve(conn, &l.criteria)
}

fn check_name(conn: &Connection, name: &str, except: Option<&str>) -> Result<()> {
    // Compared in Rust: SQLite's NOCASE folds ASCII only ("Í" ≠ "í").
    let wanted = name.to_lowercase();
    let mut st = conn.prepare_cached(
        "SELECT name FROM dissemination_lists WHERE deleted_at IS NULL AND id IS NOT ?1",
    )?;
    let names = st.query_map(params![except], |r| r.get::<_, String>(0))?;
    for n in names {
        if n?.to_lowercase() == wanted {
            return Err(AppError::field(
                ErrorCode::Duplicate,
                "name",
                format!("a list named '{name}' exists"),
            ));
        }
    }
    Ok(())
}

/// Saves a new list under a name.
pub fn create_list(
    store: &mut impl Scope,
    actor: &User,
    input: &ListInput,
) -> Result<DisseminationList> {
    actor.require(Permission::EditCooperation)?;
    let (name, c) = validate_input(input)?;
    store.transaction(|tx| {
        check_name(tx, &name, None)?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO dissemination_lists (id, name, categories, countries, subregions, languages, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
            params![id, name, join(&c.categories, |k| k.as_str().to_string()), c.countries.join(","),
                    join(&c.subregions, |s| s.to_string()), join(&c.languages, |l| l.as_str().to_string()), at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "lists.create", "dissemination_list", Some(&id), &json!({ "name": name, "criteria": c }))?;
        load(tx, &id)
    })
}

/// Renames a list or changes its criteria.
pub fn update_list(
    store: &mut impl Scope,
    actor: &User,
    id: &str,
    input: &ListInput,
) -> Result<DisseminationList> {
    actor.require(Permission::EditCooperation)?;
    let (name, c) = validate_input(input)?;
    store.transaction(|tx| {
        load(tx, id)?;
        check_name(tx, &name, Some(id))?;
        tx.execute(
            "UPDATE dissemination_lists SET name = ?2, categories = ?3, countries = ?4, subregions = ?5, languages = ?6, updated_at = ?7, updated_by = ?8 WHERE id = ?1",
            params![id, name, join(&c.categories, |k| k.as_str().to_string()), c.countries.join(","),
                    join(&c.subregions, |s| s.to_string()), join(&c.languages, |l| l.as_str().to_string()), now(), actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "lists.update", "dissemination_list", Some(id), &json!({ "name": name, "criteria": c }))?;
        load(tx, id)
    })
}

/// Deletes a list (a tombstone; the dissemination log keeps its name).
pub fn delete_list(store: &mut impl Scope, actor: &User, id: &str) -> Result<()> {
    actor.require(Permission::EditCooperation)?;
    store.transaction(|tx| {
        let l = load(tx, id)?;
        let at = now();
        tx.execute(
            "UPDATE dissemination_lists SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![id, at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "lists.delete", "dissemination_list", Some(id), &json!({ "name": l.name }))
    })
}

/// The CSV columns of an exported list.
pub const CSV_COLUMNS: [&str; 9] = [
    "name",
    "position",
    "email",
    "phone",
    "languages",
    "organization",
    "acronym",
    "country",
    "category",
];

/// A list's recipients as CSV (UTF-8, comma, quoted where needed, CRLF line ends).
pub fn export_csv(conn: &Connection, list_id: &str) -> Result<String> {
    let people = recipients(conn, list_id)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let csv_err =
        |e: csv::Error| AppError::new(ErrorCode::Internal, format!("cannot write CSV: {e}"));
    w.write_record(CSV_COLUMNS).map_err(csv_err)?;
    for r in &people {
        let langs = join(&r.languages, |l| l.as_str().to_string());
        w.write_record([
            r.contact_name.as_str(),
            &r.position,
            r.email.as_deref().unwrap_or(""),
            r.phone.as_deref().unwrap_or(""),
            &langs,
            &r.member_name,
            &r.member_acronym,
            &r.country,
            r.category.as_str(),
        ])
        .map_err(csv_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))
}

/// Escapes a vCard text value (RFC 6350 §3.4): backslash, comma, semicolon and line breaks.
pub fn escape_vcard(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// One contact as a vCard 4.0: BEGIN, VERSION, UID, FN, ORG, TITLE, EMAIL, TEL, LANG (in
/// preference order), END; CRLF line ends; lines folded at 75 octets.
pub fn vcard(r: &Recipient) -> String {
    let mut out = String::new();
    let mut line = |s: String| out.push_str(&fold_line(&s));
    line("BEGIN:VCARD".into());
    line("VERSION:4.0".into());
    line(format!("UID:urn:uuid:{}", r.contact_id));
    line(format!("FN:{}", escape_vcard(&r.contact_name)));
    line(format!("ORG:{}", escape_vcard(&r.member_name)));
    if !r.position.is_empty() {
        line(format!("TITLE:{}", escape_vcard(&r.position)));
    }
    if let Some(e) = &r.email {
        line(format!("EMAIL;TYPE=work:{}", escape_vcard(e)));
    }
    if let Some(p) = &r.phone {
        line(format!("TEL;TYPE=work;VALUE=text:{}", escape_vcard(p)));
    }
    for (i, l) in r.languages.iter().enumerate() {
        line(format!("LANG;PREF={}:{}", i + 1, l.as_str()));
    }
    line("END:VCARD".into());
    out
}

/// A list's recipients as one vCard 4.0 file (RFC 6350).
pub fn export_vcard(conn: &Connection, list_id: &str) -> Result<String> {
    Ok(recipients(conn, list_id)?.iter().map(vcard).collect())
}
