//! The Leptos `Action` behind every button that calls the server or the card. None takes an input
//! or gives an output (each writes its own signals), and each future is boxed before it reaches
//! the action: the action's machinery is then compiled once for all of them instead of once per
//! closure, which keeps the wasm within its budget.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

type Run = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = ()>>>>;

/// An action that runs `run`'s future on each dispatch; `pending()` is true while one runs.
pub fn action<Fu: Future<Output = ()> + 'static>(run: impl Fn() -> Fu + 'static) -> Action<(), ()> {
    erased(Rc::new(move || Box::pin(run())))
}

fn erased(run: Run) -> Action<(), ()> {
    Action::new_local(move |_: &()| run())
}
