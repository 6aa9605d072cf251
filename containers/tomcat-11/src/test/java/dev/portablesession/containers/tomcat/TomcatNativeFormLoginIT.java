package dev.portablesession.containers.tomcat;

import dev.portablesession.containers.login.NativeFormLoginSuite;

class TomcatNativeFormLoginIT extends NativeFormLoginSuite {

    TomcatNativeFormLoginIT() {
        super(new EmbeddedTomcatLogin());
    }
}
