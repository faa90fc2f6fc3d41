package dev.vigil.alerting;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A fake SMTP server on 127.0.0.1 (random port) that accepts every message and records it:
 * EHLO/HELO, STARTTLS with a self-signed certificate made by the JDK's keytool at test time, AUTH
 * PLAIN/LOGIN/CRAM-MD5 (checking the credentials it is given), MAIL, RCPT, DATA (dot-unstuffed),
 * RSET, NOOP, QUIT.
 */
final class SmtpRecorder implements AutoCloseable {
  /** One accepted message: whether TLS was on, the AUTH exchange, envelope and data. */
  record Message(boolean tls, String auth, String helo, String mailFrom, List<String> rcptTo, String data) {}

  private final ServerSocket server;
  private final SSLContext tls;
  private final String mechanisms;
  private final String user;
  private final String password;
  private final List<Message> messages = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  SmtpRecorder(SSLContext tls, String mechanisms, String user, String password) throws Exception {
    this.mechanisms = mechanisms;
    this.user = user;
    this.password = password;
    this.tls = tls;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread.ofVirtual().start(() -> serve(s));
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  int port() {
    return server.getLocalPort();
  }

  static SSLContext selfSigned(Path dir) throws Exception {
    Path ks = dir.resolve("smtp-" + System.nanoTime() + ".p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "secret123",
        "-keypass", "secret123", "-alias", "smtp", "-keyalg", "EC", "-dname", "CN=localhost",
        "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + out);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(ks)) {
      store.load(in, "secret123".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "secret123".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  synchronized List<Message> messages() {
    return new ArrayList<>(messages);
  }

  synchronized List<String> failures() {
    return new ArrayList<>(failures);
  }

  synchronized List<Message> await(int n, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (messages.size() < n) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    return new ArrayList<>(messages);
  }

  private final class Session {
    Socket socket;
    BufferedReader in;
    OutputStream out;
    boolean secure;
    String auth = "";
    String helo = "";
    String from;
    List<String> rcpt = new ArrayList<>();

    void attach(Socket s) throws IOException {
      socket = s;
      in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      out = s.getOutputStream();
    }

    void reply(String text) throws IOException {
      out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private void serve(Socket s) {
    Session ses = new Session();
    try {
      ses.attach(s);
      s.setSoTimeout(10_000);
      ses.reply("220 fake.test ESMTP ready");
      String line;
      while ((line = ses.in.readLine()) != null) {
        String upper = line.toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("EHLO ")) {
          ses.helo = line.substring(5);
          List<String> ext = new ArrayList<>(List.of("fake.test greets you", "8BITMIME"));
          if (!ses.secure) {
            ext.add("STARTTLS");
          }
          if (!mechanisms.isEmpty()) {
            ext.add("AUTH " + mechanisms);
          }
          for (int i = 0; i < ext.size(); i++) {
            ses.reply("250" + (i == ext.size() - 1 ? " " : "-") + ext.get(i));
          }
        } else if (upper.startsWith("HELO ")) {
          ses.helo = line.substring(5);
          ses.reply("250 fake.test");
        } else if (upper.equals("STARTTLS")) {
          ses.reply("220 go ahead");
          SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(ses.socket, null, ses.socket.getPort(), true);
          t.setUseClientMode(false);
          t.startHandshake();
          ses.secure = true;
          ses.attach(t);
        } else if (upper.startsWith("AUTH ")) {
          auth(ses, line.substring(5));
        } else if (upper.startsWith("MAIL FROM:")) {
          ses.from = line.substring(10);
          ses.rcpt = new ArrayList<>();
          ses.reply("250 ok");
        } else if (upper.startsWith("RCPT TO:")) {
          ses.rcpt.add(line.substring(8));
          ses.reply("250 ok");
        } else if (upper.equals("DATA")) {
          ses.reply("354 end with .");
          StringBuilder data = new StringBuilder();
          String l;
          while ((l = ses.in.readLine()) != null && !l.equals(".")) {
            data.append(l.startsWith(".") ? l.substring(1) : l).append("\r\n");
          }
          synchronized (this) {
            messages.add(new Message(ses.secure, ses.auth, ses.helo, ses.from, List.copyOf(ses.rcpt), data.toString()));
            notifyAll();
          }
          ses.reply("250 queued");
        } else if (upper.equals("QUIT")) {
          ses.reply("221 bye");
          return;
        } else if (upper.equals("RSET") || upper.equals("NOOP")) {
          ses.reply("250 ok");
        } else {
          ses.reply("502 unknown command");
        }
      }
    } catch (Exception e) {
      synchronized (this) {
        failures.add(e.toString());
      }
    } finally {
      try {
        ses.socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private void auth(Session ses, String args) throws Exception {
    String[] a = args.split(" ", 2);
    Base64.Decoder dec = Base64.getDecoder();
    Base64.Encoder enc = Base64.getEncoder();
    boolean ok;
    switch (a[0].toUpperCase(java.util.Locale.ROOT)) {
      case "PLAIN" -> {
        String resp = a.length > 1 ? a[1] : readChallengeAnswer(ses, "");
        String[] f = new String(dec.decode(resp), StandardCharsets.UTF_8).split("\0", -1);
        ses.auth = "PLAIN " + String.join("|", f);
        ok = f.length == 3 && f[1].equals(user) && f[2].equals(password);
      }
      case "LOGIN" -> {
        String u = new String(dec.decode(readChallengeAnswer(ses, enc.encodeToString("Username:".getBytes()))), StandardCharsets.UTF_8);
        String p = new String(dec.decode(readChallengeAnswer(ses, enc.encodeToString("Password:".getBytes()))), StandardCharsets.UTF_8);
        ses.auth = "LOGIN " + u + "|" + p;
        ok = u.equals(user) && p.equals(password);
      }
      case "CRAM-MD5" -> {
        String challenge = "<1896.697170952@fake.test>";
        String r = new String(dec.decode(readChallengeAnswer(ses, enc.encodeToString(challenge.getBytes()))), StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        String want = user + " " + java.util.HexFormat.of().formatHex(mac.doFinal(challenge.getBytes(StandardCharsets.UTF_8)));
        ses.auth = "CRAM-MD5 " + r;
        ok = r.equals(want);
      }
      default -> {
        ses.reply("504 unrecognized authentication type");
        return;
      }
    }
    ses.reply(ok ? "235 authenticated" : "535 authentication failed");
  }

  private static String readChallengeAnswer(Session ses, String challenge) throws IOException {
    ses.reply("334 " + challenge);
    return ses.in.readLine();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
