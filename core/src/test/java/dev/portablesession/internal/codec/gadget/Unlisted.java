package dev.portablesession.internal.codec.gadget;

import java.io.Serializable;

/** A harmless application class that simply is not in the allow-list. */
public class Unlisted implements Serializable {

    public String name = "unlisted";
}
