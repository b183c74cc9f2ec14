//! `GET /openapi.json`: the API's OpenAPI 3.1 description, built from the core's wire types.

use aktivitetskortet_core::api::{
    ActivateRequest, AdminKeyInfo, AtLimit, AuditEntry, AuditPage, CardData, CardErased,
    CardSummary, CatalogueResponse, CheckIn, CheckInBatch, CheckInReceipt, CheckInRefusal,
    CodeRecord, CreateProviderRequest, CreateVenueKeyRequest, CredentialRecord, CredentialResponse,
    ErrorBody, ErrorDetail, Health, ImportReport, IssueCardRequest, IssuedCard, LetterRequest,
    LettersRequest, OfferTerms, ProviderCreated, ProviderInfo, ProviderOffers, ProviderSummary,
    ProviderVisitRow, ProviderVisits, Readiness, RefreshRequest, RefusalRecord, RefusedCheckIn,
    SetOfferTerms, Settlement, SettlementRow, SettlementTotal, SignInOptions, StaffRole,
    StatPeriods, VenueInfo, VenueKeyCreated, VenueKeySummary, VisitCount, VisitRecord,
};
use aktivitetskortet_core::calendar::{Date, Time, Weekday};
use aktivitetskortet_core::district::District;
use aktivitetskortet_core::offer::{
    Accessibility, Booking, Category, FieldError, GeoPoint, Occurrence, Offer, Schedule, Season,
    Text, WeeklySlot,
};
use aktivitetskortet_core::stats::{Cell, Period, Report, Row};
use aktivitetskortet_core::token::CompanionRule;
use aktivitetskortet_core::visit_rule::{CategoryRule, Limit, Per, Scope, VisitRule};
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr, Required, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

use aktivitetskortet_core::api::paths as api_paths;

use crate::AppState;

pub(crate) fn router() -> Router<AppState> {
    Router::new().route(api_paths::OPENAPI, get(openapi_json))
}

/// The document, serialised once: it depends on nothing but the build.
fn document() -> &'static str {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .expect("the OpenAPI document serialises")
    })
}

async fn openapi_json() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], document())
}

const DESCRIPTION: &str = "\
The backend of Aktivitetskortet, Bergen kommune's activity card for children and youths: the \
offer catalogue the app syncs, card activation and credential refresh, the signed trust and \
revocation lists venues verify cards with, check-in uploads from venues, and the administration \
of offers, cards, venue keys and usage statistics.

**Keys.** `/api/v1/admin/*` needs an admin key (or a staff member's session), `/api/v1/venue`, \
`/api/v1/visits` and `/api/v1/limit-list` a venue key, and `/api/v1/provider/*` a provider key, \
each sent as `Authorization: Bearer <key>`. Everything else is public.

**Errors.** Every error answer of the API is JSON in one shape, `ErrorBody`: a stable, \
machine-readable `code`, a `message` for people, and for invalid data `details` naming the field \
and/or line. Unknown paths under `/api` answer 404 in that shape too.

**Wire forms.** Binary values (keys, credentials) are standard Base64 with padding; card ids 16 \
lower-case hex digits; times Unix seconds; dates `YYYY-MM-DD`; clock times `HH:MM`. JSON bodies \
may be at most 2 MiB.";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Aktivitetskortet API",
        version = env!("CARGO_PKG_VERSION"),
        description = DESCRIPTION,
    ),
    paths(
        operations::healthz,
        operations::readyz,
        operations::openapi_json,
        operations::catalogue,
        operations::image,
        operations::activate,
        operations::refresh,
        operations::trust_list,
        operations::revocation_list,
        operations::list_keys,
        operations::list_key_announcements,
        operations::csp_report,
        operations::venue,
        operations::upload_visits,
        operations::issue_card,
        operations::list_cards,
        operations::reissue_card,
        operations::revoke_card,
        operations::letters,
        operations::list_offers,
        operations::create_offer,
        operations::import_offers,
        operations::update_offer,
        operations::delete_offer,
        operations::upload_image,
        operations::create_venue_key,
        operations::list_venue_keys,
        operations::revoke_venue_key,
        operations::stats,
        operations::stats_csv,
        operations::stat_periods,
        operations::admin_me,
        operations::sign_in_options,
        operations::sign_in,
        operations::sign_in_callback,
        operations::sign_out,
        operations::audit_log,
        operations::card_data,
        operations::erase_card,
        limits::limit_list,
        limits::category_rules,
        limits::set_category_rules,
        limits::offer_terms,
        limits::set_offer_terms,
        limits::approve_offer,
        limits::create_provider,
        limits::list_providers,
        limits::revoke_provider,
        limits::new_provider_key,
        limits::provider_settlement,
        limits::provider_me,
        limits::provider_offers,
        limits::provider_create_offer,
        limits::provider_update_offer,
        limits::provider_visits,
        limits::provider_settlement_json,
        limits::provider_settlement_csv,
    ),
    components(schemas(
        Health, Readiness, SignInOptions, StaffRole, ErrorBody, ErrorDetail, CatalogueResponse, ActivateRequest, RefreshRequest,
        CredentialResponse, CheckIn, CheckInBatch, CheckInReceipt, RefusedCheckIn, CheckInRefusal, VenueInfo, IssueCardRequest,
        IssuedCard, CardSummary, CreateVenueKeyRequest, VenueKeyCreated, ImportReport,
        Offer, Text, Category, Accessibility, GeoPoint, Occurrence, WeeklySlot, Schedule, Season,
        Booking, FieldError, Date, Time, Weekday, District, CompanionRule, Cell, Row, Report, Period, StatPeriods, AuditEntry, AuditPage, AdminKeyInfo, CardData, CodeRecord, CredentialRecord, VisitRecord, CardErased,
        ListKeys, ListKey, VenueKeySummary, LetterLang, LetterRequest, LettersRequest,
        VisitRule, Limit, Per, Scope, CategoryRule, VisitCount, AtLimit, RefusalRecord,
        CreateProviderRequest, ProviderCreated, ProviderSummary, OfferTerms, SetOfferTerms,
        ProviderInfo, ProviderOffers, ProviderVisits, ProviderVisitRow, Settlement, SettlementRow,
        SettlementTotal,
    )),
    modifiers(&KeysAndInternalErrors),
    tags(
        (name = "service", description = "Health and this description."),
        (name = "catalogue", description = "The offer catalogue and its thumbnails; public."),
        (name = "cards", description = "Activation, credential refresh and the signed lists; public."),
        (name = "venue", description = "Venue devices: check-in uploads (venue key)."),
        (name = "admin", description = "Offers, cards, venue keys and statistics (admin key)."),
        (name = "provider", description = "An organiser's own offers, visit counts and settlement (provider key)."),
    ),
)]
struct ApiDoc;

/// Adds the two bearer-key schemes, and the 500 answer every endpoint may give.
struct KeysAndInternalErrors;

impl Modify for KeysAndInternalErrors {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        let bearer = |description: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(description))
                    .build(),
            )
        };
        components.add_security_scheme(
            "admin_key",
            bearer(
                "An admin key (`ak_admin_…`), made at the server's first start or with \
                 `aktivitetskortet-server create-admin-key`.",
            ),
        );
        components.add_security_scheme(
            "staff_session",
            SecurityScheme::ApiKey(utoipa::openapi::security::ApiKey::Cookie(
                utoipa::openapi::security::ApiKeyValue::with_description(
                    "ak_staff",
                    "The session cookie after signing in with the identity provider \
                     (`GET /api/v1/auth/login`); state-changing requests also send its \
                     `X-CSRF-Token`.",
                ),
            )),
        );
        components.add_security_scheme(
            "venue_key",
            bearer("A venue key (`ak_venue_…`), made with `POST /api/v1/admin/venue-keys`."),
        );
        components.add_security_scheme(
            "provider_key",
            bearer("A provider key (`ak_provider_…`), made with `POST /api/v1/admin/providers`."),
        );
        components.responses.insert(
            "Internal".into(),
            RefOr::T(
                ResponseBuilder::new()
                    .description(
                        "The server failed (e.g. its database); the cause is logged, the answer \
                         says only `internal`.",
                    )
                    .content(
                        "application/json",
                        utoipa::openapi::ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name(ErrorBody::name())))
                            .build(),
                    )
                    .build(),
            ),
        );
        for item in doc.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                op.responses.responses.insert(
                    "500".into(),
                    RefOr::Ref(Ref::from_response_name("Internal")),
                );
                // Every body this API takes is required; the derive says so only for bodies
                // with a schema (not for the image upload's raw bytes).
                if let Some(RefOr::T(body)) = &mut op.request_body {
                    body.required = Some(Required::True);
                }
                // An optional header is absent, never null: `Option<String>` made it nullable.
                for param in op.parameters.iter_mut().flatten() {
                    if let RefOr::T(param) = param
                        && param.parameter_in == ParameterIn::Header
                    {
                        param.schema = Some(ObjectBuilder::new().schema_type(Type::String).into());
                    }
                }
            }
        }
    }
}

/// `GET /api/v1/list-keys`: the keys that sign the trust and revocation lists.
#[derive(ToSchema)]
#[allow(dead_code)]
struct ListKeys {
    list_keys: Vec<ListKey>,
}

/// A list-signing public key.
#[derive(ToSchema)]
#[allow(dead_code)]
struct ListKey {
    /// The key id: hex digits of the truncated SHA-256 of the key.
    kid: String,
    /// Always `EdDSA` (Ed25519).
    #[schema(pattern = "^EdDSA$")]
    alg: String,
    /// The raw 32-byte Ed25519 public key, Base64.
    key: String,
}

/// The language of an activation letter.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
enum LetterLang {
    Nb,
    En,
    Uk,
    Ar,
}

#[allow(dead_code)]
mod limits;
#[allow(dead_code)]
mod operations;
