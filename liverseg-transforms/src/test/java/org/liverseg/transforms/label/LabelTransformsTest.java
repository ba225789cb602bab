package org.liverseg.transforms.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.TestSubjects;

class LabelTransformsTest {

  private static Subject labels(Shape shape, byte[] v) {
    return Subject.builder("l")
        .image("ct", TestSubjects.indexImage(shape, Affine.identity()))
        .image("label", LabelMap.of(new ImageGeometry(shape, 1, Affine.identity()), v))
        .build();
  }

  @Test
  void remapLabelsSwapsAtOnceAndKeepsOthers() {
    Subject s = labels(Shape.of(4, 1, 1), new byte[] {0, 1, 2, 3});
    Subject out = RemapLabels.builder().map(1, 2).map(2, 1).build().apply(s);
    assertArrayEquals(new byte[] {0, 2, 1, 3}, out.labelMap("label").labels());
    assertEquals(s.image("ct"), out.image("ct"));
    assertThrows(IllegalArgumentException.class, () -> RemapLabels.builder().map(1, 256));
    assertThrows(IllegalArgumentException.class, () -> RemapLabels.builder().build());
  }

  @Test
  void oneHotMakesOneChannelPerClass() {
    Subject s = labels(Shape.of(3, 1, 1), new byte[] {0, 2, 1});
    LabelMap out = OneHot.builder().numClasses(4).build().apply(s).labelMap("label");
    assertEquals(4, out.channels());
    assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0}, out.labels());
    assertEquals(3, OneHot.builder().build().apply(s).labelMap("label").channels());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> OneHot.builder().numClasses(2).build().apply(s));
    assertTrue(e.getMessage().contains("label 2"), e.getMessage());
  }

  @Test
  void keepLargestComponentDependsOnConnectivityAndKeepsLabels() {
    // a 3-voxel bar (labels 1,2,1) and a 4-voxel diagonal staircase that is one component only with
    // 26
    Shape shape = Shape.of(6, 6, 1);
    byte[] v = new byte[36];
    v[shape.index(0, 0, 0)] = 1;
    v[shape.index(1, 0, 0)] = 2;
    v[shape.index(2, 0, 0)] = 1;
    for (int t = 0; t < 4; t++) {
      v[shape.index(2 + t, 2 + t, 0)] = 1;
    }
    Subject s = labels(shape, v);
    byte[] six = KeepLargestComponent.builder().build().apply(s).labelMap("label").labels();
    assertEquals(2, six[shape.index(1, 0, 0)]);
    assertEquals(0, six[shape.index(3, 3, 0)]);
    byte[] all26 =
        KeepLargestComponent.builder().connectivity(26).build().apply(s).labelMap("label").labels();
    assertEquals(0, all26[shape.index(1, 0, 0)]);
    assertEquals(1, all26[shape.index(5, 5, 0)]);
    byte[] onlyTwo =
        KeepLargestComponent.builder()
            .labels(2)
            .binarize()
            .build()
            .apply(s)
            .labelMap("label")
            .labels();
    assertEquals(1, onlyTwo[shape.index(1, 0, 0)]);
    assertEquals(0, onlyTwo[shape.index(0, 0, 0)]);
    assertThrows(
        IllegalArgumentException.class, () -> KeepLargestComponent.builder().connectivity(8));
    byte[] empty =
        KeepLargestComponent.builder()
            .build()
            .apply(labels(shape, new byte[36]))
            .labelMap("label")
            .labels();
    assertArrayEquals(new byte[36], empty);
  }

  /** Reference: breadth-first labelling, largest by size then by first voxel. */
  private static byte[] reference(byte[] in, Shape s, int connectivity) {
    int n = in.length;
    int[] comp = new int[n];
    java.util.Arrays.fill(comp, -1);
    int bestStart = -1;
    int bestSize = 0;
    for (int v = 0; v < n; v++) {
      if (in[v] == 0 || comp[v] >= 0) {
        continue;
      }
      int size = 0;
      ArrayDeque<Integer> q = new ArrayDeque<>();
      q.add(v);
      comp[v] = v;
      while (!q.isEmpty()) {
        int p = q.poll();
        size++;
        int px = p % s.x();
        int py = (p / s.x()) % s.y();
        int pz = p / (s.x() * s.y());
        for (int dz = -1; dz <= 1; dz++) {
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              int manhattan = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
              if (manhattan == 0 || (connectivity == 6 && manhattan > 1)) {
                continue;
              }
              int x = px + dx;
              int y = py + dy;
              int z = pz + dz;
              if (x < 0 || y < 0 || z < 0 || x >= s.x() || y >= s.y() || z >= s.z()) {
                continue;
              }
              int r = s.index(x, y, z);
              if (in[r] != 0 && comp[r] < 0) {
                comp[r] = v;
                q.add(r);
              }
            }
          }
        }
      }
      if (size > bestSize) {
        bestSize = size;
        bestStart = v;
      }
    }
    byte[] out = new byte[n];
    for (int v = 0; v < n; v++) {
      if (bestStart >= 0 && comp[v] == bestStart) {
        out[v] = in[v];
      }
    }
    return out;
  }

  @Property(tries = 200)
  void matchesBreadthFirstReference(
      @ForAll @IntRange(min = 1, max = 9) int x,
      @ForAll @IntRange(min = 1, max = 9) int y,
      @ForAll @IntRange(min = 1, max = 6) int z,
      @ForAll @IntRange(min = 0, max = 10_000) int seed,
      @ForAll @IntRange(min = 20, max = 70) int density) {
    Shape shape = Shape.of(x, y, z);
    SplittableRandom r = new SplittableRandom(seed);
    byte[] v = new byte[shape.voxelsAsInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) (r.nextInt(100) < density ? 1 + r.nextInt(2) : 0);
    }
    for (int c : new int[] {6, 26}) {
      assertArrayEquals(
          reference(v, shape, c),
          KeepLargestComponent.keepLargest(v, shape, fg(), c, false),
          "connectivity " + c);
    }
  }

  private static boolean[] fg() {
    boolean[] f = new boolean[256];
    java.util.Arrays.fill(f, 1, 256, true);
    return f;
  }
}
