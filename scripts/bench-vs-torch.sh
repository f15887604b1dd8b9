#!/usr/bin/env bash
# Runs the same workloads in PyTorch (../shared/bench/peer_torch.py), in ONNX Runtime for the
# stylize:* workloads (../shared/bench/peer_ort.py, the same network) and in faststyle, one after
# the other in this one run, and prints faststyle's table with the ratios against PyTorch, then
# the ratios against ONNX Runtime.
# These machines are noisy (the clock wanders): ratios are only meaningful measured together.
#
#   scripts/bench-vs-torch.sh                          # conv:64x64 conv:128x128 (and peak)
#   scripts/bench-vs-torch.sh conv:128x128             # names or kinds as `faststyle bench`
#
# `peak` (the machine's FMA peak) has no PyTorch counterpart: it is run by faststyle only, and
# always, so that its table gives % of peak. Outputs stay in $BENCH_OUT (default a temp dir).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$repo/../shared"
peers="${PEERS_VENV:-/tmp/peers}"
out="${BENCH_OUT:-$(mktemp -d /tmp/bench-vs-torch.XXXXXX)}"
mkdir -p "$out"

if [ ! -f "$shared/bench/peer_torch.py" ] || [ ! -f "$shared/bench/setup_peers.sh" ]; then
    echo "bench-vs-torch: $shared/bench/ (peer_torch.py, setup_peers.sh) not found; it is the shared/ folder beside the repository" >&2
    exit 1
fi

workloads=("$@")
[ ${#workloads[@]} -eq 0 ] && workloads=(conv:64x64 conv:128x128)
torch_workloads=()
for w in "${workloads[@]}"; do
    [ "$w" != peak ] && torch_workloads+=("$w")
done
ours=(peak "${torch_workloads[@]}")

if [ ! -x "$peers/bin/python" ]; then
    echo "bench-vs-torch: setting up the PyTorch venv in $peers (a few minutes, once)" >&2
    bash "$shared/bench/setup_peers.sh" "$peers"
fi

(cd "$repo" && swift build -c release >&2)

peer_json=()
if [ ${#torch_workloads[@]} -gt 0 ]; then
    only="$(IFS=,; echo "${torch_workloads[*]}")"
    vgg=()
    [ -f "$shared/weights/vgg16.h5" ] && vgg=(--vgg "$shared/weights/vgg16.h5")
    echo "== PyTorch: peer_torch.py --only $only" >&2
    "$peers/bin/python" "$shared/bench/peer_torch.py" --only "$only" "${vgg[@]}" --json "$out/torch.json"
    peer_json=(--peer-json "$out/torch.json")
fi

sizes=()
for w in "${torch_workloads[@]}"; do
    case "$w" in stylize:*) sizes+=("${w#stylize:}") ;; esac
done
if [ ${#sizes[@]} -gt 0 ]; then
    echo "== ONNX Runtime: peer_ort.py --sizes $(IFS=,; echo "${sizes[*]}")" >&2
    "$peers/bin/python" "$shared/bench/peer_ort.py" --sizes "$(IFS=,; echo "${sizes[*]}")" --json "$out/ort.json"
fi

echo "== faststyle bench ${ours[*]}   (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"$repo/.build/release/faststyle" bench "${ours[@]}" --json "$out/faststyle.json" "${peer_json[@]}"

if [ -f "$out/ort.json" ]; then
    python3 - "$out/faststyle.json" "$out/ort.json" <<'PY'
import json, sys
ours = {r["workload"]: r for r in json.load(open(sys.argv[1]))["results"]}
print("\nvs ONNX Runtime (time ratio > 1: faststyle faster)")
for r in json.load(open(sys.argv[2]))["results"]:
    o = ours.get("stylize:" + r["size"])
    if o:
        print(f"stylize:{r['size']:10s} faststyle {o['sec_median']:.3f} s {o['maxrss_mb']:.0f} MB   "
              f"ORT {r['sec_median']:.3f} s {r['maxrss_mb']:.0f} MB   ORT/faststyle time {r['sec_median'] / o['sec_median']:.2f}")
PY
fi
echo "records: $out/torch.json $out/faststyle.json" >&2
