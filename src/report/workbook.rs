//! `wfsim.xlsx`: the run's figures as a workbook finance can open on a
//! Monday (rust_xlsxwriter), beside the CSV files it restates.
//!
//! Every number in it is a number the CSV and JSON outputs also hold, at
//! full precision: a cell's format (percent, currency, thousands) changes
//! only how it shows. Header rows are frozen. The workbook's creation date
//! is fixed, so the same run writes the same bytes (and a sharded run
//! merges into them).

use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};

use super::WriteError;
use crate::analysis::reversibility::{Figure, Reversibility, TimeFigure};
use crate::analysis::{RunResult, METRICS};
use crate::stats::Estimate;

/// How a column's numbers show (Excel number formats: the cell keeps
/// every digit, the format only rounds what is displayed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    General,
    Percent,
    /// Counts, and money totals: whole with separators. Totals are in the
    /// millions, where cents are noise; a separate money format with cents
    /// would change wfsim.xlsx's bytes, which stay as they are.
    Whole,
    /// Money per contact or issue, a few units: to the cent.
    MoneyCents,
    OneDecimal,
}

impl Style {
    /// The style of a metric unit.
    pub fn of_unit(unit: &str) -> Style {
        match unit {
            "share" => Style::Percent,
            "contacts" | "people" | "responses" | "slots" | "currency" => Style::Whole,
            u if u.starts_with("currency/") => Style::MoneyCents,
            "FTE" | "seconds" | "minutes" | "weeks" => Style::OneDecimal,
            _ => Style::General,
        }
    }

    fn format(self) -> Format {
        let f = Format::new();
        match self {
            Style::General => f,
            Style::Percent => f.set_num_format("0.0%"),
            Style::Whole => f.set_num_format("#,##0"),
            Style::MoneyCents => f.set_num_format("#,##0.00"),
            Style::OneDecimal => f.set_num_format("#,##0.0"),
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64, Style),
    Empty,
}

impl Cell {
    /// A figure: empty where undefined (NaN, as the CSV leaves it empty).
    fn number(v: f64, style: Style) -> Cell {
        if v.is_finite() {
            Cell::Number(v, style)
        } else {
            Cell::Empty
        }
    }

    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
}

/// One sheet: a header row (frozen) and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A line chart on a sheet, of columns of another.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub on_sheet: String,
    pub title: String,
    pub data_sheet: String,
    /// (header name, column) of each series; the categories are column 0.
    pub series: Vec<(String, u16)>,
    pub rows: u32,
    pub percent: bool,
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`,
/// unique within the workbook.
pub fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let base: String = clean.chars().take(31).collect();
    let mut name = base.clone();
    let mut k = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({k})");
        name = base.chars().take(31 - suffix.len()).collect::<String>() + &suffix;
        k += 1;
    }
    name
}

fn xlsx_error(e: XlsxError) -> WriteError {
    WriteError::Render {
        what: "wfsim.xlsx",
        message: e.to_string(),
    }
}

fn write_sheet(sheet: &Sheet) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(&sheet.name)?;
    let bold = Format::new().set_bold();
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
        ws.set_column_width(c as u16, (h.len() as f64 + 2.0).clamp(10.0, 40.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Number(v, Style::General) => {
                    ws.write_number(r, c, *v)?;
                }
                Cell::Number(v, style) => {
                    ws.write_number_with_format(r, c, *v, &style.format())?;
                }
                Cell::Empty => {}
            }
        }
    }
    Ok(ws)
}

fn chart(spec: &LineChart) -> Chart {
    let mut chart = Chart::new(ChartType::Line);
    chart.title().set_name(&spec.title);
    for (name, column) in &spec.series {
        chart
            .add_series()
            .set_name(name.as_str())
            .set_categories((spec.data_sheet.as_str(), 1, 0, spec.rows, 0))
            .set_values((spec.data_sheet.as_str(), 1, *column, spec.rows, *column));
    }
    chart.x_axis().set_name("week");
    if spec.percent {
        chart.y_axis().set_num_format("0%");
    }
    chart
}

/// The workbook's bytes.
pub fn workbook(sheets: &[Sheet], charts: &[LineChart]) -> Result<Vec<u8>, WriteError> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let fixed = ExcelDateTime::from_ymd(2024, 1, 1)?;
        book.set_properties(
            &DocProperties::new()
                .set_title("wfsim results")
                .set_creation_datetime(&fixed),
        );
        for sheet in sheets {
            let mut ws = write_sheet(sheet)?;
            for spec in charts.iter().filter(|c| c.on_sheet == sheet.name) {
                let col = sheet.header.len() as u16 + 1;
                ws.insert_chart(1, col, &chart(spec))?;
            }
            book.push_worksheet(ws);
        }
        book.save_to_buffer()
    };
    build().map_err(xlsx_error)
}

fn estimate_row(label: &str, unit: &str, e: &Estimate, n: u32) -> Vec<Cell> {
    let style = Style::of_unit(unit);
    vec![
        Cell::text(label),
        Cell::text(unit),
        Cell::number(e.mean, style),
        Cell::number(e.ci95_low, style),
        Cell::number(e.ci95_high, style),
        Cell::Number(f64::from(n), Style::Whole),
    ]
}

/// Headline totals with intervals.
pub fn summary_sheet(name: &str, result: &RunResult) -> Sheet {
    Sheet {
        name: name.into(),
        header: [
            "metric",
            "unit",
            "mean",
            "ci95_low",
            "ci95_high",
            "replications",
        ]
        .map(String::from)
        .to_vec(),
        rows: METRICS
            .iter()
            .zip(&result.totals)
            .map(|(m, e)| estimate_row(m.name, m.unit, e, result.replications))
            .collect(),
    }
}

/// One row per week, one column per metric (the weekly mean), units in the
/// header; `filter` keeps a subset of metrics.
fn weekly_sheet(name: &str, result: &RunResult, keep: impl Fn(&str) -> bool) -> Sheet {
    let columns: Vec<usize> = (0..METRICS.len())
        .filter(|&m| keep(METRICS[m].name))
        .collect();
    let mut header = vec!["week".to_string()];
    header.extend(
        columns
            .iter()
            .map(|&m| format!("{} ({})", METRICS[m].name, METRICS[m].unit)),
    );
    Sheet {
        name: name.into(),
        header,
        rows: result
            .weekly
            .iter()
            .enumerate()
            .map(|(week, estimates)| {
                let mut row = vec![Cell::Number(week as f64, Style::General)];
                row.extend(
                    columns
                        .iter()
                        .map(|&m| Cell::number(estimates[m].mean, Style::of_unit(METRICS[m].unit))),
                );
                row
            })
            .collect(),
    }
}

/// A CSV output as a sheet: numbers as numbers, the rest as text.
pub fn csv_sheet(name: &str, csv_bytes: &[u8]) -> Sheet {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(csv_bytes);
    let header = reader
        .headers()
        .map(|h| h.iter().map(String::from).collect())
        .unwrap_or_default();
    let rows = reader
        .records()
        .filter_map(Result::ok)
        .map(|record| {
            record
                .iter()
                .map(|v| match v.parse::<f64>() {
                    _ if v.is_empty() => Cell::Empty,
                    Ok(x) if x.is_finite() => Cell::Number(x, Style::General),
                    _ => Cell::text(v),
                })
                .collect()
        })
        .collect();
    Sheet {
        name: name.into(),
        header,
        rows,
    }
}

/// CSAT and service level by week, drawn from the `Weekly` sheet.
fn quality_chart(on_sheet: &str, weekly: &Sheet) -> LineChart {
    let series = ["csat_true (share)", "service_level (share)"]
        .iter()
        .filter_map(|h| {
            weekly
                .header
                .iter()
                .position(|x| x == h)
                .map(|c| (h.to_string(), c as u16))
        })
        .collect();
    LineChart {
        on_sheet: on_sheet.into(),
        title: "CSAT and service level by week".into(),
        data_sheet: weekly.name.clone(),
        series,
        rows: weekly.rows.len() as u32,
        percent: true,
    }
}

/// The bytes of the output `name` among the rendered `files`.
pub fn rendered<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> Option<&'a [u8]> {
    files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, bytes)| bytes.as_slice())
}

/// The sheets of a run: Summary, Weekly, Costs, Decisions (the rows of the
/// rendered `decisions.csv`, so the two cannot disagree) and, with pools,
/// Pools (`pools.csv`); and the chart on Summary.
pub fn run_sheets(result: &RunResult, files: &[(String, Vec<u8>)]) -> (Vec<Sheet>, Vec<LineChart>) {
    let summary = summary_sheet("Summary", result);
    let weekly = weekly_sheet("Weekly", result, |_| true);
    let costs = weekly_sheet("Costs", result, |m| m.starts_with("cost_"));
    let chart = quality_chart("Summary", &weekly);
    let decisions = csv_sheet("Decisions", rendered(files, "decisions.csv").unwrap_or(&[]));
    let mut sheets = vec![summary, weekly, costs, decisions];
    if let Some(pools) = rendered(files, "pools.csv") {
        sheets.push(csv_sheet("Pools", pools));
    }
    (sheets, vec![chart])
}

fn figure_row(label: &str, unit: &str, f: &Figure) -> Vec<Cell> {
    let style = Style::of_unit(unit);
    vec![
        Cell::text(label),
        Cell::text(unit),
        Cell::number(f.mean, style),
        f.ci95_low.map_or(Cell::Empty, |v| Cell::number(v, style)),
        f.ci95_high.map_or(Cell::Empty, |v| Cell::number(v, style)),
        Cell::Number(f.n as f64, Style::Whole),
    ]
}

fn time_row(label: &str, f: &TimeFigure) -> Vec<Cell> {
    figure_row(
        label,
        "weeks",
        &Figure {
            mean: f.mean,
            ci95_low: f.ci95_low,
            ci95_high: f.ci95_high,
            n: f.n,
        },
    )
}

/// `wfsim reversibility`'s key figures as a sheet.
pub fn reversibility_sheet(r: &Reversibility) -> Sheet {
    Sheet {
        name: "Reversibility".into(),
        header: ["figure", "unit", "mean", "ci95_low", "ci95_high", "n"]
            .map(String::from)
            .to_vec(),
        rows: vec![
            time_row("detection_weeks", &r.detection_weeks),
            time_row(
                "recovery_weeks (Kaplan-Meier restricted mean)",
                &r.recovery_weeks,
            ),
            figure_row("reversal_week", "weeks", &r.reversal_week),
            figure_row("round_trip_cost", "currency", &r.round_trip_cost),
            figure_row(
                "savings_while_automated",
                "currency",
                &r.savings_while_automated,
            ),
            figure_row("cost_difference", "currency", &r.cost_difference),
            figure_row(
                "dissatisfied_customers",
                "people",
                &r.dissatisfied_customers,
            ),
            figure_row("baseline_csat", "share", &r.baseline_csat),
            figure_row("baseline_service_level", "share", &r.baseline_service_level),
            figure_row("counterfactual_csat", "share", &r.counterfactual_csat),
            figure_row(
                "counterfactual_service_level",
                "share",
                &r.counterfactual_service_level,
            ),
            figure_row(
                "counterfactual_cost_total",
                "currency",
                &r.counterfactual_cost_total,
            ),
        ],
    }
}

/// `wfsim compare`'s workbook: one summary sheet per scenario and
/// `Compare` (the rows of `compare.csv`).
pub fn compare_workbook(results: &[&RunResult], compare_csv: &[u8]) -> Result<Vec<u8>, WriteError> {
    let mut sheets = vec![csv_sheet("Compare", compare_csv)];
    for r in results {
        let taken: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
        sheets.push(summary_sheet(&sheet_name(&r.scenario, &taken), r));
    }
    workbook(&sheets, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_cut_cleaned_and_unique() {
        let taken = vec!["Compare".to_string(), "a_b".to_string()];
        assert_eq!(sheet_name("a/b", &taken), "a_b (2)");
        assert_eq!(sheet_name("compare", &taken), "compare (2)");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &[]).len(), 31);
    }

    #[test]
    fn units_pick_their_formats() {
        assert_eq!(Style::of_unit("share"), Style::Percent);
        assert_eq!(Style::of_unit("currency/issue"), Style::MoneyCents);
        assert_eq!(Style::of_unit("contacts"), Style::Whole);
        assert_eq!(Style::of_unit("currency"), Style::Whole);
    }
}
