package org.liverseg.plan;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How much one training step may compute, for {@link Plan#from}: the voxels of a step (patch voxels
 * times batch size), the largest network depth (number of 2x poolings) to consider, and the
 * smallest share of a median case that one patch must cover before the plan coarsens the target
 * spacing (nnU-Net's 3d_lowres rule; see {@link Plan}).
 *
 * <p>In DL4J on a CPU the time of a step grows with its voxels far more than with the filter count,
 * so voxels per step is the budget that matters there (nnU-Net, on a GPU, budgets memory instead).
 * A small budget on finely sampled scans gives patches that see only a few centimetres of anatomy;
 * the coverage rule then trades resolution for context, as nnU-Net's low-resolution configuration
 * does.
 *
 * @param voxelsPerStep patch voxels x batch size allowed per training step, at least {@value
 *     #MIN_VOXELS_PER_STEP} (a batch of 2 patches of 4x4x4)
 * @param maxDepth the most 2x poolings of the network, 0..{@value #MAX_DEPTH}
 * @param minPatchCoverage the smallest {@code patch voxels / median case voxels} (both at the
 *     planned spacing) accepted before the spacing is coarsened, in [0, 1]; 0 turns the rule off
 *     (nnU-Net's {@code lowres_creation_threshold} is 0.25). Plan files written before this rule
 *     existed read as 0.
 */
public record Budget(long voxelsPerStep, int maxDepth, double minPatchCoverage) {

  /** The smallest budget: two patches of 4x4x4 voxels. */
  public static final long MIN_VOXELS_PER_STEP = 2 * 4 * 4 * 4;

  /** The deepest network considered. */
  public static final int MAX_DEPTH = 7;

  /**
   * The default CPU budget: 147,456 voxels per step, what liverseg's {@code cpu} preset trains with
   * (batch 4 of 48x48x16), which fits the 10-minute pipeline on 2 cores.
   */
  public static final long CPU_DEFAULT_VOXELS = 4L * 48 * 48 * 16;

  /** The default depth cap of {@link #cpu(long)}: 4 poolings (5 resolution levels). */
  public static final int CPU_DEFAULT_MAX_DEPTH = 4;

  /**
   * The default coverage threshold of {@link #cpu(long)}: 0.1. It leaves the small phantoms' plan
   * at their median spacing (their patch covers 14% of a case) and coarsens the full-size phantoms
   * (0.65% at their median spacing); nnU-Net's 0.25 would also coarsen the small phantoms.
   */
  public static final double CPU_DEFAULT_MIN_PATCH_COVERAGE = 0.1;

  /** Checks the ranges. */
  public Budget {
    checkArgument(
        voxelsPerStep >= MIN_VOXELS_PER_STEP && voxelsPerStep <= Integer.MAX_VALUE,
        "voxels per step must be in [%s, %s], got %s",
        MIN_VOXELS_PER_STEP,
        Integer.MAX_VALUE,
        voxelsPerStep);
    checkArgument(
        maxDepth >= 0 && maxDepth <= MAX_DEPTH,
        "maxDepth must be in [0, %s], got %s",
        MAX_DEPTH,
        maxDepth);
    checkArgument(
        minPatchCoverage >= 0 && minPatchCoverage <= 1,
        "the minimum patch coverage must be in [0, 1], got %s",
        minPatchCoverage);
  }

  /** A budget without the coverage rule ({@code minPatchCoverage} 0). */
  public Budget(long voxelsPerStep, int maxDepth) {
    this(voxelsPerStep, maxDepth, 0);
  }

  /**
   * A CPU budget of {@code voxelsPerStep} with depth at most {@value #CPU_DEFAULT_MAX_DEPTH} and
   * the coverage threshold {@value #CPU_DEFAULT_MIN_PATCH_COVERAGE}.
   */
  public static Budget cpu(long voxelsPerStep) {
    return new Budget(voxelsPerStep, CPU_DEFAULT_MAX_DEPTH, CPU_DEFAULT_MIN_PATCH_COVERAGE);
  }

  /** {@link #cpu(long)} with {@link #CPU_DEFAULT_VOXELS}. */
  public static Budget cpuDefault() {
    return cpu(CPU_DEFAULT_VOXELS);
  }

  /** This budget with another depth cap. */
  public Budget withMaxDepth(int depth) {
    return new Budget(voxelsPerStep, depth, minPatchCoverage);
  }

  /** This budget with another coverage threshold (0: never coarsen the spacing). */
  public Budget withMinPatchCoverage(double coverage) {
    return new Budget(voxelsPerStep, maxDepth, coverage);
  }
}
