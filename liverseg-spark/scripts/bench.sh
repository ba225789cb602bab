#!/usr/bin/env bash
# Plain `liverseg predict` against `liverseg spark-predict --master local[1]` and `local[2]` on the same
# phantoms and model: wall time, cases per minute, Spark's overhead at local[1], peak RSS (the one JVM,
# which in local mode is driver and executor). One ND4J (OpenMP) thread per task, and one for predict.
#
#   liverseg-spark/scripts/bench.sh                      # 24 small phantoms, a 1-epoch cpu-preset model
#   CASES=48 SIZE=small MODEL=path/model.zip WORK=/tmp/b liverseg-spark/scripts/bench.sh
#
# A MODEL of your own should have been trained with --threads 1 (predict uses the model's thread count).
# Needs Java 17, Maven and GNU time (/usr/bin/time). Run it on a quiet machine: it prints the load
# average before and after.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cases="${CASES:-24}"
size="${SIZE:-small}"
work="${WORK:-$root/liverseg-spark/target/bench}"
liverseg="$root/liverseg"
data="$work/data-$size-$cases"

mkdir -p "$work"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

"$liverseg" --version >/dev/null # builds liverseg.jar if needed, outside the timings
# the timed runs call the jar itself: the launcher would rebuild it if a source changed meanwhile
# shellcheck disable=SC2206 # LIVERSEG_JAVA_OPTS holds several words on purpose
jar=(java ${LIVERSEG_JAVA_OPTS:-} -jar "$root/liverseg-app/target/liverseg.jar")
if [[ ! -f "$data/dataset.json" ]]; then
  "${jar[@]}" phantoms --size "$size" --cases "$cases" --seed 7 --out "$data" >/dev/null 2>&1
fi
model="${MODEL:-$work/model-$size/model.zip}"
if [[ ! -f "$model" ]]; then
  echo "training a 1-epoch cpu-preset model (one thread) for the benchmark ..."
  "${jar[@]}" train --preset cpu --data "$data" --epochs 1 --threads 1 --no-progress \
    --out "$(dirname "$model")" >"$work/train.log" 2>&1
fi

# run NAME COMMAND...: times the command, keeps "seconds peakRSS-KiB" in $work/NAME.time
run() {
  local name="$1"
  shift
  rm -rf "$work/out-$name"
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 || {
    echo "$name failed (exit $?): see $work/$name.log" >&2
    tail -5 "$work/$name.log" >&2
    exit 1
  }
}

export OMP_NUM_THREADS=1
run predict "${jar[@]}" predict --model "$model" --out "$work/out-predict" "$data"/imagesTr/*.nii.gz
run local1 "${jar[@]}" spark-predict --master 'local[1]' --model "$model" --out "$work/out-local1" "$data/imagesTr"
run local2 "${jar[@]}" spark-predict --master 'local[2]' --model "$model" --out "$work/out-local2" "$data/imagesTr"

# the masks must be the same bytes, whichever ran them
for f in "$work"/out-predict/*.nii.gz; do
  cmp -s "$f" "$work/out-local1/masks/$(basename "$f")" || { echo "local[1] mask differs: $f" >&2; exit 1; }
  cmp -s "$f" "$work/out-local2/masks/$(basename "$f")" || { echo "local[2] mask differs: $f" >&2; exit 1; }
done

read -r base_s base_kb <"$work/predict.time"
printf '\n%-22s %9s %12s %14s %13s\n' "run ($cases $size cases)" "wall s" "cases/min" "vs predict" "peak RSS MiB"
for name in predict local1 local2; do
  read -r s kb <"$work/$name.time"
  label="$name"
  [[ $name == local1 ]] && label="spark-predict local[1]"
  [[ $name == local2 ]] && label="spark-predict local[2]"
  awk -v n="$label" -v s="$s" -v kb="$kb" -v b="$base_s" -v c="$cases" \
    'BEGIN { printf "%-22s %9.1f %12.1f %+13.1f%% %13.0f\n", n, s, 60 * c / s, 100 * (s - b) / b, kb / 1024 }'
done
echo
echo "masks identical in all three runs; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "logs and outputs: $work"
