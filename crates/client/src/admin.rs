//! The municipality's admin API as the admin screens use it: offers, cards and their letters,
//! venue keys, visit rules, providers and statistics, each call made with the admin key; and a
//! provider's own API (its offers, visit counts and settlement) with a provider key, through the
//! same screens. Nothing here is stored: the key lives only as long as the session, and never in
//! the phone's store.

use std::fmt;

use crate::http::Method;
use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::api::{
    AdminKeyInfo, AuditPage, CardData, CardErased, CardSummary, CreateProviderRequest,
    CreateVenueKeyRequest, ErrorDetail, ImportReport, IssueCardRequest, IssuedCard, LetterRequest,
    LettersRequest, OfferTerms, ProviderCreated, ProviderInfo, ProviderOffers, ProviderSummary,
    ProviderVisits, SetOfferTerms, Settlement, SignInOptions, StaffRole, StatPeriods,
    VenueKeyCreated, VenueKeySummary,
};
use aktivitetskortet_core::offer::Offer;
use aktivitetskortet_core::stats::{Period, Report};
use aktivitetskortet_core::visit_rule::CategoryRule;

use crate::http::{Backend, Fetched, HttpError};

/// Why an admin call failed; each says what the admin can do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdminError {
    #[error("the admin key is not valid (mistyped, or withdrawn)")]
    Unauthorized,
    #[error("no connection to the server")]
    Offline,
    /// The data was refused; `details` name the fields (and lines of a file).
    #[error("{message}")]
    Invalid {
        message: String,
        details: Vec<ErrorDetail>,
    },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NotFound(String),
    #[error("the server refused: {0}")]
    Server(String),
    #[error("the server's answer could not be read: {0}")]
    BadResponse(String),
}

impl From<HttpError> for AdminError {
    fn from(e: HttpError) -> Self {
        match e {
            HttpError::Network(_) => AdminError::Offline,
            HttpError::BadResponse(why) => AdminError::BadResponse(why),
            HttpError::Api { status, body } => match status {
                401 | 403 => AdminError::Unauthorized,
                404 => AdminError::NotFound(body.message),
                409 => AdminError::Conflict(body.message),
                _ if !body.details.is_empty() || status == 422 => AdminError::Invalid {
                    message: body.message,
                    details: body.details,
                },
                _ => AdminError::Server(body.message),
            },
        }
    }
}

/// Which kind of file an offer import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Csv,
    Json,
}

/// The admin API with one admin key. `Debug` does not show the key.
#[derive(Clone)]
pub struct AdminClient {
    backend: Backend,
    key: String,
    /// A provider's signed-in person (a provider's key says so by its prefix).
    provider_session: bool,
}

impl fmt::Debug for AdminClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminClient { key: <redacted> }")
    }
}

impl PartialEq for AdminClient {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key && self.provider_session == other.provider_session
    }
}

impl AdminClient {
    pub fn new(backend: Backend, key: &str) -> AdminClient {
        AdminClient {
            backend,
            key: key.trim().to_owned(),
            provider_session: false,
        }
    }

    /// A member of staff signed in with the identity provider: the browser's session cookie
    /// and its CSRF token instead of a key. `role` Provider for a provider's people.
    pub fn signed_in(backend: Backend, csrf: &str, role: StaffRole) -> AdminClient {
        AdminClient {
            backend: backend.with_csrf(csrf),
            key: String::new(),
            provider_session: role == StaffRole::Provider,
        }
    }

    /// Whether this is a key's client (else a signed-in person's).
    pub fn has_key(&self) -> bool {
        !self.key.is_empty()
    }

    /// Whether the key is a provider's (`ak_provider_…`), or the signed-in person a provider's:
    /// the offers calls then go to the provider's own API, which knows only its offers.
    pub fn is_provider(&self) -> bool {
        self.provider_session || self.key.starts_with("ak_provider_")
    }

    /// The key, for keeping it in the browser's session.
    pub fn key(&self) -> &str {
        &self.key
    }

    fn bearer(&self) -> Option<&str> {
        self.has_key().then_some(self.key.as_str())
    }

    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl serde::Serialize>,
    ) -> Result<T, AdminError> {
        Ok(self
            .backend
            .send_json(method, path, self.bearer(), body)
            .await?)
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T, AdminError> {
        match self.backend.get_json(path, self.bearer()).await? {
            Fetched::Body(body) => Ok(body),
            Fetched::NotModified => Err(AdminError::BadResponse("an unexpected 304".into())),
        }
    }

    /// Checks the key (signing in): `Unauthorized` when it is neither an admin key nor a
    /// provider key.
    pub async fn check(&self) -> Result<(), AdminError> {
        if self.key.is_empty() || self.key.chars().any(char::is_whitespace) {
            return Err(AdminError::Unauthorized);
        }
        if self.is_provider() {
            return self.provider_me().await.map(drop);
        }
        self.venue_keys().await.map(drop)
    }

    /// The offers: every one for the municipality, its own for a provider.
    pub async fn offers(&self) -> Result<Vec<Offer>, AdminError> {
        if self.is_provider() {
            return Ok(self.provider_offers().await?.offers);
        }
        self.get(paths::ADMIN_OFFERS).await
    }

    pub async fn create_offer(&self, offer: &Offer) -> Result<Offer, AdminError> {
        let path = if self.is_provider() {
            paths::PROVIDER_OFFERS
        } else {
            paths::ADMIN_OFFERS
        };
        self.call(Method::POST, path, Some(offer)).await
    }

    pub async fn update_offer(&self, offer: &Offer) -> Result<Offer, AdminError> {
        let template = if self.is_provider() {
            paths::PROVIDER_OFFER
        } else {
            paths::ADMIN_OFFER
        };
        self.call(Method::PUT, &paths::with(template, &offer.id), Some(offer))
            .await
    }

    /// The provider of this (provider) key.
    pub async fn provider_me(&self) -> Result<ProviderInfo, AdminError> {
        self.get(paths::PROVIDER_ME).await
    }

    /// A provider's own offers, those waiting for approval named.
    pub async fn provider_offers(&self) -> Result<ProviderOffers, AdminError> {
        self.get(paths::PROVIDER_OFFERS).await
    }

    /// A provider's visits and children per offer and closed month of `year`.
    pub async fn provider_visits(&self, year: i32) -> Result<ProviderVisits, AdminError> {
        self.get(&format!("{}?year={year}", paths::PROVIDER_VISITS))
            .await
    }

    /// A settlement for `period` (`2026-11` or `2026`): a provider's own, or, for the
    /// municipality, `provider`'s.
    pub async fn settlement(
        &self,
        provider: Option<i64>,
        period: &str,
    ) -> Result<Settlement, AdminError> {
        let path = match provider {
            Some(id) => paths::with(paths::ADMIN_PROVIDER_SETTLEMENT, &id.to_string()),
            None => paths::PROVIDER_SETTLEMENT.to_owned(),
        };
        self.get(&format!("{path}?period={period}")).await
    }

    /// Every category's visit rule.
    pub async fn category_rules(&self) -> Result<Vec<CategoryRule>, AdminError> {
        self.get(paths::ADMIN_CATEGORY_RULES).await
    }

    /// Replaces every category's visit rule; the rules as saved.
    pub async fn set_category_rules(
        &self,
        rules: &[CategoryRule],
    ) -> Result<Vec<CategoryRule>, AdminError> {
        self.call(Method::PUT, paths::ADMIN_CATEGORY_RULES, Some(&rules))
            .await
    }

    /// Every offer's provider, refund and approval.
    pub async fn offer_terms(&self) -> Result<Vec<OfferTerms>, AdminError> {
        self.get(paths::ADMIN_OFFER_TERMS).await
    }

    pub async fn set_offer_terms(&self, id: &str, terms: &SetOfferTerms) -> Result<(), AdminError> {
        let path = paths::with(paths::ADMIN_OFFER_SET_TERMS, id);
        self.call(Method::PUT, &path, Some(terms)).await
    }

    /// Publishes a provider's offer that waits for approval.
    pub async fn approve_offer(&self, id: &str) -> Result<(), AdminError> {
        let path = paths::with(paths::ADMIN_OFFER_APPROVE, id);
        self.call(Method::POST, &path, None::<&()>).await
    }

    pub async fn providers(&self) -> Result<Vec<ProviderSummary>, AdminError> {
        self.get(paths::ADMIN_PROVIDERS).await
    }

    pub async fn create_provider(&self, name: &str) -> Result<ProviderCreated, AdminError> {
        let request = CreateProviderRequest {
            name: name.to_owned(),
        };
        self.call(Method::POST, paths::ADMIN_PROVIDERS, Some(&request))
            .await
    }

    pub async fn revoke_provider(&self, id: i64) -> Result<(), AdminError> {
        let path = paths::with(paths::ADMIN_PROVIDER, &id.to_string());
        self.call(Method::DELETE, &path, None::<&()>).await
    }

    /// A new key for provider `id` (shown once); its old key stops working.
    pub async fn new_provider_key(&self, id: i64) -> Result<ProviderCreated, AdminError> {
        let path = paths::with(paths::ADMIN_PROVIDER_KEY, &id.to_string());
        self.call(Method::POST, &path, None::<&()>).await
    }

    pub async fn delete_offer(&self, id: &str) -> Result<(), AdminError> {
        let path = paths::with(paths::ADMIN_OFFER, id);
        self.call(Method::DELETE, &path, None::<&()>).await
    }

    /// Imports offers from a file: all of them, or none (the error then names every line).
    pub async fn import_offers(
        &self,
        text: &str,
        format: ImportFormat,
    ) -> Result<ImportReport, AdminError> {
        let content_type = match format {
            ImportFormat::Csv => "text/csv; charset=utf-8",
            ImportFormat::Json => "application/json",
        };
        Ok(self
            .backend
            .post_bytes(
                paths::ADMIN_OFFERS_IMPORT,
                self.bearer(),
                content_type,
                text.as_bytes().to_vec(),
            )
            .await?)
    }

    /// Uploads an offer's picture (PNG or JPEG); the offer with its new thumbnail.
    pub async fn upload_image(
        &self,
        offer_id: &str,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<Offer, AdminError> {
        let path = paths::with(paths::ADMIN_OFFER_IMAGE, offer_id);
        Ok(self
            .backend
            .post_bytes(&path, self.bearer(), content_type, bytes)
            .await?)
    }

    pub async fn cards(&self) -> Result<Vec<CardSummary>, AdminError> {
        self.get(paths::ADMIN_CARDS).await
    }

    pub async fn issue_card(&self, request: &IssueCardRequest) -> Result<IssuedCard, AdminError> {
        self.call(Method::POST, paths::ADMIN_CARDS, Some(request))
            .await
    }

    /// A new code and letter for a card (a lost phone or letter).
    pub async fn reissue(&self, card_id: &str) -> Result<IssuedCard, AdminError> {
        let path = paths::with(paths::ADMIN_CARD_REISSUE, card_id);
        self.call(Method::POST, &path, None::<&()>).await
    }

    pub async fn revoke(&self, card_id: &str) -> Result<(), AdminError> {
        let path = paths::with(paths::ADMIN_CARD_REVOKE, card_id);
        self.call(Method::POST, &path, None::<&()>).await
    }

    /// The printable letters (one HTML page, a sheet each).
    pub async fn letters(&self, letters: &[LetterRequest]) -> Result<String, AdminError> {
        let body = LettersRequest {
            letters: letters.to_vec(),
        };
        Ok(self
            .backend
            .text(paths::ADMIN_LETTERS, self.bearer(), Some(&body))
            .await?)
    }

    pub async fn venue_keys(&self) -> Result<Vec<VenueKeySummary>, AdminError> {
        self.get(paths::ADMIN_VENUE_KEYS).await
    }

    pub async fn create_venue_key(
        &self,
        request: &CreateVenueKeyRequest,
    ) -> Result<VenueKeyCreated, AdminError> {
        self.call(Method::POST, paths::ADMIN_VENUE_KEYS, Some(request))
            .await
    }

    pub async fn revoke_venue_key(&self, id: i64) -> Result<(), AdminError> {
        let path = paths::with(paths::ADMIN_VENUE_KEY, &id.to_string());
        self.call(Method::DELETE, &path, None::<&()>).await
    }

    /// Everything the server holds about one card (a family's request for insight).
    pub async fn card_data(&self, card_id: &str) -> Result<CardData, AdminError> {
        self.get(&paths::with(paths::ADMIN_CARD_DATA, card_id))
            .await
    }

    /// Erases a card on the family's request: revoked, its personal data deleted.
    pub async fn erase_card(&self, card_id: &str) -> Result<CardErased, AdminError> {
        let path = paths::with(paths::ADMIN_CARD, card_id);
        self.call(Method::DELETE, &path, None::<&()>).await
    }

    /// The admin key in use: who it is for and until when it works.
    pub async fn me(&self) -> Result<AdminKeyInfo, AdminError> {
        self.get(paths::ADMIN_ME).await
    }

    /// Whether the server has an identity provider to sign in with.
    pub async fn sign_in_options(backend: &Backend) -> Result<SignInOptions, AdminError> {
        match backend.get_json(paths::AUTH, None).await? {
            Fetched::Body(body) => Ok(body),
            Fetched::NotModified => Err(AdminError::BadResponse("an unexpected 304".into())),
        }
    }

    /// The person the browser's session cookie names, if signed in with the identity
    /// provider; their client (with the CSRF token) and who they are.
    pub async fn from_session(backend: Backend) -> Result<(AdminClient, AdminKeyInfo), AdminError> {
        let me: AdminKeyInfo = match backend.get_json(paths::ADMIN_ME, None).await? {
            Fetched::Body(body) => body,
            Fetched::NotModified => {
                return Err(AdminError::BadResponse("an unexpected 304".into()));
            }
        };
        let csrf = me.csrf_token.clone().ok_or(AdminError::Unauthorized)?;
        Ok((AdminClient::signed_in(backend, &csrf, me.role), me))
    }

    /// Ends a signed-in person's session at the server (a key has none to end).
    pub async fn sign_out(&self) -> Result<(), AdminError> {
        if self.has_key() {
            return Ok(());
        }
        Ok(self.backend.post_empty(paths::AUTH_LOGOUT, None).await?)
    }

    /// A page of the audit log, newest first; `before` is the last page's `next_before`.
    pub async fn audit(&self, before: Option<i64>) -> Result<AuditPage, AdminError> {
        match before {
            Some(id) => {
                self.get(&format!("{}?before={id}", paths::ADMIN_AUDIT))
                    .await
            }
            None => self.get(paths::ADMIN_AUDIT).await,
        }
    }

    /// The statistics of a closed quarter or year.
    pub async fn stats(&self, period: Period) -> Result<Report, AdminError> {
        self.get(&format!("{}?period={period}", paths::ADMIN_STATS))
            .await
    }

    /// The periods whose statistics can be read, and the next to close.
    pub async fn stat_periods(&self) -> Result<StatPeriods, AdminError> {
        self.get(paths::ADMIN_STATS_PERIODS).await
    }

    /// The same statistics as CSV, for a spreadsheet.
    pub async fn stats_csv(&self, period: Period) -> Result<String, AdminError> {
        Ok(self
            .backend
            .text(
                &format!("{}?period={period}", paths::ADMIN_STATS_CSV),
                self.bearer(),
                None::<&()>,
            )
            .await?)
    }
}
