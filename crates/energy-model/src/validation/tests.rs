use super::*;
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::sync::LazyLock;
use time::macros::date;

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::builtin);
static REGIONS: LazyLock<RegionTable> = LazyLock::new(RegionTable::builtin);

fn ctx() -> ValidationContext<'static> {
    ValidationContext {
        today: date!(2026 - 11 - 27),
        hardware: &CATALOGUE,
        regions: &REGIONS,
        published_benchmark: false,
    }
}

/// One hour of an H100 at 500 W answering 1,000 chat queries: 0.5 kWh, 0.5 Wh per query.
fn good() -> RawMeasurement {
    RawMeasurement {
        model: "Llama 3.1 8B Instruct".into(),
        task: "text-generation".into(),
        hardware: "H100".into(),
        device_count: "1".into(),
        energy: "0,5 kWh".into(),
        component_energy: String::new(),
        duration: "1 h".into(),
        queries: "1.000".into(),
        output_tokens: "250000".into(),
        batch_size: "8".into(),
        precision: "bf16".into(),
        optimisations: vec!["quantisation".into()],
        method: "nvml".into(),
        region: "NL".into(),
        pue: "1,2".into(),
        grid_intensity: String::new(),
        mean_power: "500 W".into(),
        measured_on: "2025-06-01".into(),
    }
}

fn codes(problems: &[Problem]) -> Vec<(&'static str, &'static str)> {
    problems
        .iter()
        .map(|p| (p.field.name(), p.code()))
        .collect()
}

fn errors(raw: &RawMeasurement) -> Vec<(&'static str, &'static str)> {
    match validate(raw, &ctx()) {
        Ok(_) => vec![],
        Err(p) => codes(
            &p.into_iter()
                .filter(|p| p.severity() == Severity::Error)
                .collect::<Vec<_>>(),
        ),
    }
}

#[test]
fn a_good_measurement_validates_and_normalises() {
    let m = validate(&good(), &ctx()).expect("valid");
    assert!(m.flags.is_empty(), "{:?}", m.flags);
    assert_eq!(m.task, Task::TextGeneration);
    assert_eq!(m.device.slug, "h100-sxm");
    assert_eq!(m.queries, Some(1000));
    assert_eq!(m.region.as_ref().map(|r| r.code.as_str()), Some("NL"));
    let n = m.normalised();
    assert_eq!(n.wh_per_1000_queries, Some(500.0));
    assert_eq!(n.j_per_output_token, Some(7.2));
    assert_eq!(n.kwh_per_run, None);
    assert_eq!(m.power_per_device().map(Power::watts), Some(500.0));
    // 0.5 kWh × 1.2 × 374.34 g/kWh
    let world = REGIONS.world().expect("world").intensity;
    assert!((m.carbon(world).grams() - 224.604).abs() < 1e-9);
}

#[test]
fn training_is_per_run_and_needs_no_queries() {
    let raw = RawMeasurement {
        task: "training".into(),
        queries: String::new(),
        energy: "3 kWh".into(),
        duration: "8 h".into(),
        hardware: "4 x NVIDIA A100 80GB PCIe".into(),
        device_count: String::new(),
        mean_power: String::new(),
        ..good()
    };
    let m = validate(&raw, &ctx()).expect("valid");
    assert_eq!(m.device_count, 4);
    assert_eq!(m.normalised().kwh_per_run, Some(3.0));
    assert_eq!(m.normalised().wh_per_1000_queries, None);
}

#[test]
fn every_problem_is_reported_at_once() {
    let raw = RawMeasurement {
        model: String::new(),
        task: "knitting".into(),
        hardware: "Commodore 64".into(),
        device_count: "0".into(),
        energy: "12 W".into(),
        component_energy: String::new(),
        duration: "-3 s".into(),
        queries: "many".into(),
        output_tokens: "0".into(),
        batch_size: "2.5".into(),
        precision: "fp7".into(),
        optimisations: vec!["none".into(), "pruning".into()],
        method: "vibes".into(),
        region: "Atlantis".into(),
        pue: "0.8".into(),
        grid_intensity: "2500".into(),
        mean_power: "NaN W".into(),
        measured_on: "2099-01-01".into(),
    };
    let got = errors(&raw);
    let expected = vec![
        ("model", "required"),
        ("task", "unknown_task"),
        ("device_count", "not_positive"),
        ("energy", "wrong_unit_kind"),
        ("duration", "negative"),
        ("queries", "invalid_number"),
        ("output_tokens", "not_positive"),
        ("batch_size", "not_whole_number"),
        ("precision", "unknown_choice"),
        ("optimisations", "none_with_others"),
        ("method", "unknown_choice"),
        ("pue", "out_of_range"),
        ("grid_intensity", "out_of_range"),
        ("mean_power", "not_finite"),
        ("measured_on", "future_date"),
    ];
    assert_eq!(got, expected);
}

#[test]
fn hard_errors_named_in_the_issue() {
    let check = |f: fn(&mut RawMeasurement), expected: (&str, &str)| {
        let mut raw = good();
        f(&mut raw);
        assert_eq!(errors(&raw), vec![expected], "{raw:?}");
    };
    check(|r| r.energy = String::new(), ("energy", "required"));
    check(|r| r.energy = "0 Wh".into(), ("energy", "not_positive"));
    check(|r| r.duration = "0 s".into(), ("duration", "not_positive"));
    check(|r| r.queries = "0".into(), ("queries", "zero_queries"));
    check(|r| r.queries = String::new(), ("queries", "required"));
    check(
        |r| r.measured_on = "2026-11-28".into(),
        ("measured_on", "future_date"),
    );
    check(
        |r| r.measured_on = "28-11-2025".into(),
        ("measured_on", "invalid_date"),
    );
    check(|r| r.task = "cooking".into(), ("task", "unknown_task"));
    // Past i32 (the stored column) and past u32: refused, never wrapped.
    check(
        |r| r.batch_size = "2147483648".into(),
        ("batch_size", "out_of_range"),
    );
    check(
        |r| r.batch_size = "4294967295".into(),
        ("batch_size", "out_of_range"),
    );
    check(
        |r| r.batch_size = "1000001".into(),
        ("batch_size", "out_of_range"),
    );
    check(|r| r.pue = "3,5".into(), ("pue", "out_of_range"));
    check(|r| r.pue = "0.99".into(), ("pue", "out_of_range"));
    check(
        |r| r.grid_intensity = "2001 g/kWh".into(),
        ("grid_intensity", "out_of_range"),
    );
    check(|r| r.model = "x".repeat(201), ("model", "too_long"));
    check(
        |r| r.duration = "1e309 s".into(),
        ("duration", "not_finite"),
    );
}

#[test]
fn device_count_conflict_needs_a_count_in_the_hardware() {
    let raw = RawMeasurement {
        hardware: "2 x H100".into(),
        device_count: "4".into(),
        ..good()
    };
    assert_eq!(
        errors(&raw),
        vec![("device_count", "device_count_conflict")]
    );
    let raw = RawMeasurement {
        hardware: "2 x H100".into(),
        device_count: "2".into(),
        energy: "1 kWh".into(),
        ..good()
    };
    assert_eq!(errors(&raw), vec![]);
}

#[test]
fn soft_findings_become_flags() {
    let flags = |f: fn(&mut RawMeasurement)| {
        let mut raw = good();
        f(&mut raw);
        let m = validate(&raw, &ctx()).expect("valid despite flags");
        codes(&m.flags)
    };
    // 2 kWh in one hour is 2 kW on one 700 W H100.
    assert_eq!(
        flags(|r| {
            r.energy = "2 kWh".into();
            r.mean_power = String::new();
        }),
        vec![("energy", "power_above_tdp")]
    );
    // 10 Wh in an hour is 10 W: under 2 % of 700 W.
    assert_eq!(
        flags(|r| {
            r.energy = "10 Wh".into();
            r.mean_power = String::new();
        }),
        vec![("energy", "power_below_tdp")]
    );
    // 0.5 kWh for one query is 500 Wh per query.
    assert_eq!(
        flags(|r| r.queries = "1".into()),
        vec![("energy", "implausible_energy")]
    );
    assert_eq!(
        flags(|r| {
            r.duration = "0,5 s".into();
            r.energy = "250 J".into();
            r.mean_power = String::new();
        }),
        vec![("duration", "short_window")]
    );
    assert_eq!(
        flags(|r| r.mean_power = "300 W".into()),
        vec![("mean_power", "power_mismatch")]
    );
}

#[test]
fn every_message_exists_in_both_languages() {
    let raw = RawMeasurement {
        model: "x".repeat(300),
        task: "knitting".into(),
        energy: "5 W".into(),
        duration: "0.2 s".into(),
        queries: "0".into(),
        pue: "9".into(),
        measured_on: "yesterday".into(),
        ..RawMeasurement::default()
    };
    let mut problems = validate(&raw, &ctx()).expect_err("invalid");
    problems.extend(
        validate(
            &RawMeasurement {
                energy: "2 kWh".into(),
                queries: "1".into(),
                mean_power: "1 W".into(),
                duration: "0,5 h".into(),
                ..good()
            },
            &ctx(),
        )
        .expect("flags only")
        .flags,
    );
    assert!(problems.len() > 8);
    for p in &problems {
        let (en, nl) = (p.message(Lang::En), p.message(Lang::Nl));
        assert!(!en.is_empty() && !nl.is_empty());
        assert_ne!(en, nl, "{p:?}");
    }
}

fn arb_field_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("NaN".to_string()),
        Just("-1 Wh".to_string()),
        Just("1e309 kWh".to_string()),
        Just("0".to_string()),
        Just("abc".to_string()),
        "\\PC{0,12}",
    ]
}

fn set_field(raw: &mut RawMeasurement, index: usize, value: String) {
    match index {
        0 => raw.model = value,
        1 => raw.task = value,
        2 => raw.hardware = value,
        3 => raw.device_count = value,
        4 => raw.energy = value,
        5 => raw.duration = value,
        6 => raw.queries = value,
        7 => raw.output_tokens = value,
        8 => raw.batch_size = value,
        9 => raw.precision = value,
        10 => raw.optimisations = vec![value],
        11 => raw.method = value,
        12 => raw.region = value,
        13 => raw.pue = value,
        14 => raw.grid_intensity = value,
        15 => raw.mean_power = value,
        _ => raw.measured_on = value,
    }
}

proptest! {
    #[test]
    fn valid_measurements_hold_only_finite_numbers(
        energy in 1e-3f64..1e9, seconds in 1e-3f64..1e7, queries in 1u64..1_000_000,
        index in 0usize..17, value in arb_field_value(),
    ) {
        let mut raw = good();
        raw.energy = format!("{energy} Wh");
        raw.duration = format!("{seconds} s");
        raw.queries = queries.to_string();
        raw.mean_power = String::new();
        set_field(&mut raw, index, value);
        if let Ok(m) = validate(&raw, &ctx()) {
            let n = m.normalised();
            for v in [Some(m.energy.joules()), m.duration.map(Duration::seconds), n.wh_per_1000_queries,
                      n.j_per_output_token, n.kwh_per_run, m.power_per_device().map(Power::watts)]
                .into_iter().flatten() {
                prop_assert!(v.is_finite() && v > 0.0);
            }
            prop_assert!(m.carbon(CarbonIntensity::from_grams_per_kwh(475.0)).grams().is_finite());
        }
    }

    #[test]
    fn a_bad_field_never_removes_an_earlier_error(
        first in 0usize..17, first_value in arb_field_value(),
        second in 0usize..17, second_value in arb_field_value(),
    ) {
        prop_assume!(first != second);
        let mut raw = good();
        set_field(&mut raw, first, first_value);
        let before: BTreeSet<_> = errors(&raw).into_iter().collect();
        set_field(&mut raw, second, second_value);
        let after: BTreeSet<_> = errors(&raw).into_iter().collect();
        let second_name = RawMeasurementFieldNames::NAMES[second];
        // The second field's own earlier errors may be replaced; everyone else's must stay.
        let kept: BTreeSet<_> = before.iter().filter(|(f, _)| *f != second_name).cloned().collect();
        prop_assert!(kept.is_subset(&after), "before {:?} after {:?}", before, after);
    }

    #[test]
    fn validation_never_panics(values in prop::collection::vec(arb_field_value(), 17)) {
        let mut raw = RawMeasurement::default();
        for (i, v) in values.into_iter().enumerate() {
            set_field(&mut raw, i, v);
        }
        let _ = validate(&raw, &ctx());
    }
}

struct RawMeasurementFieldNames;
impl RawMeasurementFieldNames {
    const NAMES: [&'static str; 17] = [
        "model",
        "task",
        "hardware",
        "device_count",
        "energy",
        "duration",
        "queries",
        "output_tokens",
        "batch_size",
        "precision",
        "optimisations",
        "method",
        "region",
        "pue",
        "grid_intensity",
        "mean_power",
        "measured_on",
    ];
}

#[test]
fn unknown_hardware_is_kept_as_typed_and_flagged_never_refused() {
    let raw = RawMeasurement {
        hardware: "2 x Acme Tensor Brick 9000".into(),
        device_count: String::new(),
        ..good()
    };
    let v = validate(&raw, &ctx()).expect("accepted");
    assert_eq!(v.device.slug, crate::hardware::UNKNOWN_DEVICE);
    assert_eq!(v.device.name, "Acme Tensor Brick 9000");
    assert_eq!(v.device_count, 2);
    assert_eq!(codes(&v.flags), vec![("hardware", "unknown_hardware")]);
    assert!(
        v.flags[0]
            .message(Lang::En)
            .contains("could not be checked")
    );
    assert!(v.flags[0].message(Lang::Nl).contains("catalogus"));
    // A CPU by its words.
    let cpu = RawMeasurement {
        hardware: "Zhaoxin KX-7000 Processor".into(),
        ..good()
    };
    assert_eq!(
        validate(&cpu, &ctx()).expect("accepted").device.kind,
        crate::hardware::DeviceKind::Cpu
    );
}

#[test]
fn a_grid_without_carbon_is_refused() {
    for g in ["0", "-0", "1e-320 g/kWh", "0.5 g/kWh"] {
        let raw = RawMeasurement {
            grid_intensity: g.into(),
            ..good()
        };
        let problems = validate(&raw, &ctx()).expect_err(g);
        assert!(
            codes(&problems).contains(&("grid_intensity", "out_of_range"))
                || codes(&problems).iter().any(|c| c.0 == "grid_intensity"),
            "{g}: {:?}",
            codes(&problems)
        );
    }
    let fine = RawMeasurement {
        grid_intensity: "28 g/kWh".into(),
        ..good()
    };
    assert!(validate(&fine, &ctx()).is_ok());
}

/// The power check judges the rated part's own energy where the file gives it: an L4 (72 W)
/// run whose machine drew 200 W in all, its GPU 60 W, is not above the GPU's rating.
#[test]
fn the_power_check_judges_the_rated_part() {
    let mut raw = good();
    raw.hardware = "NVIDIA L4".into();
    raw.energy = "200 Wh".into();
    let flagged = |raw: &RawMeasurement| {
        validate(raw, &ctx())
            .unwrap()
            .flags
            .iter()
            .any(|f| f.code() == "power_above_tdp")
    };
    assert!(flagged(&raw), "the whole machine's 200 W against 72 W");
    raw.component_energy = "216000 J".into();
    assert!(!flagged(&raw), "the GPU's own 60 W");
}
