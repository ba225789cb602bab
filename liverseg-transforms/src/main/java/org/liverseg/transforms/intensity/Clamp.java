package org.liverseg.transforms.intensity;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Subject;
import org.liverseg.transforms.TransformBuilder;

/**
 * Clamps intensities to {@code [min, max]} (either bound may be left open, not both), as TorchIO's
 * {@code Clamp}; e.g. the liver CT window {@code [-100, 400]} HU.
 *
 * <pre>{@code
 * Transform window = Clamp.of(-100, 400);
 * }</pre>
 */
public final class Clamp extends IntensityTransform {

  private final float min;
  private final float max;
  private final Double minBound;
  private final Double maxBound;

  private Clamp(Builder b) {
    super(b);
    checkArgument(
        b.min != null || b.max != null,
        "Clamp needs at least one bound: set min(...) and/or max(...)");
    checkArgument(
        b.min == null || b.max == null || b.min <= b.max,
        "Clamp: min %s is above max %s",
        b.min,
        b.max);
    this.minBound = b.min;
    this.maxBound = b.max;
    this.min = b.min == null ? Float.NEGATIVE_INFINITY : b.min.floatValue();
    this.max = b.max == null ? Float.POSITIVE_INFINITY : b.max.floatValue();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Clamps to {@code [min, max]}: {@code builder().min(min).max(max).build()}. */
  public static Clamp of(double min, double max) {
    return builder().min(min).max(max).build();
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("out_min", minBound == null ? "none" : minBound);
    params.put("out_max", maxBound == null ? "none" : maxBound);
    return applyToScalars(
        subject,
        params,
        (name, image) -> {
          float[] v = image.voxels();
          float[] out = new float[v.length];
          for (int i = 0; i < v.length; i++) {
            out[i] = Math.min(Math.max(v[i], min), max);
          }
          return out;
        });
  }

  /** Configures a {@link Clamp}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private Double min;
    private Double max;

    private Builder() {}

    /** The lower bound. */
    public Builder min(double value) {
      checkArgument(!Double.isNaN(value), "Clamp min is NaN");
      min = value;
      return this;
    }

    /** The upper bound. */
    public Builder max(double value) {
      checkArgument(!Double.isNaN(value), "Clamp max is NaN");
      max = value;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public Clamp build() {
      return new Clamp(this);
    }
  }
}
