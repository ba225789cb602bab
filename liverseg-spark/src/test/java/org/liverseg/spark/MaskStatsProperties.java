package org.liverseg.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.transforms.label.ConnectedComponents;

class MaskStatsProperties {

  /** The voxel volume is the product of the spacings for any rotation, flip or axis order. */
  @Property(tries = 200)
  void voxelVolumeIgnoresOrientation(
      @ForAll @DoubleRange(min = 0.1, max = 5) double sx,
      @ForAll @DoubleRange(min = 0.1, max = 5) double sy,
      @ForAll @DoubleRange(min = 0.1, max = 5) double sz,
      @ForAll @DoubleRange(min = -3.2, max = 3.2) double angle,
      @ForAll @IntRange(min = 0, max = 5) int permutation,
      @ForAll boolean flip) {
    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    double[] zoom = {sx, sy, sz};
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double[][] rot = {{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
    double[][] m = new double[3][4];
    for (int r = 0; r < 3; r++) {
      for (int k = 0; k < 3; k++) {
        int from = perms[permutation][k];
        m[r][k] = rot[r][from] * zoom[from] * (flip && k == 0 ? -1 : 1);
      }
      m[r][3] = 10 * r;
    }
    double v = MaskStats.voxelVolumeMm3(Affine.of(m));
    assertEquals(sx * sy * sz, v, 1e-9 * sx * sy * sz);
  }

  /** Counting tumours in label 2's bounding box gives the whole volume's 26-connected count. */
  @Property(tries = 150)
  void tumoursInTheBoundingBoxAreTheWholeVolumesComponents(@ForAll("volumes") Volume v) {
    boolean[] fg = new boolean[256];
    fg[2] = true;
    int[] sizes = ConnectedComponents.sizes(ConnectedComponents.roots(v.labels, v.shape, fg, 26));
    long n = 0;
    long largest = 0;
    for (int s : sizes) {
      n += s > 0 ? 1 : 0;
      largest = Math.max(largest, s);
    }
    assertArrayEquals(new long[] {n, largest}, MaskStats.tumourComponents(v.labels, v.shape));
  }

  /** A random small label volume. */
  record Volume(Shape shape, byte[] labels) {}

  @Provide
  Arbitrary<Volume> volumes() {
    Arbitrary<Shape> shapes =
        Combinators.combine(
                Arbitraries.integers().between(1, 9),
                Arbitraries.integers().between(1, 9),
                Arbitraries.integers().between(1, 7))
            .as(Shape::of);
    return shapes.flatMap(
        s ->
            Arbitraries.bytes()
                .between((byte) 0, (byte) 2)
                .array(byte[].class)
                .ofSize(s.voxelsAsInt())
                .map(l -> new Volume(s, l)));
  }

  @Test
  void volumesAreVoxelCountsTimesTheVoxelVolume() {
    Shape shape = Shape.of(4, 3, 2);
    byte[] l = new byte[24];
    l[0] = 1;
    l[1] = 2; // tumour 1: voxels 1 and 6 touch at an edge (26- but not 6-connected)
    l[6] = 2;
    l[20] = 2; // tumour 2: voxel (0, 2, 1), apart from the first
    l[22] = 1;
    Affine a = Affine.of(new double[][] {{-2, 0, 0, 0}, {0, 0, 3, 0}, {0, 0.5, 0, 0}});
    LabelMap mask = LabelMap.of(new ImageGeometry(shape, 1, a), l);
    MaskStats s = MaskStats.of("c", mask, null);
    double ml = 3.0 / 1000;
    assertEquals(5 * ml, s.liverMl(), 1e-15);
    assertEquals(3 * ml, s.tumourMl(), 1e-15);
    assertEquals(2, s.tumours());
    assertEquals(2 * ml, s.largestTumourMl(), 1e-15);
    assertEquals(60.0, s.tumourBurdenPct(), 1e-12);
    assertNull(s.diceLiver());

    MaskStats scored = MaskStats.of("c", mask, mask);
    assertEquals(1.0, scored.diceLiver());
    assertEquals(1.0, scored.diceTumour());

    LabelMap empty = LabelMap.zeros(new ImageGeometry(shape, 1, a));
    assertNull(MaskStats.of("c", empty, null).tumourBurdenPct(), "no liver: no burden");
    LabelMap moved = LabelMap.of(new ImageGeometry(shape, 1, a.shiftedBy(1, 0, 0)), l);
    assertThrows(IllegalArgumentException.class, () -> MaskStats.of("c", mask, moved));
    byte[] four = l.clone();
    four[5] = 4;
    assertThrows(
        IllegalArgumentException.class,
        () -> MaskStats.of("c", LabelMap.of(new ImageGeometry(shape, 1, a), four), null));
  }
}
