//! CodeCarbon's `emissions.csv`, of any version from 2.x to 3.x.
//!
//! The header changed between versions — ≤ 1.2 has `experiment_id` and no `run_id`; 2.2 adds
//! `codecarbon_version`; 2.3 `pue`; 2.7 puts `experiment_id` after `run_id`; 3.0.8 adds
//! `water_consumed` and `wue`; 3.2 the utilisation columns — so columns are mapped by name.
//! Units as CodeCarbon writes them: duration in s, energies in kWh, powers in W, emissions in
//! kg CO2e, water in L.
//!
//! A run is identified by its `run_id`, or, where that is blank, by a digest of the row. Files
//! written with `on_csv_write="append"` repeat a run as several rows with growing totals: the
//! run counts once, with its last row.
//!
//! eco2ai's `emission.csv` has the same shape, one row per run, under other names ([`Tool`]):
//! `id`, `start_time`, `duration(s)`, `power_consumption(kWh)`, `CO2_emissions(kg)`,
//! `CPU_name` written as `name/N device(s), TDP:W`, `GPU_name` as `name N device(s)` (` 0
//! device(s)` without a GPU) and `region/country` as an alpha-2 code, with `/region` when
//! one was given. It measures the whole run like CodeCarbon, so the same rows follow.

use super::{Columns, FormatError, cell, number};
use crate::lang::Lang;
use crate::quantity::{Duration, Energy, Mass};
use crate::validation::RawMeasurement;
use serde::Serialize;

/// What a row that names no device (CodeCarbon before 2.0) is stored as: a spelling no
/// catalogue resolves, so the measurement is kept and flagged for a researcher.
pub const NO_DEVICE: &str = "device not named in the CodeCarbon file";

/// The tool that wrote a file of runs, told by its header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tool {
    #[default]
    CodeCarbon,
    Eco2ai,
    /// A BoAmps report's measures ([`super::boamps::runs`]), each with the method it names.
    Boamps,
}

impl Tool {
    fn of(cols: &Columns) -> Tool {
        if cols.get("energy_consumed").is_none() && cols.get("power_consumption(kWh)").is_some() {
            Tool::Eco2ai
        } else {
            Tool::CodeCarbon
        }
    }

    /// The measurement method its rows are stored with.
    pub fn method(self) -> &'static str {
        match self {
            Tool::CodeCarbon => "codecarbon",
            Tool::Eco2ai => "eco2ai",
            Tool::Boamps => "boamps",
        }
    }

    /// Its column of each thing, where it has one.
    fn column(self, what: &'static str) -> &'static str {
        match (self, what) {
            (Tool::CodeCarbon | Tool::Boamps, c) => c,
            (Tool::Eco2ai, "duration") => "duration(s)",
            (Tool::Eco2ai, "energy_consumed") => "power_consumption(kWh)",
            (Tool::Eco2ai, "emissions") => "CO2_emissions(kg)",
            (Tool::Eco2ai, "timestamp") => "start_time",
            (Tool::Eco2ai, "run_id") => "id",
            (Tool::Eco2ai, "cpu_model") => "CPU_name",
            (Tool::Eco2ai, "gpu_model") => "GPU_name",
            (Tool::Eco2ai, "country_iso_code") => "region/country",
            (Tool::Eco2ai, "project_name") => "project_name",
            // eco2ai writes no other column of CodeCarbon's.
            (Tool::Eco2ai, _) => "",
        }
    }
}

/// eco2ai's device cell: `AMD EPYC/1 device(s), TDP:500.0` (CPU) or `NVIDIA A100 2
/// device(s)` (GPU) → the name and the count; no name when it counted none.
fn eco2ai_device(cell: &str) -> (Option<String>, Option<f64>) {
    let before = cell
        .split_once(" device(s)")
        .map_or(cell, |(b, _)| b)
        .trim();
    let (name, count) = match before.rsplit_once(['/', ' ']) {
        Some((name, n)) if n.parse::<f64>().is_ok() => (name.trim(), n.parse::<f64>().ok()),
        _ if before.parse::<f64>().is_ok() => ("", before.parse::<f64>().ok()),
        _ => (before, None),
    };
    let name = Some(name.to_string()).filter(|n| !n.is_empty() && count != Some(0.0));
    (name, count)
}

/// One accepted row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The tool that wrote it.
    pub tool: Tool,
    /// The row's line in the file, header = 1, as a spreadsheet numbers it.
    pub line: usize,
    pub timestamp: Option<String>,
    pub project_name: Option<String>,
    pub run_id: Option<String>,
    pub experiment_id: Option<String>,
    /// `duration` exactly as written, in seconds.
    pub duration_s: f64,
    /// `energy_consumed` exactly as written, in kWh.
    pub energy_kwh: f64,
    pub emissions: Option<Mass>,
    pub cpu_energy: Option<Energy>,
    pub gpu_energy: Option<Energy>,
    pub ram_energy: Option<Energy>,
    pub country_name: Option<String>,
    pub country_iso_code: Option<String>,
    pub region: Option<String>,
    pub cloud_provider: Option<String>,
    pub cloud_region: Option<String>,
    pub cpu_model: Option<String>,
    pub gpu_model: Option<String>,
    pub gpu_count: Option<f64>,
    pub pue: Option<f64>,
    pub codecarbon_version: Option<String>,
    /// `machine` (power measured, RAPL/NVML) or `process` (estimated for the process).
    pub tracking_mode: Option<String>,
    /// Water used, in litres (3.0.8 and later).
    pub water_l: Option<f64>,
    /// The measuring method the file names for the row, where it names one per row (a
    /// BoAmps measure's `measurementMethod`); else the tool's own.
    pub method: Option<String>,
}

/// Why one cell made its row unusable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellProblem {
    Missing,
    NotANumber,
    NotFinite,
    NotPositive,
}

/// A rejected row: its line, the column and what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub line: usize,
    pub column: &'static str,
    pub problem: CellProblem,
}

impl RowError {
    pub fn code(&self) -> &'static str {
        match self.problem {
            CellProblem::Missing => "missing",
            CellProblem::NotANumber => "not_a_number",
            CellProblem::NotFinite => "not_finite",
            CellProblem::NotPositive => "not_positive",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let (line, column) = (self.line, self.column);
        match (self.problem, lang) {
            (CellProblem::Missing, Lang::En) => format!("Row {line}: “{column}” is empty."),
            (CellProblem::Missing, Lang::Nl) => format!("Rij {line}: “{column}” is leeg."),
            (CellProblem::NotANumber, Lang::En) => {
                format!("Row {line}: “{column}” is not a number.")
            }
            (CellProblem::NotANumber, Lang::Nl) => {
                format!("Rij {line}: “{column}” is geen getal.")
            }
            (CellProblem::NotFinite, Lang::En) => {
                format!("Row {line}: “{column}” is infinite or not a number.")
            }
            (CellProblem::NotFinite, Lang::Nl) => {
                format!("Rij {line}: “{column}” is oneindig of geen getal.")
            }
            (CellProblem::NotPositive, Lang::En) => {
                format!("Row {line}: “{column}” is zero or negative.")
            }
            (CellProblem::NotPositive, Lang::Nl) => {
                format!("Rij {line}: “{column}” is nul of negatief.")
            }
        }
    }
}

/// A parsed file: the rows that can be used, and the reasons for those that cannot.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct File {
    pub rows: Vec<Row>,
    pub rejected: Vec<RowError>,
    /// Rows that repeated a run of an earlier row (append mode): the run is kept once, with
    /// its last row.
    pub repeated: usize,
}

impl File {
    /// Sum of `energy_consumed` over accepted rows, in kWh, added in file order.
    pub fn total_energy_kwh(&self) -> f64 {
        self.rows.iter().map(|r| r.energy_kwh).sum()
    }

    /// Sum of `duration` over accepted rows, in seconds, added in file order.
    pub fn total_duration_s(&self) -> f64 {
        self.rows.iter().map(|r| r.duration_s).sum()
    }

    /// How many rows the file had: the runs kept, the rows repeating a run, the rejected.
    pub fn rows_read(&self) -> usize {
        self.rows.len() + self.repeated + self.rejected_lines().len()
    }

    /// The lines of rejected rows, each once.
    pub fn rejected_lines(&self) -> Vec<usize> {
        let mut lines: Vec<usize> = self.rejected.iter().map(|e| e.line).collect();
        lines.dedup();
        lines
    }
}

/// Parses an `emissions.csv` from its bytes. Fails as a whole only when the file cannot be
/// read as such (not UTF-8, no header, a needed column missing, too many rows); bad rows are
/// listed in [`File::rejected`] and the rest are kept.
pub fn parse(bytes: &[u8], max_rows: usize) -> Result<File, FormatError> {
    let text = super::utf8(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(FormatError::Empty);
    }
    let mut reader = super::csv_reader(text, true);
    let header = reader.headers().map_err(|e| FormatError::Malformed {
        line: Some(1),
        detail: e.to_string(),
    })?;
    let cols = Columns::new(header);
    let tool = Tool::of(&cols);
    let duration = cols.require(tool.column("duration"))?;
    let energy = cols.require(tool.column("energy_consumed"))?;
    let c = |name: &'static str| cols.get(tool.column(name));
    let (timestamp, project, run_id, experiment_id, emissions) = (
        c("timestamp"),
        c("project_name"),
        c("run_id"),
        c("experiment_id"),
        c("emissions"),
    );
    let (cpu_energy, gpu_energy, ram_energy) = (c("cpu_energy"), c("gpu_energy"), c("ram_energy"));
    let (country_name, country_iso, region, cloud_provider, cloud_region) = (
        c("country_name"),
        c("country_iso_code"),
        c("region"),
        c("cloud_provider"),
        c("cloud_region"),
    );
    let (cpu_model, gpu_model, gpu_count, pue, version) = (
        c("cpu_model"),
        c("gpu_model"),
        c("gpu_count"),
        c("pue"),
        c("codecarbon_version"),
    );
    let (tracking_mode, water) = (c("tracking_mode"), c("water_consumed"));
    // Where a run was seen before (append mode), by run id.
    let mut runs: std::collections::HashMap<String, usize> = std::collections::HashMap::new();

    let mut file = File::default();
    let (mut seen_offset, mut seen_line) = (0usize, 1usize);
    for (i, record) in reader.records().enumerate() {
        if i >= max_rows {
            return Err(FormatError::TooManyRows { limit: max_rows });
        }
        let record = record.map_err(|e| FormatError::Malformed {
            line: e.position().map(|p| p.line() as usize),
            detail: e.to_string(),
        })?;
        // The csv crate's own line count skips blank lines; count newlines up to the
        // record's byte offset instead, incrementally.
        let mut offset = record.position().map_or(seen_offset, |p| p.byte() as usize);
        // A record's position includes the blank lines skipped before it.
        while matches!(text.as_bytes().get(offset), Some(b'\n' | b'\r')) {
            offset += 1;
        }
        seen_line += text.as_bytes()[seen_offset..offset.max(seen_offset)]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        seen_offset = offset.max(seen_offset);
        let line = seen_line;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let mut positive = |index: usize, column: &'static str| -> Option<f64> {
            let problem = match record.get(index).map(str::trim).filter(|s| !s.is_empty()) {
                None => CellProblem::Missing,
                Some(s) => match s.parse::<f64>() {
                    Err(_) => CellProblem::NotANumber,
                    Ok(v) if !v.is_finite() => CellProblem::NotFinite,
                    Ok(v) if v <= 0.0 => CellProblem::NotPositive,
                    Ok(v) => return Some(v),
                },
            };
            file.rejected.push(RowError {
                line,
                column,
                problem,
            });
            None
        };
        let duration_s = positive(duration, tool.column("duration"));
        let energy_kwh = positive(energy, tool.column("energy_consumed"));
        let (Some(duration_s), Some(energy_kwh)) = (duration_s, energy_kwh) else {
            continue;
        };
        let text = |index| cell(&record, index).map(str::to_string);
        let kwh = |index| number(&record, index).map(Energy::from_kwh);
        let run = text(run_id).unwrap_or_else(|| digest(&record));
        let mut row = Row {
            tool,
            line,
            timestamp: text(timestamp),
            project_name: text(project),
            run_id: Some(run.clone()),
            experiment_id: text(experiment_id),
            duration_s,
            energy_kwh,
            emissions: number(&record, emissions).map(Mass::from_kg),
            cpu_energy: kwh(cpu_energy),
            gpu_energy: kwh(gpu_energy),
            ram_energy: kwh(ram_energy),
            country_name: text(country_name),
            country_iso_code: text(country_iso),
            region: text(region),
            cloud_provider: text(cloud_provider),
            cloud_region: text(cloud_region),
            cpu_model: text(cpu_model),
            gpu_model: text(gpu_model),
            gpu_count: number(&record, gpu_count),
            pue: number(&record, pue),
            codecarbon_version: text(version),
            tracking_mode: text(tracking_mode),
            water_l: number(&record, water),
            method: None,
        };
        if tool == Tool::Eco2ai {
            row.eco2ai_cells();
        }
        match runs.get(&run) {
            Some(&at) => {
                file.rows[at] = row;
                file.repeated += 1;
            }
            None => {
                runs.insert(run, file.rows.len());
                file.rows.push(row);
            }
        }
    }
    Ok(file)
}

/// A stable id for a row without a run id: a digest of its cells (FNV-1a, 64 bits, in hex),
/// prefixed so it cannot meet a real run id.
fn digest(record: &csv::StringRecord) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for field in record.iter() {
        for byte in field.trim().bytes().chain([0x1f]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("row-{hash:016x}")
}

impl Row {
    /// eco2ai's device and place cells read into CodeCarbon's fields.
    fn eco2ai_cells(&mut self) {
        let cpu = self.cpu_model.as_deref().map(eco2ai_device);
        self.cpu_model = cpu.and_then(|(name, _)| name);
        let gpu = self.gpu_model.as_deref().map(eco2ai_device);
        (self.gpu_model, self.gpu_count) = gpu.unwrap_or_default();
        if let Some(place) = self.country_iso_code.take() {
            let place = place.trim_matches(|c| c == '(' || c == ')');
            let (country, region) = place.split_once('/').unwrap_or((place, ""));
            self.country_iso_code = Some(country.trim().to_string()).filter(|c| !c.is_empty());
            self.region = Some(region.trim().to_string()).filter(|r| !r.is_empty() && r != "None");
        }
    }

    pub fn duration(&self) -> Duration {
        Duration::from_seconds(self.duration_s)
    }

    pub fn energy(&self) -> Energy {
        Energy::from_kwh(self.energy_kwh)
    }

    /// Whether CodeCarbon measured a GPU: it names one, counts at least one (when it
    /// counts) and gave it energy (when the file has GPU energy). A row whose `gpu_energy` is
    /// 0 measured the CPU and RAM only, whatever GPU the machine has.
    pub fn measured_gpu(&self) -> bool {
        self.gpu_model.is_some()
            && self.gpu_count.is_none_or(|n| n >= 1.0)
            && self.gpu_energy.is_none_or(|e| e.joules() > 0.0)
    }

    /// The device the energy belongs to: the GPU(s) when CodeCarbon measured one, else the CPU.
    pub fn hardware(&self) -> Option<&str> {
        if self.measured_gpu() {
            self.gpu_model.as_deref()
        } else {
            self.cpu_model.as_deref()
        }
    }

    /// What CodeCarbon reported beside the totals, as stored with the measurement: the tool
    /// and version, how it measured (`machine`: power measured; `process`: estimated for the
    /// process), the energy of each part in joules (where the file has them) and water in L.
    pub fn details(&self) -> crate::submission::Details {
        crate::submission::Details {
            tool: Some(
                self.method
                    .clone()
                    .unwrap_or_else(|| self.tool.method().into()),
            ),
            tool_version: self.codecarbon_version.clone(),
            tracking_mode: self.tracking_mode.clone(),
            cpu_energy_j: self.cpu_energy.map(|e| e.joules()),
            gpu_energy_j: self.gpu_energy.map(|e| e.joules()),
            ram_energy_j: self.ram_energy.map(|e| e.joules()),
            water_l: self.water_l,
            ..Default::default()
        }
    }

    /// The row as a raw measurement of a model and task the uploader chose (the file names
    /// neither), with `queries` queries per run, for the same validation as the form.
    pub fn to_raw(&self, model: &str, task: &str, queries: &str) -> RawMeasurement {
        // Files before 2.0 name no device: kept, for a researcher to map, like any device
        // the catalogue does not know.
        let hardware = self.hardware().unwrap_or(NO_DEVICE).to_string();
        // The GPUs the run measured, as the file counts them, win over a count in the name
        // (which counts the machine's GPUs: a file of 1- and 2-GPU runs on an 8-GPU machine).
        let gpus = self.gpu_count.filter(|n| *n >= 1.0 && self.measured_gpu());
        // The part the power check judges: the GPUs' own energy where they were measured,
        // else the CPU's, where the file has it.
        let component = if self.measured_gpu() {
            self.gpu_energy
        } else {
            self.cpu_energy
        };
        RawMeasurement {
            model: model.to_string(),
            task: task.to_string(),
            device_count: gpus.map(|n| format!("{}", n.round())).unwrap_or_default(),
            hardware,
            energy: format!("{} kWh", self.energy_kwh),
            component_energy: component
                .filter(|e| e.joules() > 0.0)
                .map(|e| format!("{} J", e.joules()))
                .unwrap_or_default(),
            duration: format!("{} s", self.duration_s),
            queries: queries.to_string(),
            method: self
                .method
                .clone()
                .unwrap_or_else(|| self.tool.method().into()),
            region: match (&self.country_name, &self.region) {
                (Some(country), Some(region)) => format!("{country}, {region}"),
                (Some(country), None) => country.clone(),
                _ => self.country_iso_code.clone().unwrap_or_default(),
            },
            pue: self.pue.map(|p| p.to_string()).unwrap_or_default(),
            measured_on: self
                .timestamp
                .as_deref()
                .and_then(|t| t.get(..10))
                .unwrap_or_default()
                .to_string(),
            ..RawMeasurement::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_map_columns_by_name() {
        let v22 = "timestamp,project_name,run_id,duration,emissions,energy_consumed\n\
                   2023-01-02T10:00:00,p,r1,10.5,0.001,0.002\n";
        let f = parse(v22.as_bytes(), 10).expect("2.2");
        assert_eq!(f.rows.len(), 1);
        assert_eq!(f.rows[0].pue, None);
        assert_eq!(f.rows[0].energy_kwh, 0.002);
        let reordered = "energy_consumed,duration,run_id\n0.5,60,x\n";
        let f = parse(reordered.as_bytes(), 10).expect("any order");
        assert_eq!((f.rows[0].energy_kwh, f.rows[0].duration_s), (0.5, 60.0));
        assert_eq!(f.rows[0].line, 2);
    }

    #[test]
    fn bad_rows_name_line_and_column() {
        let csv = "duration,energy_consumed\n1,0.1\n0,0.1\n-2,abc\n3,inf\n4\n\n5,0.5\n";
        let f = parse(csv.as_bytes(), 100).expect("file");
        assert_eq!(f.rows.len(), 2);
        assert_eq!(f.rows[1].line, 8);
        let errs: Vec<_> = f
            .rejected
            .iter()
            .map(|e| (e.line, e.column, e.code()))
            .collect();
        assert_eq!(
            errs,
            vec![
                (3, "duration", "not_positive"),
                (4, "duration", "not_positive"),
                (4, "energy_consumed", "not_a_number"),
                (5, "energy_consumed", "not_finite"),
                (6, "energy_consumed", "missing"),
            ]
        );
        assert_eq!(f.rejected_lines(), vec![3, 4, 5, 6]);
        assert_eq!(
            f.rejected[0].message(Lang::Nl),
            "Rij 3: “duration” is nul of negatief."
        );
    }

    #[test]
    fn whole_file_problems() {
        assert_eq!(parse(b"", 10), Err(FormatError::Empty));
        assert_eq!(parse(b"\xef\xbb\xbf  \n", 10), Err(FormatError::Empty));
        assert_eq!(
            parse(b"duration,energy\n1,2\n", 10).unwrap_err().code(),
            "missing_column"
        );
        assert_eq!(
            parse(b"duration,energy_consumed\n1,2\n3,\xff\n", 10),
            Err(FormatError::NotUtf8 { line: 3 })
        );
        assert_eq!(
            parse(b"duration,energy_consumed\n1,2\n1,2\n1,2\n", 2),
            Err(FormatError::TooManyRows { limit: 2 })
        );
        let bom = parse("\u{feff}duration,energy_consumed\n1,2\n".as_bytes(), 10).expect("bom");
        assert_eq!(bom.rows.len(), 1);
    }

    #[test]
    fn the_gpus_measured_count_not_the_machines() {
        let csv = "run_id,duration,energy_consumed,gpu_count,gpu_model,gpu_energy\n\
                   a,60,0.01,1,8 x NVIDIA A100-SXM4-80GB,0.008\n\
                   b,60,0.02,2,8 x NVIDIA A100-SXM4-80GB,0.016\n";
        let f = parse(csv.as_bytes(), 10).expect("file");
        let counts: Vec<String> = f
            .rows
            .iter()
            .map(|r| r.to_raw("m", "text-generation", "1").device_count)
            .collect();
        assert_eq!(counts, ["1", "2"]);
        let raw = f.rows[0].to_raw("m", "text-generation", "1");
        assert_eq!(raw.component_energy, format!("{} J", 0.008 * 3.6e6));
    }

    #[test]
    fn rows_become_raw_measurements() {
        let csv = "timestamp,run_id,duration,energy_consumed,country_name,gpu_count,gpu_model,cpu_model,pue\n\
                   2024-07-24T14:08:18,r,3795.1,0.3678,Denmark,1.0,1 x Tesla V100-PCIE-32GB,Xeon,1.0\n\
                   2025-07-31T12:14:10,s,3.6,5.4e-08,Sweden,,,Apple M1 Pro,\n";
        let f = parse(csv.as_bytes(), 10).expect("file");
        let raw = f.rows[0].to_raw("BERT base", "text-classification", "1000");
        assert_eq!(raw.hardware, "1 x Tesla V100-PCIE-32GB");
        // The file's gpu_count, not the name's.
        assert_eq!(raw.device_count, "1");
        assert_eq!(raw.energy, "0.3678 kWh");
        assert_eq!(raw.duration, "3795.1 s");
        assert_eq!(raw.region, "Denmark");
        assert_eq!(raw.measured_on, "2024-07-24");
        assert_eq!(raw.method, "codecarbon");
        let raw = f.rows[1].to_raw("m", "summarization", "1");
        assert_eq!(raw.hardware, "Apple M1 Pro");
        assert_eq!(
            raw.energy,
            "0.000000054 kWh".replace("0.000000054", &5.4e-8f64.to_string())
        );
    }
}
