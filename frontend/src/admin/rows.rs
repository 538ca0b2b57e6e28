//! An editable list of form rows (sources, actors, legal references). Each row has a stable key, so adding,
//! removing or moving one row never re-creates the inputs of the others (and never steals the caret).

use std::sync::atomic::{AtomicU64, Ordering};

use leptos::prelude::*;

static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

pub struct Rows<T: Send + Sync + 'static> {
    list: RwSignal<Vec<(u64, T)>>,
    /// The owner of the rows' own signals: the form's, so that a row added from a short-lived view (a button
    /// in a panel that closes) lives as long as the form.
    owner: StoredValue<Option<Owner>>,
}

impl<T: Send + Sync + 'static> Clone for Rows<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Rows<T> {}

impl<T: Copy + Send + Sync + 'static> Rows<T> {
    pub fn new() -> Self {
        Rows {
            list: RwSignal::new(Vec::new()),
            owner: StoredValue::new(Owner::current()),
        }
    }

    fn build<R>(self, make: impl FnOnce() -> R) -> R {
        match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        }
    }

    fn keyed(rows: Vec<T>) -> Vec<(u64, T)> {
        rows.into_iter()
            .map(|r| (NEXT_KEY.fetch_add(1, Ordering::Relaxed), r))
            .collect()
    }

    /// The rows with their keys, for `<For>`.
    pub fn keyed_rows(self) -> Vec<(u64, T)> {
        self.list.get()
    }

    /// The rows in order (tracked).
    pub fn values(self) -> Vec<T> {
        self.list.with(|l| l.iter().map(|(_, r)| *r).collect())
    }

    /// Replaces every row; `make` builds the rows' signals under the form's owner.
    pub fn replace(self, make: impl FnOnce() -> Vec<T>) {
        let rows = self.build(make);
        self.list.set(Self::keyed(rows));
    }

    pub fn push(self, make: impl FnOnce() -> T) {
        let row = self.build(make);
        let mut new = Self::keyed(vec![row]);
        self.list.update(|l| l.append(&mut new));
    }

    /// The row's current position (tracked), for ids like `source-url-2` and error paths like `sources[2]`.
    pub fn index_of(self, key: u64) -> usize {
        self.list
            .with(|l| l.iter().position(|(k, _)| *k == key))
            .unwrap_or(0)
    }

    pub fn remove(self, key: u64) {
        self.list.update(|l| l.retain(|(k, _)| *k != key));
    }

    /// Moves a row one place up (`-1`) or down (`1`).
    pub fn shift(self, key: u64, by: isize) {
        self.list.update(|l| {
            if let Some(i) = l.iter().position(|(k, _)| *k == key) {
                let j = i.checked_add_signed(by).filter(|j| *j < l.len());
                if let Some(j) = j {
                    l.swap(i, j);
                }
            }
        });
    }

    pub fn is_first(self, key: u64) -> bool {
        self.list
            .with(|l| l.first().is_some_and(|(k, _)| *k == key))
    }

    pub fn is_last(self, key: u64) -> bool {
        self.list.with(|l| l.last().is_some_and(|(k, _)| *k == key))
    }
}

/// The remove / move up / move down buttons of one row.
#[component]
pub fn RowTools<T: Copy + Send + Sync + 'static>(rows: Rows<T>, key: u64) -> impl IntoView {
    use super::i18n::tr;
    view! {
        <div class="adm-row-tools">
            <button
                type="button"
                data-action="move-up"
                title=tr(|u| u.move_up)
                aria-label=tr(|u| u.move_up)
                disabled=move || rows.is_first(key)
                on:click=move |_| rows.shift(key, -1)
            >
                "↑"
            </button>
            <button
                type="button"
                data-action="move-down"
                title=tr(|u| u.move_down)
                aria-label=tr(|u| u.move_down)
                disabled=move || rows.is_last(key)
                on:click=move |_| rows.shift(key, 1)
            >
                "↓"
            </button>
            <button type="button" data-action="remove" class="adm-danger" on:click=move |_| rows.remove(key)>
                {tr(|u| u.remove)}
            </button>
        </div>
    }
}
