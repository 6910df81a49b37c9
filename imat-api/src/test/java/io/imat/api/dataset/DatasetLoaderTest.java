package io.imat.api.dataset;

import static io.imat.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.imat.api.Fixtures;
import io.imat.api.io.InvalidDataException;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loader tests on jimfs with the 2017 taxonomy. Ids used: task 1 shoe:gender (labels 1 men, 4
 * women), task 3 shoe:color (labels 3 black, 20 blue, 37 white, ...).
 */
class DatasetLoaderTest {
  private static final Taxonomy IMAT = Taxonomy.imaterialist2017();

  private final FileSystem fs = Fixtures.jimfs();
  private final Path file = fs.getPath("/data/fgvc4_iMat.train.data.json");

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  private ImatDataset load(String singleQuotedJson) throws IOException {
    return load(singleQuotedJson, UnknownIdPolicy.REJECT);
  }

  private ImatDataset load(String singleQuotedJson, UnknownIdPolicy policy) throws IOException {
    Fixtures.write(file, json(singleQuotedJson));
    return ImatDataset.loader().taxonomy(IMAT).unknownIds(policy).load(file);
  }

  private InvalidDataException rejects(String singleQuotedJson) {
    InvalidDataException e =
        catchThrowableOfType(InvalidDataException.class, () -> load(singleQuotedJson));
    assertThat(e).as("expected an InvalidDataException").isNotNull();
    assertThat(e.source()).isEqualTo(file.toString());
    assertThat(e.getMessage()).startsWith(file.toString());
    return e;
  }

  private static String labelIds(ImatDataset d, String imageId, String taskId) {
    return d.labels(d.indexOf(imageId), IMAT.task(taskId)).stream()
        .map(Label::id)
        .sorted()
        .toList()
        .toString();
  }

  @Test
  void loadsImagesUrlsAndAnnotations() throws IOException {
    ImatDataset d =
        load(
            "{'images':[{'imageId':'1','url':['http://a/1.jpg','http://b/1.jpg']},"
                + "{'imageId':'2','url':['http://a/2.jpg']}],"
                + "'annotations':[{'imageId':'1','taskId':'3','labelId':'3'},"
                + "{'imageId':'1','taskId':'1','labelId':'4'},"
                + "{'imageId':'2','taskId':'3','labelId':'20'}]}");
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.image(0)).isEqualTo(ImageRecord.of("1", "http://a/1.jpg", "http://b/1.jpg"));
    assertThat(d.image(1).urls()).containsExactly("http://a/2.jpg");
    assertThat(d.hasAnnotations()).isTrue();
    assertThat(d.pairCount()).isEqualTo(3);
    assertThat(d.tasks(0)).extracting(Task::id).containsExactly("1", "3");
    assertThat(labelIds(d, "1", "3")).isEqualTo("[3]");
    assertThat(labelIds(d, "1", "1")).isEqualTo("[4]");
    assertThat(labelIds(d, "2", "3")).isEqualTo("[20]");
    assertThat(d.skippedAnnotations()).isZero();
  }

  @Test
  void annotationsMayComeBeforeImages() throws IOException {
    ImatDataset d =
        load(
            "{'annotations':[{'imageId':'2','taskId':'3','labelId':'20'}],"
                + "'images':[{'imageId':'1','url':[]},{'imageId':'2','url':[]}]}");
    assertThat(d.images()).extracting(ImageRecord::id).containsExactly("1", "2");
    assertThat(d.taskCount(0)).isZero();
    assertThat(labelIds(d, "2", "3")).isEqualTo("[20]");
  }

  @Test
  void numericIdsAreAccepted() throws IOException {
    ImatDataset d =
        load(
            "{'images':[{'imageId':12,'url':['u']}],"
                + "'annotations':[{'imageId':12,'taskId':3,'labelId':20}]}");
    assertThat(d.image(0).id()).isEqualTo("12");
    assertThat(labelIds(d, "12", "3")).isEqualTo("[20]");
  }

  @Test
  void singleUrlStringIsAListOfOne() throws IOException {
    ImatDataset d = load("{'images':[{'imageId':'1','url':'http://a/1.jpg'}]}");
    assertThat(d.image(0).urls()).containsExactly("http://a/1.jpg");
  }

  @Test
  void otherFieldsAreIgnored() throws IOException {
    ImatDataset d =
        load(
            "{'info':{'year':2017},'images':[{'imageId':'1','url':[],'extra':[1,2]}],"
                + "'annotations':[{'imageId':'1','taskId':'3','labelId':'3','score':0.5}]}");
    assertThat(d.pairCount()).isEqualTo(1);
  }

  @Test
  void twoLabelsForOnePairFormAMultiLabelAnnotation() throws IOException {
    ImatDataset d =
        load(
            "{'images':[{'imageId':'1','url':[]}],'annotations':["
                + "{'imageId':'1','taskId':'3','labelId':'3'},"
                + "{'imageId':'1','taskId':'3','labelId':'37'}]}");
    assertThat(d.pairCount()).isEqualTo(1);
    assertThat(d.labelCount()).isEqualTo(2);
    Annotation a = d.annotations(0).get(0);
    assertThat(a.labels()).containsExactlyInAnyOrder(IMAT.label("3"), IMAT.label("37"));
    assertThat(a.isCorrect(IMAT.label("37"))).isTrue();
    assertThat(a.isCorrect(IMAT.label("20"))).isFalse();
  }

  @Test
  void duplicateAnnotationRowsAreDeduplicated() throws IOException {
    ImatDataset d =
        load(
            "{'images':[{'imageId':'1','url':[]}],'annotations':["
                + "{'imageId':'1','taskId':'3','labelId':'3'},"
                + "{'imageId':'1','taskId':'3','labelId':'3'}]}");
    assertThat(d.pairCount()).isEqualTo(1);
    assertThat(d.labelCount()).isEqualTo(1);
  }

  @Test
  void testFileWithoutAnnotationsHasNoGroundTruth() throws IOException {
    ImatDataset d = load("{'images':[{'imageId':'1','url':['u']},{'imageId':'2','url':['v']}]}");
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.hasAnnotations()).isFalse();
    assertThat(d.pairCount()).isZero();
  }

  @Test
  void emptyAnnotationsArrayStillCountsAsAnnotated() throws IOException {
    ImatDataset d = load("{'images':[{'imageId':'1','url':[]}],'annotations':[]}");
    assertThat(d.hasAnnotations()).isTrue();
    assertThat(d.pairCount()).isZero();
  }

  @Test
  void readerSourceNameIsUsedInErrors() {
    InvalidDataException e =
        catchThrowableOfType(
            InvalidDataException.class,
            () -> ImatDataset.loader().load(new StringReader("[1]"), "inline.json"));
    assertThat(e.source()).isEqualTo("inline.json");
  }

  @Test
  void malformedJsonNamesTheFile() {
    for (String bad : List.of("{'images':[", "{'images':[}", "not json at all", "")) {
      InvalidDataException e = rejects(bad);
      assertThat(e.problem()).as(bad).contains("malformed JSON");
    }
  }

  @Test
  void contentAfterTheTopLevelObjectIsRejected() {
    rejects("{'images':[]} {'images':[]}");
  }

  @Test
  void invalidUtf8NamesTheFile() throws IOException {
    Files.createDirectories(file.getParent());
    byte[] prefix = json("{'images':[{'imageId':'1','url':['").getBytes(StandardCharsets.UTF_8);
    byte[] suffix = json("']}]}").getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[prefix.length + 2 + suffix.length];
    System.arraycopy(prefix, 0, bytes, 0, prefix.length);
    bytes[prefix.length] = (byte) 0xC3; // a lone lead byte, then a non-continuation byte
    bytes[prefix.length + 1] = (byte) 0x28;
    System.arraycopy(suffix, 0, bytes, prefix.length + 2, suffix.length);
    Files.write(file, bytes);
    InvalidDataException e =
        catchThrowableOfType(
            InvalidDataException.class, () -> ImatDataset.loader().taxonomy(IMAT).load(file));
    assertThat(e).isNotNull();
    assertThat(e.source()).isEqualTo(file.toString());
  }

  @Test
  void aUtf8ByteOrderMarkIsAccepted() throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, "\uFEFF" + json("{'images':[{'imageId':'1','url':['http://a/1.jpg']}]}"));
    assertThat(ImatDataset.loader().taxonomy(IMAT).load(file).size()).isEqualTo(1);
  }

  @Test
  void utf16AndUtf32AreRejectedSayingSo() throws IOException {
    Files.createDirectories(file.getParent());
    String text = json("{'images':[{'imageId':'1','url':['http://a/1.jpg']}]}");
    List<java.nio.charset.Charset> charsets =
        List.of(
            StandardCharsets.UTF_16, // big-endian with a byte-order mark
            StandardCharsets.UTF_16LE,
            StandardCharsets.UTF_16BE,
            java.nio.charset.Charset.forName("UTF-32LE"));
    for (var charset : charsets) {
      for (boolean mark : new boolean[] {true, false}) {
        String content = mark && charset != StandardCharsets.UTF_16 ? "\uFEFF" + text : text;
        Files.write(file, content.getBytes(charset));
        InvalidDataException e =
            catchThrowableOfType(
                InvalidDataException.class, () -> ImatDataset.loader().taxonomy(IMAT).load(file));
        assertThat(e).as(charset + (mark ? " with a mark" : "")).isNotNull();
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.problem()).contains("must be UTF-8").containsPattern("UTF-(16|32)");
      }
    }
  }

  @Test
  void duplicatedFieldsAreRejectedWithTheirPath() {
    InvalidDataException e =
        rejects("{'images':[{'imageId':'1','imageId':'2','url':['http://a/1.jpg']}]}");
    assertThat(e.location()).isEqualTo("$.images[0].imageId");
    assertThat(e.problem()).isEqualTo("duplicate field 'imageId'");
    e = rejects("{'images':[{'imageId':'1','url':'http://a/1.jpg','url':'http://b/1.jpg'}]}");
    assertThat(e.problem()).isEqualTo("duplicate field 'url'");
    e =
        rejects(
            "{'images':[{'imageId':'1','url':['http://a/1.jpg']}],"
                + "'annotations':[{'imageId':'1','taskId':'3','labelId':'3','labelId':'20'}]}");
    assertThat(e.location()).isEqualTo("$.annotations[0].labelId");
    assertThat(e.problem()).isEqualTo("duplicate field 'labelId'");
    e = rejects("{'images':[],'images':[]}");
    assertThat(e.problem()).isEqualTo("duplicate field 'images'");
    e = rejects("{'images':[],'annotations':[],'annotations':[]}");
    assertThat(e.problem()).isEqualTo("duplicate field 'annotations'");
  }

  @Test
  void deepNestingIsRejectedAtAFixedDepthWithAShortMessage() {
    for (String open : List.of("[", "{'a':")) {
      for (String where : List.of("{'other':%s,'images':[]}", "{'images':[{'x':%s}]}")) {
        InvalidDataException e = rejects(String.format(where, open.repeat(200_000) + "1"));
        assertThat(e.problem()).isEqualTo("JSON nested deeper than 64 levels");
        assertThat(e.getMessage()).hasSizeLessThan(1000);
      }
    }
    // Unterminated and deep: the parser's message is cut, not 200,000 path elements long.
    InvalidDataException e = rejects("{'images':[],'other':" + "[".repeat(60));
    assertThat(e.getMessage()).hasSizeLessThan(1000);
  }

  @Test
  void hugeNumbersAreTakenAsTheirTextNeverConverted() throws IOException {
    // An id is the number's literal text: 1e309 is no infinity and 2^64 does not wrap.
    ImatDataset d =
        load(
            "{'images':[{'imageId':1e309,'url':['http://a/1.jpg']},"
                + "{'imageId':18446744073709551616,'url':['http://a/2.jpg']}]}");
    assertThat(d.image(0).id()).isEqualTo("1e309");
    assertThat(d.image(1).id()).isEqualTo("18446744073709551616");
    InvalidDataException e =
        rejects(
            "{'images':[{'imageId':'1','url':['http://a/1.jpg']}],"
                + "'annotations':[{'imageId':'1','taskId':1e400,'labelId':'3'}]}");
    assertThat(e.location()).isEqualTo("$.annotations[0].taskId");
    assertThat(e.problem()).isEqualTo("unknown task id '1e400'");
    // A number of a million digits is refused (as an id it would be too long anyway).
    e = rejects("{'images':[{'imageId':" + "9".repeat(1_000_000) + ",'url':['http://a/1.jpg']}]}");
    assertThat(e.getMessage()).hasSizeLessThan(1000);
  }

  @Test
  void topLevelMustBeAnObject() {
    InvalidDataException e = rejects("[{'images':[]}]");
    assertThat(e.location()).isEqualTo("$");
  }

  @Test
  void imagesFieldIsRequired() {
    InvalidDataException e = rejects("{'annotations':[]}");
    assertThat(e.location()).isEqualTo("$");
    assertThat(e.problem()).contains("missing field 'images'");
  }

  @Test
  void imagesMustBeAnArrayOfObjects() {
    assertThat(rejects("{'images':{}}").location()).isEqualTo("$.images");
    assertThat(rejects("{'images':['1']}").location()).isEqualTo("$.images[0]");
  }

  @Test
  void imageWithoutIdNamesTheImage() {
    InvalidDataException e =
        rejects("{'images':[{'imageId':'1','url':[]},{'url':['http://x/2.jpg']}]}");
    assertThat(e.location()).isEqualTo("$.images[1]");
    assertThat(e.problem()).contains("imageId");
  }

  @Test
  void imageWithoutUrlNamesTheImage() {
    InvalidDataException e = rejects("{'images':[{'imageId':'1'}]}");
    assertThat(e.location()).isEqualTo("$.images[0]");
    assertThat(e.problem()).contains("url");
  }

  @Test
  void urlOfWrongTypeNamesTheField() {
    assertThat(rejects("{'images':[{'imageId':'1','url':5}]}").location())
        .isEqualTo("$.images[0].url");
    assertThat(rejects("{'images':[{'imageId':'1','url':{'a':'b'}}]}").location())
        .isEqualTo("$.images[0].url");
    assertThat(rejects("{'images':[{'imageId':'1','url':['ok',7]}]}").location())
        .isEqualTo("$.images[0].url[1]");
  }

  @Test
  void nonStringIdsNameTheField() {
    assertThat(rejects("{'images':[{'imageId':true,'url':[]}]}").location())
        .isEqualTo("$.images[0].imageId");
    assertThat(rejects("{'images':[{'imageId':null,'url':[]}]}").location())
        .isEqualTo("$.images[0].imageId");
    InvalidDataException e =
        rejects(
            "{'images':[{'imageId':'1','url':[]}],"
                + "'annotations':[{'imageId':'1','taskId':'3','labelId':'3'},"
                + "{'imageId':'1','taskId':{'id':3},'labelId':'3'}]}");
    assertThat(e.location()).isEqualTo("$.annotations[1].taskId");
    assertThat(e.problem()).contains("an object");
  }

  @Test
  void annotationWithoutLabelIdNamesTheAnnotation() {
    InvalidDataException e =
        rejects(
            "{'images':[{'imageId':'1','url':[]}],'annotations':[{'imageId':'1','taskId':'3'}]}");
    assertThat(e.location()).isEqualTo("$.annotations[0]");
    assertThat(e.problem()).contains("labelId");
  }

  private static final String IMAGES_1_2 =
      "'images':[{'imageId':'1','url':[]},{'imageId':'2','url':[]}]";

  @Test
  void unknownTaskIdIsRejectedWithItsPath() {
    InvalidDataException e =
        rejects(
            "{"
                + IMAGES_1_2
                + ",'annotations':[{'imageId':'1','taskId':'3','labelId':'3'},"
                + "{'imageId':'2','taskId':'99','labelId':'3'}]}");
    assertThat(e.location()).isEqualTo("$.annotations[1].taskId");
    assertThat(e.problem()).contains("unknown task id '99'");
  }

  @Test
  void unknownLabelIdIsRejectedWithItsPath() {
    InvalidDataException e =
        rejects(
            "{"
                + IMAGES_1_2
                + ",'annotations':[{'imageId':'1','taskId':'3','labelId':'3'},"
                + "{'imageId':'2','taskId':'3','labelId':'999'}]}");
    assertThat(e.location()).isEqualTo("$.annotations[1].labelId");
    assertThat(e.problem()).contains("unknown label id '999'");
  }

  @Test
  void labelNotValidForTheTaskIsRejectedWithItsPath() {
    // label 1 (men) exists but answers shoe:gender, not shoe:color
    InvalidDataException e =
        rejects(
            "{"
                + IMAGES_1_2
                + ",'annotations':[{'imageId':'1','taskId':'3','labelId':'3'},"
                + "{'imageId':'2','taskId':'3','labelId':'1'}]}");
    assertThat(e.location()).isEqualTo("$.annotations[1].labelId");
    assertThat(e.problem()).contains("shoe:color");
  }

  @Test
  void annotationForUnknownImageIsRejectedWithItsPath() {
    InvalidDataException e =
        rejects(
            "{"
                + IMAGES_1_2
                + ",'annotations':[{'imageId':'1','taskId':'3','labelId':'3'},"
                + "{'imageId':'2','taskId':'3','labelId':'3'},"
                + "{'imageId':'77','taskId':'3','labelId':'3'}]}");
    assertThat(e.location()).isEqualTo("$.annotations[2].imageId");
    assertThat(e.problem()).contains("'77'");
  }

  @Test
  void skipPolicyDropsAndCountsEveryKindOfUnknownAnnotation() throws IOException {
    ImatDataset d =
        load(
            "{"
                + IMAGES_1_2
                + ",'annotations':[{'imageId':'1','taskId':'3','labelId':'3'},"
                + "{'imageId':'1','taskId':'99','labelId':'3'},"
                + "{'imageId':'1','taskId':'3','labelId':'999'},"
                + "{'imageId':'2','taskId':'3','labelId':'1'},"
                + "{'imageId':'77','taskId':'3','labelId':'3'},"
                + "{'imageId':'77','taskId':'1','labelId':'1'},"
                + "{'imageId':'2','taskId':'1','labelId':'1'}]}",
            UnknownIdPolicy.SKIP);
    assertThat(d.skippedAnnotations()).isEqualTo(5);
    assertThat(d.pairCount()).isEqualTo(2);
    assertThat(labelIds(d, "1", "3")).isEqualTo("[3]");
    assertThat(labelIds(d, "2", "1")).isEqualTo("[1]");
    assertThat(d.taskCount(1)).isEqualTo(1);
  }

  @Test
  void duplicateImageIdIsRejectedNamingBothPlaces() {
    InvalidDataException e =
        rejects(
            "{'images':[{'imageId':'1','url':[]},{'imageId':'2','url':[]},"
                + "{'imageId':'1','url':[]}]}");
    assertThat(e.location()).isEqualTo("$.images[2].imageId");
    assertThat(e.problem()).contains("duplicate image id '1'").contains("$.images[0]");
  }

  /** JSON string contents (escaped as in the file) of ids that must never become file names. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        "../etc",
        "a/b",
        "a\\\\b",
        "a\\u0001b",
        "1\\n",
        "1\\u0000",
        ".hidden",
        "-rf",
        "a b",
        ""
      })
  void unsafeImageIdsAreRejectedAtLoadTime(String escapedId) {
    InvalidDataException e =
        rejects("{'images':[{'imageId':'ok','url':[]},{'imageId':'" + escapedId + "','url':[]}]}");
    assertThat(e.location()).isEqualTo("$.images[1].imageId");
  }

  @Test
  void loadsALargeFileAnnotationsFirst() throws IOException {
    int images = 20_000;
    int annotations = 100_000;
    List<int[]> pairs = new ArrayList<>();
    for (Task t : IMAT.tasks()) {
      for (Label l : t.labels()) {
        pairs.add(new int[] {t.index(), l.index()});
      }
    }
    // image -> task id -> label ids, computed while writing
    Map<String, Map<String, Set<String>>> expected = new HashMap<>();
    Files.createDirectories(file.getParent());
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("{\"annotations\":[");
      for (int j = 0; j < annotations; j++) {
        // 7919 is coprime with 20,000: every image gets five annotations
        String imageId = "img" + (int) ((j * 7919L) % images);
        int[] pair = pairs.get((j * 31 + j / images) % pairs.size());
        String taskId = IMAT.tasks().get(pair[0]).id();
        String labelId = IMAT.labels().get(pair[1]).id();
        if (j > 0) {
          w.write(',');
        }
        w.write(
            "{\"imageId\":\""
                + imageId
                + "\",\"taskId\":\""
                + taskId
                + "\",\"labelId\":\""
                + labelId
                + "\"}");
        expected
            .computeIfAbsent(imageId, k -> new TreeMap<>())
            .computeIfAbsent(taskId, k -> new TreeSet<>())
            .add(labelId);
      }
      w.write("],\"images\":[");
      for (int i = 0; i < images; i++) {
        if (i > 0) {
          w.write(',');
        }
        w.write("{\"imageId\":\"img" + i + "\",\"url\":[\"http://h/" + i + ".jpg\"]}");
      }
      w.write("]}");
    }

    ImatDataset d = ImatDataset.loader().taxonomy(IMAT).load(file);

    assertThat(d.size()).isEqualTo(images);
    int expectedPairs = expected.values().stream().mapToInt(Map::size).sum();
    int expectedLabels =
        expected.values().stream().flatMap(m -> m.values().stream()).mapToInt(Set::size).sum();
    assertThat(d.pairCount()).isEqualTo(expectedPairs);
    assertThat(d.labelCount()).isEqualTo(expectedLabels);
    for (int i = 0; i < images; i++) {
      assertThat(d.image(i).id()).isEqualTo("img" + i);
      Map<String, Set<String>> actual = new TreeMap<>();
      for (Annotation a : d.annotations(i)) {
        Set<String> ids = new TreeSet<>();
        a.labels().forEach(l -> ids.add(l.id()));
        actual.put(a.task().id(), ids);
      }
      if (!actual.equals(expected.get("img" + i))) {
        assertThat(actual).as("img" + i).isEqualTo(expected.get("img" + i));
      }
    }
  }
}
