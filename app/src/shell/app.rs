//! The HTML document and the root component with its routes.
use super::i18n::*;
use super::{prefs::provide_prefs, Layout, NotFoundPage, OfflinePage};
use crate::archive::{MemberDetailPage, MemberImportPage, MembersPage, NewMemberPage};
use crate::audit::AuditLogPage;
use crate::evaluation::{EvalAdminPage, EvalCampaignPage, EvalFormPage, EvalPublicCampaignPage, EvalPublicPage, EvalTargetPage, EvaluationsPage, SheetPage};
use crate::mailbox::{LetterDetailPage, MailboxAdminLetterPage, MailboxInboxPage, MailboxPage, MailboxPublicPage, MailboxStatsPage};
use crate::org::{ModulesPage, OrgsPage};
use crate::auth::{ChangePasswordPage, LoginPage, PeoplePage, SignupPage};
use crate::{home::HomePage, me::MePage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Html, Meta, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The document the server streams for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_page_security_headers();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <meta name="theme-color" content="#b71c1c" />
                <meta name="description" content="连心：智慧党建平台" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" href="/icons/icon-192.png" type="image/png" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <script src="/pwa.js" defer></script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// A fresh CSP nonce for this page, and the headers that go with it. Only scripts that
/// carry the nonce (Leptos's own hydration scripts) or come from this origin may run.
#[cfg(feature = "ssr")]
fn set_page_security_headers() {
    use http::{header, HeaderValue};
    leptos::nonce::provide_nonce();
    let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, v);
    }
    // Pages are personal once people log in: never keep them in a shared cache.
    res.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-cache, private"));
}

/// The root component: i18n, preferences, the layout and every route.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <Root />
        </I18nContextProvider>
    }
}

#[component]
fn Root() -> impl IntoView {
    let prefs = provide_prefs();
    let i18n = use_i18n();
    // Effects run only in the browser, after hydration: mark the page as interactive,
    // for assistive tooling and for the browser tests that wait on it.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Html attr:class=move || if prefs.large_text() { "large-text" } else { "" } />
        <Title formatter=move |page: String| {
            if page.is_empty() { "连心 · 智慧党建".to_owned() } else { format!("{page} · 连心") }
        } />
        <Meta name="application-name" content=move || t_string!(i18n, app_name) />
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    // Async: the server sends each page whole, data included, so it reads
                    // the same with no script at all (weak networks, old phones).
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/me") view=MePage ssr=SsrMode::Async />
                    <Route path=path!("/me/password") view=ChangePasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/me/notifications") view=crate::notify::NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/signup") view=SignupPage ssr=SsrMode::Async />
                    <Route path=path!("/study") view=crate::study::StudyPage ssr=SsrMode::Async />
                    <Route path=path!("/study/search") view=crate::study::StudySearchPage ssr=SsrMode::Async />
                    <Route path=path!("/study/courses/:id") view=crate::study::CoursePage ssr=SsrMode::Async />
                    <Route path=path!("/study/lessons/:id") view=crate::study::LessonPage ssr=SsrMode::Async />
                    <Route path=path!("/study/quiz/:kind") view=crate::study::QuizPage ssr=SsrMode::Async />
                    <Route path=path!("/study/challenge") view=crate::study::ChallengePage ssr=SsrMode::Async />
                    <Route path=path!("/study/points") view=crate::study::PointsPage ssr=SsrMode::Async />
                    <Route path=path!("/study/leaderboard") view=crate::study::LeaderboardPage ssr=SsrMode::Async />
                    // 学习管理 (the console's routes)
                    <Route path=path!("/admin/study") view=crate::study::StudyAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/questions") view=crate::study::StudyQuestionsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/stats") view=crate::study::StudyStatsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/courses/:id") view=crate::study::StudyCourseAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/courses/:id/lessons/new") view=crate::study::StudyNewLessonPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/lessons/:id") view=crate::study::StudyLessonAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/plans/:id") view=crate::study::StudyPlanAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/forum") view=crate::forum::ForumPage ssr=SsrMode::Async />
                    <Route path=path!("/forum/search") view=crate::forum::ForumSearchPage ssr=SsrMode::Async />
                    <Route path=path!("/forum/boards/:id") view=crate::forum::BoardScreen ssr=SsrMode::Async />
                    <Route path=path!("/forum/boards/:id/new") view=crate::forum::NewTopicPage ssr=SsrMode::Async />
                    <Route path=path!("/forum/topics/:id") view=crate::forum::TopicPage ssr=SsrMode::Async />
                    <Route path=path!("/forum/posts/:id/history") view=crate::forum::PostHistoryPage ssr=SsrMode::Async />
                    <Route path=path!("/forum/posts/:id/flag") view=crate::forum::FlagPostPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/forum") view=crate::forum::ForumAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/mailbox") view=MailboxPage ssr=SsrMode::Async />
                    <Route path=path!("/mailbox/letters/:code") view=LetterDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/mailbox/public") view=MailboxPublicPage ssr=SsrMode::Async />
                    <Route path=path!("/mailbox/stats") view=MailboxStatsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/mailbox") view=MailboxInboxPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/mailbox/:id") view=MailboxAdminLetterPage ssr=SsrMode::Async />
                    <Route path=path!("/evaluations") view=EvaluationsPage ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/public") view=EvalPublicPage ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/public/:id") view=EvalPublicCampaignPage ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/:id") view=SheetPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/evaluations") view=EvalAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/evaluations/forms/:id") view=EvalFormPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/evaluations/:id") view=EvalCampaignPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/evaluations/:id/targets/:target") view=EvalTargetPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/words") view=crate::moderation::WordsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view=PeoplePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=AuditLogPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/members") view=MembersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/members/new") view=NewMemberPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/members/import") view=MemberImportPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/members/:id") view=MemberDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/modules") view=ModulesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/orgs") view=OrgsPage ssr=SsrMode::Async />
                    <Route path=path!("/offline") view=OfflinePage />
                </Routes>
            </Layout>
        </Router>
    }
}
