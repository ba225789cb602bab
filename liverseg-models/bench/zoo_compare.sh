#!/bin/sh
# Training step (or inference) of every zoo architecture, DL4J (ZooBench) and its PyTorch twin
# (pytorch_zoo_bench.py) back to back, each under /usr/bin/time -v; prints one line per architecture with
# the median step times, peak RSS and the DL4J / PyTorch ratios. Run from the repository root after
#   mvn -B -q -pl liverseg-models -am test-compile dependency:build-classpath \
#       -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
# usage: liverseg-models/bench/zoo_compare.sh OUTDIR [train|infer] [PATCH] [BATCH] [WARMUP] [ITERS] [ARCH...]
# default: train 64 2 1 3 for unet attention-unet resenc-unet segresnet. Logs go to OUTDIR.
set -eu
out=${1:?usage: zoo_compare.sh OUTDIR [train|infer] [PATCH] [BATCH] [WARMUP] [ITERS] [ARCH...]}
mode=${2:-train}; patch=${3:-64}; batch=${4:-2}; warm=${5:-1}; iters=${6:-3}
shift $(( $# < 6 ? $# : 6 ))
archs=${*:-unet attention-unet resenc-unet segresnet}
mkdir -p "$out"
CP=liverseg-models/target/classes:liverseg-models/target/test-classes:$(cat /tmp/cp.txt)
median() { sed -n 's/^RESULT .* median=\([0-9.]*\) s.*/\1/p' "$1"; }
rss_gb() { sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\)/\1/p' "$1" | awk '{printf "%.2f", $1 / 1048576}'; }
params() { sed -n 's/^RESULT .* params=\([0-9]*\).*/\1/p' "$1"; }
printf '%-15s %10s %9s %9s %6s %9s %9s %6s\n' arch params torch_s dl4j_s ratio torch_GB dl4j_GB ratio
for a in $archs; do
  /usr/bin/time -v /usr/bin/python3 liverseg-models/bench/pytorch_zoo_bench.py "$a" "$mode" "$patch" "$batch" "$warm" "$iters" \
    > "$out/$a-torch.log" 2>&1
  /usr/bin/time -v java -Xmx4g -cp "$CP" org.liverseg.models.bench.ZooBench "$a" "$mode" "$patch" "$batch" "$warm" "$iters" \
    > "$out/$a-dl4j.log" 2>&1
  t=$(median "$out/$a-torch.log"); d=$(median "$out/$a-dl4j.log")
  rt=$(rss_gb "$out/$a-torch.log"); rd=$(rss_gb "$out/$a-dl4j.log")
  pt=$(params "$out/$a-torch.log"); pd=$(params "$out/$a-dl4j.log")
  [ "$pt" = "$pd" ] || echo "WARNING: $a parameter counts differ: PyTorch $pt, DL4J $pd" >&2
  printf '%-15s %10s %9s %9s %6s %9s %9s %6s\n' "$a" "$pd" "$t" "$d" "$(echo "$d $t" | awk '{printf "%.2f", $1 / $2}')" \
    "$rt" "$rd" "$(echo "$rd $rt" | awk '{printf "%.2f", $1 / $2}')"
done
