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

pub(crate) use crate::shell::enc;
