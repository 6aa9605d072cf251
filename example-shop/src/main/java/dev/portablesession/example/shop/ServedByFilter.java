package dev.portablesession.example.shop;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Adds {@code X-Served-By: <node name>} to every response. It runs before the session filter and the servlets,
 * so redirects, errors and the session filter's own 503 carry it too.
 */
public final class ServedByFilter implements Filter {

    /** The response header naming the node that answered. */
    public static final String HEADER = "X-Served-By";

    private String nodeName;

    @Override
    public void init(FilterConfig config) {
        nodeName = ShopServlets.nodeName(config.getServletContext());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader(HEADER, nodeName);
        chain.doFilter(request, new ServedByResponse(http, nodeName));
    }

    /**
     * Puts the header back after {@code reset()}, which clears every header: the session filter resets the
     * response before it writes its 503, and that answer, above all, should say which node gave it.
     */
    private static final class ServedByResponse extends HttpServletResponseWrapper {

        private final String nodeName;

        ServedByResponse(HttpServletResponse response, String nodeName) {
            super(response);
            this.nodeName = nodeName;
        }

        @Override
        public void reset() {
            super.reset();
            setHeader(HEADER, nodeName);
        }
    }
}
