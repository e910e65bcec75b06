//! The brief: what a sponsor and a change manager take into the room, as
//! `brief.md` and one self-contained `brief.html` (plots inline as base64 PNG).
//!
//! Both are rendered from one list of blocks, so they always say the same
//! thing. Sections, in order: usage beside quality week by week; claim
//! durability; the reversibility window and its cost; the remaining human
//! role. `wfsim compare` puts a comparison first and repeats sections 2–4 for
//! each scenario.

use std::fmt::Write;

use base64::Engine;

use crate::analysis::alarms::AlarmFindings;
use crate::analysis::claims::{ClaimsReport, FIRST_MONTH_WEEKS, QUARTER_WEEKS};
use crate::analysis::compare::Comparison;
use crate::analysis::human_role::HumanRole;
use crate::analysis::reversibility::{self, PointOfNoReturn, Reversibility};
use crate::analysis::{Metric, RunResult};
use crate::stats::Estimate;

use super::markdown::markdown_table;
use super::units::fixed::{self, Fixed, Layout};
use super::units::MISSING;

/// A tolerance given as a share, read in points to a tenth: `2.0`.
const POINTS: Fixed = Fixed::decimals(1).times(100.0);

/// Section headings, in order; tests and the browser check look for them.
pub const SECTIONS: &[&str] = &[
    "1. Usage beside quality, week by week",
    "2. Claim durability",
    "3. Reversibility window and cost",
    "4. The remaining human role",
];
pub const COMPARISON_SECTION: &str = "Scenarios side by side";
/// The section `wfsim sensitivity` adds (after the numbered ones), and the
/// `BriefFigure::section` of its charts.
pub const DRIVERS_SECTION: &str = "5. What drives the answer";
pub const DRIVERS_FIGURES: usize = 4;

/// One scenario's part of the brief.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioBrief<'a> {
    pub result: &'a RunResult,
    pub threshold: Option<f64>,
    pub claims: &'a ClaimsReport,
    pub human_role: &'a HumanRole,
    pub alarms: &'a AlarmFindings,
    /// What `wfsim reversibility` found; `None` where it did not run.
    pub reversibility: Option<&'a Reversibility>,
}

/// A figure the brief shows: file stem under `plots/`, title, PNG bytes, and
/// the index in `SECTIONS` of the section that shows it.
#[derive(Debug, Clone)]
pub struct BriefFigure {
    pub name: String,
    pub title: String,
    pub png: Vec<u8>,
    pub section: usize,
}

#[derive(Debug, Clone)]
pub struct Brief<'a> {
    pub title: String,
    pub comparison: Option<&'a Comparison>,
    pub scenarios: Vec<ScenarioBrief<'a>>,
    pub figures: Vec<BriefFigure>,
    /// What `wfsim sensitivity` found; `None` where it did not run.
    pub drivers: Option<&'a super::Drivers>,
}

/// The document both formats render.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Heading(u8, String),
    Paragraph(String),
    Table(Vec<String>, Vec<Vec<String>>),
    Figure(usize),
    List(Vec<String>),
}

/// A share in the brief's text and tables: `70.1%`.
fn pct(v: f64) -> String {
    Fixed::percent(1).show(v)
}

/// A number with separators and `decimals` decimals: `1,234.5`.
fn num(v: f64, decimals: usize) -> String {
    Fixed::decimals(decimals).grouped().show(v)
}

fn show(value: f64, unit: &str) -> String {
    Layout::Brief.level(unit).show(value)
}

fn with_ci(e: &Estimate, unit: &str) -> String {
    if e.n > 1 && e.ci95_high > e.ci95_low {
        format!(
            "{} ({} – {})",
            show(e.mean, unit),
            show(e.ci95_low, unit),
            show(e.ci95_high, unit)
        )
    } else {
        show(e.mean, unit)
    }
}

/// A difference: shares in points, other units signed.
fn with_ci_signed(e: &Estimate, unit: &str) -> String {
    let one = |v: f64| Layout::Brief.change(unit).show(v);
    if e.n > 1 && e.ci95_high > e.ci95_low {
        format!(
            "{} ({} – {})",
            one(e.mean),
            one(e.ci95_low),
            one(e.ci95_high)
        )
    } else {
        one(e.mean)
    }
}

fn weekly_mean(result: &RunResult, week: usize, metric: Metric) -> f64 {
    result
        .weekly
        .get(week)
        .and_then(|w| w.get(metric.index()))
        .map_or(f64::NAN, |e| e.mean)
}

fn usage_blocks(s: &ScenarioBrief, blocks: &mut Vec<Block>) {
    let r = s.result;
    blocks.push(Block::Paragraph(
        "Usage (the share of contacts routed to the AI) moves the week a rollout starts; quality (the AI's resolution rate, repeat contacts, CSAT) and the guardrails in the human queue (service level, abandonment) move later. Read them together: usage is not adoption. Weekly means over replications; \"watch\" marks weeks whose measured CSAT is below the threshold."
            .into(),
    ));
    let header = [
        "week",
        "AI share",
        "AI resolved",
        "repeats",
        "CSAT true",
        "CSAT measured",
        "service level",
        "abandoned",
        "guardrail",
    ];
    let step = (r.weeks as usize).div_ceil(26).max(1);
    let rows = (0..r.weekly.len())
        .filter(|w| w % step == 0 || w + 1 == r.weekly.len())
        .map(|w| {
            let measured = weekly_mean(r, w, Metric::CsatMeasured);
            let flag = match s.threshold {
                Some(t) if measured.is_finite() && measured < t => "watch: CSAT below threshold",
                _ => "",
            };
            vec![
                w.to_string(),
                pct(weekly_mean(r, w, Metric::AiShare)),
                pct(weekly_mean(r, w, Metric::AiResolutionRate)),
                pct(weekly_mean(r, w, Metric::RepeatShare)),
                pct(weekly_mean(r, w, Metric::CsatTrue)),
                pct(measured),
                pct(weekly_mean(r, w, Metric::ServiceLevel)),
                pct(weekly_mean(r, w, Metric::AbandonRate)),
                flag.to_string(),
            ]
        })
        .collect();
    blocks.push(Block::Table(
        header.iter().map(|h| h.to_string()).collect(),
        rows,
    ));
}

fn claims_blocks(s: &ScenarioBrief, blocks: &mut Vec<Block>) {
    let c = s.claims;
    match c.change_week {
        Some(week) => blocks.push(Block::Paragraph(format!(
            "Headline claims a sponsor could make from the first month after the AI rollout (weeks {}–{}), and the share of replications in which each still holds in each of the next four quarters ({QUARTER_WEEKS}-week blocks). Each number is rounded towards the weaker claim. A claim below 100% in a quarter is a sentence that may have to be walked back.",
            week,
            week + FIRST_MONTH_WEEKS - 1
        ))),
        None => blocks.push(Block::Paragraph("No claims to test.".into())),
    }
    if !c.claims.is_empty() {
        let mut header = vec!["claim".to_string()];
        if let Some(first) = c.claims.first() {
            for (i, q) in first.quarters.iter().enumerate() {
                header.push(if q.to_week > q.from_week {
                    format!("Q{} (weeks {}–{})", i + 1, q.from_week, q.to_week - 1)
                } else {
                    format!("Q{} (after the horizon)", i + 1)
                });
            }
        }
        let rows = c
            .claims
            .iter()
            .map(|claim| {
                let mut row = vec![claim.statement.clone()];
                row.extend(claim.quarters.iter().map(|q| match q.share_holding {
                    Some(v) => Fixed::percent(0).show(v),
                    None => MISSING.into(),
                }));
                row
            })
            .collect();
        blocks.push(Block::Table(header, rows));
        blocks.push(Block::List(
            c.claims
                .iter()
                .map(|claim| format!("{}: {}.", claim.statement, claim.derivation))
                .collect(),
        ));
    }
    if !c.not_made.is_empty() {
        blocks.push(Block::List(
            c.not_made
                .iter()
                .map(|n| format!("Not claimed: {n}."))
                .collect(),
        ));
    }
}

/// FTE in the brief: whole when whole or from 100 up, else one decimal.
fn fte(v: f64) -> String {
    fixed::fte(v).grouped().show(v)
}

/// Weeks: whole when whole, else one decimal.
fn weeks(v: f64) -> String {
    num(v, if v.fract() == 0.0 { 0 } else { 1 })
}

/// A paired figure: `mean [low, high]` in `show`'s format; the mean alone
/// where there is no interval.
fn paired(f: &reversibility::Figure, show: impl Fn(f64) -> String) -> String {
    match (f.ci95_low, f.ci95_high) {
        (Some(low), Some(high)) => format!("{} [{}, {}]", show(f.mean), show(low), show(high)),
        _ if f.n < reversibility::MIN_REPLICATIONS_FOR_INTERVAL && f.mean.is_finite() => {
            format!("{} (no interval below 3 replications)", show(f.mean))
        }
        _ => show(f.mean),
    }
}

/// A lever's name as a reader says it.
fn lever_name(name: &str) -> String {
    name.replace('_', " ")
}

/// A time to an event: median, restricted mean with its interval, and how
/// many saw it.
fn time_figure(t: &reversibility::TimeFigure) -> String {
    let median = t
        .median
        .map_or("no median (fewer than half saw it)".into(), |m| {
            format!("median {}", weeks(m))
        });
    let mean = reversibility::Figure {
        mean: t.mean,
        ci95_low: t.ci95_low,
        ci95_high: t.ci95_high,
        n: t.n,
    };
    format!(
        "{median}; mean {} (restricted to {} weeks); {} of {} seen, {} censored",
        paired(&mean, |v| num(v, 1)),
        weeks(t.restricted_to),
        t.recovered,
        t.n,
        t.censored
    )
}

/// "of 3 replications", or "of the 2 replications that reversed".
fn of_replications(n: usize, r: &Reversibility) -> String {
    if n == r.replications as usize {
        format!("of {n} replications")
    } else {
        format!("of the {n} replications that reversed")
    }
}

/// What the search for the point of no return says, for the takeaway.
fn no_return_clause(r: &Reversibility, p: &PointOfNoReturn) -> String {
    let within = format!("within {} weeks of the reversal", r.window_weeks);
    let share = Fixed::percent(0).show(p.confidence);
    let of = of_replications(p.n, r);
    let interval = match (p.ci95_low, p.ci95_high) {
        (Some(low), Some(high)) => format!(" (95% bootstrap interval {}–{})", fte(low), fte(high)),
        _ => " (no interval with fewer than 3 replications)".into(),
    };
    if p.mean >= p.searched_up_to {
        let which = if r.planned_cut_fte == Some(p.searched_up_to) {
            "the planned cut"
        } else {
            "the whole headcount"
        };
        return format!(
            "even the largest cut searched, {} FTE ({which}), recovered {within} in at least {share} {of}",
            fte(p.searched_up_to)
        );
    }
    if p.mean <= 0.0 {
        return format!("no cut, however small, recovered {within} in {share} {of}");
    }
    let mut clause = format!(
        "cutting up to {} FTE{interval} still recovered {within} in at least {share} {of}",
        fte(p.mean)
    );
    let planned = r
        .planned_cut_fte
        .and_then(|c| r.recovery_probability.iter().find(|q| q.cut_fte == c));
    if let Some(q) = planned {
        clause.push_str(&format!(
            "; the planned cut of {} FTE did so in {}",
            fte(q.cut_fte),
            Fixed::percent(0).show(q.p_recover)
        ));
    }
    clause
}

/// How long recovery took, for the takeaway.
fn recovery_clause(r: &Reversibility) -> String {
    let t = &r.recovery_weeks;
    let who = match t.censored {
        0 if t.n == 1 => "the one replication recovered".to_string(),
        0 => format!("all {} recovered, none censored", t.n),
        c => format!(
            "{} of {} recovered, {c} censored at the horizon",
            t.recovered, t.n
        ),
    };
    match t.median {
        Some(m) => format!(
            "recovery took a median of {} weeks after the reversal ({who})",
            weeks(m)
        ),
        None => format!(
            "fewer than half the replications recovered before the horizon ({who}), so recovery has no median time"
        ),
    }
}

/// Which lever to name, for the takeaway: the one whose interval of weeks
/// saved lies furthest above 0.
fn lever_clause(r: &Reversibility) -> String {
    let Some(largest) = r.levers.first() else {
        return "no lever was assessed".into();
    };
    let surest = r
        .levers
        .iter()
        .filter(|l| l.distinguishable && l.recovery_weeks_saved.ci95_low.is_some_and(|v| v > 0.0))
        .max_by(|a, b| {
            let low = |l: &reversibility::LeverEffect| l.recovery_weeks_saved.ci95_low;
            low(a)
                .partial_cmp(&low(b))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(
                    a.recovery_weeks_saved
                        .mean
                        .total_cmp(&b.recovery_weeks_saved.mean),
                )
        });
    // "1.0 weeks sooner [1.0, 1.0]"
    let saved = |l: &reversibility::LeverEffect| {
        let f = &l.recovery_weeks_saved;
        match (f.ci95_low, f.ci95_high) {
            (Some(low), Some(high)) => format!(
                "{} weeks sooner [{}, {}]",
                num(f.mean, 1),
                num(low, 1),
                num(high, 1)
            ),
            _ => format!("{} weeks sooner", num(f.mean, 1)),
        }
    };
    match surest {
        Some(l) => format!(
            "the surest lever is {} ({}; {} fewer dissatisfied customers)",
            lever_name(l.lever),
            saved(l),
            num(l.customer_weeks_saved.mean, 0)
        ),
        None if largest.recovery_weeks_saved.ci95_low.is_none() => format!(
            "the largest lever effect is {} ({} weeks sooner; no interval with fewer than 3 replications, so no lever can be told apart from none)",
            lever_name(largest.lever),
            num(largest.recovery_weeks_saved.mean, 1)
        ),
        None => format!(
            "no lever brings the operation back distinguishably sooner (the largest, {}: {})",
            lever_name(largest.lever),
            saved(largest)
        ),
    }
}

/// The one sentence a sponsor takes from section 3, built from the figures.
fn takeaway(r: &Reversibility) -> String {
    if r.reversed == 0 {
        return format!(
            "None of the {} replications reversed the change within the horizon, so there is no recovery to time, no point of no return to search and no lever to pull.",
            r.replications
        );
    }
    let search = match &r.point_of_no_return_fte {
        Some(p) => no_return_clause(r, p),
        None => "the point of no return was not searched".into(),
    };
    let text = format!("{search}; {}; {}.", recovery_clause(r), lever_clause(r));
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// Which alarm acted first, replication by replication; nothing when the
/// scenario has no rules.
fn alarm_blocks(a: &AlarmFindings, blocks: &mut Vec<Block>) {
    if a.rules == 0 {
        return;
    }
    let fired: usize = a.first.iter().map(|f| f.replications).sum();
    let mut parts: Vec<String> = a
        .first
        .iter()
        .map(|f| {
            let weeks = if f.weeks.0 == f.weeks.1 {
                format!("week {}", f.weeks.0)
            } else {
                format!("weeks {}–{}", f.weeks.0, f.weeks.1)
            };
            format!(
                "`{}` (watching {}) acted first in {} of {} replications ({weeks})",
                f.rule, f.signal, f.replications, a.replications
            )
        })
        .collect();
    if fired < a.replications {
        parts.push(format!(
            "no alarm fired in {} of {} replications",
            a.replications - fired,
            a.replications
        ));
    }
    let rules = if a.rules == 1 { "rule" } else { "rules" };
    blocks.push(Block::Paragraph(format!(
        "Alarms ({} {rules}): {}.",
        a.rules,
        parts.join("; ")
    )));
}

fn reversibility_blocks(s: &ScenarioBrief, blocks: &mut Vec<Block>) {
    alarm_blocks(s.alarms, blocks);
    let Some(r) = s.reversibility else {
        blocks.push(Block::Paragraph(
            "No reversal in this scenario; run `wfsim reversibility` to project how long and how much it would take to go back, and which levers shorten it."
                .into(),
        ));
        return;
    };
    blocks.push(Block::Paragraph(takeaway(r)));
    blocks.push(Block::Paragraph(format!(
        "Each of {} replications is paired with its counterfactual: the same scenario without the change of week {}, run with the same seeds. Recovered means true CSAT no more than {} points and service level no more than {} points below the counterfactual's same weeks, {} weeks in a row; a replication not recovered by the horizon is censored, not dropped (Kaplan–Meier).",
        r.replications,
        r.change_week,
        POINTS.show(r.csat_tolerance),
        POINTS.show(r.service_level_tolerance),
        r.consecutive_weeks
    )));
    blocks.push(Block::Table(
        vec!["figure".into(), "value".into()],
        reversibility_rows(r),
    ));
    lever_blocks(r, blocks);
    if !r.notes.is_empty() {
        blocks.push(Block::List(
            r.notes.iter().map(|n| format!("Note: {n}.")).collect(),
        ));
    }
}

/// The figures of a reversal, one row each.
fn reversibility_rows(r: &Reversibility) -> Vec<Vec<String>> {
    let share = |v: f64| pct(v);
    let money = |v: f64| num(v, 0);
    let mut rows = vec![
        vec![
            "CSAT before the change (true)".into(),
            paired(&r.baseline_csat, share),
        ],
        vec![
            "CSAT without the change (counterfactual, whole run)".into(),
            paired(&r.counterfactual_csat, share),
        ],
        vec![
            format!(
                "weeks from the change until {} crossed {} (detection)",
                r.monitored_signal,
                num(r.threshold, 2)
            ),
            time_figure(&r.detection_weeks),
        ],
        vec![
            "replications that reversed".into(),
            reversed_cell(r),
        ],
        vec![
            "weeks to recover after reversing".into(),
            time_figure(&r.recovery_weeks),
        ],
        vec![
            "round-trip cost above the counterfactual".into(),
            paired(&r.round_trip_cost, money),
        ],
        vec![
            "savings while automated, against the counterfactual".into(),
            paired(&r.savings_while_automated, money),
        ],
        vec![
            "extra dissatisfied customers (customer-weeks below the counterfactual's CSAT)".into(),
            paired(&r.dissatisfied_customers, money),
        ],
        vec![
            format!(
                "point of no return: largest cut recovering within {} weeks in at least {} of replications",
                r.window_weeks,
                Fixed::percent(0).show(r.confidence)
            ),
            point_of_no_return_cell(r),
        ],
    ];
    rows.extend(planned_cut_row(r));
    rows
}

fn reversed_cell(r: &Reversibility) -> String {
    if r.reversed > 0 {
        format!(
            "{} of {}, in week {}",
            r.reversed,
            r.replications,
            paired(&r.reversal_week, |v| num(v, 1))
        )
    } else {
        format!("0 of {}", r.replications)
    }
}

fn point_of_no_return_cell(r: &Reversibility) -> String {
    match &r.point_of_no_return_fte {
        Some(p) => {
            let f = reversibility::Figure {
                mean: p.mean,
                ci95_low: p.ci95_low,
                ci95_high: p.ci95_high,
                n: p.n,
            };
            format!(
                "{} FTE (bootstrap interval; searched up to {})",
                paired(&f, fte),
                fte(p.searched_up_to)
            )
        }
        None => "not searched".into(),
    }
}

/// The chance the planned cut recovers, where it was projected.
fn planned_cut_row(r: &Reversibility) -> Option<Vec<String>> {
    let q = r
        .planned_cut_fte
        .and_then(|c| r.recovery_probability.iter().find(|q| q.cut_fte == c))?;
    Some(vec![
        format!(
            "the planned cut of {} FTE: chance of recovering within {} weeks",
            fte(q.cut_fte),
            r.window_weeks
        ),
        format!(
            "{} [{}, {}] (Wilson, {} replications)",
            pct(q.p_recover),
            pct(q.ci95_low),
            pct(q.ci95_high),
            q.replications
        ),
    ])
}

/// The levers ranked, where any were run.
fn lever_blocks(r: &Reversibility, blocks: &mut Vec<Block>) {
    let money = |v: f64| num(v, 0);
    if !r.levers.is_empty() {
        blocks.push(Block::Paragraph(
            "Levers, each run against the base replication by replication and ranked by weeks sooner back (counted from the change, so an earlier reversal counts). Distinguishable: the interval of weeks excludes 0. The cost difference is with the lever minus without."
                .into(),
        ));
        blocks.push(Block::Table(
            vec![
                "lever".into(),
                "weeks sooner back".into(),
                "fewer dissatisfied customers".into(),
                "cost difference".into(),
                "distinguishable from 0".into(),
                "recovered".into(),
            ],
            r.levers
                .iter()
                .map(|l| {
                    vec![
                        lever_name(l.lever),
                        paired(&l.recovery_weeks_saved, |v| num(v, 1)),
                        paired(&l.customer_weeks_saved, money),
                        paired(&l.cost_difference, money),
                        if l.distinguishable { "yes" } else { "no" }.into(),
                        format!("{} of {}", l.recovered, l.replications),
                    ]
                })
                .collect(),
        ));
    }
}

fn human_blocks(s: &ScenarioBrief, blocks: &mut Vec<Block>) {
    let h = s.human_role;
    blocks.push(Block::Table(
        vec!["".into(), "people".into(), "AI".into()],
        vec![
            vec![
                "contacts handled over the horizon".into(),
                with_ci(&h.human_handled, "contacts"),
                with_ci(&h.ai_handled, "contacts"),
            ],
            vec![
                "resolved by the AI".into(),
                "".into(),
                with_ci(&h.ai_resolved, "contacts"),
            ],
            vec![
                "mean handle time (minutes)".into(),
                with_ci(&h.human_handle_minutes, "minutes"),
                format!("{} (scenario input)", num(h.ai_handle_minutes, 2)),
            ],
            vec![
                "handed over by the AI, share of people's contacts".into(),
                pct(h.escalated_share_of_human),
                "".into(),
            ],
            vec![
                "… by a detected trigger (hardship, disputes, fraud)".into(),
                pct(h.trigger_share_of_human),
                "".into(),
            ],
            vec![
                "… by the customer's \"talk to a human\" exit".into(),
                pct(h.escape_hatch_share_of_human),
                "".into(),
            ],
            vec![
                "… at the AI turn limit".into(),
                pct(h.turn_limit_share_of_human),
                "".into(),
            ],
        ],
    ));
    blocks.push(Block::Paragraph(format!(
        "What each channel works on, by category: expected shares of first contacts from the routing in week {} and the scenario's AI outcome probabilities before learning (repeat contacts not included).",
        h.mix_week
    )));
    blocks.push(Block::Table(
        vec![
            "category".into(),
            "complexity".into(),
            "share of people's work".into(),
            "share of the AI's work".into(),
            "AI attempts handed to people".into(),
        ],
        h.categories
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.complexity.clone(),
                    pct(c.human_share),
                    pct(c.ai_share),
                    pct(c.handoff_probability),
                ]
            })
            .collect(),
    ));
}

fn comparison_blocks(c: &Comparison, blocks: &mut Vec<Block>) {
    blocks.push(Block::Paragraph(format!(
        "Every scenario ran with seed {} and {} replications (common random numbers), so replication r of each saw the same random streams. Values are horizon means with 95% confidence intervals; the difference against {} is computed per replication pair and its interval taken over the pairs.",
        c.seed,
        c.replications,
        c.scenarios.first().map_or("the first", String::as_str)
    )));
    let mut header = vec!["figure".to_string()];
    for (i, s) in c.scenarios.iter().enumerate() {
        header.push(s.clone());
        if i > 0 {
            header.push(format!("{s} − {}", c.scenarios[0]));
        }
    }
    let rows = c
        .figures
        .iter()
        .map(|f| {
            let mut row = vec![f.metric.to_string()];
            for (v, d) in f.values.iter().zip(&f.differences) {
                row.push(with_ci(v, f.unit));
                if let Some(d) = d {
                    row.push(with_ci_signed(d, f.unit));
                }
            }
            row
        })
        .collect();
    blocks.push(Block::Table(header, rows));
}

fn blocks(brief: &Brief) -> Vec<Block> {
    let mut b = vec![Block::Heading(1, brief.title.clone())];
    let first = brief.scenarios.first();
    if let Some(s) = first {
        b.push(Block::Paragraph(format!(
            "{} weeks, {} replications, seed {}. Figures are means over replications; ranges in brackets are 95% confidence intervals.",
            s.result.weeks, s.result.replications, s.result.seed
        )));
    }
    if let Some(c) = brief.comparison {
        b.push(Block::Heading(2, COMPARISON_SECTION.into()));
        comparison_blocks(c, &mut b);
    }
    let many = brief.scenarios.len() > 1;
    let per_scenario = |b: &mut Vec<Block>, f: fn(&ScenarioBrief, &mut Vec<Block>)| {
        for s in &brief.scenarios {
            if many {
                b.push(Block::Heading(3, s.result.scenario.clone()));
            }
            f(s, b);
        }
    };
    b.push(Block::Heading(2, SECTIONS[0].into()));
    if let Some(s) = first {
        if !s.result.description.trim().is_empty() && !many {
            b.push(Block::Paragraph(s.result.description.trim().to_string()));
        }
    }
    let figures = |b: &mut Vec<Block>, section: usize| {
        for (i, f) in brief.figures.iter().enumerate() {
            if f.section == section {
                b.push(Block::Figure(i));
            }
        }
    };
    figures(&mut b, 0);
    per_scenario(&mut b, usage_blocks);
    b.push(Block::Heading(2, SECTIONS[1].into()));
    per_scenario(&mut b, claims_blocks);
    b.push(Block::Heading(2, SECTIONS[2].into()));
    per_scenario(&mut b, reversibility_blocks);
    figures(&mut b, 2);
    b.push(Block::Heading(2, SECTIONS[3].into()));
    per_scenario(&mut b, human_blocks);
    if let Some(d) = brief.drivers {
        b.push(Block::Heading(2, DRIVERS_SECTION.into()));
        b.push(Block::Paragraph(d.opening.clone()));
        figures(&mut b, DRIVERS_FIGURES);
        if !d.sentences.is_empty() {
            b.push(Block::List(d.sentences.clone()));
        }
        if let Some(m) = &d.measure_first {
            b.push(Block::Paragraph(m.clone()));
        }
    }
    b
}

fn md_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// `brief.md`; figures are linked from `plots/`.
pub fn brief_markdown(brief: &Brief) -> String {
    let mut out = String::new();
    for block in blocks(brief) {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(out, "{} {}\n", "#".repeat(level as usize), text);
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "{text}\n");
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {item}");
                }
                out.push('\n');
            }
            Block::Figure(i) => {
                let f = &brief.figures[i];
                let _ = writeln!(out, "![{}](plots/{}.png)\n", f.title, f.name);
            }
            Block::Table(header, rows) => {
                let header: Vec<String> = header.iter().map(|h| md_cell(h)).collect();
                let rows: Vec<Vec<String>> = rows
                    .iter()
                    .map(|row| row.iter().map(|c| md_cell(c)).collect())
                    .collect();
                out.push_str(&markdown_table(&header, &rows));
                out.push('\n');
            }
        }
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Inline code spans (`like this`) in otherwise escaped text.
fn inline(text: &str) -> String {
    let escaped = escape(text);
    let mut out = String::new();
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}\
table{border-collapse:collapse;margin:0.5rem 0 1.2rem;font-size:0.9rem}\
th,td{border:1px solid #ccc;padding:0.25rem 0.5rem;text-align:right}\
th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}\
figure{margin:1rem 0}figure img{max-width:100%;border:1px solid #ddd}\
figcaption{font-size:0.85rem;color:#555}h2{border-bottom:2px solid #ddd;padding-bottom:0.2rem;margin-top:2.2rem}";

/// `brief.html`: one file, no external resources; plots inline as base64 PNG.
pub fn brief_html(brief: &Brief) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&brief.title)
    );
    for block in blocks(brief) {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(out, "<h{level}>{}</h{level}>", escape(&text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", inline(&text));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", inline(&item));
                }
                out.push_str("</ul>\n");
            }
            Block::Figure(i) => {
                let f = &brief.figures[i];
                let data = base64::engine::general_purpose::STANDARD.encode(&f.png);
                let _ = writeln!(
                    out,
                    "<figure><img class=\"plot\" alt=\"{title}\" src=\"data:image/png;base64,{data}\"><figcaption>{title}</figcaption></figure>",
                    title = escape(&f.title)
                );
            }
            Block::Table(header, rows) => {
                out.push_str("<table>\n<thead><tr>");
                for h in header {
                    let _ = write!(out, "<th>{}</th>", escape(&h));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for c in row {
                        let _ = write!(out, "<td>{}</td>", escape(&c));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::alarms::FirstAlarm;

    #[test]
    fn the_brief_says_which_alarm_acted_first() {
        let mut blocks = Vec::new();
        alarm_blocks(&AlarmFindings::default(), &mut blocks);
        assert!(blocks.is_empty(), "no rules, nothing said");
        let a = AlarmFindings {
            rules: 2,
            replications: 4,
            first: vec![FirstAlarm {
                rule: "service-level-alarm".into(),
                signal: "service_level",
                replications: 3,
                weeks: (42, 46),
            }],
        };
        alarm_blocks(&a, &mut blocks);
        assert_eq!(
            blocks,
            vec![Block::Paragraph(
                "Alarms (2 rules): `service-level-alarm` (watching service_level) acted first in 3 of 4 replications (weeks 42–46); no alarm fired in 1 of 4 replications.".into()
            )]
        );
    }

    #[test]
    fn numbers_are_grouped_and_signed_differences_read_in_points() {
        assert_eq!(num(1234567.891, 0), "1,234,568");
        assert_eq!(num(-1234.5, 1), "-1,234.5");
        assert_eq!(num(999.0, 0), "999");
        assert_eq!(num(f64::NAN, 0), "–");
        let e = Estimate::from_values(&[0.01, 0.01]);
        assert_eq!(with_ci_signed(&e, "share"), "+1.0 pts");
        assert_eq!(
            with_ci_signed(&Estimate::from_values(&[-2500.0]), "FTE"),
            "-2,500"
        );
    }

    #[test]
    fn html_escapes_text_and_renders_code_spans() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(inline("run `wfsim x` now"), "run <code>wfsim x</code> now");
    }
}
