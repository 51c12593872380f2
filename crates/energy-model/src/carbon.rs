//! Carbon: kg CO2e = kWh × PUE × grid intensity, with a table of grid intensities per
//! country and region (Green Algorithms `CI_aggregated.csv`, source and year kept with each
//! value) and default data-centre PUEs per provider.

use crate::formats::{FormatError, cell, number, two_header_rows};
use crate::quantity::{CarbonIntensity, Energy, Mass};
use serde::Serialize;

/// The PUE assumed when none is given: the energy as measured, with no facility overhead.
/// A measurement taken at the wall socket or on a laptop has none; for data centres the
/// submitter states it (or the provider default of [`PueTable`]).
pub const DEFAULT_PUE: f64 = 1.0;

/// Where a measurement ran, with the grid's carbon intensity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Region {
    /// Green Algorithms location code, such as `NL`, `US-CA` or `WORLD`.
    pub code: String,
    pub continent: String,
    pub country: String,
    /// `Any` for a whole country.
    pub region: String,
    pub intensity: CarbonIntensity,
    pub source: String,
    /// The year the figure describes, when the source says.
    pub year: Option<i32>,
}

/// Countries as Dutch pages name them (regions within a country keep their own names).
const DUTCH_NAMES: &[(&str, &str)] = &[
    ("Argentina", "Argentinië"),
    ("Australia", "Australië"),
    ("Austria", "Oostenrijk"),
    ("Belgium", "België"),
    ("Brazil", "Brazilië"),
    ("Bulgaria", "Bulgarije"),
    ("Croatia", "Kroatië"),
    ("Czech Republic", "Tsjechië"),
    ("Denmark", "Denemarken"),
    ("Estonia", "Estland"),
    ("France", "Frankrijk"),
    ("Germany", "Duitsland"),
    ("Greece", "Griekenland"),
    ("Hungary", "Hongarije"),
    ("Iceland", "IJsland"),
    ("Indonesia", "Indonesië"),
    ("Ireland", "Ierland"),
    ("Israel", "Israël"),
    ("Italy", "Italië"),
    ("Korea", "Zuid-Korea"),
    ("Latvia", "Letland"),
    ("Lithuania", "Litouwen"),
    ("Luxembourg", "Luxemburg"),
    ("Netherlands", "Nederland"),
    ("New Zealand", "Nieuw-Zeeland"),
    ("Norway", "Noorwegen"),
    ("Poland", "Polen"),
    ("Romania", "Roemenië"),
    ("Russian Federation", "Russische Federatie"),
    ("Saudi Arabia", "Saoedi-Arabië"),
    ("Serbia", "Servië"),
    ("Slovakia", "Slowakije"),
    ("Slovenia", "Slovenië"),
    ("South Africa", "Zuid-Afrika"),
    ("Spain", "Spanje"),
    ("Sweden", "Zweden"),
    ("Switzerland", "Zwitserland"),
    ("Turkey", "Turkije"),
    ("United Arab Emirates", "Verenigde Arabische Emiraten"),
    ("United Kingdom", "Verenigd Koninkrijk"),
    ("United States of America", "Verenigde Staten"),
    ("World", "Wereld"),
];

impl Region {
    /// The name in a language: `Nederland (…)` on Dutch pages, `Netherlands` on English ones.
    pub fn name_in(&self, lang: crate::Lang) -> String {
        let name = self.display_name();
        if lang != crate::Lang::Nl {
            return name;
        }
        let (country, rest) = match name.find(" (") {
            Some(i) => name.split_at(i),
            None => (name.as_str(), ""),
        };
        match DUTCH_NAMES.iter().find(|(en, _)| *en == country) {
            Some((_, nl)) => format!("{nl}{rest}"),
            None => name.clone(),
        }
    }

    /// `Netherlands` or `United States (California)`.
    pub fn display_name(&self) -> String {
        if self.code == "WORLD" {
            "World".to_string()
        } else if self.region == "Any" || self.region.is_empty() {
            self.country.clone()
        } else if self.country == "Any" {
            self.region.clone()
        } else {
            format!("{} ({})", self.country, self.region)
        }
    }
}

/// Grid carbon intensities by location.
#[derive(Clone, Debug)]
pub struct RegionTable {
    regions: Vec<Region>,
    /// Lower-case code, and lower-case country name for whole countries, to index.
    index: std::collections::HashMap<String, usize>,
}

const GA_CI: &str = include_str!("../data/green-algorithms-CI_aggregated.csv");
const GA_PUE: &str = include_str!("../data/green-algorithms-defaults_PUE.csv");
/// CodeCarbon's own country table (its `global_energy_mix.json`, 213 countries by ISO 3166
/// alpha-3 code, figures from Our World in Data): the names and codes CodeCarbon writes.
const CODECARBON_MIX: &str = include_str!("../data/codecarbon-global_energy_mix.csv");

impl RegionTable {
    /// The table shipped with this crate: Green Algorithms (CC BY 4.0), and for every
    /// country it has no whole-country row of (Hong Kong, Taiwan, Vietnam, …), CodeCarbon's
    /// own figure, so every country name and code a CodeCarbon file writes resolves.
    pub fn builtin() -> RegionTable {
        let mut table =
            RegionTable::parse(GA_CI).expect("the shipped intensity table parses (tested)");
        table
            .add_codecarbon_countries(CODECARBON_MIX)
            .expect("the shipped CodeCarbon table parses (tested)");
        table
    }

    /// Adds CodeCarbon's countries (`iso_code,country_name,carbon_intensity,year`): a
    /// country this table has already gains CodeCarbon's code and name as other names;
    /// another is added with CodeCarbon's figure. Countries without a figure (0) are left out.
    fn add_codecarbon_countries(&mut self, text: &str) -> Result<(), FormatError> {
        let mut reader = crate::formats::csv_reader(text, true);
        let cols =
            crate::formats::Columns::new(reader.headers().map_err(|e| FormatError::Malformed {
                line: Some(1),
                detail: e.to_string(),
            })?);
        let (code, name, intensity, year) = (
            cols.require("iso_code")?,
            cols.require("country_name")?,
            cols.require("carbon_intensity")?,
            cols.require("year")?,
        );
        for record in reader.records() {
            let record = record.map_err(|e| FormatError::Malformed {
                line: e.position().map(|p| p.line() as usize),
                detail: e.to_string(),
            })?;
            let (Some(iso), Some(country)) = (cell(&record, Some(code)), cell(&record, Some(name)))
            else {
                continue;
            };
            let known = self
                .index
                .get(&country.to_lowercase())
                .or_else(|| self.index.get(&iso.to_lowercase()))
                .copied();
            let at = match known {
                Some(i) => i,
                None => {
                    let Some(value) =
                        number(&record, Some(intensity)).filter(|v| *v > 0.0 && *v <= 2000.0)
                    else {
                        continue;
                    };
                    let year = number(&record, Some(year)).map(|y| y as i32);
                    self.regions.push(Region {
                        code: iso.to_string(),
                        continent: String::new(),
                        country: country.to_string(),
                        region: "Any".into(),
                        intensity: CarbonIntensity::from_grams_per_kwh(value),
                        source: format!(
                            "CodeCarbon's global energy mix (Our World in Data){}",
                            year.map(|y| format!(", {y}")).unwrap_or_default()
                        ),
                        year,
                    });
                    self.regions.len() - 1
                }
            };
            self.index.entry(iso.to_lowercase()).or_insert(at);
            self.index.entry(country.to_lowercase()).or_insert(at);
        }
        Ok(())
    }

    /// Parses Green Algorithms' `CI_aggregated.csv` (two header rows). Rows without a usable
    /// intensity are skipped.
    pub fn parse(text: &str) -> Result<RegionTable, FormatError> {
        let (cols, rows) = two_header_rows(text)?;
        let code = cols.require("location")?;
        let intensity = cols.require("carbonIntensity")?;
        let (continent, country, region, source, comments) = (
            cols.get("continentName"),
            cols.get("countryName"),
            cols.get("regionName"),
            cols.get("source"),
            cols.get("comments"),
        );
        let text_of = |r: &csv::StringRecord, i| cell(r, i).unwrap_or("").to_string();
        let regions = rows
            .iter()
            .filter_map(|(_, r)| {
                let value = number(r, Some(intensity)).filter(|v| (0.0..=2000.0).contains(v))?;
                let source = text_of(r, source);
                let comments = text_of(r, comments);
                Some(Region {
                    code: cell(r, Some(code))?.to_string(),
                    continent: text_of(r, continent),
                    country: text_of(r, country),
                    region: text_of(r, region),
                    intensity: CarbonIntensity::from_grams_per_kwh(value),
                    year: data_year(&comments).or_else(|| data_year(&source)),
                    source: if comments.is_empty() {
                        source
                    } else {
                        format!("{source} — {comments}")
                    },
                })
            })
            .collect::<Vec<Region>>();
        let mut index = std::collections::HashMap::new();
        // Codes first, then country names, each keeping its first row, as a scan would.
        for (i, r) in regions.iter().enumerate() {
            index.entry(r.code.to_lowercase()).or_insert(i);
        }
        for (i, r) in regions.iter().enumerate() {
            if r.region == "Any" {
                index.entry(r.country.to_lowercase()).or_insert(i);
            }
        }
        // Other names of the same countries, as tools write them: CodeCarbon's country names
        // ("United States") and ISO 3166 alpha-3 codes ("NLD").
        for (alias, code) in COUNTRY_ALIASES {
            if let Some(&i) = index.get(*code) {
                index.entry(alias.to_string()).or_insert(i);
            }
        }
        Ok(RegionTable { regions, index })
    }

    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// A region by its code (`nl`, `US-CA`), by country name as CodeCarbon writes it
    /// (`Sweden`), or by `country, region` (`Canada, quebec`, falling back to the country),
    /// case-insensitively.
    pub fn lookup(&self, key: &str) -> Option<&Region> {
        let key = key.trim();
        if key.is_empty() {
            return None;
        }
        if let Some((country, region)) = key.split_once(',') {
            let (country, region) = (country.trim(), region.trim());
            return self
                .regions
                .iter()
                .find(|r| {
                    r.country.eq_ignore_ascii_case(country) && r.region.eq_ignore_ascii_case(region)
                })
                .or_else(|| self.lookup(country));
        }
        self.index
            .get(&key.to_lowercase())
            .map(|&i| &self.regions[i])
    }

    /// The world average, used when a measurement names no region.
    pub fn world(&self) -> Option<&Region> {
        self.lookup("WORLD")
    }
}

/// Other names of the table's countries (lower case) → their code in the table (lower case).
const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("united states", "us"),
    ("usa", "us"),
    ("south korea", "kr"),
    ("republic of korea", "kr"),
    ("kor", "kr"),
    ("russia", "ru"),
    ("rus", "ru"),
    ("czechia", "cz"),
    ("cze", "cz"),
    ("türkiye", "tr"),
    ("turkiye", "tr"),
    ("tur", "tr"),
    ("uk", "gb"),
    ("great britain", "gb"),
    ("gbr", "gb"),
    ("nld", "nl"),
    ("deu", "de"),
    ("fra", "fr"),
    ("esp", "es"),
    ("ita", "it"),
    ("bel", "be"),
    ("dnk", "dk"),
    ("swe", "se"),
    ("nor", "no"),
    ("fin", "fi"),
    ("pol", "pl"),
    ("prt", "pt"),
    ("aut", "at"),
    ("che", "ch"),
    ("irl", "ie"),
    ("svk", "sk"),
    ("svn", "si"),
    ("hun", "hu"),
    ("rou", "ro"),
    ("bgr", "bg"),
    ("hrv", "hr"),
    ("grc", "gr"),
    ("cyp", "cy"),
    ("mlt", "mt"),
    ("lux", "lu"),
    ("lva", "lv"),
    ("ltu", "lt"),
    ("est", "ee"),
    ("isl", "is"),
    ("srb", "rs"),
    ("isr", "il"),
    ("zaf", "za"),
    ("chn", "cn"),
    ("ind", "in"),
    ("idn", "id"),
    ("jpn", "jp"),
    ("sau", "sa"),
    ("sgp", "sg"),
    ("tha", "th"),
    ("are", "ae"),
    ("can", "ca"),
    ("mex", "mx"),
    ("aus", "au"),
    ("nzl", "nz"),
    ("arg", "ar"),
    ("bra", "br"),
    ("ury", "uy"),
];

/// The year a figure describes: `data from 2020` first, else the first plausible year.
fn data_year(text: &str) -> Option<i32> {
    let lower = text.to_lowercase();
    let years = |s: &str| -> Vec<i32> {
        s.as_bytes()
            .windows(4)
            .enumerate()
            .filter(|(i, w)| {
                w.iter().all(u8::is_ascii_digit)
                    && (*i == 0 || !s.as_bytes()[i - 1].is_ascii_digit())
                    && !s.as_bytes().get(i + 4).is_some_and(u8::is_ascii_digit)
            })
            .filter_map(|(_, w)| std::str::from_utf8(w).ok()?.parse().ok())
            .filter(|y| (1990..=2100).contains(y))
            .collect()
    };
    if let Some(pos) = lower.find("data from")
        && let Some(y) = years(&lower[pos..]).first()
    {
        return Some(*y);
    }
    years(&lower).first().copied()
}

/// Default data-centre PUE per provider.
#[derive(Clone, Debug)]
pub struct PueTable {
    pub entries: Vec<(String, f64, String)>,
}

impl PueTable {
    pub fn builtin() -> PueTable {
        PueTable::parse(GA_PUE).expect("the shipped PUE table parses (tested)")
    }

    /// Parses Green Algorithms' `defaults_PUE.csv` (two header rows).
    pub fn parse(text: &str) -> Result<PueTable, FormatError> {
        let (cols, rows) = two_header_rows(text)?;
        let (provider, pue, source) = (
            cols.require("provider")?,
            cols.require("PUE")?,
            cols.get("source"),
        );
        let entries = rows
            .iter()
            .filter_map(|(_, r)| {
                Some((
                    cell(r, Some(provider))?.to_string(),
                    number(r, Some(pue)).filter(|v| (1.0..=3.0).contains(v))?,
                    cell(r, source).unwrap_or("").to_string(),
                ))
            })
            .collect();
        Ok(PueTable { entries })
    }

    /// The PUE of a provider (`aws`, `gcp`, `azure`, …), case-insensitively.
    pub fn for_provider(&self, provider: &str) -> Option<f64> {
        self.entries
            .iter()
            .find(|(p, _, _)| p.eq_ignore_ascii_case(provider.trim()))
            .map(|(_, v, _)| *v)
    }
}

/// CO2e of an amount of electricity: kWh × PUE × intensity.
pub fn emissions(energy: Energy, pue: f64, intensity: CarbonIntensity) -> Mass {
    Mass::from_grams(energy.kwh() * pue * intensity.grams_per_kwh())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every country CodeCarbon names resolves, by its name and by its ISO code, as a
    /// CodeCarbon file writes them; one Green Algorithms has keeps Green Algorithms' figure.
    #[test]
    fn every_codecarbon_country_resolves() {
        let t = RegionTable::builtin();
        let mut reader = crate::formats::csv_reader(CODECARBON_MIX, true);
        let mut checked = 0;
        for record in reader.records() {
            let record = record.unwrap();
            if record[2].parse::<f64>().unwrap() <= 0.0 {
                continue; // no figure to give (the Central African Republic's is 0)
            }
            let by_name = t
                .lookup(&record[1])
                .unwrap_or_else(|| panic!("{}", &record[1]));
            let by_code = t
                .lookup(&record[0])
                .unwrap_or_else(|| panic!("{}", &record[0]));
            assert_eq!(by_name.code, by_code.code, "{}", &record[1]);
            checked += 1;
        }
        assert_eq!(checked, 212);
        let hong_kong = t.lookup("Hong Kong").expect("Hong Kong");
        assert_eq!(hong_kong.intensity.grams_per_kwh(), 699.499);
        assert_eq!(t.lookup("HKG").map(|r| r.code.as_str()), Some("HKG"));
        assert_eq!(t.lookup("Netherlands").map(|r| r.code.as_str()), Some("NL"));
        assert_eq!(t.lookup("NLD").map(|r| r.code.as_str()), Some("NL"));
    }

    #[test]
    fn builtin_table_knows_the_netherlands() {
        let t = RegionTable::builtin();
        assert!(t.regions().len() > 100);
        let nl = t.lookup("nl").expect("NL");
        assert_eq!(nl.intensity.grams_per_kwh(), 374.34);
        assert_eq!(nl.year, Some(2020));
        assert_eq!(nl.display_name(), "Netherlands");
        assert_eq!(nl.name_in(crate::Lang::Nl), "Nederland");
        assert_eq!(nl.name_in(crate::Lang::En), "Netherlands");
        assert!(nl.source.contains("AIB"));
        assert_eq!(t.lookup("Sweden").expect("SE by name").code, "SE");
        assert_eq!(t.world().expect("world").intensity.grams_per_kwh(), 475.0);
        assert_eq!(t.world().expect("world").year, Some(2019));
        assert_eq!(t.world().expect("world").name_in(crate::Lang::Nl), "Wereld");
        assert_eq!(t.world().expect("world").name_in(crate::Lang::En), "World");
        assert_eq!(t.lookup("Canada, quebec").expect("QC").code, "CA-QC");
        assert_eq!(t.lookup("Canada, Yukon-ish").expect("CA").code, "CA");
        assert!(t.lookup("Atlantis").is_none());
        assert!(t.lookup("").is_none());
    }

    #[test]
    fn carbon_is_kwh_times_pue_times_intensity() {
        let m = emissions(
            Energy::from_kwh(2.0),
            1.5,
            CarbonIntensity::from_grams_per_kwh(400.0),
        );
        assert_eq!(m.grams(), 1200.0);
        assert_eq!(m.kg(), 1.2);
    }

    #[test]
    fn pue_defaults_per_provider() {
        let p = PueTable::builtin();
        assert_eq!(p.for_provider("GCP"), Some(1.12));
        assert_eq!(p.for_provider("Unknown"), Some(1.56));
        assert_eq!(p.for_provider("mars"), None);
    }

    #[test]
    fn years_are_found() {
        assert_eq!(
            data_year("carbonfootprint (March 2022) (data from 2020)"),
            Some(2020)
        );
        assert_eq!(data_year("Data from April 2022"), Some(2022));
        assert_eq!(data_year("no year 12345"), None);
    }

    #[test]
    fn broken_tables_are_reported() {
        assert_eq!(RegionTable::parse("").unwrap_err(), FormatError::Empty);
        assert_eq!(
            RegionTable::parse("notes\nlocation,x\nNL,1\n")
                .unwrap_err()
                .code(),
            "missing_column"
        );
    }
}
