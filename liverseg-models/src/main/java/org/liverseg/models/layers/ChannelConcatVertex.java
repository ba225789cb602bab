package org.liverseg.models.layers;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Graph vertex that concatenates NCDHW activations along the channel axis (the U-Net skip
 * connection).
 *
 * <p>It exists because DL4J 1.0.0-M2.1's {@code MergeVertex} concatenates rank-5 arrays forward but
 * throws "Invalid rank" in backprop, and reports the merged type as NDHWC. Inputs must agree in D,
 * H and W.
 */
public class ChannelConcatVertex extends GraphVertex {

  private static final long serialVersionUID = 1L;

  /** The vertex has no configuration. */
  public ChannelConcatVertex() {}

  @Override
  public ChannelConcatVertex clone() {
    return new ChannelConcatVertex();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChannelConcatVertex;
  }

  @Override
  public int hashCode() {
    return ChannelConcatVertex.class.getName().hashCode();
  }

  @Override
  public long numParams(boolean backprop) {
    return 0;
  }

  @Override
  public int minVertexInputs() {
    return 1;
  }

  @Override
  public int maxVertexInputs() {
    return Integer.MAX_VALUE;
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
      ComputationGraph graph,
      String name,
      int idx,
      INDArray paramsView,
      boolean initializeParams,
      DataType networkDatatype) {
    return new ChannelConcatVertexImpl(graph, name, idx, networkDatatype);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... inputs)
      throws InvalidInputTypeException {
    long channels = 0;
    InputType.InputTypeConvolutional3D first = null;
    for (int i = 0; i < inputs.length; i++) {
      // Format flags are not checked: DL4J's Convolution3D reports NDHWC types for NCDHW layers.
      if (!(inputs[i] instanceof InputType.InputTypeConvolutional3D c)) {
        throw new InvalidInputTypeException(
            "ChannelConcatVertex needs CNN3D (NCDHW) inputs; input " + i + " is " + inputs[i]);
      }
      if (first == null) {
        first = c;
      } else if (c.getDepth() != first.getDepth()
          || c.getHeight() != first.getHeight()
          || c.getWidth() != first.getWidth()) {
        throw new InvalidInputTypeException(
            "ChannelConcatVertex inputs differ in D x H x W: input 0 is "
                + first
                + ", input "
                + i
                + " is "
                + c);
      }
      channels += c.getChannels();
    }
    if (first == null) {
      throw new InvalidInputTypeException("ChannelConcatVertex needs at least one input");
    }
    return InputType.convolutional3D(
        Convolution3D.DataFormat.NCDHW,
        first.getDepth(),
        first.getHeight(),
        first.getWidth(),
        channels);
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputTypes) {
    InputType out = getOutputType(-1, inputTypes);
    return new LayerMemoryReport.Builder(null, ChannelConcatVertex.class, inputTypes[0], out)
        .standardMemory(0, 0)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(0, 0)
        .build();
  }

  @Override
  public String toString() {
    return "ChannelConcatVertex()";
  }
}
