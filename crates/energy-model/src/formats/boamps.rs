//! BoAmps reports (Boavizta's report format 1.1.0, CC BY 4.0; schemas at
//! <https://github.com/Boavizta/BoAmps/tree/main/model>): one computing task, its measures
//! (energy in kWh as `powerConsumption`, seconds as `measurementDuration`), the
//! infrastructure it ran on (components with their type and count) and where.
//!
//! [`report`] writes a measurement as a report; [`parse`] reads one (or a list of them) into
//! raw measurements for the same validation as every other way in.

use super::FormatError;
use crate::hardware::DeviceKind;
use crate::task::Task;
use crate::validation::RawMeasurement;
use serde::{Deserialize, Deserializer, Serialize};

/// The format version written into every report.
pub const FORMAT_VERSION: &str = "1.1.0";
/// Where that version is specified.
pub const SPECIFICATION: &str = "https://github.com/Boavizta/BoAmps/tree/main/model";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Header>,
    pub task: TaskPart,
    pub measures: Vec<Measure>,
    pub infrastructure: Infrastructure,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    /// `high` (±10 %), `medium` (±25 %) or `low` (±50 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licensing: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format_version_specification_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_id: Option<String>,
    /// `YYYY-MM-DD HH:MM:SS`.
    pub report_datetime: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Publisher>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Publisher {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub confidentiality_level: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskPart {
    /// `inference`, `training`, `finetuning`, …
    pub task_stage: String,
    /// What the task does, in words (`text generation`, `chatbot`).
    pub task_family: String,
    /// The number of requests the measures cover (inference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nb_request: Option<f64>,
    pub algorithms: Vec<Algorithm>,
    pub dataset: Vec<Dataset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_description: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Algorithm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foundation_model_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foundation_model_uri: Option<String>,
    /// Billions of total parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters_number: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantization: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dataset {
    /// `input` or `output`.
    pub data_usage: String,
    /// `token`, `text`, `image`, …
    pub data_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_quantity: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Measure {
    /// `codecarbon`, `wattmeter`, …
    pub measurement_method: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_tracking_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu_tracking_mode: Option<String>,
    /// The energy of the task, in kWh (the format's name for it).
    pub power_consumption: f64,
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measurement_duration: Option<f64>,
    /// When the measurement began, `YYYY-MM-DD HH:MM:SS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measurement_date_time: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Infrastructure {
    /// `publicCloud`, `privateCloud`, `onPremise` or `other`.
    pub infra_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_provider: Option<String>,
    pub components: Vec<Component>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component_name: Option<String>,
    /// `cpu`, `gpu`, `ram`, `tpu`, …
    pub component_type: String,
    /// A whole number in the schema; reports that write `2.0` are read too.
    #[serde(deserialize_with = "whole")]
    pub nb_component: u32,
    /// Gigabytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_size: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Environment {
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// g CO2e per kWh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_source_carbon_intensity: Option<f64>,
}

impl Report {
    /// The device the energy belongs to: the first GPU, else TPU, SoC, CPU.
    fn device(&self) -> Option<&Component> {
        ["gpu", "tpu", "soc", "cpu"].iter().find_map(|kind| {
            self.infrastructure
                .components
                .iter()
                .find(|c| c.component_type.eq_ignore_ascii_case(kind))
        })
    }
}

/// One report, or a JSON list of them.
fn reports(text: &str) -> Result<Vec<Report>, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(FormatError::Empty);
    }
    let malformed = |e: serde_json::Error| FormatError::Malformed {
        line: Some(e.line()),
        detail: e.to_string(),
    };
    if text.trim_start().starts_with('[') {
        serde_json::from_str(text).map_err(malformed)
    } else {
        Ok(vec![serde_json::from_str(text).map_err(malformed)?])
    }
}

fn whole<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let n = f64::deserialize(d)?;
    if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) {
        Ok(n as u32)
    } else {
        Err(serde::de::Error::custom(
            "nbComponent is not a whole number",
        ))
    }
}

/// A stored measurement, as far as its report needs it.
pub struct Measured<'a> {
    pub id: &'a str,
    /// When the report is written, `YYYY-MM-DD HH:MM:SS`.
    pub written_at: String,
    pub publisher: &'a str,
    pub model: &'a str,
    pub model_uri: Option<String>,
    pub params_billions: Option<f64>,
    pub task: Task,
    pub queries: Option<u64>,
    pub output_tokens: Option<u64>,
    pub energy_kwh: f64,
    pub duration_s: Option<f64>,
    /// The method's slug (`codecarbon`, `nvml`, `wall-meter`, …).
    pub method: &'a str,
    pub tool_version: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub measured_on: String,
    pub device: &'a str,
    pub device_kind: DeviceKind,
    pub device_count: u32,
    /// The grid region's code or name.
    pub country: Option<&'a str>,
    pub grid_intensity: Option<f64>,
    pub precision: Option<&'a str>,
    /// A researcher or a publisher checked it.
    pub checked: bool,
}

/// The report of one measurement.
pub fn report(m: &Measured<'_>) -> Report {
    let stage = match m.task {
        Task::Training => "training",
        Task::FineTuning => "finetuning",
        _ => "inference",
    };
    let mut dataset = vec![Dataset {
        data_usage: "input".into(),
        data_type: data_type(m.task).into(),
        data_quantity: m.queries.map(|q| q as f64),
    }];
    if let Some(tokens) = m.output_tokens {
        dataset.push(Dataset {
            data_usage: "output".into(),
            data_type: "token".into(),
            data_quantity: Some(tokens as f64),
        });
    }
    Report {
        header: Some(Header {
            licensing: Some("CC BY 4.0".into()),
            format_version: Some(FORMAT_VERSION.into()),
            format_version_specification_uri: Some(SPECIFICATION.into()),
            report_id: Some(m.id.to_string()),
            report_datetime: m.written_at.clone(),
            report_status: Some("final".into()),
            publisher: Some(Publisher {
                name: Some(m.publisher.to_string()),
                confidentiality_level: "public".into(),
            }),
        }),
        task: TaskPart {
            task_stage: stage.into(),
            task_family: m.task.slug().replace('-', " "),
            nb_request: m.queries.filter(|_| stage == "inference").map(|q| q as f64),
            algorithms: vec![Algorithm {
                algorithm_type: Some(algorithm_type(m.task).into()),
                foundation_model_name: Some(m.model.to_string()),
                foundation_model_uri: m.model_uri.clone(),
                parameters_number: m.params_billions,
                quantization: m.precision.map(str::to_string),
                ..Algorithm::default()
            }],
            dataset,
            task_description: None,
        },
        measures: vec![Measure {
            measurement_method: m.method.to_string(),
            version: m.tool_version.map(str::to_string),
            cpu_tracking_mode: None,
            gpu_tracking_mode: None,
            power_consumption: m.energy_kwh,
            measurement_duration: m.duration_s,
            measurement_date_time: Some(format!("{} 00:00:00", m.measured_on)),
        }],
        infrastructure: Infrastructure {
            infra_type: "other".into(),
            cloud_provider: None,
            components: vec![Component {
                component_name: Some(m.device.to_string()),
                component_type: component_type(m.device_kind).into(),
                nb_component: m.device_count,
                memory_size: None,
                manufacturer: None,
            }],
        },
        environment: m.country.map(|c| Environment {
            country: c.to_string(),
            location: None,
            power_source_carbon_intensity: m.grid_intensity,
        }),
        quality: Some(if m.checked { "high" } else { "medium" }.into()),
    }
}

fn data_type(task: Task) -> &'static str {
    match task {
        Task::ImageClassification | Task::ObjectDetection | Task::ImageCaptioning => "image",
        Task::SpeechRecognition => "audio",
        _ => "text",
    }
}

fn algorithm_type(task: Task) -> &'static str {
    match task {
        Task::TextGeneration
        | Task::Reasoning
        | Task::CodeCompletion
        | Task::Summarization
        | Task::QuestionAnswering
        | Task::Translation
        | Task::MultimodalChat => "llm",
        Task::Embeddings => "embeddings creation",
        _ => "neural network",
    }
}

fn component_type(kind: DeviceKind) -> &'static str {
    match kind {
        DeviceKind::Gpu => "gpu",
        DeviceKind::Cpu => "cpu",
        DeviceKind::Tpu => "tpu",
        DeviceKind::Soc => "soc",
    }
}

/// One report, or a JSON list of them, as raw measurements: one per measure, of the
/// report's model (its first algorithm's foundation model, else its name), with its
/// requests as queries, on its first GPU (else TPU, SoC, CPU) with that component's count.
/// The task is the uploader's to choose, as for a CodeCarbon file (a report's family is
/// free text), and so is the precision (its `quantization` names none of ours, `q16`).
pub fn parse(text: &str) -> Result<Vec<RawMeasurement>, FormatError> {
    let mut out = Vec::new();
    for r in &reports(text)? {
        let algorithm = r.task.algorithms.first();
        let model = algorithm
            .and_then(|a| a.foundation_model_name.clone().or(a.algorithm_name.clone()))
            .unwrap_or_default();
        let device = r.device();
        for m in &r.measures {
            out.push(RawMeasurement {
                model: model.clone(),
                hardware: device
                    .and_then(|d| d.component_name.clone())
                    .unwrap_or_default(),
                device_count: device
                    .map(|d| d.nb_component.to_string())
                    .unwrap_or_default(),
                energy: format!("{} kWh", m.power_consumption),
                duration: m
                    .measurement_duration
                    .map(|d| format!("{d} s"))
                    .unwrap_or_default(),
                queries: r
                    .task
                    .nb_request
                    .filter(|n| *n > 0.0)
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                method: m.measurement_method.clone(),
                region: r
                    .environment
                    .as_ref()
                    .map(|e| e.country.clone())
                    .unwrap_or_default(),
                grid_intensity: r
                    .environment
                    .as_ref()
                    .and_then(|e| e.power_source_carbon_intensity)
                    .map(|g| format!("{g} g/kWh"))
                    .unwrap_or_default(),
                measured_on: m
                    .measurement_date_time
                    .as_deref()
                    .and_then(|t| t.get(..10))
                    .unwrap_or_default()
                    .to_string(),
                ..RawMeasurement::default()
            });
        }
    }
    Ok(out)
}

/// A report (or a list of them) as the rows of an upload, as a CodeCarbon file's are: one
/// run per measure, numbered in order (the first measure of the first report is row 1), with
/// the report's id (and the measure's place) as its run id, so a report uploaded twice is
/// stored once; its device the first GPU (else TPU, SoC, CPU) with its count. A measure
/// without a positive energy or duration is refused with its row.
pub fn runs(text: &str, max_rows: usize) -> Result<super::codecarbon::File, FormatError> {
    use super::codecarbon::{CellProblem, File, Row, RowError, Tool};
    let mut file = File::default();
    let mut line = 0;
    for (n, r) in reports(text)?.iter().enumerate() {
        let device = r.device();
        let is_gpu = device.is_some_and(|d| !d.component_type.eq_ignore_ascii_case("cpu"));
        let report_id = r
            .header
            .as_ref()
            .and_then(|h| h.report_id.clone())
            .unwrap_or_else(|| format!("report-{}", n + 1));
        for (i, m) in r.measures.iter().enumerate() {
            line += 1;
            if line > max_rows {
                return Err(FormatError::TooManyRows { limit: max_rows });
            }
            let positive = |v: Option<f64>| v.filter(|v| v.is_finite() && *v > 0.0);
            let (Some(energy_kwh), Some(duration_s)) = (
                positive(Some(m.power_consumption)),
                positive(m.measurement_duration),
            ) else {
                let column = if positive(Some(m.power_consumption)).is_none() {
                    "powerConsumption"
                } else {
                    "measurementDuration"
                };
                let problem = match (column, m.measurement_duration) {
                    ("measurementDuration", None) => CellProblem::Missing,
                    _ => CellProblem::NotPositive,
                };
                file.rejected.push(RowError {
                    line,
                    column,
                    problem,
                });
                continue;
            };
            let name = device.and_then(|d| d.component_name.clone());
            file.rows.push(Row {
                tool: Tool::Boamps,
                line,
                timestamp: m.measurement_date_time.clone(),
                project_name: r.task.task_description.clone(),
                run_id: Some(format!("boamps:{report_id}:{}", i + 1)),
                experiment_id: None,
                duration_s,
                energy_kwh,
                emissions: None,
                cpu_energy: None,
                gpu_energy: None,
                ram_energy: None,
                country_name: r.environment.as_ref().map(|e| e.country.clone()),
                country_iso_code: None,
                region: None,
                cloud_provider: r.infrastructure.cloud_provider.clone(),
                cloud_region: None,
                cpu_model: if is_gpu { None } else { name.clone() },
                gpu_model: if is_gpu { name } else { None },
                gpu_count: device.filter(|_| is_gpu).map(|d| f64::from(d.nb_component)),
                pue: None,
                codecarbon_version: m.version.clone(),
                tracking_mode: None,
                water_l: None,
                method: Some(m.measurement_method.trim().to_lowercase()),
            });
        }
    }
    Ok(file)
}
