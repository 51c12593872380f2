//! Linux RAPL through powercap: `intel-rapl:N` is a CPU package, its sub-zone named `dram`
//! the package's memory. `energy_uj` counts microjoules up to `max_energy_range_uj`, then
//! starts again at zero. (AMD's CPUs report through the same files.) Since 2020 the counters
//! are readable by root only; the error says how to allow a user.

use super::{Info, Part, Reading, Source, Unavailable, read_text, read_u64};
use energy_model::Text;
use energy_model::protocol::counter_delta;
use std::path::{Path, PathBuf};

pub struct Rapl {
    info: Info,
    file: PathBuf,
    range: u64,
    last: u64,
    total_uj: u128,
}

impl Source for Rapl {
    fn info(&self) -> &Info {
        &self.info
    }

    fn read(&mut self) -> Result<Reading, Text> {
        let now = read_u64(&self.file)?;
        self.total_uj += u128::from(counter_delta(self.last, now, self.range));
        self.last = now;
        Ok(Reading::Joules(self.total_uj as f64 / 1e6))
    }
}

/// The CPU's name as the kernel reports it (`model name` in /proc/cpuinfo).
pub fn cpu_name(cpuinfo: &Path) -> Option<String> {
    std::fs::read_to_string(cpuinfo)
        .ok()?
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == "model name").then(|| v.trim().to_string())
        })
}

/// The package and DRAM zones under `root`, and why any cannot be read.
pub fn open(root: &Path, cpuinfo: &Path) -> (Vec<Rapl>, Vec<Unavailable>) {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let Ok(entries) = std::fs::read_dir(root) else {
        missing.push(Unavailable {
            what: Text::new("CPU and memory (RAPL)", "CPU en geheugen (RAPL)"),
            why: Text::new(
                format!(
                    "{} does not exist: this is not Linux, or the CPU offers no RAPL (virtual machines often hide it)",
                    root.display()
                ),
                format!(
                    "{} bestaat niet: dit is geen Linux, of de CPU biedt geen RAPL (virtuele machines verbergen het vaak)",
                    root.display()
                ),
            ),
        });
        return (found, missing);
    };
    let mut zones: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("intel-rapl:"))
        })
        .collect();
    // Sub-zones may sit inside their package's folder as well as beside it.
    for z in zones.clone() {
        if let Ok(inner) = std::fs::read_dir(&z) {
            for e in inner.flatten() {
                let p = e.path();
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name.starts_with("intel-rapl:")
                    && !zones.iter().any(|q| q.file_name() == p.file_name())
                {
                    zones.push(p);
                }
            }
        }
    }
    zones.sort();
    let cpu = cpu_name(cpuinfo).unwrap_or_else(|| "CPU".into());
    for zone in zones {
        let Ok(name) = read_text(&zone.join("name")) else {
            continue;
        };
        let part = if name.starts_with("package") {
            Part::Cpu
        } else if name == "dram" {
            Part::Ram
        } else {
            // core, uncore and psys overlap the package: counting them would count twice.
            continue;
        };
        let id = zone
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("intel-rapl")
            .to_string();
        let file = zone.join("energy_uj");
        let what = Text::new(
            format!("{name} ({id}, RAPL)"),
            format!("{name} ({id}, RAPL)"),
        );
        match read_u64(&file) {
            Ok(first) => found.push(Rapl {
                info: Info {
                    id: format!("rapl:{id}"),
                    part,
                    device: match part {
                        Part::Ram => "DRAM".to_string(),
                        _ => cpu.clone(),
                    },
                    how: "energy counter",
                },
                range: read_u64(&zone.join("max_energy_range_uj")).unwrap_or(0),
                file,
                last: first,
                total_uj: 0,
            }),
            Err(why) => missing.push(Unavailable { what, why }),
        }
    }
    if found.is_empty() && missing.is_empty() {
        missing.push(Unavailable {
            what: Text::new("CPU and memory (RAPL)", "CPU en geheugen (RAPL)"),
            why: Text::new(
                format!("{} has no package zone", root.display()),
                format!("{} heeft geen pakketzone", root.display()),
            ),
        });
    }
    (found, missing)
}
