//! `ladder render`: a static site that works opened from disk. Every page is checked for what a
//! browser would stumble on (links to nothing, pictures without text, scripts, the network); a
//! headless Chromium then opens the pages at desktop and phone widths, fails on a console error,
//! and keeps the screenshots in target/screenshots/ to look at. Chromium is required under CI
//! (`.ci/run` installs it) and skipped, with a note, elsewhere when it is missing.

mod support;

use std::path::{Path, PathBuf};

use support::{Repo, copy_dir, fixtures, ladder_stdout as ladder};

fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "html") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The values of every `name="…"` attribute in a page.
fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

fn check_site(site: &Path) -> Vec<PathBuf> {
    let pages = pages(site);
    assert!(!pages.is_empty());
    for page in &pages {
        let html = std::fs::read_to_string(page).expect("page");
        let name = page.display();
        assert!(html.starts_with("<!doctype html>"), "{name}");
        assert!(html.contains("<html lang=\"en\">"), "{name}");
        assert!(html.contains("<meta name=\"viewport\""), "{name}");
        assert_eq!(html.matches("<h1>").count(), 1, "{name}: one h1");
        assert!(!html.contains("<script"), "{name}: no script");
        for link in attributes(&html, "href")
            .into_iter()
            .chain(attributes(&html, "src"))
        {
            assert!(!link.contains("://"), "{name}: {link} reaches the network");
            let file = link.split('#').next().unwrap_or(link);
            let target = page.parent().expect("folder").join(file);
            assert!(target.exists(), "{name}: {link} leads nowhere");
        }
        assert_eq!(
            html.matches("<img").count(),
            html.matches("<img alt=\"").count(),
            "{name}: an image without alt text"
        );
        let svgs = html.matches("<svg").count();
        assert_eq!(
            svgs,
            html.matches("role=\"img\" aria-labelledby=\"").count(),
            "{name}: a chart without a text alternative"
        );
    }
    pages
}

fn demo_site(flags: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("temp");
    ladder(temp.path(), &["init", "--demo"]);
    let demo = temp.path().join("ladder-demo");
    let mut args = vec!["render", "--out", "site"];
    args.extend(flags);
    let said = ladder(&demo, &args);
    assert!(said.contains("pages into site/"), "{said}");
    (temp, demo.join("site"))
}

#[test]
fn the_demo_renders_a_site_that_works_from_disk() {
    let (_temp, site) = demo_site(&["--people", "--pace"]);
    let pages = check_site(&site);
    // Two tracks, their level-to-level comparisons, the shared grades and a page a teammate.
    assert!(pages.iter().any(|page| page.ends_with("track-maker.html")));
    assert!(
        pages
            .iter()
            .any(|page| page.ends_with("compare-maker-3-4.html"))
    );
    assert!(pages.iter().any(|page| page.ends_with("grade-4.html")));
    assert!(
        pages
            .iter()
            .any(|page| page.ends_with("people/leo-martins.html"))
    );
    let index = std::fs::read_to_string(site.join("index.html")).expect("index");
    assert!(index.contains("Pace at the latest review"), "the funnel");
    assert!(index.contains("flagged"), "the funnel names the flag");
}

#[test]
fn without_people_the_site_names_no_one_and_pace_only_when_asked() {
    let (temp, site) = demo_site(&[]);
    let demo = temp.path().join("ladder-demo");
    assert!(site.join("index.html").exists());
    assert!(
        !site.join("people").exists(),
        "no people pages unless asked for"
    );
    let index = std::fs::read_to_string(site.join("index.html")).expect("index");
    assert!(
        !index.contains("Pace at the latest review"),
        "pace unless asked"
    );
    // Every teammate's id and name, read from the placements, appears on no page.
    let mut people = Vec::new();
    for team in std::fs::read_dir(demo.join("ladders/people")).expect("people") {
        for file in std::fs::read_dir(team.expect("team").path()).expect("team") {
            let path = file.expect("file").path();
            let text = std::fs::read_to_string(&path).expect("placement");
            let name = text
                .lines()
                .find_map(|line| line.strip_prefix("name: "))
                .expect("name")
                .to_string();
            let id = path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .to_string();
            people.push((id, name));
        }
    }
    assert!(people.len() > 40, "{}", people.len());
    let render = |flags: &[&str], out: &str| {
        let mut args = vec!["render", "--out", out];
        args.extend(flags);
        ladder(&demo, &args);
        demo.join(out)
    };
    let paced = render(&["--pace"], "paced");
    let funnel = std::fs::read_to_string(paced.join("index.html")).expect("index");
    assert!(funnel.contains("Pace at the latest review"), "the funnel");
    assert!(funnel.contains("<title>lead 1: "), "leads numbered");
    for dir in [&site, &paced] {
        for page in std::fs::read_dir(dir).expect("site") {
            let path = page.expect("page").path();
            if path.extension().is_none_or(|ext| ext != "html") {
                continue;
            }
            let html = std::fs::read_to_string(&path).expect("html");
            for (id, name) in &people {
                assert!(
                    !html.contains(id.as_str()) && !html.contains(name.as_str()),
                    "{} names {id}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn the_pages_read_as_expected() {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.commit("The org");
    ladder(
        repo.path(),
        &["render", "--out", "site", "--as-of", "2026-03-01"],
    );
    let site = repo.path().join("site");
    check_site(&site);
    for page in ["index.html", "track-maker.html", "compare-maker-1-2.html"] {
        let html = std::fs::read_to_string(site.join(page)).expect("page");
        insta::assert_snapshot!(page, html);
    }
}

/// Whether `git status` would list anything, untracked files included.
fn clean(repo: &Repo) -> bool {
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true).recurse_untracked_dirs(true);
    repo.repo
        .statuses(Some(&mut options))
        .expect("status")
        .is_empty()
}

#[test]
fn the_site_goes_outside_the_work_tree_unless_told_and_says_where() {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.commit("The org");
    let said = ladder(repo.path(), &["render"]);
    let site = repo.repo.path().join("ladder/site");
    assert_eq!(
        said,
        format!(
            "wrote 6 pages into {}/: open {}/index.html\n",
            site.display(),
            site.display()
        )
    );
    check_site(&site);
    assert!(clean(&repo), "render left the repository dirty");
    // Asked for a folder in the work tree that git does not ignore: written, and said.
    let said = ladder(repo.path(), &["render", "--out", "site"]);
    assert_eq!(
        said,
        "wrote 6 pages into site/: open site/index.html\nnote: site/ is inside the repository and git does not ignore it, so `git status` lists it: add `site/` to .gitignore, or leave out --out to write outside the work tree\n"
    );
    repo.write(".gitignore", "site/\n");
    repo.commit("Keep the site out of git");
    let said = ladder(repo.path(), &["render", "--out", "site"]);
    assert_eq!(said, "wrote 6 pages into site/: open site/index.html\n");
    assert!(clean(&repo));
}

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let output = std::process::Command::new("which")
                .arg(name)
                .output()
                .ok()?;
            output
                .status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
        })
}

#[test]
fn a_headless_browser_opens_the_pages_at_desktop_and_phone_widths() {
    let Some(browser) = chromium() else {
        // Under CI the browser test must run, unless .ci/run said it could not install Chromium.
        assert!(
            std::env::var_os("CI").is_none()
                || std::env::var("LADDER_BROWSER").is_ok_and(|value| value == "missing"),
            "CI runs the browser test: .ci/run installs chromium"
        );
        // Outside CI a laptop without Chromium still runs every other check of the site.
        return;
    };
    let (_temp, site) = demo_site(&["--people", "--pace"]);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target")
        .join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshots");
    let profile = tempfile::tempdir().expect("profile");
    for page in [
        "index.html",
        "factors.html",
        "track-maker.html",
        "compare-maker-3-4.html",
        "people/leo-martins.html",
    ] {
        for (width, height, name) in [(1280, 900, "desktop"), (390, 844, "phone")] {
            let shot = shots.join(format!(
                "{}-{name}.png",
                page.trim_end_matches(".html").replace('/', "-")
            ));
            let _ = std::fs::remove_file(&shot);
            let output = std::process::Command::new(&browser)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                    "--enable-logging=stderr",
                    "--v=0",
                    &format!("--user-data-dir={}", profile.path().display()),
                    &format!("--window-size={width},{height}"),
                    &format!("--screenshot={}", shot.display()),
                ])
                .arg(format!("file://{}", site.join(page).display()))
                .output()
                .expect("chromium");
            let log = String::from_utf8_lossy(&output.stderr);
            for line in log.lines() {
                assert!(
                    !(line.contains("CONSOLE")
                        || line.contains("Uncaught")
                        || line.contains("Failed to load resource")),
                    "{page} at {name}: {line}"
                );
            }
            let size = std::fs::metadata(&shot).map(|meta| meta.len()).unwrap_or(0);
            assert!(
                size > 5_000,
                "{page} at {name}: no screenshot ({size} bytes)\n{log}"
            );
        }
    }
}

/// A framework of milestones renders its factors: a page with each factor's description and
/// scale, linked from the index, and each level's required milestone by name.
#[test]
fn the_factors_and_their_scales_are_on_the_site() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let render = |folder: &str| {
        let mut repo = Repo::new();
        copy_dir(&root.join(folder), &repo.ladders());
        repo.commit("The framework");
        ladder(repo.path(), &["render", "--out", "site"]);
        let site = repo.path().join("site");
        check_site(&site);
        let read = |page: &str| std::fs::read_to_string(site.join(page)).expect(page);
        (read("index.html"), read("factors.html"), repo)
    };
    let (index, factors, _repo) = render("examples/snowflake/ladders");
    assert!(
        index.contains("<li><a href=\"factors.html#factor-mobile\">Mobile</a> <span class=\"muted\">(5 milestones)</span></li>"),
        "{index}"
    );
    assert!(factors.contains("<h2 id=\"factor-mobile\">Mobile</h2>\n<p class=\"muted\">Category — Category A</p>\n<p>Expertise in native mobile engineering.</p>"), "{factors}");
    assert!(
        factors.contains("<li>Works well within what exists for native mobile engineering.</li>"),
        "{factors}"
    );
    let (_, factors, repo) = render("examples/engineering-ladders/ladders");
    assert!(
        factors.contains("<li><strong>Evangelizes</strong> — Brings promising tools to the team, tries them out first and helps others take them up.<ul><li>Writes a small prototype"),
        "{factors}"
    );
    let track =
        std::fs::read_to_string(repo.path().join("site/track-developer.html")).expect("track");
    assert!(
        track.contains("<dt>Technology</dt><dd><p>Milestone 3 of 5 (Evangelizes)</p></dd>"),
        "{track}"
    );
    assert!(
        track
            .contains("<dt>Influence</dt><dd><p>Milestone 5 of 5 (Community)</p><p>Speaks, writes"),
        "{track}"
    );
    let compare = std::fs::read_to_string(repo.path().join("site/compare-developer-3-4.html"))
        .expect("compare");
    assert!(compare.contains("Milestone <del>2</del>"), "{compare}");
    // With people, each teammate's assessment stands beside what their level requires.
    ladder(repo.path(), &["render", "--out", "people-site", "--people"]);
    check_site(&repo.path().join("people-site"));
    let noor = std::fs::read_to_string(repo.path().join("people-site/people/noor-haddad.html"))
        .expect("person");
    assert!(
        noor.contains("<tr><th scope=\"row\">Influence</th><td>not assessed yet</td><td>milestone 1 of 5 (Subsystem)</td></tr>"),
        "{noor}"
    );
}
