import { ENTERPRISES, eventually, roadExport, withServer, SHOTS, signIn, withChromium } from '@sw/test-support';
import { compactVerify, createLocalJWKSet } from 'jose';
import jsQR from 'jsqr';
import path from 'node:path';
import { type Page } from 'playwright-core';

/**
 * The gate console in a real browser (Debian's Chromium), in Chinese: the gate checks a truck,
 * and the released declaration's proof shows as a QR code. The QR code is read back from the
 * rendered pixels (jsQR) and the JWS in it verified offline with the published keys, as a scanner
 * at the gate would.
 */

jest.setTimeout(180_000);

describe('the gate console shows a release proof as a QR code, in Chromium', () => {
  const world = withServer();
  const browser = withChromium({ height: 1000 });
  let id: string;
  let plate: string;

  beforeAll(async () => {
    const body = roadExport();
    plate = body.transport.conveyance;
    const exporter = world.actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    id = (await exporter.post('/v1/declarations', body)).body.id;
    await eventually(async () => expect((await exporter.get(`/v1/declarations/${id}`)).body.status).toBe('released'));
  });

  async function gateTab(): Promise<Page> {
    const page = await browser.tab({ csp: true });
    await signIn(page, world.sw.url, '卡口');
    return page;
  }

  /** The QR code's pixels, drawn from its SVG onto a canvas in the page, decoded by jsQR. */
  async function readQr(page: Page, declarationId: string): Promise<string> {
    const svg = page.getByRole('img', { name: `报关单放行证明二维码 ${declarationId}` });
    await svg.waitFor();
    // Runs in the page (DOM types are not in this project's compile: the page's globals by name).
    const pixels: { width: number; height: number; data: number[] } = await svg.evaluate(async (element) => {
      const page = globalThis as any;
      const markup = new page.XMLSerializer().serializeToString(element);
      const image = new page.Image();
      image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(markup);
      await image.decode();
      const canvas = page.document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height);
      return { width: data.width, height: data.height, data: Array.from(data.data as ArrayLike<number>) };
    });
    const decoded = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
    if (!decoded) throw new Error('the QR code on the page does not decode');
    return decoded.data;
  }

  async function verify(jws: string) {
    const jwks = (await world.sw.request('GET', '/.well-known/jwks.json')).body;
    const { payload } = await compactVerify(jws, createLocalJWKSet(jwks));
    return JSON.parse(new TextDecoder().decode(payload));
  }

  it('shows the proof of a declaration as a QR code that a scanner verifies offline', async () => {
    const page = await gateTab();
    await page.getByRole('heading', { name: '放行证明', exact: true }).waitFor();
    await page.getByRole('textbox', { name: '报关单', exact: true }).fill(id);
    await page.getByRole('button', { name: '查看证明', exact: true }).click();
    const jws = await readQr(page, id);
    expect(jws).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const view = (await world.actors.auditor().get(`/v1/declarations/${id}`)).body;
    expect(await verify(jws)).toMatchObject({ declarationId: id, releasedAt: view.releasedAt, conveyance: plate, portOfEntry: '5301' });
    await expect(page.getByText('由单一窗口签名（Ed25519）', { exact: false }).first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'gate-release-proof.png'), fullPage: true });
    await page.close();
  });

  it('checks a truck at the gate: open, with each declaration’s proof; an unreleased one says so in Chinese', async () => {
    const page = await gateTab();
    await page.getByLabel('运输工具').fill(plate);
    await page.getByLabel('进出境关别').fill('5301');
    await page.getByRole('button', { name: '卡口验放', exact: true }).click();
    await page.getByText('抬杆放行，已记录出卡。').first().waitFor();
    expect((await verify(await readQr(page, id))).declarationId).toBe(id);

    const pending = (await world.actors.enterprise(ENTERPRISES.shanghaiTrading.uscc).post('/v1/declarations', { ...roadExport(), declarant: ENTERPRISES.shanghaiTrading, mode: 'advance' })).body.id;
    expect(pending).toEqual(expect.any(String));
    await page.getByRole('textbox', { name: '报关单', exact: true }).fill(pending);
    await page.getByRole('button', { name: '查看证明', exact: true }).click();
    await page.getByText('该报关单尚未放行，没有可证明的放行。').waitFor();
    expect(browser.problems).toEqual([]);
    await page.close();
  });
});
