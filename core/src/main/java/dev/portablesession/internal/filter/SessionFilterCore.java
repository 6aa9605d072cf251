package dev.portablesession.internal.filter;

import dev.portablesession.CodecType;
import dev.portablesession.DownPolicy;
import dev.portablesession.ExpiryEvents;
import dev.portablesession.InvalidSettingException;
import dev.portablesession.SessionMetrics;
import dev.portablesession.SessionStoreException;
import dev.portablesession.UserSessions;
import dev.portablesession.internal.codec.AttributeCodec;
import dev.portablesession.internal.codec.compress.CompressingCodec;
import dev.portablesession.internal.codec.crypto.EncryptingCodec;
import dev.portablesession.internal.codec.jdk.JdkAttributeCodec;
import dev.portablesession.internal.codec.json.JacksonExtensions;
import dev.portablesession.internal.codec.json.JsonAttributeCodec;
import dev.portablesession.internal.config.EncryptionKeys;
import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.event.FanOutEvents;
import dev.portablesession.internal.event.SessionEvents;
import dev.portablesession.internal.metrics.ActiveSessionCount;
import dev.portablesession.internal.metrics.JmxRegistration;
import dev.portablesession.internal.metrics.SessionMeters;
import dev.portablesession.internal.session.SessionIds;
import dev.portablesession.internal.store.ExpiryIndex;
import dev.portablesession.internal.store.OtherFormatException;
import dev.portablesession.internal.store.SessionStore;
import dev.portablesession.internal.store.StoreBudget;
import dev.portablesession.internal.store.StoreFullException;
import dev.portablesession.internal.store.redis.RedisConnections;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The working part of {@code dev.portablesession.RedisSessionFilter}: reads the settings, opens
 * the store, and wraps each request. Internal; applications use the filter class.
 */
public final class SessionFilterCore {

    /** The request attribute on a request whose session is served from memory (RedisSessionFilter.DEGRADED_ATTRIBUTE). */
    public static final String DEGRADED_ATTRIBUTE = "dev.portablesession.degraded";
    /** The request attribute on a request whose login went over principal.max-sessions (RedisSessionFilter.SESSION_LIMIT_ATTRIBUTE). */
    public static final String SESSION_LIMIT_ATTRIBUTE = "dev.portablesession.session-limit";
    /** The servlet context attribute holding the filter's {@link UserSessions}, while it runs with a principal. */
    public static final String USER_SESSIONS_ATTRIBUTE = UserSessions.class.getName();


    /** How old the active-session count may get before the metrics ask Redis again: 5 s. */
    private static final long ACTIVE_COUNT_MAX_AGE_NANOS = 5_000_000_000L;

    private final SessionManager manager;
    /** The sessions as code before the filter sees them, published on the application's context. */
    private final SessionsBeforeFilter beforeFilter;
    private final SessionMeters meters;
    private final JmxRegistration jmx;
    /** Null when expiry events are off. */
    private final ExpiryPoller poller;

    /** {@code redis.request-budget}, in nanoseconds. */
    private final long requestBudgetNanos;
    /** Null without a principal. */
    private final UserSessions users;

    private SessionFilterCore(SessionManager manager, SessionMeters meters, JmxRegistration jmx, ExpiryPoller poller,
            long requestBudgetNanos, UserSessions users) {
        this.requestBudgetNanos = requestBudgetNanos;
        this.users = users;
        this.manager = manager;
        this.beforeFilter = new SessionsBeforeFilter(manager, requestBudgetNanos);
        beforeFilter.publish(manager.servletContext());
        this.meters = meters;
        this.jmx = jmx;
        this.poller = poller;
    }

    /** Opens the store a filter uses, from its settings, namespace and expiry index. */
    @FunctionalInterface
    public interface StoreOpener {
        SessionStore open(Settings settings, String namespace, ExpiryIndex expiry);
    }

    /**
     * Reads the settings from every source, opens the store and checks in the background that it
     * answers.
     *
     * @param programmatic settings from the builder, keyed by setting name
     * @param givenClient opens the store on the Redisson client the application gave the builder,
     *     or null to connect as the settings say
     * @param listeners session listeners from the builder, called after those found in the application
     * @param jacksonModules the JSON codec's modules from the builder, registered after those of
     *     {@code codec.jackson-modules}
     * @param principalResolver the builder's principal resolver, or null
     * @throws IllegalArgumentException when a setting is invalid; the message names it
     */
    public static SessionFilterCore start(FilterConfig filterConfig, Map<String, String> programmatic,
            StoreOpener givenClient, List<EventListener> listeners, JacksonExtensions jacksonModules,
            BiFunction<HttpServletRequest, HttpSession, String> principalResolver) {
        ServletContext context = filterConfig.getServletContext();
        ServletContexts.reportUnknownSettings(context, filterConfig);
        ContainerSessionConfig container = ContainerSessionConfig.read(context);
        Settings settings = Settings.load(SettingSources.builder()
                .initParams(filterConfig::getInitParameter)
                .contextParams(context::getInitParameter)
                .programmatic(programmatic)
                .containerDefaults(container.defaults())
                .systemProperties(System::getProperty)
                .environment(System::getenv));
        String namespace = settings.namespace().orElseGet(() -> defaultNamespace(context.getContextPath()));
        ClassLoader classLoader = ServletContexts.applicationClassLoader(context);
        Predicate<String> ownClasses = settings.codecAllowApplicationClasses()
                ? new ApplicationClasses(context) : name -> false;
        AttributeCodec plainCodec = settings.codec() == CodecType.JDK
                ? new JdkAttributeCodec(settings.codecAllow(), classLoader, ownClasses)
                : new JsonAttributeCodec(settings.codecAllow(), classLoader, ownClasses,
                        jacksonExtensions(settings, classLoader, jacksonModules));
        // Always in the chain, so that compressed values are read with compression turned off.
        AttributeCodec compressing = new CompressingCodec(plainCodec, settings.codecCompressAboveBytes(),
                settings.attributeMaxSizeBytes());
        AttributeCodec codec = settings.encryptionKeyFile()
                .map(EncryptionKeys::read)
                .<AttributeCodec>map(keys -> new EncryptingCodec(compressing, keys.currentId(), keys.keys(), namespace))
                .orElse(compressing);
        ServletListenerEvents servletListeners = new ServletListenerEvents(ServletListeners.find(context, classLoader, settings, listeners));
        List<SessionEvents> watchers = List.of(new LoggingEvents(settings.redisDownPolicy() == DownPolicy.DEGRADE),
                new BindingListenerEvents(), servletListeners);
        boolean byUser = Principals.on(settings.principal(), settings.principalExplicit(), principalResolver);
        if (byUser && settings.expiryEvents() == ExpiryEvents.OFF) {
            // Settings refuses principal with expiry.events=off; this is the builder's resolver.
            throw new InvalidSettingException("conflicting settings: the builder's principalResolver (which the Spring "
                    + "Boot module sets for Spring Security) keeps sessions by user, and needs expiry events, which "
                    + "expiry.events=off turns off: the expiry poller is what takes an expired session out of its "
                    + "user's index; set expiry.events=auto or on, or principal=off");
        }
        boolean expiryEvents = switch (settings.expiryEvents()) {
            case ON -> true;
            case OFF -> false;
            // The user index is cleaned by the poller's claims.
            case AUTO -> byUser || watchers.stream().anyMatch(SessionEvents::wantsExpiryEvents);
        };
        ExpiryIndex expiry = expiryEvents ? ExpiryIndex.kept(settings.expiryHorizon()) : ExpiryIndex.OFF;
        SessionStore store = givenClient != null ? givenClient.open(settings, namespace, expiry)
                : RedisConnections.open(settings, namespace, expiry);
        try {
            // Health checks ask the store itself, so they do not count as the application's loads.
            SessionMeters meters = new SessionMeters(() -> answers(store),
                    new ActiveSessionCount(store::countActive, ACTIVE_COUNT_MAX_AGE_NANOS, System::nanoTime));
            List<SessionEvents> all = new ArrayList<>(watchers);
            all.add(meters);
            SessionEvents events = new FanOutEvents(all);
            SessionManager manager = new SessionManager(store, codec, context,
                    new SessionCookie(settings, context.getContextPath(), container.extraCookieAttributes()),
                    settings, settings.maxInactiveIntervalSeconds(), events, principalResolver, classLoader);
            // describe() shows the namespace when it is set; the one derived from the context path is added here.
            LoggingEvents.LOG.log(Level.INFO, "RedisSessionFilter for " + ServletContexts.describe(context) + ": "
                    + (settings.namespace().isEmpty() ? "namespace " + namespace + ", " : "")
                    + (givenClient != null ? "Redis from the RedissonClient given to the builder, " : "") + settings.describe());
            settings.warnings().forEach(warning -> LoggingEvents.LOG.log(Level.WARNING, warning));
            if (settings.codec() != CodecType.JSON && !jacksonModules.isEmpty()) {
                LoggingEvents.LOG.log(Level.WARNING, "the Jackson modules given to the builder apply to codec=json only; "
                        + "with codec=" + settings.codec().configValue() + " they are ignored");
            }
            manager.probe();
            ExpiryPoller poller = null;
            if (expiryEvents) {
                poller = new ExpiryPoller(manager, settings.expiryPollInterval(), classLoader, namespace);
                poller.start();
            }
            UserSessions users = manager.principals().on() ? manager.principals().index() : null;
            if (users != null) {
                context.setAttribute(USER_SESSIONS_ATTRIBUTE, users);
            }
            return new SessionFilterCore(manager, meters, JmxRegistration.register(meters, users, context.getContextPath(),
                    namespace), poller, settings.redisRequestBudget().toNanos(), users);
        } catch (RuntimeException | Error e) {
            // Nothing else will close it: a shared client would count this filter as a user forever.
            store.close();
            throw e;
        }
    }

    private static boolean answers(SessionStore store) {
        try {
            store.load(SessionIds.generate(), System.currentTimeMillis());
            return true;
        } catch (SessionStoreException e) {
            return false;
        }
    }

    /** What the filter has done since it started. */
    public SessionMetrics metrics() {
        return meters;
    }

    /** The sessions by user, or null when sessions belong to nobody (no {@code principal}). */
    public UserSessions userSessions() {
        return users;
    }

    /** Wraps the request so its session lives in the store; see the filter's documentation. */
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest httpRequest) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        // A state travels as a request attribute once its request has used the session (or went
        // async), and always inside this filter's wrapper; a request that never uses its session
        // costs no attribute (setting the first one allocates the container's attribute map).
        RequestSessionState state = (RequestSessionState) httpRequest.getAttribute(RequestSessionState.ATTRIBUTE);
        SessionRequestWrapper wrapped = sessionWrapper(httpRequest);
        if (state == null && wrapped != null) {
            state = wrapped.state();
        }
        if (state != null && wrapped != null) {
            if (!state.belongsTo(manager) && httpRequest.getDispatcherType() == DispatcherType.REQUEST) {
                manager.events().registeredTwice(httpRequest.getRequestURI());
            }
            // A forward, include or async dispatch of a request already wrapped, or a second registration.
            long[] outer = StoreBudget.enter(state.budget(requestBudgetNanos));
            try {
                // A 503 goes out beneath this filter's response wrapper: through it, writing the
                // message would first try the very save that just failed.
                run(state, false, httpRequest, httpResponse, chain, httpRequest, beneathSessionWrapper(httpResponse));
            } finally {
                StoreBudget.end(outer);
            }
            return;
        }
        if (state == null) {
            // Not yet published: a later dispatch with the container's own request (an error page)
            // finds it only if this request uses its session, and without it starts afresh, as it may.
            state = new RequestSessionState(manager, httpRequest, httpResponse);
        }
        // False for an error dispatch with the container's own request after the first pass; true
        // for a state a Jakarta Authentication module opened before the filter (SessionsBeforeFilter).
        boolean first = state.enterFilter();
        // The request's time on Redis, all calls of all its dispatches together (redis.request-budget).
        long[] outer = StoreBudget.enter(state.budget(requestBudgetNanos));
        try {
            if (first) {
                state.touchIfConfigured();
            }
            // First pass, or an error dispatch the container made with its own unwrapped request.
            SessionResponseWrapper wrappedResponse = new SessionResponseWrapper(httpResponse, state);
            SessionRequestWrapper wrappedRequest = new SessionRequestWrapper(httpRequest, state, wrappedResponse);
            run(state, first, wrappedRequest, wrappedResponse, chain, httpRequest, httpResponse);
        } finally {
            StoreBudget.end(outer);
        }
    }

    /** Stops the expiry poller, withdraws the metrics from JMX and shuts the store down. */
    public void close() {
        beforeFilter.withdraw(manager.servletContext());
        if (poller != null) {
            poller.stop();
        }
        if (users != null && manager.servletContext().getAttribute(USER_SESSIONS_ATTRIBUTE) == users) {
            manager.servletContext().removeAttribute(USER_SESSIONS_ATTRIBUTE);
        }
        jmx.close();
        manager.close();
    }

    /**
     * Runs the chain, then saves. The first pass of a request ({@code last}) also releases the
     * session lock, or leaves that to the end of its async processing; inner dispatches only save.
     */
    private void run(RequestSessionState state, boolean last, HttpServletRequest request, HttpServletResponse response,
            FilterChain chain, HttpServletRequest original, HttpServletResponse originalResponse)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            if (respondedToFailure(e, originalResponse, last ? state.headersBeforeSession() : Map.of())) {
                finishQuietly(state, last);
                return;
            }
            finishQuietly(state, last);
            throw e;
        }
        if (original.isAsyncStarted()) {
            // An async dispatch may come with the container's own request: it must find this state.
            state.publish();
            original.getAsyncContext().addListener(new SaveOnAsyncEnd(state, manager.events(), original.getRequestURI(),
                    requestBudgetNanos));
            return;
        }
        try {
            if (last) {
                state.finish();
            } else {
                state.save();
            }
        } catch (SessionStoreException | SessionLockLostException e) {
            respondedToFailure(e, originalResponse, last ? state.headersBeforeSession() : Map.of());
        }
    }

    /** Saves what it can after a failure; the failure itself is what gets reported. */
    private static void finishQuietly(RequestSessionState state, boolean last) {
        try {
            if (last) {
                state.finish();
            } else {
                state.save();
            }
        } catch (SessionStoreException | SessionLockLostException ignored) {
            // Both are reported through the event seam already: an outage, a lost lock.
        }
    }

    /**
     * Answers a failure of the session layer with a 503, unless the response is already on its
     * way; other failures are the application's, and go to the container.
     *
     * @param headersBefore headers set before the request first used its session, kept on the 503
     *     (CORS, tracing, set by the container or by filters before this one)
     * @return whether {@code e} was a session failure that has been answered
     */
    static boolean respondedToFailure(Throwable e, HttpServletResponse response,
            Map<String, List<String>> headersBefore) throws IOException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = null;
            String retryAfter = "5";
            if (t instanceof OtherFormatException) {
                message = "this session was stored by another version of the application's session library; "
                        + "please try again shortly.";
            } else if (t instanceof StoreFullException) {
                message = "the session store is out of memory and cannot save changes; please try again later.";
                retryAfter = "30";
            } else if (t instanceof SessionStoreException) {
                message = "the session store cannot be reached; please try again shortly.";
            } else if (t instanceof SessionBusyException) {
                message = "the session is busy with another request; please try again.";
                retryAfter = "1";
            } else if (t instanceof SessionLockLostException) {
                message = "the request took longer than its session lock allows, and its session changes were not saved.";
            }
            if (message != null) {
                if (!response.isCommitted()) {
                    respondUnavailable(response, "503 Service Unavailable: " + message + "\n", retryAfter, headersBefore);
                }
                return true;
            }
        }
        return false;
    }

    private static void respondUnavailable(HttpServletResponse response, String message, String retryAfter,
            Map<String, List<String>> headersBefore) throws IOException {
        // Reset drops what the application started to answer; what came before this filter stays.
        response.reset();
        headersBefore.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", retryAfter);
        response.setContentType("text/plain;charset=UTF-8");
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IllegalStateException writerInUse) {
            PrintWriter writer = response.getWriter();
            writer.write(message);
        }
    }

    /** The response this filter's wrapper wraps, if {@code response} is or contains one; else {@code response}. */
    private static HttpServletResponse beneathSessionWrapper(HttpServletResponse response) {
        for (ServletResponse r = response; r instanceof ServletResponseWrapper w; r = w.getResponse()) {
            if (r instanceof SessionResponseWrapper && w.getResponse() instanceof HttpServletResponse beneath) {
                return beneath;
            }
        }
        return response;
    }

    /** This filter's wrapper, if {@code request} is or contains one; else null. */
    private static SessionRequestWrapper sessionWrapper(ServletRequest request) {
        for (ServletRequest r = request; r != null; r = r instanceof ServletRequestWrapper w ? w.getRequest() : null) {
            if (r instanceof SessionRequestWrapper wrapper) {
                return wrapper;
            }
        }
        return null;
    }

    /** The modules of {@code codec.jackson-modules}, then the builder's, then the mix-ins. */
    private static JacksonExtensions jacksonExtensions(Settings settings, ClassLoader classLoader,
            JacksonExtensions fromBuilder) {
        JacksonExtensions extensions;
        try {
            extensions = JacksonExtensions.NONE.withModuleClasses(settings.codecJacksonModules(), classLoader);
        } catch (IllegalArgumentException e) {
            throw settings.invalidJacksonModules(e.getMessage());
        }
        extensions = extensions.with(fromBuilder);
        try {
            return extensions.withMixIns(settings.codecJacksonMixins(), classLoader);
        } catch (IllegalArgumentException e) {
            throw settings.invalidJacksonMixins(e.getMessage());
        }
    }

    private static String defaultNamespace(String contextPath) {
        String name = contextPath == null || contextPath.isEmpty() || contextPath.equals("/") ? "ROOT" : contextPath.substring(1);
        return "session:" + name.replaceAll("[{}\\s]", "_");
    }

    /** Saves what changed during async processing once it ends, and follows restarts of it. */
    private static final class SaveOnAsyncEnd implements AsyncListener {
        private final RequestSessionState state;
        private final SessionEvents events;
        private final String requestUri;
        private final long budgetNanos;

        SaveOnAsyncEnd(RequestSessionState state, SessionEvents events, String requestUri, long budgetNanos) {
            this.state = state;
            this.events = events;
            this.requestUri = requestUri;
            this.budgetNanos = budgetNanos;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            save();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            save();
        }

        @Override
        public void onError(AsyncEvent event) {
            save();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // A new async cycle drops the listeners of the previous one.
            event.getAsyncContext().addListener(this);
        }

        /** On the container's thread, with what is left of the request's budget. */
        private void save() {
            long[] outer = StoreBudget.enter(state.budget(budgetNanos));
            try {
                state.finish();
            } catch (SessionStoreException | SessionLockLostException e) {
                events.asyncSaveFailed(requestUri, e);
            } finally {
                StoreBudget.end(outer);
            }
        }
    }
}
