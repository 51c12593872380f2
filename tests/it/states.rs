//! The states kept in text columns are Rust enums (`store::states`, and the topics' and
//! insights' own): each column's `check` constraint allows exactly its enum's words, so a
//! value the code can write is one the database takes and every stored value reads back; and
//! every value's name for people is in both catalogues.

use crate::harness::fresh_database;
use greenai::features::insights::rules::{Category, InsightStatus};
use greenai::features::topics::rules::{Kind, SignupStatus, TopicStatus};
use greenai::store::states::{ModelStatus, RunState, Source, Status, Tier, UploadState};
use greenai::web::i18n::{Lang, keys};
use std::collections::BTreeSet;

/// A stored state: its table and column, its words and their translation keys.
struct Column {
    table: &'static str,
    column: &'static str,
    slugs: Vec<&'static str>,
    keys: Vec<&'static str>,
}

macro_rules! column {
    ($table:literal, $column:literal, $enum:ty) => {
        Column {
            table: $table,
            column: $column,
            slugs: <$enum>::ALL.iter().map(|v| v.slug()).collect(),
            keys: <$enum>::ALL.iter().map(|v| v.key()).collect(),
        }
    };
}

fn columns() -> Vec<Column> {
    vec![
        column!("measurements", "status", Status),
        column!("measurements", "tier", Tier),
        column!("measurements", "source", Source),
        column!("ai_models", "status", ModelStatus),
        column!("pending_uploads", "state", UploadState),
        column!("codecarbon_runs", "state", RunState),
        column!("topics", "status", TopicStatus),
        column!("topics", "kind", Kind),
        column!("signups", "status", SignupStatus),
        column!("insights", "status", InsightStatus),
        column!("insights", "category", Category),
    ]
}

#[tokio::test]
async fn each_state_column_allows_exactly_its_enum() {
    let db = sqlx::PgPool::connect(&fresh_database().await)
        .await
        .unwrap();
    for c in columns() {
        let definitions: Vec<String> = sqlx::query_scalar(
            "select pg_get_constraintdef(k.oid) from pg_constraint k
               join pg_class t on t.oid = k.conrelid
               join pg_attribute a on a.attrelid = t.oid and a.attnum = any(k.conkey)
              where t.relname = $1 and a.attname = $2 and k.contype = 'c'",
        )
        .bind(c.table)
        .bind(c.column)
        .fetch_all(&db)
        .await
        .unwrap();
        let allowed: BTreeSet<&str> = definitions
            .iter()
            .filter(|d| d.contains("ANY") || d.contains(" IN "))
            .flat_map(|d| d.split('\'').skip(1).step_by(2))
            .collect();
        let slugs: BTreeSet<&str> = c.slugs.iter().copied().collect();
        assert_eq!(allowed, slugs, "{}.{}", c.table, c.column);
    }
    // Comments are published or hidden: a part of the insights' states.
    let comment: String = sqlx::query_scalar(
        "select pg_get_constraintdef(k.oid) from pg_constraint k join pg_class t on t.oid = k.conrelid
          where t.relname = 'insight_comments' and k.contype = 'c' and pg_get_constraintdef(k.oid) like '%status%'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    for word in comment.split('\'').skip(1).step_by(2) {
        assert!(InsightStatus::parse(word).is_some(), "{word}");
    }
}

#[test]
fn every_state_has_its_name_in_both_catalogues() {
    for lang in [Lang::En, Lang::Nl] {
        let known: BTreeSet<&str> = keys(lang).collect();
        for c in columns() {
            for key in &c.keys {
                assert!(
                    known.contains(key),
                    "{key} ({}.{}) in {lang:?}",
                    c.table,
                    c.column
                );
            }
        }
    }
}
