package org.liverseg.sampling;

import com.google.common.collect.ImmutableList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.liverseg.io.Image;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectTransform;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.sampling.EpochPlan.Visit;

/**
 * The work of one subject visit, in the order a queue worker does it: load and transform the
 * subject, sample its patches, then (after the queue has room) detach them. Random choices come
 * from generators derived from (seed, epoch, subject index), so the result does not depend on the
 * thread: the dataset's {@link SubjectTransform} is applied with one of them.
 */
final class VisitWork {

  private final SubjectsDataset dataset;
  private final PatchSampler sampler;
  private final long seed;
  private final boolean copyPatches;

  VisitWork(SubjectsDataset dataset, PatchSampler sampler, long seed, boolean copyPatches) {
    this.dataset = dataset;
    this.sampler = sampler;
    this.seed = seed;
    this.copyPatches = copyPatches;
  }

  /** The id of the subject a visit is for (no loading). */
  String subjectId(Visit v) {
    return dataset.raw(v.subjectIndex()).id();
  }

  /**
   * The subject of the visit, transformed, with every image loaded. Lazy images are loaded through
   * {@link Image#lazyCopy()}, so the dataset's subjects stay unloaded and a visit's voxels are
   * freed with its patches.
   */
  Subject load(Visit v) {
    Subject raw = dataset.raw(v.subjectIndex());
    Map<String, Image> copies = new LinkedHashMap<>();
    raw.images().forEach((name, image) -> copies.put(name, image.lazyCopy()));
    Subject s = raw.withImages(copies, null);
    SubjectTransform transform = dataset.transform().orElse(null);
    if (transform != null) {
      s = transform.apply(s, Seeds.generator(seed, v.epoch(), v.subjectIndex(), Seeds.TRANSFORM));
    }
    return s.load();
  }

  /** The visit's patches, as views of {@code subject}. */
  List<Patch> sample(Subject subject, Visit v) {
    return sampler.sample(
        subject, Seeds.generator(seed, v.epoch(), v.subjectIndex(), Seeds.SAMPLING), v.count());
  }

  /** The patches as the queue hands them out: detached copies unless the queue keeps views. */
  List<Patch> finish(List<Patch> views) {
    if (!copyPatches) {
      return views;
    }
    ImmutableList.Builder<Patch> out = ImmutableList.builderWithExpectedSize(views.size());
    for (Patch p : views) {
      out.add(p.detach());
    }
    return out.build();
  }

  /** All three steps at once (the queue without workers). */
  List<Patch> run(Visit v) {
    return finish(sample(load(v), v));
  }

  /** The exception the consumer sees for a failed visit. */
  PatchQueueException failure(Visit v, Throwable cause) {
    String id = subjectId(v);
    return new PatchQueueException(
        String.format(
            "PatchQueue: loading, transforming or sampling subject %s (dataset"
                + " index %d, epoch %d) failed: %s",
            id, v.subjectIndex(), v.epoch(), cause),
        id,
        cause);
  }
}
