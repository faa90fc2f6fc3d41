package dev.vigil.alerting.email;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.config.IntegrationConfig;
import dev.vigil.alerting.notify.NotifyException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS client settings of an e-mail integration's {@code tls_config}: {@code ca_file} (PEM
 * certificates trusted instead of the JDK's), {@code insecure_skip_verify}. Stateless.
 */
final class EmailTls {
  private EmailTls() {}

  static SSLSocketFactory factory(IntegrationConfig c) throws NotifyException {
    ObjectNode tls = c.settings().get("tls_config") instanceof ObjectNode o ? o : null;
    boolean insecure = tls != null && Boolean.parseBoolean(IntegrationConfig.string(tls, "insecure_skip_verify", "false"));
    String caFile = IntegrationConfig.string(tls, "ca_file", null);
    try {
      if (insecure) {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        return ctx.getSocketFactory();
      }
      if (caFile != null) {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(caFile))) {
          int i = 0;
          for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            ks.setCertificateEntry("ca" + i++, cert);
          }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
        return ctx.getSocketFactory();
      }
      return (SSLSocketFactory) SSLSocketFactory.getDefault();
    } catch (Exception e) {
      throw new NotifyException("parse TLS configuration: " + e.getMessage(), false, e);
    }
  }

  static boolean verifyHost(IntegrationConfig c) {
    ObjectNode tls = c.settings().get("tls_config") instanceof ObjectNode o ? o : null;
    return tls == null || !Boolean.parseBoolean(IntegrationConfig.string(tls, "insecure_skip_verify", "false"));
  }

  /** Accepts any certificate: what insecure_skip_verify asks for. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
