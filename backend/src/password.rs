//! Password hashing: Argon2id with OWASP's recommended minimum (19 MiB memory, 2 iterations, 1 lane), run on
//! blocking threads, at most a few at once. Used by sign-in, user management and `aqiqat create-admin`.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// At most this many password checks (Argon2, 19 MiB each) run at once.
pub static PASSWORD_CHECKS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(argon2()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?
        .to_string())
}

/// Checks a password; runs on a blocking thread, as Argon2 is deliberately slow.
pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// Hashes on a blocking thread, waiting for a free slot among [`PASSWORD_CHECKS`].
pub async fn hash_password_async(password: String) -> anyhow::Result<String> {
    let _slot = PASSWORD_CHECKS.acquire().await?;
    tokio::task::spawn_blocking(move || hash_password(&password)).await?
}

/// A hash of a password nobody has: unknown e-mails take as long to refuse as wrong passwords.
pub static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password("no user has this password").unwrap_or_default());
