//! What the card costs on a phone and at a venue: issuing (server), presenting (the phone, every
//! 10 s), verifying (the venue, per scan) and drawing the QR (the phone, every 10 s).
//! Run: `cargo bench -p aktivitetskortet-core --bench token`; figures go in BENCHMARKS.md.

use std::hint::black_box;

use aktivitetskortet_core::token::qr::{QrMatrix, decode_luma};
use aktivitetskortet_core::token::*;
use criterion::{Criterion, criterion_group, criterion_main};

const NOW: u64 = 1_790_000_000;

fn setup() -> (IssuerKey, DeviceKey, CardClaims, Validity, TrustList) {
    let issuer = IssuerKey::from_seed(&[0x11; 32]);
    let device = DeviceKey::from_secret(&[0x31; 32]).unwrap();
    let claims = CardClaims {
        card_id: CardId([1, 2, 3, 4, 5, 6, 7, 8]),
        given_name: "Maximiliana Johansen".into(),
        birth_year: 2014,
        companion: CompanionRule::OneAtPublicEvents,
    };
    let validity = Validity::for_card(NOW, NOW, NOW + 180 * 86_400, 31 * 86_400).unwrap();
    let trust = TrustList {
        sequence: 1,
        issued_at: NOW,
        keys: vec![TrustedKey {
            kid: issuer.kid(),
            key: issuer.public_key(),
            not_before: NOW,
            not_after: NOW + 400 * 86_400,
        }],
    };
    (issuer, device, claims, validity, trust)
}

fn token(c: &mut Criterion) {
    let (issuer, device, claims, validity, trust) = setup();
    let public = device.public_key();
    let credential = Credential::issue(&claims, validity, &public, &issuer).unwrap();
    let text = Presentation::create(&credential, &device, NOW)
        .unwrap()
        .qr_text;
    let revocations = RevocationList::default();
    let policy = Policy::default();

    c.bench_function("issue credential", |b| {
        b.iter(|| Credential::issue(black_box(&claims), validity, &public, &issuer).unwrap())
    });
    c.bench_function("present (sign the time)", |b| {
        b.iter(|| Presentation::create(black_box(&credential), &device, NOW).unwrap())
    });
    c.bench_function("verify presentation", |b| {
        b.iter(|| {
            let verdict = verify(black_box(&text), NOW + 3, &trust, &revocations, &policy);
            assert!(matches!(verdict, Verdict::Valid(_)));
        })
    });
    c.bench_function("verify garbage (rejected early)", |b| {
        b.iter(|| {
            verify(
                black_box("KA1:NOT A CARD"),
                NOW,
                &trust,
                &revocations,
                &policy,
            )
        })
    });
    c.bench_function("QR matrix + SVG", |b| {
        b.iter(|| {
            QrMatrix::new(black_box(&text))
                .unwrap()
                .to_svg("Aktivitetskort")
        })
    });
    c.bench_function("QR matrix + PNG (4 px/module)", |b| {
        b.iter(|| QrMatrix::new(black_box(&text)).unwrap().to_png(4).unwrap())
    });
    // Venue mode's decoder on what the scanner hands it where the browser has no decoder: the
    // middle square of a 1280 × 720 camera frame, 720 × 720, here with the card's screenshot at
    // half size (the code about 290 px wide) on white.
    let shot = image::load_from_memory(include_bytes!("../tests/fixtures/holder-card.png"))
        .unwrap()
        .to_luma8();
    let half = image::imageops::resize(
        &shot,
        shot.width() / 2,
        shot.height() / 2,
        image::imageops::FilterType::Triangle,
    );
    let mut frame = image::GrayImage::from_pixel(720, 720, image::Luma([255]));
    image::imageops::overlay(&mut frame, &half, 181, 25);
    assert!(
        decode_luma(720, 720, frame.as_raw()).is_some(),
        "the frame holds a readable code"
    );
    c.bench_function("decode a 720×720 camera frame", |b| {
        b.iter(|| decode_luma(720, 720, black_box(frame.as_raw())).unwrap())
    });
    let empty = image::GrayImage::from_pixel(720, 720, image::Luma([200]));
    c.bench_function("decode a 720×720 frame without a code", |b| {
        b.iter(|| decode_luma(720, 720, black_box(empty.as_raw())))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = token
}
criterion_main!(benches);
