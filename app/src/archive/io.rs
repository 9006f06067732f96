//! Spreadsheets in and out (server only): CSV and XLSX with the columns of [`COLUMNS`],
//! and the row-by-row check of an import.
use super::{crypto, repo, MemberForm, MemberInput, RowError, COLUMNS, IMPORT_MAX_ROWS};
use crate::auth::CurrentUser;
use crate::shell::{AppError, Db};
use std::collections::{HashMap, HashSet};

/// Largest file an import accepts.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// One record in the columns of [`COLUMNS`]; secret fields in full when `full`.
pub fn export_row(s: &repo::StoredRecord, full: bool, key: &[u8; 32]) -> Result<Vec<String>, AppError> {
    let r = &s.record;
    let (id_number, phone) = if full {
        (crypto::open(key, &s.id_number_enc)?, crypto::open(key, &s.phone_enc)?)
    } else {
        (r.id_number_mask.clone(), r.phone_mask.clone())
    };
    Ok(vec![
        r.username.clone().unwrap_or_default(),
        r.name.clone(),
        r.gender.label().into(),
        r.ethnicity.clone(),
        r.birth_date.clone(),
        r.education.clone(),
        id_number,
        phone,
        r.org_name.clone(),
        r.join_date.clone(),
        r.full_date.clone().unwrap_or_default(),
        r.status.label().into(),
        r.positions.clone(),
    ])
}

/// The members as CSV in the columns of [`COLUMNS`] (see [`crate::shell::export`]).
pub fn to_csv(rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    crate::shell::export::to_csv(COLUMNS, rows)
}

/// The members as one XLSX worksheet; ID number, organization and positions get room.
pub fn to_xlsx(rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    crate::shell::export::to_xlsx("党员档案", COLUMNS, rows, &[6, 8, 12])
}

/// The cells of a CSV file: UTF-8 (with or without BOM), or GBK as Excel on Chinese
/// Windows saves it.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, AppError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(_) => {
            let (t, _, bad) = encoding_rs::GBK.decode(bytes);
            if bad {
                return Err(AppError::invalid("file", "无法识别文件编码，请另存为 UTF-8 编码的 CSV"));
            }
            t.into_owned()
        }
    };
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| AppError::invalid("file", &format!("CSV 格式有误：{e}")))?;
        out.push(rec.iter().map(|c| c.trim().trim_start_matches('\'').to_owned()).collect());
    }
    Ok(out)
}

/// The cells of the first worksheet of an XLSX file, as text.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, AppError> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|_| AppError::invalid("file", "无法读取该 XLSX 文件，请确认文件未损坏"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| AppError::invalid("file", "XLSX 文件中没有工作表"))?
        .map_err(|_| AppError::invalid("file", "无法读取该 XLSX 文件的第一个工作表"))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.trim().to_owned(),
                    // Phone numbers typed as numbers: 13800138000.0 → 13800138000.
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                    Data::Int(i) => i.to_string(),
                    Data::DateTime(d) => excel_date(d.as_f64()),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    let (y, m, d) = crate::shell::civil_from_days(serial.floor() as i64 - 25_569);
    format!("{y:04}-{m:02}-{d:02}")
}

fn column_of(field: &str) -> &'static str {
    match field {
        "username" => "用户名",
        "name" | "display_name" => "姓名",
        "gender" => "性别",
        "ethnicity" => "民族",
        "birth_date" => "出生日期",
        "education" => "学历",
        "id_number" => "身份证号",
        "phone" => "手机号",
        "org" => "所在支部",
        "join_date" => "入党日期",
        "full_date" => "转正日期",
        "status" => "党员状态",
        "positions" => "党内职务",
        _ => "",
    }
}

fn row_error(row: usize, e: AppError) -> RowError {
    let message = match e {
        AppError::Invalid { field, message } if !column_of(&field).is_empty() => format!("{}：{message}", column_of(&field)),
        other => other.to_string(),
    };
    RowError { row, message }
}

/// Checks every row of an imported table: the header, each field, the branch (which
/// must lie in the caller's scope), and usernames and phones unused in the file and on
/// the platform. Returns the rows to create, or the errors (row 1 is the header).
pub async fn check_rows(
    db: &Db,
    me: &CurrentUser,
    lookup_key: &[u8; 32],
    table: Vec<Vec<String>>,
) -> Result<(Vec<(String, MemberInput, i64)>, Vec<RowError>), AppError> {
    let mut table = table.into_iter();
    let header = table.next().unwrap_or_default();
    let header: Vec<&str> = header.iter().map(|c| c.trim()).collect();
    if header.len() < COLUMNS.len() || header[..COLUMNS.len()] != *COLUMNS {
        let message = format!("表头应为：{}（可下载导入模板）", COLUMNS.join("，"));
        return Ok((Vec::new(), vec![RowError { row: 1, message }]));
    }
    let data: Vec<(usize, Vec<String>)> =
        table.enumerate().map(|(i, r)| (i + 2, r)).filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty())).collect();
    if data.is_empty() {
        return Ok((Vec::new(), vec![RowError { row: 2, message: "文件中没有党员数据".into() }]));
    }
    if data.len() > IMPORT_MAX_ROWS {
        let message = format!("一次最多导入 {IMPORT_MAX_ROWS} 行，本文件有 {} 行，请分批导入", data.len());
        return Ok((Vec::new(), vec![RowError { row: 2, message }]));
    }
    let mut branches: HashMap<String, Result<i64, String>> = HashMap::new();
    let mut usernames = HashSet::new();
    let mut phones = HashSet::new();
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for (row, mut cells) in data {
        cells.resize(COLUMNS.len(), String::new());
        let cell = |i: usize| cells[i].trim().to_owned();
        let username = match super::parse_username(&cell(0)) {
            Ok(u) => u,
            Err(e) => {
                errors.push(row_error(row, e));
                continue;
            }
        };
        let form = MemberForm {
            name: cell(1),
            gender: cell(2),
            ethnicity: cell(3),
            birth_date: cell(4),
            education: cell(5),
            id_number: cell(6),
            phone: cell(7),
            join_date: cell(9),
            full_date: cell(10),
            status: cell(11),
            positions: cell(12),
        };
        let input = match MemberInput::parse(&form, true) {
            Ok(i) => i,
            Err(e) => {
                errors.push(row_error(row, e));
                continue;
            }
        };
        let branch_name = cell(8);
        if !branches.contains_key(&branch_name) {
            let found = repo::org_by_name(db, &branch_name).await?;
            let result = match found.as_slice() {
                [] if branch_name.is_empty() => Err("所在支部：请填写党员所在的党支部全称".to_owned()),
                [] => Err(format!("所在支部：找不到“{branch_name}”，请填写党支部全称")),
                [(id, path)] if crate::org::allows(me, path, crate::org::Perm::EditArchive) => Ok(*id),
                [_] => Err(format!("所在支部：“{branch_name}”不在您管理的范围内")),
                _ => Err(format!("所在支部：有多个名为“{branch_name}”的组织，请联系上级管理员")),
            };
            branches.insert(branch_name.clone(), result);
        }
        let org_id = match &branches[&branch_name] {
            Ok(id) => *id,
            Err(message) => {
                errors.push(RowError { row, message: message.clone() });
                continue;
            }
        };
        if !usernames.insert(username.clone()) {
            errors.push(RowError { row, message: format!("用户名：{username} 在文件中重复出现") });
            continue;
        }
        let phone = input.phone.clone().unwrap_or_default();
        if !phones.insert(phone.clone()) {
            errors.push(RowError { row, message: "手机号：与文件中前面的某行重复".into() });
            continue;
        }
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM auth_users WHERE username = $1")
            .bind(&username)
            .fetch_optional(db.pool())
            .await?;
        if taken.is_some() {
            errors.push(RowError { row, message: format!("用户名：{username} 已被使用") });
            continue;
        }
        let phone_taken: Option<i64> = sqlx::query_scalar("SELECT id FROM auth_users WHERE phone_lookup = $1")
            .bind(crate::auth::repo::phone_lookup(lookup_key, &phone))
            .fetch_optional(db.pool())
            .await?;
        if phone_taken.is_some() {
            errors.push(RowError { row, message: "手机号：已被平台上的其他账号使用".into() });
            continue;
        }
        ok.push((username, input, org_id));
    }
    Ok((ok, errors))
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_round_trips_chinese_text_and_defuses_formulas() {
        let mut row = vec![String::new(); super::COLUMNS.len()];
        row[0] = "u1".into();
        row[1] = "=1+1".into();
        row[2] = "男".into();
        let bytes = super::to_csv(&[row.clone()]).unwrap();
        let back = super::read_csv(&bytes).unwrap();
        assert_eq!(back[0][0], "用户名");
        assert_eq!(back[1], row);
        assert!(String::from_utf8_lossy(&bytes).contains("'=1+1"));
    }

    #[test]
    fn gbk_csv_from_chinese_excel_is_read() {
        let (gbk, _, _) = encoding_rs::GBK.encode("用户名,姓名\nu1,李红梅\n");
        let back = super::read_csv(&gbk).unwrap();
        assert_eq!(back[1], vec!["u1", "李红梅"]);
    }

    #[test]
    fn xlsx_round_trips_long_digit_strings() {
        let rows = vec![vec!["u1".to_owned(), "330102198503120022".to_owned()]];
        let bytes = super::to_xlsx(&rows).unwrap();
        let back = super::read_xlsx(&bytes).unwrap();
        assert_eq!(back[1][1], "330102198503120022");
        assert_eq!(super::excel_date(45_658.0), "2025-01-01");
    }
}
