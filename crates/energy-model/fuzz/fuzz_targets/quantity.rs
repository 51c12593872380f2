#![no_main]
use energy_model::quantity::{parse_count, parse_number};
use energy_model::{CarbonIntensity, Duration, Energy, Lang, Mass, Power};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let _ = parse_number(data);
    let _ = parse_count(data);
    if let Ok(e) = Energy::parse(data) {
        assert!(e.joules().is_finite() && e.joules() >= 0.0);
        // What we print must parse back.
        Energy::parse(&e.format(Lang::Nl)).expect("printed energy parses");
    }
    let _ = Power::parse(data);
    let _ = Duration::parse(data);
    let _ = CarbonIntensity::parse(data);
    let _ = Mass::parse(data);
});
