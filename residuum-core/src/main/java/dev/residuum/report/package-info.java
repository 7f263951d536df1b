/**
 * Reports: what a command leaves as {@code report.html}, as data, and the one renderer that
 * draws it. A {@link dev.residuum.report.Report} holds a title, headline numbers
 * ({@link dev.residuum.report.Headline}), a settings table and a body of sections, notes, tables
 * and {@link dev.residuum.report.Chart}s (series of points on two labelled
 * {@link dev.residuum.report.Axis axes}, linear or log) and {@link dev.residuum.report.Heatmap}s
 * (a matrix as coloured cells that print their values); {@link dev.residuum.report.HtmlRenderer}
 * turns it into a self-contained HTML page with inline SVG (no script, no external URL), the same
 * look for train, delta, dynamics and whatever comes next. Numbers print through
 * {@link dev.residuum.report.NumberText} (integers as integers).
 *
 * <p>Depends on the JDK and {@code io} ({@code AtomicFile}) only; the science and CLI layers
 * build reports, nothing here knows about them.
 */
package dev.residuum.report;
