import nock from 'nock';
import { requireEntry } from '../src/catalog/catalog';
import { appTester, authData, hookOperation, RELAY } from './helpers/zapier';

const stored = (type: string, id: string) => ({ ...requireEntry(type).sample, id, source: { id: 'src_1', name: 'Front desk' } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

describe('performList', () => {
  test('returns the recent real events of the chosen type, newest first, flattened', async () => {
    const events = [stored('clarky.booking.confirmed', 'evt_2'), stored('clarky.booking.confirmed', 'evt_1')];
    nock(RELAY).get('/api/v1/events').query({ type: 'clarky.booking.confirmed', vendor: 'clarky', limit: '10' }).reply(200, { data: events, next_cursor: null });
    const list = await appTester(hookOperation('clarky_event').performList, { authData, inputData: { event_type: 'clarky.booking.confirmed' } });
    expect(list).toEqual([
      expect.objectContaining({ id: 'evt_2', booking_id: 'bk_01JNQA3D5F7H9K1M3P5R7T9V1X', source_name: 'Front desk' }),
      expect.objectContaining({ id: 'evt_1' }),
    ]);
  });

  test("a vendor trigger left on all events lists that vendor's events, in the chosen source", async () => {
    nock(RELAY)
      .get('/api/v1/events')
      .query({ vendor: 'clockwise_md', source_id: 'src_9', limit: '10' })
      .reply(200, { data: [stored('clockwise_md.checkin', 'evt_3')], next_cursor: null });
    const list = await appTester(hookOperation('clockwise_md_appointment').performList, { authData, inputData: { source_id: 'src_9' } });
    expect(list).toEqual([expect.objectContaining({ id: 'evt_3', appointment_id: 48213577 })]);
  });

  test('the any-vendor trigger left empty lists every event', async () => {
    nock(RELAY).get('/api/v1/events').query({ limit: '10' }).reply(200, { data: [stored('clockwork.invitation_sent', 'evt_4')], next_cursor: null });
    const list = await appTester(hookOperation('new_event').performList, { authData, inputData: {} });
    expect(list).toEqual([expect.objectContaining({ id: 'evt_4', customer_uuid: '5b9e2f7c-1d4a-4c3e-b8f6-0e7a2d9c4b18' })]);
  });

  test("with no stored events it falls back to the catalog's sample of the chosen type", async () => {
    nock(RELAY).get('/api/v1/events').query(true).reply(200, { data: [], next_cursor: null });
    const list = await appTester(hookOperation('new_event').performList, { authData, inputData: { event_type: 'clarityflow.new_purchase' } });
    const sample = requireEntry('clarityflow.new_purchase').sample;
    expect(list).toEqual([expect.objectContaining({ ...sample, object_type: 'purchase', object_id: 318 })]);
  });

  test('with no stored events of a type the catalog lacks it returns nothing rather than a wrong sample', async () => {
    nock(RELAY).get('/api/v1/events').query(true).reply(200, { data: [], next_cursor: null });
    const list = await appTester(hookOperation('clarky_event').performList, { authData, inputData: { event_type: 'clarky.booking.canceled' } });
    expect(list).toEqual([]);
  });

  test("Zapier's limit is passed on, capped at 100", async () => {
    nock(RELAY).get('/api/v1/events').query({ limit: '100' }).reply(200, { data: [], next_cursor: null });
    await appTester(hookOperation('new_event').performList, { authData, inputData: {}, meta: { limit: 500 } });
  });
});
