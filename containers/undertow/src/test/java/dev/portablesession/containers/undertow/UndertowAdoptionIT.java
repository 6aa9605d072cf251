package dev.portablesession.containers.undertow;

import dev.portablesession.containers.AdoptionSuite;

class UndertowAdoptionIT extends AdoptionSuite {

    UndertowAdoptionIT() {
        super(new EmbeddedUndertow());
    }
}
