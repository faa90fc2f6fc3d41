package dev.vigil.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's lean HTTP/1.1 path, first in the channel pipeline, before Armeria's handlers.
 * It reads each request head itself; a {@code POST} to a {@link LeanPostPath} endpoint with a
 * {@code Content-Length} body within the limit is served here: the body is gathered into one
 * pooled buffer of that size (one copy), handed to the {@link BodyHandler} on the blocking
 * executor, and the answer written in one buffer. At the first request it does not serve in full
 * (another path or method, HTTP/1.0, chunked bodies, {@code Expect}, {@code Upgrade},
 * {@code Origin}, oversized bodies or heads, not ready, stopping, an HTTP/2 preface) it passes
 * that request's bytes and everything after them to Armeria and stays out of the way for the rest
 * of the connection, so Armeria's answers (405, 413, 431, 503, CORS, h2c upgrades, ...) stay
 * exactly what they were. It only ever hands over at a request boundary.
 *
 * <p>Armeria's idle timeout is off (it would close lean connections, whose traffic it never
 * sees); this handler closes idle connections instead, see {@link LeanPostPath}.
 *
 * <p>Threading: every method runs on the channel's event loop except the handler call, which
 * owns the body buffer until it returns and then hands the answer back to the event loop.
 */
final class LeanPostHandler extends ChannelDuplexHandler {
  /** Armeria's default limit for an HTTP/1 head; longer heads go to Armeria, which refuses them. */
  private static final int MAX_HEAD_BYTES = 8192;
  private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};

  private static final byte[] HTTP11 = " HTTP/1.1".getBytes(StandardCharsets.US_ASCII);

  /**
   * HEAD: at a request boundary; BODY: reading a body served here; BUSY: its handler runs;
   * FORWARD: passing a request on to Armeria; PASS: the connection is Armeria's for good.
   */
  private enum State { HEAD, BODY, BUSY, FORWARD, PASS }

  private final LeanPostPath path;
  private State state = State.HEAD;
  /** Received bytes not consumed yet: the start of a request head, or pipelined requests. */
  private ByteBuf pending;
  private ByteBuf body;
  private int bodyMissing;
  private Routes.BodyBinding binding;
  private String contentType;
  private String contentEncoding;
  private boolean closeAfter;
  private long startNanos;
  private int forwardMissing;
  private long forwarded;
  private final AtomicLong answered = new AtomicLong();
  private long lastActivityNanos = System.nanoTime();
  private ScheduledFuture<?> idleCheck;

  LeanPostHandler(LeanPostPath path) {
    this.path = path;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    scheduleIdleCheck(ctx, path.idleNanos());
    path.register(ctx.channel().remoteAddress(), this);
    super.channelActive(ctx);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      scheduleIdleCheck(ctx, path.idleNanos());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastActivityNanos = System.nanoTime();
    if (state == State.PASS || !(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    switch (state) {
      case BODY -> {
        int n = Math.min(bodyMissing, in.readableBytes());
        body.writeBytes(in, n);
        bodyMissing -= n;
        keep(in);
        if (bodyMissing == 0) {
          dispatch(ctx);
        }
      }
      case BUSY -> keep(in);
      case FORWARD -> {
        keep(in);
        forward(ctx);
      }
      default -> {
        keep(in);
        nextRequest(ctx);
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (state == State.PASS || forwarded > 0) {
      ctx.fireChannelReadComplete();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    lastActivityNanos = System.nanoTime();
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    release();
    path.unregister(ctx.channel().remoteAddress(), this);
    if (idleCheck != null) {
      idleCheck.cancel(false);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (state == State.PASS || forwarded > 0) {
      ctx.fireExceptionCaught(cause);
    } else {
      ctx.close();
    }
  }

  /** Appends a read buffer to the pending bytes, taking ownership of it. */
  private void keep(ByteBuf in) {
    if (!in.isReadable()) {
      in.release();
    } else if (pending == null || !pending.isReadable()) {
      if (pending != null) {
        pending.release();
      }
      pending = in;
    } else {
      ByteBuf merged = in.alloc().buffer(pending.readableBytes() + in.readableBytes());
      merged.writeBytes(pending).writeBytes(in);
      pending.release();
      in.release();
      pending = merged;
    }
  }

  /**
   * At a request boundary: once the head is complete, serves the request here, forwards it to
   * Armeria (counted, so the connection can come back here), or hands the connection over.
   */
  private void nextRequest(ChannelHandlerContext ctx) {
    if (pending == null || !pending.isReadable()) {
      return;
    }
    int start = pending.readerIndex();
    int readable = pending.readableBytes();
    if (!looksLikeMethod(pending, start, readable)) {
      handOver(ctx);
      return;
    }
    int headEnd = indexOf(pending, start, Math.min(readable, MAX_HEAD_BYTES), CRLFCRLF);
    if (headEnd < 0) {
      if (readable >= MAX_HEAD_BYTES) {
        handOver(ctx);
      }
      return; // wait for the rest of the head
    }
    int lineEnd = indexOf(pending, start, headEnd + 2 - start, CRLFCRLF, 2);
    if (!endsWith(pending, lineEnd, HTTP11)) {
      handOver(ctx); // HTTP/1.0, an HTTP/2 preface, or garbage: Armeria's to judge
      return;
    }
    LeanPostPath.Entry entry = null;
    for (LeanPostPath.Entry e : path.entries()) {
      byte[] line = e.requestLine();
      if (lineEnd + 2 - start == line.length && startsWith(pending, start, line, line.length)) {
        entry = e;
      }
    }
    Head h = parseHeaders(lineEnd + 2, headEnd + 2);
    if (h == null) {
      handOver(ctx);
      return;
    }
    int headBytes = headEnd + CRLFCRLF.length - start;
    Routes.BodyBinding b = entry == null ? null : entry.binding();
    if (b != null && h.lean() && h.length() >= 0 && h.length() <= b.maxBodyBytes()
        && path.accepts(b) && armeriaOutstanding() == 0) {
      serve(ctx, b, h, headBytes);
    } else if (h.length() <= Integer.MAX_VALUE - headBytes) {
      // Armeria answers it (a read endpoint, 413, 503, CORS, ...); the connection may come back
      // once Armeria has answered everything forwarded
      forwarded++;
      forwardMissing = headBytes + (int) Math.max(0, h.length());
      state = State.FORWARD;
      forward(ctx);
    } else {
      handOver(ctx);
    }
  }

  private void serve(ChannelHandlerContext ctx, Routes.BodyBinding b, Head h, int headBytes) {
    pending.skipBytes(headBytes);
    binding = b;
    bodyMissing = (int) h.length();
    contentType = h.contentType();
    contentEncoding = h.contentEncoding();
    closeAfter = h.close();
    startNanos = System.nanoTime();
    path.started();
    state = State.BODY;
    int n = Math.min(bodyMissing, pending.readableBytes());
    body = ctx.alloc().buffer(bodyMissing);
    body.writeBytes(pending, n);
    bodyMissing -= n;
    if (bodyMissing == 0) {
      dispatch(ctx);
    }
  }

  /** In state FORWARD: passes on what is pending of the forwarded request. */
  private void forward(ChannelHandlerContext ctx) {
    int n = Math.min(forwardMissing, pending == null ? 0 : pending.readableBytes());
    if (n > 0) {
      forwardMissing -= n;
      ctx.fireChannelRead(pending.readRetainedSlice(n));
      ctx.fireChannelReadComplete();
    }
    if (forwardMissing == 0) {
      state = State.HEAD;
      nextRequest(ctx);
    }
  }

  /** Requests forwarded to Armeria on this connection and not answered yet. */
  private long armeriaOutstanding() {
    return forwarded - answered.get();
  }

  /** Armeria has answered a request of this connection (any thread). */
  void armeriaAnswered() {
    answered.incrementAndGet();
  }

  /** What a request head says, as far as this path cares. */
  private record Head(long length, String contentType, String contentEncoding, boolean close,
      boolean lean) {}

  /**
   * Reads the header lines between {@code from} and {@code to} (just past the CRLF ending the
   * last line); null when the request must go to Armeria with the rest of the connection (bodies
   * not framed by a length, protocol upgrades, {@code Expect}, malformed or repeated framing
   * headers); {@link Head#lean} false when only this request must.
   */
  private Head parseHeaders(int from, int to) {
    long length = -1;
    String type = null;
    String encoding = null;
    boolean close = false;
    boolean lean = true;
    int i = from;
    while (i < to) {
      int eol = indexOf(pending, i, to - i, CRLFCRLF, 2);
      int colon = indexOfByte(pending, i, eol, ':');
      if (colon <= i) {
        return null;
      }
      String name = pending.toString(i, colon - i, StandardCharsets.US_ASCII);
      if (!isToken(name)) {
        return null; // e.g. whitespace before the colon: malformed, Armeria refuses it
      }
      String value = pending.toString(colon + 1, eol - colon - 1, StandardCharsets.ISO_8859_1)
          .strip();
      switch (name.toLowerCase(Locale.ROOT)) {
        case "content-length" -> {
          if (length >= 0 || !isDigits(value)) {
            return null;
          }
          length = Long.parseLong(value);
        }
        case "content-type" -> {
          lean &= type == null;
          type = value;
        }
        case "content-encoding" -> {
          lean &= encoding == null;
          encoding = value;
        }
        case "connection" -> {
          String v = value.toLowerCase(Locale.ROOT);
          if (v.contains("upgrade")) {
            return null;
          }
          close |= v.contains("close");
        }
        case "transfer-encoding", "expect", "upgrade", "http2-settings" -> {
          return null;
        }
        case "origin" -> lean = false; // CORS headers are Armeria's
        default -> { }
      }
      i = eol + 2;
    }
    return new Head(length, type, encoding, close, lean);
  }

  /** The body is complete: runs the handler on the blocking executor. */
  private void dispatch(ChannelHandlerContext ctx) {
    state = State.BUSY;
    ByteBuf b = body;
    body = null;
    BodyHandler handler = binding.handler();
    String type = contentType;
    String encoding = contentEncoding;
    try {
      path.executor().execute(() -> run(ctx, handler, b, type, encoding));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      b.release(); // stopping
      respond(ctx, PlainResponse.text(503, Map.of(), "Service Unavailable"));
    }
  }

  private void run(ChannelHandlerContext ctx, BodyHandler handler, ByteBuf b, String type,
      String encoding) {
    PlainResponse r;
    try {
      r = handler.handle(b.nioBuffer(), type, encoding);
    } catch (RuntimeException | Error e) {
      r = PlainResponse.text(500, Map.of(), "Internal Server Error");
    } finally {
      b.release();
    }
    PlainResponse answer = r;
    try {
      ctx.executor().execute(() -> respond(ctx, answer));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      path.finished(); // the event loop is gone, and the connection with it
    }
  }

  private void respond(ChannelHandlerContext ctx, PlainResponse r) {
    path.finished();
    path.metrics().observe(binding.path(), r.status(), System.nanoTime() - startNanos);
    if (!ctx.channel().isActive()) {
      return;
    }
    boolean close = closeAfter || path.closing();
    ChannelFuture f = ctx.writeAndFlush(encode(ctx, r, close, path.date()));
    lastActivityNanos = System.nanoTime();
    if (close) {
      state = State.BUSY; // whatever else arrives is dropped with the connection
      release();
      f.addListener(ChannelFutureListener.CLOSE);
      return;
    }
    state = State.HEAD;
    nextRequest(ctx);
  }

  /** Passes the pending bytes, from the start of a request on, and all later ones to Armeria. */
  private void handOver(ChannelHandlerContext ctx) {
    state = State.PASS;
    ByteBuf p = pending;
    pending = null;
    if (p != null && p.isReadable()) {
      ctx.fireChannelRead(p);
      ctx.fireChannelReadComplete();
    } else if (p != null) {
      p.release();
    }
  }

  private static ByteBuf encode(ChannelHandlerContext ctx, PlainResponse r, boolean close,
      String date) {
    StringBuilder s = new StringBuilder(128).append("HTTP/1.1 ").append(r.status()).append(' ')
        .append(HttpResponseStatus.valueOf(r.status()).reasonPhrase()).append("\r\n")
        .append("date: ").append(date).append("\r\n");
    for (Map.Entry<String, String> e : r.headers().entrySet()) {
      s.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
    }
    if (close) {
      s.append("connection: close\r\n");
    }
    byte[] text = r.text() == null ? null : r.text().getBytes(StandardCharsets.UTF_8);
    if (text != null) {
      s.append("content-type: text/plain; charset=utf-8\r\ncontent-length: ")
          .append(text.length).append("\r\n");
    } else if (r.status() != 204 && r.status() >= 200) {
      s.append("content-length: 0\r\n");
    }
    s.append("\r\n");
    ByteBuf out = ctx.alloc().buffer(s.length() + (text == null ? 0 : text.length));
    out.writeCharSequence(s, StandardCharsets.ISO_8859_1);
    if (text != null) {
      out.writeBytes(text);
    }
    return out;
  }

  private void scheduleIdleCheck(ChannelHandlerContext ctx, long delayNanos) {
    if (idleCheck == null || idleCheck.isDone()) {
      idleCheck = ctx.executor().schedule(() -> checkIdle(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void checkIdle(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive()) {
      return;
    }
    long limit = state == State.PASS ? path.passIdleNanos() : path.idleNanos();
    long idle = System.nanoTime() - lastActivityNanos;
    boolean busy = state == State.BUSY || (state != State.PASS && armeriaOutstanding() > 0);
    if (!busy && idle >= limit) {
      ctx.close();
      return;
    }
    idleCheck = ctx.executor().schedule(() -> checkIdle(ctx),
        busy ? limit : Math.max(limit - idle, 1), TimeUnit.NANOSECONDS);
  }

  private void release() {
    if (pending != null) {
      ReferenceCountUtil.safeRelease(pending);
      pending = null;
    }
    if (body != null) {
      ReferenceCountUtil.safeRelease(body);
      body = null;
    }
  }

  /** Whether the bytes start like a request line: an upper-case method, then a space. */
  private static boolean looksLikeMethod(ByteBuf buf, int at, int readable) {
    int n = Math.min(readable, 17);
    for (int i = 0; i < n; i++) {
      byte c = buf.getByte(at + i);
      if (c == ' ') {
        return i > 0;
      }
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return n < 17;
  }

  private static boolean endsWith(ByteBuf buf, int end, byte[] suffix) {
    return end - suffix.length >= buf.readerIndex()
        && startsWith(buf, end - suffix.length, suffix, suffix.length);
  }

  private static boolean startsWith(ByteBuf buf, int at, byte[] prefix, int n) {
    for (int i = 0; i < n; i++) {
      if (buf.getByte(at + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Index of the first {@code len} bytes of {@code needle} within {@code [from, from+span)}. */
  private static int indexOf(ByteBuf buf, int from, int span, byte[] needle, int len) {
    int last = from + span - len;
    outer:
    for (int i = from; i <= last; i++) {
      for (int j = 0; j < len; j++) {
        if (buf.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static int indexOf(ByteBuf buf, int from, int span, byte[] needle) {
    return indexOf(buf, from, span, needle, needle.length);
  }

  private static int indexOfByte(ByteBuf buf, int from, int to, char c) {
    for (int i = from; i < to; i++) {
      if (buf.getByte(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 127) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
