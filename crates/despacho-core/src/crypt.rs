//! Encryption at rest (ADR 0008).
//!
//! The store is a SQLCipher database keyed with a random 32-byte **data key** K, given raw
//! (`PRAGMA key = "x'…'"`), so opening it costs no key derivation. K never touches the disk in
//! clear: the **key file** beside the store, `<store>.keys` (JSON, versioned, mode 0600), holds
//! K wrapped twice with ChaCha20-Poly1305:
//! - under a key derived from the **passphrase** (argon2id, random salt, parameters stored in
//!   the file), chosen at first start and changed by re-wrapping K (instant: the store is not
//!   rewritten);
//! - under the **recovery key**, 20 random bytes shown once as `XXXX-XXXX-…` (base32), for a
//!   forgotten passphrase; a new one can be issued (the old one stops working).
//!
//! The key file also notes whether K is kept in the operating system's keyring
//! ("remember on this computer"); the keyring is consulted only when that note exists.
//! A plaintext store is encrypted in place by [`encrypt_in_place`], after a verified backup.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use specta::Type;

use crate::audit;
use crate::error::{AppError, ErrorCode, Result};
use crate::store::{now, Store};
use crate::users::{Permission, User};

/// The first 16 bytes of a plaintext SQLite file.
pub const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// argon2id parameters for new key files (OWASP's minimum for argon2id: 19 MiB, 2 passes, 1
/// lane). They are written into the key file, so a later version can raise them.
pub const KDF_MEMORY_KIB: u32 = 19_456;
pub const KDF_PASSES: u32 = 2;
pub const KDF_LANES: u32 = 1;

pub const MIN_PASSPHRASE_LEN: usize = 12;
pub const MAX_PASSPHRASE_LEN: usize = 1000;

const FORMAT: &str = "despacho-keys";
const VERSION: u32 = 1;
const AAD_PASSPHRASE: &[u8] = b"despacho-keys v1 passphrase";
const AAD_RECOVERY: &[u8] = b"despacho-keys v1 recovery";
const RECOVERY_BYTES: usize = 20;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The store's data key. Zeroed when dropped; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKey([u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl Drop for DataKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl DataKey {
    pub fn random() -> Result<DataKey> {
        let mut k = [0u8; 32];
        fill_random(&mut k)?;
        Ok(DataKey(k))
    }

    /// The key as 64 hex digits (what the keyring keeps).
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    pub fn from_hex(s: &str) -> Option<DataKey> {
        let v = unhex(s)?;
        let k: [u8; 32] = v.try_into().ok()?;
        Some(DataKey(k))
    }

    /// SQLCipher's raw-key literal: `x'<64 hex>'` (no key derivation when opening).
    pub(crate) fn sqlcipher_literal(&self) -> String {
        format!("x'{}'", hex(&self.0))
    }

    /// A short fingerprint stored in the key file to check that an unwrapped key is the one.
    fn check(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"despacho key check v1");
        h.update(self.0);
        hex(&h.finalize()[..8])
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("no randomness: {e}")))
}

/// Applies the key to a fresh connection; must be the first statement on it.
pub(crate) fn apply_key(conn: &Connection, key: &DataKey) -> Result<()> {
    // A wrong key is an expected refusal: SQLCipher need not log it on stderr.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    conn.execute_batch(&format!("PRAGMA key = \"{}\";", key.sqlcipher_literal()))?;
    Ok(())
}

/// Reads the schema: fails with `wrong_passphrase` when the key does not open the file.
pub(crate) fn check_readable(conn: &Connection) -> Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|_| ())
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => AppError::new(
            ErrorCode::WrongPassphrase,
            "the key does not open this store",
        ),
        _ => AppError::from(e),
    })
}

// ---------------------------------------------------------------------------------------------
// The store file and its key file
// ---------------------------------------------------------------------------------------------

/// What is at a store's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StoreFile {
    /// No store yet (first start).
    Missing,
    /// An unencrypted SQLite store (from before encryption): to be encrypted in place.
    Plaintext,
    /// An encrypted store (or an empty file).
    Encrypted,
}

/// Looks at the first bytes of the store file.
pub fn inspect(db: &Path) -> Result<StoreFile> {
    let mut f = match File::open(db) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(StoreFile::Missing),
        Err(e) => return Err(io("read", db, e)),
    };
    let mut head = [0u8; 16];
    let mut n = 0;
    while n < 16 {
        match f.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => return Err(io("read", db, e)),
        }
    }
    if n == 0 {
        // An empty file (SQLite creates the file before its first page): treated as missing.
        return Ok(StoreFile::Missing);
    }
    Ok(if n == 16 && &head == SQLITE_HEADER {
        StoreFile::Plaintext
    } else {
        StoreFile::Encrypted
    })
}

/// The key file beside a store: `<store>.keys`.
pub fn keys_path(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.keys", db.display()))
}

fn io(what: &str, path: &Path, e: std::io::Error) -> AppError {
    AppError::new(
        ErrorCode::Storage,
        format!("cannot {what} {}: {e}", path.display()),
    )
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Kdf {
    alg: String,
    memory_kib: u32,
    passes: u32,
    lanes: u32,
    salt: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Wrapped {
    nonce: String,
    ciphertext: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct KeyFile {
    format: String,
    version: u32,
    /// `sqlcipher-raw-key`: K is given to SQLCipher as is.
    cipher: String,
    key_check: String,
    kdf: Kdf,
    passphrase: Wrapped,
    recovery: Wrapped,
    /// K is kept in the operating system's keyring: consult it before asking.
    remembered: bool,
    updated_at: String,
}

/// What the key file says, for the settings screen and `key status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct KeyStatus {
    pub encrypted: bool,
    pub remembered: bool,
    pub key_file: String,
    pub kdf: String,
    pub updated_at: Option<String>,
}

fn damaged(path: &Path, why: &str) -> AppError {
    AppError::new(
        ErrorCode::InvalidFormat,
        format!(
            "the key file {} is damaged ({why}); restore it from a copy (backups carry one beside them)",
            path.display()
        ),
    )
}

fn read_key_file(db: &Path) -> Result<KeyFile> {
    let path = keys_path(db);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!(
                    "the store is encrypted but its key file {} is missing; copy it back (backups carry one beside them)",
                    path.display()
                ),
            ))
        }
        Err(e) => return Err(io("read", &path, e)),
    };
    let kf: KeyFile = serde_json::from_str(&text).map_err(|e| damaged(&path, &e.to_string()))?;
    if kf.format != FORMAT {
        return Err(damaged(&path, "not a Despacho key file"));
    }
    if kf.version != VERSION {
        return Err(AppError::new(
            ErrorCode::InvalidValue,
            format!(
                "the key file {} has version {}, this Despacho reads version {VERSION}; update Despacho",
                path.display(),
                kf.version
            ),
        ));
    }
    if kf.kdf.alg != "argon2id" || kf.cipher != "sqlcipher-raw-key" {
        return Err(damaged(&path, "unknown algorithm"));
    }
    Ok(kf)
}

fn write_key_file(db: &Path, kf: &KeyFile) -> Result<()> {
    let path = keys_path(db);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io("create folder", dir, e))?;
    }
    let tmp = PathBuf::from(format!("{}.tmp", path.display()));
    let text = serde_json::to_string_pretty(kf).expect("serializable");
    {
        use std::io::Write;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp).map_err(|e| io("write", &tmp, e))?;
        f.write_all(text.as_bytes())
            .and_then(|_| f.sync_all())
            .map_err(|e| io("write", &tmp, e))?;
    }
    std::fs::rename(&tmp, &path).map_err(|e| io("write", &path, e))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// The passphrase rules: 12 to 1000 characters, at least two kinds (lower-case letters,
/// capitals, digits, spaces or symbols). Refusals name the field `passphrase`.
pub fn check_passphrase(passphrase: &str) -> Result<()> {
    let n = passphrase.chars().count();
    if passphrase.trim().is_empty() {
        return Err(AppError::field(
            ErrorCode::Required,
            "passphrase",
            "a passphrase is required",
        ));
    }
    if n > MAX_PASSPHRASE_LEN {
        return Err(AppError::field(
            ErrorCode::TooLong,
            "passphrase",
            format!("the passphrase may have at most {MAX_PASSPHRASE_LEN} characters"),
        ));
    }
    if n < MIN_PASSPHRASE_LEN {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "passphrase",
            format!("the passphrase must have at least {MIN_PASSPHRASE_LEN} characters"),
        ));
    }
    if crate::users::kinds_of_characters(passphrase) < 2 {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "passphrase",
            "the passphrase must mix at least two kinds of characters: lower-case letters, capitals, digits, spaces or symbols",
        ));
    }
    Ok(())
}

fn derive(passphrase: &str, kdf: &Kdf) -> Result<[u8; 32]> {
    let salt = unhex(&kdf.salt)
        .filter(|s| s.len() >= 16)
        .ok_or_else(|| AppError::new(ErrorCode::InvalidFormat, "the key file is damaged (salt)"))?;
    let params =
        argon2::Params::new(kdf.memory_kib, kdf.passes, kdf.lanes, Some(32)).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidFormat,
                format!("the key file is damaged (argon2 parameters: {e})"),
            )
        })?;
    let a = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = [0u8; 32];
    a.hash_password_into(passphrase.as_bytes(), &salt, &mut out)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("argon2: {e}")))?;
    Ok(out)
}

fn recovery_wrapping_key(recovery: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"despacho recovery key v1");
    h.update(recovery);
    h.finalize().into()
}

fn wrap(kek: &[u8; 32], aad: &[u8], key: &DataKey) -> Result<Wrapped> {
    let mut nonce = [0u8; 12];
    fill_random(&mut nonce)?;
    let cipher = ChaCha20Poly1305::new(Key::from_slice(kek));
    let ct = cipher
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: &key.0, aad })
        .map_err(|_| AppError::new(ErrorCode::Internal, "cannot wrap the key"))?;
    Ok(Wrapped {
        nonce: hex(&nonce),
        ciphertext: hex(&ct),
    })
}

/// `None` when the wrapping key is wrong (or the wrapped bytes were altered).
fn unwrap(kek: &[u8; 32], aad: &[u8], w: &Wrapped, path: &Path) -> Result<Option<DataKey>> {
    let nonce = unhex(&w.nonce)
        .filter(|n| n.len() == 12)
        .ok_or_else(|| damaged(path, "nonce"))?;
    let ct = unhex(&w.ciphertext)
        .filter(|c| c.len() == 48)
        .ok_or_else(|| damaged(path, "wrapped key"))?;
    let cipher = ChaCha20Poly1305::new(Key::from_slice(kek));
    match cipher.decrypt(Nonce::from_slice(&nonce), Payload { msg: &ct, aad }) {
        Ok(mut plain) => {
            let k: [u8; 32] = plain
                .as_slice()
                .try_into()
                .map_err(|_| damaged(path, "key length"))?;
            zeroize::Zeroize::zeroize(&mut plain);
            Ok(Some(DataKey(k)))
        }
        Err(_) => Ok(None),
    }
}

fn new_kdf() -> Result<Kdf> {
    let mut salt = [0u8; 16];
    fill_random(&mut salt)?;
    Ok(Kdf {
        alg: "argon2id".into(),
        memory_kib: KDF_MEMORY_KIB,
        passes: KDF_PASSES,
        lanes: KDF_LANES,
        salt: hex(&salt),
    })
}

/// A new recovery key: 20 random bytes, shown as eight groups of four base32 characters.
fn new_recovery() -> Result<(Vec<u8>, String)> {
    let mut raw = vec![0u8; RECOVERY_BYTES];
    fill_random(&mut raw)?;
    Ok((raw.clone(), format_recovery(&raw)))
}

fn format_recovery(raw: &[u8]) -> String {
    let mut bits = 0u32;
    let mut n = 0;
    let mut chars = String::new();
    for &b in raw {
        bits = (bits << 8) | u32::from(b);
        n += 8;
        while n >= 5 {
            n -= 5;
            chars.push(BASE32[((bits >> n) & 31) as usize] as char);
        }
    }
    chars
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).expect("ascii"))
        .collect::<Vec<_>>()
        .join("-")
}

/// Reads a recovery key as typed: case, spaces and hyphens do not matter; 0, 1 and 8 are
/// read as O, I and B (they are not in the alphabet).
pub fn parse_recovery(text: &str) -> Result<Vec<u8>> {
    let bad = || {
        AppError::field(
            ErrorCode::InvalidFormat,
            "recovery_key",
            "a recovery key is 32 letters and digits in groups of four (XXXX-XXXX-…)",
        )
    };
    let mut bits = 0u64;
    let mut n = 0;
    let mut out = Vec::new();
    let mut count = 0;
    for c in text.chars() {
        if c == '-' || c.is_whitespace() {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            '0' => 'O',
            '1' => 'I',
            '8' => 'B',
            c => c,
        };
        let v = BASE32
            .iter()
            .position(|&b| b as char == c)
            .ok_or_else(bad)? as u64;
        count += 1;
        bits = (bits << 5) | v;
        n += 5;
        if n >= 8 {
            n -= 8;
            out.push(((bits >> n) & 0xff) as u8);
        }
    }
    if count != 32 || out.len() != RECOVERY_BYTES {
        return Err(bad());
    }
    Ok(out)
}

fn key_file_for(
    key: &DataKey,
    passphrase: &str,
    recovery: &[u8],
    remembered: bool,
) -> Result<KeyFile> {
    let kdf = new_kdf()?;
    let kek = derive(passphrase, &kdf)?;
    Ok(KeyFile {
        format: FORMAT.into(),
        version: VERSION,
        cipher: "sqlcipher-raw-key".into(),
        key_check: key.check(),
        passphrase: wrap(&kek, AAD_PASSPHRASE, key)?,
        recovery: wrap(&recovery_wrapping_key(recovery), AAD_RECOVERY, key)?,
        kdf,
        remembered,
        updated_at: now(),
    })
}

fn checked(kf: &KeyFile, key: DataKey, path: &Path) -> Result<DataKey> {
    if key.check() != kf.key_check {
        return Err(damaged(path, "the key check does not match"));
    }
    Ok(key)
}

/// Unwraps K with the passphrase; `wrong_passphrase` (field `passphrase`) when it does not.
pub fn unlock(db: &Path, passphrase: &str) -> Result<DataKey> {
    let kf = read_key_file(db)?;
    let kek = derive(passphrase, &kf.kdf)?;
    match unwrap(&kek, AAD_PASSPHRASE, &kf.passphrase, &keys_path(db))? {
        Some(k) => checked(&kf, k, &keys_path(db)),
        None => Err(AppError::field(
            ErrorCode::WrongPassphrase,
            "passphrase",
            "the passphrase does not unlock this store",
        )),
    }
}

/// Unwraps K with the recovery key; `wrong_passphrase` (field `recovery_key`) when it does not.
pub fn unlock_with_recovery(db: &Path, recovery: &str) -> Result<DataKey> {
    let raw = parse_recovery(recovery)?;
    let kf = read_key_file(db)?;
    match unwrap(
        &recovery_wrapping_key(&raw),
        AAD_RECOVERY,
        &kf.recovery,
        &keys_path(db),
    )? {
        Some(k) => checked(&kf, k, &keys_path(db)),
        None => Err(AppError::field(
            ErrorCode::WrongPassphrase,
            "recovery_key",
            "the recovery key does not unlock this store",
        )),
    }
}

/// Re-wraps K under a new passphrase (the store itself is not rewritten). `key` must be the
/// store's key (checked against the key file).
pub fn rewrap_passphrase(db: &Path, key: &DataKey, new_passphrase: &str) -> Result<()> {
    check_passphrase(new_passphrase)?;
    let mut kf = read_key_file(db)?;
    if key.check() != kf.key_check {
        return Err(AppError::new(
            ErrorCode::WrongPassphrase,
            "this key is not the store's key",
        ));
    }
    let kdf = new_kdf()?;
    let kek = derive(new_passphrase, &kdf)?;
    kf.passphrase = wrap(&kek, AAD_PASSPHRASE, key)?;
    kf.kdf = kdf;
    kf.updated_at = now();
    write_key_file(db, &kf)
}

/// Issues a new recovery key (the previous one stops working); returns it to be shown once.
pub fn rewrap_recovery(db: &Path, key: &DataKey) -> Result<String> {
    let mut kf = read_key_file(db)?;
    if key.check() != kf.key_check {
        return Err(AppError::new(
            ErrorCode::WrongPassphrase,
            "this key is not the store's key",
        ));
    }
    let (raw, shown) = new_recovery()?;
    kf.recovery = wrap(&recovery_wrapping_key(&raw), AAD_RECOVERY, key)?;
    kf.updated_at = now();
    write_key_file(db, &kf)?;
    Ok(shown)
}

/// Notes in the key file whether K is kept in the keyring.
pub fn set_remembered_note(db: &Path, remembered: bool) -> Result<()> {
    let mut kf = read_key_file(db)?;
    if kf.remembered != remembered {
        kf.remembered = remembered;
        kf.updated_at = now();
        write_key_file(db, &kf)?;
    }
    Ok(())
}

/// Does the key file say that K is in the keyring? (False when there is no readable key file.)
pub fn is_remembered(db: &Path) -> bool {
    read_key_file(db).map(|k| k.remembered).unwrap_or(false)
}

pub fn status(db: &Path) -> Result<KeyStatus> {
    let encrypted = inspect(db)? == StoreFile::Encrypted;
    let kf = if keys_path(db).exists() {
        Some(read_key_file(db)?)
    } else {
        None
    };
    Ok(KeyStatus {
        encrypted,
        remembered: kf.as_ref().is_some_and(|k| k.remembered),
        key_file: keys_path(db).display().to_string(),
        kdf: kf
            .as_ref()
            .map(|k| {
                format!(
                    "argon2id m={} KiB t={} p={}",
                    k.kdf.memory_kib, k.kdf.passes, k.kdf.lanes
                )
            })
            .unwrap_or_default(),
        updated_at: kf.map(|k| k.updated_at),
    })
}

/// Copies the store's key file beside a copy of the store (a backup, a snapshot): `<copy>.keys`.
/// Without it a copy could only be opened with the data key itself.
pub(crate) fn copy_key_file(db: &Path, copy: &Path) -> Result<()> {
    let from = keys_path(db);
    if !from.exists() {
        return Ok(());
    }
    let kf = read_key_file(db)?;
    let mut kf = kf;
    kf.remembered = false;
    write_key_file(copy, &kf)
}

// ---------------------------------------------------------------------------------------------
// Creating, opening and encrypting stores
// ---------------------------------------------------------------------------------------------

/// A new encrypted store with a fresh K under `passphrase`; returns it and the recovery key
/// (to be shown once). Refused if a store already exists at `db`.
pub fn create_store(db: &Path, passphrase: &str) -> Result<(Store, String)> {
    check_passphrase(passphrase)?;
    if inspect(db)? != StoreFile::Missing {
        return Err(AppError::new(
            ErrorCode::AlreadyInitialized,
            format!("{} already exists", db.display()),
        ));
    }
    let key = DataKey::random()?;
    let (raw, shown) = new_recovery()?;
    write_key_file(db, &key_file_for(&key, passphrase, &raw, false)?)?;
    match Store::open_with_key(db, &key) {
        Ok(store) => Ok((store, shown)),
        Err(e) => {
            remove_new_store(db);
            Err(e)
        }
    }
}

/// Writes a new key file for `key` under `passphrase`; returns the recovery key (shown once).
pub(crate) fn new_key_file(db: &Path, key: &DataKey, passphrase: &str) -> Result<String> {
    let (raw, shown) = new_recovery()?;
    write_key_file(db, &key_file_for(key, passphrase, &raw, false)?)?;
    Ok(shown)
}

/// Removes a store just created (and its key file), when what it was created for failed.
pub fn remove_new_store(db: &Path) {
    for p in [
        db.to_path_buf(),
        sidecar(db, "-wal"),
        sidecar(db, "-shm"),
        sidecar(db, "-journal"),
        keys_path(db),
        crate::sync::site::key_path(db),
    ] {
        let _ = std::fs::remove_file(p);
    }
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// What encrypting a plaintext store did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct EncryptReport {
    pub store_path: String,
    /// The verified copy of the store as it was, kept beside it — encrypted under the same key
    /// once the encrypted store opened, with its key file beside it.
    pub backup: String,
    /// Shown once.
    pub recovery_key: String,
    pub tables: u32,
    /// A number for the UI (exact up to 2^53).
    #[specta(type = f64)]
    pub rows: u64,
}

/// Where [`encrypt_in_place_failing`] stops, for the tests of a failure in the middle.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailAt {
    Never,
    AfterBackup,
    AfterExport,
}

/// The table names and row counts of a database, in name order.
fn row_counts(conn: &Connection, schema: &str) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = {
        let mut st = conn.prepare(&format!(
            "SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ))?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut out = Vec::new();
    for n in names {
        let c: i64 = conn.query_row(
            &format!(
                "SELECT count(*) FROM {schema}.\"{}\"",
                n.replace('"', "\"\"")
            ),
            [],
            |r| r.get(0),
        )?;
        out.push((n, c));
    }
    Ok(out)
}

/// Exports everything `src` holds (schema, rows, `user_version`) into a new file `dest`
/// keyed with `key` (`sqlcipher_export`), then checks the new file: integrity and the same
/// row count in every table. Returns the counts.
pub(crate) fn export_to(
    src: &Connection,
    dest: &Path,
    key: &DataKey,
) -> Result<Vec<(String, i64)>> {
    let _ = std::fs::remove_file(dest);
    // An empty file is an empty database: the source connection may lack the CREATE flag.
    File::create(dest).map_err(|e| io("create", dest, e))?;
    src.execute(
        "ATTACH DATABASE ?1 AS despacho_export KEY ?2",
        rusqlite::params![dest.display().to_string(), key.sqlcipher_literal()],
    )?;
    let result = export_attached(src);
    let detach = src.execute_batch("DETACH DATABASE despacho_export");
    result?;
    detach?;
    let before = row_counts(src, "main")?;
    let version: i64 = src.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let dst = Connection::open_with_flags(
        dest,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_key(&dst, key)?;
    check_readable(&dst)?;
    let problems = integrity_lines(&dst)?;
    if !problems.is_empty() {
        return Err(AppError::new(
            ErrorCode::Storage,
            format!(
                "the encrypted copy failed its integrity check: {}",
                problems.join("; ")
            ),
        ));
    }
    let after = row_counts(&dst, "main")?;
    if after != before {
        return Err(AppError::new(
            ErrorCode::Storage,
            "the encrypted copy does not hold the same rows as the store",
        ));
    }
    let v2: i64 = dst.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if v2 != version {
        return Err(AppError::new(
            ErrorCode::Storage,
            format!("the encrypted copy has schema version {v2}, the store {version}"),
        ));
    }
    dst.close().map_err(|(_, e)| AppError::from(e))?;
    File::open(dest)
        .and_then(|f| f.sync_all())
        .map_err(|e| io("sync", dest, e))?;
    Ok(after)
}

fn export_attached(src: &Connection) -> Result<()> {
    src.query_row("SELECT sqlcipher_export('despacho_export')", [], |_| Ok(()))?;
    // `sqlcipher_export` does not copy the schema version.
    let version: i64 = src.pragma_query_value(None, "user_version", |r| r.get(0))?;
    src.execute_batch(&format!("PRAGMA despacho_export.user_version = {version};"))?;
    Ok(())
}

fn integrity_lines(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    let lines = st
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
}

/// Encrypts a plaintext store in place, while nothing else holds it open: a verified backup
/// first (`<store>.before-encryption-<stamp>.db`, kept and named in the report), then an
/// encrypted copy under a new K (checked: integrity, row counts, schema version), the key file,
/// and an atomic rename over the store; the stale `-wal`/`-shm` files are removed. On any
/// failure before the rename the plaintext store is left as it was (and the plaintext backup
/// beside it). Once the encrypted store opens, the backup is replaced by an encrypted one under
/// the same key, with a copy of the key file.
pub fn encrypt_in_place(db: &Path, passphrase: &str) -> Result<(Store, EncryptReport)> {
    encrypt_in_place_failing(db, passphrase, FailAt::Never)
}

#[doc(hidden)]
pub fn encrypt_in_place_failing(
    db: &Path,
    passphrase: &str,
    fail: FailAt,
) -> Result<(Store, EncryptReport)> {
    check_passphrase(passphrase)?;
    if inspect(db)? != StoreFile::Plaintext {
        return Err(AppError::new(
            ErrorCode::InvalidValue,
            format!("{} is not an unencrypted store", db.display()),
        ));
    }
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "busy_timeout", 5000)?;
    // Leaving WAL mode needs the only connection: nothing else may hold the store.
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(|e| AppError::new(ErrorCode::Unavailable, format!("the store is in use: {e}")))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(AppError::new(
            ErrorCode::Unavailable,
            "the store is in use: close Despacho, then try again",
        ));
    }
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "despacho.db".into());
    let backup = db.with_file_name(format!("{name}.before-encryption-{stamp}.db"));
    crate::backup::backup_conn_keyed(&conn, &backup, None)?;
    if fail == FailAt::AfterBackup {
        return Err(AppError::new(
            ErrorCode::Internal,
            "stopped after the backup (test)",
        ));
    }
    let tmp = db.with_file_name(format!(".{name}.encrypt-tmp-{}", std::process::id()));
    let key = DataKey::random()?;
    let cleanup = |e: AppError| {
        let _ = std::fs::remove_file(&tmp);
        let _ = std::fs::remove_file(sidecar(&tmp, "-journal"));
        e
    };
    let counts = export_to(&conn, &tmp, &key).map_err(cleanup)?;
    if fail == FailAt::AfterExport {
        return Err(cleanup(AppError::new(
            ErrorCode::Internal,
            "stopped after the export (test)",
        )));
    }
    let (raw, shown) = new_recovery().map_err(cleanup)?;
    let kf = key_file_for(&key, passphrase, &raw, false).map_err(cleanup)?;
    conn.close().map_err(|(_, e)| cleanup(AppError::from(e)))?;
    // The key file first: a crash before the rename leaves a plaintext store (encrypted
    // again on the next start, which rewrites the key file) — never an encrypted store
    // without its key file.
    write_key_file(db, &kf).map_err(cleanup)?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sidecar(db, suffix));
    }
    std::fs::rename(&tmp, db).map_err(|e| cleanup(io("replace", db, e)))?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    let store = Store::open_with_key(db, &key)?;
    // The plaintext backup was the way back while the store was converted. Now that the
    // encrypted store opens and checks, it is replaced (renamed over, after its own check) by
    // an encrypted copy under the same key, with its key file: no readable copy is left behind.
    crate::backup::backup_conn_keyed(store.conn(), &backup, Some(&key))?;
    copy_key_file(db, &backup)?;
    Ok((
        store,
        EncryptReport {
            store_path: db.display().to_string(),
            backup: backup.display().to_string(),
            recovery_key: shown,
            tables: counts.len() as u32,
            rows: counts.iter().map(|(_, c)| *c as u64).sum(),
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// Operations of an administrator on the open store
// ---------------------------------------------------------------------------------------------

fn store_key(store: &Store) -> Result<DataKey> {
    store
        .key()
        .cloned()
        .ok_or_else(|| AppError::new(ErrorCode::InvalidValue, "this store is not encrypted"))
}

/// The open store's key and path, once `current` (the passphrase asked again; its errors name
/// the field `current`) unlocks this store's key file to that same key.
fn confirm_current(store: &Store, current: &str) -> Result<(DataKey, PathBuf)> {
    let key = store_key(store)?;
    let db = store.path().to_path_buf();
    let opened = unlock(&db, current).map_err(|mut e| {
        if e.field.as_deref() == Some("passphrase") {
            e.field = Some("current".into());
        }
        e
    })?;
    if opened != key {
        return Err(AppError::new(
            ErrorCode::WrongPassphrase,
            "the key file does not belong to this store",
        ));
    }
    Ok((key, db))
}

/// Changes the passphrase (administrators): the current one is checked, then K is re-wrapped
/// under the new one (the store is not rewritten). Audited.
pub fn change_passphrase(
    store: &mut Store,
    actor: &User,
    current: &str,
    new_passphrase: &str,
) -> Result<()> {
    actor.require(Permission::ManageSettings)?;
    check_passphrase(new_passphrase).map_err(|mut e| {
        e.field = Some("new_passphrase".into());
        e
    })?;
    let (key, db) = confirm_current(store, current)?;
    store.transaction(|tx| {
        audit::record(
            tx,
            Some(&actor.id),
            "store.passphrase_change",
            "store",
            None,
            &json!({}),
        )?;
        rewrap_passphrase(&db, &key, new_passphrase)
    })
}

/// Issues a new recovery key (administrators; the current passphrase is asked again). The
/// previous recovery key stops working. Audited; the key is returned to be shown once.
pub fn issue_recovery_key(store: &mut Store, actor: &User, current: &str) -> Result<String> {
    actor.require(Permission::ManageSettings)?;
    let (key, db) = confirm_current(store, current)?;
    store.transaction(|tx| {
        audit::record(
            tx,
            Some(&actor.id),
            "store.recovery_key_issue",
            "store",
            None,
            &json!({}),
        )?;
        rewrap_recovery(&db, &key)
    })
}

// ---------------------------------------------------------------------------------------------
// The operating system's keyring
// ---------------------------------------------------------------------------------------------

/// K in the operating system's keyring (Secret Service on Linux, Keychain, Credential Manager),
/// one entry per store path. Every call runs on a thread of its own with a time limit, so a
/// machine without a keyring service never waits long. Callers consult it only when the key
/// file says K was remembered ([`is_remembered`]).
pub mod keyring {
    use super::*;

    /// How long a keyring call may take before it counts as unavailable.
    pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

    #[cfg(feature = "os-keyring")]
    fn entry(db: &Path) -> std::result::Result<::keyring::Entry, String> {
        let abs = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
        ::keyring::Entry::new("despacho", &abs.display().to_string()).map_err(|e| e.to_string())
    }

    #[cfg(feature = "os-keyring")]
    fn with_timeout<T: Send + 'static>(
        f: impl FnOnce() -> std::result::Result<T, String> + Send + 'static,
    ) -> Result<T> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        match rx.recv_timeout(TIMEOUT) {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(AppError::new(
                ErrorCode::Unavailable,
                format!("the keyring refused: {e}"),
            )),
            Err(_) => Err(AppError::new(
                ErrorCode::Unavailable,
                "the keyring did not answer",
            )),
        }
    }

    /// Keeps K in the keyring and notes it in the key file.
    pub fn remember(db: &Path, key: &DataKey) -> Result<()> {
        save(db, key)?;
        set_remembered_note(db, true)
    }

    /// Removes K from the keyring (if it is there) and the note from the key file.
    pub fn forget(db: &Path) -> Result<()> {
        set_remembered_note(db, false)?;
        let _ = delete(db);
        Ok(())
    }

    /// K from the keyring, when the key file says it is there. `Ok(None)` when not remembered;
    /// an `unavailable` error when the keyring fails (ask the passphrase then).
    pub fn recall(db: &Path) -> Result<Option<DataKey>> {
        if !is_remembered(db) {
            return Ok(None);
        }
        let hex = load(db)?;
        let key = DataKey::from_hex(&hex).ok_or_else(|| {
            AppError::new(ErrorCode::Unavailable, "the keyring holds no valid key")
        })?;
        let kf = read_key_file(db)?;
        if key.check() != kf.key_check {
            return Err(AppError::new(
                ErrorCode::Unavailable,
                "the key in the keyring is not this store's",
            ));
        }
        Ok(Some(key))
    }

    #[cfg(feature = "os-keyring")]
    fn save(db: &Path, key: &DataKey) -> Result<()> {
        let e = entry(db).map_err(|e| AppError::new(ErrorCode::Unavailable, e))?;
        let hex = key.to_hex();
        with_timeout(move || e.set_password(&hex).map_err(|e| e.to_string()))
    }
    #[cfg(feature = "os-keyring")]
    fn load(db: &Path) -> Result<String> {
        let e = entry(db).map_err(|e| AppError::new(ErrorCode::Unavailable, e))?;
        with_timeout(move || e.get_password().map_err(|e| e.to_string()))
    }
    #[cfg(feature = "os-keyring")]
    fn delete(db: &Path) -> Result<()> {
        let e = entry(db).map_err(|e| AppError::new(ErrorCode::Unavailable, e))?;
        with_timeout(move || e.delete_credential().map_err(|e| e.to_string()))
    }

    #[cfg(not(feature = "os-keyring"))]
    fn unavailable() -> AppError {
        AppError::new(ErrorCode::Unavailable, "this build has no keyring support")
    }
    #[cfg(not(feature = "os-keyring"))]
    fn save(_: &Path, _: &DataKey) -> Result<()> {
        Err(unavailable())
    }
    #[cfg(not(feature = "os-keyring"))]
    fn load(_: &Path) -> Result<String> {
        Err(unavailable())
    }
    #[cfg(not(feature = "os-keyring"))]
    fn delete(_: &Path) -> Result<()> {
        Err(unavailable())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_keys_round_trip_and_tolerate_typing() {
        let raw: Vec<u8> = (0u8..20).collect();
        let shown = format_recovery(&raw);
        assert_eq!(shown.len(), 32 + 7);
        assert_eq!(parse_recovery(&shown).unwrap(), raw);
        let typed = shown.to_lowercase().replace('-', " ");
        assert_eq!(parse_recovery(&typed).unwrap(), raw);
        assert!(parse_recovery("ABCD-EFGH").is_err());
        assert!(parse_recovery(&format!("{shown}A")).is_err());
    }

    #[test]
    fn passphrase_rules() {
        assert_eq!(check_passphrase("").unwrap_err().code, ErrorCode::Required);
        assert_eq!(
            check_passphrase("short one").unwrap_err().code,
            ErrorCode::InvalidValue
        );
        assert_eq!(
            check_passphrase("aaaaaaaaaaaaaaaa").unwrap_err().code,
            ErrorCode::InvalidValue
        );
        check_passphrase("una frase bastante larga").unwrap();
        assert_eq!(
            check_passphrase(&"ab ".repeat(400)).unwrap_err().code,
            ErrorCode::TooLong
        );
    }
}
