#![no_main]
use energy_model::formats::ml_energy::{Index, parse_model};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let _ = Index::parse(data);
    let index = Index {
        last_updated: "2026-02-16".into(),
        models: Default::default(),
        tasks: vec![],
    };
    let _ = parse_model(data, &index);
});
