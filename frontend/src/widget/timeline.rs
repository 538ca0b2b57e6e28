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
    view! {
        <section class="aq-timeline" aria-label=move || ui(lang.get()).timeline>
            <div class="aq-tl-head">
                <h2 class="aq-h2">{move || ui(lang.get()).timeline}</h2>
                <span class="aq-hint">{move || ui(lang.get()).timeline_hint}</span>
            </div>
            <div class="aq-tl-scroll">
                {move || {
                    let l = lang.get();
                    let Some(Ok(d)) = data.get() else {
                        return view! { <p class="aq-loading">{ui(l).loading}</p> }.into_any();
                    };
                    let months = months(&d);
                    let max = months
                        .iter()
                        .map(|m| d.buckets.iter().filter(|b| &b.month == m).map(|b| b.count).sum::<u64>())
                        .max()
                        .unwrap_or(0)
                        .max(1);
                    let width = (months.len() as u32 * COL).max(COL);
                    let height = DOTS + PLOT + LABEL;
                    let chosen = filter.with(selected_month);
                    let cols = months
                        .into_iter()
                        .enumerate()
                        .map(|(i, m)| {
                            let x = i as u32 * COL + (COL - BAR) / 2;
                            // Signed: the 3-pixel minimums may stack a little above the plot's top, as before.
                            let mut y = (DOTS + PLOT) as i32;
                            let mut total = 0;
                            let mut rects = Vec::new();
                            for c in Category::ALL {
                                let n: u64 = d
                                    .buckets
                                    .iter()
                                    .filter(|b| b.month == m && b.category == *c)
                                    .map(|b| b.count)
                                    .sum();
                                if n == 0 {
                                    continue;
                                }
                                total += n;
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
                            let dots = d
                                .claims
                                .iter()
                                .filter(|c| c.month == m)
                                .take(3)
                                .enumerate()
                                .map(|(j, c)| {
                                    view! {
                                        <circle
                                            class=format!("aq-dot aq-v-{}", c.verdict)
                                            cx=x + 4 + j as u32 * 7
                                            cy=DOTS / 2
                                            r="3.5"
                                        ></circle>
                                    }
                                })
                                .collect_view();
                            let claims: u64 = d.claims.iter().filter(|c| c.month == m).map(|c| c.count).sum();
                            let label = month_label(l, &m);
                            let aria = format!(
                                "{label}: {} — {total}, {} — {claims}",
                                ui(l).incidents_lc,
                                ui(l).claims_lc,
                            );
                            let short = label.split(' ').next().unwrap_or("").to_owned();
                            let on = chosen.as_deref() == Some(m.as_str());
                            let month = m.clone();
                            view! {
                                <g
                                    class=if on { "aq-month aq-on" } else { "aq-month" }
                                    data-month=m.clone()
                                    data-count=total
                                    tabindex="0"
                                    role="button"
                                    aria-pressed=if on { "true" } else { "false" }
                                    aria-label=aria
                                    on:click=move |_| toggle(month.clone())
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
