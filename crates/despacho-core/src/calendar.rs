//! Calendar export: sessions as iCalendar (RFC 5545) files that calendar programs import.
//! A small writer: CRLF line endings, lines folded at 75 octets (never inside a UTF-8
//! character), TEXT values escaped (`\`, `;`, `,`, line breaks).

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;

use crate::agenda;
use crate::error::{AppError, ErrorCode, Result};
use crate::sessions::{self, Session, SessionFilter, SessionStatus};

/// The domain that makes event UIDs globally unique.
pub const UID_DOMAIN: &str = "despacho.ciss-bienestar.org";
const PRODID: &str = "-//CISS//Despacho//ES";

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line: at most 75 octets per line, continuation lines start with a space;
/// a UTF-8 character is never split. Each resulting line ends with CRLF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0usize;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

fn stamp(d: &DateTime<Utc>) -> String {
    d.format("%Y%m%dT%H%M%SZ").to_string()
}

fn utc_of(rfc3339: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("stored date: {e}")))
}

fn event(conn: &Connection, s: &Session, out: &mut String) -> Result<()> {
    let a = agenda::agenda(conn, &s.id)?;
    let main = s.main_language();
    let start = utc_of(&s.starts_at)?;
    let end = match &s.ends_at {
        Some(e) => Some(utc_of(e)?),
        None if a.total_minutes > 0 => Some(start + Duration::minutes(i64::from(a.total_minutes))),
        None => None,
    };
    let updated: String = conn.query_row(
        "SELECT updated_at FROM sessions WHERE id = ?1",
        [&s.id],
        |r| r.get(0),
    )?;
    let mut description = format!("{} — {}", s.body_names.get(main), s.name);
    if !a.items.is_empty() {
        description.push('\n');
        for i in &a.items {
            description.push_str(&format!(
                "\n{}{} {} ({})",
                if i.depth > 0 { "   " } else { "" },
                i.number,
                i.title(main),
                i.start_time
            ));
        }
    }
    let mut line = |l: String| out.push_str(&fold_line(&l));
    line("BEGIN:VEVENT".into());
    line(format!("UID:{}@{UID_DOMAIN}", s.id));
    line(format!("DTSTAMP:{}", stamp(&utc_of(&updated)?)));
    line(format!("DTSTART:{}", stamp(&start)));
    if let Some(e) = end {
        line(format!("DTEND:{}", stamp(&e)));
    }
    line(format!("SUMMARY:{}", escape_text(&s.name)));
    if !s.venue.is_empty() {
        line(format!("LOCATION:{}", escape_text(&s.venue)));
    }
    if let Some(u) = &s.virtual_link {
        line(format!("URL:{u}"));
    }
    line(format!("DESCRIPTION:{}", escape_text(&description)));
    line(format!("CATEGORIES:{}", escape_text(&s.body_code)));
    line(format!(
        "STATUS:{}",
        if s.status == SessionStatus::Planned {
            "TENTATIVE"
        } else {
            "CONFIRMED"
        }
    ));
    line("END:VEVENT".into());
    Ok(())
}

fn calendar(conn: &Connection, sessions: &[Session]) -> Result<String> {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        &format!("PRODID:{PRODID}"),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        out.push_str(&fold_line(l));
    }
    for s in sessions {
        event(conn, s, &mut out)?;
    }
    out.push_str(&fold_line("END:VCALENDAR"));
    Ok(out)
}

/// One session as an iCalendar file.
pub fn session_ics(conn: &Connection, session_id: &str) -> Result<String> {
    let s = sessions::get_session(conn, session_id)?;
    calendar(conn, &[s])
}

/// Every live session as one iCalendar file.
pub fn all_ics(conn: &Connection) -> Result<String> {
    let list = sessions::list_sessions(conn, &SessionFilter::default())?;
    calendar(conn, &list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn folding_counts_octets_and_keeps_characters_whole() {
        let short = fold_line("SUMMARY:x");
        assert_eq!(short, "SUMMARY:x\r\n");
        let long = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold_line(&long);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
    }
}
