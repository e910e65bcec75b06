//! Random numbers that belong to entities, not to the order of events.
//!
//! Every number a replication uses is derived only from the scenario seed, the
//! replication index and *what the number is for*: never from how many numbers
//! were drawn before it. Two variants of a scenario (a cut size, a lever, 1 %
//! more staff) run with the same seed therefore meet the same customers and
//! the same workforce luck, and a paired difference between them measures the
//! decision, not the noise (common random numbers that hold).
//!
//! # Streams and keys
//!
//! - **Demand** ([`Stream::Demand`], one Xoshiro256++ stream per replication):
//!   arrival gaps and categories of first-time contacts, in arrival order.
//! - **Contacts** ([`ContactStreams`]): each contact has a 64-bit key mixed from
//!   (seed, replication, its issue's arrival index, its contact number), and
//!   each purpose of a draw ([`ContactDraw`]) has its own numbers under that
//!   key: a tiny SplitMix64 generator whose state is the key XOR a salt of the
//!   purpose. The issue's arrival index counts first-time contacts
//!   (`Event::NewArrival`) in the replication; a repeat carries its issue's
//!   index, so the customer's second contact has the same key in every variant.
//! - **Workforce** ([`WorkforceStreams`]): numbers keyed by (week, purpose,
//!   index) ([`WorkforceDraw`]); binomial movements take exactly one uniform
//!   each (inversion, `model::sampler::binomial_quantile`).
//!
//! # What is synchronised between variants run with the same seed
//!
//! - Arrival times and categories of first-time contacts, as long as the
//!   variants share the demand (volume, growth, weights, arrival process,
//!   interval length and horizon): the demand stream is consumed by arrivals
//!   alone. The n-th first-time contact is then the same customer in both.
//! - Every draw of a contact, whatever happened to the contacts before it: the
//!   AI-routing uniform, the AI handle time, each trigger's detection uniform
//!   (by trigger index), the AI verdict uniform, patience, human handle time,
//!   the outsourced-or-not uniform, the human wrong-answer uniform, the survey
//!   response and answer uniforms, the repeat decision and the repeat delay.
//!   Draws are compared against the variant's own probabilities, so a contact
//!   whose probability moves changes its fate only if its uniform falls in
//!   between (a monotone coupling). A repeat contact (contact number n of an
//!   issue) exists only if the previous contact's fate led to one; when it
//!   exists in both variants it has the same draws in both.
//! - The workforce: attrition of each pool (proficient, trainers, waiting new
//!   hires, waiting returners) and of each cohort (identified by the week it
//!   started training and whether it is of returners) takes one uniform keyed
//!   by (week, pool or cohort), not by its place in a sequence. A pool d
//!   people larger loses between 0 and d more people that week (the
//!   binomial's quantiles at one uniform), other pools and cohorts are
//!   untouched, and later weeks keep their numbers. The alumni fade takes one
//!   uniform a week; the k-th layoff of a week one uniform for those willing
//!   to return.
//! - Time to hire: the k-th requisition opened by backfill in a week takes the
//!   k-th sample of that week's hiring stream, and the k-th requisition
//!   opened by decisions in a week the k-th of that week's requisition stream
//!   (a prefix property: opening more requisitions leaves the first ones'
//!   times unchanged, and the two sources never shift each other).
//!
//! # What is not
//!
//! - A variant that changes the demand (volume, growth, category shares,
//!   weights, arrival process, interval length) draws different arrivals from
//!   the first interval it differs in; from there the n-th first-time contact
//!   is another customer.
//! - A variant that changes a distribution: changing a mean scales the same
//!   draw, and changing a lognormal's cv keeps its normal quantile, but
//!   changing a gamma's cv (its shape) or a distribution's kind gives a
//!   different draw from the same numbers (rejection samplers).
//! - Everything downstream of a contact's fate: a customer served in one
//!   variant and abandoned in the other repeats in one only, and the repeat
//!   arrives at another time; waits, and so satisfaction, differ wherever the
//!   queue differs. A repeat that exists in both variants has the same draws
//!   in both.
//! - Decisions taken by rules follow measured signals, so a rule may fire in
//!   another week in a variant; the numbers stay keyed, the decisions differ.
//! - People are counts, not individuals: a variant with a different layoff or
//!   hiring keeps each pool's and cohort's uniform, not the identity of who
//!   leaves; requisitions share their times to hire by position in the week,
//!   not by identity. A cohort's key assumes at most one new and one
//!   returner cohort start a week (true of `Pipeline::start_classes`).
//! - Staffing is in whole chat slots. A variant with a fraction of an agent
//!   more adds slots to that share of the week's intervals (each interval
//!   rounds at its own fixed threshold, `model::demand::slots_on_shift`), so
//!   the step between two variants follows the change; plain rounding made
//!   it all peak hours or none, depending on the roster's other fractions.
//! - Issue indices are 48 bits in a repeat event (to keep `Event` 12 bytes):
//!   keys would repeat after 2^48 (2.8e14) first-time contacts in one
//!   replication. A u32 would not do: the default limits allow 20 M contacts
//!   a week for 520 weeks (1.04e10 in one replication), and the relaxed ones
//!   more.
//! - Within one replication, distinct contacts have distinct keys (the mixing
//!   is a bijection); two (contact, purpose) pairs share a generator state
//!   with odds of about 2^-64 each.
//!
//! Xoshiro256++ for the demand stream rather than ChaCha8: ChaCha's block
//! refills were 5% of a run (`perf`, the reference-scale bench); a stream
//! needs statistical quality, not unpredictability. SplitMix64 for a
//! contact's purposes: an 8-byte state, seeded for free from a key, one
//! multiply-xorshift finaliser per number, and it passes BigCrush.

use rand::{Rng, RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator of the demand stream and of the workforce's sequences.
pub type SimRng = Xoshiro256PlusPlus;

/// The generator of one purpose of one contact: SplitMix64, number for
/// number (`rand_xoshiro::SplitMix64`, whose seeding through a byte array
/// was not inlined: 1% of a run's instructions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactRng {
    state: u64,
}

impl RngCore for ContactRng {
    #[inline]
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    #[inline]
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        finalise(self.state)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Arrival times and categories of first-time contacts.
    Demand = 0,
    /// The root of every contact's key (see [`ContactStreams`]).
    Contacts = 1,
    /// The root of the workforce's keys (see [`WorkforceStreams`]).
    Workforce = 2,
    /// The run's draws of its uncertain parameters (`run --uncertainty`):
    /// one stream for the whole run, taken as replication 0's.
    Parameters = 3,
    /// What management samples to watch the operation (the weekly QA
    /// review): one stream per week (see [`weekly_stream`]).
    Monitoring = 4,
}

/// The root key of one purpose in one replication. The three keys are mixed
/// through SplitMix64 one after the other; each step is a bijection, so
/// changing one key with the others fixed always changes the result, and two
/// roots differing in both replication and purpose coincide with odds of
/// about 2^-64.
fn root(seed: u64, replication: u64, purpose: Stream) -> u64 {
    splitmix64(splitmix64(splitmix64(seed) ^ replication) ^ purpose as u64)
}

/// The stream of one purpose in one replication. The generator expands the
/// root key into its 256-bit state, and its period (2^256) makes overlap
/// between streams negligible.
pub fn stream(seed: u64, replication: u64, purpose: Stream) -> SimRng {
    SimRng::seed_from_u64(root(seed, replication, purpose))
}

/// The stream of one purpose in one week of a replication: keyed by the
/// week, not drawn in sequence, so a variant that samples a different number
/// of items one week keeps every other week's numbers.
pub fn weekly_stream(seed: u64, replication: u64, purpose: Stream, week: u32) -> SimRng {
    SimRng::seed_from_u64(splitmix64(
        root(seed, replication, purpose) ^ u64::from(week),
    ))
}

/// One SplitMix64 step from state `x`: the generator's first output, a
/// bijection of `x` (`SplitMix64::seed_from_u64(x).next_u64()`, inlined).
#[inline]
fn splitmix64(x: u64) -> u64 {
    finalise(x.wrapping_add(GOLDEN_GAMMA))
}

/// SplitMix64's finaliser, usable in constants.
const fn finalise(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// SplitMix64's increment: the state of the generator after `i` numbers is
/// its seed plus `i` times this.
const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// A uniform in [0, 1) from 64 random bits, as rand's `random::<f64>()`.
#[inline]
fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// What a contact's random number is for. Each purpose has numbers of its
/// own, so a draw made or skipped for one never shifts another's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactDraw {
    /// Whether the contact goes to the AI (compared with the AI share).
    AiRoute,
    AiHandle,
    /// Detection of escalation trigger `i`: the `i`-th number.
    AiTrigger,
    /// Resolved, escalated, wrong answer or stuck.
    AiVerdict,
    Patience,
    HumanHandle,
    Outsourced,
    HumanWrongAnswer,
    SurveyResponse,
    SurveyAnswer,
    Repeat,
    RepeatDelay,
    /// Which `[[pools]]` entry serves the issue: drawn from the issue's first
    /// contact's key, so its repeats go to the same pool (the customer's
    /// language does not change). Last, so the other purposes keep their salts.
    Pool,
    /// Whether the AI's failure sends the customer's next contact straight
    /// to a person (drawn from the failed contact's key).
    RepeatToHuman,
    /// Whether a customer given a wrong answer believes it resolved when the
    /// survey asks.
    Perception,
}

/// Salts that separate a contact's purposes: well-mixed constants, so the
/// generator states of two purposes are unrelated.
const SALTS: [u64; 15] = {
    let mut salts = [0; 15];
    let mut i = 0;
    while i < salts.len() {
        salts[i] = finalise((i as u64 + 1).wrapping_mul(GOLDEN_GAMMA) ^ 0x636f_6e74_6163_7473);
        i += 1;
    }
    salts
};

/// The root of every contact's key in one replication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactStreams {
    root: u64,
}

impl ContactStreams {
    pub fn new(seed: u64, replication: u64) -> Self {
        ContactStreams {
            root: root(seed, replication, Stream::Contacts),
        }
    }

    /// The key of contact `contact_number` (1 for the first) about the issue
    /// that was the `issue`-th first-time contact (from 0) of the replication.
    /// The pair is packed into 56 bits (`issue` below 2^48) and mixed by a
    /// bijection, so distinct contacts have distinct keys.
    #[inline]
    pub fn key(&self, issue: u64, contact_number: u8) -> ContactKey {
        let id = (issue & ISSUE_MASK) << 8 | u64::from(contact_number);
        ContactKey(splitmix64(self.root ^ id))
    }
}

/// Issue indices are kept to 48 bits (see the module documentation).
pub const ISSUE_MASK: u64 = (1 << 48) - 1;

/// The identity of one contact's random numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactKey(u64);

impl ContactKey {
    /// The generator of `purpose`, for samplers that need several numbers.
    #[inline]
    pub fn rng(self, purpose: ContactDraw) -> ContactRng {
        ContactRng {
            state: self.0 ^ SALTS[purpose as usize],
        }
    }

    /// The first uniform of `purpose`.
    #[inline]
    pub fn uniform(self, purpose: ContactDraw) -> f64 {
        self.rng(purpose).random()
    }

    /// The `index`-th uniform (from 0) of `purpose`, without drawing the ones
    /// before it: SplitMix64's state after `i` steps is known in advance.
    #[inline]
    pub fn uniform_at(self, purpose: ContactDraw, index: u64) -> f64 {
        let state = (self.0 ^ SALTS[purpose as usize])
            .wrapping_add(index.wrapping_add(1).wrapping_mul(GOLDEN_GAMMA));
        unit(finalise(state))
    }
}

/// What a workforce random number is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkforceDraw {
    /// Who leaves of their own accord; indexed by pool or cohort.
    Attrition = 1,
    /// Laid-off people who stop being willing to come back.
    AlumniFade = 2,
    /// Laid-off people willing to come back; indexed by the layoff's rank
    /// among the week's layoffs.
    LayoffAlumni = 3,
    /// Time to hire of requisitions opened by backfill, in order.
    Hiring = 4,
    /// Time to hire of requisitions opened by decisions, in order.
    Requisitions = 5,
}

/// The root of the workforce's numbers in one replication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkforceStreams {
    root: u64,
}

impl WorkforceStreams {
    pub fn new(seed: u64, replication: u64) -> Self {
        WorkforceStreams {
            root: root(seed, replication, Stream::Workforce),
        }
    }

    fn key(&self, week: u32, purpose: WorkforceDraw) -> u64 {
        splitmix64(splitmix64(self.root ^ u64::from(week)) ^ purpose as u64)
    }

    /// One uniform for the `index`-th thing (pool, cohort, layoff) of
    /// `purpose` in `week`.
    pub fn uniform(&self, week: u32, purpose: WorkforceDraw, index: u64) -> f64 {
        unit(splitmix64(self.key(week, purpose) ^ index))
    }

    /// The sequence of `purpose` in `week`, for draws made in order.
    pub fn stream(&self, week: u32, purpose: WorkforceDraw) -> SimRng {
        SimRng::seed_from_u64(self.key(week, purpose))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_xoshiro::SplitMix64;
    use std::collections::HashSet;

    fn first_draws(seed: u64, replication: u64, purpose: Stream) -> Vec<u64> {
        let mut rng = stream(seed, replication, purpose);
        (0..4).map(|_| rng.random()).collect()
    }

    /// A stream depends on its three keys and nothing else, and changing any
    /// one of them gives different draws (replications must not share
    /// numbers, nor purposes within one).
    #[test]
    fn streams_repeat_for_the_same_keys_and_differ_otherwise() {
        let purposes = [
            Stream::Demand,
            Stream::Contacts,
            Stream::Workforce,
            Stream::Parameters,
        ];
        let mut seen = HashSet::new();
        for seed in [0, 1, 42] {
            for replication in 0..50 {
                for purpose in purposes {
                    let draws = first_draws(seed, replication, purpose);
                    assert_eq!(draws, first_draws(seed, replication, purpose));
                    assert!(
                        seen.insert(draws),
                        "seed {seed}, replication {replication}, {purpose:?} repeats another stream"
                    );
                }
            }
        }
    }

    const PURPOSES: [ContactDraw; 15] = [
        ContactDraw::AiRoute,
        ContactDraw::AiHandle,
        ContactDraw::AiTrigger,
        ContactDraw::AiVerdict,
        ContactDraw::Patience,
        ContactDraw::HumanHandle,
        ContactDraw::Outsourced,
        ContactDraw::HumanWrongAnswer,
        ContactDraw::SurveyResponse,
        ContactDraw::SurveyAnswer,
        ContactDraw::Repeat,
        ContactDraw::RepeatDelay,
        ContactDraw::Pool,
        ContactDraw::RepeatToHuman,
        ContactDraw::Perception,
    ];

    /// Contacts of different issues, contact numbers, replications and seeds,
    /// and the purposes of one contact, all get different numbers; the same
    /// keys give the same numbers.
    #[test]
    fn contact_draws_differ_by_contact_and_purpose_and_repeat_otherwise() {
        let mut seen = HashSet::new();
        for (seed, replication) in [(0, 0), (0, 1), (1, 0), (7, 3)] {
            let streams = ContactStreams::new(seed, replication);
            for issue in [0, 1, 2, 255, 256, 1 << 40] {
                for n in 1..=4u8 {
                    let key = streams.key(issue, n);
                    assert_eq!(key, ContactStreams::new(seed, replication).key(issue, n));
                    for purpose in PURPOSES {
                        let bits = key.rng(purpose).next_u64();
                        assert!(
                            seen.insert(bits),
                            "{seed}/{replication}: issue {issue} contact {n} {purpose:?} repeats"
                        );
                    }
                }
            }
        }
    }

    /// The contact generator is SplitMix64 number for number.
    #[test]
    fn the_contact_generator_is_splitmix64() {
        for seed in [0, 1, 0xdead_beef, u64::MAX] {
            let mut ours = ContactRng { state: seed };
            let mut theirs = SplitMix64::seed_from_u64(seed);
            for _ in 0..100 {
                assert_eq!(ours.next_u64(), theirs.next_u64());
            }
        }
        for x in [0, 7, u64::MAX] {
            assert_eq!(splitmix64(x), SplitMix64::seed_from_u64(x).next_u64());
        }
        let mut bytes = [0u8; 11];
        ContactRng { state: 5 }.fill_bytes(&mut bytes);
        assert_eq!(
            bytes[..8],
            SplitMix64::seed_from_u64(5).next_u64().to_le_bytes()
        );
    }

    /// `uniform_at` is the generator's `index`-th number, and `uniform` its
    /// first, as rand would make them.
    #[test]
    fn uniform_at_is_the_generators_nth_uniform() {
        let key = ContactStreams::new(3, 4).key(12_345, 2);
        let mut rng = key.rng(ContactDraw::AiTrigger);
        for i in 0..10 {
            let u: f64 = rng.random();
            assert_eq!(u, key.uniform_at(ContactDraw::AiTrigger, i));
            assert!((0.0..1.0).contains(&u));
        }
        let first: f64 = key.rng(ContactDraw::Repeat).random();
        assert_eq!(key.uniform(ContactDraw::Repeat), first);
    }

    /// Contact uniforms are uniform: over many contacts, one purpose's first
    /// numbers fill ten equal bins evenly (chi-square, 9 degrees of freedom,
    /// 27.9 is its 0.999 quantile), and two purposes of the same contact are
    /// uncorrelated (|r| within 4.4 standard errors, 1e-5 false alarm).
    #[test]
    fn contact_uniforms_are_uniform_and_independent_across_purposes() {
        const N: usize = 200_000;
        let streams = ContactStreams::new(11, 0);
        let mut bins = [0u32; 10];
        let (mut sx, mut sy, mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for issue in 0..N as u64 {
            let key = streams.key(issue, 1);
            let x = key.uniform(ContactDraw::Patience);
            let y = key.uniform(ContactDraw::HumanHandle);
            bins[(x * 10.0) as usize] += 1;
            sx += x;
            sy += y;
            sxy += x * y;
            sxx += x * x;
            syy += y * y;
        }
        let expected = N as f64 / 10.0;
        let chi2: f64 = bins
            .iter()
            .map(|&b| (f64::from(b) - expected).powi(2) / expected)
            .sum();
        assert!(chi2 < 27.9, "chi-square {chi2} over {bins:?}");
        let n = N as f64;
        let cov = sxy / n - sx / n * sy / n;
        let r = cov / ((sxx / n - (sx / n).powi(2)) * (syy / n - (sy / n).powi(2))).sqrt();
        assert!(r.abs() < 4.4 / n.sqrt(), "correlation {r}");
    }

    /// Workforce numbers depend on (week, purpose, index) and nothing else.
    #[test]
    fn workforce_draws_differ_by_week_purpose_and_index() {
        let streams = WorkforceStreams::new(5, 2);
        let purposes = [
            WorkforceDraw::Attrition,
            WorkforceDraw::AlumniFade,
            WorkforceDraw::LayoffAlumni,
            WorkforceDraw::Hiring,
            WorkforceDraw::Requisitions,
        ];
        let mut seen = HashSet::new();
        for week in 0..60 {
            for purpose in purposes {
                for index in 0..8 {
                    let u = streams.uniform(week, purpose, index);
                    assert_eq!(u, WorkforceStreams::new(5, 2).uniform(week, purpose, index));
                    assert!(seen.insert(u.to_bits()));
                }
                let first: u64 = streams.stream(week, purpose).random();
                assert!(seen.insert(first));
            }
        }
        assert_ne!(
            WorkforceStreams::new(5, 2).uniform(1, WorkforceDraw::Attrition, 0),
            WorkforceStreams::new(5, 3).uniform(1, WorkforceDraw::Attrition, 0)
        );
    }
}
