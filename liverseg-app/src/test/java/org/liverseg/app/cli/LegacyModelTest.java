package org.liverseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LabelMap;

/**
 * A model file written before model files carried a plan (at commit 420eee0; see {@code
 * legacy/README.md} in the test resources) still predicts exactly what it predicted then.
 */
class LegacyModelTest {

  private static Path resource(String name, Path dir) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in =
        LegacyModelTest.class.getResourceAsStream("/org/liverseg/app/legacy/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void predictsTheSameMaskAsBeforePlans(@TempDir Path dir) throws IOException {
    Path model = resource("legacy-tiny-model.zip", dir);
    Path scan = resource("liver_6.nii.gz", dir);
    LabelMap expected = LabelMap.read(resource("liver_6_mask.nii.gz", dir));
    Path out = dir.resolve("out");
    CommandRunner r =
        CommandRunner.run(
            new PredictCommand(),
            "--model",
            model.toString(),
            scan.toString(),
            "--out",
            out.toString());
    assertEquals(0, r.exitCode(), r.err());
    LabelMap mask = LabelMap.read(out.resolve("liver_6.nii.gz"));
    assertEquals(expected.shape(), mask.shape());
    assertEquals(expected.affine(), mask.affine());
    assertArrayEquals(expected.labels(), mask.labels());
    assertEquals(983, mask.histogram()[1] + mask.histogram()[2]);
  }
}
