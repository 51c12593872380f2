//! The crate against the real published files in `data/published/` of this repository.

use energy_model::formats::{ai_energy_score, codecarbon, ml_energy};
use energy_model::stats::star_ratings;
use energy_model::validation::validate;
use energy_model::{Catalogue, Lang, RegionTable, Task, ValidationContext};
use std::collections::BTreeMap;
use time::macros::date;

include!("../../../data/published/published.rs");

fn read(rel: &str) -> Vec<u8> {
    published(rel)
}

fn ctx<'a>(c: &'a Catalogue, r: &'a RegionTable, published: bool) -> ValidationContext<'a> {
    ValidationContext {
        today: date!(2026 - 11 - 27),
        hardware: c,
        regions: r,
        published_benchmark: published,
    }
}

/// Every star of a parsed AI Energy Score file recomputed by the rule, within each size class
/// (none: the whole task) and edition; returns the groups.
fn stars_reproduced(refs: &[energy_model::formats::Reference]) -> usize {
    let mut groups: BTreeMap<(Option<char>, String), Vec<usize>> = BTreeMap::new();
    for (i, r) in refs.iter().enumerate() {
        groups
            .entry((r.size_class, r.provenance.edition.clone()))
            .or_default()
            .push(i);
    }
    let mut checked = 0;
    for members in groups.values() {
        let wh: Vec<f64> = members
            .iter()
            .map(|&i| refs[i].energy_per_query.wh())
            .collect();
        for (&i, stars) in members.iter().zip(star_ratings(&wh)) {
            assert_eq!(Some(stars), refs[i].published_stars, "{}", refs[i].model_id);
            checked += 1;
        }
    }
    assert_eq!(checked, refs.len());
    groups.len()
}

/// The energy cells of a file, as written, in order (the second column).
fn energy_cells(text: &str) -> Vec<f64> {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .nth(1)
                .expect("two columns")
                .trim()
                .parse()
                .expect("a number")
        })
        .collect()
}

#[test]
fn ai_energy_score_stars_are_reproduced() {
    let text = String::from_utf8(read("ai-energy-score/text_generation.csv")).expect("utf-8");
    let refs = ai_energy_score::parse(&text, Task::TextGeneration).expect("parses");
    assert_eq!(refs.len(), 62);
    assert_eq!(stars_reproduced(&refs), 6, "A, B, C × Feb 25, Dec 25");
    let distilgpt2 = refs
        .iter()
        .find(|r| r.model_id == "distilbert/distilgpt2")
        .expect("distilgpt2");
    assert_eq!(distilgpt2.energy_per_query.wh(), 0.001313);
}

/// The first edition's ten task files (CRLF line ends, no `test date`; no `class` but in text
/// generation) and the reasoning file (efforts in the model names): every row read with its
/// figure exactly as written, every published star reproduced, every row a valid measurement.
#[test]
fn every_ai_energy_score_layout_imports_with_its_stars() {
    let (c, r) = (Catalogue::builtin(), RegionTable::builtin());
    let files = [
        ("first-edition/asr.csv", Task::SpeechRecognition, 13, 1),
        (
            "first-edition/image_captioning.csv",
            Task::ImageCaptioning,
            10,
            1,
        ),
        (
            "first-edition/image_classification.csv",
            Task::ImageClassification,
            23,
            1,
        ),
        (
            "first-edition/image_generation.csv",
            Task::ImageGeneration,
            12,
            1,
        ),
        (
            "first-edition/object_detection.csv",
            Task::ObjectDetection,
            7,
            1,
        ),
        (
            "first-edition/question_answering.csv",
            Task::QuestionAnswering,
            18,
            1,
        ),
        (
            "first-edition/sentence_similarity.csv",
            Task::Embeddings,
            19,
            1,
        ),
        (
            "first-edition/summarization.csv",
            Task::Summarization,
            11,
            1,
        ),
        (
            "first-edition/text_classification.csv",
            Task::TextClassification,
            13,
            1,
        ),
        (
            "first-edition/text_generation.csv",
            Task::TextGeneration,
            40,
            3,
        ),
        ("reasoning.csv", Task::Reasoning, 18, 3),
    ];
    for (file, task, rows, groups) in files {
        // The leaderboard's file name says the task (what `greenai import` reads it from).
        let stem = file.rsplit('/').next().unwrap().trim_end_matches(".csv");
        assert_eq!(Task::from_slug(stem), Some(task), "{file}");
        let text = String::from_utf8(read(&format!("ai-energy-score/{file}"))).expect("utf-8");
        let refs = ai_energy_score::parse(&text, task).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(refs.len(), rows, "{file}");
        assert_eq!(stars_reproduced(&refs), groups, "{file}");
        let cells = energy_cells(&text);
        for (reference, kwh_per_1000) in refs.iter().zip(&cells) {
            // As written, but for the last bit of a double (Wh are stored as joules).
            let wh = reference.energy_per_query.wh();
            assert!(
                (wh - kwh_per_1000).abs() <= 1e-15 * kwh_per_1000,
                "{file}: {wh}"
            );
            assert_eq!(reference.task, task);
            if file.starts_with("first-edition") {
                assert_eq!(reference.provenance.edition, ai_energy_score::FIRST_EDITION);
            }
            validate(&reference.to_raw(), &ctx(&c, &r, true))
                .unwrap_or_else(|p| panic!("{file} {}: {p:?}", reference.model_id));
        }
        // Each row has a key of its own: nothing is lost as "imported before".
        let keys: std::collections::HashSet<_> = refs
            .iter()
            .map(|r| (&r.model_id, &r.configuration, &r.provenance.edition))
            .collect();
        assert_eq!(keys.len(), rows, "{file}");
    }
    let text =
        String::from_utf8(read("ai-energy-score/first-edition/object_detection.csv")).unwrap();
    let detr: Vec<_> = ai_energy_score::parse(&text, Task::ObjectDetection)
        .unwrap()
        .into_iter()
        .filter(|r| r.model_id == "facebook/detr-resnet-50-dc5")
        .map(|r| r.configuration)
        .collect();
    assert_eq!(
        detr,
        ["", "listing 2"],
        "a model listed twice keeps both rows"
    );
    let text = String::from_utf8(read("ai-energy-score/reasoning.csv")).unwrap();
    let high = ai_energy_score::parse(&text, Task::Reasoning)
        .unwrap()
        .into_iter()
        .find(|r| r.configuration == "reasoning effort high" && r.model_id == "openai/gpt-oss-20b")
        .expect("gpt-oss-20b high");
    assert_eq!(
        (high.published_stars, high.size_class),
        (Some(4), Some('B'))
    );
}

#[test]
fn ai_energy_score_rows_validate_as_measurements() {
    let (c, r) = (Catalogue::builtin(), RegionTable::builtin());
    let text = String::from_utf8(read("ai-energy-score/text_generation.csv")).expect("utf-8");
    for reference in ai_energy_score::parse(&text, Task::TextGeneration).expect("parses") {
        let m = validate(&reference.to_raw(), &ctx(&c, &r, true))
            .unwrap_or_else(|p| panic!("{}: {p:?}", reference.model_id));
        assert_eq!(m.device.slug, "h100-sxm");
        let per_1000 = m.normalised().wh_per_1000_queries.expect("per query");
        assert!((per_1000 - reference.energy_per_query.wh() * 1000.0).abs() < 1e-9 * per_1000);
    }
}

struct Expected {
    file: &'static str,
    rows: usize,
    rejected_lines: Vec<usize>,
    energy_kwh: f64,
    duration_s: f64,
}

#[test]
fn codecarbon_files_give_exact_totals() {
    let expected = [
        Expected {
            file: "codecarbon/m1-pro-codecarbon-3.0.4.csv",
            rows: 4,
            rejected_lines: vec![],
            energy_kwh: 3.99221787671858e-05,
            duration_s: 33.44454725101241,
        },
        Expected {
            file: "codecarbon/m1-pro-summarization-codecarbon.csv",
            rows: 6,
            rejected_lines: vec![],
            energy_kwh: 1.9738477047602982e-05,
            duration_s: 32.4216720010445,
        },
        Expected {
            file: "codecarbon/v100-bert-pruning-codecarbon-2.4.2.csv",
            rows: 6934,
            rejected_lines: vec![1979, 3341, 3490, 3669, 5501],
            energy_kwh: 255.36454757911335,
            duration_s: 2263022.231120348,
        },
    ];
    for e in expected {
        let file = codecarbon::parse(&read(e.file), 100_000).expect(e.file);
        assert_eq!(file.rows.len(), e.rows, "{}", e.file);
        assert_eq!(file.rejected_lines(), e.rejected_lines, "{}", e.file);
        assert_eq!(file.total_energy_kwh(), e.energy_kwh, "{}", e.file);
        assert_eq!(file.total_duration_s(), e.duration_s, "{}", e.file);
    }
}

#[test]
fn codecarbon_details_survive() {
    let file =
        codecarbon::parse(&read("codecarbon/m1-pro-codecarbon-3.0.4.csv"), 10).expect("3.0.4");
    let row = &file.rows[0];
    assert_eq!(row.region.as_deref(), Some("västra götaland county"));
    assert_eq!(
        row.experiment_id.as_deref(),
        Some("5b0fa12a-3dd7-45bb-9766-cc326314d9f1")
    );
    assert_eq!(row.codecarbon_version.as_deref(), Some("3.0.4"));
    assert_eq!(row.line, 2);

    let v100 = codecarbon::parse(
        &read("codecarbon/v100-bert-pruning-codecarbon-2.4.2.csv"),
        100_000,
    )
    .expect("2.4.2");
    assert!(v100.rows.iter().all(|r| r.experiment_id.is_none()));
    assert_eq!(
        v100.rejected[0].message(Lang::En),
        "Row 1979: “duration” is empty."
    );
    // A file with more rows than allowed is refused as a whole.
    assert_eq!(
        codecarbon::parse(
            &read("codecarbon/v100-bert-pruning-codecarbon-2.4.2.csv"),
            1000
        )
        .unwrap_err()
        .code(),
        "too_many_rows"
    );
}

#[test]
fn codecarbon_rows_validate_with_their_hardware_and_grid() {
    let (c, r) = (Catalogue::builtin(), RegionTable::builtin());
    let v100 = codecarbon::parse(
        &read("codecarbon/v100-bert-pruning-codecarbon-2.4.2.csv"),
        100_000,
    )
    .expect("2.4.2");
    let mut devices: BTreeMap<String, usize> = BTreeMap::new();
    let mut regions: BTreeMap<String, usize> = BTreeMap::new();
    for row in &v100.rows {
        let raw = row.to_raw("bert-base-uncased", "fine-tuning", "");
        let m = validate(&raw, &ctx(&c, &r, false))
            .unwrap_or_else(|p| panic!("line {}: {p:?}", row.line));
        let region = m.region.as_ref().map(|r| r.code.clone()).expect("region");
        *regions.entry(region).or_default() += 1;
        assert_eq!(m.device_count, 1);
        *devices.entry(m.device.name).or_default() += 1;
    }
    assert_eq!(
        regions,
        [("CA-QC".to_string(), 91), ("DK".to_string(), 6843)].into()
    );
    let expected: BTreeMap<String, usize> = [
        ("GTX 1080 Ti".to_string(), 4639),
        ("NVIDIA GeForce RTX 2070".to_string(), 1497),
        // The file says "Tesla V100-PCIE-32GB": the 32 GB PCIe part, not the 16 GB one a
        // smaller catalogue fell back to.
        ("NVIDIA Tesla V100 PCIe 32 GB".to_string(), 798),
    ]
    .into();
    assert_eq!(devices, expected);

    let m1 = codecarbon::parse(&read("codecarbon/m1-pro-codecarbon-3.0.4.csv"), 10).expect("m1");
    for row in &m1.rows {
        let raw = row.to_raw("distilbart-cnn-12-6", "summarization", "1");
        let m = validate(&raw, &ctx(&c, &r, false)).expect("m1 row");
        assert_eq!(m.device.slug, "apple-m1-pro");
        assert_eq!(m.region.as_ref().map(|r| r.code.as_str()), Some("SE"));
    }
}

#[test]
fn ml_energy_configurations_become_references() {
    let dir = published_dir().join("ml-energy");
    let index =
        ml_energy::Index::parse(&std::fs::read_to_string(dir.join("index.json")).expect("index"))
            .expect("index parses");
    assert_eq!(index.last_updated, "2026-02-16");
    let (c, r) = (Catalogue::builtin(), RegionTable::builtin());
    let mut total = 0;
    let mut files = 0;
    let mut keys = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir.join("models")).expect("models") {
        let path = entry.expect("entry").path();
        let refs = ml_energy::parse_model(&std::fs::read_to_string(&path).expect("file"), &index)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        files += 1;
        for reference in refs {
            assert!(
                keys.insert((
                    reference.model_id.clone(),
                    reference.task,
                    reference.configuration.clone()
                )),
                "configuration {} of {} is not unique",
                reference.configuration,
                reference.model_id
            );
            let m = validate(&reference.to_raw(), &ctx(&c, &r, true))
                .unwrap_or_else(|p| panic!("{}: {p:?}", reference.model_id));
            assert!(["h100-sxm", "nvidia-b200"].contains(&m.device.slug.as_str()));
            assert_eq!(m.device_count, reference.device_count);
            total += 1;
        }
    }
    assert_eq!(files, 62);
    assert_eq!(total, 1858);

    let qwen = ml_energy::parse_model(
        &std::fs::read_to_string(dir.join("models/Qwen__Qwen3-8B__lm-arena-chat.json"))
            .expect("qwen"),
        &index,
    )
    .expect("qwen parses");
    assert_eq!(qwen[0].energy_per_query.joules(), 274.88167193717175);
    assert_eq!(qwen[0].model_name.as_deref(), Some("Qwen 3 8B"));
    assert_eq!(qwen[0].task, Task::TextGeneration);
    assert_eq!(
        qwen[0].configuration,
        "lm-arena-chat: 1 × B200, max_num_seqs 8"
    );
}
