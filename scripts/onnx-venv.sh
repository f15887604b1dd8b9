#!/usr/bin/env bash
# Makes .build-venv, a Python virtual environment with onnxruntime and numpy: the ONNX tests run
# faststyle's exported models in it (ONNXTests; FASTSTYLE_PYTHON overrides where they look).
# With --fixtures it also gets torch, onnx and Pillow, to rewrite Tests/ONNXTests/Fixtures with
# make_fixtures.py. Idempotent: quick when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build-venv
packages=("onnxruntime>=1.20,<2" "numpy")
check="import onnxruntime, numpy"
if [ "${1:-}" = "--fixtures" ]; then
    packages+=("torch" "onnx" "pillow")
    check="$check, torch, onnx, PIL"
fi
[ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check" 2>/dev/null && exit 0
echo "onnx-venv: installing ${packages[*]} into $venv" >&2
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}"
"$venv/bin/python" -c "$check"
