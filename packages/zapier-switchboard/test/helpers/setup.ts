import nock from 'nock';

// Nock patches Node's http module, which every test file in a jest worker shares: leave it clean
// for the next file (ENVIRONMENT.md, nock under jest).
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
});
