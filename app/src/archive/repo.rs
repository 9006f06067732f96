//! SQL of the archive room (server only). Secret fields are sealed before they reach
//! these functions' SQL and opened only by the callers that are allowed to.
use super::{crypto, mask_id_number, mask_phone, ChangeRow, Gender, MemberInput, MemberRecord, MemberRow, MemberStatus, TransferRow};
use crate::shell::{is_unique_violation, AppError, Db};

/// What the member list is narrowed to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MemberFilter {
    pub q: Option<String>,
    /// Only this organization's subtree (already checked to lie in the caller's scope).
    pub org_path: Option<String>,
    pub status: Option<MemberStatus>,
    pub join_year: Option<i32>,
}

fn where_clause(paths: &[String], f: &MemberFilter, binds: &mut Vec<String>) -> String {
    let mut conds = vec!["u.kind = 'member'".to_owned()];
    conds.extend(crate::org::repo::subtree_condition(paths, binds));
    if let Some(p) = &f.org_path {
        binds.push(format!("{p}%"));
        conds.push(format!("o.path LIKE ${}", binds.len()));
    }
    if let Some(s) = f.status {
        binds.push(s.as_str().to_owned());
        conds.push(format!("a.status = ${}", binds.len()));
    }
    if let Some(y) = f.join_year {
        // The binds of these dynamic queries are all text; the cast keeps the index usable.
        binds.push(y.to_string());
        conds.push(format!("a.join_year = CAST(${} AS INTEGER)", binds.len()));
    }
    if let Some(q) = &f.q {
        conds.push(crate::auth::repo::name_search_condition(q, binds));
    }
    format!("WHERE {}", conds.join(" AND "))
}

const LIST_FROM: &str = "FROM auth_users u
     JOIN org_organizations o ON o.id = u.org_id
     LEFT JOIN archive_members a ON a.user_id = u.id";

/// Members under one of `paths` (all when empty) that pass the filter, in id order.
pub async fn list(db: &Db, paths: &[String], f: &MemberFilter, at: PageAt, per_page: i64) -> Result<Vec<MemberRow>, AppError> {
    let mut binds = Vec::new();
    let where_sql = where_clause(paths, f, &mut binds);
    let n = binds.len();
    // Pages reached through the pager carry the id they start after (or end before), so
    // a deep page costs what the first one does; a page number typed into the address
    // skips rows. Either way the page's ids come first, then their columns, so skipping
    // touches only what the filter needs, not every column of every skipped row.
    let (keyset, order, offset) = match at {
        PageAt::Number(page) => (String::new(), "ASC", (page - 1) * per_page),
        PageAt::After(id) => (format!("AND u.id > {id}"), "ASC", 0),
        PageAt::Before(id) => (format!("AND u.id < {id}"), "DESC", 0),
    };
    let sql = format!(
        "SELECT u.id, u.display_name, u.username, a.gender, o.name, a.status, a.join_date, a.phone_mask
         {LIST_FROM} WHERE u.id IN (SELECT u.id {LIST_FROM} {where_sql} {keyset} ORDER BY u.id {order} LIMIT ${} OFFSET ${})
         ORDER BY u.id",
        n + 1,
        n + 2
    );
    type Row = (i64, String, Option<String>, Option<String>, String, Option<String>, Option<String>, Option<String>);
    let mut query = sqlx::query_as::<_, Row>(&sql);
    for b in &binds {
        query = query.bind(b);
    }
    let rows = query.bind(per_page).bind(offset).fetch_all(db.pool()).await?;
    rows.into_iter()
        .map(|(id, name, username, gender, org_name, status, join_date, phone_mask)| {
            Ok(MemberRow {
                id,
                name,
                username,
                gender: gender.as_deref().map(parse_gender).transpose()?,
                org_name,
                status: status.as_deref().map(parse_status).transpose()?,
                join_date,
                phone_mask,
            })
        })
        .collect()
}

/// Where a page of [`list`] starts: a page number, or just after / before a member id
/// (keyset paging; the id is an `i64` the server parsed, so it is formatted into the SQL).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageAt {
    Number(i64),
    After(i64),
    Before(i64),
}

/// How many members [`list`] would page through.
pub async fn count(db: &Db, paths: &[String], f: &MemberFilter) -> Result<i64, AppError> {
    let mut binds = Vec::new();
    let where_sql = where_clause(paths, f, &mut binds);
    let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) {LIST_FROM} {where_sql}");
    let mut query = sqlx::query_scalar::<_, i64>(&sql);
    for b in &binds {
        query = query.bind(b);
    }
    Ok(query.fetch_one(db.pool()).await?)
}

/// The filed records [`list`] finds, in id order, up to `limit` (for export): one query.
pub async fn records(db: &Db, paths: &[String], f: &MemberFilter, limit: i64) -> Result<Vec<StoredRecord>, AppError> {
    let mut binds = Vec::new();
    let where_sql = where_clause(paths, f, &mut binds);
    let sql = format!("SELECT {RECORD_COLUMNS} {LIST_FROM} {where_sql} AND a.user_id IS NOT NULL ORDER BY u.id LIMIT ${}", binds.len() + 1);
    let mut query = sqlx::query(&sql);
    for b in &binds {
        query = query.bind(b);
    }
    query.bind(limit).fetch_all(db.pool()).await?.iter().map(stored_from_row).collect()
}

fn parse_gender(s: &str) -> Result<Gender, AppError> {
    Gender::parse(s).map_err(|_| AppError::internal(format!("unknown gender {s}")))
}

fn parse_status(s: &str) -> Result<MemberStatus, AppError> {
    MemberStatus::parse(s).map_err(|_| AppError::internal(format!("unknown member status {s}")))
}

/// A member account and where it sits: (name, username, org id, org name, org path).
pub struct MemberPlace {
    pub name: String,
    pub username: Option<String>,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
}

/// The member account `user_id`; `None` for residents and unknown ids.
pub async fn place(db: &Db, user_id: i64) -> Result<Option<MemberPlace>, AppError> {
    let row: Option<(String, Option<String>, i64, String, String)> = sqlx::query_as(
        "SELECT u.display_name, u.username, o.id, o.name, o.path FROM auth_users u
         JOIN org_organizations o ON o.id = u.org_id WHERE u.id = $1 AND u.kind = 'member'",
    )
    .bind(user_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(name, username, org_id, org_name, org_path)| MemberPlace { name, username, org_id, org_name, org_path }))
}

/// The stored record with its two sealed fields (id number, phone).
pub struct StoredRecord {
    pub record: MemberRecord,
    pub id_number_enc: String,
    pub phone_enc: String,
    /// Tree path of the member's organization, for scope checks.
    pub org_path: String,
}

/// The archive record of `user_id`, if one was filed.
pub async fn record(db: &Db, user_id: i64) -> Result<Option<StoredRecord>, AppError> {
    let sql = format!("SELECT {RECORD_COLUMNS} {LIST_FROM} WHERE a.user_id = $1");
    let row = sqlx::query(&sql).bind(user_id).fetch_optional(db.pool()).await?;
    row.as_ref().map(stored_from_row).transpose()
}

/// The columns [`stored_from_row`] reads, over [`LIST_FROM`].
const RECORD_COLUMNS: &str = "u.id, u.username, o.id, o.name, u.display_name, a.gender, a.ethnicity, a.birth_date, a.education,
     a.id_number_enc, a.id_number_mask, a.phone_enc, a.phone_mask, a.join_date, a.full_date, a.status,
     a.positions, a.updated_at, o.path";

fn stored_from_row(row: &sqlx::any::AnyRow) -> Result<StoredRecord, AppError> {
    use sqlx::Row;
    let text = |i: usize| row.try_get::<String, _>(i);
    Ok(StoredRecord {
        record: MemberRecord {
            id: row.try_get(0)?,
            username: row.try_get(1)?,
            org_id: row.try_get(2)?,
            org_name: text(3)?,
            name: text(4)?,
            gender: parse_gender(&text(5)?)?,
            ethnicity: text(6)?,
            birth_date: text(7)?,
            education: text(8)?,
            id_number_mask: text(10)?,
            phone_mask: text(12)?,
            join_date: text(13)?,
            full_date: row.try_get(14)?,
            status: parse_status(&text(15)?)?,
            positions: text(16)?,
            updated_at: row.try_get(17)?,
        },
        id_number_enc: text(9)?,
        phone_enc: text(11)?,
        org_path: text(18)?,
    })
}

/// Files a new record; `m` must carry the ID number and phone.
pub async fn insert_record(tx: &mut crate::shell::WriteTx, user_id: i64, m: &MemberInput, key: &[u8; 32], now: i64) -> Result<(), AppError> {
    let (Some(id_number), Some(phone)) = (&m.id_number, &m.phone) else {
        return Err(AppError::internal("a new record needs an ID number and a phone"));
    };
    sqlx::query(
        "INSERT INTO archive_members (user_id, gender, ethnicity, birth_date, education, id_number_enc, id_number_mask,
                                      phone_enc, phone_mask, join_date, join_year, full_date, status, positions, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(user_id)
    .bind(m.gender.as_str())
    .bind(&m.ethnicity)
    .bind(m.birth_date.to_string())
    .bind(&m.education)
    .bind(crypto::seal(key, id_number)?)
    .bind(mask_id_number(id_number))
    .bind(crypto::seal(key, phone)?)
    .bind(mask_phone(phone))
    .bind(m.join_date.to_string())
    .bind(m.join_date.y)
    .bind(m.full_date.map(|d| d.to_string()))
    .bind(m.status.as_str())
    .bind(&m.positions)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The fields that differ between the stored record and the input, as
/// (field, old shown value, new shown value); secret fields compare in plain text but
/// show as masks.
pub fn diff(old: &StoredRecord, m: &MemberInput, key: &[u8; 32]) -> Result<Vec<(&'static str, String, String)>, AppError> {
    let r = &old.record;
    let mut out = Vec::new();
    let mut cmp = |field: &'static str, a: String, b: String| {
        if a != b {
            out.push((field, a, b));
        }
    };
    cmp("name", r.name.clone(), m.name.clone());
    cmp("gender", r.gender.label().into(), m.gender.label().into());
    cmp("ethnicity", r.ethnicity.clone(), m.ethnicity.clone());
    cmp("birth_date", r.birth_date.clone(), m.birth_date.to_string());
    cmp("education", r.education.clone(), m.education.clone());
    cmp("join_date", r.join_date.clone(), m.join_date.to_string());
    cmp("full_date", r.full_date.clone().unwrap_or_default(), m.full_date.map(|d| d.to_string()).unwrap_or_default());
    cmp("status", r.status.label().into(), m.status.label().into());
    cmp("positions", r.positions.clone(), m.positions.clone());
    if let Some(id) = &m.id_number {
        if crypto::open(key, &old.id_number_enc)? != *id {
            out.push(("id_number", r.id_number_mask.clone(), mask_id_number(id)));
        }
    }
    if let Some(phone) = &m.phone {
        if crypto::open(key, &old.phone_enc)? != *phone {
            out.push(("phone", r.phone_mask.clone(), mask_phone(phone)));
        }
    }
    Ok(out)
}

/// Writes an edited record and one history row per changed field.
pub async fn update_record(
    tx: &mut crate::shell::WriteTx,
    user_id: i64,
    m: &MemberInput,
    changes: &[(&'static str, String, String)],
    key: &[u8; 32],
    lookup_key: &[u8; 32],
    actor: i64,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE archive_members SET gender = $1, ethnicity = $2, birth_date = $3, education = $4, join_date = $5,
                join_year = $6, full_date = $7, status = $8, positions = $9, updated_at = $10 WHERE user_id = $11",
    )
    .bind(m.gender.as_str())
    .bind(&m.ethnicity)
    .bind(m.birth_date.to_string())
    .bind(&m.education)
    .bind(m.join_date.to_string())
    .bind(m.join_date.y)
    .bind(m.full_date.map(|d| d.to_string()))
    .bind(m.status.as_str())
    .bind(&m.positions)
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    for (field, _, _) in changes {
        match *field {
            "id_number" => {
                let id = m.id_number.as_deref().unwrap_or_default();
                sqlx::query("UPDATE archive_members SET id_number_enc = $1, id_number_mask = $2 WHERE user_id = $3")
                    .bind(crypto::seal(key, id)?)
                    .bind(mask_id_number(id))
                    .bind(user_id)
                    .execute(&mut **tx)
                    .await?;
            }
            "phone" => {
                let phone = m.phone.as_deref().unwrap_or_default();
                sqlx::query("UPDATE archive_members SET phone_enc = $1, phone_mask = $2 WHERE user_id = $3")
                    .bind(crypto::seal(key, phone)?)
                    .bind(mask_phone(phone))
                    .bind(user_id)
                    .execute(&mut **tx)
                    .await?;
                set_login_phone(tx, user_id, phone, lookup_key, now).await?;
            }
            "name" => {
                sqlx::query("UPDATE auth_users SET display_name = $1, name_initials = $2, updated_at = $3 WHERE id = $4")
                    .bind(&m.name)
                    .bind(crate::auth::repo::initials(&m.name))
                    .bind(now)
                    .bind(user_id)
                    .execute(&mut **tx)
                    .await?;
            }
            _ => {}
        }
    }
    for (field, old, new) in changes {
        insert_change(tx, user_id, Some(actor), field, old, new, now).await?;
    }
    Ok(())
}

/// The archive phone is also the phone the member logs in with.
pub async fn set_login_phone(tx: &mut crate::shell::WriteTx, user_id: i64, phone: &str, lookup_key: &[u8; 32], now: i64) -> Result<(), AppError> {
    let res = sqlx::query("UPDATE auth_users SET phone_lookup = $1, phone_last4 = $2, updated_at = $3 WHERE id = $4")
        .bind(crate::auth::repo::phone_lookup(lookup_key, phone))
        .bind(&phone[phone.len() - 4..])
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await;
    match res {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => Err(AppError::invalid("phone", "该手机号已被其他账号使用")),
        Err(e) => Err(e.into()),
    }
}

pub async fn insert_change(
    tx: &mut crate::shell::WriteTx,
    user_id: i64,
    actor: Option<i64>,
    field: &str,
    old: &str,
    new: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO archive_changes (user_id, actor_id, field, old_value, new_value, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user_id)
    .bind(actor)
    .bind(field)
    .bind(old)
    .bind(new)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The change history of a record, newest first (the last 200 changes).
pub async fn changes(db: &Db, user_id: i64) -> Result<Vec<ChangeRow>, AppError> {
    let rows: Vec<(i64, Option<String>, String, String, String)> = sqlx::query_as(
        "SELECT c.created_at, a.display_name, c.field, c.old_value, c.new_value FROM archive_changes c
         LEFT JOIN auth_users a ON a.id = c.actor_id WHERE c.user_id = $1 ORDER BY c.id DESC LIMIT 200",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(created_at, actor, field, old_value, new_value)| ChangeRow { created_at, actor, field, old_value, new_value })
        .collect())
}

/// Moves a member to another branch and keeps the move.
pub async fn transfer(tx: &mut crate::shell::WriteTx, user_id: i64, from: i64, to: i64, reason: &str, actor: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE auth_users SET org_id = $1, updated_at = $2 WHERE id = $3")
        .bind(to)
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO archive_transfers (user_id, from_org_id, to_org_id, reason, actor_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user_id)
    .bind(from)
    .bind(to)
    .bind(reason)
    .bind(actor)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The transfers of a member, newest first.
pub async fn transfers(db: &Db, user_id: i64) -> Result<Vec<TransferRow>, AppError> {
    let rows: Vec<(i64, Option<String>, String, String, String)> = sqlx::query_as(
        "SELECT t.created_at, a.display_name, f.name, o.name, t.reason FROM archive_transfers t
         JOIN org_organizations f ON f.id = t.from_org_id JOIN org_organizations o ON o.id = t.to_org_id
         LEFT JOIN auth_users a ON a.id = t.actor_id WHERE t.user_id = $1 ORDER BY t.id DESC",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(created_at, actor, from_org, to_org, reason)| TransferRow { created_at, actor, from_org, to_org, reason })
        .collect())
}

/// Branches (and groups) under one of `paths` (all when empty) whose name contains
/// `q`, with the names of the organizations above them; at most `limit`.
pub async fn branches(db: &Db, paths: &[String], q: Option<&str>, limit: i64) -> Result<Vec<super::BranchOption>, AppError> {
    let mut binds = Vec::new();
    let mut conds = vec!["o.kind IN ('branch', 'group')".to_owned()];
    conds.extend(crate::org::repo::subtree_condition(paths, &mut binds));
    if let Some(q) = q {
        let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        binds.push(format!("%{escaped}%"));
        conds.push(format!("o.name LIKE ${} ESCAPE '\\'", binds.len()));
    }
    let sql = format!(
        "SELECT o.id, o.name, COALESCE(p.name, ''), COALESCE(g.name, '') FROM org_organizations o
         LEFT JOIN org_organizations p ON p.id = o.parent_id LEFT JOIN org_organizations g ON g.id = p.parent_id
         WHERE {} ORDER BY o.path LIMIT ${}",
        conds.join(" AND "),
        binds.len() + 1
    );
    let mut query = sqlx::query_as::<_, (i64, String, String, String)>(&sql);
    for b in &binds {
        query = query.bind(b);
    }
    let rows = query.bind(limit).fetch_all(db.pool()).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, parent, grand)| super::BranchOption {
            id,
            name,
            parents: [grand, parent].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" / "),
        })
        .collect())
}

/// An organization's kind and path, by id.
pub async fn org_kind_path(db: &Db, org_id: i64) -> Result<Option<(String, String, String)>, AppError> {
    Ok(sqlx::query_as("SELECT kind, path, name FROM org_organizations WHERE id = $1").bind(org_id).fetch_optional(db.pool()).await?)
}

/// The id and path of every branch or group named exactly `name` (imports name branches).
pub async fn org_by_name(db: &Db, name: &str) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as("SELECT id, path FROM org_organizations WHERE name = $1 AND kind IN ('branch', 'group')")
        .bind(name)
        .fetch_all(db.pool())
        .await?)
}
