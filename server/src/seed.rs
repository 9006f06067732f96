//! Demo and benchmark data, written through the same repo functions as the app.
use app::archive::{self, MemberForm, MemberInput, EDUCATIONS};
use app::auth::{self, DisplayName, Role, UserKind, UserStatus};
use app::org::{repo, OrgId, OrgKind, OrgName};
use app::shell::{now_ms, AppError, Db};

pub mod evaluations;
pub mod forum;
pub mod letters;
pub mod study;

/// The password of every demo account. Demo data only: never on a real deployment.
pub const DEMO_PASSWORD: &str = "lianxin-demo";

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];
const GIVEN: &[&str] = &["伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建国", "卫东", "红梅", "志强", "海燕", "晓东", "春华", "德明"];

/// The two keys demo data is written with, both derived from the server secret.
pub struct Keys {
    /// Phone lookups (HMAC).
    pub lookup: [u8; 32],
    /// Archive field encryption (AES-256-GCM).
    pub field: [u8; 32],
}

impl Keys {
    pub fn from_secret(secret: &str) -> Self {
        Keys {
            lookup: crate::derive_key(secret, crate::LOOKUP_KEY_PURPOSE),
            field: crate::derive_key(secret, crate::FIELD_KEY_PURPOSE),
        }
    }
}

/// Given names read as women's names, so the demo's genders look right.
const FEMININE: &[&str] = &["芳", "秀英", "敏", "静", "丽", "艳", "娟", "霞", "桂英", "红梅", "海燕", "春华", "秀兰"];

/// A plausible archive record for the n-th demo member named `name`, checked by the
/// same rules as the admin form. `region` is the six-digit area code of the ID number.
pub fn demo_record(n: usize, name: &str, region: &str) -> Result<MemberInput, AppError> {
    let female = FEMININE.iter().any(|g| name.ends_with(g));
    let h = (n as u64).wrapping_mul(2_654_435_761) >> 7;
    let birth_year = 1950 + (h % 46) as i32;
    let (bm, bd) = (1 + (h / 46 % 12) as u32, 1 + (h / 552 % 28) as u32);
    let seq = (n % 500) as u32 * 2 + if female { 0 } else { 1 };
    let body = format!("{region}{birth_year:04}{bm:02}{bd:02}{seq:03}");
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| (b - b'0') as u32 * w).sum();
    let id_number = format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char);
    let join_year = (birth_year + 22 + (h / 7 % 14) as i32).min(2025);
    // One in twelve is still probationary (joined this year), one in fifty moved away.
    let (status, join, full) = match n % 50 {
        0 => ("transferred_out", format!("{join_year}-07-01"), format!("{}-07-01", join_year + 1)),
        k if k % 12 == 5 => ("probationary", "2026-03-01".to_owned(), String::new()),
        _ => ("full", format!("{join_year}-07-01"), format!("{}-07-01", join_year + 1)),
    };
    let form = MemberForm {
        name: name.to_owned(),
        gender: if female { "female" } else { "male" }.into(),
        ethnicity: if n % 17 == 3 { "回族" } else { "汉族" }.into(),
        birth_date: format!("{birth_year:04}-{bm:02}-{bd:02}"),
        education: EDUCATIONS[2 + (h % 5) as usize].into(),
        id_number,
        phone: format!("139{:08}", n),
        join_date: join,
        full_date: full,
        status: status.into(),
        positions: match n % 30 { 0 => "党小组组长", 7 => "宣传委员", _ => "" }.into(),
    };
    MemberInput::parse(&form, true)
}

/// A plausible Chinese name for the n-th demo person.
fn demo_name(n: usize) -> String {
    format!("{}{}", SURNAMES[n % SURNAMES.len()], GIVEN[(n / SURNAMES.len() + n * 7) % GIVEN.len()])
}

/// The demo county: 1 county committee, 3 township committees, 12 branches.
const DEMO_TOWNSHIPS: &[(&str, &str, &[&str])] = &[
    ("城关镇党委", "城关镇", &["城关镇东街社区党支部", "城关镇西街社区党支部", "城关镇南门村党支部", "城关镇机关党支部"]),
    ("青山镇党委", "青山镇", &["青山镇青山村党支部", "青山镇石桥村党支部", "青山镇茶园村党支部", "青山镇中心小学党支部"]),
    ("河口乡党委", "河口乡", &["河口乡河口村党支部", "河口乡柳湾村党支部", "河口乡新村社区党支部", "河口乡卫生院党支部"]),
];

/// Loads the demo county unless the database already has organizations: 1 county
/// committee, 3 township committees, 12 branches with their communities, 300 members,
/// 200 residents and the documented accounts `admin`, `secretary`, `member` and
/// `resident` (password [`DEMO_PASSWORD`]). Returns whether anything was written.
pub async fn demo(db: &Db, keys: &Keys) -> Result<bool, AppError> {
    let lookup_key = &keys.lookup;
    if repo::count(db).await? > 0 {
        return Ok(false);
    }
    let now = now_ms();
    // One hash for every demo account: they share the demo password, and 500 argon2
    // runs would make the first start slow for nothing.
    let hash = auth::hash_password(DEMO_PASSWORD).await?;
    let mut tx = db.write_tx().await?;
    let county = repo::insert_org(&mut tx, None, &OrgName::parse("清溪县委")?, OrgKind::Committee, "清溪县", now).await?;
    let mut branches = Vec::new();
    let mut communities = Vec::new();
    for (town, region, names) in DEMO_TOWNSHIPS {
        let t = repo::insert_org(&mut tx, Some(county), &OrgName::parse(town)?, OrgKind::Committee, region, now).await?;
        for b in *names {
            let branch = repo::insert_org(&mut tx, Some(t), &OrgName::parse(b)?, OrgKind::Branch, region, now).await?;
            branches.push(branch);
            if b.contains("社区") || b.contains("村") {
                let community = b.trim_end_matches("党支部");
                communities.push(auth::repo::insert_community(&mut tx, community, branch.0, now).await?);
            }
        }
    }
    let first_branch = branches[0];
    let named: [(&str, &str, UserKind, Option<OrgId>, Option<i64>); 4] = [
        ("admin", "县委组织部管理员", UserKind::Member, Some(first_branch), None),
        ("secretary", "周建国", UserKind::Member, Some(first_branch), None),
        ("member", "李红梅", UserKind::Member, Some(first_branch), None),
        ("resident", "王秀兰", UserKind::Resident, None, Some(communities[0])),
    ];
    for (i, (username, name, kind, org, community)) in named.into_iter().enumerate() {
        let id = insert_demo_user(&mut tx, Some(username), &demo_display(name)?, kind, org, community, &hash, lookup_key, now).await?;
        if kind == UserKind::Member {
            archive::repo::insert_record(&mut tx, id.0, &demo_record(900 + i, name, "331021")?, &keys.field, now).await?;
        }
        match username {
            "admin" => auth::repo::grant_role(&mut tx, id, county.0, Role::PlatformAdmin, now).await?,
            "secretary" => auth::repo::grant_role(&mut tx, id, first_branch.0, Role::Secretary, now).await?,
            _ => {}
        }
    }
    for n in 0..300 {
        let username = format!("dy{:04}", n + 1);
        let branch = branches[n % branches.len()];
        let name = demo_name(n);
        let id = insert_demo_user(&mut tx, Some(&username), &demo_display(&name)?, UserKind::Member, Some(branch), None, &hash, lookup_key, now).await?;
        archive::repo::insert_record(&mut tx, id.0, &demo_record(n, &name, "331021")?, &keys.field, now).await?;
    }
    for n in 0..200 {
        let username = format!("qz{:04}", n + 1);
        let community = communities[n % communities.len()];
        insert_demo_user(&mut tx, Some(&username), &demo_display(&demo_name(n + 300))?, UserKind::Resident, None, Some(community), &hash, lookup_key, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

fn demo_display(name: &str) -> Result<DisplayName, AppError> {
    DisplayName::parse(name)
}

#[allow(clippy::too_many_arguments)]
async fn insert_demo_user(
    tx: &mut app::shell::WriteTx,
    username: Option<&str>,
    name: &DisplayName,
    kind: UserKind,
    org: Option<OrgId>,
    community: Option<i64>,
    hash: &str,
    lookup_key: &[u8; 32],
    now: i64,
) -> Result<auth::UserId, AppError> {
    auth::repo::insert_user(
        tx,
        auth::repo::NewUser {
            username,
            email: None,
            phone: None,
            display_name: name,
            password_hash: hash,
            kind,
            status: UserStatus::Active,
            must_change_password: false,
            org_id: org.map(|o| o.0),
            community_id: community,
        },
        lookup_key,
        now,
    )
    .await
}

/// A large tree for benchmarks: branches of about 30 members for `members` members,
/// five branches to a general branch, eight general branches to a township, fifty townships
/// to a county (60 000 members: the evaluation benchmark needs 40 000 under one county); the members themselves (`s1`, `s2`, …), and two accounts to measure with:
/// `bench-admin` (platform administrator) and `bench-member`, password [`DEMO_PASSWORD`].
/// Later rooms add their own data to the same tree. Returns the organizations made.
pub async fn scale(db: &Db, members: u64, keys: &Keys) -> Result<u64, AppError> {
    let lookup_key = &keys.lookup;
    let made = scale_tree(db, members).await?;
    let hash = auth::hash_password(DEMO_PASSWORD).await?;
    let branches: Vec<i64> = sqlx::query_scalar("SELECT id FROM org_organizations WHERE kind = 'branch' AND name LIKE '规模测试%' ORDER BY id")
        .fetch_all(db.pool())
        .await?;
    let county: i64 = sqlx::query_scalar("SELECT MIN(id) FROM org_organizations WHERE parent_id IS NULL AND name LIKE '规模测试%'")
        .fetch_one(db.pool())
        .await?;
    let now = now_ms();
    let mut tx = db.write_tx().await?;
    for n in 0..members as usize {
        let username = format!("s{}", n + 1);
        let branch = OrgId(branches[n % branches.len()]);
        let name = demo_name(n);
        let id = insert_demo_user(&mut tx, Some(&username), &demo_display(&name)?, UserKind::Member, Some(branch), None, &hash, lookup_key, now).await?;
        archive::repo::insert_record(&mut tx, id.0, &demo_record(n, &name, "331022")?, &keys.field, now).await?;
    }
    let first = Some(OrgId(branches[0]));
    let admin = insert_demo_user(&mut tx, Some("bench-admin"), &demo_display("压测管理员")?, UserKind::Member, first, None, &hash, lookup_key, now).await?;
    auth::repo::grant_role(&mut tx, admin, county, Role::PlatformAdmin, now).await?;
    insert_demo_user(&mut tx, Some("bench-member"), &demo_display("压测党员")?, UserKind::Member, first, None, &hash, lookup_key, now).await?;
    let secretary = insert_demo_user(&mut tx, Some("bench-secretary"), &demo_display("压测书记")?, UserKind::Member, first, None, &hash, lookup_key, now).await?;
    auth::repo::grant_role(&mut tx, secretary, branches[0], Role::Secretary, now).await?;
    tx.commit().await?;
    Ok(made)
}

async fn scale_tree(db: &Db, members: u64) -> Result<u64, AppError> {
    let branches = members.div_ceil(30).max(1);
    let now = now_ms();
    let mut made = 0u64;
    let mut tx = db.write_tx().await?;
    let mut county: Option<OrgId> = None;
    let mut town: Option<OrgId> = None;
    let mut general: Option<OrgId> = None;
    for b in 0..branches {
        if b % 2000 == 0 {
            let n = b / 2000 + 1;
            county = Some(insert(&mut tx, None, &format!("规模测试第{n}县委"), OrgKind::Committee, now).await?);
            made += 1;
        }
        if b % 40 == 0 {
            let n = b / 40 + 1;
            town = Some(insert(&mut tx, county, &format!("规模测试第{n}镇党委"), OrgKind::Committee, now).await?);
            made += 1;
        }
        if b % 5 == 0 {
            let n = b / 5 + 1;
            general = Some(insert(&mut tx, town, &format!("规模测试第{n}党总支"), OrgKind::GeneralBranch, now).await?);
            made += 1;
        }
        insert(&mut tx, general, &format!("规模测试第{}党支部", b + 1), OrgKind::Branch, now).await?;
        made += 1;
    }
    tx.commit().await?;
    Ok(made)
}

async fn insert(
    tx: &mut app::shell::WriteTx,
    parent: Option<OrgId>,
    name: &str,
    kind: OrgKind,
    now: i64,
) -> Result<OrgId, AppError> {
    repo::insert_org(tx, parent, &OrgName::parse(name)?, kind, "", now).await
}
