package dev.vigil.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * The byte handling the lean HTTP/1.1 handlers ({@link LeanPostHandler}, {@link LeanGetHandler})
 * share: gathering a connection's read buffers until a request is whole, and parsing the head at
 * the start of what is gathered. Stateless; event-loop code.
 */
final class LeanFraming {
  /** Longest request head a lean path reads; Armeria refuses longer ones too. */
  static final int MAX_HEAD_BYTES = 8192;
  /** Most heads are a few hundred bytes: the first look copies this much, not the limit. */
  private static final int FIRST_LOOK = 1024;

  private LeanFraming() {}

  /**
   * The pending bytes with {@code in} appended, taking ownership of both buffers (either may be
   * released, or become the result).
   */
  static ByteBuf append(ByteBuf pending, ByteBuf in) {
    if (!in.isReadable()) {
      in.release();
      return pending;
    }
    if (pending == null || !pending.isReadable()) {
      if (pending != null) {
        pending.release();
      }
      return in;
    }
    ByteBuf merged = in.alloc().buffer(pending.readableBytes() + in.readableBytes());
    merged.writeBytes(pending).writeBytes(in);
    pending.release();
    in.release();
    return merged;
  }

  /**
   * Parses the head at the start of {@code pending} (which must be readable) into {@code head},
   * copying it to {@code headBytes} (at least {@link #MAX_HEAD_BYTES} long); returns {@link
   * RequestHead#parse}'s outcome, and {@link RequestHead#HAND_OVER} for a head still incomplete
   * after {@link #MAX_HEAD_BYTES} (Armeria refuses heads this long).
   */
  static int parseHead(ByteBuf pending, byte[] headBytes, RequestHead head) {
    int readable = pending.readableBytes();
    int n = Math.min(readable, FIRST_LOOK);
    pending.getBytes(pending.readerIndex(), headBytes, 0, n);
    int outcome = head.parse(headBytes, n);
    if (outcome == RequestHead.NEED_MORE && readable > n) {
      n = Math.min(readable, MAX_HEAD_BYTES);
      pending.getBytes(pending.readerIndex(), headBytes, 0, n);
      outcome = head.parse(headBytes, n);
    }
    return outcome == RequestHead.NEED_MORE && readable >= MAX_HEAD_BYTES
        ? RequestHead.HAND_OVER : outcome;
  }

  /**
   * Passes what is pending on to Armeria's handlers (which own the connection from now on), or
   * releases an empty buffer; the caller forgets {@code pending}.
   */
  static void handOver(ChannelHandlerContext ctx, ByteBuf pending) {
    if (pending != null && pending.isReadable()) {
      ctx.fireChannelRead(pending);
      ctx.fireChannelReadComplete();
    } else if (pending != null) {
      pending.release();
    }
  }
}
