package org.liverseg.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The DL4J 1.0.0-M2.1 building blocks the zoo uses as they are on rank-5 NCDHW activations (unlike
 * {@code MergeVertex}, see {@link ChannelConcatVertex}): element-wise addition (residual blocks),
 * broadcast product of C channels with a one-channel map (attention gates), transposed convolution
 * with kernel = stride = 2 (nnU-Net's upsampling), strided convolution and average pooling
 * (downsampling and residual shortcuts). If a DL4J upgrade breaks one, these fail first.
 */
class Dl4jRank5OpsTest {

  private static final Random R = new Random(4);

  @Test
  void elementWiseAddBackpropagatesOnRank5() {
    var g =
        TestGraphs.doubleGraph(1)
            .addLayer("c1", TestGraphs.conv(2, 3, 3, Activation.TANH), "in")
            .addLayer("c2", TestGraphs.conv(2, 3, 1, Activation.TANH), "in")
            .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c1", "c2")
            .addLayer("c3", TestGraphs.conv(3, 3, 1, Activation.IDENTITY), "add")
            .addLayer("out", TestGraphs.loss(), "c3");
    ComputationGraph net = TestGraphs.init(g, "out", 2, 2, 3, 4);
    INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 2, 2, 3, 4);
    assertTrue(
        TestGraphs.gradientsOk(net, in, TestGraphs.oneHot(R, DataType.DOUBLE, 2, 3, 2, 3, 4)));
  }

  @Test
  void productWithAOneChannelMapBroadcastsAndBackpropagates() {
    var g =
        TestGraphs.doubleGraph(1)
            .addLayer("c1", TestGraphs.conv(2, 3, 3, Activation.TANH), "in")
            .addLayer("c2", TestGraphs.conv(2, 1, 1, Activation.SIGMOID), "in")
            .addVertex("mul", new ElementWiseVertex(ElementWiseVertex.Op.Product), "c1", "c2")
            .addLayer("c3", TestGraphs.conv(3, 3, 1, Activation.IDENTITY), "mul")
            .addLayer("out", TestGraphs.loss(), "c3");
    ComputationGraph net = TestGraphs.init(g, "out", 2, 2, 3, 4);
    INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 2, 2, 3, 4);
    var acts = net.feedForward(in, false);
    INDArray expected = acts.get("c1").mul(acts.get("c2").broadcast(2, 3, 2, 3, 4));
    assertEquals(0, expected.sub(acts.get("mul")).amaxNumber().doubleValue(), 1e-15);
    assertTrue(
        TestGraphs.gradientsOk(net, in, TestGraphs.oneHot(R, DataType.DOUBLE, 2, 3, 2, 3, 4)));
  }

  @Test
  void transposedConvolutionKernel2Stride2HasTheWeightLayoutKdKhKwOutIn() {
    var g =
        TestGraphs.doubleGraph(1)
            .addLayer("c1", TestGraphs.conv(2, 3, 3, Activation.TANH), "in")
            .addLayer(
                "up",
                new Deconvolution3D.Builder()
                    .kernelSize(2, 2, 2)
                    .stride(2, 2, 2)
                    .padding(0, 0, 0)
                    .nIn(3)
                    .nOut(2)
                    .dataFormat(Convolution3D.DataFormat.NCDHW)
                    .convolutionMode(ConvolutionMode.Truncate)
                    .activation(Activation.IDENTITY)
                    .build(),
                "c1")
            .addLayer("c3", TestGraphs.conv(2, 3, 1, Activation.IDENTITY), "up")
            .addLayer("out", TestGraphs.loss(), "c3");
    ComputationGraph net = TestGraphs.init(g, "out", 2, 2, 3, 4);
    INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 2, 2, 3, 4);
    INDArray w = net.getLayer("up").getParam("W");
    assertArrayEquals(new long[] {2, 2, 2, 2, 3}, w.shape());
    var acts = net.feedForward(in, false);
    INDArray x = acts.get("c1");
    INDArray y = acts.get("up");
    assertArrayEquals(new long[] {2, 2, 4, 6, 8}, y.shape());
    INDArray bias = net.getLayer("up").getParam("b");
    double maxDiff = 0;
    // y[n, o, 2z+a, 2y+b, 2x+c] = bias[o] + sum_i x[n, i, z, y, x] * W[a, b, c, o, i]
    for (int o = 0; o < 2; o++) {
      for (int z = 0; z < 2; z++) {
        for (int yy = 0; yy < 3; yy++) {
          for (int xx = 0; xx < 4; xx++) {
            for (int k = 0; k < 8; k++) {
              int a = k >> 2;
              int b = (k >> 1) & 1;
              int c = k & 1;
              double s = bias.getDouble(o);
              for (int i = 0; i < 3; i++) {
                s += x.getDouble(1, i, z, yy, xx) * w.getDouble(a, b, c, o, i);
              }
              maxDiff =
                  Math.max(
                      maxDiff, Math.abs(s - y.getDouble(1, o, 2 * z + a, 2 * yy + b, 2 * xx + c)));
            }
          }
        }
      }
    }
    assertEquals(0, maxDiff, 1e-14);
    assertTrue(
        TestGraphs.gradientsOk(net, in, TestGraphs.oneHot(R, DataType.DOUBLE, 2, 3, 4, 6, 8)));
  }

  @Test
  void stridedConvolutionAndAveragePoolingHalveTheGrid() {
    var g =
        TestGraphs.doubleGraph(1)
            .addLayer(
                "c1",
                new Convolution3D.Builder(3, 3, 3)
                    .nIn(2)
                    .nOut(3)
                    .stride(2, 2, 2)
                    .padding(1, 1, 1)
                    .convolutionMode(ConvolutionMode.Truncate)
                    .dataFormat(Convolution3D.DataFormat.NCDHW)
                    .activation(Activation.TANH)
                    .build(),
                "in")
            .addLayer(
                "p",
                new Subsampling3DLayer.Builder(
                        Subsampling3DLayer.PoolingType.AVG,
                        new int[] {2, 2, 2},
                        new int[] {2, 2, 2})
                    .dataFormat(Convolution3D.DataFormat.NCDHW)
                    .build(),
                "in")
            .addLayer("c2", TestGraphs.conv(2, 3, 1, Activation.TANH), "p")
            .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c1", "c2")
            .addLayer("c3", TestGraphs.conv(3, 3, 1, Activation.IDENTITY), "add")
            .addLayer("out", TestGraphs.loss(), "c3");
    ComputationGraph net = TestGraphs.init(g, "out", 2, 4, 4, 6);
    INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 4, 6);
    var acts = net.feedForward(in, false);
    assertArrayEquals(new long[] {2, 3, 2, 2, 3}, acts.get("c1").shape());
    double block =
        in.get(
                NDArrayIndex.point(0),
                NDArrayIndex.point(1),
                NDArrayIndex.interval(2, 4),
                NDArrayIndex.interval(0, 2),
                NDArrayIndex.interval(4, 6))
            .meanNumber()
            .doubleValue();
    assertEquals(block, acts.get("p").getDouble(0, 1, 1, 0, 2), 1e-15);
    assertTrue(
        TestGraphs.gradientsOk(net, in, TestGraphs.oneHot(R, DataType.DOUBLE, 2, 3, 2, 2, 3)));
  }
}
