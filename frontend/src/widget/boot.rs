//! The widget bundle's start in the browser: it hydrates the view the server rendered into `#aqiqat-root`, from the
//! data the server rendered it with (`<script type="application/json" id="aq-data">`), so the first screen is never
//! drawn twice and nothing is fetched again. The editors' preview is the exception: the server cannot read an
//! unpublished item for it, so the preview is mounted here and reads through the admin API.

use aqiqat_shared::view::{ViewData, ViewState};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use super::{Preview, Widget};

pub fn start() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = doc
        .get_element_by_id("aqiqat-root")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let data = doc
        .get_element_by_id("aq-data")
        .and_then(|el| el.text_content())
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .and_then(|value| crate::json::from_value::<ViewData>(value).ok());
    let Some(data) = data else {
        // The page is still complete without the bundle: it stays as the server rendered it.
        web_sys::console::error_1(&"aqiqat: the page carries no view data".into());
        return;
    };
    let (state, _) = ViewState::parse(&data.view);
    if state.preview {
        if let Some(sel) = state.selected {
            let lang = state.query.lang;
            root.set_inner_html("");
            leptos::mount::mount_to(root, move || view! { <Preview sel lang/> }).forget();
        }
        return;
    }
    #[cfg(feature = "snapshot")]
    if let Some(wanted) = snapshot_view(&state) {
        // A static server sends the same `index.html` whatever its query string says: the view it asks for is
        // computed here, from the snapshot's data, and drawn anew instead of hydrated.
        let target = root.clone();
        let embed = wanted.embed;
        // Not Leptos' `spawn_local`: its executor starts with the first mount, below.
        wasm_bindgen_futures::spawn_local(async move {
            let mut wanted = wanted;
            match crate::api::snapshot_view_data(&mut wanted).await {
                Ok(data) => {
                    let html = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.document_element());
                    if let Some(h) = &html {
                        let _ = h.set_attribute("lang", wanted.query.lang.as_str());
                    }
                    target.set_inner_html("");
                    leptos::mount::mount_to(target, move || view! { <Widget data/> }).forget();
                    // Live from here on (until then, the page's links and form work without the bundle).
                    if let Some(h) = html {
                        let _ = h.class_list().add_1("aq-js");
                    }
                }
                Err(e) => web_sys::console::error_1(&format!("aqiqat: {e}").into()),
            }
        });
        if embed {
            report_height(&root);
        }
        return;
    }
    leptos::mount::hydrate_from(root.clone(), move || view! { <Widget data/> }).forget();
    // Controls only readers without scripts need (the filter form's submit button) hide from here on.
    if let Some(html) = doc.document_element() {
        let _ = html.class_list().add_1("aq-js");
    }
    if state.embed {
        report_height(&root);
    }
}

/// The view the address asks for, when it is not the one the snapshot's page was rendered with.
#[cfg(feature = "snapshot")]
fn snapshot_view(rendered: &ViewState) -> Option<ViewState> {
    let search = web_sys::window()?.location().search().ok()?;
    if search.trim_start_matches('?').is_empty() {
        return None;
    }
    let (wanted, _) = ViewState::parse(&search);
    (wanted.to_query_string(true) != rendered.to_query_string(true)).then_some(wanted)
}

/// Tells the embedding page how tall the widget's content is, whenever that changes (see embed.js). The content
/// root is measured, not the document, whose height is at least the iframe's own and so could never shrink.
fn report_height(root: &web_sys::HtmlElement) {
    let measured = root.clone();
    let post = Closure::<dyn FnMut()>::new(move || {
        let Some(w) = web_sys::window() else { return };
        let height = measured.get_bounding_client_rect().height().ceil();
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"aqiqat:resize".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &height.into());
        if let Ok(Some(parent)) = w.parent() {
            // Only a height is sent: nothing a foreign parent could misuse. embed.js checks our origin.
            let _ = parent.post_message(&msg, "*");
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(post.as_ref().unchecked_ref()) {
        observer.observe(root);
    }
    post.forget();
}
