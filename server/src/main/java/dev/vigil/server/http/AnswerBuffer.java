package dev.vigil.server.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An answer's bytes gathered in an array before they go out: the subclass decides what happens
 * when the array is full ({@link #makeRoom}: grow it, or send what it holds as a chunk) and what
 * happens at the end. Shared by the lean GET path's answers ({@link LeanGetAnswer}) and Armeria's
 * streamed query answers. Not thread-safe.
 */
public abstract class AnswerBuffer extends OutputStream {
  /** The bytes so far, {@code buf[0, len)}; set by the subclass before the first write. */
  protected byte[] buf;
  protected int len;

  @Override
  public final void write(int b) throws IOException {
    if (len == buf.length) {
      makeRoom();
    }
    buf[len++] = (byte) b;
  }

  @Override
  public final void write(byte[] b, int off, int n) throws IOException {
    while (n > 0) {
      if (len == buf.length) {
        makeRoom();
      }
      int k = Math.min(n, buf.length - len);
      System.arraycopy(b, off, buf, len, k);
      len += k;
      off += k;
      n -= k;
    }
  }

  /** Called when {@code buf} is full: afterwards it has room for at least one byte. */
  protected abstract void makeRoom() throws IOException;
}
