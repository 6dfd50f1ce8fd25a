//! Who is logged in, shared by every screen through the context. Loaded once from `GET /me` at
//! start and again after login; a 401 from any call drops it, which sends the person to Giriş with
//! "Oturumunuzun süresi doldu", and back to the same screen after logging in again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use nes_core::api::Me;

use crate::api::{self, ApiFailure};

#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    Loading,
    LoggedOut,
    LoggedIn(Me),
    Unreachable,
}

#[derive(Clone, Copy)]
pub struct Session {
    pub state: RwSignal<SessionState>,
    /// The session ended while the person was using it (a 401), not by Çıkış.
    pub expired: RwSignal<bool>,
    /// The screen a logged-out person was sent away from, to return to after Giriş.
    return_to: RwSignal<Option<String>>,
}

impl Session {
    /// Provides the session and asks the server who is logged in.
    pub fn provide() -> Session {
        let session = Session::provide_with(SessionState::Loading);
        session.reload();
        session
    }

    /// Provides a session in a known state (component tests).
    pub fn provide_with(state: SessionState) -> Session {
        let session =
            Session { state: RwSignal::new(state), expired: RwSignal::new(false), return_to: RwSignal::new(None) };
        provide_context(session);
        session
    }

    pub fn get() -> Session {
        expect_context::<Session>()
    }

    /// Asks the server who is logged in, in the background.
    pub fn reload(self) {
        spawn_local(self.refresh());
    }

    /// Asks the server who is logged in and waits for the answer (after login, before navigating).
    pub async fn refresh(self) {
        let state = match api::me().await {
            Ok(me) => {
                self.expired.set(false);
                SessionState::LoggedIn(me)
            }
            Err(ApiFailure::Unreachable) => SessionState::Unreachable,
            Err(_) => SessionState::LoggedOut,
        };
        self.state.set(state);
    }

    pub fn me(self) -> Option<Me> {
        self.state.with(|state| match state {
            SessionState::LoggedIn(me) => Some(me.clone()),
            _ => None,
        })
    }

    /// Lets the session react to a failed call: an expired session logs out (the guard then shows
    /// Giriş and says why). Returns the failure for the screen to show; a lost server is shown where
    /// it happened so that nothing typed on the screen is thrown away.
    pub fn observe(self, failure: ApiFailure) -> ApiFailure {
        if matches!(failure, ApiFailure::Unauthorized(_)) {
            if self.me().is_some() {
                self.expired.set(true);
            }
            self.state.set(SessionState::LoggedOut);
        }
        failure
    }

    /// Keeps `path` as the screen to return to after Giriş.
    pub fn remember(self, path: String) {
        self.return_to.set(Some(path));
    }

    /// Where to go once logged in: the remembered screen (forgotten now), or Başvurularım.
    pub fn take_return_path(self) -> String {
        let path = self.return_to.get_untracked();
        if path.is_some() {
            self.return_to.set(None);
        }
        path.unwrap_or_else(|| "/basvurularim".to_string())
    }
}
