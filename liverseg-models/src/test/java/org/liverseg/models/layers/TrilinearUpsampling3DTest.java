package org.liverseg.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrilinearUpsampling3DTest {

  /**
   * Reference values from Debian's python3-torch 1.13 (float64): x = 3 sin(0.7 n) + 0.05 n reshaped
   * to 1x2x3x4x5, y = nn.Upsample(scale_factor=2, mode='trilinear', align_corners=False)(x), w =
   * cos(0.3 m) in y's shape, grad = d sum(y * w) / dx. The file holds the four flattened arrays.
   */
  private static Map<String, double[]> fixture() throws IOException {
    Map<String, double[]> m = new HashMap<>();
    try (InputStream s =
        TrilinearUpsampling3DTest.class.getResourceAsStream("trilinear_1x2x3x4x5.txt")) {
      String text = new String(s.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split(" ");
        m.put(
            parts[0],
            Arrays.stream(parts, 1, parts.length).mapToDouble(Double::parseDouble).toArray());
      }
    }
    return m;
  }

  private static final long[] SHAPE = {1, 2, 3, 4, 5};
  private static final long[] UP = {1, 2, 6, 8, 10};

  @Test
  void forwardAndBackwardMatchPyTorchInDoublePrecision() throws IOException {
    Map<String, double[]> f = fixture();
    INDArray x = Nd4j.create(f.get("input"), SHAPE, 'c');
    INDArray y = Nd4j.createUninitialized(DataType.DOUBLE, UP, 'c');
    Trilinear.forward(x, y);
    assertArrayEquals(f.get("output"), y.data().asDouble(), 1e-12);

    INDArray g = Nd4j.createUninitialized(DataType.DOUBLE, SHAPE, 'c');
    Trilinear.backward(Nd4j.create(f.get("weight"), UP, 'c'), g);
    assertArrayEquals(f.get("grad"), g.data().asDouble(), 1e-12);
  }

  @Test
  void layerInAFloatGraphMatchesPyTorch() throws IOException {
    Map<String, double[]> f = fixture();
    ComputationGraph net =
        new ComputationGraph(
            new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .graphBuilder()
                .addInputs("in")
                .addLayer("up", TrilinearUpsampling3D.builder().build(), "in")
                .setOutputs("up")
                .setInputTypes(
                    org.deeplearning4j.nn.conf.inputs.InputType.convolutional3D(
                        org.deeplearning4j.nn.conf.layers.Convolution3D.DataFormat.NCDHW,
                        3,
                        4,
                        5,
                        2))
                .build());
    net.init();
    INDArray x = Nd4j.create(f.get("input"), SHAPE, 'c').castTo(DataType.FLOAT);
    INDArray y = net.outputSingle(x);
    assertArrayEquals(UP, y.shape());
    double[] expected = f.get("output");
    double[] actual = y.castTo(DataType.DOUBLE).data().asDouble();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), "element " + i);
    }
  }

  @Test
  void layerGradientMatchesCentralDifferences() {
    Random r = new Random(7);
    long[] shape = {2, 2, 3, 2, 4};
    INDArray x = Nd4j.rand(DataType.DOUBLE, shape).subi(0.5);
    INDArray w = Nd4j.rand(DataType.DOUBLE, 2, 2, 6, 4, 8);
    Layer layer = standaloneLayer();
    LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();

    layer.setInput(x, ws);
    layer.activate(true, ws);
    INDArray analytic = layer.backpropGradient(w, ws).getSecond().dup();

    double h = 1e-5;
    for (int trial = 0; trial < 40; trial++) {
      long i = r.nextInt((int) x.length());
      double old = x.getDouble(i);
      x.putScalar(i, old + h);
      layer.setInput(x, ws);
      double plus = layer.activate(false, ws).mul(w).sumNumber().doubleValue();
      x.putScalar(i, old - h);
      layer.setInput(x, ws);
      double minus = layer.activate(false, ws).mul(w).sumNumber().doubleValue();
      x.putScalar(i, old);
      double numeric = (plus - minus) / (2 * h);
      assertEquals(numeric, analytic.getDouble(i), 1e-8, "element " + i);
    }
  }

  /**
   * The backward pass is the exact transpose of the forward one: {@code <up(x), y> = <x, up^T(y)>}.
   */
  @Property(tries = 40)
  void backwardIsTheAdjointOfForward(
      @ForAll @IntRange(min = 1, max = 2) int b,
      @ForAll @IntRange(min = 1, max = 3) int c,
      @ForAll @IntRange(min = 1, max = 5) int d,
      @ForAll @IntRange(min = 1, max = 5) int h,
      @ForAll @IntRange(min = 1, max = 5) int w) {
    Nd4j.getRandom().setSeed(b * 10000L + c * 1000 + d * 100 + h * 10 + w);
    INDArray x = Nd4j.randn(DataType.DOUBLE, b, c, d, h, w);
    INDArray y = Nd4j.randn(DataType.DOUBLE, b, c, 2L * d, 2L * h, 2L * w);
    INDArray ux = Nd4j.createUninitialized(DataType.DOUBLE, y.shape(), 'c');
    INDArray uty = Nd4j.createUninitialized(DataType.DOUBLE, x.shape(), 'c');
    Trilinear.forward(x, ux);
    Trilinear.backward(y, uty);
    double left = ux.mul(y).sumNumber().doubleValue();
    double right = x.mul(uty).sumNumber().doubleValue();
    assertEquals(left, right, 1e-10 * (1 + Math.abs(left)));
  }

  @Property(tries = 20)
  void constantVolumesStayConstant(
      @ForAll @IntRange(min = 1, max = 6) int d,
      @ForAll @IntRange(min = 1, max = 6) int h,
      @ForAll @IntRange(min = 1, max = 6) int w) {
    INDArray x = Nd4j.valueArrayOf(new long[] {1, 1, d, h, w}, 2.5f, DataType.FLOAT);
    INDArray y =
        Nd4j.createUninitialized(DataType.FLOAT, new long[] {1, 1, 2L * d, 2L * h, 2L * w}, 'c');
    Trilinear.forward(x, y);
    assertEquals(2.5, y.minNumber().doubleValue(), 1e-6);
    assertEquals(2.5, y.maxNumber().doubleValue(), 1e-6);
  }

  @Test
  void nonContiguousInputIsHandled() {
    INDArray big = Nd4j.rand(DataType.FLOAT, 1, 4, 3, 4, 5);
    INDArray view =
        big.get(
            org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3));
    INDArray a = Nd4j.createUninitialized(DataType.FLOAT, new long[] {1, 2, 6, 8, 10}, 'c');
    INDArray b = Nd4j.createUninitialized(DataType.FLOAT, new long[] {1, 2, 6, 8, 10}, 'c');
    Trilinear.forward(view, a);
    Trilinear.forward(view.dup('c'), b);
    assertEquals(a, b);
  }

  @Test
  void gradientCheckThroughATinyGraph() {
    var g =
        TestGraphs.doubleGraph(3)
            .addLayer("c1", TestGraphs.conv(1, 2, 3, Activation.TANH), "in")
            .addLayer("up", TrilinearUpsampling3D.builder().build(), "c1")
            .addLayer("c2", TestGraphs.conv(2, 3, 1, Activation.IDENTITY), "up")
            .addLayer("out", TestGraphs.loss(), "c2");
    ComputationGraph net = TestGraphs.init(g, "out", 1, 2, 3, 2);
    INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 1, 2, 3, 2);
    INDArray labels = TestGraphs.oneHot(new Random(1), DataType.DOUBLE, 2, 3, 4, 6, 4);
    assertTrue(TestGraphs.gradientsOk(net, in, labels));
  }

  @Test
  void wrongRankAndWrongOutputShapeAreRejectedWithTheShapes() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 1, 2, 3, 4);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Trilinear.forward(x, Nd4j.create(DataType.FLOAT, 1, 2, 6, 8)));
    assertTrue(e.getMessage().contains("[1, 2, 3, 4]"), e.getMessage());
    INDArray x5 = Nd4j.rand(DataType.FLOAT, 1, 2, 3, 4, 5);
    var e2 =
        assertThrows(
            IllegalArgumentException.class,
            () -> Trilinear.forward(x5, Nd4j.create(DataType.FLOAT, 1, 2, 6, 8, 11)));
    assertTrue(e2.getMessage().contains("[1, 2, 6, 8, 11]"), e2.getMessage());
  }

  private static Layer standaloneLayer() {
    ComputationGraph net =
        new ComputationGraph(
            new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .graphBuilder()
                .addInputs("in")
                .addLayer("up", TrilinearUpsampling3D.builder().build(), "in")
                .setOutputs("up")
                .setInputTypes(
                    org.deeplearning4j.nn.conf.inputs.InputType.convolutional3D(
                        org.deeplearning4j.nn.conf.layers.Convolution3D.DataFormat.NCDHW,
                        3,
                        2,
                        4,
                        2))
                .build());
    net.init();
    return net.getLayer("up");
  }
}
