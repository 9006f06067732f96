//! Letters for the demo county and for benchmarks, in every stage, written in batches
//! (one statement per hundred letters: 200 000 letters load in seconds, not minutes).
use app::shell::{now_ms, AppError, Db};

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

/// One letter to load, with the stage it has reached.
struct Seed {
    code: String,
    writer: i64,
    org: i64,
    category: &'static str,
    subject: String,
    body: String,
    /// submitted, accepted, handling, replied or closed.
    status: &'static str,
    reply: Option<String>,
    rating: Option<i16>,
    may_publish: bool,
    published: bool,
    received_at: i64,
}

const DEMO: &[(&str, &str, &str, &str, Option<&str>, Option<i16>, bool, i64)] = &[
    // (writer, category, subject, body, reply, rating, published, days ago)
    ("resident", "suggestion", "建议在东街增设无障碍坡道", "东街菜市场门口有三级台阶，坐轮椅的老人进不去，建议修一个无障碍坡道。", Some("您好，社区已联系菜市场管理方，坡道已于上周完工，欢迎继续监督。"), Some(5), true, 40),
    ("qz0001", "help", "独居老人家中水管漏水", "我父亲独居在东街 12 号，厨房水管漏水，他行动不便，请社区帮忙联系维修。", Some("网格员当天上门，已请物业更换水管，费用由社区互助基金承担。"), Some(5), true, 25),
    ("qz0010", "complaint", "夜间施工噪音扰民", "东街北口工地每天晚上十一点后还在施工，严重影响休息。", Some("已联系城管和施工单位，夜间 22 点后停止施工，请您继续反映情况。"), Some(2), false, 12),
    ("qz0019", "inquiry", "医保异地备案怎么办理", "我在外地工作，想咨询医保异地就医备案需要哪些材料，在哪里办理。", Some("可在“国家医保服务平台”小程序线上备案，需要身份证和居住证明，社区便民服务站也可代办。"), None, false, 6),
    ("resident", "suggestion", "希望开设老年人智能手机课", "很多老人不会用手机挂号、缴费，希望社区开设智能手机培训课。", None, None, false, 4),
    ("qz0001", "help", "楼道照明灯损坏", "东街 8 栋 2 单元楼道灯坏了半个月，晚上上下楼很危险。", None, None, false, 1),
    ("qz0002", "suggestion", "西街停车位不足", "西街晚上停车难，建议把闲置空地改造成临时停车场。", Some("街道已规划利用原粮站空地建设临时停车场，预计年底投入使用。"), Some(4), true, 30),
    ("qz0003", "report", "有人违规占用集体土地", "南门村有人在集体耕地上违规建房，请核实处理。", None, None, false, 3),
];

/// Letters for the demo county: some answered, rated and published, some waiting (one
/// overdue), a confidential report. Call after [`super::demo`].
pub async fn demo(db: &Db) -> Result<usize, AppError> {
    let now = now_ms();
    let mut seeds = Vec::new();
    for (i, (writer, category, subject, body, reply, rating, published, days_ago)) in DEMO.iter().enumerate() {
        let (id, org): (i64, i64) = sqlx::query_as(
            "SELECT u.id, COALESCE(u.org_id, c.branch_id) FROM auth_users u LEFT JOIN org_communities c ON c.id = u.community_id WHERE u.username = $1",
        )
        .bind(*writer)
        .fetch_one(db.pool())
        .await?;
        let status = match (reply, rating) {
            (Some(_), Some(_)) => "closed",
            (Some(_), None) => "replied",
            // A fresh letter waits; an older one was accepted and is being handled.
            (None, _) if *days_ago >= 3 && *category != "report" => "handling",
            (None, _) => "submitted",
        };
        seeds.push(Seed {
            code: format!("LXDEMO{:04}", i + 1),
            writer: id,
            org,
            category,
            subject: (*subject).to_owned(),
            body: (*body).to_owned(),
            status,
            reply: reply.map(str::to_owned),
            rating: *rating,
            may_publish: *published,
            published: *published,
            received_at: now - days_ago * DAY - 2 * HOUR,
        });
    }
    let n = seeds.len();
    insert(db, &seeds).await?;
    Ok(n)
}

/// `count` letters from the benchmark members to their branches, spread over the last
/// year and over every stage. Call after [`super::scale`].
pub async fn scale(db: &Db, count: usize) -> Result<usize, AppError> {
    let accounts: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT id, org_id, username FROM auth_users WHERE username LIKE 's%' AND org_id IS NOT NULL ORDER BY id",
    )
    .fetch_all(db.pool())
    .await?;
    // The benchmark members are s1, s2, …; nobody else writes these.
    let writers: Vec<(i64, i64)> = accounts
        .into_iter()
        .filter(|(_, _, u)| u.len() > 1 && u[1..].bytes().all(|b| b.is_ascii_digit()))
        .map(|(id, org, _)| (id, org))
        .collect();
    if writers.is_empty() {
        return Ok(0);
    }
    let now = now_ms();
    let categories = ["suggestion", "help", "complaint", "inquiry", "report"];
    let statuses = ["submitted", "accepted", "handling", "replied", "closed"];
    let mut made = 0;
    for chunk in (0..count).collect::<Vec<_>>().chunks(5_000) {
        let seeds: Vec<Seed> = chunk
            .iter()
            .map(|&n| {
                let (writer, org) = writers[n % writers.len()];
                let status = statuses[(n / 3) % statuses.len()];
                let answered = matches!(status, "replied" | "closed");
                let category = categories[n % categories.len()];
                Seed {
                    code: format!("LXS{n:07}"),
                    writer,
                    org,
                    category,
                    subject: format!("第{}号群众来信：关于小区公共设施维护的建议", n + 1),
                    body: "小区公共设施年久失修，希望党支部协调物业尽快维修，并建立定期检查制度。".to_owned(),
                    status,
                    reply: answered.then(|| "已协调物业完成维修，并建立每月巡查制度，感谢您的监督。".to_owned()),
                    rating: (status == "closed").then_some((n % 5 + 1) as i16),
                    may_publish: category != "report" && n % 2 == 0,
                    published: answered && category != "report" && n % 4 == 0,
                    received_at: now - ((n as i64 * 7_919) % 365) * DAY - (n as i64 % 24) * HOUR,
                }
            })
            .collect();
        insert(db, &seeds).await?;
        made += seeds.len();
    }
    Ok(made)
}

/// Writes the letters and their timelines, a hundred rows per statement.
async fn insert(db: &Db, seeds: &[Seed]) -> Result<(), AppError> {
    let mut tx = db.write_tx().await?;
    for chunk in seeds.chunks(100) {
        let cols = 22;
        let rows: Vec<String> = (0..chunk.len())
            .map(|r| format!("({})", app::shell::placeholders(r * cols + 1, cols)))
            .collect();
        let sql = format!(
            "INSERT INTO mailbox_letters (code, writer_id, client_key, org_id, category, subject, body, may_publish, hide_name,
                 status, reply, rating, reopened, published, created_at, received_at, accept_due, reply_due, accepted_at,
                 replied_at, closed_at, updated_at) VALUES {}",
            rows.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for s in chunk {
            let t = s.received_at;
            let accepted = (s.status != "submitted").then_some(t + 3 * HOUR);
            let replied = matches!(s.status, "replied" | "closed").then_some(t + 3 * DAY);
            let closed = (s.status == "closed").then_some(t + 4 * DAY);
            q = q
                .bind(s.code.clone())
                .bind(s.writer)
                .bind(format!("seed-{}", s.code))
                .bind(s.org)
                .bind(s.category)
                .bind(s.subject.clone())
                .bind(s.body.clone())
                .bind(s.may_publish as i16)
                .bind(1i16)
                .bind(s.status)
                .bind(s.reply.clone())
                .bind(s.rating)
                .bind(0i16)
                .bind(s.published as i16)
                .bind(t)
                .bind(t)
                .bind(t + 2 * DAY)
                .bind(t + 15 * DAY)
                .bind(accepted)
                .bind(replied)
                .bind(closed)
                .bind(closed.or(replied).or(accepted).unwrap_or(t));
        }
        q.execute(&mut *tx).await?;
        // The timeline: one event per stage reached.
        let codes: Vec<String> = chunk.iter().map(|s| s.code.clone()).collect();
        let ids: Vec<(String, i64)> = {
            let sql = format!("SELECT code, id FROM mailbox_letters WHERE code IN ({})", app::shell::placeholders(1, codes.len()));
            let mut q = sqlx::query_as(&sql);
            for c in &codes {
                q = q.bind(c);
            }
            q.fetch_all(&mut *tx).await?
        };
        let mut events: Vec<(i64, &'static str, i64, i64)> = Vec::new();
        for s in chunk {
            let Some(id) = ids.iter().find(|(c, _)| *c == s.code).map(|p| p.1) else { continue };
            let t = s.received_at;
            events.push((id, "submitted", s.org, t));
            if s.status != "submitted" {
                events.push((id, "accepted", s.org, t + 3 * HOUR));
            }
            if matches!(s.status, "replied" | "closed") {
                events.push((id, "replied", s.org, t + 3 * DAY));
            }
            if s.status == "closed" {
                events.push((id, "rated", s.org, t + 4 * DAY));
                events.push((id, "closed", s.org, t + 4 * DAY));
            }
        }
        let rows: Vec<String> = (0..events.len()).map(|r| format!("({}, '', 0)", app::shell::placeholders(r * 4 + 1, 4))).collect();
        let sql = format!("INSERT INTO mailbox_events (letter_id, kind, org_id, created_at, note, internal) VALUES {}", rows.join(", "));
        let mut q = sqlx::query(&sql);
        for (id, kind, org, at) in &events {
            q = q.bind(*id).bind(*kind).bind(*org).bind(*at);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
