//! The timeline: one column per month with incidents stacked by category, bands for incidents known only to lie
//! within a period, claims as dots coloured by verdict, and stories as paths through their steps. It draws counts
//! from `/api/v1/timeline`, so it stays light however many incidents there are.
//!
//! Few elements, updated in place: one path per category draws every bar (and one more per category every band),
//! one path per verdict every dot; a filter change rewrites those paths' `d`. The month columns and the bands (the
//! buttons a reader clicks or reaches by keyboard) are two markup strings, set whole when the answer changes, with
//! one click listener on the chart for all of them; their pressed state and tab stop are moved on the few elements
//! that change. The axis only grows, so bars do not jump sideways while a reader filters.
//! Keyboard: one tab stop; arrows move between months (left, right) and bands (down, up), Enter or Space shows
//! the month or period, Escape clears it.

use std::collections::BTreeMap;

use aqiqat_shared::api::{Timeline as TimelineData, month_index, month_key};
use aqiqat_shared::{Category, Filter, Lang, PartialDate, Stage, StoryKind, Verdict};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{month_label, ui};
use aqiqat_shared::markup::escape;

// Whole pixels: integer attributes keep float formatting (`f64: Display`) out of the bundle.
const COL: i32 = 36;
const BAR: i32 = 22;
const PLOT: i32 = 96;
const DOTS: i32 = 22;
const LABEL: i32 = 16;
const LANE: i32 = 18;
const BAND: i32 = 14;
/// Months drawn at most (fifty years).
const MAX_MONTHS: i32 = 600;
/// Month columns and bands drawn at first (the newest; wider than the widest frame), and how many more each time a
/// reader scrolls or moves the keyboard focus near the oldest drawn: the bars are drawn for every month.
const DRAWN: i32 = 48;

/// The months a date filter selects: `(first, last)` as month indices, when both ends are set.
fn chosen_range(f: &Filter) -> Option<(i32, i32)> {
    let (a, b) = (f.from?, f.to?);
    let lo = a.month_key().and_then(|m| month_index(&m))?;
    let hi = b.month_key().and_then(|m| month_index(&m))?;
    Some((lo, hi))
}

/// Shows the months `lo..=hi`, or clears the date filter when exactly they are shown already.
fn toggle_range(filter: RwSignal<Filter>, lo: i32, hi: i32) {
    filter.update(|f| {
        if chosen_range(f) == Some((lo, hi)) && f.from.is_some_and(|d| d.get_day().is_none()) {
            f.from = None;
            f.to = None;
        } else if let (Ok(a), Ok(b)) = (
            month_key(lo).parse::<PartialDate>(),
            month_key(hi).parse::<PartialDate>(),
        ) {
            f.from = Some(a);
            f.to = Some(b);
        }
    });
}

#[derive(Clone, PartialEq, Default)]
struct Month {
    total: u64,
    claims: u64,
    /// Where the column's stack ends (its top), for story paths.
    top: i32,
}

#[derive(Clone, PartialEq)]
struct Band {
    lo: i32,
    hi: i32,
    lane: i32,
    total: u64,
    counts: Vec<(Category, u64)>,
}

impl Band {
    fn key(&self) -> (i32, i32) {
        (self.lo, self.hi)
    }
}

/// Everything the chart draws, computed in one pass over an answer.
#[derive(Clone, PartialEq, Default)]
struct Layout {
    /// Month index of the first column; `months.len()` columns.
    first: i32,
    months: Vec<Month>,
    /// One path per category (in `Category::ALL` order) drawing its bars, and one drawing its bands.
    bars: Vec<String>,
    bands: Vec<String>,
    /// Claim dots: a path per verdict key (`VERDICTS`).
    dots: Vec<String>,
    ranges: Vec<Band>,
    lanes: i32,
    /// Per kind of story (`StoryKind::ALL`): the lines, the points, and each story's stages for screen readers.
    story_lines: Vec<String>,
    story_points: Vec<String>,
    stories: Vec<(StoryKind, Vec<Stage>)>,
}

/// The claim dots' colours: every verdict, and unrated.
fn verdict_keys() -> impl Iterator<Item = &'static str> {
    Verdict::ALL
        .iter()
        .map(|v| v.as_str())
        .chain(std::iter::once("unrated"))
}

impl Layout {
    fn x(&self, month: i32) -> i32 {
        (month - self.first) * COL
    }

    fn width(&self) -> i32 {
        (self.months.len() as i32 * COL).max(COL)
    }

    fn band_top(&self) -> i32 {
        DOTS + PLOT + LABEL + 4
    }

    fn height(&self) -> i32 {
        DOTS + PLOT
            + LABEL
            + if self.lanes > 0 {
                4 + self.lanes * LANE
            } else {
                0
            }
    }

    /// The chart of `d`, on an axis at least as wide as `prev`'s.
    fn new(d: &TimelineData, prev: Option<&Layout>) -> Layout {
        let months = d.months().filter_map(month_index);
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        for m in months {
            lo = lo.min(m);
            hi = hi.max(m);
        }
        if let Some(p) = prev.filter(|p| !p.months.is_empty()) {
            lo = lo.min(p.first);
            hi = hi.max(p.first + p.months.len() as i32 - 1);
        }
        if lo > hi {
            return Layout::default();
        }
        // The newest months matter most: a longer span loses its oldest.
        let lo = lo.max(hi - MAX_MONTHS + 1);
        let n = (hi - lo + 1) as usize;
        let mut l = Layout {
            first: lo,
            months: vec![Month::default(); n],
            ..Layout::default()
        };
        let col = |m: &str| -> Option<usize> {
            let i = month_index(m)?;
            usize::try_from(i - lo).ok().filter(|&k| k < n)
        };

        // Bars: counts per month and category, stacked in `Category::ALL` order.
        let cats = Category::ALL.len();
        let mut counts = vec![0u64; n * cats];
        for b in &d.buckets {
            let c = Category::ALL.iter().position(|c| *c == b.category);
            if let (Some(k), Some(c)) = (col(&b.month), c) {
                counts[k * cats + c] += b.count;
                l.months[k].total += b.count;
            }
        }
        let max = l.months.iter().map(|m| m.total).max().unwrap_or(0).max(1);
        l.bars = vec![String::new(); cats];
        for (k, month) in l.months.iter_mut().enumerate() {
            let x = k as i32 * COL + (COL - BAR) / 2;
            let mut y = DOTS + PLOT;
            for (c, path) in l.bars.iter_mut().enumerate() {
                let count = counts[k * cats + c];
                if count == 0 {
                    continue;
                }
                // Rounded to the nearest pixel, at least 3 so that a single item stays visible.
                let h = ((count * (PLOT - 4) as u64 + max / 2) / max).max(3) as i32;
                y -= h;
                path.push_str(&format!("M{x} {y}h{BAR}v{h}h-{BAR}z"));
            }
            month.top = y;
        }

        // Claim dots: up to three per month, coloured by verdict.
        l.dots = vec![String::new(); verdict_keys().count()];
        let mut shown = vec![0i32; n];
        for c in &d.claims {
            let Some(k) = col(&c.month) else { continue };
            l.months[k].claims += c.count;
            if shown[k] < 3 {
                let cx = k as i32 * COL + (COL - BAR) / 2 + 4 + shown[k] * 7;
                shown[k] += 1;
                if let Some(i) = verdict_keys().position(|v| v == c.verdict) {
                    l.dots[i].push_str(&circle(cx, DOTS / 2, 3));
                }
            }
        }

        // Bands: one per period, in lanes that do not overlap, split by category along their length.
        let mut periods: BTreeMap<(i32, i32), Vec<(Category, u64)>> = BTreeMap::new();
        for r in &d.ranges {
            if let (Some(a), Some(b)) = (month_index(&r.from), month_index(&r.to)) {
                let (a, b) = (a.max(lo), b.min(hi));
                if a <= b {
                    periods
                        .entry((a, b))
                        .or_default()
                        .push((r.category, r.count));
                }
            }
        }
        let mut lane_ends: Vec<i32> = Vec::new();
        l.bands = vec![String::new(); cats];
        for ((a, b), mut cs) in periods {
            cs.sort_by_key(|(c, _)| Category::ALL.iter().position(|x| x == c));
            let lane = match lane_ends.iter().position(|&end| end < a) {
                Some(i) => {
                    lane_ends[i] = b;
                    i
                }
                None => {
                    lane_ends.push(b);
                    lane_ends.len() - 1
                }
            } as i32;
            let total: u64 = cs.iter().map(|(_, n)| n).sum();
            let (x0, x1) = ((a - lo) * COL + 2, (b - lo + 1) * COL - 2);
            let y = DOTS + PLOT + LABEL + 4 + lane * LANE;
            let mut x = x0;
            let mut acc = 0u64;
            for (c, count) in &cs {
                acc += count;
                let end = x0 + ((x1 - x0) as u64 * acc / total.max(1)) as i32;
                if end > x {
                    let i = Category::ALL.iter().position(|x| x == c).unwrap_or(0);
                    l.bands[i].push_str(&format!("M{x} {y}h{}v{BAND}h-{}z", end - x, end - x));
                    x = end;
                }
            }
            l.ranges.push(Band {
                lo: a,
                hi: b,
                lane,
                total,
                counts: cs,
            });
        }
        l.lanes = lane_ends.len() as i32;

        // Stories: a line through their steps' months, a point on each; one path of each per kind of story.
        l.story_lines = vec![String::new(); StoryKind::ALL.len()];
        l.story_points = vec![String::new(); StoryKind::ALL.len()];
        for s in &d.stories {
            let Some(i) = StoryKind::ALL.iter().position(|k| *k == s.kind) else {
                continue;
            };
            let mut first = true;
            for step in &s.steps {
                let Some(k) = col(&step.month) else { continue };
                let x = k as i32 * COL + COL / 2;
                let y = l.months[k].top - 6;
                l.story_lines[i].push_str(&format!("{}{x} {y}", if first { "M" } else { "L" }));
                l.story_points[i].push_str(&circle(x, y, 3));
                first = false;
            }
            if !first {
                l.stories
                    .push((s.kind, s.steps.iter().map(|s| s.stage).collect()));
            }
        }
        l
    }
}

/// A circle as a path segment (`<path>` can then draw many).
fn circle(cx: i32, cy: i32, r: i32) -> String {
    format!(
        "M{} {cy}a{r} {r} 0 1 0 {} 0a{r} {r} 0 1 0 -{} 0",
        cx - r,
        2 * r,
        2 * r
    )
}

/// The text a screen reader gives a month column.
fn month_text(l: Lang, key: &str, m: Option<&Month>) -> String {
    let m = m.cloned().unwrap_or_default();
    let u = ui(l);
    format!(
        "{}: {} — {}, {} — {}",
        month_label(l, key),
        u.incidents_lc,
        m.total,
        u.claims_lc,
        m.claims
    )
}

fn band_text(l: Lang, b: &Band) -> String {
    let u = ui(l);
    let cats = b
        .counts
        .iter()
        .map(|(c, n)| format!("{} {n}", c.label(l)))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "{} – {}, {}: {} — {} ({cats})",
        month_label(l, &month_key(b.lo)),
        month_label(l, &month_key(b.hi)),
        u.within_period,
        u.incidents_lc,
        b.total
    )
}

/// The chart's markup and the state last marked on it: the tab stop and the chosen months.
type ChartShown = (ChartMarkup, (Option<Spot>, Option<(i32, i32)>));

/// The month columns and the bands as markup: the same on the server and in the browser.
#[derive(Clone, PartialEq, Default)]
struct ChartMarkup {
    /// The first column's month and the language of the labels: while both stay, the columns stay and only their
    /// counts change (`cells`).
    axis: (i32, Option<Lang>),
    /// Per column: its count and its text for screen readers.
    cells: Vec<(u64, String)>,
    months: String,
    bands: String,
}

/// What the keyboard focus is on.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Spot {
    Month(i32),
    Band(i32, i32),
}

impl Spot {
    /// The element's `data-spot`: `m<month>` or `r<first>/<last>`.
    fn name(self) -> String {
        match self {
            Spot::Month(m) => format!("m{m}"),
            Spot::Band(a, b) => format!("r{a}/{b}"),
        }
    }

    fn parse(s: &str) -> Option<Spot> {
        if let Some(m) = s.strip_prefix('m') {
            return m.parse().ok().map(Spot::Month);
        }
        let (a, b) = s.strip_prefix('r')?.split_once('/')?;
        Some(Spot::Band(a.parse().ok()?, b.parse().ok()?))
    }
}

#[component]
pub fn Timeline(
    filter: RwSignal<Filter>,
    lang: RwSignal<Lang>,
    data: ReadSignal<Option<Result<TimelineData, String>>>,
    /// Set when a reader reaches for the chart (focus, a pointer or a finger on it, scrolling it): a chart drawn
    /// from the newest months only then asks for the rest.
    wanted: RwSignal<bool>,
) -> impl IntoView {
    let want = move || {
        if !wanted.get_untracked() {
            wanted.set(true);
        }
    };
    let layout = Memo::new(move |prev: Option<&Option<Layout>>| {
        data.with(|d| match d {
            Some(Ok(d)) => Some(Layout::new(d, prev.and_then(Option::as_ref))),
            // Keep drawing the last answer while a new one is on its way or failed.
            _ => prev.cloned().flatten(),
        })
    });
    let chosen = Memo::new(move |_| filter.with(chosen_range));
    // The one element in the tab order; `None` is the newest month.
    let spot = RwSignal::new(None::<Spot>);
    let current = move || {
        spot.get().or_else(|| {
            layout.with(|l| {
                l.as_ref()
                    .filter(|l| !l.months.is_empty())
                    .map(|l| Spot::Month(l.first + l.months.len() as i32 - 1))
            })
        })
    };
    // The month columns and the bands are markup strings, set whole when the answer or the language changes; their
    // pressed and tab-stop state is moved by hand. Rebuilding hundreds of type-erased elements in place removed and
    // set every attribute of each, and hundreds of reactive attributes cost more to track than to write: this was
    // the costliest part of a filter change at 10,000 incidents.
    // How many of the newest months have their columns and bands drawn: only those a reader can have seen, so a
    // filter change rewrites a window of the chart, not all of it (hundreds of elements at 10,000 incidents).
    let drawn = RwSignal::new(DRAWN);
    let markup = Memo::new(move |_| {
        let l = lang.get();
        let n = drawn.get();
        layout.with(|lay| {
            lay.as_ref().map_or_else(ChartMarkup::default, |lay| {
                ChartMarkup::new(lay, l, chosen.get_untracked(), current_untracked(lay), n)
            })
        })
    });
    // Whether month `m` is older than the drawn columns.
    let undrawn = move |m: i32| {
        layout.with_untracked(|l| {
            l.as_ref()
                .is_some_and(|l| m < l.first + l.months.len() as i32 - drawn.get_untracked())
        })
    };
    let served = markup.get_untracked();
    let first_months = served.months.clone();
    let first_bands = served.bands.clone();
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let months_ref = NodeRef::<leptos::svg::G>::new();
    let bands_ref = NodeRef::<leptos::svg::G>::new();
    Effect::new(move |prev: Option<ChartShown>| {
        let now = markup.get();
        let state = (current(), chosen.get());
        let (Some(svg), Some(months), Some(bands)) =
            (svg_ref.get(), months_ref.get(), bands_ref.get())
        else {
            return (now, state);
        };
        let before = prev.as_ref().map_or(&served, |p| &p.0);
        // New markup replaces the element a keyboard reader is on: the focus is put back on its successor.
        let focused = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .is_some_and(|a| svg.contains(Some(&a)));
        let mut changed = false;
        let regrown = before.axis != now.axis || before.cells.len() != now.cells.len();
        if regrown {
            months.set_inner_html(&now.months);
            changed = true;
        } else if before.cells != now.cells {
            // The same columns with other counts: a filter changed. Their attributes change in place; new columns
            // would be parsed, styled and laid out anew (hundreds of elements at 10,000 incidents).
            let columns = months.children();
            for (i, (was, is)) in before.cells.iter().zip(&now.cells).enumerate() {
                if was != is
                    && let Some(g) = columns.item(i as u32)
                {
                    let _ = g.set_attribute("data-count", &is.0.to_string());
                    let _ = g.set_attribute("aria-label", &is.1);
                }
            }
        }
        if before.bands != now.bands {
            bands.set_inner_html(&now.bands);
            changed = true;
        }
        if changed || prev.as_ref().is_none_or(|p| p.1 != state) {
            mark(&svg, state.0, state.1);
        }
        if changed
            && focused
            && let Some(at) = state.0
            && let Ok(Some(el)) = svg.query_selector(&format!("[data-spot=\"{}\"]", at.name()))
        {
            // Where it was: focusing must not scroll the chart.
            let opts = web_sys::FocusOptions::new();
            opts.set_prevent_scroll(true);
            let _ = el
                .unchecked_into::<web_sys::SvgElement>()
                .focus_with_options(&opts);
        }
        (now, state)
    });
    let on_chart_click = move |ev: leptos::ev::MouseEvent| {
        let Some(at) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-spot]").ok().flatten())
            .and_then(|el| el.get_attribute("data-spot"))
            .and_then(|s| Spot::parse(&s))
        else {
            return;
        };
        spot.set(Some(at));
        match at {
            Spot::Month(m) => toggle_range(filter, m, m),
            Spot::Band(lo, hi) => toggle_range(filter, lo, hi),
        }
    };
    let path = move |pick: fn(&Layout) -> &Vec<String>, i: usize| {
        layout.with(|l| {
            l.as_ref()
                .and_then(|l| pick(l).get(i).cloned())
                .unwrap_or_default()
        })
    };
    let size = move |f: fn(&Layout) -> i32| layout.with(|l| l.as_ref().map_or(COL, f));

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(at) = current() else { return };
        let next = layout.with_untracked(|l| {
            let l = l.as_ref()?;
            let last = l.first + l.months.len() as i32 - 1;
            let band_at = |m: i32| {
                l.ranges
                    .iter()
                    .filter(|b| b.lo <= m && m <= b.hi)
                    .min_by_key(|b| b.lane)
                    .or_else(|| l.ranges.iter().min_by_key(|b| (b.lo - m).abs()))
                    .map(|b| Spot::Band(b.lo, b.hi))
            };
            let band_step = |lo: i32, hi: i32, d: isize| {
                let i = l.ranges.iter().position(|b| b.key() == (lo, hi))? as isize + d;
                let b = l.ranges.get(usize::try_from(i).ok()?)?;
                Some(Spot::Band(b.lo, b.hi))
            };
            match (ev.key().as_str(), at) {
                ("ArrowLeft", Spot::Month(m)) => Some(Spot::Month((m - 1).max(l.first))),
                ("ArrowRight", Spot::Month(m)) => Some(Spot::Month((m + 1).min(last))),
                ("Home", Spot::Month(_)) => Some(Spot::Month(l.first)),
                ("End", Spot::Month(_)) => Some(Spot::Month(last)),
                ("ArrowDown", Spot::Month(m)) => band_at(m),
                ("ArrowLeft", Spot::Band(a, b)) => band_step(a, b, -1).or(Some(at)),
                ("ArrowRight", Spot::Band(a, b)) => band_step(a, b, 1).or(Some(at)),
                ("ArrowUp", Spot::Band(a, _)) => Some(Spot::Month(a)),
                ("ArrowUp" | "ArrowDown", _) => Some(at),
                _ => None,
            }
        });
        match ev.key().as_str() {
            "Enter" | " " => {
                ev.prevent_default();
                match at {
                    Spot::Month(m) => toggle_range(filter, m, m),
                    Spot::Band(a, b) => toggle_range(filter, a, b),
                }
            }
            "Escape" => {
                if filter.with_untracked(|f| f.from.is_some() || f.to.is_some()) {
                    ev.prevent_default();
                    filter.update(|f| {
                        f.from = None;
                        f.to = None;
                    });
                }
            }
            _ => {
                if let Some(to) = next {
                    ev.prevent_default();
                    let m = match to {
                        Spot::Month(m) => m,
                        Spot::Band(_, hi) => hi,
                    };
                    if undrawn(m) {
                        // Drawn by the next update, which puts the focus on it (the chart has the focus).
                        let newest = layout.with_untracked(|l| {
                            l.as_ref()
                                .map_or(m, |l| l.first + l.months.len() as i32 - 1)
                        });
                        drawn.set(newest - m + 1 + DRAWN / 4);
                        spot.set(Some(to));
                    } else {
                        spot.set(Some(to));
                        focus_spot(&ev, to);
                    }
                }
            }
        }
    };

    view! {
        <section
            class="aq-timeline"
            aria-labelledby="aq-tl-h"
            on:focusin=move |_| want()
            on:pointerover=move |_| want()
        >
            <div class="aq-tl-head">
                <h2 class="aq-h2" id="aq-tl-h">
                    {move || ui(lang.get()).timeline}
                </h2>
                <span class="aq-hint">{move || ui(lang.get()).timeline_hint}</span>
            </div>
            <p class="aq-vh" id="aq-tl-keys">
                {move || ui(lang.get()).timeline_keys}
            </p>
            <div
                class="aq-tl-scroll"
                on:scroll=move |ev| {
                    want();
                    // The box opens on the newest months (right to left): `scrollLeft` is 0 there and negative
                    // towards older ones, so the columns from the box's left edge to the newest are
                    // `(clientWidth - scrollLeft) / COL`. Draw those and a year more. Read a frame later: when the
                    // chart grows, Chromium reports a scroll with the old offset from the left (thousands of pixels
                    // into the past) before it settles back on the newest months.
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        request_animation_frame(move || {
                            let need = (el.client_width() - el.scroll_left()) / COL + 12;
                            let n = drawn.get_untracked();
                            if need > n {
                                drawn.set(need.max(n + DRAWN));
                            }
                        });
                    }
                }
            >
                <svg
                    class="aq-tl-svg"
                    viewBox=move || format!("0 0 {} {}", size(Layout::width), size(Layout::height))
                    width=move || size(Layout::width)
                    height=move || size(Layout::height)
                    role="group"
                    aria-labelledby="aq-tl-h"
                    aria-describedby="aq-tl-keys"
                    on:keydown=on_key
                    on:click=on_chart_click
                    node_ref=svg_ref
                >
                    <g class="aq-months" node_ref=months_ref inner_html=first_months></g>
                    {Category::ALL
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            view! {
                                <path class=format!("aq-bar aq-cat-{}", c.as_str()) d=move || path(|l| &l.bars, i)></path>
                                <path class=format!("aq-band aq-cat-{}", c.as_str()) d=move || path(|l| &l.bands, i)></path>
                            }
                        })
                        .collect_view()}
                    {verdict_keys()
                        .enumerate()
                        .map(|(i, v)| view! { <path class=format!("aq-dot aq-v-{v}") d=move || path(|l| &l.dots, i)></path> })
                        .collect_view()}
                    <g class="aq-ranges" node_ref=bands_ref inner_html=first_bands></g>
                    {StoryKind::ALL
                        .iter()
                        .enumerate()
                        .map(|(i, kind)| {
                            let text = move || {
                                let l = lang.get();
                                layout.with(|lay| {
                                    let stories = lay.as_ref().map(|x| x.stories.as_slice()).unwrap_or_default();
                                    let list = stories
                                        .iter()
                                        .filter(|(k, _)| k == kind)
                                        .map(|(_, st)| st.iter().map(|s| s.label(l)).collect::<Vec<_>>().join(" → "))
                                        .collect::<Vec<_>>();
                                    format!("{}: {}: {}", ui(l).story, kind.label(l), list.join("; "))
                                })
                            };
                            view! {
                                <g
                                    class=format!("aq-story aq-story-{}", kind.as_str())
                                    role="img"
                                    aria-label=text
                                    aria-hidden=move || {
                                        layout
                                            .with(|l| l.as_ref().is_none_or(|l| l.stories.iter().all(|(k, _)| k != kind)))
                                            .then_some("true")
                                    }
                                >
                                    <path class="aq-story-line" d=move || path(|l| &l.story_lines, i)></path>
                                    <path class="aq-story-pts" d=move || path(|l| &l.story_points, i)></path>
                                </g>
                            }
                        })
                        .collect_view()}
                </svg>
            </div>
            <ul class="aq-legend" aria-hidden="true">
                {Category::ALL
                    .iter()
                    .map(|c| {
                        view! {
                            <li class=format!("aq-cat-{}", c.as_str())>
                                <span class="aq-swatch"></span>
                                {move || c.label(lang.get())}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The tab stop when the reader has not moved it: the newest month.
fn current_untracked(l: &Layout) -> Option<Spot> {
    (!l.months.is_empty()).then(|| Spot::Month(l.first + l.months.len() as i32 - 1))
}

impl ChartMarkup {
    /// The newest `drawn` columns and the bands reaching into them.
    fn new(
        l: &Layout,
        lang: Lang,
        chosen: Option<(i32, i32)>,
        cur: Option<Spot>,
        drawn: i32,
    ) -> ChartMarkup {
        use std::fmt::Write;
        let from = l.first.max(l.first + l.months.len() as i32 - drawn.max(1));
        let tab = |s: Spot| if cur == Some(s) { "0" } else { "-1" };
        let mut months = String::new();
        let mut cells = Vec::with_capacity(l.months.len());
        for (i, m) in l.months.iter().enumerate().skip((from - l.first) as usize) {
            let at = l.first + i as i32;
            let key = month_key(at);
            let text = month_text(lang, &key, Some(m));
            let on = chosen == Some((at, at));
            let within = chosen.is_some_and(|(a, b)| a != b && a <= at && at <= b);
            let x = i as i32 * COL;
            let label = month_label(lang, &key);
            let _ = write!(
                months,
                r#"<g class="aq-month{}" data-month="{key}" data-count="{}" data-spot="m{at}" tabindex="{}" role="button" aria-pressed="{on}" aria-label="{}"><rect class="aq-col" x="{x}" y="0" width="{COL}" height="{}"></rect><text class="aq-tl-label" x="{}" y="{}">{}</text></g>"#,
                if on {
                    " aq-on"
                } else if within {
                    " aq-in"
                } else {
                    ""
                },
                m.total,
                tab(Spot::Month(at)),
                escape(&text),
                DOTS + PLOT + LABEL,
                x + COL / 2,
                DOTS + PLOT + LABEL - 3,
                escape(label.split(' ').next().unwrap_or("")),
            );
            cells.push((m.total, text));
        }
        let mut bands = String::new();
        for b in l.ranges.iter().filter(|b| b.hi >= from) {
            let (lo, hi) = b.key();
            let on = chosen == Some((lo, hi));
            let (x0, x1, y) = (l.x(lo) + 2, l.x(hi) + COL - 2, l.band_top() + b.lane * LANE);
            let _ = write!(
                bands,
                r#"<g class="aq-range{}" data-from="{}" data-to="{}" data-count="{}" data-spot="r{lo}/{hi}" tabindex="{}" role="button" aria-pressed="{on}" aria-label="{}"><rect class="aq-range-hit" x="{x0}" y="{}" width="{}" height="{}" rx="4"></rect><text class="aq-range-count" x="{}" y="{}">{}</text></g>"#,
                if on { " aq-on" } else { "" },
                month_key(lo),
                month_key(hi),
                b.total,
                tab(Spot::Band(lo, hi)),
                escape(&band_text(lang, b)),
                y - 2,
                x1 - x0,
                BAND + 4,
                (x0 + x1) / 2,
                y + BAND - 3,
                b.total,
            );
        }
        ChartMarkup {
            axis: (from, Some(lang)),
            cells,
            months,
            bands,
        }
    }
}

/// Moves the chart's pressed state and tab stop to `chosen` and `cur`, touching only the elements that change.
fn mark(svg: &web_sys::SvgElement, cur: Option<Spot>, chosen: Option<(i32, i32)>) {
    let each = |selector: &str, f: &dyn Fn(&web_sys::Element)| {
        if let Ok(list) = svg.query_selector_all(selector) {
            for i in 0..list.length() {
                if let Some(el) = list
                    .get(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    f(&el);
                }
            }
        }
    };
    each(r#"[tabindex="0"],[aria-pressed="true"],.aq-in"#, &|el| {
        let _ = el.set_attribute("tabindex", "-1");
        let _ = el.set_attribute("aria-pressed", "false");
        let _ = el.class_list().remove_2("aq-on", "aq-in");
    });
    let find = |s: Spot| {
        svg.query_selector(&format!(r#"[data-spot="{}"]"#, s.name()))
            .ok()
            .flatten()
    };
    if let Some(el) = cur.and_then(find) {
        let _ = el.set_attribute("tabindex", "0");
    }
    if let Some((lo, hi)) = chosen {
        let spot = if lo == hi {
            Spot::Month(lo)
        } else {
            Spot::Band(lo, hi)
        };
        if let Some(el) = find(spot) {
            let _ = el.set_attribute("aria-pressed", "true");
            let _ = el.class_list().add_1("aq-on");
        }
        if lo != hi {
            for m in lo..=hi {
                if let Some(el) = find(Spot::Month(m)) {
                    let _ = el.class_list().add_1("aq-in");
                }
            }
        }
    }
}

/// Moves the keyboard focus to `to`'s element (in the chart the event came from).
fn focus_spot(ev: &leptos::ev::KeyboardEvent, to: Spot) {
    let name = to.name();
    let Some(svg) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    if let Ok(Some(el)) = svg.query_selector(&format!("[data-spot=\"{name}\"]")) {
        let _ = el.unchecked_into::<web_sys::SvgElement>().focus();
    }
}
