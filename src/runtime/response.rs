//! Turning what a generated operation returned into a value, a response to judge, or a
//! typed error.

use bytes::Bytes;
use progenitor_client::ResponseValue;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::error::Error;
use super::redact::Redactor;
use super::token::LoginError;

/// What a generated operation returns: its success, or progenitor's error carrying `G`, the
/// operation's declared error bodies decoded by status (`()` when it declares none).
pub type Generated<T, G = ()> = Result<ResponseValue<T>, progenitor_client::Error<G>>;

/// A response that is not the operation's documented success.
pub(crate) struct Rejection<E> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body, unless the generated operation decoded it into `declared`.
    pub body: Bytes,
    /// The error body the spec declares for this status, decoded.
    pub declared: Option<E>,
}

/// Splits progenitor's error into "the server answered" (kept for retry decisions) and
/// failures that end the call at once.
/// `payload` turns the operation's decoded declared error into the caller's payload type.
pub(crate) async fn rejection<G, E, P>(
    operation: &'static str,
    redactor: &Redactor,
    err: progenitor_client::Error<G>,
    payload: impl FnOnce(G) -> Option<P>,
) -> Result<Rejection<P>, Error<E>> {
    use progenitor_client::Error as P;
    match err {
        P::UnexpectedResponse(response) => {
            let status = response.status();
            let headers = response.headers().clone();
            let body = response
                .bytes()
                .await
                .map_err(|err| Error::from_reqwest(operation, err))?;
            Ok(Rejection {
                status,
                headers,
                body,
                declared: None,
            })
        }
        P::ErrorResponse(value) => Ok(Rejection {
            status: value.status(),
            headers: value.headers().clone(),
            body: Bytes::new(),
            declared: payload(value.into_inner()),
        }),
        P::CommunicationError(err) | P::ResponseBodyError(err) | P::InvalidUpgrade(err) => {
            Err(Error::from_reqwest(operation, err))
        }
        P::InvalidResponsePayload(body, err) => Err(Error::Decode {
            operation,
            message: redactor.scrub(&err.to_string()),
            snippet: redactor.snippet(&body),
        }),
        P::InvalidRequest(reason) | P::Custom(reason) => Err(Error::InvalidRequest {
            operation,
            field: "request".into(),
            reason: redactor.scrub(&reason),
        }),
    }
}

/// The vendor's verdict on a failed login: its error code (if any) and message.
pub struct LoginRefusal {
    pub code: Option<String>,
    pub message: String,
}

/// Finishes a login request. 401 and 403 are authentication failures; `refusal` recognises
/// the vendor's own "wrong credentials" answer among the error bodies the login declares
/// (SiS's 400 `invalid_grant`); anything else is reported as it came.
pub async fn login_response<T, G>(
    operation: &'static str,
    redactor: &Redactor,
    sent: Generated<T, G>,
    refusal: impl FnOnce(StatusCode, G) -> Option<LoginRefusal>,
) -> Result<T, LoginError> {
    let err = match sent {
        Ok(value) => return Ok(value.into_inner()),
        Err(err) => err,
    };
    let Rejection {
        status,
        body,
        declared,
        ..
    } = rejection(operation, redactor, err, Some).await?;
    Err(login_failure(
        operation,
        redactor,
        status,
        &body,
        |status, _| refusal(status, declared?),
    ))
}

/// The error for a login the vendor answered with `status` and `body`: its own refusal if
/// `refusal` recognises one, 401/403 as authentication failures, anything else as it came.
/// Shared by generated logins and the OAuth2 refresh grant.
pub(crate) fn login_failure(
    operation: &'static str,
    redactor: &Redactor,
    status: StatusCode,
    body: &[u8],
    refusal: impl FnOnce(StatusCode, &[u8]) -> Option<LoginRefusal>,
) -> LoginError {
    if let Some(LoginRefusal { code, message }) = refusal(status, body) {
        return Error::Authentication {
            operation,
            status: Some(status),
            code,
            message: redactor.scrub(&message),
        };
    }
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Error::Authentication {
            operation,
            status: Some(status),
            code: None,
            message: redactor.snippet(body),
        },
        _ => Error::UnexpectedStatus {
            operation,
            status,
            snippet: redactor.snippet(body),
        },
    }
}
