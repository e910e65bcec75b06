//! The same operation at another size: demand and every headcount figure
//! multiplied by one factor, everything else (shares, handle times, patience,
//! rules, weeks) unchanged.
//!
//! Tests run the shipped stories at a tenth of their size, and the benchmark
//! runs over-automation at the reference scale (≈ 28 M contacts a
//! year) rather than the shipped file's 53 M. Headcounts are rounded to whole
//! people, as a scenario file would state them.

use super::{Action, Scenario};

impl Scenario {
    /// This scenario with `contacts_per_week`, the staffing schedule, the
    /// workforce's headcounts, capacities and trainers, the outsourcing
    /// capacity, and the headcount of every layoff, rehire and requisition
    /// (planned or taken by a rule) multiplied by `factor`; scaled down, each
    /// pool keeps its desks' size and has `factor` times as many copies (at
    /// least one); scaled up, its desks grow.
    ///
    /// Not validated again: a small factor can round a headcount to 0, which
    /// a scenario file would be refused for, so callers choose factors that
    /// leave whole teams (the tests use 1/10, the benchmark 0.525).
    pub fn scaled(&self, factor: f64) -> Scenario {
        let mut v = self.clone();
        v.demand.contacts_per_week *= factor;
        for (_, fte) in &mut v.staffing.fte_schedule {
            *fte = (*fte * factor).round();
        }
        if let Some(w) = &mut v.workforce {
            w.initial_fte = (w.initial_fte * factor).round();
            w.target_fte = (w.target_fte * factor).round();
            w.recruiting_capacity_per_week = (w.recruiting_capacity_per_week * factor).round();
            w.trainers = w.trainers.map(|t| (t * factor).round());
            if let Some(o) = &mut w.outsourcing {
                o.capacity_fte = (o.capacity_fte * factor).round();
            }
        }
        // A desk keeps its size: fewer copies, not smaller ones, so a scaled
        // language split queues as the full one does (an entry of one copy
        // cannot and shrinks).
        // Scaling up keeps the copies (and grows the desks): more copies
        // could pass the 100 queues the model holds.
        if factor < 1.0 {
            for p in &mut v.pools {
                p.copies = ((f64::from(p.copies) * factor).round() as u32).max(1);
            }
        }
        let scale = |a: &mut Action| match a {
            Action::Layoff { fte, .. } => *fte = (*fte * factor).round(),
            Action::Rehire { target_fte } | Action::SetHeadcountTarget { target_fte } => {
                *target_fte = (*target_fte * factor).round()
            }
            Action::OpenRequisitions { count } => *count = (*count * factor).round(),
            _ => {}
        };
        for d in &mut v.decisions {
            scale(&mut d.action);
        }
        for r in &mut v.rules {
            r.actions.iter_mut().for_each(scale);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    /// A tenth of forty desks is four desks of the same size; an entry that
    /// cannot lose copies keeps one.
    #[test]
    fn scaling_keeps_desks_and_takes_copies() {
        let mut s = crate::scenario::one_category_for_tests();
        let n = s.categories.len();
        s.pools = [(40, 0.5), (20, 0.3), (1, 0.2)]
            .iter()
            .map(|&(copies, staff_share)| crate::scenario::SkillPool {
                name: format!("{copies}"),
                staff_share,
                category_shares: vec![staff_share; n],
                overflow: None,
                copies,
            })
            .collect();
        let copies = |f: f64| {
            s.scaled(f)
                .pools
                .iter()
                .map(|p| p.copies)
                .collect::<Vec<_>>()
        };
        assert_eq!(copies(0.1), vec![4, 2, 1]);
        assert_eq!(copies(0.02), vec![1, 1, 1]);
        assert_eq!(copies(1.0), vec![40, 20, 1]);
        assert_eq!(copies(3.0), vec![40, 20, 1]);
        assert_eq!(s.scaled(0.1).pools[0].staff_share, 0.5);
    }
}
