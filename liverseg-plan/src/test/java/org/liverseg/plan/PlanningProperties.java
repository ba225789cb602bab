package org.liverseg.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.liverseg.io.Shape;

/** The plan's rules hold for any fingerprint and budget. */
class PlanningProperties {

  /** 1 to 7 cases of random shapes and spacings (spacing of z up to 8x coarser). */
  private static Fingerprint randomFingerprint(long seed, int cases) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Shape> shapes = new ArrayList<>();
    List<Vec3> spacings = new ArrayList<>();
    double zFactor = 1 + 7 * r.nextDouble();
    for (int c = 0; c < cases; c++) {
      double inPlane = 0.4 + 1.6 * r.nextDouble();
      spacings.add(new Vec3(inPlane, inPlane * (0.9 + 0.2 * r.nextDouble()), inPlane * zFactor));
      shapes.add(Shape.of(r.nextInt(4, 400), r.nextInt(4, 400), r.nextInt(4, 300)));
    }
    return PlanTest.fingerprint(shapes, spacings);
  }

  @Property(tries = 400)
  void patchDepthAndBatchFollowTheRules(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 7) int cases,
      @ForAll @LongRange(min = 128, max = 20_000_000) long voxels,
      @ForAll @IntRange(min = 0, max = 6) int maxDepth) {
    Fingerprint fp = randomFingerprint(seed, cases);
    Budget budget = new Budget(voxels, maxDepth);
    Vec3 median = Planning.medianShapeAt(fp, Planning.targetSpacing(fp).spacing());
    Assume.that(median.min() >= 4);
    Plan p = Plan.from(fp, budget);
    Shape patch = p.patchSize();
    int d = p.depth();
    assertTrue(patch.voxels() * p.batchSize() <= voxels, "patch x batch fits the budget");
    assertTrue(p.batchSize() >= 2);
    assertTrue(d <= maxDepth);
    boolean deeperFits = d < maxDepth;
    for (int a = 0; a < 3; a++) {
      assertEquals(0, patch.get(a) % (1 << d), "multiple of 2^depth");
      assertTrue(patch.get(a) >> d >= 4, "bottleneck keeps 4 voxels");
      assertTrue(patch.get(a) <= Math.floor(p.medianShape().get(a)), "within the median shape");
      deeperFits &= patch.get(a) >> (d + 1) >= 4;
    }
    assertTrue(!deeperFits, "the depth is the largest the patch allows");
    assertEquals(p, Plan.from(fp, budget), "deterministic");
  }

  @Property(tries = 200)
  void theMedianShapeIsKeptWhenTheBudgetAllowsIt(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int cases) {
    Fingerprint fp = randomFingerprint(seed, cases);
    Vec3 median = Planning.medianShapeAt(fp, Planning.targetSpacing(fp).spacing());
    Assume.that(median.min() >= 4);
    Plan p = Plan.from(fp, Budget.cpu(Integer.MAX_VALUE));
    int step = 1 << p.depth();
    for (int a = 0; a < 3; a++) {
      assertEquals((int) Math.floor(median.get(a)) / step * step, p.patchSize().get(a));
    }
  }

  @Property(tries = 300)
  @StatisticsReport(onFailureOnly = true)
  void targetSpacingIsTheMedianOrTheRuleForOneCoarseAxis(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int cases) {
    Fingerprint fp = randomFingerprint(seed, cases);
    Planning.Target t = Planning.targetSpacing(fp);
    Vec3 m = fp.medianSpacing();
    Statistics.collect(t.lowResolutionAxis() >= 0 ? "anisotropic" : "median");
    Statistics.coverage(c -> c.check("anisotropic").count(n -> n >= 10));
    if (t.lowResolutionAxis() < 0) {
      assertEquals(m, t.spacing());
      return;
    }
    int w = t.lowResolutionAxis();
    double others = 0;
    for (int a = 0; a < 3; a++) {
      if (a != w) {
        assertEquals(m.get(a), t.spacing().get(a), 0);
        others = Math.max(others, m.get(a));
        assertTrue(fp.medianShape().get(w) * 3 < fp.medianShape().get(a));
      }
    }
    assertTrue(m.get(w) > 3 * others);
    assertTrue(t.spacing().get(w) >= others, "never finer than the other axes");
    assertTrue(t.spacing().get(w) <= m.get(w), "the 10th percentile is at most the median");
  }
}
