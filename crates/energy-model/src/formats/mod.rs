//! Readers of the real file formats measurements and reference data come in.
//!
//! Every reader takes text or bytes it is handed (no file system access), maps CSV columns
//! by name (never by position), and reports problems with their row and column.

pub mod ai_energy_score;
pub mod boamps;

/// The runs of an uploaded file, whichever tool wrote it: a BoAmps report (JSON, or a list
/// of reports) or a CSV of runs (CodeCarbon's `emissions.csv` of any version, eco2ai's
/// `emission.csv`), told apart by the first character and the header.
pub fn runs(bytes: &[u8], max_rows: usize) -> Result<codecarbon::File, FormatError> {
    let text = utf8(bytes)?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    if body.starts_with(['{', '[']) {
        return boamps::runs(text, max_rows);
    }
    codecarbon::parse(bytes, max_rows)
}

/// A file's bytes as text; not UTF-8 names the line where it stops being so.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, FormatError> {
    std::str::from_utf8(bytes).map_err(|e| FormatError::NotUtf8 {
        line: bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1,
    })
}
pub mod codecarbon;
pub mod ml_energy;

use crate::lang::Lang;
use serde::Serialize;
use std::collections::HashMap;

/// A whole file could not be read.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FormatError {
    /// The bytes are not UTF-8 text.
    NotUtf8 { line: usize },
    /// The file has no header row.
    Empty,
    /// A column the format needs is absent.
    MissingColumn { column: String },
    /// More rows than allowed.
    TooManyRows { limit: usize },
    /// The CSV or JSON structure itself is broken.
    Malformed { line: Option<usize>, detail: String },
}

impl FormatError {
    pub fn code(&self) -> &'static str {
        match self {
            FormatError::NotUtf8 { .. } => "not_utf8",
            FormatError::Empty => "empty_file",
            FormatError::MissingColumn { .. } => "missing_column",
            FormatError::TooManyRows { .. } => "too_many_rows",
            FormatError::Malformed { .. } => "malformed",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (FormatError::NotUtf8 { line }, Lang::En) => format!(
                "Line {line} is not UTF-8 text. Save the file as UTF-8 (CSV UTF-8) and try again."
            ),
            (FormatError::NotUtf8 { line }, Lang::Nl) => format!(
                "Regel {line} is geen UTF-8-tekst. Sla het bestand op als UTF-8 (CSV UTF-8) en probeer het opnieuw."
            ),
            (FormatError::Empty, Lang::En) => "The file is empty: it has no header row.".into(),
            (FormatError::Empty, Lang::Nl) => "Het bestand is leeg: er is geen kopregel.".into(),
            (FormatError::MissingColumn { column }, Lang::En) => {
                format!("The file has no “{column}” column, which this format needs.")
            }
            (FormatError::MissingColumn { column }, Lang::Nl) => {
                format!("Het bestand heeft geen kolom “{column}”, die dit formaat nodig heeft.")
            }
            (FormatError::TooManyRows { limit }, Lang::En) => {
                format!("The file has more than {limit} rows. Split it into smaller files.")
            }
            (FormatError::TooManyRows { limit }, Lang::Nl) => {
                format!(
                    "Het bestand heeft meer dan {limit} rijen. Splits het in kleinere bestanden."
                )
            }
            (FormatError::Malformed { line, detail }, _) => {
                let at = match line {
                    Some(l) => format!(" ({} {l})", lang.pick("line", "regel")),
                    None => String::new(),
                };
                format!(
                    "{}{at}: {detail}",
                    lang.pick(
                        "The file's structure is broken",
                        "De opbouw van het bestand klopt niet"
                    )
                )
            }
        }
    }
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for FormatError {}

/// Maps a CSV header to column positions by trimmed name.
pub(crate) struct Columns(HashMap<String, usize>);

impl Columns {
    pub(crate) fn new(header: &csv::StringRecord) -> Columns {
        Columns(
            header
                .iter()
                .enumerate()
                .map(|(i, name)| (name.trim().trim_start_matches('\u{feff}').to_string(), i))
                .collect(),
        )
    }

    pub(crate) fn require(&self, name: &str) -> Result<usize, FormatError> {
        self.0
            .get(name)
            .copied()
            .ok_or_else(|| FormatError::MissingColumn {
                column: name.to_string(),
            })
    }

    pub(crate) fn get(&self, name: &str) -> Option<usize> {
        self.0.get(name).copied()
    }
}

/// A trimmed, non-empty cell, or `None`.
pub(crate) fn cell(record: &csv::StringRecord, index: Option<usize>) -> Option<&str> {
    index
        .and_then(|i| record.get(i))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A cell as a finite number; `NaN`, `Nan` and empty cells are `None`.
pub(crate) fn number(record: &csv::StringRecord, index: Option<usize>) -> Option<f64> {
    cell(record, index)
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|v| v.is_finite())
}

/// A flexible CSV reader over text, tolerant of short rows.
pub(crate) fn csv_reader(text: &str, has_headers: bool) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(has_headers)
        .from_reader(text.as_bytes())
}

/// Reads a table whose first row is a line of notes and second row the real header, as the
/// Green Algorithms tables are.
pub(crate) fn two_header_rows(
    text: &str,
) -> Result<(Columns, Vec<(usize, csv::StringRecord)>), FormatError> {
    let mut reader = csv_reader(text, false);
    let mut records = reader.records();
    let malformed = |e: csv::Error| FormatError::Malformed {
        line: e.position().map(|p| p.line() as usize),
        detail: e.to_string(),
    };
    let _notes = records
        .next()
        .ok_or(FormatError::Empty)?
        .map_err(malformed)?;
    let header = records
        .next()
        .ok_or(FormatError::Empty)?
        .map_err(malformed)?;
    let rows = records
        .enumerate()
        .map(|(i, r)| r.map(|r| (i + 3, r)).map_err(malformed))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((Columns::new(&header), rows))
}

/// A slug for URLs: lower-case ASCII letters and digits joined by single dashes.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_counts_from_names() {
        let cases = [
            ("Qwen/Qwen3-30B-A3B", (Some(30.0), Some(3.0))),
            ("Qwen/Qwen3-235B-A22B", (Some(235.0), Some(22.0))),
            ("google/gemma-3-270m", (Some(0.27), None)),
            ("HuggingFaceTB/SmolLM-135M", (Some(0.135), None)),
            ("meta-llama/Llama-2-7b-hf", (Some(7.0), None)),
            ("meta-llama/Meta-Llama-3.1-8B", (Some(8.0), None)),
            ("allenai/OLMo-1.7-7B-hf", (Some(7.0), None)),
            ("01-ai/Yi-1.5-9B", (Some(9.0), None)),
            ("tencent/Hunyuan-1.8B-Instruct", (Some(1.8), None)),
            ("mistralai/Mixtral-8x7B-v0.1", (None, None)),
            ("microsoft/phi-2", (None, None)),
            ("mistralai/Ministral-8B-Instruct-2410", (Some(8.0), None)),
            ("zai-org/GLM-4.5-Air", (None, None)),
        ];
        for (name, want) in cases {
            assert_eq!(params_from_name(name), want, "{name}");
        }
    }

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(slugify("Llama 3.1 8B Instruct"), "llama-3-1-8b-instruct");
        assert_eq!(
            slugify("meta-llama/Llama-3.1-8B"),
            "meta-llama-llama-3-1-8b"
        );
        assert_eq!(slugify("  PixArt-Σ "), "pixart");
        assert_eq!(slugify("Σ"), "");
    }

    #[test]
    fn format_errors_speak_both_languages() {
        let errors = [
            FormatError::NotUtf8 { line: 3 },
            FormatError::Empty,
            FormatError::MissingColumn {
                column: "duration".into(),
            },
            FormatError::TooManyRows { limit: 10 },
            FormatError::Malformed {
                line: Some(2),
                detail: "x".into(),
            },
        ];
        for e in errors {
            assert_ne!(e.message(Lang::En), e.message(Lang::Nl));
        }
    }
}

/// Where a published figure comes from, to show with it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Provenance {
    /// Short name of the source, such as `ML.ENERGY Leaderboard`.
    pub source: String,
    /// Edition or data snapshot, such as `v3 (2026-02-16)` or `Feb 25`.
    pub edition: String,
    pub url: String,
    /// How to cite it.
    pub citation: String,
    pub licence: String,
}

/// A measurement from a published benchmark, per query, with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reference {
    pub provenance: Provenance,
    /// The model's id as published (`meta-llama/Llama-3.1-8B-Instruct`).
    pub model_id: String,
    /// A display name, when the source gives one.
    pub model_name: Option<String>,
    pub total_params_billions: Option<f64>,
    pub active_params_billions: Option<f64>,
    pub task: crate::Task,
    /// The hardware as published (`H100`), resolvable by [`crate::Catalogue::resolve`].
    pub hardware: String,
    pub device_count: u32,
    pub energy_per_query: crate::Energy,
    pub energy_per_output_token: Option<crate::Energy>,
    pub mean_output_tokens: Option<f64>,
    pub batch_size: Option<f64>,
    pub precision: Option<String>,
    pub method: crate::Method,
    /// Mean power of all devices while measuring, when published.
    pub mean_power: Option<crate::Power>,
    /// The star rating the source published, if any.
    pub published_stars: Option<u8>,
    /// The source's size class, if any.
    pub size_class: Option<char>,
    /// What distinguishes this configuration from the model's others.
    pub configuration: String,
    /// The date the figures were published.
    pub published_on: time::Date,
}

/// The number of queries a reference is expressed over when it becomes a measurement.
pub const REFERENCE_QUERIES: u64 = 1000;

impl Reference {
    /// The reference as a raw measurement of [`REFERENCE_QUERIES`] queries, for the same
    /// validation every measurement passes. Its duration follows from the published mean
    /// power where there is one, and is left empty otherwise (validate it with
    /// `published_benchmark` set).
    pub fn to_raw(&self) -> crate::RawMeasurement {
        let q = REFERENCE_QUERIES as f64;
        let energy_j = self.energy_per_query.joules() * q;
        let duration = self
            .mean_power
            .filter(|p| p.watts() > 0.0)
            .map(|p| format!("{} s", energy_j / p.watts()))
            .unwrap_or_default();
        crate::RawMeasurement {
            model: self.model_id.clone(),
            task: self.task.slug().to_string(),
            hardware: self.hardware.clone(),
            device_count: self.device_count.to_string(),
            energy: format!("{energy_j} J"),
            component_energy: String::new(),
            duration,
            queries: REFERENCE_QUERIES.to_string(),
            output_tokens: self
                .mean_output_tokens
                .map(|t| format!("{}", (t * q).round()))
                .unwrap_or_default(),
            batch_size: self
                .batch_size
                .map(|b| format!("{}", b.round().max(1.0)))
                .unwrap_or_default(),
            precision: self.precision.clone().unwrap_or_default(),
            optimisations: Vec::new(),
            method: self.method.slug().to_string(),
            region: String::new(),
            pue: String::new(),
            grid_intensity: String::new(),
            mean_power: String::new(),
            measured_on: self.published_on.to_string(),
        }
    }
}

/// The slug a model is known by: its name without the organisation prefix
/// (`meta-llama/Llama-3.1-8B-Instruct` → `llama-3-1-8b-instruct`), so that the spellings
/// people and tools use meet in one catalogue entry.
pub fn model_slug(name: &str) -> String {
    slugify(name.trim().rsplit('/').next().unwrap_or(""))
}

/// The organisation prefix of a model id (`meta-llama/…` → `meta-llama`), if any.
/// The parameter counts a model's name states, in billions: (total, active). `Qwen3-30B-A3B`
/// is 30 total and 3 active, `gemma-3-270m` 0.27, `Llama-2-7b-hf` 7; a name without a size
/// (`phi-2`, `Mixtral-8x7B`, whose size is not the product) states none.
pub fn params_from_name(name: &str) -> (Option<f64>, Option<f64>) {
    let short = name.trim().rsplit('/').next().unwrap_or("");
    let size = |token: &str| -> Option<f64> {
        let (number, unit) = token.split_at(token.len().checked_sub(1)?);
        let value: f64 = number
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v > 0.0)?;
        match unit {
            "b" | "B" => Some(value),
            "m" | "M" => Some(value / 1000.0),
            _ => None,
        }
    };
    let (mut total, mut active) = (None, None);
    for token in short.split(['-', '_', ' ']) {
        if let Some(rest) = token.strip_prefix(['a', 'A']).filter(|r| !r.is_empty())
            && active.is_none()
            && let Some(v) = size(rest)
        {
            active = Some(v);
            continue;
        }
        if total.is_none() && !token.contains('x') {
            total = size(token);
        }
    }
    (total, active)
}

pub fn model_organisation(name: &str) -> Option<&str> {
    name.trim()
        .split_once('/')
        .map(|(org, _)| org.trim())
        .filter(|o| !o.is_empty())
}

#[cfg(test)]
mod model_name_tests {
    use super::*;

    #[test]
    fn spellings_meet() {
        assert_eq!(
            model_slug("meta-llama/Llama-3.1-8B-Instruct"),
            "llama-3-1-8b-instruct"
        );
        assert_eq!(model_slug("Llama 3.1 8B Instruct"), "llama-3-1-8b-instruct");
        assert_eq!(
            model_organisation("meta-llama/Llama-3.1-8B"),
            Some("meta-llama")
        );
        assert_eq!(model_organisation("gpt2"), None);
        assert_eq!(model_slug(""), "");
    }
}
