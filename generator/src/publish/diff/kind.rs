//! The kinds of change `diff` reports. Each kind has one stable kebab-case name (the `kind`
//! of the JSON report, a public contract partners filter on) and one semver bump: a kind
//! never means "major here, minor there", so a partner can act on the name alone. Where
//! the bump depends on the circumstances (a success or an error status removed, a required
//! or an optional header), those are two kinds.
//!
//! `generator/DIFF.md` lists every kind with its bump; `tests/diff_kinds.rs` checks that
//! list against [`ChangeKind::ALL`] both ways.

use serde::{Serialize, Serializer};

use super::{Bump, Direction};

/// Declares [`ChangeKind`] from one table: variant, JSON name, bump. The names are spelt out
/// rather than derived from the variants so that renaming a variant cannot change the
/// contract.
macro_rules! change_kinds {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal, $bump:ident;)*) => {
        /// One kind of change, with its stable name ([`ChangeKind::as_str`]) and the bump
        /// it demands ([`ChangeKind::bump`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ChangeKind {
            $($(#[doc = $doc])* $variant,)*
        }

        impl ChangeKind {
            /// Every kind, in the order of this table.
            pub const ALL: &[ChangeKind] = &[$(ChangeKind::$variant,)*];

            /// The stable kebab-case name: `request-property-removed`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ChangeKind::$variant => $name,)*
                }
            }

            /// The semver bump a change of this kind demands.
            pub fn bump(self) -> Bump {
                match self {
                    $(ChangeKind::$variant => Bump::$bump,)*
                }
            }
        }
    };
}

change_kinds! {
    /// An operation (method and path) appeared.
    OperationAdded = "operation-added", Minor;
    /// An operation that was not deprecated disappeared.
    OperationRemoved = "operation-removed", Major;
    /// A deprecated operation disappeared before its `x-sunset` date (or with an
    /// `x-sunset` that is no date).
    OperationRemovedBeforeSunset = "operation-removed-before-sunset", Major;
    /// A deprecated operation disappeared, without a sunset date or after it.
    DeprecatedOperationRemoved = "deprecated-operation-removed", Minor;
    /// `operationId` changed: the generated client method is renamed.
    OperationIdChanged = "operation-id-changed", Major;
    /// An operation became `deprecated`.
    OperationDeprecated = "operation-deprecated", Minor;
    /// An operation stopped being `deprecated`.
    OperationReactivated = "operation-reactivated", Patch;

    /// A required parameter appeared.
    ParameterAddedRequired = "parameter-added-required", Major;
    /// An optional parameter appeared.
    ParameterAddedOptional = "parameter-added-optional", Minor;
    /// A parameter that was not deprecated disappeared.
    ParameterRemoved = "parameter-removed", Major;
    /// A deprecated parameter disappeared before its `x-sunset` date.
    ParameterRemovedBeforeSunset = "parameter-removed-before-sunset", Major;
    /// A deprecated parameter disappeared, without a sunset date or after it.
    DeprecatedParameterRemoved = "deprecated-parameter-removed", Minor;
    /// A parameter became required.
    ParameterBecameRequired = "parameter-became-required", Major;
    /// A parameter became optional.
    ParameterBecameOptional = "parameter-became-optional", Minor;
    /// A parameter became `deprecated`.
    ParameterDeprecated = "parameter-deprecated", Minor;
    /// A parameter stopped being `deprecated`.
    ParameterReactivated = "parameter-reactivated", Patch;

    /// A required request body appeared.
    RequestBodyAddedRequired = "request-body-added-required", Major;
    /// An optional request body appeared.
    RequestBodyAddedOptional = "request-body-added-optional", Minor;
    /// The request body disappeared.
    RequestBodyRemoved = "request-body-removed", Major;
    /// The request body became required.
    RequestBodyBecameRequired = "request-body-became-required", Major;
    /// The request body became optional.
    RequestBodyBecameOptional = "request-body-became-optional", Minor;
    /// A request media type appeared.
    RequestMediaTypeAdded = "request-media-type-added", Minor;
    /// A request media type disappeared.
    RequestMediaTypeRemoved = "request-media-type-removed", Major;
    /// A response media type appeared (only chosen when the client asks for it).
    ResponseMediaTypeAdded = "response-media-type-added", Minor;
    /// A response media type disappeared.
    ResponseMediaTypeRemoved = "response-media-type-removed", Major;
    /// A request media type gained a schema.
    RequestBodySchemaAdded = "request-body-schema-added", Major;
    /// A request media type lost its schema.
    RequestBodySchemaRemoved = "request-body-schema-removed", Major;
    /// A response media type gained a schema.
    ResponseBodySchemaAdded = "response-body-schema-added", Major;
    /// A response media type lost its schema.
    ResponseBodySchemaRemoved = "response-body-schema-removed", Major;

    /// A response status appeared.
    ResponseStatusAdded = "response-status-added", Minor;
    /// A 2xx response disappeared.
    ResponseSuccessStatusRemoved = "response-success-status-removed", Major;
    /// A response other than 2xx disappeared.
    ResponseNonSuccessStatusRemoved = "response-non-success-status-removed", Minor;
    /// A response header appeared.
    ResponseHeaderAdded = "response-header-added", Minor;
    /// A required response header disappeared.
    ResponseRequiredHeaderRemoved = "response-required-header-removed", Major;
    /// An optional response header disappeared.
    ResponseOptionalHeaderRemoved = "response-optional-header-removed", Minor;
    /// A required response header became optional.
    ResponseHeaderBecameOptional = "response-header-became-optional", Major;

    /// A required property appeared in a request.
    RequestPropertyAddedRequired = "request-property-added-required", Major;
    /// An optional property appeared in a request.
    RequestPropertyAddedOptional = "request-property-added-optional", Minor;
    /// A property appeared in a response.
    ResponsePropertyAdded = "response-property-added", Minor;
    /// A request property that was not deprecated disappeared.
    RequestPropertyRemoved = "request-property-removed", Major;
    /// A response property that was not deprecated disappeared.
    ResponsePropertyRemoved = "response-property-removed", Major;
    /// A deprecated property disappeared before its `x-sunset` date.
    PropertyRemovedBeforeSunset = "property-removed-before-sunset", Major;
    /// A deprecated property disappeared, without a sunset date or after it.
    DeprecatedPropertyRemoved = "deprecated-property-removed", Minor;
    /// A request property was renamed (same name up to case and separators, or the same
    /// schema under the only new name).
    RequestPropertyRenamed = "request-property-renamed", Major;
    /// A response property was renamed.
    ResponsePropertyRenamed = "response-property-renamed", Major;
    /// A request property became required.
    RequestPropertyBecameRequired = "request-property-became-required", Major;
    /// A request property became optional.
    RequestPropertyBecameOptional = "request-property-became-optional", Minor;
    /// A response property became required (always sent).
    ResponsePropertyBecameRequired = "response-property-became-required", Minor;
    /// A response property became optional (may be missing).
    ResponsePropertyBecameOptional = "response-property-became-optional", Major;
    /// A request property became `readOnly`: clients may no longer send it.
    RequestPropertyBecameReadOnly = "request-property-became-read-only", Major;
    /// A request property stopped being `readOnly`: clients may now send it.
    RequestPropertyBecameNotReadOnly = "request-property-became-not-read-only", Minor;
    /// A request property became `writeOnly`; requests are unchanged.
    RequestPropertyBecameWriteOnly = "request-property-became-write-only", Patch;
    /// A request property stopped being `writeOnly`; requests are unchanged.
    RequestPropertyBecameNotWriteOnly = "request-property-became-not-write-only", Patch;
    /// A response property became `writeOnly`: responses no longer carry it.
    ResponsePropertyBecameWriteOnly = "response-property-became-write-only", Major;
    /// A response property stopped being `writeOnly`: responses may now carry it.
    ResponsePropertyBecameNotWriteOnly = "response-property-became-not-write-only", Minor;
    /// A response property became `readOnly`; responses are unchanged.
    ResponsePropertyBecameReadOnly = "response-property-became-read-only", Patch;
    /// A response property stopped being `readOnly`; responses are unchanged.
    ResponsePropertyBecameNotReadOnly = "response-property-became-not-read-only", Patch;
    /// A schema (a property, a body, a parameter's) became `deprecated`.
    SchemaDeprecated = "schema-deprecated", Minor;
    /// A schema stopped being `deprecated`.
    SchemaReactivated = "schema-reactivated", Patch;

    /// A deprecation whose `x-sunset` date has already passed: what it marks may go at once,
    /// without the notice a deprecation gives.
    DeprecatedWithPastSunset = "deprecated-with-past-sunset", Major;
    /// The `x-sunset` of something still deprecated was removed or moved earlier: removal
    /// becomes allowed sooner than partners were told.
    SunsetBroughtForward = "sunset-brought-forward", Major;
    /// The `x-sunset` of something still deprecated moved later, or a deprecation got a
    /// date.
    SunsetPostponed = "sunset-postponed", Patch;
    /// An `x-sunset` that is neither a date (`2025-12-31`) nor an RFC 3339 date-time.
    SunsetInvalid = "sunset-invalid", Major;
    /// Under a sunset policy (`--deprecation-days-stable`/`-beta`), a deprecation without an
    /// `x-sunset`: partners are not told how long they have.
    DeprecatedWithoutSunset = "deprecated-without-sunset", Major;
    /// Under a sunset policy, a deprecation whose `x-sunset` is fewer days ahead than the
    /// policy's minimum for its operation's stability level.
    SunsetTooSoon = "sunset-too-soon", Major;

    /// An operation's `x-stability-level` went down from `beta` or `stable` (no level is
    /// `stable`).
    OperationStabilityDecreased = "operation-stability-decreased", Major;
    /// An operation's `x-stability-level` went up, or moved between `draft` and `alpha`.
    OperationStabilityChanged = "operation-stability-changed", Patch;
    /// A schema's (a property's, a body's) `x-stability-level` went down from `beta` or
    /// `stable`.
    SchemaStabilityDecreased = "schema-stability-decreased", Major;
    /// A schema's `x-stability-level` went up, or moved between `draft` and `alpha`.
    SchemaStabilityChanged = "schema-stability-changed", Patch;
    /// An `x-stability-level` that is not `draft`, `alpha`, `beta` or `stable`.
    StabilityLevelInvalid = "stability-level-invalid", Major;

    /// A schema's `type` changed.
    TypeChanged = "type-changed", Major;
    /// A schema's `format` changed.
    FormatChanged = "format-changed", Major;
    /// A request value became nullable.
    RequestNullableAdded = "request-nullable-added", Minor;
    /// A request value stopped being nullable.
    RequestNullableRemoved = "request-nullable-removed", Major;
    /// A response value became nullable.
    ResponseNullableAdded = "response-nullable-added", Major;
    /// A response value stopped being nullable.
    ResponseNullableRemoved = "response-nullable-removed", Minor;
    /// An enum value disappeared from a request.
    RequestEnumValueRemoved = "request-enum-value-removed", Major;
    /// An enum value appeared in a request.
    RequestEnumValueAdded = "request-enum-value-added", Minor;
    /// An enum value appeared in a response: the generated Rust enum cannot decode it.
    ResponseEnumValueAdded = "response-enum-value-added", Major;
    /// An enum value disappeared from a response.
    ResponseEnumValueRemoved = "response-enum-value-removed", Minor;
    /// A request value became restricted to an enum.
    RequestEnumAdded = "request-enum-added", Major;
    /// A request value stopped being restricted to an enum.
    RequestEnumRemoved = "request-enum-removed", Minor;
    /// A response value became restricted to an enum.
    ResponseEnumAdded = "response-enum-added", Minor;
    /// A response value stopped being restricted to an enum.
    ResponseEnumRemoved = "response-enum-removed", Major;
    /// A value disappeared from a request's `x-extensible-enum`: clients sending it are
    /// refused.
    RequestExtensibleEnumValueRemoved = "request-extensible-enum-value-removed", Major;
    /// A value disappeared from a response's `x-extensible-enum`: the server sends it no more.
    ResponseExtensibleEnumValueRemoved = "response-extensible-enum-value-removed", Minor;
    /// A value appeared in an `x-extensible-enum`, whose readers accept unknown values by
    /// its definition.
    ExtensibleEnumValueAdded = "extensible-enum-value-added", Minor;
    /// A request constraint (`minLength`, `maximum`, `pattern`, ...) became stricter.
    RequestConstraintTightened = "request-constraint-tightened", Major;
    /// A request constraint became looser.
    RequestConstraintRelaxed = "request-constraint-relaxed", Minor;
    /// A response constraint became stricter.
    ResponseConstraintTightened = "response-constraint-tightened", Minor;
    /// A response constraint became looser.
    ResponseConstraintRelaxed = "response-constraint-relaxed", Major;
    /// A request value got a `default` where it had none.
    RequestDefaultAdded = "request-default-added", Minor;
    /// A request value's `default` changed or was removed: an omitted value means
    /// something else.
    RequestDefaultChanged = "request-default-changed", Major;
    /// A response value's `default` changed (documentation only).
    ResponseDefaultChanged = "response-default-changed", Patch;
    /// A `oneOf`/`anyOf` member appeared in a request.
    RequestAlternativeAdded = "request-alternative-added", Minor;
    /// A `oneOf`/`anyOf` member disappeared from a request.
    RequestAlternativeRemoved = "request-alternative-removed", Major;
    /// A `oneOf`/`anyOf` member appeared in a response.
    ResponseAlternativeAdded = "response-alternative-added", Major;
    /// A `oneOf`/`anyOf` member disappeared from a response.
    ResponseAlternativeRemoved = "response-alternative-removed", Major;
    /// `additionalProperties: true` switched on or off (the generated `extra` field appears
    /// or disappears), or a request object was closed.
    AdditionalPropertiesChanged = "additional-properties-changed", Major;
    /// `additionalProperties` changed in a way old clients accept (a request object opened,
    /// a response object closed).
    AdditionalPropertiesChangedCompatibly = "additional-properties-changed-compatibly", Minor;
    /// A request `oneOf`/`anyOf` got a `discriminator`: the server picks the member by it.
    RequestDiscriminatorAdded = "request-discriminator-added", Major;
    /// A request `discriminator` was removed.
    RequestDiscriminatorRemoved = "request-discriminator-removed", Minor;
    /// A response `oneOf`/`anyOf` got a `discriminator`.
    ResponseDiscriminatorAdded = "response-discriminator-added", Minor;
    /// A response `discriminator` was removed: members are told apart by shape alone.
    ResponseDiscriminatorRemoved = "response-discriminator-removed", Major;
    /// A request `discriminator.propertyName` changed.
    RequestDiscriminatorPropertyChanged = "request-discriminator-property-changed", Major;
    /// A response `discriminator.propertyName` changed.
    ResponseDiscriminatorPropertyChanged = "response-discriminator-property-changed", Major;
    /// A request `discriminator.mapping` entry appeared.
    RequestDiscriminatorMappingAdded = "request-discriminator-mapping-added", Minor;
    /// A request `discriminator.mapping` entry disappeared.
    RequestDiscriminatorMappingRemoved = "request-discriminator-mapping-removed", Major;
    /// A request `discriminator.mapping` entry points at another schema.
    RequestDiscriminatorMappingChanged = "request-discriminator-mapping-changed", Major;
    /// A response `discriminator.mapping` entry appeared: a value old clients cannot map.
    ResponseDiscriminatorMappingAdded = "response-discriminator-mapping-added", Major;
    /// A response `discriminator.mapping` entry disappeared.
    ResponseDiscriminatorMappingRemoved = "response-discriminator-mapping-removed", Minor;
    /// A response `discriminator.mapping` entry points at another schema.
    ResponseDiscriminatorMappingChanged = "response-discriminator-mapping-changed", Major;

    /// A security requirement was replaced by one old clients cannot meet.
    SecurityChanged = "security-changed", Major;
    /// A security requirement was relaxed (an alternative or anonymous access added).
    SecurityRelaxed = "security-relaxed", Minor;
    /// A security requirement demands an OAuth/OpenID scope old tokens lack.
    SecurityScopeAdded = "security-scope-added", Major;
    /// A security requirement demands a scope less.
    SecurityScopeRemoved = "security-scope-removed", Minor;
    /// A security scheme appeared.
    SecuritySchemeAdded = "security-scheme-added", Minor;
    /// A security scheme disappeared.
    SecuritySchemeRemoved = "security-scheme-removed", Major;
    /// A security scheme's type, location, name, URLs or flows changed.
    SecuritySchemeChanged = "security-scheme-changed", Major;
    /// An OAuth flow offers a new scope.
    SecuritySchemeScopeAdded = "security-scheme-scope-added", Minor;
    /// An OAuth flow no longer offers a scope: tokens asked for with it are refused.
    SecuritySchemeScopeRemoved = "security-scheme-scope-removed", Major;

    /// A server URL appeared.
    ServerAdded = "server-added", Minor;
    /// A server URL disappeared.
    ServerRemoved = "server-removed", Major;
    /// An `x-rust-*` extension changed: the generated Rust API changes.
    RustBindingChanged = "rust-binding-changed", Major;
    /// Nothing but descriptions, examples or other non-contract parts changed.
    DocumentationChanged = "documentation-changed", Patch;
}

impl ChangeKind {
    /// Whether a change of this kind breaks clients: it demands a major bump.
    pub fn breaking(self) -> bool {
        self.bump() == Bump::Major
    }
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ChangeKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Direction {
    /// The kind for this direction among a request and a response kind.
    pub(super) fn pick(self, request: ChangeKind, response: ChangeKind) -> ChangeKind {
        match self {
            Direction::Request => request,
            Direction::Response => response,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_kebab_case() {
        let mut names: Vec<&str> = ChangeKind::ALL.iter().map(|kind| kind.as_str()).collect();
        for name in &names {
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name}"
            );
        }
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "a name is used twice");
    }

    #[test]
    fn serialises_as_its_name() {
        let json = serde_json::to_value(ChangeKind::SunsetBroughtForward).unwrap();
        assert_eq!(json, "sunset-brought-forward");
    }
}
