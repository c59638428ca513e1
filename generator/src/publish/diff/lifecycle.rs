//! Deprecation and sunset, read as oasdiff reads them: `deprecated: true` announces that an
//! operation, parameter or schema will go, and its `x-sunset` (a date, `2025-12-31`, or an
//! RFC 3339 date-time) says from when removing it is allowed. Removing something that was
//! deprecated, without a date or after it, is what the deprecation announced: not
//! breaking. Removing it before its date, or making that date come sooner, is.
//!
//! "Today" is passed in, so a report is reproducible and tests do not age.

use chrono::NaiveDate;
use serde_json::Value;

use super::stability::Stability;
use super::{ChangeKind, Direction};

/// The extension oasdiff reads the sunset date from.
const SUNSET: &str = "x-sunset";

/// What a node says about its own end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Lifecycle {
    deprecated: bool,
    /// Only read when `deprecated` (a sunset of something not deprecated announces nothing).
    sunset: Option<Sunset>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Sunset {
    Date(NaiveDate),
    /// The value as written, when it is not a date.
    Invalid(String),
}

impl Sunset {
    fn parse(value: &Value) -> Sunset {
        let Some(text) = value.as_str() else {
            return Sunset::Invalid(value.to_string());
        };
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .or_else(|_| chrono::DateTime::parse_from_rfc3339(text).map(|at| at.date_naive()))
            .map_or_else(|_| Sunset::Invalid(format!("{text:?}")), Sunset::Date)
    }

    /// Whether removal is allowed on `today`. A sunset that is no date never passes: we
    /// cannot tell, so we do not assume partners were given notice.
    fn passed(&self, today: NaiveDate) -> bool {
        matches!(self, Sunset::Date(date) if *date <= today)
    }
}

impl std::fmt::Display for Sunset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Sunset::Date(date) => write!(f, "{date}"),
            Sunset::Invalid(text) => write!(f, "{text} (not a date)"),
        }
    }
}

/// The lifecycle of an operation, parameter or (resolved) schema node.
pub(super) fn of(node: &Value) -> Lifecycle {
    let deprecated = node.get("deprecated") == Some(&Value::Bool(true));
    Lifecycle {
        deprecated,
        sunset: node.get(SUNSET).filter(|_| deprecated).map(Sunset::parse),
    }
}

/// oasdiff's sunset policy (`--deprecation-days-stable`, `--deprecation-days-beta`): the
/// minimum number of days between deprecating something and its `x-sunset`, by the
/// `x-stability-level` of its operation. `draft` and `alpha` operations need no notice.
/// Both are 0 by default, as in oasdiff: no minimum, and a sunset is optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SunsetPolicy {
    pub stable_days: u32,
    pub beta_days: u32,
}

impl SunsetPolicy {
    /// The notice something of an operation at `stability` needs.
    pub(super) fn days(self, stability: Stability) -> u32 {
        match stability {
            Stability::Draft | Stability::Alpha => 0,
            Stability::Beta => self.beta_days,
            Stability::Stable => self.stable_days,
        }
    }
}

/// What a new deprecation breaks under a policy asking `days` of notice (oasdiff's
/// `*-deprecated-sunset-missing` and `*-sunset-date-too-small`); `None` when the policy is
/// met or not in force. A sunset that has passed or is no date is [`transition`]'s to report.
pub(super) fn notice(
    old: &Lifecycle,
    new: &Lifecycle,
    days: u32,
    today: NaiveDate,
) -> Option<(ChangeKind, String)> {
    if days == 0 || old.deprecated || !new.deprecated {
        return None;
    }
    match &new.sunset {
        None => Some((
            ChangeKind::DeprecatedWithoutSunset,
            format!("deprecated without an x-sunset, where the policy asks {days} days of notice"),
        )),
        Some(Sunset::Date(date)) if *date > today => {
            let ahead = (*date - today).num_days();
            (ahead < i64::from(days)).then(|| {
                (
                    ChangeKind::SunsetTooSoon,
                    format!(
                        "deprecated with sunset {date}, {ahead} days ahead (today is {today}), \
                         where the policy asks {days}"
                    ),
                )
            })
        }
        Some(_) => None,
    }
}

/// What is removed: decides the kind its removal is reported as.
#[derive(Debug, Clone, Copy)]
pub(super) enum Removed {
    Operation,
    Parameter,
    /// A property, and which way it travels (a removal that was not announced is a request
    /// or a response property removed).
    Property(Direction),
}

/// The kind of change removing something is, given its lifecycle in the old version, and
/// what to add to the message.
pub(super) fn removal(removed: Removed, old: &Lifecycle, today: NaiveDate) -> (ChangeKind, String) {
    use ChangeKind as K;
    let (unannounced, before_sunset, announced) = match removed {
        Removed::Operation => (
            K::OperationRemoved,
            K::OperationRemovedBeforeSunset,
            K::DeprecatedOperationRemoved,
        ),
        Removed::Parameter => (
            K::ParameterRemoved,
            K::ParameterRemovedBeforeSunset,
            K::DeprecatedParameterRemoved,
        ),
        Removed::Property(direction) => (
            direction.pick(K::RequestPropertyRemoved, K::ResponsePropertyRemoved),
            K::PropertyRemovedBeforeSunset,
            K::DeprecatedPropertyRemoved,
        ),
    };
    match (old.deprecated, &old.sunset) {
        (false, _) => (unannounced, String::new()),
        (true, None) => (announced, " (it was deprecated)".to_owned()),
        (true, Some(sunset)) if sunset.passed(today) => {
            (announced, format!(" (it was deprecated, sunset {sunset})"))
        }
        (true, Some(sunset)) => (
            before_sunset,
            format!(" before its sunset {sunset} (today is {today})"),
        ),
    }
}

/// What keeps existing and may change its lifecycle.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kept {
    Operation,
    Parameter,
    /// A schema: a property's, a body's, a parameter's.
    Schema,
}

/// How the lifecycle of something kept changed, if it did: the kind and the message.
pub(super) fn transition(
    kept: Kept,
    old: &Lifecycle,
    new: &Lifecycle,
    today: NaiveDate,
) -> Option<(ChangeKind, String)> {
    use ChangeKind as K;
    if old == new {
        return None;
    }
    if let Some(invalid @ Sunset::Invalid(_)) = &new.sunset {
        return Some((K::SunsetInvalid, format!("x-sunset {invalid}")));
    }
    let (deprecated, reactivated) = match kept {
        Kept::Operation => (K::OperationDeprecated, K::OperationReactivated),
        Kept::Parameter => (K::ParameterDeprecated, K::ParameterReactivated),
        Kept::Schema => (K::SchemaDeprecated, K::SchemaReactivated),
    };
    let change = match (old.deprecated, new.deprecated) {
        (false, false) => return None,
        (true, false) => (reactivated, "no longer deprecated".to_owned()),
        (false, true) => match &new.sunset {
            Some(sunset) if sunset.passed(today) => (
                K::DeprecatedWithPastSunset,
                format!("deprecated with a sunset that has passed ({sunset}, today is {today})"),
            ),
            Some(sunset) => (deprecated, format!("deprecated, sunset {sunset}")),
            None => (deprecated, "deprecated".to_owned()),
        },
        (true, true) => match (&old.sunset, &new.sunset) {
            (Some(Sunset::Date(was)), Some(Sunset::Date(is))) if is < was => (
                K::SunsetBroughtForward,
                format!("sunset brought forward from {was} to {is}"),
            ),
            (Some(was), None) => (
                K::SunsetBroughtForward,
                format!("sunset {was} removed: removal is allowed at any time"),
            ),
            (was, Some(is)) => (
                K::SunsetPostponed,
                match was {
                    Some(was) => format!("sunset moved from {was} to {is}"),
                    None => format!("sunset {is} given"),
                },
            ),
            (None, None) => return None,
        },
    };
    Some(change)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
    }

    #[test]
    fn a_sunset_is_a_date_or_an_rfc3339_date_time() {
        let date = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        assert_eq!(Sunset::parse(&json!("2027-03-01")), Sunset::Date(date));
        assert_eq!(
            Sunset::parse(&json!("2027-03-01T23:30:00+02:00")),
            Sunset::Date(date)
        );
        assert_eq!(
            Sunset::parse(&json!("March 2027")),
            Sunset::Invalid("\"March 2027\"".into())
        );
        assert_eq!(
            Sunset::parse(&json!(20270301)),
            Sunset::Invalid("20270301".into())
        );
        assert_eq!(Sunset::parse(&json!(null)), Sunset::Invalid("null".into()));
    }

    #[test]
    fn a_sunset_is_read_only_on_something_deprecated() {
        let lifecycle = of(&json!({"x-sunset": "2020-01-01"}));
        assert_eq!(
            removal(Removed::Operation, &lifecycle, today()).0,
            ChangeKind::OperationRemoved
        );
    }

    #[test]
    fn a_removal_judged_on_a_sunset_that_is_no_date_breaks() {
        let lifecycle = of(&json!({"deprecated": true, "x-sunset": "soon"}));
        let (kind, why) = removal(Removed::Parameter, &lifecycle, today());
        assert_eq!(kind, ChangeKind::ParameterRemovedBeforeSunset);
        assert!(why.contains("\"soon\" (not a date)"), "{why}");
    }

    #[test]
    fn the_sunset_day_itself_allows_removal() {
        let lifecycle = of(&json!({"deprecated": true, "x-sunset": "2026-06-01"}));
        let removed = Removed::Property(Direction::Response);
        assert_eq!(
            removal(removed, &lifecycle, today()).0,
            ChangeKind::DeprecatedPropertyRemoved
        );
    }

    #[test]
    fn a_policy_asks_a_sunset_far_enough_ahead() {
        let policy = SunsetPolicy {
            stable_days: 180,
            beta_days: 31,
        };
        let kept = of(&json!({}));
        let deprecated = |sunset: &str| of(&json!({"deprecated": true, "x-sunset": sunset}));
        let days = policy.days(Stability::Stable);
        // 2026-06-01 + 180 days is 2026-11-28.
        let too_soon = notice(&kept, &deprecated("2026-11-27"), days, today());
        assert_eq!(too_soon.unwrap().0, ChangeKind::SunsetTooSoon);
        assert_eq!(
            notice(&kept, &deprecated("2026-11-28"), days, today()),
            None
        );
        let beta = policy.days(Stability::Beta);
        assert_eq!(
            notice(&kept, &deprecated("2026-07-02"), beta, today()),
            None
        );
        let without = of(&json!({"deprecated": true}));
        assert_eq!(
            notice(&kept, &without, days, today()).unwrap().0,
            ChangeKind::DeprecatedWithoutSunset
        );
        assert_eq!(policy.days(Stability::Alpha), 0);
        assert_eq!(notice(&kept, &without, 0, today()), None);
        // A deprecation already announced is judged by `transition`, not again here.
        assert_eq!(
            notice(&without, &deprecated("2026-06-02"), days, today()),
            None
        );
    }

    #[test]
    fn an_unchanged_invalid_sunset_is_not_reported_again() {
        let lifecycle = of(&json!({"deprecated": true, "x-sunset": "soon"}));
        assert_eq!(
            transition(Kept::Schema, &lifecycle, &lifecycle, today()),
            None
        );
    }
}
