package org.liverseg.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * A literal transcription of TorchIO 0.20's grid code ({@code _get_patches_locations}, {@code
 * _crop_patch} and the aggregator's accumulation over the padded volume), written independently of
 * the production code as an oracle for the property tests.
 */
final class TorchioGrid {

  private TorchioGrid() {}

  /** {@code GridSampler._get_patches_locations}: range, append, meshgrid, unique, sorted. */
  static List<int[]> locations(int[] size, int[] patch, int[] overlap) {
    List<List<Integer>> indices = new ArrayList<>();
    for (int a = 0; a < 3; a++) {
      int end = size[a] + 1 - patch[a];
      int step = patch[a] - overlap[a];
      List<Integer> dim = new ArrayList<>();
      for (int s = 0; s < end; s += step) {
        dim.add(s);
      }
      if (dim.get(dim.size() - 1) != size[a] - patch[a]) {
        dim.add(size[a] - patch[a]);
      }
      indices.add(dim);
    }
    TreeSet<int[]> unique = new TreeSet<>(Arrays::compare);
    for (int i : indices.get(0)) {
      for (int j : indices.get(1)) {
        for (int k : indices.get(2)) {
          unique.add(new int[] {i, j, k, i + patch[0], j + patch[1], k + patch[2]});
        }
      }
    }
    return new ArrayList<>(unique);
  }

  /**
   * The aggregator over the padded grid {@code size}, channel-first volumes {@code [c][x + X(y + Y
   * z)]}, then cropped by {@code overlap/2} per side when padded. {@code patches[p]} is patch p's
   * {@code [c][local index]} output; mode "crop", "average", "hann" or "gaussian" (nnU-Net's
   * importance map, {@link NnunetGaussian}).
   */
  static float[][] aggregate(
      String mode,
      int[] size,
      int[] patch,
      int[] overlap,
      boolean padded,
      List<int[]> locations,
      float[][][] patches) {
    int channels = patches[0].length;
    int n = size[0] * size[1] * size[2];
    double[] gaussian = mode.equals("gaussian") ? NnunetGaussian.map(patch) : null;
    double[][] out = new double[channels][n];
    double[] weight = new double[n];
    for (int p = 0; p < locations.size(); p++) {
      int[] loc = locations.get(p);
      int[] cropIni = new int[3];
      int[] cropFin = new int[3];
      if (mode.equals("crop")) {
        for (int a = 0; a < 3; a++) {
          cropIni[a] = overlap[a] / 2;
          cropFin[a] = overlap[a] / 2;
          if (!padded) {
            cropIni[a] *= loc[a] > 0 ? 1 : 0;
            cropFin[a] *= loc[3 + a] != size[a] ? 1 : 0;
          }
        }
      }
      for (int c = cropIni[2]; c < patch[2] - cropFin[2]; c++) {
        for (int b = cropIni[1]; b < patch[1] - cropFin[1]; b++) {
          for (int a = cropIni[0]; a < patch[0] - cropFin[0]; a++) {
            int o = (loc[0] + a) + size[0] * ((loc[1] + b) + size[1] * (loc[2] + c));
            int l = a + patch[0] * (b + patch[1] * c);
            double w =
                mode.equals("hann")
                    ? hann(a, patch[0]) * hann(b, patch[1]) * hann(c, patch[2])
                    : gaussian != null ? gaussian[l] : 1;
            for (int ch = 0; ch < channels; ch++) {
              if (mode.equals("crop")) {
                out[ch][o] = patches[p][ch][l];
              } else {
                out[ch][o] += w * patches[p][ch][l];
              }
            }
            weight[o] += w;
          }
        }
      }
    }
    int[] border = new int[3];
    for (int a = 0; a < 3; a++) {
      border[a] = padded ? overlap[a] / 2 : 0;
    }
    int ox = size[0] - 2 * border[0];
    int oy = size[1] - 2 * border[1];
    int oz = size[2] - 2 * border[2];
    float[][] result = new float[channels][ox * oy * oz];
    for (int ch = 0; ch < channels; ch++) {
      for (int z = 0; z < oz; z++) {
        for (int y = 0; y < oy; y++) {
          for (int x = 0; x < ox; x++) {
            int o = (x + border[0]) + size[0] * ((y + border[1]) + size[1] * (z + border[2]));
            double v = mode.equals("crop") ? out[ch][o] : out[ch][o] / weight[o];
            result[ch][x + ox * (y + oy * z)] = (float) v;
          }
        }
      }
    }
    return result;
  }

  /** {@code torch.hann_window(P + 2, periodic=False)[1:-1]}. */
  static double hann(int t, int p) {
    return 0.5 - 0.5 * Math.cos(2 * Math.PI * (t + 1) / (p + 1));
  }
}
