//! A measurement row: its columns derived once from what was validated, and the ways they
//! reach the table — insert, the edit of a pending measurement, a researcher's restatement,
//! and `COPY` — all from one column list in one order.

use super::measurement::{NewMeasurement, Origin, Status};
use crate::store::catalogue::REGIONS;
use crate::store::states::{Source, Tier};
use energy_model::submission::Details;
use energy_model::{CarbonIntensity, Task};
use sqlx::Postgres;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use std::sync::LazyLock;
use time::Date;
use uuid::Uuid;

/// The world average grid, for measurements that name no region.
fn world_intensity() -> CarbonIntensity {
    REGIONS
        .world()
        .map(|r| r.intensity)
        .unwrap_or(CarbonIntensity::from_grams_per_kwh(475.0))
}

/// Every stored column of a measurement, derived once from what was validated.
pub(super) struct Values {
    // What an edit may change.
    pub(super) model_id: i64,
    pub(super) task: Task,
    hardware_slug: String,
    device_count: i32,
    energy_j: f64,
    duration_s: Option<f64>,
    queries: Option<i64>,
    output_tokens: Option<i64>,
    batch_size: Option<i32>,
    precision: Option<&'static str>,
    optimisations: Vec<&'static str>,
    method: &'static str,
    region_code: Option<String>,
    pue: Option<f64>,
    grid_intensity: f64,
    measured_on: Date,
    notes: Option<String>,
    source_url: Option<String>,
    raw: serde_json::Value,
    wh_per_1000_queries: Option<f64>,
    j_per_output_token: Option<f64>,
    kwh_per_run: Option<f64>,
    co2e_g: f64,
    flags: serde_json::Value,
    flag_count: i32,
    pub(super) status: Status,
    // Where it came from: set when it is stored, never edited.
    submitter_id: Option<Uuid>,
    pub(super) source: Source,
    tier: Tier,
    source_slug: Option<String>,
    citation: Option<String>,
    run_id: Option<String>,
    upload_id: Option<Uuid>,
    external_key: Option<String>,
    details: serde_json::Value,
}

/// The columns of [`Values`], in their order: first what an edit may change, then the origin.
const CONTENT: [&str; 26] = [
    "model_id",
    "task",
    "hardware_slug",
    "device_count",
    "energy_j",
    "duration_s",
    "queries",
    "output_tokens",
    "batch_size",
    "precision",
    "optimisations",
    "method",
    "region_code",
    "pue",
    "grid_intensity",
    "measured_on",
    "notes",
    "source_url",
    "raw",
    "wh_per_1000_queries",
    "j_per_output_token",
    "kwh_per_run",
    "co2e_g",
    "flags",
    "flag_count",
    "status",
];
const ORIGIN: [&str; 9] = [
    "submitter_id",
    "source",
    "source_slug",
    "citation",
    "run_id",
    "upload_id",
    "external_key",
    "details",
    "tier",
];

fn all_columns() -> String {
    CONTENT
        .iter()
        .chain(ORIGIN.iter())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The placeholder of a column in [`CONTENT`] then [`ORIGIN`] order.
fn placeholder(column: &str) -> String {
    let i = CONTENT
        .iter()
        .chain(ORIGIN.iter())
        .position(|c| *c == column);
    format!("${}", i.expect("a column of the list") + 1)
}

/// A new measurement in one statement: a community measurement of a model nobody approved
/// yet waits for a researcher however clean it is (until the model is approved nobody has
/// looked at it, and verifying the measurement approves the model, see moderation); a
/// verified one marks its board. Returns its id and status; nothing when its run id or
/// external key was stored before.
pub(super) static INSERT: LazyLock<String> = LazyLock::new(|| {
    let (status, source, model) = (
        placeholder("status"),
        placeholder("source"),
        placeholder("model_id"),
    );
    let values = CONTENT
        .iter()
        .chain(ORIGIN.iter())
        .map(|c| match *c {
            "status" => format!(
                "case when {status} = 'verified' and {source} <> 'published'
                       and exists (select 1 from ai_models where id = {model} and status = 'pending')
                      then 'pending' else {status} end"
            ),
            c => placeholder(c),
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "with new as (insert into measurements ({}) select {values}
                      on conflict do nothing returning id, status, task, model_id),
              marked as (insert into board_changes (task, model_id)
                         select task, model_id from new where status = 'verified')
         select id, status from new",
        all_columns(),
    )
});

/// Only a pending measurement, only by its submitter.
pub(super) static REPLACE: LazyLock<String> = LazyLock::new(|| {
    let n = CONTENT.len();
    format!(
        "update measurements set ({}) = ({}), updated_at = now()
          where id = ${} and submitter_id = ${} and status = 'pending'",
        CONTENT.join(", "),
        placeholders(1, n),
        n + 1,
        n + 2
    )
});

/// A pending measurement restated by a researcher (its device mapped), whoever submitted it.
pub(super) static RESTATE: LazyLock<String> = LazyLock::new(|| {
    let n = CONTENT.len();
    format!(
        "update measurements set ({}) = ({}), updated_at = now()
          where id = ${} and status = 'pending'",
        CONTENT.join(", "),
        placeholders(1, n),
        n + 1
    )
});

pub(super) static COPY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "copy measurements ({}) from stdin (format csv)",
        all_columns()
    )
});

impl Values {
    /// (One line per column, in the order of [`CONTENT`] and [`ORIGIN`]: long as the list.)
    pub(super) fn of(m: &NewMeasurement<'_>) -> Values {
        let v = m.valid;
        let world = world_intensity();
        let normalised = v.normalised();
        let (submitter_id, source, source_slug, citation, external_key) = match m.origin {
            Origin::Community { submitter } => {
                (Some(submitter), Source::Community, None, None, None)
            }
            Origin::Published {
                source_slug,
                citation,
                external_key,
            } => (
                None,
                Source::Published,
                Some(source_slug.to_string()),
                Some(citation.to_string()),
                Some(external_key.to_string()),
            ),
        };
        Values {
            model_id: m.model_id,
            task: v.task,
            hardware_slug: v.device.slug.clone(),
            device_count: v.device_count as i32,
            energy_j: v.energy.joules(),
            duration_s: v.duration.map(|d| d.seconds()),
            queries: v.queries.map(|q| q as i64),
            output_tokens: v.output_tokens.map(|t| t as i64),
            batch_size: v.batch_size.map(|b| b as i32),
            precision: v.precision.map(|p| p.slug()),
            optimisations: v.optimisations.iter().map(|o| o.slug()).collect(),
            method: v.method.slug(),
            region_code: v.region.as_ref().map(|r| r.code.clone()),
            pue: v.pue,
            grid_intensity: v.intensity(world).grams_per_kwh(),
            measured_on: v.measured_on,
            notes: m.notes.map(str::to_string),
            source_url: m.source_url.map(str::to_string),
            raw: serde_json::to_value(m.raw).unwrap_or_default(),
            wh_per_1000_queries: normalised.wh_per_1000_queries,
            j_per_output_token: normalised.j_per_output_token,
            kwh_per_run: normalised.kwh_per_run,
            co2e_g: v.carbon(world).grams(),
            flags: serde_json::Value::Array(
                v.flags
                    .iter()
                    .map(|p| serde_json::json!({"field": p.field.name(), "code": p.code()}))
                    .collect(),
            ),
            flag_count: v.flags.len() as i32,
            status: Status::initial(v, &m.origin),
            submitter_id,
            source,
            source_slug,
            citation,
            run_id: m.run_id.map(str::to_string),
            upload_id: m.upload_id,
            external_key,
            details: m
                .details
                .map(Details::to_json)
                .unwrap_or_else(|| serde_json::json!({})),
            tier: match source {
                Source::Published => Tier::Published,
                Source::Community => Tier::SelfReported,
            },
        }
    }

    /// Binds the [`CONTENT`] columns, in order.
    pub(super) fn bind_content<'q>(
        &self,
        q: Query<'q, Postgres, PgArguments>,
    ) -> Query<'q, Postgres, PgArguments> {
        q.bind(self.model_id)
            .bind(self.task.slug())
            .bind(self.hardware_slug.clone())
            .bind(self.device_count)
            .bind(self.energy_j)
            .bind(self.duration_s)
            .bind(self.queries)
            .bind(self.output_tokens)
            .bind(self.batch_size)
            .bind(self.precision)
            .bind(self.optimisations.clone())
            .bind(self.method)
            .bind(self.region_code.clone())
            .bind(self.pue)
            .bind(self.grid_intensity)
            .bind(self.measured_on)
            .bind(self.notes.clone())
            .bind(self.source_url.clone())
            .bind(self.raw.clone())
            .bind(self.wh_per_1000_queries)
            .bind(self.j_per_output_token)
            .bind(self.kwh_per_run)
            .bind(self.co2e_g)
            .bind(self.flags.clone())
            .bind(self.flag_count)
            .bind(self.status)
    }

    /// Binds the [`ORIGIN`] columns, in order.
    pub(super) fn bind_origin<'q>(
        &self,
        q: Query<'q, Postgres, PgArguments>,
    ) -> Query<'q, Postgres, PgArguments> {
        q.bind(self.submitter_id)
            .bind(self.source)
            .bind(self.source_slug.clone())
            .bind(self.citation.clone())
            .bind(self.run_id.clone())
            .bind(self.upload_id)
            .bind(self.external_key.clone())
            .bind(self.details.clone())
            .bind(self.tier)
    }

    /// One CSV line for `COPY … (format csv)`, the columns in the same order (one line per
    /// column, so the order can be read against [`CONTENT`] and [`ORIGIN`]).
    pub(super) fn write_csv(&self, out: &mut String) {
        use std::fmt::Write;
        let f = |out: &mut String, v: Option<f64>| {
            if let Some(v) = v {
                let _ = write!(out, "{v}");
            }
            out.push(',');
        };
        let i = |out: &mut String, v: Option<i64>| {
            if let Some(v) = v {
                let _ = write!(out, "{v}");
            }
            out.push(',');
        };
        let s = |out: &mut String, v: Option<&str>| {
            if let Some(v) = v {
                quote(out, v);
            }
            out.push(',');
        };
        i(out, Some(self.model_id));
        s(out, Some(self.task.slug()));
        s(out, Some(&self.hardware_slug));
        i(out, Some(i64::from(self.device_count)));
        f(out, Some(self.energy_j));
        f(out, self.duration_s);
        i(out, self.queries);
        i(out, self.output_tokens);
        i(out, self.batch_size.map(i64::from));
        s(out, self.precision);
        let array = format!(
            "{{{}}}",
            self.optimisations
                .iter()
                .map(|o| format!("\"{o}\""))
                .collect::<Vec<_>>()
                .join(",")
        );
        s(out, Some(&array));
        s(out, Some(self.method));
        s(out, self.region_code.as_deref());
        f(out, self.pue);
        f(out, Some(self.grid_intensity));
        s(out, Some(&self.measured_on.to_string()));
        s(out, self.notes.as_deref());
        s(out, self.source_url.as_deref());
        s(out, Some(&self.raw.to_string()));
        f(out, self.wh_per_1000_queries);
        f(out, self.j_per_output_token);
        f(out, self.kwh_per_run);
        f(out, Some(self.co2e_g));
        s(out, Some(&self.flags.to_string()));
        i(out, Some(i64::from(self.flag_count)));
        s(out, Some(self.status.slug()));
        s(out, self.submitter_id.map(|u| u.to_string()).as_deref());
        s(out, Some(self.source.slug()));
        s(out, self.source_slug.as_deref());
        s(out, self.citation.as_deref());
        s(out, self.run_id.as_deref());
        s(out, self.upload_id.map(|u| u.to_string()).as_deref());
        s(out, self.external_key.as_deref());
        s(out, Some(&self.details.to_string()));
        s(out, Some(self.tier.slug()));
        out.pop(); // the last comma
        out.push('\n');
    }
}

/// A CSV field in quotes (so an empty text is not NULL), quotes doubled.
fn quote(out: &mut String, v: &str) {
    out.push('"');
    for c in v.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
}
