//! Links out of the app: an address in the phone's map app, and a calendar file as a download.

use aktivitetskortet_core::offer::GeoPoint;

/// Which map app a link should open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapPlatform {
    /// `geo:` links, which Android hands to the phone's map app.
    Android,
    /// Apple Maps links on iPhones and iPads.
    Apple,
    /// A web map elsewhere (desktops).
    #[default]
    Web,
}

impl MapPlatform {
    pub fn from_user_agent(agent: &str) -> MapPlatform {
        if agent.contains("Android") {
            MapPlatform::Android
        } else if ["iPhone", "iPad", "iPod", "Macintosh"]
            .iter()
            .any(|d| agent.contains(d))
        {
            MapPlatform::Apple
        } else {
            MapPlatform::Web
        }
    }
}

/// A link that opens `address` (at `point`, when the offer has coordinates) in the map app.
pub fn map_link(platform: MapPlatform, point: Option<GeoPoint>, address: &str) -> String {
    let query = percent_encode(address);
    match (platform, point) {
        (MapPlatform::Android, Some(p)) => {
            format!(
                "geo:{:.6},{:.6}?q={:.6},{:.6}({query})",
                p.lat, p.lon, p.lat, p.lon
            )
        }
        (MapPlatform::Android, None) => format!("geo:0,0?q={query}"),
        (MapPlatform::Apple, Some(p)) => {
            format!(
                "https://maps.apple.com/?ll={:.6},{:.6}&q={query}",
                p.lat, p.lon
            )
        }
        (MapPlatform::Apple, None) => format!("https://maps.apple.com/?q={query}"),
        (MapPlatform::Web, Some(p)) => format!(
            "https://www.openstreetmap.org/?mlat={:.6}&mlon={:.6}#map=17/{:.6}/{:.6}",
            p.lat, p.lon, p.lat, p.lon
        ),
        (MapPlatform::Web, None) => {
            format!("https://www.openstreetmap.org/search?query={query}")
        }
    }
}

/// A `data:` URL holding a calendar file, for a link with a `download` name: the file is made on
/// the phone, so adding an offer to the calendar works offline.
pub fn calendar_data_url(ics: &str) -> String {
    format!("data:text/calendar;charset=utf-8,{}", percent_encode(ics))
}

/// Percent-encodes everything but unreserved characters (RFC 3986), byte by byte.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KODE: GeoPoint = GeoPoint {
        lat: 60.3887,
        lon: 5.3252,
    };

    #[test]
    fn each_platform_gets_its_map_app() {
        let android = "Mozilla/5.0 (Linux; Android 13; SM-A135F) Chrome/120 Mobile";
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1";
        assert_eq!(MapPlatform::from_user_agent(android), MapPlatform::Android);
        assert_eq!(MapPlatform::from_user_agent(iphone), MapPlatform::Apple);
        assert_eq!(
            MapPlatform::from_user_agent("X11; Linux x86_64"),
            MapPlatform::Web
        );
        let address = "Rasmus Meyers allé 9, 5015 Bergen";
        assert_eq!(
            map_link(MapPlatform::Android, Some(KODE), address),
            "geo:60.388700,5.325200?q=60.388700,5.325200(Rasmus%20Meyers%20all%C3%A9%209%2C%205015%20Bergen)"
        );
        assert_eq!(
            map_link(MapPlatform::Apple, Some(KODE), "KODE"),
            "https://maps.apple.com/?ll=60.388700,5.325200&q=KODE"
        );
        assert_eq!(
            map_link(MapPlatform::Web, None, "Åsane"),
            "https://www.openstreetmap.org/search?query=%C3%85sane"
        );
    }

    #[test]
    fn calendar_files_become_data_urls() {
        let url = calendar_data_url("BEGIN:VCALENDAR\r\nSUMMARY:Svømming, 5 år\r\n");
        assert_eq!(
            url,
            "data:text/calendar;charset=utf-8,BEGIN%3AVCALENDAR%0D%0ASUMMARY%3ASv%C3%B8mming%2C%205%20%C3%A5r%0D%0A"
        );
    }
}
