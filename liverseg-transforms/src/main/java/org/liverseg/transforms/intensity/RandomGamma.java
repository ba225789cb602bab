package org.liverseg.transforms.intensity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Subject;
import org.liverseg.transforms.TransformBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises intensities to a random power, as TorchIO's {@code RandomGamma}: {@code beta ~ U(log_gamma
 * range)} (default (-0.3, 0.3); a single value {@code x} means (-x, x)), {@code gamma = exp(beta)},
 * and {@code v -> v^gamma}; with negative values present, {@code sign(v) |v|^gamma} (with a
 * warning, as TorchIO). Usually applied after rescaling to [0, 1].
 *
 * <pre>{@code
 * Transform gamma = RandomGamma.builder().logGamma(-0.3, 0.3).build();
 * }</pre>
 */
public final class RandomGamma extends IntensityTransform {

  private static final Logger LOG = LoggerFactory.getLogger(RandomGamma.class);

  private final double[] logGamma;

  private RandomGamma(Builder b) {
    super(b);
    this.logGamma = b.logGamma;
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
    double gamma = Math.exp(RandomNoise.uniform(random, logGamma));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("gamma", gamma);
    return applyToScalars(
        subject,
        params,
        (name, image) -> {
          float[] v = image.voxels();
          float[] out = new float[v.length];
          boolean negative = false;
          for (float x : v) {
            if (x < 0) {
              negative = true;
              break;
            }
          }
          if (negative) {
            LOG.warn(
                "RandomGamma: image '{}' of subject {} has negative values; using sign(v) |v|^gamma",
                name,
                subject.id());
          }
          int slice = image.shape().x() * image.shape().y();
          Slabs.forEach(
              v.length / slice,
              v.length,
              k -> {
                for (int i = k * slice; i < (k + 1) * slice; i++) {
                  float x = v[i];
                  out[i] = (float) (x < 0 ? -Math.pow(-x, gamma) : Math.pow(x, gamma));
                }
              });
          return out;
        });
  }

  /** Configures a {@link RandomGamma}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private double[] logGamma = {-0.3, 0.3};

    private Builder() {}

    /** The range of {@code log(gamma)}: one value {@code x} means (-x, x), or two values. */
    public Builder logGamma(double... values) {
      logGamma =
          values.length == 1
              ? RandomNoise.range(
                  "log_gamma",
                  new double[] {-Math.abs(values[0]), Math.abs(values[0])},
                  Double.NEGATIVE_INFINITY)
              : RandomNoise.range("log_gamma", values, Double.NEGATIVE_INFINITY);
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public RandomGamma build() {
      return new RandomGamma(this);
    }
  }
}
