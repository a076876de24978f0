// JSON over fetch, with errors that show the method, URL, status and body.

export class HttpError extends Error {
	constructor(method, url, status, body) {
		super(
			`${method} ${url} answered ${status}: ${typeof body === 'string' ? body.slice(0, 500) : JSON.stringify(body).slice(0, 500)}`,
		);
		this.status = status;
		this.body = body;
	}
}

/** `{status, headers, body}` whatever the status; `body` parsed when it is JSON. */
export async function request(method, url, { headers = {}, json, body } = {}) {
	const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(30_000) };
	if (json !== undefined) {
		init.headers['content-type'] = 'application/json';
		init.body = JSON.stringify(json);
	} else if (body !== undefined) {
		init.body = body;
	}
	const response = await fetch(url, init);
	const text = await response.text();
	let parsed = text;
	try {
		parsed = text.length > 0 ? JSON.parse(text) : text;
	} catch {
		// Not JSON: keep the text.
	}
	return { status: response.status, headers: response.headers, body: parsed };
}

/** Like `request`, but resolves the body only for the expected status (default any 2xx). */
export async function call(method, url, options = {}, expected) {
	const answer = await request(method, url, options);
	const ok =
		expected === undefined
			? answer.status >= 200 && answer.status < 300
			: answer.status === expected;
	if (!ok) throw new HttpError(method, url, answer.status, answer.body);
	return answer.body;
}
