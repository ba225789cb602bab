package org.liverseg.transforms.intensity;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.primitives.Doubles;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.Ranges;
import org.liverseg.transforms.TransformBuilder;

/**
 * Gaussian blur with random standard deviations, as TorchIO's {@code RandomBlur}: for every
 * selected scalar image (in the subject's order) it draws one std in millimetres per axis (x, y, z
 * in turn) from its range, converts it to voxels with that image's spacing, and filters every
 * channel as {@code scipy.ndimage.gaussian_filter} does: a separable, normalised kernel {@code
 * exp(-t^2 / 2 sigma^2)} of radius {@code floor(4 sigma + 0.5)}, with scipy's {@code reflect}
 * boundary ({@code d c b a | a b c d}); an axis with sigma 0 is left alone. Ranges follow TorchIO's
 * {@code parse_params} ({@link Ranges#perAxis}): default U(0, 2) per axis; one value {@code x}
 * means U(0, x), two values a range for every axis, three values {@code (x1, x2, x3)} U(0, xi) per
 * axis, six values a range per axis; no bound may be negative. The history records the drawn {@code
 * std} per image name.
 *
 * <pre>{@code
 * Transform blur = RandomBlur.builder().std(0, 1).build();
 * }</pre>
 */
public final class RandomBlur extends IntensityTransform {

  private final double[] std; // lo, hi per axis

  private RandomBlur(Builder b) {
    super(b);
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
    Map<String, double[]> mm = new LinkedHashMap<>();
    for (String name : selectedScalarNames(subject)) {
      mm.put(name, Ranges.uniformPerAxis(random, std));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(
        "std",
        mm.entrySet().stream()
            .collect(
                ImmutableMap.toImmutableMap(
                    Map.Entry::getKey, e -> ImmutableList.copyOf(Doubles.asList(e.getValue())))));
    return applyToScalars(
        subject,
        params,
        (name, image) -> {
          double[] s = mm.get(name);
          double[] spacing = image.affine().spacing();
          double[] sigma = {s[0] / spacing[0], s[1] / spacing[1], s[2] / spacing[2]};
          return blur(image.voxels(), image.shape(), image.channels(), sigma);
        });
  }

  /** Filters a volume (every channel) like {@code scipy.ndimage.gaussian_filter(v, sigma)}. */
  public static float[] blur(float[] voxels, Shape shape, int channels, double[] sigmaVoxels) {
    float[] cur = voxels.clone();
    for (int axis = 0; axis < 3; axis++) {
      if (sigmaVoxels[axis] > 1e-15 && shape.get(axis) > 1) {
        cur = filterAxis(cur, shape, channels, axis, kernel(sigmaVoxels[axis]));
      }
    }
    return cur;
  }

  /**
   * scipy's {@code _gaussian_kernel1d(sigma, 0, radius)} with radius {@code int(4 sigma + 0.5)}.
   */
  static double[] kernel(double sigma) {
    int radius = (int) (4.0 * sigma + 0.5);
    double[] k = new double[2 * radius + 1];
    double sum = 0;
    for (int t = -radius; t <= radius; t++) {
      double w = Math.exp(-0.5 / (sigma * sigma) * t * t);
      k[t + radius] = w;
      sum += w;
    }
    for (int t = 0; t < k.length; t++) {
      k[t] /= sum;
    }
    return k;
  }

  private static float[] filterAxis(float[] src, Shape shape, int channels, int axis, double[] k) {
    int nx = shape.x();
    int ny = shape.y();
    int nz = shape.z();
    int n = shape.get(axis);
    int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
    int radius = k.length / 2;
    // reflected source position of every (position, tap): scipy 'reflect' (period 2n)
    int[] map = new int[n * k.length];
    for (int p = 0; p < n; p++) {
      for (int t = 0; t < k.length; t++) {
        int q = Math.floorMod(p + t - radius, 2 * n);
        map[p * k.length + t] = q < n ? q : 2 * n - 1 - q;
      }
    }
    float[] dst = new float[src.length];
    int slabs = nz * channels;
    Slabs.forEach(
        slabs,
        src.length,
        s -> {
          int base = s * nx * ny; // channel-major slabs of one z slice each
          int z = s % nz;
          double[] acc = new double[nx];
          if (axis == 2) {
            int cBase = base - z * nx * ny;
            for (int y = 0; y < ny; y++) {
              Arrays.fill(acc, 0);
              for (int t = 0; t < k.length; t++) {
                int off = cBase + nx * (y + ny * map[z * k.length + t]);
                double w = k[t];
                for (int x = 0; x < nx; x++) {
                  acc[x] += w * src[off + x];
                }
              }
              int d = base + nx * y;
              for (int x = 0; x < nx; x++) {
                dst[d + x] = (float) acc[x];
              }
            }
          } else if (axis == 1) {
            for (int y = 0; y < ny; y++) {
              Arrays.fill(acc, 0);
              for (int t = 0; t < k.length; t++) {
                int off = base + nx * map[y * k.length + t];
                double w = k[t];
                for (int x = 0; x < nx; x++) {
                  acc[x] += w * src[off + x];
                }
              }
              int d = base + nx * y;
              for (int x = 0; x < nx; x++) {
                dst[d + x] = (float) acc[x];
              }
            }
          } else {
            for (int y = 0; y < ny; y++) {
              int row = base + nx * y;
              for (int x = 0; x < nx; x++) {
                double a = 0;
                int m = x * k.length;
                for (int t = 0; t < k.length; t++) {
                  a += k[t] * src[row + map[m + t]];
                }
                dst[row + x] = (float) a;
              }
            }
          }
        });
    return dst;
  }

  /** Configures a {@link RandomBlur}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private double[] std = {0, 2, 0, 2, 0, 2};

    private Builder() {}

    /**
     * Std ranges in mm: 1 value {@code x} (U(0, x) per axis), 2 values (one range for every axis),
     * 3 values (U(0, xi) per axis) or 6 (a range per axis); none negative.
     */
    public Builder std(double... values) {
      std = Ranges.perAxis("std", values, null, 0.0);
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public RandomBlur build() {
      return new RandomBlur(this);
    }
  }
}
