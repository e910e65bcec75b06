use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

use wfsim::analysis::{run_replication, ReplicationResult};

use crate::support::{assert_same_outputs, files_under, parse, temp_dir, EVERY_PATH};

const SCHEDULER_VARIABLES: [&str; 6] = [
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_MIN",
    "SLURM_ARRAY_TASK_STEP",
    "SLURM_ARRAY_TASK_COUNT",
    "JOB_COMPLETION_INDEX",
    "WFSIM_SHARD_COUNT",
];

/// The built binary, with no scheduler variables inherited from the machine
/// running the tests.
fn wfsim() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wfsim"));
    for variable in SCHEDULER_VARIABLES {
        command.env_remove(variable);
    }
    command
}

/// `wfsim merge INPUTS... --out OUT`, run to completion.
fn merge_into(inputs: &[&Path], out: &Path) -> Output {
    wfsim()
        .arg("merge")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// A fresh temporary folder `name` holding the every-path scenario as
/// `s.toml`: the folder (removed on drop) and the scenario's path.
fn every_path_in(name: &str) -> (TempDir, PathBuf) {
    let dir = temp_dir(name);
    let scenario = dir.path().join("s.toml");
    std::fs::write(&scenario, EVERY_PATH).unwrap();
    (dir, scenario)
}

fn assert_succeeded(output: &Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn assert_input_error(output: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in:\n{stderr}");
}

/// `wfsim run SCENARIO --replications 6 --quiet` plus `extra`.
fn run_args(scenario: &Path, extra: &[&str]) -> Vec<String> {
    [
        "run",
        scenario.to_str().unwrap(),
        "--replications",
        "6",
        "--quiet",
    ]
    .iter()
    .chain(extra)
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn four_shards_in_four_processes_merge_into_the_one_process_outputs_byte_for_byte() {
    let (tmp, scenario) = every_path_in("four");
    let dir = tmp.path();
    let (one, parts, merged) = (dir.join("one"), dir.join("parts"), dir.join("merged"));
    let parts_arg = parts.to_str().unwrap();

    assert_succeeded(
        &wfsim()
            .args(run_args(
                &scenario,
                &["--seed", "9", "--out", one.to_str().unwrap()],
            ))
            .output()
            .unwrap(),
    );

    // Six replications over four shards (2, 2, 1, 1), all four processes at
    // once, each naming its shard a different way: the flag, a Slurm array
    // task (numbered from 1 here) and a Kubernetes Indexed Job pod (from 0).
    let shard_args = |spec: &str| {
        run_args(
            &scenario,
            &["--seed", "9", "--shard", spec, "--out", parts_arg],
        )
    };
    let mut first = wfsim();
    first.args(shard_args("1/4"));
    let mut slurm = wfsim();
    slurm
        .args(shard_args("env"))
        .env("SLURM_ARRAY_TASK_ID", "2")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "4");
    let mut kubernetes = wfsim();
    kubernetes
        .args(shard_args("env"))
        .env("JOB_COMPLETION_INDEX", "2")
        .env("WFSIM_SHARD_COUNT", "4");
    let mut last = wfsim();
    last.args(shard_args("4/4"));
    let children: Vec<_> = [first, slurm, kubernetes, last]
        .iter_mut()
        .map(|c| c.stdout(std::process::Stdio::null()).spawn().unwrap())
        .collect();
    for child in children {
        assert_succeeded(&child.wait_with_output().unwrap());
    }
    let written: Vec<String> = files_under(&parts).into_keys().collect();
    assert_eq!(
        written,
        [1, 2, 3, 4].map(|k| format!("partial-{k}-of-4.json")),
        "each process wrote its own shard"
    );

    let output = wfsim()
        .args(["merge", parts_arg, "--quiet", "--out"])
        .arg(&merged)
        .output()
        .unwrap();
    assert_succeeded(&output);
    assert_same_outputs(&one, &merged, &["weekly.csv"], "run in four shards");
}

#[test]
fn merge_refuses_missing_duplicate_foreign_and_broken_partials_and_writes_nothing() {
    let (tmp, scenario) = every_path_in("refuse");
    let dir = tmp.path();
    let (a, b) = (dir.join("a"), dir.join("b"));
    for (out, spec, seed) in [(&a, "1/2", "9"), (&a, "2/2", "9"), (&b, "2/2", "10")] {
        let args = run_args(
            &scenario,
            &[
                "--seed",
                seed,
                "--shard",
                spec,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_succeeded(&wfsim().args(args).output().unwrap());
    }
    let out = dir.join("out");
    let merge = |inputs: &[&Path]| merge_into(inputs, &out);
    let first = a.join("partial-1-of-2.json");

    assert_input_error(
        &merge(&[&first]),
        "1 of 2 shards missing: --shard 2/2 (partial-2-of-2.json)",
    );
    assert_input_error(
        &merge(&[&first, &b.join("partial-2-of-2.json")]),
        "are not shards of the same run: input (scenario file, overrides or sweep grid) differs",
    );
    let copy = dir.join("partial-1-of-2.json");
    std::fs::copy(&first, &copy).unwrap();
    assert_input_error(&merge(&[&a, &copy]), "shard 1/2 appears twice");
    assert_input_error(&merge(&[&b]), "1 of 2 shards missing");
    assert_input_error(&merge(&[&dir.join("nowhere")]), "cannot read");
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert_input_error(&merge(&[&empty]), "no partial-*.json file");
    let broken = empty.join("partial-1-of-1.json");
    std::fs::write(&broken, "{\"header\": 3}").unwrap();
    assert_input_error(&merge(&[&broken]), "is not a wfsim partial result");
    // Edited files: a shard that lost a replication, a run claiming four
    // billion replications, a shard count beyond any array.
    let edited = |name: &str, edit: &dyn Fn(&mut serde_json::Value)| -> PathBuf {
        let mut partial: serde_json::Value =
            serde_json::from_slice(&std::fs::read(a.join(name)).unwrap()).unwrap();
        edit(&mut partial);
        let folder = dir.join(format!("edited-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join(name);
        std::fs::write(&path, serde_json::to_vec(&partial).unwrap()).unwrap();
        path
    };
    let lossy = edited("partial-2-of-2.json", &|p| {
        p["items"].as_array_mut().unwrap().pop();
    });
    assert_input_error(
        &merge(&[&first, &lossy]),
        "the partials hold 5 items where the run has 6",
    );
    let huge = |p: &mut serde_json::Value| p["header"]["total_items"] = 4_000_000_000u32.into();
    let huge_first = edited("partial-1-of-2.json", &huge);
    let huge_second = edited("partial-2-of-2.json", &huge);
    assert_input_error(
        &merge(&[&huge_first, &huge_second]),
        "where the run has 4000000000",
    );
    let many = edited("partial-1-of-2.json", &|p| {
        p["header"]["shard"]["count"] = 4_000_000_000u32.into();
    });
    assert_input_error(&merge(&[&many]), "is not K/N");
    assert!(!out.exists(), "a refused merge writes no output");

    assert_succeeded(&merge(&[&a]));
    assert!(out.join("summary.json").is_file());
}

#[test]
fn bad_shards_on_the_command_line_or_from_the_scheduler_exit_2_before_simulating() {
    let (tmp, scenario) = every_path_in("bad");
    let dir = tmp.path();
    let out = dir.join("out");
    let run = |spec: &str, env: &[(&str, &str)]| {
        let mut command = wfsim();
        command
            .args(run_args(&scenario, &["--shard", spec, "--out"]))
            .arg(&out)
            .envs(env.iter().copied());
        command.output().unwrap()
    };
    assert_input_error(&run("0/4", &[]), "shards count from 1");
    assert_input_error(&run("5/4", &[]), "K = 5 is more than N = 4");
    assert_input_error(&run("1-4", &[]), "expected K/N");
    assert_input_error(&run("env", &[]), "none of JOB_COMPLETION_INDEX");
    assert_input_error(
        &run("env", &[("JOB_COMPLETION_INDEX", "0")]),
        "set WFSIM_SHARD_COUNT",
    );
    assert_input_error(
        &run(
            "env",
            &[
                ("SLURM_ARRAY_TASK_ID", "7"),
                ("SLURM_ARRAY_TASK_COUNT", "4"),
            ],
        ),
        "does not fit 4 shards",
    );
    assert!(!out.exists(), "nothing was written");
}

#[test]
fn a_replication_result_reads_back_from_json_bit_for_bit() {
    let scenario = parse(EVERY_PATH);
    let result = run_replication(&scenario, 2);
    let json = serde_json::to_vec(&result).unwrap();
    let back: ReplicationResult = serde_json::from_slice(&json).unwrap();
    assert_eq!(back.replication, 2);
    assert_eq!(back.end, result.end);
    assert_eq!(back.weeks.len(), result.weeks.len());
    let bits = |r: &ReplicationResult| -> Vec<u64> {
        r.weeks.iter().flatten().map(|v| v.to_bits()).collect()
    };
    assert_eq!(bits(&back), bits(&result));
    // Some counters are fractional (seconds, money), so exactness is tested.
    assert!(result
        .weeks
        .iter()
        .flatten()
        .any(|v| v.fract() != 0.0 && v.to_string().len() > 15));
}

#[test]
fn a_week_with_another_number_of_counters_is_refused_by_name() {
    let scenario = parse(EVERY_PATH);
    let mut json = serde_json::to_value(run_replication(&scenario, 0)).unwrap();
    json["weeks"][1].as_array_mut().unwrap().push(0.0.into());
    let message = serde_json::from_value::<ReplicationResult>(json)
        .unwrap_err()
        .to_string();
    assert!(message.contains("week 1 has"), "{message}");
}

/// `wfsim sweep SCENARIO --set ... --quiet` plus `extra`.
fn sweep_args(scenario: &Path, sets: &[&str], extra: &[&str]) -> Vec<String> {
    let mut args = vec!["sweep".to_string(), scenario.to_str().unwrap().to_string()];
    for set in sets {
        args.extend(["--set".to_string(), set.to_string()]);
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// The item numbers in a partial file.
fn item_indices(partial: &Path) -> Vec<u64> {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(partial).unwrap()).unwrap();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["index"].as_u64().unwrap())
        .collect()
}

const SWEEP_GRID: [&str; 1] = ["staffing.schedule[1].fte=45,60,80"];

#[test]
fn a_sweep_in_three_shards_in_three_processes_merges_into_the_one_process_outputs_byte_for_byte() {
    let (tmp, scenario) = every_path_in("sweep-three");
    let dir = tmp.path();
    let (one, merged) = (dir.join("one"), dir.join("merged"));
    let options = ["--replications", "2", "--seed", "9"];
    let with = |extra: &[&str]| {
        let mut all = options.to_vec();
        all.extend_from_slice(extra);
        sweep_args(&scenario, &SWEEP_GRID, &all)
    };
    assert_succeeded(
        &wfsim()
            .args(with(&["--quiet", "--out", one.to_str().unwrap()]))
            .output()
            .unwrap(),
    );

    // 3 points x 2 replications = 6 items, numbered point-major; each shard
    // owns two of them, from two different points. Shard 2 comes from a
    // Slurm array task (numbered from 0 here), the others from the flag.
    let parts: Vec<PathBuf> = (1..=3).map(|k| dir.join(format!("part{k}"))).collect();
    let first = wfsim()
        .args(with(&[
            "--shard",
            "1/3",
            "--out",
            parts[0].to_str().unwrap(),
        ]))
        .output()
        .unwrap();
    assert_succeeded(&first);
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(
        said.starts_with("every-path sweep shard 1/3: 2 of 6 items; wrote ")
            && said.contains("partial-1-of-3.json; when all 3 shards are done: wfsim merge "),
        "{said}"
    );
    assert_succeeded(
        &wfsim()
            .args(with(&[
                "--quiet",
                "--shard",
                "env",
                "--out",
                parts[1].to_str().unwrap(),
            ]))
            .env("SLURM_ARRAY_TASK_ID", "1")
            .env("SLURM_ARRAY_TASK_COUNT", "3")
            .output()
            .unwrap(),
    );
    assert_succeeded(
        &wfsim()
            .args(with(&[
                "--quiet",
                "--shard",
                "3/3",
                "--out",
                parts[2].to_str().unwrap(),
            ]))
            .output()
            .unwrap(),
    );
    for (k, part) in parts.iter().enumerate() {
        let name = format!("partial-{}-of-3.json", k + 1);
        assert_eq!(
            files_under(part).into_keys().collect::<Vec<_>>(),
            std::slice::from_ref(&name),
            "shard {} wrote only its partial",
            k + 1
        );
        let items = item_indices(&part.join(&name));
        // Items k and k + 3 of 2 replications a point: two different points.
        assert_eq!(items, [k as u64, k as u64 + 3], "round robin over 6 items");
    }

    let output = wfsim()
        .arg("merge")
        .args(&parts)
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    assert_succeeded(&output);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains("merged 3 shards (3 points, 6 replications in all)"),
        "{said}"
    );
    assert_same_outputs(&one, &merged, &["sweep.csv", "plots/"], "sweep in 3 shards");
}

#[test]
fn a_sweep_whose_points_have_different_replication_counts_merges_byte_for_byte() {
    // Sweeping `replications` itself gives points of 1, 1, 3 and 3
    // replications: 8 items, so a shard's items start mid-point.
    let (tmp, scenario) = every_path_in("sweep-uneven");
    let dir = tmp.path();
    let sets = ["replications=1,3", "staffing.schedule[1].fte=45,60"];
    let (one, parts, merged) = (dir.join("one"), dir.join("parts"), dir.join("merged"));
    let run = |extra: &[&str], out: &Path| {
        let mut args = sweep_args(&scenario, &sets, &["--quiet", "--out"]);
        args.push(out.to_str().unwrap().to_string());
        args.extend(extra.iter().map(|s| s.to_string()));
        assert_succeeded(&wfsim().args(args).output().unwrap());
    };
    run(&[], &one);
    for k in 1..=4 {
        run(&["--shard", &format!("{k}/4")], &parts);
    }
    assert_eq!(item_indices(&parts.join("partial-4-of-4.json")), [3, 7]);
    let output = wfsim()
        .arg("merge")
        .arg(&parts)
        .args(["--quiet", "--out"])
        .arg(&merged)
        .output()
        .unwrap();
    assert_succeeded(&output);
    assert_same_outputs(&one, &merged, &["sweep.csv", "plots/"], "sweep in 4 shards");
}

#[test]
fn merge_refuses_sweep_partials_mixed_with_a_run_of_another_grid_or_missing_a_shard() {
    let (tmp, scenario) = every_path_in("sweep-refuse");
    let dir = tmp.path();
    let shard = |command: &str, grid: &[&str], spec: &str, out: &Path| {
        let mut args = match command {
            "run" => run_args(&scenario, &[]),
            _ => sweep_args(&scenario, grid, &["--replications", "6", "--quiet"]),
        };
        args.extend(["--shard", spec, "--out", out.to_str().unwrap()].map(String::from));
        assert_succeeded(&wfsim().args(args).output().unwrap());
        out.join(format!("partial-{}.json", spec.replace('/', "-of-")))
    };
    let (sweeps, others) = (dir.join("sweeps"), dir.join("others"));
    let first = shard("sweep", &SWEEP_GRID, "1/3", &sweeps);
    let second = shard("sweep", &SWEEP_GRID, "2/3", &sweeps);
    // Same scenario, same number of shards; a run, then a grid of as many items.
    let run = shard("run", &[], "3/3", &others.join("run"));
    let other_grid = ["staffing.schedule[1].fte=45,60,90"];
    let grid = shard("sweep", &other_grid, "3/3", &others.join("grid"));
    let third = shard("sweep", &SWEEP_GRID, "3/3", &others.join("third"));
    let out = dir.join("out");
    let merge = |inputs: &[&Path]| merge_into(inputs, &out);

    assert_input_error(
        &merge(&[&first, &second]),
        "1 of 3 shards missing: --shard 3/3 (partial-3-of-3.json)",
    );
    assert_input_error(
        &merge(&[&first, &second, &run]),
        "are not shards of the same run: command differs (sweep vs run)",
    );
    assert_input_error(
        &merge(&[&first, &second, &grid]),
        "are not shards of the same run: input (scenario file, overrides or sweep grid) differs",
    );
    // A partial whose --set was edited no longer matches its identity.
    let mut edited: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&first).unwrap()).unwrap();
    edited["input"]["sets"][0] = other_grid[0].into();
    let edited_path = others.join("partial-1-of-3.json");
    std::fs::write(&edited_path, serde_json::to_vec(&edited).unwrap()).unwrap();
    assert_input_error(
        &merge(&[&edited_path, &second, &third]),
        "its input does not match its identity",
    );
    // Bad shards exit 2 before anything runs or is written.
    let bad = |spec: &str, env: &[(&str, &str)]| {
        let mut args = sweep_args(&scenario, &SWEEP_GRID, &["--shard", spec, "--out"]);
        args.push(out.to_str().unwrap().to_string());
        wfsim()
            .args(args)
            .envs(env.iter().copied())
            .output()
            .unwrap()
    };
    assert_input_error(&bad("4/3", &[]), "K = 4 is more than N = 3");
    assert_input_error(
        &bad("env", &[("JOB_COMPLETION_INDEX", "0")]),
        "set WFSIM_SHARD_COUNT",
    );
    assert!(!out.exists(), "a refused merge or shard writes no output");

    // The very partials refused above merge with their own third shard.
    assert_succeeded(&merge(&[&sweeps, &third]));
    assert!(out.join("sweep.csv").is_file());
}
