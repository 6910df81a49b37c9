package io.imat.models.train;

import ai.djl.nn.Block;
import io.imat.api.io.InvalidDataException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The layout of a DJL parameter file for one network, recorded by saving the initialised network,
 * and a streaming check of a file against it — before DJL reads the file.
 *
 * <p>Why: DJL's reader trusts the file. It allocates whatever a length field says (a 2 GB direct
 * buffer, a {@code long[]} of 2<sup>31</sup> dimensions) before reading it, and gives a parameter
 * whatever shape the file says, so that a wrong shape fails only later, inside PyTorch. A valid
 * file for a network has exactly that network's block structure, parameter names, data types and
 * shapes: the check compares the structure byte for byte, parses each array header with the
 * expected values in hand (so no field can ask for more than the network's own size), and reads
 * payloads in bounded chunks, checking that float32 values are finite. Memory is the size of the
 * layout (names and shapes); time is one pass over the file.
 */
final class ParamsTemplate {
  private static final byte[] ARRAY_MAGIC = {0, 4, 'N', 'D', 'A', 'R'};

  /**
   * Bytes written as they are ({@code shape == null}), or one array: data type, shape and payload
   * size, and the name of its parameter.
   */
  private record Segment(
      byte[] bytes, String dataType, long @Nullable [] shape, int payload, String parameter) {}

  private final List<Segment> segments;

  private ParamsTemplate(List<Segment> segments) {
    this.segments = segments;
  }

  /** Records the layout of {@code block}'s parameter file (the block must be initialised). */
  static ParamsTemplate of(Block block) throws IOException {
    Recorder r = new Recorder();
    DataOutputStream out = new DataOutputStream(r);
    block.saveParameters(out);
    out.flush();
    r.endLiteral();
    return new ParamsTemplate(r.segments);
  }

  /**
   * Checks {@code file} against the layout.
   *
   * @throws InvalidDataException naming the file and the parameter or byte offset at fault
   */
  void check(Path file) throws IOException {
    String source = file.toString();
    String at = "";
    try (CountingInput in =
        new CountingInput(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      DataInputStream d = new DataInputStream(in);
      for (Segment s : segments) {
        at = s.parameter;
        if (s.shape == null) {
          long offset = in.count;
          byte[] got = d.readNBytes(s.bytes.length);
          if (!Arrays.equals(got, s.bytes)) {
            int i = Arrays.mismatch(got, s.bytes);
            throw new InvalidDataException(
                source,
                "byte " + (offset + i),
                got.length < s.bytes.length
                    ? "truncated" + (s.parameter.isEmpty() ? "" : " before parameter '" + at + "'")
                    : "not this network's parameter layout"
                        + (s.parameter.isEmpty() ? "" : " (near parameter '" + at + "')"));
          }
        } else {
          checkArray(d, in, s, source);
        }
      }
      if (d.read() >= 0) {
        throw new InvalidDataException(
            source, "byte " + (in.count - 1), "trailing bytes after the last parameter");
      }
    } catch (EOFException e) {
      throw new InvalidDataException(
          source, "", "truncated" + (at.isEmpty() ? "" : " inside parameter '" + at + "'"), e);
    } catch (UTFDataFormatException e) {
      throw new InvalidDataException(
          source, "", "malformed parameter file" + (at.isEmpty() ? "" : " near '" + at + "'"), e);
    }
  }

  private static void checkArray(DataInputStream d, CountingInput in, Segment s, String source)
      throws IOException {
    long start = in.count;
    String where = "parameter '" + s.parameter + "'";
    if (!"NDAR".equals(d.readUTF())) {
      throw new InvalidDataException(source, "byte " + start, where + ": not an array");
    }
    int version = d.readInt();
    if (version != 3) {
      throw new InvalidDataException(
          source, "byte " + start, where + ": unsupported array encoding " + version);
    }
    int hasName = d.readByte();
    if (hasName == 1) {
      d.readUTF();
    } else if (hasName != 0) {
      throw new InvalidDataException(source, "byte " + start, where + ": malformed array header");
    }
    String sparse = d.readUTF();
    String dataType = d.readUTF();
    int dims = d.readInt();
    long[] shape = new long[Math.max(0, Math.min(dims, s.shape.length))];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = d.readLong();
    }
    if (!"DENSE".equals(sparse)
        || !dataType.equals(s.dataType)
        || dims != s.shape.length
        || !Arrays.equals(shape, s.shape)) {
      throw new InvalidDataException(
          source,
          "byte " + start,
          String.format(
              "%s is %s %s, this network's is %s %s",
              where,
              dataType,
              dims == shape.length ? Arrays.toString(shape) : dims + "-dimensional",
              s.dataType,
              Arrays.toString(s.shape)));
    }
    int layout = d.readInt();
    if (layout < 0 || layout > s.shape.length) {
      throw new InvalidDataException(source, "byte " + start, where + ": malformed shape layout");
    }
    d.skipNBytes(2L * layout);
    int order = d.readByte();
    if (order != '<' && order != '>') {
      throw new InvalidDataException(source, "byte " + start, where + ": malformed byte order");
    }
    int payload = d.readInt();
    if (payload != s.payload) {
      throw new InvalidDataException(
          source,
          "byte " + start,
          where + ": " + payload + " bytes of data, its shape needs " + s.payload);
    }
    byte[] buf = new byte[(int) Math.min(1 << 16, payload)];
    int left = payload;
    boolean float32 = "FLOAT32".equals(s.dataType);
    while (left > 0) {
      int n = Math.min(buf.length, left);
      long offset = in.count;
      d.readFully(buf, 0, n);
      if (float32) {
        checkFinite(buf, n, order == '<', source, where, offset);
      }
      left -= n;
    }
  }

  private static void checkFinite(
      byte[] b, int n, boolean littleEndian, String source, String where, long offset)
      throws InvalidDataException {
    // All eight exponent bits set means NaN or infinite; they are the low 7 bits of the byte with
    // the sign and the top bit of the next one.
    int hi = littleEndian ? 3 : 0;
    int lo = littleEndian ? 2 : 1;
    for (int i = 0; i + 3 < n; i += 4) {
      if ((b[i + hi] & 0x7f) == 0x7f && (b[i + lo] & 0x80) != 0) {
        throw new InvalidDataException(
            source, "byte " + (offset + i), where + " holds NaN or infinity");
      }
    }
  }

  /** Counts the bytes read, for offsets in messages. */
  private static final class CountingInput extends FilterInputStream {
    long count;

    CountingInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long k = super.skip(n);
      count += k;
      return k;
    }
  }

  /**
   * Splits the stream DJL writes into literal bytes and arrays. DJL writes each array's whole
   * encoding with one {@code write(byte[])} call and each name with one {@code writeUTF}, which
   * this relies on (every built-in backbone's file passes the check in a test).
   */
  private static final class Recorder extends OutputStream {
    final List<Segment> segments = new ArrayList<>();
    private final ByteArrayOutputStream literal = new ByteArrayOutputStream();
    private String lastName = "";

    @Override
    public void write(int b) {
      literal.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len >= ARRAY_MAGIC.length
          && Arrays.equals(b, off, off + ARRAY_MAGIC.length, ARRAY_MAGIC, 0, ARRAY_MAGIC.length)) {
        endLiteral();
        DataInputStream d = new DataInputStream(new ByteArrayInputStream(b, off, len));
        d.readUTF(); // magic
        if (d.readInt() != 3) {
          throw new IOException("unexpected DJL array encoding (not version 3) of " + lastName);
        }
        if (d.readByte() == 1) {
          d.readUTF(); // the array's own name
        }
        d.readUTF(); // sparse format
        String dataType = d.readUTF();
        long[] shape = new long[d.readInt()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = d.readLong();
        }
        d.skipNBytes(2L * d.readInt()); // layout
        d.readByte(); // byte order
        int payload = d.readInt();
        if (d.available() != payload) {
          throw new IOException("unexpected DJL array encoding of " + lastName);
        }
        segments.add(new Segment(new byte[0], dataType, shape, payload, lastName));
        return;
      }
      literal.write(b, off, len);
      if (len >= 2 && (((b[off] & 0xff) << 8) | (b[off + 1] & 0xff)) == len - 2) {
        lastName = new String(b, off + 2, len - 2, StandardCharsets.UTF_8);
      }
    }

    void endLiteral() {
      if (literal.size() > 0) {
        segments.add(new Segment(literal.toByteArray(), "", null, 0, lastName));
        literal.reset();
      }
    }
  }
}
