package dev.dbrestore.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * For the invoker IT {@code remote-sources-prod}: the remote places a new user points the plugin
 * at, started in the invoker's JVM by the IT's setup script and stopped by its verify script.
 * A Heroku data API mimic with three backups of app {@code acme-production} (b001 and b002
 * succeeded, b003 failed; b002 is the real Heroku-style dump with {@code heroku_ext}), and an
 * in-process s3proxy whose bucket {@code acme-backups} holds two real dumps under {@code prod/}
 * and a file the glob must skip, and an empty bucket {@code acme-sanitized} for {@code publish-then-develop}. The secrets here are also in {@code src/it/settings.xml}.
 */
public final class ItRemoteServers {
    public static final String HEROKU_API_KEY = "it-heroku-key-7d41f0c2-93ab";

    private static HerokuMimic heroku;
    private static S3Server s3;

    private ItRemoteServers() {
    }

    /** Starts both servers; returns {heroku API base URL, S3 endpoint}. */
    public static synchronized String[] start(Path workDir, Path fixtures) throws Exception {
        stop();
        Path acme = fixtures.resolve("acme");
        heroku = new HerokuMimic(HEROKU_API_KEY);
        heroku.backup("acme-production", 1, true, "2026-06-01 03:00:00 +0000", "2026-06-01 03:04:00 +0000",
                acme.resolve("acme-pg15.dump"));
        heroku.backup("acme-production", 2, true, "2026-06-02 03:00:00 +0000", "2026-06-02 03:04:00 +0000",
                acme.resolve("acme-pg17-heroku.dump"));
        heroku.backup("acme-production", 3, false, "2026-06-03 03:00:00 +0000", "2026-06-03 03:01:00 +0000", null);
        heroku.restoreTransfer("acme-production", 4, "2026-06-03 09:00:00 +0000");

        Path storage = workDir.resolve("s3-storage");
        Files.createDirectories(storage);
        s3 = new S3Server(storage);
        s3.createBucket("acme-backups");
        s3.put("acme-backups", "prod/acme-2026-06-10.dump", Files.readAllBytes(acme.resolve("acme-pg15.dump")),
                Instant.parse("2026-06-10T04:00:00Z"));
        s3.put("acme-backups", "prod/acme-2026-06-11.dump", Files.readAllBytes(acme.resolve("acme-pg17-zstd.dump")),
                Instant.parse("2026-06-11T04:00:00Z"));
        s3.put("acme-backups", "prod/README.txt", "not a dump".getBytes(), Instant.parse("2026-06-12T04:00:00Z"));
        s3.createBucket("acme-sanitized"); // publish-then-develop publishes here

        return new String[] {heroku.baseUrl(), s3.endpoint().toString()};
    }

    /** Every secret the servers know: none may appear in a build log. */
    public static synchronized List<String> secrets() {
        List<String> all = new ArrayList<>(List.of(HEROKU_API_KEY, S3Server.SECRET_KEY));
        if (heroku != null) {
            all.addAll(heroku.signatures());
        }
        return all;
    }

    public static synchronized void stop() throws Exception {
        if (heroku != null) {
            heroku.close();
            heroku = null;
        }
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }
}
