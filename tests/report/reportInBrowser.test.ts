/**
 * The report in a real browser: Chromium (Debian's if installed, else the one inside the npm
 * package @sparticuz/chromium; see tests/support/chromium.ts) driven by playwright-core. The gold rows come
 * from the simulator's ground truth, so the charts show realistic data without running Spark.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_NAMES } from '../../shared/feeds/registry.js';
import { loadChartJs } from '../../shared/report/chartLibrary.js';
import { renderReport } from '../../shared/report/renderHtml.js';
import { buildReportModel } from '../../shared/report/reportModel.js';
import { DEFAULT_OPTIONS } from '../../shared/simulator/model.js';
import { simulate } from '../../shared/simulator/simulation.js';
import { groundTruth } from '../../tools/oracle/groundTruth.js';
import { findChromium } from '../support/chromium.js';

const OUT_DIR = path.resolve('test-results', 'report');
const CHART_IDS = ['chart-bpm-avg', 'chart-bpm-range', 'chart-gym', 'chart-hours', 'chart-quality'];

let browser: Browser;
let reportFile: string;

beforeAll(async () => {
  const sim = simulate({ ...DEFAULT_OPTIONS, users: 80, gyms: 4, seed: 42 });
  const truth = groundTruth(sim);
  const delivered = (feed: string) => sim.delivery.delivered.filter((r) => r.feed === feed);
  const model = buildReportModel({
    gold: truth.expected,
    dataQuality: FEED_NAMES.map((feed) => ({
      feed,
      landed: delivered(feed).length,
      quarantined: feed === 'bpm' ? 3 : 1,
    })),
    landedLogins: sim.activity.visits.map((v) => v.login),
    generatedAt: new Date('2025-03-11T06:00:00Z'),
  });
  await mkdir(OUT_DIR, { recursive: true });
  reportFile = path.join(OUT_DIR, 'index.html');
  await writeFile(reportFile, renderReport(model, await loadChartJs()));
  const found = await findChromium();
  browser = await chromium.launch({
    executablePath: found.executablePath,
    env: { ...process.env, ...found.env },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 180_000); // the first use of the packaged Chromium extracts about 200 MB

afterAll(async () => {
  await browser?.close();
});

describe('report in Chromium', () => {
  it('draws every chart with data, without console errors or network requests, and is screenshotted', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));

    await page.goto(pathToFileURL(reportFile).href);
    await page.waitForSelector('body[data-charts-ready="true"]', { timeout: 15_000 });

    // Pixels actually painted on each canvas (alpha > 0), and how many distinct colours.
    const painted = await page.evaluate((ids) => {
      return ids.map((id) => {
        const canvas = document.getElementById(id) as HTMLCanvasElement | null;
        if (!canvas) return { id, width: 0, pixels: 0, colours: 0 };
        const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let pixels = 0;
        const colours = new Set<number>();
        for (let i = 0; i < data.length; i += 4) {
          if ((data[i + 3] as number) > 0) {
            pixels++;
            colours.add(((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number));
          }
        }
        return { id, width: canvas.width, pixels, colours: colours.size };
      });
    }, CHART_IDS);
    for (const chart of painted) {
      expect(chart.width, chart.id).toBeGreaterThan(200);
      expect(chart.pixels, chart.id).toBeGreaterThan(5_000);
      expect(chart.colours, chart.id).toBeGreaterThan(3);
    }

    // Chart.js holds the data it drew: every chart has at least one non-empty dataset.
    const points = await page.evaluate((ids) => {
      const ChartJs = (
        window as unknown as { Chart: { getChart(id: string): { data: { datasets: { data: unknown[] }[] } } } }
      ).Chart;
      return ids.map((id) =>
        ChartJs.getChart(id).data.datasets.reduce((n, d) => n + d.data.filter((v) => v !== null && v !== 0).length, 0),
      );
    }, CHART_IDS);
    for (const n of points) expect(n).toBeGreaterThan(0);

    expect(await page.locator('#top tbody tr').count()).toBe(10);
    expect(problems).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);

    const screenshot = path.join(OUT_DIR, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(existsSync(screenshot)).toBe(true);
    await page.close();
  });
});
