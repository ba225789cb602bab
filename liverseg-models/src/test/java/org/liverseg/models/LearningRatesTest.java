package org.liverseg.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

class LearningRatesTest {

  @Test
  void polyFollowsNnUnetsFormulaAtTheStartOfEachStretch() {
    ISchedule s = LearningRates.poly(2e-3, 1000, 0.9);
    assertEquals(2e-3, s.valueAt(0, 0), 1e-15);
    assertEquals(2e-3, s.valueAt(19, 0), 1e-15); // first stretch: 20 iterations
    assertEquals(2e-3 * Math.pow(0.5, 0.9), s.valueAt(500, 0), 1e-15);
    assertEquals(2e-3 * Math.pow(0.02, 0.9), s.valueAt(999, 0), 1e-15);
    assertEquals(2e-3 * Math.pow(0.02, 0.9), s.valueAt(5000, 0), 1e-15); // never 0 past the end
  }

  @Property(tries = 50)
  void polyNeverIncreasesAndStaysPositive(@ForAll @IntRange(min = 1, max = 5000) int total) {
    ISchedule s = LearningRates.poly(1.0, total, 0.9);
    double previous = Double.POSITIVE_INFINITY;
    for (int i = 0; i <= total + 3; i++) {
      double v = s.valueAt(i, 0);
      assertTrue(
          v > 0 && v <= previous,
          "iteration " + i + " of " + total + ": " + v + " after " + previous);
      previous = v;
    }
  }

  @Test
  void aNetworkWithThePolyScheduleSurvivesAJsonRoundTripOfItsConfiguration() {
    var net =
        UNet3D.builder()
            .filters(2)
            .updater(new Adam(LearningRates.poly(1e-3, 100, 0.9)))
            .build()
            .newNetwork();
    var json = net.getConfiguration().toJson();
    var back = org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(json);
    assertEquals(json, back.toJson());
    assertTrue(json.contains("MapSchedule"), json);
  }

  @Test
  void badArgumentsAreNamed() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> LearningRates.poly(0, 10, 0.9))
            .getMessage()
            .contains("initial learning rate"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> LearningRates.poly(1e-3, 0, 0.9))
            .getMessage()
            .contains("totalIterations"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> LearningRates.poly(1e-3, 10, -1))
            .getMessage()
            .contains("power"));
  }
}
