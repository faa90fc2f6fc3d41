package dev.vigil.common.template;

import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Go's fmt printing: Sprint, Sprintln and Sprintf with verbs, flags, width, precision, argument
 * indexes and the {@code %!verb(type=value)} error forms. One instance per call; not
 * thread-safe.
 */
final class Printer {
  private static final String LDIGITS = "0123456789abcdefx";
  private static final String UDIGITS = "0123456789ABCDEFX";

  private final StringBuilder buf = new StringBuilder();
  private boolean plus;
  private boolean minus;
  private boolean sharp;
  private boolean space;
  private boolean zero;
  private boolean plusV;
  private boolean sharpV;
  private boolean widPresent;
  private boolean precPresent;
  private int wid;
  private int prec;
  private boolean reordered;
  private boolean goodArgNum;

  private void clearFlags() {
    plus = minus = sharp = space = zero = plusV = sharpV = widPresent = precPresent = false;
    wid = prec = 0;
  }

  static String sprint(List<?> args) {
    Printer p = new Printer();
    boolean prevString = false;
    for (int i = 0; i < args.size(); i++) {
      Object arg = args.get(i);
      boolean isString = arg instanceof String;
      if (i > 0 && !isString && !prevString) {
        p.buf.append(' ');
      }
      p.printArg(arg, 'v');
      prevString = isString;
    }
    return p.buf.toString();
  }

  static String sprintln(List<?> args) {
    Printer p = new Printer();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        p.buf.append(' ');
      }
      p.printArg(args.get(i), 'v');
    }
    p.buf.append('\n');
    return p.buf.toString();
  }

  static String sprintf(String format, List<?> a) {
    Printer p = new Printer();
    p.doPrintf(format, a);
    return p.buf.toString();
  }

  private void doPrintf(String format, List<?> a) {
    int end = format.length();
    int argNum = 0;
    boolean afterIndex;
    reordered = false;
    int i = 0;
    while (i < end) {
      goodArgNum = true;
      int lasti = i;
      while (i < end && format.charAt(i) != '%') {
        i++;
      }
      if (i > lasti) {
        buf.append(format, lasti, i);
      }
      if (i >= end) {
        break;
      }
      i++;
      clearFlags();
      flags:
      for (; i < end; i++) {
        switch (format.charAt(i)) {
          case '#' -> sharp = true;
          case '0' -> zero = !minus;
          case '+' -> plus = true;
          case '-' -> {
            minus = true;
            zero = false;
          }
          case ' ' -> space = true;
          default -> {
            break flags;
          }
        }
      }
      int[] an = argNumber(argNum, format, i, a.size());
      argNum = an[0];
      i = an[1];
      afterIndex = an[2] == 1;
      if (i < end && format.charAt(i) == '*') {
        i++;
        Integer n = intFromArg(a, argNum);
        argNum++;
        if (n == null) {
          widPresent = false;
          buf.append("%!(BADWIDTH)");
        } else {
          wid = n;
          widPresent = true;
          if (wid < 0) {
            wid = -wid;
            minus = true;
            zero = false;
          }
        }
        afterIndex = false;
      } else {
        int[] pn = parseNum(format, i, end);
        wid = pn[0];
        widPresent = pn[1] == 1;
        i = pn[2];
        if (afterIndex && widPresent) {
          goodArgNum = false;
        }
      }
      if (i + 1 <= end && i < end && format.charAt(i) == '.') {
        i++;
        if (afterIndex) {
          goodArgNum = false;
        }
        an = argNumber(argNum, format, i, a.size());
        argNum = an[0];
        i = an[1];
        afterIndex = an[2] == 1;
        if (i < end && format.charAt(i) == '*') {
          i++;
          Integer n = intFromArg(a, argNum);
          argNum++;
          precPresent = n != null;
          prec = n == null ? 0 : n;
          if (prec < 0) {
            prec = 0;
            precPresent = false;
          }
          if (n == null) {
            buf.append("%!(BADPREC)");
          }
          afterIndex = false;
        } else {
          int[] pn = parseNum(format, i, end);
          prec = pn[0];
          precPresent = true;
          i = pn[2];
          if (pn[1] == 0) {
            prec = 0;
          }
        }
      }
      if (!afterIndex) {
        an = argNumber(argNum, format, i, a.size());
        argNum = an[0];
        i = an[1];
      }
      if (i >= end) {
        buf.append("%!(NOVERB)");
        break;
      }
      int verb = format.codePointAt(i);
      i += Character.charCount(verb);
      if (verb == '%') {
        buf.append('%');
      } else if (!goodArgNum) {
        buf.append("%!").appendCodePoint(verb).append("(BADINDEX)");
      } else if (argNum >= a.size()) {
        buf.append("%!").appendCodePoint(verb).append("(MISSING)");
      } else {
        if (verb == 'v') {
          sharpV = sharp;
          sharp = false;
          plusV = plus;
          plus = false;
        }
        printArg(a.get(argNum), verb);
        argNum++;
      }
    }
    if (!reordered && argNum < a.size()) {
      clearFlags();
      buf.append("%!(EXTRA ");
      for (int k = argNum; k < a.size(); k++) {
        if (k > argNum) {
          buf.append(", ");
        }
        Object arg = a.get(k);
        if (arg == null) {
          buf.append("<nil>");
        } else {
          buf.append(GoValues.typeName(arg)).append('=');
          printArg(arg, 'v');
        }
      }
      buf.append(')');
    }
  }

  /** Returns {argNum, newIndex, found(1/0)}. */
  private int[] argNumber(int argNum, String format, int i, int numArgs) {
    if (format.length() <= i || format.charAt(i) != '[') {
      return new int[] {argNum, i, 0};
    }
    reordered = true;
    String f = format.substring(i);
    int index = 0;
    int width = 1;
    boolean ok = false;
    if (f.length() >= 3) {
      for (int k = 1; k < f.length(); k++) {
        if (f.charAt(k) == ']') {
          int[] pn = parseNum(f, 1, k);
          if (pn[1] == 0 || pn[2] != k) {
            width = k + 1;
          } else {
            index = pn[0] - 1;
            width = k + 1;
            ok = true;
          }
          break;
        }
      }
    }
    if (ok && index >= 0 && index < numArgs) {
      return new int[] {index, i + width, 1};
    }
    goodArgNum = false;
    return new int[] {argNum, i + width, ok ? 1 : 0};
  }

  /** Returns {num, isNum(1/0), newIndex}. */
  private static int[] parseNum(String s, int start, int end) {
    if (start >= end) {
      return new int[] {0, 0, end};
    }
    int num = 0;
    boolean isNum = false;
    int i = start;
    for (; i < end && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
      if (num > 1_000_000) {
        return new int[] {0, 0, end};
      }
      num = num * 10 + (s.charAt(i) - '0');
      isNum = true;
    }
    return new int[] {num, isNum ? 1 : 0, i};
  }

  private static Integer intFromArg(List<?> a, int argNum) {
    if (argNum >= a.size()) {
      return null;
    }
    Object v = a.get(argNum);
    if (GoValues.isInt(v)) {
      long n = ((Number) v).longValue();
      if (n > 1_000_000 || n < -1_000_000) {
        return null;
      }
      return (int) n;
    }
    return null;
  }

  void printArg(Object arg, int verb) {
    if (arg == null) {
      if (verb == 'T' || verb == 'v') {
        padString("<nil>");
      } else {
        badVerb(verb, null);
      }
      return;
    }
    if (verb == 'T') {
      fmtS(GoValues.typeName(arg));
      return;
    }
    printValue(arg, verb, 0);
  }

  private void printValue(Object v, int verb, int depth) {
    switch (v) {
      case null -> {
        if (verb == 'v') {
          padString("<nil>");
        } else {
          badVerb(verb, null);
        }
      }
      case Boolean b -> {
        if (verb == 't' || verb == 'v') {
          padString(b ? "true" : "false");
        } else {
          badVerb(verb, v);
        }
      }
      case Double d -> fmtFloat(d, 64, verb, v);
      case Float f -> fmtFloat(f, 32, verb, v);
      case BigInteger b -> {
        if (verb == 'v' || verb == 'd') {
          padString(b.toString());
        } else if (verb == 'x' || verb == 'X') {
          String s = b.toString(16);
          padString(verb == 'X' ? s.toUpperCase(java.util.Locale.ROOT) : s);
        } else {
          badVerb(verb, v);
        }
      }
      case Number n when GoValues.isInt(n) -> fmtInteger(n.longValue(), verb, v);
      case String s -> fmtString(s, verb);
      case TypedMap m -> printMap(m, verb, depth);
      case Map<?, ?> m -> printMap(m, verb, depth);
      case Throwable t -> fmtStringer(String.valueOf(t.getMessage()), verb, v);
      case GoTyped g when !(g instanceof java.util.Collection<?>) -> fmtStringer(String.valueOf(v), verb, v);
      case Record r -> printRecord(r, verb, depth);
      default -> {
        if (GoValues.isSequence(v)) {
          printSequence(v, verb, depth);
        } else {
          fmtStringer(String.valueOf(v), verb, v);
        }
      }
    }
  }

  private void fmtStringer(String s, int verb, Object arg) {
    switch (verb) {
      case 'v', 's', 'x', 'X', 'q' -> fmtString(s, verb);
      default -> badVerb(verb, arg);
    }
  }

  private void printMap(Object m, int verb, int depth) {
    if (sharpV) {
      buf.append(GoValues.typeName(m)).append('{');
    } else {
      buf.append("map[");
    }
    Map<?, ?> entries = GoValues.mapEntries(m);
    boolean first = true;
    for (Object k : GoValues.sortedKeys(m)) {
      if (!first) {
        buf.append(sharpV ? ", " : " ");
      }
      first = false;
      printValue(k, verb, depth + 1);
      buf.append(':');
      printValue(entries.get(k), verb, depth + 1);
    }
    buf.append(sharpV ? '}' : ']');
  }

  private void printSequence(Object seq, int verb, int depth) {
    if (sharpV) {
      buf.append(GoValues.typeName(seq)).append('{');
    } else {
      buf.append('[');
    }
    List<Object> elems = GoValues.elements(seq);
    for (int i = 0; i < elems.size(); i++) {
      if (i > 0) {
        buf.append(sharpV ? ", " : " ");
      }
      printValue(elems.get(i), verb, depth + 1);
    }
    buf.append(sharpV ? '}' : ']');
  }

  private void printRecord(Record r, int verb, int depth) {
    if (sharpV) {
      buf.append(GoValues.typeName(r));
    }
    buf.append('{');
    RecordComponent[] comps = r.getClass().getRecordComponents();
    for (int i = 0; i < comps.length; i++) {
      if (i > 0) {
        buf.append(sharpV ? ", " : " ");
      }
      if (plusV || sharpV) {
        buf.append(comps[i].getName()).append(':');
      }
      Object val;
      try {
        var acc = comps[i].getAccessor();
        acc.trySetAccessible();
        val = acc.invoke(r);
      } catch (ReflectiveOperationException | RuntimeException e) {
        val = "?";
      }
      printValue(val, verb, depth + 1);
    }
    buf.append('}');
  }

  private void badVerb(int verb, Object arg) {
    buf.append("%!").appendCodePoint(verb).append('(');
    if (arg == null) {
      buf.append("<nil>");
    } else {
      buf.append(GoValues.typeName(arg)).append('=');
      printArg(arg, 'v');
    }
    buf.append(')');
  }

  // ---- strings

  private void fmtString(String s, int verb) {
    switch (verb) {
      case 'v' -> {
        if (sharpV) {
          fmtQ(s);
        } else {
          fmtS(s);
        }
      }
      case 's' -> fmtS(s);
      case 'x' -> fmtSx(s, LDIGITS);
      case 'X' -> fmtSx(s, UDIGITS);
      case 'q' -> fmtQ(s);
      default -> badVerb(verb, s);
    }
  }

  private String truncate(String s) {
    if (precPresent) {
      int n = prec;
      int i = 0;
      while (i < s.length()) {
        n--;
        if (n < 0) {
          return s.substring(0, i);
        }
        i += Character.charCount(s.codePointAt(i));
      }
    }
    return s;
  }

  private void fmtS(String s) {
    padString(truncate(s));
  }

  private void fmtSx(String s, String digits) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int length = b.length;
    if (precPresent && prec < length) {
      length = prec;
    }
    int width = 2 * length;
    if (width > 0) {
      if (space) {
        if (sharp) {
          width *= 2;
        }
        width += length - 1;
      } else if (sharp) {
        width += 2;
      }
    } else {
      if (widPresent) {
        writePadding(wid);
      }
      return;
    }
    if (widPresent && wid > width && !minus) {
      writePadding(wid - width);
    }
    if (sharp) {
      buf.append('0').append(digits.charAt(16));
    }
    for (int i = 0; i < length; i++) {
      if (space && i > 0) {
        buf.append(' ');
        if (sharp) {
          buf.append('0').append(digits.charAt(16));
        }
      }
      int c = b[i] & 0xff;
      buf.append(digits.charAt(c >> 4)).append(digits.charAt(c & 0xf));
    }
    if (widPresent && wid > width && minus) {
      writePadding(wid - width);
    }
  }

  private void fmtQ(String s) {
    s = truncate(s);
    if (sharp && GoQuote.canBackquote(s)) {
      padString("`" + s + "`");
    } else {
      padString(GoQuote.quote(s, plus));
    }
  }

  // ---- integers

  private void fmtInteger(long v, int verb, Object arg) {
    switch (verb) {
      case 'v', 'd' -> fmtInteger(v, 10, verb, LDIGITS);
      case 'b' -> fmtInteger(v, 2, verb, LDIGITS);
      case 'o', 'O' -> fmtInteger(v, 8, verb, LDIGITS);
      case 'x' -> fmtInteger(v, 16, verb, LDIGITS);
      case 'X' -> fmtInteger(v, 16, verb, UDIGITS);
      case 'c' -> padString(runeString(v));
      case 'q' -> {
        String r = runeString(v);
        if (sharp && GoQuote.canBackquote(r)) {
          padString("`" + r + "`");
        } else {
          padString(GoQuote.quoteRune(r.codePointAt(0), plus));
        }
      }
      case 'U' -> fmtUnicode(v);
      default -> badVerb(verb, arg);
    }
  }

  private static String runeString(long v) {
    int r = (v < 0 || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) ? 0xFFFD : (int) v;
    return new String(Character.toChars(r));
  }

  private void fmtUnicode(long u) {
    StringBuilder sb = new StringBuilder("U+");
    String hex = Long.toHexString(u).toUpperCase(java.util.Locale.ROOT);
    int digits = precPresent && prec > 4 ? prec : 4;
    for (int i = hex.length(); i < digits; i++) {
      sb.append('0');
    }
    sb.append(hex);
    if (sharp && u >= 0 && u <= Character.MAX_CODE_POINT && GoQuote.isPrint((int) u)) {
      sb.append(" '").appendCodePoint((int) u).append('\'');
    }
    boolean oldZero = zero;
    zero = false;
    padString(sb.toString());
    zero = oldZero;
  }

  private void fmtInteger(long v, int base, int verb, String digits) {
    boolean negative = v < 0;
    BigInteger mag = BigInteger.valueOf(v).abs();
    int precision = 0;
    if (precPresent) {
      precision = prec;
      if (precision == 0 && v == 0) {
        boolean oldZero = zero;
        zero = false;
        writePadding(wid);
        zero = oldZero;
        return;
      }
    } else if (zero && !minus && widPresent) {
      precision = wid;
      if (negative || plus || space) {
        precision--;
      }
    }
    String s = mag.toString(base);
    if (digits == UDIGITS) {
      s = s.toUpperCase(java.util.Locale.ROOT);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = s.length(); i < precision; i++) {
      sb.append('0');
    }
    sb.append(s);
    if (sharp) {
      switch (base) {
        case 2 -> sb.insert(0, "0b");
        case 8 -> {
          if (sb.charAt(0) != '0') {
            sb.insert(0, '0');
          }
        }
        case 16 -> sb.insert(0, "0" + digits.charAt(16));
        default -> {}
      }
    }
    if (verb == 'O') {
      sb.insert(0, "0o");
    }
    if (negative) {
      sb.insert(0, '-');
    } else if (plus) {
      sb.insert(0, '+');
    } else if (space) {
      sb.insert(0, ' ');
    }
    boolean oldZero = zero;
    zero = false;
    padString(sb.toString());
    zero = oldZero;
  }

  // ---- floats

  private void fmtFloat(double v, int size, int verb, Object arg) {
    switch (verb) {
      case 'v' -> fmtFloat(v, size, 'g', -1);
      case 'g', 'G', 'x', 'X', 'b' -> fmtFloat(v, size, (char) verb, -1);
      case 'f', 'F', 'e', 'E' -> fmtFloat(v, size, (char) verb, 6);
      default -> badVerb(verb, arg);
    }
  }

  private void fmtFloat(double v, int size, char verb, int precision) {
    if (precPresent) {
      precision = prec;
    }
    String num = verb == 'x' || verb == 'X' || verb == 'b'
        ? GoFloats.formatBinary(v, verb, precision, size)
        : GoFloats.format(v, verb == 'F' ? 'f' : verb, precision, size);
    if (sharp && verb != 'b' && verb != 'x' && verb != 'X') {
      num = sharpFloat(num, verb, precision);
    }
    if (num.charAt(0) != '-' && num.charAt(0) != '+') {
      num = "+" + num;
    }
    if (space && num.charAt(0) == '+' && !plus) {
      num = " " + num.substring(1);
    }
    if (num.charAt(1) == 'I' || num.charAt(1) == 'N') {
      boolean oldZero = zero;
      zero = false;
      if (num.charAt(1) == 'N' && !space && !plus) {
        num = num.substring(1);
      }
      padString(num);
      zero = oldZero;
      return;
    }
    if (plus || num.charAt(0) != '+') {
      if (zero && !minus && widPresent && wid > num.length()) {
        buf.append(num.charAt(0));
        writePadding(wid - num.length());
        buf.append(num, 1, num.length());
        return;
      }
      padString(num);
      return;
    }
    padString(num.substring(1));
  }

  /** The '#' flag: always a decimal point; %g keeps trailing zeros up to the precision. */
  private static String sharpFloat(String num, char verb, int precision) {
    if (num.endsWith("Inf") || num.endsWith("NaN")) {
      return num;
    }
    int ePos = Math.max(num.indexOf('e'), num.indexOf('E'));
    String mant = ePos >= 0 ? num.substring(0, ePos) : num;
    String tail = ePos >= 0 ? num.substring(ePos) : "";
    boolean hasDot = mant.indexOf('.') >= 0;
    if (verb == 'g' || verb == 'G') {
      int digits = precision < 0 ? 6 : (precision == 0 ? 1 : precision);
      int count = 0;
      boolean seenNonZero = false;
      for (int i = 0; i < mant.length(); i++) {
        char c = mant.charAt(i);
        if (c >= '0' && c <= '9') {
          if (c != '0') {
            seenNonZero = true;
          }
          if (seenNonZero) {
            count++;
          }
        }
      }
      if (!seenNonZero) {
        count = 1;
      }
      StringBuilder sb = new StringBuilder(mant);
      if (!hasDot) {
        sb.append('.');
      }
      for (; count < digits; count++) {
        sb.append('0');
      }
      return sb + tail;
    }
    return hasDot ? num : mant + "." + tail;
  }

  // ---- padding

  private void padString(String s) {
    if (!widPresent || wid == 0) {
      buf.append(s);
      return;
    }
    int width = wid - s.codePointCount(0, s.length());
    if (!minus) {
      writePadding(width);
      buf.append(s);
    } else {
      buf.append(s);
      writePadding(width);
    }
  }

  private void writePadding(int n) {
    char c = zero ? '0' : ' ';
    for (int i = 0; i < n; i++) {
      buf.append(c);
    }
  }
}
