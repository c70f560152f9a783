//! The Secretary-General's desk: what the home screen shows. Only sections whose features
//! exist in the store appear here.

use rusqlite::Connection;
use serde::Serialize;
use specta::Type;

use crate::audit::{self, AuditEntry};
use crate::error::Result;
use crate::members::{self, MemberCounts};

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Desk {
    pub members: MemberCounts,
    /// The latest changes in the store, newest first.
    pub recent: Vec<AuditEntry>,
}

pub fn desk(conn: &Connection) -> Result<Desk> {
    Ok(Desk {
        members: members::member_counts(conn)?,
        recent: audit::recent(conn, 12)?,
    })
}
