use serde::{Deserialize, Serialize};

/// The two languages every person-facing text exists in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Dutch.
    Nl,
}

impl Lang {
    /// Both languages, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Nl];

    /// The ISO 639-1 code: `en` or `nl`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// Parses `en`, `nl` and regional forms such as `nl-BE` or `en_GB`, case-insensitively.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "nl" => Some(Lang::Nl),
            _ => None,
        }
    }

    /// The decimal separator people of this language expect.
    pub fn decimal_separator(self) -> char {
        match self {
            Lang::En => '.',
            Lang::Nl => ',',
        }
    }

    /// Picks one text of two.
    pub fn pick<'a>(self, en: &'a str, nl: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Nl => nl,
        }
    }
}

/// A text in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub en: String,
    pub nl: String,
}

impl Text {
    pub fn new(en: impl Into<String>, nl: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            nl: nl.into(),
        }
    }

    /// The text in one language.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.nl)
    }
}

/// Formats a number with `significant` significant digits for people: trailing zeros are
/// trimmed but one decimal is kept below 100 (`3.4`, `12.0`, `123`, `0.43`), with the
/// language's decimal separator.
pub(crate) fn format_number(value: f64, significant: i32, lang: Lang) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value == 0.0 {
        return format!("0{}0", lang.decimal_separator());
    }
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = (significant - 1 - magnitude).clamp(0, 12) as usize;
    let mut s = format!("{value:.decimals$}");
    if s.contains('.') {
        let trimmed = s.trim_end_matches('0');
        let keep_one = value.abs() < 100.0 && trimmed.ends_with('.');
        s = if keep_one {
            format!("{trimmed}0")
        } else {
            trimmed.trim_end_matches('.').to_string()
        };
    } else if value.abs() < 100.0 {
        s.push_str(".0");
    }
    if lang == Lang::Nl {
        s = s.replace('.', ",");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_with_regions() {
        assert_eq!(Lang::from_code("nl-BE"), Some(Lang::Nl));
        assert_eq!(Lang::from_code("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    #[test]
    fn numbers_format_for_people() {
        assert_eq!(format_number(3.4, 3, Lang::En), "3.4");
        assert_eq!(format_number(3.4, 3, Lang::Nl), "3,4");
        assert_eq!(format_number(12.0, 3, Lang::En), "12.0");
        assert_eq!(format_number(123.4, 3, Lang::En), "123");
        assert_eq!(format_number(0.43039, 2, Lang::En), "0.43");
        assert_eq!(format_number(12345.0, 3, Lang::En), "12345");
        assert_eq!(format_number(0.0, 3, Lang::Nl), "0,0");
    }
}
