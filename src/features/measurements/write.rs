//! The one way measurements are written. Every way in — the form and its edits, the API, the
//! CodeCarbon upload, published imports, moderation and withdrawal — opens a [`Writer`], which
//! stores rows with one column list (insert, edit and the bulk `COPY` alike), records their
//! history, and before it commits refreshes every board it touched, once.

use crate::store::boards;
use crate::store::catalogue::{self, ModelRef, REGIONS};
use anyhow::Context;
use energy_model::validation::ValidMeasurement;
use energy_model::{CarbonIntensity, RawMeasurement, Task};
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use std::collections::BTreeSet;
use std::sync::LazyLock;
use time::Date;
use uuid::Uuid;

/// How far a measurement got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Flagged: waits for a researcher (and may be edited or withdrawn by its submitter).
    Pending,
    /// Counts on the boards.
    Verified,
    Rejected,
    Withdrawn,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Verified => "verified",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Pending,
            Status::Verified,
            Status::Rejected,
            Status::Withdrawn,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

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
}

/// One measurement of a bulk import, owning its parts.
pub struct BulkRow {
    pub valid: ValidMeasurement,
    pub raw: RawMeasurement,
    pub run_id: Option<String>,
}

/// What every row of a bulk import shares.
pub struct Shared<'a> {
    pub model_id: i64,
    pub origin: Origin<'a>,
    pub upload_id: Option<Uuid>,
}

/// A checked submission by form or API.
pub struct Submission<'a> {
    pub raw: &'a RawMeasurement,
    pub valid: &'a ValidMeasurement,
    /// The catalogue's model; `None` proposes the typed name.
    pub model: Option<&'a ModelRef>,
    pub submitter: Uuid,
    pub notes: &'a str,
    pub source_url: &'a str,
}

/// The world average grid, for measurements that name no region.
pub fn world_intensity() -> CarbonIntensity {
    REGIONS
        .world()
        .map(|r| r.intensity)
        .unwrap_or(CarbonIntensity::from_grams_per_kwh(475.0))
}

/// Every stored column of a measurement, derived once from what was validated.
struct Values {
    // What an edit may change.
    model_id: i64,
    task: Task,
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
    status: Status,
    // Where it came from: set when it is stored, never edited.
    submitter_id: Option<Uuid>,
    source: &'static str,
    source_slug: Option<String>,
    citation: Option<String>,
    run_id: Option<String>,
    upload_id: Option<Uuid>,
    external_key: Option<String>,
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
const ORIGIN: [&str; 7] = [
    "submitter_id",
    "source",
    "source_slug",
    "citation",
    "run_id",
    "upload_id",
    "external_key",
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

static INSERT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "insert into measurements ({}) values ({}) on conflict do nothing returning id",
        all_columns(),
        placeholders(1, CONTENT.len() + ORIGIN.len())
    )
});

/// Only a pending measurement, only by its submitter.
static REPLACE: LazyLock<String> = LazyLock::new(|| {
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

static COPY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "copy measurements ({}) from stdin (format csv)",
        all_columns()
    )
});

impl Values {
    fn of(m: &NewMeasurement<'_>) -> Values {
        let v = m.valid;
        let world = world_intensity();
        let normalised = v.normalised();
        let (submitter_id, source, source_slug, citation, external_key) = match m.origin {
            Origin::Community { submitter } => (Some(submitter), "community", None, None, None),
            Origin::Published {
                source_slug,
                citation,
                external_key,
            } => (
                None,
                "published",
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
        }
    }

    /// Binds the [`CONTENT`] columns, in order.
    fn bind_content<'q>(
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
            .bind(self.status.as_str())
    }

    /// Binds the [`ORIGIN`] columns, in order.
    fn bind_origin<'q>(
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
    }

    /// One CSV line for `COPY … (format csv)`, the columns in the same order.
    fn write_csv(&self, out: &mut String) {
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
        s(out, Some(self.status.as_str()));
        s(out, self.submitter_id.map(|u| u.to_string()).as_deref());
        s(out, Some(self.source));
        s(out, self.source_slug.as_deref());
        s(out, self.citation.as_deref());
        s(out, self.run_id.as_deref());
        s(out, self.upload_id.map(|u| u.to_string()).as_deref());
        s(out, self.external_key.as_deref());
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

/// A transaction that writes measurements and refreshes the boards it touched on commit.
pub struct Writer {
    tx: Transaction<'static, Postgres>,
    touched: BTreeSet<(Task, i64)>,
}

impl Writer {
    pub async fn begin(db: &PgPool) -> sqlx::Result<Writer> {
        Ok(Writer {
            tx: db.begin().await?,
            touched: BTreeSet::new(),
        })
    }

    /// The transaction, for what else belongs to the same change (a proposed model, an
    /// idempotency key, a mail).
    pub fn tx(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    fn touch(&mut self, values: &Values) {
        if values.status == Status::Verified {
            self.touched.insert((values.task, values.model_id));
        }
    }

    /// Stores a measurement; `None` when its run id or external key was stored before.
    #[tracing::instrument(skip_all)]
    pub async fn insert(&mut self, m: &NewMeasurement<'_>) -> sqlx::Result<Option<(Uuid, Status)>> {
        let values = Values::of(m);
        let query = values.bind_origin(values.bind_content(sqlx::query(&INSERT)));
        let id: Option<Uuid> = query
            .fetch_optional(&mut *self.tx)
            .await?
            .map(|row| sqlx::Row::get(&row, "id"));
        if id.is_some() {
            // Creation is recorded by the row itself; the history holds every change after.
            self.touch(&values);
        }
        Ok(id.map(|id| (id, values.status)))
    }

    /// Replaces a pending measurement of `submitter` with an edited version (verified at once
    /// when the edit leaves no flags). False when it is not theirs or no longer pending.
    #[tracing::instrument(skip_all)]
    pub async fn replace(
        &mut self,
        id: Uuid,
        submitter: Uuid,
        m: &NewMeasurement<'_>,
    ) -> sqlx::Result<Option<Status>> {
        let values = Values::of(m);
        let replaced = values
            .bind_content(sqlx::query(&REPLACE))
            .bind(id)
            .bind(submitter)
            .execute(&mut *self.tx)
            .await?
            .rows_affected()
            == 1;
        if !replaced {
            return Ok(None);
        }
        self.history(
            id,
            Some(submitter),
            Some(Status::Pending),
            values.status,
            None,
        )
        .await?;
        self.touch(&values);
        Ok(Some(values.status))
    }

    /// Stores many measurements with one `COPY`, encoding each as the database asks for
    /// more (so whatever produces `rows` — parsing, validating — overlaps with the write).
    /// Runs stored before must be left out by the caller. `progress` hears the number of rows
    /// sent so far.
    #[tracing::instrument(skip_all)]
    pub async fn copy_in<F, P>(
        &mut self,
        shared: &Shared<'_>,
        rows: impl Iterator<Item = BulkRow>,
        mut progress: P,
    ) -> sqlx::Result<u64>
    where
        P: FnMut(u64) -> F,
        F: std::future::Future<Output = ()>,
    {
        const CHUNK: usize = 2000;
        let mut copy = self.tx.copy_in_raw(&COPY).await?;
        let mut buffer = String::with_capacity(CHUNK * 800);
        let (mut sent, mut in_buffer) = (0u64, 0);
        let mut touched = BTreeSet::new();
        for row in rows {
            let values = Values::of(&NewMeasurement {
                valid: &row.valid,
                raw: &row.raw,
                model_id: shared.model_id,
                origin: shared.origin,
                notes: None,
                source_url: None,
                run_id: row.run_id.as_deref(),
                upload_id: shared.upload_id,
            });
            if values.status == Status::Verified {
                touched.insert((values.task, values.model_id));
            }
            values.write_csv(&mut buffer);
            in_buffer += 1;
            if in_buffer == CHUNK {
                copy.send(std::mem::take(&mut buffer).into_bytes()).await?;
                buffer.reserve(CHUNK * 800);
                sent += in_buffer as u64;
                in_buffer = 0;
                progress(sent).await;
            }
        }
        if in_buffer > 0 {
            copy.send(buffer.into_bytes()).await?;
            sent += in_buffer as u64;
        }
        let stored = copy.finish().await?;
        progress(sent).await;
        self.touched.extend(touched);
        Ok(stored)
    }

    /// Stores a checked community submission, or replaces the pending one being edited: the
    /// model is proposed now when the catalogue does not know it. `None` when the edited
    /// measurement is not the submitter's, or no longer pending.
    #[tracing::instrument(skip_all)]
    pub async fn submit(
        &mut self,
        s: &Submission<'_>,
        editing: Option<Uuid>,
    ) -> anyhow::Result<Option<(Uuid, Status)>> {
        let model = match s.model {
            Some(m) => m.id,
            None => {
                catalogue::propose_model(self.tx(), &s.raw.model)
                    .await?
                    .context("a proposed model's name has letters or digits (checked before)")?
                    .id
            }
        };
        let new = NewMeasurement {
            valid: s.valid,
            raw: s.raw,
            model_id: model,
            origin: Origin::Community {
                submitter: s.submitter,
            },
            notes: Some(s.notes.trim()).filter(|n| !n.is_empty()),
            source_url: Some(s.source_url.trim()).filter(|u| !u.is_empty()),
            run_id: None,
            upload_id: None,
        };
        Ok(match editing {
            Some(id) => self
                .replace(id, s.submitter, &new)
                .await?
                .map(|status| (id, status)),
            None => Some(
                self.insert(&new)
                    .await?
                    .context("a new measurement without run id or key never conflicts")?,
            ),
        })
    }

    /// Moves a measurement from `from` to `to`, recording who and why; false when it was not
    /// in `from` (someone else acted first, or it was never there).
    #[tracing::instrument(skip_all)]
    pub async fn transition(
        &mut self,
        id: Uuid,
        from: Status,
        to: Status,
        actor: Uuid,
        reason: Option<&str>,
    ) -> sqlx::Result<bool> {
        let moved = sqlx::query!(
            "update measurements set status = $3, reject_reason = $4, updated_at = now()
              where id = $1 and status = $2
              returning task, model_id",
            id,
            from.as_str(),
            to.as_str(),
            reason
        )
        .fetch_optional(&mut *self.tx)
        .await?
        .map(|r| (r.task, r.model_id));
        let Some((task, model)) = moved else {
            return Ok(false);
        };
        self.history(id, Some(actor), Some(from), to, reason)
            .await?;
        if from == Status::Verified || to == Status::Verified {
            self.touched.insert((boards::known_task(&task)?, model));
        }
        Ok(true)
    }

    async fn history(
        &mut self,
        id: Uuid,
        actor: Option<Uuid>,
        from: Option<Status>,
        to: Status,
        note: Option<&str>,
    ) -> sqlx::Result<()> {
        sqlx::query!(
"insert into measurement_history (measurement_id, actor_id, from_status, to_status, note)
             values ($1, $2, $3, $4, $5)",
id,
actor,
from.map(Status::as_str),
to.as_str(),
note)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Undoes everything written.
    pub async fn rollback(self) -> sqlx::Result<()> {
        self.tx.rollback().await
    }

    /// Refreshes each touched board once, commits, and tells this process's board cache.
    #[tracing::instrument(skip_all)]
    pub async fn commit(mut self) -> sqlx::Result<()> {
        for (task, model) in std::mem::take(&mut self.touched) {
            boards::refresh(&mut self.tx, task, model).await?;
        }
        boards::commit(self.tx).await
    }
}
