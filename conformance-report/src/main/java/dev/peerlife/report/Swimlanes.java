package dev.peerlife.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.peerlife.report.Words.attr;
import static dev.peerlife.report.Words.esc;

/**
 * A simulation's swimlanes: per peer, its server-side states over time as bars at their real position
 * and length, with the faults marked. A state held too briefly to show as a bar (TimedOut is often held
 * for 0 ms, since the same evaluation schedules the reconnect) keeps its true, thin bar and gets a
 * marker above it at its moment, so that it is visible without being drawn longer than it lasted.
 *
 * <p>Drawn twice, wide (label beside the lane) and narrow (label above it), the page's CSS showing
 * one by the window's width; both carry an SVG title and description, every bar and marker a title
 * with its times, and a table after them gives the same intervals as text. Stateless.
 */
final class Swimlanes {

    /** Lanes drawn at most: every faulted peer first, then the others in the order the simulation lists them. */
    static final int MAX_LANES = 30;

    /** The states in the legend's order, with their colours: related states in related hues, each distinct. */
    static final Map<String, String> STATE_COLOURS = new LinkedHashMap<>();

    static {
        STATE_COLOURS.put("TransportConnected", "#a6cee3");
        STATE_COLOURS.put("LoginPending", "#1f78b4");
        STATE_COLOURS.put("LoggedIn", "#33a02c");
        STATE_COLOURS.put("LoginFailed", "#8c510a");
        STATE_COLOURS.put("TimedOut", "#ff7f00");
        STATE_COLOURS.put("ReconnectPending", "#cab2d6");
        STATE_COLOURS.put("Reconnecting", "#6a3d9a");
        STATE_COLOURS.put("Disconnected", "#9e9e9e");
    }

    private static final List<String> DARK = List.of("#1f78b4", "#33a02c", "#8c510a", "#6a3d9a");
    private static final String FAULT = "#d7191c";
    private static final double MARKER_WIDTH = 10;

    /** One drawing's geometry, in SVG user units. */
    record Layout(String name, int width, int plotX, int plotWidth, int laneHeight, int labelHeight, int top, double minBar) {
    }

    static final Layout WIDE = new Layout("wide", 1000, 140, 840, 26, 0, 26, 8);
    static final Layout NARROW = new Layout("narrow", 400, 8, 384, 42, 15, 26, 8);

    /** One state held by one peer from {@code fromMs} to {@code toMs}. */
    record Interval(String peer, int index, String state, long fromMs, long toMs, String event, String reason) {
        long heldMs() {
            return toMs - fromMs;
        }
    }

    private Swimlanes() {
    }

    /** The lanes to draw: every faulted peer first, then the others, at most {@link #MAX_LANES}. */
    static List<String> lanes(Report.Simulation s) {
        List<String> lanes = new ArrayList<>();
        for (String peer : faulted(s)) {
            if (lanes.size() < MAX_LANES) {
                lanes.add(peer);
            }
        }
        for (String peer : s.timelines().keySet()) {
            if (lanes.size() < MAX_LANES && !lanes.contains(peer)) {
                lanes.add(peer);
            }
        }
        return lanes;
    }

    static List<String> faulted(Report.Simulation s) {
        List<String> faulted = new ArrayList<>();
        s.faults().forEach(f -> {
            if (!faulted.contains(f.path("peer").asText())) {
                faulted.add(f.path("peer").asText());
            }
        });
        return faulted;
    }

    /**
     * A peer's server-side states as intervals: from its first server-side event (before it the server
     * has no session for it, drawn blank) to the end of the simulation; events that leave the state as
     * it is (heartbeats) do not split an interval.
     */
    static List<Interval> intervals(Report.Simulation s, String peer) {
        List<Interval> out = new ArrayList<>();
        JsonNode marks = s.timelines().get(peer);
        long end = endMs(s);
        String state = null;
        long from = 0;
        String event = null;
        String reason = null;
        if (marks != null) {
            for (JsonNode m : marks) {
                if (!m.path("side").asText().equals("server")) {
                    continue;
                }
                String next = m.path("to").asText();
                if (next.equals(state)) {
                    continue;
                }
                long t = Math.min(end, Math.max(from, m.path("tMs").asLong()));
                if (state != null) {
                    out.add(new Interval(peer, out.size(), state, from, t, event, reason));
                }
                state = next;
                from = t;
                event = m.path("event").asText();
                reason = m.hasNonNull("reason") ? m.get("reason").asText() : null;
            }
        }
        if (state != null) {
            out.add(new Interval(peer, out.size(), state, from, end, event, reason));
        }
        return out;
    }

    /**
     * Where the drawing ends: the scenario's duration, or the last recorded event when the shutdown after
     * it recorded some (clients and sessions closing), so that no event is cut off.
     */
    static long endMs(Report.Simulation s) {
        long end = Math.max(0, s.durationMs());
        for (JsonNode marks : s.timelines().values()) {
            for (JsonNode m : marks) {
                end = Math.max(end, m.path("tMs").asLong());
            }
        }
        return end;
    }

    /** The figure: a note when lanes were left out, the legend, both drawings, and the intervals as a table. */
    static String figure(Report.Simulation s, String id) {
        List<String> lanes = lanes(s);
        List<String> faulted = faulted(s);
        StringBuilder h = new StringBuilder();
        h.append("<figure class=\"swimlanes\" id=\"").append(id).append("\" aria-labelledby=\"").append(id).append("-caption\">\n");
        h.append("<figcaption id=\"").append(id).append("-caption\">Server-side state of each peer over the ")
                .append(seconds(s.durationMs())).append(" of the simulation");
        if (endMs(s) > s.durationMs()) {
            h.append(" and its shutdown (the dashed line marks the end of the scenario)");
        }
        if (lanes.size() < s.timelines().size()) {
            h.append(": ").append(lanes.size()).append(" of ").append(s.timelines().size())
                    .append(" peers shown, every faulted peer first");
        } else if (!faulted.isEmpty()) {
            h.append(", faulted peers first");
        }
        h.append(". Hover over a bar or a marker for its times, or open the table below the drawing.</figcaption>\n");
        legend(h);
        h.append(svg(s, lanes, faulted, WIDE, id)).append(svg(s, lanes, faulted, NARROW, id));
        table(h, s, lanes, id);
        h.append("</figure>\n");
        return h.toString();
    }

    private static void legend(StringBuilder h) {
        h.append("<ul class=\"legend\" aria-label=\"Legend of the swimlanes\">");
        STATE_COLOURS.forEach((state, colour) -> h.append("<li><span class=\"swatch\" style=\"background:").append(colour)
                .append("\"></span>").append(state).append("</li>"));
        h.append("<li><span class=\"swatch marker\" aria-hidden=\"true\">&#9660;</span>held too briefly to draw as a bar "
                        + "(marked at its moment; markers at one moment side by side, in order)</li>")
                .append("<li><span class=\"swatch fault\"></span>fault injected (red underline, dashed outline)</li>")
                .append("<li><span class=\"swatch blank\"></span>blank: no session on the server yet</li></ul>\n");
    }

    /** One drawing of the lanes in {@code layout}. */
    static String svg(Report.Simulation s, List<String> lanes, List<String> faulted, Layout layout, String id) {
        double duration = Math.max(1, endMs(s));
        int height = layout.top() + lanes.size() * layout.laneHeight() + 6;
        String svgId = id + "-" + layout.name();
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"timeline tl-").append(layout.name()).append("\" id=\"").append(svgId)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(layout.width()).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"").append(svgId).append("-title ").append(svgId).append("-desc\">\n");
        svg.append("<title id=\"").append(svgId).append("-title\">Server-side states of ").append(lanes.size()).append(" peers over ")
                .append(seconds(s.durationMs())).append("</title>\n");
        svg.append("<desc id=\"").append(svgId).append("-desc\">").append(esc(description(s, lanes, faulted)))
                .append(" The table after the drawing lists every interval.</desc>\n");

        double step = tickStepMs(duration, layout.plotWidth());
        for (double t = 0; t <= duration + 0.5; t += step) {
            double x = x(layout, duration, t);
            svg.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(layout.top() - 6).append("\" x2=\"").append(fmt(x))
                    .append("\" y2=\"").append(layout.top() + lanes.size() * layout.laneHeight()).append("\" stroke=\"#e2e2e2\"/>")
                    .append("<text x=\"").append(fmt(x)).append("\" y=\"14\" text-anchor=\"middle\" class=\"tick\">")
                    .append(tickLabel(t, step)).append("</text>\n");
        }
        if (duration > s.durationMs()) {
            double x = x(layout, duration, s.durationMs());
            svg.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(layout.top() - 6).append("\" x2=\"").append(fmt(x))
                    .append("\" y2=\"").append(layout.top() + lanes.size() * layout.laneHeight())
                    .append("\" stroke=\"#555\" stroke-dasharray=\"2 3\"><title>end of the scenario at ").append(Words.ms(s.durationMs()))
                    .append("; the events after it are the shutdown</title></line>\n");
        }
        for (int n = 0; n < lanes.size(); n++) {
            String peer = lanes.get(n);
            double laneTop = layout.top() + n * layout.laneHeight() + layout.labelHeight();
            double barTop = laneTop + 8;
            double barHeight = layout.laneHeight() - layout.labelHeight() - 14;
            boolean isFaulted = faulted.contains(peer);
            int room = isFaulted ? 10 : 18;
            String label = peer.length() > room ? peer.substring(0, room - 1) + "\u2026" : peer;
            if (layout.labelHeight() > 0) {
                svg.append("<text x=\"").append(layout.plotX()).append("\" y=\"").append(fmt(laneTop - 3)).append("\" class=\"lane\">");
            } else {
                svg.append("<text x=\"4\" y=\"").append(fmt(barTop + barHeight - 2)).append("\" class=\"lane\">");
            }
            svg.append("<title>").append(esc(peer)).append("</title>").append(esc(label)).append(isFaulted ? " (faulted)" : "")
                    .append("</text>\n");
            List<Interval> intervals = intervals(s, peer);
            Map<Integer, Double> markers = markerPositions(intervals, layout, duration);
            for (Interval i : intervals) {
                double x1 = x(layout, duration, i.fromMs());
                double w = (i.toMs() - i.fromMs()) / duration * layout.plotWidth();
                String colour = STATE_COLOURS.getOrDefault(i.state(), "#cccccc");
                String title = esc(tooltip(i));
                svg.append("<rect class=\"state\" data-state=\"").append(attr(i.state())).append("\" data-interval=\"")
                        .append(attr(peer + "#" + i.index())).append("\" x=\"").append(fmt(x1)).append("\" y=\"").append(fmt(barTop))
                        .append("\" width=\"").append(fmt(w)).append("\" height=\"").append(fmt(barHeight)).append("\" fill=\"")
                        .append(colour).append("\"><title>").append(title).append("</title></rect>\n");
                if (w >= i.state().length() * 6 + 8) {
                    svg.append("<text x=\"").append(fmt(x1 + 4)).append("\" y=\"").append(fmt(barTop + barHeight - 3))
                            .append("\" class=\"inbar\" aria-hidden=\"true\" fill=\"").append(DARK.contains(colour) ? "#fff" : "#111")
                            .append("\">").append(esc(i.state())).append("</text>\n");
                }
                if (markers.containsKey(i.index())) {
                    double mx = markers.get(i.index());
                    svg.append("<polygon class=\"brief\" data-state=\"").append(attr(i.state())).append("\" data-interval=\"")
                            .append(attr(peer + "#" + i.index())).append("\" points=\"").append(fmt(mx - 5)).append(',').append(fmt(barTop - 8))
                            .append(' ').append(fmt(mx + 5)).append(',').append(fmt(barTop - 8)).append(' ').append(fmt(mx)).append(',')
                            .append(fmt(barTop - 1)).append("\" fill=\"").append(colour).append("\" stroke=\"#222\" stroke-width=\"0.8\"><title>")
                            .append(title).append(" (too brief to draw as a bar)</title></polygon>\n");
                }
            }
            for (JsonNode f : s.faults()) {
                if (!f.path("peer").asText().equals(peer)) {
                    continue;
                }
                double fx1 = x(layout, duration, Math.min(duration, f.path("startMs").asDouble()));
                double fx2 = x(layout, duration, Math.min(duration, f.path("endMs").asDouble()));
                String title = esc("fault " + f.path("fault").asText() + " on " + peer + ": " + f.path("toxic").asText() + " from "
                        + Words.ms(f.path("startMs").asLong()) + " to " + Words.ms(f.path("endMs").asLong()));
                svg.append("<rect class=\"fault\" x=\"").append(fmt(fx1)).append("\" y=\"").append(fmt(barTop - 1)).append("\" width=\"")
                        .append(fmt(Math.max(1, fx2 - fx1))).append("\" height=\"").append(fmt(barHeight + 2))
                        .append("\" fill=\"none\" stroke=\"").append(FAULT).append("\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\"><title>")
                        .append(title).append("</title></rect><rect class=\"fault-band\" x=\"").append(fmt(fx1)).append("\" y=\"")
                        .append(fmt(barTop + barHeight + 2)).append("\" width=\"").append(fmt(Math.max(1, fx2 - fx1)))
                        .append("\" height=\"3\" fill=\"").append(FAULT).append("\"><title>").append(title).append("</title></rect>\n");
            }
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * Where each state too brief for a bar gets its marker: at its moment, or just after the previous
     * marker when several fall together (a group is shifted left as a whole rather than run off the end).
     */
    static Map<Integer, Double> markerPositions(List<Interval> intervals, Layout layout, double duration) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        List<Interval> group = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        double limit = layout.plotX() + layout.plotWidth() + (layout.width() - layout.plotX() - layout.plotWidth()) / 2.0;
        for (Interval i : intervals) {
            double w = (i.toMs() - i.fromMs()) / duration * layout.plotWidth();
            if (w >= layout.minBar()) {
                continue;
            }
            double x = x(layout, duration, i.fromMs());
            if (!xs.isEmpty() && x >= xs.get(xs.size() - 1) + MARKER_WIDTH) {
                placeGroup(out, group, xs, limit);
            }
            group.add(i);
            xs.add(xs.isEmpty() ? x : Math.max(x, xs.get(xs.size() - 1) + MARKER_WIDTH));
        }
        placeGroup(out, group, xs, limit);
        return out;
    }

    private static void placeGroup(Map<Integer, Double> out, List<Interval> group, List<Double> xs, double limit) {
        if (group.isEmpty()) {
            return;
        }
        double shift = Math.max(0, xs.get(xs.size() - 1) + MARKER_WIDTH / 2 - limit);
        for (int k = 0; k < group.size(); k++) {
            out.put(group.get(k).index(), xs.get(k) - shift);
        }
        group.clear();
        xs.clear();
    }

    /** The same intervals as text, for screen readers and for anyone who wants exact times. */
    private static void table(StringBuilder h, Report.Simulation s, List<String> lanes, String id) {
        h.append("<details class=\"intervals\"><summary>The same as a table: every state held, with its times</summary>\n")
                .append("<table id=\"").append(id).append("-intervals\"><caption>Server-side states of each peer shown above")
                .append(", in order</caption>\n<thead><tr><th scope=\"col\">peer</th><th scope=\"col\">state</th>")
                .append("<th scope=\"col\">from</th><th scope=\"col\">to</th><th scope=\"col\">held</th></tr></thead><tbody>\n");
        for (String peer : lanes) {
            for (Interval i : intervals(s, peer)) {
                h.append("<tr><th scope=\"row\">").append(esc(peer)).append("</th><td>").append(esc(i.state()))
                        .append(i.reason() == null ? "" : " <span class=\"muted\">(" + esc(i.reason()) + ")</span>")
                        .append("</td><td>").append(Words.ms(i.fromMs())).append("</td><td>").append(Words.ms(i.toMs()))
                        .append(i.toMs() >= endMs(s) ? " (end)" : "").append("</td><td>").append(Words.ms(i.heldMs()))
                        .append("</td></tr>\n");
            }
        }
        h.append("</tbody></table></details>\n");
    }

    /** What a reader should know before the table: which peers were faulted, and how each faulted peer's states went. */
    static String description(Report.Simulation s, List<String> lanes, List<String> faulted) {
        StringBuilder d = new StringBuilder();
        if (faulted.isEmpty()) {
            d.append("No fault was injected.");
        }
        for (JsonNode f : s.faults()) {
            d.append("Fault ").append(f.path("fault").asText()).append(": ").append(f.path("toxic").asText()).append(" on ")
                    .append(f.path("peer").asText()).append(" from ").append(Words.ms(f.path("startMs").asLong())).append(" to ")
                    .append(Words.ms(f.path("endMs").asLong())).append(". ");
        }
        for (String peer : faulted) {
            if (!lanes.contains(peer)) {
                continue;
            }
            List<String> steps = new ArrayList<>();
            for (Interval i : intervals(s, peer)) {
                steps.add(i.state() + " at " + Words.ms(i.fromMs()));
            }
            d.append(peer).append(": ").append(steps.isEmpty() ? "no server-side event" : String.join(", then ", steps)).append(". ");
        }
        return d.toString().strip();
    }

    private static String tooltip(Interval i) {
        return i.peer() + ": " + i.state() + " from " + Words.ms(i.fromMs()) + " to " + Words.ms(i.toMs()) + " (held "
                + Words.ms(i.heldMs()) + ")" + (i.reason() == null ? "" : "; " + i.reason());
    }

    private static double x(Layout layout, double duration, double tMs) {
        return layout.plotX() + tMs / duration * layout.plotWidth();
    }

    /** A round tick step (1, 2 or 5 times a power of ten, in ms) that leaves at least 60 units between ticks. */
    static double tickStepMs(double durationMs, int plotWidth) {
        double minStep = durationMs * 60 / plotWidth;
        double step = 1;
        while (true) {
            for (double m : new double[] {1, 2, 5}) {
                if (step * m >= minStep) {
                    return step * m;
                }
            }
            step *= 10;
        }
    }

    private static String tickLabel(double tMs, double stepMs) {
        if (stepMs >= 1000) {
            return fmtTrim(tMs / 1000) + " s";
        }
        return fmtTrim(tMs) + " ms";
    }

    static String seconds(long ms) {
        return fmtTrim(ms / 1000.0) + " s";
    }

    private static String fmtTrim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
