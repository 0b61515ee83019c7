//! The pace test's ground truth (docs/pace.md): simulated years of use, one pull-request check
//! per move plus four reviews, over the full grid of leads, spread and calibration cycles, with
//! fixed seeds. `cargo bench --bench pace` prints the table; `cargo bench --bench pace --
//! thresholds` simulates null years to calibrate the live alarm's thresholds.
//! Each cell is printed as its goal's target, the method, the oracle (the test that knows each
//! lead's true reference rate and the true spread, `synth::oracle_years`) and the method's
//! distance to it in points. `-- 20 cv=0.2 turning no-cycles` picks cells. LADDER_BENCH_RUNS
//! sets the years per cell (default 200).

#![expect(clippy::print_stdout, reason = "a benchmark reports its figures")]

use std::time::Instant;

#[path = "../tests/support/synth.rs"]
mod synth;

use synth::{Plant, YearSpec, null_alarm_maxima, oracle_years, simulate_years};

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

/// What a cell is judged on, its target, and the method's and the oracle's figures.
struct Goal {
    what: &'static str,
    /// `Some((bound, at_most))`: the share must be at most (or at least) the bound.
    target: Option<(f64, bool)>,
    method: f64,
    oracle: f64,
}

impl Goal {
    /// Met; or, where the oracle itself misses the target, within 3 points of the oracle.
    fn verdict(&self) -> &'static str {
        let Some((bound, at_most)) = self.target else {
            return "no target";
        };
        let meets = |share: f64| {
            if at_most {
                share <= bound + 1e-9
            } else {
                share >= bound - 1e-9
            }
        };
        let behind = if at_most {
            self.method - self.oracle
        } else {
            self.oracle - self.method
        };
        if meets(self.method) {
            "met"
        } else if !meets(self.oracle) && behind <= 0.03 + 1e-9 {
            "within 3 points of the oracle"
        } else {
            "missed"
        }
    }
}

struct Filter {
    leads: Option<usize>,
    cv: Option<f64>,
    scenario: Option<String>,
    cycles: Option<bool>,
    /// Years of history before the year of use (2 unless `history=N`).
    history: i64,
}

impl Filter {
    /// `-- 20` picks the leads, `cv=0.2` the spread, `null|faster|slower|turning` the
    /// scenario, `cycles` or `no-cycles` the calendar, `history=6`
    /// the years of history before the year of use: a cell at a time while developing.
    fn from_args() -> Filter {
        let args: Vec<String> = std::env::args().skip(1).collect();
        Filter {
            leads: args.iter().find_map(|arg| arg.parse().ok()),
            cv: args
                .iter()
                .find_map(|arg| arg.strip_prefix("cv=").and_then(|cv| cv.parse().ok())),
            scenario: args
                .iter()
                .find(|arg| ["null", "faster", "slower", "turning"].contains(&arg.as_str()))
                .cloned(),
            cycles: args.iter().find_map(|arg| match arg.as_str() {
                "cycles" => Some(true),
                "no-cycles" => Some(false),
                _ => None,
            }),
            history: args
                .iter()
                .find_map(|arg| arg.strip_prefix("history=").and_then(|y| y.parse().ok()))
                .unwrap_or(2),
        }
    }
}

fn grid(runs: usize, filter: &Filter) {
    println!(
        "{} years of history before the year of use.\n",
        filter.history
    );
    println!(
        "| leads | CV | cycles | scenario | goal | target | method | oracle | distance | verdict |"
    );
    println!("|---|---|---|---|---|---|---:|---:|---:|---|");
    let scenarios: [(&str, &str, Option<Plant>); 4] = [
        ("null", "null", None),
        (
            "faster",
            "2.5× throughout",
            Some(Plant {
                multiple: 2.5,
                reports: 8,
                from_year_start: false,
            }),
        ),
        (
            "slower",
            "0.4× throughout",
            Some(Plant {
                multiple: 0.4,
                reports: 8,
                from_year_start: false,
            }),
        ),
        (
            "turning",
            "2.5× from the year's start",
            Some(Plant {
                multiple: 2.5,
                reports: 8,
                from_year_start: true,
            }),
        ),
    ];
    let mut verdicts: Vec<&'static str> = Vec::new();
    for leads in [5, 20, 100] {
        if filter.leads.is_some_and(|only| only != leads) {
            continue;
        }
        for cv in [0.0, 0.2, 0.35] {
            if filter.cv.is_some_and(|only| (only - cv).abs() > 1e-9) {
                continue;
            }
            for cycles in [false, true] {
                if filter.cycles.is_some_and(|only| only != cycles) {
                    continue;
                }
                for (key, name, plant) in scenarios {
                    if filter.scenario.as_ref().is_some_and(|only| only != key) {
                        continue;
                    }
                    let spec = YearSpec {
                        history_years: filter.history,
                        ..YearSpec::new(leads, cv, cycles, plant)
                    };
                    let method = simulate_years(&spec, runs);
                    let oracle = oracle_years(&spec, runs);
                    let goals: Vec<Goal> = match key {
                        "null" if cv > 0.3 => vec![Goal {
                            what: "a lead within 0.8–1.25 of the rest flagged or alarmed",
                            target: Some((0.05, true)),
                            method: method.near_one_flagged,
                            oracle: oracle.near_one_flagged,
                        }],
                        "null" => vec![Goal {
                            what: "any flag or alarm",
                            target: Some((0.05, true)),
                            method: method.any,
                            oracle: oracle.any,
                        }],
                        "faster" => vec![
                            Goal {
                                what: "flagged at the first review",
                                target: Some((0.98, false)),
                                method: method.planted_first_review,
                                oracle: oracle.planted_first_review,
                            },
                            // With CV 0.35 a normal lead may truly be twice the rest's
                            // pace: as in the null, only those near the rest count.
                            if cv > 0.3 {
                                Goal {
                                    what: "a lead within 0.8–1.25 of the rest flagged or alarmed",
                                    target: Some((0.07, true)),
                                    method: method.near_one_flagged,
                                    oracle: oracle.near_one_flagged,
                                }
                            } else {
                                Goal {
                                    what: "a normal lead flagged or alarmed",
                                    target: Some((0.07, true)),
                                    method: method.normal_flagged,
                                    oracle: oracle.normal_flagged,
                                }
                            },
                        ],
                        "slower" => vec![Goal {
                            what: "flagged or alarmed within the year",
                            target: match leads {
                                20 => Some((0.60, false)),
                                100 => Some((0.45, false)),
                                _ => None,
                            },
                            method: method.planted_flagged_or_alarmed,
                            oracle: oracle.planted_flagged,
                        }],
                        _ => vec![Goal {
                            what: "flagged or alarmed within the year",
                            target: Some((0.75, false)),
                            method: method.planted_flagged_or_alarmed,
                            oracle: oracle.planted_flagged,
                        }],
                    };
                    for goal in goals {
                        let target = match goal.target {
                            Some((bound, true)) => format!("≤ {:.0}%", bound * 100.0),
                            Some((bound, false)) => format!("≥ {:.0}%", bound * 100.0),
                            None => "—".to_string(),
                        };
                        let verdict = goal.verdict();
                        verdicts.push(verdict);
                        println!(
                            "| {leads} | {cv} | {} | {name} | {} | {target} | {:.1}% | {:.1}% | {:+.1} | {verdict} |",
                            if cycles { "2 a year" } else { "none" },
                            goal.what,
                            goal.method * 100.0,
                            goal.oracle * 100.0,
                            (goal.method - goal.oracle) * 100.0,
                        );
                    }
                    if key == "turning" {
                        let months =
                            |m: Option<f64>| m.map_or("—".to_string(), |m| format!("{m:.1}"));
                        println!(
                            "| {leads} | {cv} | {} | {name} | median months from onset to flag or alarm | | {} | {} | | |",
                            if cycles { "2 a year" } else { "none" },
                            months(method.months_to_flag),
                            months(oracle.months_to_flag),
                        );
                    }
                }
            }
        }
    }
    let count = |what: &str| verdicts.iter().filter(|v| **v == what).count();
    println!(
        "\n{} goals: {} met, {} within 3 points of the oracle, {} missed ({runs} years a cell; the oracle's threshold fitted on {} other null years).",
        verdicts.len() - count("no target"),
        count("met"),
        count("within 3 points of the oracle"),
        count("missed"),
        runs.max(synth::ORACLE_FIT_YEARS),
    );
}

fn main() {
    let runs: usize = std::env::var("LADDER_BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(200);
    let started = Instant::now();
    if std::env::args().any(|arg| arg == "thresholds") {
        thresholds(runs.max(1000), 0.0125);
    } else {
        grid(runs, &Filter::from_args());
    }
    println!("\n({:.1} s)", started.elapsed().as_secs_f64());
}
