//! Password hashing with argon2id at OWASP's parameters (m = 19 MiB, t = 2, p = 1), done off
//! the async runtime, and the password policy.

use argon2::{Algorithm, Argon2, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use password_hash::SaltString;
use password_hash::rand_core::OsRng;

/// Argon2id cost parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Params {
    /// OWASP Password Storage Cheat Sheet: argon2id, m=19456 KiB, t=2, p=1.
    pub const fn production() -> Params {
        Params {
            memory_kib: 19_456,
            iterations: 2,
            parallelism: 1,
        }
    }

    /// The cheapest valid parameters, for tests only.
    pub const fn fast_for_tests() -> Params {
        Params {
            memory_kib: 8,
            iterations: 1,
            parallelism: 1,
        }
    }

    fn argon2(self) -> anyhow::Result<Argon2<'static>> {
        let params = argon2::Params::new(self.memory_kib, self.iterations, self.parallelism, None)
            .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// Too many password hashes are being computed at once: try again in a moment (503).
#[derive(Debug, thiserror::Error)]
#[error("too many password checks at once")]
pub struct Busy;

/// At most one argon2 computation per core at a time (19 MiB each at production cost), so no
/// burst of logins or resets can take more memory than that; a request that waits longer
/// than a few seconds for its turn is answered 503 with Retry-After.
static SLOTS: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
});

async fn slot() -> anyhow::Result<tokio::sync::SemaphorePermit<'static>> {
    match tokio::time::timeout(std::time::Duration::from_secs(3), SLOTS.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(Busy.into()),
    }
}

/// Hashes a password into a PHC string, on a blocking thread.
pub async fn hash(plain: String, params: Params) -> anyhow::Result<String> {
    let _turn = slot().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        params
            .argon2()?
            .hash_password(plain.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
    })
    .await?
}

/// Checks a password against a PHC string, on a blocking thread.
pub async fn verify(plain: String, phc: String) -> anyhow::Result<bool> {
    let _turn = slot().await?;
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&phc).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
        Ok(Argon2::default()
            .verify_password(plain.as_bytes(), &parsed)
            .is_ok())
    })
    .await?
}

/// Whether a stored hash was made with other parameters than `params` (then it is
/// replaced at the next login).
pub fn needs_rehash(phc: &str, params: Params) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    let get = |name: &str| parsed.params.get_decimal(name);
    parsed.algorithm.as_str() != "argon2id"
        || get("m") != Some(params.memory_kib)
        || get("t") != Some(params.iterations)
        || get("p") != Some(params.parallelism)
}

/// A hash of a random password at `params`, verified against when an address has no
/// account, so that login takes as long either way.
pub async fn dummy_hash(params: Params) -> anyhow::Result<String> {
    static CACHE: std::sync::Mutex<Vec<(Params, String)>> = std::sync::Mutex::new(Vec::new());
    if let Some((_, h)) = CACHE
        .lock()
        .ok()
        .and_then(|c| c.iter().find(|(p, _)| *p == params).cloned())
    {
        return Ok(h);
    }
    let h = hash(crate::infra::tokens::random_token(), params).await?;
    if let Ok(mut c) = CACHE.lock() {
        c.push((params, h.clone()));
    }
    Ok(h)
}

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("use at least 12 characters")]
    TooShort,
    #[error("use at most 128 characters")]
    TooLong,
    #[error("this password is too common; choose another")]
    TooCommon,
}

impl PasswordError {
    /// The message catalogue key.
    pub fn key(self) -> &'static str {
        match self {
            PasswordError::TooShort => "password-too-short",
            PasswordError::TooLong => "password-too-long",
            PasswordError::TooCommon => "password-too-common",
        }
    }
}

/// 12 to 128 characters of any kind (OWASP ASVS 2.1.1, 2.1.2), and not easily guessed
/// (ASVS 2.1.7): zxcvbn, with its frequency lists from real password breaches and the
/// person's own e-mail address and name as extra words, must estimate more than 10⁶
/// guesses (score 2 or better).
pub fn check_policy(plain: &str, personal: &[&str]) -> Result<(), PasswordError> {
    let n = plain.chars().count();
    if n < 12 {
        return Err(PasswordError::TooShort);
    }
    if n > 128 {
        return Err(PasswordError::TooLong);
    }
    // An address counts as its whole and as its part before the @.
    let mut words: Vec<&str> = personal.to_vec();
    words.extend(
        personal
            .iter()
            .filter_map(|p| p.split_once('@').map(|(local, _)| local)),
    );
    if zxcvbn::zxcvbn(plain, &words).score() < zxcvbn::Score::Two {
        return Err(PasswordError::TooCommon);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_parameters_are_owasps() {
        assert_eq!(
            Params::production(),
            Params {
                memory_kib: 19_456,
                iterations: 2,
                parallelism: 1
            }
        );
    }

    #[tokio::test]
    async fn hashes_verify_and_carry_their_parameters() {
        let h = hash("correct horse battery".into(), Params::production())
            .await
            .unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(
            verify("correct horse battery".into(), h.clone())
                .await
                .unwrap()
        );
        assert!(!verify("wrong horse battery".into(), h).await.unwrap());
    }

    #[test]
    fn policy() {
        assert_eq!(check_policy("short", &[]), Err(PasswordError::TooShort));
        assert_eq!(check_policy("a long green passphrase", &[]), Ok(()));
        assert_eq!(
            check_policy(&"x".repeat(129), &[]),
            Err(PasswordError::TooLong)
        );
        assert_eq!(
            check_policy("ééééééééééé", &[]),
            Err(PasswordError::TooShort)
        );
        assert_eq!(
            check_policy("Password1234", &[]),
            Err(PasswordError::TooCommon)
        );
        assert_eq!(
            check_policy("aaaaaaaaaaaaaaa", &[]),
            Err(PasswordError::TooCommon)
        );
        assert_eq!(
            check_policy("123456789012", &[]),
            Err(PasswordError::TooCommon)
        );
        assert_eq!(
            check_policy("annvandam1990", &["annvandam1990@example.nl"]),
            Err(PasswordError::TooCommon)
        );
    }

    #[tokio::test]
    async fn old_parameters_are_noticed() {
        let fast = hash("some long passphrase".into(), Params::fast_for_tests())
            .await
            .unwrap();
        assert!(needs_rehash(&fast, Params::production()));
        assert!(!needs_rehash(&fast, Params::fast_for_tests()));
        assert!(needs_rehash("not a hash", Params::production()));
    }
}
