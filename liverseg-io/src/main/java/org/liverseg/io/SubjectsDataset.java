package org.liverseg.io;

import static com.google.common.base.Preconditions.checkElementIndex;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.AbstractList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An ordered, indexable list of subjects, with an optional transform applied each time a subject is
 * accessed (as TorchIO's {@code SubjectsDataset}). The transform is typed as a plain {@link
 * UnaryOperator} so that liverseg-io does not depend on the transforms module; any liverseg {@code
 * Transform} fits.
 *
 * <p>Subjects usually hold lazy images, so a dataset of many scans costs nothing until a subject is
 * used. {@link #get(int)} returns the transformed subject; {@link #raw(int)} the stored one.
 */
public final class SubjectsDataset extends AbstractList<Subject> {

  private final ImmutableList<Subject> subjects;
  private final UnaryOperator<Subject> transform;

  private SubjectsDataset(List<Subject> subjects, UnaryOperator<Subject> transform) {
    this.subjects = ImmutableList.copyOf(subjects);
    this.transform = transform;
  }

  /** A dataset without a transform. */
  public static SubjectsDataset of(List<Subject> subjects) {
    return new SubjectsDataset(subjects, null);
  }

  /** A dataset whose subjects pass through {@code transform} on access. */
  public static SubjectsDataset of(List<Subject> subjects, UnaryOperator<Subject> transform) {
    return new SubjectsDataset(subjects, requireNonNull(transform, "transform"));
  }

  /** The same subjects with another transform. */
  public SubjectsDataset withTransform(UnaryOperator<Subject> newTransform) {
    return new SubjectsDataset(subjects, requireNonNull(newTransform, "transform"));
  }

  /** The transform applied on access, if any. */
  public Optional<UnaryOperator<Subject>> transform() {
    return Optional.ofNullable(transform);
  }

  /** The subject at {@code index}, with the transform applied. */
  @Override
  public Subject get(int index) {
    Subject s = raw(index);
    return transform == null ? s : transform.apply(s);
  }

  /** The subject at {@code index} as stored, without the transform. */
  public Subject raw(int index) {
    checkElementIndex(index, subjects.size(), "subject index");
    return subjects.get(index);
  }

  /** The stored subjects, without the transform. */
  public ImmutableList<Subject> subjects() {
    return subjects;
  }

  /** A dataset of the subjects at the given indices, with the same transform. */
  public SubjectsDataset select(List<Integer> indices) {
    ImmutableList.Builder<Subject> b = ImmutableList.builder();
    indices.forEach(i -> b.add(raw(i)));
    return new SubjectsDataset(b.build(), transform);
  }

  @Override
  public int size() {
    return subjects.size();
  }
}
