package org.liverseg.models.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.Subject;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.metrics.Dice;
import org.liverseg.models.metrics.DiceSummary;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.sampling.Patch;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * Trains a segmentation network on patches, validates on whole volumes, keeps checkpoints and stops early.
 *
 * <p>Per epoch: up to {@code iterationsPerEpoch} batches (0 = one full pass of the patch source, i.e. one queue
 * epoch); every {@code validateEvery} epochs, Dice of Task03's liver (labels 1 and 2) and tumour (label 2) regions
 * on the validation subjects (whole volumes, through the given {@link SegmentationPredictor}); then {@code last.zip} in the checkpoint folder
 * (weights, updater state, {@link TrainerState}) and, when the validation score (mean of liver and tumour
 * Dice) improved, {@code best.zip}. Both are written atomically. Training stops after {@code epochs} epochs
 * or after {@code patience} validations without improvement.
 *
 * <p>{@link Builder#resumeFrom(Path)} continues from a {@code last.zip}: weights, Adam moments, epoch counter,
 * best score and patience; the patch source is fast-forwarded to the next epoch (see {@link TrainerState} on
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
    private final List<String> inputImages;
    private final String labelName;
    private final int epochs;
    private final int iterationsPerEpoch;
    private final List<Subject> validation;
    private final SegmentationPredictor validator;
    private final int validateEvery;
    private final Path checkpointDir;
    private final int patience;
    private final List<TrainingProgressListener> listeners;
    private TrainerState state;

    private SegmentationTrainer(Builder b) {
        this.network = b.network;
        this.spec = b.spec;
        this.patches = b.patches;
        this.batchSize = b.batchSize;
        this.inputImages = List.copyOf(b.inputImages);
        this.labelName = b.labelName;
        this.epochs = b.epochs;
        this.iterationsPerEpoch = b.iterationsPerEpoch;
        this.validation = List.copyOf(b.validation);
        this.validator = b.validator;
        this.validateEvery = b.validateEvery;
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
     */
    public List<EpochReport> fit() throws IOException {
        int classes = spec.preprocessing().classes();
        PatchBatchIterator batches = new PatchBatchIterator(patches, batchSize, inputImages, labelName, classes, true);
        // Fast-forward the patch source past the epochs a resumed run has already done.
        for (int e = 0; e < state.epochsDone(); e++) {
            batches.reset();
        }
        List<EpochReport> reports = new ArrayList<>();
        while (state.epochsDone() < epochs && !patienceExhausted()) {
            long t0 = System.nanoTime();
            int epoch = state.epochsDone() + 1;
            batches.reset();
            int iters = 0;
            double lossSum = 0;
            long iteration = state.iterations();
            while ((iterationsPerEpoch == 0 || iters < iterationsPerEpoch) && batches.hasNext()) {
                MultiDataSet ds = batches.next();
                network.fit(ds);
                long voxels = ds.getFeatures(0).length() / ds.getFeatures(0).size(1);
                double loss = network.score() * ds.getFeatures(0).size(0) / voxels;
                lossSum += loss;
                iters++;
                iteration++;
                for (TrainingProgressListener l : listeners) {
                    l.iterationDone(epoch, iteration, loss);
                }
            }
            if (iters == 0) {
                throw new IllegalStateException("epoch " + epoch + " produced no batch of " + batchSize
                        + " patches: the patch source holds fewer patches per epoch than the batch size");
            }
            boolean validate = !validation.isEmpty() && epoch % validateEvery == 0;
            double liver = Double.NaN;
            double tumour = Double.NaN;
            boolean improved = false;
            TrainerState next = new TrainerState(epoch, iteration, state.bestScore(), state.bestEpoch(),
                    state.validationsWithoutImprovement());
            if (validate) {
                DiceSummary summary = validate(classes);
                liver = summary.meanDice(Dice.LIVER);
                tumour = classes > 2 ? summary.meanDice(Dice.TUMOUR) : liver;
                double score = (liver + tumour) / 2;
                improved = Double.isNaN(state.bestScore()) || score > state.bestScore();
                next = improved ? new TrainerState(epoch, iteration, score, epoch, 0)
                        : new TrainerState(epoch, iteration, state.bestScore(), state.bestEpoch(),
                                state.validationsWithoutImprovement() + 1);
            }
            state = next;
            if (checkpointDir != null) {
                String json = ModelFiles.gson().toJson(state);
                ModelFiles.save(network, spec, checkpointDir.resolve(LAST), true, Map.of(TrainerState.ENTRY, json));
                if (improved) {
                    ModelFiles.save(network, spec, checkpointDir.resolve(BEST), false, Map.of(TrainerState.ENTRY, json));
                }
            }
            EpochReport r = new EpochReport(epoch, iters, lossSum / iters, validate, liver, tumour,
                    (System.nanoTime() - t0) / 1e9, improved);
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

    private DiceSummary validate(int classes) {
        DiceSummary summary = new DiceSummary(classes);
        for (Subject s : validation) {
            SegmentationPredictor.Prediction p = validator.predict(s);
            summary.add(Dice.score(s.id(), s.labelMap(labelName).labels(), p.labels().labels(), classes));
        }
        return summary;
    }

    /** Builder of {@link SegmentationTrainer}. */
    public static final class Builder {
        private ComputationGraph network;
        private ModelSpec spec;
        private Iterable<Patch> patches;
        private int batchSize = 2;
        private List<String> inputImages = List.of("ct");
        private String labelName = "label";
        private int epochs = 1;
        private int iterationsPerEpoch;
        private List<Subject> validation = List.of();
        private SegmentationPredictor validator;
        private int validateEvery = 1;
        private Path checkpointDir;
        private int patience;
        private final List<TrainingProgressListener> listeners = new ArrayList<>();
        private TrainerState state = TrainerState.initial();

        private Builder() {
        }

        /** The network to train (initialised). */
        public Builder network(ComputationGraph network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /** Name and preprocessing written into every checkpoint; its class count drives the one-hot labels. */
        public Builder spec(ModelSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
            return this;
        }

        /** Training patches; {@code iterator()} is called once per epoch (a {@link org.liverseg.sampling.Queue}). */
        public Builder patches(Iterable<Patch> patches) {
            this.patches = Objects.requireNonNull(patches, "patches");
            return this;
        }

        /** Patches per iteration (default 2). */
        public Builder batchSize(int n) {
            this.batchSize = atLeast(n, 1, "batchSize");
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
         * Whole-volume validation: the subjects (with the label map) and a predictor built on the same network
         * object as {@link #network(ComputationGraph)}, validated every {@code everyEpochs} epochs.
         */
        public Builder validation(List<Subject> subjects, SegmentationPredictor predictor, int everyEpochs) {
            this.validation = List.copyOf(subjects);
            this.validator = Objects.requireNonNull(predictor, "predictor");
            this.validateEvery = atLeast(everyEpochs, 1, "validation interval");
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
         * Loads network (with updater state), spec and trainer state from a {@code last.zip}, replacing any
         * network and spec set before.
         */
        public Builder resumeFrom(Path checkpoint) throws IOException {
            ModelFiles.Loaded loaded = ModelFiles.load(checkpoint, true);
            String json = ModelFiles.readEntry(checkpoint, TrainerState.ENTRY).orElseThrow(() -> new IOException(
                    checkpoint + " has no " + TrainerState.ENTRY + ": not a trainer checkpoint"));
            this.network = loaded.network();
            this.spec = loaded.spec();
            this.state = ModelFiles.gson().fromJson(json, TrainerState.class);
            return this;
        }

        /** Validates and builds. */
        public SegmentationTrainer build() {
            if (network == null || spec == null || patches == null) {
                throw new IllegalStateException("SegmentationTrainer needs network, spec and patches (missing: "
                        + (network == null ? "network " : "") + (spec == null ? "spec " : "")
                        + (patches == null ? "patches" : "") + ")");
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
