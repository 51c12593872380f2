//! The meter against fake sysfs trees: RAPL and hwmon readers, counters that advance while a
//! test command runs (and wrap around), unreadable files, NVML absent; the protocol's
//! arithmetic on those; the JSON and CSV outputs read back by `energy-model`.
#![allow(clippy::unwrap_used)]

use energy_model::Lang;
use energy_model::formats::codecarbon;
use energy_model::protocol::Protocol;
use greenai_meter::measure::measure;
use greenai_meter::output::{About, append_csv, csv_row, measurement};
use greenai_meter::sources::{self, Part, Reading, Roots};
use std::path::{Path, PathBuf};
use std::process::Command;

const CPU: &str = "Intel(R) Core(TM) i7-7700K CPU @ 4.20GHz";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A machine with one CPU package (with core and DRAM sub-zones) and, in hwmon, an AMD GPU
/// that reports power and a sensor that is not a GPU.
fn fake_machine(dir: &Path) -> Roots {
    let rapl = dir.join("powercap");
    let pkg = rapl.join("intel-rapl:0");
    write(&pkg.join("name"), "package-0\n");
    write(&pkg.join("energy_uj"), "1000000\n");
    write(&pkg.join("max_energy_range_uj"), "262143328850\n");
    write(&pkg.join("intel-rapl:0:0/name"), "core\n");
    write(&pkg.join("intel-rapl:0:0/energy_uj"), "5\n");
    write(&pkg.join("intel-rapl:0:1/name"), "dram\n");
    write(&pkg.join("intel-rapl:0:1/energy_uj"), "0\n");
    write(
        &pkg.join("intel-rapl:0:1/max_energy_range_uj"),
        "65532610987\n",
    );
    let hwmon = dir.join("hwmon");
    write(&hwmon.join("hwmon0/name"), "coretemp\n");
    write(&hwmon.join("hwmon1/name"), "amdgpu\n");
    write(&hwmon.join("hwmon1/power1_average"), "120000000\n");
    write(
        &hwmon.join("hwmon1/device/product_name"),
        "AMD Radeon RX 7900 XTX\n",
    );
    let cpuinfo = dir.join("cpuinfo");
    write(&cpuinfo, &format!("processor\t: 0\nmodel name\t: {CPU}\n"));
    Roots {
        powercap: rapl,
        hwmon,
        cpuinfo,
        nvml: false,
    }
}

#[test]
fn probe_finds_the_package_dram_and_amd_gpu_and_skips_overlapping_zones() {
    let dir = tempfile::tempdir().unwrap();
    let (found, missing) = sources::discover(&fake_machine(dir.path()));
    let ids: Vec<(String, Part, String)> = found
        .iter()
        .map(|s| (s.info().id.clone(), s.info().part, s.info().device.clone()))
        .collect();
    assert_eq!(
        ids,
        vec![
            ("rapl:intel-rapl:0".into(), Part::Cpu, CPU.into()),
            ("rapl:intel-rapl:0:1".into(), Part::Ram, "DRAM".into()),
            (
                "hwmon:amdgpu0".into(),
                Part::Gpu,
                "AMD Radeon RX 7900 XTX".into()
            ),
        ],
        "core overlaps the package and is not counted; coretemp is no GPU"
    );
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn rapl_counters_are_read_across_a_wrap_around() {
    let dir = tempfile::tempdir().unwrap();
    let roots = fake_machine(dir.path());
    let counter = roots.powercap.join("intel-rapl:0/energy_uj");
    write(
        &roots.powercap.join("intel-rapl:0/max_energy_range_uj"),
        "10000000\n",
    );
    write(&counter, "9000000\n");
    let (mut found, _) = sources::discover(&roots);
    let pkg = &mut found[0];
    write(&counter, "9500000\n");
    assert_eq!(pkg.read(), Ok(Reading::Joules(0.5)));
    // Past 10 J the counter starts again at zero.
    write(&counter, "1500000\n");
    assert_eq!(pkg.read(), Ok(Reading::Joules(2.5)));
    // A file that cannot be read any more is an error, not zero.
    std::fs::remove_file(&counter).unwrap();
    let err = pkg.read().unwrap_err();
    assert!(err.en.contains("energy_uj"), "{err:?}");
}

#[test]
fn unreadable_and_absent_sources_are_explained_and_the_rest_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let mut roots = fake_machine(dir.path());
    // The DRAM counter holds no number; the package still counts.
    write(
        &roots.powercap.join("intel-rapl:0/intel-rapl:0:1/energy_uj"),
        "n/a\n",
    );
    // NVML on a machine without the NVIDIA driver (as this one is).
    roots.nvml = true;
    let (found, missing) = sources::discover(&roots);
    let ids: Vec<&str> = found.iter().map(|s| s.info().id.as_str()).collect();
    assert!(
        ids.contains(&"rapl:intel-rapl:0") && ids.contains(&"hwmon:amdgpu0"),
        "{ids:?}"
    );
    let said: Vec<String> = missing
        .iter()
        .map(|m| format!("{}: {}", m.what.en, m.why.en))
        .collect();
    assert!(
        said.iter()
            .any(|m| m.contains("dram") && m.contains("not a number")),
        "{said:?}"
    );
    if !Path::new("/proc/driver/nvidia").exists() {
        assert!(
            said.iter()
                .any(|m| m.starts_with("NVIDIA GPUs (NVML)") && m.contains("NVML could not start")),
            "{said:?}"
        );
    }
    // No powercap at all: said plainly.
    let none = Roots {
        powercap: dir.path().join("nowhere"),
        ..roots
    };
    let (_, missing) = sources::discover(&Roots {
        nvml: false,
        ..none
    });
    assert!(
        missing[0].why.en.contains("does not exist") && missing[0].why.nl.contains("bestaat niet"),
        "{:?}",
        missing[0]
    );
}

/// A shell command that advances the package counter by 1 J every 0.1 s, `steps` times,
/// wrapping at `range` µJ.
fn burner(counter: &Path, start: u64, steps: u32, range: u64) -> Command {
    let script = format!(
        "v={start}; for i in $(seq 1 {steps}); do sleep 0.1; v=$(( (v + 1000000) % {range} )); echo $v > {c}.new && mv {c}.new {c}; done",
        c = counter.display()
    );
    let mut c = Command::new("sh");
    c.args(["-c", &script]);
    c
}

fn quick() -> Protocol {
    Protocol {
        idle_s: 1.0,
        cooldown_s: 0.3,
        sample_hz: 20.0,
    }
}

#[test]
fn the_protocol_counts_the_run_above_an_idle_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let roots = Roots {
        hwmon: dir.path().join("no-hwmon"),
        ..fake_machine(dir.path())
    };
    let counter = roots.powercap.join("intel-rapl:0/energy_uj");
    // The counter wraps at 5 J during the run: 12 J are still 12 J.
    write(
        &roots.powercap.join("intel-rapl:0/max_energy_range_uj"),
        "5000000\n",
    );
    write(&counter, "1000000\n");
    let (mut found, _) = sources::discover(&roots);
    let o = measure(
        &mut found,
        quick(),
        &mut burner(&counter, 1_000_000, 12, 5_000_000),
    )
    .unwrap();
    assert_eq!(o.exit_code, Some(0));
    let pkg = &o.parts[0];
    assert!((pkg.run_j - 12.0).abs() < 1e-9, "{pkg:?}");
    assert_eq!(pkg.idle_w, 0.0, "nothing moved while idle");
    assert!((o.above_idle_j - 12.0).abs() < 1e-9);
    assert!(o.run_s >= 1.2 && o.run_s < 5.0, "{}", o.run_s);
    assert!((o.mean_w - 12.0 / o.run_s).abs() < 1e-9);
    assert!(o.peak_w >= o.mean_w, "{} < {}", o.peak_w, o.mean_w);
    assert!(
        o.timeline.first().unwrap().0 < 0.0,
        "the baseline is on the timeline"
    );
    assert!(o.timeline.last().unwrap().0 > o.run_s, "and the cooldown");
    assert!(o.errors.is_empty(), "{:?}", o.errors);
}

#[test]
fn sampled_power_is_integrated_and_idle_power_is_taken_off() {
    let dir = tempfile::tempdir().unwrap();
    let roots = Roots {
        powercap: dir.path().join("no-powercap"),
        ..fake_machine(dir.path())
    };
    // The AMD card draws 120 W throughout: idle and run alike, so nothing is above idle.
    let (mut found, _) = sources::discover(&roots);
    let mut sleep = Command::new("sleep");
    sleep.arg("0.5");
    let o = measure(&mut found, quick(), &mut sleep).unwrap();
    let gpu = &o.parts[0];
    assert!((gpu.idle_w - 120.0).abs() < 1e-6, "{gpu:?}");
    assert!((gpu.run_j - 120.0 * o.run_s).abs() < 1e-6, "{gpu:?}");
    assert!(gpu.above_idle_j < 1e-6);
    assert_eq!(o.device(), ("AMD Radeon RX 7900 XTX".to_string(), 1));
}

#[test]
fn a_failing_command_is_reported_with_its_code() {
    let dir = tempfile::tempdir().unwrap();
    let (mut found, _) = sources::discover(&fake_machine(dir.path()));
    let mut fail = Command::new("sh");
    fail.args(["-c", "exit 3"]);
    let o = measure(&mut found, quick(), &mut fail).unwrap();
    assert_eq!(o.exit_code, Some(3));
    let mut missing = Command::new("/no/such/program");
    assert!(
        measure(&mut found, quick(), &mut missing)
            .unwrap_err()
            .nl
            .contains("kon de opdracht niet starten")
    );
}

fn about() -> About {
    About {
        model: "Qwen/Qwen3-8B".into(),
        task: "text-generation".into(),
        queries: Some(10),
        output_tokens: Some(2_560),
        region: "NL".into(),
        run_id: "2b0e7a4c-3a43-4a53-9d0e-8f5b0f2b1e11".into(),
        ..About::default()
    }
}

#[test]
fn the_outputs_are_what_the_platform_reads() {
    let dir = tempfile::tempdir().unwrap();
    let roots = Roots {
        hwmon: dir.path().join("no-hwmon"),
        ..fake_machine(dir.path())
    };
    let counter = roots.powercap.join("intel-rapl:0/energy_uj");
    let (mut found, _) = sources::discover(&roots);
    let o = measure(
        &mut found,
        quick(),
        &mut burner(&counter, 1_000_000, 8, 262_143_328_850),
    )
    .unwrap();

    // The API's JSON passes the platform's own validation (the CPU as the kernel names it
    // resolves in the catalogue), and records the protocol.
    let body = measurement(&o, &about());
    let (errors, _flags) = greenai_meter::check::check(&body, Lang::En);
    assert!(errors.is_empty(), "{errors:?}: {body:#?}");
    assert_eq!(body.method, "greenai-meter");
    assert_eq!(body.hardware, CPU);
    assert_eq!(body.queries, 10);
    assert_eq!(body.meter.as_ref().unwrap().protocol.unwrap().idle_s, 1.0);
    assert_eq!(body.tool_version, greenai_meter::output::VERSION);
    let energy: f64 = body.energy.trim_end_matches(" J").parse().unwrap();
    assert!((energy - 8.0).abs() < 1e-3, "{energy}");
    // Dutch messages for a problem, from the same rules.
    let mut bad = body.clone();
    bad.task = String::new();
    let (errors, _) = greenai_meter::check::check(&bad, Lang::Nl);
    assert!(
        errors.iter().any(|e| e.contains("Vul dit in")),
        "{errors:?}"
    );

    // The CSV row is read by the platform's CodeCarbon reader, twice appended.
    let csv: PathBuf = dir.path().join("emissions.csv");
    append_csv(&csv, &csv_row(&o, &about())).unwrap();
    append_csv(
        &csv,
        &csv_row(
            &o,
            &About {
                run_id: "second".into(),
                ..about()
            },
        ),
    )
    .unwrap();
    let file = codecarbon::parse(&std::fs::read(&csv).unwrap(), 100).unwrap();
    assert_eq!(file.rows.len(), 2, "one header, two rows");
    let row = &file.rows[0];
    assert!((row.energy_kwh * 3.6e6 - 8.0).abs() < 1e-6);
    assert!((row.duration_s - o.run_s).abs() < 1e-9);
    assert_eq!(row.cpu_model.as_deref(), Some(CPU));
    assert_eq!(row.run_id.as_deref(), Some(about().run_id.as_str()));
    assert_eq!(row.tracking_mode.as_deref(), Some("machine"));
}

#[test]
fn a_wall_meter_reading_replaces_the_counters() {
    let dir = tempfile::tempdir().unwrap();
    let (mut found, _) = sources::discover(&fake_machine(dir.path()));
    let mut sleep = Command::new("sleep");
    sleep.arg("0.2");
    let o = measure(&mut found, quick(), &mut sleep).unwrap();
    let body = measurement(
        &o,
        &About {
            wall_meter_wh: Some(12.5),
            ..about()
        },
    );
    assert_eq!(body.method, "wall-meter");
    assert_eq!(body.energy, "45000.000 J");
    let sent = serde_json::to_value(&body).unwrap();
    assert!(
        sent.get("mean_power").is_none(),
        "no stated power to contradict the meter"
    );
}

/// The command itself, as a person runs it.
fn meter() -> Command {
    Command::new(env!("CARGO_BIN_EXE_greenai-meter"))
}

#[test]
fn the_command_line_measures_explains_and_refuses_plainly() {
    let dir = tempfile::tempdir().unwrap();
    // With a plug-in meter's reading the run needs no counters (this machine has none).
    let json = dir.path().join("m.json");
    let out = meter()
        .args([
            "--lang",
            "en",
            "run",
            "--model",
            "Qwen/Qwen3-8B",
            "--task",
            "text-generation",
        ])
        .args([
            "--queries",
            "5",
            "--wall-meter",
            "0.5",
            "--idle",
            "1",
            "--cooldown",
            "0",
        ])
        .arg("--json")
        .arg(&json)
        .args([
            "--",
            "sh",
            "-c",
            "echo '{\"output_tokens\": 640}' > \"$GREENAI_METER_WORK\"",
        ])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    let body: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(body["method"], "wall-meter");
    assert_eq!(body["energy"], "1800.000 J");
    assert_eq!(body["output_tokens"], 640, "read from the workload's file");
    assert_eq!(body["queries"], 5);

    // A failing command is measured, said, and not sent.
    let out = meter()
        .args([
            "--lang",
            "nl",
            "run",
            "--wall-meter",
            "0.5",
            "--idle",
            "1",
            "--cooldown",
            "0",
        ])
        .args(["--", "false"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("de opdracht mislukte"));

    // Submitting without a token, or with a protocol out of bounds: refused before running.
    let out = meter()
        .env_remove("GREENAI_TOKEN")
        .args(["--lang", "nl", "run", "--submit", "--", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GREENAI_TOKEN"));
    let out = meter()
        .args(["--lang", "nl", "run", "--hz", "0", "--", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("meet 1 tot 100 keer per seconde"));
    // A language it does not speak is refused, not quietly read as English.
    let out = meter()
        .args(["--lang", "de", "run", "--", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nl or en"));
}

/// The workload's work file lives in a folder of the run's own that only its owner can
/// enter, gone when the run is over.
#[test]
fn the_work_file_is_in_a_private_folder_that_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let seen = dir.path().join("seen");
    let out = meter()
        .args([
            "--lang",
            "en",
            "run",
            "--wall-meter",
            "0.5",
            "--idle",
            "1",
            "--cooldown",
            "0",
        ])
        .args(["--", "sh", "-c"])
        .arg(format!(
            "d=$(dirname \"$GREENAI_METER_WORK\"); stat -c %a \"$d\" > {0}; echo \"$d\" >> {0}",
            seen.display()
        ))
        .output()
        .unwrap();
    // (It names no model or task, so it is not fit to send: exit 1 after the run.)
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen = std::fs::read_to_string(&seen).unwrap();
    let mut lines = seen.lines();
    assert_eq!(lines.next(), Some("700"), "only its owner may enter it");
    let folder = std::path::PathBuf::from(lines.next().unwrap());
    assert!(
        !folder.exists(),
        "{} is removed after the run",
        folder.display()
    );
}
