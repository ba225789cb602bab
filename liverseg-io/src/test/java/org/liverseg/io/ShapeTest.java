package org.liverseg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ShapeTest {

  /** The linear index is x + X*(y + Y*z): x fastest, a bijection onto 0 .. voxels-1. */
  @Property(tries = 200)
  void indexIsXFastestAndBijective(
      @ForAll @IntRange(min = 1, max = 9) int x,
      @ForAll @IntRange(min = 1, max = 9) int y,
      @ForAll @IntRange(min = 1, max = 9) int z) {
    Shape s = Shape.of(x, y, z);
    boolean[] seen = new boolean[s.voxelsAsInt()];
    int expected = 0;
    for (int k = 0; k < z; k++) {
      for (int j = 0; j < y; j++) {
        for (int i = 0; i < x; i++) {
          int idx = s.index(i, j, k);
          assertEquals(expected++, idx, "x must vary fastest");
          assertEquals(i + x * (j + y * k), idx);
          assertFalse(seen[idx]);
          seen[idx] = true;
        }
      }
    }
  }

  @Property(tries = 200)
  void accessorsAgree(
      @ForAll @IntRange(min = 1, max = 500) int x,
      @ForAll @IntRange(min = 1, max = 500) int y,
      @ForAll @IntRange(min = 1, max = 500) int z,
      @ForAll @IntRange(min = 0, max = 2) int axis,
      @ForAll @IntRange(min = 1, max = 500) int extent) {
    Shape s = Shape.of(x, y, z);
    assertArrayEquals(new int[] {x, y, z}, s.toArray());
    assertEquals(s, Shape.of(s.toArray()));
    assertEquals((long) x * y * z, s.voxels());
    Shape w = s.with(axis, extent);
    assertEquals(extent, w.get(axis));
    for (int a = 0; a < 3; a++) {
      if (a != axis) {
        assertEquals(s.get(a), w.get(a));
      }
    }
    assertTrue(s.fitsIn(s));
    assertEquals(extent <= s.get(axis), w.fitsIn(s));
  }

  @Test
  void rejectsBadExtentsAndHugeShapesWithClearMessages() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Shape.of(4, 0, 2));
    assertTrue(e.getMessage().contains("4x0x2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Shape.of(-1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> Shape.of(new int[] {1, 2}));
    assertThrows(IllegalArgumentException.class, () -> Shape.cube(3).get(3));
    Shape huge = Shape.of(2048, 2048, 1024);
    assertEquals(1L << 32, huge.voxels());
    IllegalStateException s = assertThrows(IllegalStateException.class, huge::voxelsAsInt);
    assertTrue(s.getMessage().contains("2048x2048x1024"), s.getMessage());
    IllegalArgumentException g =
        assertThrows(
            IllegalArgumentException.class, () -> new ImageGeometry(huge, 1, Affine.identity()));
    assertTrue(g.getMessage().contains("too large"), g.getMessage());
    assertEquals("3x4x5", Shape.of(3, 4, 5).toString());
  }

  @Test
  void everyExtentMustBePositiveAndTheLargestArrayFits() {
    for (int[] bad : new int[][] {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Shape.of(bad));
      assertEquals(
          "shape extents must be positive, got " + bad[0] + "x" + bad[1] + "x" + bad[2],
          e.getMessage());
    }
    assertEquals(1, Shape.of(1, 1, 1).voxelsAsInt());
    assertEquals(Integer.MAX_VALUE - 8, Shape.of(Integer.MAX_VALUE - 8, 1, 1).voxelsAsInt());
    IllegalStateException s =
        assertThrows(
            IllegalStateException.class, Shape.of(Integer.MAX_VALUE - 7, 1, 1)::voxelsAsInt);
    assertEquals(
        "shape 2147483640x1x1 holds 2147483640 voxels, more than a Java array can", s.getMessage());
  }
}
