//! Documentation-only stand-ins for the visit-limit and provider handlers (`visit_limits.rs`,
//! `providers.rs`), as `operations.rs` is for the rest.

use super::*;

/// The signed limit list of this venue (COSE_Sign1, `docs/token-format.md` §7.4): the cards
/// that have used up a visit limit at its offers, and until when. Venue devices fetch it with
/// the other lists and turn such a card's verdict amber, offline.
#[utoipa::path(get, path = api_paths::LIMIT_LIST, tag = "venue",
    security(("venue_key" = [])),
    responses(
        (status = 200, description = "The COSE_Sign1 bytes", content_type = "application/cose",
            headers(
                ("X-List-Sequence" = u64, description = "The list's sequence number (this venue's own)"),
                ("Cache-Control" = String, description = "`no-cache`"),
            )),
        (status = 401, description = "No venue key, or one not valid or revoked (`unauthorized`)",
            body = ErrorBody),
    ))]
fn limit_list() {}

/// Every category's visit rule (a category not listed has no limit).
#[utoipa::path(get, path = api_paths::ADMIN_CATEGORY_RULES, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    responses(
        (status = 200, description = "The rules", body = Vec<CategoryRule>),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "A role that may read the statistics only (`forbidden`)", body = ErrorBody),
    ))]
fn category_rules() {}

/// Replaces every category's visit rule; holders and venues get them with the next catalogue
/// sync (it takes a new catalogue version).
#[utoipa::path(put, path = api_paths::ADMIN_CATEGORY_RULES, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    request_body = Vec<CategoryRule>,
    responses(
        (status = 200, description = "The rules now", body = Vec<CategoryRule>),
        (status = 400, description = "Not a JSON list of rules (`bad_json`)", body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "A role that may read the statistics only (`forbidden`)", body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MiB (`too_large`)", body = ErrorBody),
        (status = 422, description = "A category twice, a number of visits outside 1–999, or a season (categories have none): each by line (`invalid`); nothing changed", body = ErrorBody),
    ))]
fn set_category_rules() {}

/// Every live offer's provider, refund per person and approval.
#[utoipa::path(get, path = api_paths::ADMIN_OFFER_TERMS, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    responses(
        (status = 200, description = "The terms, by offer id", body = Vec<OfferTerms>),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "A role that may read the statistics only (`forbidden`)", body = ErrorBody),
    ))]
fn offer_terms() {}

/// Sets which provider keeps an offer and what the municipality refunds per person let in.
#[utoipa::path(put, path = api_paths::ADMIN_OFFER_SET_TERMS, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(("id" = String, Path, description = "The offer id")),
    request_body = SetOfferTerms,
    responses(
        (status = 204, description = "Set"),
        (status = 400, description = "Not the expected JSON (`bad_json`)", body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "A role that may read the statistics only (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such offer (`not_found`)", body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MiB (`too_large`)", body = ErrorBody),
        (status = 422, description = "An unknown provider, or a refund above 10 000 kroner (`invalid`)", body = ErrorBody),
    ))]
fn set_offer_terms() {}

/// Approves a provider's offer that waits: it goes into the catalogue.
#[utoipa::path(post, path = api_paths::ADMIN_OFFER_APPROVE, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(("id" = String, Path, description = "The offer id")),
    responses(
        (status = 204, description = "Approved"),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "A role that may read the statistics only (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such offer waits for approval (`not_found`)", body = ErrorBody),
    ))]
fn approve_offer() {}

/// Makes a provider key for an organiser that keeps its own offers.
#[utoipa::path(post, path = api_paths::ADMIN_PROVIDERS, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    request_body = CreateProviderRequest,
    responses(
        (status = 201, description = "Made; the key is shown only now", body = ProviderCreated),
        (status = 400, description = "Not the expected JSON (`bad_json`)", body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "A role that may read the statistics only (`forbidden`)", body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MiB (`too_large`)", body = ErrorBody),
        (status = 422, description = "An empty or too long name (`invalid`)", body = ErrorBody),
    ))]
fn create_provider() {}

/// Every provider and the offers it keeps.
#[utoipa::path(get, path = api_paths::ADMIN_PROVIDERS, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    responses(
        (status = 200, description = "The providers", body = Vec<ProviderSummary>),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "A role that may read the statistics only (`forbidden`)", body = ErrorBody),
    ))]
fn list_providers() {}

/// Revokes a provider key at once; its offers stay.
#[utoipa::path(delete, path = api_paths::ADMIN_PROVIDER, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(("id" = i64, Path, description = "The provider id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "A role that may read the statistics only (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such provider (`not_found`)", body = ErrorBody),
    ))]
fn revoke_provider() {}

/// A new key for a provider, shown once; the old key stops working at once. The provider keeps
/// its offers, visits and settlements. Recorded in the audit log (`provider.new_key`).
#[utoipa::path(post, path = api_paths::ADMIN_PROVIDER_KEY, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(("id" = i64, Path, description = "The provider id")),
    responses(
        (status = 200, description = "The new key (shown this once)", body = ProviderCreated),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "A role that may read the statistics only (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such provider (`not_found`)", body = ErrorBody),
        (status = 409, description = "The provider was withdrawn (`conflict`): make a new one", body = ErrorBody),
    ))]
fn new_provider_key() {}

/// A provider's settlement report, as the provider reads it. Recorded in the audit log.
#[utoipa::path(get, path = api_paths::ADMIN_PROVIDER_SETTLEMENT, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(
        ("id" = i64, Path, description = "The provider id"),
        ("period" = String, Query, description = "A month (`2026-11`) or a year (`2026`)"),
    ),
    responses(
        (status = 200, description = "The settlement", body = Settlement),
        (status = 400, description = "Not a period, or one that has not begun (`bad_period`, `period_ahead`, `bad_query`)", body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "A role that may read the statistics only (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such provider (`not_found`)", body = ErrorBody),
    ))]
fn provider_settlement() {}

/// The provider of this key, and whether its new offers wait for approval.
#[utoipa::path(get, path = api_paths::PROVIDER_ME, tag = "provider",
    security(("provider_key" = [])),
    responses(
        (status = 200, description = "The provider", body = ProviderInfo),
        (status = 401, description = "No provider key, or one not valid or revoked (`unauthorized`)", body = ErrorBody),
    ))]
fn provider_me() {}

/// The provider's own offers, those waiting for approval named.
#[utoipa::path(get, path = api_paths::PROVIDER_OFFERS, tag = "provider",
    security(("provider_key" = [])),
    responses(
        (status = 200, description = "Its offers", body = ProviderOffers),
        (status = 401, description = "No provider key, or one not valid or revoked (`unauthorized`)", body = ErrorBody),
    ))]
fn provider_offers() {}

/// A new offer of the provider's own. It waits for the municipality's approval unless the
/// server publishes providers' offers at once; its visit rule and picture are the
/// municipality's to set (a rule sent here is ignored).
#[utoipa::path(post, path = api_paths::PROVIDER_OFFERS, tag = "provider",
    security(("provider_key" = [])),
    request_body = Offer,
    responses(
        (status = 201, description = "Made", body = Offer),
        (status = 400, description = "Not the expected JSON (`bad_json`)", body = ErrorBody),
        (status = 401, description = "No provider key, or one not valid or revoked (`unauthorized`)", body = ErrorBody),
        (status = 409, description = "An offer with this id exists (`conflict`)", body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MiB (`too_large`)", body = ErrorBody),
        (status = 422, description = "The offer breaks the catalogue's rules, each by field (`invalid`)", body = ErrorBody),
    ))]
fn provider_create_offer() {}

/// Changes one of the provider's own offers; another's is refused. Its visit rule and
/// picture stay as they are.
#[utoipa::path(put, path = api_paths::PROVIDER_OFFER, tag = "provider",
    security(("provider_key" = [])),
    params(("id" = String, Path, description = "The offer id")),
    request_body = Offer,
    responses(
        (status = 200, description = "Changed", body = Offer),
        (status = 400, description = "Not the expected JSON, or another id in the body (`bad_json`, `id_mismatch`)", body = ErrorBody),
        (status = 401, description = "No provider key, or one not valid or revoked (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "The offer is kept by someone else (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such offer (`not_found`)", body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MiB (`too_large`)", body = ErrorBody),
        (status = 422, description = "The offer breaks the catalogue's rules, each by field (`invalid`)", body = ErrorBody),
    ))]
fn provider_update_offer() {}

/// Visits and children per offer and closed month of a year, each pair hidden (`"<5"`) when
/// either is 1–4.
#[utoipa::path(get, path = api_paths::PROVIDER_VISITS, tag = "provider",
    security(("provider_key" = [])),
    params(("year" = i32, Query, description = "The year")),
    responses(
        (status = 200, description = "The counts", body = ProviderVisits),
        (status = 400, description = "No year, or one out of range (`bad_query`, `bad_year`)", body = ErrorBody),
        (status = 401, description = "No provider key, or one not valid or revoked (`unauthorized`)", body = ErrorBody),
    ))]
fn provider_visits() {}

/// The settlement report: visits per offer and month with companions apart, priced by the
/// refund the municipality set. Recorded in the audit log.
#[utoipa::path(get, path = api_paths::PROVIDER_SETTLEMENT, tag = "provider",
    security(("provider_key" = [])),
    params(("period" = String, Query, description = "A month (`2026-11`) or a year (`2026`)")),
    responses(
        (status = 200, description = "The settlement", body = Settlement),
        (status = 400, description = "Not a period, or one that has not begun (`bad_period`, `period_ahead`, `bad_query`)", body = ErrorBody),
        (status = 401, description = "No provider key, or one not valid or revoked (`unauthorized`)", body = ErrorBody),
    ))]
fn provider_settlement_json() {}

/// The settlement report as CSV (UTF-8 with a byte order mark, CRLF; amounts in kroner; a
/// running period ends with a line `not final: visits may be uploaded until <date>`).
#[utoipa::path(get, path = api_paths::PROVIDER_SETTLEMENT_CSV, tag = "provider",
    security(("provider_key" = [])),
    params(("period" = String, Query, description = "A month (`2026-11`) or a year (`2026`)")),
    responses(
        (status = 200, description = "`month,offer_id,offer,visits,companions,over_limit,refund_per_person_nok,amount_nok`, then a total line",
            content_type = "text/csv"),
        (status = 400, description = "Not a period, or one that has not begun (`bad_period`, `period_ahead`, `bad_query`)", body = ErrorBody),
        (status = 401, description = "No provider key, or one not valid or revoked (`unauthorized`)", body = ErrorBody),
    ))]
fn provider_settlement_csv() {}
