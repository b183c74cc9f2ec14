//! Bodies shared by the backend and its clients, so both sides agree on the wire format.
//!
//! Binary values (keys, credentials) travel as standard Base64 with padding; card ids as 16 hex
//! digits; times as Unix seconds; dates as `YYYY-MM-DD`.

pub mod paths;
mod providers;

pub use providers::*;

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::offer::{Offer, OfferId};
use crate::token::CompanionRule;
use crate::visit_rule::{CategoryRule, Limit, Scope};

/// The answer of `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `"ok"`: the process is up (readiness is `/readyz`).
    pub status: String,
    /// The server's version (its crate version).
    pub version: String,
}

/// `GET /readyz`: whether this instance should get traffic. Each check is `true` when it passed;
/// `ready` is all of them, and the answer is 503 when it is `false`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    pub ready: bool,
    /// The database answers.
    pub database: bool,
    /// The database's schema is the one this server was built for.
    pub schema: bool,
    /// The current issuer key's and list key's files can be read and hold those keys.
    pub keys: bool,
    /// The instance is stopping (SIGTERM): it finishes what it has and takes nothing new.
    pub draining: bool,
}

/// The one JSON shape of every error the backend sends, so a client handles all of them the same
/// way. `code` is stable and machine-readable; `message` is for people and may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// What exactly was wrong, for invalid data: a field, a line of an import file, or both.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ErrorDetail>,
}

/// One problem in submitted data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// The line of an imported file (1-based, counting the CSV header line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
}

/// `GET /api/v1/catalogue?since=V`: the offers that changed since the client's version `V`, or
/// all of them (`full`) when the client has none or its version is too old.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogueResponse {
    /// The catalogue's version after applying this response; send it as `since` next time.
    pub version: u64,
    /// True when `offers` is the whole catalogue: the client replaces what it has.
    pub full: bool,
    /// New and changed offers (all offers when `full`).
    pub offers: Vec<Offer>,
    /// Ids of offers removed since `since` (empty when `full`).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub removed: Vec<OfferId>,
    /// Every category's visit rule, in full in every answer (a handful at most): the client
    /// replaces what it holds. Categories not listed have no limit. Absent from servers before
    /// visit rules.
    #[serde(default)]
    pub category_rules: Vec<CategoryRule>,
}

/// `POST /api/v1/activate`: redeem the code from the activation letter for this phone's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivateRequest {
    /// As typed: case, spaces and hyphens do not matter (16 characters of the code alphabet;
    /// O reads as 0, I and L as 1).
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 16, max_length = 40, pattern = "^[0-9A-Za-z \\-]+$")
    )]
    pub code: String,
    /// The phone's P-256 public key, compressed (33 bytes), Base64.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 44, max_length = 44, pattern = "^[A-Za-z0-9+/]{44}$")
    )]
    pub device_key: String,
}

/// `POST /api/v1/refresh`: a fresh presentation (the QR text) proves the phone holds the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    /// The QR text: `KA1:` and Base45, at most 772 characters (token format §3.2).
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 772, pattern = "^KA1:[0-9A-Z $%*+./:-]*$")
    )]
    pub presentation: String,
    /// A new phone key for the card (P-256, compressed, Base64), when the phone moves the card to
    /// a key it cannot export (token format §6.3). The presentation, signed by the old key,
    /// proves the move; the answer's credential names the new key, and the old key can no longer
    /// refresh. Absent on an ordinary refresh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 44, max_length = 44, pattern = "^[A-Za-z0-9+/]{44}$")
    )]
    pub device_key: Option<String>,
}

/// The answer to an activation or a refresh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CredentialResponse {
    /// The credential (COSE_Sign1), Base64.
    pub credential: String,
    pub card_id: String,
    pub given_name: String,
    pub birth_year: u16,
    pub companion: CompanionRule,
    /// The card's own validity (the credential's is shorter and gets refreshed).
    pub card_valid_until: Date,
    /// The server's time (Unix seconds). The same time is signed in the credential as its `iat`,
    /// so the phone can trust it to correct its clock.
    pub server_time: u64,
    /// What the card has used of each visit limit in the current period, at `server_time`, for
    /// the limits it has used any of (the rest are untouched). Absent from servers before
    /// visit rules.
    #[serde(default)]
    pub visits: Vec<VisitCount>,
}

/// How much of one visit limit a card has used in the period running now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitCount {
    pub scope: Scope,
    /// Visits used (a companion's too, where companions count).
    pub used: u32,
    pub limit: Limit,
    /// The period's last day (Bergen); from the next day the count starts again.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub until: Date,
}

/// A visit recorded at a venue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckIn {
    /// Made by the venue device (e.g. a UUID), so a retried upload never counts twice.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = "^[A-Za-z0-9_-]+$")
    )]
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-f]{16}$"))]
    pub card_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub offer_id: OfferId,
    /// Unix seconds.
    pub at: u64,
    pub companion: bool,
    /// At a visit limit: staff let the holder in anyway (`override`), or did not (`refused`,
    /// which records the refusal for the statistics and is no visit). Absent for an ordinary
    /// check-in, and from venue apps before visit rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<AtLimit>,
}

/// What staff did when a card had reached a visit limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AtLimit {
    /// Let in anyway, knowingly: the visit is stored and flagged as an override.
    Override,
    /// Not let in: stored as a refusal at the limit, not as a visit.
    Refused,
}

/// `POST /api/v1/visits` (venue key): a batch of check-ins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInBatch {
    #[cfg_attr(feature = "openapi", schema(max_items = 1000))]
    pub checkins: Vec<CheckIn>,
    /// Sent as `true` by venue apps that read [`CheckInReceipt::refused`]: the server then stores
    /// the plausible check-ins and names the others in the receipt. Without it (venue apps from
    /// before partial receipts) one refused check-in refuses the batch with a 422 naming its
    /// line, which those apps already handle by setting it aside and sending the rest again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInReceipt {
    /// Check-ins stored now.
    pub accepted: u32,
    /// Check-ins the server already had (a retried upload).
    pub duplicates: u32,
    /// Check-ins the server will never store, each with its reason. Accepted, duplicate and
    /// refused together account for every check-in of the batch.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<RefusedCheckIn>,
}

/// One check-in of a batch the server refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefusedCheckIn {
    /// Its place in the batch, from 1.
    pub line: u32,
    /// Its id as sent.
    pub id: String,
    pub reason: CheckInRefusal,
    /// For people; may change.
    pub message: String,
}

/// Why the server refuses a check-in. A sent check-in that was stored once stays a duplicate
/// whatever it would be refused for now, so a retried upload is never refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CheckInRefusal {
    /// The id, the card id or the offer id is not in its format.
    Malformed,
    /// The venue key does not check in for this offer.
    NotThisVenue,
    /// The server never issued this card id.
    UnknownCard,
    /// The card was not valid at the check-in's time (before its first day, after its last, or
    /// revoked).
    CardNotValid,
    /// More than [`CHECKIN_MAX_AGE`] before the server's time.
    TooOld,
    /// More than [`CHECKIN_MAX_AHEAD`] after the server's time.
    InTheFuture,
    /// A companion came along where the offer includes none.
    NoCompanion,
    /// A reason added after this build; treated like any other refusal.
    #[serde(other)]
    Other,
}

impl CheckInRefusal {
    /// The reason as the wire spells it (for the server's metrics).
    pub fn code(self) -> &'static str {
        match self {
            CheckInRefusal::Malformed => "malformed",
            CheckInRefusal::NotThisVenue => "not_this_venue",
            CheckInRefusal::UnknownCard => "unknown_card",
            CheckInRefusal::CardNotValid => "card_not_valid",
            CheckInRefusal::TooOld => "too_old",
            CheckInRefusal::InTheFuture => "in_the_future",
            CheckInRefusal::NoCompanion => "no_companion",
            CheckInRefusal::Other => "other",
        }
    }
}

/// How far back a check-in may be (seconds): a venue device offline for two weeks still uploads.
pub const CHECKIN_MAX_AGE: u64 = 14 * 86_400;
/// How far ahead of the server's time a check-in may be (seconds): venue devices record in
/// server-corrected time, so more than this is a broken clock.
pub const CHECKIN_MAX_AHEAD: u64 = 5 * 60;

/// `GET /api/v1/admin/cards/{id}/data`: everything the server holds about one card, for a
/// family's request for insight (GDPR art. 15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardData {
    pub card: CardSummary,
    /// The letter's language.
    pub language: String,
    /// Unix seconds.
    pub created_at: u64,
    pub revoked_at: Option<u64>,
    pub activation_codes: Vec<CodeRecord>,
    pub credentials: Vec<CredentialRecord>,
    /// The card's visits in the years whose pseudonyms can still be linked to it (open years).
    pub visits: Vec<VisitRecord>,
    /// Refusals at a visit limit in those years (the card had used its free visits there).
    #[serde(default)]
    pub limit_refusals: Vec<RefusalRecord>,
    /// Years with visits that can no longer be linked to any card (their key is deleted).
    pub unlinkable_years: Vec<i32>,
    /// The audit log's lines that name the card.
    pub audit: Vec<AuditEntry>,
}

/// An activation code as the server keeps it: its times, never the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRecord {
    pub created_at: u64,
    pub expires_at: u64,
    pub used_at: Option<u64>,
}

/// A credential as the server keeps it: the phone key's public half and its life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CredentialRecord {
    pub kid: String,
    /// Base64 of the compressed P-256 public key.
    pub device_key: String,
    pub issued_at: u64,
    pub expires_at: u64,
}

/// A visit as the server keeps it: the day, not the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitRecord {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: crate::calendar::Date,
    pub offer_id: String,
    pub offer_title: String,
    pub companion: bool,
}

/// A refusal at a visit limit as the server keeps it: the day and the offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefusalRecord {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: crate::calendar::Date,
    pub offer_id: String,
    pub offer_title: String,
}

/// `DELETE /api/v1/admin/cards/{id}`: what erasing a card (GDPR art. 17) removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardErased {
    pub activation_codes: u64,
    pub credentials: u64,
    /// Visits (and refusals at a visit limit) kept for the statistics under a new pseudonym
    /// that links to nothing.
    pub visits_unlinked: u64,
}

/// One line of the audit log: which admin key did what to which object, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds.
    pub at: u64,
    /// The admin key; none for the server's command line.
    pub admin_key_id: Option<i64>,
    /// Who the key was made for.
    pub admin_key_label: Option<String>,
    /// A person signed in with the identity provider: their subject there (stable, opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_subject: Option<String>,
    /// And their name as the identity provider gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_name: Option<String>,
    /// `card.issue`, `cards.list`, `card.reissue`, `card.revoke`, `card.data`, `card.erase`,
    /// `letters`, `offer.create`,
    /// `offer.update`, `offer.delete`, `offer.import`, `offer.image`, `venue_key.create`,
    /// `venue_key.revoke`, `stats.read`, `stats.export`, `admin_key.create`, `admin_key.revoke`.
    pub action: String,
    /// The object's id (a card, an offer, a venue key, a period), or a count; never a name.
    pub object: String,
}

/// `GET /api/v1/admin/audit`: a page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` for the next page; none on the last.
    pub next_before: Option<i64>,
}

/// `GET /api/v1/admin/me`: the admin key of the request, so the admin area can warn before it
/// expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminKeyInfo {
    /// The admin key's id; 0 for a staff member signed in with the identity provider.
    pub id: i64,
    /// Who the key was made for, or the signed-in person's name.
    pub label: String,
    /// Unix seconds: the key was made, or the person signed in.
    pub created_at: u64,
    /// Unix seconds: the key stops working then, or the sign-in ends at the latest.
    pub expires_at: u64,
    /// What this key or person may do. Admin keys are admins (older servers sent no role).
    #[serde(default)]
    pub role: StaffRole,
    /// For a signed-in person: the token every state-changing request sends back in
    /// `X-CSRF-Token`. Admin keys need none (a header, not a cookie, carries them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

/// What a member of staff may do in the admin area.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Everything: offers, cards, letters, venue keys, statistics, the audit log.
    #[default]
    Admin,
    /// The usage statistics only.
    Statistics,
    /// An organiser with a provider key (the provider API, not the admin API): its own offers,
    /// visit counts and settlement. The admin area shows it those; the server never gives it
    /// to a member of staff.
    Provider,
}

/// `GET /api/v1/auth`: how staff can sign in here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInOptions {
    /// Whether the municipality's identity provider is set up (`GET /api/v1/auth/login`).
    pub identity_provider: bool,
}

/// `GET /api/v1/admin/stats/periods`: the periods whose reports can be read, newest first, and
/// the next one to close (reports exist only for closed quarters and years: `stats::period`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatPeriods {
    pub closed: Vec<crate::stats::Period>,
    pub next: crate::stats::Period,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub next_closes_on: crate::calendar::Date,
}

/// `GET /api/v1/venue`: who the venue key belongs to and which offers it checks in for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueInfo {
    /// The venue key's id: the venue's limit list names it (absent from servers before them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub offer_ids: Vec<OfferId>,
    /// The server's time (Unix seconds), so a venue device can check cards and record visits
    /// in the server's time rather than its own clock's. Absent from servers before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_time: Option<u64>,
}

/// `POST /api/v1/admin/cards`: issue a card. Nothing about why the child has the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueCardRequest {
    /// The name alone: letters of any script and combining marks, one space, hyphen or
    /// apostrophe between letters, at most 48 bytes of UTF-8 (§5.3 of the token format).
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 48,
            pattern = "^\\p{L}\\p{M}*(?:[ '\\-\u{2010}\u{2019}]?\\p{L}\\p{M}*)*$"
        )
    )]
    pub given_name: String,
    /// The child is 0–17 in the year the card is issued (so 18 at most in its last year).
    pub birth_year: u16,
    pub valid_from: Date,
    pub valid_until: Date,
    pub companion: CompanionRule,
    /// The letter's language: `nb` (default), `en`, `uk` or `ar`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^(nb|en|uk|ar)$"))]
    pub language: Option<String>,
}

/// A new activation code for a card (issued, or re-issued after a lost phone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedCard {
    pub card_id: String,
    /// Shown once: only its hash is stored.
    pub activation_code: String,
    pub code_expires: Date,
}

/// A card as the admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardSummary {
    pub card_id: String,
    pub given_name: String,
    pub birth_year: u16,
    pub valid_from: Date,
    pub valid_until: Date,
    pub companion: CompanionRule,
    /// `pending` (not activated), `active`, `revoked`.
    #[cfg_attr(feature = "openapi", schema(pattern = "^(pending|active|revoked)$"))]
    pub status: String,
}

/// `POST /api/v1/admin/venue-keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateVenueKeyRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    /// The offers this venue checks visitors in for: at least one, each an existing offer.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, min_items = 1))]
    pub offer_ids: Vec<OfferId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueKeyCreated {
    pub id: i64,
    /// Shown once: only its hash is stored.
    pub key: String,
}

/// A venue key as the admin sees it (the key itself is shown only once, when it is made).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueKeySummary {
    pub id: i64,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub offer_ids: Vec<OfferId>,
    /// Unix seconds.
    pub created_at: u64,
    pub revoked: bool,
}

/// One letter of `POST /api/v1/admin/letters`: the card, its code (from the issuing answer; the
/// server keeps only the code's hash) and the letter's language (the card's by default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LetterRequest {
    pub card_id: String,
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^(nb|en|uk|ar)$"))]
    pub language: Option<String>,
}

/// `POST /api/v1/admin/letters`: several letters printed at once, one page each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LettersRequest {
    pub letters: Vec<LetterRequest>,
}

/// The result of an offer import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusals_code_is_its_wire_name() {
        use CheckInRefusal::*;
        for reason in [
            Malformed,
            NotThisVenue,
            UnknownCard,
            CardNotValid,
            TooOld,
            InTheFuture,
            NoCompanion,
        ] {
            let wire = serde_json::to_string(&reason).unwrap();
            assert_eq!(wire, format!("\"{}\"", reason.code()));
        }
    }

    /// Golden: the error shape is part of the public API. A failure here is a format break.
    #[test]
    fn error_body_wire_form_is_frozen() {
        let body = ErrorBody {
            code: "not_found".into(),
            message: "no such route".into(),
            details: vec![],
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"code":"not_found","message":"no such route"}"#
        );
    }

    /// Golden: check-in receipts and batches, as venue apps old and new read and write them.
    #[test]
    fn checkin_wire_forms_are_frozen() {
        let receipt = CheckInReceipt {
            accepted: 2,
            duplicates: 1,
            refused: vec![RefusedCheckIn {
                line: 3,
                id: "c-3".into(),
                reason: CheckInRefusal::InTheFuture,
                message: "ahead".into(),
            }],
        };
        let json = r#"{"accepted":2,"duplicates":1,"refused":[{"line":3,"id":"c-3","reason":"in_the_future","message":"ahead"}]}"#;
        assert_eq!(serde_json::to_string(&receipt).unwrap(), json);
        // Nothing refused: the receipt older venue apps know, unchanged.
        let plain = CheckInReceipt {
            accepted: 1,
            duplicates: 0,
            refused: vec![],
        };
        assert_eq!(
            serde_json::to_string(&plain).unwrap(),
            r#"{"accepted":1,"duplicates":0}"#
        );
        // A reason from a newer server is read, not an error.
        let newer: RefusedCheckIn =
            serde_json::from_str(r#"{"line":1,"id":"a","reason":"over_the_limit","message":"m"}"#)
                .unwrap();
        assert_eq!(newer.reason, CheckInRefusal::Other);
        // An older app's batch has no `partial`; this app's says so.
        let old: CheckInBatch = serde_json::from_str(r#"{"checkins":[]}"#).unwrap();
        assert!(!old.partial);
        let new = CheckInBatch {
            checkins: vec![],
            partial: true,
        };
        assert_eq!(
            serde_json::to_string(&new).unwrap(),
            r#"{"checkins":[],"partial":true}"#
        );
        let venue: VenueInfo =
            serde_json::from_str(r#"{"name":"KODE","offer_ids":["a"]}"#).unwrap();
        assert_eq!(venue.server_time, None, "an older server");
    }

    #[test]
    fn health_wire_form_is_frozen() {
        let h: Health = serde_json::from_str(r#"{"status":"ok","version":"0.1.0"}"#).unwrap();
        assert_eq!(h.status, "ok");
        assert_eq!(h.version, "0.1.0");
    }
}
