package org.liverseg.transforms.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Shape;

class ConnectedComponentsTest {

  private static final boolean[] ONES = foreground(1);

  private static boolean[] foreground(int label) {
    boolean[] f = new boolean[256];
    f[label] = true;
    return f;
  }

  @Test
  void diagonalNeighboursJoinOnlyWith26Connectivity() {
    // 3x3x1: a diagonal of ones and one isolated corner
    byte[] l = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    Shape s = Shape.of(3, 3, 1);
    assertArrayEquals(
        new int[] {0, -1, -1, -1, 4, -1, -1, -1, 8}, ConnectedComponents.roots(l, s, ONES, 6));
    assertArrayEquals(
        new int[] {0, -1, -1, -1, 0, -1, -1, -1, 0}, ConnectedComponents.roots(l, s, ONES, 26));
    assertEquals(3, ConnectedComponents.sizes(ConnectedComponents.roots(l, s, ONES, 26))[0]);
  }

  @Property(tries = 100)
  void rootsAreEachComponentsFirstVoxelAndSizesCountAllForeground(
      @ForAll @IntRange(min = 1, max = 7) int nx,
      @ForAll @IntRange(min = 1, max = 7) int ny,
      @ForAll @IntRange(min = 1, max = 5) int nz,
      @ForAll long seed,
      @ForAll boolean six) {
    Shape s = Shape.of(nx, ny, nz);
    Random r = new Random(seed);
    byte[] l = new byte[s.voxelsAsInt()];
    int foregroundVoxels = 0;
    for (int i = 0; i < l.length; i++) {
      l[i] = (byte) (r.nextInt(3) == 0 ? 0 : 1);
      foregroundVoxels += l[i];
    }
    int[] roots = ConnectedComponents.roots(l, s, ONES, six ? 6 : 26);
    int total = 0;
    for (int size : ConnectedComponents.sizes(roots)) {
      total += size;
    }
    assertEquals(foregroundVoxels, total);
    for (int v = 0; v < l.length; v++) {
      assertEquals(l[v] == 1, roots[v] >= 0);
      assertTrue(roots[v] <= v && (roots[v] < 0 || roots[roots[v]] == roots[v]), "voxel " + v);
    }
  }

  @Test
  void badArgumentsAreNamed() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> ConnectedComponents.roots(new byte[1], Shape.of(1, 1, 1), ONES, 18))
            .getMessage()
            .contains("18"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> ConnectedComponents.roots(new byte[2], Shape.of(1, 1, 1), ONES, 6))
            .getMessage()
            .contains("shape"));
  }
}
