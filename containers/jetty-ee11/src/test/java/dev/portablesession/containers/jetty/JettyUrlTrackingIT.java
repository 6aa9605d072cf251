package dev.portablesession.containers.jetty;

import dev.portablesession.containers.UrlTrackingSuite;

class JettyUrlTrackingIT extends UrlTrackingSuite {

    JettyUrlTrackingIT() {
        super(new EmbeddedJetty());
    }
}
