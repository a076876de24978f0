import { ClarkyTrigger } from '../nodes/ClarkyTrigger/ClarkyTrigger.node';
import { ClockwiseMdTrigger } from '../nodes/ClockwiseMdTrigger/ClockwiseMdTrigger.node';
import { SwitchboardTrigger } from '../nodes/SwitchboardTrigger/SwitchboardTrigger.node';
import { BUILT_IN_CATALOG } from '../nodes/shared/catalog';
import { loadOptionsContext } from './support/contexts';
import { FakeRelay } from './support/fakeRelay';

let relay: FakeRelay;

beforeEach(() => {
	relay = new FakeRelay();
});

describe('event lists', () => {
	it("lists the vendor's events from the relay, after the vendor wildcard", async () => {
		const { context } = loadOptionsContext({ relay });

		const options = await new ClarkyTrigger().methods.loadOptions.getEventTypes.call(context);

		expect(relay.requests).toEqual([
			{
				credentialType: 'switchboardApi',
				method: 'GET',
				url: 'http://relay.test:8080/api/v1/event-types',
				qs: { vendor: 'clarky' },
			},
		]);
		expect(options.map((o) => o.value)).toEqual([
			'clarky.*',
			'clarky.booking.confirmed',
			'clarky.contact.created',
		]);
		expect(options[1]).toEqual({
			name: 'Booking confirmed',
			value: 'clarky.booking.confirmed',
			description: 'A booking was confirmed. (clarky.booking.confirmed)',
		});
	});

	it('falls back to the built-in catalog when the relay cannot be reached', async () => {
		relay.down = true;
		const { context, warnings } = loadOptionsContext({ relay });

		const options = await new ClockwiseMdTrigger().methods.loadOptions.getEventTypes.call(context);

		const builtIn = BUILT_IN_CATALOG.filter((e) => e.vendor === 'clockwise_md').map((e) => e.type);
		expect(options.map((o) => o.value).sort()).toEqual(['clockwise_md.*', ...builtIn].sort());
		expect(warnings).toEqual([expect.stringContaining('Cannot reach the Switchboard relay')]);
	});

	it("falls back to the built-in catalog when the relay knows none of the vendor's events", async () => {
		relay.eventTypes = [];
		const { context } = loadOptionsContext({ relay });

		const options = await new ClarkyTrigger().methods.loadOptions.getEventTypes.call(context);

		expect(options).toHaveLength(1 + BUILT_IN_CATALOG.filter((e) => e.vendor === 'clarky').length);
	});

	it('offers every vendor, prefixed with its name, in the Switchboard Trigger', async () => {
		relay.down = true;
		const { context } = loadOptionsContext({ relay });

		const options = await new SwitchboardTrigger().methods.loadOptions.getEventTypes.call(context);

		expect(options.slice(0, 5).map((o) => o.value)).toEqual([
			'*',
			'clockwork.*',
			'clockwise_md.*',
			'clarityflow.*',
			'clarky.*',
		]);
		expect(options).toHaveLength(5 + BUILT_IN_CATALOG.length);
		expect(options).toContainEqual(
			expect.objectContaining({
				name: 'Clockwise.MD: Patient checked in',
				value: 'clockwise_md.checkin',
			}),
		);
	});
});

describe('source lists', () => {
	it("offers Any Source, then the relay's sources of the vendor", async () => {
		const { context } = loadOptionsContext({ relay });

		const options = await new ClarkyTrigger().methods.loadOptions.getSources.call(context);

		expect(relay.requests[0]).toMatchObject({
			method: 'GET',
			url: 'http://relay.test:8080/api/v1/sources',
			qs: { vendor: 'clarky' },
		});
		expect(options).toEqual([
			{ name: 'Any Source', value: '', description: 'Events from every source' },
			{ name: 'Front desk', value: 'src_frontdesk', description: 'Clarky source src_frontdesk' },
		]);
	});

	it('says what to fix when the key is wrong', async () => {
		const { context } = loadOptionsContext({
			relay,
			credentials: { url: relay.url, apiKey: 'sb_example_wrong_key_000' },
		});

		await expect(new ClarkyTrigger().methods.loadOptions.getSources.call(context)).rejects.toThrow(
			'The Switchboard relay refused the API key',
		);
	});
});
