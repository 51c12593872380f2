//! Password hashing with argon2id at OWASP's parameters (m = 19 MiB, t = 2, p = 1), done off
//! the async runtime, and the password policy.

use argon2::{Algorithm, Argon2, PasswordHash, Version};
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

/// How many argon2 computations run at once: one per core.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// At most one argon2 computation per core at a time (19 MiB each at production cost); a
/// request that waits longer than a few seconds for its turn is answered 503 with
/// Retry-After.
static SLOTS: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(workers()));

type Job = Box<dyn FnOnce() + Send>;

/// The threads that compute hashes, one per slot. Always the same few threads: memory an
/// allocator keeps for a thread after a 19 MiB hash is reused by that thread's next hash,
/// where spawn_blocking's many threads would each keep their own (a burst of 20 logins took
/// the server to 518 MB that way).
static HASHERS: std::sync::LazyLock<std::sync::Mutex<std::sync::mpsc::Sender<Job>>> =
    std::sync::LazyLock::new(|| {
        let (send, receive) = std::sync::mpsc::channel::<Job>();
        let receive = std::sync::Arc::new(std::sync::Mutex::new(receive));
        for n in 0..workers() {
            let receive = receive.clone();
            let _ = std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || {
                    loop {
                        let job = match receive.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
        }
        std::sync::Mutex::new(send)
    });

/// Runs `work` on a hashing thread once a slot is free.
async fn on_hasher<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    let _turn = match tokio::time::timeout(std::time::Duration::from_secs(3), SLOTS.acquire()).await
    {
        Ok(Ok(permit)) => permit,
        _ => return Err(Busy.into()),
    };
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(work());
    });
    HASHERS
        .lock()
        .map_err(|_| anyhow::anyhow!("the hashing threads stopped"))?
        .send(job)
        .map_err(|_| anyhow::anyhow!("the hashing threads stopped"))?;
    result
        .await
        .map_err(|_| anyhow::anyhow!("a hashing thread stopped"))?
}

thread_local! {
    /// The hashing thread's argon2 memory (19 MiB at production cost), kept and reused: with
    /// a fresh block per hash, glibc kept each freed one, about 10 MB more a login (244 MB
    /// after 20 logins, measured by scripts/bench-auth-burst).
    static MEMORY: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The argon2 output of `plain` under `argon` and `salt`, computed in this thread's memory.
fn compute(
    argon: &Argon2<'_>,
    block_count: usize,
    plain: &str,
    salt: &[u8],
    out: &mut [u8],
) -> anyhow::Result<()> {
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        memory.resize(block_count, argon2::Block::default());
        argon
            .hash_password_into_with_memory(plain.as_bytes(), salt, out, &mut memory[..block_count])
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
    })
}

/// Hashes a password into a PHC string, on a hashing thread.
pub async fn hash(plain: String, params: Params) -> anyhow::Result<String> {
    on_hasher(move || {
        let salt = SaltString::generate(&mut OsRng);
        let argon = params.argon2()?;
        let argon_params = argon2::Params::new(
            params.memory_kib,
            params.iterations,
            params.parallelism,
            None,
        )
        .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt
            .decode_b64(&mut salt_bytes)
            .map_err(|e| anyhow::anyhow!("salt: {e}"))?;
        let mut out = [0u8; argon2::Params::DEFAULT_OUTPUT_LEN];
        compute(
            &argon,
            argon_params.block_count(),
            &plain,
            salt_bytes,
            &mut out,
        )?;
        let phc = PasswordHash {
            algorithm: argon2::Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: password_hash::ParamsString::try_from(&argon_params)
                .map_err(|e| anyhow::anyhow!("parameters: {e}"))?,
            salt: Some(salt.as_salt()),
            hash: Some(
                password_hash::Output::new(&out).map_err(|e| anyhow::anyhow!("output: {e}"))?,
            ),
        };
        Ok(phc.to_string())
    })
    .await
}

/// Checks a password against a PHC string, on a hashing thread.
pub async fn verify(plain: String, phc: String) -> anyhow::Result<bool> {
    on_hasher(move || {
        let parsed = PasswordHash::new(&phc).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
        let params = argon2::Params::try_from(&parsed)
            .map_err(|e| anyhow::anyhow!("stored parameters: {e}"))?;
        let algorithm = Algorithm::try_from(parsed.algorithm)
            .map_err(|e| anyhow::anyhow!("stored algorithm: {e}"))?;
        let version = parsed
            .version
            .map(Version::try_from)
            .transpose()
            .map_err(|e| anyhow::anyhow!("stored version: {e}"))?
            .unwrap_or_default();
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Err(anyhow::anyhow!("the stored hash has no salt or output"));
        };
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt
            .decode_b64(&mut salt_bytes)
            .map_err(|e| anyhow::anyhow!("stored salt: {e}"))?;
        let argon = Argon2::new(algorithm, version, params.clone());
        let mut out = vec![0u8; expected.len()];
        compute(&argon, params.block_count(), &plain, salt_bytes, &mut out)?;
        Ok(crate::infra::tokens::constant_time_eq(
            &out,
            expected.as_bytes(),
        ))
    })
    .await
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
        assert!(
            !verify("wrong horse battery".into(), h.clone())
                .await
                .unwrap()
        );
        // The same strings the argon2 crate writes and reads itself, both ways.
        use argon2::{PasswordHasher, PasswordVerifier};
        let parsed = PasswordHash::new(&h).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Params::fast_for_tests()
            .argon2()
            .unwrap()
            .hash_password(b"another passphrase", &salt)
            .unwrap()
            .to_string();
        assert!(verify("another passphrase".into(), theirs).await.unwrap());
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
