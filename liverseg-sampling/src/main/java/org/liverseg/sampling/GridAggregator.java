package org.liverseg.sampling;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.liverseg.io.Box;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/**
 * Puts the model outputs for the patches of a {@link GridSampler} back together into one image of
 * the subject's shape and affine (TorchIO's {@code GridAggregator}, see docs/ARCHITECTURE.md).
 * Modes:
 *
 * <ul>
 *   <li>{@link Mode#CROP}: from each patch cut {@code O/2} on each side (not on a side touching the
 *       volume border, unless the sampler padded) and assign the rest; where shifted last patches
 *       still overlap the later write wins, so patches added in location order give TorchIO's
 *       result;
 *   <li>{@link Mode#AVERAGE}: the mean of the whole patches covering each voxel;
 *   <li>{@link Mode#HANN}: the mean weighted by {@code w(a) w(b) w(c)}, {@code w(t) = sin^2(pi (t +
 *       1) / (P + 1))}, a symmetric Hann window of length {@code P + 2} without its zero ends;
 *   <li>{@link Mode#GAUSSIAN}: the mean weighted by nnU-Net's importance map ({@code
 *       compute_gaussian}), see {@code gaussian(int)}.
 * </ul>
 *
 * <p>If the sampler padded, the output is cropped back by {@code O/2} per side to the original
 * shape. With an identity model the output equals the input (exactly for {@code CROP}, to float
 * rounding otherwise).
 *
 * <p>Memory: exactly one output volume per channel, accumulated in place. No weight volume is kept:
 * the grid is the product of per-axis starts, so the number of patches (or the sum of Hann weights)
 * covering a voxel is the product of three per-axis sums. That is why every location of the sampler
 * must be added exactly once before {@link #output()}; a location outside the grid, or added twice,
 * is rejected. Not thread-safe.
 */
public final class GridAggregator {

  /** How overlapping patch outputs are combined. */
  public enum Mode {
    /** Cut half the overlap from each patch and assign the rest (later writes win). */
    CROP,
    /** Average of the whole patches covering each voxel. */
    AVERAGE,
    /** Hann-window weighted average. */
    HANN,
    /** Average weighted by nnU-Net's Gaussian importance map (sigma = patch / 8 per axis). */
    GAUSSIAN
  }

  private final GridSampler sampler;
  private final Mode mode;
  private final Shape patch;
  private final int patchVoxels;
  private final Shape padded;
  private final Shape out;

  /** Per axis, output index = padded index - offset. */
  private final int[] offset = new int[3];

  private final Map<Box, Integer> indexOf;
  private final boolean[] added;
  private final float[][] window;
  private int addedCount;
  private int channels;
  private float[] sum;
  private ScalarImage result;

  /** An aggregator for the patches of {@code sampler}, combining them as {@code mode} says. */
  public GridAggregator(GridSampler sampler, Mode mode) {
    this.sampler = requireNonNull(sampler, "sampler");
    this.mode = requireNonNull(mode, "mode");
    this.patch = sampler.patchSize();
    this.patchVoxels = patch.voxelsAsInt();
    this.padded = sampler.subject().shape();
    this.out = sampler.originalSubject().shape();
    for (int a = 0; a < 3; a++) {
      offset[a] = sampler.isPadded() ? sampler.overlap(a) / 2 : 0;
    }
    List<Box> locations = sampler.locations();
    this.indexOf = new HashMap<>(locations.size() * 2);
    for (int t = 0; t < locations.size(); t++) {
      indexOf.put(locations.get(t), t);
    }
    this.added = new boolean[locations.size()];
    this.window = new float[3][];
    for (int a = 0; a < 3; a++) {
      window[a] = weights(mode, patch.get(a));
    }
  }

  /** The combination mode. */
  public Mode mode() {
    return mode;
  }

  /** How many patches have been added. */
  public int patchesAdded() {
    return addedCount;
  }

  /**
   * Adds a batch of model outputs {@code [b, c, z, y, x]} (x fastest) for the patches at {@code
   * locations} (one per batch entry, in the sampler's padded grid). The channel count {@code c} is
   * {@code batch.length / (b * patch voxels)} and must be the same for every batch.
   *
   * @throws IllegalArgumentException if the batch length does not fit, a location is not one of the
   *     sampler's or was added before
   * @throws IllegalStateException after {@link #output()}
   */
  public void add(float[] batch, List<Box> locations) {
    checkState(result == null, "output() was already called; create a new GridAggregator");
    requireNonNull(batch, "batch");
    int b = locations.size();
    checkArgument(b > 0, "no locations given");
    for (Box l : locations) {
      checkArgument(
          l.size().equals(patch),
          "patch at %s has size %s but the grid's patch size is %s",
          l,
          l.size(),
          patch);
    }
    long perChannel = (long) b * patchVoxels;
    checkArgument(
        batch.length % perChannel == 0 && batch.length > 0,
        "batch of %s values does not hold %s patches" + " of %s (a multiple of %s values)",
        batch.length,
        b,
        patch,
        perChannel);
    int c = (int) (batch.length / perChannel);
    if (sum == null) {
      channels = c;
      sum = new float[Math.multiplyExact(c, out.voxelsAsInt())];
    }
    checkArgument(c == channels, "batch has %s channels but earlier batches had %s", c, channels);
    int[] index = new int[b];
    for (int p = 0; p < b; p++) {
      Integer t = indexOf.get(locations.get(p));
      checkArgument(
          t != null,
          "location %s is not one of the %s locations of %s",
          locations.get(p),
          added.length,
          sampler);
      checkArgument(!added[t], "patch at %s was already added", locations.get(p));
      for (int q = 0; q < p; q++) {
        checkArgument(index[q] != t, "patch at %s appears twice in the batch", locations.get(p));
      }
      index[p] = t;
    }
    for (int p = 0; p < b; p++) {
      Box l = locations.get(p);
      for (int ch = 0; ch < c; ch++) {
        int src = (p * c + ch) * patchVoxels;
        if (mode == Mode.CROP) {
          crop(batch, src, l, ch);
        } else {
          accumulate(batch, src, l, ch);
        }
      }
      added[index[p]] = true;
      addedCount++;
    }
  }

  /**
   * The aggregated image: the original subject's shape and affine, one channel per model output
   * channel. The first call finishes the aggregation in place; later calls return the same image.
   *
   * @throws IllegalStateException if not every grid location has been added
   */
  public ScalarImage output() {
    if (result != null) {
      return result;
    }
    checkState(
        addedCount == added.length,
        "only %s of the %s patches of %s were added",
        addedCount,
        added.length,
        sampler);
    if (mode != Mode.CROP) {
      normalise();
    }
    result =
        ScalarImage.of(new ImageGeometry(out, channels, sampler.originalSubject().affine()), sum);
    return result;
  }

  /** Assigns the patch less half the overlap per side (none at an unpadded border). */
  private void crop(float[] batch, int src, Box l, int ch) {
    int[] lo = new int[3];
    int[] hi = new int[3];
    for (int a = 0; a < 3; a++) {
      int half = sampler.overlap(a) / 2;
      int cutIni = sampler.isPadded() || l.start(a) != 0 ? half : 0;
      int cutFin = sampler.isPadded() || l.end(a) != padded.get(a) ? half : 0;
      lo[a] = cutIni;
      hi[a] = patch.get(a) - cutFin;
    }
    Box kept = new Box(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]);
    Boxes.copy(batch, patch, src, kept, sum, out, outIndex(ch, l, lo));
  }

  /** Adds the (weighted) patch, clipped to the output (only a padded grid reaches beyond it). */
  private void accumulate(float[] batch, int src, Box l, int ch) {
    int[] lo = new int[3];
    int[] hi = new int[3];
    for (int a = 0; a < 3; a++) {
      lo[a] = Math.max(0, offset[a] - l.start(a));
      hi[a] = Math.min(patch.get(a), out.get(a) + offset[a] - l.start(a));
    }
    int dstBase = outIndex(ch, l, lo);
    if (mode == Mode.AVERAGE) {
      Boxes.add(
          batch, patch, src, new Box(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]), sum, out, dstBase);
      return;
    }
    int nx = hi[0] - lo[0];
    int srcBase = src + patch.index(lo[0], lo[1], lo[2]);
    float[] wx = window[0];
    for (int c = lo[2]; c < hi[2]; c++) {
      for (int b = lo[1]; b < hi[1]; b++) {
        float wyz = window[1][b] * window[2][c];
        int s = srcBase + (c - lo[2]) * patch.x() * patch.y() + (b - lo[1]) * patch.x();
        int d = dstBase + (c - lo[2]) * out.x() * out.y() + (b - lo[1]) * out.x();
        for (int x = 0; x < nx; x++) {
          sum[d + x] += batch[s + x] * (wx[lo[0] + x] * wyz);
        }
      }
    }
  }

  /** Where voxel {@code lo} of the patch at {@code l} lies in channel {@code ch} of the output. */
  private int outIndex(int ch, Box l, int[] lo) {
    return ch * out.voxelsAsInt()
        + out.index(
            l.x0() + lo[0] - offset[0], l.y0() + lo[1] - offset[1], l.z0() + lo[2] - offset[2]);
  }

  /** Divides by the per-voxel weight sum, the product of the three per-axis sums. */
  private void normalise() {
    double[][] inverse = new double[3][];
    for (int a = 0; a < 3; a++) {
      double[] w = new double[out.get(a)];
      float[] win = window[a];
      for (int s : sampler.startsView(a)) {
        for (int t = 0; t < patch.get(a); t++) {
          int o = s + t - offset[a];
          if (o >= 0 && o < w.length) {
            w[o] += win[t];
          }
        }
      }
      for (int o = 0; o < w.length; o++) {
        w[o] = 1 / w[o];
      }
      inverse[a] = w;
    }
    int v = out.voxelsAsInt();
    double[] ix = inverse[0];
    for (int ch = 0; ch < channels; ch++) {
      int i = ch * v;
      for (int z = 0; z < out.z(); z++) {
        for (int y = 0; y < out.y(); y++, i += out.x()) {
          double iyz = inverse[1][y] * inverse[2][z];
          for (int x = 0; x < out.x(); x++) {
            sum[i + x] = (float) (sum[i + x] * (ix[x] * iyz));
          }
        }
      }
    }
  }

  /** Per-axis patch weights: all 1 (CROP, AVERAGE), the Hann window or the Gaussian. */
  static float[] weights(Mode mode, int p) {
    if (mode == Mode.GAUSSIAN) {
      return gaussian(p);
    }
    float[] w = new float[p];
    for (int t = 0; t < p; t++) {
      if (mode == Mode.HANN) {
        double s = Math.sin(Math.PI * (t + 1) / (p + 1));
        w[t] = (float) (s * s);
      } else {
        w[t] = 1;
      }
    }
    return w;
  }

  /**
   * One axis of nnU-Net's Gaussian importance map for a patch axis of {@code p} voxels: {@code
   * compute_gaussian} filters a unit impulse at {@code c = p / 2} (integer division) with scipy's
   * {@code gaussian_filter} (sigma {@code p / 8}, truncated at {@code int(4 sigma + 0.5)} voxels),
   * divides by the maximum and scales it to 10 ({@code value_scaling_factor}), so the weight is
   * {@code 10 exp(-(t - c)^2 / (2 sigma^2))}; the 3D map is the product of the three axes. The
   * factor 10 cancels in the weighted mean and is left out. The truncation never bites inside a
   * patch ({@code |t - c| <= p / 2 <= 4 sigma + 0.5}), and in float32 no weight is 0 (the smallest,
   * at the ends of an axis, is {@code e^-8}), so nnU-Net's clamping of zeros to the smallest
   * positive value (needed for its float16 map) never changes a weight here either.
   */
  static float[] gaussian(int p) {
    double sigma = p / 8.0;
    int c = p / 2;
    float[] w = new float[p];
    for (int t = 0; t < p; t++) {
      double d = t - c;
      w[t] = (float) Math.exp(-d * d / (2 * sigma * sigma));
    }
    return w;
  }
}
