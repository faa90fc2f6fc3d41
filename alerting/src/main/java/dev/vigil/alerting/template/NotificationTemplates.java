package dev.vigil.alerting.template;

import dev.vigil.alerting.config.ConfigException;
import dev.vigil.common.template.MissingKey;
import dev.vigil.common.template.TemplateException;
import dev.vigil.common.template.TemplateSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The notification templates of one configuration: Vigil's defaults ({@code default.tmpl} beside
 * this class, the template names Alertmanager users know) overlaid with the files the {@code
 * templates:} globs name, parsed twice as Alertmanager does — once for text and once for HTML
 * (e-mail bodies), where output is HTML-escaped.
 *
 * <p>{@link #text} and {@link #html} execute a configured field (a template text such as
 * {@code {{ template "slack.default.title" . }}}) against the data, as Alertmanager's
 * {@code ExecuteTextString}/{@code ExecuteHTMLString}: an empty text gives "", missing keys
 * print as zero values, errors carry Go's text/template messages.
 *
 * <p>Thread-safe: each execution parses its field into a builder under a lock, then runs on an
 * immutable snapshot.
 */
public final class NotificationTemplates {
  private static final String DEFAULTS = "default.tmpl";

  private final TemplateSet.Builder textBuilder;
  private final TemplateSet.Builder htmlBuilder;

  private NotificationTemplates(TemplateSet.Builder text, TemplateSet.Builder html) {
    this.textBuilder = text;
    this.htmlBuilder = html;
  }

  /** Vigil's default templates only. */
  public static NotificationTemplates defaults() {
    return load(List.of());
  }

  /**
   * The defaults plus every file the globs match (sorted per glob, later definitions win).
   * @throws ConfigException naming the glob or the template error
   */
  public static NotificationTemplates load(List<String> globs) {
    TemplateSet.Builder text = builder(false);
    TemplateSet.Builder html = builder(true);
    String defaults = defaultText();
    try {
      text.parse(DEFAULTS, defaults);
      html.parse(DEFAULTS, defaults);
    } catch (TemplateException e) {
      throw new IllegalStateException("vigil's default templates do not parse: " + e.getMessage(), e);
    }
    for (String glob : globs) {
      for (Path file : glob(glob)) {
        String content;
        try {
          content = Files.readString(file);
        } catch (IOException e) {
          throw new ConfigException("open " + file + ": " + e.getMessage());
        }
        try {
          String name = file.getFileName().toString();
          text.parse(name, content);
          html.parse(name, content);
        } catch (TemplateException e) {
          throw new ConfigException(e.getMessage());
        }
      }
    }
    return new NotificationTemplates(text, html);
  }

  private static TemplateSet.Builder builder(boolean html) {
    return TemplateSet.builder().functions(NotificationFunctions.all()).missingKey(MissingKey.ZERO).escapeHtml(html);
  }

  /** The text of Vigil's default templates, as shipped. */
  public static String defaultText() {
    try (InputStream in = NotificationTemplates.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("resource " + DEFAULTS + " missing beside " + NotificationTemplates.class);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Executes a template text for a plain-text field. */
  public String text(String template, Object data) throws TemplateException {
    return execute(textBuilder, template, data);
  }

  /** Executes a template text for an HTML body: printed values are HTML-escaped. */
  public String html(String template, Object data) throws TemplateException {
    return execute(htmlBuilder, template, data);
  }

  private static String execute(TemplateSet.Builder b, String template, Object data) throws TemplateException {
    if (template == null || template.isEmpty()) {
      return "";
    }
    TemplateSet set;
    synchronized (b) {
      set = b.parse("", template).build();
    }
    return set.execute("", data);
  }

  /** Go's filepath.Glob for a pattern whose wildcards are in the last path element. */
  static List<Path> glob(String pattern) {
    if (pattern.isEmpty()) {
      return List.of();
    }
    Path p = Path.of(pattern);
    Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
    String name = p.getFileName().toString();
    if (name.chars().noneMatch(c -> c == '*' || c == '?' || c == '[')) {
      return Files.exists(p) ? List.of(p) : List.of();
    }
    PathMatcher m;
    try {
      m = dir.getFileSystem().getPathMatcher("glob:" + name.replace("{", "\\{").replace("}", "\\}"));
    } catch (RuntimeException e) {
      throw new ConfigException("syntax error in pattern");
    }
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path f : ds) {
        if (m.matches(f.getFileName()) && !Files.isDirectory(f)) {
          out.add(f);
        }
      }
    } catch (IOException e) {
      throw new ConfigException("open " + dir + ": " + e.getMessage());
    }
    out.sort(null);
    return out;
  }
}
