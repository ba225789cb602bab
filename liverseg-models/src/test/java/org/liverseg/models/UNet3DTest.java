package org.liverseg.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

class UNet3DTest {

  /**
   * Parameter counts of the anchor's PyTorch network (pytorch_unet_bench.py), printed by
   * python3-torch 1.13.
   */
  @Test
  void parameterCountsEqualThePyTorchNetwork() {
    assertEquals(
        1_604_883,
        UNet3D.benchmark().build().configuration().getVertices().values().stream()
            .mapToLong(v -> v.numParams(true))
            .sum());
    assertEquals(
        6_416_931,
        UNet3D.course().build().configuration().getVertices().values().stream()
            .mapToLong(v -> v.numParams(true))
            .sum());
  }

  @Test
  void defaultNetworkMapsAPatchToClassProbabilities() {
    UNet3D u = UNet3D.builder().build();
    assertEquals(3, u.levels());
    assertArrayEquals(new int[] {8, 16, 32}, u.filters());
    ComputationGraph net = u.newNetwork();
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 8, 12, 16);
    INDArray p = net.outputSingle(x);
    assertArrayEquals(new long[] {2, 3, 8, 12, 16}, p.shape());
    INDArray sums = p.sum(1);
    assertEquals(1.0, sums.minNumber().doubleValue(), 1e-5);
    assertEquals(1.0, sums.maxNumber().doubleValue(), 1e-5);
  }

  @Test
  void gradientCheckOfATinyUNetWithAndWithoutBatchNorm() {
    for (Norm norm : java.util.List.of(Norm.NONE, Norm.BATCH)) {
      UNet3D u =
          UNet3D.builder()
              .filters(2, 3)
              .norm(norm)
              .dataType(DataType.DOUBLE)
              .updater(new NoOp())
              .classWeights(1, 2, 3)
              .seed(3)
              .build();
      ComputationGraph net = u.newNetwork();
      INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 1, 2, 4, 2).subi(0.5);
      INDArray labels = oneHot(new Random(6), 2, 3, 2, 4, 2);
      DataType before = Nd4j.dataType();
      Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
      try {
        HashSet<String> excluded = new HashSet<>();
        net.getVertices();
        for (var v : net.getVertices()) {
          excluded.add(v.getVertexName() + "_mean");
          excluded.add(v.getVertexName() + "_log10stdev");
        }
        boolean ok =
            GradientCheckUtil.checkGradients(
                new GradientCheckUtil.GraphConfig()
                    .net(net)
                    .inputs(new INDArray[] {in})
                    .labels(new INDArray[] {labels})
                    .epsilon(1e-6)
                    .maxRelError(1e-4)
                    .minAbsoluteError(1e-8)
                    .excludeParams(excluded));
        assertTrue(ok, "gradient check with norm " + norm);
      } finally {
        Nd4j.setDefaultDataTypes(before, before);
      }
    }
  }

  @Test
  void trainingStepsLowerTheLossOnAFixedBatch() {
    for (Norm norm : java.util.List.of(Norm.NONE, Norm.BATCH)) {
      ComputationGraph net =
          UNet3D.builder().filters(4, 8).norm(norm).learningRate(1e-2).build().newNetwork();
      Nd4j.getRandom().setSeed(1);
      INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 8, 8, 8);
      INDArray y = oneHot(new Random(1), 2, 3, 8, 8, 8).castTo(DataType.FLOAT);
      // A learnable target: the class follows the intensity.
      INDArray cls = x.mul(2.99).castTo(DataType.INT32);
      y.assign(0);
      for (int c = 0; c < 3; c++) {
        y.get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(c))
            .assign(cls.eq(c).castTo(DataType.FLOAT).reshape(2, 8, 8, 8));
      }
      net.fit(new INDArray[] {x}, new INDArray[] {y});
      double first = net.score();
      for (int i = 0; i < 30; i++) {
        net.fit(new INDArray[] {x}, new INDArray[] {y});
      }
      assertTrue(net.score() < 0.9 * first, norm + ": loss " + first + " -> " + net.score());
    }
  }

  @Test
  void configurationSurvivesJson() {
    ComputationGraphConfiguration c = UNet3D.builder().norm(Norm.BATCH).build().configuration();
    assertEquals(c, ComputationGraphConfiguration.fromJson(c.toJson()));
  }

  @Test
  void invalidSettingsAreRejectedWithTheValue() {
    var e = assertThrows(IllegalArgumentException.class, () -> UNet3D.builder().classes(4).build());
    assertTrue(e.getMessage().contains("[1.0, 1.0, 3.0]"), e.getMessage());
    var e2 = assertThrows(IllegalArgumentException.class, () -> UNet3D.builder().filters(8, 0));
    assertTrue(e2.getMessage().contains("[8, 0]"), e2.getMessage());
    var e3 = assertThrows(IllegalArgumentException.class, () -> UNet3D.builder().learningRate(-1));
    assertTrue(e3.getMessage().contains("-1"), e3.getMessage());
  }

  @Test
  void presetsDescribeTheirNetworks() {
    assertEquals("[32, 64, 128, 256]", Arrays.toString(UNet3D.course().build().filters()));
    assertEquals(8, UNet3D.course().build().sizeDivisor());
    UNet3D u = UNet3D.builder().norm(Norm.BATCH).build();
    assertEquals(u.toString(), u.toBuilder().build().toString());
  }

  static INDArray oneHot(Random r, long b, int classes, long d, long h, long w) {
    INDArray y = Nd4j.zeros(DataType.DOUBLE, b, classes, d, h, w);
    for (long n = 0; n < b; n++) {
      for (long z = 0; z < d; z++) {
        for (long yy = 0; yy < h; yy++) {
          for (long x = 0; x < w; x++) {
            y.putScalar(new long[] {n, r.nextInt(classes), z, yy, x}, 1.0);
          }
        }
      }
    }
    return y;
  }
}
