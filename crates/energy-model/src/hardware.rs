//! The hardware catalogue: devices with their TDP, built from the published TDP tables, and
//! resolution of the names tools write (`1 x Tesla V100-PCIE-32GB`) to a device and a count.

use crate::formats::{Columns, FormatError, cell, csv_reader, number, slugify, two_header_rows};
use crate::quantity::Power;
use serde::Serialize;
use std::collections::HashSet;

/// What kind of processor a device is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceKind {
    Gpu,
    Cpu,
    Tpu,
    /// A system on a chip (CPU and GPU in one package), such as Apple's M series.
    Soc,
}

impl DeviceKind {
    pub const ALL: [DeviceKind; 4] = [
        DeviceKind::Gpu,
        DeviceKind::Cpu,
        DeviceKind::Tpu,
        DeviceKind::Soc,
    ];

    /// From its slug (`gpu`, `cpu`, `tpu`, `soc`).
    pub fn parse(slug: &str) -> Option<DeviceKind> {
        DeviceKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    pub fn slug(self) -> &'static str {
        match self {
            DeviceKind::Gpu => "gpu",
            DeviceKind::Cpu => "cpu",
            DeviceKind::Tpu => "tpu",
            DeviceKind::Soc => "soc",
        }
    }
}

/// One device of the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Device {
    pub slug: String,
    pub name: String,
    pub kind: DeviceKind,
    /// Thermal design power of one device.
    pub tdp: Option<Power>,
    pub memory_gb: Option<f64>,
    /// Where the TDP figure comes from.
    pub source: String,
    /// Other names the device goes by.
    pub aliases: Vec<String>,
}

/// A name resolved to a device, with the device count when the name carried one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resolved<'a> {
    pub device: &'a Device,
    pub count: Option<u32>,
}

/// Devices by slug, and the token sets used to resolve free-form names.
#[derive(Clone, Debug)]
pub struct Catalogue {
    devices: Vec<Device>,
    /// Device index by slug.
    by_slug: std::collections::HashMap<String, usize>,
    /// (device index, main tokens, memory tokens), one per name and alias.
    names: Vec<(usize, Vec<String>, Vec<String>)>,
}

const MLCO2_GPUS: &str = include_str!("../data/mlco2-impact-gpus.csv");
const GA_GPUS: &str = include_str!("../data/green-algorithms-TDP_gpu.csv");
const GA_CPUS: &str = include_str!("../data/green-algorithms-TDP_cpu.csv");

/// Devices the published tables lack but measurements use, each with its source.
fn supplement() -> Vec<Device> {
    let d =
        |name: &str, kind, tdp: f64, memory: Option<f64>, source: &str, aliases: &[&str]| Device {
            slug: slugify(name),
            name: name.to_string(),
            kind,
            tdp: Some(Power::from_watts(tdp)),
            memory_gb: memory,
            source: source.to_string(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        };
    vec![
        // NVIDIA DGX B200 datasheet: 8 GPUs, ~14.3 kW system; HGX B200 configures each GPU at
        // up to 1,000 W.
        d(
            "NVIDIA B200",
            DeviceKind::Gpu,
            1000.0,
            Some(180.0),
            "https://www.nvidia.com/en-us/data-center/dgx-b200/",
            &["B200", "NVIDIA B200 180GB HBM3e"],
        ),
        // NVIDIA H200 datasheet: SXM up to 700 W.
        d(
            "NVIDIA H200 SXM",
            DeviceKind::Gpu,
            700.0,
            Some(141.0),
            "https://www.nvidia.com/en-us/data-center/h200/",
            &["H200", "NVIDIA H200"],
        ),
        // NVIDIA H100 datasheet: PCIe 300–350 W.
        d(
            "NVIDIA H100 PCIe",
            DeviceKind::Gpu,
            350.0,
            Some(80.0),
            "https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet",
            &[],
        ),
        // NVIDIA GeForce RTX 2070 specifications: 175 W total graphics power (Founders
        // Edition 185 W).
        d(
            "NVIDIA GeForce RTX 2070",
            DeviceKind::Gpu,
            175.0,
            Some(8.0),
            "https://www.nvidia.com/en-us/geforce/graphics-cards/rtx-2070/",
            &[],
        ),
        // Apple publishes no TDP for the M1 Pro; about 30 W package power is what reviews
        // measure under full CPU and GPU load (Notebookcheck, MacBook Pro 14 2021 review).
        d(
            "Apple M1 Pro",
            DeviceKind::Soc,
            30.0,
            None,
            "https://www.notebookcheck.net/Apple-M1-Pro-Processor-Benchmarks-and-Specs.579915.0.html",
            &[],
        ),
    ]
}

/// Names that tools write for devices whose table entries are named differently.
const ALIASES: &[(&str, &str)] = &[
    // ML.ENERGY and AI Energy Score report "H100": the SXM part, as nvidia-smi names it.
    ("h100-sxm", "H100"),
    ("h100-sxm", "NVIDIA H100 80GB HBM3"),
    ("a100-sxm4-80-gb", "NVIDIA A100-SXM4-80GB"),
    ("t4", "Tesla T4"),
];

impl Catalogue {
    /// The catalogue built from the tables shipped with this crate (mlco2/impact `gpus.csv`,
    /// Green Algorithms `TDP_gpu.csv` and `TDP_cpu.csv`) plus a few devices they lack.
    pub fn builtin() -> Catalogue {
        Catalogue::from_tables(MLCO2_GPUS, GA_GPUS, GA_CPUS)
            .expect("the shipped hardware tables parse (tested)")
    }

    /// Builds the catalogue from the texts of the three TDP tables. Earlier tables win when
    /// two name the same device; the later name becomes an alias.
    pub fn from_tables(mlco2: &str, ga_gpu: &str, ga_cpu: &str) -> Result<Catalogue, FormatError> {
        let mut devices: Vec<Device> = Vec::new();
        let mut reader = csv_reader(mlco2, true);
        let cols = Columns::new(reader.headers().map_err(|e| FormatError::Malformed {
            line: Some(1),
            detail: e.to_string(),
        })?);
        let (name, kind, tdp, memory, source) = (
            cols.require("name")?,
            cols.get("type"),
            cols.require("tdp_watts")?,
            cols.get("memory"),
            cols.get("source"),
        );
        for record in reader.records() {
            let record = record.map_err(|e| FormatError::Malformed {
                line: e.position().map(|p| p.line() as usize),
                detail: e.to_string(),
            })?;
            let Some(n) = cell(&record, Some(name)) else {
                continue;
            };
            let kind = match cell(&record, kind).map(str::to_ascii_lowercase).as_deref() {
                Some("cpu") => DeviceKind::Cpu,
                Some("tpu") => DeviceKind::Tpu,
                _ => DeviceKind::Gpu,
            };
            devices.push(Device {
                slug: slugify(n),
                name: n.to_string(),
                kind,
                tdp: number(&record, Some(tdp)).map(Power::from_watts),
                memory_gb: number(&record, memory),
                source: cell(&record, source)
                    .unwrap_or("mlco2/impact gpus.csv")
                    .to_string(),
                aliases: Vec::new(),
            });
        }
        for (text, kind) in [(ga_gpu, DeviceKind::Gpu), (ga_cpu, DeviceKind::Cpu)] {
            let (cols, rows) = two_header_rows(text)?;
            let (name, tdp, memory, source) = (
                cols.require("model")?,
                cols.require("TDP")?,
                cols.get("memory"),
                cols.get("source"),
            );
            for (_, record) in rows {
                let Some(n) = cell(&record, Some(name)) else {
                    continue;
                };
                // "Any" is the tool's fallback for unknown hardware, not a device.
                if n.eq_ignore_ascii_case("any") {
                    continue;
                }
                let kind = if n.to_ascii_lowercase().contains("tpu") {
                    DeviceKind::Tpu
                } else {
                    kind
                };
                devices.push(Device {
                    slug: slugify(n),
                    name: n.to_string(),
                    kind,
                    tdp: number(&record, Some(tdp)).map(Power::from_watts),
                    memory_gb: number(&record, memory),
                    source: cell(&record, source)
                        .unwrap_or("Green Algorithms TDP tables")
                        .to_string(),
                    aliases: Vec::new(),
                });
            }
        }
        devices.extend(supplement());
        Ok(Catalogue::from_devices(devices))
    }

    fn from_devices(candidates: Vec<Device>) -> Catalogue {
        let mut devices: Vec<Device> = Vec::new();
        for candidate in candidates {
            let key = concatenated_key(&candidate.name);
            let same = devices
                .iter_mut()
                .find(|d| concatenated_key(&d.name) == key || d.slug == candidate.slug);
            match same {
                Some(existing) => existing.aliases.push(candidate.name),
                None if !key.is_empty() => devices.push(candidate),
                None => {}
            }
        }
        for (slug, alias) in ALIASES {
            if let Some(d) = devices.iter_mut().find(|d| d.slug == *slug) {
                d.aliases.push(alias.to_string());
            }
        }
        let names = devices
            .iter()
            .enumerate()
            .flat_map(|(i, d)| {
                std::iter::once(&d.name).chain(&d.aliases).map(move |n| {
                    let (main, memory) = tokens(n);
                    (i, main, memory)
                })
            })
            .collect();
        let by_slug = devices
            .iter()
            .enumerate()
            .map(|(i, d)| (d.slug.clone(), i))
            .collect();
        Catalogue {
            devices,
            by_slug,
            names,
        }
    }

    /// All devices.
    pub fn devices(&self) -> &[Device] {
        &self.devices
    }

    /// The device with this slug.
    pub fn get(&self, slug: &str) -> Option<&Device> {
        self.by_slug.get(slug).map(|&i| &self.devices[i])
    }

    /// Resolves a name as people and tools write it: a slug, an exact name or alias, or a
    /// longer name that contains a known device's model tokens (`Tesla V100-PCIE-32GB`).
    /// A leading count (`4 x NVIDIA A100 80GB PCIe`) becomes `count`.
    pub fn resolve(&self, typed: &str) -> Option<Resolved<'_>> {
        let (count, name) = split_count(typed);
        if let Some(device) = self.get(name.trim()) {
            return Some(Resolved { device, count });
        }
        let (main, memory) = tokens(name);
        if main.is_empty() {
            return None;
        }
        let query_key: String = main.concat();
        let query: HashSet<&str> = main.iter().map(String::as_str).collect();
        let mut best: Option<(usize, usize)> = None;
        for (index, d_main, d_memory) in &self.names {
            let has_model_number = d_main.iter().any(|t| t.chars().any(|c| c.is_ascii_digit()));
            let exact = d_main.concat() == query_key;
            let contained = has_model_number && d_main.iter().all(|t| query.contains(t.as_str()));
            if !(exact || contained) {
                continue;
            }
            let memory_match = !d_memory.is_empty() && d_memory == &memory;
            let score =
                if exact { 1000 } else { 10 * d_main.len() } + if memory_match { 5 } else { 0 };
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, *index));
            }
        }
        best.map(|(_, i)| Resolved {
            device: &self.devices[i],
            count,
        })
    }
}

/// Splits `4 x NAME` into `(Some(4), "NAME")`; a name without a count is `(None, name)`.
pub fn split_count(typed: &str) -> (Option<u32>, &str) {
    let s = typed.trim();
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 6 {
        let rest = s[digits..].trim_start();
        for sep in ['x', 'X', '×', '*'] {
            if let Some(name) = rest.strip_prefix(sep)
                && (name.starts_with(char::is_whitespace) || sep != 'x' && sep != 'X')
            {
                return (s[..digits].parse().ok(), name.trim());
            }
        }
    }
    (None, s)
}

const STOP_WORDS: &[&str] = &[
    "nvidia",
    "tesla",
    "geforce",
    "amd",
    "intel",
    "apple",
    "r",
    "tm",
    "cpu",
    "gpu",
    "processor",
    "chip",
    "corporation",
];

/// Model tokens and memory tokens (`32gb`, `hbm3`) of a device name, lower-case.
fn tokens(name: &str) -> (Vec<String>, Vec<String>) {
    let lower = name.to_lowercase();
    let before_clock = lower.split('@').next().unwrap_or("");
    let raw: Vec<&str> = before_clock
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let mut main = Vec::new();
    let mut memory = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let t = raw[i];
        let is_number = t.chars().all(|c| c.is_ascii_digit());
        if is_number && raw.get(i + 1).is_some_and(|n| *n == "gb" || *n == "g") {
            memory.push(format!("{t}gb"));
            i += 2;
            continue;
        }
        let memory_like = t
            .strip_suffix("gb")
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            || t.starts_with("hbm")
            || t.starts_with("gddr");
        if memory_like {
            memory.push(t.to_string());
        } else if !STOP_WORDS.contains(&t) {
            main.push(t.to_string());
        }
        i += 1;
    }
    (main, memory)
}

/// Identity of a device name: model and memory tokens, so the 40 GB and 80 GB parts differ.
fn concatenated_key(name: &str) -> String {
    let (main, memory) = tokens(name);
    if main.is_empty() {
        return String::new();
    }
    main.concat() + &memory.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_has_the_tables() {
        let c = Catalogue::builtin();
        assert!(c.devices().len() > 120, "{}", c.devices().len());
        let slugs: HashSet<_> = c.devices().iter().map(|d| &d.slug).collect();
        assert_eq!(slugs.len(), c.devices().len(), "slugs are unique");
        assert!(c.devices().iter().all(|d| d.name != "Any"));
        let h100 = c.get("h100-sxm").expect("H100 SXM from mlco2");
        assert_eq!(h100.tdp, Some(Power::from_watts(700.0)));
    }

    #[test]
    fn resolves_what_tools_write() {
        let c = Catalogue::builtin();
        let r = c.resolve("1 x Tesla V100-PCIE-32GB").expect("v100");
        assert_eq!(r.count, Some(1));
        assert!(r.device.name.contains("V100"), "{}", r.device.name);
        assert_eq!(r.device.tdp, Some(Power::from_watts(300.0)));

        let r = c.resolve("4 x NVIDIA A100 80GB PCIe").expect("a100");
        assert_eq!(r.count, Some(4));
        assert_eq!(r.device.name, "NVIDIA A100 80GB PCIe");
        assert_eq!(r.device.tdp, Some(Power::from_watts(300.0)));

        assert_eq!(c.resolve("H100").expect("h100").device.slug, "h100-sxm");
        assert_eq!(c.resolve("B200").expect("b200").device.slug, "nvidia-b200");
        assert_eq!(
            c.resolve("Apple M1 Pro").expect("m1").device.kind,
            DeviceKind::Soc
        );
        assert_eq!(
            c.resolve("T4").expect("t4").device.tdp,
            Some(Power::from_watts(70.0))
        );
        let cpu = c
            .resolve("Intel(R) Core(TM) i5-10400 CPU @ 2.90GHz")
            .expect("cpu");
        assert_eq!(cpu.device.name, "Core i5-10400");
        assert_eq!(cpu.count, None);
        assert_eq!(c.resolve("h100-sxm").expect("slug").device.slug, "h100-sxm");
        assert_eq!(
            c.resolve("TPU v3").expect("tpu").device.kind,
            DeviceKind::Tpu
        );
    }

    #[test]
    fn unknown_names_do_not_resolve() {
        let c = Catalogue::builtin();
        assert!(c.resolve("").is_none());
        assert!(c.resolve("NVIDIA").is_none());
        assert!(c.resolve("PCIe").is_none());
        assert!(c.resolve("Commodore 64").is_none());
        assert!(c.resolve("12 x").is_none());
        assert!(c.resolve("🙂").is_none());
    }

    #[test]
    fn counts_split_off() {
        assert_eq!(split_count("8 x H100"), (Some(8), "H100"));
        assert_eq!(split_count("2×A100"), (Some(2), "A100"));
        assert_eq!(split_count("1080 Ti"), (None, "1080 Ti"));
        assert_eq!(split_count("4xA100"), (None, "4xA100"));
    }

    #[test]
    fn tables_need_their_columns() {
        let err = Catalogue::from_tables("title\nx\n", GA_GPUS, GA_CPUS).unwrap_err();
        assert_eq!(err.code(), "missing_column");
        assert_eq!(
            Catalogue::from_tables(MLCO2_GPUS, "", GA_CPUS).unwrap_err(),
            FormatError::Empty
        );
    }
}
