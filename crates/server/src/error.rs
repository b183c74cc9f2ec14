//! The one error type handlers return, and its one JSON shape on the wire.

use aktivitetskortet_core::api::{ErrorBody, ErrorDetail};
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::store::DbError;

/// An error a handler returns. Client errors say what was wrong; internal errors are logged here
/// with their cause and sent as a bare "internal error", so no detail of the server leaks out.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request itself is wrong (bad JSON, a wrong type, a bad value).
    #[error("{message}")]
    BadRequest {
        code: &'static str,
        message: String,
        details: Vec<ErrorDetail>,
    },
    /// A request the rules turn down for a reason worth counting apart (the metrics' `reason`
    /// label): a refresh whose presentation is not valid, say. On the wire it is `code`.
    #[error("{message}")]
    Refused {
        code: &'static str,
        reason: &'static str,
        message: String,
    },
    /// Data that parsed but breaks a rule (an offer without a title, an import with bad lines).
    #[error("{message}")]
    Invalid {
        message: String,
        details: Vec<ErrorDetail>,
    },
    /// No key, or a key that is not (or no longer) valid.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// Signed in, but the role does not allow this (or a state-changing request without the
    /// session's CSRF token).
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// The body is over the endpoint's limit (2 MiB for JSON and imports, 10 MiB for images).
    #[error("the request body is larger than this endpoint accepts (2 MiB; images 10 MiB)")]
    TooLarge,
    #[error("too many attempts; try again in {0} seconds")]
    TooManyRequests(u64),
    #[error("internal error: {0}")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            code,
            message: message.into(),
            details: Vec::new(),
        }
    }

    pub fn invalid(message: impl Into<String>, details: Vec<ErrorDetail>) -> ApiError {
        ApiError::Invalid {
            message: message.into(),
            details,
        }
    }
}

/// Why a request failed, as the metrics count it: the error's code, or the finer reason of a
/// [`ApiError::Refused`]. Set on every error response; never a card id or anything personal.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ErrorReason(pub(crate) &'static str);

impl From<DbError> for ApiError {
    fn from(err: DbError) -> Self {
        ApiError::Internal(err.into())
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        ApiError::Internal(err.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut retry_after = None;
        let mut reason = None;
        let (status, code, message, details) = match self {
            ApiError::Refused {
                code,
                reason: why,
                message,
            } => {
                reason = Some(why);
                (StatusCode::BAD_REQUEST, code, message, vec![])
            }
            ApiError::BadRequest {
                code,
                message,
                details,
            } => (StatusCode::BAD_REQUEST, code, message, details),
            ApiError::Invalid { message, details } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                message,
                details,
            ),
            ApiError::Unauthorized(message) => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                message.to_owned(),
                vec![],
            ),
            ApiError::Forbidden(message) => (
                StatusCode::FORBIDDEN,
                "forbidden",
                message.to_owned(),
                vec![],
            ),
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", message, vec![]),
            ApiError::Conflict(message) => (StatusCode::CONFLICT, "conflict", message, vec![]),
            err @ ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                err.to_string(),
                vec![],
            ),
            err @ ApiError::TooManyRequests(seconds) => {
                retry_after = Some(seconds);
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_requests",
                    err.to_string(),
                    vec![],
                )
            }
            ApiError::Internal(err) => {
                tracing::error!(error = format!("{err:#}"), "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error; it has been logged".to_owned(),
                    vec![],
                )
            }
        };
        let reason = ErrorReason(reason.unwrap_or(code));
        let body = ErrorBody {
            code: code.to_owned(),
            message,
            details,
        };
        let mut response = (status, Json(body)).into_response();
        response.extensions_mut().insert(reason);
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Unknown paths under `/api` answer in the API's error shape, not with the web app's page.
pub(crate) async fn api_not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::NotFound(format!("no API endpoint at {}", uri.path()))
}
