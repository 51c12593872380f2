//! What topics and sign-ups are made of, and the rules their forms follow.

use crate::store::states::stored_enum;
use crate::web::forms::Errors;
use crate::web::i18n::{Lang, t, tf};
use energy_model::{Decision, Places};
use serde::Deserialize;
use time::Date;

stored_enum! {
    /// What a topic offers.
    pub enum Kind {
        MasterThesis = "master-thesis", "topic-kind-master-thesis";
        Internship = "internship", "topic-kind-internship";
        ContributorProject = "contributor-project", "topic-kind-contributor-project";
        ShareExperience = "share-experience", "topic-kind-share-experience";
    }
}

impl Kind {
    pub fn name(self, lang: Lang) -> &'static str {
        t(lang, self.key())
    }
}

stored_enum! {
    /// Where a topic is: a draft (only those who run it see it), open for sign-ups, or closed.
    pub enum TopicStatus {
        Draft = "draft", "topic-status-draft";
        Open = "open", "topic-status-open";
        Closed = "closed", "topic-status-closed";
    }
}

stored_enum! {
    /// Where a sign-up is.
    pub enum SignupStatus {
        /// Waits for a decision.
        Pending = "pending", "signup-status-pending";
        Accepted = "accepted", "signup-status-accepted";
        Declined = "declined", "signup-status-declined";
        /// Waits for a place.
        Waitlisted = "waitlisted", "signup-status-waitlisted";
        /// By the student, while it was pending.
        Withdrawn = "withdrawn", "signup-status-withdrawn";
        /// Undecided at the deadline, or when the topic closed.
        Closed = "closed", "signup-status-closed";
    }
}

impl SignupStatus {
    /// Still to be decided: a supervisor may accept, waitlist or decline it.
    pub fn undecided(self) -> bool {
        matches!(self, SignupStatus::Pending | SignupStatus::Waitlisted)
    }

    /// Its student may still withdraw it.
    pub fn withdrawable(self) -> bool {
        self == SignupStatus::Pending
    }

    /// What a decision makes of a sign-up.
    pub fn after(decision: Decision) -> SignupStatus {
        match decision {
            Decision::Accept => SignupStatus::Accepted,
            Decision::Waitlist => SignupStatus::Waitlisted,
            Decision::Decline => SignupStatus::Declined,
        }
    }

    /// A new sign-up waits for a decision, or for a place once every place is taken.
    pub fn new_in(places: Places) -> SignupStatus {
        if places.full() {
            SignupStatus::Waitlisted
        } else {
            SignupStatus::Pending
        }
    }
}

/// The levels a student can sign up at, with the translation key of each.
pub const LEVELS: [(&str, &str); 4] = [
    ("bachelor", "signup-level-bachelor"),
    ("master", "signup-level-master"),
    ("phd", "signup-level-phd"),
    ("professional", "signup-level-professional"),
];

/// A level's name (translation key); empty for a level not in [`LEVELS`].
pub fn level_key(level: &str) -> &'static str {
    LEVELS
        .iter()
        .find(|(slug, _)| *slug == level)
        .map_or("", |(_, key)| key)
}

fn date(text: &str) -> Option<Date> {
    Date::parse(
        text.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

fn bounded(
    errors: &mut Errors,
    lang: Lang,
    field: &str,
    value: &str,
    (min, max): (usize, usize),
) -> String {
    let value = value.trim().to_string();
    let n = value.chars().count();
    if n < min || n > max {
        errors.add(
            field,
            tf(
                lang,
                "topic-error-length",
                &[("min", &min.to_string()), ("max", &max.to_string())],
            ),
        );
    }
    value
}

/// The topic form as posted.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct TopicForm {
    #[serde(default)]
    pub line: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub background: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub start_period: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub status: String,
    /// Supervisors' e-mail addresses (researchers on the platform), one a line.
    #[serde(default)]
    pub supervisors: String,
}

impl TopicForm {
    /// A text field by name, for the form's template.
    pub fn value(&self, field: &str) -> &str {
        match field {
            "title" => &self.title,
            "summary" => &self.summary,
            "description" => &self.description,
            "background" => &self.background,
            "location" => &self.location,
            "start_period" => &self.start_period,
            _ => "",
        }
    }
}

/// A topic that passed the rules that need no database.
pub struct TopicDraft {
    pub line: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub kind: Kind,
    pub background: String,
    pub location: String,
    pub start_period: String,
    pub capacity: i32,
    pub deadline: Date,
    pub status: TopicStatus,
    pub supervisors: Vec<String>,
}

pub fn check_topic(form: &TopicForm, lang: Lang) -> Result<TopicDraft, Errors> {
    let mut e = Errors::default();
    let title = bounded(&mut e, lang, "title", &form.title, (3, 150));
    let summary = bounded(&mut e, lang, "summary", &form.summary, (1, 500));
    let description = bounded(&mut e, lang, "description", &form.description, (0, 20_000));
    let background = bounded(&mut e, lang, "background", &form.background, (0, 2_000));
    let location = bounded(&mut e, lang, "location", &form.location, (0, 200));
    let start_period = bounded(&mut e, lang, "start_period", &form.start_period, (0, 100));
    let kind = Kind::parse(&form.kind);
    if kind.is_none() {
        e.add("kind", t(lang, "topic-error-kind"));
    }
    if !["energy-efficiency", "model-optimisation"].contains(&form.line.as_str()) {
        e.add("line", t(lang, "topic-error-line"));
    }
    let capacity = form
        .capacity
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|c| (1..=100).contains(c));
    if capacity.is_none() {
        e.add("capacity", t(lang, "topic-error-capacity"));
    }
    let deadline = date(&form.deadline);
    if deadline.is_none() {
        e.add("deadline", t(lang, "topic-error-deadline"));
    }
    let status = TopicStatus::parse(&form.status).unwrap_or(TopicStatus::Draft);
    let supervisors: Vec<String> = form
        .supervisors
        .split([',', '\n', ' ', ';'])
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    if supervisors.len() > 10 {
        e.add("supervisors", t(lang, "topic-error-supervisors"));
    }
    match (kind, capacity, deadline) {
        (Some(kind), Some(capacity), Some(deadline)) if e.is_empty() => Ok(TopicDraft {
            line: form.line.clone(),
            title,
            summary,
            description,
            kind,
            background,
            location,
            start_period,
            capacity,
            deadline,
            status,
            supervisors,
        }),
        _ => Err(e),
    }
}

/// The sign-up form as posted.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SignupForm {
    #[serde(default)]
    pub motivation: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub programme: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub available_from: String,
    #[serde(default)]
    pub hours_per_week: String,
    #[serde(default)]
    pub cv_url: String,
}

pub struct SignupDraft {
    pub motivation: String,
    pub organisation: String,
    pub programme: String,
    pub level: String,
    pub available_from: Option<Date>,
    pub hours_per_week: Option<i32>,
    pub cv_url: Option<String>,
}

pub fn check_signup(form: &SignupForm, lang: Lang) -> Result<SignupDraft, Errors> {
    let mut e = Errors::default();
    let motivation = bounded(&mut e, lang, "motivation", &form.motivation, (50, 5_000));
    let organisation = bounded(&mut e, lang, "organisation", &form.organisation, (0, 200));
    let programme = bounded(&mut e, lang, "programme", &form.programme, (0, 200));
    if level_key(&form.level).is_empty() {
        e.add("level", t(lang, "signup-error-level"));
    }
    let available_from = match form.available_from.trim() {
        "" => None,
        d => {
            let parsed = date(d);
            if parsed.is_none() {
                e.add("available_from", t(lang, "topic-error-deadline"));
            }
            parsed
        }
    };
    let hours_per_week = match form.hours_per_week.trim() {
        "" => None,
        h => {
            let parsed = h.parse::<i32>().ok().filter(|h| (1..=60).contains(h));
            if parsed.is_none() {
                e.add("hours_per_week", t(lang, "signup-error-hours"));
            }
            parsed
        }
    };
    let cv_url = match form.cv_url.trim() {
        "" => None,
        u if (u.starts_with("https://") || u.starts_with("http://"))
            && u.len() <= 500
            && !u.contains(char::is_whitespace) =>
        {
            Some(u.to_string())
        }
        _ => {
            e.add("cv_url", t(lang, "signup-error-cv"));
            None
        }
    };
    if e.is_empty() {
        Ok(SignupDraft {
            motivation,
            organisation,
            programme,
            level: form.level.clone(),
            available_from,
            hours_per_week,
            cv_url,
        })
    } else {
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_has_its_name_in_both_catalogues() {
        for lang in Lang::ALL {
            let known: Vec<&str> = crate::web::i18n::keys(lang).collect();
            for (slug, key) in LEVELS {
                assert_eq!(level_key(slug), key);
                assert!(known.contains(&key), "{key} in {}", lang.code());
            }
        }
        assert_eq!(level_key("emeritus"), "");
    }

    #[test]
    fn a_motivation_is_50_to_5000_characters_and_links_are_web_addresses() {
        let mut form = SignupForm {
            motivation: "too short".into(),
            level: "master".into(),
            cv_url: "javascript:alert(1)".into(),
            hours_per_week: "80".into(),
            ..SignupForm::default()
        };
        let e = check_signup(&form, Lang::Nl).err().unwrap();
        assert!(e.get("motivation").unwrap().contains("50"));
        assert!(e.get("cv_url").is_some() && e.get("hours_per_week").is_some());
        form.motivation = "m".repeat(5_001);
        assert!(check_signup(&form, Lang::En).is_err());
        form.motivation = "I measured my own GPU for a year and want to learn more.".into();
        form.cv_url = "https://example.org/cv".into();
        form.hours_per_week = "8".into();
        assert!(check_signup(&form, Lang::En).is_ok());
    }
}
