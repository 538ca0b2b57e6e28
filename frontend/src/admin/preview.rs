//! What readers will see of the saved item: the reader widget itself, in an iframe, in its preview mode (it reads
//! the item through the admin API with the editor's session). The same code renders it as for readers, so the
//! preview cannot drift from the widget.

use aqiqat_shared::Lang;
use aqiqat_shared::admin::ItemKind;
use leptos::prelude::*;

use super::i18n::tr;

#[component]
pub fn Preview(
    kind: ItemKind,
    id: String,
    version: Signal<i64>,
    dirty: Memo<bool>,
) -> impl IntoView {
    let lang = RwSignal::new(Lang::Ru);
    let id = StoredValue::new(id);
    // The version in the address reloads the frame after every save.
    let src = move || {
        format!(
            "/widget?preview=1&{}={}&lang={}&v={}",
            kind.as_str(),
            id.get_value(),
            lang.get().as_str(),
            version.get()
        )
    };
    view! {
        <section class="adm-section adm-preview" id="preview">
            <div class="adm-preview-head">
                <h2>{tr(|u| u.preview)}</h2>
                <div class="adm-langs" role="group" aria-label=tr(|u| u.preview_language)>
                    {Lang::ALL
                        .into_iter()
                        .map(|l| {
                            view! {
                                <button
                                    type="button"
                                    data-preview-lang=l.as_str()
                                    class=move || if lang.get() == l { "adm-lang adm-on" } else { "adm-lang" }
                                    aria-pressed=move || (lang.get() == l).to_string()
                                    on:click=move |_| lang.set(l)
                                >
                                    {l.as_str().to_uppercase()}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
            {move || dirty.get().then(|| view! { <p class="adm-hint">{tr(|u| u.preview_saved_only)}</p> })}
            <iframe class="adm-reader-frame" id="preview-frame" title=tr(|u| u.preview) src=src></iframe>
        </section>
    }
}
