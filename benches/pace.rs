//! The pace test's ground truth (docs/pace.md): simulated years of use, one pull-request check
//! per move plus four reviews, over the full grid of leads, spread and calibration cycles, with
//! fixed seeds. `cargo bench --bench pace` prints the table; `cargo bench --bench pace --
//! thresholds` simulates null years to calibrate the live alarm's thresholds.
//! `-- 20` runs only the cells with 20 leads. LADDER_BENCH_RUNS sets the years per cell
//! (default 400).

#![expect(clippy::print_stdout, reason = "a benchmark reports its figures")]

use std::time::Instant;

#[path = "../tests/support/synth.rs"]
mod synth;

use synth::{Plant, YearSpec, null_alarm_maxima, simulate_years};

fn quantile(mut values: Vec<f64>, p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let index = ((values.len() as f64 - 1.0) * p).round() as usize;
    values[index]
}

fn thresholds(years: usize, tail: f64) {
    println!(
        "faster / slower, each exceeded in {:.2}% of {years} null years, per spread between leads",
        tail * 100.0
    );
    println!("leads  spread 0       0.1            0.2            0.3");
    for leads in [5, 10, 20, 50, 100] {
        let mut row = format!("{leads:>5}");
        for cv in [0.0, 0.1, 0.2, 0.3] {
            let maxima = null_alarm_maxima(leads, cv, years);
            let up = quantile(maxima.iter().map(|m| m.0).collect(), 1.0 - tail);
            let down = quantile(maxima.iter().map(|m| m.1).collect(), 1.0 - tail);
            row.push_str(&format!("  T({up:.2}, {down:.2})"));
        }
        println!("{row}");
    }
}

fn grid(runs: usize, only: Option<usize>) {
    println!(
        "| leads | CV | cycles | scenario | years | any flag or alarm | planted at 1st review | planted flagged | planted flagged or alarmed | a normal lead flagged or alarmed | any review flag | any alarm |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    let scenarios: [(&str, Option<Plant>); 4] = [
        ("null", None),
        (
            "2.5× throughout",
            Some(Plant {
                multiple: 2.5,
                reports: 8,
                from_year_start: false,
            }),
        ),
        (
            "0.4× throughout",
            Some(Plant {
                multiple: 0.4,
                reports: 8,
                from_year_start: false,
            }),
        ),
        (
            "2.5× from the year's start",
            Some(Plant {
                multiple: 2.5,
                reports: 8,
                from_year_start: true,
            }),
        ),
    ];
    for leads in [5, 20, 100] {
        if only.is_some_and(|only| only != leads) {
            continue;
        }
        for cv in [0.0, 0.2] {
            for cycles in [false, true] {
                for (name, plant) in scenarios {
                    let spec = YearSpec::new(leads, cv, cycles, plant);
                    let rates = simulate_years(&spec, runs);
                    println!(
                        "| {leads} | {cv} | {} | {name} | {} | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% |",
                        if cycles { "2 a year" } else { "none" },
                        rates.runs,
                        rates.any * 100.0,
                        rates.planted_first_review * 100.0,
                        rates.planted_flagged * 100.0,
                        rates.planted_flagged_or_alarmed * 100.0,
                        rates.normal_flagged * 100.0,
                        rates.review_flag * 100.0,
                        rates.alarm * 100.0,
                    );
                }
            }
        }
    }
    let spec = YearSpec::new(20, 0.35, false, None);
    let rates = simulate_years(&spec, runs);
    println!(
        "\nCV 0.35, 20 leads: a lead with a true ratio within 0.8–1.25 flagged or alarmed in {:.1}% of {} years (any flag or alarm: {:.1}%).",
        rates.near_one_flagged * 100.0,
        rates.runs,
        rates.any * 100.0
    );
}

fn main() {
    let runs: usize = std::env::var("LADDER_BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(400);
    let started = Instant::now();
    if std::env::args().any(|arg| arg == "thresholds") {
        thresholds(runs.max(1000), 0.0125);
    } else {
        // A number picks one column of leads, for a quicker look.
        let only = std::env::args().skip(1).find_map(|arg| arg.parse().ok());
        grid(runs, only);
    }
    println!("\n({:.1} s)", started.elapsed().as_secs_f64());
}
