#![no_main]
use energy_model::Task;
use energy_model::formats::ai_energy_score;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let _ = ai_energy_score::parse(data, Task::TextGeneration);
});
