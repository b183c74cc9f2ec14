//! Every endpoint's path, declared once: the server's routers, its OpenAPI description, the
//! contract test and the client all use these, so none can drift from the others. A `{name}`
//! segment is a path parameter (axum's and OpenAPI's syntax alike); [`with`] fills it in.

pub const HEALTHZ: &str = "/healthz";
pub const READYZ: &str = "/readyz";
pub const OPENAPI: &str = "/openapi.json";
/// Served on the metrics address (`--metrics-bind`), not the API's: not in [`ALL`].
pub const METRICS: &str = "/metrics";

pub const CATALOGUE: &str = "/api/v1/catalogue";
pub const IMAGE: &str = "/api/v1/images/{file}";
pub const ACTIVATE: &str = "/api/v1/activate";
pub const REFRESH: &str = "/api/v1/refresh";
pub const TRUST_LIST: &str = "/api/v1/trust-list";
pub const REVOCATION_LIST: &str = "/api/v1/revocation-list";
pub const LIST_KEYS: &str = "/api/v1/list-keys";
pub const LIST_KEY_ANNOUNCEMENTS: &str = "/api/v1/list-key-announcements";
pub const VENUE: &str = "/api/v1/venue";
pub const VISITS: &str = "/api/v1/visits";
pub const LIMIT_LIST: &str = "/api/v1/limit-list";
pub const CSP_REPORTS: &str = "/api/v1/csp-reports";

pub const AUTH: &str = "/api/v1/auth";
pub const AUTH_LOGIN: &str = "/api/v1/auth/login";
pub const AUTH_CALLBACK: &str = "/api/v1/auth/callback";
pub const AUTH_LOGOUT: &str = "/api/v1/auth/logout";

pub const ADMIN_ME: &str = "/api/v1/admin/me";
pub const ADMIN_OFFERS: &str = "/api/v1/admin/offers";
pub const ADMIN_OFFER: &str = "/api/v1/admin/offers/{id}";
pub const ADMIN_OFFER_IMAGE: &str = "/api/v1/admin/offers/{id}/image";
pub const ADMIN_OFFERS_IMPORT: &str = "/api/v1/admin/offers/import";
pub const ADMIN_CARDS: &str = "/api/v1/admin/cards";
pub const ADMIN_CARD: &str = "/api/v1/admin/cards/{id}";
pub const ADMIN_CARD_DATA: &str = "/api/v1/admin/cards/{id}/data";
pub const ADMIN_CARD_REISSUE: &str = "/api/v1/admin/cards/{id}/reissue";
pub const ADMIN_CARD_REVOKE: &str = "/api/v1/admin/cards/{id}/revoke";
pub const ADMIN_LETTERS: &str = "/api/v1/admin/letters";
pub const ADMIN_VENUE_KEYS: &str = "/api/v1/admin/venue-keys";
pub const ADMIN_VENUE_KEY: &str = "/api/v1/admin/venue-keys/{id}";
pub const ADMIN_AUDIT: &str = "/api/v1/admin/audit";
pub const ADMIN_STATS: &str = "/api/v1/admin/stats";
pub const ADMIN_STATS_CSV: &str = "/api/v1/admin/stats.csv";
pub const ADMIN_STATS_PERIODS: &str = "/api/v1/admin/stats/periods";
pub const ADMIN_CATEGORY_RULES: &str = "/api/v1/admin/category-rules";
pub const ADMIN_OFFER_TERMS: &str = "/api/v1/admin/offer-terms";
pub const ADMIN_OFFER_SET_TERMS: &str = "/api/v1/admin/offers/{id}/terms";
pub const ADMIN_OFFER_APPROVE: &str = "/api/v1/admin/offers/{id}/approve";
pub const ADMIN_PROVIDERS: &str = "/api/v1/admin/providers";
pub const ADMIN_PROVIDER: &str = "/api/v1/admin/providers/{id}";
pub const ADMIN_PROVIDER_SETTLEMENT: &str = "/api/v1/admin/providers/{id}/settlement";
pub const ADMIN_PROVIDER_KEY: &str = "/api/v1/admin/providers/{id}/key";

pub const PROVIDER_ME: &str = "/api/v1/provider/me";
pub const PROVIDER_OFFERS: &str = "/api/v1/provider/offers";
pub const PROVIDER_OFFER: &str = "/api/v1/provider/offers/{id}";
pub const PROVIDER_VISITS: &str = "/api/v1/provider/visits";
pub const PROVIDER_SETTLEMENT: &str = "/api/v1/provider/settlement";
pub const PROVIDER_SETTLEMENT_CSV: &str = "/api/v1/provider/settlement.csv";

/// Every endpoint, for the contract test that checks the router and the OpenAPI description
/// against each other.
pub const ALL: &[&str] = &[
    HEALTHZ,
    READYZ,
    OPENAPI,
    CATALOGUE,
    IMAGE,
    ACTIVATE,
    REFRESH,
    TRUST_LIST,
    REVOCATION_LIST,
    LIST_KEYS,
    LIST_KEY_ANNOUNCEMENTS,
    AUTH,
    AUTH_LOGIN,
    AUTH_CALLBACK,
    AUTH_LOGOUT,
    VENUE,
    VISITS,
    LIMIT_LIST,
    CSP_REPORTS,
    ADMIN_ME,
    ADMIN_OFFERS,
    ADMIN_OFFER,
    ADMIN_OFFER_IMAGE,
    ADMIN_OFFERS_IMPORT,
    ADMIN_CARDS,
    ADMIN_CARD,
    ADMIN_CARD_DATA,
    ADMIN_CARD_REISSUE,
    ADMIN_CARD_REVOKE,
    ADMIN_LETTERS,
    ADMIN_VENUE_KEYS,
    ADMIN_VENUE_KEY,
    ADMIN_AUDIT,
    ADMIN_STATS,
    ADMIN_STATS_CSV,
    ADMIN_STATS_PERIODS,
    ADMIN_CATEGORY_RULES,
    ADMIN_OFFER_TERMS,
    ADMIN_OFFER_SET_TERMS,
    ADMIN_OFFER_APPROVE,
    ADMIN_PROVIDERS,
    ADMIN_PROVIDER,
    ADMIN_PROVIDER_SETTLEMENT,
    ADMIN_PROVIDER_KEY,
    PROVIDER_ME,
    PROVIDER_OFFERS,
    PROVIDER_OFFER,
    PROVIDER_VISITS,
    PROVIDER_SETTLEMENT,
    PROVIDER_SETTLEMENT_CSV,
];

/// `path` with its one `{parameter}` replaced by `value`, percent-encoded where a path segment
/// needs it (ids here are hex digits and slugs, so mostly nothing changes).
pub fn with(path: &str, value: &str) -> String {
    let (Some(open), Some(close)) = (path.find('{'), path.find('}')) else {
        return path.to_owned();
    };
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                encoded.push(byte as char)
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    format!("{}{encoded}{}", &path[..open], &path[close + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_is_filled_in_and_encoded() {
        assert_eq!(
            with(ADMIN_CARD_REVOKE, "0123456789abcdef"),
            "/api/v1/admin/cards/0123456789abcdef/revoke"
        );
        assert_eq!(with(ADMIN_OFFER, "a b/c"), "/api/v1/admin/offers/a%20b%2Fc");
        assert_eq!(with(CATALOGUE, "x"), CATALOGUE);
    }

    #[test]
    fn every_path_is_listed_once_and_is_absolute() {
        let mut seen = std::collections::BTreeSet::new();
        for path in ALL {
            assert!(path.starts_with('/'), "{path}");
            assert!(seen.insert(*path), "{path} twice");
        }
    }
}
