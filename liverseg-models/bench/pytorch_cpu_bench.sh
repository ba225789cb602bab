#!/bin/sh
# Runs a PyTorch benchmark with its per-iteration clock switched from wall time to process CPU time
# (all threads), the figure UNetBench and ZooBench print as "cpu=" -- steadier than wall time on a shared machine.
# usage: pytorch_cpu_bench.sh train 16 64 2 1 3 [none|batch]                the anchor U-Net (pytorch_unet_bench.py)
#        pytorch_cpu_bench.sh ARCHITECTURE train 64 2 1 3                   a zoo twin (pytorch_zoo_bench.py)
# Run from the repository root.
case "$1" in
  unet|attention-unet|resenc-unet|segresnet) script=liverseg-models/bench/pytorch_zoo_bench.py ;;
  *) script=../shared/anchors/pytorch_unet_bench.py ;;
esac
exec /usr/bin/python3 -c "import sys, time; time.perf_counter = time.process_time; sys.argv = ['$script'] + sys.argv[1:]; exec(open('$script').read())" "$@"
