//! Despacho's core: the office's domain, the local SQLite store and the operations that the
//! Tauri shell and the CLI both call. No Tauri, no GTK: this crate builds and tests anywhere.
//!
//! Every write operation takes the acting [`users::User`], validates its input, checks the
//! user's role, and runs in one transaction together with its audit row: on any error,
//! nothing is written.

pub mod agenda;
pub mod agreements;
pub mod assistance;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod bodies;
pub mod budget;
pub mod calendar;
pub mod compliance;
pub mod cooperation;
pub mod countries;
pub mod crypt;
pub mod demo;
pub mod demo_compliance;
pub mod demo_cooperation;
pub mod demo_elections;
pub mod demo_finance;
pub mod demo_regulations;
pub mod desk;
pub mod dues;
pub mod elections;
pub mod error;
pub mod generate;
pub mod import;
pub mod instruments;
pub mod ledger;
pub mod letterhead;
pub mod lists;
pub mod members;
pub mod minutes;
pub mod missions;
pub mod money;
pub mod obligations;
pub mod projection;
pub mod publications;
pub mod regulations;
pub mod rng;
pub mod search;
pub mod sessions;
pub mod statements;
pub mod store;
pub mod sync;
pub mod users;
pub mod validate;

pub use error::{AppError, ErrorCode, Result};
pub use store::Store;
