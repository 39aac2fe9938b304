package dev.dbrestore.support;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Removes secrets from text before it is logged or put in an exception: query strings of URLs
 * (signed URLs carry their signature there), passwords in connection URLs, and every secret
 * value registered at run time (API keys, passwords read from settings.xml or the environment).
 *
 * <p>A safety net, not the first line: URLs and connection descriptions are rendered without
 * their password in the first place. A registered secret is replaced only where it stands as a
 * <em>whole token</em>: not preceded and not followed by a token character
 * ({@code [A-Za-z0-9_-]}), and not followed by {@code ://} (a URL scheme such as
 * {@code postgres://} is never a secret). So the secret {@code postgres} is redacted in
 * {@code password=postgres}, {@code :postgres@} and {@code "postgres"}, but names and paths
 * that merely contain the word ({@code acme_postgres_prod}, {@code /home/me/postgres-dumps/})
 * are printed as they are.
 */
public final class Redactor {
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    /** Characters that continue a token: a secret next to one of them is part of another word. */
    private static final String TOKEN_CHAR = "[A-Za-z0-9_-]";
    /** Every registered secret as a whole token, longest first; null when none is registered. */
    private static volatile Pattern secretTokens;
    /** A URL's query string, leaving punctuation that ends the sentence around it ({@code …?sig=x: boom}). */
    private static final Pattern URL_QUERY =
            Pattern.compile("(https?://[^\\s?#\"']*)\\?[^\\s\"'<>]*?(?=[.,;:!)\\]]*(?:[\\s\"'<>]|$))");
    private static final Pattern URL_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]*):[^@\\s/]*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password|secret|token|signature)=([^&\\s]+)");

    private Redactor() {
    }

    /**
     * Remembers a secret so that it is replaced by {@code ****} wherever it appears later as a
     * whole token (see the class comment).
     */
    public static void registerSecret(String secret) {
        if (secret != null && secret.length() >= 4 && SECRETS.add(secret)) {
            compileSecrets();
        }
    }

    /** Rebuilds {@link #secretTokens} from every secret registered so far (synchronized: the last build sees all). */
    private static synchronized void compileSecrets() {
        String alternatives = SECRETS.stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).collect(Collectors.joining("|"));
        secretTokens = Pattern.compile("(?<!" + TOKEN_CHAR + ")(?:" + alternatives + ")(?!" + TOKEN_CHAR + "|://)");
    }

    /** {@code text} without secrets and without row values ({@link RowValues}). */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = RowValues.withheld(text);
        Pattern secrets = secretTokens;
        if (secrets != null) {
            result = secrets.matcher(result).replaceAll("****");
        }
        result = URL_QUERY.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "?****"));
        result = URL_PASSWORD.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":****@"));
        result = PASSWORD_PARAM.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=****"));
        return result;
    }
}
