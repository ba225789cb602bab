package org.liverseg.models.layers;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime layer of {@link BatchNorm3D}: views NCDHW as N, C, D*H, W and delegates to DL4J's rank-4
 * code.
 */
public class BatchNorm3DLayer extends BatchNormalization {

  private static final long serialVersionUID = 1L;

  private long[] shape5;

  /** Created by {@link BatchNorm3D#instantiate}. */
  public BatchNorm3DLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    if (input.rank() != 5) {
      throw new DL4JInvalidInputException(
          "BatchNorm3D needs rank-5 NCDHW input, got shape "
              + Arrays.toString(input.shape())
              + " "
              + layerId());
    }
    shape5 = input.shape();
    // Kept as the rank-4 view: the parent's backprop reads this.input.
    input = input.reshape('c', shape5[0], shape5[1], shape5[2] * shape5[3], shape5[4]);
    return super.activate(training, workspaceMgr).reshape('c', shape5);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (shape5 == null || !Arrays.equals(epsilon.shape(), shape5)) {
      throw new IllegalStateException(
          "BatchNorm3D backprop: epsilon "
              + Arrays.toString(epsilon.shape())
              + " does not match the last forward input "
              + Arrays.toString(shape5)
              + " "
              + layerId());
    }
    INDArray eps4 = epsilon.reshape('c', shape5[0], shape5[1], shape5[2] * shape5[3], shape5[4]);
    Pair<Gradient, INDArray> p = super.backpropGradient(eps4, workspaceMgr);
    return new Pair<>(p.getFirst(), p.getSecond().reshape('c', shape5));
  }
}
