package org.liverseg.transforms.intensity;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.TransformBuilder;

/**
 * Adds Gaussian noise, as TorchIO's {@code RandomNoise}: it draws a mean, a standard deviation and
 * a noise seed, in that order, and adds {@code N(mean, std)} to every voxel (every selected scalar
 * image gets the same noise field, as TorchIO reuses the seed per image). Defaults: mean 0, std
 * U(0, 0.25). A single value means exactly that value (DESIGN.md 6.6); two values {@code (a, b)}
 * mean U(a, b). The noise of each z slice comes from its own generator seeded from the drawn seed
 * and the slice index, so the result does not depend on the number of threads.
 *
 * <pre>{@code
 * Transform noise = RandomNoise.builder().std(0, 0.1).build();
 * }</pre>
 */
public final class RandomNoise extends IntensityTransform {

  private final double[] mean;
  private final double[] std;

  private RandomNoise(Builder b) {
    super(b);
    this.mean = b.mean;
    this.std = b.std;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected boolean drawsParameters() {
    return true;
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    double m = uniform(random, mean);
    double s = uniform(random, std);
    long seed = random.nextLong();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("mean", m);
    params.put("std", s);
    params.put("seed", seed);
    return applyToScalars(
        subject,
        params,
        (name, image) -> {
          float[] v = image.voxels();
          float[] out = new float[v.length];
          Shape shape = image.shape();
          int slice = shape.x() * shape.y();
          int slabs = v.length / slice;
          Slabs.forEach(
              slabs,
              v.length,
              k -> {
                SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (k + 1)));
                for (int i = k * slice; i < (k + 1) * slice; i++) {
                  out[i] = (float) (v[i] + (m + s * r.nextGaussian()));
                }
              });
          return out;
        });
  }

  static double uniform(RandomGenerator random, double[] range) {
    return range[0] == range[1] ? range[0] : range[0] + (range[1] - range[0]) * random.nextDouble();
  }

  /** Configures a {@link RandomNoise}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private double[] mean = {0, 0};
    private double[] std = {0, 0.25};

    private Builder() {}

    /** The mean: one value (exactly) or a range {@code (a, b)}. */
    public Builder mean(double... values) {
      mean = range("mean", values, Double.NEGATIVE_INFINITY);
      return this;
    }

    /** The standard deviation: one value (exactly) or a range {@code (a, b)}, non-negative. */
    public Builder std(double... values) {
      std = range("std", values, 0);
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public RandomNoise build() {
      return new RandomNoise(this);
    }
  }

  static double[] range(String what, double[] values, double min) {
    checkArgument(
        values.length == 1 || values.length == 2,
        "%s needs 1 or 2 values, got %s",
        what,
        values.length);
    double a = values[0];
    double b = values.length == 2 ? values[1] : values[0];
    checkArgument(
        Double.isFinite(a) && Double.isFinite(b) && a <= b && a >= min,
        "%s range (%s, %s) must be finite, ordered and at least %s",
        what,
        a,
        b,
        min);
    return new double[] {a, b};
  }
}
