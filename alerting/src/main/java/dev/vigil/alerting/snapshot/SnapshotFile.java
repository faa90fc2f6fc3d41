package dev.vigil.alerting.snapshot;

import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.common.fs.Directories;
import dev.vigil.model.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A whole-file snapshot with a header and checksum (docs/format/alerting-state.md): magic u32,
 * version u8, body, CRC32C u32 of everything before it. Written to {@code name.tmp}, fsynced,
 * renamed over the file and the directory fsynced, so a crash leaves the old or the new file.
 * Stateless.
 */
public final class SnapshotFile {
  private SnapshotFile() {}

  /** Writes {@code body} (the bytes after the header) atomically. */
  public static void write(Path file, int magic, int version, byte[] body) {
    ByteWriter w = new ByteWriter(body.length + 9);
    w.putInt(magic).putByte(version).putBytes(body);
    w.putInt(w.crc32c(0));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(w.array(), 0, w.length());
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Directories.fsync(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new StorageException("cannot write snapshot " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads and checks a snapshot; returns the body, or null when the file does not exist.
   * @throws StorageException naming file and offset when the header or checksum is wrong
   */
  public static byte[] read(Path file, int magic, int version) {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StorageException("cannot read snapshot " + file + ": " + e.getMessage(), e);
    }
    if (b.length < 9) {
      throw new StorageException("snapshot " + file + " is " + b.length + " bytes, shorter than its 9-byte frame");
    }
    int gotMagic = ByteBuffer.wrap(b, 0, 4).getInt();
    if (gotMagic != magic) {
      throw new StorageException(String.format("snapshot %s: bad magic 0x%08x at offset 0, want 0x%08x", file, gotMagic, magic));
    }
    if ((b[4] & 0xff) != version) {
      throw new StorageException("snapshot " + file + ": unsupported version " + (b[4] & 0xff) + " at offset 4");
    }
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 4);
    int want = ByteBuffer.wrap(b, b.length - 4, 4).getInt();
    if ((int) crc.getValue() != want) {
      throw new StorageException("snapshot " + file + ": checksum mismatch at offset " + (b.length - 4));
    }
    byte[] body = new byte[b.length - 9];
    System.arraycopy(b, 5, body, 0, body.length);
    return body;
  }
}
