package org.liverseg.models.batch;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.liverseg.io.Box;
import org.liverseg.sampling.Patch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One batch of patches as network input: the patches, their input images collated into {@code
 * features} {@code [b, c, z, y, x]} (c-order, x fastest) and, when the batches carry labels, the
 * one-hot {@code labels} {@code [b, classes, z, y, x]}. Made by {@link PatchBatches}; the arrays
 * hold native memory, which {@link #close()} frees at once instead of when the garbage collector
 * gets to it.
 *
 * @param patches the patches, in batch order
 * @param features the collated input images
 * @param labels the one-hot labels, or null when the batches carry none (prediction)
 */
public record PatchBatch(ImmutableList<Patch> patches, INDArray features, INDArray labels)
    implements AutoCloseable {

  /** Checks that patches and features are given. */
  public PatchBatch {
    requireNonNull(patches, "patches");
    requireNonNull(features, "features");
  }

  /** The number of patches. */
  public int size() {
    return patches.size();
  }

  /** Where each patch lies in its subject's grid, in batch order (what a grid aggregator takes). */
  public List<Box> locations() {
    return patches.stream().map(Patch::location).toList();
  }

  /** Features and labels as a DL4J {@link DataSet} (sharing the arrays). */
  public DataSet toDataSet() {
    return new DataSet(features, labels);
  }

  /** Frees the arrays' native memory; the batch must not be used afterwards. */
  @Override
  public void close() {
    features.close();
    if (labels != null) {
      labels.close();
    }
  }
}
