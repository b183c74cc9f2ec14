//! Property tests of the token: whatever the claims and keys, issue → present → verify gives the
//! claims back; any single changed bit or character is refused; no input makes the verifier panic.

use aktivitetskortet_core::token::*;
use proptest::prelude::*;

use crate::support::{ISSUED_AT, LIST_SEED, VERIFY_AT};

struct World {
    issuer: IssuerKey,
    trust: TrustList,
}

fn world(issuer_seed: [u8; 32]) -> World {
    let issuer = IssuerKey::from_seed(&issuer_seed);
    let list_key = IssuerKey::from_seed(&LIST_SEED);
    let trust = TrustList {
        sequence: 1,
        issued_at: ISSUED_AT,
        keys: vec![TrustedKey {
            kid: issuer.kid(),
            key: issuer.public_key(),
            not_before: 0,
            not_after: u64::MAX,
        }],
    };
    let trust = TrustList::open(&trust.sign(&list_key), &[list_key.public_key()], None).unwrap();
    World { issuer, trust }
}

fn companion() -> impl Strategy<Value = CompanionRule> {
    prop_oneof![
        Just(CompanionRule::None),
        Just(CompanionRule::OneAtPublicEvents),
        Just(CompanionRule::OneEverywhere),
    ]
}

/// Given names as people have them: letters of several scripts, spaces and hyphens inside.
fn given_name() -> impl Strategy<Value = String> {
    "[A-Za-zÆØÅæøåА-Яа-яء-ي]{1,10}([ -][A-Za-zА-Яа-яء-ي]{1,8})?"
        .prop_filter("fits", |n| check_given_name(n).is_ok())
}

fn device_key() -> impl Strategy<Value = DeviceKey> {
    any::<[u8; 32]>().prop_filter_map("valid scalar", |s| DeviceKey::from_secret(&s).ok())
}

fn presentation(world: &World, device: &DeviceKey, claims: &CardClaims, at: u64) -> Presentation {
    let validity =
        Validity::for_card(ISSUED_AT, ISSUED_AT, ISSUED_AT + 180 * 86_400, 31 * 86_400).unwrap();
    let credential =
        Credential::issue(claims, validity, &device.public_key(), &world.issuer).unwrap();
    assert_eq!(
        Credential::from_bytes(credential.as_bytes()).unwrap(),
        credential
    );
    Presentation::create(&credential, device, at).unwrap()
}

fn rejected(verdict: &Verdict) -> bool {
    matches!(verdict, Verdict::NotValid(_))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn issue_present_verify_round_trips(
        issuer_seed in any::<[u8; 32]>(),
        device in device_key(),
        card_id in any::<[u8; 8]>(),
        given_name in given_name(),
        birth_year in 2000u16..=2026,
        companion in companion(),
        age_of_code in 0u64..=60,
    ) {
        let world = world(issuer_seed);
        let claims = CardClaims { card_id: CardId(card_id), given_name, birth_year, companion };
        let shown = presentation(&world, &device, &claims, VERIFY_AT - age_of_code);
        let verdict = verify(&shown.qr_text, VERIFY_AT, &world.trust, &RevocationList::default(), &Policy::default());
        let Verdict::Valid(admitted) = verdict else { panic!("{verdict:?}") };
        prop_assert_eq!(admitted.card_id, claims.card_id);
        prop_assert_eq!(admitted.given_name, claims.given_name);
        prop_assert_eq!(admitted.birth_year, birth_year);
        prop_assert_eq!(admitted.age, 2026 - birth_year);
        prop_assert_eq!(admitted.companion, companion);
        prop_assert_eq!(admitted.presented_at, VERIFY_AT - age_of_code);
    }

    /// A key that signs elsewhere (WebCrypto, a platform keystore) signs `to_be_signed` and hands
    /// back the signature: the presentation is byte for byte the one `create` makes.
    #[test]
    fn a_signature_made_elsewhere_gives_the_same_presentation(
        device in device_key(),
        age_of_code in 0u64..=60,
    ) {
        let world = world([0x22; 32]);
        let claims = CardClaims {
            card_id: CardId([2; 8]),
            given_name: "Nora".into(),
            birth_year: 2015,
            companion: CompanionRule::None,
        };
        let at = VERIFY_AT - age_of_code;
        let made = presentation(&world, &device, &claims, at);
        let tbs = Presentation::to_be_signed(&made.credential, at);
        let elsewhere = Presentation::with_signature(&made.credential, at, device.sign(&tbs));
        prop_assert_eq!(&elsewhere, &made);
        let other = DeviceKey::from_secret(&[7; 32]).unwrap();
        let forged = Presentation::with_signature(&made.credential, at, other.sign(&tbs));
        let verdict = verify(&forged.qr_text, VERIFY_AT, &world.trust, &RevocationList::default(), &Policy::default());
        prop_assert!(matches!(verdict, Verdict::NotValid(Reason::BadDeviceSignature)), "{:?}", verdict);
    }

    /// Any one changed character of the QR text is refused.
    #[test]
    fn any_changed_character_is_refused(
        device in device_key(),
        position in any::<prop::sample::Index>(),
        replacement in prop::sample::select(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:a".to_vec()),
    ) {
        let world = world([0x11; 32]);
        let claims = CardClaims {
            card_id: CardId([1; 8]),
            given_name: "Oksana".into(),
            birth_year: 2020,
            companion: CompanionRule::OneAtPublicEvents,
        };
        let text = presentation(&world, &device, &claims, VERIFY_AT).qr_text;
        let mut bytes = text.clone().into_bytes();
        let i = position.index(bytes.len());
        prop_assume!(bytes[i] != replacement);
        bytes[i] = replacement;
        let changed = String::from_utf8(bytes).unwrap();
        let verdict = verify(&changed, VERIFY_AT, &world.trust, &RevocationList::default(), &Policy::default());
        prop_assert!(rejected(&verdict), "{changed} was accepted");
    }

    #[test]
    fn the_verifier_never_panics_on_text(text in "\\PC{0,600}") {
        let world = world([0x11; 32]);
        let _ = verify(&text, VERIFY_AT, &world.trust, &RevocationList::default(), &Policy::default());
        let prefixed = format!("KA1:{text}");
        let _ = verify(&prefixed, VERIFY_AT, &world.trust, &RevocationList::default(), &Policy::default());
    }

    #[test]
    fn the_verifier_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let world = world([0x11; 32]);
        let text = format!("KA1:{}", base45::encode(&bytes));
        let verdict = verify(&text, VERIFY_AT, &world.trust, &RevocationList::default(), &Policy::default());
        prop_assert!(rejected(&verdict));
    }
}

/// Every single-bit flip of a presentation's bytes is refused: all of them, not a sample.
#[test]
fn every_single_bit_flip_is_refused() {
    let world = world([0x11; 32]);
    let device = DeviceKey::from_secret(&[0x31; 32]).unwrap();
    let claims = CardClaims {
        card_id: CardId([7; 8]),
        given_name: "Jonas".into(),
        birth_year: 2011,
        companion: CompanionRule::None,
    };
    let shown = presentation(&world, &device, &claims, VERIFY_AT);
    let check = |bytes: &[u8]| {
        let text = format!("{PREFIX}{}", base45::encode(bytes));
        verify(
            &text,
            VERIFY_AT,
            &world.trust,
            &RevocationList::default(),
            &Policy::default(),
        )
    };
    assert!(matches!(check(&shown.cbor), Verdict::Valid(_)));
    let mut accepted = Vec::new();
    for bit in 0..shown.cbor.len() * 8 {
        let mut flipped = shown.cbor.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        if !rejected(&check(&flipped)) {
            accepted.push(bit);
        }
    }
    assert!(
        accepted.is_empty(),
        "bits whose flip was accepted: {accepted:?}"
    );
}
