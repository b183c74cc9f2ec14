//! What the card screen should say about a card at a given moment: whether its code can be shown,
//! and which warnings go with it. Plain data, so every case is tested without a screen.

use aktivitetskortet_client::wallet::{Card, REFRESH_WHEN_LEFT};
use aktivitetskortet_core::calendar::{Date, bergen_local};

/// Warn this many days before the card's own period ends.
pub const ENDS_SOON_DAYS: i64 = 14;

/// What to show for a card now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardStatus {
    /// The code can be shown, with these warnings (most urgent first).
    Showable(Vec<Warning>),
    /// The card's period is over: a new card must come from the municipality.
    Ended { last_day: Date },
    /// The phone has been offline so long that its credential ran out; the next refresh (online)
    /// brings the card back.
    NeedsNetwork,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The card's last day is near.
    EndsSoon { last_day: Date, days_left: i64 },
    /// Refreshing failed and the credential held runs out on this day (Bergen date).
    NotRefreshed { works_until: Date },
}

/// The status of `card` at `now` (Unix seconds, the phone's clock).
pub fn status(card: &Card, now: u64) -> CardStatus {
    let today = bergen_local(now).date;
    if today > card.card_valid_until {
        return CardStatus::Ended {
            last_day: card.card_valid_until,
        };
    }
    if now >= card.credential_expires_at {
        return CardStatus::NeedsNetwork;
    }
    let mut warnings = Vec::new();
    // Only when the failure matters: a refresh is tried early (ten days before the credential
    // runs out), and a phone that is offline for a day is normal.
    let left = card.credential_expires_at - now;
    if card.refresh_error.is_some() && left < REFRESH_WHEN_LEFT {
        let works_until = bergen_local(card.credential_expires_at).date;
        if works_until < card.card_valid_until {
            warnings.push(Warning::NotRefreshed { works_until });
        }
    }
    let days_left = card.card_valid_until.days_since_epoch() - today.days_since_epoch();
    if days_left <= ENDS_SOON_DAYS {
        warnings.push(Warning::EndsSoon {
            last_day: card.card_valid_until,
            days_left,
        });
    }
    CardStatus::Showable(warnings)
}

#[cfg(test)]
mod tests {
    use aktivitetskortet_core::calendar::bergen_to_unix;
    use aktivitetskortet_core::token::CompanionRule;

    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// Noon in Bergen on a date.
    fn noon(s: &str) -> u64 {
        bergen_to_unix(date(s), "12:00".parse().unwrap())
    }

    fn card(valid_until: &str, credential_until: u64, refresh_error: Option<&str>) -> Card {
        Card {
            card_id: "00112233aabbccdd".into(),
            given_name: "Amina".into(),
            birth_year: 2015,
            companion: CompanionRule::OneAtPublicEvents,
            card_valid_until: date(valid_until),
            credential_expires_at: credential_until,
            refreshed_at: noon("2026-11-20"),
            refresh_error: refresh_error.map(str::to_owned),
        }
    }

    #[test]
    fn the_cases_a_family_meets() {
        let now = noon("2026-12-02");
        let cases = [
            (
                "fresh",
                card("2027-05-31", noon("2026-12-20"), None),
                CardStatus::Showable(vec![]),
            ),
            (
                "offline for a day: no warning yet",
                card("2027-05-31", noon("2026-12-20"), Some("no network")),
                CardStatus::Showable(vec![]),
            ),
            (
                "not refreshed and running out in five days",
                card("2027-05-31", noon("2026-12-07"), Some("no network")),
                CardStatus::Showable(vec![Warning::NotRefreshed {
                    works_until: date("2026-12-07"),
                }]),
            ),
            (
                "the card itself ends in ten days: only that warning",
                card("2026-12-12", noon("2026-12-12"), Some("no network")),
                CardStatus::Showable(vec![Warning::EndsSoon {
                    last_day: date("2026-12-12"),
                    days_left: 10,
                }]),
            ),
            (
                "last day",
                card("2026-12-02", noon("2026-12-03"), None),
                CardStatus::Showable(vec![Warning::EndsSoon {
                    last_day: date("2026-12-02"),
                    days_left: 0,
                }]),
            ),
            (
                "ended yesterday",
                card("2026-12-01", noon("2026-12-02"), None),
                CardStatus::Ended {
                    last_day: date("2026-12-01"),
                },
            ),
            (
                "credential ran out offline",
                card("2027-05-31", now - 1, Some("no network")),
                CardStatus::NeedsNetwork,
            ),
        ];
        for (what, card, expected) in cases {
            assert_eq!(status(&card, now), expected, "{what}");
        }
    }
}
