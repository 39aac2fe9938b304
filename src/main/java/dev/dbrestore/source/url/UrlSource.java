package dev.dbrestore.source.url;

import dev.dbrestore.source.Backup;
import dev.dbrestore.source.BackupSource;
import dev.dbrestore.source.DumpInput;
import dev.dbrestore.source.SourceContext;
import dev.dbrestore.source.http.HttpResource;
import dev.dbrestore.source.http.ResumableStream;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Redactor;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A dump at an http(s) URL, streamed; {@code Last-Modified} gives the backup's date. */
public final class UrlSource implements BackupSource {
    private final URI uri;
    private final Map<String, String> headers;
    private final SourceContext ctx;

    public UrlSource(String url, Map<String, String> headers, SourceContext ctx) {
        try {
            this.uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UserError("url source: '" + Redactor.redact(url) + "' is not a valid URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new UserError("url source: only http and https URLs are supported, got '" + Redactor.redact(url) + "'");
        }
        this.headers = headers == null ? Map.of() : headers;
        this.headers.values().forEach(Redactor::registerSecret);
        this.ctx = ctx;
    }

    @Override
    public String describe() {
        return "url:" + Redactor.redact(uri.toString());
    }

    @Override
    public List<Backup> list() throws IOException {
        HttpResource.Head head = resource().head();
        return List.of(new Backup(fileName(), head.lastModified() != null ? head.lastModified() : Instant.now(),
                head.length(), "available", describe(), head.version()));
    }

    @Override
    public DumpInput open(Backup backup) throws IOException {
        ResumableStream stream = ResumableStream.open(resource(), ctx.retry(), describe(), ctx.progress());
        if (backup.version() != null && stream.version() != null && !backup.version().equals(stream.version())) {
            stream.close();
            throw new Fault("The backup " + describe() + " was replaced after it was listed (its version went from "
                    + backup.version() + " to " + stream.version() + "). Run the restore again to take the new one.");
        }
        return DumpInput.of(stream);
    }

    @Override
    public DumpInput openHead(Backup backup) {
        return DumpInput.of(resource().head(backup.size(), backup.version()));
    }

    @Override
    public String timeMeaning() {
        return "the server's Last-Modified";
    }

    private HttpResource resource() {
        return new HttpResource(uri, headers, describe());
    }

    private String fileName() {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? uri.getHost() : name;
    }
}
