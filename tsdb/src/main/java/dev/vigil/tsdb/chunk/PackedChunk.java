package dev.vigil.tsdb.chunk;

import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;

/**
 * An immutable chunk for persisted blocks, smaller than {@link XorChunk} on typical metrics.
 *
 * <p>Why: scraped values are almost always short decimals (byte counts, cpu seconds with two
 * digits, ratios), so they become exact integers when scaled by a power of ten; the deltas (or
 * deltas of deltas) of those integers are tiny and regular, and {@link PackedInts} stores a run
 * of equal-width deltas in a few bits each, a run of zeros in no bits at all. Gorilla's XOR of
 * binary mantissas cannot see that regularity. Values that are not finite (NaN, the staleness
 * marker, infinities) or negative zero are stored verbatim as exceptions.
 *
 * <p>Encoding is lossless by construction and checked: {@link #encode} returns null when a value
 * does not survive the decimal round trip bit for bit, and the caller keeps the XOR encoding.
 *
 * <p>Layout (docs/format/chunks.md): uvarint n; varint t0; if n &gt; 1 varint (t1 - t0) and the
 * n-2 timestamp deltas-of-deltas as packed ints; uvarint scale S (values are M / 10^S); byte
 * mode (1: M as deltas, 2: M as deltas of deltas); varint M0; for mode 2 varint (M1 - M0); the
 * remaining residuals as packed ints; uvarint special count, then per special uvarint index and
 * 8 raw bytes.
 */
public final class PackedChunk {
  public static final byte ENCODING = 2;

  /** Bound on the sample count a decoder accepts, so a garbled count cannot exhaust memory. */
  public static final int MAX_SAMPLES = 1 << 16;

  static final int MAX_SCALE = 22; // 10^22 is the largest exactly representable power
  static final long MAX_EXACT = 1L << 53;
  static final double[] POW10 = new double[MAX_SCALE + 1];

  static {
    double p = 1;
    for (int i = 0; i <= MAX_SCALE; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private PackedChunk() {}

  static boolean special(double v) {
    return !Double.isFinite(v) || Double.doubleToRawLongBits(v) == Long.MIN_VALUE;
  }

  /** Encodes n samples, or returns null when the values are not exact short decimals. */
  public static byte[] encode(long[] ts, double[] vs, int n) {
    if (n == 0 || n > MAX_SAMPLES) {
      return null;
    }
    int scale = 0;
    int specials = 0;
    for (int i = 0; i < n; i++) {
      if (special(vs[i])) {
        specials++;
        continue;
      }
      int s = decimalScale(vs[i]);
      if (s < 0 || Math.abs(vs[i] * POW10[s]) > MAX_EXACT) {
        // the mantissa check below would fail at this or any larger scale: stop early, since
        // values that are not short decimals usually are not, sample after sample
        return null;
      }
      scale = Math.max(scale, s);
    }
    long[] m = new long[n];
    long prev = 0;
    for (int i = 0; i < n; i++) {
      if (special(vs[i])) {
        m[i] = prev; // keeps the integer sequence smooth around the exception
        continue;
      }
      double scaled = vs[i] * POW10[scale];
      long mi = Math.round(scaled);
      if (Math.abs(mi) > MAX_EXACT || toDouble(mi, scale) != vs[i]) {
        return null;
      }
      m[i] = mi;
      prev = mi;
    }
    ByteWriter out = new ByteWriter(16 + n);
    out.putUvarint(n);
    out.putVarint(ts[0]);
    if (n > 1) {
      out.putVarint(ts[1] - ts[0]);
      long[] dod = new long[n];
      for (int i = 2; i < n; i++) {
        dod[i] = (ts[i] - ts[i - 1]) - (ts[i - 1] - ts[i - 2]);
      }
      PackedInts.write(out, dod, 2, n);
    }
    out.putUvarint(scale);
    writeValues(out, m, n);
    out.putUvarint(specials);
    int last = 0;
    for (int i = 0; i < n; i++) {
      if (special(vs[i])) {
        out.putUvarint(i - last);
        out.putLong(Double.doubleToRawLongBits(vs[i]));
        last = i;
      }
    }
    return out.toByteArray();
  }

  private static void writeValues(ByteWriter out, long[] m, int n) {
    long[] d = new long[n];
    long maxDelta = 0;
    long maxDod = 0;
    for (int i = 1; i < n; i++) {
      d[i] = m[i] - m[i - 1];
      maxDelta = Math.max(maxDelta, PackedInts.zigzag(d[i]));
      if (i >= 2) {
        maxDod = Math.max(maxDod, PackedInts.zigzag(d[i] - d[i - 1]));
      }
    }
    boolean dodMode = n > 2 && maxDod < maxDelta;
    out.putByte(dodMode ? 2 : 1);
    out.putVarint(m[0]);
    if (n == 1) {
      return;
    }
    if (dodMode) {
      out.putVarint(d[1]);
      long[] dd = new long[n];
      for (int i = 2; i < n; i++) {
        dd[i] = d[i] - d[i - 1];
      }
      PackedInts.write(out, dd, 2, n);
    } else {
      PackedInts.write(out, d, 1, n);
    }
  }

  /** The smallest s with v = M / 10^s exactly for an integer M, or -1 if none up to 22. */
  static int decimalScale(double v) {
    for (int s = 0; s <= 6; s++) { // fast path: short decimals, no allocation
      // v * 10^s is rarely an exact integer (15.06 * 100 = 1505.9999999999998): round it and
      // let the division back decide, or 15.06 would take scale 4 and its deltas 7 more bits
      double x = Math.rint(v * POW10[s]);
      if (Math.abs(x) <= MAX_EXACT && toDouble((long) x, s) == v) {
        return s;
      }
    }
    return exactScale(v);
  }

  /**
   * The scale of the shortest decimal that rounds to {@code v} ({@link Double#toString}'s digits,
   * trailing zeros dropped: 0 for integers, NaN and the infinities), or -1 when it is over {@link
   * #MAX_SCALE}; found with integer arithmetic rather than by formatting {@code v} (formatting
   * the noisy gauges of a block allocated tens of MB per cut).
   *
   * <p>Why this equals the digits of {@code toString}: those are the shortest decimal in the
   * rounding interval R of {@code v} (the reals that round to it, ends included when its
   * significand is even), and the shortest decimal is a multiple of the largest power 10^q
   * that has a multiple in R (JDK's rule preferring two digits to one changes q only for
   * subnormals, far past 10^-22). So the scale is the smallest k with a multiple of 10^-k in R.
   * With v = c * 2^e and R = [lo, hi] * 2^(e-2), N * 10^-k lies in R iff N * 2^(2-e-k) lies in
   * [lo * 5^k, hi * 5^k]: whether that interval (under 2^107) holds a multiple of a power of two.
   */
  static int exactScale(double v) {
    if (!Double.isFinite(v)) {
      return 0; // "NaN", "Infinity": no fraction digits
    }
    long bits = Double.doubleToRawLongBits(v);
    int biased = (int) (bits >>> 52) & 0x7FF;
    long fraction = bits & ((1L << 52) - 1);
    if (biased == 0 && fraction == 0) {
      return 0; // zero
    }
    long c = biased == 0 ? fraction : fraction | (1L << 52);
    int e = biased == 0 ? -1074 : biased - 1075;
    if (e >= 0) {
      return 0; // an integer
    }
    // in units of 2^(e-2); the gap below is half as wide at the bottom of a binade
    long lo = 4 * c - (fraction == 0 && biased > 1 ? 1 : 2);
    long hi = 4 * c + 2;
    boolean inclusive = (c & 1) == 0; // round half to even
    int twos = 2 - e;
    long pow5 = 1;
    for (int k = 0; k <= MAX_SCALE; k++, pow5 *= 5) {
      int p = twos - k;
      if (p <= 0) {
        return k; // [lo, hi] * 5^k is at least 3 wide and the grid at most 1 apart
      }
      if (p < 110 && holdsMultiple(lo, hi, pow5, p, inclusive)) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Whether [lo * f, hi * f] (ends excluded unless {@code inclusive}) holds a multiple of 2^p,
   * for 0 &lt; lo &lt; hi &lt; 2^56, 0 &lt; f &lt; 2^52 and 0 &lt; p &lt; 128, in 128-bit
   * arithmetic.
   */
  private static boolean holdsMultiple(long lo, long hi, long f, int p, boolean inclusive) {
    long aHi = Math.multiplyHigh(lo, f);
    long aLo = lo * f;
    long bHi = Math.multiplyHigh(hi, f);
    long bLo = hi * f;
    // the largest multiple of 2^p at most b
    long mHi;
    long mLo;
    if (p < 64) {
      mHi = bHi;
      mLo = bLo & (-1L << p);
    } else {
      mHi = bHi & (-1L << (p - 64));
      mLo = 0;
    }
    if (!inclusive && mHi == bHi && mLo == bLo) { // b itself is excluded: one multiple lower
      if (p < 64) {
        long d = 1L << p;
        mHi -= Long.compareUnsigned(mLo, d) < 0 ? 1 : 0;
        mLo -= d;
      } else {
        mHi -= 1L << (p - 64);
      }
    }
    int cmp = mHi != aHi ? Long.compareUnsigned(mHi, aHi) : Long.compareUnsigned(mLo, aLo);
    return inclusive ? cmp >= 0 : cmp > 0;
  }

  static double toDouble(long m, int scale) {
    return scale == 0 ? (double) m : m / POW10[scale];
  }

  /** Decodes a chunk into arrays of its length. */
  public static Decoded decode(byte[] data) {
    ByteReader in = new ByteReader(data);
    int n = in.getUvarintInt();
    if (n == 0 || n > MAX_SAMPLES) {
      throw new DecodeException("packed chunk claims " + n + " samples in " + data.length + " bytes");
    }
    long[] ts = new long[n];
    ts[0] = in.getVarint();
    if (n > 1) {
      long delta = in.getVarint();
      ts[1] = ts[0] + delta;
      long[] dod = new long[n];
      PackedInts.read(in, dod, 2, n - 2);
      for (int i = 2; i < n; i++) {
        delta += dod[i];
        ts[i] = ts[i - 1] + delta;
      }
    }
    int scale = in.getUvarintInt();
    if (scale > MAX_SCALE) {
      throw new DecodeException("packed chunk scale " + scale + " > " + MAX_SCALE);
    }
    long[] m = new long[n];
    int mode = in.getByte();
    m[0] = in.getVarint();
    if (n > 1) {
      if (mode == 2) {
        long d = in.getVarint();
        m[1] = m[0] + d;
        long[] dd = new long[n];
        PackedInts.read(in, dd, 2, n - 2);
        for (int i = 2; i < n; i++) {
          d += dd[i];
          m[i] = m[i - 1] + d;
        }
      } else if (mode == 1) {
        long[] d = new long[n];
        PackedInts.read(in, d, 1, n - 1);
        for (int i = 1; i < n; i++) {
          m[i] = m[i - 1] + d[i];
        }
      } else {
        throw new DecodeException("packed chunk value mode " + mode + " unknown");
      }
    }
    double[] vs = new double[n];
    for (int i = 0; i < n; i++) {
      vs[i] = toDouble(m[i], scale);
    }
    SpecialValues specials = SpecialValues.read(in, n, "packed chunk", false);
    if (specials != null) {
      specials.overlay(vs, 0, 0, n - 1);
    }
    return new Decoded(ts, vs);
  }

  /** Decoded samples, time-ordered. */
  public record Decoded(long[] ts, double[] vs) {}

  public static SampleIterator iterator(byte[] data) {
    return new StreamIterator(data);
  }

  /**
   * Decodes sample by sample, in place: no arrays, and nothing past the last sample asked for
   * (an instant query reads a few samples at the end of a chunk, a range window stops at its end).
   * The header and every packed run are validated when the iterator is first used, so a damaged
   * chunk fails there, as a whole-chunk decode would.
   */
  private static final class StreamIterator implements SampleIterator {
    private final byte[] data;
    private int n = -1; // -1: not opened yet
    private int i = -1; // index of the current sample; n once exhausted
    private long t;
    private long tDelta;
    private PackedInts.Cursor tDod;
    private boolean regular; // every timestamp delta equals the first (all deltas of deltas 0)
    private int mode;
    private long m;
    private long mDelta;
    private PackedInts.Cursor residuals;
    private double pow10;
    private int scale;
    private SpecialValues specials;

    StreamIterator(byte[] data) {
      this.data = data;
    }

    private void open() {
      ByteReader in = new ByteReader(data);
      int count = in.getUvarintInt();
      if (count == 0 || count > MAX_SAMPLES) {
        throw new DecodeException("packed chunk claims " + count + " samples in " + data.length
            + " bytes");
      }
      t = in.getVarint();
      if (count > 1) {
        tDelta = in.getVarint();
        tDod = new PackedInts.Cursor(in, count - 2);
      }
      scale = in.getUvarintInt();
      if (scale > MAX_SCALE) {
        throw new DecodeException("packed chunk scale " + scale + " > " + MAX_SCALE);
      }
      pow10 = POW10[scale];
      mode = in.getByte();
      m = in.getVarint();
      if (count > 1) {
        if (mode == 2) {
          mDelta = in.getVarint();
          residuals = new PackedInts.Cursor(in, count - 2);
        } else if (mode == 1) {
          residuals = new PackedInts.Cursor(in, count - 1);
        } else {
          throw new DecodeException("packed chunk value mode " + mode + " unknown");
        }
      }
      specials = SpecialValues.read(in, count, "packed chunk", false);
      n = count;
      regular = count <= 2 || tDod.allZero();
    }

    /** Advances the value state to sample k (k = i + 1 &gt;= 1), leaving timestamps alone. */
    private void stepValue(int k) {
      if (mode == 2) {
        if (k > 1) {
          mDelta += residuals.next();
        }
        m += mDelta;
      } else {
        m += residuals.next();
      }
    }

    /** Moves to sample i + 1 (which exists). */
    private void step() {
      int k = ++i;
      if (k == 0) {
        return; // t and m hold the first sample
      }
      if (k == 1) {
        t += tDelta;
        if (mode == 2) {
          m += mDelta;
        } else {
          m += residuals.next();
        }
        return;
      }
      tDelta += tDod.next();
      t += tDelta;
      if (mode == 2) {
        mDelta += residuals.next();
        m += mDelta;
      } else {
        m += residuals.next();
      }
    }

    @Override
    public ValueType next() {
      if (n < 0) {
        open();
      }
      if (i + 1 >= n) {
        i = n;
        return ValueType.NONE;
      }
      step();
      return ValueType.FLOAT;
    }

    @Override
    public ValueType seek(long ts) {
      if (n < 0) {
        open();
      }
      if (i >= n) {
        return ValueType.NONE;
      }
      if (i >= 0 && t >= ts) {
        return ValueType.FLOAT;
      }
      if (regular && tDelta > 0 && n > 2) {
        // Evenly spaced timestamps: the target index is arithmetic, and only the values need
        // walking (an instant query reads the last few samples of a chunk).
        int at = Math.max(i, 0);
        long gap = ts - t; // negative only on overflow, i.e. far beyond the chunk
        long steps = t >= ts ? 0 : gap < 0 ? n : Math.ceilDiv(gap, tDelta);
        long k = steps >= n ? n : at + steps;
        if (k >= n) {
          i = n;
          return ValueType.NONE;
        }
        if (at == 0 && i < 0) {
          i = 0;
        }
        if (i < k) {
          // Sample 1 takes the first delta as stored; later ones read residuals.
          if (i == 0) {
            stepValue(++i);
          }
          int c = (int) k - i;
          if (mode == 2) {
            long sum = residuals.skip(c);
            m += c * mDelta + residuals.weighted;
            mDelta += sum;
          } else {
            m += residuals.skip(c);
          }
          i = (int) k;
        }
        t += (k - at) * tDelta;
        return ValueType.FLOAT;
      }
      while (i + 1 < n) {
        step();
        if (t >= ts) {
          return ValueType.FLOAT;
        }
      }
      i = n;
      return ValueType.NONE;
    }

    @Override
    public long atT() {
      return t;
    }

    @Override
    public double atV() {
      double v = scale == 0 ? (double) m : m / pow10;
      return specials == null ? v : specials.valueAt(i, v);
    }
  }
}
