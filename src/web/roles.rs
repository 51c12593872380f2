//! The roles an account can have.

use serde::{Deserialize, Serialize};

/// Roles, from least to most trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Member,
    Researcher,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Member, Role::Researcher, Role::Admin];

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "member" => Some(Role::Member),
            "researcher" => Some(Role::Researcher),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Researcher => "researcher",
            Role::Admin => "admin",
        }
    }

    /// The message key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Member => "role-member",
            Role::Researcher => "role-researcher",
            Role::Admin => "role-admin",
        }
    }
}
