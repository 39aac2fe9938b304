package dev.dbrestore.engine;

import dev.dbrestore.support.Progress;

/** Applies a dump to an empty (staging) database. */
public interface RestoreEngine {
    String name();

    void restore(RestoreRequest request, Progress progress) throws Exception;
}
