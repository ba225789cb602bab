package org.liverseg.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.models.task03.Task03;

class DiceTest {

  private static LabelMap labels(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return LabelMap.of(Shape.of(v.length, 1, 1), Affine.identity(), b);
  }

  @Test
  void countsAHandWorkedExamplePerClass() {
    byte[] truth = {0, 1, 1, 1, 2, 2, 0, 0};
    byte[] pred = {0, 1, 1, 0, 2, 1, 1, 0};
    CaseScores s = Dice.score("c1", truth, pred, 3);
    assertEquals(new Overlap(2, 2, 1), s.overlap(1));
    assertEquals(4.0 / 7, s.dice(1), 1e-12);
    assertEquals(0.5, s.overlap(1).precision(), 1e-12);
    assertEquals(2.0 / 3, s.overlap(1).recall(), 1e-12);
    assertEquals(new Overlap(1, 0, 1), s.overlap(2));
    assertEquals(2.0 / 3, s.dice(2), 1e-12);
    assertEquals(2, s.count(2, 1) + s.count(1, 0));
  }

  @Test
  void task03LiverIsLabelsOneAndTwoAndTumourIsLabelTwo() {
    LabelMap truth = labels(0, 1, 1, 2, 2, 0);
    LabelMap pred = labels(0, 1, 2, 2, 0, 1);
    CaseScores s = Dice.score("c", truth, pred, 3);
    // liver: truth {1,2,3,4}, pred {1,2,3,5}: 2*3/8
    assertEquals(0.75, s.dice(Task03.LIVER), 1e-12);
    assertEquals(s.dice(Task03.LIVER), s.dice(1, 2));
    // tumour: truth {3,4}, pred {2,3}: 2*1/4
    assertEquals(0.5, s.dice(Task03.TUMOUR), 1e-12);
    assertEquals(4, s.overlap(Task03.LIVER).truthVoxels());
    assertEquals(4, s.overlap(Task03.LIVER).predictedVoxels());
    assertEquals(2, s.overlap(Task03.TUMOUR).truthVoxels());
    assertEquals(2, s.overlap(Task03.TUMOUR).predictedVoxels());
    // per class, label 1 alone: truth {1,2}, pred {1,5}: 2*1/4
    assertEquals(0.5, s.dice(1), 1e-12);
  }

  @Test
  void emptyAndEmptyIsOneAndOneSidedEmptyIsZero() {
    assertEquals(1.0, Dice.score("c", labels(0, 1), labels(0, 1), 3).dice(Task03.TUMOUR));
    assertEquals(0.0, Dice.score("c", labels(1, 1), labels(2, 1), 3).dice(Task03.TUMOUR));
    assertEquals(0.0, Dice.score("c", labels(2, 1), labels(1, 1), 3).dice(Task03.TUMOUR));
    // A tumour predicted as liver is still liver.
    assertEquals(1.0, Dice.score("c", labels(2, 1), labels(1, 1), 3).dice(Task03.LIVER));
  }

  @Test
  void noTumourInTruthAndPredictionCountsAsPerfect() {
    byte[] truth = {0, 1, 1, 0};
    CaseScores s = Dice.score("tumour-free", truth, truth.clone(), 3);
    assertTrue(s.overlap(Task03.TUMOUR).bothEmpty());
    assertEquals(1.0, s.dice(Task03.TUMOUR));
    assertEquals(1.0, s.overlap(Task03.TUMOUR).precision());
    assertEquals(1.0, s.overlap(Task03.TUMOUR).recall());
  }

  @Test
  void aTumourOnOnlyOneSideScoresZero() {
    byte[] truth = {0, 1, 2, 0};
    byte[] pred = {0, 1, 1, 0};
    assertEquals(0.0, Dice.score("missed", truth, pred, 3).dice(Task03.TUMOUR));
    assertEquals(0.0, Dice.score("invented", pred, truth, 3).dice(Task03.TUMOUR));
  }

  @Test
  void regionLabelsBeyondTheClassesHaveNoVoxels() {
    CaseScores twoClasses = Dice.score("binary", new byte[] {0, 1, 1}, new byte[] {0, 1, 0}, 2);
    assertEquals(twoClasses.dice(1), twoClasses.dice(Task03.LIVER));
    assertTrue(twoClasses.overlap(Task03.TUMOUR).bothEmpty());
    var e = assertThrows(IllegalArgumentException.class, () -> twoClasses.dice(2));
    assertTrue(e.getMessage().contains("class 2 outside 0..1 for case binary"), e.getMessage());
  }

  @Test
  void summaryAveragesCasesAndPoolsVoxels() {
    DiceSummary sum = new DiceSummary(3);
    // a: liver tp 9, fp 1 (background predicted liver); no tumour anywhere
    sum.add(new CaseScores("a", new long[][] {{5, 1, 0}, {0, 9, 0}, {0, 0, 0}}));
    // b: liver tp 1, fp 1; a tumour voxel predicted where the truth is background
    sum.add(new CaseScores("b", new long[][] {{5, 1, 1}, {0, 1, 0}, {0, 0, 0}}));
    // liver region of b: truth {1}, pred {1, 2, 1}: tp 1, fp 2
    assertEquals((18.0 / 19 + 2.0 / 4) / 2, sum.meanDice(Task03.LIVER), 1e-12);
    assertEquals(20.0 / 23, sum.globalDice(Task03.LIVER), 1e-12);
    assertEquals(new Overlap(10, 3, 0), sum.global(Task03.LIVER));
    assertEquals(0.5, sum.meanDice(Task03.TUMOUR), 1e-12); // 1 (both empty) and 0
    assertEquals(0.0, sum.globalDice(Task03.TUMOUR), 1e-12);
    assertTrue(
        Double.isNaN(sum.meanDiceOfCasesWith(Task03.TUMOUR)), "no case has a tumour in its truth");
    assertEquals(List.of("a", "b"), sum.cases().stream().map(CaseScores::caseId).toList());
  }

  @Test
  void meanOverCasesWithTheRegionLeavesTheEmptyRuleOut() {
    DiceSummary sum = new DiceSummary(3);
    sum.add(Dice.score("with", labels(2, 2, 1, 0), labels(2, 1, 1, 0), 3));
    sum.add(Dice.score("without", labels(1, 1, 0, 0), labels(1, 1, 0, 0), 3));
    assertEquals((2.0 / 3 + 1.0) / 2, sum.meanDice(Task03.TUMOUR), 1e-12);
    assertEquals(2.0 / 3, sum.meanDiceOfCasesWith(Task03.TUMOUR), 1e-12);
  }

  @Test
  void badInputsNameTheCaseAndTheValue() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dice.score("x7", new byte[] {0, 3}, new byte[] {0, 0}, 3));
    assertTrue(e.getMessage().contains("x7") && e.getMessage().contains("truth 3"), e.getMessage());
    var e2 =
        assertThrows(
            IllegalArgumentException.class, () -> Dice.score("x8", new byte[2], new byte[3], 3));
    assertTrue(e2.getMessage().contains("x8"), e2.getMessage());
    var e3 =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dice.score("x9", labels(0, 1), labels(0, 1, 2), 3));
    assertTrue(
        e3.getMessage()
            .contains("case x9: prediction shape 3x1x1 differs from ground-truth shape 2x1x1"),
        e3.getMessage());
    var e4 =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DiceSummary(3).add(new CaseScores("two", new long[2][2])));
    assertTrue(e4.getMessage().contains("case two has 2 classes, summary has 3"), e4.getMessage());
    var e5 =
        assertThrows(
            IllegalArgumentException.class, () -> new CaseScores("r", new long[][] {{1, 2}, {3}}));
    assertTrue(
        e5.getMessage().contains("case r: confusion row 1 has 1 columns, expected 2"),
        e5.getMessage());
    var e6 = assertThrows(IllegalArgumentException.class, () -> Region.of("odd", 1, 300));
    assertTrue(e6.getMessage().contains("region odd: label 300 outside 0..255"), e6.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Region.of("none"));
  }

  @Test
  void regionsAreSortedSetsOfLabels() {
    assertEquals(Region.of("liver", 1, 2), Region.of("liver", 2, 1, 2));
    assertEquals(List.of(1, 2), Task03.LIVER.labels());
    assertTrue(Task03.LIVER.contains(2) && !Task03.TUMOUR.contains(1));
    assertEquals(List.of(Task03.LIVER, Task03.TUMOUR), Task03.REGIONS);
  }

  @Test
  void caseScoresAreImmutableValues() {
    long[][] m = {{1, 0}, {0, 1}};
    CaseScores s = new CaseScores("v", m);
    m[0][0] = 99;
    s.confusion()[1][1] = 99;
    assertEquals(new CaseScores("v", new long[][] {{1, 0}, {0, 1}}), s);
    assertEquals(new CaseScores("v", new long[][] {{1, 0}, {0, 1}}).hashCode(), s.hashCode());
  }

  @Provide
  Arbitrary<byte[]> labels() {
    return Arbitraries.bytes()
        .between((byte) 0, (byte) 2)
        .array(byte[].class)
        .ofMinSize(1)
        .ofMaxSize(60);
  }

  @Property(tries = 200)
  void diceIsSymmetricBoundedAndOneForIdenticalVolumes(
      @ForAll("labels") byte[] truth, @ForAll long seed) {
    java.util.Random r = new java.util.Random(seed);
    byte[] pred = new byte[truth.length];
    for (int i = 0; i < pred.length; i++) {
      pred[i] = (byte) r.nextInt(3);
    }
    CaseScores ab = Dice.score("ab", truth, pred, 3);
    CaseScores ba = Dice.score("ba", pred, truth, 3);
    CaseScores same = Dice.score("aa", truth, truth, 3);
    long total = 0;
    for (int c = 0; c < 3; c++) {
      assertEquals(ab.dice(c), ba.dice(c), 1e-12);
      assertEquals(ab.overlap(c).precision(), ba.overlap(c).recall(), 1e-12);
      assertTrue(ab.dice(c) >= 0 && ab.dice(c) <= 1);
      assertEquals(1.0, same.dice(c));
      total += ab.overlap(c).truePositives() + ab.overlap(c).falseNegatives();
    }
    assertEquals(truth.length, total);
    for (Region region : Task03.REGIONS) {
      assertEquals(ab.dice(region), ba.dice(region), 1e-12);
      assertEquals(1.0, same.dice(region));
    }
  }

  /** Region Dice equals the Dice of the binary masks "label in region", counted directly. */
  @Property(tries = 200)
  void regionDiceIsTheDiceOfTheBinaryMasks(@ForAll("labels") byte[] truth, @ForAll long seed) {
    java.util.Random r = new java.util.Random(seed);
    byte[] pred = new byte[truth.length];
    for (int i = 0; i < pred.length; i++) {
      pred[i] = (byte) r.nextInt(3);
    }
    CaseScores s = Dice.score("p", truth, pred, 3);
    for (Region region : Task03.REGIONS) {
      long both = 0;
      long t = 0;
      long p = 0;
      for (int i = 0; i < truth.length; i++) {
        boolean a = region.contains(truth[i]);
        boolean b = region.contains(pred[i]);
        t += a ? 1 : 0;
        p += b ? 1 : 0;
        both += a && b ? 1 : 0;
      }
      double expected = t + p == 0 ? 1.0 : 2.0 * both / (t + p);
      assertEquals(expected, s.dice(region), 0.0, region.name());
    }
  }
}
