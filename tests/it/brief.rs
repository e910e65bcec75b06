use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wfsim::report::brief::{COMPARISON_SECTION, SECTIONS};
use wfsim::report::render_run_brief;

use crate::support::small_rollout;

fn brief_files() -> Vec<(String, Vec<u8>)> {
    let (scenario, run) = small_rollout();
    render_run_brief(scenario, run, None).unwrap()
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

#[test]
fn with_a_reversal_the_brief_shows_its_window_cost_and_ranked_levers_in_section_3() {
    let (scenario, run) = small_rollout();
    let reversal = wfsim::report::brief::ReversibilityInputs {
        baseline_csat: 0.851,
        detection_weeks: 5.0,
        recovery_weeks: 26.0,
        round_trip_cost: 1_500_000.0,
        point_of_no_return_fte: None,
        window_weeks: 12.0,
        reversal_week: None,
        levers: vec![
            ("alumni pool".into(), 4.0),
            ("retained trainers".into(), 7.5),
        ],
    };
    let files = render_run_brief(scenario, run, Some(&reversal)).unwrap();
    assert!(files.iter().any(|(n, _)| n == "plots/levers.png"));
    let md = file(&files, "brief.md");
    let section_3 = &md[md.find(SECTIONS[2]).unwrap()..md.find(SECTIONS[3]).unwrap()];
    assert!(
        section_3.contains("| weeks to recover after reversing | 26.0 |"),
        "{section_3}"
    );
    assert!(section_3
        .contains("| point of no return: largest cut recovering within 12 weeks | not searched |"));
    assert!(section_3.contains("(plots/levers.png)"));
    // Ranked: the lever saving more weeks comes first.
    assert!(section_3.find("retained trainers").unwrap() < section_3.find("alumni pool").unwrap());
    assert!(!md.contains("No reversal in this scenario"));
}
