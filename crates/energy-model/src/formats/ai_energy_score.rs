//! Hugging Face AI Energy Score leaderboard CSVs: GPU kWh per 1,000 queries (= Wh per query)
//! on an NVIDIA H100, with a published 1–5 star score. Every published layout:
//!
//! - the first edition's task files (`model,total_gpu_energy,energy_score`; text generation
//!   adds `class`): no `test date`, so the first edition ([`FIRST_EDITION`]); stars within
//!   the task (text generation: within its size class);
//! - the later files (`…,class,test date`): stars per size class and edition;
//! - the reasoning file, whose model names carry the reasoning effort (`openai/gpt-oss-20b
//!   high`): the model and, as its configuration, the effort.
//!
//! A model listed twice in one file and edition (the first edition's object detection lists
//! `facebook/detr-resnet-50-dc5` twice, with two figures) keeps both rows, the second as its
//! own configuration, so each keeps its published stars.

use super::{Columns, FormatError, Provenance, Reference, cell, csv_reader, number};
use crate::quantity::Energy;
use crate::task::Task;
use crate::validation::Method;
use time::{Date, Month};

pub const URL: &str = "https://huggingface.co/spaces/AIEnergyScore/Leaderboard";

/// The edition of a file without a `test date` column: the first, of February 2025.
pub const FIRST_EDITION: &str = "Feb 25";

/// The reasoning efforts the reasoning file writes after a model's name.
const EFFORTS: [&str; 3] = ["low", "medium", "high"];

/// A model name as the file writes it, split into the model and its reasoning effort.
fn model_and_effort(name: &str) -> (&str, Option<&str>) {
    match name.rsplit_once(' ') {
        Some((model, effort)) if EFFORTS.contains(&effort.to_ascii_lowercase().as_str()) => {
            (model.trim(), Some(effort))
        }
        _ => (name, None),
    }
}

/// Parses one task's CSV. `task` is the file's task (the file does not say it).
pub fn parse(text: &str, task: Task) -> Result<Vec<Reference>, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(FormatError::Empty);
    }
    let mut reader = csv_reader(text, true);
    let cols = Columns::new(reader.headers().map_err(|e| FormatError::Malformed {
        line: Some(1),
        detail: e.to_string(),
    })?);
    let (model, energy, score, class, date) = (
        cols.require("model")?,
        cols.require("total_gpu_energy")?,
        cols.get("energy_score"),
        cols.get("class"),
        cols.get("test date"),
    );
    let mut out = Vec::new();
    // How often each (model, configuration, edition) was listed so far.
    let mut listed: std::collections::HashMap<(String, String, String), usize> =
        std::collections::HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| FormatError::Malformed {
            line: e.position().map(|p| p.line() as usize),
            detail: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let bad = |what: &str| FormatError::Malformed {
            line: Some(line),
            detail: what.to_string(),
        };
        let name = cell(&record, Some(model)).ok_or_else(|| bad("model is empty"))?;
        let (model_id, effort) = model_and_effort(name);
        let kwh_per_1000 = number(&record, Some(energy))
            .filter(|v| *v > 0.0)
            .ok_or_else(|| bad("total_gpu_energy is not a positive number"))?;
        let edition = match date {
            Some(_) => cell(&record, date).unwrap_or("").to_string(),
            None => FIRST_EDITION.to_string(),
        };
        let mut configuration = effort
            .map(|e| format!("reasoning effort {}", e.to_ascii_lowercase()))
            .unwrap_or_default();
        let times = listed
            .entry((model_id.to_string(), configuration.clone(), edition.clone()))
            .or_default();
        *times += 1;
        if *times > 1 {
            let listing = format!("listing {times}");
            configuration = if configuration.is_empty() {
                listing
            } else {
                format!("{configuration}, {listing}")
            };
        }
        out.push(Reference {
            provenance: Provenance {
                source: "AI Energy Score".into(),
                edition: edition.clone(),
                url: URL.into(),
                citation: format!("AI Energy Score leaderboard ({edition}), Hugging Face, {URL}"),
                licence: "as published by AI Energy Score".into(),
            },
            model_id: model_id.to_string(),
            model_name: None,
            total_params_billions: None,
            active_params_billions: None,
            task,
            hardware: "H100".into(),
            device_count: 1,
            energy_per_query: Energy::from_wh(kwh_per_1000),
            energy_per_output_token: None,
            mean_output_tokens: None,
            batch_size: None,
            precision: None,
            method: Method::CodeCarbon,
            mean_power: None,
            published_stars: number(&record, score)
                .filter(|s| (1.0..=5.0).contains(s))
                .map(|s| s as u8),
            size_class: cell(&record, class).and_then(|c| c.chars().next()),
            configuration,
            published_on: edition_date(&edition).ok_or_else(|| bad("unknown test date"))?,
        });
    }
    Ok(out)
}

/// `Feb 25` → 2025-02-01.
fn edition_date(edition: &str) -> Option<Date> {
    let (month, year) = edition.trim().split_once(' ')?;
    let month = match month.to_ascii_lowercase().get(..3)? {
        "jan" => Month::January,
        "feb" => Month::February,
        "mar" => Month::March,
        "apr" => Month::April,
        "may" => Month::May,
        "jun" => Month::June,
        "jul" => Month::July,
        "aug" => Month::August,
        "sep" => Month::September,
        "oct" => Month::October,
        "nov" => Month::November,
        "dec" => Month::December,
        _ => return None,
    };
    let year: i32 = year.trim().parse().ok()?;
    Date::from_calendar_date(if year < 100 { 2000 + year } else { year }, month, 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_are_dates() {
        assert_eq!(
            edition_date("Dec 25"),
            Date::from_calendar_date(2025, Month::December, 1).ok()
        );
        assert_eq!(edition_date("Smarch 25"), None);
        assert_eq!(edition_date(""), None);
    }

    #[test]
    fn rows_need_a_model_and_energy() {
        let err = parse("model,total_gpu_energy\n,0.1\n", Task::Summarization).unwrap_err();
        assert_eq!(err.code(), "malformed");
        let err = parse("model,total_gpu_energy\nm,-1\n", Task::Summarization).unwrap_err();
        assert_eq!(err.code(), "malformed");
        assert_eq!(parse("", Task::Summarization), Err(FormatError::Empty));
        assert_eq!(
            parse("model,x\nm,1\n", Task::Summarization)
                .unwrap_err()
                .code(),
            "missing_column"
        );
    }
}
