//! The shipped Slurm scripts and Kubernetes manifests are run, not just read:
//! the Slurm scripts under a stand-in `sbatch` that runs each array task at
//! once, and the manifests' container arguments with their mount points moved
//! to a temporary folder. A renamed flag or a broken script fails here.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use crate::support::{temp_dir, EVERY_PATH};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BINARY: &str = env!("CARGO_BIN_EXE_wfsim");

/// A command with no scheduler variables inherited from the machine.
fn clean(program: &str) -> Command {
    let mut command = Command::new(program);
    for variable in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_MIN",
        "SLURM_ARRAY_TASK_STEP",
        "SLURM_ARRAY_TASK_COUNT",
        "SLURM_CPUS_PER_TASK",
        "JOB_COMPLETION_INDEX",
        "WFSIM_SHARD_COUNT",
        "REPLICATIONS",
        "SEED",
    ] {
        command.env_remove(variable);
    }
    command
}

fn assert_succeeded(what: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().into_string().unwrap(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The outputs of a one-process `wfsim run` of `scenario` with these options.
fn one_process(scenario: &Path, out: &Path, options: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let output = clean(BINARY)
        .arg("run")
        .arg(scenario)
        .args(options)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert_succeeded("the one-process run", &output);
    files(out)
}

/// A stand-in for `sbatch` that runs the job at once: every task of
/// `--array=LO-HI` in turn with Slurm's variables set, then prints a job id.
const FAKE_SBATCH: &str = r#"#!/usr/bin/env bash
set -euo pipefail
array="" script=""
for a in "$@"; do
  case $a in
    --array=*) array=${a#--array=} ;;
    --*) ;;
    *) script=$a ;;
  esac
done
if [ -n "$array" ]; then
  lo=${array%-*} hi=${array#*-}
  for ((i = lo; i <= hi; i++)); do
    SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_MIN=$lo SLURM_ARRAY_TASK_MAX=$hi \
      SLURM_ARRAY_TASK_STEP=1 SLURM_ARRAY_TASK_COUNT=$((hi - lo + 1)) SLURM_CPUS_PER_TASK=1 \
      bash "$script" >&2
  done
else
  bash "$script" >&2
fi
echo "4242;cluster"
"#;

#[test]
fn the_slurm_submit_script_shards_and_merges_into_the_one_process_outputs() {
    let tmp = temp_dir("slurm");
    let dir = tmp.path();
    let scenario = dir.join("every-path.toml");
    std::fs::write(&scenario, EVERY_PATH).unwrap();
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(bin.join("sbatch"), FAKE_SBATCH).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(bin.join("sbatch"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = dir.join("out");

    let output = clean("bash")
        .arg(Path::new(ROOT).join("deploy/slurm/submit.sh"))
        .arg(&scenario)
        .arg("3")
        .arg(&out)
        .env("PATH", path)
        .env("WFSIM", BINARY)
        .env("REPLICATIONS", "5")
        .env("SEED", "4")
        .output()
        .unwrap();
    assert_succeeded("deploy/slurm/submit.sh", &output);
    let partials: Vec<String> = files(&out.join("partials")).into_keys().collect();
    assert_eq!(
        partials,
        [1, 2, 3].map(|k| format!("partial-{k}-of-3.json"))
    );

    let expected = one_process(
        &scenario,
        &dir.join("one"),
        &["--replications", "5", "--seed", "4", "--quiet"],
    );
    assert!(files(&out) == expected, "the merged outputs differ");
}

/// The value of the first `key: value` line of a manifest, unquoted.
fn yaml_value(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| l.trim().strip_prefix(key))
        .and_then(|rest| rest.strip_prefix(':'))
        .map(|v| {
            v.split('#')
                .next()
                .unwrap()
                .trim()
                .trim_matches('"')
                .to_string()
        })
        .unwrap_or_else(|| panic!("no {key}: in the manifest"))
}

/// The container arguments of a manifest (an `args: [...]` flow list, which is
/// JSON), with the mount points moved under `root`.
fn container_args(manifest: &str, root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(ROOT).join(manifest)).unwrap();
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("args:"))
        .unwrap_or_else(|| panic!("no args: in {manifest}"));
    let args: Vec<String> = serde_json::from_str(line.trim())
        .unwrap_or_else(|e| panic!("{manifest}: args are not a one-line list: {e}"));
    args.into_iter()
        .map(|a| match a.strip_prefix('/') {
            Some(path) => root.join(path).display().to_string(),
            None => a,
        })
        .collect()
}

#[test]
fn the_kubernetes_jobs_arguments_shard_and_merge_into_the_one_process_outputs() {
    let tmp = temp_dir("k8s");
    let dir = tmp.path();
    let manifest =
        std::fs::read_to_string(Path::new(ROOT).join("deploy/k8s/wfsim-indexed-job.yaml")).unwrap();
    assert_eq!(yaml_value(&manifest, "completionMode"), "Indexed");
    let completions: u32 = yaml_value(&manifest, "completions").parse().unwrap();
    let count_line = manifest
        .lines()
        .position(|l| l.contains("name: WFSIM_SHARD_COUNT"))
        .expect("the Job sets WFSIM_SHARD_COUNT");
    let count = yaml_value(
        &manifest
            .lines()
            .skip(count_line + 1)
            .collect::<Vec<_>>()
            .join("\n"),
        "value",
    );
    assert_eq!(
        count,
        completions.to_string(),
        "WFSIM_SHARD_COUNT must equal completions"
    );

    // The ConfigMap mounted at /scenario holds the scenario as scenario.toml.
    std::fs::create_dir_all(dir.join("scenario")).unwrap();
    std::fs::write(dir.join("scenario/scenario.toml"), EVERY_PATH).unwrap();
    let shard = container_args("deploy/k8s/wfsim-indexed-job.yaml", dir);
    assert_eq!(
        &shard[..2],
        ["run", dir.join("scenario/scenario.toml").to_str().unwrap()]
    );
    for index in 0..completions {
        let output = clean(BINARY)
            .args(&shard)
            .env("JOB_COMPLETION_INDEX", index.to_string())
            .env("WFSIM_SHARD_COUNT", &count)
            .output()
            .unwrap();
        assert_succeeded(&format!("pod {index}"), &output);
    }
    let merge = container_args("deploy/k8s/wfsim-merge-job.yaml", dir);
    assert_eq!(merge[0], "merge");
    assert_succeeded(
        "the merge Job",
        &clean(BINARY).args(&merge).output().unwrap(),
    );

    // The same run on one machine: the shard's options without --shard env and --out.
    let mut options: Vec<&str> = Vec::new();
    let mut rest = shard[2..].iter();
    while let Some(a) = rest.next() {
        match a.as_str() {
            "--shard" | "--out" => {
                rest.next();
            }
            other => options.push(other),
        }
    }
    options.push("--quiet");
    let expected = one_process(
        &dir.join("scenario/scenario.toml"),
        &dir.join("one"),
        &options,
    );
    assert!(
        files(&dir.join("data/outputs")) == expected,
        "the merged outputs differ"
    );
}
