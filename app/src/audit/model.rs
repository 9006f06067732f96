//! Audit entries as the admin console shows them.
use serde::{Deserialize, Serialize};

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub created_at: i64,
    pub actor: Option<String>,
    pub action: String,
    pub org_name: Option<String>,
    pub target: String,
    pub ip: String,
}

/// A page of the audit log, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The actions the log records, for the filter.
pub const ACTIONS: &[&str] = &[
    "login",
    "login_failed",
    "login_locked",
    "logout_everywhere",
    "password_changed",
    "password_reset",
    "signup",
    "resident_verified",
    "account_created",
    "archive_edited",
    "archive_revealed",
    "archive_exported",
    "archive_imported",
    "member_transferred",
    "own_record_downloaded",
    "module_switched",
    "role_granted",
    "role_revoked",
    "org_created",
    "org_renamed",
    "org_moved",
    "org_deleted",
    "community_created",
    "community_updated",
    "community_deleted",
    "letter_written",
    "letter_handled",
    "report_letter_viewed",
    "mailbox_deadlines_set",
    "words_added",
    "word_deleted",
    "eval_form_saved",
    "eval_form_deleted",
    "eval_campaign_created",
    "eval_campaign_closed",
    "eval_results_published",
    "eval_results_exported",
    "eval_text_reviewed",
    "eval_objection_filed",
    "eval_objection_answered",
];
