//! Published benchmarks as measurements of source "published", with their citation:
//! `greenai import ai-energy-score FILE` and `greenai import ml-energy DIR`. Each
//! configuration has a stable key, so importing again changes nothing.

use super::rules::context;
use super::write::{NewMeasurement, Origin, Writer};
use crate::store::catalogue::{PublishedSource, upsert_model};
use anyhow::Context;
use energy_model::Task;
use energy_model::formats::{Reference, ai_energy_score, ml_energy};
use energy_model::validation::validate;
use sqlx::PgPool;
use std::path::Path;

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub added: u64,
    pub unchanged: u64,
    /// Configurations that did not validate, with the reason.
    pub rejected: Vec<String>,
}

async fn store_references(
    db: &PgPool,
    source: &PublishedSource,
    refs: &[Reference],
) -> anyhow::Result<Imported> {
    let mut out = Imported::default();
    let mut writer = Writer::begin(db).await?;
    source.upsert(writer.tx()).await?;
    // Read from this database: an import may run beside servers, or with none.
    let hardware = crate::store::catalogue::Hardware::load(db).await?.now();
    let ctx = context(&hardware, true);
    for r in refs {
        let raw = r.to_raw();
        let valid = match validate(&raw, &ctx) {
            Ok(v) => v,
            Err(problems) => {
                let why: Vec<String> = problems
                    .iter()
                    .map(|p| format!("{}: {}", p.field.name(), p.code()))
                    .collect();
                let what = format!("{} ({})", r.model_id, r.configuration);
                out.rejected.push(format!("{what}: {}", why.join(", ")));
                continue;
            }
        };
        let model = model_of(&mut writer, source, r).await?;
        let key = format!(
            "{}:{}:{}:{}:{}",
            source.slug,
            r.model_id,
            r.task.slug(),
            r.configuration,
            r.provenance.edition
        );
        let new = NewMeasurement {
            valid: &valid,
            raw: &raw,
            model_id: model,
            origin: Origin::Published {
                source_slug: source.slug,
                citation: &r.provenance.citation,
                external_key: &key,
            },
            notes: None,
            source_url: Some(&r.provenance.url),
            run_id: None,
            upload_id: None,
            details: None,
        };
        match writer.insert(&new).await? {
            Some(_) => out.added += 1,
            None => out.unchanged += 1,
        }
    }
    // Each board once, after the whole batch.
    writer.commit().await?;
    Ok(out)
}

/// The catalogue's model of a reference, added (or given the new names and facts the
/// source states) first.
async fn model_of(
    writer: &mut Writer,
    source: &PublishedSource,
    r: &Reference,
) -> anyhow::Result<i64> {
    let short = r.model_id.rsplit('/').next().unwrap_or(&r.model_id);
    let name = r.model_name.as_deref().unwrap_or(short);
    upsert_model(
        writer.tx(),
        &r.model_id,
        name,
        r.total_params_billions,
        r.active_params_billions,
        source.slug,
    )
    .await?;
    let model = crate::store::catalogue::find_model(writer.tx(), &r.model_id)
        .await?
        .context("the model just added is not found")?;
    if let Some(class) = r.size_class.filter(|c| matches!(c, 'A' | 'B' | 'C')) {
        crate::store::catalogue::set_size_class(writer.tx(), model.id, class).await?;
    }
    Ok(model.id)
}

/// The AI Energy Score CSV of one task.
pub async fn ai_energy_score(db: &PgPool, text: &str, task: Task) -> anyhow::Result<Imported> {
    let refs = ai_energy_score::parse(text, task).map_err(|e| anyhow::anyhow!("{e}"))?;
    let source = PublishedSource::ai_energy_score();
    store_references(db, &source, &refs).await
}

/// The ML.ENERGY data folder: `index.json` and `models/*.json`.
pub async fn ml_energy(db: &PgPool, dir: &Path) -> anyhow::Result<Imported> {
    let index_text = std::fs::read_to_string(dir.join("index.json"))
        .with_context(|| format!("{} has no index.json", dir.display()))?;
    let mut files: Vec<_> = std::fs::read_dir(dir.join("models"))
        .with_context(|| format!("{} has no models folder", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut models = Vec::with_capacity(files.len());
    for path in files {
        models.push((path.display().to_string(), std::fs::read_to_string(&path)?));
    }
    ml_energy_texts(db, &index_text, &models).await
}

/// ML.ENERGY's index and model files as texts, as (name, text): what [`ml_energy`] reads
/// from a folder and the demo seed compiles in.
pub async fn ml_energy_texts(
    db: &PgPool,
    index_text: &str,
    models: &[(String, String)],
) -> anyhow::Result<Imported> {
    let index =
        ml_energy::Index::parse(index_text).map_err(|e| anyhow::anyhow!("index.json: {e}"))?;
    let mut refs = Vec::new();
    for (name, text) in models {
        refs.extend(
            ml_energy::parse_model(text, &index).map_err(|e| anyhow::anyhow!("{name}: {e}"))?,
        );
    }
    let source = PublishedSource::ml_energy(&index.last_updated);
    store_references(db, &source, &refs).await
}
