//! Pages of the mailbox: writing and tracking (/mailbox), one letter, the public letters
//! and response figures, and the organizers' inbox.
mod admin;
mod letter;
mod public;
mod write;

pub use admin::{MailboxAdminLetterPage, MailboxInboxPage};
pub use letter::LetterDetailPage;
pub use public::{MailboxPublicPage, MailboxStatsPage};
pub use write::MailboxPage;

use super::{Category, LetterRow, LetterStatus};
use crate::shell::{format_datetime_local, i18n::*};
use leptos::prelude::*;

pub(crate) fn category_label(i18n: leptos_i18n::I18nContext<Locale>, c: Category) -> &'static str {
    match c {
        Category::Suggestion => t_string!(i18n, mailbox.cat_suggestion),
        Category::Help => t_string!(i18n, mailbox.cat_help),
        Category::Complaint => t_string!(i18n, mailbox.cat_complaint),
        Category::Inquiry => t_string!(i18n, mailbox.cat_inquiry),
        Category::Report => t_string!(i18n, mailbox.cat_report),
    }
}

pub(crate) fn status_label(i18n: leptos_i18n::I18nContext<Locale>, s: LetterStatus) -> &'static str {
    match s {
        LetterStatus::Submitted => t_string!(i18n, mailbox.st_submitted),
        LetterStatus::Accepted => t_string!(i18n, mailbox.st_accepted),
        LetterStatus::Handling => t_string!(i18n, mailbox.st_handling),
        LetterStatus::Replied => t_string!(i18n, mailbox.st_replied),
        LetterStatus::Closed => t_string!(i18n, mailbox.st_closed),
    }
}

/// The name of a timeline event.
pub(crate) fn event_label(i18n: leptos_i18n::I18nContext<Locale>, kind: &str) -> &'static str {
    match kind {
        "submitted" => t_string!(i18n, mailbox.ev_submitted),
        "accepted" => t_string!(i18n, mailbox.ev_accepted),
        "handling" => t_string!(i18n, mailbox.ev_handling),
        "replied" => t_string!(i18n, mailbox.ev_replied),
        "rated" => t_string!(i18n, mailbox.ev_rated),
        "closed" => t_string!(i18n, mailbox.ev_closed),
        "reopened" => t_string!(i18n, mailbox.ev_reopened),
        "transferred" => t_string!(i18n, mailbox.ev_transferred),
        "note" => t_string!(i18n, mailbox.ev_note),
        "assigned" => t_string!(i18n, mailbox.ev_assigned),
        "published" => t_string!(i18n, mailbox.ev_published),
        _ => t_string!(i18n, mailbox.ev_unpublished),
    }
}

/// One line of a letter list, linking to `href`.
#[component]
pub(crate) fn LetterLine(r: LetterRow, href: String) -> impl IntoView {
    let i18n = use_i18n();
    let (category, status) = (r.category, r.status);
    view! {
        <li class="person letter-row">
            <a href=href class="org-name">{r.subject}</a>
            <p class="small">
                <span class="badge">{move || category_label(i18n, category)}</span>" "
                <span class="badge" class:ok=status == LetterStatus::Closed>{move || status_label(i18n, status)}</span>" "
                {r.overdue.then(|| view! { <span class="badge warn">{t!(i18n, mailbox.overdue)}</span>" " })}
                <span class="muted">{r.org_name}" · "{format_datetime_local(r.received_at)}" · "{r.code}</span>
            </p>
        </li>
    }
}

pub(crate) use crate::shell::enc;
