#!/bin/sh
# Runs the PyTorch anchor with its per-iteration clock switched from wall time to process CPU time
# (all threads), the figure UNetBench prints as "cpu=" -- steadier than wall time on a shared machine.
# usage: pytorch_cpu_bench.sh train 16 64 2 1 3 [none|batch]
exec /usr/bin/python3 -c "import sys, time; time.perf_counter = time.process_time; sys.argv = ['bench'] + sys.argv[1:]; exec(open('../shared/anchors/pytorch_unet_bench.py').read())" "$@"
