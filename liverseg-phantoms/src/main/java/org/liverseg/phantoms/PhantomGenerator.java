package org.liverseg.phantoms;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.msd.MsdDescriptor;
import org.liverseg.io.msd.MsdPair;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;

/**
 * Generates synthetic abdominal CT phantoms with liver and tumour labels, a stand-in for the
 * Medical Segmentation Decathlon's Task03_Liver that needs no download.
 *
 * <p>Each case is a patient-like volume in Hounsfield units: air (-1000) around a body whose
 * outline varies along z, subcutaneous fat (about -100 HU) and an abdominal-wall muscle layer
 * (about 50 HU), bowel and mesenteric fat, the spine (cortical bone above 400 HU, discs, spinal
 * canal), ribs in the upper slices, lung bases at the top, an irregular liver on the patient's
 * right (about 55-68 HU; two lobes, smoothly deformed, changing from slice to slice) with
 * contrast-filled vessels (160-200 HU) inside it, 0 to 4 hypo-dense tumours (20-40 HU darker than
 * the liver, radii from a few millimetres to about 3 cm, always enclosed by liver), and organs
 * whose intensity is close to the liver's (spleen, muscles, stomach wall, bowel) or brighter
 * (kidneys, aorta, IVC), so that no intensity window separates the liver. The clean volume is
 * mildly blurred and correlated Gaussian noise (10-15 HU) is added; values are whole numbers in
 * [-1024, 3071], so they survive an int16 file exactly.
 *
 * <p>The affine is LPS-like, as nibabel reports the real MSD files: {@code diag(-sx, -sy, sz)}
 * (voxel i runs towards the patient's left, j towards posterior, k towards superior) with the
 * volume roughly centred in x and y. Spacing is anisotropic (see {@link PhantomSize}).
 *
 * <p>A case depends only on the seed, the size and its index: each case draws from its own
 * generator derived from {@code seed} and the index, so cases can be generated in any order, in
 * parallel, and always come out identical. Within a case, slices are rendered in parallel on the
 * common fork-join pool with per-slice generators, which keeps results independent of the thread
 * count. A generator is immutable and thread-safe.
 *
 * <pre>{@code
 * PhantomGenerator gen = PhantomGenerator.builder().size(PhantomSize.SMALL).seed(42).build();
 * Subject s = gen.generate(0);              // images "ct" (ScalarImage) and "label" (LabelMap)
 * gen.writeDataset(Path.of("data/Task03_Liver"), 8, DatasetProgress.NONE); // MSD layout on disk
 * }</pre>
 */
public final class PhantomGenerator {

  /** Name of the CT image in generated subjects. */
  public static final String CT = "ct";

  /** Name of the label map in generated subjects. */
  public static final String LABEL = "label";

  /** Label of liver voxels. */
  public static final int LIVER = Renderer.LIVER;

  /** Label of tumour voxels. */
  public static final int TUMOUR = Renderer.TUMOUR;

  private final PhantomSize size;
  private final long seed;
  private final int threads;

  private PhantomGenerator(PhantomSize size, long seed, int threads) {
    this.size = size;
    this.seed = seed;
    this.threads = threads;
  }

  /** A builder with defaults {@link PhantomSize#SMALL} and seed 42. */
  public static Builder builder() {
    return new BuilderImpl();
  }

  /** The grid size of generated cases. */
  public PhantomSize size() {
    return size;
  }

  /** The seed all cases derive from. */
  public long seed() {
    return seed;
  }

  /** The id of case {@code caseIndex}: {@code "liver_" + caseIndex}, as in Task03_Liver. */
  public static String caseId(int caseIndex) {
    return "liver_" + caseIndex;
  }

  /**
   * Generates case {@code caseIndex} in memory: a subject with id {@code liver_N}, a ScalarImage
   * {@value #CT} (HU) and a LabelMap {@value #LABEL} (0 background, 1 liver, 2 tumour), and
   * metadata {@code phantom.seed}, {@code phantom.size} and {@code phantom.tumours}.
   *
   * @throws IllegalArgumentException if {@code caseIndex} is negative
   */
  public Subject generate(int caseIndex) {
    checkArgument(caseIndex >= 0, "case index must be non-negative, got %s", caseIndex);
    long caseSeed = mix(seed ^ mix(caseIndex + 0x632BE59BD9B4E019L));
    Anatomy anatomy = new Anatomy(new SplittableRandom(caseSeed), size);
    Renderer.Volumes v = new Renderer(anatomy, caseSeed).render();
    Grid g = anatomy.grid;
    // values as float32 so that the affine survives a NIfTI file (float32 srow/pixdim) exactly
    Affine affine =
        Affine.of(
            new double[][] {
              {-f(anatomy.spacingXy), 0, 0, f(anatomy.origin[0])},
              {0, -f(anatomy.spacingXy), 0, f(anatomy.origin[1])},
              {0, 0, f(anatomy.spacingZ), f(anatomy.origin[2])}
            });
    ImageGeometry geometry = new ImageGeometry(Shape.of(g.nx(), g.ny(), g.nz()), 1, affine);
    return Subject.builder(caseId(caseIndex))
        .image(CT, ScalarImage.of(geometry, v.hu()))
        .image(LABEL, LabelMap.of(geometry, v.labels()))
        .metadata("phantom.seed", Long.toString(seed))
        .metadata("phantom.size", size.toString())
        .metadata("phantom.tumours", Integer.toString(anatomy.tumours.size()))
        .build();
  }

  /**
   * Writes cases {@code 0 .. cases-1} into {@code dir} in the exact layout of the Decathlon's
   * Task03_Liver: {@code imagesTr/liver_N.nii.gz} (int16 HU), {@code labelsTr/liver_N.nii.gz}
   * (uint8) and a {@code dataset.json} listing them (labels 0 background, 1 liver, 2 cancer;
   * modality CT; no test cases), which {@link MsdDataset#open} reads back. Cases are generated and
   * written in parallel on {@link Builder#threads} threads; each file is written atomically and
   * {@code dataset.json} last, so a folder with a {@code dataset.json} is complete. Existing files
   * of the same names are replaced.
   *
   * @param dir the dataset folder (created if needed)
   * @param cases how many cases, at least 1
   * @param progress told about each finished case
   * @throws IOException naming the case and file that could not be written (the other cases are
   *     cancelled)
   */
  public void writeDataset(Path dir, int cases, DatasetProgress progress) throws IOException {
    checkArgument(cases > 0, "number of cases must be positive, got %s", cases);
    requireNonNull(progress, "progress");
    Path images = Files.createDirectories(dir.resolve(MsdDataset.IMAGES_TR));
    Path labels = Files.createDirectories(dir.resolve(MsdDataset.LABELS_TR));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(threads, cases),
            r -> {
              Thread t = new Thread(r, "phantom-writer");
              t.setDaemon(true);
              return t;
            });
    Object progressLock = new Object();
    int[] done = {0};
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int c = 0; c < cases; c++) {
        int index = c;
        futures.add(
            pool.submit(
                () -> {
                  String id = caseId(index);
                  Subject s = generate(index);
                  Path image = images.resolve(id + ".nii.gz");
                  Path label = labels.resolve(id + ".nii.gz");
                  try {
                    Nifti.write(image, s.image(CT), NiftiDataType.INT16);
                    Nifti.write(label, s.image(LABEL), NiftiDataType.UINT8);
                  } catch (IOException e) {
                    throw new UncheckedIOException(
                        "case "
                            + id
                            + ": cannot write "
                            + image
                            + " / "
                            + label
                            + ": "
                            + e.getMessage(),
                        e);
                  }
                  synchronized (progressLock) {
                    progress.caseWritten(id, ++done[0], cases);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          futures.forEach(x -> x.cancel(true));
          Throwable cause = e.getCause();
          if (cause instanceof UncheckedIOException u) {
            throw new IOException(u.getMessage(), u.getCause());
          }
          throw new IOException("phantom dataset " + dir + ": " + cause, cause);
        } catch (InterruptedException e) {
          futures.forEach(x -> x.cancel(true));
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while writing phantom dataset " + dir, e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    List<MsdPair> pairs = new ArrayList<>();
    for (int c = 0; c < cases; c++) {
      String file = caseId(c) + ".nii.gz";
      pairs.add(
          new MsdPair(
              MsdDataset.relative(MsdDataset.IMAGES_TR, file),
              MsdDataset.relative(MsdDataset.LABELS_TR, file)));
    }
    MsdDataset.writeDescriptor(
        dir,
        MsdDescriptor.liver(
            "Liver",
            "Synthetic liver and tumour CT phantoms in the layout of MSD Task03_Liver (liverseg, size "
                + size
                + ", seed "
                + seed
                + ")",
            pairs,
            List.of()));
  }

  private static double f(double x) {
    return (float) x;
  }

  /** A 64-bit mixing function (the SplitMix64 finaliser): nearby inputs give unrelated outputs. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public String toString() {
    return "PhantomGenerator(size=" + size + ", seed=" + seed + ")";
  }

  /** Configures a {@link PhantomGenerator}. */
  public interface Builder {
    /** The grid size (default {@link PhantomSize#SMALL}). */
    Builder size(PhantomSize size);

    /** The seed every case derives from (default 42). */
    Builder seed(long seed);

    /**
     * Threads that generate and write cases in parallel in {@link #writeDataset} (default: the
     * number of processors). Results do not depend on it.
     */
    Builder threads(int threads);

    /** The immutable generator. */
    PhantomGenerator build();
  }

  private static final class BuilderImpl implements Builder {
    private PhantomSize size = PhantomSize.SMALL;
    private long seed = 42;
    private int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Builder threads(int threads) {
      checkArgument(threads > 0, "threads must be positive, got %s", threads);
      this.threads = threads;
      return this;
    }

    @Override
    public Builder size(PhantomSize size) {
      this.size = requireNonNull(size, "size");
      return this;
    }

    @Override
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    @Override
    public PhantomGenerator build() {
      return new PhantomGenerator(size, seed, threads);
    }
  }
}
