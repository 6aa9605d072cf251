package dev.portablesession.containers.undertow;

import dev.portablesession.containers.EmbeddedRegistrationSuite;

class UndertowEmbeddedRegistrationIT extends EmbeddedRegistrationSuite {

    UndertowEmbeddedRegistrationIT() {
        super(new EmbeddedUndertow());
    }
}
