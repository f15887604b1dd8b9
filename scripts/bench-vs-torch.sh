#!/usr/bin/env bash
# Runs the same workloads in PyTorch (../shared/bench/peer_torch.py), in ONNX Runtime for the
# stylize:* workloads (../shared/bench/peer_ort.py, the same network) and the video:* and
# video_light:* ones (scripts/peer_ort_video.py: the network exported by `faststyle export` on the
# same clip's frames, PyAV decoding and encoding) and in faststyle, one after
# the other in this one run, every side on the same number of threads, and prints faststyle's
# table with the time ratios against PyTorch — also against PyTorch's like-for-like variants of a
# workload (train_lean:*, whose content pass stops at relu2_2 as ours does, and the bfloat16
# autocast train_bf16:* and stylize_bf16:*) — then against ONNX Runtime.
# These machines are noisy (the clock wanders): ratios are only meaningful measured together.
#
#   scripts/bench-vs-torch.sh                          # conv:64x64 conv:128x128 (and peak)
#   scripts/bench-vs-torch.sh train:256x256 stylize:512x512
#   THREADS=1 scripts/bench-vs-torch.sh conv:64x64     # every side on one thread
#   BENCH_ARGS="--precision fp32" scripts/bench-vs-torch.sh train:128x128   # options for faststyle bench
#
# `peak` (the machine's FMA peak) has no PyTorch counterpart: it is run by faststyle only, and
# always, so that its table gives % of peak. Outputs stay in $BENCH_OUT (default a temp dir):
# torch.json, ort.json, ort_video_*.json, faststyle.json.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$repo/../shared"
peers="${PEERS_VENV:-/tmp/peers}"
out="${BENCH_OUT:-$(mktemp -d /tmp/bench-vs-torch.XXXXXX)}"
threads="${THREADS:-$(nproc)}"
mkdir -p "$out"
# oneDNN (ours and PyTorch's) reads OMP_NUM_THREADS; the peers' scripts read PEER_THREADS.
export OMP_NUM_THREADS="$threads" PEER_THREADS="$threads"

if [ ! -f "$shared/bench/peer_torch.py" ] || [ ! -f "$shared/bench/setup_peers.sh" ]; then
    echo "bench-vs-torch: $shared/bench/ (peer_torch.py, setup_peers.sh) not found; it is the shared/ folder beside the repository" >&2
    exit 1
fi

workloads=("$@")
[ ${#workloads[@]} -eq 0 ] && workloads=(conv:64x64 conv:128x128)
ours=(peak)
for w in "${workloads[@]}"; do
    [ "$w" != peak ] && ours+=("$w")
done

if [ ! -x "$peers/bin/python" ]; then
    echo "bench-vs-torch: setting up the PyTorch venv in $peers (a few minutes, once)" >&2
    bash "$shared/bench/setup_peers.sh" "$peers"
fi

(cd "$repo" && swift build -c release >&2)

# PyTorch: each workload, and its like-for-like variants where peer_torch.py has them; bf16
# autocast only where the CPU has AVX512_BF16 (elsewhere PyTorch emulates it, one 512² stylize
# pass in minutes: no baseline anyone would run).
known="$("$peers/bin/python" "$shared/bench/peer_torch.py" --list | cut -d' ' -f1)"
variants=(lean)
grep -qw avx512_bf16 /proc/cpuinfo && variants+=(bf16)
torch_workloads=()
for w in "${ours[@]:1}"; do
    kind="${w%%:*}" size="${w#*:}"
    candidates=("$w")
    for v in "${variants[@]}"; do candidates+=("${kind}_$v:$size"); done
    for candidate in "${candidates[@]}"; do
        if grep -qx "$candidate" <<<"$known"; then torch_workloads+=("$candidate"); fi
    done
done

peer_json=()
if [ ${#torch_workloads[@]} -gt 0 ]; then
    only="$(IFS=,; echo "${torch_workloads[*]}")"
    vgg=()
    [ -f "$shared/weights/vgg16.h5" ] && vgg=(--vgg "$shared/weights/vgg16.h5")
    echo "== PyTorch ($threads threads): peer_torch.py --only $only" >&2
    "$peers/bin/python" "$shared/bench/peer_torch.py" --only "$only" "${vgg[@]}" --json "$out/torch.json"
    peer_json=(--peer-json "$out/torch.json")
fi

sizes=()
for w in "${ours[@]:1}"; do
    case "$w" in stylize:*) sizes+=("${w#stylize:}") ;; esac
done
if [ ${#sizes[@]} -gt 0 ]; then
    echo "== ONNX Runtime ($threads threads): peer_ort.py --sizes $(IFS=,; echo "${sizes[*]}")" >&2
    "$peers/bin/python" "$shared/bench/peer_ort.py" --sizes "$(IFS=,; echo "${sizes[*]}")" --json "$out/ort.json"
fi

# ONNX Runtime on the clips: a network of the workload's architecture (one training step's
# weights: the speed does not depend on them) exported to ONNX; PyAV added to the peers' venv.
videos=()
for w in "${ours[@]:1}"; do
    case "$w" in video:*|video_light:*) videos+=("$w") ;; esac
done
if [ ${#videos[@]} -gt 0 ]; then
    "$peers/bin/python" -c 'import av' 2>/dev/null || "$peers/bin/pip" install -q av >&2
    vgg_weights="$repo/weights/vgg16.h5"
    [ -f "$vgg_weights" ] || vgg_weights="$shared/weights/vgg16.h5"
    for w in "${videos[@]}"; do
        arch=johnson
        [ "${w%%:*}" = video_light ] && arch=light
        if [ ! -f "$out/$arch.onnx" ]; then
            "$repo/.build/release/faststyle" train --style "$repo/datasets/styles/starry_night.jpg" --dataset "$repo/datasets/val" \
                --vgg "$vgg_weights" --arch "$arch" --iterations 1 --image-size 64 --checkpoint "$out/$arch.h5" --overwrite >/dev/null
            "$repo/.build/release/faststyle" export "$out/$arch.h5" -o "$out/$arch.onnx" >/dev/null
        fi
        echo "== ONNX Runtime ($threads threads): peer_ort_video.py $w" >&2
        "$peers/bin/python" "$repo/scripts/peer_ort_video.py" --model "$out/$arch.onnx" --clip "$repo/datasets/video/desk.mp4" \
            --size "${w#*:}" --name "$w" --json "$out/ort_video_${w/:/_}.json"
    done
fi

# shellcheck disable=SC2086 # BENCH_ARGS is a list of options
echo "== faststyle bench ${ours[*]} ${BENCH_ARGS:-} ($threads threads; load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"$repo/.build/release/faststyle" bench "${ours[@]}" ${BENCH_ARGS:-} --json "$out/faststyle.json" "${peer_json[@]}"

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
if [ ${#videos[@]} -gt 0 ]; then
    python3 - "$out/faststyle.json" "$out"/ort_video_*.json <<'PY'
import json, sys
ours = {r["workload"]: r for r in json.load(open(sys.argv[1]))["results"]}
print("\nvideo vs ONNX Runtime (frames per second; ratio > 1: faststyle faster)")
for path in sys.argv[2:]:
    for r in json.load(open(path))["results"]:
        o = ours.get(r["workload"])
        if o and o.get("fps"):
            print(f"{r['workload']:22s} faststyle end to end (steadied) {o['fps']:5.1f} fps   ORT end to end (no steadying) "
                  f"{r['end_to_end_fps']:5.1f} fps ({o['fps'] / r['end_to_end_fps']:.2f})   ORT network alone {r['network_fps']:5.1f} fps "
                  f"({o['fps'] / r['network_fps']:.2f})")
PY
fi
echo "records: $out/torch.json $out/ort.json $out/ort_video_*.json $out/faststyle.json" >&2
