package dev.vigil.alerting.email;

import dev.vigil.alerting.config.IntegrationConfig;
import dev.vigil.alerting.notify.Integration;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.alerting.template.FieldRenderer;
import dev.vigil.alerting.template.NotificationData;
import dev.vigil.alerting.template.NotificationTemplates;
import dev.vigil.common.template.TemplateException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends notifications by e-mail as Alertmanager 0.25's email notifier does: connects to the
 * smarthost (implicit TLS on port 465), EHLO with {@code hello}, STARTTLS — required unless
 * {@code require_tls: false} — then AUTH when the server offers it and {@code auth_username} is
 * set (CRAM-MD5 with {@code auth_secret}, PLAIN with identity and password, LOGIN), MAIL, one RCPT
 * per {@code to} address and DATA: the configured headers (Subject, To and From by default,
 * Q-encoded when not plain ASCII), Message-Id, Date, and a multipart/alternative body with the
 * quoted-printable text part first (when {@code text} is set) and the HTML part last (Vigil's
 * default HTML unless {@code html} is set). Connection and SMTP errors are retried, template and
 * address errors are not. Thread-safe (one connection per delivery).
 */
public final class EmailIntegration implements Integration {
  private static final DateTimeFormatter RFC1123Z =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final IntegrationConfig config;
  private final int index;
  private final String externalUrl;
  private final NotificationTemplates templates;
  private final Map<String, String> headers;
  private final SecureRandom random = new SecureRandom();

  public EmailIntegration(IntegrationConfig config, int index, String externalUrl, NotificationTemplates templates) {
    this.config = config;
    this.index = index;
    this.externalUrl = externalUrl;
    this.templates = templates;
    Map<String, String> h = new TreeMap<>();
    config.stringMap("headers").forEach((k, v) -> h.put(canonical(k), v));
    h.putIfAbsent("Subject", "{{ template \"email.default.subject\" . }}");
    h.putIfAbsent("To", config.string("to", ""));
    h.putIfAbsent("From", config.string("from", ""));
    this.headers = h;
  }

  /** The local host name for Message-Id, looked up once and only when a mail is sent (DNS may be slow). */
  private static final class LocalHost {
    static final String NAME = lookup();

    private static String lookup() {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return "localhost.localdomain";
      }
    }
  }

  @Override
  public String type() {
    return "email";
  }

  @Override
  public int index() {
    return index;
  }

  @Override
  public boolean sendResolved() {
    return config.sendResolved();
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    HostPort smarthost = HostPort.parse(config.string("smarthost", ""));
    Duration timeout = n.timeLeft(Duration.ofMinutes(1));
    SmtpClient c;
    try {
      c = connect(smarthost, (int) Math.max(1, timeout.toMillis()));
    } catch (IOException | SmtpException e) {
      throw new NotifyException((smarthost.port().equals("465") ? "establish TLS connection to server: "
          : "establish connection to server: ") + e.getMessage(), true, e);
    }
    try (c) {
      deliver(c, smarthost, n);
      try {
        c.quit();
      } catch (IOException | SmtpException e) {
        // delivered; a failing QUIT changes nothing
      }
    } catch (IOException e) {
      throw new NotifyException(e.getMessage(), true, e);
    }
  }

  private SmtpClient connect(HostPort hp, int timeoutMs) throws IOException, SmtpException, NotifyException {
    Socket s;
    if (hp.port().equals("465")) {
      javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) tlsFactory().createSocket();
      if (EmailTls.verifyHost(config)) {
        SmtpClient.verifyHost(ssl);
      }
      s = ssl;
    } else {
      s = new Socket();
    }
    s.connect(new InetSocketAddress(hp.host(), hp.portNumber()), timeoutMs);
    s.setSoTimeout(timeoutMs);
    try {
      return new SmtpClient(s, hp.host());
    } catch (IOException | SmtpException e) {
      s.close();
      throw e;
    }
  }

  private void deliver(SmtpClient c, HostPort smarthost, Notification n) throws IOException, NotifyException {
    String hello = config.string("hello", "localhost");
    try {
      c.hello(hello);
    } catch (SmtpException e) {
      throw new NotifyException("send EHLO command: " + e.getMessage(), true, e);
    }
    if (config.bool("require_tls", true) && !c.isTls()) {
      if (!c.extension("STARTTLS")) {
        throw new NotifyException("'require_tls' is true (default) but \"" + smarthost
            + "\" does not advertise the STARTTLS extension", true);
      }
      try {
        c.startTls(tlsFactory(), EmailTls.verifyHost(config), hello);
      } catch (SmtpException | IOException e) {
        throw new NotifyException("send STARTTLS command: " + e.getMessage(), true, e);
      }
    }
    if (c.extension("AUTH")) {
      SmtpAuth.authenticate(c, config, smarthost.host());
    }
    NotificationData data = NotificationData.of(n, externalUrl);
    FieldRenderer r = new FieldRenderer(templates, data);
    String from = r.text(config.string("from", ""));
    if (r.error() != null) {
      throw new NotifyException("execute 'from' template: " + r.error().getMessage(), false, r.error());
    }
    String to = r.text(config.string("to", ""));
    if (r.error() != null) {
      throw new NotifyException("execute 'to' template: " + r.error().getMessage(), false, r.error());
    }
    List<String> fromAddrs = Addresses.parse(from, "from");
    if (fromAddrs.size() != 1) {
      throw new NotifyException("must be exactly one 'from' address (got: " + fromAddrs.size() + ")", false);
    }
    try {
      c.mail(fromAddrs.get(0));
    } catch (SmtpException e) {
      throw new NotifyException("send MAIL command: " + e.getMessage(), true, e);
    }
    for (String addr : Addresses.parse(to, "to")) {
      try {
        c.rcpt(addr);
      } catch (SmtpException e) {
        throw new NotifyException("send RCPT command: " + e.getMessage(), true, e);
      }
    }
    byte[] message = message(data, n);
    try {
      c.data(message);
    } catch (SmtpException e) {
      throw new NotifyException("send DATA command: " + e.getMessage(), true, e);
    }
  }

  private byte[] message(NotificationData data, Notification n) throws NotifyException {
    StringBuilder head = new StringBuilder();
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String value;
      try {
        value = templates.text(h.getValue(), data);
      } catch (TemplateException e) {
        throw new NotifyException("execute \"" + h.getKey() + "\" header template: " + e.getMessage(), false, e);
      }
      head.append(h.getKey()).append(": ").append(MimeText.qEncodeHeader(value)).append("\r\n");
    }
    if (!headers.containsKey("Message-Id")) {
      long nanos = n.now().getEpochSecond() * 1_000_000_000L + n.now().getNano();
      head.append("Message-Id: <").append(nanos).append('.').append(Long.toUnsignedString(random.nextLong()))
          .append('@').append(LocalHost.NAME).append(">\r\n");
    }
    byte[] b = new byte[30];
    random.nextBytes(b);
    String boundary = java.util.HexFormat.of().formatHex(b);
    head.append("Date: ").append(RFC1123Z.format(n.now())).append("\r\n");
    head.append("Content-Type: multipart/alternative;  boundary=").append(boundary).append("\r\n");
    head.append("MIME-Version: 1.0\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    boolean first = true;
    String text = config.string("text", "");
    if (!text.isEmpty()) {
      String body;
      try {
        body = templates.text(text, data);
      } catch (TemplateException e) {
        throw new NotifyException("execute text template: " + e.getMessage(), false, e);
      }
      part(out, boundary, first, "text/plain; charset=UTF-8", body);
      first = false;
    }
    String html = config.string("html", "{{ template \"email.default.html\" . }}");
    if (!html.isEmpty()) {
      String body;
      try {
        body = templates.html(html, data);
      } catch (TemplateException e) {
        throw new NotifyException("execute html template: " + e.getMessage(), false, e);
      }
      part(out, boundary, first, "text/html; charset=UTF-8", body);
      first = false;
    }
    out.writeBytes(((first ? "--" : "\r\n--") + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static void part(ByteArrayOutputStream out, String boundary, boolean first, String type, String body) {
    String h = (first ? "--" : "\r\n--") + boundary + "\r\n"
        + "Content-Transfer-Encoding: quoted-printable\r\n"
        + "Content-Type: " + type + "\r\n\r\n";
    out.writeBytes(h.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(MimeText.quotedPrintable(body));
  }

  private SSLSocketFactory tlsFactory() throws NotifyException {
    return EmailTls.factory(config);
  }

  /** Go's textproto.CanonicalMIMEHeaderKey-like title casing of a header name ("message-id" -> "Message-Id"). */
  static String canonical(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = true;
    for (char ch : name.toCharArray()) {
      sb.append(upper ? Character.toUpperCase(ch) : ch);
      upper = !Character.isLetterOrDigit(ch);
    }
    return sb.toString();
  }

  /** The smarthost as host and port. */
  record HostPort(String host, String port) {
    static HostPort parse(String s) {
      int i = s.lastIndexOf(':');
      if (i < 0) {
        return new HostPort(s, "");
      }
      String h = s.substring(0, i);
      if (h.startsWith("[") && h.endsWith("]")) {
        h = h.substring(1, h.length() - 1);
      }
      return new HostPort(h, s.substring(i + 1));
    }

    int portNumber() {
      try {
        return Integer.parseInt(port);
      } catch (NumberFormatException e) {
        return 25;
      }
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  static String readSecret(IntegrationConfig c, String key) throws NotifyException {
    String v = c.string(key, null);
    if (v != null) {
      return v;
    }
    String file = c.string(key + "_file", null);
    if (file == null) {
      return "";
    }
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      throw new NotifyException("could not read " + file + ": " + e.getMessage(), true, e);
    }
  }
}
