package dev.portablesession.containers.jetty;

import dev.portablesession.containers.EmbeddedRegistrationSuite;

class JettyEmbeddedRegistrationIT extends EmbeddedRegistrationSuite {

    JettyEmbeddedRegistrationIT() {
        super(new EmbeddedJetty());
    }
}
