//! Demo and benchmark data, written through the same repo functions as the app.
use app::org::{repo, OrgId, OrgKind, OrgName};
use app::shell::{now_ms, AppError, Db};

/// The demo county: 1 county committee, 3 township committees, 12 branches.
const DEMO_TOWNSHIPS: &[(&str, &str, &[&str])] = &[
    ("城关镇党委", "城关镇", &["城关镇东街社区党支部", "城关镇西街社区党支部", "城关镇南门村党支部", "城关镇机关党支部"]),
    ("青山镇党委", "青山镇", &["青山镇青山村党支部", "青山镇石桥村党支部", "青山镇茶园村党支部", "青山镇中心小学党支部"]),
    ("河口乡党委", "河口乡", &["河口乡河口村党支部", "河口乡柳湾村党支部", "河口乡新村社区党支部", "河口乡卫生院党支部"]),
];

/// Loads the demo county unless the database already has organizations.
/// Returns whether anything was written.
pub async fn demo(db: &Db) -> Result<bool, AppError> {
    if repo::count(db).await? > 0 {
        return Ok(false);
    }
    let now = now_ms();
    let mut tx = db.write_tx().await?;
    let county = repo::insert_org(&mut tx, None, &OrgName::parse("清溪县委")?, OrgKind::Committee, "清溪县", now).await?;
    for (town, region, branches) in DEMO_TOWNSHIPS {
        let t = repo::insert_org(&mut tx, Some(county), &OrgName::parse(town)?, OrgKind::Committee, region, now).await?;
        for b in *branches {
            repo::insert_org(&mut tx, Some(t), &OrgName::parse(b)?, OrgKind::Branch, region, now).await?;
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// A large tree for benchmarks: branches of about 30 members for `members` members,
/// five branches to a general branch, eight general branches to a township, ten townships
/// to a county. Later rooms add their own data to the same tree.
pub async fn scale(db: &Db, members: u64) -> Result<u64, AppError> {
    let branches = members.div_ceil(30).max(1);
    let now = now_ms();
    let mut made = 0u64;
    let mut tx = db.write_tx().await?;
    let mut county: Option<OrgId> = None;
    let mut town: Option<OrgId> = None;
    let mut general: Option<OrgId> = None;
    for b in 0..branches {
        if b % 400 == 0 {
            let n = b / 400 + 1;
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
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    parent: Option<OrgId>,
    name: &str,
    kind: OrgKind,
    now: i64,
) -> Result<OrgId, AppError> {
    repo::insert_org(tx, parent, &OrgName::parse(name)?, kind, "", now).await
}
