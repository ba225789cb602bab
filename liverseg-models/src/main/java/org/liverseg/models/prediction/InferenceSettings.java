package org.liverseg.models.prediction;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.task03.LiverTumourDecision;
import org.liverseg.sampling.GridAggregator;

/**
 * How a {@link SegmentationModel} predicts a whole scan, kept in the model file ({@value
 * ModelFiles#INFERENCE_ENTRY}) next to its plan: the sliding window (blending, tile step, test-time
 * mirroring, patches per forward pass), the label decision and the post-processing. The defaults
 * ({@link #defaults()}) are nnU-Net's: Gaussian blending, tile step 0.5, no mirroring unless
 * training flipped, argmax, and the largest connected component of the foreground.
 *
 * @param version the JSON schema version, {@value #VERSION}
 * @param aggregation how overlapping patch outputs are blended
 * @param tileStep distance between neighbouring patch starts as a fraction of the patch, in (0, 1]
 * @param mirrorAxes canonical axes (0 = R-L, 1 = A-P, 2 = S-I of the resampled scan) mirrored at
 *     test time, ascending; empty for none. Only axes the training augmentation flipped.
 * @param batchSize patches per forward pass
 * @param keepLargestComponent whether only the largest 6-connected component of all foreground
 *     classes together is kept (on the scan's grid)
 * @param decision how class probabilities become labels
 */
public record InferenceSettings(
    int version,
    GridAggregator.Mode aggregation,
    double tileStep,
    List<Integer> mirrorAxes,
    int batchSize,
    boolean keepLargestComponent,
    Decision decision) {

  /** The JSON schema version this class writes and reads. */
  public static final int VERSION = 1;

  /** Checks the values. */
  public InferenceSettings {
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "inference settings version "
              + version
              + " are not supported; this liverseg reads version "
              + VERSION);
    }
    requireNonNull(aggregation, "aggregation");
    if (!(tileStep > 0 && tileStep <= 1)) {
      throw new IllegalArgumentException("tileStep must be in (0, 1], got " + tileStep);
    }
    List<Integer> axes = new ArrayList<>(requireNonNull(mirrorAxes, "mirrorAxes"));
    axes.sort(null);
    for (int i = 0; i < axes.size(); i++) {
      int a = axes.get(i);
      if (a < 0 || a > 2 || (i > 0 && a == axes.get(i - 1))) {
        throw new IllegalArgumentException(
            "mirrorAxes must be distinct values of 0, 1, 2, got " + mirrorAxes);
      }
    }
    mirrorAxes = List.copyOf(axes);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    requireNonNull(decision, "decision");
  }

  /**
   * nnU-Net's inference: Gaussian blending, tile step 0.5, no mirroring, 2 patches per forward
   * pass, the largest foreground component, argmax.
   */
  public static InferenceSettings defaults() {
    return new InferenceSettings(
        VERSION, GridAggregator.Mode.GAUSSIAN, 0.5, List.of(), 2, true, Decision.ARGMAX);
  }

  /** These settings with another blending mode. */
  public InferenceSettings withAggregation(GridAggregator.Mode mode) {
    return new InferenceSettings(
        version, mode, tileStep, mirrorAxes, batchSize, keepLargestComponent, decision);
  }

  /** These settings with another tile step. */
  public InferenceSettings withTileStep(double step) {
    return new InferenceSettings(
        version, aggregation, step, mirrorAxes, batchSize, keepLargestComponent, decision);
  }

  /** These settings with other mirror axes. */
  public InferenceSettings withMirrorAxes(List<Integer> axes) {
    return new InferenceSettings(
        version, aggregation, tileStep, axes, batchSize, keepLargestComponent, decision);
  }

  /** These settings with another number of patches per forward pass. */
  public InferenceSettings withBatchSize(int n) {
    return new InferenceSettings(
        version, aggregation, tileStep, mirrorAxes, n, keepLargestComponent, decision);
  }

  /** These settings with or without the largest-component step. */
  public InferenceSettings withKeepLargestComponent(boolean keep) {
    return new InferenceSettings(
        version, aggregation, tileStep, mirrorAxes, batchSize, keep, decision);
  }

  /** These settings with another decision. */
  public InferenceSettings withDecision(Decision d) {
    return new InferenceSettings(
        version, aggregation, tileStep, mirrorAxes, batchSize, keepLargestComponent, d);
  }

  /** The sliding-window part in words, e.g. {@code "gaussian, tile step 0.5, no mirroring"}. */
  public String describeWindow() {
    return String.format(
        Locale.ROOT,
        "%s, tile step %s, %s",
        aggregation.name().toLowerCase(Locale.ROOT),
        stripZeros(tileStep),
        mirrorAxes.isEmpty() ? "no mirroring" : "mirroring axes " + mirrorAxes);
  }

  /** Everything in one line. */
  public String describe() {
    return describeWindow()
        + ", "
        + batchSize
        + " patches per pass, "
        + decision
        + (keepLargestComponent ? ", largest component" : "");
  }

  /** The settings as pretty-printed JSON (field names as the record components). */
  public String toJson() {
    return ModelFiles.gson().toJson(this);
  }

  /**
   * Parses settings written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException with the reason if the text is not valid settings of version
   *     {@value #VERSION}
   */
  public static InferenceSettings fromJson(String json) {
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      if (!o.has("version")) {
        throw new IllegalArgumentException(
            "inference settings have no \"version\"; this liverseg reads version " + VERSION);
      }
      return ModelFiles.gson().fromJson(o, InferenceSettings.class);
    } catch (JsonParseException | IllegalStateException | NullPointerException e) {
      throw new IllegalArgumentException("invalid inference settings: " + rootMessage(e), e);
    } catch (RuntimeException e) {
      // Gson wraps what the record constructors throw
      throw new IllegalArgumentException(rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable e = t;
    while (e.getCause() != null && e.getCause() != e) {
      e = e.getCause();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String stripZeros(double v) {
    String s = String.format(Locale.ROOT, "%.4f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /**
   * How probabilities become labels: {@code "argmax"}, or {@code "liver-tumour"}, the Task03 rule
   * ({@link LiverTumourDecision}) with its tumour threshold and smallest tumour. The smallest
   * tumour counts voxels at the plan's target spacing; on a scan's grid it is scaled by the ratio
   * of the voxel volumes ({@link LabelDecision#forVoxelsOf}), so it stands for the same volume in
   * mm^3.
   *
   * @param rule {@value #ARGMAX_RULE} or {@value #LIVER_TUMOUR_RULE}
   * @param tumourThreshold for {@code liver-tumour}: the tumour's share of the liver region's
   *     probability, in [0.5, 1); 0 for argmax
   * @param minTumourVoxels for {@code liver-tumour}: tumour components smaller than this become
   *     liver; 0 for argmax
   */
  public record Decision(String rule, double tumourThreshold, int minTumourVoxels) {

    /** The rule name of {@link LabelDecision#argmax()}. */
    public static final String ARGMAX_RULE = "argmax";

    /** The rule name of {@link LiverTumourDecision}. */
    public static final String LIVER_TUMOUR_RULE = "liver-tumour";

    /** Argmax. */
    public static final Decision ARGMAX = new Decision(ARGMAX_RULE, 0, 0);

    /** Checks the rule and its parameters. */
    public Decision {
      requireNonNull(rule, "rule");
      switch (rule) {
        case ARGMAX_RULE -> {
          if (tumourThreshold != 0 || minTumourVoxels != 0) {
            throw new IllegalArgumentException(
                "the argmax decision has no parameters, got threshold "
                    + tumourThreshold
                    + " and smallest tumour "
                    + minTumourVoxels);
          }
        }
        case LIVER_TUMOUR_RULE -> new LiverTumourDecision(tumourThreshold, minTumourVoxels);
        default ->
            throw new IllegalArgumentException(
                "decision rule must be "
                    + ARGMAX_RULE
                    + " or "
                    + LIVER_TUMOUR_RULE
                    + ", got '"
                    + rule
                    + "'");
      }
    }

    /** The Task03 rule with these parameters. */
    public static Decision of(LiverTumourDecision d) {
      return new Decision(LIVER_TUMOUR_RULE, d.tumourThreshold(), d.minTumourVoxels());
    }

    /** The decision this names. */
    public LabelDecision labelDecision() {
      return rule.equals(ARGMAX_RULE)
          ? LabelDecision.argmax()
          : new LiverTumourDecision(tumourThreshold, minTumourVoxels);
    }

    @Override
    public String toString() {
      return rule.equals(ARGMAX_RULE)
          ? ARGMAX_RULE
          : String.format(
              Locale.ROOT,
              "%s (tumour threshold %s, smallest tumour %d voxels at the plan spacing)",
              rule,
              stripZeros(tumourThreshold),
              minTumourVoxels);
    }
  }
}
