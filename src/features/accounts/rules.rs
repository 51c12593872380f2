//! What an account must be: a plausible e-mail address; and `create-admin`, which makes the
//! first admin from the command line.

use super::store;
use crate::infra::password;

/// What `create-admin` did.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminOutcome {
    Created,
    /// The address had an account already: it is now an admin, with the new password.
    Promoted,
}

/// Problems with what `create-admin` was given, said plainly.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AdminInputError {
    #[error("“{0}” is not an e-mail address")]
    Email(String),
    #[error("{0}")]
    Password(password::PasswordError),
}

/// Creates an admin account, or makes the existing account with this address an admin.
pub async fn create_admin(
    db: &sqlx::PgPool,
    email: &str,
    plain_password: &str,
) -> anyhow::Result<Result<AdminOutcome, AdminInputError>> {
    let email = email.trim();
    if !looks_like_email(email) {
        return Ok(Err(AdminInputError::Email(email.to_string())));
    }
    if let Err(e) = password::check_policy(plain_password, &[email]) {
        return Ok(Err(AdminInputError::Password(e)));
    }
    let hash = password::hash(plain_password.to_string(), password::Params::production()).await?;
    let created = store::upsert_admin(db, email, &hash).await?;
    Ok(Ok(if created {
        AdminOutcome::Created
    } else {
        AdminOutcome::Promoted
    }))
}

/// A plausible address: one `@` with something on both sides and a dot in the domain.
pub fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && s.len() <= 254
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shapes() {
        assert!(looks_like_email("ann@example.nl"));
        assert!(!looks_like_email("ann@example"));
        assert!(!looks_like_email("@example.nl"));
        assert!(!looks_like_email("ann @example.nl"));
        assert!(!looks_like_email("ann@@example.nl"));
    }
}
