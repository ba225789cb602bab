package org.liverseg.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void matchesNumpysLinearPercentile() {
    // numpy.percentile([4, 1, 3, 2], q) for q = 0, 10, 50, 0.5, 99.5, 100
    double[] v = {4, 1, 3, 2};
    assertEquals(1.0, Percentiles.of(v, 0), 0);
    assertEquals(1.3, Percentiles.of(v, 10), 1e-12);
    assertEquals(2.5, Percentiles.of(v, 50), 0);
    assertEquals(1.015, Percentiles.of(v, 0.5), 1e-12);
    assertEquals(3.985, Percentiles.of(v, 99.5), 1e-12);
    assertEquals(4.0, Percentiles.of(v, 100), 0);
    assertEquals(7.0, Percentiles.median(new double[] {7}), 0);
    assertEquals(2.0, Percentiles.median(new double[] {3, 1, 2}), 0);
    assertEquals(4.0, v[0], 0, "input left as it was");
  }

  @Test
  void rejectsEmptyInputAndBadPercentiles() {
    assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new double[0], 50));
    assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new double[] {1}, 101));
  }
}
