//! Rate limits kept in PostgreSQL, so they hold across app instances: fixed windows per key
//! (`login-ip:192.0.2.1`, `login-account:ann@example.nl`, …).

use crate::web::error::AppError;
use sqlx::PgPool;

/// A limit: at most `max` events per `window_secs` per key.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub name: &'static str,
    pub max: i32,
    pub window_secs: i64,
}

/// Failed logins per address.
pub const LOGIN_PER_IP: Limit = Limit {
    name: "login-ip",
    max: 20,
    window_secs: 900,
};
/// Login attempts per account from one address: the guesser's address is stopped, while the
/// owner, from any other address, still gets in with the right password.
pub const LOGIN_PER_ACCOUNT_AND_IP: Limit = Limit {
    name: "login-account-ip",
    max: 5,
    window_secs: 900,
};
/// Login attempts per account from all addresses together: a much higher bar, the ceiling
/// for a guesser spread over many addresses (a lockout only they can cause, and only at
/// this rate).
pub const LOGIN_PER_ACCOUNT: Limit = Limit {
    name: "login-account",
    max: 100,
    window_secs: 3600,
};
/// Registrations per address.
pub const REGISTER_PER_IP: Limit = Limit {
    name: "register-ip",
    max: 5,
    window_secs: 3600,
};
/// New passwords set through reset links, per address (each costs an argon2 hash).
pub const RESET_SUBMIT_PER_IP: Limit = Limit {
    name: "reset-submit-ip",
    max: 10,
    window_secs: 3600,
};
/// Re-entries of the current password (to change it, the address, or delete the account),
/// per account, counted before they are checked.
pub const CURRENT_PASSWORD: Limit = Limit {
    name: "current-password",
    max: 5,
    window_secs: 900,
};
/// Password-reset requests per address.
pub const RESET_PER_IP: Limit = Limit {
    name: "reset-ip",
    max: 5,
    window_secs: 3600,
};

/// What a refused caller reads: how long to wait, in whole minutes (at least one).
pub fn wait_message(lang: crate::web::i18n::Lang, retry_after_secs: u64) -> String {
    let minutes = retry_after_secs.div_ceil(60).max(1).to_string();
    crate::web::i18n::tf(lang, "error-429-wait", &[("minutes", &minutes)])
}

/// The key of a limit for one caller; a caller's part is bounded (a 3,000-character address
/// would not fit the key's index).
fn key(limit: Limit, who: &str) -> String {
    let who: String = who.to_lowercase().chars().take(300).collect();
    format!("{}:{who}", limit.name)
}

/// Counts one event; refuses with 429 and Retry-After once the window is full.
pub async fn hit(db: &PgPool, limit: Limit, who: &str) -> Result<(), AppError> {
    let row = sqlx::query!(
        r#"insert into rate_limits (key, window_start, count) values ($1, now(), 1)
         on conflict (key) do update set
            count = case when rate_limits.window_start + make_interval(secs => $2) <= now()
                         then 1 else rate_limits.count + 1 end,
            window_start = case when rate_limits.window_start + make_interval(secs => $2) <= now()
                         then now() else rate_limits.window_start end
         returning count,
                   extract(epoch from (window_start + make_interval(secs => $2) - now()))::float8
                       as "retry!""#,
        key(limit, who),
        limit.window_secs as f64
    )
    .fetch_one(db)
    .await?;
    let (count, retry) = (row.count, row.retry);
    if count > limit.max {
        return Err(AppError::TooManyRequests(retry.ceil().max(1.0) as u64));
    }
    Ok(())
}

/// Refuses with 429 if the window is already full, without counting.
pub async fn check(db: &PgPool, limit: Limit, who: &str) -> Result<(), AppError> {
    let row = sqlx::query!(
        r#"select count,
                  extract(epoch from (window_start + make_interval(secs => $2) - now()))::float8
                      as "retry!"
             from rate_limits where key = $1"#,
        key(limit, who),
        limit.window_secs as f64
    )
    .fetch_optional(db)
    .await?
    .map(|r| (r.count, r.retry));
    match row {
        Some((count, retry)) if count >= limit.max && retry > 0.0 => {
            Err(AppError::TooManyRequests(retry.ceil() as u64))
        }
        _ => Ok(()),
    }
}

/// Forgets a key's events (after a successful login, say).
pub async fn clear(db: &PgPool, limit: Limit, who: &str) -> Result<(), AppError> {
    sqlx::query!("delete from rate_limits where key = $1", key(limit, who))
        .execute(db)
        .await?;
    Ok(())
}
