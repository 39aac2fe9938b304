package dev.dbrestore.sql;

import java.nio.charset.Charset;

/** A {@link ScriptItem} with its bytes, for callers that need each statement whole. */
public record ScriptItemBytes(ScriptItem item, byte[] bytes) {

    /** The item's text in the script's encoding (the session's client_encoding). */
    public String text(Charset charset) {
        return new String(bytes, charset);
    }
}
