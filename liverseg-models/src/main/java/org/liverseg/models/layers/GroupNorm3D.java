package org.liverseg.models.layers;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Group normalisation of NCDHW activations with a per-channel affine transform and an activation
 * after it: PyTorch {@code GroupNorm(groups, channels, eps, affine=True)} followed by the
 * activation. With one channel per group ({@link #instance}) it is PyTorch {@code
 * InstanceNorm3d(channels, eps, affine=True)} (without running statistics, PyTorch's default):
 * nnU-Net's normalisation.
 *
 * <p>DL4J 1.0.0-M2.1 has neither on rank 5 (its {@code LayerNormalization} is for feed-forward and
 * recurrent input). Statistics are computed per sample and group in training and inference alike,
 * so there is no running state. Forward and backward are written by hand ({@link GroupNormKernel});
 * backprop recomputes the normalised values from the layer input and two numbers per (sample,
 * group) instead of keeping a copy of the activations.
 *
 * <p>Parameters: {@code gamma} (initialised to 1) and {@code beta} (0), one per channel.
 */
public class GroupNorm3D extends FeedForwardLayer {

  private static final long serialVersionUID = 1L;

  /** PyTorch's default epsilon for GroupNorm and InstanceNorm3d. */
  public static final double DEFAULT_EPS = 1e-5;

  /** Number of channel groups; 0 means one group per channel (instance normalisation). */
  private int groups;

  private double eps = DEFAULT_EPS;

  /** For JSON deserialisation; prefer {@link #builder()}. */
  public GroupNorm3D() {
    super();
  }

  private GroupNorm3D(Builder b) {
    super(b);
    this.groups = b.groups;
    this.eps = b.eps;
  }

  /** A builder: set groups (or per-channel), epsilon, activation and name. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Instance normalisation (one group per channel), epsilon 1e-5, then {@code activation}.
   *
   * @param name layer name
   */
  public static GroupNorm3D instance(String name, IActivation activation) {
    return builder().perChannel().activation(activation).name(name).build();
  }

  /**
   * Group normalisation with {@code groups} groups, epsilon 1e-5, then {@code activation}.
   *
   * @param name layer name
   */
  public static GroupNorm3D grouped(String name, int groups, IActivation activation) {
    return builder().groups(groups).activation(activation).name(name).build();
  }

  /** Groups as configured: 0 means one per channel. */
  public int getGroups() {
    return groups;
  }

  /** Epsilon added to the variance. */
  public double getEps() {
    return eps;
  }

  /** The number of groups for {@code channels} channels. */
  public int groupsFor(long channels) {
    int g = groups == 0 ? (int) channels : groups;
    if (channels % g != 0) {
      throw new IllegalArgumentException(
          "GroupNorm3D \""
              + getLayerName()
              + "\": "
              + channels
              + " channels cannot be split into "
              + g
              + " equal groups");
    }
    return g;
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
          "GroupNorm3D \"" + getLayerName() + "\": number of channels not set");
    }
    groupsFor(getNOut());
    GroupNorm3DLayer layer = new GroupNorm3DLayer(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return GroupNorm3DParamInitializer.INSTANCE;
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return requireCnn3d(inputType);
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    InputType.InputTypeConvolutional3D c = requireCnn3d(inputType);
    if (nIn <= 0 || override) {
      nIn = c.getChannels();
      nOut = c.getChannels();
      groupsFor(nOut);
    }
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    requireCnn3d(inputType);
    return null;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    InputType out = getOutputType(-1, inputType);
    return new LayerMemoryReport.Builder(layerName, GroupNorm3D.class, inputType, out)
        .standardMemory(2 * nOut, 0)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  private InputType.InputTypeConvolutional3D requireCnn3d(InputType inputType) {
    // The format flag is not checked: DL4J's own Convolution3D reports NDHWC types for NCDHW
    // layers.
    if (!(inputType instanceof InputType.InputTypeConvolutional3D c)) {
      throw new IllegalArgumentException(
          "GroupNorm3D (layer \""
              + getLayerName()
              + "\") needs CNN3D (NCDHW) input, got "
              + inputType);
    }
    return c;
  }

  @Override
  public GroupNorm3D clone() {
    return (GroupNorm3D) super.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupNorm3D g
        && super.equals(o)
        && groups == g.groups
        && Double.compare(eps, g.eps) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), groups, eps);
  }

  /** Builder of {@link GroupNorm3D}. */
  public static final class Builder extends FeedForwardLayer.Builder<Builder> {
    private int groups;
    private double eps = DEFAULT_EPS;

    private Builder() {}

    /** Number of channel groups (the channel count must be a multiple of it). */
    public Builder groups(int groups) {
      if (groups < 1) {
        throw new IllegalArgumentException("GroupNorm3D groups must be >= 1, got " + groups);
      }
      this.groups = groups;
      return this;
    }

    /** One group per channel: instance normalisation (the default). */
    public Builder perChannel() {
      this.groups = 0;
      return this;
    }

    /** Epsilon added to the variance (default 1e-5). */
    public Builder eps(double eps) {
      if (!(eps > 0)) {
        throw new IllegalArgumentException("GroupNorm3D eps must be > 0, got " + eps);
      }
      this.eps = eps;
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public GroupNorm3D build() {
      return new GroupNorm3D(this);
    }
  }
}
