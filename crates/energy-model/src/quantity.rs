//! Typed physical quantities with canonical SI values inside, parsed from and printed for
//! people in either language.
//!
//! | type | canonical | units accepted |
//! | --- | --- | --- |
//! | [`Energy`] | joule | `J kJ MJ GJ Wh kWh MWh GWh` |
//! | [`Power`] | watt | `W kW MW` |
//! | [`Duration`] | second | `ms s sec min h hr uur d` |
//! | [`CarbonIntensity`] | gCO2e/kWh | `g/kWh kg/kWh g/MWh kg/MWh t/MWh lb/MWh` |
//! | [`Mass`] (of CO2e) | gram | `mg g kg t` |
//!
//! A decimal comma and a decimal point are both accepted (`3,4 Wh` is Dutch for `3.4 Wh`).
//! When both appear, the last one is the decimal separator and the other groups thousands
//! (`1.234,5` and `1,234.5`). A single separator is always a decimal separator.

use crate::lang::{Lang, format_number};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a quantity measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Energy,
    Power,
    Duration,
    CarbonIntensity,
    Mass,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::Energy,
        Kind::Power,
        Kind::Duration,
        Kind::CarbonIntensity,
        Kind::Mass,
    ];

    fn units(self) -> &'static [Unit] {
        match self {
            Kind::Energy => ENERGY_UNITS,
            Kind::Power => POWER_UNITS,
            Kind::Duration => DURATION_UNITS,
            Kind::CarbonIntensity => INTENSITY_UNITS,
            Kind::Mass => MASS_UNITS,
        }
    }

    fn name(self, lang: Lang) -> &'static str {
        match self {
            Kind::Energy => lang.pick("an energy", "een energie"),
            Kind::Power => lang.pick("a power", "een vermogen"),
            Kind::Duration => lang.pick("a duration", "een duur"),
            Kind::CarbonIntensity => lang.pick("a carbon intensity", "een CO2-intensiteit"),
            Kind::Mass => lang.pick("a mass of CO2e", "een massa CO2e"),
        }
    }

    fn examples(self) -> &'static str {
        match self {
            Kind::Energy => "Wh, kWh, J, kJ",
            Kind::Power => "W, kW",
            Kind::Duration => "s, min, h",
            Kind::CarbonIntensity => "g/kWh",
            Kind::Mass => "g, kg, t",
        }
    }
}

struct Unit {
    symbol: &'static str,
    /// Canonical units per one of this unit.
    factor: f64,
    aliases: &'static [&'static str],
}

const fn unit(symbol: &'static str, factor: f64, aliases: &'static [&'static str]) -> Unit {
    Unit {
        symbol,
        factor,
        aliases,
    }
}

const ENERGY_UNITS: &[Unit] = &[
    unit("J", 1.0, &["joule", "joules"]),
    unit("kJ", 1e3, &[]),
    unit("MJ", 1e6, &[]),
    unit("GJ", 1e9, &[]),
    unit("Wh", 3600.0, &[]),
    unit("kWh", 3.6e6, &[]),
    unit("MWh", 3.6e9, &[]),
    unit("GWh", 3.6e12, &[]),
];
const POWER_UNITS: &[Unit] = &[
    unit("W", 1.0, &["watt", "watts"]),
    unit("kW", 1e3, &[]),
    unit("MW", 1e6, &[]),
];
const DURATION_UNITS: &[Unit] = &[
    unit("ms", 1e-3, &[]),
    unit(
        "s",
        1.0,
        &["sec", "secs", "second", "seconds", "seconde", "seconden"],
    ),
    unit(
        "min",
        60.0,
        &["mins", "minute", "minutes", "minuut", "minuten"],
    ),
    unit("h", 3600.0, &["hr", "hrs", "hour", "hours", "uur", "u"]),
    unit("d", 86400.0, &["day", "days", "dag", "dagen"]),
];
const INTENSITY_UNITS: &[Unit] = &[
    unit("g/kWh", 1.0, &[]),
    unit("kg/kWh", 1e3, &[]),
    unit("g/MWh", 1e-3, &[]),
    unit("kg/MWh", 1.0, &[]),
    unit("t/MWh", 1e3, &[]),
    unit("lb/MWh", 0.453_592_37, &[]),
];
const MASS_UNITS: &[Unit] = &[
    unit("mg", 1e-3, &[]),
    unit("g", 1.0, &[]),
    unit("kg", 1e3, &[]),
    unit("t", 1e6, &["tonne", "tonnes", "ton"]),
];

/// Why a typed quantity could not be read. [`QuantityError::message`] says it to a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum QuantityError {
    /// Nothing was typed.
    Empty,
    /// The number part is not a number.
    InvalidNumber { input: String },
    /// Infinity, NaN or a number too large to hold.
    NotFinite,
    /// Below zero.
    Negative,
    /// A count with a fractional part.
    NotWholeNumber,
    /// A number without a unit.
    MissingUnit { expected: Kind },
    /// A unit nobody knows.
    UnknownUnit { unit: String, expected: Kind },
    /// A real unit of the wrong quantity, such as `W` where an energy is asked.
    WrongKind {
        unit: String,
        found: Kind,
        expected: Kind,
    },
}

impl QuantityError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            QuantityError::Empty => "required",
            QuantityError::InvalidNumber { .. } => "invalid_number",
            QuantityError::NotFinite => "not_finite",
            QuantityError::Negative => "negative",
            QuantityError::NotWholeNumber => "not_whole_number",
            QuantityError::MissingUnit { .. } => "missing_unit",
            QuantityError::UnknownUnit { .. } => "unknown_unit",
            QuantityError::WrongKind { .. } => "wrong_unit_kind",
        }
    }

    /// What went wrong and what is expected, in the person's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (QuantityError::Empty, Lang::En) => "Please fill this in.".into(),
            (QuantityError::Empty, Lang::Nl) => "Vul dit in.".into(),
            (QuantityError::InvalidNumber { input }, Lang::En) => {
                format!("“{input}” is not a number. Type digits, such as 3.4 or 3,4.")
            }
            (QuantityError::InvalidNumber { input }, Lang::Nl) => {
                format!("“{input}” is geen getal. Typ cijfers, zoals 3,4 of 3.4.")
            }
            (QuantityError::NotFinite, Lang::En) => {
                "This number is not finite or too large. Type an ordinary number.".into()
            }
            (QuantityError::NotFinite, Lang::Nl) => {
                "Dit getal is oneindig of te groot. Typ een gewoon getal.".into()
            }
            (QuantityError::Negative, Lang::En) => "This cannot be negative.".into(),
            (QuantityError::Negative, Lang::Nl) => "Dit kan niet negatief zijn.".into(),
            (QuantityError::NotWholeNumber, Lang::En) => {
                "Type a whole number, such as 1000.".into()
            }
            (QuantityError::NotWholeNumber, Lang::Nl) => "Typ een geheel getal, zoals 1000.".into(),
            (QuantityError::MissingUnit { expected }, _) => format!(
                "{} {} ({}).",
                lang.pick(
                    "Add a unit: expected",
                    "Voeg een eenheid toe: verwacht wordt"
                ),
                expected.name(lang),
                expected.examples()
            ),
            (QuantityError::UnknownUnit { unit, expected }, _) => format!(
                "{} “{unit}”. {} {} ({}).",
                lang.pick("Unknown unit", "Onbekende eenheid"),
                lang.pick("Expected", "Verwacht wordt"),
                expected.name(lang),
                expected.examples()
            ),
            (
                QuantityError::WrongKind {
                    unit,
                    found,
                    expected,
                },
                _,
            ) => format!(
                "“{unit}” {} {}; {} {} ({}).",
                lang.pick("is a unit of", "is een eenheid van"),
                found.name(lang),
                lang.pick("expected", "verwacht wordt"),
                expected.name(lang),
                expected.examples()
            ),
        }
    }
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for QuantityError {}

/// Parses a plain number as people type it: decimal comma or point, optional thousands
/// grouping when both appear, an optional exponent. Rejects `NaN`, `inf` and overflow.
pub fn parse_number(input: &str) -> Result<f64, QuantityError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(QuantityError::Empty);
    }
    let invalid = || QuantityError::InvalidNumber {
        input: truncate(s, 40),
    };
    let lower = s.to_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if unsigned.starts_with("nan") || unsigned.starts_with("inf") || unsigned.starts_with('∞') {
        return Err(QuantityError::NotFinite);
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '+' | '-' | 'e' | 'E'))
    {
        return Err(invalid());
    }
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa = normalise_separators(mantissa).ok_or_else(invalid)?;
    let text = match exponent {
        Some(exp) if exp.contains([',', '.']) || exp.is_empty() => return Err(invalid()),
        Some(exp) => format!("{mantissa}e{exp}"),
        None => mantissa,
    };
    let value: f64 = text.parse().map_err(|_| invalid())?;
    if !value.is_finite() {
        return Err(QuantityError::NotFinite);
    }
    Ok(value)
}

/// Parses a count of things: a whole, non-negative number, where `1.000` and `1,000` with
/// groups of three digits both mean one thousand.
pub fn parse_count(input: &str) -> Result<u64, QuantityError> {
    let s = input.trim();
    let grouped = s.len() > 4
        && s.split(['.', ',']).enumerate().all(|(i, part)| {
            part.chars().all(|c| c.is_ascii_digit())
                && if i == 0 {
                    (1..=3).contains(&part.len())
                } else {
                    part.len() == 3
                }
        })
        && s.contains(['.', ',']);
    let value = if grouped {
        parse_number(&s.replace(['.', ','], ""))?
    } else {
        parse_number(s)?
    };
    if value < 0.0 {
        return Err(QuantityError::Negative);
    }
    if value.fract() != 0.0 {
        return Err(QuantityError::NotWholeNumber);
    }
    if value > 9.0e15 {
        return Err(QuantityError::NotFinite);
    }
    Ok(value as u64)
}

/// Turns `1.234,5` / `1,234.5` / `3,4` into `1234.5` / `1234.5` / `3.4`, or `None` when the
/// grouping is malformed.
fn normalise_separators(mantissa: &str) -> Option<String> {
    let last_sep = mantissa.rfind([',', '.']);
    let Some(pos) = last_sep else {
        return Some(mantissa.to_string());
    };
    let decimal = mantissa.as_bytes()[pos] as char;
    let (int_part, frac_part) = (&mantissa[..pos], &mantissa[pos + 1..]);
    let group = if decimal == ',' { '.' } else { ',' };
    if int_part.contains(decimal) || frac_part.contains(group) {
        return None;
    }
    let int_digits: String = if int_part.contains(group) {
        let unsigned = int_part.trim_start_matches(['+', '-']);
        let sign = &int_part[..int_part.len() - unsigned.len()];
        let mut groups = unsigned.split(group);
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || groups.clone().any(|g| g.len() != 3) {
            return None;
        }
        format!("{sign}{}", unsigned.replace(group, ""))
    } else {
        int_part.to_string()
    };
    let int_digits = if int_digits.trim_start_matches(['+', '-']).is_empty() {
        format!("{int_digits}0")
    } else {
        int_digits
    };
    if frac_part.is_empty() {
        return None;
    }
    Some(format!("{int_digits}.{frac_part}"))
}

fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max_chars).collect();
        t.push('…');
        t
    }
}

fn find_unit(kind: Kind, typed: &str) -> Option<&'static Unit> {
    let exact = kind
        .units()
        .iter()
        .find(|u| u.symbol == typed || u.aliases.contains(&typed));
    if exact.is_some() {
        return exact;
    }
    // Case-insensitive, except that a lower-case `m` never means mega: `mWh` is not `MWh`.
    let lower = typed.to_lowercase();
    kind.units().iter().find(|u| {
        (u.symbol.to_lowercase() == lower || u.aliases.contains(&lower.as_str()))
            && !(typed.starts_with('m') && u.symbol.starts_with('M'))
    })
}

/// The unit as typed, with `CO2e` and spaces removed so `gCO2e/kWh` reads as `g/kWh`.
fn clean_unit(unit: &str) -> String {
    let mut u: String = unit.split_whitespace().collect();
    for marker in [
        "CO2eq", "CO2e", "CO₂e", "CO2", "CO₂", "co2eq", "co2e", "co2",
    ] {
        u = u.replace(marker, "");
    }
    u.replace("per", "/").replace('·', "")
}

fn parse_quantity(input: &str, kind: Kind) -> Result<f64, QuantityError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(QuantityError::Empty);
    }
    let split = s
        .char_indices()
        .find(|&(i, c)| {
            let numeric = c.is_ascii_digit() || matches!(c, '.' | ',' | '+' | '-');
            let exponent = matches!(c, 'e' | 'E')
                && i > 0
                && s[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_ascii_digit() || n == '-' || n == '+');
            !(numeric || exponent)
        })
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let (number, unit) = (s[..split].trim(), s[split..].trim());
    if number.chars().all(|c| c == '+' || c == '-') {
        let lower = unit.to_lowercase();
        if lower.starts_with("nan") || lower.starts_with("inf") || lower.starts_with('∞') {
            return Err(QuantityError::NotFinite);
        }
        return Err(QuantityError::InvalidNumber {
            input: truncate(s, 40),
        });
    }
    let value = parse_number(number)?;
    if unit.is_empty() {
        return Err(QuantityError::MissingUnit { expected: kind });
    }
    let cleaned = clean_unit(unit);
    let Some(found) = find_unit(kind, &cleaned) else {
        let other = Kind::ALL
            .into_iter()
            .filter(|&k| k != kind)
            .find_map(|k| find_unit(k, &cleaned).map(|u| (k, u)));
        return Err(match other {
            Some((found, u)) => QuantityError::WrongKind {
                unit: u.symbol.to_string(),
                found,
                expected: kind,
            },
            None => QuantityError::UnknownUnit {
                unit: truncate(unit, 20),
                expected: kind,
            },
        });
    };
    if value < 0.0 {
        return Err(QuantityError::Negative);
    }
    let canonical = value * found.factor;
    if !canonical.is_finite() {
        return Err(QuantityError::NotFinite);
    }
    Ok(canonical)
}

fn format_in_unit(canonical: f64, kind: Kind, symbol: &str, lang: Lang) -> Option<String> {
    let u = kind.units().iter().find(|u| u.symbol == symbol)?;
    Some(format!(
        "{} {}",
        format_number(canonical / u.factor, 3, lang),
        u.symbol
    ))
}

macro_rules! quantity {
    ($(#[$doc:meta])* $name:ident, $kind:expr, $canonical:ident, $from:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(f64);

        impl $name {
            /// From the canonical unit. Callers own the finiteness of what they pass.
            pub const fn $from(value: f64) -> Self {
                $name(value)
            }

            /// The value in the canonical unit.
            pub const fn $canonical(self) -> f64 {
                self.0
            }

            /// Parses what a person typed, with its unit.
            pub fn parse(input: &str) -> Result<Self, QuantityError> {
                parse_quantity(input, $kind).map($name)
            }

            /// Prints in a chosen unit (one of the symbols this type accepts), or `None` for
            /// a unit it does not know.
            pub fn format_in(self, symbol: &str, lang: Lang) -> Option<String> {
                format_in_unit(self.0, $kind, symbol, lang)
            }
        }

        impl FromStr for $name {
            type Err = QuantityError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.format(Lang::En))
            }
        }
    };
}

quantity!(
    /// An amount of energy; canonical unit joule.
    Energy, Kind::Energy, joules, from_joules
);
quantity!(
    /// A power; canonical unit watt.
    Power, Kind::Power, watts, from_watts
);
quantity!(
    /// A span of time; canonical unit second.
    Duration, Kind::Duration, seconds, from_seconds
);
quantity!(
    /// Grams of CO2e emitted per kWh of electricity.
    CarbonIntensity, Kind::CarbonIntensity, grams_per_kwh, from_grams_per_kwh
);
quantity!(
    /// A mass of CO2-equivalent; canonical unit gram.
    Mass, Kind::Mass, grams, from_grams
);

/// Picks the largest unit (by factor) that the value reaches, or the smallest listed.
fn auto_unit(value: f64, kind: Kind, symbols: &[&'static str]) -> &'static str {
    let units = kind.units();
    let factor = |s: &str| {
        units
            .iter()
            .find(|u| u.symbol == s)
            .map_or(1.0, |u| u.factor)
    };
    symbols
        .iter()
        .rev()
        .find(|s| value.abs() >= factor(s))
        .or(symbols.first())
        .copied()
        .unwrap_or("")
}

fn format_auto(value: f64, kind: Kind, symbols: &[&'static str], lang: Lang) -> String {
    format_in_unit(value, kind, auto_unit(value, kind, symbols), lang).unwrap_or_default()
}

impl Energy {
    pub fn from_wh(wh: f64) -> Energy {
        Energy(wh * 3600.0)
    }
    pub fn from_kwh(kwh: f64) -> Energy {
        Energy(kwh * 3.6e6)
    }
    pub fn wh(self) -> f64 {
        self.0 / 3600.0
    }
    pub fn kwh(self) -> f64 {
        self.0 / 3.6e6
    }
    /// For people: joules below 1 Wh, then Wh, kWh, MWh, GWh.
    pub fn format(self, lang: Lang) -> String {
        if self.0.abs() < 3600.0 {
            format_auto(self.0, Kind::Energy, &["J"], lang)
        } else {
            format_auto(self.0, Kind::Energy, &["Wh", "kWh", "MWh", "GWh"], lang)
        }
    }
}

impl Power {
    pub fn format(self, lang: Lang) -> String {
        format_auto(self.0, Kind::Power, &["W", "kW", "MW"], lang)
    }
}

impl Duration {
    pub fn format(self, lang: Lang) -> String {
        format_auto(self.0, Kind::Duration, &["s", "min", "h"], lang)
    }
}

impl CarbonIntensity {
    pub fn format(self, lang: Lang) -> String {
        format!("{} gCO2e/kWh", format_number(self.0, 3, lang))
    }
}

impl Mass {
    pub fn from_kg(kg: f64) -> Mass {
        Mass(kg * 1e3)
    }
    pub fn kg(self) -> f64 {
        self.0 / 1e3
    }
    pub fn format(self, lang: Lang) -> String {
        format!(
            "{} CO2e",
            format_auto(self.0, Kind::Mass, &["mg", "g", "kg", "t"], lang)
        )
    }
}

impl std::ops::Div<Duration> for Energy {
    type Output = Power;
    fn div(self, rhs: Duration) -> Power {
        Power(self.0 / rhs.0)
    }
}

impl std::ops::Mul<Duration> for Power {
    type Output = Energy;
    fn mul(self, rhs: Duration) -> Energy {
        Energy(self.0 * rhs.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-12)
    }

    #[test]
    fn parses_what_people_type() {
        assert!(close(Energy::parse("12 kJ").unwrap().joules(), 12_000.0));
        assert!(close(Energy::parse("3,4 Wh").unwrap().wh(), 3.4));
        assert!(close(Energy::parse("0.5kWh").unwrap().kwh(), 0.5));
        assert!(close(Energy::parse("1.234,5 Wh").unwrap().wh(), 1234.5));
        assert!(close(Energy::parse("1,234.5 Wh").unwrap().wh(), 1234.5));
        assert!(close(Energy::parse("2e-3 kWh").unwrap().wh(), 2.0));
        assert!(close(Energy::parse(" 7 kwh ").unwrap().kwh(), 7.0));
        assert!(close(Power::parse("250 W").unwrap().watts(), 250.0));
        assert!(close(Power::parse("1.2 kW").unwrap().watts(), 1200.0));
        assert!(close(Duration::parse("90 s").unwrap().seconds(), 90.0));
        assert!(close(Duration::parse("2 min").unwrap().seconds(), 120.0));
        assert!(close(Duration::parse("1,5 uur").unwrap().seconds(), 5400.0));
        assert!(close(Duration::parse("1.5 h").unwrap().seconds(), 5400.0));
        let ci = CarbonIntensity::parse("374,34 gCO2e/kWh").unwrap();
        assert!(close(ci.grams_per_kwh(), 374.34));
        assert!(close(Mass::parse("1.2 kg CO2e").unwrap().grams(), 1200.0));
        assert!(close(Energy::parse("0 Wh").unwrap().joules(), 0.0));
    }

    #[test]
    fn rejects_with_a_reason() {
        let wrong = Energy::parse("250 W").unwrap_err();
        assert_eq!(wrong.code(), "wrong_unit_kind");
        assert!(wrong.message(Lang::En).contains("power"));
        assert!(wrong.message(Lang::Nl).contains("vermogen"));
        assert_eq!(
            Energy::parse("12 furlongs").unwrap_err().code(),
            "unknown_unit"
        );
        assert_eq!(Energy::parse("12").unwrap_err().code(), "missing_unit");
        assert_eq!(Energy::parse("").unwrap_err(), QuantityError::Empty);
        assert_eq!(Energy::parse("   ").unwrap_err(), QuantityError::Empty);
        assert_eq!(Energy::parse("-3 Wh").unwrap_err(), QuantityError::Negative);
        assert_eq!(
            Energy::parse("NaN Wh").unwrap_err(),
            QuantityError::NotFinite
        );
        assert_eq!(
            Energy::parse("inf kWh").unwrap_err(),
            QuantityError::NotFinite
        );
        assert_eq!(
            Energy::parse("-inf kWh").unwrap_err(),
            QuantityError::NotFinite
        );
        assert_eq!(
            Energy::parse("1e309 J").unwrap_err(),
            QuantityError::NotFinite
        );
        assert_eq!(
            Energy::parse("1e308 GWh").unwrap_err(),
            QuantityError::NotFinite
        );
        assert_eq!(
            Energy::parse("1,2,3 Wh").unwrap_err().code(),
            "invalid_number"
        );
        assert_eq!(
            Energy::parse("1.2.3 Wh").unwrap_err().code(),
            "invalid_number"
        );
        assert_eq!(
            Energy::parse("1,2.3 Wh").unwrap_err().code(),
            "invalid_number"
        );
        assert_eq!(Energy::parse("3, Wh").unwrap_err().code(), "invalid_number");
        assert_eq!(Energy::parse("Wh").unwrap_err().code(), "invalid_number");
        assert_eq!(Energy::parse("٣ Wh").unwrap_err().code(), "invalid_number");
        assert_eq!(
            Energy::parse("3 W\u{200b}h").unwrap_err().code(),
            "unknown_unit"
        );
        assert_eq!(Energy::parse("3 mWh").unwrap_err().code(), "unknown_unit");
        assert_eq!(
            Duration::parse("3 Wh").unwrap_err().code(),
            "wrong_unit_kind"
        );
        let long = "9".repeat(400) + " Wh";
        assert_eq!(Energy::parse(&long).unwrap_err(), QuantityError::NotFinite);
    }

    #[test]
    fn every_error_speaks_both_languages() {
        let errors = [
            QuantityError::Empty,
            QuantityError::InvalidNumber { input: "x".into() },
            QuantityError::NotFinite,
            QuantityError::Negative,
            QuantityError::NotWholeNumber,
            QuantityError::MissingUnit {
                expected: Kind::Energy,
            },
            QuantityError::UnknownUnit {
                unit: "x".into(),
                expected: Kind::Power,
            },
            QuantityError::WrongKind {
                unit: "W".into(),
                found: Kind::Power,
                expected: Kind::Energy,
            },
        ];
        for e in errors {
            assert_ne!(e.message(Lang::En), e.message(Lang::Nl), "{e:?}");
            assert!(!e.message(Lang::Nl).is_empty());
        }
    }

    #[test]
    fn counts_accept_grouping() {
        assert_eq!(parse_count("1000"), Ok(1000));
        assert_eq!(parse_count("1.000"), Ok(1000));
        assert_eq!(parse_count("1,000,000"), Ok(1_000_000));
        assert_eq!(parse_count("2.5"), Err(QuantityError::NotWholeNumber));
        assert_eq!(parse_count("-4"), Err(QuantityError::Negative));
        assert_eq!(parse_count("1e20"), Err(QuantityError::NotFinite));
        assert_eq!(parse_count("").unwrap_err(), QuantityError::Empty);
    }

    #[test]
    fn prints_for_people() {
        assert_eq!(Energy::from_wh(3.4).format(Lang::En), "3.4 Wh");
        assert_eq!(Energy::from_wh(3.4).format(Lang::Nl), "3,4 Wh");
        assert_eq!(
            Energy::from_joules(12_000.0).format_in("kJ", Lang::En),
            Some("12.0 kJ".into())
        );
        assert_eq!(Energy::from_joules(0.43).format(Lang::En), "0.43 J");
        assert_eq!(Energy::from_kwh(2.5).format(Lang::En), "2.5 kWh");
        assert_eq!(Power::from_watts(1200.0).format(Lang::En), "1.2 kW");
        assert_eq!(Duration::from_seconds(90.0).format(Lang::En), "1.5 min");
        assert_eq!(Mass::from_grams(1234.0).format(Lang::En), "1.23 kg CO2e");
        assert_eq!(
            CarbonIntensity::from_grams_per_kwh(374.34).format(Lang::Nl),
            "374 gCO2e/kWh"
        );
        assert_eq!(Energy::from_wh(1.0).format_in("furlong", Lang::En), None);
    }

    proptest! {
        #[test]
        fn printed_energy_parses_back(j in 1e-6f64..1e15, nl in any::<bool>()) {
            let lang = if nl { Lang::Nl } else { Lang::En };
            let e = Energy::from_joules(j);
            let back = Energy::parse(&e.format(lang)).unwrap();
            prop_assert!((back.joules() - j).abs() <= 0.006 * j, "{} -> {}", j, back.joules());
        }

        #[test]
        fn exact_print_parses_exactly(v in 0.0f64..1e12, idx in 0usize..8) {
            let u = &ENERGY_UNITS[idx];
            let e = Energy::parse(&format!("{v} {}", u.symbol)).unwrap();
            prop_assert_eq!(e.joules(), v * u.factor);
        }

        #[test]
        fn durations_and_powers_round_trip(v in 1e-3f64..1e9) {
            let d = Duration::from_seconds(v);
            let back = Duration::parse(&d.format(Lang::Nl)).unwrap();
            prop_assert!((back.seconds() - v).abs() <= 0.006 * v);
            let p = Power::from_watts(v);
            let back = Power::parse(&p.format(Lang::En)).unwrap();
            prop_assert!((back.watts() - v).abs() <= 0.006 * v);
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,40}") {
            let _ = Energy::parse(&s);
            let _ = Duration::parse(&s);
            let _ = parse_count(&s);
        }

        #[test]
        fn parsed_values_are_finite_and_non_negative(s in "[0-9eE.,+-]{1,12} ?(Wh|kWh|J)") {
            if let Ok(e) = Energy::parse(&s) {
                prop_assert!(e.joules().is_finite() && e.joules() >= 0.0);
            }
        }
    }
}
