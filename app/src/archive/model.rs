//! Archive types shared by browser and server, and the checks every field goes through
//! (the form, the import and the seed all use the same ones).
use crate::shell::AppError;
use serde::{Deserialize, Serialize};

/// 性别.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
    /// The Chinese label, as forms and spreadsheets show it.
    pub fn label(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
    /// Accepts the stored value or the Chinese label.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        match raw.trim() {
            "male" | "男" => Ok(Gender::Male),
            "female" | "女" => Ok(Gender::Female),
            "" => Err(AppError::invalid("gender", "请选择性别")),
            _ => Err(AppError::invalid("gender", "性别应为“男”或“女”")),
        }
    }
}

/// 党员状态.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// 预备党员.
    Probationary,
    /// 正式党员.
    Full,
    /// 已转出: the membership moved to an organization outside the platform.
    TransferredOut,
    /// 已去世.
    Deceased,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 4] =
        [MemberStatus::Probationary, MemberStatus::Full, MemberStatus::TransferredOut, MemberStatus::Deceased];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Probationary => "probationary",
            MemberStatus::Full => "full",
            MemberStatus::TransferredOut => "transferred_out",
            MemberStatus::Deceased => "deceased",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            MemberStatus::Probationary => "预备党员",
            MemberStatus::Full => "正式党员",
            MemberStatus::TransferredOut => "已转出",
            MemberStatus::Deceased => "已去世",
        }
    }
    /// Accepts the stored value or the Chinese label.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let s = raw.trim();
        MemberStatus::ALL
            .into_iter()
            .find(|m| m.as_str() == s || m.label() == s)
            .ok_or_else(|| AppError::invalid("status", "党员状态应为预备党员、正式党员、已转出或已去世"))
    }
}

/// 学历, as the party's statistics count it.
pub const EDUCATIONS: &[&str] = &["小学", "初中", "高中", "中专", "大专", "本科", "硕士研究生", "博士研究生"];

/// A calendar date `YYYY-MM-DD`, checked, compared as (year, month, day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Date {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Date {
    /// Reads `2001-07-01` (also `2001/7/1` and `2001.7.1`, as spreadsheets write them).
    pub fn parse(raw: &str, field: &str, label: &str) -> Result<Self, AppError> {
        let s = raw.trim();
        let bad = || AppError::invalid(field, &format!("{label}格式应为 年-月-日，例如 2001-07-01"));
        let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
        let [y, m, d] = parts[..] else { return Err(bad()) };
        let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else { return Err(bad()) };
        if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return Err(AppError::invalid(field, &format!("{label}不是有效的日期")));
        }
        Ok(Date { y, m, d })
    }

    /// The same day `years` later (29 February becomes 28 February).
    pub fn plus_years(self, years: i32) -> Date {
        let y = self.y + years;
        Date { y, m: self.m, d: self.d.min(days_in_month(y, self.m)) }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 居民身份证号: 18 characters, a valid birth date and the GB 11643 check digit.
pub fn parse_id_number(raw: &str) -> Result<(String, Date), AppError> {
    let s: String = raw.trim().to_uppercase();
    let bad = |msg: &str| AppError::invalid("id_number", msg);
    if s.chars().count() != 18 || !s[..17].chars().all(|c| c.is_ascii_digit()) {
        return Err(bad("身份证号应为 18 位，前 17 位为数字"));
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECKS: &[u8; 11] = b"10X98765432";
    let sum: u32 = s.bytes().take(17).zip(WEIGHTS).map(|(b, w)| (b - b'0') as u32 * w).sum();
    if s.as_bytes()[17] != CHECKS[(sum % 11) as usize] {
        return Err(bad("身份证号校验位不正确，请核对"));
    }
    let birth = Date::parse(&format!("{}-{}-{}", &s[6..10], &s[10..12], &s[12..14]), "id_number", "身份证号中的出生日期")?;
    Ok((s, birth))
}

/// A mainland mobile number: 11 digits starting 13–19; spaces, dashes and +86 ignored.
pub fn parse_mobile(raw: &str) -> Result<String, AppError> {
    let digits: String = raw.trim().chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = digits.strip_prefix("+86").unwrap_or(&digits);
    let ok = digits.len() == 11
        && digits.starts_with('1')
        && matches!(digits.as_bytes()[1], b'3'..=b'9')
        && digits.chars().all(|c| c.is_ascii_digit());
    if ok {
        Ok(digits.to_owned())
    } else {
        Err(AppError::invalid("phone", "手机号应为 11 位数字，以 13–19 开头"))
    }
}

/// `3301**********1234`: the first four and last four characters of an ID number.
pub fn mask_id_number(id: &str) -> String {
    let n = id.chars().count();
    if n <= 8 {
        return "*".repeat(n);
    }
    format!("{}{}{}", &id[..4], "*".repeat(n - 8), &id[n - 4..])
}

/// `138****8000`.
pub fn mask_phone(phone: &str) -> String {
    if phone.len() != 11 {
        return "*".repeat(phone.len());
    }
    format!("{}****{}", &phone[..3], &phone[7..])
}

/// The archive form as typed: every field text, checked by [`MemberInput::parse`].
/// On edits an empty `id_number` or `phone` keeps the stored value (the form never
/// receives it, only its mask).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberForm {
    pub name: String,
    pub gender: String,
    pub ethnicity: String,
    pub birth_date: String,
    pub education: String,
    pub id_number: String,
    pub phone: String,
    pub join_date: String,
    pub full_date: String,
    pub status: String,
    pub positions: String,
}

/// A checked archive record. `id_number` and `phone` are `None` when left unchanged.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberInput {
    pub name: String,
    pub gender: Gender,
    pub ethnicity: String,
    pub birth_date: Date,
    pub education: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub join_date: Date,
    pub full_date: Option<Date>,
    pub status: MemberStatus,
    pub positions: String,
}

impl MemberInput {
    /// Checks a form; `creating` makes the ID number and phone required.
    pub fn parse(f: &MemberForm, creating: bool) -> Result<Self, AppError> {
        let name = crate::auth::DisplayName::parse(&f.name).map_err(|e| rename_field(e, "name"))?.as_str().to_owned();
        let gender = Gender::parse(&f.gender)?;
        let ethnicity = f.ethnicity.trim();
        let ethnicity = match ethnicity.chars().count() {
            0 => return Err(AppError::invalid("ethnicity", "请填写民族，例如 汉族")),
            n if n > 10 || !ethnicity.ends_with('族') => {
                return Err(AppError::invalid("ethnicity", "民族应写全称，例如 汉族、回族"))
            }
            _ => ethnicity.to_owned(),
        };
        if f.birth_date.trim().is_empty() {
            return Err(AppError::invalid("birth_date", "请填写出生日期"));
        }
        let birth_date = Date::parse(&f.birth_date, "birth_date", "出生日期")?;
        let education = f.education.trim();
        if !EDUCATIONS.contains(&education) {
            return Err(AppError::invalid("education", "请选择学历"));
        }
        let id_number = match (f.id_number.trim(), creating) {
            ("", true) => return Err(AppError::invalid("id_number", "请填写身份证号")),
            ("", false) => None,
            (raw, _) => {
                let (id, born) = parse_id_number(raw)?;
                if born != birth_date {
                    return Err(AppError::invalid("id_number", "身份证号中的出生日期与所填出生日期不一致"));
                }
                Some(id)
            }
        };
        let phone = match (f.phone.trim(), creating) {
            ("", true) => return Err(AppError::invalid("phone", "请填写手机号")),
            ("", false) => None,
            (raw, _) => Some(parse_mobile(raw)?),
        };
        if f.join_date.trim().is_empty() {
            return Err(AppError::invalid("join_date", "请填写入党日期"));
        }
        let join_date = Date::parse(&f.join_date, "join_date", "入党日期")?;
        if join_date < birth_date.plus_years(18) {
            return Err(AppError::invalid("join_date", "入党时应年满 18 周岁，请核对入党日期"));
        }
        let status = MemberStatus::parse(&f.status)?;
        let full_date = match f.full_date.trim() {
            "" => None,
            raw => Some(Date::parse(raw, "full_date", "转正日期")?),
        };
        match (status, full_date) {
            (MemberStatus::Probationary, Some(_)) => {
                return Err(AppError::invalid("full_date", "预备党员还没有转正日期；转正后请把状态改为正式党员"))
            }
            (MemberStatus::Full, None) => return Err(AppError::invalid("full_date", "正式党员请填写转正日期")),
            (_, Some(full)) if full < join_date.plus_years(1) => {
                return Err(AppError::invalid("full_date", "预备期为一年，转正日期不能早于入党一年后"))
            }
            _ => {}
        }
        let positions = f.positions.trim();
        if positions.chars().count() > 100 {
            return Err(AppError::invalid("positions", "党内职务不能超过 100 个字"));
        }
        Ok(MemberInput {
            name,
            gender,
            ethnicity,
            birth_date,
            education: education.to_owned(),
            id_number,
            phone,
            join_date,
            full_date,
            status,
            positions: positions.to_owned(),
        })
    }
}

fn rename_field(e: AppError, field: &str) -> AppError {
    match e {
        AppError::Invalid { message, .. } => AppError::Invalid { field: field.to_owned(), message },
        other => other,
    }
}

/// One member in the admin list. Only masked contact data ever appears here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub username: Option<String>,
    pub gender: Option<Gender>,
    pub org_name: String,
    pub status: Option<MemberStatus>,
    pub join_date: Option<String>,
    pub phone_mask: Option<String>,
}

/// A page of the member list, with the total for the pager.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberPage {
    pub rows: Vec<MemberRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A member's archive as shown: ID number and phone masked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberRecord {
    pub id: i64,
    pub username: Option<String>,
    pub org_id: i64,
    pub org_name: String,
    pub name: String,
    pub gender: Gender,
    pub ethnicity: String,
    pub birth_date: String,
    pub education: String,
    pub id_number_mask: String,
    pub phone_mask: String,
    pub join_date: String,
    pub full_date: Option<String>,
    pub status: MemberStatus,
    pub positions: String,
    pub updated_at: i64,
}

impl MemberRecord {
    /// The record as the edit form starts: everything but the two secret fields.
    pub fn to_form(&self) -> MemberForm {
        MemberForm {
            name: self.name.clone(),
            gender: self.gender.as_str().into(),
            ethnicity: self.ethnicity.clone(),
            birth_date: self.birth_date.clone(),
            education: self.education.clone(),
            id_number: String::new(),
            phone: String::new(),
            join_date: self.join_date.clone(),
            full_date: self.full_date.clone().unwrap_or_default(),
            status: self.status.as_str().into(),
            positions: self.positions.clone(),
        }
    }
}

/// One change of one field: who, when, from what to what (secret fields masked).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeRow {
    pub created_at: i64,
    pub actor: Option<String>,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
}

/// One membership transfer between branches (组织关系转接).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferRow {
    pub created_at: i64,
    pub actor: Option<String>,
    pub from_org: String,
    pub to_org: String,
    pub reason: String,
}

/// The detail page: the record (absent for an account nobody has filed yet), its
/// history, and what the caller may do with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberDetail {
    pub id: i64,
    pub name: String,
    pub username: Option<String>,
    pub org_name: String,
    pub record: Option<MemberRecord>,
    pub changes: Vec<ChangeRow>,
    pub transfers: Vec<TransferRow>,
    pub can_edit: bool,
    pub can_reveal: bool,
    /// The organizer roles the member holds.
    pub roles: Vec<crate::auth::RoleGrant>,
    /// Organizations where the caller may appoint (empty when nowhere).
    pub role_orgs: Vec<(i64, String)>,
}

/// A branch a member can belong to or be transferred to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BranchOption {
    pub id: i64,
    pub name: String,
    /// `清溪县委 / 城关镇党委`: where the branch sits in the tree.
    pub parents: String,
}

/// An account made by an organizer, with its one-time password (shown once).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatedAccount {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub temporary_password: String,
}

/// A rejected row of an import: the spreadsheet row number (header = 1) and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowError {
    pub row: usize,
    pub message: String,
}

/// What an import did: every account it made, or, when any row was wrong, every
/// error and nothing made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub created: Vec<CreatedAccount>,
    pub errors: Vec<RowError>,
}

/// Rows an import may hold: each new account costs an argon2 hash (~25 ms here).
pub const IMPORT_MAX_ROWS: usize = 500;

/// The spreadsheet columns of import and export, in order.
pub const COLUMNS: &[&str] = &[
    "用户名", "姓名", "性别", "民族", "出生日期", "学历", "身份证号", "手机号", "所在支部", "入党日期", "转正日期", "党员状态", "党内职务",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> MemberForm {
        MemberForm {
            name: "李红梅".into(),
            gender: "女".into(),
            ethnicity: "汉族".into(),
            birth_date: "1985-03-12".into(),
            education: "本科".into(),
            id_number: "330102198503120022".into(),
            phone: "138 0013 8000".into(),
            join_date: "2010-07-01".into(),
            full_date: "2011-07-01".into(),
            status: "正式党员".into(),
            positions: "支部委员".into(),
        }
    }

    fn field_of(r: Result<MemberInput, AppError>) -> String {
        match r {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn a_complete_record_is_accepted_and_normalised() {
        let m = MemberInput::parse(&form(), true).unwrap();
        assert_eq!(m.gender, Gender::Female);
        assert_eq!(m.phone.as_deref(), Some("13800138000"));
        assert_eq!(m.status, MemberStatus::Full);
        assert_eq!(m.full_date.unwrap().to_string(), "2011-07-01");
    }

    #[test]
    fn id_numbers_are_checked_against_their_check_digit_and_the_birth_date() {
        assert!(parse_id_number("11010519491231002X").is_ok(), "the GB 11643 example");
        assert!(parse_id_number("110105194912310021").is_err(), "wrong check digit");
        assert!(parse_id_number("11010519491231002").is_err(), "17 characters");
        let mut f = form();
        f.birth_date = "1985-03-13".into();
        assert_eq!(field_of(MemberInput::parse(&f, true)), "id_number");
    }

    #[test]
    fn dates_must_exist_and_follow_party_rules() {
        assert!(Date::parse("2023-02-29", "d", "日期").is_err());
        assert!(Date::parse("2024-02-29", "d", "日期").is_ok());
        assert_eq!(Date::parse("2001/7/1", "d", "日期").unwrap().to_string(), "2001-07-01");
        let mut f = form();
        f.join_date = "2002-01-01".into();
        assert_eq!(field_of(MemberInput::parse(&f, true)), "join_date", "joined at 16");
        let mut f = form();
        f.full_date = "2011-01-01".into();
        assert_eq!(field_of(MemberInput::parse(&f, true)), "full_date", "probation shorter than a year");
        let mut f = form();
        f.status = "预备党员".into();
        assert_eq!(field_of(MemberInput::parse(&f, true)), "full_date", "probationary with a full date");
        f.full_date.clear();
        assert!(MemberInput::parse(&f, true).is_ok());
    }

    #[test]
    fn secret_fields_are_required_on_creation_only() {
        let mut f = form();
        f.id_number.clear();
        f.phone.clear();
        assert_eq!(field_of(MemberInput::parse(&f, true)), "id_number");
        let kept = MemberInput::parse(&f, false).unwrap();
        assert_eq!((kept.id_number, kept.phone), (None, None));
    }

    #[test]
    fn masks_keep_only_the_ends() {
        assert_eq!(mask_id_number("330102198503120022"), "3301**********0022");
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert!(parse_mobile("12800138000").is_err());
    }
}
