package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Box;
import org.liverseg.io.ImageGeometry;
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
}
