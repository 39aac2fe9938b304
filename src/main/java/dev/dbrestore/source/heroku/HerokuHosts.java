package dev.dbrestore.source.heroku;

import dev.dbrestore.source.SourceContext;

import java.net.URI;

/** Where Heroku's APIs live, overridable like the Heroku CLI does (heroku-api.md §1.1). */
final class HerokuHosts {
    static final String DEFAULT_DATA_API = "https://api.data.heroku.com";

    private HerokuHosts() {
    }

    /**
     * The data API's base URL: the YAML {@code apiUrl}, else {@code HEROKU_DATA_HOST}, else
     * {@code HEROKU_POSTGRESQL_HOST}, else {@code https://api.data.heroku.com}. A host name gets
     * {@code https://}; a full URL (e.g. {@code http://127.0.0.1:8089}) is taken as is.
     */
    static URI dataApi(String apiUrl, SourceContext context) {
        String configured = apiUrl != null && !apiUrl.isBlank() ? apiUrl.trim()
                : context.envVar("HEROKU_DATA_HOST") != null ? context.envVar("HEROKU_DATA_HOST")
                : context.envVar("HEROKU_POSTGRESQL_HOST") != null ? context.envVar("HEROKU_POSTGRESQL_HOST")
                : DEFAULT_DATA_API;
        String url = configured.startsWith("http://") || configured.startsWith("https://")
                ? configured : "https://" + configured;
        return URI.create(url.replaceAll("/+$", ""));
    }

    /**
     * The platform API's host, which names the {@code .netrc} machine holding the key:
     * {@code api.heroku.com}, or {@code api.$HEROKU_HOST}, or the host of a {@code HEROKU_HOST} URL.
     */
    static String platformHost(SourceContext context) {
        String herokuHost = context.envVar("HEROKU_HOST");
        if (herokuHost == null) {
            return "api.heroku.com";
        }
        if (herokuHost.startsWith("http")) {
            String host = URI.create(herokuHost).getHost();
            return host == null ? "api.heroku.com" : host;
        }
        return "api." + herokuHost;
    }
}
