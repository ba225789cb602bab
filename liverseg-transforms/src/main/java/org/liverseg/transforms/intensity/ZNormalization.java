package org.liverseg.transforms.intensity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Subject;
import org.liverseg.transforms.TransformBuilder;

/**
 * Subtracts the mean and divides by the standard deviation, as TorchIO's {@code ZNormalization}:
 * both are computed from the masked voxels (all voxels by default; {@code masking(name)} uses the
 * voxels where that label map is above 0), the standard deviation unbiased ({@code N - 1}), and
 * applied to every voxel. A standard deviation of 0 is an error naming the image.
 *
 * <pre>{@code
 * Transform z = ZNormalization.builder().masking("body").build();
 * }</pre>
 */
public final class ZNormalization extends IntensityTransform {

  private final String maskName;

  private ZNormalization(Builder b) {
    super(b);
    this.maskName = b.maskName;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("masking_method", maskName == null ? "none" : maskName);
    return applyToScalars(
        subject,
        params,
        (name, image) -> {
          float[] values = Masks.maskedValues(subject, name(), name, image, maskName);
          double mean = 0;
          for (float x : values) {
            mean += x;
          }
          mean /= values.length;
          double ss = 0;
          for (float x : values) {
            double d = x - mean;
            ss += d * d;
          }
          double std = Math.sqrt(ss / (values.length - 1));
          if (!(std > 0)) {
            throw new IllegalStateException(
                "ZNormalization: standard deviation is "
                    + std
                    + " for the "
                    + values.length
                    + " masked values of image '"
                    + name
                    + "' of subject "
                    + subject.id());
          }
          float[] v = image.voxels();
          float[] out = new float[v.length];
          float m = (float) mean;
          float s = (float) std;
          for (int i = 0; i < v.length; i++) {
            out[i] = (v[i] - m) / s;
          }
          return out;
        });
  }

  /** Configures a {@link ZNormalization}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private String maskName;

    private Builder() {}

    /** Computes the statistics where this label map of the subject is above 0. */
    public Builder masking(String labelMapName) {
      maskName = labelMapName;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public ZNormalization build() {
      return new ZNormalization(this);
    }
  }
}
