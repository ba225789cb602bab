package org.liverseg.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ChannelConcatVertexTest {

  /**
   * A skip connection: the concat's gradient must reach both branches, including the shared first
   * conv.
   */
  private static ComputationGraph skipGraph() {
    var g =
        TestGraphs.doubleGraph(5)
            .addLayer("a", TestGraphs.conv(1, 2, 3, Activation.TANH), "in")
            .addLayer("b", TestGraphs.conv(2, 3, 3, Activation.TANH), "a")
            .addVertex("cat", new ChannelConcatVertex(), "b", "a")
            .addLayer("head", TestGraphs.conv(5, 3, 1, Activation.IDENTITY), "cat")
            .addLayer("out", TestGraphs.loss(), "head");
    return TestGraphs.init(g, "out", 1, 2, 3, 4);
  }

  @Test
  void gradientCheckThroughASkipConnection() {
    ComputationGraph net = skipGraph();
    INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 1, 2, 3, 4);
    INDArray labels = TestGraphs.oneHot(new Random(2), DataType.DOUBLE, 2, 3, 2, 3, 4);
    assertTrue(TestGraphs.gradientsOk(net, in, labels));
  }

  @Test
  void forwardConcatenatesChannelsInInputOrder() {
    ComputationGraph net = skipGraph();
    INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 1, 2, 3, 4);
    Map<String, INDArray> acts = net.feedForward(in, false);
    INDArray expected = Nd4j.concat(1, acts.get("b"), acts.get("a"));
    assertArrayEquals(new long[] {2, 5, 2, 3, 4}, acts.get("cat").shape());
    assertEquals(expected, acts.get("cat"));
  }

  @Test
  void outputTypeSumsChannelsAndRejectsMismatchedSizes() {
    ChannelConcatVertex v = new ChannelConcatVertex();
    InputType a = InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 4, 5, 6, 2);
    InputType b = InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 4, 5, 6, 3);
    InputType.InputTypeConvolutional3D out =
        (InputType.InputTypeConvolutional3D) v.getOutputType(0, a, b);
    assertEquals(5, out.getChannels());
    assertEquals(Convolution3D.DataFormat.NCDHW, out.getDataFormat());
    InputType c = InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 4, 5, 7, 3);
    var e = assertThrows(InvalidInputTypeException.class, () -> v.getOutputType(0, a, c));
    assertTrue(e.getMessage().contains("D x H x W"), e.getMessage());
  }
}
