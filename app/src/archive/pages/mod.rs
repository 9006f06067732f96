//! Pages of the archive room: the admin list, detail, new and import pages, and the
//! member's own record on 我的.
mod detail;
mod fields;
mod import;
mod list;
mod mine;
mod new;

pub use detail::MemberDetailPage;
pub use import::MemberImportPage;
pub use list::MembersPage;
pub use mine::MyRecordCard;
pub use new::NewMemberPage;

/// Percent-encodes a query value (search text may hold any character).
pub(crate) fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}
