/** The demo's shareholder variant (STEMKAART_DEMO=shareholder): the same meeting with proxy votes allowed and some registered. */
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../server/config.ts';
import { DEMO_PROXIES, loadDemo } from '../server/modules/demo/demo.ts';
import { makeApp, type TestApp } from './helpers/app.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('demo, shareholder variant', () => {
  it('is chosen by STEMKAART_DEMO=shareholder; the VNG demo stays the default', () => {
    expect(configFromEnv({ STEMKAART_DEMO: 'shareholder' })).toMatchObject({ demo: true, demoProxies: true });
    expect(configFromEnv({})).toMatchObject({ demo: true, demoProxies: false });
    expect(configFromEnv({ STEMKAART_DEMO: '0' })).toMatchObject({ demo: false, demoProxies: false });
  });

  it('allows proxies with a cap of 2 and registers 40 of them, counted once their holders are present', async () => {
    t = await makeApp();
    const demo = loadDemo(t.app.domain, { dbPath: t.dbPath, proxies: true });
    const meeting = (await t.app.inject({ method: 'GET', url: `/api/meetings/${demo.meetingId}` })).json();
    expect(meeting.proxies).toEqual({ allowed: true, maxPerHolder: DEMO_PROXIES.maxPerHolder });
    const proxies = (await t.admin({ method: 'GET', url: `/api/meetings/${demo.meetingId}/proxies` })).json() as { holder: string; state: string }[];
    expect(proxies).toHaveLength(DEMO_PROXIES.principals);
    expect(proxies.every((p) => p.state === 'suspended')).toBe(true);
    const holder = proxies[0].holder;
    await t.admin({ method: 'POST', url: `/api/meetings/${demo.meetingId}/presence`, payload: { memberCode: holder, direction: 'in' } });
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${demo.meetingId}` })).json().presence).toMatchObject({ count: 3, represented: { count: 2 } });
  });

  it('the VNG demo allows no proxies', async () => {
    t = await makeApp();
    const demo = loadDemo(t.app.domain, { dbPath: t.dbPath });
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${demo.meetingId}` })).json().proxies).toEqual({ allowed: false, maxPerHolder: 1 });
  });
});
