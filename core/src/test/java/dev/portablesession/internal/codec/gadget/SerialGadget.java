package dev.portablesession.internal.codec.gadget;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/** Stands for a serializable class whose {@code readObject} does harm. */
public class SerialGadget implements Serializable {

    public String command = "calc";

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        GadgetProbe.EVENTS.add("SerialGadget.readObject");
        in.defaultReadObject();
    }
}
