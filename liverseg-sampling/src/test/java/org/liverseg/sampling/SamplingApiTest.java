package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Box;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.sampling.GridAggregator.Mode;
import org.liverseg.transforms.spatial.PaddingMode;

/** The small print of the public API: accessors, descriptions and argument checks. */
class SamplingApiTest {

  private static final Shape SHAPE = new Shape(20, 16, 12);

  @Test
  void gridSamplersDescribeThemselvesAndCheckTheirArguments() {
    Subject s = TestSubjects.scalar("g1", SHAPE, 1);
    GridSampler plain = new GridSampler(s, new Shape(8, 8, 4), new int[] {2, 4, 0});
    // starts 0,6,12 | 0,4,8 | 0,4,8 (TorchIO's rule: the last patch ends at the border)
    assertEquals("GridSampler(g1, patch 8x8x4, overlap 2x4x0, 27 patches)", plain.toString());
    assertEquals(Optional.empty(), plain.paddingMode());
    GridSampler padded = new GridSampler(s, 8, 2, PaddingMode.ZERO);
    assertEquals(Optional.of(PaddingMode.ZERO), padded.paddingMode());
    assertEquals(
        "GridSampler(g1, patch 8x8x8, overlap 2x2x2, padded 0, " + padded.size() + " patches)",
        padded.toString());
    List<Box> seen = new ArrayList<>();
    padded.forEach(p -> seen.add(p.location()));
    assertEquals(padded.locations(), seen);
    for (int axis : new int[] {-1, 3}) {
      assertEquals(
          "axis must be 0, 1 or 2, got " + axis,
          assertThrows(IllegalArgumentException.class, () -> plain.starts(axis)).getMessage());
    }
    assertArrayEquals(new int[] {0, 4, 8}, plain.starts(2));
    assertEquals(
        "batch size must be positive, got 0",
        assertThrows(IllegalArgumentException.class, () -> plain.batches(0)).getMessage());
    assertEquals(27, plain.batches(1).size());
    assertEquals(
        "patch overlap needs 1 or 3 values, got [2, 2]",
        assertThrows(
                IllegalArgumentException.class,
                () -> new GridSampler(s, new Shape(8, 8, 4), new int[] {2, 2}))
            .getMessage());
    assertEquals(
        "patch overlap must be non-negative, got 2x-2x0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new GridSampler(s, new Shape(8, 8, 4), new int[] {2, -2, 0}))
            .getMessage());
  }

  /** Padding along one axis only still counts as padding in the message. */
  @Test
  void aGridPaddedAlongOneAxisSaysPadded() {
    Subject s = TestSubjects.scalar("g2", SHAPE, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new GridSampler(s, new Shape(22, 8, 4), new int[] {0, 4, 0}, PaddingMode.ZERO));
    assertEquals(
        "GridSampler: patch size 22x8x4 cannot be larger than the padded volume size 20x20x12"
            + " (along x: 22 > 20)",
        e.getMessage());
  }

  @Test
  void aggregatorsCheckEveryBatch() {
    GridSampler grid = new GridSampler(TestSubjects.scalar("g3", SHAPE, 1), 8, 0, null);
    GridAggregator agg = new GridAggregator(grid, Mode.HANN);
    assertEquals(Mode.HANN, agg.mode());
    assertEquals(0, agg.patchesAdded());
    int pv = 512;
    assertEquals(
        "no locations given",
        assertThrows(IllegalArgumentException.class, () -> agg.add(new float[pv], List.of()))
            .getMessage());
    Box first = grid.locations().get(0);
    assertEquals(
        "batch of 0 values does not hold 1 patches of 8x8x8 (a multiple of 512 values)",
        assertThrows(IllegalArgumentException.class, () -> agg.add(new float[0], List.of(first)))
            .getMessage());
    assertEquals(
        "patch at " + first + " appears twice in the batch",
        assertThrows(
                IllegalArgumentException.class,
                () -> agg.add(new float[2 * pv], List.of(first, first)))
            .getMessage());
    agg.add(new float[2 * pv], List.of(first, grid.locations().get(1)));
    assertEquals(2, agg.patchesAdded());
  }

  @Test
  void samplersTakeAnyCountAndNeverEnd() {
    Subject s = TestSubjects.scalar("u1", SHAPE, 1);
    UniformSampler u = new UniformSampler(Shape.cube(4));
    assertEquals("UniformSampler(4x4x4)", u.toString());
    assertEquals(List.of(), u.sample(s, new SplittableRandom(1), 0));
    assertEquals(
        "patch count must be non-negative, got -1",
        assertThrows(IllegalArgumentException.class, () -> u.sample(s, new SplittableRandom(1), -1))
            .getMessage());
    Iterator<Patch> it = u.sample(s, new SplittableRandom(1));
    for (int n = 0; n < 3; n++) {
      assertTrue(it.hasNext());
      it.next();
    }
  }

  @Test
  void patchesDetachOnceAndCopyEveryLabelChannel() {
    byte[] labels = new byte[2 * SHAPE.voxelsAsInt()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) (i * 7);
    }
    LabelMap two = LabelMap.of(new ImageGeometry(SHAPE, 2, TestSubjects.AFFINE), labels);
    Subject s = Subject.builder("p1").image("label", two).build();
    Patch view = Patch.of(s, new Box(3, 2, 1, 7, 5, 4));
    assertEquals("Patch(p1 (3, 2, 1, 7, 5, 4))", view.toString());
    Patch detached = view.detach();
    assertEquals("Patch(p1 (3, 2, 1, 7, 5, 4), detached)", detached.toString());
    assertSame(detached, detached.detach());
    LabelMap copy = detached.subject().labelMap("label");
    assertEquals(2, copy.channels());
    for (int c = 0; c < 2; c++) {
      for (int z = 0; z < 3; z++) {
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 4; x++) {
            assertEquals(two.valueAt(c, 3 + x, 2 + y, 1 + z), copy.valueAt(c, x, y, z));
          }
        }
      }
    }
  }
}
