package org.liverseg.models.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of {@link GroupNorm3D}: {@value #GAMMA} (scale, initialised to 1) then {@value #BETA}
 * (shift, 0), one value per channel each, as vectors {@code [C]}.
 */
public final class GroupNorm3DParamInitializer implements ParamInitializer {

  /** Per-channel scale. */
  public static final String GAMMA = "gamma";

  /** Per-channel shift. */
  public static final String BETA = "beta";

  static final GroupNorm3DParamInitializer INSTANCE = new GroupNorm3DParamInitializer();

  private GroupNorm3DParamInitializer() {}

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    return 2 * ((GroupNorm3D) layer).getNOut();
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return List.of(GAMMA, BETA);
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return List.of();
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return List.of();
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return false;
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return false;
  }

  @Override
  public Map<String, INDArray> init(
      NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    Map<String, INDArray> params = views(conf, paramsView);
    if (initializeParams) {
      params.get(GAMMA).assign(1);
      params.get(BETA).assign(0);
    }
    conf.addVariable(GAMMA);
    conf.addVariable(BETA);
    return params;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(
      NeuralNetConfiguration conf, INDArray gradientView) {
    return views(conf, gradientView);
  }

  private static Map<String, INDArray> views(NeuralNetConfiguration conf, INDArray flat) {
    long c = ((GroupNorm3D) conf.getLayer()).getNOut();
    // Views (never copies) into the flat parameter vector, [2C] or [1, 2C] depending on the caller.
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put(GAMMA, slice(flat, 0, c));
    m.put(BETA, slice(flat, c, 2 * c));
    return m;
  }

  private static INDArray slice(INDArray flat, long from, long to) {
    return flat.rank() == 1
        ? flat.get(NDArrayIndex.interval(from, to))
        : flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, to));
  }
}
