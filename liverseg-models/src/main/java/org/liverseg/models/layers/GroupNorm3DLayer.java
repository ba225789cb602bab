package org.liverseg.models.layers;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Runtime layer of {@link GroupNorm3D}. */
public class GroupNorm3DLayer extends BaseLayer<GroupNorm3D> {

  private static final long serialVersionUID = 1L;

  /** Mean and reciprocal standard deviation per (sample, group) of the last forward pass. */
  private transient double[] stats;

  private transient long[] statsShape;

  /** Created by {@link GroupNorm3D#instantiate}. */
  public GroupNorm3DLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    INDArray in = checkedInput();
    INDArray out =
        workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, in.shape(), 'c');
    IActivation f = layerConf().getActivationFn();
    double slope = fusedSlope(f);
    stats =
        GroupNormKernel.forward(
            in,
            out,
            gamma(),
            beta(),
            groups(in),
            layerConf().getEps(),
            Double.isNaN(slope) ? 1 : slope);
    statsShape = in.shape();
    return Double.isNaN(slope) ? f.getActivation(out, training) : out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    INDArray in = checkedInput();
    if (stats == null || !Arrays.equals(statsShape, in.shape())) {
      throw new IllegalStateException(
          "GroupNorm3D backprop without a forward pass on this input " + layerId());
    }
    double[] gamma = gamma();
    double[] beta = beta();
    int groups = groups(in);
    IActivation f = layerConf().getActivationFn();
    double slope = fusedSlope(f);
    INDArray dz = NativeVolumes.dense(epsilon.castTo(dataType));
    if (Double.isNaN(slope)) {
      // Other activations need their input: recompute it, then let DL4J differentiate.
      INDArray pre =
          workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, in.shape(), 'c');
      GroupNormKernel.affine(in, pre, gamma, beta, groups, stats);
      dz = NativeVolumes.dense(f.backprop(pre, dz).getFirst());
      slope = 1;
    }
    INDArray dx =
        workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
    double[] dGamma = new double[gamma.length];
    double[] dBeta = new double[gamma.length];
    GroupNormKernel.backward(in, dz, dx, gamma, beta, groups, stats, slope, dGamma, dBeta);
    Gradient g = new DefaultGradient();
    g.setGradientFor(
        GroupNorm3DParamInitializer.GAMMA, fill(GroupNorm3DParamInitializer.GAMMA, dGamma));
    g.setGradientFor(
        GroupNorm3DParamInitializer.BETA, fill(GroupNorm3DParamInitializer.BETA, dBeta));
    return new Pair<>(g, dx);
  }

  /**
   * The negative slope of an activation the kernel applies and differentiates itself ({@code y > 0
   * ? y : slope * y}): 1 for identity, 0 for plain ReLU, alpha for leaky ReLU; NaN for any other
   * activation, which DL4J applies after the kernel.
   */
  static double fusedSlope(IActivation f) {
    if (f instanceof ActivationIdentity) {
      return 1;
    }
    if (f instanceof ActivationLReLU l) {
      return l.getAlpha();
    }
    if (f instanceof ActivationReLU r
        && r.getMax() == null
        && r.getThreshold() == null
        && r.getNegativeSlope() == null) {
      return 0;
    }
    return Double.NaN;
  }

  private INDArray fill(String key, double[] values) {
    INDArray view = gradientViews.get(key);
    view.assign(Nd4j.createFromArray(values).reshape(view.shape()).castTo(view.dataType()));
    return view;
  }

  private double[] gamma() {
    return getParam(GroupNorm3DParamInitializer.GAMMA).toDoubleVector();
  }

  private double[] beta() {
    return getParam(GroupNorm3DParamInitializer.BETA).toDoubleVector();
  }

  private int groups(INDArray in) {
    return layerConf().groupsFor(in.size(1));
  }

  private INDArray checkedInput() {
    if (input.rank() != 5 || input.size(1) != layerConf().getNOut()) {
      throw new DL4JInvalidInputException(
          "GroupNorm3D needs rank-5 NCDHW input with "
              + layerConf().getNOut()
              + " channels, got shape "
              + Arrays.toString(input.shape())
              + " "
              + layerId());
    }
    return NativeVolumes.dense(input.castTo(dataType));
  }

  @Override
  public void clear() {
    super.clear();
    stats = null;
    statsShape = null;
  }

  @Override
  public Type type() {
    return Type.NORMALIZATION;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public boolean hasBias() {
    return false;
  }

  @Override
  public double calcRegularizationScore(boolean backpropParamsOnly) {
    return 0;
  }
}
