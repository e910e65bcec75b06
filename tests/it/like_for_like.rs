//! The shipped scenarios are like for like (issue #17, item 10): the same
//! customers, the same operation and the same horizon, differing only in
//! the documented keys: the AI (its rollout, outcomes and handle times, and
//! which categories it may take), the guardrails (`[ai]`, `[escalation]`),
//! and management's decisions and alarms (`[[decisions]]`, `[[rules]]`),
//! plus how recovery is judged and which estimates are varied. Anything
//! else that differs is a shortcut one scenario takes and the others do not.

use std::collections::BTreeMap;

use toml::Value;

const SHIPPED: [&str; 4] = [
    "baseline-all-human",
    "hybrid-guardrails",
    "over-automation",
    "over-automation-full-reversal",
];

/// Top-level keys a scenario may set its own way.
const OWN_TABLES: [&str; 8] = [
    "name",
    "description",
    "ai",
    "escalation",
    "decisions",
    "rules",
    "reversibility",
    "uncertain",
];

/// A category's keys that describe the AI's part, not the customers'.
const OWN_CATEGORY_KEYS: [&str; 5] = [
    "ai_rollout",
    "ai_share",
    "ai_outcomes",
    "ai_handle_minutes",
    "never_ai",
];

/// The scenario with its own keys removed: what must be the same everywhere.
fn shared_part(name: &str) -> BTreeMap<String, Value> {
    let path = format!("{}/scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut table: toml::Table = toml::from_str(&text).unwrap();
    for key in OWN_TABLES {
        table.remove(key);
    }
    if let Some(Value::Array(categories)) = table.get_mut("categories") {
        for c in categories {
            if let Value::Table(c) = c {
                for key in OWN_CATEGORY_KEYS {
                    c.remove(key);
                }
            }
        }
    }
    table.into_iter().collect()
}

#[test]
fn the_shipped_scenarios_differ_only_in_the_documented_keys() {
    let reference = shared_part(SHIPPED[0]);
    // The facts this test protects are there to compare.
    for key in [
        "demand",
        "categories",
        "repeats",
        "staffing",
        "csat",
        "costs",
        "workforce",
    ] {
        assert!(reference.contains_key(key), "{}: no [{key}]", SHIPPED[0]);
    }
    assert_eq!(reference["horizon_weeks"].as_integer(), Some(78));
    for name in &SHIPPED[1..] {
        let other = shared_part(name);
        let keys: Vec<&String> = reference.keys().chain(other.keys()).collect();
        for key in keys {
            assert_eq!(
                reference.get(key),
                other.get(key),
                "{name} differs from {} in {key:?}, which is not one of a scenario's own keys",
                SHIPPED[0]
            );
        }
    }
}

#[test]
fn the_shipped_scenarios_can_be_compared() {
    // `wfsim compare` refused the shipped files while baseline and hybrid ran
    // 52 weeks; at a fiftieth of the scale the three now compare, week for week.
    let scenarios: Vec<_> = SHIPPED[..3]
        .iter()
        .map(|n| {
            let mut s = crate::support::scaled(&crate::support::shipped(n), 0.02);
            s.replications = 2;
            s
        })
        .collect();
    let runs = wfsim::analysis::compare::run_compared(&scenarios, None, &|| {}).unwrap();
    let compared = wfsim::analysis::compare::compare_runs(&scenarios, &runs);
    assert_eq!(compared.comparison.scenarios.len(), 3);
    for r in &runs {
        assert_eq!(r.result.weeks, 78);
    }
}
