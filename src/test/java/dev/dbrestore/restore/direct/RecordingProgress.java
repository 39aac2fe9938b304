package dev.dbrestore.restore.direct;

import dev.dbrestore.support.Progress;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Progress that keeps what it was told, for assertions. */
final class RecordingProgress implements Progress {
    final List<String> infos = new CopyOnWriteArrayList<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        infos.add(message);
    }

    @Override
    public void warn(String message) {
        warnings.add(message);
    }

    @Override
    public void debug(String message) {
    }
}
