#!/usr/bin/env bash
# Batch extraction at scale (issue 5): thread scaling and memory over many documents.
#
#   bench/batch_scaling.sh RPTC TEMPLATE [CORPUS_DIR] [DOCS]
#
# Builds a directory of DOCS documents (default 10000) by hard-linking the corpus files over and
# over (no disk cost; the content is real reports), then runs, each once, whole process:
#   1. `extract --jobs 1` and `--jobs 2` over all DOCS documents: the ratio of their wall times is
#      the 2-thread scaling (the image load, ~0.3 s, is the serial part);
#   2. `extract --jobs 2` over 1000 of them, with peak RSS: bounded memory means the DOCS figure
#      stays close to the 1000-document one instead of growing with the batch.
# Output is discarded (--format jsonl > /dev/null), as a pipeline consumer would read it.
# It measures and prints; it asserts nothing. Run it on an otherwise idle machine.
set -euo pipefail
RPTC=$1 TMPL=$2
CORPUS_DIR=${3:-$(dirname "$0")/../../shared/corpus}
DOCS=${4:-10000}
TMP=${TMPDIR:-/tmp}
dir=$TMP/rptc-batch-$DOCS
small=$TMP/rptc-batch-1000

make_dir() {  # make_dir DIR COUNT: hard links (copies where linking fails), in one process
  [ -f "$1/.done" ] && return
  python3 - "$CORPUS_DIR" "$1" "$2" <<'PY'
import os, shutil, sys
corpus, d, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
shutil.rmtree(d, ignore_errors=True)
os.makedirs(d)
files = sorted(f for f in os.listdir(corpus) if f.endswith(".txt"))
for i in range(count):
    name = files[i % len(files)]
    src, dst = os.path.join(corpus, name), os.path.join(d, f"d{i:05d}-{name}")
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
open(os.path.join(d, ".done"), "w").close()
PY
}
make_dir "$small" 1000
make_dir "$dir" "$DOCS"

# Compile once so the runs time extraction, not the template compiler.
img=$TMP/rptc-batch-template.rpto
"$RPTC" compile "$TMPL" -o "$img" 2>/dev/null

run() {  # run JOBS DIR -> "seconds max_rss_kib"
  /usr/bin/time -f '%e %M' -o "$TMP/rptc-batch-time" \
    "$RPTC" extract "$img" "$2" --format jsonl --jobs "$1" -q > /dev/null || true
  cat "$TMP/rptc-batch-time"
}
bytes=$(find "$dir" -name "*.txt" -printf "%s\n" | awk "{s += \$1} END {print s}")
read -r t1 m1 < <(run 1 "$dir")
read -r t2 m2 < <(run 2 "$dir")
read -r ts ms < <(run 2 "$small")
python3 - "$bytes" "$t1" "$t2" "$m2" "$ms" "$DOCS" <<'EOF'
import sys
b, t1, t2, m2, ms, docs = sys.argv[1:]
b, t1, t2 = int(b), float(t1), float(t2)
print(f"{docs} documents ({b / 2**20:.0f} MB): 1 thread {t1:.2f} s ({b / 2**20 / t1:.1f} MB/s), "
      f"2 threads {t2:.2f} s ({b / 2**20 / t2:.1f} MB/s); scaling {t1 / t2:.2f}x")
print(f"peak RSS with 2 threads: 1000 documents {int(ms) / 1024:.0f} MiB, "
      f"{docs} documents {int(m2) / 1024:.0f} MiB")
print(f"scaling={t1 / t2:.2f} rss_1000_mib={int(ms) / 1024:.0f} rss_{docs}_mib={int(m2) / 1024:.0f}")
EOF
