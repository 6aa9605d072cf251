package dev.portablesession.containers.jetty;

import dev.portablesession.containers.login.NativeFormLoginSuite;

class JettyNativeFormLoginIT extends NativeFormLoginSuite {

    JettyNativeFormLoginIT() {
        super(new EmbeddedJettyLogin());
    }
}
