package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.imat.models.weights.ImagenetFile;
import io.imat.models.weights.ImagenetFiles;
import io.imat.models.weights.WeightsCache;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code imat weights fetch|list} and the ImageNet keys of {@code imat backbones}, against a
 * loopback server. The official files cannot be served here (their hashes are Keras'), so most runs
 * swap in commands over a registry of generated files; the real registry is run through {@link
 * ImatCli} for its failure paths.
 */
class WeightsCliTest {
  static final String NAME = "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5";

  @TempDir Path tmp;
  HttpServer server;
  final Map<String, byte[]> served = new ConcurrentHashMap<>();
  final byte[] content = bytes(40_000, 1);

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String md5(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext(
        "/",
        ex -> {
          byte[] body = served.get(ex.getRequestURI().getPath());
          ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          try (OutputStream out = ex.getResponseBody()) {
            if (body != null) {
              out.write(body);
            }
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** A cache in a temporary home whose resnet50 file is {@link #content}, inception_v3 official. */
  WeightsCache cache() throws Exception {
    served.put("/resnet50.h5", content);
    return WeightsCache.builder()
        .environment(Map.of())
        .homeDirectory(tmp.resolve("home"))
        .files(
            ImagenetFiles.of(
                ImagenetFile.of(
                    "resnet50", NAME, List.of(url("/resnet50.h5")), List.of(md5(content))),
                ImagenetFiles.official().require("inception_v3")))
        .build();
  }

  /** Runs {@link ImatCli} with its weights and backbones commands over {@code cache}. */
  static CliRun run(WeightsCache cache, String... args) {
    CommandLine cl = ImatCli.newCommandLine();
    cl.getCommandSpec().removeSubcommand("weights");
    cl.getCommandSpec().removeSubcommand("backbones");
    cl.addSubcommand("weights", new WeightsCommand(cache));
    cl.addSubcommand("backbones", new BackbonesCommand(cache));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new CliRun(cl.execute(args), out.toString(), err.toString());
  }

  /**
   * Asserts that {@code r} failed with exit code 1, nothing on stdout and one line on stderr
   * besides the progress lines ("fetch FILE: n/total ..."); returns that line.
   */
  static String failureLine(CliRun r) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    List<String> lines = r.err().strip().lines().filter(l -> !l.startsWith("fetch ")).toList();
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }

  static JsonObject json(CliRun r) {
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JsonParser.parseString(r.out()).getAsJsonObject();
  }

  @Test
  void fetchDownloadsIntoTheDirectoryOnceAndListFindsIt() throws Exception {
    WeightsCache cache = cache();
    Path imatCache = tmp.resolve("home/.cache/imat/weights");

    JsonObject list = json(run(cache, "weights", "list", "--json"));
    JsonObject resnet = list.getAsJsonObject("files").getAsJsonObject("resnet50");
    assertThat(resnet.get("status").getAsString()).isEqualTo("missing");
    assertThat(resnet.get("path").isJsonNull()).isTrue();
    assertThat(resnet.get("hashOk").isJsonNull()).isTrue();
    assertThat(list.get("fetchDirectory").getAsString()).isEqualTo(imatCache.toString());

    JsonObject fetched = json(run(cache, "weights", "fetch", "resnet50", "--json"));
    assertThat(fetched.get("downloaded").getAsBoolean()).isTrue();
    assertThat(fetched.get("path").getAsString()).isEqualTo(imatCache.resolve(NAME).toString());
    assertThat(fetched.get("url").getAsString()).isEqualTo(url("/resnet50.h5"));
    assertThat(fetched.get("hash").getAsString()).isEqualTo(md5(content));
    assertThat(fetched.get("bytes").getAsLong()).isEqualTo(content.length);
    assertThat(Files.readAllBytes(imatCache.resolve(NAME))).isEqualTo(content);

    JsonObject again = json(run(cache, "weights", "fetch", "resnet50", "--json"));
    assertThat(again.get("downloaded").getAsBoolean()).isFalse();
    assertThat(again.get("url").isJsonNull()).isTrue();

    resnet =
        json(run(cache, "weights", "list", "--json"))
            .getAsJsonObject("files")
            .getAsJsonObject("resnet50");
    assertThat(resnet.get("status").getAsString()).isEqualTo("ok");
    assertThat(resnet.get("hashOk").getAsBoolean()).isTrue();
    assertThat(resnet.get("path").getAsString()).isEqualTo(imatCache.resolve(NAME).toString());

    CliRun human = run(cache, "weights", "list");
    assertThat(human.out())
        .contains("resnet50")
        .contains("inception_v3")
        .contains("resnet18      no Keras ImageNet file: starts from random weights");
  }

  @Test
  void fetchWithDirAndMirrorUrlAndAWrongFile() throws Exception {
    WeightsCache cache = cache();
    served.put("/mirror.h5", content);
    served.put("/other.h5", bytes(100, 2));
    Path dir = tmp.resolve("d");

    CliRun ok =
        run(
            cache,
            "weights",
            "fetch",
            "resnet50",
            "--dir",
            dir.toString(),
            "--url",
            url("/mirror.h5"));
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(Files.readAllBytes(dir.resolve(NAME))).isEqualTo(content);
    // d is not on the search path: the command says how to use it.
    assertThat(ok.out()).contains("set IMAT_WEIGHTS=" + dir);

    Path dir2 = tmp.resolve("d2");
    CliRun bad =
        run(
            cache,
            "weights",
            "fetch",
            "resnet50",
            "--dir",
            dir2.toString(),
            "--url",
            url("/other.h5"),
            "--json");
    assertThat(failureLine(bad)).contains(url("/other.h5")).contains(md5(content));
    assertThat(dir2.resolve(NAME)).doesNotExist();
    assertThat(dir2.resolve(NAME + ".part")).doesNotExist();

    Files.createDirectories(tmp.resolve("home/.keras/models"));
    Path planted = Files.write(tmp.resolve("home/.keras/models").resolve(NAME), bytes(5, 3));
    JsonObject resnet =
        json(run(cache, "weights", "list", "--json", "--dir", dir.toString()))
            .getAsJsonObject("files")
            .getAsJsonObject("resnet50");
    assertThat(resnet.get("status").getAsString()).isEqualTo("wrong-hash");
    assertThat(resnet.get("hashOk").getAsBoolean()).isFalse();
    assertThat(resnet.get("path").getAsString()).isEqualTo(planted.toString());
  }

  @Test
  void backbonesJsonAddsTheImagenetFileAndWhereItIs() throws Exception {
    WeightsCache cache = cache();
    Path dir = tmp.resolve("home/.keras/models");
    Files.createDirectories(dir);
    Files.write(dir.resolve(NAME), content);

    JsonObject o = json(run(cache, "backbones", "--json"));
    JsonObject resnet = o.getAsJsonObject("resnet50");
    assertThat(resnet.get("params").getAsLong()).isEqualTo(23_587_712L);
    assertThat(resnet.get("imagenetFile").getAsString()).isEqualTo(NAME);
    assertThat(resnet.get("imagenetWeights").getAsString()).isEqualTo(dir.resolve(NAME).toString());
    JsonObject inception = o.getAsJsonObject("inception_v3");
    assertThat(inception.get("imagenetFile").getAsString())
        .isEqualTo("inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5");
    assertThat(inception.get("imagenetWeights").isJsonNull()).isTrue();
    assertThat(o.getAsJsonObject("resnet18").get("imagenetFile").isJsonNull()).isTrue();
    assertThat(o.getAsJsonObject("resnet18").get("imagenetWeights").isJsonNull()).isTrue();
    // The blocks --unfreeze accepts, bottom to top.
    assertThat(inception.getAsJsonArray("blocks").get(11).getAsString()).isEqualTo("mixed10");
    assertThat(resnet.getAsJsonArray("blocks")).hasSize(17);
  }

  @Test
  void theRealCommandChecksTheOfficialHashAndReportsUsageErrors() throws Exception {
    served.put("/fake.h5", content);
    Path dir = tmp.resolve("d");

    CliRun bad =
        CliRun.of(
            "weights",
            "fetch",
            "resnet50",
            "--dir",
            dir.toString(),
            "--url",
            url("/fake.h5"),
            "--json");
    assertThat(failureLine(bad))
        .startsWith("imat fetch: " + url("/fake.h5") + ": md5 " + md5(content))
        .contains("4d473c1dd8becc155b73f8504c6f6626")
        .contains("a268eb855778b3df3c7506639542a6af");
    assertThat(dir.resolve(NAME)).doesNotExist();

    CliRun unknown = CliRun.of("weights", "fetch", "vgg16", "--dir", dir.toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no Keras ImageNet file for 'vgg16'");

    CliRun resnet18 = CliRun.of("weights", "fetch", "resnet18", "--dir", dir.toString());
    assertThat(resnet18.exitCode()).isEqualTo(2);
    assertThat(resnet18.err()).contains("random weights");

    CliRun scheme =
        CliRun.of(
            "weights", "fetch", "xception", "--dir", dir.toString(), "--url", "file:///etc/passwd");
    assertThat(scheme.exitCode()).isEqualTo(2);
    assertThat(scheme.err()).contains("only http/https");

    assertThat(CliRun.of("weights").exitCode()).isEqualTo(2);

    JsonObject list = json(CliRun.of("weights", "list", "--json"));
    assertThat(list.getAsJsonObject("files").keySet())
        .containsExactly("resnet50", "inception_v3", "xception");
    assertThat(list.getAsJsonObject("files").getAsJsonObject("xception").get("file").getAsString())
        .isEqualTo("xception_weights_tf_dim_ordering_tf_kernels_notop.h5");
  }
}
