//! The presentation as a QR code: small enough to scan from a screen, and the rendered PNG decodes
//! (with `rqrr`, a pure-Rust decoder) back to a presentation the verifier accepts.

use aktivitetskortet_core::token::qr::QrMatrix;
use aktivitetskortet_core::token::*;

use crate::support::{self, DEVICE_SECRET, ISSUED_AT, ISSUER_SEED, LIST_SEED, VERIFY_AT};

fn presentation_for(name: &str) -> String {
    let issuer = IssuerKey::from_seed(&ISSUER_SEED);
    let device = DeviceKey::from_secret(&DEVICE_SECRET).unwrap();
    let claims = CardClaims {
        card_id: support::CARD_ID,
        given_name: name.into(),
        birth_year: 2009,
        companion: CompanionRule::OneAtPublicEvents,
    };
    let validity =
        Validity::for_card(ISSUED_AT, ISSUED_AT, ISSUED_AT + 180 * 86_400, 31 * 86_400).unwrap();
    let credential = Credential::issue(&claims, validity, &device.public_key(), &issuer).unwrap();
    Presentation::create(&credential, &device, VERIFY_AT)
        .unwrap()
        .qr_text
}

#[test]
fn a_twenty_character_name_stays_at_version_13_or_below() {
    for name in [
        "Maximiliana Johansen",  // 20 Latin letters
        "Олександра Шевченко ї", // 21 Cyrillic characters, 39 bytes
        "عبدالرحمن محمد الحسين", // 21 Arabic characters
        "Zoë-Åsmund Bjørnstadø", // Norwegian letters
    ] {
        let text = presentation_for(name);
        let qr = QrMatrix::new(&text).unwrap();
        assert!(qr.version() <= 13, "{name}: version {}", qr.version());
    }
    // The most any name can take (48 bytes) is still version 13.
    let longest = QrMatrix::new(&presentation_for(&"ж".repeat(24))).unwrap();
    assert_eq!(longest.version(), 13);
    assert_eq!(
        QrMatrix::new(&presentation_for("Amina")).unwrap().version(),
        12
    );
}

#[test]
fn rendered_png_decodes_and_verifies() {
    let text = presentation_for("Jonas");
    let png = QrMatrix::new(&text).unwrap().to_png(4).unwrap();

    let image = image::load_from_memory(&png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    let (meta, content) = grids[0].decode().unwrap();
    assert_eq!(content, text);
    assert_eq!(meta.ecc_level, 0, "error correction M"); // rqrr numbers M as 0
    assert_eq!(meta.version.0, 12);

    let list_key = IssuerKey::from_seed(&LIST_SEED);
    let issuer = IssuerKey::from_seed(&ISSUER_SEED);
    let trust = TrustList {
        sequence: 1,
        issued_at: ISSUED_AT,
        keys: vec![TrustedKey {
            kid: issuer.kid(),
            key: issuer.public_key(),
            not_before: ISSUED_AT,
            not_after: ISSUED_AT + 400 * 86_400,
        }],
    };
    let trust = TrustList::open(&trust.sign(&list_key), &[list_key.public_key()], None).unwrap();
    match verify(
        &content,
        VERIFY_AT + 2,
        &trust,
        &RevocationList::default(),
        &Policy::default(),
    ) {
        Verdict::Valid(admitted) => {
            assert_eq!(admitted.given_name, "Jonas");
            assert_eq!(admitted.age, 17);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn svg_has_every_dark_module() {
    let text = presentation_for("Amina");
    let qr = QrMatrix::new(&text).unwrap();
    let svg = qr.to_svg("Aktivitetskort");
    // Count the dark modules the path draws: the sum of its horizontal runs.
    let drawn: usize = svg
        .split('h')
        .skip(1)
        .filter_map(|run| run.split('v').next()?.parse::<usize>().ok())
        .sum();
    let dark = (0..qr.width())
        .flat_map(|y| (0..qr.width()).map(move |x| (x, y)))
        .filter(|&(x, y)| qr.is_dark(x, y))
        .count();
    assert_eq!(drawn, dark);
    assert!(
        svg.contains(r#"viewBox="0 0 73 73""#),
        "65 modules + 2 × 4 quiet zone"
    );
}
