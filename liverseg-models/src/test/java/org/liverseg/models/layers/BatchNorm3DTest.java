package org.liverseg.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class BatchNorm3DTest {

  @Test
  void trainingForwardNormalisesPerChannelOverBatchAndSpace() {
    var g =
        TestGraphs.doubleGraph(1)
            .addLayer("bn", BatchNorm3D.of("bn", new ActivationIdentity()), "in");
    ComputationGraph net = TestGraphs.init(g, "bn", 3, 2, 3, 4);
    INDArray x =
        Nd4j.rand(DataType.DOUBLE, 2, 3, 2, 3, 4)
            .muli(5)
            .addi(Nd4j.create(new double[] {1, -2, 7}).reshape(1, 3, 1, 1, 1));
    INDArray y = net.feedForward(new INDArray[] {x}, true, false).get("bn");

    INDArray mean = x.mean(0, 2, 3, 4).reshape(1, 3, 1, 1, 1);
    INDArray var = x.var(false, 0, 2, 3, 4).reshape(1, 3, 1, 1, 1);
    INDArray expected = x.sub(mean).div(Transforms.sqrt(var.add(1e-5)));
    assertEquals(0, expected.sub(y).norm2Number().doubleValue(), 1e-9);
  }

  /** DL4J's own batch-norm layer ignores its activation; ours applies it, forward and backward. */
  @Test
  void theActivationIsAppliedInTrainingAndInference() {
    var g =
        TestGraphs.doubleGraph(1)
            .addLayer(
                "bn",
                BatchNorm3D.of("bn", new org.nd4j.linalg.activations.impl.ActivationReLU()),
                "in");
    ComputationGraph net = TestGraphs.init(g, "bn", 2, 2, 2, 2);
    INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 2, 2, 2, 2);
    for (boolean training : new boolean[] {true, false}) {
      INDArray y = net.feedForward(new INDArray[] {x}, training, false).get("bn");
      assertEquals(0, y.minNumber().doubleValue(), 0, "training " + training);
      assertTrue(y.maxNumber().doubleValue() > 0);
    }
  }

  @Test
  void gradientCheckWithinAConvolutionStack() {
    var g =
        TestGraphs.doubleGraph(9)
            .addLayer("c1", TestGraphs.conv(1, 2, 3, Activation.IDENTITY), "in")
            .addLayer("bn", BatchNorm3D.of("bn", new ActivationTanH()), "c1")
            .addLayer("c2", TestGraphs.conv(2, 3, 1, Activation.IDENTITY), "bn")
            .addLayer("out", TestGraphs.loss(), "c2");
    ComputationGraph net = TestGraphs.init(g, "out", 1, 2, 2, 3);
    INDArray in = Nd4j.rand(DataType.DOUBLE, 3, 1, 2, 2, 3);
    INDArray labels = TestGraphs.oneHot(new Random(4), DataType.DOUBLE, 3, 3, 2, 2, 3);
    // Running mean and log-std are state updated in backprop, not parameters with a loss gradient.
    assertTrue(TestGraphs.gradientsOk(net, in, labels, "bn_mean", "bn_log10stdev"));
  }

  @Test
  void inferenceUsesTheRunningStatisticsAfterTraining() {
    var g =
        TestGraphs.doubleGraph(1)
            .addLayer("bn", BatchNorm3D.of("bn", new ActivationIdentity()), "in")
            .addLayer("c", TestGraphs.conv(2, 3, 1, Activation.IDENTITY), "bn")
            .addLayer("out", TestGraphs.loss(), "c");
    ComputationGraph net = TestGraphs.init(g, "out", 2, 2, 2, 2);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 2, 2, 2, 2).addi(3);
    INDArray labels = TestGraphs.oneHot(new Random(5), DataType.DOUBLE, 4, 3, 2, 2, 2);
    INDArray before = net.getLayer("bn").getParam("mean").dup();
    net.fit(new INDArray[] {x}, new INDArray[] {labels});
    INDArray after = net.getLayer("bn").getParam("mean");
    // decay 0.9: running mean moves 10 % of the way from 0 towards the batch mean (about 3.5)
    INDArray batchMean = x.mean(0, 2, 3, 4).reshape(after.shape());
    assertEquals(
        0, after.sub(before.mul(0.9).add(batchMean.mul(0.1))).norm2Number().doubleValue(), 1e-9);
  }
}
