#!/bin/sh
# Training step (or inference) of every zoo architecture, DL4J (ZooBench) and its PyTorch twin
# (pytorch_zoo_bench.py) back to back, each under /usr/bin/time -v; prints one line per architecture with
# the median wall and process-CPU seconds per step, peak RSS and the DL4J / PyTorch ratios, and the
# 1-minute load average before each pair. Run from the repository root after
#   mvn -B -q -pl liverseg-models -am test-compile dependency:build-classpath \
#       -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
# usage: liverseg-models/bench/zoo_compare.sh OUTDIR [train|infer] [PATCH] [BATCH] [WARMUP] [ITERS] [ARCH...]
# default: train 64 2 1 3 for unet attention-unet resenc-unet segresnet. Logs go to OUTDIR.
# Environment: CP_FILE (classpath file, default /tmp/cp.txt); ORDER=dl4j-first to start each pair with
# DL4J (default: PyTorch first; alternate between repeated runs); JAVA_OPTS (default -Xmx4g); MODEL_CLASSES
# (default liverseg-models/target/classes:liverseg-models/target/test-classes, e.g. a saved copy to compare
# against a build before a change).
# Columns: *_s = median wall seconds per step, *_cpu = median process CPU seconds per step (all threads;
# steadier than wall time on a shared machine), *_GB = peak RSS (/usr/bin/time), x = DL4J / PyTorch.
set -eu
out=${1:?usage: zoo_compare.sh OUTDIR [train|infer] [PATCH] [BATCH] [WARMUP] [ITERS] [ARCH...]}
mode=${2:-train}; patch=${3:-64}; batch=${4:-2}; warm=${5:-1}; iters=${6:-3}
shift $(( $# < 6 ? $# : 6 ))
archs=${*:-unet attention-unet resenc-unet segresnet}
order=${ORDER:-torch-first}
mkdir -p "$out"
CP=${MODEL_CLASSES:-liverseg-models/target/classes:liverseg-models/target/test-classes}:$(cat "${CP_FILE:-/tmp/cp.txt}")
median() { sed -n 's/^RESULT .* batch=[0-9]* median=\([0-9.]*\) s.*/\1/p' "$1"; }
cpu() { sed -n 's/^RESULT .* cpu median=\([0-9.]*\) s.*/\1/p' "$1"; }
rss_gb() { sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\)/\1/p' "$1" | awk '{printf "%.2f", $1 / 1048576}'; }
params() { sed -n 's/^RESULT .* params=\([0-9]*\).*/\1/p' "$1"; }
ratio() { echo "$1 $2" | awk '{printf "%.2f", $1 / $2}'; }
torch() {
  /usr/bin/time -v /usr/bin/python3 liverseg-models/bench/pytorch_zoo_bench.py "$1" "$mode" "$patch" "$batch" "$warm" "$iters" \
    > "$out/$1-torch.log" 2>&1
}
dl4j() {
  # shellcheck disable=SC2086
  /usr/bin/time -v java ${JAVA_OPTS:--Xmx4g} -cp "$CP" org.liverseg.models.bench.ZooBench "$1" "$mode" "$patch" "$batch" "$warm" "$iters" \
    > "$out/$1-dl4j.log" 2>&1
}
printf '%-15s %9s %5s %8s %8s %5s %8s %8s %5s %8s %8s %5s\n' arch params load \
  torch_s dl4j_s x torch_cpu dl4j_cpu x torch_GB dl4j_GB x
for a in $archs; do
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$order" = dl4j-first ]; then dl4j "$a"; torch "$a"; else torch "$a"; dl4j "$a"; fi
  t=$(median "$out/$a-torch.log"); d=$(median "$out/$a-dl4j.log")
  tc=$(cpu "$out/$a-torch.log"); dc=$(cpu "$out/$a-dl4j.log")
  rt=$(rss_gb "$out/$a-torch.log"); rd=$(rss_gb "$out/$a-dl4j.log")
  pt=$(params "$out/$a-torch.log"); pd=$(params "$out/$a-dl4j.log")
  [ "$pt" = "$pd" ] || echo "WARNING: $a parameter counts differ: PyTorch $pt, DL4J $pd" >&2
  printf '%-15s %9s %5s %8s %8s %5s %8s %8s %5s %8s %8s %5s\n' "$a" "$pd" "$load" "$t" "$d" "$(ratio "$d" "$t")" \
    "$tc" "$dc" "$(ratio "$dc" "$tc")" "$rt" "$rd" "$(ratio "$rd" "$rt")"
done
