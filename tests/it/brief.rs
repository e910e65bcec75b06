use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wfsim::report::brief::{COMPARISON_SECTION, SECTIONS};
use wfsim::report::render_run_brief;

use wfsim::analysis::{reversibility, RunFindings};

use crate::support::{parse, small_rollout, DEGENERATE_REVERSAL};

fn brief_files() -> Vec<(String, Vec<u8>)> {
    let (scenario, run) = small_rollout();
    render_run_brief(scenario, run, &RunFindings::of(scenario, run), None).unwrap()
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
    let bytes = &files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} not rendered"))
        .1;
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn the_brief_has_every_section_in_order_in_both_formats() {
    let files = brief_files();
    for name in ["brief.md", "brief.html"] {
        let text = file(&files, name);
        let mut from = 0;
        for section in SECTIONS {
            let at = text[from..]
                .find(section)
                .unwrap_or_else(|| panic!("{name}: section {section:?} missing or out of order"));
            from += at + section.len();
        }
        assert!(
            !text.contains(COMPARISON_SECTION),
            "{name}: a run has no comparison"
        );
    }
    let md = file(&files, "brief.md");
    // Every figure is linked from the Markdown and embedded in the HTML.
    for figure in ["csat", "service", "contacts", "cost", "headcount"] {
        assert!(
            md.contains(&format!("(plots/{figure}.png)")),
            "{figure} not linked"
        );
        assert!(files
            .iter()
            .any(|(n, _)| n == &format!("plots/{figure}.png")));
        assert!(files
            .iter()
            .any(|(n, _)| n == &format!("plots/{figure}.svg")));
    }
    let html = file(&files, "brief.html");
    assert_eq!(html.matches("src=\"data:image/png;base64,").count(), 5);
    // Self-contained: nothing fetched from elsewhere.
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[test]
fn the_brief_tests_the_four_claims_and_says_where_the_csat_claim_fails() {
    let md = file(&brief_files(), "brief.md").to_string();
    for claim in [
        "The AI handles at least 60% of contacts",
        "The AI does the work of",
        "CSAT is unchanged",
        "Cost per contact is down",
    ] {
        assert!(md.contains(claim), "claim {claim:?} missing");
    }
    // CSAT falls about 7 points when the AI and the cut arrive: the claim fails
    // in every quarter in every replication; the AI-share claim (rounded down
    // from the first month) holds throughout.
    let row = |start: &str| {
        md.lines()
            .find(|l| l.starts_with(&format!("| {start}")))
            .unwrap()
            .to_string()
    };
    assert!(
        row("CSAT is unchanged").ends_with("| 0% | 0% | 0% | 0% |"),
        "{}",
        row("CSAT")
    );
    assert!(row("The AI handles").ends_with("| 100% | 100% | 100% | 100% |"));
    assert!(md.contains("No reversal in this scenario; run `wfsim reversibility`"));
}

/// The Chromium binary: `WFSIM_CHROMIUM`, else `chromium`, `chromium-browser`
/// or `google-chrome` on the PATH.
fn find_browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("WFSIM_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Loads `page` in headless Chromium and returns the DOM after load.
fn dump_dom(browser: &Path, page: &Path, profile: &Path) -> String {
    // The DOM goes to a file: it holds the inline images (hundreds of KB),
    // more than a pipe buffers while we wait for the browser to exit.
    let dom_file = profile.with_extension("dom.html");
    let stdout = std::fs::File::create(&dom_file).expect("create the DOM file");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::from(stdout))
        .stderr(Stdio::null())
        .spawn()
        .expect("start the browser");
    let started = Instant::now();
    loop {
        match child.try_wait().unwrap() {
            Some(_) => break,
            None if started.elapsed() > Duration::from_secs(90) => {
                let _ = child.kill();
                panic!("the browser did not finish within 90 s");
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    String::from_utf8_lossy(&std::fs::read(&dom_file).unwrap_or_default()).into_owned()
}

/// Reads `name="value"` from the `<body>` tag of a dumped DOM.
fn body_attribute(dom: &str, name: &str) -> String {
    let body = dom.find("<body").map(|i| &dom[i..]).unwrap_or("");
    let body = &body[..body.find('>').unwrap_or(0)];
    let key = format!("{name}=\"");
    body.find(&key)
        .map(|i| {
            let rest = &body[i + key.len()..];
            rest[..rest.find('"').unwrap_or(0)].to_string()
        })
        .unwrap_or_default()
}

#[test]
fn the_brief_renders_every_section_and_plot_in_a_headless_browser() {
    let Some(browser) = find_browser() else {
        println!("skipping: no Chromium found (install Debian's `chromium`, or set WFSIM_CHROMIUM to a Chromium binary); .ci/run installs it");
        return;
    };
    let dir = std::env::temp_dir().join(format!("wfsim-brief-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // The test, not the product, adds a probe that records after load how
    // many images decoded, their widths, and which section headings have a
    // rendered box.
    let probe = r#"<script>window.addEventListener("load", () => {
  const images = [...document.images];
  const b = document.body;
  b.setAttribute("data-images", images.length);
  b.setAttribute("data-decoded", images.filter(i => i.complete && i.naturalWidth > 0).length);
  b.setAttribute("data-widths", images.map(i => i.naturalWidth).join(","));
  b.setAttribute("data-headings", [...document.querySelectorAll("h2")].filter(h => h.offsetHeight > 0).map(h => h.textContent).join("|"));
});</script></body>"#;
    let html = file(&brief_files(), "brief.html").replace("</body>", probe);
    let page = dir.join("brief.html");
    std::fs::write(&page, html).unwrap();
    let dom = dump_dom(&browser, &page, &dir.join("profile"));
    assert!(
        dom.contains("<body"),
        "the browser returned no DOM: {dom:.200}"
    );
    assert_eq!(
        body_attribute(&dom, "data-images"),
        "5",
        "images in the page"
    );
    assert_eq!(
        body_attribute(&dom, "data-decoded"),
        "5",
        "images that decoded"
    );
    let widths = body_attribute(&dom, "data-widths");
    assert!(
        widths.split(',').all(|w| w == "960"),
        "image widths {widths}"
    );
    let headings = body_attribute(&dom, "data-headings");
    let rendered: Vec<&str> = headings.split('|').collect();
    assert_eq!(rendered, SECTIONS, "section headings rendered");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Section 3 of a brief in Markdown.
fn section_3(md: &str) -> &str {
    &md[md.find(SECTIONS[2]).unwrap()..md.find(SECTIONS[3]).unwrap()]
}

/// The number right after `before` in `text`.
fn number_after(text: &str, before: &str) -> f64 {
    let at = text
        .find(before)
        .unwrap_or_else(|| panic!("{before:?} not in {text}"))
        + before.len();
    let digits: String = text[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number after {before:?} in {text}"))
}

/// `wfsim reversibility` of the degenerate reversal (3 replications, a
/// 4-week window): section 3 opens with the sentence for the sponsor, built
/// from the figures, and shows the three reversibility charts.
#[test]
fn the_degenerate_reversal_brief_says_the_point_of_no_return_recovery_and_lever_in_one_sentence() {
    let dir = std::env::temp_dir().join(format!("wfsim-brief-rv-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("degenerate.toml");
    std::fs::write(&scenario, DEGENERATE_REVERSAL).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wfsim"))
        .args([
            "reversibility",
            "--quiet",
            "--replications",
            "3",
            "--window-weeks",
            "4",
            "--out",
        ])
        .arg(dir.join("out"))
        .arg(&scenario)
        .output()
        .expect("wfsim runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(dir.join("out/brief.md")).unwrap();
    let section = section_3(&md);
    let sentence = section
        .lines()
        .find(|l| l.starts_with("Cutting up to "))
        .unwrap_or_else(|| panic!("no sentence for the sponsor in {section}"));
    // Every replication's threshold lies in [10, 11).
    let ponr = number_after(sentence, "Cutting up to ");
    assert!((10.0..11.0).contains(&ponr), "{sentence}");
    assert!(
        sentence.contains("FTE (95% bootstrap interval ")
            && sentence.contains(
                "still recovered within 4 weeks of the reversal in at least 80% of 3 replications"
            ),
        "{sentence}"
    );
    // A cut of 15 takes 5 weeks to recover from, more than the window.
    assert!(
        sentence.contains("the planned cut of 15 FTE did so in 0%"),
        "{sentence}"
    );
    // Hired 3 weeks after the rehire and trained 2: 5 weeks, every time.
    assert!(
        sentence.contains(
            "recovery took a median of 5 weeks after the reversal (all 3 recovered, none censored)"
        ),
        "{sentence}"
    );
    // Hiring 25 % faster rounds 3 weeks to 2: one week sooner, every time.
    assert!(
        sentence.contains("the surest lever is recruiting capacity (1.0 weeks sooner [1.0, 1.0]; "),
        "{sentence}"
    );
    assert!(
        section.contains("| recruiting capacity | 1.0 [1.0, 1.0] | "),
        "{section}"
    );
    assert!(
        section.contains("| weeks to recover after reversing | median 5; mean 5.0 [5.0, 5.0] "),
        "{section}"
    );
    // The three figures of section 3, besides the dip and recovery, are
    // written as PNG and SVG, linked from the Markdown and inline in the HTML.
    let html = std::fs::read_to_string(dir.join("out/brief.html")).unwrap();
    for figure in ["recovery", "recovery-probability", "recovery-km", "levers"] {
        for ext in ["png", "svg"] {
            let path = dir.join(format!("out/plots/{figure}.{ext}"));
            assert!(path.exists(), "{} missing", path.display());
        }
        assert!(
            section.contains(&format!("(plots/{figure}.png)")),
            "{figure} not in section 3"
        );
    }
    assert_eq!(html.matches("src=\"data:image/png;base64,").count(), 9);
    // The recovery chart draws the counterfactual week by week; the KM chart
    // gives the censored count; the lever chart its intervals.
    let svg =
        |name: &str| std::fs::read_to_string(dir.join(format!("out/plots/{name}.svg"))).unwrap();
    assert!(svg("recovery").contains("without the"));
    assert!(svg("recovery-km").contains("recovered: 3 of 3, none"));
    assert!(svg("levers").contains("1.00 [1.00, 1.00]"));
    assert!(svg("recovery-probability").contains("confidence asked: 80%"));
    std::fs::remove_dir_all(&dir).ok();
}

/// The base run and a reversibility analysis of the degenerate reversal with
/// `replications`, rendered into the brief's section 3.
fn degenerate_section_3(text: &str, replications: u32, search: bool, levers: bool) -> String {
    let mut s = parse(text);
    s.replications = replications;
    let options = reversibility::Options {
        window_weeks: 4,
        search_point_of_no_return: search,
        levers,
        confidence: 0.8,
    };
    let r = reversibility::analyse(&s, &options, &|_| {}).expect("analysis runs");
    let run = wfsim::analysis::run_detailed(&s, None, &|| {}).unwrap();
    let files = render_run_brief(&s, &run, &RunFindings::of(&s, &run), Some(&r)).unwrap();
    section_3(file(&files, "brief.md")).to_string()
}

#[test]
fn with_two_replications_the_brief_says_there_is_no_interval() {
    let section = degenerate_section_3(DEGENERATE_REVERSAL, 2, true, true);
    assert!(
        section.contains("FTE (no interval with fewer than 3 replications) still recovered"),
        "{section}"
    );
    assert!(
        section.contains(
            "no interval with fewer than 3 replications, so no lever can be told apart from none"
        ),
        "{section}"
    );
    assert!(
        section.contains("Note: 2 replications: no interval"),
        "{section}"
    );
}

#[test]
fn without_search_levers_or_reversal_the_brief_says_what_is_missing() {
    let section = degenerate_section_3(DEGENERATE_REVERSAL, 2, false, false);
    assert!(
        section.contains("The point of no return was not searched; recovery took a median of 5 weeks after the reversal (all 2 recovered, none censored); no lever was assessed."),
        "{section}"
    );
    assert!(
        !section.contains("plots/levers.png")
            && !section.contains("plots/recovery-probability.png")
    );
    assert!(section.contains("plots/recovery-km.png"));
    // The cut is never rehired: nothing to recover from.
    let never = &DEGENERATE_REVERSAL[..DEGENERATE_REVERSAL.rfind("[[decisions]]").unwrap()];
    let section = degenerate_section_3(never, 2, true, true);
    assert!(
        section.contains("None of the 2 replications reversed the change within the horizon"),
        "{section}"
    );
    assert!(!section.contains("plots/recovery-km.png"));
    assert!(section.contains("plots/recovery.png"));
}
