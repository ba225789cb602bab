package org.liverseg.models.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central-difference check of a graph's backprop on a few entries of every parameter array, the
 * test {@code GradientCheckUtil} does, done here because DL4J 1.0.0-M2.1's {@code
 * GradientCheckUtil} ignores {@code subset}/{@code maxPerParam} for a {@code ComputationGraph}
 * (measured: 6,593 score evaluations for 3,296 parameters, 2.5 minutes for one tiny network) and
 * names the parameters from {@code paramTable()}'s order, which differs from the flattened order
 * once the graph has attention gates or several outputs, so it cannot exclude batch norm's running
 * statistics by name. Parameters are addressed here through each layer's own views.
 *
 * <p>Pass rule as {@code GradientCheckUtil}'s: {@code |a - n| / (|a| + |n|) <= maxRelError}, or
 * {@code |a - n| < minAbsoluteError}.
 */
final class GradientCheck {

  private GradientCheck() {}

  /**
   * Checks {@code perArray} evenly spread entries of every parameter array of {@code net} (keys in
   * {@code excludedKeys}, e.g. {@code mean}, skipped) and returns one line per failure.
   */
  static List<String> failures(
      ComputationGraph net,
      INDArray[] inputs,
      INDArray[] labels,
      int perArray,
      double epsilon,
      double maxRelError,
      double minAbsoluteError,
      Set<String> excludedKeys) {
    DataType before = Nd4j.dataType();
    DataType beforeFloat = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      MultiDataSet batch = new MultiDataSet(inputs, labels);
      net.setInputs(inputs);
      net.setLabels(labels);
      net.computeGradientAndScore();
      Gradient g = net.gradient();
      List<String> failed = new ArrayList<>();
      for (Layer layer : net.getLayers()) {
        String name = layer.getConfig().getLayerName();
        for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
          if (excludedKeys.contains(e.getKey())) {
            continue;
          }
          INDArray p = e.getValue();
          INDArray analytic = g.getGradientFor(name + "_" + e.getKey()).dup();
          long n = p.length();
          for (int j = 0; j < Math.min(perArray, n); j++) {
            long i = (long) ((j + 0.5) * n / Math.min(perArray, n));
            double v = p.getDouble(i);
            p.putScalar(i, v + epsilon);
            double plus = net.score(batch, true);
            p.putScalar(i, v - epsilon);
            double minus = net.score(batch, true);
            p.putScalar(i, v);
            double numeric = (plus - minus) / (2 * epsilon);
            double a = analytic.getDouble(i);
            double abs = Math.abs(a - numeric);
            double rel = abs == 0 ? 0 : abs / (Math.abs(a) + Math.abs(numeric));
            if (rel > maxRelError && abs >= minAbsoluteError) {
              failed.add(
                  name + "_" + e.getKey() + "[" + i + "]: backprop " + a + ", numeric " + numeric);
            }
          }
        }
      }
      return failed;
    } finally {
      Nd4j.setDefaultDataTypes(before, beforeFloat);
    }
  }
}
