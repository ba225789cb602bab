package org.liverseg.transforms.intensity;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Subject;
import org.liverseg.transforms.Ranges;
import org.liverseg.transforms.TransformBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises intensities to a random power, as TorchIO's {@code RandomGamma}: for every selected scalar
 * image (in the subject's order) and every channel of it, {@code beta ~ U(log_gamma range)}, {@code
 * gamma = exp(beta)}, and {@code v -> v^gamma}; with negative values present, {@code sign(v)
 * |v|^gamma} (with a warning, as TorchIO). The range defaults to (-0.3, 0.3); one value {@code x >=
 * 0} means (-x, x) and a negative single value is rejected, as in TorchIO ({@link Ranges#range}).
 * Usually applied after rescaling to [0, 1]. The history records the drawn {@code gamma} values per
 * image name (one per channel).
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
    Map<String, ImmutableList<Double>> gammas = new LinkedHashMap<>();
    for (String name : selectedScalarNames(subject)) {
      ImmutableList.Builder<Double> g = ImmutableList.builder();
      for (int c = 0; c < subject.image(name).channels(); c++) {
        g.add(Math.exp(Ranges.uniform(random, logGamma[0], logGamma[1])));
      }
      gammas.put(name, g.build());
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("gamma", ImmutableMap.copyOf(gammas));
    return applyToScalars(
        subject,
        params,
        (name, image) -> {
          float[] v = image.voxels();
          for (float x : v) {
            if (x < 0) {
              LOG.warn(
                  "RandomGamma: image '{}' of subject {} has negative values;"
                      + " using sign(v) |v|^gamma",
                  name,
                  subject.id());
              break;
            }
          }
          float[] out = new float[v.length];
          int slice = image.shape().x() * image.shape().y();
          int perChannel = image.shape().voxelsAsInt();
          List<Double> g = gammas.get(name);
          Slabs.forEach(
              v.length / slice,
              v.length,
              k -> {
                double gamma = g.get(k * slice / perChannel);
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

    /**
     * The range of {@code log(gamma)}: one value {@code x >= 0} means (-x, x), or two ordered
     * values.
     */
    public Builder logGamma(double... values) {
      logGamma = Ranges.range("log_gamma", values, null);
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
