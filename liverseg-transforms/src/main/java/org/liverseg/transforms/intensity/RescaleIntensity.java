package org.liverseg.transforms.intensity;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Subject;
import org.liverseg.transforms.ImageStatistics;
import org.liverseg.transforms.TransformBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps intensities linearly to an output range, as TorchIO's {@code RescaleIntensity}: the
 * percentile cut-offs (numpy's linear interpolation) of the masked voxels (all by default) clip the
 * whole image; then the minimum and maximum of the whole clipped image, or the given {@code
 * inMinMax}, map to {@code outMinMax}. Defaults: out (0, 1), percentiles (0, 100). A constant image
 * (or an empty mask) logs a warning and is left unchanged. Arithmetic follows numpy's float32
 * order: {@code (v - in_min) / in_range * out_range + out_min}.
 *
 * <pre>{@code
 * Transform r = RescaleIntensity.builder().outMinMax(-1, 1).percentiles(0.5, 99.5).build();
 * }</pre>
 */
public final class RescaleIntensity extends IntensityTransform {

  private static final Logger LOG = LoggerFactory.getLogger(RescaleIntensity.class);

  private final double outMin;
  private final double outMax;
  private final double pLow;
  private final double pHigh;
  private final double[] inMinMax;
  private final String maskName;

  private RescaleIntensity(Builder b) {
    super(b);
    this.outMin = b.outMin;
    this.outMax = b.outMax;
    this.pLow = b.pLow;
    this.pHigh = b.pHigh;
    this.inMinMax = b.inMinMax;
    this.maskName = b.maskName;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Maps each image's minimum and maximum to {@code [min, max]} (TorchIO's {@code
   * RescaleIntensity(out_min_max)}): {@code builder().outMinMax(min, max).build()}.
   */
  public static RescaleIntensity to(double min, double max) {
    return builder().outMinMax(min, max).build();
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("out_min_max", ImmutableList.of(outMin, outMax));
    params.put("percentiles", ImmutableList.of(pLow, pHigh));
    params.put(
        "in_min_max", inMinMax == null ? "image" : ImmutableList.of(inMinMax[0], inMinMax[1]));
    params.put("masking_method", maskName == null ? "none" : maskName);
    return applyToScalars(
        subject,
        params,
        (name, image) -> {
          float[] values = Masks.maskedValues(subject, name(), name, image, maskName);
          float[] v = image.voxels();
          if (values.length == 0) {
            LOG.warn(
                "RescaleIntensity: mask '{}' is empty for image '{}' of subject {}; image unchanged",
                maskName,
                name,
                subject.id());
            return v;
          }
          float[] sorted = values == v ? v.clone() : values;
          Arrays.parallelSort(sorted);
          float lo = (float) ImageStatistics.percentileOfSorted(sorted, pLow);
          float hi = (float) ImageStatistics.percentileOfSorted(sorted, pHigh);
          float[] out = new float[v.length];
          float min = Float.POSITIVE_INFINITY;
          float max = Float.NEGATIVE_INFINITY;
          for (int i = 0; i < v.length; i++) {
            float c = Math.min(Math.max(v[i], lo), hi);
            out[i] = c;
            min = Math.min(min, c);
            max = Math.max(max, c);
          }
          float inMin = inMinMax == null ? min : (float) inMinMax[0];
          float inMax = inMinMax == null ? max : (float) inMinMax[1];
          float inRange = inMax - inMin;
          if (inRange == 0) {
            LOG.warn(
                "RescaleIntensity: image '{}' of subject {} is constant ({}) after clipping; image unchanged",
                name,
                subject.id(),
                inMin);
            return v;
          }
          float outRange = (float) (outMax - outMin);
          float o = (float) outMin;
          for (int i = 0; i < out.length; i++) {
            out[i] = (out[i] - inMin) / inRange * outRange + o;
          }
          return out;
        });
  }

  /** Configures a {@link RescaleIntensity}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private double outMin = 0;
    private double outMax = 1;
    private double pLow = 0;
    private double pHigh = 100;
    private double[] inMinMax;
    private String maskName;

    private Builder() {}

    /** The output range (default 0, 1). */
    public Builder outMinMax(double min, double max) {
      checkArgument(
          Double.isFinite(min) && Double.isFinite(max) && min <= max,
          "output range must be finite with min <= max, got (%s, %s)",
          min,
          max);
      outMin = min;
      outMax = max;
      return this;
    }

    /** The percentile cut-offs in [0, 100] (default 0, 100). */
    public Builder percentiles(double low, double high) {
      checkArgument(
          low >= 0 && high <= 100 && low <= high,
          "percentiles must satisfy 0 <= low <= high <= 100," + " got (%s, %s)",
          low,
          high);
      pLow = low;
      pHigh = high;
      return this;
    }

    /** A fixed input range instead of the clipped image's minimum and maximum. */
    public Builder inMinMax(double min, double max) {
      checkArgument(
          Double.isFinite(min) && Double.isFinite(max) && min < max,
          "input range must be finite with min < max, got (%s, %s)",
          min,
          max);
      inMinMax = new double[] {min, max};
      return this;
    }

    /** Computes the percentiles where this label map of the subject is above 0. */
    public Builder masking(String labelMapName) {
      maskName = labelMapName;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public RescaleIntensity build() {
      return new RescaleIntensity(this);
    }
  }
}
