/**
 * Self-contained HTML reports ({@link dev.residuum.cli.report.HtmlReport}) with inline SVG charts
 * ({@link dev.residuum.cli.report.SvgChart}): no script, no external file, so a report opens anywhere,
 * offline.
 */
package dev.residuum.cli.report;
