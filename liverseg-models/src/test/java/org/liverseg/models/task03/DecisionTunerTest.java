package org.liverseg.models.task03;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.models.UNet3D;
import org.liverseg.models.prediction.LabelDecision;
import org.liverseg.models.prediction.SegmentationPredictor;

class DecisionTunerTest {

  private static final Shape SHAPE = Shape.of(6, 6, 4);

  private static SegmentationPredictor predictor() {
    return SegmentationPredictor.builder()
        .network(UNet3D.builder().filters(2).build().newNetwork())
        .patchSize(Shape.of(4, 4, 4))
        .overlap(0)
        .build();
  }

  /**
   * A case that is liver everywhere, with tumour probabilities {@code tumour} at the voxels {@code
   * at}.
   */
  private static DecisionTuner.Case liverCase(
      String id, float[] tumour, int[] at, boolean truthHasTumour) {
    int n = SHAPE.voxelsAsInt();
    float[] p = new float[3 * n];
    byte[] truth = new byte[n];
    java.util.Arrays.fill(truth, (byte) 1);
    for (int i = 0; i < n; i++) {
      p[i] = 0.1f;
      p[n + i] = 0.8f;
      p[2 * n + i] = 0.1f;
    }
    for (int k : at) {
      p[n + k] = 0.9f - tumour[0];
      p[2 * n + k] = tumour[0];
      if (truthHasTumour) {
        truth[k] = 2;
      }
    }
    ImageGeometry g = new ImageGeometry(SHAPE, 1, Affine.identity());
    return new DecisionTuner.Case(
        id,
        ScalarImage.of(new ImageGeometry(SHAPE, 3, Affine.identity()), p),
        LabelMap.of(g, truth));
  }

  @Test
  void theMildestCandidateWithTheBestMeanTumourDiceWins() {
    int[] block = new int[18]; // 3x3x2 tumour block
    int k = 0;
    for (int z = 0; z < 2; z++) {
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 3; x++) {
          block[k++] = x + 6 * (y + 6 * z);
        }
      }
    }
    DecisionTuner.Case withTumour = liverCase("a", new float[] {0.8f}, block, true);
    DecisionTuner.Case speck = liverCase("b", new float[] {0.55f}, new int[] {100}, false);
    SegmentationPredictor predictor = predictor();
    DecisionTuner.Result r =
        DecisionTuner.tune(predictor, List.of(withTumour, speck), DecisionTuner.defaultGrid());
    // (0.5, 0) keeps the speck (tumour Dice 1 and 0); (0.5, 10) removes it and keeps the 18-voxel
    // block.
    assertEquals(new LiverTumourDecision(0.5, 10), r.best().decision());
    assertEquals(1.0, r.best().meanTumourDice(), 1e-12);
    assertEquals(0.5, r.scores().get(0).meanTumourDice(), 1e-12);
    assertEquals(25, r.scores().size());
    // A floor above the block's size costs the true tumour.
    assertTrue(r.scores().get(4).meanTumourDice() < 1, r.scores().get(4).toString());
  }

  @Test
  void withDecisionSharesTheNetworkAndChangesOnlyTheDecision() {
    SegmentationPredictor p = predictor();
    LiverTumourDecision d = new LiverTumourDecision(0.7, 5);
    SegmentationPredictor q = p.withDecision(d);
    assertSame(d, q.decision());
    assertSame(LabelDecision.argmax(), p.decision());
  }

  @Test
  void emptyInputsAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> DecisionTuner.tune(predictor(), List.of(), DecisionTuner.defaultGrid()));
  }
}
