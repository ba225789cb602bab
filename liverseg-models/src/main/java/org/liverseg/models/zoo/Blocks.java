package org.liverseg.models.zoo;

import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.liverseg.models.Architecture;
import org.liverseg.models.NetworkSettings;
import org.liverseg.models.Norm;
import org.liverseg.models.layers.BatchNorm3D;
import org.liverseg.models.layers.ChannelConcatVertex;
import org.liverseg.models.layers.GroupNorm3D;
import org.liverseg.models.layers.ReusingConvolution3D;
import org.liverseg.models.layers.ReusingDeconvolution3D;
import org.liverseg.models.layers.TrilinearUpsampling3D;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Adds the zoo's building blocks to a DL4J graph under given names and returns the name of each
 * block's output, so that architectures read like their PyTorch definitions. All blocks work on
 * NCDHW activations; convolutions are padded to keep the grid ({@code (k - 1) / 2}, PyTorch's and
 * nnU-Net's padding) and are {@link ReusingConvolution3D} unless the settings turn that off.
 */
public final class Blocks {

  private final ComputationGraphConfiguration.GraphBuilder graph;
  private final NetworkSettings settings;
  private final Norm norm;
  private final int groups;

  /**
   * @param graph the graph under construction ({@link #graph(NetworkSettings)})
   * @param settings the network's settings
   * @param norm normalisation of {@link #convNormAct} and {@link #normAct}
   * @param groups groups of {@link Norm#GROUP} (ignored otherwise)
   */
  public Blocks(
      ComputationGraphConfiguration.GraphBuilder graph,
      NetworkSettings settings,
      Norm norm,
      int groups) {
    this.graph = Objects.requireNonNull(graph, "graph");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.norm = Objects.requireNonNull(norm, "norm");
    this.groups = groups;
  }

  /**
   * A graph builder with the settings' seed, optimiser, precision, workspaces and He (ReLU) weight
   * initialisation, and the input {@value Architecture#INPUT}.
   */
  public static ComputationGraphConfiguration.GraphBuilder graph(NetworkSettings s) {
    return new NeuralNetConfiguration.Builder()
        .seed(s.seed())
        .updater(s.updater())
        .weightInit(WeightInit.RELU)
        .dataType(s.dataType())
        .trainingWorkspaceMode(s.workspaceMode())
        .inferenceWorkspaceMode(s.workspaceMode())
        .graphBuilder()
        .addInputs(Architecture.INPUT);
  }

  /**
   * Sets the outputs and a nominal input type (the graph infers channels from it; the spatial size
   * is free at run time as long as it is a multiple of {@code sizeDivisor}).
   */
  public static ComputationGraphConfiguration finish(
      ComputationGraphConfiguration.GraphBuilder g,
      NetworkSettings s,
      int sizeDivisor,
      String... outputs) {
    int size = 2 * sizeDivisor;
    return g.setOutputs(outputs)
        .setInputTypes(
            InputType.convolutional3D(
                Convolution3D.DataFormat.NCDHW, size, size, size, s.inputChannels()))
        .build();
  }

  /** The normalisation these blocks use. */
  public Norm norm() {
    return norm;
  }

  /**
   * A {@code kernel^3} convolution with stride {@code stride} and padding {@code (kernel - 1) / 2}.
   */
  public String conv(
      String name,
      String in,
      int nIn,
      int nOut,
      int kernel,
      int stride,
      boolean bias,
      IActivation activation) {
    int pad = (kernel - 1) / 2;
    Convolution3D.Builder b =
        new Convolution3D.Builder(kernel, kernel, kernel)
            .nIn(nIn)
            .nOut(nOut)
            .stride(stride, stride, stride)
            .padding(pad, pad, pad)
            .convolutionMode(ConvolutionMode.Truncate)
            .dataFormat(Convolution3D.DataFormat.NCDHW)
            .hasBias(bias)
            .activation(activation);
    Layer layer = settings.reuseForwardInBackprop() ? new ReusingConvolution3D(b) : b.build();
    graph.addLayer(name, layer, in);
    return name;
  }

  /**
   * The normalisation and then {@code activation}; with {@link Norm#NONE} only the activation (an
   * {@link ActivationLayer}, or nothing for identity). The layer is named {@code name}.
   */
  public String normAct(String name, String in, IActivation activation) {
    Layer layer =
        switch (norm) {
          case NONE ->
              activation instanceof ActivationIdentity
                  ? null
                  : new ActivationLayer.Builder().activation(activation).build();
          case BATCH -> BatchNorm3D.of(name, activation);
          case INSTANCE -> GroupNorm3D.instance(name, activation);
          case GROUP -> GroupNorm3D.grouped(name, groups, activation);
        };
    if (layer == null) {
      return in;
    }
    graph.addLayer(name, layer, in);
    return name;
  }

  /**
   * Convolution, normalisation, activation (nnU-Net's {@code ConvDropoutNormReLU} without dropout).
   * The convolution is {@code name}, the normalisation {@code name + suffix}, where the suffix is
   * {@code "_bn"} for batch norm and {@code "_norm"} otherwise. With {@link Norm#NONE} the
   * activation is the convolution's own.
   *
   * @param biasBeforeNorm whether the convolution keeps its bias when a normalisation follows
   *     (nnU-Net's convolutions do; the seed's U-Net's do not)
   */
  public String convNormAct(
      String name,
      String in,
      int nIn,
      int nOut,
      int kernel,
      int stride,
      boolean biasBeforeNorm,
      IActivation activation) {
    if (norm == Norm.NONE) {
      return conv(name, in, nIn, nOut, kernel, stride, true, activation);
    }
    String c = conv(name, in, nIn, nOut, kernel, stride, biasBeforeNorm, new ActivationIdentity());
    return normAct(name + normSuffix(), c, activation);
  }

  /**
   * {@code "_bn"} for batch norm, else {@code "_norm"}: the name suffix of normalisation layers.
   */
  public String normSuffix() {
    return norm == Norm.BATCH ? "_bn" : "_norm";
  }

  /** An activation on its own. */
  public String activation(String name, String in, IActivation activation) {
    graph.addLayer(name, new ActivationLayer.Builder().activation(activation).build(), in);
    return name;
  }

  /** Element-wise sum (residual connections, additive skips). */
  public String add(String name, String... in) {
    graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), in);
    return name;
  }

  /**
   * Element-wise product; a one-channel input is broadcast over the channels of the other
   * (attention gates).
   */
  public String multiply(String name, String a, String b) {
    graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Product), a, b);
    return name;
  }

  /** Channel concatenation {@code [in...]} (U-Net skips). */
  public String concat(String name, String... in) {
    graph.addVertex(name, new ChannelConcatVertex(), in);
    return name;
  }

  /** 2x2x2 max pooling with stride 2. */
  public String maxPool(String name, String in) {
    return pool(name, in, Subsampling3DLayer.PoolingType.MAX);
  }

  /** 2x2x2 average pooling with stride 2 (ResNet-D shortcuts). */
  public String avgPool(String name, String in) {
    return pool(name, in, Subsampling3DLayer.PoolingType.AVG);
  }

  private String pool(String name, String in, Subsampling3DLayer.PoolingType type) {
    graph.addLayer(
        name,
        new Subsampling3DLayer.Builder(type, new int[] {2, 2, 2}, new int[] {2, 2, 2})
            .dataFormat(Convolution3D.DataFormat.NCDHW)
            .build(),
        in);
    return name;
  }

  /** Trilinear 2x upsampling, PyTorch {@code align_corners=False}. */
  public String trilinearUp(String name, String in) {
    graph.addLayer(name, TrilinearUpsampling3D.builder().build(), in);
    return name;
  }

  /**
   * Transposed convolution with kernel = stride = 2 (PyTorch {@code ConvTranspose3d(nIn, nOut, 2,
   * 2)}); DL4J keeps its weights as {@code [kD, kH, kW, nOut, nIn]}. A {@link
   * ReusingDeconvolution3D} unless the settings turn reuse off.
   */
  public String transposedConv(String name, String in, int nIn, int nOut, boolean bias) {
    Deconvolution3D.Builder b =
        new Deconvolution3D.Builder()
            .kernelSize(2, 2, 2)
            .stride(2, 2, 2)
            .padding(0, 0, 0)
            .nIn(nIn)
            .nOut(nOut)
            .hasBias(bias)
            .dataFormat(Convolution3D.DataFormat.NCDHW)
            .convolutionMode(ConvolutionMode.Truncate)
            .activation(Activation.IDENTITY);
    graph.addLayer(
        name, settings.reuseForwardInBackprop() ? new ReusingDeconvolution3D(b) : b.build(), in);
    return name;
  }

  /**
   * A segmentation output: 1x1x1 convolution with bias to the classes (named {@code logits}), then
   * softmax and the class-weighted cross-entropy (named {@code output}) with every class weight
   * multiplied by {@code lossScale}.
   */
  public String head(String logits, String output, String in, int nIn, double lossScale) {
    conv(logits, in, nIn, settings.classes(), 1, 1, true, new ActivationIdentity());
    double[] w = settings.classWeights();
    for (int i = 0; i < w.length; i++) {
      w[i] *= lossScale;
    }
    graph.addLayer(
        output,
        new Cnn3DLossLayer.Builder(Convolution3D.DataFormat.NCDHW)
            .lossFunction(new LossMCXENT(Nd4j.create(w).castTo(DataType.FLOAT)))
            .activation(Activation.SOFTMAX)
            .build(),
        logits);
    return output;
  }
}
