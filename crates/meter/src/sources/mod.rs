//! Where energy can be read on this machine: NVIDIA GPUs through NVML, the CPU package and
//! DRAM through Linux RAPL, AMD GPUs through the kernel's hwmon files. Each source is found
//! by [`discover`]; what cannot be read is listed with the reason, never read as zero.

pub mod hwmon;
pub mod nvml;
pub mod rapl;

use energy_model::Text;
use std::path::PathBuf;

/// The part of the machine a source measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Gpu,
    Cpu,
    Ram,
}

/// What a source is: a stable id, its part, the device as its driver names it, and how it
/// measures.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Info {
    pub id: String,
    pub part: Part,
    pub device: String,
    /// `energy counter` or `sampled power`.
    pub how: &'static str,
}

/// One read of a source: the energy counted since the source was opened (wrap-around already
/// handled), or the power now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reading {
    Joules(f64),
    Watts(f64),
}

pub trait Source {
    fn info(&self) -> &Info;
    fn read(&mut self) -> Result<Reading, Text>;
}

/// A source that was looked for and cannot be used, and why (with what to do, where there
/// is something to do).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Unavailable {
    pub what: Text,
    pub why: Text,
}

/// Where to look (other roots in tests: fake sysfs trees).
#[derive(Clone, Debug)]
pub struct Roots {
    pub powercap: PathBuf,
    pub hwmon: PathBuf,
    pub cpuinfo: PathBuf,
    pub nvml: bool,
}

impl Default for Roots {
    fn default() -> Roots {
        Roots {
            powercap: "/sys/class/powercap".into(),
            hwmon: "/sys/class/hwmon".into(),
            cpuinfo: "/proc/cpuinfo".into(),
            nvml: true,
        }
    }
}

/// Every source this machine offers, and those it does not, with the reason.
pub fn discover(roots: &Roots) -> (Vec<Box<dyn Source>>, Vec<Unavailable>) {
    let mut found: Vec<Box<dyn Source>> = Vec::new();
    let mut missing = Vec::new();
    if roots.nvml {
        match nvml::open() {
            Ok(gpus) => found.extend(gpus.into_iter().map(|g| Box::new(g) as Box<dyn Source>)),
            Err(why) => missing.push(Unavailable {
                what: Text::new("NVIDIA GPUs (NVML)", "NVIDIA-GPU’s (NVML)"),
                why,
            }),
        }
    }
    let (rapl, rapl_missing) = rapl::open(&roots.powercap, &roots.cpuinfo);
    found.extend(rapl.into_iter().map(|s| Box::new(s) as Box<dyn Source>));
    missing.extend(rapl_missing);
    let (amd, amd_missing) = hwmon::open(&roots.hwmon);
    found.extend(amd.into_iter().map(|s| Box::new(s) as Box<dyn Source>));
    missing.extend(amd_missing);
    (found, missing)
}

/// A file's trimmed text, or why it cannot be read (permission explained).
pub(crate) fn read_text(path: &std::path::Path) -> Result<String, Text> {
    std::fs::read_to_string(path)
        .map(|s| s.trim().to_string())
        .map_err(|e| explain(path, &e))
}

/// Why a file could not be read, and what to do when it is a matter of rights.
fn explain(path: &std::path::Path, e: &std::io::Error) -> Text {
    let p = path.display();
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => Text::new(
            format!(
                "{p} is readable by root only. Run the meter with sudo, or let your user read it: sudo chmod a+r {p}"
            ),
            format!(
                "{p} is alleen door root te lezen. Draai de meter met sudo, of laat je gebruiker het lezen: sudo chmod a+r {p}"
            ),
        ),
        _ => Text::new(format!("{p}: {e}"), format!("{p}: {e}")),
    }
}

/// A file holding one unsigned integer.
pub(crate) fn read_u64(path: &std::path::Path) -> Result<u64, Text> {
    let text = read_text(path)?;
    text.parse::<u64>().map_err(|_| {
        Text::new(
            format!("{} holds “{text}”, not a number", path.display()),
            format!("{} bevat “{text}”, geen getal", path.display()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_only_counter_says_how_to_allow_it() {
        let path = std::path::Path::new("/sys/class/powercap/intel-rapl:0/energy_uj");
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let said = explain(path, &denied).en;
        assert!(
            said.contains("root only")
                && said.contains("sudo chmod a+r /sys/class/powercap/intel-rapl:0/energy_uj"),
            "{said}"
        );
        let gone = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert!(
            explain(path, &gone)
                .en
                .starts_with("/sys/class/powercap/intel-rapl:0/energy_uj: ")
        );
    }
}
