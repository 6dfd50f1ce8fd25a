//! The shell: header, routes and the login guard.

use leptos::prelude::*;

use crate::action::action;
use crate::api;
use crate::components::loaded::Loading;
use crate::form::draft;
use crate::lazy::{Screen, lazy};
use crate::pages::login::LoginPage;
use crate::pages::problems::{NotFound, ServerUnreachable};
use crate::router::{A, Redirect, Route, Router, Step, use_navigate, use_route};
use crate::screens;
use crate::session::{Session, SessionState};

#[component]
pub fn App() -> impl IntoView {
    Session::provide();
    view! {
        <Router>
            <a class="skip-link" href="#main">"İçeriğe geç"</a>
            <Header />
            <main id="main" tabindex="-1">
                <Screens />
            </main>
            <footer class="site-footer">
                <p>"Sorularınız için Çağrı Merkezi: 444 5 576 · bilgi@kamusm.gov.tr"</p>
            </footer>
        </Router>
    }
}

/// The screen of the current address. Built untracked: only a change of route rebuilds it.
#[component]
fn Screens() -> impl IntoView {
    let route = use_route();
    move || {
        let route = route.get();
        untrack(move || match route {
            Route::Home => view! { <Home /> }.into_any(),
            Route::Login => view! { <LoginPage /> }.into_any(),
            Route::Applications => protected(screens::applications),
            Route::Application(_, Step::Form) => protected(screens::form),
            Route::Application(_, Step::Sms) => protected(screens::sms),
            Route::Application(_, Step::Approval) => protected(screens::approval),
            Route::Application(_, Step::Result) => protected(screens::result),
            Route::EOnay => protected(screens::e_onay),
            Route::Institution => protected(screens::institution),
            Route::OwnTaleps => protected(screens::own_taleps),
            Route::Signatures => protected(screens::signatures),
            Route::SignatureReport(id) => protected(move || screens::signature_report(id)),
            Route::Card => protected(screens::card),
            Route::OwnCertificates => protected(screens::own_certificates),
            Route::NotFound => view! { <NotFound /> }.into_any(),
        })
    }
}

/// A screen of its own chunk behind the login guard. The chunk is fetched while the session is
/// checked, not after.
fn protected<F>(load: impl Fn() -> F + Send + Sync + 'static) -> AnyView
where
    F: Future<Output = Screen> + 'static,
{
    let screen = lazy(load);
    view! { <Protected>{screen.clone()}</Protected> }.into_any()
}

/// Where the session is: which of the guard's branches shows (kept apart from the person's data
/// so that a refreshed `Me` does not rebuild the screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    Loading,
    LoggedOut,
    LoggedIn,
    Unreachable,
}

fn gate() -> Memo<Gate> {
    let session = Session::get();
    Memo::new(move |_| {
        session.state.with(|state| match state {
            SessionState::Loading => Gate::Loading,
            SessionState::LoggedOut => Gate::LoggedOut,
            SessionState::LoggedIn(_) => Gate::LoggedIn,
            SessionState::Unreachable => Gate::Unreachable,
        })
    })
}

/// `/`: Başvurularım for a logged-in person, Giriş for others.
#[component]
fn Home() -> impl IntoView {
    view! {
        <Protected>
            <Redirect path="/basvurularim" />
        </Protected>
    }
}

/// Shows its children only to a logged-in person; others go to Giriş.
#[component]
fn Protected(children: ChildrenFn) -> impl IntoView {
    let gate = gate();
    let session = Session::get();
    move || match gate.get() {
        Gate::LoggedIn => children().into_any(),
        Gate::LoggedOut => {
            // An expired session comes back here after Giriş; Çıkış starts afresh.
            if session.expired.get_untracked()
                && let Ok(path) = window().location().pathname()
            {
                session.remember(path);
            }
            view! { <Redirect path="/giris" /> }.into_any()
        }
        Gate::Loading => view! { <Loading /> }.into_any(),
        Gate::Unreachable => view! { <ServerUnreachable retry=Callback::new(move |()| session.reload()) /> }.into_any(),
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let logout = action(move || {
        let navigate = navigate.clone();
        async move {
            // Leaving is local first: drafts go and the screen changes even if the server is gone.
            let _ = api::logout().await;
            draft::clear_all();
            session.state.set(SessionState::LoggedOut);
            navigate("/giris");
        }
    });
    view! {
        <header class="site-header">
            <div class="brand">
                <span class="brand-org">"Kamu SM"</span>
                <span class="brand-title">"NES Başvuru"</span>
            </div>
            {move || {
                session
                    .me()
                    .map(|me| {
                        view! {
                            <nav class="main-nav" aria-label="Ana menü">
                                <A href="/basvurularim">"Başvurularım"</A>
                                <A href="/taleplerim">"Taleplerim"</A>
                                <A href="/e-onay">"E-Onay İşlemleri"</A>
                                <A href="/imzalarim">"İmzalarım"</A>
                                <A href="/sertifikalarim">"Sertifikalarım"</A>
                                <A href="/kartim">"e-İmza Kartım"</A>
                                {(!me.roles.is_empty()).then(|| view! { <A href="/kurum">"Kurum İşlemleri"</A> })}
                            </nav>
                            <div class="user">
                                <span class="user-name">{format!("{} {}", me.first_name, me.last_name)}</span>
                                <button type="button" class="button-secondary" on:click=move |_| {
                                    logout.dispatch(());
                                }>"Çıkış"</button>
                            </div>
                        }
                    })
            }}
        </header>
    }
}
