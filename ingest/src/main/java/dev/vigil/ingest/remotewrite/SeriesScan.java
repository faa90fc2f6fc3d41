package dev.vigil.ingest.remotewrite;

import dev.vigil.model.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The first pass over one {@code TimeSeries} message of a remote-write 1.0 request (see {@link
 * WriteRequestDecoder}): where its label messages are, whether they are contiguous (then their
 * raw bytes are the series' cache key), where its other fields start and how many samples,
 * exemplars and histograms it holds. Fields may come in any order; the usual encoding (labels
 * first, each with a one-byte tag and length) takes a fast path. Malformed bytes throw {@link
 * MalformedRequestException}. Not thread-safe: one per decoder, holding the last series scanned.
 */
final class SeriesScan {
  /** TimeSeries.labels (field 1) with wire type LEN, as a one-byte tag. */
  private static final byte LABEL_TAG = (1 << 3) | ProtoReader.LEN;
  /** TimeSeries.samples (field 2) with wire type LEN, as a one-byte tag. */
  private static final byte SAMPLE_TAG = (2 << 3) | ProtoReader.LEN;
  private static final byte VALUE_TAG = (1 << 3) | ProtoReader.FIXED64;
  private static final byte TIMESTAMP_TAG = (2 << 3) | ProtoReader.VARINT;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Label message {@code i} of the last series is {@code buf[labelOff[i], + labelLen[i])}. */
  private int[] labelOff = new int[32];
  private int[] labelLen = new int[32];
  private String[] pairs = new String[64];

  // What the last scan found.
  int labels;
  int samples;
  int exemplars;
  int histograms;
  /** The label messages' bytes, tags included, are {@code buf[from, to)} when contiguous. */
  int from;
  int to;
  /** Where the first field other than a label is: the second pass starts there. */
  int firstOther;
  boolean contiguous;
  /**
   * The series holds nothing after its labels but one sample, already read into {@link #singleT}
   * and {@link #singleV} (set by {@link #scanAfterKey} only): the second pass need not read it.
   */
  boolean single;
  long singleT;
  double singleV;

  /**
   * The first pass over a series' fields: finds its label messages (into {@code labelOff/Len}),
   * whether they are contiguous, where the other fields start and how many of each there are.
   */
  void scan(ProtoReader in, int start, int end) {
    walk(in, start, end);
  }

  /**
   * The first pass over a series whose bytes {@code buf[start, keyEnd)} are known to be a
   * sequence of label messages (they equal a label set's key that an earlier scan found): scans
   * only the fields after them. Returns false, with the scan's state undefined, when another label
   * message follows: the caller scans the whole series then. When true, the state is what {@link
   * #scan} would have found, except that the label messages are not located ({@link #labels} is
   * -1): the caller knows the labels.
   */
  boolean scanAfterKey(ProtoReader in, int start, int keyEnd, int end) {
    if (oneSample(in.buf, keyEnd, end)) {
      labels = -1;
      samples = 1;
      exemplars = 0;
      histograms = 0;
      from = start;
      to = keyEnd;
      firstOther = keyEnd;
      contiguous = true;
      return true;
    }
    walk(in, keyEnd, end);
    if (labels > 0) {
      return false;
    }
    labels = -1;
    from = start;
    to = keyEnd;
    contiguous = true;
    return true;
  }

  /**
   * Reads {@code b[p, end)} when it is one sample field in the layout every sender writes (tag
   * 0x12, a one-byte length reaching {@code end}, the value's tag and 8 bytes, the timestamp's tag
   * and a varint ending at {@code end}), the value and timestamp into {@link #singleV} and {@link
   * #singleT}; returns false, having changed nothing else, for anything else (including every
   * malformed layout, which the general pass then reports). What it reads is what {@link
   * SampleMessage#read} reads from the same bytes.
   */
  private boolean oneSample(byte[] b, int p, int end) {
    int len = end - p - 2;
    if (len < 11 || len > 20 || b[p] != SAMPLE_TAG || b[p + 1] != len || b[p + 2] != VALUE_TAG
        || b[p + 11] != TIMESTAMP_TAG) {
      return single = false;
    }
    long t = 0;
    for (int q = p + 12, shift = 0; q < end; shift += 7) { // at most 10 bytes: len <= 20
      byte c = b[q++];
      t |= (long) (c & 0x7f) << shift;
      if (c >= 0) {
        if (q != end) {
          break;
        }
        singleV = Double.longBitsToDouble((long) LONGS.get(b, p + 3));
        singleT = t;
        return single = true;
      }
    }
    return single = false;
  }

  private void walk(ProtoReader in, int start, int end) {
    single = false;
    int nLabels = 0;
    int nSamples = 0;
    int nExemplars = 0;
    int nHistograms = 0;
    int labelsFrom = -1;
    int labelsTo = -1;
    int firstOther = end; // where the second pass starts: labels before it need no second look
    boolean contiguous = true;
    byte[] b = in.buf;
    in.pos = start;
    while (in.pos < end) {
      int tagPos = in.pos;
      // Fast path for the encoding every sender uses for a label: tag 0x0A (field 1, LEN) and a
      // one-byte length that fits. Anything else, including a length that does not fit, takes the
      // general path below, which reports it.
      if (b[tagPos] == LABEL_TAG && tagPos + 1 < end) {
        int n = b[tagPos + 1];
        if (n >= 0 && n <= end - tagPos - 2) {
          if (nLabels == labelOff.length) {
            labelOff = Arrays.copyOf(labelOff, nLabels * 2);
            labelLen = Arrays.copyOf(labelLen, nLabels * 2);
          }
          labelOff[nLabels] = tagPos + 2;
          labelLen[nLabels++] = n;
          if (labelsFrom < 0) {
            labelsFrom = tagPos;
          } else if (labelsTo != tagPos) {
            contiguous = false;
          }
          in.pos = tagPos + 2 + n;
          labelsTo = in.pos;
          continue;
        }
      }
      int tag = in.tag(end);
      int field = tag >>> 3;
      if (field != 1 && firstOther == end) {
        firstOther = tagPos;
      }
      if (field == 1) {
        ProtoReader.expect(tag, ProtoReader.LEN, "TimeSeries.labels (1)");
        int n = in.length(end);
        if (nLabels == labelOff.length) {
          labelOff = Arrays.copyOf(labelOff, nLabels * 2);
          labelLen = Arrays.copyOf(labelLen, nLabels * 2);
        }
        labelOff[nLabels] = in.pos;
        labelLen[nLabels++] = n;
        if (labelsFrom < 0) {
          labelsFrom = tagPos;
        } else if (labelsTo != tagPos) {
          contiguous = false;
        }
        in.pos += n;
        labelsTo = in.pos;
      } else if (field >= 2 && field <= 4) {
        ProtoReader.expect(tag, ProtoReader.LEN, "TimeSeries", field);
        int n = in.length(end);
        in.pos += n;
        switch (field) {
          case 2 -> nSamples++;
          case 3 -> nExemplars++;
          default -> nHistograms++;
        }
      } else {
        in.skip(tag & 7, end);
      }
    }
    this.labels = nLabels;
    this.samples = nSamples;
    this.exemplars = nExemplars;
    this.histograms = nHistograms;
    this.from = labelsFrom;
    this.to = labelsTo;
    this.firstOther = firstOther;
    this.contiguous = contiguous;
  }

  /**
   * Decodes, sorts and validates the first {@code nLabels} labels the last {@link #scan} found;
   * null when the series is rejected (counted in {@code tally}).
   */
  Labels labels(ProtoReader in, int nLabels, StringCache strings, AppendTally tally,
      int nSamples) {
    if (pairs.length < 2 * nLabels) {
      pairs = new String[2 * nLabels];
    }
    int n = 0;
    boolean badUtf8 = false;
    for (int i = 0; i < nLabels; i++) {
      int limit = labelOff[i] + labelLen[i];
      String name = "";
      String value = "";
      in.pos = labelOff[i];
      while (in.pos < limit) {
        int tag = in.tag(limit);
        int field = tag >>> 3;
        if (field == 1 || field == 2) {
          ProtoReader.expect(tag, ProtoReader.LEN, field == 1 ? "Label.name (1)" : "Label.value (2)");
          int len = in.length(limit);
          String s = strings.get(in.buf, in.pos, len);
          in.pos += len;
          if (s == null) {
            badUtf8 = true;
            s = "\uFFFD";
          }
          if (field == 1) {
            name = s;
          } else {
            value = s;
          }
        } else {
          in.skip(tag & 7, limit);
        }
      }
      if (value.isEmpty()) {
        continue; // an empty value means an absent label, as in Prometheus's head
      }
      pairs[n++] = name;
      pairs[n++] = value;
    }
    return tally.series(pairs, n, badUtf8, nSamples);
  }

}
