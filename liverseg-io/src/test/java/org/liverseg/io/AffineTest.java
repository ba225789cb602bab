package org.liverseg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AffineTest {

  /**
   * Orientation codes of 30 affines (axis-aligned, rotated, oblique, sheared, random) as nibabel
   * 5.0's aff2axcodes gives them.
   */
  @Test
  void orientationMatchesNibabelAff2axcodes() throws IOException {
    JsonObject cases;
    try (Reader r =
        new InputStreamReader(
            getClass().getResourceAsStream("/orientation/orientation.json"),
            StandardCharsets.UTF_8)) {
      cases = JsonParser.parseReader(r).getAsJsonObject();
    }
    assertEquals(30, cases.size());
    for (Map.Entry<String, JsonElement> e : cases.entrySet()) {
      JsonObject c = e.getValue().getAsJsonObject();
      JsonArray rows = c.getAsJsonArray("affine");
      double[][] m = new double[4][4];
      for (int r = 0; r < 4; r++) {
        for (int k = 0; k < 4; k++) {
          m[r][k] = rows.get(r).getAsJsonArray().get(k).getAsDouble();
        }
      }
      assertEquals(c.get("codes").getAsString(), Affine.of(m).orientation(), e.getKey());
    }
  }

  @Test
  void msdLikeAffine() {
    Affine a =
        Affine.of(new double[][] {{-0.7, 0, 0, 89.3}, {0, -0.7, 0, 114.9}, {0, 0, 2.5, -335.7}});
    assertEquals("LPS", a.orientation());
    assertArrayEquals(new double[] {0.7, 0.7, 2.5}, a.spacing(), 1e-12);
    assertArrayEquals(new double[] {89.3, 114.9, -335.7}, a.origin(), 0);
    assertArrayEquals(
        new double[] {89.3 - 0.7, 114.9 - 1.4, -335.7 + 7.5}, a.apply(1, 2, 3), 1e-12);
    assertEquals("RAS", Affine.identity().orientation());
  }

  /**
   * docs/ARCHITECTURE.md 5.1's example: crop i by 2 at the low side, pad j by 2: the origin moves
   * by (-1.6, +1.8, 0).
   */
  @Test
  void shiftedByMovesOnlyTheOrigin() {
    Affine a = Affine.diagonal(-0.8, -0.9, 2.5).withOrigin(10, -20, 30);
    Affine b = a.shiftedBy(2, -2, 0);
    assertArrayEquals(new double[] {10 - 1.6, -20 + 1.8, 30}, b.origin(), 1e-12);
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(a.get(r, c), b.get(r, c));
      }
    }
  }

  @Property(tries = 300)
  void shiftedByMapsVoxelZeroToTheShiftedVoxel(
      @ForAll("affines") Affine a,
      @ForAll @IntRange(min = -50, max = 50) int di,
      @ForAll @IntRange(min = -50, max = 50) int dj,
      @ForAll @IntRange(min = -50, max = 50) int dk,
      @ForAll @IntRange(min = -20, max = 20) int i) {
    Affine b = a.shiftedBy(di, dj, dk);
    // voxel (i, 0, 0) of the shifted grid is voxel (i + di, dj, dk) of the original
    assertArrayEquals(a.apply(i + di, dj, dk), b.apply(i, 0, 0), 1e-9);
    Affine twice = b.shiftedBy(-di, -dj, -dk);
    assertTrue(twice.isClose(a, 1e-9), "shifting back should restore " + a + ", got " + twice);
  }

  @Property(tries = 300)
  void inverseUndoesApply(
      @ForAll("affines") Affine a,
      @ForAll @DoubleRange(min = -100, max = 100) double i,
      @ForAll @DoubleRange(min = -100, max = 100) double j,
      @ForAll @DoubleRange(min = -100, max = 100) double k) {
    double[] w = a.apply(i, j, k);
    double[] back = a.inverse().apply(w[0], w[1], w[2]);
    assertArrayEquals(
        new double[] {i, j, k}, back, 1e-6 * (1 + Math.abs(i) + Math.abs(j) + Math.abs(k)));
    assertTrue(a.multiply(a.inverse()).isClose(Affine.identity(), 1e-8));
  }

  @Property(tries = 300)
  void multiplyComposesApply(@ForAll("affines") Affine a, @ForAll("affines") Affine b) {
    double[] p = b.apply(1.5, -2, 3);
    assertArrayEquals(a.apply(p[0], p[1], p[2]), a.multiply(b).apply(1.5, -2, 3), 1e-6);
  }

  /**
   * Axis-aligned affines: each voxel axis gets the letter of its world axis and sign; spacing is
   * the absolute diagonal.
   */
  @Property(tries = 300)
  void orientationOfSignedPermutations(
      @ForAll @IntRange(min = 0, max = 5) int perm,
      @ForAll boolean nx,
      @ForAll boolean ny,
      @ForAll boolean nz,
      @ForAll @DoubleRange(min = 0.1, max = 5) double s0,
      @ForAll @DoubleRange(min = 0.1, max = 5) double s1,
      @ForAll @DoubleRange(min = 0.1, max = 5) double s2) {
    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    int[] p = perms[perm];
    boolean[] neg = {nx, ny, nz};
    double[] s = {s0, s1, s2};
    double[][] m = new double[3][4];
    StringBuilder expected = new StringBuilder();
    for (int v = 0; v < 3; v++) {
      m[p[v]][v] = neg[v] ? -s[v] : s[v];
      expected.append(neg[v] ? "LPI".charAt(p[v]) : "RAS".charAt(p[v]));
    }
    Affine a = Affine.of(m);
    assertEquals(expected.toString(), a.orientation());
    assertArrayEquals(s, a.spacing(), 1e-12);
  }

  /** Scaling the voxel axes by positive factors changes spacing, not orientation. */
  @Property(tries = 200)
  void orientationIgnoresPositiveZooms(
      @ForAll("affines") Affine a, @ForAll @DoubleRange(min = 0.2, max = 5) double z) {
    Affine scaled = a.multiply(Affine.diagonal(z, 1 / z, 2 * z));
    assertEquals(a.orientation(), scaled.orientation());
    assertEquals(a.spacing()[0] * z, scaled.spacing()[0], 1e-9 * (1 + a.spacing()[0] * z));
  }

  @Test
  void rejectsMalformedMatrices() {
    assertThrows(IllegalArgumentException.class, () -> Affine.of(new double[2][4]));
    assertThrows(IllegalArgumentException.class, () -> Affine.of(new double[3][3]));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Affine.of(new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 1, 1}}));
    assertTrue(e.getMessage().contains("last affine row"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Affine.diagonal(1, Double.NaN, 1));
    assertThrows(IllegalArgumentException.class, () -> Affine.ofRowMajor(1, 2, 3));
    assertThrows(IllegalStateException.class, () -> Affine.diagonal(1, 0, 1).inverse());
    assertThrows(IllegalArgumentException.class, () -> Affine.identity().get(4, 0));
  }

  @Test
  void equalityAndCloseness() {
    Affine a = Affine.ofRowMajor(1, 0, 0, 5, 0, 2, 0, 6, 0, 0, 3, 7, 0, 0, 0, 1);
    Affine b = Affine.diagonal(1, 2, 3).withOrigin(5, 6, 7);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    Affine c = b.withOrigin(5, 6, 7 + 1e-5);
    assertNotEquals(b, c);
    assertTrue(b.isClose(c, 1e-4));
    assertFalse(b.isClose(c, 1e-6));
    assertEquals(1e-5, b.maxAbsDifference(c), 1e-12);
    assertEquals(1, a.get(3, 3));
    assertEquals(0, a.get(3, 1));
    double[][] arr = a.toArray();
    arr[0][0] = 99; // a copy: the affine is unchanged
    assertEquals(1, a.get(0, 0));
  }

  @Provide
  Arbitrary<Affine> affines() {
    Arbitrary<Double> entry = Arbitraries.doubles().between(-3, 3);
    Arbitrary<Double> shift = Arbitraries.doubles().between(-200, 200);
    Arbitrary<double[]> rzs =
        entry
            .list()
            .ofSize(9)
            .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray())
            .filter(
                r ->
                    Math.abs(
                            r[0] * (r[4] * r[8] - r[5] * r[7])
                                - r[1] * (r[3] * r[8] - r[5] * r[6])
                                + r[2] * (r[3] * r[7] - r[4] * r[6]))
                        > 0.05);
    return Combinators.combine(rzs, shift.list().ofSize(3))
        .as((r, t) -> Affine.of(r, t.stream().mapToDouble(Double::doubleValue).toArray()));
  }

  @Test
  void badShapesAndIndicesAreNamed() {
    assertEquals(
        "need 12 or 16 values, got 3",
        assertThrows(IllegalArgumentException.class, () -> Affine.ofRowMajor(1, 2, 3))
            .getMessage());
    assertEquals(
        "need 9 + 3 values",
        assertThrows(IllegalArgumentException.class, () -> Affine.of(new double[9], new double[2]))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Affine.of(new double[8], new double[3]));
    for (int[] rc : new int[][] {{4, 0}, {0, 4}, {-1, 0}, {0, -1}}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Affine.identity().get(rc[0], rc[1]));
      assertEquals("index (" + rc[0] + ", " + rc[1] + ") outside 4x4", e.getMessage());
    }
    assertEquals(1.0, Affine.identity().get(3, 3));
  }

  @Test
  void textAndHashes() {
    Affine a = Affine.diagonal(-0.5, 2, 3).withOrigin(1, -2, 3.25);
    assertEquals(
        "[[-0.5, 0.0, 0.0, 1.0], [0.0, 2.0, 0.0, -2.0], [0.0, 0.0, 3.0, 3.25], [0, 0, 0, 1]]",
        a.toString());
    assertNotEquals(a.hashCode(), a.withOrigin(1, -2, 3.5).hashCode());
    // closeness is inclusive: a difference of exactly the tolerance is close
    assertTrue(a.isClose(a.withOrigin(1, -2, 3.5), 0.25));
  }

  /** numpy's argmax takes the first of equal maxima: a 45-degree column points along x. */
  @Test
  void aTieGoesToTheFirstWorldAxis() {
    assertEquals("RAS", Affine.ofRowMajor(1, -1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0).orientation());
  }
}
