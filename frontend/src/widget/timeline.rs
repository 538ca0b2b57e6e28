//! The timeline: one column per month, incidents stacked by category, claims as dots coloured by verdict.
//! It draws counts per month from `/api/v1/timeline`, so it stays light however many incidents there are.

use aqiqat_shared::api::Timeline as TimelineData;
use aqiqat_shared::{Category, Filter, Lang, PartialDate};
use leptos::prelude::*;

use crate::i18n::{month_label, ui};

// Whole pixels: integer attributes keep float formatting (`f64: Display`) out of the bundle.
const COL: u32 = 36;
const BAR: u32 = 22;
const PLOT: u32 = 96;
const DOTS: u32 = 22;
const LABEL: u32 = 16;

/// Every month from the first to the last in the data, gaps included.
fn months(data: &TimelineData) -> Vec<String> {
    let all = data
        .buckets
        .iter()
        .map(|b| b.month.as_str())
        .chain(data.claims.iter().map(|c| c.month.as_str()));
    let (Some(min), Some(max)) = (all.clone().min(), all.max()) else {
        return Vec::new();
    };
    let parse = |m: &str| -> Option<(i32, i32)> {
        let (y, mo) = m.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok()?))
    };
    let (Some((mut y, mut m)), Some(end)) = (parse(min), parse(max)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while (y, m) <= end && out.len() < 600 {
        out.push(format!("{y:04}-{m:02}"));
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

fn selected_month(f: &Filter) -> Option<String> {
    match (f.from, f.to) {
        (Some(a), Some(b)) if a == b => a.month_key().filter(|_| a.get_day().is_none()),
        _ => None,
    }
}

/// One month's column: incidents per category (in `Category::ALL` order), and up to three claim verdicts.
struct Column {
    month: String,
    counts: [u64; Category::ALL.len()],
    total: u64,
    claims: u64,
    dots: Vec<String>,
}

/// Groups the buckets by month in one pass (the data may hold a bucket per month, category and verdict).
fn columns(d: &TimelineData) -> Vec<Column> {
    let months = months(d);
    let first = months.first().cloned().unwrap_or_default();
    let key = |m: &str| -> Option<usize> {
        let (y, mo) = m.split_once('-')?;
        let (y0, m0) = first.split_once('-')?;
        let n = (y.parse::<i32>().ok()? - y0.parse::<i32>().ok()?) * 12 + mo.parse::<i32>().ok()?
            - m0.parse::<i32>().ok()?;
        usize::try_from(n).ok()
    };
    let mut cols: Vec<Column> = months
        .into_iter()
        .map(|month| Column {
            month,
            counts: [0; Category::ALL.len()],
            total: 0,
            claims: 0,
            dots: Vec::new(),
        })
        .collect();
    for b in &d.buckets {
        let cat = Category::ALL.iter().position(|c| *c == b.category);
        if let (Some(col), Some(cat)) = (key(&b.month).and_then(|i| cols.get_mut(i)), cat) {
            col.counts[cat] += b.count;
            col.total += b.count;
        }
    }
    for c in &d.claims {
        if let Some(col) = key(&c.month).and_then(|i| cols.get_mut(i)) {
            col.claims += c.count;
            if col.dots.len() < 3 {
                col.dots.push(c.verdict.clone());
            }
        }
    }
    cols
}

#[component]
pub fn Timeline(
    filter: RwSignal<Filter>,
    lang: RwSignal<Lang>,
    data: ReadSignal<Option<Result<TimelineData, String>>>,
) -> impl IntoView {
    let toggle = move |month: String| {
        filter.update(|f| {
            if selected_month(f).as_deref() == Some(month.as_str()) {
                f.from = None;
                f.to = None;
            } else if let Ok(d) = month.parse::<PartialDate>() {
                f.from = Some(d);
                f.to = Some(d);
            }
        });
    };
    // The chart is rebuilt only when its data or language changes; choosing a month, or any other filter change,
    // only flips the classes of the columns (it used to redraw every column before the new data was even asked).
    let chosen = Memo::new(move |_| filter.with(selected_month));
    view! {
        <section class="aq-timeline" aria-label=move || ui(lang.get()).timeline>
            <div class="aq-tl-head">
                <h2 class="aq-h2">{move || ui(lang.get()).timeline}</h2>
                <span class="aq-hint">{move || ui(lang.get()).timeline_hint}</span>
            </div>
            <div class="aq-tl-scroll">
                {move || {
                    let l = lang.get();
                    let Some(cols) = data.with(|d| match d {
                        Some(Ok(d)) => Some(columns(d)),
                        _ => None,
                    }) else {
                        return view! { <p class="aq-loading">{ui(l).loading}</p> }.into_any();
                    };
                    let max = cols.iter().map(|c| c.total).max().unwrap_or(0).max(1);
                    let width = (cols.len() as u32 * COL).max(COL);
                    let height = DOTS + PLOT + LABEL;
                    let cols = cols
                        .into_iter()
                        .enumerate()
                        .map(|(i, col)| {
                            let x = i as u32 * COL + (COL - BAR) / 2;
                            // Signed: the 3-pixel minimums may stack a little above the plot's top, as before.
                            let mut y = (DOTS + PLOT) as i32;
                            let mut rects = Vec::new();
                            for (c, &n) in Category::ALL.iter().zip(&col.counts) {
                                if n == 0 {
                                    continue;
                                }
                                // Rounded to the nearest pixel, at least 3 so that a single item stays visible.
                                let h = ((n * u64::from(PLOT - 4) + max / 2) / max).max(3) as i32;
                                y -= h;
                                rects.push(
                                    view! {
                                        <rect
                                            class=format!("aq-bar aq-cat-{}", c.as_str())
                                            x=x
                                            y=y
                                            width=BAR
                                            height=h
                                        ></rect>
                                    },
                                );
                            }
                            let dots = col
                                .dots
                                .iter()
                                .enumerate()
                                .map(|(j, v)| {
                                    view! {
                                        <circle
                                            class=format!("aq-dot aq-v-{v}")
                                            cx=x + 4 + j as u32 * 7
                                            cy=DOTS / 2
                                            r="3.5"
                                        ></circle>
                                    }
                                })
                                .collect_view();
                            let label = month_label(l, &col.month);
                            let aria = format!(
                                "{label}: {} — {}, {} — {}",
                                ui(l).incidents_lc,
                                col.total,
                                ui(l).claims_lc,
                                col.claims,
                            );
                            let short = label.split(' ').next().unwrap_or("").to_owned();
                            let m = col.month;
                            let (m_class, m_pressed, m_click) = (m.clone(), m.clone(), m.clone());
                            view! {
                                <g
                                    class=move || {
                                        if chosen.with(|c| c.as_deref() == Some(m_class.as_str())) {
                                            "aq-month aq-on"
                                        } else {
                                            "aq-month"
                                        }
                                    }
                                    data-month=m
                                    data-count=col.total
                                    tabindex="0"
                                    role="button"
                                    aria-pressed=move || {
                                        if chosen.with(|c| c.as_deref() == Some(m_pressed.as_str())) {
                                            "true"
                                        } else {
                                            "false"
                                        }
                                    }
                                    aria-label=aria
                                    on:click=move |_| toggle(m_click.clone())
                                >
                                    <rect
                                        class="aq-col"
                                        x=i as u32 * COL
                                        y=0
                                        width=COL
                                        height=DOTS + PLOT + LABEL
                                    ></rect>
                                    {rects}
                                    {dots}
                                    <text class="aq-tl-label" x=x + BAR / 2 y=height - 3>
                                        {short}
                                    </text>
                                </g>
                            }
                        })
                        .collect_view();
                    view! {
                        <svg
                            class="aq-tl-svg"
                            viewBox=format!("0 0 {width} {height}")
                            width=width
                            height=height
                            role="group"
                        >
                            {cols}
                        </svg>
                    }
                        .into_any()
                }}
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
