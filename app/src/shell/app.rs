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
    lazy_route, path, Lazy, LazyRoute, SsrMode,
};

// Every page but the offline one is its own wasm chunk (`cargo leptos build --split`): a phone
// downloads the shell and the page it opens, and the rest only when it goes there. The
// offline page stays in the main chunk so that it hydrates without the network.
macro_rules! lazy_pages {
    ($($route:ident => $($page:ident)::+,)*) => {
        $(
            #[derive(Clone, Copy)]
            struct $route;
            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }
                fn view(_this: Self) -> AnyView {
                    // What `view! { <Page /> }` does: a component body is not a reactive scope.
                    untrack(|| $($page)::+().into_any())
                }
            }
        )*
    };
}

lazy_pages! {
    HomeRoute => HomePage,
    MeRoute => MePage,
    ChangePasswordRoute => ChangePasswordPage,
    NotificationsRoute => crate::notify::NotificationsPage,
    LoginRoute => LoginPage,
    SignupRoute => SignupPage,
    StudyRoute => crate::study::StudyPage,
    StudySearchRoute => crate::study::StudySearchPage,
    CourseRoute => crate::study::CoursePage,
    LessonRoute => crate::study::LessonPage,
    QuizRoute => crate::study::QuizPage,
    ChallengeRoute => crate::study::ChallengePage,
    PointsRoute => crate::study::PointsPage,
    LeaderboardRoute => crate::study::LeaderboardPage,
    StudyAdminRoute => crate::study::StudyAdminPage,
    StudyQuestionsRoute => crate::study::StudyQuestionsPage,
    StudyStatsRoute => crate::study::StudyStatsPage,
    StudyCourseAdminRoute => crate::study::StudyCourseAdminPage,
    StudyNewLessonRoute => crate::study::StudyNewLessonPage,
    StudyLessonAdminRoute => crate::study::StudyLessonAdminPage,
    StudyPlanAdminRoute => crate::study::StudyPlanAdminPage,
    ForumRoute => crate::forum::ForumPage,
    ForumSearchRoute => crate::forum::ForumSearchPage,
    BoardScreenRoute => crate::forum::BoardScreen,
    NewTopicRoute => crate::forum::NewTopicPage,
    TopicRoute => crate::forum::TopicPage,
    PostHistoryRoute => crate::forum::PostHistoryPage,
    FlagPostRoute => crate::forum::FlagPostPage,
    ForumAdminRoute => crate::forum::ForumAdminPage,
    MailboxRoute => MailboxPage,
    LetterDetailRoute => LetterDetailPage,
    MailboxPublicRoute => MailboxPublicPage,
    MailboxStatsRoute => MailboxStatsPage,
    MailboxInboxRoute => MailboxInboxPage,
    MailboxAdminLetterRoute => MailboxAdminLetterPage,
    EvaluationsRoute => EvaluationsPage,
    EvalPublicRoute => EvalPublicPage,
    EvalPublicCampaignRoute => EvalPublicCampaignPage,
    SheetRoute => SheetPage,
    EvalAdminRoute => EvalAdminPage,
    EvalFormRoute => EvalFormPage,
    EvalCampaignRoute => EvalCampaignPage,
    EvalTargetRoute => EvalTargetPage,
    WordsRoute => crate::moderation::WordsPage,
    PeopleRoute => PeoplePage,
    AuditLogRoute => AuditLogPage,
    MembersRoute => MembersPage,
    NewMemberRoute => NewMemberPage,
    MemberImportRoute => MemberImportPage,
    MemberDetailRoute => MemberDetailPage,
    ModulesRoute => ModulesPage,
    OrgsRoute => OrgsPage,
}

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
        // The language is remembered by `prefs`, not by leptos_i18n's cookie feature.
        <I18nContextProvider ssr_lang_header_getter=leptos_i18n::context::UseLocalesOptions::default()
            .ssr_lang_header_getter(super::prefs::languages)>
            <Root />
        </I18nContextProvider>
    }
}

#[component]
fn Root() -> impl IntoView {
    let prefs = provide_prefs();
    let i18n = use_i18n();
    // `data-hydrated` is set by the browser entry (frontend/) once the page's chunk has
    // loaded and hydrated.
    view! {
        <Html attr:class=move || if prefs.large_text() { "large-text" } else { "" } />
        // The empty text is the fallback under every page's own title: while a page's chunk
        // loads during hydration the document keeps a title instead of going blank.
        <Title text="" formatter=move |page: String| {
            if page.is_empty() { "连心 · 智慧党建".to_owned() } else { format!("{page} · 连心") }
        } />
        <Meta name="application-name" content=move || t_string!(i18n, app_name) />
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    // Async: the server sends each page whole, data included, so it reads
                    // the same with no script at all (weak networks, old phones).
                    <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/me") view={Lazy::<MeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/me/password") view={Lazy::<ChangePasswordRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/me/notifications") view={Lazy::<NotificationsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} />
                    <Route path=path!("/signup") view={Lazy::<SignupRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/study") view={Lazy::<StudyRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/study/search") view={Lazy::<StudySearchRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/study/courses/:id") view={Lazy::<CourseRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/study/lessons/:id") view={Lazy::<LessonRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/study/quiz/:kind") view={Lazy::<QuizRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/study/challenge") view={Lazy::<ChallengeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/study/points") view={Lazy::<PointsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/study/leaderboard") view={Lazy::<LeaderboardRoute>::new()} ssr=SsrMode::Async />
                    // 学习管理 (the console's routes)
                    <Route path=path!("/admin/study") view={Lazy::<StudyAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/questions") view={Lazy::<StudyQuestionsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/stats") view={Lazy::<StudyStatsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/courses/:id") view={Lazy::<StudyCourseAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/courses/:id/lessons/new") view={Lazy::<StudyNewLessonRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/lessons/:id") view={Lazy::<StudyLessonAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/plans/:id") view={Lazy::<StudyPlanAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/forum") view={Lazy::<ForumRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/forum/search") view={Lazy::<ForumSearchRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/forum/boards/:id") view={Lazy::<BoardScreenRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/forum/boards/:id/new") view={Lazy::<NewTopicRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/forum/topics/:id") view={Lazy::<TopicRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/forum/posts/:id/history") view={Lazy::<PostHistoryRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/forum/posts/:id/flag") view={Lazy::<FlagPostRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/forum") view={Lazy::<ForumAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/mailbox") view={Lazy::<MailboxRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/mailbox/letters/:code") view={Lazy::<LetterDetailRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/mailbox/public") view={Lazy::<MailboxPublicRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/mailbox/stats") view={Lazy::<MailboxStatsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/mailbox") view={Lazy::<MailboxInboxRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/mailbox/:id") view={Lazy::<MailboxAdminLetterRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/evaluations") view={Lazy::<EvaluationsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/public") view={Lazy::<EvalPublicRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/public/:id") view={Lazy::<EvalPublicCampaignRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/:id") view={Lazy::<SheetRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/evaluations") view={Lazy::<EvalAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/evaluations/forms/:id") view={Lazy::<EvalFormRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/evaluations/:id") view={Lazy::<EvalCampaignRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/evaluations/:id/targets/:target") view={Lazy::<EvalTargetRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/words") view={Lazy::<WordsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view={Lazy::<PeopleRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view={Lazy::<AuditLogRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/members") view={Lazy::<MembersRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/members/new") view={Lazy::<NewMemberRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/members/import") view={Lazy::<MemberImportRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/members/:id") view={Lazy::<MemberDetailRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/modules") view={Lazy::<ModulesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/orgs") view={Lazy::<OrgsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/offline") view=OfflinePage />
                </Routes>
            </Layout>
        </Router>
    }
}
