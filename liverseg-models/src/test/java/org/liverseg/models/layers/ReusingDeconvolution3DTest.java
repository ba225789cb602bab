package org.liverseg.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReusingDeconvolution3DTest {

  /** conv -> transposed conv (k = s = 2) -> conv -> loss, with DL4J's layer or ours. */
  private static ComputationGraph net(boolean reuse, Activation upActivation) {
    Deconvolution3D.Builder up =
        new Deconvolution3D.Builder()
            .kernelSize(2, 2, 2)
            .stride(2, 2, 2)
            .padding(0, 0, 0)
            .nIn(3)
            .nOut(2)
            .dataFormat(Convolution3D.DataFormat.NCDHW)
            .convolutionMode(ConvolutionMode.Truncate)
            .activation(upActivation);
    var g =
        TestGraphs.doubleGraph(12)
            .addLayer("c1", TestGraphs.conv(2, 3, 3, Activation.TANH), "in")
            .addLayer("up", reuse ? new ReusingDeconvolution3D(up) : up.build(), "c1")
            .addLayer("c3", TestGraphs.conv(2, 3, 1, Activation.IDENTITY), "up")
            .addLayer("out", TestGraphs.loss(), "c3");
    return TestGraphs.init(g, "out", 2, 2, 3, 4);
  }

  /**
   * Identical gradients to DL4J's layer (which {@code Dl4jRank5OpsTest} gradient-checks), over two
   * steps with different inputs, for activations that reuse the output (identity, ReLU) and one
   * that falls back to DL4J's recomputation (tanh).
   */
  @Test
  void gradientsEqualDl4jsDeconvolution3D() {
    for (Activation a : new Activation[] {Activation.IDENTITY, Activation.RELU, Activation.TANH}) {
      INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 2, 2, 3, 4).subi(0.5);
      INDArray labels = TestGraphs.oneHot(new Random(3), DataType.DOUBLE, 2, 3, 4, 6, 8);
      ComputationGraph plain = net(false, a);
      ComputationGraph reusing = net(true, a);
      assertEquals(plain.params(), reusing.params());
      for (int step = 0; step < 2; step++) {
        // two steps: the second must not answer from the first step's output
        for (ComputationGraph n : new ComputationGraph[] {plain, reusing}) {
          n.setInputs(in.add(step));
          n.setLabels(labels);
          n.computeGradientAndScore();
        }
        assertEquals(plain.score(), reusing.score(), 1e-12, a + " step " + step);
        INDArray ga = plain.gradient().gradient();
        INDArray gb = reusing.gradient().gradient();
        assertTrue(ga.norm2Number().doubleValue() > 0);
        assertEquals(0, ga.sub(gb).amaxNumber().doubleValue(), 1e-12, a + " step " + step);
      }
    }
  }

  @Test
  void configurationSurvivesJson() {
    ComputationGraphConfiguration c = net(true, Activation.IDENTITY).getConfiguration();
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(c.toJson());
    assertEquals(c, back);
    assertTrue(
        ((LayerVertex) back.getVertices().get("up")).getLayerConf().getLayer()
            instanceof ReusingDeconvolution3D);
  }
}
