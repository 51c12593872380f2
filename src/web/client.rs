//! Who is on the other end: the visitor's address, read from a trusted reverse proxy's
//! header when the connection comes from one (`GREENAI_TRUSTED_PROXIES`), else the peer.

use crate::infra::config::Config;
use axum::http::HeaderMap;
use std::net::IpAddr;

/// The visitor's address. From a trusted proxy, `X-Forwarded-For` is read from the right:
/// each proxy appends the address it saw, so the last one that is not itself a trusted proxy
/// is the visitor, and anything to its left is the visitor's own claim. A header that does
/// not parse is ignored.
pub fn address(config: &Config, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
    let trusted = |ip: &IpAddr| config.trusted_proxies.iter().any(|net| net.contains(ip));
    let peer = peer?;
    if !trusted(&peer) {
        return Some(peer);
    }
    let values: Vec<&str> = headers
        .get_all(config.client_ip_header.as_str())
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let hops: Option<Vec<IpAddr>> = values
        .iter()
        .flat_map(|v| v.split(','))
        .map(|h| h.trim().parse::<IpAddr>().ok())
        .collect();
    match hops {
        Some(hops) if !hops.is_empty() => Some(
            hops.iter()
                .rev()
                .find(|ip| !trusted(ip))
                .copied()
                .unwrap_or(hops[0]),
        ),
        _ => Some(peer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Args {
        #[command(flatten)]
        config: Config,
    }

    fn config(proxies: &str, header: &str) -> Config {
        let mut args = vec!["t".to_string()];
        if !proxies.is_empty() {
            args.push(format!("--trusted-proxies={proxies}"));
        }
        args.push(format!("--client-ip-header={header}"));
        Args::parse_from(args).config
    }

    fn headers(name: &'static str, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, value.parse().unwrap());
        h
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let none = config("", "x-forwarded-for");
        let xff = headers("x-forwarded-for", "198.51.100.7, 203.0.113.9");
        // Nobody trusted: the header is anyone's claim.
        assert_eq!(
            address(&none, Some(ip("10.0.0.2")), &xff),
            Some(ip("10.0.0.2"))
        );

        let proxied = config("127.0.0.1,10.0.0.0/8", "x-forwarded-for");
        // The rightmost untrusted hop is the visitor; the spoofable left part is ignored.
        assert_eq!(
            address(&proxied, Some(ip("127.0.0.1")), &xff),
            Some(ip("203.0.113.9"))
        );
        let chain = headers("x-forwarded-for", "203.0.113.9, 10.1.2.3");
        assert_eq!(
            address(&proxied, Some(ip("10.0.0.2")), &chain),
            Some(ip("203.0.113.9"))
        );
        // A visitor that is not a proxy sends the header itself: ignored.
        assert_eq!(
            address(&proxied, Some(ip("192.0.2.1")), &xff),
            Some(ip("192.0.2.1"))
        );
        // Garbage or no header: the peer.
        let junk = headers("x-forwarded-for", "not an address");
        assert_eq!(
            address(&proxied, Some(ip("127.0.0.1")), &junk),
            Some(ip("127.0.0.1"))
        );
        assert_eq!(
            address(&proxied, Some(ip("127.0.0.1")), &HeaderMap::new()),
            Some(ip("127.0.0.1"))
        );

        let real = config("127.0.0.1", "x-real-ip");
        let h = headers("x-real-ip", "2001:db8::1");
        assert_eq!(
            address(&real, Some(ip("127.0.0.1")), &h),
            Some(ip("2001:db8::1"))
        );
        assert!(parse_fails("10.0.0.0/99"));
    }

    fn parse_fails(s: &str) -> bool {
        crate::infra::config::parse_proxy(s).is_err()
    }
}
