package org.liverseg.plan;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.liverseg.io.Affine;
import org.liverseg.io.Shape;
import org.liverseg.transforms.Compose;
import org.liverseg.transforms.Transform;
import org.liverseg.transforms.spatial.Resample;
import org.liverseg.transforms.spatial.ToCanonical;

/**
 * How to preprocess and train on a dataset, derived from its {@link Fingerprint} by fixed rules
 * (nnU-Net's where nnU-Net has one). All sizes are in canonical (RAS) axis order (see {@link
 * Canonical}), which is the voxel order after {@link ToCanonical}.
 *
 * <h2>The rules of {@link #from(Fingerprint, Budget, Normalization)}</h2>
 *
 * <ol>
 *   <li><b>Target spacing</b> (nnU-Net's {@code determine_fullres_target_spacing}): the per-axis
 *       median spacing {@code m}. Let {@code w} be the axis of the largest median spacing (the
 *       first on ties). It is <i>anisotropic</i> when both {@code m[w] > 3 max(m[others])} and
 *       {@code M[w] x 3 < min(M[others])}, with {@code M} the median shape in voxels. Then axis
 *       {@code w} takes the 10th percentile {@code t} of the cases' spacings along it, except that
 *       when {@code t < max(m[others])} it takes {@code max(m[others]) + 1e-5}; {@link
 *       #lowResolutionAxis} is {@code w} (else -1). nnU-Net measures the shapes after cropping to
 *       the non-zero region; liverseg uses the whole shapes (a CT has no zero background).
 *   <li><b>Median shape in target spacing</b> ({@link #medianShape}): per axis, the median over the
 *       cases of {@code rint(n s / t)} (shape n, spacing s, target t; half to even, as numpy).
 *   <li><b>Patch size and depth</b>: start from {@code p = floor(medianShape)} (an axis below 4
 *       voxels is an error: a 3D plan needs 4). Repeat: the depth is the largest {@code d <=
 *       budget.maxDepth()} with {@code p[a] / 2^d >= 4} on every axis (uniform 2x pooling, as
 *       liverseg's U-Net pools all three axes together; the bottleneck keeps at least 4 voxels per
 *       axis); round every axis down to a multiple of {@code 2^d}; if two such patches fit the
 *       budget ({@code 2 x voxels <= budget.voxelsPerStep()}) stop; otherwise shrink by {@code 2^d}
 *       the axis of largest physical extent {@code p[a] x t[a]} (mm; the first on ties) among those
 *       that stay at least 4, and repeat. Shrinking the physically longest axis drives the patch
 *       towards a cube in millimetres within the median shape, as nnU-Net's initial patch (a cube
 *       in mm clipped to the median shape) does. It ends because the smallest budget fits two 4x4x4
 *       patches.
 *   <li><b>Batch size</b>: {@code max(2, min(floor(budget / patch voxels), rint(0.05 x medianShape
 *       voxels x cases / patch voxels)))}: as many patches as the budget allows, but (nnU-Net's
 *       overfitting guard) no more than 5% of the dataset per step, and never fewer than 2.
 *   <li><b>Coverage: coarser spacing when a patch sees too little</b> (nnU-Net v2's 3d_lowres rule,
 *       {@code ExperimentPlanner.plan_experiment}, with {@code lowres_creation_threshold} = {@link
 *       Budget#minPatchCoverage()}; 0 turns it off). With {@code f} the spacing of rule 1 and
 *       {@code M_f} the median shape of rule 2: while {@code patch voxels / median voxels <
 *       minPatchCoverage}, multiply the spacing by 1.03 on every axis that is more than 2x finer
 *       than the coarsest ({@code max(s) / s[a] > 2}), or on all three axes when none is; the
 *       median shape becomes {@code f / s x M_f} per axis (its product, unrounded, is the median
 *       voxels; rounded half to even it is {@link #medianShape}), and rules 3 and 4 fit the patch,
 *       depth and batch again. The loop stops early, keeping the last spacing, if a median axis
 *       would round below 4 voxels. {@link #targetSpacing} is the final spacing, {@link
 *       #fullResolutionSpacing} the spacing of rule 1. Worked example (tested): one case of 64^3
 *       voxels at 1 mm, budget 65,536 voxels, threshold 0.25: at 1 mm the patch is 32^3 (coverage
 *       32,768 / 262,144 = 0.125); after 7 steps the spacing is 1.03^7 = 1.2299 mm and the median
 *       52.04^3 = 140,915 voxels (coverage 0.2325), after 8 steps 1.2668 mm, 50.52^3 = 128,957
 *       voxels, coverage 0.2541: done, target spacing 1.2668 mm, median shape 51^3, patch 32^3. On
 *       a CPU budget this is what makes finely sampled scans trainable: the small budget keeps the
 *       patch at a few tens of thousands of voxels, and the rule brings the scans to a spacing
 *       where such a patch holds a useful part of the anatomy.
 *   <li><b>Normalisation</b>: by default nnU-Net's CT scheme from the foreground statistics ({@link
 *       Normalization#ct}); the seed's fixed window ({@link Normalization#SEED_WINDOW}) or any
 *       other can be chosen instead.
 * </ol>
 *
 * <p>The same fingerprint and budget always give the same plan. {@link #toJson()} and {@link
 * #fromJson(String)} round-trip it exactly; the JSON carries {@code version} ({@value #VERSION}),
 * and other versions are rejected.
 *
 * @param version the JSON schema version, {@value #VERSION}
 * @param targetSpacing the spacing (mm) every case is resampled to
 * @param lowResolutionAxis the canonical axis whose spacing the anisotropy rule set, or -1
 * @param normalization the intensity normalisation
 * @param patchSize the training patch (and network input) size, each axis a multiple of {@code
 *     2^depth}
 * @param batchSize patches per training step
 * @param depth the number of 2x poolings of the network (levels - 1)
 * @param medianShape the median case shape in target spacing (voxels)
 * @param budget the budget the patch and batch were fitted to
 * @param trainingCases the number of cases the fingerprint had
 * @param spacingMin per axis, the smallest training spacing (mm)
 * @param spacingMax per axis, the largest training spacing (mm)
 * @param classes the label values found in the training labels, ascending (empty if unknown)
 * @param fullResolutionSpacing the spacing of rule 1, before the coverage rule (equal to {@code
 *     targetSpacing} when the rule did not apply; plan files written before the rule read as {@code
 *     targetSpacing})
 */
public record Plan(
    int version,
    Vec3 targetSpacing,
    int lowResolutionAxis,
    Normalization normalization,
    Shape patchSize,
    int batchSize,
    int depth,
    Vec3 medianShape,
    Budget budget,
    int trainingCases,
    Vec3 spacingMin,
    Vec3 spacingMax,
    List<Integer> classes,
    Vec3 fullResolutionSpacing) {

  /** The JSON schema version this class writes and reads. */
  public static final int VERSION = 1;

  /** How far (as a factor) a scan's spacing may leave the training range before a warning. */
  public static final double SPACING_WARNING_FACTOR = 2;

  /** Checks the components. */
  public Plan {
    checkArgument(
        version == VERSION,
        "plan schema version %s is not supported; this liverseg reads version %s",
        version,
        VERSION);
    requireNonNull(targetSpacing, "targetSpacing");
    checkArgument(
        targetSpacing.isPositive(), "targetSpacing must be positive, got %s", targetSpacing);
    checkArgument(
        lowResolutionAxis >= -1 && lowResolutionAxis <= 2,
        "lowResolutionAxis must be -1, 0, 1 or 2, got %s",
        lowResolutionAxis);
    requireNonNull(normalization, "normalization");
    requireNonNull(patchSize, "patchSize");
    checkArgument(depth >= 0 && depth <= Budget.MAX_DEPTH, "depth must be 0..7, got %s", depth);
    for (int a = 0; a < 3; a++) {
      checkArgument(
          patchSize.get(a) % (1 << depth) == 0,
          "patch size %s is not a multiple of 2^depth = %s",
          patchSize,
          1 << depth);
    }
    checkArgument(batchSize >= 1, "batchSize must be at least 1, got %s", batchSize);
    requireNonNull(medianShape, "medianShape");
    requireNonNull(budget, "budget");
    checkArgument(trainingCases >= 1, "trainingCases must be at least 1, got %s", trainingCases);
    requireNonNull(spacingMin, "spacingMin");
    requireNonNull(spacingMax, "spacingMax");
    checkArgument(
        spacingMin.isPositive() && spacingMax.isPositive(), "training spacings must be positive");
    classes = List.copyOf(requireNonNull(classes, "classes"));
    fullResolutionSpacing = fullResolutionSpacing == null ? targetSpacing : fullResolutionSpacing;
    checkArgument(
        fullResolutionSpacing.isPositive(),
        "fullResolutionSpacing must be positive, got %s",
        fullResolutionSpacing);
  }

  /**
   * The plan for {@code fingerprint} with nnU-Net's CT normalisation.
   *
   * @throws IllegalArgumentException if the fingerprint has no foreground statistics (image-only,
   *     or no label above 0 anywhere), or its median shape is below 4 voxels on some axis
   */
  public static Plan from(Fingerprint fingerprint, Budget budget) {
    IntensityStatistics fg = fingerprint.foreground();
    checkArgument(
        fg != null,
        "the fingerprint has no foreground intensity statistics (%s), so the CT normalisation"
            + " cannot be planned; choose a fixed window instead",
        fingerprint.isLabelled() ? "no case has a label above 0" : "it was made from images only");
    return from(fingerprint, budget, Normalization.ct(fg));
  }

  /** The plan for {@code fingerprint} with the given normalisation (rules in the class comment). */
  public static Plan from(Fingerprint fingerprint, Budget budget, Normalization normalization) {
    requireNonNull(fingerprint, "fingerprint");
    requireNonNull(budget, "budget");
    requireNonNull(normalization, "normalization");
    int cases = fingerprint.cases().size();
    Planning.Target target = Planning.targetSpacing(fingerprint);
    Vec3 median = Planning.medianShapeAt(fingerprint, target.spacing());
    Planning.Fit fit = Planning.fit(median, target.spacing(), budget, cases);
    Planning.Coarsened c = Planning.coarsen(target.spacing(), median, fit, budget, cases);
    return new Plan(
        VERSION,
        c.spacing(),
        target.lowResolutionAxis(),
        normalization,
        c.fit().patch(),
        c.fit().batch(),
        c.fit().depth(),
        c.medianShape(),
        budget,
        cases,
        fingerprint.extreme(true),
        fingerprint.extreme(false),
        fingerprint.labels(),
        target.spacing());
  }

  /** This plan with another normalisation (everything else kept). */
  public Plan withNormalization(Normalization n) {
    return new Plan(
        version,
        targetSpacing,
        lowResolutionAxis,
        n,
        patchSize,
        batchSize,
        depth,
        medianShape,
        budget,
        trainingCases,
        spacingMin,
        spacingMax,
        classes,
        fullResolutionSpacing);
  }

  /** Whether the coverage rule coarsened the spacing ({@link #targetSpacing} is not rule 1's). */
  public boolean isCoarsened() {
    return !targetSpacing.equals(fullResolutionSpacing);
  }

  /** {@code patch voxels / median shape voxels}: the share of a median case one patch covers. */
  public double patchCoverage() {
    return patchSize.voxels() / (medianShape.x() * medianShape.y() * medianShape.z());
  }

  /** The number of resolution levels of the network, {@code depth + 1}. */
  public int levels() {
    return depth + 1;
  }

  /**
   * The whole preprocessing as one transform: {@link #spatial()} then {@link #intensity()}.
   * Deterministic; its spatial steps are invertible.
   */
  public Transform preprocessing() {
    return Compose.of(spatial(), intensity());
  }

  /**
   * {@link ToCanonical}, then {@link Resample} to the target spacing (images linearly, label maps
   * by nearest neighbour).
   */
  public Transform spatial() {
    return Compose.of(
        ToCanonical.builder().build(), Resample.builder().spacing(targetSpacing.toArray()).build());
  }

  /** The intensity normalisation of every scalar image ({@link Normalization#transform()}). */
  public Transform intensity() {
    return normalization.transform();
  }

  /**
   * A one-line warning when an image of this affine has, on some canonical axis, a spacing more
   * than {@value #SPACING_WARNING_FACTOR} times outside the training range {@code [spacingMin,
   * spacingMax]}; empty otherwise.
   *
   * @throws IllegalArgumentException if the affine has no orientation (singular)
   */
  public Optional<String> spacingWarning(Affine affine) {
    Vec3 s = Canonical.spacing(Vec3.of(affine.spacing()), affine.orientation());
    List<String> off = new ArrayList<>();
    for (int a = 0; a < 3; a++) {
      double v = s.get(a);
      if (v < spacingMin.get(a) / SPACING_WARNING_FACTOR
          || v > spacingMax.get(a) * SPACING_WARNING_FACTOR) {
        off.add(
            String.format(
                Locale.ROOT,
                "%c %.3g mm (training %.3g-%.3g)",
                "RAS".charAt(a),
                v,
                spacingMin.get(a),
                spacingMax.get(a)));
      }
    }
    return off.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "spacing more than "
                + (int) SPACING_WARNING_FACTOR
                + "x outside the training range: "
                + String.join(", ", off));
  }

  /** The plan as pretty-printed JSON (field names as the record components). */
  public String toJson() {
    return PlanJson.GSON.toJson(this);
  }

  /**
   * Parses a plan.
   *
   * @throws IllegalArgumentException with the reason if the text is not a plan of version {@value
   *     #VERSION}
   */
  public static Plan fromJson(String json) {
    return PlanJson.parse(json, Plan.class, "plan", VERSION);
  }

  /**
   * Writes the JSON to {@code file} atomically (a temporary file in the same folder, then a move).
   *
   * @param overwrite whether an existing file may be replaced
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
   *     false
   */
  public void write(Path file, boolean overwrite) throws IOException {
    PlanJson.writeAtomically(file, toJson(), overwrite);
  }

  /**
   * Reads a plan file.
   *
   * @throws IOException if the file cannot be read (the message names it)
   * @throws IllegalArgumentException naming the file if it is not a valid plan
   */
  public static Plan read(Path file) throws IOException {
    return PlanJson.read(file, Plan::fromJson);
  }

  private String fullResolutionRule() {
    return lowResolutionAxis < 0
        ? "median"
        : "median, anisotropic axis " + "RAS".charAt(lowResolutionAxis) + " at its 10th percentile";
  }

  /** A few readable lines: spacing, shapes, patch, batch, depth and normalisation. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "target spacing   %s mm (%s)%n",
            targetSpacing,
            isCoarsened()
                ? String.format(
                    Locale.ROOT,
                    "the %s spacing %s mm coarsened until a patch covers >= %.3g of a median case",
                    fullResolutionRule(),
                    fullResolutionSpacing,
                    budget.minPatchCoverage())
                : fullResolutionRule()));
    sb.append(
        String.format(Locale.ROOT, "median shape     %s voxels at target spacing%n", medianShape));
    sb.append(
        String.format(
            Locale.ROOT,
            "patch            %s (%d voxels, %.3g of a median case), batch %d: %d of %d voxels"
                + " per step%n",
            patchSize,
            patchSize.voxels(),
            patchCoverage(),
            batchSize,
            patchSize.voxels() * batchSize,
            budget.voxelsPerStep()));
    sb.append(
        String.format(
            Locale.ROOT,
            "network depth    %d poolings (%d levels), bottleneck %dx%dx%d%n",
            depth,
            levels(),
            patchSize.x() >> depth,
            patchSize.y() >> depth,
            patchSize.z() >> depth));
    sb.append(String.format(Locale.ROOT, "normalisation    %s%n", normalization.describe()));
    sb.append(
        String.format(
            Locale.ROOT,
            "training         %d cases, spacing %s to %s mm, labels %s%n",
            trainingCases,
            spacingMin,
            spacingMax,
            classes));
    return sb.toString();
  }
}
