//! The translation keys of the domain's closed lists (device classes and kinds), one literal
//! per value, so a test can check every one is in both catalogues.

use energy_model::{DeviceClass, DeviceKind};

/// A device class, as boards name it ("Desktop GPUs").
pub fn class_key(class: DeviceClass) -> &'static str {
    match class {
        DeviceClass::DataCentre => "boards-class-data-centre",
        DeviceClass::Consumer => "boards-class-consumer",
        DeviceClass::Laptop => "boards-class-laptop",
        DeviceClass::Cpu => "boards-class-cpu-class",
    }
}

/// Every device of a kind, as a board's device choice names it ("All GPUs").
pub fn every_of_kind_key(kind: DeviceKind) -> &'static str {
    match kind {
        DeviceKind::Gpu => "boards-kind-gpu",
        DeviceKind::Cpu => "boards-kind-cpu",
        DeviceKind::Tpu => "boards-kind-tpu",
        DeviceKind::Soc => "boards-kind-soc",
    }
}

/// A device's kind ("System on a chip").
pub fn kind_key(kind: DeviceKind) -> &'static str {
    match kind {
        DeviceKind::Gpu => "hardware-kind-gpu",
        DeviceKind::Cpu => "hardware-kind-cpu",
        DeviceKind::Tpu => "hardware-kind-tpu",
        DeviceKind::Soc => "hardware-kind-soc",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::{Lang, keys};

    #[test]
    fn every_class_and_kind_has_its_names_in_both_catalogues() {
        let used: Vec<&str> = DeviceClass::ALL
            .into_iter()
            .map(class_key)
            .chain(DeviceKind::ALL.into_iter().map(every_of_kind_key))
            .chain(DeviceKind::ALL.into_iter().map(kind_key))
            .collect();
        for lang in Lang::ALL {
            let known: Vec<&str> = keys(lang).collect();
            for key in &used {
                assert!(known.contains(key), "{key} in {}", lang.code());
            }
        }
    }
}
