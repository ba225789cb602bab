package org.liverseg.models.layers;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime layer of {@link BatchNorm3D}: views NCDHW as N, C, D*H, W and delegates to DL4J's rank-4
 * code, then applies the configured activation, which DL4J's own layer ignores (in 1.0.0-M2.1 its
 * forward and backward pass never call the activation function).
 */
public class BatchNorm3DLayer extends BatchNormalization {

  private static final long serialVersionUID = 1L;

  private long[] shape5;

  /** The activation's output (ReLU family) or input (others) of the last training pass. */
  private transient INDArray activationState;

  private transient boolean stateIsOutput;

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
    INDArray normalised = super.activate(training, workspaceMgr).reshape('c', shape5);
    IActivation f = layerConf().getActivationFn();
    activationState = null;
    if (f instanceof ActivationIdentity) {
      return normalised;
    }
    stateIsOutput = ReusingConvolution3DLayer.isDerivativeFromOutput(f);
    if (training && !stateIsOutput) {
      activationState = workspaceMgr.dup(ArrayType.ACTIVATIONS, normalised);
    }
    INDArray out = f.getActivation(normalised, training);
    if (training && stateIsOutput) {
      // relu(z) > 0 exactly where z > 0, so the derivative can be read off the output.
      activationState = out;
    }
    return out;
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
    IActivation f = layerConf().getActivationFn();
    INDArray delta = epsilon;
    if (!(f instanceof ActivationIdentity)) {
      if (activationState == null) {
        throw new IllegalStateException(
            "BatchNorm3D backprop without a training forward pass " + layerId());
      }
      // The activation's backprop overwrites its input array, so it gets a scratch copy.
      INDArray z = workspaceMgr.dup(ArrayType.BP_WORKING_MEM, activationState);
      delta = f.backprop(z, epsilon).getFirst();
    }
    INDArray eps4 = delta.reshape('c', shape5[0], shape5[1], shape5[2] * shape5[3], shape5[4]);
    Pair<Gradient, INDArray> p = super.backpropGradient(eps4, workspaceMgr);
    return new Pair<>(p.getFirst(), p.getSecond().reshape('c', shape5));
  }

  @Override
  public void clear() {
    super.clear();
    activationState = null;
  }
}
