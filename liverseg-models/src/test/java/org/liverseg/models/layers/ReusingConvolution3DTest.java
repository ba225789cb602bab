package org.liverseg.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReusingConvolution3DTest {

  private static ComputationGraph net(boolean reuse) {
    java.util.function.BiFunction<Integer, Integer, org.deeplearning4j.nn.conf.layers.Layer> conv =
        (i, o) -> {
          Convolution3D.Builder b =
              new Convolution3D.Builder(3, 3, 3)
                  .nIn(i)
                  .nOut(o)
                  .padding(1, 1, 1)
                  .convolutionMode(ConvolutionMode.Truncate)
                  .dataFormat(Convolution3D.DataFormat.NCDHW)
                  .activation(Activation.RELU);
          return reuse ? new ReusingConvolution3D(b) : b.build();
        };
    var g =
        TestGraphs.doubleGraph(11)
            .addLayer("c1", conv.apply(1, 3), "in")
            .addLayer("c2", conv.apply(3, 3), "c1")
            .addLayer("out", TestGraphs.loss(), "c2");
    return TestGraphs.init(g, "out", 1, 4, 4, 4);
  }

  @Test
  void gradientsEqualDl4jsConvolution3D() {
    INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 1, 4, 4, 4).subi(0.3);
    INDArray labels = TestGraphs.oneHot(new Random(3), DataType.DOUBLE, 2, 3, 4, 4, 4);
    ComputationGraph plain = net(false);
    ComputationGraph reusing = net(true);
    assertEquals(plain.params(), reusing.params());
    plain.setInputs(in);
    plain.setLabels(labels);
    plain.computeGradientAndScore();
    reusing.setInputs(in);
    reusing.setLabels(labels);
    reusing.computeGradientAndScore();
    assertEquals(plain.score(), reusing.score(), 1e-12);
    INDArray a = plain.gradient().gradient();
    INDArray b = reusing.gradient().gradient();
    assertTrue(a.norm2Number().doubleValue() > 0);
    assertEquals(0, a.sub(b).norm2Number().doubleValue(), 1e-12);
  }

  @Test
  void gradientCheck() {
    ComputationGraph net = net(true);
    INDArray in = Nd4j.rand(DataType.DOUBLE, 1, 1, 4, 4, 4).subi(0.3);
    INDArray labels = TestGraphs.oneHot(new Random(8), DataType.DOUBLE, 1, 3, 4, 4, 4);
    assertTrue(TestGraphs.gradientsOk(net, in, labels));
  }

  @Test
  void onlyActivationsWhoseDerivativeFollowsFromTheOutputAreReused() {
    assertTrue(ReusingConvolution3DLayer.isDerivativeFromOutput(new ActivationReLU()));
    assertTrue(
        ReusingConvolution3DLayer.isDerivativeFromOutput(
            Activation.IDENTITY.getActivationFunction()));
    assertFalse(ReusingConvolution3DLayer.isDerivativeFromOutput(new ActivationSigmoid()));
    assertFalse(
        ReusingConvolution3DLayer.isDerivativeFromOutput(new ActivationReLU(6.0, 0.0, 0.0)));
  }
}
