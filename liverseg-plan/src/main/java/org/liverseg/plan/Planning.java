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

  /** nnU-Net's {@code spacing_increase_factor} of the 3d_lowres rule. */
  static final double SPACING_INCREASE = 1.03;

  /** Axes more than this many times finer than the coarsest are coarsened first (nnU-Net's 2). */
  static final double FINE_AXIS_RATIO = 2;

  private Planning() {}

  /** The target spacing and, if the anisotropy rule applied, the axis it changed (else -1). */
  record Target(Vec3 spacing, int lowResolutionAxis) {}

  /** Patch size, network depth and batch size fitted to a budget. */
  record Fit(Shape patch, int depth, int batch) {}

  /**
   * The outcome of the coverage rule: the spacing, the median shape at it (rounded, what the patch
   * was fitted to), the fit, the unrounded median voxels and the number of 1.03x steps taken.
   */
  record Coarsened(Vec3 spacing, Vec3 medianShape, Fit fit, double medianVoxels, int steps) {
    /** {@code patch voxels / median voxels}. */
    double coverage() {
      return fit.patch().voxels() / medianVoxels;
    }
  }

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

  /**
   * nnU-Net v2's 3d_lowres rule ({@code ExperimentPlanner.plan_experiment}): while {@code patch
   * voxels / median voxels < budget.minPatchCoverage()}, multiply the spacing by {@value
   * #SPACING_INCREASE} on every axis more than {@value #FINE_AXIS_RATIO}x finer than the coarsest
   * one, or on all axes when none is; the median shape becomes {@code full spacing / spacing x full
   * median shape} (unrounded for the coverage, rounded half to even for the patch fit, as nnU-Net's
   * {@code round}), and the patch is fitted again. Stops before a median axis would round below
   * {@value #MIN_BOTTLENECK} voxels.
   *
   * @param fullSpacing the full-resolution target spacing
   * @param fullMedian the median shape at {@code fullSpacing}
   * @param fullFit the fit at {@code fullSpacing}
   * @param cases number of training cases (for the batch cap)
   */
  static Coarsened coarsen(
      Vec3 fullSpacing, Vec3 fullMedian, Fit fullFit, Budget budget, int cases) {
    double threshold = budget.minPatchCoverage();
    double[] s = fullSpacing.toArray();
    Vec3 median = fullMedian;
    Fit fit = fullFit;
    double medianVoxels = fullMedian.x() * fullMedian.y() * fullMedian.z();
    int steps = 0;
    while (fit.patch().voxels() / medianVoxels < threshold) {
      double[] next = coarser(s);
      double[] shape = new double[3];
      double[] rounded = new double[3];
      boolean tooSmall = false;
      for (int a = 0; a < 3; a++) {
        shape[a] = fullSpacing.get(a) / next[a] * fullMedian.get(a);
        rounded[a] = Math.rint(shape[a]);
        tooSmall |= rounded[a] < MIN_BOTTLENECK;
      }
      if (tooSmall) {
        break; // the median case would have fewer voxels than a 3D patch needs
      }
      s = next;
      median = Vec3.of(rounded);
      medianVoxels = shape[0] * shape[1] * shape[2];
      fit = fit(median, Vec3.of(s), budget, cases);
      steps++;
    }
    return new Coarsened(Vec3.of(s), median, fit, medianVoxels, steps);
  }

  /**
   * One step of the coverage rule: the spacing times {@value #SPACING_INCREASE} on the axes more
   * than {@value #FINE_AXIS_RATIO}x finer than the coarsest, or on all axes when none is.
   */
  static double[] coarser(double[] s) {
    double max = Math.max(s[0], Math.max(s[1], s[2]));
    boolean anyFine = false;
    for (int a = 0; a < 3; a++) {
      anyFine |= max / s[a] > FINE_AXIS_RATIO;
    }
    double[] next = s.clone();
    for (int a = 0; a < 3; a++) {
      if (!anyFine || max / s[a] > FINE_AXIS_RATIO) {
        next[a] = s[a] * SPACING_INCREASE;
      }
    }
    return next;
  }
}
