package org.liverseg.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

class CrossEntropyTest {

  private static final Shape SHAPE = Shape.of(2, 1, 1);

  /** Two voxels, three classes: probabilities channel by channel. */
  private static ScalarImage probabilities(float... p) {
    return ScalarImage.of(new ImageGeometry(SHAPE, 3, Affine.identity()), p);
  }

  @Test
  void isTheWeightedMeanOfMinusLogTheTrueClassProbability() {
    ScalarImage p = probabilities(0.5f, 0.1f, 0.25f, 0.2f, 0.25f, 0.7f);
    LabelMap truth = LabelMap.of(SHAPE, Affine.identity(), new byte[] {1, 2});
    double expected = (-1 * Math.log(0.25f) - 3 * Math.log(0.7f)) / 2;
    assertEquals(expected, CrossEntropy.weightedPerVoxel(p, truth, new double[] {1, 1, 3}), 1e-12);
  }

  @Test
  void aZeroProbabilityCostsAFiniteAmount() {
    ScalarImage p = probabilities(1, 1, 0, 0, 0, 0);
    LabelMap truth = LabelMap.of(SHAPE, Affine.identity(), new byte[] {1, 0});
    double loss = CrossEntropy.weightedPerVoxel(p, truth, new double[] {1, 1, 1});
    assertEquals(-Math.log(CrossEntropy.MIN_PROBABILITY) / 2, loss, 1e-9);
  }

  @Test
  void mismatchesSayWhatIsWrong() {
    ScalarImage p = probabilities(1, 1, 0, 0, 0, 0);
    LabelMap wrongShape = LabelMap.of(Shape.of(1, 1, 1), Affine.identity(), new byte[] {0});
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CrossEntropy.weightedPerVoxel(p, wrongShape, new double[] {1, 1, 1}));
    assertTrue(e.getMessage().contains("differ in shape"), e.getMessage());
    LabelMap truth = LabelMap.of(SHAPE, Affine.identity(), new byte[] {0, 3});
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CrossEntropy.weightedPerVoxel(p, truth, new double[] {1, 1}));
    assertTrue(
        e.getMessage().contains("2 class weights for 3 probability channels"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CrossEntropy.weightedPerVoxel(p, truth, new double[] {1, 1, 1}));
    assertTrue(e.getMessage().contains("voxel 1 has label 3"), e.getMessage());
  }
}
