#!/bin/sh
# Builds fuzz/parse_check_fuzzer with clang, libFuzzer and AddressSanitizer, then fuzzes for a
# bounded time over a scratch copy of fuzz/seeds.
#
#   fuzz/run.sh [SECONDS]        (default 60; FUZZ_PARSE_ONLY=1 skips the checker: faster runs)
#
# The harness covers Parse, the printer round trip and Check; if the full tree does not build,
# it falls back to Parse and the printer alone. Crashes land in fuzz/crashes-run/ (git-ignored):
# reproduce one with `build-fuzz/parse_check_fuzzer FILE`, fix it, and keep the input as
# tests/compiler/parse/regressions/<what_it_was>.rpt.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
seconds=${1:-60}
build=$root/build-fuzz
flags="-fsanitize=address,fuzzer-no-link -fno-omit-frame-pointer -g -O1"

configure() {
  cmake -S "$here" -B "$1" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS="$flags" "$2" >"$1.log" 2>&1
}

if [ "${FUZZ_PARSE_ONLY:-0}" != 1 ] && configure "$build" -DRPTC_FUZZ_PARSE_ONLY=OFF &&
   cmake --build "$build" -j2 --target parse_check_fuzzer >>"$build.log" 2>&1; then
  echo "fuzz: built Parse + printer + Check"
else
  [ "${FUZZ_PARSE_ONLY:-0}" = 1 ] ||
    echo "fuzz: the full tree does not build (see $build.log); fuzzing Parse + printer only"
  build=$root/build-fuzz-parse
  configure "$build" -DRPTC_FUZZ_PARSE_ONLY=ON
  cmake --build "$build" -j2 --target parse_check_fuzzer >>"$build.log" 2>&1
fi

corpus=$here/corpus-run
crashes=$here/crashes-run
mkdir -p "$corpus" "$crashes"
cp "$here"/seeds/*.rpt "$corpus"/
# The ANTLR runtime is not instrumented; its one-time allocations are not leaks of ours.
ASAN_OPTIONS=detect_leaks=0 "$build/parse_check_fuzzer" "$corpus" \
  -dict="$here/template.dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=4096 -artifact_prefix="$crashes/" -print_final_stats=1
