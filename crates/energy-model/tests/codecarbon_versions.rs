//! Every header CodeCarbon has written, from fixtures with realistic values
//! (`tests/fixtures/codecarbon/`): columns mapped by name, the device decided by what
//! CodeCarbon measured, runs identified (a digest where `run_id` is blank) and counted once.

use energy_model::formats::codecarbon::{self, File};
use energy_model::validation::validate;
use energy_model::{Catalogue, RegionTable, ValidationContext};
use std::sync::LazyLock;
use time::macros::date;

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::builtin);
static REGIONS: LazyLock<RegionTable> = LazyLock::new(RegionTable::builtin);

fn fixture(name: &str) -> File {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/codecarbon")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    codecarbon::parse(&bytes, 1000).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

/// Each row as the upload makes it a measurement: (device name, count, flags' codes).
fn measured(file: &File) -> Vec<(String, u32, Vec<&'static str>)> {
    let ctx = ValidationContext {
        today: date!(2026 - 11 - 27),
        hardware: &CATALOGUE,
        regions: &REGIONS,
        published_benchmark: false,
    };
    file.rows
        .iter()
        .map(|row| {
            let raw = row.to_raw("Qwen 3 8B", "text-generation", "100");
            let v = validate(&raw, &ctx).unwrap_or_else(|p| panic!("line {}: {p:?}", row.line));
            let flags = v.flags.iter().map(|f| f.code()).collect();
            (v.device.name.clone(), v.device_count, flags)
        })
        .collect()
}

#[test]
fn the_oldest_header_has_no_run_id_and_no_hardware() {
    let f = fixture("v1.2-experiment-id.csv");
    assert_eq!(f.rows.len(), 2);
    assert!(f.rejected.is_empty());
    let ids: Vec<&str> = f.rows.iter().filter_map(|r| r.run_id.as_deref()).collect();
    assert!(ids.iter().all(|id| id.starts_with("row-")), "{ids:?}");
    assert_ne!(ids[0], ids[1], "different rows, different runs");
    assert_eq!(
        f.rows[0].experiment_id.as_deref(),
        Some("6d5c4e1b-8a4f-4c0e-9b3a-2f0c1e6d7a11")
    );
    assert_eq!(f.rows[0].hardware(), None);
    // Kept all the same, flagged: a researcher says which device it was.
    let m = measured(&f);
    assert!(
        m.iter().all(|(_, _, flags)| flags == &["unknown_hardware"]),
        "{m:?}"
    );
    assert_eq!(m[0].0, codecarbon::NO_DEVICE);
    // The digest is stable: the same file gives the same ids.
    assert_eq!(
        fixture("v1.2-experiment-id.csv").rows[0].run_id,
        f.rows[0].run_id
    );
}

#[test]
fn a_desktop_run_without_gpu_energy_belongs_to_the_cpu() {
    let f = fixture("v2.2.2-desktop-cpu-only.csv");
    assert!(f.rows.iter().all(|r| !r.measured_gpu()));
    let m = measured(&f);
    assert_eq!(m[0].0, "Intel Core i7-7700K");
    assert_eq!(m[0].1, 1);
    assert!(m.iter().all(|(_, _, flags)| flags.is_empty()), "{m:?}");
    // CPU and RAM energy are kept apart, and add up to the total.
    let r = &f.rows[0];
    let parts = r.cpu_energy.unwrap().kwh() + r.ram_energy.unwrap().kwh();
    assert!((parts - r.energy_kwh).abs() < 1e-12);
    assert_eq!(r.gpu_energy.map(|e| e.kwh()), Some(0.0));
}

#[test]
fn a_windows_laptop_with_regions_in_its_own_words() {
    let f = fixture("v3.0.7-windows-laptop.csv");
    let m = measured(&f);
    assert_eq!(
        m.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
        ["NVIDIA GeForce RTX 3060 Mobile"; 2]
    );
    // 135 W through a laptop GPU whose range tops at 115 W: no anomaly.
    assert!(m.iter().all(|(_, _, flags)| flags.is_empty()), "{m:?}");
    let ctx_regions: Vec<String> = f
        .rows
        .iter()
        .map(|r| r.to_raw("m", "text-generation", "1").region)
        .collect();
    assert_eq!(ctx_regions, ["Spain, catalonia", "France, île-de-france"]);
}

#[test]
fn every_later_header_maps_by_name() {
    let cases = [
        ("v2.1.csv", "RTX 3090", None),
        ("v2.3-pue.csv", "RTX 3070", None),
        ("v2.7-experiment-after-run.csv", "RTX 4090", None),
        ("v3.0.8-water.csv", "A100 80GB PCIe", Some(0.0406769)),
    ];
    for (file, device, water) in cases {
        let f = fixture(file);
        assert_eq!(f.rows.len(), 1, "{file}");
        let m = measured(&f);
        // Named as the first table that lists it names it.
        assert!(m[0].0.ends_with(device), "{file}: {}", m[0].0);
        assert_eq!(f.rows[0].water_l, water, "{file}");
        assert_eq!(
            f.rows[0].tracking_mode.as_deref(),
            Some("machine"),
            "{file}"
        );
    }
    let blank = fixture("v2.3-pue.csv");
    assert!(
        blank.rows[0]
            .run_id
            .as_deref()
            .is_some_and(|id| id.starts_with("row-"))
    );
    assert_eq!(blank.rows[0].pue, Some(1.0));
    let v27 = fixture("v2.7-experiment-after-run.csv");
    assert_eq!(
        v27.rows[0].run_id.as_deref(),
        Some("9d3f2b44-3e8c-4f6a-9b10-1c2d3e4f5a66")
    );
}

#[test]
fn a_run_appended_three_times_counts_once_with_its_last_row() {
    let f = fixture("v3.2-utilisation-append.csv");
    assert_eq!(f.rows.len(), 1);
    assert_eq!(f.repeated, 2);
    assert_eq!(f.rows[0].duration_s, 168.4);
    assert_eq!(f.rows[0].energy_kwh, 0.010198);
    assert_eq!(f.rows[0].tracking_mode.as_deref(), Some("process"));
    assert!(measured(&f)[0].0.ends_with("RTX 4080"));
}

/// (Every country CodeCarbon knows has a grid, Kenya from CodeCarbon's own table; the
/// Central African Republic, whose figure there is 0, has none.)
#[test]
fn a_country_the_grid_table_lacks_is_flagged_not_refused() {
    let text = std::str::from_utf8(
        &std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/codecarbon/v2.7-experiment-after-run.csv"),
        )
        .unwrap(),
    )
    .unwrap()
    .replace("United States,USA,california", "Kenya,KEN,nairobi");
    let f = codecarbon::parse(text.as_bytes(), 10).unwrap();
    assert_eq!(measured(&f)[0].2, Vec::<&str>::new(), "Kenya is known");
    let text = text.replace("Kenya,KEN,nairobi", "Central African Republic,CAF,bangui");
    let f = codecarbon::parse(text.as_bytes(), 10).unwrap();
    let m = measured(&f);
    assert_eq!(m[0].2, ["unknown_region"], "{m:?}");
}

fn eco2ai_fixture(name: &str) -> File {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/eco2ai")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    codecarbon::parse(&bytes, 1000).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

/// eco2ai's `emission.csv` as the real eco2ai 0.3.12 wrote it: read under its own column
/// names, its CPU cell split into name and count, its totals exact, stored as eco2ai's.
#[test]
fn an_eco2ai_file_reads_like_a_codecarbon_one() {
    let file = eco2ai_fixture("emission-0.3.12-cpu.csv");
    assert_eq!(file.rows.len(), 2);
    assert!(file.rejected.is_empty(), "{:?}", file.rejected);
    let first = &file.rows[0];
    assert_eq!(first.tool, codecarbon::Tool::Eco2ai);
    assert_eq!(first.duration_s, 3.2142724990844727);
    assert_eq!(first.energy_kwh, 2.8577832836163e-08);
    assert_eq!(first.cpu_model.as_deref(), Some("AMD EPYC"));
    assert_eq!(first.gpu_model, None);
    assert_eq!(first.country_iso_code.as_deref(), Some("NL"));
    assert_eq!(first.timestamp.as_deref(), Some("2026-12-08 03:32:01"));
    assert_eq!(
        first.run_id.as_deref(),
        Some("ec672d5c-3c88-46f5-8f70-9032aab76174")
    );
    assert_eq!(
        file.total_energy_kwh(),
        2.8577832836163e-08 + 2.858411284610914e-08
    );
    let raw = first.to_raw("Qwen 3 8B", "text-generation", "100");
    assert_eq!((raw.method.as_str(), raw.region.as_str()), ("eco2ai", "NL"));
    assert_eq!(raw.measured_on, "2026-12-08");
    assert_eq!(first.details().tool.as_deref(), Some("eco2ai"));
    // (Three seconds of one CPU are no measurement of a model: validation refuses their
    // energy as implausible, which the upload's preview says per row.)
}

/// eco2ai's GPU cell (`name N device(s)`) gives the device and its count; `US/California`
/// and `(NL)` their countries.
#[test]
fn eco2ai_gpus_are_counted_as_it_writes_them() {
    let file = eco2ai_fixture("gpu-region.csv");
    let devices = measured(&file);
    assert_eq!(devices[0].0, "NVIDIA A100 SXM4 40 GB");
    assert_eq!((devices[0].1, devices[1].1), (2, 1));
    assert_eq!(file.rows[0].country_iso_code.as_deref(), Some("US"));
    assert_eq!(file.rows[0].region.as_deref(), Some("California"));
    assert_eq!(file.rows[1].country_iso_code.as_deref(), Some("NL"));
    assert_eq!(file.rows[1].region, None);
}
