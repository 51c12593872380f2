//! The states the database keeps in text columns, as Rust enums: a column holds what its
//! enum has (the migrations' `check` constraints list the same words), is read and written
//! through `sqlx::Type` and serde, and is compared by the compiler, not as a string. Each
//! value has one translation key, written out so the catalogue tests can check it.
//!
//! The measurement's states live here because the boards (this layer) read them too; the
//! states of topics, sign-ups and insights are their features' (declared with the same
//! [`stored_enum!`]).

/// Declares a state stored as text: the enum (kebab-case in the database and in JSON), its
/// `slug`, its translation `key`, `ALL` its values and `parse`.
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $slug:literal, $key:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(sqlx::Type, serde::Serialize, serde::Deserialize)]
        #[sqlx(type_name = "text", rename_all = "kebab-case")]
        #[serde(rename_all = "kebab-case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word the database, URLs and JSON use.
            pub fn slug(self) -> &'static str {
                match self {
                    $( $name::$variant => $slug, )+
                }
            }

            /// The translation key of its name for people.
            pub fn key(self) -> &'static str {
                match self {
                    $( $name::$variant => $key, )+
                }
            }

            pub fn parse(slug: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.slug() == slug)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.slug())
            }
        }
    };
}
pub(crate) use stored_enum;

stored_enum! {
    /// How far a measurement got.
    pub enum Status {
        /// Flagged: waits for a researcher (and may be edited or withdrawn by its submitter).
        Pending = "pending", "status-pending";
        /// Counts on the boards.
        Verified = "verified", "status-verified";
        Rejected = "rejected", "status-rejected";
        Withdrawn = "withdrawn", "status-withdrawn";
    }
}

stored_enum! {
    /// Who stands behind a measurement's figure.
    pub enum Tier {
        /// A published benchmark.
        Published = "published", "tier-published";
        /// The community's, checked by a researcher.
        Verified = "verified", "tier-verified";
        /// The community's, stored without flags; nobody checked it yet.
        SelfReported = "self-reported", "tier-self-reported";
    }
}

stored_enum! {
    /// Where a measurement comes from.
    pub enum Source {
        /// A member of the community.
        Community = "community", "source-community";
        /// A published benchmark (its source and citation are kept with it).
        Published = "published", "source-published";
    }
}

stored_enum! {
    /// A model of the catalogue: approved, or proposed with a measurement and waiting.
    pub enum ModelStatus {
        Pending = "pending", "model-status-pending";
        Approved = "approved", "model-status-approved";
        Rejected = "rejected", "model-status-rejected";
    }
}

stored_enum! {
    /// An uploaded file, from its preview to its end.
    pub enum UploadState {
        Preview = "preview", "upload-state-preview";
        Importing = "importing", "upload-state-importing";
        Done = "done", "upload-state-done";
        Failed = "failed", "upload-state-failed";
    }
}

stored_enum! {
    /// A run a CodeCarbon tracker sends live, from its first interval to its measurement.
    pub enum RunState {
        /// Receiving intervals.
        Open = "open", "run-state-open";
        /// Stored as a measurement.
        Stored = "stored", "run-state-stored";
        /// Its experiment is not one of the member's: model and task unknown.
        Unnamed = "unnamed", "run-state-unnamed";
        /// Could not be a measurement (no energy, or the figures were refused).
        Refused = "refused", "run-state-refused";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_what_the_database_and_json_hold() {
        fn check<T: serde::Serialize + Copy>(all: &[T], slug: fn(T) -> &'static str) {
            for v in all {
                assert_eq!(serde_json::to_value(v).unwrap(), slug(*v));
            }
        }
        check(Status::ALL, Status::slug);
        check(Tier::ALL, Tier::slug);
        check(Source::ALL, Source::slug);
        check(ModelStatus::ALL, ModelStatus::slug);
        check(UploadState::ALL, UploadState::slug);
        check(RunState::ALL, RunState::slug);
        assert_eq!(Tier::parse("self-reported"), Some(Tier::SelfReported));
        assert_eq!(Status::parse("nope"), None);
    }
}
