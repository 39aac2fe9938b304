package dev.dbrestore.engine;

import java.util.regex.Pattern;

/**
 * The statements of a plain dump that make or describe a subscription: left out unless
 * {@code keepSubscriptions}, as {@code pg_restore --no-subscriptions} leaves out an archive's
 * SUBSCRIPTION entries. A development copy must not subscribe to the production publisher.
 */
public final class SubscriptionStatements {
    private static final Pattern SUBSCRIPTION = Pattern.compile(
            "(?is)^(CREATE|ALTER|DROP)\\s+SUBSCRIPTION\\b.*|^(COMMENT|SECURITY\\s+LABEL(\\s+FOR\\s+\\S+)?)\\s+ON\\s+SUBSCRIPTION\\b.*");

    private SubscriptionStatements() {
    }

    /** Whether {@code code} (starting with the statement's first word) is about a subscription. */
    public static boolean isSubscription(String code) {
        return SUBSCRIPTION.matcher(code).matches();
    }
}
