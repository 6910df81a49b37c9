package io.imat.models.text;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.imat.api.dataset.ImageRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns the mirror URLs of an image into words and n-gram features, keeping the words a product
 * page put in a file name ({@code .../Adidas%20Response%20II%20Wrestling%20Shoes%20Red.jpg} →
 * {@code adidas response ii wrestling shoes red}) and dropping what never names an attribute.
 *
 * <p>Per URL, in this order:
 *
 * <ol>
 *   <li>percent-escapes are decoded (twice, for the double-encoded URLs some shops serve; malformed
 *       escapes are kept as text) and {@code +} becomes a space;
 *   <li>the scheme, user info and port are dropped; the host is dropped entirely when it is an IP
 *       address or {@code localhost}, else {@code www}/{@code www2} labels and trailing top-level
 *       domains ({@code .com}, {@code .co.uk}) go and the rest ({@code zalando}) is kept;
 *   <li>path segments equal to the image id are dropped (synthetic and some real URLs embed it), as
 *       is the file extension of the last segment;
 *   <li>the text is split on everything that is not a letter or digit; runs that look like hashes
 *       or encoded ids ({@code 5f3a9b2c0d}, {@code TB2Z8PHcXXXXXbRXp}) are dropped whole;
 *   <li>camelCase and letter/digit boundaries split words ({@code NavyBlueDress18} → {@code navy
 *       blue dress 18}), everything is lowercased;
 *   <li>pure numbers, words shorter than {@link Builder#minWordLength} and stop words go.
 * </ol>
 *
 * <p>{@link #features} then forms the model's input from all mirrors of an image: word n-grams of 1
 * to {@link Builder#wordNgrams} consecutive words within one URL (never across mirrors) and,
 * optionally, fastText-style character n-grams of each word ({@code <navy>} → {@code <na, nav, avy,
 * vy>, …}), which help with spellings the training data never showed. Features are de-duplicated: a
 * word in two mirrors counts once.
 *
 * <pre>{@code
 * UrlTokenizer tokenizer = UrlTokenizer.builder().wordNgrams(2).charNgrams(3, 5).build();
 * tokenizer.words("https://www.shop.com/img/Red%20Midi-Dress_10.jpg", "17");  // [red, midi, dress]
 * tokenizer.features(image);  // [w:red, w:midi, w:dress, w:red midi, w:midi dress, c:<re, ...]
 * }</pre>
 *
 * Instances are immutable and thread-safe.
 */
public final class UrlTokenizer {
  /**
   * The default stop words: English function words and URL furniture ({@code http}, {@code jpg},
   * {@code images}, {@code upload}, …). None of them is a word of an iMaterialist 2017 label name
   * ({@code and}, {@code off}, {@code out} and {@code open} are, so they are kept).
   */
  public static final ImmutableSet<String> DEFAULT_STOP_WORDS =
      ImmutableSet.of(
          // English function words
          "a",
          "an",
          "the",
          "or",
          "of",
          "for",
          "with",
          "in",
          "on",
          "at",
          "by",
          "to",
          "from",
          "is",
          "it",
          "as",
          "this",
          "that",
          "be",
          "are",
          "de",
          // URL furniture
          "http",
          "https",
          "www",
          "html",
          "htm",
          "php",
          "aspx",
          "jpg",
          "jpeg",
          "png",
          "gif",
          "webp",
          "img",
          "imgs",
          "image",
          "images",
          "photo",
          "photos",
          "pic",
          "pics",
          "picture",
          "pictures",
          "upload",
          "uploads",
          "media",
          "cdn",
          "static",
          "file",
          "files",
          "assets",
          "thumb",
          "thumbs",
          "thumbnail",
          "product",
          "products",
          "catalog",
          "default",
          "original",
          "resize",
          "width",
          "height",
          "quality");

  private static final ImmutableSet<String> EXTENSIONS =
      ImmutableSet.of(
          "jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp", "bmp", "tif", "tiff", "svg", "html",
          "htm", "php", "asp", "aspx", "jsp");

  // Country and generic top-level domains (and second levels such as "co" in co.uk).
  private static final ImmutableSet<String> TLDS =
      ImmutableSet.of(
          "com", "net", "org", "edu", "gov", "info", "biz", "io", "co", "shop", "store", "uk", "de",
          "fr", "it", "es", "nl", "ru", "cn", "jp", "kr", "au", "ca", "br", "in", "us", "eu", "pl",
          "se", "ch", "at", "be", "dk", "no", "fi", "cz", "tr", "tw", "hk", "sg", "my", "vn", "th",
          "id", "ph", "mx", "ar", "cl", "nz", "za", "ie", "pt", "gr", "hu", "ro", "ua", "il", "ae",
          "sa", "me", "tv", "cc", "ws");

  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final int MAX_WORD_LENGTH = 24;

  private final int minWordLength;
  private final int wordNgrams;
  private final int charMin;
  private final int charMax;
  private final ImmutableSet<String> stopWords;

  private UrlTokenizer(Builder b) {
    this.minWordLength = b.minWordLength;
    this.wordNgrams = b.wordNgrams;
    this.charMin = b.charMin;
    this.charMax = b.charMax;
    this.stopWords = b.stopWords;
  }

  /** A builder with the defaults: word 1–2-grams, no character n-grams, default stop words. */
  public static Builder builder() {
    return new Builder();
  }

  /** The tokenizer with the defaults of {@link #builder()}. */
  public static UrlTokenizer defaults() {
    return builder().build();
  }

  /** Longest word n-gram (1 = single words only). */
  public int wordNgrams() {
    return wordNgrams;
  }

  /** Shortest character n-gram, 0 when character n-grams are off. */
  public int charNgramMin() {
    return charMin;
  }

  /** Longest character n-gram, 0 when character n-grams are off. */
  public int charNgramMax() {
    return charMax;
  }

  /** Words shorter than this are dropped. */
  public int minWordLength() {
    return minWordLength;
  }

  /** The stop words dropped after lowercasing. */
  public ImmutableSet<String> stopWords() {
    return stopWords;
  }

  /** A builder initialised with this tokenizer's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.minWordLength = minWordLength;
    b.wordNgrams = wordNgrams;
    b.charMin = charMin;
    b.charMax = charMax;
    b.stopWords = stopWords;
    return b;
  }

  /** The words of one URL, in order; {@code imageId} path segments are dropped (may be null). */
  public ImmutableList<String> words(String url, @Nullable String imageId) {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (String chunk : chunks(url, imageId)) {
      for (String w : splitWord(chunk)) {
        String lower = w.toLowerCase(Locale.ROOT);
        if (keep(lower)) {
          out.add(lower);
        }
      }
    }
    return out.build();
  }

  /** The words of one URL that belongs to no known image id. */
  public ImmutableList<String> words(String url) {
    return words(url, null);
  }

  /**
   * The words of every mirror of {@code image}, de-duplicated, in first-seen order: what a person
   * would read in its URLs.
   */
  public ImmutableList<String> words(ImageRecord image) {
    Set<String> out = new LinkedHashSet<>();
    for (String url : image.urls()) {
      out.addAll(words(url, image.id()));
    }
    return ImmutableList.copyOf(out);
  }

  /**
   * The model features of {@code image}: {@code w:} word n-grams within each mirror URL and, when
   * enabled, {@code c:} character n-grams of each word; de-duplicated, in first-seen order.
   */
  public ImmutableList<String> features(ImageRecord image) {
    Set<String> out = new LinkedHashSet<>();
    for (String url : image.urls()) {
      ImmutableList<String> ws = words(url, image.id());
      for (int i = 0; i < ws.size(); i++) {
        StringBuilder gram = new StringBuilder("w:").append(ws.get(i));
        out.add(gram.toString());
        for (int n = 2; n <= wordNgrams && i + n <= ws.size(); n++) {
          gram.append(' ').append(ws.get(i + n - 1));
          out.add(gram.toString());
        }
        if (charMax > 0) {
          addCharNgrams(ws.get(i), out);
        }
      }
    }
    return ImmutableList.copyOf(out);
  }

  private void addCharNgrams(String word, Set<String> out) {
    String w = "<" + word + ">";
    // Work on code points so accented and CJK words are cut between characters.
    int[] cps = w.codePoints().toArray();
    for (int n = charMin; n <= charMax; n++) {
      for (int i = 0; i + n <= cps.length; i++) {
        if (n == cps.length) {
          continue; // the whole "<word>" is the word feature already
        }
        out.add("c:" + new String(cps, i, n));
      }
    }
  }

  private boolean keep(String w) {
    if (w.length() < minWordLength || w.length() > MAX_WORD_LENGTH || stopWords.contains(w)) {
      return false;
    }
    boolean digitsOnly = true;
    boolean sameChar = w.length() >= 3;
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      digitsOnly &= Character.isDigit(c);
      sameChar &= c == w.charAt(0);
    }
    // "xxxx" and "0000" are filler of ids, never words.
    return !digitsOnly && !sameChar;
  }

  /** Alphanumeric runs of the meaningful parts of a URL, hash-like runs removed. */
  private List<String> chunks(String url, String imageId) {
    String s = decode(decode(url.strip()));
    boolean hasHost = false;
    Matcher scheme = SCHEME.matcher(s);
    if (scheme.find()) {
      s = s.substring(scheme.end());
      hasHost = true;
    } else if (s.startsWith("//")) {
      s = s.substring(2);
      hasHost = true;
    }
    List<String> parts = new ArrayList<>();
    int end = indexOfAny(s, "/?#");
    // Without a scheme, "shop.com/x" still starts with a host; "dress.jpg" does not.
    if (hasHost || (end > 0 && s.charAt(end) == '/' && s.substring(0, end).contains("."))) {
      parts.addAll(hostParts(end < 0 ? s : s.substring(0, end)));
      s = end < 0 ? "" : s.substring(end);
    }
    String[] segments = s.split("/", -1);
    for (int k = 0; k < segments.length; k++) {
      String seg = segments[k];
      if (imageId != null && seg.equals(imageId)) {
        continue;
      }
      if (k == segments.length - 1) {
        seg = stripExtension(seg);
      }
      parts.add(seg);
    }
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      splitAlphanumeric(p, out);
    }
    return out;
  }

  private static List<String> hostParts(String hostPort) {
    String host = hostPort;
    int at = host.lastIndexOf('@');
    if (at >= 0) {
      host = host.substring(at + 1);
    }
    if (host.startsWith("[")) {
      return List.of(); // IPv6 literal
    }
    int colon = host.indexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.equals("localhost") || IPV4.matcher(host).matches()) {
      return List.of();
    }
    List<String> labels = new ArrayList<>(List.of(host.split("\\.")));
    // Trailing public suffixes: "com", "co.uk"; at most two, never the whole host.
    for (int k = 0; k < 2 && labels.size() > 1; k++) {
      if (TLDS.contains(labels.get(labels.size() - 1))) {
        labels.remove(labels.size() - 1);
      }
    }
    labels.removeIf(l -> l.matches("www\\d*"));
    return labels;
  }

  private static String stripExtension(String segment) {
    String seg = segment;
    int q = indexOfAny(seg, "?#");
    String query = "";
    if (q >= 0) {
      query = seg.substring(q);
      seg = seg.substring(0, q);
    }
    int dot = seg.lastIndexOf('.');
    if (dot >= 0 && EXTENSIONS.contains(seg.substring(dot + 1).toLowerCase(Locale.ROOT))) {
      seg = seg.substring(0, dot);
    }
    return seg + query;
  }

  private static void splitAlphanumeric(String s, List<String> out) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && !Character.isLetterOrDigit(s.codePointAt(i))) {
        i += Character.charCount(s.codePointAt(i));
      }
      int start = i;
      while (i < n && Character.isLetterOrDigit(s.codePointAt(i))) {
        i += Character.charCount(s.codePointAt(i));
      }
      if (i > start) {
        String run = s.substring(start, i);
        if (!looksLikeHash(run)) {
          out.add(run);
        }
      }
    }
  }

  /**
   * Whether an alphanumeric run is an id rather than words: hexadecimal with digits and letters
   * ({@code 5f3a9b2c}), or long with letters and digits interleaved ({@code TB2Z8PHcXXXbRXp}).
   * Words with a trailing number ({@code Dress18}, {@code summer2017}) are not.
   */
  static boolean looksLikeHash(String run) {
    int letters = 0;
    int digits = 0;
    int switches = 0;
    boolean hex = true;
    int prev = 0; // 1 letter, 2 digit
    for (int i = 0; i < run.length(); i++) {
      char c = run.charAt(i);
      int kind = Character.isDigit(c) ? 2 : 1;
      if (kind == 2) {
        digits++;
      } else {
        letters++;
        hex &= (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      }
      if (prev != 0 && kind != prev) {
        switches++;
      }
      prev = kind;
    }
    if (letters == 0 || digits == 0) {
      return false;
    }
    if (hex && run.length() >= 8) {
      return true;
    }
    return run.length() >= 10 && digits >= 2 && switches >= 4;
  }

  /** Splits camelCase and letter/digit boundaries: {@code NavyBlueDress18} → Navy Blue Dress 18. */
  static List<String> splitWord(String run) {
    List<String> out = new ArrayList<>();
    int[] cps = run.codePoints().toArray();
    int start = 0;
    for (int i = 1; i < cps.length; i++) {
      int a = cps[i - 1];
      int b = cps[i];
      boolean boundary =
          (Character.isLowerCase(a) && Character.isUpperCase(b))
              || (Character.isDigit(a) != Character.isDigit(b))
              // "HTMLParser": the last capital of a run starts the next word.
              || (Character.isUpperCase(a)
                  && Character.isUpperCase(b)
                  && i + 1 < cps.length
                  && Character.isLowerCase(cps[i + 1]));
      if (boundary) {
        out.add(new String(cps, start, i - start));
        start = i;
      }
    }
    if (start < cps.length) {
      out.add(new String(cps, start, cps.length - start));
    }
    return out;
  }

  /**
   * Decodes {@code %XX} escapes as UTF-8 and {@code +} as a space; malformed escapes stay as they
   * are (real URLs contain stray percent signs).
   */
  static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%' && isHex(s, i + 1) && isHex(s, i + 2)) {
        bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 3;
        continue;
      }
      if (bytes.size() > 0) {
        out.append(bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
      }
      out.append(c == '+' ? ' ' : c);
      i++;
    }
    if (bytes.size() > 0) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return String.format(
        "UrlTokenizer{words 1-%d, chars %s, min length %d, %d stop words}",
        wordNgrams,
        charMax == 0 ? "off" : charMin + "-" + charMax,
        minWordLength,
        stopWords.size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UrlTokenizer t
        && t.minWordLength == minWordLength
        && t.wordNgrams == wordNgrams
        && t.charMin == charMin
        && t.charMax == charMax
        && t.stopWords.equals(stopWords);
  }

  @Override
  public int hashCode() {
    return ((minWordLength * 31 + wordNgrams) * 31 + charMin * 7 + charMax) * 31
        + stopWords.hashCode();
  }

  /** Options of a {@link UrlTokenizer}. */
  public static final class Builder {
    private int minWordLength = 2;
    private int wordNgrams = 2;
    private int charMin;
    private int charMax;
    private ImmutableSet<String> stopWords = DEFAULT_STOP_WORDS;

    private Builder() {}

    /** Longest word n-gram, 1 to 3 (default 2: words and pairs of consecutive words). */
    public Builder wordNgrams(int n) {
      checkArgument(n >= 1 && n <= 3, "word n-grams %s out of 1..3", n);
      this.wordNgrams = n;
      return this;
    }

    /**
     * Adds character n-grams of {@code min} to {@code max} characters of each word, with {@code <}
     * and {@code >} marking its ends (fastText's subwords). Off by default.
     */
    public Builder charNgrams(int min, int max) {
      checkArgument(
          min >= 1 && min <= max && max <= 8, "bad character n-gram range %s-%s", min, max);
      this.charMin = min;
      this.charMax = max;
      return this;
    }

    /** Turns character n-grams off (the default). */
    public Builder noCharNgrams() {
      this.charMin = 0;
      this.charMax = 0;
      return this;
    }

    /** Words shorter than this are dropped (default 2; 1 keeps single letters). */
    public Builder minWordLength(int n) {
      checkArgument(n >= 1 && n <= MAX_WORD_LENGTH, "min word length %s out of range", n);
      this.minWordLength = n;
      return this;
    }

    /** The stop words (lowercase); default {@link #DEFAULT_STOP_WORDS}, empty keeps everything. */
    public Builder stopWords(Set<String> words) {
      this.stopWords =
          words.stream()
              .map(w -> w.toLowerCase(Locale.ROOT))
              .collect(ImmutableSet.toImmutableSet());
      return this;
    }

    /** Builds the tokenizer. */
    public UrlTokenizer build() {
      return new UrlTokenizer(this);
    }
  }
}
