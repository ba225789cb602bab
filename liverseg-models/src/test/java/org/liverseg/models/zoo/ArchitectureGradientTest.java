package org.liverseg.models.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.liverseg.models.Architecture;
import org.liverseg.models.DeepSupervision;
import org.liverseg.models.Norm;
import org.liverseg.models.UNet3D;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Gradient check in double of a tiny network of every architecture: backprop through every layer
 * and vertex (attention gates with batch norm, residual additions, group and instance norm,
 * transposed convolutions, strided convolutions, average pooling, deep-supervision heads) against
 * central differences on 3 entries of every parameter array ({@link GradientCheck}, because DL4J's
 * {@code GradientCheckUtil} would check all of them for a graph, minutes per network).
 *
 * <p>Smooth and documented: ReLU and leaky ReLU become softplus for the check ({@link #smooth}), so
 * that no perturbation straddles a kink; the rest of the graph is the architecture's. Epsilon 1e-6,
 * relative error at most 1e-4 unless the absolute error is below 1e-5: the score sums about 1,500
 * voxel terms to about 2,000, whose double round-off (about 1e-12; measured: central differences
 * off by 1e-6 to 3e-6 for gradients of 1e-5 to 1e-2) the division by 2e-6 magnifies. It is not lax:
 * scaling one term of group norm's backward pass by 0.9 fails both networks that use it (tried).
 * Batch norm's running mean and variance are state, not trained, so they are skipped.
 */
class ArchitectureGradientTest {

  static Stream<Architecture> tiny() {
    return Stream.of(
        UNet3D.builder()
            .filters(2, 2, 3, 3)
            .norm(Norm.BATCH)
            .attention(true)
            .deepSupervision(true)
            .classWeights(1, 2, 3)
            .dataType(DataType.DOUBLE)
            .updater(new NoOp())
            .seed(3)
            .build(),
        ResEncUNet.builder()
            .inputChannels(2)
            .widths(2, 3, 4)
            .blocksPerStage(1, 2, 1)
            .classWeights(1, 2, 3)
            .dataType(DataType.DOUBLE)
            .updater(new NoOp())
            .seed(3)
            .build(),
        SegResNet.builder()
            .widths(2, 4, 8)
            .groups(2)
            .blocksDown(1, 1, 1)
            .classWeights(1, 2, 3)
            .dataType(DataType.DOUBLE)
            .updater(new NoOp())
            .seed(3)
            .build());
  }

  @ParameterizedTest
  @MethodSource("tiny")
  void backpropMatchesCentralDifferences(Architecture a) {
    ComputationGraph net = smooth(a);
    Random r = new Random(6);
    // Norm scales and shifts away from 1 and 0 (ResEncUNet starts some at 0), so that every
    // parameter and every path has a gradient.
    for (Layer l : net.getLayers()) {
      for (Map.Entry<String, INDArray> p : l.paramTable().entrySet()) {
        if (p.getKey().equals("gamma") || p.getKey().equals("beta")) {
          p.getValue().assign(Nd4j.rand(DataType.DOUBLE, p.getValue().shape()).addi(0.5));
        }
      }
    }
    Nd4j.getRandom().setSeed(5);
    INDArray in = Nd4j.rand(DataType.DOUBLE, 1, a.inputChannels(), 8, 8, 8).subi(0.5);
    INDArray labels = oneHot(r, 1, a.classes(), 8);
    INDArray[] targets = DeepSupervision.of(a).targets(labels);
    List<String> failed =
        GradientCheck.failures(
            net, new INDArray[] {in}, targets, 3, 1e-6, 1e-4, 1e-5, Set.of("mean", "log10stdev"));
    assertTrue(failed.isEmpty(), a + ": " + failed);
  }

  /**
   * The architecture's graph with every ReLU and leaky ReLU replaced by softplus: same layers,
   * vertices and wiring, but no kinks for the central differences to straddle.
   */
  static ComputationGraph smooth(Architecture a) {
    ComputationGraphConfiguration conf = a.configuration();
    for (GraphVertex v : conf.getVertices().values()) {
      if (v instanceof LayerVertex lv
          && lv.getLayerConf().getLayer() instanceof BaseLayer l
          && (l.getActivationFn() instanceof ActivationReLU
              || l.getActivationFn() instanceof ActivationLReLU)) {
        l.setActivationFn(new ActivationSoftPlus());
      }
    }
    ComputationGraph net = new ComputationGraph(conf);
    net.init();
    return net;
  }

  static INDArray oneHot(Random r, int b, int classes, int size) {
    INDArray y = Nd4j.zeros(DataType.DOUBLE, b, classes, size, size, size);
    for (int n = 0; n < b; n++) {
      for (int z = 0; z < size; z++) {
        for (int yy = 0; yy < size; yy++) {
          for (int x = 0; x < size; x++) {
            y.putScalar(new long[] {n, r.nextInt(classes), z, yy, x}, 1.0);
          }
        }
      }
    }
    return y;
  }
}
