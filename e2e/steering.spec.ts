// A redirect typed while the ghost streams, with the fast lane on the Responses API's WebSocket
// mode: it reaches the model as a native steer, the ghost goes on without starting over, the HUD
// says it was a steer, and Accept applies the corrected rewrite for everyone. Esc closes the socket.
import { cartTotalRenamed, expect, instructionBoxOn, sharedText, test } from './harness';

const FILE = 'src/cart.ts';
const websocketLane = { api: 'responses', transport: 'websocket', stallTimeoutMs: 600_000 };

test.use({ serverEnv: { TANDEM_SIM_FAST_TPS: '200', TANDEM_SIM_TTFT_MS: '50' } });

test.describe('while the first stream is held open after 20 tokens', () => {
  test.use({ serverConfig: { models: { fast: { ...websocketLane, model: 'sim-fast+stall:20*1' } } } });

  test('a correction typed mid-stream steers the running response', async ({ tandem }) => {
    const ada = await tandem.open('Ada', FILE);
    const bo = await tandem.open('Bo', FILE);
    const before = await sharedText(ada, FILE);

    await instructionBoxOn(ada, 14, 20);
    const input = ada.getByTestId('instruction-input');
    await input.fill('rename total to sum');
    await input.press('Enter');
    const status = ada.getByTestId('ghost-status');
    await expect(status).toHaveAttribute('data-state', 'streaming');
    await expect(ada.locator('.tandem-ghost-insert').first()).toBeVisible();

    await input.fill('no, call it amount');
    await input.press('Enter');
    await expect(status).toHaveAttribute('data-state', 'done');
    const redirect = ada.getByTestId('metrics-hud').getByTestId('metric-redirect');
    await expect(redirect).toContainText('redirect (steer)');
    await expect(redirect).toHaveAttribute('data-ms', /^\d+\.\d\d$/);

    await ada.getByTestId('accept-edit').click();
    await expect(status).toHaveAttribute('data-state', 'idle');
    const expected = cartTotalRenamed(before, 'amount');
    expect(await sharedText(ada, FILE)).toBe(expected);
    await expect.poll(() => sharedText(bo, FILE)).toBe(expected);
  });

  test('Esc stops the stream over the WebSocket and reports the close', async ({ tandem }) => {
    const page = await tandem.open('Ines', FILE);
    await instructionBoxOn(page, 14, 20);
    const input = page.getByTestId('instruction-input');
    await input.fill('rename total to sum');
    await input.press('Enter');
    await expect(page.getByTestId('ghost-status')).toHaveAttribute('data-state', 'streaming');
    await input.press('Escape');
    await expect(page.getByTestId('ghost-status')).toHaveAttribute('data-state', 'interrupted');
    const stop = page.getByTestId('metrics-hud').getByTestId('metric-interrupt');
    await expect(stop).toHaveAttribute('data-ms', /^\d+\.\d\d$/);
  });
});
