//! 党员电子档案: the member e-archive. Records with encrypted ID numbers and phones,
//! their change history and transfers, organizer-made accounts, import and export, and
//! each member's own record on 我的.
mod api;
mod model;
mod pages;
#[cfg(feature = "ssr")]
mod crypto;
#[cfg(feature = "ssr")]
pub(crate) mod io;
#[cfg(feature = "ssr")]
pub mod repo;

pub use api::*;
pub use model::*;
pub use pages::{MemberDetailPage, MemberImportPage, MembersPage, MyRecordCard, NewMemberPage};
#[cfg(feature = "ssr")]
pub use crypto::{open as open_field, seal as seal_field};
