//! `diff <old> <new>`: what changed between two versions of a spec, as a partner sees it.
//!
//! Operations are matched by method and path (path-parameter names ignored), parameters by
//! location and name (path parameters by their place in the path), properties by name,
//! following `$ref`s on both sides, so moving a schema between components is not a change.
//! Each change is classified by the direction it travels: a new required field breaks
//! clients when it is in a request, a removed enum value breaks them in a request, an added
//! one in a response. A change demands a semver bump: major when a client written against
//! the old version can fail against the new one (or code generated from it stops
//! compiling), minor when something was added, patch for the rest (descriptions, examples).
//! Every kind of change has one bump ([`ChangeKind`]); `generator/DIFF.md` lists them and
//! compares them with oasdiff.

mod kind;
mod lifecycle;
mod stability;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

pub use self::kind::ChangeKind;
pub use self::lifecycle::SunsetPolicy;
use self::lifecycle::{Kept, Removed};
use self::stability::{Carrier, Stability};
use crate::error::Pointer;
use crate::spec::tree::{self, Operation};
use crate::spec::Spec;

/// The semver bump a change demands (or a version change makes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl std::fmt::Display for Bump {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// Which way the data of a schema travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Request,
    Response,
}

impl Direction {
    fn name(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed; serialised as its stable name (`request-property-removed`).
    pub kind: ChangeKind,
    /// Whether the change breaks clients (`kind.breaking()`).
    pub breaking: bool,
    /// The bump the change demands (`kind.bump()`).
    pub bump: Bump,
    /// Where, as a JSON pointer into the new spec (into the old one for removals).
    pub pointer: String,
    /// Which spec `pointer` points into: `old` or `new`.
    pub side: &'static str,
    /// The operations affected (`POST /SiS/Stock`), when the change is inside operations.
    pub operations: Vec<String>,
    pub message: String,
}

/// The result of comparing two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub old_file: String,
    pub new_file: String,
    pub old_version: String,
    pub new_version: String,
    /// The bump the changes demand.
    pub required_bump: Bump,
    /// The bump the version numbers make.
    pub version_bump: Bump,
    /// False when a breaking change comes without a major version bump.
    pub ok: bool,
    pub changes: Vec<Change>,
}

impl Report {
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|change| change.breaking)
    }

    /// The human-readable report.
    pub fn render_text(&self) -> String {
        let mut out = format!(
            "{} {} -> {} {}: {} change(s), demanding a {} bump; the version makes a {} bump{}\n",
            self.old_file,
            self.old_version,
            self.new_file,
            self.new_version,
            self.changes.len(),
            self.required_bump,
            self.version_bump,
            if self.ok {
                String::new()
            } else {
                format!(
                    ": FAIL, {} breaking change(s) need a major version bump",
                    self.breaking().count()
                )
            }
        );
        for change in &self.changes {
            let operations = if change.operations.is_empty() {
                String::new()
            } else {
                format!(" [{}]", change.operations.join(", "))
            };
            out.push_str(&format!(
                "  {:<8} {:<5} {} {}#{}: {}{operations}\n",
                if change.breaking { "BREAKING" } else { "ok" },
                change.bump,
                change.kind,
                change.side,
                change.pointer,
                change.message,
            ));
        }
        out
    }
}

/// Compares two parsed versions of a spec, judging sunset dates against today (UTC).
pub fn diff(old: &Spec, new: &Spec) -> Report {
    diff_on(old, new, chrono::Utc::now().date_naive())
}

/// Compares two parsed versions of a spec as on `today`: whether a deprecated operation,
/// parameter or property was removed before its `x-sunset` depends on the date.
pub fn diff_on(old: &Spec, new: &Spec, today: NaiveDate) -> Report {
    diff_with(old, new, today, SunsetPolicy::default())
}

/// Compares two parsed versions of a spec as on `today`, new deprecations held to `policy`.
pub fn diff_with(old: &Spec, new: &Spec, today: NaiveDate, policy: SunsetPolicy) -> Report {
    let mut differ = Differ {
        old: &old.json,
        new: &new.json,
        today,
        policy,
        operation_stability: Stability::Stable,
        changes: BTreeMap::new(),
        visited: HashSet::new(),
    };
    differ.operations();
    differ.security();
    differ.servers();
    differ.rust_bindings();
    let mut changes: Vec<Change> = differ.changes.into_values().collect();
    if changes.is_empty() && without_version(&old.json) != without_version(&new.json) {
        let kind = ChangeKind::DocumentationChanged;
        changes.push(Change {
            kind,
            breaking: kind.breaking(),
            bump: kind.bump(),
            pointer: String::new(),
            side: "new",
            operations: Vec::new(),
            message: "descriptions, examples or other parts that are no contract changed".into(),
        });
    }
    changes.sort_by(|a, b| {
        (b.bump, a.kind.as_str(), &a.pointer).cmp(&(a.bump, b.kind.as_str(), &b.pointer))
    });
    let version = |spec: &Spec| {
        spec.json
            .pointer("/info/version")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let (old_version, new_version) = (version(old), version(new));
    let required_bump = changes
        .iter()
        .map(|change| change.bump)
        .max()
        .unwrap_or(Bump::None);
    let version_bump = version_bump(&old_version, &new_version);
    Report {
        old_file: old.file.display().to_string(),
        new_file: new.file.display().to_string(),
        ok: required_bump < Bump::Major || version_bump == Bump::Major,
        old_version,
        new_version,
        required_bump,
        version_bump,
        changes,
    }
}

fn without_version(document: &Value) -> Value {
    let mut document = document.clone();
    if let Some(Value::Object(info)) = document.get_mut("info") {
        info.remove("version");
    }
    document
}

/// The bump from `old` to `new`. As Cargo does, the first non-zero component is the major
/// one: 0.3.0 -> 0.4.0 is a major bump. A version that is not semver, or goes down, is no
/// bump.
pub fn version_bump(old: &str, new: &str) -> Bump {
    let (Ok(old), Ok(new)) = (semver::Version::parse(old), semver::Version::parse(new)) else {
        return Bump::None;
    };
    if new <= old {
        return Bump::None;
    }
    let parts = |v: &semver::Version| [v.major, v.minor, v.patch];
    let (old_parts, new_parts) = (parts(&old), parts(&new));
    let first_significant = old_parts.iter().position(|part| *part != 0).unwrap_or(2);
    match old_parts.iter().zip(new_parts).position(|(o, n)| *o != n) {
        Some(index) if index <= first_significant => Bump::Major,
        Some(index) if index == first_significant + 1 => Bump::Minor,
        _ => Bump::Patch,
    }
}

struct Differ<'a> {
    old: &'a Value,
    new: &'a Value,
    /// The day sunset dates are judged on.
    today: NaiveDate,
    policy: SunsetPolicy,
    /// The new `x-stability-level` of the operation being compared: how much notice its
    /// deprecations need under `policy`.
    operation_stability: Stability,
    /// Keyed by (kind, side, pointer) so a component used by several operations is
    /// reported once, listing them all.
    changes: BTreeMap<(&'static str, &'static str, String), Change>,
    /// Schema pairs already compared, per direction and operation (guards `$ref` cycles).
    visited: HashSet<(String, String, Direction, String)>,
}

/// Where a schema comparison happens: in which operation, which way the data travels.
#[derive(Clone)]
struct Context {
    operation: String,
    direction: Direction,
}

/// What the comparison of schemas needs to know about one schema, `allOf` merged.
#[derive(Default)]
struct Shape<'a> {
    types: Option<String>,
    format: Option<String>,
    nullable: bool,
    enumeration: Option<Vec<Value>>,
    properties: Vec<(String, &'a Value, Pointer)>,
    required: BTreeSet<String>,
    items: Option<(&'a Value, Pointer)>,
    constraints: BTreeMap<&'static str, Value>,
    /// Members of `oneOf` / `anyOf`.
    alternatives: Vec<(&'a Value, Pointer)>,
    /// `additionalProperties`, when given.
    additional: Option<(&'a Value, Pointer)>,
    default: Option<&'a Value>,
}

const CONSTRAINTS: [(&str, bool); 9] = [
    // (keyword, whether a larger value is tighter)
    ("minLength", true),
    ("maxLength", false),
    ("minimum", true),
    ("maximum", false),
    // OpenAPI 3.0: booleans that make `minimum`/`maximum` exclusive; `true` is tighter.
    ("exclusiveMinimum", true),
    ("exclusiveMaximum", true),
    ("minItems", true),
    ("maxItems", false),
    ("pattern", true),
];

fn shape<'a>(root: &'a Value, node: &'a Value, at: Pointer) -> Shape<'a> {
    let mut shape = Shape::default();
    merge_shape(root, node, at, &mut shape, 0);
    shape
}

fn merge_shape<'a>(
    root: &'a Value,
    node: &'a Value,
    at: Pointer,
    shape: &mut Shape<'a>,
    depth: u8,
) {
    let Some((node, at)) = tree::resolve(root, node, at) else {
        return;
    };
    if depth > 16 {
        return;
    }
    let string = |key: &str| node.get(key).and_then(Value::as_str).map(str::to_owned);
    shape.types = shape.types.take().or_else(|| string("type"));
    shape.format = shape.format.take().or_else(|| string("format"));
    shape.nullable |= node.get("nullable") == Some(&Value::Bool(true));
    if let Some(Value::Array(values)) = node.get("enum") {
        shape.enumeration = Some(values.clone());
    }
    if let Some(Value::Object(properties)) = node.get("properties") {
        for (name, property) in properties {
            let property_at = at.join("properties").join(name);
            shape.properties.push((name.clone(), property, property_at));
        }
    }
    if let Some(Value::Array(required)) = node.get("required") {
        shape
            .required
            .extend(required.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    if let Some(items) = node.get("items") {
        shape.items = Some((items, at.join("items")));
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = node.get(keyword) {
            for (index, member) in members.iter().enumerate() {
                let member_at = at.join(keyword).join(&index.to_string());
                shape.alternatives.push((member, member_at));
            }
        }
    }
    if let Some(default) = node.get("default") {
        shape.default = Some(default);
    }
    if let Some(additional) = node.get("additionalProperties") {
        shape.additional = Some((additional, at.join("additionalProperties")));
    }
    for (keyword, _) in CONSTRAINTS {
        if let Some(value) = node.get(keyword) {
            shape.constraints.insert(keyword, value.clone());
        }
    }
    if let Some(Value::Array(members)) = node.get("allOf") {
        for (index, member) in members.iter().enumerate() {
            let member_at = at.join("allOf").join(&index.to_string());
            merge_shape(root, member, member_at, shape, depth + 1);
        }
    }
}

/// The schema with its descriptions, examples and extensions removed: what decides whether
/// a removed and an added property are one renamed property.
fn contract(root: &Value, node: &Value, depth: u8) -> Value {
    let node = tree::resolve(root, node, Pointer::root())
        .map(|(node, _)| node)
        .unwrap_or(node);
    match node {
        Value::Object(map) if depth < 8 => Value::Object(
            map.iter()
                .filter(|(key, _)| {
                    !key.starts_with("x-")
                        && !matches!(key.as_str(), "description" | "example" | "title")
                })
                .map(|(key, value)| (key.clone(), contract(root, value, depth + 1)))
                .collect(),
        ),
        other => other.clone(),
    }
}

static EMPTY: std::sync::LazyLock<serde_json::Map<String, Value>> =
    std::sync::LazyLock::new(serde_json::Map::new);

fn normalized_path(path: &str) -> String {
    let mut out = String::new();
    let mut in_parameter = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_parameter = true;
                out.push_str("{}");
            }
            '}' => in_parameter = false,
            _ if in_parameter => {}
            _ => out.push(c),
        }
    }
    out
}

/// The names of a path template's parameters, in order: `["id", "line"]` for
/// `/orders/{id}/lines/{line}`.
fn path_parameters(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

impl<'a> Differ<'a> {
    fn record(
        &mut self,
        kind: ChangeKind,
        side: &'static str,
        pointer: &Pointer,
        operation: Option<&str>,
        message: String,
    ) {
        let key = (kind.as_str(), side, pointer.as_json_pointer().to_owned());
        let change = self.changes.entry(key).or_insert_with(|| Change {
            kind,
            breaking: kind.breaking(),
            bump: kind.bump(),
            pointer: pointer.as_json_pointer().to_owned(),
            side,
            operations: Vec::new(),
            message,
        });
        if let Some(operation) = operation {
            if !change.operations.iter().any(|known| known == operation) {
                change.operations.push(operation.to_owned());
            }
        }
    }

    /// Deprecation, sunset (with the sunset policy) and stability level of something kept;
    /// `what` names it in messages.
    fn lifecycle(
        &mut self,
        kept: Kept,
        (old, new): (&Value, &Value),
        at: &Pointer,
        operation: Option<&str>,
        what: &str,
    ) {
        let (old_lifecycle, new_lifecycle) = (lifecycle::of(old), lifecycle::of(new));
        let days = self.policy.days(self.operation_stability);
        // A deprecation that breaks the policy is reported instead of the plain deprecation.
        let change = lifecycle::notice(&old_lifecycle, &new_lifecycle, days, self.today)
            .or_else(|| lifecycle::transition(kept, &old_lifecycle, &new_lifecycle, self.today));
        if let Some((kind, message)) = change {
            self.record(kind, "new", at, operation, format!("{what}: {message}"));
        }
        // oasdiff reads `x-stability-level` on operations and schemas, not on parameters.
        let carrier = match kept {
            Kept::Operation => Carrier::Operation,
            Kept::Schema => Carrier::Schema,
            Kept::Parameter => return,
        };
        if let Some((kind, message)) = stability::transition(carrier, old, new) {
            let at = at.join("x-stability-level");
            self.record(kind, "new", &at, operation, format!("{what}: {message}"));
        }
    }

    /// `x-extensible-enum` (Zalando's guidelines, read by oasdiff): the values known today,
    /// readers accepting any other. A value removed from a request is refused from then on.
    fn extensible_enum(
        &mut self,
        context: &Context,
        name: &str,
        (old, new): (&Value, &Value),
        at: &Pointer,
    ) {
        let values = |node: &Value| -> Vec<Value> {
            node.get("x-extensible-enum")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (old_values, new_values) = (values(old), values(new));
        let listed = |values: &[&Value]| {
            let plural = if values.len() == 1 { "" } else { "s" };
            let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            format!("x-extensible-enum value{plural} {}", values.join(", "))
        };
        let at = at.join("x-extensible-enum");
        let operation = Some(context.operation.as_str());
        let removed: Vec<&Value> = old_values
            .iter()
            .filter(|v| !new_values.contains(v))
            .collect();
        if !removed.is_empty() {
            let kind = context.direction.pick(
                ChangeKind::RequestExtensibleEnumValueRemoved,
                ChangeKind::ResponseExtensibleEnumValueRemoved,
            );
            self.record(
                kind,
                "new",
                &at,
                operation,
                format!("{name}: {} removed", listed(&removed)),
            );
        }
        let added: Vec<&Value> = new_values
            .iter()
            .filter(|v| !old_values.contains(v))
            .collect();
        if !added.is_empty() {
            let kind = ChangeKind::ExtensibleEnumValueAdded;
            self.record(
                kind,
                "new",
                &at,
                operation,
                format!("{name}: {} added", listed(&added)),
            );
        }
    }

    fn operations(&mut self) {
        let key =
            |operation: &Operation| (operation.method.to_owned(), normalized_path(operation.path));
        let old_operations = tree::operations(self.old);
        let new_operations = tree::operations(self.new);
        let new_by_key: BTreeMap<_, _> = new_operations.iter().map(|op| (key(op), op)).collect();
        let old_keys: BTreeSet<_> = old_operations.iter().map(key).collect();
        for old_operation in &old_operations {
            match new_by_key.get(&key(old_operation)) {
                Some(new_operation) => self.operation(old_operation, new_operation),
                None => {
                    let (kind, why) = lifecycle::removal(
                        Removed::Operation,
                        &lifecycle::of(old_operation.node),
                        self.today,
                    );
                    self.record(
                        kind,
                        "old",
                        &old_operation.pointer,
                        None,
                        format!("operation {} removed{why}", old_operation.label()),
                    );
                }
            }
        }
        for new_operation in &new_operations {
            if !old_keys.contains(&key(new_operation)) {
                self.record(
                    ChangeKind::OperationAdded,
                    "new",
                    &new_operation.pointer,
                    None,
                    format!("operation {} added", new_operation.label()),
                );
            }
        }
    }

    fn operation(&mut self, old: &Operation<'a>, new: &Operation<'a>) {
        let label = new.label();
        if old.operation_id() != new.operation_id() {
            self.record(
                ChangeKind::OperationIdChanged,
                "new",
                &new.pointer.join("operationId"),
                Some(&label),
                format!(
                    "operationId {:?} became {:?} (generated client methods are renamed)",
                    old.operation_id().unwrap_or_default(),
                    new.operation_id().unwrap_or_default()
                ),
            );
        }
        // oasdiff reads an invalid level as no policy level: the strictest, `stable`.
        self.operation_stability = stability::of(new.node).unwrap_or(Stability::Stable);
        self.lifecycle(
            Kept::Operation,
            (old.node, new.node),
            &new.pointer,
            Some(&label),
            &format!("operation {label}"),
        );
        self.parameters(old, new, &label);
        self.request_body(old, new, &label);
        self.responses(old, new, &label);
        self.operation_security(old, new, &label);
    }

    fn parameters(&mut self, old: &Operation<'a>, new: &Operation<'a>, label: &str) {
        let key = |p: &Value| {
            format!(
                "{} {}",
                p.get("in").and_then(Value::as_str).unwrap_or_default(),
                p.get("name").and_then(Value::as_str).unwrap_or_default()
            )
        };
        // Operations match whatever their path parameters are called, so parameters match
        // the same way: a path parameter by its place in the path (`{id}` renamed `{orderId}`
        // changes nothing on the wire), every other one by location and name.
        let matching = |path: &str, p: &Value| match p.get("in").and_then(Value::as_str) {
            Some("path") => {
                let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                match path_parameters(path).iter().position(|n| *n == name) {
                    Some(position) => format!("path #{position}"),
                    None => key(p),
                }
            }
            _ => key(p),
        };
        let required = |p: &Value| p.get("required") == Some(&Value::Bool(true));
        let old_parameters = old.parameters(self.old);
        let new_parameters = new.parameters(self.new);
        let context = Context {
            operation: label.to_owned(),
            direction: Direction::Request,
        };
        for (old_parameter, old_at) in &old_parameters {
            let name = key(old_parameter);
            let old_key = matching(old.path, old_parameter);
            let Some((new_parameter, new_at)) = new_parameters
                .iter()
                .find(|(p, _)| matching(new.path, p) == old_key)
            else {
                let (kind, why) = lifecycle::removal(
                    Removed::Parameter,
                    &lifecycle::of(old_parameter),
                    self.today,
                );
                self.record(
                    kind,
                    "old",
                    old_at,
                    Some(label),
                    format!("parameter `{name}` removed{why}"),
                );
                continue;
            };
            self.lifecycle(
                Kept::Parameter,
                (old_parameter, new_parameter),
                new_at,
                Some(label),
                &format!("parameter `{name}`"),
            );
            match (required(old_parameter), required(new_parameter)) {
                (false, true) => self.record(
                    ChangeKind::ParameterBecameRequired,
                    "new",
                    new_at,
                    Some(label),
                    format!("parameter `{name}` became required"),
                ),
                (true, false) => self.record(
                    ChangeKind::ParameterBecameOptional,
                    "new",
                    new_at,
                    Some(label),
                    format!("parameter `{name}` became optional"),
                ),
                _ => {}
            }
            if let (Some(old_schema), Some(new_schema)) =
                (old_parameter.get("schema"), new_parameter.get("schema"))
            {
                self.schema(
                    &context,
                    &name,
                    (old_schema, old_at.join("schema")),
                    (new_schema, new_at.join("schema")),
                );
            }
        }
        for (new_parameter, new_at) in &new_parameters {
            let name = key(new_parameter);
            let new_key = matching(new.path, new_parameter);
            if !old_parameters
                .iter()
                .any(|(p, _)| matching(old.path, p) == new_key)
            {
                let kind = if required(new_parameter) {
                    ChangeKind::ParameterAddedRequired
                } else {
                    ChangeKind::ParameterAddedOptional
                };
                self.record(
                    kind,
                    "new",
                    new_at,
                    Some(label),
                    format!("parameter `{name}` added"),
                );
            }
        }
    }

    fn request_body(&mut self, old: &Operation<'a>, new: &Operation<'a>, label: &str) {
        let body = |root: &'a Value, operation: &Operation<'a>| {
            operation
                .node
                .get("requestBody")
                .and_then(|body| tree::resolve(root, body, operation.pointer.join("requestBody")))
        };
        let required = |body: &Value| body.get("required") == Some(&Value::Bool(true));
        match (body(self.old, old), body(self.new, new)) {
            (None, None) => {}
            (Some((_, old_at)), None) => self.record(
                ChangeKind::RequestBodyRemoved,
                "old",
                &old_at,
                Some(label),
                "request body removed".into(),
            ),
            (None, Some((new_body, new_at))) => {
                let kind = if required(new_body) {
                    ChangeKind::RequestBodyAddedRequired
                } else {
                    ChangeKind::RequestBodyAddedOptional
                };
                self.record(
                    kind,
                    "new",
                    &new_at,
                    Some(label),
                    "request body added".into(),
                );
            }
            (Some((old_body, old_at)), Some((new_body, new_at))) => {
                match (required(old_body), required(new_body)) {
                    (false, true) => self.record(
                        ChangeKind::RequestBodyBecameRequired,
                        "new",
                        &new_at,
                        Some(label),
                        "request body became required".into(),
                    ),
                    (true, false) => self.record(
                        ChangeKind::RequestBodyBecameOptional,
                        "new",
                        &new_at,
                        Some(label),
                        "request body became optional".into(),
                    ),
                    _ => {}
                }
                let context = Context {
                    operation: label.to_owned(),
                    direction: Direction::Request,
                };
                self.content(&context, (old_body, old_at), (new_body, new_at));
            }
        }
    }

    fn responses(&mut self, old: &Operation<'a>, new: &Operation<'a>, label: &str) {
        let responses =
            |operation: &Operation<'a>| operation.node.get("responses").and_then(Value::as_object);
        let old_responses = responses(old).unwrap_or(&EMPTY);
        let new_responses = responses(new).unwrap_or(&EMPTY);
        let context = Context {
            operation: label.to_owned(),
            direction: Direction::Response,
        };
        for (status, old_response) in old_responses {
            let old_at = old.pointer.join("responses").join(status);
            let Some(new_response) = new_responses.get(status) else {
                let kind = if is_success(status) {
                    ChangeKind::ResponseSuccessStatusRemoved
                } else {
                    ChangeKind::ResponseNonSuccessStatusRemoved
                };
                self.record(
                    kind,
                    "old",
                    &old_at,
                    Some(label),
                    format!("response {status} removed"),
                );
                continue;
            };
            let new_at = new.pointer.join("responses").join(status);
            let (Some(old_pair), Some(new_pair)) = (
                tree::resolve(self.old, old_response, old_at),
                tree::resolve(self.new, new_response, new_at),
            ) else {
                continue;
            };
            self.response_headers(&context, status, &old_pair, &new_pair);
            self.content(&context, old_pair, new_pair);
        }
        for status in new_responses.keys() {
            if !old_responses.contains_key(status) {
                self.record(
                    ChangeKind::ResponseStatusAdded,
                    "new",
                    &new.pointer.join("responses").join(status),
                    Some(label),
                    format!("response {status} added"),
                );
            }
        }
    }

    /// Headers of one response. Clients may rely on a documented header (`Retry-After`): a
    /// required one removed, or one that stops being required, breaks them; an optional one
    /// removed is minor (it might not have come anyway); added headers are minor. A kept
    /// header's schema is compared like any response schema.
    fn response_headers(
        &mut self,
        context: &Context,
        status: &str,
        (old, old_at): &(&'a Value, Pointer),
        (new, new_at): &(&'a Value, Pointer),
    ) {
        let headers = |response: &'a Value| response.get("headers").and_then(Value::as_object);
        let old_headers = headers(old).unwrap_or(&EMPTY);
        let new_headers = headers(new).unwrap_or(&EMPTY);
        let operation = Some(context.operation.as_str());
        // Header names are case-insensitive.
        let find = |map: &'a serde_json::Map<String, Value>, name: &str| {
            map.iter()
                .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
                .map(|(candidate, header)| (candidate.clone(), header))
        };
        for (name, old_header) in old_headers {
            let header_old_at = old_at.join("headers").join(name);
            let Some((old_header, header_old_at)) =
                tree::resolve(self.old, old_header, header_old_at)
            else {
                continue;
            };
            let required = |header: &Value| header.get("required") == Some(&Value::Bool(true));
            match find(new_headers, name) {
                None => self.record(
                    if required(old_header) {
                        ChangeKind::ResponseRequiredHeaderRemoved
                    } else {
                        ChangeKind::ResponseOptionalHeaderRemoved
                    },
                    "old",
                    &header_old_at,
                    operation,
                    format!("response {status}: header {name} removed"),
                ),
                Some((new_name, new_header)) => {
                    let header_new_at = new_at.join("headers").join(&new_name);
                    let Some((new_header, header_new_at)) =
                        tree::resolve(self.new, new_header, header_new_at)
                    else {
                        continue;
                    };
                    if required(old_header) && !required(new_header) {
                        self.record(
                            ChangeKind::ResponseHeaderBecameOptional,
                            "new",
                            &header_new_at,
                            operation,
                            format!("response {status}: header {name} became optional"),
                        );
                    }
                    if let (Some(old_schema), Some(new_schema)) =
                        (old_header.get("schema"), new_header.get("schema"))
                    {
                        self.schema(
                            context,
                            &format!("response {status} header {name}"),
                            (old_schema, header_old_at.join("schema")),
                            (new_schema, header_new_at.join("schema")),
                        );
                    }
                }
            }
        }
        for name in new_headers.keys() {
            if find(old_headers, name).is_none() {
                self.record(
                    ChangeKind::ResponseHeaderAdded,
                    "new",
                    &new_at.join("headers").join(name),
                    operation,
                    format!("response {status}: header {name} added"),
                );
            }
        }
    }

    /// The media types of a request body or response.
    fn content(&mut self, context: &Context, old: (&'a Value, Pointer), new: (&'a Value, Pointer)) {
        let old_content = old
            .0
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&EMPTY);
        let new_content = new
            .0
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&EMPTY);
        let direction = context.direction.name();
        for (media, old_media) in old_content {
            let old_at = old.1.join("content").join(media);
            let Some(new_media) = new_content.get(media) else {
                self.record(
                    context.direction.pick(
                        ChangeKind::RequestMediaTypeRemoved,
                        ChangeKind::ResponseMediaTypeRemoved,
                    ),
                    "old",
                    &old_at,
                    Some(&context.operation),
                    format!("{direction} media type {media} removed"),
                );
                continue;
            };
            let new_at = new.1.join("content").join(media);
            match (old_media.get("schema"), new_media.get("schema")) {
                (Some(old_schema), Some(new_schema)) => self.schema(
                    context,
                    &format!("{direction} body"),
                    (old_schema, old_at.join("schema")),
                    (new_schema, new_at.join("schema")),
                ),
                // A body that gains a schema constrains what was free (breaks senders); one
                // that loses it no longer promises a shape (breaks readers). The generated
                // type changes either way.
                (None, Some(_)) => self.record(
                    context.direction.pick(
                        ChangeKind::RequestBodySchemaAdded,
                        ChangeKind::ResponseBodySchemaAdded,
                    ),
                    "new",
                    &new_at.join("schema"),
                    Some(&context.operation),
                    format!("{direction} media type {media} now has a schema"),
                ),
                (Some(_), None) => self.record(
                    context.direction.pick(
                        ChangeKind::RequestBodySchemaRemoved,
                        ChangeKind::ResponseBodySchemaRemoved,
                    ),
                    "old",
                    &old_at.join("schema"),
                    Some(&context.operation),
                    format!("{direction} media type {media} no longer has a schema"),
                ),
                (None, None) => {}
            }
        }
        for media in new_content.keys() {
            if !old_content.contains_key(media) {
                // A new response media type is only chosen if the client asks for it.
                self.record(
                    context.direction.pick(
                        ChangeKind::RequestMediaTypeAdded,
                        ChangeKind::ResponseMediaTypeAdded,
                    ),
                    "new",
                    &new.1.join("content").join(media),
                    Some(&context.operation),
                    format!("{direction} media type {media} added"),
                );
            }
        }
    }

    /// Compares two schemas at the same place of the contract; `name` labels it in messages.
    fn schema(
        &mut self,
        context: &Context,
        name: &str,
        old: (&'a Value, Pointer),
        new: (&'a Value, Pointer),
    ) {
        let (Some((old_node, old_at)), Some((new_node, new_at))) = (
            tree::resolve(self.old, old.0, old.1),
            tree::resolve(self.new, new.0, new.1),
        ) else {
            return;
        };
        let visit = (
            old_at.as_json_pointer().to_owned(),
            new_at.as_json_pointer().to_owned(),
            context.direction,
            context.operation.clone(),
        );
        if !self.visited.insert(visit) {
            return;
        }
        let old_shape = shape(self.old, old_node, old_at.clone());
        let new_shape = shape(self.new, new_node, new_at.clone());
        let direction = context.direction;
        let operation = Some(context.operation.as_str());
        self.lifecycle(Kept::Schema, (old_node, new_node), &new_at, operation, name);
        self.extensible_enum(context, name, (old_node, new_node), &new_at);
        self.discriminator(context, name, (old_node, &old_at), (new_node, &new_at));

        if old_shape.types != new_shape.types {
            self.record(
                ChangeKind::TypeChanged,
                "new",
                &new_at,
                operation,
                format!(
                    "{name}: type {} became {}",
                    old_shape.types.as_deref().unwrap_or("(any)"),
                    new_shape.types.as_deref().unwrap_or("(any)")
                ),
            );
            return;
        }
        if old_shape.format != new_shape.format {
            self.record(
                ChangeKind::FormatChanged,
                "new",
                &new_at,
                operation,
                format!(
                    "{name}: format {} became {}",
                    old_shape.format.as_deref().unwrap_or("(none)"),
                    new_shape.format.as_deref().unwrap_or("(none)")
                ),
            );
        }
        if old_shape.nullable != new_shape.nullable {
            let (kind, what) = if new_shape.nullable {
                (
                    direction.pick(
                        ChangeKind::RequestNullableAdded,
                        ChangeKind::ResponseNullableAdded,
                    ),
                    "became nullable",
                )
            } else {
                (
                    direction.pick(
                        ChangeKind::RequestNullableRemoved,
                        ChangeKind::ResponseNullableRemoved,
                    ),
                    "no longer nullable",
                )
            };
            self.record(kind, "new", &new_at, operation, format!("{name}: {what}"));
        }
        self.enumeration(context, name, &old_shape, &new_shape, &new_at);
        self.constraints(context, name, &old_shape, &new_shape, &new_at);
        self.properties(context, name, &old_shape, &new_shape, &new_at);
        self.default(context, name, &old_shape, &new_shape, &new_at);
        self.alternatives(context, name, &old_shape, &new_shape);
        self.additional_properties(context, name, &old_shape, &new_shape, &new_at);
        if let (Some(old_items), Some(new_items)) = (old_shape.items, new_shape.items) {
            self.schema(context, &format!("{name}[]"), old_items, new_items);
        }
    }

    /// `default`: in a request it is what the server assumes when the client leaves the value
    /// out, so changing or removing it changes what such a request means (major); adding one
    /// documents what was unspecified (minor). In a response it only documents (patch).
    fn default(
        &mut self,
        context: &Context,
        name: &str,
        old: &Shape<'a>,
        new: &Shape<'a>,
        new_at: &Pointer,
    ) {
        if old.default == new.default {
            return;
        }
        let kind = match (context.direction, old.default) {
            (Direction::Response, _) => ChangeKind::ResponseDefaultChanged,
            (Direction::Request, None) => ChangeKind::RequestDefaultAdded,
            (Direction::Request, Some(_)) => ChangeKind::RequestDefaultChanged,
        };
        let shown = |value: Option<&Value>| value.map_or("(none)".to_owned(), Value::to_string);
        self.record(
            kind,
            "new",
            new_at,
            Some(context.operation.as_str()),
            format!(
                "{name}: default {} became {}",
                shown(old.default),
                shown(new.default)
            ),
        );
    }

    /// `oneOf` / `anyOf` members, matched by `$ref` target or (inline, or left over) by
    /// contract. A removed member breaks either way (a request value no longer accepted; a
    /// generated enum variant gone); an added one breaks a response (a shape the client
    /// cannot decode) and extends a request. Matched members are compared as schemas.
    fn alternatives(&mut self, context: &Context, name: &str, old: &Shape<'a>, new: &Shape<'a>) {
        let identity = |root: &Value, member: &Value| match member.get("$ref") {
            Some(Value::String(target)) => Value::String(target.clone()),
            _ => contract(root, member, 0),
        };
        let operation = Some(context.operation.as_str());
        let new_ids: Vec<Value> = new
            .alternatives
            .iter()
            .map(|(member, _)| identity(self.new, member))
            .collect();
        let old_ids: Vec<Value> = old
            .alternatives
            .iter()
            .map(|(member, _)| identity(self.old, member))
            .collect();
        // By identity first; a member left over then matches a left-over member with the
        // same contract, so a member schema moved between components is no change.
        let mut pairs: Vec<Option<usize>> = old_ids
            .iter()
            .map(|id| new_ids.iter().position(|candidate| candidate == id))
            .collect();
        for (old_index, (member, _)) in old.alternatives.iter().enumerate() {
            if pairs[old_index].is_some() {
                continue;
            }
            let old_contract = contract(self.old, member, 0);
            pairs[old_index] = (0..new.alternatives.len()).find(|index| {
                !pairs.contains(&Some(*index))
                    && contract(self.new, new.alternatives[*index].0, 0) == old_contract
            });
        }
        for (((member, at), id), pair) in old.alternatives.iter().zip(&old_ids).zip(&pairs) {
            match pair {
                Some(index) => {
                    let (new_member, new_member_at) = &new.alternatives[*index];
                    self.schema(
                        context,
                        &format!("{name} (alternative {index})"),
                        (member, at.clone()),
                        (new_member, new_member_at.clone()),
                    );
                }
                None => self.record(
                    context.direction.pick(
                        ChangeKind::RequestAlternativeRemoved,
                        ChangeKind::ResponseAlternativeRemoved,
                    ),
                    "old",
                    at,
                    operation,
                    format!("{name}: alternative {id} removed"),
                ),
            }
        }
        for (index, ((_, at), id)) in new.alternatives.iter().zip(&new_ids).enumerate() {
            if !pairs.contains(&Some(index)) {
                self.record(
                    context.direction.pick(
                        ChangeKind::RequestAlternativeAdded,
                        ChangeKind::ResponseAlternativeAdded,
                    ),
                    "new",
                    at,
                    operation,
                    format!("{name}: alternative {id} added"),
                );
            }
        }
    }

    /// `additionalProperties`: closing an open object breaks requests that sent other
    /// members; `true` on or off adds or removes the generated `extra` field.
    fn additional_properties(
        &mut self,
        context: &Context,
        name: &str,
        old: &Shape<'a>,
        new: &Shape<'a>,
        new_at: &Pointer,
    ) {
        // Two value schemas: compared like any other schema.
        if let (Some((old_value, old_at)), Some((new_value, new_at))) =
            (&old.additional, &new.additional)
        {
            if old_value.is_object() && new_value.is_object() {
                self.schema(
                    context,
                    &format!("{name}{{*}}"),
                    (old_value, old_at.clone()),
                    (new_value, new_at.clone()),
                );
                return;
            }
        }
        let (old_value, new_value) = (
            old.additional.as_ref().map(|(value, _)| *value),
            new.additional.as_ref().map(|(value, _)| *value),
        );
        if old_value == new_value {
            return;
        }
        let is_open = |value: Option<&Value>| value.is_some_and(|v| v != &Value::Bool(false));
        let toggles_extra =
            (old_value == Some(&Value::Bool(true))) != (new_value == Some(&Value::Bool(true)));
        let closes = is_open(old_value) && !is_open(new_value);
        let breaking = toggles_extra || (closes && context.direction == Direction::Request);
        self.record(
            if breaking {
                ChangeKind::AdditionalPropertiesChanged
            } else {
                ChangeKind::AdditionalPropertiesChangedCompatibly
            },
            "new",
            new_at,
            Some(context.operation.as_str()),
            format!(
                "{name}: additionalProperties {} became {}",
                old_value.map_or("(absent)".to_owned(), Value::to_string),
                new_value.map_or("(absent)".to_owned(), Value::to_string)
            ),
        );
    }

    fn enumeration(
        &mut self,
        context: &Context,
        name: &str,
        old: &Shape,
        new: &Shape,
        at: &Pointer,
    ) {
        let direction = context.direction;
        let operation = Some(context.operation.as_str());
        match (&old.enumeration, &new.enumeration) {
            (Some(old_values), Some(new_values)) => {
                // One change per enum and direction (`record` keeps the first message of
                // a pointer), naming every value.
                let listed = |values: Vec<&Value>| {
                    let plural = if values.len() == 1 { "" } else { "s" };
                    let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
                    format!("enum value{plural} {}", values.join(", "))
                };
                let removed: Vec<&Value> = old_values
                    .iter()
                    .filter(|v| !new_values.contains(v))
                    .collect();
                if !removed.is_empty() {
                    self.record(
                        direction.pick(
                            ChangeKind::RequestEnumValueRemoved,
                            ChangeKind::ResponseEnumValueRemoved,
                        ),
                        "new",
                        &at.join("enum"),
                        operation,
                        format!("{name}: {} removed", listed(removed)),
                    );
                }
                let added: Vec<&Value> = new_values
                    .iter()
                    .filter(|v| !old_values.contains(v))
                    .collect();
                if !added.is_empty() {
                    self.record(
                        direction.pick(
                            ChangeKind::RequestEnumValueAdded,
                            ChangeKind::ResponseEnumValueAdded,
                        ),
                        "new",
                        &at.join("enum"),
                        operation,
                        format!("{name}: {} added", listed(added)),
                    );
                }
            }
            (None, Some(_)) => self.record(
                direction.pick(ChangeKind::RequestEnumAdded, ChangeKind::ResponseEnumAdded),
                "new",
                &at.join("enum"),
                operation,
                format!("{name}: values restricted to an enum"),
            ),
            (Some(_), None) => self.record(
                direction.pick(
                    ChangeKind::RequestEnumRemoved,
                    ChangeKind::ResponseEnumRemoved,
                ),
                "new",
                at,
                operation,
                format!("{name}: enum restriction removed"),
            ),
            (None, None) => {}
        }
    }

    fn constraints(
        &mut self,
        context: &Context,
        name: &str,
        old: &Shape,
        new: &Shape,
        at: &Pointer,
    ) {
        let direction = context.direction;
        for (keyword, larger_is_tighter) in CONSTRAINTS {
            // An absent `exclusiveMinimum`/`exclusiveMaximum` means `false`.
            let absent = keyword
                .starts_with("exclusive")
                .then_some(&Value::Bool(false));
            let (old_value, new_value) = (
                old.constraints.get(keyword).or(absent),
                new.constraints.get(keyword).or(absent),
            );
            if old_value == new_value {
                continue;
            }
            let number = |value: &Value| value.as_f64().or_else(|| value.as_bool().map(f64::from));
            let tighter = match (old_value.and_then(number), new_value.and_then(number)) {
                (Some(o), Some(n)) => (n > o) == larger_is_tighter,
                // A constraint added, or a changed pattern, restricts; one removed relaxes.
                _ => new_value.is_some(),
            };
            let kind = if tighter {
                direction.pick(
                    ChangeKind::RequestConstraintTightened,
                    ChangeKind::ResponseConstraintTightened,
                )
            } else {
                direction.pick(
                    ChangeKind::RequestConstraintRelaxed,
                    ChangeKind::ResponseConstraintRelaxed,
                )
            };
            self.record(
                kind,
                "new",
                &at.join(keyword),
                Some(&context.operation),
                format!(
                    "{name}: {keyword} {} became {}",
                    old_value.map_or("(none)".into(), Value::to_string),
                    new_value.map_or("(none)".into(), Value::to_string)
                ),
            );
        }
    }

    fn properties(
        &mut self,
        context: &Context,
        name: &str,
        old: &Shape<'a>,
        new: &Shape<'a>,
        new_at: &Pointer,
    ) {
        let request = context.direction == Direction::Request;
        let direction = context.direction;
        let operation = Some(context.operation.as_str());
        let old_names: BTreeSet<&str> = old.properties.iter().map(|(n, _, _)| n.as_str()).collect();
        let new_names: BTreeSet<&str> = new.properties.iter().map(|(n, _, _)| n.as_str()).collect();
        let mut removed: Vec<_> = old
            .properties
            .iter()
            .filter(|(n, _, _)| !new_names.contains(n.as_str()))
            .collect();
        let mut added: Vec<_> = new
            .properties
            .iter()
            .filter(|(n, _, _)| !old_names.contains(n.as_str()))
            .collect();

        // Renames: same name up to case and separators, or the only removed and only added
        // property with the same contract.
        let folded = |n: &str| n.to_lowercase().replace(['_', '-'], "");
        let mut renames = Vec::new();
        removed.retain(|(old_name, old_schema, old_property_at)| {
            let same_contract = |(_, schema, _): &&(String, &Value, Pointer)| {
                contract(self.old, old_schema, 0) == contract(self.new, schema, 0)
            };
            let position = added
                .iter()
                .position(|(n, _, _)| folded(n) == folded(old_name))
                .or_else(|| (added.len() == 1 && same_contract(&added[0])).then_some(0));
            match position {
                Some(index) => {
                    let (new_name, _, new_property_at) = added.remove(index);
                    renames.push((
                        old_name.clone(),
                        new_name.clone(),
                        old_property_at.clone(),
                        new_property_at.clone(),
                    ));
                    false
                }
                None => true,
            }
        });
        for (old_name, new_name, _, new_property_at) in renames {
            self.record(
                direction.pick(
                    ChangeKind::RequestPropertyRenamed,
                    ChangeKind::ResponsePropertyRenamed,
                ),
                "new",
                &new_property_at,
                operation,
                format!("{name}: property `{old_name}` renamed to `{new_name}`"),
            );
        }
        for (property, schema, at) in removed {
            let lifecycle = tree::resolve(self.old, schema, at.clone())
                .map(|(schema, _)| lifecycle::of(schema))
                .unwrap_or_else(|| lifecycle::of(schema));
            let (kind, why) =
                lifecycle::removal(Removed::Property(direction), &lifecycle, self.today);
            self.record(
                kind,
                "old",
                at,
                operation,
                format!("{name}: property `{property}` removed{why}"),
            );
        }
        for (property, _, at) in added {
            let required = new.required.contains(property);
            let kind = match (request, required) {
                (true, true) => ChangeKind::RequestPropertyAddedRequired,
                (true, false) => ChangeKind::RequestPropertyAddedOptional,
                (false, _) => ChangeKind::ResponsePropertyAdded,
            };
            self.record(
                kind,
                "new",
                at,
                operation,
                format!("{name}: property `{property}` added"),
            );
        }
        for (property, old_schema, old_property_at) in &old.properties {
            let Some((_, new_schema, new_property_at)) =
                new.properties.iter().find(|(n, _, _)| n == property)
            else {
                continue;
            };
            let (was, is) = (
                old.required.contains(property),
                new.required.contains(property),
            );
            if was != is {
                let (kind, what) = if is {
                    (
                        direction.pick(
                            ChangeKind::RequestPropertyBecameRequired,
                            ChangeKind::ResponsePropertyBecameRequired,
                        ),
                        "became required",
                    )
                } else {
                    (
                        direction.pick(
                            ChangeKind::RequestPropertyBecameOptional,
                            ChangeKind::ResponsePropertyBecameOptional,
                        ),
                        "became optional",
                    )
                };
                self.record(
                    kind,
                    "new",
                    &new_at.join("required"),
                    operation,
                    format!("{name}: property `{property}` {what}"),
                );
            }
            self.access(
                context,
                &format!("{name}.{property}"),
                (old_schema, old_property_at),
                (new_schema, new_property_at),
            );
            self.schema(
                context,
                &format!("{name}.{property}"),
                (old_schema, old_property_at.clone()),
                (new_schema, new_property_at.clone()),
            );
        }
    }

    /// `readOnly` / `writeOnly` of a kept property. A read-only property is the server's to
    /// send, a write-only one the client's: becoming read-only takes the property out of
    /// requests, becoming write-only takes it out of responses (major); the reverse gives
    /// it back (minor). The other direction sees no change on the wire (patch).
    fn access(
        &mut self,
        context: &Context,
        name: &str,
        (old, old_at): (&'a Value, &Pointer),
        (new, new_at): (&'a Value, &Pointer),
    ) {
        use ChangeKind as K;
        let (Some((old, _)), Some((new, new_at))) = (
            tree::resolve(self.old, old, old_at.clone()),
            tree::resolve(self.new, new, new_at.clone()),
        ) else {
            return;
        };
        let direction = context.direction;
        let flags = [
            (
                "readOnly",
                direction.pick(
                    K::RequestPropertyBecameReadOnly,
                    K::ResponsePropertyBecameReadOnly,
                ),
                direction.pick(
                    K::RequestPropertyBecameNotReadOnly,
                    K::ResponsePropertyBecameNotReadOnly,
                ),
            ),
            (
                "writeOnly",
                direction.pick(
                    K::RequestPropertyBecameWriteOnly,
                    K::ResponsePropertyBecameWriteOnly,
                ),
                direction.pick(
                    K::RequestPropertyBecameNotWriteOnly,
                    K::ResponsePropertyBecameNotWriteOnly,
                ),
            ),
        ];
        for (keyword, became, stopped) in flags {
            let set = |schema: &Value| schema.get(keyword) == Some(&Value::Bool(true));
            let (was, is) = (set(old), set(new));
            if was == is {
                continue;
            }
            let (kind, what) = if is {
                (became, "set")
            } else {
                (stopped, "removed")
            };
            self.record(
                kind,
                "new",
                &new_at,
                Some(context.operation.as_str()),
                format!("{name}: {keyword} {what}"),
            );
        }
    }

    /// The `discriminator` of a `oneOf`/`anyOf`: which property tells the members apart,
    /// and which of its values means which member. Like an enum: a value removed breaks
    /// senders, a value added breaks readers; adding a discriminator restricts what a
    /// sender may send, removing one leaves readers to tell members apart by shape.
    fn discriminator(
        &mut self,
        context: &Context,
        name: &str,
        (old, old_at): (&'a Value, &Pointer),
        (new, new_at): (&'a Value, &Pointer),
    ) {
        use ChangeKind as K;
        let direction = context.direction;
        let operation = Some(context.operation.as_str());
        let (old_at, new_at) = (old_at.join("discriminator"), new_at.join("discriminator"));
        let (old, new) = match (old.get("discriminator"), new.get("discriminator")) {
            (None, None) => return,
            (None, Some(_)) => {
                return self.record(
                    direction.pick(K::RequestDiscriminatorAdded, K::ResponseDiscriminatorAdded),
                    "new",
                    &new_at,
                    operation,
                    format!("{name}: discriminator added"),
                )
            }
            (Some(_), None) => {
                return self.record(
                    direction.pick(
                        K::RequestDiscriminatorRemoved,
                        K::ResponseDiscriminatorRemoved,
                    ),
                    "old",
                    &old_at,
                    operation,
                    format!("{name}: discriminator removed"),
                )
            }
            (Some(old), Some(new)) => (old, new),
        };
        let property = |discriminator: &'a Value| discriminator.get("propertyName");
        if property(old) != property(new) {
            self.record(
                direction.pick(
                    K::RequestDiscriminatorPropertyChanged,
                    K::ResponseDiscriminatorPropertyChanged,
                ),
                "new",
                &new_at.join("propertyName"),
                operation,
                format!(
                    "{name}: discriminator property {} became {}",
                    property(old).map_or("(none)".into(), Value::to_string),
                    property(new).map_or("(none)".into(), Value::to_string)
                ),
            );
        }
        let mapping = |discriminator: &'a Value| {
            discriminator
                .get("mapping")
                .and_then(Value::as_object)
                .unwrap_or(&EMPTY)
        };
        let (old_mapping, new_mapping) = (mapping(old), mapping(new));
        // A target is the same when it designates the same contract: a schema moved between
        // components is not a change.
        let target = |root: &Value, reference: &Value| {
            contract(root, &serde_json::json!({ "$ref": reference }), 0)
        };
        for (value, old_target) in old_mapping {
            match new_mapping.get(value) {
                None => self.record(
                    direction.pick(
                        K::RequestDiscriminatorMappingRemoved,
                        K::ResponseDiscriminatorMappingRemoved,
                    ),
                    "old",
                    &old_at.join("mapping").join(value),
                    operation,
                    format!("{name}: discriminator value {value:?} removed"),
                ),
                Some(new_target)
                    if new_target != old_target
                        && target(self.old, old_target) != target(self.new, new_target) =>
                {
                    self.record(
                        direction.pick(
                            K::RequestDiscriminatorMappingChanged,
                            K::ResponseDiscriminatorMappingChanged,
                        ),
                        "new",
                        &new_at.join("mapping").join(value),
                        operation,
                        format!(
                            "{name}: discriminator value {value:?} maps to {new_target} instead of {old_target}"
                        ),
                    )
                }
                Some(_) => {}
            }
        }
        for value in new_mapping.keys() {
            if !old_mapping.contains_key(value) {
                self.record(
                    direction.pick(
                        K::RequestDiscriminatorMappingAdded,
                        K::ResponseDiscriminatorMappingAdded,
                    ),
                    "new",
                    &new_at.join("mapping").join(value),
                    operation,
                    format!("{name}: discriminator value {value:?} added"),
                );
            }
        }
    }

    fn operation_security(&mut self, old: &Operation<'a>, new: &Operation<'a>, label: &str) {
        let (old_own, new_own) = (old.node.get("security"), new.node.get("security"));
        if old_own.is_none() && new_own.is_none() {
            return; // Both follow the root requirement, compared once in `security`.
        }
        let effective =
            |own: Option<&'a Value>, root: &'a Value| own.or_else(|| root.get("security"));
        let at = new.pointer.join("security");
        self.requirements(
            effective(old_own, self.old),
            effective(new_own, self.new),
            &at,
            Some(label),
        );
    }

    /// Compares two security requirement lists: alternatives, each a set of schemes with
    /// the OAuth/OpenID scopes it needs. Which schemes are asked for is compared first; an
    /// alternative asking for the same schemes in both versions then has its scopes
    /// compared, since a token issued for the old scopes lacks a new one.
    fn requirements(
        &mut self,
        old: Option<&Value>,
        new: Option<&Value>,
        at: &Pointer,
        operation: Option<&str>,
    ) {
        let (old_list, new_list) = (requirement_list(old), requirement_list(new));
        let schemes = |list: &[Requirement]| -> BTreeSet<BTreeSet<String>> {
            list.iter()
                .map(|requirement| requirement.keys().cloned().collect())
                .collect()
        };
        let (old_set, new_set) = (schemes(&old_list), schemes(&new_list));
        if old_set != new_set {
            self.schemes_required(&old_set, &new_set, at, operation);
        }
        for old_requirement in &old_list {
            let same_schemes = |(_, new_requirement): &(usize, &Requirement)| {
                new_requirement.keys().eq(old_requirement.keys())
            };
            let Some((index, new_requirement)) =
                new_list.iter().enumerate().find(|pair| same_schemes(pair))
            else {
                continue;
            };
            for (scheme, old_scopes) in old_requirement {
                let new_scopes = &new_requirement[scheme];
                let requirement_at = at.join(&index.to_string()).join(scheme);
                let listed = |scopes: Vec<&String>| {
                    scopes
                        .iter()
                        .map(|scope| format!("`{scope}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let added: Vec<&String> = new_scopes.difference(old_scopes).collect();
                if !added.is_empty() {
                    self.record(
                        ChangeKind::SecurityScopeAdded,
                        "new",
                        &requirement_at,
                        operation,
                        format!("{scheme} now also requires scope(s) {}", listed(added)),
                    );
                }
                let removed: Vec<&String> = old_scopes.difference(new_scopes).collect();
                if !removed.is_empty() {
                    self.record(
                        ChangeKind::SecurityScopeRemoved,
                        "new",
                        &requirement_at,
                        operation,
                        format!("{scheme} no longer requires scope(s) {}", listed(removed)),
                    );
                }
            }
        }
    }

    /// The schemes a requirement list asks for changed: relaxed when every old client still
    /// gets in, a breaking change otherwise.
    fn schemes_required(
        &mut self,
        old_set: &BTreeSet<BTreeSet<String>>,
        new_set: &BTreeSet<BTreeSet<String>>,
        at: &Pointer,
        operation: Option<&str>,
    ) {
        let describe = |set: &BTreeSet<BTreeSet<String>>| {
            if set.is_empty() {
                "none".to_owned()
            } else {
                set.iter()
                    .map(|all| {
                        if all.is_empty() {
                            "none".to_owned()
                        } else {
                            all.iter().cloned().collect::<Vec<_>>().join(" + ")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" or ")
            }
        };
        // Anonymous access (an empty requirement, or none at all) accepts any client; a
        // requirement where there was none is not a relaxation, even though the empty set
        // of alternatives is a subset of every other.
        let anonymous =
            |set: &BTreeSet<BTreeSet<String>>| set.is_empty() || set.iter().any(BTreeSet::is_empty);
        let relaxed = anonymous(new_set) || (!anonymous(old_set) && old_set.is_subset(new_set));
        let kind = if relaxed {
            ChangeKind::SecurityRelaxed
        } else {
            ChangeKind::SecurityChanged
        };
        self.record(
            kind,
            "new",
            at,
            operation,
            format!(
                "authentication {} became {}",
                describe(old_set),
                describe(new_set)
            ),
        );
    }

    fn security(&mut self) {
        self.requirements(
            self.old.get("security"),
            self.new.get("security"),
            &Pointer::from_tokens(["security"]),
            None,
        );
        let schemes = |root: &'a Value| {
            root.pointer("/components/securitySchemes")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (old_schemes, new_schemes) = (schemes(self.old), schemes(self.new));
        for (name, old_scheme) in &old_schemes {
            let at = Pointer::from_tokens(["components", "securitySchemes", name]);
            match new_schemes.get(name) {
                None => self.record(
                    ChangeKind::SecuritySchemeRemoved,
                    "old",
                    &at,
                    None,
                    format!("security scheme {name} removed"),
                ),
                Some(new_scheme) => self.security_scheme(name, old_scheme, new_scheme, &at),
            }
        }
        for name in new_schemes.keys() {
            if !old_schemes.contains_key(name) {
                self.record(
                    ChangeKind::SecuritySchemeAdded,
                    "new",
                    &Pointer::from_tokens(["components", "securitySchemes", name]),
                    None,
                    format!("security scheme {name} added"),
                );
            }
        }
    }

    /// One security scheme kept under its name. Its scopes are compared one by one (a scope
    /// a flow no longer offers cannot be asked for; a new one is an addition); everything
    /// else that is contract (type, location, name, flows and their URLs) as a whole.
    fn security_scheme(&mut self, name: &str, old: &Value, new: &Value, at: &Pointer) {
        let without_scopes = |scheme: &Value| {
            let mut essentials = contract(&Value::Null, scheme, 0);
            if let Some(Value::Object(flows)) = essentials.get_mut("flows") {
                for flow in flows.values_mut() {
                    if let Value::Object(flow) = flow {
                        flow.remove("scopes");
                    }
                }
            }
            essentials
        };
        if without_scopes(old) != without_scopes(new) {
            self.record(
                ChangeKind::SecuritySchemeChanged,
                "new",
                at,
                None,
                format!("security scheme {name} changed (type, scheme, location or flows)"),
            );
        }
        fn flows(scheme: &Value) -> Option<&serde_json::Map<String, Value>> {
            scheme.get("flows").and_then(Value::as_object)
        }
        fn scopes(flow: &Value) -> &serde_json::Map<String, Value> {
            flow.get("scopes")
                .and_then(Value::as_object)
                .unwrap_or(&EMPTY)
        }
        let (Some(old_flows), Some(new_flows)) = (flows(old), flows(new)) else {
            return;
        };
        for (flow, old_flow) in old_flows {
            let Some(new_flow) = new_flows.get(flow) else {
                continue; // A flow removed changed the scheme, reported above.
            };
            let (old_scopes, new_scopes) = (scopes(old_flow), scopes(new_flow));
            let scopes_at = at.join("flows").join(flow).join("scopes");
            for scope in old_scopes.keys() {
                if !new_scopes.contains_key(scope) {
                    self.record(
                        ChangeKind::SecuritySchemeScopeRemoved,
                        "old",
                        &scopes_at.join(scope),
                        None,
                        format!(
                            "security scheme {name}: {flow} flow no longer offers scope `{scope}`"
                        ),
                    );
                }
            }
            for scope in new_scopes.keys() {
                if !old_scopes.contains_key(scope) {
                    self.record(
                        ChangeKind::SecuritySchemeScopeAdded,
                        "new",
                        &scopes_at.join(scope),
                        None,
                        format!("security scheme {name}: {flow} flow offers scope `{scope}`"),
                    );
                }
            }
        }
    }

    fn servers(&mut self) {
        let urls = |root: &Value| -> Vec<String> {
            root.get("servers")
                .and_then(Value::as_array)
                .map(|servers| {
                    servers
                        .iter()
                        .filter_map(|server| server.get("url").and_then(Value::as_str))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let (old_urls, new_urls) = (urls(self.old), urls(self.new));
        for (index, url) in old_urls.iter().enumerate() {
            if !new_urls.contains(url) {
                self.record(
                    ChangeKind::ServerRemoved,
                    "old",
                    &Pointer::from_tokens(["servers", &index.to_string()]),
                    None,
                    format!("server {url} removed"),
                );
            }
        }
        for (index, url) in new_urls.iter().enumerate() {
            if !old_urls.contains(url) {
                self.record(
                    ChangeKind::ServerAdded,
                    "new",
                    &Pointer::from_tokens(["servers", &index.to_string()]),
                    None,
                    format!("server {url} added"),
                );
            }
        }
    }

    /// `x-rust-*` extensions shape the generated Rust API (a field's name, `bool` for a
    /// string flag, a secret type, `Expandable<T>`): changing one breaks code built on the
    /// generated client even when the wire contract is the same.
    fn rust_bindings(&mut self) {
        let (old, new) = (rust_bindings(self.old), rust_bindings(self.new));
        for (key, (at, value)) in &old {
            match new.get(key) {
                Some((_, now)) if now == value => {}
                Some((at, now)) => self.record(
                    ChangeKind::RustBindingChanged,
                    "new",
                    at,
                    None,
                    format!("generated Rust API changes: {key} was {value}, is {now}"),
                ),
                None => self.record(
                    ChangeKind::RustBindingChanged,
                    "old",
                    at,
                    None,
                    format!("generated Rust API changes: {key} ({value}) removed"),
                ),
            }
        }
        for (key, (at, value)) in &new {
            if !old.contains_key(key) {
                self.record(
                    ChangeKind::RustBindingChanged,
                    "new",
                    at,
                    None,
                    format!("generated Rust API changes: {key} ({value}) added"),
                );
            }
        }
    }
}

/// One alternative of a security requirement list: each scheme with the scopes it needs.
type Requirement = BTreeMap<String, BTreeSet<String>>;

/// A security requirement list (`security:`) as alternatives. Entries that are not objects,
/// and scopes that are not strings, are left out: `spec::parse` has refused such documents.
fn requirement_list(value: Option<&Value>) -> Vec<Requirement> {
    let Some(Value::Array(list)) = value else {
        return Vec::new();
    };
    list.iter()
        .map(|requirement| {
            requirement
                .as_object()
                .into_iter()
                .flatten()
                .map(|(scheme, scopes)| {
                    let scopes = scopes
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect();
                    (scheme.clone(), scopes)
                })
                .collect()
        })
        .collect()
}

/// Every `x-rust-*` extension in `document`, by JSON pointer.
fn rust_bindings(document: &Value) -> BTreeMap<String, (Pointer, Value)> {
    fn walk(node: &Value, at: &Pointer, found: &mut BTreeMap<String, (Pointer, Value)>) {
        match node {
            Value::Object(map) => {
                for (key, value) in map {
                    let here = at.join(key);
                    if key.starts_with("x-rust-") {
                        found.insert(here.as_json_pointer().to_owned(), (here, value.clone()));
                    } else {
                        walk(value, &here, found);
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(item, &at.join(&index.to_string()), found);
                }
            }
            _ => {}
        }
    }
    let mut found = BTreeMap::new();
    walk(document, &Pointer::root(), &mut found);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_bumps_follow_cargo() {
        assert_eq!(version_bump("1.2.3", "2.0.0"), Bump::Major);
        assert_eq!(version_bump("1.2.3", "1.3.0"), Bump::Minor);
        assert_eq!(version_bump("1.2.3", "1.2.4"), Bump::Patch);
        assert_eq!(version_bump("1.2.3", "1.2.3"), Bump::None);
        assert_eq!(version_bump("1.2.3", "1.0.0"), Bump::None);
        assert_eq!(version_bump("0.3.1", "0.4.0"), Bump::Major);
        assert_eq!(version_bump("0.3.1", "0.3.2"), Bump::Minor);
        assert_eq!(version_bump("0.0.1", "0.0.2"), Bump::Major);
        assert_eq!(version_bump("x", "1.0.0"), Bump::None);
    }

    #[test]
    fn path_parameter_names_do_not_matter() {
        assert_eq!(
            normalized_path("/a/{id}/b/{x}"),
            normalized_path("/a/{key}/b/{y}")
        );
        assert_eq!(path_parameters("/a/{id}/b/{x}"), ["id", "x"]);
        assert!(path_parameters("/a").is_empty());
    }
}
