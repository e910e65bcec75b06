//! An `.xlsx` export's first sheet as text cells, the same cells a CSV of
//! it would hold, so one reader serves both.

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

use super::time::wall_clock_text;

/// An Excel serial date-time (days since 1899-12-30, the 1900 system) as
/// `YYYY-MM-DD HH:MM:SS`, rounded to the second.
pub fn excel_serial_to_text(serial: f64) -> String {
    wall_clock_text((serial * 86_400.0).round() as i64 - 25_569 * 86_400)
}

fn text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(t) => excel_serial_to_text(t.as_f64()),
        Data::Error(e) => return Err(format!("a spreadsheet error in a cell ({e:?})")),
    })
}

/// The first sheet's rows, the header first.
pub fn workbook_rows(path: &Path) -> Result<Vec<Result<Vec<String>, String>>, String> {
    let mut book: Xlsx<_> =
        open_workbook(path).map_err(|e| format!("cannot read the workbook: {e}"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("the workbook has no sheet")?
        .map_err(|e| format!("cannot read the first sheet: {e}"))?;
    Ok(range
        .rows()
        .map(|row| row.iter().map(text).collect::<Result<Vec<_>, _>>())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_read_as_the_dates_excel_shows() {
        // 45720.3854166667 is 2025-03-04 09:15:00 in Excel.
        assert_eq!(
            excel_serial_to_text(45_720.385_416_666_7),
            "2025-03-04 09:15:00"
        );
        assert_eq!(excel_serial_to_text(25_569.0), "1970-01-01 00:00:00");
    }
}
