//! Demo data from real published figures, with attribution: the hardware catalogue, the
//! models of the ML.ENERGY Leaderboard and the AI Energy Score, and both sources' published
//! measurements (AI Energy Score's 62, ML.ENERGY's 1,858 measured configurations on several
//! devices). Loading it twice changes nothing.

use anyhow::Context;
use energy_model::formats::{ai_energy_score, ml_energy};
use sqlx::PgPool;

const ML_ENERGY_INDEX: &str = include_str!("../data/published/ml-energy/index.json");
const AI_ENERGY_SCORE: &str = include_str!("../data/published/ai-energy-score/text_generation.csv");
/// ML.ENERGY's model files, bundled by `scripts/bundle-ml-energy` (a test keeps the bundle
/// equal to `data/published/ml-energy/models/`).
const ML_ENERGY_MODELS: &[u8] = include_bytes!("../data/published/ml-energy/models.bundle.json.gz");

/// The ML.ENERGY model files compiled in, as (file name, text), by name.
pub fn ml_energy_models_bundled() -> anyhow::Result<Vec<(String, String)>> {
    use std::io::Read;
    let mut json = String::new();
    flate2::read::GzDecoder::new(ML_ENERGY_MODELS)
        .read_to_string(&mut json)
        .context("the ML.ENERGY bundle")?;
    let files: std::collections::BTreeMap<String, String> =
        serde_json::from_str(&json).context("the ML.ENERGY bundle")?;
    Ok(files.into_iter().collect())
}

/// How many rows the seed inserted or changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Seeded {
    pub hardware: u64,
    pub models: u64,
    pub sources: u64,
    /// Published measurements added (AI Energy Score).
    pub measurements: u64,
}

/// The catalogues and the published measurements.
pub async fn seed(db: &PgPool) -> anyhow::Result<Seeded> {
    let mut seeded = seed_catalogues(db).await?;
    // The published AI Energy Score figures as measurements, so the site has data to show.
    seeded.measurements = crate::features::measurements::import::ai_energy_score(
        db,
        AI_ENERGY_SCORE,
        energy_model::Task::TextGeneration,
    )
    .await?
    .added;
    // And ML.ENERGY's measured configurations: several devices, real spread.
    seeded.measurements += crate::features::measurements::import::ml_energy_texts(
        db,
        ML_ENERGY_INDEX,
        &ml_energy_models_bundled()?,
    )
    .await?
    .added;
    Ok(seeded)
}

/// Hardware, models and sources only.
pub async fn seed_catalogues(db: &PgPool) -> anyhow::Result<Seeded> {
    let hardware = crate::store::catalogue::sync_hardware(db).await?;
    let mut tx = db.begin().await?;
    let (ml_sources, ml_models) = ml_energy_models(&mut tx).await?;
    let (aies_sources, aies_models) = ai_energy_score_models(&mut tx).await?;
    let tables = table_sources(&mut tx).await?;
    tx.commit().await?;
    Ok(Seeded {
        hardware,
        models: ml_models + aies_models,
        sources: ml_sources + aies_sources + tables,
        ..Seeded::default()
    })
}

/// The ML.ENERGY Leaderboard and the models of its index: (sources, models) added or changed.
async fn ml_energy_models(tx: &mut sqlx::PgConnection) -> anyhow::Result<(u64, u64)> {
    let index = ml_energy::Index::parse(ML_ENERGY_INDEX).context("ML.ENERGY index")?;
    let ml = crate::store::catalogue::PublishedSource::ml_energy(&index.last_updated);
    let sources = ml.upsert(&mut *tx).await?;
    let mut models = 0;
    for (id, info) in &index.models {
        let name = info.nickname.clone().unwrap_or_else(|| id.clone());
        models += crate::store::catalogue::upsert_model(
            &mut *tx,
            id,
            &name,
            info.total_params_billions,
            info.activated_params_billions,
            ml.slug,
        )
        .await?;
    }
    Ok((sources, models))
}

/// The AI Energy Score and the models it rates: (sources, models) added or changed.
async fn ai_energy_score_models(tx: &mut sqlx::PgConnection) -> anyhow::Result<(u64, u64)> {
    let aies = crate::store::catalogue::PublishedSource::ai_energy_score();
    let sources = aies.upsert(&mut *tx).await?;
    let refs = ai_energy_score::parse(AI_ENERGY_SCORE, energy_model::Task::TextGeneration)
        .context("AI Energy Score file")?;
    let mut models = 0;
    for r in &refs {
        let name = r.model_id.rsplit('/').next().unwrap_or(&r.model_id);
        models += crate::store::catalogue::upsert_model(
            &mut *tx,
            &r.model_id,
            name,
            None,
            None,
            aies.slug,
        )
        .await?;
    }
    Ok((sources, models))
}

/// The tables energy-model compiles in (hardware TDP, grids, PUE), as cited sources.
async fn table_sources(tx: &mut sqlx::PgConnection) -> anyhow::Result<u64> {
    let mut sources = 0;
    for (slug, name, edition, url, citation, licence) in [
        (
            "mlco2-impact",
            "mlco2/impact GPU table",
            "d0d3ee5",
            "https://github.com/mlco2/impact",
            "Lacoste et al., Quantifying the Carbon Emissions of Machine Learning (2019); data/gpus.csv",
            "MIT",
        ),
        (
            "green-algorithms",
            "Green Algorithms",
            "30df2fe",
            "https://www.green-algorithms.org/",
            "Lannelongue, Grealey and Inouye, Green Algorithms: Quantifying the Carbon Footprint of Computation, Advanced Science (2021); TDP, carbon intensity and PUE tables",
            "CC BY 4.0",
        ),
    ] {
        sources += crate::store::catalogue::PublishedSource {
            slug,
            name,
            edition: edition.into(),
            url,
            citation: citation.into(),
            licence,
        }
        .upsert(&mut *tx)
        .await?;
    }

    Ok(sources)
}

#[cfg(test)]
mod tests {
    /// The compiled-in bundle is the folder's files, each unchanged.
    #[test]
    fn the_ml_energy_bundle_matches_the_published_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/published/ml-energy/models");
        let mut folder: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("folder")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .map(|p| {
                let name = p
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                (name, std::fs::read_to_string(&p).expect("readable"))
            })
            .collect();
        folder.sort();
        let bundled = super::ml_energy_models_bundled().expect("bundle");
        assert_eq!(bundled.len(), folder.len(), "run scripts/bundle-ml-energy");
        assert!(
            bundled == folder,
            "the bundle is stale: run scripts/bundle-ml-energy"
        );
    }
}
