package org.liverseg.models.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runtime vertex of {@link ChannelConcatVertex}: concatenates along axis 1, splits the gradient
 * back.
 */
public class ChannelConcatVertexImpl extends BaseGraphVertex {

  private static final long serialVersionUID = 1L;

  private long[][] inputShapes;

  /** Created by {@link ChannelConcatVertex#instantiate}. */
  public ChannelConcatVertexImpl(
      ComputationGraph graph, String name, int index, DataType dataType) {
    super(graph, name, index, null, null, dataType);
  }

  @Override
  public boolean hasLayer() {
    return false;
  }

  @Override
  public Layer getLayer() {
    return null;
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoForward()) {
      throw new IllegalStateException(
          "ChannelConcatVertex \"" + getVertexName() + "\": inputs not set");
    }
    inputShapes = new long[inputs.length][];
    long[] outShape = inputs[0].shape().clone();
    outShape[1] = 0;
    for (int i = 0; i < inputs.length; i++) {
      long[] s = inputs[i].shape();
      inputShapes[i] = s;
      if (s.length != outShape.length) {
        throw new IllegalStateException(
            "ChannelConcatVertex \""
                + getVertexName()
                + "\": input "
                + i
                + " has shape "
                + Arrays.toString(s)
                + ", input 0 "
                + Arrays.toString(inputs[0].shape()));
      }
      for (int a = 0; a < s.length; a++) {
        if (a != 1 && s[a] != inputs[0].size(a)) {
          throw new IllegalStateException(
              "ChannelConcatVertex \""
                  + getVertexName()
                  + "\": shapes differ outside the channel axis: "
                  + Arrays.toString(inputs[0].shape())
                  + " vs input "
                  + i
                  + " "
                  + Arrays.toString(s));
        }
      }
      outShape[1] += s[1];
    }
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, outShape, 'c');
    long c0 = 0;
    for (INDArray in : inputs) {
      out.get(channels(outShape.length, c0, c0 + in.size(1))).assign(in);
      c0 += in.size(1);
    }
    return out;
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoBackward()) {
      throw new IllegalStateException(
          "ChannelConcatVertex \"" + getVertexName() + "\": epsilon not set");
    }
    INDArray[] out = new INDArray[inputShapes.length];
    long c0 = 0;
    for (int i = 0; i < out.length; i++) {
      long c = inputShapes[i][1];
      out[i] =
          workspaceMgr.createUninitialized(
              ArrayType.ACTIVATION_GRAD, epsilon.dataType(), inputShapes[i], 'c');
      out[i].assign(epsilon.get(channels(inputShapes[i].length, c0, c0 + c)));
      c0 += c;
    }
    return new Pair<>(null, out);
  }

  private static INDArrayIndex[] channels(int rank, long from, long to) {
    INDArrayIndex[] idx = new INDArrayIndex[rank];
    Arrays.fill(idx, NDArrayIndex.all());
    idx[1] = NDArrayIndex.interval(from, to);
    return idx;
  }

  @Override
  public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
    if (backpropGradientsViewArray != null) {
      throw new IllegalArgumentException(
          "ChannelConcatVertex has no parameters, so no gradient view");
    }
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArrays(
      INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
    // Segmentation activations carry no masks; pass through whatever the first input had.
    return new Pair<>(
        maskArrays == null || maskArrays.length == 0 ? null : maskArrays[0], currentMaskState);
  }

  @Override
  public String toString() {
    return "ChannelConcatVertex(id=" + getVertexIndex() + ",name=\"" + getVertexName() + "\")";
  }
}
