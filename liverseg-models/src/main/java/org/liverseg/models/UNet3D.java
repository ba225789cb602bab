package org.liverseg.models;

import java.util.Arrays;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.liverseg.models.layers.BatchNorm3D;
import org.liverseg.models.layers.ChannelConcatVertex;
import org.liverseg.models.layers.ReusingConvolution3D;
import org.liverseg.models.layers.TrilinearUpsampling3D;
import org.liverseg.models.metrics.CrossEntropy;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Immutable description of a 3D U-Net for segmentation, and the factory of its DL4J {@link
 * ComputationGraph}.
 *
 * <p>Architecture (the seed's PyTorch network): per level two 3x3x3 convolutions with ReLU
 * (optionally convolution without bias, batch norm, ReLU), 2x max pooling down; up: trilinear 2x
 * upsampling, a 3x3x3 convolution with ReLU, concatenation {@code [upsampled, skip]} along
 * channels, two 3x3x3 convolutions; a 1x1x1 convolution to the classes, softmax and weighted
 * multi-class cross-entropy over every voxel. Input and output are NCDHW ({@code [batch, channel,
 * z, y, x]}); D, H and W must be divisible by {@code 2^(levels-1)}.
 *
 * <p>The graph's input is named {@value #INPUT} and its output layer {@value #OUTPUT}.
 */
public final class UNet3D {

  /** Name of the graph input. */
  public static final String INPUT = "input";

  /** Name of the output (softmax + loss) layer. */
  public static final String OUTPUT = "output";

  /** Normalisation after each 3x3x3 convolution of the encoder and decoder blocks. */
  public enum Norm {
    /** None, as in the seed network: convolutions with bias. */
    NONE,
    /**
     * Batch norm (PyTorch {@code BatchNorm3d} defaults); the convolutions before it have no bias.
     */
    BATCH
  }

  private final int inputChannels;
  private final int classes;
  private final int[] filters;
  private final Norm norm;
  private final double[] classWeights;
  private final IUpdater updater;
  private final long seed;
  private final DataType dataType;
  private final WorkspaceMode workspaceMode;
  private final boolean reuseForwardInBackprop;

  private UNet3D(Builder b) {
    this.inputChannels = b.inputChannels;
    this.classes = b.classes;
    this.filters = b.filters.clone();
    this.norm = b.norm;
    this.classWeights = b.classWeights.clone();
    this.updater = b.updater.clone();
    this.seed = b.seed;
    this.dataType = b.dataType;
    this.workspaceMode = b.workspaceMode;
    this.reuseForwardInBackprop = b.reuseForwardInBackprop;
  }

  /** The CPU default: 3 levels with 8/16/32 filters, batch norm off, 1 input channel, 3 classes. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The seed's "course" network for a GPU: 4 levels with 32/64/128/256 filters (about 5.8 M
   * parameters).
   */
  public static Builder course() {
    return new Builder().filters(32, 64, 128, 256);
  }

  /** The network used for the comparison with PyTorch: 4 levels with 16/32/64/128 filters. */
  public static Builder benchmark() {
    return new Builder().filters(16, 32, 64, 128);
  }

  /** A builder preset with this network's settings, for variations. */
  public Builder toBuilder() {
    return new Builder()
        .inputChannels(inputChannels)
        .classes(classes)
        .filters(filters)
        .norm(norm)
        .classWeights(classWeights)
        .updater(updater)
        .seed(seed)
        .dataType(dataType)
        .workspaceMode(workspaceMode)
        .reuseForwardInBackprop(reuseForwardInBackprop);
  }

  /** Number of input channels (1 for CT). */
  public int inputChannels() {
    return inputChannels;
  }

  /** Number of output classes (3: background, liver, tumour). */
  public int classes() {
    return classes;
  }

  /** Number of resolution levels. */
  public int levels() {
    return filters.length;
  }

  /** Filters per level, from the finest level down. */
  public int[] filters() {
    return filters.clone();
  }

  /** The normalisation used. */
  public Norm norm() {
    return norm;
  }

  /** Class weights of the cross-entropy. */
  public double[] classWeights() {
    return classWeights.clone();
  }

  /** Spatial sizes must be multiples of this (2 to the number of poolings). */
  public int sizeDivisor() {
    return 1 << (filters.length - 1);
  }

  /** Builds the DL4J graph configuration. */
  public ComputationGraphConfiguration configuration() {
    ComputationGraphConfiguration.GraphBuilder g =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .updater(updater.clone())
            .weightInit(WeightInit.RELU)
            .dataType(dataType)
            .trainingWorkspaceMode(workspaceMode)
            .inferenceWorkspaceMode(workspaceMode)
            .graphBuilder()
            .addInputs(INPUT);
    int levels = filters.length;
    String[] skips = new String[levels];
    String x = INPUT;
    int channels = inputChannels;
    for (int l = 0; l < levels; l++) {
      x = block(g, "enc" + l, x, channels, filters[l]);
      channels = filters[l];
      skips[l] = x;
      if (l < levels - 1) {
        g.addLayer(
            "pool" + l,
            new Subsampling3DLayer.Builder(
                    Subsampling3DLayer.PoolingType.MAX, new int[] {2, 2, 2}, new int[] {2, 2, 2})
                .dataFormat(Convolution3D.DataFormat.NCDHW)
                .build(),
            x);
        x = "pool" + l;
      }
    }
    for (int l = levels - 2; l >= 0; l--) {
      g.addLayer("up" + l, TrilinearUpsampling3D.builder().build(), x);
      g.addLayer(
          "up" + l + "_conv", conv(channels, filters[l], 3, true, Activation.RELU), "up" + l);
      g.addVertex("cat" + l, new ChannelConcatVertex(), "up" + l + "_conv", skips[l]);
      x = block(g, "dec" + l, "cat" + l, 2 * filters[l], filters[l]);
      channels = filters[l];
    }
    g.addLayer("head", conv(channels, classes, 1, true, Activation.IDENTITY), x);
    g.addLayer(
        OUTPUT,
        new Cnn3DLossLayer.Builder(Convolution3D.DataFormat.NCDHW)
            .lossFunction(new LossMCXENT(Nd4j.create(classWeights).castTo(DataType.FLOAT)))
            .activation(Activation.SOFTMAX)
            .build(),
        "head");
    int s = 2 * sizeDivisor();
    return g.setOutputs(OUTPUT)
        .setInputTypes(
            InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, s, s, s, inputChannels))
        .build();
  }

  /** Builds and initialises the network (weights from the seed). */
  public ComputationGraph build() {
    ComputationGraph net = new ComputationGraph(configuration());
    net.init();
    return net;
  }

  /**
   * Two 3x3x3 convolutions (with ReLU, or without bias followed by batch norm + ReLU); returns the
   * last name.
   */
  private String block(
      ComputationGraphConfiguration.GraphBuilder g, String name, String in, int nIn, int nOut) {
    String x = in;
    int c = nIn;
    for (String part : new String[] {"a", "b"}) {
      String conv = name + part;
      if (norm == Norm.BATCH) {
        g.addLayer(conv, conv(c, nOut, 3, false, Activation.IDENTITY), x);
        g.addLayer(conv + "_bn", BatchNorm3D.of(conv + "_bn", new ActivationReLU()), conv);
        x = conv + "_bn";
      } else {
        g.addLayer(conv, conv(c, nOut, 3, true, Activation.RELU), x);
        x = conv;
      }
      c = nOut;
    }
    return x;
  }

  private org.deeplearning4j.nn.conf.layers.Layer conv(
      int nIn, int nOut, int kernel, boolean bias, Activation activation) {
    int pad = kernel / 2;
    Convolution3D.Builder b =
        new Convolution3D.Builder(kernel, kernel, kernel)
            .nIn(nIn)
            .nOut(nOut)
            .stride(1, 1, 1)
            .padding(pad, pad, pad)
            .convolutionMode(ConvolutionMode.Truncate)
            .dataFormat(Convolution3D.DataFormat.NCDHW)
            .hasBias(bias)
            .activation(activation);
    return reuseForwardInBackprop ? new ReusingConvolution3D(b) : b.build();
  }

  @Override
  public String toString() {
    return "UNet3D[in="
        + inputChannels
        + ", classes="
        + classes
        + ", filters="
        + Arrays.toString(filters)
        + ", norm="
        + norm
        + ", weights="
        + Arrays.toString(classWeights)
        + ", updater="
        + updater
        + "]";
  }

  /** Builder of {@link UNet3D}; starts from the CPU default. */
  public static final class Builder {
    private int inputChannels = 1;
    private int classes = 3;
    private int[] filters = {8, 16, 32};
    private Norm norm = Norm.NONE;
    private double[] classWeights = {1, 1, 3};
    private IUpdater updater = new Adam(1e-4);
    private long seed = 42;
    private DataType dataType = DataType.FLOAT;
    private WorkspaceMode workspaceMode = WorkspaceMode.ENABLED;
    private boolean reuseForwardInBackprop = true;

    private Builder() {}

    /** Number of input channels (default 1). */
    public Builder inputChannels(int n) {
      this.inputChannels = positive(n, "inputChannels");
      return this;
    }

    /** Number of classes (default 3); the class weights must have this length. */
    public Builder classes(int n) {
      if (n < 2) {
        throw new IllegalArgumentException("classes must be at least 2, got " + n);
      }
      this.classes = n;
      return this;
    }

    /**
     * Filters per level, finest first; the number of values is the number of levels (default 8, 16,
     * 32).
     */
    public Builder filters(int... perLevel) {
      if (perLevel == null || perLevel.length < 1) {
        throw new IllegalArgumentException("filters needs at least one level");
      }
      for (int f : perLevel) {
        positive(f, "filters " + Arrays.toString(perLevel));
      }
      this.filters = perLevel.clone();
      return this;
    }

    /** Normalisation (default {@link Norm#NONE}). */
    public Builder norm(Norm norm) {
      this.norm = Objects.requireNonNull(norm, "norm");
      return this;
    }

    /** Weights of the cross-entropy per class (default 1, 1, 3). */
    public Builder classWeights(double... weights) {
      this.classWeights = CrossEntropy.checkedWeights(weights);
      return this;
    }

    /** Optimiser (default Adam with learning rate 1e-4). */
    public Builder updater(IUpdater updater) {
      this.updater = Objects.requireNonNull(updater, "updater").clone();
      return this;
    }

    /** Shortcut for Adam with the given learning rate. */
    public Builder learningRate(double lr) {
      if (!(lr > 0)) {
        throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
      }
      return updater(new Adam(lr));
    }

    /** Seed of the weight initialisation (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Network data type (default FLOAT; DOUBLE for gradient checks). */
    public Builder dataType(DataType type) {
      if (type != DataType.FLOAT && type != DataType.DOUBLE) {
        throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + type);
      }
      this.dataType = type;
      return this;
    }

    /** DL4J workspace mode for training and inference (default ENABLED). */
    public Builder workspaceMode(WorkspaceMode mode) {
      this.workspaceMode = Objects.requireNonNull(mode, "workspaceMode");
      return this;
    }

    /**
     * Whether convolutions reuse their forward output in backprop (default true) instead of DL4J's
     * recomputation; see {@link ReusingConvolution3D}.
     */
    public Builder reuseForwardInBackprop(boolean reuse) {
      this.reuseForwardInBackprop = reuse;
      return this;
    }

    /** Validates and builds the immutable description. */
    public UNet3D build() {
      if (classWeights.length != classes) {
        throw new IllegalArgumentException(
            "class weights "
                + Arrays.toString(classWeights)
                + " must have "
                + classes
                + " entries, one per class");
      }
      return new UNet3D(this);
    }

    private static int positive(int n, String what) {
      if (n < 1) {
        throw new IllegalArgumentException(what + " must be >= 1, got " + n);
      }
      return n;
    }
  }
}
