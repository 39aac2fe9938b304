package dev.dbrestore.sanitize;

import dev.dbrestore.support.Fault;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The keyed pseudonyms, computed in Java for masking in the restore stream. {@link MaskFunctions}
 * computes exactly the same values in SQL for the UPDATE path (a test compares both per rule).
 *
 * <p>Every value is derived from {@code HMAC-SHA-256(K, tag ":" value)}, where the mask key
 * {@code K = HMAC-SHA-256(hashSalt, "dbrestore mask key v2")}: the same input and salt always give
 * the same output (joins and uniqueness keep working), and without the salt an output reveals
 * nothing about its input nor about any other pair. The server only ever receives K's HMAC pads,
 * as bound parameters, never the salt.
 */
final class Pseudonyms {
    static final List<String> FIRST_NAMES = List.of(
            "Aaliyah", "Adam", "Aiko", "Alejandro", "Amara", "Amir", "Ana", "Anders", "Anika", "Arjun", "Astrid",
            "Ayesha", "Benedict", "Bianca", "Boris", "Camila", "Carlos", "Chloe", "Chen", "Daniel", "Dario", "Diana",
            "Dmitri", "Elena", "Elif", "Emeka", "Emma", "Farah", "Felix", "Fatima", "Gabriel", "Greta", "Hana",
            "Hamid", "Helena", "Hugo", "Imani", "Ingrid", "Isaac", "Ivana", "Jamal", "Javier", "Jonas", "Julia",
            "Kai", "Kenji", "Keira", "Lars", "Layla", "Leon", "Lucia", "Luca", "Maya", "Mateo", "Mei", "Mikael",
            "Nadia", "Naomi", "Nikolai", "Noah", "Olga", "Omar", "Oscar", "Paula", "Pedro", "Priya", "Quentin",
            "Rafael", "Rania", "Rosa", "Ruben", "Sakura", "Samuel", "Sara", "Sofia", "Stefan", "Tariq", "Thea",
            "Tomas", "Uma", "Valentina", "Victor", "Wei", "Xavier", "Yara", "Yusuf", "Zainab", "Zoe");
    static final List<String> LAST_NAMES = List.of(
            "Abara", "Andersen", "Bauer", "Becker", "Bianchi", "Brennan", "Castillo", "Chowdhury", "Costa", "Dubois",
            "Eriksen", "Esposito", "Fischer", "Fontaine", "Garcia", "Gomez", "Hansen", "Haddad", "Ibrahim", "Ito",
            "Jansen", "Jovanovic", "Kaur", "Keller", "Kim", "Kowalski", "Larsen", "Lopez", "Martins", "Meyer",
            "Moreau", "Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Ortiz", "Park", "Petrov", "Popescu",
            "Quinn", "Ramos", "Rossi", "Santos", "Schmidt", "Silva", "Singh", "Sorensen", "Suzuki", "Tanaka",
            "Torres", "Ueda", "Varga", "Vasquez", "Weber", "Wagner", "Xu", "Yamada", "Yilmaz", "Zhang", "Ziegler",
            "Mensah", "Horvat", "Lindqvist", "Duarte", "Moretti", "Nowak", "Reyes", "Sato", "Volkov");

    private static final List<String> FIRST_LOWER = FIRST_NAMES.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    private static final List<String> LAST_LOWER = LAST_NAMES.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();

    static final String EMAIL_DOMAIN = "@example.invalid";
    /** Hex digits of the keyed suffix of an e-mail pseudonym: with the two names about 61 bits. */
    static final int EMAIL_HEX_BYTES = 6;
    private static final byte[] KEY_LABEL = "dbrestore mask key v2".getBytes(StandardCharsets.US_ASCII);
    private static final BigDecimal BASIS_POINT = new BigDecimal("0.0001");

    private final byte[] key;
    /** One initialised Mac per thread: the restore may mask tables on several connections at once. */
    private final ThreadLocal<Mac> macs;

    Pseudonyms(String salt) {
        this.key = hmac(salt.getBytes(StandardCharsets.UTF_8), KEY_LABEL);
        this.macs = ThreadLocal.withInitial(() -> keyed(key));
    }

    /** K's inner pad, (K ‖ 0…) xor 0x36, as hex: sent as COPY data (MaskFunctions), never in SQL text or a parameter. */
    String innerPadHex() {
        return HexFormat.of().formatHex(pad(0x36));
    }

    /** K's outer pad, (K ‖ 0…) xor 0x5c, as hex. */
    String outerPadHex() {
        return HexFormat.of().formatHex(pad(0x5c));
    }

    private byte[] pad(int with) {
        byte[] padded = Arrays.copyOf(key, 64);
        for (int i = 0; i < padded.length; i++) {
            padded[i] ^= (byte) with;
        }
        return padded;
    }

    byte[] mac(String tag, String value) {
        return macs.get().doFinal((tag + ":" + value).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        return keyed(key).doFinal(message);
    }

    private static Mac keyed(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new Fault("This Java runtime lacks HmacSHA256: " + e.getMessage(), e);
        }
    }

    static long u32(byte[] h) {
        return u32(h, 0);
    }

    /** Bytes {@code at} to {@code at + 3} of {@code h} as an unsigned big-endian number. */
    static long u32(byte[] h, int at) {
        return ((h[at] & 0xFFL) << 24) | ((h[at + 1] & 0xFFL) << 16) | ((h[at + 2] & 0xFFL) << 8) | (h[at + 3] & 0xFFL);
    }

    private String pick(List<String> names, String tag, String value) {
        return pick(names, mac(tag, value), 0);
    }

    private static String pick(List<String> names, byte[] h, int at) {
        return names.get((int) (u32(h, at) % names.size()));
    }

    String firstName(String value) {
        return pick(FIRST_NAMES, "firstName", value);
    }

    String lastName(String value) {
        return pick(LAST_NAMES, "lastName", value);
    }

    /** First name from bytes 0–3 of one HMAC, last name from bytes 4–7. */
    String fullName(String value) {
        byte[] h = mac("fullName", value);
        return pick(FIRST_NAMES, h, 0) + " " + pick(LAST_NAMES, h, 4);
    }

    /**
     * {@code <first>.<last>.<12 hex>@example.invalid} from one HMAC (names from bytes 0–7, the hex from
     * bytes 8–13): about 60 bits, so distinct inputs give distinct outputs (expected collisions ≈ n²/2⁶¹).
     */
    String email(String value) {
        byte[] h = mac("email", value);
        return pick(FIRST_LOWER, h, 0) + "." + pick(LAST_LOWER, h, 4)
                + "." + HexFormat.of().formatHex(h, 8, 8 + EMAIL_HEX_BYTES) + EMAIL_DOMAIN;
    }

    /** Hex HMAC of the value; a uuid column takes its first 32 hex digits. */
    String hash(String value, boolean uuid) {
        String hex = HexFormat.of().formatHex(mac("hash", value));
        return uuid ? hex.substring(0, 32) : hex;
    }

    /** Digits replaced by keyed digits, everything else kept; the 3 digits before the last 4 are 555. */
    String phone(String value) {
        return shape(value, "phone", true);
    }

    /** The deprecated {@code scramble}: ASCII letters and digits keyed per value (case kept), other non-ASCII x. */
    String scramble(String value) {
        return shape(value, "scramble", false);
    }

    private String shape(String value, String tag, boolean phone) {
        int[] chars = value.codePoints().toArray();
        int digits = (int) Arrays.stream(chars).filter(Pseudonyms::isDigit).count();
        int digitsFromEnd = 0;
        int[] fromEnd = new int[chars.length];
        for (int i = chars.length - 1; i >= 0; i--) {
            if (isDigit(chars[i])) {
                digitsFromEnd++;
            }
            fromEnd[i] = digitsFromEnd;
        }
        StringBuilder out = new StringBuilder(value.length());
        byte[] block = null;
        for (int i = 0; i < chars.length; i++) {
            if (i % 32 == 0) {
                block = mac(tag, (i / 32) + ":" + value);
            }
            int c = chars[i];
            int b = block[i % 32] & 0xFF;
            if (phone && isDigit(c) && digits >= 7 && fromEnd[i] >= 5 && fromEnd[i] <= 7) {
                out.append('5');
            } else if (isDigit(c)) {
                out.append((char) ('0' + b % 10));
            } else if (!phone && c >= 'a' && c <= 'z') {
                out.append((char) ('a' + b % 26));
            } else if (!phone && c >= 'A' && c <= 'Z') {
                out.append((char) ('A' + b % 26));
            } else if (!phone && c > 127) {
                out.append('x');
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** The keyed shift of a day (days since 1970-01-01): 1 to {@code days} days, earlier or later. */
    long shift(long epochDay, int days) {
        long r = u32(mac("dateShift", Long.toString(epochDay))) % (2L * days);
        return r < days ? r + 1 : days - 1 - r;
    }

    /**
     * A date, timestamp or timestamptz value as COPY text (ISO DateStyle, as pg_dump writes it)
     * shifted; infinity stays. Null when the text has a form this cannot shift (a BC date).
     */
    String dateShift(String text, String baseType, int days) {
        if (text.equals("infinity") || text.equals("-infinity")) {
            return text;
        }
        if (text.endsWith(" BC") || text.startsWith("+") || text.indexOf('-') > 4) {
            return null;
        }
        String iso = text.replace(' ', 'T');
        return switch (baseType) {
            case "date" -> {
                LocalDate date = LocalDate.parse(iso);
                yield date.plusDays(shift(date.toEpochDay(), days)).toString();
            }
            case "timestamp" -> {
                LocalDateTime at = LocalDateTime.parse(iso);
                yield at.plusDays(shift(at.toLocalDate().toEpochDay(), days)).toString();
            }
            case "timestamptz" -> {
                OffsetDateTime at = OffsetDateTime.parse(withColonOffset(iso));
                long utcDay = Math.floorDiv(at.toEpochSecond(), 86_400L);
                yield at.plusDays(shift(utcDay, days)).toString();
            }
            default -> null;
        };
    }

    /** {@code +01} → {@code +01:00}; {@code +05:30} and {@code +05:30:15} stay. */
    private static String withColonOffset(String iso) {
        int sign = Math.max(iso.lastIndexOf('+'), iso.lastIndexOf('-'));
        return sign > 10 && iso.length() - sign == 3 ? iso + ":00" : iso;
    }

    /** An integer or numeric value (COPY text) times 1 ± up to {@code percent} %, rounded to its own scale; NaN and infinities stay. */
    String numberNoise(String text, int percent) {
        if (text.equals("NaN") || text.endsWith("Infinity")) {
            return text;
        }
        BigDecimal value = new BigDecimal(text);
        long basisPoints = u32(mac("numberNoise", text)) % (200L * percent + 1) - 100L * percent;
        return value.multiply(BigDecimal.valueOf(10_000 + basisPoints)).multiply(BASIS_POINT)
                .setScale(Math.max(0, value.scale()), RoundingMode.HALF_UP).toPlainString();
    }
}
