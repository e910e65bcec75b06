//! `[escalation]` and its `[[escalation.triggers]]`: checked before the
//! categories, which name the triggers their contacts carry.

use super::checker::Checker;
use crate::scenario::raw::RawEscalation;
use crate::scenario::{Escalation, Trigger};

pub(super) fn check(c: &mut Checker, e: &RawEscalation) -> Escalation {
    let mut triggers: Vec<Trigger> = Vec::new();
    for (i, t) in e.triggers.iter().enumerate() {
        let path = format!("escalation.triggers[{i}]");
        c.probability(&format!("{path}.detection_accuracy"), t.detection_accuracy);
        if triggers.iter().any(|x| x.name == t.name) {
            c.push(
                format!("{path}.name"),
                format!("trigger {:?} is defined twice", t.name),
                "give each trigger one entry",
            );
        }
        triggers.push(Trigger {
            name: t.name.clone(),
            detection_accuracy: t.detection_accuracy,
        });
    }
    c.positive("escalation.ai_turn_seconds", e.ai_turn_seconds);
    c.probability("escalation.detection_point_share", e.detection_point_share);
    Escalation {
        escape_hatch: e.escape_hatch,
        max_ai_turns: e.max_ai_turns,
        ai_turn_seconds: e.ai_turn_seconds,
        detection_point_share: e.detection_point_share,
        triggers,
    }
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;

    #[test]
    fn the_defaults_and_named_triggers_are_sound() {
        let mut escalation = None;
        let text = r#"
            escape_hatch = false
            triggers = [{ name = "hardship", detection_accuracy = 0.8 }]
        "#;
        let found = problems(|c| escalation = Some(check(c, &raw(text))));
        assert!(found.is_empty());
        let escalation = escalation.unwrap();
        assert!(!escalation.escape_hatch);
        assert_eq!(escalation.ai_turn_seconds, 30.0);
        assert_eq!(
            escalation.triggers,
            vec![Trigger {
                name: "hardship".into(),
                detection_accuracy: 0.8
            }]
        );
    }

    #[test]
    fn a_twice_defined_trigger_and_bad_shares_are_reported_in_order() {
        let text = r#"
            ai_turn_seconds = 0.0
            detection_point_share = 1.2
            triggers = [
                { name = "fraud", detection_accuracy = 0.9 },
                { name = "fraud", detection_accuracy = 1.1 },
            ]
        "#;
        assert_eq!(
            problems(|c| {
                check(c, &raw(text));
            }),
            vec![
                problem(
                    "escalation.triggers[1].detection_accuracy",
                    "must be a probability between 0 and 1 (got 1.1)",
                    "write a share such as 0.25 for 25%"
                ),
                problem(
                    "escalation.triggers[1].name",
                    "trigger \"fraud\" is defined twice",
                    "give each trigger one entry"
                ),
                problem(
                    "escalation.ai_turn_seconds",
                    "must be greater than 0 (got 0)",
                    "durations, rates and volumes must be positive"
                ),
                problem(
                    "escalation.detection_point_share",
                    "must be a probability between 0 and 1 (got 1.2)",
                    "write a share such as 0.25 for 25%"
                ),
            ]
        );
    }
}
