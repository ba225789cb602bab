package org.liverseg.spark;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a small table as one Parquet file on the driver, with the Parquet library Spark ships,
 * instead of a Spark SQL job: on the 2-core machine the first Spark SQL write of a run cost about
 * 11 s (planning, code generation, a task), a large share of a small job. Spark, pandas and pyarrow
 * read the file as Spark would have written it: strings as UTF-8 binaries, arrays in the standard
 * three-level {@code LIST} layout, nullable columns optional. Uncompressed (the table is small).
 */
final class ParquetTable {

  private ParquetTable() {}

  /**
   * Writes {@code rows} of {@code schema} (columns of string, int, double, and arrays of int or
   * double) to {@code file}, replacing it.
   */
  static void write(List<Row> rows, StructType schema, Path file) throws IOException {
    MessageType type = messageType(schema);
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    StructField[] fields = schema.fields();
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new NioOutputFile(file))
            .withType(type)
            .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
            .build()) {
      for (Row r : rows) {
        Group g = groups.newGroup();
        for (int i = 0; i < fields.length; i++) {
          if (!r.isNullAt(i)) {
            append(g, fields[i], r, i);
          }
        }
        w.write(g);
      }
    }
  }

  /** The Parquet schema of {@code schema}, as Spark's writer would make it. */
  static MessageType messageType(StructType schema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (StructField f : schema.fields()) {
      Type.Repetition rep = f.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
      if (f.dataType() instanceof ArrayType a) {
        b.addField(
            Types.buildGroup(rep)
                .as(LogicalTypeAnnotation.listType())
                .addField(
                    Types.repeatedGroup()
                        .addField(
                            primitive(
                                a.elementType(),
                                a.containsNull()
                                    ? Type.Repetition.OPTIONAL
                                    : Type.Repetition.REQUIRED,
                                "element"))
                        .named("list"))
                .named(f.name()));
      } else {
        b.addField(primitive(f.dataType(), rep, f.name()));
      }
    }
    return b.named("spark_schema");
  }

  private static Type primitive(DataType t, Type.Repetition rep, String name) {
    if (t.equals(DataTypes.StringType)) {
      return Types.primitive(PrimitiveTypeName.BINARY, rep)
          .as(LogicalTypeAnnotation.stringType())
          .named(name);
    }
    if (t.equals(DataTypes.IntegerType)) {
      return Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
    }
    if (t.equals(DataTypes.DoubleType)) {
      return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
    }
    throw new IllegalArgumentException("column " + name + ": type " + t + " is not supported");
  }

  private static void append(Group g, StructField f, Row r, int i) {
    DataType t = f.dataType();
    if (t instanceof ArrayType) {
      Group list = g.addGroup(f.name());
      for (Object v : r.getList(i)) {
        Group element = list.addGroup("list");
        if (v != null) {
          appendValue(element, "element", v);
        }
      }
    } else {
      appendValue(g, f.name(), r.get(i));
    }
  }

  private static void appendValue(Group g, String name, Object v) {
    if (v instanceof String s) {
      g.append(name, s);
    } else if (v instanceof Integer n) {
      g.append(name, n);
    } else if (v instanceof Double d) {
      g.append(name, d);
    } else {
      throw new IllegalArgumentException(name + ": value " + v + " is not a string, int or double");
    }
  }

  /** A Parquet output file on a {@link java.nio.file.Path}, without Hadoop's file system. */
  private record NioOutputFile(Path file) implements OutputFile {

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      return stream(StandardOpenOption.CREATE_NEW);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      return stream(StandardOpenOption.CREATE);
    }

    private PositionOutputStream stream(StandardOpenOption open) throws IOException {
      OutputStream out =
          new BufferedOutputStream(
              Files.newOutputStream(
                  file, open, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
      return new PositionOutputStream() {
        private long pos;

        @Override
        public long getPos() {
          return pos;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          pos += len;
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.close();
        }
      };
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return file.toString();
    }
  }
}
