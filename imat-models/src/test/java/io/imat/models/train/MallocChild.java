package io.imat.models.train;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prepares the environment as imat does, then uses and frees a 16 MB native block twice and prints
 * the minor page faults of the second use; see PyTorchEnvironmentTest. A JVM of its own: the tuning
 * is process-wide and cannot be undone.
 */
public final class MallocChild {
  private MallocChild() {}

  /** Prints {@code TUNED <bool>} and {@code FAULTS <n>}. */
  public static void main(String[] args) throws Exception {
    PyTorchEnvironment.prepare();
    long size = 16L << 20; // a ResNet-50 activation at 112 px, batch 16, is 12.8 MB
    use(size); // the first use faults its pages in
    long before = minorFaults();
    use(size);
    System.out.println("TUNED " + PyTorchEnvironment.mallocTuned());
    System.out.println("FAULTS " + (minorFaults() - before));
  }

  private static void use(long size) {
    long peer = Native.malloc(size);
    if (peer == 0) {
      throw new OutOfMemoryError("malloc(" + size + ")");
    }
    try {
      new Pointer(peer).setMemory(0, size, (byte) 1);
    } finally {
      Native.free(peer);
    }
  }

  // Field 10 of /proc/self/stat, after the parenthesised command name.
  private static long minorFaults() throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
  }
}
