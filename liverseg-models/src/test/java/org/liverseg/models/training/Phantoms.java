package org.liverseg.models.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;
import org.liverseg.sampling.LabelSampler;
import org.liverseg.sampling.PatchQueue;

/**
 * Tiny phantoms (48x48x24) with CT windowed to [0, 1], and a queue over them, for training tests.
 */
final class Phantoms {

  static final double LOW = -100;
  static final double HIGH = 250;
  static final Shape PATCH = Shape.of(24, 24, 16);

  private Phantoms() {}

  static Subject windowed(Subject s) {
    float[] hu = s.scalarImage(PhantomGenerator.CT).voxels();
    float[] w = new float[hu.length];
    for (int i = 0; i < hu.length; i++) {
      w[i] = (float) Math.min(1, Math.max(0, (hu[i] - LOW) / (HIGH - LOW)));
    }
    ScalarImage ct = s.scalarImage(PhantomGenerator.CT).withVoxels(w);
    return s.withImage(PhantomGenerator.CT, ct);
  }

  /** Cases {@code from..} with at least one tumour, windowed. */
  static List<Subject> withTumours(int from, int count) {
    PhantomGenerator gen =
        PhantomGenerator.builder().size(PhantomSize.TINY).seed(5).threads(1).build();
    List<Subject> out = new ArrayList<>();
    for (int i = from; out.size() < count; i++) {
      Subject s = gen.generate(i);
      if (Integer.parseInt(s.metadata().get("phantom.tumours")) > 0) {
        out.add(windowed(s));
      }
    }
    return out;
  }

  static PatchQueue queue(List<Subject> subjects, int samplesPerVolume, long seed) {
    return queue(subjects, samplesPerVolume, seed, 0);
  }

  static PatchQueue queue(List<Subject> subjects, int samplesPerVolume, long seed, int workers) {
    return PatchQueue.builder()
        .dataset(SubjectsDataset.of(subjects))
        .sampler(new LabelSampler(PATCH, PhantomGenerator.LABEL, Map.of(0, 0.2, 1, 0.4, 2, 0.4)))
        .maxLength(samplesPerVolume * subjects.size())
        .samplesPerVolume(samplesPerVolume)
        .numWorkers(workers)
        .seed(seed)
        .build();
  }
}
