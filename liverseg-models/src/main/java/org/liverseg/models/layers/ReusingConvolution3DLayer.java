package org.liverseg.models.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.Convolution3DLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime layer of {@link ReusingConvolution3D}. */
public class ReusingConvolution3DLayer extends Convolution3DLayer {

  private static final long serialVersionUID = 1L;

  /** The training forward pass's output and the input it was computed from. */
  private transient INDArray lastOutput;

  private transient INDArray lastInput;

  /** Created by {@link ReusingConvolution3D#instantiate}. */
  public ReusingConvolution3DLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    INDArray out = super.activate(training, workspaceMgr);
    boolean reusable = training && isDerivativeFromOutput(layerConf().getActivationFn());
    // The output lives in the activations workspace, which stays open until backprop is done
    // because the next layers keep it as their input.
    lastOutput = reusable ? out : null;
    lastInput = reusable ? input : null;
    return out;
  }

  @Override
  protected Pair<INDArray, INDArray> preOutput(
      boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
    if (forBackprop && lastOutput != null && lastInput == input) {
      return new Pair<>(lastOutput, null);
    }
    return super.preOutput(training, forBackprop, workspaceMgr);
  }

  @Override
  public void clear() {
    super.clear();
    lastOutput = null;
    lastInput = null;
  }

  /**
   * Whether {@code f'(z)} as DL4J computes it gives the same result when fed {@code f(z)} instead
   * of z.
   */
  static boolean isDerivativeFromOutput(IActivation f) {
    if (f instanceof ActivationIdentity) {
      return true;
    }
    return f instanceof ActivationReLU r
        && r.getMax() == null
        && r.getThreshold() == null
        && r.getNegativeSlope() == null;
  }
}
