package org.liverseg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BoxTest {

  @Provide
  Arbitrary<Box> boxes() {
    Arbitrary<Integer> start = Arbitraries.integers().between(0, 6);
    Arbitrary<Integer> size = Arbitraries.integers().between(1, 5);
    return Combinators.combine(start, start, start, size, size, size)
        .as((x, y, z, sx, sy, sz) -> Box.of(x, y, z, Shape.of(sx, sy, sz)));
  }

  /** Counts the voxels of a 12^3 grid inside the box, one by one. */
  private static int countInside(Box b) {
    int n = 0;
    for (int z = 0; z < 12; z++) {
      for (int y = 0; y < 12; y++) {
        for (int x = 0; x < 12; x++) {
          n += b.contains(x, y, z) ? 1 : 0;
        }
      }
    }
    return n;
  }

  @Property(tries = 200)
  void sizeVoxelsAndContainsAgree(@ForAll("boxes") Box b) {
    assertEquals(b.voxels(), b.size().voxels());
    assertEquals(b.voxels(), countInside(b), "contains holds for exactly voxels() voxels");
    assertEquals(b, Box.of(b.x0(), b.y0(), b.z0(), b.size()));
    assertEquals(b, Box.of(new int[] {b.x0(), b.y0(), b.z0()}, b.size()));
    for (int a = 0; a < 3; a++) {
      assertEquals(b.size().get(a), b.end(a) - b.start(a));
    }
    assertArrayEquals(new int[] {b.x0(), b.y0(), b.z0(), b.x1(), b.y1(), b.z1()}, b.toArray());
    assertTrue(b.contains(b));
  }

  /** The intersection holds exactly the voxels both boxes hold. */
  @Property(tries = 300)
  void intersectionIsTheCommonVoxels(@ForAll("boxes") Box a, @ForAll("boxes") Box b) {
    Optional<Box> i = a.intersect(b);
    assertEquals(i, b.intersect(a), "symmetric");
    int common = 0;
    for (int z = 0; z < 12; z++) {
      for (int y = 0; y < 12; y++) {
        for (int x = 0; x < 12; x++) {
          boolean both = a.contains(x, y, z) && b.contains(x, y, z);
          common += both ? 1 : 0;
          assertEquals(both, i.isPresent() && i.get().contains(x, y, z));
        }
      }
    }
    assertEquals(common, i.map(Box::voxels).orElse(0L));
    i.ifPresent(
        c -> {
          assertTrue(a.contains(c) && b.contains(c));
          assertEquals(i, c.intersect(a));
        });
  }

  @Property(tries = 200)
  void fitsInMeansEveryVoxelIsInTheGrid(
      @ForAll("boxes") Box b,
      @ForAll @IntRange(min = 1, max = 12) int x,
      @ForAll @IntRange(min = 1, max = 12) int y,
      @ForAll @IntRange(min = 1, max = 12) int z) {
    Shape grid = Shape.of(x, y, z);
    assertEquals(Box.of(grid).contains(b), b.fitsIn(grid));
    assertEquals(b.voxels() == countInsideGrid(b, grid), b.fitsIn(grid));
  }

  private static long countInsideGrid(Box b, Shape grid) {
    return Box.of(grid).intersect(b).map(Box::voxels).orElse(0L);
  }

  /** The order is lexicographic by (x0, y0, z0, x1, y1, z1), as the grid sampler's locations. */
  @Property(tries = 100)
  void orderIsLexicographic(@ForAll("boxes") Box a, @ForAll("boxes") Box b) {
    int[] x = a.toArray();
    int[] y = b.toArray();
    int expected = 0;
    for (int t = 0; t < 6 && expected == 0; t++) {
      expected = Integer.compare(x[t], y[t]);
    }
    assertEquals(expected, Integer.signum(a.compareTo(b)));
    assertEquals(expected == 0, a.equals(b));
  }

  @Test
  void sortsByStartThenEnd() {
    Shape s = Shape.cube(2);
    List<Box> boxes =
        new ArrayList<>(
            List.of(
                Box.of(1, 0, 0, s), Box.of(0, 0, 1, s), Box.of(0, 1, 0, s), Box.of(0, 0, 0, s)));
    Collections.shuffle(boxes, new java.util.Random(3));
    Collections.sort(boxes);
    assertEquals(
        List.of(Box.of(0, 0, 0, s), Box.of(0, 0, 1, s), Box.of(0, 1, 0, s), Box.of(1, 0, 0, s)),
        boxes);
  }

  @Test
  void shiftsAndWholeGrids() {
    assertEquals(new Box(0, 0, 0, 4, 5, 6), Box.of(Shape.of(4, 5, 6)));
    assertEquals(new Box(1, 2, 3, 5, 7, 9), Box.of(Shape.of(4, 5, 6)).shiftedBy(1, 2, 3));
    assertEquals("(1, 2, 3, 5, 7, 9)", new Box(1, 2, 3, 5, 7, 9).toString());
    assertEquals(Optional.empty(), new Box(0, 0, 0, 2, 2, 2).intersect(new Box(2, 0, 0, 4, 2, 2)));
  }

  @Test
  void badBoxesSayWhatIsWrong() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Box(-1, 0, 0, 2, 2, 2));
    assertEquals("box start must be non-negative, got (-1, 0, 0)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Box(0, 3, 0, 2, 3, 2));
    assertEquals("box end (2, 3, 2) must exceed its start (0, 3, 0) on every axis", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Box.of(new int[] {1, 2}, Shape.cube(2)));
    assertThrows(IllegalArgumentException.class, () -> Box.of(Shape.cube(2)).start(3));
    assertThrows(IllegalArgumentException.class, () -> Box.of(Shape.cube(2)).shiftedBy(-1, 0, 0));
    assertFalse(Box.of(1, 1, 1, Shape.cube(2)).fitsIn(Shape.cube(2)));
  }

  @Test
  void anEmptyExtentOnAnyAxisIsRejected() {
    for (int[] b : new int[][] {{1, 0, 0, 1, 2, 2}, {0, 1, 0, 2, 1, 2}, {0, 0, 1, 2, 2, 1}}) {
      assertThrows(
          IllegalArgumentException.class, () -> new Box(b[0], b[1], b[2], b[3], b[4], b[5]));
    }
    assertEquals(1, new Box(0, 0, 0, 1, 1, 1).voxels());
  }
}
