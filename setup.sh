#!/usr/bin/env bash
# One-command set-up for a fresh Debian 12 machine (run as root, or with sudo available).
#
#   ./setup.sh demo   install what is missing, build Release, and run the example job:
#                     extract the government-work-report template over examples/gwr/reports,
#                     writing one JSON report per document to out/ and a summary to the terminal
#   ./setup.sh test   install what is missing, build Release, and run the whole test suite
#   ./setup.sh build  install what is missing and build Release (build/cli/rptc)
#
# Only packages that are not installed yet are installed (apt-get update runs first, and only
# then). The build uses CMakePresets.json (preset "release", build dir build/) on all cores.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  cmake g++ make pkg-config                    # toolchain
  antlr4 libantlr4-runtime-dev uuid-dev        # grammar: the ANTLR 4 tool and C++ runtime
  libicu-dev libfmt-dev nlohmann-json3-dev     # runtime: normalisation, formatting, JSON
  libcli11-dev libsqlite3-dev                  # cli: options, SQLite output
  doctest-dev python3 python3-jsonschema       # tests (python3: SARIF schema and SQLite checks)
  chromium fonts-wqy-microhei                  # tests: `rptc view` pages rendered headless, CJK font
)

install_missing() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all ${#PACKAGES[@]} packages are installed"
    return
  fi
  echo "setup: installing ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}"
}

build() {
  local jobs
  jobs=$(nproc)
  cmake --preset release
  CMAKE_BUILD_PARALLEL_LEVEL=$jobs cmake --build --preset release
}

demo() {
  local rptc=build/cli/rptc
  rm -rf out
  mkdir -p out
  echo
  echo "setup: $rptc extract examples/gwr/gwr.rpt examples/gwr/reports/*.txt --output-dir out"
  "$rptc" extract examples/gwr/gwr.rpt examples/gwr/reports/*.txt --output-dir out --summary
  echo "setup: JSON reports written to out/:" out/*.json
}

run_tests() {
  # ctest prints the summary line last: "100% tests passed, 0 tests failed out of N".
  ctest --test-dir build --output-on-failure -j"$(nproc)"
}

case "${1:-}" in
  demo) install_missing; build; demo ;;
  test) install_missing; build; run_tests ;;
  build) install_missing; build ;;
  *)
    echo "usage: $0 demo|test|build" >&2
    exit 2
    ;;
esac
