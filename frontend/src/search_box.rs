//! The search box's behaviour, shared by the reader widget and the admin lists: the filter's `q` follows the
//! typing after a short pause, or at once on Enter / change.

use aqiqat_shared::Filter;
use leptos::ev::Event;
use leptos::prelude::*;

const PAUSE: std::time::Duration = std::time::Duration::from_millis(300);

/// `(on:input, on:search/on:change)` handlers that keep `filter.q` in step with a search input.
pub fn handlers(
    filter: RwSignal<Filter>,
) -> (
    impl Fn(Event) + Copy + 'static,
    impl Fn(Event) + Copy + 'static,
) {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let set_q = move |text: String| {
        let q = Some(text.trim().to_owned()).filter(|s| !s.is_empty());
        // Runs from a timer: the view may be gone by then.
        if filter.try_with_untracked(|f| f.q != q) == Some(true) {
            filter.update(|f| f.q = q);
        }
    };
    let cancel = move || {
        if let Some(h) = pending.try_get_value().flatten() {
            h.clear();
        }
    };
    let on_input = move |ev: Event| {
        let text = event_target_value(&ev);
        cancel();
        pending.set_value(set_timeout_with_handle(move || set_q(text), PAUSE).ok());
    };
    let on_search = move |ev: Event| {
        cancel();
        set_q(event_target_value(&ev));
    };
    (on_input, on_search)
}
