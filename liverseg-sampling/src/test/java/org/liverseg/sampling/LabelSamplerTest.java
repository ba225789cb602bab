package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Box;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

class LabelSamplerTest {

  private static final Shape SHAPE = new Shape(48, 40, 32);
  private static final Shape PATCH = new Shape(16, 15, 10);
  private static final int DRAWS = 20_000;

  /** Label 1 in one box, label 2 in another, both inside the valid region; 0 elsewhere. */
  private static IntUnaryOperator twoBoxes() {
    IntUnaryOperator one = TestSubjects.box(SHAPE, 1, 10, 10, 8, 20, 20, 14);
    IntUnaryOperator two = TestSubjects.box(SHAPE, 2, 25, 20, 15, 30, 25, 20);
    return i -> Math.max(one.applyAsInt(i), two.applyAsInt(i));
  }

  /** Frequencies of the label at the patch centre over {@link #DRAWS} draws. */
  private static double[] centreLabelFrequencies(LabelSampler sampler, Subject subject, long seed) {
    Iterator<Patch> it = sampler.sample(subject, new SplittableRandom(seed));
    double[] f = new double[3];
    for (int n = 0; n < DRAWS; n++) {
      Box l = it.next().location();
      int label =
          subject
              .labelMap("label")
              .get(l.x0() + PATCH.x() / 2, l.y0() + PATCH.y() / 2, l.z0() + PATCH.z() / 2);
      f[label] += 1.0 / DRAWS;
    }
    return f;
  }

  @Test
  void centreLabelFrequenciesMatchTheProbabilities() {
    Subject s = TestSubjects.subject("liver_1", SHAPE, twoBoxes());
    LabelSampler sampler = new LabelSampler(PATCH, "label", Map.of(0, 0.2, 1, 0.3, 2, 0.5));
    double[] f = centreLabelFrequencies(sampler, s, 20240);
    assertEquals(0.2, f[0], 0.01);
    assertEquals(0.3, f[1], 0.01);
    assertEquals(0.5, f[2], 0.01);
  }

  @Test
  void unnormalisedProbabilitiesAreDividedByTheirSum() {
    Subject s = TestSubjects.subject("liver_1", SHAPE, twoBoxes());
    LabelSampler sampler = new LabelSampler(PATCH, "label", Map.of(0, 2, 1, 3, 2, 5));
    assertEquals(Map.of(0, 0.2, 1, 0.3, 2, 0.5), sampler.probabilities());
    double[] f = centreLabelFrequencies(sampler, s, 7);
    assertEquals(0.3, f[1], 0.01);
  }

  @Test
  void anAbsentLabelsShareGoesToThePresentLabelsInProportion() {
    // Label 2 lies only within half a patch of the border, outside the valid centre region.
    IntUnaryOperator one = TestSubjects.box(SHAPE, 1, 10, 10, 8, 20, 20, 14);
    IntUnaryOperator two = TestSubjects.box(SHAPE, 2, 0, 0, 0, 5, 40, 32);
    Subject s =
        TestSubjects.subject("liver_2", SHAPE, i -> Math.max(one.applyAsInt(i), two.applyAsInt(i)));
    LabelSampler sampler = new LabelSampler(PATCH, "label", Map.of(0, 0.2, 1, 0.3, 2, 0.5));
    double[] f = centreLabelFrequencies(sampler, s, 99);
    assertEquals(0.4, f[0], 0.01);
    assertEquals(0.6, f[1], 0.01);
    assertEquals(0.0, f[2], 0.0);
  }

  @Test
  void withoutProbabilitiesCentresAreUniformOverForegroundVoxels() {
    Subject s = TestSubjects.subject("liver_3", SHAPE, twoBoxes());
    double n1 = 10 * 10 * 6;
    double n2 = 5 * 5 * 5;
    double[] f = centreLabelFrequencies(new LabelSampler(PATCH, "label"), s, 3);
    assertEquals(0.0, f[0], 0.0);
    assertEquals(n1 / (n1 + n2), f[1], 0.01);
    assertEquals(n2 / (n1 + n2), f[2], 0.01);
  }

  @Test
  void voxelsOfTheChosenLabelAreEquallyLikely() {
    // Eight voxels of label 1; each should be the centre of about 1/8 of the draws.
    Subject s =
        TestSubjects.subject("liver_4", SHAPE, TestSubjects.box(SHAPE, 1, 20, 20, 12, 22, 22, 14));
    Iterator<Patch> it =
        new LabelSampler(PATCH, "label", Map.of(1, 1.0)).sample(s, new SplittableRandom(5));
    Map<Box, Integer> counts = new java.util.HashMap<>();
    for (int n = 0; n < 8000; n++) {
      counts.merge(it.next().location(), 1, Integer::sum);
    }
    assertEquals(8, counts.size());
    counts.values().forEach(c -> assertTrue(Math.abs(c - 1000) < 150, "count " + c));
  }

  @Test
  void evenPatchCentreIsTheVoxelAfterTheMiddle() {
    // A single label voxel at (20, 21, 22): the patch of 16x15x10 starts at centre - P//2.
    Subject s =
        TestSubjects.subject("one", SHAPE, TestSubjects.box(SHAPE, 1, 20, 21, 22, 21, 22, 23));
    Patch p = new LabelSampler(PATCH, "label").sample(s, new SplittableRandom(1)).next();
    assertEquals(new Box(12, 14, 17, 28, 29, 27), p.location());
  }

  @Test
  void emptyMapErrorNamesTheSubjectAndTheBorder() {
    Subject s =
        TestSubjects.subject("liver_9", SHAPE, TestSubjects.box(SHAPE, 2, 0, 0, 0, 3, 40, 32));
    LabelSampler sampler = new LabelSampler(PATCH, "label", Map.of(1, 0.5, 2, 0.5));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> sampler.sample(s, new SplittableRandom(1)));
    assertEquals(
        "LabelSampler: subject liver_9 has no voxel of labels [1, 2] in image 'label' inside the region"
            + " of valid patch centres x in [8, 41), y in [7, 33), z in [5, 28) of its 48x40x32 volume for patches of"
            + " 16x15x10; the label may lie within half a patch of the border",
        e.getMessage());
  }

  @Test
  void patchTooLargeFailsAsSoonAsSamplingIsAsked() {
    Subject s = TestSubjects.subject("liver_5", SHAPE, twoBoxes());
    LabelSampler sampler = new LabelSampler(new Shape(16, 41, 10), "label");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> sampler.sample(s, new SplittableRandom(1)));
    assertEquals(
        "patch size 16x41x10 is larger than the spatial shape 48x40x32 of subject liver_5"
            + " (along y: 41 > 40)",
        e.getMessage());
  }

  @Test
  void rejectsBadProbabilities() {
    assertThrows(
        IllegalArgumentException.class, () -> new LabelSampler(PATCH, "label", Map.of(1, -0.1)));
    assertThrows(
        IllegalArgumentException.class, () -> new LabelSampler(PATCH, "label", Map.of(256, 1.0)));
    assertThrows(
        IllegalArgumentException.class, () -> new LabelSampler(PATCH, "label", Map.of(1, 0.0)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LabelSampler(PATCH, "label", Map.of(1, Double.NaN)));
  }

  @Test
  void sameSeedSamePatches() {
    Subject s = TestSubjects.subject("r", SHAPE, twoBoxes());
    LabelSampler sampler = new LabelSampler(PATCH, "label", Map.of(0, 1, 2, 1));
    var a = sampler.sample(s, new SplittableRandom(11), 50).stream().map(Patch::location).toList();
    var b = sampler.sample(s, new SplittableRandom(11), 50).stream().map(Patch::location).toList();
    assertEquals(a, b);
  }

  @Test
  void probabilityMessagesAndTheEndsOfTheLabelRange() {
    assertEquals(
        "probability of label 1 must be finite and >= 0, got -0.1",
        assertThrows(
                IllegalArgumentException.class,
                () -> new LabelSampler(PATCH, "label", Map.of(1, -0.1)))
            .getMessage());
    assertEquals(
        "label 256 is outside 0..255 and can never occur in a label map",
        assertThrows(
                IllegalArgumentException.class,
                () -> new LabelSampler(PATCH, "label", Map.of(256, 1.0)))
            .getMessage());
    // label 255 is a label, and a zero probability is allowed beside a positive one
    LabelSampler top = new LabelSampler(PATCH, "label", Map.of(255, 1.0, 1, 0.0));
    assertEquals(Map.of(1, 0.0, 255, 1.0), top.probabilities());
    Subject s =
        TestSubjects.subject("top", SHAPE, TestSubjects.box(SHAPE, 255, 20, 20, 15, 21, 21, 16));
    Box expected = Box.of(20 - 8, 20 - 7, 15 - 5, PATCH);
    assertEquals(expected, top.sample(s, new SplittableRandom(1)).next().location());
    // without probabilities every label above 0 counts, 255 included
    LabelSampler any = new LabelSampler(PATCH, "label");
    assertEquals(expected, any.sample(s, new SplittableRandom(1)).next().location());
    assertEquals("label", any.labelName());
    assertEquals(PATCH, any.patchSize());
    assertEquals("LabelSampler(16x15x10, 'label', label > 0)", any.toString());
    assertEquals("LabelSampler(16x15x10, 'label', {1=0.0, 255=1.0})", top.toString());
  }

  /**
   * With one present label no label is drawn: each patch costs one {@code nextInt} of the
   * generator, so the centres are the label's voxels (in scan order) at those draws.
   */
  @Test
  void aSinglePresentLabelCostsOneDrawPerPatch() {
    IntUnaryOperator line = TestSubjects.box(SHAPE, 1, 20, 20, 15, 25, 21, 16); // 5 voxels
    Subject s = TestSubjects.subject("one", SHAPE, line);
    for (LabelSampler sampler :
        List.of(
            new LabelSampler(PATCH, "label"),
            new LabelSampler(PATCH, "label", Map.of(1, 0.5, 2, 0.5)))) {
      Iterator<Patch> it = sampler.sample(s, new SplittableRandom(21));
      SplittableRandom same = new SplittableRandom(21);
      for (int n = 0; n < 20; n++) {
        int x = 20 + same.nextInt(5);
        assertEquals(
            Box.of(x - 8, 20 - 7, 15 - 5, PATCH), it.next().location(), sampler.toString());
      }
    }
  }

  /** The draw u picks the first label whose cumulative probability exceeds it. */
  @Test
  void aDrawOnACumulativeBoundaryGoesToTheNextLabel() {
    Subject s = TestSubjects.subject("b", SHAPE, twoBoxes());
    LabelSampler sampler = new LabelSampler(PATCH, "label", Map.of(0, 0.25, 1, 0.25, 2, 0.5));
    RandomGenerator quarter =
        new RandomGenerator() {
          @Override
          public long nextLong() {
            return 0;
          }

          @Override
          public double nextDouble() {
            return 0.25;
          }

          @Override
          public int nextInt(int bound) {
            return 0;
          }
        };
    Box l = sampler.sample(s, quarter).next().location();
    int label =
        s.labelMap("label")
            .get(l.x0() + PATCH.x() / 2, l.y0() + PATCH.y() / 2, l.z0() + PATCH.z() / 2);
    assertEquals(1, label, "u = 0.25 is past label 0's [0, 0.25)");
  }
}
