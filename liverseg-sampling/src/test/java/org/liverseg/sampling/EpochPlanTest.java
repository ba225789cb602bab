package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.liverseg.sampling.EpochPlan.Epoch;
import org.liverseg.sampling.EpochPlan.Fill;

class EpochPlanTest {

  @Test
  void fillsHoldWholeSubjectsUpToMaxLength() {
    EpochPlan plan = new EpochPlan(new int[] {4, 4, 4, 4, 4}, 10, false, 1);
    Epoch e = plan.epoch(0);
    assertEquals(List.of(new Fill(0, 2, 8), new Fill(2, 4, 8), new Fill(4, 5, 4)), e.fills());
    assertEquals(
        List.of(new Fill(0, 2, 8), new Fill(2, 4, 8)),
        new EpochPlan(new int[] {3, 5, 2, 6}, 8, false, 1).epoch(3).fills());
    assertEquals(
        List.of(new Fill(0, 1, 3), new Fill(1, 3, 8), new Fill(3, 4, 5)),
        new EpochPlan(new int[] {3, 6, 2, 5}, 8, false, 1).epoch(0).fills());
  }

  @Test
  void subjectOrderIsAPermutationThatChangesPerEpochAndRepeatsPerSeed() {
    EpochPlan plan = new EpochPlan(new int[20], 10, true, 42);
    int[] a = plan.epoch(0).order();
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int t = 0; t < 20; t++) {
      assertEquals(t, sorted[t]);
    }
    assertNotEquals(Arrays.toString(a), Arrays.toString(plan.epoch(1).order()));
    assertEquals(
        Arrays.toString(a),
        Arrays.toString(new EpochPlan(new int[20], 10, true, 42).epoch(0).order()));
    assertNotEquals(
        Arrays.toString(a),
        Arrays.toString(new EpochPlan(new int[20], 10, true, 43).epoch(0).order()));
  }

  @Test
  void visitsAreNumberedAcrossEpochs() {
    EpochPlan plan = new EpochPlan(new int[] {1, 2, 3}, 10, true, 5);
    for (long g = 0; g < 12; g++) {
      EpochPlan.Visit v = plan.visit(g);
      assertEquals(g / 3, v.epoch());
      assertEquals(plan.epoch(g / 3).order()[(int) (g % 3)], v.subjectIndex());
      assertEquals(v, plan.visit(plan.epoch(g / 3), (int) (g % 3)));
    }
  }
}
