#!/usr/bin/env bash
# Runs every liverseg benchmark next to its anchor (nibabel, scipy, PyTorch) in one session, so the
# ratios come from the same machine state. Needs Debian's python3-nibabel, python3-scipy and
# python3-torch (/usr/bin/python3). Usage: liverseg-benchmarks/scripts/compare_all.sh [OUT_DIR] [io transforms sampling models]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT=${1:-/tmp/liverseg-bench}
shift || true
PARTS=${*:-io transforms sampling models}
mkdir -p "$OUT"
PY=/usr/bin/python3
# the anchors sit next to the repository (../shared/anchors from its root); ANCHORS overrides
A=${ANCHORS:-../shared/anchors}
[ -d "$A" ] || { echo "anchors not found at $A (set ANCHORS)" >&2; exit 2; }
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg)"

mvn -B -q -pl liverseg-benchmarks -am package -Dmaven.test.skip=true
B=liverseg-benchmarks/target/benchmarks.jar
testcp() { # module -> test classpath
  mvn -B -q -pl "$1" -am test-compile dependency:build-classpath -Dmdep.outputFile="$OUT/cp-$1.txt" -Dmdep.includeScope=test >/dev/null
  echo "$1/target/test-classes:$1/target/classes:$(cat "$OUT/cp-$1.txt")"
}

for part in $PARTS; do
  case $part in
  io)
    echo "== io: NIfTI read/write, 256x256x200 int16 (anchor volume)"
    [ -f "$OUT/ct.nii.gz" ] || $PY "$A/nibabel_read_bench.py" make "$OUT"
    java -Xmx4g -cp "$B" org.liverseg.benchmarks.io.NiftiTimer "$OUT" 9
    $PY liverseg-benchmarks/scripts/nibabel_io_bench.py "$OUT" 7
    $PY "$A/nibabel_read_bench.py" read "$OUT/ct.nii.gz"
    /usr/bin/time -f "zcat alone: %e s" zcat "$OUT/ct.nii.gz" > /dev/null
    ;;
  transforms)
    echo "== transforms: RandomAffine image+label 256x256x200, CropOrPad 512->256 x3 images"
    java -Xmx8g -cp "$(testcp liverseg-transforms)" org.liverseg.transforms.bench.TransformsBench
    $PY "$A/scipy_affine_bench.py"
    ;;
  sampling)
    echo "== sampling: LabelSampler 1000 x 96^3, grid pass 256x256x200, queue"
    java -Xmx3g -cp "$B" org.liverseg.benchmarks.sampling.SamplingTimes 5
    java -Xmx3g -cp "$B" org.liverseg.benchmarks.sampling.QueueThroughput "$OUT/queue" 6
    ;;
  models)
    echo "== models: U-Net 16/32/64/128, train batch 2 at 64^3, inference batch 4 at 64^3"
    CP=$(testcp liverseg-models)
    /usr/bin/time -f "DL4J train peak RSS %M kB" java -Xmx4g -cp "$CP" org.liverseg.models.bench.UNetBench train 16 64 2 1 3
    /usr/bin/time -f "PyTorch train peak RSS %M kB" $PY "$A/pytorch_unet_bench.py" train 16 64 2 1 3
    /usr/bin/time -f "DL4J infer peak RSS %M kB" java -Xmx4g -cp "$CP" org.liverseg.models.bench.UNetBench infer 16 64 4 1 3
    /usr/bin/time -f "PyTorch infer peak RSS %M kB" $PY "$A/pytorch_unet_bench.py" infer 16 64 4 1 3
    java -Xmx4g -cp "$CP" org.liverseg.models.bench.PredictorBench unet:16,32,64,128 64 16 4 SMALL HANN
    ;;
  *) echo "unknown part $part (io transforms sampling models)"; exit 2 ;;
  esac
done
