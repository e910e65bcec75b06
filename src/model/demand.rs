//! Expected demand per interval: weekly volume with growth, shaped by the day
//! of the week and the hour of the day. Arrivals are Poisson with this rate held
//! constant inside an interval, which is exact for a piecewise-constant rate.

use crate::scenario::{RosterShape, Scenario};

pub const WEEK_SECONDS: f64 = 7.0 * 24.0 * 3600.0;

#[derive(Debug, Clone)]
pub struct DemandProfile {
    /// Share of a week's contacts in each interval of the week; sums to 1.
    interval_shares: Vec<f64>,
    contacts_per_week: f64,
    growth_per_year: f64,
    interval_seconds: f64,
}

impl DemandProfile {
    pub fn new(scenario: &Scenario) -> Self {
        let per_day = scenario.intervals_per_day();
        let per_hour = per_day / 24;
        let d = &scenario.demand;
        let interval_shares = (0..7 * per_day)
            .map(|i| {
                let day = i / per_day;
                let hour = (i % per_day) / per_hour;
                d.weekday_shares[day] * d.hourly_shares[hour] / per_hour as f64
            })
            .collect();
        DemandProfile {
            interval_shares,
            contacts_per_week: d.contacts_per_week,
            growth_per_year: d.growth_per_year,
            interval_seconds: scenario.interval_seconds(),
        }
    }

    pub fn intervals_per_week(&self) -> usize {
        self.interval_shares.len()
    }

    /// Expected new contacts in week `week` (growth compounds continuously).
    pub fn contacts_in_week(&self, week: u32) -> f64 {
        self.contacts_per_week * (1.0 + self.growth_per_year).powf(f64::from(week) / 52.0)
    }

    /// Arrival rate (contacts per second) in absolute interval `interval`.
    pub fn rate_per_second(&self, interval: usize) -> f64 {
        let per_week = self.interval_shares.len();
        let week = (interval / per_week) as u32;
        self.contacts_in_week(week) * self.interval_shares[interval % per_week]
            / self.interval_seconds
    }

    /// Share of the week's expected demand falling in interval-of-week `i`, as a
    /// multiple of the average interval (1 on average).
    pub fn relative_load(&self, interval_of_week: usize) -> f64 {
        self.interval_shares[interval_of_week] * self.interval_shares.len() as f64
    }
}

/// Where interval-of-week `i` rounds up: the fractional part of 1/2 + i/phi
/// (phi the golden ratio), which spreads evenly over [0, 1) for any run of
/// consecutive intervals, so interval 0 rounds half up as plain rounding does.
fn rounding_offset(interval_of_week: usize) -> f64 {
    const INVERSE_GOLDEN_RATIO: f64 = 0.618_033_988_749_894_9;
    (0.5 + interval_of_week as f64 * INVERSE_GOLDEN_RATIO).fract()
}

/// Of `slots` on shift, those that may be busy at once under the occupancy
/// ceiling (`staffing.max_occupancy`): whole slots, rounded by the same
/// interval offset as `slots_on_shift` so the ceiling holds on average
/// rather than always rounding a small desk down.
pub fn slots_under_ceiling(slots: u32, ceiling: Option<f64>, interval_of_week: usize) -> u32 {
    match ceiling {
        Some(c) if c < 1.0 => {
            let serving = (f64::from(slots) * c + rounding_offset(interval_of_week)).floor();
            (serving.max(0.0) as u32).min(slots)
        }
        _ => slots,
    }
}

/// Chat slots on shift in an interval: FTE x (1 - shrinkage) x paid share of the
/// week x the roster's shape x concurrency, in whole slots.
///
/// Why not plain rounding: a peak hour's slots are the same multiple of FTE in
/// every peak hour, so rounding makes an extra FTE add a slot to all of them or
/// to none, depending on the fraction the rest of the roster happens to carry.
/// Two variants a paired comparison sets side by side then differ by a step
/// that depends on chance rather than on the change, and common random numbers
/// lose most of their sharpness. Each interval of the week instead rounds at
/// its own fixed threshold (a low-discrepancy sequence, the same every week
/// and every run), so the extra slots of a fractional FTE spread over the
/// week in proportion: whole slot counts stay exact, slots never fall as FTE
/// rises, and each interval stays within a slot of its exact figure.
pub fn slots_on_shift(
    scenario: &Scenario,
    demand: &DemandProfile,
    fte: f64,
    interval_of_week: usize,
) -> u32 {
    let s = &scenario.staffing;
    let on_shift = fte * (1.0 - s.shrinkage) * s.paid_hours_per_week / 168.0;
    let shape = match s.roster {
        RosterShape::FollowDemand => demand.relative_load(interval_of_week),
        RosterShape::Flat => 1.0,
    };
    let slots = (on_shift * shape * s.concurrency + rounding_offset(interval_of_week)).floor();
    if slots.is_finite() && slots > 0.0 {
        slots.min(f64::from(u32::MAX)) as u32
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::{slots_on_shift, DemandProfile};
    use crate::scenario::{self, Limits, Scenario};

    /// A round-the-clock roster of `fte` agents shaped `roster`.
    fn scenario(fte: f64, roster: &str) -> Scenario {
        let text = format!(
            r#"
name = "slots"
horizon_weeks = 1
interval_minutes = 60
[demand]
contacts_per_week = 10000
hourly_weights = [0.2,0.1,0.1,0.1,0.1,0.2,0.5,1,2,2,2,2,2,2,2,2,2,1.6,1.5,1.4,1.2,1,0.6,0.3]
[[categories]]
name = "all"
share = 1.0
human_handle_minutes = {{ distribution = "exponential", mean = 8.0 }}
[staffing]
fte = {fte}
paid_hours_per_week = 168
shrinkage = 0.0
roster = "{roster}"
"#
        );
        scenario::parse("slots.toml", &text, &Limits::default()).unwrap()
    }

    /// A ceiling of 0.9 on 7 slots lets 6 or 7 be busy, 6.3 on average over
    /// a week of intervals; none leaves every slot, 1 too.
    #[test]
    fn the_occupancy_ceiling_holds_on_average_in_whole_slots() {
        use super::slots_under_ceiling;
        let week: Vec<u32> = (0..336)
            .map(|i| slots_under_ceiling(7, Some(0.9), i))
            .collect();
        assert!(week.iter().all(|s| (6..=7).contains(s)));
        let mean = week.iter().sum::<u32>() as f64 / 336.0;
        assert!((mean - 6.3).abs() < 0.01, "{mean}");
        assert_eq!(slots_under_ceiling(7, None, 3), 7);
        assert_eq!(slots_under_ceiling(7, Some(1.0), 3), 7);
        assert_eq!(slots_under_ceiling(0, Some(0.9), 3), 0);
    }

    fn week_of_slots(fte: f64, roster: &str) -> Vec<u32> {
        let s = scenario(fte, roster);
        let demand = DemandProfile::new(&s);
        (0..168)
            .map(|i| slots_on_shift(&s, &demand, fte, i))
            .collect()
    }

    /// With every hour the same shape (a flat roster), a fraction f of an
    /// agent adds a slot to about a share f of the week's hours; plain
    /// rounding added one to all of them or to none.
    #[test]
    fn a_fraction_of_an_agent_adds_slots_in_proportion() {
        // A low-discrepancy sequence: 2.98 hours for these 168 thresholds
        // (all at 1/2, plain rounding, would give 84).
        let bound = threshold_discrepancy();
        assert!(bound < 4.0, "the thresholds are not spread evenly: {bound}");
        assert!(week_of_slots(100.0, "flat").iter().all(|&n| n == 100));
        for tenths in 1..10 {
            let f = f64::from(tenths) / 10.0;
            let slots = week_of_slots(100.0 + f, "flat");
            assert!(slots.iter().all(|&n| n == 100 || n == 101));
            let raised = slots.iter().filter(|&&n| n == 101).count() as f64;
            assert!(
                (raised - f * 168.0).abs() <= bound,
                "{f} of an agent raised {raised} of 168 hours (at most {bound} from {})",
                f * 168.0
            );
        }
    }

    /// The largest gap, over intervals of [0, 1), between how many of the
    /// week's rounding thresholds fall in the interval and its length x 168
    /// (the extreme discrepancy, as a count). The hours that gain a slot from
    /// a fraction f are exactly those whose threshold lies in [1 - f, 1), so
    /// their count is within this of f x 168.
    fn threshold_discrepancy() -> f64 {
        let n = 168;
        let mut points: Vec<f64> = (0..n).map(super::rounding_offset).collect();
        points.push(0.0);
        points.push(1.0);
        points.sort_by(f64::total_cmp);
        let mut worst: f64 = 0.0;
        for i in 0..points.len() {
            for j in i + 1..points.len() {
                let expected = (points[j] - points[i]) * n as f64;
                // Closed [p_i, p_j] holds the points between, ends included
                // (minus the two added ends), open (p_i, p_j) those strictly inside.
                let inside = (j - i - 1) as f64;
                let closed = inside
                    + [i, j]
                        .iter()
                        .filter(|&&k| k != 0 && k != points.len() - 1)
                        .count() as f64;
                worst = worst.max(closed - expected).max(expected - inside);
            }
        }
        worst
    }

    /// Following demand, no hour loses a slot as FTE grows, every hour stays
    /// within a slot of its exact figure, and the week's errors largely cancel
    /// (a tenth of a slot per hour on average at most).
    #[test]
    fn slots_grow_with_fte_and_stay_within_a_slot_of_exact() {
        let s = scenario(100.0, "follow_demand");
        let demand = DemandProfile::new(&s);
        let mut previous = week_of_slots(100.0, "follow_demand");
        for step in 1..=50 {
            let fte = 100.0 + f64::from(step) / 10.0;
            let slots = week_of_slots(fte, "follow_demand");
            let mut exact_total = 0.0;
            for i in 0..168 {
                assert!(slots[i] >= previous[i], "hour {i} lost a slot at {fte} FTE");
                let exact = fte * demand.relative_load(i);
                exact_total += exact;
                let error = f64::from(slots[i]) - exact;
                assert!(
                    error.abs() < 1.0,
                    "hour {i}: {} slots for {exact}",
                    slots[i]
                );
            }
            let total: f64 = slots.iter().map(|&n| f64::from(n)).sum();
            let mean_error = (total - exact_total) / 168.0;
            assert!(
                mean_error.abs() < 0.1,
                "{fte} FTE: {total} for {exact_total}"
            );
            previous = slots;
        }
    }
}
