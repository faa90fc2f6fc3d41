package dev.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which heads the lean path may serve, forward, or must hand over with the connection. */
class RequestHeadTest {
  private final RequestHead head = new RequestHead();

  private int parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return head.parse(b, b.length);
  }

  @Test
  void parsesTheFramingAndContentHeaders() {
    assertThat(parse("POST /api/v1/write HTTP/1.1\r\nHost: x\r\ncontent-LENGTH:  42 \r\n"
        + "Content-Type: application/x-protobuf\r\nContent-Encoding:snappy\r\n\r\nbody"))
        .isEqualTo(RequestHead.PARSED);
    assertThat(head.contentLength).isEqualTo(42);
    assertThat(head.contentType).isEqualTo("application/x-protobuf");
    assertThat(head.contentEncoding).isEqualTo("snappy");
    assertThat(head.lean).isTrue();
    assertThat(head.close).isFalse();
    assertThat(head.lineLength).isEqualTo("POST /api/v1/write HTTP/1.1\r\n".length());
    assertThat(head.headLength).isEqualTo(("POST /api/v1/write HTTP/1.1\r\nHost: x\r\n"
        + "content-LENGTH:  42 \r\nContent-Type: application/x-protobuf\r\n"
        + "Content-Encoding:snappy\r\n\r\n").length());
    assertThat(head.lineEquals(
        "POST /api/v1/write HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII),
        "POST /api/v1/write HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
    // the next request of the connection forgets the previous one's headers
    assertThat(parse("GET /x HTTP/1.1\r\nConnection: Close\r\n\r\n")).isEqualTo(RequestHead.PARSED);
    assertThat(head.contentLength).isEqualTo(-1);
    assertThat(head.contentType).isNull();
    assertThat(head.close).isTrue();
  }


  @Test
  void waitsForTheWholeHead() {
    assertThat(parse("POST /api/v1/write HTTP/1.1\r\nContent-Length: 4\r\n"))
        .isEqualTo(RequestHead.NEED_MORE);
    assertThat(parse("POS")).isEqualTo(RequestHead.NEED_MORE);
  }

  @Test
  void handsOverWhatArmeriaMustJudge() {
    for (String s : new String[] {
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        "POST /api/v1/write HTTP/1.0\r\nContent-Length: 1\r\n\r\n",
        "POST /api/v1/write HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST /api/v1/write HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n",
        "GET / HTTP/1.1\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n",
        "POST /api/v1/write HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
        "POST /api/v1/write HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "POST /api/v1/write HTTP/1.1\r\nContent-Length : 1\r\n\r\n",
        "POST /api/v1/write HTTP/1.1\r\nno colon\r\n\r\n",
        "\u0016\u0003\u0001 tls hello",
        "post /api/v1/write HTTP/1.1\r\n\r\n"}) {
      assertThat(parse(s)).as(s).isEqualTo(RequestHead.HAND_OVER);
    }
  }

  @Test
  void originOrRepeatedTypeLeavesOnlyThisRequestToArmeria() {
    assertThat(parse("POST /w HTTP/1.1\r\nOrigin: http://a\r\nContent-Length: 0\r\n\r\n"))
        .isEqualTo(RequestHead.PARSED);
    assertThat(head.lean).isFalse();
    assertThat(parse("POST /w HTTP/1.1\r\nContent-Type: a\r\nContent-Type: b\r\n\r\n"))
        .isEqualTo(RequestHead.PARSED);
    assertThat(head.lean).isFalse();
  }
}
