//! Reads the card's QR code from a screenshot and checks it with the verifier, the way a venue
//! would: the browser tests use it to prove that what the app draws is a card that verifies.
//!
//! ```text
//! cargo run -p aktivitetskortet-core --example verify-qr -- \
//!     SCREENSHOT.png TRUST_LIST.cose REVOCATION_LIST.cose LIST_KEY_HEX [UNIX_TIME]
//! ```
//!
//! Prints one JSON line: the text found and the verdict (`VALID` with the holder's name, or the
//! reason's code). Exits with 1 when no QR code can be read, 2 on bad arguments.

use std::process::ExitCode;

use aktivitetskortet_core::token::qr::decode_luma;
use aktivitetskortet_core::token::{
    self, Alg, Policy, PublicKey, RevocationList, TrustList, Verdict,
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!(
            "usage: verify-qr SCREENSHOT.png TRUST_LIST.cose REVOCATION_LIST.cose LIST_KEY_HEX [UNIX_TIME]"
        );
        return ExitCode::from(2);
    }
    match run(&args) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("verify-qr: {why}");
            ExitCode::from(1)
        }
    }
}

fn run(args: &[String]) -> Result<String, String> {
    let image = image::open(&args[0])
        .map_err(|e| format!("cannot read {}: {e}", args[0]))?
        .to_luma8();
    // The venue's own decoder, the one the app uses where the browser has none.
    let text = decode_luma(
        image.width() as usize,
        image.height() as usize,
        image.as_raw(),
    )
    .ok_or_else(|| format!("no QR code found in {}", args[0]))?;

    let key_bytes = hex::decode(args[3].trim()).map_err(|e| format!("list key: {e}"))?;
    let list_key = PublicKey::from_bytes(Alg::EdDsa, &key_bytes).map_err(|e| e.to_string())?;
    let read = |path: &str| std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"));
    let keys = [list_key];
    let trust =
        TrustList::open(&read(&args[1])?, &keys, None).map_err(|e| format!("trust list: {e}"))?;
    let revocations = RevocationList::open(&read(&args[2])?, &keys, None)
        .map_err(|e| format!("revocation list: {e}"))?;
    let now = match args.get(4) {
        Some(t) => t.parse().map_err(|_| format!("{t:?} is not a Unix time"))?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| e.to_string())?
            .as_secs(),
    };
    let verdict = token::verify(&text, now, &trust, &revocations, &Policy::default());
    let result = match verdict {
        Verdict::Valid(admitted) => serde_json::json!({
            "text": text,
            "verdict": "VALID",
            "given_name": admitted.given_name,
            "birth_year": admitted.birth_year,
            "age": admitted.age,
        }),
        Verdict::NotValid(reason) => serde_json::json!({ "text": text, "verdict": reason.code() }),
    };
    Ok(result.to_string())
}
