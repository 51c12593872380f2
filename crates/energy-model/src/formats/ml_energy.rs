//! The ML.ENERGY Leaderboard's published data (v3): `index.json` with the models and
//! their parameters, and one JSON file per model and task with the measured
//! configurations (GPU model and count, energy per request and per token in joules).

use super::{FormatError, Provenance, Reference};
use crate::quantity::{Energy, Power};
use crate::task::Task;
use crate::validation::Method;
use serde::Deserialize;
use std::collections::BTreeMap;
use time::Date;

pub const URL: &str = "https://ml.energy/leaderboard";

/// What the index says of one model.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ModelInfo {
    pub nickname: Option<String>,
    pub total_params_billions: Option<f64>,
    pub activated_params_billions: Option<f64>,
    pub weight_precision: Option<String>,
    pub architecture: Option<String>,
}

/// `index.json`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Index {
    pub last_updated: String,
    #[serde(default)]
    pub models: BTreeMap<String, ModelInfo>,
    #[serde(default)]
    pub tasks: Vec<String>,
}

impl Index {
    pub fn parse(text: &str) -> Result<Index, FormatError> {
        serde_json::from_str(text).map_err(json_error)
    }

    fn date(&self) -> Result<Date, FormatError> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        Date::parse(self.last_updated.trim(), &format).map_err(|_| FormatError::Malformed {
            line: None,
            detail: format!("last_updated “{}” is not a date", self.last_updated),
        })
    }
}

#[derive(Deserialize)]
struct ModelFile {
    model_id: String,
    task: String,
    #[serde(default)]
    total_params_billions: Option<f64>,
    #[serde(default)]
    activated_params_billions: Option<f64>,
    #[serde(default)]
    weight_precision: Option<String>,
    configurations: Vec<Configuration>,
}

#[derive(Deserialize)]
struct Configuration {
    gpu_model: String,
    num_gpus: u32,
    avg_power_watts: Option<f64>,
    energy_per_request_joules: Option<f64>,
    energy_per_token_joules: Option<f64>,
    energy_per_image_joules: Option<f64>,
    energy_per_video_joules: Option<f64>,
    avg_output_len: Option<f64>,
    avg_batch_size: Option<f64>,
    batch_size: Option<f64>,
    max_num_seqs: Option<u32>,
    inference_steps: Option<u32>,
    #[serde(default)]
    parallelization: BTreeMap<String, serde_json::Value>,
}

/// The leaderboard's task names mapped to ours.
pub fn task_for(name: &str) -> Option<Task> {
    match name {
        "lm-arena-chat" => Some(Task::TextGeneration),
        "gpqa" => Some(Task::Reasoning),
        "sourcegraph-fim" => Some(Task::CodeCompletion),
        "image-chat" | "video-chat" => Some(Task::MultimodalChat),
        "text-to-image" => Some(Task::ImageGeneration),
        "text-to-video" => Some(Task::VideoGeneration),
        _ => None,
    }
}

/// Parses one model file into one reference per measured configuration.
pub fn parse_model(text: &str, index: &Index) -> Result<Vec<Reference>, FormatError> {
    let file: ModelFile = serde_json::from_str(text).map_err(json_error)?;
    let task = task_for(&file.task).ok_or_else(|| FormatError::Malformed {
        line: None,
        detail: format!("unknown task “{}”", file.task),
    })?;
    let published_on = index.date()?;
    let info = index
        .models
        .get(&file.model_id)
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, c) in file.configurations.iter().enumerate() {
        let joules = c
            .energy_per_request_joules
            .or(c.energy_per_image_joules)
            .or(c.energy_per_video_joules)
            .filter(|j| j.is_finite() && *j > 0.0)
            .ok_or_else(|| FormatError::Malformed {
                line: None,
                detail: format!("configuration {} has no positive energy", i + 1),
            })?;
        // The leaderboard's own workload name first: two of them map to one of our tasks.
        let mut configuration = format!("{}: {} × {}", file.task, c.num_gpus, c.gpu_model);
        if let Some(seqs) = c.max_num_seqs {
            configuration.push_str(&format!(", max_num_seqs {seqs}"));
        }
        if let Some(b) = c.batch_size {
            configuration.push_str(&format!(", batch {b}"));
        }
        if let Some(steps) = c.inference_steps {
            configuration.push_str(&format!(", {steps} steps"));
        }
        let parallel: Vec<String> = c
            .parallelization
            .iter()
            .filter_map(|(k, v)| v.as_u64().filter(|n| *n > 1).map(|n| format!("{k} {n}")))
            .collect();
        if !parallel.is_empty() {
            configuration.push_str(&format!(", {}", parallel.join(", ")));
        }
        // The few configurations the file repeats verbatim keep apart by their order.
        let n = seen.entry(configuration.clone()).or_default();
        *n += 1;
        if *n > 1 {
            configuration.push_str(&format!(" (#{n})"));
        }
        out.push(Reference {
            provenance: Provenance {
                source: "ML.ENERGY Leaderboard".into(),
                edition: format!("v3 ({})", index.last_updated),
                url: URL.into(),
                citation: format!(
                    "Chung et al., The ML.ENERGY Benchmark, ML.ENERGY Leaderboard v3 (data of {}), {URL}",
                    index.last_updated
                ),
                licence: "as published by the ML.ENERGY project".into(),
            },
            model_id: file.model_id.clone(),
            model_name: info.nickname.clone(),
            total_params_billions: file.total_params_billions.or(info.total_params_billions),
            active_params_billions: file
                .activated_params_billions
                .or(info.activated_params_billions),
            task,
            hardware: c.gpu_model.clone(),
            device_count: c.num_gpus.max(1),
            energy_per_query: Energy::from_joules(joules),
            energy_per_output_token: c
                .energy_per_token_joules
                .filter(|j| j.is_finite() && *j > 0.0)
                .map(Energy::from_joules),
            mean_output_tokens: c.avg_output_len.filter(|t| t.is_finite() && *t > 0.0),
            batch_size: c.avg_batch_size.or(c.batch_size),
            precision: file
                .weight_precision
                .clone()
                .or(info.weight_precision.clone()),
            method: Method::Nvml,
            mean_power: c
                .avg_power_watts
                .filter(|w| w.is_finite() && *w > 0.0)
                .map(Power::from_watts),
            published_stars: None,
            size_class: None,
            configuration,
            published_on,
        });
    }
    Ok(out)
}

fn json_error(e: serde_json::Error) -> FormatError {
    FormatError::Malformed {
        line: Some(e.line()),
        detail: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_json_is_reported() {
        let index = Index::parse(r#"{"last_updated":"2026-02-16","models":{}}"#).expect("index");
        assert_eq!(parse_model("{", &index).unwrap_err().code(), "malformed");
        let unknown = r#"{"model_id":"m","task":"juggling","configurations":[]}"#;
        assert_eq!(
            parse_model(unknown, &index).unwrap_err().code(),
            "malformed"
        );
        let no_energy = r#"{"model_id":"m","task":"gpqa","configurations":[{"gpu_model":"H100","num_gpus":1}]}"#;
        assert_eq!(
            parse_model(no_energy, &index).unwrap_err().code(),
            "malformed"
        );
        let bad_date = Index::parse(r#"{"last_updated":"soon"}"#).expect("index");
        let ok = r#"{"model_id":"m","task":"gpqa","configurations":[]}"#;
        assert_eq!(parse_model(ok, &bad_date).unwrap_err().code(), "malformed");
    }
}
