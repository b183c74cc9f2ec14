//! Venue mode's answer to a scanned card, as the screen shows it: green (let in), amber (let in,
//! but look again: the same card a moment ago, or lists too old; or the card has used up its free
//! visits here, when staff decide and the decision is recorded), red (not valid, with the reason
//! in plain words). Plain data from the verifier's verdict, tested without a screen.
//!
//! Nothing here knows why a child has the card, so nothing can show it.

use aktivitetskortet_client::limits::AtTheDoor;
use aktivitetskortet_core::calendar::{Date, bergen_local};
use aktivitetskortet_core::token::{Reason, Verdict};
use aktivitetskortet_core::visit_rule::Per;

/// Amber when the same card was let in this recently (seconds): a second person with a photo of
/// the same phone, or a mistaken double scan.
pub const SEEN_RECENTLY_SECS: u64 = 5 * 60;

/// Amber when the lists are older than this (seconds): a revocation may not be known here yet.
pub const LISTS_OLD_SECS: u64 = 48 * 3_600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Valid,
    Warn,
    Invalid,
}

/// Something staff should know before letting the holder in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    SeenRecently {
        minutes: u64,
    },
    ListsOld {
        hours: u64,
    },
    /// The card has used its `max` free visits here in the period running now.
    LimitReached {
        max: u16,
        per: Per,
    },
    /// One free visit is left, and a companion uses one too here: not enough for both.
    OneLeft,
}

/// What the verdict screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckView {
    Admit {
        tone: Tone,
        card_id: String,
        given_name: String,
        age: u16,
        /// The credential's last day (Bergen date).
        valid_until: Date,
        /// Whether one companion comes in free, here.
        companion: bool,
        notes: Vec<Note>,
        /// The card has used up its free visits here: staff let the holder in anyway (an
        /// override) or not, and either is recorded.
        at_limit: bool,
    },
    Refuse {
        /// The message id of the reason in plain words.
        reason: &'static str,
        /// What staff can do about it.
        hint: &'static str,
    },
}

/// The plain words for a reason (message id) and what staff can do (message id). Several codes
/// mean the same thing at a desk: "not genuine" is every broken or forged code.
pub fn reason_text(reason: Reason) -> (&'static str, &'static str) {
    match reason {
        Reason::Expired => ("reason-expired", "hint-new-card"),
        Reason::NotYetValid => ("reason-not-yet-valid", "hint-new-card"),
        Reason::Revoked => ("reason-revoked", "hint-revoked"),
        Reason::Stale | Reason::FromTheFuture => ("reason-old-code", "hint-live-code"),
        Reason::UnknownKey | Reason::IssuerKeyNotValid => {
            ("reason-unknown-issuer", "hint-update-lists")
        }
        Reason::NotACard | Reason::UnsupportedVersion => ("reason-not-a-card", "hint-show-card"),
        Reason::Oversized
        | Reason::BadEncoding
        | Reason::Malformed
        | Reason::AlgorithmMismatch
        | Reason::BadIssuerSignature
        | Reason::BadDeviceSignature => ("reason-not-genuine", "hint-not-genuine"),
    }
}

/// What the desk knows besides the verdict: when this device last let the same card in, when
/// the older of its lists was issued, whether the offer takes companions, and where the card
/// stands at the offer's visit limit (if it has one).
#[derive(Debug, Clone, Copy, Default)]
pub struct DeskFacts {
    pub last_checkin: Option<u64>,
    pub lists_issued_at: u64,
    pub offer_takes_companion: bool,
    pub door: Option<AtTheDoor>,
}

/// The screen for `verdict` at `now`, given what the desk knows.
pub fn check_view(verdict: &Verdict, now: u64, facts: DeskFacts) -> CheckView {
    let DeskFacts {
        last_checkin,
        lists_issued_at,
        offer_takes_companion,
        door,
    } = facts;
    let admitted = match verdict {
        Verdict::Valid(admitted) => admitted,
        Verdict::NotValid(reason) => {
            let (reason, hint) = reason_text(*reason);
            return CheckView::Refuse { reason, hint };
        }
    };
    let mut notes = Vec::new();
    if let Some(at) = last_checkin
        && now.saturating_sub(at) < SEEN_RECENTLY_SECS
    {
        notes.push(Note::SeenRecently {
            minutes: now.saturating_sub(at) / 60,
        });
    }
    let age = now.saturating_sub(lists_issued_at);
    if age > LISTS_OLD_SECS {
        notes.push(Note::ListsOld { hours: age / 3_600 });
    }
    let at_limit = door.is_some_and(|d| d.reached());
    let mut companion = admitted.companion.allows(offer_takes_companion);
    if let Some(door) = door {
        if at_limit {
            notes.insert(
                0,
                Note::LimitReached {
                    max: door.limit.max,
                    per: door.limit.per,
                },
            );
        } else if companion && !door.companion_fits() {
            notes.push(Note::OneLeft);
            companion = false;
        }
    }
    CheckView::Admit {
        tone: if notes.is_empty() {
            Tone::Valid
        } else {
            Tone::Warn
        },
        card_id: admitted.card_id.to_string(),
        given_name: admitted.given_name.clone(),
        age: admitted.age,
        // The last moment it is valid, as a Bergen date.
        valid_until: bergen_local(admitted.valid_until.saturating_sub(1)).date,
        companion,
        notes,
        at_limit,
    }
}

#[cfg(test)]
mod tests {
    use aktivitetskortet_core::token::{Admitted, CardId, CompanionRule};

    use super::*;

    const NOW: u64 = 1_796_212_800; // 2026-12-02 12:00 UTC

    fn valid(companion: CompanionRule) -> Verdict {
        Verdict::Valid(Admitted {
            card_id: CardId([0xab; 8]),
            given_name: "Amina".into(),
            birth_year: 2015,
            age: 11,
            valid_until: NOW + 20 * 86_400,
            companion,
            presented_at: NOW - 3,
        })
    }

    fn facts(last: Option<u64>, lists: u64, companion: bool) -> DeskFacts {
        DeskFacts {
            last_checkin: last,
            lists_issued_at: lists,
            offer_takes_companion: companion,
            door: None,
        }
    }

    #[test]
    fn a_valid_card_is_green_with_what_staff_compare() {
        let view = check_view(
            &valid(CompanionRule::OneAtPublicEvents),
            NOW,
            facts(None, NOW - 3_600, true),
        );
        assert_eq!(
            view,
            CheckView::Admit {
                tone: Tone::Valid,
                card_id: "abababababababab".into(),
                given_name: "Amina".into(),
                age: 11,
                valid_until: "2026-12-22".parse().unwrap(),
                companion: true,
                notes: vec![],
                at_limit: false,
            }
        );
    }

    #[test]
    fn the_same_card_again_or_old_lists_turn_it_amber() {
        let view = check_view(
            &valid(CompanionRule::None),
            NOW,
            facts(Some(NOW - 130), NOW - 49 * 3_600, true),
        );
        let CheckView::Admit {
            tone,
            notes,
            companion,
            ..
        } = view
        else {
            panic!("{view:?}")
        };
        assert_eq!(tone, Tone::Warn);
        assert!(!companion, "the card allows no companion");
        assert_eq!(
            notes,
            [
                Note::SeenRecently { minutes: 2 },
                Note::ListsOld { hours: 49 }
            ]
        );
        // Long enough ago, and lists from yesterday: green.
        let view = check_view(
            &valid(CompanionRule::None),
            NOW,
            facts(Some(NOW - 3_600), NOW - 24 * 3_600, true),
        );
        assert!(
            matches!(
                view,
                CheckView::Admit {
                    tone: Tone::Valid,
                    ..
                }
            ),
            "{view:?}"
        );
    }

    #[test]
    fn a_card_at_its_limit_turns_amber_and_a_companion_needs_a_visit_of_its_own() {
        use aktivitetskortet_core::visit_rule::Limit;
        let limit = |companion_counts| Limit {
            max: 5,
            per: Per::Year,
            companion_counts,
        };
        let at = |used_here, listed, companion_counts| DeskFacts {
            door: Some(AtTheDoor {
                limit: limit(companion_counts),
                used_here,
                listed,
            }),
            ..facts(None, NOW - 60, true)
        };
        let card = valid(CompanionRule::OneAtPublicEvents);
        // Reached by this desk's own count, or by the server's list: amber, decided by staff.
        for facts in [at(5, false, false), at(0, true, false)] {
            let CheckView::Admit {
                tone,
                notes,
                at_limit,
                companion,
                ..
            } = check_view(&card, NOW, facts)
            else {
                panic!()
            };
            assert_eq!((tone, at_limit, companion), (Tone::Warn, true, true));
            assert_eq!(
                notes,
                [Note::LimitReached {
                    max: 5,
                    per: Per::Year
                }]
            );
        }
        // Four of five used where a companion uses one too: the holder alone, in green's stead.
        let CheckView::Admit {
            tone,
            notes,
            companion,
            at_limit,
            ..
        } = check_view(&card, NOW, at(4, false, true))
        else {
            panic!()
        };
        assert_eq!((tone, companion, at_limit), (Tone::Warn, false, false));
        assert_eq!(notes, [Note::OneLeft]);
        // Three used: green, with the companion.
        assert!(matches!(
            check_view(&card, NOW, at(3, false, true)),
            CheckView::Admit {
                tone: Tone::Valid,
                companion: true,
                at_limit: false,
                ..
            }
        ));
    }

    #[test]
    fn every_reason_gets_plain_words() {
        let cases = [
            (Reason::Expired, "reason-expired"),
            (Reason::Revoked, "reason-revoked"),
            (Reason::Stale, "reason-old-code"),
            (Reason::FromTheFuture, "reason-old-code"),
            (Reason::UnknownKey, "reason-unknown-issuer"),
            (Reason::BadIssuerSignature, "reason-not-genuine"),
            (Reason::BadDeviceSignature, "reason-not-genuine"),
            (Reason::NotACard, "reason-not-a-card"),
        ];
        for (reason, id) in cases {
            let view = check_view(&Verdict::NotValid(reason), NOW, facts(None, NOW, true));
            assert!(
                matches!(view, CheckView::Refuse { reason: r, .. } if r == id),
                "{reason:?}: {view:?}"
            );
        }
        for reason in Reason::ALL {
            let (words, hint) = reason_text(reason);
            assert!(words.starts_with("reason-") && hint.starts_with("hint-"));
        }
    }
}
