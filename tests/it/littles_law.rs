//! Little's law, L = lambda W, for the human queue. Over a period that starts and
//! ends with an empty queue it is an identity: the area under the queue-length
//! curve equals the sum of every contact's wait. Here the nights have no
//! arrivals and the agents stay, so every night empties the queue.

use wfsim::analysis::{self, Counter};

use crate::support::parse;

#[test]
fn queue_area_equals_the_sum_of_waits_when_the_queue_empties() {
    let scenario = parse(
        r#"
name = "little"
horizon_weeks = 2
replications = 3

[demand]
contacts_per_week = 30000
hourly_weights = [0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0]

[[categories]]
name = "only"
share = 1.0
human_handle_minutes = { distribution = "lognormal", mean = 6.0, cv = 1.0 }
patience_minutes = { distribution = "exponential", mean = 5.0 }

[staffing]
fte = 40
paid_hours_per_week = 168
roster = "flat"
"#,
    );
    for replication in 0..scenario.replications {
        let r = analysis::run_replication(&scenario, replication);
        let t = r.total_counters();
        let area = t[Counter::QueueContactSeconds as usize];
        let waits = t[Counter::QueueWaitSeconds as usize];
        // Load: 30000 * 6 min / 84 open hours = 35.7 busy agents of 40: queues form.
        assert!(t[Counter::AbandonedInQueue as usize] > 0.0);
        assert!(
            waits > 1e5,
            "the queue should see real waiting, got {waits}"
        );
        assert_eq!(r.end.in_system, 0);
        assert!(
            (area - waits).abs() <= 1e-9 * waits,
            "replication {replication}: area {area} vs waits {waits}"
        );
        // And in the form L = lambda W, over the horizon T.
        let horizon = 2.0 * 604_800.0;
        let left = t[Counter::Answered as usize] + t[Counter::AbandonedInQueue as usize];
        let l = area / horizon;
        let lambda_w = (left / horizon) * (waits / left);
        assert!((l - lambda_w).abs() <= 1e-9 * l);
    }
}
