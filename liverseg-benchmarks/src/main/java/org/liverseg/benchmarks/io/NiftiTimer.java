package org.liverseg.benchmarks.io;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.io.nifti.NiftiWriter;

/**
 * A quick companion to {@link NiftiBenchmark} for a shared, busy machine: the same three operations
 * on the anchor files, reporting the median wall time and the median process CPU time (all threads)
 * per operation, which a loaded machine inflates far less than wall time. Usage: {@code java -cp
 * liverseg-benchmarks/target/benchmarks.jar org.liverseg.benchmarks.io.NiftiTimer DIR [REPS]} with
 * {@code DIR} holding {@code ct.nii.gz} and {@code ct.nii}.
 */
public final class NiftiTimer {

  private NiftiTimer() {}

  /** Something timed. */
  private interface Op {
    void run() throws IOException;
  }

  /** Runs the three measurements. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/lsbench");
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    Path gz = dir.resolve("ct.nii.gz");
    Path nii = dir.resolve("ct.nii");
    Path out = Files.createTempFile("liverseg-timer", ".nii.gz");
    ScalarImage image = ScalarImage.read(gz);
    long bytes = Files.size(nii);
    time("read .nii.gz -> float32", reps, () -> ScalarImage.read(gz).voxels(), 0);
    time("read .nii -> float32", reps, () -> ScalarImage.read(nii).voxels(), bytes);
    for (int threads : new int[] {1, Runtime.getRuntime().availableProcessors()}) {
      NiftiWriter w = NiftiWriter.builder().dataType(NiftiDataType.INT16).threads(threads).build();
      time("write .nii.gz int16, " + threads + " thread(s)", reps, () -> w.write(out, image), 0);
    }
    Files.deleteIfExists(out);
  }

  private static void time(String what, int reps, Op op, long bytes) throws IOException {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int i = 0; i < 3; i++) {
      op.run();
    }
    double[] wall = new double[reps];
    double[] cpu = new double[reps];
    for (int i = 0; i < reps; i++) {
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      op.run();
      wall[i] = (System.nanoTime() - t0) / 1e6;
      cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    String rate =
        bytes > 0 ? String.format(", %.2f GB/s at the median", bytes / wall[reps / 2] / 1e6) : "";
    System.out.printf(
        "%-34s wall median %6.0f ms (min %6.0f), process CPU median %6.0f ms%s%n",
        what, wall[reps / 2], wall[0], cpu[reps / 2], rate);
  }
}
