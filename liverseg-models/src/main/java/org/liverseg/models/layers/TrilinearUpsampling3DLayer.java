package org.liverseg.models.layers;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime layer of {@link TrilinearUpsampling3D}: NCDHW in, NCDHW with D, H and W doubled out. */
public class TrilinearUpsampling3DLayer extends AbstractLayer<TrilinearUpsampling3D> {

  private static final long serialVersionUID = 1L;

  /** Created by {@link TrilinearUpsampling3D#instantiate}. */
  public TrilinearUpsampling3DLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    applyDropOutIfNecessary(training, workspaceMgr);
    INDArray in = checkedInput();
    long[] s = in.shape();
    INDArray out =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATIONS,
            in.dataType(),
            new long[] {s[0], s[1], 2 * s[2], 2 * s[3], 2 * s[4]},
            'c');
    Trilinear.forward(in, out);
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    INDArray in = checkedInput();
    INDArray gradIn =
        workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, in.dataType(), in.shape(), 'c');
    Trilinear.backward(epsilon.castTo(in.dataType()), gradIn);
    return new Pair<>(new DefaultGradient(), backpropDropOutIfPresent(gradIn));
  }

  private INDArray checkedInput() {
    if (input.rank() != 5) {
      throw new DL4JInvalidInputException(
          "TrilinearUpsampling3D needs rank-5 NCDHW input, got shape "
              + Arrays.toString(input.shape())
              + " "
              + layerId());
    }
    return input.castTo(dataType);
  }

  @Override
  public Type type() {
    return Type.UPSAMPLING;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public void clearNoiseWeightParams() {
    // no parameters, no noise
  }

  @Override
  public double calcRegularizationScore(boolean backpropParamsOnly) {
    return 0;
  }
}
