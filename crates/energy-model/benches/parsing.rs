//! Throughput of the parsers and the validator: CSV rows per second (the 6,939-row published
//! CodeCarbon file), measurements validated per second, and hardware names resolved per
//! second against the whole catalogue.
//!
//! `cargo bench -p energy-model` (reads `data/published/`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use energy_model::formats::codecarbon;
use energy_model::validation::validate;
use energy_model::{Catalogue, RawMeasurement, RegionTable, ValidationContext};
use std::hint::black_box;

include!("../../../data/published/published.rs");

fn bench_codecarbon(c: &mut Criterion) {
    let bytes = published("codecarbon/v100-bert-pruning-codecarbon-2.4.2.csv");
    let rows = codecarbon::parse(&bytes, 100_000)
        .expect("parses")
        .rows
        .len()
        + 5;
    let mut group = c.benchmark_group("codecarbon");
    group.throughput(Throughput::Elements(rows as u64));
    group.bench_function("parse_6939_rows", |b| {
        b.iter(|| codecarbon::parse(black_box(&bytes), 100_000).expect("parses"))
    });
    group.finish();
}

fn bench_validation(c: &mut Criterion) {
    let catalogue = Catalogue::builtin();
    let regions = RegionTable::builtin();
    let ctx = ValidationContext {
        today: time::macros::date!(2026 - 11 - 27),
        hardware: &catalogue,
        regions: &regions,
        published_benchmark: false,
    };
    let raw = RawMeasurement {
        model: "Llama 3.1 8B Instruct".into(),
        task: "text-generation".into(),
        hardware: "1 x Tesla V100-PCIE-32GB".into(),
        energy: "0,5 kWh".into(),
        duration: "1 h".into(),
        queries: "1.000".into(),
        method: "codecarbon".into(),
        region: "Denmark".into(),
        measured_on: "2025-06-01".into(),
        ..RawMeasurement::default()
    };
    let mut group = c.benchmark_group("validation");
    group.throughput(Throughput::Elements(1));
    group.bench_function("validate_one", |b| {
        b.iter(|| validate(black_box(&raw), &ctx).expect("valid"))
    });
    group.finish();
}

/// Names as tools write them, resolved against the ~6,500-device catalogue: exact spellings,
/// vendor spellings, laptop names, names with counts and clocks, and unknown ones.
fn bench_resolve(c: &mut Criterion) {
    let catalogue = Catalogue::builtin();
    let names = [
        "1 x Tesla V100-PCIE-32GB",
        "NVIDIA GeForce RTX 3060 Laptop GPU",
        "Intel(R) Core(TM) i7-7700K CPU @ 4.20GHz",
        "AMD Ryzen 9 7950X 16-Core Processor",
        "8 x NVIDIA H100 80GB HBM3",
        "Apple M2 Max",
        "AMD EPYC 9654 96-Core Processor",
        "Commodore 64",
    ];
    let mut group = c.benchmark_group("hardware");
    group.throughput(Throughput::Elements(names.len() as u64));
    group.bench_function("resolve_8_names", |b| {
        b.iter(|| {
            for n in names {
                black_box(catalogue.resolve(black_box(n)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_codecarbon, bench_validation, bench_resolve);
criterion_main!(benches);
