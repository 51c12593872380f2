//! The closed list of tasks a measurement can be for, each with its functional unit.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// What a measured model was doing. Slugs are stable: URLs, the API and exports use them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Task {
    TextGeneration,
    Reasoning,
    CodeCompletion,
    Summarization,
    QuestionAnswering,
    TextClassification,
    Embeddings,
    Translation,
    MultimodalChat,
    ImageClassification,
    ObjectDetection,
    ImageGeneration,
    VideoGeneration,
    ImageCaptioning,
    SpeechRecognition,
    Training,
    FineTuning,
}

/// What a task's figures are normalised to, so that measurements compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunctionalUnit {
    /// Wh per 1,000 queries (and J per output token where tokens are known).
    PerThousandQueries,
    /// kWh per run.
    PerRun,
}

impl Task {
    /// Every task, in the order pages list them.
    pub const ALL: [Task; 17] = [
        Task::TextGeneration,
        Task::Reasoning,
        Task::CodeCompletion,
        Task::Summarization,
        Task::QuestionAnswering,
        Task::TextClassification,
        Task::Embeddings,
        Task::Translation,
        Task::MultimodalChat,
        Task::ImageClassification,
        Task::ObjectDetection,
        Task::ImageGeneration,
        Task::VideoGeneration,
        Task::ImageCaptioning,
        Task::SpeechRecognition,
        Task::Training,
        Task::FineTuning,
    ];

    /// The stable slug, such as `text-generation`.
    pub fn slug(self) -> &'static str {
        match self {
            Task::TextGeneration => "text-generation",
            Task::Reasoning => "reasoning",
            Task::CodeCompletion => "code-completion",
            Task::Summarization => "summarization",
            Task::QuestionAnswering => "question-answering",
            Task::TextClassification => "text-classification",
            Task::Embeddings => "embeddings",
            Task::Translation => "translation",
            Task::MultimodalChat => "multimodal-chat",
            Task::ImageClassification => "image-classification",
            Task::ObjectDetection => "object-detection",
            Task::ImageGeneration => "image-generation",
            Task::VideoGeneration => "video-generation",
            Task::ImageCaptioning => "image-captioning",
            Task::SpeechRecognition => "speech-recognition",
            Task::Training => "training",
            Task::FineTuning => "fine-tuning",
        }
    }

    /// Whether AI Energy Score rates this task's models within size classes (A, B, C).
    pub fn sized(self) -> bool {
        matches!(self, Task::TextGeneration | Task::Reasoning)
    }

    /// The task for a slug; also takes a few common other spellings (`summarisation`,
    /// `sentence-similarity`, `asr`, `chat`, `text2text`).
    pub fn from_slug(slug: &str) -> Option<Task> {
        let s = slug.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Task::ALL
            .into_iter()
            .find(|t| t.slug() == s)
            .or(match s.as_str() {
                "chat" | "text-generation-chat" => Some(Task::TextGeneration),
                "summarisation" => Some(Task::Summarization),
                "sentence-similarity" | "embedding" | "feature-extraction" => {
                    Some(Task::Embeddings)
                }
                "asr" | "automatic-speech-recognition" => Some(Task::SpeechRecognition),
                "finetuning" | "fine-tune" => Some(Task::FineTuning),
                "text-to-image" => Some(Task::ImageGeneration),
                "text-to-video" => Some(Task::VideoGeneration),
                "image-to-text" => Some(Task::ImageCaptioning),
                "extractive-qa" | "qa" => Some(Task::QuestionAnswering),
                _ => None,
            })
    }

    /// The task's name for people.
    pub fn name(self, lang: Lang) -> &'static str {
        let (en, nl) = match self {
            Task::TextGeneration => ("Text generation and chat", "Tekstgeneratie en chat"),
            Task::Reasoning => ("Reasoning", "Redeneren"),
            Task::CodeCompletion => ("Code completion", "Code aanvullen"),
            Task::Summarization => ("Summarisation", "Samenvatten"),
            Task::QuestionAnswering => ("Question answering", "Vragen beantwoorden"),
            Task::TextClassification => ("Text classification", "Tekstclassificatie"),
            Task::Embeddings => (
                "Embeddings and sentence similarity",
                "Embeddings en zinsgelijkenis",
            ),
            Task::Translation => ("Translation", "Vertalen"),
            Task::MultimodalChat => ("Image and video chat", "Chat over beeld en video"),
            Task::ImageClassification => ("Image classification", "Beeldclassificatie"),
            Task::ObjectDetection => ("Object detection", "Objectdetectie"),
            Task::ImageGeneration => ("Image generation", "Beeldgeneratie"),
            Task::VideoGeneration => ("Video generation", "Videogeneratie"),
            Task::ImageCaptioning => ("Image captioning", "Beeldbeschrijving"),
            Task::SpeechRecognition => ("Speech recognition", "Spraakherkenning"),
            Task::Training => ("Training", "Training"),
            Task::FineTuning => ("Fine-tuning", "Fine-tuning"),
        };
        lang.pick(en, nl)
    }

    /// Training and fine-tuning are measured per run; everything else per 1,000 queries.
    pub fn functional_unit(self) -> FunctionalUnit {
        match self {
            Task::Training | Task::FineTuning => FunctionalUnit::PerRun,
            _ => FunctionalUnit::PerThousandQueries,
        }
    }

    /// Whether the task is ranked per run (kWh per run) rather than per 1,000 queries.
    pub fn per_run(self) -> bool {
        self.functional_unit() == FunctionalUnit::PerRun
    }

    /// The figure a measurement of this task is ranked by, of its Wh per 1,000 queries and
    /// its kWh per run.
    pub fn ranked(self, wh_per_1000_queries: Option<f64>, kwh_per_run: Option<f64>) -> Option<f64> {
        match self.functional_unit() {
            FunctionalUnit::PerRun => kwh_per_run,
            FunctionalUnit::PerThousandQueries => wh_per_1000_queries,
        }
    }

    /// Joules in one functional unit of the ranked figure (a kWh, or the Wh of 1,000
    /// queries).
    pub fn joules_per_unit(self) -> f64 {
        match self.functional_unit() {
            FunctionalUnit::PerRun => 3.6e6,
            FunctionalUnit::PerThousandQueries => 3600.0,
        }
    }

    /// The energy of one query (or one run) at a ranked figure.
    pub fn energy_of_one(self, ranked: f64) -> crate::Energy {
        match self.functional_unit() {
            FunctionalUnit::PerRun => crate::Energy::from_kwh(ranked),
            FunctionalUnit::PerThousandQueries => crate::Energy::from_wh(ranked / 1000.0),
        }
    }

    /// Whether a query of this task produces output tokens, so that energy per output token
    /// is meaningful.
    pub fn produces_tokens(self) -> bool {
        matches!(
            self,
            Task::TextGeneration
                | Task::Reasoning
                | Task::CodeCompletion
                | Task::Summarization
                | Task::QuestionAnswering
                | Task::Translation
                | Task::MultimodalChat
                | Task::ImageCaptioning
                | Task::SpeechRecognition
        )
    }

    /// The band of energy per unit (Wh per query, or kWh per run for training) inside which
    /// a measurement is plausible. Outside it, the measurement is flagged for moderation, not
    /// rejected. The bands are deliberately wide: two to three orders of magnitude beyond
    /// the published figures (AI Energy Score: 0.001–5 Wh per text-generation query on an
    /// H100; ML.ENERGY v3: 0.01–30 Wh per chat request on up to 8 GPUs, 0.2–200 Wh per video).
    pub fn plausible_band(self) -> (f64, f64) {
        match self {
            Task::TextGeneration | Task::CodeCompletion | Task::MultimodalChat => (1e-5, 100.0),
            Task::Reasoning => (1e-4, 500.0),
            Task::Summarization | Task::QuestionAnswering | Task::Translation => (1e-6, 50.0),
            Task::TextClassification | Task::Embeddings | Task::ImageClassification => (1e-8, 5.0),
            Task::ObjectDetection | Task::ImageCaptioning | Task::SpeechRecognition => (1e-7, 20.0),
            Task::ImageGeneration => (1e-3, 200.0),
            Task::VideoGeneration => (1e-2, 5_000.0),
            // kWh per run: from a tiny fine-tune on a laptop to a frontier training run.
            Task::Training | Task::FineTuning => (1e-6, 1e8),
        }
    }
}

impl std::fmt::Display for Task {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for t in Task::ALL {
            assert_eq!(Task::from_slug(t.slug()), Some(t));
            assert!(seen.insert(t.slug()));
            assert_ne!(t.name(Lang::En), "");
            assert_ne!(t.name(Lang::Nl), "");
            let (lo, hi) = t.plausible_band();
            assert!(0.0 < lo && lo < hi);
        }
    }

    #[test]
    fn other_spellings_resolve() {
        assert_eq!(Task::from_slug("Summarisation"), Some(Task::Summarization));
        assert_eq!(
            Task::from_slug("sentence_similarity"),
            Some(Task::Embeddings)
        );
        assert_eq!(Task::from_slug("knitting"), None);
        assert_eq!(Task::from_slug(""), None);
    }

    #[test]
    fn units_follow_the_task() {
        assert_eq!(Task::Training.functional_unit(), FunctionalUnit::PerRun);
        assert_eq!(
            Task::Translation.functional_unit(),
            FunctionalUnit::PerThousandQueries
        );
        assert!(Task::TextGeneration.produces_tokens());
        assert!(!Task::ImageClassification.produces_tokens());
    }
}
