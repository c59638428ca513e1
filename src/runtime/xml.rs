//! `application/xml` request bodies, serialised from their generated type with quick-xml's
//! serde support.

use serde::Serialize;

/// `value` as XML under the root element `root` (the schema's component name, OpenAPI's
/// default XML name). A value quick-xml cannot write fails the request before it is sent.
pub(crate) fn xml_body<T: Serialize>(root: &str, value: &T) -> Result<String, String> {
    quick_xml::se::to_string_with_root(root, value).map_err(|err| format!("XML body: {err}"))
}
