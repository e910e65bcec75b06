//! The headline metrics: the totals a reader sees first in `summary.md`, in
//! report order. One list, so the Markdown and what `run --uncertainty`
//! adds (its spreads, in `summary.md` and on the terminal) cannot come to
//! name different metrics, or the same ones in another order.

use crate::analysis::Metric;

/// A headline metric and whether its spread under parameter uncertainty
/// is shown: the quality, service and cost figures a decision rests on,
/// not the volumes they are ratios of.
struct Headline {
    metric: Metric,
    spread: bool,
}

const fn volume(metric: Metric) -> Headline {
    Headline {
        metric,
        spread: false,
    }
}

const fn decisive(metric: Metric) -> Headline {
    Headline {
        metric,
        spread: true,
    }
}

const HEADLINE: &[Headline] = &[
    volume(Metric::Arrived),
    volume(Metric::RepeatContacts),
    volume(Metric::AiShare),
    volume(Metric::AiResolutionRate),
    volume(Metric::Resolved),
    volume(Metric::WrongAnswer),
    volume(Metric::Abandoned),
    volume(Metric::Trapped),
    decisive(Metric::CsatTrue),
    decisive(Metric::CsatMeasured),
    decisive(Metric::ServiceLevel),
    decisive(Metric::AbandonRate),
    volume(Metric::MeanWaitSeconds),
    decisive(Metric::Occupancy),
    decisive(Metric::Fte),
    volume(Metric::CostHuman),
    volume(Metric::CostAi),
    volume(Metric::CostWrongAnswers),
    decisive(Metric::CostTotal),
    decisive(Metric::CostPerContact),
    decisive(Metric::CostPerIssue),
];

/// Every headline metric, in report order (`summary.md`'s totals).
pub fn headline() -> impl Iterator<Item = Metric> {
    HEADLINE.iter().map(|h| h.metric)
}

/// The headline metrics whose spread under parameter uncertainty is shown
/// (`run --uncertainty`), in the same order.
pub fn with_spread() -> impl Iterator<Item = Metric> {
    HEADLINE.iter().filter(|h| h.spread).map(|h| h.metric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spreads_are_a_part_of_the_headline_in_its_order() {
        let spread: Vec<Metric> = with_spread().collect();
        assert_eq!(
            spread,
            [
                Metric::CsatTrue,
                Metric::CsatMeasured,
                Metric::ServiceLevel,
                Metric::AbandonRate,
                Metric::Occupancy,
                Metric::Fte,
                Metric::CostTotal,
                Metric::CostPerContact,
                Metric::CostPerIssue,
            ]
        );
        assert_eq!(headline().count(), 21);
    }
}
