//! Organization types shared by browser and server.
use crate::shell::AppError;
use serde::{Deserialize, Serialize};

/// Id of a 党组织.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrgId(pub i64);

/// The kind of a node in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 党委: county or township committee; has sub-organizations.
    Committee,
    /// 党总支: groups several branches.
    GeneralBranch,
    /// 党支部: the grassroots unit.
    Branch,
    /// 党小组: a subdivision of a branch.
    Group,
}

impl OrgKind {
    /// The stored text of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Committee => "committee",
            OrgKind::GeneralBranch => "general_branch",
            OrgKind::Branch => "branch",
            OrgKind::Group => "group",
        }
    }

    /// Reads a stored kind.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        match raw {
            "committee" => Ok(OrgKind::Committee),
            "general_branch" => Ok(OrgKind::GeneralBranch),
            "branch" => Ok(OrgKind::Branch),
            "group" => Ok(OrgKind::Group),
            _ => Err(AppError::invalid("kind", "组织类型不正确")),
        }
    }

    /// Whether a node of this kind may have `child` below it.
    pub fn may_contain(self, child: OrgKind) -> bool {
        match self {
            OrgKind::Committee => child != OrgKind::Group,
            OrgKind::GeneralBranch => child == OrgKind::Branch,
            OrgKind::Branch => child == OrgKind::Group,
            OrgKind::Group => false,
        }
    }
}

/// 组织名称: 2–40 characters after trimming.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgName(String);

impl OrgName {
    /// Checks a name typed by an organizer.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        bounded_name(raw, "name", "请填写组织名称", "组织名称至少需要 2 个字", "组织名称不能超过 40 个字").map(Self)
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Trims and bounds a name: 2–40 characters, with the message for each way to miss.
pub(crate) fn bounded_name(raw: &str, field: &str, empty: &str, short: &str, long: &str) -> Result<String, AppError> {
    let name = raw.trim();
    match name.chars().count() {
        0 => Err(AppError::invalid(field, empty)),
        1 => Err(AppError::invalid(field, short)),
        41.. => Err(AppError::invalid(field, long)),
        _ => Ok(name.to_owned()),
    }
}

/// One organization directly below the root, with the size of its subtree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub id: OrgId,
    pub name: String,
    pub kind: OrgKind,
    pub branches: i64,
}

/// What an organizer may do inside the subtree of the organization they hold a role on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Perm {
    /// See the members and residents of the subtree.
    ViewMembers,
    /// Verify residents who signed up for a community the subtree serves.
    VerifyResidents,
    /// Reset a member's password.
    ResetPasswords,
    /// Read the audit log of the subtree.
    ViewAudit,
    /// Create member accounts, edit archives, transfer members, import.
    EditArchive,
    /// See ID numbers and phones unmasked (each view is audit-logged), export them.
    RevealSensitive,
    /// Switch modules on or off for the subtree.
    ManageModules,
    /// Appoint and remove organizers (committee members, secretaries, administrators).
    ManageRoles,
    /// Add, rename, move and remove organizations and the communities branches serve.
    ManageOrgs,
    /// Read and answer the letters of the 书记信箱 (举报 letters need more: see the mailbox).
    HandleLetters,
    /// Keep the sensitive-word list that holds free text for review.
    ManageWords,
    /// Build evaluation forms, run campaigns, read and publish their results.
    ManageEvaluations,
    /// Moderate the forum boards of the subtree: review held and flagged posts, hide,
    /// delete, lock, pin and move, silence or suspend people.
    ModerateForum,
    /// Open forum boards on organizations of the subtree and change them.
    ManageBoards,
    /// Publish study content, keep the question bank, set study plans and read the study
    /// statistics of the subtree.
    ManageStudy,
}

/// 组织概况: what the home page shows of the tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgOverview {
    /// The top organization (e.g. the county committee), if any exists.
    pub root_name: Option<String>,
    pub organizations: i64,
    pub committees: i64,
    pub branches: i64,
    pub children: Vec<OrgSummary>,
    /// When the overview was read (UTC ms), shown as today's date in Asia/Shanghai.
    pub as_of: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_names_are_trimmed_and_bounded() {
        assert_eq!(OrgName::parse("  城关镇党委 ").unwrap().as_str(), "城关镇党委");
        assert!(OrgName::parse("").is_err());
        assert!(OrgName::parse("   ").is_err());
        assert!(OrgName::parse("党").is_err());
        assert!(OrgName::parse("党委").is_ok());
        assert!(OrgName::parse(&"支".repeat(40)).is_ok());
        let err = OrgName::parse(&"支".repeat(41)).unwrap_err();
        assert_eq!(err, AppError::invalid("name", "组织名称不能超过 40 个字"));
        assert!(OrgName::parse("🇨🇳社区党支部").is_ok());
    }

    #[test]
    fn kinds_round_trip_and_nest_as_the_party_does() {
        for k in [OrgKind::Committee, OrgKind::GeneralBranch, OrgKind::Branch, OrgKind::Group] {
            assert_eq!(OrgKind::parse(k.as_str()).unwrap(), k);
        }
        assert!(OrgKind::parse("club").is_err());
        assert!(OrgKind::Committee.may_contain(OrgKind::Committee));
        assert!(OrgKind::Committee.may_contain(OrgKind::Branch));
        assert!(!OrgKind::Committee.may_contain(OrgKind::Group));
        assert!(OrgKind::Branch.may_contain(OrgKind::Group));
        assert!(!OrgKind::Group.may_contain(OrgKind::Branch));
    }
}
