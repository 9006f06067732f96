//! 群众评价 / 民主评议: organizers build forms and run campaigns in which residents and
//! members rate members, cadres or organizations — anonymously if chosen, once per
//! person and target — and publish each target's index with an objection period.
mod admin_api;
mod api;
mod model;
mod pages;
#[cfg(feature = "ssr")]
pub mod repo;

pub use admin_api::*;
pub use api::*;
pub use model::*;
pub use pages::{EvalAdminPage, EvalCampaignPage, EvalFormPage, EvalPublicCampaignPage, EvalPublicPage, EvalTargetPage, EvaluationsPage, SheetPage};
