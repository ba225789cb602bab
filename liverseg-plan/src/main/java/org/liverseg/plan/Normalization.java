package org.liverseg.plan;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.gson.annotations.SerializedName;
import java.util.Locale;
import org.liverseg.transforms.Transform;
import org.liverseg.transforms.intensity.Standardize;

/**
 * The intensity normalisation of a plan: clip to {@code [low, high]}, then {@code (v - offset) /
 * scale} (see {@link Standardize}). Both schemes have this form:
 *
 * <ul>
 *   <li>{@link Scheme#CT} (nnU-Net's {@code CTNormalization}): {@code low}/{@code high} are the 0.5
 *       and 99.5 percentiles of the training foreground intensities, {@code offset} their mean and
 *       {@code scale} their standard deviation (at least 1e-8, as nnU-Net);
 *   <li>{@link Scheme#FIXED_WINDOW}: a window (the seed's is [-100, 400] HU) mapped onto [0, 1]:
 *       {@code offset = low}, {@code scale = high - low}.
 * </ul>
 *
 * @param scheme which rule produced the numbers
 * @param low lower clip bound
 * @param high upper clip bound
 * @param offset subtracted after clipping
 * @param scale divides the difference
 */
public record Normalization(Scheme scheme, double low, double high, double offset, double scale) {

  /** The seed's window, [-100, 400] HU. */
  public static final Normalization SEED_WINDOW = fixedWindow(-100, 400);

  /** How the numbers were chosen. */
  public enum Scheme {
    /** nnU-Net's CT normalisation from the foreground statistics. */
    @SerializedName("ct")
    CT,
    /** A fixed intensity window mapped onto [0, 1]. */
    @SerializedName("fixed_window")
    FIXED_WINDOW
  }

  /** Checks the numbers (all finite, {@code low <= high}, {@code scale > 0}). */
  public Normalization {
    requireNonNull(scheme, "scheme");
    checkArgument(
        Double.isFinite(low)
            && Double.isFinite(high)
            && Double.isFinite(offset)
            && Double.isFinite(scale),
        "normalisation numbers must be finite, got low %s, high %s, offset %s, scale %s",
        low,
        high,
        offset,
        scale);
    checkArgument(low <= high, "normalisation low %s is above high %s", low, high);
    checkArgument(scale > 0, "normalisation scale must be positive, got %s", scale);
  }

  /** nnU-Net's CT normalisation from foreground statistics. */
  public static Normalization ct(IntensityStatistics foreground) {
    requireNonNull(foreground, "foreground");
    return new Normalization(
        Scheme.CT,
        foreground.percentile00_5(),
        foreground.percentile99_5(),
        foreground.mean(),
        Math.max(foreground.std(), 1e-8));
  }

  /** The window {@code [low, high]} mapped onto [0, 1]. */
  public static Normalization fixedWindow(double low, double high) {
    checkArgument(low < high, "window needs low < high, got [%s, %s]", low, high);
    return new Normalization(Scheme.FIXED_WINDOW, low, high, low, high - low);
  }

  /** The transform that applies it to every scalar image of a subject. */
  public Transform transform() {
    return Standardize.builder().clip(low, high).offset(offset).scale(scale).build();
  }

  /** One readable line. */
  public String describe() {
    return scheme == Scheme.CT
        ? String.format(
            Locale.ROOT,
            "CT: clip to [%.2f, %.2f], then (v - %.2f) / %.2f",
            low,
            high,
            offset,
            scale)
        : String.format(Locale.ROOT, "fixed window [%.2f, %.2f] -> [0, 1]", low, high);
  }
}
