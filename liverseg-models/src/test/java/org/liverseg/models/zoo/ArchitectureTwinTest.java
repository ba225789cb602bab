package org.liverseg.models.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.liverseg.models.Architecture;
import org.liverseg.models.DeepSupervision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every zoo architecture against its PyTorch twin (python3-torch 1.13, {@code
 * scripts/zoo_twins.py}): the same parameter count, and with the twin's weights copied in, the same
 * logits at every output to 1e-4 in float32 (inference mode).
 */
class ArchitectureTwinTest {

  static Stream<String> names() {
    return Twins.cases().keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("names")
  void parameterCountAndLogitsEqualThePyTorchTwin(String name) throws Exception {
    Architecture a = Twins.cases().get(name);
    Map<String, INDArray> fx = Twins.fixture(name);
    assertEquals((long) fx.get("count").getDouble(0), a.parameterCount(), "parameter count");
    ComputationGraph net = a.newNetwork();
    assertEquals(a.parameterCount(), net.numParams());
    Twins.loadWeights(net, fx);
    INDArray x = fx.get("input");
    Map<String, INDArray> acts = net.feedForward(new INDArray[] {x}, false, false);
    List<String> heads =
        fx.keySet().stream().filter(k -> k.startsWith("logits:")).sorted().toList();
    assertEquals(a.outputs().size(), heads.size(), "heads " + heads);
    for (int k = 0; k < a.outputs().size(); k++) {
      Architecture.Output o = a.outputs().get(k);
      INDArray expected = fx.get("logits:" + DeepSupervision.logitsName(k));
      INDArray got = acts.get(DeepSupervision.logitsName(k));
      assertArrayEquals(expected.shape(), got.shape(), o.name());
      assertEquals(16 / o.downsampling(), got.size(4), o.name());
      double diff = expected.sub(got.castTo(DataType.FLOAT)).amaxNumber().doubleValue();
      assertTrue(diff <= 1e-4, name + " " + o.name() + ": max |DL4J - PyTorch| = " + diff);
    }
    // and the softmax outputs are the probabilities of those logits
    INDArray p = net.output(false, x)[0];
    assertEquals(1.0, p.sum(1).minNumber().doubleValue(), 1e-5);
  }

  /** nnU-Net v2's nearest-exact target downsampling, computed by torch in the fixture. */
  @Test
  void deepSupervisionTargetsAreNnUnetsNearestExactDownsampling() throws Exception {
    Map<String, INDArray> fx = Twins.fixture("resenc-unet");
    INDArray labels = fx.get("labels");
    INDArray oneHot = oneHot(labels, 3);
    DeepSupervision ds = DeepSupervision.of(Twins.cases().get("resenc-unet"));
    assertArrayEquals(new int[] {1, 2}, ds.factors());
    INDArray[] t = ds.targets(oneHot);
    assertTrue(t[0] == oneHot);
    assertEquals(oneHot(fx.get("target:2"), 3), t[1]);
    assertEquals(oneHot(fx.get("target:4"), 3), DeepSupervision.downsample(oneHot, 4));
  }

  private static INDArray oneHot(INDArray labels, int classes) {
    long[] s = labels.shape();
    INDArray y = Nd4j.zeros(DataType.FLOAT, s[0], classes, s[1], s[2], s[3]);
    for (int c = 0; c < classes; c++) {
      y.get(NDArrayIndex.all(), NDArrayIndex.point(c)).assign(labels.eq(c).castTo(DataType.FLOAT));
    }
    return y;
  }
}
