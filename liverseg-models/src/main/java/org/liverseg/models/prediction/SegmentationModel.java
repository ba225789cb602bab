package org.liverseg.models.prediction;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.Image;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.plan.Plan;
import org.liverseg.plan.ProbabilityResampler;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.label.KeepLargestComponent;
import org.liverseg.transforms.spatial.Resample;
import org.liverseg.transforms.spatial.ToCanonical;

/**
 * A trained model with its plan, ready to segment whole scans of any voxel size and extent:
 *
 * <pre>{@code
 * SegmentationModel model = SegmentationModel.load(Path.of("model.zip"));
 * Segmentation s = model.segment(ScalarImage.read(Path.of("scan.nii.gz")));
 * Nifti.write(Path.of("mask.nii.gz"), s.mask());   // exactly the scan's shape and affine
 * }</pre>
 *
 * <p>{@link #segment(ScalarImage)} does, in this order (nnU-Net's inference, in liverseg's terms):
 *
 * <ol>
 *   <li>checks the scan: one channel (a 4D or colour image is refused), three spatial axes of more
 *       than one voxel (a 2D image is refused), every value finite ({@link
 *       org.liverseg.io.NonFiniteVoxelsException}); every message names the scan's file;
 *   <li>reorients it to canonical RAS ({@link ToCanonical}: axes permuted and flipped, exactly),
 *       resamples it linearly to the plan's target spacing ({@link Resample}) and normalises its
 *       intensities ({@link Plan#intensity()});
 *   <li>slides the network over the whole resampled volume ({@link SegmentationPredictor}): a
 *       volume smaller than the patch is padded to it, patches start {@code tileStep x patch}
 *       apart, their softmax outputs are blended with the chosen weighting (Gaussian by default)
 *       and, if asked, averaged over test-time mirrors;
 *   <li>resamples the class probabilities (not labels) linearly onto the canonical grid of the scan
 *       ({@link ProbabilityResampler}) and undoes the reorientation exactly (the inverse of the
 *       permutation and flips), so they lie on the scan's own grid;
 *   <li>labels the voxels there: the decision ({@link InferenceSettings.Decision}, with any size in
 *       voxels scaled to the scan's voxel volume) and, if set, only the largest 6-connected
 *       component of the foreground classes together.
 * </ol>
 *
 * <p>So the mask has exactly the scan's shape and affine, whatever its spacing, orientation or
 * number of slices. A scan whose spacing lies more than 2x outside the training range on some axis
 * is segmented all the same, with a one-line {@link Segmentation#warning()}.
 *
 * <p>Not thread-safe (a network runs one forward pass at a time): give each thread its own {@link
 * #copy()}.
 */
public final class SegmentationModel {

  /** The name under which the scan travels through the preprocessing. */
  static final String IMAGE = "image";

  private final ComputationGraph network;
  private final ModelSpec spec;
  private final Plan plan;
  private final InferenceSettings settings;
  private final SegmentationPredictor predictor;

  private SegmentationModel(
      ComputationGraph network, ModelSpec spec, Plan plan, InferenceSettings settings) {
    this.network = requireNonNull(network, "network");
    this.spec = requireNonNull(spec, "spec");
    this.plan = requireNonNull(plan, "plan");
    this.settings = requireNonNull(settings, "settings");
    this.predictor =
        SegmentationPredictor.builder()
            .network(network)
            .patchSize(plan.patchSize())
            .tileStep(settings.tileStep())
            .mirrorAxes(settings.mirrorAxes().stream().mapToInt(Integer::intValue).toArray())
            .batchSize(settings.batchSize())
            .mode(settings.aggregation())
            .inputImages(IMAGE)
            .padding(null)
            .build();
  }

  /**
   * A model over a network in memory (e.g. one just trained).
   *
   * @param network the trained network (input NCDHW with one channel, softmax output)
   * @param spec the model's description
   * @param plan the plan the network was trained with
   * @param settings how to predict
   */
  public static SegmentationModel of(
      ComputationGraph network, ModelSpec spec, Plan plan, InferenceSettings settings) {
    return new SegmentationModel(network, spec, plan, settings);
  }

  /**
   * Loads a model file that carries a plan ({@value ModelFiles#PLAN_ENTRY}), with its inference
   * settings ({@value ModelFiles#INFERENCE_ENTRY}; {@link InferenceSettings#defaults()} if the file
   * has none). The network is loaded without optimiser state.
   *
   * @throws IOException naming the file: missing, not a model file, without a plan (a model written
   *     before plans, whose fixed preprocessing {@code liverseg predict} still applies), or with an
   *     invalid entry
   */
  public static SegmentationModel load(Path file) throws IOException {
    ModelSpec spec = ModelFiles.readSpec(file);
    Plan plan =
        ModelFiles.readPlan(file)
            .orElseThrow(
                () ->
                    new IOException(
                        file
                            + " has no "
                            + ModelFiles.PLAN_ENTRY
                            + ": a model written before plans (fixed CropOrPad preprocessing);"
                            + " 'liverseg predict' still segments with it"));
    InferenceSettings settings = InferenceSettings.defaults();
    Optional<String> json = ModelFiles.readEntry(file, ModelFiles.INFERENCE_ENTRY);
    if (json.isPresent()) {
      try {
        settings = InferenceSettings.fromJson(json.get());
      } catch (IllegalArgumentException e) {
        throw new IOException(
            file + ": invalid " + ModelFiles.INFERENCE_ENTRY + ": " + e.getMessage(), e);
      }
    }
    ComputationGraph net = ModelFiles.load(file, false).network();
    return new SegmentationModel(net, spec, plan, settings);
  }

  /** The network (shared, not copied). */
  public ComputationGraph network() {
    return network;
  }

  /** The model's description. */
  public ModelSpec spec() {
    return spec;
  }

  /** The plan the model was trained with. */
  public Plan plan() {
    return plan;
  }

  /** How the model predicts. */
  public InferenceSettings inference() {
    return settings;
  }

  /** This model with other inference settings (the network is shared, not copied). */
  public SegmentationModel withInference(InferenceSettings s) {
    return new SegmentationModel(network, spec, plan, s);
  }

  /** An independent model for another thread: the network's weights copied in memory. */
  public SegmentationModel copy() {
    return new SegmentationModel(network.clone(), spec, plan, settings);
  }

  /** The one-line warning of a scan whose spacing is far outside the training range, if any. */
  public Optional<String> spacingWarning(Image scan) {
    return plan.spacingWarning(scan.affine());
  }

  /** The mask of {@code scan} on its own grid, without probabilities. */
  public Segmentation segment(ScalarImage scan) {
    return segment(scan, false);
  }

  /**
   * Segments {@code scan} (the steps are in the class description).
   *
   * @param keepProbabilities whether the result keeps the class probabilities on the scan's grid
   * @throws IllegalArgumentException naming the scan's file if it is not a single-channel 3D image
   * @throws org.liverseg.io.NonFiniteVoxelsException naming the file if a voxel is NaN or infinite
   * @throws IllegalStateException if the network gives non-finite probabilities (a damaged model)
   */
  public Segmentation segment(ScalarImage scan, boolean keepProbabilities) {
    return segment(scan, keepProbabilities, null);
  }

  /**
   * {@link #segment(ScalarImage, boolean)} with the network outputs of patches kept in {@code
   * cache} (null: none), for trying several inference settings on one scan: settings whose grids
   * share patches (any blending; tile steps whose strides divide each other) then run the network
   * once per patch. Give each scan and each mirroring setting its own cache.
   */
  public Segmentation segment(ScalarImage scan, boolean keepProbabilities, PatchOutputs cache) {
    long t0 = System.nanoTime();
    requireSegmentable(scan);
    scan.requireFinite();
    String id = scan.path().map(p -> p.getFileName().toString()).orElse("scan");
    Subject input = Subject.builder(id).image(IMAGE, scan).build();
    Subject canonical = ToCanonical.builder().build().apply(input);
    Subject resampled =
        Resample.builder().spacing(plan.targetSpacing().toArray()).build().apply(canonical);
    Subject normalised = plan.intensity().apply(resampled);
    long t1 = System.nanoTime();
    SegmentationPredictor.Probabilities p = predictor.probabilities(normalised, cache);
    long t2 = System.nanoTime();
    ScalarImage onCanonical =
        ProbabilityResampler.onto(p.probabilities(), canonical.shape(), canonical.affine());
    ScalarImage onScan = undoCanonical(canonical, onCanonical);
    long t3 = System.nanoTime();
    LabelMap mask = labels(onScan);
    long t4 = System.nanoTime();
    long network = p.timing().networkNanos();
    Segmentation.Timings timings =
        new Segmentation.Timings(
            t1 - t0, network, t2 - t1 - network, t3 - t2, t4 - t3, p.timing().patches());
    return new Segmentation(
        mask, keepProbabilities ? onScan : null, timings, spacingWarning(scan).orElse(null));
  }

  /**
   * The labels of class probabilities that lie on a scan's grid (what {@link #segment} ends with):
   * the decision, its sizes scaled from the plan's voxel volume to the grid's, then the optional
   * largest-component step.
   */
  public LabelMap labels(ScalarImage probabilities) {
    return labels(probabilities, settings.decision().labelDecision());
  }

  /** {@link #labels(ScalarImage)} with another decision (sizes in voxels at the plan spacing). */
  public LabelMap labels(ScalarImage probabilities, LabelDecision decision) {
    ImageGeometry g = probabilities.geometry();
    double planVoxel =
        plan.targetSpacing().x() * plan.targetSpacing().y() * plan.targetSpacing().z();
    double[] s = probabilities.affine().spacing();
    byte[] labels = decision.forVoxelsOf(planVoxel / (s[0] * s[1] * s[2])).labels(probabilities);
    Shape shape = g.shape();
    if (settings.keepLargestComponent()) {
      boolean[] foreground = new boolean[LabelMap.MAX_LABEL + 1];
      for (int c = 1; c < g.channels(); c++) {
        foreground[c] = true;
      }
      labels = KeepLargestComponent.keepLargest(labels, shape, foreground, 6, false);
    }
    return LabelMap.of(new ImageGeometry(shape, 1, probabilities.affine()), labels);
  }

  @Override
  public String toString() {
    return "SegmentationModel(" + spec.name() + ", " + settings.describe() + ")";
  }

  /**
   * The inverse of the ToCanonical step recorded in {@code canonical}, applied to {@code image}.
   */
  private static ScalarImage undoCanonical(Subject canonical, ScalarImage image) {
    AppliedTransform record = (AppliedTransform) canonical.history().get(0);
    return (ScalarImage) record.inverse().orElseThrow().apply(image);
  }

  /**
   * Checks that {@code scan} is what a 3D segmentation model takes: one channel and three spatial
   * axes of at least 2 voxels.
   *
   * @throws IllegalArgumentException naming the scan's file (if it has one): a 4D or colour image,
   *     or a 2D image
   */
  public static void requireSegmentable(ScalarImage scan) {
    String where = scan.path().map(Path::toString).orElse("the scan");
    ImageGeometry g = scan.geometry();
    if (g.channels() != 1) {
      throw new IllegalArgumentException(
          where
              + ": has "
              + g.channels()
              + " channels (a 4D or colour image); the model segments single-channel 3D scans");
    }
    Shape s = g.shape();
    if (s.x() < 2 || s.y() < 2 || s.z() < 2) {
      throw new IllegalArgumentException(
          where
              + ": is a 2D image (shape "
              + s
              + "); the model segments 3D scans with at least 2 voxels along every axis");
    }
  }
}
