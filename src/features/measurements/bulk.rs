//! The CodeCarbon import behind the upload and `greenai import codecarbon`: every row of an
//! `emissions.csv` (≤ 100,000) validated as the uploader's choices make it a measurement —
//! for the preview all at once, for the import row by row while `COPY` stores the rows
//! validated before (one transaction, all or nothing; runs stored before are skipped).

use super::rules::context;
use super::write::{BulkRow, Origin, Shared, Writer};
use crate::store::catalogue::{self, ModelRef};
use crate::web::i18n::{Lang, t, tf};
use energy_model::Catalogue;
use energy_model::RawMeasurement;
use energy_model::formats::codecarbon;
use energy_model::validation::{ValidMeasurement, validate};
use sqlx::PgPool;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use uuid::Uuid;

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_ROWS: usize = 100_000;

/// One accepted row: the measurement, what it was made of, and its run id.
pub type Accepted = (ValidMeasurement, RawMeasurement, Option<String>);

/// A parsed, validated file.
pub struct Prepared {
    pub accepted: Vec<Accepted>,
    /// Messages about rejected rows, in the uploader's language (a row may have several).
    pub rejected: Vec<String>,
    /// Rows refused, each once however many of its cells are wrong.
    pub rejected_rows: usize,
    /// Rows that repeated an earlier row's run (append mode), folded into it.
    pub repeated: usize,
    /// Every row of the file.
    pub rows: usize,
}

/// Validates the rows of a parsed file one by one; rows of one file share their hardware, so
/// each spelling is resolved once.
struct RowValidator<'a> {
    model: &'a str,
    task: &'a str,
    queries: &'a str,
    lang: Lang,
    catalogue: Arc<Catalogue>,
    hardware: HashMap<String, Option<String>>,
}

impl RowValidator<'_> {
    fn check(&mut self, row: &codecarbon::Row) -> Result<Accepted, String> {
        let mut raw = row.to_raw(self.model, self.task, self.queries);
        let typed = raw.hardware.clone();
        let slug = self
            .hardware
            .entry(typed.clone())
            .or_insert_with(|| {
                self.catalogue
                    .resolve(&typed)
                    .map(|found| found.device.slug.clone())
            })
            .clone();
        if let Some(slug) = slug {
            // The count written in the name ("4 x A100") goes with it.
            if let (Some(n), true) = (
                energy_model::hardware::split_count(&typed).0,
                raw.device_count.is_empty(),
            ) {
                raw.device_count = n.to_string();
            }
            raw.hardware = slug;
        }
        let result = validate(&raw, &context(&self.catalogue, false));
        raw.hardware = typed;
        match result {
            Ok(v) => Ok((v, raw, row.run_id.clone())),
            Err(problems) => {
                let first = problems
                    .iter()
                    .find(|p| p.severity() == energy_model::Severity::Error)
                    .map(|p| format!("{}: {}", p.field.name(), p.message(self.lang)))
                    .unwrap_or_default();
                Err(tf(
                    self.lang,
                    "upload-row-rejected",
                    &[("line", &row.line.to_string()), ("why", &first)],
                ))
            }
        }
    }
}

/// What the uploader chose for a file: the file names neither model nor task.
pub struct Choice<'a> {
    pub model: &'a str,
    pub task: &'a str,
    pub queries: &'a str,
    /// Add the model to the catalogue (pending) when unknown.
    pub propose: bool,
    /// The hardware catalogue the rows' devices are resolved in.
    pub catalogue: Arc<Catalogue>,
}

impl<'a> Choice<'a> {
    fn validator(&self, lang: Lang) -> RowValidator<'a> {
        RowValidator {
            model: self.model,
            task: self.task,
            queries: self.queries,
            lang,
            catalogue: self.catalogue.clone(),
            hardware: HashMap::new(),
        }
    }
}

/// Parses and validates every row (the preview).
pub fn prepare(bytes: &[u8], choice: &Choice<'_>, lang: Lang) -> Result<Prepared, String> {
    let file = energy_model::formats::runs(bytes, MAX_ROWS).map_err(|e| e.message(lang))?;
    let mut validator = choice.validator(lang);
    let mut rejected: Vec<String> = file.rejected.iter().map(|e| e.message(lang)).collect();
    let mut rejected_rows = file.rejected_lines().len();
    let mut accepted = Vec::with_capacity(file.rows.len());
    for row in &file.rows {
        match validator.check(row) {
            Ok(a) => accepted.push(a),
            Err(message) => {
                rejected.push(message);
                rejected_rows += 1;
            }
        }
    }
    Ok(Prepared {
        rows: file.rows_read(),
        accepted,
        rejected,
        rejected_rows,
        repeated: file.repeated,
    })
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Imported {
    /// Rows in the file.
    pub rows: usize,
    /// Rows that validated.
    pub accepted: usize,
    /// Measurements stored (accepted runs not stored before, each once).
    pub added: u64,
    /// Rows that repeated an earlier row's run (a file written in append mode): counted once.
    pub repeated: usize,
    /// Messages about rejected rows, in the uploader's language (a row may have several).
    pub rejected: Vec<String>,
    /// Rows refused, each once.
    pub rejected_rows: usize,
}

/// The whole import as the upload's commit does it.
pub async fn import(
    db: &PgPool,
    user: Uuid,
    bytes: &[u8],
    choice: &Choice<'_>,
    lang: Lang,
) -> anyhow::Result<Result<Imported, String>> {
    import_as(db, user, bytes, choice, lang, Uuid::new_v4(), false).await
}

/// [`import`] under a given upload id, optionally reporting progress on its
/// `pending_uploads` row (outside the import's transaction, so the progress page sees it).
pub(super) async fn import_as(
    db: &PgPool,
    user: Uuid,
    bytes: &[u8],
    choice: &Choice<'_>,
    lang: Lang,
    upload_id: Uuid,
    report: bool,
) -> anyhow::Result<Result<Imported, String>> {
    let file = match energy_model::formats::runs(bytes, MAX_ROWS) {
        Ok(f) => f,
        Err(e) => return Ok(Err(e.message(lang))),
    };
    let mut writer = Writer::begin(db).await?;
    let Some(model) = model_of(&mut writer, choice).await? else {
        return Ok(Err(t(lang, "measure-model-unknown").into()));
    };
    let mut seen = stored_runs(&mut writer, &file).await?;
    let progress = Progress {
        db,
        upload_id,
        report,
    };
    progress.total(file.rows.len()).await?;
    let mut out = Imported {
        rows: file.rows_read(),
        repeated: file.repeated,
        rejected: file.rejected.iter().map(|e| e.message(lang)).collect(),
        rejected_rows: file.rejected_lines().len(),
        ..Imported::default()
    };
    let mut validator = choice.validator(lang);
    // Validated as COPY asks for rows: the database stores one chunk while the next is checked.
    let (accepted, rejected, rejected_rows) =
        (&mut out.accepted, &mut out.rejected, &mut out.rejected_rows);
    let rows = file
        .rows
        .iter()
        .filter_map(|row| match validator.check(row) {
            Ok((valid, raw, run_id)) => {
                *accepted += 1;
                let new = run_id.as_ref().is_none_or(|run| seen.insert(run.clone()));
                new.then(|| BulkRow {
                    valid,
                    raw,
                    run_id,
                    details: row.details(),
                })
            }
            Err(message) => {
                rejected.push(message);
                *rejected_rows += 1;
                None
            }
        });
    let shared = Shared {
        model_id: model.id,
        origin: Origin::Community { submitter: user },
        upload_id: Some(upload_id),
    };
    out.added = writer
        .copy_in(&shared, rows, |sent| progress.done(sent))
        .await?;
    writer.commit().await?;
    Ok(Ok(out))
}

/// The chosen model; proposed now when the uploader asked for that.
async fn model_of(writer: &mut Writer, choice: &Choice<'_>) -> sqlx::Result<Option<ModelRef>> {
    match catalogue::find_model(writer.tx(), choice.model).await? {
        Some(m) => Ok(Some(m)),
        None if choice.propose => catalogue::propose_model(writer.tx(), choice.model).await,
        None => Ok(None),
    }
}

/// The file's runs stored before, found up front with the run_id index, so they and repeats
/// within the file are skipped. (A concurrent upload of the same run fails on the unique
/// index, and its transaction with it.)
async fn stored_runs(
    writer: &mut Writer,
    file: &codecarbon::File,
) -> sqlx::Result<HashSet<String>> {
    let run_ids: Vec<String> = file.rows.iter().filter_map(|r| r.run_id.clone()).collect();
    super::store::uploads::stored_runs(writer.tx(), &run_ids).await
}

/// How far an upload's import got, on its `pending_uploads` row (when it has one).
#[derive(Clone, Copy)]
struct Progress<'a> {
    db: &'a PgPool,
    upload_id: Uuid,
    report: bool,
}

impl Progress<'_> {
    async fn total(self, rows: usize) -> sqlx::Result<()> {
        if self.report {
            super::store::uploads::set_total(self.db, self.upload_id, rows as i32).await?;
        }
        Ok(())
    }

    /// Rows sent so far; a failure to record it does not stop the import.
    async fn done(self, sent: u64) {
        if !self.report {
            return;
        }
        let moved = super::store::uploads::set_done(self.db, self.upload_id, sent as i32).await;
        if let Err(e) = moved {
            tracing::warn!(error = %e, "upload progress not recorded");
        }
    }
}
