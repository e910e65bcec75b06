//! `wfsim calibrate TICKETS`: a scenario whose customer facts are fitted
//! from a ticket export (CSV, or an `.xlsx` workbook's first sheet).

use std::path::{Path, PathBuf};

use clap::Args;

use super::terminal::{out, outln};
use super::Failure;
use crate::analysis::calibrate;
use crate::report;
use crate::scenario::{self, Limits, Overrides};
use crate::tickets::{self, TicketError};

/// Bad rows listed by name with `--skip-bad-rows` (the rest are counted).
const BAD_ROWS_SHOWN: usize = 5;

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// The ticket export: CSV with a header row, or .xlsx (first sheet), one row per contact.
    pub tickets: PathBuf,
    /// Column names that differ from the fields' names, e.g. created_at=Opened,category=Topic.
    #[arg(long, value_delimiter = ',')]
    pub map: Vec<String>,
    /// The scenario's name (default: the export's file name with -calibrated).
    #[arg(long)]
    pub name: Option<String>,
    /// Where to write the scenario (default: NAME.toml in the current folder).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the fitted figures as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Count and skip rows that cannot be read instead of stopping at the first.
    #[arg(long)]
    pub skip_bad_rows: bool,
}

/// The export's rows as text cells, the header first.
fn cells(path: &Path, file: &str) -> Result<Vec<Result<Vec<String>, String>>, Failure> {
    let is_workbook = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"));
    if is_workbook {
        return tickets::workbook_rows(path).map_err(|e| {
            Failure::Input(format!(
                "{file}: {e}\n  help: save the export as .xlsx or CSV with a header row"
            ))
        });
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::Input(format!("{file}: cannot read: {e}\n  help: check the path")))?;
    Ok(tickets::csv_rows(&bytes).collect())
}

pub fn run(args: &CalibrateArgs) -> Result<(), Failure> {
    let file = args.tickets.display().to_string();
    let input = |e: TicketError| Failure::Input(e.render(&file));
    let map = tickets::parse_map(&args.map).map_err(|e| Failure::Input(e.render("--map")))?;
    let rows = cells(&args.tickets, &file)?;
    let tickets = tickets::read_rows(rows.into_iter(), &map, args.skip_bad_rows).map_err(input)?;
    let fit = calibrate::fit(&tickets);
    let name = args.name.clone().unwrap_or_else(|| {
        let stem = args
            .tickets
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("tickets");
        format!("{stem}-calibrated")
    });
    let source = args
        .tickets
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("the export");
    let text = report::calibrated_scenario(&fit, &name, source);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{name}.toml")));
    let shown = out.display().to_string();
    // What is written must load: a failure here is wfsim's defect, not the
    // user's, and nothing is written.
    scenario::parse_with(&shown, &text, &Limits::default(), &Overrides::default()).map_err(
        |e| {
            Failure::Internal(format!(
                "the calibrated scenario does not validate (a defect in wfsim):\n{e}"
            ))
        },
    )?;
    let folder = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = out.file_name().and_then(|s| s.to_str()).ok_or_else(|| {
        Failure::Input(format!(
            "--out {shown} is not a file name\n  help: e.g. --out scenarios/mine.toml"
        ))
    })?;
    report::write_atomically(folder, &[(file_name, text.into_bytes())])
        .map_err(super::output::write_error)?;
    if args.json {
        let json =
            serde_json::to_string_pretty(&fit).map_err(|e| Failure::Internal(e.to_string()))?;
        out!("{json}\n")?;
        return Ok(());
    }
    outln!(
        "calibrated {} contacts ({} skipped) over {:.1} weeks: {:.0} new contacts a week in {} categories",
        fit.contacts,
        fit.skipped_rows,
        fit.weeks,
        fit.contacts_per_week,
        fit.categories.len()
    )?;
    for bad in tickets.skipped.iter().take(BAD_ROWS_SHOWN) {
        outln!(
            "  skipped {file}:{}: {}: {} ({:?})",
            bad.row,
            bad.field,
            bad.problem,
            bad.value
        )?;
    }
    if tickets.skipped.len() > BAD_ROWS_SHOWN {
        outln!(
            "  ... and {} more bad rows",
            tickets.skipped.len() - BAD_ROWS_SHOWN
        )?;
    }
    outln!("wrote {shown}; edit the values marked `default: edit`, then: wfsim check {shown}")?;
    Ok(())
}
