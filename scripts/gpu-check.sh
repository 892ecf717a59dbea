#!/usr/bin/env bash
# The GPU check of Carousel (docs/gpu.md): one command that builds with -Pcuda, makes sure ND4J runs on CUDA and
# DJL on a GPU, runs `carousel verify` on the golden vectors there, times the recurrent layers with short JMH
# settings, runs the dl4j-layers tests on ND4J CUDA, and writes results/gpu/report.md (after every step, atomically, so that a run cut
# short still leaves a report of what finished). Designed for a fresh GPU machine with network access, within
# 10 minutes (--budget); running it again redoes every step and replaces the report.
#
# --dry-run does the same steps' CPU counterparts on a machine without a GPU, prints the GPU commands it stands in
# for, and writes runs/gpu-check-dry-run/report.md (git-ignored), never results/gpu. --help explains the rest.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
prog="gpu-check.sh"

usage() {
    cat <<'EOF'
Usage: scripts/gpu-check.sh [--dry-run] [--print-only] [--budget SECONDS]

Checks Carousel on a GPU (docs/gpu.md) and writes results/gpu/report.md:
  gpu         nvidia-smi: the GPU, its driver and the driver's CUDA version
  build       the command line built with the cuda profile (ND4J on CUDA 11.6, no PyTorch CPU natives)
  devices     ND4J's backend and DJL's default device; the later steps run only on what is really on the GPU
  verify      carousel verify --vectors vectors/golden --impl dl4j,djl --dtype float64,float32
  bench-dl4j  JMH RecurrentLayerBenchmark (Carousel's PeepholeLSTM and GRU, DL4J's LSTM), short settings
  bench-djl   JMH DjlRecurrentTrainingBenchmark (Carousel's blocks, DJL's fused cuDNN LSTM and GRU), short settings
  dl4j-tests  the dl4j-layers tests on ND4J CUDA (./mvnw -Pcuda ... test), with what the budget has left
Logs and JMH output go to runs/gpu-check/ (git-ignored). Exit 0 when every step passed, 1 when one did not (the
report says which), 2 on a wrong argument or when there is no GPU.

Options:
  --dry-run          no GPU needed: print the GPU commands, run the CPU counterparts (the same tests and verify, a
                     one-benchmark JMH run per suite) and write runs/gpu-check-dry-run/report.md instead
  --print-only       print the plan (with --dry-run, both plans) and exit; nothing runs, nothing is written
  --budget SECONDS   the whole run's time; a step gets at most what is left, a step with under 15 s left is not
                     run (default 570 on the GPU, 1800 for --dry-run)
  -h, --help         this help

Environment: PYTORCH_LIBRARY_PATH (with PYTORCH_VERSION=2.7.1, PYTORCH_FLAVOR=cu128) points DJL at a local
PyTorch 2.7.1 for CUDA; unset, DJL downloads it on first use (-Dai.djl.offline=false). CUDA_HOME (default
/usr/local/cuda): its lib64 goes on LD_LIBRARY_PATH so that DJL finds libcudart.
EOF
}

die_usage() {
    echo "$prog: $1" >&2
    exit 2
}

dry_run=0
print_only=0
budget=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --dry-run) dry_run=1 ;;
        --print-only) print_only=1 ;;
        --budget)
            [[ $# -ge 2 ]] || die_usage "--budget: expected a number of seconds, got nothing"
            budget="$2"
            shift ;;
        --budget=*) budget="${1#--budget=}" ;;
        -h|--help) usage; exit 0 ;;
        *) die_usage "unknown argument '$1' (expected --dry-run, --print-only, --budget SECONDS or --help)" ;;
    esac
    shift
done
if [[ -n "$budget" && ! "$budget" =~ ^[1-9][0-9]*$ ]]; then
    die_usage "--budget: expected a whole number of seconds > 0, got '$budget'"
fi

# ---------------------------------------------------------------------------------------------------- the plans --
# One plan per mode: the step ids, what each checks, its command (run as `bash -c`, so what is printed is what runs)
# and its longest run in seconds. offline_first (below) runs Maven offline and, only when something was never
# downloaded, again with downloads.
dl4j_tests_filter="-Dtest='dev/carousel/dl4j/**/*' -Dsurefire.failIfNoSpecifiedTests=false"
verify_args="verify --vectors vectors/golden --impl dl4j,djl --dtype float64,float32"
jmh_dl4j='dev\.carousel\.bench\.jmh\.RecurrentLayerBenchmark\.layer(Training|Inference)$'
jmh_djl='dev\.carousel\.bench\.jmh\.DjlRecurrentTrainingBenchmark\.'

plan() {    # plan gpu|cpu: fills ids, titles, cmds, caps and out (the run's folder), report
    # the dl4j-layers tests come last: the longest step (two attention tests take over a minute each on a CPU),
    # they get what the budget has left after the steps that answer the most
    ids=(gpu build devices verify bench-dl4j bench-djl dl4j-tests)
    titles=("GPU, driver and CUDA version" "the command line's build" "ND4J backend and DJL device"
        "golden vectors, dl4j and djl, float64 and float32" "DL4J layers, JMH" "DJL layers, JMH"
        "dl4j-layers tests")
    if [[ "$1" == gpu ]]; then
        titles[1]="the command line's build, cuda profile"
        titles[6]="dl4j-layers tests on ND4J CUDA"
        out="runs/gpu-check"
        report="results/gpu/report.md"
        local env="CAROUSEL_PROFILES=cuda"
        cmds=("nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader"
            "$env ./carousel --version"
            "java \$DJL_OPTS -cp benchmarks/target/classes:\$(cat benchmarks/target/classpath.txt) dev.carousel.bench.report.DeviceInfo --require-gpu"
            "$env JAVA_OPTS=\"\$DJL_OPTS\" ./carousel $verify_args"
            "$env ./carousel bench --quick --threads 1 --include '$jmh_dl4j' --param layer=carouselPeepholeLSTM,carouselGRU_resetAfter,dl4jLSTM --out $out/jmh-dl4j"
            "$env ./carousel bench --quick --threads 1 --include '$jmh_djl' --param layer=carouselPeepholeLstm,djlLstm,carouselGruResetBefore,djlGru --out $out/jmh-djl"
            "offline_first ./mvnw -B -Pcuda -pl dl4j-layers -am test $dl4j_tests_filter")
        caps=(30 300 240 180 150 150 300)
    else
        out="runs/gpu-check-dry-run"
        report="$out/report.md"
        cmds=("echo 'no GPU: a dry run'"
            "./carousel --version"
            "java -cp benchmarks/target/classes:\$(cat benchmarks/target/classpath.txt) dev.carousel.bench.report.DeviceInfo"
            "./carousel $verify_args"
            "./carousel bench --quick --threads 1 --ignore-lock --include 'dev\.carousel\.bench\.jmh\.RecurrentLayerBenchmark\.layerTraining\$' --param layer=carouselPeepholeLSTM --out $out/jmh-dl4j"
            "./carousel bench --quick --threads 1 --ignore-lock --include 'dev\.carousel\.bench\.jmh\.DjlRecurrentTrainingBenchmark\.trainingStep\$' --param layer=djlLstm --out $out/jmh-djl"
            "offline_first ./mvnw -B -pl dl4j-layers -am test $dl4j_tests_filter")
        caps=(30 600 120 600 300 300 900)
    fi
}

print_plan() {    # print_plan heading
    echo "$1"
    local i
    for i in "${!ids[@]}"; do
        printf '  %-11s %s (at most %s s)\n' "${ids[$i]}" "${titles[$i]}" "${caps[$i]}"
        printf '              $ %s\n' "${cmds[$i]}"
    done
    echo "  report      $report"
}

if [[ $dry_run == 0 && $print_only == 0 ]]; then
    if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L 2>/dev/null | grep -q '^GPU '; then
        echo "$prog: no GPU here (nvidia-smi missing or lists no GPU); nothing run, nothing written; use --dry-run" \
            "for the CPU rehearsal" >&2
        exit 2
    fi
fi
if [[ $dry_run == 1 ]]; then
    budget="${budget:-1800}"
    plan gpu
    print_plan "$prog: on a GPU, scripts/gpu-check.sh runs (budget 570 s):"
    plan cpu
    print_plan "$prog: this dry run runs, on the CPU (budget $budget s):"
else
    budget="${budget:-570}"
    plan gpu
    print_plan "$prog: plan (budget $budget s):"
fi
echo "  (offline_first: Maven offline, and with downloads only if something was never downloaded;" \
    "DJL_OPTS: -Dai.djl.offline=false unless PYTORCH_LIBRARY_PATH is set)"
[[ $print_only == 1 ]] && exit 0

# ------------------------------------------------------------------------------------------------- the run --
# shellcheck disable=SC2317  # called by the steps' commands, through bash -c
offline_first() {
    local log="$STEP_LOG"
    "$@" -o && return 0
    grep -q "in offline mode" "$log" || return 1
    echo "gpu-check.sh: offline Maven lacked an artifact; again with downloads" >>"$log"
    "$@"
}
export -f offline_first

if [[ -z "${PYTORCH_LIBRARY_PATH:-}" ]]; then
    DJL_OPTS="-Dai.djl.offline=false"
else
    DJL_OPTS=""
fi
[[ $dry_run == 1 ]] && DJL_OPTS=""
export DJL_OPTS
cuda_home="${CUDA_HOME:-/usr/local/cuda}"
if [[ $dry_run == 0 && -d "$cuda_home/lib64" ]]; then
    export LD_LIBRARY_PATH="$cuda_home/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

rm -rf "$out"
mkdir -p "$out/logs" "$(dirname "$report")"
start=$(date +%s)
started_at="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
declare -A status seconds result
for id in "${ids[@]}"; do
    status[$id]="pending"
    seconds[$id]=""
    result[$id]=""
done
nd4j_gpu=1
djl_gpu=1

machine_table() {
    local cpu mem
    cpu="$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/^[^:]*: *//')"
    mem="$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)"
    echo "| machine | |"
    echo "|---|---|"
    echo "| cpu | ${cpu:-$(uname -m)} |"
    echo "| cores | $(nproc 2>/dev/null || echo '?') |"
    echo "| memory | ${mem:-unknown} |"
    echo "| os | $(uname -sr) |"
    echo "| java | $(java -version 2>&1 | head -1) |"
    echo "| load average (1 min) at start | $load_at_start |"
    if [[ $dry_run == 0 ]]; then
        echo "| gpu | $(nvidia-smi --query-gpu=name,memory.total,compute_cap --format=csv,noheader 2>/dev/null \
            | paste -sd ';' - || echo unknown) |"
        echo "| driver | $(nvidia-smi --query-gpu=driver_version --format=csv,noheader 2>/dev/null | head -1) |"
        echo "| CUDA (the driver's) | $(nvidia-smi 2>/dev/null | grep -o 'CUDA Version: [0-9.]*' | head -1 \
            | sed 's/CUDA Version: //') |"
        echo "| PYTORCH_LIBRARY_PATH | ${PYTORCH_LIBRARY_PATH:-(unset: DJL downloads PyTorch)} |"
    else
        echo "| gpu | none (dry run) |"
    fi
}
load_at_start="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo unknown)"
machine="$(machine_table)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -n "$(git status --porcelain 2>/dev/null)" ]] && commit="$commit (with uncommitted changes)"

write_report() {
    local tmp="$report.tmp.$$" i id
    {
        if [[ $dry_run == 1 ]]; then
            echo "# GPU check: dry run on the CPU"
            echo
            echo "A rehearsal of \`scripts/gpu-check.sh\` on a machine without a GPU: the CPU counterparts of its steps."
            echo "Timings here are not measurements (short settings, a shared machine); the GPU commands are in the"
            echo "plan the script prints."
        else
            echo "# GPU check"
            echo
            echo "\`scripts/gpu-check.sh\` on a GPU machine (docs/gpu.md). JMH timings: one fork, 1 warm-up and 3"
            echo "measurement iterations of 1 s, one host thread; the DL4J benchmarks wait for ND4J's queue after"
            echo "each operation, the DJL ones read a value back from the GPU."
        fi
        echo
        echo "Started $started_at, commit $commit, budget $budget s."
        echo
        echo "$machine"
        echo
        echo "## Steps"
        echo
        echo "| step | status | seconds | result |"
        echo "|---|---|---|---|"
        for id in "${ids[@]}"; do
            echo "| $id | ${status[$id]} | ${seconds[$id]} | ${result[$id]//|/\\|} |"
        done
        echo
        echo "## Commands"
        echo
        for i in "${!ids[@]}"; do
            echo "- ${ids[$i]}: \`${cmds[$i]}\`"
        done
        echo
        echo "Logs: \`$out/logs/\` (not committed)."
        for id in bench-dl4j bench-djl; do
            local summary="$out/jmh-${id#bench-}/summary.md"
            if [[ -f "$summary" ]]; then
                echo
                echo "## $id: every measurement"
                echo
                sed -n '/^## Every measurement/,$p' "$summary" | tail -n +3
            fi
        done
        for id in "${ids[@]}"; do
            if [[ "${status[$id]}" == FAIL* || "${status[$id]}" == TIMEOUT* ]] && [[ -f "$out/logs/$id.log" ]]; then
                echo
                echo "## $id: the end of its log"
                echo
                echo '```'
                grep -v '^\[INFO\] Download' "$out/logs/$id.log" | tail -n 30
                echo '```'
            fi
        done
    } >"$tmp"
    mv -f "$tmp" "$report"
}

run_step() {    # run_step index
    local i=$1 id="${ids[$1]}" cmd="${cmds[$1]}" cap="${caps[$1]}" left limit t0 rc
    left=$(( budget - ($(date +%s) - start) ))
    if (( left < 15 )); then
        status[$id]="not run (budget spent)"
        return 0
    fi
    limit=$(( cap < left ? cap : left ))
    STEP_LOG="$out/logs/$id.log"
    export STEP_LOG
    echo "$prog: [$id] ${titles[$i]} (at most $limit s; log $STEP_LOG)"
    status[$id]="running"
    write_report
    t0=$(date +%s)
    set +e
    timeout -k 10 "$limit" bash -c "$cmd" >"$STEP_LOG" 2>&1 </dev/null
    rc=$?
    set -e
    seconds[$id]=$(( $(date +%s) - t0 ))
    if [[ $rc == 124 || $rc == 137 ]]; then
        status[$id]="TIMEOUT"
    elif [[ $rc == 0 ]]; then
        status[$id]="PASS"
    else
        status[$id]="FAIL (exit $rc)"
    fi
    result[$id]="$(summarise "$id" "$STEP_LOG")"
    echo "$prog: [$id] ${status[$id]} in ${seconds[$id]} s: ${result[$id]}"
}

summarise() {    # summarise id log: one line for the report's table
    local id=$1 log=$2
    case "$id" in
        gpu) head -n 3 "$log" | paste -sd ';' - ;;
        build) if [[ "${status[$id]}" == PASS ]]; then echo "built"; else tail -n 1 "$log"; fi ;;
        devices) grep -E '^(nd4j|djl) ' "$log" | paste -sd ';' - | sed 's/;/; /g' ;;
        verify) grep -E '^[0-9]+ rows: ' "$log" | tail -n 1 ;;
        dl4j-tests) grep -E 'Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" \
            | tail -n 1 | sed 's/^\[[A-Z]*\] *//' ;;
        bench-*) local s="$out/jmh-${id#bench-}/summary.md"
            if [[ -f "$s" ]]; then
                echo "$(sed -n '/^## Every measurement/,$p' "$s" | grep -c '^| [A-Z]') measurements (below)"
            else
                tail -n 1 "$log"
            fi ;;
    esac
}

skip_step() {    # skip_step id reason
    status[$1]="not run"
    result[$1]="$2"
    echo "$prog: [$1] not run: $2"
}

for i in "${!ids[@]}"; do
    id="${ids[$i]}"
    if [[ $dry_run == 1 && $id == gpu ]]; then
        status[$id]="SKIP"
        result[$id]="no GPU: a dry run"
        write_report
        continue
    fi
    if [[ $id != gpu && $id != build && "${status[build]}" != PASS ]]; then
        skip_step "$id" "the build failed"
        write_report
        continue
    fi
    if [[ $id == verify && $dry_run == 0 ]]; then
        impls=""
        [[ $nd4j_gpu == 1 ]] && impls="dl4j"
        [[ $djl_gpu == 1 ]] && impls="${impls:+$impls,}djl"
        if [[ -z "$impls" ]]; then
            skip_step "$id" "neither ND4J nor DJL is on the GPU (see devices)"
            write_report
            continue
        fi
        cmds[i]="${cmds[$i]/--impl dl4j,djl/--impl $impls}"
    fi
    if [[ $dry_run == 0 && ( ($id == bench-dl4j && $nd4j_gpu == 0) || ($id == bench-djl && $djl_gpu == 0) ) ]]; then
        skip_step "$id" "its framework is not on the GPU (see devices)"
        write_report
        continue
    fi
    run_step "$i"
    if [[ $id == devices && $dry_run == 0 ]]; then
        grep -q '^nd4j backend: CUDA' "$out/logs/devices.log" || nd4j_gpu=0
        grep -q '^djl default device: gpu' "$out/logs/devices.log" || djl_gpu=0
    fi
    if [[ $id == verify && $dry_run == 0 && "${status[$id]}" == PASS && "$impls" != "dl4j,djl" ]]; then
        status[$id]="PARTIAL"
        result[$id]="${result[$id]} (--impl $impls only)"
    fi
    write_report
done

echo "$prog: report $report"
for id in "${ids[@]}"; do
    [[ "${status[$id]}" == PASS || ( $dry_run == 1 && $id == gpu ) ]] || exit 1
done
exit 0
