#!/usr/bin/env bash
# Installs the Debian packages hybridfog needs to build, test and regenerate its traces.
# Idempotent: installs only what is missing, runs `apt-get update` at most once per call.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git time
  libsimgrid-dev libboost-graph-dev libeigen3-dev libyaml-cpp-dev libspdlog-dev
  libgtest-dev libcli11-dev nlohmann-json3-dev
  python3-torch python3-torchvision python3-numpy python3-yaml python3-pandas python3-matplotlib
  python3-nbclient python3-nbformat python3-ipykernel
  python3-dev pybind11-dev python3-pybind11 python3-pytest python3-onnx
  dataset-fashion-mnist
  slurmctld slurmd slurm-client munge
  clang-14 libfuzzer-14-dev libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all ${#packages[@]} packages present"
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
