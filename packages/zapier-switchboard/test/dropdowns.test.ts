import nock from 'nock';
import { CATALOG } from '../src/catalog/catalog';
import { appTester, authData, pollPerform, RELAY } from './helpers/zapier';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

describe('hidden dropdown triggers', () => {
  test("event_type lists any event, then each vendor's wildcard and types from GET /event-types", async () => {
    nock(RELAY).get('/api/v1/event-types').reply(200, { data: CATALOG });
    const choices = (await appTester(pollPerform('event_type'), { authData })) as { id: string; name: string }[];
    expect(choices.slice(0, 4)).toEqual([
      { id: '*', name: 'Any event (every vendor)' },
      { id: 'clockwork.*', name: 'Clockwork: any event' },
      { id: 'clockwork.invitation_sent', name: 'Clockwork: Invitation sent' },
      { id: 'clockwise_md.*', name: 'Clockwise.MD: any event' },
    ]);
    expect(choices).toContainEqual({ id: 'clarky.booking.confirmed', name: 'Clarky: Booking confirmed' });
    expect(choices).toHaveLength(1 + 4 + CATALOG.length);
  });

  test('source lists every source with its vendor, marking switched-off ones', async () => {
    nock(RELAY)
      .get('/api/v1/sources')
      .reply(200, {
        data: [
          { id: 'src_1', vendor: 'clarky', name: 'Front desk', active: true },
          { id: 'src_2', vendor: 'clockwork', name: 'Research', active: false },
        ],
      });
    expect(await appTester(pollPerform('source'), { authData })).toEqual([
      { id: 'src_1', name: 'Front desk (Clarky)' },
      { id: 'src_2', name: 'Research (Clockwork, switched off)' },
    ]);
  });

  test("a vendor's source dropdown asks the relay for that vendor's sources only", async () => {
    nock(RELAY)
      .get('/api/v1/sources')
      .query({ vendor: 'clarityflow' })
      .reply(200, { data: [{ id: 'src_3', vendor: 'clarityflow', name: 'Coaching', active: true }] });
    expect(await appTester(pollPerform('clarityflow_source'), { authData })).toEqual([{ id: 'src_3', name: 'Coaching (Clarityflow)' }]);
  });
});
