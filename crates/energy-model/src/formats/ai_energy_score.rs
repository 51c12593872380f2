//! Hugging Face AI Energy Score leaderboard CSVs (`model,total_gpu_energy,energy_score,
//! class,test date`): GPU kWh per 1,000 queries (= Wh per query) on an NVIDIA H100, with a
//! published 1–5 star score per size class and edition.

use super::{Columns, FormatError, Provenance, Reference, cell, csv_reader, number};
use crate::quantity::Energy;
use crate::task::Task;
use crate::validation::Method;
use time::{Date, Month};

pub const URL: &str = "https://huggingface.co/spaces/AIEnergyScore/Leaderboard";

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
        let model_id = cell(&record, Some(model)).ok_or_else(|| bad("model is empty"))?;
        let kwh_per_1000 = number(&record, Some(energy))
            .filter(|v| *v > 0.0)
            .ok_or_else(|| bad("total_gpu_energy is not a positive number"))?;
        let edition = cell(&record, date).unwrap_or("").to_string();
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
            configuration: String::new(),
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
