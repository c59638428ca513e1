//! `x-stability-level`, read as oasdiff reads it (`checker/check_api_stability_level.go`,
//! `check_property_stability_level.go`): one of `draft`, `alpha`, `beta`, `stable`, in that
//! order; no level means `stable`. Lowering the level of something that was `beta` or
//! `stable` takes back a promise partners relied on: breaking. oasdiff's default threshold
//! (`--stability-level beta`) leaves changes of `draft` and `alpha` elements unchecked, so a
//! move between those two, or any rise, is reported without breaking.

use serde_json::Value;

use super::ChangeKind;

/// The extension oasdiff reads the stability level from.
const STABILITY: &str = "x-stability-level";

/// A stability level, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Stability {
    Draft,
    Alpha,
    Beta,
    Stable,
}

impl Stability {
    fn name(self) -> &'static str {
        match self {
            Stability::Draft => "draft",
            Stability::Alpha => "alpha",
            Stability::Beta => "beta",
            Stability::Stable => "stable",
        }
    }
}

/// The level `node` declares (`stable` when it declares none), or the value as written
/// when it is not one of the four levels.
pub(super) fn of(node: &Value) -> Result<Stability, String> {
    match node.get(STABILITY) {
        None => Ok(Stability::Stable),
        Some(Value::String(text)) => match text.as_str() {
            "draft" => Ok(Stability::Draft),
            "alpha" => Ok(Stability::Alpha),
            "beta" => Ok(Stability::Beta),
            "stable" => Ok(Stability::Stable),
            _ => Err(format!("{text:?}")),
        },
        Some(other) => Err(other.to_string()),
    }
}

/// What carries a stability level: oasdiff reads it on operations and on schemas
/// (request and response properties; we read it on every schema compared).
#[derive(Debug, Clone, Copy)]
pub(super) enum Carrier {
    Operation,
    Schema,
}

/// How the stability level changed between `old` and `new`, if it did.
pub(super) fn transition(
    carrier: Carrier,
    old: &Value,
    new: &Value,
) -> Option<(ChangeKind, String)> {
    use ChangeKind as K;
    if old.get(STABILITY) == new.get(STABILITY) {
        return None;
    }
    let (was, is) = match (of(old), of(new)) {
        (_, Err(invalid)) => {
            return Some((
                K::StabilityLevelInvalid,
                format!("x-stability-level {invalid} is not draft, alpha, beta or stable"),
            ))
        }
        // Nothing was promised by a level that meant nothing: judged as a new level.
        (Err(_), Ok(is)) => (None, is),
        (Ok(was), Ok(is)) => (Some(was), is),
    };
    let (decreased, changed) = match carrier {
        Carrier::Operation => (K::OperationStabilityDecreased, K::OperationStabilityChanged),
        Carrier::Schema => (K::SchemaStabilityDecreased, K::SchemaStabilityChanged),
    };
    match was {
        // `stable` written out where it was implied, or the reverse: the same level.
        Some(was) if was == is => None,
        Some(was) if is < was && was >= Stability::Beta => Some((
            decreased,
            format!("stability decreased from {} to {}", was.name(), is.name()),
        )),
        Some(was) => Some((
            changed,
            format!("stability changed from {} to {}", was.name(), is.name()),
        )),
        None => Some((changed, format!("stability level {} given", is.name()))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn between(old: &str, new: &str) -> Option<ChangeKind> {
        transition(
            Carrier::Operation,
            &json!({ "x-stability-level": old }),
            &json!({ "x-stability-level": new }),
        )
        .map(|(kind, _)| kind)
    }

    #[test]
    fn levels_are_ordered_draft_alpha_beta_stable() {
        assert_eq!(
            between("stable", "beta"),
            Some(ChangeKind::OperationStabilityDecreased)
        );
        assert_eq!(
            between("beta", "draft"),
            Some(ChangeKind::OperationStabilityDecreased)
        );
        assert_eq!(
            between("alpha", "draft"),
            Some(ChangeKind::OperationStabilityChanged)
        );
        assert_eq!(
            between("beta", "stable"),
            Some(ChangeKind::OperationStabilityChanged)
        );
    }

    #[test]
    fn no_level_is_stable() {
        let beta = json!({ "x-stability-level": "beta" });
        let stable = json!({ "x-stability-level": "stable" });
        let (kind, message) = transition(Carrier::Schema, &json!({}), &beta).unwrap();
        assert_eq!(kind, ChangeKind::SchemaStabilityDecreased);
        assert_eq!(message, "stability decreased from stable to beta");
        assert_eq!(transition(Carrier::Schema, &json!({}), &stable), None);
    }

    #[test]
    fn a_level_that_is_none_of_the_four_is_invalid() {
        assert_eq!(
            between("beta", "Beta"),
            Some(ChangeKind::StabilityLevelInvalid)
        );
        let number = json!({ "x-stability-level": 3 });
        assert_eq!(of(&number), Err("3".to_owned()));
        assert_eq!(
            between("experimental", "beta"),
            Some(ChangeKind::OperationStabilityChanged)
        );
    }
}
