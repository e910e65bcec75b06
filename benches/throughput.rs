//! Throughput benchmarks: events per second of the engine alone, contacts per
//! second of the plain M/M/c+M queue, of 13 weeks of each shipped scenario, and
//! of a 52-week over-automation replication at the reference scale.
//! Run with `cargo bench --bench throughput`; peak memory is measured by
//! `bench/peak-memory.sh` from the operating system, not here.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wfsim::analysis::{queue_scenario, run_replication};
use wfsim::engine::{run_until, EventQueue, Handler};
use wfsim::queueing::QueueInputs;
use wfsim::scenario::{self, Limits};

/// A handler that keeps a constant population of pending events, like a busy
/// contact centre: every event schedules its successor.
struct Churn {
    state: u64,
}

impl Handler for Churn {
    type Event = u32;
    fn handle(&mut self, now: f64, event: u32, queue: &mut EventQueue<u32>) {
        self.state = self
            .state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = (self.state >> 40) as f64 / 16_777_216.0 * 600.0;
        queue.schedule(now + delay, event);
    }
}

fn engine(c: &mut Criterion) {
    const EVENTS: u64 = 1_000_000;
    let mut group = c.benchmark_group("engine");
    group
        .sample_size(10)
        .throughput(Throughput::Elements(EVENTS));
    group.bench_function("events_with_5000_pending", |b| {
        b.iter(|| {
            let mut queue = EventQueue::new();
            for i in 0..5_000u32 {
                queue.schedule(f64::from(i) * 0.12, i);
            }
            let mut handler = Churn { state: 1 };
            // 1e6 events at ~8.3 events per simulated second.
            run_until(&mut handler, &mut queue, EVENTS as f64 * 0.12)
        })
    });
    group.finish();
}

fn queue(c: &mut Criterion) {
    // 700 agents at load 0.9, 5-minute contacts, 3-minute patience: one week.
    let inputs = QueueInputs {
        arrivals_per_hour: 7560.0,
        handle_minutes: 5.0,
        agents: 700,
        patience_minutes: Some(3.0),
        answer_seconds: 20.0,
    };
    let scenario = queue_scenario(&inputs, 168.0, 1);
    let contacts = (inputs.arrivals_per_hour * 168.0) as u64;
    let mut group = c.benchmark_group("queue");
    group
        .sample_size(10)
        .throughput(Throughput::Elements(contacts));
    group.bench_function("mmc_plus_m_700_agents_load_0_9_one_week", |b| {
        b.iter(|| run_replication(&scenario, 0))
    });
    group.finish();
}

fn scenarios(c: &mut Criterion) {
    let mut group = c.benchmark_group("scenario_13_weeks");
    group.sample_size(10);
    for name in ["baseline-all-human", "over-automation", "hybrid-guardrails"] {
        let path = format!("{}/scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"));
        let Ok(mut s) = scenario::load(std::path::Path::new(&path), &Limits::default()) else {
            eprintln!("skipping {name}: cannot load {path}");
            continue;
        };
        // Week 12: after the rollout and the cuts, where the scenarios differ.
        s.horizon_weeks = 13;
        let contacts = run_replication(&s, 0).total_counters()
            [wfsim::analysis::Counter::Arrived as usize] as u64;
        group.throughput(Throughput::Elements(contacts));
        group.bench_function(name, |b| b.iter(|| run_replication(&s, 0)));
    }
    group.finish();
}

/// The target workload: a 52-week replication of over-automation at
/// the reference scale, about 28 M contacts (Klarna's 2.3 M AI conversations
/// a month, over a year). The shipped file is larger (800 k new chats a week,
/// 53 M contacts in 52 weeks), so demand and headcount are scaled down
/// together (`Scenario::scaled`), which keeps its story.
fn reference_scale(c: &mut Criterion) {
    let path = format!(
        "{}/scenarios/over-automation.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let Ok(shipped) = scenario::load(std::path::Path::new(&path), &Limits::default()) else {
        eprintln!("skipping reference_scale: cannot load {path}");
        return;
    };
    let mut s = shipped.scaled(REFERENCE_FACTOR);
    s.horizon_weeks = 52;
    let contacts =
        run_replication(&s, 0).total_counters()[wfsim::analysis::Counter::Arrived as usize] as u64;
    let mut group = c.benchmark_group("reference_scale");
    group
        .sample_size(10)
        .throughput(Throughput::Elements(contacts));
    group.bench_function("over_automation_52_weeks", |b| {
        b.iter(|| run_replication(&s, 0))
    });
    group.finish();
}

/// 28 M of the shipped file's 53.3 M contacts in 52 weeks.
const REFERENCE_FACTOR: f64 = 0.525;

criterion_group!(benches, engine, queue, scenarios, reference_scale);
criterion_main!(benches);
