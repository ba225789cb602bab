package org.liverseg.transforms.intensity;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.Ranges;
import org.liverseg.transforms.TransformBuilder;

/**
 * Adds Gaussian noise, as TorchIO's {@code RandomNoise}: for every selected scalar image, in the
 * subject's order, it draws a mean, a standard deviation and a noise seed (in that order), and adds
 * {@code N(mean, std)} to every voxel of that image, so two images of a subject (e.g. two MR
 * sequences, or two identical copies) get independent noise. Defaults: mean 0, std U(0, 0.25).
 * Ranges follow TorchIO ({@link Ranges#range}): one mean {@code m >= 0} means U(-m, m), one std
 * {@code d >= 0} means U(0, d), two values {@code (a, b)} mean U(a, b) (std needs {@code a >= 0}).
 * The noise of each z slice (and channel) comes from its own generator seeded from the image's seed
 * and the slice index, so the result does not depend on the number of threads. The history records
 * the drawn {@code mean}, {@code std} and {@code seed} per image name.
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
    Map<String, Double> means = new LinkedHashMap<>();
    Map<String, Double> stds = new LinkedHashMap<>();
    Map<String, Long> seeds = new LinkedHashMap<>();
    for (String name : selectedScalarNames(subject)) {
      means.put(name, Ranges.uniform(random, mean[0], mean[1]));
      stds.put(name, Ranges.uniform(random, std[0], std[1]));
      seeds.put(name, random.nextLong());
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("mean", ImmutableMap.copyOf(means));
    params.put("std", ImmutableMap.copyOf(stds));
    params.put("seed", ImmutableMap.copyOf(seeds));
    return applyToScalars(
        subject,
        params,
        (name, image) ->
            addNoise(
                image.voxels(), image.shape(), means.get(name), stds.get(name), seeds.get(name)));
  }

  private static float[] addNoise(float[] v, Shape shape, double m, double s, long seed) {
    float[] out = new float[v.length];
    int slice = shape.x() * shape.y();
    Slabs.forEach(
        v.length / slice,
        v.length,
        k -> {
          SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (k + 1)));
          for (int i = k * slice; i < (k + 1) * slice; i++) {
            out[i] = (float) (v[i] + (m + s * r.nextGaussian()));
          }
        });
    return out;
  }

  /** Configures a {@link RandomNoise}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private double[] mean = {0, 0};
    private double[] std = {0, 0.25};

    private Builder() {}

    /** The mean: one value {@code m >= 0} (U(-m, m)) or a range {@code (a, b)} (default 0). */
    public Builder mean(double... values) {
      mean = Ranges.range("mean", values, null);
      return this;
    }

    /**
     * The standard deviation: one value {@code d >= 0} (U(0, d)) or a range {@code (a, b)} with
     * {@code 0 <= a <= b} (default (0, 0.25)). For an exact value {@code d} give {@code (d, d)}.
     */
    public Builder std(double... values) {
      std = Ranges.range("std", values, 0.0);
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
}
