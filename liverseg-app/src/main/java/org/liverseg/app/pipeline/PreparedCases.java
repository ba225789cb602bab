package org.liverseg.app.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.plan.Plan;
import org.liverseg.transforms.spatial.CropOrPad;

/**
 * The training and validation cases of a run preprocessed once with its plan, as nnU-Net does
 * before training: each case is read, checked (every intensity finite, every label one of the
 * plan's classes; the messages name the file), reoriented to canonical, resampled to the plan's
 * spacing and normalised ({@link Plan#preprocessing()}), then zero-padded (centred) to at least the
 * plan's patch along every axis, as nnU-Net's data loader pads (label 0 where padded); patches are
 * then sampled from these volumes, so no epoch resamples a scan again.
 *
 * <p>Small datasets stay in memory. When the preprocessed cases would take more than a quarter of
 * the heap (estimated from the plan's median shape), they are written as uncompressed NIfTI files
 * into a cache folder (the run's {@code preprocessed/}) and read back lazily, so that only the
 * cases in use are in memory.
 */
public final class PreparedCases {

  private PreparedCases() {}

  /** Bytes per preprocessed voxel: a float32 intensity and a uint8 label. */
  private static final long BYTES_PER_VOXEL = 5;

  /**
   * The preprocessed cases, in the order of {@code raw}, without transform history (they are the
   * training data now).
   *
   * @param raw subjects holding {@value MsdDataset#IMAGE} and {@value MsdDataset#LABEL}
   * @param cacheDir where to write the cases when they do not fit in memory
   * @param threads cases prepared in parallel
   * @throws IllegalArgumentException naming the file if a case has a non-finite intensity or a
   *     label outside the plan's classes
   * @throws IOException if a case cannot be read or the cache cannot be written
   */
  public static List<Subject> prepare(List<Subject> raw, Plan plan, Path cacheDir, int threads)
      throws IOException {
    return prepare(raw, plan, cacheDir, threads, Runtime.getRuntime().maxMemory() / 4);
  }

  /** {@link #prepare(List, Plan, Path, int)} with the memory the cases may take in memory. */
  static List<Subject> prepare(
      List<Subject> raw, Plan plan, Path cacheDir, int threads, long inMemoryBytes)
      throws IOException {
    requireNonNull(plan, "plan");
    double estimate =
        plan.medianShape().x()
            * plan.medianShape().y()
            * plan.medianShape().z()
            * BYTES_PER_VOXEL
            * raw.size();
    boolean cache = estimate > inMemoryBytes;
    if (cache) {
      Files.createDirectories(cacheDir);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<Subject>> futures = new ArrayList<>();
      for (Subject s : raw) {
        futures.add(pool.submit(() -> prepareOne(s, plan, cache ? cacheDir : null)));
      }
      List<Subject> out = new ArrayList<>();
      for (Future<Subject> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while preprocessing", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Subject prepareOne(Subject raw, Plan plan, Path cacheDir) throws IOException {
    Subject s = raw.load();
    s.scalarImage(MsdDataset.IMAGE).requireFinite();
    requireClasses(s.labelMap(MsdDataset.LABEL), plan);
    Subject p = plan.preprocessing().apply(s);
    Shape shape = p.shape();
    if (!plan.patchSize().fitsIn(shape)) {
      int[] padded = new int[3];
      for (int a = 0; a < 3; a++) {
        padded[a] = Math.max(shape.get(a), plan.patchSize().get(a));
      }
      p = CropOrPad.to(Shape.of(padded)).apply(p);
    }
    p = p.withHistory(List.of());
    if (cacheDir == null) {
      return p;
    }
    Path ct = cacheDir.resolve(s.id() + "_" + MsdDataset.IMAGE + ".nii");
    Path label = cacheDir.resolve(s.id() + "_" + MsdDataset.LABEL + ".nii");
    Nifti.write(ct, p.scalarImage(MsdDataset.IMAGE));
    Nifti.write(label, p.labelMap(MsdDataset.LABEL));
    return Subject.builder(s.id())
        .image(MsdDataset.IMAGE, ScalarImage.lazy(ct))
        .image(MsdDataset.LABEL, LabelMap.lazy(label))
        .build();
  }

  /**
   * Fails naming the label map's file if it holds a value that is not one of the plan's classes.
   */
  static void requireClasses(LabelMap labels, Plan plan) {
    long[] h = labels.histogram();
    List<Integer> classes = plan.classes().isEmpty() ? List.of(0, 1, 2) : plan.classes();
    List<String> bad = new ArrayList<>();
    for (int v = 0; v < h.length; v++) {
      if (h[v] > 0 && !classes.contains(v)) {
        bad.add(v + " (" + h[v] + " voxels)");
      }
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(
          labels.path().map(Path::toString).orElse("a label map")
              + ": label values "
              + String.join(", ", bad)
              + " are not among the plan's classes "
              + classes);
    }
  }
}
