//! Forum boards and discussions for the demo county and for benchmarks, written through
//! the forum's own repository calls (numbering, search index, counts) as posting does.
use app::forum::{repo, text, PostStatus, WatchLevel};
use app::shell::{now_ms, AppError, Db, WriteTx};
use std::collections::HashMap;

const MINUTE: i64 = 60_000;

async fn user_id(db: &Db, username: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM auth_users WHERE username = $1").bind(username).fetch_one(db.pool()).await?)
}

async fn org_id(db: &Db, name: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM org_organizations WHERE name = $1").bind(name).fetch_one(db.pool()).await?)
}

async fn board(tx: &mut WriteTx, org: i64, name: &str, description: &str, residents: bool, by: i64, now: i64) -> Result<i64, AppError> {
    let input = app::forum::BoardInput { id: None, org_id: org, name: name.into(), description: description.into(), residents, flag_threshold: 3 };
    repo::insert_board(tx, &input, by, now).await
}

/// One published post: numbered, indexed and counted, as a reply is.
#[allow(clippy::too_many_arguments)]
async fn post(tx: &mut WriteTx, board: i64, topic: i64, author: i64, title: Option<&str>, body: &str, key: &str, at: i64) -> Result<i64, AppError> {
    let no = repo::next_no(tx, topic, author, at).await?;
    let html = text::render(body, &HashMap::new());
    let p = repo::NewPost { topic, author, no: Some(no), body, html: &html, status: PostStatus::Visible, reason: None, reply_to: None, key };
    let id = repo::insert_post(tx, &p, at).await?;
    let indexed = match title {
        Some(t) => format!("{t}\n{body}"),
        None => body.to_owned(),
    };
    repo::index_terms(tx, id, &text::terms(&indexed), true).await?;
    repo::bump_board(tx, board, if no == 1 { 1 } else { 0 }, 1, Some(at)).await?;
    repo::mark_read(tx, author, topic, no).await?;
    Ok(no)
}

/// A topic with its replies, the first post `hours` ago and a reply every 20 minutes.
async fn discussion(tx: &mut WriteTx, board: i64, title: &str, posts: &[(i64, &str)], hours: i64, now: i64) -> Result<i64, AppError> {
    let start = now - hours * 60 * MINUTE;
    let topic = repo::insert_topic(tx, board, posts[0].0, title, "visible", start).await?;
    repo::set_level(tx, posts[0].0, topic, WatchLevel::Watching).await?;
    for (i, (author, body)) in posts.iter().enumerate() {
        let title = (i == 0).then_some(title);
        post(tx, board, topic, *author, title, body, &format!("demo{topic}x{i}"), start + i as i64 * 20 * MINUTE).await?;
    }
    Ok(topic)
}

/// Demo and benchmark accounts are a month old: the first-day limits of new accounts
/// are for people who really just signed up.
async fn age_accounts(db: &Db, now: i64) -> Result<(), AppError> {
    db.run(sqlx::query("UPDATE auth_users SET created_at = $1 WHERE created_at > $1").bind(now - 30 * 24 * 60 * MINUTE)).await?;
    Ok(())
}

/// The demo forum: a county board for members, a 党群交流 board open to residents, and a
/// branch board, with a few discussions; two county sensitive words for the review queue.
pub async fn demo(db: &Db) -> Result<usize, AppError> {
    let now = now_ms();
    age_accounts(db, now).await?;
    let (admin, secretary, member) = (user_id(db, "admin").await?, user_id(db, "secretary").await?, user_id(db, "member").await?);
    let (d1, d2, d3, resident) = (user_id(db, "dy0001").await?, user_id(db, "dy0013").await?, user_id(db, "dy0025").await?, user_id(db, "resident").await?);
    let county = org_id(db, "清溪县委").await?;
    let branch = org_id(db, "城关镇东街社区党支部").await?;
    let mut tx = db.write_tx().await?;
    sqlx::query("INSERT INTO mod_words (org_id, word, created_at) VALUES ($1, '赌博', $2), ($1, '代开发票', $2)")
        .bind(county)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let talk = board(&mut tx, county, "党建交流", "全县党员交流学习体会、工作经验", false, admin, now).await?;
    let public = board(&mut tx, county, "党群连心", "党员和群众一起聊聊身边事（对已认证群众开放）", true, admin, now).await?;
    let home = board(&mut tx, branch, "东街支部园地", "东街社区党支部的通知与讨论", false, secretary, now).await?;
    let t1 = discussion(
        &mut tx,
        talk,
        "学习党的二十大精神心得交流",
        &[
            (secretary, "各位同志，欢迎在这里交流学习党的二十大精神的体会。\n\n> 全面建设社会主义现代化国家，必须坚持中国共产党的领导。\n\n请大家结合本职工作谈一谈。"),
            (member, "我结合社区网格工作谈一点体会：**把群众的小事当成大事来办**，党建工作才有温度。"),
            (d1, "赞同！我们支部每月开展一次主题党日，效果不错。"),
            (d2, "建议把学习资料整理成清单，方便年纪大的党员查阅。"),
        ],
        30,
        now,
    )
    .await?;
    repo::set_topic_flags(&mut tx, t1, true, false).await?;
    discussion(
        &mut tx,
        talk,
        "主题党日活动怎么开展更有吸引力？",
        &[(d3, "最近在准备下个月的主题党日，大家有什么好的形式推荐？"), (secretary, "可以试试“党员+志愿服务”，到养老院开展一次慰问。")],
        6,
        now,
    )
    .await?;
    discussion(
        &mut tx,
        public,
        "小区停车难，大家有什么好办法？",
        &[(resident, "晚上回来经常找不到车位，希望社区能协调一下。"), (secretary, "谢谢反映，社区正在和物业商量错时共享车位，下周公布方案。")],
        12,
        now,
    )
    .await?;
    discussion(
        &mut tx,
        home,
        "本周六组织志愿服务，请大家报名",
        &[(secretary, "本周六上午 9 点在社区广场集合，开展环境整治志愿服务，请在下面回复报名。"), (member, "报名！")],
        3,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(5)
}

/// Phrases the benchmark's posts are made of: real words, so that searching them is real.
const PHRASES: &[&str] = &[
    "学习党的二十大精神", "加强基层党组织建设", "开展主题党日活动", "做好群众工作", "推进乡村振兴", "党员先锋模范作用",
    "社区网格化管理", "志愿服务常态化", "理论学习有收获", "思想政治有提高", "党性修养有增强", "联系服务群众",
    "为民办实事", "落实三会一课", "组织生活会", "民主评议党员", "党费收缴管理", "发展党员工作",
    "疫情防控值守", "防汛抗旱准备", "美丽庭院创建", "垃圾分类宣传", "老年人关爱", "青少年教育",
];

/// The benchmark's forum: 20 boards on the first scale county, `posts` posts in topics of
/// 21 posts (an opening post and 20 replies) by members of that county. Returns the
/// number of topics.
pub async fn scale(db: &Db, posts: usize) -> Result<usize, AppError> {
    const BOARDS: usize = 20;
    const PER_TOPIC: usize = 21;
    let now = now_ms();
    age_accounts(db, now).await?;
    let admin = user_id(db, "bench-admin").await?;
    let (county, path): (i64, String) =
        sqlx::query_as("SELECT id, path FROM org_organizations WHERE parent_id IS NULL AND name LIKE '规模测试%' ORDER BY id LIMIT 1")
            .fetch_one(db.pool())
            .await?;
    let authors: Vec<i64> = sqlx::query_scalar(
        "SELECT u.id FROM auth_users u JOIN org_organizations o ON o.id = u.org_id WHERE u.username LIKE 's%' AND o.path LIKE $1 || '%' ORDER BY u.id LIMIT 5000",
    )
    .bind(&path)
    .fetch_all(db.pool())
    .await?;
    if authors.is_empty() {
        return Err(AppError::Conflict("规模数据不足：没有可发帖的党员".into()));
    }
    let mut tx = db.write_tx().await?;
    let mut boards = Vec::new();
    for b in 0..BOARDS {
        boards.push(board(&mut tx, county, &format!("规模测试版块{:02}", b + 1), "基准测试用的版块", false, admin, now).await?);
    }
    tx.commit().await?;
    let topics = posts / PER_TOPIC;
    // Oldest first, one transaction per 200 topics: a topic every minute up to now.
    for chunk in (0..topics).collect::<Vec<_>>().chunks(200) {
        let mut tx = db.write_tx().await?;
        for &t in chunk {
            let board = boards[t % BOARDS];
            let start = now - (topics - t) as i64 * MINUTE - PER_TOPIC as i64 * 1000;
            let first_author = authors[t % authors.len()];
            let title = format!("{}（第 {} 期）", PHRASES[t % PHRASES.len()], t + 1);
            let topic = repo::insert_topic(&mut tx, board, first_author, &title, "visible", start).await?;
            for i in 0..PER_TOPIC {
                let author = authors[(t * 7 + i * 13) % authors.len()];
                let body = format!("{}，{}。第 {} 楼", PHRASES[(t + i) % PHRASES.len()], PHRASES[(t * 3 + i * 5 + 1) % PHRASES.len()], i + 1);
                let at = start + i as i64 * 1000;
                let no = repo::next_no(&mut tx, topic, author, at).await?;
                let html = text::render(&body, &HashMap::new());
                let key = format!("b{topic}x{i}");
                let p = repo::NewPost { topic, author, no: Some(no), body: &body, html: &html, status: PostStatus::Visible, reason: None, reply_to: None, key: &key };
                let id = repo::insert_post(&mut tx, &p, at).await?;
                let indexed = if i == 0 { format!("{title}\n{body}") } else { body };
                repo::index_terms(&mut tx, id, &text::terms(&indexed), true).await?;
            }
            repo::bump_board(&mut tx, board, 1, PER_TOPIC as i64, Some(start + PER_TOPIC as i64 * 1000)).await?;
        }
        tx.commit().await?;
    }
    Ok(topics)
}
