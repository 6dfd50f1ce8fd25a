// A stand-in for e-Devlet's OAuth2 authorization server on loopback, as the server's own tests run
// one (server/tests/common/edevlet.rs): /authorize sends the browser straight back with a code (the
// person "logged in"), /token checks the code, the PKCE verifier and the client secret, /userinfo
// names the person `vouchFor` chose. It plays the edge of the world only; nes-server runs for real.
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const CLIENT_ID = 'nes-portal-e2e';
const CLIENT_SECRET = 'e2e-gizli';

/** Starts the provider; resolves to { flags, vouchFor(person), stop() }. */
export async function startEdevlet() {
  const codes = new Map();
  const tokens = new Map();
  let person = null;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    const answer = (status, body, headers = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (url.pathname === '/authorize') {
      const query = url.searchParams;
      if (query.get('client_id') !== CLIENT_ID || query.get('code_challenge_method') !== 'S256') return answer(400, {});
      const code = randomBytes(12).toString('hex');
      codes.set(code, { challenge: query.get('code_challenge'), redirect: query.get('redirect_uri'), person });
      const back = new URL(query.get('redirect_uri'));
      back.searchParams.set('code', code);
      back.searchParams.set('state', query.get('state'));
      return answer(302, undefined, { location: back.toString() });
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      let body = '';
      for await (const chunk of request) body += chunk;
      const form = new URLSearchParams(body);
      const issued = codes.get(form.get('code'));
      codes.delete(form.get('code'));
      const verifier = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      const good = issued && verifier === issued.challenge && form.get('client_id') === CLIENT_ID
        && form.get('client_secret') === CLIENT_SECRET && form.get('redirect_uri') === issued.redirect;
      if (!good) return answer(400, { error: 'invalid_grant' });
      const token = randomBytes(12).toString('hex');
      tokens.set(token, issued.person);
      return answer(200, { access_token: token, token_type: 'Bearer', expires_in: 60 });
    }
    if (url.pathname === '/userinfo') {
      const who = tokens.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!who) return answer(401, {});
      return answer(200, { tckn: who.nationalId, given_name: who.firstName, family_name: who.lastName });
    }
    return answer(404, {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    flags: ['--edevlet-client-id', CLIENT_ID, '--edevlet-client-secret', CLIENT_SECRET,
      '--edevlet-authorize-url', `${base}/authorize`, '--edevlet-token-url', `${base}/token`,
      '--edevlet-userinfo-url', `${base}/userinfo`],
    vouchFor: (someone) => { person = someone; },
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
