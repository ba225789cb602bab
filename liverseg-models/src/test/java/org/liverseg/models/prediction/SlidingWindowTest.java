package org.liverseg.models.prediction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.models.task03.LiverTumourDecision;
import org.liverseg.sampling.GridAggregator;

/**
 * The sliding-window options of {@link SegmentationPredictor} that whole-scan prediction uses: tile
 * step, test-time mirroring, padding to the patch; and the settings that name them.
 */
class SlidingWindowTest {

  private static SegmentationPredictor.Builder predictor(Shape patch) {
    return SegmentationPredictor.builder()
        .network(TestNetworks.tiny())
        .patchSize(patch)
        .padding(null)
        .inputImages("ct");
  }

  private static Subject subject(Shape shape, long seed) {
    return Subject.builder("s")
        .image(
            "ct",
            SegmentationModelTest.scan(shape, Affine.diagonal(2, 2, 3), seed)
                .withVoxels(scaled(SegmentationModelTest.scan(shape, Affine.identity(), seed))))
        .build();
  }

  private static float[] scaled(ScalarImage s) {
    float[] v = s.voxels().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] / 500f;
    }
    return v;
  }

  @Test
  void tileStepGivesEvenOverlapsPerAxis() {
    // 56 -> step 28, overlap 28; 20 -> 10, 10; 8 -> 4, 4
    assertArrayEquals(
        new int[] {28, 10, 4}, predictor(Shape.of(56, 20, 8)).tileStep(0.5).build().overlap());
    // 5 x 0.5 = 2.5 -> step 2, overlap 3 is odd: 4 (still below 5)
    assertEquals(4, predictor(Shape.cube(5)).tileStep(0.5).build().overlap()[0]);
    // 4 x 0.25 = 1 -> overlap 3 is odd and 4 would be the whole patch: 2
    assertEquals(2, predictor(Shape.cube(4)).tileStep(0.25).build().overlap()[0]);
    assertArrayEquals(
        new int[] {0, 0, 0}, predictor(Shape.of(8, 8, 8)).tileStep(1).build().overlap());
    assertThrows(IllegalArgumentException.class, () -> predictor(Shape.cube(8)).tileStep(0));
    assertThrows(IllegalArgumentException.class, () -> predictor(Shape.cube(8)).tileStep(1.01));
  }

  @Property(tries = 200)
  void tileStepOverlapsAreEvenAndSmallerThanThePatch(
      @ForAll @IntRange(min = 2, max = 200) int p,
      @ForAll @DoubleRange(min = 0.01, max = 1) double step) {
    int o = predictor(Shape.of(p, p, p)).tileStep(step).build().overlap()[0];
    assertEquals(0, o % 2);
    assertTrue(o >= 0 && o < p);
    int stride = p - o;
    assertTrue(Math.abs(stride - Math.max(1, Math.floor(step * p))) <= 1, "stride " + stride);
  }

  @Property(tries = 100)
  void flippingTwiceRestores(
      @ForAll @IntRange(min = 1, max = 6) int x,
      @ForAll @IntRange(min = 1, max = 6) int y,
      @ForAll @IntRange(min = 1, max = 6) int z,
      @ForAll @IntRange(min = 1, max = 3) int volumes,
      @ForAll boolean fx,
      @ForAll boolean fy,
      @ForAll boolean fz) {
    Shape s = Shape.of(x, y, z);
    float[] v = new float[volumes * s.voxelsAsInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    boolean[] flip = {fx, fy, fz};
    float[] once = Mirrors.flip(v, volumes, s, flip);
    // voxel (i, j, k) of volume 0 comes from the mirrored position
    int i = x - 1;
    assertEquals(
        v[s.index(fx ? x - 1 - i : i, fy ? y - 1 : 0, fz ? z - 1 : 0)], once[s.index(i, 0, 0)]);
    assertArrayEquals(v, Mirrors.flip(once, volumes, s, flip));
  }

  @Test
  void mirroringMakesThePredictionEquivariantUnderTheFlip() {
    // averaging f(x) and F f(F x) per patch makes every patch's output equivariant under the flip
    // F; with a grid and blending weights that are symmetric under F, so is the whole volume
    // 24 along x with patch 16, step 8: starts 0, 8 (symmetric under reversal), as on y; z 8
    Shape shape = Shape.of(24, 24, 8);
    Subject s = subject(shape, 4);
    float[] v = s.scalarImage("ct").voxels();
    boolean[] flipX = {true, false, false};
    Subject flipped =
        Subject.builder("f")
            .image("ct", s.scalarImage("ct").withVoxels(Mirrors.flip(v, 1, shape, flipX)))
            .build();
    // blending weights symmetric under the flip (nnU-Net's Gaussian is centred on voxel P/2, one
    // of the two middle voxels of an even patch, so it is not)
    for (GridAggregator.Mode mode :
        List.of(GridAggregator.Mode.HANN, GridAggregator.Mode.AVERAGE)) {
      SegmentationPredictor p =
          predictor(Shape.of(16, 16, 8)).tileStep(0.5).mode(mode).mirrorAxes(0).build();
      float[] a = p.probabilities(s).probabilities().voxels();
      float[] b = p.probabilities(flipped).probabilities().voxels();
      float[] back = Mirrors.flip(b, 3, shape, flipX);
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], back[i], 2e-6, mode + " value " + i);
      }
      // without mirroring the untrained network is not equivariant
      SegmentationPredictor plain = predictor(Shape.of(16, 16, 8)).tileStep(0.5).mode(mode).build();
      float[] c = plain.probabilities(s).probabilities().voxels();
      float[] d =
          Mirrors.flip(plain.probabilities(flipped).probabilities().voxels(), 3, shape, flipX);
      double max = 0;
      for (int i = 0; i < c.length; i++) {
        max = Math.max(max, Math.abs(c[i] - d[i]));
      }
      assertTrue(max > 1e-4, "an untrained network is not mirror-symmetric: " + max);
    }
  }

  @Test
  void mirroringCountsThePassesAndTheirTime() {
    SegmentationPredictor p = predictor(Shape.of(16, 16, 8)).tileStep(0.5).mirrorAxes(2, 0).build();
    assertArrayEquals(new int[] {0, 2}, p.mirrorAxes());
    SegmentationPredictor.Probabilities r = p.probabilities(subject(Shape.of(24, 24, 8), 1));
    assertEquals(4, r.timing().patches(), "patches are counted once, not per mirror");
    assertThrows(IllegalArgumentException.class, () -> predictor(Shape.cube(8)).mirrorAxes(0, 0));
    assertThrows(IllegalArgumentException.class, () -> predictor(Shape.cube(8)).mirrorAxes(3));
  }

  @Test
  void keptPatchOutputsGiveTheSameProbabilitiesWithoutTheNetwork() {
    Subject s = subject(Shape.of(40, 40, 16), 6);
    SegmentationPredictor half =
        predictor(Shape.of(16, 16, 8)).tileStep(0.5).mode(GridAggregator.Mode.GAUSSIAN).build();
    SegmentationPredictor quarter =
        predictor(Shape.of(16, 16, 8)).tileStep(0.25).mode(GridAggregator.Mode.HANN).build();
    PatchOutputs cache = new PatchOutputs();
    float[] a = half.probabilities(s, cache).probabilities().voxels();
    int first = cache.size();
    assertEquals(first, cache.misses());
    assertEquals(0, cache.hits());
    assertArrayEquals(half.probabilities(s).probabilities().voxels(), a, 0f);
    // the 0.25 grid (stride 4, 4, 2) holds every patch of the 0.5 grid (stride 8, 8, 4)
    SegmentationPredictor.Probabilities q = quarter.probabilities(s, cache);
    assertEquals(first, cache.hits());
    assertEquals(q.timing().patches(), cache.size());
    // the same outputs, summed in another order (kept patches first): equal to float rounding
    assertArrayEquals(
        quarter.probabilities(s).probabilities().voxels(), q.probabilities().voxels(), 1e-6f);
    // everything kept: no network pass at all
    SegmentationPredictor.Probabilities again = half.probabilities(s, cache);
    assertEquals(0, again.timing().networkNanos());
    assertArrayEquals(a, again.probabilities().voxels(), 0f);
    // a cache belongs to one mirroring setting
    SegmentationPredictor mirrored =
        predictor(Shape.of(16, 16, 8)).tileStep(0.5).mirrorAxes(0).build();
    assertThrows(IllegalArgumentException.class, () -> mirrored.probabilities(s, cache));
  }

  @Test
  void aVolumeSmallerThanThePatchIsPaddedAndCroppedBack() {
    Subject small = subject(Shape.of(7, 20, 3), 2);
    SegmentationPredictor.Prediction p =
        predictor(Shape.of(16, 16, 8)).tileStep(0.5).build().predict(small);
    assertEquals(Shape.of(7, 20, 3), p.labels().shape());
    assertEquals(small.affine(), p.labels().affine());
    assertEquals(small.affine(), p.probabilities().affine());
    float[] v = p.probabilities().voxels();
    int n = small.shape().voxelsAsInt();
    for (int i = 0; i < n; i++) {
      assertEquals(1, v[i] + v[n + i] + v[2 * n + i], 1e-5);
    }
  }

  @Test
  void inferenceSettingsRoundTripAndValidate() {
    InferenceSettings s =
        InferenceSettings.defaults()
            .withAggregation(GridAggregator.Mode.HANN)
            .withTileStep(0.33)
            .withMirrorAxes(List.of(1, 0))
            .withBatchSize(3)
            .withKeepLargestComponent(false)
            .withDecision(InferenceSettings.Decision.of(new LiverTumourDecision(0.6, 100)));
    assertEquals(List.of(0, 1), s.mirrorAxes());
    assertEquals(s, InferenceSettings.fromJson(s.toJson()));
    assertEquals(
        "hann, tile step 0.33, mirroring axes [0, 1], 3 patches per pass, liver-tumour (tumour"
            + " threshold 0.6, smallest tumour 100 voxels at the plan spacing)",
        s.describe());
    assertEquals(
        "gaussian, tile step 0.5, no mirroring", InferenceSettings.defaults().describeWindow());
    assertEquals(new LiverTumourDecision(0.6, 100), s.decision().labelDecision());
    assertThrows(IllegalArgumentException.class, () -> s.withMirrorAxes(List.of(0, 0)));
    assertThrows(IllegalArgumentException.class, () -> s.withBatchSize(0));
    assertThrows(
        IllegalArgumentException.class, () -> new InferenceSettings.Decision("argmax", 0.5, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new InferenceSettings.Decision("liver-tumour", 0.4, 0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                InferenceSettings.fromJson(s.toJson().replace("\"version\": 1", "\"version\": 2")));
    assertTrue(e.getMessage().contains("version 2 are not supported"), e.getMessage());
  }

  @Test
  void liverTumourDecisionScalesItsSmallestTumour() {
    LiverTumourDecision d = new LiverTumourDecision(0.7, 100);
    assertEquals(new LiverTumourDecision(0.7, 800), d.forVoxelsOf(8));
    assertEquals(new LiverTumourDecision(0.7, 13), d.forVoxelsOf(0.125));
    assertEquals(LabelDecision.argmax(), LabelDecision.argmax().forVoxelsOf(3));
    assertThrows(IllegalArgumentException.class, () -> d.forVoxelsOf(0));
    assertThrows(IllegalArgumentException.class, () -> d.forVoxelsOf(Double.NaN));
  }
}
