//! `contacts.csv`: a run's contact log in the ticket-export schema that
//! `wfsim calibrate` reads (see `tickets::FIELDS`).

use crate::analysis::contact_log::ContactRow;
use crate::model::Outcome;
use crate::tickets::{wall_clock_text, FIELDS};

/// The calendar day week 0 starts on: a Monday, so the log's weekdays are
/// the scenario's (its weekday weights start on Monday).
pub const WEEK_ZERO: (&str, i64) = ("2024-01-01", 19_723);

fn human_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Resolved => "resolved",
        Outcome::WrongAnswer => "wrong_answer",
        _ => "abandoned",
    }
}

/// The CSV bytes, one row per contact; `categories` names them.
pub fn contacts_csv(rows: &[ContactRow], categories: &[String]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(FIELDS)?;
    let seconds = |s: f64| s.to_string();
    for r in rows {
        let (ai_outcome, ai_seconds) = r.ai.map_or((String::new(), String::new()), |(e, s)| {
            (e.name().to_string(), seconds(s))
        });
        let (human_outcome, wait, handle) = r.human.map_or(
            (String::new(), String::new(), String::new()),
            |(o, wait, handle)| {
                (
                    human_name(o).to_string(),
                    seconds(wait),
                    handle.map_or(String::new(), seconds),
                )
            },
        );
        w.write_record([
            wall_clock_text(WEEK_ZERO.1 * 86_400 + r.arrived_at.floor() as i64),
            categories[r.category].clone(),
            format!("c{}", r.issue),
            ai_outcome,
            ai_seconds,
            human_outcome,
            wait,
            handle,
            r.satisfied
                .map_or(String::new(), |s| u8::from(s).to_string()),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn week_zero_is_the_monday_it_names() {
        let t = crate::tickets::parse_timestamp(&format!("{} 00:00:00", WEEK_ZERO.0)).unwrap();
        assert_eq!((t.local_day, t.weekday()), (WEEK_ZERO.1, 0));
    }
}
