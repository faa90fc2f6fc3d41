package dev.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrotliScratchTest {
  @TempDir Path tmp;

  /** Only copies named within the load's clock readings go; other files stay. */
  @Test
  void removesOnlyTheCopyMadeDuringTheLoad() throws Exception {
    Path before = copy("com_aayushatharva_brotli4j_99");
    Path during = copy("com_aayushatharva_brotli4j_150");
    Path after = copy("com_aayushatharva_brotli4j_201");
    Path other = copy("com_aayushatharva_brotli4j_x150");
    Path unrelated = Files.createDirectory(tmp.resolve("vigil-150"));
    BrotliScratch.remove(tmp, 100, 200);
    assertThat(during).doesNotExist();
    assertThat(before.resolve("libbrotli.so")).exists();
    assertThat(after.resolve("libbrotli.so")).exists();
    assertThat(other.resolve("libbrotli.so")).exists();
    assertThat(unrelated).exists();
  }

  private Path copy(String name) throws Exception {
    Path dir = Files.createDirectory(tmp.resolve(name));
    Files.write(dir.resolve("libbrotli.so"), new byte[] {1, 2, 3});
    return dir;
  }
}
