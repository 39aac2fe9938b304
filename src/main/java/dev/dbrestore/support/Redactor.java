package dev.dbrestore.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is logged or put in an exception: query strings of URLs
 * (signed URLs carry their signature there), passwords in connection URLs, and every secret
 * value registered at run time (API keys, passwords read from settings.xml or the environment).
 */
public final class Redactor {
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    /** A URL's query string, leaving punctuation that ends the sentence around it ({@code …?sig=x: boom}). */
    private static final Pattern URL_QUERY =
            Pattern.compile("(https?://[^\\s?#\"']*)\\?[^\\s\"'<>]*?(?=[.,;:!)\\]]*(?:[\\s\"'<>]|$))");
    private static final Pattern URL_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]*):[^@\\s/]*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password|secret|token|signature)=([^&\\s]+)");

    private Redactor() {
    }

    /** Remembers a secret so that it is replaced by {@code ****} wherever it appears later. */
    public static void registerSecret(String secret) {
        if (secret != null && secret.length() >= 4) {
            SECRETS.add(secret);
        }
    }

    /** {@code text} without secrets and without row values ({@link RowValues}). */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = RowValues.withheld(text);
        for (String secret : SECRETS) {
            result = result.replace(secret, "****");
        }
        result = URL_QUERY.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "?****"));
        result = URL_PASSWORD.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":****@"));
        result = PASSWORD_PARAM.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=****"));
        return result;
    }
}
