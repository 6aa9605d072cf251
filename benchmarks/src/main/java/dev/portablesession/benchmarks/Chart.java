package dev.portablesession.benchmarks;

import dev.portablesession.benchmarks.app.Variant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The throughput of each scenario and variant as an SVG bar chart, relative to the in-memory
 * sessions (the floor), with the requests per second written beside each bar. Plain SVG text, no
 * library. One chart per run, at its first client count.
 */
final class Chart {

    private static final Map<Variant, String> COLORS = Map.of(
            Variant.BARE, "#d0d0d0", Variant.PASS_THROUGH, "#b8b8b8",
            Variant.MEMORY, "#9e9e9e",
            Variant.PORTABLE, "#1f6fb4",
            Variant.SPRING, "#6db33f",
            Variant.PORTABLE_EXCLUSIVE, "#e8891c",
            Variant.PORTABLE_COMPRESSED, "#7b4fb4", Variant.PORTABLE_EAGER, "#8c8c8c");
    private static final int LEFT = 200;
    private static final int BAR_AREA = 520;
    private static final int WIDTH = LEFT + BAR_AREA + 200;
    private static final int BAR = 16;
    private static final int BAR_GAP = 3;
    private static final int GROUP_GAP = 18;
    private static final int TOP = 78;

    private Chart() {
    }

    static String svg(Results results, List<Scenario> scenarios, List<Variant> variants, int clients) {
        double max = 1;
        for (Scenario scenario : scenarios) {
            for (Variant variant : variants) {
                double relative = relative(results, scenario, variant);
                if (!Double.isNaN(relative)) {
                    max = Math.max(max, relative);
                }
            }
        }
        double scale = Math.ceil(max * 4) / 4;
        int groupHeight = variants.size() * (BAR + BAR_GAP) + GROUP_GAP;
        int height = TOP + scenarios.size() * groupHeight + 40;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
                WIDTH, height, WIDTH, height));
        svg.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
        svg.append("<text x=\"12\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Requests per second, relative to"
                + " in-memory sessions (longer is faster), " + clients + " clients</text>\n");
        int x = 12;
        for (Variant variant : variants) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"38\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"48\">%s</text>%n", x, COLORS.get(variant), x + 16, escape(variant.label())));
            x += 24 + variant.label().length() * 7;
        }
        int axisBottom = TOP + scenarios.size() * groupHeight - GROUP_GAP + 6;
        for (double tick = 0; tick <= scale + 1e-9; tick += 0.25) {
            int tx = LEFT + (int) Math.round(tick / scale * BAR_AREA);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555555\">%.2f×</text>%n",
                    tx, TOP - 8, tx, axisBottom, tick == 1 ? "#888888" : "#e0e0e0", tx, axisBottom + 16, tick));
        }
        int y = TOP;
        for (Scenario scenario : scenarios) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-weight=\"bold\">%s</text>%n",
                    LEFT - 10, y + (variants.size() * (BAR + BAR_GAP)) / 2 + 4, escape(scenario.title())));
            for (Variant variant : variants) {
                Results.Cell cell = results.find(scenario, variant);
                double relative = relative(results, scenario, variant);
                if (cell != null && !Double.isNaN(relative)) {
                    int w = Math.max(1, (int) Math.round(relative / scale * BAR_AREA));
                    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\" fill=\"#333333\">%s/s · %.2f×</text>%n",
                            LEFT, y, w, BAR, COLORS.get(variant), LEFT + w + 6, y + BAR - 4,
                            Report.number(cell.throughput()), relative));
                }
                y += BAR + BAR_GAP;
            }
            y += GROUP_GAP;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Throughput over the in-memory variant's, or over the scenario's fastest when that was not run. */
    private static double relative(Results results, Scenario scenario, Variant variant) {
        Results.Cell cell = results.find(scenario, variant);
        if (cell == null) {
            return Double.NaN;
        }
        Results.Cell floor = results.find(scenario, Variant.MEMORY);
        double base = floor != null ? floor.throughput() : Double.NaN;
        if (Double.isNaN(base)) {
            base = 0;
            for (Variant other : Variant.values()) {
                Results.Cell c = results.find(scenario, other);
                if (c != null) {
                    base = Math.max(base, c.throughput());
                }
            }
        }
        return cell.throughput() / base;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
