package org.liverseg.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Subject;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;

/**
 * Feature example: write a CT (int16) and its label map (uint8) as NIfTI, read them back, and check
 * that voxels and affine survive. Pass a {@code .nii.gz} path to read and describe your own file
 * instead.
 *
 * <pre>
 * mvn -B -pl liverseg-examples -am package -DskipTests   # once: the jar and target/lib/
 * java -cp liverseg-examples/target/liverseg-examples-0.1.0-SNAPSHOT.jar org.liverseg.examples.NiftiRoundTrip [FILE.nii.gz]
 * </pre>
 */
public final class NiftiRoundTrip {

  private NiftiRoundTrip() {}

  /** Runs the example. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      ScalarImage image = ScalarImage.read(Path.of(args[0]));
      System.out.println(image.describe());
      System.out.println("affine " + image.affine());
      return;
    }
    Subject phantom = PhantomGenerator.builder().size(PhantomSize.TINY).seed(1).build().generate(0);
    Path dir = Files.createTempDirectory("liverseg-nifti");
    Path ctFile = dir.resolve("ct.nii.gz");
    Path labelFile = dir.resolve("label.nii.gz");
    Nifti.write(ctFile, phantom.scalarImage("ct"), NiftiDataType.INT16);
    Nifti.write(labelFile, phantom.labelMap("label"));

    ScalarImage ct = ScalarImage.read(ctFile);
    LabelMap label = LabelMap.read(labelFile);
    System.out.println(ct.describe() + ", " + Files.size(ctFile) + " bytes");
    System.out.println(label.describe() + ", " + Files.size(labelFile) + " bytes");
    System.out.println(
        "voxels equal: "
            + (Arrays.equals(ct.voxels(), phantom.scalarImage("ct").voxels())
                && Arrays.equals(label.labels(), phantom.labelMap("label").labels())));
    System.out.println("affine equal: " + ct.affine().isClose(phantom.affine(), 1e-6));
  }
}
