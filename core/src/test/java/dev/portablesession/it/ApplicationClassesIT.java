package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.CodecType;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.it.fixture.Basket;
import dev.portablesession.it.fixture.Wishlist;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The application's own classes, those whose class file is in its {@code WEB-INF/classes}, are
 * stored and read across servers without {@code codec.allow}, on both codecs; a class of the same
 * package that is not there, and every class once the setting is off, is refused with the fix.
 */
@ExtendWith(RedisExtension.class)
class ApplicationClassesIT {

    @TempDir
    Path webapp;

    @ParameterizedTest
    @EnumSource(CodecType.class)
    void ownClassesNeedNoSetting(CodecType codec, RedisServer redis) throws Exception {
        RedisSessionFilter.Builder builder = RedisSessionFilter.builder().redisUrl(redis.uri())
                .namespace("it-own-" + codec.configValue()).codec(codec);
        try (JettyNode a = node("a", builder.build()); JettyNode b = node("b", builder.build())) {
            Browser browser = new Browser(a.root(), b.root());
            assertEquals("stored", browser.get("/basket?op=put&item=apple").body());
            assertEquals("[apple]", browser.get("/basket?op=get").body(), "read on the other server");
            assertEquals("stored", browser.get("/basket?op=add&item=pear").body());
            assertEquals("[apple, pear]", browser.get("/basket?op=get").body());

            Browser.Response refused = browser.get("/basket?op=wish");
            assertTrue(refused.body().startsWith("refused: attribute \"wish\" (dev.portablesession.it.fixture.Wishlist)"),
                    refused.body());
            assertTrue(refused.body().contains("add \"dev.portablesession.it.fixture.*\" to the setting codec.allow"),
                    refused.body());
            assertEquals("[apple, pear]", browser.get("/basket?op=get").body());
        }
    }

    @Test
    void switchedOffOwnClassesNeedListing(RedisServer redis) throws Exception {
        RedisSessionFilter.Builder builder = RedisSessionFilter.builder().redisUrl(redis.uri())
                .namespace("it-own-off").codecAllowApplicationClasses(false);
        try (JettyNode a = node("a", builder.build())) {
            Browser browser = new Browser(a.root());
            assertTrue(browser.get("/basket?op=put&item=apple").body().startsWith(
                    "refused: attribute \"basket\" (dev.portablesession.it.fixture.Basket)"));
        }
        builder.codecAllow("dev.portablesession.it.fixture.Basket");
        try (JettyNode a = node("a", builder.build())) {
            Browser browser = new Browser(a.root());
            assertEquals("stored", browser.get("/basket?op=put&item=apple").body());
            assertEquals("[apple]", browser.get("/basket?op=get").body());
        }
    }

    /** A node whose context has a WEB-INF/classes folder holding Basket.class, and not Wishlist.class. */
    private JettyNode node(String name, RedisSessionFilter filter) throws Exception {
        Path classes = webapp.resolve("WEB-INF/classes/dev/portablesession/it/fixture");
        if (!Files.exists(classes.resolve("Basket.class"))) {
            Files.createDirectories(classes);
            Path compiled = Path.of(Basket.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve("dev/portablesession/it/fixture/Basket.class");
            Files.copy(compiled, classes.resolve("Basket.class"));
        }
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.setBaseResource(ResourceFactory.root().newResource(webapp));
        return JettyNode.start(name, context, List.of(new FilterHolder(filter)), Map.of("/basket", new BasketServlet()));
    }

    static final class BasketServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            String answer;
            try {
                answer = switch (request.getParameter("op")) {
                    case "put" -> {
                        Basket basket = new Basket();
                        basket.getItems().add(request.getParameter("item"));
                        request.getSession().setAttribute("basket", basket);
                        yield "stored";
                    }
                    case "add" -> {
                        Basket basket = (Basket) request.getSession().getAttribute("basket");
                        basket.getItems().add(request.getParameter("item"));
                        yield "stored";
                    }
                    case "get" -> String.valueOf(((Basket) request.getSession().getAttribute("basket")).getItems());
                    case "wish" -> {
                        request.getSession().setAttribute("wish", new Wishlist());
                        yield "stored";
                    }
                    default -> "unknown op";
                };
            } catch (AttributeEncodingException e) {
                answer = "refused: " + e.getMessage();
            }
            response.getWriter().print(answer);
        }
    }
}
