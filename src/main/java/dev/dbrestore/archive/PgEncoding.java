package dev.dbrestore.archive;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL encoding names (from an archive's ENCODING entry) and the Java charsets that decode them. */
public final class PgEncoding {
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
            Map.entry("UTF8", "UTF-8"), Map.entry("LATIN1", "ISO-8859-1"), Map.entry("LATIN2", "ISO-8859-2"),
            Map.entry("LATIN3", "ISO-8859-3"), Map.entry("LATIN4", "ISO-8859-4"), Map.entry("LATIN5", "ISO-8859-9"),
            Map.entry("LATIN7", "ISO-8859-13"), Map.entry("LATIN9", "ISO-8859-15"), Map.entry("WIN1250", "windows-1250"),
            Map.entry("WIN1251", "windows-1251"), Map.entry("WIN1252", "windows-1252"), Map.entry("WIN1253", "windows-1253"),
            Map.entry("WIN1254", "windows-1254"), Map.entry("WIN1255", "windows-1255"), Map.entry("WIN1256", "windows-1256"),
            Map.entry("WIN1257", "windows-1257"), Map.entry("WIN1258", "windows-1258"), Map.entry("KOI8R", "KOI8-R"),
            Map.entry("KOI8U", "KOI8-U"), Map.entry("EUC_JP", "EUC-JP"), Map.entry("EUC_KR", "EUC-KR"),
            Map.entry("EUC_CN", "GB2312"), Map.entry("SJIS", "Shift_JIS"), Map.entry("BIG5", "Big5"),
            Map.entry("GBK", "GBK"), Map.entry("GB18030", "GB18030"), Map.entry("WIN866", "IBM866"),
            Map.entry("WIN874", "x-windows-874"), Map.entry("ISO_8859_5", "ISO-8859-5"),
            Map.entry("ISO_8859_6", "ISO-8859-6"), Map.entry("ISO_8859_7", "ISO-8859-7"), Map.entry("ISO_8859_8", "ISO-8859-8"));

    private PgEncoding() {
    }

    /** "UTF8" from {@code SET client_encoding = 'UTF8';}, or UTF8 when the statement has no quoted name. */
    public static String fromEncodingEntry(String defn) {
        if (defn == null) {
            return "UTF8";
        }
        Matcher m = QUOTED.matcher(defn);
        return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : "UTF8";
    }

    /**
     * The Java charset for a PostgreSQL encoding. SQL_ASCII and unknown encodings decode as
     * ISO-8859-1, which keeps every byte (nothing is lost, nothing is validated).
     */
    public static Charset javaCharset(String pgEncoding) {
        String name = JAVA_NAMES.get(pgEncoding.toUpperCase(Locale.ROOT).replace("-", "_"));
        if (name == null) {
            return StandardCharsets.ISO_8859_1;
        }
        try {
            return Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }
}
