//! Demo data from real published figures, with attribution: the hardware catalogue (mlco2
//! and Green Algorithms TDP tables), the models of the ML.ENERGY Leaderboard and the AI
//! Energy Score, and the AI Energy Score's published measurements. Loading it twice changes
//! nothing.

use anyhow::Context;
use energy_model::formats::{ai_energy_score, ml_energy, model_organisation, model_slug};
use sqlx::PgPool;

const ML_ENERGY_INDEX: &str = include_str!("../data/published/ml-energy/index.json");
const AI_ENERGY_SCORE: &str = include_str!("../data/published/ai-energy-score/text_generation.csv");

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
    seeded.measurements = crate::measurements::import::ai_energy_score(
        db,
        AI_ENERGY_SCORE,
        energy_model::Task::TextGeneration,
    )
    .await?
    .added;
    Ok(seeded)
}

/// Hardware, models and sources only.
pub async fn seed_catalogues(db: &PgPool) -> anyhow::Result<Seeded> {
    let mut tx = db.begin().await?;
    let mut seeded = Seeded {
        hardware: crate::catalogue::sync_hardware(db).await?,
        ..Seeded::default()
    };

    let index = ml_energy::Index::parse(ML_ENERGY_INDEX).context("ML.ENERGY index")?;
    let ml = Source::ml_energy(&index.last_updated);
    seeded.sources += ml.upsert(&mut tx).await?;
    for (id, info) in &index.models {
        let name = info.nickname.clone().unwrap_or_else(|| id.clone());
        seeded.models += upsert_model(
            &mut tx,
            id,
            &name,
            info.total_params_billions,
            info.activated_params_billions,
            ml.slug,
        )
        .await?;
    }

    let aies = Source::ai_energy_score();
    seeded.sources += aies.upsert(&mut tx).await?;
    let refs = ai_energy_score::parse(AI_ENERGY_SCORE, energy_model::Task::TextGeneration)
        .context("AI Energy Score file")?;
    for r in &refs {
        let name = r
            .model_id
            .rsplit('/')
            .next()
            .unwrap_or(&r.model_id)
            .to_string();
        seeded.models += upsert_model(&mut tx, &r.model_id, &name, None, None, aies.slug).await?;
    }

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
        seeded.sources += Source {
            slug,
            name,
            edition: edition.into(),
            url,
            citation: citation.into(),
            licence,
        }
        .upsert(&mut tx)
        .await?;
    }

    tx.commit().await?;
    Ok(seeded)
}

pub(crate) struct Source {
    pub slug: &'static str,
    pub name: &'static str,
    pub edition: String,
    pub url: &'static str,
    pub citation: String,
    pub licence: &'static str,
}

impl Source {
    /// The ML.ENERGY Leaderboard v3, data of `last_updated`.
    pub fn ml_energy(last_updated: &str) -> Source {
        Source {
            slug: "ml-energy-v3",
            name: "ML.ENERGY Leaderboard",
            edition: format!("v3 ({last_updated})"),
            url: ml_energy::URL,
            citation: format!(
                "Chung et al., The ML.ENERGY Benchmark, ML.ENERGY Leaderboard v3 (data of {last_updated}), {}",
                ml_energy::URL
            ),
            licence: "as published by the ML.ENERGY project",
        }
    }

    /// The Hugging Face AI Energy Score leaderboard.
    pub fn ai_energy_score() -> Source {
        Source {
            slug: "ai-energy-score",
            name: "AI Energy Score",
            edition: "Feb 25, Dec 25".into(),
            url: ai_energy_score::URL,
            citation: format!(
                "AI Energy Score leaderboard, Hugging Face, {}",
                ai_energy_score::URL
            ),
            licence: "as published by AI Energy Score",
        }
    }

    pub async fn upsert(&self, tx: &mut sqlx::PgConnection) -> anyhow::Result<u64> {
        Ok(sqlx::query(
            "insert into data_sources (slug, name, edition, url, citation, licence)
             values ($1, $2, $3, $4, $5, $6)
             on conflict (slug) do update
                set name = excluded.name, edition = excluded.edition, url = excluded.url,
                    citation = excluded.citation, licence = excluded.licence
              where (data_sources.name, data_sources.edition, data_sources.url,
                     data_sources.citation, data_sources.licence)
                    is distinct from
                    (excluded.name, excluded.edition, excluded.url, excluded.citation,
                     excluded.licence)",
        )
        .bind(self.slug)
        .bind(self.name)
        .bind(&self.edition)
        .bind(self.url)
        .bind(&self.citation)
        .bind(self.licence)
        .execute(tx)
        .await?
        .rows_affected())
    }
}

/// Adds a model (or the new names and facts of a known one) and links it to its source.
pub(crate) async fn upsert_model(
    tx: &mut sqlx::PgConnection,
    id: &str,
    name: &str,
    total: Option<f64>,
    active: Option<f64>,
    source: &str,
) -> anyhow::Result<u64> {
    let slug = model_slug(id);
    let mut aliases: Vec<String> = vec![energy_model::formats::slugify(id), model_slug(name)];
    aliases.retain(|a| !a.is_empty() && *a != slug);
    aliases.sort();
    aliases.dedup();
    let (model_id, changed): (i64, bool) = sqlx::query_as(
        "insert into ai_models (slug, name, organisation, total_params_billions,
                                active_params_billions, alias_slugs)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (slug) do update
            set total_params_billions = coalesce(ai_models.total_params_billions, excluded.total_params_billions),
                active_params_billions = coalesce(ai_models.active_params_billions, excluded.active_params_billions),
                organisation = coalesce(ai_models.organisation, excluded.organisation),
                alias_slugs = array(select distinct unnest(ai_models.alias_slugs || excluded.alias_slugs) order by 1)
         returning id, (xmax = 0)",
    )
    .bind(&slug)
    .bind(name)
    .bind(model_organisation(id))
    .bind(total)
    .bind(active)
    .bind(&aliases)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "insert into ai_model_sources (model_id, source_slug) values ($1, $2)
         on conflict do nothing",
    )
    .bind(model_id)
    .bind(source)
    .execute(&mut *tx)
    .await?;
    Ok(u64::from(changed))
}
