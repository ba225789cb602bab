package org.liverseg.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.PreprocessingSpec;
import org.liverseg.models.UNet3D;
import org.liverseg.models.prediction.InferenceSettings;
import org.liverseg.models.task03.Task03Model;
import org.liverseg.plan.Budget;
import org.liverseg.plan.Normalization;
import org.liverseg.plan.Plan;
import org.liverseg.plan.Vec3;
import org.liverseg.transforms.spatial.Resample;

/**
 * A model file with a plan on Spark: scans of two voxel sizes are segmented on their own grids,
 * with masks byte-identical to {@code liverseg predict}'s (both load {@link Task03Model}).
 */
class PlannedModelJobTest {

  @Test
  void scansOfAnyVoxelSizeAreSegmentedOnTheirOwnGrids(@TempDir Path dir) throws IOException {
    TestData data = TestData.get();
    Path model = dir.resolve("planned.zip");
    writePlannedModel(model);
    Path coarse = data.dataset.resolve("imagesTr/liver_2.nii.gz");
    ScalarImage scan = ScalarImage.read(data.dataset.resolve("imagesTr/liver_3.nii.gz"));
    double[] s = scan.affine().spacing();
    Subject finer =
        Resample.to(0.6 * s[0], 0.7 * s[1], 0.5 * s[2])
            .apply(Subject.builder("fine").image("ct", scan).build());
    Path fine = dir.resolve("in/fine.nii.gz");
    Files.createDirectories(fine.getParent());
    Nifti.write(fine, finer.scalarImage("ct"));

    Path out = dir.resolve("out");
    List<CaseResult> rows =
        SegmentationJob.builder()
            .model(model)
            .inputs(List.of(coarse, fine))
            .output(out)
            .build()
            .run(SparkTests.local())
            .collectAsList()
            .stream()
            .map(CaseResult::fromRow)
            .toList();

    Task03Model predict = Task03Model.load(model);
    assertEquals(List.of("liver_2", "fine"), rows.stream().map(CaseResult::caseId).toList());
    for (int i = 0; i < 2; i++) {
      CaseResult r = rows.get(i);
      assertEquals(CaseStatus.OK, r.status(), r.toString());
      ScalarImage in = ScalarImage.read(i == 0 ? coarse : fine);
      LabelMap mask = LabelMap.read(Path.of(r.mask()));
      assertEquals(in.shape(), mask.shape(), r.caseId());
      assertEquals(in.affine(), mask.affine(), r.caseId());
      Path expected = dir.resolve("predict-" + r.caseId() + ".nii.gz");
      Nifti.write(expected, predict.segment(in).mask(), NiftiDataType.UINT8);
      assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(Path.of(r.mask())));
    }
    assertEquals(List.of(48, 48, 24), rows.get(0).shape());
    assertEquals(
        List.of(finer.shape().x(), finer.shape().y(), finer.shape().z()), rows.get(1).shape());
  }

  /** An untrained 2-level U-Net with a plan at 2 x 2 x 3 mm and patch 16x16x8. */
  private static void writePlannedModel(Path file) throws IOException {
    ComputationGraph net = UNet3D.builder().filters(2, 2).seed(7).build().newNetwork();
    Plan plan =
        new Plan(
            Plan.VERSION,
            new Vec3(2, 2, 3),
            -1,
            Normalization.fixedWindow(-100, 400),
            Shape.of(16, 16, 8),
            2,
            1,
            new Vec3(24, 24, 12),
            Budget.cpu(4096),
            4,
            new Vec3(1.5, 1.5, 2),
            new Vec3(2.5, 2.5, 4),
            List.of(0, 1, 2),
            null);
    ModelFiles.save(
        net,
        new ModelSpec(
            "planned",
            "UNet3D filters [2, 2]",
            PreprocessingSpec.of(new int[] {16, 16, 8}, -100, 400, new int[] {16, 16, 8}, 3)),
        file,
        false,
        Map.of(
            ModelFiles.PLAN_ENTRY,
            plan.toJson(),
            ModelFiles.INFERENCE_ENTRY,
            InferenceSettings.defaults().toJson()));
  }
}
