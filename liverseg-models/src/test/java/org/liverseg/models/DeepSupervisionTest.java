package org.liverseg.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

class DeepSupervisionTest {

  /** nnU-Net's nearest-exact rule: target voxel i is voxel f*i + f/2, and one-hot stays one-hot. */
  @Property(tries = 30)
  void downsamplingPicksVoxelFTimesIPlusHalfF(
      @ForAll @IntRange(min = 0, max = 2) int log2f,
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll @IntRange(min = 1, max = 3) int h,
      @ForAll @IntRange(min = 1, max = 3) int w,
      @ForAll @IntRange(min = 2, max = 4) int classes,
      @ForAll long seed) {
    int f = 1 << log2f;
    INDArray y = oneHot(new Random(seed), 2, classes, f * d, f * h, f * w);
    INDArray t = DeepSupervision.downsample(y, f);
    assertArrayEquals(new long[] {2, classes, d, h, w}, t.shape());
    for (int n = 0; n < 2; n++) {
      for (int z = 0; z < d; z++) {
        for (int yy = 0; yy < h; yy++) {
          for (int x = 0; x < w; x++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
              double v = t.getDouble(n, c, z, yy, x);
              assertEquals(y.getDouble(n, c, f * z + f / 2, f * yy + f / 2, f * x + f / 2), v);
              sum += v;
            }
            assertEquals(1, sum);
          }
        }
      }
    }
  }

  @Test
  void weightsAreOneHalfQuarterNormalisedAndTargetsFollowTheOutputs() {
    List<Architecture.Output> o = DeepSupervision.outputs(3);
    assertEquals(
        List.of("output", "output_ds1", "output_ds2"),
        o.stream().map(Architecture.Output::name).toList());
    assertEquals(4.0 / 7, o.get(0).lossWeight(), 1e-15);
    assertEquals(2.0 / 7, o.get(1).lossWeight(), 1e-15);
    assertEquals(1.0 / 7, o.get(2).lossWeight(), 1e-15);
    assertEquals(4, o.get(2).downsampling());
    Architecture a = UNet3D.builder().filters(2, 2, 2, 2, 2).deepSupervision(true).build();
    assertEquals(3, a.outputs().size());
    assertArrayEquals(new int[] {1, 2, 4}, DeepSupervision.of(a).factors());
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DeepSupervision.of(a).targets(Nd4j.zeros(DataType.FLOAT, 1, 3, 8, 8, 6)));
    assertTrue(e.getMessage().contains("multiples of the downsampling factor 4"), e.getMessage());
    var e2 =
        assertThrows(
            IllegalArgumentException.class, () -> UNet3D.builder().deepSupervision(true).build());
    assertTrue(e2.getMessage().contains("at least 4 levels"), e2.getMessage());
  }

  /**
   * DL4J's score of a network with deep supervision is nnU-Net's loss, sum_k weight_k * mean_k(CE),
   * times the full-resolution voxels per sample: the loss scales make up for the coarser outputs'
   * fewer voxels.
   */
  @Test
  void theScoreIsTheWeightedSumOfPerVoxelMeans() {
    Architecture a =
        UNet3D.builder()
            .filters(2, 2, 2, 2)
            .deepSupervision(true)
            .classWeights(1, 2, 3)
            .dataType(DataType.DOUBLE)
            .updater(new NoOp())
            .build();
    ComputationGraph net = a.newNetwork();
    Nd4j.getRandom().setSeed(2);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 1, 8, 8, 8);
    INDArray[] y = DeepSupervision.of(a).targets(oneHot(new Random(3), 2, 3, 8, 8, 8));
    INDArray[] p = net.output(false, x);
    double expected = 0;
    for (int k = 0; k < p.length; k++) {
      INDArray weighted = y[k].mul(Nd4j.create(new double[] {1, 2, 3}).reshape(1, 3, 1, 1, 1));
      double meanCe =
          -weighted
                  .mul(org.nd4j.linalg.ops.transforms.Transforms.log(p[k]))
                  .sumNumber()
                  .doubleValue()
              / (y[k].length() / 3);
      expected += a.outputs().get(k).lossWeight() * meanCe;
    }
    double perVoxel = net.score(new MultiDataSet(new INDArray[] {x}, y), false) / (8 * 8 * 8);
    // the loss layers keep their (scaled) class weights in float: agreement to about 1e-7
    assertEquals(expected, perVoxel, 1e-6 * expected);
  }

  static INDArray oneHot(Random r, int b, int classes, int d, int h, int w) {
    INDArray y = Nd4j.zeros(DataType.DOUBLE, b, classes, d, h, w);
    for (int n = 0; n < b; n++) {
      for (int z = 0; z < d; z++) {
        for (int yy = 0; yy < h; yy++) {
          for (int x = 0; x < w; x++) {
            y.putScalar(new long[] {n, r.nextInt(classes), z, yy, x}, 1.0);
          }
        }
      }
    }
    return y;
  }
}
