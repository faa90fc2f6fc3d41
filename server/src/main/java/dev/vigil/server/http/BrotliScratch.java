package dev.vigil.server.http;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Removes the copy of brotli's native library that brotli4j unpacks when Armeria's encoding
 * service first loads it. Why: brotli4j writes the library into a new directory under the
 * temporary directory at every start ({@code com_aayushatharva_brotli4j_<System.nanoTime()>},
 * ~1 MB) and only asks for the directory, not the file in it, to be deleted on exit, so every
 * start of Vigil (and every test server) left one behind, even after a clean stop.
 *
 * <p>Once loaded, the library stays mapped in the process, so its file and directory can go at
 * once. The copy is recognised by its name: the
 * monotonic clock Java's {@code nanoTime} reads on Linux is the whole system's, so a name between
 * the readings taken around the load was made during it. If brotli4j ever names its copy
 * differently, nothing matches and nothing is removed.
 */
final class BrotliScratch {
  private static final String PREFIX = "com_aayushatharva_brotli4j_";
  private static final String LIBRARY = "libbrotli.so";

  private BrotliScratch() {}

  /** Runs {@code load} (the first use of Armeria's encoders) and removes the copy it unpacked. */
  static <T> T removeAfter(Supplier<T> load) {
    long from = System.nanoTime();
    T result = load.get();
    long to = System.nanoTime();
    remove(Path.of(System.getProperty("java.io.tmpdir")), from, to);
    return result;
  }

  /** Removes the library from the copies made between the two clock readings; best effort. */
  static void remove(Path tmp, long from, long to) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
      for (Path dir : dirs) {
        long made = madeAt(dir.getFileName().toString());
        if (made >= from && made <= to) {
          Files.deleteIfExists(dir.resolve(LIBRARY));
          Files.deleteIfExists(dir);
        }
      }
    } catch (IOException | SecurityException e) {
      // a leftover file is all that is at stake
    }
  }

  /** The clock reading in a copy's directory name, or -1 for a name of another shape. */
  static long madeAt(String name) {
    try {
      return Long.parseLong(name.substring(PREFIX.length()));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return -1;
    }
  }
}
