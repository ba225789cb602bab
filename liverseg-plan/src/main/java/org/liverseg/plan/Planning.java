package org.liverseg.plan;

import static com.google.common.base.Preconditions.checkArgument;

import org.liverseg.io.Shape;

/**
 * The rules of {@link Plan#from}, one static method each (the Javadoc of {@link Plan} states them).
 */
final class Planning {

  /** nnU-Net's {@code ANISO_THRESHOLD}. */
  static final double ANISOTROPY_THRESHOLD = 3;

  /** The fewest voxels a patch axis keeps at the bottleneck. */
  static final int MIN_BOTTLENECK = 4;

  /** nnU-Net's cap on the voxels one batch covers: 5% of the dataset. */
  static final double MAX_DATASET_COVERED = 0.05;

  /** nnU-Net's smallest batch. */
  static final int MIN_BATCH = 2;

  private Planning() {}

  /** The target spacing and, if the anisotropy rule applied, the axis it changed (else -1). */
  record Target(Vec3 spacing, int lowResolutionAxis) {}

  /** Patch size, network depth and batch size fitted to a budget. */
  record Fit(Shape patch, int depth, int batch) {}

  /** nnU-Net's {@code determine_fullres_target_spacing}, in canonical axes. */
  static Target targetSpacing(Fingerprint fp) {
    Vec3 median = fp.medianSpacing();
    Vec3 size = fp.medianShape();
    int worst = 0;
    for (int a = 1; a < 3; a++) {
      if (median.get(a) > median.get(worst)) {
        worst = a; // the first largest, as numpy.argmax
      }
    }
    double otherSpacing = 0;
    double otherSize = Double.POSITIVE_INFINITY;
    for (int a = 0; a < 3; a++) {
      if (a != worst) {
        otherSpacing = Math.max(otherSpacing, median.get(a));
        otherSize = Math.min(otherSize, size.get(a));
      }
    }
    boolean anisotropicSpacing = median.get(worst) > ANISOTROPY_THRESHOLD * otherSpacing;
    boolean anisotropicVoxels = size.get(worst) * ANISOTROPY_THRESHOLD < otherSize;
    if (!(anisotropicSpacing && anisotropicVoxels)) {
      return new Target(median, -1);
    }
    double t = Percentiles.of(fp.spacingsAlong(worst), 10);
    if (t < otherSpacing) {
      t = Math.max(otherSpacing, t) + 1e-5;
    }
    double[] s = median.toArray();
    s[worst] = t;
    return new Target(Vec3.of(s), worst);
  }

  /**
   * Per canonical axis, the median over the cases of {@code rint(shape * spacing / target)} (each
   * case's size in voxels once resampled; numpy's round, half to even).
   */
  static Vec3 medianShapeAt(Fingerprint fp, Vec3 target) {
    int n = fp.cases().size();
    double[][] v = new double[3][n];
    for (int c = 0; c < n; c++) {
      CaseFingerprint f = fp.cases().get(c);
      Shape shape = f.canonicalShape();
      Vec3 spacing = f.canonicalSpacing();
      for (int a = 0; a < 3; a++) {
        v[a][c] = Math.rint(shape.get(a) * spacing.get(a) / target.get(a));
      }
    }
    return new Vec3(Percentiles.median(v[0]), Percentiles.median(v[1]), Percentiles.median(v[2]));
  }

  /** The deepest uniform pooling that leaves every axis at least {@value #MIN_BOTTLENECK}. */
  static int depth(int[] patch, int maxDepth) {
    int d = maxDepth;
    for (int p : patch) {
      int fits = 31 - Integer.numberOfLeadingZeros(p / MIN_BOTTLENECK); // floor(log2(p / 4))
      d = Math.min(d, fits);
    }
    return Math.max(d, 0);
  }

  /**
   * Fits patch, depth and batch to the budget (see {@link Plan} for the rule).
   *
   * @param medianShape the median shape in target spacing
   * @param target the target spacing (mm), for the physical extent of patch axes
   * @param cases number of training cases (for the 5% cap)
   */
  static Fit fit(Vec3 medianShape, Vec3 target, Budget budget, int cases) {
    int[] p = new int[3];
    for (int a = 0; a < 3; a++) {
      p[a] = (int) Math.min(Integer.MAX_VALUE, Math.floor(medianShape.get(a)));
      checkArgument(
          p[a] >= MIN_BOTTLENECK,
          "the median shape in target spacing, %s, has fewer than %s voxels along canonical axis"
              + " %s; a 3D plan needs at least %s per axis (is this a 2D dataset?)",
          medianShape,
          MIN_BOTTLENECK,
          "RAS".charAt(a),
          MIN_BOTTLENECK);
    }
    while (true) {
      int d = depth(p, budget.maxDepth());
      int step = 1 << d;
      for (int a = 0; a < 3; a++) {
        p[a] = p[a] / step * step;
      }
      long voxels = (long) p[0] * p[1] * p[2];
      if (MIN_BATCH * voxels <= budget.voxelsPerStep()) {
        long fitting = budget.voxelsPerStep() / voxels;
        double dataset = medianShape.x() * medianShape.y() * medianShape.z() * cases;
        long covering = (long) Math.rint(dataset * MAX_DATASET_COVERED / voxels);
        int batch = (int) Math.max(MIN_BATCH, Math.min(fitting, covering));
        return new Fit(Shape.of(p), d, batch);
      }
      int shrink = -1;
      for (int a = 0; a < 3; a++) {
        if (p[a] - step >= MIN_BOTTLENECK
            && (shrink < 0 || p[a] * target.get(a) > p[shrink] * target.get(shrink))) {
          shrink = a;
        }
      }
      // Budget.MIN_VOXELS_PER_STEP admits 2 patches of 4x4x4, so some axis can always shrink here.
      p[shrink] -= step;
    }
  }
}
