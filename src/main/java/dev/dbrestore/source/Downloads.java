package dev.dbrestore.source;

import java.io.IOException;
import java.io.InputStream;

/** Wraps a started resumable download into a {@link DumpInput} that logs download progress. */
public final class Downloads {
    private Downloads() {
    }

    /**
     * Starts the download now (so that a missing or refused object fails at once) and returns it
     * with a progress line every {@link SourceContext#progressInterval()}.
     */
    public static DumpInput start(ResumableInputStream download, SourceContext context) throws IOException {
        download.start();
        TransferProgress progress = new TransferProgress(context.progress(), "Downloaded", download.total(),
                context.progressInterval());
        InputStream counted = new CountingInputStream(download, progress);
        return DumpInput.of(counted);
    }
}
