package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Box;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

class WeightedSamplerTest {

  private static final Shape SHAPE = new Shape(20, 20, 20);
  private static final Shape PATCH = Shape.cube(8);

  private static Subject withMap(float[] map) {
    return Subject.builder("w1")
        .image("ct", TestSubjects.indexImage(SHAPE, 1))
        .image("map", ScalarImage.of(SHAPE, TestSubjects.AFFINE, map))
        .build();
  }

  @Test
  void centresFollowTheMapAndIgnoreTheBorder() {
    float[] map = new float[SHAPE.voxelsAsInt()];
    map[SHAPE.index(5, 5, 5)] = 1;
    map[SHAPE.index(10, 6, 9)] = 2;
    map[SHAPE.index(16, 16, 16)] = 3;
    map[SHAPE.index(1, 10, 10)] = 100; // within half a patch of the border: never a centre
    Iterator<Patch> it =
        new WeightedSampler(PATCH, "map").sample(withMap(map), new SplittableRandom(3));
    double[] f = new double[3];
    for (int n = 0; n < 20_000; n++) {
      Box l = it.next().location();
      int centre = SHAPE.index(l.x0() + 4, l.y0() + 4, l.z0() + 4);
      f[(int) map[centre] - 1] += 1 / 20_000.0;
    }
    assertEquals(1 / 6.0, f[0], 0.01);
    assertEquals(2 / 6.0, f[1], 0.01);
    assertEquals(3 / 6.0, f[2], 0.01);
  }

  @Test
  void rejectsNegativeZeroAndMultiChannelMaps() {
    float[] map = new float[SHAPE.voxelsAsInt()];
    map[SHAPE.index(9, 9, 9)] = -1;
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class,
            () -> new WeightedSampler(PATCH, "map").sample(withMap(map), new SplittableRandom(1)));
    assertEquals(
        "WeightedSampler: probability map 'map' of subject w1 has the value -1.0 at voxel (9, 9, 9);"
            + " probabilities must be finite and non-negative",
        negative.getMessage());
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new WeightedSampler(PATCH, "map")
                    .sample(withMap(new float[SHAPE.voxelsAsInt()]), new SplittableRandom(1)));
    assertTrue(zero.getMessage().contains("subject w1 is zero everywhere"), zero.getMessage());
    Subject two =
        Subject.builder("w2")
            .image(
                "map",
                ScalarImage.of(
                    new ImageGeometry(SHAPE, 2, TestSubjects.AFFINE),
                    new float[2 * SHAPE.voxelsAsInt()]))
            .build();
    assertThrows(
        IllegalArgumentException.class,
        () -> new WeightedSampler(PATCH, "map").sample(two, new SplittableRandom(1)));
  }

  @Test
  void aLabelMapServesAsMapWithUnsignedWeights() {
    byte[] map = new byte[SHAPE.voxelsAsInt()];
    map[SHAPE.index(6, 7, 8)] = (byte) 200; // above 127: weight 200, not -56
    map[SHAPE.index(12, 11, 10)] = 50;
    map[SHAPE.index(19, 10, 10)] = 100; // on the border: never a centre
    Subject s =
        Subject.builder("w3")
            .image("ct", TestSubjects.indexImage(SHAPE, 1))
            .image("map", LabelMap.of(SHAPE, TestSubjects.AFFINE, map))
            .build();
    Iterator<Patch> it = new WeightedSampler(PATCH, "map").sample(s, new SplittableRandom(11));
    int first = 0;
    for (int n = 0; n < 10_000; n++) {
      Box l = it.next().location();
      int centre = SHAPE.index(l.x0() + 4, l.y0() + 4, l.z0() + 4);
      assertTrue(centre == SHAPE.index(6, 7, 8) || centre == SHAPE.index(12, 11, 10), l.toString());
      first += centre == SHAPE.index(6, 7, 8) ? 1 : 0;
    }
    assertEquals(0.8, first / 10_000.0, 0.015);
  }

  /** A generator that returns the given doubles in turn. */
  private static RandomGenerator doubles(double... values) {
    return new RandomGenerator() {
      private int next;

      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public double nextDouble() {
        return values[next++];
      }
    };
  }

  /**
   * A draw {@code u} picks the first voxel whose running sum exceeds {@code u}: a sum equal to
   * {@code u} is not enough, and a weight too small to change the double sum is never picked.
   */
  @Test
  void theDrawPicksTheFirstRunningSumAboveIt() {
    float[] map = new float[SHAPE.voxelsAsInt()];
    int a = SHAPE.index(5, 5, 5);
    int b = SHAPE.index(6, 5, 5);
    int c = SHAPE.index(7, 5, 5);
    map[a] = 1;
    map[b] = 1;
    map[c] = 2; // running sums 1, 2, 4
    Iterator<Patch> it =
        new WeightedSampler(PATCH, "map").sample(withMap(map), doubles(0, 0.25, 0.5, 0.75));
    assertEquals(a, centre(it.next()));
    assertEquals(b, centre(it.next()), "u = 1 equals the first sum: the second voxel");
    assertEquals(c, centre(it.next()), "u = 2 equals the second sum: the third voxel");
    assertEquals(c, centre(it.next()));

    float[] tiny = new float[SHAPE.voxelsAsInt()];
    int d = SHAPE.index(8, 5, 5);
    tiny[a] = 0x1p53f;
    tiny[b] = 1; // 2^53 + 1 rounds back to 2^53: weights lost in the sum
    tiny[c] = 1;
    tiny[d] = 0x1p53f; // running sums 2^53, 2^53, 2^53, 2^54
    Iterator<Patch> t = new WeightedSampler(PATCH, "map").sample(withMap(tiny), doubles(0.5));
    assertEquals(d, centre(t.next()), "u = 2^53: past all the equal sums");
  }

  private static int centre(Patch p) {
    Box l = p.location();
    return SHAPE.index(l.x0() + 4, l.y0() + 4, l.z0() + 4);
  }

  @Test
  void patchSizeNameInfinityAndTooLargePatches() {
    WeightedSampler w = new WeightedSampler(PATCH, "map");
    assertEquals(PATCH, w.patchSize());
    assertEquals("map", w.mapName());
    assertEquals("WeightedSampler(8x8x8, 'map')", w.toString());
    float[] map = new float[SHAPE.voxelsAsInt()];
    map[SHAPE.index(9, 9, 9)] = Float.POSITIVE_INFINITY;
    IllegalArgumentException inf =
        assertThrows(
            IllegalArgumentException.class, () -> w.sample(withMap(map), new SplittableRandom(1)));
    assertTrue(
        inf.getMessage().contains("has the value Infinity at voxel (9, 9, 9)"), inf.getMessage());
    IllegalArgumentException big =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new WeightedSampler(new Shape(8, 21, 8), "map")
                    .sample(withMap(new float[SHAPE.voxelsAsInt()]), new SplittableRandom(1)));
    assertEquals(
        "patch size 8x21x8 is larger than the spatial shape 20x20x20 of subject w1 (along y: 21 > 20)",
        big.getMessage());
  }
}
