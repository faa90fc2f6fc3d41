package dev.vigil.alerting.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Quoted-printable and Q-encoding with the output of Go's mime packages. */
class MimeTextTest {
  private static String qp(String s) {
    return new String(MimeText.quotedPrintable(s), StandardCharsets.US_ASCII);
  }

  @Test
  void quotedPrintableSoftBreaksAt76() {
    String a100 = "a".repeat(100);
    assertThat(qp(a100)).isEqualTo("a".repeat(75) + "=\r\n" + "a".repeat(25));
    // an escape never straddles the limit: 73 plain bytes leave no room for "=3D" before the soft break
    assertThat(qp("a".repeat(73) + "=")).isEqualTo("a".repeat(73) + "=\r\n=3D");
    assertThat(qp("a".repeat(72) + "=")).isEqualTo("a".repeat(72) + "=3D");
  }

  @Test
  void quotedPrintableLineEndsAndWhitespace() {
    assertThat(qp("x \ny\t\r\nz\rw ")).isEqualTo("x=20\r\ny=09\r\nz\r\nw=20");
    assertThat(qp("ü=é")).isEqualTo("=C3=BC=3D=C3=A9");
    assertThat(qp("plain text, tabs\tand spaces ok")).isEqualTo("plain text, tabs\tand spaces ok");
  }

  @Test
  void headerWordsOnlyWhenNeeded() {
    assertThat(MimeText.qEncodeHeader("[FIRING:1] Down (api)")).isEqualTo("[FIRING:1] Down (api)");
    assertThat(MimeText.qEncodeHeader("Subj firing ü")).isEqualTo("=?utf-8?q?Subj_firing_=C3=BC?=");
    assertThat(MimeText.qEncodeHeader("a?b_c=ü")).isEqualTo("=?utf-8?q?a=3Fb=5Fc=3D=C3=BC?=");
    String longSubject = "ü".repeat(30);
    String enc = MimeText.qEncodeHeader(longSubject);
    for (String word : enc.split(" ")) {
      assertThat(word.length()).isLessThanOrEqualTo(75);
      assertThat(word).startsWith("=?utf-8?q?").endsWith("?=");
    }
    assertThat(enc.replace("?= =?utf-8?q?", "")).isEqualTo("=?utf-8?q?" + "=C3=BC".repeat(30) + "?=");
  }
}
