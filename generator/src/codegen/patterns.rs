//! `pattern`s that regress cannot compile.
//!
//! typify compiles every string `pattern` with regress (the ECMAScript engine generated
//! code validates with) and fails the whole generation on one it rejects, such as Okta's
//! `(?i)^[0-9a-f]{8}-…$` (an inline flag, which ECMAScript has not). The codegen copy
//! leaves such a pattern out, a skip at its pointer: the string is still typed, just not
//! checked against it.

use serde_json::Value;

use crate::spec::{tree, Skip};

/// The `pattern`s of `root` regress rejects, each a skip at its pointer.
pub fn uncompilable(root: &Value) -> Vec<Skip> {
    let mut skips = Vec::new();
    tree::visit_schemas(root, &mut |schema, at, _| {
        let Some(pattern) = schema.get("pattern").and_then(Value::as_str) else {
            return;
        };
        if let Err(err) = regress::Regex::new(pattern) {
            skips.push(Skip {
                pointer: at.join("pattern"),
                what: format!("a `pattern` the regex engine rejects ({err}): the string is not checked against it"),
            });
        }
    });
    skips
}
