//! The presentation as a QR code: small enough to scan from a screen, and the rendered PNG decodes
//! (with `rqrr`, a pure-Rust decoder) back to a presentation the verifier accepts.

use aktivitetskortet_core::token::qr::{QrMatrix, decode_luma};
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

/// Venue mode's decoder on a real screenshot of the holder's card (Chromium, a 390 px wide phone
/// at 2× pixels, `tests/fixtures/holder-card.png`) made worse the ways a camera makes it worse:
/// smaller, blurred, dim, noisy, and all of those together. Prints the decode rate; the cases a
/// desk scanner must handle are asserted one by one.
#[test]
fn the_decoder_reads_degraded_screenshots_of_the_card() {
    use image::imageops::{self, FilterType};
    use image::{GrayImage, Luma};

    let shot = image::load_from_memory(include_bytes!("fixtures/holder-card.png"))
        .unwrap()
        .to_luma8();
    let expected = include_str!("fixtures/holder-card.txt").trim();
    let scaled = |img: &GrayImage, f: f32| {
        let (w, h) = (
            (img.width() as f32 * f) as u32,
            (img.height() as f32 * f) as u32,
        );
        imageops::resize(img, w, h, FilterType::Triangle)
    };
    // Contrast squeezed into [lo, hi], as a dim screen behind glass.
    let dim = |img: &GrayImage, lo: u8, hi: u8| {
        GrayImage::from_fn(img.width(), img.height(), |x, y| {
            let p = u32::from(img.get_pixel(x, y).0[0]);
            Luma([(u32::from(lo) + p * u32::from(hi - lo) / 255) as u8])
        })
    };
    // Deterministic sensor noise of ±amplitude.
    let noisy = |img: &GrayImage, amplitude: i32| {
        let mut seed = 0x2545_f491u32;
        GrayImage::from_fn(img.width(), img.height(), |x, y| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let n = (seed % (2 * amplitude as u32 + 1)) as i32 - amplitude;
            Luma([(i32::from(img.get_pixel(x, y).0[0]) + n).clamp(0, 255) as u8])
        })
    };
    let half = scaled(&shot, 0.5);
    let third = scaled(&shot, 0.33);
    // (what, image, must be read): the musts are what a phone or webcam at a desk gives.
    let cases: Vec<(&str, GrayImage, bool)> = vec![
        ("as taken", shot.clone(), true),
        ("half size", half.clone(), true),
        ("a third", third.clone(), true),
        ("a quarter", scaled(&shot, 0.25), false),
        ("blurred σ1", imageops::blur(&shot, 1.0), true),
        ("blurred σ2", imageops::blur(&shot, 2.0), true),
        ("blurred σ3", imageops::blur(&shot, 3.0), false),
        ("blurred σ4", imageops::blur(&shot, 4.0), false),
        ("low contrast 40 %", dim(&shot, 80, 182), true),
        ("low contrast 20 %", dim(&shot, 102, 153), true),
        ("low contrast 10 %", dim(&shot, 115, 140), false),
        ("noise ±30", noisy(&shot, 30), true),
        ("noise ±60", noisy(&shot, 60), false),
        (
            "half size, blurred σ1, 40 % contrast",
            dim(&imageops::blur(&half, 1.0), 80, 182),
            true,
        ),
        (
            "blurred σ2, then half size, 40 % contrast",
            dim(&scaled(&imageops::blur(&shot, 2.0), 0.5), 80, 182),
            true,
        ),
        (
            "a third, blurred σ1, 20 % contrast, noise ±15",
            noisy(&dim(&imageops::blur(&third, 1.0), 102, 153), 15),
            false,
        ),
        (
            "a quarter, blurred σ1",
            imageops::blur(&scaled(&shot, 0.25), 1.0),
            false,
        ),
    ];
    let mut read = 0;
    let mut report = String::new();
    for (what, img, must) in &cases {
        let text = decode_luma(img.width() as usize, img.height() as usize, img.as_raw());
        let ok = text.as_deref() == Some(expected);
        read += usize::from(ok);
        report.push_str(&format!(
            "  {:<45} {}x{}: {}\n",
            what,
            img.width(),
            img.height(),
            if ok { "read" } else { "not read" }
        ));
        assert!(ok || !must, "{what} must be read:\n{report}");
        assert!(
            text.is_none() || ok,
            "{what}: a wrong text, never: {text:?}"
        );
    }
    println!(
        "decode rate on degraded screenshots: {read} of {} ({:.0} %)\n{report}",
        cases.len(),
        100.0 * read as f64 / cases.len() as f64
    );
    assert!(
        read * 4 >= cases.len() * 3,
        "at least three in four:\n{report}"
    );
}
