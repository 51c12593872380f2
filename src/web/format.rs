//! Figures and dates as pages show them.

use crate::web::i18n::Lang;
use time::OffsetDateTime;

/// Escapes text for HTML, SVG and XML content and attributes (for markup written outside
/// templates, which escape by themselves).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A moment as pages show it: "2026-11-27 16:05 UTC".
pub fn date(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// A parameter count in billions as shown: "235 B", "8.0 B" (or "8,0 B" in Dutch).
pub fn billions(v: f64, lang: Lang) -> String {
    let s = if v >= 10.0 {
        format!("{v:.0} B")
    } else {
        format!("{v:.1} B")
    };
    if lang == Lang::Nl {
        s.replace('.', ",")
    } else {
        s
    }
}

/// A text as a CSV cell a spreadsheet will not run: one that begins like a formula (`=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading apostrophe (OWASP's advice).
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A published source's licence as a page shows it: our own wording ("as published by …")
/// in the visitor's language; a licence's name (MIT, CC BY 4.0) as it is.
pub fn licence(text: &str, lang: Lang) -> String {
    match (lang, text.strip_prefix("as published by ")) {
        (Lang::Nl, Some(publisher)) => {
            // "the ML.ENERGY project" is "het ML.ENERGY-project".
            let publisher = match publisher
                .strip_prefix("the ")
                .and_then(|p| p.strip_suffix(" project"))
            {
                Some(name) => format!("het {name}-project"),
                None => publisher.to_string(),
            };
            format!("zoals gepubliceerd door {publisher}")
        }
        _ => text.to_string(),
    }
}

/// A source's edition as a page shows it: month abbreviations ("Feb 25, Dec 25") in the
/// visitor's language ("feb 25, dec 25"); versions and dates as they are.
pub fn edition(text: &str, lang: Lang) -> String {
    if lang != Lang::Nl {
        return text.to_string();
    }
    const MONTHS: [(&str, &str); 12] = [
        ("Jan", "jan"),
        ("Feb", "feb"),
        ("Mar", "mrt"),
        ("Apr", "apr"),
        ("May", "mei"),
        ("Jun", "jun"),
        ("Jul", "jul"),
        ("Aug", "aug"),
        ("Sep", "sep"),
        ("Oct", "okt"),
        ("Nov", "nov"),
        ("Dec", "dec"),
    ];
    text.split(", ")
        .map(|part| match part.split_once(' ') {
            Some((month, year)) if year.chars().all(|c| c.is_ascii_digit()) => MONTHS
                .iter()
                .find(|(en, _)| *en == month)
                .map_or(part.to_string(), |(_, nl)| format!("{nl} {year}")),
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(csv_cell("=1+2"), "'=1+2");
        assert_eq!(csv_cell("@SUM(1+1)"), "'@SUM(1+1)");
        assert_eq!(csv_cell("+1+1"), "'+1+1");
        assert_eq!(csv_cell("Qwen 3 8B"), "Qwen 3 8B");
    }

    #[test]
    fn licences_and_editions_read_in_the_visitors_language() {
        assert_eq!(
            licence("as published by AI Energy Score", Lang::Nl),
            "zoals gepubliceerd door AI Energy Score"
        );
        assert_eq!(
            licence("as published by the ML.ENERGY project", Lang::Nl),
            "zoals gepubliceerd door het ML.ENERGY-project"
        );
        assert_eq!(licence("MIT", Lang::Nl), "MIT");
        assert_eq!(edition("Feb 25, Dec 25", Lang::Nl), "feb 25, dec 25");
        assert_eq!(edition("Mar 24", Lang::Nl), "mrt 24");
        assert_eq!(edition("v3 (2026-02-16)", Lang::Nl), "v3 (2026-02-16)");
        assert_eq!(edition("Feb 25, Dec 25", Lang::En), "Feb 25, Dec 25");
    }
}
