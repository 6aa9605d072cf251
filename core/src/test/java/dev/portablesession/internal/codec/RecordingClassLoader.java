package dev.portablesession.internal.codec;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Delegates to its parent and remembers every class name it was asked to load. */
public final class RecordingClassLoader extends ClassLoader {

    public final List<String> requested = new CopyOnWriteArrayList<>();

    public RecordingClassLoader() {
        super(RecordingClassLoader.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        requested.add(name);
        return super.loadClass(name, resolve);
    }
}
