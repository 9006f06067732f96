//! SQL of the sensitive-word lists (server only).
use crate::shell::{AppError, Db};

type Tx = crate::shell::WriteTx;

/// The words that apply at `path`: those of the organization there and of every one above.
pub async fn words_above(db: &Db, path: &str) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar("SELECT w.word FROM mod_words w JOIN org_organizations o ON o.id = w.org_id WHERE $1 LIKE o.path || '%'")
        .bind(path)
        .fetch_all(db.pool())
        .await?)
}

/// One organization's own list: (id, word), in the order they were added.
pub async fn words_of(db: &Db, org: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as("SELECT id, word FROM mod_words WHERE org_id = $1 ORDER BY id").bind(org).fetch_all(db.pool()).await?)
}

/// Adds words the organization does not list yet; answers how many were new.
pub async fn add_words(tx: &mut Tx, org: i64, words: &[String], now: i64) -> Result<usize, AppError> {
    let mut added = 0;
    for w in words {
        let done = sqlx::query("INSERT INTO mod_words (org_id, word, created_at) VALUES ($1, $2, $3) ON CONFLICT (org_id, word) DO NOTHING")
            .bind(org)
            .bind(w)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        added += done.rows_affected() as usize;
    }
    Ok(added)
}

/// Removes a word; answers its organization and text.
pub async fn delete_word(tx: &mut Tx, id: i64) -> Result<Option<(i64, String)>, AppError> {
    let row: Option<(i64, String)> = sqlx::query_as("SELECT org_id, word FROM mod_words WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
    if row.is_some() {
        sqlx::query("DELETE FROM mod_words WHERE id = $1").bind(id).execute(&mut **tx).await?;
    }
    Ok(row)
}
