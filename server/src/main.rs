//! `lianxin`: serve the app, migrate the database, or load demo and benchmark data.
use clap::{Parser, Subcommand};
use lianxin_server::{build, ensure_sqlite_dir, migrate, seed, Settings};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "lianxin", version, about = "连心 · 智慧党建平台")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app (the default).
    Serve {
        /// Load the demo data first when the database is empty.
        #[arg(long)]
        seed_demo: bool,
    },
    /// Create or update the database schema.
    Migrate,
    /// Load data: the demo county, or a large data set for benchmarks.
    Seed {
        /// The demo county with documented demo accounts (demo data only).
        #[arg(long, conflicts_with = "scale")]
        demo: bool,
        /// A realistic data set sized for N members.
        #[arg(long, value_name = "N")]
        scale: Option<u64>,
        /// With --scale: write a session token per line for the benchmark's respondents.
        #[arg(long, value_name = "FILE", requires = "scale")]
        sessions_out: Option<std::path::PathBuf>,
    },
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("lianxin: {e:#}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load()?;
    ensure_sqlite_dir(&settings.database_url)?;
    match cli.command.unwrap_or(Command::Serve { seed_demo: false }) {
        Command::Serve { seed_demo } => {
            let server = build(settings.clone()).await?;
            if seed_demo {
                let db = app::shell::Db::open(&settings.database_url).await?;
                if seed::demo(&db, &seed::Keys::from_secret(&settings.secret_key)).await.map_err(|e| anyhow::anyhow!("{e}"))? {
                    seed::letters::demo(&db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                    seed::evaluations::demo(&db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                    seed::forum::demo(&db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                    seed::study::demo(&db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                    tracing::info!("demo data loaded");
                }
            }
            server.spawn_background();
            tracing::info!(addr = %server.local_addr(), "连心 is serving at http://{}", server.local_addr());
            server.run().await?;
        }
        Command::Migrate => {
            let db = app::shell::Db::open(&settings.database_url).await?;
            migrate::run(&db).await?;
            println!("数据库已是最新结构");
        }
        Command::Seed { demo, scale, sessions_out } => {
            let db = app::shell::Db::open(&settings.database_url).await?;
            migrate::run(&db).await?;
            if let Some(n) = scale {
                let made = seed::scale(&db, n, &seed::Keys::from_secret(&settings.secret_key)).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                // Two letters per member: 200 000 for the benchmark's 100 000 members.
                let letters = seed::letters::scale(&db, 2 * n as usize).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                // A campaign of 50 targets answered by 20 000 members, and sessions for
                // another 20 000 to submit with (when asked for).
                let sessions = if sessions_out.is_some() { 20_000 } else { 0 };
                seed::evaluations::scale(&db, sessions, sessions_out.as_deref()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                // Ten forum posts per member: 1 000 000 for the benchmark's 100 000.
                let topics = seed::forum::scale(&db, 10 * n as usize).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                // 学习园地: 100 points ledger rows per member (10 000 000 for 100 000).
                let points = seed::study::scale(&db, n).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                println!("已生成 {made} 个党组织、{n} 名党员、{letters} 封书记信箱来信、一次 50 人的民主评议、{topics} 个论坛主题和 {points} 条学习积分记录");
            } else if demo {
                if seed::demo(&db, &seed::Keys::from_secret(&settings.secret_key)).await.map_err(|e| anyhow::anyhow!("{e}"))? {
                    seed::letters::demo(&db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                    seed::evaluations::demo(&db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                    seed::forum::demo(&db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                    seed::study::demo(&db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                    println!("示例数据已导入");
                } else {
                    println!("数据库中已有数据，未重复导入示例数据");
                }
            } else {
                anyhow::bail!("请指定 --demo 或 --scale N");
            }
        }
    }
    Ok(())
}
