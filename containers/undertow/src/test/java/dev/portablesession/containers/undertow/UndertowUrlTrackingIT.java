package dev.portablesession.containers.undertow;

import dev.portablesession.containers.UrlTrackingSuite;

class UndertowUrlTrackingIT extends UrlTrackingSuite {

    UndertowUrlTrackingIT() {
        super(new EmbeddedUndertow());
    }
}
