#!/usr/bin/env bash
# Downloads the COCO 2014 training images (82,783 photos, the training set of Johnson et al.
# 2016) and packs them for `faststyle train` into datasets/coco2014_<size>.h5.
#
#   datasets/coco.sh [--size 256] [--work DIR]
#
# Needs internet access, curl and unzip. The download (~13.5 GB) resumes where it stopped when
# the script is run again (curl -C -); every step is skipped when its result is already there.
# Disk: ~13.5 GB zip + ~13.5 GB unpacked + ~12 GB pack at 256 px (about twice that while
# packing if some images are unreadable, because the pack is then rewritten without them).
# Environment: FASTSTYLE=/path/to/faststyle to use a given binary (default: build it).
set -euo pipefail

url=http://images.cocodataset.org/zips/train2014.zip
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
size=256
work=$here/coco

while [ $# -gt 0 ]; do
    case "$1" in
        --size) size=${2:?--size needs a number of pixels}; shift 2 ;;
        --work) work=${2:?--work needs a folder}; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "coco.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
case "$size" in ''|*[!0-9]*) echo "coco.sh: --size must be a positive number of pixels, got '$size'" >&2; exit 2 ;; esac

zip=$work/train2014.zip
images=$work/train2014
unpacked=$work/.train2014.unzipped
pack=$here/coco2014_${size}.h5

fail() { echo "coco.sh: $*" >&2; exit 1; }
for tool in curl unzip df; do
    command -v "$tool" > /dev/null || fail "'$tool' is needed; install it (Debian: apt-get install $tool)"
done

if [ -f "$pack" ]; then
    echo "$pack already exists; delete it to pack again."
    exit 0
fi
mkdir -p "$work"

# Free space in GB on the file system of $work, and what the remaining steps need.
free_gb() { df -Pk "$1" | awk 'NR == 2 { print int($4 / 1048576) }'; }
need=$(( 12 * size * size / (256 * 256) + 2 ))  # the pack, with room to spare
[ -f "$unpacked" ] || need=$(( need + 14 ))      # the unpacked images
[ -f "$zip" ] || need=$(( need + 14 ))           # the zip
have=$(free_gb "$work")
[ "$have" -ge "$need" ] || fail "about $need GB of free disk space is needed in $work, only $have GB free; free some space or use --work DIR on a bigger disk"

if [ ! -f "$zip" ]; then
    echo "Downloading $url (~13.5 GB) to $zip.part; if interrupted, run this script again to resume."
    curl -fL --retry 5 --retry-delay 10 -C - -o "$zip.part" "$url" \
        || fail "download failed (no internet access?); run the script again to resume from $zip.part"
    mv "$zip.part" "$zip"
fi

if [ ! -f "$unpacked" ]; then
    echo "Unpacking $zip to $images ..."
    unzip -q -n "$zip" -d "$work" || fail "cannot unpack $zip (truncated download? delete it and run again)"
    touch "$unpacked"
fi

if [ -n "${FASTSTYLE:-}" ]; then
    faststyle=$FASTSTYLE
else
    echo "Building faststyle (release) ..."
    swift build -c release --package-path "$root" > /dev/null || fail "swift build failed in $root"
    faststyle=$root/.build/release/faststyle
fi
[ -x "$faststyle" ] || fail "no faststyle binary at $faststyle"

echo "Packing $images at ${size}x${size} into $pack ..."
"$faststyle" dataset pack "$images" -o "$pack" --size "$size"
echo "Done: $pack. Train with: faststyle train --dataset $pack ..."
echo "The zip ($zip) and the unpacked images ($images) are no longer needed and can be deleted."
