//! The directory of member institutions and their contacts (Linking & Cooperation).

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::countries;
use crate::error::{AppError, ErrorCode, Result};
use crate::store::{new_id, now, today, Store};
use crate::users::{Language, Permission, User};
use crate::validate;

/// Membership category (Statute): only titular members vote in the General Assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Titular,
    Associate,
    Adherent,
    Linked,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Titular,
        Category::Associate,
        Category::Adherent,
        Category::Linked,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Titular => "titular",
            Category::Associate => "associate",
            Category::Adherent => "adherent",
            Category::Linked => "linked",
        }
    }
    /// Accepts the English code and the usual Spanish, Portuguese and French words.
    pub fn parse(s: &str) -> Option<Category> {
        match s.trim().to_lowercase().as_str() {
            "titular" | "full" | "titulaire" | "miembro titular" => Some(Category::Titular),
            "associate" | "asociado" | "asociada" | "associado" | "associada" | "associé"
            | "associe" => Some(Category::Associate),
            "adherent" | "adherente" | "aderente" | "adhérent" => Some(Category::Adherent),
            "linked" | "vinculado" | "vinculada" | "lié" | "lie" => Some(Category::Linked),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    #[default]
    Active,
    Suspended,
    Withdrawn,
}

impl MemberStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Active => "active",
            MemberStatus::Suspended => "suspended",
            MemberStatus::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(s: &str) -> Option<MemberStatus> {
        match s.trim().to_lowercase().as_str() {
            "active" | "activo" | "activa" | "ativo" | "ativa" | "actif" | "" => {
                Some(MemberStatus::Active)
            }
            "suspended" | "suspendido" | "suspendida" | "suspenso" | "suspensa" | "suspendu" => {
                Some(MemberStatus::Suspended)
            }
            "withdrawn" | "retirado" | "retirada" | "retiré" => Some(MemberStatus::Withdrawn),
            _ => None,
        }
    }
}

/// A member institution.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub acronym: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub category: Category,
    /// Subregion I–V as 1–5.
    pub subregion: Option<u8>,
    /// `YYYY-MM-DD`.
    pub admission_date: Option<String>,
    pub status: MemberStatus,
    pub website: Option<String>,
    pub email: Option<String>,
    pub notes: String,
    pub archived: bool,
    pub contact_count: u32,
    pub created_at: String,
    pub updated_at: String,
}

/// What a user fills in to create or edit a member institution.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct MemberInput {
    pub name: String,
    pub acronym: String,
    pub country: String,
    pub category: Option<Category>,
    pub subregion: Option<u8>,
    pub admission_date: Option<String>,
    pub status: MemberStatus,
    pub website: Option<String>,
    pub email: Option<String>,
    pub notes: String,
}

impl From<&Member> for MemberInput {
    fn from(m: &Member) -> Self {
        MemberInput {
            name: m.name.clone(),
            acronym: m.acronym.clone(),
            country: m.country.clone(),
            category: Some(m.category),
            subregion: m.subregion,
            admission_date: m.admission_date.clone(),
            status: m.status,
            website: m.website.clone(),
            email: m.email.clone(),
            notes: m.notes.clone(),
        }
    }
}

/// A member input that passed validation, normalized.
#[derive(Debug, Clone, PartialEq)]
struct ValidMember {
    name: String,
    acronym: String,
    country: String,
    category: Category,
    subregion: Option<u8>,
    admission_date: Option<String>,
    status: MemberStatus,
    website: Option<String>,
    email: Option<String>,
    notes: String,
}

/// Checks every field and returns all the problems found, each naming its field.
fn validate_member(input: &MemberInput) -> std::result::Result<ValidMember, Vec<AppError>> {
    let mut errors = Vec::new();
    let mut take = |r: Result<String>| r.map_err(|e| errors.push(e)).unwrap_or_default();
    let name = take(validate::required_text("name", &input.name, 200));
    let acronym = take(validate::required_text("acronym", &input.acronym, 30));
    let notes = take(validate::long_text("notes", &input.notes, 5000));
    let country_raw = take(
        validate::required_text("country", &input.country, 2).map_err(|e| {
            if e.code == ErrorCode::TooLong {
                AppError::field(
                    ErrorCode::InvalidFormat,
                    "country",
                    format!(
                        "'{}' is not an ISO 3166-1 alpha-2 country code",
                        input.country.trim()
                    ),
                )
            } else {
                e
            }
        }),
    );
    let country = if country_raw.is_empty() {
        String::new()
    } else {
        countries::normalize(&country_raw).unwrap_or_else(|| {
            errors.push(AppError::field(
                ErrorCode::InvalidFormat,
                "country",
                format!("'{country_raw}' is not an ISO 3166-1 alpha-2 country code"),
            ));
            String::new()
        })
    };
    let category = input.category.unwrap_or_else(|| {
        errors.push(AppError::field(
            ErrorCode::Required,
            "category",
            "category is required",
        ));
        Category::Titular
    });
    if let Some(s) = input.subregion {
        if !(1..=5).contains(&s) {
            errors.push(AppError::field(
                ErrorCode::InvalidValue,
                "subregion",
                "the subregion is I to V (1 to 5)",
            ));
        }
    }
    let admission_date = match validate::date("admission_date", input.admission_date.as_deref()) {
        Ok(Some(d)) if d > today() => {
            errors.push(AppError::field(
                ErrorCode::InvalidValue,
                "admission_date",
                "the admission date is in the future",
            ));
            None
        }
        Ok(Some(d)) if chrono::Datelike::year(&d) < 1942 => {
            errors.push(AppError::field(
                ErrorCode::InvalidValue,
                "admission_date",
                "the admission date is before the CISS was founded (1942)",
            ));
            None
        }
        Ok(d) => d.map(|d| d.to_string()),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let email = validate::email("email", input.email.as_deref()).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let website = validate::url("website", input.website.as_deref()).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidMember {
        name,
        acronym,
        country,
        category,
        subregion: input.subregion,
        admission_date,
        status: input.status,
        website,
        email,
        notes,
    })
}

fn first_error(errors: Vec<AppError>) -> AppError {
    errors
        .into_iter()
        .next()
        .unwrap_or_else(|| AppError::new(ErrorCode::Internal, "validation failed"))
}

const MEMBER_COLUMNS: &str =
    "m.id, m.name, m.acronym, m.country, m.category, m.subregion, m.admission_date, m.status,
     m.website, m.email, m.notes, m.archived_at IS NOT NULL, m.created_at, m.updated_at,
     (SELECT count(*) FROM contacts c WHERE c.member_id = m.id AND c.deleted_at IS NULL)";

fn member_from_row(r: &Row) -> rusqlite::Result<Member> {
    Ok(Member {
        id: r.get(0)?,
        name: r.get(1)?,
        acronym: r.get(2)?,
        country: r.get(3)?,
        category: Category::parse(&r.get::<_, String>(4)?).unwrap_or(Category::Titular),
        subregion: r.get(5)?,
        admission_date: r.get(6)?,
        status: MemberStatus::parse(&r.get::<_, String>(7)?).unwrap_or_default(),
        website: r.get(8)?,
        email: r.get(9)?,
        notes: r.get(10)?,
        archived: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        contact_count: r.get(14)?,
    })
}

/// How to sort the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum MemberSort {
    #[default]
    Name,
    Acronym,
    Country,
    Category,
    AdmissionDate,
}

/// Search, filters and sort of the member list. Empty filter = every live, unarchived member.
#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct MemberFilter {
    /// Matches name, acronym, e-mail or website (case-insensitive).
    pub search: Option<String>,
    pub country: Option<String>,
    pub category: Option<Category>,
    pub subregion: Option<u8>,
    pub status: Option<MemberStatus>,
    pub include_archived: bool,
    pub sort: MemberSort,
    pub descending: bool,
}

/// Lists member institutions matching `filter`.
pub fn list_members(conn: &Connection, filter: &MemberFilter) -> Result<Vec<Member>> {
    let mut sql = format!("SELECT {MEMBER_COLUMNS} FROM members m WHERE m.deleted_at IS NULL");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if !filter.include_archived {
        sql.push_str(" AND m.archived_at IS NULL");
    }
    if let Some(s) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let pattern = format!(
            "%{}%",
            s.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        sql.push_str(
            " AND (m.name LIKE ?1 ESCAPE '\\' OR m.acronym LIKE ?1 ESCAPE '\\' OR ifnull(m.email,'') LIKE ?1 ESCAPE '\\' OR ifnull(m.website,'') LIKE ?1 ESCAPE '\\'
                OR EXISTS (SELECT 1 FROM contacts c WHERE c.member_id = m.id AND c.deleted_at IS NULL AND c.name LIKE ?1 ESCAPE '\\'))",
        );
        args.push(pattern.into());
    }
    if let Some(c) = filter.country.as_deref().filter(|c| !c.is_empty()) {
        args.push(c.trim().to_ascii_uppercase().into());
        sql.push_str(&format!(" AND m.country = ?{}", args.len()));
    }
    if let Some(c) = filter.category {
        args.push(c.as_str().to_string().into());
        sql.push_str(&format!(" AND m.category = ?{}", args.len()));
    }
    if let Some(s) = filter.subregion {
        args.push(i64::from(s).into());
        sql.push_str(&format!(" AND m.subregion = ?{}", args.len()));
    }
    if let Some(s) = filter.status {
        args.push(s.as_str().to_string().into());
        sql.push_str(&format!(" AND m.status = ?{}", args.len()));
    }
    let order = match filter.sort {
        MemberSort::Name => "m.name COLLATE NOCASE",
        MemberSort::Acronym => "m.acronym COLLATE NOCASE",
        MemberSort::Country => "m.country",
        MemberSort::Category => {
            "CASE m.category WHEN 'titular' THEN 1 WHEN 'associate' THEN 2 WHEN 'adherent' THEN 3 ELSE 4 END"
        }
        MemberSort::AdmissionDate => "m.admission_date IS NULL, m.admission_date",
    };
    let dir = if filter.descending { "DESC" } else { "ASC" };
    sql.push_str(&format!(
        " ORDER BY {order} {dir}, m.name COLLATE NOCASE, m.id"
    ));
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(args), member_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub(crate) fn load_member(conn: &Connection, id: &str) -> Result<Member> {
    conn.query_row(
        &format!("SELECT {MEMBER_COLUMNS} FROM members m WHERE m.id = ?1 AND m.deleted_at IS NULL"),
        [id],
        member_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("member institution", id))
}

/// Refuses an id that names no live member institution (the error names `member_id`).
pub fn require_live_member(conn: &Connection, id: &str) -> Result<()> {
    let live = conn
        .query_row(
            "SELECT 1 FROM members WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if live {
        Ok(())
    } else {
        Err(AppError::field(
            ErrorCode::NotFound,
            "member_id",
            format!("member institution {id} does not exist"),
        ))
    }
}

/// A contact person at a member institution.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Contact {
    pub id: String,
    pub member_id: String,
    pub name: String,
    pub position: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: Vec<Language>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, PartialEq, Default)]
pub struct ContactInput {
    pub name: String,
    pub position: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: Vec<Language>,
}

/// A member institution with its contacts.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct MemberDetail {
    pub member: Member,
    pub contacts: Vec<Contact>,
}

pub fn get_member(conn: &Connection, id: &str) -> Result<MemberDetail> {
    let member = load_member(conn, id)?;
    let mut st = conn.prepare_cached(
        "SELECT id, member_id, name, position, email, phone, languages FROM contacts
         WHERE member_id = ?1 AND deleted_at IS NULL ORDER BY name COLLATE NOCASE, id",
    )?;
    let contacts = st
        .query_map([id], contact_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(MemberDetail { member, contacts })
}

fn contact_from_row(r: &Row) -> rusqlite::Result<Contact> {
    let langs: String = r.get(6)?;
    Ok(Contact {
        id: r.get(0)?,
        member_id: r.get(1)?,
        name: r.get(2)?,
        position: r.get(3)?,
        email: r.get(4)?,
        phone: r.get(5)?,
        languages: langs.split(',').filter_map(Language::parse).collect(),
    })
}

/// Refuses a second live member with the same acronym in the same country.
fn check_unique(tx: &Transaction, v: &ValidMember, except_id: Option<&str>) -> Result<()> {
    let other: Option<String> = tx
        .query_row(
            "SELECT name FROM members WHERE country = ?1 AND acronym = ?2 COLLATE NOCASE AND deleted_at IS NULL AND id IS NOT ?3",
            params![v.country, v.acronym, except_id],
            |r| r.get(0),
        )
        .optional()?;
    match other {
        Some(name) => Err(AppError::field(
            ErrorCode::Duplicate,
            "acronym",
            format!(
                "{} already has a member with the acronym {} ({name})",
                v.country, v.acronym
            ),
        )),
        None => Ok(()),
    }
}

fn insert_member(tx: &Transaction, actor: &User, v: &ValidMember) -> Result<String> {
    check_unique(tx, v, None)?;
    let id = new_id();
    let at = now();
    tx.execute(
        "INSERT INTO members (id, name, acronym, country, category, subregion, admission_date, status, website, email, notes, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)",
        params![
            id, v.name, v.acronym, v.country, v.category.as_str(), v.subregion, v.admission_date,
            v.status.as_str(), v.website, v.email, v.notes, at, actor.id
        ],
    )?;
    Ok(id)
}

fn summary(v: &ValidMember) -> serde_json::Value {
    json!({ "name": v.name, "acronym": v.acronym, "country": v.country, "category": v.category.as_str(), "status": v.status.as_str() })
}

/// Creates a member institution.
pub fn create_member(store: &mut Store, actor: &User, input: &MemberInput) -> Result<Member> {
    actor.require(Permission::EditMembers)?;
    let v = validate_member(input).map_err(first_error)?;
    store.transaction(|tx| {
        let id = insert_member(tx, actor, &v)?;
        audit::record(
            tx,
            Some(&actor.id),
            "members.create",
            "member",
            Some(&id),
            &summary(&v),
        )?;
        load_member(tx, &id)
    })
}

/// Replaces a member institution's fields.
pub fn update_member(
    store: &mut Store,
    actor: &User,
    id: &str,
    input: &MemberInput,
) -> Result<Member> {
    actor.require(Permission::EditMembers)?;
    let v = validate_member(input).map_err(first_error)?;
    store.transaction(|tx| {
        let before = load_member(tx, id)?;
        check_unique(tx, &v, Some(id))?;
        tx.execute(
            "UPDATE members SET name = ?2, acronym = ?3, country = ?4, category = ?5, subregion = ?6, admission_date = ?7,
               status = ?8, website = ?9, email = ?10, notes = ?11, updated_at = ?12, updated_by = ?13 WHERE id = ?1",
            params![
                id, v.name, v.acronym, v.country, v.category.as_str(), v.subregion, v.admission_date,
                v.status.as_str(), v.website, v.email, v.notes, now(), actor.id
            ],
        )?;
        let after = load_member(tx, id)?;
        audit::record(tx, Some(&actor.id), "members.update", "member", Some(id), &changes(&before, &after))?;
        Ok(after)
    })
}

/// The fields that differ, as `{ field: [before, after] }`.
fn changes(before: &Member, after: &Member) -> serde_json::Value {
    let (b, a) = (
        serde_json::to_value(before).unwrap_or_default(),
        serde_json::to_value(after).unwrap_or_default(),
    );
    let mut out = serde_json::Map::new();
    if let (Some(b), Some(a)) = (b.as_object(), a.as_object()) {
        for (k, av) in a {
            if k != "updated_at" && b.get(k) != Some(av) {
                out.insert(k.clone(), json!([b.get(k), av]));
            }
        }
    }
    serde_json::Value::Object(out)
}

/// Archives (`archived = true`) or restores a member institution. Archived members leave the
/// default list but keep their history.
pub fn set_archived(store: &mut Store, actor: &User, id: &str, archived: bool) -> Result<Member> {
    actor.require(Permission::EditMembers)?;
    store.transaction(|tx| {
        load_member(tx, id)?;
        let at = now();
        tx.execute(
            "UPDATE members SET archived_at = CASE WHEN ?2 THEN ?3 ELSE NULL END, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![id, archived, at, actor.id],
        )?;
        let op = if archived { "members.archive" } else { "members.restore" };
        audit::record(tx, Some(&actor.id), op, "member", Some(id), &json!({}))?;
        load_member(tx, id)
    })
}

struct ValidContact {
    name: String,
    position: String,
    email: Option<String>,
    phone: Option<String>,
    languages: String,
}

fn validate_contact(input: &ContactInput) -> Result<ValidContact> {
    let name = validate::required_text("contact_name", &input.name, 200)?;
    let position = validate::optional_text("position", &input.position, 200)?;
    let email = validate::email("contact_email", input.email.as_deref())?;
    let phone = validate::optional_text("phone", input.phone.as_deref().unwrap_or(""), 40)?;
    if !phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().ext".contains(c))
    {
        return Err(AppError::field(
            ErrorCode::InvalidFormat,
            "phone",
            format!("'{phone}' is not a phone number"),
        ));
    }
    let mut langs: Vec<&str> = input.languages.iter().map(|l| l.as_str()).collect();
    langs.dedup();
    Ok(ValidContact {
        name,
        position,
        email,
        phone: Some(phone).filter(|p| !p.is_empty()),
        languages: langs.join(","),
    })
}

fn load_contact(conn: &Connection, id: &str) -> Result<Contact> {
    conn.query_row(
        "SELECT id, member_id, name, position, email, phone, languages FROM contacts WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        contact_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("contact", id))
}

pub fn add_contact(
    store: &mut Store,
    actor: &User,
    member_id: &str,
    input: &ContactInput,
) -> Result<Contact> {
    actor.require(Permission::EditMembers)?;
    let v = validate_contact(input)?;
    store.transaction(|tx| {
        load_member(tx, member_id)?;
        let id = new_id();
        let at = now();
        tx.execute(
            "INSERT INTO contacts (id, member_id, name, position, email, phone, languages, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            params![id, member_id, v.name, v.position, v.email, v.phone, v.languages, at, actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "contacts.create", "contact", Some(&id), &json!({ "member_id": member_id, "name": v.name }))?;
        load_contact(tx, &id)
    })
}

pub fn update_contact(
    store: &mut Store,
    actor: &User,
    id: &str,
    input: &ContactInput,
) -> Result<Contact> {
    actor.require(Permission::EditMembers)?;
    let v = validate_contact(input)?;
    store.transaction(|tx| {
        load_contact(tx, id)?;
        tx.execute(
            "UPDATE contacts SET name = ?2, position = ?3, email = ?4, phone = ?5, languages = ?6, updated_at = ?7, updated_by = ?8 WHERE id = ?1",
            params![id, v.name, v.position, v.email, v.phone, v.languages, now(), actor.id],
        )?;
        audit::record(tx, Some(&actor.id), "contacts.update", "contact", Some(id), &json!({ "name": v.name }))?;
        load_contact(tx, id)
    })
}

/// Deletes a contact (a tombstone: the row stays, marked deleted, so that sync can carry it).
pub fn delete_contact(store: &mut Store, actor: &User, id: &str) -> Result<()> {
    actor.require(Permission::EditMembers)?;
    store.transaction(|tx| {
        let c = load_contact(tx, id)?;
        let at = now();
        tx.execute(
            "UPDATE contacts SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![id, at, actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "contacts.delete",
            "contact",
            Some(id),
            &json!({ "member_id": c.member_id, "name": c.name }),
        )
    })
}

// ---------------------------------------------------------------------------------------------
// CSV import and export

/// The columns an import file must have.
pub const REQUIRED_COLUMNS: [&str; 4] = ["name", "acronym", "country", "category"];
/// Every column the import reads (and the export writes, in this order).
pub const CSV_COLUMNS: [&str; 10] = [
    "name",
    "acronym",
    "country",
    "category",
    "subregion",
    "admission_date",
    "status",
    "email",
    "website",
    "notes",
];
/// Import files larger than this are refused.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_IMPORT_ROWS: usize = 10_000;

pub use crate::import::ImportIssue;

/// One data row as read from the file.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ImportRow {
    pub line: u32,
    pub input: MemberInput,
    pub ok: bool,
}

/// What an import would do, before anything is written.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ImportPreview {
    /// `,` or `;`.
    pub delimiter: String,
    pub rows: Vec<ImportRow>,
    pub issues: Vec<ImportIssue>,
    /// Header columns Despacho does not read.
    pub ignored_columns: Vec<String>,
}

impl ImportPreview {
    pub fn is_valid(&self) -> bool {
        self.issues.is_empty() && !self.rows.is_empty()
    }
}

fn file_issue(message: impl Into<String>) -> ImportIssue {
    ImportIssue::file(message)
}

/// Reads an import file (UTF-8 with or without BOM; `,` or `;` separated) and checks every
/// row against the rules and the store, writing nothing.
pub fn preview_import(conn: &Connection, bytes: &[u8]) -> Result<ImportPreview> {
    let mut preview = ImportPreview {
        delimiter: ",".into(),
        rows: vec![],
        issues: vec![],
        ignored_columns: vec![],
    };
    if bytes.len() > MAX_IMPORT_BYTES {
        preview.issues.push(file_issue(format!(
            "the file is larger than {} MB",
            MAX_IMPORT_BYTES / 1024 / 1024
        )));
        return Ok(preview);
    }
    let text = match crate::import::decode(bytes) {
        Ok(t) => t,
        Err(issue) => {
            preview.issues.push(issue);
            return Ok(preview);
        }
    };
    let delimiter = crate::import::delimiter(text);
    preview.delimiter = (delimiter as char).to_string();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => {
            preview
                .issues
                .push(file_issue(format!("cannot read the header row: {e}")));
            return Ok(preview);
        }
    };
    let missing: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .copied()
        .filter(|c| !headers.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        preview.issues.push(file_issue(format!(
            "the header row lacks the column(s): {}",
            missing.join(", ")
        )));
        return Ok(preview);
    }
    preview.ignored_columns = headers
        .iter()
        .filter(|h| !CSV_COLUMNS.contains(&h.as_str()))
        .cloned()
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let idx: Vec<Option<usize>> = CSV_COLUMNS.iter().map(|c| col(c)).collect();

    let mut seen: Vec<(String, String, u32)> = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let line = n as u32 + 2;
        if n >= MAX_IMPORT_ROWS {
            preview.issues.push(file_issue(format!(
                "the file has more than {MAX_IMPORT_ROWS} rows"
            )));
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                preview.issues.push(ImportIssue {
                    line,
                    code: ErrorCode::ImportInvalid,
                    field: None,
                    message: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |i: usize| {
            idx[i]
                .and_then(|j| record.get(j))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let mut row_issues = Vec::new();
        let category_text = get(3);
        let category = Category::parse(&category_text);
        if category.is_none() && !category_text.is_empty() {
            row_issues.push(AppError::field(
                ErrorCode::InvalidValue,
                "category",
                format!(
                    "unknown category '{category_text}' (titular, associate, adherent, linked)"
                ),
            ));
        }
        let subregion_text = get(4);
        let subregion = match parse_subregion(&subregion_text) {
            Ok(s) => s,
            Err(e) => {
                row_issues.push(e);
                None
            }
        };
        let status_text = get(6);
        let status = MemberStatus::parse(&status_text).unwrap_or_else(|| {
            row_issues.push(AppError::field(
                ErrorCode::InvalidValue,
                "status",
                format!("unknown status '{status_text}' (active, suspended, withdrawn)"),
            ));
            MemberStatus::Active
        });
        let opt = |s: String| Some(s).filter(|s| !s.is_empty());
        let input = MemberInput {
            name: get(0),
            acronym: get(1),
            country: get(2),
            category,
            subregion,
            admission_date: opt(get(5)),
            status,
            email: opt(get(7)),
            website: opt(get(8)),
            notes: get(9),
        };
        match validate_member(&input) {
            Ok(v) => {
                if let Some((_, _, first)) = seen
                    .iter()
                    .find(|(c, a, _)| *c == v.country && a.eq_ignore_ascii_case(&v.acronym))
                {
                    row_issues.push(AppError::field(
                        ErrorCode::Duplicate,
                        "acronym",
                        format!("{} {} repeats line {first}", v.country, v.acronym),
                    ));
                } else {
                    seen.push((v.country.clone(), v.acronym.clone(), line));
                    let existing: Option<String> = conn
                        .query_row(
                            "SELECT name FROM members WHERE country = ?1 AND acronym = ?2 COLLATE NOCASE AND deleted_at IS NULL",
                            params![v.country, v.acronym],
                            |r| r.get(0),
                        )
                        .optional()?;
                    if let Some(name) = existing {
                        row_issues.push(AppError::field(
                            ErrorCode::Duplicate,
                            "acronym",
                            format!(
                                "{} already has a member with the acronym {} ({name})",
                                v.country, v.acronym
                            ),
                        ));
                    }
                }
            }
            Err(errors) => row_issues.extend(errors.into_iter().filter(|e| {
                !(e.field.as_deref() == Some("category")
                    && category.is_none()
                    && !category_text.is_empty())
            })),
        }
        preview.rows.push(ImportRow {
            line,
            input,
            ok: row_issues.is_empty(),
        });
        preview
            .issues
            .extend(row_issues.into_iter().map(|e| ImportIssue {
                line,
                code: e.code,
                field: e.field,
                message: e.message,
            }));
    }
    if preview.rows.is_empty() && preview.issues.is_empty() {
        preview.issues.push(file_issue("the file has no data rows"));
    }
    Ok(preview)
}

fn parse_subregion(s: &str) -> Result<Option<u8>> {
    let v = match s.trim().to_ascii_uppercase().as_str() {
        "" => return Ok(None),
        "1" | "I" => 1,
        "2" | "II" => 2,
        "3" | "III" => 3,
        "4" | "IV" => 4,
        "5" | "V" => 5,
        _ => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "subregion",
                format!("unknown subregion '{s}' (I to V)"),
            ))
        }
    };
    Ok(Some(v))
}

/// The outcome of an import.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ImportReport {
    pub created: u32,
}

/// Imports every row of the file, or none: a file with any bad row writes nothing and the
/// error lists the rows and why.
pub fn import_members(store: &mut Store, actor: &User, bytes: &[u8]) -> Result<ImportReport> {
    actor.require(Permission::EditMembers)?;
    let preview = preview_import(store.conn(), bytes)?;
    if !preview.is_valid() {
        return Err(crate::import::refused(&preview.issues));
    }
    store.transaction(|tx| {
        let mut created = 0u32;
        for row in &preview.rows {
            let v = validate_member(&row.input).map_err(first_error)?;
            insert_member(tx, actor, &v)?;
            created += 1;
        }
        audit::record(
            tx,
            Some(&actor.id),
            "members.import",
            "member",
            None,
            &json!({ "created": created }),
        )?;
        Ok(ImportReport { created })
    })
}

/// Every live member (archived included) as CSV with the import's columns, so that the
/// file imports again into an empty store.
pub fn export_csv(conn: &Connection) -> Result<String> {
    let filter = MemberFilter {
        include_archived: true,
        ..Default::default()
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err =
        |e: csv::Error| AppError::new(ErrorCode::Internal, format!("cannot write CSV: {e}"));
    w.write_record(CSV_COLUMNS).map_err(csv_err)?;
    for m in list_members(conn, &filter)? {
        let subregion = m.subregion.map(|s| s.to_string()).unwrap_or_default();
        w.write_record([
            m.name.as_str(),
            &m.acronym,
            &m.country,
            m.category.as_str(),
            &subregion,
            m.admission_date.as_deref().unwrap_or(""),
            m.status.as_str(),
            m.email.as_deref().unwrap_or(""),
            m.website.as_deref().unwrap_or(""),
            &m.notes,
        ])
        .map_err(csv_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))
}

/// Counts for the desk: live, unarchived members per category and status.
#[derive(Debug, Clone, Serialize, Type, PartialEq, Default)]
pub struct MemberCounts {
    pub total: u32,
    pub titular: u32,
    pub associate: u32,
    pub adherent: u32,
    pub linked: u32,
    pub suspended: u32,
    pub withdrawn: u32,
    pub countries: u32,
}

pub fn member_counts(conn: &Connection) -> Result<MemberCounts> {
    Ok(conn.query_row(
        "SELECT count(*),
                count(*) FILTER (WHERE category = 'titular'), count(*) FILTER (WHERE category = 'associate'),
                count(*) FILTER (WHERE category = 'adherent'), count(*) FILTER (WHERE category = 'linked'),
                count(*) FILTER (WHERE status = 'suspended'), count(*) FILTER (WHERE status = 'withdrawn'),
                count(DISTINCT country)
         FROM members WHERE deleted_at IS NULL AND archived_at IS NULL",
        [],
        |r| {
            Ok(MemberCounts {
                total: r.get(0)?,
                titular: r.get(1)?,
                associate: r.get(2)?,
                adherent: r.get(3)?,
                linked: r.get(4)?,
                suspended: r.get(5)?,
                withdrawn: r.get(6)?,
                countries: r.get(7)?,
            })
        },
    )?)
}
