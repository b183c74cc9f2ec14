//! The audit log: which admin key did what to which object, and when. Written in the same
//! transaction as the action, so no action goes unrecorded. Objects are ids (a card's, an
//! offer's, a venue key's, a period), never a child's name.

use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::api::{AuditEntry, AuditPage};
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Admin, Staff};
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::store::{self, Conn};

/// Entries per page of `GET /api/v1/admin/audit`.
pub const PAGE: usize = 100;

/// What was done. The names are stable: programs read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    CardIssue,
    CardsList,
    CardReissue,
    CardRevoke,
    CardData,
    CardErase,
    Letters,
    OfferCreate,
    OfferUpdate,
    OfferDelete,
    OfferImport,
    OfferImage,
    VenueKeyCreate,
    VenueKeyRevoke,
    StatsRead,
    StatsExport,
    AdminKeyCreate,
    AdminKeyRevoke,
    StaffSignIn,
    StaffSignOut,
    CategoryRulesUpdate,
    OfferTerms,
    OfferApprove,
    ProviderCreate,
    ProviderRevoke,
    ProviderKeyReplace,
    SettlementRead,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::CardIssue => "card.issue",
            Action::CardsList => "cards.list",
            Action::CardReissue => "card.reissue",
            Action::CardRevoke => "card.revoke",
            Action::CardData => "card.data",
            Action::CardErase => "card.erase",
            Action::Letters => "letters",
            Action::OfferCreate => "offer.create",
            Action::OfferUpdate => "offer.update",
            Action::OfferDelete => "offer.delete",
            Action::OfferImport => "offer.import",
            Action::OfferImage => "offer.image",
            Action::VenueKeyCreate => "venue_key.create",
            Action::VenueKeyRevoke => "venue_key.revoke",
            Action::StatsRead => "stats.read",
            Action::StatsExport => "stats.export",
            Action::AdminKeyCreate => "admin_key.create",
            Action::AdminKeyRevoke => "admin_key.revoke",
            Action::StaffSignIn => "staff.sign_in",
            Action::StaffSignOut => "staff.sign_out",
            Action::CategoryRulesUpdate => "category_rules.update",
            Action::OfferTerms => "offer.terms",
            Action::OfferApprove => "offer.approve",
            Action::ProviderCreate => "provider.create",
            Action::ProviderRevoke => "provider.revoke",
            Action::ProviderKeyReplace => "provider.new_key",
            Action::SettlementRead => "settlement.read",
        }
    }
}

/// Records `action` on `object` by the admin key `by` (`None`: the server's command line).
pub fn record(
    conn: &mut Conn,
    by: Option<i64>,
    action: Action,
    object: &str,
    now: u64,
) -> store::DbResult<()> {
    store::audit::add(conn, now, by, None, action.name(), object)
}

/// Records an action by the admin key or the signed-in person of this request.
pub fn by(
    conn: &mut Conn,
    staff: &Staff,
    action: Action,
    object: &str,
    now: u64,
) -> store::DbResult<()> {
    let person = staff
        .subject
        .as_deref()
        .map(|subject| (subject, staff.label.as_str()));
    store::audit::add(conn, now, staff.key_id, person, action.name(), object)
}

/// Records an action by a provider: with its key the log names it as `provider:<id>` with its
/// name; a signed-in person of the provider by subject, and by name with the provider's.
pub fn by_provider(
    conn: &mut Conn,
    provider: &crate::auth::Provider,
    action: Action,
    object: &str,
    now: u64,
) -> store::DbResult<()> {
    let (subject, name) = match &provider.person {
        Some((subject, name)) => (subject.clone(), format!("{name} ({})", provider.name)),
        None => (format!("provider:{}", provider.id), provider.name.clone()),
    };
    store::audit::add(
        conn,
        now,
        None,
        Some((&subject, &name)),
        action.name(),
        object,
    )
}

/// Every entry whose object names `id` (alone, or in a list such as a batch of letters), oldest
/// first: what a family's request for insight shows.
pub fn naming(conn: &mut Conn, id: &str) -> store::DbResult<Vec<AuditEntry>> {
    store::audit::naming(conn, id)
}

pub(crate) fn router() -> Router<AppState> {
    Router::new().route(paths::ADMIN_AUDIT, get(page))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageQuery {
    /// Entries older than this id; none for the newest.
    before: Option<i64>,
}

/// `GET /api/v1/admin/audit?before=ID`: the newest [`PAGE`] entries (older than `before`).
async fn page(
    _: Admin,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<axum::Json<AuditPage>, ApiError> {
    let before = query.before.unwrap_or(i64::MAX);
    let entries = state
        .db
        .call(move |c| store::audit::page(c, before, PAGE))
        .await?;
    let next_before = (entries.len() == PAGE)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    Ok(axum::Json(AuditPage {
        entries,
        next_before,
    }))
}
