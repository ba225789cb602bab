package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Gaussian importance weights against nnU-Net's {@code compute_gaussian} as scipy computes it
 * ({@code nnunet_gaussian.txt}, written by {@code nnunet_gaussian.py} next to it).
 */
class GaussianWeightsTest {

  /**
   * The maximum of nnU-Net's map ({@code value_scaling_factor}), which the aggregator leaves out.
   */
  private static final double NNUNET_MAX = 10;

  private record Tile(int[] size, double[] values) {}

  private static List<Tile> fixture() throws IOException {
    try (InputStream in = GaussianWeightsTest.class.getResourceAsStream("nnunet_gaussian.txt")) {
      List<Tile> tiles = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        String[] f = line.trim().split(" ");
        int[] size = {Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2])};
        double[] v = new double[f.length - 3];
        for (int i = 0; i < v.length; i++) {
          v[i] = Double.parseDouble(f[i + 3]);
        }
        assertEquals(size[0] * size[1] * size[2], v.length, "fixture line for " + f[0]);
        tiles.add(new Tile(size, v));
      }
      return tiles;
    }
  }

  @Test
  void productOfAxisWeightsIsScipysMapScaledToTen() throws IOException {
    List<Tile> tiles = fixture();
    assertEquals(3, tiles.size());
    for (Tile t : tiles) {
      float[] wx = GridAggregator.gaussian(t.size()[0]);
      float[] wy = GridAggregator.gaussian(t.size()[1]);
      float[] wz = GridAggregator.gaussian(t.size()[2]);
      double max = 0;
      for (int z = 0; z < t.size()[2]; z++) {
        for (int y = 0; y < t.size()[1]; y++) {
          for (int x = 0; x < t.size()[0]; x++) {
            double expected = t.values()[x + t.size()[0] * (y + t.size()[1] * z)];
            double actual = NNUNET_MAX * wx[x] * wy[y] * wz[z];
            assertEquals(expected, actual, 1e-6 * expected, "voxel " + x + "," + y + "," + z);
            max = Math.max(max, actual);
          }
        }
      }
      assertEquals(10, max, 1e-6);
    }
  }

  @Test
  void theOracleOfThePropertyTestsIsScipysMapToo() throws IOException {
    for (Tile t : fixture()) {
      double[] oracle = NnunetGaussian.map(t.size());
      for (int i = 0; i < oracle.length; i++) {
        assertEquals(t.values()[i], oracle[i], 1e-9 * t.values()[i], "value " + i);
      }
    }
  }

  @Test
  void centreIsAtHalfThePatchRoundedDownAndNoWeightIsZero() {
    float[] even = GridAggregator.gaussian(8);
    assertEquals(1f, even[4]);
    assertTrue(even[3] < 1 && even[3] == even[5]);
    float[] big = GridAggregator.gaussian(256);
    assertEquals(1f, big[128]);
    assertEquals(Math.exp(-8), big[0], 1e-9); // (128 / 32)^2 / 2 = 8
    for (float w : big) {
      assertTrue(w > 0);
    }
    assertEquals(1f, GridAggregator.gaussian(1)[0]);
  }
}
