package dev.portablesession.internal.filter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP exchange without a container, for unit tests of the request path: a request that
 * presents a cookie header, and a response that records headers and commits the way a container
 * does (on flush, redirect, error, or when its buffer fills). Only the methods the filter calls
 * are implemented; any other fails the test, so a new call cannot go unnoticed.
 */
final class FakeExchange {

    static final int BUFFER_SIZE = 64;

    final String uri;
    final List<String> cookieHeaders = new ArrayList<>();
    final Map<String, Object> requestAttributes = new HashMap<>();
    final Map<String, List<String>> headers = new LinkedHashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** What the response did, in order: "commit", "redirect /x", "error 500". */
    final List<String> actions = new ArrayList<>();
    boolean committed;
    /** Headers are ignored, as Undertow's response ignores them while an include runs. */
    boolean ignoresHeaders;
    int status = 200;

    final HttpServletRequest request;
    final HttpServletResponse response;

    FakeExchange(String uri, String cookieHeader) {
        this.uri = uri;
        if (cookieHeader != null) {
            cookieHeaders.add(cookieHeader);
        }
        this.request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> Collections.enumeration("Cookie".equalsIgnoreCase((String) args[0]) ? cookieHeaders : List.of());
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    case "isSecure" -> false;
                    case "getAttribute" -> requestAttributes.get((String) args[0]);
                    case "setAttribute" -> requestAttributes.put((String) args[0], args[1]);
                    case "toString" -> "request " + uri;
                    default -> throw new UnsupportedOperationException("FakeExchange request." + method.getName());
                });
        this.response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isCommitted" -> committed;
                    case "getBufferSize" -> BUFFER_SIZE;
                    case "addHeader" -> add((String) args[0], (String) args[1]);
                    case "setHeader" -> set((String) args[0], (String) args[1]);
                    case "getHeaders" -> List.copyOf(headers.getOrDefault((String) args[0], List.of()));
                    case "getHeaderNames" -> List.copyOf(headers.keySet());
                    case "setContentLength" -> set("Content-Length", Integer.toString((Integer) args[0]));
                    case "sendRedirect" -> commit("redirect " + args[0]);
                    case "sendError" -> commit("error " + args[0]);
                    case "flushBuffer" -> commit("flush");
                    case "getOutputStream" -> outputStream();
                    case "setStatus" -> status((Integer) args[0]);
                    case "setContentType" -> set("Content-Type", (String) args[0]);
                    case "reset" -> reset();
                    case "toString" -> "response to " + uri;
                    default -> throw new UnsupportedOperationException("FakeExchange response." + method.getName());
                });
    }

    private Object status(int code) {
        status = code;
        return null;
    }

    /** As a container resets an uncommitted response: status, headers and body. */
    private Object reset() {
        if (committed) {
            throw new IllegalStateException("reset after commit");
        }
        status = 200;
        headers.clear();
        body.reset();
        return null;
    }

    /** The Set-Cookie headers of the response. */
    List<String> setCookies() {
        return headers.getOrDefault("Set-Cookie", List.of());
    }

    private Object add(String name, String value) {
        if (!committed && !ignoresHeaders) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return null;
    }

    private Object set(String name, String value) {
        if (!committed && !ignoresHeaders) {
            headers.put(name, new ArrayList<>(List.of(value)));
        }
        return null;
    }

    private Object commit(String action) {
        actions.add(action);
        committed = true;
        return null;
    }

    private ServletOutputStream outputStream() {
        return new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
                if (body.size() >= BUFFER_SIZE && !committed) {
                    commit("commit by a full buffer");
                }
            }

            @Override
            public void flush() {
                commit("flush");
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener writeListener) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
