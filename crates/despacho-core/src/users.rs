//! Local user accounts, roles, sign-in and what each role may do.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use crate::audit;
use crate::error::{AppError, ErrorCode, Result};
use crate::store::{new_id, now, Store};
use crate::validate;

/// The office's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SecretaryGeneral,
    ChiefOfStaff,
    ManagingFinances,
    LinkingCooperation,
    Staff,
    /// Reads everything, changes nothing.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::SecretaryGeneral,
        Role::ChiefOfStaff,
        Role::ManagingFinances,
        Role::LinkingCooperation,
        Role::Staff,
        Role::Auditor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SecretaryGeneral => "secretary_general",
            Role::ChiefOfStaff => "chief_of_staff",
            Role::ManagingFinances => "managing_finances",
            Role::LinkingCooperation => "linking_cooperation",
            Role::Staff => "staff",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// What an operation needs the acting user to be allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Create, edit and archive member institutions and their contacts.
    EditMembers,
    /// Load demo data into the store.
    LoadDemo,
    /// Create user accounts.
    ManageUsers,
    /// Create bodies and set their rules (quorum, resolution pattern, agenda template):
    /// administrators.
    ManageBodies,
    /// Prepare and record sessions: seats, sessions, attendance, agenda drafting, minutes
    /// drafts, action items. The Secretary-General, the Chief of Staff (who prepares the
    /// sessions) and Staff (who draft agendas).
    EditSessions,
    /// Approve what a body decided: approve an agenda, move a session's status, approve
    /// minutes, number resolutions. The Secretary-General and the Chief of Staff.
    ApproveSessionRecords,
    /// Change the organization's settings (the letterhead of printed documents): administrators.
    ManageSettings,
    /// Keep the books: exchange rates, journal entries, ledger imports, dues scales, invoices,
    /// payments and payment plans, budget drafts, proposed revisions, projections. The
    /// Secretary-General and Managing & Finances.
    ManageFinances,
    /// Approve what the finances need a second, senior signature for: approve a budget or a
    /// budget revision (never one's own proposal), close a fiscal year, change the arrears
    /// rule. The Secretary-General only.
    ApproveFinances,
    /// Linking & Cooperation's records: agreements, technical assistance requests, missions,
    /// information products, dissemination lists and their log. The Secretary-General, the
    /// Chief of Staff and Linking & Cooperation.
    EditCooperation,
}

/// A user account as the rest of the app sees it (never the password hash).
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct User {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub is_admin: bool,
    pub language: Language,
}

impl User {
    /// May this user do `p`? Enforced here, in Rust, whatever the UI shows.
    pub fn can(&self, p: Permission) -> bool {
        match p {
            Permission::EditMembers => matches!(
                self.role,
                Role::SecretaryGeneral | Role::ChiefOfStaff | Role::LinkingCooperation
            ),
            Permission::LoadDemo
            | Permission::ManageUsers
            | Permission::ManageBodies
            | Permission::ManageSettings => self.is_admin && self.role != Role::Auditor,
            Permission::EditSessions => matches!(
                self.role,
                Role::SecretaryGeneral | Role::ChiefOfStaff | Role::Staff
            ),
            Permission::ApproveSessionRecords => {
                matches!(self.role, Role::SecretaryGeneral | Role::ChiefOfStaff)
            }
            Permission::ManageFinances => {
                matches!(self.role, Role::SecretaryGeneral | Role::ManagingFinances)
            }
            Permission::ApproveFinances => self.role == Role::SecretaryGeneral,
            Permission::EditCooperation => matches!(
                self.role,
                Role::SecretaryGeneral | Role::ChiefOfStaff | Role::LinkingCooperation
            ),
        }
    }

    pub fn require(&self, p: Permission) -> Result<()> {
        if self.can(p) {
            Ok(())
        } else {
            let what = match p {
                Permission::EditMembers => "change member institutions",
                Permission::LoadDemo => "load demo data",
                Permission::ManageUsers => "manage user accounts",
                Permission::ManageBodies => "change the bodies and their rules",
                Permission::ManageSettings => "change the organization's settings",
                Permission::EditSessions => "prepare or record sessions",
                Permission::ApproveSessionRecords => {
                    "approve agendas, minutes, resolutions or session status"
                }
                Permission::ManageFinances => "keep the books, the dues or the budget",
                Permission::ApproveFinances => {
                    "approve budgets or revisions, close fiscal years or change the arrears rule"
                }
                Permission::EditCooperation => {
                    "change agreements, technical assistance, missions or publications"
                }
            };
            Err(AppError::forbidden(what))
        }
    }
}

/// The UI languages; Spanish is the source language.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Es,
    En,
    Pt,
    Fr,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Es => "es",
            Language::En => "en",
            Language::Pt => "pt",
            Language::Fr => "fr",
        }
    }
    pub const ALL: [Language; 4] = [Language::Es, Language::En, Language::Pt, Language::Fr];

    pub fn parse(s: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// Input to create a user account.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct NewUser {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub is_admin: bool,
    pub password: String,
    pub language: Language,
}

pub const MIN_PASSWORD_LEN: usize = 10;

const USER_COLUMNS: &str = "id, username, full_name, role, is_admin, language";

fn user_from_row(r: &Row) -> rusqlite::Result<User> {
    let role: String = r.get(3)?;
    let lang: String = r.get(5)?;
    Ok(User {
        id: r.get(0)?,
        username: r.get(1)?,
        full_name: r.get(2)?,
        role: Role::parse(&role).unwrap_or(Role::Staff),
        is_admin: r.get(4)?,
        language: Language::parse(&lang).unwrap_or_default(),
    })
}

/// True while the store has no active administrator: the app then asks for the first one.
pub fn needs_setup(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM users WHERE is_admin = 1 AND active = 1 AND deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 0)
}

fn validate_new_user(input: &NewUser) -> Result<(String, String)> {
    let username = validate::required_text("username", &input.username, 64)?;
    if !username
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err(AppError::field(
            ErrorCode::InvalidFormat,
            "username",
            "a user name may hold letters, digits, '.', '_' and '-' only",
        ));
    }
    let full_name = validate::required_text("full_name", &input.full_name, 200)?;
    if input.password.chars().count() < MIN_PASSWORD_LEN {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "password",
            format!("the password must have at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    if input.password.len() > 1024 {
        return Err(AppError::field(
            ErrorCode::TooLong,
            "password",
            "the password is too long",
        ));
    }
    Ok((username, full_name))
}

fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("cannot hash password: {e}")))
}

fn insert_user(tx: &rusqlite::Transaction, input: &NewUser, actor: Option<&str>) -> Result<User> {
    let (username, full_name) = validate_new_user(input)?;
    let taken: bool = tx
        .query_row(
            "SELECT 1 FROM users WHERE username = ?1",
            [&username],
            |_| Ok(true),
        )
        .optional()?
        .unwrap_or(false);
    if taken {
        return Err(AppError::field(
            ErrorCode::Duplicate,
            "username",
            format!("the user name '{username}' is taken"),
        ));
    }
    let id = new_id();
    let at = now();
    tx.execute(
        "INSERT INTO users (id, username, full_name, role, is_admin, password_hash, language, active, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8, ?9)",
        params![
            id,
            username,
            full_name,
            input.role.as_str(),
            input.is_admin,
            hash_password(&input.password)?,
            input.language.as_str(),
            at,
            actor.unwrap_or(&id)
        ],
    )?;
    let user = User {
        id: id.clone(),
        username: username.clone(),
        full_name,
        role: input.role,
        is_admin: input.is_admin,
        language: input.language,
    };
    audit::record(
        tx,
        Some(actor.unwrap_or(&id)),
        "users.create",
        "user",
        Some(&id),
        &json!({ "username": username, "role": input.role.as_str(), "is_admin": input.is_admin }),
    )?;
    Ok(user)
}

/// Creates the first administrator of an empty store. Refused once one exists.
pub fn create_first_admin(store: &mut Store, input: NewUser) -> Result<User> {
    store.transaction(|tx| {
        if !needs_setup(tx)? {
            return Err(AppError::new(
                ErrorCode::AlreadyInitialized,
                "the store already has an administrator",
            ));
        }
        let input = NewUser {
            is_admin: true,
            ..input
        };
        insert_user(tx, &input, None)
    })
}

/// Creates a user account (administrators only).
pub fn add_user(store: &mut Store, actor: &User, input: NewUser) -> Result<User> {
    actor.require(Permission::ManageUsers)?;
    store.transaction(|tx| insert_user(tx, &input, Some(&actor.id)))
}

/// Checks a user name and password; the same answer for an unknown user and a wrong password.
pub fn sign_in(store: &mut Store, username: &str, password: &str) -> Result<User> {
    let found: Option<(User, String)> = store
        .conn()
        .query_row(
            &format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = ?1 AND active = 1 AND deleted_at IS NULL"),
            [username.trim()],
            |r| Ok((user_from_row(r)?, r.get::<_, String>(6)?)),
        )
        .optional()?;
    let invalid = || AppError::new(ErrorCode::InvalidCredentials, "wrong user name or password");
    let Some((user, hash)) = found else {
        // Spend comparable time so that a wrong user name cannot be told from a wrong password.
        let _ = hash_password(password);
        return Err(invalid());
    };
    let parsed = PasswordHash::new(&hash).map_err(|_| invalid())?;
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .map_err(|_| invalid())?;
    store.transaction(|tx| {
        audit::record(
            tx,
            Some(&user.id),
            "users.sign_in",
            "user",
            Some(&user.id),
            &json!({}),
        )
    })?;
    Ok(user)
}

pub fn get_user(conn: &Connection, id: &str) -> Result<User> {
    conn.query_row(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1 AND deleted_at IS NULL"),
        [id],
        user_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("user", id))
}

pub fn find_by_username(conn: &Connection, username: &str) -> Result<User> {
    conn.query_row(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE username = ?1 AND active = 1 AND deleted_at IS NULL"),
        [username],
        user_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("no active user named '{username}'")))
}

/// The store's first (oldest) active administrator: who the CLI acts as by default.
pub fn first_admin(conn: &Connection) -> Result<User> {
    conn.query_row(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE is_admin = 1 AND active = 1 AND deleted_at IS NULL ORDER BY created_at, id LIMIT 1"),
        [],
        user_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::new(ErrorCode::NotInitialized, "the store has no administrator yet; run `despacho-cli init`"))
}

pub fn list_users(conn: &Connection) -> Result<Vec<User>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE deleted_at IS NULL ORDER BY full_name COLLATE NOCASE"
    ))?;
    let rows = st.query_map([], user_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Remembers the user's interface language.
pub fn set_language(store: &mut Store, actor: &User, language: Language) -> Result<User> {
    store.transaction(|tx| {
        tx.execute(
            "UPDATE users SET language = ?1, updated_at = ?2, updated_by = ?3 WHERE id = ?3",
            params![language.as_str(), now(), actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "users.set_language",
            "user",
            Some(&actor.id),
            &json!({ "language": language.as_str() }),
        )?;
        get_user(tx, &actor.id)
    })
}
