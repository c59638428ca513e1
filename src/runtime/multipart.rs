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

    /// The part to send; `declared` is the spec's `encoding.contentType` for the field.
    /// A media type that is not one (`mime_str` refuses it) fails the request before it
    /// is sent.
    pub(crate) fn to_part(&self, declared: Option<&str>) -> Result<Part, String> {
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
pub(crate) fn text_part<T: Serialize>(value: &T) -> Result<Part, String> {
    let value = serde_json::to_value(value).map_err(|err| err.to_string())?;
    match value {
        serde_json::Value::String(text) => Ok(Part::text(text)),
        serde_json::Value::Object(_) | serde_json::Value::Array(_) => Part::text(value.to_string())
            .mime_str("application/json")
            .map_err(|err| err.to_string()),
        scalar => Ok(Part::text(scalar.to_string())),
    }
}

/// Each part of a `multipart/form-data` request as its headers and body, in order.
#[cfg(test)]
fn sent_parts(request: &wiremock::Request) -> Vec<String> {
    let media = super::loopback::content_type(request);
    let boundary = media
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{media}"));
    String::from_utf8_lossy(&request.body)
        .split(&format!("--{boundary}"))
        .map(|part| part.trim_start_matches("\r\n").to_owned())
        .filter(|part| !part.is_empty() && part != "--\r\n")
        .collect()
}

/// The generator's `request_media.yaml` fixture (output checked in and kept current by the
/// generator's `tests/media.rs`), over loopback: what each media type's method puts on the
/// wire. It sends XML too, so it needs the `xml` feature beside `multipart`.
#[cfg(all(test, feature = "xml"))]
#[rustfmt::skip]
#[allow(clippy::all, dead_code, unused_imports)]
#[path = "../../generator/tests/fixtures/generated/request_media.rs"]
mod fixture;

#[cfg(all(test, feature = "xml"))]
mod tests {
    use futures::TryStreamExt;
    use serde_json::json;
    use wiremock::{MockServer, ResponseTemplate};

    use super::fixture::{self as api, multipart, types};
    use super::sent_parts;
    use super::FilePart;
    use crate::runtime;
    use crate::runtime::loopback::{answering, connect, content_type, received};

    fn client(server: &MockServer) -> api::Client {
        let (base_url, http) = connect(server);
        api::Client::new_with_client(&base_url, http, runtime::Auth::anonymous())
    }

    fn pet() -> types::Pet {
        types::Pet {
            name: "Rex".into(),
            age: Some(3),
        }
    }

    #[tokio::test]
    async fn a_multipart_body_sends_one_part_per_field_with_files_named_and_typed() {
        let server =
            answering(ResponseTemplate::new(200).set_body_json(json!({"name": "Rex"}))).await;
        let parts = multipart::UploadPhotoParts {
            caption: "A cat".into(),
            photo: FilePart::new(b"\x89PNG-bytes".to_vec()).file_name("cat.png"),
            thumbnails: Some(vec![
                FilePart::new(&b"small"[..]).content_type("image/jpeg"),
                FilePart::new(&b"tiny"[..])
                    .file_name("t.gif")
                    .content_type("image/gif"),
            ]),
            tags: Some(vec!["indoor".into(), "calm".into()]),
            rank: Some(3),
            kind: Some(types::UploadPhotoPartKind::Portrait),
            owner: Some(pet()),
        };
        let answer = client(&server).upload_photo(7, &parts).await.unwrap();
        assert_eq!(answer.into_inner().name, "Rex");

        let request = received(&server).await;
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(request.url.path(), "/pets/7/photo");
        let expected = [
            "Content-Disposition: form-data; name=\"caption\"\r\n\r\nA cat\r\n",
            // The spec's `encoding.photo.contentType` when the caller sets none.
            "Content-Disposition: form-data; name=\"photo\"; filename=\"cat.png\"\r\nContent-Type: image/png\r\n\r\n\u{fffd}PNG-bytes\r\n",
            "Content-Disposition: form-data; name=\"thumbnails\"\r\nContent-Type: image/jpeg\r\n\r\nsmall\r\n",
            "Content-Disposition: form-data; name=\"thumbnails\"; filename=\"t.gif\"\r\nContent-Type: image/gif\r\n\r\ntiny\r\n",
            "Content-Disposition: form-data; name=\"tags\"\r\n\r\nindoor\r\n",
            "Content-Disposition: form-data; name=\"tags\"\r\n\r\ncalm\r\n",
            "Content-Disposition: form-data; name=\"rank\"\r\n\r\n3\r\n",
            "Content-Disposition: form-data; name=\"kind\"\r\n\r\nportrait\r\n",
            "Content-Disposition: form-data; name=\"owner\"\r\nContent-Type: application/json\r\n\r\n{\"name\":\"Rex\",\"age\":3}\r\n",
        ];
        assert_eq!(sent_parts(&request), expected);
    }

    #[tokio::test]
    async fn optional_parts_left_unset_are_not_sent() {
        let server =
            answering(ResponseTemplate::new(200).set_body_json(json!({"name": "Rex"}))).await;
        let parts = multipart::UploadPhotoParts {
            caption: "A cat".into(),
            photo: FilePart::new(&b"png"[..]),
            thumbnails: None,
            tags: None,
            rank: None,
            kind: None,
            owner: None,
        };
        client(&server).upload_photo(7, &parts).await.unwrap();
        let body = String::from_utf8_lossy(&received(&server).await.body).into_owned();
        assert_eq!(body.matches("Content-Disposition").count(), 2, "{body}");
        assert!(
            body.contains("name=\"photo\"\r\nContent-Type: image/png\r\n\r\npng\r\n"),
            "{body}"
        );
    }

    #[tokio::test]
    async fn a_file_part_media_type_that_is_none_fails_before_sending() {
        let server = answering(ResponseTemplate::new(200)).await;
        let parts = multipart::UploadPhotoParts {
            caption: "A cat".into(),
            photo: FilePart::new(&b"png"[..]).content_type("not a media type"),
            thumbnails: None,
            tags: None,
            rank: None,
            kind: None,
            owner: None,
        };
        let err = client(&server).upload_photo(7, &parts).await.unwrap_err();
        assert!(
            matches!(&err, progenitor_client::Error::InvalidRequest(why) if why.contains("not a media type")),
            "{err:?}"
        );
        assert!(server.received_requests().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn each_media_type_of_one_body_is_its_own_method_on_the_same_url() {
        let created = ResponseTemplate::new(201).set_body_json(json!({"name": "Rex", "age": 3}));

        let server = answering(created.clone()).await;
        let answer = client(&server).create_pet(&pet()).await.unwrap();
        assert_eq!(answer.into_inner(), pet());
        let request = received(&server).await;
        assert_eq!(content_type(&request), "application/json");
        assert_eq!(
            request.body_json::<serde_json::Value>().unwrap(),
            json!({"name": "Rex", "age": 3})
        );

        let server = answering(created.clone()).await;
        client(&server).create_pet_form(&pet()).await.unwrap();
        let request = received(&server).await;
        assert_eq!(request.url.path(), "/pets");
        assert_eq!(content_type(&request), "application/x-www-form-urlencoded");
        assert_eq!(request.body, b"name=Rex&age=3");

        // XML from the component's type, its name the root element.
        let server = answering(created).await;
        client(&server).create_pet_xml(&pet()).await.unwrap();
        let request = received(&server).await;
        assert_eq!(request.url.path(), "/pets");
        assert_eq!(request.url.fragment(), None);
        assert_eq!(content_type(&request), "application/xml");
        assert_eq!(request.body, b"<Pet><name>Rex</name><age>3</age></Pet>");
    }

    #[tokio::test]
    async fn a_copy_decodes_the_declared_errors_of_its_operation() {
        let server =
            answering(ResponseTemplate::new(400).set_body_json(json!({"title": "no name"}))).await;
        let Err(progenitor_client::Error::ErrorResponse(answer)) =
            client(&server).create_pet_xml(&pet()).await
        else {
            panic!("expected the declared 400 body");
        };
        assert_eq!(answer.into_inner().title, "no name");
    }

    #[tokio::test]
    async fn raw_and_text_bodies_carry_their_declared_media_type() {
        let server = answering(ResponseTemplate::new(204)).await;
        client(&server)
            .put_blob("a b", vec![0u8, 159, 146, 150])
            .await
            .unwrap();
        let request = received(&server).await;
        assert_eq!(request.url.path(), "/blobs/a%20b");
        // `*/*` names nothing to send: an octet stream.
        assert_eq!(content_type(&request), "application/octet-stream");
        assert_eq!(request.body, [0u8, 159, 146, 150]);

        // XML without a component to name its root: the caller's bytes.
        let server = answering(ResponseTemplate::new(204)).await;
        client(&server)
            .put_card(7, "<card><line>Hi</line></card>")
            .await
            .unwrap();
        let request = received(&server).await;
        assert_eq!(content_type(&request), "text/xml");
        assert_eq!(request.body, b"<card><line>Hi</line></card>");

        let server = answering(ResponseTemplate::new(204)).await;
        client(&server).patch_pet(7, &pet()).await.unwrap();
        let request = received(&server).await;
        assert_eq!(content_type(&request), "application/merge-patch+json");
        assert_eq!(
            request.body_json::<serde_json::Value>().unwrap(),
            json!({"name": "Rex", "age": 3})
        );

        let server = answering(ResponseTemplate::new(200).set_body_string("<h1>Hi</h1>")).await;
        client(&server)
            .render_markdown_markdown("# Hi".into())
            .await
            .unwrap();
        let request = received(&server).await;
        assert_eq!(content_type(&request), "text/x-markdown");
        assert_eq!(request.body, b"# Hi");
    }

    #[tokio::test]
    async fn an_octet_stream_response_is_a_byte_stream() {
        let server = answering(ResponseTemplate::new(200).set_body_bytes(vec![1u8, 2, 3])).await;
        let stream = client(&server).get_blob("a").await.unwrap().into_inner();
        let chunks = stream.into_inner().try_collect::<Vec<_>>().await.unwrap();
        assert_eq!(chunks.concat(), [1u8, 2, 3]);
    }
}

/// The generator's `multipart_composed.yaml` fixture (kept current by the generator's
/// `tests/media.rs`), over loopback: the parts of bodies whose schemas are compositions.
#[cfg(test)]
#[rustfmt::skip]
#[allow(clippy::all, dead_code, unused_imports)]
#[path = "../../generator/tests/fixtures/generated/multipart_composed.rs"]
mod composed_fixture;

#[cfg(test)]
mod composed_tests {
    use std::collections::BTreeMap;

    use serde_json::json;
    use wiremock::{MockServer, ResponseTemplate};

    use super::composed_fixture::{self as api, multipart, types};
    use super::sent_parts;
    use super::FilePart;
    use crate::runtime;
    use crate::runtime::loopback::{answering, connect, received};

    fn client(server: &MockServer) -> api::Client {
        let (base_url, http) = connect(server);
        api::Client::new_with_client(&base_url, http, runtime::Auth::anonymous())
    }

    fn text(name: &str, value: &str) -> String {
        format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
    }

    fn json_part(name: &str, value: serde_json::Value) -> String {
        format!(
            "Content-Disposition: form-data; name=\"{name}\"\r\nContent-Type: application/json\r\n\r\n{value}\r\n"
        )
    }

    #[tokio::test]
    async fn an_all_of_body_sends_the_parts_of_every_member_objects_as_json() {
        let server = answering(ResponseTemplate::new(204)).await;
        let parts = multipart::UpdateProfileParts {
            name: "Ada".into(),
            age: 36,
            address: Some(types::Address {
                city: "London".into(),
                zip: None,
            }),
            links: Some(vec![
                types::Link {
                    url: "https://a.example".into(),
                },
                types::Link {
                    url: "https://b.example".into(),
                },
            ]),
            avatar: FilePart::new(&b"png"[..]).file_name("ada.png"),
        };
        client(&server).update_profile(7, &parts).await.unwrap();
        let request = received(&server).await;
        assert_eq!(request.method.as_str(), "PUT");
        assert_eq!(request.url.path(), "/profiles/7");
        assert_eq!(
            sent_parts(&request),
            [
                text("name", "Ada"),
                text("age", "36"),
                // OpenAPI's default for an object part: JSON, `application/json`; an array
                // of objects is one such part per item.
                json_part("address", json!({"city": "London"})),
                json_part("links", json!({"url": "https://a.example"})),
                json_part("links", json!({"url": "https://b.example"})),
                "Content-Disposition: form-data; name=\"avatar\"; filename=\"ada.png\"\r\nContent-Type: image/png\r\n\r\npng\r\n".into(),
            ]
        );
    }

    #[tokio::test]
    async fn an_any_of_body_sends_the_parts_of_the_member_chosen_only() {
        let created = ResponseTemplate::new(200).set_body_json(json!({"code": "x1"}));

        let server = answering(created.clone()).await;
        let group = multipart::CreateInviteGroupInviteParts {
            max_age: Some(3600),
            audience: Some(types::CreateInviteGroupInvitePartAudience::Friends),
            target_users_file: None,
        };
        let answer = client(&server)
            .create_invite(5, &group.into())
            .await
            .unwrap();
        assert_eq!(answer.into_inner().code, "x1");
        let request = received(&server).await;
        assert_eq!(request.url.path(), "/channels/5/invites");
        assert_eq!(
            sent_parts(&request),
            [text("max_age", "3600"), text("audience", "friends")]
        );

        // The other member: its own parts, and the allOf's file part beside them.
        let server = answering(created).await;
        let guild =
            multipart::CreateInviteParts::GuildInvite(multipart::CreateInviteGuildInviteParts {
                max_age: None,
                max_uses: 10,
                audience: Some(types::CreateInviteGuildInvitePartAudience::Everyone),
                temporary: Some(true),
                role_ids: Some(types::CreateInvitePartRoleIds::Array(vec![
                    "1".into(),
                    "2".into(),
                ])),
                target_users_file: Some(FilePart::new(&b"1\n2\n"[..]).content_type("text/csv")),
            });
        client(&server).create_invite(5, &guild).await.unwrap();
        assert_eq!(
            sent_parts(&received(&server).await),
            [
                text("max_uses", "10"),
                text("audience", "everyone"),
                text("temporary", "true"),
                // One part of its own schema (a oneOf, not an array): JSON.
                json_part("role_ids", json!(["1", "2"])),
                "Content-Disposition: form-data; name=\"target_users_file\"\r\nContent-Type: text/csv\r\n\r\n1\n2\n\r\n".into(),
            ]
        );
    }

    #[tokio::test]
    async fn a_one_of_body_of_inline_members_sends_the_chosen_one() {
        let server = answering(ResponseTemplate::new(204)).await;
        let report = multipart::FileReportByLinkParts {
            url: "https://spam.example".into(),
            severity: Some(types::Severity::High),
            evidence: Some(vec![types::FileReportPartEvidenceItem {
                note: "seen twice".into(),
            }]),
        };
        client(&server).file_report(&report.into()).await.unwrap();
        assert_eq!(
            sent_parts(&received(&server).await),
            [
                text("url", "https://spam.example"),
                text("severity", "high"),
                json_part("evidence", json!({"note": "seen twice"})),
            ]
        );
    }

    #[tokio::test]
    async fn additional_properties_are_parts_named_by_their_keys() {
        let server = answering(ResponseTemplate::new(204)).await;
        let labels = multipart::SetLabelsParts {
            kind: "colour".into(),
            extra: BTreeMap::from([
                ("front".to_owned(), "red".to_owned()),
                ("back".to_owned(), "blue".to_owned()),
            ]),
        };
        client(&server).set_labels(3, &labels).await.unwrap();
        assert_eq!(
            sent_parts(&received(&server).await),
            [
                text("kind", "colour"),
                text("back", "blue"),
                text("front", "red"),
            ]
        );
    }
}

/// The generator's `multipart_caller_form.yaml` fixture (kept current by the generator's
/// `tests/media.rs`): bodies whose schema names no parts take the caller's form.
#[cfg(test)]
#[rustfmt::skip]
#[allow(clippy::all, dead_code, unused_imports)]
#[path = "../../generator/tests/fixtures/generated/multipart_caller_form.rs"]
mod caller_form_fixture;

#[cfg(test)]
mod caller_form_tests {
    use wiremock::ResponseTemplate;

    use super::caller_form_fixture as api;
    use super::sent_parts;
    use crate::runtime;
    use crate::runtime::loopback::{answering, connect, received};

    /// Jira's `columns` body, an array of strings: the caller's form goes out as it is,
    /// every part in its order, with reqwest's boundary in the `Content-Type`.
    #[tokio::test]
    async fn the_callers_form_is_sent_as_it_is() {
        let server = answering(ResponseTemplate::new(204)).await;
        let (base_url, http) = connect(&server);
        let client = api::Client::new_with_client(&base_url, http, runtime::Auth::anonymous());
        let form = reqwest::multipart::Form::new()
            .text("columns", "summary")
            .text("columns", "status");
        client.set_columns(3, form).await.unwrap();
        let request = received(&server).await;
        assert_eq!(request.url.path(), "/filter/3/columns");
        assert_eq!(
            sent_parts(&request),
            [
                "Content-Disposition: form-data; name=\"columns\"\r\n\r\nsummary\r\n",
                "Content-Disposition: form-data; name=\"columns\"\r\n\r\nstatus\r\n",
            ]
        );
    }
}
