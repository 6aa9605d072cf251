package dev.portablesession.internal.codec.gadget;

/** Stands for a class that does harm when loaded, constructed or given a property. */
public class JsonGadget {

    static {
        GadgetProbe.EVENTS.add("JsonGadget initialized");
    }

    public JsonGadget() {
        GadgetProbe.EVENTS.add("JsonGadget constructed");
    }

    public void setCommand(String command) {
        GadgetProbe.EVENTS.add("JsonGadget.setCommand");
    }
}
