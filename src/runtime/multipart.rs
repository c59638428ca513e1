//! `multipart/form-data` request bodies.
//!
//! The generator emits, for each operation whose spec declares a multipart body, a parts
//! struct (module `multipart` of the generated file) whose file fields are [`FilePart`]s; its
//! `form()` builds the `reqwest::multipart::Form` with [`text_part`] for every other field.

use reqwest::multipart::Part;
use serde::Serialize;

/// One file of a multipart body: its bytes, and the file name and media type the server
/// is told (`Content-Disposition: form-data; name=".."; filename=".."`, `Content-Type`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePart {
    bytes: bytes::Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part with these bytes, no file name and the media type the spec declares for the
    /// field (its `encoding.contentType`), else `application/octet-stream`.
    pub fn new(bytes: impl Into<bytes::Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The `filename` the server is told.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's `Content-Type`, e.g. `image/png`.
    pub fn content_type(mut self, media: impl Into<String>) -> Self {
        self.content_type = Some(media.into());
        self
    }

    pub fn bytes(&self) -> &bytes::Bytes {
        &self.bytes
    }

    /// The part to send; `declared` is the spec's `encoding.contentType` for the field.
    /// A media type that is not one (`mime_str` refuses it) fails the request before it
    /// is sent.
    pub fn to_part(&self, declared: Option<&str>) -> Result<Part, String> {
        // Cloning `Bytes` shares the buffer; the part owns its own handle.
        let mut part = Part::stream(self.bytes.clone());
        if let Some(name) = &self.file_name {
            part = part.file_name(name.clone());
        }
        let media = self
            .content_type
            .as_deref()
            .or(declared)
            .unwrap_or("application/octet-stream");
        part.mime_str(media)
            .map_err(|err| format!("file part media type {media:?}: {err}"))
    }
}

/// A non-file field as its part: a string as it is, a number or boolean in its JSON
/// spelling, an object or array as JSON with `Content-Type: application/json` (the OpenAPI
/// default for such parts).
pub fn text_part<T: Serialize>(value: &T) -> Result<Part, String> {
    let value = serde_json::to_value(value).map_err(|err| err.to_string())?;
    match value {
        serde_json::Value::String(text) => Ok(Part::text(text)),
        serde_json::Value::Object(_) | serde_json::Value::Array(_) => {
            Part::text(value.to_string())
                .mime_str("application/json")
                .map_err(|err| err.to_string())
        }
        scalar => Ok(Part::text(scalar.to_string())),
    }
}
