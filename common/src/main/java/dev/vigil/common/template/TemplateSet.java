package dev.vigil.common.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parsed Go text/templates that can call each other by name, the Java counterpart of a Go
 * {@code *template.Template} with its associated templates.
 *
 * <p>Build one with {@link #builder()}: set the function map, delimiters and missing-key option,
 * then {@link Builder#parse} one or more texts; each text defines a template under the given name
 * plus every {@code {{define}}} and {@code {{block}}} in it. As in Go, a later non-empty
 * definition replaces an earlier one, and an empty one never replaces a non-empty one; two
 * non-empty definitions of a name in the same text are an error.
 *
 * <pre>{@code
 * TemplateSet t = TemplateSet.builder()
 *     .function("upper", a -> ((String) a.get(0)).toUpperCase())
 *     .missingKey(MissingKey.ZERO)
 *     .parse("alert", "{{ .Labels.job | upper }} is {{ printf \"%.2f\" .Value }}")
 *     .build();
 * String s = t.execute("alert", Map.of("Labels", Map.of("job", "api"), "Value", 0.5));
 * }</pre>
 *
 * <p>Immutable and thread-safe: executions share nothing but the parsed trees and the function
 * map (whose functions must be thread-safe).
 */
public final class TemplateSet {
  private final String name;
  private final Map<String, Tree> trees;
  private final Map<String, TemplateFunction> funcs;
  private final MissingKey missingKey;
  private final boolean escapeHtml;

  private TemplateSet(Builder b) {
    this.escapeHtml = b.escapeHtml;
    this.name = b.name;
    this.trees = Collections.unmodifiableMap(new LinkedHashMap<>(b.trees));
    this.funcs = Map.copyOf(b.funcs);
    this.missingKey = b.missingKey;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Parses one text with default options and the given functions. */
  public static TemplateSet parse(String name, String text, Map<String, TemplateFunction> funcs)
      throws TemplateException {
    return builder().functions(funcs).parse(name, text).build();
  }

  /** The name of the first parsed template, executed by {@link #execute(Object)}. */
  public String name() {
    return name;
  }

  /** The names of all templates in the set, sorted. */
  public Set<String> names() {
    return Collections.unmodifiableSet(new TreeSet<>(trees.keySet()));
  }

  public boolean has(String templateName) {
    return trees.containsKey(templateName);
  }

  public MissingKey missingKey() {
    return missingKey;
  }

  /** Whether action output is HTML-escaped (see {@link Builder#escapeHtml}). */
  public boolean escapeHtml() {
    return escapeHtml;
  }

  Tree tree(String templateName) {
    return trees.get(templateName);
  }

  TemplateFunction function(String fn) {
    return funcs.get(fn);
  }

  /** Executes the first parsed template. */
  public String execute(Object data) throws TemplateException {
    return execute(name, data);
  }

  /** Executes the named template with {@code data} as dot and returns the output. */
  public String execute(String templateName, Object data) throws TemplateException {
    StringBuilder out = new StringBuilder();
    execute(out, templateName, data);
    return out.toString();
  }

  /**
   * Executes the named template and appends its output to {@code out}. On error nothing is
   * appended (Go writes what it produced before the error; callers here get all or nothing).
   */
  public void execute(Appendable out, String templateName, Object data) throws TemplateException {
    Objects.requireNonNull(out, "out");
    Tree tree = trees.get(templateName);
    if (tree == null) {
      throw new TemplateException(
          "template: no template " + GoQuote.quote(String.valueOf(templateName), false)
              + " associated with template " + GoQuote.quote(String.valueOf(name), false),
          false,
          null);
    }
    StringBuilder buf = new StringBuilder();
    try {
      Executor.execute(this, tree, data, buf);
    } catch (Executor.ExecFailure e) {
      throw new TemplateException(e.getMessage(), false, e.getCause());
    }
    try {
      out.append(buf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Collects options and parsed texts. Not thread-safe; {@link #build()} snapshots it, so a
   * builder can go on parsing after a build (Go's Clone-then-Parse pattern).
   */
  public static final class Builder {
    private String name;
    private final Map<String, Tree> trees = new LinkedHashMap<>();
    private final Map<String, TemplateFunction> funcs = new LinkedHashMap<>();
    private String leftDelim = "{{";
    private String rightDelim = "}}";
    private MissingKey missingKey = MissingKey.DEFAULT;
    private boolean escapeHtml;

    private Builder() {}

    /**
     * HTML-escapes what actions print, except {@link SafeHtml} values, and prints nothing for a
     * missing value: Go's html/template in its plain-text context. Contextual escaping inside
     * attributes, URLs, scripts and styles is not modelled; they get the same HTML escaping.
     */
    public Builder escapeHtml(boolean on) {
      this.escapeHtml = on;
      return this;
    }

    /** Adds or replaces a function; must be called before parsing texts that use it. */
    public Builder function(String fnName, TemplateFunction fn) {
      Objects.requireNonNull(fn, "fn");
      if (!isIdentifier(fnName)) {
        throw new IllegalArgumentException("function name " + GoQuote.quote(String.valueOf(fnName), false)
            + " is not a valid identifier");
      }
      funcs.put(fnName, fn);
      return this;
    }

    /** Adds or replaces functions. */
    public Builder functions(Map<String, TemplateFunction> fns) {
      fns.forEach(this::function);
      return this;
    }

    /** Action delimiters; empty strings mean the defaults {@code {{} and {@code }}}. */
    public Builder delims(String left, String right) {
      this.leftDelim = left == null || left.isEmpty() ? "{{" : left;
      this.rightDelim = right == null || right.isEmpty() ? "}}" : right;
      return this;
    }

    public Builder missingKey(MissingKey option) {
      this.missingKey = Objects.requireNonNull(option, "option");
      return this;
    }

    /** Go's Option("missingkey=..."); IllegalArgumentException for unknown options. */
    public Builder option(String option) {
      return missingKey(MissingKey.parseOption(option));
    }

    /** Parses {@code text} as template {@code templateName} and adds its definitions. */
    public Builder parse(String templateName, String text) throws TemplateException {
      Objects.requireNonNull(templateName, "templateName");
      Objects.requireNonNull(text, "text");
      Map<String, Tree> parsed = new LinkedHashMap<>();
      try {
        Parser.parse(templateName, text, leftDelim, rightDelim,
            fn -> funcs.containsKey(fn) || Builtins.isBuiltin(fn), parsed);
      } catch (Parser.ParseFailure e) {
        throw new TemplateException(e.getMessage(), true, null);
      }
      if (name == null) {
        name = templateName;
      }
      for (Tree t : parsed.values()) {
        Tree old = trees.get(t.name());
        if (old != null && t.isEmpty() && !old.isEmpty()) {
          continue;
        }
        trees.put(t.name(), t);
      }
      return this;
    }

    public TemplateSet build() {
      if (name == null) {
        throw new IllegalStateException("no template parsed");
      }
      return new TemplateSet(this);
    }

    private static boolean isIdentifier(String s) {
      if (s == null || s.isEmpty()) {
        return false;
      }
      for (int i = 0; i < s.length(); ) {
        int r = s.codePointAt(i);
        if (!(r == '_' || Character.isLetter(r) || (i > 0 && Character.isDigit(r)))) {
          return false;
        }
        i += Character.charCount(r);
      }
      return true;
    }
  }
}
