package org.liverseg.models.prediction;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.models.UNet3D;

/** The untrained networks of the prediction tests, built in one place. */
final class TestNetworks {

  private TestNetworks() {}

  /** A 2-level U-Net with 2 filters per level, 3 classes, seeded: deterministic, untrained. */
  static ComputationGraph tiny() {
    return UNet3D.builder().filters(2, 2).seed(7).build().newNetwork();
  }
}
