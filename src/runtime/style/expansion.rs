//! RFC 6570's expansion of one variable, which OpenAPI's styles are defined by (`simple` is
//! `{x}`, `label` `{.x}`, `matrix` `{;x}`, `form` `{?x}`), with the delimiters of the styles
//! RFC 6570 has no operator for (`spaceDelimited`, `pipeDelimited`) and of cookies.

use super::shape::Shape;

/// How one style writes a value (RFC 6570 §3.2.1's operator table, one row).
pub(super) struct Expansion {
    /// Before the whole value: `.` for label, `;` for matrix.
    pub first: &'static str,
    /// Between the items of an exploded value: `,` simple, `.` label, `;` matrix, `&` form,
    /// `; ` cookie.
    pub separator: &'static str,
    /// Between the items of a value that is not exploded: `,`, or `%20` and `%7C`.
    pub delimiter: &'static str,
    /// Whether the value is written `name=value` (matrix, form, cookie).
    pub named: bool,
    /// Whether a named empty value keeps its `=` (form and cookie: `color=`; matrix: `;color`).
    pub empty_keeps_equals: bool,
}

pub(super) const SIMPLE: Expansion = Expansion {
    first: "",
    separator: ",",
    delimiter: ",",
    named: false,
    empty_keeps_equals: false,
};

pub(super) const LABEL: Expansion = Expansion {
    first: ".",
    separator: ".",
    delimiter: ",",
    named: false,
    empty_keeps_equals: false,
};

pub(super) const MATRIX: Expansion = Expansion {
    first: ";",
    separator: ";",
    delimiter: ",",
    named: true,
    empty_keeps_equals: false,
};

/// `form` as one query pair (`color=blue,black,brown`); exploded, each item its own pair.
pub(super) const FORM: Expansion = Expansion {
    first: "",
    separator: "&",
    delimiter: ",",
    named: true,
    empty_keeps_equals: true,
};

pub(super) const SPACE_DELIMITED: Expansion = Expansion {
    delimiter: "%20",
    ..FORM
};

pub(super) const PIPE_DELIMITED: Expansion = Expansion {
    delimiter: "%7C",
    ..FORM
};

/// `form` in a `Cookie` header: each pair a cookie, pairs joined as RFC 6265 joins cookies.
pub(super) const COOKIE: Expansion = Expansion {
    separator: "; ",
    ..FORM
};

impl Expansion {
    /// `shape` of parameter `name`, what stands before a `=` (the name, an exploded
    /// object's keys) passed through `encode_name`, every other text through `encode_text`.
    /// An empty array or object is undefined to RFC 6570 and writes nothing, as an absent one.
    pub fn write(
        &self,
        name: &str,
        shape: &Shape,
        explode: bool,
        encode_name: &dyn Fn(&str) -> String,
        encode_text: &dyn Fn(&str) -> String,
    ) -> String {
        let name = encode_name(name);
        let pair = |key: &str, text: &str| match (text.is_empty(), self.empty_keeps_equals) {
            (true, false) => key.to_owned(),
            _ => format!("{key}={text}"),
        };
        let items: Vec<String> = match shape {
            Shape::Absent => return String::new(),
            Shape::Array(items) if items.is_empty() => return String::new(),
            Shape::Object(members) if members.is_empty() => return String::new(),
            Shape::Scalar(text) if self.named => vec![pair(&name, &encode_text(text))],
            Shape::Scalar(text) => vec![encode_text(text)],
            Shape::Array(items) => {
                let items = items.iter().map(|item| encode_text(item));
                match (explode, self.named) {
                    (true, true) => items.map(|item| pair(&name, &item)).collect(),
                    _ => items.collect(),
                }
            }
            Shape::Object(members) => match explode {
                true => members
                    .iter()
                    .map(|(key, text)| pair(&encode_name(key), &encode_text(text)))
                    .collect(),
                false => members
                    .iter()
                    .flat_map(|(key, text)| [encode_text(key), encode_text(text)])
                    .collect(),
            },
        };
        let body = match (explode, shape) {
            (false, Shape::Array(_) | Shape::Object(_)) if self.named => {
                format!("{name}={}", items.join(self.delimiter))
            }
            (false, _) => items.join(self.delimiter),
            (true, _) => items.join(self.separator),
        };
        format!("{}{body}", self.first)
    }
}

/// `text` with every UTF-8 byte that `keep` refuses written `%XX`.
pub(super) fn percent_encode(text: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match keep(byte) {
            true => encoded.push(char::from(byte)),
            false => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// RFC 3986's unreserved characters, the only ones RFC 6570 leaves as they are in a path
/// or query expansion (OpenAPI's `allowReserved` aside): every delimiter of every style is
/// escaped inside a value.
pub(super) fn unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// A path or query expansion's encoding of `text`.
pub(super) fn uri_encode(text: &str) -> String {
    percent_encode(text, unreserved)
}
