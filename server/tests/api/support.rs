//! `TestApp::spawn()`: a fresh database, a real server on a free port, a cookie-keeping client.
use app::shell::{Backend, Db};
use leptos::server_fn::ServerFn;
use lianxin_server::Settings;
use serde::Serialize;
use app::auth::{Role, UserId};

/// The PostgreSQL server the suite uses; `LIANXIN_TEST_PG_URL` overrides it.
pub fn postgres_url() -> String {
    std::env::var("LIANXIN_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// The backend this run of the suite tests.
pub fn backend() -> Backend {
    match std::env::var("LIANXIN_TEST_DB").as_deref() {
        Ok("postgres") => Backend::Postgres,
        Ok("sqlite") | Err(_) => Backend::Sqlite,
        Ok(other) => panic!("LIANXIN_TEST_DB must be sqlite or postgres, not {other:?}"),
    }
}

fn random_suffix() -> String {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("random bytes");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A database that exists for one test: a SQLite file in a temp dir, or a PostgreSQL
/// schema `t_<random>` in the `test` database. Dropping it removes either.
pub struct FreshDb {
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(std::path::PathBuf),
    Schema(String),
}

impl FreshDb {
    /// Creates a fresh database on the given backend.
    pub async fn create_on(backend: Backend) -> FreshDb {
        let name = random_suffix();
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("lianxin-test-{name}"));
                std::fs::create_dir_all(&dir).expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.join("test.db").display());
                FreshDb { url, cleanup: Cleanup::Dir(dir) }
            }
            Backend::Postgres => {
                let schema = format!("t_{name}");
                let admin = Db::open(&postgres_url()).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL at {} is not reachable: {e}", postgres_url())
                });
                sqlx::query(&format!("CREATE SCHEMA {schema}")).execute(admin.pool()).await.expect("create schema");
                admin.pool().close().await;
                let sep = if postgres_url().contains('?') { '&' } else { '?' };
                // The application name marks this test's connections, so Drop can end them.
                let url = format!("{}{sep}options=-c%20search_path%3D{schema}&application_name={schema}", postgres_url());
                FreshDb { url, cleanup: Cleanup::Schema(schema) }
            }
        }
    }

    /// A fresh database on this run's backend.
    pub async fn create() -> FreshDb {
        Self::create_on(backend()).await
    }

    /// Its connection URL.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Dir(dir) => {
                std::fs::remove_dir_all(dir).ok();
            }
            Cleanup::Schema(schema) => {
                let schema = schema.clone();
                // Drop runs inside the test's runtime: use a thread with its own.
                std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                    rt.block_on(async {
                        if let Ok(db) = Db::open(&postgres_url()).await {
                            // A connection left inside a transaction would block DROP forever.
                            sqlx::query("SELECT CAST(pg_terminate_backend(pid) AS TEXT) FROM pg_stat_activity WHERE application_name = $1")
                                .bind(&schema)
                                .fetch_all(db.pool())
                                .await
                                .ok();
                            sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE")).execute(db.pool()).await.ok();
                            db.pool().close().await;
                        }
                    });
                })
                .join()
                .ok();
            }
        }
    }
}

/// A running server with its own database and a client that keeps cookies.
pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    /// The server's own pool (a shared handle).
    pub db: Db,
    _fresh: FreshDb,
}

impl TestApp {
    /// Starts a server on a fresh, migrated database.
    pub async fn spawn() -> TestApp {
        if std::env::var("TEST_LOG").is_ok() {
            let _ = tracing_subscriber::fmt().with_env_filter("info").with_test_writer().try_init();
        }
        let fresh = FreshDb::create().await;
        let db = Db::open(fresh.url()).await.expect("test connection");
        let server = lianxin_server::build_with(Settings::for_tests(fresh.url()), db.clone()).await.expect("server builds");
        let base = format!("http://{}", server.local_addr());
        tokio::spawn(server.run()); // already bound, so no sleep is needed
        let http = Self::client();
        TestApp { base, http, db, _fresh: fresh }
    }

    /// Another app instance on this app's database (as production runs several behind a
    /// load balancer); answers its base URL. It lives as long as the test's runtime.
    pub async fn second_instance(&self) -> String {
        let url = self._fresh.url().to_owned();
        let db = Db::open(&url).await.expect("second connection");
        let server = lianxin_server::build_with(Settings::for_tests(&url), db).await.expect("second server builds");
        let base = format!("http://{}", server.local_addr());
        tokio::spawn(server.run());
        base
    }

    /// A second browser: its own cookies, redirects not followed.
    pub fn client() -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
    }

    /// The full URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.expect("request")
    }

    /// Posts a server function's own argument struct, as a form, to its own path.
    pub async fn call<F: ServerFn + Serialize>(&self, args: &F) -> reqwest::Response {
        self.http.post(self.url(F::PATH)).form(args).send().await.expect("request")
    }

    /// Calls a server function that takes its arguments in the query string (GET).
    pub async fn call_get<F: ServerFn + Serialize>(&self, args: &F) -> reqwest::Response {
        self.http.get(self.url(F::PATH)).query(args).send().await.expect("request")
    }

    /// The visible text of a server-rendered page: tags and hydration markers removed.
    pub async fn page_text(&self, path: &str) -> String {
        self.page_text_as(&self.http, path).await
    }

    /// The visible text of a page as `who` sees it.
    pub async fn page_text_as(&self, who: &reqwest::Client, path: &str) -> String {
        let html = who.get(self.url(path)).send().await.expect("request").text().await.expect("body");
        let body = html.split("<body").nth(1).unwrap_or(&html).to_owned();
        let mut text = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text
    }

    /// The `code` of an error response.
    pub async fn error_code(&self, res: reqwest::Response) -> String {
        let v: serde_json::Value = res.json().await.expect("an error body in JSON");
        v["code"].as_str().unwrap_or_default().to_owned()
    }

    /// Loads the demo county.
    pub async fn seed_demo(&self) {
        assert!(lianxin_server::seed::demo(&self.db, &lianxin_server::seed::Keys::from_secret(&self.secret())).await.expect("demo seed"));
    }

    /// The server secret of the test server (demo value of `Settings::for_tests`).
    pub fn secret(&self) -> String {
        Settings::for_tests("sqlite::memory:").secret_key
    }

    /// The archive field key of the test server.
    pub fn field_key(&self) -> [u8; 32] {
        lianxin_server::derive_key(&self.secret(), lianxin_server::FIELD_KEY_PURPOSE)
    }

    /// Logs in through the real endpoint, keeping the session cookie in this client.
    pub async fn login(&self, username: &str, password: &str) -> reqwest::Response {
        self.http
            .post(self.url("/api/auth/login"))
            .form(&[("username", username), ("password", password)])
            .send()
            .await
            .expect("request")
    }
}

// ---------------------------------------------------------------- the demo county, shared by the admin and archive suites


pub async fn user_id(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM auth_users WHERE username = $1").bind(username).fetch_one(app.db.pool()).await.unwrap()
}

pub async fn org_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM org_organizations WHERE name = $1").bind(name).fetch_one(app.db.pool()).await.unwrap()
}

pub async fn grant(app: &TestApp, username: &str, org: &str, role: Role) {
    let (u, o) = (user_id(app, username).await, org_id(app, org).await);
    let mut tx = app.db.write_tx().await.unwrap();
    app::auth::repo::grant_role(&mut tx, UserId(u), o, role, 0).await.unwrap();
    tx.commit().await.unwrap();
}

/// The demo county plus: a committee member of the first branch (dy0001), a secretary
/// of a sibling branch (dy0002) and an administrator of the township (dy0003).
pub async fn county() -> TestApp {
    let app = TestApp::spawn().await;
    app.seed_demo().await;
    grant(&app, "dy0001", "城关镇东街社区党支部", Role::Committee).await;
    grant(&app, "dy0002", "城关镇西街社区党支部", Role::Secretary).await;
    grant(&app, "dy0003", "城关镇党委", Role::Admin).await;
    app
}

pub async fn as_user(app: &TestApp, username: Option<&str>) -> reqwest::Client {
    let client = TestApp::client();
    if let Some(u) = username {
        let res = client.post(app.url("/api/auth/login")).form(&[("username", u), ("password", lianxin_server::seed::DEMO_PASSWORD)]).send().await.unwrap();
        assert_eq!(res.status(), 200, "{u} logs in");
    }
    client
}

