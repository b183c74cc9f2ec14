//! Precompressed copies of the web build's files: brotli at its highest quality and gzip at its
//! highest level, written next to every file worth compressing, so the server sends the smallest
//! bytes without compressing anything per request (tower-http's `ServeDir` picks `.br` or `.gz` by
//! the request's `Accept-Encoding`).

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use flate2::Compression;
use flate2::write::GzEncoder;

/// Text and wasm compress well; PNG and JPEG are compressed already.
const COMPRESSIBLE: &[&str] = &[
    "html",
    "js",
    "css",
    "wasm",
    "svg",
    "json",
    "webmanifest",
    "txt",
    "ico",
];

/// Below this a compressed copy saves less than its headers cost.
const MIN_SIZE: usize = 512;

pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?)
}

pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// Writes `name.br` and `name.gz` beside every compressible file in `dir` (recursively).
pub fn precompress(dir: &Path) -> Result<()> {
    let mut all = Vec::new();
    crate::web::files(dir, &mut all)?;
    let mut count = 0;
    for path in all {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        if bytes.len() < MIN_SIZE {
            continue;
        }
        for (suffix, packed) in [("br", brotli(&bytes)?), ("gz", gzip(&bytes)?)] {
            // A copy no smaller than the file would only cost the client time to unpack it.
            if packed.len() < bytes.len() {
                let mut name = path.as_os_str().to_owned();
                name.push(".");
                name.push(suffix);
                std::fs::write(&name, packed)
                    .with_context(|| format!("writing {}", Path::new(&name).display()))?;
            }
        }
        count += 1;
    }
    println!("xtask: precompressed {count} files (brotli 11, gzip 9)");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_copies_unpack_to_the_same_bytes_and_are_smaller() {
        let text = "Aktivitetskortet ".repeat(200).into_bytes();
        let br = brotli(&text).unwrap();
        let gz = gzip(&text).unwrap();
        assert!(br.len() < text.len() && gz.len() < text.len());
        let mut unbr = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut unbr).unwrap();
        assert_eq!(unbr, text);
        let mut ungz = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut ungz).unwrap();
        assert_eq!(ungz, text);
    }

    #[test]
    fn only_compressible_files_of_some_size_get_copies() {
        let dir = std::env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        let big = "body { color: red } ".repeat(100);
        std::fs::write(dir.join("assets/main.css"), &big).unwrap();
        std::fs::write(dir.join("tiny.js"), "x").unwrap();
        std::fs::write(dir.join("icon.png"), &big).unwrap();
        precompress(&dir).unwrap();
        assert!(dir.join("assets/main.css.br").is_file());
        assert!(dir.join("assets/main.css.gz").is_file());
        assert!(!dir.join("tiny.js.br").exists());
        assert!(!dir.join("icon.png.br").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
