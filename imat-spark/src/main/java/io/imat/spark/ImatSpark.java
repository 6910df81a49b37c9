package io.imat.spark;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * Starts Spark contexts for imat's jobs: {@code local[*]} by default, {@code local[N]}, {@code
 * local[N,F]} (F attempts per task), {@code local-cluster[W,C,MB]} (W worker JVMs on this machine)
 * or {@code spark://HOST:PORT} (a standalone cluster).
 *
 * <pre>{@code
 * try (JavaSparkContext sc = ImatSpark.start("local[*]", "imat predict")) {
 *   Predictions p = SparkPredictor.builder().model(modelDir).build().predict(sc, data, images, out);
 * }
 * }</pre>
 *
 * <p>A JVM that starts a context itself (not through {@code spark-submit}, which adds them) needs
 * {@link #javaOptions()} on Java 17: without them Spark fails with an {@code IllegalAccessError} on
 * {@code sun.nio.ch.DirectBuffer}. Executors get them from Spark itself.
 */
public final class ImatSpark {
  /** The master when none is given: every core of this machine, in this JVM. */
  public static final String DEFAULT_MASTER = "local[*]";

  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");

  private ImatSpark() {}

  /**
   * The JVM options Spark needs on Java 17 ({@code --add-opens} for the JDK packages it reaches
   * into, and {@code -Djdk.reflect.useDirectMethodHandle=false}), as Spark's own launcher passes
   * them.
   */
  public static ImmutableList<String> javaOptions() {
    return ImmutableList.copyOf(JavaModuleOptions.defaultModuleOptions().trim().split("\\s+"));
  }

  /**
   * A configuration for {@code master}: the application name, no web UI (jobs are batch; set {@code
   * spark.ui.enabled} to have one), DJL offline on executors, the driver on 127.0.0.1 when every
   * JVM runs on this machine (local modes, {@code spark://127.0.0.1:PORT}), and for {@code
   * local-cluster[...]} the executor class path of this JVM, since its worker JVMs run here.
   */
  public static SparkConf conf(String master, String appName) {
    checkArgument(!master.isBlank(), "empty master");
    SparkConf conf =
        new SparkConf()
            .setMaster(master)
            .setAppName(appName)
            .set("spark.ui.enabled", "false")
            // imat runs offline: DJL must not try to download engines on executors either.
            .setIfMissing("spark.executor.extraJavaOptions", "-Dai.djl.offline=true");
    if (onThisMachine(master)) {
      // Loopback: a laptop's hostname may not resolve to itself. A remote cluster's executors
      // must reach the driver, so there Spark's own choice of address stands.
      conf.setIfMissing("spark.driver.host", System.getProperty("spark.driver.host", "127.0.0.1"))
          .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    Matcher m = LOCAL_CLUSTER.matcher(master);
    if (m.matches()) {
      conf.setIfMissing("spark.executor.extraClassPath", applicationClassPath());
      // local-cluster sizes executors from the master string, not from spark.executor.memory.
      conf.setIfMissing("spark.executor.memory", m.group(3) + "m");
    }
    return conf;
  }

  /** Starts a context for {@code master} with {@link #conf}. */
  public static JavaSparkContext start(String master, String appName) {
    return new JavaSparkContext(conf(master, appName));
  }

  /** Starts a context with {@code conf} as is. */
  public static JavaSparkContext start(SparkConf conf) {
    return new JavaSparkContext(conf);
  }

  /** Whether {@code master} runs every task in this JVM ({@code local}, {@code local[...]}). */
  public static boolean isLocal(String master) {
    return master.equals("local") || master.startsWith("local[");
  }

  /** Whether every JVM of {@code master} runs on this machine (local modes, a loopback master). */
  static boolean onThisMachine(String master) {
    if (master.startsWith("local")) {
      return true;
    }
    java.net.URI uri;
    try {
      uri = java.net.URI.create(master);
    } catch (IllegalArgumentException e) {
      return false;
    }
    String host = uri.getHost();
    return host != null
        && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
  }

  /** The CPUs a task gets ({@code spark.task.cpus}, default 1). */
  static int taskCpus(SparkConf conf) {
    return conf.getInt("spark.task.cpus", 1);
  }

  /**
   * This JVM's class path, for executors on this machine (local-cluster), with the {@code
   * Class-Path} entries of its jars' manifests (a {@code java -jar app.jar} class path is the jar
   * alone; its libraries are in the manifest).
   */
  private static String applicationClassPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!e.isBlank()) {
        entries.add(e);
        entries.addAll(manifestClassPath(Path.of(e)));
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static List<String> manifestClassPath(Path jar) {
    if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
      return List.of();
    }
    try (JarFile f = new JarFile(jar.toFile())) {
      Manifest m = f.getManifest();
      String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (cp == null || cp.isBlank()) {
        return List.of();
      }
      Path dir = jar.toAbsolutePath().getParent();
      List<String> out = new ArrayList<>();
      for (String rel : cp.trim().split("\\s+")) {
        Path p = dir.resolve(rel).normalize();
        if (Files.exists(p)) {
          out.add(p.toString());
        }
      }
      return out;
    } catch (IOException e) {
      return List.of(); // not a jar after all: the entry itself is still on the class path
    }
  }
}
