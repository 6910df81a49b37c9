package io.imat.examples.runnable;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.examples.cli.ImatCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the fast examples end to end, in-process, through {@code imat example NAME DIR}, and checks
 * what they print and write. (Training, cross-validation and merge take 15–40 s each on 2 cores:
 * they are compiled and listed here, and run by hand: {@code ./imat example train}.)
 */
class ExamplesTest {
  // The savedmodel example runs in SavedModelExampleTest, in a JVM of its own (TensorFlow).

  @TempDir Path dir;

  /** Runs {@code imat example ARGS}, returns what the example printed on System.out. */
  static String run(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(out);
      String[] all = new String[args.length + 1];
      all[0] = "example";
      System.arraycopy(args, 0, all, 1, args.length);
      code = ImatCli.run(all);
    } finally {
      System.setOut(saved);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    saved.print(printed);
    assertThat(code).as(printed).isZero();
    return printed;
  }

  @Test
  void downloadFetchesTheLivePicturesAndReportsTheLostOnes() throws Exception {
    String out = run("download", dir.toString());
    assertThat(out).contains("downloaded ").contains("second run: downloaded 0");
    assertThat(dir.resolve("download-report.json")).isNotEmptyFile();
    try (var files = Files.list(dir.resolve("train"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".jpg")).count()).isGreaterThan(100);
    }
  }

  @Test
  void augmentWritesTheGalleryAndTheKeypointStrip() {
    String out = run("augment", dir.toString());
    assertThat(out).contains("sample 5 keypoints");
    assertThat(dir.resolve("seed-gallery.png")).isNotEmptyFile();
    assertThat(dir.resolve("keypoints.png")).isNotEmptyFile();
  }

  @Test
  void textModelPrintsTheLeakReportAndBeatsThePrior() {
    String out = run("text-model", dir.toString());
    assertThat(out).contains("words: [example, navy, blue, dress]").contains("all tasks");
    Matcher m = Pattern.compile("text model (0\\.\\d+), majority answer (0\\.\\d+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isLessThan(Double.parseDouble(m.group(2)));
    assertThat(dir.resolve("text-model")).isNotEmptyDirectory();
  }

  @Test
  void submissionIsWrittenReadBackAndScored() throws Exception {
    String out = run("submission", dir.toString());
    assertThat(out).contains("rows answered from the priors").contains("top-1 error of the");
    assertThat(Files.readAllLines(dir.resolve("submission.csv")).get(0)).isEqualTo("id,predicted");
    assertThat(dir.resolve("test.pred")).isNotEmptyFile();
  }

  @Test
  void kerasImportsATinyKerasFile() {
    String out = run("keras", dir.toString());
    assertThat(out).contains("resnet50      23,587,712 parameters");
    assertThat(out).contains("complete: true").contains("DJL weight[3][0][1][2] = 0.5");
    assertThat(dir.resolve("tiny_weights.h5")).isNotEmptyFile();
  }

  @Test
  void everyExampleIsListedAndHasAPublicStaticMain() throws Exception {
    StringWriter listing = new StringWriter();
    CommandLine cl = ImatCli.newCommandLine();
    cl.setOut(new PrintWriter(listing, true));
    assertThat(cl.execute("example", "--list")).isZero();
    assertThat(Examples.ALL).hasSize(10);
    for (Examples.Example e : Examples.ALL) {
      assertThat(listing.toString()).contains(e.name());
      Method main = e.type().getMethod("main", String[].class);
      assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
    }
    CommandLine bad = ImatCli.newCommandLine();
    bad.setErr(new PrintWriter(new StringWriter(), true));
    assertThat(bad.execute("example", "no-such-example")).isEqualTo(2);
  }
}
