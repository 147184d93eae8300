// Computes Shared Key and service SAS test vectors with Azure's own JavaScript SDK, so that
// the C++ signer (src/storage/azure_shared_key.cpp, azure_sas.cpp) is checked against an
// independent implementation. Output (stdout) is committed as vectors.json.
//   cd tests/storage/vectors && npm ci && node make_vectors.mjs > vectors.json
// The SDK signs the request objects below exactly as its pipeline would; we capture the
// string it signs by wrapping computeHMACSHA256.
import {
  BlobSASPermissions,
  SASProtocol,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob';

const ACCOUNT = 'meetrecordings';
const KEY = Buffer.from('meet-test-account-key-0123456789abcdef-not-a-real-secret').toString('base64');
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

// The few methods of the SDK's HttpHeaders that the signing policy uses.
class Headers {
  constructor(pairs) {
    this.map = new Map();
    for (const [k, v] of pairs) this.set(k, v);
  }
  set(name, value) {
    this.map.set(name.toLowerCase(), { name, value: String(value) });
  }
  get(name) {
    return this.map.get(name.toLowerCase())?.value;
  }
  headersArray() {
    return [...this.map.values()];
  }
}

function captureSigning(credential) {
  const signed = [];
  const original = credential.computeHMACSHA256.bind(credential);
  credential.computeHMACSHA256 = (s) => {
    signed.push(s);
    return original(s);
  };
  return signed;
}

function sharedKey(name, account, key, method, url, headers, body) {
  const credential = new StorageSharedKeyCredential(account, key);
  const signed = captureSigning(credential);
  const policy = credential.create({ sendRequest: async () => ({}) }, {});
  const request = { method, url, headers: new Headers(headers), body };
  policy.signRequest(request);
  const sent = request.headers
    .headersArray()
    .filter((h) => h.name.toLowerCase() !== 'authorization')
    .map((h) => [h.name, h.value]);
  return {
    name,
    account,
    key,
    method,
    url,
    headers: sent,
    string_to_sign: signed[0],
    authorization: request.headers.get('authorization'),
  };
}

function sas(name, account, key, opts) {
  const credential = new StorageSharedKeyCredential(account, key);
  const signed = captureSigning(credential);
  const q = generateBlobSASQueryParameters(
    {
      containerName: opts.container,
      blobName: opts.blob,
      permissions: BlobSASPermissions.parse(opts.permissions),
      startsOn: opts.start ? new Date(opts.start) : undefined,
      expiresOn: new Date(opts.expiry),
      protocol: opts.protocol === 'https' ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
      version: '2021-08-06',
      contentDisposition: opts.content_disposition || undefined,
    },
    credential,
  );
  return {
    name,
    account,
    key,
    container: opts.container,
    blob: opts.blob,
    permissions: opts.permissions,
    start: opts.start ? q.startsOn.toISOString().replace(/\.\d{3}Z$/, 'Z') : '',
    expiry: q.expiresOn.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    protocol: q.protocol,
    version: q.version,
    content_disposition: opts.content_disposition || '',
    string_to_sign: signed[0],
    signature: q.signature,
    query: q.toString(),
  };
}

const date = 'Mon, 07 Dec 2026 03:50:41 GMT';
const base = [
  ['x-ms-version', '2021-08-06'],
  ['x-ms-date', date],
];
const blockBody = 'x'.repeat(1000);
const listBody =
  '<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>YmxrLTAwMDAwMDAw</Latest></BlockList>';

const out = {
  generated_by: '@azure/storage-blob 12.26.0 (tests/storage/vectors/make_vectors.mjs)',
  shared_key: [
    sharedKey('create container', ACCOUNT, KEY, 'PUT',
      `https://${ACCOUNT}.blob.core.windows.net/recordings?restype=container`,
      [...base, ['Content-Length', '0']]),
    sharedKey('put block', ACCOUNT, KEY, 'PUT',
      `https://${ACCOUNT}.blob.core.windows.net/recordings/rec_ab12/recording.mp4?comp=block&blockid=YmxrLTAwMDAwMDAw`,
      [...base], blockBody),
    sharedKey('put block list', ACCOUNT, KEY, 'PUT',
      `https://${ACCOUNT}.blob.core.windows.net/recordings/rec_ab12/recording.mp4?comp=blocklist`,
      [...base, ['x-ms-blob-content-type', 'video/mp4'], ['Content-Type', 'application/xml']],
      listBody),
    sharedKey('list with prefix and marker', ACCOUNT, KEY, 'GET',
      `https://${ACCOUNT}.blob.core.windows.net/recordings?restype=container&comp=list&prefix=rec_ab12%2F&marker=2%21abc%3D%3D`,
      [...base]),
    sharedKey('head blob', ACCOUNT, KEY, 'HEAD',
      `https://${ACCOUNT}.blob.core.windows.net/recordings/rec_ab12/recording.mp4`, [...base]),
    sharedKey('azurite path style delete', DEV_ACCOUNT, DEV_KEY, 'DELETE',
      `http://127.0.0.1:10000/${DEV_ACCOUNT}/recordings/rec_ab12/recording.mp4`,
      [...base, ['X-MS-Client-Request-Id', 'abc-123']]),
    sharedKey('azurite path style list', DEV_ACCOUNT, DEV_KEY, 'GET',
      `http://127.0.0.1:10000/${DEV_ACCOUNT}/recordings?Comp=list&restype=container`, [...base]),
    sharedKey('range and if-match', ACCOUNT, KEY, 'GET',
      `https://${ACCOUNT}.blob.core.windows.net/recordings/a.mp4`,
      [...base, ['Range', 'bytes=0-99'], ['If-Match', '"0x8D"']]),
  ],
  sas: [
    sas('read https', ACCOUNT, KEY, {
      container: 'recordings', blob: 'rec_ab12/recording.mp4', permissions: 'r',
      expiry: '2026-12-07T05:00:00Z', protocol: 'https',
    }),
    sas('read emulator http', DEV_ACCOUNT, DEV_KEY, {
      container: 'recordings', blob: 'rec_ab12/recording.mp4', permissions: 'r',
      expiry: '2026-12-07T05:00:00Z', protocol: 'https,http',
    }),
    sas('with start and disposition', ACCOUNT, KEY, {
      container: 'recordings', blob: 'rec_cd34/recording.mp4', permissions: 'r',
      start: '2026-12-07T04:00:00Z', expiry: '2026-12-08T04:00:00Z', protocol: 'https',
      content_disposition: 'attachment; filename="meeting.mp4"',
    }),
  ],
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
