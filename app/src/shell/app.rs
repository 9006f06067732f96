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
    path, ChooseView, SsrMode,
};
use std::{future::Future, pin::Pin};

// Every page but the offline one is its own wasm chunk (`cargo leptos build --split`): a phone
// downloads the shell and the page it opens, and the rest only when it goes there. The
// offline page stays in the main chunk so that it hydrates without the network.
//
// Every route's view has the one type `LazyPage` (a function that loads the page's chunk),
// not a type per page as `Lazy<T>` gives: the router's matching and view code is then
// compiled once per path shape instead of once per page, in the module every visit
// downloads.
macro_rules! lazy_pages {
    ($($route:ident => $($page:ident)::+,)*) => {
        $(
            // `#[lazy]` puts the body in a chunk of its own and makes the function load it.
            #[allow(non_snake_case)]
            #[leptos::lazy]
            fn $route() -> AnyView {
                // What `view! { <Page /> }` does: a component body is not a reactive scope.
                untrack(|| $($page)::+().into_any())
            }
        )*
        /// The routes' views, by name.
        #[allow(non_snake_case)]
        struct Pages {
            $($route: LazyPage,)*
        }
        const PAGES: Pages = Pages {
            $($route: LazyPage {
                view: || Box::pin($route()),
                // `#[lazy]` makes `__preload_<name>` beside the function in the browser build.
                #[cfg(target_arch = "wasm32")]
                preload: || Box::pin(paste::paste! { [<__preload_ $route>]() }),
                #[cfg(not(target_arch = "wasm32"))]
                preload: || Box::pin(async {}),
            },)*
        };
    };
}

/// A route's view: the page's chunk is loaded by `preload`, which the router awaits before
/// it renders or hydrates the route (hydration needs the chunk there before it starts),
/// then `view` renders the page.
#[derive(Clone, Copy)]
struct LazyPage {
    view: fn() -> Pin<Box<dyn Future<Output = AnyView>>>,
    preload: fn() -> Pin<Box<dyn Future<Output = ()>>>,
}

impl ChooseView for LazyPage {
    async fn choose(self) -> AnyView {
        (self.view)().await
    }

    async fn preload(&self) {
        (self.preload)().await
    }
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
                    <Route path=path!("/") view=PAGES.HomeRoute ssr=SsrMode::Async />
                    <Route path=path!("/me") view=PAGES.MeRoute ssr=SsrMode::Async />
                    <Route path=path!("/me/password") view=PAGES.ChangePasswordRoute ssr=SsrMode::Async />
                    <Route path=path!("/me/notifications") view=PAGES.NotificationsRoute ssr=SsrMode::Async />
                    <Route path=path!("/login") view=PAGES.LoginRoute />
                    <Route path=path!("/signup") view=PAGES.SignupRoute ssr=SsrMode::Async />
                    <Route path=path!("/study") view=PAGES.StudyRoute ssr=SsrMode::Async />
                    <Route path=path!("/study/search") view=PAGES.StudySearchRoute ssr=SsrMode::Async />
                    <Route path=path!("/study/courses/:id") view=PAGES.CourseRoute ssr=SsrMode::Async />
                    <Route path=path!("/study/lessons/:id") view=PAGES.LessonRoute ssr=SsrMode::Async />
                    <Route path=path!("/study/quiz/:kind") view=PAGES.QuizRoute ssr=SsrMode::Async />
                    <Route path=path!("/study/challenge") view=PAGES.ChallengeRoute ssr=SsrMode::Async />
                    <Route path=path!("/study/points") view=PAGES.PointsRoute ssr=SsrMode::Async />
                    <Route path=path!("/study/leaderboard") view=PAGES.LeaderboardRoute ssr=SsrMode::Async />
                    // 学习管理 (the console's routes)
                    <Route path=path!("/admin/study") view=PAGES.StudyAdminRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/questions") view=PAGES.StudyQuestionsRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/stats") view=PAGES.StudyStatsRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/courses/:id") view=PAGES.StudyCourseAdminRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/courses/:id/lessons/new") view=PAGES.StudyNewLessonRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/lessons/:id") view=PAGES.StudyLessonAdminRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/study/plans/:id") view=PAGES.StudyPlanAdminRoute ssr=SsrMode::Async />
                    <Route path=path!("/forum") view=PAGES.ForumRoute ssr=SsrMode::Async />
                    <Route path=path!("/forum/search") view=PAGES.ForumSearchRoute ssr=SsrMode::Async />
                    <Route path=path!("/forum/boards/:id") view=PAGES.BoardScreenRoute ssr=SsrMode::Async />
                    <Route path=path!("/forum/boards/:id/new") view=PAGES.NewTopicRoute ssr=SsrMode::Async />
                    <Route path=path!("/forum/topics/:id") view=PAGES.TopicRoute ssr=SsrMode::Async />
                    <Route path=path!("/forum/posts/:id/history") view=PAGES.PostHistoryRoute ssr=SsrMode::Async />
                    <Route path=path!("/forum/posts/:id/flag") view=PAGES.FlagPostRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/forum") view=PAGES.ForumAdminRoute ssr=SsrMode::Async />
                    <Route path=path!("/mailbox") view=PAGES.MailboxRoute ssr=SsrMode::Async />
                    <Route path=path!("/mailbox/letters/:code") view=PAGES.LetterDetailRoute ssr=SsrMode::Async />
                    <Route path=path!("/mailbox/public") view=PAGES.MailboxPublicRoute ssr=SsrMode::Async />
                    <Route path=path!("/mailbox/stats") view=PAGES.MailboxStatsRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/mailbox") view=PAGES.MailboxInboxRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/mailbox/:id") view=PAGES.MailboxAdminLetterRoute ssr=SsrMode::Async />
                    <Route path=path!("/evaluations") view=PAGES.EvaluationsRoute ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/public") view=PAGES.EvalPublicRoute ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/public/:id") view=PAGES.EvalPublicCampaignRoute ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/:id") view=PAGES.SheetRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/evaluations") view=PAGES.EvalAdminRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/evaluations/forms/:id") view=PAGES.EvalFormRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/evaluations/:id") view=PAGES.EvalCampaignRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/evaluations/:id/targets/:target") view=PAGES.EvalTargetRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/words") view=PAGES.WordsRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view=PAGES.PeopleRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=PAGES.AuditLogRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/members") view=PAGES.MembersRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/members/new") view=PAGES.NewMemberRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/members/import") view=PAGES.MemberImportRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/members/:id") view=PAGES.MemberDetailRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/modules") view=PAGES.ModulesRoute ssr=SsrMode::Async />
                    <Route path=path!("/admin/orgs") view=PAGES.OrgsRoute ssr=SsrMode::Async />
                    <Route path=path!("/offline") view=OfflinePage />
                </Routes>
            </Layout>
        </Router>
    }
}
