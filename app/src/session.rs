//! Who is logged in, shared by every screen through the context. Loaded once from `GET /me` at
//! start and again after login; a 401 from any call drops it, which sends the person to Giriş.

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
        let session = Session { state: RwSignal::new(state) };
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
            Ok(me) => SessionState::LoggedIn(me),
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
    /// Giriş). Returns the failure for the screen to show; a lost server is shown where it happened
    /// so that nothing typed on the screen is thrown away.
    pub fn observe(self, failure: ApiFailure) -> ApiFailure {
        if matches!(failure, ApiFailure::Unauthorized(_)) {
            self.state.set(SessionState::LoggedOut);
        }
        failure
    }
}
