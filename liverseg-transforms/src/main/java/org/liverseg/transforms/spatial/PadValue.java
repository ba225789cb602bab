package org.liverseg.transforms.spatial;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.liverseg.io.ScalarImage;
import org.liverseg.transforms.ImageStatistics;

/**
 * What {@link RandomAffine} writes into scalar-image voxels that map outside the input, TorchIO's
 * {@code default_pad_value}, computed for each channel on its own as TorchIO does:
 *
 * <ul>
 *   <li>{@link #minimum()} (the default): the channel's minimum;
 *   <li>{@link #borderMean()} ({@code "mean"}): the mean of the channel's six border faces;
 *   <li>{@link #otsu()} ({@code "otsu"}): the mean of the border values below ITK's Otsu threshold
 *       of them (the background of a scan whose border holds background and some anatomy);
 *   <li>{@link #constant(double)}: a fixed number.
 * </ul>
 *
 * The border rules are those of TorchIO's {@code get_borders_mean}; see {@code BorderStatistics}.
 */
public final class PadValue {

  private enum Kind {
    MINIMUM,
    MEAN,
    OTSU,
    CONSTANT
  }

  private static final PadValue MINIMUM = new PadValue(Kind.MINIMUM, 0);
  private static final PadValue MEAN = new PadValue(Kind.MEAN, 0);
  private static final PadValue OTSU = new PadValue(Kind.OTSU, 0);

  private final Kind kind;
  private final double value;

  private PadValue(Kind kind, double value) {
    this.kind = kind;
    this.value = value;
  }

  /** Each channel's minimum (TorchIO's {@code "minimum"}, the default). */
  public static PadValue minimum() {
    return MINIMUM;
  }

  /** The mean of each channel's border voxels (TorchIO's {@code "mean"}). */
  public static PadValue borderMean() {
    return MEAN;
  }

  /** The mean of each channel's border voxels below their Otsu threshold (TorchIO's "otsu"). */
  public static PadValue otsu() {
    return OTSU;
  }

  /** A fixed, finite value. */
  public static PadValue constant(double value) {
    checkArgument(Double.isFinite(value), "pad value must be finite, got %s", value);
    return new PadValue(Kind.CONSTANT, value);
  }

  /**
   * Parses TorchIO's spelling: {@code "minimum"}, {@code "mean"}, {@code "otsu"} (any case) or a
   * number.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static PadValue parse(String text) {
    String t = requireNonNull(text, "text").trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "minimum" -> {
        return MINIMUM;
      }
      case "mean" -> {
        return MEAN;
      }
      case "otsu" -> {
        return OTSU;
      }
      default -> {
        try {
          return constant(Double.parseDouble(t));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "pad value must be \"minimum\", \"mean\", \"otsu\" or a number, got \"" + text + "\"",
              e);
        }
      }
    }
  }

  /** The fill value of each channel of {@code image}, channel 0 first. */
  public double[] perChannel(ScalarImage image) {
    int channels = image.channels();
    double[] fills = new double[channels];
    switch (kind) {
      case CONSTANT -> Arrays.fill(fills, value);
      case MINIMUM -> {
        return ImageStatistics.minPerChannel(image);
      }
      default -> {
        for (int c = 0; c < channels; c++) {
          float[] border = BorderStatistics.borderValues(image.voxels(), image.shape(), c);
          fills[c] =
              kind == Kind.MEAN ? BorderStatistics.mean(border) : BorderStatistics.otsuMean(border);
        }
      }
    }
    return fills;
  }

  /** The value as TorchIO records it: {@code "minimum"}, {@code "mean"}, {@code "otsu"} or it. */
  public Object recorded() {
    return kind == Kind.CONSTANT ? (Object) value : kind.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PadValue p && p.kind == kind && Double.compare(p.value, value) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, value);
  }

  @Override
  public String toString() {
    return String.valueOf(recorded());
  }
}
