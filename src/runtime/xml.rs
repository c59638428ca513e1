//! XML request bodies, laid out as the spec's `xml` objects say (OpenAPI 3.0.3, XML Object).
//!
//! The generator resolves every name and placement from the spec and emits it as data, a
//! [`Node`] per body (module `xml` of the generated file); this module writes a value by it
//! with quick-xml's `Writer`. The value is read in its serde data model, the JSON instance of
//! its schema: the generated types' serde attributes serve JSON, and that instance has the
//! schema's property names and the scalars' wire spellings (enum values, RFC 3339 dates)
//! that XML text needs too. Elements follow the schema's property order, not the value's.
//!
//! XML has no null: a null or absent property writes nothing. A namespace is declared on
//! the element that uses it, unless an enclosing element already binds its prefix to it; an
//! element without a namespace of its own is in the default namespace in scope.

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use serde::Serialize;
use serde_json::{Map, Value};

/// An element or attribute name: `local`, written `prefix:local` when prefixed, its
/// `namespace` declared (`xmlns:prefix="…"`, or `xmlns="…"` without a prefix) where it is
/// not in scope yet.
#[derive(Debug)]
pub struct Name {
    local: &'static str,
    prefix: Option<&'static str>,
    namespace: Option<&'static str>,
}

impl Name {
    pub const fn new(local: &'static str) -> Self {
        Name {
            local,
            prefix: None,
            namespace: None,
        }
    }

    pub const fn prefix(self, prefix: &'static str) -> Self {
        Name {
            prefix: Some(prefix),
            ..self
        }
    }

    pub const fn namespace(self, namespace: &'static str) -> Self {
        Name {
            namespace: Some(namespace),
            ..self
        }
    }

    fn qualified(&self) -> String {
        match self.prefix {
            Some(prefix) => format!("{prefix}:{}", self.local),
            None => self.local.to_owned(),
        }
    }
}

/// How one value is written.
#[derive(Debug)]
pub enum Node {
    /// A scalar as the text of one element.
    Text(Name),
    /// An object as one element: some properties its attributes, the others its children.
    Object(Name, &'static Fields),
    /// An array as its items, one after the other (`xml.wrapped` unset).
    Repeated(&'static Node),
    /// An array as its items inside one element (`xml.wrapped: true`).
    Wrapped(Name, &'static Node),
}

/// The properties of an object, in the schema's order.
#[derive(Debug)]
pub struct Fields(pub &'static [Field]);

/// Where one property of an object goes.
#[derive(Debug)]
pub struct Field {
    /// The property's name in the value (its JSON name).
    key: &'static str,
    place: Place,
}

#[derive(Debug)]
enum Place {
    Attribute(Name),
    Element(Node),
}

impl Field {
    pub const fn attribute(key: &'static str, name: Name) -> Self {
        Field {
            key,
            place: Place::Attribute(name),
        }
    }

    pub const fn element(key: &'static str, node: Node) -> Self {
        Field {
            key,
            place: Place::Element(node),
        }
    }
}

/// `value` as the XML document `root`. A value the layout has no place for (a property it
/// does not name, an object where text belongs) fails the request before it is sent.
pub(crate) fn xml_body<T: Serialize>(root: &Node, value: &T) -> Result<String, String> {
    let value = serde_json::to_value(value).map_err(|err| format!("XML body: {err}"))?;
    if value.is_null() {
        return Err("XML body: a null value has no root element".into());
    }
    let mut document = Document {
        writer: Writer::new(Vec::new()),
        scopes: Vec::new(),
    };
    document
        .node(root, &value)
        .map_err(|err| format!("XML body: {err}"))?;
    String::from_utf8(document.writer.into_inner()).map_err(|err| format!("XML body: {err}"))
}

/// A namespace binding: the prefix (`None` for the default namespace) and its URI.
type Binding = (Option<&'static str>, &'static str);

struct Document {
    writer: Writer<Vec<u8>>,
    /// The namespaces each open element declares, outermost first.
    scopes: Vec<Vec<Binding>>,
}

impl Document {
    fn node(&mut self, node: &Node, value: &Value) -> Result<(), String> {
        if value.is_null() {
            return Ok(());
        }
        match node {
            Node::Text(name) => {
                let text =
                    text(value).ok_or_else(|| format!("`{}` is not a scalar", name.local))?;
                self.element(name, &[], |document| {
                    document.write(Event::Text(BytesText::new(&text)))
                })
            }
            Node::Object(name, fields) => {
                let Value::Object(object) = value else {
                    return Err(format!("`{}` is not an object", name.local));
                };
                if let Some(key) = object
                    .keys()
                    .find(|key| !fields.0.iter().any(|field| field.key == *key))
                {
                    return Err(format!(
                        "`{}` has no place for its property `{key}`",
                        name.local
                    ));
                }
                let attributes = attributes(fields, object)?;
                self.element(name, &attributes, |document| {
                    for field in fields.0 {
                        if let (Place::Element(node), Some(value)) =
                            (&field.place, object.get(field.key))
                        {
                            document.node(node, value)?;
                        }
                    }
                    Ok(())
                })
            }
            Node::Repeated(item) => self.items(item, value),
            Node::Wrapped(name, item) => {
                self.element(name, &[], |document| document.items(item, value))
            }
        }
    }

    fn items(&mut self, item: &Node, value: &Value) -> Result<(), String> {
        let Value::Array(items) = value else {
            return Err("an array's value is not an array".into());
        };
        items.iter().try_for_each(|value| self.node(item, value))
    }

    /// The element `name` with `attributes`, declaring the namespaces they need, around what
    /// `content` writes.
    fn element(
        &mut self,
        name: &Name,
        attributes: &[(&Name, String)],
        content: impl FnOnce(&mut Self) -> Result<(), String>,
    ) -> Result<(), String> {
        let names = std::iter::once((name, false))
            .chain(attributes.iter().map(|(name, _)| (*name, true)))
            .collect::<Vec<_>>();
        let declared = self.declarations(&names)?;
        let qualified = name.qualified();
        let mut start = BytesStart::new(qualified.as_str());
        for (prefix, namespace) in &declared {
            let xmlns = prefix.map_or("xmlns".to_owned(), |prefix| format!("xmlns:{prefix}"));
            start.push_attribute((xmlns.as_str(), *namespace));
        }
        for (attribute, value) in attributes {
            start.push_attribute((attribute.qualified().as_str(), value.as_str()));
        }
        self.write(Event::Start(start))?;
        self.scopes.push(declared);
        content(self)?;
        self.scopes.pop();
        self.write(Event::End(BytesEnd::new(qualified.as_str())))
    }

    /// The namespaces an element binds that the elements around it do not already: those
    /// of its name and its attributes' (`names`, each flagged when an attribute). A prefix
    /// without a namespace must be bound here or around.
    fn declarations(&self, names: &[(&Name, bool)]) -> Result<Vec<Binding>, String> {
        let mut needed: Vec<Binding> = Vec::new();
        for (name, attribute) in names {
            let Some(namespace) = name.namespace else {
                continue;
            };
            if *attribute && name.prefix.is_none() {
                return Err(format!(
                    "the attribute `{}` has a namespace and no prefix",
                    name.local
                ));
            }
            match needed.iter().find(|(prefix, _)| *prefix == name.prefix) {
                Some((_, other)) if *other != namespace => {
                    return Err(format!(
                        "`{}` binds its prefix to a second namespace on one element",
                        name.qualified()
                    ))
                }
                Some(_) => {}
                None => needed.push((name.prefix, namespace)),
            }
        }
        for (name, _) in names {
            if let (Some(prefix), None) = (name.prefix, name.namespace) {
                if !needed.iter().any(|(bound, _)| *bound == Some(prefix))
                    && self.bound(Some(prefix)).is_none()
                {
                    return Err(format!(
                        "`{}` has a prefix no enclosing element declares",
                        name.qualified()
                    ));
                }
            }
        }
        needed.retain(|(prefix, namespace)| self.bound(*prefix) != Some(*namespace));
        Ok(needed)
    }

    /// The namespace `prefix` (`None`: the default namespace) is bound to where the next
    /// element opens.
    fn bound(&self, prefix: Option<&str>) -> Option<&'static str> {
        self.scopes
            .iter()
            .rev()
            .flatten()
            .find(|(bound, _)| *bound == prefix)
            .map(|(_, namespace)| *namespace)
    }

    fn write(&mut self, event: Event<'_>) -> Result<(), String> {
        self.writer
            .write_event(event)
            .map_err(|err| err.to_string())
    }
}

/// The attributes `fields` give the object `object`, each with its text.
fn attributes<'a>(
    fields: &'a Fields,
    object: &Map<String, Value>,
) -> Result<Vec<(&'a Name, String)>, String> {
    let mut attributes = Vec::new();
    for field in fields.0 {
        let (Place::Attribute(name), Some(value)) = (&field.place, object.get(field.key)) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        let text =
            text(value).ok_or_else(|| format!("the attribute `{}` is not a scalar", name.local))?;
        attributes.push((name, text));
    }
    Ok(attributes)
}

/// A scalar's text: a string as it is, a number or boolean in its JSON spelling.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// The generator's `xml_bodies.yaml` fixture (output checked in and kept current by the
/// generator's `tests/media.rs`), over loopback: the bytes each body puts on the wire.
#[cfg(test)]
#[rustfmt::skip]
#[allow(clippy::all, dead_code, unused_imports)]
#[path = "../../generator/tests/fixtures/generated/xml_bodies.rs"]
mod fixture;

#[cfg(test)]
mod tests {
    use std::future::Future;

    use serde_json::json;
    use wiremock::ResponseTemplate;

    use super::fixture::{self as api, types};
    use super::{xml_body, Field, Fields, Name, Node};
    use crate::runtime::loopback::{answering, connect, content_type, received};
    use crate::runtime::Auth;

    type Sent<T> = Result<progenitor_client::ResponseValue<T>, progenitor_client::Error<()>>;

    /// The media type and body `call` sends.
    async fn sent<T: std::fmt::Debug, F: Future<Output = Sent<T>>>(
        call: impl FnOnce(api::Client) -> F,
    ) -> (String, String) {
        let server = answering(ResponseTemplate::new(204)).await;
        let (base_url, http) = connect(&server);
        call(api::Client::new_with_client(
            &base_url,
            http,
            Auth::anonymous(),
        ))
        .await
        .unwrap();
        let request = received(&server).await;
        let body = String::from_utf8(request.body.clone()).unwrap();
        (content_type(&request), body)
    }

    fn two() -> Vec<String> {
        vec!["value".into(), "value".into()]
    }

    fn book(isbn: &str, title: &str) -> types::Book {
        types::Book {
            isbn: isbn.into(),
            edition: None,
            title: title.into(),
            creator: None,
            subjects: Vec::new(),
            authors: Vec::new(),
            tags: Vec::new(),
            publisher: None,
            status: None,
            available: None,
            sequel: None,
        }
    }

    #[tokio::test]
    async fn a_book_writes_attributes_namespaces_wrapped_arrays_and_referenced_objects() {
        let body = types::Book {
            edition: Some(2),
            creator: Some("Ann".into()),
            subjects: vec!["cats".into(), "mice".into()],
            authors: vec![
                types::Author {
                    id: Some(7),
                    name: "Ann".into(),
                },
                types::Author {
                    id: None,
                    name: "Bob".into(),
                },
            ],
            tags: vec!["a".into(), "b".into()],
            publisher: Some(types::Publisher {
                country: Some("NL".into()),
                name: Some("Acme".into()),
            }),
            status: Some(types::BookStatus::Published),
            available: Some(true),
            sequel: Some(Box::new(book("978-1", "Two"))),
            ..book("978-0", "One")
        };
        let (media, xml) = sent(|api| async move { api.add_book(&body).await }).await;
        assert_eq!(media, "application/xml");
        let expected = concat!(
            // The component's xml.name and namespace, its attributes (`ed` by xml.name).
            r#"<book xmlns="http://example.com/library" isbn="978-0" ed="2">"#,
            "<title>One</title>",
            // A prefixed namespace, declared where it is used.
            r#"<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Ann</dc:creator>"#,
            // A wrapper binding the prefix its items use without a namespace of their own.
            r#"<dc:subjects xmlns:dc="http://purl.org/dc/elements/1.1/">"#,
            "<dc:subject>cats</dc:subject><dc:subject>mice</dc:subject></dc:subjects>",
            // Items named by the referenced schema's xml.name; an absent attribute is not
            // written.
            r#"<authors><author id="7"><name>Ann</name></author><author><name>Bob</name></author></authors>"#,
            "<tag>a</tag><tag>b</tag>",
            // A referenced object named by its own xml.name, its attribute namespaced.
            r#"<publishedBy xmlns:geo="http://example.com/geo" geo:country="NL"><name>Acme</name></publishedBy>"#,
            "<status>published</status><available>true</available>",
            // The schema again, its namespace in scope already.
            r#"<book isbn="978-1"><title>Two</title></book>"#,
            "</book>",
        );
        assert_eq!(xml, expected);
    }

    #[tokio::test]
    async fn absent_properties_write_nothing_and_text_is_escaped() {
        let body = book("1 < 2", "Tom & \"Jerry\"");
        let (_, xml) = sent(|api| async move { api.add_book(&body).await }).await;
        assert_eq!(
            xml,
            r#"<book xmlns="http://example.com/library" isbn="1 &lt; 2"><title>Tom &amp; &quot;Jerry&quot;</title></book>"#
        );
    }

    #[tokio::test]
    async fn a_body_the_xml_object_gives_no_layout_is_the_caller_s_bytes() {
        let (media, xml) =
            sent(|api| async move { api.add_note_xml("<note>7</note>").await }).await;
        assert_eq!(media, "text/xml");
        assert_eq!(xml, "<note>7</note>");
    }

    // The examples of OpenAPI 3.0.3's XML Object (§4.7.26), each as the property `animals` of
    // a component, whose element is the root.

    #[tokio::test]
    async fn example_no_xml_element() {
        let body = types::NoXmlElement {
            animals: Some("value".into()),
        };
        let (_, xml) = sent(|api| async move { api.no_xml_element(&body).await }).await;
        assert_eq!(xml, "<NoXmlElement><animals>value</animals></NoXmlElement>");

        let body = types::NoXmlElementArray { animals: two() };
        let (_, xml) = sent(|api| async move { api.no_xml_element_array(&body).await }).await;
        assert_eq!(
            xml,
            "<NoXmlElementArray><animals>value</animals><animals>value</animals></NoXmlElementArray>"
        );
    }

    #[tokio::test]
    async fn example_xml_name_replacement() {
        let body = types::NameReplacement {
            animals: Some("value".into()),
        };
        let (_, xml) = sent(|api| async move { api.xml_name_replacement(&body).await }).await;
        assert_eq!(
            xml,
            "<NameReplacement><animal>value</animal></NameReplacement>"
        );
    }

    #[tokio::test]
    async fn example_xml_attribute_prefix_and_namespace() {
        let body = types::Person {
            id: Some(123),
            name: Some("example".into()),
        };
        let (_, xml) =
            sent(|api| async move { api.xml_attribute_prefix_and_namespace(&body).await }).await;
        assert_eq!(
            xml,
            r#"<Person id="123"><sample:name xmlns:sample="http://example.com/schema/sample">example</sample:name></Person>"#
        );
    }

    #[tokio::test]
    async fn example_xml_arrays_changing_the_element_names() {
        let body = types::ItemNames { animals: two() };
        let (_, xml) = sent(|api| async move { api.array_item_names(&body).await }).await;
        assert_eq!(
            xml,
            "<ItemNames><animal>value</animal><animal>value</animal></ItemNames>"
        );
    }

    #[tokio::test]
    async fn example_xml_arrays_the_external_name_has_no_effect_unwrapped() {
        let body = types::ExternalName { animals: two() };
        let (_, xml) = sent(|api| async move { api.array_external_name(&body).await }).await;
        assert_eq!(
            xml,
            "<ExternalName><animal>value</animal><animal>value</animal></ExternalName>"
        );
    }

    #[tokio::test]
    async fn example_xml_arrays_wrapped_without_names_use_one_name_inside_and_out() {
        let body = types::Wrapped { animals: two() };
        let (_, xml) = sent(|api| async move { api.array_wrapped(&body).await }).await;
        assert_eq!(
            xml,
            "<Wrapped><animals><animals>value</animals><animals>value</animals></animals></Wrapped>"
        );
    }

    #[tokio::test]
    async fn example_xml_arrays_wrapped_with_named_items() {
        let body = types::WrappedItemNames { animals: two() };
        let (_, xml) = sent(|api| async move { api.array_wrapped_item_names(&body).await }).await;
        assert_eq!(
            xml,
            "<WrappedItemNames><animals><animal>value</animal><animal>value</animal></animals></WrappedItemNames>"
        );
    }

    #[tokio::test]
    async fn example_xml_arrays_affecting_both_internal_and_external_names() {
        let body = types::WrappedBothNames { animals: two() };
        let (_, xml) = sent(|api| async move { api.array_wrapped_both_names(&body).await }).await;
        assert_eq!(
            xml,
            "<WrappedBothNames><aliens><animal>value</animal><animal>value</animal></aliens></WrappedBothNames>"
        );
    }

    #[tokio::test]
    async fn example_xml_arrays_changing_the_external_element_but_not_the_internal_ones() {
        let body = types::WrappedExternalName { animals: two() };
        let (_, xml) =
            sent(|api| async move { api.array_wrapped_external_name(&body).await }).await;
        assert_eq!(
            xml,
            "<WrappedExternalName><aliens><aliens>value</aliens><aliens>value</aliens></aliens></WrappedExternalName>"
        );
    }

    // What the generator never emits, but the writer still refuses rather than write wrong
    // XML.

    static NOTE: Node = Node::Object(Name::new("note"), &NOTE_FIELDS);
    static NOTE_FIELDS: Fields = Fields(&[
        Field::element("text", Node::Text(Name::new("text"))),
        Field::element("tag", Node::Text(Name::new("tag").prefix("t"))),
    ]);

    #[test]
    fn a_property_the_layout_does_not_name_fails_the_request() {
        let err = xml_body(&NOTE, &json!({"text": "a", "extra": 1})).unwrap_err();
        assert_eq!(
            err,
            "XML body: `note` has no place for its property `extra`"
        );
    }

    #[test]
    fn an_object_where_text_belongs_fails_the_request() {
        let err = xml_body(&NOTE, &json!({"text": {"a": 1}})).unwrap_err();
        assert_eq!(err, "XML body: `text` is not a scalar");
    }

    #[test]
    fn a_prefix_no_element_declares_fails_the_request() {
        let err = xml_body(&NOTE, &json!({"tag": "x"})).unwrap_err();
        assert_eq!(
            err,
            "XML body: `t:tag` has a prefix no enclosing element declares"
        );
    }
}
