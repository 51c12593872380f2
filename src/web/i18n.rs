//! Message catalogues in Dutch and English (`locales/*.ftl`, a subset of Project Fluent:
//! `key = value`, indented continuation lines, `#` comments, `{ $name }` placeholders), and
//! the language of a request: the `lang` cookie set by the switch, else `Accept-Language`.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
pub use energy_model::Lang;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::LazyLock;

const EN: &str = include_str!("../../locales/en.ftl");
const NL: &str = include_str!("../../locales/nl.ftl");

/// The name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

static CATALOGUES: LazyLock<[BTreeMap<&'static str, String>; 2]> =
    LazyLock::new(|| [parse(EN), parse(NL)]);

/// Parses the Fluent subset the catalogues use.
pub fn parse(text: &'static str) -> BTreeMap<&'static str, String> {
    let mut out: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut current: Option<&'static str> = None;
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            current = None;
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(key) = current
                && let Some(value) = out.get_mut(key)
            {
                if !value.is_empty() {
                    value.push('\n');
                }
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            let key = key.trim();
            out.insert(key, value.trim().to_string());
            current = Some(key);
        }
    }
    out
}

fn catalogue(lang: Lang) -> &'static BTreeMap<&'static str, String> {
    &CATALOGUES[match lang {
        Lang::En => 0,
        Lang::Nl => 1,
    }]
}

/// A message by key; a missing key shows as the key itself (a test keeps that from
/// happening).
pub fn t(lang: Lang, key: &str) -> &'static str {
    match catalogue(lang).get(key) {
        Some(v) => v.as_str(),
        None => {
            tracing::warn!(key, lang = lang.code(), "missing message");
            // Leak-free fallback: the key is looked up in the other catalogue's key set.
            catalogue(Lang::En)
                .get_key_value(key)
                .map(|(k, _)| *k)
                .unwrap_or("[missing message]")
        }
    }
}

/// A message with its `{ $name }` placeholders filled in.
pub fn tf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t(lang, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{ ${name} }}"), value);
    }
    s
}

/// All keys of a language's catalogue.
pub fn keys(lang: Lang) -> impl Iterator<Item = &'static str> {
    catalogue(lang).keys().copied()
}

/// A measured figure for people: no decimals from 100, two from 1, four below, with the
/// language's decimal separator.
pub fn figure(v: f64, lang: Lang) -> String {
    let s = if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.4}")
    };
    if lang == Lang::Nl {
        s.replace('.', ",")
    } else {
        s
    }
}

/// The language of this request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for Language {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Language(negotiate(&parts.headers)))
    }
}

/// The cookie's language, else the best of `Accept-Language`, else English.
pub fn negotiate(headers: &axum::http::HeaderMap) -> Lang {
    let from_cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Lang::from_code(value));
    from_cookie
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(from_accept_language)
        })
        .unwrap_or_default()
}

/// The supported language with the highest quality in an `Accept-Language` header.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(Lang, f32)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        if let Some(lang) = Lang::from_code(tag)
            && q > 0.0
            && best.is_none_or(|(_, bq)| q > bq)
        {
            best = Some((lang, q));
        }
    }
    best.map(|(l, _)| l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn catalogues_have_the_same_keys_and_no_empty_messages() {
        let en: BTreeSet<_> = keys(Lang::En).collect();
        let nl: BTreeSet<_> = keys(Lang::Nl).collect();
        let only_en: Vec<_> = en.difference(&nl).collect();
        let only_nl: Vec<_> = nl.difference(&en).collect();
        assert!(only_en.is_empty(), "missing in nl.ftl: {only_en:?}");
        assert!(only_nl.is_empty(), "missing in en.ftl: {only_nl:?}");
        for lang in Lang::ALL {
            for key in keys(lang) {
                assert!(
                    !t(lang, key).trim().is_empty(),
                    "{key} is empty in {}",
                    lang.code()
                );
            }
        }
        assert!(en.len() > 40);
    }

    #[test]
    fn every_key_used_in_templates_and_code_exists() {
        let mut used = BTreeSet::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["templates", "src"] {
            collect_keys(&root.join(dir), &mut used);
        }
        assert!(used.len() > 20, "found only {used:?}");
        let en: BTreeSet<String> = keys(Lang::En).map(str::to_string).collect();
        let missing: Vec<_> = used.difference(&en).collect();
        assert!(
            missing.is_empty(),
            "keys used but not in the catalogues: {missing:?}"
        );
    }

    /// Finds `t("key")` and `tf("key"` calls, and `t(lang, "key")` in Rust code.
    fn collect_keys(dir: &std::path::Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect_keys(&path, out);
                continue;
            }
            let text: String = std::fs::read_to_string(&path)
                .unwrap_or_default()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for marker in ["t(\"", "tf(\"", "t(lang, \"", "tf(lang, \"", "tf(*lang, \""] {
                for (i, _) in text.match_indices(marker) {
                    let before = text[..i].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let rest = &text[i + marker.len()..];
                    if let Some(end) = rest.find('"') {
                        let key = &rest[..end];
                        if !key.is_empty()
                            && key
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
                        {
                            out.insert(key.to_string());
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn placeholders_fill_in() {
        assert!(tf(Lang::En, "footer-request-id", &[("id", "abc")]).contains("abc"));
    }

    #[test]
    fn accept_language_picks_the_best_supported() {
        assert_eq!(
            from_accept_language("nl-NL,nl;q=0.9,en;q=0.8"),
            Some(Lang::Nl)
        );
        assert_eq!(
            from_accept_language("de-DE,en;q=0.5,nl;q=0.7"),
            Some(Lang::Nl)
        );
        assert_eq!(from_accept_language("fr, de"), None);
        assert_eq!(from_accept_language("nl;q=0"), None);
        assert_eq!(from_accept_language(""), None);
    }

    #[test]
    fn the_cookie_wins_over_the_header() {
        let mut h = axum::http::HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, "nl".parse().unwrap());
        assert_eq!(negotiate(&h), Lang::Nl);
        h.insert(header::COOKIE, "x=1; lang=en".parse().unwrap());
        assert_eq!(negotiate(&h), Lang::En);
        assert_eq!(negotiate(&axum::http::HeaderMap::new()), Lang::En);
    }
}
