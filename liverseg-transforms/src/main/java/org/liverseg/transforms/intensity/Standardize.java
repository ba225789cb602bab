package org.liverseg.transforms.intensity;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Subject;
import org.liverseg.transforms.TransformBuilder;

/**
 * Clips intensities to {@code [low, high]}, then maps {@code v -> (v - offset) / scale}, with
 * numbers fixed in advance (unlike {@link ZNormalization}, which measures each image). Two uses:
 *
 * <ul>
 *   <li>nnU-Net's CT normalisation ({@link #ct}): clip to the 0.5 and 99.5 percentiles of the
 *       training set's foreground intensities, then subtract their mean and divide by their
 *       standard deviation;
 *   <li>a fixed window mapped onto {@code [0, 1]} ({@link #window}): offset {@code low}, scale
 *       {@code high - low}, the same values as {@code Clamp} followed by {@code RescaleIntensity}
 *       from the window to {@code [0, 1]}.
 * </ul>
 *
 * <p>Arithmetic is float32, as nnU-Net's on a float32 image: {@code (min(max(v, low), high) -
 * offset) / scale} with the four numbers rounded to float once. A NaN or infinite voxel is an error
 * naming the subject, the image and its file (clipping would hide an infinite one and carry a NaN
 * silently into the network). Label maps are untouched.
 *
 * <pre>{@code
 * Transform norm = Standardize.ct(-17, 201, 99.4, 39.4);
 * Transform seedWindow = Standardize.window(-100, 400);
 * }</pre>
 */
public final class Standardize extends IntensityTransform {

  private final double low;
  private final double high;
  private final double offset;
  private final double scale;

  private Standardize(Builder b) {
    super(b);
    checkArgument(b.low <= b.high, "Standardize: clip low %s is above clip high %s", b.low, b.high);
    checkArgument(
        Double.isFinite(b.offset) && Double.isFinite(b.scale) && b.scale > 0,
        "Standardize: offset must be finite and scale positive and finite, got offset %s, scale %s",
        b.offset,
        b.scale);
    this.low = b.low;
    this.high = b.high;
    this.offset = b.offset;
    this.scale = b.scale;
  }

  /** Starts a builder (no clipping, offset 0, scale 1 until set). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * nnU-Net's CT normalisation: clip to {@code [low, high]}, subtract {@code mean}, divide by
   * {@code std}.
   */
  public static Standardize ct(double low, double high, double mean, double std) {
    return builder().clip(low, high).offset(mean).scale(std).build();
  }

  /**
   * The window {@code [low, high]} (low &lt; high) clipped and mapped linearly onto {@code [0, 1]}.
   */
  public static Standardize window(double low, double high) {
    checkArgument(low < high, "window needs low < high, got [%s, %s]", low, high);
    return builder().clip(low, high).offset(low).scale(high - low).build();
  }

  /** The lower clip bound ({@code -inf} when not clipped). */
  public double low() {
    return low;
  }

  /** The upper clip bound ({@code +inf} when not clipped). */
  public double high() {
    return high;
  }

  /** What is subtracted after clipping. */
  public double offset() {
    return offset;
  }

  /** What the difference is divided by. */
  public double scale() {
    return scale;
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("low", low);
    params.put("high", high);
    params.put("offset", offset);
    params.put("scale", scale);
    float lo = (float) low;
    float hi = (float) high;
    float off = (float) offset;
    float sc = (float) scale;
    return applyToScalars(
        subject,
        params,
        (name, image) -> {
          float[] v = image.voxels();
          float[] out = new float[v.length];
          for (int i = 0; i < v.length; i++) {
            float x = v[i];
            if (!Float.isFinite(x)) {
              throw new IllegalArgumentException(
                  String.format(
                      "%s: image '%s' of subject %s%s has a non-finite voxel (%s) at index %d",
                      name(),
                      name,
                      subject.id(),
                      image.path().map(p -> " (" + p + ")").orElse(""),
                      x,
                      i));
            }
            out[i] = (Math.min(Math.max(x, lo), hi) - off) / sc;
          }
          return out;
        });
  }

  /** Configures a {@link Standardize}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private double low = Double.NEGATIVE_INFINITY;
    private double high = Double.POSITIVE_INFINITY;
    private double offset = 0;
    private double scale = 1;

    private Builder() {}

    /** Clips to {@code [low, high]} first (both finite, {@code low <= high}). */
    public Builder clip(double lowBound, double highBound) {
      checkArgument(
          Double.isFinite(lowBound) && Double.isFinite(highBound),
          "clip bounds must be finite, got [%s, %s]",
          lowBound,
          highBound);
      this.low = lowBound;
      this.high = highBound;
      return this;
    }

    /** What is subtracted after clipping (finite; default 0). */
    public Builder offset(double value) {
      this.offset = value;
      return this;
    }

    /** What the difference is divided by (positive and finite; default 1). */
    public Builder scale(double value) {
      this.scale = value;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public Standardize build() {
      return new Standardize(this);
    }
  }
}
