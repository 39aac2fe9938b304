package dev.dbrestore.sanitize;

import dev.dbrestore.support.MaskedValueSink;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Keyed fingerprints of the raw values the masking replaced, in memory only, and the lookup the leak
 * scan runs over every text value of the sanitized copy.
 *
 * <p><b>What is kept.</b> For each raw value: its normalised form (lower case, runs of white space as
 * one space, trimmed) when it has at least {@value #MIN_LENGTH} characters and is not {@code null},
 * {@code true} or {@code false} (words of JSON and array syntax), and for a value shaped like
 * a phone number (only digits, spaces and {@code +-()./}, 7 to 15 digits) its digits. Each is kept as
 * a 64-bit SipHash-2-4 under a 128-bit key drawn from {@link SecureRandom} for this run and never
 * stored or printed, with the index of the first rule that masked it. Without the key a fingerprint
 * cannot be tested against a guess; the key dies with the run.
 *
 * <p><b>Memory.</b> An open-addressing table of 8-byte fingerprints plus a 2-byte rule index per slot,
 * and a filter of 8 bits per slot that keeps most lookups out of the table (one bit per
 * fingerprint: a lookup of a value never fingerprinted touches the table in at most 1 case of 12),
 * so 11 bytes a slot; doubled when 2/3 full, so 16.5 to 33 bytes per distinct value kept. It stops
 * growing at {@value #MAX_SLOTS} slots (176 MiB, 264 MiB for a moment while the last doubling copies): at most
 * {@link #MAX_VALUES} distinct values are kept; further values are counted as not fingerprinted and
 * the scan reports itself incomplete.
 *
 * <p><b>False positives.</b> A text value matches when one of its lookups finds an equal 64-bit
 * fingerprint of a different string: with n values kept, each lookup has a chance of at most
 * n / 2<sup>64</sup> (5.4 × 10<sup>-13</sup> at the 10-million cap), so a scan of 10<sup>9</sup>
 * lookups expects fewer than 10<sup>-3</sup> false hits. {@code LeakScanTest} measures it on
 * 1,000,000 random values that match nothing.
 *
 * <p><b>Lookups of a text value</b> (what counts as a leak): the whole value normalised; each word of
 * it (letters, digits and {@code @._%+-'}, so an e-mail address is one word, with leading and trailing
 * punctuation removed) of at least {@value #MIN_LENGTH} characters, and each run of two and of three
 * neighbouring words ({@code "Dear Jan van Dijk,"} finds {@code van dijk} and {@code jan van dijk}); and the digits of each run of
 * digits and phone punctuation with 7 to 15 digits. Text inside JSON and arrays is read the same way.
 * {@link #rawValue} and the lookups are for one thread at a time; while tables load at once, each
 * feeds its own {@link #taker()}, and all are flushed before the scan.
 */
final class LeakFingerprints implements MaskedValueSink {
    /** Shorter values are too common to mean a leak ("n/a", "-", initials). */
    static final int MIN_LENGTH = 4;
    static final int MAX_SLOTS = 1 << 24;
    static final long MAX_VALUES = MAX_SLOTS * 2L / 3;
    /** Bytes a slot takes: the fingerprint and the rule index. */
    static final int SLOT_BYTES = Long.BYTES + Character.BYTES + 1;
    private static final int MIN_DIGITS = 7;
    private static final List<String> LITERALS = List.of("null", "true", "false");
    private static final int MAX_DIGITS = 15;

    private final SipHash sipHash;
    private long[] fingerprints = new long[1 << 12];
    private char[] ruleOf = new char[1 << 12];
    /**
     * One bit per 8/slots of the fingerprints' high bits: small enough to stay in the CPU's cache, it
     * answers most lookups of a value that was never fingerprinted without touching the table
     * (a cache miss each); at most 2/3 x 1/8 of its bits are set.
     */
    private long[] filter = new long[(1 << 12) * 8 / 64];
    /** Bit n set: a string of n characters was fingerprinted (bit 63: 63 or more). */
    private long lengths;
    private int size;
    private long notKept;
    private final List<String> rules = new ArrayList<>();
    private final Map<String, Integer> ruleIndex = new HashMap<>();

    /** Scratch space of {@link #rawValue} and the lookups; reused so a scan allocates nothing per value. */
    private final Scratch scratch = new Scratch();

    LeakFingerprints() {
        this(new SecureRandom().nextLong(), new SecureRandom().nextLong());
    }

    LeakFingerprints(long k0, long k1) {
        this.sipHash = new SipHash(k0, k1);
    }

    @Override
    public void rawValue(String rule, String value) {
        if (value == null) {
            return;
        }
        int index = ruleIndex(rule);
        scratch.fingerprint(value, sipHash, (length, hash) -> add(length, hash, index));
    }

    /** The index {@code rule} (a masked column) has in the findings; registered at its first use. */
    synchronized int ruleIndex(String rule) {
        return ruleIndex.computeIfAbsent(rule, r -> {
            if (rules.size() >= Character.MAX_VALUE) {
                throw new IllegalStateException("more than " + (int) Character.MAX_VALUE + " masked columns");
            }
            rules.add(r);
            return rules.size() - 1;
        });
    }

    /**
     * A taker of raw values for one thread (one table's COPY): it normalises and hashes each value on
     * its own thread and adds the fingerprints to this store {@value Taker#BATCH} at a time, so tables
     * loading at once do not wait on each other value by value. {@link Taker#flush} adds the rest.
     */
    Taker taker() {
        return new Taker();
    }

    /** The masked columns fed so far, by index. */
    List<String> rules() {
        return List.copyOf(rules);
    }

    /** Distinct fingerprints kept. */
    int size() {
        return size;
    }

    /** Fingerprints not kept because the table was full. */
    long notKept() {
        return notKept;
    }

    /** Bytes the table takes now. */
    long bytes() {
        return (long) fingerprints.length * SLOT_BYTES;
    }

    /**
     * Looks {@code value} up as the class comment says; {@code hit} gets the rule index of each match
     * (the same rule may come more than once).
     */
    void lookup(String value, IntConsumer hit) {
        if (size == 0 || value == null) {
            return;
        }
        scratch.normalise(value);
        char[] text = scratch.text;
        int length = scratch.length;
        if (length >= MIN_LENGTH) {
            find(text, 0, length, hit);
        }
        // the starts of the one and two words before this one, when only single spaces separate them
        int oneBack = -1;
        int twoBack = -1;
        int previousEnd = -1;
        int i = 0;
        while (i < length) {
            if (!isWordChar(text[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < length && isWordChar(text[i])) {
                i++;
            }
            int end = i;
            while (start < end && isEdgePunctuation(text[start])) {
                start++;
            }
            while (end > start && isEdgePunctuation(text[end - 1])) {
                end--;
            }
            if (end == start) {
                continue;
            }
            boolean adjacent = previousEnd >= 0 && previousEnd + 1 == start && text[previousEnd] == ' ';
            if (!adjacent) {
                oneBack = -1;
                twoBack = -1;
            }
            lookupUnlessWhole(start, end, end - start >= MIN_LENGTH, hit);
            lookupUnlessWhole(oneBack, end, oneBack >= 0, hit);
            lookupUnlessWhole(twoBack, end, twoBack >= 0, hit);
            twoBack = oneBack;
            oneBack = start;
            previousEnd = end;
        }
        lookupPhones(hit);
    }

    /** Looks {@code text[from, to)} up if {@code wanted} and it is not the whole value (looked up already). */
    private void lookupUnlessWhole(int from, int to, boolean wanted, IntConsumer hit) {
        if (wanted && !(from == 0 && to == scratch.length)) {
            find(scratch.text, from, to, hit);
        }
    }

    private void lookupPhones(IntConsumer hit) {
        char[] text = scratch.text;
        int length = scratch.length;
        int i = 0;
        while (i < length) {
            char c = text[i];
            if (!isDigit(c) && c != '+' && c != '(') {
                i++;
                continue;
            }
            int start = i;
            while (i < length && (isDigit(text[i]) || isPhonePunctuation(text[i]))) {
                i++;
            }
            int n = scratch.phoneDigits(text, start, i);
            if (n > 0) {
                find(scratch.digits, 0, n, hit);
            }
        }
    }

    private void find(char[] chars, int from, int to, IntConsumer hit) {
        if ((lengths & lengthBit(to - from)) == 0) {
            return;
        }
        long fingerprint = nonZero(sipHash.hash(chars, from, to));
        if (!inFilter(fingerprint)) {
            return;
        }
        int mask = fingerprints.length - 1;
        for (int slot = (int) mix(fingerprint) & mask; fingerprints[slot] != 0; slot = (slot + 1) & mask) {
            if (fingerprints[slot] == fingerprint) {
                hit.accept(ruleOf[slot]);
                return;
            }
        }
    }

    private static long lengthBit(int length) {
        return 1L << Math.min(length, 63);
    }

    private boolean inFilter(long fingerprint) {
        int bit = filterBit(fingerprint);
        return (filter[bit >>> 6] & (1L << bit)) != 0;
    }

    /** The top bits of the fingerprint, independent of the low ones that pick its slot. */
    private int filterBit(long fingerprint) {
        return (int) (fingerprint >>> (64 - Integer.numberOfTrailingZeros(filter.length * 64)));
    }

    private void add(int length, long hash, int rule) {
        lengths |= lengthBit(length);
        long fingerprint = nonZero(hash);
        if ((size + 1) * 3L > fingerprints.length * 2L) {
            if (fingerprints.length >= MAX_SLOTS) {
                if (!contains(fingerprint)) {
                    notKept++;
                }
                return;
            }
            grow();
        }
        int mask = fingerprints.length - 1;
        int slot = (int) mix(fingerprint) & mask;
        while (fingerprints[slot] != 0) {
            if (fingerprints[slot] == fingerprint) {
                return; // the first rule that masked a value keeps it
            }
            slot = (slot + 1) & mask;
        }
        fingerprints[slot] = fingerprint;
        ruleOf[slot] = (char) rule;
        int bit = filterBit(fingerprint);
        filter[bit >>> 6] |= 1L << bit;
        size++;
    }

    private boolean contains(long fingerprint) {
        int mask = fingerprints.length - 1;
        for (int slot = (int) mix(fingerprint) & mask; fingerprints[slot] != 0; slot = (slot + 1) & mask) {
            if (fingerprints[slot] == fingerprint) {
                return true;
            }
        }
        return false;
    }

    private void grow() {
        long[] oldFingerprints = fingerprints;
        char[] oldRules = ruleOf;
        fingerprints = new long[oldFingerprints.length * 2];
        ruleOf = new char[oldFingerprints.length * 2];
        filter = new long[fingerprints.length * 8 / 64];
        int mask = fingerprints.length - 1;
        for (int i = 0; i < oldFingerprints.length; i++) {
            long fingerprint = oldFingerprints[i];
            if (fingerprint != 0) {
                int slot = (int) mix(fingerprint) & mask;
                while (fingerprints[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                fingerprints[slot] = fingerprint;
                ruleOf[slot] = oldRules[i];
                int bit = filterBit(fingerprint);
                filter[bit >>> 6] |= 1L << bit;
            }
        }
    }

    /** 0 marks an empty slot. */
    private static long nonZero(long hash) {
        return hash == 0 ? 1 : hash;
    }

    /** The slot comes from the low bits (the filter from the high ones); the fingerprint is already uniformly random. */
    private static long mix(long fingerprint) {
        return fingerprint;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isPhonePunctuation(char c) {
        return c == ' ' || c == '+' || c == '-' || c == '(' || c == ')' || c == '.' || c == '/';
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '@' || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
                || c == '\'';
    }

    private static boolean isEdgePunctuation(char c) {
        return c == '.' || c == '-' || c == '\'' || c == '+' || c == '_' || c == '%';
    }

    /** A value's normalised characters and phone digits, reused from value to value by one thread. */
    private static final class Scratch {
        char[] text = new char[256];
        int length;
        final char[] digits = new char[MAX_DIGITS + 1];

        /** What a fingerprint is taken of: a string of {@code length} characters whose SipHash is {@code hash}. */
        interface Fingerprinted {
            void accept(int length, long hash);
        }

        /** The fingerprints of one raw value: its normalised text when kept, and its digits when phone-shaped. */
        void fingerprint(String value, SipHash hasher, Fingerprinted into) {
            normalise(value);
            if (isKept()) {
                into.accept(length, hasher.hash(text, 0, length));
            }
            int n = phoneDigits(text, 0, length);
            if (n > 0) {
                into.accept(n, hasher.hash(digits, 0, n));
            }
        }

        /** Long enough and not {@code null}, {@code true} or {@code false} (words of JSON and array syntax). */
        boolean isKept() {
            if (length < MIN_LENGTH) {
                return false;
            }
            for (String literal : LITERALS) {
                if (literal.length() == length && equalsText(literal)) {
                    return false;
                }
            }
            return true;
        }

        private boolean equalsText(String literal) {
            for (int i = 0; i < length; i++) {
                if (text[i] != literal.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** Lower case, white space runs as one space, trimmed, into {@code text}. */
        void normalise(String value) {
            if (text.length < value.length()) {
                text = new char[Math.max(value.length(), text.length * 2)];
            }
            length = 0;
            boolean space = false;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isWhitespace(c)) {
                    space = length > 0;
                } else {
                    if (space) {
                        text[length++] = ' ';
                        space = false;
                    }
                    text[length++] = Character.toLowerCase(c);
                }
            }
        }

        /** The digits of {@code chars[from, to)} into {@code digits} if it is phone-shaped; else 0. */
        int phoneDigits(char[] chars, int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                char c = chars[i];
                if (isDigit(c)) {
                    if (n == MAX_DIGITS) {
                        return 0;
                    }
                    digits[n++] = c;
                } else if (!isPhonePunctuation(c)) {
                    return 0;
                }
            }
            return n >= MIN_DIGITS ? n : 0;
        }
    }

    /** See {@link #taker()}. Not thread-safe: one thread feeds one taker. */
    final class Taker {
        static final int BATCH = 1024;
        private final Scratch scratch = new Scratch();
        private final SipHash hasher = sipHash.copy();
        private final long[] hashes = new long[BATCH];
        private final int[] lengths = new int[BATCH];
        private final char[] rulesOf = new char[BATCH];
        private int pending;

        /** Fingerprints the raw value of the masked column {@code rule} ({@link #ruleIndex}). */
        void rawValue(int rule, String value) {
            if (value == null) {
                return;
            }
            scratch.fingerprint(value, hasher, (length, hash) -> pend(length, hash, rule));
        }

        private void pend(int length, long hash, int rule) {
            if (pending == BATCH) {
                flush();
            }
            hashes[pending] = hash;
            lengths[pending] = length;
            rulesOf[pending] = (char) rule;
            pending++;
        }

        /** Adds the pending fingerprints to the store. */
        void flush() {
            synchronized (LeakFingerprints.this) {
                for (int i = 0; i < pending; i++) {
                    add(lengths[i], hashes[i], rulesOf[i]);
                }
            }
            pending = 0;
        }
    }

    /** SipHash-2-4 (Aumasson and Bernstein) of the UTF-16LE bytes of a char range; its state is reused. */
    static final class SipHash {
        private final long k0;
        private final long k1;
        private long v0;
        private long v1;
        private long v2;
        private long v3;

        SipHash(long k0, long k1) {
            this.k0 = k0;
            this.k1 = k1;
        }

        /** The same keys with a state of its own, for another thread. */
        SipHash copy() {
            return new SipHash(k0, k1);
        }

        long hash(char[] chars, int from, int to) {
            v0 = 0x736f6d6570736575L ^ k0;
            v1 = 0x646f72616e646f6dL ^ k1;
            v2 = 0x6c7967656e657261L ^ k0;
            v3 = 0x7465646279746573L ^ k1;
            int i = from;
            for (; i + 4 <= to; i += 4) {
                compress(chars[i] | (long) chars[i + 1] << 16 | (long) chars[i + 2] << 32 | (long) chars[i + 3] << 48);
            }
            long last = (long) ((to - from) * 2) << 56;
            for (int shift = 0; i < to; i++, shift += 16) {
                last |= (long) chars[i] << shift;
            }
            compress(last);
            v2 ^= 0xff;
            rounds(4);
            return v0 ^ v1 ^ v2 ^ v3;
        }

        private void compress(long m) {
            v3 ^= m;
            rounds(2);
            v0 ^= m;
        }

        private void rounds(int n) {
            for (int r = 0; r < n; r++) {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13) ^ v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16) ^ v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21) ^ v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17) ^ v2;
                v2 = Long.rotateLeft(v2, 32);
            }
        }
    }
}
