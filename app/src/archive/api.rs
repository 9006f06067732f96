//! Server functions of the member e-archive. Each one: who → may they → parse → do → answer.
use super::*;
use crate::shell::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, GetUrl, MultipartData, MultipartFormData, Streaming};
#[cfg(feature = "ssr")]
use crate::shell::export::{attach_file, one_chunk, CSV, XLSX};

/// Rows per page of the member list.
pub const PER_PAGE: i64 = 20;

/// Cache keys of member counts start with this; archive writes forget them.
pub const MEMBERS_CACHE_PREFIX: &str = "members/";

/// Members an export may hold; larger scopes are narrowed with the filters first.
pub const EXPORT_MAX_ROWS: i64 = 50_000;

#[cfg(feature = "ssr")]
fn parse_filter(
    q: Option<String>,
    status: Option<String>,
    year: Option<String>,
) -> Result<repo::MemberFilter, AppError> {
    let q = q.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    if q.as_ref().is_some_and(|s| s.chars().count() > 40) {
        return Err(AppError::invalid("q", "搜索内容不能超过 40 个字"));
    }
    let status = match status.as_deref().map(str::trim).unwrap_or("") {
        "" => None,
        s => Some(MemberStatus::parse(s)?),
    };
    let join_year = match year.as_deref().map(str::trim).unwrap_or("") {
        "" => None,
        y => match y.parse::<i32>() {
            Ok(y) if (1921..=2100).contains(&y) => Some(y),
            _ => return Err(AppError::invalid("year", "入党年份应为四位数字，例如 2010")),
        },
    };
    Ok(repo::MemberFilter { q, org_path: None, status, join_year })
}

/// Narrows a filter to organization `org`, which must lie inside the caller's scope.
#[cfg(feature = "ssr")]
async fn narrow_to_org(db: &crate::shell::Db, me: &crate::auth::CurrentUser, f: &mut repo::MemberFilter, org: Option<i64>) -> Result<(), AppError> {
    if let Some(org) = org {
        let (_, path, _) = repo::org_kind_path(db, org).await?.ok_or(AppError::Forbidden)?;
        if !crate::org::allows(me, &path, crate::org::Perm::ViewMembers) {
            return Err(AppError::Forbidden);
        }
        f.org_path = Some(path);
    }
    Ok(())
}

/// 党员管理: members of the caller's subtree, searchable by name, pinyin initials or
/// username, filtered by organization, status and join year.
#[server(prefix = "/api", endpoint = "archive/list_members", input = GetUrl)]
pub async fn list_members(
    q: Option<String>,
    org: Option<i64>,
    status: Option<String>,
    year: Option<String>,
    page: Option<i64>,
    after: Option<i64>,
    before: Option<i64>,
) -> Result<MemberPage, AppError> {
    use crate::auth::require_user;
    use crate::org::{scope_paths, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = require_user().await?;
        let paths = scope_paths(&me, Perm::ViewMembers)?;
        let db = shell::db()?;
        let mut f = parse_filter(q, status, year)?;
        narrow_to_org(&db, &me, &mut f, org).await?;
        let page = page.unwrap_or(1).clamp(1, 100_000);
        let at = match (after, before) {
            (Some(id), _) if page > 1 => repo::PageAt::After(id),
            (_, Some(id)) if page > 1 => repo::PageAt::Before(id),
            _ => repo::PageAt::Number(page),
        };
        let rows = repo::list(&db, &paths, &f, at, PER_PAGE).await?;
        // The count walks the whole scope; the pager's total may be 30 s old (writes on
        // this instance forget it at once).
        let key = format!("{MEMBERS_CACHE_PREFIX}{paths:?}/{f:?}");
        let total = shell::cache()?.get_or_load(&key, std::time::Duration::from_secs(30), || repo::count(&db, &paths, &f)).await?;
        Ok(MemberPage { rows, total, page, per_page: PER_PAGE })
    })
    .await
}

/// The member `user_id` if `me` may `perm` on their organization; a resident or an
/// unknown id is `NotFound`, a member elsewhere `Forbidden`.
#[cfg(feature = "ssr")]
async fn member_in_scope(
    db: &crate::shell::Db,
    me: &crate::auth::CurrentUser,
    user_id: i64,
    perm: crate::org::Perm,
) -> Result<repo::MemberPlace, AppError> {
    let place = repo::place(db, user_id).await?.ok_or(AppError::NotFound)?;
    if !crate::org::allows(me, &place.org_path, perm) {
        return Err(AppError::Forbidden);
    }
    Ok(place)
}

/// 档案详情: the record with masked ID number and phone, its history and transfers.
#[server(prefix = "/api", endpoint = "archive/get_member", input = GetUrl)]
pub async fn get_member(user_id: i64) -> Result<MemberDetail, AppError> {
    use crate::auth::require_user;
    use crate::org::{allows, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = require_user().await?;
        let db = shell::db()?;
        let place = member_in_scope(&db, &me, user_id, Perm::ViewMembers).await?;
        let record = repo::record(&db, user_id).await?.map(|s| s.record);
        let roles = crate::auth::repo::current_user(&db, crate::auth::UserId(user_id)).await?.map(|u| u.roles).unwrap_or_default();
        let role_orgs = match crate::org::scope_paths(&me, Perm::ManageRoles) {
            Ok(paths) => crate::org::repo::switchable(&db, &paths, 300).await?,
            Err(_) => Vec::new(),
        };
        Ok(MemberDetail {
            roles,
            role_orgs,
            id: user_id,
            name: place.name,
            username: place.username,
            org_name: place.org_name,
            record,
            changes: repo::changes(&db, user_id).await?,
            transfers: repo::transfers(&db, user_id).await?,
            can_edit: allows(&me, &place.org_path, Perm::EditArchive),
            can_reveal: allows(&me, &place.org_path, Perm::RevealSensitive),
        })
    })
    .await
}

/// 查看完整信息: the unmasked ID number or phone of one member. Every call is audited.
#[server(prefix = "/api", endpoint = "archive/reveal")]
pub async fn reveal_member_field(user_id: i64, field: String) -> Result<String, AppError> {
    use crate::auth::{client_ip, require_user};
    use crate::org::Perm;
    use crate::{audit, shell};
    shell::respond(async move {
        let me = require_user().await?;
        let db = shell::db()?;
        let place = member_in_scope(&db, &me, user_id, Perm::RevealSensitive).await?;
        let stored = repo::record(&db, user_id).await?.ok_or(AppError::NotFound)?;
        let sealed = match field.as_str() {
            "id_number" => &stored.id_number_enc,
            "phone" => &stored.phone_enc,
            _ => return Err(AppError::invalid("field", "只能查看身份证号或手机号")),
        };
        let plain = crypto::open(&shell::field_key()?, sealed)?;
        let target = format!("user:{user_id}");
        let detail = format!("field={field}");
        audit::log(&db, audit::Entry { actor_id: Some(me.id.0), action: "archive_revealed", org_id: Some(place.org_id), target: &target, detail: &detail, ip: &client_ip() }).await?;
        Ok(plain)
    })
    .await
}

/// 保存档案: edits a member's record (files it when there is none yet). Every changed
/// field goes to the history; ID number and phone stay unchanged when left empty.
#[server(prefix = "/api", endpoint = "archive/save")]
pub async fn save_member(user_id: i64, form: MemberForm) -> Result<(), AppError> {
    use crate::auth::{client_ip, require_user};
    use crate::org::Perm;
    use crate::{audit, shell};
    shell::respond(async move {
        let me = require_user().await?;
        let db = shell::db()?;
        let place = member_in_scope(&db, &me, user_id, Perm::EditArchive).await?;
        let old = repo::record(&db, user_id).await?;
        let input = MemberInput::parse(&form, old.is_none())?;
        let (key, lookup_key, now) = (shell::field_key()?, shell::lookup_key()?, shell::now_ms());
        let mut tx = db.write_tx().await?;
        let fields = match &old {
            Some(old) => {
                let changes = repo::diff(old, &input, &key)?;
                if changes.is_empty() {
                    tx.rollback().await?;
                    return Ok(());
                }
                repo::update_record(&mut tx, user_id, &input, &changes, &key, &lookup_key, me.id.0, now).await?;
                changes.iter().map(|c| c.0).collect::<Vec<_>>().join(",")
            }
            None => {
                repo::insert_record(&mut tx, user_id, &input, &key, now).await?;
                repo::set_login_phone(&mut tx, user_id, input.phone.as_deref().unwrap_or_default(), &lookup_key, now).await?;
                repo::insert_change(&mut tx, user_id, Some(me.id.0), "filed", "", "", now).await?;
                "filed".to_owned()
            }
        };
        let target = format!("user:{user_id}");
        let detail = format!("fields={fields}");
        audit::record(&mut *tx, audit::Entry { actor_id: Some(me.id.0), action: "archive_edited", org_id: Some(place.org_id), target: &target, detail: &detail, ip: &client_ip() }).await?;
        tx.commit().await?;
        shell::cache()?.forget(MEMBERS_CACHE_PREFIX);
        Ok(())
    })
    .await
}

/// Checks an organizer-chosen username: 3–32 lower-case letters, digits, `_ . -`, not
/// only digits (a phone number logs in as a phone).
pub fn parse_username(raw: &str) -> Result<String, AppError> {
    let s = raw.trim().to_lowercase();
    let ok = (3..=32).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && !s.chars().all(|c| c.is_ascii_digit());
    if ok {
        Ok(s)
    } else {
        Err(AppError::invalid("username", "用户名为 3–32 位小写字母、数字或 _ . -，不能全是数字"))
    }
}

/// 新增党员: an organizer creates a member account with its archive record. The
/// member logs in with the one-time password returned here and must change it.
#[server(prefix = "/api", endpoint = "archive/create")]
pub async fn create_member(org_id: i64, username: String, form: MemberForm) -> Result<CreatedAccount, AppError> {
    use crate::auth::{client_ip, require_user};
    use crate::org::{require_scope, OrgId, Perm};
    use crate::{audit, shell};
    shell::respond(async move {
        let me = require_user().await?;
        let db = shell::db()?;
        let (kind, _, _) = repo::org_kind_path(&db, org_id).await?.ok_or(AppError::Forbidden)?;
        require_scope(&db, &me, OrgId(org_id), Perm::EditArchive).await?;
        if kind != "branch" && kind != "group" {
            return Err(AppError::invalid("org_id", "党员应编入党支部或党小组"));
        }
        let username = parse_username(&username)?;
        let input = MemberInput::parse(&form, true)?;
        let made = create_accounts(&db, vec![(username, input, org_id)], me.id.0).await?.remove(0);
        let target = format!("user:{}", made.id);
        audit::log(&db, audit::Entry { actor_id: Some(me.id.0), action: "account_created", org_id: Some(org_id), target: &target, detail: "kind=member", ip: &client_ip() }).await?;
        Ok(made)
    })
    .await
}

/// Makes member accounts with their records in one transaction: all or none. Each gets
/// its own one-time password; the hashes run side by side on the blocking pool.
#[cfg(feature = "ssr")]
async fn create_accounts(db: &crate::shell::Db, rows: Vec<(String, MemberInput, i64)>, actor: i64) -> Result<Vec<CreatedAccount>, AppError> {
    use crate::auth::{self, repo as auth_repo, DisplayName, UserKind, UserStatus};
    use crate::shell;
    let passwords: Vec<String> = rows.iter().map(|_| auth_repo::temporary_password()).collect();
    let hashes = futures::future::try_join_all(passwords.iter().map(|p| auth::hash_password(p))).await?;
    let (key, lookup_key, now) = (shell::field_key()?, shell::lookup_key()?, shell::now_ms());
    let mut tx = db.write_tx().await?;
    let mut made = Vec::with_capacity(rows.len());
    for (((username, input, org_id), password), hash) in rows.into_iter().zip(passwords).zip(hashes) {
        let name = DisplayName::parse(&input.name)?;
        let id = auth_repo::insert_user(
            &mut tx,
            auth_repo::NewUser {
                username: Some(&username),
                email: None,
                phone: input.phone.as_deref(),
                display_name: &name,
                password_hash: &hash,
                kind: UserKind::Member,
                status: UserStatus::Active,
                must_change_password: true,
                org_id: Some(org_id),
                community_id: None,
            },
            &lookup_key,
            now,
        )
        .await
        .map_err(|e| match e {
            AppError::Conflict(_) => AppError::invalid("username", &format!("用户名 {username} 或该手机号已被使用")),
            other => other,
        })?;
        repo::insert_record(&mut tx, id.0, &input, &key, now).await?;
        repo::insert_change(&mut tx, id.0, Some(actor), "filed", "", "", now).await?;
        made.push(CreatedAccount { id: id.0, username, name: input.name.clone(), temporary_password: password });
    }
    tx.commit().await?;
    shell::cache()?.forget(MEMBERS_CACHE_PREFIX);
    shell::cache()?.forget(crate::auth::PEOPLE_CACHE_PREFIX);
    Ok(made)
}

/// 组织关系转接: moves a member to another branch (anywhere on the platform: a member
/// may move to another county). The caller must hold the member's current branch.
#[server(prefix = "/api", endpoint = "archive/transfer")]
pub async fn transfer_member(user_id: i64, to_org: i64, reason: String) -> Result<(), AppError> {
    use crate::auth::{client_ip, require_user};
    use crate::org::Perm;
    use crate::{audit, shell};
    shell::respond(async move {
        let me = require_user().await?;
        let db = shell::db()?;
        let place = member_in_scope(&db, &me, user_id, Perm::EditArchive).await?;
        let (kind, _, to_name) = repo::org_kind_path(&db, to_org).await?.ok_or_else(|| AppError::invalid("to_org", "请选择转入的党支部"))?;
        if kind != "branch" && kind != "group" {
            return Err(AppError::invalid("to_org", "只能转入党支部或党小组"));
        }
        if to_org == place.org_id {
            return Err(AppError::invalid("to_org", "该党员已在此支部"));
        }
        let reason = reason.trim();
        match reason.chars().count() {
            0 => return Err(AppError::invalid("reason", "请填写转接原因，例如 工作调动")),
            201.. => return Err(AppError::invalid("reason", "转接原因不能超过 200 个字")),
            _ => {}
        }
        let now = shell::now_ms();
        let mut tx = db.write_tx().await?;
        repo::transfer(&mut tx, user_id, place.org_id, to_org, reason, me.id.0, now).await?;
        repo::insert_change(&mut tx, user_id, Some(me.id.0), "org", &place.org_name, &to_name, now).await?;
        let target = format!("user:{user_id}");
        let detail = format!("from={} to={to_org}", place.org_id);
        audit::record(&mut *tx, audit::Entry { actor_id: Some(me.id.0), action: "member_transferred", org_id: Some(place.org_id), target: &target, detail: &detail, ip: &client_ip() }).await?;
        tx.commit().await?;
        shell::cache()?.forget(MEMBERS_CACHE_PREFIX);
        shell::cache()?.forget(crate::auth::PEOPLE_CACHE_PREFIX);
        Ok(())
    })
    .await
}

/// Branches to choose from: `purpose` `mine` gives the caller's own (to file members
/// in, to filter by), `transfer` every branch on the platform. At most 50, by name.
#[server(prefix = "/api", endpoint = "archive/branches", input = GetUrl)]
pub async fn find_branches(q: Option<String>, purpose: Option<String>) -> Result<Vec<BranchOption>, AppError> {
    use crate::auth::require_user;
    use crate::org::{scope_paths, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = require_user().await?;
        let paths = scope_paths(&me, Perm::ViewMembers)?;
        let paths = match purpose.as_deref() {
            Some("transfer") => {
                scope_paths(&me, Perm::EditArchive)?;
                Vec::new()
            }
            _ => paths,
        };
        let q = q.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        if q.as_ref().is_some_and(|s| s.chars().count() > 40) {
            return Err(AppError::invalid("q", "搜索内容不能超过 40 个字"));
        }
        let db = shell::db()?;
        match q {
            Some(q) => repo::branches(&db, &paths, Some(&q), 50).await,
            // The unfiltered list fills a select on every member page and costs more than
            // the rest of the page (2.3 ms of 3.1 at 100 000 members): kept a minute,
            // forgotten when the tree changes.
            None => {
                let key = format!("{MEMBERS_CACHE_PREFIX}branches/{paths:?}");
                shell::cache()?.get_or_load(&key, std::time::Duration::from_secs(60), || repo::branches(&db, &paths, None, 50)).await
            }
        }
    })
    .await
}

/// 导出: the filtered members as CSV or XLSX, in the import's columns. ID numbers and
/// phones are in full only for roles that may see them (and the export is audited).
#[server(prefix = "/api", endpoint = "archive/export", input = GetUrl, output = Streaming)]
pub async fn export_members(
    format: String,
    q: Option<String>,
    org: Option<i64>,
    status: Option<String>,
    year: Option<String>,
) -> Result<ByteStream<AppError>, AppError> {
    use crate::auth::{client_ip, require_user};
    use crate::org::{scope_paths, Perm};
    use crate::{audit, shell};
    shell::respond(async move {
        let me = require_user().await?;
        let paths = scope_paths(&me, Perm::ViewMembers)?;
        let xlsx = match format.as_str() {
            "csv" => false,
            "xlsx" => true,
            _ => return Err(AppError::invalid("format", "导出格式应为 csv 或 xlsx")),
        };
        let db = shell::db()?;
        let mut f = parse_filter(q, status, year)?;
        narrow_to_org(&db, &me, &mut f, org).await?;
        let stored = repo::records(&db, &paths, &f, EXPORT_MAX_ROWS + 1).await?;
        if stored.len() as i64 > EXPORT_MAX_ROWS {
            return Err(AppError::Conflict(format!("一次最多导出 {EXPORT_MAX_ROWS} 人，请按组织、状态或年份缩小范围")));
        }
        let key = shell::field_key()?;
        let mut rows = Vec::with_capacity(stored.len());
        let mut revealed = false;
        for s in &stored {
            let full = crate::org::allows(&me, &s.org_path, Perm::RevealSensitive);
            revealed |= full;
            rows.push(io::export_row(s, full, &key)?);
        }
        let detail = format!("format={format} rows={} unmasked={revealed}", rows.len());
        audit::log(&db, audit::Entry { actor_id: Some(me.id.0), action: "archive_exported", org_id: me.roles.first().map(|g| g.org_id), target: "members", detail: &detail, ip: &client_ip() }).await?;
        let date = crate::shell::format_date_local(shell::now_ms());
        let bytes = if xlsx {
            attach_file(&format!("党员档案-{date}.xlsx"), "members.xlsx", XLSX);
            io::to_xlsx(&rows)?
        } else {
            attach_file(&format!("党员档案-{date}.csv"), "members.csv", CSV);
            io::to_csv(&rows)?
        };
        Ok(one_chunk(bytes))
    })
    .await
}

/// 导入模板: an empty CSV with the import's header row.
#[server(prefix = "/api", endpoint = "archive/template", input = GetUrl, output = Streaming)]
pub async fn import_template() -> Result<ByteStream<AppError>, AppError> {
    use crate::auth::require_user;
    use crate::org::{scope_paths, Perm};
    use crate::shell;
    shell::respond(async move {
        let me = require_user().await?;
        scope_paths(&me, Perm::EditArchive)?;
        attach_file("党员导入模板.csv", "members.csv", CSV);
        Ok(one_chunk(io::to_csv(&[])?))
    })
    .await
}

/// 批量导入: a CSV or XLSX file with the export's columns creates one member account
/// per row. Every row is checked first; if any is wrong, nothing is imported and the
/// report lists each wrong row.
#[server(prefix = "/api", endpoint = "archive/import", input = MultipartFormData)]
pub async fn import_members(data: MultipartData) -> Result<ImportReport, AppError> {
    use crate::auth::{client_ip, require_user};
    use crate::org::{scope_paths, Perm};
    use crate::{audit, shell};
    shell::respond(async move {
        let me = require_user().await?;
        scope_paths(&me, Perm::EditArchive)?;
        let mut multipart = data.into_inner().ok_or_else(|| AppError::internal("multipart data missing"))?;
        let mut file: Option<(String, Vec<u8>)> = None;
        while let Some(field) = multipart.next_field().await.map_err(|_| AppError::invalid("file", "上传的文件不完整，请重试"))? {
            if field.name() == Some("file") {
                let name = field.file_name().unwrap_or_default().to_lowercase();
                let bytes = field.bytes().await.map_err(|_| AppError::invalid("file", "上传的文件不完整，请重试"))?;
                file = Some((name, bytes.to_vec()));
            }
        }
        let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
            return Err(AppError::invalid("file", "请选择要导入的 CSV 或 XLSX 文件"));
        };
        if bytes.len() > io::MAX_FILE_BYTES {
            return Err(AppError::invalid("file", "文件不能超过 2 MB"));
        }
        let table = if name.ends_with(".xlsx") {
            io::read_xlsx(&bytes)?
        } else if name.ends_with(".csv") || name.ends_with(".txt") {
            io::read_csv(&bytes)?
        } else {
            return Err(AppError::invalid("file", "只支持 CSV 或 XLSX 文件"));
        };
        let db = shell::db()?;
        let (rows, errors) = io::check_rows(&db, &me, &shell::lookup_key()?, table).await?;
        if !errors.is_empty() {
            return Ok(ImportReport { created: Vec::new(), errors });
        }
        let created = create_accounts(&db, rows, me.id.0).await?;
        let detail = format!("rows={}", created.len());
        audit::log(&db, audit::Entry { actor_id: Some(me.id.0), action: "archive_imported", org_id: me.roles.first().map(|g| g.org_id), target: "members", detail: &detail, ip: &client_ip() }).await?;
        Ok(ImportReport { created, errors: Vec::new() })
    })
    .await
}

/// 我的档案: the caller's own record, masked like everywhere else; nothing for a
/// visitor (我的 shows the login card instead, and the browser logs no failed request).
#[server(prefix = "/api", endpoint = "archive/mine", input = GetUrl)]
pub async fn my_record() -> Result<Option<MemberRecord>, AppError> {
    use crate::shell;
    shell::respond(async move {
        let Some(me) = crate::auth::current_user().await? else { return Ok(None) };
        Ok(repo::record(&shell::db()?, me.id.0).await?.map(|s| s.record))
    })
    .await
}

/// 下载我的档案: the caller's own record in full, as CSV (audited like every unmasked view).
#[server(prefix = "/api", endpoint = "archive/download_mine", input = GetUrl, output = Streaming)]
pub async fn download_my_record() -> Result<ByteStream<AppError>, AppError> {
    use crate::auth::{client_ip, require_user};
    use crate::{audit, shell};
    shell::respond(async move {
        let me = require_user().await?;
        let db = shell::db()?;
        let stored = repo::record(&db, me.id.0).await?.ok_or(AppError::NotFound)?;
        let row = io::export_row(&stored, true, &shell::field_key()?)?;
        let target = format!("user:{}", me.id.0);
        audit::log(&db, audit::Entry { actor_id: Some(me.id.0), action: "own_record_downloaded", org_id: Some(stored.record.org_id), target: &target, detail: "", ip: &client_ip() }).await?;
        attach_file("我的党员档案.csv", "members.csv", CSV);
        Ok(one_chunk(io::to_csv(&[row])?))
    })
    .await
}
