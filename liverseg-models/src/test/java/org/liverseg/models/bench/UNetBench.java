package org.liverseg.models.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.models.Norm;
import org.liverseg.models.UNet3D;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * Plain timing harness for the U-Net, the DL4J side of {@code
 * ../shared/anchors/pytorch_unet_bench.py} (same arguments, same network: 4 levels f0..8f0,
 * trilinear up, weighted CE, Adam 1e-4). Not a test; run it as described in the module README.
 *
 * <pre>
 * UNetBench train|infer F0 PATCH BATCH WARMUP ITERS [none|batch] [--no-reuse] [--ws-none] [--no-helpers] [--profile]
 * </pre>
 *
 * Prints each iteration's wall and CPU seconds (process CPU time, all threads: on a shared machine
 * it is the steadier figure), the medians, and the process's peak resident memory (VmHWM, which
 * includes ND4J's off-heap buffers).
 */
public final class UNetBench {

  private UNetBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 6) {
      System.err.println(
          "usage: UNetBench train|infer F0 PATCH BATCH WARMUP ITERS [none|batch] [--no-reuse]"
              + " [--ws-none] [--no-helpers] [--profile]");
      System.exit(2);
    }
    String mode = args[0];
    int f0 = Integer.parseInt(args[1]);
    int p = Integer.parseInt(args[2]);
    int b = Integer.parseInt(args[3]);
    int warm = Integer.parseInt(args[4]);
    int iters = Integer.parseInt(args[5]);
    List<String> opts = Arrays.asList(args).subList(6, args.length);
    if (opts.contains("--no-helpers")) {
      // Turns off libnd4j's platform (oneDNN) implementations: the generic C++ ops run instead.
      Nd4j.getEnvironment().allowHelpers(false);
    }
    Norm norm = opts.contains("batch") ? Norm.BATCH : Norm.NONE;
    UNet3D u =
        UNet3D.builder()
            .filters(f0, 2 * f0, 4 * f0, 8 * f0)
            .norm(norm)
            .reuseForwardInBackprop(!opts.contains("--no-reuse"))
            .workspaceMode(opts.contains("--ws-none") ? WorkspaceMode.NONE : WorkspaceMode.ENABLED)
            .build();
    ComputationGraph net = u.newNetwork();
    System.out.printf(
        "params=%d; %s; omp=%s; java threads=%d; opts=%s%n",
        net.numParams(),
        u,
        System.getenv("OMP_NUM_THREADS"),
        Runtime.getRuntime().availableProcessors(),
        opts);
    System.out.println("nd4j: " + Nd4j.getExecutioner().getEnvironmentInformation());

    Nd4j.getRandom().setSeed(0);
    INDArray x = Nd4j.rand(DataType.FLOAT, b, 1, p, p, p);
    List<Double> ts = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    if (mode.equals("train")) {
      INDArray y = oneHot(new Random(0), b, p);
      MultiDataSet ds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
      for (int i = 0; i < warm + iters; i++) {
        if (i == warm && opts.contains("--profile")) {
          startProfiling();
        }
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        net.fit(ds);
        double s = (System.nanoTime() - t0) / 1e9;
        double c = (cpuNanos() - c0) / 1e9;
        System.out.printf("iter %d %.3f s cpu=%.3f s loss=%.5f%n", i, s, c, net.score());
        if (i >= warm) {
          ts.add(s);
          cpu.add(c);
        }
      }
    } else {
      for (int i = 0; i < warm + iters; i++) {
        if (i == warm && opts.contains("--profile")) {
          startProfiling();
        }
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        INDArray out = net.outputSingle(false, x);
        double s = (System.nanoTime() - t0) / 1e9;
        double c = (cpuNanos() - c0) / 1e9;
        System.out.printf(
            "iter %d %.3f s cpu=%.3f s shape=%s%n", i, s, c, Arrays.toString(out.shape()));
        if (i >= warm) {
          ts.add(s);
          cpu.add(c);
        }
      }
    }
    if (opts.contains("--profile")) {
      OpProfiler.getInstance().printOutDashboard();
    }
    Collections.sort(ts);
    System.out.printf(
        "RESULT %s f0=%d patch=%d batch=%d median=%.3f s (n=%d) min=%.3f max=%.3f cpu median=%.3f s%n",
        mode, f0, p, b, median(ts), ts.size(), ts.get(0), ts.get(ts.size() - 1), median(cpu));
    System.out.println("peak RSS " + peakRss());
    System.exit(0);
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** CPU time of the whole process (all threads, native ones included). */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static void startProfiling() {
    Nd4j.getExecutioner()
        .setProfilingConfig(
            ProfilerConfig.builder().checkElapsedTime(true).checkWorkspaces(false).build());
    OpProfiler.getInstance().reset();
  }

  /** Labels like the anchor's {@code randint(0, 3)}, one-hot over the channel axis. */
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

  static String peakRss() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM"))
        .findFirst()
        .orElse("VmHWM: n/a")
        .replaceAll("\\s+", " ");
  }
}
