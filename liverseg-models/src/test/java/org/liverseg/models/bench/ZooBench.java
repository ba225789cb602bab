package org.liverseg.models.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.models.Architecture;
import org.liverseg.models.DeepSupervision;
import org.liverseg.models.ModelZoo;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;

/**
 * Plain timing harness for every zoo architecture, the DL4J side of {@code
 * liverseg-models/bench/pytorch_zoo_bench.py} (same arguments, the same networks as the PyTorch
 * twins of {@code scripts/zoo_twins.py}, weighted CE 1/1/3, Adam 1e-4). Not a test; {@code
 * liverseg-models/bench/zoo_compare.sh} runs both sides and prints the ratios.
 *
 * <pre>
 * ZooBench ARCHITECTURE train|infer PATCH BATCH WARMUP ITERS [--profile] [--memory] [--ws-none]
 * </pre>
 *
 * {@code --profile} prints DL4J's {@code OpProfiler} dashboard (time per native op) for the timed
 * iterations; {@code --memory} prints, after the last iteration, every ND4J workspace of the
 * training thread with its size, the JVM heap and the off-heap memory JavaCPP tracks, so that the
 * peak RSS can be attributed; {@code --ws-none} trains with {@code WorkspaceMode.NONE}.
 *
 * <p>The benchmark networks (see {@link #benchmarkNetwork}): widths 16, 32, 64, 128 for every
 * architecture; unet without normalisation (the seed's), attention-unet with batch norm (MONAI's),
 * resenc-unet with instance norm, blocks 1, 3, 4, 6 and deep supervision (nnU-Net trains with it),
 * segresnet with group norm (8 groups), blocks 1, 2, 2, 4. Prints each iteration's wall and CPU
 * seconds, the medians and the peak resident memory (VmHWM, including ND4J's off-heap buffers).
 */
public final class ZooBench {

  private ZooBench() {}

  /** The benchmark configuration of a zoo entry (keep in step with pytorch_zoo_bench.py). */
  static Architecture benchmarkNetwork(String name) {
    return benchmarkBuilder(name).build();
  }

  private static Architecture.Builder benchmarkBuilder(String name) {
    Architecture.Builder b = ModelZoo.builder(name).widths(16, 32, 64, 128);
    if (name.equals("resenc-unet")) {
      b.deepSupervision(true);
    }
    return b;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 6) {
      System.err.println(
          "usage: ZooBench ARCHITECTURE train|infer PATCH BATCH WARMUP ITERS [--profile]; "
              + "architectures: "
              + ModelZoo.names());
      System.exit(2);
    }
    List<String> opts = Arrays.asList(args);
    Architecture.Builder builder = benchmarkBuilder(args[0]);
    if (opts.contains("--ws-none")) {
      builder.workspaceMode(WorkspaceMode.NONE);
    }
    Architecture a = builder.build();
    String mode = args[1];
    int p = Integer.parseInt(args[2]);
    int b = Integer.parseInt(args[3]);
    int warm = Integer.parseInt(args[4]);
    int iters = Integer.parseInt(args[5]);
    boolean profile = opts.contains("--profile");
    ComputationGraph net = a.newNetwork();
    System.out.printf(
        "params=%d; %s; omp=%s; java threads=%d%n",
        net.numParams(),
        a,
        System.getenv("OMP_NUM_THREADS"),
        Runtime.getRuntime().availableProcessors());
    Nd4j.getRandom().setSeed(0);
    INDArray x = Nd4j.rand(DataType.FLOAT, b, a.inputChannels(), p, p, p);
    List<Double> ts = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    MultiDataSet ds =
        new MultiDataSet(
            new INDArray[] {x}, DeepSupervision.of(a).targets(oneHot(new Random(0), b, p)));
    for (int i = 0; i < warm + iters; i++) {
      if (i == warm && profile) {
        UNetBench.startProfiling();
      }
      long c0 = UNetBench.cpuNanos();
      long t0 = System.nanoTime();
      String what;
      if (mode.equals("train")) {
        net.fit(ds);
        what = String.format("loss=%.5f", net.score());
      } else {
        what = "shape=" + Arrays.toString(net.output(false, x)[0].shape());
      }
      double s = (System.nanoTime() - t0) / 1e9;
      double c = (UNetBench.cpuNanos() - c0) / 1e9;
      System.out.printf("iter %d %.3f s cpu=%.3f s %s %s%n", i, s, c, what, UNetBench.peakRss());
      if (i >= warm) {
        ts.add(s);
        cpu.add(c);
      }
    }
    if (profile) {
      OpProfiler.getInstance().printOutDashboard();
    }
    if (opts.contains("--memory")) {
      printMemory();
    }
    Collections.sort(ts);
    System.out.printf(
        "RESULT %s %s patch=%d batch=%d median=%.3f s (n=%d) min=%.3f max=%.3f cpu median=%.3f s"
            + " params=%d%n",
        a.name(),
        mode,
        p,
        b,
        UNetBench.median(ts),
        ts.size(),
        ts.get(0),
        ts.get(ts.size() - 1),
        UNetBench.median(cpu),
        net.numParams());
    System.out.println("peak RSS " + UNetBench.peakRss());
    System.exit(0);
  }

  /** Workspaces of this thread, JVM heap and JavaCPP's off-heap counters, in MB. */
  private static void printMemory() {
    double mb = 1 << 20;
    long total = 0;
    for (MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
      total += w.getCurrentSize();
      System.out.printf(
          "workspace %-28s size %8.1f MB, max cycle %8.1f MB%n",
          w.getId(), w.getCurrentSize() / mb, w.getMaxCycleAllocations() / mb);
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "workspaces total %.1f MB; JVM heap committed %.1f MB, used %.1f MB;"
            + " JavaCPP tracked %.1f MB, physical (RSS) %.1f MB%n",
        total / mb,
        rt.totalMemory() / mb,
        (rt.totalMemory() - rt.freeMemory()) / mb,
        Pointer.totalBytes() / mb,
        Pointer.physicalBytes() / mb);
  }

  /** Labels like the twin's {@code randint(0, 3)}, one-hot over the channel axis. */
  private static INDArray oneHot(Random r, int b, int p) {
    float[] y = new float[b * 3 * p * p * p];
    int vol = p * p * p;
    for (int n = 0; n < b; n++) {
      for (int v = 0; v < vol; v++) {
        y[(n * 3 + r.nextInt(3)) * vol + v] = 1f;
      }
    }
    return Nd4j.create(y, new long[] {b, 3, p, p, p}, 'c');
  }
}
