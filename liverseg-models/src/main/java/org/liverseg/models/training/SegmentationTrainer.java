package org.liverseg.models.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.LabelMap;
import org.liverseg.io.NonFiniteVoxelsException;
import org.liverseg.io.Subject;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.batch.PatchBatch;
import org.liverseg.models.batch.PatchBatches;
import org.liverseg.models.metrics.CrossEntropy;
import org.liverseg.models.metrics.Dice;
import org.liverseg.models.metrics.DiceSummary;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.models.task03.Task03;
import org.liverseg.sampling.Patch;
import org.liverseg.sampling.PatchQueue;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a segmentation network on patches, validates on whole volumes, keeps checkpoints and stops
 * early.
 *
 * <p>Per epoch: up to {@code iterationsPerEpoch} batches (0 = one full pass of the patch source,
 * i.e. one queue epoch), one {@code network.fit} each; every {@code validateEvery} epochs and after
 * the last one, the validation subjects are segmented whole through the given {@link
 * SegmentationPredictor} and scored: mean per-case Dice of Task03's liver and tumour regions
 * ({@link org.liverseg.models.task03.Task03#LIVER}: labels 1 and 2, {@link
 * org.liverseg.models.task03.Task03#TUMOUR}: label 2) and the class-weighted cross-entropy of the
 * predicted probabilities ({@link CrossEntropy}); then {@code last.zip} in the checkpoint folder
 * (weights, updater state, {@link TrainerState}) and, when the validation score (mean of liver and
 * tumour Dice) improved, {@code best.zip}. Both are written atomically. Listeners see every epoch
 * start, every iteration's loss, a checkpoint hook and an {@link EpochReport}. Training stops after
 * {@code epochs} epochs or after {@code patience} validations without improvement.
 *
 * <p>Inputs must be finite: the validation subjects are checked before the first epoch, every
 * training batch before it is fitted (an {@link IllegalArgumentException} names the subject, the
 * image and the voxel), so that one NaN voxel cannot turn the loss and the weights into NaN.
 *
 * <p>Batches come from {@link PatchBatches} over the patch source (one pass per epoch).
 *
 * <p>{@link Builder#resumeFrom(Path)} continues from a {@code last.zip}: weights, Adam moments,
 * epoch counter, best score and patience ({@link Builder#resumeState} from a state saved
 * elsewhere); a {@link PatchQueue} then starts at the next epoch directly ({@link
 * PatchQueue#iterator(long)}), without producing the epochs before it (see {@link TrainerState} on
 * randomness).
 */
public final class SegmentationTrainer {

  /** File name of the checkpoint written after every epoch. */
  public static final String LAST = "last.zip";

  /** File name of the best-validation checkpoint. */
  public static final String BEST = "best.zip";

  private final ComputationGraph network;
  private final ModelSpec spec;
  private final Iterable<Patch> patches;
  private final int batchSize;
  private final boolean dropLastBatch;
  private final List<String> inputImages;
  private final String labelName;
  private final int epochs;
  private final int iterationsPerEpoch;
  private final List<Subject> validation;
  private final SegmentationPredictor validator;
  private final int validateEvery;
  private final double[] classWeights;
  private final Path checkpointDir;
  private final int patience;
  private final List<TrainingProgressListener> listeners;
  private TrainerState state;

  private SegmentationTrainer(Builder b) {
    this.network = b.network;
    this.spec = b.spec;
    this.patches = b.patches;
    this.batchSize = b.batchSize;
    this.dropLastBatch = b.dropLastBatch;
    this.inputImages = List.copyOf(b.inputImages);
    this.labelName = b.labelName;
    this.epochs = b.epochs;
    this.iterationsPerEpoch = b.iterationsPerEpoch;
    this.validation = List.copyOf(b.validation);
    this.validator = b.validator;
    this.validateEvery = b.validateEvery;
    this.classWeights = b.classWeights;
    this.checkpointDir = b.checkpointDir;
    this.patience = b.patience;
    this.listeners = List.copyOf(b.listeners);
    this.state = b.state;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The network being trained (shared with the validator). */
  public ComputationGraph network() {
    return network;
  }

  /** The state after the last completed epoch. */
  public TrainerState state() {
    return state;
  }

  /**
   * Runs the remaining epochs.
   *
   * @return one report per epoch run by this call
   * @throws IOException if a checkpoint cannot be written (by the trainer or a listener)
   */
  public List<EpochReport> fit() throws IOException {
    int classes = spec.preprocessing().classes();
    // before any epoch, not after the first one: a NaN voxel would end a long run late
    for (Subject s : validation) {
      for (String name : inputImages) {
        try {
          s.scalarImage(name).requireFinite();
        } catch (NonFiniteVoxelsException e) {
          throw e.in("validation subject " + s.id() + ", image '" + name + "'");
        }
      }
    }
    PatchBatches batches =
        PatchBatches.over(patches)
            .batchSize(batchSize)
            .inputs(inputImages.toArray(String[]::new))
            .oneHot(labelName, classes)
            .dropLast(dropLastBatch);
    if (state.epochsDone() > 0) {
      // A resumed run starts where it stopped: a queue produces that epoch directly.
      batches = batches.startEpoch(state.epochsDone());
    }
    List<EpochReport> reports = new ArrayList<>();
    while (state.epochsDone() < epochs && !patienceExhausted()) {
      long t0 = System.nanoTime();
      int epoch = state.epochsDone() + 1;
      for (TrainingProgressListener l : listeners) {
        l.epochStarted(epoch);
      }
      batches.reset();
      int iters = 0;
      long patchCount = 0;
      double lossSum = 0;
      long iteration = state.iterations();
      while ((iterationsPerEpoch == 0 || iters < iterationsPerEpoch) && batches.hasNext()) {
        double loss;
        long patchesInBatch;
        try (PatchBatch batch = batches.nextBatch()) {
          INDArray x = batch.features();
          patchesInBatch = x.size(0);
          long voxelsPerPatch = x.length() / (patchesInBatch * x.size(1));
          network.fit(batch.toDataSet());
          // DL4J's score is the loss summed over a patch's voxels, averaged over the batch.
          loss = network.score() / voxelsPerPatch;
        } // frees the batch's native memory now, not whenever the garbage collector gets to it
        lossSum += loss;
        iters++;
        patchCount += patchesInBatch;
        iteration++;
        for (TrainingProgressListener l : listeners) {
          l.iterationDone(epoch, iteration, loss);
        }
      }
      if (iters == 0) {
        throw new IllegalStateException(
            "epoch "
                + epoch
                + " produced no batch"
                + (dropLastBatch
                    ? " of "
                        + batchSize
                        + " patches: the patch source holds fewer patches per "
                        + "epoch than the batch size"
                    : ": the patch source gave no patch"));
      }
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      boolean validate = !validation.isEmpty() && (epoch % validateEvery == 0 || epoch == epochs);
      double validationLoss = Double.NaN;
      double liver = Double.NaN;
      double tumour = Double.NaN;
      boolean improved = false;
      TrainerState next =
          new TrainerState(
              epoch,
              iteration,
              state.bestScore(),
              state.bestEpoch(),
              state.validationsWithoutImprovement());
      if (validate) {
        Validation v = validate(classes);
        validationLoss = v.loss();
        liver = v.dice().meanDice(Task03.LIVER);
        tumour = classes > 2 ? v.dice().meanDice(Task03.TUMOUR) : liver;
        double score = (liver + tumour) / 2;
        improved = Double.isNaN(state.bestScore()) || score > state.bestScore();
        next =
            improved
                ? new TrainerState(epoch, iteration, score, epoch, 0)
                : new TrainerState(
                    epoch,
                    iteration,
                    state.bestScore(),
                    state.bestEpoch(),
                    state.validationsWithoutImprovement() + 1);
      }
      state = next;
      if (checkpointDir != null) {
        String json = ModelFiles.gson().toJson(state);
        ModelFiles.save(
            network, spec, checkpointDir.resolve(LAST), true, Map.of(TrainerState.ENTRY, json));
        if (improved) {
          ModelFiles.save(
              network, spec, checkpointDir.resolve(BEST), false, Map.of(TrainerState.ENTRY, json));
        }
      }
      for (TrainingProgressListener l : listeners) {
        l.checkpoint(network, state);
      }
      EpochReport r =
          new EpochReport(
              epoch,
              iteration,
              lossSum / iters,
              validate,
              validationLoss,
              liver,
              tumour,
              (System.nanoTime() - t0) / 1e9,
              trainSeconds <= 0 ? 0 : patchCount / trainSeconds,
              improved);
      reports.add(r);
      for (TrainingProgressListener l : listeners) {
        l.epochDone(r);
      }
    }
    return reports;
  }

  private boolean patienceExhausted() {
    return patience > 0 && state.validationsWithoutImprovement() >= patience;
  }

  /** Mean validation loss over the subjects, and their Dice. */
  private record Validation(double loss, DiceSummary dice) {}

  private Validation validate(int classes) {
    double[] weights = classWeights != null ? classWeights : ones(classes);
    DiceSummary summary = new DiceSummary(classes);
    double loss = 0;
    for (Subject s : validation) {
      SegmentationPredictor.Prediction p = validator.predict(s);
      LabelMap truth = s.labelMap(labelName);
      loss += CrossEntropy.weightedPerVoxel(p.probabilities(), truth, weights);
      summary.add(Dice.score(s.id(), truth, p.labels(), classes));
    }
    return new Validation(loss / validation.size(), summary);
  }

  private static double[] ones(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0);
    return w;
  }

  /** Builder of {@link SegmentationTrainer}. */
  public static final class Builder {
    private ComputationGraph network;
    private ModelSpec spec;
    private Iterable<Patch> patches;
    private int batchSize = 2;
    private boolean dropLastBatch = true;
    private List<String> inputImages = List.of("ct");
    private String labelName = "label";
    private int epochs = 1;
    private int iterationsPerEpoch;
    private List<Subject> validation = List.of();
    private SegmentationPredictor validator;
    private int validateEvery = 1;
    private double[] classWeights;
    private Path checkpointDir;
    private int patience;
    private final List<TrainingProgressListener> listeners = new ArrayList<>();
    private TrainerState state = TrainerState.initial();

    private Builder() {}

    /** The network to train (initialised). */
    public Builder network(ComputationGraph network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    /**
     * Name and preprocessing written into every checkpoint; its class count drives the one-hot
     * labels.
     */
    public Builder spec(ModelSpec spec) {
      this.spec = Objects.requireNonNull(spec, "spec");
      return this;
    }

    /**
     * Training patches; {@code iterator()} is called once per epoch (typically a {@link
     * PatchQueue}; a resumed run starts it at the next epoch with {@link
     * PatchQueue#iterator(long)}, another source is fast-forwarded by calling {@code iterator()}
     * once per epoch done).
     */
    public Builder patches(Iterable<Patch> patches) {
      this.patches = Objects.requireNonNull(patches, "patches");
      return this;
    }

    /** Patches per iteration (default 2). */
    public Builder batchSize(int n) {
      this.batchSize = atLeast(n, 1, "batchSize");
      return this;
    }

    /**
     * Whether a last batch of a pass smaller than the batch size is skipped (default true: every
     * iteration sees {@code batchSize} patches); false trains on it too.
     */
    public Builder dropLastBatch(boolean drop) {
      this.dropLastBatch = drop;
      return this;
    }

    /** Input image names in channel order (default {@code "ct"}). */
    public Builder inputImages(String... names) {
      this.inputImages = List.of(names);
      return this;
    }

    /** Label map name (default {@code "label"}). */
    public Builder labelName(String name) {
      this.labelName = Objects.requireNonNull(name, "labelName");
      return this;
    }

    /** Total number of epochs, counting those of a resumed run (default 1). */
    public Builder epochs(int n) {
      this.epochs = atLeast(n, 1, "epochs");
      return this;
    }

    /** Batches per epoch; 0 (default) = one full pass of the patch source. */
    public Builder iterationsPerEpoch(int n) {
      this.iterationsPerEpoch = atLeast(n, 0, "iterationsPerEpoch");
      return this;
    }

    /**
     * Whole-volume validation: the subjects (with the label map) and a predictor built on the same
     * network object as {@link #network(ComputationGraph)}, validated every {@code everyEpochs}
     * epochs and after the last epoch.
     */
    public Builder validation(
        List<Subject> subjects, SegmentationPredictor predictor, int everyEpochs) {
      this.validation = List.copyOf(subjects);
      this.validator = Objects.requireNonNull(predictor, "predictor");
      this.validateEvery = atLeast(everyEpochs, 1, "validation interval");
      return this;
    }

    /**
     * Class weights of the validation loss, one per class; give the network's own loss weights
     * (e.g. {@code 1, 1, 3}) so that validation and training losses measure the same thing.
     * Default: 1 for every class.
     */
    public Builder classWeights(double... weights) {
      this.classWeights = CrossEntropy.checkedWeights(weights);
      return this;
    }

    /** Folder of {@code last.zip} and {@code best.zip}; none written if unset. */
    public Builder checkpointDir(Path dir) {
      this.checkpointDir = dir;
      return this;
    }

    /** Stop after this many validations without improvement; 0 (default) never stops early. */
    public Builder patience(int validations) {
      this.patience = atLeast(validations, 0, "patience");
      return this;
    }

    /** Adds a progress listener. */
    public Builder listener(TrainingProgressListener l) {
      listeners.add(Objects.requireNonNull(l, "listener"));
      return this;
    }

    /**
     * Loads network (with updater state), spec and trainer state from a {@code last.zip}, replacing
     * any network and spec set before.
     */
    public Builder resumeFrom(Path checkpoint) throws IOException {
      ModelFiles.Loaded loaded = ModelFiles.load(checkpoint, true);
      String json =
          ModelFiles.readEntry(checkpoint, TrainerState.ENTRY)
              .orElseThrow(
                  () ->
                      new IOException(
                          checkpoint
                              + " has no "
                              + TrainerState.ENTRY
                              + ": not a trainer checkpoint"));
      this.network = loaded.network();
      this.spec = loaded.spec();
      this.state = ModelFiles.gson().fromJson(json, TrainerState.class);
      return this;
    }

    /**
     * Continues from {@code state}, e.g. read back from a model file that a {@link
     * TrainingProgressListener#checkpoint} listener wrote; {@link #network(ComputationGraph)} must
     * then be that file's network, loaded with its updater state. The epochs done are not run again
     * and the patch source starts after them.
     */
    public Builder resumeState(TrainerState state) {
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    /** Validates and builds. */
    public SegmentationTrainer build() {
      if (network == null || spec == null || patches == null) {
        throw new IllegalStateException(
            "SegmentationTrainer needs network, spec and patches (missing: "
                + (network == null ? "network " : "")
                + (spec == null ? "spec " : "")
                + (patches == null ? "patches" : "")
                + ")");
      }
      int classes = spec.preprocessing().classes();
      if (classWeights != null && classWeights.length != classes) {
        throw new IllegalArgumentException(
            classWeights.length
                + " class weights for a model of "
                + classes
                + " classes ("
                + spec.name()
                + "): give one weight per class");
      }
      return new SegmentationTrainer(this);
    }

    private static int atLeast(int n, int min, String what) {
      if (n < min) {
        throw new IllegalArgumentException(what + " must be >= " + min + ", got " + n);
      }
      return n;
    }
  }
}
