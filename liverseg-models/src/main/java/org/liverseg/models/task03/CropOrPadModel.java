package org.liverseg.models.task03;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.PreprocessingSpec;
import org.liverseg.models.prediction.LabelDecision;
import org.liverseg.models.prediction.ScanSegmenter;
import org.liverseg.models.prediction.Segmentation;
import org.liverseg.models.prediction.SegmentationModel;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.sampling.GridAggregator;
import org.liverseg.transforms.Compose;
import org.liverseg.transforms.Transform;
import org.liverseg.transforms.intensity.Clamp;
import org.liverseg.transforms.intensity.RescaleIntensity;
import org.liverseg.transforms.spatial.CropOrPad;

/**
 * A liver and tumour model file without a plan (written before plans, or trained with {@code
 * --preset course} or {@code plan.source none}): the fixed CropOrPad and HU-window preprocessing of
 * its run configuration. {@link Task03Model#load} returns one for such files. Ready to segment
 * whole scans: {@code CropOrPadModel.load(file).segment(id, scan)} gives a uint8 mask (0
 * background, 1 liver, 2 tumour) with the scan's shape and affine.
 *
 * <p>What it reads from the file: the network (without optimiser state), the {@link ModelSpec}
 * (patch size), the run configuration entry {@value #CONFIG_ENTRY} (its {@code preprocess}, {@code
 * inference} and {@code train.threads} settings) and, for the {@code "tuned"} decision, the tumour
 * decision training chose ({@value #DECISION_ENTRY}; without it a "tuned" model predicts with
 * argmax).
 *
 * <p>The pipeline builds its CropOrPad preprocessing and predictor with {@link Preprocess} and
 * {@link Inference}, so its masks are those {@code liverseg predict} makes from the saved file.
 *
 * <p>Not thread-safe (one forward pass at a time): give each thread its own {@link #copy()}.
 */
public final class CropOrPadModel implements Task03Model {

  /** Zip entry holding the run configuration as JSON. */
  public static final String CONFIG_ENTRY = "liverseg-run-config.json";

  /** Zip entry holding the tumour decision training chose for a "tuned" configuration. */
  public static final String DECISION_ENTRY = "liverseg-tuned-decision.json";

  private final ComputationGraph network;
  private final ModelSpec spec;
  private final Preprocess preprocess;
  private final Inference inference;
  private final int threads;
  private final String decisionNote;
  private final ScanSegmenter segmenter;

  private CropOrPadModel(
      ComputationGraph network,
      ModelSpec spec,
      Preprocess preprocess,
      Inference inference,
      int threads,
      String decisionNote) {
    this.network = network;
    this.spec = spec;
    this.preprocess = preprocess;
    this.inference = inference;
    this.threads = threads;
    this.decisionNote = decisionNote;
    this.segmenter =
        new ScanSegmenter(
            preprocess.spatial(),
            preprocess.intensity(),
            inference.predictor(network, patchSize()));
  }

  /**
   * The preprocessing a model expects: {@code CropOrPad} (centre) to {@code targetShape}, then the
   * HU window {@code [clampMin, clampMax]} clamped and mapped linearly onto {@code [rescaleMin,
   * rescaleMax]} (the fixed window, not each image's range, so that one HU value means the same
   * network input in every scan).
   *
   * @param targetShape CropOrPad target shape
   * @param clampMin lower bound of the HU window
   * @param clampMax upper bound of the HU window
   * @param rescaleMin network input value of {@code clampMin}
   * @param rescaleMax network input value of {@code clampMax}
   */
  public record Preprocess(
      Shape targetShape, double clampMin, double clampMax, double rescaleMin, double rescaleMax) {

    /** Checks the ranges. */
    public Preprocess {
      requireNonNull(targetShape, "targetShape");
      if (!(clampMin < clampMax) || !(rescaleMin < rescaleMax)) {
        throw new IllegalArgumentException(
            "preprocessing needs clampMin < clampMax and rescaleMin < rescaleMax, got ["
                + clampMin
                + ", "
                + clampMax
                + "] -> ["
                + rescaleMin
                + ", "
                + rescaleMax
                + "]");
      }
    }

    /** The spatial step: CropOrPad to the target shape (invertible). */
    public Transform spatial() {
      return CropOrPad.builder().target(targetShape).build();
    }

    /** The intensity steps: the HU window clamped, then mapped onto the rescale range. */
    public Transform intensity() {
      return Compose.of(
          Clamp.builder().min(clampMin).max(clampMax).build(),
          RescaleIntensity.builder()
              .inMinMax(clampMin, clampMax)
              .outMinMax(rescaleMin, rescaleMax)
              .build());
    }

    /** The spatial then the intensity steps. */
    public Transform all() {
      return Compose.of(spatial(), intensity());
    }
  }

  /**
   * How a model predicts a whole volume: a patch grid without padding (the preprocessed volume is
   * tiled as it is) over the {@link MsdDataset#IMAGE} image, the blending mode, the label decision
   * and, optionally, only the largest 6-connected component of liver and tumour.
   *
   * @param patchOverlap overlap of neighbouring patches (even, smaller than the patch)
   * @param batchSize patches per forward pass
   * @param aggregation how overlapping patches are blended
   * @param keepLargestLiverComponent whether to keep only the largest connected component of labels
   *     1 and 2
   * @param decision how probabilities become labels
   */
  public record Inference(
      int patchOverlap,
      int batchSize,
      GridAggregator.Mode aggregation,
      boolean keepLargestLiverComponent,
      LabelDecision decision) {

    /** Checks the values. */
    public Inference {
      requireNonNull(aggregation, "aggregation");
      requireNonNull(decision, "decision");
      if (patchOverlap < 0 || patchOverlap % 2 != 0) {
        throw new IllegalArgumentException(
            "patch overlap must be even and >= 0, got " + patchOverlap);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
      }
    }

    /** The whole-volume predictor of these settings over {@code network}. */
    public SegmentationPredictor predictor(ComputationGraph network, Shape patchSize) {
      return SegmentationPredictor.builder()
          .network(network)
          .patchSize(patchSize)
          .overlap(patchOverlap)
          .batchSize(batchSize)
          .mode(aggregation)
          .inputImages(MsdDataset.IMAGE)
          .padding(null)
          .keepLargestLiver(keepLargestLiverComponent)
          .connectivity(6)
          .decision(decision)
          .build();
    }

    /** The same settings with another number of patches per forward pass. */
    public Inference withBatchSize(int n) {
      return new Inference(patchOverlap, n, aggregation, keepLargestLiverComponent, decision);
    }
  }

  /**
   * Loads a model file written by {@code liverseg train} or {@code liverseg pipeline}.
   *
   * @throws IOException naming the file and the problem if it cannot be read, is not a liverseg
   *     pipeline model, or its entries disagree
   */
  public static CropOrPadModel load(Path file) throws IOException {
    ModelSpec spec = ModelFiles.readSpec(file);
    String json =
        ModelFiles.readEntry(file, CONFIG_ENTRY)
            .orElseThrow(
                () ->
                    new IOException(
                        file
                            + " has no "
                            + CONFIG_ENTRY
                            + ": not a model written by liverseg train/pipeline"));
    Preprocess preprocess;
    Inference inference;
    int threads;
    String note = null;
    try {
      JsonObject config = JsonParser.parseString(json).getAsJsonObject();
      preprocess = preprocess(section(config, "preprocess"));
      JsonObject inf = section(config, "inference");
      String decision = inf.has("decision") ? string(inf, "decision") : "argmax";
      LabelDecision rule =
          switch (decision) {
            case "argmax" -> LabelDecision.argmax();
            case "liver-tumour" ->
                new LiverTumourDecision(
                    number(inf, "tumourThreshold").getAsDouble(),
                    number(inf, "minTumourVoxels").getAsInt());
            case "tuned" -> {
              Optional<LiverTumourDecision> tuned = tunedDecision(file);
              if (tuned.isEmpty()) {
                note = "argmax (the model was saved before training chose its tumour decision)";
              }
              yield tuned.isPresent() ? tuned.get() : LabelDecision.argmax();
            }
            default ->
                throw new IllegalArgumentException(
                    "inference.decision must be argmax, liver-tumour or tuned, got '"
                        + decision
                        + "'");
          };
      String mode = string(inf, "aggregation");
      inference =
          new Inference(
              number(inf, "patchOverlap").getAsInt(),
              number(inf, "batchSize").getAsInt(),
              GridAggregator.Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
              bool(inf, "keepLargestLiverComponent"),
              rule);
      threads = threads(config);
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) { // Gson's parse, cast and missing-field errors, our checks
      throw new IOException(file + ": invalid " + CONFIG_ENTRY + ": " + e.getMessage(), e);
    }
    PreprocessingSpec expected = spec.preprocessing();
    Shape t = preprocess.targetShape();
    if (!expected.targetShape().equals(List.of(t.x(), t.y(), t.z()))
        || Double.compare(expected.windowLow(), preprocess.clampMin()) != 0
        || Double.compare(expected.windowHigh(), preprocess.clampMax()) != 0) {
      throw new IOException(
          file
              + ": its "
              + CONFIG_ENTRY
              + " (target shape "
              + t
              + ", window ["
              + preprocess.clampMin()
              + ", "
              + preprocess.clampMax()
              + "]) disagrees with its "
              + ModelFiles.SPEC_ENTRY
              + " ("
              + expected
              + ")");
    }
    ComputationGraph net = ModelFiles.load(file, false).network();
    return new CropOrPadModel(
        net,
        spec,
        preprocess,
        inference,
        threads,
        note != null ? note : inference.decision().toString());
  }

  /**
   * The tumour decision training chose and stored in {@code file} ({@value #DECISION_ENTRY}), if
   * any.
   *
   * @throws IOException naming the file if the entry is present but invalid
   */
  public static Optional<LiverTumourDecision> tunedDecision(Path file) throws IOException {
    Optional<String> json = ModelFiles.readEntry(file, DECISION_ENTRY);
    if (json.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonObject o = JsonParser.parseString(json.get()).getAsJsonObject();
      return Optional.of(
          new LiverTumourDecision(
              number(o, "tumourThreshold").getAsDouble(), number(o, "minTumourVoxels").getAsInt()));
    } catch (RuntimeException e) {
      throw new IOException(
          file + ": invalid " + DECISION_ENTRY + " (" + json.get() + "): " + e.getMessage(), e);
    }
  }

  /** The file's specification (name, architecture, target shape, window, patch size). */
  @Override
  public ModelSpec spec() {
    return spec;
  }

  /** The preprocessing the model expects. */
  public Preprocess preprocess() {
    return preprocess;
  }

  /** How the model predicts a whole volume. */
  public Inference inference() {
    return inference;
  }

  /** The patch (network input) size of the model. */
  public Shape patchSize() {
    List<Integer> p = spec.preprocessing().patchSize();
    return Shape.of(p.get(0), p.get(1), p.get(2));
  }

  /** The native (OpenMP) threads the model's configuration asks for; 0 = ND4J's default. */
  @Override
  public int threads() {
    return threads;
  }

  /** What labels the voxels, in words (e.g. {@code "argmax"} or the tuned tumour decision). */
  public String decisionDescription() {
    return decisionNote;
  }

  /** This model with {@code n} patches per forward pass (the network is shared, not copied). */
  @Override
  public CropOrPadModel withBatchSize(int n) {
    return new CropOrPadModel(
        network, spec, preprocess, inference.withBatchSize(n), threads, decisionNote);
  }

  /**
   * An independent instance for another thread: the network's weights are copied in memory, not
   * read from the file again.
   */
  @Override
  public CropOrPadModel copy() {
    return new CropOrPadModel(network.clone(), spec, preprocess, inference, threads, decisionNote);
  }

  /**
   * The mask of {@code original} on its own grid (uint8 labels 0, 1, 2 with its shape and affine).
   *
   * @param original a subject holding the CT scan as {@link MsdDataset#IMAGE}
   */
  public LabelMap segment(Subject original) {
    return segmenter.segment(original);
  }

  /** The mask of the CT {@code scan} of case {@code caseId} on the scan's grid. */
  public LabelMap segment(String caseId, ScalarImage scan) {
    return segment(Subject.builder(caseId).image(MsdDataset.IMAGE, scan).build());
  }

  /**
   * {@inheritDoc}
   *
   * <p>The timings' "resample in" is the CropOrPad and HU window, "resample out" the CropOrPad
   * undone; the label decision is counted with the aggregation.
   */
  @Override
  public Segmentation segment(ScalarImage scan) {
    SegmentationModel.requireSegmentable(scan);
    scan.requireFinite();
    String id = scan.path().map(p -> p.getFileName().toString()).orElse("scan");
    return segmenter.segmentation(Subject.builder(id).image(MsdDataset.IMAGE, scan).build());
  }

  @Override
  public String describe() {
    return "network: " + spec.architecture() + "; label decision: " + decisionNote;
  }

  @Override
  public String toString() {
    return "CropOrPadModel(" + spec.name() + ", " + decisionNote + ")";
  }

  /** The run configuration's {@code train.threads}; 0 (ND4J's default) when it has none. */
  static int threads(JsonObject config) {
    JsonObject train = config.getAsJsonObject("train");
    return train != null && train.has("threads") ? train.get("threads").getAsInt() : 0;
  }

  private static Preprocess preprocess(JsonObject p) {
    JsonElement shape = p.get("targetShape");
    if (shape == null || !shape.isJsonArray() || shape.getAsJsonArray().size() != 3) {
      throw new JsonParseException("preprocess.targetShape must be an array [x, y, z]");
    }
    return new Preprocess(
        Shape.of(
            shape.getAsJsonArray().get(0).getAsInt(),
            shape.getAsJsonArray().get(1).getAsInt(),
            shape.getAsJsonArray().get(2).getAsInt()),
        number(p, "clampMin").getAsDouble(),
        number(p, "clampMax").getAsDouble(),
        number(p, "rescaleMin").getAsDouble(),
        number(p, "rescaleMax").getAsDouble());
  }

  private static JsonObject section(JsonObject config, String name) {
    JsonElement e = config.get(name);
    if (e == null || !e.isJsonObject()) {
      throw new JsonParseException("no \"" + name + "\" section");
    }
    return e.getAsJsonObject();
  }

  private static String string(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new JsonParseException("\"" + field + "\" must be a string, got " + e);
    }
    return e.getAsString();
  }

  private static boolean bool(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new JsonParseException("\"" + field + "\" must be true or false, got " + e);
    }
    return e.getAsBoolean();
  }

  private static JsonElement number(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new JsonParseException("\"" + field + "\" must be a number, got " + e);
    }
    return e;
  }
}
