package org.liverseg.benchmarks.sampling;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.sampling.BatchCollator;
import org.liverseg.sampling.GridAggregator;
import org.liverseg.sampling.GridSampler;
import org.liverseg.sampling.LabelSampler;
import org.liverseg.sampling.Patch;
import org.liverseg.transforms.spatial.PaddingMode;

/**
 * The numbers of {@link LabelSamplerBenchmark} and {@link GridBenchmark} with wall time and the
 * thread's CPU time side by side (medians over repetitions after warm-up), for a machine shared
 * with other work where CPU time is the steadier figure. Everything runs on the calling thread.
 *
 * <pre>
 * java -Xmx3g -cp liverseg-benchmarks/target/benchmarks.jar org.liverseg.benchmarks.sampling.SamplingTimes [reps=5]
 * </pre>
 */
public final class SamplingTimes {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private SamplingTimes() {}

  /** Prints median wall and CPU seconds of each workload. */
  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Subject subject = LiverVolume.make("liver_0", 0, 1);
    Subject ctOnly = Subject.builder(subject.id()).image("ct", subject.image("ct")).build();
    LabelSampler sampler =
        new LabelSampler(Shape.cube(96), "label", Map.of(0, 0.2, 1, 0.3, 2, 0.5));
    int patch = 96 * 96 * 96;
    float[] two = new float[2 * 2 * patch];
    float[] one = new float[2 * patch];
    float[] hot = new float[2 * 3 * patch];
    for (String collate : List.of("none", "ct+label", "ct+onehot")) {
      time(
          "LabelSampler 1000 x 96^3, collate " + collate,
          reps,
          seed -> {
            Iterator<Patch> it = sampler.sample(subject, new SplittableRandom(seed));
            List<Patch> batch = new ArrayList<>(2);
            for (int n = 0; n < 1000; n++) {
              batch.add(it.next());
              if (batch.size() == 2) {
                if (collate.equals("ct+label")) {
                  BatchCollator.collateInto(batch, List.of("ct", "label"), two);
                } else if (collate.equals("ct+onehot")) {
                  BatchCollator.collateInto(batch, List.of("ct"), one);
                  BatchCollator.oneHotInto(batch, "label", 3, hot);
                }
                batch.clear();
              }
            }
          });
    }
    float[] batch = new float[4 * patch];
    for (GridAggregator.Mode mode : GridAggregator.Mode.values()) {
      for (boolean padded : new boolean[] {false, true}) {
        time(
            "grid pass 256x256x200, patch 96, overlap 16, " + mode + (padded ? ", padded" : ""),
            reps * 2,
            seed -> {
              GridSampler grid =
                  new GridSampler(
                      ctOnly, Shape.cube(96), new int[] {16}, padded ? PaddingMode.ZERO : null);
              GridAggregator aggregator = new GridAggregator(grid, mode);
              for (List<Patch> b : grid.batches(4)) {
                float[] data = b.size() == 4 ? batch : new float[b.size() * patch];
                BatchCollator.collateInto(b, List.of("ct"), data);
                aggregator.add(data, b.stream().map(Patch::location).toList());
              }
              aggregator.output();
            });
      }
    }
  }

  private interface Work {
    void run(long seed);
  }

  private static void time(String name, int reps, Work work) {
    work.run(-1);
    work.run(-2); // warm-up
    double[] wall = new double[reps];
    double[] cpu = new double[reps];
    for (int r = 0; r < reps; r++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      work.run(r);
      wall[r] = (System.nanoTime() - t0) / 1e9;
      cpu[r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    System.out.printf(
        "%-70s wall median %.3f s (min %.3f), CPU median %.3f s (min %.3f)%n",
        name, wall[reps / 2], wall[0], cpu[reps / 2], cpu[0]);
  }
}
