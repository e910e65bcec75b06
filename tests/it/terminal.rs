//! What the commands print on the terminal (issue #20): compact aligned
//! tables, numbers with their units (`%`, `M`, thousands separators), means
//! with their intervals. The files keep every digit (see `golden`).

use wfsim::analysis::compare::compare;
use wfsim::report::terminal::{compare_table, run_totals};

use crate::support::small_rollout;

/// The character index of every column start in a line: where a run of two
/// or more spaces ends.
fn column_starts(line: &str) -> Vec<usize> {
    let chars: Vec<char> = line.chars().collect();
    (2..chars.len())
        .filter(|&i| chars[i] != ' ' && chars[i - 1] == ' ' && chars[i - 2] == ' ')
        .collect()
}

/// No number carries more than two decimals (the raw output had four).
fn assert_short_numbers(text: &str) {
    for word in text.split(|c: char| c.is_whitespace() || "[],".contains(c)) {
        if let Some((whole, fraction)) = word.split_once('.') {
            if whole
                .trim_start_matches(['+', '-'])
                .chars()
                .all(|c| c.is_ascii_digit())
                && fraction.chars().all(|c| c.is_ascii_digit())
            {
                assert!(fraction.len() <= 2, "{word:?} in\n{text}");
            }
        }
    }
}

#[test]
fn the_run_summary_is_an_aligned_table_with_units_and_intervals() {
    let (_, run) = small_rollout();
    let text = run_totals(&run.result);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 13, "a heading and 12 figures:\n{text}");
    assert!(lines[0].trim_start().starts_with("figure"), "{text}");
    // The interval column starts at the same place on every line.
    let interval_at = lines[0].find("95% interval").unwrap();
    for line in &lines[1..] {
        assert_eq!(line.chars().nth(interval_at), Some('['), "{line}\n{text}");
    }
    let row = |name: &str| {
        *lines
            .iter()
            .find(|l| l.trim_start().starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("{name} missing:\n{text}"))
    };
    // Shares in percent with one decimal; the arrivals with separators.
    assert!(row("ai_share").contains(" %  ["), "{text}");
    assert!(
        row("ai_share").ends_with(']'),
        "no unit word after a %: {text}"
    );
    assert!(row("arrived").contains(',') && row("arrived").ends_with("contacts"));
    assert!(row("cost_total").contains(" M"), "{text}");
    assert!(row("cost_per_contact").ends_with("currency/contact"));
    assert_short_numbers(&text);
}

#[test]
fn the_compare_table_aligns_its_columns_and_shows_zero_differences_unsigned() {
    let (_, run) = small_rollout();
    let mut copy = run.result.clone();
    copy.scenario = "copy".into();
    let text = compare_table(&compare(&[&run.result, &copy]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("copy - small-rollout"), "{text}");
    // Every line's columns start where the heading's do.
    let starts = column_starts(lines[0]);
    for line in &lines[1..] {
        for &at in starts.iter().filter(|&&at| at < line.chars().count()) {
            let before: String = line.chars().take(at).collect();
            assert!(before.ends_with("  "), "column at {at} in {line:?}\n{text}");
        }
    }
    // The copy's every difference is exactly 0: shown without a sign.
    let diff_at = lines[0].find("copy - small-rollout").unwrap();
    for line in &lines[1..] {
        let diff: String = line.chars().skip(diff_at).collect();
        let diff = diff.trim_start();
        assert!(
            diff.starts_with('0') && !diff.contains('+') && !diff.contains('-'),
            "{line}\n{text}"
        );
    }
    assert!(text.contains(" %  ["), "{text}");
    assert!(text.contains(" pts  ["), "{text}");
    assert_short_numbers(&text);
}
