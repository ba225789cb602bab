package org.liverseg.models.task03;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.liverseg.io.ScalarImage;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.prediction.Segmentation;
import org.liverseg.models.prediction.SegmentationModel;

/**
 * A {@link Task03Model} over a model file with a plan: {@link SegmentationModel}'s whole-scan
 * prediction, with the OpenMP thread count of the run configuration that trained it.
 */
final class PlannedModel implements Task03Model {

  private final SegmentationModel model;
  private final int threads;

  private PlannedModel(SegmentationModel model, int threads) {
    this.model = requireNonNull(model, "model");
    this.threads = threads;
  }

  static PlannedModel load(Path file) throws IOException {
    SegmentationModel model = SegmentationModel.load(file);
    Optional<String> config = ModelFiles.readEntry(file, CropOrPadModel.CONFIG_ENTRY);
    int threads = 0;
    if (config.isPresent()) {
      try {
        threads = CropOrPadModel.threads(JsonParser.parseString(config.get()).getAsJsonObject());
      } catch (RuntimeException e) { // Gson's parse and cast errors
        throw new IOException(
            file + ": invalid " + CropOrPadModel.CONFIG_ENTRY + ": " + e.getMessage(), e);
      }
    }
    return new PlannedModel(model, threads);
  }

  @Override
  public Segmentation segment(ScalarImage scan) {
    return model.segment(scan);
  }

  @Override
  public ModelSpec spec() {
    return model.spec();
  }

  @Override
  public int threads() {
    return threads;
  }

  @Override
  public Task03Model withBatchSize(int n) {
    return new PlannedModel(model.withInference(model.inference().withBatchSize(n)), threads);
  }

  @Override
  public Task03Model copy() {
    return new PlannedModel(model.copy(), threads);
  }

  @Override
  public String describe() {
    return "network: "
        + model.spec().architecture()
        + "; plan: target spacing "
        + model.plan().targetSpacing()
        + " mm, patch "
        + model.plan().patchSize()
        + "; inference: "
        + model.inference().describe();
  }

  @Override
  public String toString() {
    return "PlannedModel(" + model + ")";
  }
}
