//! BoAmps 1.1.0 reports: Boavizta's own example read as a measurement, and a report written
//! from a measurement valid against the format's JSON schemas (`tests/fixtures/boamps/`,
//! copied from Boavizta/BoAmps @ 3bfefec, `model/` and `examples/`, CC BY 4.0).

use energy_model::formats::boamps::{self, Measured};
use energy_model::hardware::DeviceKind;
use energy_model::validation::validate;
use energy_model::{Catalogue, RegionTable, Task, ValidationContext};
use serde_json::Value;
use std::path::Path;
use time::macros::date;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/boamps")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The part of JSON Schema (draft 4) the BoAmps schemas use: `type`, `required`,
/// `properties`, `items`, `enum`, `minItems`, `minimum`/`maximum`, and `$ref` to the other
/// schema files by their ids. Returns every violation as a path.
fn violations(value: &Value, schema: &Value, at: &str, out: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let file = reference.rsplit('/').next().expect("a file name");
        let target: Value = serde_json::from_str(&fixture(file)).expect("a schema");
        return violations(value, &target, at, out);
    }
    if let Some(kind) = schema.get("type").and_then(Value::as_str) {
        let ok = match kind {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "number" => value.is_number(),
            "integer" => value.is_u64() || value.is_i64(),
            "boolean" => value.is_boolean(),
            _ => true,
        };
        if !ok {
            out.push(format!("{at}: not {kind}"));
            return;
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        out.push(format!("{at}: {value} not in {allowed:?}"));
    }
    if let (Some(min), Some(v)) = (
        schema.get("minimum").and_then(Value::as_f64),
        value.as_f64(),
    ) && v < min
    {
        out.push(format!("{at}: below {min}"));
    }
    if let (Some(max), Some(v)) = (
        schema.get("maximum").and_then(Value::as_f64),
        value.as_f64(),
    ) && v > max
    {
        out.push(format!("{at}: above {max}"));
    }
    if let Some(object) = value.as_object() {
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = name.as_str().expect("a property name");
            if !object.contains_key(name) {
                out.push(format!("{at}: {name} is required"));
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, v) in object {
            match properties.and_then(|p| p.get(name)) {
                Some(s) => violations(v, s, &format!("{at}.{name}"), out),
                None if name != "$schema" => out.push(format!("{at}.{name}: not in the schema")),
                None => {}
            }
        }
    }
    if let Some(items) = value.as_array() {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            out.push(format!("{at}: fewer than {min} items"));
        }
        if let Some(item) = schema.get("items") {
            for (i, v) in items.iter().enumerate() {
                violations(v, item, &format!("{at}[{i}]"), out);
            }
        }
    }
}

fn schema_violations(value: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(&fixture("report_schema.json")).expect("the schema");
    let mut out = Vec::new();
    violations(value, &schema, "report", &mut out);
    out
}

fn ctx<'a>(c: &'a Catalogue, r: &'a RegionTable) -> ValidationContext<'a> {
    ValidationContext {
        today: date!(2026 - 11 - 27),
        hardware: c,
        regions: r,
        published_benchmark: false,
    }
}

#[test]
fn boaviztas_example_report_is_a_measurement() {
    let text = fixture("energy-report-llm-inference.json");
    assert!(
        schema_violations(&serde_json::from_str(&text).expect("as the fixture says")).is_empty()
    );
    let raws = boamps::parse(&text).expect("parses");
    assert_eq!(raws.len(), 1);
    let raw = &raws[0];
    assert_eq!(raw.model, "llama2-13b");
    assert_eq!(
        (raw.hardware.as_str(), raw.device_count.as_str()),
        ("2 x Tesla V100S-PCIE-32GB", "2")
    );
    assert_eq!(raw.energy, "0.00267074 kWh");
    assert_eq!(raw.duration, "19.09390426 s");
    assert_eq!(
        (raw.queries.as_str(), raw.method.as_str()),
        ("1", "codecarbon")
    );
    assert_eq!(
        (raw.region.as_str(), raw.measured_on.as_str()),
        ("france", "2024-09-30")
    );
    let (c, r) = (Catalogue::builtin(), RegionTable::builtin());
    let mut raw = raw.clone();
    raw.task = "text-generation".into();
    let m = validate(&raw, &ctx(&c, &r)).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(m.device_count, 2);
    assert_eq!(m.region.map(|r| r.code), Some("FR".to_string()));
}

#[test]
fn a_written_report_meets_the_schema_and_reads_back() {
    let measured = Measured {
        id: "0b6f3e9e-5d1c-4c2a-9a57-3f1d2e4c5b6a",
        written_at: "2026-12-08 10:00:00".into(),
        publisher: "Green AI Hub",
        model: "Qwen 3 8B",
        model_uri: Some("https://huggingface.co/Qwen/Qwen3-8B".into()),
        params_billions: Some(8.2),
        task: Task::TextGeneration,
        queries: Some(1000),
        output_tokens: Some(250_000),
        energy_kwh: 0.42,
        duration_s: Some(3600.0),
        method: "nvml",
        tool_version: None,
        measured_on: "2026-02-01".into(),
        device: "NVIDIA A100 80GB PCIe",
        device_kind: DeviceKind::Gpu,
        device_count: 2,
        country: Some("NL"),
        grid_intensity: Some(268.0),
        precision: Some("bf16"),
        checked: true,
    };
    let report = serde_json::to_value(boamps::report(&measured)).expect("as the fixture says");
    assert_eq!(schema_violations(&report), Vec::<String>::new());
    assert_eq!(report["header"]["formatVersion"], "1.1.0");
    assert_eq!(report["infrastructure"]["components"][0]["nbComponent"], 2);
    let back = boamps::parse(&report.to_string()).expect("as the fixture says");
    assert_eq!(back[0].energy, "0.42 kWh");
    assert_eq!(
        (back[0].queries.as_str(), back[0].device_count.as_str()),
        ("1000", "2")
    );
    // A list of reports (a search's export) reads as one measurement each.
    let list = serde_json::to_string(&[&report, &report]).expect("as the fixture says");
    assert_eq!(boamps::parse(&list).expect("as the fixture says").len(), 2);
    assert_eq!(boamps::parse("{}").unwrap_err().code(), "malformed");
}

/// A report uploaded as a file of runs: one run per measure, its device and count, its
/// method, and a run id that makes the same report stored once.
#[test]
fn a_report_is_a_file_of_runs() {
    let text = fixture("energy-report-llm-inference.json");
    let file = energy_model::formats::runs(text.as_bytes(), 100).expect("runs");
    assert_eq!(file.rows.len(), 1);
    let row = &file.rows[0];
    assert_eq!(row.tool, energy_model::formats::codecarbon::Tool::Boamps);
    assert_eq!(
        row.run_id.as_deref(),
        Some("boamps:2f4643f7-68b5-4fb6-21f0-b5dcda04897d:1")
    );
    assert_eq!((row.energy_kwh, row.duration_s), (0.00267074, 19.09390426));
    let raw = row.to_raw("Llama 2 13B", "text-generation", "1");
    assert_eq!(
        (raw.method.as_str(), raw.device_count.as_str()),
        ("codecarbon", "2")
    );
    assert_eq!(raw.hardware, "2 x Tesla V100S-PCIE-32GB");
    assert_eq!(raw.region, "france");
    let mut broken: Value = serde_json::from_str(&text).expect("as the fixture says");
    broken["measures"][0]["powerConsumption"] = Value::from(0);
    let file = energy_model::formats::runs(broken.to_string().as_bytes(), 100)
        .expect("as the fixture says");
    assert_eq!((file.rows.len(), file.rejected.len()), (0, 1));
    assert_eq!(file.rejected[0].column, "powerConsumption");
}
