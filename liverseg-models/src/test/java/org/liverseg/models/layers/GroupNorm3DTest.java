package org.liverseg.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class GroupNorm3DTest {

  /** The definition, written with ND4J reductions: statistics over (group channels, D, H, W). */
  private static INDArray reference(INDArray x, int groups, INDArray gamma, INDArray beta) {
    long[] s = x.shape();
    INDArray g = x.dup('c').reshape('c', s[0], groups, s[1] / groups * s[2] * s[3] * s[4]);
    INDArray mean = g.mean(true, 2);
    INDArray var = g.var(false, 2).reshape(s[0], groups, 1);
    INDArray xhat = g.sub(mean).div(Transforms.sqrt(var.add(1e-5))).reshape('c', s);
    return xhat.mul(gamma.reshape(1, s[1], 1, 1, 1)).add(beta.reshape(1, s[1], 1, 1, 1));
  }

  @Test
  void forwardIsTheDefinitionForGroupsAndInstances() {
    for (int groups : new int[] {1, 2, 4}) {
      GroupNorm3D layer =
          groups == 4
              ? GroupNorm3D.instance("gn", new ActivationIdentity())
              : GroupNorm3D.grouped("gn", groups, new ActivationIdentity());
      var g = TestGraphs.doubleGraph(1).addLayer("gn", layer, "in");
      ComputationGraph net = TestGraphs.init(g, "gn", 4, 2, 3, 5);
      INDArray gamma = Nd4j.rand(DataType.DOUBLE, 4).addi(0.5);
      INDArray beta = Nd4j.rand(DataType.DOUBLE, 4).subi(0.5);
      net.getLayer("gn").setParam("gamma", gamma);
      net.getLayer("gn").setParam("beta", beta);
      INDArray x =
          Nd4j.rand(DataType.DOUBLE, 3, 4, 2, 3, 5)
              .muli(4)
              .addi(Nd4j.create(new double[] {1, -2, 7, 0}).reshape(1, 4, 1, 1, 1));
      for (boolean training : new boolean[] {true, false}) {
        INDArray y = net.feedForward(new INDArray[] {x}, training, false).get("gn");
        assertEquals(
            0,
            reference(x, groups, gamma, beta).sub(y).amaxNumber().doubleValue(),
            1e-12,
            "groups " + groups);
      }
    }
  }

  @Test
  void floatForwardAgreesWithDouble() {
    var g =
        TestGraphs.doubleGraph(1)
            .addLayer("gn", GroupNorm3D.grouped("gn", 2, new ActivationLReLU(0.01)), "in");
    ComputationGraph dbl = TestGraphs.init(g, "gn", 4, 4, 4, 4);
    ComputationGraph flt = dbl.convertDataType(DataType.FLOAT);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 4, 4, 4, 4);
    INDArray a = dbl.feedForward(x, false).get("gn");
    INDArray b = flt.feedForward(x.castTo(DataType.FLOAT), false).get("gn");
    assertEquals(0, a.sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue(), 1e-5);
  }

  @Test
  void gradientCheckInstanceAndGroupNormInAConvolutionStack() {
    for (int groups : new int[] {0, 2}) {
      GroupNorm3D layer =
          groups == 0
              ? GroupNorm3D.instance("gn", new ActivationTanH())
              : GroupNorm3D.grouped("gn", groups, new ActivationTanH());
      var g =
          TestGraphs.doubleGraph(9)
              .addLayer("c1", TestGraphs.conv(2, 4, 3, Activation.IDENTITY), "in")
              .addLayer("gn", layer, "c1")
              .addLayer("c2", TestGraphs.conv(4, 3, 1, Activation.IDENTITY), "gn")
              .addLayer("out", TestGraphs.loss(), "c2");
      ComputationGraph net = TestGraphs.init(g, "out", 2, 2, 3, 3);
      // gamma and beta away from their initial 1 and 0, so that their gradients are exercised
      net.getLayer("gn").setParam("gamma", Nd4j.rand(DataType.DOUBLE, 4).addi(0.5));
      net.getLayer("gn").setParam("beta", Nd4j.rand(DataType.DOUBLE, 4).subi(0.5));
      INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 2, 2, 3, 3);
      INDArray labels = TestGraphs.oneHot(new Random(4), DataType.DOUBLE, 2, 3, 2, 3, 3);
      assertTrue(TestGraphs.gradientsOk(net, in, labels), "groups " + groups);
    }
  }

  /**
   * Identity, ReLU and leaky ReLU are applied and differentiated inside the kernel: the network's
   * outputs and every gradient equal those of the same norm (identity) followed by DL4J's own
   * activation layer. (DL4J's leaky ReLU op rounds alpha to float even in double precision, so the
   * slopes here are float values: with 0.01 the two differ by DL4J's rounding, about 5e-9.)
   */
  @Test
  void fusedActivationsEqualASeparateActivationLayer() {
    for (IActivation f :
        new IActivation[] {
          new ActivationReLU(), new ActivationLReLU(0.01f), new ActivationLReLU(0.3f)
        }) {
      for (int groups : new int[] {0, 2}) {
        ComputationGraph fused = normNet(groups, f, false);
        ComputationGraph separate = normNet(groups, f, true);
        assertEquals(fused.params(), separate.params());
        INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 2, 3, 4, 4).subi(0.5);
        INDArray labels = TestGraphs.oneHot(new Random(6), DataType.DOUBLE, 2, 3, 3, 4, 4);
        for (ComputationGraph net : new ComputationGraph[] {fused, separate}) {
          net.setInputs(in);
          net.setLabels(labels);
          net.computeGradientAndScore();
        }
        String what = f + ", groups " + groups;
        assertEquals(separate.score(), fused.score(), 1e-12, what);
        INDArray a = separate.gradient().gradient();
        INDArray b = fused.gradient().gradient();
        assertTrue(a.norm2Number().doubleValue() > 0, what);
        assertEquals(0, a.sub(b).amaxNumber().doubleValue(), 1e-12, what);
        assertTrue(TestGraphs.gradientsOk(fused, in, labels), what);
      }
    }
  }

  /** conv -> norm (+ activation fused, or a separate ActivationLayer) -> conv -> loss. */
  private static ComputationGraph normNet(int groups, IActivation f, boolean separate) {
    IActivation normAct = separate ? new ActivationIdentity() : f;
    GroupNorm3D layer =
        groups == 0
            ? GroupNorm3D.instance("gn", normAct)
            : GroupNorm3D.grouped("gn", groups, normAct);
    var g =
        TestGraphs.doubleGraph(5)
            .addLayer("c1", TestGraphs.conv(2, 4, 3, Activation.IDENTITY), "in")
            .addLayer("gn", layer, "c1");
    String last = "gn";
    if (separate) {
      g.addLayer("act", new ActivationLayer.Builder().activation(f).build(), "gn");
      last = "act";
    }
    g.addLayer("c2", TestGraphs.conv(4, 3, 1, Activation.IDENTITY), last)
        .addLayer("out", TestGraphs.loss(), "c2");
    ComputationGraph net = TestGraphs.init(g, "out", 2, 3, 4, 4);
    // gamma and beta away from 1 and 0, so that some voxels fall below zero after the affine part
    net.getLayer("gn").setParam("gamma", Nd4j.create(new double[] {1.5, 0.7, -0.8, 1.1}));
    net.getLayer("gn").setParam("beta", Nd4j.create(new double[] {0.3, -0.4, 0.1, -0.2}));
    return net;
  }

  @Test
  void configurationSurvivesJson() {
    var g =
        TestGraphs.doubleGraph(1)
            .addLayer(
                "gn",
                GroupNorm3D.builder()
                    .groups(2)
                    .eps(1e-3)
                    .activation(Activation.RELU)
                    .name("gn")
                    .build(),
                "in")
            .setOutputs("gn")
            .setInputTypes(
                org.deeplearning4j.nn.conf.inputs.InputType.convolutional3D(
                    org.deeplearning4j.nn.conf.layers.Convolution3D.DataFormat.NCDHW, 2, 2, 2, 4));
    ComputationGraphConfiguration c = g.build();
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(c.toJson());
    assertEquals(c, back);
    GroupNorm3D l =
        (GroupNorm3D)
            ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("gn"))
                .getLayerConf()
                .getLayer();
    assertEquals(2, l.getGroups());
    assertEquals(1e-3, l.getEps());
    ComputationGraph net = new ComputationGraph(back);
    net.init();
    assertEquals(8, net.numParams());
  }

  @Test
  void channelsThatDoNotSplitIntoGroupsAreRejected() {
    var g =
        TestGraphs.doubleGraph(1)
            .addLayer("gn", GroupNorm3D.grouped("gn", 3, new ActivationIdentity()), "in");
    var e =
        assertThrows(IllegalArgumentException.class, () -> TestGraphs.init(g, "gn", 4, 2, 2, 2));
    assertTrue(e.getMessage().contains("4 channels cannot be split into 3"), e.getMessage());
  }
}
