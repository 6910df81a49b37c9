package io.imat.api.download;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decides whether a file holds a picture worth keeping: a format ImageIO can read, dimensions
 * within limits, and (for {@link #check}) a complete decode without truncation.
 *
 * <p>The dimensions are read from the header alone ({@link ImageReader#getWidth}, {@link
 * ImageReader#getHeight}) and checked before any pixel is decoded, so a 100,000 × 100,000
 * "decompression bomb" of a few hundred bytes costs nothing. ImageIO readers registered by the
 * application (for example TwelveMonkeys for CMYK JPEGs or WebP) are used automatically.
 *
 * <pre>{@code
 * PictureValidator v = PictureValidator.builder().maxPixels(20_000_000).build();
 * PictureInfo info = v.check(Path.of("images/17.jpg"));   // throws InvalidPictureException
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PictureValidator {
  // Decoders report a cut-off JPEG as a warning and return a partly grey picture; we refuse it.
  private static final List<String> TRUNCATION_WARNINGS =
      List.of("truncated", "premature end", "missing eoi");

  private final int maxWidth;
  private final int maxHeight;
  private final long maxPixels;

  private PictureValidator(Builder b) {
    this.maxWidth = b.maxWidth;
    this.maxHeight = b.maxHeight;
    this.maxPixels = b.maxPixels;
  }

  /** A validator with the default limits (10,000 px per side, 40 megapixels). */
  public static PictureValidator defaults() {
    return builder().build();
  }

  /** A builder with the default limits. */
  public static Builder builder() {
    return new Builder();
  }

  /** The widest accepted picture. */
  public int maxWidth() {
    return maxWidth;
  }

  /** The tallest accepted picture. */
  public int maxHeight() {
    return maxHeight;
  }

  /** The most pixels (width × height) accepted. */
  public long maxPixels() {
    return maxPixels;
  }

  /**
   * Checks the header only: a known picture format with dimensions within the limits. Cheap (reads
   * a few hundred bytes); does not detect a cut-off body.
   *
   * @throws InvalidPictureException if the file is not an acceptable picture
   * @throws IOException if the file cannot be read
   */
  public PictureInfo checkHeader(Path file) throws IOException, InvalidPictureException {
    return read(file, false, 0).info();
  }

  /**
   * Checks the header, then decodes the whole picture, rejecting decoder errors and truncation.
   * Every byte of the picture is decoded, but only a thumbnail of the pixels is kept, which keeps
   * both the time and the memory of checking a large picture small.
   *
   * @throws InvalidPictureException if the file is not an acceptable picture
   * @throws IOException if the file cannot be read
   */
  public PictureInfo check(Path file) throws IOException, InvalidPictureException {
    return read(file, true, THUMBNAIL).info();
  }

  /** {@link #decode} target meaning "validate only": any pixel resolution will do. */
  static final int THUMBNAIL = -1;

  // Validation-only decodes keep about this many pixels on the longer side: fewer pixels kept is
  // less copying (the decoder reads every byte all the same).
  private static final int THUMBNAIL_SIDE = 8;

  /**
   * Validates like {@link #check} and returns the decoded pixels: all of them for {@code targetSide
   * == 0}; for {@code targetSide > 0}, a picture more than twice that size is decoded with
   * subsampling, which keeps memory near the target size instead of the source size; for {@link
   * #THUMBNAIL}, a small subsampled image.
   */
  Decoded decode(Path file, int targetSide) throws IOException, InvalidPictureException {
    return read(file, true, targetSide);
  }

  /** A validated picture and, when decoded, its pixels (possibly subsampled). */
  record Decoded(PictureInfo info, BufferedImage image) {}

  /**
   * Reads with the JDK's own reader for the format when there is one (the leanest), and when it
   * cannot decode the file, with the next reader registered for the format (an application's
   * plugin, for example TwelveMonkeys for CMYK JPEGs).
   */
  private Decoded read(Path file, boolean decode, int targetSide)
      throws IOException, InvalidPictureException {
    for (int attempt = 0; ; attempt++) {
      try (InputStream raw = Files.newInputStream(file);
          ImageInputStream in = new MemoryCacheImageInputStream(new BufferedInputStream(raw))) {
        List<ImageReader> readers = readersFor(in, file);
        ImageReader reader = readers.get(attempt);
        try {
          return read(reader, in, decode, targetSide);
        } catch (InvalidPictureException e) {
          // Only a decoder's own failure (it has a cause) may be another decoder's success; a
          // cut-off body or too many pixels is the same for all.
          if (e.getCause() == null || attempt + 1 >= readers.size()) {
            throw e;
          }
        } finally {
          readers.forEach(ImageReader::dispose);
        }
      }
    }
  }

  private Decoded read(ImageReader reader, ImageInputStream in, boolean decode, int targetSide)
      throws IOException, InvalidPictureException {
    try {
      reader.setInput(in, true, true);
      PictureInfo info = header(reader);
      if (!decode) {
        return new Decoded(info, null);
      }
      List<String> warnings = new ArrayList<>();
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      ImageReadParam param = reader.getDefaultReadParam();
      // Subsampling skips pixels, not data: the decoder still reads every byte, so cut-off and
      // corrupt pictures are caught all the same.
      int step = 1;
      if (targetSide == THUMBNAIL) {
        step = Math.max(1, info.longestSide() / THUMBNAIL_SIDE);
      } else if (targetSide > 0 && info.longestSide() > 2 * targetSide) {
        step = info.longestSide() / targetSide;
      }
      if (step > 1) {
        param.setSourceSubsampling(step, step, 0, 0);
      }
      BufferedImage image = reader.read(0, param);
      for (String w : warnings) {
        String lower = w.toLowerCase(Locale.ROOT);
        if (TRUNCATION_WARNINGS.stream().anyMatch(lower::contains)) {
          throw new InvalidPictureException(
              FailureKind.NOT_A_PICTURE, "cut-off " + info.format() + " picture (" + w + ")");
        }
      }
      return new Decoded(info, image);
    } catch (InvalidPictureException e) {
      throw e; // already says what is wrong
    } catch (IOException | RuntimeException e) {
      // The file is local and complete, so a read error here is corrupt data: decoders signal it
      // with IIOException, EOFException and assorted runtime exceptions alike.
      throw new InvalidPictureException(
          FailureKind.NOT_A_PICTURE, "undecodable " + reader.getFormatName() + hint(e), e);
    }
  }

  private PictureInfo header(ImageReader reader) throws IOException, InvalidPictureException {
    String format = normalize(reader.getFormatName());
    int width;
    int height;
    try {
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw new InvalidPictureException(
          FailureKind.NOT_A_PICTURE, "unreadable " + format + " header" + hint(e), e);
    }
    if (width <= 0 || height <= 0) {
      throw new InvalidPictureException(
          FailureKind.NOT_A_PICTURE, format + " header declares " + width + "x" + height);
    }
    if (width > maxWidth || height > maxHeight || (long) width * height > maxPixels) {
      throw new InvalidPictureException(
          FailureKind.TOO_MANY_PIXELS,
          String.format(
              "%s header declares %dx%d pixels, over the limit of %dx%d and %,d pixels",
              format, width, height, maxWidth, maxHeight, maxPixels));
    }
    return PictureInfo.of(format, width, height);
  }

  /**
   * The readers that claim the file, the JDK's own first: a plugin such as TwelveMonkeys registers
   * ahead of it and reads the same baseline JPEG with about half as much CPU again (measured on the
   * synthetic pictures), so it is kept for what the JDK cannot read.
   */
  private static List<ImageReader> readersFor(ImageInputStream in, Path file)
      throws IOException, InvalidPictureException {
    List<ImageReader> jdk = new ArrayList<>();
    List<ImageReader> others = new ArrayList<>();
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    while (readers.hasNext()) {
      ImageReader r = readers.next();
      // WBMP has no magic number: its reader claims almost any bytes starting with two zeros.
      if ("wbmp".equalsIgnoreCase(r.getFormatName())) {
        r.dispose();
      } else if (r.getClass().getName().startsWith("com.sun.imageio.")) {
        jdk.add(r);
      } else {
        others.add(r);
      }
    }
    jdk.addAll(others);
    if (jdk.isEmpty()) {
      throw new InvalidPictureException(
          FailureKind.NOT_A_PICTURE, "not a picture: starts with " + sniff(file));
    }
    return jdk;
  }

  /** The first bytes, quoted when they look like text (an HTML error page, JSON, …). */
  static String sniff(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(32);
    }
    if (head.length == 0) {
      return "nothing (empty body)";
    }
    boolean text = true;
    for (byte b : head) {
      if ((b < 0x20 && b != '\n' && b != '\r' && b != '\t') || b == 0x7f) {
        text = false;
        break;
      }
    }
    if (text) {
      String s = new String(head, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
      return "\"" + s + (head.length == 32 ? "…" : "") + "\"";
    }
    StringBuilder hex = new StringBuilder("bytes");
    for (int i = 0; i < Math.min(8, head.length); i++) {
      hex.append(String.format(" %02x", head[i] & 0xff));
    }
    return hex.toString();
  }

  private static String hint(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (m.contains("Unsupported Image Type")) {
      // The JDK's JPEG reader has no CMYK/YCCK support; an extra ImageIO plugin has.
      return ": "
          + m
          + " (CMYK JPEG? put an ImageIO JPEG plugin such as TwelveMonkeys on the path)";
    }
    return ": " + m;
  }

  private static String normalize(String format) {
    String f = format.toLowerCase(Locale.ROOT);
    return f.equals("jpg") ? "jpeg" : f;
  }

  /** Limits of a {@link PictureValidator}. */
  public static final class Builder {
    private int maxWidth = 10_000;
    private int maxHeight = 10_000;
    private long maxPixels = 40_000_000;

    private Builder() {}

    /** The widest accepted picture in pixels (default 10,000). */
    public Builder maxWidth(int value) {
      checkArgument(value > 0, "max width must be positive, got %s", value);
      this.maxWidth = value;
      return this;
    }

    /** The tallest accepted picture in pixels (default 10,000). */
    public Builder maxHeight(int value) {
      checkArgument(value > 0, "max height must be positive, got %s", value);
      this.maxHeight = value;
      return this;
    }

    /**
     * The most pixels accepted (default 40 million, 160 MB decoded as RGBA): what bounds the memory
     * of one decode.
     */
    public Builder maxPixels(long value) {
      checkArgument(value > 0, "max pixels must be positive, got %s", value);
      this.maxPixels = value;
      return this;
    }

    /** Builds the validator. */
    public PictureValidator build() {
      return new PictureValidator(this);
    }
  }
}
