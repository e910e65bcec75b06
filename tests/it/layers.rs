//! The layer rule of docs/architecture.md, checked where a text scan can
//! check it: which modules a layer names (`crate::…`), and which layers may
//! print, touch files or build JSON by hand. Test modules are left out: a
//! file is read up to its first `#[cfg(test)]`, where this project keeps
//! them, so a test may use whatever helps it.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively, sorted so failures read the
/// same on every machine.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("src is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The code of a file without its test module.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a source file is readable");
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The source root.
fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `(file, line)` for every line of layer `layer`'s code holding any of
/// `needles`; `layer` is a folder under `src/`.
fn offending(layer: &str, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for path in rust_files(&src().join(layer)) {
        for (i, line) in code(&path).lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            if let Some(n) = needles.iter().find(|n| line.contains(*n)) {
                let shown = path.strip_prefix(src()).unwrap_or(&path).display();
                found.push(format!("src/{shown}:{}: {n}: {}", i + 1, trimmed));
            }
        }
    }
    found
}

fn assert_none(rule: &str, found: Vec<String>) {
    assert!(found.is_empty(), "{rule}:\n{}", found.join("\n"));
}

/// Printing goes through the command line, the only layer that knows
/// where its output goes (and that a closed pipe is no failure).
const PRINTING: &[&str] = &[
    "println!",
    "print!(",
    "eprintln!",
    "eprint!(",
    "stdout()",
    "stderr()",
];

/// Files are written by `report`'s atomic writer and read by `scenario`
/// (its input) and `shard` (partial results).
const FILES: &[&str] = &["std::fs", "File::", "fs::"];

#[test]
fn only_the_command_line_names_the_command_line() {
    for layer in [
        "engine", "model", "scenario", "analysis", "report", "stats", "queueing", "shard",
        "tickets",
    ] {
        assert_none(
            &format!("{layer} must not use the cli"),
            offending(layer, &["crate::cli", "super::cli"]),
        );
    }
}

#[test]
fn the_engine_knows_nothing_of_the_rest() {
    assert_none(
        "engine imports only std (and itself)",
        offending(
            "engine",
            &[
                "crate::model",
                "crate::scenario",
                "crate::analysis",
                "crate::report",
                "crate::stats",
                "crate::random",
                "crate::queueing",
            ],
        ),
    );
}

#[test]
fn the_model_knows_nothing_of_analysis_or_reports() {
    assert_none(
        "model reports through Observer hooks and never aggregates or renders",
        offending(
            "model",
            &[
                "crate::analysis",
                "crate::report",
                "crate::stats",
                "crate::shard",
            ],
        ),
    );
}

#[test]
fn the_scenario_knows_nothing_of_what_runs_it() {
    assert_none(
        "scenario parses and validates only",
        offending(
            "scenario",
            &[
                "crate::model",
                "crate::analysis",
                "crate::report",
                "crate::shard",
            ],
        ),
    );
}

#[test]
fn the_analysis_renders_nothing() {
    assert_none(
        "analysis computes result types; report renders them",
        offending("analysis", &["crate::report", "serde_json", "plotters"]),
    );
}

#[test]
fn reports_only_render_and_never_run() {
    // Rendering may read a result's types, not start a run or an analysis.
    assert_none(
        "report renders result types; analysis computes them",
        offending(
            "report",
            &[
                "run_detailed(",
                "run_replications(",
                "claim_durability(",
                "human_role(",
                "compare(&",
                "add_recovery(",
                "recovery_times(",
            ],
        ),
    );
}

#[test]
fn the_ticket_reader_knows_nothing_of_what_uses_it() {
    assert_none(
        "tickets parses and checks an export only",
        offending(
            "tickets",
            &[
                "crate::model",
                "crate::analysis",
                "crate::report",
                "crate::scenario",
                "crate::shard",
            ],
        ),
    );
}

#[test]
fn only_the_command_line_prints() {
    for layer in [
        "engine", "model", "scenario", "analysis", "report", "stats", "queueing", "shard",
        "tickets",
    ] {
        assert_none(
            &format!("{layer} must not print"),
            offending(layer, PRINTING),
        );
    }
}

#[test]
fn computing_layers_touch_no_files() {
    for layer in ["engine", "model", "analysis", "stats", "queueing"] {
        assert_none(
            &format!("{layer} must not touch files"),
            offending(layer, FILES),
        );
    }
}

#[test]
fn json_comes_from_typed_structs() {
    // `json!` builds untyped maps whose key order is the map's, not the
    // contract's; every JSON output is a `#[derive(Serialize)]` struct.
    for layer in [
        "engine", "model", "scenario", "analysis", "report", "stats", "queueing", "shard", "cli",
        "tickets",
    ] {
        assert_none(
            &format!("{layer} must not assemble JSON by hand"),
            offending(layer, &["json!", "serde_json::Value", "serde_json::Map"]),
        );
    }
}

#[test]
fn every_layer_states_its_rule_in_its_module_doc() {
    for layer in [
        "engine", "model", "scenario", "tickets", "analysis", "report", "cli",
    ] {
        let doc = code(&src().join(layer).join("mod.rs"));
        assert!(
            doc.contains("Layer rule:"),
            "src/{layer}/mod.rs: its module doc states the layer rule in a `Layer rule:` paragraph"
        );
    }
}
