#!/usr/bin/env bash
# Runs a libFuzzer harness (Tests/Fuzz/Fuzz*; docs/fuzzing.md) for a while:
#
#   scripts/fuzz.sh TARGET [DURATION]     DURATION: minutes (default 5), or seconds with an s: 30s
#   scripts/fuzz.sh all [DURATION]        each target in turn, DURATION each
#   scripts/fuzz.sh ci [DURATION]         every harness but `options` (its sanitizer build of the
#                                         whole command line costs CI more than 20 s of it finds)
#   scripts/fuzz.sh list                  the targets
#
# Builds the harness with -D FUZZING -sanitize=fuzzer,address in .build-fuzz (release; the
# normal .build is left alone), runs it on the seed corpus Tests/Fuzz/Corpus/TARGET plus the
# inputs earlier runs found (runs/fuzz/TARGET/corpus; nothing is written into the repository),
# and prints libFuzzer's final statistics. Exits non-zero when an input crashed, hung or ran out
# of memory; that input is kept as runs/fuzz/TARGET/crash-* (timeout-*, oom-*), and
# `.build-fuzz/release/FuzzX FILE` (or a normal build's .build/debug/FuzzX FILE) replays it.
#
# Environment: FUZZ_NICE (default 19), the niceness of the build and the run. Extra
# libFuzzer flags after the duration are passed on (e.g. -max_len=100000).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

declare -A products=(
    [image]=FuzzImage [onnx]=FuzzONNX [checkpoint]=FuzzCheckpoint [architecture]=FuzzArchitecture
    [training-options]=FuzzTrainingOptions [options]=FuzzOptions [vgg]=FuzzVGG [pack]=FuzzPack
)
order=(image onnx checkpoint architecture training-options options vgg pack)

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; echo "targets: ${order[*]}"; exit 2; }
[ $# -ge 1 ] || usage
target=$1; shift
duration=${1:-5}; [ $# -ge 1 ] && shift
case $target in
    list) echo "${order[*]}"; exit 0 ;;
    all) targets=("${order[@]}") ;;
    ci) targets=(image onnx checkpoint architecture training-options vgg pack) ;;
    *) [ -n "${products[$target]:-}" ] || { echo "unknown target '$target'" >&2; usage; }; targets=("$target") ;;
esac
case $duration in
    *s) seconds=${duration%s} ;;
    *) seconds=$(( duration * 60 )) ;;
esac
[[ $seconds =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || { echo "bad duration '$duration'" >&2; usage; }

nice=(nice -n "${FUZZ_NICE:-19}")
# lld from the toolchain that runs this build (wherever it is installed).
lld="$(dirname "$(readlink -f "$(command -v swift)")")/ld.lld"
[ -x "$lld" ] || lld=$(command -v ld.lld || true)
[ -n "$lld" ] && [ -x "$lld" ] || { echo "fuzz.sh: no ld.lld beside swift or on PATH" >&2; exit 1; }
mkdir -p .build-fuzz
printf '{ "schemaVersion": "1.0", "linker": { "path": "%s" } }\n' "$lld" > .build-fuzz/toolset.json
build() {
    # lld: gold cannot link the address sanitizer's runtime here (an internal error).
    "${nice[@]}" swift build --scratch-path .build-fuzz -c release --product "$1" \
        -Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer,address --toolset .build-fuzz/toolset.json 2>&1 \
        | grep -Ev "^warning: 'zipfoundation'|PrivacyInfo.xcprivacy|^\[[0-9]+/[0-9]+\] (Compiling|Write|Linking|Emitting|Applying)|warning: |\|" || true
    [ -x ".build-fuzz/release/$1" ] || { echo "fuzz.sh: the build of $1 failed" >&2; exit 1; }
}

status=0
summary=()
for t in "${targets[@]}"; do
    product=${products[$t]}
    start=$(date +%s)
    build "$product"
    echo "== $t: built in $(( $(date +%s) - start )) s; fuzzing for $seconds s"
    work=runs/fuzz/$t
    mkdir -p "$work/corpus" "$work/tmp"
    dict=()
    [ -f "Tests/Fuzz/Corpus/$t.dict" ] && dict=(-dict="$root/Tests/Fuzz/Corpus/$t.dict")
    log=$work/last.log
    set +e
    # SWIFT_BACKTRACE=enable=no: the Swift runtime's crash handler would take the crash from
    # libFuzzer (and its helper process can outlive the fuzzer, holding the log open).
    # detect_leaks=0: libhdf5 keeps allocations to the end of the process (its free lists and
    # caches), which LeakSanitizer reports as leaks; faststyle's own memory is Swift's (ARC).
    # allocator_may_return_null=1: as without ASan, an impossible malloc (libhdf5 asks for
    # terabytes for a corrupt header) returns NULL, which libhdf5 reports as an error.
    # -malloc_limit_mb=16384: libhdf5 allocates a variable-length string's declared length (up
    # to 4 GiB) before it finds the data missing, memory it never touches; what is touched is
    # bounded by -rss_limit_mb.
    (cd "$work" && TMPDIR=$root/$work/tmp SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1:${ASAN_OPTIONS:-} \
        "${nice[@]}" "$root/.build-fuzz/release/$product" -max_total_time="$seconds" -print_final_stats=1 \
        -timeout=25 -rss_limit_mb=2560 -malloc_limit_mb=16384 -artifact_prefix="$root/$work/" "${dict[@]}" "$@" \
        corpus "$root/Tests/Fuzz/Corpus/$t") >"$log" 2>&1
    code=$?
    set -e
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    units=$(ls "$work/corpus" | wc -l)
    grep -E "^(INFO: (seed corpus|-max_len)|Done|stat::|ERROR|SUMMARY)" "$log" | grep -v "stat::slowest\|stat::new_units" || true
    if [ $code -ne 0 ]; then
        status=1
        echo "fuzz.sh: $t FAILED (exit $code); the log: $work/last.log"
        grep -A30 -E "^==[0-9]+==ERROR|Fatal error|ERROR: libFuzzer" "$log" | head -50
        ls -1 "$work"/crash-* "$work"/timeout-* "$work"/oom-* 2>/dev/null || true
        summary+=("$t: FAILED after ${runs:-?} executions (see $work/last.log)")
    else
        summary+=("$t: ${runs:-?} executions, ${speed:-?}/s, $units inputs in runs/fuzz/$t/corpus, no crash")
    fi
done
printf '%s\n' "== summary" "${summary[@]}"
exit $status
