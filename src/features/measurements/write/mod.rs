//! The one way measurements are written. Every way in — the form and its edits, the API, the
//! CodeCarbon upload, published imports, moderation and withdrawal — opens a [`Writer`], which
//! stores rows with one column list (insert, edit and the bulk `COPY` alike), records their
//! history, and before it commits refreshes every board it touched, once.

mod measurement;
mod row;

pub use measurement::{NewMeasurement, Origin, Status};
use row::{COPY, INSERT, REPLACE, RESTATE, Values};

use crate::store::boards;
use crate::store::catalogue::{self, ModelRef};
use crate::store::states::Source;
use anyhow::Context;
use energy_model::submission::Details;
use energy_model::validation::ValidMeasurement;
use energy_model::{RawMeasurement, Task};
use sqlx::{PgConnection, PgPool, Postgres, Row, Transaction};
use std::collections::BTreeSet;
use uuid::Uuid;

/// One measurement of a bulk import, owning its parts.
pub struct BulkRow {
    pub valid: ValidMeasurement,
    pub raw: RawMeasurement,
    pub run_id: Option<String>,
    pub details: Details,
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
    /// The tool's version and how it measured, when the submitter said.
    pub details: Option<&'a Details>,
}

/// A transaction that writes measurements and refreshes the boards it touched on commit.
pub struct Writer {
    tx: Transaction<'static, Postgres>,
    /// Boards to mark on commit.
    touched: BTreeSet<(Task, i64)>,
    /// Whether a board was marked (by a statement, or on commit).
    marked: bool,
}

impl Writer {
    pub async fn begin(db: &PgPool) -> sqlx::Result<Writer> {
        Ok(Writer {
            tx: db.begin().await?,
            touched: BTreeSet::new(),
            marked: false,
        })
    }

    /// The transaction, for what else belongs to the same change (a proposed model, an
    /// idempotency key, a mail).
    pub fn tx(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    /// Whether a model is only proposed: nobody approved it yet.
    async fn model_proposed(&mut self, model_id: i64) -> sqlx::Result<bool> {
        sqlx::query_scalar!(
            r#"select status = 'pending' as "pending!" from ai_models where id = $1"#,
            model_id
        )
        .fetch_one(&mut *self.tx)
        .await
    }

    /// A community measurement of a proposed model waits for a researcher however clean it
    /// is: until the model is approved nobody has looked at it, and verifying the
    /// measurement approves the model (see moderation).
    async fn hold_for_model(&mut self, values: &mut Values) -> sqlx::Result<()> {
        if values.status == Status::Verified
            && values.source != Source::Published
            && self.model_proposed(values.model_id).await?
        {
            values.status = Status::Pending;
        }
        Ok(())
    }

    fn touch(&mut self, values: &Values) {
        if values.status == Status::Verified {
            self.touched.insert((values.task, values.model_id));
        }
    }

    /// Stores a measurement (held for a proposed model, its board marked, in one statement);
    /// `None` when its run id or external key was stored before. Creation is recorded by the
    /// row itself; the history holds every change after.
    #[tracing::instrument(skip_all)]
    pub async fn insert(&mut self, m: &NewMeasurement<'_>) -> sqlx::Result<Option<(Uuid, Status)>> {
        let values = Values::of(m);
        let query = values.bind_origin(values.bind_content(sqlx::query(&INSERT)));
        let stored: Option<(Uuid, Status)> = match query.fetch_optional(&mut *self.tx).await? {
            Some(row) => Some((row.try_get("id")?, row.try_get("status")?)),
            None => None,
        };
        if let Some((_, status)) = stored {
            self.marked |= status == Status::Verified;
        }
        Ok(stored)
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
        let mut values = Values::of(m);
        self.hold_for_model(&mut values).await?;
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

    /// Restates a pending measurement of anyone (a researcher mapped its device): its values
    /// recomputed, its status as a new submission's would be, the change in its history.
    /// `None` when it is no longer pending.
    #[tracing::instrument(skip_all)]
    pub async fn restate(
        &mut self,
        id: Uuid,
        m: &NewMeasurement<'_>,
        actor: Uuid,
        note: &str,
    ) -> sqlx::Result<Option<Status>> {
        let mut values = Values::of(m);
        self.hold_for_model(&mut values).await?;
        let restated = values
            .bind_content(sqlx::query(&RESTATE))
            .bind(id)
            .execute(&mut *self.tx)
            .await?
            .rows_affected()
            == 1;
        if !restated {
            return Ok(None);
        }
        self.history(
            id,
            Some(actor),
            Some(Status::Pending),
            values.status,
            Some(note),
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
        let proposed = match shared.origin {
            Origin::Community { .. } => self.model_proposed(shared.model_id).await?,
            Origin::Published { .. } => false,
        };
        let mut copy = self.tx.copy_in_raw(&COPY).await?;
        let mut buffer = String::with_capacity(CHUNK * 800);
        let (mut sent, mut in_buffer) = (0u64, 0);
        let mut touched = BTreeSet::new();
        for row in rows {
            let mut values = Values::of(&NewMeasurement {
                valid: &row.valid,
                raw: &row.raw,
                model_id: shared.model_id,
                origin: shared.origin,
                notes: None,
                source_url: None,
                run_id: row.run_id.as_deref(),
                upload_id: shared.upload_id,
                details: Some(&row.details),
            });
            if proposed && values.status == Status::Verified {
                values.status = Status::Pending;
            }
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
            details: s.details,
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
            "update measurements set status = $3, reject_reason = $4, updated_at = now(),
                    tier = case when $3 = 'verified' and tier = 'self-reported' then 'verified'
                                else tier end
              where id = $1 and status = $2
              returning task, model_id",
            id,
            from as Status,
            to as Status,
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

    /// A moderator's decision on many measurements at once, in a few set-based statements
    /// (an upload's thousands of rows are one decision): `Verified` verifies the pending ones
    /// and certifies the self-reported ones; `Rejected` rejects the pending and the verified
    /// ones, with `reason`. Returns the ids that changed; the rest had moved on already.
    #[tracing::instrument(skip_all, fields(n = ids.len()))]
    pub async fn decide(
        &mut self,
        ids: &[Uuid],
        to: Status,
        actor: Uuid,
        reason: Option<&str>,
    ) -> sqlx::Result<Vec<Uuid>> {
        let changed = sqlx::query!(
            r#"with old as (
                 select id, status from measurements
                  where id = any($1)
                    and case when $2 = 'verified'
                             then status = 'pending' or (status = 'verified' and tier = 'self-reported')
                             else status in ('pending', 'verified') end
                  for update)
               update measurements m
                  set status = $2, updated_at = now(),
                      reject_reason = case when $2 = 'rejected' then $3 else m.reject_reason end,
                      tier = case when $2 = 'verified' and m.tier = 'self-reported' then 'verified'
                                  else m.tier end
                 from old where m.id = old.id
               returning m.id, old.status as "from_status!: Status", m.task, m.model_id"#,
            ids,
            to as Status,
            reason
        )
        .fetch_all(&mut *self.tx)
        .await?;
        let (changed_ids, from): (Vec<Uuid>, Vec<&str>) =
            changed.iter().map(|r| (r.id, r.from_status.slug())).unzip();
        sqlx::query!(
            "insert into measurement_history (measurement_id, actor_id, from_status, to_status, note)
             select id, $3, from_status, $4, $5 from unnest($1::uuid[], $2::text[]) as c (id, from_status)",
            &changed_ids,
            &from as &[&str],
            actor,
            to as Status,
            reason
        )
        .execute(&mut *self.tx)
        .await?;
        for r in &changed {
            if r.from_status == Status::Verified || to == Status::Verified {
                self.touched
                    .insert((boards::known_task(&r.task)?, r.model_id));
            }
        }
        Ok(changed_ids)
    }

    /// Moves every measurement of device `from` to device `into` (an admin merged them); the
    /// boards of the verified ones are refreshed on commit. Returns how many moved.
    #[tracing::instrument(skip_all)]
    pub async fn move_device(&mut self, from: &str, into: &str) -> sqlx::Result<u64> {
        let moved = sqlx::query!(
            r#"update measurements set hardware_slug = $2, updated_at = now()
              where hardware_slug = $1
              returning task, model_id, status as "status: Status""#,
            from,
            into
        )
        .fetch_all(&mut *self.tx)
        .await?;
        for r in &moved {
            if r.status == Status::Verified {
                self.touched
                    .insert((boards::known_task(&r.task)?, r.model_id));
            }
        }
        Ok(moved.len() as u64)
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
from as Option<Status>,
to as Status,
note)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Undoes everything written.
    pub async fn rollback(self) -> sqlx::Result<()> {
        self.tx.rollback().await
    }

    /// Marks each touched board once, refreshes the boards and commits.
    #[tracing::instrument(skip_all)]
    pub async fn commit(mut self) -> sqlx::Result<()> {
        for (task, model) in std::mem::take(&mut self.touched) {
            boards::mark(&mut self.tx, task, model).await?;
            self.marked = true;
        }
        boards::commit(self.tx, self.marked).await
    }
}
