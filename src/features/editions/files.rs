//! An edition's downloads, each written from its frozen lines only: CSV, JSON, Apache
//! Parquet (one row per line, the same columns), and the metadata a repository such as
//! Zenodo reads to mint a DOI (CITATION.cff) and a BibTeX entry.

use super::store::{Edition, Line};
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::sync::Arc;

/// The columns of every download, in order.
pub const COLUMNS: [&str; 16] = [
    "edition",
    "task",
    "rank",
    "model",
    "model_name",
    "device",
    "unit",
    "median",
    "q1",
    "q3",
    "count",
    "contributors",
    "published_count",
    "verified_count",
    "self_reported_count",
    "stars",
];

pub const LICENCE: &str = "CC-BY-4.0";

pub fn csv(e: &Edition, lines: &[Line]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for l in lines {
        w.write_record([
            e.slug.clone(),
            l.task.clone(),
            l.rank.to_string(),
            l.model_slug.clone(),
            l.model_name.clone(),
            l.device.clone().unwrap_or_default(),
            l.unit.clone(),
            l.median.to_string(),
            l.q1.to_string(),
            l.q3.to_string(),
            l.count.to_string(),
            l.contributors.to_string(),
            l.published_count.to_string(),
            l.verified_count.to_string(),
            l.self_reported_count.to_string(),
            l.stars.to_string(),
        ])?;
    }
    Ok(w.into_inner()?)
}

pub fn json(e: &Edition, lines: &[Line], url: &str) -> serde_json::Value {
    serde_json::json!({
        "edition": e.slug,
        "task": e.task,
        "frozen_at": e.frozen_at.format(&time::format_description::well_known::Rfc3339).ok(),
        "url": url,
        "licence": LICENCE,
        "counts": {
            "lines": e.line_count,
            "published": e.published_count,
            "verified": e.verified_count,
            "self_reported": e.self_reported_count,
        },
        "lines": lines,
    })
}

pub fn parquet(e: &Edition, lines: &[Line]) -> anyhow::Result<Vec<u8>> {
    let schema = Arc::new(parse_message_type(
        "message edition_line {
            REQUIRED BYTE_ARRAY edition (UTF8);
            REQUIRED BYTE_ARRAY task (UTF8);
            REQUIRED INT32 rank;
            REQUIRED BYTE_ARRAY model (UTF8);
            REQUIRED BYTE_ARRAY model_name (UTF8);
            OPTIONAL BYTE_ARRAY device (UTF8);
            REQUIRED BYTE_ARRAY unit (UTF8);
            REQUIRED DOUBLE median;
            REQUIRED DOUBLE q1;
            REQUIRED DOUBLE q3;
            REQUIRED INT32 count;
            REQUIRED INT32 contributors;
            REQUIRED INT32 published_count;
            REQUIRED INT32 verified_count;
            REQUIRED INT32 self_reported_count;
            REQUIRED INT32 stars;
        }",
    )?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::UNCOMPRESSED)
            .set_created_by(format!("Green AI Hub {}", env!("CARGO_PKG_VERSION")))
            .build(),
    );
    let mut writer = SerializedFileWriter::new(Vec::new(), schema, props)?;
    let mut group = writer.next_row_group()?;
    let text = |f: &dyn Fn(&Line) -> String| -> Vec<ByteArray> {
        lines
            .iter()
            .map(|l| ByteArray::from(f(l).as_str()))
            .collect()
    };
    let int = |f: &dyn Fn(&Line) -> i32| -> Vec<i32> { lines.iter().map(f).collect() };
    let float = |f: &dyn Fn(&Line) -> f64| -> Vec<f64> { lines.iter().map(f).collect() };
    let mut index = 0;
    while let Some(mut column) = group.next_column()? {
        match COLUMNS[index] {
            "device" => {
                let present: Vec<ByteArray> = lines
                    .iter()
                    .filter_map(|l| l.device.as_deref().map(ByteArray::from))
                    .collect();
                let levels: Vec<i16> = lines
                    .iter()
                    .map(|l| i16::from(l.device.is_some()))
                    .collect();
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&present, Some(&levels), None)?;
            }
            name @ ("edition" | "task" | "model" | "model_name" | "unit") => {
                let values = text(&|l: &Line| match name {
                    "edition" => e.slug.clone(),
                    "task" => l.task.clone(),
                    "model" => l.model_slug.clone(),
                    "model_name" => l.model_name.clone(),
                    _ => l.unit.clone(),
                });
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, None, None)?;
            }
            name @ ("median" | "q1" | "q3") => {
                let values = float(&|l: &Line| match name {
                    "median" => l.median,
                    "q1" => l.q1,
                    _ => l.q3,
                });
                column
                    .typed::<DoubleType>()
                    .write_batch(&values, None, None)?;
            }
            name => {
                let values = int(&|l: &Line| match name {
                    "rank" => l.rank,
                    "count" => l.count,
                    "contributors" => l.contributors,
                    "published_count" => l.published_count,
                    "verified_count" => l.verified_count,
                    "self_reported_count" => l.self_reported_count,
                    _ => i32::from(l.stars),
                });
                column
                    .typed::<Int32Type>()
                    .write_batch(&values, None, None)?;
            }
        }
        column.close()?;
        index += 1;
    }
    group.close()?;
    Ok(writer.into_inner()?)
}

/// The edition's title, as citations give it.
pub fn title(e: &Edition) -> String {
    let name = e
        .task
        .as_deref()
        .map(|t| energy_model::Task::from_slug(t).map_or(t, |t| t.name(energy_model::Lang::En)));
    match name {
        Some(task) => format!("Green AI Hub leaderboard: {task}, edition {}", e.slug),
        None => format!("Green AI Hub leaderboards, edition {}", e.slug),
    }
}

fn date(e: &Edition) -> String {
    let d = e.frozen_at.date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// CITATION.cff (Citation File Format 1.2.0), for a data repository to mint a DOI from.
pub fn citation_cff(e: &Edition, url: &str) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    format!(
        "cff-version: 1.2.0\n\
         message: \"If you use this dataset, please cite it as below.\"\n\
         type: dataset\n\
         title: {}\n\
         version: {}\n\
         date-released: {}\n\
         url: {}\n\
         license: {LICENCE}\n\
         authors:\n  - name: \"Green AI Hub community\"\n\
         abstract: {}\n",
        quote(&title(e)),
        quote(&e.slug),
        date(e),
        quote(url),
        quote(&format!(
            "{} lines of model energy figures (median per functional unit over verified measurements): {} published, {} verified by a researcher, {} self-reported.",
            e.line_count, e.published_count, e.verified_count, e.self_reported_count
        )),
    )
}

/// A BibTeX `@misc` entry.
pub fn bibtex(e: &Edition, url: &str) -> String {
    let d = e.frozen_at.date();
    let braces = |s: &str| s.replace(['{', '}'], "");
    format!(
        "@misc{{greenaihub-{},\n  title = {{{}}},\n  author = {{{{Green AI Hub community}}}},\n  year = {{{}}},\n  month = {{{}}},\n  version = {{{}}},\n  howpublished = {{\\url{{{}}}}},\n  note = {{Licence {LICENCE}}}\n}}\n",
        e.slug,
        braces(&title(e)),
        d.year(),
        u8::from(d.month()),
        e.slug,
        url
    )
}
