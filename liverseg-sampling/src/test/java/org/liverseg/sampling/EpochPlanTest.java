package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochPlanTest {

  @Test
  void fillsHoldMaxLengthPatchesAndTheLastOneTheRest() {
    EpochPlan plan = new EpochPlan(new int[] {6, 6, 6, 6}, 10, false, 1);
    assertEquals(24, plan.total());
    assertEquals(3, plan.fills());
    assertEquals(List.of(10, 10, 4), sizes(plan));
    assertEquals(List.of(8), sizes(new EpochPlan(new int[] {3, 5}, 8, true, 1)));
    assertEquals(List.of(8, 8, 2), sizes(new EpochPlan(new int[] {3, 5, 2, 6, 2}, 8, true, 1)));
  }

  private static List<Integer> sizes(EpochPlan plan) {
    List<Integer> out = new java.util.ArrayList<>();
    for (int f = 0; f < plan.fills(); f++) {
      out.add(plan.fillSize(f));
    }
    return out;
  }

  /** Visits straddle fills unless the fills fall on visit boundaries in every epoch. */
  @Test
  void capacityLeavesRoomForAStraddlingVisitOnlyWhenThereCanBeOne() {
    assertFalse(new EpochPlan(new int[] {4, 4, 4, 4, 4}, 8, true, 1).splitsVisits());
    assertEquals(8, new EpochPlan(new int[] {4, 4, 4, 4, 4}, 8, true, 1).capacity());
    assertFalse(new EpochPlan(new int[] {3, 6, 2}, 11, true, 1).splitsVisits(), "one fill");
    assertTrue(new EpochPlan(new int[] {6, 6, 6, 6}, 10, true, 1).splitsVisits());
    assertEquals(15, new EpochPlan(new int[] {6, 6, 6, 6}, 10, true, 1).capacity());
    assertTrue(new EpochPlan(new int[] {4, 4, 2, 4}, 8, true, 1).splitsVisits());
    assertEquals(11, new EpochPlan(new int[] {4, 4, 2, 4}, 8, true, 1).capacity());
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
