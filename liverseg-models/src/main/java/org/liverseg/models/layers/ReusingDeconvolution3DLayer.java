package org.liverseg.models.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.Deconvolution3DLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime layer of {@link ReusingDeconvolution3D}. */
public class ReusingDeconvolution3DLayer extends Deconvolution3DLayer {

  private static final long serialVersionUID = 1L;

  /** The training forward pass's output and the input it was computed from. */
  private transient INDArray lastOutput;

  private transient INDArray lastInput;

  /** Created by {@link ReusingDeconvolution3D#instantiate}. */
  public ReusingDeconvolution3DLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    // super.activate computes through preOutput: no output of an earlier pass may answer it.
    lastOutput = null;
    lastInput = null;
    INDArray out = super.activate(training, workspaceMgr);
    boolean reusable =
        training && ReusingConvolution3DLayer.isDerivativeFromOutput(layerConf().getActivationFn());
    // The output lives in the activations workspace, which stays open until backprop is done
    // because the next layers keep it as their input.
    lastOutput = reusable ? out : null;
    lastInput = reusable ? input : null;
    return out;
  }

  @Override
  protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
    // DL4J's backprop asks for the pre-activation with training = true after a training forward
    // pass on the same input; the derivative of identity or ReLU gives the same from the output.
    if (training && lastOutput != null && lastInput == input) {
      return lastOutput;
    }
    return super.preOutput(training, workspaceMgr);
  }

  @Override
  public void clear() {
    super.clear();
    lastOutput = null;
    lastInput = null;
  }
}
