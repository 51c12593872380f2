#![no_main]
use energy_model::Catalogue;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::builtin);

fuzz_target!(|data: &str| {
    let _ = CATALOGUE.resolve(data);
    let _ = energy_model::RegionTable::builtin().lookup(data);
});
