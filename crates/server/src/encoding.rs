//! The encodings the server sends its own prepared bodies in (the full catalogue): what a request
//! accepts, and the compressors, so a body compressed once can be sent many times.

use std::io::Write;

use axum::http::{HeaderMap, header};
use flate2::Compression;
use flate2::write::GzEncoder;

/// A body's encoding, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Br,
    Gzip,
    Identity,
}

impl Encoding {
    /// The best encoding `Accept-Encoding` allows (a `q=0` refuses one; `*` allows any).
    pub fn accepted(headers: &HeaderMap) -> Encoding {
        let (mut br, mut gzip) = (false, false);
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
                let refused = parts.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                if refused {
                    continue;
                }
                match name.as_str() {
                    "br" => br = true,
                    "gzip" | "x-gzip" => gzip = true,
                    "*" => (br, gzip) = (true, true),
                    _ => {}
                }
            }
        }
        if br {
            Encoding::Br
        } else if gzip {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    /// The `Content-Encoding` header's value, if any.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Encoding::Br => Some("br"),
            Encoding::Gzip => Some("gzip"),
            Encoding::Identity => None,
        }
    }
}

/// gzip at its best level: for a body sent many times.
pub fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    gzip_at(bytes, Compression::best())
}

/// gzip at a fast level: for a body made for one request.
pub fn gzip_fast(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    gzip_at(bytes, Compression::fast())
}

fn gzip_at(bytes: &[u8], level: Compression) -> std::io::Result<Vec<u8>> {
    let mut enc = GzEncoder::new(Vec::new(), level);
    enc.write_all(bytes)?;
    enc.finish()
}

/// Brotli for a body sent many times. Quality 9, not 11: a 5,000-offer catalogue is several
/// megabytes, and the first phone after an edit waits for this; 9 is within a few per cent of
/// 11's size at a fraction of its time (BENCHMARKS.md).
pub fn brotli(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 9,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accepts(value: &str) -> Encoding {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        Encoding::accepted(&headers)
    }

    #[test]
    fn the_best_encoding_the_request_accepts() {
        assert_eq!(accepts("gzip, deflate, br"), Encoding::Br);
        assert_eq!(accepts("gzip"), Encoding::Gzip);
        assert_eq!(accepts("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(accepts("BR"), Encoding::Br);
        assert_eq!(accepts("identity"), Encoding::Identity);
        assert_eq!(accepts("gzip;q=0"), Encoding::Identity);
        assert_eq!(accepts("*"), Encoding::Br);
        assert_eq!(Encoding::accepted(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn compressed_bodies_unpack_to_the_original() {
        let json = br#"{"version":1,"offers":[]}"#.repeat(100);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &brotli(&json).unwrap()[..], &mut out).unwrap();
        assert_eq!(out, json);
        for gz in [gzip(&json).unwrap(), gzip_fast(&json).unwrap()] {
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut out)
                .unwrap();
            assert_eq!(out, json);
        }
    }
}
