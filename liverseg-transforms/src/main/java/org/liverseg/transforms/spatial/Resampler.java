package org.liverseg.transforms.spatial;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.liverseg.io.Affine;
import org.liverseg.io.Image;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/**
 * Resamples images onto a new voxel grid given, for every output voxel, the continuous input voxel
 * it comes from: scalar images trilinearly, label maps by nearest neighbour (so a label map only
 * ever gets values it had). Boundary rules are ITK's (TorchIO resamples with SimpleITK): a point is
 * inside when every continuous index lies in {@code [-0.5, n - 0.5)}; in the half-voxel band at the
 * border the interpolation clamps to the edge voxel; nearest rounds halves up; points outside get
 * the image's fill value.
 *
 * <p>The coordinates of a row of x are computed once and shared by all images and channels; output
 * z slices run in parallel (each slice computes its own coordinates, so the result does not depend
 * on the number of threads).
 */
public final class Resampler {

  /** Below this many output voxels everything runs on the calling thread. */
  private static final long PARALLEL_THRESHOLD = 1 << 18;

  private Resampler() {}

  /** Where each output voxel of a row samples the input, in input voxel coordinates. */
  public interface VoxelMap {
    /**
     * Fills {@code fx, fy, fz} (length = output x size) with the continuous input index of output
     * voxels {@code (0..X-1, j, k)}. Called concurrently for different rows.
     */
    void row(int j, int k, double[] fx, double[] fy, double[] fz);
  }

  /** The voxel map {@code input = m * (i, j, k, 1)} of a 3x4 row-major matrix. */
  public static VoxelMap affineMap(Affine outputToInputVoxels) {
    double[][] m = outputToInputVoxels.toArray();
    return (j, k, fx, fy, fz) -> {
      double bx = m[0][1] * j + m[0][2] * k + m[0][3];
      double by = m[1][1] * j + m[1][2] * k + m[1][3];
      double bz = m[2][1] * j + m[2][2] * k + m[2][3];
      double sx = m[0][0];
      double sy = m[1][0];
      double sz = m[2][0];
      for (int i = 0; i < fx.length; i++) {
        fx[i] = bx + sx * i;
        fy[i] = by + sy * i;
        fz[i] = bz + sz * i;
      }
    };
  }

  /**
   * The voxel map from an output grid to an input grid given both affines: {@code inputAffine^-1 *
   * outputAffine}.
   */
  public static Affine voxelToVoxel(Affine inputAffine, Affine outputAffine) {
    return inputAffine.inverse().multiply(outputAffine);
  }

  /**
   * Resamples {@code images} (all on the same input grid) onto the output grid {@code out} (shape
   * and affine; channels are kept per image).
   *
   * @param fills value of output voxels that fall outside the input, one per image (label maps take
   *     it as an integer label)
   */
  public static List<Image> resample(
      List<? extends Image> images, VoxelMap map, Shape out, Affine outAffine, double[] fills) {
    checkArgument(
        fills.length == images.size(),
        "need one fill value per image: %s images, %s fills",
        images.size(),
        fills.length);
    double[][] perChannel = new double[fills.length][];
    for (int t = 0; t < fills.length; t++) {
      perChannel[t] = new double[images.get(t).channels()];
      Arrays.fill(perChannel[t], fills[t]);
    }
    return resamplePerChannel(images, map, out, outAffine, perChannel);
  }

  /**
   * As {@link #resample(List, VoxelMap, Shape, Affine, double[])}, with one fill value per image
   * and channel ({@code fills[image][channel]}), as TorchIO resamples each channel on its own.
   */
  public static List<Image> resamplePerChannel(
      List<? extends Image> images, VoxelMap map, Shape out, Affine outAffine, double[][] fills) {
    checkArgument(
        fills.length == images.size(),
        "need fill values for every image: %s images, %s fills",
        images.size(),
        fills.length);
    for (int t = 0; t < fills.length; t++) {
      checkArgument(
          fills[t].length == images.get(t).channels(),
          "image %s has %s channels but %s fill values",
          t,
          images.get(t).channels(),
          fills[t].length);
    }
    Shape in = images.get(0).shape();
    int n = images.size();
    Object[] src = new Object[n];
    Object[] dst = new Object[n];
    int[] channels = new int[n];
    boolean anyScalar = false;
    boolean anyLabel = false;
    for (int t = 0; t < n; t++) {
      Image im = images.get(t);
      checkArgument(
          im.shape().equals(in),
          "images to resample together must share a shape: %s vs %s",
          im.shape(),
          in);
      channels[t] = im.channels();
      if (im instanceof ScalarImage s) {
        src[t] = s.voxels();
        dst[t] = new float[out.voxelsAsInt() * channels[t]];
        anyScalar = true;
      } else {
        src[t] = ((LabelMap) im).labels();
        dst[t] = new byte[out.voxelsAsInt() * channels[t]];
        anyLabel = true;
      }
    }
    boolean linear = anyScalar;
    boolean nearest = anyLabel;
    IntStream slices = IntStream.range(0, out.z());
    if (out.voxels() * n >= PARALLEL_THRESHOLD) {
      slices = slices.parallel();
    }
    slices.forEach(
        k -> {
          Row row = new Row(out.x(), in, linear, nearest);
          for (int j = 0; j < out.y(); j++) {
            map.row(j, k, row.fx, row.fy, row.fz);
            row.locate();
            int d = out.x() * (j + out.y() * k);
            for (int t = 0; t < n; t++) {
              for (int c = 0; c < channels[t]; c++) {
                int srcOff = c * in.voxelsAsInt();
                int dstOff = d + c * out.voxelsAsInt();
                if (src[t] instanceof float[] f) {
                  row.linear(f, srcOff, (float[]) dst[t], dstOff, (float) fills[t][c]);
                } else {
                  row.nearest(
                      (byte[]) src[t], srcOff, (byte[]) dst[t], dstOff, labelFill(fills[t][c]));
                }
              }
            }
          }
        });
    List<Image> result = new ArrayList<>(n);
    for (int t = 0; t < n; t++) {
      ImageGeometry g = new ImageGeometry(out, channels[t], outAffine);
      result.add(
          dst[t] instanceof float[] f ? ScalarImage.of(g, f) : LabelMap.of(g, (byte[]) dst[t]));
    }
    return result;
  }

  private static byte labelFill(double v) {
    return v >= 0 && v <= LabelMap.MAX_LABEL && v == Math.rint(v) ? (byte) (int) v : 0;
  }

  /** Per-row scratch: coordinates, then the neighbours and weights they resolve to. */
  private static final class Row {
    final double[] fx;
    final double[] fy;
    final double[] fz;
    final int[] base; // linear index of the lower corner, -1 outside
    final int[] dx; // 0 or 1
    final int[] dy; // 0 or X
    final int[] dz; // 0 or X*Y
    final float[] wx;
    final float[] wy;
    final float[] wz;
    final int[] near; // nearest linear index, -1 outside
    final int nx;
    final int ny;
    final int nz;
    final boolean linear;
    final boolean nearest;

    Row(int length, Shape in, boolean linear, boolean nearest) {
      fx = new double[length];
      fy = new double[length];
      fz = new double[length];
      this.linear = linear;
      this.nearest = nearest;
      base = linear ? new int[length] : null;
      dx = linear ? new int[length] : null;
      dy = linear ? new int[length] : null;
      dz = linear ? new int[length] : null;
      wx = linear ? new float[length] : null;
      wy = linear ? new float[length] : null;
      wz = linear ? new float[length] : null;
      near = nearest ? new int[length] : null;
      nx = in.x();
      ny = in.y();
      nz = in.z();
    }

    void locate() {
      int sxy = nx * ny;
      for (int i = 0; i < fx.length; i++) {
        double x = snap(fx[i]);
        double y = snap(fy[i]);
        double z = snap(fz[i]);
        boolean inside =
            x >= -0.5 && x < nx - 0.5 && y >= -0.5 && y < ny - 0.5 && z >= -0.5 && z < nz - 0.5;
        if (!inside) {
          if (linear) {
            base[i] = -1;
          }
          if (nearest) {
            near[i] = -1;
          }
          continue;
        }
        if (nearest) {
          int ix = (int) Math.floor(x + 0.5);
          int iy = (int) Math.floor(y + 0.5);
          int iz = (int) Math.floor(z + 0.5);
          near[i] = ix + nx * iy + sxy * iz;
        }
        if (linear) {
          // floor via truncation is safe: inside means x > -1
          int x0 = (int) (x + 1) - 1;
          int y0 = (int) (y + 1) - 1;
          int z0 = (int) (z + 1) - 1;
          float ax = (float) (x - x0);
          float ay = (float) (y - y0);
          float az = (float) (z - z0);
          int ddx = 1;
          int ddy = nx;
          int ddz = sxy;
          if (x0 < 0) {
            x0 = 0;
            ax = 0;
          }
          if (x0 >= nx - 1) {
            x0 = nx - 1;
            ax = 0;
            ddx = 0;
          }
          if (y0 < 0) {
            y0 = 0;
            ay = 0;
          }
          if (y0 >= ny - 1) {
            y0 = ny - 1;
            ay = 0;
            ddy = 0;
          }
          if (z0 < 0) {
            z0 = 0;
            az = 0;
          }
          if (z0 >= nz - 1) {
            z0 = nz - 1;
            az = 0;
            ddz = 0;
          }
          base[i] = x0 + nx * y0 + sxy * z0;
          dx[i] = ddx;
          dy[i] = ddy;
          dz[i] = ddz;
          wx[i] = ax;
          wy[i] = ay;
          wz[i] = az;
        }
      }
    }

    /** Rounding noise of the voxel map must not turn an exact voxel hit into an interpolation. */
    private static double snap(double v) {
      double r = Math.rint(v);
      return Math.abs(v - r) < 1e-6 ? r : v;
    }

    void linear(float[] src, int srcOff, float[] dst, int dstOff, float fill) {
      for (int i = 0; i < fx.length; i++) {
        int b = base[i];
        if (b < 0) {
          dst[dstOff + i] = fill;
          continue;
        }
        b += srcOff;
        int ex = dx[i];
        int ey = dy[i];
        int ez = dz[i];
        float ax = wx[i];
        float ay = wy[i];
        float az = wz[i];
        float c00 = src[b] + ax * (src[b + ex] - src[b]);
        float c10 = src[b + ey] + ax * (src[b + ey + ex] - src[b + ey]);
        float c01 = src[b + ez] + ax * (src[b + ez + ex] - src[b + ez]);
        float c11 = src[b + ez + ey] + ax * (src[b + ez + ey + ex] - src[b + ez + ey]);
        float c0 = c00 + ay * (c10 - c00);
        float c1 = c01 + ay * (c11 - c01);
        dst[dstOff + i] = c0 + az * (c1 - c0);
      }
    }

    void nearest(byte[] src, int srcOff, byte[] dst, int dstOff, byte fill) {
      for (int i = 0; i < fx.length; i++) {
        int b = near[i];
        dst[dstOff + i] = b < 0 ? fill : src[srcOff + b];
      }
    }
  }
}
