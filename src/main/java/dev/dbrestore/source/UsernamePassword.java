package dev.dbrestore.source;

/**
 * A user name and a password, e.g. an AWS access key id and its secret, or a Heroku login and
 * API key. {@link #toString()} never shows the password.
 */
public record UsernamePassword(String username, String password) {
    @Override
    public String toString() {
        return "UsernamePassword[username=" + username + ", password=****]";
    }
}
