package dev.portablesession.containers.jetty;

import dev.portablesession.containers.AdoptionSuite;

class JettyAdoptionIT extends AdoptionSuite {

    JettyAdoptionIT() {
        super(new EmbeddedJetty());
    }
}
