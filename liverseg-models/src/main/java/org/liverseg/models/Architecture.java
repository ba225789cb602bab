package org.liverseg.models;

import com.google.gson.JsonObject;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Immutable description of a 3D segmentation network of the {@link ModelZoo}, and the factory of
 * its DL4J {@link ComputationGraph}.
 *
 * <p>Every architecture takes NCDHW input ({@code [batch, channels, z, y, x]}) named {@value
 * #INPUT}, whose D, H and W are multiples of {@link #sizeDivisor()}, and ends in one or more
 * softmax outputs with a class-weighted cross-entropy ({@link #outputs()}): the first, {@value
 * #OUTPUT}, is the full-resolution prediction; with deep supervision, more outputs follow at
 * coarser resolutions, and training needs one label array per output ({@link DeepSupervision}).
 *
 * <p>The idiom: {@code X.builder()...build()} returns the description; {@link #newNetwork()}
 * returns an initialised graph.
 */
public interface Architecture {

  /** Name of the graph input. */
  String INPUT = "input";

  /** Name of the full-resolution output layer. */
  String OUTPUT = "output";

  /** The architecture's {@link ModelZoo} name, e.g. {@code "unet"}. */
  String name();

  /** Channels, classes, loss weights and training settings. */
  NetworkSettings settings();

  /** Number of input channels. */
  default int inputChannels() {
    return settings().inputChannels();
  }

  /** Number of output classes, background included. */
  default int classes() {
    return settings().classes();
  }

  /** Feature channels per resolution stage, finest first ({@link Builder#widths}). */
  int[] widths();

  /** D, H and W of the input must be multiples of this. */
  int sizeDivisor();

  /**
   * The graph's outputs in DL4J's order: first the full-resolution prediction ({@value #OUTPUT},
   * downsampling 1), then any deep-supervision outputs from fine to coarse.
   */
  List<Output> outputs();

  /** The DL4J graph configuration. */
  ComputationGraphConfiguration configuration();

  /** A new network with freshly initialised weights (seeded by {@link NetworkSettings#seed()}). */
  default ComputationGraph newNetwork() {
    ComputationGraph net = new ComputationGraph(configuration());
    net.init();
    return net;
  }

  /**
   * Number of parameters DL4J allocates (trainable ones plus, with batch norm, the running mean and
   * variance, which PyTorch counts as buffers).
   */
  default long parameterCount() {
    return configuration().getVertices().values().stream().mapToLong(v -> v.numParams(true)).sum();
  }

  /**
   * The shape settings as JSON (with input channels, classes and class weights), what a model file
   * records; {@link Builder#parameters(JsonObject)} reads it back.
   */
  JsonObject parameters();

  /** Zoo name and parameters, as a model file records them. */
  default ArchitectureSpec spec() {
    return new ArchitectureSpec(name(), parameters());
  }

  /** A builder preset with this description, for variations. */
  Builder toBuilder();

  /**
   * One output of the graph.
   *
   * @param name output layer name
   * @param downsampling how much coarser than the input it is along each axis (1, 2, 4, ...)
   * @param lossWeight its share of the loss (the weights of all outputs sum to 1)
   */
  record Output(String name, int downsampling, double lossWeight) {}

  /**
   * The settings every architecture's builder has. Each architecture's builder adds its own and
   * returns its own type from these methods.
   */
  interface Builder {

    /** Number of input channels (default 1). */
    Builder inputChannels(int n);

    /** Number of classes (default 3); the class weights must have as many entries. */
    Builder classes(int n);

    /** Cross-entropy weight per class (default 1, 1, 3). */
    Builder classWeights(double... weights);

    /** Optimiser (default Adam with learning rate 1e-4). */
    Builder updater(IUpdater updater);

    /** Shortcut for Adam with this learning rate. */
    Builder learningRate(double lr);

    /** Seed of the weight initialisation (default 42). */
    Builder seed(long seed);

    /** FLOAT (default) or DOUBLE. */
    Builder dataType(DataType type);

    /** DL4J workspace mode for training and inference (default ENABLED). */
    Builder workspaceMode(WorkspaceMode mode);

    /** Whether convolutions reuse their forward output in backprop (default true). */
    Builder reuseForwardInBackprop(boolean reuse);

    /**
     * Feature channels per resolution stage, finest first; the number of values is the number of
     * stages. Each architecture says what it accepts.
     */
    Builder widths(int... perStage);

    /**
     * The normalisation after convolutions.
     *
     * @throws IllegalArgumentException if the architecture does not support it
     */
    Builder norm(Norm norm);

    /**
     * Deep supervision: auxiliary outputs at coarser resolutions ({@link DeepSupervision}).
     *
     * @throws IllegalArgumentException if the architecture does not support it
     */
    Builder deepSupervision(boolean on);

    /**
     * Applies settings recorded by {@link Architecture#parameters()} (keys not given keep their
     * current value).
     *
     * @throws IllegalArgumentException naming the key for an unknown key or a bad value
     */
    Builder parameters(JsonObject parameters);

    /** Validates and builds the immutable description. */
    Architecture build();
  }
}
