package org.liverseg.models.prediction;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.liverseg.io.Box;

/**
 * The network outputs of one volume's patches, kept so that several sliding-window settings over
 * the same volume (another blending, a tile step whose grid shares patches) run the network once
 * per patch: {@link SegmentationPredictor#probabilities(org.liverseg.io.Subject, PatchOutputs)}
 * takes an output from here when it has the patch's location and stores what it computes.
 *
 * <p>One instance belongs to one volume (locations are only meaningful on its grid) and one
 * mirroring setting (a mirrored output is the mean over the flips); a predictor with other mirror
 * axes refuses it. Memory: one float array of {@code classes x patch voxels} per patch. Not
 * thread-safe.
 */
public final class PatchOutputs {

  private final Map<Box, float[]> outputs = new HashMap<>();
  private List<Integer> mirrorAxes;
  private int hits;
  private int misses;

  /** Patches whose outputs are kept. */
  public int size() {
    return outputs.size();
  }

  /** How many patch outputs came from here instead of the network. */
  public int hits() {
    return hits;
  }

  /** How many patch outputs had to be computed. */
  public int misses() {
    return misses;
  }

  /** Fails if these outputs were made with other mirror axes. */
  void requireMirrorAxes(List<Integer> axes) {
    if (mirrorAxes == null) {
      mirrorAxes = List.copyOf(axes);
    } else if (!mirrorAxes.equals(axes)) {
      throw new IllegalArgumentException(
          "these patch outputs were made with mirror axes "
              + mirrorAxes
              + ", not "
              + axes
              + ": use one PatchOutputs per mirroring setting");
    }
  }

  /** The kept output of the patch at {@code location}, or null. */
  float[] get(Box location) {
    float[] v = outputs.get(location);
    if (v != null) {
      hits++;
    }
    return v;
  }

  /** Keeps the output of the patch at {@code location}. */
  void put(Box location, float[] output) {
    misses++;
    outputs.put(location, output);
  }
}
