package dev.vigil.alerting.email;

import dev.vigil.alerting.config.IntegrationConfig;
import dev.vigil.alerting.notify.NotifyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Chooses and runs the SMTP AUTH mechanism as Alertmanager does: nothing without {@code
 * auth_username}; otherwise the first of the server's mechanisms the configuration can serve —
 * CRAM-MD5 (needs {@code auth_secret}), PLAIN (needs a password; refused over a plain connection to
 * a host other than localhost, as Go's PlainAuth refuses), LOGIN (needs a password). Stateless.
 */
final class SmtpAuth {
  private SmtpAuth() {}

  static void authenticate(SmtpClient c, IntegrationConfig cfg, String host) throws IOException, NotifyException {
    String username = cfg.string("auth_username", "");
    if (username.isEmpty()) {
      return;
    }
    String mechs = c.extensionParams("AUTH");
    List<String> errors = new ArrayList<>();
    for (String mech : mechs.split(" ")) {
      switch (mech) {
        case "CRAM-MD5" -> {
          String secret = cfg.string("auth_secret", "");
          if (secret.isEmpty()) {
            errors.add("missing secret for CRAM-MD5 auth mechanism");
            continue;
          }
          run(c, "*smtp.cramMD5Auth", () -> c.auth("CRAM-MD5", null, challenge -> {
            String digest = java.util.HexFormat.of().formatHex(hmacMd5(secret, challenge));
            return (username + " " + digest).getBytes(StandardCharsets.UTF_8);
          }));
          return;
        }
        case "PLAIN" -> {
          String password = EmailIntegration.readSecret(cfg, "auth_password");
          if (password.isEmpty()) {
            errors.add("missing password for PLAIN auth mechanism");
            continue;
          }
          if (!c.isTls() && !(host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1"))) {
            throw new NotifyException("*smtp.plainAuth auth: unencrypted connection", true);
          }
          String identity = cfg.string("auth_identity", "");
          byte[] initial = (identity + "\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8);
          run(c, "*smtp.plainAuth", () -> c.auth("PLAIN", initial, challenge -> {
            throw new SmtpException(0, "unexpected server challenge");
          }));
          return;
        }
        case "LOGIN" -> {
          String password = EmailIntegration.readSecret(cfg, "auth_password");
          if (password.isEmpty()) {
            errors.add("missing password for LOGIN auth mechanism");
            continue;
          }
          run(c, "*email.loginAuth", () -> c.auth("LOGIN", null, challenge -> {
            String prompt = new String(challenge, StandardCharsets.UTF_8);
            return switch (prompt) {
              case "Username:" -> username.getBytes(StandardCharsets.UTF_8);
              case "Password:" -> password.getBytes(StandardCharsets.UTF_8);
              default -> throw new SmtpException(0, "unexpected server challenge");
            };
          }));
          return;
        }
        default -> { }
      }
    }
    if (errors.isEmpty()) {
      errors.add("unknown auth mechanism: " + mechs);
    }
    throw new NotifyException("find auth mechanism: " + String.join("; ", errors), true);
  }

  private interface Exchange {
    void run() throws IOException, SmtpException;
  }

  private static void run(SmtpClient c, String type, Exchange e) throws IOException, NotifyException {
    try {
      e.run();
    } catch (SmtpException ex) {
      throw new NotifyException(type + " auth: " + ex.getMessage(), true, ex);
    }
  }

  private static byte[] hmacMd5(String secret, byte[] challenge) {
    try {
      Mac mac = Mac.getInstance("HmacMD5");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
      return mac.doFinal(challenge);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacMD5 unavailable: " + e.getMessage(), e);
    }
  }
}
