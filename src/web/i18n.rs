//! Message catalogues in Dutch and English (`locales/*.ftl`, Project Fluent, read by
//! `fluent-bundle`): plain messages, `{ $name }` placeholders and plural selectors
//! (`{ $count -> [one] … *[other] … }`, by each language's CLDR rules), and the language of a
//! request: the `lang` cookie set by the switch, else `Accept-Language`.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
pub use energy_model::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::FluentNumber;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::LazyLock;

const EN: &str = include_str!("../../locales/en.ftl");
const NL: &str = include_str!("../../locales/nl.ftl");

/// The name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

/// One language's messages: the Fluent bundle, and every message formatted once without
/// arguments (what [`t`] hands out, so a page's plain text costs a map lookup).
struct Catalogue {
    bundle: FluentBundle<FluentResource>,
    plain: BTreeMap<String, String>,
}

static CATALOGUES: LazyLock<[Catalogue; 2]> =
    LazyLock::new(|| [load(EN, Lang::En), load(NL, Lang::Nl)]);

/// The parse errors of a catalogue (none, a test keeps it so).
pub fn parse_errors(lang: Lang) -> Vec<String> {
    let text = match lang {
        Lang::En => EN,
        Lang::Nl => NL,
    };
    match FluentResource::try_new(text.to_string()) {
        Ok(_) => Vec::new(),
        Err((_, errors)) => errors.iter().map(|e| format!("{e:?}")).collect(),
    }
}

/// Counts as people write them: digits grouped by thousands (1,234 and 1.234).
fn grouped(v: &FluentValue, sep: char) -> Option<String> {
    let FluentValue::Number(n) = v else {
        return None;
    };
    if n.value.fract() != 0.0 || n.value.abs() >= 1e15 {
        return None;
    }
    let digits = (n.value.abs() as u64).to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    Some(if n.value < 0.0 {
        format!("-{out}")
    } else {
        out
    })
}

fn load(text: &'static str, lang: Lang) -> Catalogue {
    let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, errors)| {
        tracing::error!(
            lang = lang.code(),
            ?errors,
            "the catalogue has syntax errors"
        );
        r
    });
    let locale = lang.code().parse().expect("a language code");
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // Placeholders go into HTML and mail: no invisible direction marks around them.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match lang {
        Lang::En => |v, _| grouped(v, ','),
        Lang::Nl => |v, _| grouped(v, '.'),
    }));
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(
            lang = lang.code(),
            ?errors,
            "the catalogue repeats messages"
        );
    }
    let mut plain = BTreeMap::new();
    for key in message_keys(text) {
        let mut errors = Vec::new();
        if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
            let value = bundle.format_pattern(pattern, None, &mut errors);
            plain.insert(key.to_string(), value.into_owned());
        }
    }
    Catalogue { bundle, plain }
}

/// The message ids of a catalogue: lines `id = …` at the start (terms, `-id`, are not
/// messages).
fn message_keys(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        let (key, _) = line.split_once('=')?;
        let key = key.trim_end();
        let starts = key.chars().next()?;
        (starts.is_ascii_alphabetic()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .then_some(key)
    })
}

fn catalogue(lang: Lang) -> &'static Catalogue {
    &CATALOGUES[match lang {
        Lang::En => 0,
        Lang::Nl => 1,
    }]
}

/// A message by key; a missing key shows as the key itself (a test keeps that from
/// happening).
pub fn t(lang: Lang, key: &str) -> &'static str {
    match catalogue(lang).plain.get(key) {
        Some(v) => v.as_str(),
        None => {
            tracing::warn!(key, lang = lang.code(), "missing message");
            catalogue(Lang::En)
                .plain
                .get_key_value(key)
                .map(|(k, _)| k.as_str())
                .unwrap_or("[missing message]")
        }
    }
}

fn format(lang: Lang, key: &str, args: &FluentArgs) -> String {
    let bundle = &catalogue(lang).bundle;
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return t(lang, key).to_string();
    };
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, Some(args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(
            key,
            lang = lang.code(),
            ?errors,
            "a message lacked an argument"
        );
    }
    out.into_owned()
}

/// A message with its `{ $name }` placeholders filled in (`$count`, given as digits, is a
/// number, so a plural selector can choose by it).
pub fn tf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        match (*name, value.parse::<i64>()) {
            ("count", Ok(n)) => fluent.set("count", n),
            _ => fluent.set(*name, *value),
        }
    }
    format(lang, key, &fluent)
}

/// A message about a number of things, `{ $count }`, in the plural form the language uses
/// for it (and other placeholders filled in).
pub fn tn<N: Into<FluentNumber>>(lang: Lang, key: &str, count: N, args: &[(&str, &str)]) -> String {
    let mut fluent = FluentArgs::new();
    fluent.set("count", FluentValue::Number(count.into()));
    for (name, value) in args {
        fluent.set(*name, *value);
    }
    format(lang, key, &fluent)
}

/// All keys of a language's catalogue.
pub fn keys(lang: Lang) -> impl Iterator<Item = &'static str> {
    catalogue(lang).plain.keys().map(String::as_str)
}

/// A setting or an axis tick as a person writes it: whole numbers without decimals, others
/// with one (10, 0.5; 0,5 in Dutch).
pub fn decimal(v: f64, lang: Lang) -> String {
    let s = if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    };
    if lang == Lang::Nl {
        s.replace('.', ",")
    } else {
        s
    }
}

/// A measured figure for people: no decimals from 100 (thousands grouped: 1,234 and 1.234),
/// two from 1, four below, with the language's decimal separator.
pub fn figure(v: f64, lang: Lang) -> String {
    if v.abs() >= 100.0 && v.abs() < 1e15 {
        let n = FluentValue::from(v.round());
        let sep = if lang == Lang::Nl { '.' } else { ',' };
        return grouped(&n, sep).unwrap_or_else(|| format!("{v:.0}"));
    }
    let s = if v.abs() >= 1.0 {
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
            for marker in [
                "t(\"",
                "tf(\"",
                "tn(\"",
                "t(lang, \"",
                "tf(lang, \"",
                "tn(lang, \"",
                "tf(*lang, \"",
            ] {
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
        // No direction marks around what is filled in.
        assert!(!tf(Lang::En, "footer-request-id", &[("id", "abc")]).contains('\u{2068}'));
    }

    #[test]
    fn the_catalogues_are_fluent_without_errors() {
        for lang in Lang::ALL {
            assert_eq!(parse_errors(lang), Vec::<String>::new(), "{}", lang.code());
        }
    }

    /// Where a Dutch text strays from the glossary at the top of nl.ftl: one Dutch word for
    /// each thing, one form of address, Dutch number formats.
    fn off_glossary(key: &str, text: &str) -> Vec<String> {
        let banned = [
            ("query", "vraag"),
            ("queries", "vragen"),
            ("community", "gemeenschap"),
            ("gecontroleerd", "geverifieerd"),
            ("gecontroleerde", "geverifieerde"),
            ("u", "je"),
            ("uw", "je"),
        ];
        let mut found = Vec::new();
        // A command-line option (--queries) is a name, not a word.
        let words = text
            .split_whitespace()
            .filter(|w| !w.starts_with("--"))
            .flat_map(|w| w.split(|c: char| !c.is_alphanumeric()));
        for word in words {
            if let Some((_, instead)) = banned.iter().find(|(w, _)| w.eq_ignore_ascii_case(word)) {
                found.push(format!("{key}: “{word}” (say “{instead}”)"));
            }
            // 1.000, not 1000 (years are years).
            let is_year = word.len() == 4 && (word.starts_with("19") || word.starts_with("20"));
            if word.len() >= 4 && word.chars().all(|c| c.is_ascii_digit()) && !is_year {
                found.push(format!("{key}: “{word}” (group the thousands)"));
            }
        }
        found
    }

    #[test]
    fn the_dutch_catalogue_keeps_to_its_glossary() {
        let found: Vec<String> = keys(Lang::Nl)
            .flat_map(|key| off_glossary(key, t(Lang::Nl, key)))
            .collect();
        assert!(found.is_empty(), "{found:#?}");
    }

    /// The texts energy-model and greenai-meter write in both languages themselves
    /// (`lang.pick(en, nl)`, `Text::new(en, nl)`) keep to the same glossary.
    #[test]
    fn the_dutch_texts_of_the_domain_and_the_meter_keep_to_the_glossary() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut pairs = Vec::new();
        for dir in ["crates/energy-model/src", "crates/meter/src"] {
            collect_pairs(&root.join(dir), &mut pairs);
        }
        assert!(pairs.len() > 30, "found only {} texts", pairs.len());
        let found: Vec<String> = pairs
            .iter()
            .flat_map(|(place, nl)| off_glossary(place, nl))
            .collect();
        assert!(found.is_empty(), "{found:#?}");
    }

    /// (file:line, the Dutch text) of each `pick("…", "…")` and `Text::new("…", "…")` whose
    /// texts are literals.
    fn collect_pairs(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect_pairs(&path, out);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for marker in ["pick(", "Text::new("] {
                for (i, _) in text.match_indices(marker) {
                    let rest = &text[i + marker.len()..];
                    let Some((_, rest)) = literal(rest) else {
                        continue;
                    };
                    let Some(rest) = rest.trim_start().strip_prefix(',') else {
                        continue;
                    };
                    if let Some((nl, _)) = literal(rest) {
                        let line = text[..i].lines().count();
                        out.push((format!("{}:{line}", path.display()), nl));
                    }
                }
            }
        }
    }

    /// A string literal at the start of `text` (after white space): its value, and the rest.
    fn literal(text: &str) -> Option<(String, &str)> {
        let text = text.trim_start().strip_prefix('"')?;
        let mut value = String::new();
        let mut chars = text.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Some((value, &text[i + 1..])),
                '\\' => {
                    chars.next();
                    value.push(' ');
                }
                c => value.push(c),
            }
        }
        None
    }

    #[test]
    fn figures_group_thousands_and_use_the_decimal_sign_of_the_language() {
        assert_eq!(figure(1000.0, Lang::En), "1,000");
        assert_eq!(figure(1000.0, Lang::Nl), "1.000");
        assert_eq!(figure(123456.7, Lang::Nl), "123.457");
        assert_eq!(figure(-2500.0, Lang::En), "-2,500");
        assert_eq!(figure(305.4, Lang::En), "305");
        assert_eq!(figure(2.5, Lang::Nl), "2,50");
        assert_eq!(figure(0.36781, Lang::Nl), "0,3678");
    }

    #[test]
    fn counts_take_the_plural_form_of_their_language() {
        assert_eq!(tn(Lang::En, "models-count", 1, &[]), "1 model");
        assert_eq!(tn(Lang::En, "models-count", 2, &[]), "2 models");
        assert_eq!(tn(Lang::Nl, "models-count", 1, &[]), "1 model");
        assert_eq!(tn(Lang::Nl, "models-count", 0, &[]), "0 modellen");
        assert_eq!(tn(Lang::Nl, "models-count", 6939, &[]), "6.939 modellen");
        assert_eq!(tn(Lang::En, "models-count", 6939, &[]), "6,939 models");
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
