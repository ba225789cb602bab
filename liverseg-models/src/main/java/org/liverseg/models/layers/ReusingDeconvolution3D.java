package org.liverseg.models.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Deconvolution3D} (transposed convolution) whose backprop reuses the forward pass's
 * output instead of running the transposed convolution a second time.
 *
 * <p>DL4J 1.0.0-M2.1's {@code Deconvolution3DLayer.backpropGradient} recomputes the whole forward
 * pass (into a new activations array) only to feed the activation's derivative, like its {@code
 * Convolution3DLayer} (see {@link ReusingConvolution3D}). For identity and ReLU that derivative
 * follows from the output, so the forward output is handed back instead: the gradients are
 * identical and the recomputation (time and its output array) is saved. Other activations fall back
 * to DL4J's behaviour.
 */
public class ReusingDeconvolution3D extends Deconvolution3D {

  private static final long serialVersionUID = 1L;

  /** For JSON deserialisation. */
  public ReusingDeconvolution3D() {
    super();
  }

  /**
   * Takes every setting from a {@link Deconvolution3D.Builder}.
   *
   * @param builder a configured DL4J builder (kernel, stride, padding, mode, data format,
   *     activation...)
   */
  public ReusingDeconvolution3D(Deconvolution3D.Builder builder) {
    super(builder);
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    LayerValidation.assertNInNOutSet(
        "ReusingDeconvolution3D", getLayerName(), layerIndex, getNIn(), getNOut());
    ReusingDeconvolution3DLayer layer = new ReusingDeconvolution3DLayer(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ReusingDeconvolution3D clone() {
    return (ReusingDeconvolution3D) super.clone();
  }
}
