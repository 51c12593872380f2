//! AMD GPUs through the kernel's hwmon files (`name` = `amdgpu`): `energy1_input` counts
//! microjoules where the card has it, else `power1_average` (or `power1_input`) gives
//! microwatts to sample.

use super::{Info, Part, Reading, Source, Unavailable, read_text, read_u64};
use energy_model::Text;
use energy_model::protocol::counter_delta;
use std::path::{Path, PathBuf};

pub struct Hwmon {
    info: Info,
    file: PathBuf,
    counter: bool,
    last: u64,
    total_uj: u128,
}

impl Source for Hwmon {
    fn info(&self) -> &Info {
        &self.info
    }

    fn read(&mut self) -> Result<Reading, Text> {
        let now = read_u64(&self.file)?;
        if !self.counter {
            return Ok(Reading::Watts(now as f64 / 1e6));
        }
        self.total_uj += u128::from(counter_delta(self.last, now, 0));
        self.last = now;
        Ok(Reading::Joules(self.total_uj as f64 / 1e6))
    }
}

/// The card's name: the marketing name the driver exposes, else its PCI id.
fn card_name(dir: &Path) -> String {
    let device = dir.join("device");
    if let Ok(name) = read_text(&device.join("product_name"))
        && !name.is_empty()
    {
        return name;
    }
    let id = read_text(&device.join("device")).unwrap_or_default();
    if id.is_empty() {
        "AMD GPU".into()
    } else {
        format!("AMD GPU (PCI device {id})")
    }
}

pub fn open(root: &Path) -> (Vec<Hwmon>, Vec<Unavailable>) {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let Ok(entries) = std::fs::read_dir(root) else {
        return (found, missing);
    };
    let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    dirs.sort();
    for (n, dir) in dirs
        .into_iter()
        .filter(|d| read_text(&d.join("name")).is_ok_and(|n| n == "amdgpu"))
        .enumerate()
    {
        let id = format!("hwmon:amdgpu{n}");
        let candidates = [
            ("energy1_input", true),
            ("power1_average", false),
            ("power1_input", false),
        ];
        let mut problem = None;
        let mut opened = None;
        for (file, counter) in candidates {
            let path = dir.join(file);
            if !path.exists() {
                continue;
            }
            match read_u64(&path) {
                Ok(first) => {
                    opened = Some((path, counter, first));
                    break;
                }
                Err(why) => problem = Some(why),
            }
        }
        match opened {
            Some((file, counter, first)) => found.push(Hwmon {
                info: Info {
                    id,
                    part: Part::Gpu,
                    device: card_name(&dir),
                    how: if counter {
                        "energy counter"
                    } else {
                        "sampled power"
                    },
                },
                file,
                counter,
                last: first,
                total_uj: 0,
            }),
            None => missing.push(Unavailable {
                what: Text::new(
                    format!("AMD GPU ({})", dir.display()),
                    format!("AMD-GPU ({})", dir.display()),
                ),
                why: problem.unwrap_or_else(|| {
                    Text::new(
                        "it reports neither energy nor power",
                        "hij meldt energie noch vermogen",
                    )
                }),
            }),
        }
    }
    (found, missing)
}
