//! Documentation-only stand-ins for the handlers: `#[utoipa::path]` reads their attributes, and
//! nothing calls them.
//!
//! The schemas come from the `ToSchema` derives in `aktivitetskortet-core` (feature `openapi`),
//! so they follow the serde attributes the server really serialises with; the paths are
//! `core::api::paths`' constants, as the routers use; the rest mirrors the handlers in `health`,
//! `catalogue`, `cards`, `visits` and `admin` by hand. A route changed there needs the matching
//! change here: the integration tests in `tests/openapi.rs` list every route and check real
//! answers against this document.

use super::*;

/// Whether the process is up (a liveness probe: it asks nothing of the database).
#[utoipa::path(get, path = api_paths::HEALTHZ, tag = "service",
    responses((status = 200, description = "Up", body = Health)))]
fn healthz() {}

/// Whether this instance should get traffic: its database answers at this server's schema, its
/// key files can be read, and it is not draining for a stop (SIGTERM).
#[utoipa::path(get, path = api_paths::READYZ, tag = "service",
    responses(
        (status = 200, description = "Ready", body = Readiness),
        (status = 503, description = "Not ready: the failing checks are false", body = Readiness)))]
fn readyz() {}

/// This OpenAPI 3.1 description.
#[utoipa::path(get, path = api_paths::OPENAPI, tag = "service",
    responses((status = 200, description = "The OpenAPI document",
        content_type = "application/json")))]
fn openapi_json() {}

/// The catalogue, or what changed in it since the client's version.
///
/// 304 when `since` is the current version or `If-None-Match` matches the current ETag; the
/// offers changed (and ids removed) after `since` when it is older; the whole catalogue
/// (`full`) without `since`, with `since=0`, or with a version this server does not know.
#[utoipa::path(get, path = api_paths::CATALOGUE, tag = "catalogue",
    params(
        ("since" = Option<u64>, Query,
            description = "The catalogue version the client has (the last answer's `version`)."),
        ("If-None-Match" = Option<String>, Header,
            description = "The last answer's ETag, `\"catalogue-V\"`."),
    ),
    responses(
        (status = 200, description = "Changes, or the full catalogue", body = CatalogueResponse,
            headers(
                ("ETag" = String, description = "`\"catalogue-V\"` for version V"),
                ("Cache-Control" = String, description = "`no-cache`"),
            )),
        (status = 304, description = "The client is up to date (no body)",
            headers(("Cache-Control" = String, description = "`no-cache`"))),
        (status = 400, description = "`since` is not a non-negative integer (`bad_query`)",
            body = ErrorBody),
    ))]
fn catalogue() {}

/// An offer's thumbnail (a JPEG of at most 320×320 pixels).
///
/// Offers link it as `image` with a `?v=` version, so it may be cached for a week.
#[utoipa::path(get, path = api_paths::IMAGE, tag = "catalogue",
    params(
        ("file" = String, Path, description = "`{offer id}.jpg`", example = "kode-familiesondag.jpg"),
        ("v" = Option<String>, Query,
            description = "The image's version from the offer's `image` path; for caches, ignored by the server."),
    ),
    responses(
        (status = 200, description = "The thumbnail", content_type = "image/jpeg",
            headers(("Cache-Control" = String, description = "`public, max-age=604800`"))),
        (status = 404, description = "Not a `.jpg` name, or the offer has no image (`not_found`)",
            body = ErrorBody),
    ))]
fn image() {}

/// Redeems the code from an activation letter for this phone's key.
///
/// A wrong, used or expired code and a revoked card all get the same 400
/// (`activation_failed`). Re-activating a card (a new letter after a lost phone) revokes the
/// credentials of earlier phones. Limited to 10 attempts per client address and 5 per code in
/// 15 minutes.
#[utoipa::path(post, path = api_paths::ACTIVATE, tag = "cards",
    request_body = ActivateRequest,
    responses(
        (status = 200, description = "The phone's first credential", body = CredentialResponse),
        (status = 400, description = "`activation_failed`, `bad_device_key`, `card_ended`, or a body that is not the expected JSON (`bad_json`, `bad_request`)",
            body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MiB (`too_large`)", body = ErrorBody),
        (status = 429, description = "Too many attempts (`too_many_requests`)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until the next attempt may be made"))),
    ))]
fn activate() {}

/// A new credential for the same phone key, given a fresh presentation (the QR text).
#[utoipa::path(post, path = api_paths::REFRESH, tag = "cards",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A fresh credential", body = CredentialResponse),
        (status = 400, description = "The presentation is not valid or the card was revoked (`refresh_refused`), the card has ended (`card_ended`), or a body that is not the expected JSON (`bad_json`, `bad_request`)",
            body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MiB (`too_large`)", body = ErrorBody),
    ))]
fn refresh() {}

/// The signed trust list (COSE_Sign1, see `docs/token-format.md`): the issuer keys venues
/// accept.
#[utoipa::path(get, path = api_paths::TRUST_LIST, tag = "cards",
    responses(
        (status = 200, description = "The COSE_Sign1 bytes", content_type = "application/cose",
            headers(
                ("X-List-Sequence" = u64, description = "The list's sequence number"),
                ("Cache-Control" = String, description = "`no-cache`"),
            )),
    ))]
fn trust_list() {}

/// The signed revocation list (COSE_Sign1): revoked cards and credentials.
#[utoipa::path(get, path = api_paths::REVOCATION_LIST, tag = "cards",
    responses(
        (status = 200, description = "The COSE_Sign1 bytes", content_type = "application/cose",
            headers(
                ("X-List-Sequence" = u64, description = "The list's sequence number"),
                ("Cache-Control" = String, description = "`no-cache`"),
            )),
    ))]
fn revocation_list() {}

/// The public keys that sign the two lists, for apps not built with them.
#[utoipa::path(get, path = api_paths::LIST_KEYS, tag = "cards",
    responses((status = 200, description = "The list keys", body = ListKeys)))]
fn list_keys() {}

/// The current list key, announced in a COSE_Sign1 signed by each retired list key
/// (`"KA1 list keys"`, token format §7.3), so a venue device set up with an older key moves
/// over at its next sync. Empty until the list key is first rotated.
#[utoipa::path(get, path = api_paths::LIST_KEY_ANNOUNCEMENTS, tag = "cards",
    responses((status = 200, description = "`{\"announcements\": [Base64, ...]}`, oldest key first", body = Object)))]
fn list_key_announcements() {}

/// Where browsers report what the Content-Security-Policy refused
/// (`application/csp-report`). The server logs the directive and the kind of resource
/// refused, never an address.
#[utoipa::path(post, path = api_paths::CSP_REPORTS, tag = "service",
    request_body(content = Object, content_type = "application/csp-report",
        description = "`{\"csp-report\": {\"effective-directive\": …, \"blocked-uri\": …}}`, at most 16 KiB"),
    responses(
        (status = 204, description = "Logged"),
        (status = 400, description = "Not a violation report (`bad_report`)", body = ErrorBody),
        (status = 413, description = "Larger than 16 KiB (`too_large`)", body = ErrorBody),
    ))]
fn csp_report() {}

/// Who this venue key belongs to and which offers it checks visitors in for.
#[utoipa::path(get, path = api_paths::VENUE, tag = "venue",
    security(("venue_key" = [])),
    responses(
        (status = 200, description = "The venue", body = VenueInfo),
        (status = 401, description = "No venue key, or one not valid or revoked (`unauthorized`)",
            body = ErrorBody),
    ))]
fn venue() {}

/// Uploads a batch of check-ins (at most 1000).
///
/// Each check-in is stored, counted as a duplicate (a check-in id this venue key sent
/// before, whatever it would be checked for now), or refused with a reason: a malformed id or
/// card id, an offer this key does not check in for, a card the server never issued or one
/// not valid at `at` (before its first day, after its last, revoked), `at` more than 14 days
/// before or 5 minutes after the server's time, a companion the card or the offer does not
/// include. With `partial: true` the rest of the batch is stored and the receipt names the
/// refused (`refused`, each with its 1-based `line`); without it (venue apps from before
/// partial receipts) any refusal stores nothing and answers 422 naming each refused line.
#[utoipa::path(post, path = api_paths::VISITS, tag = "venue",
    security(("venue_key" = [])),
    request_body = CheckInBatch,
    responses(
        (status = 200, description = "Stored", body = CheckInReceipt),
        (status = 400, description = "More than 1000 check-ins (`batch_too_large`), or a body that is not the expected JSON (`bad_json`, `bad_request`)",
            body = ErrorBody),
        (status = 401, description = "No venue key, or one not valid or revoked (`unauthorized`)",
            body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MiB (`too_large`)", body = ErrorBody),
        (status = 422, description = "Only for a batch not marked `partial`: a check-in is refused (`invalid`), each with its `line` and the field at fault",
            body = ErrorBody),
    ))]
fn upload_visits() {}

/// Issues a card and its first activation code.
#[utoipa::path(post, path = api_paths::ADMIN_CARDS, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    request_body = IssueCardRequest,
    responses(
        (status = 201, description = "Issued; the code is shown only now", body = IssuedCard),
        (status = 400, description = "A body that is not the expected JSON (`bad_json`, `bad_request`)",
            body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MiB (`too_large`)", body = ErrorBody),
        (status = 422, description = "The card cannot be issued (`invalid`; `details` name the fields)",
            body = ErrorBody),
    ))]
fn issue_card() {}

/// Every card, newest first.
#[utoipa::path(get, path = api_paths::ADMIN_CARDS, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    responses(
        (status = 200, description = "The cards", body = [CardSummary]),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
    ))]
fn list_cards() {}

/// A new activation code and letter for a card (after a lost phone or letter).
///
/// The card's earlier unused codes stop working; the old phone keeps working until the new
/// code is used.
#[utoipa::path(post, path = api_paths::ADMIN_CARD_REISSUE, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(("id" = String, Path, description = "The card id (16 hex digits)")),
    responses(
        (status = 200, description = "The new code; shown only now", body = IssuedCard),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 404, description = "No such card (`not_found`)", body = ErrorBody),
        (status = 409, description = "The card is revoked (`conflict`)", body = ErrorBody),
    ))]
fn reissue_card() {}

/// Revokes a card: its credentials stop working once venues sync, and it cannot be activated
/// or refreshed again. Revoking a revoked card is not an error.
#[utoipa::path(post, path = api_paths::ADMIN_CARD_REVOKE, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(("id" = String, Path, description = "The card id (16 hex digits)")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 404, description = "No such card (`not_found`)", body = ErrorBody),
    ))]
fn revoke_card() {}

/// Activation letters to print, one sheet each in its own language: one card's, or a batch
/// of new cards'. The codes are in the body, never in the URL (proxies and browser history
/// keep URLs). Any card or code that does not fit refuses the whole batch.
#[utoipa::path(post, path = api_paths::ADMIN_LETTERS, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    request_body = LettersRequest,
    responses(
        (status = 200, description = "The letters", content_type = "text/html; charset=utf-8", body = String),
        (status = 400, description = "None or more than 500 letters (`bad_batch`), or a body that is not a batch",
            body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 422, description = "A card or code that does not fit, by its place in the list (`invalid`)",
            body = ErrorBody),
    ))]
fn letters() {}

/// Every offer in the catalogue.
#[utoipa::path(get, path = api_paths::ADMIN_OFFERS, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    responses(
        (status = 200, description = "The offers, by id", body = [Offer]),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
    ))]
fn list_offers() {}

/// Adds an offer. An `image` in the body is ignored (upload one separately); `changed_at`
/// is set by the server.
#[utoipa::path(post, path = api_paths::ADMIN_OFFERS, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    request_body = Offer,
    responses(
        (status = 201, description = "Added", body = Offer),
        (status = 400, description = "A body that is not the expected JSON (`bad_json`, `bad_request`)",
            body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 409, description = "An offer with this id exists (`conflict`)", body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MiB (`too_large`)", body = ErrorBody),
        (status = 422, description = "The offer breaks a rule (`invalid`; `details` name the fields)",
            body = ErrorBody),
    ))]
fn create_offer() {}

/// Imports offers (new or replacing those with the same id) from a JSON array or a CSV file.
///
/// All or nothing: any problem refuses the whole file, with every problem listed by `line`
/// (the CSV line counting the header, or the offer's 1-based position in the JSON array) and
/// `field`. Offers keep the images they have.
#[utoipa::path(post, path = api_paths::ADMIN_OFFERS_IMPORT, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    request_body(description = "A JSON array of offers, or a UTF-8 CSV file (one offer a line, with a header line)",
        content(
            ([Offer] = "application/json"),
            (String = "text/csv"),
        )),
    responses(
        (status = 200, description = "Imported", body = ImportReport),
        (status = 400, description = "Another content type (`unsupported_type`) or not UTF-8 (`bad_encoding`)",
            body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MiB (`too_large`)", body = ErrorBody),
        (status = 422, description = "Nothing was imported (`invalid`; `details` list every problem)",
            body = ErrorBody),
    ))]
fn import_offers() {}

/// Replaces an offer; its image stays, `changed_at` is set by the server.
#[utoipa::path(put, path = api_paths::ADMIN_OFFER, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(("id" = String, Path, description = "The offer id; must equal the body's `id`")),
    request_body = Offer,
    responses(
        (status = 200, description = "Replaced", body = Offer),
        (status = 400, description = "The body's id differs from the path's (`id_mismatch`), or a body that is not the expected JSON (`bad_json`, `bad_request`)",
            body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 404, description = "No such offer (`not_found`)", body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MiB (`too_large`)", body = ErrorBody),
        (status = 422, description = "The offer breaks a rule (`invalid`; `details` name the fields)",
            body = ErrorBody),
    ))]
fn update_offer() {}

/// Deletes an offer (and its image); clients learn of it through the catalogue's `removed`.
#[utoipa::path(delete, path = api_paths::ADMIN_OFFER, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(("id" = String, Path, description = "The offer id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 404, description = "No such offer (`not_found`)", body = ErrorBody),
    ))]
fn delete_offer() {}

/// Sets an offer's picture: the server keeps a JPEG thumbnail of at most 320×320 pixels and
/// points the offer's `image` at it.
#[utoipa::path(post, path = api_paths::ADMIN_OFFER_IMAGE, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(("id" = String, Path, description = "The offer id")),
    request_body(description = "The image file's bytes (at most 10 MiB and 8000×8000 pixels). The format is read from the bytes, not from `Content-Type`.",
        content(("image/png"), ("image/jpeg"))),
    responses(
        (status = 200, description = "The offer with its new `image`", body = Offer),
        (status = 400, description = "Not a PNG or JPEG the server can read, or too large a picture (`bad_image`)",
            body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 404, description = "No such offer (`not_found`)", body = ErrorBody),
        (status = 413, description = "The body is larger than 10 MiB (`too_large`)", body = ErrorBody),
    ))]
fn upload_image() {}

/// Makes a key for a venue's check-in devices.
#[utoipa::path(post, path = api_paths::ADMIN_VENUE_KEYS, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    request_body = CreateVenueKeyRequest,
    responses(
        (status = 201, description = "Made; the key is shown only now", body = VenueKeyCreated),
        (status = 400, description = "A body that is not the expected JSON (`bad_json`, `bad_request`)",
            body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MiB (`too_large`)", body = ErrorBody),
        (status = 422, description = "An empty or too long name, no offers, or an unknown offer (`invalid`)",
            body = ErrorBody),
    ))]
fn create_venue_key() {}

/// Every venue key, revoked ones included (never the keys themselves).
#[utoipa::path(get, path = api_paths::ADMIN_VENUE_KEYS, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    responses(
        (status = 200, description = "The venue keys, by id", body = [VenueKeySummary]),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
    ))]
fn list_venue_keys() {}

/// How staff can sign in here: whether the identity provider is set up.
#[utoipa::path(get, path = api_paths::AUTH, tag = "sign-in",
    responses((status = 200, description = "The ways to sign in", body = SignInOptions)))]
fn sign_in_options() {}

/// Starts signing in at the identity provider (the authorization code flow with PKCE): a
/// redirect there.
#[utoipa::path(get, path = api_paths::AUTH_LOGIN, tag = "sign-in",
    responses(
        (status = 303, description = "To the identity provider's sign-in page; to `/admin?innlogging=failed` when the provider cannot be reached"),
        (status = 404, description = "No identity provider is set up here (`not_found`)", body = ErrorBody),
    ))]
fn sign_in() {}

/// Where the identity provider sends the browser back: the code is exchanged, the ID token
/// verified, a session cookie set (`HttpOnly`, `Secure`, `SameSite=Strict`) and the browser
/// sent on to the admin area.
#[utoipa::path(get, path = api_paths::AUTH_CALLBACK, tag = "sign-in",
    params(
        ("code" = Option<String>, Query, description = "The provider's authorization code."),
        ("state" = Option<String>, Query, description = "The sign-in this answers."),
        ("error" = Option<String>, Query, description = "The provider's refusal, instead."),
    ),
    responses(
        (status = 303, description = "Signed in: on to /admin/, with the session cookie. Not signed in: to `/admin?innlogging=R`, R being `no_role` (the person has no role here), `refused` (the provider said no, or its ID token was not valid), `expired` (a sign-in unknown, used or too old) or `failed` (the provider could not be reached)"),
        (status = 404, description = "No identity provider is set up here (`not_found`)", body = ErrorBody),
    ))]
fn sign_in_callback() {}

/// Signs out: the session ends (it needs the session's `X-CSRF-Token`).
#[utoipa::path(post, path = api_paths::AUTH_LOGOUT, tag = "sign-in",
    security(("staff_session" = [])),
    responses(
        (status = 204, description = "Signed out; the cookie is cleared"),
        (status = 401, description = "Not signed in (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "Without the session's CSRF token (`forbidden`)", body = ErrorBody),
    ))]
fn sign_out() {}

/// The admin key of this request: who it is for and until when it works (the admin area
/// warns two weeks before).
#[utoipa::path(get, path = api_paths::ADMIN_ME, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    responses(
        (status = 200, description = "The key", body = AdminKeyInfo),
        (status = 401, description = "No admin key, or one not valid, expired or revoked (`unauthorized`)", body = ErrorBody),
    ))]
fn admin_me() {}

/// The audit log, newest first, a page at a time: which admin key did what to which object
/// (ids only, never a name), when.
#[utoipa::path(get, path = api_paths::ADMIN_AUDIT, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(("before" = Option<i64>, Query, description = "Only entries older than this id (the last page's `next_before`)")),
    responses(
        (status = 200, description = "Up to 100 entries", body = AuditPage),
        (status = 400, description = "A `before` that is not a number, or another parameter (`bad_query`)", body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
    ))]
fn audit_log() {}

/// Everything the server holds about one card, for a family's request for insight (GDPR
/// art. 15): the card, its codes' and phone keys' times, its visits in years that can still
/// be linked to it, and the audit lines that name it. Recorded in the audit log.
#[utoipa::path(get, path = api_paths::ADMIN_CARD_DATA, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(("id" = String, Path, description = "The card id")),
    responses(
        (status = 200, description = "What is held", body = CardData),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 404, description = "No such card, or one erased (`not_found`)", body = ErrorBody),
    ))]
fn card_data() {}

/// Erases a card on the family's request (GDPR art. 17): revoked, its name, birth year,
/// language, codes and phone keys deleted; its visits stay for the statistics under a
/// pseudonym that links to nothing.
#[utoipa::path(delete, path = api_paths::ADMIN_CARD, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(("id" = String, Path, description = "The card id")),
    responses(
        (status = 200, description = "What was erased", body = CardErased),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 404, description = "No such card, or one erased already (`not_found`)", body = ErrorBody),
    ))]
fn erase_card() {}

/// Revokes a venue key. Revoking a revoked key is not an error.
#[utoipa::path(delete, path = api_paths::ADMIN_VENUE_KEY, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(("id" = i64, Path, description = "The venue key's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
        (status = 404, description = "No such venue key, or an id that is not a number (`not_found`)", body = ErrorBody),
    ))]
fn revoke_venue_key() {}

/// Usage statistics for a closed quarter or year, with every small group hidden as `"<5"`.
/// Only fixed, closed periods are reported (a year built from its quarters), so that no two
/// reports can be subtracted to show a small group.
#[utoipa::path(get, path = api_paths::ADMIN_STATS, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(
        ("period" = Period, Query, description = "A calendar quarter (`2026-Q3`) or year (`2026`), closed: 15 days after its end"),
    ),
    responses(
        (status = 200, description = "The report", body = Report),
        (status = 400, description = "A missing or malformed period, or another parameter such as `from` (`bad_query`); a period still open to late check-ins (`period_open`); one whose visits retention has deleted (`period_deleted`)",
            body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
    ))]
fn stats() {}

/// The same statistics as a CSV file (hidden cells as `<5`).
#[utoipa::path(get, path = api_paths::ADMIN_STATS_CSV, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    params(
        ("period" = Period, Query, description = "A calendar quarter (`2026-Q3`) or year (`2026`), closed: 15 days after its end"),
    ),
    responses(
        (status = 200, description = "The report as CSV", content_type = "text/csv; charset=utf-8", body = String,
            headers(("Content-Disposition" = String,
                description = "`attachment; filename=\"aktivitetskortet-PERIOD.csv\"`"))),
        (status = 400, description = "A missing or malformed period, or another parameter such as `from` (`bad_query`); a period still open to late check-ins (`period_open`); one whose visits retention has deleted (`period_deleted`)",
            body = ErrorBody),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
    ))]
fn stats_csv() {}

/// The periods whose statistics can be read, newest first, and the next one to close.
#[utoipa::path(get, path = api_paths::ADMIN_STATS_PERIODS, tag = "admin",
    security(("admin_key" = []), ("staff_session" = [])),
    responses(
        (status = 200, description = "The closed periods", body = StatPeriods),
        (status = 401, description = "No admin key, or one not valid (`unauthorized`)", body = ErrorBody),
    ))]
fn stat_periods() {}
