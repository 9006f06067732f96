//! Account types shared by browser and server: checked inputs and the caller.
use crate::shell::AppError;
use serde::{Deserialize, Serialize};

/// Id of an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserId(pub i64);

/// What a person typed to log in: a phone number, an email address or a username.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginName {
    /// Mainland mobile number, 11 digits starting with 1.
    Phone(String),
    /// Lower-cased email address.
    Email(String),
    /// An organizer-assigned username (letters, digits, `_`, `.`, `-`).
    Username(String),
}

impl LoginName {
    /// Recognises the kind of identifier; spaces, dashes and a +86 prefix in phones are ignored.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(AppError::invalid("username", "请输入手机号、邮箱或用户名"));
        }
        let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let digits = digits.strip_prefix("+86").unwrap_or(&digits);
        if digits.len() == 11 && digits.starts_with('1') && digits.chars().all(|c| c.is_ascii_digit()) {
            return Ok(LoginName::Phone(digits.to_owned()));
        }
        if s.contains('@') {
            let lower = s.to_lowercase();
            let valid = lower.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
            }) && !lower.contains(char::is_whitespace)
                && lower.len() <= 254;
            return if valid { Ok(LoginName::Email(lower)) } else { Err(AppError::invalid("username", "邮箱格式不正确")) };
        }
        if s.chars().all(|c| c.is_ascii_digit()) {
            return Err(AppError::invalid("username", "手机号应为 11 位数字"));
        }
        let ok = (3..=32).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if ok {
            Ok(LoginName::Username(s.to_lowercase()))
        } else {
            Err(AppError::invalid("username", "用户名为 3–32 位字母、数字或 _ . -"))
        }
    }

    /// The normalised text, used to count failed attempts per account.
    pub fn key(&self) -> String {
        match self {
            LoginName::Phone(p) => format!("phone:{p}"),
            LoginName::Email(e) => format!("email:{e}"),
            LoginName::Username(u) => format!("user:{u}"),
        }
    }
}

/// A new password: 8–128 characters and not on the list of common passwords.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

impl NewPassword {
    /// Checks a password chosen by a person.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let n = raw.chars().count();
        if n < 8 {
            return Err(AppError::invalid("password", "密码至少需要 8 个字符"));
        }
        if n > 128 {
            return Err(AppError::invalid("password", "密码不能超过 128 个字符"));
        }
        let lower = raw.to_lowercase();
        let one_char = raw.chars().all(|c| Some(c) == raw.chars().next());
        if one_char || COMMON_PASSWORDS.lines().any(|p| p == lower) {
            return Err(AppError::invalid("password", "这个密码太常见，容易被猜到，请换一个"));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The password text (hash it, never store or log it).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// 姓名 / 昵称 shown to others: 2–20 characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    /// Checks a display name.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let s = raw.trim();
        match s.chars().count() {
            0 => Err(AppError::invalid("display_name", "请填写姓名或称呼")),
            1 => Err(AppError::invalid("display_name", "姓名至少需要 2 个字")),
            21.. => Err(AppError::invalid("display_name", "姓名不能超过 20 个字")),
            _ if s.chars().any(char::is_control) => Err(AppError::invalid("display_name", "姓名含有不可见字符")),
            _ => Ok(Self(s.to_owned())),
        }
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether an account is a resident (群众) or a party member (党员).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserKind {
    Resident,
    Member,
}

/// Account state: residents start unverified until their branch verifies them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Unverified,
    Active,
    Disabled,
}

/// An organizer role held on an organization; it reaches the whole subtree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 组织委员 / 宣传委员: branch committee member.
    Committee,
    /// 书记 / 副书记.
    Secretary,
    /// 管理员 of a committee.
    Admin,
    /// 平台管理员.
    PlatformAdmin,
}

impl Role {
    /// The stored text of the role.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Committee => "committee",
            Role::Secretary => "secretary",
            Role::Admin => "admin",
            Role::PlatformAdmin => "platform_admin",
        }
    }

    /// Reads a stored role.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        match raw {
            "committee" => Ok(Role::Committee),
            "secretary" => Ok(Role::Secretary),
            "admin" => Ok(Role::Admin),
            "platform_admin" => Ok(Role::PlatformAdmin),
            _ => Err(AppError::invalid("role", "角色不正确")),
        }
    }
}

/// A role on one organization, with that organization's tree path (`/1/4/`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleGrant {
    pub role: Role,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
}

/// Who is calling: what the browser may know of its own account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: UserId,
    pub display_name: String,
    pub kind: UserKind,
    pub status: UserStatus,
    pub must_change_password: bool,
    /// The member's branch, or the branch serving the resident's community.
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
    /// That organization's tree path (`/1/5/17/`): loaded with the account, so module
    /// checks and the forum's reach need no query of their own.
    pub org_path: Option<String>,
    pub roles: Vec<RoleGrant>,
    /// Unread notifications when the account was loaded (the navigation's badge).
    pub unread_notifications: i64,
}

impl CurrentUser {
    /// Holds an organizer role anywhere (organizer sessions expire sooner).
    pub fn is_organizer(&self) -> bool {
        !self.roles.is_empty()
    }
}

/// A community (社区 / 村) a resident can say they live in, with its branch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Community {
    pub id: i64,
    pub name: String,
    pub branch_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names_are_recognised_and_normalised() {
        assert_eq!(LoginName::parse(" 138 0013 8000 ").unwrap(), LoginName::Phone("13800138000".into()));
        assert_eq!(LoginName::parse("+8613800138000").unwrap(), LoginName::Phone("13800138000".into()));
        assert_eq!(LoginName::parse("Li.Ming@Example.CN").unwrap(), LoginName::Email("li.ming@example.cn".into()));
        assert_eq!(LoginName::parse("Secretary").unwrap(), LoginName::Username("secretary".into()));
        assert!(LoginName::parse("").is_err());
        assert!(LoginName::parse("   ").is_err());
        assert!(LoginName::parse("1380013800").is_err(), "10 digits is no phone");
        assert!(LoginName::parse("a@b").is_err());
        assert!(LoginName::parse("书记").is_err());
        assert!(LoginName::parse("ab").is_err());
        assert!(LoginName::parse(&"a".repeat(32)).is_ok());
        assert!(LoginName::parse(&"a".repeat(33)).is_err());
    }

    #[test]
    fn passwords_need_eight_characters_and_must_not_be_common() {
        assert!(NewPassword::parse("").is_err());
        assert!(NewPassword::parse("1234567").is_err());
        assert_eq!(NewPassword::parse("12345678").unwrap_err(), AppError::invalid("password", "这个密码太常见，容易被猜到，请换一个"));
        assert!(NewPassword::parse("Password1").is_err(), "the list is case-insensitive");
        assert!(NewPassword::parse("zzzzzzzzzz").is_err());
        assert!(NewPassword::parse("党员学习好帮手啊").is_ok(), "8 CJK characters");
        assert!(NewPassword::parse("lianxin-demo").is_ok());
        assert!(NewPassword::parse(&"x1".repeat(64)).is_ok());
        assert!(NewPassword::parse(&"x1".repeat(64).add_one()).is_err());
        assert!(!format!("{:?}", NewPassword::parse("secret-words").unwrap()).contains("secret"));
    }

    trait AddOne {
        fn add_one(self) -> String;
    }
    impl AddOne for String {
        fn add_one(mut self) -> String {
            self.push('!');
            self
        }
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse(" 李明 ").unwrap().as_str(), "李明");
        assert!(DisplayName::parse("").is_err());
        assert!(DisplayName::parse("李").is_err());
        assert!(DisplayName::parse(&"李".repeat(20)).is_ok());
        assert!(DisplayName::parse(&"李".repeat(21)).is_err());
        assert!(DisplayName::parse("李\u{0}明").is_err());
    }
}
