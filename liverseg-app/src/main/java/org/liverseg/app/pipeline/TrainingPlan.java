package org.liverseg.app.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.models.task03.Task03;
import org.liverseg.plan.CaseFingerprint;
import org.liverseg.plan.Fingerprint;
import org.liverseg.plan.FingerprintExtractor;
import org.liverseg.plan.Normalization;
import org.liverseg.plan.Plan;

/**
 * The plan of a run ({@link RunConfig.PlanSettings}): computed from the fingerprint of the training
 * split only (the validation and test cases never shape it), or read from a file. Either way its
 * label classes must be Task03's (0 background, 1 liver, 2 tumour): a training label of another
 * value is refused with the cases that hold it.
 */
public final class TrainingPlan {

  private TrainingPlan() {}

  /**
   * The plan of {@code config} for the training cases {@code trainIds} of {@code training}.
   *
   * @param threads cases read in parallel for an automatic plan
   * @throws IllegalArgumentException if the configuration has no plan, or the training labels hold
   *     values other than 0, 1 and 2 (naming the cases)
   * @throws IOException if the plan file cannot be read (naming it)
   */
  public static Plan resolve(
      RunConfig config,
      SubjectsDataset training,
      List<String> trainIds,
      int threads,
      PrintStream log)
      throws IOException {
    RunConfig.PlanSettings p = config.plan();
    return switch (p.source()) {
      case NONE -> throw new IllegalArgumentException("the configuration uses no plan");
      case FILE -> {
        Plan plan = Plan.read(Path.of(p.file()));
        requireTask03Classes(plan.classes(), "plan " + p.file());
        log.printf(Locale.ROOT, "plan from %s%n", p.file());
        yield plan;
      }
      case AUTO -> {
        long t0 = System.nanoTime();
        List<Subject> subjects = training.select(trainIds).subjects();
        Fingerprint fp = FingerprintExtractor.builder().threads(threads).build().extract(subjects);
        requireTask03Classes(fp, subjects);
        Plan plan =
            p.intensity() == RunConfig.Intensity.WINDOW
                ? Plan.from(
                    fp,
                    p.budget(),
                    Normalization.fixedWindow(
                        config.preprocess().clampMin(), config.preprocess().clampMax()))
                : Plan.from(fp, p.budget());
        log.printf(
            Locale.ROOT,
            "plan from the %d training cases (%.1f s):%n%s",
            subjects.size(),
            (System.nanoTime() - t0) / 1e9,
            plan.describe().indent(2));
        yield plan;
      }
    };
  }

  /** Fails naming the cases whose labels hold a value other than Task03's 0, 1 and 2. */
  static void requireTask03Classes(Fingerprint fp, List<Subject> subjects) {
    Map<String, String> files = new java.util.HashMap<>();
    for (Subject s : subjects) {
      if (s.has(MsdDataset.LABEL)) {
        s.image(MsdDataset.LABEL).path().ifPresent(p -> files.put(s.id(), p.toString()));
      }
    }
    List<String> bad = new ArrayList<>();
    for (CaseFingerprint c : fp.cases()) {
      if (c.classVoxels() == null) {
        continue;
      }
      for (Map.Entry<Integer, Long> e : c.classVoxels().entrySet()) {
        if (e.getKey() < 0 || e.getKey() >= Task03.CLASSES) {
          bad.add(
              files.getOrDefault(c.id(), c.id())
                  + " (label "
                  + e.getKey()
                  + ", "
                  + e.getValue()
                  + " voxels)");
        }
      }
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(
          "training labels must be 0 (background), 1 (liver) or 2 (tumour); found other values in "
              + String.join(", ", bad));
    }
  }

  private static void requireTask03Classes(List<Integer> classes, String where) {
    for (int c : classes) {
      if (c < 0 || c >= Task03.CLASSES) {
        throw new IllegalArgumentException(
            where
                + " has label classes "
                + classes
                + "; the liver model has 0 (background), 1 (liver) and 2 (tumour)");
      }
    }
  }
}
