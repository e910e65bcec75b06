//! How large a scenario may be before it is refused, and how to get past that.

/// Sizes beyond which a run would exhaust memory or take days; refused before
/// anything is allocated. Raise them deliberately (the CLI's `--allow-large`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub max_horizon_weeks: u32,
    /// Warm-up weeks simulated before week 0 (`warmup_weeks`).
    pub max_warmup_weeks: u32,
    pub max_contacts_per_week: f64,
    pub max_replications: u32,
    pub max_fte: f64,
    /// Contacts over the horizon times replications.
    pub max_total_contacts: f64,
    /// Agents of one queue (`wfsim queue --agents`, the `wfsim staff` search).
    pub max_agents: u32,
    /// Contacts a `--simulate` run may simulate (rate x hours x replications).
    pub max_simulated_contacts: f64,
    /// Hours a `--simulate` run may simulate, warm-up included: even with no
    /// contacts, every simulated hour costs events.
    pub max_simulated_hours: f64,
    /// Points of a parameter sweep grid (the product of the lengths of its
    /// `--set` value lists). Each point is a full run, so `wfsim sweep` must
    /// refuse a larger grid before running any of it.
    pub max_sweep_points: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_horizon_weeks: 520,
            max_warmup_weeks: 52,
            max_contacts_per_week: 20_000_000.0,
            max_replications: 1_000,
            max_fte: 200_000.0,
            max_total_contacts: 20_000_000_000.0,
            max_agents: 1_000_000,
            max_simulated_contacts: 2e9,
            max_simulated_hours: 100_000.0,
            max_sweep_points: 64,
        }
    }
}

impl Limits {
    /// Limits for users who know their machine can take it.
    pub fn relaxed() -> Self {
        Limits {
            max_horizon_weeks: 5_200,
            max_warmup_weeks: 520,
            max_contacts_per_week: 1e9,
            max_replications: 100_000,
            max_fte: 10_000_000.0,
            max_total_contacts: 1e13,
            max_agents: 10_000_000,
            max_simulated_contacts: 2e11,
            max_simulated_hours: 10_000_000.0,
            max_sweep_points: 100_000,
        }
    }

    /// How to get past a limit: `--allow-large`, unless it is already given.
    pub fn raise_help(&self) -> &'static str {
        if *self == Limits::relaxed() {
            "use a smaller value: this is beyond even the --allow-large limits"
        } else {
            LARGE_HELP
        }
    }
}

const LARGE_HELP: &str = "use a smaller value, or pass --allow-large if this machine can take it";
