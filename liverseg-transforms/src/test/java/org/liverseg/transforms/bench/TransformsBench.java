package org.liverseg.transforms.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.spatial.CropOrPad;
import org.liverseg.transforms.spatial.RandomAffine;

/**
 * Harness (not a unit test; surefire skips it) timing the module's hot paths on the volumes of the
 * issue: RandomAffine of a 256x256x200 float image + label map (rotation 7 degrees about z, scale
 * 1.05, like {@code scipy_affine_bench.py}) and CropOrPad 512x512x200 -> 256x256x200 of a 3-image
 * subject. Prints the median of several runs after warm-up. Usage: {@code TransformsBench
 * [affine|croporpad]}.
 */
public final class TransformsBench {

  private TransformsBench() {}

  public static void main(String[] args) {
    String what = args.length > 0 ? args[0] : "all";
    if (what.equals("all") || what.equals("affine")) {
      affine();
    }
    if (what.equals("all") || what.equals("croporpad")) {
      cropOrPad();
    }
  }

  private static void affine() {
    Shape shape = Shape.of(256, 256, 200);
    SplittableRandom r = new SplittableRandom(0);
    float[] v = new float[shape.voxelsAsInt()];
    byte[] l = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
      l[i] = (byte) (v[i] > 1 ? 1 : 0);
    }
    Affine a = Affine.diagonal(1, 1, 1);
    Subject s =
        Subject.builder("bench")
            .image("ct", ScalarImage.of(shape, a, v))
            .image("label", LabelMap.of(new ImageGeometry(shape, 1, a), l))
            .build();
    RandomAffine t = RandomAffine.builder().build();
    double[] scales = {1.05, 1.05, 1.05};
    double[] degrees = {0, 0, 7};
    double[] zero = {0, 0, 0};
    double[] cpu = new double[1];
    double[] times = time(() -> t.apply(s, scales, degrees, zero), 3, 9, cpu);
    System.out.printf(
        "RandomAffine 256x256x200 float32 + uint8 labels: median %.3f s (min %.3f) over %d runs,"
            + " %d cores; process CPU time %.3f s per run%n",
        median(times), times[0], times.length, Runtime.getRuntime().availableProcessors(), cpu[0]);
  }

  private static void cropOrPad() {
    Shape shape = Shape.of(512, 512, 200);
    Affine a = Affine.diagonal(0.7, 0.7, 2.5);
    float[] v1 = new float[shape.voxelsAsInt()];
    float[] v2 = new float[shape.voxelsAsInt()];
    byte[] l = new byte[shape.voxelsAsInt()];
    Arrays.fill(v1, 1);
    Arrays.fill(v2, 2);
    Arrays.fill(l, (byte) 1);
    Subject s =
        Subject.builder("bench")
            .image("ct", ScalarImage.of(shape, a, v1))
            .image("pet", ScalarImage.of(shape, a, v2))
            .image("label", LabelMap.of(new ImageGeometry(shape, 1, a), l))
            .build();
    CropOrPad t = CropOrPad.builder().target(256, 256, 200).build();
    double[] cpu = new double[1];
    double[] times = time(() -> t.apply(s), 3, 15, cpu);
    double outBytes = 256.0 * 256 * 200 * (4 + 4 + 1);
    double med = median(times);
    System.out.printf(
        "CropOrPad 512x512x200 -> 256x256x200, 3 images (2 float32 + 1 uint8): median %.4f s (min %.4f),"
            + " %.2f GB/s at the median, %.2f GB/s at the min (bytes read + written = 2 x output bytes);"
            + " process CPU time %.3f s per run%n",
        med, times[0], 2 * outBytes / med / 1e9, 2 * outBytes / times[0] / 1e9, cpu[0]);
  }

  /**
   * Wall times (sorted) of {@code runs} runs after {@code warmup}; {@code cpu[0]}: mean process CPU
   * seconds per run.
   */
  private static double[] time(Runnable task, int warmup, int runs, double[] cpu) {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (int i = 0; i < warmup; i++) {
      task.run();
    }
    double[] t = new double[runs];
    long c0 = os.getProcessCpuTime();
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      task.run();
      t[i] = (System.nanoTime() - t0) / 1e9;
    }
    cpu[0] = (os.getProcessCpuTime() - c0) / 1e9 / runs;
    Arrays.sort(t);
    return t;
  }

  private static double median(double[] sorted) {
    return sorted[sorted.length / 2];
  }
}
