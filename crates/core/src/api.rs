//! Bodies shared by the backend and its clients, so both sides agree on the wire format.

use serde::{Deserialize, Serialize};

/// The answer of `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"` when the server can reach its database.
    pub status: String,
    /// The server's version (its crate version).
    pub version: String,
}

/// The one JSON shape of every error the backend sends, so a client handles all of them the same
/// way. `code` is stable and machine-readable; `message` is for people and may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Golden: the error shape is part of the public API. A failure here is a format break.
    #[test]
    fn error_body_wire_form_is_frozen() {
        let body = ErrorBody {
            code: "not_found".into(),
            message: "no such route".into(),
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"code":"not_found","message":"no such route"}"#
        );
    }

    #[test]
    fn health_wire_form_is_frozen() {
        let h: Health = serde_json::from_str(r#"{"status":"ok","version":"0.1.0"}"#).unwrap();
        assert_eq!(h.status, "ok");
        assert_eq!(h.version, "0.1.0");
    }
}
