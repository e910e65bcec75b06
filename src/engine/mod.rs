//! The generic discrete-event core: a clock, an event queue and a run loop.
//!
//! This module knows nothing of customer service. Events are small `Copy` values
//! chosen by the caller; the queue orders them by time, then ticks of the
//! caller's clock before other events, then by the order in which they were
//! scheduled, so two runs with the same inputs process events in exactly the
//! same order (the root of reproducibility).
//!
//! Layer rule: the engine imports std only, nothing of the model, the
//! scenario or any layer above, so it can be tested and benchmarked alone
//! (checked by `tests/it/layers.rs`).

mod calendar;
mod indexed_heap;
mod open_bucket;
mod order;
mod queue;

pub use queue::{EventKey, EventQueue};

/// Simulated time in seconds since the start of the run.
///
/// A bare `f64` keeps events small and arithmetic cheap; the queue refuses NaN
/// so the ordering stays total.
pub type Seconds = f64;

/// Something that reacts to events and may schedule or cancel further events.
pub trait Handler {
    /// The event type; kept `Copy` so the queue never allocates per event.
    type Event: Copy;

    /// Reacts to `event` happening at `now`.
    fn handle(&mut self, now: Seconds, event: Self::Event, queue: &mut EventQueue<Self::Event>);
}

/// Processes events in order until the queue is empty or the next event lies
/// beyond `horizon`. Events later than the horizon stay in the queue, so the
/// caller can still see what was pending when the run stopped.
///
/// Returns the number of events processed.
pub fn run_until<H: Handler>(
    handler: &mut H,
    queue: &mut EventQueue<H::Event>,
    horizon: Seconds,
) -> u64 {
    let mut processed = 0;
    while let Some((now, event)) = queue.pop_not_after(horizon) {
        handler.handle(now, event, queue);
        processed += 1;
    }
    processed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records the order of events and reschedules a chain, to check that the
    /// loop honours time order, insertion order for ties, and the horizon.
    struct Recorder {
        seen: Vec<(Seconds, u32)>,
    }

    impl Handler for Recorder {
        type Event = u32;
        fn handle(&mut self, now: Seconds, event: u32, queue: &mut EventQueue<u32>) {
            self.seen.push((now, event));
            if event == 1 {
                queue.schedule(now + 10.0, 100);
                queue.schedule(now, 101); // same time: runs after anything already at `now`
            }
        }
    }

    #[test]
    fn run_loop_processes_in_time_then_insertion_order_and_stops_at_horizon() {
        let mut queue = EventQueue::new();
        queue.schedule(5.0, 2);
        queue.schedule(1.0, 1);
        queue.schedule(1.0, 3);
        queue.schedule(50.0, 4);
        let mut recorder = Recorder { seen: Vec::new() };
        let processed = run_until(&mut recorder, &mut queue, 20.0);
        assert_eq!(
            recorder.seen,
            vec![(1.0, 1), (1.0, 3), (1.0, 101), (5.0, 2), (11.0, 100)]
        );
        assert_eq!(processed, 5);
        assert_eq!(queue.len(), 1, "the event after the horizon stays pending");
        assert_eq!(queue.peek_time(), Some(50.0));
    }
}
