#![no_main]
use energy_model::formats::codecarbon;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(file) = codecarbon::parse(data, 10_000) {
        for row in &file.rows {
            assert!(row.energy_kwh > 0.0 && row.duration_s > 0.0);
            let _ = row.to_raw("m", "text-generation", "1");
        }
    }
});
