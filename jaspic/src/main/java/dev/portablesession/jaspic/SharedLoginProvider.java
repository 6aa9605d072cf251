package dev.portablesession.jaspic;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ClientAuthConfig;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;

/**
 * The provider {@link SharedFormLoginInitializer} registers for one application: a
 * {@link SharedFormAuthModule} for each callback handler the container asks with. It keeps no
 * state of its own, so that two servers of one JVM whose applications have the same
 * application-context id (tests, embedded set-ups), and so share one registration, each get a
 * module bound to their own realm. Each module finds its session and pages through the request.
 */
final class SharedLoginProvider implements AuthConfigProvider {

    static final String LAYER = "HttpServlet";

    /** @return null: this provider authenticates the server side only */
    @Override
    public ClientAuthConfig getClientAuthConfig(String layer, String appContext, CallbackHandler handler) {
        return null;
    }

    @Override
    public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler) {
        return new Config(layer, appContext, handler);
    }

    @Override
    public void refresh() {
        // Nothing is cached.
    }

    /**
     * One context per config. Tomcat asks for a config on every request; a module is three
     * fields, far below the cost of the Redis call the request makes anyway.
     */
    private record Config(String layer, String appContext, CallbackHandler handler) implements ServerAuthConfig {

        @Override
        public String getMessageLayer() {
            return layer;
        }

        @Override
        public String getAppContext() {
            return appContext;
        }

        @Override
        public String getAuthContextID(MessageInfo messageInfo) {
            return appContext;
        }

        @Override
        public void refresh() {
            // Nothing is cached.
        }

        @Override
        public boolean isProtected() {
            return false;
        }

        @Override
        public ServerAuthContext getAuthContext(String authContextID, Subject serviceSubject,
                @SuppressWarnings("rawtypes") Map properties) {
            SharedFormAuthModule module = new SharedFormAuthModule();
            module.initialize(null, null, handler, Map.of());
            return new Context(module);
        }
    }

    private record Context(SharedFormAuthModule module) implements ServerAuthContext {

        @Override
        public AuthStatus validateRequest(MessageInfo messageInfo, Subject clientSubject, Subject serviceSubject)
                throws AuthException {
            return module.validateRequest(messageInfo, clientSubject, serviceSubject);
        }

        @Override
        public AuthStatus secureResponse(MessageInfo messageInfo, Subject serviceSubject) {
            return module.secureResponse(messageInfo, serviceSubject);
        }

        @Override
        public void cleanSubject(MessageInfo messageInfo, Subject subject) throws AuthException {
            module.cleanSubject(messageInfo, subject);
        }
    }
}
