package org.liverseg.io;

import java.util.Map;

/**
 * One entry of a subject's history: a transform that was applied, with the parameters it used
 * (including any it drew at random). The transforms module implements it; records of invertible
 * transforms can produce their inverse there.
 */
public interface TransformRecord {

  /** The transform's name, e.g. {@code "CropOrPad"}. */
  String name();

  /** The parameters used, by name (numbers, arrays, strings), for logging and reproduction. */
  Map<String, Object> parameters();
}
