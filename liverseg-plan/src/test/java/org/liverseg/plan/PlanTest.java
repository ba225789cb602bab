package org.liverseg.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.Compose;
import org.liverseg.transforms.intensity.Standardize;
import org.liverseg.transforms.spatial.Resample;
import org.liverseg.transforms.spatial.ToCanonical;

class PlanTest {

  private static final IntensityStatistics FG =
      new IntensityStatistics(1000, 99.4, 39.4, -80, 300, 40_000, -17, 100, 201);

  /** A labelled fingerprint of the given canonical-order cases (stored LPS). */
  static Fingerprint fingerprint(List<Shape> shapes, List<Vec3> spacings) {
    List<CaseFingerprint> cases = new ArrayList<>();
    for (int c = 0; c < shapes.size(); c++) {
      cases.add(Cases.fingerprint("case" + c, shapes.get(c), spacings.get(c), "LPS"));
    }
    SortedMap<Integer, Double> fractions = new TreeMap<>(Map.of(0, 0.9, 1, 0.09, 2, 0.01));
    return new Fingerprint(
        Fingerprint.VERSION,
        "ct",
        "label",
        10_000,
        1234,
        cases,
        Fingerprint.medians(cases, true),
        Fingerprint.medians(cases, false),
        FG,
        fractions);
  }

  @Test
  void targetSpacingIsTheMedianWithoutAnisotropy() {
    // z is coarse (5 > 3 x 1) but has many voxels (60 x 3 > 64): not anisotropic
    Fingerprint fp =
        fingerprint(
            List.of(Shape.of(64, 64, 60), Shape.of(64, 64, 70), Shape.of(64, 64, 50)),
            List.of(new Vec3(1, 1, 5), new Vec3(0.8, 0.8, 6), new Vec3(1.2, 1.2, 4)));
    Plan p = Plan.from(fp, Budget.cpuDefault());
    assertEquals(new Vec3(1, 1, 5), p.targetSpacing());
    assertEquals(-1, p.lowResolutionAxis());
  }

  @Test
  void anisotropicAxisTakesItsTenthPercentile() {
    // median z spacing 8 > 3 x 1.5 and median z size 10 x 3 < 256
    Fingerprint fp =
        fingerprint(
            List.of(
                Shape.of(256, 256, 10),
                Shape.of(256, 256, 12),
                Shape.of(256, 256, 9),
                Shape.of(256, 256, 10),
                Shape.of(256, 256, 14)),
            List.of(
                new Vec3(1.5, 1.5, 10),
                new Vec3(1.25, 1.25, 10),
                new Vec3(1.4, 1.4, 6.5),
                new Vec3(1.6, 1.6, 8),
                new Vec3(1.5, 1.5, 5)));
    Plan p = Plan.from(fp, Budget.cpuDefault().withMinPatchCoverage(0));
    // numpy.percentile([10, 10, 6.5, 8, 5], 10) = 5 + 0.4 * 1.5
    assertEquals(5.6, p.targetSpacing().z(), 1e-12);
    assertEquals(1.5, p.targetSpacing().x(), 0);
    assertEquals(2, p.lowResolutionAxis());
    assertFalse(p.isCoarsened());
    // with the coverage rule rule 1's spacing is kept as fullResolutionSpacing
    Plan c = Plan.from(fp, Budget.cpuDefault());
    assertEquals(p.targetSpacing(), c.fullResolutionSpacing());
    assertTrue(c.isCoarsened());
  }

  @Test
  void anisotropicAxisNeverGetsFinerThanTheOthers() {
    Fingerprint fp =
        fingerprint(
            List.of(
                Shape.of(200, 200, 10),
                Shape.of(200, 200, 10),
                Shape.of(200, 200, 10),
                Shape.of(200, 200, 10),
                Shape.of(200, 200, 10)),
            List.of(
                new Vec3(1.5, 1.5, 1),
                new Vec3(1.5, 1.5, 1),
                new Vec3(1.5, 1.5, 8),
                new Vec3(1.5, 1.5, 8),
                new Vec3(1.5, 1.5, 8)));
    // 10th percentile 1 < 1.5: nnU-Net takes max(1.5, 1) + 1e-5
    assertEquals(1.5 + 1e-5, Plan.from(fp, Budget.cpuDefault()).fullResolutionSpacing().z(), 0);
  }

  @Test
  void spacingIsPlannedInCanonicalAxes() {
    // stored slice-first ("SLP": voxel axis 0 is S): canonical z is the stored first axis
    Affine sagittalFirst =
        Affine.of(new double[][] {{0, -0.7, 0, 0}, {0, 0, -0.7, 0}, {2.5, 0, 0, 0}});
    assertEquals("SLP", sagittalFirst.orientation());
    CaseFingerprint c =
        Cases.fingerprint("s", Shape.of(40, 128, 128), Vec3.of(sagittalFirst.spacing()), "SLP");
    assertEquals(Shape.of(128, 128, 40), c.canonicalShape());
    assertEquals(new Vec3(0.7, 0.7, 2.5), c.canonicalSpacing());
  }

  @Test
  void fitsPatchDepthAndBatchAsDocumented() {
    // medianShape 20^3 at 1 mm; budget 2 x 16^3: 20^3 (depth 2) is too large, shrink x (tie:
    // first),
    // then y (largest extent), then z: 16^3 fits with batch 2
    Planning.Fit f = Planning.fit(new Vec3(20, 20, 20), new Vec3(1, 1, 1), Budget.cpu(8192), 100);
    assertEquals(new Planning.Fit(Shape.cube(16), 2, 2), f);
    // a larger budget keeps the median shape; batch: min(100000 / 8000 = 12, 5% of 100 cases = 5)
    f = Planning.fit(new Vec3(20, 20, 20), new Vec3(1, 1, 1), Budget.cpu(100_000), 100);
    assertEquals(new Planning.Fit(Shape.cube(20), 2, 5), f);
    f = Planning.fit(new Vec3(20, 20, 20), new Vec3(1, 1, 1), Budget.cpu(100_000), 1000);
    assertEquals(12, f.batch());
    // the 5% cap never goes below 2
    f = Planning.fit(new Vec3(20, 20, 20), new Vec3(1, 1, 1), Budget.cpu(100_000), 1);
    assertEquals(2, f.batch());
    // the physically longest axis shrinks first: z at 5 mm
    f = Planning.fit(new Vec3(32, 32, 32), new Vec3(1, 1, 5), Budget.cpu(2 * 32 * 32 * 24), 10);
    assertEquals(Shape.of(32, 32, 24), f.patch());
    assertEquals(2, f.depth(), "24 / 2^3 = 3 < 4: one pooling less");
    // depth cap
    f =
        Planning.fit(
            new Vec3(64, 64, 64), new Vec3(1, 1, 1), Budget.cpu(1 << 30).withMaxDepth(2), 1);
    assertEquals(2, f.depth());
    // x.5 medians round down; an axis of 4 voxels allows no pooling
    f = Planning.fit(new Vec3(33.5, 4.5, 100), new Vec3(1, 1, 1), Budget.cpu(1 << 30), 1);
    assertEquals(new Planning.Fit(Shape.of(33, 4, 100), 0, 2), f);
  }

  @Test
  void coverageRuleCoarsensIsotropicSpacingWithWorkedNumbers() {
    // one case 64^3 at 1 mm; budget 2 x 32^3 = 65,536, threshold 0.25 (nnU-Net's)
    Fingerprint fp = fingerprint(List.of(Shape.cube(64)), List.of(new Vec3(1, 1, 1)));
    Budget budget = new Budget(65_536, 4, 0.25);
    Planning.Fit full = Planning.fit(new Vec3(64, 64, 64), new Vec3(1, 1, 1), budget, 1);
    assertEquals(Shape.cube(32), full.patch(), "coverage 32768 / 262144 = 0.125 < 0.25");
    Planning.Coarsened c =
        Planning.coarsen(new Vec3(1, 1, 1), new Vec3(64, 64, 64), full, budget, 1);
    // 1.03^7 = 1.22987: median 64 / 1.22987 = 52.038, 52.038^3 = 140,915, coverage 0.2325 < 0.25;
    // 1.03^8 = 1.26677: median 50.522, 50.522^3 = 128,957, coverage 0.2541: stop
    assertEquals(8, c.steps());
    double s8 = Math.pow(1.03, 8);
    assertEquals(1.26677, s8, 1e-5);
    assertEquals(new Vec3(s8, s8, s8), c.spacing());
    assertEquals(new Vec3(51, 51, 51), c.medianShape());
    assertEquals(Math.pow(64 / s8, 3), c.medianVoxels(), 1e-6);
    assertEquals(128_957.5, c.medianVoxels(), 0.1);
    assertEquals(0.2541, c.coverage(), 1e-4);
    assertEquals(Shape.cube(32), c.fit().patch());
    Plan p = Plan.from(fp, budget);
    assertEquals(c.spacing(), p.targetSpacing());
    assertEquals(new Vec3(1, 1, 1), p.fullResolutionSpacing());
    assertEquals(new Vec3(51, 51, 51), p.medianShape());
    assertEquals(Shape.cube(32), p.patchSize());
    assertTrue(p.isCoarsened());
    assertTrue(
        p.describe()
            .contains(
                "target spacing   (1.267, 1.267, 1.267) mm (the median spacing (1.000, 1.000,"
                    + " 1.000) mm coarsened until a patch covers >= 0.250 of a median case)"),
        p.describe());
    // threshold 0 (and 0.125, already met) keep the median spacing
    assertEquals(new Vec3(1, 1, 1), Plan.from(fp, budget.withMinPatchCoverage(0)).targetSpacing());
    assertEquals(
        new Vec3(1, 1, 1), Plan.from(fp, budget.withMinPatchCoverage(0.125)).targetSpacing());
  }

  @Test
  void coverageRuleCoarsensTheFineAxesFirst() {
    // (1, 1, 3) mm: x and y are more than 2x finer than z (3 / 1 = 3 > 2): only they grow
    assertArrayEquals(new double[] {1.03, 1.03, 3}, Planning.coarser(new double[] {1, 1, 3}));
    // 1.03^13 = 1.46853: 3 / 1.46853 = 2.043 > 2, still only x and y
    double s13 = Math.pow(1.03, 13);
    double s14 = Math.pow(1.03, 14);
    assertArrayEquals(
        new double[] {s14, s14, 3}, Planning.coarser(new double[] {s13, s13, 3}), 1e-15);
    // 1.03^14 = 1.51259: 3 / 1.51259 = 1.983 <= 2: all three grow
    assertArrayEquals(
        new double[] {s14 * 1.03, s14 * 1.03, 3 * 1.03},
        Planning.coarser(new double[] {s14, s14, 3}),
        1e-15);
    // exactly 2x finer is not "more than 2x": all grow
    assertArrayEquals(
        new double[] {1.03, 1.03, 2.06}, Planning.coarser(new double[] {1, 1, 2}), 1e-15);
  }

  @Test
  void coverageRuleStopsBeforeTheMedianCaseGetsTooSmallForAPatch() {
    // a flat median case (200 x 200 x 10 at 1 mm) and a patch of at most 512 voxels: threshold 1
    // is out of reach; z rounds below 4 voxels when 10 / 1.03^k < 3.5, i.e. from k = 36
    // (10 / 1.03^35 = 3.554 rounds to 4, 10 / 1.03^36 = 3.450 to 3): it stops after 35 steps
    Budget budget = new Budget(2 * 8 * 8 * 8, 1, 1.0);
    Vec3 median = new Vec3(200, 200, 10);
    Planning.Fit full = Planning.fit(median, new Vec3(1, 1, 1), budget, 1);
    Planning.Coarsened c = Planning.coarsen(new Vec3(1, 1, 1), median, full, budget, 1);
    assertEquals(35, c.steps());
    assertEquals(Math.pow(1.03, 35), c.spacing().z(), 1e-12);
    assertEquals(4, c.medianShape().z(), 0);
    assertTrue(c.coverage() < 1);
  }

  @Test
  void medianShapeBelowFourVoxelsIsAnError() {
    Fingerprint fp = fingerprint(List.of(Shape.of(64, 64, 1)), List.of(new Vec3(1, 1, 1)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Plan.from(fp, Budget.cpuDefault()));
    assertTrue(
        e.getMessage().contains("fewer than 4 voxels along canonical axis S"), e.getMessage());
    assertTrue(e.getMessage().contains("2D dataset"), e.getMessage());
  }

  @Test
  void medianShapeIsTakenAtTheTargetSpacing() {
    // case 2 is twice as fine in-plane: 256 voxels at 0.5 mm are 128 at the median 1 mm
    Fingerprint fp =
        fingerprint(
            List.of(Shape.of(128, 128, 40), Shape.of(256, 256, 40), Shape.of(120, 120, 40)),
            List.of(new Vec3(1, 1, 2), new Vec3(0.5, 0.5, 2), new Vec3(1, 1, 2)));
    Plan p = Plan.from(fp, Budget.cpuDefault());
    assertEquals(new Vec3(1, 1, 2), p.targetSpacing());
    assertEquals(new Vec3(128, 128, 40), p.medianShape());
    assertEquals(3, p.trainingCases());
    assertEquals(new Vec3(0.5, 0.5, 2), p.spacingMin());
    assertEquals(new Vec3(1, 1, 2), p.spacingMax());
    assertEquals(List.of(0, 1, 2), p.classes());
    assertTrue(p.patchSize().voxels() * p.batchSize() <= Budget.CPU_DEFAULT_VOXELS);
  }

  @Test
  void normalisationIsNnunetsCtSchemeOrAChosenWindow() {
    Fingerprint fp = fingerprint(List.of(Shape.cube(64)), List.of(new Vec3(1, 1, 1)));
    Plan p = Plan.from(fp, Budget.cpuDefault());
    assertEquals(
        new Normalization(Normalization.Scheme.CT, -17, 201, 99.4, 39.4), p.normalization());
    Plan w = p.withNormalization(Normalization.SEED_WINDOW);
    assertEquals(
        new Normalization(Normalization.Scheme.FIXED_WINDOW, -100, 400, -100, 500),
        w.normalization());
    assertEquals(p.patchSize(), w.patchSize());
    assertEquals(
        w, Plan.from(fp, Budget.cpuDefault(), Normalization.fixedWindow(-100, 400)), "the same");
  }

  @Test
  void preprocessingIsCanonicalResampleAndNormalisation() {
    Subject s = Cases.subject("p", Shape.of(12, 10, 8), Cases.lps(0.8, 0.8, 2.5), 9);
    Fingerprint fp = Fingerprint.of(List.of(s));
    Plan plan = Plan.from(fp, Budget.cpu(4096)).withNormalization(Normalization.SEED_WINDOW);
    Subject out = plan.preprocessing().apply(s);
    assertEquals(
        List.of("ToCanonical", "Resample", "Standardize"),
        out.history().stream().map(r -> r.name()).toList());
    assertEquals("RAS", out.affine().orientation());
    Subject expected =
        Compose.of(
                ToCanonical.builder().build(),
                Resample.builder().spacing(0.8, 0.8, 2.5).build(),
                Standardize.window(-100, 400))
            .apply(s);
    assertEquals(expected.affine(), out.affine());
    assertEquals(expected.shape(), out.shape());
    assertEquals(
        java.util.Arrays.toString(expected.scalarImage("ct").voxels()),
        java.util.Arrays.toString(out.scalarImage("ct").voxels()));
    assertTrue(out.image("label") instanceof org.liverseg.io.LabelMap);
  }

  @Test
  void warnsAboutSpacingsFarOutsideTheTrainingRange() {
    Fingerprint fp =
        fingerprint(
            List.of(Shape.cube(64), Shape.cube(64)),
            List.of(new Vec3(0.7, 0.7, 2), new Vec3(0.9, 0.9, 5)));
    Plan p = Plan.from(fp, Budget.cpuDefault());
    assertFalse(p.spacingWarning(Cases.lps(0.36, 1.8, 10)).isPresent(), "within 2x");
    String w = p.spacingWarning(Cases.lps(0.3, 0.8, 11)).orElseThrow();
    assertEquals(
        "spacing more than 2x outside the training range: R 0.300 mm (training 0.700-0.900),"
            + " S 11.0 mm (training 2.00-5.00)",
        w);
  }

  @Test
  void describesItselfReadably() {
    Fingerprint fp = fingerprint(List.of(Shape.cube(64)), List.of(new Vec3(1, 1, 1)));
    String d = Plan.from(fp, Budget.cpuDefault()).describe();
    assertTrue(d.contains("target spacing   (1.000, 1.000, 1.000) mm (median)"), d);
    assertTrue(d.contains("network depth    "), d);
    assertTrue(d.contains("CT: clip to [-17.00, 201.00], then (v - 99.40) / 39.40"), d);
  }

  @Test
  void budgetAndPlanValidateTheirNumbers() {
    assertThrows(IllegalArgumentException.class, () -> Budget.cpu(127));
    assertThrows(IllegalArgumentException.class, () -> Budget.cpu(1L << 32));
    assertThrows(IllegalArgumentException.class, () -> Budget.cpuDefault().withMaxDepth(8));
    assertEquals(147_456, Budget.cpuDefault().voxelsPerStep());
    assertThrows(
        IllegalArgumentException.class,
        () -> new Normalization(Normalization.Scheme.CT, 0, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Normalization.fixedWindow(1, 1));
  }
}
