package org.liverseg.models.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation of NCDHW activations (like PyTorch {@code BatchNorm3d}: per-channel
 * statistics over batch, depth, height and width; running averages with momentum 0.1, i.e. DL4J
 * decay 0.9; eps 1e-5).
 *
 * <p>DL4J 1.0.0-M2.1's {@link BatchNormalization} rejects rank-5 input in training. Merging D and H
 * into one axis turns NCDHW into NCHW without a copy and leaves the per-channel statistics
 * unchanged, so the runtime layer ({@link BatchNorm3DLayer}) reuses DL4J's rank-4 implementation
 * (and its oneDNN helper).
 */
public class BatchNorm3D extends BatchNormalization {

  private static final long serialVersionUID = 1L;

  /** Default configuration (identity activation); also used by JSON deserialisation. */
  public BatchNorm3D() {
    super();
  }

  /**
   * A batch-norm layer with the given activation applied after the normalisation.
   *
   * @param name layer name (used in error messages and graph wiring)
   * @param activation activation after normalisation, e.g. ReLU
   */
  public static BatchNorm3D of(String name, IActivation activation) {
    BatchNorm3D bn = new BatchNorm3D();
    bn.setLayerName(name);
    bn.setActivationFn(activation);
    return bn;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    if (getNOut() <= 0) {
      throw new IllegalStateException(
          "BatchNorm3D \"" + getLayerName() + "\": number of channels not set");
    }
    BatchNorm3DLayer layer = new BatchNorm3DLayer(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    // The format flag is not checked: DL4J's own Convolution3D reports NDHWC types for NCDHW
    // layers.
    if (!(inputType instanceof InputType.InputTypeConvolutional3D c)) {
      throw new IllegalArgumentException(
          "BatchNorm3D (layer \""
              + getLayerName()
              + "\") needs CNN3D (NCDHW) input, got "
              + inputType);
    }
    return inputType;
  }

  @Override
  public BatchNorm3D clone() {
    return (BatchNorm3D) super.clone();
  }
}
