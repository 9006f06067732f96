//! The sensitive-word lists and the matcher every module asks before it shows free text.
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// Cache keys of the compiled word lists start with this.
#[cfg(feature = "ssr")]
const WORDS_CACHE_PREFIX: &str = "moderation/words/";
/// Most words one organization keeps, and the longest word.
pub const MAX_WORDS: usize = 2000;
pub const MAX_WORD_CHARS: usize = 20;

/// One organization's list, and the organizations the caller may keep lists for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WordList {
    pub org_id: i64,
    pub org_name: String,
    pub words: Vec<(i64, String)>,
    /// Words that apply from organizations above (read only here).
    pub inherited: i64,
    pub choices: Vec<(i64, String)>,
}

/// The words of a list, compiled once (Aho-Corasick finds any of thousands of words in
/// one pass over the text); case is ignored for Latin letters.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct Matcher {
    automaton: Option<std::sync::Arc<aho_corasick::AhoCorasick>>,
    words: std::sync::Arc<Vec<String>>,
}

#[cfg(feature = "ssr")]
impl Matcher {
    pub fn new(words: Vec<String>) -> Result<Self, AppError> {
        let automaton = if words.is_empty() {
            None
        } else {
            Some(std::sync::Arc::new(aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(&words).map_err(AppError::internal)?))
        };
        Ok(Matcher { automaton, words: std::sync::Arc::new(words) })
    }

    /// The first listed word the text holds. Spaces and common separators inside a word
    /// do not hide it (`敏 感` matches `敏感`).
    pub fn find(&self, text: &str) -> Option<String> {
        let a = self.automaton.as_ref()?;
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '*' | '.' | '-' | '_' | '·' | '、')).collect();
        a.find(text).or_else(|| a.find(&squeezed)).map(|m| self.words[m.pattern().as_usize()].clone())
    }
}

/// The matcher for text written at the organization `path` (its list and those above),
/// kept a minute.
#[cfg(feature = "ssr")]
pub async fn matcher(db: &crate::shell::Db, path: &str) -> Result<Matcher, AppError> {
    let db = db.clone();
    let path_owned = path.to_owned();
    crate::shell::cache()?
        .get_or_load(&format!("{WORDS_CACHE_PREFIX}{path}"), std::time::Duration::from_secs(60), || async move {
            Matcher::new(super::repo::words_above(&db, &path_owned).await?)
        })
        .await
}

/// Splits what the organizer typed into words: one per line or separated by commas.
pub fn parse_words(raw: &str) -> Result<Vec<String>, AppError> {
    let mut words: Vec<String> = raw.split(['\n', ',', '，', '、', ';', '；']).map(str::trim).filter(|w| !w.is_empty()).map(str::to_owned).collect();
    if words.is_empty() {
        return Err(AppError::invalid("words", "请填写敏感词，每行一个"));
    }
    if let Some(w) = words.iter().find(|w| w.chars().count() > MAX_WORD_CHARS) {
        return Err(AppError::invalid("words", &format!("敏感词不能超过 {MAX_WORD_CHARS} 个字：{w}")));
    }
    if words.iter().any(|w| w.chars().count() < 2 && w.is_ascii()) {
        return Err(AppError::invalid("words", "英文或数字敏感词至少 2 个字符"));
    }
    words.sort();
    words.dedup();
    Ok(words)
}

/// 敏感词: one organization's list (the caller's first by default).
#[server(prefix = "/api", endpoint = "moderation/words", input = GetUrl)]
pub async fn get_words(org: Option<i64>) -> Result<WordList, AppError> {
    use crate::org::{scope_paths, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let paths = scope_paths(&me, Perm::ManageWords)?;
        let db = shell::db()?;
        let choices = crate::org::repo::orgs_by_paths(&db, &paths, 200).await?;
        let org_id = match org {
            Some(o) => o,
            None => choices.first().map(|c| c.0).ok_or(AppError::Forbidden)?,
        };
        let row = crate::org::repo::org(&db, org_id).await?.ok_or(AppError::NotFound)?;
        if !crate::org::allows(&me, &row.path, Perm::ManageWords) {
            return Err(AppError::Forbidden);
        }
        let words = super::repo::words_of(&db, org_id).await?;
        let inherited = super::repo::words_above(&db, &row.path).await?.len() as i64 - words.len() as i64;
        Ok(WordList { org_id, org_name: row.name, words, inherited, choices })
    })
    .await
}

/// Adds words to an organization's list; answers how many were new.
#[server(prefix = "/api", endpoint = "moderation/add_words")]
pub async fn add_words(org_id: i64, words: String) -> Result<usize, AppError> {
    use crate::org::Perm;
    use crate::{audit, shell};
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        crate::org::require_scope(&db, &me, crate::org::OrgId(org_id), Perm::ManageWords).await?;
        let words = parse_words(&words)?;
        if super::repo::words_of(&db, org_id).await?.len() + words.len() > MAX_WORDS {
            return Err(AppError::invalid("words", &format!("每个组织最多 {MAX_WORDS} 个敏感词")));
        }
        let mut tx = db.write_tx().await?;
        let added = super::repo::add_words(&mut tx, org_id, &words, shell::now_ms()).await?;
        let detail = format!("added={added}");
        audit::record(&mut *tx, audit::Entry { actor_id: Some(me.id.0), action: "words_added", org_id: Some(org_id), target: "mod_words", detail: &detail, ip: &crate::auth::client_ip() }).await?;
        tx.commit().await?;
        shell::cache()?.forget(WORDS_CACHE_PREFIX);
        Ok(added)
    })
    .await
}

/// Removes one word from a list.
#[server(prefix = "/api", endpoint = "moderation/delete_word")]
pub async fn delete_word(id: i64) -> Result<(), AppError> {
    use crate::org::Perm;
    use crate::{audit, shell};
    shell::respond(async move {
        let me = crate::auth::require_user().await?;
        let db = shell::db()?;
        let mut tx = db.write_tx().await?;
        let Some((org, word)) = super::repo::delete_word(&mut tx, id).await? else { return Err(AppError::NotFound) };
        let path = crate::org::repo::org_in(&mut tx, org).await?.map(|o| o.path).unwrap_or_default();
        if !crate::org::allows(&me, &path, Perm::ManageWords) {
            return Err(AppError::Forbidden);
        }
        audit::record(&mut *tx, audit::Entry { actor_id: Some(me.id.0), action: "word_deleted", org_id: Some(org), target: "mod_words", detail: &word, ip: &crate::auth::client_ip() }).await?;
        tx.commit().await?;
        shell::cache()?.forget(WORDS_CACHE_PREFIX);
        Ok(())
    })
    .await
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_through_spacing_and_case() {
        let m = Matcher::new(vec!["敏感".into(), "spam".into()]).unwrap();
        assert_eq!(m.find("这是敏感内容").as_deref(), Some("敏感"));
        assert_eq!(m.find("这是 敏 感 内容").as_deref(), Some("敏感"));
        assert_eq!(m.find("buy SPAM now").as_deref(), Some("spam"));
        assert_eq!(m.find("一切正常"), None);
        assert_eq!(Matcher::new(Vec::new()).unwrap().find("敏感"), None);
    }

    #[test]
    fn typed_lists_are_split_checked_and_deduplicated() {
        assert_eq!(parse_words("甲乙\n丙丁，甲乙、 戊己 ").unwrap(), vec!["丙丁", "戊己", "甲乙"]);
        assert!(parse_words(" \n ").is_err());
        assert!(parse_words("a").is_err());
        assert!(parse_words(&"字".repeat(21)).is_err());
    }
}
