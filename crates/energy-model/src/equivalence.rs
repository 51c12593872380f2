//! Everyday equivalents that make an amount of energy tangible for people.
//!
//! The podcast's comparison: one interaction with a large chat model uses about as much
//! energy as a 1,000 W microwave running for 12 seconds (≈ 3.3 Wh).

use crate::lang::{Lang, format_number};
use crate::quantity::Energy;
use serde::Serialize;

/// Power of the microwave in the comparison: 1,000 W, a common full-power rating for
/// household microwaves (the podcast's figure).
pub const MICROWAVE_WATTS: f64 = 1000.0;

/// Energy to fully charge a smartphone: a 4,000 mAh battery at a nominal 3.85 V holds
/// 15.4 Wh (typical of 2020s phones, per manufacturers' battery specifications); charger
/// losses are left out, so this errs towards fewer charges.
pub const SMARTPHONE_CHARGE_WH: f64 = 15.4;

/// Energy to boil one litre of water in an electric kettle: heating 1 kg of water from
/// 15 °C to 100 °C takes 4.186 kJ/(kg·K) × 85 K = 356 kJ ≈ 98.8 Wh (specific heat capacity of
/// water); at the ~90 % efficiency of a kettle that is about 110 Wh.
pub const KETTLE_BOIL_WH: f64 = 110.0;

/// Energy an electric car uses per kilometre: about 0.18 kWh/km, the average real-world
/// consumption over the cars listed by EV Database (ev-database.org), charging losses
/// excluded.
pub const EV_WH_PER_KM: f64 = 180.0;

/// The four equivalents of an amount of energy.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Equivalents {
    pub microwave_seconds: f64,
    pub smartphone_charges: f64,
    pub kettle_boils: f64,
    pub ev_km: f64,
}

impl Equivalents {
    pub fn of(energy: Energy) -> Equivalents {
        let wh = energy.wh();
        Equivalents {
            microwave_seconds: energy.joules() / MICROWAVE_WATTS,
            smartphone_charges: wh / SMARTPHONE_CHARGE_WH,
            kettle_boils: wh / KETTLE_BOIL_WH,
            ev_km: wh / EV_WH_PER_KM,
        }
    }

    /// The comparison as a phrase, such as “a 1,000 W microwave running for 12 seconds”.
    pub fn microwave_sentence(&self, lang: Lang) -> String {
        let secs = self.microwave_seconds;
        let s = if secs >= 1.0 && (secs - secs.round()).abs() < 0.05 {
            format!("{secs:.0}")
        } else {
            format_number(secs, 2, lang)
        };
        match lang {
            Lang::En => format!("a 1,000 W microwave running for {s} seconds"),
            Lang::Nl => format!("een magnetron van 1000 W die {s} seconden draait"),
        }
    }
}

/// The podcast's figure: one chat interaction ≈ 3.3 Wh.
pub fn podcast_chat_interaction() -> Energy {
    Energy::from_joules(MICROWAVE_WATTS * 12.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_podcast_comparison_holds() {
        let e = podcast_chat_interaction();
        assert!((e.wh() - 3.333).abs() < 0.001);
        let eq = Equivalents::of(e);
        assert_eq!(eq.microwave_seconds, 12.0);
        assert_eq!(
            eq.microwave_sentence(Lang::En),
            "a 1,000 W microwave running for 12 seconds"
        );
        assert_eq!(
            eq.microwave_sentence(Lang::Nl),
            "een magnetron van 1000 W die 12 seconden draait"
        );
        let small = Equivalents::of(Energy::from_joules(250.0));
        assert_eq!(
            small.microwave_sentence(Lang::Nl),
            "een magnetron van 1000 W die 0,25 seconden draait"
        );
    }

    #[test]
    fn equivalents_scale_linearly() {
        let eq = Equivalents::of(Energy::from_kwh(1.0));
        assert_eq!(eq.microwave_seconds, 3600.0);
        assert!((eq.smartphone_charges - 64.935).abs() < 0.01);
        assert!((eq.kettle_boils - 9.09).abs() < 0.01);
        assert!((eq.ev_km - 5.556).abs() < 0.01);
    }
}
