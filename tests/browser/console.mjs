// The console in a real browser: Debian's chromium driven by
// playwright-core, against two daemons that tests/e2e/console/browser.sh
// started. Prints "ok NAME" or "FAIL: NAME" for each check (the shell
// counts them) and exits non-zero if any failed.
//
// Environment: RECV and SEND (the receiver's and the requester's console
// URLs), ID (the request the requester sent), OFFICER_B, VIEWER_B,
// OFFICER_A ("name:password"), SHOTS (where the screenshots go),
// CHROMIUM (the browser).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const env = process.env;
const RECV = env.RECV, SEND = env.SEND, ID = env.ID, SHOTS = env.SHOTS;
let failed = 0;

function ok(name, cond, why) {
	if (cond) {
		console.log('ok ' + name);
	} else {
		failed++;
		console.log('FAIL: ' + name + (why !== undefined ? ' (' + why + ')' : ''));
	}
	return cond;
}

function cred(s) {
	const i = s.indexOf(':');
	return { name: s.slice(0, i), password: s.slice(i + 1) };
}

// The whole run is bounded: a hang is a failure, not a stuck suite.
const guard = setTimeout(() => {
	console.log('FAIL: the browser test took more than 50 s');
	process.exit(1);
}, 50000);

mkdirSync(SHOTS, { recursive: true });
const browser = await chromium.launch({
	executablePath: env.CHROMIUM || '/usr/bin/chromium',
	headless: true,
	// As root (CI) chromium's sandbox cannot start.
	args: ['--no-sandbox'],
});

// What the page says is wrong, for every page opened: an error on the
// console or an exception. One answer the console expects is a 401: its
// first question, before a login, is whether a session exists.
const errors = [];
const pages = [];
let step = 'start';
let chart501 = 0;
async function open(base, who) {
	const ctx = await browser.newContext({ ignoreHTTPSErrors: true,
	    viewport: { width: 1366, height: 768 } });
	const page = await ctx.newPage();
	// Well inside the run's bound, so that a failure names its step.
	page.setDefaultTimeout(10000);
	page.loggedIn = false;
	pages.push(page);
	page.on('console', m => {
		if (m.type() !== 'error')
			return;
		if (!page.loggedIn && /status of 401/.test(m.text()))
			return;
		// The chart, while the daemon draws none (docs/API.md): the
		// report's page says so, checked below.
		if (/\/api\/v1\/report\.svg/.test(m.location().url || '') &&
		    /status of 501/.test(m.text())) {
			chart501++;
			return;
		}
		errors.push(who + ': ' + m.text());
	});
	page.on('pageerror', e => errors.push(who + ': ' + e.message));
	const r = await page.goto(base + '/');
	return { ctx, page, r };
}

async function login(page, c) {
	await page.waitForSelector('#login-form');
	await page.getByLabel('Name').fill(c.name);
	await page.getByLabel('Password').fill(c.password);
	page.loggedIn = true;
	await page.getByLabel('Password').press('Enter');
	await page.waitForSelector('#queue');
}

async function shot(page, name) {
	await page.screenshot({ path: SHOTS + '/' + name + '.png', fullPage: true });
}

try {
	// The receiver's officer.
	step = 'the officer logs in';
	const ob = cred(env.OFFICER_B);
	const { page: pb, r: first } = await open(RECV, 'officer@receiver');
	const csp = first.headers()['content-security-policy'] || '';
	ok('the page carries the CSP', /default-src 'self'/.test(csp), csp);
	ok('the page is text/html', /^text\/html/.test(first.headers()['content-type'] || ''));
	await pb.waitForSelector('#login-form');
	await shot(pb, 'login');
	await login(pb, ob);
	await pb.waitForSelector('#queue tr.item');
	const top = pb.locator('#queue tr.item').first();
	ok('the new request is at the top of the queue',
	    await top.getAttribute('data-msg') === ID, await top.getAttribute('data-msg'));
	ok('as owed', await top.getAttribute('data-kind') === 'owed');
	const cd = top.locator('.countdown');
	const t1 = await cd.textContent();
	await pb.waitForTimeout(1100);
	const t2 = await cd.textContent();
	ok('its countdown ticks', /^in \d/.test(t1) && t1 !== t2, t1 + ' / ' + t2);
	await shot(pb, 'queue');

	// The receiver's viewer, while the request is still owed.
	step = 'the viewer';
	const vb = cred(env.VIEWER_B);
	const { page: pv } = await open(RECV, 'viewer@receiver');
	await login(pv, vb);
	ok('a viewer is offered no Compose', await pv.locator('#nav a[data-page=compose]').isHidden());
	await pv.goto(RECV + '/#/msg/' + ID);
	await pv.waitForSelector('#answers');
	ok('a viewer finds no answer form', await pv.locator('#answer-form').count() === 0);
	const sv = await pv.request.get(RECV + '/api/v1/session');
	const csrf = (await sv.json()).csrf;
	const rv = await pv.request.post(RECV + '/api/v1/messages/' + ID + '/reply', {
		headers: { 'X-CSRF-Token': csrf },
		data: { final: true, body: { summary: 'a viewer tries' } },
	});
	ok('a viewer\'s answer is refused 403', rv.status() === 403, rv.status());
	const pr = await rv.json().catch(() => ({}));
	ok('as forbidden', pr.type === 'urn:hotline:problem:forbidden', pr.type);

	// The officer opens it by keyboard and answers it final.
	step = 'the answer';
	await top.locator('a').focus();
	await pb.keyboard.press('Enter');
	await pb.waitForSelector('#answer-form');
	const banner = pb.locator('.banner');
	ok('the TLP banner says TLP:AMBER', await banner.textContent() === 'TLP:AMBER');
	const colours = await banner.evaluate(e => {
		const s = getComputedStyle(e);
		return s.color + ' on ' + s.backgroundColor;
	});
	ok('in FIRST\'s amber on black', colours === 'rgb(255, 192, 0) on rgb(0, 0, 0)', colours);
	ok('its indicator is listed',
	    (await pb.locator('table').first().textContent()).includes('203.0.113.7'));
	await shot(pb, 'message');
	await pb.locator('#st-final').check();
	await pb.getByLabel('Summary').fill('Blocked at the edge; three hits.');
	await pb.getByLabel('Load findings from a file').setInputFiles({
		name: 'm.json', mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify({ findings: [{
		    indicator: { type: 'ipv4', value: '203.0.113.7' }, count: 3,
		    where: ['auth.log:3 col 17'] }] })),
	});
	await pb.waitForFunction(() =>
	    document.querySelector('#answer-form textarea[name=findings]').value.includes('203.0.113.7'));
	await pb.locator('#answer-form').screenshot({ path: SHOTS + '/answer.png' });
	await pb.locator('#answer-form button[type=submit]').press('Enter');
	await pb.waitForSelector('.flash.ok');
	ok('the answer is sent', /^Answer [0-9a-f]{12} sent\.$/.test(await pb.locator('#flash').textContent()),
	    await pb.locator('#flash').textContent());
	await pb.goto(RECV + '/#/queue');
	await pb.waitForSelector('#queue-now');
	await pb.waitForFunction(id => document.querySelector('#queue-now').textContent !== '' &&
	    !document.querySelector('#queue tr.item[data-msg="' + id + '"]'), ID, { timeout: 15000 });
	ok('it has left the queue', await pb.locator('#queue tr.item[data-msg="' + ID + '"]').count() === 0);

	// The other pages, each seen once.
	step = 'the other pages';
	await pb.goto(RECV + '/#/compose');
	await pb.waitForSelector('#compose-form');
	await pb.locator('#ioc-add').press('Enter');
	ok('an indicator row is added', await pb.locator('#ioc-rows tr.ioc').count() === 2);
	await shot(pb, 'compose');
	// A query, sent from the form: its page is the next one.
	await pb.getByLabel('To (peer)').fill('cert.aa');
	await pb.getByLabel('Type', { exact: true }).selectOption('query');
	await pb.getByLabel('Subject').fill('Anything more on 203.0.113.7?');
	await pb.getByLabel('Summary').fill('Seen from your side as well?');
	await pb.locator('#compose-form button[type=submit]').press('Enter');
	await pb.waitForSelector('#answers');
	ok('the query is sent and shown', /^Sent [0-9a-f]{12}\.$/.test(await pb.locator('#flash').textContent()) &&
	    (await pb.locator('h1').textContent()) === 'Anything more on 203.0.113.7?',
	    await pb.locator('#flash').textContent());
	await pb.goto(RECV + '/#/peers');
	await pb.waitForSelector('#peers table');
	ok('the peers list the requester', (await pb.locator('#peers').textContent()).includes('cert.aa'));
	await pb.getByRole('button', { name: 'Ping cert.aa' }).press('Enter');
	await pb.waitForSelector('.flash.ok');
	ok('an officer pings', (await pb.locator('#flash').textContent()) === 'Ping sent to cert.aa.');
	await shot(pb, 'peers');
	await pb.goto(RECV + '/#/report');
	await pb.waitForSelector('#report h2');
	const svg = await pb.request.get(RECV + '/api/v1/report.svg');
	if (svg.status() === 501) {
		await pb.waitForSelector('#no-chart');
		// The console's line of it may come a little after the event.
		for (let i = 0; i < 50 && chart501 === 0; i++)
			await pb.waitForTimeout(100);
		ok('a daemon that draws no chart: the page says so', chart501 === 1, chart501);
	} else {
		ok('the chart is an SVG', svg.status() === 200 &&
		    svg.headers()['content-type'] === 'image/svg+xml', svg.status());
		await pb.waitForFunction(() => { const i = document.querySelector('img.chart');
		    return i && i.complete; });
		ok('the report\'s chart is drawn',
		    await pb.locator('img.chart').evaluate(i => i.naturalWidth > 0));
	}
	await shot(pb, 'report');
	await pb.goto(RECV + '/#/audit');
	await pb.waitForSelector('#audit table');
	const trail = await pb.locator('#audit table').textContent();
	ok('the audit trail names the officer\'s answer',
	    trail.includes(ob.name) && trail.includes('reply'));
	await shot(pb, 'audit');

	// The requester's officer sees the answer.
	step = 'the requester';
	const oa = cred(env.OFFICER_A);
	const { page: pa } = await open(SEND, 'officer@requester');
	await login(pa, oa);
	let seen = false;
	for (let i = 0; i < 40 && !seen; i++) {
		await pa.goto(SEND + '/#/msg/' + ID);
		await pa.waitForSelector('#answers');
		seen = await pa.locator('#answers tr.answer').count() > 0;
		if (!seen)
			await pa.waitForTimeout(250);
	}
	ok('the requester\'s console lists the answer', seen);
	await shot(pa, 'requester-message');
} catch (e) {
	ok('the run', false, step + ': ' +
	    (e && e.message ? e.message.split('\n')[0] : e));
	// What each page showed when it failed, to look at.
	for (let i = 0; i < pages.length; i++)
		await pages[i].screenshot({ path: SHOTS + '/failed-' + i + '.png',
		    fullPage: true }).catch(() => {});
}
ok('no console errors', errors.length === 0, errors.join(' | '));
await browser.close();
clearTimeout(guard);
process.exit(failed === 0 ? 0 : 1);
