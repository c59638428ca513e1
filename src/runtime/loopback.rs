//! What the loopback tests of generated fixtures share (`multipart`, `xml`): a server
//! answering every request, the one request it received, and its media type.

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::runtime;

pub async fn answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// The base URL and HTTP client a generated `Client::new_with_client` takes.
pub fn connect(server: &MockServer) -> (String, reqwest::Client) {
    let runtime::Connection { base_url, http } = runtime::HttpConfig::default()
        .connect(&server.uri())
        .unwrap();
    (base_url, http)
}

pub async fn received(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

pub fn content_type(request: &Request) -> String {
    request.headers["content-type"].to_str().unwrap().to_owned()
}
