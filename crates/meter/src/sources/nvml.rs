//! NVIDIA GPUs through NVML (nvml-wrapper, which loads `libnvidia-ml.so` at run time): the
//! total-energy counter (millijoules, Volta and later) where the GPU has it, else the power
//! now (milliwatts) to sample.

use super::{Info, Part, Reading, Source};
use energy_model::Text;
use nvml_wrapper::Nvml;
use std::sync::Arc;

pub struct Gpu {
    info: Info,
    nvml: Arc<Nvml>,
    index: u32,
    counter: bool,
    first_mj: u64,
}

impl Source for Gpu {
    fn info(&self) -> &Info {
        &self.info
    }

    fn read(&mut self) -> Result<Reading, Text> {
        let index = self.index;
        let failed = move |e: nvml_wrapper::error::NvmlError| {
            let said = format!("GPU {index}: {e}");
            Text::new(said.clone(), said)
        };
        let device = self.nvml.device_by_index(index).map_err(failed)?;
        if self.counter {
            let mj = device.total_energy_consumption().map_err(failed)?;
            Ok(Reading::Joules(
                mj.saturating_sub(self.first_mj) as f64 / 1e3,
            ))
        } else {
            let mw = device.power_usage().map_err(failed)?;
            Ok(Reading::Watts(f64::from(mw) / 1e3))
        }
    }
}

/// Every GPU NVML sees, or why NVML cannot be used.
pub fn open() -> Result<Vec<Gpu>, Text> {
    let nvml = Nvml::init().map_err(|e| {
        Text::new(
            format!("NVML could not start ({e}): no NVIDIA driver here, or libnvidia-ml.so is not on the library path"),
            format!("NVML kon niet starten ({e}): hier is geen NVIDIA-stuurprogramma, of libnvidia-ml.so staat niet in het bibliotheekpad"),
        )
    })?;
    let nvml = Arc::new(nvml);
    let plain = |e: nvml_wrapper::error::NvmlError| Text::new(e.to_string(), e.to_string());
    let count = nvml.device_count().map_err(plain)?;
    let mut gpus = Vec::new();
    for index in 0..count {
        let device = nvml.device_by_index(index).map_err(plain)?;
        let name = device.name().unwrap_or_else(|_| "NVIDIA GPU".into());
        let (counter, first_mj) = match device.total_energy_consumption() {
            Ok(mj) => (true, mj),
            Err(_) => (false, 0),
        };
        gpus.push(Gpu {
            info: Info {
                id: format!("nvml:{index}"),
                part: Part::Gpu,
                device: name,
                how: if counter {
                    "energy counter"
                } else {
                    "sampled power"
                },
            },
            nvml: nvml.clone(),
            index,
            counter,
            first_mj,
        });
    }
    if gpus.is_empty() {
        return Err(Text::new(
            "NVML started but sees no GPU",
            "NVML is gestart maar ziet geen GPU",
        ));
    }
    Ok(gpus)
}
