package org.liverseg.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaddingModeTest {

  static List<String> fixture(String name) throws IOException {
    try (InputStream in = PaddingModeTest.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.startsWith("#"))
          .toList();
    }
  }

  @Test
  void indexMapsMatchNumpyPad() throws IOException {
    List<String> lines = fixture("numpy_pad_1d.txt");
    assertEquals(3181, lines.size());
    for (String line : lines) {
      String[] parts = line.split(" : ");
      String[] head = parts[0].split(" ");
      PaddingMode.Numpy mode = (PaddingMode.Numpy) PaddingMode.parse(head[0]);
      int n = Integer.parseInt(head[1]);
      int l = Integer.parseInt(head[2]);
      int r = Integer.parseInt(head[3]);
      int[] expected = Arrays.stream(parts[1].split(" ")).mapToInt(Integer::parseInt).toArray();
      assertArrayEquals(expected, mode.indexMap(n, l, r), line);
    }
  }

  @Test
  void wrapIsPeriodicForWidePadding() {
    int[] map = PaddingMode.Numpy.WRAP.indexMap(2, 1, 3);
    assertArrayEquals(new int[] {1, 0, 1, 0, 1, 0}, map);
  }

  @Test
  void parsesTorchioSpellings() {
    assertEquals(PaddingMode.EDGE, PaddingMode.parse("edge"));
    assertEquals(PaddingMode.MEDIAN, PaddingMode.parse("Median"));
    assertEquals(PaddingMode.constant(-1000), PaddingMode.parse("-1000"));
    assertEquals("-1000", PaddingMode.constant(-1000).torchioName());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PaddingMode.parse("mirror"));
    assertEquals(true, e.getMessage().contains("mirror"));
    assertThrows(IllegalArgumentException.class, () -> PaddingMode.constant(Double.NaN));
  }
}
