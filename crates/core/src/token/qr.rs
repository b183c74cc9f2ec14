//! The presentation as a QR code: an SVG for the app's screen and a PNG for letters, tests and
//! tools, and reading one back from a camera frame or a screenshot (venue mode's decoder where the
//! browser has none). Error correction M: it survives some glare and scratches while keeping the
//! code small enough (version 13 or below) to scan from a phone screen in poor light.

use std::fmt::Write as _;

use image::{ImageEncoder, Luma};
use qrcode::{Color, EcLevel, QrCode, Version};

/// White modules around the code, as the QR standard asks for.
pub const QUIET_ZONE: usize = 4;

/// Why a text cannot be drawn as a QR code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("the text is too long for a QR code")]
    TooLong,
    #[error("the PNG could not be written: {0}")]
    Png(String),
}

/// The module matrix of a QR code.
#[derive(Debug, Clone)]
pub struct QrMatrix {
    version: i16,
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `text` at error correction M in the smallest version that holds it. Base45 text is
    /// all in the QR alphanumeric set, so it is packed 2 characters to 11 bits.
    pub fn new(text: &str) -> Result<QrMatrix, QrError> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|_| QrError::TooLong)?;
        let version = match code.version() {
            Version::Normal(v) | Version::Micro(v) => v,
        };
        Ok(QrMatrix {
            version,
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// The QR version (1–40); the width is `17 + 4 × version` modules.
    pub fn version(&self) -> i16 {
        self.version
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// An SVG that scales to its container: black modules on white, with the quiet zone, one path
    /// with a horizontal run per row segment, crisp edges. `label` becomes the accessible name.
    pub fn to_svg(&self, label: &str) -> String {
        let side = self.width + 2 * QUIET_ZONE;
        let mut path = String::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                let _ = write!(
                    path,
                    "M{} {}h{}v1h-{}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE,
                    x - start,
                    x - start
                );
            }
        }
        format!(
            concat!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" "#,
                r#"role="img" aria-label="{label}" shape-rendering="crispEdges">"#,
                r##"<rect width="{side}" height="{side}" fill="#fff"/>"##,
                r##"<path fill="#000" d="{path}"/></svg>"##
            ),
            side = side,
            label = escape_xml(label),
            path = path
        )
    }

    /// A greyscale PNG with `scale` pixels per module and the quiet zone.
    pub fn to_png(&self, scale: u32) -> Result<Vec<u8>, QrError> {
        let scale = scale.max(1);
        let side = (self.width + 2 * QUIET_ZONE) as u32 * scale;
        let quiet = QUIET_ZONE as u32;
        let image = image::GrayImage::from_fn(side, side, |px, py| {
            let (x, y) = (px / scale, py / scale);
            let dark = x >= quiet
                && y >= quiet
                && self.is_dark((x - quiet) as usize, (y - quiet) as usize);
            Luma([if dark { 0 } else { 255 }])
        });
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(image.as_raw(), side, side, image::ExtendedColorType::L8)
            .map_err(|e| QrError::Png(e.to_string()))?;
        Ok(png)
    }
}

/// Reads a QR code from a greyscale image (`width × height` bytes, row by row, 0 = black), as a
/// camera frame or a screenshot gives it. Tries the image as it is, then with its contrast
/// stretched (a dim screen behind glass), then twice the size (a code far from the camera);
/// `None` when none of them holds a readable code. Pure Rust (rqrr), so it runs in the browser.
pub fn decode_luma(width: usize, height: usize, pixels: &[u8]) -> Option<String> {
    if width == 0 || height == 0 || pixels.len() < width * height {
        return None;
    }
    let pixels = &pixels[..width * height];
    let read = |w: usize, h: usize, get: &dyn Fn(usize, usize) -> u8| {
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, get);
        prepared
            .detect_grids()
            .into_iter()
            .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
    };
    if let Some(text) = read(width, height, &|x, y| pixels[y * width + x]) {
        return Some(text);
    }
    let (lo, hi) = pixels
        .iter()
        .fold((u8::MAX, u8::MIN), |(lo, hi), &p| (lo.min(p), hi.max(p)));
    let stretch = |p: u8| -> u8 {
        if hi <= lo {
            p
        } else {
            ((u32::from(p.saturating_sub(lo)) * 255) / u32::from(hi - lo)) as u8
        }
    };
    if hi.saturating_sub(lo) < 200
        && let Some(text) = read(width, height, &|x, y| stretch(pixels[y * width + x]))
    {
        return Some(text);
    }
    // Black and white at the threshold that best splits the image's two tones (Otsu's): a
    // blurred, dim code whose greys rqrr's own thresholding reads as one.
    let threshold = otsu_threshold(pixels);
    let binary = |p: u8| if p <= threshold { 0 } else { 255 };
    if let Some(text) = read(width, height, &|x, y| binary(pixels[y * width + x])) {
        return Some(text);
    }
    // Small frames only: doubling a large one costs time and gains nothing. Twice the size with
    // the greys in between (bilinear), then black and white: small, soft modules get sharp edges
    // where they really are.
    if width * height <= 1_000_000 {
        let at =
            |x: usize, y: usize| f32::from(pixels[y.min(height - 1) * width + x.min(width - 1)]);
        let smooth = |x: usize, y: usize| -> u8 {
            let (fx, fy) = ((x as f32 - 0.5) / 2.0, (y as f32 - 0.5) / 2.0);
            let (x0, y0) = (fx.max(0.0) as usize, fy.max(0.0) as usize);
            let (tx, ty) = (
                (fx - x0 as f32).clamp(0.0, 1.0),
                (fy - y0 as f32).clamp(0.0, 1.0),
            );
            let top = at(x0, y0) * (1.0 - tx) + at(x0 + 1, y0) * tx;
            let bottom = at(x0, y0 + 1) * (1.0 - tx) + at(x0 + 1, y0 + 1) * tx;
            binary((top * (1.0 - ty) + bottom * ty) as u8)
        };
        return read(width * 2, height * 2, &smooth);
    }
    None
}

/// The grey level that splits `pixels` into two classes with the largest variance between them.
fn otsu_threshold(pixels: &[u8]) -> u8 {
    let mut histogram = [0u64; 256];
    for &p in pixels {
        histogram[p as usize] += 1;
    }
    let total = pixels.len() as f64;
    let sum: f64 = histogram
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut below, mut below_sum, mut best, mut best_var) = (0.0, 0.0, 127u8, -1.0);
    for (i, &n) in histogram.iter().enumerate() {
        below += n as f64;
        if below == 0.0 || below == total {
            continue;
        }
        below_sum += i as f64 * n as f64;
        let above = total - below;
        let (m0, m1) = (below_sum / below, (sum - below_sum) / above);
        let var = below * above * (m0 - m1) * (m0 - m1);
        if var > best_var {
            best_var = var;
            best = i as u8;
        }
    }
    best
}

fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_draws_the_modules_with_a_quiet_zone() {
        let qr = QrMatrix::new("KA1:HELLO").unwrap();
        assert_eq!(qr.version(), 1);
        assert_eq!(qr.width(), 21);
        let svg = qr.to_svg("Kort for <Amina>");
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.contains(r#"viewBox="0 0 29 29""#));
        assert!(svg.contains(r#"aria-label="Kort for &lt;Amina&gt;""#));
        // The top-left finder pattern's first row: 7 dark modules from (4, 4).
        assert!(svg.contains("M4 4h7v1h-7z"), "{svg}");
    }

    #[test]
    fn a_drawn_code_reads_back_and_junk_reads_as_nothing() {
        let qr = QrMatrix::new("KA1:HELLO WORLD").unwrap();
        let scale = 3;
        let side = (qr.width() + 2 * QUIET_ZONE) * scale;
        let pixels: Vec<u8> = (0..side * side)
            .map(|i| {
                let (x, y) = ((i % side) / scale, (i / side) / scale);
                let dark = x >= QUIET_ZONE
                    && y >= QUIET_ZONE
                    && qr.is_dark(x - QUIET_ZONE, y - QUIET_ZONE);
                if dark { 0 } else { 255 }
            })
            .collect();
        assert_eq!(
            decode_luma(side, side, &pixels).as_deref(),
            Some("KA1:HELLO WORLD")
        );
        assert_eq!(decode_luma(side, side, &vec![128; side * side]), None);
        assert_eq!(
            decode_luma(side, side, &pixels[..10]),
            None,
            "too few pixels"
        );
        assert_eq!(decode_luma(0, 0, &[]), None);
    }

    #[test]
    fn png_is_a_png_of_the_right_size() {
        let qr = QrMatrix::new("KA1:HELLO").unwrap();
        let png = qr.to_png(3).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let image = image::load_from_memory(&png).unwrap().to_luma8();
        assert_eq!(image.dimensions(), (87, 87));
        assert_eq!(image.get_pixel(0, 0).0, [255]);
        assert_eq!(image.get_pixel(12, 12).0, [0]);
    }
}
