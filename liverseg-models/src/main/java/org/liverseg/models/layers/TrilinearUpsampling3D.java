package org.liverseg.models.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a parameter-free DL4J layer that upsamples NCDHW activations by 2 with trilinear
 * interpolation, exactly like PyTorch {@code Upsample(scale_factor=2, mode='trilinear',
 * align_corners=False)}.
 *
 * <p>DL4J 1.0.0-M2.1 has only nearest-neighbour {@code Upsampling3D}; a SameDiff lambda works but
 * costs time and memory, so forward and backward are written by hand ({@link Trilinear}).
 */
public class TrilinearUpsampling3D extends NoParamLayer {

  private static final long serialVersionUID = 1L;

  /** For JSON deserialisation and for the default layer; prefer {@link #builder()}. */
  public TrilinearUpsampling3D() {
    super();
  }

  private TrilinearUpsampling3D(Builder builder) {
    super(builder);
  }

  /** A builder (only the layer name is configurable). */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    TrilinearUpsampling3DLayer layer = new TrilinearUpsampling3DLayer(conf, networkDataType);
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
    InputType.InputTypeConvolutional3D c = requireNcdhw(inputType);
    return InputType.convolutional3D(
        Convolution3D.DataFormat.NCDHW,
        2 * c.getDepth(),
        2 * c.getHeight(),
        2 * c.getWidth(),
        c.getChannels());
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return InputTypeUtil.getPreProcessorForInputTypeCnn3DLayers(inputType, getLayerName());
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    InputType out = getOutputType(-1, inputType);
    // Working memory: two temporary volumes per worker thread, small next to the activations.
    return new LayerMemoryReport.Builder(layerName, TrilinearUpsampling3D.class, inputType, out)
        .standardMemory(0, 0)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  private InputType.InputTypeConvolutional3D requireNcdhw(InputType inputType) {
    // The format flag is not checked: DL4J's own Convolution3D reports NDHWC types for NCDHW
    // layers.
    if (!(inputType instanceof InputType.InputTypeConvolutional3D c)) {
      throw new IllegalArgumentException(
          "TrilinearUpsampling3D (layer \""
              + getLayerName()
              + "\") needs CNN3D (NCDHW) input, got "
              + inputType);
    }
    return c;
  }

  @Override
  public TrilinearUpsampling3D clone() {
    return (TrilinearUpsampling3D) super.clone();
  }

  /** Builder for {@link TrilinearUpsampling3D}. */
  public static final class Builder
      extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {
    @Override
    @SuppressWarnings("unchecked")
    public TrilinearUpsampling3D build() {
      return new TrilinearUpsampling3D(this);
    }
  }
}
