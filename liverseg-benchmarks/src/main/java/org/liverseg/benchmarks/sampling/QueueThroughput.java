package org.liverseg.benchmarks.sampling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.sampling.BatchCollator;
import org.liverseg.sampling.LabelSampler;
import org.liverseg.sampling.Patch;
import org.liverseg.sampling.PatchQueue;

/**
 * PatchQueue throughput: 4 subjects of 256x256x200 read from {@code .nii.gz} (CT int16, labels
 * uint8), {@link LabelSampler} 96^3 with {0: 0.2, 1: 0.3, 2: 0.5}, 2 workers, samplesPerVolume 5,
 * maxLength 40. Not a JMH benchmark: it times a consumer, which JMH cannot express.
 *
 * <ol>
 *   <li>Free-running: the consumer takes patches as fast as the workers produce them (nothing else
 *       to do): patches/s of the queue.
 *   <li>Paced: the consumer takes a batch every {@code stepMillis} ms (collating it into a CT array
 *       and a 3-class one-hot array, then sleeping out the step, as a training step would), and we
 *       measure how long it waits inside {@code next()} once warm (after the first epoch).
 * </ol>
 *
 * <pre>
 * java -cp liverseg-benchmarks/target/benchmarks.jar org.liverseg.benchmarks.sampling.QueueThroughput \
 *     [dir] [epochs=10] [batch=2] [stepMillis=100] [workers=2]
 * </pre>
 *
 * {@code dir} holds (or receives) {@code ct_N.nii.gz} and {@code label_N.nii.gz}, N = 0..3.
 */
public final class QueueThroughput {

  private QueueThroughput() {}

  /** Runs both measurements and prints the results. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir =
        args.length > 0 && !args[0].isEmpty()
            ? Path.of(args[0])
            : Files.createTempDirectory("liverseg-queue");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int stepMillis = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int workers = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    Files.createDirectories(dir);
    List<Subject> subjects = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path ct = dir.resolve("ct_" + i + ".nii.gz");
      Path label = dir.resolve("label_" + i + ".nii.gz");
      if (!Files.exists(ct) || !Files.exists(label)) {
        Subject s = LiverVolume.make("liver_" + i, 4 * i, i);
        Nifti.write(ct, s.image("ct"), NiftiDataType.INT16);
        Nifti.write(label, s.image("label"), NiftiDataType.UINT8);
      }
      subjects.add(
          Subject.builder("liver_" + i)
              .image("ct", ScalarImage.lazy(ct))
              .image("label", LabelMap.lazy(label))
              .build());
    }
    SubjectsDataset dataset = SubjectsDataset.of(subjects);
    System.out.printf(
        "data in %s; %d epochs, batch %d, step %d ms, %d workers, %d cores%n",
        dir, epochs, batch, stepMillis, workers, Runtime.getRuntime().availableProcessors());
    freeRunning(dataset, epochs, workers);
    paced(dataset, epochs, batch, stepMillis, workers);
  }

  private static PatchQueue queue(SubjectsDataset dataset, int workers) {
    return PatchQueue.builder()
        .dataset(dataset)
        .sampler(new LabelSampler(Shape.cube(96), "label", Map.of(0, 0.2, 1, 0.3, 2, 0.5)))
        .samplesPerVolume(5)
        .maxLength(40)
        .numWorkers(workers)
        .seed(0)
        .build();
  }

  private static void freeRunning(SubjectsDataset dataset, int epochs, int workers) {
    try (PatchQueue q = queue(dataset, workers)) {
      long start = System.nanoTime();
      long warm = 0;
      int patches = 0;
      for (int e = 0; e < epochs; e++) {
        for (Patch p : q) {
          patches++;
        }
        if (e == 0) {
          warm = System.nanoTime();
        }
      }
      long end = System.nanoTime();
      System.out.printf(
          "free-running: %d patches in %.2f s: %.1f patches/s (%.1f patches/s after the first epoch)%n",
          patches,
          (end - start) / 1e9,
          patches / ((end - start) / 1e9),
          (patches - q.size()) / ((end - warm) / 1e9));
    }
  }

  private static void paced(
      SubjectsDataset dataset, int epochs, int batch, int stepMillis, int workers)
      throws InterruptedException {
    int patch = 96 * 96 * 96;
    float[] ct = new float[batch * patch];
    float[] target = new float[batch * 3 * patch];
    try (PatchQueue q = queue(dataset, workers)) {
      long waitedWarm = 0;
      long longestWait = 0;
      long collateNanos = 0;
      int steps = 0;
      int waitingSteps = 0;
      long warmStart = 0;
      long end = 0;
      for (int e = 0; e < epochs; e++) {
        Iterator<Patch> it = q.iterator();
        if (e == 1) {
          warmStart = System.nanoTime();
        }
        while (it.hasNext()) {
          long stepStart = System.nanoTime();
          List<Patch> b = new ArrayList<>(batch);
          while (b.size() < batch && it.hasNext()) {
            b.add(it.next());
          }
          long got = System.nanoTime();
          if (e > 0) {
            long w = got - stepStart;
            waitedWarm += w;
            longestWait = Math.max(longestWait, w);
            steps++;
            waitingSteps += w > 1_000_000 ? 1 : 0;
          }
          if (b.size() == batch) {
            BatchCollator.collateInto(b, List.of("ct"), ct);
            BatchCollator.oneHotInto(b, "label", 3, target);
          }
          long collated = System.nanoTime();
          collateNanos += collated - got;
          long rest = stepMillis * 1_000_000L - (collated - stepStart);
          if (rest > 0) {
            Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
          }
        }
        end = System.nanoTime();
      }
      double warmSeconds = (end - warmStart) / 1e9;
      System.out.printf(
          "paced (a batch of %d every %d ms): after the first epoch the consumer waited %.3f s of %.2f s"
              + " (%.2f%%), in %d of %d steps more than 1 ms; longest wait %.1f ms; collation %.1f ms per batch%n",
          batch,
          stepMillis,
          waitedWarm / 1e9,
          warmSeconds,
          100 * waitedWarm / 1e9 / warmSeconds,
          waitingSteps,
          steps,
          longestWait / 1e6,
          collateNanos / 1e6 / Math.max(1, (long) epochs * q.size() / batch));
    }
  }
}
