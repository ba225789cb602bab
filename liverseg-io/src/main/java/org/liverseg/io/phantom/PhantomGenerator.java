package org.liverseg.io.phantom;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.SplittableRandom;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/**
 * Generates synthetic abdominal CT phantoms with liver and tumour labels, a stand-in for the
 * Medical Segmentation Decathlon's Task03_Liver that needs no download.
 *
 * <p>Each case is a patient-like volume in Hounsfield units: air (-1000) around a body whose
 * outline varies along z, subcutaneous fat (about -100 HU) and an abdominal-wall muscle layer
 * (about 50 HU), bowel and mesenteric fat, the spine (cortical bone above 400 HU, discs, spinal
 * canal), ribs in the upper slices, lung bases at the top, an irregular liver on the patient's right
 * (about 55-68 HU; two lobes, smoothly deformed, changing from slice to slice) with contrast-filled
 * vessels (160-200 HU) inside it, 0 to 4 hypo-dense tumours (20-40 HU darker than the liver, radii
 * from a few millimetres to about 3 cm, always enclosed by liver), and organs whose intensity is
 * close to the liver's (spleen, muscles, stomach wall, bowel) or brighter (kidneys, aorta, IVC),
 * so that no intensity window separates the liver. The clean volume is mildly blurred and
 * correlated Gaussian noise (10-15 HU) is added; values are whole numbers in [-1024, 3071], so
 * they survive an int16 file exactly.
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
 * PhantomDatasetWriter.of(gen).write(dir, 8, DatasetProgress.NONE);
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

  private PhantomGenerator(PhantomSize size, long seed) {
    this.size = size;
    this.seed = seed;
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
    Affine affine = Affine.of(new double[][] {
        {-f(anatomy.spacingXy), 0, 0, f(anatomy.origin[0])},
        {0, -f(anatomy.spacingXy), 0, f(anatomy.origin[1])},
        {0, 0, f(anatomy.spacingZ), f(anatomy.origin[2])}});
    ImageGeometry geometry = new ImageGeometry(Shape.of(g.nx(), g.ny(), g.nz()), 1, affine);
    return Subject.builder(caseId(caseIndex))
        .image(CT, ScalarImage.of(geometry, v.hu()))
        .image(LABEL, LabelMap.of(geometry, v.labels()))
        .metadata("phantom.seed", Long.toString(seed))
        .metadata("phantom.size", size.toString())
        .metadata("phantom.tumours", Integer.toString(anatomy.tumours.size()))
        .build();
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

    /** The immutable generator. */
    PhantomGenerator build();
  }

  private static final class BuilderImpl implements Builder {
    private PhantomSize size = PhantomSize.SMALL;
    private long seed = 42;

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
      return new PhantomGenerator(size, seed);
    }
  }
}
