package org.liverseg.models;

import java.util.Arrays;
import java.util.Objects;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.liverseg.models.metrics.CrossEntropy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * What every {@link Architecture} shares besides its shape: input channels, classes and the class
 * weights of the loss, and how the DL4J graph is trained and run (optimiser, seed, precision,
 * workspaces, and whether convolutions reuse their forward output in backprop).
 *
 * @param inputChannels input channels (1 for CT)
 * @param classes output classes, background included
 * @param classWeights weight of each class in the cross-entropy (one per class)
 * @param updater optimiser
 * @param seed seed of the weight initialisation
 * @param dataType FLOAT, or DOUBLE for gradient checks
 * @param workspaceMode DL4J workspace mode for training and inference
 * @param reuseForwardInBackprop whether convolutions use {@link
 *     org.liverseg.models.layers.ReusingConvolution3D}
 */
public record NetworkSettings(
    int inputChannels,
    int classes,
    double[] classWeights,
    IUpdater updater,
    long seed,
    DataType dataType,
    WorkspaceMode workspaceMode,
    boolean reuseForwardInBackprop) {

  /** Validates and copies. */
  public NetworkSettings {
    if (inputChannels < 1) {
      throw new IllegalArgumentException("inputChannels must be >= 1, got " + inputChannels);
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be at least 2, got " + classes);
    }
    classWeights = CrossEntropy.checkedWeights(classWeights).clone();
    if (classWeights.length != classes) {
      throw new IllegalArgumentException(
          "class weights "
              + Arrays.toString(classWeights)
              + " must have "
              + classes
              + " entries, one per class");
    }
    updater = Objects.requireNonNull(updater, "updater").clone();
    if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
      throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
    }
    Objects.requireNonNull(workspaceMode, "workspaceMode");
  }

  /** A copy of the class weights. */
  @Override
  public double[] classWeights() {
    return classWeights.clone();
  }

  /** A copy of the optimiser configuration. */
  @Override
  public IUpdater updater() {
    return updater.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkSettings s
        && inputChannels == s.inputChannels
        && classes == s.classes
        && Arrays.equals(classWeights, s.classWeights)
        && updater.equals(s.updater)
        && seed == s.seed
        && dataType == s.dataType
        && workspaceMode == s.workspaceMode
        && reuseForwardInBackprop == s.reuseForwardInBackprop;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        inputChannels,
        classes,
        Arrays.hashCode(classWeights),
        updater,
        seed,
        dataType,
        workspaceMode,
        reuseForwardInBackprop);
  }

  @Override
  public String toString() {
    return "in="
        + inputChannels
        + ", classes="
        + classes
        + ", weights="
        + Arrays.toString(classWeights)
        + ", updater="
        + updater;
  }
}
