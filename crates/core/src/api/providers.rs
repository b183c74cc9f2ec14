//! Bodies of the providers' API (an organiser keeps its own offers, reads its visit counts and
//! its settlement report) and of the municipality's side of it (provider accounts, each offer's
//! provider, refund and approval).

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::offer::{Offer, OfferId};
use crate::stats::Cell;

/// `POST /api/v1/admin/providers`: a provider account for an organiser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateProviderRequest {
    /// The organiser's name, as its offers name it ("KODE", "Fana håndball").
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderCreated {
    pub id: i64,
    /// Shown once: only its hash is stored.
    pub key: String,
}

/// A provider account as the municipality sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderSummary {
    pub id: i64,
    pub name: String,
    /// Unix seconds.
    pub created_at: u64,
    pub revoked: bool,
    /// The offers it keeps.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub offer_ids: Vec<OfferId>,
    /// The role the identity provider gives its people so they sign in as this provider's
    /// (`aktivitetskortet-provider-3`); absent where staff do not sign in there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_role: Option<String>,
}

/// The municipality's terms for an offer, which the public catalogue does not carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferTerms {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub offer_id: OfferId,
    /// The provider that keeps the offer, if one does.
    pub provider_id: Option<i64>,
    /// What the municipality refunds per person let in (the holder, and a companion), in øre.
    pub refund_ore: Option<u32>,
    /// A provider's new offer waiting for the municipality's approval: holders do not see it.
    pub pending: bool,
}

/// `PUT /api/v1/admin/offers/{id}/terms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetOfferTerms {
    pub provider_id: Option<i64>,
    /// In øre, at most 1 000 000 (10 000 kroner).
    #[cfg_attr(feature = "openapi", schema(maximum = 1_000_000))]
    pub refund_ore: Option<u32>,
}

/// The most a refund per person may be, in øre: 10 000 kroner.
pub const MAX_REFUND_ORE: u32 = 1_000_000;

/// `GET /api/v1/provider/me`: the provider of the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderInfo {
    pub id: i64,
    pub name: String,
    /// Whether its new offers wait for the municipality's approval before holders see them.
    pub approval_required: bool,
}

/// `GET /api/v1/provider/offers`: the provider's offers, those waiting for approval named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderOffers {
    pub offers: Vec<Offer>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub pending: Vec<OfferId>,
}

/// `GET /api/v1/provider/visits?year=2026`: visits and children per offer and closed month, each
/// pair hidden (`"<5"`) when either is 1–4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderVisits {
    pub year: i32,
    /// The months of the year that are closed (no late upload can change them), `2026-11`.
    pub months: Vec<String>,
    pub rows: Vec<ProviderVisitRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderVisitRow {
    pub offer_id: String,
    pub title: String,
    /// `2026-11`.
    pub month: String,
    pub visits: Cell,
    /// Distinct children.
    pub holders: Cell,
}

/// `GET /api/v1/provider/settlement?period=2026-11` (or `=2026`): the visits a provider claims a
/// refund for, per offer and month, with companions apart, priced by the refund the
/// municipality set. Exact counts: what is paid must add up, and each visit is one the
/// provider's own staff let in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Settlement {
    pub provider: String,
    /// `2026-11` or `2026`.
    pub period: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
    /// Whether the period is over and no late upload can change it (15 days after its end).
    pub complete: bool,
    pub rows: Vec<SettlementRow>,
    pub total: SettlementTotal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettlementRow {
    /// `2026-11`.
    pub month: String,
    pub offer_id: String,
    pub title: String,
    /// Holders let in.
    pub visits: u64,
    /// Companions let in with them.
    pub companions: u64,
    /// Of the visits, those over a visit limit (let in over one, or found over one later).
    pub over_limit: u64,
    /// The refund per person, in øre; none set yet.
    pub refund_ore: Option<u32>,
    /// (visits + companions) × refund, in øre; none without a refund.
    pub amount_ore: Option<u64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettlementTotal {
    pub visits: u64,
    pub companions: u64,
    pub over_limit: u64,
    /// The rows' amounts added up (rows without a refund count nothing).
    pub amount_ore: u64,
}

impl SettlementRow {
    /// The row with its amount: each person let in (holder or companion) at the refund.
    pub fn priced(mut self) -> SettlementRow {
        self.amount_ore = self
            .refund_ore
            .map(|ore| (self.visits + self.companions) * u64::from(ore));
        self
    }
}

impl SettlementTotal {
    /// The rows added up.
    pub fn of(rows: &[SettlementRow]) -> SettlementTotal {
        rows.iter()
            .fold(SettlementTotal::default(), |t, r| SettlementTotal {
                visits: t.visits + r.visits,
                companions: t.companions + r.companions,
                over_limit: t.over_limit + r.over_limit,
                amount_ore: t.amount_ore + r.amount_ore.unwrap_or(0),
            })
    }
}

/// Øre as kroner with two decimals and a decimal point (`1234.50`), as a spreadsheet reads it.
pub fn kroner(ore: u64) -> String {
    format!("{}.{:02}", ore / 100, ore % 100)
}

impl Settlement {
    /// The report as CSV: one line per offer and month, then the total; amounts in kroner.
    /// Lines end in CRLF; a field a spreadsheet would run as a formula gets a leading `'`.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "month,offer_id,offer,visits,companions,over_limit,refund_per_person_nok,amount_nok\r\n",
        );
        let line = |fields: [String; 8]| {
            let mut line = fields
                .iter()
                .map(|f| crate::csv_table::csv_field(f))
                .collect::<Vec<_>>()
                .join(",");
            line.push_str("\r\n");
            line
        };
        for r in &self.rows {
            out.push_str(&line([
                r.month.clone(),
                r.offer_id.clone(),
                r.title.clone(),
                r.visits.to_string(),
                r.companions.to_string(),
                r.over_limit.to_string(),
                r.refund_ore.map(|o| kroner(o.into())).unwrap_or_default(),
                r.amount_ore.map(kroner).unwrap_or_default(),
            ]));
        }
        let t = self.total;
        out.push_str(&line([
            "total".into(),
            String::new(),
            String::new(),
            t.visits.to_string(),
            t.companions.to_string(),
            t.over_limit.to_string(),
            String::new(),
            kroner(t.amount_ore),
        ]));
        // A spreadsheet keeps no flag: a running period says in a line of its own that its
        // figures may still grow, so nobody pays or invoices from them by mistake.
        if !self.complete {
            let closes = crate::stats::closes_after(self.to);
            out.push_str(&line([
                format!("not final: visits may be uploaded until {closes}"),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(offer: &str, visits: u64, companions: u64, refund: Option<u32>) -> SettlementRow {
        SettlementRow {
            month: "2026-11".into(),
            offer_id: offer.into(),
            title: format!("=Tilbud {offer}"),
            visits,
            companions,
            over_limit: 1,
            refund_ore: refund,
            amount_ore: None,
        }
        .priced()
    }

    #[test]
    fn a_settlement_adds_up_and_prices_each_person_let_in() {
        let rows = vec![row("a", 10, 3, Some(7_550)), row("b", 4, 0, None)];
        assert_eq!(rows[0].amount_ore, Some(13 * 7_550));
        assert_eq!(rows[1].amount_ore, None, "no refund set: nothing priced");
        let total = SettlementTotal::of(&rows);
        assert_eq!(
            total,
            SettlementTotal {
                visits: 14,
                companions: 3,
                over_limit: 2,
                amount_ore: 98_150,
            }
        );
        let settlement = Settlement {
            provider: "KODE".into(),
            period: "2026-11".into(),
            from: "2026-11-01".parse().unwrap(),
            to: "2026-11-30".parse().unwrap(),
            complete: true,
            rows,
            total,
        };
        // Golden: what a municipality's spreadsheet reads. A change here is a format change.
        assert_eq!(
            settlement.to_csv(),
            "month,offer_id,offer,visits,companions,over_limit,refund_per_person_nok,amount_nok\r\n\
             2026-11,a,'=Tilbud a,10,3,1,75.50,981.50\r\n\
             2026-11,b,'=Tilbud b,4,0,1,,\r\n\
             total,,,14,3,2,,981.50\r\n"
        );
        // A running period says so under its total.
        let running = Settlement {
            complete: false,
            ..settlement
        };
        assert!(running.to_csv().ends_with(
            "total,,,14,3,2,,981.50\r\n\
             not final: visits may be uploaded until 2026-12-15,,,,,,,\r\n"
        ));
    }
}
