package org.liverseg.models.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.models.Architecture;
import org.liverseg.models.Norm;
import org.liverseg.models.UNet3D;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The tiny networks of {@code liverseg-models/scripts/zoo_twins.py} (keep the two in step) and the
 * fixtures it wrote: input, PyTorch logits per head and the weights in DL4J layout.
 */
final class Twins {

  private Twins() {}

  /** The Java twin of each case of zoo_twins.py. */
  static Map<String, Architecture> cases() {
    Map<String, Architecture> m = new TreeMap<>();
    m.put(
        "unet",
        UNet3D.builder().inputChannels(2).classes(2).classWeights(1, 1).filters(3, 4, 5).build());
    m.put(
        "attention-unet",
        UNet3D.builder()
            .filters(2, 4, 4, 6)
            .norm(Norm.BATCH)
            .attention(true)
            .deepSupervision(true)
            .build());
    m.put(
        "resenc-unet",
        ResEncUNet.builder()
            .inputChannels(2)
            .classes(2)
            .classWeights(1, 1)
            .widths(2, 4, 6, 8)
            .blocksPerStage(1, 2, 2, 1)
            .decoderConvs(1, 2, 1)
            .deepSupervision(true)
            .build());
    m.put(
        "segresnet",
        SegResNet.builder()
            .classes(2)
            .classWeights(1, 1)
            .widths(2, 4, 8)
            .blocksDown(1, 2, 2)
            .blocksUp(1, 1)
            .groups(2)
            .build());
    return m;
  }

  /**
   * The arrays of fixture {@code name}.npz (numpy's {@code savez_compressed}: a zip of .npy files,
   * which ND4J's own npz reader cannot inflate, so the zip is read here).
   */
  static Map<String, INDArray> fixture(String name) throws IOException {
    Map<String, INDArray> out = new TreeMap<>();
    try (InputStream raw = Twins.class.getResourceAsStream(name + ".npz")) {
      if (raw == null) {
        throw new IOException("fixture " + name + ".npz missing: run scripts/zoo_twins.py");
      }
      try (ZipInputStream zip = new ZipInputStream(raw)) {
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
          String key = e.getName().replaceFirst("\\.npy$", "");
          out.put(key, Nd4j.createNpyFromByteArray(zip.readAllBytes()));
        }
      }
    }
    return out;
  }

  /**
   * Copies the fixture's {@code param:<layer>:<key>} arrays into {@code net}, failing unless they
   * are exactly the network's parameters with the same shapes.
   */
  static void loadWeights(ComputationGraph net, Map<String, INDArray> fixture) {
    TreeSet<String> expected = new TreeSet<>();
    for (Layer l : net.getLayers()) {
      for (String k : l.paramTable().keySet()) {
        expected.add(l.getConfig().getLayerName() + ":" + k);
      }
    }
    TreeSet<String> given = new TreeSet<>();
    for (Map.Entry<String, INDArray> e : fixture.entrySet()) {
      if (!e.getKey().startsWith("param:")) {
        continue;
      }
      String[] p = e.getKey().split(":");
      INDArray param = net.getLayer(p[1]).getParam(p[2]);
      INDArray value = e.getValue();
      boolean vector = param.rank() <= 2 && value.rank() <= 2 && param.length() == value.length();
      if (!vector && !java.util.Arrays.equals(param.shape(), value.shape())) {
        throw new AssertionError(
            e.getKey()
                + ": DL4J shape "
                + java.util.Arrays.toString(param.shape())
                + ", fixture "
                + java.util.Arrays.toString(value.shape()));
      }
      param.assign(value.reshape(param.shape()).castTo(param.dataType()));
      given.add(p[1] + ":" + p[2]);
    }
    if (!expected.equals(given)) {
      TreeSet<String> missing = new TreeSet<>(expected);
      missing.removeAll(given);
      TreeSet<String> extra = new TreeSet<>(given);
      extra.removeAll(expected);
      throw new AssertionError("parameters not in the fixture: " + missing + "; extra: " + extra);
    }
  }
}
