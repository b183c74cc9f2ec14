//! Rate limits on the public endpoints a guesser or a flood would use: activations per client
//! (the socket's peer, or the client a trusted proxy names; IPv6 grouped by /64), per code, and
//! refreshes per card. Each is a `governor` GCRA limiter on the server's clock, bounded in
//! memory, and a refusal is a 429 with `Retry-After`.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::http::HeaderMap;
use governor::state::keyed::DashMapStateStore;
use ipnet::IpNet;

use crate::Clock;

/// At most this many keys per limiter (about 100 bytes each). Past it, keys not seen in a while
/// are dropped; if all are recent (a flood of distinct addresses), new keys share one bucket, so
/// memory stays bounded and the flood slows itself down rather than the server.
pub const MAX_KEYS: usize = 100_000;

/// The key new arrivals share while a limiter is full.
const OVERFLOW: &str = "(overflow)";

/// The server's clock as governor reads it: the system clock to the nanosecond, or the tests'
/// manual clock.
#[derive(Clone)]
struct LimitClock(Clock);

impl governor::clock::Clock for LimitClock {
    type Instant = Duration;

    fn now(&self) -> Duration {
        match &self.0 {
            Clock::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default(),
            manual => Duration::from_secs(manual.now()),
        }
    }
}

/// `count` attempts per `window` for each key, refilling evenly (one every `window / count`).
pub struct Limiter {
    inner: governor::RateLimiter<
        String,
        DashMapStateStore<String>,
        LimitClock,
        governor::middleware::NoOpMiddleware<Duration>,
    >,
    clock: LimitClock,
    max_keys: usize,
    /// When stale keys were last dropped (Unix seconds), so a full limiter is swept once a second
    /// at most.
    swept: AtomicU64,
}

impl Limiter {
    pub fn new(count: u32, window: Duration, clock: Clock) -> Limiter {
        Limiter::with_max_keys(count, window, clock, MAX_KEYS)
    }

    fn with_max_keys(count: u32, window: Duration, clock: Clock, max_keys: usize) -> Limiter {
        let count = NonZeroU32::new(count.max(1)).expect("at least one");
        let quota = governor::Quota::with_period(window / count.get())
            .expect("a window longer than zero")
            .allow_burst(count);
        let clock = LimitClock(clock);
        Limiter {
            inner: governor::RateLimiter::dashmap_with_clock(quota, clock.clone()),
            clock,
            max_keys,
            swept: AtomicU64::new(0),
        }
    }

    /// Counts one attempt for `key`; `Err(seconds to wait)` when over the limit.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        use governor::clock::Clock as _;
        if self.inner.len() >= self.max_keys {
            let now = self.clock.now().as_secs();
            if self.swept.swap(now, Ordering::Relaxed) != now {
                self.inner.retain_recent();
                self.inner.shrink_to_fit();
            }
        }
        let key = if self.inner.len() >= self.max_keys {
            OVERFLOW
        } else {
            key
        };
        self.inner.check_key(&key.to_owned()).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }

    /// How many keys are held now.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner.len()
    }
}

/// All the server's limits, and whom it trusts to name the client.
pub struct Limits {
    pub per_address: Limiter,
    pub per_code: Limiter,
    pub per_card: Limiter,
    trusted_proxies: Vec<IpNet>,
}

impl Limits {
    /// `activations_per_address` activations per client per quarter of an hour, 5 per code in
    /// that time, and 20 refreshes per card per hour (an app refreshes about daily; this leaves
    /// room for retries on a bad line, not for hammering).
    pub fn new(activations_per_address: u32, trusted_proxies: Vec<IpNet>, clock: &Clock) -> Limits {
        let quarter = Duration::from_secs(900);
        Limits {
            per_address: Limiter::new(activations_per_address, quarter, clock.clone()),
            per_code: Limiter::new(5, quarter, clock.clone()),
            per_card: Limiter::new(20, Duration::from_secs(3_600), clock.clone()),
            trusted_proxies,
        }
    }

    /// The client a request comes from: the socket's `peer`, unless the peer is a trusted proxy,
    /// in which case the nearest address in `Forwarded` (or, without it, `X-Forwarded-For`) that
    /// is not itself a trusted proxy. An entry that cannot be read ends the walk at the proxy that
    /// wrote it, so a forged or garbled header never names someone else.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let trusted = |ip: &IpAddr| self.trusted_proxies.iter().any(|net| net.contains(ip));
        if !trusted(&peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded_chain(headers).into_iter().rev() {
            match hop {
                Some(ip) if trusted(&ip) => client = ip,
                Some(ip) => return ip,
                None => return client,
            }
        }
        client
    }
}

/// The key a client's address is limited under: an IPv4 address as it is (an IPv4-mapped IPv6
/// address as the IPv4 one), an IPv6 address by its /64, which one household or phone holds.
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The addresses the proxies recorded, the client first and the nearest proxy's peer last;
/// `None` for an entry that is not an address (`unknown`, an obfuscated name, garbage).
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<&str> = headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|line| line.split(','))
            .map(|element| {
                element.split(';').find_map(|pair| {
                    let (name, value) = pair.split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("for")
                        .then(|| node_address(value.trim().trim_matches('"')))
                })?
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("?").split(','))
        .map(|entry| node_address(entry.trim()))
        .collect()
}

/// An address as RFC 7239 or X-Forwarded-For writes it: `192.0.2.1`, `192.0.2.1:4711`,
/// `2001:db8::1` or `[2001:db8::1]:4711`.
fn node_address(node: &str) -> Option<IpAddr> {
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    node.parse::<IpAddr>()
        .ok()
        .or_else(|| node.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
}

/// A `--trusted-proxy` value: a network (`10.0.0.0/8`, `2001:db8::/32`) or one address.
pub fn parse_proxy(value: &str) -> Result<IpNet, String> {
    value
        .parse::<IpNet>()
        .or_else(|_| value.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{value:?} is not an address or a network such as 10.0.0.0/8"))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::http::HeaderValue;

    use super::*;

    fn manual(now: u64) -> Clock {
        Clock::Manual(Arc::new(AtomicU64::new(now)))
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_limit_refuses_with_the_wait_and_refills() {
        let clock = manual(1_000);
        let limiter = Limiter::new(3, Duration::from_secs(900), clock.clone());
        for _ in 0..3 {
            assert_eq!(limiter.check("a"), Ok(()));
        }
        // One attempt comes back every 300 s.
        assert_eq!(limiter.check("a"), Err(300));
        assert_eq!(limiter.check("b"), Ok(()), "another key has its own");
        clock.set(1_200);
        assert_eq!(limiter.check("a"), Err(100));
        clock.set(1_300);
        assert_eq!(limiter.check("a"), Ok(()));
        assert_eq!(limiter.check("a"), Err(300));
    }

    #[test]
    fn a_flood_of_distinct_keys_stays_bounded() {
        let clock = manual(1_000);
        let limiter = Limiter::with_max_keys(2, Duration::from_secs(900), clock.clone(), 100);
        for i in 0..10_000 {
            let _ = limiter.check(&format!("10.0.{}.{}", i / 256, i % 256));
        }
        assert!(limiter.len() <= 101, "{}", limiter.len());
        // The flood shares one bucket, which it has used up.
        assert!(limiter.check("192.0.2.1").is_err());
        // Once the flood's keys are old, they are swept and newcomers count on their own.
        clock.set(1_000 + 3_600);
        assert_eq!(limiter.check("192.0.2.1"), Ok(()));
        assert!(limiter.len() < 100);
    }

    #[test]
    fn ipv6_clients_are_grouped_by_their_64() {
        assert_eq!(address_key(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(
            address_key(ip("2001:db8:1:2:ffff:1:2:3")),
            address_key(ip("2001:db8:1:2::9"))
        );
        assert_ne!(
            address_key(ip("2001:db8:1:2::1")),
            address_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(address_key(ip("::ffff:192.0.2.7")), "192.0.2.7");
        assert_eq!(address_key(ip("192.0.2.7")), "192.0.2.7");
    }

    #[test]
    fn only_a_trusted_proxy_names_the_client() {
        let limits = Limits::new(
            10,
            vec![
                parse_proxy("10.0.0.0/8").unwrap(),
                parse_proxy("2001:db8:ffff::1").unwrap(),
            ],
            &manual(0),
        );
        let xff = headers(&[("x-forwarded-for", "203.0.113.9, 10.1.1.1")]);
        // From a stranger, the header is ignored: anyone can write it.
        assert_eq!(limits.client(ip("198.51.100.4"), &xff), ip("198.51.100.4"));
        // From the proxy: the nearest address that is not a proxy of ours.
        assert_eq!(limits.client(ip("10.0.0.2"), &xff), ip("203.0.113.9"));
        // A client that forges an entry in front gets its own address, not the forged one.
        let forged = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9")]);
        assert_eq!(limits.client(ip("10.0.0.2"), &forged), ip("203.0.113.9"));
        // RFC 7239, IPv6 in brackets with a port, over two header lines; it wins over XFF.
        let forwarded = headers(&[
            ("forwarded", "for=198.51.100.17;proto=https"),
            ("forwarded", r#"for="[2001:db8:ffff::1]:4711""#),
            ("x-forwarded-for", "192.0.2.200"),
        ]);
        assert_eq!(
            limits.client(ip("10.9.9.9"), &forwarded),
            ip("198.51.100.17")
        );
        // Garbage or an obfuscated node stops at the proxy that wrote it.
        for bad in ["unknown", "_hidden", "not an address"] {
            let garbled = headers(&[("forwarded", &format!("for={bad}"))]);
            assert_eq!(
                limits.client(ip("10.0.0.2"), &garbled),
                ip("10.0.0.2"),
                "{bad}"
            );
        }
        // No header: the proxy itself.
        assert_eq!(
            limits.client(ip("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn proxies_are_networks_or_addresses_and_anything_else_is_refused() {
        assert_eq!(parse_proxy("10.0.0.0/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(
            parse_proxy("192.0.2.1").unwrap().to_string(),
            "192.0.2.1/32"
        );
        assert_eq!(parse_proxy("::1").unwrap().to_string(), "::1/128");
        for bad in ["10.0.0.0/33", "proxy.example", ""] {
            assert!(
                parse_proxy(bad).unwrap_err().contains("is not an address"),
                "{bad}"
            );
        }
    }
}
