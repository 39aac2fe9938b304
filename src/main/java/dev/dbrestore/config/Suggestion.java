package dev.dbrestore.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the word a user probably meant: {@code sanitise} → {@code sanitize}, {@code prefx} → {@code prefix}. */
final class Suggestion {
    private static final int MAX_DISTANCE = 2;
    private static final int MIN_PREFIX = 3;

    private Suggestion() {
    }

    /** The closest candidate within two edits (or sharing a prefix), if there is one. */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        String wanted = normalize(typed);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int score = score(wanted, normalize(candidate));
            if (score < bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return bestScore <= MAX_DISTANCE + 1 ? Optional.of(best) : Optional.empty();
    }

    /** 0..2 for an edit distance, 3 for a prefix match, larger for no match. */
    private static int score(String typed, String candidate) {
        int distance = distance(typed, candidate);
        if (distance <= MAX_DISTANCE) {
            return distance;
        }
        boolean prefix = Math.min(typed.length(), candidate.length()) >= MIN_PREFIX
                && (candidate.startsWith(typed) || typed.startsWith(candidate));
        return prefix ? MAX_DISTANCE + 1 : Integer.MAX_VALUE;
    }

    /** Case, '_' and '-' never matter: {@code default_profile} means {@code defaultProfile}. */
    private static String normalize(String word) {
        return word.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Damerau-Levenshtein distance (optimal string alignment): a swap of two letters is one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
