#!/usr/bin/env bash
# Runs the hostile-input catalogue of issue 15 (Tests/FaststyleCLITests/Hostile): bad files,
# absurd arguments, full and read-only disks, kill -9 during checkpoint writes. Prints every
# case with the message it got, then the table per class: tried, clear errors, crashes, hangs,
# files lost. Exits non-zero if any case is not a clear error or costs a file. (The test suite,
# scripts/test.sh, runs the same tests.) Full disks are small tmpfs mounts when run as root,
# else a per-run file-size limit.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
bash scripts/test.sh --filter 'HostileInputTests|KillDuringCheckpointTests' >"$log" 2>&1 || status=$?
grep -E "^(hostile|kill -9):" "$log" | sed -E 's#/tmp/faststyle-(hostile|kill)-[0-9A-F-]+/#…/#g' || true
grep -vE "^(hostile|kill -9):" "$log" | grep -E "error:|Executed [0-9]+ tests" | tail -n 5
exit "$status"
