package org.liverseg.io.nifti;

import static org.liverseg.io.nifti.NiftiFormatException.Problem.BAD_DIM0;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.TRUNCATED_HEADER;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.WRONG_MAGIC;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.WRONG_SIZEOF_HDR;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes and encodes the fixed part of NIfTI-1 (348 bytes, shared with Analyze 7.5) and NIfTI-2
 * (540 bytes) headers. Decoding only parses; the checks that need the file size or the data live in
 * {@link NiftiReader}.
 */
final class HeaderCodec {

  static final byte[] MAGIC1_SINGLE = {'n', '+', '1', 0};
  static final byte[] MAGIC1_PAIR = {'n', 'i', '1', 0};
  static final byte[] MAGIC2_SINGLE = {'n', '+', '2', 0, '\r', '\n', 0x1A, '\n'};
  static final byte[] MAGIC2_PAIR = {'n', 'i', '2', 0, '\r', '\n', 0x1A, '\n'};

  private HeaderCodec() {}

  /**
   * The header format announced by the first bytes: NIfTI-2 when {@code sizeof_hdr} is 540 in
   * either byte order, else the 348-byte layout (NIfTI-1 or Analyze).
   */
  static NiftiVersion sniffSize(byte[] bytes, int length, Path file) throws NiftiFormatException {
    if (length < 4) {
      throw new NiftiFormatException(
          file,
          TRUNCATED_HEADER,
          "file ends after " + length + " bytes, inside the header (at least 348 expected)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
    int le = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    int be = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
    if (le == 540 || be == 540) {
      return NiftiVersion.NIFTI2;
    }
    if (le == 348 || be == 348) {
      return NiftiVersion.NIFTI1;
    }
    throw new NiftiFormatException(
        file,
        WRONG_SIZEOF_HDR,
        "sizeof_hdr is "
            + le
            + " (little-endian) / "
            + be
            + " (big-endian), expected 348 (NIfTI-1 or Analyze) or 540 (NIfTI-2): not a NIfTI file");
  }

  /**
   * Parses a fixed header. {@code pairContainer} says whether the file is a {@code .hdr}: only
   * there a 348-byte header without NIfTI magic is taken as Analyze 7.5.
   */
  static NiftiHeader.Builder decode(
      byte[] bytes, int length, boolean pairContainer, Path file, List<String> warnings)
      throws NiftiFormatException {
    NiftiVersion size = sniffSize(bytes, length, file);
    if (length < size.headerSize()) {
      throw new NiftiFormatException(
          file,
          TRUNCATED_HEADER,
          "file ends after " + length + " bytes, inside the " + size.headerSize() + "-byte header");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 0, size.headerSize());
    ByteOrder order = byteOrderFromDim0(b, size == NiftiVersion.NIFTI2, file);
    b.order(order);
    int sizeof = b.getInt(0);
    if (sizeof != size.headerSize()) {
      throw new NiftiFormatException(
          file,
          WRONG_SIZEOF_HDR,
          "sizeof_hdr is "
              + sizeof
              + " in the "
              + order
              + " byte order that dim[0] calls for, expected "
              + size.headerSize());
    }
    return size == NiftiVersion.NIFTI2
        ? decode2(b, order, pairContainer, file, warnings)
        : decode1(b, order, pairContainer, file, warnings);
  }

  private static ByteOrder byteOrderFromDim0(ByteBuffer b, boolean v2, Path file)
      throws NiftiFormatException {
    long le;
    long be;
    if (v2) {
      le = b.order(ByteOrder.LITTLE_ENDIAN).getLong(16);
      be = b.order(ByteOrder.BIG_ENDIAN).getLong(16);
    } else {
      le = b.order(ByteOrder.LITTLE_ENDIAN).getShort(40);
      be = b.order(ByteOrder.BIG_ENDIAN).getShort(40);
    }
    // nibabel: native order if dim[0] is 1..7 in it, otherwise swapped; we test both explicitly
    ByteOrder nativeOrder = ByteOrder.nativeOrder();
    long inNative = nativeOrder == ByteOrder.LITTLE_ENDIAN ? le : be;
    long inSwapped = nativeOrder == ByteOrder.LITTLE_ENDIAN ? be : le;
    if (inNative >= 1 && inNative <= 7) {
      return nativeOrder;
    }
    if (inSwapped >= 1 && inSwapped <= 7) {
      return nativeOrder == ByteOrder.LITTLE_ENDIAN
          ? ByteOrder.BIG_ENDIAN
          : ByteOrder.LITTLE_ENDIAN;
    }
    throw new NiftiFormatException(
        file,
        BAD_DIM0,
        "dim[0] is " + le + " (little-endian) / " + be + " (big-endian), expected 1..7");
  }

  private static NiftiHeader.Builder decode1(
      ByteBuffer b, ByteOrder order, boolean pairContainer, Path file, List<String> warnings)
      throws NiftiFormatException {
    byte[] magic = bytes(b, 344, 4);
    NiftiVersion version;
    boolean single;
    if (Arrays.equals(magic, MAGIC1_SINGLE)) {
      version = NiftiVersion.NIFTI1;
      single = true;
      if (pairContainer) {
        warnings.add("single-file magic 'n+1' in a .hdr header; reading it as a .hdr/.img pair");
        single = false;
      }
    } else if (Arrays.equals(magic, MAGIC1_PAIR)) {
      version = NiftiVersion.NIFTI1;
      single = false;
      if (!pairContainer) {
        throw new NiftiFormatException(
            file,
            WRONG_MAGIC,
            "magic is 'ni1' (a .hdr/.img pair header) in a single" + " .nii file, expected 'n+1'");
      }
    } else if (pairContainer) {
      version = NiftiVersion.ANALYZE75;
      single = false;
    } else {
      throw new NiftiFormatException(
          file,
          WRONG_MAGIC,
          "magic is "
              + printable(magic)
              + ", expected 'n+1' for a .nii file (Analyze headers must be named .hdr)");
    }
    long[] dim = new long[8];
    for (int i = 0; i < 8; i++) {
      dim[i] = b.getShort(40 + 2 * i);
    }
    double[] pixdim = new double[8];
    for (int i = 0; i < 8; i++) {
      pixdim[i] = b.getFloat(76 + 4 * i);
    }
    NiftiHeader.Builder h =
        NiftiHeader.builder()
            .version(version)
            .byteOrder(order)
            .singleFile(single)
            .dim(dim)
            .pixdim(pixdim)
            .voxOffset(b.getFloat(108))
            .scaling(b.getFloat(112), b.getFloat(116))
            .calibration(b.getFloat(128), b.getFloat(124))
            .toffset(b.getFloat(136))
            .glRange(b.getInt(144), b.getInt(140))
            .descrip(string(b, 148, 80))
            .auxFile(string(b, 228, 24));
    int datatypeCode = b.getShort(70);
    h.datatype(dataType(datatypeCode, file)).bitpix(b.getShort(72));
    if (version == NiftiVersion.ANALYZE75) {
      // SPM's originator field: five int16 from byte 253 (unaligned)
      h.spmOrigin(b.getShort(253), b.getShort(255), b.getShort(257));
    } else {
      h.intentParameters(b.getFloat(56), b.getFloat(60), b.getFloat(64))
          .intentCode(b.getShort(68))
          .slices(b.getShort(74), b.getShort(120), b.get(122) & 0xFF, b.getFloat(132))
          .dimInfo(b.get(39) & 0xFF)
          .xyztUnits(b.get(123) & 0xFF)
          .codes(b.getShort(252), b.getShort(254))
          .qform(
              b.getFloat(256),
              b.getFloat(260),
              b.getFloat(264),
              b.getFloat(268),
              b.getFloat(272),
              b.getFloat(276))
          .intentName(string(b, 328, 16));
      double[] srow = new double[12];
      for (int i = 0; i < 12; i++) {
        srow[i] = b.getFloat(280 + 4 * i);
      }
      h.srow(srow);
    }
    return h;
  }

  private static NiftiHeader.Builder decode2(
      ByteBuffer b, ByteOrder order, boolean pairContainer, Path file, List<String> warnings)
      throws NiftiFormatException {
    byte[] magic = bytes(b, 4, 8);
    boolean single;
    if (Arrays.equals(magic, MAGIC2_SINGLE)) {
      single = true;
      if (pairContainer) {
        warnings.add("single-file magic 'n+2' in a .hdr header; reading it as a .hdr/.img pair");
        single = false;
      }
    } else if (Arrays.equals(magic, MAGIC2_PAIR)) {
      single = false;
      if (!pairContainer) {
        throw new NiftiFormatException(
            file,
            WRONG_MAGIC,
            "magic is 'ni2' (a .hdr/.img pair header) in a single" + " .nii file, expected 'n+2'");
      }
    } else {
      throw new NiftiFormatException(
          file,
          WRONG_MAGIC,
          "magic is "
              + printable(magic)
              + ", expected 'n+2' or 'ni2' followed by \\r\\n\\032\\n (a damaged transfer changes these bytes)");
    }
    long[] dim = new long[8];
    for (int i = 0; i < 8; i++) {
      dim[i] = b.getLong(16 + 8 * i);
    }
    double[] pixdim = new double[8];
    for (int i = 0; i < 8; i++) {
      pixdim[i] = b.getDouble(104 + 8 * i);
    }
    double[] srow = new double[12];
    for (int i = 0; i < 12; i++) {
      srow[i] = b.getDouble(400 + 8 * i);
    }
    int datatypeCode = b.getShort(12);
    return NiftiHeader.builder()
        .version(NiftiVersion.NIFTI2)
        .byteOrder(order)
        .singleFile(single)
        .datatype(dataType(datatypeCode, file))
        .bitpix(b.getShort(14))
        .dim(dim)
        .intentParameters(b.getDouble(80), b.getDouble(88), b.getDouble(96))
        .pixdim(pixdim)
        .voxOffset(b.getLong(168))
        .scaling(b.getDouble(176), b.getDouble(184))
        .calibration(b.getDouble(200), b.getDouble(192))
        .slices(b.getLong(224), b.getLong(232), b.getInt(496), b.getDouble(208))
        .toffset(b.getDouble(216))
        .descrip(string(b, 240, 80))
        .auxFile(string(b, 320, 24))
        .codes(b.getInt(344), b.getInt(348))
        .qform(
            b.getDouble(352),
            b.getDouble(360),
            b.getDouble(368),
            b.getDouble(376),
            b.getDouble(384),
            b.getDouble(392))
        .srow(srow)
        .xyztUnits(b.getInt(500))
        .intentCode(b.getInt(504))
        .intentName(string(b, 508, 16))
        .dimInfo(b.get(524) & 0xFF);
  }

  private static NiftiDataType dataType(int code, Path file) throws NiftiFormatException {
    return NiftiDataType.fromCode(code)
        .orElseThrow(
            () ->
                new NiftiFormatException(
                    file,
                    NiftiFormatException.Problem.UNSUPPORTED_DATATYPE,
                    "datatype code "
                        + code
                        + " is unknown or unsupported; supported: "
                        + supported()));
  }

  private static String supported() {
    StringBuilder sb = new StringBuilder();
    for (NiftiDataType t : NiftiDataType.values()) {
      sb.append(sb.length() == 0 ? "" : ", ")
          .append(t.numpyName())
          .append(" (")
          .append(t.code())
          .append(')');
    }
    return sb.toString();
  }

  /**
   * Encodes the fixed header (348 or 540 bytes) in the header's version and byte order. The caller
   * sets {@code vox_offset}; Analyze headers are written as NIfTI-1 pair headers.
   */
  static byte[] encode(NiftiHeader h) {
    boolean v2 = h.version() == NiftiVersion.NIFTI2;
    int size = v2 ? 540 : 348;
    ByteBuffer b = ByteBuffer.allocate(size).order(h.byteOrder());
    long[] dim = h.dim();
    double[] pixdim = h.pixdim();
    double[] srow = h.srow();
    double[] q = h.quaternion();
    double[] qo = h.qoffset();
    double[] ip = h.intentParameters();
    b.putInt(0, size);
    if (v2) {
      b.put(4, h.isSingleFile() ? MAGIC2_SINGLE : MAGIC2_PAIR);
      b.putShort(12, (short) h.datatype().code());
      b.putShort(14, (short) h.bitpix());
      for (int i = 0; i < 8; i++) {
        b.putLong(16 + 8 * i, dim[i]);
        b.putDouble(104 + 8 * i, pixdim[i]);
      }
      b.putDouble(80, ip[0]).putDouble(88, ip[1]).putDouble(96, ip[2]);
      b.putLong(168, (long) h.voxOffset());
      b.putDouble(176, h.sclSlope()).putDouble(184, h.sclInter());
      b.putDouble(192, h.calMax()).putDouble(200, h.calMin());
      b.putDouble(208, h.sliceDuration()).putDouble(216, h.toffset());
      b.putLong(224, h.sliceStart()).putLong(232, h.sliceEnd());
      putString(b, 240, 80, h.descrip());
      putString(b, 320, 24, h.auxFile());
      b.putInt(344, h.qformCode()).putInt(348, h.sformCode());
      for (int i = 0; i < 3; i++) {
        b.putDouble(352 + 8 * i, q[i]);
        b.putDouble(376 + 8 * i, qo[i]);
      }
      for (int i = 0; i < 12; i++) {
        b.putDouble(400 + 8 * i, srow[i]);
      }
      b.putInt(496, h.sliceCode()).putInt(500, h.xyztUnits()).putInt(504, h.intentCode());
      putString(b, 508, 16, h.intentName());
      b.put(524, (byte) h.dimInfo());
    } else {
      b.put(39, (byte) h.dimInfo());
      for (int i = 0; i < 8; i++) {
        b.putShort(40 + 2 * i, (short) dim[i]);
        b.putFloat(76 + 4 * i, (float) pixdim[i]);
      }
      b.putFloat(56, (float) ip[0]).putFloat(60, (float) ip[1]).putFloat(64, (float) ip[2]);
      b.putShort(68, (short) h.intentCode());
      b.putShort(70, (short) h.datatype().code());
      b.putShort(72, (short) h.bitpix());
      b.putShort(74, (short) h.sliceStart());
      b.putFloat(108, (float) h.voxOffset());
      b.putFloat(112, (float) h.sclSlope()).putFloat(116, (float) h.sclInter());
      b.putShort(120, (short) h.sliceEnd());
      b.put(122, (byte) h.sliceCode());
      b.put(123, (byte) h.xyztUnits());
      b.putFloat(124, (float) h.calMax()).putFloat(128, (float) h.calMin());
      b.putFloat(132, (float) h.sliceDuration()).putFloat(136, (float) h.toffset());
      b.putInt(140, (int) h.glmax()).putInt(144, (int) h.glmin());
      putString(b, 148, 80, h.descrip());
      putString(b, 228, 24, h.auxFile());
      b.putShort(252, (short) h.qformCode()).putShort(254, (short) h.sformCode());
      for (int i = 0; i < 3; i++) {
        b.putFloat(256 + 4 * i, (float) q[i]);
        b.putFloat(268 + 4 * i, (float) qo[i]);
      }
      for (int i = 0; i < 12; i++) {
        b.putFloat(280 + 4 * i, (float) srow[i]);
      }
      putString(b, 328, 16, h.intentName());
      b.put(344, h.isSingleFile() ? MAGIC1_SINGLE : MAGIC1_PAIR);
    }
    return b.array();
  }

  private static byte[] bytes(ByteBuffer b, int offset, int length) {
    byte[] out = new byte[length];
    b.get(offset, out);
    return out;
  }

  /** A NUL-terminated (or full-length) ISO-8859-1 string field. */
  private static String string(ByteBuffer b, int offset, int length) {
    byte[] raw = bytes(b, offset, length);
    int end = 0;
    while (end < length && raw[end] != 0) {
      end++;
    }
    return new String(raw, 0, end, StandardCharsets.ISO_8859_1);
  }

  private static void putString(ByteBuffer b, int offset, int length, String s) {
    byte[] raw = s.getBytes(StandardCharsets.ISO_8859_1);
    b.put(offset, raw, 0, Math.min(raw.length, length));
  }

  private static String printable(byte[] magic) {
    StringBuilder sb = new StringBuilder("'");
    for (byte x : magic) {
      int c = x & 0xFF;
      sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return sb.append('\'').toString();
  }
}
