package org.liverseg.models.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Convolution3D} whose backprop reuses the forward pass's output instead of running the
 * convolution a second time.
 *
 * <p>DL4J 1.0.0-M2.1's {@code Convolution3DLayer.backpropGradient} recomputes the pre-activation
 * with a full forward convolution, only to feed the activation's derivative. For ReLU and identity
 * the derivative can be read off the activation itself ({@code relu(z) > 0} exactly where {@code z
 * > 0}), so that convolution is wasted work: one of the three convolutions per layer and training
 * step. Other activations fall back to DL4J's behaviour.
 */
public class ReusingConvolution3D extends Convolution3D {

  private static final long serialVersionUID = 1L;

  /** For JSON deserialisation. */
  public ReusingConvolution3D() {
    super();
  }

  /**
   * Takes every setting from a {@link Convolution3D.Builder}.
   *
   * @param builder a configured DL4J builder (kernel, stride, padding, mode, data format,
   *     activation...)
   */
  public ReusingConvolution3D(Convolution3D.Builder builder) {
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
        "ReusingConvolution3D", getLayerName(), layerIndex, getNIn(), getNOut());
    ReusingConvolution3DLayer layer = new ReusingConvolution3DLayer(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ReusingConvolution3D clone() {
    return (ReusingConvolution3D) super.clone();
  }
}
