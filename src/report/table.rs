//! Compact aligned tables for the terminal: columns padded to their widest
//! cell, two spaces apart, numbers aligned on the right, no trailing spaces.
//! Widths count characters, so `–` and `×` take one column.

/// How a column lines up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Rows of cells under a heading row, rendered with every line indented.
#[derive(Debug, Clone)]
pub struct Table {
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these headings, each column aligned as given.
    pub fn new<S: AsRef<str>>(columns: &[(S, Align)]) -> Table {
        Table {
            align: columns.iter().map(|(_, a)| *a).collect(),
            rows: vec![columns
                .iter()
                .map(|(h, _)| h.as_ref().to_string())
                .collect()],
        }
    }

    /// Appends a row; a short row leaves its last cells empty.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The lines, each starting with `indent` and ending with a newline.
    pub fn render(&self, indent: &str) -> String {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|j| {
                self.rows
                    .iter()
                    .filter_map(|r| r.get(j))
                    .map(|c| c.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in &self.rows {
            let mut line = indent.to_string();
            for (j, &w) in widths.iter().enumerate() {
                let cell = row.get(j).map_or("", String::as_str);
                if j > 0 {
                    line.push_str("  ");
                }
                match self.align.get(j).copied().unwrap_or(Align::Left) {
                    Align::Left => line.push_str(&format!("{cell:<w$}")),
                    Align::Right => line.push_str(&format!("{cell:>w$}")),
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Cells of an estimate column, `mean  [low, high]`, with the means
/// right-aligned among themselves so their digits line up and the intervals
/// start in one column: pass every row's (mean, interval) of the column.
pub fn estimate_cells(cells: &[(String, String)]) -> Vec<String> {
    let width = cells
        .iter()
        .map(|(m, _)| m.chars().count())
        .max()
        .unwrap_or(0);
    cells
        .iter()
        .map(|(m, i)| format!("{m:>width$}  {i}").trim_end().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_pad_to_the_widest_cell_and_lines_end_without_spaces() {
        let mut t = Table::new(&[
            ("figure", Align::Left),
            ("mean", Align::Right),
            ("unit", Align::Left),
        ]);
        t.row(vec!["arrived".into(), "79.5 M".into(), "contacts".into()]);
        t.row(vec!["ai_share".into(), "–".into(), String::new()]);
        t.row(vec!["x".into()]);
        assert_eq!(
            t.render("  "),
            "  figure      mean  unit\n  arrived   79.5 M  contacts\n  ai_share       –\n  x\n"
        );
    }

    #[test]
    fn estimate_cells_line_up_means_and_intervals() {
        let cells = estimate_cells(&[
            ("70.1 %".into(), "[69.0 %, 71.2 %]".into()),
            ("100.0 %".into(), "–".into()),
        ]);
        assert_eq!(cells, [" 70.1 %  [69.0 %, 71.2 %]", "100.0 %  –"]);
    }
}
