//! Closed-form queueing formulas for contact-centre staffing.
//!
//! The simulator needs an analytic baseline that is cheap enough to call
//! thousands of times (staffing searches, sanity checks on simulated runs), so
//! this module is pure arithmetic: no randomness, no allocation beyond a small
//! quadrature work list, and no panics for any input.
//!
//! Two models are covered:
//!
//! * **Erlang C** (M/M/c): Poisson arrivals, exponential handle times, `c`
//!   agents, callers never hang up. Used when
//!   [`QueueInputs::patience_minutes`] is `None`. It only has a steady state
//!   when the offered load is below the number of agents.
//! * **Erlang A** (M/M/c+M, Palm's model): as above, plus every waiting caller
//!   abandons after an exponential patience. Abandonment makes the queue stable
//!   at any load, which is why overloaded scenarios must go through it.
//!
//! # Metric contracts
//!
//! The CLI report and the simulator's cross-checks compare against these
//! numbers, so their meaning is fixed here. All are steady-state averages over
//! *arriving* contacts (by PASTA, what an arrival sees is the time-average
//! state), never over answered contacts only, because a report that silently
//! drops abandoners flatters an understaffed plan.
//!
//! * [`QueueMetrics::p_wait`]: probability that an arrival finds every agent
//!   busy. It is the probability of having to queue at all, the quantity
//!   Erlang's formulas are built around.
//! * [`QueueMetrics::mean_wait_s`]: mean time spent in queue over **all**
//!   arrivals, counting zero for those served at once and counting abandoners
//!   up to the moment they leave. This is `E[queue length] / λ` (Little's law),
//!   i.e. the time actually spent waiting, which is what the simulator measures.
//! * [`QueueMetrics::p_abandon`]: probability that an arrival hangs up before
//!   being answered (always `0` for Erlang C). With exponential patience the
//!   abandonment flow is `θ · E[queue length]`, hence the identity
//!   `p_abandon = θ · mean_wait` (θ = 1/mean patience), which the tests pin.
//! * [`QueueMetrics::service_level`]: probability that an arrival is
//!   **answered** within `answer_seconds`. Abandoners count as not answered
//!   even if they hung up before the threshold; otherwise heavy abandonment
//!   would make the service level look better.
//! * [`QueueMetrics::occupancy`]: mean number of busy agents divided by `c`,
//!   which equals `offered load · (1 − p_abandon) / c` because only answered
//!   contacts consume agent time.

pub mod erlang;
pub mod staffing;

pub use erlang::{analyze, erlang_b, erlang_c};
pub use staffing::{required_agents, StaffingTarget};

/// Inputs of an M/M/c (+M) queue.
///
/// Rates are expressed in the units planners use (contacts per hour, minutes
/// of handle time and patience, seconds of answer threshold) so callers never
/// convert; [`analyze`] does it once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueInputs {
    /// Poisson arrival rate; must be finite and `>= 0`.
    pub arrivals_per_hour: f64,
    /// Mean (exponential) service time; must be finite and `> 0`.
    pub handle_minutes: f64,
    /// Number of agents (servers `c`); must be at least 1.
    pub agents: u32,
    /// `None` means callers never abandon (Erlang C). `Some(p)` means
    /// exponential patience with mean `p` minutes (Erlang A); `p` must be
    /// `> 0`, and `Some(f64::INFINITY)` is treated like `None`.
    pub patience_minutes: Option<f64>,
    /// Service-level threshold `T`; must be `>= 0` (`+inf` is allowed and
    /// means "answered at all").
    pub answer_seconds: f64,
}

/// Steady-state performance of the queue; see the module docs for the exact
/// contract of each field.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct QueueMetrics {
    /// Probability that an arriving contact finds every agent busy.
    pub p_wait: f64,
    /// Mean time in queue over all arrivals, abandoners counted until they
    /// leave.
    pub mean_wait_s: f64,
    /// Probability that an arriving contact abandons (0 without patience).
    pub p_abandon: f64,
    /// Probability of being answered within the threshold; abandoners count
    /// as not answered.
    pub service_level: f64,
    /// Mean busy agents divided by the number of agents.
    pub occupancy: f64,
}

impl QueueMetrics {
    /// The five figures by name, in the order reports list them.
    pub fn figures(&self) -> [(&'static str, f64); 5] {
        [
            ("p_wait", self.p_wait),
            ("mean_wait_s", self.mean_wait_s),
            ("p_abandon", self.p_abandon),
            ("service_level", self.service_level),
            ("occupancy", self.occupancy),
        ]
    }
}

/// Why a queueing formula could not produce a result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueueingError {
    /// Erlang C has no steady state when the offered load reaches the number
    /// of agents: the queue grows without bound.
    #[error(
        "offered load of {load} erlangs needs more than {agents} agents when callers never \
         abandon; add agents or set a patience to model abandonment"
    )]
    Unstable {
        /// Offered load `λ / μ` in erlangs.
        load: f64,
        /// Number of agents that was too small.
        agents: u32,
    },
    /// An input is outside its domain; `what` names it and states the
    /// accepted range.
    #[error("invalid input: {what} (got {value}); correct it and retry")]
    InvalidInput {
        /// The offending input and the range it must lie in.
        what: &'static str,
        /// The value that was supplied.
        value: f64,
    },
    /// A staffing search ran out of agents before meeting the target.
    #[error(
        "no staffing level up to {limit} agents meets the target; raise the limit or relax \
         the target"
    )]
    TargetUnreachable {
        /// Largest agent count that was tried.
        limit: u32,
    },
}
