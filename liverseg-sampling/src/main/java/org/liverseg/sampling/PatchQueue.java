package org.liverseg.sampling;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.random.RandomGenerator;
import org.liverseg.io.Image;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.sampling.EpochPlan.Epoch;

/**
 * A training queue of patches (TorchIO's {@code Queue}; see docs/ARCHITECTURE.md): each {@link
 * #iterator()} is one epoch that visits every subject of the dataset once, takes exactly {@code
 * samplesPerVolume} patches (or the subject's own count) from each with the sampler, and hands them
 * out mixed.
 *
 * <pre>{@code
 * try (PatchQueue queue = PatchPatchQueue.builder().dataset(dataset)
 *     .sampler(new LabelSampler(Shape.cube(96), "label", Map.of(0, 0.2, 1, 0.3, 2, 0.5)))
 *     .maxLength(40).samplesPerVolume(5).numWorkers(2).seed(7).build()) {
 *   for (int epoch = 0; epoch < 10; epoch++) {
 *     for (List<Patch> batch : Iterables.partition(queue, 2)) { train(batch); }
 *   }
 * }
 * }</pre>
 *
 * <p><b>Epochs and mixing.</b> Subjects are visited in a new random order per epoch when {@code
 * shuffleSubjects}. The epoch's patches, each visit's patches in turn, are cut into fills of {@code
 * maxLength} patches (the last fill holds the rest); a fill's patches are shuffled when {@code
 * shufflePatches} and handed out before the next fill. As in TorchIO, a visit whose patches do not
 * fit in what is left of a fill continues in the next one, so every fill but the last is full and
 * mixes subjects even when {@code maxLength < 2 x samplesPerVolume}: with 6 patches per subject and
 * {@code maxLength} 10, the fills of subjects A, B, C, D are {@code AAAAAABBBB}, {@code
 * BBCCCCCCDD}, {@code DDDD} before shuffling. Only {@code maxLength} equal to a subject's count
 * mixes no subjects (each fill is one visit); raise {@code maxLength} to mix more. Unlike TorchIO,
 * a subject is loaded and sampled once per visit (its patches are not split across epochs), so an
 * epoch holds exactly each subject's count. {@link #size()} is the sum of the counts; {@code
 * maxLength} does not change it.
 *
 * <p><b>Reproducibility.</b> All randomness derives from the seed: the subject order from (seed,
 * epoch), each subject visit's sampler generator and transform generator (the dataset's {@link
 * org.liverseg.io.SubjectTransform} gets it) from (seed, epoch, subject index), each fill's shuffle
 * from (seed, epoch, fill). So the patches of an epoch, content and order, are the same whatever
 * {@code numWorkers} is, and {@link #iterator(long)} starts any epoch directly, e.g. when training
 * resumes after {@code k} epochs, with the same patches an uninterrupted run gets in epoch {@code
 * k}.
 *
 * <p><b>Workers.</b> With {@code numWorkers > 0}, background threads load, transform (the dataset's
 * transform) and sample upcoming subjects, also those of the next epoch, while the consumer drains;
 * with 0 all of it happens in the consumer. At most {@code maxLength} patches are ready but not yet
 * handed out, plus, when a visit straddles two fills, the rest of that visit (fewer than its
 * count); each worker holds at most one subject besides. By default workers copy each patch out of
 * its subject ({@link Patch#detach()}), so buffered patches do not keep whole volumes alive; {@code
 * copyPatches(false)} hands out views instead (no extra copy, but buffered patches then keep their
 * subjects in memory).
 *
 * <p><b>Failures and shutdown.</b> A failure in a worker surfaces in the consumer, when it reaches
 * that subject, as a {@link PatchQueueException} naming the subject; the epoch then ends and the
 * workers stop. {@link #close()} stops every thread promptly, also while workers wait for room or
 * the consumer waits for a subject; an interrupted consumer gets a {@link PatchQueueException} and
 * the workers stop too. Starting a new epoch before the previous one is drained abandons the rest
 * of the previous one (its iterator then throws {@link ConcurrentModificationException}).
 *
 * <p>The queue itself is thread-safe; each epoch iterator belongs to one consumer thread. The name
 * avoids a clash with {@code java.util.Queue}.
 */
public final class PatchQueue implements Iterable<Patch>, AutoCloseable {

  private final SubjectsDataset dataset;
  private final PatchSampler sampler;
  private final int maxLength;
  private final int numWorkers;
  private final boolean shufflePatches;
  private final long seed;
  private final EpochPlan plan;
  private final VisitWork work;
  private final int size;
  private final String name;

  private VisitSource source;
  private EpochIterator current;
  private long nextEpoch;
  private boolean closed;

  private PatchQueue(BuilderImpl b) {
    this.dataset = b.dataset;
    this.sampler = b.sampler;
    this.maxLength = b.maxLength;
    this.numWorkers = b.numWorkers;
    this.shufflePatches = b.shufflePatches;
    this.seed = b.seed;
    int[] counts = new int[dataset.size()];
    int total = 0;
    for (int i = 0; i < counts.length; i++) {
      String id = dataset.raw(i).id();
      counts[i] = b.overrides.getOrDefault(id, b.samplesPerVolume);
      checkArgument(
          counts[i] <= maxLength,
          "subject %s gives %s patches per epoch, more than maxLength %s:"
              + " the patches of one visit must fit in the queue",
          id,
          counts[i],
          maxLength);
      total += counts[i];
    }
    this.size = total;
    this.plan = new EpochPlan(counts, maxLength, b.shuffleSubjects, seed);
    this.work = new VisitWork(dataset, sampler, seed, b.copyPatches);
    this.name = "liverseg-queue@" + Integer.toHexString(System.identityHashCode(this));
  }

  /**
   * Starts a builder; {@code dataset}, {@code sampler}, {@code maxLength} and {@code
   * samplesPerVolume} are required.
   */
  public static Builder builder() {
    return new BuilderImpl();
  }

  /**
   * Configures a {@link PatchQueue}. Every option returns the builder; {@link #build()} checks
   * them.
   */
  public interface Builder {
    /** The subjects; its transform (if any) is applied in the workers. Required, not empty. */
    Builder dataset(SubjectsDataset dataset);

    /** The patch sampler. Required. */
    Builder sampler(PatchSampler sampler);

    /**
     * The most patches mixed together in one fill (and about the most buffered). Required, at least
     * every subject's count.
     */
    Builder maxLength(int maxLength);

    /** Patches per subject per epoch. Required, at least 1. */
    Builder samplesPerVolume(int samplesPerVolume);

    /** Patches per epoch for the subject with this id, instead of {@code samplesPerVolume}. */
    Builder samplesPerVolume(String subjectId, int samples);

    /** Background threads (0, the default, does everything in the consumer). */
    Builder numWorkers(int numWorkers);

    /** Whether each epoch visits the subjects in a new random order (default true). */
    Builder shuffleSubjects(boolean shuffle);

    /** Whether the patches of a fill are shuffled (default true). */
    Builder shufflePatches(boolean shuffle);

    /** The seed all random choices derive from (default 0). */
    Builder seed(long seed);

    /**
     * Whether workers copy patches out of their subjects (default true; see the class description).
     */
    Builder copyPatches(boolean copy);

    /**
     * Builds the queue (no thread starts before the first epoch).
     *
     * @throws IllegalArgumentException if an option is missing or out of range (the message says
     *     which, and names the subject for a per-subject count)
     */
    PatchQueue build();
  }

  /** Patches per epoch: the sum of the subjects' counts. */
  public int size() {
    return size;
  }

  /** The most patches mixed together in one fill. */
  public int maxLength() {
    return maxLength;
  }

  /** Number of background threads. */
  public int numWorkers() {
    return numWorkers;
  }

  /** The sampler. */
  public PatchSampler sampler() {
    return sampler;
  }

  /** The subjects (with the transform the workers apply). */
  public SubjectsDataset dataset() {
    return dataset;
  }

  /** The number of the epoch {@link #iterator()} starts next: one after the last one started. */
  public synchronized long nextEpoch() {
    return nextEpoch;
  }

  /**
   * TorchIO's {@code get_max_memory}: patch voxels x the channels of all images of the first
   * subject (headers only) x 4 bytes x {@code maxLength}. Label maps take 1 byte per voxel here, so
   * this is an upper bound of the buffered patches' size.
   */
  public long maxMemory() {
    return maxMemory(dataset.raw(0));
  }

  /** {@link #maxMemory()} for the images of {@code subject}. */
  public long maxMemory(Subject subject) {
    long channels = 0;
    for (Image image : subject.images().values()) {
      channels += image.channels();
    }
    return sampler.patchSize().voxels() * channels * 4L * maxLength;
  }

  /**
   * Starts the next epoch ({@link #nextEpoch()}, 0 at first) and returns its patches.
   *
   * @throws IllegalStateException if the queue is closed
   */
  @Override
  public synchronized Iterator<Patch> iterator() {
    return iterator(nextEpoch);
  }

  /**
   * Starts epoch {@code epoch} and returns its patches: the same patches, in the same order, as the
   * {@code epoch + 1}-th {@link #iterator()} of a new queue with the same settings, without
   * producing the epochs before it. Later {@link #iterator()} calls continue with {@code epoch +
   * 1}. Workers that were preparing another epoch are stopped first.
   *
   * @throws IllegalArgumentException if {@code epoch} is negative
   * @throws IllegalStateException if the queue is closed
   */
  public synchronized Iterator<Patch> iterator(long epoch) {
    checkArgument(epoch >= 0, "epoch must be non-negative, got %s", epoch);
    checkState(!closed, "the queue was closed");
    boolean unfinished = current != null && !current.drained();
    if (unfinished) {
      current.abandon();
    }
    if (unfinished || epoch != nextEpoch) {
      closeSource(); // the workers were preparing other visits
    }
    nextEpoch = epoch + 1;
    if (source == null) {
      source =
          numWorkers == 0
              ? new SynchronousVisits(work)
              : new WorkerPool(
                  plan, work, numWorkers, plan.capacity(), epoch * plan.subjects(), name);
    }
    current = new EpochIterator(plan.epoch(epoch), source);
    return current;
  }

  /** Stops every worker thread and waits for them to end; later epochs cannot be started. */
  @Override
  public synchronized void close() {
    closed = true;
    if (current != null) {
      current.abandon();
    }
    closeSource();
  }

  private synchronized void failed(EpochIterator it) {
    if (it == current) {
      closeSource();
    }
  }

  private synchronized void closeSource() {
    if (source != null) {
      source.close();
      source = null;
    }
  }

  @Override
  public String toString() {
    return "PatchQueue("
        + dataset.size()
        + " subjects, "
        + size
        + " patches per epoch, maxLength "
        + maxLength
        + ", "
        + numWorkers
        + " workers, "
        + sampler
        + ")";
  }

  /** One epoch: fills in order, each shuffled, handed out one patch at a time. */
  private final class EpochIterator implements Iterator<Patch> {
    private final Epoch epoch;
    private final VisitSource source;
    private final List<Patch> buffer = new ArrayList<>();

    /** The rest of a visit that straddles into the next fill. */
    private final ArrayDeque<Patch> carry = new ArrayDeque<>();

    private int fill;
    private int nextVisit;
    private int position;
    private int remaining = size;
    private volatile boolean abandoned;
    private boolean failed;

    EpochIterator(Epoch epoch, VisitSource source) {
      this.epoch = epoch;
      this.source = source;
    }

    boolean drained() {
      return remaining == 0;
    }

    void abandon() {
      abandoned = true;
    }

    @Override
    public boolean hasNext() {
      return remaining > 0 && !failed;
    }

    @Override
    public Patch next() {
      if (abandoned) {
        throw new ConcurrentModificationException(
            closed
                ? "the queue was closed"
                : "epoch " + epoch.number() + " was abandoned: a newer epoch was started");
      }
      if (!hasNext()) {
        throw new NoSuchElementException(
            failed ? "epoch " + epoch.number() + " failed" : "epoch drained");
      }
      if (position == buffer.size()) {
        loadFill();
      }
      Patch p = buffer.set(position++, null);
      remaining--;
      source.release(1);
      return p;
    }

    private void loadFill() {
      int size = plan.fillSize(fill);
      buffer.clear();
      position = 0;
      try {
        while (buffer.size() < size) {
          if (carry.isEmpty()) {
            carry.addAll(source.take(plan.visit(epoch, nextVisit++)));
          }
          while (buffer.size() < size && !carry.isEmpty()) {
            buffer.add(carry.poll());
          }
        }
      } catch (RuntimeException e) {
        failed = true;
        failed(this);
        throw e;
      }
      if (shufflePatches) {
        shuffle(buffer, Seeds.generator(seed, epoch.number(), fill, Seeds.PATCH_ORDER));
      }
      fill++;
    }
  }

  /** Fisher-Yates with {@code nextInt(i + 1)} from the top. */
  private static void shuffle(List<Patch> list, RandomGenerator random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      list.set(j, list.set(i, list.get(j)));
    }
  }

  private static final class BuilderImpl implements Builder {
    private SubjectsDataset dataset;
    private PatchSampler sampler;
    private int maxLength = -1;
    private int samplesPerVolume = -1;
    private final Map<String, Integer> overrides = new HashMap<>();
    private int numWorkers;
    private boolean shuffleSubjects = true;
    private boolean shufflePatches = true;
    private long seed;
    private boolean copyPatches = true;

    @Override
    public Builder dataset(SubjectsDataset d) {
      dataset = requireNonNull(d, "dataset");
      return this;
    }

    @Override
    public Builder sampler(PatchSampler s) {
      sampler = requireNonNull(s, "sampler");
      return this;
    }

    @Override
    public Builder maxLength(int n) {
      checkArgument(n >= 1, "maxLength must be at least 1, got %s", n);
      maxLength = n;
      return this;
    }

    @Override
    public Builder samplesPerVolume(int n) {
      checkArgument(n >= 1, "samplesPerVolume must be at least 1, got %s", n);
      samplesPerVolume = n;
      return this;
    }

    @Override
    public Builder samplesPerVolume(String subjectId, int n) {
      checkArgument(
          n >= 1, "samplesPerVolume of subject %s must be at least 1, got %s", subjectId, n);
      overrides.put(requireNonNull(subjectId, "subjectId"), n);
      return this;
    }

    @Override
    public Builder numWorkers(int n) {
      checkArgument(n >= 0, "numWorkers must be non-negative, got %s", n);
      numWorkers = n;
      return this;
    }

    @Override
    public Builder shuffleSubjects(boolean shuffle) {
      shuffleSubjects = shuffle;
      return this;
    }

    @Override
    public Builder shufflePatches(boolean shuffle) {
      shufflePatches = shuffle;
      return this;
    }

    @Override
    public Builder seed(long s) {
      seed = s;
      return this;
    }

    @Override
    public Builder copyPatches(boolean copy) {
      copyPatches = copy;
      return this;
    }

    @Override
    public PatchQueue build() {
      checkArgument(dataset != null, "PatchQueue needs a dataset");
      checkArgument(!dataset.isEmpty(), "PatchQueue needs a dataset with at least one subject");
      checkArgument(sampler != null, "PatchQueue needs a sampler");
      checkArgument(maxLength > 0, "PatchQueue needs maxLength");
      checkArgument(samplesPerVolume > 0, "PatchQueue needs samplesPerVolume");
      for (String id : overrides.keySet()) {
        checkArgument(
            dataset.ids().contains(id),
            "samplesPerVolume was set for subject %s, which is not in the dataset",
            id);
      }
      return new PatchQueue(this);
    }
  }

  /** The per-subject counts by id, for tests and logging. */
  ImmutableMap<String, Integer> counts() {
    ImmutableMap.Builder<String, Integer> b = ImmutableMap.builder();
    for (int i = 0; i < dataset.size(); i++) {
      b.put(dataset.raw(i).id(), plan.count(i));
    }
    return b.build();
  }
}
