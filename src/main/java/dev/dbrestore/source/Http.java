package dev.dbrestore.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JDK HTTP client as the sources use it, and small helpers around responses. */
public final class Http {
    /** How long connecting may take. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** How long a server may take to answer with its status line and headers. */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]{1,100})</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]{1,300})</Message>");

    private Http() {
    }

    /** HTTP/1.1 (plain and predictable with S3 and small servers), following redirects except https to http. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** {@code dbrestore/VERSION (Java VERSION)} */
    public static String userAgent() {
        String version = Http.class.getPackage().getImplementationVersion();
        return "dbrestore/" + (version == null ? "dev" : version) + " (Java " + Runtime.version().feature() + ")";
    }

    /** The URL without query string and fragment, for messages: signed URLs carry their signature in the query. */
    public static String display(URI uri) {
        String text = uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        return uri.getRawQuery() == null ? text : text + "?****";
    }

    /** Reads at most 8 kB of an error body as text and closes it; empty when it cannot be read. */
    public static String errorBody(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return new String(body.readNBytes(8192), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The {@code Code: Message} of an S3-style XML error body, or null. */
    public static String xmlError(String body) {
        Matcher code = XML_CODE.matcher(body);
        if (!code.find()) {
            return null;
        }
        Matcher message = XML_MESSAGE.matcher(body);
        return code.group(1) + (message.find() ? ": " + message.group(1) : "");
    }
}
