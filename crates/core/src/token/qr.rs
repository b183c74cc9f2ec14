//! The presentation as a QR code: an SVG for the app's screen and a PNG for letters, tests and
//! tools. Error correction M: it survives some glare and scratches while keeping the code small
//! enough (version 13 or below) to scan from a phone screen in poor light.

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
