package org.liverseg.models.training;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.liverseg.sampling.BatchCollator;
import org.liverseg.sampling.Patch;
import org.liverseg.sampling.PatchLocation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J {@link MultiDataSetIterator} over a patch source, typically a {@link
 * org.liverseg.sampling.Queue}: each {@link #reset()} starts a new pass ({@code source.iterator()},
 * one epoch of the queue), each {@link #next()} takes the next {@code batchSize} patches and turns
 * them into one input array {@code [b, c, z, y, x]} and one one-hot label array {@code [b, classes,
 * z, y, x]}.
 *
 * <p>Voxels are copied once by {@link BatchCollator} into a reused Java array in the NCDHW c-order
 * layout, and once from there into the ND4J buffer (a bulk memcpy), with no reordering.
 *
 * <p>Not thread-safe; the queue's own workers do the loading in the background, so DL4J's async
 * prefetch is declined ({@link #asyncSupported()} is false).
 */
public final class PatchBatchIterator implements MultiDataSetIterator {

  private static final long serialVersionUID = 1L;

  private final transient Iterable<Patch> source;
  private final int batchSize;
  private final List<String> inputImages;
  private final String labelName;
  private final int classes;
  private final boolean dropLast;
  private transient Iterator<Patch> epoch;
  private final transient List<Patch> pending = new ArrayList<>();
  private transient float[] inputBuffer;
  private transient float[] labelBuffer;
  private MultiDataSetPreProcessor preProcessor;

  /**
   * @param source patches; {@code iterator()} is called once per pass
   * @param batchSize patches per batch
   * @param inputImages names of the images that form the input channels, in order (e.g. {@code
   *     "ct"})
   * @param labelName name of the label map to one-hot encode
   * @param classes number of classes of the one-hot encoding
   * @param dropLast whether a last, smaller batch of a pass is skipped
   */
  public PatchBatchIterator(
      Iterable<Patch> source,
      int batchSize,
      List<String> inputImages,
      String labelName,
      int classes,
      boolean dropLast) {
    this.source = Objects.requireNonNull(source, "source");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (inputImages.isEmpty()) {
      throw new IllegalArgumentException("at least one input image name is needed");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, got " + classes);
    }
    this.batchSize = batchSize;
    this.inputImages = List.copyOf(inputImages);
    this.labelName = Objects.requireNonNull(labelName, "labelName");
    this.classes = classes;
    this.dropLast = dropLast;
  }

  @Override
  public boolean hasNext() {
    fill(batchSize);
    return pending.size() >= batchSize || (!dropLast && !pending.isEmpty());
  }

  /**
   * The next batch of up to {@code num} patches (exactly {@code num} with {@code dropLast}), before
   * collation.
   */
  public List<Patch> nextPatches(int num) {
    fill(num);
    if (pending.isEmpty() || (dropLast && pending.size() < num)) {
      throw new NoSuchElementException("the pass is over: call reset() for the next epoch");
    }
    int n = Math.min(num, pending.size());
    List<Patch> batch = new ArrayList<>(pending.subList(0, n));
    pending.subList(0, n).clear();
    return batch;
  }

  /** Reads ahead so that {@code pending} holds {@code num} patches or the rest of the pass. */
  private void fill(int num) {
    Iterator<Patch> it = epoch();
    while (pending.size() < num && it.hasNext()) {
      pending.add(it.next());
    }
  }

  @Override
  public MultiDataSet next() {
    return next(batchSize);
  }

  @Override
  public MultiDataSet next(int num) {
    MultiDataSet ds = toDataSet(nextPatches(num));
    if (preProcessor != null) {
      preProcessor.preProcess(ds);
    }
    return ds;
  }

  /** Collates {@code patches} into input and one-hot label arrays. */
  public MultiDataSet toDataSet(List<Patch> patches) {
    long[] xShape = BatchCollator.shape(patches, inputImages);
    long[] yShape = BatchCollator.oneHotShape(patches, classes);
    inputBuffer = buffer(inputBuffer, xShape);
    labelBuffer = buffer(labelBuffer, yShape);
    BatchCollator.collateInto(patches, inputImages, inputBuffer);
    requireFinite(patches, xShape, inputBuffer);
    BatchCollator.oneHotInto(patches, labelName, classes, labelBuffer);
    INDArray x = Nd4j.create(inputBuffer, xShape, 'c');
    INDArray y = Nd4j.create(labelBuffer, yShape, 'c');
    return new MultiDataSet(x, y);
  }

  /**
   * Refuses a batch with a NaN or infinite input value: one such value makes the loss NaN and ruins
   * the weights for good, silently.
   *
   * @throws IllegalArgumentException naming the patch, its subject, image and location, and the
   *     voxel
   */
  private void requireFinite(List<Patch> patches, long[] shape, float[] x) {
    for (int i = 0; i < x.length; i++) {
      if (!Float.isFinite(x[i])) {
        int channels = (int) shape[1];
        int w = (int) shape[4];
        int h = (int) shape[3];
        int perChannel = (int) (shape[2] * h * w);
        int b = i / (channels * perChannel);
        int c = (i / perChannel) % channels;
        int r = i % perChannel;
        Patch p = patches.get(b);
        PatchLocation l = p.location();
        throw new IllegalArgumentException(
            "patch "
                + (b + 1)
                + " of the batch (subject "
                + p.subjectId()
                + ", image '"
                + imageOfChannel(p, c)
                + "', at ("
                + l.i0()
                + ", "
                + l.j0()
                + ", "
                + l.k0()
                + ")) holds a non-finite value ("
                + x[i]
                + ") at its voxel ("
                + r % w
                + ", "
                + (r / w) % h
                + ", "
                + r / (w * h)
                + "); check the input images with ScalarImage.requireFinite()");
      }
    }
  }

  /** The name of the input image that fills channel {@code c} of a patch's input. */
  private String imageOfChannel(Patch p, int c) {
    int first = 0;
    for (String name : inputImages) {
      first += p.subject().image(name).channels();
      if (c < first) {
        return name;
      }
    }
    throw new AssertionError("channel " + c + " beyond the inputs " + inputImages);
  }

  private static float[] buffer(float[] current, long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    int len = Math.toIntExact(n);
    return current != null && current.length == len ? current : new float[len];
  }

  private Iterator<Patch> epoch() {
    if (epoch == null) {
      epoch = source.iterator();
    }
    return epoch;
  }

  @Override
  public void reset() {
    pending.clear();
    epoch = source.iterator();
  }

  @Override
  public boolean resetSupported() {
    return true;
  }

  @Override
  public boolean asyncSupported() {
    return false;
  }

  @Override
  public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
    this.preProcessor = preProcessor;
  }

  @Override
  public MultiDataSetPreProcessor getPreProcessor() {
    return preProcessor;
  }

  /** Patches per batch. */
  public int batchSize() {
    return batchSize;
  }
}
