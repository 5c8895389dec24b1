/// The HTML report's Mustache template (swift-mustache), kept in Swift rather than as a resource file:
/// SwiftPM resources live in a bundle directory next to the executable on Linux, and a `synthbench`
/// binary copied alone (a container image, the queue's worker host) would then fail at run time. A
/// string compiled in travels with the binary.
///
/// `{{x}}` escapes HTML (`& < > " '`); the only unescaped value is `{{{svg}}}`, which the SVG renderer
/// escapes itself. Sections carry ids (`summary`, `comparison`, `figures`, `cells`, `failures`,
/// `environment`, `privacy`) that the browser test checks. The Content-Security-Policy forbids every
/// request (scripts, fonts, images, styles from elsewhere): the page is self-contained by construction,
/// and a browser reports any slip as a console error.
enum ReportTemplates {
    static let css = """
    :root { --fg: #1d1d1f; --muted: #5f6368; --line: #d9d9de; --ok: #1e7b34; --bad: #b3261e; --warn: #8a5a00; --bg-alt: #f6f7f9; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.45 "DejaVu Sans", Helvetica, Arial, sans-serif; color: var(--fg); background: #fff; }
    header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 16px; }
    header { padding-top: 20px; border-bottom: 2px solid var(--fg); }
    h1 { font-size: 1.5em; margin: 0 0 6px; overflow-wrap: anywhere; }
    h2 { font-size: 1.25em; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
    h3 { font-size: 1.05em; margin: 18px 0 6px; }
    p, li { overflow-wrap: anywhere; }
    .muted { color: var(--muted); font-size: 0.9em; }
    nav ul { list-style: none; padding: 0; margin: 8px 0 12px; display: flex; flex-wrap: wrap; gap: 6px 14px; }
    nav a { color: #0b57d0; text-decoration: none; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
    dl.facts dt { font-weight: bold; }
    dl.facts dd { margin: 0; overflow-wrap: anywhere; }
    .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 8px 0 16px; border: 1px solid var(--line); }
    table { border-collapse: collapse; width: 100%; font-size: 0.86em; }
    th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
    th { background: var(--bg-alt); position: sticky; top: 0; white-space: nowrap; }
    td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    tbody tr:nth-child(even) { background: #fbfbfc; }
    .badge { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 0.85em; font-weight: bold; white-space: nowrap; }
    .ok, .not_worse, .pass, .low { color: var(--ok); }
    .bad, .worse, .fail, .high { color: var(--bad); }
    .inconclusive, .medium, .unknown { color: var(--warn); }
    figure { margin: 12px 0 24px; }
    figure svg { width: 100%; height: auto; max-width: 900px; display: block; }
    figcaption { font-size: 0.85em; color: var(--muted); }
    footer { margin-top: 32px; padding-bottom: 24px; border-top: 1px solid var(--line); }
    @media (max-width: 640px) {
      body { font-size: 14px; }
      h1 { font-size: 1.2em; }
      dl.facts { grid-template-columns: 1fr; }
      dl.facts dt { margin-top: 4px; }
      th, td { padding: 3px 5px; }
      /* tables as wide as their text needs (long cells wrap at 20em) and scrolled sideways in their box */
      table { width: max-content; }
      td { max-width: 20em; }
    }
    @media print {
      @page { size: A4; margin: 14mm 12mm; }
      body { font-size: 10pt; }
      nav { display: none; }
      header, main, footer { max-width: none; padding: 0; }
      section.major { break-before: page; }
      .table-wrap { overflow: visible; border: none; }
      th { position: static; }
      thead { display: table-header-group; }
      tr, figure, dl.facts { break-inside: avoid; }
      figure svg { width: auto; max-width: 100%; max-height: 235mm; margin: 0 auto; }
      h2, h3 { break-after: avoid; }
      a { color: inherit; text-decoration: none; }
    }
    """

    static let page = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
    <meta name="generator" content="synthbench {{version}}">
    <link rel="icon" href="data:,">
    <title>{{title}}</title>
    <style>
    \(css)
    </style>
    </head>
    <body>
    <header>
    <h1>{{title}}</h1>
    <p class="muted">{{#sources}}<code>{{path}}</code> {{/sources}}· quality: {{quality_label}}</p>
    <nav><ul>
    <li><a href="#summary">Summary</a></li><li><a href="#comparison">Comparison</a></li><li><a href="#figures">Figures</a></li>
    <li><a href="#cells">Cells</a></li><li><a href="#failures">Failures and fallbacks</a></li>
    <li><a href="#environment">Environment</a></li><li><a href="#privacy">Privacy</a></li>
    </ul></nav>
    </header>
    <main>
    {{#summary}}
    <section id="summary">
    <h2>Summary</h2>
    <dl class="facts">
    <dt>experiment</dt><dd>{{experiment}}</dd>
    <dt>run</dt><dd>{{run_id}}</dd>
    <dt>cells</dt><dd>{{cells}}: {{finished}} finished, {{failed}} failed, {{fallbacks}} fell back to another backend</dd>
    {{#pending}}<dt>pending</dt><dd>{{.}}</dd>{{/pending}}
    <dt>datasets</dt><dd>{{datasets}}</dd>
    <dt>methods</dt><dd>{{methods}}</dd>
    <dt>backends</dt><dd>{{backends}}</dd>
    <dt>seeds</dt><dd>{{seeds}}</dd>
    <dt>quality</dt><dd>{{quality}}</dd>
    {{#first(verdicts)}}<dt>verdicts</dt><dd>{{#verdicts}}<span class="badge {{class}}">{{method}}: {{outcome}}</span> {{/verdicts}}</dd>{{/first(verdicts)}}
    </dl>
    </section>
    {{/summary}}

    <section id="comparison" class="major">
    <h2>Comparison</h2>
    {{#no_comparison}}<p>{{no_comparison}}.</p>{{/no_comparison}}
    {{#comparisons}}
    {{#heading}}<h3 id="comparison{{anchor}}" class="pair">{{heading}}</h3>{{/heading}}
    <p><strong>{{candidate}}</strong> (candidate) against <strong>{{baseline}}</strong> (baseline); source: {{source}}. Quality: {{quality}}.</p>
    <p class="muted">Cells are paired when they differ only in backend. Per method and headline metric the paired harms (positive = candidate worse) are averaged per dataset, then over datasets, and tested (Welch t, Welch–Satterthwaite degrees of freedom) against the metric's tolerance as a non-inferiority margin, Holm-corrected across the metrics at α = 0.05.</p>
    <p class="muted">Tolerances: {{#tolerances}}{{metric}} {{value}} ({{better}} is better); {{/tolerances}}</p>
    <h3 id="verdicts{{anchor}}">Verdicts</h3>
    <div class="table-wrap"><table>
    <thead><tr><th>method</th><th>verdict</th><th>datasets</th><th>seeds needed</th><th>reasons</th></tr></thead>
    <tbody>
    {{#verdicts}}<tr><td>{{method}}</td><td><span class="badge {{class}}">{{outcome}}</span></td><td>{{datasets}}</td><td>{{seeds_needed}}</td><td>{{#reasons}}{{text}}<br>{{/reasons}}{{^reasons}}-{{/reasons}}</td></tr>
    {{/verdicts}}
    </tbody></table></div>
    <h3 id="checklist{{anchor}}">Migration checklist</h3>
    <div class="table-wrap"><table>
    <thead><tr><th>item</th><th>status</th><th>evidence</th></tr></thead>
    <tbody>
    {{#checklist}}<tr><td>{{item}}</td><td><span class="badge {{status}}">{{status}}</span></td><td>{{evidence}}</td></tr>
    {{/checklist}}
    </tbody></table></div>
    <h3 id="metric-verdicts{{anchor}}">Metric verdicts (non-inferiority, Welch t, Holm)</h3>
    <div class="table-wrap"><table>
    <thead><tr><th>method</th><th>metric</th><th>margin</th><th>harm [95 % CI]</th><th>pairs (datasets)</th><th>Holm p (not worse)</th><th>Holm p (worse)</th><th>verdict</th></tr></thead>
    <tbody>
    {{#metric_verdicts}}<tr><td>{{method}}</td><td>{{metric}}</td><td class="n">{{margin}}</td><td class="n">{{harm}}</td><td class="n">{{pairs}}</td><td class="n">{{p_not_worse}}</td><td class="n">{{p_worse}}</td><td><span class="badge {{class}}">{{outcome}}</span> {{advice}}</td></tr>
    {{/metric_verdicts}}
    </tbody></table></div>
    <h3 id="groups{{anchor}}">Per method and dataset</h3>
    <p class="muted">Deltas: candidate − baseline, mean ± sd over the seeds where both finished (n), with the 95 % t interval of the harm. Ratios: candidate / baseline, geometric mean over seeds.</p>
    <div class="table-wrap"><table>
    <thead><tr><th>method</th><th>dataset</th><th>pairs (both ok)</th>{{#metric_names}}<th>{{name}}</th>{{/metric_names}}<th>time ratio</th><th>fit time ratio</th><th>memory ratio</th></tr></thead>
    <tbody>
    {{#groups}}<tr><td>{{method}}</td><td>{{dataset}}</td><td class="n">{{pairs}}</td>{{#deltas}}<td class="n">{{text}}</td>{{/deltas}}<td class="n">{{time}}</td><td class="n">{{fit}}</td><td class="n">{{memory}}</td></tr>
    {{/groups}}
    </tbody></table></div>
    {{#first(unpaired)}}
    <h3 id="unpaired{{anchor}}">Unpaired cells</h3>
    <div class="table-wrap"><table>
    <thead><tr><th>cell</th><th>dataset</th><th>method</th><th>backend</th><th>seed</th><th>status</th></tr></thead>
    <tbody>{{#unpaired}}<tr><td>{{id}}</td><td>{{dataset}}</td><td>{{method}}</td><td>{{backend}}</td><td class="n">{{seed}}</td><td>{{status}}</td></tr>{{/unpaired}}</tbody>
    </table></div>
    {{/first(unpaired)}}
    <h3 id="ranking{{anchor}}">Ranking across datasets (Friedman, Nemenyi)</h3>
    {{#ranking}}
    <p>Friedman's test over {{datasets}} datasets: χ²<sub>F</sub> = {{statistic}} with {{dof}} degrees of freedom, p = {{p}}. Nemenyi critical difference at α = 0.05: {{cd}}.</p>
    <div class="table-wrap"><table>
    <thead><tr><th>method (backend)</th><th>average rank</th></tr></thead>
    <tbody>{{#rows}}<tr><td>{{method}}</td><td class="n">{{rank}}</td></tr>{{/rows}}</tbody>
    </table></div>
    {{/ranking}}
    {{^ranking}}<p>Not computed: it needs at least two datasets and two method x backend rows with a quality on every dataset.</p>{{/ranking}}
    <h3 id="leaderboard{{anchor}}">Leaderboard wins</h3>
    <p class="muted">SDGym's rule: a method x backend wins a dataset when its quality is at least the Gaussian copula's ({{copula}}) and it is on the quality/time Pareto front.</p>
    <div class="table-wrap"><table>
    <thead><tr><th>method</th><th>backend</th><th>datasets</th><th>wins</th><th>mean quality</th></tr></thead>
    <tbody>{{#wins}}<tr><td>{{method}}</td><td>{{backend}}</td><td class="n">{{datasets}}</td><td class="n">{{wins}}</td><td class="n">{{quality}}</td></tr>{{/wins}}</tbody>
    </table></div>
    <h3 id="trade-offs{{anchor}}">Quality, time and privacy</h3>
    <div class="table-wrap"><table>
    <thead><tr><th>method</th><th>backend</th><th>quality</th><th>time (s)</th><th>mia_auc</th><th>Pareto front</th></tr></thead>
    <tbody>{{#trade_offs}}<tr><td>{{method}}</td><td>{{backend}}</td><td class="n">{{quality}}</td><td class="n">{{time}}</td><td class="n">{{mia}}</td><td>{{front}}</td></tr>{{/trade_offs}}</tbody>
    </table></div>
    {{/comparisons}}
    </section>

    <section id="figures" class="major">
    <h2>Figures</h2>
    <p class="muted">Means over seeds with ± one sample standard deviation; only finished cells. The same figures as <code>plots/*.gp</code>.</p>
    {{#figures}}
    <figure id="figure-{{name}}">
    {{{svg}}}
    <figcaption>{{title}} (<code>plots/{{name}}.dat</code>)</figcaption>
    </figure>
    {{/figures}}
    {{^figures}}<p>No figure: no cell finished.</p>{{/figures}}
    </section>

    <section id="cells" class="major">
    <h2>Cells</h2>
    <p class="muted">One row per cell. quality: {{quality_label}}; shape and pair: SDMetrics column shapes and column pair trends; mia_auc and dup_rate: the payload's privacy figures; ε: the spent privacy budget of a DP cell; times in seconds; peak: resident MB of the cell process; rows/s: real rows fitted and synthetic rows sampled per second.</p>
    <div class="table-wrap"><table>
    <thead><tr><th>status</th><th>method</th><th>backend</th><th>dataset</th><th>seed</th><th>quality</th><th>shape</th><th>pair</th><th>mia_auc</th><th>dup_rate</th><th>ε</th><th>fit s</th><th>sample s</th><th>total s</th><th>peak MB</th><th>fit rows/s</th><th>sample rows/s</th></tr></thead>
    <tbody>
    {{#cells}}<tr id="cell-{{id}}"><td class="{{status_class}}">{{status}}</td><td>{{method}}</td><td>{{backend}}</td><td>{{dataset}}</td><td class="n">{{seed}}</td><td class="n">{{quality}}</td><td class="n">{{shape}}</td><td class="n">{{pair}}</td><td class="n">{{mia}}</td><td class="n">{{dup}}</td><td class="n">{{epsilon}}</td><td class="n">{{fit}}</td><td class="n">{{sample}}</td><td class="n">{{total}}</td><td class="n">{{peak}}</td><td class="n">{{fit_rps}}</td><td class="n">{{sample_rps}}</td></tr>
    {{/cells}}
    </tbody></table></div>
    </section>

    <section id="failures" class="major">
    <h2>Failures and fallbacks</h2>
    <h3>Failed cells</h3>
    {{^failures}}<p>None.</p>{{/failures}}
    {{#first(failures)}}
    <div class="table-wrap"><table>
    <thead><tr><th>cell</th><th>dataset</th><th>method</th><th>backend</th><th>seed</th><th>status</th><th>phase</th><th>error</th></tr></thead>
    <tbody>{{#failures}}<tr><td>{{id}}</td><td>{{dataset}}</td><td>{{method}}</td><td>{{backend}}</td><td class="n">{{seed}}</td><td class="bad">{{status}}</td><td>{{phase}}</td><td>{{error}}</td></tr>{{/failures}}</tbody>
    </table></div>
    {{/first(failures)}}
    <h3>Fallbacks</h3>
    {{^fallbacks}}<p>None.</p>{{/fallbacks}}
    {{#first(fallbacks)}}
    <div class="table-wrap"><table>
    <thead><tr><th>cell</th><th>requested</th><th>used</th><th>reason</th></tr></thead>
    <tbody>{{#fallbacks}}<tr><td>{{id}}</td><td>{{requested}}</td><td>{{used}}</td><td>{{reason}}</td></tr>{{/fallbacks}}</tbody>
    </table></div>
    {{/first(fallbacks)}}
    </section>

    <section id="environment" class="major">
    <h2>Environment</h2>
    {{#environments}}
    <h3><code>{{path}}</code></h3>
    {{#missing}}<p>{{missing}}.</p>{{/missing}}
    {{^missing}}
    <dl class="facts">
    <dt>CPU</dt><dd>{{cpu}} ({{cores}} logical cores, {{memory}})</dd>
    <dt>BLAS kernel</dt><dd>{{kernel}}, selection: {{selection}}</dd>
    <dt>BLAS threads</dt><dd>{{threads}} per cell; {{jobs}} cell(s) in parallel</dd>
    <dt>OpenBLAS</dt><dd>{{config}}</dd>
    <dt>synthbench</dt><dd>{{version}}, commit {{git}}</dd>
    <dt>Swift</dt><dd>{{swift}}</dd>
    <dt>OS</dt><dd>{{os}} on {{host}}</dd>
    <dt>started</dt><dd>{{started}}; finished {{finished}}</dd>
    </dl>
    {{/missing}}
    {{/environments}}
    <h3>Kernels the cells recorded</h3>
    <div class="table-wrap"><table>
    <thead><tr><th>kernel (selection), threads</th><th>cells</th></tr></thead>
    <tbody>{{#kernels}}<tr><td>{{kernel}}</td><td class="n">{{cells}}</td></tr>{{/kernels}}</tbody>
    </table></div>
    </section>

    {{#privacy}}
    <section id="privacy" class="major">
    <h2>Privacy findings</h2>
    <p>{{assessed}} cell(s) carry a privacy assessment ({{not_assessed}} without one: cells that did not finish).
    {{#risks}}<span class="badge {{risk}}">{{risk}}: {{cells}}</span> {{/risks}}</p>
    {{#first(rows)}}
    <div class="table-wrap"><table>
    <thead><tr><th>cell</th><th>method</th><th>backend</th><th>dataset</th><th>seed</th><th>risk</th><th>DP score</th><th>reasons</th></tr></thead>
    <tbody>{{#rows}}<tr><td>{{id}}</td><td>{{method}}</td><td>{{backend}}</td><td>{{dataset}}</td><td class="n">{{seed}}</td><td><span class="badge {{risk}}">{{risk}}</span></td><td class="n">{{dp_score}}</td><td>{{reasons}}</td></tr>{{/rows}}</tbody>
    </table></div>
    {{/first(rows)}}
    <h3 id="recommendations">Recommendations</h3>
    {{^recommendations}}<p>None.</p>{{/recommendations}}
    <ul>{{#recommendations}}<li>{{text}} <span class="muted">({{cells}} cell(s))</span></li>{{/recommendations}}</ul>
    </section>
    {{/privacy}}
    </main>
    <footer><p class="muted">Written by synthbench {{version}} from the run's cell files. Self-contained: no external resource.</p></footer>
    </body>
    </html>

    """
}
