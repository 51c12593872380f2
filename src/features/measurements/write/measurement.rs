//! What a measurement is to the writer: how far it got (`Status`), who it comes from
//! (`Origin`), and a validated measurement ready to store.

use energy_model::RawMeasurement;
use energy_model::submission::Details;
use energy_model::validation::ValidMeasurement;
use uuid::Uuid;

pub use crate::store::states::Status;

impl Status {
    /// Published benchmarks and clean measurements count at once; flagged ones wait.
    pub fn initial(valid: &ValidMeasurement, origin: &Origin<'_>) -> Status {
        if matches!(origin, Origin::Published { .. }) || valid.flags.is_empty() {
            Status::Verified
        } else {
            Status::Pending
        }
    }
}

/// Who a measurement comes from.
#[derive(Clone, Copy, Debug)]
pub enum Origin<'a> {
    Community {
        submitter: Uuid,
    },
    /// A published benchmark: its source, citation and a stable key per configuration, so
    /// importing it again stores nothing.
    Published {
        source_slug: &'a str,
        citation: &'a str,
        external_key: &'a str,
    },
}

/// A validated measurement ready to store.
pub struct NewMeasurement<'a> {
    pub valid: &'a ValidMeasurement,
    pub raw: &'a RawMeasurement,
    pub model_id: i64,
    pub origin: Origin<'a>,
    pub notes: Option<&'a str>,
    pub source_url: Option<&'a str>,
    /// CodeCarbon's run id: a run is stored once.
    pub run_id: Option<&'a str>,
    pub upload_id: Option<Uuid>,
    /// What the measuring tool reported beside the totals (tool, version, tracking mode,
    /// energy by part, water); `None` stores `{}`.
    pub details: Option<&'a Details>,
}
