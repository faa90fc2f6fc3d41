package dev.vigil.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The answer to one request of {@link LeanGetHandler}, written by the blocking-task thread that
 * runs its endpoint. A body up to {@value #CHUNK} bytes goes out whole, head and body in one
 * buffer and one write, with the request's end handed to the event loop in the same task; a
 * larger one is sent with chunked transfer coding; once the channel's outbound buffer is over its
 * high-water mark, a chunk waits until the socket took it (so a slow client slows the writer
 * instead of growing a queue), as Armeria's streaming waits for each chunk.
 *
 * <p>For a client whose {@code Accept-Encoding} picks gzip the body is gzip-coded
 * ({@link LeanGetGzip}) when Armeria's encoding service would code it: every chunked answer
 * (no known length) and whole answers of {@value LeanGetGzip#MIN_BYTES} bytes or more (all
 * answers here are JSON or plain text, types it codes), with the headers it adds.
 */
final class LeanGetAnswer extends AnswerBuffer implements LeanGet.Exchange {
  static final int CHUNK = 64 * 1024;
  private static final int INITIAL = 16 * 1024;
  /** How long a client may take to accept one chunk before the answer is aborted. */
  private static final long CONSUME_TIMEOUT_SECONDS = 60;
  private static final byte[] CRLF = {'\r', '\n'};
  /** The headers Armeria's encoding service adds to a gzip-coded answer. */
  private static final String CODED = "content-encoding: gzip\r\nvary: accept-encoding\r\n";

  private final LeanGetHandler handler;
  private final ChannelHandlerContext ctx;
  private final Routes.GetBinding binding;
  private final boolean closeAsked;
  private final boolean gzipAccepted;
  private final long startNanos;
  private LeanGetGzip gzip;
  private volatile Runnable onCancel;
  private volatile boolean cancelled;
  private int status;
  private byte[] whole;
  private boolean chunked;

  LeanGetAnswer(LeanGetHandler handler, ChannelHandlerContext ctx, Routes.GetBinding binding,
      boolean closeAsked, boolean gzipAccepted, long startNanos) {
    this.handler = handler;
    this.ctx = ctx;
    this.binding = binding;
    this.closeAsked = closeAsked;
    this.gzipAccepted = gzipAccepted;
    this.startNanos = startNanos;
  }

  Routes.GetBinding binding() {
    return binding;
  }

  long startNanos() {
    return startNanos;
  }

  /** On the blocking thread: runs the endpoint and sends its answer. */
  void run(Map<String, List<String>> params) {
    try {
      binding.endpoint().serve(params, this);
      if (status == 0) {
        throw new IllegalStateException("endpoint gave no answer");
      }
      end();
    } catch (Throwable t) {
      if (gzip != null) {
        gzip.end();
        gzip = null;
      }
      if (chunked) {
        // bytes went out already: only cutting the answer short tells the client
        handBack(500, null, true);
      } else {
        status = 500;
        whole = "Internal Server Error".getBytes(StandardCharsets.UTF_8);
        send(500, "text/plain; charset=utf-8", whole, whole.length);
      }
    }
  }

  /** On the event loop, when the client went away: cancels the work. */
  void cancel() {
    cancelled = true;
    Runnable r = onCancel;
    if (r != null) {
      r.run();
    }
  }

  /** The executor refused the task (stopping): 503, as Armeria answers then. */
  void unavailable() {
    byte[] b = "Service Unavailable".getBytes(StandardCharsets.UTF_8);
    send(503, "text/plain; charset=utf-8", b, b.length);
  }

  @Override
  public void onCancel(Runnable r) {
    onCancel = r;
    if (cancelled) {
      r.run();
    }
  }

  @Override
  public void fail(int status, byte[] json) {
    this.status = status;
    this.whole = json;
  }

  @Override
  public OutputStream success() {
    status = 200;
    byte[] b = handler.spare;
    handler.spare = null;
    buf = b != null ? b : new byte[INITIAL];
    return this;
  }

  @Override
  protected void makeRoom() throws IOException {
    if (buf.length < CHUNK) {
      buf = Arrays.copyOf(buf, Math.min(CHUNK, buf.length * 2));
    } else {
      sendChunk(false);
    }
  }

  private void end() throws IOException {
    if (whole != null) {
      send(status, "application/json", whole, whole.length);
    } else if (!chunked) {
      send(200, "application/json", buf, len);
    } else {
      sendChunk(true);
      keepGzip();
      handBack(200, null, false);
    }
  }

  /** Sends a whole answer and ends the request, in one event-loop task. */
  private void send(int code, String type, byte[] body, int n) {
    boolean close = handler.closing(closeAsked);
    byte[] content = body;
    int length = n;
    StringBuilder h = head(code, type, close);
    if (gzipAccepted && n >= LeanGetGzip.MIN_BYTES) {
      LeanGetGzip z = gzip();
      z.write(body, 0, n);
      z.finish();
      content = z.bytes();
      length = z.length();
      h.append(CODED);
    }
    h.append("content-length: ").append(length)
        .append("\r\ndate: ").append(handler.date()).append("\r\n\r\n");
    ByteBuf out = ctx.alloc().directBuffer(h.length() + length);
    out.writeCharSequence(h, StandardCharsets.ISO_8859_1);
    out.writeBytes(content, 0, length);
    if (body == buf && buf.length <= CHUNK) {
      handler.spare = buf; // copied out: the connection's next answer may reuse it
    }
    keepGzip();
    execute(() -> handler.answered(ctx, this, code, ctx.writeAndFlush(out), close), out);
  }

  /** Sends what is buffered as one chunk (the headers first), and the last chunk when asked. */
  private void sendChunk(boolean last) throws IOException {
    byte[] content = buf;
    int length = len;
    if (gzipAccepted) {
      LeanGetGzip z = chunked ? gzip : gzip();
      z.write(buf, 0, len);
      if (last) {
        z.finish();
      }
      content = z.bytes();
      length = z.length();
      z.take(); // copied out below
    }
    ByteBuf out = ctx.alloc().directBuffer(length + 64 + (chunked ? 0 : 256));
    if (!chunked) {
      chunked = true;
      StringBuilder h = head(200, "application/json", false);
      if (gzipAccepted) {
        h.append(CODED);
      }
      h.append("transfer-encoding: chunked\r\ndate: ").append(handler.date())
          .append("\r\n\r\n");
      out.writeCharSequence(h, StandardCharsets.ISO_8859_1);
    }
    if (length > 0) {
      out.writeCharSequence(Integer.toHexString(length), StandardCharsets.ISO_8859_1);
      out.writeBytes(CRLF).writeBytes(content, 0, length).writeBytes(CRLF);
    }
    len = 0;
    if (last) {
      out.writeByte('0').writeBytes(CRLF).writeBytes(CRLF);
    }
    if (cancelled) {
      out.release();
      throw new IOException("client closed the connection");
    }
    ChannelFuture f = ctx.writeAndFlush(out);
    if (!last && ctx.channel().isWritable()) {
      // the channel's outbound buffer (queued writes included) is below its high-water mark:
      // go on producing; waiting for every chunk's write costs a round trip to the event loop
      // per 64 KiB (a 2 h range query of 80 series is ~10 of them)
      return;
    }
    try {
      f.get(CONSUME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sending the answer");
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("client did not accept the answer: " + e, e);
    }
  }

  /** Leaves the deflater to the connection's next answer; before the request's end is handed back. */
  private void keepGzip() {
    if (gzip != null) {
      handler.spareGzip.set(gzip);
      gzip = null;
    }
  }

  /** The connection's deflater, reset for this answer. */
  private LeanGetGzip gzip() {
    LeanGetGzip z = handler.spareGzip.getAndSet(null);
    if (z == null) {
      z = new LeanGetGzip();
    }
    z.reset();
    gzip = z;
    return z;
  }

  private static StringBuilder head(int code, String type, boolean close) {
    StringBuilder h = new StringBuilder(160).append("HTTP/1.1 ").append(code).append(' ')
        .append(LeanGetHandler.reason(code)).append("\r\ncontent-type: ").append(type)
        .append("\r\n");
    if (close) {
      h.append("connection: close\r\n");
    }
    return h;
  }

  /** Ends the request on the event loop; {@code abort}: close the connection at once. */
  private void handBack(int code, ByteBuf unused, boolean abort) {
    execute(() -> handler.answered(ctx, this, code, null, abort || handler.closing(closeAsked)),
        unused);
  }

  private void execute(Runnable task, ByteBuf owned) {
    try {
      ctx.executor().execute(task);
    } catch (RejectedExecutionException e) {
      if (owned != null) {
        owned.release(); // the event loop is gone, and the connection with it
      }
      handler.lost();
    }
  }
}
