package org.liverseg.models.layers;

import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Helpers shared by the layer tests: tiny double-precision graphs, one-hot labels, gradient checks.
 */
final class TestGraphs {

  private TestGraphs() {}

  static ComputationGraphConfiguration.GraphBuilder doubleGraph(long seed) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.DOUBLE)
        .updater(new NoOp())
        .weightInit(WeightInit.XAVIER)
        .graphBuilder()
        .addInputs("in");
  }

  static Convolution3D conv(int nIn, int nOut, int k, Activation a) {
    return new Convolution3D.Builder(k, k, k)
        .nIn(nIn)
        .nOut(nOut)
        .padding(k / 2, k / 2, k / 2)
        .convolutionMode(ConvolutionMode.Truncate)
        .dataFormat(Convolution3D.DataFormat.NCDHW)
        .activation(a)
        .build();
  }

  static Cnn3DLossLayer loss() {
    return new Cnn3DLossLayer.Builder(Convolution3D.DataFormat.NCDHW)
        .lossFunction(new LossMCXENT(Nd4j.create(new double[] {1, 1, 3})))
        .activation(Activation.SOFTMAX)
        .build();
  }

  static ComputationGraph init(
      ComputationGraphConfiguration.GraphBuilder g, String out, int c, int d, int h, int w) {
    ComputationGraph net =
        new ComputationGraph(
            g.setOutputs(out)
                .setInputTypes(
                    InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, d, h, w, c))
                .build());
    net.init();
    return net;
  }

  static INDArray oneHot(Random r, DataType type, long b, int classes, long d, long h, long w) {
    INDArray y = Nd4j.zeros(type, b, classes, d, h, w);
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

  /** DL4J's gradient check (it insists on DOUBLE as the global default type while it runs). */
  static boolean gradientsOk(
      ComputationGraph net, INDArray in, INDArray labels, String... excluded) {
    DataType before = Nd4j.dataType();
    DataType beforeFloat = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      return GradientCheckUtil.checkGradients(
          new GradientCheckUtil.GraphConfig()
              .net(net)
              .inputs(new INDArray[] {in})
              .labels(new INDArray[] {labels})
              .epsilon(1e-6)
              .maxRelError(1e-5)
              .minAbsoluteError(1e-8)
              .excludeParams(new java.util.HashSet<>(java.util.Arrays.asList(excluded))));
    } finally {
      Nd4j.setDefaultDataTypes(before, beforeFloat);
    }
  }
}
