package dev.portablesession.internal.codec.gadget;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records anything the gadget classes of this package get to do. */
public final class GadgetProbe {

    /** What happened, in order; empty as long as no gadget class was initialized or built. */
    public static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    private GadgetProbe() {
    }
}
