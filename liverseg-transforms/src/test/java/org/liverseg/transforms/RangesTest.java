package org.liverseg.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** TorchIO's range rules ({@code _parse_range}, {@code parse_params}), value by value. */
class RangesTest {

  @Test
  void aSingleValueIsSymmetricOrStartsAtTheLowerBound() {
    assertArrayEquals(new double[] {-0.5, 0.5}, Ranges.range("mean", new double[] {0.5}, null));
    assertArrayEquals(new double[] {0, 0.3}, Ranges.range("std", new double[] {0.3}, 0.0));
    assertArrayEquals(new double[] {-0.0, 0.0}, Ranges.range("mean", new double[] {0}, null));
    assertArrayEquals(new double[] {1, 4}, Ranges.range("x", new double[] {4}, 1.0));
  }

  @Test
  void aNegativeSingleValueOrOneBelowTheBoundIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ranges.range("log_gamma", new double[] {-0.5}, null));
    assertTrue(e.getMessage().contains("log_gamma") && e.getMessage().contains("-0.5"));
    assertThrows(IllegalArgumentException.class, () -> Ranges.range("x", new double[] {0.5}, 1.0));
  }

  @Test
  void pairsMustBeOrderedAndAboveTheBound() {
    assertArrayEquals(new double[] {-2, 3}, Ranges.range("mean", new double[] {-2, 3}, null));
    assertArrayEquals(new double[] {0, 0}, Ranges.range("std", new double[] {0, 0}, 0.0));
    assertThrows(
        IllegalArgumentException.class, () -> Ranges.range("mean", new double[] {3, 2}, null));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Ranges.range("std", new double[] {-0.1, 2}, 0.0));
    assertTrue(e.getMessage().contains("below 0.0"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Ranges.range("std", new double[] {1, 2, 3}, 0.0));
    assertThrows(IllegalArgumentException.class, () -> Ranges.range("std", new double[0], 0.0));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ranges.range("std", new double[] {0, Double.POSITIVE_INFINITY}, 0.0));
    assertThrows(
        IllegalArgumentException.class, () -> Ranges.range("m", new double[] {Double.NaN}, null));
  }

  @Test
  void perAxisReadsOneTwoThreeOrSixValues() {
    assertArrayEquals(
        new double[] {0.9, 1.1, 0.9, 1.1, 0.9, 1.1},
        Ranges.perAxis("scales", new double[] {0.1}, 1.0, 0.0),
        1e-15);
    assertArrayEquals(
        new double[] {0, 2, 0, 2, 0, 2}, Ranges.perAxis("scales", new double[] {1}, 1.0, 0.0));
    assertArrayEquals(
        new double[] {0.5, 1.5, 0.5, 1.5, 0.5, 1.5},
        Ranges.perAxis("scales", new double[] {0.5, 1.5}, 1.0, 0.0));
    assertArrayEquals(
        new double[] {-1, 1, -2, 2, -3, 3},
        Ranges.perAxis("degrees", new double[] {1, 2, 3}, 0.0, null));
    assertArrayEquals(
        new double[] {0, 1, 0, 2, 0, 3}, Ranges.perAxis("std", new double[] {1, 2, 3}, null, 0.0));
    assertArrayEquals(
        new double[] {1, 2, 3, 4, 5, 6},
        Ranges.perAxis("t", new double[] {1, 2, 3, 4, 5, 6}, 0.0, null));
  }

  @Test
  void perAxisRejectsReversedRangesOrOnesBelowTheBound() {
    // TorchIO reads 1.5 as (-0.5, 2.5): below the scale bound 0
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ranges.perAxis("scales", new double[] {1.5}, 1.0, 0.0));
    assertTrue(e.getMessage().contains("scales (axis 0)"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Ranges.perAxis("degrees", new double[] {-10}, 0.0, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ranges.perAxis("std", new double[] {1, -2, 3}, null, 0.0));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ranges.perAxis("t", new double[] {0, 1, 2, 1, 0, 1}, 0.0, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ranges.perAxis("t", new double[] {1, 2, 3, 4}, 0.0, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ranges.perAxis("t", new double[] {Double.NaN}, 0.0, null));
  }

  @Test
  void uniformDrawsOnceEvenFromAnEmptyRange() {
    SplittableRandom a = new SplittableRandom(4);
    SplittableRandom b = new SplittableRandom(4);
    double u = b.nextDouble();
    assertEquals(2 + 3 * u, Ranges.uniform(a, 2, 5));
    assertEquals(7, Ranges.uniform(a, 7, 7));
    b.nextDouble();
    assertEquals(b.nextDouble(), a.nextDouble());
    double[] v =
        Ranges.uniformPerAxis(new SplittableRandom(9), new double[] {0, 1, 10, 12, -4, -2});
    SplittableRandom c = new SplittableRandom(9);
    assertArrayEquals(
        new double[] {c.nextDouble(), 10 + 2 * c.nextDouble(), -4 + 2 * c.nextDouble()}, v);
  }
}
