//! Configuration from environment variables and an optional `lianxin.toml`.
//! Anything unknown or invalid stops start-up with a message that says what to fix.
use anyhow::{bail, Context};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The default embedded database: zero set-up.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/lianxin.db?mode=rwc";

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Settings {
    /// `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// Where to listen; port 0 picks a free port (tests).
    pub site_addr: SocketAddr,
    /// Folder with `pkg/` (the built JS, wasm and CSS) and the public assets.
    pub site_root: PathBuf,
    /// Server-side secret for keys derived later (field encryption, tokens). Never logged.
    pub secret_key: String,
    /// Set `Secure` and the `__Host-` prefix on cookies (the site is behind TLS).
    pub secure_cookies: bool,
}

/// The keys `lianxin.toml` may hold; the same names as the environment variables.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(rename = "DATABASE_URL")]
    database_url: Option<String>,
    #[serde(rename = "LEPTOS_SITE_ADDR")]
    site_addr: Option<String>,
    #[serde(rename = "LEPTOS_SITE_ROOT")]
    site_root: Option<String>,
    #[serde(rename = "LIANXIN_SECRET_KEY")]
    secret_key: Option<String>,
    #[serde(rename = "LIANXIN_SECURE_COOKIES")]
    secure_cookies: Option<bool>,
}

/// Environment variables with our prefix that we understand; any other `LIANXIN_*` is a typo.
const KNOWN_ENV: &[&str] = &[
    "LIANXIN_SECRET_KEY",
    "LIANXIN_SECURE_COOKIES",
    "LIANXIN_CONFIG",
    // Read by the test suite only.
    "LIANXIN_TEST_DB",
    "LIANXIN_TEST_PG_URL",
];

impl Settings {
    /// Reads `lianxin.toml` (or `$LIANXIN_CONFIG`) if present, then the environment on top.
    pub fn load() -> anyhow::Result<Settings> {
        let env: Vec<(String, String)> = std::env::vars().collect();
        Self::from_sources(&env)
    }

    fn from_sources(env: &[(String, String)]) -> anyhow::Result<Settings> {
        let get = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        for (name, _) in env {
            if name.starts_with("LIANXIN_") && !KNOWN_ENV.contains(&name.as_str()) {
                bail!("未知的配置项 {name}（可用：{}）", KNOWN_ENV.join(", "));
            }
        }
        let file_path = get("LIANXIN_CONFIG").map(PathBuf::from);
        let file = match &file_path {
            Some(p) => read_file(p)?,
            None if Path::new("lianxin.toml").exists() => read_file(Path::new("lianxin.toml"))?,
            None => FileConfig::default(),
        };
        let database_url = get("DATABASE_URL")
            .or(file.database_url)
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        app::shell::Backend::from_url(&database_url).map_err(anyhow::Error::msg)?;
        let addr = get("LEPTOS_SITE_ADDR").or(file.site_addr).unwrap_or_else(|| "127.0.0.1:3000".into());
        let site_addr: SocketAddr = addr
            .parse()
            .with_context(|| format!("LEPTOS_SITE_ADDR 应形如 127.0.0.1:3000（收到 {addr:?}）"))?;
        let site_root = get("LEPTOS_SITE_ROOT").or(file.site_root).unwrap_or_else(|| "target/site".into());
        let secure_cookies = match get("LIANXIN_SECURE_COOKIES") {
            Some(v) => parse_bool("LIANXIN_SECURE_COOKIES", &v)?,
            None => file.secure_cookies.unwrap_or(false),
        };
        let secret_key = match get("LIANXIN_SECRET_KEY").or(file.secret_key) {
            Some(k) => k,
            None if database_url.starts_with("sqlite:") => local_secret_key(&database_url)?,
            // Several instances share one PostgreSQL database: they must share one key too.
            None => bail!("使用 PostgreSQL 时必须设置 LIANXIN_SECRET_KEY（至少 32 个字符，各实例相同）"),
        };
        if secret_key.chars().count() < 32 {
            bail!("LIANXIN_SECRET_KEY 至少需要 32 个字符");
        }
        Ok(Settings { database_url, site_addr, site_root: PathBuf::from(site_root), secret_key, secure_cookies })
    }

    /// Settings for a test server on a free port with a throw-away key.
    pub fn for_tests(database_url: &str) -> Settings {
        Settings {
            database_url: database_url.to_owned(),
            site_addr: "127.0.0.1:0".parse().expect("valid literal address"),
            site_root: PathBuf::from("target/site"),
            secret_key: "test-secret-key-not-for-production-use-0123456789".into(),
            secure_cookies: false,
        }
    }
}

fn read_file(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path).with_context(|| format!("无法读取配置文件 {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("配置文件 {} 有误", path.display()))
}

fn parse_bool(name: &str, v: &str) -> anyhow::Result<bool> {
    match v {
        "1" | "true" | "yes" => Ok(true),
        "0" | "false" | "no" => Ok(false),
        _ => bail!("{name} 只能是 true 或 false（收到 {v:?}）"),
    }
}

/// With the embedded database and no key configured, keep a random key beside the
/// database file (created once, readable only by its owner), so `make run` needs no set-up.
fn local_secret_key(database_url: &str) -> anyhow::Result<String> {
    let file = database_url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let file = file.split('?').next().unwrap_or(file);
    let dir = Path::new(file).parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let path = dir.join("secret.key");
    if let Ok(k) = std::fs::read_to_string(&path) {
        return Ok(k.trim().to_owned());
    }
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建目录 {}", dir.display()))?;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("无法生成随机密钥：{e}"))?;
    let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    write_private(&path, &key).with_context(|| format!("无法写入 {}", path.display()))?;
    tracing::info!(path = %path.display(), "created a local secret key");
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }
    const KEY: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn environment_variables_configure_the_server() {
        let s = Settings::from_sources(&env(&[
            ("DATABASE_URL", "postgres://127.0.0.1/test"),
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
            ("LIANXIN_SECRET_KEY", KEY),
        ]))
        .unwrap();
        assert_eq!(s.database_url, "postgres://127.0.0.1/test");
        assert_eq!(s.site_addr.port(), 8080);
        assert!(!s.secure_cookies);
    }

    #[test]
    fn an_unknown_lianxin_variable_stops_start_up() {
        let err = Settings::from_sources(&env(&[("LIANXIN_SECRET_KYE", KEY)])).unwrap_err();
        assert!(err.to_string().contains("LIANXIN_SECRET_KYE"), "{err}");
    }

    #[test]
    fn invalid_values_are_refused_with_a_clear_message() {
        let bad_addr = Settings::from_sources(&env(&[("LEPTOS_SITE_ADDR", "localhost"), ("LIANXIN_SECRET_KEY", KEY)]));
        assert!(format!("{:#}", bad_addr.unwrap_err()).contains("LEPTOS_SITE_ADDR"));
        let bad_db = Settings::from_sources(&env(&[("DATABASE_URL", "mysql://x"), ("LIANXIN_SECRET_KEY", KEY)]));
        assert!(bad_db.unwrap_err().to_string().contains("DATABASE_URL"));
        let short = Settings::from_sources(&env(&[("LIANXIN_SECRET_KEY", "short")]));
        assert!(short.unwrap_err().to_string().contains("32"));
        let pg = Settings::from_sources(&env(&[("DATABASE_URL", "postgres://127.0.0.1/test")]));
        assert!(pg.unwrap_err().to_string().contains("LIANXIN_SECRET_KEY"));
    }

    #[test]
    fn a_config_file_with_an_unknown_key_is_refused() {
        let dir = std::env::temp_dir().join(format!("lianxin-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.toml");
        std::fs::write(&path, "DATABASE_URLL = \"sqlite://x.db\"\n").unwrap();
        let err = Settings::from_sources(&env(&[("LIANXIN_CONFIG", path.to_str().unwrap())])).unwrap_err();
        assert!(format!("{err:#}").contains("DATABASE_URLL"), "{err:#}");
        std::fs::write(&path, format!("LIANXIN_SECRET_KEY = \"{KEY}\"\nLEPTOS_SITE_ADDR = \"127.0.0.1:4000\"\n")).unwrap();
        let s = Settings::from_sources(&env(&[("LIANXIN_CONFIG", path.to_str().unwrap())])).unwrap();
        assert_eq!(s.site_addr.port(), 4000);
        std::fs::remove_dir_all(&dir).ok();
    }
}
