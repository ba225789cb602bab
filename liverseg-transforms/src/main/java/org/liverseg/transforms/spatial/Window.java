package org.liverseg.transforms.spatial;

import java.util.stream.IntStream;
import org.liverseg.io.Affine;
import org.liverseg.io.Image;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.transforms.ImageStatistics;

/**
 * The one kernel behind pad, crop and crop-or-pad: output voxel {@code o} (per axis) is input voxel
 * {@code o + offset} when that lies inside the input, else the padding mode decides. Padding by
 * {@code pad_ini} and then cropping {@code crop_ini} is {@code offset = crop_ini - pad_ini}. The
 * affine's origin moves to input voxel {@code offset}; nothing else changes.
 */
final class Window {

  /** Below this many output values the copy runs on the calling thread only. */
  private static final int PARALLEL_THRESHOLD = 1 << 20;

  private Window() {}

  /** The affine of the output grid. */
  static Affine affine(Affine in, int[] offset) {
    return in.shiftedBy(offset[0], offset[1], offset[2]);
  }

  /** Applies the window to one image. */
  static Image apply(Image image, int[] offset, Shape out, PaddingMode mode) {
    ImageGeometry g = image.geometry();
    ImageGeometry og = new ImageGeometry(out, g.channels(), affine(g.affine(), offset));
    Shape in = g.shape();
    int[][] maps = new int[3][];
    for (int a = 0; a < 3; a++) {
      maps[a] = indexMap(in.get(a), offset[a], out.get(a), mode);
    }
    if (image instanceof ScalarImage s) {
      float fill = mode instanceof PaddingMode.Numpy ? 0 : (float) constant(image, mode);
      return ScalarImage.of(og, copy(s.voxels(), in, out, g.channels(), offset[0], maps, fill));
    }
    LabelMap l = (LabelMap) image;
    byte fill = mode instanceof PaddingMode.Numpy ? 0 : labelConstant(constant(image, mode));
    return LabelMap.of(og, copy(l.labels(), in, out, g.channels(), offset[0], maps, fill));
  }

  private static double constant(Image image, PaddingMode mode) {
    if (mode instanceof PaddingMode.Constant c) {
      return c.value();
    }
    return switch ((PaddingMode.Statistic) mode) {
      case MINIMUM -> ImageStatistics.min(image);
      case MAXIMUM -> ImageStatistics.max(image);
      case MEAN -> ImageStatistics.mean(image);
      case MEDIAN -> ImageStatistics.median(image);
    };
  }

  private static byte labelConstant(double v) {
    double t = v < 0 ? Math.ceil(v) : Math.floor(v);
    return t >= 0 && t <= LabelMap.MAX_LABEL ? (byte) (int) t : 0;
  }

  /** Source index of each output position along one axis, -1 where a constant fills it. */
  static int[] indexMap(int n, int offset, int outLength, PaddingMode mode) {
    int[] map = new int[outLength];
    if (mode instanceof PaddingMode.Numpy numpy) {
      int left = Math.max(0, -offset);
      int right = Math.max(0, offset + outLength - n);
      int[] padded = numpy.indexMap(n, left, right);
      for (int o = 0; o < outLength; o++) {
        map[o] = padded[o + offset + left];
      }
    } else {
      for (int o = 0; o < outLength; o++) {
        int p = o + offset;
        map[o] = p >= 0 && p < n ? p : -1;
      }
    }
    return map;
  }

  private static float[] copy(
      float[] src, Shape in, Shape out, int channels, int dx, int[][] maps, float fill) {
    float[] dst = new float[out.voxelsAsInt() * channels];
    int ox = out.x();
    int lo = Math.min(Math.max(-dx, 0), ox);
    int hi = Math.max(Math.min(in.x() - dx, ox), lo);
    int[] mx = maps[0];
    forEachSlab(
        out.z() * channels,
        dst.length,
        s -> {
          int c = s / out.z();
          int oz = s % out.z();
          int sz = maps[2][oz];
          for (int oy = 0; oy < out.y(); oy++) {
            int sy = maps[1][oy];
            int d = ox * (oy + out.y() * (oz + out.z() * c));
            if (sz < 0 || sy < 0) {
              java.util.Arrays.fill(dst, d, d + ox, fill);
              continue;
            }
            int r = in.x() * (sy + in.y() * (sz + in.z() * c));
            if (hi > lo) {
              System.arraycopy(src, r + lo + dx, dst, d + lo, hi - lo);
            }
            for (int o = 0; o < lo; o++) {
              dst[d + o] = mx[o] < 0 ? fill : src[r + mx[o]];
            }
            for (int o = hi; o < ox; o++) {
              dst[d + o] = mx[o] < 0 ? fill : src[r + mx[o]];
            }
          }
        });
    return dst;
  }

  private static byte[] copy(
      byte[] src, Shape in, Shape out, int channels, int dx, int[][] maps, byte fill) {
    byte[] dst = new byte[out.voxelsAsInt() * channels];
    int ox = out.x();
    int lo = Math.min(Math.max(-dx, 0), ox);
    int hi = Math.max(Math.min(in.x() - dx, ox), lo);
    int[] mx = maps[0];
    forEachSlab(
        out.z() * channels,
        dst.length,
        s -> {
          int c = s / out.z();
          int oz = s % out.z();
          int sz = maps[2][oz];
          for (int oy = 0; oy < out.y(); oy++) {
            int sy = maps[1][oy];
            int d = ox * (oy + out.y() * (oz + out.z() * c));
            if (sz < 0 || sy < 0) {
              java.util.Arrays.fill(dst, d, d + ox, fill);
              continue;
            }
            int r = in.x() * (sy + in.y() * (sz + in.z() * c));
            if (hi > lo) {
              System.arraycopy(src, r + lo + dx, dst, d + lo, hi - lo);
            }
            for (int o = 0; o < lo; o++) {
              dst[d + o] = mx[o] < 0 ? fill : src[r + mx[o]];
            }
            for (int o = hi; o < ox; o++) {
              dst[d + o] = mx[o] < 0 ? fill : src[r + mx[o]];
            }
          }
        });
    return dst;
  }

  /** Runs {@code body} for every slab index, in parallel when the output is large. */
  static void forEachSlab(int slabs, int values, java.util.function.IntConsumer body) {
    if (values < PARALLEL_THRESHOLD || slabs < 2) {
      for (int s = 0; s < slabs; s++) {
        body.accept(s);
      }
    } else {
      IntStream.range(0, slabs).parallel().forEach(body);
    }
  }
}
