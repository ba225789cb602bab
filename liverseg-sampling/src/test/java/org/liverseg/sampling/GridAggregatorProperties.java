package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.sampling.GridAggregator.Mode;
import org.liverseg.transforms.spatial.PaddingMode;

/** GridAggregator against an identity model and against a transcription of TorchIO's code. */
class GridAggregatorProperties {

  private record Setup(GridSampler grid, Subject subject, int channels) {
    static Setup of(
        int sx,
        int sy,
        int sz,
        int px,
        int py,
        int pz,
        int ox,
        int oy,
        int oz,
        boolean padded,
        int channels) {
      int[] patch = {px, py, pz};
      int[] overlap = {ox, oy, oz};
      int[] size = {sx, sy, sz};
      for (int a = 0; a < 3; a++) {
        overlap[a] = 2 * (overlap[a] % ((patch[a] + 1) / 2));
        size[a] = Math.max(1, patch[a] - (padded ? overlap[a] : 0)) + size[a] % 20;
      }
      Subject s = TestSubjects.scalar("agg", Shape.of(size), channels);
      return new Setup(
          new GridSampler(s, Shape.of(patch), overlap, padded ? PaddingMode.ZERO : null),
          s,
          channels);
    }
  }

  @Property(tries = 250)
  void identityModelReproducesTheInput(
      @ForAll Mode mode,
      @ForAll boolean padded,
      @ForAll @IntRange(min = 0, max = 99) int sx,
      @ForAll @IntRange(min = 0, max = 99) int sy,
      @ForAll @IntRange(min = 0, max = 99) int sz,
      @ForAll @IntRange(min = 1, max = 14) int px,
      @ForAll @IntRange(min = 1, max = 14) int py,
      @ForAll @IntRange(min = 1, max = 14) int pz,
      @ForAll @IntRange(min = 0, max = 50) int ox,
      @ForAll @IntRange(min = 0, max = 50) int oy,
      @ForAll @IntRange(min = 0, max = 50) int oz,
      @ForAll @IntRange(min = 1, max = 5) int batchSize,
      @ForAll @IntRange(min = 1, max = 2) int channels) {
    Setup s = Setup.of(sx, sy, sz, px, py, pz, ox, oy, oz, padded, channels);
    GridAggregator agg = new GridAggregator(s.grid(), mode);
    for (List<Patch> batch : s.grid().batches(batchSize)) {
      agg.add(BatchCollator.collate(batch, "ct"), batch.stream().map(Patch::location).toList());
    }
    ScalarImage out = agg.output();
    ScalarImage in = s.subject().scalarImage("ct");
    assertEquals(in.geometry(), out.geometry(), "shape, channels and affine must be the subject's");
    float[] expected = in.voxels();
    float[] actual = out.voxels();
    int[] cover = coverage(s.grid());
    for (int i = 0; i < expected.length; i++) {
      if (mode == Mode.CROP) {
        assertEquals(expected[i], actual[i], 0f, "voxel " + i);
      } else {
        // Float sums of n patches lose about n half-ulps, as TorchIO's float32 sums do.
        float tolerance =
            1.2e-7f * (cover[i % cover.length] + 1) * Math.max(1, Math.abs(expected[i]));
        assertEquals(expected[i], actual[i], tolerance, "voxel " + i);
      }
    }
  }

  @Property(tries = 250)
  void matchesTorchioForAnyModelOutput(
      @ForAll Mode mode,
      @ForAll boolean padded,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 99) int sx,
      @ForAll @IntRange(min = 0, max = 99) int sy,
      @ForAll @IntRange(min = 0, max = 99) int sz,
      @ForAll @IntRange(min = 1, max = 12) int px,
      @ForAll @IntRange(min = 1, max = 12) int py,
      @ForAll @IntRange(min = 1, max = 12) int pz,
      @ForAll @IntRange(min = 0, max = 50) int ox,
      @ForAll @IntRange(min = 0, max = 50) int oy,
      @ForAll @IntRange(min = 0, max = 50) int oz,
      @ForAll @IntRange(min = 1, max = 4) int batchSize,
      @ForAll @IntRange(min = 1, max = 2) int channels) {
    Setup s = Setup.of(sx, sy, sz, px, py, pz, ox, oy, oz, padded, channels);
    GridSampler grid = s.grid();
    int pv = grid.patchSize().voxelsAsInt();
    SplittableRandom random = new SplittableRandom(seed);
    float[][][] outputs = new float[grid.size()][channels][pv];
    for (float[][] p : outputs) {
      for (float[] c : p) {
        for (int v = 0; v < pv; v++) {
          c[v] = random.nextFloat();
        }
      }
    }
    GridAggregator agg = new GridAggregator(grid, mode);
    for (int from = 0; from < grid.size(); from += batchSize) {
      int to = Math.min(grid.size(), from + batchSize);
      float[] batch = new float[(to - from) * channels * pv];
      for (int p = from; p < to; p++) {
        for (int c = 0; c < channels; c++) {
          System.arraycopy(outputs[p][c], 0, batch, ((p - from) * channels + c) * pv, pv);
        }
      }
      agg.add(batch, grid.locations().subList(from, to));
    }
    List<int[]> locations = new ArrayList<>();
    grid.locations().forEach(l -> locations.add(l.toArray()));
    float[][] expected =
        TorchioGrid.aggregate(
            mode.name().toLowerCase(),
            grid.subject().shape().toArray(),
            grid.patchSize().toArray(),
            grid.patchOverlap(),
            padded,
            locations,
            outputs);
    float[] actual = agg.output().voxels();
    int n = s.subject().shape().voxelsAsInt();
    int[] cover = coverage(grid);
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < n; i++) {
        float tolerance = mode == Mode.CROP ? 0f : 1.2e-7f * (cover[i] + 1);
        assertEquals(expected[c][i], actual[c * n + i], tolerance, "channel " + c + " voxel " + i);
      }
    }
    assertTrue(agg.output() == agg.output());
  }

  /** How many grid patches cover each voxel of the original (unpadded) volume. */
  static int[] coverage(GridSampler grid) {
    Shape out = grid.originalSubject().shape();
    int[][] perAxis = new int[3][];
    for (int a = 0; a < 3; a++) {
      int offset = grid.isPadded() ? grid.patchOverlap()[a] / 2 : 0;
      perAxis[a] = new int[out.get(a)];
      for (int start : grid.starts(a)) {
        for (int t = 0; t < grid.patchSize().get(a); t++) {
          int o = start + t - offset;
          if (o >= 0 && o < out.get(a)) {
            perAxis[a][o]++;
          }
        }
      }
    }
    int[] cover = new int[out.voxelsAsInt()];
    for (int z = 0; z < out.z(); z++) {
      for (int y = 0; y < out.y(); y++) {
        for (int x = 0; x < out.x(); x++) {
          cover[out.index(x, y, z)] = perAxis[0][x] * perAxis[1][y] * perAxis[2][z];
        }
      }
    }
    return cover;
  }
}
