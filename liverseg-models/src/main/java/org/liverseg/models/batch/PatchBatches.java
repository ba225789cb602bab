package org.liverseg.models.batch;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.liverseg.io.Box;
import org.liverseg.io.LabelMap;
import org.liverseg.sampling.BatchCollator;
import org.liverseg.sampling.Patch;
import org.liverseg.sampling.PatchQueue;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batches of patches as a DL4J {@link DataSetIterator}, so that training code never collates by
 * hand:
 *
 * <pre>{@code
 * net.fit(PatchBatches.over(queue).batchSize(4).inputs("ct").oneHot("label", 3));  // one epoch
 * }</pre>
 *
 * <p>Each pass over the source is one call of its {@code iterator()}: for a {@link PatchQueue}, one
 * epoch. {@link #reset()} ends the pass; the next {@link #hasNext()} or {@link #next()} starts a
 * new one, so {@code ComputationGraph.fit(iterator)}, which resets an exhausted iterator before it
 * starts, trains one new epoch per call, and {@code fit(iterator, n)} trains {@code n}. Each batch
 * takes the next {@code batchSize} patches; a last, smaller one ends the pass unless {@link
 * #dropLast(boolean)}.
 *
 * <p>The options ({@link #batchSize}, {@link #inputs}, {@link #oneHot}, {@link #dropLast}, {@link
 * #startEpoch}) each return a new iterator with that option changed and no pass started; the one
 * they are called on is unchanged. {@code inputs} is required; without {@code oneHot} the batches
 * carry no labels (prediction). The predictor and the trainer make their batches here too ({@link
 * #nextBatch()}, {@link #collate(List)}).
 *
 * <p>Collation: {@link BatchCollator} copies the voxels of the input images (channels in the given
 * order) once into a reused Java array in {@code [b, c, z, y, x]} c-order, and {@code Nd4j.create}
 * copies that into the native buffer; the labels (channel 0 of a label map) are one-hot encoded the
 * same way. No reordering anywhere.
 *
 * <p>{@link #asyncSupported()} is false: a queue already loads and samples in its own threads, and
 * DL4J's prefetch thread would only start the next epoch early. Not thread-safe.
 */
public final class PatchBatches implements DataSetIterator {

  private static final long serialVersionUID = 1L;

  /** {@link #startEpoch} not set: a queue continues with its next epoch. */
  private static final long NO_START = -1;

  private final transient Iterable<Patch> source;
  private final transient PatchQueue queue;
  private final int batchSize;
  private final ImmutableList<String> inputs;
  private final String labelName;
  private final int classes;
  private final boolean dropLast;
  private final long startEpoch;

  private transient Iterator<Patch> pass;
  private transient boolean started;
  private final transient List<Patch> pending = new ArrayList<>();
  private transient float[] inputBuffer;
  private transient float[] labelBuffer;
  private int inputChannels = -1;
  private DataSetPreProcessor preProcessor;

  private PatchBatches(
      Iterable<Patch> source,
      PatchQueue queue,
      int batchSize,
      ImmutableList<String> inputs,
      String labelName,
      int classes,
      boolean dropLast,
      long startEpoch) {
    this.source = source;
    this.queue = queue;
    this.batchSize = batchSize;
    this.inputs = inputs;
    this.labelName = labelName;
    this.classes = classes;
    this.dropLast = dropLast;
    this.startEpoch = startEpoch;
  }

  /**
   * Batches of one patch each from the epochs of {@code queue} (each pass is {@code
   * queue.iterator()}, or {@code queue.iterator(k)} for the first pass after {@link
   * #startEpoch(long) startEpoch(k)}).
   */
  public static PatchBatches over(PatchQueue queue) {
    requireNonNull(queue, "queue");
    return new PatchBatches(queue, queue, 1, ImmutableList.of(), null, 0, false, NO_START);
  }

  /**
   * Batches of one patch each from {@code patches} (each pass is {@code patches.iterator()}), e.g.
   * the patches of a {@code GridSampler} or a list; a {@link PatchQueue} given as an {@code
   * Iterable} is {@link #over(PatchQueue)}.
   */
  public static PatchBatches over(Iterable<Patch> patches) {
    if (patches instanceof PatchQueue q) {
      return over(q);
    }
    requireNonNull(patches, "patches");
    return new PatchBatches(patches, null, 1, ImmutableList.of(), null, 0, false, NO_START);
  }

  /** These batches with {@code n} patches each (default 1). */
  public PatchBatches batchSize(int n) {
    checkArgument(n >= 1, "batchSize must be >= 1, got %s", n);
    return new PatchBatches(source, queue, n, inputs, labelName, classes, dropLast, startEpoch);
  }

  /** These batches with the named images, in this order, as input channels (required). */
  public PatchBatches inputs(String... imageNames) {
    checkArgument(imageNames.length > 0, "at least one input image name is needed");
    return new PatchBatches(
        source,
        queue,
        batchSize,
        ImmutableList.copyOf(imageNames),
        labelName,
        classes,
        dropLast,
        startEpoch);
  }

  /**
   * These batches with labels: channel 0 of the label map {@code labelName}, one-hot encoded into
   * {@code classes} channels (a label {@code >= classes} is an error naming the subject and voxel).
   */
  public PatchBatches oneHot(String labelName, int classes) {
    requireNonNull(labelName, "labelName");
    checkArgument(
        classes >= 2 && classes <= LabelMap.MAX_LABEL + 1,
        "one-hot classes must be in 2..256, got %s",
        classes);
    return new PatchBatches(
        source, queue, batchSize, inputs, labelName, classes, dropLast, startEpoch);
  }

  /** These batches skipping (true) or keeping (false, the default) a pass's last, smaller batch. */
  public PatchBatches dropLast(boolean drop) {
    return new PatchBatches(source, queue, batchSize, inputs, labelName, classes, drop, startEpoch);
  }

  /**
   * These batches with the first pass at epoch {@code epoch}: on a queue {@code
   * queue.iterator(epoch)}, which produces no earlier epoch (what resuming after {@code epoch}
   * epochs needs); on another source the first pass calls {@code iterator()} {@code epoch} times
   * more and uses the last. Later passes continue with the next epoch.
   */
  public PatchBatches startEpoch(long epoch) {
    checkArgument(epoch >= 0, "startEpoch must be non-negative, got %s", epoch);
    return new PatchBatches(source, queue, batchSize, inputs, labelName, classes, dropLast, epoch);
  }

  /** The input image names, in channel order. */
  public ImmutableList<String> inputs() {
    return inputs;
  }

  /** Whether the batches carry one-hot labels. */
  public boolean hasLabels() {
    return labelName != null;
  }

  @Override
  public boolean hasNext() {
    fill(batchSize);
    return pending.size() >= batchSize || (!dropLast && !pending.isEmpty());
  }

  /**
   * The next batch of the pass.
   *
   * @throws NoSuchElementException if the pass is over ({@link #reset()} starts the next)
   * @throws IllegalStateException if no {@link #inputs} were given
   */
  public PatchBatch nextBatch() {
    return nextBatch(batchSize);
  }

  private PatchBatch nextBatch(int num) {
    checkArgument(num >= 1, "batch size must be >= 1, got %s", num);
    fill(num);
    if (pending.isEmpty() || (dropLast && pending.size() < num)) {
      throw new NoSuchElementException("the pass is over: reset() starts the next one");
    }
    int n = Math.min(num, pending.size());
    List<Patch> batch = pending.subList(0, n);
    PatchBatch b = collate(batch);
    batch.clear();
    return b;
  }

  /**
   * Collates {@code patches} (all of one size) into a batch with these options' inputs and labels;
   * what {@link #nextBatch()} does with the next patches of the pass.
   *
   * @throws IllegalStateException if no {@link #inputs} were given
   * @throws IllegalArgumentException if the patches differ in size or channels, or a label does not
   *     fit the classes (naming the patch)
   */
  public PatchBatch collate(List<Patch> patches) {
    checkState(!inputs.isEmpty(), "PatchBatches needs inputs(...): the images to feed the network");
    long[] xShape = BatchCollator.shape(patches, inputs);
    inputBuffer = buffer(inputBuffer, xShape);
    BatchCollator.collateInto(patches, inputs, inputBuffer);
    requireFinite(patches, xShape, inputBuffer);
    INDArray x = Nd4j.create(inputBuffer, xShape, 'c');
    inputChannels = (int) xShape[1];
    INDArray y = null;
    if (labelName != null) {
      long[] yShape = BatchCollator.oneHotShape(patches, classes);
      labelBuffer = buffer(labelBuffer, yShape);
      BatchCollator.oneHotInto(patches, labelName, classes, labelBuffer);
      y = Nd4j.create(labelBuffer, yShape, 'c');
    }
    return new PatchBatch(ImmutableList.copyOf(patches), x, y);
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
        Box l = p.location();
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "patch %d of the batch (subject %s, image '%s', at (%d, %d, %d)) holds a"
                    + " non-finite value (%s) at its voxel (%d, %d, %d); check the input images"
                    + " with ScalarImage.requireFinite()",
                b + 1,
                p.subjectId(),
                imageOfChannel(p, c),
                l.x0(),
                l.y0(),
                l.z0(),
                x[i],
                r % w,
                (r / w) % h,
                r / (w * h)));
      }
    }
  }

  /** The name of the input image that fills channel {@code c} of a patch's input. */
  private String imageOfChannel(Patch p, int c) {
    int first = 0;
    for (String name : inputs) {
      first += p.subject().image(name).channels();
      if (c < first) {
        return name;
      }
    }
    throw new AssertionError("channel " + c + " beyond the inputs " + inputs);
  }

  private static float[] buffer(float[] current, long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    int length = Math.toIntExact(n);
    return current != null && current.length == length ? current : new float[length];
  }

  /** Reads ahead so that {@code pending} holds {@code num} patches or the rest of the pass. */
  private void fill(int num) {
    if (pass == null) {
      pass = newPass();
    }
    while (pending.size() < num && pass.hasNext()) {
      pending.add(pass.next());
    }
  }

  private Iterator<Patch> newPass() {
    boolean first = !started;
    started = true;
    if (!first || startEpoch == NO_START) {
      return source.iterator();
    }
    if (queue != null) {
      return queue.iterator(startEpoch);
    }
    for (long e = 0; e < startEpoch; e++) {
      source.iterator();
    }
    return source.iterator();
  }

  @Override
  public DataSet next() {
    return next(batchSize);
  }

  /** The next batch of up to {@code num} patches (exactly {@code num} with {@code dropLast}). */
  @Override
  public DataSet next(int num) {
    DataSet ds = nextBatch(num).toDataSet();
    if (preProcessor != null) {
      preProcessor.preProcess(ds);
    }
    return ds;
  }

  /**
   * The number of input channels: of the last batch, or else of the next patch (which starts a pass
   * if none is running).
   *
   * @throws IllegalStateException if there is no patch to look at
   */
  @Override
  public int inputColumns() {
    if (inputChannels < 0) {
      checkState(!inputs.isEmpty(), "PatchBatches needs inputs(...)");
      fill(1);
      checkState(!pending.isEmpty(), "the pass is over: no patch to count the input channels of");
      inputChannels = (int) BatchCollator.shape(pending.subList(0, 1), inputs)[1];
    }
    return inputChannels;
  }

  /** The number of one-hot classes, 0 without labels. */
  @Override
  public int totalOutcomes() {
    return labelName == null ? 0 : classes;
  }

  /** True: {@link #reset()} starts the next pass (the next epoch of a queue). */
  @Override
  public boolean resetSupported() {
    return true;
  }

  /** False: a queue's workers already prepare patches in the background. */
  @Override
  public boolean asyncSupported() {
    return false;
  }

  /**
   * Ends the current pass (the rest of a queue epoch is abandoned when the next one starts); the
   * next {@link #hasNext()} or {@link #next()} starts a new pass. Resetting before a pass has
   * started changes nothing.
   */
  @Override
  public void reset() {
    pending.clear();
    pass = null;
  }

  @Override
  public int batch() {
    return batchSize;
  }

  @Override
  public void setPreProcessor(DataSetPreProcessor preProcessor) {
    this.preProcessor = preProcessor;
  }

  @Override
  public DataSetPreProcessor getPreProcessor() {
    return preProcessor;
  }

  /** The class indices {@code "0", "1", ...} with labels, null without (as DL4J allows). */
  @Override
  public List<String> getLabels() {
    return labelName == null
        ? null
        : IntStream.range(0, classes).mapToObj(Integer::toString).toList();
  }

  @Override
  public String toString() {
    return "PatchBatches(batch "
        + batchSize
        + ", inputs "
        + inputs
        + (labelName == null ? "" : ", one-hot " + labelName + " x " + classes)
        + (dropLast ? ", drop last" : "")
        + ")";
  }
}
