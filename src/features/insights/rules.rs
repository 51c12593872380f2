//! What an insight is made of and the rules its form follows: categories, bounded lengths,
//! links (models, measurements, board views) and the claim's two sides.

use crate::store::states::stored_enum;
use crate::web::forms::Errors;
use crate::web::i18n::{Lang, t, tf};
use energy_model::Task;
use serde::Deserialize;
use uuid::Uuid;

pub const TITLE_MAX: usize = 150;
pub const BODY_MAX: usize = 20_000;
pub const COMMENT_MAX: usize = 2_000;
pub const REASON_MAX: usize = 1_000;
/// Links one post may carry: its structured links and the links in its text together.
pub const LINKS_MAX: usize = 15;
/// Measurements on one side of a claim.
pub const SIDE_MAX: usize = 50;

stored_enum! {
    /// What an insight is about.
    pub enum Category {
        Pruning = "pruning", "insight-category-pruning";
        Quantisation = "quantisation", "insight-category-quantisation";
        Distillation = "distillation", "insight-category-distillation";
        SmallModels = "small-models", "insight-category-small-models";
        EfficientHardware = "efficient-hardware", "insight-category-efficient-hardware";
        Renewables = "renewables", "insight-category-renewables";
        Measuring = "measuring", "insight-category-measuring";
        Inference = "inference", "insight-category-inference";
        AiForSustainability = "ai-for-sustainability", "insight-category-ai-for-sustainability";
        Other = "other", "insight-category-other";
    }
}

impl Category {
    pub fn name(self, lang: Lang) -> &'static str {
        t(lang, self.key())
    }
}

stored_enum! {
    /// Where an insight is (a comment is published or hidden only).
    pub enum InsightStatus {
        /// Visible to everyone.
        Published = "published", "insight-status-published";
        /// A member's first insight, or one edited after review: waits for a researcher.
        Pending = "pending", "insight-status-pending";
        /// Hidden by a moderator, with a reason.
        Hidden = "hidden", "insight-status-hidden";
        /// By its author.
        Deleted = "deleted", "insight-status-deleted";
    }
}

/// The insight form as posted.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct InsightForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub lang: String,
    /// Model names, one a line.
    #[serde(default)]
    pub models: String,
    /// Measurement ids or addresses, one a line.
    #[serde(default)]
    pub measurements: String,
    /// Board addresses with their filters, one a line.
    #[serde(default)]
    pub boards: String,
    #[serde(default)]
    pub claim_a_label: String,
    #[serde(default)]
    pub claim_a: String,
    #[serde(default)]
    pub claim_b_label: String,
    #[serde(default)]
    pub claim_b: String,
}

/// A claim as stored: side a uses less energy than side b.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct Claim {
    pub a_label: String,
    pub b_label: String,
    pub a: Vec<Uuid>,
    pub b: Vec<Uuid>,
}

/// A form that passed the rules that need no database.
pub struct Draft {
    pub title: String,
    pub body: String,
    pub category: Category,
    pub lang: Lang,
    pub models: Vec<String>,
    pub measurements: Vec<Uuid>,
    pub boards: Vec<String>,
    pub claim: Option<Claim>,
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// A measurement's id from its id or its address (`…/measurements/<id>`).
pub fn measurement_id(text: &str) -> Option<Uuid> {
    let last = text
        .trim()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    last.split(['?', '#']).next().unwrap_or("").parse().ok()
}

/// A board view's path from its address: `/leaderboards/<task>` with its query, on this site.
pub fn board_path(text: &str, base_url: &str) -> Option<String> {
    let text = text.trim();
    let path = text
        .strip_prefix(base_url.trim_end_matches('/'))
        .unwrap_or(text);
    let rest = path.strip_prefix("/leaderboards/")?;
    let task = rest.split(['?', '#', '/']).next().unwrap_or("");
    let known = Task::from_slug(task).is_some_and(|t| t.slug() == task);
    (known && path.len() <= 500 && !path.contains(char::is_whitespace)).then(|| path.to_string())
}

/// Checks the form's fields; every problem is named next to its field.
pub fn check(form: &InsightForm, lang: Lang, base_url: &str) -> Result<Draft, Errors> {
    let mut errors = Errors::default();
    let title = form.title.trim().to_string();
    let n = title.chars().count();
    if !(3..=TITLE_MAX).contains(&n) {
        errors.add(
            "title",
            tf(
                lang,
                "insight-error-title",
                &[("max", &TITLE_MAX.to_string())],
            ),
        );
    }
    let body = form.body.trim().to_string();
    let n = body.chars().count();
    if n == 0 || n > BODY_MAX {
        errors.add(
            "body",
            tf(
                lang,
                "insight-error-body",
                &[("max", &BODY_MAX.to_string())],
            ),
        );
    }
    let category = Category::parse(&form.category);
    if category.is_none() {
        errors.add("category", t(lang, "insight-error-category"));
    }
    let written_in = Lang::from_code(&form.lang);
    if written_in.is_none() {
        errors.add("lang", t(lang, "insight-error-lang"));
    }
    let models = lines(&form.models);
    let mut measurements = Vec::new();
    for l in lines(&form.measurements) {
        match measurement_id(&l) {
            Some(id) => measurements.push(id),
            None => errors.add(
                "measurements",
                tf(lang, "insight-error-measurement", &[("value", &l)]),
            ),
        }
    }
    let mut boards = Vec::new();
    for l in lines(&form.boards) {
        match board_path(&l, base_url) {
            Some(p) => boards.push(p),
            None => errors.add("boards", tf(lang, "insight-error-board", &[("value", &l)])),
        }
    }
    let links =
        models.len() + measurements.len() + boards.len() + crate::web::markdown::links(&body);
    if links > LINKS_MAX {
        errors.add(
            "links",
            tf(
                lang,
                "insight-error-links",
                &[("max", &LINKS_MAX.to_string())],
            ),
        );
    }
    let claim = claim(form, lang, &mut errors);
    match (category, written_in) {
        (Some(category), Some(written_in)) if errors.is_empty() => Ok(Draft {
            title,
            body,
            category,
            lang: written_in,
            models,
            measurements,
            boards,
            claim,
        }),
        _ => Err(errors),
    }
}

/// The claim's two sides, when any of its fields is filled in.
fn claim(form: &InsightForm, lang: Lang, errors: &mut Errors) -> Option<Claim> {
    let fields = [
        &form.claim_a_label,
        &form.claim_a,
        &form.claim_b_label,
        &form.claim_b,
    ];
    if fields.iter().all(|f| f.trim().is_empty()) {
        return None;
    }
    let label = |l: &str| {
        let l = l.trim();
        (1..=40).contains(&l.chars().count()).then(|| l.to_string())
    };
    let side = |text: &str| -> Option<Vec<Uuid>> {
        let ids: Option<Vec<Uuid>> = text
            .split([',', ' ', '\n', '\r', '\t'])
            .filter(|s| !s.is_empty())
            .map(measurement_id)
            .collect();
        ids.filter(|ids| (1..=SIDE_MAX).contains(&ids.len()))
    };
    let (a_label, b_label) = (label(&form.claim_a_label), label(&form.claim_b_label));
    let (a, b) = (side(&form.claim_a), side(&form.claim_b));
    if a_label.is_none() || b_label.is_none() {
        errors.add("claim", t(lang, "insight-error-claim-labels"));
    }
    if a.is_none() || b.is_none() {
        errors.add(
            "claim",
            tf(
                lang,
                "insight-error-claim-sides",
                &[("max", &SIDE_MAX.to_string())],
            ),
        );
    }
    Some(Claim {
        a_label: a_label?,
        b_label: b_label?,
        a: a?,
        b: b?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_read_from_ids_and_addresses_of_this_site() {
        let id = "0b7d2c9e-6f1a-4c3b-9a55-1d2e3f4a5b6c";
        assert_eq!(
            measurement_id(&format!("https://hub.example/measurements/{id}")),
            id.parse().ok()
        );
        assert_eq!(measurement_id(id), id.parse().ok());
        assert_eq!(measurement_id("nonsense"), None);
        let base = "https://hub.example";
        assert_eq!(
            board_path(
                "https://hub.example/leaderboards/text-generation?hardware=h100-sxm",
                base
            )
            .as_deref(),
            Some("/leaderboards/text-generation?hardware=h100-sxm")
        );
        assert_eq!(
            board_path("https://evil.example/leaderboards/x", base),
            None
        );
        assert_eq!(board_path("/leaderboards/knitting", base), None);
    }

    #[test]
    fn every_field_says_what_is_wrong_in_the_visitors_language() {
        let form = InsightForm {
            title: "ab".into(),
            body: "x".repeat(BODY_MAX + 1),
            category: "cooking".into(),
            lang: "fr".into(),
            claim_a_label: "int8".into(),
            ..InsightForm::default()
        };
        let errors = check(&form, Lang::Nl, "https://hub.example").err().unwrap();
        for field in ["title", "body", "category", "lang", "claim"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert!(errors.get("title").unwrap().contains("150"));
    }
}
