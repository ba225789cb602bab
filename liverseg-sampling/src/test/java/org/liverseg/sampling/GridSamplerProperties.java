package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.liverseg.io.Box;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.spatial.PaddingMode;

/** TorchIO's grid rule (docs/ARCHITECTURE.md) for random shapes, patch sizes and even overlaps. */
class GridSamplerProperties {

  /** A valid configuration, derived from raw draws. */
  private record Config(int[] size, int[] patch, int[] overlap, boolean padded) {
    static Config of(int[] rawSize, int[] rawPatch, int[] rawOverlap, boolean padded) {
      int[] size = new int[3];
      int[] patch = new int[3];
      int[] overlap = new int[3];
      for (int a = 0; a < 3; a++) {
        patch[a] = rawPatch[a];
        overlap[a] = 2 * (rawOverlap[a] % ((patch[a] + 1) / 2));
        int min = Math.max(1, patch[a] - (padded ? overlap[a] : 0));
        size[a] = min + rawSize[a] % 24;
      }
      return new Config(size, patch, overlap, padded);
    }

    GridSampler sampler() {
      Subject s =
          Subject.builder("p").image("label", TestSubjects.labels(Shape.of(size), i -> 1)).build();
      return new GridSampler(s, Shape.of(patch), overlap, padded ? PaddingMode.ZERO : null);
    }

    int[] paddedSize() {
      int[] p = size.clone();
      for (int a = 0; a < 3; a++) {
        p[a] += padded ? overlap[a] : 0;
      }
      return p;
    }
  }

  @Property(tries = 300)
  void locationsFollowTheTorchioRule(
      @ForAll @IntRange(min = 0, max = 1000) int sx,
      @ForAll @IntRange(min = 0, max = 1000) int sy,
      @ForAll @IntRange(min = 0, max = 1000) int sz,
      @ForAll @IntRange(min = 1, max = 20) int px,
      @ForAll @IntRange(min = 1, max = 20) int py,
      @ForAll @IntRange(min = 1, max = 20) int pz,
      @ForAll @IntRange(min = 0, max = 100) int ox,
      @ForAll @IntRange(min = 0, max = 100) int oy,
      @ForAll @IntRange(min = 0, max = 100) int oz,
      @ForAll boolean padded) {
    Config c =
        Config.of(new int[] {sx, sy, sz}, new int[] {px, py, pz}, new int[] {ox, oy, oz}, padded);
    GridSampler grid = c.sampler();
    int[] volume = c.paddedSize();
    assertEquals(Shape.of(volume), grid.subject().shape());
    List<int[]> expected = TorchioGrid.locations(volume, c.patch(), c.overlap());
    assertEquals(expected.size(), grid.size());
    for (int t = 0; t < expected.size(); t++) {
      assertArrayEquals(expected.get(t), grid.locations().get(t).toArray());
    }
    for (int a = 0; a < 3; a++) {
      int[] starts = grid.starts(a);
      assertEquals(0, starts[0]);
      assertEquals(volume[a] - c.patch()[a], starts[starts.length - 1]);
    }
  }

  @Property(tries = 300)
  void everyVoxelIsCoveredAndEveryPatchIsInsideUniqueSortedAndOverlapping(
      @ForAll @IntRange(min = 0, max = 1000) int sx,
      @ForAll @IntRange(min = 0, max = 1000) int sy,
      @ForAll @IntRange(min = 0, max = 1000) int sz,
      @ForAll @IntRange(min = 1, max = 20) int px,
      @ForAll @IntRange(min = 1, max = 20) int py,
      @ForAll @IntRange(min = 1, max = 20) int pz,
      @ForAll @IntRange(min = 0, max = 100) int ox,
      @ForAll @IntRange(min = 0, max = 100) int oy,
      @ForAll @IntRange(min = 0, max = 100) int oz,
      @ForAll boolean padded) {
    Config c =
        Config.of(new int[] {sx, sy, sz}, new int[] {px, py, pz}, new int[] {ox, oy, oz}, padded);
    GridSampler grid = c.sampler();
    Shape volume = Shape.of(c.paddedSize());
    int[] cover = new int[volume.voxelsAsInt()];
    Box previous = null;
    for (Box l : grid.locations()) {
      assertTrue(l.fitsIn(volume), () -> l + " outside " + volume);
      assertEquals(Shape.of(c.patch()), l.size());
      if (previous != null) {
        assertTrue(previous.compareTo(l) < 0, () -> "not strictly increasing: " + l);
      }
      previous = l;
      for (int k = l.z0(); k < l.z1(); k++) {
        for (int j = l.y0(); j < l.y1(); j++) {
          for (int i = l.x0(); i < l.x1(); i++) {
            cover[volume.index(i, j, k)]++;
          }
        }
      }
    }
    for (int v : cover) {
      assertTrue(v > 0, "a voxel is not covered");
    }
    for (int a = 0; a < 3; a++) {
      int[] starts = grid.starts(a);
      for (int t = 1; t < starts.length; t++) {
        assertTrue(starts[t] > starts[t - 1]);
        int shared = starts[t - 1] + c.patch()[a] - starts[t];
        assertTrue(
            shared >= c.overlap()[a],
            "neighbours share " + shared + " < overlap " + c.overlap()[a]);
      }
    }
  }

  @Property(tries = 300)
  void validationErrorsFireInTorchioOrder(
      @ForAll @IntRange(min = 1, max = 12) int s,
      @ForAll @IntRange(min = 1, max = 14) int px,
      @ForAll @IntRange(min = 1, max = 14) int py,
      @ForAll @IntRange(min = 0, max = 15) int ox,
      @ForAll @IntRange(min = 0, max = 15) int oy,
      @ForAll boolean padded) {
    int[] patch = {px, py, 3};
    int[] overlap = {ox, oy, 0};
    int[] volume = {s + (padded ? ox / 2 * 2 : 0), s + (padded ? oy / 2 * 2 : 0), 12};
    String expected = null;
    if (px > volume[0] || py > volume[1]) {
      expected = "cannot be larger than the";
    } else if (ox >= px || oy >= py) {
      expected = "must be smaller than the patch size";
    } else if (ox % 2 != 0 || oy % 2 != 0) {
      expected = "must be even on every axis";
    }
    Subject subject =
        Subject.builder("e")
            .image("label", TestSubjects.labels(new Shape(s, s, 12), i -> 0))
            .build();
    if (expected == null) {
      GridSampler g =
          new GridSampler(subject, Shape.of(patch), overlap, padded ? PaddingMode.ZERO : null);
      assertTrue(g.size() > 0);
    } else {
      String want = expected;
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  new GridSampler(
                      subject, Shape.of(patch), overlap, padded ? PaddingMode.ZERO : null));
      assertTrue(
          e.getMessage().contains(want), () -> "expected '" + want + "' in: " + e.getMessage());
    }
  }
}
