//! Local user accounts, roles, sign-in and what each role may do.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::{DateTime, Utc};
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
    /// Read and export the audit log (the audit viewer): the Auditor and the Secretary-General.
    ViewAudit,
    /// Linking & Cooperation's records: agreements, technical assistance requests, missions,
    /// information products, dissemination lists and their log. The Secretary-General, the
    /// Chief of Staff and Linking & Cooperation.
    EditCooperation,
    /// The organization's rules: instruments and their articles, obligations and their
    /// occurrences (status, evidence), regulation drafts (articles, versions, comments,
    /// submission to the Standing Committee). The Secretary-General, the Chief of Staff and Staff.
    EditCompliance,
    /// Sign off what compliance needs a reviewer for: an obligation's occurrence (never one's
    /// own work) and the body's decision on a regulation draft (approved or returned). The
    /// Secretary-General and the Chief of Staff.
    ReviewCompliance,
    /// Election calls: positions, requirements, postulations, the requirement × postulation
    /// verdicts and notes. The Secretary-General and the Chief of Staff.
    ManageElections,
    /// Sign off the eligibility report of an election call (it is locked afterwards): the
    /// Secretary-General only.
    SignEligibility,
}

impl Permission {
    /// Every permission, in the order of the role × operation table (docs/PERMISSIONS.md).
    pub const ALL: [Permission; 15] = [
        Permission::EditMembers,
        Permission::EditSessions,
        Permission::ApproveSessionRecords,
        Permission::ManageFinances,
        Permission::ApproveFinances,
        Permission::ViewAudit,
        Permission::EditCooperation,
        Permission::EditCompliance,
        Permission::ReviewCompliance,
        Permission::ManageElections,
        Permission::SignEligibility,
        Permission::ManageBodies,
        Permission::ManageSettings,
        Permission::ManageUsers,
        Permission::LoadDemo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Permission::EditMembers => "edit_members",
            Permission::LoadDemo => "load_demo",
            Permission::ManageUsers => "manage_users",
            Permission::ManageBodies => "manage_bodies",
            Permission::EditSessions => "edit_sessions",
            Permission::ApproveSessionRecords => "approve_session_records",
            Permission::ManageSettings => "manage_settings",
            Permission::ManageFinances => "manage_finances",
            Permission::ApproveFinances => "approve_finances",
            Permission::ViewAudit => "view_audit",
            Permission::EditCooperation => "edit_cooperation",
            Permission::EditCompliance => "edit_compliance",
            Permission::ReviewCompliance => "review_compliance",
            Permission::ManageElections => "manage_elections",
            Permission::SignEligibility => "sign_eligibility",
        }
    }

    /// What the permission lets one do (English, for the docs, the CLI and refusals).
    pub fn describe(self) -> &'static str {
        match self {
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
            Permission::ViewAudit => "read or export the audit log",
            Permission::EditCooperation => {
                "change agreements, technical assistance, missions or publications"
            }
            Permission::EditCompliance => {
                "change instruments, obligations, their occurrences or regulation drafts"
            }
            Permission::ReviewCompliance => {
                "sign off obligations or record the decision on a regulation draft"
            }
            Permission::ManageElections => "change election calls, postulations or verdicts",
            Permission::SignEligibility => "sign off an eligibility report",
        }
    }
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
            Permission::ViewAudit => matches!(self.role, Role::SecretaryGeneral | Role::Auditor),
            Permission::EditCooperation => matches!(
                self.role,
                Role::SecretaryGeneral | Role::ChiefOfStaff | Role::LinkingCooperation
            ),
            Permission::EditCompliance => matches!(
                self.role,
                Role::SecretaryGeneral | Role::ChiefOfStaff | Role::Staff
            ),
            Permission::ReviewCompliance | Permission::ManageElections => {
                matches!(self.role, Role::SecretaryGeneral | Role::ChiefOfStaff)
            }
            Permission::SignEligibility => self.role == Role::SecretaryGeneral,
        }
    }

    pub fn require(&self, p: Permission) -> Result<()> {
        if self.can(p) {
            Ok(())
        } else {
            Err(AppError::forbidden(p.describe()))
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

/// Password rules ([`check_password`]): at least this many characters…
pub const MIN_PASSWORD_LEN: usize = 12;
/// …and at most this many.
pub const MAX_PASSWORD_LEN: usize = 200;

/// How many kinds of characters `text` mixes: lower-case letters, capitals, digits, anything
/// else (spaces, symbols). The password and passphrase rules ask for two.
pub(crate) fn kinds_of_characters(text: &str) -> usize {
    let mut seen = [false; 4];
    for c in text.chars() {
        let kind = if c.is_lowercase() {
            0
        } else if c.is_uppercase() {
            1
        } else if c.is_numeric() {
            2
        } else {
            3
        };
        seen[kind] = true;
    }
    seen.iter().filter(|s| **s).count()
}

/// The password rules, in one place: first administrator, new accounts, resets and changes.
/// At least [`MIN_PASSWORD_LEN`] and at most [`MAX_PASSWORD_LEN`] characters, at least two kinds
/// of characters (lower-case letters, capitals, digits, anything else such as spaces or
/// symbols), and not containing the user name (names of 3 characters or more, ignoring case).
pub fn check_password(username: &str, password: &str) -> Result<()> {
    let n = password.chars().count();
    if n > MAX_PASSWORD_LEN {
        return Err(AppError::field(
            ErrorCode::TooLong,
            "password",
            format!("the password may have at most {MAX_PASSWORD_LEN} characters"),
        ));
    }
    if n < MIN_PASSWORD_LEN {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "password",
            format!("the password must have at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    if kinds_of_characters(password) < 2 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "password",
            "the password must mix at least two kinds of characters: lower-case letters, capitals, digits, spaces or symbols",
        ));
    }
    let name = username.trim().to_lowercase();
    if name.chars().count() >= 3 && password.to_lowercase().contains(&name) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "password",
            "the password must not contain the user name",
        ));
    }
    Ok(())
}

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
    check_password(&username, &input.password)?;
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

/// After this many failed sign-ins in a row for one user name, further attempts are refused
/// for [`throttle_delay`] seconds.
pub const THROTTLE_AFTER: u32 = 5;
/// The first refusal lasts this long; each further failure doubles it…
pub const THROTTLE_FIRST_SECONDS: i64 = 30;
/// …up to this.
pub const THROTTLE_MAX_SECONDS: i64 = 15 * 60;

/// How long sign-ins are refused after `failures` failures in a row: nothing below
/// [`THROTTLE_AFTER`], then 30 s, 60 s, 120 s… capped at 15 minutes.
pub fn throttle_delay(failures: u32) -> i64 {
    if failures < THROTTLE_AFTER {
        return 0;
    }
    let doublings = (failures - THROTTLE_AFTER).min(16);
    (THROTTLE_FIRST_SECONDS << doublings).min(THROTTLE_MAX_SECONDS)
}

/// The user name as the throttle counts it: trimmed, at most 64 characters, ASCII letters in
/// any case (as the `users.username` column compares them).
fn throttle_key(username: &str) -> String {
    username
        .trim()
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase()
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Seconds until `username` may try to sign in again at `now` (0: now). The UI may show a
/// countdown with it; it answers the same for known and unknown user names.
pub fn sign_in_wait_seconds(conn: &Connection, username: &str, now: DateTime<Utc>) -> Result<u32> {
    let until: Option<String> = conn
        .query_row(
            "SELECT locked_until FROM sign_in_throttle WHERE username = ?1",
            [throttle_key(username)],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let Some(until) = until.and_then(|u| DateTime::parse_from_rfc3339(&u).ok()) else {
        return Ok(0);
    };
    let ms = (until.with_timezone(&Utc) - now).num_milliseconds();
    Ok(if ms <= 0 {
        0
    } else {
        ((ms + 999) / 1000) as u32
    })
}

/// Checks a user name and password; the same answer for an unknown user and a wrong password.
pub fn sign_in(store: &mut Store, username: &str, password: &str) -> Result<User> {
    sign_in_at(store, username, password, Utc::now())
}

/// [`sign_in`] at the instant `now` (tests move the clock). While the user name is throttled,
/// every attempt is refused with [`ErrorCode::Forbidden`] and the seconds to wait, without
/// checking the password. A failure is counted and audited (the user name, never the password)
/// although the sign-in returns an error; a success clears the count.
pub fn sign_in_at(
    store: &mut Store,
    username: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<User> {
    let key = throttle_key(username);
    let wait = sign_in_wait_seconds(store.conn(), &key, now)?;
    if wait > 0 {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            format!("too many failed sign-ins; try again in {wait} seconds"),
        ));
    }
    let found: Option<(User, String)> = store
        .conn()
        .query_row(
            &format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = ?1 AND active = 1 AND deleted_at IS NULL"),
            [username.trim()],
            |r| Ok((user_from_row(r)?, r.get::<_, String>(6)?)),
        )
        .optional()?;
    let verified = match &found {
        Some((_, hash)) => PasswordHash::new(hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false),
        None => {
            // Spend comparable time so that a wrong user name cannot be told from a wrong password.
            let _ = hash_password(password);
            false
        }
    };
    let user_id = found.as_ref().map(|(u, _)| u.id.clone());
    if !verified {
        store.transaction(|tx| {
            let failures: u32 = tx
                .query_row(
                    "SELECT failures FROM sign_in_throttle WHERE username = ?1",
                    [&key],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(0)
                + 1;
            let delay = throttle_delay(failures);
            let locked_until =
                (delay > 0).then(|| stamp(now + chrono::Duration::seconds(delay)));
            tx.execute(
                "INSERT INTO sign_in_throttle (username, failures, locked_until, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(username) DO UPDATE SET failures = excluded.failures,
                   locked_until = excluded.locked_until, updated_at = excluded.updated_at,
                   updated_by = excluded.updated_by",
                params![key, failures, locked_until, stamp(now), user_id],
            )?;
            audit::record(
                tx,
                user_id.as_deref(),
                "users.sign_in_failed",
                "user",
                user_id.as_deref(),
                &json!({ "username": key, "failures": failures, "locked_seconds": delay }),
            )
        })?;
        return Err(AppError::new(
            ErrorCode::InvalidCredentials,
            "wrong user name or password",
        ));
    }
    let (user, _) = found.expect("verified implies found");
    store.transaction(|tx| {
        tx.execute("DELETE FROM sign_in_throttle WHERE username = ?1", [&key])?;
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

// ---- accounts: resets, deactivation, the idle lock --------------------------------------------

/// A user account as administrators see it: the user, whether it may sign in, and its sign-in
/// throttle.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
#[serde(rename = "UserAccount")]
pub struct Account {
    pub user: User,
    pub active: bool,
    /// An administrator reset the password: the user should choose a new one.
    pub must_change_password: bool,
    /// Failed sign-ins in a row under this user name.
    pub failed_sign_ins: u32,
    /// Sign-ins are refused until this instant (UTC, RFC 3339), if throttled.
    pub locked_until: Option<String>,
}

const ACCOUNT_SQL: &str = "SELECT u.id, u.username, u.full_name, u.role, u.is_admin, u.language,
        u.active, u.must_change_password, coalesce(t.failures, 0), t.locked_until
     FROM users u LEFT JOIN sign_in_throttle t ON t.username = lower(u.username)
     WHERE u.deleted_at IS NULL";

fn account_from_row(r: &Row) -> rusqlite::Result<Account> {
    Ok(Account {
        user: user_from_row(r)?,
        active: r.get(6)?,
        must_change_password: r.get(7)?,
        failed_sign_ins: r.get(8)?,
        locked_until: r.get(9)?,
    })
}

/// Every account, active or not (administrators).
pub fn accounts(conn: &Connection, actor: &User) -> Result<Vec<Account>> {
    actor.require(Permission::ManageUsers)?;
    let mut st = conn.prepare(&format!(
        "{ACCOUNT_SQL} ORDER BY u.full_name COLLATE NOCASE, u.id"
    ))?;
    let rows = st.query_map([], account_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub fn get_account(conn: &Connection, user_id: &str) -> Result<Account> {
    conn.query_row(
        &format!("{ACCOUNT_SQL} AND u.id = ?1"),
        [user_id],
        account_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("user", user_id))
}

/// The account with this user name, active or not (administrators' tools).
pub fn account_by_username(conn: &Connection, username: &str) -> Result<Account> {
    conn.query_row(
        &format!("{ACCOUNT_SQL} AND u.username = ?1"),
        [username.trim()],
        account_from_row,
    )
    .optional()?
    .ok_or_else(|| {
        AppError::field(
            ErrorCode::NotFound,
            "username",
            format!("no user named '{}'", username.trim()),
        )
    })
}

/// An administrator sets a new password for a user (who forgot theirs). The password follows
/// [`check_password`]; the user's sign-in throttle is cleared; unless administrators reset
/// their own, the user is asked to choose a new one ([`Account::must_change_password`]).
pub fn reset_password(
    store: &mut Store,
    admin: &User,
    user_id: &str,
    new_password: &str,
) -> Result<Account> {
    admin.require(Permission::ManageUsers)?;
    store.transaction(|tx| {
        let target = get_account(tx, user_id)?;
        check_password(&target.user.username, new_password)?;
        let must_change = target.user.id != admin.id;
        tx.execute(
            "UPDATE users SET password_hash = ?2, must_change_password = ?3, updated_at = ?4, updated_by = ?5 WHERE id = ?1",
            params![target.user.id, hash_password(new_password)?, must_change, now(), admin.id],
        )?;
        tx.execute(
            "DELETE FROM sign_in_throttle WHERE username = ?1",
            [throttle_key(&target.user.username)],
        )?;
        audit::record(
            tx,
            Some(&admin.id),
            "users.reset_password",
            "user",
            Some(&target.user.id),
            &json!({ "username": target.user.username, "must_change_password": must_change }),
        )?;
        get_account(tx, &target.user.id)
    })
}

/// Users change their own password, giving the current one.
pub fn change_password(
    store: &mut Store,
    actor: &User,
    current_password: &str,
    new_password: &str,
) -> Result<Account> {
    let hash: String = store
        .conn()
        .query_row(
            "SELECT password_hash FROM users WHERE id = ?1 AND active = 1 AND deleted_at IS NULL",
            [&actor.id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("user", &actor.id))?;
    let ok = PasswordHash::new(&hash)
        .map(|p| {
            Argon2::default()
                .verify_password(current_password.as_bytes(), &p)
                .is_ok()
        })
        .unwrap_or(false);
    if !ok {
        return Err(AppError::field(
            ErrorCode::InvalidCredentials,
            "current_password",
            "the current password is wrong",
        ));
    }
    check_password(&actor.username, new_password)?;
    if current_password == new_password {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "password",
            "the new password must differ from the current one",
        ));
    }
    let new_hash = hash_password(new_password)?;
    store.transaction(|tx| {
        tx.execute(
            "UPDATE users SET password_hash = ?2, must_change_password = 0, updated_at = ?3, updated_by = ?1 WHERE id = ?1",
            params![actor.id, new_hash, now()],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "users.change_password",
            "user",
            Some(&actor.id),
            &json!({}),
        )?;
        get_account(tx, &actor.id)
    })
}

/// Deactivates (no more sign-ins) or reactivates an account (administrators). Administrators
/// cannot deactivate themselves, nor the last active administrator.
pub fn set_active(store: &mut Store, admin: &User, user_id: &str, active: bool) -> Result<Account> {
    admin.require(Permission::ManageUsers)?;
    store.transaction(|tx| {
        let target = get_account(tx, user_id)?;
        if !active && target.user.id == admin.id {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "user_id",
                "you cannot deactivate your own account",
            ));
        }
        if !active && target.user.is_admin && target.active {
            let others: i64 = tx.query_row(
                "SELECT count(*) FROM users WHERE is_admin = 1 AND active = 1 AND deleted_at IS NULL AND id <> ?1",
                [&target.user.id],
                |r| r.get(0),
            )?;
            if others == 0 {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "user_id",
                    "the store must keep one active administrator",
                ));
            }
        }
        tx.execute(
            "UPDATE users SET active = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![target.user.id, active, now(), admin.id],
        )?;
        audit::record(
            tx,
            Some(&admin.id),
            if active {
                "users.reactivate"
            } else {
                "users.deactivate"
            },
            "user",
            Some(&target.user.id),
            &json!({ "username": target.user.username }),
        )?;
        get_account(tx, &target.user.id)
    })
}

/// The setting that holds the idle lock, in minutes.
pub const IDLE_LOCK_KEY: &str = "security.idle_lock_minutes";
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 15;
pub const MAX_IDLE_LOCK_MINUTES: u32 = 240;

/// After how many idle minutes the app locks and asks for the password again.
pub fn idle_lock_minutes(conn: &Connection) -> Result<u32> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [IDLE_LOCK_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| v.parse::<u32>().ok())
        .filter(|m| (1..=MAX_IDLE_LOCK_MINUTES).contains(m))
        .unwrap_or(DEFAULT_IDLE_LOCK_MINUTES))
}

/// Sets the idle lock (administrators): 1 to 240 minutes.
pub fn set_idle_lock_minutes(store: &mut Store, actor: &User, minutes: u32) -> Result<u32> {
    actor.require(Permission::ManageSettings)?;
    if !(1..=MAX_IDLE_LOCK_MINUTES).contains(&minutes) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "idle_lock_minutes",
            format!("the idle lock is between 1 and {MAX_IDLE_LOCK_MINUTES} minutes"),
        ));
    }
    store.transaction(|tx| {
        tx.execute(
            "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![IDLE_LOCK_KEY, minutes.to_string(), now(), actor.id],
        )?;
        audit::record(
            tx,
            Some(&actor.id),
            "settings.set_idle_lock",
            "setting",
            Some(IDLE_LOCK_KEY),
            &json!({ "minutes": minutes }),
        )?;
        idle_lock_minutes(tx)
    })
}

// ---- the role × operation table -------------------------------------------------------------

/// Whether a role holds a permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grant {
    /// Every user with the role.
    Yes,
    /// Only users with the role who are administrators.
    AdminOnly,
    /// Only users with the role who are *not* administrators (no rule does this today).
    UnlessAdmin,
    No,
}

impl Grant {
    pub fn as_str(self) -> &'static str {
        match self {
            Grant::Yes => "yes",
            Grant::AdminOnly => "admin",
            Grant::UnlessAdmin => "not admin",
            Grant::No => "—",
        }
    }
}

/// What [`User::can`] answers for `role` and `p`, asked with and without the administrator flag.
pub fn grant(role: Role, p: Permission) -> Grant {
    let can = |is_admin| {
        User {
            id: String::new(),
            username: String::new(),
            full_name: String::new(),
            role,
            is_admin,
            language: Language::default(),
        }
        .can(p)
    };
    match (can(false), can(true)) {
        (true, true) => Grant::Yes,
        (false, true) => Grant::AdminOnly,
        (true, false) => Grant::UnlessAdmin,
        (false, false) => Grant::No,
    }
}

/// The role × operation table, computed from [`User::can`] for every permission and role.
pub fn permission_matrix() -> Vec<(Permission, Vec<(Role, Grant)>)> {
    Permission::ALL
        .into_iter()
        .map(|p| (p, Role::ALL.into_iter().map(|r| (r, grant(r, p))).collect()))
        .collect()
}

fn role_label(r: Role) -> &'static str {
    match r {
        Role::SecretaryGeneral => "Secretary-General",
        Role::ChiefOfStaff => "Chief of Staff",
        Role::ManagingFinances => "Managing & Finances",
        Role::LinkingCooperation => "Linking & Cooperation",
        Role::Staff => "Staff",
        Role::Auditor => "Auditor",
    }
}

/// The role × operation table as Markdown: docs/PERMISSIONS.md (`despacho-cli permissions
/// --markdown`); a test fails when that file differs from this.
pub fn permissions_markdown() -> String {
    let mut s = String::from(
        "# Who may do what\n\n\
         <!-- Generated by `despacho-cli permissions --markdown` from `users::permission_matrix`; \
         do not edit. A test fails when this file differs from the code. -->\n\n\
         Computed from the code's rules (`User::can`) for every role, asked with and without the \
         administrator flag. **yes**: every user with the role; **admin**: only users with the \
         role who are administrators; **—**: never.\n\n",
    );
    s.push_str("| Operation |");
    for r in Role::ALL {
        s.push_str(&format!(" {} |", role_label(r)));
    }
    s.push_str("\n|---|");
    for _ in Role::ALL {
        s.push_str(":---:|");
    }
    s.push('\n');
    for (p, grants) in permission_matrix() {
        s.push_str(&format!("| `{}`: {} |", p.as_str(), p.describe()));
        for (_, g) in grants {
            s.push_str(&format!(" {} |", g.as_str()));
        }
        s.push('\n');
    }
    s
}
