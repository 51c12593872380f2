//! What a board view is computed over: the source, devices, precision, optimisation, method,
//! dates and tier of its measurements, and whether lines pool devices.

use crate::store::states::Tier;
use energy_model::Catalogue;
use energy_model::hardware::{DeviceClass, DeviceKind};
use energy_model::validation::{Method, Optimisation, Precision};
use time::Date;

/// Where the measurements of a view come from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum SourceFilter {
    /// Community measurements and published benchmarks (labelled).
    #[default]
    All,
    Community,
    /// One published source, by its slug in `data_sources`.
    Published(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HardwareFilter {
    /// Every device: a line per model × device (pooled with `pool`).
    All,
    Kind(DeviceKind),
    /// A class of devices (data-centre, consumer, laptop, CPU): a line per model × device.
    Class(DeviceClass),
    Device(String),
}

/// The measurements a board is computed over.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    pub source: SourceFilter,
    pub hardware: Option<HardwareFilter>,
    pub precision: Option<Precision>,
    pub optimisation: Option<Optimisation>,
    pub method: Option<Method>,
    pub from: Option<Date>,
    pub until: Option<Date>,
    /// Only measurements checked at least this much.
    pub tier: Option<MinTier>,
    /// One line per model over every device chosen, instead of one per model × device.
    pub pool: bool,
}

/// The least checking a view's measurements must have had.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MinTier {
    /// Verified by a researcher, or published.
    Verified,
    /// Published benchmarks only.
    Published,
}

impl MinTier {
    pub const ALL: [MinTier; 2] = [MinTier::Verified, MinTier::Published];

    /// What a board's tier choice calls it (translation key).
    pub fn key(self) -> &'static str {
        match self {
            MinTier::Verified => "boards-tier-verified",
            MinTier::Published => "boards-tier-published",
        }
    }

    pub fn parse(slug: &str) -> Option<MinTier> {
        match slug {
            "verified" => Some(MinTier::Verified),
            "published" => Some(MinTier::Published),
            _ => None,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            MinTier::Verified => "verified",
            MinTier::Published => "published",
        }
    }

    /// The tiers that meet it.
    pub(super) fn tiers(self) -> &'static [Tier] {
        match self {
            MinTier::Verified => &[Tier::Verified, Tier::Published],
            MinTier::Published => &[Tier::Published],
        }
    }
}

impl Filters {
    /// Views the stored aggregates answer (any device, class or kind of devices: a line is a
    /// model on one device); every other one is computed from the task's verified
    /// measurements (through `measurements_board`) and then cached.
    pub fn aggregated(&self) -> bool {
        matches!(self.source, SourceFilter::All | SourceFilter::Community)
            && self.precision.is_none()
            && self.optimisation.is_none()
            && self.method.is_none()
            && self.from.is_none()
            && self.until.is_none()
            && self.tier.is_none()
            && !self.pool
    }

    /// The devices a hardware choice stands for (`None`: all).
    pub(super) fn devices(choice: &HardwareFilter, catalogue: &Catalogue) -> Option<Vec<String>> {
        Some(match choice {
            HardwareFilter::All => return None,
            HardwareFilter::Device(slug) => vec![slug.clone()],
            HardwareFilter::Kind(kind) => catalogue
                .devices()
                .iter()
                .filter(|d| d.kind == *kind)
                .map(|d| d.slug.clone())
                .collect(),
            HardwareFilter::Class(class) => catalogue
                .devices()
                .iter()
                .filter(|d| d.class() == *class)
                .map(|d| d.slug.clone())
                .collect(),
        })
    }
}
