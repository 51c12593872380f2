//! Devices the published tables lack, each with the source of its figures; and the power
//! ranges of laptop GPUs, whose makers let each laptop set the power within a range.

use super::{Device, DeviceKind};
use crate::formats::slugify;
use crate::quantity::Power;

fn device(
    name: &str,
    kind: DeviceKind,
    tdp: Option<f64>,
    memory: Option<f64>,
    source: &str,
    aliases: &[&str],
) -> Device {
    Device {
        slug: slugify(name),
        name: name.to_string(),
        kind,
        tdp: tdp.map(Power::from_watts),
        tdp_max: None,
        memory_gb: memory,
        source: source.to_string(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
    }
}

/// Apple publishes no TDP for its M-series chips. The figures are package power under a
/// combined CPU and GPU load as reviews measure it (rounded up: the plausibility check flags
/// only power above 1.5 × this); an Ultra is two Max dies.
const APPLE_SOURCE: &str = "Package power under combined CPU+GPU load, as measured by Notebookcheck's chip analyses (e.g. https://www.notebookcheck.net/Apple-M1-Pro-Processor-Benchmarks-and-Specs.579915.0.html, https://notebookcheck.it/Analisi-degli-Apple-M2-Pro-e-M2-Max-La-GPU-e-piu-efficiente-la-CPU-non-sempre.699279.0.html); Apple publishes no TDP";

pub(super) fn devices() -> Vec<Device> {
    use DeviceKind::*;
    let mut out = vec![
        // NVIDIA DGX B200 datasheet: 8 GPUs, ~14.3 kW system; HGX B200 configures each GPU at
        // up to 1,000 W.
        device(
            "NVIDIA B200",
            Gpu,
            Some(1000.0),
            Some(180.0),
            "https://www.nvidia.com/en-us/data-center/dgx-b200/",
            &["B200", "NVIDIA B200 180GB HBM3e"],
        ),
        device(
            "NVIDIA H200 SXM",
            Gpu,
            Some(700.0),
            Some(141.0),
            "https://www.nvidia.com/en-us/data-center/h200/",
            &["H200", "NVIDIA H200"],
        ),
        device(
            "NVIDIA H100 PCIe",
            Gpu,
            Some(350.0),
            Some(80.0),
            "https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet",
            &[],
        ),
        device(
            "NVIDIA GeForce RTX 2070",
            Gpu,
            Some(175.0),
            Some(8.0),
            "https://www.nvidia.com/en-us/geforce/graphics-cards/rtx-2070/",
            &[],
        ),
        // Google's TPU v4 paper gives the chip's power; later generations have no published
        // figure, so they resolve without a power check.
        device(
            "Google TPU v4",
            Tpu,
            Some(192.0),
            Some(32.0),
            "Jouppi et al., TPU v4: An Optically Reconfigurable Supercomputer for Machine Learning, ISCA 2023",
            &["TPU v4"],
        ),
        device(
            "Google TPU v5e",
            Tpu,
            None,
            Some(16.0),
            "https://cloud.google.com/tpu/docs/v5e",
            &["TPU v5e", "TPU v5 lite"],
        ),
        device(
            "Google TPU v5p",
            Tpu,
            None,
            Some(95.0),
            "https://cloud.google.com/tpu/docs/v5p",
            &["TPU v5p"],
        ),
        device(
            "Google TPU v6e",
            Tpu,
            None,
            Some(32.0),
            "https://cloud.google.com/tpu/docs/v6e",
            &["TPU v6e", "Trillium"],
        ),
        device(
            "Intel Gaudi 2",
            Gpu,
            Some(600.0),
            Some(96.0),
            "https://habana.ai/products/gaudi2/ (OAM module, 600 W)",
            &["Gaudi2", "HL-225"],
        ),
        device(
            "Intel Gaudi 3",
            Gpu,
            Some(900.0),
            Some(128.0),
            "https://www.intel.com/content/www/us/en/products/details/processors/ai-accelerators/gaudi3.html (OAM module, 900 W)",
            &["Gaudi3", "HL-325L"],
        ),
        device(
            "AWS Inferentia2",
            Gpu,
            None,
            Some(32.0),
            "https://aws.amazon.com/ai/machine-learning/inferentia/ (no published power figure)",
            &["Inferentia 2", "inf2"],
        ),
        device(
            "AWS Trainium",
            Gpu,
            None,
            Some(32.0),
            "https://aws.amazon.com/ai/machine-learning/trainium/ (no published power figure)",
            &["Trainium1", "trn1"],
        ),
        device(
            "AWS Trainium2",
            Gpu,
            None,
            Some(96.0),
            "https://aws.amazon.com/ai/machine-learning/trainium/ (no published power figure)",
            &["trn2"],
        ),
    ];
    for (name, watts) in [
        ("Apple M1", 20.0),
        ("Apple M1 Pro", 30.0),
        ("Apple M1 Max", 60.0),
        ("Apple M1 Ultra", 120.0),
        ("Apple M2", 22.0),
        ("Apple M2 Pro", 40.0),
        ("Apple M2 Max", 70.0),
        ("Apple M2 Ultra", 140.0),
        ("Apple M3", 22.0),
        ("Apple M3 Pro", 45.0),
        ("Apple M3 Max", 80.0),
        ("Apple M3 Ultra", 160.0),
        ("Apple M4", 25.0),
        ("Apple M4 Pro", 50.0),
        ("Apple M4 Max", 90.0),
    ] {
        out.push(device(name, Soc, Some(watts), None, APPLE_SOURCE, &[]));
    }
    out
}

/// NVIDIA's laptop GPUs run at whatever power the laptop's maker set within NVIDIA's range
/// ("Laptop GPU Subsystem Power", or TGP), so a laptop at the top of the range is no anomaly:
/// (TechPowerUp name, lowest W, highest W).
pub(super) const LAPTOP_RANGES: &[(&str, f64, f64)] = &[
    ("GeForce RTX 3050 Mobile", 35.0, 80.0),
    ("GeForce RTX 3050 Ti Mobile", 35.0, 80.0),
    ("GeForce RTX 3060 Mobile", 60.0, 115.0),
    ("GeForce RTX 3070 Mobile", 80.0, 125.0),
    ("GeForce RTX 3070 Ti Mobile", 80.0, 125.0),
    ("GeForce RTX 3080 Mobile", 80.0, 150.0),
    ("GeForce RTX 3080 Ti Mobile", 80.0, 150.0),
    ("GeForce RTX 4050 Mobile", 35.0, 115.0),
    ("GeForce RTX 4060 Mobile", 35.0, 115.0),
    ("GeForce RTX 4070 Mobile", 35.0, 115.0),
    ("GeForce RTX 4080 Mobile", 60.0, 150.0),
    ("GeForce RTX 4090 Mobile", 80.0, 150.0),
];

/// Where the laptop ranges come from.
pub(super) const LAPTOP_SOURCE: &str = "NVIDIA GeForce RTX 30 and 40 Series laptop specifications (Laptop GPU Subsystem Power range): https://www.nvidia.com/en-us/geforce/laptops/";
